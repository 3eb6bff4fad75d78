"""Every constraint of the model, for both requests, is caught on the right line.

The cases are generated from the shipped table (automlspec/resources/model.json): a maximal valid request
is built for each dialect and each V2 problem type, written out as YAML by an emitter that records
the line of every field, and then broken one constraint at a time. The table itself is checked
against the installed botocore in test_model_table.py.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest

from automlspec import model
from automlspec.config import Config
from automlspec.lint import lint_text
from automlspec.paths import FieldPath

SHAPES = model.table()["shapes"]
UNION_MEMBERS = list(SHAPES["AutoMLProblemTypeConfig"]["members"])

# Valid sample values for patterned strings, by shape name.
SAMPLES = {
    "AutoMLJobName": "job-1",
    "EndpointName": "endpoint-1",
    "BaseModelName": "Falcon7BInstruct",
    "S3Uri": "s3://bucket-1/prefix/",
    "RoleArn": "arn:aws:iam::123456789012:role/Role",
    "KmsKeyId": "alias/key",
    "ContentType": "text/csv;header=present",
    "SecurityGroupId": "sg-0a1b2c3d",
    "SubnetId": "subnet-0a1b2c3d",
    "ForecastFrequency": "1D",
    "ForecastQuantile": "p50",
    "CountryCode": "US",
    "TagKey": "team",
    "TagValue": "ml",
    "FillingTransformationValue": "zero",
    "TextGenerationHyperParameterKey": "epochCount",
    "TextGenerationHyperParameterValue": "3",
    "SampleWeightAttributeName": "weight",
}
MAP_KEYS = {"FillingTransformations": "target", "AggregationTransformations": "target"}


def sample(shape_name: str, union_choice: str | None = None) -> Any:
    entry = SHAPES[shape_name]
    kind = entry["type"]
    if kind == "structure":
        members = entry["members"]
        if entry.get("union"):
            members = {union_choice: members[union_choice]}
        return {name: sample(member, union_choice) for name, member in members.items()}
    if kind == "list":
        return [sample(entry["member"], union_choice) for _ in range(max(1, entry.get("min", 1)))]
    if kind == "map":
        key_entry = SHAPES[entry["key"]]
        key = key_entry["enum"][0] if "enum" in key_entry else MAP_KEYS.get(shape_name, SAMPLES.get(entry["key"], "k"))
        return {key: sample(entry["value"], union_choice)}
    if kind == "string":
        if "enum" in entry:
            return entry["enum"][0]
        return SAMPLES.get(shape_name, "abc")
    if kind in ("integer", "long"):
        return max(entry.get("min", 1), 1)
    if kind in ("float", "double"):
        return 0.5
    return True


class Emitter:
    """Block-style YAML whose every key and list item line is recorded under its FieldPath."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line_of: dict[FieldPath, int] = {}

    def scalar(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, dict) and not value:
            return "{}"
        if isinstance(value, list) and not value:
            return "[]"
        text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{text}"'

    def emit(self, value: Any, path: FieldPath, indent: int) -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for key, item in value.items():
                self.line_of[path / key] = len(self.lines) + 1
                if isinstance(item, (dict, list)) and item:
                    self.lines.append(f"{pad}{self.scalar(key)}:")
                    self.emit(item, path / key, indent + 2)
                else:
                    self.lines.append(f"{pad}{self.scalar(key)}: {self.scalar(item)}")
        else:
            for index, item in enumerate(value):
                self.line_of[path / index] = len(self.lines) + 1
                if isinstance(item, (dict, list)) and item:
                    start = len(self.lines)
                    self.emit(item, path / index, indent + 2)
                    self.lines[start] = f"{pad}- " + self.lines[start].lstrip()  # `- Key: value`
                else:
                    self.lines.append(f"{pad}- {self.scalar(item)}")


@dataclass
class Case:
    id: str
    data: dict
    dialect: str
    path: FieldPath  # where the finding must be
    code: str
    locate: FieldPath | None = None  # the path whose line it lands on, when not `path`


