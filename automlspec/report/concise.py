"""One line per finding: `file:line:col: CODE [severity] message` (grep- and editor-friendly)."""

from __future__ import annotations

from typing import TextIO


def line(finding) -> str:
    return (
        f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} [{finding.severity.value}] {finding.message}"
    )


def render(result, stream: TextIO, color: bool | None = None) -> None:
    for finding in result.findings:
        stream.write(line(finding) + "\n")
