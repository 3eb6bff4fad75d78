"""`automlspec policy test`: one line per policy (ok, FAIL, or no examples) and a summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from ..policy import ExampleResult, Policy
from ..terminal import escape


def examples_text(tested: Sequence[tuple[Policy, list[ExampleResult]]], stream: TextIO) -> None:
    """``tested``: each policy with the results of its examples, in configuration order."""
    if not tested:
        return
    rows = []
    for policy, results in tested:
        failed = [r for r in results if not r.ok]
        if not results:
            rows.append(("none", policy.id, policy.origin, "no examples"))
        elif not failed:
            rows.append(("ok", policy.id, policy.origin, f"{len(results)} example{'s' * (len(results) != 1)}"))
        for result in failed:
            example = result.example
            where = f"examples.{example.expect}[{example.index}] ({policy.file}:{example.line})"
            rows.append(("FAIL", policy.id, policy.origin, f"{where} {result.detail}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [escape(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        stream.write("  ".join([*cells, escape(row[3])]) + "\n")


def summary(tested: Sequence[tuple[Policy, list[ExampleResult]]], files: int) -> str:
    passed = sum(1 for _, results in tested if results and all(r.ok for r in results))
    failed = sum(1 for _, results in tested if any(not r.ok for r in results))
    untested = sum(1 for _, results in tested if not results)
    examples = sum(len(results) for _, results in tested)
    parts = [f"{passed} passed", f"{failed} failed"] + ([f"{untested} without examples"] if untested else [])
    policies = f"{len(tested)} polic{'ies' if len(tested) != 1 else 'y'} in {files} file{'s' * (files != 1)}"
    return f"{policies}: {', '.join(parts)} ({examples} example{'s' * (examples != 1)})"


def show(tested, color: str = "auto") -> None:
    """Print a ``commands.policy.Tested``: the configuration files' errors as findings on stderr, then a
    line per policy and the summary (or a warning when there is no policy)."""
    from . import console, findings

    for warning in tested.warnings:
        console.warning(warning)
    if tested.broken.findings:
        findings.render(tested.broken, sys.stderr, None, color, True, findings.MAX_FINDINGS)
    examples_text(tested.tested, sys.stdout)
    if not tested.tested and not tested.broken.findings:
        console.warning(f"no policy found in {tested.files} configuration file{'s' * (tested.files != 1)}")
        return
    console.line(summary(tested.tested, tested.files))
