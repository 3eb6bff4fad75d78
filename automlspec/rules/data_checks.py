"""Data checks (AML8xx): what the spec says about its data, compared with the data in S3.

These rules are lint's data phase (``phase="data"``): it runs only when lint is given a reader of the
training data (`lint --data`, `lint --data-root DIR`, and `plan` by default), on the specs the earlier
phases built. They receive the reader as ``ctx.reader``, a ``dataset.DataContext``, never boto3, so they are pure functions of the
spec and the bytes the reader returns. Each channel is read as far as the rules need and no further
(``dataset.DataContext.sample``), and an object shared by several specs is read once per run.

The examples of these rules run against the local mirror in tests/data_root (tests/test_rule_docs.py).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, NamedTuple

from .. import model
from ..dialects import IMAGE, TABULAR, TEXT_CLASSIFICATION, TEXT_GENERATION, TIME_SERIES
from ..facts import (
    BASE_MODEL,
    CONTENT_TYPES,
    CSV,
    GIB,
    LLM_COLUMNS,
    LLM_CONTEXT_LENGTHS,
    LLM_DEFAULT_CONTEXT_LENGTH,
    LLM_DEFAULT_ROW_LIMIT,
    LLM_MIN_ROWS,
    LLM_ROW_LIMITS,
    LLM_TRUNCATION_SHARE,
    MIN_TRAINING_ROWS,
    PARQUET,
    PARQUET_FILE_MAX_BYTES,
    TIME_SERIES_MAX_BYTES,
    TRAINING_MAX_BYTES,
    VALIDATION_MAX_BYTES,
)
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Field, Spec
from ..suggest import closest, content_type, did_you_mean
from ._rule import RuleContext, rule
from .channels import S3_DATA_TYPE, gzip_refused

if TYPE_CHECKING:
    from ..dataset import DataContext, ObjectProfile, Sample
    from ..storage import ReadError, S3Url

_MISSING_CODES = frozenset({"NoSuchBucket", "NoSuchKey", "NotFound", "404"})
_SHOWN = 3  # objects named in one message


class _Channel(NamedTuple):  # a NamedTuple: built several times faster than a dataclass, on every start
    """One channel as the data rules see it: where its data is and what the spec says it is."""

    field: Field
    uri: Field
    url: S3Url
    kind: str  # S3DataType
    channel_type: str
    content_type: str | None  # the documented value it stands for (its default when omitted)
    gzip: bool
    compression_path: FieldPath
    content_type_path: FieldPath

    @property
    def tabular_format(self) -> bool:
        return self.content_type in (CSV, PARQUET)


def _channels(spec: Spec) -> list[_Channel]:
    from ..storage import S3Url

    out = []
    for channel in spec.channels:
        source = channel.path.join("DataSource", "S3DataSource")
        uri = spec.field(source / "S3Uri", str)
        kind = spec.get(source / "S3DataType", str)
        url = S3Url.parse(uri.value) if uri else None
        if uri is None or url is None or kind not in model.enum(S3_DATA_TYPE):
            continue
        declared = channel.value.get("ContentType")
        if isinstance(declared, str):
            effective = content_type(declared)
        else:
            effective = "image/*" if spec.problem_kind == IMAGE else CSV
        compression = channel.value.get("CompressionType")
        out.append(
            _Channel(
                channel,
                uri,
                url,
                kind,
                spec.channel_type(channel),
                effective,
                compression == "Gzip",
                channel.path / "CompressionType",
                channel.path / "ContentType",
            )
        )
    return out


def _llm_model(spec: Spec) -> str:
    return spec.get(spec.problem_config_path / "BaseModelName", str) or BASE_MODEL


def _llm_limit(spec: Spec) -> int:
    return LLM_ROW_LIMITS.get(_llm_model(spec), LLM_DEFAULT_ROW_LIMIT)


def _rows_wanted(spec: Spec, channel: _Channel) -> int:
    """How many data rows the rules need counted in this channel: one number per channel, so that the
    first rule to read it reads it as far as every rule needs, once."""
    if not channel.tabular_format:
        return 0
    if spec.problem_kind == TABULAR and channel.channel_type == "training":
        return MIN_TRAINING_ROWS
    if spec.problem_kind == TEXT_GENERATION:
        return _llm_limit(spec) + 1
    return 0


def _read(spec: Spec, data: DataContext) -> list[_Channel]:
    """The spec's channels, their data read together: the listings and the first bytes of their objects
    in parallel, each as far as every rule needs (cached for the run, so only the first rule reads)."""
    channels = _channels(spec)
    data.samples([(c.url, c.kind, _rows_wanted(spec, c)) for c in channels if c.tabular_format])
    return channels


def _sample(spec: Spec, channel: _Channel, data: DataContext) -> Sample | None:
    """The channel read as far as needed; None when it cannot be read at all (other rules say why)."""
    if not channel.tabular_format:  # images: listing them is all the checks need
        return None
    sample = data.sample(channel.url, channel.kind, _rows_wanted(spec, channel))
    if sample.data.error is not None or not sample.data.objects:
        return None
    return sample


def _samples(ctx: RuleContext) -> Iterator[tuple[_Channel, Sample]]:
    """The spec's CSV or Parquet channels whose data could be listed, each read as far as the rules need."""
    for channel in _read(ctx.spec, ctx.reader):
        sample = _sample(ctx.spec, channel, ctx.reader)
        if sample is not None:
            yield channel, sample


def _headers(ctx: RuleContext) -> Iterator[tuple[_Channel, Sample, ObjectProfile]]:
    """``_samples`` with the first data file whose columns are known (a CSV header, a Parquet schema)."""
    for channel, sample in _samples(ctx):
        first = sample.first
        if first is not None and first.columns is not None:
            yield channel, sample, first


def _plural(count: int, noun: str, spec: str = "") -> str:
    """ "1 object", "2 objects"; ``spec`` formats the number (``","``: thousands separators)."""
    return f"{count:{spec}} {noun}{'s' * (count != 1)}"


def _is(items: list) -> str:
    return "is" if len(items) == 1 else "are"


def _checked(sample: Sample) -> Iterator[ObjectProfile]:
    """Profiles whose bytes were read without a read error."""
    for profile in sample.profiles:
        if profile.read_error is None and profile.info.size > 0:
            yield profile


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def _columns(columns: tuple[str, ...], limit: int = 12) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (f", ... ({len(columns)} columns)" if len(columns) > limit else "")


def _is_missing(error: ReadError) -> bool:
    return error.code in _MISSING_CODES


# ----- access ------------------------------------------------------------------------------------


