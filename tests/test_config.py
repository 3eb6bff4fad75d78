"""Project configuration, suppressions and the command line's selection options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from automlspec.cli import main
from automlspec.config import Config, ConfigResolver, discover, load
from automlspec.lint import lint_text
from automlspec.project import lint_paths

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")


def run_json(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["lint", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "churn.yaml").write_text(V1, "utf-8")
    return tmp_path


def test_line_suppression(tmp_path: Path) -> None:
    text = V1.replace("AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn_v1  # automlspec: ignore[AML106]")
    assert lint_text("t.yaml", text, Config()) == []
    text = V1.replace(
        "AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn_v1  # automlspec: ignore[pattern-mismatch]"
    )
    assert lint_text("t.yaml", text, Config()) == []
    text = V1.replace("AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn_v1  # automlspec: ignore[AML104]")
    # another rule's code hides nothing, and is itself reported as suppressing nothing (AML902)
    assert [f.rule for f in lint_text("t.yaml", text, Config())] == ["AML106", "AML902"]


def test_bare_ignore_covers_every_rule_on_the_line() -> None:
    text = V1.replace("AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn_v1  # automlspec: ignore")
    assert lint_text("t.yaml", text, Config()) == []


def test_file_suppression() -> None:
    text = "# automlspec: ignore-file[AML1]\n" + V1.replace("churn-binary-v1", "churn_v1").replace(
        "MaxCandidates: 50", "MaxCandidates: 5000"
    )
    assert lint_text("t.yaml", text, Config()) == []


def test_discovery_walks_up_and_prefers_the_nearest(repo: Path) -> None:
    (repo / ".automlspec.yaml").write_text("ignore: [AML106]\n")
    nested = repo / "specs" / "team"
    nested.mkdir()
    assert discover(nested) == repo / ".automlspec.yaml"
    (repo / "specs" / "pyproject.toml").write_text("[tool.automlspec]\nignore = ['AML107']\n")
    assert discover(nested) == repo / "specs" / "pyproject.toml"


def test_pyproject_without_our_table_is_not_a_config(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert discover(repo / "specs") is None or discover(repo / "specs") != repo / "pyproject.toml"


def test_config_ignore_and_severity(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "specs" / "churn.yaml").write_text(V1.replace("churn-binary-v1", "churn_v1"))
    code, found = run_json(capsys, "specs")
    assert code == 1 and [f["rule"] for f in found] == ["AML106"]
    (repo / ".automlspec.yaml").write_text("severity:\n  pattern-mismatch: warning\n")
    code, found = run_json(capsys, "specs")
    assert code == 0 and [f["severity"] for f in found] == ["warning"]
    code, found = run_json(capsys, "--strict", "specs")
    assert code == 1
    (repo / ".automlspec.yaml").write_text("ignore: [AML106]\n")
    code, found = run_json(capsys, "specs")
    assert code == 0 and found == []


def test_cli_select_and_ignore(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "specs" / "churn.yaml").write_text(
        V1.replace("churn-binary-v1", "churn_v1").replace("MaxCandidates: 50", "MaxCandidates: 5000")
    )
    assert {f["rule"] for f in run_json(capsys, "specs")[1]} == {"AML106", "AML107"}
    assert {f["rule"] for f in run_json(capsys, "--select", "AML107", "specs")[1]} == {"AML107"}
    assert {f["rule"] for f in run_json(capsys, "--ignore", "AML107,pattern-mismatch", "specs")[1]} == set()


def test_unknown_selector_is_a_usage_error(repo: Path, capsys) -> None:
    assert main(["lint", "--select", "AML999x", str(repo / "specs")]) == 2
    assert "no rule" in capsys.readouterr().err


def test_unknown_config_key_is_an_error_on_its_line(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / ".automlspec.yaml").write_text("select: [AML1]\nignored: [AML106]\nseverity:\n  AML106: fatal\n")
    code, found = run_json(capsys, "specs")
    assert code == 1
    got = [(f["file"], f["line"], f["rule"]) for f in found]
    assert got == [(".automlspec.yaml", 2, "AML900"), (".automlspec.yaml", 4, "AML900")]
    # the suggestion is the help line (text) and JSON's suggestion, not repeated in the message (issue 12)
    assert found[0]["suggestion"] == "ignore" and "did you mean" not in found[0]["message"]
    assert "'fatal'" in found[1]["message"] and "did you mean" not in found[1]["message"]


def test_a_malformed_region_or_account_id_gets_its_repair_as_suggestion(repo: Path, capsys, monkeypatch) -> None:
    """docs/plan.md: malformed regions and account ids are AML900 findings with a did-you-mean (regions from
    botocore's partition data, generated into resources/regions.json: the lint path imports no botocore)."""
    monkeypatch.chdir(repo)
    (repo / ".automlspec.yaml").write_text(
        "target:\n  region: us-east1\n  allowed_account_ids: ['1234-5678-9012', '12345']\n"
    )
    code, found = run_json(capsys, "specs")
    assert code == 1
    assert [(f["line"], f["rule"], f.get("suggestion")) for f in found] == [
        (2, "AML900", "us-east-1"),
        (3, "AML900", "123456789012"),
        (3, "AML900", None),
    ]
    (repo / ".automlspec.yaml").write_text("target:\n  region: US_WEST_2\n")
    assert [f.get("suggestion") for f in run_json(capsys, "specs")[1]] == ["us-west-2"]
    (repo / ".automlspec.yaml").write_text("target:\n  region: nowhere\n")
    assert [f.get("suggestion") for f in run_json(capsys, "specs")[1]] == [None]
    (repo / ".automlspec.yaml").write_text("target:\n  region: eu-wst-1\n")  # of a region's form, misspelt
    assert [(f["line"], f.get("suggestion")) for f in run_json(capsys, "specs")[1]] == [(2, "eu-west-1")]
    (repo / ".automlspec.yaml").write_text("target:\n  region: eu-west-9\n")  # maybe newer than botocore
    assert run_json(capsys, "specs")[1] == []


def test_defaults_are_merged_under_specs_and_findings_point_at_the_config(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    spec = V1.replace("RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n", "")
    spec = spec.replace("OutputDataConfig:\n  S3OutputPath: s3://acme-ml-artifacts/churn/output/\n", "")
    (repo / "specs" / "churn.yaml").write_text(spec)
    _code, found = run_json(capsys, "--no-config", "specs")
    assert {f["rule"] for f in found} == {"AML101"}
    (repo / ".automlspec.yaml").write_text(
        "defaults:\n"
        "  RoleArn: arn:aws:iam::123456789012:role/Shared\n"
        "  OutputDataConfig:\n"
        "    S3OutputPath: s3://acme-ml-artifacts/shared/\n"
        "    KmsKeyId: not a key!\n"
        "  Tags:\n"
        "    - Key: team\n"
        "      Value: platform\n"
        "    - Key: owner\n"
        "      Value: ml-platform\n"
    )
    _code, found = run_json(capsys, "specs")
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", 5, "AML106")]


def test_defaults_merge_tags_by_key_and_relocate_security_config_for_v1(repo: Path) -> None:
    from automlspec.paths import FieldPath
    from automlspec.resolve import merge_defaults
    from automlspec.source import load_text

    (repo / ".automlspec.yaml").write_text(
        "defaults:\n  SecurityConfig:\n    EnableInterContainerTrafficEncryption: true\n"
        "  Tags:\n    - {Key: team, Value: platform}\n    - {Key: owner, Value: ml}\n"
    )
    config = load(repo / ".automlspec.yaml")
    doc = load_text("s.yaml", V1).docs[0]
    data, positions = merge_defaults(config.defaults, "v1", doc.data, doc.positions)
    assert data["AutoMLJobConfig"]["SecurityConfig"] == {"EnableInterContainerTrafficEncryption": True}
    assert data["Tags"] == [{"Key": "team", "Value": "customer-analytics"}, {"Key": "owner", "Value": "ml"}]
    assert positions[FieldPath(("Tags", 1, "Key"))].origin == config.path
    assert positions[FieldPath(("Tags", 0, "Key"))].origin is None


def test_unknown_default_field_is_reported(repo: Path) -> None:
    (repo / ".automlspec.yaml").write_text("defaults:\n  RoleARN: arn:aws:iam::123456789012:role/x\n")
    config = load(repo / ".automlspec.yaml")
    assert [(f.span.line, f.suggestion) for f in config.findings] == [(2, "RoleArn")]


def test_exclude(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "specs" / "legacy").mkdir()
    (repo / "specs" / "legacy" / "old.yaml").write_text("AutoMLJobName: old_job\nInputDataConfig: []\n")
    code, found = run_json(capsys, "specs")
    assert code == 1
    (repo / ".automlspec.yaml").write_text("exclude: [specs/legacy]\n")
    code, found = run_json(capsys, "specs")
    assert code == 0 and found == []


def test_explicit_config_and_no_config(repo: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(repo)
    (repo / "specs" / "churn.yaml").write_text(V1.replace("churn-binary-v1", "churn_v1"))
    (repo / ".automlspec.yaml").write_text("ignore: [AML106]\n")
    assert run_json(capsys, "specs")[0] == 0
    assert run_json(capsys, "--no-config", "specs")[0] == 1
    other = tmp_path / "other.yaml"
    other.write_text("select: [AML2]\n")
    assert run_json(capsys, "--config", str(other), "specs")[0] == 0
    assert main(["lint", "--config", str(tmp_path / "missing.yaml"), "specs"]) == 2


def test_pyproject_config(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / "specs" / "churn.yaml").write_text(V1.replace("churn-binary-v1", "churn_v1"))
    (repo / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.automlspec]\nignore = ['AML106']\nselects = []\n"
    )
    _code, found = run_json(capsys, "specs")
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [("pyproject.toml", 6, "AML900")]


def test_config_yaml_fault_is_reported_not_raised(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / ".automlspec.yaml").write_text("ignore: [AML106\n")
    code, found = run_json(capsys, "specs")
    assert code == 1 and found[0]["file"] == ".automlspec.yaml" and found[0]["rule"] == "AML001"


def test_resolver_caches_per_directory(repo: Path) -> None:
    (repo / ".automlspec.yaml").write_text("ignore: [AML106]\n")
    resolver = ConfigResolver()
    first = resolver.for_file(repo / "specs" / "churn.yaml")
    assert resolver.for_file(repo / "specs" / "other.yaml") is first
    assert lint_paths([str(repo / "specs")], resolver).specs == 1


def test_documented_configuration_examples_are_valid(tmp_path: Path) -> None:
    import re

    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    yaml_block = re.search(r"```yaml\n(# \.automlspec\.yaml\n.*?)```", page, re.S).group(1)
    toml_block = re.search(r"```toml\n(.*?)```", page, re.S).group(1)
    (tmp_path / ".automlspec.yaml").write_text(yaml_block)
    (tmp_path / "pyproject.toml").write_text(toml_block)
    assert load(tmp_path / ".automlspec.yaml").findings == ()
    assert load(tmp_path / "pyproject.toml").findings == ()


# ----- trusted discovery (issue 14) ----------------------------------------------------------------


def _foreign(path: Path, monkeypatch) -> None:
    """Make ``path`` belong to another user: really (as root), or by pretending to be someone else."""
    import os

    from automlspec import config as config_module

    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    else:
        monkeypatch.setattr(config_module, "current_uid", lambda: os.geteuid() + 1)


def test_a_world_writable_parent_config_is_ignored_with_a_warning(tmp_path: Path, capsys, monkeypatch) -> None:
    shared = tmp_path / "shared"
    (shared / "project" / "specs").mkdir(parents=True)
    spec = shared / "project" / "specs" / "churn.yaml"
    spec.write_text(V1.replace("churn-binary-v1", "churn_v1"))
    planted = shared / ".automlspec.yaml"
    planted.write_text("ignore: [AML1]\n")  # would hide the AML106 error
    shared.chmod(0o777)
    assert discover(spec.parent) == planted  # ours: trusted even though others may write there
    _foreign(shared, monkeypatch)
    assert discover(spec.parent) is None
    code = main(["lint", "--format", "json", str(spec)])
    captured = capsys.readouterr()
    assert code == 1 and [f["rule"] for f in json.loads(captured.out)] == ["AML106"]
    assert f"automlspec: warning: {planted}: ignored, its directory is writable by others" in captured.err
    assert code == main(["compile", str(spec)]) == 1  # compile says the same
    assert "ignored, its directory is writable by others" in capsys.readouterr().err
    # named explicitly, it is the user's choice
    assert main(["lint", "--config", str(planted), str(spec)]) == 0


def test_a_group_writable_config_file_of_another_user_is_ignored(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "specs").mkdir()
    planted = tmp_path / ".automlspec.yaml"
    planted.write_text("ignore: [AML1]\n")
    planted.chmod(0o664)
    _foreign(planted, monkeypatch)
    found = __import__("automlspec.config", fromlist=["find"]).find(tmp_path / "specs")
    assert found.path is None and "the file is writable by its group" in found.ignored[0]


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".automlspec.yaml").write_text("ignore: [AML1]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "specs").mkdir()
    assert discover(repo / "specs") is None  # the file above the repository is not the project's
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere\n")  # a worktree's .git file counts too
    assert discover(repo / "specs") is None
    (repo / ".git").unlink()
    assert discover(repo / "specs") == tmp_path / ".automlspec.yaml"
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # outside git, the Python project's root
    assert discover(repo / "specs") is None


def test_discovery_never_crosses_a_file_system_boundary(tmp_path: Path, monkeypatch) -> None:
    import os

    (tmp_path / ".automlspec.yaml").write_text("ignore: [AML1]\n")
    mount = tmp_path / "mnt"
    (mount / "specs").mkdir(parents=True)
    real_stat = Path.stat

    def fake_stat(self, *args, **kwargs):
        result = real_stat(self, *args, **kwargs)
        if self == mount or mount in self.parents:  # everything under "mnt" is another device
            values = list(result)
            values[2] = result.st_dev + 1
            return os.stat_result(values)
        return result

    monkeypatch.setattr(Path, "stat", fake_stat)
    from automlspec.config import find

    found = find(mount / "specs")
    assert found.path is None and "file system boundary" in found.stop
    assert found.searched == (mount / "specs", mount)


def test_a_comment_naming_the_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / ".automlspec.yaml").write_text("ignore: [AML106]\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "pyproject.toml").write_text("# settings moved out of [tool.automlspec]\n[project]\nname = 'x'\n")
    assert discover(project) is None
    (project / "pyproject.toml").write_text("[tool.automlspec.severity]\nAML106 = 'warning'\n")
    assert discover(project) == project / "pyproject.toml"  # a sub-table is the table too
    (project / "pyproject.toml").write_text("[tool.automlspec\nbroken")
    assert discover(project) == project / "pyproject.toml"  # reported, not passed over
    assert load(project / "pyproject.toml").findings[0].rule == "AML900"


def test_several_documents_in_a_config_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / ".automlspec.yaml"
    path.write_text("ignore: [AML106]\n---\nselect: [AML1]\n")
    config = load(path)
    assert [(f.rule, f.span.line) for f in config.findings] == [("AML900", 3)]
    assert "2 YAML documents" in config.findings[0].message
    assert config.ignore == ("AML106",)  # the first document still applies
    path.write_text("ignore: [AML106]\n---\n")
    assert [f.rule for f in load(path).findings] == ["AML900"]


def test_show_settings_names_the_files_and_the_origin_of_each_value(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    (repo / ".git").mkdir()
    (repo / ".automlspec.yaml").write_text("ignore: [AML106]\nseverity: {AML107: warning}\n")
    assert main(["lint", "--show-settings", "--ignore", "AML3", "specs/churn.yaml"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Settings for specs/churn.yaml\n  configuration file: .automlspec.yaml (the nearest")
    assert f"the search stops at the project root {repo.resolve()} (it holds .git)" in out
    assert '  ignore          = ["AML106", "AML3"]    # from .automlspec.yaml:1 + command line --ignore\n' in out
    assert '  severity.AML107 = "warning"    # from .automlspec.yaml:2\n' in out
    assert "  select          = all rules    # from default\n" in out
    assert main(["lint", "--show-settings", "--no-config", "specs/churn.yaml"]) == 0
    assert "configuration file: none (--no-config)" in capsys.readouterr().out


def test_show_settings_names_each_configuration_error_with_its_line(tmp_path: Path) -> None:
    from automlspec.config import render_settings

    path = tmp_path / ".automlspec.yaml"
    path.write_text("select: [AML1]\nignored: [AML104]\n", "utf-8")
    shown = render_settings("spec.yaml", load(path, ".automlspec.yaml"), "discovered", None, None, None)
    assert "  error: .automlspec.yaml:2: unknown configuration key 'ignored'" in shown


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('select = ["AMLX"]\n', 2),  # a list item: its key's line, not the table header's
        ('severity = {AML104 = "eror"}\n', 2),  # a key of an inline table
        ('target = {regon = "eu-west-1"}\n', 2),
        ('select = ["AML1"]\n\n[tool.automlspec.severity]\nAML104 = "warning"\nAML105 = "eror"\n', 6),
    ],
)
def test_a_pyproject_value_is_reported_on_its_own_line(tmp_path: Path, body: str, line: int) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.automlspec]\n" + body, "utf-8")
    config = load(tmp_path / "pyproject.toml")
    assert [f.span.line for f in config.findings] == [line], config.findings
