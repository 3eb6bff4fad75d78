"""The candidate leaderboard of one job: ListCandidatesForAutoMLJob rows, best first (pure).

``leaderboard(raw_candidates)`` turns the API's candidates (botocore's dicts, times as datetimes) into
frozen ``Candidate`` rows sorted in the objective's direction; ``views.candidates`` prints them.
Fetching the pages is ``aws.sagemaker.SageMaker.candidates``; drawing them over time is ``plot``.

The direction of a candidate's objective is the API's own ``FinalAutoMLJobObjectiveMetric.Type``
(``Maximize`` | ``Minimize``); only where a response lacks it does the documented table in ``facts``
decide (``facts.objective_direction``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..facts import MAXIMIZE, MINIMIZE, objective_direction

# CandidateStepType values, shortened for the table (AutoMLCandidateStep in the API reference).
_STEP_LABELS = {
    "AWS::SageMaker::ProcessingJob": "processing",
    "AWS::SageMaker::TrainingJob": "training",
    "AWS::SageMaker::TransformJob": "transform",
}
# InferenceContainerDefinitions (image and text classification, V2) is keyed by processing unit; the
# CPU containers are the ones a default endpoint runs.
_PROCESSING_UNITS = ("CPU", "GPU")


@dataclass(frozen=True)
class Step:
    type: str  # AWS::SageMaker::TrainingJob ...
    name: str

    @property
    def label(self) -> str:
        return _STEP_LABELS.get(self.type, self.type.rsplit("::", 1)[-1])


@dataclass(frozen=True)
class Candidate:
    """One row of the leaderboard, in the API's terms."""

    name: str
    status: str  # CandidateStatus
    objective_status: str  # ObjectiveStatus: Succeeded | Pending | Failed
    metric: str | None
    value: float | None
    direction: str  # Maximize | Minimize
    steps: tuple[Step, ...]
    algorithms: tuple[str, ...]  # one per inference container, e.g. ("sklearn-automl", "xgboost", ...)
    created: datetime | None
    ended: datetime | None
    failure_reason: str | None
    rank: int | None = None  # 1 = best; None for candidates without an objective value

    @property
    def training_seconds(self) -> float | None:
        """CreationTime to EndTime: how long the candidate took (None while it runs)."""
        if self.created is None or self.ended is None:
            return None
        return max(0.0, (self.ended - self.created).total_seconds())


def algorithm_name(image: str) -> str:
    """The algorithm an inference container runs, from its image URI:
    ``.../sagemaker-xgboost:1.3-1-cpu-py3`` -> ``xgboost``; ``.../autogluon-inference:0.4`` ->
    ``autogluon-inference``."""
    repository = image.rsplit("/", 1)[-1].split("@", 1)[0].split(":", 1)[0]
    return repository.removeprefix("sagemaker-") or image


def _containers(raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    containers = raw.get("InferenceContainers")
    if isinstance(containers, list) and containers:
        return [c for c in containers if isinstance(c, Mapping)]
    definitions = raw.get("InferenceContainerDefinitions")
    if isinstance(definitions, Mapping) and definitions:
        unit = next((u for u in _PROCESSING_UNITS if u in definitions), next(iter(definitions)))
        chosen = definitions[unit]
        if isinstance(chosen, list):
            return [c for c in chosen if isinstance(c, Mapping)]
    return []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits in the JSON: no float holds it
        return None
    return number if math.isfinite(number) else None


def candidate(raw: Mapping[str, Any], default_metric: str | None = None) -> Candidate:
    """One AutoMLCandidate (ListCandidatesForAutoMLJob, or DescribeAutoMLJobV2's BestCandidate)."""
    objective = raw.get("FinalAutoMLJobObjectiveMetric")
    objective = objective if isinstance(objective, Mapping) else {}
    metric = objective.get("MetricName") or default_metric
    kind = objective.get("Type")
    direction = kind if kind in (MAXIMIZE, MINIMIZE) else objective_direction(metric)
    steps = tuple(
        Step(str(s.get("CandidateStepType", "")), str(s.get("CandidateStepName", "")))
        for s in raw.get("CandidateSteps") or ()
        if isinstance(s, Mapping)
    )
    algorithms = tuple(algorithm_name(str(c.get("Image", ""))) for c in _containers(raw) if c.get("Image"))
    return Candidate(
        name=str(raw.get("CandidateName", "")),
        status=str(raw.get("CandidateStatus", "")),
        objective_status=str(raw.get("ObjectiveStatus", "")),
        metric=str(metric) if metric else None,
        value=_number(objective.get("Value")),
        direction=direction,
        steps=steps,
        algorithms=algorithms,
        created=raw.get("CreationTime") if isinstance(raw.get("CreationTime"), datetime) else None,
        ended=raw.get("EndTime") if isinstance(raw.get("EndTime"), datetime) else None,
        failure_reason=str(raw["FailureReason"]) if raw.get("FailureReason") else None,
    )


def leaderboard(raw_candidates: Iterable[Mapping[str, Any]], top: int | None = None) -> list[Candidate]:
    """Candidates with an objective value, best first in the objective's direction (ties: the earlier
    candidate first), ranked 1..n; then the ones without a value (pending, failed), oldest first.
    ``top`` keeps the first ``top`` rows."""
    rows = [candidate(raw) for raw in raw_candidates]
    epoch = datetime.min

    def created(c: Candidate) -> tuple[float, str]:
        moment = c.created.replace(tzinfo=None) if c.created else epoch
        return (moment - epoch).total_seconds(), c.name

    scored: list[tuple[float, Candidate]] = []
    unscored: list[Candidate] = []
    for c in rows:
        if c.value is not None and c.objective_status != "Failed":
            scored.append((c.value, c))
        else:
            unscored.append(c)
    scored.sort(key=lambda pair: (-pair[0] if pair[1].direction == MAXIMIZE else pair[0], *created(pair[1])))
    unscored.sort(key=created)
    ranked = [_with_rank(c, i) for i, (_, c) in enumerate(scored, 1)] + unscored
    return ranked[:top] if top is not None else ranked


def _with_rank(c: Candidate, rank: int) -> Candidate:
    from dataclasses import replace

    return replace(c, rank=rank)