@rule("AML800", "data-unreadable", Severity.ERROR, phase="data", example_kind="none")
def data_unreadable(ctx: RuleContext) -> Iterator[Problem]:
    """A channel's data could not be read: access denied, throttled, timed out.

    ## What it does
    Reports an S3 error met while listing a channel's prefix, reading its manifest or reading one of
    its objects: AccessDenied, throttling that outlasted the retries, a timeout. The finding is on the
    channel's `S3Uri` and names the object and AWS's error code. The other data checks of that channel
    are skipped; every other finding is still reported. Errors that stop every read (no credentials,
    an expired session, no region) are said once, as an error line, instead of a finding per channel.

    ## Why
    A data check that could not be made is not a passed check. The credentials `automlspec` uses are
    not the job's execution role, so an access error here does not prove the job would fail, but it
    does mean the data was not checked.

    ## Example
    With credentials that may not read the bucket, `automlspec lint --data` reports
    `AML800 error [data-unreadable] cannot read s3://acme-ml-data/churn/train/ from S3: s3:ListObjectsV2:
    access denied`. (Tested against a moto server in tests/test_data_s3.py; it needs S3, not a mirror.)

    ## Use instead
    Run with credentials that may list and read the data (`s3:ListBucket` on the bucket,
    `s3:GetObject` on the objects), or check a local mirror with `--data-root DIR`.

    ## Source
    - https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    """
    spec = ctx.spec
    data = ctx.reader
    for channel in _read(spec, data):
        found = data.channel(channel.url, channel.kind)
        error = found.error
        if error is not None:
            if not error.fatal and not _is_missing(error):
                yield Problem(channel.uri.path, f"cannot read {channel.uri.value} from {data.reader.name}: {error}")
            continue
        sample = _sample(spec, channel, data)
        failed = [p for p in (sample.profiles if sample else ()) if p.read_error is not None and not p.read_error.fatal]
        if failed:
            yield Problem(
                channel.uri.path,
                f"cannot read {_names([str(p.info) for p in failed])} from {data.reader.name}: {failed[0].read_error}",
            )


@rule("AML801", "data-missing", Severity.ERROR, phase="data")
def data_missing(ctx: RuleContext) -> Iterator[Problem]:
    """A channel's `S3Uri` names no data: no such bucket, an empty prefix, a missing object.

    ## What it does
    Lists the objects under an `S3Prefix` (nested keys included, as Autopilot reads them) and reports a
    prefix with no objects, or with only objects that are not data (`_SUCCESS`, empty objects). For a
    `ManifestFile` or `AugmentedManifestFile`, reports a manifest that does not exist and the objects it
    lists that do not exist.

    ## Why
    Autopilot fails the job when there is no data, but only after it has started: a misspelt prefix
    costs a job start and a failure to read in the console instead of a line here.

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/trian/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLS3DataSource.html
    """
    spec = ctx.spec
    data = ctx.reader
    for channel in _read(spec, data):
        found = data.channel(channel.url, channel.kind)
        error = found.error
        uri = channel.uri.value
        if error is not None:
            if _is_missing(error) and not error.fatal:
                what = "bucket" if error.code == "NoSuchBucket" else "manifest"
                name = channel.url.bucket if what == "bucket" else uri
                yield Problem(channel.uri.path, f"{uri}: the {what} {name} does not exist ({data.reader.name})")
            continue
        if found.kind == "S3Prefix" and not found.objects:
            if found.strays:
                strays = [f"{info.key.rsplit('/', 1)[-1] or info.key} ({why})" for info, why in found.strays]
                message = f"{uri} holds no data, only objects that are not data: {_names(strays)}"
            else:
                message = f"no object in {data.reader.name} has a key starting with {uri}"
            yield Problem(channel.uri.path, message + "; check the bucket and prefix")
        if found.missing:
            yield Problem(
                channel.uri.path,
                f"the manifest {uri} lists {_plural(len(found.missing), 'object')} that do not"
                f" exist: {_names(found.missing)}",
            )


@rule("AML802", "s3prefix-stray-objects", Severity.WARNING, phase="data")
def stray_objects(ctx: RuleContext) -> Iterator[Problem]:
    """An `S3Prefix` also matches objects that are not data (`_SUCCESS`, `.json`, `.crc`, empty objects).

    ## What it does
    Warns about objects under a channel's prefix that are probably not training data: job markers and
    files whose name starts with `_` (Spark's `_SUCCESS`), hidden files (`.part-0.crc`, `.DS_Store`),
    metadata (`.json`, `.yaml`, `.manifest`), folder markers and empty objects.

    ## Why
    Autopilot "uses all objects that match the specified key name prefix", so each of these is read as
    data: a JSON schema or a checksum file among CSV parts breaks the job or adds garbage rows
    (the failure mode is inferred; the prefix rule is documented).

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/spark-output/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLS3DataSource.html
    """
    spec = ctx.spec
    data = ctx.reader
    for channel in _read(spec, data):
        if channel.kind != "S3Prefix":
            continue
        found = data.channel(channel.url, channel.kind)
        if found.error is not None or not found.objects or not found.strays:
            continue
        strays = [f"{info} ({why})" for info, why in found.strays]
        yield Problem(
            channel.uri.path,
            f"{channel.uri.value} also matches {_plural(len(strays), 'object')} that {_is(strays)} probably not"
            f" data, which Autopilot would read as data: {_names(strays)}; move {'it' if len(strays) == 1 else 'them'}"
            " out of the prefix or point S3Uri at the data alone",
        )


@rule("AML803", "manifest-format", Severity.ERROR, phase="data")
def manifest_format(ctx: RuleContext) -> Iterator[Problem]:
    """A manifest file is not in the documented format.

    ## What it does
    Reads the object a `ManifestFile` channel names and checks that it is a JSON array whose first
    element is `{"prefix": "s3://bucket/prefix/"}` followed by keys relative to that prefix. For an
    `AugmentedManifestFile`, checks that it is JSON Lines, each line an object with a `source-ref` S3
    URI. Objects it lists that do not exist are reported by AML801.

    ## Why
    Autopilot reads the data through the manifest: a manifest in another form (a plain list of URIs, a
    SageMaker Ground Truth output used as a `ManifestFile`) fails the job.

    ## Example
    ```yaml
    # base: product-images-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: image/*
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: ManifestFile
            S3Uri: s3://acme-ml-data/product-images/uris.manifest
    ```

    ## Use instead
    ```yaml
    # base: product-images-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: image/*
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: ManifestFile
            S3Uri: s3://acme-ml-data/product-images/train.manifest
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLS3DataSource.html
    """
    spec = ctx.spec
    data = ctx.reader
    for channel in _read(spec, data):
        if channel.kind == "S3Prefix":
            continue
        found = data.channel(channel.url, channel.kind)
        if found.manifest_problem:
            yield Problem(channel.uri.path, f"the {channel.kind} {channel.uri.value} {found.manifest_problem}")


# ----- bytes against declarations ----------------------------------------------------------------------


