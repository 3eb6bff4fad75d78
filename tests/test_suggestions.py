"""Issue 22: suggestions that are never wrong. Each case the issue lists, as a test.

Specs are the example specs with one change, so that every other field is valid and a finding here is
the change's own.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.findings import Finding
from automlspec.lint import LintResult, lint_text
from automlspec.suggest import country_code, forecast_frequency, forecast_quantile, hyphen_name, ranked, s3_uri
from automlspec.views.findings import help_text, report_of, reporter

SPECS = Path(__file__).resolve().parent.parent / "specs"
V1 = (SPECS / "churn-binary-v1.yaml").read_text("utf-8")
V2 = (SPECS / "churn-tabular-v2.yaml").read_text("utf-8")
TS = (SPECS / "demand-forecast-timeseries-v2.yaml").read_text("utf-8")


def lint(text: str) -> list[Finding]:
    return lint_text("spec.yaml", text, Config())


def changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def only(text: str, rule: str | None = None) -> Finding:
    """The one finding of ``text`` (of ``rule``)."""
    found = [f for f in lint(text) if rule is None or f.rule == rule]
    assert len(found) == 1, [(f.rule, f.message) for f in found]
    return found[0]


def shown(finding: Finding) -> str | None:
    return help_text(finding)


# ----- wrong suggestions, as the issue found them -------------------------------------------------------


def test_quantiles_written_as_decimals_are_the_percentiles_meant() -> None:
    text = changed(TS, "ForecastQuantiles: [p10, p50, p90]", "ForecastQuantiles: ['0.1', '0.5', '0.9']")
    found = [f for f in lint(text) if "ForecastQuantiles" in str(f.path)]
    assert [shown(f) for f in found] == ["p10", "p50", "p90"]  # never p1, p5, p9
    assert all(f.fix is not None and f.fix.applicability == "safe" for f in found)
    unquoted = only(changed(TS, "ForecastQuantiles: [p10, p50, p90]", "ForecastQuantiles: [0.1, p50, p90]"))
    assert unquoted.rule == "AML103" and shown(unquoted) == "p10"
    assert "quote it" not in unquoted.message  # '0.1' is no quantile either
    assert forecast_quantile("0.125") is None and forecast_quantile("P5") == ("p5", True)


def test_a_prefixed_key_is_the_field_it_ends_with_and_a_safe_rename() -> None:
    text = changed(V2, "OutputDataConfig:", "AutoMLJobOutputDataConfig:")
    typo = only(text, "AML102")
    assert shown(typo) == "OutputDataConfig"  # not AutoMLJobInputDataConfig, which is set already
    assert typo.fix is not None and (typo.fix.applicability, typo.fix.target) == ("safe", "key")
    assert {f.rule for f in lint(text)} == {"AML101", "AML102"}  # OutputDataConfig is missing, elsewhere


def test_a_field_one_level_off_belongs_under_its_structure() -> None:
    text = changed(
        V1, "  Mode: ENSEMBLING\n", "  Mode: ENSEMBLING\n  AlgorithmsConfig:\n    - AutoMLAlgorithms: [xgboost]\n"
    )
    misplaced = only(text, "AML102")
    assert misplaced.message.endswith("AlgorithmsConfig belongs under AutoMLJobConfig.CandidateGenerationConfig")
    assert misplaced.suggestion is None and shown(misplaced) is None  # not DataSplitConfig


def test_a_training_job_field_is_named_as_such_and_removed_not_respelt() -> None:
    text = changed(
        V2,
        "        S3DataType: S3Prefix\n",
        "        S3DataType: S3Prefix\n        S3DataDistributionType: FullyReplicated\n",
    )
    pasted = only(text)
    assert pasted.rule == "AML102" and pasted.suggestion is None  # S3DataType is set already
    assert "S3DataDistributionType is a CreateTrainingJob field" in pasted.message
    assert pasted.message.endswith("and CreateAutoMLJobV2 has no equivalent: remove it")
    tuning = only(V2 + "HyperParameterTuningJobName: churn-tune\n")
    assert "is a CreateHyperParameterTuningJob field" in tuning.message


def test_the_target_on_a_v2_channel_belongs_under_the_tabular_config() -> None:
    text = changed(V2, "  - ChannelType: training\n", "  - ChannelType: training\n    TargetAttributeName: churned\n")
    [stray] = [f for f in lint(text) if f.rule == "AML102"]
    assert "TabularJobConfig already sets TargetAttributeName: remove this one" in stray.message
    moved = changed(text, "    TargetAttributeName: churned\n    SampleWeight", "    SampleWeight")
    [stray] = [f for f in lint(moved) if f.rule == "AML102"]
    assert stray.message.endswith("TargetAttributeName belongs under AutoMLProblemTypeConfig.TabularJobConfig")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("s3//acme-ml-data/train/", "s3://acme-ml-data/train/"),
        ("arn:aws:s3:::acme-ml-data/train/", "s3://acme-ml-data/train/"),
        ("'s3 ://acme/x'", "s3://acme/x"),
    ],
)
def test_s3_locations_are_repaired_not_prefixed(written: str, meant: str) -> None:
    text = changed(V2, "S3Uri: s3://acme-ml-data/churn/train/", f"S3Uri: {written}")
    finding = only(text, "AML106")
    assert shown(finding) == meant and finding.fix is not None and finding.fix.applicability == "safe"
    assert s3_uri("ftp://acme/x") is None and s3_uri("arn:aws:iam::123456789012:role/x") is None


@pytest.mark.parametrize(
    ("spec", "old", "new", "meant"),
    [
        ("v1", "ProblemType: BinaryClassification", "ProblemType: binary", "BinaryClassification"),
        ("v1", "ProblemType: BinaryClassification", "ProblemType: multiclass", None),  # F1 is no multiclass metric
        ("ts", "ForecastFrequency: 1D", "ForecastFrequency: daily", "1D"),
        ("ts", "CountryCode: US", "CountryCode: USA", "US"),
        ("ts", "CountryCode: US", "CountryCode: Germany", "DE"),
    ],
)
def test_obvious_words_get_their_value(spec: str, old: str, new: str, meant: str | None) -> None:
    finding = only(changed(V1 if spec == "v1" else TS, old, new))
    assert shown(finding) == meant


def test_multiclass_is_suggested_where_the_metric_allows_it() -> None:
    text = changed(V1, "ProblemType: BinaryClassification", "ProblemType: multiclass")
    assert shown(only(changed(text, "MetricName: F1", "MetricName: Accuracy"))) == "MulticlassClassification"


def test_the_job_name_is_shortened_by_whole_words_keeping_its_timestamp() -> None:
    finding = only(changed(V1, "AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn-binary-retrain-20240115143000"))
    assert finding.rule == "AML105" and shown(finding) == "churn-binary-20240115143000"
    assert hyphen_name("customer-churn-prediction-20240115-143000", 32) == "customer-churn-20240115-143000"
    assert hyphen_name("a" * 40, 32) == "a" * 32  # one word is cut; a number never is
    assert hyphen_name("2" * 40, 32) is None


def _one_line(text: str, name: str) -> str:
    findings = lint(text)
    out = io.StringIO()
    reporter(name)(report_of(LintResult(findings, 1, 1, {"spec.yaml": text})), out, False)
    return out.getvalue()


def test_one_line_formats_carry_the_help_even_when_the_message_names_it() -> None:
    text = changed(V2, "MetricName: AUC", "MetricName: Acuracy")
    assert "(help: Accuracy)" in _one_line(text, "github")
    assert "[*]" not in _one_line(text, "concise")  # a guess: an unsafe fix
    quantile = changed(TS, "ForecastQuantiles: [p10, p50, p90]", "ForecastQuantiles: [P1, p50, p90]")
    concise = _one_line(quantile, "concise")
    assert "from p1 to p99" in concise and concise.rstrip().endswith("(help: p1)")
    assert "[error] [*] AutoMLProblemTypeConfig" in concise  # the fixable mark, as in the text format
    junit = _one_line(quantile, "junit")
    assert "(help: p1)" in junit


# ----- suggestions that ignored the rest of the spec ---------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "old", "new"),
    [
        ("v2", "ValidationFraction: 0.2", "ValidationFraction: 1.5"),  # 1: AML351 wants it below 1
        ("v2", "ValidationFraction: 0.2", "ValidationFraction: -0.5"),  # 0: AML351 wants it above 0
        ("v1", "MaxAutoMLJobRuntimeInSeconds: 28800", "MaxAutoMLJobRuntimeInSeconds: 0"),  # 1 s < 3600 s per job
        ("ts", "MaxCandidates: 1", "MaxCandidates: 751"),  # 750: time series trains one candidate
    ],
)
def test_a_bound_that_another_rule_forbids_is_not_suggested(spec: str, old: str, new: str) -> None:
    text = changed({"v1": V1, "v2": V2, "ts": TS}[spec], old, new)
    found = [f for f in lint(text) if f.rule == "AML107"]
    assert found and all(f.suggestion is None and f.fix is None for f in found), [
        (f.message, f.suggestion) for f in found
    ]
    assert all("; did you mean" not in f.message for f in found)


def test_enum_values_are_suggested_from_what_this_spec_allows() -> None:
    algorithms = "    CandidateGenerationConfig:\n      AlgorithmsConfig:\n        - AutoMLAlgorithms: [{}]\n"
    ts = changed(TS, "    CompletionCriteria:\n", algorithms.format("xgbost") + "    CompletionCriteria:\n")
    assert shown(only(ts, "AML104")) is None  # xgboost is no forecasting algorithm
    ts = changed(TS, "    CompletionCriteria:\n", algorithms.format("prophett") + "    CompletionCriteria:\n")
    assert shown(only(ts, "AML104")) == "prophet"
    metric = only(changed(TS, "MetricName: AverageWeightedQuantileLoss", "MetricName: F!"), "AML104")
    assert shown(metric) is None  # F1 is no forecasting metric
    metric = only(changed(TS, "MetricName: AverageWeightedQuantileLoss", "MetricName: MAPEE"), "AML104")
    assert shown(metric) == "MAPE"
    text_spec = (SPECS / "ticket-routing-textcls-v2.yaml").read_text("utf-8")
    metric = only(changed(text_spec, "MetricName: Accuracy", "MetricName: F!"), "AML104")
    assert shown(metric) is None  # F1 is no text classification metric
    metric = only(changed(text_spec, "MetricName: Accuracy", "MetricName: Acuracy"), "AML104")
    assert shown(metric) == "Accuracy"
    assert ranked("xgbost", ["xgboost", "arima", "prophet"]) == ["xgboost"]


def test_a_channel_type_that_clashes_with_validation_fraction_is_not_suggested() -> None:
    second = (
        "  - ChannelType: Validaton\n    ContentType: text/csv;header=present\n    DataSource:\n      S3DataSource:\n"
        "        S3DataType: S3Prefix\n        S3Uri: s3://acme-ml-data/churn/validation/\n"
    )
    text = changed(V2, "OutputDataConfig:", second + "OutputDataConfig:")
    typo = [f for f in lint(text) if f.rule == "AML104"]
    assert typo and shown(typo[0]) is None  # `validation` would clash with ValidationFraction (AML305)
    without = changed(text, "DataSplitConfig:\n  ValidationFraction: 0.2\n", "")
    assert shown(only(without, "AML104")) == "validation"


def test_json_has_no_suggestion_the_text_format_does_not_show() -> None:
    v1 = changed(V1, "AutoMLJobObjective:\n  MetricName: F1\n", "")
    found = [f for f in lint(v1) if f.rule == "AML204"]  # the V1 warning: its span is the ProblemType key too
    assert found and all(f.suggestion is None and f.fix is None for f in found)
    text = changed(V2, "AutoMLJobObjective:\n  MetricName: AUC\n", "")
    found = [f for f in lint(text) if f.rule == "AML203"]
    assert found and all(f.suggestion is None for f in found)
    assert all("default metric is" in f.message for f in found)  # the message names it
    out = io.StringIO()
    reporter("json")(report_of(LintResult(found, 1, 1, {"spec.yaml": text})), out, False)
    assert all("suggestion" not in item for item in json.loads(out.getvalue()))


def test_a_quantile_of_five_thousand_digits_is_a_finding_not_a_crash() -> None:
    # issue 23 item 17: int() of the digits raised ValueError past Python's 4,300-digit limit
    text = changed(TS, "ForecastQuantiles: [p10, p50, p90]", "ForecastQuantiles: [p" + "9" * 5_000 + ", p50]")
    finding = only(text, "AML105")
    assert finding.suggestion is None


def test_the_helpers_read_what_people_write() -> None:
    assert forecast_frequency("weekly") == "1W" and forecast_frequency("quarterly") == "3M"
    assert country_code("usa") == "US" and country_code("GBR") == "GB" and country_code("Atlantis") is None
