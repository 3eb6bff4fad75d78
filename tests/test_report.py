"""The text report prints the same text with and without colour, and never passes control bytes on."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.lint import LintResult, lint_text
from automlspec.views.findings import report_of
from automlspec.views.findings.text import render

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


def test_long_lines_are_cut_to_a_window_around_the_span() -> None:
    from automlspec.views.findings.text import EXCERPT_WIDTH, excerpt

    assert excerpt("Mode: AUTO", 7, 4) == ("Mode: AUTO", 6, 4)  # short lines are shown whole
    line = "x" * 1000 + "TARGET" + "y" * 1000
    shown, offset, width = excerpt(line, 1001, 6)
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= EXCERPT_WIDTH + 2
    assert shown[offset : offset + width] == "TARGET"
    shown, offset, width = excerpt("a" * 500, 1, 500)  # a span wider than the window
    assert offset == 0 and width == EXCERPT_WIDTH and shown.endswith("…")


def test_output_grows_with_findings_not_with_line_length(tmp_path: Path) -> None:
    """Thousands of unknown keys on one long line printed the whole line under each finding (5,000 on
    79 KB: 592 MB)."""
    keys = ", ".join(f"Unknown{i:04d}: {i}" for i in range(2000))  # under the 10,000-value bound
    spec = tmp_path / "wide.yaml"
    spec.write_text(
        "{AutoMLJobName: wide, AutoMLJobInputDataConfig: [], AutoMLProblemTypeConfig: {}, " + keys + "}\n", "utf-8"
    )
    out = io.StringIO()
    render(report_of(_result(spec), max_findings=0), out, False)  # every finding: the excerpt alone bounds it
    text = out.getvalue()
    findings = text.count("\n1 | ")
    assert findings >= 2000
    assert max(len(line) for line in text.splitlines()) < 400
    assert len(text) < 1000 * (findings + 1)


def test_help_is_shown_only_when_it_replaces_the_underlined_text() -> None:
    # ruff's layout (issue 12): the message names the problem; `help:` carries a replacement for the
    # underlined text, never a fix for a missing field (whose span is its parent's); no `= path:` line.
    result = _result(CASES / "deployment" / "endpoint-name.yaml")
    missing = [f for f in result.findings if f.rule == "AML502"]
    # a value for a field not written is no replacement: not a suggestion either (JSON's `suggestion` is
    # the help:, issue 22)
    assert missing and all(f.suggestion is None and f.fix is None for f in missing)
    assert all("set EndpointName (for example" in f.message for f in missing)  # the fix is in the message
    out = io.StringIO()
    render(report_of(result), out, False)
    text = out.getvalue()
    assert "= path:" not in text
    for finding in missing:
        block = text.split(f":{finding.line}:{finding.column}: AML502", 1)[1].split("\n\n", 1)[0]
        assert "help:" not in block, block
    typo = _result(CASES / "limits" / "bad-v1.yaml")
    enum = next(f for f in typo.findings if f.rule == "AML104")
    assert enum.replaces and "did you mean" not in enum.message
    out = io.StringIO()
    render(report_of(typo), out, False)
    assert f"^^^^^^^^ help: {enum.suggestion}" in out.getvalue()


def _text(yaml: str) -> str:
    findings = lint_text("t.yaml", yaml, Config())
    out = io.StringIO()
    render(report_of(LintResult(findings, 1, 1, {"t.yaml": yaml})), out, False)
    return out.getvalue()


def test_a_help_line_is_a_replacement_never_a_no_op_or_another_fields_value() -> None:
    # A new user's report: `help: 3` under `Value: 3` (the string '3' is meant), `help: F1` under the
    # ProblemType key (F1 is the metric to add, not a ProblemType), `help: remove one of the two keys`.
    spec = (Path(__file__).parent.parent / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")
    assert "ProblemType: BinaryClassification" in spec and "AutoMLJobObjective:\n  MetricName: AUC\n" in spec
    text = _text(spec + "Tags:\n  - Key: epochs\n    Value: 3\n")
    assert "^ help: '3'" in text
    text = _text(spec.replace("AutoMLJobObjective:\n  MetricName: AUC\n", ""))
    block = text.split("AML203", 1)[1].split("\n\n", 1)[0]
    assert "default metric is F1" in block and "help:" not in block
    duplicate = _text(spec + "RoleArn: arn:aws:iam::123456789012:role/other\n")
    block = duplicate.split("AML003", 1)[1].split("\n\n", 1)[0]
    assert "remove one of the two" in block and "help:" not in block


@pytest.mark.parametrize(
    "env", [{"TERM": "xterm"}, {"TERM": "xterm-256color"}, {"COLORTERM": "truecolor"}, {"TERM": "vt100"}, {}]
)
def test_colour_without_rich_is_what_rich_prints(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The text format's colour is written without importing rich (issue 26): byte for byte what rich
    writes for the same lines in every colour system rich may pick from the environment."""
    import io

    from automlspec.config import ConfigResolver
    from automlspec.project import lint_paths
    from automlspec.views.findings import render
    from automlspec.views.findings import text as text_format

    for name in ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = lint_paths([str(Path(__file__).parent / "cases")], ConfigResolver(None, True, [], []), None)
    assert text_format._plain_ansi()
    ours = io.StringIO()
    render(result, ours, "text", "always")
    monkeypatch.setattr(text_format, "_plain_ansi", lambda: False)
    theirs = io.StringIO()
    render(result, theirs, "text", "always")
    assert ours.getvalue() == theirs.getvalue()
    assert "\x1b[1;31m" in ours.getvalue()
    assert set(text_format.STYLES.values()) <= set(text_format.ANSI)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"TERM": "UNKNOWN"}])
def test_rich_prints_colour_where_its_output_differs(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from automlspec.views.findings import text as text_format

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert not text_format._plain_ansi()
