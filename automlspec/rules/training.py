"""Training mode, algorithm selection, sample weights (A5) and completion criteria (A6).

V1 keeps these settings in ``AutoMLJobConfig``; V2 in the problem type's config. The Spec view hides
the difference (``spec.mode``, ``spec.candidate_generation_path``, ``spec.completion_criteria``).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dialects import TABULAR, TEXT_GENERATION, TIME_SERIES
from ..facts import (
    BY_MODE,
    DEFAULT_MODE,
    ENSEMBLING_ALGORITHMS,
    HPO_ALGORITHMS,
    MAX_JOB_RUNTIME,
    TABULAR_ALGORITHMS,
    TEXTGEN_TRAINING_RUNTIME,
    TIME_SERIES_ALGORITHMS,
)
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Field, Spec
from ._rule import RuleContext, rule

TINY_RUNTIME = 3_600


# ----- helpers ---------------------------------------------------------------------------------------


def _algorithm_lists(spec: Spec) -> Iterator[Field]:
    """Each AlgorithmsConfig[i].AutoMLAlgorithms list (tabular and time series only)."""
    if spec.problem_kind not in (TABULAR, TIME_SERIES):
        return
    entries = spec.get(spec.candidate_generation_path / "AlgorithmsConfig", list, [])
    for index, entry in enumerate(entries):
        found = spec.field(spec.candidate_generation_path.join("AlgorithmsConfig", index, "AutoMLAlgorithms"), list)
        if found is not None and isinstance(entry, dict):
            yield found


def _algorithms(spec: Spec) -> Iterator[Field]:
    """Each algorithm name (strings only) with its path."""
    for listing in _algorithm_lists(spec):
        for index, name in enumerate(listing.value):
            if isinstance(name, str):
                yield Field(listing.path / index, name)


def _effective_mode(spec: Spec) -> str | None:
    """ENSEMBLING, HYPERPARAMETER_TUNING or AUTO (also when omitted); None for an unknown value
    (AML104 reports it) or a job that is not tabular."""
    if spec.problem_kind != TABULAR:
        return None
    mode = spec.mode
    if mode is None:
        return None if spec.get(spec.problem_config_path / "Mode") is not None else DEFAULT_MODE
    return mode.value if mode.value in ("AUTO", *BY_MODE) else None


def _mode_words(spec: Spec) -> str:
    mode = spec.mode
    path = spec.problem_config_path / "Mode"
    return f"{path} is AUTO" if mode is not None else f"{path} is not set (Autopilot picks the mode from the data size)"


def _criterion(spec: Spec, name: str) -> Field | None:
    value = spec.completion_criteria.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return Field(spec.completion_criteria_path / name, value)
    return None


def _duration(seconds: int) -> str:
    """3600 -> '1 h', 3000000 -> 'about 34.7 d'."""
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            value = seconds / size
            return f"{value:g} {unit}" if (value * 10).is_integer() else f"about {value:.1f} {unit}"
    return f"{seconds} s"


def _deploy_note(spec: Spec) -> str:
    """Said when the job also deploys: a job stopped by its runtime limit skips unfinished steps,
    "such as automatic one-click Autopilot model deployment" (MaxAutoMLJobRuntimeInSeconds,
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html)."""
    if spec.get(("ModelDeployConfig",), dict) is None:
        return ""
    return " (a job stopped by this limit also skips the ModelDeployConfig deployment)"


# ----- A5: mode and algorithms ----------------------------------------------------------------------


@rule("AML401", "algorithms-in-auto-mode", Severity.ERROR, fixes="unsafe")
def algorithms_in_auto_mode(ctx: RuleContext):
    """`AlgorithmsConfig` needs an explicit training mode: not `AUTO`, and not omitted.

    ## What it does
    Reports a tabular job that lists algorithms in `CandidateGenerationConfig.AlgorithmsConfig` while
    `Mode` is `AUTO` or not set. The finding points at `Mode: AUTO` (with the mode your algorithms fit
    as the suggestion), or at `AlgorithmsConfig` when `Mode` is missing.

    ## Why
    The API says "AlgorithmsConfig should not be set if the training mode is set on AUTO". An omitted
    `Mode` is inferred from the data size, which is AUTO's behaviour, so treating it the same way is
    inferred (not stated by AWS).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        Mode: AUTO
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, lightgbm]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        Mode: ENSEMBLING
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, lightgbm]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CandidateGenerationConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLCandidateGenerationConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if _effective_mode(spec) != "AUTO":
        return
    path = spec.candidate_generation_path / "AlgorithmsConfig"
    entries = spec.get(path, list)
    if not entries:
        return
    names = {a.value for a in _algorithms(spec)}
    if names and names <= set(ENSEMBLING_ALGORITHMS):
        fits = "ENSEMBLING"
    elif names and names <= set(HPO_ALGORITHMS):
        fits = "HYPERPARAMETER_TUNING"
    else:
        fits = None
    advice = f"set Mode: {fits}" if fits else "set Mode: ENSEMBLING or HYPERPARAMETER_TUNING"
    if spec.mode is not None:
        yield Problem(
            spec.mode.path,
            f"{spec.mode.path} is AUTO, but {path} chooses algorithms, which only ENSEMBLING and"
            f" HYPERPARAMETER_TUNING modes accept; {advice}, or remove AlgorithmsConfig",
            suggestion=fits,
        )
    else:
        yield Problem(
            path,
            f"{path} chooses algorithms, but {spec.problem_config_path / 'Mode'} is not set, so Autopilot picks the"
            f" mode (AUTO), which does not accept an algorithm list; {advice}, or remove AlgorithmsConfig",
            anchor="key",
        )


