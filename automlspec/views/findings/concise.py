"""One line per finding: `file:line:col: CODE [severity] [*] message (help: fix)` (grep- and editor-friendly;
`[*]` marks what `lint --fix` fixes, as in the text format and ruff's concise output)."""

from __future__ import annotations

from typing import TextIO

from ...findings import Finding
from ...terminal import escape
from . import Report, with_help


def line(finding: Finding, fixable: bool = False) -> str:
    # escaped: a newline in a file name or a message must not forge a finding line (terminal.py)
    mark = "[*] " if fixable else ""
    return escape(
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity.value}] {mark}{with_help(finding)}"
    )


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    for finding in report.findings:
        stream.write(line(finding, report.fixable(finding)) + "\n")
