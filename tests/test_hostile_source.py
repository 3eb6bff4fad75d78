"""The loader's bounds and character checks (issue 13): every hostile file is a finding with a line,
never a crash, a hang, a signal or a misreading. Each test is one class of hostile input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bounds import cpu_bound

from automlspec import source
from automlspec.config import Config
from automlspec.lint import lint_text
from automlspec.source import editor_lines, load_bytes, load_text

ROOT = Path(__file__).resolve().parents[1]
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")


def rules(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in lint_text("t.yaml", text, Config())]


# ----- nesting: checked before libyaml's composer can recurse -----------------------------------------

DEEP = {
    "flow-lists": "[" * 30_000,
    "flow-lists-closed": "[" * 30_000 + "]" * 30_000 + "\n",
    "flow-maps": "{a: " * 30_000,
    "block-lists": "- " * 30_000 + "x\n",
    "block-maps": "".join(" " * i + "a:\n" for i in range(3_000)),
    "indentless": "".join(" " * (2 * i) + "a:\n" + " " * (2 * i) + "- " for i in range(200)) + "x\n",
    "document-marker": "--- " + "- " * 5_000 + "x\n",
    "after-syntax-error": "{S3Uri: s3://b/k}\n" + "x: " + "[" * 30_000,
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_one_finding_at_the_level_that_exceeds_the_bound(name: str) -> None:
    found = lint_text("deep.yaml", DEEP[name], Config())
    assert [f.rule for f in found] in (["AML007"], ["AML001"]), found
    assert found[0].line <= len(editor_lines(DEEP[name])) + 1


def test_a_shallow_file_with_long_lines_is_not_flagged() -> None:
    text = SPEC + "# " + "- " * 5_000 + "\n" + "Tags: [" + ", ".join(["{Key: a, Value: b}"] * 40) + "]\n"
    assert "AML007" not in {f.rule for f in lint_text("t.yaml", text, Config())}


def test_nesting_just_under_the_bound_is_read() -> None:
    depth = source.MAX_DEPTH - 1
    text = "a: " + "[" * depth + "]" * depth + "\n"
    assert load_text("t.yaml", text).findings == ()


@pytest.mark.parametrize("text", ["[" * 30_000, "- " * 30_000 + "x\n", "{a: " * 30_000 + "}" * 30_000])
def test_deep_nesting_end_to_end_never_dies_by_a_signal(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--format", "json", "--no-config", str(path)],
        capture_output=True,
        timeout=60,
    )
    assert run.returncode == 1, (run.returncode, signal.Signals(-run.returncode) if run.returncode < 0 else "")
    assert [f["rule"] for f in json.loads(run.stdout)] == ["AML007"]
    assert run.stderr == b""


# ----- expansion: aliases and merge keys ---------------------------------------------------------------


def test_recursive_merge_key_is_reported_not_a_recursion_error() -> None:
    assert rules("a: &a {x: 1, <<: *a}\n") == [("AML007", 1, 4)]
    assert rules("a: &a {x: 1, b: {<<: *a}}\n") == [("AML007", 1, 4)]
    assert rules("a: &a [{<<: [*a]}]\n")[0][0] == "AML007"


def test_chains_of_merges_of_empty_mappings_are_bounded_in_time() -> None:
    lines = ["a0: &a0 {}"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 8)}]}}")
    with cpu_bound(10):  # takes ~0.05 s; 8**40 merges would never end
        found = lint_text("t.yaml", "\n".join(lines) + "\n", Config())
    assert [f.rule for f in found] == ["AML007"]


def _expansion(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.span.line, f.span.column) for f in load_text("t.yaml", text).findings]


@pytest.mark.parametrize("flow", [True, False])
def test_a_large_file_over_the_value_bound_is_refused_before_its_nodes_are_built(flow: bool, monkeypatch) -> None:
    # 200,000 values in flow style, 100,000 in block style (600 KB each): composing the first took 2.4 s
    # and 134 MB; the event scan stops at the bound. Proof that nothing was composed: no composer call.
    values = ", ".join(["1"] * 200_000) if flow else "".join("\n  - 1" for _ in range(100_000))
    text = "AutoMLJobName: x\nOutputs:" + (f" [{values}]\n" if flow else values + "\n")
    monkeypatch.setattr(source, "_compose", lambda text: pytest.fail("composed"))
    found = load_text("t.yaml", text).findings
    assert [(f.rule, f.span.line, f.span.column) for f in found] == [("AML007", *((2, 10) if flow else (3, 3)))]
    assert "holds more than 10,000 values" in found[0].message


def test_the_value_scan_finds_the_collection_the_composed_check_finds() -> None:
    # A nested list over the bound, inside a larger file: found at its end, where the composed check
    # (small files) finds it too; a file under the bound is read normally.
    inner = "[" + ", ".join(["1"] * 10_500) + "]"
    big = "a: " + " " * source.MAX_FULL_PARSE + "\nb:\n  - x\n  - " + inner + "\n"
    small = "a: 1\nb:\n  - x\n  - " + inner + "\n"
    assert len(small) <= source.MAX_FULL_PARSE < len(big)  # one composed, one scanned
    assert _expansion(big) == _expansion(small) == [("AML007", 4, 5)]
    # two sibling lists over the bound: both checks report the first, whatever the file's size
    siblings = "a: " + inner + "\nb: " + inner + "\n"
    padded = "# " + "x" * source.MAX_FULL_PARSE + "\n" + siblings
    assert _expansion(siblings) == [("AML007", 1, 4)] and _expansion(padded) == [("AML007", 2, 4)]
    under = "a: [" + ", ".join(["12345678"] * 9_000) + "]\n"
    assert len(under) > source.MAX_FULL_PARSE and _expansion(under) == []
    assert load_text("t.yaml", under).docs[0].data["a"][0] == 12345678


def test_a_large_file_with_aliases_goes_to_the_composed_check() -> None:
    text = "d: &d [1, 2]\nl: [" + ", ".join(["*d"] * 20_000) + "]\n"
    assert len(text) > source.MAX_FULL_PARSE
    found = load_text("t.yaml", text).findings
    assert [(f.rule, f.span.line) for f in found] == [("AML007", 2)] and "aliases" in found[0].message


def test_alias_bomb_is_rejected_before_it_is_built() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*{'a' if i == 1 else f'a{i - 1}'}"] * 10) + "]")
    with cpu_bound(10):  # takes ~0.1 s; the unbounded case never ends
        found = lint_text("t.yaml", "\n".join(lines) + "\n", Config())
    assert [f.rule for f in found] == ["AML007"]
    assert "10,000 values" in found[0].message


def test_merge_keys_within_the_bound_still_merge() -> None:
    doc = load_text("t.yaml", "d: &d {a: 1, b: 2}\ne: {<<: *d, b: 3}\n").docs[0]
    assert doc.data["e"] == {"a": 1, "b": 3}


# ----- numbers and long values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["9" * 5_000, "-" + "9" * 5_000, "0x" + "f" * 5_000, "0o" + "7" * 5_000, "!!int " + "1" * 5_000]
)
def test_huge_integers_are_a_finding_not_a_conversion_error(value: str) -> None:
    text = SPEC.replace("MaxCandidates: 50", f"MaxCandidates: {value}")
    found = lint_text("t.yaml", text, Config())
    assert [(f.rule, f.line) for f in found] == [("AML007", 18)]
    assert "digits" in found[0].message


def test_long_float_and_long_hex_text_are_fine() -> None:
    # float() has no digit limit; a long hexadecimal *string* (a hash) is text, not a number
    text = SPEC.replace("MaxCandidates: 50", "MaxCandidates: " + "1" * 400 + ".5")
    assert "AML007" not in {f.rule for f in lint_text("t.yaml", text, Config())}
    assert load_text("t.yaml", "a: " + "ab" * 100 + "\n").docs[0].data == {"a": "ab" * 100}


def test_a_huge_integer_within_the_digit_bound_does_not_break_a_rule() -> None:
    text = SPEC.replace("MaxCandidates: 50", "MaxCandidates: " + "9" * source.MAX_INT_DIGITS)
    found = lint_text("t.yaml", text, Config())
    assert "AML000" not in {f.rule for f in found}
    assert any(f.line == 18 for f in found)


def test_long_scalars_are_a_finding() -> None:
    found = lint_text("t.yaml", "a: b\nc: " + "x" * (source.MAX_SCALAR + 1) + "\n", Config())
    assert [(f.rule, f.line) for f in found] == [("AML007", 2)]


def test_file_size_is_bounded_before_parsing() -> None:
    raw = b"a: 1\n" * (source.MAX_BYTES // 5 + 10)
    with cpu_bound(10):  # takes ~0.1 s; the unbounded case never ends
        loaded = load_bytes("big.yaml", raw)
    assert [(f.rule, f.span.line) for f in loaded.findings] == [("AML007", source.MAX_BYTES // 5 + 1)]
    assert len(loaded.text) <= source.MAX_BYTES


# ----- characters: named at their position, line numbers as editors show them ---------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "NUL"),
        ("\x1b", "ESC"),
        ("\x7f", "DEL"),
        ("\x9b", "control character"),
        ("\ufffe", "noncharacter"),
        ("\u202e", "bidirectional"),
        ("\u2066", "bidirectional"),
    ],
)
def test_forbidden_characters_are_named_at_their_position(char: str, name: str) -> None:
    found = load_text("t.yaml", f"a: 1\nb: x{char}y\n").findings
    assert [(f.rule, f.span.line, f.span.column) for f in found] == [("AML006", 2, 5)]
    assert name in found[0].message and "tab" not in found[0].message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_line_separators_are_errors_and_do_not_create_hidden_fields(separator: str) -> None:
    role = "arn:aws:iam::999999999999:role/Attacker"
    text = SPEC.replace("RoleArn:", f"# reviewed{separator}RoleArn: {role}\nRoleArn:")
    source_file = load_text("t.yaml", text)
    assert source_file.docs[0].data["RoleArn"] != role  # read as the editor shows it: a comment
    found = lint_text("t.yaml", text, Config())
    line = editor_lines(text).index(f"# reviewed{separator}RoleArn: {role}") + 1
    assert [(f.rule, f.line, f.column) for f in found] == [("AML006", line, 11)]
    # every later finding stays on the editor's line numbers
    text2 = text + "Unknown: 1\n"
    last = [f for f in lint_text("t.yaml", text2, Config()) if f.rule != "AML006"]
    assert last and last[0].line == len(editor_lines(text2))


def test_suppression_comments_count_lines_as_editors_do() -> None:
    text = "# a\u2028b\n" + SPEC.replace(
        "ProblemType: BinaryClassification", "ProblemType: Binary  # automlspec: ignore"
    )
    assert {f.rule for f in lint_text("t.yaml", text, Config())} == {"AML006"}


def test_lone_surrogate_escapes_are_a_finding_and_never_reach_the_output() -> None:
    text = SPEC.replace("AutoMLJobName: churn-binary-v1", 'AutoMLJobName: "churn\\ud800"\n"k\\udfff": 1')
    loaded = load_text("t.yaml", text)
    assert {f.rule for f in loaded.findings} == {"AML006"}
    dumped = json.dumps(loaded.docs[0].data, ensure_ascii=False)
    dumped.encode("utf-8")  # no surrogate left in the data rules and compile see


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a: 1\n".encode("utf-32"), "UTF-32"),
        ("a: 1\n".encode("utf-32-be"), "without a byte-order mark"),
        ("a: 1\n".encode("utf-16-le"), "without a byte-order mark"),
        (b"a: \xff\xfe\n", "not valid UTF-8"),
    ],
)
def test_encodings_are_named(raw: bytes, expected: str) -> None:
    found = load_bytes("t.yaml", raw).findings
    assert found[0].rule == "AML006" and expected in found[0].message, found


# ----- tags on collections, like tags on scalars --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo pwned]\n",
        "a: !!python/object:os.system {x: 1}\n",
        "a: !custom {x: 1}\n",
        "!!omap [a: 1]\n",
        "a: !!set {x: null}\n",
    ],
)
def test_tags_on_collections_are_findings(text: str) -> None:
    found = lint_text("t.yaml", text, Config())
    assert [f.rule for f in found] == ["AML001"] and "tag" in found[0].message


def test_explicit_standard_collection_tags_are_accepted() -> None:
    assert load_text("t.yaml", "a: !!map {x: !!seq [1]}\n").docs[0].data == {"a": {"x": [1]}}


# ----- the whole CLI, as a subprocess -------------------------------------------------------------------


def test_hostile_files_end_to_end(tmp_path: Path) -> None:
    files = {
        "merge.yaml": "a: &a {x: 1, <<: *a}\n",
        "number.yaml": "a: " + "9" * 5_000 + "\n",
        "nul.yaml": "a: \x00\n",
        "sep.yaml": "a: 1 # x\u2028b: 2\n",
        "surrogate.yaml": 'a: "\\ud800"\n',
        "tag.yaml": "a: !!python/object/apply:os.system [ls]\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8", errors="surrogatepass")
    for fmt in ("text", "concise", "json"):
        run = subprocess.run(
            [sys.executable, "-m", "automlspec", "lint", "--format", fmt, "--no-config", "."],
            capture_output=True,
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=60,
        )
        assert run.returncode == 1 and run.stderr == b"", run.stderr
        out = run.stdout.decode("utf-8")
        assert all(ch.isprintable() for line in out.splitlines() for ch in line)
        for name in files:
            assert name in out


# ----- what the expansion bound says it counted (issue 13 remainder) --------------------------------------


def test_a_plain_large_document_is_not_blamed_on_aliases() -> None:
    text = "a: [" + ", ".join(["1"] * (source.MAX_NODES + 1)) + "]\n"
    [finding] = lint_text("t.yaml", text, Config())
    assert finding.rule == "AML007" and (finding.line, finding.column) == (1, 4)
    assert finding.message.startswith("this value holds more than 10,000 values")
    assert "alias" not in finding.message and "merge" not in finding.message


def test_the_expansion_message_names_the_aliases_and_merge_keys_it_counted() -> None:
    aliases = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    aliases += [f"a{i}: &a{i} [" + ", ".join([f"*{'a' if i == 1 else f'a{i - 1}'}"] * 10) + "]" for i in range(1, 5)]
    [finding] = lint_text("t.yaml", "\n".join(aliases) + "\n", Config())
    # a3 holds 10 references to a2, a2 to a1, a1 to a: 27 of them repeat a node already counted
    assert "through aliases (27 repeated references);" in finding.message and "merge" not in finding.message
    merges = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"]
    merges += [
        f"m{i}: &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 4)}], k{i}: [{', '.join(['1'] * 30)}]}}" for i in range(1, 6)
    ]
    [finding] = lint_text("t.yaml", "\n".join(merges) + "\n", Config())
    assert "merge key" in finding.message, finding.message


# ----- every line and column is one an editor can show ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["---\n#", "a: [1, 2", "AutoMLJobName: x", "a:\n  b: 1\n  c: {", "'unterminated", "--- |\n  x"]
)
def test_findings_without_a_final_line_break_stay_inside_the_file(text: str) -> None:
    lines = text.split("\n")
    for f in lint_text("t.yaml", text, Config()):
        assert 1 <= f.line <= len(lines) and 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert (f.end_line, f.end_column) <= (len(lines), len(lines[-1]) + 2), f


@pytest.mark.parametrize(("raw", "where"), [(b"a: 1\r\xff", (2, 1)), (b"a\r\nb: \xc3(", (2, 4)), (b"\r\r\x80", (3, 1))])
def test_an_encoding_error_is_placed_on_the_editor_s_line(raw: bytes, where: tuple[int, int]) -> None:
    [fault] = load_bytes("t.yaml", raw).findings
    assert (fault.rule, fault.span.line, fault.span.column) == ("AML006", *where)
