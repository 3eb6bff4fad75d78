"""The two request dialects, CreateAutoMLJob (V1) and CreateAutoMLJobV2 (V2): which keys tell them
apart, the problem kinds, and the one table of fields that live in different places in each.

V1 -> V2 follows AWS's "Migrate a CreateAutoMLJob to CreateAutoMLJobV2" mapping (``MIGRATE_URL``); the
``MOVES`` table below is that mapping, and it is the only copy: ``compile`` converts with it (``v1_to_v2``,
``v2_to_v1``), ``migrate`` moves keys (with their comments) by it, project-config ``defaults`` written in
one dialect land in the other's place by it, and ``spec`` finds relocated settings by it.

=====================================================================  ==========================================
CreateAutoMLJob (V1)                                                    CreateAutoMLJobV2
=====================================================================  ==========================================
InputDataConfig[] (minus TargetAttributeName, SampleWeightAttributeName)  AutoMLJobInputDataConfig[]
InputDataConfig[].TargetAttributeName                                  AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName
InputDataConfig[].SampleWeightAttributeName                            TabularJobConfig.SampleWeightAttributeName
ProblemType, GenerateCandidateDefinitionsOnly                          TabularJobConfig.<same>
AutoMLJobConfig.CompletionCriteria, .Mode                              TabularJobConfig.<same>
AutoMLJobConfig.CandidateGenerationConfig.AlgorithmsConfig             TabularJobConfig.CandidateGenerationConfig.AlgorithmsConfig
AutoMLJobConfig.CandidateGenerationConfig.FeatureSpecificationS3Uri    TabularJobConfig.FeatureSpecificationS3Uri
AutoMLJobConfig.SecurityConfig, .DataSplitConfig                       SecurityConfig, DataSplitConfig (top level)
everything else                                                        unchanged
=====================================================================  ==========================================

V2 -> V1 is the inverse, for tabular jobs only. V2 has one target and one sample-weight column for the
job, so V1 channels that disagree about them cannot be converted (and V2 -> V1 writes them on every
channel). What V1 cannot express is an ``errors.ConversionError`` (exit 2): another problem type,
AutoMLComputeConfig.

Round trips V1 -> V2 -> V1 and V2 -> V1 -> V2 of a tabular spec give back the same request, except for
empty mappings that carry nothing and have no counterpart: a V1 ``AutoMLJobConfig: {}``, and a V2
``CandidateGenerationConfig: {}`` next to a FeatureSpecificationS3Uri.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Literal, NamedTuple

from .errors import ConversionError
from .paths import get, put

Dialect = Literal["v1", "v2"]
Path = tuple[str, ...]

MIGRATE_URL = (
    "https://docs.aws.amazon.com/sagemaker/latest/dg/"
    "autopilot-automate-model-development-create-experiment.html#autopilot-create-experiment-api-migrate-v1-v2"
)
API_NAMES = {"v1": "CreateAutoMLJob", "v2": "CreateAutoMLJobV2"}

# The top-level keys that only one dialect has: how a spec tells which request it is.
V1_ONLY = frozenset({"InputDataConfig", "ProblemType", "AutoMLJobConfig", "GenerateCandidateDefinitionsOnly"})
V2_ONLY = frozenset(
    {"AutoMLJobInputDataConfig", "AutoMLProblemTypeConfig", "SecurityConfig", "DataSplitConfig", "AutoMLComputeConfig"}
)

# Problem kinds, named after the V2 AutoMLProblemTypeConfig union members; V1 is always tabular.
TABULAR = "TabularJobConfig"
IMAGE = "ImageClassificationJobConfig"
TEXT_CLASSIFICATION = "TextClassificationJobConfig"
TIME_SERIES = "TimeSeriesForecastingJobConfig"
TEXT_GENERATION = "TextGenerationJobConfig"
PROBLEM_KINDS = (TABULAR, IMAGE, TEXT_CLASSIFICATION, TIME_SERIES, TEXT_GENERATION)
KIND_LABELS = {
    TABULAR: "tabular",
    IMAGE: "image classification",
    TEXT_CLASSIFICATION: "text classification",
    TIME_SERIES: "time-series forecasting",
    TEXT_GENERATION: "text generation",
}


def detect_dialect(request: dict) -> tuple[Dialect | None, list[str], list[str]]:
    """('v1' | 'v2' | None, V1-only keys found, V2-only keys found). None: mixed, or no telling key.

    Strict, for conversion: a spec with a stray key of the other dialect is not converted (lint reports
    it, see ``decide_dialect``)."""
    v1 = [k for k in request if k in V1_ONLY]
    v2 = [k for k in request if k in V2_ONLY]
    if v1 and not v2:
        return "v1", v1, v2
    if v2 and not v1:
        return "v2", v1, v2
    return None, v1, v2


class Decision(NamedTuple):  # a NamedTuple, like Move: built on every start
    """lint's reading of a spec's dialect: the majority of its telling keys (issue 12: one stray key of
    the other dialect used to stop every check of the spec). ``dialect`` is None on a tie or with no
    telling key; ``stray`` are the other dialect's keys, each reported where it belongs."""

    dialect: Dialect | None
    v1: tuple[str, ...]
    v2: tuple[str, ...]

    @property
    def stray(self) -> tuple[str, ...]:
        return self.v2 if self.dialect == "v1" else self.v1 if self.dialect == "v2" else ()


