"""The default format, after ruff and actionlint: the finding, then the source line with a caret
under the offending key or value, then a summary line.

Lines are built once as styled segments; rich prints them in colour on a terminal (it honours
NO_COLOR and FORCE_COLOR), and without colour they are written as plain text, which spares pre-commit
and CI runs rich's import (about 25 ms).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from ..source import editor_lines
from ..terminal import escape
from . import Report, summary

STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
Line = list[tuple[str, str]]  # (text, rich style or "")


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
            yield [(f"{gutter} |", "blue")]
            yield [(f"{finding.line} | ", "blue"), (source, "")]
            caret = [(f"{gutter} | ", "blue"), (" " * (finding.column - 1) + "^" * width, style)]
            if finding.suggestion is not None:
                caret.append((f" help: {finding.suggestion}", "green"))
            yield caret
        if finding.path:
            yield [(f"  = path: {finding.path}", "dim")]
        yield []
    yield [(summary(report), "bold")]


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    if not color:
        for line in lines(report):
            stream.write("".join(escape(text) for text, _ in line) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=True, emoji=False, markup=False)
    for line in lines(report):
        console.print(Text.assemble(*((escape(text), style) for text, style in line)))
