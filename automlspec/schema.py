"""A JSON Schema (draft 2020-12) of a spec, generated from the shipped model table, for editors.

Every structure shape becomes a ``$defs`` entry (``additionalProperties: false``, ``required``); the
AutoMLProblemTypeConfig union becomes a ``oneOf`` of "has exactly this member"; strings carry the
model's ``enum``, ``minLength``/``maxLength`` and ``pattern``; numbers their ``minimum``/``maximum``;
lists and maps their item and entry counts. Descriptions are the model's documentation.

Patterns. The model's patterns are Java regexes meant to match the whole value; JSON Schema patterns
are ECMA-262 and match anywhere, so each is anchored as ``^(?:...)$``. The tag patterns use ``\\p{L}``,
``\\p{Z}`` and ``\\p{N}``, which ECMA-262 understands only with the ``u`` (unicode) flag; in that mode an
escape of a character that needs none (``\\_``) is a syntax error, so those escapes are dropped. Editors
built on vscode-json-languageservice (VS Code, yaml-language-server) compile patterns with ``u``.
Python's ``jsonschema`` uses ``re``, which has no ``\\p{..}``: give it a validator whose ``pattern``
keyword uses the ``regex`` package (tests/test_schema.py shows how).

Editors show a pattern's ``patternErrorMessage`` (vscode-json-languageservice, so VS Code and
yaml-language-server) instead of the raw regex; ``PATTERN_MESSAGES`` says in words what each of the
model's patterns accepts, and a test fails when the model gains a pattern without one.

``python -m automlspec.schema`` rewrites the shipped copies in ``automlspec/schemas/``; tests/test_schema.py
fails when they are stale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from . import model

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Inside the package, so the wheel ships them: `automlspec schema --path` prints where they are installed.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
FILES = {"v1": "automl-job-v1.schema.json", "v2": "automl-job-v2.schema.json"}
TITLES = {"v1": "CreateAutoMLJob request (automlspec V1 spec)", "v2": "CreateAutoMLJobV2 request (automlspec V2 spec)"}
# ECMA-262 "u" mode allows identity escapes of syntax characters and "/" only ("-" inside a class).
_NEEDLESS_ESCAPE = re.compile(r"\\([_@=,:!#%&'<>`~\"])")


# What each of the model's patterns accepts, in words, keyed by shape name (see the module docstring).
PATTERN_MESSAGES = {
    "AutoMLJobName": "1-32 letters, digits and hyphens, starting and ending with a letter or digit (e.g. churn-xgb-v2)",
    "BaseModelName": "letters, digits and hyphens, starting and ending with a letter or digit (e.g. Falcon7BInstruct)",
    "CountryCode": "two upper-case letters, an ISO 3166-1 alpha-2 country code (e.g. US)",
    "EndpointName": "up to 63 letters, digits and hyphens, starting and ending with a letter or digit",
    "FillingTransformationValue": "letters, digits, underscores and hyphens (e.g. zero, mean, 0)",
    "ForecastFrequency": "1Y or Y, 1M-11M or M, 1W-4W or W, 1D-6D or D, 1H-23H or H, 1min-59min (e.g. 1D, 4H, 15min)",
    "ForecastQuantile": "a quantile from p1 to p99 (e.g. p10, p50, p90)",
    "KmsKeyId": "a KMS key id, key ARN, alias name or alias ARN: letters, digits and : / _ -",
    "RoleArn": "an IAM role ARN: arn:aws:iam::<12-digit account id>:role/<role name>",
    "S3Uri": "an S3 URI such as s3://bucket/prefix/ (or an https:// S3 URL)",
    "SampleWeightAttributeName": "a column name of letters, digits, underscores and hyphens",
    "SecurityGroupId": "a security group id such as sg-0123456789abcdef0",
    "SubnetId": "a subnet id such as subnet-0123456789abcdef0",
    "TagKey": "letters, digits, spaces and _ . : / = + - @",
    "TagValue": "letters, digits, spaces and _ . : / = + - @",
    "TextGenerationHyperParameterKey": "a hyperparameter name of letters, digits and . _ - (e.g. epochCount)",
    "TextGenerationHyperParameterValue": "letters, digits and . _ - (e.g. 3 or 0.0001)",
}


def path(dialect: str) -> Path:
    """The installed schema file of a dialect."""
    return SCHEMA_DIR / FILES[dialect]


def ecma_pattern(pattern: str) -> str:
    """The model's (Java, whole-value) pattern as an anchored ECMA-262 pattern valid with the u flag."""
    return "^(?:" + _NEEDLESS_ESCAPE.sub(r"\1", pattern) + ")$"


