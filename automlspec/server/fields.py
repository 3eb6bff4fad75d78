"""What automlspec knows about a request field, for hover and completion.

Everything comes from the data lint itself uses: the botocore model's table (model.json: types, enums,
lengths, ranges, patterns, required members), its documentation (model_markdown.json), the documented
defaults that ``resolve`` fills (each with its source), and the facts that cross-field rules check
(facts.py: the metrics of each problem type, the algorithms of each mode, the base models). Nothing here
reads a file or the network.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from .. import model
from ..dialects import API_NAMES, TABULAR, TEXT_GENERATION, TIME_SERIES, decide_dialect
from ..facts import (
    BASE_MODELS,
    BY_MODE,
    CONTENT_TYPES,
    FORECAST_QUANTILES,
    KIND_METRICS,
    OBJECTIVE_DIRECTION,
    S3_DATA_TYPES,
    TABULAR_ALGORITHMS,
    TABULAR_DEFAULTS,
    TABULAR_METRICS,
    TIME_SERIES_ALGORITHMS,
)
from ..paths import ABSENT, FieldPath, get
from ..resolve import Filled, resolve
from ..source import resolve_plain
from ..spec import Spec
from .cursor import Cursor, Outline

DIALECTS = ("v2", "v1")  # when a document does not tell yet, V2 (the current API) is offered first


@dataclass(frozen=True)
class Field:
    """One request path as the model describes it."""

    dialect: str
    path: FieldPath
    shape: str  # the model's shape name
    entry: dict  # its table entry (type, min, max, pattern, enum, members...)
    parent: str | None  # the shape of the structure it is a member of (None: the request, a list item)
    required: bool

    @property
    def name(self) -> str:
        leaf = self.path.leaf
        return leaf if isinstance(leaf, str) else str(self.path)

    @property
    def kind(self) -> str:
        return self.entry["type"]


def field(dialect: str, path: FieldPath) -> Field | None:
    """What the model says about ``path`` in ``dialect``; None for a path the request does not have."""
    name = model.shape_at(dialect, path)
    if name is None:
        return None
    parent = model.shape_at(dialect, path.parent) if path else None
    parent_entry = model.shape(parent) if parent else None
    member = parent_entry is not None and parent_entry["type"] == "structure"
    required = bool(member and path.leaf in parent_entry.get("required", ()))  # type: ignore[union-attr]
    return Field(dialect, path, name, model.shape(name), parent if member else None, required)


def find(dialects: tuple[str, ...], path: FieldPath) -> Field | None:
    for dialect in dialects:
        found = field(dialect, path)
        if found is not None:
            return found
    return None


def dialects_of(keys: list[str] | dict) -> tuple[str, ...]:
    """The dialect a document's top-level keys tell (both, V2 first, while they tell neither)."""
    decided = decide_dialect({key: None for key in keys} if isinstance(keys, list) else keys).dialect
    return (decided,) if decided else DIALECTS


# ----- documentation ----------------------------------------------------------------------------------


def documentation(found: Field) -> str:
    """The model's Markdown documentation of the member (else of its shape)."""
    docs = model.markdown()["shapes"]
    if found.parent is not None:
        text = docs.get(found.parent, {}).get("members", {}).get(found.name, "")
        if text:
            return text
    return docs.get(found.shape, {}).get("doc", "")


def type_text(found: Field) -> str:
    entry = found.entry
    kind = entry["type"]
    if kind == "list":
        return f"list of {_type_of(entry['member'])}"
    if kind == "map":
        return f"map of {_type_of(entry['key'])} to {_type_of(entry['value'])}"
    return _type_of(found.shape)


def _type_of(shape_name: str) -> str:
    entry = model.shape(shape_name)
    kind = entry["type"]
    if kind == "structure":
        return f"{shape_name} (structure)"
    if kind == "float":
        return "number"
    return kind


def limits(found: Field) -> list[str]:
    """The model's constraints on the field, one phrase each, as lint checks them."""
    entry = found.entry
    kind = entry["type"]
    out: list[str] = []
    if entry.get("enum"):
        out.append("one of " + ", ".join(f"`{value}`" for value in entry["enum"]))
    low, high = entry.get("min"), entry.get("max")
    if low is not None or high is not None:
        out.append(_bounds(low, high, {"string": "characters", "list": "items", "map": "entries"}.get(kind)))
    if entry.get("pattern") and entry["pattern"] not in (".*", ".+"):
        out.append(f"matches `{entry['pattern']}` (the whole value)")
    if entry.get("union"):
        out.append("exactly one of its members")
    return out


