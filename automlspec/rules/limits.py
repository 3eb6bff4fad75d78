"""Every constraint botocore's sagemaker model declares on the two create requests, checked from data.

botocore's own client checks only required members, minimums, types and unions; the maximums, enums
and patterns below are what the service rejects later, after the job is submitted. The table comes from
automlspec/resources/model.json (scripts/generate_model.py), so a new botocore release is a regeneration,
not a code change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from .. import model
from ..dialects import (
    API_NAMES,
    CHANNELS,
    KIND_LABELS,
    PROBLEM_KINDS,
    TABULAR,
    TABULAR_CONFIG,
    V1_ONLY,
    V2_ONLY,
    stray_home,
)
from ..findings import Fix, Problem, Severity
from ..paths import FieldPath
from ..suggest import (
    closest,
    country_code,
    forecast_frequency,
    forecast_quantile,
    hyphen_name,
    ranked,
    s3_scheme_typo,
    s3_uri,
    same_spelling,
)
from ._rule import Rule, declare

SOURCE = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateAutoMLJobV2.html"

MISSING_REQUIRED = declare(
    "AML101",
    "missing-required-field",
    Severity.ERROR,
    f"""
    A field the API requires is missing.

    ## What it does
    Reports a member that botocore's model marks as required in its parent structure, for example
    `RoleArn` in the request or `S3OutputPath` in `OutputDataConfig`.

    ## Why
    The request is rejected before the job starts. The finding points at the parent mapping.

    ## Example
    ```yaml
    # unset: OutputDataConfig.S3OutputPath
    OutputDataConfig:
      KmsKeyId: alias/automl
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://ml-artifacts/churn/output/
      KmsKeyId: alias/automl
    ```

    ## Source
    - botocore `sagemaker` service model, `required` lists of each structure
    - {SOURCE}
    """,
    phase="request",
)

UNKNOWN_FIELD = declare(
    "AML102",
    "unknown-field",
    Severity.ERROR,
    f"""
    A key that the request structure does not have (often a typo).

    ## What it does
    Reports a key that is not a member of its structure in the model, and says what it is: the member
    it misspells (`help:`); a field this request keeps in another structure ("AlgorithmsConfig belongs
    under AutoMLJobConfig.CandidateGenerationConfig", or "... already sets it: remove this one"); a field
    of the other request, placed by the V1/V2 move table; a field of CreateTrainingJob or
    CreateHyperParameterTuningJob that Autopilot has no equivalent for ("S3DataDistributionType is a
    CreateTrainingJob field ...: remove it"), from botocore's model of those requests
    (automlspec/resources/neighbours.json).

    ## Why
    The AWS CLI and SDKs refuse unknown parameters ("Unknown parameter in input"); a misspelt optional
    field would otherwise be silently missing from your intent.

    ## Example
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://ml-artifacts/churn/output/
      KmsKeyID: alias/automl
    ```

    ## Use instead
    ```yaml
    OutputDataConfig:
      S3OutputPath: s3://ml-artifacts/churn/output/
      KmsKeyId: alias/automl
    ```

    ## Source
    - botocore `sagemaker` service model (structure members); botocore/validate.py `_validate_structure`
    - {SOURCE}
    """,
    phase="request",
    fixes="mixed",
    fix_note="the key in another case or punctuation, or with a prefix its neighbours have (`AutoMLJobOutputDataConfig` -> `OutputDataConfig`), when the field it names is not set",
)

WRONG_TYPE = declare(
    "AML103",
    "wrong-type",
    Severity.ERROR,
    f"""
    A value of the wrong type: a number where a string is expected, `yes` where a boolean is, a
    mapping where a list is.

    ## What it does
    Checks each value against the model type of its field. YAML 1.2 (what `--cli-input-yaml` reads)
    treats `yes`, `no`, `on` and `off` as strings, and `2023` as an integer; both are caught here.

    ## Why
    botocore rejects the request with "Invalid type for parameter".

    ## Example
    ```yaml
    GenerateCandidateDefinitionsOnly: yes
    ```

    ## Use instead
    ```yaml
    GenerateCandidateDefinitionsOnly: true
    ```

    ## Source
    - botocore `sagemaker` service model (shape types); botocore/validate.py
    - {SOURCE}
    """,
    phase="request",
    fixes="mixed",
    fix_note="a quoted number where a number is wanted, a whole number written `50.0` where an integer is, `yes`/`no`/`on`/`off` where a boolean is, and a forecast quantile written as a fraction (`0.1` -> `p10`)",
)

INVALID_ENUM = declare(
    "AML104",
    "invalid-enum-value",
    Severity.ERROR,
    f"""
    A value outside the field's enumeration.

    ## What it does
    Checks values such as `ProblemType`, `CompressionType`, `S3DataType`, `ChannelType`, `Mode`,
    `MetricName` and `AutoMLAlgorithms` against the model's enum, and names the closest valid value.

    ## Why
    botocore does not check enums on the client; the service rejects the job with a ValidationException.

    ## Example
    ```yaml
    ProblemType: binaryclassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Use instead
    ```yaml
    ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Source
    - botocore `sagemaker` service model (`enum` of each string shape)
    - {SOURCE}
    """,
    phase="request",
    fixes="mixed",
    fix_note="the value in another case or punctuation (`gzip` -> `Gzip`)",
)

BAD_LENGTH = declare(
    "AML105",
    "string-length",
    Severity.ERROR,
    f"""
    A string shorter or longer than the model allows.

    ## What it does
    Checks the `min` and `max` length of each string: for example `AutoMLJobName` 1-32 characters,
    `EndpointName` at most 63, tag keys 1-128 and values at most 256.

    ## Why
    botocore checks only the minimum; a too-long value is rejected by the service.

    ## Example
    ```yaml
    AutoMLJobName: customer-churn-prediction-weekly-run
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn-weekly
    ```

    ## Source
    - botocore `sagemaker` service model (`min`/`max` of string shapes)
    - {SOURCE}
    """,
    phase="request",
    fixes="mixed",
    fix_note="a country written as its alpha-3 code or name (`USA` -> `US`) and a forecast frequency or quantile in other words (`weekly` -> `1W`)",
)

BAD_PATTERN = declare(
    "AML106",
    "pattern-mismatch",
    Severity.ERROR,
    f"""
    A string that does not match the model's pattern for its field.

    ## What it does
    Matches each value against its pattern over the whole string (the model's patterns are not
    anchored, so a partial match is not enough): job and endpoint names, S3 URIs, role ARNs, KMS key
    ids, tags, forecast frequencies and quantiles, hyperparameters.

    ## Why
    botocore does not check patterns; the service rejects the request.

    ## Example
    ```yaml
    AutoMLJobName: churn_xgb
    ```

    ## Use instead
    ```yaml
    AutoMLJobName: churn-xgb
    ```

    ## Source
    - botocore `sagemaker` service model (`pattern` of string shapes)
    - {SOURCE}
    """,
    phase="request",
    fixes="mixed",
    fix_note="a mistyped `s3://` scheme or an S3 ARN (`s3//b/k`, `arn:aws:s3:::b/k` -> `s3://b/k`), a forecast frequency or quantile spelt another way (`60min` -> `1H`, `P10` -> `p10`) and a country code in lower case",
)

OUT_OF_RANGE = declare(
    "AML107",
    "number-out-of-range",
    Severity.ERROR,
    f"""
    A number outside the model's range.

    ## What it does
    Checks the `min` and `max` of numeric fields: `MaxCandidates` 1-750, the runtimes at least 1,
    `ForecastHorizon` at least 1, `ValidationFraction` 0-1.

    ## Why
    botocore checks only minimums; a value over the maximum is rejected by the service.

    ## Example
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxCandidates: 1000
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      CompletionCriteria:
        MaxCandidates: 750
    ```

    ## Source
    - botocore `sagemaker` service model (`min`/`max` of integer and float shapes)
    - {SOURCE}
    """,
    phase="request",
    fixes="unsafe",
)

BAD_SIZE = declare(
    "AML108",
    "collection-size",
    Severity.ERROR,
    f"""
    A list or map with fewer or more entries than the model allows.

    ## What it does
    Checks entry counts: one or two input channels, at most 50 tags, at most 5 forecast quantiles and
    grouping columns, at most 30 text-generation hyperparameters, one `AlgorithmsConfig` entry.

    ## Why
    botocore checks only minimums; larger lists are rejected by the service.

    ## Example
    ```yaml
    AutoMLJobConfig:
      SecurityConfig:
        VpcConfig:
          SecurityGroupIds: []
          Subnets: [subnet-0a1b2c3d]
    ```

    ## Use instead
    ```yaml
    AutoMLJobConfig:
      SecurityConfig:
        VpcConfig:
          SecurityGroupIds: [sg-0a1b2c3d]
          Subnets: [subnet-0a1b2c3d]
    ```

    ## Source
    - botocore `sagemaker` service model (`min`/`max` of list and map shapes)
    - {SOURCE}
    """,
    phase="request",
)

UNION = declare(
    "AML109",
    "problem-type-config-union",
    Severity.ERROR,
    f"""
    `AutoMLProblemTypeConfig` must set exactly one problem type.

    ## What it does
    Checks that the V2 union sets one and only one of `TabularJobConfig`,
    `TimeSeriesForecastingJobConfig`, `ImageClassificationJobConfig`, `TextClassificationJobConfig` and
    `TextGenerationJobConfig`.

    ## Why
    botocore rejects a tagged union with zero or several members ("Invalid number of parameters set for
    tagged union structure").

    ## Example
    ```yaml
    # unset: AutoMLProblemTypeConfig.TabularJobConfig
    AutoMLProblemTypeConfig: {{}}
    ```

    ## Use instead
    ```yaml
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        TargetAttributeName: churned
        ProblemType: BinaryClassification
    AutoMLJobObjective:
      MetricName: F1
    ```

    ## Source
    - botocore `sagemaker` service model (`union: true` on AutoMLProblemTypeConfig)
    - {SOURCE}
    """,
    phase="request",
)


# One walk over the request checks every model limit, so the walk reports several rules: it returns
# (rule, problem) pairs, each a Breach, and the runner accepts only the rules declared above
# (LIMIT_RULES). Walking the request once per rule instead would multiply the lint path's time for no gain.
Breach = tuple[Rule, Problem]
LIMIT_RULES: tuple[Rule, ...] = tuple(value for value in dict(globals()).values() if isinstance(value, Rule))

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "long": "an integer",
    "float": "a number",
    "double": "a number",
    "boolean": "a boolean (true or false)",
    "list": "a list",
    "map": "a mapping",
    "structure": "a mapping",
}

