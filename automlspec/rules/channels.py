"""Input channels, their data sources and the data split.

Sources: the API reference of AutoMLChannel, AutoMLJobChannel and AutoMLDataSplitConfig
(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html) and the developer guide's tabular
page (https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html).

Rules here read only the spec. Checks that need the data itself (row counts, headers, sizes, file
formats) belong to the data rules; the channel count (1-2) is the model's list size, AML108.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import model
from ..dialects import TABULAR, TIME_SERIES
from ..facts import CONTENT_TYPES, CSV, S3_DATA_TYPES
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Field, Spec
from ..suggest import content_type
from ._rule import RuleContext, rule

CHANNEL_TYPES = ("training", "validation")

# The shape of S3DataType in both requests' AutoMLS3DataSource; its values come from the model.
S3_DATA_TYPE = "AutoMLS3DataType"

_LOOSE = r"\s+"  # compiled by re's cache on first use (issue 26)


# ----- helpers ------------------------------------------------------------------------------------


def _default_content_type(spec: Spec) -> str | None:
    allowed = CONTENT_TYPES.get(spec.problem_kind or "")
    return allowed[0] if allowed else None


def _content_type(channel: Field) -> Field | None:
    value = channel.value.get("ContentType")
    return Field(channel.path / "ContentType", value) if isinstance(value, str) else None


def _effective_content_type(spec: Spec, channel: Field) -> str | None:
    """The channel's ContentType as the documented value it stands for (its default when omitted);
    None when it is neither valid nor recognisable (AML306 reports it)."""
    field = _content_type(channel)
    if field is None:
        return _default_content_type(spec)
    allowed = CONTENT_TYPES.get(spec.problem_kind or "")
    if allowed and field.value in allowed:
        return field.value
    return content_type(field.value)


def _s3_data_type(channel: Field) -> Field | None:
    path = channel.path.join("DataSource", "S3DataSource", "S3DataType")
    value = channel.value.get("DataSource", {})
    value = value.get("S3DataSource", {}) if isinstance(value, dict) else {}
    value = value.get("S3DataType") if isinstance(value, dict) else None
    return Field(path, value) if isinstance(value, str) else None


def _typed_channels(spec: Spec) -> list[tuple[Field, str]] | None:
    """(channel, effective ChannelType) for each channel; None when a ChannelType is not a valid
    value (AML104 reports it, and the pairing of the channels cannot be told)."""
    out = []
    for channel in spec.channels:
        kind = spec.channel_type(channel)
        if kind not in CHANNEL_TYPES:
            return None
        out.append((channel, kind))
    return out


def _pair(spec: Spec) -> tuple[Field, Field] | None:
    """(training, other) when the spec has exactly two channels; the other is the validation one
    when the types say so, else the second."""
    channels = spec.channels
    if len(channels) != 2:
        return None
    first, second = channels
    if spec.channel_type(first) == "validation" and spec.channel_type(second) != "validation":
        return second, first
    return first, second


def _validation_channel(spec: Spec) -> Field | None:
    return next((c for c in spec.channels if spec.channel_type(c) == "validation"), None)


def _validation_fraction(spec: Spec) -> Field | None:
    return spec.field(spec.data_split_path / "ValidationFraction", (int, float))


# ----- A3: channels ---------------------------------------------------------------------------------


@rule("AML301", "channel-types-unique", Severity.ERROR, fixes="unsafe")
def channel_types_unique(ctx: RuleContext) -> Iterator[Problem]:
    """One training channel, and at most one validation channel.

    ## What it does
    Reports two channels with the same effective `ChannelType` (an omitted type is `training`), and a
    single channel typed `validation`.

    ## Why
    "If you only have one data source, the ChannelType is set to training by default and must have
    this value"; with two data sources, one is for training and the other for validation.

    ## Example
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Use instead
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    """
    spec = ctx.spec
    typed = _typed_channels(spec)
    if not typed:
        return
    if len(typed) == 1:
        channel, kind = typed[0]
        if kind == "validation":
            yield Problem(
                channel.path / "ChannelType",
                f"{channel.path / 'ChannelType'} is validation, but the only channel must be the training"
                " channel; set ChannelType training (or omit it), or add a training channel",
                suggestion="training",
            )
        return
    seen: dict[str, Field] = {}
    for channel, kind in typed:
        if kind in seen:
            other = "validation" if kind == "training" else "training"
            implicit = "" if "ChannelType" in channel.value else " (the default when ChannelType is omitted)"
            yield Problem(
                channel.path / "ChannelType",
                f"{channel.path} is a {kind} channel{implicit}, like {seen[kind].path}; with two channels,"
                f" one must be training and the other validation: set ChannelType {other}",
                suggestion=other,
            )
        else:
            seen[kind] = channel


@rule("AML302", "channels-share-contenttype", Severity.ERROR, fixes="unsafe")
def channels_share_content_type(ctx: RuleContext) -> Iterator[Problem]:
    """The training and validation channels must have the same `ContentType`.

    ## What it does
    Compares the effective `ContentType` of the two channels: an omitted one is the documented
    default, `text/csv;header=present` (`image/*` for image classification).

    ## Why
    "Channels for training and validation must share the same ContentType" (AutoMLChannel and
    AutoMLJobChannel `ChannelType` docs). The validation data must be in the same format as the
    training data.

    ## Example
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - ChannelType: validation
        ContentType: x-application/vnd.amazon+parquet
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Use instead
    ```yaml
    InputDataConfig:
      - ContentType: x-application/vnd.amazon+parquet
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - ChannelType: validation
        ContentType: x-application/vnd.amazon+parquet
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    """
    spec = ctx.spec
    pair = _pair(spec)
    if pair is None:
        return
    training, other = pair
    mine, theirs = _effective_content_type(spec, training), _effective_content_type(spec, other)
    if mine is None or theirs is None or mine == theirs:
        return

    def shown(channel: Field, effective: str) -> str:
        field = _content_type(channel)
        return f"'{field.value}'" if field else f"{effective} (the default)"

    yield Problem(
        other.path / "ContentType",
        f"{other.path} has ContentType {shown(other, theirs)} but {training.path} has"
        f" {shown(training, mine)}; training and validation channels must share one ContentType",
        suggestion=mine,
    )


@rule("AML303", "channels-share-target", Severity.ERROR, fixes="unsafe")
def channels_share_target(ctx: RuleContext) -> Iterator[Problem]:
    """V1: the training and validation channels must name the same `TargetAttributeName`.

    ## What it does
    Compares `TargetAttributeName` of the two channels of a CreateAutoMLJob request. (V2 names the
    target once, in the problem type's config.)

    ## Why
    "Channels for training and validation must share the same ContentType and TargetAttributeName"
    (AutoMLChannel `ChannelType` doc).

    ## Example
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churn
    ```

    ## Use instead
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    spec = ctx.spec
    pair = _pair(spec) if spec.is_v1 else None
    if pair is None:
        return
    training, other = pair
    mine, theirs = training.value.get("TargetAttributeName"), other.value.get("TargetAttributeName")
    if not isinstance(mine, str) or not isinstance(theirs, str) or mine == theirs:
        return
    yield Problem(
        other.path / "TargetAttributeName",
        f"{other.path}.TargetAttributeName '{theirs}' differs from {training.path}.TargetAttributeName"
        f" '{mine}'; both channels must name the same target column",
        suggestion=mine,
    )


