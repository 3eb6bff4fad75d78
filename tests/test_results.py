"""`status` and `candidates`: the leaderboard's order, the formats, the plot, and the live calls
(moto for running and stopped jobs; botocore's Stubber for what moto cannot do, reference D)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
import recorded
from botocore.stub import Stubber

from automlspec import results
from automlspec.aws import Account
from automlspec.cli import main
from automlspec.jobs.leaderboard import leaderboard
from automlspec.jobs.status import NOT_CREATED, job_status

SVG = "{http://www.w3.org/2000/svg}"


# ----- the leaderboard (pure) ----------------------------------------------------------------------------


def test_higher_is_better_ranks_descending_then_unscored_by_time():
    raw = [
        recorded.candidate("churn", 1, 0.81, minutes=0),
        recorded.candidate("churn", 2, None, minutes=5, status="InProgress", objective_status="Pending"),
        recorded.candidate("churn", 3, 0.93, minutes=10),
        recorded.candidate("churn", 4, 0.87, minutes=20),
        recorded.candidate("churn", 5, 0.5, minutes=1, status="Failed", objective_status="Failed", failure="OOM"),
    ]
    board = leaderboard(raw)
    assert [(c.rank, c.value) for c in board] == [(1, 0.93), (2, 0.87), (3, 0.81), (None, 0.5), (None, None)]
    assert board[3].failure_reason == "OOM"


def test_lower_is_better_from_type_and_from_the_table_when_type_is_missing():
    minimize = [recorded.candidate("prices", n, v, metric="MSE", kind="Minimize") for n, v in ((1, 9.0), (2, 3.5))]
    assert [c.value for c in leaderboard(minimize)] == [3.5, 9.0]
    untyped = [
        recorded.candidate("fc", n, v, metric="AverageWeightedQuantileLoss", kind=None) for n, v in ((1, 0.3), (2, 0.1))
    ]
    assert [c.value for c in leaderboard(untyped)] == [0.1, 0.3]
    assert leaderboard(untyped)[0].direction == "Minimize"


def test_ties_keep_the_earlier_candidate_first_and_top_cuts():
    raw = [recorded.candidate("j", 2, 0.9, minutes=9), recorded.candidate("j", 1, 0.9, minutes=1)]
    board = leaderboard(raw, top=1)
    assert len(board) == 1 and board[0].name.startswith("jTA-001")


def test_algorithms_and_steps_and_training_time():
    (c,) = leaderboard([recorded.candidate("churn", 1, 0.9, took=754)])
    assert c.algorithms == ("sklearn-automl", "xgboost", "sklearn-automl")
    assert [s.label for s in c.steps] == ["processing", "training", "transform", "training"]
    assert c.training_seconds == 754


# ----- candidates against a stubbed SageMaker ------------------------------------------------------------


@pytest.fixture
def stubbed(monkeypatch):
    """An Account whose sagemaker client is a Stubber; results.Account returns it."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", recorded.REGION)
    account = Account()
    stubber = Stubber(account.client("sagemaker"))
    monkeypatch.setattr(results, "Account", lambda target=None: account)
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def _two_pages(stubbed, job="churn"):
    first = [recorded.candidate(job, n, 0.80 + n / 100, minutes=n * 7) for n in range(1, 4)]
    second = [recorded.candidate(job, n, 0.80 + n / 100, minutes=n * 7) for n in range(4, 6)]
    second[0] = recorded.candidate(job, 4, 0.99, minutes=28, algorithm=recorded.LINEAR)
    stubbed.add_response(
        "list_candidates_for_auto_ml_job",
        {"Candidates": first, "NextToken": "page-2"},
        {"AutoMLJobName": job, "MaxResults": 100},
    )
    stubbed.add_response(
        "list_candidates_for_auto_ml_job",
        {"Candidates": second},
        {"AutoMLJobName": job, "MaxResults": 100, "NextToken": "page-2"},
    )


