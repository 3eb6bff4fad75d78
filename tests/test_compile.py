"""compile: specs into the exact CreateAutoMLJob / CreateAutoMLJobV2 request.

Properties (hypothesis): the JSON is byte-for-byte the same whatever order the spec's keys are in, and
V1 -> V2 -> V1 (and V2 -> V1 -> V2) of a tabular spec gives back the same request. Examples: every spec in
specs/ compiles for its API (and tabular ones for the other), and botocore's own parameter validation
accepts the result; the seed document's V1 request compiles to the V2 request of AWS's migration guide.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import botocore.session
import pytest
import strategies
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import brief_and_whole
from typer.testing import CliRunner

from automlspec import model
from automlspec.cli import app
from automlspec.compile import dumps, to_request
from automlspec.dialects import detect_dialect, v1_to_v2, v2_to_v1
from automlspec.errors import ConversionError
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
runner = CliRunner()
# 150 examples a property in the slow set, 30 in the default run (tests/sizes.py)
PROPERTY = settings(deadline=None, suppress_health_check=list(HealthCheck))


@functools.lru_cache(maxsize=1)
def sagemaker_model():
    # botocore's bundled model: no network.
    return botocore.session.get_session().get_service_model("sagemaker")


def botocore_validates(request: dict, api: str) -> None:
    """botocore's own client-side validation of the operation's input (raises ParamValidationError)."""
    validate_parameters(request, sagemaker_model().operation_model(model.operation(api)).input_shape)


def spec_data(path: Path) -> dict:
    return load_text(str(path), path.read_text("utf-8")).docs[0].data


def is_tabular(data: dict) -> bool:
    return "InputDataConfig" in data or "TabularJobConfig" in data.get("AutoMLProblemTypeConfig", {})


def compile_cli(*args: str):
    return runner.invoke(app, ["compile", *args])


# ----- every spec in specs/ ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_spec_compiles_and_botocore_accepts_it(path: Path) -> None:
    data = spec_data(path)
    own = detect_dialect(data)[0]
    apis = ("v1", "v2") if is_tabular(data) else (own,)
    for api in apis:
        for extra in ([], ["--resolved"]):
            result = compile_cli(str(path), "--api", api, *extra)
            assert result.exit_code == 0, result.output
            request = json.loads(result.stdout)
            botocore_validates(request, api)


@pytest.mark.parametrize("path", [p for p in SPECS if not is_tabular(spec_data(p))], ids=lambda p: p.name)
def test_non_tabular_specs_cannot_become_v1(path: Path) -> None:
    result = compile_cli(str(path), "--api", "v1")
    assert result.exit_code == 2
    assert "CreateAutoMLJob (V1) can express tabular jobs only" in result.stderr
    assert result.stdout == ""


def test_default_api_is_the_specs_own(tmp_path: Path) -> None:
    v1 = json.loads(compile_cli(str(ROOT / "specs/churn-binary-v1.yaml")).stdout)
    v2 = json.loads(compile_cli(str(ROOT / "specs/churn-tabular-v2.yaml")).stdout)
    assert "InputDataConfig" in v1 and "AutoMLJobInputDataConfig" in v2


def test_key_order_is_the_models_member_order() -> None:
    request = json.loads(compile_cli(str(ROOT / "specs/house-prices-regression-v1.yaml")).stdout)
    members = list(model.shape(model.root_shape("v1"))["members"])
    assert list(request) == [m for m in members if m in request]
    channel_members = list(model.shape("AutoMLChannel")["members"])
    assert list(request["InputDataConfig"][0]) == [m for m in channel_members if m in request["InputDataConfig"][0]]


def test_output_is_byte_identical_across_runs() -> None:
    path = str(ROOT / "specs/demand-forecast-timeseries-v2.yaml")
    runs = [
        subprocess.run([sys.executable, "-m", "automlspec", "compile", path], capture_output=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert runs[0].endswith(b"}\n") and b"\r" not in runs[0]


def test_resolved_adds_documented_defaults_and_plain_compile_does_not() -> None:
    path = str(ROOT / "specs/churn-binary-v1.yaml")
    plain = json.loads(compile_cli(path).stdout)
    resolved = json.loads(compile_cli(path, "--resolved").stdout)
    assert "ChannelType" not in plain["InputDataConfig"][0]
    assert resolved["InputDataConfig"][0]["ChannelType"] == "training"
    assert resolved["AutoMLJobConfig"]["DataSplitConfig"] == {"ValidationFraction": 0.2}


# ----- the seed document ------------------------------------------------------------------------------

# Every parameter of create-auto-ml-job as the seed document (AWS CLI v1 reference) lists it.
SEED_V1 = textwrap.dedent("""\
    AutoMLJobName: seed-churn
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://seed-bucket/churn/train/
        CompressionType: None
        TargetAttributeName: churned
    OutputDataConfig:
      KmsKeyId: alias/seed-artifacts
      S3OutputPath: s3://seed-bucket/churn/output/
    ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    AutoMLJobConfig:
      CompletionCriteria:
        MaxCandidates: 10
        MaxRuntimePerTrainingJobInSeconds: 3600
        MaxAutoMLJobRuntimeInSeconds: 7200
      SecurityConfig:
        VolumeKmsKeyId: alias/seed-volumes
        EnableInterContainerTrafficEncryption: true
        VpcConfig:
          SecurityGroupIds: [sg-0123456789abcdef0]
          Subnets: [subnet-0123456789abcdef0]
    RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
    GenerateCandidateDefinitionsOnly: false
    Tags:
      - Key: project
        Value: seed
    """)

# The CreateAutoMLJobV2 request the migration guide's mapping gives: the target, problem type, completion
# criteria and GenerateCandidateDefinitionsOnly move into TabularJobConfig, SecurityConfig to the top level,
# the rest is unchanged (https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html#autopilot-create-experiment-api-migrate-v1-v2).
SEED_V2 = """\
{
  "AutoMLJobName": "seed-churn",
  "AutoMLJobInputDataConfig": [
    {
      "CompressionType": "None",
      "DataSource": {
        "S3DataSource": {
          "S3DataType": "S3Prefix",
          "S3Uri": "s3://seed-bucket/churn/train/"
        }
      }
    }
  ],
  "OutputDataConfig": {
    "KmsKeyId": "alias/seed-artifacts",
    "S3OutputPath": "s3://seed-bucket/churn/output/"
  },
  "AutoMLProblemTypeConfig": {
    "TabularJobConfig": {
      "CompletionCriteria": {
        "MaxCandidates": 10,
        "MaxRuntimePerTrainingJobInSeconds": 3600,
        "MaxAutoMLJobRuntimeInSeconds": 7200
      },
      "GenerateCandidateDefinitionsOnly": false,
      "ProblemType": "BinaryClassification",
      "TargetAttributeName": "churned"
    }
  },
  "RoleArn": "arn:aws:iam::123456789012:role/AutopilotExecutionRole",
  "Tags": [
    {
      "Key": "project",
      "Value": "seed"
    }
  ],
  "SecurityConfig": {
    "VolumeKmsKeyId": "alias/seed-volumes",
    "EnableInterContainerTrafficEncryption": true,
    "VpcConfig": {
      "SecurityGroupIds": [
        "sg-0123456789abcdef0"
      ],
      "Subnets": [
        "subnet-0123456789abcdef0"
      ]
    }
  },
  "AutoMLJobObjective": {
    "MetricName": "F1"
  }
}
"""


def test_seed_v1_document_compiles_to_the_documented_v2_request(tmp_path: Path) -> None:
    spec = tmp_path / "seed.yaml"
    spec.write_text(SEED_V1)
    v1 = compile_cli(str(spec), "--no-config")
    assert v1.exit_code == 0, v1.output
    botocore_validates(json.loads(v1.stdout), "v1")
    v2 = compile_cli(str(spec), "--api", "v2", "--no-config")
    assert v2.exit_code == 0, v2.output
    assert v2.stdout == SEED_V2
    botocore_validates(json.loads(v2.stdout), "v2")
    # and back: the V2 request compiles to the same V1 request
    (tmp_path / "seed-v2.json").write_text(v2.stdout)
    back = compile_cli(str(tmp_path / "seed-v2.json"), "--api", "v1", "--no-config")
    assert back.exit_code == 0, back.output
    assert back.stdout == v1.stdout


# ----- properties -------------------------------------------------------------------------------------


@brief_and_whole(150, brief=30)
def test_v1_bytes_do_not_depend_on_key_order(count: int) -> None:
    @settings(PROPERTY, max_examples=count)
    @given(strategies.tabular_v1(), st.integers(0, 2**32))
    def check(spec: dict, seed: int) -> None:
        shuffled = strategies.shuffled(spec, model.root_shape("v1"), seed)
        for api in ("v1", "v2"):
            assert dumps(to_request(shuffled, "v1", api)) == dumps(to_request(spec, "v1", api))

    check()


@brief_and_whole(150, brief=30)
def test_v2_bytes_do_not_depend_on_key_order(count: int) -> None:
    @settings(PROPERTY, max_examples=count)
    @given(strategies.tabular_v2(), st.integers(0, 2**32))
    def check(spec: dict, seed: int) -> None:
        shuffled = strategies.shuffled(spec, model.root_shape("v2"), seed)
        assert dumps(to_request(shuffled, "v2")) == dumps(to_request(spec, "v2"))

    check()


@brief_and_whole(150, brief=30)
def test_v1_to_v2_to_v1_is_lossless(count: int) -> None:
    @settings(PROPERTY, max_examples=count)
    @given(strategies.tabular_v1())
    def check(spec: dict) -> None:
        v2 = to_request(spec, "v1", "v2")
        assert dumps(to_request(v2, "v2", "v1")) == dumps(to_request(_with_default_objective(spec, "v1"), "v1"))

    check()


def _with_default_objective(spec: dict, dialect: str) -> dict:
    """What V1 -> V2 adds: ProblemType without AutoMLJobObjective gets the problem type's default."""
    from automlspec.facts import TABULAR_DEFAULTS

    problem = (
        spec.get("ProblemType")
        if dialect == "v1"
        else spec["AutoMLProblemTypeConfig"]["TabularJobConfig"].get("ProblemType")
    )
    if problem is None or "AutoMLJobObjective" in spec:
        return spec
    return {**spec, "AutoMLJobObjective": {"MetricName": TABULAR_DEFAULTS[problem]}}


