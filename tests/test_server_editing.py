"""The language server's plain parts, without a client: document positions, the cursor's field path in a
half-typed spec, what hover and completion say about a field, and the quick fixes (automlspec/server/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.findings import Severity, Span
from automlspec.fix import plan
from automlspec.lint import lint_bytes
from automlspec.paths import FieldPath
from automlspec.server import actions, fields
from automlspec.server.cursor import cursor, outline
from automlspec.server.documents import UTF8, UTF16, UTF32, Document, Text, path_of, uri_of
from automlspec.server.session import Session

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
V2 = (ROOT / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")


# ----- documents -------------------------------------------------------------------------------------------


def test_positions_count_what_each_encoding_counts() -> None:
    text = Text("Tags:\n  - Key: '😀é'\n    Value: x\n")
    # lint's column 13 on line 2 is the closing quote, after ten ASCII characters, the emoji and the é
    assert text.client(2, 13, UTF32) == (1, 12)
    assert text.client(2, 13, UTF16) == (1, 13)  # the emoji is two UTF-16 code units
    assert text.client(2, 13, UTF8) == (1, 16)  # four bytes, and é two
    for encoding in (UTF8, UTF16, UTF32):
        line, units = text.client(2, 13, encoding)
        assert text.lint_position(line, units, encoding) == (2, 13)


def test_lines_break_where_editors_break_them() -> None:
    text = Text("a: 1\rb: 'x\u2028y'\r\nc: 3\n")
    assert [text.line(n) for n in range(text.line_count)] == ["a: 1", "b: 'x\u2028y'", "c: 3", ""]
    assert text.client(3, 1, UTF16) == (2, 0)  # U+2028 and CR count as editors count them


def test_incremental_changes_apply_in_order() -> None:
    document = Document("file:///w/a.yaml", (1, Text("AutoMLJobName: a\nRoleArn: r\n")))
    document.change(
        2, [((0, 15, 0, 16), "churn"), ((1, 9, 1, 10), "arn"), (None, "x: 1\n"), ((0, 3, 0, 4), "2")], UTF16
    )
    assert document.state[0] == 2 and document.text.text == "x: 2\n"
    document.change(3, [((5, 0, 9, 9), "past the end\n")], UTF16)  # clamped to the end, as LSP says
    assert document.text.text == "x: 2\npast the end\n"
    assert document.path == Path("/w/a.yaml")


def test_uris_and_paths_round_trip() -> None:
    path = Path("/work/my specs/a#1.yaml")
    assert path_of(uri_of(path)) == path
    assert path_of("untitled:Untitled-1") is None


# ----- the cursor ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "where", "prefix"),
    [
        ("InputDataConfig:\n  - DataSource:\n      S3Data", "key", "InputDataConfig[0].DataSource", "S3Data"),
        ("Tags:\n- Key: a\n  Value: b\n- K", "key", "Tags[1]", "K"),
        ("InputDataConfig:\n  - CompressionType: Gz", "value", "InputDataConfig[0].CompressionType", "Gz"),
        ("AutoMLJobObjective:\n  MetricName: 'F", "value", "AutoMLJobObjective.MetricName", "F"),
        ("a: 1\n---\nAuto", "key", "", "Auto"),
        ("AutoMLJobName: x  # a comm", "none", "", ""),
        ("Desc: |\n  free text\n  Key", "none", "", ""),
        ("InputDataConfig: [{Compr", "none", "", ""),
    ],
)
def test_the_cursor_knows_the_path_in_a_half_typed_spec(text: str, kind: str, where: str, prefix: str) -> None:
    lines = text.split("\n")
    at = cursor(text, len(lines) - 1, len(lines[-1]))
    assert at.kind == kind
    if kind != "none":
        assert str(at.parent if kind == "key" else at.path) == where
        assert at.prefix == prefix


def test_the_outline_follows_documents_lists_and_block_scalars() -> None:
    text = "a: 1\n---\nTags:\n  - Key: k\n    Value: |\n      Key: not a key\n  - Key: k2\nRoleArn: r\n"
    shown = outline(text, 3)
    assert shown.index == 1
    assert [str(e.path) for e in shown.entries] == ["Tags", "Tags[0].Key", "Tags[0].Value", "Tags[1].Key", "RoleArn"]
    assert shown.value(FieldPath(("Tags", 1, "Key"))) == "k2"


# ----- completion and hover ------------------------------------------------------------------------------


def _complete(text: str) -> list[fields.Suggestion]:
    lines = text.split("\n")
    return fields.suggestions(cursor(text, len(lines) - 1, len(lines[-1])))


def test_field_names_are_the_dialects_members_not_yet_written() -> None:
    v1 = [s.label for s in _complete("AutoMLJobName: x\nInputDataConfig: []\n")]
    assert "ProblemType" in v1 and "AutoMLProblemTypeConfig" not in v1 and "AutoMLJobName" not in v1
    v2 = [s.label for s in _complete("AutoMLJobInputDataConfig: []\nAutoMLProblemTypeConfig:\n  ")]
    assert set(v2) == {
        "ImageClassificationJobConfig",
        "TextClassificationJobConfig",
        "TimeSeriesForecastingJobConfig",
        "TabularJobConfig",
        "TextGenerationJobConfig",
    }
    assert _complete("AutoMLProblemTypeConfig:\n  TabularJobConfig: {}\n  ") == []  # a union holds one member
    both = _complete("")
    assert {"InputDataConfig", "AutoMLJobInputDataConfig"} <= {s.label for s in both}  # nothing tells yet
    channel = {s.label: s for s in _complete("InputDataConfig:\n  - DataSource:\n      ")}
    assert channel["S3DataSource"].insert == "S3DataSource:\n        "
    assert "Identifies an Autopilot job" in fields.documentation(fields.field("v1", FieldPath(("AutoMLJobName",))))


def test_values_are_narrowed_by_the_rest_of_the_spec() -> None:
    binary = _complete(SPEC.replace("  MetricName: F1\n", "  MetricName: ").split("AutoMLJobConfig:")[0].rstrip("\n"))
    assert [s.label for s in binary] == ["F1", "Accuracy", "AUC", "BalancedAccuracy", "Precision", "Recall"]
    assert binary[0].preselect and "the default for BinaryClassification" in binary[0].detail
    forecast = "AutoMLProblemTypeConfig:\n  TimeSeriesForecastingJobConfig: {}\nAutoMLJobObjective:\n  MetricName: "
    assert _complete(forecast)[0].label == "AverageWeightedQuantileLoss"
    text_generation = "AutoMLProblemTypeConfig:\n  TextGenerationJobConfig: {}\nAutoMLJobObjective:\n  MetricName: "
    assert _complete(text_generation) == []  # no objective for text generation (AML205)
    algorithms = "AutoMLJobConfig:\n  Mode: HYPERPARAMETER_TUNING\n  CandidateGenerationConfig:\n    AlgorithmsConfig:\n      - AutoMLAlgorithms:\n          - "
    assert [s.label for s in _complete(algorithms)] == ["linear-learner", "mlp", "xgboost"]
    assert [s.insert for s in _complete("InputDataConfig:\n  - ContentType: ")] == [
        "text/csv;header=present",
        "x-application/vnd.amazon+parquet",
    ]
    assert [s.insert for s in _complete("GenerateCandidateDefinitionsOnly: ")] == ["true", "false"]
    assert [s.insert for s in _complete("InputDataConfig:\n  - CompressionType: ")] == ["None", "Gzip"]


def test_hover_tells_documentation_limits_default_and_resolved_value() -> None:
    data = {"InputDataConfig": [{"TargetAttributeName": "y"}], "AutoMLJobName": "churn"}
    name = fields.hover(fields.field("v1", FieldPath(("AutoMLJobName",))), data)
    assert "**Limits:** 1 to 32 characters" in name and "**In this spec:** `churn`" in name and ", required" in name
    compression = fields.field("v1", FieldPath(("InputDataConfig", 0, "CompressionType")))
    missing = fields.hover(compression, data)
    assert "one of `None`, `Gzip`" in missing
    assert "**In this spec:** not set; resolves to `None` (botocore model: AutoMLChannel.CompressionType)" in missing
    data["InputDataConfig"][0]["CompressionType"] = "Gzip"
    written = fields.hover(compression, data)
    assert "**Documented default:** `None`" in written and "**In this spec:** `Gzip`" in written
    channel = fields.hover(fields.field("v1", FieldPath(("InputDataConfig", 0))), data)
    assert "**Filled when resolved:**" in channel and "`ContentType: text/csv;header=present`" in channel


# ----- quick fixes -----------------------------------------------------------------------------------------


def _checked(tmp_path: Path, text: str):
    return Session([tmp_path]).check(uri_of(tmp_path / "a.yaml"), 1, text)[0]


def test_a_quick_fix_writes_what_lint_fix_writes(tmp_path: Path) -> None:
    text = SPEC.replace("CompressionType: None", "CompressionType: 'gzip'").replace(
        "Mode: ENSEMBLING", "Mode: ensembling"
    )
    checked = _checked(tmp_path, text)
    fixable = [f for f in checked.findings if f.fix is not None]
    assert len(fixable) == 2
    for finding in fixable:
        action = actions.quick_fix(checked, finding)
        assert action is not None and action.preferred
        single = plan([finding], {checked.name: (text.encode(), lint_bytes(checked.name, text.encode(), Config())[1])})
        assert actions._apply(text, list(action.edits)) == single[0].fixed.decode()
    assert actions.quick_fix(checked, fixable[0]).title == "Fix AML104: replace 'gzip' with 'Gzip'"
    every = actions.fix_all(checked)
    assert every is not None and every.kind == "source.fixAll" and len(every.edits) == 2
    fixed = actions._apply(text, list(every.edits))
    assert fixed == text.replace("'gzip'", "'Gzip'").replace("ensembling", "ENSEMBLING")
    assert not [f for f in _checked(tmp_path, fixed).findings if f.fix is not None]  # linted again: fixed


def test_suppressing_adds_or_extends_the_lines_comment(tmp_path: Path) -> None:
    text = SPEC.replace("CompressionType: None", "CompressionType: gzip").replace(
        "MaxCandidates: 50", "MaxCandidates: 900  # automlspec: ignore[AML2]"
    )
    checked = _checked(tmp_path, text)
    by_rule = {f.rule: f for f in checked.findings}
    added = actions.suppress(checked, by_rule["AML104"])
    assert added is not None and added.title == "Suppress AML104 on this line"
    suppressed = actions._apply(text, list(added.edits))
    assert "CompressionType: gzip  # automlspec: ignore[AML104]\n" in suppressed
    assert "AML104" not in {f.rule for f in _checked(tmp_path, suppressed).findings}
    limit = next(
        f for f in checked.findings if f.path == FieldPath(("AutoMLJobConfig", "CompletionCriteria", "MaxCandidates"))
    )
    extended = actions._apply(text, list(actions.suppress(checked, limit).edits))
    assert f"MaxCandidates: 900  # automlspec: ignore[AML2, {limit.rule}]" in extended
    assert actions.suppress(checked, by_rule["AML104"], allowed=False) is None  # a policy forbids it


def test_no_suppression_is_offered_for_a_policy_that_forbids_it(tmp_path: Path) -> None:
    # issue 24: a platform team can forbid suppressing a policy; lint answers such a comment with AML903,
    # so the editor must not offer to write one (a policy that allows it keeps its quick fix)
    (tmp_path / ".automlspec.yaml").write_text(
        "policies:\n"
        "  team-key:\n"
        "    message: output artifacts are encrypted with the team's KMS key\n"
        "    suppressible: false\n"
        "    check: {field: OutputDataConfig.KmsKeyId, required: true}\n"
        "  in-transit:\n"
        "    message: training containers encrypt the traffic between them\n"
        "    check: {field: SecurityConfig.EnableInterContainerTrafficEncryption, equals: true}\n"
    )
    checked = _checked(tmp_path, SPEC)
    by_rule = {f.rule: f for f in checked.findings}
    assert {"team-key", "in-transit"} <= set(by_rule), sorted(by_rule)
    assert actions.suppress(checked, by_rule["in-transit"]) is not None
    assert actions.suppress(checked, by_rule["team-key"]) is None


def test_no_suppression_where_a_comment_would_change_the_spec(tmp_path: Path) -> None:
    text = SPEC.replace(
        "RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole",
        'RoleArn: "arn:aws:iam::123456789012:role/Autopilot\n  ExecutionRole"',
    )
    checked = _checked(tmp_path, text)
    finding = next(f for f in checked.findings if f.path == FieldPath(("RoleArn",)))
    assert finding.line == text.splitlines().index('RoleArn: "arn:aws:iam::123456789012:role/Autopilot') + 1
    action = actions.suppress(checked, finding)
    if action is not None:  # the comment goes after the opening line, inside the quoted string: refused
        suppressed = actions._apply(text, list(action.edits))
        assert (
            Session([tmp_path]).check(uri_of(tmp_path / "a.yaml"), 2, suppressed)[0].source.docs[0].data["RoleArn"]
            == checked.source.docs[0].data["RoleArn"]
        )


def test_severity_and_spans_of_a_finding_survive(tmp_path: Path) -> None:
    checked = _checked(tmp_path, SPEC.replace("CompressionType: None", "CompressionType: gzip"))
    (finding,) = [f for f in checked.findings if f.rule == "AML104"]
    assert finding.severity is Severity.ERROR
    assert Span(finding.line, finding.column, finding.end_line, finding.end_column) == Span(10, 22, 10, 26)
