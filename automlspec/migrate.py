"""`automlspec migrate`: rewrite CreateAutoMLJob (V1) specs as CreateAutoMLJobV2 specs, in place.

The mapping is ``dialects.MOVES`` (AWS's migration guide); what this module adds is keeping
the file a human wrote: ruamel's round-trip loader keeps quotes, flow lists and comments, keys keep
their relative order, and a moved key takes its comments along. A comment is either on a key's own
line (it moves with the key) or on the lines before a key (it moves with that key too, re-indented);
what precedes a key that disappears (AutoMLJobConfig) goes to what replaces it. V2 documents and
files without V1 documents are left byte for byte as they are.

After the rewrite, the document is checked against ``dialects.v1_to_v2`` of the original: the migrated
spec must compile to exactly the request the V1 spec compiles to with ``--api v2``.
"""

from __future__ import annotations

import io
import itertools
import json
from dataclasses import dataclass
from typing import Any

from .compile import to_request
from .dialects import PER_JOB_CHANNEL_FIELDS, V2_HOME, detect_dialect
from .errors import ConversionError, SourceError

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
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


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


def plain(node: Any) -> Any:
    """ruamel's round-trip objects as plain JSON-like data."""
    return json.loads(json.dumps(node))


def migrate_text(text: str) -> Migrated:
    """Migrate every V1 document of a file's text. Raises ConversionError for a document that cannot be
    converted, or text that does not parse."""
    from ruamel.yaml.comments import CommentedMap

    if "InputDataConfig" not in text:  # cheap exit: no V1 document can be here
        return Migrated(text, 0, 0)
    indent = _guess_indent(text)
    yaml = _yaml(indent)
    try:
        docs = list(yaml.load_all(text))
    except Exception as exc:
        raise SourceError(f"cannot parse the YAML ({type(exc).__name__}); `automlspec lint` shows where") from None
    migrated = 0
    out = []
    for index, doc in enumerate(docs):
        if isinstance(doc, CommentedMap) and detect_dialect(doc)[0] == "v1":
            expected = to_request(plain(doc), "v1", "v2")  # raises ConversionError for what V2 cannot express
            new = _Document(indent).migrate(doc)
            if to_request(plain(new), "v2") != expected:  # pragma: no cover - a bug
                raise ConversionError(f"document {index + 1}: the migrated spec would not compile to the same request")
            out.append(new)
            migrated += 1
        elif doc is None and len(docs) > 1:
            raise ConversionError(f"document {index + 1} is empty; remove it (or its `---`) first")
        else:
            out.append(doc)
    if not migrated:
        return Migrated(text, 0, len(docs))
    stream = io.StringIO()
    yaml.explicit_start = text.lstrip().startswith("---")
    yaml.dump_all(out, stream)
    return Migrated(stream.getvalue(), migrated, len(docs))


