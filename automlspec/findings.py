"""The values every stage passes along: Severity, Span, Problem, Fault and Finding (FieldPath is paths.py's).

A rule knows *where in the request* something is wrong (a FieldPath), never the line: positions are
resolved once, by lint.locate, from the SourceDoc's position map (cfn-lint's approach).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from .paths import FieldPath


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


Anchor = Literal["value", "key"]


class Span(NamedTuple):
    """1-based line and column of the first character; the end is exclusive, on end_line."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Fix:
    """The one value a finding's field must hold instead, when no other reading is possible (an enum
    value in another case, a mistyped `s3://`, a quoted number, a frequency spelt another way): what
    `lint --fix` writes (automlspec/fix.py). A did-you-mean that might be wrong is a suggestion only."""

    value: str | int | float


@dataclass(frozen=True)
class Problem:
    """What a rule yields: where in the request something is wrong, and what. Never a line, never a code.

    The runner stamps the rule's code, name and severity and resolves ``path`` to a position once, so a
    rule cannot report under another rule's code or point at the wrong line. ``anchor`` says what the
    position should point at: the value (a bad enum value, a too-long string) or the key (an unknown
    key, a field that must not be set at all); a missing field points at its nearest existing ancestor.
    ``severity`` overrides the rule's default for this one problem (a configuration's severity still
    wins). Run-scope rules, which see every spec of a run, name the spec with ``file`` and ``doc``.
    """

    path: FieldPath
    message: str
    suggestion: str | None = None
    anchor: Anchor = "value"
    severity: Severity | None = None
    file: str | None = None
    doc: int | None = None
    fix: Fix | None = None
    # False: the suggestion is a value for another field (the metric to add beside a ProblemType), not a
    # replacement for the text at the position; the text format then shows no `help:` line for it
    replaces: bool = True


@dataclass(frozen=True)
class Fault:
    """A problem the loader has already placed in the text (a YAML fault has a line, not a path)."""

    rule: str
    message: str
    span: Span
    suggestion: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Finding:
    """One located problem, as reporters receive it: where (a full span), which rule, how severe, what.

    ``end_line``/``end_column`` end the span (exclusive); ``url`` is the rule's section in docs/rules.md;
    ``doc`` is the index of the YAML document within the file. ``replaces``: the suggestion is a
    replacement for the spanned text (False when the field is missing and the span is an ancestor's):
    only then does the text format show it on a `help:` line (ruff's habit).
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    severity: Severity
    message: str
    path: FieldPath = FieldPath()  # noqa: RUF009 - a tuple, immutable
    suggestion: str | None = None
    doc: int = 0
    url: str = ""
    fix: Fix | None = None
    replaces: bool = True

    @classmethod
    def located(cls, file: str, span: Span, **fields) -> Finding:
        """A finding in ``file`` over ``span``; ``fields`` are the rest (rule, name, severity, message, ...)."""
        return cls(file, span.line, span.column, span.end_line, span.end_column, **fields)

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.end_line, self.end_column)

    def at(self, **changes) -> Finding:
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def to_json(self) -> dict:
        """The JSON output contract (README, "JSON output")."""
        obj = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": str(self.path),
        }
        if self.suggestion is not None:
            obj["suggestion"] = self.suggestion
        # Added after the first release (issue 12): optional keys, after the original ones.
        obj["end_line"] = self.end_line
        obj["end_column"] = self.end_column
        if self.url:
            obj["url"] = self.url
        if self.fix is not None:  # only when `lint --fix` can fix it (absent: it cannot)
            obj["fix"] = {"value": self.fix.value, "applicability": "safe"}
        return obj