def _bounds(low: Any, high: Any, unit: str | None) -> str:
    """A minimum and a maximum (one may be None) as a phrase: of a number, or of a size in ``unit``."""
    if unit is None:
        bounds = f"from {low} to {high}" if low is not None and high is not None else None
        return bounds or (f"at least {low}" if low is not None else f"at most {high}")
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    return f"at least {low} {unit}" if low is not None else f"at most {high} {unit}"


def summary(found: Field) -> str:
    """One line: the type, required or not, the limits."""
    parts = [type_text(found)]
    if found.required:
        parts.append("required")
    parts.extend(limits(found))
    return " · ".join(parts)


# ----- defaults and resolved values -------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """The field's documented default (when the spec left it out), and its value once resolved."""

    default: Filled | None  # what `automlspec resolve` would fill if the spec did not set it
    value: Any  # the resolved value (ABSENT: not set and no default)
    origin: Literal["spec", "config", "documented", "none"]
    source: str = ""  # where a filled value comes from
    filled_below: tuple[Filled, ...] = ()  # defaults `resolve` fills inside this field


def resolution(data: dict, dialect: str, path: FieldPath, config_defaults=None) -> Resolution:
    """What `automlspec resolve` does with ``path`` in this spec (resolve.py: the spec wins over the
    project configuration's defaults, which win over the documented defaults)."""
    resolved = resolve(data, dialect, config_defaults)
    value = get(resolved.request, path, default=ABSENT)
    filled = {f.path: f for f in resolved.filled}
    below = tuple(f for f in resolved.filled if len(f.path) > len(path) and f.path[: len(path)] == path)
    own = filled.get(path)
    if get(data, path, default=ABSENT) is not ABSENT:
        origin: Literal["spec", "config", "documented", "none"] = "spec"
        source = ""
    elif own is not None:
        origin, source = own.origin, own.source
    else:
        origin, source = "none", ""
    default = own if own is not None and own.origin == "documented" else None
    if default is None and origin == "spec":
        default = _default_without(data, dialect, path)
    return Resolution(default, value, origin, source, below)


def _default_without(data: dict, dialect: str, path: FieldPath) -> Filled | None:
    """The documented default of a field the spec sets: resolve the spec without it."""
    if not path:
        return None
    trimmed = copy.deepcopy(data)
    parent = get(trimmed, path.parent)
    if isinstance(parent, dict) and path.leaf in parent:
        del parent[path.leaf]
    else:
        return None
    for filled in resolve(trimmed, dialect, documented=True).filled:
        if filled.path == path and filled.origin == "documented":
            return filled
    return None


def show(value: Any) -> str:
    """A value as a spec would write it."""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {show(item)}" for key, item in value.items()) + "}"
    return str(value)


# ----- hover ------------------------------------------------------------------------------------------


def hover(found: Field, data: dict | None = None, config_defaults=None) -> str:
    """Markdown for a field: its path and type, the model's documentation, its limits, its documented
    default and the value it resolves to in this spec (``data``: the spec as parsed; None when the text
    does not parse)."""
    lines = [f"**`{found.path}`** ({API_NAMES[found.dialect]}): {type_text(found)}"]
    if found.required:
        lines[0] += ", required"
    doc = documentation(found)
    if doc:
        lines += ["", doc]
    facts: list[str] = []
    bounds = limits(found)
    if bounds:
        facts.append("**Limits:** " + "; ".join(bounds))
    if data is not None:
        facts.extend(_resolution_lines(resolution(data, found.dialect, found.path, config_defaults)))
    if facts:
        lines += ["", "---", ""]
        lines += [f"{fact}  " for fact in facts[:-1]] + [facts[-1]]
    return "\n".join(lines)


