"""`lint --fix` and `lint --diff` (issue 12): only certain fixes, only the fixed scalars change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_run import run_cli

from automlspec.config import ConfigResolver
from automlspec.project import open_project

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
BROKEN = (
    V1.replace("S3Uri: s3://", "S3Uri: 's3:/")
    .replace("churn/train/", "churn/train/'")
    .replace("ProblemType: BinaryClassification", 'ProblemType: "binary_classification"  # keep this comment')
    .replace("MaxCandidates: 50", 'MaxCandidates: "50"')
)


def cli(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The command line in this process (tests/cli_run.py; conftest unsets GITHUB_ACTIONS)."""
    return run_cli(*args, cwd=cwd, stdin=stdin, env={"NO_COLOR": "1", "COLUMNS": "200"})


def findings(*args: str, cwd: Path = ROOT) -> list[dict]:
    return json.loads(cli("lint", "--no-config", "-f", "json", *args, cwd=cwd).stdout)


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_every_fixable_case_is_fixed_and_nothing_else_changes(tmp_path: Path, unsafe: bool) -> None:
    """Each fixable finding in tests/cases disappears, and every byte outside the fixed spans is kept:
    `--fix` applies the safe fixes, `--fix --unsafe-fixes` every fix (issue 22)."""
    shutil.copytree(CASES, tmp_path / "cases")
    before = findings(".", cwd=tmp_path)
    fixable = [f for f in before if "fix" in f and (unsafe or f["fix"]["applicability"] == "safe")]
    kinds = {f["rule"] for f in fixable}
    assert len(fixable) >= 5 and {"AML103", "AML104", "AML106"} <= kinds, kinds
    if unsafe:
        assert {f["fix"]["applicability"] for f in fixable} == {"safe", "unsafe"}
        assert any(f["fix"].get("target") == "key" for f in fixable), "no key rename among the cases"
    originals = {p: p.read_bytes() for p in (tmp_path / "cases").rglob("*.yaml")}
    done = cli("lint", "--no-config", "--fix", *(["--unsafe-fixes"] * unsafe), "-f", "json", ".", cwd=tmp_path)
    assert "not fixed" not in done.stderr, done.stderr
    assert f"fixed {len(fixable)} findings" in done.stderr
    after = json.loads(done.stdout)
    assert after == findings(".", cwd=tmp_path)  # the report is the re-lint of the fixed files
    left = {(f["file"], f["line"], f["rule"], f["path"]) for f in after}  # a fix changes no line count
    for finding in fixable:
        assert (finding["file"], finding["line"], finding["rule"], finding["path"]) not in left, finding
    spans: dict[tuple[str, int], list[dict]] = {}
    for finding in fixable:
        spans.setdefault((finding["file"], finding["line"]), []).append(finding)
    for path, old in originals.items():
        name = str(path.relative_to(tmp_path))
        old_lines = old.decode("utf-8").split("\n")
        new_lines = path.read_bytes().decode("utf-8").split("\n")
        assert len(new_lines) == len(old_lines), name
        for number, (was, now) in enumerate(zip(old_lines, new_lines, strict=True), 1):
            edits = sorted(spans.get((name, number), []), key=lambda f: f["column"])
            if not edits:
                assert now == was, f"{name}:{number} changed without a fix"
                continue
            first, last = edits[0], edits[-1]
            tail = len(was) - (last["end_column"] - 1)
            assert now[: first["column"] - 1] == was[: first["column"] - 1], f"{name}:{number}"
            assert now[len(now) - tail :] == was[len(was) - tail :], f"{name}:{number}"
            for edit in edits:
                value = edit["fix"]["value"]
                shown = json.dumps(value) if isinstance(value, bool) else str(value)
                assert shown in now, f"{name}:{number}"


