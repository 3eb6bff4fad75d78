"""Declarative policies (issue 24, docs/policies.md): every operator, where findings point, V1 and V2 held
to one policy, layering, suppression control, every output format, plan, and bad policies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from automlspec.cli import main

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
V2 = (ROOT / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "specs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(repo: Path, config: str, spec: str = V2, *args: str, capsys) -> tuple[int, list[dict]]:
    (repo / ".automlspec.yaml").write_text(config, "utf-8")
    (repo / "specs" / "job.yaml").write_text(spec, "utf-8")
    code = main(["lint", "--format", "json", *args, "specs"])
    return code, json.loads(capsys.readouterr().out)


def policy(check: str, *, name: str = "p", extra: str = "") -> str:
    """A configuration with one policy whose check is ``check`` (a flow mapping)."""
    return f"policies:\n  {name}:\n    message: the rule\n{extra}    check: {check}\n"


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


# ----- operators ----------------------------------------------------------------------------------------

CASES = [
    # (check, spec edit (old, new) or None, expected detail in the message, or None when it holds)
    ("{field: OutputDataConfig.KmsKeyId, required: true}", None, "OutputDataConfig.KmsKeyId is not set"),
    (
        "{field: OutputDataConfig.KmsKeyId, required: true}",
        (
            "  S3OutputPath: s3://acme-ml-artifacts/churn-v2/output/\n",
            "  S3OutputPath: s3://acme-ml-artifacts/o/\n  KmsKeyId: alias/k\n",
        ),
        None,
    ),
    ("{field: ModelDeployConfig, forbidden: true}", None, "ModelDeployConfig is set"),
    ("{field: AutoMLComputeConfig, forbidden: true}", None, None),
    ("{field: SecurityConfig.EnableInterContainerTrafficEncryption, equals: true}", None, None),
    (
        "{field: SecurityConfig.EnableInterContainerTrafficEncryption, equals: true}",
        ("EnableInterContainerTrafficEncryption: true", "EnableInterContainerTrafficEncryption: false"),
        "SecurityConfig.EnableInterContainerTrafficEncryption is false, not true",
    ),
    ("{field: AutoMLJobObjective.MetricName, one_of: [F1, AUC]}", None, None),
    ("{field: AutoMLJobObjective.MetricName, one_of: [F1, Accuracy]}", None, "is 'AUC', not one of 'F1', 'Accuracy'"),
    ("{field: RoleArn, matches: ':role/Autopilot'}", None, None),
    ("{field: RoleArn, matches: '^arn:aws:iam::999999999999:'}", None, "does not match '^arn:aws:iam::999999999999:'"),
    (
        "{field: AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria.MaxCandidates, min: 30}",
        None,
        "MaxCandidates is 20, less than 30",
    ),
    ("{field: 'AutoMLProblemTypeConfig.*.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds', max: 14400}", None, None),
    (
        "{field: 'AutoMLProblemTypeConfig.*.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds', max: 3600}",
        None,
        "MaxAutoMLJobRuntimeInSeconds is 14400, more than 3600",
    ),
    ("{field: 'Tags[Key=team].Value', equals: customer-analytics}", None, None),
    ("{field: 'Tags[Key=cost-center].Value', matches: '^[0-9]{4}$'}", None, "Tags[Key=cost-center].Value is not set"),
    (
        "{field: 'AutoMLJobInputDataConfig[*].DataSource.S3DataSource.S3Uri', matches: '^s3://acme-ml-data/'}",
        None,
        None,
    ),
    (
        "{field: 'AutoMLJobInputDataConfig[0].DataSource.S3DataSource.S3Uri', matches: '^s3://other/'}",
        None,
        "does not match '^s3://other/'",
    ),
    # combinations
    ("{all: [{field: RoleArn, required: true}, {field: ModelDeployConfig, forbidden: true}]}", None, "is set"),
    ("{any: [{field: ModelDeployConfig, forbidden: true}, {field: RoleArn, required: true}]}", None, None),
    (
        "{any: [{field: ModelDeployConfig, forbidden: true}, {field: OutputDataConfig.KmsKeyId, required: true}]}",
        None,
        "none of these holds: ModelDeployConfig is set; OutputDataConfig.KmsKeyId is not set",
    ),
    ("{not: {field: ModelDeployConfig, required: true}}", None, "(ModelDeployConfig is set)"),
    ("{not: {field: AutoMLComputeConfig, required: true}}", None, None),
    (
        "{when: {field: 'Tags[Key=team].Value', equals: customer-analytics},"
        " then: {field: SecurityConfig.VpcConfig, required: true}}",
        None,
        "SecurityConfig.VpcConfig is not set, and Tags[Key=team].Value is 'customer-analytics'",
    ),
    (
        "{when: {field: 'Tags[Key=env].Value', equals: prod}, then: {field: SecurityConfig.VpcConfig, required: true}}",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("check", "edit", "detail"), CASES)
def test_each_operator_and_combination(repo: Path, capsys, check: str, edit, detail: str | None) -> None:
    spec = V2 if edit is None else V2.replace(*edit)
    code, found = lint(repo, policy(check), spec, capsys=capsys)
    mine = [f for f in found if f["rule"] == "p"]
    if detail is None:
        assert (code, found) == (0, [])
    else:
        assert code == 1 and len(mine) >= 1, found
        assert mine[0]["message"].startswith("the rule (") and detail in mine[0]["message"], mine[0]["message"]
        assert mine[0]["name"] == "policy" and mine[0]["severity"] == "error"


def test_a_finding_points_at_the_field_or_its_nearest_parent(repo: Path, capsys) -> None:
    config = (
        policy("{field: 'AutoMLProblemTypeConfig.*.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds', max: 3600}")
        + "  kms:\n    message: m\n    check: {field: OutputDataConfig.KmsKeyId, required: true}\n"
        + "  deploy:\n    message: m\n    check: {field: ModelDeployConfig, forbidden: true}\n"
    )
    _, found = lint(repo, config, capsys=capsys)
    where = {f["rule"]: (f["line"], f["column"], f["path"]) for f in found}
    assert where == {
        "p": (
            line_of(V2, "MaxAutoMLJobRuntimeInSeconds"),
            37,
            "AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds",
        ),
        "kms": (line_of(V2, "OutputDataConfig:"), 1, "OutputDataConfig.KmsKeyId"),  # missing: its parent's key
        "deploy": (line_of(V2, "ModelDeployConfig:"), 1, "ModelDeployConfig"),  # forbidden: the key itself
    }


def test_v1_and_v2_specs_are_held_to_the_same_policy(repo: Path, capsys) -> None:
    """The policy reads the V2 request; a V1 spec's finding is placed where V1 keeps the field, and named so."""
    check = "{field: 'AutoMLProblemTypeConfig.*.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds', max: 3600}"
    _, found = lint(repo, policy(check), V1, capsys=capsys)
    assert [(f["rule"], f["line"], f["path"]) for f in found] == [
        (
            "p",
            line_of(V1, "MaxAutoMLJobRuntimeInSeconds"),
            "AutoMLJobConfig.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds",
        )
    ]
    assert (
        "(AutoMLJobConfig.CompletionCriteria.MaxAutoMLJobRuntimeInSeconds is 28800, more than 3600)"
        in found[0]["message"]
    )
    # the V1 channels' target, which V2 keeps once per job
    check = "{field: AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName, equals: label}"
    _, found = lint(repo, policy(check), V1, capsys=capsys)
    assert [(f["line"], f["path"]) for f in found] == [
        (line_of(V1, "TargetAttributeName"), "InputDataConfig[0].TargetAttributeName")
    ]