def decide_dialect(request: dict) -> Decision:
    """The dialect most of the spec's telling top-level keys (V1_ONLY, V2_ONLY) belong to."""
    _, v1, v2 = detect_dialect(request)
    dialect: Dialect | None = "v1" if len(v1) > len(v2) else "v2" if len(v2) > len(v1) else None
    return Decision(dialect, tuple(v1), tuple(v2))


def _where(path: Path) -> str:
    return f"under {'.'.join(path[:-1])}" if len(path) > 1 else "at the top level"


def _names(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]


def _put_phrase(homes: dict[str, Path | None]) -> str:
    """ ": put CompletionCriteria and Mode under X, SecurityConfig at the top level" for members whose
    home is known (None: no counterpart), grouped by where they go."""
    groups: dict[str, list[str]] = {}
    lost = []
    for member, path in homes.items():
        if path is None:
            lost.append(member)
        elif path[0] == CHANNELS["v1"]:
            groups.setdefault("on each InputDataConfig channel", []).append(member)
        else:
            groups.setdefault(_where(path), []).append(member)
    out = ", ".join(f"{_names(names)} {where}" for where, names in groups.items())
    out = f": put {out}" if out else ""
    if lost:
        out += f"{'; ' if out else ': '}{_names(lost)} {'has' if len(lost) == 1 else 'have'} no counterpart"
    return out


def stray_home(dialect: str, key: str, value: Any) -> str:
    """Where the other dialect's top-level ``key`` belongs in a ``dialect`` request (AML008's message),
    from the MOVES table: "ProblemType belongs under AutoMLProblemTypeConfig.TabularJobConfig in a
    CreateAutoMLJobV2 request"."""
    api = f"a {API_NAMES[dialect]} request"
    members = [str(m) for m in value] if isinstance(value, dict) else []
    if dialect == "v2":
        return _v1_key_in_v2(key, members, api)
    if key == CHANNELS["v2"]:
        return f"{CHANNELS['v2']} is called InputDataConfig in {api}, with TargetAttributeName on each channel"
    if (key,) in V1_HOME:
        return f"{key} belongs {_where(V1_HOME[(key,)])} in {api}"
    if key == TABULAR_CONFIG[0] and members:
        return _problem_type_config_in_v1(key, value, members, api)
    return f"{key} does not exist in {api}; remove it, or write the spec as a CreateAutoMLJobV2 request"


def _v1_key_in_v2(key: str, members: list[str], api: str) -> str:
    if key == CHANNELS["v1"]:
        return (
            f"InputDataConfig is called {CHANNELS['v2']} in {api}, whose TargetAttributeName belongs"
            f" under {'.'.join(TABULAR_CONFIG)}"
        )
    if (key,) in V2_HOME:
        return f"{key} belongs {_where(V2_HOME[(key,)])} in {api}"
    homes = members or [m.v1[1] for m in MOVES if m.v1[0] == key and len(m.v1) == 2]
    return f"{key} does not exist in {api}" + _put_phrase({m: V2_HOME.get((key, m)) for m in homes})


def _problem_type_config_in_v1(key: str, value: dict, members: list[str], api: str) -> str:
    """A V2 AutoMLProblemTypeConfig in a V1 spec: its tabular fields' V1 homes, or the kinds V1 lacks."""
    others = [m for m in members if m != TABULAR]
    if others:
        named = ", ".join(f"{m} ({KIND_LABELS[m]})" if m in KIND_LABELS else m for m in others)
        return f"{key} names {named}, which {api} cannot express: it is for tabular jobs only"
    tabular = value.get(TABULAR)
    fields = [str(m) for m in tabular] if isinstance(tabular, dict) else []
    channel = (CHANNELS["v1"], "[]", "")  # "on each channel": a per-job field V1 keeps per channel
    placed = {m: channel if m in PER_JOB_CHANNEL_FIELDS else V1_HOME.get((*TABULAR_CONFIG, m)) for m in fields}
    return f"{key} does not exist in {api}" + _put_phrase(placed)


