"""A rule cannot be forgotten or mislabelled: every rule written in automlspec/rules/ is registered and runs,
and only the runner puts a code on a finding."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.findings import Problem, Severity
from automlspec.lint import lint_loaded, lint_text
from automlspec.paths import FieldPath
from automlspec.rules import REGISTRY, Rule, RuleContext, document, limits, rule
from automlspec.rules._rule import DOCS_URL
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "automlspec" / "rules"
CASES = sorted((ROOT / "tests" / "cases").rglob("*.yaml"))
SPEC = (ROOT / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")


def _written_codes() -> set[str]:
    """Every code given to @rule(...) or declare(...) in the rules package's source."""
    codes = set()
    for path in RULES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("rule", "declare") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    codes.add(first.value)
    return codes


def test_every_rule_written_is_registered() -> None:
    assert _written_codes() == set(REGISTRY)


def test_every_rule_with_a_check_runs_through_its_documented_example() -> None:
    """tests/test_rule_docs.py executes each Example; a check without one would never be shown to run."""
    for entry in REGISTRY.values():
        if entry.check is None:
            assert entry.scope == "source", entry.code
        elif entry.phase != "data":
            assert entry.example_kind == "fragment", f"{entry.code} has a check but no executed example"


def test_no_rule_module_stamps_a_code() -> None:
    """Rules yield Problems; a Finding (which carries a code) is built only by the runner."""
    for path in RULES_DIR.glob("*.py"):
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Finding", "Fault")
        ]
        assert not calls, f"{path.name} builds a Finding on line {calls[0].lineno}; yield a Problem"


def test_the_limits_walk_and_the_loader_report_only_their_own_rules() -> None:
    limit_codes = {r.code for r in limits.LIMIT_RULES}
    loader_codes = {v.code for v in vars(document).values() if isinstance(v, Rule)}
    assert limit_codes == {v.code for v in vars(limits).values() if isinstance(v, Rule)}
    seen_limits, seen_loader = set(), set()
    for path in CASES:
        source = load_text(str(path), path.read_text("utf-8"))
        seen_loader |= {fault.rule for fault in source.findings}
        for doc in source.docs:
            for dialect in ("v1", "v2"):
                seen_limits |= {r.code for r, _ in limits.check(doc.data, dialect)}
    assert seen_limits and seen_limits <= limit_codes
    assert seen_loader <= loader_codes
    for bad in ("a: [\n", "\ta: 1\n", "a: 1\na: 2\n", "- 1\n", ""):
        assert {fault.rule for fault in load_text("x.yaml", bad).findings} <= loader_codes


@rule("AML899", "test-needs-data", Severity.WARNING, phase="data")
def _needs_data(ctx: RuleContext):
    """Test rule."""
    yield Problem(FieldPath(("AutoMLJobName",)), f"read {ctx.reader.read('s3://b/k')!r}", suggestion="x")


@rule("AML898", "test-broken", Severity.ERROR)
def _broken(ctx: RuleContext):
    """Test rule."""
    yield Problem(FieldPath(), "fine")
    raise ValueError("boom")


@rule("AML897", "test-yields-a-tuple", Severity.ERROR)
def _yields_tuple(ctx: RuleContext):
    """Test rule."""
    yield ("AML104", FieldPath(), "smuggled code")


class _Reader:
    fatal = None  # a dataset.DataContext that could read something

    def read(self, uri: str) -> bytes:
        return b"id,churned\n"


def test_rules_of_the_data_phase_run_only_when_given_a_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "AML899", _needs_data)
    source = load_text("s.yaml", SPEC)
    without = lint_loaded(source, Config())
    assert "AML899" not in {f.rule for f in without.findings} and "AML899" not in without.rules
    found = lint_loaded(source, Config(), reader=_Reader()).findings
    [finding] = [f for f in found if f.rule == "AML899"]
    assert (finding.name, finding.severity, finding.line, finding.suggestion) == (
        "test-needs-data",
        Severity.WARNING,
        2,
        "x",
    )
    assert finding.url == f"{DOCS_URL}#aml899-test-needs-data"
    assert "id,churned" in finding.message


def test_a_failing_rule_is_an_internal_error_and_a_smuggled_code_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "AML898", _broken)
    monkeypatch.setitem(REGISTRY, "AML897", _yields_tuple)
    findings = lint_text("s.yaml", SPEC, Config())
    messages = {f.message for f in findings if f.rule == "AML000"}
    assert messages == {
        "rule AML898 (test-broken) failed: ValueError: boom",
        "rule AML897 (test-yields-a-tuple) yielded tuple, not a Problem",
    }
    assert "AML104" not in {f.rule for f in findings}


def test_a_check_runs_in_the_request_or_the_data_phase_only() -> None:
    with pytest.raises(ValueError, match="request or the data phase"):
        rule("AML896", "x", Severity.ERROR, phase="document")  # type: ignore[arg-type]


def test_findings_are_frozen_and_carry_the_rule_url() -> None:
    findings = lint_text("s.yaml", SPEC.replace("churn-tabular-v2", "churn_tabular"), Config())
    assert findings
    for finding in findings:
        assert finding.url == REGISTRY[finding.rule].url
    finding = findings[0]
    with pytest.raises(AttributeError):
        finding.line = 3  # type: ignore[misc]


def test_the_module_list_names_every_module_of_the_rules_package() -> None:
    """rules.MODULES is written out (a directory scan costs start-up time on every lint): a new module
    that is not added to it fails here instead of its rules silently never running."""
    from automlspec import rules

    on_disk = {path.stem for path in RULES_DIR.glob("*.py") if not path.stem.startswith("_")}
    listed = [module.__name__.rsplit(".", 1)[1] for module in rules.MODULES]
    assert sorted(listed) == sorted(on_disk)
    assert len(listed) == len(set(listed))