@rule("AML304", "sample-weight-consistent", Severity.WARNING, fixes="unsafe")
def sample_weight_consistent(ctx: RuleContext) -> Iterator[Problem]:
    """V1: both channels should name the same `SampleWeightAttributeName`, or neither.

    ## What it does
    Reports a CreateAutoMLJob request whose two channels name different sample-weight columns, or
    whose weight column is set on one channel only.

    ## Why
    Sample weights are used "during the training, evaluation, and the selection of the best model":
    candidates trained with weights but scored on a validation channel without them (or with another
    column) are compared on a different footing. Inferred; no source states it.

    ## Example
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
        SampleWeightAttributeName: weight
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
    ```

    ## Use instead
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
        SampleWeightAttributeName: weight
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/holdout/
        TargetAttributeName: churned
        SampleWeightAttributeName: weight
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    spec = ctx.spec
    pair = _pair(spec) if spec.is_v1 else None
    if pair is None:
        return
    training, other = pair
    mine = training.value.get("SampleWeightAttributeName")
    theirs = other.value.get("SampleWeightAttributeName")
    mine = mine if isinstance(mine, str) else None
    theirs = theirs if isinstance(theirs, str) else None
    if mine == theirs:
        return
    path = other.path / "SampleWeightAttributeName"
    if mine is None:
        message = (
            f"{path} is '{theirs}' but {training.path} has no SampleWeightAttributeName; weight both"
            " channels with the same column, or neither"
        )
        yield Problem(path, message, anchor="key")
    elif theirs is None:
        message = (
            f"{training.path}.SampleWeightAttributeName is '{mine}' but {other.path} has none; set"
            f" SampleWeightAttributeName: {mine} on it too, so candidates are scored with the weights they were trained with"
        )
        yield Problem(path, message, suggestion=mine)
    else:
        message = (
            f"{path} '{theirs}' differs from {training.path}.SampleWeightAttributeName '{mine}'; weight"
            " both channels with the same column"
        )
        yield Problem(path, message, suggestion=mine)


@rule("AML305", "validation-plus-fraction", Severity.ERROR)
def validation_channel_and_fraction(ctx: RuleContext) -> Iterator[Problem]:
    """A validation channel and `ValidationFraction` cannot both be set.

    ## What it does
    Reports `DataSplitConfig.ValidationFraction` (V1: `AutoMLJobConfig.DataSplitConfig`) in a job that
    has a channel typed `validation`.

    ## Why
    With a validation data source, "You must not set the value for the ValidationFraction in this
    case ... Setting this value causes an error."

    ## Example
    ```yaml
    # base: house-prices-regression-v1
    AutoMLJobConfig:
      DataSplitConfig:
        ValidationFraction: 0.2
    ```

    ## Use instead
    ```yaml
    # base: house-prices-regression-v1
    AutoMLJobConfig:
      Mode: HYPERPARAMETER_TUNING
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    spec = ctx.spec
    if spec.problem_kind == TIME_SERIES:
        return  # DataSplitConfig must not be set at all: AML353
    fraction = spec.field(spec.data_split_path / "ValidationFraction")
    channel = _validation_channel(spec)
    if fraction is None or fraction.value is None or channel is None:
        return
    yield Problem(
        fraction.path,
        f"{fraction.path} is set, but {channel.path} is a validation channel; with a validation channel"
        " Autopilot does not split the training data: remove ValidationFraction (or the validation channel)",
        anchor="key",
    )


@rule("AML306", "contenttype-values", Severity.ERROR, fixes="unsafe")
def content_type_values(ctx: RuleContext) -> Iterator[Problem]:
    """A channel `ContentType` must be one the problem type accepts.

    ## What it does
    Checks each channel's `ContentType` against the documented values:

    | Problem type | ContentType | Default |
    | --- | --- | --- |
    | tabular (V1 and V2), text classification, time-series forecasting, text generation | `text/csv;header=present`, `x-application/vnd.amazon+parquet` | `text/csv;header=present` |
    | image classification | `image/png`, `image/jpeg`, `image/*` | `image/*` |

    It names the documented spelling of a recognisable value (`application/x-parquet` ->
    `x-application/vnd.amazon+parquet`, `image/jpg` -> `image/jpeg`). A value that differs only in
    case, spaces or a missing `;header=present` is AML307, a warning.

    ## Why
    The model's ContentType field accepts any string up to 256 characters; only these values are
    documented to work, and data in another format cannot be read.

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ContentType: application/x-parquet
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ContentType: x-application/vnd.amazon+parquet
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    spec = ctx.spec
    allowed = CONTENT_TYPES.get(spec.problem_kind or "")
    if not allowed:
        return
    for channel in spec.channels:
        field = _content_type(channel)
        if field is None or field.value in allowed or _near_miss(field.value, allowed):
            continue
        fix = content_type(field.value)
        fix = fix if fix in allowed else None
        yield Problem(
            field.path,
            f"{field.path} '{field.value}' is not a content type for {spec.kind_label} data; use"
            f" {' or '.join(allowed)}",
            suggestion=fix,
        )


def _near_miss(value: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed value that ``value`` writes with other case or spaces, or without the header
    parameter (``text/csv``); None otherwise."""
    loose = re.sub(_LOOSE, "", value.lower())
    for choice in allowed:
        if loose == choice.lower() or (choice == CSV and loose == "text/csv"):
            return choice
    return None


@rule("AML307", "contenttype-near-miss", Severity.WARNING, fixes="unsafe")
def content_type_near_miss(ctx: RuleContext) -> Iterator[Problem]:
    """A `ContentType` that is almost a documented value: other case, spaces, or no `header=present`.

    ## What it does
    Reports `text/csv`, `text/csv; header=present`, `Image/PNG` and the like, and names the exact
    documented string.

    ## Why
    The documentation lists exact strings (`text/csv;header=present`); whether the service matches
    them leniently is unverified. Autopilot expects a header row, which plain `text/csv` does not
    promise.

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ContentType: text/csv
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ContentType: text/csv;header=present
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    spec = ctx.spec
    allowed = CONTENT_TYPES.get(spec.problem_kind or "")
    if not allowed:
        return
    for channel in spec.channels:
        field = _content_type(channel)
        if field is None or field.value in allowed:
            continue
        fix = _near_miss(field.value, allowed)
        if fix is not None:
            yield Problem(
                field.path,
                f"{field.path} '{field.value}' is not written as documented; use '{fix}' exactly",
                suggestion=fix,
            )


@rule("AML308", "s3datatype-per-problem", Severity.ERROR, fixes="unsafe")
def s3_data_type_per_problem(ctx: RuleContext) -> Iterator[Problem]:
    """V2: the `S3DataType` must be one the problem type supports.

    ## What it does
    Checks each channel's `DataSource.S3DataSource.S3DataType` in a CreateAutoMLJobV2 request:
    tabular takes `S3Prefix` or `ManifestFile`; image classification also `AugmentedManifestFile`;
    text classification, time-series forecasting and text generation take `S3Prefix` only.

    ## Why
    "The supported formats depend on the problem type" (CreateAutoMLJobV2 `AutoMLJobInputDataConfig`).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextClassificationJobConfig:
        ContentColumn: body
        TargetLabelColumn: queue
    AutoMLJobInputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: ManifestFile
            S3Uri: s3://acme-ml-data/tickets/train.manifest
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextClassificationJobConfig:
        ContentColumn: body
        TargetLabelColumn: queue
    AutoMLJobInputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/tickets/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    """
    spec = ctx.spec
    allowed = None if spec.is_v1 else S3_DATA_TYPES.get(spec.problem_kind or "")
    if not allowed:
        return
    for channel in spec.channels:
        field = _s3_data_type(channel)
        if field is None or field.value not in model.enum(S3_DATA_TYPE) or field.value in allowed:
            continue
        yield Problem(
            field.path,
            f"{field.path} {field.value} is not supported for {spec.kind_label} jobs; use {' or '.join(allowed)}",
            suggestion=allowed[0] if len(allowed) == 1 else None,
        )


@rule("AML309", "augmented-manifest-v1", Severity.ERROR)
def augmented_manifest_v1(ctx: RuleContext) -> Iterator[Problem]:
    """`AugmentedManifestFile` input is for CreateAutoMLJobV2 only.

    ## What it does
    Reports `S3DataType: AugmentedManifestFile` in a CreateAutoMLJob (V1) channel.

    ## Why
    "AugmentedManifestFile is available for V2 API jobs only" (AutoMLS3DataSource `S3DataType`), and
    among V2 problem types only image classification takes it.

    ## Example
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: AugmentedManifestFile
            S3Uri: s3://acme-ml-data/churn/train.manifest
        TargetAttributeName: churned
    ```

    ## Use instead
    ```yaml
    InputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        TargetAttributeName: churned
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLS3DataSource.html
    """
    spec = ctx.spec
    if not spec.is_v1:
        return
    for channel in spec.channels:
        field = _s3_data_type(channel)
        if field is not None and field.value == "AugmentedManifestFile":
            yield Problem(
                field.path,
                f"{field.path} AugmentedManifestFile is available to CreateAutoMLJobV2 jobs only; a"
                " CreateAutoMLJob (V1) channel takes S3Prefix or ManifestFile",
            )


@rule("AML310", "compression-gzip-scope", Severity.ERROR, fixes="unsafe")
def compression_gzip_scope(ctx: RuleContext) -> Iterator[Problem]:
    """V2: `CompressionType: Gzip` only for `S3Prefix` input of a tabular job.

    ## What it does
    Reports `CompressionType: Gzip` in a CreateAutoMLJobV2 channel when the problem type is not
    tabular, or the channel's `S3DataType` is not `S3Prefix`.

    ## Why
    "We allow the compression type Gzip for S3Prefix inputs on tabular data only. For all other
    inputs, the compression type should be None." (AutoMLJobChannel `CompressionType`.)

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    AutoMLJobInputDataConfig:
      - CompressionType: Gzip
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/train/
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    AutoMLJobInputDataConfig:
      - CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    """
    spec = ctx.spec
    for channel in spec.channels:
        if channel.value.get("CompressionType") != "Gzip":
            continue
        reason = gzip_refused(spec, channel)
        if reason is None:
            continue
        yield Problem(
            channel.path / "CompressionType",
            f"{channel.path}.CompressionType Gzip is allowed only for S3Prefix input of a tabular job, and"
            f" {reason}; set CompressionType None (or omit it) and store the data uncompressed",
            suggestion="None",
        )


def gzip_refused(spec: Spec, channel: Field) -> str | None:
    """Why this channel may not be Gzip-compressed ("this is a time-series forecasting job"), or None
    when it may. AML310 reports a Gzip channel for it; AML804 reads it so that its fix for gzip data
    never contradicts AML310 (store the data uncompressed rather than declare Gzip)."""
    if spec.is_v1 or spec.problem_kind is None:
        return None
    if spec.problem_kind != TABULAR:
        return f"this is a {spec.kind_label} job"
    data_type = _s3_data_type(channel)
    if data_type is not None and data_type.value != "S3Prefix":
        return f"this channel's S3DataType is {data_type.value}"
    return None


@rule("AML311", "ts-validation-channel", Severity.WARNING)
def time_series_validation_channel(ctx: RuleContext) -> Iterator[Problem]:
    """Time-series forecasting splits its data itself; a validation channel is likely not used.

    ## What it does
    Reports a channel typed `validation` in a job with `TimeSeriesForecastingJobConfig` that also has
    a training channel (a lone validation channel is AML301).

    ## Why
    The channel type "defaults to training for the time-series forecasting problem type", and
    Autopilot "automatically splits the input dataset into training and validation sets" for it (the
    reason DataSplitConfig must not be set). That a validation channel is ignored or rejected is
    inferred.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    AutoMLJobInputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/train/
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/validation/
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    AutoMLJobInputDataConfig:
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    """
    spec = ctx.spec
    if spec.problem_kind != TIME_SERIES or len(spec.channels) < 2:
        return
    for channel in spec.channels:
        if spec.channel_type(channel) == "validation":
            yield Problem(
                channel.path / "ChannelType",
                f"{channel.path} is a validation channel, but time-series forecasting splits the training"
                " data into training and validation sets itself; put all the data in one training channel",
            )


@rule("AML312", "channel-data-source", Severity.ERROR)
def channel_data_source(ctx: RuleContext) -> Iterator[Problem]:
    """A channel without a `DataSource`: a job without data cannot run.

    ## What it does
    Reports an item of `InputDataConfig` (V1) or `AutoMLJobInputDataConfig` (V2) that has no
    `DataSource`. (A `DataSource:` left empty is a null, AML103's.)

    ## Why
    The botocore model marks `DataSource` optional in both channel shapes, so botocore and the model's
    limits (AML101) let it pass; but the V2 API reference calls it "(Required)", and a channel is only
    there to say where the data is: a job without data cannot run.

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    for channel in ctx.spec.channels:
        if "DataSource" not in channel.value:
            yield Problem(
                channel.path / "DataSource", f"{channel.path} has no DataSource: a job without data cannot run"
            )


# ----- A4: data split --------------------------------------------------------------------------------


def _fraction_checked(spec: Spec) -> Field | None:
    """ValidationFraction, unless another rule already says it must go (AML305, AML353)."""
    if spec.problem_kind == TIME_SERIES or _validation_channel(spec) is not None:
        return None
    return _validation_fraction(spec)


@rule("AML351", "validation-fraction-exclusive", Severity.ERROR, fixes="unsafe")
def validation_fraction_exclusive(ctx: RuleContext) -> Iterator[Problem]:
    """`ValidationFraction` must be greater than 0 and less than 1.

    ## What it does
    Reports `DataSplitConfig.ValidationFraction` (V1: `AutoMLJobConfig.DataSplitConfig`) of exactly 0
    or exactly 1. (Values outside 0-1 are AML107.)

    ## Why
    The model's range is 0-1 inclusive, but its documentation says "values must be greater than 0 and
    less than 1": a split with no validation rows or no training rows cannot work.

    ## Example
    ```yaml
    DataSplitConfig:
      ValidationFraction: 0
    ```

    ## Use instead
    ```yaml
    DataSplitConfig:
      ValidationFraction: 0.2
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLDataSplitConfig.html
    """
    spec = ctx.spec
    fraction = _fraction_checked(spec)
    if fraction is None or fraction.value not in (0, 1):
        return
    yield Problem(
        fraction.path,
        f"{fraction.path} is {fraction.value}; it must be greater than 0 and less than 1 (the default is 0.2)",
        suggestion="0.2",
    )


@rule("AML352", "validation-fraction-large", Severity.WARNING, fixes="unsafe")
def validation_fraction_large(ctx: RuleContext) -> Iterator[Problem]:
    """`ValidationFraction` of 0.5 or more leaves half the data or less for training.

    ## What it does
    Reports `DataSplitConfig.ValidationFraction` (V1: `AutoMLJobConfig.DataSplitConfig`) from 0.5 up
    to (not including) 1.

    ## Why
    "We recommend setting this value to be less than 0.5." (AutoMLDataSplitConfig.) Candidates
    trained on less data are usually worse.

    ## Example
    ```yaml
    DataSplitConfig:
      ValidationFraction: 0.5
    ```

    ## Use instead
    ```yaml
    DataSplitConfig:
      ValidationFraction: 0.25
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLDataSplitConfig.html
    """
    spec = ctx.spec
    fraction = _fraction_checked(spec)
    if fraction is None or not 0.5 <= fraction.value < 1:
        return
    yield Problem(
        fraction.path,
        f"{fraction.path} is {fraction.value}, so at most half of the data is left for training; AWS"
        " recommends less than 0.5 (the default is 0.2)",
        suggestion="0.2",
    )


@rule("AML353", "datasplit-timeseries", Severity.ERROR)
def data_split_time_series(ctx: RuleContext) -> Iterator[Problem]:
    """`DataSplitConfig` must not be set for time-series forecasting.

    ## What it does
    Reports `DataSplitConfig` in a CreateAutoMLJobV2 request with `TimeSeriesForecastingJobConfig`.

    ## Why
    "This attribute must not be set for the time-series forecasting problem type, as Autopilot
    automatically splits the input dataset into training and validation sets." (CreateAutoMLJobV2
    `DataSplitConfig`.)

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    DataSplitConfig:
      ValidationFraction: 0.2
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 14
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html
    """
    spec = ctx.spec
    if spec.is_v1 or spec.problem_kind != TIME_SERIES or "DataSplitConfig" not in spec.request:
        return
    yield Problem(
        FieldPath(("DataSplitConfig",)),
        "DataSplitConfig must not be set for time-series forecasting: Autopilot splits the data into"
        " training and validation sets itself; remove DataSplitConfig",
        anchor="key",
    )
