"""resolve: documented defaults and project-config defaults, each with its source."""

from __future__ import annotations

import copy
import io
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from automlspec import model
from automlspec.cli import app
from automlspec.config import Config
from automlspec.dialects import detect_dialect
from automlspec.findings import Severity
from automlspec.lint import lint_text
from automlspec.paths import FieldPath
from automlspec.resolve import resolve, to_yaml
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
runner = CliRunner()


def load(path: Path) -> dict:
    return load_text(str(path), path.read_text("utf-8")).docs[0].data


def resolved(data: dict):
    return resolve(data, detect_dialect(data)[0])


def errors(text: str) -> list:
    return [f for f in lint_text("resolved.yaml", text, Config()) if f.severity is Severity.ERROR]


def paths(result) -> set[str]:
    return {str(f.path) for f in result.filled}


# ----- every spec -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_resolved_specs_still_lint_clean(path: Path) -> None:
    """Filling a default never turns a valid request into an invalid one."""
    out = io.StringIO()
    to_yaml(resolved(load(path)), out)
    assert errors(out.getvalue()) == []


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_resolve_is_idempotent_and_pure(path: Path) -> None:
    data = load(path)
    before = copy.deepcopy(data)
    once = resolved(data)
    assert data == before
    assert resolved(once.request).filled == ()


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_each_documented_default_cites_a_member_whose_doc_states_it(path: Path) -> None:
    docs = model.docs()["shapes"]
    for filled in resolved(load(path)).filled:
        assert filled.source.startswith("botocore model: ")
        shape, member = filled.source.removeprefix("botocore model: ").split(".")
        text = docs[shape]["members"][member]
        values = filled.value if isinstance(filled.value, list) else [filled.value]
        for value in values:
            assert str(value) in text, f"{filled.source} does not state {value!r}: {text}"


# ----- one default at a time -----------------------------------------------------------------------


def v1() -> dict:
    return load(ROOT / "specs/churn-binary-v1.yaml")


def test_single_channel_gets_training_two_channels_get_nothing() -> None:
    assert "InputDataConfig[0].ChannelType" in paths(resolved(v1()))
    data = load(ROOT / "specs/house-prices-regression-v1.yaml")
    for channel in data["InputDataConfig"]:
        del channel["ChannelType"]
    assert not any(p.endswith("ChannelType") for p in paths(resolved(data)))


def test_content_and_compression_types() -> None:
    data = v1()
    del data["InputDataConfig"][0]["ContentType"], data["InputDataConfig"][0]["CompressionType"]
    result = resolved(data)
    assert result.request["InputDataConfig"][0]["ContentType"] == "text/csv;header=present"
    assert result.request["InputDataConfig"][0]["CompressionType"] == "None"
    image = load(ROOT / "specs/product-images-v2.yaml")
    del image["AutoMLJobInputDataConfig"][0]["ContentType"]
    assert resolved(image).request["AutoMLJobInputDataConfig"][0]["ContentType"] == "image/*"


def test_validation_fraction_not_for_time_series_or_a_validation_channel() -> None:
    assert resolved(v1()).request["AutoMLJobConfig"]["DataSplitConfig"] == {"ValidationFraction": 0.2}
    assert "DataSplitConfig" not in resolved(load(ROOT / "specs/demand-forecast-timeseries-v2.yaml")).request
    house = resolved(load(ROOT / "specs/house-prices-regression-v1.yaml")).request
    assert "DataSplitConfig" not in house["AutoMLJobConfig"]