@rule("AML804", "compression-vs-data", Severity.ERROR, phase="data", fixes="unsafe")
def compression_vs_data(ctx: RuleContext) -> Iterator[Problem]:
    """`CompressionType` does not match the bytes: Gzip declared for plain files, or the reverse.

    ## What it does
    Reads the first bytes of each data object (at most 100 per channel) and compares them with the
    channel's `CompressionType` (default `None`): gzip files start with the bytes `1f 8b`. Where a
    CreateAutoMLJobV2 channel may not be Gzip (AML310: only `S3Prefix` input of a tabular job may), the
    fix for gzip data is to store it uncompressed, not to declare `Gzip`.

    ## Why
    Autopilot decompresses what it is told is gzip and reads the rest as it is: plain CSV declared as
    `Gzip` fails to decompress, and gzip read as CSV is binary noise. Either way the job fails after it
    has started (inferred: the failure is not documented, the format is).

    ## Example
    ```yaml
    # base: house-prices-regression-v1
    InputDataConfig:
      - ChannelType: training
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/train/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: None
    ```

    ## Use instead
    ```yaml
    # base: house-prices-regression-v1
    InputDataConfig:
      - ChannelType: training
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/train/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: Gzip
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    - https://www.rfc-editor.org/rfc/rfc1952 (gzip member header: ID1 31, ID2 139)
    """
    for channel, sample in _samples(ctx):
        for profile in _checked(sample):
            if profile.problem and profile.problem_kind == "gzip":
                yield Problem(channel.uri.path, f"{profile.info} {profile.problem}")
        wrong = [p for p in _checked(sample) if p.gzip != channel.gzip]
        if not wrong:
            continue
        names = _names([str(p.info) for p in wrong])
        # Where Gzip is not allowed (AML310), the only fix is uncompressed data: never suggest Gzip there.
        refused = gzip_refused(ctx.spec, channel.field)
        fix: str | None
        if channel.gzip:
            message = (
                f"CompressionType is Gzip, but {names} {_is(wrong)} not gzip (the first bytes"
                f" are not 1f 8b); set CompressionType: None{'' if refused else ' or compress the files'}"
            )
            fix = "None"
        else:
            declared = f"CompressionType is None{'' if ctx.spec.field(channel.compression_path) else ' (the default)'}"
            if refused:
                message = (
                    f"{names} {_is(wrong)} gzip-compressed, but {declared} and Gzip is allowed only for S3Prefix"
                    f" input of a tabular job ({refused}); store the data uncompressed (gunzip it)"
                )
                fix = None
            else:
                message = f"{names} {_is(wrong)} gzip-compressed, but {declared}; set CompressionType: Gzip"
                fix = "Gzip"
        yield Problem(channel.compression_path, message, suggestion=fix)


@rule("AML805", "contenttype-vs-data", Severity.ERROR, phase="data", fixes="unsafe")
def contenttype_vs_data(ctx: RuleContext) -> Iterator[Problem]:
    """`ContentType` does not match the bytes: Parquet declared for CSV, CSV for Parquet, binary data.

    ## What it does
    Reads the first bytes of each data object (at most 100 per channel): a Parquet file starts and ends
    with `PAR1`. Reports a CSV channel whose files are Parquet, a Parquet channel whose files are not,
    a Parquet file that is cut short, binary data declared as CSV (NUL bytes, a ZIP archive such as an
    Excel workbook) and CSV that `csv.reader` cannot parse (a line over 8 MiB). A blank line is not
    counted as a row. A channel whose `ContentType` the problem type does not take (an image job
    declaring CSV) is left to AML306, whose fix is the right content type.

    ## Why
    Autopilot parses the files as the channel's content type says. The channel's declared type and the
    file's actual format must agree for the job to read anything (inferred: the failure is not
    documented, the formats are).

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: x-application/vnd.amazon+parquet
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobChannel.html
    - https://parquet.apache.org/docs/file-format/ (a file starts and ends with the magic "PAR1")
    """
    allowed = CONTENT_TYPES.get(ctx.spec.problem_kind or "")
    for channel, sample in _samples(ctx):
        if allowed and channel.content_type not in allowed:
            continue  # AML306 names the content types this problem type takes; a CSV/Parquet fix would contradict it
        profiles = list(_checked(sample))
        parquet = channel.content_type == PARQUET
        wrong = [p for p in profiles if p.parquet != parquet and p.problem_kind != "gzip"]
        if wrong:
            names, verb = _names([str(p.info) for p in wrong]), _is(wrong)
            if parquet:
                message = (
                    f"ContentType is Parquet, but {names} {verb} not Parquet (no PAR1 magic bytes); set ContentType:"
                    f" {CSV} for CSV files"
                )
                fix = CSV
            else:
                message = f"ContentType is CSV, but {names} {verb} Parquet (PAR1); set ContentType: {PARQUET}"
                fix = PARQUET
            yield Problem(channel.content_type_path, message, suggestion=fix)
        for profile in profiles:
            if profile.problem and profile.problem_kind in ("csv", "parquet") and profile not in wrong:
                yield Problem(channel.uri.path, f"{profile.info} {profile.problem}")


# ----- columns --------------------------------------------------------------------------------------


def _named_columns(spec: Spec, channel: _Channel) -> Iterator[Field]:
    """The columns the spec names that this channel's data must have."""
    config = spec.problem_config_path
    if spec.is_v1:
        for key in ("TargetAttributeName", "SampleWeightAttributeName"):
            found = spec.field(channel.field.path / key, str)
            if found:
                yield found
        return
    if spec.problem_kind == TABULAR:
        keys = [config / "TargetAttributeName", config / "SampleWeightAttributeName"]
    elif spec.problem_kind == TIME_SERIES:
        series = config / "TimeSeriesConfig"
        keys = [series / k for k in ("TargetAttributeName", "TimestampAttributeName", "ItemIdentifierAttributeName")]
        groups = spec.get(series / "GroupingAttributeNames", list, [])
        keys += [series.join("GroupingAttributeNames", i) for i in range(len(groups))]
    elif spec.problem_kind == TEXT_CLASSIFICATION:
        keys = [config / "ContentColumn", config / "TargetLabelColumn"]
    else:
        return
    for path in keys:
        found = spec.field(path, str)
        if found:
            yield found


@rule("AML806", "data-column-missing", Severity.ERROR, phase="data", fixes="unsafe")
def data_column_missing(ctx: RuleContext) -> Iterator[Problem]:
    """A column the spec names is not in the data's header.

    ## What it does
    Reads the header of the training channel's first data file (a CSV header, or a Parquet file's
    columns when pyarrow is installed) and checks that it has every column the spec names: `TargetAttributeName` and
    `SampleWeightAttributeName` (tabular); the target, timestamp, item identifier and grouping columns
    (time series); `ContentColumn` and `TargetLabelColumn` (text classification). Names are compared
    exactly, case included; the finding is on the field, with the closest header name as suggestion
    (never a column another field names: those must differ, AML408, AML603, AML701).
    The validation channel must have the same header (AML808).

    ## Why
    Autopilot looks the columns up by name, case-sensitively, and fails the job when one is missing:
    the most common and most expensive data mistake, since it shows only after the job has started.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        TargetAttributeName: churn
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        TargetAttributeName: churned
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TextClassificationJobConfig.html
    """
    for channel, _, first in _headers(ctx):
        # The validation data must have the training header (AML808 compares them).
        if channel.channel_type != "training":
            continue
        header = first.columns or ()
        named_columns = list(_named_columns(ctx.spec, channel))
        for named in named_columns:
            if named.value in header:
                continue
            # A column another field names is not a guess: the columns must differ (AML408, AML603, AML701).
            others = {other.value for other in named_columns if other is not named}
            guess = closest(named.value, [column for column in header if column not in others])
            where = "columns" if first.parquet else "header"
            detail = did_you_mean(guess) if guess else f" (its {where}: {_columns(header)})"
            yield Problem(
                named.path,
                f"column '{named.value}' is not in the {where} of {first.info}{detail}",
                suggestion=guess,
            )


