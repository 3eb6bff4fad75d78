"""`automlspec migrate`: one line per file (migrated, would migrate, nothing to migrate), and why a file
was refused: its own findings, or the errors only its converted request would have."""

from __future__ import annotations

import sys

from ..findings import Severity
from . import console


def show(migrated, color: str = "auto") -> None:
    """Print a ``commands.migrate.Migrated``. Files with nothing to migrate get a line each when there is
    one of them or with -v; else one line counts them all (issue 21: a folder of V2 specs was a screenful)."""
    for problem in migrated.problems:
        console.error(problem)
    unchanged = [item for item in migrated.files if item.kind == item.UNCHANGED]
    each = migrated.verbose or len(unchanged) == 1
    for item in migrated.files:
        _file(item, color, each)
    if unchanged and not each:
        console.line(_unchanged_summary(unchanged), err=True)
    if migrated.excluded:
        from .findings import excluded

        them = "it" if migrated.excluded == 1 else "them"
        console.line(
            f"{excluded(migrated.excluded)}: not migrated, as lint skips {them}; name a file to migrate it", err=True
        )
    for warning in migrated.warnings:
        console.warning(warning)


def _file(item, color: str, each: bool) -> None:
    """One file's lines (``each``: a file with nothing to migrate gets its own line)."""
    file = str(item.file)
    if item.kind == item.UNREADABLE:
        console.error(f"{file}: {item.error}; nothing written")
    elif item.kind == item.REFUSED:
        _refused(file, item.prepared, color)
    elif item.kind == item.UNCHANGED:
        if each:
            console.line(f"{console.escape(file)} {_why_unchanged(item)}; nothing to migrate", err=True)
    elif item.kind == item.PENDING:
        console.line(f"would migrate {console.escape(file)} ({item.noun})")
    else:
        for note in item.notes:
            console.warning(f"{file}: {note}")
        if item.kind == item.NOT_WRITTEN:
            console.error(f"{file}: not migrated: {item.error}")
        elif item.kind == item.MIGRATED:
            console.line(f"migrated {console.escape(file)} ({item.noun})")


def _why_unchanged(item) -> str:
    return (
        "is already a CreateAutoMLJobV2 request"
        if item.prepared.already_v2
        else "holds no CreateAutoMLJob (V1) request"
    )


def _unchanged_summary(unchanged: list) -> str:
    """One line for every file with nothing to migrate: how many, and why."""
    v2 = sum(1 for item in unchanged if item.prepared.already_v2)
    other = len(unchanged) - v2
    parts = []
    if v2:
        parts.append(f"{v2} already CreateAutoMLJobV2 request{'s' * (v2 != 1)}")
    if other:
        parts.append(f"{other} holding no CreateAutoMLJob (V1) request")
    return f"nothing to migrate in {len(unchanged)} files ({', '.join(parts)}); -v lists them"


def _refused(file: str, prepared, color: str) -> None:
    """Why a file is not migrated: its own lint findings, as `lint` prints them (at their positions in
    the file), or the errors only the converted request would have (no position: they are on no line
    of the file), then one error line."""
    from . import findings

    own = prepared.lint
    if not prepared.converted:
        findings.render(own, sys.stderr, "text", color)
        count = own.count(Severity.ERROR)
        console.error(
            f"{file}: {count} lint error{'s' * (count != 1)}, shown above; fix the spec, then migrate it; nothing written"
        )
        return
    if own.findings:  # the V1 spec's warnings usually point at the cause (AML204 is AML203's V1 twin)
        findings.render(own, sys.stderr, "text", color, quiet=True)
    for finding in prepared.converted:
        line = f"{file}: after conversion to CreateAutoMLJobV2: {finding.rule} {finding.severity.value} [{finding.name}] {finding.message}"
        console.line(console.escape(line), err=True)
    count = len(prepared.converted)
    console.error(
        f"{file}: the CreateAutoMLJobV2 request it converts to would have {count} lint error{'s' * (count != 1)}"
        " that the spec itself does not have, shown above; nothing written"
    )