# Plain-words descriptions (and fixers) for the model's patterns, by shape name.
PATTERN_WORDS = {
    "AutoMLJobName": "may contain only letters, digits and hyphens, starting and ending with a letter or digit",
    "EndpointName": "may contain only letters, digits and hyphens, starting and ending with a letter or digit",
    "BaseModelName": "may contain only letters, digits and hyphens, starting and ending with a letter or digit",
    "S3Uri": "must be an s3:// (or https://) URI with a bucket: s3://bucket/prefix",
    "RoleArn": "must be an IAM role ARN: arn:aws:iam::123456789012:role/name",
    "KmsKeyId": "may contain only letters, digits and : / _ - (a key id, key ARN, alias/name or alias ARN)",
    "SampleWeightAttributeName": "may contain only letters, digits, underscores and hyphens",
    "SecurityGroupId": "may contain only letters, digits and hyphens (sg-0123abcd)",
    "SubnetId": "may contain only letters, digits and hyphens (subnet-0123abcd)",
    "TagKey": "may contain only letters, digits, spaces and _ . : / = + - @",
    "TagValue": "may contain only letters, digits, spaces and _ . : / = + - @",
    "ForecastFrequency": "must be a frequency such as 1min-59min, 1H-23H, 1D-6D, 1W-4W, 1M-11M or 1Y",
    "ForecastQuantile": "must be a quantile from p1 to p99",
    "CountryCode": "must be a two-letter upper-case ISO 3166 country code",
    "FillingTransformationValue": "may contain only letters, digits, underscores and hyphens",
    "TextGenerationHyperParameterKey": "may contain only letters, digits and . _ -",
    "TextGenerationHyperParameterValue": "may contain only letters, digits and . _ -",
}


