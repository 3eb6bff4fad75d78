"""`automlspec migrate`: one line per file (migrated, would migrate, nothing to migrate), and why a file
was refused: its own findings, or the errors only its converted request would have."""

from __future__ import annotations

import sys

from ..findings import Severity
from . import console


def show(migrated, color: str = "auto") -> None:
    """Print a ``commands.migrate.Migrated``."""
    for problem in migrated.problems:
        console.error(problem)
    for item in migrated.files:
        file = str(item.file)
        if item.kind == item.UNREADABLE:
            console.error(f"{file}: {item.error}; nothing written")
        elif item.kind == item.REFUSED:
            _refused(file, item.prepared, color)
        elif item.kind == item.UNCHANGED:
            what = (
                "is already a CreateAutoMLJobV2 request"
                if item.prepared.already_v2
                else "holds no CreateAutoMLJob (V1) request"
            )
            console.line(f"{console.escape(file)} {what}; nothing to migrate", err=True)
        elif item.kind == item.PENDING:
            console.line(f"would migrate {console.escape(file)} ({item.noun})")
        else:
            for note in item.notes:
                console.warning(f"{file}: {note}")
            if item.kind == item.NOT_WRITTEN:
                console.error(f"{file}: not migrated: {item.error}")
            elif item.kind == item.MIGRATED:
                console.line(f"migrated {console.escape(file)} ({item.noun})")
    for warning in migrated.warnings:
        console.warning(warning)


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