def _set(data: Any, path: FieldPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _del(data: Any, path: FieldPath) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


def _bad_pattern_value(pattern: str, low: int, high: int) -> str | None:
    compiled = model.compiled_pattern(pattern)
    for char in ("#", "\u00e9", "!", " "):
        for length in (max(low, 1), max(low, 2), max(low, 3)):
            if length <= high and not compiled.fullmatch(char * length):
                return char * length
    return None


_WRONG = {
    "string": {"a": 1},
    "integer": "7",
    "long": "7",
    "float": "0.5",
    "double": "0.5",
    "boolean": "yes",
    "list": {"a": 1},
    "map": [1],
    "structure": [1],
}


def cases_for(base: dict, dialect: str, label: str) -> list[Case]:
    out: list[Case] = []

    def walk(value: Any, shape_name: str, path: FieldPath) -> None:
        entry = SHAPES[shape_name]
        kind = entry["type"]
        name = f"{label}:{path or 'root'}"
        if path:
            out.append(Case(f"{name}:type", _with(base, path, _WRONG[kind]), dialect, path, "AML103"))
        if kind == "structure":
            for required in entry.get("required", ()):
                out.append(
                    Case(
                        f"{name}:required:{required}",
                        _without(base, path / required),
                        dialect,
                        path / required,
                        "AML101",
                        path,
                    )
                )
            out.append(
                Case(f"{name}:unknown", _with(base, path / "NotAField", 1), dialect, path / "NotAField", "AML102")
            )
            if entry.get("union"):
                out.append(Case(f"{name}:union-none", _with(base, path, {}), dialect, path, "AML109"))
            for key, item in value.items():
                walk(item, entry["members"][key], path / key)
        elif kind in ("list", "map"):
            low, high = entry.get("min"), entry.get("max")
            if low:
                out.append(
                    Case(f"{name}:too-few", _with(base, path, [] if kind == "list" else {}), dialect, path, "AML108")
                )
            if high is not None:
                first = value[0] if kind == "list" else next(iter(value.values()))
                many = (
                    [copy.deepcopy(first) for _ in range(high + 1)]
                    if kind == "list"
                    else {f"k{i}": copy.deepcopy(first) for i in range(high + 1)}
                )
                if kind == "map" and "enum" in SHAPES[entry["key"]]:
                    many = None  # an enum-keyed map cannot have more keys than its enum: the enum case covers it
                if many is not None:
                    out.append(Case(f"{name}:too-many", _with(base, path, many), dialect, path, "AML108"))
            items = enumerate(value) if kind == "list" else value.items()
            for key, item in items:
                if kind == "map":
                    key_entry = SHAPES[entry["key"]]
                    if "enum" in key_entry:
                        renamed = {("Bogus" if k == key else k): v for k, v in value.items()}
                        out.append(
                            Case(f"{name}:key-enum", _with(base, path, renamed), dialect, path / "Bogus", "AML104")
                        )
                    if key_entry.get("max"):
                        long_key = "k" * (key_entry["max"] + 1)
                        out.append(
                            Case(
                                f"{name}:key-length",
                                _with(base, path, {long_key: item}),
                                dialect,
                                path / long_key,
                                "AML105",
                            )
                        )
                walk(item, entry["member"] if kind == "list" else entry["value"], path / key)
                break
        elif kind == "string":
            if "enum" in entry:
                out.append(Case(f"{name}:enum", _with(base, path, "Bogus"), dialect, path, "AML104"))
                return
            low, high = entry.get("min", 0), entry.get("max")
            if low:
                out.append(Case(f"{name}:too-short", _with(base, path, ""), dialect, path, "AML105"))
            if high is not None:
                out.append(Case(f"{name}:too-long", _with(base, path, "a" * (high + 1)), dialect, path, "AML105"))
            if "pattern" in entry:
                bad = _bad_pattern_value(entry["pattern"], low, high or 64)
                if bad is not None:
                    out.append(Case(f"{name}:pattern", _with(base, path, bad), dialect, path, "AML106"))
        elif kind in ("integer", "long", "float", "double"):
            if "min" in entry:
                out.append(Case(f"{name}:below-min", _with(base, path, entry["min"] - 1), dialect, path, "AML107"))
            if "max" in entry:
                out.append(Case(f"{name}:above-max", _with(base, path, entry["max"] + 1), dialect, path, "AML107"))

    walk(base, model.root_shape(dialect), FieldPath())
    return out


def _with(base: dict, path: FieldPath, value: Any) -> dict:
    data = copy.deepcopy(base)
    _set(data, path, value)
    return data


def _without(base: dict, path: FieldPath) -> dict:
    data = copy.deepcopy(base)
    _del(data, path)
    return data


BASES = [("v1", sample(model.root_shape("v1")), "v1")] + [
    ("v2", sample(model.root_shape("v2"), member), f"v2-{member}") for member in UNION_MEMBERS
]
CASES = [case for dialect, base, label in BASES for case in cases_for(base, dialect, label)]


def _emit(data: dict) -> Emitter:
    emitter = Emitter()
    emitter.emit(data, FieldPath(), 0)
    return emitter


def model_findings(data: dict) -> set[tuple[int, str]]:
    text = "\n".join(_emit(data).lines) + "\n"
    return {(f.line, f.rule) for f in lint_text("case.yaml", text, Config()) if f.rule.startswith("AML1")}


@pytest.mark.parametrize("dialect, base, label", BASES, ids=[b[2] for b in BASES])
def test_maximal_request_has_no_model_finding(dialect: str, base: dict, label: str) -> None:
    assert model_findings(base) == set()


def test_every_constraint_kind_is_generated() -> None:
    kinds = {c.id.rsplit(":", 1)[-1].split(":")[0] for c in CASES}
    assert {
        "type",
        "unknown",
        "union-none",
        "too-few",
        "too-many",
        "enum",
        "too-short",
        "too-long",
        "pattern",
        "below-min",
        "above-max",
        "key-enum",
        "key-length",
    } <= kinds
    assert len(CASES) > 400


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_constraint_is_caught_on_its_line(case: Case) -> None:
    emitter = _emit(case.data)
    anchor = case.locate if case.locate is not None else case.path
    line = emitter.line_of.get(anchor, 1)
    got = model_findings(case.data)
    assert got == {(line, case.code)}


def test_messages_count_and_name_things_once() -> None:
    """A range whose ends are equal reads "exactly 2 characters", counts of one are singular, and an
    unknown key's parent is not repeated when the path already ends in its structure's name."""
    v2 = (
        "AutoMLJobName: wording\n"
        "AutoMLJobInputDataConfig:\n  - DataSource:\n      S3DataSource:\n        S3DataType: S3Prefix\n"
        "        S3Uri: s3://b/train/\n"
        "OutputDataConfig:\n  S3OutputPath: s3://bucket-1/out/\n"
        "AutoMLProblemTypeConfig:\n  TimeSeriesForecastingJobConfig:\n    ForecastFrequency: 1D\n"
        "    ForecastHorizon: 7\n    TimeSeriesConfig:\n      TargetAttributeName: demand\n"
        "      TimestampAttributeName: date\n      ItemIdentifierAttributeName: item\n"
        "    HolidayConfig:\n      - CountryCode: USA\n"
        "RoleArn: arn:aws:iam::123456789012:role/Role\n"
    )
    messages = {f.rule: f.message for f in lint_text("t.yaml", v2, Config())}
    assert messages["AML105"].endswith("CountryCode 'USA' is 3 characters long; the limit is exactly 2 characters")
    assert "bucket name 'b' is 1 character long;" in messages["AML526"]
    v1 = "AutoMLJobName: wording\nAutoMLJobConfig:\n  DataSplitConfg: {}\n  SecurityConfg: {}\nInputDataConfig: [{Bogus: 1}]\n"
    unknown = sorted(f.message for f in lint_text("t.yaml", v1, Config()) if f.rule == "AML102")
    assert unknown[0] == "unknown field 'Bogus' in InputDataConfig[0] (AutoMLChannel); valid fields: " + ", ".join(
        SHAPES["AutoMLChannel"]["members"]
    )
    assert unknown[1:] == [
        "unknown field 'DataSplitConfg' in AutoMLJobConfig",
        "unknown field 'SecurityConfg' in AutoMLJobConfig",
    ]
