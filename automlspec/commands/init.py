"""`automlspec init`: a commented starter spec, printed or written to a new file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ExitCode, UsageError


@dataclass
class Started:
    """The starter spec's text; with ``output``, what writing it did."""

    text: str
    output: Path | None = None
    required: int = 0  # the REQUIRED placeholders left to fill in
    notes: tuple[str, ...] = ()  # the writer's (a file that was a link, ...)
    error: str | None = None  # why it was not written

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FAILURE if self.error else ExitCode.OK


def run(problem_type: str, api: str, output: Path | None = None, force: bool = False) -> Started:
    from ..scaffold import ScaffoldError, placeholders, problem_key, starter_text

    try:
        problem = problem_key(problem_type)
        text = starter_text(problem, api)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    if output is None or str(output) == "-":
        return Started(text)
    from ..writer import ANY, MISSING, write_text

    if output.exists() and not force:
        raise UsageError(f"{output} exists; pass --force to overwrite it")
    outcome = write_text(output, text, ANY if force else MISSING)
    required = len(placeholders(problem, api))
    return Started(text, output, required, tuple(outcome.notes), None if outcome.ok else outcome.error)