def _pattern_fix(shape_name: str, value: str, entry: dict) -> str | None:
    if shape_name == "BaseModelName":
        from ..facts import BASE_MODELS  # a known model beats a hyphenated guess ('Falcon 7B' -> 'Falcon7B')

        return closest(value, BASE_MODELS) or hyphen_name(value, entry.get("max", 256))
    if shape_name in ("AutoMLJobName", "EndpointName"):
        return hyphen_name(value, entry.get("max", 256))
    if shape_name == "S3Uri":
        return s3_uri(value)
    if shape_name == "ForecastFrequency":
        return forecast_frequency(value)
    if shape_name == "CountryCode":
        return country_code(value)
    if shape_name == "ForecastQuantile":
        quantile = forecast_quantile(value)
        return quantile[0] if quantile else None
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string '{_clip(value)}'"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "double"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list)
    return isinstance(value, dict)  # structure, map


def _type_fix(kind: str, value: Any) -> str | None:
    if kind == "boolean" and isinstance(value, str):
        return _BOOLEAN_SPELLINGS.get(value.lower())
    if kind == "string" and isinstance(value, (int, float, bool)):
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return f"'{text}'"
    if kind in ("integer", "long"):
        return _integer_fix(value)
    if kind in ("float", "double") and isinstance(value, str):
        try:
            return str(float(value))
        except ValueError:
            return None
    return None


