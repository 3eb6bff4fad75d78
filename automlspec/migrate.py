"""`automlspec migrate`: rewrite CreateAutoMLJob (V1) specs as CreateAutoMLJobV2 specs, in place.

The mapping is ``dialects.MOVES`` (AWS's migration guide); what this module adds is keeping the file a
human wrote. The file is cut at its document markers and only V1 documents are rewritten; every other
byte (markers, V2 documents, the BOM, each document's line-ending style) is copied. A V1 document goes
through ruamel's round trip: quotes, flow lists and comments stay, keys keep their relative order, and
a moved key takes its comments along (on its own line, or the lines before it, re-indented); what
precedes a key that disappears (AutoMLJobConfig) goes to what replaces it.

Nothing is trusted: the rewritten document is parsed again with lint's loader and must compile to
exactly the request the V1 document compiles to with ``--api v2``, and must hold every comment the V1
document held; otherwise the file is refused (ConversionError), never written half-right. ``prepare``
adds the checks around it: the file is linted as it is first (a V1 spec with lint errors is refused with
lint's findings, at their positions in the file, before anything is converted), and what would be
written is linted last (an error only the converted request has is reported without a position: it is
on no line of the file). The command writes through ``writer``.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compile import default_objective, to_request
from .dialects import PER_JOB_CHANNEL_FIELDS, V2_HOME, decide_dialect, detect_dialect
from .errors import ConversionError, SourceError
from .findings import Severity
from .yamlio import MovableComments, comments_in, copy_header

if TYPE_CHECKING:
    from .config import Config
    from .findings import Finding
    from .lint import LintResult
    from .writer import Original

_MAPPING_INDENT, _SEQUENCE_INDENT, _SEQUENCE_OFFSET = 2, 4, 2


@dataclass(frozen=True)
class Migrated:
    text: str  # the new text (the old text if nothing changed)
    migrated: int  # V1 documents rewritten
    documents: int

    @property
    def changed(self) -> bool:
        return self.migrated > 0


def _yaml(indent: tuple[int, int, int] = (_MAPPING_INDENT, _SEQUENCE_INDENT, _SEQUENCE_OFFSET)):
    # yamlio's round trip: a "\u202e" escape in a value is written back as an escape, never raw
    from .yamlio import round_trip

    return round_trip(indent, preserve_quotes=True)


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The file's block indentation (mapping, sequence, dash offset), so untouched lines keep it:
    the first nested key under a top-level key, and the first dash under one."""
    import re

    mapping = offset = None
    lines = text.splitlines()
    for above, line in itertools.pairwise(lines):
        if not re.match(r"[A-Za-z]\w*:\s*(#.*)?$", above):
            continue
        nested = re.match(r"( +)(- )?\S", line)
        if nested and nested.group(2) and offset is None:
            offset = len(nested.group(1))
        elif nested and not nested.group(2) and mapping is None:
            mapping = len(nested.group(1))
    mapping = mapping or _MAPPING_INDENT
    offset = _SEQUENCE_OFFSET if offset is None else offset
    return mapping, offset + 2, offset


def migrate_text(text: str) -> Migrated:
    """Migrate every V1 document of a file's text (without its BOM); every other byte stays as it is.

    The file is cut at its document markers (``---``, ``...`` at the start of a line: YAML forbids
    them inside any scalar). A document that is not V1, the markers and everything between documents
    are copied through untouched; each V1 document is rewritten on its own, in its own line-ending
    style. Raises ConversionError when a document cannot be converted faithfully: the message says why,
    and nothing is written."""
    if "InputDataConfig" not in text:  # cheap exit: no V1 document can be here
        return Migrated(text, 0, 0)
    pieces = _pieces(text)
    out: list[str] = []
    migrated = documents = 0
    line = 1
    for is_document, piece in pieces:
        if is_document:
            documents += 1
            new = _migrate_piece(piece, documents, line)
            migrated += new is not piece
            out.append(new)
        else:
            out.append(piece)
        line += piece.count("\n")
    if not migrated:
        return Migrated(text, 0, documents)
    return Migrated("".join(out), migrated, documents)


