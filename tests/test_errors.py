"""errors.py holds the one table from errors to exit codes; cli translates foreign exceptions (click's,
Ctrl-C) and asks errors.exit_code, and only yamlio knows ruamel's comment layout."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer

from automlspec.errors import (
    AutomlspecError,
    AwsError,
    ConversionError,
    ExitCode,
    Interrupted,
    SourceError,
    UsageError,
    WriteError,
    exit_code,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AutomlspecError("x"), ExitCode.FAILURE),
        (AwsError("denied", "AccessDenied"), ExitCode.FAILURE),
        (WriteError("read-only"), ExitCode.FAILURE),
        (Interrupted("aborted"), ExitCode.FAILURE),
        (UsageError("bad option"), ExitCode.USAGE),
        (ConversionError("v2 -> v1"), ExitCode.USAGE),
        (SourceError("not UTF-8"), ExitCode.USAGE),
        (typer.BadParameter("no such option"), ExitCode.USAGE),  # click's usage errors carry 2
        (ValueError("a bug"), ExitCode.INTERNAL),
        (KeyError("a bug"), ExitCode.INTERNAL),
    ],
)
def test_exit_code_table(error: BaseException, code: ExitCode) -> None:
    assert exit_code(error) is code


def test_an_unexpected_exit_code_attribute_is_still_a_bug() -> None:
    class Odd(Exception):
        exit_code = 7

    assert exit_code(Odd()) is ExitCode.INTERNAL


def test_the_cli_exit_codes_are_the_table_in_errors() -> None:
    # terraform's -detailed-exitcode: 2 means changes, and under that option no error exits 2
    assert (ExitCode.OK, ExitCode.FAILURE, ExitCode.USAGE, ExitCode.CHANGES) == (0, 1, 2, 2)
    source = (ROOT / "automlspec" / "cli.py").read_text("utf-8")
    assert "exc.exit_code" not in source, "ask errors.exit_code(exc), not the exception"
    assert "typer.Exit(" in source and not re.search(r"typer\.Exit\(\d", source), "exit codes come from ExitCode"


def test_only_yamlio_reads_ruamel_comment_internals() -> None:
    """`node.ca` (comments), `node.fa` (flow style) and CommentToken are ruamel internals: one module."""
    offenders = []
    for path in sorted((ROOT / "automlspec").rglob("*.py")):
        if path.name == "yamlio.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("ca", "fa"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "ruamel.yaml.tokens":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: ruamel.yaml.tokens")
    assert not offenders, offenders