def test_documented_defaults_are_checked_and_say_so(repo: Path, capsys) -> None:
    spec = V1.replace("    CompressionType: None\n", "")
    check = "{field: 'AutoMLJobInputDataConfig[*].CompressionType', equals: Gzip}"
    _, found = lint(repo, policy(check), spec, capsys=capsys)
    assert [(f["rule"], f["line"]) for f in found] == [("p", line_of(spec, "- DataSource:"))]
    assert "CompressionType is 'None', not 'Gzip' (its documented default)" in found[0]["message"]


def test_project_defaults_are_checked_and_a_bad_default_points_into_the_configuration(repo: Path, capsys) -> None:
    kms = "{field: OutputDataConfig.KmsKeyId, matches: '^arn:aws:kms:'}"
    good = "defaults:\n  OutputDataConfig:\n    KmsKeyId: arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab\n"
    assert lint(repo, good + policy(kms), capsys=capsys) == (0, [])
    bad = "defaults:\n  OutputDataConfig:\n    KmsKeyId: alias/shared\n"
    _, found = lint(repo, bad + policy(kms), capsys=capsys)
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", 3, "p")]


# ----- layering -----------------------------------------------------------------------------------------

ROOT_POLICIES = """\
policies:
  no-deploy:
    message: no endpoint is deployed automatically
    check: {field: ModelDeployConfig, forbidden: true}
  team-tag:
    message: every job names its team
    check: {field: 'Tags[Key=team].Value', required: true}
"""


