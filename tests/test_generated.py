"""scripts/generate.py: one command regenerates every generated file; `--check` names each stale file and
writes nothing; `--help` writes nothing. The per-file freshness tests (test_model_table, test_schema,
test_rule_docs, test_hooks, test_data_root) call its `stale()`, so they and the script cannot disagree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent
FRESHNESS = {
    "model": "model_table",
    "schemas": "schema",
    "rules": "rule_docs",
    "hooks": "hooks",
    "data-root": "data_root",
    "regions": "regions",
}


@pytest.fixture(scope="module")
def generate():
    return load_script("generate")


def test_each_generator_has_its_freshness_test(generate) -> None:
    """Each generator's files are checked by a test of its own, through generate.stale([name])."""
    tests = {name: (ROOT / "tests" / f"test_{module}.py").read_text("utf-8") for name, module in FRESHNESS.items()}
    assert set(generate.GENERATORS) == set(FRESHNESS)
    for name, text in tests.items():
        assert f'stale(["{name}"])' in text, f"{FRESHNESS[name]} does not check {name}"


def test_check_names_each_stale_file_and_writes_nothing(generate, monkeypatch, capsys) -> None:
    page = ROOT / "docs" / "rules.md"
    before = page.read_bytes()
    monkeypatch.setitem(generate.GENERATORS, "rules", lambda: {page: before + b"\nchanged\n"})
    assert generate.main(["--check", "--only", "rules"]) == 1
    assert "stale: docs/rules.md" in capsys.readouterr().err
    assert page.read_bytes() == before


def test_write_mode_rewrites_only_what_differs(generate, monkeypatch, tmp_path, capsys) -> None:
    same, changed = tmp_path / "same.txt", tmp_path / "sub" / "changed.txt"
    same.write_text("kept")
    monkeypatch.setitem(generate.GENERATORS, "rules", lambda: {same: b"kept", changed: b"new"})
    assert generate.main(["--only", "rules"]) == 0
    assert capsys.readouterr().out == f"wrote {changed}\n"
    assert changed.read_bytes() == b"new"
    assert generate.main(["--check", "--only", "rules"]) == 0


def test_a_file_the_mirror_no_longer_generates_is_stale(generate, monkeypatch) -> None:
    kept = {path: path.read_bytes() for path in generate.MIRROR.rglob("*") if path.is_file()}
    leftover = next(iter(sorted(p for p in kept if p.suffix != ".parquet")))
    monkeypatch.setitem(generate.GENERATORS, "data-root", lambda: {p: c for p, c in kept.items() if p != leftover})
    assert generate.stale(["data-root"]) == [leftover.relative_to(ROOT).as_posix() + " (no longer generated)"]


@pytest.mark.parametrize("script", ["generate.py", "generate_model.py", "generate_hooks.py", "generate_data_root.py"])
def test_help_prints_usage_and_writes_nothing(script: str) -> None:
    watched = [p for p in (ROOT / "automlspec" / "resources").glob("*.json")] + [
        ROOT / ".pre-commit-hooks.yaml",
        ROOT / "docs" / "pre-commit.md",
        ROOT / "docs" / "rules.md",
    ]
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in watched}
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:")
    assert not done.stdout.count("wrote")
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in watched} == before
