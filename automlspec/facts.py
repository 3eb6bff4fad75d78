"""Documented AWS facts about Autopilot jobs that the botocore model does not carry as data: they are
written in its documentation strings or in the developer guide. Each table cites its public source.

Rules check specs against these tables, ``resolve`` fills defaults from them and ``init`` writes them into
starter specs, so every one of those reads the same copy. (The API reference pages are the botocore
model's ``documentation`` text, so ``scripts/generate_model.py`` keeps them in ``resources/model_docs.json``.)
"""

from __future__ import annotations

from .dialects import IMAGE, TABULAR, TEXT_CLASSIFICATION, TEXT_GENERATION, TIME_SERIES

# ----- channels -----------------------------------------------------------------------------------

# The exact ContentType strings the channel documentation lists, per problem type; the first is the
# documented default. Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
# (V1: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html lists the tabular pair).
CSV = "text/csv;header=present"
PARQUET = "x-application/vnd.amazon+parquet"
CONTENT_TYPES = {
    TABULAR: (CSV, PARQUET),
    IMAGE: ("image/*", "image/png", "image/jpeg"),
    TEXT_CLASSIFICATION: (CSV, PARQUET),
    TIME_SERIES: (CSV, PARQUET),
    TEXT_GENERATION: (CSV, PARQUET),
}

# Omitted, ChannelType is training: "The default value is training".
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
DEFAULT_CHANNEL_TYPE = "training"

# "The supported formats depend on the problem type": S3DataType per problem type.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html (AutoMLJobInputDataConfig)
S3_DATA_TYPES = {
    TABULAR: ("S3Prefix", "ManifestFile"),
    IMAGE: ("S3Prefix", "ManifestFile", "AugmentedManifestFile"),
    TEXT_CLASSIFICATION: ("S3Prefix",),
    TIME_SERIES: ("S3Prefix",),
    TEXT_GENERATION: ("S3Prefix",),
}

# ----- objective metrics --------------------------------------------------------------------------

# The metrics each problem type accepts, and its default objective.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html
TABULAR_METRICS = {
    "Regression": ("MAE", "MSE", "R2", "RMSE"),
    "BinaryClassification": ("Accuracy", "AUC", "BalancedAccuracy", "F1", "Precision", "Recall"),
    "MulticlassClassification": ("Accuracy", "BalancedAccuracy", "F1macro", "PrecisionMacro", "RecallMacro"),
}
TABULAR_DEFAULTS = {"Regression": "MSE", "BinaryClassification": "F1", "MulticlassClassification": "Accuracy"}
# The documentation lists "wQL" and "Average wQL" too; the enum spells them AverageWeightedQuantileLoss.
TIME_SERIES_METRICS = ("RMSE", "MASE", "MAPE", "WAPE", "AverageWeightedQuantileLoss")
# Problem kinds other than tabular: (accepted metrics, default). Text generation has no objective to set.
KIND_METRICS = {
    IMAGE: (("Accuracy",), "Accuracy"),
    TEXT_CLASSIFICATION: (("Accuracy",), "Accuracy"),
    TIME_SERIES: (TIME_SERIES_METRICS, "AverageWeightedQuantileLoss"),
}

# Whether a higher or a lower value of an objective metric is better. The API says it per candidate
# (FinalAutoMLJobObjectiveMetric.Type: Maximize | Minimize); this table is for answers that lack it.
# Accuracy, AUC, BalancedAccuracy, F1, F1macro, Precision(Macro), Recall(Macro), R2 are scores (1 is
# perfect); LogLoss, MAE, MSE, RMSE are errors and losses.
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-metrics-validation.html
# RMSE, MASE, MAPE, WAPE and the average weighted quantile loss (wQL) are forecast errors.
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-objective-metric.html
# ROUGE scores: higher is better; perplexity and the losses: lower is better (LLM fine-tuning).
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-metrics.html
MAXIMIZE = "Maximize"
MINIMIZE = "Minimize"
OBJECTIVE_DIRECTION: dict[str, str] = {
    "Accuracy": MAXIMIZE,
    "AUC": MAXIMIZE,
    "BalancedAccuracy": MAXIMIZE,
    "F1": MAXIMIZE,
    "F1macro": MAXIMIZE,
    "Precision": MAXIMIZE,
    "PrecisionMacro": MAXIMIZE,
    "Recall": MAXIMIZE,
    "RecallMacro": MAXIMIZE,
    "R2": MAXIMIZE,
    "Rouge1": MAXIMIZE,
    "Rouge2": MAXIMIZE,
    "RougeL": MAXIMIZE,
    "RougeLSum": MAXIMIZE,
    "MSE": MINIMIZE,
    "RMSE": MINIMIZE,
    "MAE": MINIMIZE,
    "LogLoss": MINIMIZE,
    "MAPE": MINIMIZE,
    "MASE": MINIMIZE,
    "WAPE": MINIMIZE,
    "AverageWeightedQuantileLoss": MINIMIZE,
    "InferenceLatency": MINIMIZE,
    "Perplexity": MINIMIZE,
    "ValidationLoss": MINIMIZE,
    "TrainingLoss": MINIMIZE,
}


