"""Spec -> the exact CreateAutoMLJob / CreateAutoMLJobV2 request, as JSON for ``--cli-input-json``.

The pure core is ``to_request`` (convert between dialects, then put keys in the botocore model's member
order) and ``dumps`` (indent 2, one trailing newline): the same spec always gives the same bytes, whatever
order its keys were written in. Map keys (Filling, Aggregation, TextGenerationHyperParameters) keep the
order of the spec, because they are names the user chose.

V1 -> V2 follows AWS's "Migrate a CreateAutoMLJob to CreateAutoMLJobV2" mapping (``MIGRATE_URL``):

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
channel). What V1 cannot express is a ``CompileError`` (exit 2): another problem type, AutoMLComputeConfig.

Round trips V1 -> V2 -> V1 and V2 -> V1 -> V2 of a tabular spec give back the same request, except for
empty mappings that carry nothing and have no counterpart: a V1 ``AutoMLJobConfig: {}``, and a V2
``CandidateGenerationConfig: {}`` next to a FeatureSpecificationS3Uri.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import model
from .findings import FieldPath

if TYPE_CHECKING:  # the pipeline's types; lint is imported only when a command runs
    from .config import Config
    from .lint import ConfigResolver, LintResult
    from .source import SourceDoc, SourceFile

MIGRATE_URL = (
    "https://docs.aws.amazon.com/sagemaker/latest/dg/"
    "autopilot-automate-model-development-create-experiment.html#autopilot-create-experiment-api-migrate-v1-v2"
)
API_NAMES = {"v1": "CreateAutoMLJob", "v2": "CreateAutoMLJobV2"}
CLI_COMMANDS = {"v1": "create-auto-ml-job", "v2": "create-auto-ml-job-v2"}
TABULAR = "TabularJobConfig"
# Channel fields that V2 keeps once per job, in TabularJobConfig.
PER_JOB_CHANNEL_FIELDS = ("TargetAttributeName", "SampleWeightAttributeName")
_TO_TABULAR = ("CompletionCriteria", "Mode")
_TO_TOP = ("SecurityConfig", "DataSplitConfig")
_FEATURE_SPEC = "FeatureSpecificationS3Uri"
_CANDIDATES = "CandidateGenerationConfig"


class CompileError(Exception):
    """The spec cannot be expressed as the requested API's request (a usage error: exit 2)."""


# ----- key order ------------------------------------------------------------------------------------


def canonical(value: Any, shape_name: str) -> Any:
    """A deep copy of ``value`` with every structure's keys in the model's member order.

    Keys the model does not know (there are none in a spec that lints clean) follow, in spec order."""
    entry = model.shape(shape_name)
    kind = entry["type"]
    if kind == "structure" and isinstance(value, dict):
        members = entry["members"]
        out = {key: canonical(value[key], members[key]) for key in members if key in value}
        out.update((key, copy.deepcopy(item)) for key, item in value.items() if key not in members)
        return out
    if kind == "list" and isinstance(value, list):
        return [canonical(item, entry["member"]) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: canonical(item, entry["value"]) for key, item in value.items()}
    return copy.deepcopy(value)


# ----- dialects -------------------------------------------------------------------------------------


