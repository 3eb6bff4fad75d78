"""Rules of training, deployment and identity that case files cannot show: job names across files,
odd input that must not crash a rule, and the helpers behind the suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from automlspec.config import Config, ConfigResolver
from automlspec.lint import lint_text
from automlspec.project import lint_paths
from automlspec.rules.identity import _bucket_and_key, _bucket_problem
from automlspec.rules.training import _duration

SPECS = Path(__file__).resolve().parent.parent / "specs"
V1 = (SPECS / "churn-binary-v1.yaml").read_text("utf-8")


def _with_name(text: str, name: str) -> str:
    return text.replace("AutoMLJobName: churn-binary-v1", f"AutoMLJobName: {name}")


def test_job_name_repeated_across_files_names_the_other_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_with_name(V1, "churn-weekly"), "utf-8")
    (tmp_path / "b.yaml").write_text(_with_name(V1, "CHURN-weekly") + "---\n" + _with_name(V1, "other-job"), "utf-8")
    (tmp_path / "c.yaml").write_text(_with_name(V1, "unrelated"), "utf-8")
    result = lint_paths([str(tmp_path)], ConfigResolver(disabled=True))
    found = [f for f in result.findings if f.rule == "AML520"]
    assert sorted((Path(f.file).name, f.doc, f.line) for f in found) == [("a.yaml", 0, 2), ("b.yaml", 0, 2)]
    by_file = {Path(f.file).name: f for f in found}
    assert "b.yaml" in by_file["a.yaml"].message and "'CHURN-weekly'" in by_file["a.yaml"].message
    assert "a.yaml" in by_file["b.yaml"].message
    assert all(f.severity.value == "error" for f in found)


def test_job_name_in_later_document_points_at_that_document(tmp_path: Path) -> None:
    text = _with_name(V1, "first") + "---\n" + _with_name(V1, "second") + "---\n" + _with_name(V1, "Second")
    found = [f for f in lint_text("x.yaml", text, Config()) if f.rule == "AML520"]
    lines = text.splitlines()
    assert [(f.doc, lines[f.line - 1]) for f in found] == [(1, "AutoMLJobName: second"), (2, "AutoMLJobName: Second")]
    assert "document 3 of this file" in found[0].message and "document 2 of this file" in found[1].message


ODD = [
    "AutoMLJobConfig: 5",
    "AutoMLJobConfig: {Mode: 7, CandidateGenerationConfig: {AlgorithmsConfig: [5, {AutoMLAlgorithms: 3}]}}",
    "AutoMLJobConfig: {CandidateGenerationConfig: {AlgorithmsConfig: [{AutoMLAlgorithms: [1, null, xgboost, xgboost]}]}}",
    "AutoMLJobConfig: {CompletionCriteria: {MaxAutoMLJobRuntimeInSeconds: true, MaxRuntimePerTrainingJobInSeconds: '9'}}",
    "AutoMLJobConfig: {CompletionCriteria: {MaxAutoMLJobRuntimeInSeconds: 0}}",
    "AutoMLJobConfig: {SecurityConfig: {VpcConfig: {SecurityGroupIds: sg-1, Subnets: [null, 3, '']}, VolumeKmsKeyId: 7}}",
    "ModelDeployConfig: [1]",
    "ModelDeployConfig: {EndpointName: 5, AutoGenerateEndpointName: true}",
    "Tags: {Key: a}",
    "Tags: [1, {Key: 5, Value: null}, {Value: 'aws:x'}]",
    "RoleArn: 12",
    "OutputDataConfig: {S3OutputPath: 's3://', KmsKeyId: ''}",
    "OutputDataConfig: {S3OutputPath: 'https://example.com/x'}",
    "AutoMLJobName: 12",
    "GenerateCandidateDefinitionsOnly: true\nModelDeployConfig: 3",
]


@pytest.mark.parametrize("extra", ODD)
def test_rules_never_crash_on_odd_input(extra: str) -> None:
    lines = [line for line in V1.splitlines() if not line.startswith(extra.split(":")[0] + ":")]
    text = "\n".join(lines) + "\n" + extra + "\n"
    found = lint_text("odd.yaml", text, Config())
    assert not [f for f in found if f.rule == "AML000"], [f.message for f in found if f.rule == "AML000"]


def test_v2_odd_input_does_not_crash() -> None:
    text = (SPECS / "churn-tabular-v2.yaml").read_text("utf-8")
    for extra in (
        "AutoMLComputeConfig: 3",
        "AutoMLComputeConfig: {EmrServerlessComputeConfig: {ExecutionRoleARN: 5}}",
        "AutoMLProblemTypeConfig: {TabularJobConfig: 3}",
        "AutoMLProblemTypeConfig: {}",
    ):
        key = extra.split(":")[0]
        lines = [line for line in text.splitlines() if not line.startswith(key + ":")]
        if key == "AutoMLProblemTypeConfig":
            start = lines.index("AutoMLJobObjective:")
            lines = [line for i, line in enumerate(lines) if i >= start or not line.startswith("    ")]
            lines = [line for line in lines if not line.startswith("  TabularJobConfig")]
        found = lint_text("odd.yaml", "\n".join(lines) + "\n" + extra + "\n", Config())
        assert not [f for f in found if f.rule == "AML000"], extra


@pytest.mark.parametrize(
    "uri, expected",
    [
        ("s3://bucket/key/x", ("bucket", "key/x")),
        ("s3://bucket", ("bucket", "")),
        ("https://bucket.s3.amazonaws.com/key", ("bucket", "key")),
        ("https://my.bucket.s3.eu-west-1.amazonaws.com/a/b", ("my.bucket", "a/b")),
        ("https://bucket.s3-us-west-2.amazonaws.com/k", ("bucket", "k")),
        ("https://s3.us-east-1.amazonaws.com/bucket/k", ("bucket", "k")),
        ("https://s3.amazonaws.com/bucket", ("bucket", "")),
        ("https://bucket.s3.cn-north-1.amazonaws.com.cn/k", ("bucket", "k")),
        ("https://example.com/bucket/k", None),
        ("ftp://bucket/k", None),
    ],
)
def test_bucket_and_key(uri: str, expected) -> None:
    assert _bucket_and_key(uri) == expected


@pytest.mark.parametrize(
    "bucket, bad",
    [
        ("acme-ml-data", False),
        ("acme.ml.data", False),
        ("a1b", False),
        ("ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias", False),
        ("base--usw2-az1--x-s3", False),
        ("ab", True),
        ("a" * 64, True),
        ("Acme", True),
        ("acme_data", True),
        ("-acme", True),
        ("acme.", True),
        ("acme..data", True),
        ("10.0.0.1", True),
        ("sthree-data", True),
        ("amzn-s3-demo-bucket", True),
        ("xn--data", True),
        ("data.mrap", True),
        ("data--table-s3", True),
        ("acme data", True),
    ],
)
def test_bucket_problem(bucket: str, bad: bool) -> None:
    assert bool(_bucket_problem(bucket)[0]) is bad


def test_duration() -> None:
    assert [_duration(s) for s in (45, 900, 3600, 5400, 86400, 3_000_000)] == [
        "45 s",
        "15 min",
        "1 h",
        "1.5 h",
        "1 d",
        "about 34.7 d",
    ]


def _aml520(root: Path) -> list[str]:
    result = lint_paths([str(root)], ConfigResolver())
    return sorted(Path(f.file).relative_to(root).as_posix() for f in result.findings if f.rule == "AML520")


def test_job_names_are_compared_per_target_region(tmp_path: Path) -> None:
    # issue 12: dev/ and prod/ are different targets; the same name in each is the normal GitOps layout
    for env, region in (("dev", "eu-west-1"), ("prod", "us-east-1")):
        (tmp_path / env).mkdir()
        (tmp_path / env / ".automlspec.yaml").write_text(f"target:\n  region: {region}\n", "utf-8")
        (tmp_path / env / "churn.yaml").write_text(_with_name(V1, "churn-weekly"), "utf-8")
    assert _aml520(tmp_path) == []
    (tmp_path / "prod" / "again.yaml").write_text(_with_name(V1, "Churn-Weekly"), "utf-8")
    assert _aml520(tmp_path) == ["prod/again.yaml", "prod/churn.yaml"]


def test_job_names_are_compared_per_account(tmp_path: Path) -> None:
    other = V1.replace("123456789012", "210987654321")
    assert "210987654321" in other
    (tmp_path / "a.yaml").write_text(_with_name(V1, "churn-weekly"), "utf-8")
    (tmp_path / "b.yaml").write_text(_with_name(other, "churn-weekly"), "utf-8")
    assert _aml520(tmp_path) == []
    # the same folder without RoleArn accounts to tell them apart: allowed_account_ids decide
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / ".automlspec.yaml").write_text("target:\n  allowed_account_ids: ['111111111111']\n", "utf-8")
    (tmp_path / "c" / "c.yaml").write_text(_with_name(V1, "churn-weekly"), "utf-8")
    assert _aml520(tmp_path) == ["a.yaml", "c/c.yaml"]  # RoleArn's account wins over the target's ids
