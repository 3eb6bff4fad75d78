"""`automlspec init`: a commented starter spec, like `aws ... --generate-cli-skeleton yaml-input` but
readable: every field carries its documentation's first sentence, its valid values and its default.

The comments are generated: the summary from model_docs.json, the valid values from model.json (and the
rule tables for metrics and base models), the default by asking ``resolve`` what it would fill. Only the
choice of fields per problem type, and the example values, are written here.

Required values the user must supply are placeholders that fail lint with a clear finding (``''`` for
text, ``0`` for numbers, as in the CLI's skeleton), each marked ``# REQUIRED, e.g. <example>``; the
examples are what tests/test_init.py fills in to prove the filled starter lints clean. Optional fields
are commented out.
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass
from typing import Any

from . import model
from .dialects import IMAGE, KIND_LABELS, TABULAR, TEXT_CLASSIFICATION, TEXT_GENERATION, TIME_SERIES
from .facts import (
    BASE_MODEL,
    BASE_MODELS,
    CONTENT_TYPES,
    FORECAST_QUANTILES,
    KIND_METRICS,
    MAX_HORIZON,
    S3_DATA_TYPES,
    TABULAR_DEFAULTS,
    TABULAR_METRICS,
)
from .paths import FieldPath, remove, walk
from .source import resolve_plain

WIDTH = 100


@dataclass(frozen=True)
class Placeholder:
    """A required value only the user knows: ``blank`` is written, ``example`` shows the form."""

    blank: Any
    example: Any


@dataclass(frozen=True)
class Optional:
    """An optional field, written commented out with an example value."""

    example: Any


@dataclass(frozen=True)
class Problem:
    label: str
    kind: str
    problem_type: str | None  # tabular ProblemType
    name: str  # example job name


PROBLEMS = {
    "binary": Problem("binary classification (tabular)", TABULAR, "BinaryClassification", "churn-prediction"),
    "multiclass": Problem(
        "multiclass classification (tabular)", TABULAR, "MulticlassClassification", "ticket-priority"
    ),
    "regression": Problem("regression (tabular)", TABULAR, "Regression", "house-prices"),
    "timeseries": Problem("time-series forecasting", TIME_SERIES, None, "demand-forecast"),
    "textgen": Problem("text generation (LLM fine-tuning)", TEXT_GENERATION, None, "support-llm"),
    "image": Problem("image classification", IMAGE, None, "product-images"),
    "text-classification": Problem("text classification", TEXT_CLASSIFICATION, None, "ticket-routing"),
}
# AWS's names for each kind, accepted by `init --problem-type` as well as the short keys above: the
# AutoMLProblemTypeConfig member names (with or without "JobConfig") and the tabular ProblemType values.
# Source: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLProblemTypeConfig.html
AWS_NAMES = {
    "binary": ("BinaryClassification",),
    "multiclass": ("MulticlassClassification",),
    "regression": ("Regression",),
    "timeseries": ("TimeSeriesForecasting", "TimeSeriesForecastingJobConfig"),
    "textgen": ("TextGeneration", "TextGenerationJobConfig"),
    "image": ("ImageClassification", "ImageClassificationJobConfig"),
    "text-classification": ("TextClassification", "TextClassificationJobConfig"),
}
TARGETS = {"BinaryClassification": "churned", "MulticlassClassification": "priority", "Regression": "price"}
ROLE = "arn:aws:iam::123456789012:role/AutopilotExecutionRole"
BUCKET = "s3://my-ml-bucket"


# Fields whose default the API reference does not state: what happens when they are left out.
UNDOCUMENTED = {
    "Mode": (
        (TABULAR,),
        "no documented default: Autopilot picks ENSEMBLING below 100 MB of data, else HYPERPARAMETER_TUNING",
    ),
    "ProblemType": ((TABULAR,), "no documented default: inferred from the target column, not always confidently"),
    "CompletionCriteria": ((TABULAR,), "no documented defaults for tabular jobs: the service chooses"),
}


class ScaffoldError(ValueError):
    """A problem type the chosen API cannot express (a usage error)."""


def problem_key(value: str) -> str:
    """The PROBLEMS key ``--problem-type`` names: a short key or one of AWS's names, in any case, with or
    without punctuation (``TimeSeriesForecasting``, ``time-series``, ``BINARY_CLASSIFICATION``)."""
    from .suggest import _squash, closest, did_you_mean

    names = {key: key for key in PROBLEMS} | {name: key for key, aws in AWS_NAMES.items() for name in aws}
    guess = closest(value, names)  # a case or punctuation slip is an exact match there
    if guess is not None and _squash(guess) == _squash(value):
        return names[guess]
    if _squash(value) in ("tabular", "tabularjobconfig"):
        raise ScaffoldError(
            f"--problem-type {value}: a tabular job is BinaryClassification, MulticlassClassification or"
            " Regression (binary, multiclass, regression); pass one of them"
        )
    if guess is not None:
        raise ScaffoldError(f"--problem-type {value!r} is not a problem type{did_you_mean(guess)}")
    raise ScaffoldError(
        f"--problem-type {value!r} is not a problem type; use one of {', '.join(PROBLEMS)}, or AWS's name"
        f" ({', '.join(aws[0] for aws in AWS_NAMES.values())}; any case)"
    )


# ----- what the starter holds -----------------------------------------------------------------------


def template(problem: str, api: str) -> dict:
    """The starter as data: values, Placeholders and Optionals (key order does not matter here)."""
    spec = PROBLEMS[problem]
    if api == "v1" and spec.kind != TABULAR:
        raise ScaffoldError(
            f"--problem-type {problem}: CreateAutoMLJob (V1) supports tabular jobs only"
            " (binary, multiclass, regression); use --api v2"
        )
    name = spec.name
    channel: dict = {
        "ChannelType": "training",
        "ContentType": CONTENT_TYPES[spec.kind][0],
        "CompressionType": "None",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": Placeholder("", f"{BUCKET}/{name}/train/")}},
    }
    target = Placeholder("", TARGETS.get(spec.problem_type or "", "target"))
    objective = {"MetricName": _default_metric(spec)} if spec.kind != TEXT_GENERATION else None
    common: dict = {
        "AutoMLJobName": Placeholder("", name),
        "OutputDataConfig": {
            "S3OutputPath": Placeholder("", f"{BUCKET}/{name}/output/"),
            "KmsKeyId": Optional("alias/my-ml-key"),
        },
        "RoleArn": Placeholder("", ROLE),
        "Tags": Optional([{"Key": "team", "Value": "ml-platform"}]),
        "ModelDeployConfig": Optional({"AutoGenerateEndpointName": True}),
    }
    security = Optional({"EnableInterContainerTrafficEncryption": True})
    split = Optional({"ValidationFraction": 0.2})
    criteria_tabular = Optional({"MaxCandidates": 50, "MaxAutoMLJobRuntimeInSeconds": 14400})
    if api == "v1":
        channel["TargetAttributeName"] = target
        channel["SampleWeightAttributeName"] = Optional("weight")
        return {
            **common,
            "InputDataConfig": [channel],
            "ProblemType": spec.problem_type,
            "AutoMLJobObjective": objective,
            "AutoMLJobConfig": Optional(
                {
                    "CompletionCriteria": {"MaxCandidates": 50, "MaxAutoMLJobRuntimeInSeconds": 14400},
                    "Mode": "ENSEMBLING",
                    "SecurityConfig": {"EnableInterContainerTrafficEncryption": True},
                    "DataSplitConfig": {"ValidationFraction": 0.2},
                }
            ),
            "GenerateCandidateDefinitionsOnly": Optional(False),
        }
    single = {"CompletionCriteria": {"MaxCandidates": 1}}  # the only supported value outside tabular
    if spec.kind == TABULAR:
        config: dict = {
            "TargetAttributeName": target,
            "ProblemType": spec.problem_type,
            "CompletionCriteria": criteria_tabular,
            "Mode": Optional("ENSEMBLING"),
            "CandidateGenerationConfig": Optional(
                {"AlgorithmsConfig": [{"AutoMLAlgorithms": ["xgboost", "lightgbm", "catboost"]}]}
            ),
            "SampleWeightAttributeName": Optional("weight"),
            "FeatureSpecificationS3Uri": Optional(f"{BUCKET}/{name}/features.json"),
            "GenerateCandidateDefinitionsOnly": Optional(False),
        }
    elif spec.kind == TIME_SERIES:
        config = {
            **single,
            "ForecastFrequency": Placeholder("", "1D"),
            "ForecastHorizon": Placeholder(0, 14),
            "ForecastQuantiles": Optional(list(FORECAST_QUANTILES)),
            "TimeSeriesConfig": {
                "TargetAttributeName": Placeholder("", "demand"),
                "TimestampAttributeName": Placeholder("", "timestamp"),
                "ItemIdentifierAttributeName": Placeholder("", "item_id"),
                "GroupingAttributeNames": Optional(["store_id"]),
            },
            "Transformations": Optional(
                {"Filling": {"demand": {"middlefill": "zero", "backfill": "zero"}}, "Aggregation": {"demand": "sum"}}
            ),
            "HolidayConfig": Optional([{"CountryCode": "US"}]),
        }
    elif spec.kind == TEXT_CLASSIFICATION:
        config = {**single, "ContentColumn": Placeholder("", "text"), "TargetLabelColumn": Placeholder("", "label")}
    elif spec.kind == TEXT_GENERATION:
        config = {
            **single,
            "BaseModelName": BASE_MODEL,
            "TextGenerationHyperParameters": Optional({"epochCount": "3", "batchSize": "8", "learningRate": "0.0001"}),
            "ModelAccessConfig": Optional({"AcceptEula": True}),
        }
    else:
        config = dict(single)
    out = {
        **common,
        "AutoMLJobInputDataConfig": [channel],
        "AutoMLProblemTypeConfig": {spec.kind: config},
        "SecurityConfig": security,
        "AutoMLJobObjective": objective,
    }
    if spec.kind != TIME_SERIES:  # "must not be set for the time-series forecasting problem type"
        out["DataSplitConfig"] = split
    return {k: v for k, v in out.items() if v is not None}


def _default_metric(spec: Problem) -> str:
    if spec.kind == TABULAR and spec.problem_type is not None:
        return TABULAR_DEFAULTS[spec.problem_type]
    return KIND_METRICS[spec.kind][1]


def placeholders(problem: str, api: str) -> dict[FieldPath, Placeholder]:
    """Every placeholder of the starter, by path."""
    return {path: node for path, node in walk(template(problem, api)) if isinstance(node, Placeholder)}


def _data(node: Any, *, filled: bool, optional: bool) -> Any:
    """The template as plain data: placeholders blank or filled; optionals dropped or included."""
    if isinstance(node, Placeholder):
        return node.example if filled else node.blank
    if isinstance(node, Optional):
        return _data(node.example, filled=filled, optional=optional)
    if isinstance(node, dict):
        return {
            k: _data(v, filled=filled, optional=optional)
            for k, v in node.items()
            if optional or not isinstance(v, Optional)
        }
    if isinstance(node, list):
        return [_data(v, filled=filled, optional=optional) for v in node]
    return node


# ----- comments -----------------------------------------------------------------------------------------


def _summary(text: str) -> str:
    """The documentation's first sentence."""
    text = " ".join(text.split()).replace(" .", ".").replace(" ,", ",")
    for end in (". ", ".\u00a0"):
        cut = text.find(end)
        if cut != -1:
            return text[: cut + 1]
    return text


