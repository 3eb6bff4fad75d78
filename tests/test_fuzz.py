"""The atheris target for the loader (fuzz/fuzz_loader.py) runs briefly in the suite: a few thousand
inputs mutated from the specs and test cases, in a subprocess (libFuzzer owns the process and exits it).
The longer run is on demand; its command is in the target's docstring and README's bounds section."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "fuzz" / "fuzz_loader.py"

try:
    import atheris
except ImportError:  # the test extra installs it wherever a wheel exists (Linux, CPython)
    atheris = None


@pytest.mark.skipif(atheris is None, reason="atheris has no wheel for this platform or Python (pip install atheris)")
def test_the_loader_survives_a_short_fuzzing_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index, path in enumerate(sorted([*ROOT.glob("specs/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])):
        shutil.copy(path, corpus / f"{index:03d}.yaml")  # copies: libFuzzer adds its finds to the first folder
    run = subprocess.run(
        [sys.executable, str(TARGET), "-runs=2000", "-seed=1", "-max_len=1024", "-timeout=20", str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # a crash-* file lands here, not in the checkout
    )
    tail = "\n".join(run.stderr.splitlines()[-30:])
    assert run.returncode == 0, tail
    assert "Done 2000 runs" in run.stderr, tail
    assert not list(tmp_path.glob("crash-*")), tail
