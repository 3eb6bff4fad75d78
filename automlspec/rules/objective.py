"""Problem type and objective metric (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html,
https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html).

Which metrics each problem type accepts, and which pairs of settings go together, come from the
model's AutoMLJobObjective.MetricName and TabularJobConfig.ProblemType documentation.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dialects import TABULAR, TEXT_GENERATION
from ..facts import KIND_METRICS, TABULAR_DEFAULTS, TABULAR_METRICS, TIME_SERIES_METRICS
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Spec
from ..suggest import closest
from ._rule import RuleContext, rule

ALL_TABULAR = tuple(dict.fromkeys(m for metrics in TABULAR_METRICS.values() for m in metrics))
# Metrics of the enum that only time-series forecasting accepts.
TIME_SERIES_ONLY = tuple(m for m in TIME_SERIES_METRICS if m not in ALL_TABULAR)
# A binary metric and its multiclass counterpart, for the suggestion.
COUNTERPART = {
    "F1": "F1macro",
    "F1macro": "F1",
    "Precision": "PrecisionMacro",
    "PrecisionMacro": "Precision",
    "Recall": "RecallMacro",
    "RecallMacro": "Recall",
}
ENUM_METRICS = frozenset((*ALL_TABULAR, *TIME_SERIES_METRICS))


def _allowed(spec: Spec) -> tuple[tuple[str, ...], str | None, str] | None:
    """(allowed metrics, default metric or None, what they are for) for the spec's problem type."""
    kind = spec.problem_kind
    if kind == TABULAR:
        problem_type = spec.problem_type
        if problem_type is None:
            return ALL_TABULAR, None, "tabular"
        if problem_type.value not in TABULAR_METRICS:
            return None  # an invalid ProblemType is AML104's finding
        return TABULAR_METRICS[problem_type.value], TABULAR_DEFAULTS[problem_type.value], problem_type.value
    if kind in KIND_METRICS:
        metrics, default = KIND_METRICS[kind]
        return metrics, default, spec.kind_label
    return None


