"""The default format, after ruff and actionlint: the finding, then the source line with a caret
under the offending key or value, then a summary line. Colour when the stream is a terminal (rich
honours NO_COLOR and FORCE_COLOR)."""

from __future__ import annotations

from typing import TextIO

from . import summary

STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def render(result, stream: TextIO, color: bool | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=color, no_color=color is False,
                      emoji=False, markup=False)
    lines_of: dict[str, list[str]] = {}
    for finding in result.findings:
        severity = finding.severity.value
        head = Text()
        head.append(f"{finding.file}:{finding.line}:{finding.column}:", style="bold")
        head.append(" ")
        head.append(finding.rule, style=STYLES[severity])
        head.append(f" {severity}", style=STYLES[severity])
        head.append(f" [{finding.name}] ", style="dim")
        head.append(finding.message)
        console.print(head)
        if finding.file not in lines_of:
            lines_of[finding.file] = result.texts.get(finding.file, "").splitlines()
        source_lines = lines_of[finding.file]
        if 0 < finding.line <= len(source_lines):
            source = source_lines[finding.line - 1].replace("\t", " ")
            gutter = " " * len(str(finding.line))
            width = max(1, min(finding.end_column, len(source) + 1) - finding.column) if finding.end_column else 1
            console.print(Text(f"{gutter} |", style="blue"))
            row = Text(f"{finding.line} | ", style="blue")
            row.append(source)
            console.print(row)
            caret = Text(f"{gutter} | ", style="blue")
            caret.append(" " * (finding.column - 1) + "^" * width, style=STYLES[severity])
            if finding.suggestion is not None:
                caret.append(f" help: {finding.suggestion}", style="green")
            console.print(caret)
        if finding.path:
            console.print(Text(f"  = path: {finding.path}", style="dim"))
        console.print()
    console.print(Text(summary(result), style="bold"))