def objective_direction(metric: str | None) -> str:
    """``Maximize`` or ``Minimize`` for a metric name; an unknown or missing metric is treated as a
    score (``Maximize``), which is what most of the enum is."""
    return OBJECTIVE_DIRECTION.get(metric or "", MAXIMIZE)


# ----- training modes and algorithms --------------------------------------------------------------

# The algorithms each training mode accepts, and the time-series list, in the documentation's order.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLAlgorithmConfig.html and
# https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-model-support-validation.html
ENSEMBLING_ALGORITHMS = (
    "catboost",
    "extra-trees",
    "fastai",
    "lightgbm",
    "linear-learner",
    "nn-torch",
    "randomforest",
    "xgboost",
)
HPO_ALGORITHMS = ("linear-learner", "mlp", "xgboost")
TIME_SERIES_ALGORITHMS: tuple[str, ...] = ("cnn-qr", "deepar", "prophet", "arima", "npts", "ets")
TABULAR_ALGORITHMS = tuple(dict.fromkeys(ENSEMBLING_ALGORITHMS + HPO_ALGORITHMS))
BY_MODE = {"ENSEMBLING": ENSEMBLING_ALGORITHMS, "HYPERPARAMETER_TUNING": HPO_ALGORITHMS}

# Omitted, the training mode is left to Autopilot, which is what AUTO means: "If you keep blank (or null), the
# Mode is inferred based on the size of your dataset" (ENSEMBLING below 100 MB, HYPERPARAMETER_TUNING above).
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
# and https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobConfig.html (Mode)
DEFAULT_MODE = "AUTO"

# ----- deployment ---------------------------------------------------------------------------------

# Omitted, AutoGenerateEndpointName is false: "The default value is False".
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ModelDeployConfig.html
DEFAULT_AUTO_GENERATE_ENDPOINT_NAME = False

# ----- runtimes -----------------------------------------------------------------------------------

# 30 days: "Maximum runtime for an Autopilot job", not adjustable.
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html
MAX_JOB_RUNTIME = 2_592_000
# 72 hours: the default MaxRuntimePerTrainingJobInSeconds of a text-generation (LLM fine-tuning) job.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
TEXTGEN_TRAINING_RUNTIME = 259_200

# ----- time series --------------------------------------------------------------------------------

# "Maximum Forecast horizon 500, Adjustable: Yes".
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-forecasting-limits.html
MAX_HORIZON = 500
# The quantiles forecast when ForecastQuantiles is omitted.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesForecastingJobConfig.html
FORECAST_QUANTILES = ("p10", "p50", "p90")

# ----- text generation (LLM fine-tuning) ----------------------------------------------------------

