""".pre-commit-hooks.yaml and the hook reference in docs/pre-commit.md are generated from
automlspec/hooks.py (scripts/generate_hooks.py); these tests fail when either is stale or wrong.
tests/test_precommit.py runs the hook with the real pre-commit."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from script_loader import load_script

from automlspec.hooks import HOOKS

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    return load_script("generate_hooks")


def test_generated_files_are_fresh() -> None:
    assert _generator().main(["--check"]) == 0, "run python scripts/generate.py"
    assert load_script("generate").stale(["hooks"]) == []


def test_hooks_file_reads_back_as_the_hooks_data() -> None:
    manifest = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    expected = [{k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(h).items()} for h in HOOKS]
    assert manifest == expected


def test_pre_commit_accepts_the_manifest() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed")
    hooks = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == [h.id for h in HOOKS]


def test_entry_is_a_console_script_of_this_package() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    for hook in HOOKS:
        assert hook.entry.split()[0] in scripts


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("specs/churn.yaml", False),
        ("jobs/team-a/churn.yml", False),
        (".automlspec.yaml", True),
        ("specs/.automlspec.yml", True),
        (".pre-commit-config.yaml", True),
        (".github/workflows/ci.yml", True),
        ("specs/.drafts/churn.yaml", True),
    ],
)
def test_exclude_skips_hidden_files_and_folders_as_the_directory_walk_does(path: str, excluded: bool) -> None:
    for hook in HOOKS:
        # pre-commit matches `exclude` with re.search against the repo-relative path
        assert bool(re.search(hook.exclude, path)) is excluded
