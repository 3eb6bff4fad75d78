"""The file walk on hostile trees (issue 13): link loops, deep trees, FIFOs, devices, unreadable entries,
and summaries that never say "passed" when a path failed (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from automlspec import source, walk
from automlspec.cli import main
from automlspec.project import lint_paths

ROOT = Path(__file__).resolve().parents[1]
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symbolic links as on POSIX")


def _tree(tmp_path: Path) -> Path:
    top = tmp_path / "repo"
    (top / "sub").mkdir(parents=True)
    (top / "good.yaml").write_text(SPEC, "utf-8")
    (top / "sub" / "other.yml").write_text(SPEC.replace("churn-binary-v1", "churn-other"), "utf-8")
    return top


@posix
def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    (top / "sub" / "up").symlink_to("..")
    (top / "sub" / "self").symlink_to("self")
    (top / "linked").symlink_to(top / "sub")
    walked = walk.walk([str(top)])
    assert sorted(p.name for p in walked.files) == ["good.yaml", "other.yml"]
    assert walked.errors == [] and walked.missing == []


@posix
def test_a_link_loop_named_as_a_spec_is_an_error_not_a_crash(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    (top / "loop.yaml").symlink_to("loop.yaml")
    (top / "dangling.yaml").symlink_to("nowhere.yaml")
    walked = walk.walk([str(top), str(top / "loop.yaml")])
    assert sorted(p.name for p in walked.files) == ["good.yaml", "other.yml"]
    assert len(walked.errors) == 2 and all("loop.yaml" in e or "dangling.yaml" in e for e in walked.errors)


def test_deep_trees_are_bounded_without_recursion(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    deep = top
    for _ in range(walk.MAX_DEPTH + 20):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "deep.yaml").write_text(SPEC, "utf-8")
    walked = walk.walk([str(top)])
    assert sorted(p.name for p in walked.files) == ["good.yaml", "other.yml"]
    assert len(walked.errors) == 1 and f"deeper than {walk.MAX_DEPTH} levels" in walked.errors[0]


@posix
def test_fifos_and_devices_are_never_opened(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    os.mkfifo(top / "fifo.yaml")
    (top / "zero.yaml").symlink_to("/dev/zero")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "automlspec",
            "lint",
            "--no-config",
            "-f",
            "concise",
            str(top),
            str(top / "fifo.yaml"),
            "/dev/zero",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert run.returncode == 2
    errors = run.stderr.splitlines()
    assert sum("a FIFO" in e for e in errors) == 1  # named and walked: reported once
    assert sum("a device" in e for e in errors) == 2
    assert "good.yaml" in run.stdout or run.stdout == ""


def test_read_spec_reads_at_most_one_byte_past_the_bound(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * (source.MAX_BYTES // 2))
    assert len(walk.read_spec(big)) == source.MAX_BYTES + 1
    result = lint_paths([str(big)])
    assert [f.rule for f in result.findings] == ["AML007"]


def test_unreadable_entries_are_errors_and_the_rest_is_linted(tmp_path: Path, monkeypatch) -> None:
    top = _tree(tmp_path)
    (top / "locked").mkdir()
    (top / "locked" / "x.yaml").write_text(SPEC, "utf-8")
    (top / "secret.yaml").write_text("AutoMLJobName: [\n", "utf-8")
    real_scandir, real_read = os.scandir, walk.read_spec

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def read_spec(path, limit=source.MAX_BYTES):
        if Path(path).name == "secret.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read(path, limit)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    monkeypatch.setattr("automlspec.project.read_spec", read_spec)
    result = lint_paths([str(top)])
    assert result.files == 2 and result.specs == 2
    assert sorted(result.unreadable) == [
        f"{top / 'locked'}: Permission denied; its specs were not linted",
        f"{top / 'secret.yaml'}: Permission denied",
    ]


def test_summary_never_says_passed_when_a_path_failed(tmp_path: Path, capsys) -> None:
    top = _tree(tmp_path)
    assert main(["lint", "--no-config", str(top / "good.yaml"), str(tmp_path / "missing.yaml")]) == 2
    captured = capsys.readouterr()
    assert "passed" not in captured.out
    assert "1 path could not be read" in captured.out
    assert "missing.yaml: no such file or directory" in captured.err
    assert main(["lint", "--no-config", str(top / "good.yaml")]) == 0
    assert "All checks passed" in capsys.readouterr().out


def test_named_files_and_walked_folders_are_deduplicated(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    walked = walk.walk([str(top / "good.yaml"), str(top), str(top / "good.yaml")])
    assert [p.name for p in walked.files] == ["good.yaml", "other.yml"]