def migrate_bytes(raw: bytes) -> tuple[Migrated, bytes]:
    """``migrate_text`` of a file's bytes, and the bytes to write: a UTF-8 BOM stays a BOM."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # lint reads UTF-16 with its byte-order mark
            raise ConversionError(
                "the file is UTF-16; migrate rewrites UTF-8 files only: save it as UTF-8, then migrate it"
            ) from None
        raise SourceError("the file is not valid UTF-8; `automlspec lint` shows where") from None
    result = migrate_text(text)
    return result, (bom + result.text.encode("utf-8") if result.changed else raw)


# Collections migrate takes apart: a flow collection here cannot be kept as text.
_RESHAPED = {
    ("InputDataConfig",),
    ("InputDataConfig", "[]"),
    ("AutoMLJobConfig",),
    ("AutoMLJobConfig", "CandidateGenerationConfig"),
}
_MARKER = re.compile(r"(?:---|\.\.\.)(?=[ \t\r\n]|\Z)")
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _pieces(text: str) -> list[tuple[bool, str]]:
    """The text as (is a document?, text) pieces: marker lines, and what lies between them. A piece
    holding only blank lines, comments and directives is not a document."""
    pieces: list[tuple[bool, str]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            body = "".join(current)
            content = any(
                stripped and not stripped.startswith(("#", "%")) for stripped in (ln.strip() for ln in current)
            )
            pieces.append((content, body))
            current.clear()

    for line in _LINES.findall(text):
        if _MARKER.match(line):
            flush()
            rest = line[3:].strip()
            if rest and not rest.startswith("#"):  # `--- {...}`: the document starts on the marker line
                current.append(line)
                continue
            pieces.append((False, line))
        else:
            current.append(line)
    flush()
    return pieces


def _migrate_piece(piece: str, number: int, first_line: int) -> str:
    """One document's text, migrated if it is V1 (else ``piece`` itself, the same object)."""
    from .source import load_text

    lf = piece.replace("\r\n", "\n")
    where = f"document {number} (line {first_line})"
    source = load_text("migrate", lf)
    errors = [f for f in source.findings if f.rule != "AML005"]
    if errors:
        fault = errors[0]
        raise SourceError(
            f"{where}: line {first_line + fault.span.line - 1}: {fault.message}; fix it first (`automlspec lint` shows it)"
        )
    if not source.docs or detect_dialect(source.docs[0].data)[0] != "v1":
        return piece
    if _MARKER.match(lf):
        raise ConversionError(f"{where} starts on its `---` line; move its content to the next line first")
    if "\r" in lf:
        raise ConversionError(f"{where} has bare carriage returns (\\r) as line ends; save it with \\n or \\r\\n")
    old = source.docs[0].data
    expected = to_request(old, "v1", "v2")  # raises ConversionError for what V2 cannot express
    body, tail = _split_tail(lf)
    new_text = _rewrite(body, where) + tail
    _check_rewrite(where, lf, new_text, expected)
    if piece.count("\r\n") * 2 > piece.count("\n"):  # the document's own line-ending style
        new_text = new_text.replace("\n", "\r\n")
    return new_text


def _check_rewrite(where: str, lf: str, new_text: str, expected: dict) -> None:
    """ConversionError unless the rewritten text compiles to the V1 spec's request and keeps its comments."""
    from .source import load_text

    migrated = load_text("migrate", new_text)
    problems = [f for f in migrated.findings if f.rule != "AML005"]
    if problems or len(migrated.docs) != 1 or to_request(migrated.docs[0].data, "v2") != expected:
        raise ConversionError(  # pragma: no cover - a bug: the check exists so that a bug refuses, not loses
            f"{where}: the rewritten document would not compile to the request the V1 spec compiles to;"
            " nothing written (please report this)"
        )
    lost = _missing_comments(lf, new_text)
    if lost:
        raise ConversionError(
            f"{where}: migrate would drop the comment {lost[0]!r}"
            + (f" and {len(lost) - 1} more" if len(lost) > 1 else "")
            + "; nothing written: put the comment on a line of its own (a comment inside braces or brackets"
            " that migrate takes apart cannot move), then run migrate again"
        )


