"""The one way automlspec writes a user's file (migrate, init -o; --fix, import and plan --out next).

A write never leaves a file half-written and never overwrites an edit it did not see:

1. The caller reads the file with ``read(path)``: an ``Original`` holds the bytes it will transform.
2. ``write_bytes(path, data, expected=original)`` writes ``data`` to a temporary file in the same
   directory (``.NAME.automlspec-XXXX.tmp``: hidden, so lint never picks one up), copies the original's
   permission bits, fsyncs the file, checks that the original still holds exactly the bytes that were
   read, renames the temporary file over it (``os.replace``: atomic on POSIX file systems) and fsyncs
   the directory, so that the rename survives a power cut.

Whatever kills the process (SIGKILL, a full disk, a power cut after the fsyncs), the file holds either
its old bytes or its new bytes. A SIGKILL between creating and renaming the temporary file can leave
that hidden temporary file behind; the original is intact.

Per-file outcomes, never an exception for a file system problem (a batch goes on with the next file):

- **changed since read**: refused, nothing written (another program or person edited it meanwhile).
  The check and the rename are two system calls: an edit in the microseconds between them is not seen,
  as with every editor that saves by rename.
- **read-only file** (no write permission for us): refused, although the directory would allow the
  rename: a read-only file says "do not change me".
- **no space, quota, read-only file system, unwritable directory**: refused, the temporary file is
  removed, the original is untouched.
- **symbolic link**: the link is kept and its target is written (as editors do); the outcome says so.
  A dangling link is refused.
- **hard link** (more than one name): the rename gives this name a new file; the other names keep the
  old bytes. Nothing is lost, but the names no longer share content; the outcome says so.
- **owner**: the new file belongs to whoever runs automlspec; if that differs from the old owner and
  cannot be restored (only root can), the outcome says so.

``expected``: an ``Original`` (replace only if unchanged), ``MISSING`` (create; refuse if the path
exists, atomically: ``os.link`` of the temporary file fails if the name is taken), or ``ANY``
(replace whatever is there, for ``init --force``).
"""

from __future__ import annotations

import enum
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import WriteError


@dataclass(frozen=True)
class Original:
    """What a command read from a file before transforming it."""

    path: Path
    data: bytes
    digest: str

    @property
    def size(self) -> int:
        return len(self.data)


class Expect(enum.Enum):
    MISSING = "missing"  # create a new file; refuse if the name exists
    ANY = "any"  # replace whatever is there (an explicit --force)