def test_a_parent_folders_policies_apply_below_it_unless_a_child_switches_one_off(repo: Path, capsys) -> None:
    (repo / "specs" / "sandbox").mkdir()
    sandbox = V2.replace("Key: team", "Key: owner").replace("churn-tabular-v2", "sandbox-job")
    (repo / "specs" / "sandbox" / "job.yaml").write_text(sandbox)
    code, found = lint(repo, ROOT_POLICIES, capsys=capsys)
    assert code == 1
    assert sorted((f["file"], f["rule"]) for f in found) == [
        ("specs/job.yaml", "no-deploy"),
        ("specs/sandbox/job.yaml", "no-deploy"),
        ("specs/sandbox/job.yaml", "team-tag"),
    ]
    (repo / "specs" / "sandbox" / ".automlspec.yaml").write_text("policies:\n  no-deploy: false\n")
    code, found = lint(repo, ROOT_POLICIES, capsys=capsys)
    assert sorted((f["file"], f["rule"]) for f in found) == [
        ("specs/job.yaml", "no-deploy"),
        ("specs/sandbox/job.yaml", "team-tag"),
    ]
    # a child's policy of the same id replaces the parent's
    (repo / "specs" / "sandbox" / ".automlspec.yaml").write_text(
        "policies:\n  team-tag:\n    message: sandbox jobs name an owner\n"
        "    check: {field: 'Tags[Key=owner].Value', required: true}\n"
    )
    code, found = lint(repo, ROOT_POLICIES, capsys=capsys)
    assert sorted((f["file"], f["rule"]) for f in found) == [
        ("specs/job.yaml", "no-deploy"),
        ("specs/sandbox/job.yaml", "no-deploy"),
    ]


def test_switching_off_a_policy_no_file_above_defines_is_an_error(repo: Path, capsys) -> None:
    (repo / "specs" / ".automlspec.yaml").write_text("policies:\n  no-depoly: false\n")
    code, found = lint(repo, ROOT_POLICIES, capsys=capsys)
    bad = [f for f in found if f["rule"] == "AML900"]
    assert code == 1 and [(f["file"], f["line"], f.get("suggestion")) for f in bad] == [
        ("specs/.automlspec.yaml", 2, "no-deploy")
    ]
    assert "no configuration file above defines it (they define no-deploy, team-tag)" in bad[0]["message"]


def test_show_settings_shows_where_each_policy_came_from(repo: Path, capsys) -> None:
    (repo / ".automlspec.yaml").write_text(ROOT_POLICIES)
    (repo / "specs" / ".automlspec.yaml").write_text("policies:\n  no-deploy: false\n")
    (repo / "specs" / "job.yaml").write_text(V2)
    assert main(["lint", "--show-settings", "specs/job.yaml"]) == 0
    rows = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert 'policies.no-deploy = "off" # from specs/.automlspec.yaml:2' in rows
    assert 'policies.team-tag = "error, suppressible: every job names its team" # from .automlspec.yaml:5' in rows


# ----- suppression and selection --------------------------------------------------------------------------


