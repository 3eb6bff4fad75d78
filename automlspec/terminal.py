"""The one place user-controlled text is made safe to print (file names, keys, values, messages).

A linter in a pre-commit hook or a CI gate prints what anybody committed into someone's terminal or
log. Without escaping, a key can clear the screen, set the window title or write the clipboard (OSC 52),
a newline in a file name forges a finding line, a bidirectional override reorders what the reader sees
("Trojan Source", https://trojansource.codes/), and a lone surrogate (a YAML ``"\\ud800"`` escape, a
file name that is not UTF-8) makes the output invalid UTF-8. Every format and every stderr message
passes such text through :func:`escape`; JSON output uses :func:`json_dumps`.
"""

from __future__ import annotations

import re

# `--version` imports this module: typing only for the type checker (mypy reads any name TYPE_CHECKING as
# true), json only where JSON is written (issue 26)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# C0 controls (tab included: it would misalign the caret and is shown as \t), DEL, C1 controls (U+0080
# to U+009F, among them U+0085 NEL, a line break for YAML 1.1 and some terminals), the bidirectional
# controls of Unicode TR9 (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the line and paragraph
# separators U+2028/U+2029, and every surrogate code point (never valid in UTF-8).
# The patterns stay strings, compiled by re's cache on first use: a clean lint prints none of this.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        # Python decodes a non-UTF-8 byte of a file name or argument as U+DC80+byte (PEP 383's
        # surrogateescape); the byte is what the user would recognise.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape(text: object) -> str:
    """``text`` (or ``str(text)``) with every control, bidi control, line separator and surrogate shown as a visible
    escape (``\\x1b``, ``\\n``, ``\\u202e``); the result encodes as UTF-8 and holds no line break."""
    if not isinstance(text, str):
        text = str(text)
    return re.sub(_UNSAFE, _visible, text)


# Inside JSON strings: what json.dumps(ensure_ascii=False) leaves raw but a terminal would obey (DEL,
# C1, bidi controls, U+2028/U+2029). A JSON \\u escape keeps the value exact for a program that parses it.
_JSON_RAW = "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
_SURROGATE = "[\ud800-\udfff]"


def json_dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` whose text is valid UTF-8 and safe in a terminal, with the values unchanged,
    except lone surrogates (not representable in UTF-8), which become the visible text ``\\ud800``."""
    import json

    text = json.dumps(value, ensure_ascii=False, **kwargs)
    # Every non-ASCII character of json.dumps' output lies inside a string, so these replacements
    # cannot touch the JSON structure.
    text = re.sub(_SURROGATE, lambda m: "\\\\" + _visible(m)[1:], text)
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", text)