def _valid(dialect: str, path: FieldPath, kind: str, problem_type: str | None) -> str:
    shape_name = model.shape_at(dialect, path)
    if shape_name is None:
        return ""
    entry = model.shape(shape_name)
    leaf = path.leaf
    if leaf == "MetricName":
        return "one of: " + ", ".join(
            TABULAR_METRICS[problem_type] if kind == TABULAR and problem_type else KIND_METRICS[kind][0]
        )
    if leaf in ("ContentType", "S3DataType"):
        table = CONTENT_TYPES if leaf == "ContentType" else S3_DATA_TYPES
        return f"for {KIND_LABELS[kind]} jobs one of: " + ", ".join(table[kind])
    if leaf == "BaseModelName":
        return "one of: " + ", ".join(BASE_MODELS)
    # The limits lint enforces beyond the model's range, so that the comment never allows what lint refuses.
    if leaf == "MaxCandidates" and kind != TABULAR:
        return f"1, the only value for {KIND_LABELS[kind]} jobs (AML420)"
    if leaf == "ForecastHorizon":
        return (
            f"an integer from 1 to {MAX_HORIZON} (the default quota; AML601), at most 1/4 of the dataset's time-steps"
        )
    return describe(shape_name, entry)


def describe(shape_name: str, entry: dict) -> str:
    """The valid values of a shape in words: enum, length and pattern, range, sizes."""
    kind = entry["type"]
    if "enum" in entry:
        return "one of: " + ", ".join(entry["enum"])
    if kind == "string":
        return _describe_string(shape_name, entry)
    if kind in ("integer", "float"):
        return _describe_number(kind, entry)
    if kind == "boolean":
        return "true or false"
    if kind == "list":
        return _describe_list(entry)
    if kind == "map":
        return f"a mapping of up to {entry['max']} entries" if entry.get("max") else "a mapping"
    return ""