@brief_and_whole(150, brief=30)
def test_v2_to_v1_to_v2_is_lossless(count: int) -> None:
    @settings(PROPERTY, max_examples=count)
    @given(strategies.tabular_v2())
    def check(spec: dict) -> None:
        v1 = to_request(spec, "v2", "v1")
        assert dumps(to_request(v1, "v1", "v2")) == dumps(to_request(_with_default_objective(spec, "v2"), "v2"))

    check()


@brief_and_whole(150, brief=30)
def test_converted_v1_passes_botocore_validation(count: int) -> None:
    @settings(PROPERTY, max_examples=count)
    @given(strategies.tabular_v1())
    def check(spec: dict) -> None:
        botocore_validates(to_request(spec, "v1", "v2"), "v2")

    check()


def test_spec_round_trips_through_the_other_api() -> None:
    for path in SPECS:
        data = spec_data(path)
        if not is_tabular(data):
            continue
        own = detect_dialect(data)[0]
        other = "v2" if own == "v1" else "v1"
        there = to_request(data, own, other)
        assert to_request(there, other, own) == to_request(data, own), path.name


# ----- conversion limits ------------------------------------------------------------------------------


def test_channels_that_disagree_on_the_target_cannot_become_v2() -> None:
    data = spec_data(ROOT / "specs/house-prices-regression-v1.yaml")
    data["InputDataConfig"][1]["TargetAttributeName"] = "price"
    with pytest.raises(ConversionError, match="one TargetAttributeName for the job"):
        v1_to_v2(data)