@rule("AML807", "llm-columns", Severity.ERROR, phase="data")
def llm_columns(ctx: RuleContext) -> Iterator[Problem]:
    """Text-generation data must have exactly the columns `input` and `output`.

    ## What it does
    For a `TextGenerationJobConfig`, reads the header of each channel's first data file and reports a
    header that is not exactly the two columns `input` and `output` (case-sensitive).

    ## Why
    "The dataset must contain exactly two comma-separated and named columns, input and output.
    Autopilot does not allow any additional columns."

    ## Example
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/prompt-completion/
    ```

    ## Use instead
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    """
    if ctx.spec.is_v1 or ctx.spec.problem_kind != TEXT_GENERATION:
        return
    for channel, _, first in _headers(ctx):
        header = first.columns or ()
        if len(header) == 2 and set(header) == set(LLM_COLUMNS):
            continue
        yield Problem(
            channel.uri.path,
            f"text-generation data needs exactly the columns input and output, but the header of {first.info}"
            f" {' and '.join(_llm_header_faults(header))}",
        )


def _llm_header_faults(header) -> list[str]:
    """What a text-generation header lacks or has besides input and output (or that it repeats one)."""
    missing = [c for c in LLM_COLUMNS if c not in header]
    extra = [c for c in header if c not in LLM_COLUMNS]
    parts = []
    if missing:
        parts.append("lacks " + ", ".join(f"'{c}'" for c in missing))
    if extra:
        parts.append("has " + ", ".join(f"'{c}'" for c in extra[:6]) + (" ..." if len(extra) > 6 else ""))
    return parts or ["repeats a column"]


@rule("AML808", "channels-same-schema", Severity.ERROR, phase="data")
def channels_same_schema(ctx: RuleContext) -> Iterator[Problem]:
    """The validation data, or another file of the same channel, has a different header.

    ## What it does
    Compares the header (CSV) or columns (Parquet) of the validation channel's data with the training
    channel's, and of every file of a channel (at most 100 are read) with the channel's first file:
    same names, same order.

    ## Why
    "A validation dataset must contain the same headers as the training dataset", and the training and
    validation data must have "the same format, either CSV or Parquet, and the same schema". Files of
    one channel are read as one dataset, so they need one schema too (inferred).

    ## Example
    ```yaml
    # base: house-prices-regression-v1
    InputDataConfig:
      - ChannelType: training
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/train/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: Gzip
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/validation-2023/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: Gzip
    ```

    ## Use instead
    ```yaml
    # base: house-prices-regression-v1
    InputDataConfig:
      - ChannelType: training
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/train/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: Gzip
      - ChannelType: validation
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/house-prices/validation/
        TargetAttributeName: sale_price
        ContentType: text/csv;header=present
        CompressionType: Gzip
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-automate-model-development-create-experiment.html
    """
    firsts: dict[str, tuple[_Channel, ObjectProfile]] = {}
    for channel, sample, first in _headers(ctx):
        firsts.setdefault(channel.channel_type, (channel, first))
        for profile in _checked(sample):
            if profile is first or profile.columns is None or profile.columns == first.columns:
                continue
            yield Problem(
                channel.uri.path,
                f"{profile.info} has other columns than {first.info}: {_difference(first.columns, profile.columns)};"
                " every file of a channel needs the same header",
            )
            break
    if "training" in firsts and "validation" in firsts:
        (_, train), (channel, valid) = firsts["training"], firsts["validation"]
        if train.columns != valid.columns:
            yield Problem(
                channel.uri.path,
                f"the validation data {valid.info} has other columns than the training data {train.info}:"
                f" {_difference(train.columns, valid.columns)}; the validation data needs the training header",
            )


def _difference(expected: tuple[str, ...] | None, actual: tuple[str, ...] | None) -> str:
    expected, actual = expected or (), actual or ()
    missing = [c for c in expected if c not in actual]
    extra = [c for c in actual if c not in expected]
    parts = []
    if missing:
        parts.append("it lacks " + ", ".join(f"'{c}'" for c in missing[:6]))
    if extra:
        parts.append("it has " + ", ".join(f"'{c}'" for c in extra[:6]))
    if not parts:
        parts.append(f"the same names in another order ({_columns(actual)})")
    return " and ".join(parts)


# ----- rows -------------------------------------------------------------------------------------------


@rule("AML809", "training-min-rows", Severity.ERROR, phase="data")
def training_min_rows(ctx: RuleContext) -> Iterator[Problem]:
    """Tabular training data has fewer than 500 rows.

    ## What it does
    Counts the data rows of a tabular job's training channel: CSV records read with a CSV parser (a
    quoted field with a newline in it is one row, not two), one header per file, blank lines skipped;
    Parquet row counts from the file footers. Reading stops at the 501st record of the first file (or
    the 500th row across files), so a large file costs a few kilobytes.

    ## Why
    "A minimum of 500 rows is required for the training dataset. There is not a minimum number of rows
    required for the validation dataset." (CreateAutoMLJob; the V2 docs omit the sentence, so for V2
    tabular jobs this is inferred.)

    ## Example
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/sample/
    ```

    ## Use instead
    ```yaml
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJob.html (InputDataConfig)
    """
    spec = ctx.spec
    if spec.problem_kind != TABULAR:
        return
    for channel, sample in _samples(ctx):
        if channel.channel_type != "training" or sample.rows >= MIN_TRAINING_ROWS or not sample.rows_exact:
            continue
        files = len(sample.profiles)
        inferred = "" if spec.is_v1 else " (documented for CreateAutoMLJob, inferred for V2)"
        yield Problem(
            channel.uri.path,
            f"the training data under {channel.uri.value} has {_plural(sample.rows, 'data row')}"
            f" ({_plural(files, 'file')}, one header each); Autopilot needs at least {MIN_TRAINING_ROWS}"
            f"{inferred}",
        )


def _llm_samples(ctx: RuleContext) -> list[tuple[_Channel, Sample]]:
    """A text-generation job's channels with their data read (the training channel first)."""
    if ctx.spec.is_v1 or ctx.spec.problem_kind != TEXT_GENERATION:
        return []
    pairs = list(_samples(ctx))
    return sorted(pairs, key=lambda pair: pair[0].channel_type != "training")


def _llm_named(spec: Spec) -> str:
    """The base model as a message names it: "Falcon7BInstruct (the default model)" when omitted."""
    default = "" if spec.field(spec.problem_config_path / "BaseModelName") else " (the default model)"
    return _llm_model(spec) + default


