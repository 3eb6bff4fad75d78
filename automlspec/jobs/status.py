"""How a spec's live job is doing: one DescribeAutoMLJobV2 answer -> one ``JobStatus`` row (pure).

``job_status(name, describe, now, spec_criteria)`` computes elapsed and remaining time against the
completion criteria, picks the failure reason and the best candidate; ``views.status`` prints rows.
Fetching is the command's business (bounded parallel DescribeAutoMLJobV2 calls,
``aws.sagemaker``); nothing here talks to AWS.

Times:

- elapsed: CreationTime to now while the job runs (InProgress, Stopping), else to EndTime (or
  LastModifiedTime when AWS gives no EndTime);
- remaining: ``MaxAutoMLJobRuntimeInSeconds`` minus elapsed, while the job runs. The limit is the live
  job's own CompletionCriteria (as created), else the one AWS inferred (ResolvedAttributes, documented
  as "If you do not provide these values, they are inferred"), else the spec's.
  https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoMLJobCompletionCriteria.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .lifecycle import COMPLETED, FAILED, RUNNING

NOT_CREATED = "NotCreated"  # our word, not AWS's: DescribeAutoMLJobV2 said ResourceNotFound
RUNTIME = "MaxAutoMLJobRuntimeInSeconds"


@dataclass(frozen=True)
class JobStatus:
    """One spec document's job, as `status` prints it (the JSON keys are documented in README)."""

    job: str
    file: str | None = None
    status: str | None = None  # AutoMLJobStatus, NOT_CREATED, or None when the call failed (error says why)
    secondary_status: str | None = None
    created: datetime | None = None
    ended: datetime | None = None
    elapsed_seconds: float | None = None
    max_runtime_seconds: int | None = None
    remaining_seconds: float | None = None
    failure_reason: str | None = None
    best_candidate: str | None = None
    objective_metric: str | None = None
    objective_value: float | None = None
    error: str | None = None


def criteria_of(request: Mapping[str, Any]) -> Mapping[str, Any]:
    """The CompletionCriteria of a request or Describe answer, V1 (AutoMLJobConfig) or V2 (problem
    type config); {} when there is none."""
    found: Any = None
    config = request.get("AutoMLJobConfig")
    if isinstance(config, Mapping):
        found = config.get("CompletionCriteria")
    problem = request.get("AutoMLProblemTypeConfig")
    if found is None and isinstance(problem, Mapping):
        for member in problem.values():
            if isinstance(member, Mapping) and isinstance(member.get("CompletionCriteria"), Mapping):
                found = member["CompletionCriteria"]
                break
    return found if isinstance(found, Mapping) else {}


def _runtime_limit(describe: Mapping[str, Any], spec_criteria: Mapping[str, Any] | None) -> int | None:
    resolved = describe.get("ResolvedAttributes")
    resolved_criteria = resolved.get("CompletionCriteria") if isinstance(resolved, Mapping) else None
    for criteria in (criteria_of(describe), resolved_criteria, spec_criteria):
        if isinstance(criteria, Mapping):
            value = criteria.get(RUNTIME)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
    return None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    if (start.tzinfo is None) != (end.tzinfo is None):
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return max(0.0, (end - start).total_seconds())


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True)
class Best:
    """A job's BestCandidate as Describe gave it: its name, and its objective if AWS reported one."""

    name: Any  # CandidateName, as given (None when absent)
    objective: Mapping[str, Any] | None  # FinalAutoMLJobObjectiveMetric; None when absent or empty

    @property
    def metric(self) -> str | None:
        metric = (self.objective or {}).get("MetricName")
        return str(metric) if metric else None

    @property
    def value(self) -> float | None:
        value = (self.objective or {}).get("Value")
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def best_of(describe: Mapping[str, Any]) -> Best | None:
    """The BestCandidate of a Describe answer (the one place it is read); None when there is none."""
    best = describe.get("BestCandidate")
    if not isinstance(best, Mapping) or not best:
        return None
    objective = best.get("FinalAutoMLJobObjectiveMetric")
    return Best(best.get("CandidateName"), objective if isinstance(objective, Mapping) and objective else None)


def _remaining(running: bool, limit: int | None, elapsed: float | None) -> float | None:
    return max(0.0, limit - elapsed) if running and limit is not None and elapsed is not None else None


def job_status(
    job: str,
    describe: Mapping[str, Any] | None,
    now: datetime,
    spec_criteria: Mapping[str, Any] | None = None,
    file: str | None = None,
) -> JobStatus:
    """The row for one job; ``describe`` None means the job does not exist (ResourceNotFound)."""
    if describe is None:
        return JobStatus(job=job, file=file, status=NOT_CREATED)
    status = str(describe.get("AutoMLJobStatus") or "")
    created = _time(describe.get("CreationTime"))
    ended = _time(describe.get("EndTime"))
    running = status in RUNNING
    # moto sets EndTime at creation (reference D1); AWS sets it when the job ends. A running job has
    # not ended, whatever the field says.
    until = now if running else (ended or _time(describe.get("LastModifiedTime")))
    elapsed = _seconds(created, until)
    limit = _runtime_limit(describe, spec_criteria)
    return JobStatus(
        job=job,
        file=file,
        status=status or None,
        secondary_status=str(describe.get("AutoMLJobSecondaryStatus") or "") or None,
        created=created,
        ended=None if running else ended,
        elapsed_seconds=elapsed,
        max_runtime_seconds=limit,
        remaining_seconds=_remaining(running, limit, elapsed),
        failure_reason=(str(describe.get("FailureReason") or "") or None) if status == FAILED else None,
        **_best_fields(best_of(describe) if status == COMPLETED else None),
    )


def _best_fields(best: Best | None) -> dict[str, Any]:
    """A completed job's best candidate, as JobStatus's fields."""
    if best is None:
        return {}
    return {
        "best_candidate": str(best.name) if best.name else None,
        "objective_metric": best.metric,
        "objective_value": best.value,
    }


def failed_call(job: str, error: str, file: str | None = None) -> JobStatus:
    """The row for a job whose DescribeAutoMLJobV2 call failed (access denied, throttled...)."""
    return JobStatus(job=job, file=file, error=error)
