"""The one writer: atomic, refuses lost updates, reports each file's problem and goes on."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from automlspec import writer
from automlspec.errors import ExitCode, WriteError
from automlspec.writer import ANY, MISSING, read, write_bytes, write_many, write_text


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".automlspec-" in p.name)


def test_replaces_atomically_keeping_mode(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"old\r\n")
    path.chmod(0o640)
    before = read(path)
    outcome = write_text(path, "new\r\n", before)
    assert outcome.ok and outcome.notes == () and outcome.target == path
    assert path.read_bytes() == b"new\r\n"  # written exactly: no newline translation
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_concurrent_edit_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    before = read(path)
    path.write_text("someone else's edit\n")
    outcome = write_text(path, "new\n", before)
    assert not outcome.ok and "changed since it was read" in outcome.error
    assert path.read_text() == "someone else's edit\n"
    assert leftovers(tmp_path) == []


def test_an_edit_between_the_write_and_the_rename_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The last check runs after the temporary file is complete, just before the rename."""
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    before = read(path)
    real_fsync = os.fsync

    def edit_then_fsync(fd: int) -> None:
        real_fsync(fd)
        if not path.read_text().startswith("edited"):
            path.write_text("edited while automlspec was writing\n")

    monkeypatch.setattr(os, "fsync", edit_then_fsync)
    outcome = write_text(path, "new\n", before)
    assert not outcome.ok and "changed since it was read" in outcome.error
    assert path.read_text() == "edited while automlspec was writing\n"


def test_a_deleted_file_is_not_recreated(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    before = read(path)
    path.unlink()
    outcome = write_text(path, "new\n", before)
    assert not outcome.ok and "deleted or renamed" in outcome.error and not path.exists()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_a_failing_write_leaves_the_file_whole(tmp_path: Path, monkeypatch, code: int) -> None:
    path = tmp_path / "spec.yaml"
    original = "AutoMLJobName: churn\n# a long comment that must survive\nRoleArn: arn\n"
    path.write_text(original)
    before = read(path)
    real_write = os.write

    def full_disk(fd: int, data) -> int:
        if len(data) > 4:
            real_write(fd, bytes(data[:4]))  # a partial write first, as a filling disk does
            return 4
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", full_disk)
    outcome = write_text(path, "AutoMLJobName: churn\n" * 100, before)
    assert not outcome.ok
    assert {errno.ENOSPC: "no space left", errno.EDQUOT: "quota", errno.EIO: "rror"}[code] in outcome.error
    assert path.read_text() == original
    assert leftovers(tmp_path) == []


def test_a_failing_fsync_leaves_the_file_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    before = read(path)

    def fail(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    outcome = write_text(path, "new\n", before)
    assert not outcome.ok and "no space left on the device" in outcome.error
    assert path.read_text() == "old\n" and leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anything")
def test_unwritable_directory_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    before = read(path)
    tmp_path.chmod(0o555)
    try:
        outcome = write_text(path, "new\n", before)
    finally:
        tmp_path.chmod(0o755)
    assert not outcome.ok and "permission denied" in outcome.error and path.read_text() == "old\n"


def test_a_read_only_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    path.chmod(0o444)
    before = read(path)
    if os.geteuid() == 0:  # root may write anything: ask as a user would be answered
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    outcome = write_text(path, "new\n", before)
    assert not outcome.ok and "read-only (mode 0444)" in outcome.error and "chmod u+w" in outcome.error
    assert path.read_text() == "old\n"


def test_a_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "spec.yaml"
    target.write_text("old\n")
    link = tmp_path / "spec.yaml"
    link.symlink_to(target)
    outcome = write_text(link, "new\n", read(link))
    assert outcome.ok and outcome.target == target.resolve()
    assert outcome.notes == (f"it is a symbolic link: wrote its target {target.resolve()}, the link is unchanged",)
    assert link.is_symlink() and target.read_text() == "new\n"
    assert leftovers(tmp_path) == leftovers(real) == []


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "spec.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    outcome = write_text(link, "new\n", ANY)
    assert not outcome.ok and "does not exist" in outcome.error and not (tmp_path / "gone.yaml").exists()


def test_a_hard_link_is_reported_and_the_other_name_keeps_its_content(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("old\n")
    other = tmp_path / "copy.yaml"
    os.link(path, other)
    outcome = write_text(path, "new\n", read(path))
    assert outcome.ok
    assert outcome.notes == (
        "it had 2 hard links: this name now holds the new content, the other name keeps the old content",
    )
    assert path.read_text() == "new\n" and other.read_text() == "old\n"


def test_create_refuses_an_existing_file_and_force_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    assert write_text(path, "one\n", MISSING).ok
    assert oct(stat.S_IMODE(path.stat().st_mode)) == oct(0o666 & ~_umask())
    refused = write_text(path, "two\n", MISSING)
    assert not refused.ok and "exists" in refused.error and path.read_text() == "one\n"
    assert write_text(path, "three\n", ANY).ok and path.read_text() == "three\n"


def test_a_batch_goes_on_after_a_failure_and_raise_if_failed_exits_1(tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{n}.yaml" for n in ("a", "b", "c"))
    for path in (first, second, third):
        path.write_text("old\n")
    reads = [read(p) for p in (first, second, third)]
    second.write_text("edited\n")
    outcomes = write_many((o.path, b"new\n", o) for o in reads)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert (first.read_text(), second.read_text(), third.read_text()) == ("new\n", "edited\n", "new\n")
    with pytest.raises(WriteError) as raised:
        writer.raise_if_failed(outcomes)
    assert raised.value.exit_code is ExitCode.FAILURE and str(second) in str(raised.value)
    writer.raise_if_failed(outcomes[:1])


def test_not_a_regular_file(tmp_path: Path) -> None:
    outcome = write_bytes(tmp_path, b"x", ANY)
    assert not outcome.ok and "not a regular file" in outcome.error


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