@rule("AML810", "llm-row-limit", Severity.ERROR, phase="data")
def llm_row_limit(ctx: RuleContext) -> Iterator[Problem]:
    """Text-generation data has more rows than the base model accepts.

    ## What it does
    Counts the rows of every file of both channels of a `TextGenerationJobConfig` and compares the total
    with the base model's documented limit: Falcon7B and Falcon7BInstruct 1,000 rows; Llama2-13B and
    Llama2-13BChat 7,000; every other model 10,000. The default model is Falcon7BInstruct. Counting
    stops one row past the limit.

    ## Why
    "The limit on the number of rows in a dataset applies to the cumulative number of rows across all
    files within the dataset ... If there are two channel types defined (one for training and one for
    validation), the limit applies to the total number of rows across all datasets within both
    channels. When the number of rows exceeds the threshold, the job fails with a validation error."

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Falcon7BInstruct
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TextGenerationJobConfig:
        BaseModelName: Falcon40BInstruct
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    """
    spec = ctx.spec
    pairs = _llm_samples(ctx)
    limit = _llm_limit(spec)
    if not pairs or sum(sample.rows for _, sample in pairs) <= limit:
        return
    yield Problem(
        pairs[0][0].uri.path,
        f"the text-generation data has more than {limit:,} rows (counted across all files and both channels), the"
        f" most {_llm_named(spec)} accepts; the job would fail with a validation error: use fewer rows or a model"
        " with a higher limit (10,000 for Falcon40B, Llama2-7B, Mistral7B and others; a Llama 2 model also needs"
        " ModelAccessConfig.AcceptEula: true, AML733)",
    )


@rule("AML813", "llm-min-rows", Severity.WARNING, phase="data")
def llm_min_rows(ctx: RuleContext) -> Iterator[Problem]:
    """Text-generation data has fewer than the 1,000 rows AWS recommends.

    ## What it does
    Counts the rows of every file of both channels of a `TextGenerationJobConfig` (CSV records, a quoted
    newline inside a field is one row; Parquet row counts from the footers) and warns when the total
    is below 1,000. Nothing is said when the count is not complete (a check cut short says so in
    AML812).

    ## Why
    "We recommend using datasets with a minimum of 1000 rows to ensure optimal learning and performance
    of the model." A smaller dataset is accepted, but the fine-tuned model is likely to be worse than
    the base model at the task.

    ## Example
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/pilot/
    ```

    ## Use instead
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    """
    pairs = _llm_samples(ctx)
    if not pairs or not all(sample.rows_exact for _, sample in pairs):
        return
    total = sum(sample.rows for _, sample in pairs)
    if total >= LLM_MIN_ROWS:
        return
    yield Problem(
        pairs[0][0].uri.path,
        f"the text-generation data has {_plural(total, 'row', ',')} (all files, both channels); AWS recommends"
        f" at least {LLM_MIN_ROWS:,} for the model to learn the task: add examples",
    )


@rule("AML814", "llm-truncation", Severity.ERROR, phase="data")
def llm_truncation(ctx: RuleContext) -> Iterator[Problem]:
    """More than 60% of the text-generation rows are longer than the base model's context length.

    ## What it does
    Counts, for every row of both channels of a `TextGenerationJobConfig`, the words of its `input` and
    `output` (split at ASCII whitespace), and reports when more than 60% of the rows have more words
    than the base model's context length in tokens: 2,048 for the Llama2 and Mistral models, 1,024 for
    the others (the default model is Falcon7BInstruct).

    No tokenizer is available offline, so only what is certain is reported: the base models' tokenizers
    split text at whitespace before they split words further (a token never spans two words), so a row's
    word count is a lower bound on its tokens, and a row with more words than the context length
    certainly exceeds it. A row with fewer words may still exceed it: the check can miss a dataset that
    fails, never flag one that passes. A row's input and output are counted together, since the model
    is trained on the prompt followed by its answer (inferred). Only CSV data is measured (the words of
    Parquet rows are not read), and only when every row was counted (AML812 says when a check was cut
    short).

    ## Why
    Autopilot limits the context length per base model and fails the job when more than 60% of the rows
    exceed it; truncating long inputs also loses the answers the model should learn.

    ## Example
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/manuals/
    ```

    ## Use instead
    ```yaml
    # base: support-llm-textgen-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/support-llm/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-llms-finetuning-data-format.html
    """
    spec = ctx.spec
    pairs = _llm_samples(ctx)
    if not pairs or not all(sample.rows_exact for _, sample in pairs):
        return
    profiles = [profile for _, sample in pairs for profile in _checked(sample)]
    total = sum(sample.rows for _, sample in pairs)
    if total == 0 or any(profile.parquet for profile in profiles):
        return
    context = LLM_CONTEXT_LENGTHS.get(_llm_model(spec), LLM_DEFAULT_CONTEXT_LENGTH)
    long = sum(words > context for profile in profiles for words in profile.long_rows)
    if long <= LLM_TRUNCATION_SHARE * total:
        return
    yield Problem(
        pairs[0][0].uri.path,
        f"{long:,} of the {total:,} text-generation rows ({long / total:.0%}) have more than {context:,} words, so"
        f" more than {context:,} tokens, the context length of {_llm_named(spec)}; Autopilot fails the job when"
        f" more than {LLM_TRUNCATION_SHARE:.0%} of the rows exceed it: shorten the inputs and outputs, or use a"
        " model with 2,048 tokens (Mistral, or Llama 2 with ModelAccessConfig.AcceptEula: true, AML733)",
    )


# ----- values ------------------------------------------------------------------------------------------


def _first_value(sample: Sample, column: str, kind: str) -> tuple[ObjectProfile, int, str] | None:
    """The first value of ``column`` in the rows read that is "not_numeric" or "negative" (CSV only)."""
    for profile in _checked(sample):
        if profile.parquet or profile.header is None or column not in profile.header:
            continue
        found = getattr(profile, kind).get(profile.header.index(column))
        if found is not None:
            return profile, found[0], found[1]
    return None


def _weight(spec: Spec, channel: _Channel) -> Field | None:
    if spec.is_v1:
        return spec.field(channel.field.path / "SampleWeightAttributeName", str)
    if spec.problem_kind != TABULAR:
        return None
    return spec.field(spec.problem_config_path / "SampleWeightAttributeName", str)


@rule("AML817", "sample-weight-values", Severity.WARNING, phase="data")
def sample_weight_values(ctx: RuleContext) -> Iterator[Problem]:
    """A sample weight in the data is not a number, or is negative.

    ## What it does
    In the rows read of each channel (at least the 500 the row check counts, within the byte budget),
    looks at the column `SampleWeightAttributeName` names and reports the first value that is not a
    number (Python's `float` rejects it) or is negative. Empty values and the strings pandas reads as
    missing (`NA`, `null`, `n/a`, ...) are not reported: a missing weight is excluded by design. Only CSV
    data is read; the finding is on `SampleWeightAttributeName`.

    ## Why
    "Sample weights should be numeric, non-negative ... Data points that have invalid or no weight value
    are excluded." The job does not fail: those rows silently drop out of training and evaluation,
    which is rarely what the weights were meant to do.

    ## Example
    ```yaml
    # base: churn-tabular-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/negative-weights/
    ```

    ## Use instead
    ```yaml
    # base: churn-tabular-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    """
    for channel, sample in _samples(ctx):
        weight = _weight(ctx.spec, channel)
        if weight is None:
            continue
        for kind, what in (("not_numeric", "which is not a number"), ("negative", "which is negative")):
            found = _first_value(sample, weight.value, kind)
            if found is None:
                continue
            profile, row, value = found
            yield Problem(
                weight.path,
                f"SampleWeightAttributeName '{weight.value}': data row {row:,} of {profile.info} has the weight"
                f" {value[:40]!r}, {what}; Autopilot excludes rows whose weight is not a non-negative number: fix"
                " the weights or drop those rows",
            )
            break