def test_fix_keeps_quotes_comments_and_order(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    spec.write_text(BROKEN)
    done = cli("lint", "--fix", str(spec))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "automlspec: fixed 3 findings in 1 file\n"
    assert done.stdout == "All checks passed: 1 spec in 1 file.\n"
    expected = (
        V1.replace("S3Uri: s3://", "S3Uri: 's3://")
        .replace("churn/train/", "churn/train/'")
        .replace("ProblemType: BinaryClassification", 'ProblemType: "BinaryClassification"  # keep this comment')
    )
    assert spec.read_text() == expected


def test_diff_prints_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    spec.write_text(BROKEN)
    done = cli("lint", "--diff", "churn.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert spec.read_text() == BROKEN
    assert done.stdout.startswith("--- a/churn.yaml\n+++ b/churn.yaml\n@@ ")
    assert "-MaxCandidates" not in done.stdout and '-    MaxCandidates: "50"\n+    MaxCandidates: 50\n' in done.stdout
    assert done.stderr == "automlspec: 3 fixes would be made in 1 file\n"
    clean = cli("lint", "--diff", str(ROOT / "specs"))
    assert clean.returncode == 0 and clean.stdout == ""


def test_text_marks_fixable_findings_and_json_carries_the_fix(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    spec.write_text(BROKEN.replace("churn-binary-v1", "churn_v1"))
    text = cli("lint", str(spec)).stdout
    assert "AML104 error [invalid-enum-value] [*] ProblemType" in text
    assert "AML106 error [pattern-mismatch] AutoMLJobName" in text  # a guess: an unsafe fix, not marked
    assert text.endswith("[*] 3 fixable with `automlspec lint --fix` (preview: --diff); 1 more with --unsafe-fixes.\n")
    unsafe = cli("lint", "--unsafe-fixes", str(spec)).stdout
    assert "AML106 error [pattern-mismatch] [*] AutoMLJobName" in unsafe
    assert unsafe.endswith(
        "[*] 4 fixable with `automlspec lint --fix --unsafe-fixes` (preview: --diff --unsafe-fixes).\n"
    )
    found = {f["path"]: f.get("fix") for f in findings(str(spec))}
    assert found["ProblemType"] == {"value": "BinaryClassification", "applicability": "safe"}
    assert found["AutoMLJobConfig.CompletionCriteria.MaxCandidates"] == {"value": 50, "applicability": "safe"}
    assert found["AutoMLJobName"] == {"value": "churn-v1", "applicability": "unsafe"}


def test_guesses_are_fixed_only_with_unsafe_fixes(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    text = (
        V1.replace("ProblemType: BinaryClassification", "ProblemType: BinaryClasification")  # a typo: a guess
        .replace("S3Uri: s3://", "S3Uri: ")  # no scheme at all: bucket/key might mean something else
        .replace("MaxCandidates: 50", "MaxCandidates: fifty")
    )
    spec.write_text(text)
    fixes = {f["path"]: f["fix"] for f in findings(str(spec)) if "fix" in f}
    assert {fix["applicability"] for fix in fixes.values()} == {"unsafe"}
    assert fixes["ProblemType"]["value"] == "BinaryClassification"
    regression = spec.with_name("regression.yaml")  # Regresion would be Regression, for which F1 is no metric
    regression.write_text(V1.replace("ProblemType: BinaryClassification", "ProblemType: Regresion"))
    [typo] = [f for f in findings(str(regression)) if f["path"] == "ProblemType"]
    assert "suggestion" not in typo and "fix" not in typo
    done = cli("lint", "--fix", str(spec))
    assert done.returncode == 1 and spec.read_text() == text and "fixed" not in done.stderr
    shown = cli("lint", "--fix", "--unsafe-fixes", "--show-fixes", str(spec))
    assert "ProblemType: BinaryClassification (unsafe)" in shown.stderr, shown.stderr
    assert "ProblemType: BinaryClassification\n" in spec.read_text()


def test_frequency_spellings_and_crlf_and_documents(tmp_path: Path) -> None:
    source = (CASES / "timeseries" / "forecast-frequency-forms.yaml").read_text("utf-8")
    spec = tmp_path / "ts.yaml"
    spec.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    before = [f for f in findings(str(spec)) if "fix" in f and "ForecastFrequency" in f["path"]]
    assert {f["fix"]["value"] for f in before} >= {"1H"}
    cli("lint", "--fix", str(spec))
    fixed = spec.read_bytes()
    assert fixed.count(b"\r\n") == source.count("\n") and b"\n" not in fixed.replace(b"\r\n", b"")
    assert not [f for f in findings(str(spec)) if "fix" in f and "ForecastFrequency" in f["path"]]


def test_stdin_diff_and_fix(tmp_path: Path) -> None:
    done = cli("lint", "--diff", "-", stdin=BROKEN)
    assert done.returncode == 1 and done.stdout.startswith("--- a/<stdin>\n")
    refused = cli("lint", "--fix", "-", stdin=BROKEN)
    assert refused.returncode == 2 and "for standard input use --diff" in refused.stderr


def test_a_file_edited_after_lint_is_not_overwritten(tmp_path: Path) -> None:
    from automlspec.fix import plan, write

    spec = tmp_path / "churn.yaml"
    spec.write_text(BROKEN)
    project = open_project([str(spec)], ConfigResolver())
    fixes = plan(project.lint().findings, {f.name: (f.raw, f.source) for f in project.files})
    spec.write_text(BROKEN + "# edited meanwhile\n")
    [(_item, error)] = write(fixes, {str(spec): spec})
    assert error and spec.read_text() == BROKEN + "# edited meanwhile\n"


def test_a_refused_write_is_not_counted_as_fixed(tmp_path: Path, monkeypatch, capsys) -> None:
    """A full disk (or a concurrent edit) refuses the write: 'fixed 3 findings' was printed all the same
    (issue 23, item 14). Now only what reached the disk is counted, and the rest is said."""
    import errno

    from automlspec.cli import main

    spec = tmp_path / "churn.yaml"
    spec.write_text(BROKEN)
    real_write = os.write

    def full_disk(fd: int, data) -> int:
        if b"AutoMLJobName" in bytes(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    assert main(["lint", "--fix", "--no-config", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "automlspec: fixed" not in err
    assert f"automlspec: error: {spec}: not fixed: no space left on the device" in err
    assert err.endswith("automlspec: 3 fixes not made: 1 file not written\n")
    assert spec.read_text() == BROKEN


def test_show_fixes_lists_what_fix_would_make_and_what_diff_would_make(tmp_path: Path) -> None:
    """--show-fixes alone lists the fixes --fix would make (the safe ones; with --unsafe-fixes every one),
    on standard error, and writes nothing; with --diff, the fixes of the diff (issue 22)."""
    spec = tmp_path / "churn.yaml"
    text = V1.replace("ProblemType: BinaryClassification", "ProblemType: binaryclassification").replace(
        "AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn-binary-retrain-20240115143000"
    )
    spec.write_text(text)
    safe = cli("lint", "--show-fixes", str(spec))
    assert spec.read_text() == text
    assert "automlspec: 1 fix would be fixed by --fix:\n" in safe.stderr, safe.stderr
    assert f"  {spec}:" in safe.stderr and "AML104 ProblemType: BinaryClassification\n" in safe.stderr
    assert "AutoMLJobName" not in safe.stderr  # an unsafe fix: not without --unsafe-fixes
    every = cli("lint", "--show-fixes", "--unsafe-fixes", str(spec))
    assert "automlspec: 2 fixes would be fixed by --fix:\n" in every.stderr, every.stderr
    assert "AML105 AutoMLJobName: churn-binary-20240115143000 (unsafe)\n" in every.stderr
    diff = cli("lint", "--diff", "--show-fixes", str(spec))
    assert diff.returncode == 1 and spec.read_text() == text
    assert "automlspec: 1 fix would be made:\n" in diff.stderr and "+ProblemType: BinaryClassification" in diff.stdout