def test_objective_only_with_a_known_problem_type() -> None:
    data = v1()
    del data["AutoMLJobObjective"]
    assert resolved(data).request["AutoMLJobObjective"] == {"MetricName": "F1"}
    del data["ProblemType"]
    assert "AutoMLJobObjective" not in resolved(data).request  # V1: no problem type, no objective

    v2 = load(ROOT / "specs/churn-tabular-v2.yaml")
    del v2["AutoMLJobObjective"]
    v2["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"] = "Regression"
    assert resolved(v2).request["AutoMLJobObjective"] == {"MetricName": "MSE"}
    del v2["AutoMLProblemTypeConfig"]["TabularJobConfig"]["ProblemType"]
    # V2 tabular needs ProblemType and objective both or neither: never add one alone
    assert "AutoMLJobObjective" not in resolved(v2).request

    for name, metric in (
        ("product-images-v2", "Accuracy"),
        ("ticket-routing-textcls-v2", "Accuracy"),
        ("demand-forecast-timeseries-v2", "AverageWeightedQuantileLoss"),
    ):
        data = load(ROOT / f"specs/{name}.yaml")
        del data["AutoMLJobObjective"]
        assert resolved(data).request["AutoMLJobObjective"] == {"MetricName": metric}, name
    assert "AutoMLJobObjective" not in resolved(load(ROOT / "specs/support-llm-textgen-v2.yaml")).request


def test_auto_generate_endpoint_name_only_next_to_an_endpoint_name() -> None:
    data = v1()
    data["ModelDeployConfig"] = {"EndpointName": "churn"}
    assert resolved(data).request["ModelDeployConfig"] == {"EndpointName": "churn", "AutoGenerateEndpointName": False}
    data["ModelDeployConfig"] = {"AutoGenerateEndpointName": True}
    assert resolved(data).request["ModelDeployConfig"] == {"AutoGenerateEndpointName": True}
    del data["ModelDeployConfig"]
    assert "ModelDeployConfig" not in resolved(data).request