# _type_fix's spellings of a boolean (a hint: `1` for true is a guess); _certain_type_fix's are below
_BOOLEAN_SPELLINGS = {
    **dict.fromkeys(("yes", "y", "on", "true", "1"), "true"),
    **dict.fromkeys(("no", "n", "off", "false", "0"), "false"),
}


def _integer_fix(value: Any) -> str | None:
    """An integer written as a string of digits, or as a float with no fraction: the integer."""
    if isinstance(value, str) and value.strip().lstrip("-").isascii() and value.strip().lstrip("-").isdigit():
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


# What YAML 1.1 (and people) read as a boolean; YAML 1.2 reads them as text (README, "Lint").
_BOOLEAN_WORDS = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}


def _certain_type_fix(kind: str, value: Any) -> Fix | None:
    """The one value of the model's type that a value stands for (a safe `lint --fix`): a quoted number
    where a number is wanted, a whole number written with a decimal point (`50.0`) where an integer is,
    `yes`/`no`/`on`/`off` where a boolean is. Nothing else is certain (`1` for true is a guess)."""
    if kind in ("integer", "long") and isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return Fix(int(value))
    if kind == "boolean" and isinstance(value, str) and value.strip().lower() in _BOOLEAN_WORDS:
        return Fix(_BOOLEAN_WORDS[value.strip().lower()])
    return _number_in_text(kind, value.strip()) if isinstance(value, str) else None


def _number_in_text(kind: str, text: str) -> Fix | None:
    """A quoted number where the model's ``kind`` is a number: its one reading, bounded (never int()
    or float() of thousands of digits)."""
    digits = text[1:] if text[:1] in "+-" else text
    if kind in ("integer", "long") and digits.isascii() and digits.isdigit() and len(digits) <= 20:
        return Fix(int(text))
    if kind not in ("float", "double") or len(text) > 40 or "_" in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return Fix(number) if number == number and abs(number) != float("inf") else None


def _certain_pattern_fix(shape_name: str, value: str, fix: str | None, pattern: str) -> Fix | None:
    """A mistyped S3 scheme or another spelling of a forecast frequency, when the one reading of it fits
    the model's pattern (`lint --fix`); other pattern fixes are guesses (a name with hyphens)."""
    if fix is None or not model.compiled_pattern(pattern).fullmatch(fix):
        return None
    if shape_name == "S3Uri" and fix == s3_scheme_typo(value):
        return Fix(fix)
    if shape_name == "ForecastFrequency" and fix == forecast_frequency(value):
        return Fix(fix)
    if shape_name == "ForecastQuantile" and forecast_quantile(value) == (fix, True):
        return Fix(fix)
    if shape_name == "CountryCode" and fix == country_code(value):
        return Fix(fix)
    return None


class _Request(NamedTuple):
    """What the walk knows of the whole request, for "it belongs under ...": its dialect, its data, and
    its problem kind (TabularJobConfig, ...; None when a V2 spec names none)."""

    dialect: str
    data: Any
    kind: str | None


def check(request: dict, dialect: str) -> list[Breach]:
    """(rule, problem) for every model constraint that ``request`` breaks, as a request of ``dialect``.

    The walk appends to one list rather than yielding through a generator per value: a spec has a few
    hundred values and almost never a breach, and the generators were most of the walk's cost (issue 26)."""
    kind: str | None = TABULAR
    if dialect == "v2":
        union = request.get(TABULAR_CONFIG[0]) if isinstance(request, dict) else None
        named = [k for k in union if k in PROBLEM_KINDS] if isinstance(union, dict) else []
        kind = named[0] if len(named) == 1 else None
    whole = _Request(dialect, request, kind)
    out: list[Breach] = []
    _check(request, model.root_shape(dialect), FieldPath(), model.table()["shapes"], whole, out)
    return out


