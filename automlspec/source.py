"""Bytes -> YAML documents with positions and suppressions; YAML faults become findings with a line.

Fast path: ruamel's C-backed parser (libyaml) composes nodes with line marks in about a millisecond for
a 50-line spec. Whatever it rejects is parsed again by ruamel's pure-Python parser (YAML 1.2), which
accepts a few documents libyaml does not and words its errors better; only if that also fails is the
fault reported.

Scalars are resolved with the YAML 1.2 core schema, as `aws ... --cli-input-yaml` does: ``yes``,
``on`` and ``off`` are strings, not booleans. Every value's key and value span is recorded under its
FieldPath, and that map is the only place a position comes from (see lint.locate).
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from .findings import Fault, Severity, Span
from .paths import FieldPath

# Bounds that hold for every input (README "Bounds"): a hostile or broken file costs bounded time and
# memory and cannot crash the parser. A real Autopilot request is a few KB, a few hundred values, about
# eight levels deep, with numbers of at most 20 digits; exceeding a bound is an AML007 finding with a line.
MAX_BYTES = 1_048_576  # file size; the walk never reads more than this plus one byte
MAX_DEPTH = 64  # nesting of mappings and sequences, checked before libyaml's composer recurses
MAX_NODES = 10_000  # values of one document after expanding aliases and merge keys
MAX_SCALAR = 65_536  # characters in one scalar
# Python refuses int <-> str conversions past 4,300 digits (CVE-2020-10735); far below that, a number
# that long is a mistake in a request. https://docs.python.org/3/library/stdtypes.html#int-max-str-digits
MAX_INT_DIGITS = 100
# libyaml (C, YAML 1.1) parses first; only when it refuses a file does ruamel's pure-Python YAML 1.2 parser
# read it again (a flow mapping holding `s3://…` is valid YAML 1.2 that libyaml refuses). The pure parser
# takes 15-30 microseconds a character (twice: depth, then compose), so a 1 MiB file libyaml refuses
# would cost a minute: above this size libyaml's verdict stands, and the finding says so. A real request
# is a few KB.
MAX_FULL_PARSE = 65_536

STR = "tag:yaml.org,2002:str"
PLAIN = "!automlspec/plain"  # what our resolver gives an untagged plain scalar
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"([-+]?)\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# Only a file with a suppression comment or a YAML escape needs these: kept as strings, compiled by re's
# cache on first use (a pattern compiled at import costs every lint, issue 26).
_SUPPRESS = r"#\s*automlspec:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?"


class Pos(NamedTuple):
    key: Span | None  # None for list items and the document root
    value: Span
    origin: str | None = None  # another file (project-config defaults) or None for this one


def locate(positions: dict[FieldPath, Pos], path: FieldPath, anchor: str = "value", file: str = "") -> tuple[str, Span]:
    """The file and full span a request path points at: the one locator of lint and the configuration check.

    ``anchor`` "key" points at the field's key (an unknown key, a field that must not be set), "value"
    at its value. A block list or mapping starts on the line after its key: point at the key, where the
    eye looks. A missing field has no position of its own: it points at its nearest existing ancestor's
    key (cfn-lint's nearest-ancestor fallback). No position at all: the file's first character. The end
    is exclusive; an empty span is widened to one character, so every reporter has something to mark.
    """
    probe = path
    while probe not in positions and probe:
        probe = probe.parent
    pos = positions.get(probe)
    if pos is None:
        return file, Span(1, 1, 1, 2)
    if probe == path:
        span = pos.key if anchor == "key" and pos.key is not None else pos.value
        if pos.key is not None and span.line != pos.key.line:
            span = pos.key
    else:
        span = pos.key or pos.value
    if (span.end_line, span.end_column) <= (span.line, span.column):
        span = Span(span.line, span.column, span.line, span.column + 1)
    return pos.origin or file, span


class Directive(NamedTuple):  # not a dataclass: a NamedTuple is built in a fifth of the time, on every start
    """One suppression comment as written: where it is and each selector with its 1-based column, so
    that an unknown or unused selector can be reported on the comment itself (AML901, AML902)."""

    line: int
    kind: str  # "ignore" (this line) or "ignore-file"
    column: int  # of the `#`
    end_column: int  # exclusive, after the closing `]` (or the keyword)
    selectors: tuple[tuple[str, int], ...]  # (selector, column); () for a bare one (every rule)


@dataclass(frozen=True)
class Suppressions:
    """``# automlspec: ignore[CODE,...]`` on a line; ``# automlspec: ignore-file[...]`` anywhere.

    An empty selector set means every rule. ``covers`` records in ``used`` which comment and selector
    suppressed something (``(line, selector)``, ``""`` for a bare one), so that a suppression that
    suppressed nothing can be reported (AML902).
    """

    lines: dict[int, frozenset[str]] = field(default_factory=dict)
    file: frozenset[str] | None = None
    directives: tuple[Directive, ...] = ()
    used: set[tuple[int, str]] = field(default_factory=set, compare=False)

    def covers(self, line: int, rule: str, name: str) -> bool:
        for whole, selectors in ((True, self.file), (False, self.lines.get(line))):
            if selectors is None:
                continue
            hits = _hits(selectors, rule, name) if selectors else [""]
            if hits:
                at = [d.line for d in self.directives if d.kind == "ignore-file"] if whole else [line]
                self.used.update((number, hit) for number in at for hit in hits)
                return True
        return False

    def names(self, line: int, rule: str, name: str) -> bool:
        """Whether a selector on ``line`` or in an ``ignore-file`` names the rule (a bare comment does not):
        how AML901/AML902, which report on the comments themselves, are silenced."""
        return bool(_hits(self.file or frozenset(), rule, name) or _hits(self.lines.get(line, frozenset()), rule, name))


def selector_key(selector: str) -> str:
    """A selector as stored: codes and code prefixes in capitals (they match in any case, as --select
    and the configuration accept them), names as written."""
    return selector.upper() if selector[:3].upper() == "AML" else selector


def _hits(selectors: frozenset[str], rule: str, name: str) -> list[str]:
    """The selectors that name the rule: its name, or a prefix of its code. Looked up, not scanned, so a
    comment of 100,000 selectors costs no more per finding than one of a single selector."""
    return [key for key in (name, *(rule[:end] for end in range(1, len(rule) + 1))) if key in selectors]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def editor_lines(text: str) -> list[str]:
    """The lines an editor shows: broken at CR LF, CR and LF only. ``str.splitlines`` also breaks at
    U+2028, U+2029, U+0085 and form feeds, which editors show inside a line; line numbers everywhere
    (findings, suppressions, excerpts) count as editors do."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_suppressions(text: str) -> Suppressions:
    if "automlspec:" not in text:
        return Suppressions()
    lines: dict[int, frozenset[str]] = {}
    whole: set[str] | None = None
    everything = False  # a bare ignore-file: every rule, for the whole file
    directives: list[Directive] = []
    for number, line in enumerate(editor_lines(text), 1):
        match = re.search(_SUPPRESS, line)
        if not match:
            continue
        found: list[tuple[str, int]] = []
        if match.group(2) is not None:
            offset = match.start(2)
            for part in match.group(2).split(","):
                if part.strip():
                    found.append((part.strip(), offset + len(part) - len(part.lstrip()) + 1))
                offset += len(part) + 1
        directives.append(Directive(number, match.group(1), match.start() + 1, match.end() + 1, tuple(found)))
        selectors = frozenset(selector_key(selector) for selector, _ in found)
        if match.group(1) == "ignore-file":
            everything = everything or not selectors
            whole = (whole or set()) | selectors
        else:
            lines[number] = selectors
    file = frozenset() if everything else (None if whole is None else frozenset(whole))
    return Suppressions(lines, file, tuple(directives))


@dataclass(frozen=True)
class SourceDoc:
    index: int
    data: Any
    positions: dict[FieldPath, Pos]
    line: int  # first line of the document


class SourceFile(NamedTuple):  # as Directive
    name: str
    text: str
    docs: tuple[SourceDoc, ...]
    findings: tuple[Fault, ...]  # YAML faults, already placed in the text
    suppressions: Suppressions


class _Fault(Exception):
    """A loader finding at a position. It has no suggestion: what the loader could say to do is prose (save
    as UTF-8, flatten, remove a key), never a replacement for the text at the position, so it ends the message."""

    def __init__(self, rule: str, message: str, line: int, column: int, end: int | None = None):
        super().__init__(message)
        self.finding = Fault(rule, message, Span(line, column, line, end or column + 1))


# tuple.__new__ is what a NamedTuple's own __new__ calls; called directly it skips a Python frame per
# value (about 100,000 spans and positions for 1,000 specs, issue 26)
_new_tuple = tuple.__new__


def _span(node) -> Span:
    start, end = node.start_mark, node.end_mark
    return _new_tuple(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


def _fast_composer():
    """libyaml's C parser with a resolver that marks untagged plain scalars (we resolve them)."""
    from ruamel.yaml.cyaml import CParser
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import BaseResolver
    from ruamel.yaml.tag import Tag

    # One Tag object for every scalar of a kind: given a string, ruamel's Node builds a new Tag per node
    # (49,000 of them for 1,000 specs, issue 26). _tag only reads a Tag, so sharing one is safe.
    plain, text = Tag(suffix=PLAIN), Tag(suffix=STR)

    class _Fast(CParser, BaseResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            BaseResolver.__init__(self)

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode:
                return plain if implicit[0] else text
            return super().resolve(kind, value, implicit)

    def compose(text: str) -> list:
        parser = _Fast(text)
        try:
            nodes = []
            while parser.check_node():
                nodes.append(parser.get_node())
            return nodes
        finally:
            parser.dispose()

    return compose


def _pure_composer():
    """ruamel's pure-Python YAML 1.2 parser: slower, but it accepts 1.2 documents libyaml rejects
    (``{S3Uri: s3://b/k}`` in flow style) and its error messages are better."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class _Resolver(VersionedResolver):
        def resolve(self, kind, value, implicit):
            if kind is ScalarNode:
                return Tag(suffix=PLAIN if implicit[0] else STR)
            return super().resolve(kind, value, implicit)

    def compose(text: str) -> list:
        yaml = YAML(typ="rt", pure=True)
        yaml.Resolver = _Resolver
        return list(yaml.compose_all(text))

    return compose


_COMPOSERS: list | None = None


def _compose(text: str) -> list:
    """All documents' root nodes, or raise the last parser's error."""
    global _COMPOSERS
    if _COMPOSERS is None:
        _COMPOSERS = []
        try:
            _COMPOSERS.append(_fast_composer())
        except ImportError:  # pragma: no cover - ruamel.yaml.clib not installed
            pass
        _COMPOSERS.append(_pure_composer())
    error: Exception | None = None
    for number, compose in enumerate(_COMPOSERS):
        if number and len(text) > MAX_FULL_PARSE:
            raise _FastParserOnly(error)
        try:
            with warnings.catch_warnings():
                # ruamel's pure parser warns (ReusedAnchorWarning: an anchor defined twice, which YAML
                # allows) by printing source lines to stderr: never part of lint's output
                warnings.simplefilter("ignore")
                return compose(text)
        except Exception as exc:  # any parser fault: try the next parser, then report it
            error = exc
    assert error is not None
    raise error


class _FastParserOnly(Exception):
    """libyaml refused a file too large for the YAML 1.2 parser to read again (MAX_FULL_PARSE)."""

    def __init__(self, error: Exception | None) -> None:
        super().__init__(str(error))
        self.error = error


# The parser's context for a construct that a later character must close, and the character that opens it.
_OPENED = {
    "while parsing a flow sequence": "[",
    "while parsing a flow mapping": "{",
    "while scanning a quoted scalar": "\"'",
}


def _closed(lines: list[str], line: int, column: int) -> bool:
    """Whether the '[' or '{' at 0-based (line, column) has its closing bracket somewhere after it
    (quoted scalars and comments skipped). When it has, the error is something else (a missing comma)."""
    scan = _BracketScan()
    return any(scan.closes(lines[number], column if number == line else 0) for number in range(line, len(lines)))


class _BracketScan:
    """The brackets open so far, read line by line (a quoted scalar may go on over lines)."""

    def __init__(self) -> None:
        self.depth, self.quote = 0, ""

    def closes(self, text: str, index: int) -> bool:
        """Whether the first bracket is closed on this line, read from ``index`` (a comment ends it)."""
        previous = " "
        while index < len(text):
            char = text[index]
            if self.quote:
                index += self._in_quote(text, index)
            elif char in "\"'" and previous in " \t,[{:":
                self.quote = char
            elif char == "#" and previous in " \t":
                return False
            elif char in "[{":
                self.depth += 1
            elif char in "]}":
                self.depth -= 1
                if self.depth == 0:
                    return True
            previous = char
            index += 1
        return False

    def _in_quote(self, text: str, index: int) -> int:
        """Inside a quoted scalar: 1 to skip an escaped character (a backslash escape, or '' in single
        quotes) as well, else 0; the closing quote ends the scalar."""
        char = text[index]
        escaped = char == "\\" if self.quote == '"' else char == "'" and text[index + 1 : index + 2] == "'"
        if escaped:
            return 1
        if char == self.quote:
            self.quote = ""
        return 0


def _unclosed(exc: Exception, text: str) -> Fault | None:
    """A '[', '{' or quote that is never closed, reported where it was opened (as compilers report an
    unclosed bracket), naming the line where the parser gave up; None for any other error."""
    opened = _OPENED.get(getattr(exc, "context", None) or "")
    start, end = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    if opened is None or start is None or end is None:
        return None
    lines = editor_lines(text)
    char = lines[start.line][start.column : start.column + 1] if start.line < len(lines) else ""
    if not char or char not in opened:
        return None
    if char in "[{" and _closed(lines, start.line, start.column):
        return None
    if char not in "[{" and "end of stream" not in str(getattr(exc, "problem", "")):
        return None  # a quoted scalar with another fault (a bad escape) is closed
    gave_up = f"line {end.line + 1}" if end.line < len(lines) and lines[end.line].strip() else "the end of the file"
    return _Fault(
        "AML001",
        f"'{char}' opened here is never closed; the parser gave up at {gave_up}",
        start.line + 1,
        start.column + 1,
    ).finding


def _fault_from_yaml_error(exc: Exception, text: str) -> Fault:
    error = exc.error if isinstance(exc, _FastParserOnly) and exc.error is not None else exc
    unclosed = _unclosed(error, text)
    if unclosed is not None:  # never closed: no parser would read it
        return unclosed
    fault = _syntax_fault(error, text)
    if error is not exc and fault.rule == "AML001":
        note = (
            f" (read as YAML 1.1: a file over {MAX_FULL_PARSE:,} characters that libyaml refuses is not read"
            " again by the YAML 1.2 parser, which would accept `key: s3://…` inside `{…}`)"
        )
        fault = replace(fault, message=fault.message + note)
    return fault


def _syntax_fault(exc: Exception, text: str) -> Fault:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    lines = editor_lines(text)
    char = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if char == "\t" or "'\\t'" in str(problem) or re.search(r"\btabs?\b", str(problem), re.I):
        return _Fault(
            "AML002",
            "a tab character is used for indentation or separation; YAML allows only spaces there:"
            " replace the tab with spaces",
            line,
            column,
        ).finding
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return _Fault("AML001", message, line, column).finding


def _codec(raw: bytes) -> str:
    return "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        # checked before UTF-16, whose byte-order mark is a prefix of UTF-32's little-endian one
        raise _Fault(
            "AML006",
            "the file is UTF-32 (it starts with a UTF-32 byte-order mark); the AWS CLI reads UTF-8: save it as UTF-8",
            1,
            1,
        )
    codec = _codec(raw)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        # lines as editors count them (CR LF, CR, LF) and columns in characters, as everywhere else
        before = raw[: exc.start].decode(codec, "replace")
        breaks = [m.end() for m in _LINE_BREAK.finditer(before)]
        line, column = len(breaks) + 1, len(before) - (breaks[-1] if breaks else 0) + 1
        encoding = "UTF-16" if exc.encoding.startswith("utf-16") else "UTF-8"
        raise _Fault(
            "AML006",
            f"the file is not valid {encoding} (byte 0x{raw[exc.start]:02x} at offset {exc.start}): save it as UTF-8",
            line,
            column,
        ) from None


# ----- bounds and characters, checked before any parser sees the text ------------------------------

# Characters YAML does not allow in a stream (https://yaml.org/spec/1.2.2/#51-character-set: C0 controls
# but tab, LF and CR; DEL; C1 but NEL; surrogates; U+FFFE/U+FFFF), and characters that make a reader see
# something other than what the parser reads: NEL, U+2028 and U+2029 end a line for YAML 1.1 parsers
# (libyaml, PyYAML, so the AWS CLI) but not for YAML 1.2 parsers or editors, so text after one inside a
# comment can become a field nobody sees in review; bidirectional controls reorder the displayed text
# ("Trojan Source", https://trojansource.codes/, reported by rustc and GCC as errors).
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_CHAR_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC, which starts terminal control sequences",
    0x7F: "DEL",
    0x85: "NEL, next line",
    0x2028: "LINE SEPARATOR",
    0x2029: "PARAGRAPH SEPARATOR",
    0xFFFE: "a noncharacter",
    0xFFFF: "a noncharacter",
}
_SEPARATOR = {0x85, 0x2028, 0x2029}
_MAX_CHAR_FINDINGS = 20  # one finding per character, up to this many per file


def _describe(code: int) -> str:
    name = _CHAR_NAMES.get(code)
    if name is None:
        if code < 0x20 or 0x80 <= code < 0xA0:
            name = "a control character"
        elif 0xD800 <= code <= 0xDFFF:
            name = "a lone surrogate"
        else:
            name = "a bidirectional control (it reorders how the line is displayed)"
    return f"U+{code:04X} ({name})"


def _characters(text: str) -> tuple[list[Fault], str]:
    """Findings for every suspect character (at its editor line and column), and the text the parser
    reads: each suspect character replaced by a space, so that the parser's lines are the editor's
    lines and one bad character does not hide the rest of the file behind a syntax error."""
    if not _SUSPECT.search(text):
        return [], text
    findings: list[Fault] = []
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    import bisect

    for match in _SUSPECT.finditer(text):
        if len(findings) == _MAX_CHAR_FINDINGS:
            break
        offset = match.start()
        line = bisect.bisect_right(starts, offset)
        column = offset - starts[line - 1] + 1
        code = ord(match.group())
        if code in _SEPARATOR:
            message = (
                f"{_describe(code)} is a line break for YAML 1.1 parsers (libyaml, the AWS CLI) but not for"
                " YAML 1.2 parsers or editors: text after it may be read as a field you cannot see"
            )
        elif code == 0 and text.count("\x00") * 4 >= len(text):
            message = f"{_describe(code)}: the file looks like UTF-16 or UTF-32 without a byte-order mark"
        else:
            message = f"{_describe(code)} is not allowed in a spec: YAML forbids it or it hides what the line says"
        findings.append(_Fault("AML006", f"{message}; delete it, or save the file as UTF-8 text", line, column).finding)
    return findings, _SUSPECT.sub(" ", text)


# The start of each block entry on a line: indentation, then "- ", "? ", ": " or "--- " indicators.
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:(?:---|[-?:])[ \t]+)*", re.M)


def _depth_fault(text: str) -> Fault | None:
    """A finding if the text nests mappings and sequences deeper than MAX_DEPTH.

    libyaml's parser is iterative, but ruamel's composer recurses once per level in C: about 30,000
    levels (``[[[...``, ``- - - ...``) overflow the C stack and kill the process (SIGSEGV) before any
    Python bound can act. So the depth is known before composing. A cheap bound comes first: flow
    nesting is at most the number of ``[`` and ``{``; block nesting at most twice the deepest column
    at which a block entry can start (a nested block collection is indented further, except a
    sequence written at its parent key's indentation). Only a text whose bound exceeds MAX_DEPTH
    is parsed into events to measure the real depth.
    """
    flow = text.count("[") + text.count("{")
    if flow > MAX_DEPTH or len(text) > 2 * MAX_DEPTH:  # otherwise nothing can nest that deep
        prefix = max(map(len, _BLOCK_PREFIX.findall(text.replace("\r", "\n"))))
        if 2 * (prefix + 1) + flow + 1 > MAX_DEPTH:
            return _measured_depth_fault(text)
    return None


def _measured_depth_fault(text: str, values: bool = False) -> Fault | None:
    """The depth bound measured on the event stream (libyaml's, then the YAML 1.2 parser's for a text
    libyaml refuses, up to MAX_FULL_PARSE characters).

    With ``values`` (a file over MAX_FULL_PARSE: the caller asks) the same pass also holds the value
    bound before any node is built: composing a 1 MB flow list of 330,000 values took 2 s and 180 MB.
    One counter per open collection; the first collection found over the bound is reported: one whose
    own entries reach it (at the entry that does), or one whose values, nested ones included, pass it
    (at its end, where the composed check, ``_check_expansion``, finds it too). Counting stops at an
    alias or a ``<<`` merge key, whose expansion and message the composed check owns; the depth is
    still measured. A file that is over a bound is not read further, as with the other bounds.
    """
    for number, events in enumerate(_event_streams()):
        if number and len(text) > MAX_FULL_PARSE:  # libyaml refused it; compose says so (MAX_FULL_PARSE)
            return None
        try:
            return _bound_fault(events(text), values)
        except Exception:  # a syntax error before any bound: the next parser, then compose reports it
            continue
    return None


def _bound_fault(events, values: bool) -> Fault | None:
    """The first depth (or, with ``values``, value-count) bound one event stream passes, or None."""
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

    counting = values
    open_: list[list] = []  # per open collection: [the value number it started at, its entries, its mark]
    count = 0
    for event in events:
        if isinstance(event, CollectionEndEvent):
            started, _, mark = open_.pop()
            if counting and count - started >= MAX_NODES:
                return _Fault("AML007", _TOO_MANY, mark.line + 1, mark.column + 1).finding
        elif isinstance(event, AliasEvent) or (isinstance(event, ScalarEvent) and event.value == "<<"):
            counting = False
        elif isinstance(event, ScalarEvent | CollectionStartEvent):
            count += 1
            if counting and open_:
                parent = open_[-1]
                parent[1] += 1
                if parent[1] >= MAX_NODES:  # with itself, more than MAX_NODES values
                    mark = parent[2]
                    return _Fault("AML007", _TOO_MANY, mark.line + 1, mark.column + 1).finding
            if isinstance(event, CollectionStartEvent):
                open_.append([count, 0, event.start_mark])
                if len(open_) > MAX_DEPTH:
                    mark = event.start_mark
                    return _Fault(
                        "AML007",
                        f"mappings and lists nest deeper than {MAX_DEPTH} levels here; a request nests about"
                        " 8: flatten the structure",
                        mark.line + 1,
                        mark.column + 1,
                    ).finding
    return None


def _event_streams() -> list:
    def fast(text: str):
        from ruamel.yaml.cyaml import CParser

        parser = CParser(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()

    def pure(text: str):
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)

    try:
        import ruamel.yaml.cyaml  # noqa: F401
    except ImportError:  # pragma: no cover - ruamel.yaml.clib not installed
        return [pure]
    return [fast, pure]


def _children(node) -> list:
    if node.id == "sequence":
        return node.value
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root) -> None:
    """Raise an AML007 fault if the document expands to more than MAX_NODES values through aliases and
    merge keys (``<<: *a``, ``<<: [*a, *b]``), or if an alias or merge refers to a node containing it.

    Sizes are computed once per distinct node (memoised, iteratively), so a "billion laughs" bomb or a
    chain of merges of merges costs time proportional to the file, not to its expansion. The message
    says what was counted: a plain large file is not blamed on aliases it does not have.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > MAX_NODES:
                # the fix is prose, not a replacement of the underlined text: it ends the message (issue 12)
                raise _Fault("AML007", f"{_expansion_message(node)}; {_EXPANSION_FIX}", *_start(node))
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise _Fault(
                "AML007", "an alias or merge key refers to a node that contains it (a recursive alias)", *_start(node)
            )
        on_path.add(key)
        stack.append((node, True))
        # reversed: the children are sized in document order, so the first node over the bound is the one
        # the event scan of a large file (_measured_depth_fault) reports
        stack.extend((child, False) for child in reversed(_children(node)) if id(child) not in size)


# Without an alias (`*name`) every node is its own, so a document of fewer than NO_ALIAS_WALK characters
# can neither be recursive nor reach MAX_NODES values: no YAML construct makes more than two nodes of
# one character (`{a,b}`: a key and its null value per two characters). The expansion walk, 9-11% of a
# 1,000-spec lint (issue 26), is skipped for such a text; it finds nothing there. An alias names an anchor
# (`&name`) defined before it, or the text does not compose ("found undefined alias"): a text without `&`
# has none, whatever `*` it holds (`ContentType: image/*`, 143 of the benchmark's 1,000 specs).
NO_ALIAS_WALK = MAX_NODES // 4


def _may_expand(text: str) -> bool:
    """Whether _check_expansion can find anything in ``text``: it may hold an alias, or it is large."""
    return ("*" in text and "&" in text) or len(text) >= NO_ALIAS_WALK


_EXPANSION_FIX = "split the file, or write fewer values (a request has a few hundred)"
_PLAIN_TOO_MANY = f"this value holds more than {MAX_NODES:,} values (the bound of one document); refusing to read it"
_TOO_MANY = f"{_PLAIN_TOO_MANY}; {_EXPANSION_FIX}"


def _expansion_message(node) -> str:
    """What the expansion bound counted under ``node``: its values, and only if there were any, the
    aliases and merge keys that repeat them (walked once per distinct node: bounded by the file)."""
    repeats = merges = 0
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.id == "mapping":
            merges += sum(1 for key, _ in current.value if key.id == "scalar" and key.value == "<<")
        for child in _children(current):
            if id(child) in seen:
                repeats += 1  # a second reference to one node: an alias (a merge key's value is one too)
            else:
                seen.add(id(child))
                stack.append(child)
    if not repeats and not merges:
        return _PLAIN_TOO_MANY
    how = " and ".join(
        part
        for part in (
            f"aliases ({repeats:,} repeated reference{'s' * (repeats != 1)})" if repeats else "",
            f"{merges:,} merge key{'s' * (merges != 1)}" if merges else "",
        )
        if part
    )
    return f"this value expands to more than {MAX_NODES:,} values through {how}; refusing to expand it"


_SURROGATE = "[\ud800-\udfff]"  # compiled on first use, as _SUPPRESS
_DEFAULT_TAGS = {"sequence": "tag:yaml.org,2002:seq", "mapping": "tag:yaml.org,2002:map"}


def _is_int(value: str) -> bool:
    return bool(_INT.match(value) or _OCT.match(value) or _HEX.match(value))


class _Builder:
    """Turns a node tree into plain Python data and a FieldPath -> Pos map, with YAML-fault findings."""

    def __init__(self, escapes: bool = True) -> None:
        self.positions: dict[FieldPath, Pos] = {}
        self.findings: list[Fault] = []
        self.count = 0
        self.active: set[int] = set()
        # A lone surrogate can only come from a backslash escape (the loader replaced any in the text
        # itself): a text without a backslash needs no search of each value (issue 26)
        self.escapes = escapes

    def build(self, node, path: FieldPath, key_span: Span | None, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # _check_expansion raised first for any document this large; kept so the builder is safe alone
            raise _Fault(
                "AML007",
                f"the document holds more than {MAX_NODES:,} values, counting what aliases and merge keys"
                f" repeat; refusing to read it further; {_EXPANSION_FIX}",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if depth > MAX_DEPTH:
            raise _Fault("AML007", f"the document nests deeper than {MAX_DEPTH} levels", *_start(node))
        if id(node) in self.active:
            raise _Fault("AML007", "an alias refers to a node that contains it (a recursive alias)", *_start(node))
        self.positions[path] = _new_tuple(Pos, (key_span, _span(node), None))
        kind = node.id
        if kind == "scalar":
            return self._scalar(node, path)
        tag = _tag(node)
        if tag != _DEFAULT_TAGS[kind]:
            raise _Fault(
                "AML001",
                f"YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}' on a {'list' if kind == 'sequence' else 'mapping'} is not supported:"
                " the AWS CLI reads plain YAML without custom tags; remove the tag",
                *_start(node),
            )
        self.active.add(id(node))
        try:
            if kind == "sequence":
                return [self.build(item, path / i, None, depth + 1) for i, item in enumerate(node.value)]
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node, path: FieldPath, depth: int) -> dict:
        result: dict = {}
        pairs = []
        for key_node, value_node in node.value:
            if (
                key_node.id == "scalar"
                and key_node.value == "<<"
                and _tag(key_node) in (PLAIN, "tag:yaml.org,2002:merge")
            ):
                self._merge(value_node, result, path, depth)
            else:
                pairs.append((key_node, value_node))
        seen: dict[Any, Span] = {}
        for key_node, value_node in pairs:
            if key_node.id != "scalar":
                raise _Fault(
                    "AML001",
                    "YAML syntax error: a mapping key must be a plain value, not a list or mapping",
                    *_start(key_node),
                )
            key = self._scalar(key_node, path)
            if not isinstance(key, str):
                key = str(key_node.value)  # a request's keys are names; `1: x` keys the name "1"
            key_span = _span(key_node)
            if key in seen:
                first = seen[key]
                self.findings.append(
                    _Fault(
                        "AML003",
                        f"duplicate key '{key}' (first defined on line {first.line}); YAML keeps only the last value:"
                        " remove one of the two",
                        key_span.line,
                        key_span.column,
                        key_span.end_column,
                    ).finding
                )
            seen[key] = key_span
            child = _new_tuple(FieldPath, (*path, key))
            if value_node.id == "scalar" and self.count < MAX_NODES and depth < MAX_DEPTH:
                # a scalar value, most of a spec's nodes: what build() does for one, without the bounds
                # that cannot trip and the checks only a collection needs (issue 26)
                self.count += 1
                self.positions[child] = _new_tuple(Pos, (key_span, _span(value_node), None))
                result[key] = self._scalar(value_node, child)
            else:
                result[key] = self.build(value_node, child, key_span, depth + 1)
        return result

    def _merge(self, value_node, result: dict, path: FieldPath, depth: int) -> None:
        """`<<: *defaults`: merged first, so that explicit keys (built after) win, as in ruamel."""
        for source in value_node.value if value_node.id == "sequence" else [value_node]:
            # _check_expansion already bounded merges; these keep the builder safe on its own
            self.count += 1
            if depth > MAX_DEPTH or id(source) in self.active or self.count > MAX_NODES:
                raise _Fault("AML007", "merge keys nest too deeply or refer to themselves", *_start(source))
            if source.id != "mapping":
                raise _Fault(
                    "AML001",
                    "YAML syntax error: a merge key (<<) needs a mapping or a list of mappings",
                    *_start(source),
                )
            self.active.add(id(source))
            try:
                result.update(self._mapping(source, path, depth + 1))
            finally:
                self.active.discard(id(source))

    def _scalar(self, node, path: FieldPath) -> Any:
        value, tag = node.value, _tag(node)
        if len(value) > MAX_SCALAR:
            raise _Fault(
                "AML007",
                f"this value is {len(value):,} characters long, above the bound of {MAX_SCALAR:,}",
                *_start(node),
            )
        if len(value) > MAX_INT_DIGITS and (tag == "tag:yaml.org,2002:int" or (tag == PLAIN and _is_int(value))):
            raise _Fault(
                "AML007",
                f"this number has {len(value):,} digits, above the bound of {MAX_INT_DIGITS}; no request field"
                " takes a number that long; quote it if it is meant as text",
                *_start(node),
            )
        if self.escapes and re.search(_SURROGATE, value):
            # a YAML escape such as "\\ud800" names half of a UTF-16 pair: not a character, not UTF-8
            self.findings.append(
                _Fault(
                    "AML006",
                    "this value holds a lone surrogate (a \\ud800-\\udfff escape that is half of a character);"
                    " it cannot be sent as UTF-8; write the character itself, or a \\U00XXXXXX escape",
                    *_start(node),
                ).finding
            )
            value = re.sub(_SURROGATE, "\ufffd", value)
        if tag == PLAIN:
            return resolve_plain(value)
        if tag == STR:
            return value
        short = tag.replace("tag:yaml.org,2002:", "!!")
        try:
            if short == "!!int":
                return int(value, 0)
            if short == "!!float":
                return float(value)
            if short == "!!bool":
                return _BOOL[value]
            if short == "!!null":
                return None
        except (KeyError, ValueError):
            raise _Fault("AML001", f"YAML error: '{value}' is not a valid {short} value", *_start(node)) from None
        raise _Fault(
            "AML001",
            f"YAML tag '{tag}' is not supported: the AWS CLI reads plain YAML without custom tags; remove the tag",
            *_start(node),
        )


def _tag(node) -> str:
    """The node's tag as a string. Tags our resolver set have no handle, so their suffix is the tag;
    ``str(node.tag)`` URI-decodes every time and costs a fifth of a 1,000-spec run."""
    ctag = node.ctag
    return ctag.suffix if ctag.handle is None and isinstance(ctag.suffix, str) else str(ctag)


def _start(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# The first characters of every plain scalar the core schema reads as other than a string (null ``~``,
# ``null``; ``true``, ``false``; numbers, ``.inf``, ``.nan``); any other plain scalar is a string.
_NOT_ONLY_TEXT = frozenset("~nNtTfF0123456789+-.")


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of an untagged plain scalar."""
    if value and value[0] not in _NOT_ONLY_TEXT:  # most keys and values: no pattern can match
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    match = _INF.match(value)
    if match:
        return float(f"{match.group(1)}inf")
    if _NAN.match(value):
        return float("nan")
    return value


def load_text(name: str, text: str) -> SourceFile:
    """Parse one file's text into documents; never raises for bad YAML, and holds every bound of the
    module docstring (each exceeded bound is an AML007 finding)."""
    suppressions = parse_suppressions(text)
    if len(text) > MAX_BYTES:
        line = text.count("\n", 0, MAX_BYTES) + 1
        too_large = _Fault(
            "AML007",
            f"the file is larger than {MAX_BYTES:,} characters; a request is a few KB, so it is not read further",
            line,
            1,
        )
        return SourceFile(name, text, (), (too_large.finding,), suppressions)
    character_findings, parsed = _characters(text)
    too_big = _measured_depth_fault(parsed, values=True) if len(parsed) > MAX_FULL_PARSE else _depth_fault(parsed)
    if too_big is not None:
        too_big = replace(too_big, span=_inside(too_big.span, _end(parsed)))
        return SourceFile(name, text, (), (*character_findings, too_big), suppressions)
    try:
        nodes = _compose(parsed)
    except Exception as exc:  # every parser fault becomes a finding with a line
        fault = _fault_from_yaml_error(exc, parsed)
        fault = replace(fault, span=_inside(fault.span, _end(parsed)))
        return SourceFile(name, text, (), (*character_findings, fault), suppressions)
    docs: list[SourceDoc] = []
    findings: list[Fault] = list(character_findings)
    last = _end(parsed)
    expand = _may_expand(parsed)
    escapes = "\\" in parsed
    for index, node in enumerate(nodes):
        builder = _Builder(escapes)
        try:
            if expand:
                _check_expansion(node)
            data = builder.build(node, FieldPath(), None)
        except _Fault as fault:
            findings.extend(builder.findings)
            findings.append(fault.finding)
            continue
        findings.extend(builder.findings)
        line = node.start_mark.line + 1
        if data is None:
            findings.append(_empty(line, "this YAML document is empty", Severity.WARNING if len(nodes) > 1 else None))
            continue
        if not isinstance(data, dict):
            kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
            findings.append(
                _Fault(
                    "AML004",
                    f"a spec must be a mapping of request fields (AutoMLJobName: ..., RoleArn: ...), not {kind}",
                    line,
                    node.start_mark.column + 1,
                ).finding
            )
            continue
        docs.append(SourceDoc(index, data, _clamped(builder.positions, last), line))
    if not nodes:
        findings.append(_empty(1, "the file holds no YAML document (it is empty or only comments)", None))
    findings = [replace(f, span=_inside(f.span, last)) for f in findings]
    return SourceFile(name, text, tuple(docs), tuple(findings), suppressions)


def _end(text: str) -> tuple[int, int]:
    """The last position in ``text`` as editors count it: after its last character, or the start of the
    empty line that a final line break opens."""
    start = max(text.rfind("\n"), text.rfind("\r")) + 1
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1, len(text) - start + 1


def _inside(span: Span, last: tuple[int, int]) -> Span:
    """``span`` moved inside the text that ends at ``last``: the parser ends a block collection (or an
    empty document) at the start of a line that does not exist when the file has no final line break
    (``a: 1`` ends at 2:1), and every line and column reported must be one an editor can show."""
    if (span.end_line, span.end_column) <= last:
        return span
    if (span.line, span.column) < last:
        return span._replace(end_line=last[0], end_column=last[1])
    return Span(last[0], last[1], last[0], last[1] + 1)


def _clamped(positions: dict[FieldPath, Pos], last: tuple[int, int]) -> dict[FieldPath, Pos]:
    """``positions`` with every span moved inside the text (``_inside``). Only a span that ends on the
    last line or after it can need moving (a key's span ends before its value's), so the others are kept
    as they are: a tenth of the loader's time went to rebuilding them (issue 26)."""
    last_line = last[0]
    for path, pos in positions.items():
        if pos.value.end_line >= last_line or (pos.key is not None and pos.key.end_line >= last_line):
            positions[path] = pos._replace(key=pos.key and _inside(pos.key, last), value=_inside(pos.value, last))
    return positions


def _empty(line: int, message: str, severity: Severity | None) -> Fault:
    fault = _Fault("AML005", f"{message}: write an Autopilot job request here, or delete the file", line, 1).finding
    return replace(fault, severity=severity)


class NotRegularFile(OSError):
    """A FIFO, socket or device where a spec or configuration file was expected."""


def file_kind(mode: int) -> str:
    import stat

    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_BYTES, what: str = "a spec file") -> bytes:
    """At most ``limit + 1`` bytes of a regular file: every spec and configuration file is read through
    here, so none can cost more memory than the loader's bound. Raises OSError; NotRegularFile for a
    FIFO (reading it would block forever), a device (``/dev/zero`` never ends) or a socket."""
    import stat

    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(0, f"{file_kind(info.st_mode)}, not {what}; only regular files are read")
    # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it must not block either
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(0, "not a regular file; only regular files are read")
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_bytes(name: str, raw: bytes) -> SourceFile:
    if len(raw) > MAX_BYTES:
        line = raw.count(b"\n", 0, MAX_BYTES) + 1
        fault = _Fault(
            "AML007",
            f"the file is larger than {MAX_BYTES:,} bytes; a request is a few KB, so it is not read further",
            line,
            1,
        )
        text = raw[:MAX_BYTES].decode("utf-8", "replace")
        return SourceFile(name, text, (), (fault.finding,), Suppressions())
    try:
        text = _decode(raw)
    except _Fault as fault:  # the text shown under the finding is decoded as the fault's line was counted
        return SourceFile(name, raw.decode(_codec(raw), "replace"), (), (fault.finding,), Suppressions())
    return load_text(name, text)