class _Document:
    """One V1 document's comments, detached into "this key's own line" and "the lines before this
    key", so that keys can move and reattach them at their new place."""

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
                    self._lead(container, key, _lines(entry[1]), front=True)
                    entry[1] = None
                if entry and entry[3]:  # comment lines before the first child of its value
                    lines = _lines(entry[3])
                    entry[3] = None
                    if hasattr(value, "ca"):
                        value.ca.comment = None
                    if position + 1 < len(anchors):
                        self._lead(anchors[position + 1][0], anchors[position + 1][1], lines, front=True)
            token = self._own(container, key)
            if token is None:
                continue
            own, _, tail = token.value.partition("\n")
            self._set_own(container, key, _comment(own + "\n", token.column) if own.strip() else None)
            if tail:
                if position + 1 < len(anchors):
                    following = anchors[position + 1]
                    self._lead(following[0], following[1], tail.splitlines())
                else:
                    self.trailer = tail.splitlines() + self.trailer
        end = getattr(root.ca, "end", None)
        if end:
            self.trailer += _lines(end)
            root.ca.end = []

    def attach(self, root) -> None:
        from ruamel.yaml.comments import CommentedMap

        previous = None
        for container, key, column, first in self._anchors(root):
            old = self.columns.get((id(container), key))
            token = self._own(container, key)
            if token is not None and old is not None and old != column:
                # a moved line's own comment keeps its distance from the key
                self._set_own(container, key, _comment(token.value, max(0, token.column + column - old)))
            lines = self.leads.pop((id(container), key), None)
            if lines:
                body = "".join((" " * column + line.lstrip() if line.strip() else "") + "\n" for line in lines)
                if isinstance(container, CommentedMap) and not first:
                    entry = container.ca.items.setdefault(key, [None, None, None, None])
                    entry[1] = [_comment(body, 0)]
                elif previous is not None:
                    self._append(*previous, body)
            previous = (container, key)
        if self.trailer:
            root.ca.end = [_comment("".join(line + "\n" for line in self.trailer), 0)]

    def _append(self, container, key, body: str) -> None:
        token = self._own(container, key)
        if token is None:
            self._set_own(container, key, _comment("\n" + body, 0))
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

    def migrate(self, doc):
        """The V2 document for a V1 one (a new mapping; ``doc`` is consumed)."""
        from ruamel.yaml.comments import CommentedMap

        self.detach(doc)
        out = CommentedMap()
        out.ca.comment = doc.ca.comment  # the file's header
        tabular = CommentedMap()
        problem = CommentedMap([("TabularJobConfig", tabular)])
        placed = False

        def place(lead_from=None) -> None:
            nonlocal placed
            if not placed:
                out["AutoMLProblemTypeConfig"] = problem
                if lead_from:
                    self.leads[(id(out), "AutoMLProblemTypeConfig")] = lead_from
                placed = True

        channel_fields: dict[str, tuple] = {}
        for key in list(doc):
            if key == "InputDataConfig":
                moved = self.take(doc, key)
                for channel in moved[0] if isinstance(moved[0], list) else []:
                    for field in PER_JOB_CHANNEL_FIELDS:
                        if isinstance(channel, dict) and field in channel:
                            taken = self.take(channel, field)
                            channel_fields.setdefault(field, taken)
                self.put(out, "AutoMLJobInputDataConfig", moved)
            elif (key,) in V2_HOME:  # ProblemType, GenerateCandidateDefinitionsOnly
                moved = self.take(doc, key)
                place()
                self.put(tabular, key, moved)
            elif key == "AutoMLJobConfig":
                config, _token, lead, _column = self.take(doc, key)
                if not placed:
                    place(lead)
                    lead = []
                for sub in list(config):
                    moved = self.take(config, sub)
                    if lead:  # what introduced AutoMLJobConfig now introduces its first field
                        moved = (moved[0], moved[1], lead + moved[2], moved[3])
                        lead = []
                    if len(V2_HOME.get((key, sub), ())) == 1:  # SecurityConfig, DataSplitConfig: top level
                        self.put(out, sub, moved)
                    elif sub == "CandidateGenerationConfig":
                        candidates = moved[0]
                        if "FeatureSpecificationS3Uri" in candidates:
                            self.put(
                                tabular, "FeatureSpecificationS3Uri", self.take(candidates, "FeatureSpecificationS3Uri")
                            )
                            if candidates:
                                self.put(tabular, sub, moved)
                        else:
                            self.put(tabular, sub, moved)
                    else:
                        self.put(tabular, sub, moved)
            else:
                self.put(out, key, self.take(doc, key))
        if not placed:  # no V1-only key besides the channels: the problem config follows them
            keys = list(out)
            position = keys.index("AutoMLJobInputDataConfig") + 1 if "AutoMLJobInputDataConfig" in keys else len(keys)
            out.insert(position, "AutoMLProblemTypeConfig", problem)
        for field in reversed(PER_JOB_CHANNEL_FIELDS):  # the target first, then the weight column
            if field in channel_fields:
                self.put(tabular, field, channel_fields[field], position=0)
        self.attach(out)
        return out


def _lines(tokens) -> list[str]:
    return "".join(t.value for t in tokens if t is not None).splitlines()


def _comment(value: str, column: int):
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, CommentMark(column), None)


def migrate_file(path) -> Migrated:
    """Read and migrate one file's text (the caller writes it)."""
    from pathlib import Path

    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("the file is not valid UTF-8; `automlspec lint` shows where") from None
    return migrate_text(text)
