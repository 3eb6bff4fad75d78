"""What a command tells its view while AWS is slow: the phases of its work, each with a running count.

The layers that wait on AWS (``plan.operation``, ``plan.observe``, ``plan.apply``, ``results``) are handed
a ``Progress`` and call it; they never print. ``views.progress`` decides what is shown (issue 21): a line
updated in place on a terminal, one line a phase in a CI log, nothing in a pipe. ``QUIET`` is the
default everywhere, so a library caller and the tests see no change.

A phase may be advanced from any thread (the bounded pools of ``aws.sagemaker``): implementations are
thread-safe.
"""

from __future__ import annotations

from typing import Protocol


class Phase(Protocol):
    """One phase of work: "reading 2,000 jobs in eu-west-1"."""

    def advance(self, count: int = 1) -> None: ...  # ``count`` more items done (jobs read, files checked)

    def done(self) -> None: ...  # the phase is over (also when it failed)


class Progress(Protocol):
    def phase(self, text: str) -> Phase: ...  # ``text``: lower case, no final full stop


class _QuietPhase:
    def advance(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


class _Quiet:
    """Shows nothing."""

    def phase(self, text: str) -> Phase:
        return _QUIET_PHASE


_QUIET_PHASE = _QuietPhase()
QUIET: Progress = _Quiet()


def plural(count: int, noun: str) -> str:
    """``2,000 jobs``, ``1 job``: the counts in a phase's text."""
    return f"{count:,} {noun}{'s' * (count != 1)}"