@rule("AML818", "ts-target-numeric", Severity.ERROR, phase="data")
def ts_target_numeric(ctx: RuleContext) -> Iterator[Problem]:
    """A time-series target column holds a value that is not a number.

    ## What it does
    In the rows read of a time-series job's data (at least the first 64 KiB of each file), looks at the
    column `TimeSeriesConfig.TargetAttributeName` names and reports the first value that is not a
    number (Python's `float` rejects it). Empty values and the strings pandas reads as missing (`NA`,
    `null`, ...) are not reported: missing target values are what `Transformations.Filling` is for. Only
    CSV data is read.

    ## Why
    "The data type of the target variable must be numerical." A target exported with units (`12 kg`),
    labels (`high`) or thousands separators (`1,200` quoted) makes the column text, and the job fails.

    ## Example
    ```yaml
    # base: demand-forecast-timeseries-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/levels/
    ```

    ## Use instead
    ```yaml
    # base: demand-forecast-timeseries-v2
    AutoMLJobInputDataConfig:
      - ChannelType: training
        ContentType: text/csv;header=present
        CompressionType: None
        DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/demand/train/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesConfig.html
    """
    spec = ctx.spec
    if spec.problem_kind != TIME_SERIES:
        return
    target = spec.field(spec.problem_config_path.join("TimeSeriesConfig", "TargetAttributeName"), str)
    if target is None:
        return
    for _, sample in _samples(ctx):
        found = _first_value(sample, target.value, "not_numeric")
        if found is not None:
            profile, row, value = found
            yield Problem(
                target.path,
                f"TargetAttributeName '{target.value}': data row {row:,} of {profile.info} has {value[:40]!r}, which"
                " is not a number; a time-series target must be numerical: remove units, labels and thousands"
                " separators from the column",
            )
            return


# ----- size --------------------------------------------------------------------------------------------


def _size(size: int) -> str:
    return f"{size / GIB:,.1f} GiB" if size >= GIB else f"{size:,} bytes"


class _SizeLimit(NamedTuple):  # built on every start, like _Channel
    size: int  # bytes; the data must be smaller
    says: str
    fix: str


_TIME_SERIES_SIZE = _SizeLimit(
    TIME_SERIES_MAX_BYTES,
    "a time-series dataset must be at most 30 GB (an adjustable quota)",
    "aggregate or shorten the history, or ask for a higher quota",
)
_VALIDATION_SIZE = _SizeLimit(
    VALIDATION_MAX_BYTES,
    "the validation data of a CreateAutoMLJob job must be less than 2 GB",
    "use a smaller validation set, or drop the channel and set ValidationFraction",
)
_TRAINING_SIZE = _SizeLimit(
    TRAINING_MAX_BYTES,
    "the training data must be less than 100 GB (the default quota)",
    "sample the data down (Autopilot subsamples to 5 GB anyway), or ask for a higher quota",
)


def _size_limit(spec: Spec, channel: _Channel) -> _SizeLimit | None:
    """The documented size limit of a channel's data, if there is one."""
    if spec.problem_kind == TIME_SERIES:
        return _TIME_SERIES_SIZE
    if spec.problem_kind != TABULAR:
        return None
    if channel.channel_type == "validation":
        return _VALIDATION_SIZE if spec.is_v1 else None  # documented for CreateAutoMLJob only
    return _TRAINING_SIZE


@rule("AML815", "dataset-size", Severity.ERROR, phase="data", example_kind="none")
def dataset_size(ctx: RuleContext) -> Iterator[Problem]:
    """A channel's data is larger than Autopilot's documented size limit.

    ## What it does
    Adds up the sizes of the objects a channel lists (every object under an `S3Prefix`, as Autopilot
    reads them; the objects a manifest names) and compares the total with the documented limit:
    tabular training data must be less than 100 GB, the validation data of a `CreateAutoMLJob` (V1) job
    less than 2 GB, and a time-series dataset at most 30 GB. The sizes come from the listing: no object
    is read. GB is read as 2^30 bytes, the larger reading, so a reported size is over the limit either
    way; a prefix of more than 100,000 objects is counted to that point (a lower bound).

    ## Why
    "The training dataset size must be less than 100 GB" and the "validation dataset size is limited to
    less than 2 GB" (CreateAutoMLJob's AutoMLChannel; for V2 tabular jobs the 100 GB is Autopilot's
    default input-dataset quota); the time-series limits page lists 30 GB. A job over the limit fails
    after it has started. The 100 GB and 30 GB quotas can be raised through Service Quotas: suppress
    this finding (`# automlspec: noqa AML815`) for an account whose quota was raised.

    ## Example
    A 120 GB training prefix gives `AML815 error [dataset-size] the training data under
    s3://acme-ml-data/clicks/ is 120.0 GiB (2,400 objects); the training data must be less than 100 GB
    (the default quota): sample the data down ...`. (Tested in tests/test_data_rules.py with sparse
    files; a 100 GB example cannot be committed.)

    ## Use instead
    Point the channel at a sample of the data, or raise the quota and suppress the finding.

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLChannel.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-forecasting-limits.html
    """
    spec, data = ctx.spec, ctx.reader
    for channel in _read(spec, data):
        limit = _size_limit(spec, channel)
        found = data.channel(channel.url, channel.kind)
        if limit is None or found.error is not None:
            continue
        objects = found.objects + [info for info, _ in found.strays]  # Autopilot reads every object
        size = sum(info.size for info in objects)
        if size < limit.size:
            continue
        yield Problem(
            channel.uri.path,
            f"the {channel.channel_type} data under {channel.uri.value} is {_size(size)} ({len(objects):,}"
            f" object{'s' * (len(objects) != 1)}); {limit.says}: {limit.fix}",
        )


