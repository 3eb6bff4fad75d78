"""YAML faults are findings with a line, never a traceback; positions and YAML 1.2 resolution."""

from __future__ import annotations

import pytest
from bounds import cpu_bound

from automlspec.config import Config
from automlspec.lint import lint_text
from automlspec.paths import FieldPath
from automlspec.source import load_bytes, load_text, resolve_plain


def codes(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.rule) for f in lint_text("t.yaml", text, Config())]


def test_syntax_error_has_line_and_column() -> None:
    found = lint_text("t.yaml", "AutoMLJobName: churn\nTags: [{Key: a, Value: b}]]\n", Config())
    assert [(f.rule, f.line, f.column) for f in found] == [("AML001", 2, 27)]
    assert "YAML syntax error" in found[0].message
    # an unclosed bracket is reported where it was opened (issue 12), not where the parser gave up
    found = lint_text("t.yaml", "AutoMLJobName: churn\nTags: [{Key: a, Value: b}\n", Config())
    assert [(f.rule, f.line, f.column) for f in found] == [("AML001", 2, 7)]


def test_tab_indentation_is_its_own_rule() -> None:
    found = lint_text("t.yaml", "OutputDataConfig:\n\tS3OutputPath: s3://b/k\n", Config())
    assert [(f.rule, f.line, f.column) for f in found] == [("AML002", 2, 1)]
    # a prose fix is not a replacement of the underlined text: it is in the message, not in suggestion
    assert found[0].suggestion is None and found[0].message.endswith("replace the tab with spaces")


def test_duplicate_key_points_at_the_second_and_names_the_first() -> None:
    found = [
        f
        for f in lint_text("t.yaml", "AutoMLJobName: a\nRoleArn: x\nAutoMLJobName: b\n", Config())
        if f.rule == "AML003"
    ]
    assert [(f.line, f.column) for f in found] == [(3, 1)]
    assert "line 1" in found[0].message


@pytest.mark.parametrize(
    "text, kind", [("- a\n- b\n", "a list"), ("just text\n", "a single value"), ("42\n", "a single value")]
)
def test_top_level_must_be_a_mapping(text: str, kind: str) -> None:
    found = lint_text("t.yaml", text, Config())
    assert [f.rule for f in found] == ["AML004"]
    assert kind in found[0].message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_file_is_an_error(text: str) -> None:
    found = lint_text("t.yaml", text, Config())
    assert [f.rule for f in found] == ["AML005"]
    assert found[0].severity.value == "error"


def test_empty_document_among_others_is_a_warning() -> None:
    spec = (ROOT / "specs" / "churn-binary-v1.yaml").read_text()
    found = lint_text("t.yaml", spec + "---\n---\n" + spec.replace("churn-binary-v1", "churn-two"), Config())
    assert [(f.rule, f.severity.value) for f in found] == [("AML005", "warning")]


def test_invalid_utf8_is_a_finding_with_its_line() -> None:
    source = load_bytes("t.yaml", b"AutoMLJobName: churn\nTags:\n  - Key: caf\xe9\n")
    assert [(f.rule, f.span.line, f.span.column) for f in source.findings] == [("AML006", 3, 13)]
    assert "0xe9" in source.findings[0].message


def test_utf8_bom_and_utf16_are_read() -> None:
    assert load_bytes("t.yaml", b"\xef\xbb\xbfa: 1\n").docs[0].data == {"a": 1}
    assert load_bytes("t.yaml", "a: 1\n".encode("utf-16")).docs[0].data == {"a": 1}


def test_yaml_12_document_rejected_by_libyaml_falls_back_to_the_full_parser() -> None:
    # In YAML 1.2 a plain scalar may contain ':' not followed by a space inside flow collections;
    # libyaml (YAML 1.1) rejects this line, ruamel's pure parser accepts it.
    text = "DataSource: {S3DataSource: {S3DataType: S3Prefix, S3Uri: s3://bucket/train/}}\n"
    source = load_text("t.yaml", text)
    assert source.findings == ()
    assert source.docs[0].data["DataSource"]["S3DataSource"]["S3Uri"] == "s3://bucket/train/"
    assert source.docs[0].positions[FieldPath(("DataSource", "S3DataSource", "S3Uri"))].value.line == 1


def _flow_tags(count: int, value: str) -> str:
    return "AutoMLJobName: x\nTags: [" + ", ".join(f"{{Key: k{i}, Value: {value}}}" for i in range(count)) + "]\n"


