"""`automlspec rules` (text or JSON: FORMATS) and `automlspec explain`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import console


def rules_text(rules: Sequence) -> None:
    """One row per rule; a summary is one or more whole sentences: wrapped under its own column, never cut."""
    import shutil
    import textwrap

    width = max(len(r.name) for r in rules)
    indent = " " * (6 + 2 + width + 2 + 7 + 2)
    columns = max(shutil.get_terminal_size().columns, len(indent) + 40)
    for r in rules:
        row = f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}"
        console.line(textwrap.fill(row, columns, subsequent_indent=indent, break_on_hyphens=False))


def rules_json(rules: Sequence) -> None:
    import json

    rows = [{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary} for r in rules]
    console.line(json.dumps(rows, indent=2))


#: `rules --format`: the one list of its formats (the CLI's choices are built from it).
FORMATS: dict[str, Callable[[Sequence], None]] = {"text": rules_text, "json": rules_json}


def explain(explained) -> None:
    """One rule's documentation, or the rules a code prefix selects (``commands.rules.Explained``)."""
    if explained.rule is not None:
        from ..rules_doc import rule_markdown

        console.line(rule_markdown(explained.rule))
        return
    selected = explained.selected
    width = max(len(r.name) for r in selected)
    console.line(f"{explained.code} is a code prefix; it selects {len(selected)} rule{'s' * (len(selected) != 1)}:")
    for r in selected:
        console.line(f"  {r.code}  {r.name:<{width}}  {r.summary}")
    console.line("`automlspec explain CODE` prints one rule's documentation.")