def _split_tail(text: str) -> tuple[str, str]:
    """(the document, the comment and blank lines after its last value): the tail is copied as it is,
    because ruamel drops a comment that follows the last value of a nested collection. (A block
    scalar's last lines that look like comments would be cut off here: the request comparison after
    the rewrite catches that and refuses.)"""
    lines = text.splitlines(keepends=True)
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    return "".join(lines[:cut]), "".join(lines[cut:])


def _rewrite(text: str, where: str) -> str:
    """The V1 document ``text`` (LF line ends) rewritten as V2 by ruamel's round trip.

    ruamel cannot keep comments inside a flow collection (``{a: 1,  # why``): such a collection is
    replaced by a placeholder before loading and its exact text is put back after dumping."""
    from ruamel.yaml.comments import CommentedMap

    hidden, flows = _hide_commented_flows(text)
    indent = _guess_indent(hidden)
    yaml = _yaml(indent)
    try:
        doc = yaml.load(hidden)
    except Exception as exc:
        raise SourceError(
            f"{where}: cannot parse the YAML ({type(exc).__name__}); `automlspec lint` shows where"
        ) from None
    if not isinstance(doc, CommentedMap):  # pragma: no cover - load_text said it is a V1 mapping
        raise ConversionError(f"{where} is not a mapping")
    new = _Document(indent).migrate(doc)
    stream = io.StringIO()
    yaml.dump(new, stream)
    out = stream.getvalue()
    if not text.endswith("\n"):
        out = out.rstrip("\n")
    return _restore_flows(out, flows, where)


def _hide_commented_flows(text: str) -> tuple[str, dict[str, tuple[str, int]]]:
    """Replace every outermost flow collection that holds a comment by a unique plain scalar;
    return the text and {placeholder: (original text, its column)}."""
    from .source import _compose

    if "#" not in text or not any(c in text for c in "{["):
        return text, {}
    try:
        roots = _compose(text)
    except Exception:
        return text, {}
    spans: list[tuple[int, int, int]] = []
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))

    def index(mark) -> int:
        return offsets[mark.line] + mark.column

    def walk(node, path: tuple) -> None:
        if node.id in ("mapping", "sequence") and node.flow_style and path not in _RESHAPED:
            start, end = index(node.start_mark), index(node.end_mark)
            if "#" in text[start:end] and "\n" in text[start:end]:
                spans.append((start, end, node.start_mark.column))
                return
        if node.id == "mapping":
            for key, value in node.value:
                walk(value, (*path, key.value if key.id == "scalar" else None))
        elif node.id == "sequence":
            for item in node.value:
                walk(item, (*path, "[]"))

    if "automlspec-flow-" in text:
        return text, {}
    for root in roots:
        walk(root, ())
    flows: dict[str, tuple[str, int]] = {}
    for number, (start, end, column) in enumerate(sorted(spans, reverse=True)):
        marker = f"automlspec-flow-{number}"
        flows[marker] = (text[start:end], column)
        text = text[:start] + marker + text[end:]
    return text, flows


def _restore_flows(text: str, flows: dict[str, tuple[str, int]], where: str) -> str:
    for marker, (original, column) in flows.items():
        at = text.find(marker)
        if at < 0 or text.count(marker) != 1:  # pragma: no cover - a moved value always comes back once
            raise ConversionError(f"{where}: a flow collection with comments could not be kept; nothing written")
        new_column = at - (text.rfind("\n", 0, at) + 1)
        shift = new_column - column
        lines = original.split("\n")
        moved = [lines[0]] + [
            (" " * shift + line) if shift >= 0 else line[min(-shift, len(line) - len(line.lstrip(" "))) :]
            for line in lines[1:]
        ]
        text = text[:at] + "\n".join(moved) + text[at + len(marker) :]
    return text


def _missing_comments(old: str, new: str) -> list[str]:
    """Comments of ``old`` that ``new`` does not have (as many times as ``old`` has them)."""
    from collections import Counter

    before, after = Counter(comments_in(old)), Counter(comments_in(new))
    return list((before - after).elements())


