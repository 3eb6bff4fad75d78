"""`automlspec candidates`: a job's leaderboard as a table (text), JSON or CSV (docs/results.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..facts import MAXIMIZE, MINIMIZE
from ..jobs.leaderboard import Candidate
from ..terminal import escape, json_dumps


def duration(seconds: float | None) -> str:
    """``3h 04m``, ``12m 05s``, ``9s``; ``-`` when unknown."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:
        days, hours = divmod(hours, 24)
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def value_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# The text table shows the algorithm steps as the inference pipeline's containers (what the model runs);
# the CandidateSteps (processing, training, transform jobs) are in --format json and csv.
COLUMNS = ("rank", "candidate", "status", "objective", "algorithm steps", "training time")


def table_rows(rows: Sequence[Candidate]) -> list[tuple[str, ...]]:
    return [
        (
            str(c.rank) if c.rank else "-",
            c.name,
            c.status
            if c.objective_status in ("Succeeded", "") or c.objective_status.lower() == c.status.lower()
            else f"{c.status} ({c.objective_status.lower()})",
            f"{c.metric or '?'} {value_text(c.value)}" if c.value is not None else "-",
            " > ".join(c.algorithms) or " > ".join(s.label for s in c.steps) or "-",
            duration(c.training_seconds),
        )
        for c in rows
    ]


def failures(rows: Sequence[Candidate]) -> list[str]:
    """One line per failed candidate with its FailureReason, printed under the table."""
    return [f"{c.name}: {c.failure_reason}" for c in rows if c.failure_reason]


def heading(job_name: str, rows: Sequence[Candidate], total: int) -> str:
    metric = next((c.metric for c in rows if c.metric), None)
    direction = next((c.direction for c in rows if c.metric), None)
    better = {MAXIMIZE: "higher is better", MINIMIZE: "lower is better"}.get(direction or "", "")
    shown = f"top {len(rows)} of {total}" if len(rows) < total else f"{total}"
    objective = f"; objective {metric}, {better}" if metric else ""
    return f"{job_name}: {shown} candidate{'s' * (total != 1)}{objective}"


def as_json(job_name: str, rows: Sequence[Candidate], total: int) -> dict[str, Any]:
    return {
        "job": job_name,
        "total": total,
        "candidates": [
            {
                "rank": c.rank,
                "name": c.name,
                "status": c.status,
                "objective_status": c.objective_status,
                "metric": c.metric,
                "value": c.value,
                "direction": c.direction,
                "algorithms": list(c.algorithms),
                "steps": [{"type": s.type, "name": s.name} for s in c.steps],
                "created": iso(c.created),
                "ended": iso(c.ended),
                "training_seconds": c.training_seconds,
                "failure_reason": c.failure_reason,
            }
            for c in rows
        ],
    }


def render_json(job_name: str, rows: Sequence[Candidate], total: int) -> str:
    return json_dumps(as_json(job_name, rows, total), indent=2) + "\n"


CSV_COLUMNS = (
    "rank",
    "name",
    "status",
    "objective_status",
    "metric",
    "value",
    "direction",
    "algorithms",
    "steps",
    "created",
    "ended",
    "training_seconds",
    "failure_reason",
)


def render_csv(rows: Sequence[Candidate]) -> str:
    """RFC 4180 CSV with a header row; lists are joined with `` > `` (pipeline order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in rows:
        writer.writerow(
            (
                c.rank or "",
                # every string came from AWS: no control character or line break reaches a terminal or a
                # CI log (a newline in a name could start a forged ::error line)
                escape(c.name),
                escape(c.status),
                escape(c.objective_status),
                escape(c.metric or ""),
                "" if c.value is None else repr(c.value),
                escape(c.direction),
                escape(" > ".join(c.algorithms)),
                escape(" > ".join(s.name for s in c.steps)),
                iso(c.created) or "",
                iso(c.ended) or "",
                "" if c.training_seconds is None else f"{c.training_seconds:g}",
                escape(c.failure_reason or ""),
            )
        )
    return out.getvalue()


def _text(board) -> None:
    import sys

    from .tables import render

    shown = board.candidates
    render(heading(board.job, shown, board.total), COLUMNS, table_rows(shown), sys.stdout, footer=failures(shown))


def _json(board) -> None:
    from .console import write

    write(render_json(board.job, board.candidates, board.total))


def _csv(board) -> None:
    from .console import write

    write(render_csv(board.candidates))


#: `candidates --format`: the one list of its formats (the CLI's choices are built from it).
FORMATS = {"text": _text, "json": _json, "csv": _csv}


def show(board, output_format: str = "text") -> None:
    """Print a ``commands.candidates.Board``, and where --plot wrote its drawing."""
    from .console import note

    FORMATS[output_format](board)
    if board.plot is not None:
        note(f"wrote {board.plot}")
