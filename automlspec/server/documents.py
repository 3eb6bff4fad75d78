"""The open documents as the editor holds them, and positions in the units the client counts in.

Lines are broken where editors break them, at CR LF, CR and LF (source.editor_lines; lint counts lines
the same way), never at U+2028 or a form feed, which Python's ``str.splitlines`` would also break at.
Columns are code points inside automlspec (lint's 1-based columns) and UTF-16 code units on the wire
unless the client offers UTF-8 or UTF-32 (LSP 3.17 ``positionEncoding``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from ..findings import Span

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)
_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    """How many code units ``text`` is in ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


def _chars(text: str, units: int, encoding: str) -> int:
    """How many code points of ``text`` make ``units`` code units (a position inside a character
    counts as the character's start; past the end is the end)."""
    if encoding == UTF32 or text.isascii():
        return min(max(units, 0), len(text))
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += _units(char, encoding)
    return len(text)


@dataclass(frozen=True)
class Text:
    """One version of a document's text, with its line starts (computed once, when first needed)."""

    text: str

    @cached_property
    def starts(self) -> tuple[int, ...]:
        return (0, *(match.end() for match in _BREAK.finditer(self.text)))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """The 0-based line ``number`` without its line break ("" past the end)."""
        if not 0 <= number < len(self.starts):
            return ""
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[number] : end].rstrip("\r\n")

    def offset(self, line: int, units: int, encoding: str) -> int:
        """The code-point offset of a client position (0-based line, ``units`` into it), clamped into the
        text as LSP asks: a character past the line's end means its end, a line past the last the end."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        return self.starts[line] + _chars(self.line(line), units, encoding)

    def client(self, line: int, column: int, encoding: str) -> tuple[int, int]:
        """A 1-based (line, code-point column) of lint as a client position: (0-based line, units)."""
        number = line - 1
        if number >= len(self.starts):  # lint's positions are inside the text; a stale one is clamped
            number = len(self.starts) - 1
            column = len(self.line(number)) + 1
        text = self.line(number)
        return number, _units(text[: max(column - 1, 0)], encoding)

    def range(self, span: Span, encoding: str) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.client(span.line, span.column, encoding), self.client(span.end_line, span.end_column, encoding)

    def at(self, offset: int) -> tuple[int, int]:
        """Lint's 1-based (line, code-point column) of a code-point offset."""
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def index(self, line: int, column: int) -> int:
        """The code-point offset of lint's 1-based (line, column), clamped into the text."""
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 1) - 1]
        return min(start + len(self.line(max(line, 1) - 1)), start + max(column, 1) - 1)

    def lint_position(self, line: int, units: int, encoding: str) -> tuple[int, int]:
        """A client position as lint's 1-based (line, code-point column), clamped into the text."""
        line = min(max(line, 0), len(self.starts) - 1)
        return line + 1, _chars(self.line(line), units, encoding) + 1


@dataclass
class Document:
    """An open document: the editor's version and text (replaced whole on each change, so that another
    thread always reads one consistent pair)."""

    uri: str
    state: tuple[int, Text]
    language: str = "yaml"
    path: Path | None = field(default=None)

    def __post_init__(self) -> None:
        if self.path is None:
            self.path = path_of(self.uri)

    @property
    def version(self) -> int:
        return self.state[0]

    @property
    def text(self) -> Text:
        return self.state[1]

    def change(self, version: int, edits: list[tuple[tuple[int, int, int, int] | None, str]], encoding: str) -> None:
        """Apply the client's changes in order: ``((start line, start units, end line, end units), new
        text)``, or ``(None, whole text)`` for a full replacement."""
        text = self.text
        for where, new in edits:
            if where is None:
                text = Text(new)
                continue
            start = text.offset(where[0], where[1], encoding)
            end = max(start, text.offset(where[2], where[3], encoding))
            text = Text(text.text[:start] + new + text.text[end:])
        self.state = (version, text)


def path_of(uri: str) -> Path | None:
    """The local path of a ``file:`` URI; None for any other scheme (an untitled buffer)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if re.match(r"/[A-Za-z]:", path):  # file:///C:/x on Windows
        path = path[1:]
    if parsed.netloc and parsed.netloc != "localhost":  # a UNC path
        path = f"//{parsed.netloc}{path}"
    return Path(path)


def uri_of(path: Path) -> str:
    """A ``file:`` URI for a path, encoded as VS Code encodes them."""
    text = path.as_posix()
    if not text.startswith("/"):
        text = "/" + text
    return "file://" + quote(text, safe="/:@!$&'()*+,;=~")