def test_sample_weight_on_one_channel_only_cannot_become_v2() -> None:
    data = spec_data(ROOT / "specs/house-prices-regression-v1.yaml")
    data["InputDataConfig"][0]["SampleWeightAttributeName"] = "w"
    with pytest.raises(ConversionError, match="SampleWeightAttributeName"):
        v1_to_v2(data)


def test_compute_config_cannot_become_v1() -> None:
    data = spec_data(ROOT / "specs/churn-tabular-v2.yaml")
    data["AutoMLComputeConfig"] = {"EmrServerlessComputeConfig": {"ExecutionRoleARN": data["RoleArn"]}}
    with pytest.raises(ConversionError, match="AutoMLComputeConfig"):
        v2_to_v1(data)


def test_feature_specification_moves_between_the_apis() -> None:
    data = spec_data(ROOT / "specs/churn-binary-v1.yaml")
    data["AutoMLJobConfig"]["Mode"] = "ENSEMBLING"
    data["AutoMLJobConfig"]["CandidateGenerationConfig"] = {
        "FeatureSpecificationS3Uri": "s3://acme-ml-data/churn/features.json",
        "AlgorithmsConfig": [{"AutoMLAlgorithms": ["xgboost"]}],
    }
    data["AutoMLJobConfig"]["DataSplitConfig"] = {"ValidationFraction": 0.25}
    tabular = to_request(data, "v1", "v2")["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert tabular["FeatureSpecificationS3Uri"] == "s3://acme-ml-data/churn/features.json"
    assert tabular["CandidateGenerationConfig"] == {"AlgorithmsConfig": [{"AutoMLAlgorithms": ["xgboost"]}]}
    assert to_request(data, "v1", "v2")["DataSplitConfig"] == {"ValidationFraction": 0.25}


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ConversionError, match="JSON"):
        dumps({"DataSplitConfig": {"ValidationFraction": float("nan")}})


