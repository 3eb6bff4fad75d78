"""Paths on the command line -> the spec files to read, and the paths that could not be used.

The walk reads whatever a repository holds, so it is bounded: it never follows a symbolic link into a
directory it has already walked (a link loop), stops at MAX_DEPTH levels, never opens anything but a
regular file (a FIFO named ``spec.yaml`` would block forever, ``/dev/zero`` would fill memory), reads
at most ``source.MAX_BYTES + 1`` bytes of a file, and reports every entry it cannot use as an error
while the rest is still linted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import config as config_module
from .source import MAX_BYTES, read_bounded
from .source import file_kind as _kind

SPEC_SUFFIXES = (".yaml", ".yml")
MAX_DEPTH = 64  # directory levels below a named directory


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # named paths that do not exist
    errors: list[str] = field(default_factory=list)  # "path: reason" for entries that could not be used
    # files named on the command line (not found by walking a directory): a configuration's `exclude`
    # does not skip them unless --force-exclude (ruff's rule: what you name, you get)
    named: set[Path] = field(default_factory=set)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _is_spec_name(name: str) -> bool:
    return name.endswith(SPEC_SUFFIXES) and not name.startswith(".") and name not in config_module.CONFIG_NAMES


def at(base: Path | None, path: str | Path) -> Path:
    """Where ``path`` is: relative to ``base`` (None: the working directory), unless it is absolute."""
    path = Path(path)
    return path if base is None or path.is_absolute() else base / path


def walk(paths: list[str], base: Path | None = None) -> Walk:
    """Spec files under ``paths``: directories are walked for *.yaml/*.yml, skipping hidden entries and
    configuration files; a named file is taken whatever its name (but a project configuration).

    Relative paths are relative to ``base`` (None: the working directory); the files and messages keep
    the paths as given (`apply --plan` reads a saved plan's paths from where the plan was made)."""
    result = Walk()
    seen: set[tuple[int, int]] = set()  # (device, inode) of every file and directory taken
    taken: dict[tuple[int, int], Path] = {}  # (device, inode) -> the path the file was taken under

    def take(path: Path, info: os.stat_result, named: bool = False) -> None:
        key = (info.st_dev, info.st_ino)
        if key not in seen:
            seen.add(key)
            taken[key] = path
            result.files.append(path)
        if named and key in taken:  # also named when a directory walked before it holds it
            result.named.add(taken[key])

    for raw in paths:
        path = Path(raw)
        try:
            info = at(base, path).stat()
        except FileNotFoundError:
            if at(base, path).is_symlink():
                result.errors.append(f"{raw}: a symbolic link to a file that does not exist")
            else:
                result.missing.append(raw)
            continue
        except OSError as exc:  # a link loop (ELOOP), a permission denied on a parent, ...
            result.errors.append(f"{raw}: {_reason(exc)}")
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk_directory(path, info, result, seen, take, base)
        elif stat.S_ISREG(info.st_mode):
            if path.name not in config_module.CONFIG_NAMES:  # a project config is not a spec
                take(path, info, named=True)
        else:
            result.errors.append(f"{raw}: {_kind(info.st_mode)}, not a spec file; only regular files are read")
    result.errors = list(dict.fromkeys(result.errors))  # a path both named and walked is reported once
    return result


def _walk_directory(root: Path, info: os.stat_result, result: Walk, seen: set, take, base: Path | None) -> None:
    # Iterative, so that depth costs no Python recursion; (device, inode) pairs make link loops harmless.
    seen.add((info.st_dev, info.st_ino))
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        directory, depth = stack.pop()
        try:
            with os.scandir(at(base, directory)) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            result.errors.append(f"{directory}: {_reason(exc)}; its specs were not linted")
            continue
        subdirectories = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(directory) / entry.name
            try:
                child_info = os.stat(entry.path)  # follows links: a link to a spec or a folder is walked
            except OSError as exc:
                if _is_spec_name(entry.name) or entry.is_dir(follow_symlinks=False):
                    result.errors.append(f"{child}: {_reason(exc)}")
                continue
            if stat.S_ISDIR(child_info.st_mode):
                key = (child_info.st_dev, child_info.st_ino)
                if key in seen:
                    continue  # a link back to a directory already walked
                if depth + 1 > MAX_DEPTH:
                    result.errors.append(
                        f"{child}: directories nest deeper than {MAX_DEPTH} levels below {root}; not walked further"
                    )
                    continue
                seen.add(key)
                subdirectories.append((child, depth + 1))
            elif _is_spec_name(entry.name):
                if stat.S_ISREG(child_info.st_mode):
                    take(child, child_info)
                else:
                    result.errors.append(
                        f"{child}: {_kind(child_info.st_mode)}, not a spec file; only regular files are read"
                    )
        stack.extend(reversed(subdirectories))  # depth first, in name order


def read_spec(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit + 1`` bytes of a regular file (source.read_bounded): one more than the loader's
    bound, so that it can report the file as too large. Raises OSError; NotRegularFile for anything else."""
    return read_bounded(path, limit)
