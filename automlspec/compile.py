"""Spec -> the exact CreateAutoMLJob / CreateAutoMLJobV2 request, as JSON for ``--cli-input-json``.

Pure, and below lint: ``to_request`` (convert between dialects with ``dialects.convert``, then put keys in
the botocore model's member order) and ``dumps`` (indent 2, one trailing newline): the same spec always
gives the same bytes, whatever order its keys were written in. Map keys (Filling, Aggregation,
TextGenerationHyperParameters) keep the order of the spec, because they are names the user chose.
The command's pipeline (read, lint, resolve, compile, lint the converted request) is ``project``.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from . import model
from .dialects import convert
from .errors import ConversionError
from .paths import walk
from .terminal import json_dumps

# ----- key order ------------------------------------------------------------------------------------


def canonical(value: Any, shape_name: str, *, drop_unknown: bool = False) -> Any:
    """A deep copy of ``value`` with every structure's keys in the model's member order.

    Keys the model does not give the shape (there are none in a spec that lints clean) follow, in spec
    order, or with ``drop_unknown`` are left out: what a DescribeAutoMLJobV2 answer holds beside its
    request (``live.request``)."""
    entry = model.shape(shape_name)
    kind = entry["type"]
    if kind == "structure" and isinstance(value, dict):
        members = entry["members"]
        out = {key: canonical(value[key], members[key], drop_unknown=drop_unknown) for key in members if key in value}
        if not drop_unknown:
            out.update((key, copy.deepcopy(item)) for key, item in value.items() if key not in members)
        return out
    if kind == "list" and isinstance(value, list):
        return [canonical(item, entry["member"], drop_unknown=drop_unknown) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: canonical(item, entry["value"], drop_unknown=drop_unknown) for key, item in value.items()}
    return copy.deepcopy(value)


def to_request(request: dict, dialect: str, api: str | None = None) -> dict:
    """The request for ``api`` (default: the spec's own dialect), keys in the model's member order."""
    api = api or dialect
    converted = convert(request, dialect, api)
    if (dialect, api) == ("v1", "v2"):
        metric = default_objective(converted)
        if metric is not None:
            converted = {**converted, "AutoMLJobObjective": {"MetricName": metric}}
    return canonical(converted, model.root_shape(api))


def default_objective(v2: dict) -> str | None:
    """The metric to fill when a V1 spec converted to V2 has ProblemType but no AutoMLJobObjective.

    V1 accepts that (AML204 warns), CreateAutoMLJobV2 documents "both or neither" (AML203): the
    conversion fills the problem type's documented default metric, the one `resolve` fills
    (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobObjective.html)."""
    from .facts import TABULAR_DEFAULTS

    if "AutoMLJobObjective" in v2:
        return None
    problem = v2.get("AutoMLProblemTypeConfig")
    tabular = problem.get("TabularJobConfig") if isinstance(problem, dict) else None
    problem_type = tabular.get("ProblemType") if isinstance(tabular, dict) else None
    return TABULAR_DEFAULTS.get(problem_type) if isinstance(problem_type, str) else None


def dumps(request: dict) -> str:
    """The request as JSON: indent 2, the given key order, UTF-8 text, one trailing newline."""
    for path, value in walk(request):
        if isinstance(value, float) and not math.isfinite(value):
            raise ConversionError(f"{path} is {value}, which JSON (and the API) cannot carry")
    return json_dumps(request, indent=2, allow_nan=False) + "\n"
