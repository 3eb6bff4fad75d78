"""A rule: a stable code, a readable name, a default severity, its documentation and its check.

The check's docstring *is* the user documentation (yamllint, ruff): a one-line summary, then the
sections ``## What it does``, ``## Why``, ``## Example``, ``## Use instead`` and ``## Source``.
The Example and Use instead blocks are YAML fragments; tests/test_rule_docs.py merges each onto a
valid spec and checks that the example triggers the rule and the fix does not.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from ..findings import Finding, Severity

Scope = Literal["spec", "run", "source"]
_SECTION = re.compile(r"^## (.+)$", re.M)
_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[..., Iterable[Finding]] | None = None
    # "spec": check(spec) per spec; "run": check(specs) once per run;
    # "source": emitted by the loader or the limits checker, no check of its own.
    scope: Scope = "spec"
    # "raw": the doc examples are whole files (YAML faults), not fragments of a spec.
    example_kind: Literal["fragment", "raw", "none"] = "fragment"
    # What the check needs besides the spec: ("data",) rules run only when lint has a data reader and
    # are called as check(spec, data) (rules/data.py).
    needs: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    def sections(self) -> dict[str, str]:
        parts = _SECTION.split(self.doc)
        return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}

    def code_block(self, section: str) -> str | None:
        match = _FENCE.search(self.sections().get(section, ""))
        return match.group(2) if match else None


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    scope: Scope = "spec",
    example_kind="fragment",
    needs: tuple[str, ...] = (),
):
    """Decorator: turn a check function with a documented docstring into a Rule."""

    def wrap(func: Callable[..., Iterable[Finding]]) -> Rule:
        return Rule(code, name, severity, inspect.cleandoc(func.__doc__ or ""), func, scope, example_kind, needs)

    return wrap


def declare(code: str, name: str, severity: Severity, doc: str, example_kind="fragment") -> Rule:
    """A rule whose findings come from the loader or the limits checker rather than a check function."""
    return Rule(code, name, severity, inspect.cleandoc(doc), None, "source", example_kind)
