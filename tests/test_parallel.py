"""`lint --jobs N` prints exactly what one process prints (automlspec/parallel.py).

The tree mixes what crosses file boundaries or depends on where a file is: configurations layered from
the root and a sub-folder (select, ignore, defaults, a policy, an `exclude`, a configuration error),
job names used twice across files (a rule across specs), used, unused and unknown suppression comments,
YAML faults, V1 and V2 specs with proved suggestions and fixes, files that cannot be read, and the example
specs and rule cases. Each run goes through cli.main, so exit codes and standard error are compared too.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from automlspec import parallel
from automlspec.cli import main
from automlspec.views.findings import NAMES as FINDINGS_FORMATS

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="lint --jobs forks its workers")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    (root / ".git").mkdir()  # the project's root: configuration files are trusted below it
    shutil.copytree(ROOT / "tests" / "cases", root / "cases")
    shutil.copytree(ROOT / "specs", root / "specs")
    (root / ".automlspec.yaml").write_text(
        "exclude: ['drafts/**']\n"
        "no-such-setting: 1\n"  # a configuration finding
        "policies:\n"
        "  output-encrypted:\n"
        "    message: jobs encrypt their output with a KMS key\n"
        "    check: {field: OutputDataConfig.KmsKeyId, required: true}\n",
        "utf-8",
    )
    (root / "drafts").mkdir()
    (root / "drafts" / "draft.yaml").write_text("AutoMLJobName: [unclosed\n", "utf-8")  # named: linted
    (root / "drafts" / "other.yaml").write_text("AutoMLJobName: [unclosed\n", "utf-8")  # excluded: never read
    team = root / "team"
    (team / "strict").mkdir(parents=True)
    (team / ".automlspec.yaml").write_text(
        "ignore: [AML107]\ndefaults:\n  RoleArn: arn:aws:iam::123456789012:role/team\n", "utf-8"
    )
    (team / "strict" / ".automlspec.yaml").write_text("select: [AML1, AML2]\nignore: [AML999]\n", "utf-8")
    for number in range(30):  # the same job name in several files: a rule across specs
        folder = team if number % 2 else team / "strict"
        text = SPEC.replace("churn-binary-v1", f"churn-{number % 7}")
        if number % 5 == 0:
            text = text.replace("AutoMLJobName:", "AutoMLJobName: # automlspec: ignore[AML101]\n  x:", 1)
        if number % 6 == 3:
            text = "# automlspec: ignore-file[AML999, invalid-enum-value, no-such-rule, output-encrypted]\n" + text
        if number % 9 == 0:
            text = text.replace("ProblemType: BinaryClassification", "ProblemType: binaryclassification")
        if number % 4 == 0:
            text = text.replace("MaxCandidates: 100", "MaxCandidates: 1000")
        (folder / f"spec-{number:02d}.yaml").write_text(text, "utf-8")
    (team / "broken.yaml").write_text("AutoMLJobName: [unclosed\n", "utf-8")
    (team / "empty.yaml").write_text("# nothing here\n", "utf-8")
    (team / "list.yaml").write_text("- a\n- b\n", "utf-8")
    (team / "unreadable.yaml").mkdir()  # walked as a folder; named, it cannot be read as a spec
    return root


def _cli(tree: Path, argv: list[str]) -> tuple[int, bytes, bytes]:
    """cli.main(argv) in ``tree``: its exit code and every byte of standard output and error."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="", write_through=True)
    saved, cwd = (sys.stdout, sys.stderr), os.getcwd()
    sys.stdout, sys.stderr = out, err
    try:
        os.chdir(tree)
        code = main(argv)
    finally:
        os.chdir(cwd)
        sys.stdout, sys.stderr = saved
    return int(code), out_bytes.getvalue(), err_bytes.getvalue()


@pytest.fixture(autouse=True)
def _cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight cores, whatever the machine: `-j 2` and `-j 3` fork as asked on a 1- or 2-core runner too
    (lint never forks more workers than cores)."""
    monkeypatch.setattr(parallel, "cores", lambda: 8)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the pools lint started."""
    started: list[int] = []
    real = parallel.lint_located
    monkeypatch.setattr(parallel, "lint_located", lambda *a: started.append(a[2]) or real(*a))
    return started


PATHS = [".", "team/unreadable.yaml", "no-such-file.yaml", "drafts/draft.yaml"]
OPTIONS = [[f"--format={name}"] for name in FINDINGS_FORMATS] + [
    ["--statistics"],
    ["--statistics", "--format=json"],
    ["-q", "--strict"],
    ["--show-fixes", "--unsafe-fixes"],
    ["--diff"],
    ["--max-findings=2", "--force-exclude"],
]


@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_workers_print_what_one_process_prints(tree: Path, options: list[str], forks: list[int]) -> None:
    argv = ["lint", "--color=never", *options, *PATHS]
    one = _cli(tree, [*argv, "-j", "1"])
    assert forks == []
    for jobs in (2, 3):
        assert _cli(tree, [*argv, "-j", str(jobs)]) == one
    assert forks == [2, 3]
    assert one[0] == 2  # the path that does not exist


