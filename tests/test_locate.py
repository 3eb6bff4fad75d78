"""One locator for lint and the configuration check: a request path to a file and a full span."""

from __future__ import annotations

from pathlib import Path

from automlspec.config import Config, load
from automlspec.findings import Span
from automlspec.lint import lint_text
from automlspec.paths import FieldPath
from automlspec.source import load_text, locate

TEXT = """\
AutoMLJobName: churn
Tags: [{Key: a,
        Value: b}]
OutputDataConfig:
  S3OutputPath: s3://bucket/out
"""


def _positions():
    return load_text("s.yaml", TEXT).docs[0].positions


def test_a_value_over_two_lines_has_its_full_span() -> None:
    file, span = locate(_positions(), FieldPath(("Tags",)), "value", "s.yaml")
    assert (file, span) == ("s.yaml", Span(2, 7, 3, 19))


def test_key_anchor_a_missing_field_and_no_position() -> None:
    positions = _positions()
    assert locate(positions, FieldPath(("AutoMLJobName",)), "key")[1] == Span(1, 1, 1, 14)
    assert locate(positions, FieldPath(("AutoMLJobName",)))[1] == Span(1, 16, 1, 21)
    # a missing field points at its nearest ancestor's key
    missing = FieldPath(("OutputDataConfig", "KmsKeyId"))
    assert locate(positions, missing)[1] == Span(4, 1, 4, 17)
    assert locate({}, missing, file="x.yaml") == ("x.yaml", Span(1, 1, 1, 2))


def test_a_block_mapping_value_points_at_its_key() -> None:
    assert locate(_positions(), FieldPath(("OutputDataConfig",)))[1] == Span(4, 1, 4, 17)


def test_findings_carry_the_end_of_their_span() -> None:
    spec = Path(__file__).resolve().parent.parent / "specs" / "churn-tabular-v2.yaml"
    bad = spec.read_text("utf-8").replace("AutoMLJobName: churn-tabular-v2", "AutoMLJobName: churn_tabular")
    [name] = [f for f in lint_text("s.yaml", bad, Config()) if f.rule == "AML106"]
    assert (name.line, name.column, name.end_line, name.end_column) == (2, 16, 2, 29)
    # the whole document (no field to point at) spans every line of it
    [dialect] = lint_text("s.yaml", "Foo: 1\nBar:\n  - 2\n", Config())
    assert (dialect.rule, dialect.line, dialect.column, dialect.end_line) == ("AML008", 1, 1, 4)


def test_the_configuration_check_uses_the_same_locator(tmp_path: Path) -> None:
    path = tmp_path / ".automlspec.yaml"
    path.write_text("select: [AML1]\nignored:\n  - AML104\n", "utf-8")
    [fault] = load(path).findings
    # an unknown key is reported on its key, like lint's anchor="key"
    assert fault.span == Span(2, 1, 2, 8)
