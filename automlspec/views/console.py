"""Where output meets the terminal: exact bytes on standard output, `automlspec: ...` lines on standard
error, escaping and the colour choice. Every view prints through here.

Text from a spec, a file name or AWS is escaped (``terminal.escape``) before it reaches a terminal: no
stderr line of automlspec can carry a raw control or bidi character (README, "Output is safe to print").
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TextIO

from ..terminal import escape

__all__ = ["COLORS", "Color", "error", "escape", "line", "note", "use_color", "warning", "write"]


class Color(str, Enum):
    """The --color choices (use_color decides what auto means)."""

    auto = "auto"
    always = "always"
    never = "never"


COLORS: tuple[str, ...] = tuple(c.value for c in Color)


def use_color(choice: str, stream: TextIO) -> bool:
    """--color always/never, or auto: NO_COLOR off, FORCE_COLOR on (https://no-color.org), else a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write(text: str) -> None:
    """Exact bytes on stdout (UTF-8, "\\n" line ends), whatever the platform's text mode does."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:  # pragma: no cover - a text-only stream (some test runners)
        stream.write(text)


def line(text: str = "", err: bool = False) -> None:
    """One line on stdout (or stderr), flushed, as the CLI framework's echo writes it. ``text`` is
    written as given: the caller has escaped what came from a file or from AWS."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def error(message: str) -> None:
    """One `automlspec: error:` line on stderr; the message may quote file names and values, so it is
    escaped: nothing a file or its name holds can reach the terminal raw."""
    line(f"automlspec: error: {escape(message)}", err=True)


def warning(message: str) -> None:
    line(f"automlspec: warning: {escape(message)}", err=True)


def note(message: str) -> None:
    """`automlspec: <message>` on stderr: what was written, what is being done (not an error)."""
    line(f"automlspec: {escape(message)}", err=True)
