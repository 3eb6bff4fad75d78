"""Habits users bring from ruff (issue 12), through the entry point (automlspec.cli.main, run in this
process by tests/cli_run.py; hostile bytes on stdin through a real process's pipe): `lint -` with
--stdin-filename, named files and --force-exclude, --statistics, --exit-zero, -q, --output-format and
`lint` with no path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_run import run_cli

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
BAD = V1.replace("CompressionType: None", "CompressionType: gzip")  # AML104 on line 10
TWO_BAD = BAD.replace("churn-binary-v1", "churn_v1")  # and AML106 on line 2


def cli(*args: str, cwd: Path = ROOT, stdin: bytes | str | None = None) -> subprocess.CompletedProcess:
    """The entry point in this process (tests/cli_run.py; conftest unsets GITHUB_ACTIONS)."""
    return run_cli(*args, cwd=cwd, stdin=stdin, env={"NO_COLOR": "1", "COLUMNS": "200"}, text=False)


def cli_process(*args: str, cwd: Path = ROOT, stdin: bytes | str | None = None) -> subprocess.CompletedProcess:
    """``python -m automlspec``: a real process, its stdin a real pipe and its stack a fresh one."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("GITHUB_ACTIONS", None)
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", *args], cwd=cwd, capture_output=True, input=data, env=env
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def project(tmp_path: Path, config: str = "exclude: [drafts]\n") -> Path:
    """A project (a .git marker stops the configuration search) with one spec and two excluded drafts."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".automlspec.yaml").write_text(config)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(V1)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.yaml").write_text(BAD)
    (tmp_path / "drafts" / "b.yaml").write_text(BAD)
    return tmp_path


# ----- lint - and --stdin-filename ---------------------------------------------------------------------


def test_stdin_is_linted_under_the_name_stdin(tmp_path: Path) -> None:
    done = cli("lint", "-f", "concise", "-", stdin=BAD, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("<stdin>:10:22: AML104 [error] ")
    assert done.stderr == ""


def test_stdin_clean_spec_passes(tmp_path: Path) -> None:
    done = cli("lint", "-", stdin=V1, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "All checks passed: 1 spec in 1 file.\n"


def test_stdin_filename_names_findings_and_finds_the_configuration(tmp_path: Path) -> None:
    root = project(tmp_path, "ignore: [AML106]\n")
    name = str(root / "specs" / "new.yaml")  # need not exist
    done = cli("lint", "-f", "json", "--stdin-filename", name, "-", stdin=TWO_BAD, cwd=ROOT)
    found = json.loads(done.stdout)
    assert [(f["file"], f["rule"]) for f in found] == [(name, "AML104")]  # AML106 ignored by its configuration
    # --stdin-filename alone reads standard input, as ruff does
    assert json.loads(cli("lint", "-f", "json", "--stdin-filename", name, stdin=TWO_BAD).stdout) == found


def test_stdin_filename_excluded_only_with_force_exclude(tmp_path: Path) -> None:
    root = project(tmp_path)
    name = str(root / "drafts" / "c.yaml")
    linted = cli("lint", "--stdin-filename", name, "-", stdin=BAD)
    assert linted.returncode == 1 and "AML104" in linted.stdout
    skipped = cli("lint", "--force-exclude", "--stdin-filename", name, "-", stdin=BAD)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "1 file excluded by configuration" in skipped.stdout
    assert "no spec file linted in -: 1 file excluded by configuration" in skipped.stderr


def test_stdin_beyond_the_size_bound_is_a_finding_not_a_hang() -> None:
    huge = b"a: " + b"x" * (2 * 1024 * 1024) + b"\n"
    done = cli("lint", "-f", "concise", "-", stdin=huge)
    assert done.returncode == 1
    assert "larger than 1,048,576 bytes" in done.stdout
    assert "Traceback" not in done.stderr


def test_stdin_mixed_with_files_and_usage_errors(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(BAD)
    done = cli("lint", "-f", "concise", "-", str(spec), stdin=TWO_BAD)
    files = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert sorted(files) == sorted(["<stdin>", "<stdin>", str(spec)])
    twice = cli("lint", "-", "-", stdin=V1)
    assert twice.returncode == 2 and "can be named once" in twice.stderr
    orphan = cli("lint", "--stdin-filename", "x.yaml", str(spec))
    assert orphan.returncode == 2 and "add - to the paths" in orphan.stderr


def test_stdin_hostile_bytes_never_traceback() -> None:
    for data in (b"\xff\xfe\x00garbage", b"[" * 5000, b"a: &x [*x]\n", "a: \u2028b\n".encode(), b"n: " + b"9" * 5000):
        done = cli_process("lint", "-", stdin=data)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr


# ----- named files and the configuration's exclude -----------------------------------------------------------


def test_walked_folder_honours_exclude_and_says_how_many(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = cli("lint", ".", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "All checks passed: 1 spec in 1 file; 2 files excluded by configuration.\n"


def test_the_summary_says_checked_of_the_files_checked_not_of_the_excluded_ones() -> None:
    """Issue 21: the summary read "(2 specs in 2 files; 1 file excluded by configuration checked)"."""
    from automlspec.findings import Finding, Severity
    from automlspec.views.findings import Report, summary

    warning = Finding("a.yaml", 1, 1, 1, 2, "AML307", "w", Severity.WARNING, "m")
    assert summary(Report((warning,), {}, 2, 2, {}, excluded=1)) == (
        "Found 1 warning (2 specs in 2 files checked; 1 file excluded by configuration)."
    )
    assert summary(Report((), {}, 2, 2, {}, unreadable=1, excluded=3)) == (
        "Found no errors in what could be read; 1 path could not be read (2 specs in 2 files checked;"
        " 3 files excluded by configuration)."
    )
    assert summary(Report((), {}, 1, 1, {}, excluded=2)) == (
        "All checks passed: 1 spec in 1 file; 2 files excluded by configuration."
    )


def test_named_excluded_file_is_linted_unless_force_exclude(tmp_path: Path) -> None:
    root = project(tmp_path)
    named = cli("lint", "-f", "concise", "drafts/a.yaml", cwd=root)
    assert named.returncode == 1
    assert named.stdout.startswith("drafts/a.yaml:10:22: AML104")
    forced = cli("lint", "--force-exclude", "drafts/a.yaml", "drafts/b.yaml", cwd=root)
    assert forced.returncode == 0
    assert forced.stdout == "All checks passed: 0 specs in 0 files; 2 files excluded by configuration.\n"
    assert "no spec files (*.yaml" not in forced.stderr  # never the misleading "nothing found"
    assert "no spec file linted in drafts/a.yaml, drafts/b.yaml: 2 files excluded by configuration" in forced.stderr


def test_a_named_file_inside_a_walked_folder_is_linted(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = cli("lint", "-f", "concise", "drafts", "drafts/a.yaml", cwd=root)
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == ["drafts/a.yaml"]


def test_a_folder_whose_files_are_all_excluded_does_not_say_none_found(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = cli("lint", "drafts", cwd=root)
    assert done.returncode == 0
    assert "no spec files (*.yaml" not in done.stderr
    assert "2 files excluded by configuration; name a file to lint it anyway" in done.stderr


def test_the_pre_commit_hook_forces_the_exclusion() -> None:
    from automlspec.hooks import HOOKS

    assert "--force-exclude" in HOOKS[0].entry.split()


# ----- --statistics, --exit-zero, -q, --output-format, no path ------------------------------------------------


def test_statistics_counts_per_rule_most_first(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TWO_BAD)
    (tmp_path / "b.yaml").write_text(BAD)
    done = cli("lint", "--statistics", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == "2  AML104  invalid-enum-value\n1  AML106  pattern-mismatch\n"
    as_json = json.loads(cli("lint", "--statistics", "--output-format", "json", str(tmp_path)).stdout)
    assert as_json == [
        {"code": "AML104", "name": "invalid-enum-value", "count": 2},
        {"code": "AML106", "name": "pattern-mismatch", "count": 1},
    ]
    clean = cli("lint", "--statistics", "specs")
    assert clean.returncode == 0 and clean.stdout == ""


def test_exit_zero_keeps_the_findings_and_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BAD)
    done = cli("lint", "--exit-zero", str(tmp_path))
    assert done.returncode == 0
    assert "AML104" in done.stdout and "\nFound 1 error (1 spec in 1 file checked).\n" in done.stdout
    missing = cli("lint", "--exit-zero", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BAD)
    full = cli("lint", str(tmp_path))
    quiet = cli("lint", "-q", str(tmp_path))
    assert quiet.returncode == 1
    assert "AML104" in quiet.stdout and "Found" not in quiet.stdout
    assert full.stdout.startswith(quiet.stdout)
    assert cli("lint", "-q", "specs").stdout == ""
    github = cli("lint", "-q", "-f", "github", str(tmp_path))
    assert github.stdout.startswith("::error ") and "Found" not in github.stdout
    silent = cli("lint", "-qq", str(tmp_path), str(tmp_path / "nope.yaml"))
    assert silent.returncode == 2 and silent.stdout == ""
    assert "nope.yaml: no such file or directory" in silent.stderr  # why it failed is still said


def test_output_format_is_an_alias_of_format(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(BAD)
    assert (
        cli("lint", "--output-format", "concise", str(tmp_path)).stdout
        == cli("lint", "--format", "concise", str(tmp_path)).stdout
    )
    compiled = cli("compile", "--output-format", "concise", str(tmp_path / "a.yaml"))
    assert compiled.returncode == 1 and "AML104 [error]" in compiled.stderr


def test_lint_without_a_path_lints_the_current_directory(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = cli("lint", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "All checks passed: 1 spec in 1 file; 2 files excluded by configuration.\n"


# ----- shell completion ------------------------------------------------------------------------------------


def test_completion_scripts_for_each_shell() -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --command automlspec")):
        done = cli("completion", shell)
        assert done.returncode == 0, done.stderr
        assert marker in done.stdout and "_AUTOMLSPEC_COMPLETE=complete_" + shell in done.stdout, shell
    assert cli("completion", "tcsh").returncode == 2


def completions(shell: str, **env: str) -> list[str]:
    environ = {**os.environ, "_AUTOMLSPEC_COMPLETE": f"complete_{shell}", **env}
    done = subprocess.run([sys.executable, "-m", "automlspec"], cwd=ROOT, capture_output=True, text=True, env=environ)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_scripts_callback_completes_commands_options_and_choices() -> None:
    commands = completions("bash", COMP_WORDS="automlspec ", COMP_CWORD="1")
    assert {"lint", "compile", "resolve", "plan", "apply", "explain", "completion"} <= set(commands)
    options = completions("bash", COMP_WORDS="automlspec lint --st", COMP_CWORD="2")
    assert {"--strict", "--statistics", "--stdin-filename"} <= set(options)
    formats = completions("fish", _TYPER_COMPLETE_FISH_ACTION="get-args", _TYPER_COMPLETE_ARGS="automlspec lint -f ")
    assert {"text", "concise", "json", "github", "sarif", "junit"} <= set(formats)
