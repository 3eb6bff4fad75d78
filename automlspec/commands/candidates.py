"""`automlspec candidates`: a job's leaderboard (ListCandidatesForAutoMLJob), and --plot's drawing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ExitCode


@dataclass(frozen=True)
class Board:
    job: str
    candidates: list  # jobs.leaderboard.Candidate, best first (only the best --top)
    total: int  # every candidate of the job
    plot: Path | None = None  # the file --plot wrote

    exit_code = ExitCode.OK


def run(job: str, top: int | None = None, plot: Path | None = None, region: str | None = None, profile=None) -> Board:
    from ..aws import Target
    from ..results import leaderboard_of, write_plot

    board, total = leaderboard_of(job, Target(region, profile))
    written = write_plot(job, board, total, plot) if plot is not None else None  # the plot shows them all
    return Board(job, board[:top] if top else board, total, written)