def test_the_tree_has_what_the_comparison_needs(tree: Path) -> None:
    """The one-process output holds each thing the workers must reproduce."""
    code, out, err = _cli(tree, ["lint", "--color=never", "-j", "1", *PATHS])
    assert code == 2  # the path that does not exist
    text = out.decode()
    for wanted in ("AML001", "AML901", "AML902", "AML900", "output-encrypted", "[*]", "help:", "excluded by"):
        assert wanted in text, wanted
    assert "team/strict/spec-02.yaml" in text and "drafts/draft.yaml" in text  # named: linted all the same
    assert b"no-such-file.yaml" in err


def test_fix_with_workers_fixes_what_one_process_fixes(tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 2):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        for number in range(6):
            text = SPEC.replace("churn-binary-v1", f"churn-{number}").replace(
                "BinaryClassification", "binaryclassification"
            )
            (folder / f"{number}.yaml").write_text(text, "utf-8")
        code, out, err = _cli(folder, ["lint", "--color=never", "--fix", "--show-fixes", "-j", str(jobs), "."])
        outputs.append((code, out, err))
    assert outputs[0] == outputs[1]
    for number in range(6):
        assert (tmp_path / "jobs1" / f"{number}.yaml").read_bytes() == (
            tmp_path / "jobs2" / f"{number}.yaml"
        ).read_bytes()
    assert "BinaryClassification" in (tmp_path / "jobs2" / "0.yaml").read_text("utf-8")


def test_how_many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    assert parallel.workers(None, 100_000) == 1  # without --jobs: one process (docs/benchmarks.md)
    assert parallel.workers(0, 10) == 4  # --jobs 0: every core
    assert parallel.workers(1, 10_000) == 1
    assert parallel.workers(3, 10_000) == 3
    assert parallel.workers(8, 2) == 2  # never more than the files
    assert parallel.workers(1000, 10_000) == 4  # nor the cores: a thousand forks took 38 s for 1 s of work
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert parallel.workers(4, 10_000) == 1


def test_without_jobs_a_large_tree_stays_in_one_process(tree: Path, forks: list[int]) -> None:
    assert _cli(tree, ["lint", "--color=never", "."])[0] == 1
    assert forks == []


@pytest.mark.parametrize("platform", ["darwin", "win32", "cygwin"])
def test_no_fork_where_it_is_not_safe(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert not parallel.can_fork()
    assert parallel.workers(4, 10_000) == 1


def test_standard_input_and_data_stay_in_one_process(tree: Path, forks: list[int]) -> None:
    from automlspec.config import ConfigResolver
    from automlspec.dataset import local_context
    from automlspec.project import Stdin

    stdin = Stdin(SPEC.encode(), "<stdin>")
    done = parallel.lint_tree([str(tree / "specs")], ConfigResolver(), stdin=stdin, jobs=2)
    assert done.result.files == 8
    reader = local_context(tree / "specs")  # nothing to read there: the data checks say so, in one process
    done = parallel.lint_tree([str(tree / "specs")], ConfigResolver(), reader=reader, jobs=2)
    assert done.result.files == 7
    assert forks == []


def test_a_negative_jobs_is_a_usage_error(tree: Path) -> None:
    code, out, err = _cli(tree, ["lint", "-j", "-1", "specs"])
    assert code == 2 and out == b""
    assert b"-1" in err and b"Traceback" not in err


def _dies(index: int) -> None:
    if index == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_WORK(index)


def _raises(index: int) -> None:
    if index == 3:
        raise RuntimeError("a loader bug")
    return REAL_WORK(index)


REAL_WORK = parallel._work


def test_a_worker_that_dies_loses_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run is linted again in one process: the same findings and exit code, one warning line more."""
    argv = ["lint", "--color=never", "--format=concise", *PATHS]
    one = _cli(tree, [*argv, "-j", "1"])
    monkeypatch.setattr(parallel, "_work", _dies)
    code, out, err = _cli(tree, [*argv, "-j", "2"])
    assert (code, out) == one[:2]
    warning, _, rest = err.partition(b"\n")
    assert rest == one[2]
    assert warning.startswith(b"automlspec: warning: lint --jobs 2: a worker process stopped")
    assert warning.endswith(b"linted again in one process")


def test_a_worker_that_raises_loses_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a worker: one process runs again and shows the output one process gives."""
    argv = ["lint", "--color=never", "--format=json", *PATHS]
    one = _cli(tree, [*argv, "-j", "1"])
    monkeypatch.setattr(parallel, "_work", _raises)
    assert _cli(tree, [*argv, "-j", "2"]) == one


def _interrupts(index: int) -> None:
    if index == 3:
        os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C reaches this process (workers ignore it)
    return REAL_WORK(index)


def test_ctrl_c_stops_the_pool_as_one_process_stops(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the workers run: the pool is shut down, no worker is left, and cli.main reports it
    as it does when one process is interrupted."""
    import multiprocessing

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "_work", _interrupts)
    two = _cli(tree, ["lint", "-j", "2", "."])
    assert multiprocessing.active_children() == []
    monkeypatch.setattr(parallel, "read_located", interrupted)
    assert _cli(tree, ["lint", "-j", "1", "."]) == two
    assert b"Traceback" not in two[2]