def _resolution_lines(found: Resolution) -> list[str]:
    out = []
    if found.default is not None:
        out.append(f"**Documented default:** `{show(found.default.value)}` ({found.default.source})")
    if found.origin == "spec" and not isinstance(found.value, dict | list):
        out.append(f"**In this spec:** `{show(found.value)}`")
    elif found.origin == "config":
        out.append(
            f"**In this spec:** `{show(found.value)}`, from the project configuration's defaults ({found.source})"
        )
    elif found.origin == "documented":
        out.append(f"**In this spec:** not set; resolves to `{show(found.value)}` ({found.source})")
    if found.filled_below:
        filled = ", ".join(
            f"`{f.path[-1] if len(f.path) else f.path}: {show(f.value)}`" for f in found.filled_below[:8]
        )
        out.append(f"**Filled when resolved:** {filled} (`automlspec resolve` shows where each comes from)")
    return out


# ----- completion -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """One completion: the label shown, the text inserted, a one-line detail and Markdown documentation."""

    label: str
    insert: str
    detail: str
    documentation: str
    kind: Literal["field", "value"]
    preselect: bool = False
    order: int = 0  # lower first


def keys(outline: Outline, parent: FieldPath, indent: int, colon_follows: bool, skip_line: int) -> list[Suggestion]:
    """The fields that can be written under ``parent``: the model's members of its structure, in the
    document's dialect (both APIs' while the top-level keys tell neither), not those already written."""
    present = set(outline.children(parent, skip_line))
    candidates = dialects_of(outline.children(FieldPath(), skip_line))
    out: list[Suggestion] = []
    seen: set[str] = set()
    for dialect in candidates:
        name = model.shape_at(dialect, parent)
        if name is None:
            continue
        entry = model.shape(name)
        if entry["type"] != "structure" or (entry.get("union") and present):
            continue
        required = set(entry.get("required", ()))
        for number, member in enumerate(entry["members"]):
            if member in present or member in seen:
                continue
            seen.add(member)
            found = field(dialect, parent / member)
            if found is None:
                continue
            detail = summary(found)
            if len(candidates) > 1 and not parent:
                detail = f"{API_NAMES[dialect]}: {detail}"
            insert = member if colon_follows else member + _after_key(found, indent)
            order = (0 if member in required else 1) * 1000 + number
            out.append(Suggestion(member, insert, detail, documentation(found), "field", order=order))
    return out


def suggestions(at: Cursor) -> list[Suggestion]:
    """What completion offers at the cursor: field names where a key is being typed, values where a
    value is (a list item's value too: `- xgboost` under AutoMLAlgorithms)."""
    if at.kind == "value":
        return values(at.outline, at.path)
    if at.kind != "key":
        return []
    found = find(dialects_of(at.outline.root_keys), at.parent) if at.parent else None
    if found is not None and found.kind not in ("structure", "map"):
        return values(at.outline, at.parent)
    return keys(at.outline, at.parent, at.indent, at.colon_follows, at.line)


def _after_key(found: Field, indent: int) -> str:
    """What follows a completed key: a space for a scalar, a new indented line for a block."""
    kind = found.kind
    if kind in ("structure", "map"):
        return ":\n" + " " * (indent + 2)
    if kind == "list":
        return ":\n" + " " * (indent + 2) + "- "
    return ": "


def values(outline: Outline, path: FieldPath) -> list[Suggestion]:
    """The values that can be written at ``path``: the enum, narrowed by what the rest of the spec
    says (the metrics of its problem type, the algorithms of its mode, the content types and S3 data
    types of its kind), the base models, booleans; each with why it is offered."""
    dialects = dialects_of(outline.root_keys)
    found = find(dialects, path)
    if found is None:
        return []
    spec = Spec(_data(outline), found.dialect)
    doc = documentation(found)
    kind = found.kind
    if kind == "boolean":
        return [Suggestion(word, word, "boolean", doc, "value") for word in ("true", "false")]
    named = _narrowed(found, spec)
    if named is not None:
        return [
            Suggestion(value, _scalar(value), detail, doc, "value", preselect=default, order=number)
            for number, (value, detail, default) in enumerate(named)
        ]
    return [
        Suggestion(value, _scalar(value), type_text(found), doc, "value", order=number)
        for number, value in enumerate(found.entry.get("enum", ()))
    ]


