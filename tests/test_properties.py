"""Property tests of lint on hostile input (issue 13), in-process so that tens of thousands of examples fit
in CI time.

Inputs: arbitrary text (surrogates, line separators, control characters, YAML punctuation), arbitrary
bytes, and near-valid specs built from specs/ and tests/cases/ (fields deleted, renamed, retyped; deep
nesting; anchors and merge keys; huge numbers; hostile characters spliced in).

Properties: lint never raises; every format's output is valid UTF-8 without a raw control character,
and JSON and SARIF parse; every finding's line and column are inside the file as editors count it; the
exit code is 0, 1 or 2; the bounds hold (findings shown per file, source excerpt width); the same input
gives the same output.

The `ci` profile (the default) is derandomized, so a failure reproduces on every run and machine; the
counts (COUNTS) add up to 20,000 examples, run whole in the slow set and a fortieth of them in the default
run:

    python -m pytest -q tests/test_properties.py               # brief: about 500 examples
    python -m pytest -q -m slow tests/test_properties.py       # whole: 20,000 examples (.ci/run runs it)
    AUTOMLSPEC_HYPOTHESIS=long python -m pytest -q -m slow tests/test_properties.py   # x20, random seeds
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import brief_and_whole

from automlspec import source
from automlspec.cli import main
from automlspec.config import Config
from automlspec.findings import Finding, Severity
from automlspec.lint import LintResult, lint_loaded
from automlspec.source import load_bytes, load_text
from automlspec.views import findings as report
from automlspec.views.findings import MAX_FINDINGS, NAMES
from automlspec.views.findings.text import EXCERPT_WIDTH

ROOT = Path(__file__).resolve().parent.parent
SEEDS = tuple(
    path.read_text("utf-8")
    for path in sorted([*ROOT.joinpath("specs").glob("*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])
)

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck), print_blob=True
)
settings.register_profile("long", deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
LONG = os.environ.get("AUTOMLSPEC_HYPOTHESIS") == "long"  # profiles are used per test, never loaded globally


def examples(count: int) -> settings:
    """``count`` examples in CI (derandomized), twenty times as many at random with AUTOMLSPEC_HYPOTHESIS=long."""
    if LONG:
        return settings(settings.get_profile("long"), max_examples=count * 20)
    return settings(settings.get_profile("ci"), max_examples=count)


# ----- strategies ---------------------------------------------------------------------------------------

# Strategies draw one byte string and map it to text: generating is then a small part of each example's
# cost (hypothesis' per-character drawing took half the time), and shrinking still works byte by byte.
HOSTILE = ["\x00", "\x1b", "\x1b]52;c;aGk=\x07", "\x85", "\u2028", "\u2029", "\u202e", "\ud800", "\udcff",
           "\ufffe", "\t", "\r", "\r\n", "\x7f", "\x9b", "\x0c", "\ufeff", "²", "\U0001f600", "é"]  # fmt: skip
TOKENS = [": ", "- ", "? ", "[", "]", "{", "}", ", ", "&a ", "*a", "<<: ", "<<: *a", "!!python/object/apply:os.system ",
          "!!int ", "!!str ", "!custom ", "\n", "\n  ", "\n    ", "  ", "---\n", "...\n", "# automlspec: ignore\n",
          "#", "'", '"', '"\\ud800"', '"\\x1b"', "|\n  ", ">-\n  ", "%YAML 1.1\n", "~", "null", "true", "yes",
          "0x" + "f" * 120, "9" * 120, "1e999", ".nan", "AutoMLJobName", "RoleArn", "S3Uri", "Tags",
          "AutoMLProblemTypeConfig", "TabularJobConfig", "InputDataConfig", "AutoMLJobInputDataConfig",
          "AutoMLJobName: a\n", "RoleArn: arn:aws:iam::123456789012:role/r\n", "Tags: [{Key: k, Value: v}]\n"]  # fmt: skip
# 256 fragments, one per byte value: YAML punctuation and request field names, hostile characters, and
# printable ASCII for the rest.
FRAGMENTS = (TOKENS + HOSTILE + [chr(c) for c in range(0x20, 0x7F)] * 3)[:256]
YAMLISH = st.binary(max_size=60).map(lambda raw: "".join(FRAGMENTS[byte] for byte in raw))
# Any code point, surrogates included (hypothesis' text() leaves them out), from three bytes each; most
# fall in the planes where characters are dense, some in the controls and surrogates.
ANY_TEXT = st.binary(max_size=300).map(
    lambda raw: "".join(chr(int.from_bytes(raw[i : i + 3], "big") % 0x110000 if raw[i] & 0x80 else raw[i + 1] if i + 1 < len(raw) else raw[i]) for i in range(0, len(raw), 3))
)  # fmt: skip
NAMES_TEXT = st.binary(max_size=24).map(lambda raw: "".join(FRAGMENTS[byte] for byte in raw))


@st.composite
def near_valid(draw) -> str:
    """A real spec or case file, changed in one to four places the way edits and attacks change files."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        kind = draw(
            st.sampled_from(
                ["delete", "rename", "retype", "nest", "alias", "merge", "number", "splice", "duplicate", "indent"]
            )
        )
        key, sep, value = line.partition(":")
        if kind == "delete":
            del lines[at]
        elif kind == "rename" and sep:
            position = draw(st.integers(0, max(0, len(key) - 1)))
            lines[at] = key[:position] + draw(st.sampled_from(["", "x", "_", "-", key[position:position + 1] * 2])) + key[position + 1:] + sep + value  # fmt: skip
        elif kind == "retype" and sep:
            new = draw(st.sampled_from([" 1", " -1", " 0.5", " true", " null", " []", " {}", " [1, 2]", " {a: 1}", " ''", " '" + "x" * 70_000 + "'"]))  # fmt: skip
            lines[at] = key + sep + new
        elif kind == "nest":
            depth = draw(st.sampled_from([2, 10, source.MAX_DEPTH - 2, source.MAX_DEPTH + 1, 2_000]))
            opener, closer = draw(st.sampled_from([("[", "]"), ("{a: ", "}")]))
            lines[at] = (key + sep if sep else "x:") + " " + opener * depth + "1" + closer * depth
        elif kind == "alias" and sep:
            lines[at] = key + sep + " &n" + value
            lines.append(draw(st.sampled_from(["Copy: *n", "Loop: &m [*m]", "Many: [" + ", ".join(["*n"] * 50) + "]"])))
        elif kind == "merge":
            lines.insert(
                at, draw(st.sampled_from(["<<: {}", "<<: *n", "<<: [*n, *n]", "<<: &r {a: 1, <<: *r}", "<<: 1"]))
            )
        elif kind == "number" and sep:
            lines[at] = key + sep + " " + draw(st.sampled_from(["9" * 5_000, "-" + "9" * 101, "0x" + "f" * 200, "1" * 400 + ".5", "0o" + "7" * 150, "²"]))  # fmt: skip
        elif kind == "splice":
            position = draw(st.integers(0, len(line)))
            lines[at] = line[:position] + draw(st.sampled_from(HOSTILE)) + line[position:]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "\t", "   "])) + line.lstrip(" ")
        text = "\n".join(lines)
    return text