def test_a_suppressible_policy_is_suppressed_by_its_exact_id(repo: Path, capsys) -> None:
    config = policy("{field: ModelDeployConfig, forbidden: true}", name="no-deploy")
    spec = V2.replace("ModelDeployConfig:\n", "ModelDeployConfig:  # automlspec: ignore[no-deploy]\n")
    assert lint(repo, config, spec, capsys=capsys) == (0, [])
    spec = V2.replace("ModelDeployConfig:\n", "ModelDeployConfig:  # automlspec: ignore[no]\n")  # not a prefix
    _, found = lint(repo, config, spec, capsys=capsys)
    assert [f["rule"] for f in found] == ["no-deploy", "AML901"]
    spec = "# automlspec: ignore-file[no-deploy]\n" + V2
    assert lint(repo, config, spec, capsys=capsys) == (0, [])
    spec = V2.replace("RoleArn:", "RoleArn:  # automlspec: ignore[no-deploy]\nX:").replace("X:", "RoleArn:", 0)
    spec = V2.replace(
        "AutoMLJobName: churn-tabular-v2", "AutoMLJobName: churn-tabular-v2  # automlspec: ignore[no-deploy]"
    )
    _, found = lint(repo, config, spec, capsys=capsys)
    assert sorted(f["rule"] for f in found) == ["AML902", "no-deploy"]  # on another line: unused


def test_a_policy_that_forbids_suppression_keeps_its_finding_and_reports_the_comment(repo: Path, capsys) -> None:
    config = policy("{field: ModelDeployConfig, forbidden: true}", name="no-deploy", extra="    suppressible: false\n")
    for comment in (
        "ModelDeployConfig:  # automlspec: ignore[no-deploy]\n",
        "ModelDeployConfig:  # automlspec: ignore\n",
    ):
        spec = V2.replace("ModelDeployConfig:\n", comment)
        code, found = lint(repo, config, spec, capsys=capsys)
        assert code == 1 and "no-deploy" in [f["rule"] for f in found]
    spec = V2.replace("ModelDeployConfig:\n", "ModelDeployConfig:  # automlspec: ignore[no-deploy]\n")
    _, found = lint(repo, config, spec, capsys=capsys)
    comment = [f for f in found if f["rule"] == "AML903"]
    assert [(f["line"], f["column"], f["severity"]) for f in comment] == [
        (line_of(V2, "ModelDeployConfig"), 42, "warning")
    ]
    assert "does not allow suppression" in comment[0]["message"] and ".automlspec.yaml:2" in comment[0]["message"]


def test_select_and_ignore_choose_rules_not_policies(repo: Path, capsys) -> None:
    config = policy("{field: ModelDeployConfig, forbidden: true}") + "select: [AML1]\n"
    _, found = lint(repo, config, V2, "--ignore", "AML", capsys=capsys)
    assert [f["rule"] for f in found] == ["p"]


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "sarif", "junit", "json"])
def test_every_output_format_carries_policy_findings(repo: Path, fmt: str, capsys) -> None:
    (repo / ".automlspec.yaml").write_text(
        policy(
            "{field: ModelDeployConfig, forbidden: true}", name="no-deploy", extra="    url: https://wiki.example/ml\n"
        )
        + "  tag:\n    message: t\n    severity: warning\n    check: {field: 'Tags[Key=x]', required: true}\n"
    )
    (repo / "specs" / "job.yaml").write_text(V2)
    assert main(["lint", "--format", fmt, "specs"]) == 1
    out = capsys.readouterr().out
    assert "no-deploy" in out and "the rule (ModelDeployConfig is set" in out
    if fmt == "sarif":
        document = json.loads(out)
        rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
        assert rules["no-deploy"]["helpUri"] == "https://wiki.example/ml"
        assert "helpUri" not in rules["tag"] and rules["tag"]["defaultConfiguration"] == {"level": "warning"}
        assert rules["no-deploy"]["fullDescription"]["text"].startswith("Policy `no-deploy` (.automlspec.yaml:2)")
        results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
        assert results["no-deploy"]["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(
            V2, "ModelDeployConfig"
        )


