"""Hostile input through every command, not only lint (issue 13): values that YAML escapes turn into
control and bidirectional characters ("\\e]52;c;…\\a" writes the clipboard of the terminal that shows it,
"\\u202e" reorders a line), and what AWS sends back (a tag value, a failure reason) is as untrusted as a
file. Whatever a command prints, and whatever spec it writes, holds none of them raw; a spec it writes
reads back as the same request."""

from __future__ import annotations

import json
import os
import re
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from automlspec.cli import main
from automlspec.compile import to_request
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
# What a terminal would obey: C0 but tab and line feed, DEL, C1, bidirectional controls, line separators.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
HOSTILE = r"\e]52;c;aGk=\a\e[2J\u202e\x85\u2028"  # YAML double-quoted escapes, in the file as plain ASCII


def clean(text: str) -> str:
    match = RAW.search(text)
    assert match is None, (
        f"raw {match.group()!r} at {match.start()}: {text[max(0, match.start() - 40) : match.start() + 40]!r}"
    )
    return text


@pytest.fixture
def spec(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "churn.yaml"
    text = V1.replace("TargetAttributeName: churned", f'TargetAttributeName: "churned{HOSTILE}"')
    text = text.replace("s3://acme-ml-data/churn/train/", f'"s3://acme-ml-data/churn/{HOSTILE}/"')
    path.write_text(text, "utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, clean(captured.out), clean(captured.err)


def test_lint_compile_and_resolve_print_escapes_only(spec: Path, capsys) -> None:
    for name in ("text", "concise", "json", "github", "sarif", "junit"):
        code, _, _ = run(capsys, "lint", "--no-config", "--format", name, str(spec))
        assert code in (0, 1)
    code, out, _ = run(capsys, "compile", "--no-config", str(spec))
    assert code == 0
    request = json.loads(out)
    assert request["InputDataConfig"][0]["TargetAttributeName"].endswith("\x1b[2J\u202e\x85\u2028")
    code, out, _ = run(capsys, "resolve", "--no-config", str(spec))
    assert code == 0 and "\\u202e" in out
    resolved = load_text("r.yaml", out)
    assert resolved.findings == () and resolved.docs[0].data["InputDataConfig"][0]["TargetAttributeName"] == (
        "churned\x1b]52;c;aGk=\x07\x1b[2J\u202e\x85\u2028"
    )


def test_migrate_writes_the_same_request_with_escapes(spec: Path, capsys) -> None:
    before = to_request(load_text("a", spec.read_text("utf-8")).docs[0].data, "v1", "v2")
    code, out, _ = run(capsys, "migrate", str(spec))
    assert code == 0 and out.startswith("migrated ")
    written = clean(spec.read_text("utf-8"))
    loaded = load_text("b", written)
    assert loaded.findings == ()  # a raw U+202E would be an AML006 error and a different value
    assert to_request(loaded.docs[0].data, "v2") == before


def test_init_to_a_hostile_file_name(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "new\x1b]0;title\x07\nspec.yaml"
    code, _, _ = run(capsys, "init", "-o", name)
    assert code == 0 and (tmp_path / name).is_file()
    code, _, err = run(capsys, "init", "-o", name)  # exists: refused, the name escaped in the message
    assert code != 0 and "\\x1b]0;title\\x07\\n" in err


def test_a_hostile_job_from_aws_is_escaped_by_import_status_and_plan(aws_env, tmp_path, capsys, monkeypatch):
    """moto, like a compromised or careless account, returns whatever was stored: a tag value and a
    target column that hold escape sequences and a bidi override."""
    monkeypatch.chdir(tmp_path)
    client = aws_env.client("sagemaker")
    evil = "x\x1b]52;c;aGk=\x07\u202e\x85"
    client.create_auto_ml_job_v2(
        AutoMLJobName="churn-evil",
        AutoMLJobInputDataConfig=[
            {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://acme-ml-data/churn/train/"}}}
        ],
        OutputDataConfig={"S3OutputPath": "s3://acme-ml-artifacts/churn/"},
        AutoMLProblemTypeConfig={
            "TabularJobConfig": {
                "TargetAttributeName": f"churned{evil}",
                "ProblemType": "BinaryClassification",
                "CompletionCriteria": {"MaxCandidates": 5},
            }
        },
        RoleArn="arn:aws:iam::123456789012:role/AutopilotExecutionRole",
        Tags=[{"Key": "team", "Value": evil}],
    )
    code, _, err = run(capsys, "import", "churn-evil", "-o", "specs")
    assert code == 0, err
    written = clean((tmp_path / "specs" / "churn-evil.yaml").read_text("utf-8"))
    loaded = load_text("i", written)
    assert loaded.docs[0].data["Tags"] == [{"Key": "team", "Value": evil}]
    assert loaded.docs[0].data["AutoMLProblemTypeConfig"]["TabularJobConfig"]["TargetAttributeName"] == f"churned{evil}"
    for command in (["status", "specs"], ["status", "specs", "--format", "json"], ["plan", "specs", "--no-data"]):
        code, out, err = run(capsys, *command)
        assert code in (0, 1, 2), (command, out, err)
    code, out, err = run(capsys, "plan", "specs", "--no-data", "--format", "json")
    assert code == 0, err
    assert [action["action"] for action in json.loads(out)["actions"]] == ["noop"]  # it reads back as the job


def test_a_parser_warning_never_reaches_stderr(tmp_path: Path, capsys) -> None:
    # an anchor defined twice (YAML allows it) in a file only the pure-Python parser reads: ruamel warns
    # with source lines on stderr unless the loader silences it
    path = tmp_path / "anchors.yaml"
    path.write_text(V1 + "X: &n x\nY: &n y\nZ: {S3Uri: s3://b/k}\n", "utf-8")
    code, _, err = run(capsys, "lint", "--no-config", "--format", "concise", str(path))
    assert code == 1 and err == ""


@pytest.mark.parametrize("command", ["compile", "resolve"])
def test_compile_and_resolve_never_open_what_is_not_a_regular_file(tmp_path: Path, capsys, command: str) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # opening it would block until a writer comes: it must be refused before
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "folder.yaml").mkdir()
    expected = {
        "fifo.yaml": "a FIFO (named pipe), not a spec file",
        "zero.yaml": "a device, not a spec file",
        "loop.yaml": "Too many levels of symbolic links",
        "folder.yaml": "a folder, not a spec file",
        "missing.yaml": "no such file",
    }
    for name, message in expected.items():
        code, out, err = run(capsys, command, str(tmp_path / name))
        assert code == 2 and out == "" and message in err, (name, err)


def test_compile_reads_no_more_than_the_size_bound(tmp_path: Path, capsys) -> None:
    sparse = tmp_path / "huge.yaml"
    with open(sparse, "wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # 64 MiB of NUL bytes that take no disk space
    tracemalloc.start()
    try:
        code, _, err = run(capsys, "compile", str(sparse))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 1 and "AML007" in err and "larger than 1,048,576 bytes" in err
    assert peak < 32 * 1024 * 1024, f"compile allocated {peak:,} bytes for a file it reads 1 MiB of"


def test_apply_refuses_a_plan_file_that_is_not_a_regular_file_or_nests_too_deeply(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)  # reading it blocked apply forever
    code, _, err = run(capsys, "apply", "--plan", str(fifo), "--auto-approve")
    assert code == 2 and "a FIFO (named pipe), not a saved plan" in err
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000, "utf-8")  # json's decoder raised RecursionError: an internal error, exit 3
    code, _, err = run(capsys, "apply", "--plan", str(deep), "--auto-approve")
    assert code == 1 and "is not a saved plan (it nests too deeply)" in err


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_a_hostile_candidate_name_from_aws_makes_a_valid_plot(tmp_path: Path, suffix: str) -> None:
    # a lone surrogate could not be written as UTF-8 (UnicodeEncodeError) and a control character is
    # not allowed in XML, so the SVG was not valid and the PNG could not be drawn
    from xml.dom.minidom import parseString

    from automlspec.jobs.leaderboard import Candidate
    from automlspec.plot import render, svg

    candidates = [
        Candidate(
            name=f"c{i}\x1b]0;x\x07\ud800\u202e<script>",
            status="Completed",
            objective_status="Succeeded",
            metric="F1\x00",
            value=0.5 + i / 10,
            direction="Maximize",
            steps=(),
            algorithms=(),
            created=datetime(2024, 1, 1, 0, i, tzinfo=UTC),
            ended=None,
            failure_reason=None,
        )
        for i in range(3)
    ]
    parseString(svg("job\x1b", candidates).encode("utf-8"))  # valid XML, no <script> element
    assert "<script>" not in svg("job", candidates)
    if suffix == ".png":
        pytest.importorskip("resvg_py")
    assert render("job", candidates, tmp_path / f"plot{suffix}")
