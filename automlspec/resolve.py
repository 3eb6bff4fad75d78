"""Fill the defaults a spec leaves to the service, each with the source that documents it.

Order: the spec wins over the project configuration's ``defaults:`` (``merge_defaults``, which lint also
runs before its rules), which win over the documented defaults below. ``resolve`` is pure: data in, a ``Resolved`` (new data, what was filled and from where,
and notes on what was deliberately not filled) out.

Documented defaults (each cites the member of the API reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/, that states it):

=========================================  ==================================  =====================================
field                                      value                               filled when
=========================================  ==================================  =====================================
channel ChannelType                        training                            the spec has exactly one channel
channel ContentType                        text/csv;header=present, image/*    always (image/* for image jobs)
channel CompressionType                    None                                always
ValidationFraction                         0.2                                 not time series; no validation channel
AutoMLJobObjective.MetricName              MSE / F1 / Accuracy (tabular by     the problem type is known (V1 and V2
                                           ProblemType); Accuracy (image,      tabular: ProblemType is set); never for
                                           text classification);               text generation, whose objective is
                                           AverageWeightedQuantileLoss (TS)    fixed
ModelDeployConfig.AutoGenerateEndpointName False                               EndpointName is set (with it, False is
                                                                               the only valid value)
ForecastQuantiles                          [p10, p50, p90]                     time series
BaseModelName                              Falcon7BInstruct                    text generation
MaxRuntimePerTrainingJobInSeconds          259200 (72 h)                       text generation, unless the job's total
                                                                               runtime limit is shorter
=========================================  ==================================  =====================================

Never filled, because no source documents a value or filling needs a name only the user knows: the
tabular CompletionCriteria (MaxCandidates, MaxRuntimePerTrainingJobInSeconds, MaxAutoMLJobRuntimeInSeconds),
Mode (inferred from the data size), ProblemType (inferred from the data), SecurityConfig, KmsKeyId, and
the time-series Aggregation (``sum`` is the documented default method, but the map is keyed by column).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from . import model
from .dialects import TABULAR, TEXT_GENERATION, TIME_SERIES, home
from .facts import (
    BASE_MODEL,
    CONTENT_TYPES,
    FORECAST_QUANTILES,
    KIND_METRICS,
    TABULAR_DEFAULTS,
    TEXTGEN_TRAINING_RUNTIME,
)
from .paths import FieldPath, get, put
from .spec import Spec

if TYPE_CHECKING:
    from .source import Pos, SourceDoc


@dataclass(frozen=True)
class Filled:
    """One value the spec did not set, and where it came from."""

    path: FieldPath
    value: Any
    source: str  # "botocore model: Shape.Member", or the configuration file's name
    origin: Literal["documented", "config"]

    @property
    def comment(self) -> str:
        if self.origin == "config":
            return f"default: {self.source} (project config)"
        return f"default: {self.source}"


@dataclass(frozen=True)
class Resolved:
    request: dict
    dialect: str
    filled: tuple[Filled, ...]
    notes: tuple[str, ...] = ()


def model_source(dialect: str, path: FieldPath) -> str:
    """``botocore model: Shape.Member`` for the member at ``path``: where its default is documented."""
    parent = model.shape_at(dialect, path.parent)
    return f"botocore model: {parent}.{path.leaf}"


def resolve(request: dict, dialect: str, config_defaults=None, *, documented: bool = True) -> Resolved:
    """``request`` with the project configuration's defaults (a SourceDoc, or None) merged under it and,
    when ``documented``, the documented defaults filled in. ``request`` itself is not changed."""
    filled: list[Filled] = []
    request = copy.deepcopy(request)
    if config_defaults is not None:
        request, positions = merge_defaults(config_defaults, dialect, request, {})
        request = copy.deepcopy(request)
        for path, pos in positions.items():
            if not any(FieldPath(path[:i]) in positions for i in range(len(path))):  # the top of each merged subtree
                filled.append(
                    Filled(FieldPath(path), copy.deepcopy(get(request, path)), pos.origin or "project config", "config")
                )
    notes: list[str] = []
    if documented:
        _documented(request, dialect, filled, notes)
    return Resolved(request, dialect, tuple(filled), tuple(notes))


# ----- the project configuration's defaults ---------------------------------------------------------------------------------


def merge_defaults(
    defaults: SourceDoc, dialect: str, request: dict, positions: dict[FieldPath, Pos]
) -> tuple[dict, dict[FieldPath, Pos]]:
    """Deep-merge ``defaults`` under a spec: mappings merge key by key, ``Tags`` merge by Key, other
    lists and values from the spec replace the default. Positions of values that came from the
    defaults point into the configuration file."""
    members = set(model.shape(model.root_shape(dialect))["members"])
    moved: dict = {}
    moved_pos: dict[FieldPath, Pos] = {}
    for key, value in defaults.data.items():
        target = FieldPath(home(dialect, (key,)))  # V2's top-level SecurityConfig is V1's AutoMLJobConfig's
        if len(target) == 1 and key not in members:
            continue  # a field of the other dialect: it applies to those specs only
        put(moved, target, value)
        for path, pos in defaults.positions.items():
            if path[:1] == (key,):
                moved_pos[target.join(*path[1:])] = pos
    merged_pos = dict(positions)
    merged = _merge(moved, request, FieldPath(), moved_pos, merged_pos)
    return merged, merged_pos


def merge_over(default: dict, value: dict, default_pos: dict, out_pos: dict) -> dict:
    """``value`` merged over ``default`` as a spec merges over the defaults (mappings key by key, Tags by
    Key, anything else replaced); ``out_pos`` (``value``'s positions) receives the positions of what
    came from ``default``. A nearer configuration's defaults merge over a farther one's this way."""
    return _merge(default, value, FieldPath(), default_pos, out_pos)


_TAGS = FieldPath(("Tags",))  # the one list merged item by item (by Key), not replaced


def _merge(default: Any, value: Any, path: FieldPath, default_pos: dict, out_pos: dict) -> Any:
    if isinstance(default, dict) and isinstance(value, dict):
        result = dict(value)
        for key, item in default.items():
            if key not in value:
                result[key] = item
                _copy_positions(default_pos, path / key, path / key, out_pos)
            else:
                result[key] = _merge(item, value[key], path / key, default_pos, out_pos)
        return result
    if path == _TAGS and isinstance(default, list) and isinstance(value, list):
        own = {t.get("Key") for t in value if isinstance(t, dict)}
        tags = list(value)
        for index, tag in enumerate(default):
            if isinstance(tag, dict) and tag.get("Key") in own:
                continue
            _copy_positions(default_pos, path / index, path / len(tags), out_pos)
            tags.append(tag)
        return tags
    return value


def _copy_positions(source: dict, old: FieldPath, new: FieldPath, out: dict) -> None:
    size = len(old)
    for path, pos in source.items():
        if path[:size] == old:
            out[new.join(*path[size:])] = pos


# ----- documented defaults -------------------------------------------------------------------------


Fill = Callable[[FieldPath, Any], None]


def _documented(request: dict, dialect: str, filled: list[Filled], notes: list[str]) -> None:
    spec = Spec(request, dialect)

    def fill(path: FieldPath, value: Any) -> None:
        """Set ``path`` to ``value`` unless it is set, creating missing parent mappings; a parent of
        the wrong type (reported by lint) means the default does not apply."""
        if put(request, path, copy.deepcopy(value), replace=False):
            filled.append(Filled(path, copy.deepcopy(value), model_source(dialect, path), "documented"))

    for section in (_channels, _data_split, _objective, _deployment, _time_series, _text_generation, _tabular):
        section(spec, fill, notes)


def _channels(spec: Spec, fill: Fill, notes: list[str]) -> None:
    kind = spec.problem_kind
    channels = spec.channels
    for channel in channels:
        if len(channels) == 1:
            fill(channel.path / "ChannelType", "training")
        if kind is not None:  # always so for V1, which is tabular
            fill(channel.path / "ContentType", CONTENT_TYPES[kind][0])  # the first is the default
        fill(channel.path / "CompressionType", "None")


def _data_split(spec: Spec, fill: Fill, notes: list[str]) -> None:
    """The service splits off 20% unless there is a validation channel; never for time series
    (V2 DataSplitConfig: "must not be set for the time-series forecasting problem type")."""
    kind = spec.problem_kind
    has_validation = any(spec.channel_type(c) == "validation" for c in spec.channels)
    if kind is not None and kind != TIME_SERIES and not has_validation:
        fill(spec.data_split_path / "ValidationFraction", 0.2)


def _objective(spec: Spec, fill: Fill, notes: list[str]) -> None:
    """Only with a known problem type. V2 tabular requires ProblemType and the objective both or
    neither, so an objective is never added without a ProblemType."""
    if spec.objective is not None or "AutoMLJobObjective" in spec.request:
        return
    kind = spec.problem_kind
    metric = None
    if kind == TABULAR:
        problem_type = spec.problem_type
        if problem_type is not None:
            metric = TABULAR_DEFAULTS.get(problem_type.value)
    elif kind in KIND_METRICS:  # image, text classification, time series; never text generation
        metric = KIND_METRICS[kind][1]
    if metric is not None:
        fill(FieldPath(("AutoMLJobObjective", "MetricName")), metric)


def _deployment(spec: Spec, fill: Fill, notes: list[str]) -> None:
    """AutoGenerateEndpointName defaults to False, the only value that allows an EndpointName."""
    deploy = spec.get(("ModelDeployConfig",), dict)
    if deploy is not None and isinstance(deploy.get("EndpointName"), str):
        fill(FieldPath(("ModelDeployConfig", "AutoGenerateEndpointName")), False)


def _time_series(spec: Spec, fill: Fill, notes: list[str]) -> None:
    config_path = spec.problem_config_path
    if spec.problem_kind != TIME_SERIES or spec.get(config_path, dict) is None:
        return
    fill(config_path / "ForecastQuantiles", list(FORECAST_QUANTILES))
    if spec.get(config_path.join("Transformations", "Aggregation")) is None:
        notes.append(
            "Transformations.Aggregation, as its documented default method (sum) applies"
            " per column, and the map needs the column's name"
        )


def _text_generation(spec: Spec, fill: Fill, notes: list[str]) -> None:
    config_path = spec.problem_config_path
    if spec.problem_kind != TEXT_GENERATION or spec.get(config_path, dict) is None:
        return
    fill(config_path / "BaseModelName", BASE_MODEL)
    criteria = spec.get(config_path / "CompletionCriteria", dict, {})
    total = criteria.get("MaxAutoMLJobRuntimeInSeconds")
    if isinstance(total, int) and not isinstance(total, bool) and total < TEXTGEN_TRAINING_RUNTIME:
        if "MaxRuntimePerTrainingJobInSeconds" not in criteria:
            notes.append(
                f"CompletionCriteria.MaxRuntimePerTrainingJobInSeconds, as its documented default"
                f" ({TEXTGEN_TRAINING_RUNTIME} s) exceeds MaxAutoMLJobRuntimeInSeconds ({total} s)"
            )
    else:
        fill(config_path.join("CompletionCriteria", "MaxRuntimePerTrainingJobInSeconds"), TEXTGEN_TRAINING_RUNTIME)


def _tabular(spec: Spec, fill: Fill, notes: list[str]) -> None:
    if spec.problem_kind != TABULAR:
        return
    criteria = spec.get(spec.completion_criteria_path, dict, {})
    missing = [
        m
        for m in ("MaxCandidates", "MaxRuntimePerTrainingJobInSeconds", "MaxAutoMLJobRuntimeInSeconds")
        if m not in criteria
    ]
    if missing:
        notes.append(
            f"CompletionCriteria {', '.join(missing)}, as no source documents the tabular defaults;"
            " the service chooses them (DescribeAutoMLJobV2 ResolvedAttributes shows what it chose)"
        )


# ----- YAML with provenance comments ----------------------------------------------------------------


def to_yaml(resolved: Resolved, stream) -> None:
    """Write the resolved spec as YAML, keys in the model's member order, with ``# default: <source>``
    at the end of each filled line and the notes as comments above the document."""
    from . import yamlio
    from .compile import canonical

    root = yamlio.commented(canonical(resolved.request, model.root_shape(resolved.dialect)))
    for entry in resolved.filled:
        parent = get(root, entry.path.parent)
        if yamlio.is_mapping(parent) or yamlio.is_sequence(parent):
            yamlio.set_line_comment(parent, entry.path.leaf, entry.comment)
    if resolved.notes:
        yamlio.set_start_comment(root, "\n".join(f"not filled: {note}" for note in resolved.notes))
    yamlio.dump(root, stream)
