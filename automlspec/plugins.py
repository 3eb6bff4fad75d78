"""Python rules from installed packages, for what a declarative policy cannot say (docs/policies.md).

A package declares its rules in the ``automlspec.rules`` entry-point group; a project configuration
names the entry points it wants under ``plugins:``::

    # the plugin's pyproject.toml
    [project.entry-points."automlspec.rules"]
    acme = "acme_automl_rules"          # a module: every Rule in it; or "pkg.mod:RULES" (a Rule or a list)

    # .automlspec.yaml
    plugins: [acme]

A plugin rule is written exactly as a built-in one (``automlspec.rules.rule``, a RuleContext in, Problems
out: rules/_rule.py) and runs beside them, selected, ignored, suppressed and re-graded like them. Only
the plugins a configuration names are loaded, and only then is the entry-point table read (reading it
costs more than a whole lint of one spec): installing a package never changes what lint reports by
itself. A plugin that cannot be found or loaded, or that offers something that is not a rule, a code
that is already taken or a name a built-in rule has, is an AML900 error at its `plugins:` line naming
it; a plugin rule that raises reports AML000 for that spec, naming the rule. Neither is a traceback,
and neither is skipped in silence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

from .paths import FieldPath
from .rules import BY_NAME, PLUGINS, REGISTRY, Rule

GROUP = "automlspec.rules"
# A plugin rule's code: letters then digits (ACME001), never AML: the built-in rules own that prefix.
_CODE = re.compile(r"[A-Z][A-Z0-9_-]{1,31}\Z")
_LOADED: dict[str, tuple[tuple[Rule, ...], str | None]] = {}  # entry point name -> (rules, error)


def read(value: Any, where: FieldPath, report: Callable[..., None], named: Callable[..., None]) -> dict[str, Rule]:
    """The rules of the plugins a configuration file names; each plugin that fails is reported at its line."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        report(where, "'plugins' must be a list of entry point names (the automlspec.rules group)")
        return {}
    out: dict[str, Rule] = {}
    for index, name in enumerate(names):
        rules, error = load(name)
        if error is not None:
            report(where / index, f"plugin {name!r} {error}", _guess(name) if "no installed" in error else None)
            continue
        named(f"plugins.{name}", "plugins", index)
        out.update((r.code, r) for r in rules)
    return out


def installed() -> dict[str, Any]:
    """The entry points of the group, by name."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=GROUP)}


def _guess(name: str) -> str | None:
    from .suggest import closest

    return closest(name, list(installed()))


def plugin_of(code: str) -> str:
    """The entry point name whose plugin offers rule ``code``."""
    return next((name for name, (rules, _) in _LOADED.items() if any(r.code == code for r in rules)), "?")


def load(name: str) -> tuple[tuple[Rule, ...], str | None]:
    """The rules of one plugin, or what is wrong with it (once per process)."""
    if name not in _LOADED:
        _LOADED[name] = _load(name)
        for rule in _LOADED[name][0]:
            PLUGINS[rule.code] = rule
    return _LOADED[name]


def _load(name: str) -> tuple[tuple[Rule, ...], str | None]:
    found = installed()
    entry = found.get(name)
    if entry is None:
        have = ", ".join(sorted(found)) or "none"
        return (), f"is not installed: no installed package has it in the {GROUP} entry-point group (installed: {have})"
    try:
        loaded = entry.load()
    except (Exception, SystemExit) as exc:  # a plugin's import error is its own: reported, never a traceback
        return (), f"({entry.value}) cannot be loaded: {type(exc).__name__}: {exc}"
    if isinstance(loaded, ModuleType):
        offered: list[Any] = [v for v in vars(loaded).values() if isinstance(v, Rule)]
    elif isinstance(loaded, Rule):
        offered = [loaded]
    elif isinstance(loaded, list | tuple):
        offered = list(loaded)
    else:
        return (), f"({entry.value}) is a {type(loaded).__name__}; it must be a Rule, a list of them or a module"
    if not offered:
        return (), f"({entry.value}) offers no rule"
    rules: list[Rule] = []
    for item in offered:
        problem = _problem(item, rules)
        if problem is not None:
            return (), f"({entry.value}): {problem}"
        link = item.link if item.link is not None else ""  # never a section of automlspec's own rule docs
        rules.append(replace(item, link=link))
    return tuple(rules), None


def _problem(item: Any, taken: list[Rule]) -> str | None:
    if not isinstance(item, Rule):
        return f"offers {type(item).__name__} {item!r}, not a Rule (made with automlspec.rules.rule)"
    if item.scope not in ("spec", "run") or item.check is None:
        return f"rule {item.code} has no check to run (scope {item.scope!r}); make it with automlspec.rules.rule"
    if not _CODE.match(item.code) or item.code.startswith("AML"):
        return (
            f"rule code {item.code!r} must be capitals then digits (ACME001), and not start with AML (built-in codes)"
        )
    if item.code in REGISTRY or item.name in BY_NAME:
        return f"rule {item.code} ({item.name}) clashes with a built-in rule's code or name"
    for other in (*taken, *PLUGINS.values()):
        if other.code == item.code and other.check is not item.check:
            return f"rule code {item.code} is taken by another plugin's rule ({other.name})"
    return None
