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


Applicability = Literal["safe", "unsafe"]
Target = Literal["value", "key"]


@dataclass(frozen=True)
class Fix:
    """What `lint --fix` writes for a finding: the new value (or key) of the finding's field, as ruff's
    fixes, with an applicability.

    ``safe``: the one reading of what was written, so the meaning is kept (an enum value in another case,
    a mistyped `s3://`, a quoted number, a frequency or a quantile spelt another way, a key in another
    case). ``unsafe``: a did-you-mean that lint has proved makes the spec better (applied, the finding is
    gone and no new error appears: automlspec/soundness.py) but that might not be what was meant; only
    `--unsafe-fixes` applies it. ``target`` is what the finding's span underlines: the field's value, or
    its key (a key rename)."""

    value: str | int | float | bool
    applicability: Applicability = "safe"
    target: Target = "value"

    def to_json(self) -> dict:
        obj: dict = {"value": self.value, "applicability": self.applicability}
        if self.target == "key":  # added with key renames (issue 22): absent for a value
            obj["target"] = "key"
        return obj


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
    # replacement for the text at the position; it is then not shown (the message names it)
    replaces: bool = True
    # Other replacements, nearest first, tried in order when ``suggestion`` does not make the spec better
    # (soundness.py): the metrics and algorithms of the whole enum, of which this spec may allow a few.
    alternatives: tuple[str, ...] = ()


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
        if self.fix is not None:  # only when `lint --fix` (or --fix --unsafe-fixes) can fix it
            obj["fix"] = self.fix.to_json()
        return obj
