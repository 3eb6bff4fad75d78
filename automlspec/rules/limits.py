"""Every constraint botocore's sagemaker model declares on the two create requests, checked from data.

botocore's own client checks only required members, minimums, types and unions; the maximums, enums
and patterns below are what the service rejects later, after the job is submitted. The table comes from
automlspec/resources/model.json (scripts/generate_model.py), so a new botocore release is a regeneration,
not a code change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .. import model
from ..findings import Fix, Problem, Severity
from ..paths import FieldPath
from ..suggest import closest, forecast_frequency, hyphen_name, s3_scheme_typo, s3_uri, same_spelling
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
    Reports a key that is not a member of its structure in the model, and names the member it most
    likely misspells.

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


# One walk over the request checks every model limit, so the walk reports several rules: it yields
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
    if shape_name == "CountryCode" and len(value) == 2 and value.isalpha():
        return value.upper()
    if shape_name == "ForecastQuantile":
        digits = value.lstrip("pP").rstrip("%").lstrip("0.") if value else ""
        # at most two digits before int(): 'p' and 5,000 digits passes Python's 4,300-digit bound (exit 3)
        if digits.isascii() and digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 99:
            return f"p{int(digits)}"
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
        return _BOOLEAN_WORDS.get(value.lower())
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


_BOOLEAN_WORDS = {
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


def _certain_type_fix(kind: str, value: Any) -> Fix | None:
    """A quoted number where the model wants a number: the number (`lint --fix`). Nothing else is certain."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if kind in ("integer", "long") and digits.isascii() and digits.isdigit() and len(digits) <= 20:
        return Fix(int(text))
    if kind in ("float", "double") and len(text) <= 40 and "_" not in text:
        try:
            number = float(text)
        except ValueError:
            return None
        if number == number and abs(number) != float("inf"):
            return Fix(number)
    return None


def _certain_pattern_fix(shape_name: str, value: str, fix: str | None, pattern: str) -> Fix | None:
    """A mistyped S3 scheme or another spelling of a forecast frequency, when the one reading of it fits
    the model's pattern (`lint --fix`); other pattern fixes are guesses (a name with hyphens)."""
    if fix is None or not model.compiled_pattern(pattern).fullmatch(fix):
        return None
    if shape_name == "S3Uri" and fix == s3_scheme_typo(value):
        return Fix(fix)
    if shape_name == "ForecastFrequency" and fix == forecast_frequency(value):
        return Fix(fix)
    return None


def check(request: dict, dialect: str) -> Iterator[Breach]:
    """(rule, problem) for every model constraint that ``request`` breaks, as a request of ``dialect``."""
    yield from _check(request, model.root_shape(dialect), FieldPath(), model.table()["shapes"])


def _check(value: Any, shape_name: str, path: FieldPath, shapes: dict) -> Iterator[Breach]:
    entry = shapes[shape_name]
    kind = entry["type"]
    if not _type_ok(kind, value):
        fix = _type_fix(kind, value)
        hint = ""
        if fix is not None and kind == "string":
            hint = f"; quote it: {fix}"  # help: shows the text, not the quotes that make it a string
        if kind == "boolean" and isinstance(value, str):
            hint += " (YAML 1.2 reads yes/no/on/off as text)"
        yield (
            WRONG_TYPE,
            Problem(
                path,
                f"{path or 'the spec'} must be {_TYPE_WORDS.get(kind, kind)}, not {_describe(value)}{hint}",
                suggestion=fix.strip("'") if fix else None,
                fix=_certain_type_fix(kind, value),
            ),
        )
        return
    if kind == "structure":
        yield from _structure(value, shape_name, entry, path, shapes)
    elif kind == "list":
        yield from _size(value, entry, path, "item")
        for index, item in enumerate(value):
            yield from _check(item, entry["member"], path / index, shapes)
    elif kind == "map":
        yield from _size(value, entry, path, "entry")
        for key, item in value.items():
            for rule, problem in _check(key, entry["key"], path / key, shapes):
                message = problem.message.replace(f"{path / key} ", f"key '{key}' in {path} ", 1)
                yield rule, replace(problem, anchor="key", message=message, fix=None)  # --fix edits values only
            yield from _check(item, entry["value"], path / key, shapes)
    elif kind == "string":
        yield from _string(value, shape_name, entry, path)
    else:
        yield from _number(value, entry, path)


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