def test_time_series_quantiles_and_the_aggregation_note() -> None:
    data = load(ROOT / "specs/demand-forecast-timeseries-v2.yaml")
    config = data["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]
    del config["ForecastQuantiles"], config["Transformations"]
    result = resolved(data)
    assert result.request["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]["ForecastQuantiles"] == [
        "p10",
        "p50",
        "p90",
    ]
    assert "Transformations" not in result.request["AutoMLProblemTypeConfig"]["TimeSeriesForecastingJobConfig"]
    assert any("Aggregation" in note and "column" in note for note in result.notes)


def test_text_generation_base_model_and_training_runtime() -> None:
    data = load(ROOT / "specs/support-llm-textgen-v2.yaml")
    config = data["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]
    del config["BaseModelName"], config["ModelAccessConfig"]
    result = resolved(data).request["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]
    assert result["BaseModelName"] == "Falcon7BInstruct"
    assert result["CompletionCriteria"]["MaxRuntimePerTrainingJobInSeconds"] == 259200
    config["CompletionCriteria"]["MaxAutoMLJobRuntimeInSeconds"] = 86400
    shorter = resolved(data)
    assert (
        "MaxRuntimePerTrainingJobInSeconds"
        not in shorter.request["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]["CompletionCriteria"]
    )
    assert any("259200" in note for note in shorter.notes)


def test_tabular_completion_criteria_are_never_invented() -> None:
    data = v1()
    del data["AutoMLJobConfig"]["CompletionCriteria"]
    result = resolved(data)
    assert "CompletionCriteria" not in result.request["AutoMLJobConfig"]
    assert any("MaxCandidates" in note for note in result.notes)


# ----- project configuration ------------------------------------------------------------------------

CONFIG = textwrap.dedent("""\
    defaults:
      Tags:
        - Key: cost-center
          Value: "4711"
      SecurityConfig:
        EnableInterContainerTrafficEncryption: true
      OutputDataConfig:
        KmsKeyId: alias/ml-artifacts
    """)


def test_config_defaults_come_first_and_the_spec_wins(tmp_path: Path) -> None:
    from automlspec.config import load as load_config

    (tmp_path / ".automlspec.yaml").write_text(CONFIG)
    config = load_config(tmp_path / ".automlspec.yaml", ".automlspec.yaml")
    data = v1()
    data["OutputDataConfig"]["KmsKeyId"] = "alias/mine"
    result = resolve(data, "v1", config.defaults)
    assert result.request["OutputDataConfig"]["KmsKeyId"] == "alias/mine"
    assert result.request["Tags"][-1] == {"Key": "cost-center", "Value": "4711"}
    by_path = {str(f.path): f for f in result.filled}
    assert by_path["Tags[1]"].origin == "config" and by_path["Tags[1]"].source == ".automlspec.yaml"
    assert by_path["AutoMLJobConfig.SecurityConfig"].origin == "config"
    assert "OutputDataConfig.KmsKeyId" not in by_path


def test_cli_marks_each_default_with_its_source(tmp_path: Path) -> None:
    (tmp_path / ".automlspec.yaml").write_text(CONFIG)
    spec = tmp_path / "churn.yaml"
    spec.write_text((ROOT / "specs/churn-binary-v1.yaml").read_text())
    result = runner.invoke(app, ["resolve", str(spec)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "    ChannelType: training  # default: botocore model: AutoMLChannel.ChannelType" in lines
    assert "    ValidationFraction: 0.2  # default: botocore model: AutoMLDataSplitConfig.ValidationFraction" in lines
    config = str(tmp_path / ".automlspec.yaml")  # the configuration, as `lint` names it
    assert f"  SecurityConfig:  # default: {config} (project config)" in lines
    assert f"  - Key: cost-center  # default: {config} (project config)" in lines
    assert f"  KmsKeyId: alias/ml-artifacts  # default: {config} (project config)" in lines
    # the output is the resolved spec itself: it parses back to the resolved data
    data = YAML(typ="safe").load(result.stdout)
    assert data["Tags"][1] == {"Key": "cost-center", "Value": "4711"}
    assert errors(result.stdout) == []


def test_cli_key_order_and_notes() -> None:
    result = runner.invoke(app, ["resolve", str(ROOT / "specs/churn-tabular-v2.yaml"), "--no-config"])
    data = YAML(typ="safe").load(result.stdout)
    members = list(model.shape(model.root_shape("v2"))["members"])
    assert list(data) == [m for m in members if m in data]
    data = v1()
    del data["AutoMLJobConfig"]
    out = io.StringIO()
    to_yaml(resolved(data), out)
    assert out.getvalue().startswith("# not filled: CompletionCriteria MaxCandidates, ")


def test_cli_multi_document_and_lint_errors(tmp_path: Path) -> None:
    text = (ROOT / "specs/churn-binary-v1.yaml").read_text()
    two = tmp_path / "two.yaml"
    two.write_text(text + "---\n" + text.replace("churn-binary-v1", "churn-binary-v1b"))
    result = runner.invoke(app, ["resolve", str(two), "--no-config"])
    assert result.exit_code == 0
    assert [d["AutoMLJobName"] for d in YAML(typ="safe").load_all(result.stdout)] == [
        "churn-binary-v1",
        "churn-binary-v1b",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("churn-binary-v1", "churn_binary"))
    result = runner.invoke(app, ["resolve", str(bad), "--no-config", "--format", "json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert [f["rule"] for f in json.loads(result.stderr)] == ["AML106"]
    assert runner.invoke(app, ["resolve", str(tmp_path / "nope.yaml")]).exit_code == 2


# ----- property: any subset of defaulted fields removed, resolve puts the documented value back -------

DEFAULTED = [
    (FieldPath(("InputDataConfig", 0, "ChannelType")), "training"),
    (FieldPath(("InputDataConfig", 0, "ContentType")), "text/csv;header=present"),
    (FieldPath(("InputDataConfig", 0, "CompressionType")), "None"),
    (FieldPath(("AutoMLJobObjective",)), {"MetricName": "F1"}),
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sets(st.sampled_from(range(len(DEFAULTED)))))
def test_removed_defaults_come_back(removed: set[int]) -> None:
    data = v1()
    data["AutoMLJobObjective"] = {"MetricName": "F1"}
    for index in removed:
        path, _ = DEFAULTED[index]
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent.pop(path[-1], None)
    result = resolved(data).request
    for path, value in DEFAULTED:
        node = result
        for part in path:
            node = node[part]
        assert node == value
