"""Every rule's documentation is executed: its Example must trigger it, its Use instead must not.

Examples are fragments merged onto a valid spec from specs/ (chosen by the fragment's problem type or
dialect, or by a `# base: <spec file stem>` comment); `# unset: A.B, C` removes fields from the base
first. Several `---` documents make a multi-spec run (for rules that compare specs). Rules whose
examples are whole files (YAML faults) are linted as written. The data rules (AML8xx) read their data
from the local mirror tests/data_root (scripts/generate_data_root.py); rules whose example needs S3
itself (an access error) say so and are tested against a moto server instead.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from script_loader import load_script

from automlspec.config import Config
from automlspec.dataset import DataContext
from automlspec.lint import lint_text
from automlspec.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
DATA_ROOT = ROOT / "tests" / "data_root"
BASES = {
    "TabularJobConfig": "churn-tabular-v2",
    "TimeSeriesForecastingJobConfig": "demand-forecast-timeseries-v2",
    "TextGenerationJobConfig": "support-llm-textgen-v2",
    "ImageClassificationJobConfig": "product-images-v2",
    "TextClassificationJobConfig": "ticket-routing-textcls-v2",
}
V2_KEYS = {
    "AutoMLJobInputDataConfig",
    "AutoMLProblemTypeConfig",
    "SecurityConfig",
    "DataSplitConfig",
    "AutoMLComputeConfig",
}
_yaml = YAML(typ="safe", pure=True)


def _base_name(fragment: dict, text: str) -> str:
    chosen = re.search(r"#\s*base:\s*([\w.-]+)", text)
    if chosen:
        return chosen.group(1)
    members = fragment.get("AutoMLProblemTypeConfig")
    if isinstance(members, dict) and len(members) == 1 and next(iter(members)) in BASES:
        return BASES[next(iter(members))]
    return "churn-tabular-v2" if V2_KEYS & set(fragment) else "churn-binary-v1"


def _merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return over


def _unset(data: dict, text: str) -> None:
    for match in re.finditer(r"#\s*unset:\s*(.+)", text):
        for dotted in match.group(1).split(","):
            parts = dotted.strip().split(".")
            node = data
            for part in parts[:-1]:
                node = node.get(part, {}) if isinstance(node, dict) else {}
            if isinstance(node, dict):
                node.pop(parts[-1], None)


def materialise(block: str) -> str:
    """A fragment as complete spec text (YAML), ready to lint."""
    import io

    docs = []
    for part in re.split(r"^---\s*$", block, flags=re.M):
        fragment = _yaml.load(part) or {}
        base = _yaml.load((SPECS / f"{_base_name(fragment, part)}.yaml").read_text("utf-8"))
        _unset(base, part)
        merged = _merge(copy.deepcopy(base), fragment)
        out = io.StringIO()
        YAML(typ="safe", pure=True).dump(merged, out)
        docs.append(out.getvalue())
    return "---\n".join(docs)


def _data(rule) -> DataContext | None:
    """The local mirror for a data rule (output buckets included), nothing for the others."""
    from automlspec.storage import LocalReader

    return DataContext(LocalReader(DATA_ROOT, output_buckets=True)) if rule.phase == "data" else None


def _codes(text: str, rule) -> set[str]:
    return {f.rule for f in lint_text("example.yaml", text, Config(), _data(rule))}


DOCUMENTED = [r for r in REGISTRY.values() if r.example_kind != "none"]


@pytest.mark.parametrize("rule", DOCUMENTED, ids=lambda r: f"{r.code}-{r.name}")
def test_example_triggers_and_fix_does_not(rule) -> None:
    example, fix = rule.code_block("Example"), rule.code_block("Use instead")
    assert example is not None and fix is not None, f"{rule.code} needs ## Example and ## Use instead yaml blocks"
    if rule.example_kind == "fragment":
        example, fix = materialise(example), materialise(fix)
    else:  # whole files; the docs spell a tab character as \t
        example, fix = example.replace("\\t", "\t"), fix.replace("\\t", "\t")
    assert rule.code in _codes(example, rule), f"{rule.code}'s example does not trigger it:\n{example}"
    assert rule.code not in _codes(fix, rule), f"{rule.code}'s fix still triggers it:\n{fix}"


@pytest.mark.parametrize("rule", list(REGISTRY.values()), ids=lambda r: r.code)
def test_rule_doc_has_the_template_sections(rule) -> None:
    sections = rule.sections()
    for name in ("What it does", "Why", "Source"):
        assert name in sections, f"{rule.code} lacks '## {name}'"
    assert rule.summary and not rule.summary.startswith("#")
    assert re.fullmatch(r"AML\d{3}", rule.code) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


# A summary that stops on one of these was cut mid-sentence (issue 12: AML008 ended on "or has no field
# that tells", AML103 on "a mapping where").
_DANGLING = re.compile(r"\b(a|an|the|or|and|of|to|where|that|which|with|for|in|on|but)\.$", re.I)


@pytest.mark.parametrize("rule", list(REGISTRY.values()), ids=lambda r: r.code)
def test_summary_is_whole_sentences_that_fit_the_rules_table(rule) -> None:
    summary = rule.summary
    first = rule.doc.strip().split("\n\n", 1)[0]
    assert summary == " ".join(first.split()), f"{rule.code}: the summary is not the whole first paragraph"
    assert summary[0].isupper() or summary[0] == "`", f"{rule.code}: {summary!r} does not start a sentence"
    assert summary.endswith("."), f"{rule.code}: {summary!r} does not end a sentence"
    assert not _DANGLING.search(summary) and not summary.endswith((",.", ":.", ";.")), f"{rule.code}: {summary!r}"
    assert summary.count("`") % 2 == 0 and summary.count("(") == summary.count(")"), f"{rule.code}: {summary!r}"
    assert "##" not in summary and len(summary) <= 120, f"{rule.code}: {len(summary)} characters, at most 120"
    assert summary not in rule.body, f"{rule.code}: the body repeats the summary"


def test_rules_table_wraps_whole_summaries_under_their_column(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from automlspec.cli import main

    monkeypatch.setenv("COLUMNS", "100")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["rules"]) == 0
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 100 for line in lines)
    rows: list[str] = []
    for line in lines:
        if line.startswith("AML"):
            rows.append(line)
        else:
            assert line.startswith(" " * 20), line  # a continuation sits under the summary column
            rows[-1] += " " + line.strip()
    assert len(rows) == len(REGISTRY)
    for row, rule in zip(rows, REGISTRY.values(), strict=True):
        assert row.split(None, 3)[:3] == [rule.code, rule.name, rule.severity.value]
        assert row.split(None, 3)[3] == rule.summary


def test_rules_page_is_fresh() -> None:
    assert load_script("generate").stale(["rules"]) == [], "run python scripts/generate.py"


def test_specs_directory_lints_clean() -> None:
    for path in sorted(SPECS.glob("*.yaml")):
        findings = lint_text(str(path), path.read_text("utf-8"), Config())
        assert not [f for f in findings if f.severity.value == "error"], (path, findings)


def test_specs_directory_lints_clean_against_its_data() -> None:
    """The example specs and the mirror of their data agree: no data finding, not even a warning."""
    from automlspec.storage import LocalReader

    data = DataContext(LocalReader(DATA_ROOT, output_buckets=True))
    for path in sorted(SPECS.glob("*.yaml")):
        findings = lint_text(str(path), path.read_text("utf-8"), Config(), data)
        assert not [f for f in findings if f.rule.startswith("AML8")], (path, findings)


def test_data_rules_without_a_runnable_example_say_how_they_are_tested() -> None:
    for rule in REGISTRY.values():
        if rule.phase == "data" and rule.example_kind == "none":
            assert "tests/test_data_" in rule.sections()["Example"], rule.code


@pytest.mark.parametrize("rule", [r for r in DOCUMENTED if r.example_kind == "fragment"], ids=lambda r: r.code)
def test_documented_fix_is_a_spec_without_errors(rule) -> None:
    """No valid example in the docs gets an error: each fix, merged onto its base spec, is clean."""
    fix = materialise(rule.code_block("Use instead"))
    found = lint_text("fix.yaml", fix, Config(), _data(rule))
    errors = [f"{f.rule} {f.message}" for f in found if f.severity.value == "error"]
    assert errors == [], f"{rule.code}'s 'Use instead' has errors:\n{fix}"
