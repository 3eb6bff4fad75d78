"""The findings formats: ONE list of them (FORMATS), one typed interface (Reporter); the colour choice is
``views.console``'s.

Each format is a module with ``render(report, stream, color)``, imported only when chosen (the text
format's rich import is not paid by `--format json` in CI). The CLI's `--format` choices and help are
built from FORMATS, so a format cannot be listed in one place and missing from the other.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TextIO

from ...findings import Finding, Severity
from ..console import use_color

if TYPE_CHECKING:
    from ...rules import Rule


class Format(NamedTuple):  # a NamedTuple: built several times faster than a dataclass, on every start
    name: str
    module: str
    help: str


FORMATS: tuple[Format, ...] = (
    Format("text", "automlspec.views.findings.text", "each finding with its source line and a caret, then a summary"),
    Format(
        "concise", "automlspec.views.findings.concise", "one line per finding: file:line:col: CODE [severity] message"
    ),
    Format("json", "automlspec.views.findings.json_format", "a JSON array of findings (README, JSON output)"),
    Format(
        "github",
        "automlspec.views.findings.github",
        "GitHub Actions annotations, then the summary (the default when GITHUB_ACTIONS=true)",
    ),
    Format("sarif", "automlspec.views.findings.sarif", "SARIF 2.1.0 for GitHub code scanning"),
    Format(
        "junit", "automlspec.views.findings.junit", "JUnit XML, one test case per spec file and a failure per error"
    ),
)
NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)


#: Findings shown per file (README "Bounds"); `lint --max-findings N` changes it, 0 shows every finding.
MAX_FINDINGS = 100


class Report(NamedTuple):  # immutable; a NamedTuple is built several times faster than a dataclass
    """What every format receives: the located findings, the linted files' texts (for excerpts), the
    counts, and the catalogue of rules that ran (SARIF lists them; others may ignore it).

    ``findings`` are the ones to show: at most MAX_FINDINGS per file, then one AML009 finding that
    says how many more there are; ``totals`` counts every finding by severity, for the summary."""

    findings: Sequence[Finding]
    texts: Mapping[str, str]  # display name -> text, in the order the files were linted
    files: int
    specs: int
    rules: Mapping[str, Rule]  # code -> rule
    unreadable: int = 0  # paths that could not be read (exit 2)
    excluded: int = 0  # files the configuration's `exclude` skipped
    quiet: bool = False  # -q: the findings only, no summary line
    totals: Mapping[Severity, int] | None = None  # every finding, shown or not (None: count `findings`)
    data_skipped: bool = False  # --data could read nothing (no credentials...): the summary says so
    unsafe_fixes: bool = False  # --unsafe-fixes: an unsafe fix is fixable ([*]) too

    def fixable(self, finding: Finding) -> bool:
        """Whether `lint --fix` (with this run's --unsafe-fixes) fixes ``finding``: ruff's [*]."""
        fix = finding.fix
        return fix is not None and (fix.applicability == "safe" or self.unsafe_fixes)

    def count(self, severity: Severity) -> int:
        if self.totals is not None:
            return self.totals.get(severity, 0)
        return sum(1 for f in self.findings if f.severity is severity)


class Reporter(Protocol):
    def __call__(self, report: Report, stream: TextIO, color: bool) -> None: ...


def reporter(name: str) -> Reporter:
    """The render function of a format in FORMATS."""
    module = {f.name: f.module for f in FORMATS}[name]
    return importlib.import_module(module).render


def report_of(result: Any, quiet: bool = False, max_findings: int = MAX_FINDINGS, unsafe_fixes: bool = False) -> Report:
    """A lint result (lint.LintResult) as the reporters' typed input, with at most ``max_findings``
    findings shown per file (0: all); ``unsafe_fixes``: unsafe fixes are marked fixable."""
    rules = getattr(result, "rules", None)
    if not rules:  # a caller that did not record which rules ran: at least the ones that reported
        from ...rules import REGISTRY

        rules = {code: REGISTRY[code] for code in sorted({f.rule for f in result.findings})}
    shown = capped(result.findings, max_findings)
    rules = dict(rules)
    totals = None
    if shown is not result.findings:  # some were left out: the summary counts them all
        from ...rules.output import NOT_SHOWN

        rules = dict(sorted({**rules, NOT_SHOWN.code: NOT_SHOWN}.items()))
        totals = {severity: sum(1 for f in result.findings if f.severity is severity) for severity in Severity}
    return Report(
        tuple(shown),
        dict(result.texts),
        result.files,
        result.specs,
        rules,
        len(getattr(result, "unreadable", ())),
        getattr(result, "excluded", 0),
        quiet,
        totals,
        bool(getattr(result, "data_error", None)),
        unsafe_fixes,
    )


def help_text(finding: Finding, line: str | None = None) -> str | None:
    """What a `help:` shows: the replacement for the spanned text, as YAML text that reads as the value
    meant (`'64'` for a string field, `64` for a number); None when there is none. A suggestion that
    lint has proved (soundness.py) carries its value in ``fix``; one from the loader or the configuration
    check is shown as written, quoted when it reads like the text it replaces (`Value: 3` where the
    string "3" is meant), never as a no-op `help: 3`."""
    if finding.suggestion is None or not finding.replaces:
        return None
    if finding.fix is not None:
        from ...soundness import yaml_text

        return yaml_text(finding.fix.value)
    if line is not None and finding.end_line == finding.line:
        if finding.suggestion == line[finding.column - 1 : finding.end_column - 1].strip():
            return "'" + finding.suggestion.replace("'", "''") + "'"
    return finding.suggestion


def with_help(finding: Finding) -> str:
    """The message, and its `help:` (``help_text``) for a format with no room for a second line (an
    annotation, a one-line finding), which would otherwise lose the fix: always, even when the message
    names the same text (`p1` is in "from p1 to p99")."""
    shown = help_text(finding)
    return finding.message if shown is None else f"{finding.message} (help: {shown})"


def capped(findings: Sequence[Finding], limit: int) -> Sequence[Finding]:
    """The first ``limit`` findings of each file (``findings`` are grouped by file, as lint sorts them),
    each file's rest replaced by one AML009 finding at the first finding left out (0: no bound).
    ``findings`` itself when nothing is left out."""
    if limit <= 0:
        return findings
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    if all(len(group) <= limit for group in by_file.values()):
        return findings
    from ...rules.output import NOT_SHOWN

    out: list[Finding] = []
    for group in by_file.values():
        out.extend(group[:limit])
        rest = group[limit:]
        if not rest:
            continue
        counts = [
            f"{n} {word}{'s' * (n != 1 and word != 'info')}"
            for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))
            if (n := sum(1 for f in rest if f.severity is severity))
        ]
        first = rest[0]
        worst = next(s for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if any(f.severity is s for f in rest))
        out.append(
            Finding.located(
                first.file,
                first.span,
                rule=NOT_SHOWN.code,
                name=NOT_SHOWN.name,
                severity=worst,
                message=f"{len(rest):,} more finding{'s' * (len(rest) != 1)} in this file not shown"
                f" ({', '.join(counts)}), from line {first.line} on: at most {limit:,} are shown per file",
                suggestion="fix the first ones and lint again, or pass --max-findings 0 to see them all",
                url=NOT_SHOWN.url,
            )
        )
    return out


def default_format() -> str:
    """text; github inside a GitHub Actions job, where annotations land on the pull request's lines
    (https://docs.github.com/en/actions/reference/variables-reference: GITHUB_ACTIONS is "true")."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def render(
    result: Any,
    stream: TextIO,
    name: str | None = None,
    color: str = "auto",
    quiet: bool = False,
    max_findings: int = MAX_FINDINGS,
    unsafe_fixes: bool = False,
) -> None:
    """Print a lint result in a format (None: the default for this environment) with a --color choice;
    ``quiet`` (-q) leaves out the summary line of the formats that print one; at most ``max_findings``
    findings are shown per file (0: all); ``unsafe_fixes`` marks the unsafe fixes fixable."""
    report = report_of(result, quiet, max_findings, unsafe_fixes)
    reporter(name or default_format())(report, stream, use_color(color, stream))


def summary(report: Report) -> str:
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        n = report.count(severity)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 and word != 'info' else ''}")
    checked = f"{report.specs} spec{'s' * (report.specs != 1)} in {report.files} file{'s' * (report.files != 1)}"
    # never a bare "0 files" when the configuration skipped some (issue 12); "checked" stays with the files
    # it counts, not after the excluded ones (issue 21)
    skipped = f"; {excluded(report.excluded)}" if report.excluded else ""
    if report.unreadable:  # never "passed" when a path failed (issue 12): the exit code is 2
        failed = f"{report.unreadable} path{'s' * (report.unreadable != 1)} could not be read"
        return f"Found {', '.join(parts) or 'no errors'} in what could be read; {failed} ({checked} checked{skipped})."
    if report.data_skipped:  # never "All checks passed" when the data checks could not run (issue 21)
        found = (
            f"Found {', '.join(parts)} ({checked} checked{skipped})"
            if parts
            else f"Offline checks passed: {checked}{skipped}"
        )
        return f"{found}; {DATA_SKIPPED}."
    if not parts:
        return f"All checks passed: {checked}{skipped}."
    return f"Found {', '.join(parts)} ({checked} checked{skipped})."