def _check(value: Any, shape_name: str, path: FieldPath, shapes: dict, request: _Request, out: list[Breach]) -> None:
    """Append to ``out`` what ``value`` (at ``path``, of shape ``shape_name``) breaks; the common cases,
    a mapping and a string of the right type, are tested first."""
    entry = shapes[shape_name]
    kind = entry["type"]
    if kind == "structure" and isinstance(value, dict):
        _structure(value, shape_name, entry, path, shapes, request, out)
    elif kind == "string" and isinstance(value, str):
        out.extend(_string(value, shape_name, entry, path))
    elif not _type_ok(kind, value):
        out.append((WRONG_TYPE, _wrong_type(value, shape_name, entry, path)))
    elif kind == "list":
        out.extend(_size(value, entry, path, "item"))
        for index, item in enumerate(value):
            _check(item, entry["member"], path / index, shapes, request, out)
    elif kind == "map":
        _map(value, entry, path, shapes, request, out)
    else:
        out.extend(_number(value, entry, path))


def _map(value: dict, entry: dict, path: FieldPath, shapes: dict, request: _Request, out: list[Breach]) -> None:
    """A map's size, each key (a breach is reported on the key) and each value."""
    out.extend(_size(value, entry, path, "entry"))
    for key, item in value.items():
        keyed: list[Breach] = []
        _check(key, entry["key"], path / key, shapes, request, keyed)
        for rule, problem in keyed:
            message = problem.message.replace(f"{path / key} ", f"key '{key}' in {path} ", 1)
            fix = replace(problem.fix, target="key") if problem.fix else None
            out.append((rule, replace(problem, anchor="key", message=message, fix=fix)))
        _check(item, entry["value"], path / key, shapes, request, out)


def _wrong_type(value: Any, shape_name: str, entry: dict, path: FieldPath) -> Problem:
    kind = entry["type"]
    fix = _type_fix(kind, value)
    hint, suggestion, certain = "", fix.strip("'") if fix else None, _certain_type_fix(kind, value)
    if kind == "string" and suggestion is not None:
        # a number where text is meant: the text of it, when the field takes that text ('7' for a string
        # id); else the one value of the field's own form it stands for (a quantile 0.1 is p10, never '0.1')
        if not _string(suggestion, shape_name, entry, path):
            hint = f"; quote it: {fix}"  # help: shows the text, not the quotes that make it a string
        else:
            suggestion = _pattern_fix(shape_name, suggestion, entry) if shape_name == "ForecastQuantile" else None
            quantile = forecast_quantile(value) if suggestion is not None else None
            certain = Fix(suggestion) if quantile and quantile[1] and suggestion else None
    if kind == "boolean" and isinstance(value, str):
        hint += " (YAML 1.2 reads yes/no/on/off as text)"
    return Problem(
        path,
        f"{path or 'the spec'} must be {_TYPE_WORDS.get(kind, kind)}, not {_describe(value)}{hint}",
        suggestion=suggestion,
        fix=certain,
    )


def length_limit(low: int | None, high: int | None) -> str:
    """ "1-32 characters", "exactly 2 characters", "at most 256 characters", "at least 1 character"."""
    if low is not None and low == high:
        return f"exactly {low} character{'s' * (low != 1)}"
    if low and high:
        return f"{low}-{high} characters"
    bound = f"at most {high}" if high is not None else f"at least {low}"
    count = high if high is not None else low
    return f"{bound} character{'s' * (count != 1)}"


def _shape_note(path: FieldPath, shape_name: str) -> str:
    """ " (AutoMLChannel)": the structure's name, when the path does not already end in it (the member
    name and the shape name are often the same: AutoMLJobConfig)."""
    last = next((part for part in reversed(path) if isinstance(part, str)), None) if path else None
    return "" if last == shape_name else f" ({shape_name})"