def _mapping(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise CompileError(f"{path} must be a mapping to be converted")
    return value


def _common(channels: list[dict], field: str) -> Any:
    """The one value of a per-channel field that V2 keeps per job; None when no channel sets it."""
    values = [c.get(field) for c in channels]
    if all(v is None for v in values):
        return None
    if any(v is None for v in values) or len({json.dumps(v) for v in values}) != 1:
        where = ", ".join(f"InputDataConfig[{i}]: {v!r}" for i, v in enumerate(values))
        raise CompileError(
            f"CreateAutoMLJobV2 has one {field} for the job, but the channels disagree ({where});"
            f" set the same {field} on every channel"
        )
    return values[0]


def v1_to_v2(data: dict) -> dict:
    """A CreateAutoMLJob request (or spec) as the CreateAutoMLJobV2 request AWS's migration guide gives."""
    out: dict = {}
    tabular: dict = {}
    channels = data.get("InputDataConfig")
    channel_list = (
        [_mapping(c, f"InputDataConfig[{i}]") for i, c in enumerate(channels)] if isinstance(channels, list) else []
    )
    for key, value in data.items():
        if key == "InputDataConfig":
            if not isinstance(value, list):
                raise CompileError("InputDataConfig must be a list to be converted")
            out["AutoMLJobInputDataConfig"] = [
                {k: copy.deepcopy(v) for k, v in c.items() if k not in PER_JOB_CHANNEL_FIELDS} for c in channel_list
            ]
        elif key in ("ProblemType", "GenerateCandidateDefinitionsOnly"):
            tabular[key] = copy.deepcopy(value)
        elif key == "AutoMLJobConfig":
            for sub, item in _mapping(value, key).items():
                if sub in _TO_TOP:
                    out[sub] = copy.deepcopy(item)
                elif sub in _TO_TABULAR:
                    tabular[sub] = copy.deepcopy(item)
                elif sub == _CANDIDATES:
                    candidates = _mapping(item, f"AutoMLJobConfig.{sub}")
                    rest = {k: copy.deepcopy(v) for k, v in candidates.items() if k != _FEATURE_SPEC}
                    if _FEATURE_SPEC in candidates:
                        tabular[_FEATURE_SPEC] = candidates[_FEATURE_SPEC]
                    if rest or not candidates:
                        tabular[_CANDIDATES] = rest
                else:
                    raise CompileError(f"AutoMLJobConfig.{sub} has no CreateAutoMLJobV2 counterpart")
        else:
            out[key] = copy.deepcopy(value)
    for field in PER_JOB_CHANNEL_FIELDS:
        common = _common(channel_list, field)
        if common is not None:
            tabular[field] = copy.deepcopy(common)
    out["AutoMLProblemTypeConfig"] = {TABULAR: tabular}
    return out


def v2_to_v1(data: dict) -> dict:
    """The inverse of ``v1_to_v2``, for tabular jobs; anything V1 cannot express is a CompileError."""
    problem = _mapping(data.get("AutoMLProblemTypeConfig", {}), "AutoMLProblemTypeConfig")
    kinds = list(problem)
    if kinds != [TABULAR]:
        from .spec import KIND_LABELS

        named = ", ".join(f"{KIND_LABELS.get(k, k)} ({k})" for k in kinds) or "no problem type"
        raise CompileError(
            f"CreateAutoMLJob (V1) can express tabular jobs only; this spec is {named}. Compile it with --api v2"
        )
    if "AutoMLComputeConfig" in data:
        raise CompileError(
            "AutoMLComputeConfig (EMR Serverless compute) exists in CreateAutoMLJobV2 only;"
            " remove it or compile with --api v2"
        )
    tabular = _mapping(problem[TABULAR], "AutoMLProblemTypeConfig.TabularJobConfig")
    out: dict = {}
    job_config: dict = {}
    for key, value in data.items():
        if key == "AutoMLJobInputDataConfig":
            if not isinstance(value, list):
                raise CompileError("AutoMLJobInputDataConfig must be a list to be converted")
            channels = []
            for index, channel in enumerate(value):
                converted = copy.deepcopy(_mapping(channel, f"AutoMLJobInputDataConfig[{index}]"))
                for field in PER_JOB_CHANNEL_FIELDS:
                    if field in tabular:
                        converted[field] = copy.deepcopy(tabular[field])
                channels.append(converted)
            out["InputDataConfig"] = channels
        elif key == "AutoMLProblemTypeConfig":
            for sub, item in tabular.items():
                if sub in ("ProblemType", "GenerateCandidateDefinitionsOnly"):
                    out[sub] = copy.deepcopy(item)
                elif sub in _TO_TABULAR:
                    job_config[sub] = copy.deepcopy(item)
                elif sub == _CANDIDATES:
                    job_config[_CANDIDATES] = {
                        **copy.deepcopy(_mapping(item, f"TabularJobConfig.{sub}")),
                        **job_config.get(_CANDIDATES, {}),
                    }
                elif sub == _FEATURE_SPEC:
                    job_config.setdefault(_CANDIDATES, {})[_FEATURE_SPEC] = item
                elif sub not in PER_JOB_CHANNEL_FIELDS:
                    raise CompileError(f"TabularJobConfig.{sub} has no CreateAutoMLJob (V1) counterpart")
        elif key in _TO_TOP:
            job_config[key] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    if job_config:
        out["AutoMLJobConfig"] = job_config
    return out


def to_request(data: dict, dialect: str, api: str | None = None) -> dict:
    """The request for ``api`` (default: the spec's own dialect), keys in the model's member order."""
    api = api or dialect
    if api != dialect:
        data = v1_to_v2(data) if api == "v2" else v2_to_v1(data)
    return canonical(data, model.root_shape(api))


def dumps(request: dict) -> str:
    """The request as JSON: indent 2, the given key order, UTF-8 text, one trailing newline."""
    _finite(request, FieldPath())
    return json.dumps(request, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _finite(value: Any, path: FieldPath) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise CompileError(f"{path} is {value}, which JSON (and the API) cannot carry")
    if isinstance(value, dict):
        for key, item in value.items():
            _finite(item, path / key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _finite(item, path / index)


# ----- the command's pipeline (I/O at the edge) -----------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A spec file linted with its project configuration, ready to resolve or compile."""

    result: LintResult
    source: SourceFile
    config: Config

    @property
    def ok(self) -> bool:
        from .findings import Severity

        return not any(f.severity is Severity.ERROR for f in self.result.findings)


def check(path: Path, resolver: ConfigResolver) -> Checked:
    """Lint one named file the way `lint` does (a configuration's `exclude` does not skip it)."""
    from .lint import lint_file

    config = resolver.for_file(path)
    result, source = lint_file(path, config)
    return Checked(result, source, config)


def documents(checked: Checked, index: int | None) -> list[SourceDoc]:
    """The SourceDocs to work on: all of them (index None) or the 1-based ``index``."""
    docs = list(checked.source.docs)
    if index is None:
        return docs
    if not 1 <= index <= len(docs):
        raise CompileError(
            f"--document {index}: {checked.source.name} holds {len(docs)} document{'s' * (len(docs) != 1)}"
        )
    return [docs[index - 1]]


def compile_doc(doc: SourceDoc, config: Config, api: str | None, resolved: bool) -> tuple[dict, str]:
    """(request, api) for one SourceDoc: project-config defaults merged, documented defaults filled
    when ``resolved``, converted to ``api``, key order fixed, validated by the pydantic models."""
    from .request import problems
    from .resolve import resolve
    from .spec import detect_dialect

    dialect = detect_dialect(doc.data)[0]
    if dialect is None:  # lint has reported it; never reached for a spec that lints clean
        raise CompileError("cannot tell whether this is a CreateAutoMLJob or a CreateAutoMLJobV2 spec")
    filled = resolve(doc.data, dialect, config.defaults, documented=resolved)
    api = api or dialect
    request = to_request(filled.data, dialect, api)
    found = problems(request, api)
    if found:
        raise CompileError(f"the {API_NAMES[api]} request is not valid: " + "; ".join(found))
    return request, api


def lint_compiled(name: str, text: str, config: Config, api: str) -> LintResult:
    """Lint a request converted to the other API (it meets that API's rules for the first time).

    Findings point into the printed JSON; project-config defaults are already in it."""
    from .lint import LintResult, lint_text

    display = f"{name} (compiled to {API_NAMES[api]})"
    findings = lint_text(display, text, replace(config, defaults=None, findings=()))
    return LintResult(findings=findings, files=1, specs=1, texts={display: text})