#: The summary's words for a `lint --data` whose data checks read nothing (the error line gives the reason).
DATA_SKIPPED = "the data checks could not run (the error line says why)"


def fixes_line(report: Report) -> str | None:
    """The line under the summary that counts the fixes (ruff's): "[*] 2 fixable with `automlspec lint
    --fix` (preview: --diff)", and how many more --unsafe-fixes would apply; None when there are none."""
    fixable = sum(1 for finding in report.findings if report.fixable(finding))
    hidden = sum(1 for finding in report.findings if finding.fix is not None and not report.fixable(finding))
    more = f"{hidden} more with --unsafe-fixes" if hidden else ""
    if fixable:
        flag = " --unsafe-fixes" if report.unsafe_fixes else ""
        line = f"[*] {fixable} fixable with `automlspec lint --fix{flag}` (preview: --diff{flag})"
        return f"{line}; {more}." if more else f"{line}."
    if hidden:
        return f"No safe fixes; {hidden} with `automlspec lint --fix --unsafe-fixes` (preview: --diff --unsafe-fixes)."
    return None


def excluded(count: int) -> str:
    return f"{count} file{'s' * (count != 1)} excluded by configuration"


__all__ = [
    "FORMATS",
    "MAX_FINDINGS",
    "NAMES",
    "Format",
    "Report",
    "Reporter",
    "capped",
    "render",
    "reporter",
    "summary",
]
