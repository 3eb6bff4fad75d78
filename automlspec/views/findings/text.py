"""The default format, after ruff and actionlint: the finding, then the source line with a caret
under the offending key or value, then a summary line.

Lines are built once as styled segments. Without colour they are written as plain text; in colour
each styled segment is wrapped in the SGR codes rich would write for it (ANSI below), which spares a
terminal run rich's import (about 25-35 ms, issue 26). rich still prints where its own output would
differ: NO_COLOR set (it drops colours but keeps bold), a dumb terminal (TERM=dumb or unknown: no codes
at all), Windows (its console API). tests/test_report.py compares both byte for byte.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TextIO

from ...source import editor_lines
from ...terminal import escape
from . import Report, fixes_line, help_text, summary

STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
Line = list[tuple[str, str]]  # (text, rich style or "")
# Every style of STYLES and lines() as rich renders it in any colour system (standard colours are the same
# 30-37 codes in 8, 256 and truecolour): attributes first, then the colour (rich.style.Style._make_ansi_codes).
ANSI = {
    "bold": "1",
    "dim": "2",
    "blue": "34",
    "green": "32",
    "bold red": "1;31",
    "bold yellow": "1;33",
    "bold blue": "1;34",
}


#: Characters of a source line shown under a finding. A longer line (a one-line flow mapping of a whole
#: spec) is cut to a window around the span, so the output grows with the findings, not with the findings
#: times the line: 5,000 findings on one 79 KB line printed 592 MB before (issue 13).
EXCERPT_WIDTH = 200
_CONTEXT = 40  # characters kept before the span's start when a line is cut


def excerpt(source: str, column: int, width: int) -> tuple[str, int, int]:
    """What to show of ``source`` for a span at 1-based ``column`` of ``width`` characters: the whole
    line when it is short, else EXCERPT_WIDTH characters from a little before the span, with "…" where
    text was cut. Returns (text, 0-based caret offset in text, caret width)."""
    if len(source) <= EXCERPT_WIDTH:
        return source, column - 1, width
    start = max(0, column - 1 - _CONTEXT)
    end = min(len(source), start + EXCERPT_WIDTH)
    offset = column - 1 - start
    width = max(1, min(width, EXCERPT_WIDTH - offset))
    text = source[start:end]
    if start > 0:
        text, offset = "…" + text, offset + 1
    if end < len(source):
        text += "…"
    return text, offset, width


def lines(report: Report) -> Iterator[Line]:
    sources: dict[str, list[str]] = {}
    for finding in report.findings:
        severity = finding.severity.value
        style = STYLES[severity]
        yield [
            (f"{finding.file}:{finding.line}:{finding.column}:", "bold"),
            (" ", ""),
            (finding.rule, style),
            (f" {severity}", style),
            (f" [{finding.name}] ", "dim"),
            *((("[*] ", "green"),) if report.fixable(finding) else ()),  # ruff's mark: `lint --fix` fixes it
            (finding.message, ""),
        ]
        if finding.file not in sources:
            sources[finding.file] = editor_lines(report.texts.get(finding.file, ""))
        source_lines = sources[finding.file]
        if 0 < finding.line <= len(source_lines):
            source = source_lines[finding.line - 1].replace("\t", " ")
            gutter = " " * len(str(finding.line))
            # a span over several lines gets one caret at its start
            end = finding.end_column if finding.end_line == finding.line else finding.column + 1
            width = max(1, min(end, len(source) + 1) - finding.column)
            shown, offset, width = excerpt(source, finding.column, width)
            # a control character is shown as an escape (\x1b, \u202e): the caret moves with the text
            offset, width = len(escape(shown[:offset])), len(escape(shown[offset : offset + width])) or width
            shown = escape(shown)
            yield [(f"{gutter} |", "blue")]
            yield [(f"{finding.line} | ", "blue"), (shown, "")]
            caret = [(f"{gutter} | ", "blue"), (" " * offset + "^" * width, style)]
            shown_help = help_text(finding, source)
            if shown_help is not None:
                # only a replacement for the underlined text; the message names the problem, and the
                # path is in the message or the JSON output (ruff's layout, issue 12)
                caret.append((f" help: {shown_help}", "green"))
            yield caret
        yield []
    if not report.quiet:
        yield [(summary(report), "bold")]
        fixes = fixes_line(report)
        if fixes:
            yield [(fixes, "")]


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    if not color:
        for line in lines(report):
            stream.write("".join(escape(text) for text, _ in line) + "\n")
        return
    if _plain_ansi():
        for line in lines(report):
            stream.write("".join(_sgr(escape(text), style) for text, style in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=True, emoji=False, markup=False)
    for line in lines(report):
        console.print(Text.assemble(*((escape(text), style) for text, style in line)))


def _plain_ansi() -> bool:
    """Whether rich would write exactly the ANSI codes: not Windows, NO_COLOR unset or empty, a terminal
    that is not dumb (rich.console.Console: no_color, is_dumb_terminal, _detect_color_system)."""
    if sys.platform == "win32" or os.environ.get("NO_COLOR", ""):
        return False
    return os.environ.get("TERM", "").lower() not in ("dumb", "unknown")


def _sgr(text: str, style: str) -> str:
    """``text`` in ``style`` as rich.style.Style.render writes it: the codes, the text, a reset."""
    if not style or not text:
        return text
    return f"\x1b[{ANSI[style]}m{text}\x1b[0m"
