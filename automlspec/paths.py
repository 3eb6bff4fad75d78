"""Paths into a request tree.

A request (or a spec, which is one in either dialect) is plain data: mappings with string keys, lists and
scalars. ``FieldPath`` names a place in it, in the API's spelling. It is not a finding's: a rule's
``Problem`` carries one, and so do compile, resolve, plan and the configuration's ``defaults``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PathPart = str | int
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


class FieldPath(tuple[PathPart, ...]):
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
