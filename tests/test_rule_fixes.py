"""docs/rules.md says for each rule whether its `help:` is a fix (issue 22): each rule keeps to it.

Over every case file, every rule's documented example (with the local S3 mirror for the data rules) and a
derandomized set of generated mistakes (tests/mistakes.py): a rule declared "never" or "help" has no fix;
"unsafe" only unsafe fixes; "safe" only safe ones; and each rule that declares fixes shows one somewhere,
so the page never promises a fix that no test has seen.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from mistakes import mistakes
from test_rule_docs import DATA_ROOT, DOCUMENTED, materialise

from automlspec.config import Config
from automlspec.findings import Finding
from automlspec.lint import lint_text
from automlspec.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"never": set(), "help": set(), "unsafe": {"unsafe"}, "safe": {"safe"}, "mixed": {"safe", "unsafe"}}


def _observed() -> dict[str, set[str]]:
    from automlspec.dataset import DataContext
    from automlspec.storage import LocalReader

    seen: dict[str, set[str]] = defaultdict(set)

    def add(findings: list[Finding]) -> None:
        for finding in findings:
            if finding.fix is not None:
                seen[finding.rule].add(finding.fix.applicability)

    for path in sorted(ROOT.glob("tests/cases/**/*.yaml")):
        add(lint_text(str(path), path.read_text("utf-8"), Config()))
    for rule in DOCUMENTED:
        example = rule.code_block("Example")
        text = materialise(example) if rule.example_kind == "fragment" else example.replace("\\t", "\t")
        data = DataContext(LocalReader(DATA_ROOT, output_buckets=True)) if rule.phase == "data" else None
        add(lint_text(f"{rule.code}.yaml", text, Config(), data))

    @settings(max_examples=300, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(mistakes())
    def generated(case: tuple[str, str]) -> None:
        add(lint_text("mistake.yaml", case[1], Config()))

    generated()
    return seen


def test_every_rule_keeps_to_the_fixes_it_declares() -> None:
    seen = _observed()
    wrong = {code: sorted(kinds) for code, kinds in seen.items() if not kinds <= ALLOWED[REGISTRY[code].fixes]}
    assert not wrong, f"rules whose fixes are not what docs/rules.md says: {wrong}"
    unseen = [r.code for r in REGISTRY.values() if r.fixes in ("unsafe", "safe", "mixed") and not seen.get(r.code)]
    assert not unseen, f"rules declared to have fixes that no case file, example or mistake shows: {unseen}"
    mixed = [r.code for r in REGISTRY.values() if r.fixes == "mixed" and seen.get(r.code) != {"safe", "unsafe"}]
    assert not mixed, f"rules declared mixed that show one kind only: {mixed}"
    assert all(r.fix_note for r in REGISTRY.values() if r.fixes == "mixed")