def _structure(
    value: dict, shape_name: str, entry: dict, path: FieldPath, shapes: dict, request: _Request, out: list[Breach]
) -> None:
    members = entry["members"]
    for key, item in value.items():
        member = members.get(key)
        if member is None:
            out.append((UNKNOWN_FIELD, _unknown_field(key, value, shape_name, members, path, request)))
            continue
        _check(item, member, path / key, shapes, request, out)
    for required in entry.get("required", ()):
        if required not in value:
            out.append(
                (
                    MISSING_REQUIRED,
                    Problem(
                        path / required,
                        f"{path or 'the spec'} is missing the required field {required}"
                        + (f" ({shape_name})" if path else ""),
                    ),
                )
            )
    if entry.get("union"):
        present = [k for k in value if k in members]
        if len(present) != 1:
            choices = ", ".join(members)
            message = (
                f"{path} must set exactly one problem type; it sets none (choose one of {choices})"
                if not present
                else f"{path} must set exactly one problem type; it sets {len(present)}: {', '.join(present)}"
            )
            out.append((UNION, Problem(path, message, anchor="key")))


def _unknown_field(
    key: Any, mapping: dict, shape_name: str, members: dict, path: FieldPath, request: _Request
) -> Problem:
    """AML102 for ``key`` in ``mapping`` (at ``path``): what the key is, in this order. The member here in
    another case or punctuation (a safe rename); a field this request keeps elsewhere ("it belongs under
    ..."), or that only the other dialect has; a field of a neighbouring request users copy from (a
    CreateTrainingJob field: remove it); a member whose name ends the key (AutoMLJobOutputDataConfig ->
    OutputDataConfig, a safe rename); the nearest spellings of a member not already set, nearest first."""
    where = f"in {path}" if path else "at the top level"
    head = f"unknown field '{key}' {where}{_shape_note(path, shape_name)}"
    free = [m for m in members if m not in mapping]  # renaming onto a key that is set makes a duplicate
    text = key if isinstance(key, str) else str(key)
    same = same_spelling(text, free)
    if same is not None:
        return Problem(path / key, head, suggestion=same, anchor="key", fix=Fix(same, target="key"))
    structural = _structural(text, path, request, mapping.get(key))
    if structural is not None:
        return Problem(path / key, f"{head}; {structural}", anchor="key")
    return _misspelt(path / key, head, text, free, members)


def _misspelt(at: FieldPath, head: str, text: str, free: list, members: dict) -> Problem:
    """AML102 for a key that is no member here: a free member whose name ends it (a safe rename), else the
    nearest spellings of the free members, else the list of valid fields."""
    squashed = "".join(ch for ch in text.lower() if ch.isalnum())
    ends = [m for m in free if len(m) >= 8 and squashed.endswith(m.lower()) and squashed != m.lower()]
    if len(ends) == 1:
        return Problem(at, head, suggestion=ends[0], anchor="key", fix=Fix(ends[0], target="key"))
    guesses = ranked(text, free) if len(text) <= 256 else []
    if not guesses:
        return Problem(at, f"{head}; valid fields: {', '.join(members)}", anchor="key")
    return Problem(at, head, suggestion=guesses[0], anchor="key", alternatives=tuple(guesses[1:]))


def _structural(key: str, path: FieldPath, request: _Request, value: Any) -> str | None:
    """What to do with a field that is no spelling mistake: a field of a neighbouring request under this
    parent first (CreateTrainingJob's channel fields), then where this request or the other dialect keeps
    it, then a neighbouring request's field anywhere; None when it is none of these."""
    parent = next((part for part in reversed(path) if isinstance(part, str)), "")
    neighbour = model.neighbours()["members"].get(f"{parent}.{key}") if len(key) <= 64 else None
    if neighbour is None:
        placed = _placed_elsewhere(key, path, request, value)
        if placed is not None:
            return placed
        neighbour = model.neighbours()["fields"].get(key) if len(key) <= 64 else None
    if neighbour is None:
        return None
    api, where_there = neighbour
    return f"{key} is a {api} field ({where_there}), and {API_NAMES[request.dialect]} has no equivalent: remove it"