def _describe_string(shape_name: str, entry: dict) -> str:
    from .rules.limits import PATTERN_WORDS, length_limit

    low, high = entry.get("min"), entry.get("max")
    parts = []
    if high:
        parts.append(length_limit(low, high))  # lint's own words, so the comment and the message agree
    elif low:
        parts.append("text, not empty")
    if shape_name in PATTERN_WORDS:
        parts.append(PATTERN_WORDS[shape_name])
    return "; ".join(parts) or "text"


def _describe_number(kind: str, entry: dict) -> str:
    low, high = entry.get("min"), entry.get("max")
    noun = "an integer" if kind == "integer" else "a number"
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun}, at least {low}"
    return noun


def _describe_list(entry: dict) -> str:
    low, high = entry.get("min"), entry.get("max")
    size = f"{low}-{high}" if low and high else (f"up to {high}" if high else "any number of")
    item = model.shape(entry["member"])
    items = f" ({describe(entry['member'], item)})" if item["type"] != "structure" else ""
    if low == high == 1:
        return f"a list of exactly 1 item{items}"
    return f"a list of {size} items{items}"


def _defaults(template_data: dict, dialect: str) -> dict[FieldPath, list]:
    """What `resolve` fills when each field of the starter is left out: path -> [(relative path, value, source)]."""
    from .resolve import resolve

    full = _data(template_data, filled=True, optional=False)
    out: dict[FieldPath, list] = {}
    fields = [path for path, _ in walk(_data(template_data, filled=True, optional=True)) if isinstance(path.leaf, str)]
    for path in fields:
        data = copy.deepcopy(full)
        remove(data, path)
        for filled in resolve(data, dialect).filled:
            if filled.path[: len(path)] == path:
                out.setdefault(path, []).append((FieldPath(filled.path[len(path) :]), filled.value))
    return out


