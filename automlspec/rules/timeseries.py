"""Time-series forecasting (V2 only): horizon, quantiles, the TimeSeriesConfig columns, filling and
aggregation transformations, holiday calendars.

ForecastFrequency spellings (60min -> 1H, 24H -> 1D, ...), quantile patterns and counts, grouping
counts and the CountryCode pattern are model constraints, reported by rules/limits.py (AML106/AML108).
ts-featurespec-overlap needs the FeatureSpecificationS3Uri object from S3 and is left to data checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

from .. import model
from ..dialects import TIME_SERIES
from ..facts import MAX_HORIZON
from ..findings import Problem, Severity
from ..paths import FieldPath
from ..spec import Field, Spec
from ..suggest import closest
from ._rule import RuleContext, rule

FILL_METHODS = ("middlefill", "backfill", "futurefill")  # frontfill takes only `none`
FILL_VALUES = ("zero", "value", "median", "mean", "min", "max")
# Common spellings from other tools (pandas, Forecast consoles) for the fill options.
FILL_ALIASES = {
    "average": "mean",
    "avg": "mean",
    "0": "zero",
    "zeros": "zero",
    "maximum": "max",
    "minimum": "min",
    "constant": "value",
    "fixed": "value",
}
# Codes people use that ISO 3166-1 spells differently: UK and EL are EU/ITU usage.
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
_COUNTRY_FORM = r"[A-Z]{2}"  # compiled by re's cache when a spec names a holiday country


def _ts_config(spec: Spec) -> dict:
    return spec.problem_config if spec.problem_kind == TIME_SERIES and not spec.is_v1 else {}


def _target(spec: Spec) -> str | None:
    found = next(spec.targets(), None) if spec.problem_kind == TIME_SERIES else None
    return found.value if found else None


@rule("AML601", "forecast-horizon-max", Severity.ERROR, fixes="unsafe")
def horizon_max(ctx: RuleContext) -> Iterator[Problem]:
    """`ForecastHorizon` is over the default quota of 500 time-steps.

    ## What it does
    Reports a `ForecastHorizon` greater than 500.

    ## Why
    The maximum forecast horizon is the lesser of 500 time-steps and a quarter of the time-steps in
    the dataset; a longer horizon fails the job. The 500 is a service quota that AWS can raise for your
    account ("Adjustable: Yes"): if yours has been raised, lower this rule's severity in
    `.automlspec.yaml` (`severity: {forecast-horizon-max: warning}`) or ignore it. The quarter-of-the-data
    limit needs the data and is not checked here.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 730
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastHorizon: 365
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesForecastingJobConfig.html
      (ForecastHorizon: "the lesser of 500 time-steps or 1/4 of the time-steps in the dataset")
    - https://docs.aws.amazon.com/sagemaker/latest/dg/timeseries-forecasting-limits.html
    """
    spec = ctx.spec
    if not _ts_config(spec):
        return
    horizon = spec.field(spec.problem_config_path / "ForecastHorizon", int)
    if horizon and horizon.value > MAX_HORIZON:
        yield Problem(
            horizon.path,
            f"{horizon.path} is {horizon.value} time-steps; the default maximum is {MAX_HORIZON} (and at most a"
            f" quarter of the time-steps in the data). The {MAX_HORIZON} is an adjustable service quota: if yours"
            " was raised, lower this rule's severity (forecast-horizon-max) in .automlspec.yaml",
            suggestion=str(MAX_HORIZON),
        )


@rule("AML602", "forecast-quantiles-duplicates", Severity.WARNING)
def quantile_duplicates(ctx: RuleContext) -> Iterator[Problem]:
    """`ForecastQuantiles` lists the same quantile more than once.

    ## What it does
    Reports each repeated entry of `ForecastQuantiles`. The form of each quantile (`p1`-`p99`) and the
    limit of five entries are checked by AML106 and AML108.

    ## Why
    A repeated quantile trains nothing extra and uses up one of the five allowed entries; it is
    usually a typo for another quantile. Whether the service rejects duplicates is unverified (inferred).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastQuantiles: [p10, p50, p50]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        ForecastQuantiles: [p10, p50, p90]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesForecastingJobConfig.html
    """
    spec = ctx.spec
    if not _ts_config(spec):
        return
    path = spec.problem_config_path / "ForecastQuantiles"
    seen: set[str] = set()
    for index, value in enumerate(spec.get(path, list, [])):
        if not isinstance(value, str):
            continue
        if value in seen:
            yield Problem(
                path / index,
                f"{path} lists '{value}' more than once; remove the repeat or pick another quantile",
            )
        seen.add(value)


_TS_COLUMNS = (
    ("TargetAttributeName", "the target"),
    ("TimestampAttributeName", "the timestamp"),
    ("ItemIdentifierAttributeName", "the item identifier"),
)


@rule("AML603", "ts-columns-distinct", Severity.ERROR)
def columns_distinct(ctx: RuleContext) -> Iterator[Problem]:
    """The target, timestamp, item identifier and grouping columns of `TimeSeriesConfig` must all differ.

    ## What it does
    Reports a column named in more than one role of `TimeSeriesConfig` (for example the timestamp
    column also used as the item identifier), or listed twice in `GroupingAttributeNames`.

    ## Why
    Each role needs its own column: a column cannot be both the value to forecast and the key that
    identifies a series, and grouping by the target or the timestamp makes every row its own series.
    That the service rejects it is inferred, not documented. Column names are compared exactly (they
    are case sensitive).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        TimeSeriesConfig:
          GroupingAttributeNames: [store_id, product_id]
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        TimeSeriesConfig:
          GroupingAttributeNames: [store_id, region]
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesConfig.html
    """
    spec = ctx.spec
    config = _ts_config(spec)
    if not isinstance(config.get("TimeSeriesConfig"), dict):
        return
    base = spec.problem_config_path / "TimeSeriesConfig"
    columns: list[tuple[Field, str]] = []
    for key, role in _TS_COLUMNS:
        found = spec.field(base / key, str)
        if found and found.value:  # a blank name is AML105's (an unfilled `init` placeholder), not a clash
            columns.append((found, role))
    for index, name in enumerate(spec.get(base / "GroupingAttributeNames", list, [])):
        if isinstance(name, str) and name:
            columns.append((Field(base.join("GroupingAttributeNames", index), name), "a grouping column"))
    first_role: dict[str, tuple[Field, str]] = {}
    for column, role in columns:
        earlier = first_role.get(column.value)
        if earlier is None:
            first_role[column.value] = (column, role)
            continue
        yield Problem(
            column.path,
            f"{column.path} '{column.value}' is already {earlier[1]} ({earlier[0].path}); the target, timestamp,"
            " item identifier and grouping columns must all be different columns",
        )


def _filling(spec: Spec) -> Iterator[tuple[FieldPath, str, dict]]:
    """(path of the column's filling map, column name, the map) for each column in Transformations.Filling."""
    config = _ts_config(spec)
    if not config:
        return
    path = spec.problem_config_path.join("Transformations", "Filling")
    for column, methods in spec.get(path, dict, {}).items():
        if isinstance(column, str) and isinstance(methods, dict):
            yield path / column, column, methods


@rule("AML604", "filling-frontfill", Severity.ERROR, fixes="unsafe")
def filling_frontfill(ctx: RuleContext) -> Iterator[Problem]:
    """`frontfill` accepts only `none`, and only on the target column.

    ## What it does
    In `Transformations.Filling`, reports a `frontfill` whose value is not `none`, a `frontfill` on a
    column other than `TimeSeriesConfig.TargetAttributeName`, and a `frontfill_value` (front filling
    has no value option).

    ## Why
    The API documents a single front-filling option, `none`, "supported only for target column";
    anything else is rejected or ignored.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              frontfill: zero
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              frontfill: none
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesTransformations.html
    """
    spec = ctx.spec
    target = _target(spec)
    for path, column, methods in _filling(spec):
        if "frontfill" in methods:
            value = methods["frontfill"]
            if target is not None and column != target:
                yield Problem(
                    path / "frontfill",
                    f"{path / 'frontfill'} is set on '{column}', but front filling is supported only for the target"
                    f" column '{target}'; remove it",
                    anchor="key",
                )
            elif isinstance(value, str) and value != "none":
                yield Problem(
                    path / "frontfill",
                    f"{path / 'frontfill'} is '{value}'; the only front-filling option is 'none'",
                    suggestion="none",
                )
        if "frontfill_value" in methods:
            yield Problem(
                path / "frontfill_value",
                f"{path / 'frontfill_value'} is set, but front filling has no value option (frontfill takes only"
                " 'none'); remove it",
                anchor="key",
            )


@rule("AML605", "filling-values", Severity.ERROR, fixes="unsafe")
def filling_values(ctx: RuleContext) -> Iterator[Problem]:
    """`middlefill`, `backfill` and `futurefill` take one of zero, value, median, mean, min, max.

    ## What it does
    Reports a filling method in `Transformations.Filling` whose option is not one of `zero`, `value`,
    `median`, `mean`, `min` or `max`, and names the option you probably meant (`average` -> `mean`).

    ## Why
    These are the only options the API documents for the three methods; the value is free text in the
    model, so botocore does not catch a misspelling and the job is rejected by the service.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              middlefill: average
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              middlefill: mean
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesTransformations.html
    """
    spec = ctx.spec
    for path, _column, methods in _filling(spec):
        for method in FILL_METHODS:
            value = methods.get(method)
            if not isinstance(value, str) or value in FILL_VALUES:
                continue
            guess = FILL_ALIASES.get(value.lower()) or closest(value, FILL_VALUES)
            yield Problem(
                path / method,
                f"{path / method} '{value}' is not a filling option; use one of {', '.join(FILL_VALUES)}",
                suggestion=guess,
            )


@rule("AML606", "filling-value-pair", Severity.ERROR)
def filling_value_pair(ctx: RuleContext) -> Iterator[Problem]:
    """A filling method set to `value` needs its `<method>_value`, and the reverse.

    ## What it does
    For `middlefill`, `backfill` and `futurefill` in `Transformations.Filling`: reports `<method>: value`
    without `<method>_value` (error), and `<method>_value` without `<method>: value` (warning).

    ## Why
    The API says that to fill with a fixed value "you must include two parameters", for example
    `backfill: value` and `backfill_value: "2"`; without the number there is nothing to fill with. A
    `<method>_value` whose method is missing or set to another option is most likely ignored; that case
    is inferred and reported as a warning.

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              backfill: value
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Filling:
            demand:
              backfill: value
              backfill_value: "0"
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesTransformations.html
    """
    spec = ctx.spec
    for path, _column, methods in _filling(spec):
        for method in FILL_METHODS:
            partner = f"{method}_value"
            value = methods.get(method)
            if value == "value" and partner not in methods:
                yield Problem(
                    path / partner,
                    f"{path / method} is 'value' but {partner} is missing; add {partner} with the number to fill"
                    f' with (a string, for example {partner}: "0")',
                )
            elif partner in methods and value != "value":
                state = "is not set" if method not in methods else f"is '{value}'"
                yield Problem(
                    path / partner,
                    f"{path / partner} is set but {method} {state}, so the value is not used; set {method}: value"
                    f" or remove {partner}",
                    anchor="key",
                    severity=Severity.WARNING,
                )


@rule("AML607", "aggregation-target-only", Severity.ERROR, fixes="unsafe")
def aggregation_target_only(ctx: RuleContext) -> Iterator[Problem]:
    """`Transformations.Aggregation` may name only the target column.

    ## What it does
    Reports a key of `Transformations.Aggregation` that is not `TimeSeriesConfig.TargetAttributeName`.

    ## Why
    The API says "Aggregation is only supported for the target column." (The developer guide's example
    aggregates a feature column, which contradicts the API text; automlspec follows the API.)

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Aggregation:
            promo: max
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        Transformations:
          Aggregation:
            demand: sum
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TimeSeriesTransformations.html
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-create-experiment-timeseries-forecasting.html
    """
    spec = ctx.spec
    target = _target(spec)
    if target is None:
        return
    path = spec.problem_config_path.join("Transformations", "Aggregation")
    for column in spec.get(path, dict, {}):
        if column == target:
            continue
        guess = target if closest(str(column), [target]) else None
        yield Problem(
            path / column,
            f"{path} aggregates '{column}', but aggregation is supported only for the target column '{target}'",
            suggestion=guess,
            anchor="key",
        )


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name (automlspec/resources/iso3166.json, from tzdata)."""
    text = model.resource_text("iso3166.json")
    return json.loads(text)["codes"]


@rule("AML608", "holiday-country-supported", Severity.WARNING, fixes="unsafe")
def holiday_country_supported(ctx: RuleContext) -> Iterator[Problem]:
    """`HolidayConfig` names a country code that is not an ISO 3166-1 alpha-2 code.

    ## What it does
    Reports a `HolidayConfig[].CountryCode` of two capital letters that is not an assigned ISO 3166-1
    alpha-2 code, and names the code you probably meant (`UK` -> `GB`, `EL` -> `GR`). The two-capital
    form itself is checked by AML106.

    ## Why
    Autopilot's holiday calendars are keyed by ISO 3166 country codes. AWS's exact list of supported
    calendars could not be retrieved in full, so automlspec ships the ISO 3166-1 list and warns (rather
    than errs) outside it; an ISO code AWS has no calendar for is not detected (unverified).

    ## Example
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        HolidayConfig:
          - CountryCode: UK
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TimeSeriesForecastingJobConfig:
        HolidayConfig:
          - CountryCode: GB
    ```

    ## Source
    - https://docs.aws.amazon.com/sagemaker/latest/dg/autopilot-timeseries-forecasting-holiday-calendars.html
    - https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HolidayConfigAttributes.html
    - https://www.iso.org/iso-3166-country-codes.html
    """
    spec = ctx.spec
    if not _ts_config(spec):
        return
    path = spec.problem_config_path / "HolidayConfig"
    countries = iso_countries()
    for index, entry in enumerate(spec.get(path, list, [])):
        code = entry.get("CountryCode") if isinstance(entry, dict) else None
        if not isinstance(code, str) or not re.fullmatch(_COUNTRY_FORM, code) or code in countries:
            continue
        guess = COUNTRY_ALIASES.get(code)
        hint = f"; did you mean '{guess}' ({countries[guess]})?" if guess else ""
        yield Problem(
            path.join(index, "CountryCode"),
            f"{path.join(index, 'CountryCode')} '{code}' is not an ISO 3166-1 alpha-2 country code, so Autopilot"
            f" probably has no holiday calendar for it{hint}",
            suggestion=guess,
        )
