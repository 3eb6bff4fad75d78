"""One line per finding: `file:line:col: CODE [severity] message (help: fix)` (grep- and editor-friendly)."""

from __future__ import annotations

from typing import TextIO

from ...findings import Finding
from ...terminal import escape
from . import Report, with_help


def line(finding: Finding) -> str:
    # escaped: a newline in a file name or a message must not forge a finding line (terminal.py)
    return escape(
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity.value}] {with_help(finding)}"
    )


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    for finding in report.findings:
        stream.write(line(finding) + "\n")