@rule("AML816", "parquet-file-size", Severity.ERROR, phase="data", example_kind="none")
def parquet_file_size(ctx: RuleContext) -> Iterator[Problem]:
    """A Parquet file of a channel is 2 GB or larger.

    ## What it does
    For a channel whose `ContentType` is Parquet, reports the objects it lists that are 2 GB or larger
    (sizes from the listing; GB read as 2^30 bytes, so a reported file is over the limit either way).

    ## Why
    Autopilot's quotas list the largest single Parquet file as 2 GB, a limit that cannot be raised;
    time-series forecasting lists the same limit. Parquet files are read whole, so a larger one fails
    the job after it has started.

    ## Example
    A 3 GB `part-0000.parquet` gives `AML816 error [parquet-file-size]
    s3://acme-ml-data/churn/parquet/part-0000.parquet is 3.0 GiB; a single Parquet file must be less
    than 2 GB (a quota that cannot be raised): write the data as several smaller files`. (Tested in
    tests/test_data_rules.py with a sparse file.)

    ## Use instead
    Write the data as several files under 2 GB each (`pyarrow.parquet.write_to_dataset`, Spark's
    `maxRecordsPerFile`) and point `S3Uri` at their prefix.

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-quotas.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-forecasting-limits.html
    """
    for channel in _read(ctx.spec, ctx.reader):
        found = ctx.reader.channel(channel.url, channel.kind)
        if channel.content_type != PARQUET or found.error is not None:
            continue
        large = [info for info in found.objects if info.size >= PARQUET_FILE_MAX_BYTES]
        if not large:
            continue
        yield Problem(
            channel.uri.path,
            f"{_names([f'{info} ({_size(info.size)})' for info in large])} {_is(large)}"
            " 2 GB or larger; a single Parquet file must be less than 2 GB (a quota that cannot be raised): write"
            " the data as several smaller files",
        )


# ----- feature specification ------------------------------------------------------------------------------

_FEATURE_KEYS = ("FeatureAttributeNames", "FeatureDataTypes")
_FEATURE_TYPES = ("numeric", "categorical", "text", "datetime")
_HPO_FEATURE_TYPES = (*_FEATURE_TYPES, "sequence")


def _feature_spec_field(spec: Spec) -> Field | None:
    if spec.is_v1:
        return spec.field(("AutoMLJobConfig", "CandidateGenerationConfig", "FeatureSpecificationS3Uri"), str)
    if spec.problem_kind not in (TABULAR, TIME_SERIES):
        return None
    return spec.field(spec.problem_config_path / "FeatureSpecificationS3Uri", str)


def _quoted(names: list[str]) -> str:
    return _names([f"'{name}'" for name in names])


def _feature_spec_problems(ctx: RuleContext, value: object) -> Iterator[str]:
    """What is wrong with a feature specification, each as the end of a message. (No suggestion: the
    finding is on the URI, and a fix would go into the JSON object, not the spec.)"""
    if not isinstance(value, dict):
        yield 'is not a JSON object such as {"FeatureAttributeNames": ["col1", "col2"]}'
        return
    names, types = yield from _feature_keys(value)
    yield from _feature_consistency(names, types)
    yield from _feature_columns(ctx, list(dict.fromkeys([*(names or []), *(types or {})])))
    if types is not None:
        yield from _feature_types(ctx.spec, types)


def _feature_keys(value: dict) -> Generator[str, None, tuple[list | None, dict | None]]:
    """Keys Autopilot does not read, and names or types of the wrong shape; returns (names, types), each
    None when absent or unusable."""
    unknown = [key for key in value if key not in _FEATURE_KEYS]
    if unknown:
        guess = closest(unknown[0], _FEATURE_KEYS)
        yield (
            f"has {_plural(len(unknown), 'key')} Autopilot does not read: {_quoted(unknown)}{_guess(guess)}; the"
            " keys are FeatureAttributeNames and FeatureDataTypes (case-sensitive)"
        )
    names, types = value.get("FeatureAttributeNames"), value.get("FeatureDataTypes")
    if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        yield 'has a FeatureAttributeNames that is not a list of column names such as ["col1", "col2"]'
        names = None
    if types is not None and not (isinstance(types, dict) and all(isinstance(t, str) for t in types.values())):
        yield 'has a FeatureDataTypes that is not an object of column names to types such as {"col1": "numeric"}'
        types = None
    return names, types


def _feature_consistency(names: list | None, types: dict | None) -> Iterator[str]:
    """Names that repeat; typed columns the names do not list."""
    if names is not None:
        repeated = [name for name in dict.fromkeys(names) if names.count(name) > 1]
        if repeated:
            yield f"repeats {_quoted(repeated)} in FeatureAttributeNames; the names must be unique"
    if names is not None and types is not None:
        extra = [key for key in types if key not in names]
        if extra:
            yield (
                f"types {_quoted(extra)} in FeatureDataTypes, which FeatureAttributeNames does not list; with both"
                " keys, every typed column must be among the names"
            )


def _feature_columns(ctx: RuleContext, listed: list) -> Iterator[str]:
    """Columns not in the training data's header; columns the job reserves (target, TimeSeriesConfig)."""
    spec = ctx.spec
    training = next((first for channel, _, first in _headers(ctx) if channel.channel_type == "training"), None)
    if training is not None and training.columns is not None:
        missing = [name for name in listed if name not in training.columns]
        if missing:
            guess = closest(missing[0], training.columns)
            yield (
                f"names {_quoted(missing)}, not in the header of {training.info}{_guess(guess)} (names are"
                " case-sensitive)"
            )
    taken = _target_columns(spec)
    overlap = [name for name in listed if name in taken]
    if overlap:
        what = "sets in TimeSeriesConfig" if spec.problem_kind == TIME_SERIES else "uses as the target"
        yield f"lists {_quoted(overlap)}, which the job {what}; the feature specification must not include it"


def _feature_types(spec: Spec, types: dict) -> Iterator[str]:
    """Data types the job's mode does not support."""
    mode = _mode(spec)
    allowed = _HPO_FEATURE_TYPES if spec.problem_kind == TABULAR and mode != "ENSEMBLING" else _FEATURE_TYPES
    wrong = [f"'{key}': '{kind}'" for key, kind in types.items() if kind not in allowed]
    if wrong:
        scope = "time-series jobs support" if spec.problem_kind == TIME_SERIES else f"{mode or 'AUTO'} mode supports"
        yield f"gives {_names(wrong)} in FeatureDataTypes; {scope} only {', '.join(allowed)}"


def _guess(name: str | None) -> str:
    return f" (did you mean '{name}'?)" if name else ""


def _target_columns(spec: Spec) -> set[str]:
    """The columns the job reserves: the target (tabular), every TimeSeriesConfig column (time series)."""
    if spec.problem_kind == TIME_SERIES:
        series = spec.problem_config_path / "TimeSeriesConfig"
        keys = ("TargetAttributeName", "TimestampAttributeName", "ItemIdentifierAttributeName")
        found = {spec.get(series / key, str) for key in keys}
        found |= {g for g in spec.get(series / "GroupingAttributeNames", list, []) if isinstance(g, str)}
        return {name for name in found if name}
    if spec.is_v1:
        return {
            c.value.get("TargetAttributeName")
            for c in spec.channels
            if isinstance(c.value.get("TargetAttributeName"), str)
        }
    target = spec.get(spec.problem_config_path / "TargetAttributeName", str)
    return {target} if target else set()


def _mode(spec: Spec) -> str | None:
    if spec.is_v1:
        return spec.get(("AutoMLJobConfig", "Mode"), str)
    return spec.get(spec.problem_config_path / "Mode", str)