def test_plan_stops_on_a_policy_error_before_reaching_aws(repo: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing answers there: nothing may be called
    (repo / ".automlspec.yaml").write_text(policy("{field: ModelDeployConfig, forbidden: true}", name="no-deploy"))
    (repo / "specs" / "job.yaml").write_text(V2)
    assert main(["plan", "specs"]) == 1
    captured = capsys.readouterr()
    assert "no-deploy" in captured.out + captured.err


def test_the_pre_commit_hooks_command_line_reports_policies(repo: Path) -> None:
    (repo / ".automlspec.yaml").write_text(policy("{field: ModelDeployConfig, forbidden: true}", name="no-deploy"))
    (repo / "specs" / "job.yaml").write_text(V2)
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--force-exclude", "specs/job.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "no-deploy error [policy]" in done.stdout, done.stdout + done.stderr


def test_policy_code_is_imported_only_when_a_configuration_has_policies(repo: Path) -> None:
    (repo / "specs" / "job.yaml").write_text(V2)
    code = (
        "import sys; from automlspec.__main__ import quick; rc = quick(['lint', 'specs/job.yaml']);"
        " print('loaded:' + ','.join(m for m in ('automlspec.policy', 'automlspec.plugins', 'regex',"
        " 'importlib.metadata') if m in sys.modules))"
    )
    (repo / ".automlspec.yaml").write_text("severity: {AML107: warning}\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "loaded:", done.stdout + done.stderr
    (repo / ".automlspec.yaml").write_text(policy("{field: RoleArn, matches: ':role/'}"))
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "loaded:automlspec.policy,regex", done.stdout + done.stderr


# ----- bad policies ---------------------------------------------------------------------------------------

BAD = [
    # (policies body, line of the finding, words of the message, suggestion)
    (
        "  p:\n    message: m\n    check: {field: RoleArn, matches: '(unclosed'}\n",
        4,
        "not a valid regular expression",
        None,
    ),
    (
        "  p:\n    message: m\n    check: {field: OutputDataConfig.KMSKeyId, required: true}\n",
        4,
        "OutputDataConfig has no field 'KMSKeyId'",
        "OutputDataConfig.KmsKeyId",
    ),
    (
        "  p:\n    message: m\n    check: {field: 'InputDataConfig[*].CompressionType', equals: Gzip}\n",
        4,
        "is a CreateAutoMLJob (V1) path",
        "AutoMLJobInputDataConfig[*].CompressionType",
    ),
    (
        "  p:\n    message: m\n    check: {field: ProblemType, equals: Regression}\n",
        4,
        "CreateAutoMLJobV2 request, where it is AutoMLProblemTypeConfig.TabularJobConfig.ProblemType",
        "AutoMLProblemTypeConfig.TabularJobConfig.ProblemType",
    ),
    ("  p:\n    message: m\n    check: {field: RoleArn, matchs: x}\n", 4, "unknown operator 'matchs'", "matches"),
    ("  p:\n    message: m\n    check:\n      field: RoleArn\n      max: '4h'\n", 6, "max compares numbers", None),
    (
        "  p:\n    message: m\n    check:\n      field: 'AutoMLProblemTypeConfig.*.CompletionCriteria.MaxCandidates'\n"
        "      max: '4h'\n",
        6,
        "max takes a number, not '4h'",
        None,
    ),
    ("  p:\n    message: m\n    check:\n      field: RoleArn\n      equals: 3\n", 6, "so 3 can never match it", None),
    (
        "  p:\n    message: m\n    check:\n      field: 'AutoMLJobInputDataConfig[*].CompressionType'\n"
        "      equals: gzip\n",
        6,
        "'gzip' is not a value",
        "Gzip",
    ),
    (
        "  p:\n    message: m\n    check:\n      field: AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria"
        ".MaxCandidates\n      matches: x\n",
        6,
        "matches tests strings",
        None,
    ),
    ("  p:\n    message: m\n    check: {field: RoleArn, required: false}\n", 4, "required takes true", None),
    ("  AML104:\n    message: m\n    check: {field: RoleArn, required: true}\n", 2, "is a built-in rule's code", None),
    (
        "  invalid-enum-value:\n    message: m\n    check: {field: RoleArn, required: true}\n",
        2,
        "is a built-in rule's code or name",
        None,
    ),
    ("  aml-custom:\n    message: m\n    check: {field: RoleArn, required: true}\n", 2, "starts with AML", None),
    ("  p:\n    check: {field: RoleArn, required: true}\n", 2, "needs a message", None),
    ("  p:\n    message: m\n", 2, "needs a check", None),
    ("  p:\n    message: m\n    check: {field: 'Tags[Name=x].Value', required: true}\n", 4, "no field 'Name'", None),
    ("  p:\n    message: m\n    check: {field: RoleArn.Arn, required: true}\n", 4, "RoleArn is a string", None),
    ("  p:\n    message: m\n    check: {all: []}\n", 4, "all takes a non-empty list", None),
    ("  p:\n    message: m\n    check: {when: {field: RoleArn, required: true}}\n", 4, "when needs then", None),
    ("  p:\n    message: m\n    check: {field: RoleArn}\n", 4, "needs an operator", None),
    (
        "  p:\n    message: m\n    severity: fatal\n    check: {field: RoleArn, required: true}\n",
        4,
        "severity must be error, warning or info",
        None,
    ),
    ("  p:\n    message: m\n    chek: {field: RoleArn, required: true}\n", 4, "unknown key 'chek'", "check"),
    ("  p:\n    message: m\n    check: {field: RoleArn, required: true}\n    examples: [1]\n", 5, "examples", None),
]


@pytest.mark.parametrize(("body", "line", "words", "suggestion"), BAD)
def test_a_bad_policy_is_an_aml900_finding_at_its_line(
    repo: Path, capsys, body: str, line: int, words: str, suggestion
):
    code, found = lint(repo, "policies:\n" + body, capsys=capsys)
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", line, "AML900")], found
    assert words in found[0]["message"], found[0]["message"]
    assert found[0].get("suggestion") == suggestion


def test_a_catastrophic_pattern_is_bounded_and_reported_at_its_line(repo: Path, capsys) -> None:
    """`(a|aa)+$` backtracks exponentially on a run of a's that does not end the string: the regex package's
    time bound stops it, the pattern becomes an AML900 error at its line, and it is not run again."""
    config = policy("{field: 'Tags[*].Value', matches: '^(a|aa)+$'}")
    spec = (
        V2.replace("Value: customer-analytics", "Value: " + "a" * 64 + "-")
        + "  - Key: other\n    Value: "
        + ("a" * 64 + "-\n")
    )
    code, found = lint(repo, config, spec, capsys=capsys)
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", 4, "AML900")]
    assert "took more than" in found[0]["message"]


def test_a_policy_cannot_crash_lint_whatever_the_spec_holds(repo: Path, capsys) -> None:
    config = policy("{field: 'AutoMLJobInputDataConfig[*].DataSource.S3DataSource.S3Uri', matches: '^s3://'}")
    for spec in ("AutoMLJobInputDataConfig: 3\nAutoMLProblemTypeConfig: []\n", "InputDataConfig: [{}, 7]\n", "[]\n"):
        code, found = lint(repo, config, spec, capsys=capsys)
        assert code == 1 and found  # the spec's own errors; the policy holds or reports, never raises


# ----- examples -----------------------------------------------------------------------------------------


def test_examples_pass_and_fail_as_written() -> None:
    from automlspec.config import load
    from automlspec.policy import run_examples

    path = Path(__file__).parent / "data" / "policies" / ".automlspec.yaml"
    config = load(path)
    assert config.findings == ()
    results = {p.id: run_examples(p) for p in config.policies.values() if p is not None}
    assert {name: [r.ok for r in found] for name, found in results.items()} == {
        "output-encrypted": [True, True, True],
        "wrong-examples": [False, False],
    }
    wrong = results["wrong-examples"]
    assert wrong[0].detail == "breaks the policy: OutputDataConfig.KmsKeyId is not set"
    assert wrong[1].detail == "meets the policy; it was written to break it"


# ----- automlspec policy test ------------------------------------------------------------------------------


def test_policy_test_runs_every_example_of_every_configuration_at_and_above_the_path(repo: Path, capsys) -> None:
    good = (ROOT / "tests" / "data" / "policies" / ".automlspec.yaml").read_text("utf-8")
    right_only = good.split("  wrong-examples:")[0]
    (repo / ".automlspec.yaml").write_text(right_only)
    (repo / "specs" / "prod").mkdir()
    (repo / "specs" / "prod" / ".automlspec.yaml").write_text(
        policy("{field: ModelDeployConfig, forbidden: true}", name="no-deploy")
    )
    assert main(["policy", "test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [" ".join(line.split()) for line in out] == [
        "ok output-encrypted .automlspec.yaml:4 3 examples",
        "none no-deploy specs/prod/.automlspec.yaml:2 no examples",
        "2 policies in 2 files: 1 passed, 0 failed, 1 without examples (3 examples)",
    ]
    (repo / "specs" / "prod" / ".automlspec.yaml").write_text(good.replace("output-encrypted", "other"))
    assert main(["policy", "test", "specs/prod"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [" ".join(line.split()[:3]) for line in out[:-1]] == [
        "ok output-encrypted .automlspec.yaml:4",  # the layer above the path
        "ok other specs/prod/.automlspec.yaml:4",
        "FAIL wrong-examples specs/prod/.automlspec.yaml:15",
        "FAIL wrong-examples specs/prod/.automlspec.yaml:15",
    ]
    assert "examples.pass[0] (specs/prod/.automlspec.yaml:20) breaks the policy:" in out[2]
    assert out[-1] == "3 policies in 2 files: 2 passed, 1 failed (8 examples)"
    assert main(["policy", "test", "--config", ".automlspec.yaml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 policy in 1 file: 1 passed, 0 failed (3 examples)"


def test_policy_test_reports_a_broken_configuration_and_usage_errors(repo: Path, capsys) -> None:
    (repo / ".automlspec.yaml").write_text("policies:\n  p:\n    message: m\n    check: {field: RoleArn, matchs: x}\n")
    assert main(["policy", "test"]) == 1
    err = capsys.readouterr().err
    assert ".automlspec.yaml:4:29: AML900 error [config-invalid] unknown operator 'matchs'" in err
    assert main(["policy", "test", "nowhere"]) == 2
    assert "nowhere: no such file or directory" in capsys.readouterr().err
    (repo / ".automlspec.yaml").write_text("severity: {AML107: warning}\n")
    assert main(["policy", "test"]) == 0
    assert "no policy found in 1 configuration file" in capsys.readouterr().err


def test_the_documented_policy_test_output_is_real(repo: Path, capsys) -> None:
    import re

    page = (ROOT / "docs" / "policies.md").read_text("utf-8")
    config = re.search(r"```yaml\n# \.automlspec\.yaml \(policy test\)\n(.*?)```", page, re.S).group(1)
    shown = re.search(r"```console\n\$ automlspec policy test\n(.*?)```", page, re.S).group(1)
    (repo / ".automlspec.yaml").write_text(config)
    assert main(["policy", "test"]) == 1
    assert capsys.readouterr().out == shown


# ----- suggestions are proved against the policies too (issue 22) ----------------------------------------


def test_a_suggestion_that_would_break_a_policy_is_withheld(repo: Path, capsys) -> None:
    """Following a `help:` must not make a policy fail that held: `Regresion` -> `Regression` would start
    a policy that holds only for binary classification (soundness.py runs the policies again too)."""
    binary_only = policy(
        "{when: {field: AutoMLProblemTypeConfig.TabularJobConfig.ProblemType, equals: Regression},"
        " then: {field: AutoMLJobObjective.MetricName, equals: MSE}}"
    )
    spec = V2.replace("ProblemType: BinaryClassification", "ProblemType: Regresion").replace(
        "MetricName: AUC", "MetricName: RMSE"
    )
    _, found = lint(repo, binary_only, spec, capsys=capsys)
    [typo] = [f for f in found if f["rule"] == "AML104"]
    assert "suggestion" not in typo and "fix" not in typo, typo
    assert not [f for f in found if f["rule"] == "p"]  # the policy holds for the spec as written
    _, found = lint(repo, "{}\n", spec, capsys=capsys)  # without the policy the same typo gets its help
    [typo] = [f for f in found if f["rule"] == "AML104"]
    assert typo["suggestion"] == "Regression"
