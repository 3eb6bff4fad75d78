"""pyproject.toml text -> its parsed tables, under the same bounds as a spec (README "Bounds").

``tomllib`` is safe for trusted files only: it recurses once per nested array or inline table, so
100,000 ``[`` escape as RecursionError; it converts integers with ``int()``, so a number of more than
4,300 digits escapes as ValueError (https://docs.python.org/3/library/stdtypes.html#int-max-str-digits);
and ``[a.a.a…]`` headers or ``a.a.a… = 1`` keys build tables of any depth, which every recursive walk of
the settings would then overflow. A pyproject.toml sits above every spec of a project, so one such file
would crash every lint below it.

So the text is scanned once before tomllib sees it (strings and comments skipped, nesting and number
lengths measured, each fault at its line), tomllib's own faults are caught as a last resort, and the
result is walked once more, iteratively, for the value count and depth. Every fault is a TomlFault with
a line and column: the configuration check reports it as a finding in the file.
"""

from __future__ import annotations

import re
from typing import Any

from .source import MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS, MAX_NODES, MAX_SCALAR


class TomlFault(Exception):
    """The text is not TOML, or exceeds a bound; ``str()`` is the message, without the position."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_NUMBER_CHARS = frozenset("0123456789abcdefABCDEFxXoO_+-.:TZtz")


def parse(text: str) -> dict[str, Any]:
    """The TOML document ``text`` as dicts and lists; raises TomlFault, never anything else."""
    import tomllib

    if len(text) > MAX_BYTES:
        line = text.count("\n", 0, MAX_BYTES) + 1
        raise TomlFault(f"the file is larger than {MAX_BYTES:,} characters; it is not read further", line)
    _scan(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _POSITION.search(message)
        if match:
            raise TomlFault(
                f"not valid TOML: {message[: match.start()]}", int(match.group(1)), int(match.group(2))
            ) from None
        raise TomlFault(f"not valid TOML: {message}") from None
    except RecursionError:  # the scan missed a nesting it should have measured: still a fault, not a crash
        raise TomlFault(f"arrays or inline tables nest deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # int() of a number the scan did not see as one
        raise TomlFault(f"a value cannot be read: {exc}") from None
    _check(data)
    return data


def _scan(text: str) -> None:
    """Raise TomlFault where ``text`` nests tables and arrays deeper than MAX_DEPTH, holds a number of
    more than MAX_INT_DIGITS digits or a string longer than MAX_SCALAR characters; one pass, no
    recursion. Invalid TOML is left to tomllib, which words its errors well.

    Levels count as in the parsed result: ``[a.b]`` is a table two levels down, its ``c.d = [[1]]``
    puts the innermost array at level six (a, b, c, d, the outer and the inner list).
    """
    _Scan(text).run()


class _Scan:
    """The one pass of ``_scan``: where it is (line, key or value), and the levels open there."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line, self.line_start = 1, 0
        self.stack: list[tuple[str, int]] = []  # open '[' or '{' of values, with the level of the container
        self.table = 0  # level of the current [header] table
        self.in_key, self.key_parts, self.key_base = True, 1, 0  # reading a key (and its dotted parts) at key_base
        self.value_level = 0  # the level a container opened here would have

    def run(self) -> None:
        text, size = self.text, len(self.text)
        i = 0
        while i < size:
            char = text[i]
            if char == "\n":
                self.line, self.line_start = self.line + 1, i + 1
                if not self.stack:
                    self._key_at(self.table)
                i += 1
            elif char in " \t\r":
                i += 1
            elif char == "#":
                end = text.find("\n", i)
                i = size if end < 0 else end
            elif char in "\"'":
                i = self._string(i)
            elif self.in_key:
                i = self._key(char, i) if char in "[.=}" else i + 1
            elif char in "[{]},":
                i = self._value(char, i)
            elif char in _NUMBER_CHARS:
                i = self._number(i)
            else:
                i += 1

    def _fault(self, message: str, at: int) -> TomlFault:
        return TomlFault(message, self.line, at - self.line_start + 1)

    def _too_deep(self, level: int, at: int) -> None:
        if level > MAX_DEPTH:
            raise self._fault(f"tables and arrays nest deeper than {MAX_DEPTH} levels here; flatten the structure", at)

    def _key_at(self, base: int) -> None:
        """A key starts, at level ``base``."""
        self.in_key, self.key_parts, self.key_base = True, 1, base

    def _string(self, start: int) -> int:
        i, newlines, last_newline = _skip_string(self.text, start)
        if i - start > MAX_SCALAR:
            raise self._fault(f"this string is {i - start:,} characters long, above the bound of {MAX_SCALAR:,}", start)
        if newlines:
            self.line, self.line_start = self.line + newlines, last_newline + 1
        return i

    def _key(self, char: str, i: int) -> int:
        """One character of a key (or a [header]); where the scan goes on."""
        if char == "[" and not self.stack and not self.text[self.line_start : i].strip():
            tables, i = _header(self.text, i)
            self._too_deep(tables, self.line_start)
            self.table = tables
            self.in_key = False  # the rest of the line is a comment, or an error tomllib reports
            return i
        if char == ".":
            self.key_parts += 1
            self._too_deep(self.key_base + self.key_parts - 1, i)  # `a.b.c = 1` makes the tables a and b
        elif char == "=":
            self.in_key = False
            self.value_level = self.key_base + self.key_parts
        elif char == "}" and self.stack and self.stack[-1][0] == "{":  # an empty inline table
            self.stack.pop()
        return i + 1

    def _value(self, char: str, i: int) -> int:
        """A bracket or comma in a value: the levels it opens or closes."""
        stack = self.stack
        if char in "[{":
            self._too_deep(self.value_level, i)
            stack.append((char, self.value_level))
            if char == "[":
                self.value_level += 1  # its items sit one level down
            else:
                self._key_at(self.value_level)
        elif char in "]}":
            if stack:
                stack.pop()
        elif stack and stack[-1][0] == "[":
            self.value_level = stack[-1][1] + 1
        elif stack:
            self._key_at(stack[-1][1])
        return i + 1

    def _number(self, start: int) -> int:
        text, size = self.text, len(self.text)
        i = start
        while i < size and text[i] in _NUMBER_CHARS:
            i += 1
        token = text[start:i].lstrip("+-")
        # an integer, hexadecimal too (str() of a long one fails as int() of a decimal one does);
        # float() has no digit limit, so a long float is left alone, as the spec loader does
        is_float = not token.startswith(("0x", "0o", "0b")) and any(c in ".eE" for c in token)
        digits = 0 if is_float else sum(c.isalnum() for c in token) - 2 * token.startswith(("0x", "0o", "0b"))
        if digits > MAX_INT_DIGITS:
            raise self._fault(
                f"this number has {digits:,} digits, above the bound of {MAX_INT_DIGITS}; quote it if it is"
                " meant as text",
                start,
            )
        return i