MISSING = Expect.MISSING
ANY = Expect.ANY


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one file. ``ok`` False means nothing was written and ``error`` says why."""

    path: Path
    ok: bool
    error: str | None = None
    notes: tuple[str, ...] = ()  # things the user should know even though the write succeeded
    target: Path | None = None  # the file actually written (a symlink's target)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original(path: Path | str, data: bytes) -> Original:
    """The ``Original`` of bytes a command already read (lint --fix edits exactly the bytes it linted)."""
    return Original(Path(path), data, _digest(data))


def read(path: Path | str) -> Original:
    """Read a file for a later ``write_bytes(..., expected=...)``. Raises OSError as open() does."""
    path = Path(path)
    data = path.read_bytes()
    return Original(path, data, _digest(data))


def write_text(path: Path | str, text: str, expected: Original | Expect, *, encoding: str = "utf-8") -> WriteOutcome:
    """``write_bytes`` of ``text`` encoded as given; the text is written exactly (no newline
    translation), so a caller that keeps CRLF or a BOM gets them on disk."""
    return write_bytes(path, text.encode(encoding), expected)


def write_bytes(path: Path | str, data: bytes, expected: Original | Expect) -> WriteOutcome:
    """Write ``data`` to ``path`` atomically, if the file is still what ``expected`` says."""
    path = Path(path)
    notes: list[str] = []
    try:
        target = _target(path, notes)
    except _Refused as refused:
        return WriteOutcome(path, False, str(refused))
    try:
        current = os.stat(target)
    except FileNotFoundError:
        current = None
    except OSError as exc:
        return WriteOutcome(path, False, _explain(exc, target))
    refusal = _refusal(target, current, expected, notes)
    if refusal is not None:
        return WriteOutcome(path, False, refusal)
    directory = target.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.automlspec-", suffix=".tmp", dir=directory)
    except OSError as exc:
        return WriteOutcome(path, False, _explain(exc, directory))
    try:
        _fill(fd, data, current, notes)
        refusal = _put_in_place(temporary, target, expected)
        if refusal is not None:
            _remove(temporary)
            return WriteOutcome(path, False, refusal)
        _fsync_directory(directory)
    except OSError as exc:
        _remove(temporary)
        return WriteOutcome(path, False, _explain(exc, target))
    except BaseException:
        _remove(temporary)
        raise
    return WriteOutcome(path, True, None, tuple(notes), target)


def write_many(items: Iterable[tuple[Path | str, bytes, Original | Expect]]) -> list[WriteOutcome]:
    """Write each (path, data, expected); a failed file does not stop the others."""
    return [write_bytes(path, data, expected) for path, data, expected in items]


def raise_if_failed(outcomes: Iterable[WriteOutcome]) -> None:
    """``WriteError`` (exit 1) naming every file that could not be written."""
    failed = [o for o in outcomes if not o.ok]
    if failed:
        names = ", ".join(str(o.path) for o in failed)
        raise WriteError(f"{len(failed)} file{'s' * (len(failed) > 1)} not written: {names}")


# ----- the steps ------------------------------------------------------------------------------------


class _Refused(Exception):
    pass


def _target(path: Path, notes: list[str]) -> Path:
    """The file to replace: ``path`` itself, or the end of its chain of symbolic links."""
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if not real.exists():
        raise _Refused(f"it is a symbolic link to {real}, which does not exist; nothing written")
    notes.append(f"it is a symbolic link: wrote its target {real}, the link is unchanged")
    return real


def _refusal(target: Path, current: os.stat_result | None, expected: Original | Expect, notes: list[str]) -> str | None:
    """Why the file as it is now must not be replaced (nothing is written), or None; a hard link is a note."""
    if current is None:
        return (
            "it was deleted or renamed since it was read; nothing written" if isinstance(expected, Original) else None
        )
    if expected is MISSING:
        return "it exists; nothing written (pass --force to replace it)"
    if not stat.S_ISREG(current.st_mode):
        return "it is not a regular file; nothing written"
    if not os.access(target, os.W_OK):
        mode = stat.S_IMODE(current.st_mode)
        return f"it is read-only (mode {mode:04o}); make it writable (chmod u+w) to change it"
    if current.st_nlink > 1:
        others = current.st_nlink - 1
        notes.append(
            f"it had {current.st_nlink} hard links: this name now holds the new content, the"
            + (" other name keeps" if others == 1 else f" other {others} names keep")
            + " the old content"
        )
    return None


def _fill(fd: int, data: bytes, current: os.stat_result | None, notes: list[str]) -> None:
    """The temporary file's content, with the original's mode and owner (a new file's: 0666 less the
    umask), on disk; the descriptor is closed."""
    try:
        _write_all(fd, data)
        if current is not None:
            os.fchmod(fd, stat.S_IMODE(current.st_mode))
            _keep_owner(fd, current, notes)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        os.fsync(fd)
    finally:
        os.close(fd)


def _put_in_place(temporary: str, target: Path, expected: Original | Expect) -> str | None:
    """Rename the temporary file to ``target`` if it is still what ``expected`` says; else why not."""
    if isinstance(expected, Original):
        changed = _changed_since(target, expected)
        if changed:
            return changed
    if expected is not MISSING:
        os.replace(temporary, target)
        return None
    taken = "it was created by someone else meanwhile; nothing written"
    try:
        os.link(temporary, target)  # fails with EEXIST if the name was taken meanwhile
    except FileExistsError:
        return taken
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
            raise
        # a file system without hard links (some FUSE and network mounts): check, then rename
        if os.path.lexists(target):
            return taken
        os.replace(temporary, target)
    _remove(temporary)
    return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _keep_owner(fd: int, current: os.stat_result, notes: list[str]) -> None:
    if not hasattr(os, "fchown") or (current.st_uid, current.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, current.st_uid, current.st_gid)
    except OSError:
        notes.append(f"it belonged to user {current.st_uid} (group {current.st_gid}); the new file belongs to you")


def _changed_since(target: Path, expected: Original) -> str | None:
    try:
        now = target.read_bytes()
    except FileNotFoundError:
        return "it was deleted or renamed since it was read; nothing written"
    if _digest(now) != expected.digest:
        return (
            f"it changed since it was read ({expected.size} -> {len(now)} bytes); nothing written,"
            " run the command again"
        )
    return None


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable. Some systems cannot open a directory for fsync; the rename is still
    atomic there, only its durability across a power cut is the file system's."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or directory",
}


def _explain(exc: OSError, where: Path) -> str:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"{reason} ({where}); nothing written"