def test_a_large_file_libyaml_refuses_is_not_read_again_by_the_slow_parser(monkeypatch) -> None:
    # The pure-Python parser reads 15-30 us a character: a 1 MiB file libyaml refuses would take a minute
    # (issue 13: no hang). Above MAX_FULL_PARSE libyaml's verdict stands and the message says why.
    import automlspec.source as source

    calls: list[int] = []
    real = source._pure_composer()

    def counting(text: str) -> list:
        calls.append(len(text))
        return real(text)

    source._compose("a: 1\n")  # build the parser list, then count the pure one's calls
    monkeypatch.setattr(source, "_COMPOSERS", [source._COMPOSERS[0], counting])
    small = _flow_tags(100, "s3://bucket/x")
    assert len(small) < source.MAX_FULL_PARSE
    assert load_text("t.yaml", small).findings == ()
    assert calls == [len(small)]
    large = _flow_tags(3000, "s3://bucket/x")
    assert len(large) > source.MAX_FULL_PARSE
    found = load_text("t.yaml", large).findings
    assert [f.rule for f in found] == ["AML001"]
    assert "not read again by the YAML 1.2 parser" in found[0].message
    assert (found[0].span.line, found[0].span.column) == (2, 27)
    assert calls == [len(small)]  # the large file never reached the pure parser


def test_a_large_unclosed_flow_sequence_is_reported_where_it_opened_without_the_slow_parser() -> None:
    text = _flow_tags(1_000, "v" * 1_000)  # 1 MB in 3,000 values: under the value bound
    text = text[: text.rindex("}", 0, 1_000_000) + 1] + "\n"  # cut after a whole {...}: ']' never comes
    found = load_text("t.yaml", text).findings
    assert [f.rule for f in found] == ["AML001"]
    assert "'[' opened here is never closed" in found[0].message
    assert (found[0].span.line, found[0].span.column) == (2, 7)
    assert "YAML 1.2" not in found[0].message  # no parser could read it: no note about the other one


def test_the_first_problem_met_while_reading_a_large_file_is_the_one_reported() -> None:
    # The same unclosed list with 60,000 entries: its 10,000th entry passes the value bound long before
    # the end of the file shows that ']' never comes. Reading stops there, as a parser stops at its first error.
    text = _flow_tags(60_000, "v")
    text = text[: text.rindex("}", 0, 1_000_000) + 1] + "\n"
    found = load_text("t.yaml", text).findings
    assert [(f.rule, f.span.line, f.span.column) for f in found] == [("AML007", 2, 7)]


def test_yaml_version_directive_is_accepted() -> None:
    assert load_text("t.yaml", "%YAML 1.2\n---\na: yes\n").docs[0].data == {"a": "yes"}


def test_alias_bomb_is_bounded_in_time_and_reported() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    # A hang guard, not a speed test (that is scripts/benchmark.py's job): unbounded expansion of this
    # file takes hours, the bounded loader well under a second.
    with cpu_bound(30):
        found = lint_text("bomb.yaml", "\n".join(lines) + "\n", Config())
    assert [f.rule for f in found] == ["AML007"]


def test_recursive_alias_is_reported() -> None:
    found = lint_text("t.yaml", "a: &a [*a]\n", Config())
    assert [f.rule for f in found] == ["AML007"]


def test_deep_nesting_is_reported_not_a_recursion_error() -> None:
    found = lint_text("t.yaml", "a: " + "[" * 300 + "]" * 300 + "\n", Config())
    assert [f.rule for f in found] == ["AML007"]


def test_custom_tags_are_not_accepted() -> None:
    found = lint_text("t.yaml", "RoleArn: !Ref Role\n", Config())
    assert [f.rule for f in found] == ["AML001"]
    assert "!Ref" in found[0].message


