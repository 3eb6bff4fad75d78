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

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .findings import FieldPath, Finding, Severity

# Bounds that keep a hostile file (a "billion laughs" alias bomb, deep nesting) cheap to reject.
MAX_NODES = 100_000
MAX_DEPTH = 200

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
_SUPPRESS = re.compile(r"#\s*automlspec:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")


class Span(NamedTuple):
    """1-based line and column of the first character; end is exclusive, on end_line."""

    line: int
    column: int
    end_line: int
    end_column: int


class Pos(NamedTuple):
    key: Span | None  # None for list items and the document root
    value: Span
    origin: str | None = None  # another file (project-config defaults) or None for this one


@dataclass(frozen=True)
class Suppressions:
    """``# automlspec: ignore[CODE,...]`` on a line; ``# automlspec: ignore-file[...]`` anywhere.

    An empty selector set means every rule.
    """

    lines: dict[int, frozenset[str]] = field(default_factory=dict)
    file: frozenset[str] | None = None

    def covers(self, line: int, rule: str, name: str) -> bool:
        for selectors in (self.file, self.lines.get(line)):
            if selectors is not None and (not selectors or _selected(selectors, rule, name)):
                return True
        return False


def _selected(selectors: frozenset[str], rule: str, name: str) -> bool:
    return any(rule.startswith(s) or s == name for s in selectors)


def parse_suppressions(text: str) -> Suppressions:
    if "automlspec:" not in text:
        return Suppressions()
    lines: dict[int, frozenset[str]] = {}
    whole: set[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUPPRESS.search(line)
        if not match:
            continue
        selectors = frozenset(s.strip() for s in (match.group(2) or "").split(",") if s.strip())
        if match.group(1) == "ignore-file":
            if not selectors:  # every rule, for the whole file
                return Suppressions(lines, frozenset())
            whole = (whole or set()) | selectors
        else:
            lines[number] = selectors
    return Suppressions(lines, None if whole is None else frozenset(whole))


@dataclass(frozen=True)
class SourceDoc:
    index: int
    data: Any
    positions: dict[FieldPath, Pos]
    line: int  # first line of the document


@dataclass(frozen=True)
class SourceFile:
    name: str
    text: str
    docs: tuple[SourceDoc, ...]
    findings: tuple[Finding, ...]  # YAML faults, already positioned
    suppressions: Suppressions


class _Fault(Exception):
    def __init__(self, rule: str, message: str, line: int, column: int, suggestion: str | None = None):
        super().__init__(message)
        self.finding = Finding(
            rule=rule,
            path=FieldPath(),
            message=message,
            suggestion=suggestion,
            line=line,
            column=column,
            end_column=column + 1,
        )


def _span(node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _fast_composer():
    """libyaml's C parser with a resolver that marks untagged plain scalars (we resolve them)."""
    from ruamel.yaml.cyaml import CParser
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import BaseResolver

    class _Fast(CParser, BaseResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            BaseResolver.__init__(self)

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode:
                return PLAIN if implicit[0] else STR
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
    for compose in _COMPOSERS:
        try:
            return compose(text)
        except Exception as exc:  # any parser fault: try the next parser, then report it
            error = exc
    assert error is not None
    raise error


def _fault_from_yaml_error(exc: Exception, text: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    context = getattr(exc, "context", None)
    lines = text.splitlines()
    char = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if char == "\t" or "\\t" in str(problem) or "tab" in str(problem).lower():
        return _Fault(
            "AML002",
            "a tab character is used for indentation or separation; YAML allows only spaces there",
            line,
            column,
            "replace the tab with spaces",
        ).finding
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return _Fault("AML001", message, line, column).finding


def _decode(raw: bytes) -> str:
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # columns count characters, as everywhere else, not bytes
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        encoding = "UTF-16" if exc.encoding.startswith("utf-16") else "UTF-8"
        raise _Fault(
            "AML006",
            f"the file is not valid {encoding} (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            line,
            column,
            "save the file as UTF-8",
        ) from None


class _Builder:
    """Turns a node tree into plain Python data and a FieldPath -> Pos map, with YAML-fault findings."""

    def __init__(self) -> None:
        self.positions: dict[FieldPath, Pos] = {}
        self.findings: list[Finding] = []
        self.count = 0
        self.active: set[int] = set()

    def build(self, node, path: FieldPath, key_span: Span | None, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Fault(
                "AML007",
                f"the document expands to more than {MAX_NODES:,} values through aliases;"
                " refusing to expand it further",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "write the values out instead of nesting aliases",
            )
        if depth > MAX_DEPTH:
            raise _Fault("AML007", f"the document nests deeper than {MAX_DEPTH} levels", *_start(node))
        if id(node) in self.active:
            raise _Fault("AML007", "an alias refers to a node that contains it (a recursive alias)", *_start(node))
        self.positions[path] = Pos(key_span, _span(node))
        kind = node.id
        if kind == "scalar":
            return self._scalar(node, path)
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
                # `<<: *defaults`: merged first, so that explicit keys (built after) win, as in ruamel
                for source in value_node.value if value_node.id == "sequence" else [value_node]:
                    if source.id != "mapping":
                        raise _Fault(
                            "AML001",
                            "YAML syntax error: a merge key (<<) needs a mapping or a list of mappings",
                            *_start(source),
                        )
                    result.update(self._mapping(source, path, depth + 1))
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
                        f"duplicate key '{key}' (first defined on line {first.line}); YAML keeps only the last value",
                        key_span.line,
                        key_span.column,
                        "remove one of the two keys",
                    ).finding.at(end_column=key_span.end_column)
                )
            seen[key] = key_span
            result[key] = self.build(value_node, path / key, key_span, depth + 1)
        return result

    def _scalar(self, node, path: FieldPath) -> Any:
        value, tag = node.value, _tag(node)
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
            f"YAML tag '{tag}' is not supported: the AWS CLI reads plain YAML without custom tags",
            *_start(node),
            suggestion="remove the tag",
        )


def _tag(node) -> str:
    """The node's tag as a string. Tags our resolver set have no handle, so their suffix is the tag;
    ``str(node.tag)`` URI-decodes every time and costs a fifth of a 1,000-spec run."""
    ctag = node.ctag
    return ctag.suffix if ctag.handle is None and isinstance(ctag.suffix, str) else str(ctag)


def _start(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of an untagged plain scalar."""
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
    """Parse one file's text into documents; never raises for bad YAML."""
    suppressions = parse_suppressions(text)
    try:
        nodes = _compose(text)
    except Exception as exc:  # every parser fault becomes a finding with a line
        return SourceFile(name, text, (), (_fault_from_yaml_error(exc, text),), suppressions)
    docs: list[SourceDoc] = []
    findings: list[Finding] = []
    for index, node in enumerate(nodes):
        builder = _Builder()
        try:
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
        docs.append(SourceDoc(index, data, builder.positions, line))
    if not nodes:
        findings.append(_empty(1, "the file holds no YAML document (it is empty or only comments)", None))
    return SourceFile(name, text, tuple(docs), tuple(findings), suppressions)


def _empty(line: int, message: str, severity: Severity | None) -> Finding:
    finding = _Fault("AML005", message, line, 1, "write an Autopilot job request here, or delete the file").finding
    return finding.at(severity=severity) if severity else finding


def load_bytes(name: str, raw: bytes) -> SourceFile:
    try:
        text = _decode(raw)
    except _Fault as fault:
        return SourceFile(name, raw.decode("utf-8", "replace"), (), (fault.finding,), Suppressions())
    return load_text(name, text)
