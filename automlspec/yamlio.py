"""Round-trip YAML: load and dump with ruamel, keeping comments, quotes and order, and the comment handling
that ``resolve`` (``# default: ...`` marks) and ``migrate`` (comments that move with their keys) share.

ruamel keeps comments in undocumented per-node attributes (``node.ca.items``: for a mapping key
``[pre-key?, before-key lines, end-of-line, before-value lines]``, for a sequence item
``[end-of-line, before-item lines]``); this module is the only place that knows that layout, so a
ruamel release that changes it breaks one file. ruamel.yaml is pinned below its next major version in
pyproject.toml for the same reason (https://yaml.dev/doc/ruamel.yaml/).

The lint path never imports this module: it parses with libyaml through ``source``.
"""

from __future__ import annotations

import re
from typing import IO, Any

# Block indentation: mapping 2, sequence 4 with the dash at offset 2 (`  - Key: value`).
MAPPING_INDENT, SEQUENCE_INDENT, SEQUENCE_OFFSET = 2, 4, 2
WIDTH = 4096  # never fold a long value onto a second line


# Characters ruamel writes raw (it escapes C0, C1, NEL, U+2028/U+2029 and surrogates in double quotes
# itself, but takes these for printable): bidirectional controls, which reorder how a line is displayed
# ("Trojan Source", https://trojansource.codes/). A value holding one (written as a "\u202e" escape in
# the spec) is double-quoted and the character written as an escape, so that what resolve, migrate and
# import print or write shows it, and reads back as the same value: the loader reports the raw character.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NEEDS_QUOTES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_bidi(text: str) -> str:
    """Dumped YAML with each bidirectional control written as a ``\\uXXXX`` escape (``yaml.dump(...,
    transform=escape_bidi)``); the YAML must come from a dumper that ``quote_unsafe`` set up, so that
    such a character is always inside double quotes, where the escape means the character."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def quote_unsafe(yaml: Any) -> Any:
    """Set up a ruamel YAML object (round-trip or safe) to double-quote every string that holds a
    control, bidirectional or line-separator character, so that none is ever written raw."""
    base = yaml.Representer

    class _Representer(base):  # type: ignore[misc,valid-type]
        def represent_str(self, data: str) -> Any:
            if _NEEDS_QUOTES.search(data):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return super().represent_str(data)

    _Representer.add_representer(str, _Representer.represent_str)
    yaml.Representer = _Representer
    return yaml


def round_trip(
    indent: tuple[int, int, int] = (MAPPING_INDENT, SEQUENCE_INDENT, SEQUENCE_OFFSET), *, preserve_quotes: bool = False
) -> Any:
    """A ruamel round-trip YAML object: ``load_all``, ``dump``, ``dump_all`` keep comments and key order;
    what it dumps holds no raw control or bidirectional character (see _BIDI)."""
    from ruamel.yaml import YAML

    class _YAML(YAML):
        def dump(self, data: Any, stream: Any = None, *, transform: Any = None) -> Any:
            def safe(text: str) -> str:
                text = escape_bidi(text)
                return transform(text) if transform is not None else text

            return super().dump(data, stream, transform=safe)

    yaml = quote_unsafe(_YAML(typ="rt"))
    yaml.preserve_quotes = preserve_quotes
    yaml.width = WIDTH
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def commented(value: Any) -> Any:
    """Plain dicts and lists as ruamel's commentable mappings and sequences (scalars unchanged)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = commented(item)
        return out
    if isinstance(value, list):
        return CommentedSeq(commented(item) for item in value)
    return value


