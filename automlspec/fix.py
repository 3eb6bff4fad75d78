"""`lint --fix` and `lint --diff`: apply fixes as edits of single scalars (a value, or a key).

Every suggestion lint shows is a fix (findings.Fix), because lint has proved that applying it removes
the finding without a new error (soundness.py). A *safe* fix is the one reading of what was written, so
it keeps what the spec meant: an enum value in the wrong case or punctuation (`regression` ->
`Regression`), an S3 URI with a mistyped scheme (`s3:/bucket` -> `s3://bucket`), a quoted number where
the model wants a number (`"50"` -> `50`), a forecast frequency or quantile spelt another way (`60min`
-> `1H`, `0.1` -> `p10`), a key in another case or with a prefix (`AutoMLJobOutputDataConfig` ->
`OutputDataConfig`). An *unsafe* fix is a did-you-mean that might not be what was meant (`Regresion`
-> `Regression`, a name shortened, a bound): only `--unsafe-fixes` applies it (ruff's split).

An edit replaces exactly the characters of the value (the finding's span), in the quote style it was
written in, so comments, key order, indentation, line ends and every other byte stay as they were
(ruff's fixes are text edits for the same reason; a YAML round trip can re-indent or re-flow what it
did not change). Before anything is written, the fixed text is parsed again, and every fixed field must
hold exactly the new value, with nothing else in the file changed in meaning; otherwise the file is
left alone and the reason is reported. The file is written through writer.py (atomic, refused if it
changed since it was read).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import soundness
from .findings import Finding
from .paths import ABSENT, FieldPath, get, put
from .source import SourceFile, editor_lines, load_text

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileFix:
    """The fixes of one file: its new bytes, or why it cannot be fixed."""

    name: str  # as findings show it
    original: bytes
    fixed: bytes
    count: int  # findings fixed
    problem: str | None = None  # set when nothing is written
    applied: tuple[Finding, ...] = ()  # the findings fixed (--show-fixes lists them)

    @property
    def changed(self) -> bool:
        return self.problem is None and self.count > 0 and self.fixed != self.original

    def diff(self) -> str:
        before = self.original.decode("utf-8", "replace").splitlines(keepends=True)
        after = self.fixed.decode("utf-8", "replace").splitlines(keepends=True)
        absolute = self.name.startswith("/")  # git's a/ b/ prefixes only for relative names
        lines = difflib.unified_diff(
            before, after, self.name if absolute else f"a/{self.name}", self.name if absolute else f"b/{self.name}"
        )
        return "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines
        )


def fixable(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """The findings `--fix` fixes: those with a safe fix, and with ``unsafe`` (--unsafe-fixes) every fix."""
    return [f for f in findings if f.fix is not None and (unsafe or f.fix.applicability == "safe")]


def plan(
    findings: Iterable[Finding], sources: Mapping[str, tuple[bytes, SourceFile]], unsafe: bool = False
) -> list[FileFix]:
    """The fixes of every linted file that has a fixable finding (``sources``: lint's name -> (bytes,
    SourceFile) of exactly what was checked); ``unsafe`` applies the unsafe fixes too."""
    by_file: dict[str, list[Finding]] = {}
    for finding in fixable(findings, unsafe):
        by_file.setdefault(finding.file, []).append(finding)
    out = []
    for name, found in by_file.items():
        if name not in sources:  # a value merged from the configuration's defaults: fix it there by hand
            continue
        raw, source = sources[name]
        out.append(_fix_file(name, raw, source, found))
    return out


def _fix_file(name: str, raw: bytes, source: SourceFile, found: list[Finding]) -> FileFix:
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return FileFix(name, raw, raw, 0, "not UTF-8; fix it by hand")
    if text != source.text:
        return FileFix(name, raw, raw, 0, "its text is not what lint read (an encoding or a BOM); fix it by hand")
    lines = text.splitlines(keepends=True)
    shown = editor_lines(text)
    if len(lines) != len(shown):  # a U+2028 or a form feed: str and editors count lines differently
        return FileFix(name, raw, raw, 0, "it holds line separators editors do not break at; fix it by hand")
    applied = _apply(lines, _edits(lines, source, found))
    fixed_text = "".join(lines)
    reason = _check(source, load_text(name, fixed_text), applied)
    if reason is not None:
        return FileFix(name, raw, raw, 0, f"the fixed text would not read back as intended ({reason}); nothing written")
    return FileFix(name, raw, bom + fixed_text.encode("utf-8"), len(applied), applied=tuple(reversed(applied)))


_Edits = dict[tuple[int, int], tuple[int, str, Finding]]  # (line, column) -> (end, new text, finding)


def _edits(lines: list[str], source: SourceFile, found: list[Finding]) -> _Edits:
    """The exact replacement of each fixable finding's one-line span: the value, or for a key rename the key."""
    edits: _Edits = {}
    for finding in found:
        if finding.line != finding.end_line or not 0 < finding.line <= len(lines):
            continue
        token = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
        current = _value_at(source, finding.doc, finding.path)
        if finding.fix is not None and finding.fix.target == "key" and current is not ABSENT:
            current = finding.path.leaf  # the span is the key: it reads as the path's last part
        new = _replacement(finding.fix.value if finding.fix else None, token, current)
        if new is None:
            continue
        edits[(finding.line, finding.column)] = (finding.end_column, new, finding)
    return edits


