"""`lint --statistics`: how many findings each rule has, most first (ruff's --statistics).

Text: one line per rule, ``count  code  name``; JSON (with ``--format json``): an array of
``{"code", "name", "count"}`` objects in the same order. Nothing is printed when there are no findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from ...findings import Finding
from ...terminal import json_dumps


def rows(findings: Iterable[Finding]) -> list[tuple[str, str, int]]:
    """(code, name, count) per rule that reported, by count (most first), then by code."""
    counts = Counter((f.rule, f.name) for f in findings)
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=lambda row: (-row[2], row[0]))


def render(findings: Iterable[Finding], stream: TextIO, json: bool = False) -> None:
    table = rows(findings)
    if json:
        stream.write(json_dumps([{"code": c, "name": n, "count": k} for c, n, k in table], indent=2) + "\n")
        return
    if not table:
        return
    width = len(str(table[0][2]))
    code_width = max(len(code) for code, _, _ in table)
    for code, name, count in table:
        stream.write(f"{count:>{width}}  {code:<{code_width}}  {name}\n")