@rule("AML402", "algorithms-per-mode", Severity.ERROR)
def algorithms_per_mode(ctx: RuleContext):
    """An algorithm the chosen training mode does not offer.

    ## What it does
    Checks each name in `AutoMLAlgorithms` against the list for the tabular `Mode`:
    ENSEMBLING accepts catboost, extra-trees, fastai, lightgbm, linear-learner, nn-torch, randomforest
    and xgboost; HYPERPARAMETER_TUNING accepts linear-learner, mlp and xgboost. The message names the
    allowed list and the mode that does offer the algorithm. (Time-series algorithms in a tabular job,
    and the reverse, are AML403.)

    ## Why
    The API requires that "selected algorithms must belong to the list corresponding to the training
    mode"; the job is rejected otherwise.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        Mode: ENSEMBLING
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, mlp]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        Mode: ENSEMBLING
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, nn-torch]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLAlgorithmConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-model-support-validation.html
    """
    spec = ctx.spec
    mode = _effective_mode(spec)
    allowed = BY_MODE.get(mode or "")
    if allowed is None:
        return
    other = "HYPERPARAMETER_TUNING" if mode == "ENSEMBLING" else "ENSEMBLING"
    for algo in _algorithms(spec):
        if algo.value not in TABULAR_ALGORITHMS or algo.value in allowed:
            continue  # unknown names are AML104, time-series names AML403
        # no did-you-mean: no name of one mode's list is a slip away from a name of the other's
        yield Problem(
            algo.path,
            f"{algo.path} '{algo.value}' is not available in {mode} mode (it is in {other} mode);"
            f" {mode} accepts {', '.join(allowed)}: pick from that list or set Mode: {other}",
        )


@rule("AML403", "algorithms-ts-in-tabular", Severity.ERROR)
def algorithms_wrong_problem_type(ctx: RuleContext):
    """A time-series algorithm in a tabular job, or a tabular algorithm in a time-series job.

    ## What it does
    Checks `AutoMLAlgorithms` against the problem type: time-series forecasting accepts only cnn-qr,
    deepar, prophet, arima, npts and ets; tabular jobs accept only the ENSEMBLING and
    HYPERPARAMETER_TUNING algorithms (catboost, extra-trees, fastai, lightgbm, linear-learner, mlp,
    nn-torch, randomforest, xgboost).

    ## Why
    The API documents a separate algorithm list for each problem type; a model from the other family
    cannot be trained on this data and the job is rejected.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [deepar, xgboost]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [deepar, prophet]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLAlgorithmConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-create-experiment-timeseries-forecasting.html
    """
    spec = ctx.spec
    if spec.problem_kind == TIME_SERIES:
        allowed, foreign, family = TIME_SERIES_ALGORITHMS, TABULAR_ALGORITHMS, "tabular"
    elif spec.problem_kind == TABULAR:
        mode = _effective_mode(spec)
        allowed = BY_MODE.get(mode or "", TABULAR_ALGORITHMS)
        foreign, family = TIME_SERIES_ALGORITHMS, "time-series"
    else:
        return
    for algo in _algorithms(spec):
        if algo.value in foreign:
            yield Problem(
                algo.path,
                f"{algo.path} '{algo.value}' is a {family} algorithm, but this is a {spec.kind_label} job;"
                f" choose from {', '.join(allowed)}",
            )


