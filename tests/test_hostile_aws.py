"""What an AWS or S3 endpoint can send back (issue 23), against a small hostile endpoint on 127.0.0.1
(tests/fake_aws.py) or the fault proxy in front of moto. Bounds are asserted as counts (bytes, pages,
requests), never as time.
"""

from __future__ import annotations

import csv
import errno
import io
import itertools
import json
import math
import os
import xml.etree.ElementTree as ET

import pytest
import recorded
from fake_aws import Answer
from test_data_rules import BUCKET, channel, rows_csv, tabular

from automlspec import plot
from automlspec.cli import main

SVG = "{http://www.w3.org/2000/svg}"

MiB = 1024 * 1024


def listing(key: str, size: int) -> Answer:
    return Answer.xml(
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        f"<Name>{BUCKET}</Name><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
        f"<Contents><Key>{key}</Key><Size>{size}</Size></Contents></ListBucketResult>"
    )


def lint_data(tmp_path, capsys, text: str) -> tuple[int, list[dict], str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    code = main(["lint", "--data", "--format", "json", "--no-config", str(spec)])
    out = capsys.readouterr()
    return code, [f for f in json.loads(out.out) if f["rule"].startswith("AML8")], out.err


# ----- S3 answers larger than the range asked for (item 10) ---------------------------------------------


def _endless(piece: bytes, total: int):
    sent = 0
    while sent < total:
        yield piece
        sent += len(piece)


@pytest.mark.parametrize("rows_in_head", [True, False], ids=["ranged-read", "streamed-read"])
def test_an_answer_larger_than_the_range_is_read_only_as_far_as_asked(
    fake_aws, tmp_path, capsys, monkeypatch, rows_in_head
):
    """The endpoint ignores Range and sends a gigabyte with 200: the checks read what they asked for."""
    from automlspec import dataset

    long = "x" * (10 if rows_in_head else 300)
    body = rows_csv(600, ["customer_id", "tenure", "comment", "churned"]).replace(b",1.0,", f",{long},".encode())
    listed = 3 * dataset.HEAD_BYTES  # what the listing says: the stream after the head asks for the rest
    read = []
    real = dataset.DataContext.profile

    def spy(self, info, records, budget):
        profile, spent = real(self, info, records, budget)
        read.append(profile.bytes_read)
        return profile, spent

    def handler(request):
        if request.method == "GET" and "list-type" in request.query:
            return listing("train/part-0.csv", listed)
        if request.method == "GET":
            return Answer(200, _endless(body, 1024 * MiB), {"Content-Type": "text/csv"}, length=1024 * MiB)
        return None  # HeadBucket

    fake_aws.handler = handler
    monkeypatch.setattr(dataset.DataContext, "profile", spy)
    code, found, err = lint_data(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/train/")))
    assert code == 0 and err == "" and found == []
    assert max(read) <= listed  # never more than the object's listed size, whatever was sent
    assert max(read) == dataset.HEAD_BYTES if rows_in_head else max(read) > dataset.HEAD_BYTES


# ----- candidates and --plot (items 4 and 15) -------------------------------------------------------------


def _candidates_answer(values: list) -> Answer:
    """ListCandidatesForAutoMLJob's JSON, written by hand so that a value can be any JSON number."""
    rows = []
    for n, value in enumerate(values, start=1):
        raw = recorded.candidate("churn", n, 0.5, minutes=n)
        for key in ("CreationTime", "LastModifiedTime", "EndTime"):
            raw[key] = raw[key].timestamp()
        rows.append(json.dumps(raw).replace('"Value": 0.5', f'"Value": {value}'))
    return Answer(
        200, ('{"Candidates": [' + ", ".join(rows) + "]}").encode(), {"Content-Type": "application/x-amz-json-1.1"}
    )


def _serve_candidates(server, values: list) -> None:
    server.handler = lambda request: (
        _candidates_answer(values) if request.target == "ListCandidatesForAutoMLJob" else None
    )


@pytest.mark.parametrize(
    "values",
    [
        ["0.85", "0.8500000000000001"],  # one float step apart: the tick loop never reached the end
        ["1e308", "-1e308"],  # the span passes the largest float
        ["5e-324", "0"],  # subnormal: no power of ten below it
        ["1.7976931348623157e308", "1.7976931348623157e308"],  # equal: widening passes the largest float
    ],
    ids=["one-float-step", "plus-minus-1e308", "subnormal", "largest-equal"],
)
def test_extreme_values_plot_a_bounded_valid_chart(fake_aws, tmp_path, capsys, values):
    _serve_candidates(fake_aws, values)
    target = tmp_path / "board.svg"
    assert main(["candidates", "churn", "--plot", str(target)]) == 0
    root = ET.fromstring(target.read_bytes())
    dots = root.findall(f"{SVG}circle[@class='candidate']")
    assert len(dots) == 2 and all(math.isfinite(float(d.get("cy"))) for d in dots)
    assert len(root.findall(f"{SVG}line")) <= 2 * (plot.MAX_TICKS + 1) + 1  # grid lines: ticks are bounded


@pytest.mark.parametrize("ticks", [(0.85, 0.8500000000000001), (-1e308, 1e308), (0.0, 5e-324), (1e308, 1e308)])
def test_ticks_are_bounded_increasing_and_finite(ticks):
    out = plot.nice_ticks(*ticks)
    assert 1 <= len(out) <= plot.MAX_TICKS + 1 and all(map(math.isfinite, out))
    assert all(b > a for a, b in itertools.pairwise(out))


def test_a_400_digit_value_is_no_value_not_a_crash(fake_aws, capsys):
    _serve_candidates(fake_aws, ["9" * 400, "0.9"])
    assert main(["candidates", "churn", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["value"] for row in rows] == ["0.9", ""]


def test_a_plot_on_a_full_disk_leaves_no_empty_file_and_exits_1(fake_aws, tmp_path, capsys, monkeypatch):
    _serve_candidates(fake_aws, ["0.8", "0.9"])
    target = tmp_path / "board.svg"
    target.write_text("<svg>the previous chart</svg>")
    real_write = os.write

    def full_disk(fd: int, data) -> int:
        if b"<svg" in bytes(data[:200]):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    assert main(["candidates", "churn", "--plot", str(target)]) == 1
    assert "--plot " + str(target) + ": not written: no space left on the device" in capsys.readouterr().err
    assert target.read_text() == "<svg>the previous chart</svg>"
    assert [p.name for p in tmp_path.iterdir() if ".automlspec-" in p.name] == []  # no temporary file left


# ----- listings that never end (item 5) -------------------------------------------------------------------


def _endless_pages(repeat: bool):
    """A listing answered page after page: the same NextToken each time, or a new one each time."""
    count = {"n": 0}

    def handler(request):
        count["n"] += 1
        token = "same" if repeat else f"token-{count['n']}"
        if request.target == "ListCandidatesForAutoMLJob":
            return Answer.json({"Candidates": [], "NextToken": token})
        if request.target == "ListAutoMLJobs":
            return Answer.json({"AutoMLJobSummaries": [], "NextToken": token})
        return None

    return handler


@pytest.mark.parametrize("repeat", [True, False], ids=["same-token", "new-tokens"])
def test_a_candidates_listing_that_never_ends_is_stopped_and_said(fake_aws, capsys, repeat, monkeypatch):
    from automlspec.aws import sagemaker

    monkeypatch.setattr(sagemaker, "MAX_CANDIDATE_PAGES", 30)
    fake_aws.handler = _endless_pages(repeat)
    assert main(["candidates", "churn"]) == 1
    err = capsys.readouterr().err
    if repeat:
        assert err == (
            "automlspec: error: sagemaker:ListCandidatesForAutoMLJob: AWS sent the same NextToken twice; the listing"
            " was stopped there (a fault of the endpoint: retry later)\n"
        )
        assert len(fake_aws.requests) == 2
    else:
        assert err == (
            "automlspec: error: sagemaker:ListCandidatesForAutoMLJob: AWS still sent a NextToken after 30 pages; the"
            " listing was stopped there (more than any account holds: a fault of the endpoint?)\n"
        )
        assert len(fake_aws.requests) == 31


def test_a_job_listing_that_never_ends_stops_plan_import_and_status(fake_aws, tmp_path, capsys, monkeypatch):
    from automlspec.aws import sagemaker

    monkeypatch.setattr(sagemaker, "MAX_LIST_PAGES", 25)
    handler = _endless_pages(False)
    fake_aws.handler = lambda r: (
        Answer.json({"Account": "123456789012", "Arn": "a", "UserId": "u"})
        if r.target == "GetCallerIdentity"
        else handler(r)
    )
    assert main(["import", "--all", "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "sagemaker:ListAutoMLJobs: AWS still sent a NextToken after 25 pages" in err
    assert sum(r.target == "ListAutoMLJobs" for r in fake_aws.requests) == 26


def test_an_s3_listing_of_empty_pages_without_end_is_a_finding(fake_aws, tmp_path, capsys, monkeypatch):
    from automlspec.aws import s3

    monkeypatch.setattr(s3, "MAX_LIST_PAGES", 20)
    pages = {"n": 0}

    def handler(request):
        if request.method == "GET" and "list-type" in request.query:
            pages["n"] += 1
            return Answer.xml(
                '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                f"<Name>{BUCKET}</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>"
                f"<NextContinuationToken>t{pages['n']}</NextContinuationToken></ListBucketResult>"
            )
        return None

    fake_aws.handler = handler
    code, found, err = lint_data(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/train/")))
    assert code == 1 and err == "" and pages["n"] == 20
    assert [f["rule"] for f in found] == ["AML800"]
    assert "still had more after 20 pages; the listing was stopped there" in found[0]["message"]


# ----- one deadline for the whole of a call (item 11) ------------------------------------------------------


def _drip(server):
    """An answer that never completes: a byte now and then, for as long as the test runs."""
    while not server.stopping.is_set():
        yield b" "


@pytest.mark.parametrize("kind", ["drip", "silence"])
def test_every_call_has_a_total_deadline_and_the_message_states_it(fake_aws, capsys, monkeypatch, kind):
    """A byte every 0.2 s meets no socket timeout (botocore's are per read); silence met five of them and
    the backoff between (310 s) while the message said 60 s. Now the whole call is given up at the
    deadline, and the message says the deadline that was applied."""
    from automlspec import aws

    monkeypatch.setattr(aws, "CALL_DEADLINE", 2)

    def handler(request):
        if kind == "drip":
            return Answer(200, _drip(fake_aws), {"Content-Type": "application/x-amz-json-1.1"}, drip=0.2, length=10**6)
        fake_aws.stopping.wait(30)  # say nothing (until the test ends)
        return Answer.json({})

    fake_aws.handler = handler
    assert main(["candidates", "churn"]) == 1
    assert capsys.readouterr().err == (
        "automlspec: error: sagemaker:ListCandidatesForAutoMLJob: AWS did not answer in us-east-1 within 2 s (the"
        " deadline of one call, its retries included)\n"
    )
    assert len(fake_aws.requests) == 1  # given up, not retried


def test_a_dripped_s3_object_is_given_up_at_the_deadline_and_is_a_finding(fake_aws, tmp_path, capsys, monkeypatch):
    from automlspec import aws

    monkeypatch.setattr(aws, "CALL_DEADLINE", 2)

    def handler(request):
        if request.method == "GET" and "list-type" in request.query:
            return listing("train/part-0.csv", 10**6)
        if request.method == "GET":
            return Answer(206, _drip(fake_aws), {"Content-Type": "text/csv"}, drip=0.2, length=65536)
        return None

    fake_aws.handler = handler
    code, found, err = lint_data(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/train/")))
    assert code == 1 and err == ""
    assert [f["rule"] for f in found] == ["AML800"]
    assert "s3:GetObject: AWS did not answer in us-east-1 within 2 s" in found[0]["message"]


# ----- answers that do not have the API's shape (item 12) -------------------------------------------------


@pytest.fixture
def planned(fault_proxy, tmp_path, monkeypatch):
    """A repository whose spec names a job that exists (created in moto), planned through the fault proxy."""
    from test_plan_apply import spec, training_csv

    s3 = fault_proxy_client(fault_proxy, "s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "churn.yaml").write_text(spec("churn-xgb"))
    monkeypatch.chdir(root)
    assert main(["apply", "--auto-approve", "--color", "never"]) == 0
    return fault_proxy


def fault_proxy_client(proxy, service: str):
    import boto3
    from botocore.config import Config

    return boto3.client(service, endpoint_url=proxy.upstream, config=Config(retries={"total_max_attempts": 1}))


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        ({"garbage": True}, "AutoMLJobSummaries: missing required field"),
        ({"AutoMLJobSummaries": "x"}, "AttributeError: 'str' object has no attribute 'get'"),  # botocore's parser
        ({"AutoMLJobSummaries": [{"AutoMLJobName": 7}]}, "AutoMLJobSummaries[0].AutoMLJobArn: missing required field"),
    ],
    ids=["garbage", "wrong-type", "wrong-member"],
)
def test_a_malformed_listing_is_an_aws_error_never_a_job_to_create(planned, capsys, payload, why):
    capsys.readouterr()
    planned.answer("ListAutoMLJobs", payload)
    code = main(["plan", "--color", "never"])
    out, err = capsys.readouterr()
    assert code == 1 and "will be created" not in out
    assert err == (
        f"automlspec: error: sagemaker:ListAutoMLJobs: the answer does not match the AWS API's shape ({why});"
        " nothing was concluded from it\n"
    )


@pytest.mark.parametrize(
    ("operation", "body", "why"),
    [
        ("ListAutoMLJobs", b"[" * 50_000 + b"]" * 50_000, "RecursionError"),
        ("ListAutoMLJobs", b'{"AutoMLJobSummaries": [{"CreationTime": NaN}]}', "Invalid value NaN"),
        ("ListAutoMLJobs", b'{"AutoMLJobSummaries": [{"CreationTime": 1e300}]}', "ListAutoMLJobs: the answer does not"),
        ("GetCallerIdentity", b"this is not XML", "GetCallerIdentity"),
    ],
    ids=["deep-nesting", "nan-time", "huge-time", "sts-not-xml"],
)
def test_answers_botocore_cannot_parse_are_an_aws_error_line_not_exit_3(
    fake_aws, tmp_path, capsys, operation, body, why
):
    from test_plan_apply import spec

    def handler(request):
        if request.target == operation:
            return Answer(
                200,
                body,
                {"Content-Type": "text/xml" if operation == "GetCallerIdentity" else "application/x-amz-json-1.1"},
            )
        if request.target == "GetCallerIdentity":
            return Answer.xml(
                '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
                "<Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDX</UserId><Account>123456789012</Account>"
                "</GetCallerIdentityResult></GetCallerIdentityResponse>"
            )
        return None

    fake_aws.handler = handler
    (tmp_path / ".git").mkdir()
    (tmp_path / "churn.yaml").write_text(spec("churn-xgb"))
    code = main(["plan", "--no-data", "--color", "never", str(tmp_path / "churn.yaml")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("automlspec: error: ") and err.count("\n") == 1 and why in err


# ----- credential material never reaches a message (item 13) ----------------------------------------------

TOKEN = "IQoJb3JpZ2luX2VjEJr" + "x" * 300  # the shape of an STS session token


def test_an_endpoint_echoing_the_credentials_has_them_redacted(fake_aws, capsys, monkeypatch):
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    echoed = f"bad token {TOKEN} for AKIAFAKEKEYID0000000 and AKIAIOSFODNN7EXAMPLE signed fake/secret+key0000000000000000000000000"
    fake_aws.handler = lambda request: Answer.json({"__type": "InvalidClientTokenIdX", "message": echoed}, status=400)
    assert main(["candidates", "churn"]) == 1
    err = capsys.readouterr().err
    for secret in (TOKEN, "AKIAFAKEKEYID0000000", "AKIAIOSFODNN7EXAMPLE", "fake/secret+key0000000000000000000000000"):
        assert secret not in err
    assert err.count("[redacted]") == 4 and err.startswith("automlspec: error: sagemaker:ListCandidatesForAutoMLJob:")


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            "import sys; sys.stderr.write('denied for AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'); sys.exit(1)",
            "automlspec: error: credentials: the profile's credential_process failed; run it yourself to see why (its"
            " output is not shown here: it may hold secrets)\n",
        ),
        (
            "print('SecretAccessKey=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, not JSON')",
            "automlspec: error: credentials: the profile's credential_process did not print credentials as JSON; run"
            " it yourself to see what it prints (its output is not shown here: it may hold secrets)\n",
        ),
    ],
    ids=["fails", "not-json"],
)
def test_a_failing_credential_process_is_one_line_without_its_output(
    fake_aws, tmp_path, capsys, monkeypatch, script, expected
):
    import sys

    helper = tmp_path / "helper.py"
    helper.write_text(script)
    config = tmp_path / "aws-config"
    config.write_text(f"[profile ci]\ncredential_process = {sys.executable} {helper}\nregion = us-east-1\n")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert main(["candidates", "churn", "--profile", "ci"]) == 1
    assert capsys.readouterr().err == expected
    assert fake_aws.requests == []


# ----- import never writes outside -o (item 1) ------------------------------------------------------------


def _describe_as(name: str) -> Answer:
    answer = recorded.describe_v2("my-job", "Completed", "Completed")
    answer["AutoMLJobName"] = name
    for key in ("CreationTime", "LastModifiedTime", "EndTime"):
        answer[key] = answer[key].timestamp()
    return Answer.json(answer)


@pytest.mark.parametrize(
    "name", ["../.github/workflows/deploy", "/tmp/evil", "my-job/../../x", "..", "my-job\x1b[2J", "other-job"]
)
def test_import_refuses_a_job_name_from_aws_that_is_not_the_job_or_not_a_name(
    fake_aws, tmp_path, capsys, monkeypatch, name
):
    fake_aws.handler = lambda r: _describe_as(name) if r.target == "DescribeAutoMLJobV2" else Answer.json({"Tags": []})
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "deploy.yaml").write_text("on: push\n")
    before = sorted(p for p in tmp_path.rglob("*"))
    code = main(["import", "my-job", "--force", "-o", "specs"])
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing was written" in err and "\x1b" not in err
    assert sorted(p for p in tmp_path.rglob("*")) == before  # not even the -o folder was made
    assert (tmp_path / ".github" / "workflows" / "deploy.yaml").read_text() == "on: push\n"


# ----- AWS text is escaped in every output (item 3) --------------------------------------------------------

FORGED = "Completed\x1b[2J\n::error file=churn.yaml,line=1::forged by the endpoint [bold]markup[/bold]"


def test_a_job_status_from_aws_is_escaped_in_plan_text(planned, capsys):
    summary = fault_proxy_client(planned, "sagemaker").list_auto_ml_jobs()["AutoMLJobSummaries"][0]
    for key in ("CreationTime", "LastModifiedTime", "EndTime"):
        if key in summary:
            summary[key] = summary[key].timestamp()
    summary["AutoMLJobStatus"] = FORGED
    planned.answer("ListAutoMLJobs", {"AutoMLJobSummaries": [summary]})
    capsys.readouterr()
    main(["plan", "--no-data", "--color", "never", "-v"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and not any(line.startswith("::error") for line in out.splitlines())
    assert "Completed\\x1b[2J\\n::error file=churn.yaml" in out


def test_candidate_names_from_aws_are_escaped_in_csv(fake_aws, capsys):
    answer = _candidates_answer(["0.9"])
    fake_aws.handler = lambda r: Answer(
        200, answer.body.replace(b'"churnTA-001', b'"churnTA-001\\n::error ::forged'), answer.headers
    )
    assert main(["candidates", "churn", "-f", "csv"]) == 0
    out = capsys.readouterr().out
    assert not any(line.startswith("::error") for line in out.splitlines())
    assert "churnTA-001\\n::error ::forged" in out


# ----- Ctrl-C and SIGTERM during apply (item 7) ------------------------------------------------------------


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_create_may_have_happened_and_says_so(aws_env, tmp_path, capsys, monkeypatch, how):
    """Ctrl-C arriving while a create was in flight said 'not done (interrupted before it started)' and
    '0 created', but the job existed; SIGTERM (CI's cancel) printed no summary at all."""
    import signal

    from test_plan_apply import spec, training_csv

    from automlspec.aws.sagemaker import SageMaker

    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.yaml").write_text(spec("job-a"))
    (tmp_path / "b.yaml").write_text(spec("job-b"))
    monkeypatch.chdir(tmp_path)
    real = SageMaker.create

    def create_then_interrupted(self, request):
        real(self, request)  # the job is created; its answer never arrives
        if how == "ctrl-c":
            raise KeyboardInterrupt
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs in this (main) thread, between bytecodes
        for _ in range(10_000):
            pass
        raise AssertionError("SIGTERM was not turned into an interruption")

    monkeypatch.setattr(SageMaker, "create", create_then_interrupted)
    before = signal.getsignal(signal.SIGTERM)
    code = main(["apply", "--auto-approve", "--color", "never"])
    out = capsys.readouterr().out
    assert code == 1
    assert "create job-a: interrupted while in flight: it may have happened; run `automlspec plan` to see" in out
    assert "create job-b: not done (interrupted before it started)" in out
    assert out.rstrip().endswith(
        "Apply interrupted: 0 created, 0 tags updated, 0 stopped, 0 failed, 1 may have happened (run `automlspec"
        " plan`), 1 not done."
    )
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back
    names = [j["AutoMLJobName"] for j in aws_env.client("sagemaker").list_auto_ml_jobs()["AutoMLJobSummaries"]]
    assert names == ["job-a"]  # it did happen
