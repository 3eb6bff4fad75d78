"""Where output meets the terminal: exact bytes on standard output, `automlspec: ...` lines on standard
error, escaping and the colour choice. Every view prints through here.

Text from a spec, a file name or AWS is escaped (``terminal.escape``) before it reaches a terminal: no
stderr line of automlspec can carry a raw control or bidi character (README, "Output is safe to print").
"""

from __future__ import annotations

import os
import sys
from enum import Enum

from .. import HOME
from ..terminal import escape

TYPE_CHECKING = False  # typing for the type checker only: `--version` imports this module (issue 26)
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["COLORS", "Color", "error", "escape", "line", "note", "use_color", "warning", "write", "write_text"]


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


def write_text(text: str, err: bool = False) -> None:
    """``text`` through the stream's text layer (its encoding, backslash escapes for what it lacks), flushed."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text)
    stream.flush()


def line(text: str = "", err: bool = False) -> None:
    """One line on stdout (or stderr), flushed, as the CLI framework's echo writes it. ``text`` is
    written as given: the caller has escaped what came from a file or from AWS."""
    write_text(text + "\n", err)


def error(message: str) -> None:
    """One `automlspec: error:` line on stderr; the message may quote file names and values, so it is
    escaped: nothing a file or its name holds can reach the terminal raw."""
    line(f"automlspec: error: {escape(message)}", err=True)


def warning(message: str) -> None:
    line(f"automlspec: warning: {escape(message)}", err=True)


def note(message: str) -> None:
    """`automlspec: <message>` on stderr: what was written, what is being done (not an error)."""
    line(f"automlspec: {escape(message)}", err=True)


# ----- the process's last words: used by cli.main and the quick path of __main__ alike ----------------


def safe_streams() -> None:
    """Whatever a file holds, what we print encodes: a character the terminal's encoding lacks (or a
    lone surrogate that escaped terminal.escape) becomes a backslash escape instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


def print_error(text: str) -> None:
    """A line on stderr that never raises (stderr closed, EPIPE: the exit code still tells)."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def failed(exc: BaseException) -> int:
    """One `automlspec: error:` line and the exit code errors.exit_code gives the error."""
    from ..errors import exit_code

    print_error(f"automlspec: error: {escape(str(exc))}")
    return exit_code(exc)


#: Set to 1 to see the traceback of an internal error.
DEBUG_ENV = "AUTOMLSPEC_DEBUG"
#: Where the internal-error line asks for a report.
BUG_REPORT_URL = f"{HOME}/issues"


def internal_error(exc: BaseException) -> int:
    """A bug in automlspec, never a finding: exit 3 and one line asking for a report (README); the
    traceback only with AUTOMLSPEC_DEBUG=1."""
    from ..errors import exit_code

    if os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exc()
    print_error(
        f"automlspec: internal error: {escape(type(exc).__name__)}: {escape(str(exc))[:300]};"
        f" this is a bug, please report it with the command and input at {BUG_REPORT_URL}"
        f" ({DEBUG_ENV}=1 shows the traceback)"
    )
    return exit_code(exc)


def version_line() -> str:
    """`automlspec --version`: the version and where the limits come from."""
    from .. import __version__, model

    botocore, api = model.versions()
    return f"automlspec {__version__} (limits from botocore {botocore}'s sagemaker model, API {api})"
