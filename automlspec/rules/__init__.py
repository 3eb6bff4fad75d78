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

import re
from collections.abc import Sequence
from types import ModuleType

from . import (
    channels,
    classification,
    config_rules,
    data_checks,
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
from ._rule import DOCS_URL, PHASES, Phase, Rule, RuleContext, RunContext, declare, rule

# Every module of this package but _rule.py (tests/test_rule_registry.py checks the list is complete).
MODULES: tuple[ModuleType, ...] = (
    channels,
    classification,
    config_rules,
    data_checks,
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
# Rules of the plugins a configuration named (plugins.py fills it as it loads them): selectors, suppression
# comments and `explain` know their codes; they run only where a configuration names their plugin.
PLUGINS: dict[str, Rule] = {}

__all__ = [
    "BY_NAME",
    "DOCS_URL",
    "PHASES",
    "PLUGINS",
    "REGISTRY",
    "Phase",
    "Rule",
    "RuleContext",
    "RunContext",
    "code_blocks",
    "declare",
    "lookup",
    "rule",
    "rule_guess",
    "rule_hint",
]


def lookup(selector: str) -> list[Rule]:
    """Rules matching a code, a code prefix (AML2, AML20) or a rule name; [] if none. A loaded plugin's
    rules match by their code, a prefix of it, or their name."""
    if selector in BY_NAME:
        return [BY_NAME[selector]]
    upper = selector.upper()
    found = [r for code, r in REGISTRY.items() if code.startswith(upper)] if upper.startswith("AML") else []
    if PLUGINS and not found:
        found = [r for code, r in PLUGINS.items() if code.startswith(upper) or r.name == selector]
    return found


def rule_guess(selector: object) -> str | None:
    """The rule code or name a selector that matches no rule most likely misspells (did-you-mean for
    suppression comments, --select/--ignore, `explain` and the configuration); never the selector itself.

    A code-shaped selector (AML and digits) gets a code only one plausible slip away: a letter O, I or l
    typed for a digit (`AML2O3` -> `AML203`), or one digit wrong, two neighbours swapped, one digit extra
    or missing, when exactly one code is that close (`AML1044` -> `AML104`). `AML999` is near no code, so
    it gets none rather than an unrelated `AML902`; ``code_blocks`` says where the codes are. Anything
    else gets the nearest code or name."""
    from ..suggest import closest

    if not isinstance(selector, str):
        return None
    upper = selector.upper()
    if re.fullmatch(_CODE_SHAPED, upper):
        digits = "AML" + upper[3:].translate(str.maketrans("OIL", "011"))
        if digits != upper and lookup(digits):
            return digits
        near = {code for code in REGISTRY if _one_slip(digits[3:], code[3:])}
        return near.pop() if len(near) == 1 else None
    return closest(selector, [*REGISTRY, *BY_NAME])


_CODE_SHAPED = r"AML[0-9OIL]*"


def _one_slip(typed: str, code: str) -> bool:
    """Whether ``typed`` is ``code`` with one digit wrong, two neighbours swapped, one extra or one missing."""
    if len(typed) == len(code):
        diff = [i for i, (a, b) in enumerate(zip(typed, code)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == code[diff[1]]
            and typed[diff[1]] == code[diff[0]]
        )
    if abs(len(typed) - len(code)) != 1 or min(len(typed), len(code)) < 2:
        return False
    longer, shorter = (typed, code) if len(typed) > len(code) else (code, typed)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def code_blocks(selector: str) -> str:
    """Where the rule codes are, for a code-shaped selector that names none ("the AML9xx rules are AML900
    to AML902" when its block exists, else the blocks there are); "" for anything else."""
    upper = selector.upper()
    if not re.fullmatch(_CODE_SHAPED, upper) or len(upper) == 3:
        return ""
    block = upper[3].translate(str.maketrans("OIL", "011"))
    codes = [code for code in REGISTRY if code[3] == block]
    if codes:
        return f"the AML{block}xx rules are {codes[0]} to {codes[-1]}"
    return "the rule codes are in the blocks " + ", ".join(sorted({f"AML{code[3]}xx" for code in REGISTRY}))


def rule_hint(selector: str) -> str:
    """What to append to "no rule ...": "; did you mean 'AML203'?", "; the AML9xx rules are AML900 to
    AML902", or ""."""
    from ..suggest import did_you_mean

    guess = rule_guess(selector)
    if guess is not None:
        return did_you_mean(guess)
    blocks = code_blocks(selector)
    return f"; {blocks}" if blocks else ""
