"""Faults in the project configuration (.automlspec.yaml or [tool.automlspec] in pyproject.toml)."""

from __future__ import annotations

from ..findings import Severity
from ._rule import declare

CONFIG_INVALID = declare(
    "AML900",
    "config-invalid",
    Severity.ERROR,
    """
    The project configuration has an unknown key, a value of the wrong type, an unknown rule, or a broken
    policy or plugin.

    ## What it does
    Checks `.automlspec.yaml` (or `[tool.automlspec]` in `pyproject.toml`) against the documented
    settings: `select`, `ignore`, `severity`, `exclude`, `defaults`, `target`, `policies` and `plugins`.
    A policy with an unknown operator or field path, an invalid or catastrophically slow regular
    expression, a value of the wrong type or an id a built-in rule has, and a plugin that cannot be
    loaded, are reported too (docs/policies.md). The finding points at the configuration file's line.

    ## Why
    A misspelt setting (`ignored:` for `ignore:`) would otherwise be silently dropped, and the rules you
    meant to switch off would keep firing, or the other way round.

    ## Source
    - automlspec documentation, docs/configuration.md and docs/policies.md
    """,
    example_kind="none",
    fixes="help",
)