def _structure(value: dict, shape_name: str, entry: dict, path: FieldPath, shapes: dict) -> Iterator[Breach]:
    members = entry["members"]
    where = f"in {path}" if path else "at the top level"
    for key, item in value.items():
        member = members.get(key)
        if member is None:
            guess = closest(key, members)
            yield (
                UNKNOWN_FIELD,
                Problem(
                    path / key,
                    f"unknown field '{key}' {where}{_shape_note(path, shape_name)}"
                    + ("" if guess else f"; valid fields: {', '.join(members)}"),
                    suggestion=guess,
                    anchor="key",
                ),
            )
            continue
        yield from _check(item, member, path / key, shapes)
    for required in entry.get("required", ()):
        if required not in value:
            yield (
                MISSING_REQUIRED,
                Problem(
                    path / required,
                    f"{path or 'the spec'} is missing the required field {required}"
                    + (f" ({shape_name})" if path else ""),
                ),
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
            yield (UNION, Problem(path, message, anchor="key"))


def _size(value, entry: dict, path: FieldPath, noun: str) -> Iterator[Breach]:
    count = len(value)
    low, high = entry.get("min"), entry.get("max")
    if low is not None and count < low:
        yield (
            BAD_SIZE,
            Problem(
                path,
                f"{path} has {count} {noun}{'s' * (count != 1)}; at least {low} {'is' if low == 1 else 'are'} required",
            ),
        )
    elif high is not None and count > high:
        yield (
            BAD_SIZE,
            Problem(
                path,
                f"{path} has {count} {noun}{'s' * (count != 1)}; at most {high} {'is' if high == 1 else 'are'} allowed",
            ),
        )


def _string(value: str, shape_name: str, entry: dict, path: FieldPath) -> Iterator[Breach]:
    enum = entry.get("enum")
    if enum is not None:
        if value not in enum:
            yield _not_in_enum(value, enum, path)
        return
    low, high = entry.get("min"), entry.get("max")
    length = len(value)
    if (low is not None and length < low) or (high is not None and length > high):
        yield _bad_length(value, shape_name, entry, path)
        return
    pattern = entry.get("pattern")
    if pattern is not None and not model.compiled_pattern(pattern).fullmatch(value):
        yield _bad_pattern(value, shape_name, entry, path, pattern)


def _not_in_enum(value: str, enum: list[str], path: FieldPath) -> Breach:
    guess = closest(value, enum)
    listing = ", ".join(enum)
    return (
        INVALID_ENUM,
        Problem(
            path,
            f"{path} '{_clip(value)}' is not one of {listing}",
            suggestion=guess,
            fix=Fix(guess) if guess is not None and guess == same_spelling(value, enum) else None,
        ),
    )


def _bad_length(value: str, shape_name: str, entry: dict, path: FieldPath) -> Breach:
    high = entry.get("max")
    length = len(value)
    limit = length_limit(entry.get("min"), high)
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
        ),
    )


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


def _number(value, entry: dict, path: FieldPath) -> Iterator[Breach]:
    low, high = entry.get("min"), entry.get("max")
    if value != value:  # NaN compares false with every bound; YAML spells it .nan
        yield (
            OUT_OF_RANGE,
            Problem(
                path,
                f"{path} is .nan, which is not a number; write a value"
                + (f" from {low} to {high}" if low is not None and high is not None else ""),
            ),
        )
        return
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        nearest = low if low is not None and value < low else high
        yield (OUT_OF_RANGE, Problem(path, f"{path} is {value}; it must be {bounds}", suggestion=str(nearest)))
