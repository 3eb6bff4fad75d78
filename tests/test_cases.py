"""Case files: each is a real spec with `# expect: CODE[, CODE]` on the line where a finding must be.

Every finding of the file must be expected and every expectation met (sqlfluff's rule-case fixtures,
mypy's `# E:` comments). Files under tests/cases/ are linted without any project configuration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.lint import lint_text

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)")


def _files() -> list[Path]:
    return sorted(p for p in CASES.rglob("*") if p.suffix in (".yaml", ".yml"))


def expectations(text: str) -> set[tuple[int, str]]:
    out = set()
    for number, line in enumerate(text.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out.update((number, code.strip()) for code in match.group(1).split(",") if code.strip())
    return out


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(CASES)))
def test_case_file(path: Path) -> None:
    text = path.read_text("utf-8")
    findings = lint_text(str(path), text, Config())
    got = {(f.line, f.rule) for f in findings}
    expected = expectations(text)
    detail = "\n".join(f"  {f.line}:{f.column} {f.rule} {f.message}" for f in findings)
    assert got == expected, f"unexpected: {sorted(got - expected)}; missing: {sorted(expected - got)}\n{detail}"
