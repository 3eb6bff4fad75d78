"""The rule registry: a plain dict from code to Rule, built from each module's RULES tuple.

Codes are grouped by hundreds: AML0xx the file itself, AML1xx the model's limits, AML2xx objective
and problem type, AML3xx channels and data split, AML4xx training modes, algorithms and completion
criteria, AML5xx deployment, identity, encryption, naming and tags, AML6xx time series, AML7xx image,
text classification and text generation, AML8xx data checks, AML9xx project configuration.
"""

from __future__ import annotations

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
    textgen,
    timeseries,
    training,
)
from ._rule import Rule, declare, rule

MODULES = (
    document,
    limits,
    objective,
    channels,
    training,
    deployment,
    identity,
    timeseries,
    classification,
    textgen,
    data,
    config_rules,
)

REGISTRY: dict[str, Rule] = {}
for _module in MODULES:
    for _rule in _module.RULES:
        if _rule.code in REGISTRY:
            raise RuntimeError(f"duplicate rule code {_rule.code}")
        REGISTRY[_rule.code] = _rule
REGISTRY = dict(sorted(REGISTRY.items()))
BY_NAME: dict[str, Rule] = {r.name: r for r in REGISTRY.values()}

__all__ = ["BY_NAME", "REGISTRY", "Rule", "declare", "lookup", "rule"]


def lookup(selector: str) -> list[Rule]:
    """Rules matching a code, a code prefix (AML2, AML20) or a rule name; [] if none."""
    if selector in BY_NAME:
        return [BY_NAME[selector]]
    upper = selector.upper()
    return [r for code, r in REGISTRY.items() if code.startswith(upper)] if upper.startswith("AML") else []
