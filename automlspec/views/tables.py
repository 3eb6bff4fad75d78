"""Tables for people: `status` and `candidates` print one through here.

On a terminal, rich draws a table with a title (rich honours NO_COLOR, and the width of the window);
anywhere else (a pipe, a CI log, a file) it is plain text: a heading line, then columns separated by two
spaces, so that ``grep``, ``cut`` and ``column`` work on it, and rich is never imported.
Text from AWS or from file names is escaped: a control character cannot move the cursor or forge a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..terminal import escape


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    stream: TextIO,
    rich: bool | None = None,
    footer: Sequence[str] = (),
) -> None:
    """Print ``rows`` under ``columns``; ``rich`` None means: rich exactly when ``stream`` is a terminal."""
    safe = [[escape(cell) for cell in row] for row in rows]
    title = escape(title)
    if rich if rich is not None else is_terminal(stream):
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left", header_style="bold", show_edge=False, pad_edge=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in safe:
            table.add_row(*row)
        console = Console(file=stream, highlight=False, emoji=False, markup=False)
        console.print(table)
        for line in footer:
            console.print(escape(line))
        return
    widths = [max([len(column)] + [len(row[i]) for row in safe]) for i, column in enumerate(columns)]
    stream.write(title + "\n")
    for row in [list(columns), *safe]:
        stream.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    for line in footer:
        stream.write(escape(line) + "\n")
