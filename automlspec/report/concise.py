"""One line per finding: `file:line:col: CODE [severity] message` (grep- and editor-friendly)."""

from __future__ import annotations

from typing import TextIO

from ..terminal import escape


def line(finding) -> str:
    # escaped: a newline in a file name or a message must not forge a finding line (terminal.py)
    return escape(
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity.value}] {finding.message}"
    )


def render(result, stream: TextIO, color: bool | None = None) -> None:
    for finding in result.findings:
        stream.write(line(finding) + "\n")
