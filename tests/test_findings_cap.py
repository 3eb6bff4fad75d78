"""Findings shown per file are bounded (README "Bounds", issue 13): at most 100 per file in every format,
then one AML009 finding with how many more there are; the summary and the exit code count them all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from automlspec.cli import main
from automlspec.views.findings import MAX_FINDINGS, NAMES

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")


def spec_with(unknown: int) -> str:
    """The sample spec with ``unknown`` unknown top-level keys: one error finding each."""
    return V1 + "".join(f"Unknown{i:05d}: 1\n" for i in range(unknown))


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.yaml").write_text(spec_with(250), "utf-8")
    (tmp_path / "small.yaml").write_text(spec_with(3).replace("churn-binary-v1", "churn-small"), "utf-8")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["lint", "--no-config", *args])
    return code, capsys.readouterr().out


def test_json_shows_the_bound_then_one_finding_with_the_rest(files: Path, capsys) -> None:
    code, out = run(capsys, "--format", "json", "big.yaml", "small.yaml")
    found = json.loads(out)
    big = [f for f in found if f["file"] == "big.yaml"]
    assert code == 1
    assert len(big) == MAX_FINDINGS + 1 and [f["rule"] for f in big].count("AML009") == 1
    notice = big[-1]
    assert notice["rule"] == "AML009" and notice["severity"] == "error"
    assert notice["message"].startswith("150 more findings in this file not shown (150 errors), from line ")
    assert notice["line"] == big[-2]["line"] + 1  # at the first finding left out
    assert len([f for f in found if f["file"] == "small.yaml"]) == 3  # the bound is per file


@pytest.mark.parametrize("name", NAMES)
def test_every_format_is_bounded_and_says_how_many_were_left_out(files: Path, capsys, name: str) -> None:
    code, out = run(capsys, "--format", name, "big.yaml")
    assert code == 1
    assert out.count("Unknown") <= 3 * (MAX_FINDINGS + 1)  # message, excerpt, path at most per finding
    # the text format shows the first line left out under the notice, nothing after it
    assert "Unknown00099" in out and "Unknown00101" not in out and "Unknown00249" not in out
    assert "150 more findings in this file not shown" in out
    if name in ("text", "github"):
        assert "Found 250 errors" in out  # the summary counts every finding
    if name == "sarif":
        sarif = json.loads(out)
        assert "AML009" in {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        assert len(sarif["runs"][0]["results"]) == MAX_FINDINGS + 1


def test_max_findings_changes_the_bound_and_zero_shows_all(files: Path, capsys) -> None:
    code, out = run(capsys, "--format", "concise", "--max-findings", "3", "big.yaml")
    assert code == 1 and len(out.splitlines()) == 4
    assert re.search(r"AML009 \[error\] 247 more findings in this file not shown \(247 errors\)", out)
    code, out = run(capsys, "--format", "concise", "--max-findings", "0", "big.yaml")
    assert code == 1 and len(out.splitlines()) == 250 and "AML009" not in out


def test_exactly_the_bound_shows_no_notice(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(spec_with(MAX_FINDINGS), "utf-8")
    code, out = run(capsys, "--format", "json", "s.yaml")
    assert code == 1 and len(json.loads(out)) == MAX_FINDINGS and "AML009" not in out


def test_the_notice_takes_the_worst_severity_left_out(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(spec_with(5), "utf-8")
    (tmp_path / "warn.yaml").write_text("severity: {AML102: warning}\n", "utf-8")
    args = ("--format", "json", "--max-findings", "2", "s.yaml")
    code = main(["lint", "--config", "warn.yaml", *args])
    notice = json.loads(capsys.readouterr().out)[-1]
    assert code == 0 and (notice["rule"], notice["severity"]) == ("AML009", "warning")
    assert "(3 warnings)" in notice["message"]
    assert main(["lint", "--config", "warn.yaml", "--strict", *args]) == 1  # the hidden warnings still count
    capsys.readouterr()


def test_a_negative_bound_is_a_usage_error(files: Path, capsys) -> None:
    assert run(capsys, "--max-findings", "-1", "big.yaml")[0] == 2