@rule("AML404", "algorithms-empty", Severity.WARNING)
def algorithms_empty(ctx: RuleContext):
    """An empty `AutoMLAlgorithms` list.

    ## What it does
    Reports `AutoMLAlgorithms: []`.

    ## Why
    The API documentation contradicts itself: it says "Choose a minimum of 1 algorithm", and also that
    an empty list means the full set of the mode's algorithms. Say what you mean: remove
    `AlgorithmsConfig` to use every algorithm, or list the ones you want.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: []
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, lightgbm]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLAlgorithmConfig.html
    """
    spec = ctx.spec
    for listing in _algorithm_lists(spec):
        if not listing.value:
            yield Problem(
                listing.path,
                f"{listing.path} is empty; the API both requires at least one algorithm and says an empty"
                " list means all of them: remove AlgorithmsConfig to use every algorithm, or list the ones you want",
            )


@rule("AML405", "algorithms-duplicates", Severity.WARNING)
def algorithms_duplicate(ctx: RuleContext):
    """An algorithm listed twice in `AutoMLAlgorithms`.

    ## What it does
    Reports the second and later occurrences of a name in the same list.

    ## Why
    A repeated algorithm adds nothing and usually hides a typo (the name you meant to write instead).
    That the service tolerates duplicates is unverified.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, lightgbm, xgboost]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost, lightgbm, catboost]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLAlgorithmConfig.html
    """
    spec = ctx.spec
    for listing in _algorithm_lists(spec):
        first: dict[str, int] = {}
        for index, name in enumerate(listing.value):
            if not isinstance(name, str):
                continue
            if name in first:
                yield Problem(
                    listing.path / index,
                    f"{listing.path / index} '{name}' is already listed at {listing.path / first[name]}; remove the repeat",
                )
            else:
                first[name] = index


# ----- A5: sample weights ---------------------------------------------------------------------------