# ----- lint gate and exit codes -------------------------------------------------------------------------

BROKEN = textwrap.dedent("""\
    AutoMLJobName: churn_model
    InputDataConfig:
      - DataSource:
          S3DataSource: {S3DataType: S3Prefix, S3Uri: s3://acme-ml-data/churn/}
        TargetAttributeName: churned
    OutputDataConfig: {S3OutputPath: s3://acme-ml-artifacts/out/}
    RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
    """)


def test_a_spec_with_lint_errors_does_not_compile(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN)
    result = compile_cli(str(spec), "--no-config", "--color", "never")
    assert result.exit_code == 1
    assert result.stdout == ""
    lint = runner.invoke(app, ["lint", str(spec), "--no-config", "--color", "never"])
    assert result.stderr == lint.stdout  # the same findings, formatted by the same reporter
    assert "AML106" in result.stderr


def test_findings_format_is_selectable(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(BROKEN)
    result = compile_cli(str(spec), "--no-config", "--format", "json")
    assert result.exit_code == 1
    assert any(f["rule"] == "AML106" for f in json.loads(result.stderr))


def test_a_v1_problem_type_without_objective_converts_to_a_valid_v2_request(tmp_path: Path) -> None:
    # V1 accepts a ProblemType without an objective (a warning); V2 documents that it must not (AML203),
    # so the conversion fills the problem type's documented default metric (issue 12).
    data = spec_data(ROOT / "specs/churn-binary-v1.yaml")
    del data["AutoMLJobObjective"]
    spec = tmp_path / "no-objective.yaml"
    spec.write_text(json.dumps(data))
    assert compile_cli(str(spec), "--no-config").exit_code == 0
    result = compile_cli(str(spec), "--no-config", "--api", "v2")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["AutoMLJobObjective"] == {"MetricName": "F1"}


def test_the_converted_request_is_linted_in_its_own_api(tmp_path: Path) -> None:
    # An objective without a problem type is a V1 warning (AML204) and a V2 error (AML203): no default
    # problem type can be filled, so the converted request is refused with the V2 findings.
    data = spec_data(ROOT / "specs/churn-binary-v1.yaml")
    del data["ProblemType"]
    spec = tmp_path / "no-problem-type.yaml"
    spec.write_text(json.dumps(data))
    assert compile_cli(str(spec), "--no-config").exit_code == 0
    result = compile_cli(str(spec), "--no-config", "--api", "v2", "--color", "never")
    assert result.exit_code == 1
    assert "(compiled to CreateAutoMLJobV2)" in result.stderr and "AML203" in result.stderr


def test_warnings_go_to_stderr_and_the_request_to_stdout(tmp_path: Path) -> None:
    # as `terraform plan` shows its warnings (issue 12): compile used to hide them entirely
    data = spec_data(ROOT / "specs/churn-binary-v1.yaml")
    del data["ProblemType"]  # an objective without a problem type: a V1 warning (AML204)
    spec = tmp_path / "no-problem-type.yaml"
    spec.write_text(json.dumps(data))
    result = compile_cli(str(spec), "--no-config", "--color", "never")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["AutoMLJobName"] == data["AutoMLJobName"]
    assert "AML204 warning" in result.stderr and "Found 1 warning" in result.stderr
    found = json.loads(compile_cli(str(spec), "--no-config", "--format", "json").stderr)
    assert [(f["rule"], f["severity"]) for f in found] == [("AML204", "warning")]
    clean = compile_cli(str(ROOT / "specs/churn-binary-v1.yaml"), "--no-config")
    assert clean.exit_code == 0 and clean.stderr == ""


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert compile_cli(str(tmp_path / "missing.yaml")).exit_code == 2
    two = tmp_path / "two.yaml"
    text = (ROOT / "specs/churn-binary-v1.yaml").read_text()
    two.write_text(text + "---\n" + text.replace("churn-binary-v1", "churn-binary-v1b"))
    result = compile_cli(str(two), "--no-config")
    assert result.exit_code == 2 and "--document" in result.stderr
    second = compile_cli(str(two), "--no-config", "--document", "2")
    assert second.exit_code == 0 and json.loads(second.stdout)["AutoMLJobName"] == "churn-binary-v1b"
    assert compile_cli(str(two), "--no-config", "--document", "3").exit_code == 2
    assert compile_cli(str(two), "--api", "v3").exit_code == 2


def test_project_config_defaults_are_compiled_in(tmp_path: Path) -> None:
    (tmp_path / ".automlspec.yaml").write_text(
        "defaults:\n  Tags:\n    - {Key: cost-center, Value: '4711'}\n  SecurityConfig:\n    EnableInterContainerTrafficEncryption: true\n"
    )
    spec = tmp_path / "churn.yaml"
    spec.write_text((ROOT / "specs/churn-binary-v1.yaml").read_text())
    request = json.loads(compile_cli(str(spec)).stdout)
    assert request["Tags"] == [{"Key": "team", "Value": "customer-analytics"}, {"Key": "cost-center", "Value": "4711"}]
    assert request["AutoMLJobConfig"]["SecurityConfig"] == {"EnableInterContainerTrafficEncryption": True}
    assert "SecurityConfig" not in json.loads(compile_cli(str(spec), "--no-config").stdout).get("AutoMLJobConfig", {})


def test_lint_never_imports_pydantic_or_botocore() -> None:
    code = (
        "import sys; from automlspec.cli import main; code = main(['lint', 'specs']);"
        "print(code, 'pydantic' in sys.modules, 'botocore' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.split()[-3:] == ["0", "False", "False"], out


def test_each_document_of_a_file_is_its_own_compiled_text() -> None:
    # plan lints each V1 document's V2 request; two of one file must not share (and overwrite) one text
    from automlspec.config import Config
    from automlspec.project import lint_compiled

    first = lint_compiled("two.yaml", "{}\n", Config(), "v2", 1)
    second = lint_compiled("two.yaml", "[]\n", Config(), "v2", 2)
    assert list(first.texts) == ["two.yaml (document 1, compiled to CreateAutoMLJobV2)"]
    assert list(second.texts) == ["two.yaml (document 2, compiled to CreateAutoMLJobV2)"]
    assert list(lint_compiled("one.yaml", "{}\n", Config(), "v2").texts) == ["one.yaml (compiled to CreateAutoMLJobV2)"]
