"""Where the cursor is in a spec, read from the lines as typed: no YAML parser is needed, so a document
that does not parse yet (an open quote, a key without its colon) still has a path at every position.

Block YAML says its structure with indentation and ``- `` markers; that is all this reads, line by line:
each ``key:`` gets the request path its indentation puts it at (``InputDataConfig[0].DataSource``), list
items are counted, and block scalars (``|``, ``>``) are skipped. Flow collections (``{...}``, ``[...]``)
are values here. The outline is what completion needs (the fields already written, the problem type)
and what hover falls back on when the loader refused the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..paths import FieldPath

_SEPARATOR = re.compile(r"(?:---|\.\.\.)(?:[ \t]|$)")
# A mapping key: quoted, or plain (not starting with an indicator), then a colon and a space or the end.
_KEY = re.compile(
    r"""(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^']|'')*)'|(?P<plain>[^\s#:'"\[\]{},&*!|>%@`-][^#]*?|-[^\s#]*?))"""
    r"""[ \t]*:(?=[ \t]|$)"""
)
_COMMENT = re.compile(r"(?:^|[ \t])#")


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` line: the key's path, and where the key and its inline value are."""

    path: FieldPath
    line: int  # 0-based
    key_start: int  # code-point columns, 0-based, end exclusive
    key_end: int
    value: str  # the inline value as written (quotes removed), "" for a block mapping or list
    value_start: int
    value_end: int


@dataclass(frozen=True)
class Outline:
    """The keys of one YAML document of a file, in order."""

    entries: tuple[Entry, ...]
    first_line: int  # the document's lines, 0-based, end exclusive
    end_line: int
    index: int  # which document of the file (0-based, as lint numbers them)

    def value(self, path: FieldPath) -> str | None:
        for entry in self.entries:
            if entry.path == path:
                return entry.value
        return None

    def children(self, parent: FieldPath, skip_line: int = -1) -> list[str]:
        """The keys written directly under ``parent`` (not those on ``skip_line``, being typed)."""
        size = len(parent) + 1
        return [
            str(e.path[-1])
            for e in self.entries
            if len(e.path) == size and e.path[:-1] == parent and e.line != skip_line and isinstance(e.path[-1], str)
        ]

    @property
    def root_keys(self) -> list[str]:
        return self.children(FieldPath())

    def at(self, line: int, column: int) -> tuple[Entry, Literal["key", "value"]] | None:
        """The entry whose key or inline value is under (line, column)."""
        for entry in self.entries:
            if entry.line != line:
                continue
            if entry.key_start <= column <= entry.key_end:
                return entry, "key"
            if entry.value and entry.value_start <= column <= entry.value_end:
                return entry, "value"
        return None


@dataclass(frozen=True)
class Cursor:
    """What is being typed at the cursor.

    ``kind`` "key": a field name under ``parent`` (``prefix`` typed so far, from ``start``); "value": the
    value of the field at ``path`` (``parent`` + the key, or a list item's index); "none": a comment, a
    block scalar, or something this reader does not follow.
    """

    kind: Literal["key", "value", "none"]
    parent: FieldPath = FieldPath()  # noqa: RUF009 - a tuple, immutable
    path: FieldPath = FieldPath()  # noqa: RUF009
    prefix: str = ""
    start: int = 0  # 0-based code-point column where the typed prefix starts
    end: int = 0  # where the word under the cursor ends (a completion replaces start..end)
    indent: int = 0  # the key's column (where a nested block would indent from)
    colon_follows: bool = False  # the text after the word already has the key's colon
    line: int = -1  # the 0-based line being typed
    outline: Outline = field(default_factory=lambda: Outline((), 0, 0, 0))


@dataclass
class _Frame:
    column: int
    kind: Literal["key", "item"]
    path: FieldPath


class _Reader:
    """The forward pass: a stack of open keys and list items, by column."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []

    @property
    def path(self) -> FieldPath:
        return self.stack[-1].path if self.stack else FieldPath()

    def item(self, column: int) -> FieldPath:
        while self.stack and self.stack[-1].column > column:
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is not None and top.column == column and top.kind == "item":
            self.stack.pop()
            last = top.path[-1]
            path = top.path.parent / ((last + 1) if isinstance(last, int) else 0)
        else:
            path = self.path / 0
        self.stack.append(_Frame(column, "item", path))
        return path

    def key(self, column: int, name: str) -> FieldPath:
        self.parent_at(column)
        path = self.path / name
        self.stack.append(_Frame(column, "key", path))
        return path

    def parent_at(self, column: int) -> FieldPath:
        """The path a key written at ``column`` goes under."""
        while self.stack and self.stack[-1].column >= column:
            self.stack.pop()
        return self.path


def _markers(line: str, column: int) -> int:
    """The column after the ``- `` list markers that start at ``column``."""
    while line.startswith("-", column) and (column + 1 == len(line) or line[column + 1] in " \t"):
        column += 1
        while column < len(line) and line[column] in " \t":
            column += 1
    return column


def _key(match: re.Match[str]) -> str:
    if match.group("double") is not None:
        return match.group("double").replace('\\"', '"')
    if match.group("single") is not None:
        return match.group("single").replace("''", "'")
    return match.group("plain")


def _inline(line: str, start: int) -> tuple[str, int, int]:
    """A key's inline value: its text without a trailing comment or quotes, and where it is."""
    rest = line[start:]
    comment = _COMMENT.search(rest)
    raw = rest[: comment.start()] if comment and not rest.lstrip().startswith(("'", '"')) else rest
    stripped = raw.strip()
    if not stripped:
        return "", start, start
    begin = start + raw.index(stripped[0])
    end = begin + len(stripped)
    if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
        stripped = stripped[1:-1]
    return stripped, begin, end


def _documents(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first line, end line, document index) of each YAML document, as lint numbers them."""
    out: list[tuple[int, int, int]] = []
    start, index, content = 0, 0, False
    for number, line in enumerate(lines):
        if _SEPARATOR.match(line):
            if content or line.startswith("..."):
                out.append((start, number, index))
                index += 1 if content else 0
                content = False
            start = number + 1
        elif line.strip() and not line.lstrip().startswith("#") and not line.startswith("%"):
            content = True
    out.append((start, len(lines), index))
    return out


def _read(lines: list[str], first: int, end: int, index: int, stop: int | None = None) -> tuple[Outline, _Reader]:
    """Outline of lines first..end; the reader's stack as it stands before line ``stop``."""
    reader, at_stop = _Reader(), None
    entries: list[Entry] = []
    block: int | None = None  # inside a block scalar: the column its key is at
    for number in range(first, end):
        if number == stop:
            at_stop = _Reader()
            at_stop.stack = list(reader.stack)
        line = lines[number]
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block is not None:
            if not stripped.strip() or indent > block:
                continue
            block = None
        if not stripped.strip() or stripped.startswith("#") or line.startswith("%"):
            continue
        entry = _entry(reader, line, number, indent)
        if entry is None:
            continue
        entries.append(entry)
        if entry.value[:1] in ("|", ">") and re.fullmatch(r"[|>][0-9+-]*", entry.value):
            block = entry.key_start
    if stop is not None and at_stop is None:
        at_stop = reader
    return Outline(tuple(entries), first, end, index), at_stop or reader


def _entry(reader: _Reader, line: str, number: int, indent: int) -> Entry | None:
    """The ``key: value`` of one line (after its list markers, each an item for ``reader``), or None."""
    column = _markers(line, indent)
    _items(reader, line, indent, column)
    match = _KEY.match(line, column)
    if match is None:
        return None
    path = reader.key(column, _key(match))
    value, begin, finish = _inline(line, match.end())
    return Entry(path, number, column, column + len(match.group(0).rstrip(": \t")), value, begin, finish)


def _items(reader: _Reader, line: str, indent: int, column: int) -> None:
    """Each ``-`` list marker of ``line`` between ``indent`` and ``column`` opens an item."""
    for marker in range(indent, column):
        if line[marker] == "-" and (marker + 1 == len(line) or line[marker + 1] in " \t"):
            reader.item(marker)


def outline(text: str, line: int) -> Outline:
    """The outline of the YAML document that holds 0-based ``line``."""
    lines = text.split("\n") if "\r" not in text else re.split(r"\r\n|\r|\n", text)
    for first, end, index in _documents(lines):
        if first <= line < end or end == len(lines):
            return _read(lines, first, end, index)[0]
    return Outline((), 0, 0, 0)


def cursor(text: str, line: int, column: int) -> Cursor:
    """What is being typed at 0-based (line, code-point column)."""
    lines = re.split(r"\r\n|\r|\n", text)
    if not 0 <= line < len(lines):
        return Cursor("none")
    found = next(((first, end, n) for first, end, n in _documents(lines) if first <= line < end), None)
    if found is None:
        return Cursor("none")
    first, end, number = found
    whole, reader = _read(lines, first, end, number, stop=line)
    if any(e.line < line and e.value[:1] in ("|", ">") and _continues(lines, e, line) for e in whole.entries):
        return Cursor("none", outline=whole)
    text_line = lines[line]
    column = min(column, len(text_line))
    before = text_line[:column]
    if _COMMENT.search(before) and not before.lstrip().startswith(("'", '"')):
        return Cursor("none", outline=whole)
    indent = len(before) - len(before.lstrip(" "))
    start = _markers(text_line, indent)
    if start > column:
        start = column
    _items(reader, text_line, indent, start)
    typed = text_line[start:column]
    match = _KEY.match(text_line, start)
    if match is not None and match.end() <= column:
        return _value_cursor(reader.key(start, _key(match)), text_line, match.end(), start, line, column, whole)
    if re.fullmatch(r"[^\s#:'\"\[\]{},]*", typed):
        parent = reader.parent_at(start)
        end = _word_end(text_line, column)
        colon = text_line[end:].lstrip(" \t").startswith(":")
        return Cursor("key", parent, parent, typed, start, end, start, colon, line, outline=whole)
    return Cursor("none", outline=whole)


def _value_cursor(
    path: FieldPath, text_line: str, value_start: int, start: int, line: int, column: int, whole: Outline
) -> Cursor:
    """The cursor in the value of the key at ``path`` (none in a flow collection, an anchor, a tag, a block)."""
    while value_start < column and text_line[value_start] in " \t":
        value_start += 1
    prefix = text_line[value_start:column]
    if prefix[:1] in ("[", "{", "&", "*", "!", "|", ">"):  # a flow collection, an anchor, a tag, a block
        return Cursor("none", outline=whole)
    quote = prefix[:1] if prefix[:1] in ("'", '"') else ""
    end = _word_end(text_line, column)
    return Cursor("value", path.parent, path, prefix[len(quote) :], value_start, end, start, line=line, outline=whole)


def _word_end(line: str, column: int) -> int:
    end = column
    while end < len(line) and not line[end].isspace() and line[end] not in ":#,]}":
        end += 1
    return end


def _continues(lines: list[str], entry: Entry, line: int) -> bool:
    """Whether ``line`` is inside the block scalar that ``entry`` opens."""
    for number in range(entry.line + 1, line + 1):
        text = lines[number]
        stripped = text.lstrip(" ")
        if stripped.strip() and len(text) - len(stripped) <= entry.key_start:
            return False
    return True