# ----- YAML text ------------------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    safe = (
        text
        and text == text.strip()
        and resolve_plain(text) == text
        and text[0] not in "!&*?|>'\"%@`#,[]{}-:"
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not any(c in text for c in ",[]{}")
    )
    return text if safe else "'" + text.replace("'", "''") + "'"


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


class _Writer:
    def __init__(
        self, dialect: str, kind: str, problem_type: str | None, defaults: dict, optional_prefix: str = "# "
    ) -> None:
        self.optional_prefix = optional_prefix
        self.dialect = dialect
        self.kind = kind
        self.problem_type = problem_type
        self.defaults = defaults
        self.lines: list[str] = []

    def comment(self, indent: int, text: str) -> None:
        for line in textwrap.wrap(text, WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False):
            self.lines.append(" " * indent + "# " + line)

    def docs(self, indent: int, path: FieldPath, shape_name: str, parent_shape: str) -> None:
        member_doc = model.docs()["shapes"].get(parent_shape, {}).get("members", {}).get(str(path.leaf), "")
        summary = _summary(member_doc or model.docs()["shapes"].get(shape_name, {}).get("doc", ""))
        if summary:
            self.comment(indent, summary)
        facts = []
        valid = (
            _valid(self.dialect, path, self.kind, self.problem_type)
            if model.shape(shape_name)["type"] != "structure"
            else ""
        )
        if valid:
            facts.append(valid)
        found = self.defaults.get(path)
        if found:
            shown = ", ".join(f"{rel}: {_flow(v)}" if rel else _flow(v) for rel, v in found)
            facts.append(f"default: {shown}")
        elif path.leaf in UNDOCUMENTED and self.kind in UNDOCUMENTED[path.leaf][0]:
            facts.append(UNDOCUMENTED[path.leaf][1])
        if facts:
            self.comment(indent, ". ".join(f[0].upper() + f[1:] for f in facts) + ".")

    def structure(self, node: dict, shape_name: str, path: FieldPath, indent: int) -> None:
        members = model.shape(shape_name)["members"]
        first = True
        for key in [m for m in members if m in node]:
            value = node[key]
            child_path, child_shape = path / key, members[key]
            if not first:
                self.lines.append("")
            first = False
            self.docs(indent, child_path, child_shape, shape_name)
            pad = " " * indent
            if isinstance(value, Optional):
                block = _Writer(self.dialect, self.kind, self.problem_type, {})
                block.value(key, value.example, child_shape, child_path, 0, docs=False)
                self.lines.extend(f"{pad}{self.optional_prefix}{line}" for line in block.lines)
            elif isinstance(value, Placeholder):
                self.lines.append(f"{pad}{key}: {_scalar(value.blank)}  # REQUIRED, e.g. {_scalar(value.example)}")
            else:
                self.value(key, value, child_shape, child_path, indent, docs=True)

    def value(self, key: str, value: Any, shape_name: str, path: FieldPath, indent: int, docs: bool) -> None:
        pad = " " * indent
        entry = model.shape(shape_name)
        kind = entry["type"]
        if kind == "structure" and isinstance(value, dict):
            self.lines.append(f"{pad}{key}:")
            self._members(value, shape_name, path, indent + 2, docs)
        elif kind == "list" and value and all(isinstance(v, dict) for v in value):
            self.lines.append(f"{pad}{key}:")
            for index, item in enumerate(value):
                start = len(self.lines)
                self._members(item, entry["member"], path / index, indent + 4, docs)
                self._dash(start, indent + 2)
        elif kind == "map" and isinstance(value, dict):
            self.lines.append(f"{pad}{key}:")
            for map_key, item in value.items():
                self.value(str(map_key), item, entry["value"], path / map_key, indent + 2, docs=False)
        else:
            self.lines.append(f"{pad}{key}: {_flow(value)}")

    def _members(self, value: dict, shape_name: str, path: FieldPath, indent: int, docs: bool) -> None:
        """A structure's members in the model's order: documented (``structure``) or plain."""
        if docs:
            self.structure(value, shape_name, path, indent)
            return
        members = model.shape(shape_name)["members"]
        for member in [m for m in members if m in value]:
            self.value(member, value[member], members[member], path / member, indent, docs=False)

    def _dash(self, start: int, column: int) -> None:
        """`- ` on the first key of the list item written from line ``start`` on; its comments move out
        to the dash's column."""
        for at in range(start, len(self.lines)):
            line = self.lines[at]
            if line.lstrip().startswith("#"):
                self.lines[at] = " " * column + line.lstrip()
            else:
                self.lines[at] = " " * column + "- " + line[column + 2 :]
                break


def starter_text(problem: str = "binary", api: str = "v2", *, optional_active: bool = False) -> str:
    """The starter spec's text. ``optional_active`` writes the optional examples uncommented (tests)."""
    spec = PROBLEMS[problem]
    data = template(problem, api)
    writer = _Writer(api, spec.kind, spec.problem_type, _defaults(data, api), "" if optional_active else "# ")
    command = "create-auto-ml-job" if api == "v1" else "create-auto-ml-job-v2"
    header = [
        f"# Starter spec: a {model.operation(api)} request for {spec.label}, written by `automlspec init`.",
        "# Fill in each value marked REQUIRED and uncomment the optional fields you want; every field",
        "# says what it is, its valid values and the default used when it is left out. Then:",
        "#   automlspec lint FILE",
        f"#   automlspec compile FILE > request.json && aws sagemaker {command} --cli-input-json file://request.json",
        "",
    ]
    writer.structure(data, model.root_shape(api), FieldPath(), 0)
    return "\n".join(header + writer.lines) + "\n"