def _placed_elsewhere(key: str, path: FieldPath, request: _Request, value: Any) -> str | None:
    """ "it belongs under X" when this request keeps ``key`` in another structure (of this problem kind),
    nearest to ``path`` first; "X already sets it: remove this one" when it is there too; where the other
    dialect keeps it; "a field of tabular jobs" when only another problem kind has it. None when neither
    request has the field."""
    everywhere = model.member_paths(request.dialect).get(key, ())
    homes = everywhere
    if request.kind is not None:
        homes = tuple(h for h in homes if h[:1] != TABULAR_CONFIG[:1] or h[1:2] == (request.kind,))
    shape_path = tuple("[]" if isinstance(p, int) else p for p in path)
    homes = tuple(h for h in homes if h != shape_path)
    if homes:
        return _belongs_under(key, path, shape_path, homes, request.data)
    if everywhere and request.kind is not None:
        return _other_kind(key, everywhere, request.kind)
    return _other_dialect(key, request, value)


def _other_kind(key: str, everywhere: tuple, kind: str) -> str:
    """A field only other problem kinds have (``everywhere``: its homes in this dialect)."""
    kinds = sorted({h[1] for h in everywhere if h[:1] == TABULAR_CONFIG[:1] and len(h) > 1})
    named = " and ".join(KIND_LABELS.get(k, k) for k in kinds)
    label = KIND_LABELS[kind]
    return (
        f"{key} is a field of {named} jobs, and this is {'an' if label[0] in 'aeiou' else 'a'} {label} job: remove it"
    )


def _belongs_under(key: str, path: FieldPath, shape_path: tuple, homes: tuple, data: Any) -> str:
    """ "it belongs under X" for the home of ``homes`` that shares most of ``path``; "X already sets it:
    remove this one" when the field is there too."""

    def shared(home: tuple[str, ...]) -> int:
        pairs = zip(home, shape_path)
        return next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(home), len(shape_path)))

    home = max(homes, key=shared)
    concrete = _concrete(home, path, data)
    if concrete is None:
        return f"{key} belongs under {_shown(home, path)}" if home else f"{key} belongs at the top level"
    target = data
    for part in concrete:
        target = target[part]
    if isinstance(target, dict) and key in target:
        return f"{concrete or 'the top level'} already sets {key}: remove this one"
    return f"{key} belongs under {concrete}" if concrete else f"{key} belongs at the top level"


def _other_dialect(key: str, request: _Request, value: Any) -> str | None:
    """Where the other dialect keeps ``key`` (by the move table for its top-level fields), or that this
    request has no equivalent; None when the other dialect has no such field either."""
    other = "v1" if request.dialect == "v2" else "v2"
    if key in (V1_ONLY if other == "v1" else V2_ONLY) - {CHANNELS[other]}:
        return stray_home(request.dialect, key, value)  # the other request's top-level field, by the move table
    there = model.member_paths(other).get(key, ())
    if there:
        named = ".".join(there[0]).replace(".[]", "[]").replace(".{}", "{}")
        return (
            f"{key} is a {API_NAMES[other]} field ({'under ' + named if there[0] else 'at the top level'}),"
            f" and {API_NAMES[request.dialect]} has no equivalent: remove it"
        )
    return None


def _shown(home: tuple[str, ...], path: FieldPath) -> str:
    """A model path (``[]`` for a list) as the reader's path: list steps take the index of ``path`` where
    the two agree (``AutoMLJobInputDataConfig[0].DataSource``), and stay ``[]`` elsewhere."""
    shape_path = ["[]" if isinstance(part, int) else part for part in path]
    out = ""
    for i, part in enumerate(home):
        if part in ("[]", "{}"):
            same = part == "[]" and shape_path[: i + 1] == list(home[: i + 1])
            out += f"[{path[i]}]" if same else part
        else:
            out += f".{part}" if out else part
    return out


def _concrete(home: tuple[str, ...], path: FieldPath, data: Any) -> FieldPath | None:
    """``home`` (a model path with ``[]`` for a list) as a path in ``data``: list steps take the index of
    ``path`` where the two agree, else 0; None when a step is not in the data (a structure not written)."""
    shape_path = ["[]" if isinstance(part, int) else part for part in path]
    out: list[str | int] = []
    node = data
    for i, part in enumerate(home):
        if part == "[]":
            step = path[i] if shape_path[: i + 1] == list(home[: i + 1]) else 0
            index = step if isinstance(step, int) else 0
            if not isinstance(node, list) or not 0 <= index < len(node):
                return None
            out.append(index)
            node = node[index]
        elif part == "{}" or not isinstance(node, dict) or part not in node:
            return None
        else:
            out.append(part)
            node = node[part]
    return FieldPath(out)


