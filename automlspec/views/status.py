"""`automlspec status`: one row per spec's job, as a table (text) or JSON (the keys are documented in README)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..jobs.status import NOT_CREATED, JobStatus
from ..terminal import json_dumps
from .candidates import duration, iso, value_text
from .tables import Narrow, render

COLUMNS = ("spec", "job", "status", "secondary", "elapsed", "remaining", "result")
#: On a narrow terminal only the result wraps (down to 20 cells); if that is not enough, the result, then AWS's
#: secondary status, move under the table, one line a job. A spec path or a job name never wraps (issue 21:
#: `specs/churn-bina` / `ry-v1.yaml` at 100 columns, `many-job-0` / `1` at 80).
NARROW = Narrow({"result": 20}, below=("result", "secondary"), label="job")


def _result(row: JobStatus) -> str:
    if row.error:
        return f"error: {row.error}"
    if row.status == NOT_CREATED:
        return "no such job in this account and region (not applied yet?)"
    if row.failure_reason:
        return row.failure_reason
    if row.best_candidate:
        metric = f"{row.objective_metric} {value_text(row.objective_value)}" if row.objective_metric else ""
        return f"best {row.best_candidate}" + (f" ({metric})" if metric else "")
    return ""


def table_rows(rows: Sequence[JobStatus]) -> list[tuple[str, ...]]:
    return [
        (
            row.file or "-",
            row.job,
            row.status or "?",
            row.secondary_status or "-",
            duration(row.elapsed_seconds),
            duration(row.remaining_seconds) if row.remaining_seconds is not None else "-",
            _result(row),
        )
        for row in rows
    ]


def summary(rows: Sequence[JobStatus]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        key = "error" if row.error else (row.status or "?")
        counts[key] = counts.get(key, 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return f"{len(rows)} job{'s' * (len(rows) != 1)}: {parts}" if rows else "no specs"


def render_text(rows: Sequence[JobStatus], stream: TextIO, rich: bool | None = None) -> None:
    render("automlspec status", COLUMNS, table_rows(rows), stream, rich, footer=(summary(rows),), narrow=NARROW)


def as_json(rows: Sequence[JobStatus]) -> list[dict[str, Any]]:
    return [
        {
            "file": row.file,
            "job": row.job,
            "status": row.status,
            "secondary_status": row.secondary_status,
            "created": iso(row.created),
            "ended": iso(row.ended),
            "elapsed_seconds": row.elapsed_seconds,
            "max_runtime_seconds": row.max_runtime_seconds,
            "remaining_seconds": row.remaining_seconds,
            "failure_reason": row.failure_reason,
            "best_candidate": (
                {"name": row.best_candidate, "metric": row.objective_metric, "value": row.objective_value}
                if row.best_candidate
                else None
            ),
            "error": row.error,
        }
        for row in rows
    ]


def render_json(rows: Sequence[JobStatus]) -> str:
    return json_dumps(as_json(rows), indent=2) + "\n"


def _text(rows: Sequence[JobStatus]) -> None:
    import sys

    render_text(rows, sys.stdout)


def _json(rows: Sequence[JobStatus]) -> None:
    from .console import write

    write(render_json(rows))


#: `status --format`: the one list of its formats (the CLI's choices are built from it).
FORMATS = {"text": _text, "json": _json}


def show(statuses, output_format: str = "text") -> None:
    """Print a ``commands.status.Statuses``: the specs that could not be looked up, then the rows (or the
    error that stopped the lookups)."""
    from .console import error

    for problem in statuses.unreadable:
        error(problem)
    if statuses.error is not None:
        error(str(statuses.error))
        return
    FORMATS[output_format](statuses.rows)
