"""Relationship rules compare with the documented default of an omitted side, and say so (issue 12).

One test per relationship rule whose other side can be omitted: the default it is compared with comes
from facts.py (each with its source URL) or from the model's documentation, and the message names it.
Relationships whose omitted side has no documented default (MaxCandidates, the job runtime of a tabular
job) compare with nothing, or with a documented maximum that says so.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from automlspec.config import Config
from automlspec.facts import MAX_JOB_RUNTIME, TEXTGEN_TRAINING_RUNTIME
from automlspec.lint import lint_text
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent


def _spec(name: str) -> dict:
    path = ROOT / "specs" / f"{name}.yaml"
    return copy.deepcopy(load_text(str(path), path.read_text("utf-8")).docs[0].data)


def _found(data: dict, code: str) -> list:
    return [f for f in lint_text("s.yaml", json.dumps(data, indent=2), Config()) if f.rule == code]


def test_per_job_runtime_is_compared_with_the_30_day_maximum_when_the_job_runtime_is_omitted() -> None:
    data = _spec("churn-binary-v1")
    data["AutoMLJobConfig"]["CompletionCriteria"] = {"MaxRuntimePerTrainingJobInSeconds": 3_000_000}
    [finding] = _found(data, "AML421")
    assert finding.path == ("AutoMLJobConfig", "CompletionCriteria", "MaxRuntimePerTrainingJobInSeconds")
    assert "MaxAutoMLJobRuntimeInSeconds, which is omitted" in finding.message
    assert f"at most 30 days ({MAX_JOB_RUNTIME} s)" in finding.message
    assert finding.suggestion == str(MAX_JOB_RUNTIME)
    data["AutoMLJobConfig"]["CompletionCriteria"] = {"MaxRuntimePerTrainingJobInSeconds": MAX_JOB_RUNTIME}
    assert _found(data, "AML421") == []


def test_text_generation_job_runtime_is_compared_with_the_per_job_default_when_that_is_omitted() -> None:
    data = _spec("support-llm-textgen-v2")
    config = data["AutoMLProblemTypeConfig"]["TextGenerationJobConfig"]
    config["CompletionCriteria"] = {"MaxCandidates": 1, "MaxAutoMLJobRuntimeInSeconds": 86_400}
    [finding] = _found(data, "AML423")
    assert f"MaxRuntimePerTrainingJobInSeconds, which is omitted and defaults to {TEXTGEN_TRAINING_RUNTIME}" in (
        finding.message
    )
    config["CompletionCriteria"]["MaxRuntimePerTrainingJobInSeconds"] = 43_200  # written: no default involved
    assert _found(data, "AML423") == []


def test_algorithms_are_compared_with_the_auto_mode_an_omitted_mode_means() -> None:
    data = _spec("churn-binary-v1")
    data["AutoMLJobConfig"].pop("Mode", None)
    data["AutoMLJobConfig"]["CandidateGenerationConfig"] = {"AlgorithmsConfig": [{"AutoMLAlgorithms": ["xgboost"]}]}
    [finding] = _found(data, "AML401")
    assert "Mode is not set, so Autopilot picks the mode (AUTO)" in finding.message


def test_sample_weights_are_compared_with_the_auto_mode_an_omitted_mode_means() -> None:
    data = _spec("churn-tabular-v2")
    tabular = data["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    tabular.pop("Mode", None)
    tabular.pop("CandidateGenerationConfig", None)
    tabular["SampleWeightAttributeName"] = "weight"
    [finding] = _found(data, "AML407")
    assert "Mode is not set" in finding.message or "AUTO" in finding.message


def test_endpoint_naming_is_compared_with_the_false_default_of_auto_generate() -> None:
    data = _spec("churn-binary-v1")
    data["ModelDeployConfig"] = {}
    [finding] = _found(data, "AML502")
    assert "AutoGenerateEndpointName is not set (default false)" in finding.message


def test_channel_types_are_compared_with_the_training_default() -> None:
    data = _spec("churn-binary-v1")
    channel = data["InputDataConfig"][0]
    channel.pop("ChannelType", None)
    data["InputDataConfig"] = [channel, copy.deepcopy(channel)]
    assert _found(data, "AML301"), "two channels without ChannelType are two training channels"


def test_content_types_are_compared_with_the_csv_default() -> None:
    data = _spec("churn-binary-v1")
    training = data["InputDataConfig"][0]
    training.pop("ContentType", None)
    validation = {
        **copy.deepcopy(training),
        "ChannelType": "validation",
        "ContentType": "x-application/vnd.amazon+parquet",
    }
    data["InputDataConfig"] = [training, validation]
    [finding] = _found(data, "AML302")
    assert "text/csv;header=present" in finding.message


def test_each_default_a_relationship_uses_is_a_fact_with_its_source() -> None:
    from automlspec import facts

    source = Path(facts.__file__).read_text("utf-8")
    for name in ("DEFAULT_CHANNEL_TYPE", "DEFAULT_MODE", "DEFAULT_AUTO_GENERATE_ENDPOINT_NAME", "MAX_JOB_RUNTIME"):
        before = source.split(f"\n{name} = ", 1)[0].rsplit("\n\n", 1)[-1]
        assert "https://docs.aws.amazon.com/" in before, f"{name} cites no source"
    assert (facts.DEFAULT_CHANNEL_TYPE, facts.DEFAULT_MODE, facts.DEFAULT_AUTO_GENERATE_ENDPOINT_NAME) == (
        "training",
        "AUTO",
        False,
    )
