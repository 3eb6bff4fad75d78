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
