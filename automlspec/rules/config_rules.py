"""Faults in the project configuration (.automlspec.yaml or [tool.automlspec] in pyproject.toml)."""

from __future__ import annotations

from ..findings import Severity
from ._rule import declare

CONFIG_INVALID = declare(
    "AML900",
    "config-invalid",
    Severity.ERROR,
    """
    The project configuration has an unknown key, a value of the wrong type, or names a rule that
    does not exist.

    ## What it does
    Checks `.automlspec.yaml` (or `[tool.automlspec]` in `pyproject.toml`) against the documented
    settings: `select`, `ignore`, `severity`, `exclude` and `defaults`. The finding points at the
    configuration file's line.

    ## Why
    A misspelt setting (`ignored:` for `ignore:`) would otherwise be silently dropped, and the rules you
    meant to switch off would keep firing, or the other way round.

    ## Source
    - automlspec documentation, docs/configuration.md
    """,
    example_kind="none",
)