# ----- the move table -------------------------------------------------------------------------------

TABULAR_CONFIG: Path = ("AutoMLProblemTypeConfig", TABULAR)
CHANNELS = {"v1": "InputDataConfig", "v2": "AutoMLJobInputDataConfig"}
# Channel fields that V1 sets on every channel and V2 once per job, in TabularJobConfig.
PER_JOB_CHANNEL_FIELDS = ("TargetAttributeName", "SampleWeightAttributeName")


class Move(NamedTuple):  # a NamedTuple: built several times faster than a dataclass, on every start
    """A field at ``v1`` in a CreateAutoMLJob request is the field at ``v2`` in CreateAutoMLJobV2."""

    v1: Path
    v2: Path


MOVES = (
    Move(("ProblemType",), (*TABULAR_CONFIG, "ProblemType")),
    Move(("GenerateCandidateDefinitionsOnly",), (*TABULAR_CONFIG, "GenerateCandidateDefinitionsOnly")),
    Move(("AutoMLJobConfig", "CompletionCriteria"), (*TABULAR_CONFIG, "CompletionCriteria")),
    Move(("AutoMLJobConfig", "Mode"), (*TABULAR_CONFIG, "Mode")),
    # A move inside another one's field: taken out first; the rest moves when anything is left.
    Move(
        ("AutoMLJobConfig", "CandidateGenerationConfig", "FeatureSpecificationS3Uri"),
        (*TABULAR_CONFIG, "FeatureSpecificationS3Uri"),
    ),
    Move(("AutoMLJobConfig", "CandidateGenerationConfig"), (*TABULAR_CONFIG, "CandidateGenerationConfig")),
    Move(("AutoMLJobConfig", "SecurityConfig"), ("SecurityConfig",)),
    Move(("AutoMLJobConfig", "DataSplitConfig"), ("DataSplitConfig",)),
)
V2_HOME: dict[Path, Path] = {m.v1: m.v2 for m in MOVES}  # V1 path -> where V2 keeps it
V1_HOME: dict[Path, Path] = {m.v2: m.v1 for m in MOVES}  # V2 path -> where V1 keeps it
# V1 mappings that hold moved fields (AutoMLJobConfig, its CandidateGenerationConfig).
_V1_HOLDERS = frozenset(m.v1[:i] for m in MOVES for i in range(1, len(m.v1)))


def home(dialect: str, v2_path: Path) -> Path:
    """Where ``dialect`` keeps the field that CreateAutoMLJobV2 keeps at ``v2_path``."""
    return V1_HOME.get(v2_path, v2_path) if dialect == "v1" else v2_path


# ----- conversion -----------------------------------------------------------------------------------