@pytest.mark.parametrize(
    "plain, value",
    [
        ("yes", "yes"),
        ("on", "on"),
        ("No", "No"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", float("inf")),
        ("2023-01-01", "2023-01-01"),
        ("0.20", 0.2),
        ("1_000", "1_000"),
        ("+", "+"),
    ],
)
def test_plain_scalars_resolve_as_yaml_12_core_schema(plain: str, value) -> None:
    assert resolve_plain(plain) == value


def test_quoted_and_explicitly_tagged_scalars() -> None:
    data = load_text("t.yaml", "a: '12'\nb: !!str 12\nc: !!int '7'\nd: \"true\"\n").docs[0].data
    assert data == {"a": "12", "b": "12", "c": 7, "d": "true"}


def test_merge_keys_explicit_keys_win_and_keep_their_positions() -> None:
    doc = load_text("t.yaml", "base: &b\n  x: 1\n  y: 1\nthing:\n  <<: *b\n  y: 2\n").docs[0]
    assert doc.data["thing"] == {"x": 1, "y": 2}
    assert doc.positions[FieldPath(("thing", "y"))].value.line == 6


def test_multiple_documents_are_separate_specs_with_their_own_lines() -> None:
    text = "AutoMLJobName: a_b\nInputDataConfig: []\n---\nAutoMLJobName: c_d\nInputDataConfig: []\n"
    lines = sorted({f.line for f in lint_text("t.yaml", text, Config()) if f.rule == "AML106"})
    assert lines == [1, 4]


def test_nothing_raises_on_odd_bytes() -> None:
    for raw in (b"\x00\x01", b"{{{{", b": : :", b"- - -\n  - ]", b"\xff\xfe\x00", b"a: *undefined\n", b"? [a]\n: b\n"):
        load_bytes("odd.yaml", raw)  # no exception


from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_an_unclosed_bracket_is_reported_where_it_was_opened() -> None:
    # as compilers report an unclosed bracket (issue 12): the parser gives up far below the real mistake
    lines = ["AutoMLJobName: churn", "Tags: ["]
    lines += [f"  {{Key: tag{n}, Value: v}}," for n in range(3, 39)]  # the closing ']' is forgotten
    # in a flow sequence `RoleArn: x` is still an entry (a one-pair mapping): the parser gives up at line 40
    lines += ["RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole", "OutputDataConfig: {}"]
    [fault] = load_text("s.yaml", "\n".join(lines) + "\n").findings
    assert (fault.rule, fault.span.line, fault.span.column) == ("AML001", 2, 7)
    assert fault.message == "'[' opened here is never closed; the parser gave up at line 40"
    [fault] = load_text("s.yaml", "A: {x: 1,\n  y: 2\nB: 3\n").findings
    assert (fault.span.line, fault.span.column) == (1, 4)
    assert fault.message == "'{' opened here is never closed; the parser gave up at line 3"
    [fault] = load_text("s.yaml", "Tags: [{Key: team, Value: ml}\n").findings
    assert (fault.span.line, fault.span.column) == (1, 7)
    assert fault.message == "'[' opened here is never closed; the parser gave up at the end of the file"
    [fault] = load_text("s.yaml", 'AutoMLJobName: "churn\nRoleArn: x\n').findings
    assert (fault.span.line, fault.span.column) == (1, 16) and fault.message.startswith("'\"' opened here")


def test_a_closed_bracket_with_a_missing_comma_keeps_the_parsers_message() -> None:
    text = "Tags: [\n  {Key: a, Value: '[x'}  # a ']' in a comment\n  {Key: b, Value: c}\n]\n"
    [fault] = load_text("s.yaml", text).findings
    assert fault.span.line == 3 and "expected ',' or ']'" in fault.message


def test_the_expansion_walk_runs_only_where_it_can_find_something(monkeypatch) -> None:
    """A small text without an alias cannot expand (issue 26): the walk is skipped there, and still runs
    for an alias or a large text, where its findings are unchanged."""
    from automlspec import source

    walked = []
    real = source._check_expansion
    monkeypatch.setattr(source, "_check_expansion", lambda node: walked.append(node) or real(node))
    source.load_bytes("a.yaml", b"AutoMLJobName: a\nTags: [{Key: k, Value: v}]\n")
    assert walked == []
    source.load_bytes("a.yaml", b"ContentType: image/*\n")  # a `*` that is no alias: no anchor (`&`) to name
    assert walked == []
    source.load_bytes("u.yaml", b"a: *x\n")  # an alias without its anchor does not compose: AML001
    assert walked == []
    source.load_bytes("b.yaml", b"a: &x [1, 2]\nb: *x\n")
    assert len(walked) == 1
    big = "{" + ",".join(f"k{i}" for i in range(source.NO_ALIAS_WALK // 3)) + "}\n"
    source.load_bytes("c.yaml", big.encode())
    assert len(walked) == 2
    # the densest YAML: one value per character (a key and its null value per two); far from the bound
    dense = "{" + ",".join("a" for _ in range(source.NO_ALIAS_WALK // 2 - 1)) + "}"
    assert len(dense) < source.NO_ALIAS_WALK
    assert 2 * dense.count("a") < source.MAX_NODES