# "Text generation models supporting fine-tuning in Autopilot".
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
BASE_MODELS = (
    "Dolly3B",
    "Dolly7B",
    "Dolly12B",
    "Falcon7B",
    "Falcon7BInstruct",
    "Falcon40B",
    "Falcon40BInstruct",
    "FlanT5L",
    "FlanT5XL",
    "FlanT5XXL",
    "Llama2-7B",
    "Llama2-7BChat",
    "Llama2-13B",
    "Llama2-13BChat",
    "Mistral7B",
    "Mistral7BInstruct",
    "MPT7B",
    "MPT7BInstruct",
)
# Omitted, the job fine-tunes this model.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html
BASE_MODEL = "Falcon7BInstruct"
# TextGenerationHyperParameters: name -> (kind, low, high), inclusive.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextGenerationJobConfig.html and
# https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-set-hyperparameters.html
HYPERPARAMETERS: dict[str, tuple[type, float, float]] = {
    "epochCount": (int, 1, 10),
    "batchSize": (int, 1, 64),
    "learningRate": (float, 0, 1),
    "learningRateWarmupSteps": (int, 0, 250),
}

# ----- data (the AML8xx data checks) -----------------------------------------------------------------

# "A minimum of 500 rows is required for the training dataset. There is not a minimum number of rows
# required for the validation dataset." The V2 text lacks the sentence: applying it to V2 tabular jobs is
# inferred. Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJob.html
MIN_TRAINING_ROWS = 500
# Text generation: "exactly two comma-separated and named columns, input and output", and a row limit per
# base model over all files of both channels ("the job fails with a validation error"); every model not
# named here has 10,000. Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
LLM_COLUMNS = ("input", "output")
LLM_ROW_LIMITS = {"Falcon7B": 1_000, "Falcon7BInstruct": 1_000, "Llama2-13B": 7_000, "Llama2-13BChat": 7_000}
LLM_DEFAULT_ROW_LIMIT = 10_000
# "We recommend using datasets with a minimum of 1000 rows to ensure optimal learning and performance of
# the model", and each base model has a context length: when more than 60% of the rows exceed it, the job
# fails (1,024 tokens; 2,048 for the Llama2 and Mistral models).
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
LLM_MIN_ROWS = 1_000
LLM_CONTEXT_LENGTHS = {model: 2_048 for model in BASE_MODELS if model.startswith(("Llama2-", "Mistral7B"))}
LLM_DEFAULT_CONTEXT_LENGTH = 1_024
LLM_TRUNCATION_SHARE = 0.6
# Dataset sizes. "The training dataset size must be less than 100 GB" and "validation dataset size is
# limited to less than 2 GB" (AutoMLChannel, CreateAutoMLJob; the V2 DataSplitConfig doc repeats the
# 2 GB for V1 jobs; the 100 GB is also Autopilot's default input-dataset quota, which can be raised).
# A single Parquet file must be under 2 GB (a quota that cannot be raised); time-series datasets are
# limited to 30 GB (adjustable). GB is read as 2**30 bytes, the larger reading, so a finding is certain.
# Sources: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html,
# https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html,
# https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-forecasting-limits.html
GIB = 1024**3
TRAINING_MAX_BYTES = 100 * GIB
VALIDATION_MAX_BYTES = 2 * GIB
TIME_SERIES_MAX_BYTES = 30 * GIB
PARQUET_FILE_MAX_BYTES = 2 * GIB

# ----- the account -----------------------------------------------------------------------------------

# How many AutoML jobs an account may run at once, per region, by default (an adjustable quota): 4 in six
# regions, 2 in four, 1 elsewhere. A create beyond it fails with ResourceLimitExceeded.
# Source: https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html (archived copy:
# awsdocs/amazon-sagemaker-developer-guide, doc_source/autopilot-quotas.md).
CONCURRENT_JOBS_DEFAULTS = {
    **dict.fromkeys(("us-east-1", "us-east-2", "us-west-2", "ap-northeast-1", "eu-west-1", "eu-central-1"), 4),
    **dict.fromkeys(("ap-northeast-2", "ap-southeast-2", "eu-west-2", "ap-southeast-1"), 2),
}
CONCURRENT_JOBS_ELSEWHERE = 1
# The account's own value of that quota in Service Quotas: service code "sagemaker", quota code L-CFC2D5B6
# ("Maximum number of concurrent AutoML Jobs"). The code is not in the API reference; AWS's own sample
# links the Service Quotas console page for it: https://github.com/aws-samples/modern-time-series-forecasting-on-aws
# (README, "Number of concurrent AutoML Jobs"). Read with GetServiceQuota when the credentials may.
CONCURRENT_JOBS_QUOTA = ("sagemaker", "L-CFC2D5B6")