# ----- the pipeline under test, in-process ----------------------------------------------------------------


def lint_one(name: str, loaded) -> LintResult:
    """What `lint --no-config FILE` computes for one file, without the process."""
    return lint_loaded(loaded, Config())


def exit_code(result: LintResult) -> int:
    return 1 if any(f.severity is Severity.ERROR for f in result.findings) else 0


def check_lint(name: str, text: str | None = None, raw: bytes | None = None, formats=NAMES) -> LintResult:
    """Lint one input and check every property on it, rendering it in ``formats``."""
    loaded = load_bytes(name, raw) if raw is not None else load_text(name, text or "")
    result = lint_one(name, loaded)
    lines = source._LINE_BREAK.split(loaded.text)  # a last empty line after a final newline counts
    for finding in result.findings:
        assert isinstance(finding, Finding)
        assert 1 <= finding.line <= len(lines), (finding, len(lines))
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding
        assert (finding.end_line, finding.end_column) > (finding.line, finding.column), finding
        assert finding.end_line <= len(lines), finding
        assert finding.end_column <= len(lines[finding.end_line - 1]) + 2, finding
    assert exit_code(result) in (0, 1)
    for format_name in formats:
        check_output(format_name, render(result, format_name))
    return result


def render(result: LintResult, name: str) -> str:
    stream = io.StringIO()
    report.render(result, stream, name, "never")
    return stream.getvalue()


_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def check_output(name: str, out: str) -> None:
    out.encode("utf-8")  # strict: a lone surrogate would raise here
    assert not _RAW_CONTROL.search(out), (name, _RAW_CONTROL.search(out))
    if name == "json":
        assert len(json.loads(out)) <= MAX_FINDINGS + 1  # one file
    elif name == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) <= MAX_FINDINGS + 1
    elif name == "text":
        for shown in out.splitlines():
            if re.match(r"\d+ \| ", shown):  # a source excerpt: the window and its two ellipses at most,
                # each character perhaps shown as a six-character escape (\u202e)
                assert len(shown.partition(" | ")[2]) <= 6 * EXCERPT_WIDTH + 2


