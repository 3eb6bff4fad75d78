"""Terminal injection and the internal-error exit code (issue 13): every output path escapes
user-controlled text through terminal.escape / terminal.json_dumps, and a bug exits 3 with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from automlspec import cli
from automlspec.errors import ExitCode, UsageError
from automlspec.terminal import escape, json_dumps
from automlspec.views import console

ROOT = Path(__file__).resolve().parents[1]
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
# Characters a terminal obeys or that break UTF-8: ESC (CSI, OSC 52 clipboard), BEL, NUL, CR, LF,
# DEL, C1 CSI and NEL, bidi overrides and isolates, line/paragraph separators, a lone surrogate.
HOSTILE = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x00\r\n\x7f\x9b\x85\u202e\u2066\u200f\u061c\u2028\u2029\ud800"


def test_escape_makes_every_dangerous_character_visible() -> None:
    shown = escape("a" + HOSTILE + "z")
    assert shown == (
        "a\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x00\\r\\n\\x7f\\x9b\\x85\\u202e\\u2066\\u200f\\u061c\\u2028\\u2029\\ud800z"
    )
    shown.encode("utf-8")  # no surrogate left
    assert all(ch.isprintable() for ch in shown)


def test_escape_keeps_ordinary_text_and_shows_undecodable_file_name_bytes() -> None:
    assert escape("Größe 数据 s3://b/k — ok") == "Größe 数据 s3://b/k — ok"
    assert escape(os.fsdecode(b"spec-\xff.yaml")) == "spec-\\xff.yaml"
    assert escape(3) == "3"


def test_json_dumps_keeps_values_exact_and_the_text_safe() -> None:
    value = {"k\x1b": "v\x9b\u202e\u2028", "n": 1}
    text = json_dumps(value)
    assert all(ch.isprintable() or ch in " " for ch in text)
    assert json.loads(text) == value  # a program reading the JSON sees the real value
    surrogate = json_dumps(["a\ud800", os.fsdecode(b"b\xff")])
    surrogate.encode("utf-8")
    assert json.loads(surrogate) == ["a\\ud800", "b\\xff"]  # not representable in UTF-8: shown as escape()


def _hostile_spec(tmp_path: Path) -> Path:
    # A key and a value that messages quote, both full of control sequences (YAML escapes).
    key = HOSTILE.replace("\ud800", "").encode("unicode_escape").decode("ascii").replace('"', '\\"')
    text = SPEC.replace("AutoMLJobName: churn-binary-v1", f'AutoMLJobName: "x\\e[31m{key}"\n"K{key}": 1')
    path = tmp_path / "spec\x1b]0;pwned\x07\n.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "concise", "json"])
def test_no_format_writes_a_raw_control_character(tmp_path: Path, fmt: str) -> None:
    path = _hostile_spec(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--format", fmt, "--no-config", path.name],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "FORCE_COLOR": ""},
    )
    assert run.returncode == 1, run.stderr
    out = run.stdout.decode("utf-8")  # valid UTF-8
    assert "AML" in out
    for line in out.splitlines():
        assert all(ch.isprintable() for ch in line), repr(line)
    if fmt == "json":
        findings = json.loads(out)
        assert {f["file"] for f in findings} == {path.name}
    if fmt == "concise":  # a newline in the name must not forge a second finding line
        assert all(line.startswith("spec\\x1b]0;pwned\\x07\\n.yaml:") for line in out.splitlines())


def test_colour_output_escapes_too(tmp_path: Path) -> None:
    path = _hostile_spec(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--color", "always", "--no-config", path.name],
        cwd=tmp_path,
        capture_output=True,
    )
    out = run.stdout.decode("utf-8")
    # rich's own SGR sequences are the only escapes: none carries the file's OSC or clear-screen
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out and "\u202e" not in out


def test_stderr_messages_escape_file_names(tmp_path: Path) -> None:
    name = "gone\x1b[2J\n.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", name], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == ExitCode.USAGE
    assert "automlspec: error: gone\\x1b[2J\\n.yaml: no such file or directory" in run.stderr
    assert "\x1b" not in run.stderr
    # every option error (click's own message quotes the value) is escaped as well
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--format", "\x1b]0;t\x07", "x.yaml"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == ExitCode.USAGE and "\x1b" not in run.stderr and "\x07" not in run.stderr


def test_migrate_messages_escape_file_names(tmp_path: Path) -> None:
    path = tmp_path / "v1\x1b[2J.yaml"
    path.write_text(SPEC, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "automlspec", "migrate", "--check", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "would migrate" in run.stdout and "\x1b" not in run.stdout and "v1\\x1b[2J.yaml" in run.stdout


def test_an_automlspec_error_is_one_line_with_its_exit_code(monkeypatch, capsys) -> None:
    def boom(*args, **kwargs):
        raise UsageError("bad \x1b[2J thing")

    monkeypatch.setattr("automlspec.commands.lint.lint_tree", boom)
    assert cli.main(["lint", str(ROOT / "specs")]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == "automlspec: error: bad \\x1b[2J thing\n"


def test_an_unexpected_exception_exits_3_with_one_line_asking_for_a_report(monkeypatch, capsys) -> None:
    def boom(*args, **kwargs):
        raise KeyError("\x1b]52;c;x\x07")

    monkeypatch.setattr("automlspec.commands.lint.lint_tree", boom)
    monkeypatch.delenv(console.DEBUG_ENV, raising=False)
    assert cli.main(["lint", str(ROOT / "specs")]) == ExitCode.INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err
    assert err.startswith("automlspec: internal error: KeyError:") and "report" in err and console.DEBUG_ENV in err
    monkeypatch.setenv(console.DEBUG_ENV, "1")
    assert cli.main(["lint", str(ROOT / "specs")]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_internal_error_exit_code_end_to_end(tmp_path: Path) -> None:
    # a bug reached through the installed entry point: a RecursionError forced from inside lint
    script = (
        "import sys, automlspec.commands.lint as l\n"
        "def boom(*a, **k): raise RecursionError('maximum recursion depth exceeded')\n"
        "l.lint_tree = boom\n"
        "from automlspec.cli import main\n"
        "sys.exit(main(['lint', 'x.yaml']))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 3
    assert run.stderr.startswith("automlspec: internal error: RecursionError") and run.stderr.count("\n") == 1