@rule("AML819", "feature-spec-content", Severity.ERROR, phase="data")
def feature_spec_content(ctx: RuleContext) -> Iterator[Problem]:
    """The `FeatureSpecificationS3Uri` object is missing or says something Autopilot rejects.

    ## What it does
    Reads the JSON object `FeatureSpecificationS3Uri` names (at most 8 MiB) and reports: an object that
    does not exist or is not a JSON object; keys other than `FeatureAttributeNames` and
    `FeatureDataTypes`; names that are not unique; typed columns missing from `FeatureAttributeNames`
    when both are given; names that are not in the training data's header (case-sensitive, with the
    closest header name); the target column (tabular) or a `TimeSeriesConfig` column (time series); a
    data type outside `numeric`, `categorical`, `text`, `datetime` (and `sequence`, which only
    hyperparameter-tuning mode supports: it is reported for `ENSEMBLING` and time series).

    ## Why
    The API reference: "The values listed ... are case sensitive and should be a list of strings
    containing unique values that are a subset of the column names in the input data. The list of
    columns provided must not include the target column", "If both FeatureDataTypes and
    FeatureAttributeNames are provided, then the column keys should be a subset of the column names
    provided in FeatureAttributeNames", "In ensembling mode, Autopilot only supports the following
    data types: numeric, categorical, text, and datetime"; for time series "These column keys must not
    include any column set in TimeSeriesConfig".

    ## Example
    ```yaml
    # base: churn-tabular-v2
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        FeatureSpecificationS3Uri: s3://acme-ml-data/churn/feature-specs/with-target.json
    ```

    ## Use instead
    ```yaml
    # base: churn-tabular-v2
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        FeatureSpecificationS3Uri: s3://acme-ml-data/churn/feature-specs/features.json
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TabularJobConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLCandidateGenerationConfig.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesForecastingJobConfig.html
    """
    from ..storage import S3Url

    found = _feature_spec_field(ctx.spec)
    url = S3Url.parse(found.value) if found else None
    if found is None or url is None or not url.key:
        return
    document = ctx.reader.document(url)
    if document.error is not None:
        if document.error.fatal:
            return
        if _is_missing(document.error):
            yield Problem(
                found.path, f"the feature specification {found.value} does not exist ({ctx.reader.reader.name})"
            )
        else:
            yield Problem(found.path, f"cannot read the feature specification {found.value}: {document.error}")
        return
    if document.problem:
        yield Problem(found.path, f"the feature specification {found.value} {document.problem}")
        return
    for message in _feature_spec_problems(ctx, document.value):
        yield Problem(found.path, f"the feature specification {found.value} {message}")


# ----- output -----------------------------------------------------------------------------------------


@rule("AML811", "output-bucket-reachable", Severity.ERROR, phase="data")
def output_bucket_reachable(ctx: RuleContext) -> Iterator[Problem]:
    """The bucket of `OutputDataConfig.S3OutputPath` does not exist or cannot be reached.

    ## What it does
    Asks S3 whether the bucket of `S3OutputPath` exists and can be reached (HeadBucket). Against a local
    mirror (`--data-root`) this check is skipped: a mirror need not hold the output buckets.

    ## Why
    Autopilot writes its artifacts there; a bucket that does not exist fails the job, and usually is a
    typo in the name. Access denied for the credentials running `automlspec` is reported too, since the
    check could not be made (the job's role may still have access).

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artefacts/churn-v2/output/
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://acme-ml-artifacts/churn-v2/output/
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLOutputDataConfig.html
    - https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
    """
    spec = ctx.spec
    data = ctx.reader
    from ..storage import S3Url

    if not data.reader.checks_output_buckets:
        return
    found = spec.field(("OutputDataConfig", "S3OutputPath"), str)
    url = S3Url.parse(found.value) if found else None
    if found is None or url is None:
        return
    error = data.bucket_error(url.bucket)
    if error is None or error.fatal:
        return
    if _is_missing(error):
        message = f"the bucket {url.bucket} of {found.value} does not exist"
    else:
        message = f"cannot reach the bucket {url.bucket} of {found.value}: {error}"
    yield Problem(found.path, message)


# ----- what was not checked ---------------------------------------------------------------------------


@rule("AML812", "data-not-checked", Severity.INFO, phase="data", example_kind="none")
def data_not_checked(ctx: RuleContext) -> Iterator[Problem]:
    """A data check was cut short or could not be made; says which and why.

    ## What it does
    Says when the data checks did not read everything they needed: a channel's byte budget (16 MiB) ran
    out before the rows were counted, a channel has more than 100 objects (the rest are listed, not
    read), a bound of work was reached (64 MiB decompressed or 1,000,000 lines parsed in one object;
    1 GiB or 5,000,000 lines in the run), a prefix lists more than 100,000 objects, a Parquet footer is larger than automlspec reads
    (16 MiB, 10,000 row groups, 100,000 column chunks or 1,000,000 values), or Parquet files were found
    without pyarrow installed (said once per run: "Parquet columns and row counts not checked").

    ## Why
    A check that was not made must not look like a check that passed. `pip install 'automlspec[parquet]'`
    installs pyarrow, which reads Parquet footers (column names, row counts) with one ranged read.

    ## Example
    Checking Parquet data without pyarrow gives `AML812 info [data-not-checked] Parquet columns and row
    counts not checked (s3://acme-ml-data/churn/parquet/part-0000.parquet): pyarrow is not installed;
    pip install 'automlspec[parquet]'` (tested in tests/test_data_rules.py).

    ## Use instead
    Install `automlspec[parquet]`; split a very large channel's check by pointing a spec at one part.

    ## Source
    - https://arrow.apache.org/docs/python/parquet.html
    """
    data = ctx.reader
    for channel, sample in _samples(ctx):
        uri = channel.uri.value
        if sample.cut_short:
            yield Problem(
                channel.uri.path,
                f"stopped reading {uri} after {_plural(sample.rows, 'row', ',')}: {sample.cut_short}, so the row checks of this"
                " channel were not made",
            )
        if sample.unexamined:
            total = len(sample.data.objects)
            yield Problem(
                channel.uri.path,
                f"{uri} has {total:,} data objects; the first {total - sample.unexamined:,} were read, the other"
                f" {sample.unexamined:,} only listed (headers, compression and format not checked)",
            )
        if not sample.data.listed_all:
            yield Problem(channel.uri.path, f"{uri} lists more than 100,000 objects; the rest were not read")
        if sample.data.unchecked_entries:
            yield Problem(
                channel.uri.path,
                f"the manifest {uri} lists {sample.data.unchecked_entries:,} more objects than were looked up (100)",
            )
        over = [p for p in sample.profiles if p.parquet_over]
        if over:
            others = f" (and {len(over) - 1:,} more files)" if len(over) > 1 else ""
            yield Problem(
                channel.uri.path,
                f"Parquet columns and row counts not checked ({over[0].info}{others}): it declares {over[0].parquet_over},"
                " more than automlspec reads (docs/data-checks.md, Parquet)",
            )
        unchecked = [p for p in sample.profiles if p.parquet_unchecked]
        if unchecked and not data.parquet_note_given:
            data.parquet_note_given = True
            yield Problem(
                channel.uri.path,
                f"Parquet columns and row counts not checked ({unchecked[0].info}): pyarrow is not installed; pip"
                " install 'automlspec[parquet]'",
            )