def check_deterministic(name: str, text: str, formats=NAMES) -> None:
    """The same input gives the same findings, and the same bytes in ``formats``."""
    first = check_lint(name, text, formats=())
    again = lint_one(name, load_text(name, text))
    assert again.findings == first.findings
    for format_name in formats:
        assert render(again, format_name) == render(first, format_name)


# ----- properties -----------------------------------------------------------------------------------------


# Each example is linted once and rendered in one format hypothesis picks (all six every time would
# cost four times the lint). Counts follow the cost of an example: about 3 ms for short text, 10 ms for
# a whole spec, 100 ms for a run of the command line (typer builds its commands on every call).
FORMAT = st.sampled_from(NAMES)
COUNTS = {
    "yaml": 9_200,
    "text": 4_500,
    "bytes": 4_000,
    "near-valid": 1_500,
    "deterministic": 300,
    "file-names": 400,
    "command-line": 100,
}


def sizes(kind: str) -> pytest.MarkDecorator:
    """Each property runs twice over: briefly (1/40 of its examples) in the default run, and whole (its
    COUNTS share of the 20,000) in the slow set that .ci/run runs (`python -m pytest -m slow`)."""
    count = COUNTS[kind]
    return brief_and_whole(count, brief=max(count // 40, 2))


def run_property(count: int, body, *strategies) -> None:
    """Run ``body`` on ``count`` examples drawn from ``strategies`` (derandomized; see examples())."""

    @examples(count)
    @given(st.tuples(*strategies))
    def check(drawn: tuple) -> None:
        body(*drawn)

    check()


@sizes("yaml")
def test_yaml_like_text(count: int) -> None:
    run_property(count, lambda text, fmt: check_lint("fuzz.yaml", text, formats=(fmt,)), YAMLISH, FORMAT)


@sizes("text")
def test_arbitrary_text(count: int) -> None:
    run_property(count, lambda text, fmt: check_lint("fuzz.yaml", text, formats=(fmt,)), ANY_TEXT, FORMAT)


BYTES = st.one_of(st.binary(max_size=200), st.builds(lambda b, t: b + t.encode("utf-8", "surrogatepass"),
                  st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]), YAMLISH))  # fmt: skip


@sizes("bytes")
def test_arbitrary_bytes(count: int) -> None:
    run_property(count, lambda raw, fmt: check_lint("fuzz.yaml", raw=raw, formats=(fmt,)), BYTES, FORMAT)


@sizes("near-valid")
def test_near_valid_specs(count: int) -> None:
    run_property(count, lambda text, fmt: check_lint("spec.yaml", text, formats=(fmt,)), near_valid(), FORMAT)


@sizes("deterministic")
def test_deterministic(count: int) -> None:
    run_property(count, lambda text, fmt: check_deterministic("spec.yaml", text, (fmt,)), st.one_of(near_valid(), YAMLISH), FORMAT)  # fmt: skip


@sizes("file-names")
def test_hostile_file_names(count: int) -> None:
    run_property(count, lambda name, text, fmt: check_lint(name or "x", text, formats=(fmt,)), NAMES_TEXT, YAMLISH, FORMAT)  # fmt: skip


@sizes("command-line")
def test_the_command_line_exits_0_1_or_2(count: int, tmp_path_factory) -> None:
    """The real `lint` command, in-process: exit 0, 1 or 2 (3 would be an internal error), output and
    error stream valid UTF-8 without a raw control character."""
    path = tmp_path_factory.getbasetemp() / "cli.yaml"

    def body(text: str, format_name: str) -> None:
        path.write_text(text, "utf-8", "surrogatepass")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["lint", "--no-config", "--format", format_name, str(path)])
        assert code in (0, 1, 2), err.getvalue()
        check_output(format_name, out.getvalue())
        check_output("stderr", err.getvalue())

    run_property(count, body, st.one_of(near_valid(), YAMLISH), FORMAT)


def test_the_ci_profile_is_derandomized_and_runs_20000_examples() -> None:
    assert settings.get_profile("ci").derandomize
    assert sum(COUNTS.values()) >= 20_000


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_seed_lints_as_is(seed: int) -> None:
    check_deterministic("seed.yaml", SEEDS[seed])
