"""facts: the documented AWS tables agree with the botocore model where the model has an enum, and each
table cites a public source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from automlspec import facts, model
from automlspec.dialects import PROBLEM_KINDS, TEXT_GENERATION

SOURCE = Path(facts.__file__).read_text("utf-8")


def enum(name: str) -> set[str]:
    return set(model.shape(name)["enum"])


def test_metrics_are_the_model_enum() -> None:
    tabular = {m for metrics in facts.TABULAR_METRICS.values() for m in metrics}
    kinds = {m for metrics, _ in facts.KIND_METRICS.values() for m in metrics}
    assert tabular | kinds == enum("AutoMLMetricEnum")
    assert set(facts.TABULAR_METRICS) == set(facts.TABULAR_DEFAULTS) == enum("ProblemType")
    for problem_type, default in facts.TABULAR_DEFAULTS.items():
        assert default in facts.TABULAR_METRICS[problem_type]
    for metrics, default in facts.KIND_METRICS.values():
        assert default in metrics
    assert set(facts.KIND_METRICS) == set(PROBLEM_KINDS) - {TEXT_GENERATION, "TabularJobConfig"}


def test_algorithms_are_the_model_enum() -> None:
    assert set(facts.TABULAR_ALGORITHMS) | set(facts.TIME_SERIES_ALGORITHMS) == enum("AutoMLAlgorithm")
    assert set(facts.BY_MODE) == enum("AutoMLMode") - {"AUTO"}


def test_every_problem_kind_has_its_channel_formats() -> None:
    assert set(facts.CONTENT_TYPES) == set(facts.S3_DATA_TYPES) == set(PROBLEM_KINDS)
    assert {t for types in facts.S3_DATA_TYPES.values() for t in types} == enum("AutoMLS3DataType")


def test_defaults_are_among_the_documented_values() -> None:
    assert facts.BASE_MODEL in facts.BASE_MODELS
    assert facts.TEXTGEN_TRAINING_RUNTIME < facts.MAX_JOB_RUNTIME


def test_every_table_cites_a_public_source() -> None:
    """Each group of constants (the lines between blank lines) names a docs.aws.amazon.com page."""
    tree = ast.parse(SOURCE)
    lines = SOURCE.splitlines()
    for node in tree.body:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        start = node.lineno - 1
        while start > 0 and lines[start - 1].strip() and not lines[start - 1].startswith("# -----"):
            start -= 1
        block = "\n".join(lines[start : node.end_lineno])
        assert re.search(r"Source: https://docs\.aws\.amazon\.com/\S+\.html", block), block