def _suggest(metric: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    twin = COUNTERPART.get(metric)
    if twin in allowed:
        return twin
    return closest(metric, allowed) or default


def _is_set(spec: Spec, key: str) -> bool:
    return spec.request.get(key) is not None


def _problem_types_for(metric: str) -> list[str]:
    return [name for name, metrics in TABULAR_METRICS.items() if metric in metrics]


@rule("AML201", "metric-not-valid-for-problem-type", Severity.ERROR, fixes="unsafe")
def metric_for_problem_type(ctx: RuleContext) -> Iterator[Problem]:
    """The objective metric must be one that the problem type supports.

    ## What it does
    Checks `AutoMLJobObjective.MetricName` against the metrics the problem type accepts:

    | Problem type | Metrics | Default |
    | --- | --- | --- |
    | Regression | MAE, MSE, R2, RMSE | MSE |
    | BinaryClassification | Accuracy, AUC, BalancedAccuracy, F1, Precision, Recall | F1 |
    | MulticlassClassification | Accuracy, BalancedAccuracy, F1macro, PrecisionMacro, RecallMacro | Accuracy |
    | image or text classification | Accuracy | Accuracy |
    | time-series forecasting | RMSE, MASE, MAPE, WAPE, AverageWeightedQuantileLoss | AverageWeightedQuantileLoss |

    A tabular job without `ProblemType` accepts any of the tabular metrics. It suggests the matching
    metric (F1 for F1macro and back), else the closest one, else the problem type's default.
    Time-series metrics in a V1 request are AML202; an objective on text generation is AML205.

    ## Why
    A metric the problem type cannot compute leaves the job without an objective. The lists are the
    model's documentation; that the service rejects the job at creation is inferred (unverified).

    ## Example
    ```yaml
    ProblemType: Regression
    AutoMLJobObjective:
      MetricName: AUC
    ```

    ## Use instead
    ```yaml
    ProblemType: Regression
    AutoMLJobObjective:
      MetricName: RMSE
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-create-experiment-timeseries-forecasting.html
    """
    spec = ctx.spec
    metric = spec.metric
    if metric is None or metric.value not in ENUM_METRICS:
        return  # an unknown metric is AML104's finding
    if spec.is_v1 and metric.value in TIME_SERIES_ONLY:
        return  # AML202
    found = _allowed(spec)
    if found is None:
        return
    allowed, default, label = found
    if metric.value in allowed:
        return
    if len(allowed) == 1:
        choice = f"the only one is {allowed[0]}"
    else:
        choice = f"use one of {', '.join(allowed)}" + (f" (the default is {default})" if default else "")
    yield Problem(
        metric.path,
        f"{metric.path} '{metric.value}' is not a metric for {label}; {choice}",
        suggestion=_suggest(metric.value, allowed, default),
    )


@rule("AML202", "ts-metric-in-v1", Severity.ERROR, fixes="unsafe")
def ts_metric_in_v1(ctx: RuleContext) -> Iterator[Problem]:
    """A time-series metric in a CreateAutoMLJob (V1) request, which trains tabular models only.

    ## What it does
    Reports `MAPE`, `MASE`, `WAPE` or `AverageWeightedQuantileLoss` as the objective of a V1 job and
    suggests a tabular metric for its `ProblemType`.

    ## Why
    These metrics exist only for time-series forecasting, which is a CreateAutoMLJobV2
    (`TimeSeriesForecastingJobConfig`) problem type. That the service rejects them in V1 is inferred
    (unverified).

    ## Example
    ```yaml
    ProblemType: Regression
    AutoMLJobObjective:
      MetricName: MAPE
    ```

    ## Use instead
    ```yaml
    ProblemType: Regression
    AutoMLJobObjective:
      MetricName: MAE
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html
    """
    spec = ctx.spec
    metric = spec.metric
    if not spec.is_v1 or metric is None or metric.value not in TIME_SERIES_ONLY:
        return
    found = _allowed(spec) or (ALL_TABULAR, None, "tabular")
    allowed, default, label = found
    yield Problem(
        metric.path,
        f"{metric.path} '{metric.value}' is a time-series forecasting metric, and CreateAutoMLJob (V1) trains"
        f" tabular models only; use a metric for {label} ({', '.join(allowed)}), or forecast with"
        " CreateAutoMLJobV2 and TimeSeriesForecastingJobConfig",
        suggestion=_suggest(metric.value, allowed, default),
    )


def _both_or_neither(spec: Spec, problem_type_path: FieldPath, why: str) -> Iterator[Problem]:
    has_objective = _is_set(spec, "AutoMLJobObjective")
    problem_type = spec.get(problem_type_path)
    if problem_type is not None and not has_objective:
        default = TABULAR_DEFAULTS.get(problem_type) if isinstance(problem_type, str) else None
        yield Problem(
            problem_type_path,
            f"{problem_type_path} is set but AutoMLJobObjective is not; {why}: add AutoMLJobObjective"
            + (f" ({problem_type}'s default metric is {default})" if default else ""),
            suggestion=default,
            anchor="key",
            replaces=False,  # the metric for AutoMLJobObjective, not a replacement for ProblemType
        )
    elif problem_type is None and has_objective:
        metric = spec.metric
        candidates = _problem_types_for(metric.value) if metric else []
        hint = f" ({metric.value} fits {' or '.join(candidates)})" if metric and candidates else ""
        yield Problem(
            FieldPath(("AutoMLJobObjective",)),
            f"AutoMLJobObjective is set but {problem_type_path} is not; {why}: add {problem_type_path}{hint}"
            " or remove AutoMLJobObjective",
            suggestion=candidates[0] if len(candidates) == 1 else None,
            anchor="key",
            replaces=False,  # the ProblemType to add, not a replacement for AutoMLJobObjective
        )


@rule("AML203", "problemtype-objective-both-or-neither", Severity.ERROR)
def problem_type_and_objective_v2(ctx: RuleContext) -> Iterator[Problem]:
    """A V2 tabular job must set both `ProblemType` and `AutoMLJobObjective`, or neither.

    ## What it does
    Reports `TabularJobConfig.ProblemType` without `AutoMLJobObjective`, or the reverse, in a
    CreateAutoMLJobV2 request. It names the default metric of the problem type, or the problem type
    that the metric implies. V1 requests are checked by AML204.

    ## Why
    The model documents it for TabularJobConfig.ProblemType: "You must either specify the type of
    supervised learning problem in ProblemType and provide the AutoMLJobObjective metric, or none at
    all." Whether the service enforces it is unverified.

    ## Example
    ```yaml
    # unset: AutoMLJobObjective
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        ProblemType: BinaryClassification
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if spec.is_v1 or spec.problem_kind != TABULAR:
        return
    yield from _both_or_neither(
        spec, spec.problem_config_path / "ProblemType", "CreateAutoMLJobV2 needs both or neither"
    )


@rule("AML204", "problemtype-objective-both-or-neither-v1", Severity.WARNING)
def problem_type_and_objective_v1(ctx: RuleContext) -> Iterator[Problem]:
    """A V1 job should set both `ProblemType` and `AutoMLJobObjective`, or neither.

    ## What it does
    Reports `ProblemType` without `AutoMLJobObjective`, or the reverse, in a CreateAutoMLJob (V1)
    request. It has its own code so that teams that follow the SageMaker Python SDK can make it an
    error (`severity: {AML204: error}`) without touching the V2 rule, AML203.

    ## Why
    The V1 model text does not state this rule, and an older V1 API page said a missing metric is
    chosen per problem type; but the SageMaker Python SDK refuses it ("Either both of them should be
    provided or none of them should be provided"), and V2 documents it. Service behaviour for V1 is
    unverified, hence a warning.

    ## Example
    ```yaml
    # unset: AutoMLJobObjective
    ProblemType: BinaryClassification
    ```

    ## Use instead
    ```yaml
    ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Source
    - https://github.com/aws/sagemaker-python-sdk (src/sagemaker/automl/automl.py, `_check_problem_type_and_job_objective`)
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJob.html
    """
    spec = ctx.spec
    if not spec.is_v1:
        return
    yield from _both_or_neither(spec, FieldPath(("ProblemType",)), "the SageMaker Python SDK requires both or neither")


@rule("AML205", "objective-on-textgen", Severity.WARNING)
def objective_on_text_generation(ctx: RuleContext) -> Iterator[Problem]:
    """Text generation (LLM fine-tuning) takes no objective metric.

    ## What it does
    Reports `AutoMLJobObjective` in a job with `TextGenerationJobConfig`.

    ## Why
    Autopilot fine-tunes the model to a fixed objective, the cross-entropy loss, and "does not require
    setting the AutoMLJobObjective field"; a metric set here does not steer the job. How the service
    treats one is unverified.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Llama2-7BChat
    AutoMLJobObjective:
      MetricName: Accuracy
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Llama2-7BChat
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    """
    spec = ctx.spec
    if spec.problem_kind != TEXT_GENERATION or not _is_set(spec, "AutoMLJobObjective"):
        return
    yield Problem(
        FieldPath(("AutoMLJobObjective",)),
        "AutoMLJobObjective has no effect on text generation (TextGenerationJobConfig): fine-tuning always"
        " minimises cross-entropy loss; remove AutoMLJobObjective",
        anchor="key",
    )


@rule("AML206", "problem-type-inference-risk", Severity.INFO)
def problem_type_inference_risk(ctx: RuleContext) -> Iterator[Problem]:
    """A tabular job without `ProblemType` relies on Autopilot inferring it from the target column.

    ## What it does
    Reports a tabular job (V1, or V2 `TabularJobConfig`) that sets neither `ProblemType` nor
    `AutoMLJobObjective`. (One without the other is AML203 or AML204.) Its severity is `info`: leaving
    the problem type to Autopilot is documented and common (AWS's own example notebooks do it), so it
    never fails a run, even with `--strict`; raise it in the configuration (`severity:`) to enforce it.

    ## Why
    "In some cases, Autopilot is unable to infer the ProblemType with high enough confidence, in which
    case you must provide the value for the job to succeed." A numeric class label can also be taken
    for a regression target. Naming the problem type (and its metric) makes the job deterministic.

    ## Example
    ```yaml
    # unset: ProblemType, AutoMLJobObjective
    AutoMLJobName: churn-binary-v1
    ```

    ## Use instead
    ```yaml
    ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if spec.problem_kind != TABULAR or spec.problem_type is not None or _is_set(spec, "AutoMLJobObjective"):
        return
    path = FieldPath(("ProblemType",)) if spec.is_v1 else spec.problem_config_path / "ProblemType"
    if spec.get(path) is not None:
        return  # set but not a string: AML103's finding
    yield Problem(
        path,
        f"{path} is not set, so Autopilot must infer it from the target column, and the job fails when it"
        " cannot; set ProblemType (BinaryClassification, MulticlassClassification or Regression) and a"
        " matching AutoMLJobObjective",
    )