@dataclass
class _V2Document:
    """The V2 document being built: its top-level mapping, and the problem config V1 fields move into
    (placed in ``top`` once, where the first of them stood)."""

    top: Any
    tabular: Any
    placed: bool = False

    def __post_init__(self) -> None:
        from ruamel.yaml.comments import CommentedMap

        self.problem = CommentedMap([("TabularJobConfig", self.tabular)])


class _Document(MovableComments):
    """One V1 document rewritten as V2: keys move (MovableComments.take/put) and their comments with them."""

    def migrate(self, doc):
        """The V2 document for a V1 one (a new mapping; ``doc`` is consumed)."""
        from ruamel.yaml.comments import CommentedMap

        self.detach(doc)
        out = _V2Document(CommentedMap(), CommentedMap())
        copy_header(doc, out.top)
        channel_fields: dict[str, tuple] = {}
        for key in list(doc):
            if key == "InputDataConfig":
                self._move_channels(doc, out, channel_fields)
            elif (key,) in V2_HOME:  # ProblemType, GenerateCandidateDefinitionsOnly
                moved = self.take(doc, key)
                self._place(out)
                self.put(out.tabular, key, moved)
            elif key == "AutoMLJobConfig":
                self._move_job_config(doc, out)
            else:
                self.put(out.top, key, self.take(doc, key))
        if not out.placed:  # no V1-only key besides the channels: the problem config follows them
            keys = list(out.top)
            position = keys.index("AutoMLJobInputDataConfig") + 1 if "AutoMLJobInputDataConfig" in keys else len(keys)
            out.top.insert(position, "AutoMLProblemTypeConfig", out.problem)
        for field in reversed(PER_JOB_CHANNEL_FIELDS):  # the target first, then the weight column
            if field in channel_fields:
                self.put(out.tabular, field, channel_fields[field], position=0)
        self._fill_objective(out.top, out.tabular)
        self.attach(out.top)
        return out.top

    def _place(self, out: _V2Document, lead_from=None) -> None:
        """AutoMLProblemTypeConfig where the first V1 field that moves into it stood (once)."""
        if not out.placed:
            out.top["AutoMLProblemTypeConfig"] = out.problem
            if lead_from:
                self.leads[(id(out.top), "AutoMLProblemTypeConfig")] = lead_from
            out.placed = True

    def _move_channels(self, doc, out: _V2Document, channel_fields: dict[str, tuple]) -> None:
        """InputDataConfig becomes AutoMLJobInputDataConfig; the per-job fields leave each channel (the
        first channel's are kept, for the problem config)."""
        moved = self.take(doc, "InputDataConfig")
        for channel in moved[0] if isinstance(moved[0], list) else []:
            for field in PER_JOB_CHANNEL_FIELDS:
                if isinstance(channel, dict) and field in channel:
                    taken = self.take(channel, field)
                    channel_fields.setdefault(field, taken)
        self.put(out.top, "AutoMLJobInputDataConfig", moved)

    def _move_job_config(self, doc, out: _V2Document) -> None:
        """Each field of AutoMLJobConfig to its V2 home; the comments that introduced AutoMLJobConfig
        introduce the problem config (if it is placed here) or its first field."""
        key = "AutoMLJobConfig"
        config, token, lead, _column = self.take(doc, key)
        if token is not None:  # `AutoMLJobConfig:  # why`: the comment goes above what replaces it
            lead = lead + [line for line in token.value.splitlines() if line.strip()]
        if not out.placed:
            self._place(out, lead)
            lead = []
        for sub in list(config):
            moved = self.take(config, sub)
            if lead:  # what introduced AutoMLJobConfig now introduces its first field
                moved = (moved[0], moved[1], lead + moved[2], moved[3])
                lead = []
            if len(V2_HOME.get((key, sub), ())) == 1:  # SecurityConfig, DataSplitConfig: top level
                self.put(out.top, sub, moved)
            elif sub == "CandidateGenerationConfig" and "FeatureSpecificationS3Uri" in moved[0]:
                self._move_feature_specification(moved, out)
            else:
                self.put(out.tabular, sub, moved)

    def _move_feature_specification(self, moved, out: _V2Document) -> None:
        """CandidateGenerationConfig.FeatureSpecificationS3Uri goes to the tabular config; the rest of
        CandidateGenerationConfig follows it, unless nothing is left."""
        candidates = moved[0]
        feature = self.take(candidates, "FeatureSpecificationS3Uri")
        if not candidates:  # the emptied mapping goes: its comments introduce the field
            own = [ln for ln in moved[1].value.splitlines() if ln.strip()] if moved[1] else []
            feature = (feature[0], feature[1], moved[2] + own + feature[2], feature[3])
        self.put(out.tabular, "FeatureSpecificationS3Uri", feature)
        if candidates:
            self.put(out.tabular, "CandidateGenerationConfig", moved)

    def _fill_objective(self, out, tabular) -> None:
        """ProblemType without AutoMLJobObjective is valid V1 but not V2: fill the documented default
        (what `compile --api v2` fills too), after the problem config, with a comment that says so."""
        from ruamel.yaml.comments import CommentedMap

        metric = default_objective({"AutoMLProblemTypeConfig": {"TabularJobConfig": tabular}} | dict(out))
        if metric is None:
            return
        position = list(out).index("AutoMLProblemTypeConfig") + 1
        out.insert(position, "AutoMLJobObjective", CommentedMap([("MetricName", metric)]))
        self.leads[(id(out), "AutoMLJobObjective")] = [
            f"# Added by automlspec migrate: CreateAutoMLJobV2 needs AutoMLJobObjective with ProblemType, and {metric}",
            f"# is the documented default metric for {tabular['ProblemType']} (AutoMLJobObjective.MetricName).",
        ]


