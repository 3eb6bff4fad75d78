"""Quick fixes as text edits: `lint --fix`'s safe fixes, all of a file's at once, and suppression comments.

A fix is exactly what `automlspec lint --fix` would write (fix.py plans it, re-parses the fixed text and
refuses anything that would change more than the fixed values); the edit sent to the editor is the
difference between the text and its fixed form, so the cursor, comments and layout stay. A suppression
comment (`# automlspec: ignore[AML104]`) is added at the end of the finding's line, or its code is added
to the line's comment; it is offered only where it changes nothing else (not inside a block scalar or a
quoted string, where a `#` is text) and never for the suppression comments' own findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import fix
from ..findings import Finding
from ..source import SourceFile, load_text
from .documents import Text
from .session import Checked

# The suppression comments' own findings (AML901, AML902) and the "more findings" line (AML009) are about
# the comments and the report, not the spec: a comment that suppresses them would only add noise.
_NOT_SUPPRESSIBLE = frozenset({"AML009", "AML901", "AML902"})


@dataclass(frozen=True)
class Edit:
    """Replace the text from ``start`` to ``end`` (lint's 1-based line and code-point column, end
    exclusive) with ``text``."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Action:
    title: str
    kind: Literal["quickfix", "source.fixAll"]
    edits: tuple[Edit, ...]
    findings: tuple[Finding, ...]  # what it resolves
    preferred: bool = False


def quick_fix(checked: Checked, finding: Finding) -> Action | None:
    """The safe fix of one finding, as `lint --fix` would make it."""
    if finding.fix is None:
        return None
    edits, count = _fixed(checked, [finding])
    if not edits or count != 1:
        return None
    text = Text(checked.text)
    start, end = text.index(finding.line, finding.column), text.index(finding.end_line, finding.end_column)
    fixed = _apply(checked.text, list(edits))
    old, new = checked.text[start:end], fixed[start : end + len(fixed) - len(checked.text)]
    return Action(f"Fix {finding.rule}: replace {old} with {new}", "quickfix", edits, (finding,), preferred=True)


def fix_all(checked: Checked, kind: Literal["quickfix", "source.fixAll"] = "source.fixAll") -> Action | None:
    """Every safe fix of the file at once (`automlspec lint --fix` on this file)."""
    fixable = [f for f in checked.findings if f.fix is not None and f.file == checked.name]
    if not fixable:
        return None
    edits, count = _fixed(checked, fixable)
    if not edits:
        return None
    title = f"Fix all {count} safely fixable automlspec finding{'s' * (count != 1)} in this file"
    return Action(title, kind, edits, tuple(fixable))


def suppress(checked: Checked, finding: Finding, allowed: bool = True) -> Action | None:
    """`# automlspec: ignore[CODE]` on the finding's line (``allowed``: the project permits it); never for a
    policy whose configuration forbids suppressing it (lint would answer the comment with AML903)."""
    source = checked.source
    if not allowed or source is None or finding.rule in _NOT_SUPPRESSIBLE or finding.file != checked.name:
        return None
    policy = checked.config.policies.get(finding.rule)
    if policy is not None and not policy.suppressible:
        return None
    text = Text(checked.text)
    if not 1 <= finding.line <= text.line_count:
        return None
    edit = _suppression_edit(source, finding, text.line(finding.line - 1))
    if edit is None:
        return None
    after = load_text(checked.name, _apply(checked.text, [edit]))
    if fix._check(source, after, []) is not None or not _suppresses(after, finding):
        return None
    return Action(f"Suppress {finding.rule} on this line", "quickfix", (edit,), (finding,))


def _suppression_edit(source: SourceFile, finding: Finding, row: str) -> Edit | None:
    """The finding's code added to the line's `ignore[...]`, or a new comment at the end of the line; None
    when a bare `ignore` is there already."""
    directive = next((d for d in source.suppressions.directives if d.line == finding.line and d.kind == "ignore"), None)
    if directive is not None and not directive.selectors:
        return None  # a bare `ignore` already covers every rule: the finding would not exist
    if directive is not None:
        at = (finding.line, directive.end_column - 1)  # before the closing bracket
        return Edit(at, at, f", {finding.rule}")
    at = (finding.line, len(row) + 1)
    comment = f"# automlspec: ignore[{finding.rule}]"
    return Edit(at, at, comment if row.endswith((" ", "\t")) or not row else "  " + comment)


def _suppresses(after: SourceFile, finding: Finding) -> bool:
    return after.suppressions.names(finding.line, finding.rule, finding.name)


def _fixed(checked: Checked, findings: list[Finding]) -> tuple[tuple[Edit, ...], int]:
    """The edits that turn the text into what `lint --fix` writes for ``findings``, and how many it fixes."""
    source = checked.source
    if source is None:
        return (), 0
    raw = checked.text.encode("utf-8", "surrogatepass")
    planned = fix.plan(findings, {checked.name: (raw, source)})
    if len(planned) != 1 or not planned[0].changed:
        return (), 0
    return _edits(checked.text, planned[0].fixed.decode("utf-8")), planned[0].count


def _edits(before: str, after: str) -> tuple[Edit, ...]:
    """The smallest edits, one per changed line when fixes left the lines as they were (they replace
    single-line values), else one edit over everything that changed."""
    text = Text(before)
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if len(old_lines) != len(new_lines):
        return (_one(text, 0, before, after),)
    out, offset = [], 0
    for old, new in zip(old_lines, new_lines):
        if old != new:
            out.append(_one(text, offset, old, new))
        offset += len(old)
    return tuple(out)


def _one(text: Text, offset: int, old: str, new: str) -> Edit:
    """One edit replacing the part of ``old`` (at ``offset`` in ``text``) that differs from ``new``."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    return Edit(text.at(offset + start), text.at(offset + end_old), new[start:end_new])


def _apply(text: str, edits: list[Edit]) -> str:
    lines = Text(text)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start, end = lines.index(*edit.start), lines.index(*edit.end)
        text = text[:start] + edit.text + text[end:]
    return text
