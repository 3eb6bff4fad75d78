"""docs/plan.md's "What apply will never do": every promise names the tests that prove it (STYLE.md,
principle 19), and every test it names exists, so the section cannot name a test that was renamed away."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## What apply will never do"


def _section() -> str:
    text = (ROOT / "docs" / "plan.md").read_text("utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def _tests(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text("utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_promise_names_tests_that_exist() -> None:
    rows = [line for line in _section().splitlines() if line.startswith("| ") and "never ..." not in line]
    rows = [row for row in rows if not row.startswith("| ---")]
    assert len(rows) >= 3, "the section lists the promises as a table"
    for row in rows:
        named = re.findall(r"`(tests/[\w/]+\.py)?::(\w+)`", row)
        assert named, f"a promise without a test: {row}"
        current = None
        for path, name in named:
            current = path or current
            assert current is not None, row
            assert name in _tests(current), f"{current}::{name} does not exist"
    for promise in ("account", "stops", "tag"):  # the three promises of the issue, at least
        assert any(promise in row for row in rows), promise