def _mapping(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ConversionError(f"{path} must be a mapping to be converted")
    return value


def _common(channels: list[dict], field: str) -> Any:
    """The one value of a per-channel field that V2 keeps per job; None when no channel sets it."""
    values = [c.get(field) for c in channels]
    if all(v is None for v in values):
        return None
    if any(v is None for v in values) or len({json.dumps(v) for v in values}) != 1:
        where = ", ".join(f"InputDataConfig[{i}]: {v!r}" for i, v in enumerate(values))
        raise ConversionError(
            f"CreateAutoMLJobV2 has one {field} for the job, but the channels disagree ({where});"
            f" set the same {field} on every channel"
        )
    return values[0]


def _place(tree: dict, path: Path, value: Any) -> None:
    """Set ``path`` in ``tree``; a mapping a deeper move already started there keeps what it holds."""
    placed = get(tree, path, dict)
    put(tree, path, {**value, **placed} if placed is not None and isinstance(value, dict) else value)


def _from_v1(path: Path, value: Any, out: dict) -> None:
    """Move the V1 field at ``path`` (and the moved fields it holds) into the V2 request ``out``."""
    target = V2_HOME.get(path)
    if path not in _V1_HOLDERS:
        assert target is not None  # only moved fields and their holders get here
        _place(out, target, copy.deepcopy(value))
        return
    holder = _mapping(value, ".".join(path))
    rest: dict = {}
    for key, item in holder.items():
        child = (*path, key)
        if child in V2_HOME or child in _V1_HOLDERS:
            _from_v1(child, item, out)
        elif target is not None:
            rest[key] = copy.deepcopy(item)
        else:
            raise ConversionError(f"{'.'.join(child)} has no CreateAutoMLJobV2 counterpart")
    if target is not None and (rest or not holder):
        _place(out, target, rest)


def v1_to_v2(request: dict) -> dict:
    """A CreateAutoMLJob request (or spec) as the CreateAutoMLJobV2 request AWS's migration guide gives."""
    out: dict = {}
    channels = request.get(CHANNELS["v1"])
    channel_list = (
        [_mapping(c, f"InputDataConfig[{i}]") for i, c in enumerate(channels)] if isinstance(channels, list) else []
    )
    for key, value in request.items():
        if key == CHANNELS["v1"]:
            if not isinstance(value, list):
                raise ConversionError("InputDataConfig must be a list to be converted")
            out[CHANNELS["v2"]] = [
                {k: copy.deepcopy(v) for k, v in c.items() if k not in PER_JOB_CHANNEL_FIELDS} for c in channel_list
            ]
        elif (key,) in V2_HOME or (key,) in _V1_HOLDERS:
            _from_v1((key,), value, out)
        else:
            out[key] = copy.deepcopy(value)
    tabular = out.setdefault(TABULAR_CONFIG[0], {}).setdefault(TABULAR, {})
    for field in PER_JOB_CHANNEL_FIELDS:
        common = _common(channel_list, field)
        if common is not None:
            tabular[field] = copy.deepcopy(common)
    return out


def v2_to_v1(request: dict) -> dict:
    """The inverse of ``v1_to_v2``, for tabular jobs; anything V1 cannot express is a ConversionError."""
    tabular = _v1_tabular(request)
    out: dict = {}
    for key, value in request.items():
        if key == CHANNELS["v2"]:
            out[CHANNELS["v1"]] = _v1_channels(value, tabular)
        elif key == TABULAR_CONFIG[0]:
            _place_tabular(tabular, out)
        elif (key,) in V1_HOME:
            _place(out, V1_HOME[(key,)], copy.deepcopy(value))
        else:
            out[key] = copy.deepcopy(value)
    return out


def _v1_tabular(request: dict) -> dict:
    """The V2 request's TabularJobConfig; a ConversionError for what V1 cannot express."""
    problem = _mapping(request.get(TABULAR_CONFIG[0], {}), TABULAR_CONFIG[0])
    kinds = list(problem)
    if kinds != [TABULAR]:
        named = ", ".join(f"{KIND_LABELS.get(k, k)} ({k})" for k in kinds) or "no problem type"
        raise ConversionError(
            f"CreateAutoMLJob (V1) can express tabular jobs only; this spec is {named}. Compile it with --api v2"
        )
    if "AutoMLComputeConfig" in request:
        raise ConversionError(
            "AutoMLComputeConfig (EMR Serverless compute) exists in CreateAutoMLJobV2 only;"
            " remove it or compile with --api v2"
        )
    return _mapping(problem[TABULAR], ".".join(TABULAR_CONFIG))


def _v1_channels(value: Any, tabular: dict) -> list[dict]:
    """V2's channels as V1's: each with the job's target and sample-weight column."""
    if not isinstance(value, list):
        raise ConversionError("AutoMLJobInputDataConfig must be a list to be converted")
    channels = []
    for index, channel in enumerate(value):
        converted = copy.deepcopy(_mapping(channel, f"AutoMLJobInputDataConfig[{index}]"))
        for field in PER_JOB_CHANNEL_FIELDS:
            if field in tabular:
                converted[field] = copy.deepcopy(tabular[field])
        channels.append(converted)
    return channels


def _place_tabular(tabular: dict, out: dict) -> None:
    """TabularJobConfig's fields in their V1 homes (the per-job channel fields went to the channels)."""
    for sub, item in tabular.items():
        target = V1_HOME.get((*TABULAR_CONFIG, sub))
        if target is not None:
            if target in _V1_HOLDERS:
                _mapping(item, f"{TABULAR}.{sub}")
            _place(out, target, copy.deepcopy(item))
        elif sub not in PER_JOB_CHANNEL_FIELDS:
            raise ConversionError(f"{TABULAR}.{sub} has no CreateAutoMLJob (V1) counterpart")


def convert(request: dict, dialect: str, api: str) -> dict:
    """``request`` (a ``dialect`` request) as an ``api`` request; the same request when they agree."""
    if api == dialect:
        return request
    return v1_to_v2(request) if api == "v2" else v2_to_v1(request)
