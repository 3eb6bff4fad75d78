"""GitHub Actions workflow commands: one annotation per finding on the spec's line, then the summary.

`::error file=specs/a.yaml,line=4,col=9,endLine=4,endColumn=17,title=AML104 invalid-enum-value::message`
(https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions). The runner turns
each line into an annotation on the pull request's diff; the summary line stays in the log. Escaping is
the runner's own (actions/toolkit packages/core/src/command.ts): in the message %, CR and LF; in a
property also ':' and ','. The end column is exclusive, as ruff's github format writes it.
"""

from __future__ import annotations

from typing import TextIO

from ...findings import Finding
from ...terminal import escape
from . import Report, summary, with_help

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
    # The log shows these lines too: what a spec wrote (a file name, a quoted value) first goes through
    # the one terminal escape, so it cannot recolour the log or forge a second command line.
    rendered = ",".join(f"{key}={escape_property(escape(value))}" for key, value in props)
    return f"::{LEVELS[finding.severity.value]} {rendered}::{escape_data(escape(with_help(finding)))}"


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    for finding in report.findings:
        stream.write(command(finding) + "\n")
    if not report.quiet:
        stream.write(summary(report) + "\n")
