"""`automlspec import`: a line per job imported (with the writer's notes and the live job's own lint
findings, suppressed in the file) or refused."""

from __future__ import annotations

from .console import error, escape, line, note


def show(imports) -> None:
    """Print a ``commands.imports.Imports``."""
    for item in imports.outcomes:
        if not item.ok or item.path is None:
            error(f"{item.job}: {item.error or 'not imported'}")
            continue
        line(f"imported {escape(item.job)} -> {escape(item.path)}")
        for text in item.notes:
            line(f"  note: {escape(text)}")
        if item.findings:
            line(
                f"  the live job itself has {len(item.findings)} lint finding(s); kept as AWS returned them,"
                " suppressed on their lines:"
            )
            for finding in item.findings:
                line(f"    {escape(item.path)}:{escape(finding)}")
    if imports.every and not imports.outcomes:
        note("no job matched the filters")
