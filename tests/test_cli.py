"""The command line's contract: formats, exit codes, and no tracebacks for bad input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_run import run_cli

from automlspec.cli import main

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command line in this process (tests/cli_run.py): what ``python -m automlspec`` runs."""
    return run_cli(*args, cwd=cwd, env={"NO_COLOR": "1", "COLUMNS": "200"})


def test_examples_lint_clean_exit_0() -> None:
    done = cli("lint", "specs")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("All checks passed")


def test_text_format_shows_source_line_caret_and_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(V1.replace("CompressionType: None", "CompressionType: gzip"))
    done = cli("lint", str(bad))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert (
        lines[0]
        == f"{bad}:10:22: AML104 error [invalid-enum-value] [*] InputDataConfig[0].CompressionType 'gzip' is not one of None, Gzip"
    )
    assert lines[2] == "10 |     CompressionType: gzip"
    assert lines[3] == "   |                      ^^^^ help: Gzip"
    assert lines[4] == ""  # no "= path:" line: the path is in the message and the JSON (issue 12)
    assert lines[-2] == "Found 1 error (1 spec in 1 file checked)."
    assert lines[-1] == "[*] 1 fixable with `automlspec lint --fix` (preview: --diff)."  # [*]: ruff's mark
    assert "Traceback" not in done.stderr


def test_concise_and_json_formats(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(V1.replace("churn-binary-v1", "churn_v1"))
    done = cli("lint", "--format", "concise", str(bad))
    assert (
        done.stdout
        == f"{bad}:2:16: AML106 [error] AutoMLJobName 'churn_v1' may contain only letters, digits and hyphens, starting and ending with a letter or digit (1-32 characters) (help: churn-v1)\n"
    )
    found = json.loads(cli("lint", "-f", "json", str(bad)).stdout)
    assert found == [
        {
            "file": str(bad),
            "line": 2,
            "column": 16,
            "rule": "AML106",
            "name": "pattern-mismatch",
            "severity": "error",
            "message": "AutoMLJobName 'churn_v1' may contain only letters, digits and hyphens, starting and ending with a letter or digit (1-32 characters)",
            "path": "AutoMLJobName",
            "suggestion": "churn-v1",
            "end_line": 2,
            "end_column": 24,
            "url": "https://github.com/automlspec/automlspec/blob/main/docs/rules.md#aml106-pattern-mismatch",
            "fix": {"value": "churn-v1", "applicability": "unsafe"},  # a guess: only --unsafe-fixes applies it
        }
    ]


def test_json_for_a_clean_run_is_an_empty_array() -> None:
    assert json.loads(cli("lint", "-f", "json", "specs").stdout) == []


def test_missing_path_is_exit_2_but_other_files_are_still_linted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(V1.replace("churn-binary-v1", "churn_v1"))
    done = cli("lint", "-f", "concise", str(bad), str(tmp_path / "nope.yaml"))
    assert done.returncode == 2
    assert "AML106" in done.stdout
    assert "nope.yaml: no such file or directory" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read mode-000 files")
def test_unreadable_file_is_exit_2(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    secret = tmp_path / "secret.yaml"
    secret.write_text(V1)
    secret.chmod(0)
    assert cli("lint", str(secret)).returncode == 2


def test_directory_named_like_a_spec_is_walked(tmp_path: Path) -> None:
    # A directory named like a spec cannot be read as a file, even by root.
    weird = tmp_path / "dir.yaml"
    weird.mkdir()
    (weird / "inner.yaml").write_text(V1)
    done = cli("lint", str(weird))
    assert done.returncode == 0  # a directory is walked, not read


def test_usage_errors_are_exit_2() -> None:
    assert cli("lint", "--format", "xml", "specs").returncode == 2
    assert cli("nonsense").returncode == 2


def test_no_spec_files_found_warns_and_exits_0(tmp_path: Path) -> None:
    done = cli("lint", str(tmp_path))
    assert done.returncode == 0
    assert "no spec files" in done.stderr


def test_hidden_entries_and_config_files_are_skipped_when_walking(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yaml").write_text("on: push\n")
    (tmp_path / ".automlspec.yaml").write_text("ignore: []\n")
    (tmp_path / "job.yaml").write_text(V1)
    done = cli("lint", "-f", "json", str(tmp_path))
    assert done.returncode == 0 and json.loads(done.stdout) == []


def test_binary_garbage_and_odd_files_never_traceback(tmp_path: Path) -> None:
    for name, raw in {
        "a.yaml": b"\x89PNG\r\n\x1a\n\x00\x00",
        "b.yaml": b"\xff\xfe\x00",
        "c.yaml": b"- [",
        "d.yaml": b"AutoMLJobName: [1, 2]\nInputDataConfig: {}\nOutputDataConfig: 7\nRoleArn: null\nTags: yes\n",
        "e.yaml": b"AutoMLJobInputDataConfig: 5\nAutoMLProblemTypeConfig: [x]\n",
        "f.yaml": b"AutoMLJobInputDataConfig: [{}]\nAutoMLProblemTypeConfig: {TabularJobConfig: 3, TimeSeriesForecastingJobConfig: []}\n",
    }.items():
        (tmp_path / name).write_bytes(raw)
    done = cli("lint", "-f", "json", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    rules = {f["rule"] for f in json.loads(done.stdout)}
    assert "AML000" not in rules, "a rule crashed on odd input"


def test_rules_and_explain() -> None:
    listing = cli("rules")
    assert listing.returncode == 0 and "AML104  invalid-enum-value" in listing.stdout
    rows = json.loads(cli("rules", "-f", "json").stdout)
    assert {"code", "name", "severity", "summary"} <= set(rows[0])
    explained = cli("explain", "AML104")
    assert explained.returncode == 0 and "## Example" in explained.stdout and "ProblemType" in explained.stdout
    assert cli("explain", "invalid-enum-value").stdout == explained.stdout
    assert cli("explain", "AML999").returncode == 2


def test_version_names_the_model_the_limits_come_from() -> None:
    import botocore

    done = cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("automlspec ")
    # pins.txt (and so requirements.lock) pins botocore to the model the table was generated from
    assert f"botocore {botocore.__version__}'s sagemaker model" in done.stdout


def test_short_help_option() -> None:
    assert cli("-h").stdout == cli("--help").stdout
    short = cli("lint", "-h")
    assert short.returncode == 0 and "--select" in short.stdout


def test_main_returns_exit_codes_in_process(capsys) -> None:
    assert main(["lint", "-f", "concise", str(ROOT / "specs")]) == 0
