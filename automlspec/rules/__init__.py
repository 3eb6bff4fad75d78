"""The rule registry: a plain dict from code to Rule, collected from every module of this package.

Every `Rule` object a module defines (with `@rule` or `declare`) is registered; there is no list to keep
in step, so a new rule cannot be forgotten (tests/test_rule_registry.py proves each one runs).

Codes are grouped by hundreds: AML0xx the file itself, AML1xx the model's limits, AML2xx objective
and problem type, AML3xx channels and data split, AML4xx training modes, algorithms and completion
criteria, AML5xx deployment, identity, encryption, naming and tags, AML6xx time series, AML7xx image,
text classification and text generation, AML8xx data checks, AML9xx project configuration and suppression comments.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from ._rule import DOCS_URL, NEEDS, Rule, RuleContext, RunContext, declare, rule


def _modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def _collect(modules: list[ModuleType]) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for module in modules:
        for value in vars(module).values():
            if not isinstance(value, Rule) or found.get(value.code) is value:
                continue
            if value.code in found:
                raise RuntimeError(f"duplicate rule code {value.code} ({found[value.code].name}, {value.name})")
            found[value.code] = value
    return dict(sorted(found.items()))


MODULES = _modules()
REGISTRY: dict[str, Rule] = _collect(MODULES)
BY_NAME: dict[str, Rule] = {r.name: r for r in REGISTRY.values()}

__all__ = [
    "BY_NAME",
    "DOCS_URL",
    "NEEDS",
    "REGISTRY",
    "Rule",
    "RuleContext",
    "RunContext",
    "declare",
    "lookup",
    "rule",
    "rule_guess",
]


def lookup(selector: str) -> list[Rule]:
    """Rules matching a code, a code prefix (AML2, AML20) or a rule name; [] if none."""
    if selector in BY_NAME:
        return [BY_NAME[selector]]
    upper = selector.upper()
    return [r for code, r in REGISTRY.items() if code.startswith(upper)] if upper.startswith("AML") else []


def rule_guess(selector: object) -> str | None:
    """The rule code or name a selector that matches no rule most likely misspells (did-you-mean for
    suppression comments, --select/--ignore, `explain` and the configuration). A letter O, I or l typed
    for a digit of a code is tried first (`AML2O3` -> `AML203`); then the nearest code or name."""
    from ..suggest import closest

    if not isinstance(selector, str):
        return None
    upper = selector.upper()
    if upper.startswith("AML"):
        digits = "AML" + upper[3:].translate(str.maketrans("OIL", "011"))
        if digits[3:].isdigit() and lookup(digits):
            return digits
    return closest(selector, [*REGISTRY, *BY_NAME])