def _doc(shape: str, member: str | None = None) -> str:
    entry = model.docs()["shapes"].get(shape, {})
    if member is not None:
        text = entry.get("members", {}).get(member, "")
        if text:
            return text
    return entry.get("doc", "")


def _inline(name: str) -> dict[str, Any]:
    """The schema of a non-structure shape (structures are referenced from $defs)."""
    entry = model.shape(name)
    kind = entry["type"]
    if kind == "structure":
        return {"$ref": f"#/$defs/{name}"}
    if kind == "string":
        return _string(name, entry)
    if kind in ("integer", "float"):
        number: dict[str, Any] = {"type": "integer" if kind == "integer" else "number"}
        return _bounded(number, entry, "minimum", "maximum", zero_is_a_bound=True)
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "list":
        return _bounded({"type": "array", "items": _inline(entry["member"])}, entry, "minItems", "maxItems")
    if kind == "map":
        out: dict[str, Any] = {
            "type": "object",
            "propertyNames": _inline(entry["key"]),
            "additionalProperties": _inline(entry["value"]),
        }
        return _bounded(out, entry, "minProperties", "maxProperties")
    raise ValueError(f"shape {name}: type {kind} has no JSON Schema mapping")


def _bounded(
    out: dict[str, Any], entry: dict[str, Any], smallest: str, largest: str, zero_is_a_bound: bool = False
) -> dict[str, Any]:
    """``out`` with the shape's min and max under the given keys (a minimum of 0 says nothing of a size)."""
    low, high = entry.get("min"), entry.get("max")
    if (low is not None) if zero_is_a_bound else low:
        out[smallest] = low
    if high is not None:
        out[largest] = high
    return out


def _string(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    if "enum" in entry:
        out["enum"] = list(entry["enum"])
        return out
    _bounded(out, entry, "minLength", "maxLength")
    if entry.get("pattern") and entry["pattern"] != ".*":
        out["pattern"] = ecma_pattern(entry["pattern"])
        out["patternErrorMessage"] = "must be " + PATTERN_MESSAGES[name]
    return out


def _structure(name: str) -> dict[str, Any]:
    entry = model.shape(name)
    properties = {}
    for member, shape_name in entry["members"].items():
        prop = _inline(shape_name)
        description = _doc(name, member) or _doc(shape_name)
        if description:
            prop = {**prop, "description": description}
        properties[member] = prop
    out: dict[str, Any] = {"type": "object"}
    description = _doc(name)
    if description:
        out["description"] = description
    out["properties"] = properties
    if entry.get("required"):
        out["required"] = list(entry["required"])
    out["additionalProperties"] = False
    if entry.get("union"):
        out["oneOf"] = [{"required": [member]} for member in entry["members"]]
    return out


def _structures(root: str) -> list[str]:
    """Structure shapes reachable from ``root``, in first-visit order."""
    seen: list[str] = []

    def walk(name: str) -> None:
        entry = model.shape(name)
        kind = entry["type"]
        if kind == "structure":
            if name in seen:
                return
            seen.append(name)
            for member in entry["members"].values():
                walk(member)
        elif kind == "list":
            walk(entry["member"])
        elif kind == "map":
            walk(entry["key"])
            walk(entry["value"])

    walk(root)
    return seen


def build(dialect: str) -> dict[str, Any]:
    """The JSON Schema of a ``dialect`` spec (v1: CreateAutoMLJob, v2: CreateAutoMLJobV2)."""
    root = model.root_shape(dialect)
    body = _structure(root)
    body.pop("description", None)
    table = model.table()
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": TITLES[dialect],
        "description": (
            f"An automlspec spec: the {model.operation(dialect)} request as YAML. Generated by `automlspec schema"
            f" --api {dialect}` from botocore {table.get('botocore_version', '?')}'s sagemaker model"
            f" ({table.get('api_version', '?')}). Patterns are anchored ECMA-262 regexes for the u flag."
        ),
        **body,
        "$defs": {name: _structure(name) for name in _structures(root) if name != root},
    }
    return schema


def dumps(dialect: str) -> str:
    return json.dumps(build(dialect), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite automlspec/schemas/*.schema.json from the model table."""
    SCHEMA_DIR.mkdir(exist_ok=True)
    for dialect, name in FILES.items():
        (SCHEMA_DIR / name).write_text(dumps(dialect), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