def is_mapping(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap

    return isinstance(node, CommentedMap)


def is_sequence(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedSeq

    return isinstance(node, CommentedSeq)


def comment(value: str, column: int = 0) -> Any:
    """A comment token: ``value`` is the text as printed (``# ...`` and its line end), at ``column``."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, CommentMark(column), None)


def comment_lines(tokens: Any) -> list[str]:
    """The text lines of a list of comment tokens (None entries skipped)."""
    return "".join(t.value for t in tokens if t is not None).splitlines()


def set_line_comment(container: Any, key: Any, text: str) -> None:
    """Put `` # text`` at the end of the line that holds ``key`` (a mapping key or a sequence index).

    A sequence item that is a block mapping shares its line with its first key, so the comment goes there."""
    token = comment(f" # {text}\n")
    if is_mapping(container):
        container.ca.items[key] = [None, None, token, None]
        return
    item = container[key]
    if is_mapping(item) and item:  # `- Key: ...  # text`
        item.ca.items[next(iter(item))] = [None, None, token, None]
    else:
        container.ca.items[key] = [token, None]


def set_start_comment(root: Any, text: str) -> None:
    """Comment lines above the document (``text`` may hold several lines)."""
    root.yaml_set_start_comment(text)


def dump(node: Any, stream: IO[str]) -> None:
    """Write one document in the block style above."""
    round_trip().dump(node, stream)


def copy_header(source: Any, target: Any) -> None:
    """Give ``target`` (a new root mapping) the comment lines above ``source``'s first key."""
    target.ca.comment = source.ca.comment


def comments_in(text: str) -> list[str]:
    """Every comment of a YAML text, found by ruamel's scanner (so a `#` inside a quoted or block
    scalar is not one), stripped."""
    from ruamel.yaml import YAML
    from ruamel.yaml.tokens import CommentToken

    found: list[str] = []
    if "#" not in text:
        return found

    def take(item) -> None:
        if isinstance(item, CommentToken):
            found.extend(line.strip() for line in item.value.splitlines() if line.strip().startswith("#"))
        elif isinstance(item, list):
            for sub in item:
                take(sub)

    try:
        for token in YAML(typ="rt").scan(text):
            take(token)
            take(getattr(token, "_comment", None))
    except Exception:
        return []
    return found


class MovableComments:
    """A document's comments, detached into "this key's own line" and "the lines before this key", so
    that keys can move (``take`` from one mapping, ``put`` into another) and ``attach`` them at their new
    place. ``migrate`` moves V1 fields to where V2 keeps them this way; the layout it relies on is the
    ``node.ca`` one described at the top of this module."""

    def __init__(self, indent: tuple[int, int, int]) -> None:
        self.indent = indent
        self.leads: dict[tuple[int, Any], list[str]] = {}  # (id(container), key) -> comment lines before it
        self.columns: dict[tuple[int, Any], int] = {}  # (id(container), key) -> its column in the V1 text
        self.trailer: list[str] = []

    # ----- comments ----------------------------------------------------------------------------------
    @staticmethod
    def _flow(value) -> bool:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        return isinstance(value, (CommentedMap, CommentedSeq)) and value.fa.flow_style()

    def _own(self, container, key):
        """The comment token printed at the end of this key's (or item's) line."""
        from ruamel.yaml.comments import CommentedMap

        value = container[key]
        entry = container.ca.items.get(key)
        token = (entry[2] if isinstance(container, CommentedMap) else entry[0]) if entry else None
        if token is None and self._flow(value) and value.ca.comment:
            token = value.ca.comment[0]
        return token

    def _set_own(self, container, key, token) -> None:
        from ruamel.yaml.comments import CommentedMap

        value = container[key]
        if self._flow(value):  # ruamel keeps a flow value's line comment on the value as well
            if value.ca.comment:
                value.ca.comment[0] = token
            elif token is not None:
                value.ca.comment = [token, None]
        if isinstance(container, CommentedMap):
            entry = container.ca.items.setdefault(key, [None, None, None, None])
            entry[2] = token
        else:
            entry = container.ca.items.setdefault(key, [None, None])
            entry[0] = token

    def _anchors(self, node, column: int = 0):
        """(container, key, column, first key of a list item?) of every printed line that can carry
        a comment, in document order."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        mapping, sequence, offset = self.indent
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                yield node, key, column, False
                if isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style():
                    yield from self._anchors(value, column + (mapping if isinstance(value, CommentedMap) else 0))
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                if isinstance(item, CommentedMap) and item and not item.fa.flow_style():
                    first = True
                    for container, key, col, _ in self._anchors(item, column + sequence):
                        # the item's first key shares the dash's line: its comments go above the dash
                        yield container, key, (column + offset) if first else col, first
                        first = False
                else:
                    yield node, index, column + offset, False

    def _lead(self, container, key, lines: list[str], front: bool = False) -> None:
        slot = (id(container), key)
        self.leads[slot] = lines + self.leads.get(slot, []) if front else self.leads.get(slot, []) + lines

    def detach(self, root) -> None:
        from ruamel.yaml.comments import CommentedMap

        anchors = list(self._anchors(root))
        for position, (container, key, column, _first) in enumerate(anchors):
            self.columns[(id(container), key)] = column
            if isinstance(container, CommentedMap):
                entry = container.ca.items.get(key)
                value = container[key]
                if entry and entry[1]:  # comment lines before the key
                    self._lead(container, key, comment_lines(entry[1]), front=True)
                    entry[1] = None
                if entry and entry[3]:  # comment lines before the first child of its value
                    lines = comment_lines(entry[3])
                    entry[3] = None
                    if hasattr(value, "ca"):
                        value.ca.comment = None
                    if position + 1 < len(anchors):
                        self._lead(anchors[position + 1][0], anchors[position + 1][1], lines, front=True)
            token = self._own(container, key)
            if token is None:
                continue
            own, _, tail = token.value.partition("\n")
            self._set_own(container, key, comment(own + "\n", token.column) if own.strip() else None)
            if tail:
                if position + 1 < len(anchors):
                    following = anchors[position + 1]
                    self._lead(following[0], following[1], tail.splitlines())
                else:
                    self.trailer = tail.splitlines() + self.trailer
        end = getattr(root.ca, "end", None)
        if end:
            self.trailer += comment_lines(end)
            root.ca.end = []

    def attach(self, root) -> None:
        from ruamel.yaml.comments import CommentedMap

        previous = None
        for container, key, column, first in self._anchors(root):
            old = self.columns.get((id(container), key))
            token = self._own(container, key)
            if token is not None and old is not None and old != column:
                # a moved line's own comment keeps its distance from the key
                self._set_own(container, key, comment(token.value, max(0, token.column + column - old)))
            lines = self.leads.pop((id(container), key), None)
            if lines:
                body = "".join((" " * column + line.lstrip() if line.strip() else "") + "\n" for line in lines)
                if isinstance(container, CommentedMap) and not first:
                    entry = container.ca.items.setdefault(key, [None, None, None, None])
                    entry[1] = [comment(body, 0)]
                elif previous is not None:
                    self._append(*previous, body)
            previous = (container, key)
        if self.trailer:
            root.ca.end = [comment("".join(line + "\n" for line in self.trailer), 0)]

    def _append(self, container, key, body: str) -> None:
        token = self._own(container, key)
        if token is None:
            self._set_own(container, key, comment("\n" + body, 0))
        else:
            text = token.value if token.value.endswith("\n") else token.value + "\n"
            token.value = text + body

    # ----- moving keys -------------------------------------------------------------------------------
    def take(self, container, key):
        """Remove ``key``; return (value, its own-line comment token, the comment lines before it)."""
        token = self._own(container, key)
        container.ca.items.pop(key, None)
        lead = self.leads.pop((id(container), key), [])
        column = self.columns.pop((id(container), key), None)
        return container.pop(key), token, lead, column

    def put(self, container, key, moved, position: int | None = None) -> None:
        value, token, lead, column = moved
        if position is None:
            container[key] = value
        else:
            container.insert(position, key, value)
        if token is not None:
            self._set_own(container, key, token)
        if lead:
            self.leads[(id(container), key)] = lead + self.leads.get((id(container), key), [])
        if column is not None:
            self.columns[(id(container), key)] = column
