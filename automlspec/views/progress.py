"""What standard error shows while AWS is slow (``progress.Progress``), chosen once a run (issue 21):

- standard error is a terminal: a line for each running phase, updated in place and erased when the
  phase ends (rich): ``Reading 2,000 jobs in eu-west-1 ... 1,200 (3s)``, ``Creating churn-v3 ... (12s)``.
- standard error is not a terminal and the ``CI`` environment variable is set (and not ``false`` or
  ``0``; GitHub Actions, GitLab CI, CircleCI, Travis CI, Bitbucket Pipelines and Buildkite set it): one
  line when a phase starts, ``automlspec: reading 2,000 jobs in eu-west-1 ...``, and nothing more of it.
- anything else (a pipe, a file): nothing.

Only standard error is used, so the bytes on standard output are the same in all three. rich is imported
only when a terminal shows a phase: `lint` never reaches this module.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from ..progress import QUIET, Phase, Progress
from . import console

#: The values of CI that mean "not CI".
_NOT_CI = ("", "0", "false", "no")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in _NOT_CI


def for_stderr() -> Progress:
    """The display of this run's phases: live on a terminal, a line a phase in CI, else none."""
    isatty = getattr(sys.stderr, "isatty", None)
    if isatty is not None and isatty():
        return Live()
    if in_ci():
        return Lines()
    return QUIET


class Lines:
    """A CI log: one line when a phase starts."""

    def phase(self, text: str) -> Phase:
        console.note(f"{text} ...")
        return QUIET.phase(text)


class Live:
    """A terminal: rich's progress display on standard error while at least one phase runs."""

    def __init__(self, display_console: Any = None):
        self._console = display_console  # a rich Console (tests); None: standard error's
        self._lock = threading.Lock()
        self._display: Any = None
        self._running = 0

    def phase(self, text: str) -> Phase:
        with self._lock:
            if self._display is None:
                self._display = _display(self._console)
                self._display.start()
            task = self._display.add_task(console.escape(text[:1].upper() + text[1:]), total=None)
            self._running += 1
            return _LivePhase(self, self._display, task)

    def _end(self, display: Any, task: Any) -> None:
        with self._lock:
            display.remove_task(task)
            self._running -= 1
            if self._running == 0 and display is self._display:
                display.stop()  # transient: the lines are erased
                self._display = None


class _LivePhase:
    def __init__(self, owner: Live, display: Any, task: Any):
        self._owner, self._display, self._task = owner, display, task
        self._done = False

    def advance(self, count: int = 1) -> None:
        if not self._done:
            self._display.advance(self._task, count)

    def done(self) -> None:
        if not self._done:
            self._done = True
            self._owner._end(self._display, self._task)


def _display(display_console: Any) -> Any:
    """rich's Progress with one column: "<Phase> ... <count> (<elapsed>)"."""
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import ProgressColumn
    from rich.text import Text

    from .candidates import duration

    class Counted(ProgressColumn):
        def render(self, task: Any) -> Text:
            count = f"{int(task.completed):,} " if task.completed else ""
            return Text(f"{task.description} ... {count}({duration(task.elapsed or 0)})")

    display_console = display_console or Console(stderr=True, highlight=False, emoji=False, markup=False)
    return RichProgress(Counted(), console=display_console, transient=True, refresh_per_second=4)
