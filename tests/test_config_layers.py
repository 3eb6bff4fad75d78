"""Configuration layers (issue 20, section 1): every configuration file from the project root down to a
spec's folder applies, the nearer one winning setting by setting, so that a sub-folder which only
changes a severity keeps the root's target and account guard (docs/configuration.md, "Layers")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from automlspec.cli import main
from automlspec.config import ConfigResolver, TargetConfig
from automlspec.findings import Severity

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
ROOT_CONFIG = """\
target:
  region: eu-west-1
  allowed_account_ids: ["111111111111"]
severity:
  AML107: warning
ignore: [AML520]
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "specs" / "team").mkdir(parents=True)
    (tmp_path / "specs" / "team" / "churn.yaml").write_text(V1, "utf-8")
    (tmp_path / ".automlspec.yaml").write_text(ROOT_CONFIG, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config_for(repo: Path, **options):
    return ConfigResolver(**options).for_file(repo / "specs" / "team" / "churn.yaml")


def lint_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["lint", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_a_sub_folder_that_only_changes_a_severity_keeps_the_roots_target_and_guard(repo: Path) -> None:
    """The reproduction of issue 20: a `severity:`-only file used to replace the root's configuration."""
    (repo / "specs" / ".automlspec.yaml").write_text("severity:\n  AML106: warning\n")
    config = config_for(repo)
    assert config.target == TargetConfig("eu-west-1", None, ("111111111111",))
    assert config.severity == {"AML107": Severity.WARNING, "AML106": Severity.WARNING}
    assert config.ignore == ("AML520",)
    assert config.sources("target") == (".automlspec.yaml",)


def test_plan_and_apply_get_the_layered_target(repo: Path) -> None:
    from automlspec.plan.desired import target_for
    from automlspec.plan.options import Options

    (repo / "specs" / ".automlspec.yaml").write_text("severity:\n  AML106: warning\n")
    target = target_for(config_for(repo), Options(paths=("specs",)))
    assert (target.region, target.allowed_account_ids, target.source) == (
        "eu-west-1",
        ("111111111111",),
        ".automlspec.yaml",
    )


def test_a_child_target_key_replaces_only_that_key(repo: Path) -> None:
    (repo / "specs" / "team" / ".automlspec.yaml").write_text("target:\n  region: us-east-1\n  profile: team\n")
    config = config_for(repo)
    assert config.target == TargetConfig("us-east-1", "team", ("111111111111",))
    # the files that wrote it, nearest first: the region and profile here, the guard at the root
    assert config.sources("target") == ("specs/team/.automlspec.yaml", ".automlspec.yaml")
    (repo / "specs" / "team" / ".automlspec.yaml").write_text("target:\n  allowed_account_ids: ['222222222222']\n")
    assert config_for(repo).target == TargetConfig("eu-west-1", None, ("222222222222",))


def test_lists_a_child_names_replace_and_mappings_merge_by_entry(repo: Path) -> None:
    (repo / "specs" / ".automlspec.yaml").write_text("ignore: [AML106]\nseverity: {AML107: error}\nselect: [AML1]\n")
    config = config_for(repo)
    assert config.ignore == ("AML106",)  # the child's list is the whole list: AML520 is back on
    assert config.select == ("AML1",)
    assert config.severity == {"AML107": Severity.ERROR}
    assert config.origins["severity.AML107"] == "specs/.automlspec.yaml:2"


def test_defaults_merge_field_by_field_and_findings_point_at_the_file_that_wrote_the_value(repo: Path, capsys) -> None:
    spec = V1.replace("RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n", "")
    spec = spec.replace("OutputDataConfig:\n  S3OutputPath: s3://acme-ml-artifacts/churn/output/\n", "")
    (repo / "specs" / "team" / "churn.yaml").write_text(spec)
    (repo / ".automlspec.yaml").write_text(
        ROOT_CONFIG
        + "defaults:\n  RoleArn: arn:aws:iam::123456789012:role/Shared\n"
        + "  OutputDataConfig:\n    S3OutputPath: s3://acme-ml-artifacts/shared/\n"
        + "  Tags:\n    - {Key: cost-center, Value: '4711'}\n"
    )
    (repo / "specs" / ".automlspec.yaml").write_text(
        "defaults:\n  OutputDataConfig:\n    KmsKeyId: not a key!\n  Tags:\n    - {Key: owner, Value: ml}\n"
    )
    config = config_for(repo)
    assert config.defaults is not None
    assert config.defaults.data["OutputDataConfig"] == {
        "KmsKeyId": "not a key!",
        "S3OutputPath": "s3://acme-ml-artifacts/shared/",
    }
    assert [t["Key"] for t in config.defaults.data["Tags"]] == ["owner", "cost-center"]
    assert config.origins["defaults.OutputDataConfig"] == "specs/.automlspec.yaml:2, .automlspec.yaml:9"
    assert config.origins["defaults.RoleArn"] == ".automlspec.yaml:8"
    code, found = lint_json(capsys, "specs")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [("specs/.automlspec.yaml", 3, "AML106")]


def test_exclude_adds_up_each_glob_relative_to_its_own_file(repo: Path, capsys) -> None:
    (repo / "specs" / "archive").mkdir()
    (repo / "specs" / "archive" / "old.yaml").write_text("AutoMLJobName: old_job\nInputDataConfig: []\n")
    (repo / "specs" / "team" / "draft.yaml").write_text("AutoMLJobName: draft_job\nInputDataConfig: []\n")
    (repo / ".automlspec.yaml").write_text(ROOT_CONFIG + "exclude: [specs/archive/**]\n")
    (repo / "specs" / ".automlspec.yaml").write_text("exclude: [team/draft.yaml]\n")
    code, found = lint_json(capsys, "specs")
    assert (code, found) == (0, [])  # neither the root's archive nor the child's draft is linted


def test_each_files_errors_are_reported_once_at_their_own_line(repo: Path, capsys) -> None:
    (repo / ".automlspec.yaml").write_text(ROOT_CONFIG + "selct: [AML1]\n")
    (repo / "specs" / ".automlspec.yaml").write_text("severity:\n  AML106: fatal\n")
    (repo / "specs" / "other.yaml").write_text(V1.replace("churn-binary-v1", "other-v1"))
    code, found = lint_json(capsys, "specs")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [
        (".automlspec.yaml", 7, "AML900"),
        ("specs/.automlspec.yaml", 2, "AML900"),
    ]
    # a one-file command (compile) reports a parent file's error too: the whole configuration counts
    assert main(["compile", "specs/team/churn.yaml"]) == 1
    err = capsys.readouterr()
    assert ".automlspec.yaml:7" in err.out + err.err


def test_an_untrusted_middle_layer_is_skipped_and_the_others_still_apply(repo: Path, capsys, monkeypatch) -> None:
    from automlspec import config as config_module

    planted = repo / "specs" / ".automlspec.yaml"
    planted.write_text("target:\n  allowed_account_ids: ['999999999999']\n")
    planted.chmod(0o666)
    monkeypatch.setattr(config_module, "current_uid", lambda: planted.stat().st_uid + 1)
    resolver = ConfigResolver()
    config = resolver.for_file(repo / "specs" / "team" / "churn.yaml")
    assert config.target == TargetConfig("eu-west-1", None, ("111111111111",))
    assert "specs/.automlspec.yaml: ignored, the file is writable by others" in resolver.warnings[0]


def test_explicit_config_is_the_only_layer(repo: Path, tmp_path: Path) -> None:
    (repo / "specs" / ".automlspec.yaml").write_text("severity:\n  AML106: warning\n")
    chosen = repo / "chosen.yaml"
    chosen.write_text("ignore: [AML1]\n")
    config = config_for(repo, explicit=chosen)
    assert (config.target, config.ignore, config.severity) == (None, ("AML1",), {})
    assert config_for(repo, disabled=True).target is None


def test_show_settings_names_every_file_and_the_line_of_each_setting(repo: Path, capsys) -> None:
    (repo / "specs" / ".automlspec.yaml").write_text("severity:\n  AML106: warning\ntarget:\n  profile: team\n")
    assert main(["lint", "--show-settings", "specs/team/churn.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (
        "  configuration files: specs/.automlspec.yaml, .automlspec.yaml (every trusted one above the file;"
        " the nearest first, and it wins)"
    )
    rows = [" ".join(line.split()) for line in out.splitlines()[3:]]
    assert rows == [
        "select = all rules # from default",
        'ignore = ["AML520"] # from .automlspec.yaml:6',
        'severity.AML107 = "warning" # from .automlspec.yaml:5',
        'severity.AML106 = "warning" # from specs/.automlspec.yaml:2',
        "exclude = [] # from default",
        "defaults = {} # from default",
        'target.region = "eu-west-1" # from .automlspec.yaml:2',
        'target.profile = "team" # from specs/.automlspec.yaml:4',
        'target.allowed_account_ids = ["111111111111"] # from .automlspec.yaml:3',
        "policies = {} # from default",
        "plugins = {} # from default",
    ]


# ----- the account guard's values -------------------------------------------------------------------


def test_an_empty_allowed_account_ids_is_an_error_not_any_account(repo: Path, capsys) -> None:
    (repo / ".automlspec.yaml").write_text("target:\n  region: eu-west-1\n  allowed_account_ids: []\n")
    code, found = lint_json(capsys, "specs")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", 3, "AML900")]
    assert "empty, so it would guard nothing" in found[0]["message"]


@pytest.mark.parametrize(
    "written",
    [
        "'１１１１１１１１１１１１'",  # fullwidth
        "'١١١١١١١١١١١١'",  # Arabic-Indic
        "'111111111１11'",  # one fullwidth digit among ASCII ones
    ],
)
def test_non_ascii_digits_are_not_an_account_id(repo: Path, capsys, written: str) -> None:
    (repo / ".automlspec.yaml").write_text(f"target:\n  allowed_account_ids:\n    - {written}\n")
    code, found = lint_json(capsys, "specs")
    assert code == 1
    assert [(f["line"], f["column"], f["rule"], f.get("suggestion")) for f in found] == [
        (3, 7, "AML900", "111111111111")
    ]
    assert "digits other than ASCII 0-9" in found[0]["message"]


def test_a_broken_child_guard_never_widens_the_parents(repo: Path) -> None:
    """An invalid list is reported (an error, so plan stops) and, until fixed, the parent's guard stays."""
    for written in ("[]", "['１１１１１１１１１１１１']", "not-a-list: {}"):
        (repo / "specs" / ".automlspec.yaml").write_text(f"target:\n  allowed_account_ids: {written}\n")
        config = config_for(repo)
        assert config.target is not None and config.target.allowed_account_ids == ("111111111111",)


def test_the_documented_layers_example_does_what_the_page_says(tmp_path: Path) -> None:
    import re

    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    block = re.search(r"```yaml\n(# \.automlspec\.yaml \(the repository root\).*?)```", page, re.S).group(1)
    root_text, team_text = block.split("\n\n# specs/forecast/.automlspec.yaml")
    (tmp_path / ".git").mkdir()
    (tmp_path / "specs" / "forecast").mkdir(parents=True)
    (tmp_path / ".automlspec.yaml").write_text(root_text + "\n")
    (tmp_path / "specs" / "forecast" / ".automlspec.yaml").write_text("#" + team_text)
    config = ConfigResolver().for_file(tmp_path / "specs" / "forecast" / "demand.yaml")
    assert all(layer.findings == () for layer in config.files())
    assert config.target == TargetConfig("eu-west-1", None, ("111111111111",))
    assert config.defaults is not None
    assert [t["Key"] for t in config.defaults.data["Tags"]] == ["team", "cost-center"]
    assert config.severity == {"AML601": Severity.WARNING}


def test_tagging_api_is_a_target_key_that_layers_and_a_bad_value_is_a_finding(repo: Path, capsys) -> None:
    """`target.tagging_api` (docs/plan.md, the Resource Groups Tagging API): off unless a file says true;
    a sub-folder inherits it with the rest of the target; anything but true or false, or a misspelt key,
    is an AML900 finding, and the folder then keeps its parent's value."""
    from automlspec.plan.desired import target_for
    from automlspec.plan.options import Options

    assert config_for(repo).target == TargetConfig("eu-west-1", None, ("111111111111",))
    assert target_for(config_for(repo), Options(paths=("specs",))).tagging_api is False
    (repo / "specs" / ".automlspec.yaml").write_text("target:\n  tagging_api: true\n")
    config = config_for(repo)
    assert config.target == TargetConfig("eu-west-1", None, ("111111111111",), True)
    assert target_for(config, Options(paths=("specs",))).tagging_api is True
    (repo / "specs" / "team" / ".automlspec.yaml").write_text("target:\n  region: us-east-1\n")
    assert config_for(repo).target == TargetConfig("us-east-1", None, ("111111111111",), True)
    (repo / "specs" / "team" / ".automlspec.yaml").unlink()
    (repo / "specs" / ".automlspec.yaml").write_text("target:\n  tagging_api: 'yes'\n  taging_api: true\n")
    code, found = lint_json(capsys, "specs")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [
        ("specs/.automlspec.yaml", 2, "AML900"),
        ("specs/.automlspec.yaml", 3, "AML900"),
    ]
    assert "target tagging_api must be true or false, not 'yes'" in found[0]["message"]
    assert found[1]["suggestion"] == "tagging_api"
    assert config_for(repo).target == TargetConfig("eu-west-1", None, ("111111111111",))
