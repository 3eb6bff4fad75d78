"""Tables for people: `status` and `candidates` print one through here.

On a terminal, rich draws a table with a title (rich honours NO_COLOR, and the width of the window);
anywhere else (a pipe, a CI log, a file) it is plain text: a heading line, then columns separated by two
spaces, so that ``grep``, ``cut`` and ``column`` work on it, and rich is never imported.
Text from AWS or from file names is escaped: a control character cannot move the cursor or forge a row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..terminal import escape


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class Narrow:
    """How a table gives way on a terminal narrower than its rows (``render``): only the columns of
    ``wrap`` wrap, in that order, each down to the cells it keeps at least; every other column (names,
    paths) stays as wide as its widest cell. While that is still too wide, the columns of ``below`` leave
    the table one by one, and each row's cells of them are printed under the table after its ``label``
    cell. A table whose remaining columns are still wider than the window is printed whole, never cut."""

    wrap: Mapping[str, int]
    below: tuple[str, ...] = ()
    label: str = ""


def render(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    stream: TextIO,
    rich: bool | None = None,
    footer: Sequence[str] = (),
    narrow: Narrow | None = None,
) -> None:
    """Print ``rows`` under ``columns``; ``rich`` None means: rich exactly when ``stream`` is a terminal.
    ``narrow`` None: rich decides how the table fits the window (any cell may be folded)."""
    safe = [[escape(cell) for cell in row] for row in rows]
    title = escape(title)
    if rich if rich is not None else is_terminal(stream):
        _rich(title, columns, safe, stream, footer, narrow)
        return
    widths = [max([len(column)] + [len(row[i]) for row in safe]) for i, column in enumerate(columns)]
    stream.write(title + "\n")
    for row in [list(columns), *safe]:
        stream.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    for line in footer:
        stream.write(escape(line) + "\n")


def _rich(
    title: str,
    columns: Sequence[str],
    rows: list[list[str]],
    stream: TextIO,
    footer: Sequence[str],
    narrow: Narrow | None,
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, emoji=False, markup=False)
    widths: list[int | None] = [None] * len(columns)
    moved: list[tuple[str, str]] = []
    if narrow is not None:
        columns, rows, widths, moved = _layout(columns, rows, console.width, narrow)
        # a table its fixed columns alone make wider than the window is printed whole, never cut
        console = Console(
            file=stream, highlight=False, emoji=False, markup=False, width=max(console.width, _span(widths))
        )
    table = Table(title=title, title_justify="left", header_style="bold", show_edge=False, pad_edge=False)
    for column, width in zip(columns, widths):
        fixed = narrow is not None and column not in narrow.wrap
        table.add_column(column, overflow="fold", width=width, no_wrap=fixed)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    if moved:  # a grid: a long cell wraps under itself, never under its label
        console.print(Text(f"{'; '.join(moved[0])}:"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for label, text in moved[1:]:
            grid.add_row(Text(f"  {label}:"), Text("; ".join(text)))
        console.print(grid)
    for line in footer:
        console.print(escape(line))


#: Between two columns of the rich table: a space, the rule, a space (no outer edge, no edge padding).
SEPARATOR = 3


def _span(widths: Sequence[int | None]) -> int:
    return sum(w or 0 for w in widths) + SEPARATOR * (len(widths) - 1)


def _layout(columns: Sequence[str], rows: list[list[str]], width: int, narrow: Narrow) -> tuple:
    """(columns, rows, widths, moved) for a window ``width`` cells wide. ``moved``: empty, or the names of
    the columns that left the table, then (label, their non-empty cells) for each row that has one."""
    order = {name: number for number, name in enumerate(columns)}
    columns, wrap, gone = list(columns), dict(narrow.wrap), []
    widths = fit(columns, rows, width, wrap)
    for name in narrow.below:
        if _span(widths) <= width:
            break
        index = columns.index(name)
        gone.append((name, [row[index] for row in rows]))
        gone.sort(key=lambda column: order[column[0]])  # under the table in the table's order
        columns.pop(index)
        rows = [row[:index] + row[index + 1 :] for row in rows]
        wrap.pop(name, None)
        widths = fit(columns, rows, width, wrap)
    if not gone:
        return columns, rows, widths, []
    label = columns.index(narrow.label)
    moved: list = [tuple(name for name, _ in gone)]
    for number, row in enumerate(rows):
        cells = [cells[number] for _, cells in gone if cells[number] not in ("", "-")]
        if cells:
            moved.append((row[label], cells))
    return columns, rows, widths, moved


def fit(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int, wrap: Mapping[str, int]) -> list[int]:
    """Each column's width in a window ``width`` cells wide: as wide as its widest cell (the heading
    included), then, while the table is wider than the window, the columns of ``wrap`` narrowed in their
    order, each down to its minimum. The other columns (names, paths) are never narrowed, so their cells
    never wrap (issue 21: `specs/churn-bina` / `ry-v1.yaml`)."""
    from rich.cells import cell_len

    widths = [max([cell_len(column)] + [cell_len(row[i]) for row in rows]) for i, column in enumerate(columns)]
    for name, least in wrap.items():
        index = columns.index(name)
        excess = _span(widths) - width
        if excess <= 0:
            break
        widths[index] = max(min(least, widths[index]), widths[index] - excess)
    return widths
