"""Before/after proof: every command's output, byte for byte, against committed golden files.

Each case runs the CLI in-process (``automlspec.cli.main``) from the repository root with colour off and
no project configuration, and records the exit code, standard error, standard output and any file the
command wrote. A reshape must leave every golden file unchanged; a deliberate change of output is made
with ``python -m pytest tests/test_golden.py --update-golden`` and reviewed as a diff of tests/golden/.
"""

from __future__ import annotations

import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from automlspec.cli import main
from automlspec.report import NAMES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SPECS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "specs").glob("*.yaml"))
CASE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "cases").rglob("*.y*ml"))
LINT_FORMATS = ("text", "concise", "json")
PROBLEM_TYPES = ("binary", "multiclass", "regression", "timeseries", "textgen", "image", "text-classification")
V1_SPECS = [s for s in SPECS if s.endswith("-v1.yaml")]
EXPLAIN = ("AML001", "AML104", "invalid-enum-value", "AML301", "AML900", "AML520")


@dataclass(frozen=True)
class Case:
    golden: str  # path under tests/golden/
    argv: tuple[str, ...]
    copy: str | None = None  # run in a scratch directory holding a copy of this file (commands that write)


def _cases() -> list[Case]:
    cases: list[Case] = []
    for fmt in LINT_FORMATS:
        color = ("--color", "never") if fmt == "text" else ()
        for path in [*SPECS, *CASE_FILES]:
            cases.append(Case(f"lint/{fmt}/{path}", ("lint", "--no-config", "--format", fmt, *color, path)))
        # A whole directory: the run-level rules see every spec at once.
        cases.append(Case(f"lint/{fmt}/specs-dir", ("lint", "--no-config", "--format", fmt, *color, "specs")))
    for fmt in NAMES:  # every format, on every case file at once
        color = ("--color", "never") if fmt == "text" else ()
        cases.append(
            Case(f"lint/all-formats/cases-dir.{fmt}", ("lint", "--no-config", "--format", fmt, *color, "tests/cases"))
        )
        if fmt not in LINT_FORMATS:
            cases.append(Case(f"lint/all-formats/specs-dir.{fmt}", ("lint", "--no-config", "--format", fmt, "specs")))
    for path in SPECS:
        cases.append(Case(f"resolve/{path}", ("resolve", "--no-config", path)))
        cases.append(Case(f"compile/own/{path}", ("compile", "--no-config", path)))
        cases.append(Case(f"compile/v1/{path}", ("compile", "--no-config", "--api", "v1", path)))
        cases.append(Case(f"compile/v2/{path}", ("compile", "--no-config", "--api", "v2", path)))
        cases.append(Case(f"compile/resolved/{path}", ("compile", "--no-config", "--resolved", path)))
    # A spec with errors: resolve and compile print the findings to standard error instead.
    bad = "tests/cases/limits/bad-v1.yaml"
    cases.append(Case(f"resolve/{bad}", ("resolve", "--no-config", "--color", "never", bad)))
    cases.append(Case(f"compile/own/{bad}", ("compile", "--no-config", "--color", "never", bad)))
    for problem in PROBLEM_TYPES:
        for api in ("v1", "v2"):
            cases.append(Case(f"init/{api}/{problem}", ("init", "--problem-type", problem, "--api", api)))
    cases.append(Case("migrate/check-specs-dir", ("migrate", "--check", "specs")))
    for path in V1_SPECS:
        name = Path(path).name
        cases.append(Case(f"migrate/check/{path}", ("migrate", "--check", path)))
        cases.append(Case(f"migrate/write/{path}", ("migrate", name), copy=path))
    for api in ("v1", "v2"):
        cases.append(Case(f"schema/{api}", ("schema", "--api", api)))
    cases.append(Case("rules/text", ("rules",)))
    cases.append(Case("rules/json", ("rules", "--format", "json")))
    for code in EXPLAIN:
        cases.append(Case(f"explain/{code}", ("explain", code)))
    return cases


CASES = _cases()


def _run(case: Case, cwd: Path) -> str:
    """The CLI's exit code, stderr, stdout and written file, as one exact text."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="", write_through=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(case.argv))
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved
    parts = [
        f"$ automlspec {' '.join(case.argv)}\n",
        f"--- exit {code}\n",
        "--- stderr\n",
        err_bytes.getvalue().decode("utf-8"),
        "--- stdout\n",
        out_bytes.getvalue().decode("utf-8"),
    ]
    if case.copy is not None:
        written = cwd / Path(case.copy).name
        parts += [f"--- file {written.name}\n", written.read_text("utf-8")]
    return "".join(parts)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "AUTOMLSPEC_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.golden)
def test_output_matches_golden(
    case: Case, clean_env: None, update_golden: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = ROOT
    if case.copy is not None:
        cwd = tmp_path
        shutil.copy(ROOT / case.copy, cwd / Path(case.copy).name)
    monkeypatch.chdir(cwd)
    got = _run(case, cwd)
    golden = GOLDEN / f"{case.golden}.out"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got.encode("utf-8"))
        return
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden and review the diff"
    assert got == golden.read_bytes().decode("utf-8"), f"{case.golden}: output changed (pytest --update-golden)"


def test_no_stale_golden_files(update_golden: bool) -> None:
    """Every golden file belongs to a case, so a removed case cannot leave an unchecked file behind."""
    expected = {GOLDEN / f"{c.golden}.out" for c in CASES}
    stale = [p for p in GOLDEN.rglob("*.out") if p not in expected]
    if update_golden:
        for path in stale:
            path.unlink()
        return
    assert not stale, f"golden files without a case: {sorted(map(str, stale))}"
