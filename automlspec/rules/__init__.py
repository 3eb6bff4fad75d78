"""The rule registry: a plain dict from code to Rule, collected from every module of this package.

Every `Rule` object a module of MODULES defines (with `@rule` or `declare`) is registered. The modules are
listed, not discovered: a directory scan (pkgutil) and importlib imports cost start-up time on every lint
and hide the modules from `python -X importtime`. tests/test_rule_registry.py fails when a module under
rules/ is missing from the list or a rule written anywhere in it is not registered, and proves each runs.

Codes are grouped by hundreds: AML0xx the file itself, AML1xx the model's limits, AML2xx objective
and problem type, AML3xx channels and data split, AML4xx training modes, algorithms and completion
criteria, AML5xx deployment, identity, encryption, naming and tags, AML6xx time series, AML7xx image,
text classification and text generation, AML8xx data checks, AML9xx project configuration and suppression comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from . import (
    channels,
    classification,
    config_rules,
    data,
    deployment,
    document,
    identity,
    limits,
    objective,
    output,
    suppression,
    textgen,
    timeseries,
    training,
)
from ._rule import DOCS_URL, NEEDS, Rule, RuleContext, RunContext, declare, given, rule

# Every module of this package but _rule.py (tests/test_rule_registry.py checks the list is complete).
MODULES: tuple[ModuleType, ...] = (
    channels,
    classification,
    config_rules,
    data,
    deployment,
    document,
    identity,
    limits,
    objective,
    output,
    suppression,
    textgen,
    timeseries,
    training,
)


def _collect(modules: Sequence[ModuleType]) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for module in modules:
        for value in vars(module).values():
            if not isinstance(value, Rule) or found.get(value.code) is value:
                continue
            if value.code in found:
                raise RuntimeError(f"duplicate rule code {value.code} ({found[value.code].name}, {value.name})")
            found[value.code] = value
    return dict(sorted(found.items()))


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
    "given",
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
