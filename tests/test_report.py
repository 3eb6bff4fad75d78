"""The text report prints the same text with and without colour, and never passes control bytes on."""

from __future__ import annotations

import io
import re
from pathlib import Path

from automlspec.config import Config
from automlspec.lint import LintResult, lint_text
from automlspec.report import report_of
from automlspec.report.text import render

CASES = Path(__file__).parent / "cases"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _result(path: Path) -> LintResult:
    text = path.read_text("utf-8")
    findings = lint_text(str(path), text, Config())
    return LintResult(findings, 1, 1, {str(path): text})


def test_plain_and_coloured_text_are_the_same_text() -> None:
    for path in sorted(CASES.rglob("*.yaml")):
        result = _result(path)
        plain, coloured = io.StringIO(), io.StringIO()
        render(report_of(result), plain, False)
        render(report_of(result), coloured, True)
        assert "\x1b[" in coloured.getvalue()
        assert ANSI.sub("", coloured.getvalue()) == plain.getvalue(), path


def test_control_characters_in_a_spec_are_shown_escaped(tmp_path: Path) -> None:
    spec = tmp_path / "evil.yaml"
    spec.write_text('AutoMLJobName: "a\\e[2Jb"\nInputDataConfig: []\n', "utf-8")
    for color in (False, True):
        out = io.StringIO()
        render(report_of(_result(spec)), out, color)
        assert "\x1b[2J" not in out.getvalue()
        assert "\\x1b[2J" in out.getvalue()