def _header(text: str, i: int) -> tuple[int, int]:
    """The tables the ``[a.b]`` or ``[[a.b]]`` header at ``i`` opens (an array of tables is one more
    level: the array, then its element), and where the header ends."""
    size = len(text)
    double = text.startswith("[[", i)
    i += 2 if double else 1
    parts = 1 + double
    while i < size and text[i] not in "]\n":
        if text[i] in "\"'":
            i = _skip_string(text, i)[0]
            continue
        if text[i] == ".":
            parts += 1
        i += 1
    return parts, i


def _skip_string(text: str, i: int) -> tuple[int, int, int]:
    """Past the string starting at ``i`` (basic, literal, or their multi-line forms): (end, newlines
    inside it, offset of the last of them). An unterminated string ends at the line's end (single-line)
    or the text's end: tomllib reports it."""
    quote = text[i]
    triple = text.startswith(quote * 3, i)
    if triple:
        j = i + 3
        while True:
            end = text.find(quote * 3, j)
            if end < 0:
                j = len(text)
                break
            if quote == '"' and _escaped(text, end):
                j = end + 1
                continue
            j = end + 3
            while j < len(text) and text[j] == quote and j - end < 5:  # up to two quotes end the content
                j += 1
            break
        newlines = text.count("\n", i, j)
        return j, newlines, text.rfind("\n", i, j) if newlines else -1
    j = i + 1
    while j < len(text) and text[j] != "\n":
        if text[j] == "\\" and quote == '"':
            j += 2
            continue
        if text[j] == quote:
            return j + 1, 0, -1
        j += 1
    return j, 0, -1


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _check(data: dict[str, Any]) -> None:
    """The parsed document's value count and depth, walked iteratively (the scan measured the text;
    this holds even where the two disagree). Levels count tables and arrays below the document."""
    count = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, level = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise TomlFault(f"the file holds more than {MAX_NODES:,} values; a configuration needs a few dozen")
        if level > MAX_DEPTH and isinstance(value, dict | list):
            raise TomlFault(f"tables and arrays nest deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((item, level + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, level + 1) for item in value)