def test_candidates_text_follows_every_page_and_ranks(stubbed, capsys):
    _two_pages(stubbed)
    assert main(["candidates", "churn"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "churn: 5 candidates; objective F1, higher is better"
    assert out[1].split() == ["rank", "candidate", "status", "objective", "algorithm", "steps", "training", "time"]
    first = out[2].split()
    assert first[:5] == ["1", "churnTA-004-" + first[1].rsplit("-", 1)[1], "Completed", "F1", "0.99"]
    assert "sklearn-automl > linear-learner > sklearn-automl" in out[2]
    assert out[2].endswith("10m 00s")
    assert [line.split()[0] for line in out[2:]] == ["1", "2", "3", "4", "5"]


def test_candidates_json_top(stubbed, capsys):
    _two_pages(stubbed)
    assert main(["candidates", "churn", "--top", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["job"] == "churn" and data["total"] == 5
    assert [c["rank"] for c in data["candidates"]] == [1, 2]
    best = data["candidates"][0]
    assert best["value"] == 0.99 and best["direction"] == "Maximize" and best["metric"] == "F1"
    assert best["training_seconds"] == 600.0
    assert best["steps"][0] == {
        "type": "AWS::SageMaker::ProcessingJob",
        "name": "churn-db-1-0661642ca7be48d280cb7fe6197",
    }
    assert best["created"] == "2026-11-02T09:28:00+00:00"


def test_candidates_csv(stubbed, capsys):
    _two_pages(stubbed)
    assert main(["candidates", "churn", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5
    assert rows[0]["value"] == "0.99" and rows[0]["rank"] == "1"
    assert rows[0]["steps"].count(" > ") == 3


def test_candidates_of_an_unknown_job_is_one_line(stubbed, capsys):
    stubbed.add_client_error(
        "list_candidates_for_auto_ml_job",
        service_error_code="ResourceNotFound",
        service_message="Could not find AutoML job with name nope.",
        http_status_code=400,
    )
    assert main(["candidates", "nope"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "automlspec: error: no AutoML job named 'nope' in us-east-1; `automlspec status` lists the jobs of your specs\n"
    )


# ----- the plot ------------------------------------------------------------------------------------------


def test_plot_svg_has_a_dot_per_scored_candidate_and_rings_the_best(stubbed, capsys, tmp_path):
    _two_pages(stubbed)
    target = tmp_path / "board.svg"
    assert main(["candidates", "churn", "--top", "1", "--plot", str(target)]) == 0
    root = ET.fromstring(target.read_bytes())
    dots = root.findall(f"{SVG}circle[@class='candidate']")
    assert len(dots) == 5  # --top limits the table, not the chart
    assert "churnTA-004" in root.find(f"{SVG}title").text or "F1" in root.find(f"{SVG}title").text
    best = root.find(f"{SVG}circle[@class='best']")
    best_dot = next(d for d in dots if "churnTA-004" in d.find(f"{SVG}title").text)
    assert (best.get("cx"), best.get("cy")) == (best_dot.get("cx"), best_dot.get("cy"))
    # Higher is better: the best dot is the highest on the page (smallest y).
    assert float(best.get("cy")) == min(float(d.get("cy")) for d in dots)
    assert "wrote" in capsys.readouterr().err


def test_plot_png(stubbed, tmp_path):
    _two_pages(stubbed)
    target = tmp_path / "board.png"
    assert main(["candidates", "churn", "--plot", str(target)]) == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_png_without_the_extra_names_the_install(stubbed, tmp_path, monkeypatch, capsys):
    import sys

    _two_pages(stubbed)
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # import fails as if not installed
    assert main(["candidates", "churn", "--plot", str(tmp_path / "b.png")]) == 2
    assert "pip install 'automlspec[plot]'" in capsys.readouterr().err
    assert not (tmp_path / "b.png").exists()


def test_plot_other_suffix_is_a_usage_error(stubbed, tmp_path, capsys):
    _two_pages(stubbed)
    assert main(["candidates", "churn", "--plot", str(tmp_path / "b.jpg")]) == 2
    assert "must end in .svg or .png" in capsys.readouterr().err


# ----- status --------------------------------------------------------------------------------------------


def _spec(path: Path, job: str, runtime: int | None = 7200) -> Path:
    criteria = f"\n      MaxAutoMLJobRuntimeInSeconds: {runtime}" if runtime else ""
    path.write_text(
        f"""AutoMLJobName: {job}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://acme-ml-data/{job}/train/
OutputDataConfig:
  S3OutputPath: s3://acme-ml-artifacts/{job}/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: churned
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: 5{criteria}
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
""",
        "utf-8",
    )
    return path


def _create(client, job: str, runtime: int | None = 7200) -> None:
    criteria = {"MaxCandidates": 5}
    if runtime:
        criteria["MaxAutoMLJobRuntimeInSeconds"] = runtime
    client.create_auto_ml_job_v2(
        AutoMLJobName=job,
        AutoMLJobInputDataConfig=[
            {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://acme-ml-data/{job}/train/"}}}
        ],
        OutputDataConfig={"S3OutputPath": f"s3://acme-ml-artifacts/{job}/"},
        AutoMLProblemTypeConfig={
            "TabularJobConfig": {
                "TargetAttributeName": "churned",
                "ProblemType": "BinaryClassification",
                "CompletionCriteria": criteria,
            }
        },
        AutoMLJobObjective={"MetricName": "F1"},
        RoleArn="arn:aws:iam::123456789012:role/AutopilotExecutionRole",
    )


def _status_rows() -> list:
    from automlspec.jobs.status import JobStatus

    return [
        JobStatus(
            "churn-binary-v1", "specs/churn-binary-v1.yaml", "InProgress", "TrainingModels", elapsed_seconds=3725,
            remaining_seconds=3475, best_candidate="churn-binary-v1-trial-7", objective_metric="F1",
            objective_value=0.91,
        ),
        JobStatus(
            "many-job-01", "specs/many-job-01.yaml", "Failed", "Failed", elapsed_seconds=180,
            failure_reason="ClientError: the object s3://bucket/a/long/path/data.csv could not be read by the job",
        ),
    ]  # fmt: skip


def _terminal_table(width: int, monkeypatch) -> list[str]:
    from automlspec.views.status import render_text

    monkeypatch.setenv("COLUMNS", str(width))  # rich's window width when the stream is not a real terminal
    out = io.StringIO()
    render_text(_status_rows(), out, rich=True)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 100])
def test_the_status_table_never_wraps_a_name_or_a_path(width, monkeypatch):
    """Issue 21: `specs/churn-bina` / `ry-v1.yaml` at 100 columns, `many-job-0` / `1` at 80. The names and
    paths keep their line; the results wrap, or go under the table when there is no room beside it."""
    lines = _terminal_table(width, monkeypatch)
    for row in _status_rows():
        assert any(row.file in line and row.job in line for line in lines), (row.job, lines)
    assert all(len(line.rstrip()) <= width for line in lines)
    assert {80: "secondary; result:", 100: "result:"}[width] in lines  # what left the table, under it
    text = " ".join(" ".join(lines).split())
    assert "best churn-binary-v1-trial-7 (F1 0.91)" in text
    assert "could not be read by the job" in text


def test_the_status_result_column_wraps_at_words_when_there_is_room_beside_the_names(monkeypatch):
    lines = _terminal_table(120, monkeypatch)
    assert [cell.strip() for cell in lines[1].split("┃")] == [
        "spec", "job", "status", "secondary", "elapsed", "remaining", "result",
    ]  # fmt: skip
    assert len(lines) > 6  # the results take more than one line each, in their own column
    assert not any(line.startswith("result:") for line in lines)
    assert all(len(line.rstrip()) <= 120 for line in lines)


def test_fit_narrows_only_the_columns_that_may_wrap_in_their_order():
    from automlspec.views.tables import fit

    columns, rows = ("name", "note", "more"), [("a-long-name", "x" * 30, "y" * 20)]
    assert fit(columns, rows, 100, {"note": 5, "more": 4}) == [11, 30, 20]
    assert fit(columns, rows, 50, {"note": 5, "more": 4}) == [11, 13, 20]
    assert fit(columns, rows, 30, {"note": 5, "more": 4}) == [11, 5, 8]
    assert fit(columns, rows, 10, {"note": 5, "more": 4}) == [11, 5, 4]  # a name never narrows


def test_status_of_running_stopped_and_missing_jobs_against_moto(aws_env, tmp_path, capsys):
    client = aws_env.client("sagemaker")
    _create(client, "churn-running")
    _create(client, "churn-stopped")
    client.stop_auto_ml_job(AutoMLJobName="churn-stopped")
    _spec(tmp_path / "a-running.yaml", "churn-running")
    _spec(tmp_path / "b-stopped.yaml", "churn-stopped")
    _spec(tmp_path / "c-missing.yaml", "churn-never-applied")
    assert main(["status", str(tmp_path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["job"] for r in rows] == ["churn-running", "churn-stopped", "churn-never-applied"]
    running, stopped, missing = rows
    assert set(running) == {
        "file", "job", "status", "secondary_status", "created", "ended", "elapsed_seconds",
        "max_runtime_seconds", "remaining_seconds", "failure_reason", "best_candidate", "error",
    }  # fmt: skip
    assert running["status"] == "InProgress" and running["max_runtime_seconds"] == 7200
    assert 0 <= running["elapsed_seconds"] < 7200  # running since its creation, within its runtime limit
    assert running["remaining_seconds"] == pytest.approx(7200 - running["elapsed_seconds"], abs=0.01)
    assert running["ended"] is None  # moto sets EndTime at creation; a running job has not ended
    assert stopped["status"] == "Stopped" and stopped["remaining_seconds"] is None
    assert missing["status"] == NOT_CREATED and missing["error"] is None
    assert running["file"].endswith("a-running.yaml")


def test_status_text_is_plain_columns_when_not_a_terminal(aws_env, tmp_path, capsys):
    _create(aws_env.client("sagemaker"), "churn-running")
    _spec(tmp_path / "s.yaml", "churn-running")
    assert main(["status", str(tmp_path / "s.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "automlspec status"
    assert out[1].split() == ["spec", "job", "status", "secondary", "elapsed", "remaining", "result"]
    assert out[2].split()[1:3] == ["churn-running", "InProgress"]
    assert out[-1] == "1 job: 1 InProgress"
    assert "\x1b" not in "".join(out)


def test_status_completed_and_failed_from_recorded_responses(stubbed, tmp_path, capsys):
    best = recorded.candidate("churn-done", 7, 0.9312)
    stubbed.add_response(
        "describe_auto_ml_job_v2",
        recorded.describe_v2("churn-done", "Completed", "Completed", best=best),
        {"AutoMLJobName": "churn-done"},
    )
    reason = (
        "ClientError: The target attribute 'churned' was not found in the header of s3://acme-ml-data/churn-bad/train/"
    )
    stubbed.add_response(
        "describe_auto_ml_job_v2",
        recorded.describe_v2("churn-bad", "Failed", "Failed", failure=reason, minutes=4),
        {"AutoMLJobName": "churn-bad"},
    )
    _spec(tmp_path / "a.yaml", "churn-done")
    _spec(tmp_path / "b.yaml", "churn-bad")
    assert main(["status", str(tmp_path), "--format", "json", "--parallel", "1"]) == 0
    done, bad = json.loads(capsys.readouterr().out)
    assert done["best_candidate"] == {"name": best["CandidateName"], "metric": "F1", "value": 0.9312}
    assert done["elapsed_seconds"] == 95 * 60 and done["remaining_seconds"] is None
    assert bad["failure_reason"] == reason and bad["elapsed_seconds"] == 240 and bad["best_candidate"] is None


def test_status_row_error_for_one_job_and_exit_1(stubbed, tmp_path, capsys):
    stubbed.add_client_error(
        "describe_auto_ml_job_v2",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: sagemaker:DescribeAutoMLJobV2",
        http_status_code=400,
    )
    _spec(tmp_path / "a.yaml", "churn-secret")
    assert main(["status", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "error: sagemaker:DescribeAutoMLJobV2: access denied: User is not authorized" in out


def test_status_without_credentials_is_one_line(aws_env, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    _spec(tmp_path / "a.yaml", "churn-a")
    _spec(tmp_path / "b.yaml", "churn-b")
    assert main(["status", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "no AWS credentials found" in captured.err
    assert captured.out == ""


def test_status_reports_unreadable_and_nameless_specs(aws_env, tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("AutoMLJobName: [unclosed\n", "utf-8")
    (tmp_path / "nameless.yaml").write_text("RoleArn: arn:aws:iam::123456789012:role/R\n", "utf-8")
    assert main(["status", str(tmp_path), str(tmp_path / "gone.yaml")]) == 2
    err = capsys.readouterr().err
    assert "gone.yaml: no such file or directory" in err
    assert "nameless.yaml: no AutoMLJobName" in err
    assert "broken.yaml: not a readable spec" in err


def test_remaining_time_uses_the_inferred_limit_when_the_job_set_none():
    describe = recorded.describe_v2("j", "InProgress", "ModelTuning", runtime=None)
    describe["ResolvedAttributes"]["CompletionCriteria"] = {"MaxAutoMLJobRuntimeInSeconds": 3600}
    row = job_status("j", describe, recorded.START + timedelta(minutes=20))
    assert (row.elapsed_seconds, row.max_runtime_seconds, row.remaining_seconds) == (1200, 3600, 2400)
    overdue = job_status("j", describe, recorded.START + timedelta(hours=3))
    assert overdue.remaining_seconds == 0


def test_text_from_aws_cannot_drive_the_terminal(stubbed, tmp_path, capsys):
    hostile = "ClientError: bad header \x1b[2J\x1b]52;c;ZXZpbA==\x07 row\u2028two"
    stubbed.add_response(
        "describe_auto_ml_job_v2",
        recorded.describe_v2("churn-bad", "Failed", "Failed", failure=hostile),
        {"AutoMLJobName": "churn-bad"},
    )
    _spec(tmp_path / "a.yaml", "churn-bad")
    assert main(["status", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u2028" not in out and "\x07" not in out
    assert "bad header \\x1b[2J" in out and "row\\u2028two" in out
