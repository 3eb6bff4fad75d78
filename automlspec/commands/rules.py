"""`automlspec rules` and `automlspec explain`: the rule catalogue, and one rule's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


def catalogue() -> list:
    """Every rule (rules.Rule), in code order."""
    from ..rules import REGISTRY

    return list(REGISTRY.values())


@dataclass(frozen=True)
class Explained:
    """What `explain CODE` found: one rule (``rule``), or the rules a code prefix selects."""

    code: str
    rule: object | None = None
    selected: tuple = ()


def explain(code: str) -> Explained:
    """The rule ``code`` names (a code or a name), or the rules a code prefix selects; ``UsageError``
    for neither."""
    from ..rules import lookup, rule_hint

    selected = lookup(code)
    found = [r for r in selected if r.code == code.upper() or r.name == code]
    if found:
        return Explained(code, found[0])
    if selected:  # a code prefix, as --select and suppression comments read it
        return Explained(code, None, tuple(selected))
    raise UsageError(f"no rule {code!r}{rule_hint(code)} (`automlspec rules` lists them all)")
