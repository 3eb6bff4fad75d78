"""mypy finds no error in automlspec under the configuration in pyproject.toml ([tool.mypy]).

In the slow set (`python -m pytest -m slow`), which .ci/run runs: that is the one place CI runs mypy. The
first run takes about ten seconds, later ones reuse .mypy_cache.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_mypy_finds_no_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml", "automlspec"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_mypy_configuration_is_strict_where_issue_7_asks() -> None:
    """Untyped bodies are checked and stale ignores fail, so `# type: ignore` cannot silently pile up."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    for flag in ("check_untyped_defs", "warn_unused_ignores", "warn_redundant_casts"):
        assert config.get(flag) is True, flag
    assert "ignore_missing_imports" not in config, "ignore untyped packages per module, in [[tool.mypy.overrides]]"
