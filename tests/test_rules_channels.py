"""Channel, data-split and objective rules on input a case file cannot show well: odd types, and the
did-you-mean helpers they rely on."""

from __future__ import annotations

import pytest

from automlspec.config import Config
from automlspec.lint import lint_text
from automlspec.suggest import closest, content_type

V2_HEAD = """\
AutoMLJobName: odd
OutputDataConfig:
  S3OutputPath: s3://acme-ml-artifacts/odd/output/
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
"""

ODD = [
    # channels that are not mappings, or hold wrongly typed members
    "AutoMLJobInputDataConfig: [training, 3]\nAutoMLProblemTypeConfig: {TabularJobConfig: {TargetAttributeName: y}}\n",
    "AutoMLJobInputDataConfig:\n  - ContentType: 5\n    ChannelType: [validation]\n    CompressionType: Gzip\n"
    "    DataSource: s3://acme/x\n  - ChannelType: validation\n    DataSource: {S3DataSource: []}\n"
    "AutoMLProblemTypeConfig: {TimeSeriesForecastingJobConfig: {}}\nDataSplitConfig: 0.3\n",
    "AutoMLJobInputDataConfig: {ChannelType: validation}\nAutoMLProblemTypeConfig: {}\nDataSplitConfig:\n"
    "  ValidationFraction: half\nAutoMLJobObjective: F1\n",
    "AutoMLJobInputDataConfig: []\nAutoMLProblemTypeConfig:\n  TabularJobConfig:\n    ProblemType: [Regression]\n"
    "AutoMLJobObjective: {MetricName: 7}\nDataSplitConfig: {ValidationFraction: true}\n",
]


@pytest.mark.parametrize("body", ODD)
def test_odd_input_never_breaks_a_rule(body: str) -> None:
    findings = lint_text("odd.yaml", V2_HEAD + body, Config())
    assert not [f for f in findings if f.rule == "AML000"], findings


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        ("text/csv", "text/csv;header=present"),
        ("TEXT/CSV; header=present", "text/csv;header=present"),
        ("application/x-parquet", "x-application/vnd.amazon+parquet"),
        ("application/vnd.apache.parquet", "x-application/vnd.amazon+parquet"),
        ("image/jpg", "image/jpeg"),
        ("image/PNG", "image/png"),
        ("application/json", None),
    ],
)
def test_content_type_spellings(value: str, meant: str | None) -> None:
    assert content_type(value) == meant


@pytest.mark.parametrize("value", ["wQL", "Average wQL", "avg_wql", "WeightedQuantileLoss"])
def test_wql_spellings_mean_average_weighted_quantile_loss(value: str) -> None:
    metrics = ["Accuracy", "MSE", "RMSE", "MAPE", "MASE", "WAPE", "AverageWeightedQuantileLoss"]
    assert closest(value, metrics) == "AverageWeightedQuantileLoss"


def test_alias_only_when_its_target_is_a_choice() -> None:
    assert closest("wQL", ["Accuracy", "F1"]) is None