@rule("AML406", "sample-weight-mode", Severity.ERROR)
def sample_weight_mode(ctx: RuleContext):
    """Sample weights with `Mode: HYPERPARAMETER_TUNING`.

    ## What it does
    Reports `SampleWeightAttributeName` (per channel in V1, in `TabularJobConfig` in V2) when the
    training mode is HYPERPARAMETER_TUNING.

    ## Why
    "Support for sample weights is available in Ensembling mode only."

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        SampleWeightAttributeName: weight
        Mode: HYPERPARAMETER_TUNING
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        SampleWeightAttributeName: weight
        Mode: ENSEMBLING
        CandidateGenerationConfig:
          AlgorithmsConfig:
            - AutoMLAlgorithms: [xgboost]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if _effective_mode(spec) != "HYPERPARAMETER_TUNING":
        return
    for weight in spec.sample_weights():
        yield Problem(
            weight.path,
            f"{weight.path} '{weight.value}' needs ENSEMBLING mode, but {spec.problem_config_path / 'Mode'} is"
            " HYPERPARAMETER_TUNING; set Mode: ENSEMBLING or remove the sample weights",
            anchor="key",
        )


@rule("AML407", "sample-weight-auto", Severity.WARNING)
def sample_weight_auto(ctx: RuleContext):
    """Sample weights while Autopilot picks the training mode.

    ## What it does
    Reports `SampleWeightAttributeName` when `Mode` is `AUTO` or not set.

    ## Why
    In AUTO mode Autopilot chooses ENSEMBLING for datasets smaller than 100 MB and HYPERPARAMETER_TUNING
    for larger ones, and sample weights work in ENSEMBLING mode only. A dataset that grows past 100 MB
    would make the weights unusable (inferred: AWS does not say whether the job then fails or ignores
    them). Set `Mode: ENSEMBLING` to be sure.

    ## Example
    ```yaml
    # unset: AutoMLProblemTypeConfig.TabularJobConfig.Mode, AutoMLProblemTypeConfig.TabularJobConfig.CandidateGenerationConfig
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        SampleWeightAttributeName: weight
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        SampleWeightAttributeName: weight
        Mode: ENSEMBLING
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if _effective_mode(spec) != "AUTO":
        return
    for weight in spec.sample_weights():
        yield Problem(
            weight.path,
            f"{weight.path} '{weight.value}' works in ENSEMBLING mode only, and {_mode_words(spec)}: AUTO chooses"
            " HYPERPARAMETER_TUNING for datasets of 100 MB or more; set Mode: ENSEMBLING",
            anchor="key",
        )


@rule("AML408", "sample-weight-is-target", Severity.ERROR)
def sample_weight_is_target(ctx: RuleContext):
    """The sample-weight column is the target column.

    ## What it does
    Reports `SampleWeightAttributeName` equal to `TargetAttributeName` (the same channel in V1,
    `TabularJobConfig` in V2). Column names are case sensitive, so only an exact match is reported.

    ## Why
    The weight column "is not considered as a predictive feature" and the target is what the model
    predicts; one column cannot be both. That the service rejects it is inferred.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        TargetAttributeName: churned
        SampleWeightAttributeName: churned
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        TargetAttributeName: churned
        SampleWeightAttributeName: weight
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    """
    spec = ctx.spec
    targets = {t.path.parent: t for t in spec.targets()}
    for weight in spec.sample_weights():
        target = targets.get(weight.path.parent)
        if target is not None and target.value and target.value == weight.value:  # blank: AML105's finding
            yield Problem(
                weight.path,
                f"{weight.path} '{weight.value}' is also the target column ({target.path}); name the column that"
                " holds the row weights, or remove SampleWeightAttributeName",
            )


@rule("AML409", "candidate-defs-and-deploy", Severity.WARNING)
def candidate_defs_and_deploy(ctx: RuleContext):
    """`GenerateCandidateDefinitionsOnly: true` with a `ModelDeployConfig`: nothing gets deployed.

    ## What it does
    Reports `ModelDeployConfig` when the job only generates candidate definitions
    (`GenerateCandidateDefinitionsOnly` at the top level in V1, in `TabularJobConfig` in V2).

    ## Why
    A job that only writes candidate definitions trains no model, so there is nothing to deploy; one of
    the two settings is a mistake (inferred).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        GenerateCandidateDefinitionsOnly: true
    ModelDeployConfig:
      EndpointName: churn-tabular-v2
    ```

    ## Use instead
    ```yaml
    # unset: ModelDeployConfig
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        GenerateCandidateDefinitionsOnly: true
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelDeployConfig.html
    """
    spec = ctx.spec
    if spec.problem_kind != TABULAR:
        return
    path = (
        FieldPath(("GenerateCandidateDefinitionsOnly",))
        if spec.is_v1
        else spec.problem_config_path / "GenerateCandidateDefinitionsOnly"
    )
    if spec.get(path, bool) is not True or spec.get(("ModelDeployConfig",), dict) is None:
        return
    yield Problem(
        FieldPath(("ModelDeployConfig",)),
        f"ModelDeployConfig asks for an endpoint, but {path} is true, so no model is trained and nothing is"
        f" deployed; remove ModelDeployConfig, or set {path.leaf}: false",
        anchor="key",
    )


# ----- A6: completion criteria ----------------------------------------------------------------------


@rule("AML420", "max-candidates-non-tabular", Severity.ERROR, fixes="unsafe")
def max_candidates_non_tabular(ctx: RuleContext):
    """`MaxCandidates` other than 1 for a problem type that trains a single candidate.

    ## What it does
    Reports `CompletionCriteria.MaxCandidates` other than 1 for image classification, text
    classification, time-series forecasting and text generation (V2). Values outside 1-750 are
    AML107's.

    ## Why
    "For text and image classification, time-series forecasting, as well as text generation (LLMs
    fine-tuning) problem types, the supported value is 1." Only tabular jobs may train up to 750
    candidates. The documentation states it; whether the service rejects or adjusts other values is
    unverified.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      ImageClassificationJobConfig:
        CompletionCriteria:
          MaxCandidates: 10
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      ImageClassificationJobConfig:
        CompletionCriteria:
          MaxCandidates: 1
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
    """
    spec = ctx.spec
    if spec.is_v1 or spec.problem_kind in (None, TABULAR):
        return
    found = _criterion(spec, "MaxCandidates")
    if found is None or found.value == 1 or not 1 <= found.value <= 750:
        return
    yield Problem(
        found.path,
        f"{found.path} is {found.value}; {spec.kind_label} jobs support only 1 candidate: set it to 1 or remove it",
        suggestion="1",
    )


@rule("AML421", "total-runtime-ge-per-job", Severity.ERROR, fixes="unsafe")
def total_runtime_ge_per_job(ctx: RuleContext):
    """The job's runtime limit is shorter than one training job's.

    ## What it does
    Reports `MaxAutoMLJobRuntimeInSeconds` smaller than `MaxRuntimePerTrainingJobInSeconds`. When the
    job's limit is omitted (it has no documented default), the per-job limit is compared with the
    30 days (2,592,000 seconds) an Autopilot job can run at most, and the message says so.

    ## Why
    The job's limit "must be equal to or greater than MaxRuntimePerTrainingJobInSeconds" (AWS CLI
    reference for create-auto-ml-job and older API model text; the current model no longer says it, so
    live enforcement is unverified). Either way a candidate could never use its full budget, and with a
    `ModelDeployConfig` the deployment step may be cut off.

    ## Example
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxRuntimePerTrainingJobInSeconds: 7200
        MaxAutoMLJobRuntimeInSeconds: 3600
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxRuntimePerTrainingJobInSeconds: 3600
        MaxAutoMLJobRuntimeInSeconds: 14400
    ```

    ## Source
    - https://docs.aws.amazon.com/cli/v1/reference/sagemaker/create-auto-ml-job.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html
    """
    spec = ctx.spec
    total = _criterion(spec, "MaxAutoMLJobRuntimeInSeconds")
    per_job = _criterion(spec, "MaxRuntimePerTrainingJobInSeconds")
    if per_job is not None and total is None and "MaxAutoMLJobRuntimeInSeconds" not in spec.completion_criteria:
        # omitted: no documented default, but the job cannot run longer than the 30-day maximum (facts.py)
        if per_job.value > MAX_JOB_RUNTIME:
            yield Problem(
                per_job.path,
                f"{per_job.path} is {per_job.value} ({_duration(per_job.value)}), above the job's"
                f" MaxAutoMLJobRuntimeInSeconds, which is omitted: a job runs at most 30 days ({MAX_JOB_RUNTIME} s)",
                suggestion=str(MAX_JOB_RUNTIME),
            )
        return
    if total is None or per_job is None or total.value >= per_job.value or total.value < 1:
        return
    yield Problem(
        total.path,
        f"{total.path} is {total.value} ({_duration(total.value)}), less than {per_job.path.leaf} {per_job.value}"
        f" ({_duration(per_job.value)}); the whole job must be allowed at least as long as one training job:"
        f" raise it to {per_job.value} or more, or lower {per_job.path.leaf}{_deploy_note(spec)}",
        suggestion=str(per_job.value),
    )


@rule("AML422", "total-runtime-30d", Severity.ERROR, fixes="unsafe")
def total_runtime_30d(ctx: RuleContext):
    """`MaxAutoMLJobRuntimeInSeconds` above the 30-day maximum.

    ## What it does
    Reports a job runtime limit above 2,592,000 seconds (30 days).

    ## Why
    Autopilot's quotas give 30 days as the maximum runtime of a job, and it is not in the list of
    quotas you can raise. Whether the service rejects a larger value or caps it is unverified
    (inferred error): either way the job cannot run longer.

    ## Example
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxAutoMLJobRuntimeInSeconds: 3000000
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxAutoMLJobRuntimeInSeconds: 2592000
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html
    """
    spec = ctx.spec
    total = _criterion(spec, "MaxAutoMLJobRuntimeInSeconds")
    if total is None or total.value <= MAX_JOB_RUNTIME:
        return
    yield Problem(
        total.path,
        f"{total.path} is {total.value} ({_duration(total.value)}); an Autopilot job runs at most 30 days"
        f" ({MAX_JOB_RUNTIME} s): lower it to {MAX_JOB_RUNTIME} or less",
        suggestion=str(MAX_JOB_RUNTIME),
    )


@rule("AML423", "per-job-vs-textgen-default", Severity.WARNING, fixes="unsafe")
def per_job_vs_textgen_default(ctx: RuleContext):
    """A text-generation job limited to less than the 72-hour default of its training job.

    ## What it does
    Reports a `TextGenerationJobConfig` whose `MaxAutoMLJobRuntimeInSeconds` is below 259,200 seconds
    (72 hours) while `MaxRuntimePerTrainingJobInSeconds` is not set, so the fine-tuning job keeps its
    72-hour default.

    ## Why
    "For TextGenerationJobConfig problem types, the maximum time defaults to 72 hours", and fine-tuning
    10 epochs "typically takes up to 72h"; AWS recommends a large `MaxAutoMLJobRuntimeInSeconds`. With a
    shorter job limit the fine-tuning can be stopped before it finishes, and any deployment step is not
    completed.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        CompletionCriteria:
          MaxCandidates: 1
          MaxAutoMLJobRuntimeInSeconds: 86400
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        CompletionCriteria:
          MaxCandidates: 1
          MaxAutoMLJobRuntimeInSeconds: 259200
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-set-hyperparameters.html
    """
    spec = ctx.spec
    if spec.problem_kind != TEXT_GENERATION or spec.is_v1:
        return
    total = _criterion(spec, "MaxAutoMLJobRuntimeInSeconds")
    if total is None or total.value >= TEXTGEN_TRAINING_RUNTIME or total.value < 1:
        return
    if "MaxRuntimePerTrainingJobInSeconds" in spec.completion_criteria:
        return
    yield Problem(
        total.path,
        f"{total.path} is {total.value} ({_duration(total.value)}), below MaxRuntimePerTrainingJobInSeconds,"
        f" which is omitted and defaults to {TEXTGEN_TRAINING_RUNTIME} (72 h) for text generation: the"
        f" fine-tuning job can be stopped unfinished{_deploy_note(spec)}",
        suggestion=str(TEXTGEN_TRAINING_RUNTIME),
    )


@rule("AML424", "tiny-runtime", Severity.WARNING, fixes="unsafe")
def tiny_runtime(ctx: RuleContext):
    """A job runtime limit under one hour.

    ## What it does
    Reports `MaxAutoMLJobRuntimeInSeconds` below 3,600 seconds. (For text generation without a
    per-training-job limit, AML423 reports it instead.)

    ## Why
    Data analysis and feature engineering take part of the budget before any candidate trains; a job
    stopped this early may end with no usable candidate and skips unfinished steps such as deployment.
    The one-hour threshold is a judgement, not an AWS limit.

    ## Example
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxRuntimePerTrainingJobInSeconds: 600
        MaxAutoMLJobRuntimeInSeconds: 900
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxRuntimePerTrainingJobInSeconds: 600
        MaxAutoMLJobRuntimeInSeconds: 7200
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
    """
    spec = ctx.spec
    total = _criterion(spec, "MaxAutoMLJobRuntimeInSeconds")
    if total is None or total.value >= TINY_RUNTIME or total.value < 1:
        return
    if spec.problem_kind == TEXT_GENERATION and "MaxRuntimePerTrainingJobInSeconds" not in spec.completion_criteria:
        return  # AML423
    yield Problem(
        total.path,
        f"{total.path} is {total.value} ({_duration(total.value)}); a job stopped in under an hour may finish"
        f" with no usable candidate: allow at least 3600{_deploy_note(spec)}",
        suggestion="3600",
    )
