"""Output formats, one module each, registered in a plain dict and imported only when chosen
(the text format's rich import is not paid by `--format json` in CI)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

FORMATS = {
    "text": "automlspec.report.text",
    "concise": "automlspec.report.concise",
    "json": "automlspec.report.json_format",
}


def reporter(name: str) -> Callable[..., None]:
    """render(result, stream, color) for a format name."""
    return importlib.import_module(FORMATS[name]).render


def summary(result) -> str:
    from ..findings import Severity

    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        n = result.count(severity)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}")
    checked = f"{result.specs} spec{'s' * (result.specs != 1)} in {result.files} file{'s' * (result.files != 1)}"
    unreadable = len(getattr(result, "unreadable", ()))
    if unreadable:  # never "passed" when a path failed (issue 12): the exit code is 2
        failed = f"{unreadable} path{'s' * (unreadable != 1)} could not be read"
        return f"Found {', '.join(parts) or 'no errors'} in what could be read; {failed} ({checked} checked)."
    if not parts:
        return f"All checks passed: {checked}."
    return f"Found {', '.join(parts)} ({checked} checked)."


__all__ = ["FORMATS", "reporter", "summary"]
