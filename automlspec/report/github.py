"""GitHub Actions workflow commands: one annotation per finding on the spec's line, then the summary.

`::error file=specs/a.yaml,line=4,col=9,endLine=4,endColumn=17,title=AML104 invalid-enum-value::message`
(https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions). The runner turns
each line into an annotation on the pull request's diff; the summary line stays in the log. Escaping is
the runner's own (actions/toolkit packages/core/src/command.ts): in the message %, CR and LF; in a
property also ':' and ','. The end column is exclusive, as ruff's github format writes it.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Finding
from . import Report, summary

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
# The log shows these lines too: other control characters (a value can hold ESC) are written as \xNN,
# as the text format does, so a spec cannot recolour or rewrite the job's log.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (0x09, 0x0A, 0x0D)}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").translate(_CONTROL)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    end_line = finding.end_line
    if finding.end_column == 1 and end_line > finding.line:
        end_line -= 1  # a span that ends at the start of a line ends on the line before
    props = [("file", finding.file), ("line", str(finding.line))]
    if end_line == finding.line:
        # GitHub takes columns only for a one-line annotation
        props += [("col", str(finding.column)), ("endLine", str(end_line)), ("endColumn", str(finding.end_column))]
    else:
        props += [("endLine", str(end_line))]
    props.append(("title", f"{finding.rule} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{LEVELS[finding.severity.value]} {rendered}::{escape_data(finding.message)}"


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    for finding in report.findings:
        stream.write(command(finding) + "\n")
    stream.write(summary(report) + "\n")
