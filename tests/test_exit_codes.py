"""One table of exit codes (errors.ExitCode), CHANGES included; under `plan --detailed-exitcode` every
error exits 1, so that CI can trust 2 to mean "changes to apply" (terraform's -detailed-exitcode)."""

from __future__ import annotations

import pytest

from automlspec.cli import main
from automlspec.errors import ExitCode


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "/nonexistent"],  # a path that does not exist
        ["plan", "--no-such-option"],  # click's usage error
        ["plan", "--no-data", "--data-root", "."],  # options that contradict each other
        ["plan", "--config", "/nonexistent.yaml"],  # a configuration file that does not exist
    ],
)
def test_a_usage_error_exits_2_but_1_under_detailed_exitcode(argv: list[str], tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == ExitCode.USAGE == 2
    first = capsys.readouterr().err
    assert main([argv[0], "--detailed-exitcode", *argv[1:]]) == ExitCode.FAILURE
    assert capsys.readouterr().err == first  # the same message: only the exit code differs


def test_the_option_counts_only_before_a_double_dash(tmp_path, monkeypatch) -> None:
    from automlspec.cli import _detailed

    assert _detailed(["plan", "x", "--detailed-exitcode"])
    assert not _detailed(["plan", "--", "--detailed-exitcode"])
    assert not _detailed(["apply", "--detailed-exitcode"])
    assert not _detailed([])


def test_changes_is_the_table_s_2() -> None:
    assert ExitCode.CHANGES == 2 and ExitCode.FAILURE == 1 and ExitCode.OK == 0
