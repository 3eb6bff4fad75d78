"""The values every stage passes along: Severity, FieldPath and Finding.

A rule knows *where in the request* something is wrong (a FieldPath), never the line: positions are
resolved once, by lint.locate, from the SourceDoc's position map (cfn-lint's approach).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

PathPart = str | int
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FieldPath(tuple):
    """A path into a request: ``FieldPath(("InputDataConfig", 0, "TargetAttributeName"))``.

    Strings are mapping keys, ints are list indexes. ``str()`` gives the API spelling used in
    messages and in the JSON output: ``InputDataConfig[0].TargetAttributeName``; a map key that is not
    a plain word is quoted: ``Transformations.Filling["unit price"]``.
    """

    __slots__ = ()

    def __new__(cls, parts: Iterable[PathPart] = ()) -> FieldPath:
        return super().__new__(cls, tuple(parts))

    def __truediv__(self, part: PathPart) -> FieldPath:
        return FieldPath((*self, part))

    def join(self, *parts: PathPart) -> FieldPath:
        return FieldPath((*self, *parts))

    @property
    def parent(self) -> FieldPath:
        return FieldPath(self[:-1])

    @property
    def leaf(self) -> PathPart | None:
        return self[-1] if self else None

    def __str__(self) -> str:
        out: list[str] = []
        for part in self:
            if isinstance(part, int):
                out.append(f"[{part}]")
            elif _PLAIN_KEY.match(part):
                out.append(f".{part}" if out else part)
            else:
                out.append('["' + part.replace("\\", "\\\\").replace('"', '\\"') + '"]')
        return "".join(out)

    def __repr__(self) -> str:
        return f"FieldPath({str(self)!r})"


Anchor = Literal["value", "key"]


@dataclass(frozen=True)
class Finding:
    """One problem. Rules fill rule/path/message (and maybe suggestion, anchor); lint fills the rest.

    ``anchor`` says what the position should point at: the value (a bad enum value, a too-long
    string) or the key (an unknown key, a field that must not be set at all). A missing field points
    at its nearest existing ancestor, which is the parent mapping.
    """

    rule: str
    path: FieldPath
    message: str
    suggestion: str | None = None
    anchor: Anchor = "value"
    severity: Severity | None = None  # None: the rule's configured severity
    # Filled by lint.locate / lint.run:
    name: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    end_column: int = 0
    doc: int = 0  # index of the YAML document within the file

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
            "severity": (self.severity or Severity.ERROR).value,
            "message": self.message,
            "path": str(self.path),
        }
        if self.suggestion is not None:
            obj["suggestion"] = self.suggestion
        return obj