def _size(value, entry: dict, path: FieldPath, noun: str) -> list[Breach]:
    count = len(value)
    low, high = entry.get("min"), entry.get("max")
    if low is not None and count < low:
        return [
            (
                BAD_SIZE,
                Problem(
                    path,
                    f"{path} has {count} {noun}{'s' * (count != 1)}; at least {low} {'is' if low == 1 else 'are'} required",
                ),
            )
        ]
    if high is not None and count > high:
        return [
            (
                BAD_SIZE,
                Problem(
                    path,
                    f"{path} has {count} {noun}{'s' * (count != 1)}; at most {high} {'is' if high == 1 else 'are'} allowed",
                ),
            )
        ]
    return []


def _string(value: str, shape_name: str, entry: dict, path: FieldPath) -> list[Breach]:
    enum = entry.get("enum")
    if enum is not None:
        return [] if value in enum else [_not_in_enum(value, enum, path)]
    low, high = entry.get("min"), entry.get("max")
    length = len(value)
    if (low is not None and length < low) or (high is not None and length > high):
        return [_bad_length(value, shape_name, entry, path)]
    pattern = entry.get("pattern")
    if pattern is None or model.compiled_pattern(pattern).fullmatch(value):
        return []
    return [_bad_pattern(value, shape_name, entry, path, pattern)]


def _bad_pattern(value: str, shape_name: str, entry: dict, path: FieldPath, pattern: str) -> Breach:
    high = entry.get("max")
    limit = length_limit(entry.get("min"), high)
    words = PATTERN_WORDS.get(shape_name, f"must match the pattern {pattern}")
    fix = _pattern_fix(shape_name, value, entry)
    fix = fix if fix != value else None
    return (
        BAD_PATTERN,
        Problem(
            path,
            (f"{path} is empty; fill it in: it {words}" if not value else f"{path} '{_clip(value)}' {words}")
            + (f" ({limit})" if high and high < 1024 else ""),
            suggestion=fix,
            fix=_certain_pattern_fix(shape_name, value, fix, pattern),
        ),
    )


def _not_in_enum(value: str, enum: list, path: FieldPath) -> Breach:
    """AML104: the nearest values first; the first this spec allows is kept (soundness.py), and a value
    in another case or punctuation is a safe fix."""
    guesses = ranked(value, enum) if len(value) <= 256 else []
    guess = guesses[0] if guesses else None
    return (
        INVALID_ENUM,
        Problem(
            path,
            f"{path} '{_clip(value)}' is not one of {', '.join(enum)}",
            suggestion=guess,
            fix=Fix(guess) if guess is not None and guess == same_spelling(value, enum) else None,
            alternatives=tuple(guesses[1:]),
        ),
    )


def _bad_length(value: str, shape_name: str, entry: dict, path: FieldPath) -> Breach:
    """AML105: a string too short or too long; a too long one may get its pattern's fix (a name shortened)."""
    low, high = entry.get("min"), entry.get("max")
    length = len(value)
    limit = length_limit(low, high)
    fix = _pattern_fix(shape_name, value, entry) if high is not None and length > high else None
    # An empty string is a value still to be filled in (the placeholders `init` writes): say so.
    said = (
        f"is empty; fill it in ({limit})"
        if length == 0
        else f"'{_clip(value)}' is {length} character{'s' * (length != 1)} long; the limit is {limit}"
    )
    return (
        BAD_LENGTH,
        Problem(
            path,
            f"{path} {said}",
            suggestion=fix if fix != value else None,
            fix=_certain_pattern_fix(shape_name, value, fix, entry["pattern"]) if "pattern" in entry else None,
        ),
    )


def _number(value, entry: dict, path: FieldPath) -> list[Breach]:
    low, high = entry.get("min"), entry.get("max")
    if value != value:  # NaN compares false with every bound; YAML spells it .nan
        return [
            (
                OUT_OF_RANGE,
                Problem(
                    path,
                    f"{path} is .nan, which is not a number; write a value"
                    + (f" from {low} to {high}" if low is not None and high is not None else ""),
                ),
            )
        ]
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        nearest = low if low is not None and value < low else high
        return [(OUT_OF_RANGE, Problem(path, f"{path} is {value}; it must be {bounds}", suggestion=str(nearest)))]
    return []
