"""The peer benchmark's corpus (scripts/benchmark_peers.py) holds what its docstring claims.

Not the benchmark itself (docs/benchmarks.md, "Against the peers"): only that the generated specs are
what the scores assume. Every valid spec lints without an error; every invalid spec differs from a
valid one by one planted mistake, which automlspec reports with the rule the case names and nothing
else; both dialects, every problem type and every kind of mistake are there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    return load_script("benchmark_peers")


@pytest.fixture(scope="module")
def corpus(bench, tmp_path_factory: pytest.TempPathFactory):
    cases = bench.build_corpus()
    folder = tmp_path_factory.mktemp("corpus")
    written = bench.write_corpus(folder, cases)
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--no-config", "--format", "json", str(folder / "yaml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    findings: dict[Path, list[dict]] = defaultdict(list)
    for item in json.loads(done.stdout):
        findings[Path(item["file"]).resolve()].append(item)
    return cases, written, findings


def test_both_dialects_every_problem_type_and_every_kind(bench, corpus) -> None:
    cases, _, _ = corpus
    pairs = {(c.dialect, c.problem) for c in cases}
    tabular = ("BinaryClassification", "MulticlassClassification", "Regression")
    expected = {("v1", p) for p in tabular} | {("v2", p) for p in tabular}
    expected |= {("v2", p) for p in ("TimeSeriesForecasting", "TextGeneration", "ImageClassification")}
    expected |= {("v2", "TextClassification")}
    assert pairs == expected
    for pair in expected:
        kinds = {c.kind for c in cases if (c.dialect, c.problem) == pair}
        assert "valid" in kinds and "cross-field" in kinds, (pair, kinds)
    assert {c.kind for c in cases} == {"valid", *bench.KINDS}
    assert len({c.name for c in cases}) == len(cases)
    assert len({c.spec.get("AutoMLJobName") for c in cases}) == len(cases)  # AML520 would add findings


def test_valid_specs_have_no_error_and_invalid_ones_exactly_their_planted_rule(corpus) -> None:
    cases, written, findings = corpus
    assert len(written) == len(cases)
    for w in written:
        errors = {f["rule"] for f in findings[w.yaml.resolve()] if f["severity"] == "error"}
        if w.case.valid:
            assert not errors, (w.case.name, findings[w.yaml.resolve()])
        else:
            assert errors and errors <= set(w.case.rules), (w.case.name, w.case.rules, errors)
            messages = " ".join(f"{f['path']} {f['message']}" for f in findings[w.yaml.resolve()])
            assert any(name in messages for name in w.case.fields), (w.case.name, messages)


def test_each_invalid_spec_is_one_change_from_a_valid_one(bench) -> None:
    """A planted mistake touches one field or one structure (a list item); a cross-field one at most
    two (Mode and AlgorithmsConfig)."""
    by_base = {short: spec for short, _, _, spec in bench.bases()}

    def leaves(value, prefix=()):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from leaves(item, (*prefix, key))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for index, item in enumerate(value):
                yield from leaves(item, (*prefix, index))
        else:
            yield prefix, value

    missing = object()
    for case in bench.build_corpus():
        if case.valid:
            continue
        base = dict(by_base["-".join(case.name.split("-")[:2])])
        if "AutoMLJobName" not in case.fields:  # every spec gets its own name; only these plant a mistake in it
            base["AutoMLJobName"] = case.spec["AutoMLJobName"]
        before, after = dict(leaves(base)), dict(leaves(case.spec))
        changed = {k for k in before.keys() | after.keys() if before.get(k, missing) != after.get(k, missing)}
        roots = {k[:-1] for k in changed}
        assert changed and len(roots) <= (2 if case.kind == "cross-field" else 1), (
            case.name,
            sorted(map(str, changed)),
        )


def test_copies_for_the_timed_run_keep_the_mistake_and_get_their_own_names(bench, tmp_path: Path) -> None:
    cases = bench.build_corpus()
    written = bench.write_corpus(tmp_path, cases, 2 * len(cases))
    names = [json.loads(w.json.read_text("utf-8")).get("AutoMLJobName") for w in written]
    assert len(set(names)) == len(names)
    for original, again in zip(written, written[len(cases) :]):
        first, second = (json.loads(w.json.read_text("utf-8")) for w in (original, again))
        name, other = first.pop("AutoMLJobName"), second.pop("AutoMLJobName")
        assert first == second, original.case.name
        if "AutoMLJobName" in original.case.fields:  # the planted mistake survives the renaming
            assert ("_" in other) == ("_" in name), (name, other)
            assert len(other) == len(name) if len(name) > 32 else len(other) <= 32, (name, other)