def _apply(lines: list[str], edits: _Edits) -> list[Finding]:
    """Make the edits in ``lines``, last first, leaving out the ones that overlap; the findings fixed."""
    applied: list[Finding] = []
    for (line, column), (end, new, finding) in sorted(edits.items(), reverse=True):
        row = lines[line - 1]
        later = [start for (row_number, start) in edits if row_number == line and start > column]
        if later and min(later) < end:  # overlapping spans: fix neither blindly
            continue
        lines[line - 1] = row[: column - 1] + new + row[end - 1 :]
        applied.append(finding)
    return applied


def _value_at(source: SourceFile, doc: int, path: FieldPath) -> Any:
    if not 0 <= doc < len(source.docs):
        return ABSENT
    return get(source.docs[doc].data, path, default=ABSENT)


def _scalar(token: str) -> Any:
    """What a YAML scalar token alone reads as (the loader's own rules), or ABSENT."""
    return soundness.scalar(token)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _replacement(value: Any, token: str, current: Any) -> str | None:
    """The text that replaces ``token`` (which must read as ``current``) to write ``value``, in the
    token's quote style; None when that cannot be done exactly."""
    if value is None or current is ABSENT or not _same(_scalar(token), current):
        return None
    if isinstance(value, bool | int | float):
        text = soundness.yaml_text(value)
    elif isinstance(value, str):
        if token.startswith("'"):
            text = "'" + value.replace("'", "''") + "'"
        elif token.startswith('"'):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = soundness.yaml_text(value)
    else:
        return None
    return text if _same(_scalar(text), value) else None


def _check(before: SourceFile, after: SourceFile, applied: list[Finding]) -> str | None:
    """Why ``after`` is not ``before`` with exactly the applied values changed, or None."""
    if after.findings and not before.findings:
        return after.findings[0].message
    if len(after.docs) != len(before.docs):
        return "the number of YAML documents changed"
    import copy

    expected = copy.deepcopy([doc.data for doc in before.docs])  # once, not once per applied fix
    for finding in applied:
        assert finding.fix is not None
        if not _set(expected, finding.doc, finding.path, finding.fix.value, finding.fix.target):
            return f"{finding.path} is not where it was"
    for index, doc in enumerate(after.docs):
        if not _equal(doc.data, expected[index]):
            return "another value changed"
    return None


def _set(docs: list, doc: int, path: FieldPath, value: Any, target: str = "value") -> bool:
    """Set the value at ``path`` (or rename its key, in place in the key order) in ``docs[doc]``."""
    if not path or not 0 <= doc < len(docs) or get(docs[doc], path, default=ABSENT) is ABSENT:
        return False
    if target == "value":
        return put(docs[doc], path, value)
    node = get(docs[doc], path[:-1])
    if not isinstance(node, dict) or value in node:
        return False
    items = list(node.items())
    node.clear()
    node.update((value if k == path[-1] else k, v) for k, v in items)
    return True


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return _same(a, b) or (a != a and b != b)  # NaN


def write(fixes: Iterable[FileFix], paths: Mapping[str, Path]) -> list[tuple[FileFix, str | None]]:
    """Write each changed file through writer.py; (fix, error or None) for each."""
    from .writer import original, write_bytes

    out = []
    for item in fixes:
        if not item.changed:
            continue
        path = paths[item.name]
        outcome = write_bytes(path, item.fixed, original(path, item.original))
        out.append((item, None if outcome.ok else outcome.error))
    return out
