"""Paths into a request tree, and the one way to step through one.

A request (or a spec, which is one in either dialect) is plain data: mappings with string keys, lists and
scalars. ``FieldPath`` names a place in it, in the API's spelling (a rule's ``Problem`` carries one; so do
compile, resolve, plan and the configuration's ``defaults``). ``get``, ``put``, ``remove``, ``walk`` and
``leaves`` are the code that reads, writes and visits such a tree by path; everything else calls them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

PathPart = str | int
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


_new_tuple = tuple.__new__


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
        return _new_tuple(FieldPath, (*self, part))  # FieldPath((*self, part)) without copying it twice

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


#: What ``get`` returns for a missing path when asked to tell it from a stored None: ``get(tree, path, default=ABSENT)``.
ABSENT: Any = object()
_MISSING: Any = object()  # get's own marker, never a caller's default


def get(tree: Any, path: Iterable[PathPart], kind: type | tuple[type, ...] | None = None, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when a step is missing or the value is not of ``kind``.

    Never raises: a string steps into a mapping, an int into a list (as FieldPath reads them); a value of
    the wrong type reads as absent (lint has reported it), and ``bool`` is never an ``int``."""
    value = tree
    for part in path:
        if type(part) is str:  # a mapping key, most steps: one lookup (issue 26)
            value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
            if value is _MISSING:
                return default
            continue
        if isinstance(part, int):
            if not isinstance(value, list) or not -len(value) <= part < len(value):
                return default
        elif not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    if kind is not None:
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            return default
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def put(tree: Any, path: Sequence[PathPart], value: Any, *, replace: bool = True) -> bool:
    """Set ``path`` to ``value``, making the mappings it passes through when they are missing; whether it
    was set. A step through a list needs the item to exist, and a step into a scalar sets nothing (lint
    reports that value). ``replace=False`` leaves a value that is already there."""
    if not path:
        return False
    node = tree
    for part in path[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or not -len(node) <= part < len(node):
                return False
            node = node[part]
        elif isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            return False
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or not -len(node) <= last < len(node) or not replace:
            return False
    elif not isinstance(node, dict) or (last in node and not replace):
        return False
    node[last] = value
    return True


def remove(tree: Any, path: Sequence[PathPart]) -> None:
    """Remove the mapping entry at ``path`` (nothing when it is absent), then each mapping the removal
    leaves empty, up to but never the root."""
    while path:
        parent = get(tree, path[:-1], dict)
        if parent is None:
            return
        parent.pop(path[-1], None)
        if parent or len(path) == 1:
            return
        path = path[:-1]


def walk(
    tree: Any, path: FieldPath = FieldPath(), whole: Callable[[FieldPath], bool] | None = None
) -> Iterator[tuple[FieldPath, Any]]:
    """Every node of ``tree`` as (path, value): the root first, each container before what it holds, in
    key and index order. ``whole(path)`` true: the container at ``path`` is one node, not stepped into."""
    yield path, tree
    if whole is not None and path and whole(path):
        return
    if isinstance(tree, dict):
        for key, item in tree.items():
            yield from walk(item, path / key, whole)
    elif isinstance(tree, list):
        for index, item in enumerate(tree):
            yield from walk(item, path / index, whole)


def leaves(tree: Any, whole: Callable[[FieldPath], bool] | None = None) -> Iterator[FieldPath]:
    """The path of each value in ``tree`` that is not a mapping or a list (of each container ``whole`` keeps
    in one piece too): what can be read, written or removed one at a time."""
    for path, value in walk(tree, FieldPath(), whole):
        if path and (not isinstance(value, dict | list) or (whole is not None and whole(path))):
            yield path
