"""`automlspec lint`'s output: the findings in the chosen format (``views.findings``), --statistics,
--fix's, --diff's and --show-fixes' lines, --show-settings, and the one-line errors and warnings around them."""

from __future__ import annotations

import sys

from ..terminal import escape
from . import console


def show(
    linted,
    output_format: str | None = None,
    color: str = "auto",
    quiet: int = 0,
    statistics: bool = False,
    max_findings: int | None = None,
) -> None:
    """Print a ``commands.lint.Linted`` (``output_format`` None: the environment's default)."""
    from . import findings

    result = linted.result
    _fix_lines(linted)
    if linted.fixed is not None and linted.fixed.diff:
        for problem in result.unreadable:
            console.error(problem)
        return
    for warning in linted.warnings:
        console.warning(warning)
    if statistics and quiet < 2:
        from .findings.statistics import render

        render(result.findings, sys.stdout, json=output_format == "json")
    elif quiet < 2:
        limit = findings.MAX_FINDINGS if max_findings is None else max_findings
        findings.render(result, sys.stdout, output_format, color, quiet > 0, limit, linted.unsafe_fixes)
    for problem in result.unreadable:
        console.error(problem)
    if result.files == 0 and not result.unreadable and not quiet:
        _nothing_linted(linted)
    if not result.unreadable and result.data_error:
        console.error(result.data_error)


def _nothing_linted(linted) -> None:
    """The warning for a run that found no spec file: why (excluded, or none there), and the way out."""
    from .findings import excluded

    where = ", ".join(linted.named)
    if linted.result.excluded:
        hint = "; --force-exclude skips named files too" if linted.force_exclude else "; name a file to lint it anyway"
        console.warning(f"no spec file linted in {where}: {excluded(linted.result.excluded)}{hint}")
    else:
        console.warning(f"no spec files (*.yaml, *.yml) found in {where}")


def _fix_lines(linted) -> None:
    """What --fix, --diff and --show-fixes print before the findings (on standard error, but the diff)."""
    if linted.would_fix is not None:
        _list_fixes(linted.would_fix, "would be fixed by --fix")
    if linted.fixed is not None:
        _fixed(linted.fixed)


def _fixed(fixed) -> None:
    """--fix's and --diff's lines: why a file is not fixed, the diff (--diff), what was written."""
    for item in fixed.items:
        if item.problem:
            console.warning(f"{item.name}: not fixed: {item.problem}")
    if fixed.show:
        _list_fixes(fixed.applied, "would be made" if fixed.diff else "made")
    changed = fixed.changed
    files = f"{len(changed)} file{'s' * (len(changed) != 1)}"
    if fixed.diff:
        for item in changed:
            # the diff shows a file's own text: escaped line by line (terminal.py), its line breaks kept
            console.write("".join(escape(line.rstrip("\r")) + "\n" for line in item.diff().split("\n")[:-1]))
        console.note(f"{fixed.count} fix{'es' * (fixed.count != 1)} would be made in {files}")
        return
    for item, error in fixed.write_errors:
        console.error(f"{item.name}: not fixed: {error}")
    # Only what reached the disk is counted (a refused write, a full disk, fixes nothing).
    written = fixed.written
    if written:
        count = sum(item.count for item in written)
        console.note(f"fixed {count} finding{'s' * (count != 1)} in {len(written)} file{'s' * (len(written) != 1)}")
    refused = [item for item, _ in fixed.write_errors]
    if refused:
        count = sum(item.count for item in refused)
        console.note(
            f"{count} fix{'es' * (count != 1)} not made: {len(refused)} file{'s' * (len(refused) != 1)} not written"
        )


def _list_fixes(fixes, what: str) -> None:
    """--show-fixes: a count, then one line per fix, `file:line:col: CODE path: new` (a key rename says
    so, an unsafe fix is marked)."""
    from .findings import help_text

    console.note(f"{len(fixes)} fix{'es' * (len(fixes) != 1)} {what}{':' * bool(fixes)}")
    for finding in fixes:
        fix = finding.fix
        change = f"rename the key to {help_text(finding)}" if fix.target == "key" else help_text(finding)
        unsafe = " (unsafe)" if fix.applicability == "unsafe" else ""
        console.line(
            escape(
                f"  {finding.file}:{finding.line}:{finding.column}: {finding.rule} {finding.path}: {change}{unsafe}"
            ),
            err=True,
        )


def show_settings(settings) -> None:
    """`lint --show-settings`: each file's effective configuration (``commands.lint.Settings``)."""
    from ..config import render_settings

    for file, config, how, discovery, layers in settings.files:
        text = render_settings(file, config, how, discovery, settings.select, settings.ignore, layers)
        console.write_text("".join(escape(line) + "\n" for line in text.splitlines()))
