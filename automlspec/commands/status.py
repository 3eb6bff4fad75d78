"""`automlspec status`: the live job of each spec, one row each (docs/results.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import AutomlspecError, ExitCode
from ..progress import QUIET, Progress


@dataclass
class Statuses:
    rows: list = field(default_factory=list)  # jobs.status.JobStatus, in spec order
    unreadable: list[str] = field(default_factory=list)  # specs that name no job to look up, paths that failed
    error: AutomlspecError | None = None  # what stopped the lookups (no credentials, ...)

    @property
    def exit_code(self) -> ExitCode:
        if self.error is not None:
            return self.error.exit_code
        if self.unreadable:
            return ExitCode.USAGE
        return ExitCode.FAILURE if any(row.error for row in self.rows) else ExitCode.OK


def run(
    paths: list[str],
    region: str | None = None,
    profile: str | None = None,
    parallel: int = 8,
    notice: Callable[[str], None] | None = None,
    progress: Progress = QUIET,
) -> Statuses:
    """``notice`` hears of every wait on a throttled AWS call (the command's progress line); ``progress``
    of the phases while AWS answers (``progress.Progress``)."""
    from ..results import spec_jobs, statuses

    reading = progress.phase("reading the specs")
    try:
        jobs, unreadable = spec_jobs(paths, region, profile)
    finally:
        reading.done()
    try:
        return Statuses(statuses(jobs, parallel=parallel, notice=notice, progress=progress), unreadable)
    except AutomlspecError as exc:
        return Statuses([], unreadable, exc)