# ----- one file, as the command does it ---------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """One file read, linted as it is, migrated and linted again: ready to write, or to refuse.

    Two kinds of lint error refuse a file, and they are told apart because only one has a position a
    user can open: ``lint`` is the file as it is on disk, linted as `lint` would (its findings point
    into the file); ``converted`` are the errors that only the converted request has (the file itself
    lints clean), whose positions would point into text that is never written."""

    original: Original  # the bytes read: the writer replaces the file only if it still holds them
    result: Migrated
    data: bytes  # what to write: the migrated text, BOM kept
    dialects: tuple[str | None, ...]  # each document's dialect as lint reads it ('v1', 'v2', None)
    lint: LintResult | None = None  # the file as it is (None: it holds no V1 request, nothing was linted)
    converted: tuple[Finding, ...] = ()  # errors of the converted request that the file does not have

    @property
    def refused(self) -> bool:
        return bool(self.converted) or (self.lint is not None and self.lint.count(Severity.ERROR) > 0)

    @property
    def already_v2(self) -> bool:
        """Every document is a CreateAutoMLJobV2 request: nothing to migrate."""
        return bool(self.dialects) and all(d == "v2" for d in self.dialects)


def prepare(path: Path, config: Config) -> Prepared:
    """Read ``path``; lint it as it is (as `lint` would, with the file's configuration and its
    defaults); if it holds a V1 request and has no lint error, migrate it and lint the result.
    Raises OSError (cannot read), SourceError or ConversionError (a file lint accepts that cannot be
    converted faithfully)."""
    from dataclasses import replace

    from .lint import lint_bytes, lint_text
    from .writer import read

    original = read(path)
    config = replace(config, findings=())  # the configuration's own problems are reported once, by the CLI
    result, source = lint_bytes(str(path), original.data, config)
    dialects = tuple(decide_dialect(doc.data).dialect if isinstance(doc.data, dict) else None for doc in source.docs)
    faults = [f for f in source.findings if f.rule != "AML005"]  # an empty document is a warning, not a fault
    if not faults and "v1" not in dialects:
        return Prepared(original, Migrated(source.text, 0, len(source.docs)), original.data, dialects)
    if result.count(Severity.ERROR):  # refused before converting: the findings point into the file
        return Prepared(original, Migrated(source.text, 0, len(source.docs)), original.data, dialects, result)
    migrated, data = migrate_bytes(original.data)
    converted: tuple[Finding, ...] = ()
    if migrated.changed:
        found = lint_text(str(path), migrated.text, config)
        converted = tuple(f for f in found if f.severity is Severity.ERROR)
    return Prepared(original, migrated, data, dialects, result, converted)