def _narrowed(found: Field, spec: Spec) -> list[tuple[str, str, bool]] | None:
    """(value, why it is offered, is the default) for the fields whose valid values depend on the rest
    of the spec; None for the others."""
    name, kind = found.name, spec.problem_kind
    if name == "MetricName" and found.path == FieldPath(("AutoMLJobObjective", "MetricName")):
        return _metrics(spec)
    if found.shape == "AutoMLAlgorithm":
        return _algorithms(spec)
    if name == "ContentType" and kind in CONTENT_TYPES:
        return [(c, f"{spec.kind_label} content type", n == 0) for n, c in enumerate(CONTENT_TYPES[kind])]
    if name == "S3DataType" and kind in S3_DATA_TYPES:
        return [(t, f"{spec.kind_label} S3 data type", False) for t in S3_DATA_TYPES[kind]]
    if name == "BaseModelName":
        return [(m, "base model", False) for m in BASE_MODELS]
    if found.shape == "ForecastQuantile":
        return [(q, "a documented default quantile", False) for q in FORECAST_QUANTILES]
    return None


def _algorithms(spec: Spec) -> list[tuple[str, str, bool]]:
    """The algorithms the spec's problem kind and mode accept."""
    if spec.problem_kind == TIME_SERIES:
        return [(a, "time-series forecasting algorithm", False) for a in TIME_SERIES_ALGORITHMS]
    mode = spec.mode.value if spec.mode else None
    if mode in BY_MODE:
        return [(a, f"{mode} algorithm", False) for a in BY_MODE[mode]]
    return [(a, "tabular algorithm", False) for a in TABULAR_ALGORITHMS]


def _metrics(spec: Spec) -> list[tuple[str, str, bool]]:
    """The objective metrics the spec's problem type accepts (AML201's table), its default first."""
    kind = spec.problem_kind
    if kind == TEXT_GENERATION:
        return []  # text generation takes no objective (AML205)
    if kind == TABULAR:
        problem = spec.problem_type.value if spec.problem_type else None
        if problem in TABULAR_METRICS:
            metrics, default, label = TABULAR_METRICS[problem], TABULAR_DEFAULTS[problem], problem
        else:
            metrics = tuple(dict.fromkeys(m for group in TABULAR_METRICS.values() for m in group))
            default, label = None, "tabular problem types"
    elif kind in KIND_METRICS:
        metrics, default = KIND_METRICS[kind]
        label = spec.kind_label
    else:
        return []
    ordered = sorted(metrics, key=lambda m: m != default)
    better = {"Maximize": "higher is better", "Minimize": "lower is better"}
    return [
        (
            metric,
            (f"the default for {label}" if metric == default else f"for {label}")
            + f" · {better[OBJECTIVE_DIRECTION.get(metric, 'Maximize')]}",
            metric == default,
        )
        for metric in ordered
    ]


def _scalar(value: str) -> str:
    """A string as a plain YAML scalar when it reads back as itself, else single-quoted."""
    plain = value[:1].isalnum() and not any(mark in value for mark in (": ", " #", "\t")) and not value.endswith(":")
    if plain and resolve_plain(value) == value:
        return value
    return "'" + value.replace("'", "''") + "'"


def _data(outline: Outline) -> dict:
    """The document as nested data, read from its outline (for the rest of the spec to narrow values)."""
    root: dict = {}
    for entry in outline.entries:
        node: Any = root
        path = entry.path
        for part, following in pairwise(path):
            node = _child(node, part, [] if isinstance(following, int) else {})
            if node is None:
                break
        else:
            leaf = path[-1] if path else None
            if isinstance(node, dict) and isinstance(leaf, str) and entry.value:
                node[leaf] = resolve_plain(entry.value)
            elif isinstance(node, dict) and isinstance(leaf, str):
                node.setdefault(leaf, {})
    return root


def _child(node: Any, part: Any, empty: list | dict) -> Any:
    """The collection at ``part`` of ``node`` (``empty`` put there when nothing is yet), or None when
    ``part`` cannot be in ``node`` (a key of a list, an index of a mapping)."""
    if isinstance(node, dict) and isinstance(part, str):
        if not isinstance(node.get(part), type(empty)) and not node.get(part):
            node[part] = empty
        return node[part]
    if isinstance(node, list) and isinstance(part, int):
        while len(node) <= part:
            node.append(None)
        if not isinstance(node[part], type(empty)) and not node[part]:
            node[part] = empty
        return node[part]
    return None
