"""`automlspec migrate`: CreateAutoMLJob (V1) specs rewritten in place as CreateAutoMLJobV2 specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AutomlspecError, ExitCode
from ..project import configurations, locate


@dataclass
class Migration:
    """One file: what was done (``kind``: one of the constants below), or why not."""

    UNREADABLE, REFUSED, UNCHANGED, PENDING, MIGRATED, NOT_WRITTEN = (
        "unreadable",
        "refused",
        "unchanged",
        "pending",
        "migrated",
        "not written",
    )

    file: Path
    kind: str
    prepared: Any = None  # migrate.Prepared (refused, unchanged, pending, migrated, not written)
    error: str = ""  # unreadable, not written: why
    notes: tuple[str, ...] = ()  # the writer's

    @property
    def noun(self) -> str:
        result = self.prepared.result
        return f"{result.migrated} of {result.documents} documents" if result.documents > 1 else "1 document"


@dataclass
class Migrated:
    check: bool
    problems: list[str] = field(default_factory=list)  # paths the walk could not use
    files: list[Migration] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the configuration's
    excluded: int = 0  # files found by walking a folder that the configuration's `exclude` skips (as lint)
    verbose: bool = False  # -v: a line for every file with nothing to migrate, not one for them all

    @property
    def exit_code(self) -> ExitCode:
        if self.problems or any(m.kind == Migration.UNREADABLE for m in self.files):
            return ExitCode.USAGE  # a file that cannot be read, or converted faithfully
        if any(m.kind in (Migration.REFUSED, Migration.NOT_WRITTEN) for m in self.files):
            return ExitCode.FAILURE  # lint errors in the file (or its converted request), or a failed write
        if self.check and any(m.kind == Migration.PENDING for m in self.files):
            return ExitCode.FAILURE
        return ExitCode.OK


def run(
    paths: list[str], check: bool = False, config: Path | None = None, no_config: bool = False, verbose: bool = False
) -> Migrated:
    """Migrate (or with ``check``, only work out) every spec under ``paths``. A file a folder's walk finds
    is skipped when its configuration's `exclude` names it, as `lint` skips it; a named file is taken."""
    from ..migrate import prepare
    from ..writer import write_bytes

    resolver = configurations(config, no_config)
    files, walked = locate(paths, resolver)
    out = Migrated(check, [f"{raw}: no such file or directory" for raw in walked.missing] + walked.walk_errors)
    out.verbose = verbose
    for located in files:
        if located.excluded(force_exclude=False):
            out.excluded += 1
            continue
        file = located.path
        try:
            prepared = prepare(file, located.config)
        except OSError as exc:
            out.files.append(Migration(file, Migration.UNREADABLE, error=str(exc.strerror or exc)))
            continue
        except AutomlspecError as exc:
            out.files.append(Migration(file, Migration.UNREADABLE, error=str(exc)))
            continue
        if prepared.refused:
            out.files.append(Migration(file, Migration.REFUSED, prepared))
        elif not prepared.result.changed:
            out.files.append(Migration(file, Migration.UNCHANGED, prepared))
        elif check:
            out.files.append(Migration(file, Migration.PENDING, prepared))
        else:
            outcome = write_bytes(file, prepared.data, prepared.original)
            kind = Migration.MIGRATED if outcome.ok else Migration.NOT_WRITTEN
            out.files.append(Migration(file, kind, prepared, outcome.error or "", tuple(outcome.notes)))
    out.warnings = list(resolver.warnings)
    return out
