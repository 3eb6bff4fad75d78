"""`automlspec apply`: the plan, the question, a line per action as it is done, the summary, and with
--wait the created jobs until they end (a live table on a terminal, a line per change otherwise).

``Hooks`` is what ``commands.apply`` calls while it works; ``show`` prints how it ended.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..progress import QUIET, Phase, Progress
from . import console
from .console import escape


def outcome_text(job) -> str:
    """How a followed job ended (``plan.apply.Watched``): "<candidate>: <metric> = <value>" for a completed
    job, the failure reason for a failed one; "" while it runs."""
    from ..jobs import lifecycle

    if job.status == lifecycle.FAILED:
        return job.failure or "failed without a reason"
    if job.status != lifecycle.COMPLETED:
        return ""
    best = job.best
    if best is None:
        return "no best candidate reported"
    name = "?" if best.name is None else best.name
    if best.objective:
        return f"{name}: {best.objective.get('MetricName', '?')} = {best.objective.get('Value')}"
    return str(name)


class Hooks:
    """The view apply talks to while it works (``commands.apply.Hooks``)."""

    def __init__(self, color: str = "auto", verbose: bool = False, compact: bool = False, progress: Progress = QUIET):
        self.color = color
        self.colored = console.use_color(color, sys.stdout)
        self.verbose = verbose  # the plan: the unchanged jobs too, and every create's fields
        self.compact = compact  # the plan: a create on one line
        self._progress = progress  # views.progress.for_stderr(): the phases while AWS answers

    def phase(self, text: str) -> Phase:
        return self._progress.phase(text)

    def moved(self, directory: Path) -> None:
        console.note(f"applying from {directory}, where the plan was made")

    def progress(self, line: str) -> None:
        console.note(line)

    def planned(self, planned) -> None:
        from . import plan

        plan.planned(planned, self.color)
        if planned.built is not None:
            plan.render("text", planned.built.plan, sys.stdout, self.colored, self.verbose, self.compact)

    def confirm(self, accounts: list[str]) -> bool | None:
        """Ask; None when standard input is not a terminal (nobody to ask)."""
        if not sys.stdin.isatty():
            return None
        try:
            answer = input(f"Apply these changes to AWS account {', '.join(accounts)}? Only 'yes' is accepted: ")
        except (KeyboardInterrupt, EOFError):
            answer = ""
        return answer.strip() == "yes"

    def outcome(self, outcome) -> None:
        from ..plan.apply import DONE, MAYBE, NOT_DONE

        mark = {DONE: "ok", MAYBE: "UNKNOWN", NOT_DONE: "not done"}.get(outcome.result, "FAILED")
        console.line(f"{outcome.action.action} {escape(outcome.action.name)}: {mark}: {escape(outcome.message)}")

    def applied(self, applied) -> None:
        """Every action (``commands.apply.Applied``): what was never started or may have happened, the
        summary, then an error line for each failure and for the actions the account's changes stopped."""
        from ..plan.apply import FAILED, MAYBE, NOT_DONE, summary

        for outcome in applied.outcomes:
            what = f"{outcome.action.action} {escape(outcome.action.name)}"
            if outcome.result == MAYBE and applied.interrupted:
                console.line(f"{what}: {escape(outcome.message)}")
            if outcome.result == NOT_DONE and outcome not in applied.ran:  # never started (Ctrl-C)
                console.line(f"{what}: not done ({escape(outcome.message)})")
        console.line(summary(applied.outcomes, applied.interrupted))
        for outcome in applied.outcomes:
            if outcome.result == FAILED:
                console.error(f"{outcome.action.action} {outcome.action.name}: {outcome.message}")
        moved = applied.moved
        if moved:
            console.error(
                f"{len(moved)} action{'s' * (len(moved) != 1)} not done: the account changed since the plan was"
                " made; plan again"
            )

    def follow(self, watched: list, wait: Callable[[Callable[[list], None]], bool]) -> None:
        """Show the jobs while ``wait`` follows them: a live table on a terminal, one line per status
        change otherwise; then each job's best candidate (or failure)."""
        if self.colored:  # the live table is the feedback, with terraform's "Still creating..." under it
            finished = _live_table(watched, wait)
        else:
            waiting = self._progress.phase(f"still creating {_names(watched)}")
            try:
                finished = wait(_status_lines(waiting))
            finally:
                waiting.done()
        for job in watched:
            result = outcome_text(job)
            if result:
                console.line(f"{escape(job.name)}: {escape(job.status)}: {escape(result)}")
        if not finished:
            console.line("Stopped waiting (Ctrl-C); the jobs keep running: `automlspec status` shows them.")


def _names(watched: list) -> str:
    """The jobs --wait follows, for the progress line: at most three names."""
    names = [job.name for job in watched]
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} and {len(names) - 3} more"


def _status_lines(waiting: Phase) -> Callable[[list], None]:
    seen: dict[str, str] = {}
    ended: set[str] = set()

    def lines(jobs) -> None:
        for job in jobs:
            if job.finished and job.name not in ended:  # the progress line counts the jobs that ended
                ended.add(job.name)
                waiting.advance()
            state = f"{job.status}/{job.secondary}" if job.secondary else job.status
            if seen.get(job.name) != state + job.error:
                seen[job.name] = state + job.error
                console.line(f"{escape(job.name)}: {escape(job.error or state)}")

    return lines


def _live_table(watched: list, wait: Callable[[Callable[[list], None]], bool]) -> bool:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table
    from rich.text import Text

    def table(jobs) -> Table:
        grid = Table("Job", "Status", "Secondary status", "Best candidate")
        for job in jobs:
            # AWS's text as plain Text, escaped: rich reads markup ("[bold]", "[link=...]") in a str cell
            cells = (job.name, job.error or job.status, job.secondary, outcome_text(job))
            grid.add_row(*(Text(escape(cell or "")) for cell in cells))
        return grid

    board = _Board(table(watched), time.monotonic())

    def show(jobs) -> None:
        board.table = table(jobs)
        display.refresh()

    with Live(board, console=Console(), refresh_per_second=2) as display:
        return wait(show)


class _Board:
    """The live table, and under it terraform's "Still creating... [1m20s elapsed]" (in steps of 10 s):
    rich renders it on each refresh, so the time moves on between two polls."""

    def __init__(self, table, started: float):
        self.table = table
        self.started = started

    def __rich__(self):
        from rich.console import Group
        from rich.text import Text

        return Group(self.table, Text(still_creating(time.monotonic() - self.started)))


def still_creating(seconds: float) -> str:
    """terraform's words and format: ``Still creating... [10s elapsed]``, ``[1m20s elapsed]``."""
    steps = int(seconds // 10) * 10
    minutes, secs = divmod(steps, 60)
    return f"Still creating... [{f'{minutes}m' if minutes else ''}{secs}s elapsed]"


def show(applied) -> None:
    """How apply ended (``commands.apply.Applied``), when the hooks have not said it already."""
    if applied.ended == applied.REFUSED:
        conflicts = applied.planned.built.plan.conflicts
        names = ", ".join(a.name for a in conflicts)
        console.error(f"refusing to apply: {len(conflicts)} conflict(s) ({names}); give those specs new AutoMLJobNames")
    elif applied.ended == applied.NOTHING:
        console.line("Nothing to apply.")
    elif applied.ended == applied.CANCELLED:
        console.line("Apply cancelled; nothing was changed.", err=True)
