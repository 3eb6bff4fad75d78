"""The data checks against a real moto_server S3 on 127.0.0.1: `automlspec lint --data` end to end.

The objects are put with boto3, the CLI runs in-process with the standard AWS environment pointing at
the server (tests/moto_server.py), and the findings are read from its JSON output. AccessDenied comes
from the server itself: an IAM user with a narrow policy, and moto switched to enforcing IAM policies
(``POST /moto-api/reset-auth``). Throttling, which moto cannot produce, comes from botocore's Stubber on
the S3Reader's own client.
"""

from __future__ import annotations

import gzip
import json
import urllib.request

import pytest
from botocore.stub import Stubber
from test_data_rules import BUCKET, _parquet, channel, rows_csv, tabular

from automlspec.aws import Account
from automlspec.aws.s3 import S3Reader
from automlspec.cli import main
from automlspec.config import Config
from automlspec.dataset import DataContext
from automlspec.lint import lint_text


@pytest.fixture
def s3(aws_env):
    client = aws_env.client("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def lint_json(tmp_path, capsys, text: str, *extra: str) -> tuple[int, list[dict], str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    code = main(["lint", "--data", "--format", "json", "--no-config", *extra, str(spec)])
    out = capsys.readouterr()
    findings = [f for f in json.loads(out.out) if f["rule"].startswith("AML8")]
    return code, findings, out.err


def rules(findings: list[dict]) -> list[str]:
    return sorted(f["rule"] for f in findings)


def test_499_and_500_rows(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="few/part-0.csv", Body=rows_csv(499))
    s3.put_object(Bucket=BUCKET, Key="enough/part-0.csv", Body=rows_csv(500))
    code, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/few/")))
    assert code == 1 and rules(found) == ["AML809"] and "has 499 data rows" in found[0]["message"]
    code, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/enough/")))
    assert code == 0 and found == []


def test_quoted_newlines_are_one_record(s3, tmp_path, capsys):
    header = ["customer_id", "tenure", "note", "churned"]
    s3.put_object(Bucket=BUCKET, Key="q/part-0.csv", Body=rows_csv(499, header, newline_in_field=True))
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/q/")))
    assert rules(found) == ["AML809"] and "has 499 data rows" in found[0]["message"]


def test_near_miss_target_on_its_line_with_the_suggestion_in_json(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="train/part-0.csv", Body=rows_csv(600))
    text = tabular(channel(f"s3://{BUCKET}/train/"), target="churn")
    code, found, _ = lint_json(tmp_path, capsys, text)
    [finding] = found
    assert code == 1 and finding["rule"] == "AML806" and finding["name"] == "data-column-missing"
    assert finding["line"] == next(n for n, line in enumerate(text.splitlines(), 1) if "TargetAttributeName" in line)
    assert finding["suggestion"] == "churned"
    assert finding["path"] == "AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName"
    assert finding["message"] == (
        f"column 'churn' is not in the header of s3://{BUCKET}/train/part-0.csv; did you mean 'churned'?"
    )


def test_compression_both_ways(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="plain/t.csv", Body=rows_csv(600))
    s3.put_object(Bucket=BUCKET, Key="gz/t.csv.gz", Body=gzip.compress(rows_csv(600)))
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/plain/", compression="Gzip")))
    assert rules(found) == ["AML804"] and found[0]["suggestion"] == "None"
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/gz/")))
    assert rules(found) == ["AML804"] and found[0]["suggestion"] == "Gzip"
    code, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/gz/", compression="Gzip")))
    assert code == 0 and found == []


def test_validation_header_mismatch(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="train/t.csv", Body=rows_csv(600))
    s3.put_object(Bucket=BUCKET, Key="valid/v.csv", Body=rows_csv(50, ["customer_id", "tenure", "weight", "label"]))
    text = tabular(channel(f"s3://{BUCKET}/train/"), channel(f"s3://{BUCKET}/valid/", ctype="validation"))
    _, found, _ = lint_json(tmp_path, capsys, text)
    assert rules(found) == ["AML808"] and "it lacks 'churned' and it has 'label'" in found[0]["message"]


def test_empty_prefix_nested_keys_and_strays(s3, tmp_path, capsys):
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/nothing/")))
    assert rules(found) == ["AML801"] and "no object in S3 has a key starting with" in found[0]["message"]
    s3.put_object(Bucket=BUCKET, Key="nested/a/part-0.csv", Body=rows_csv(250))
    s3.put_object(Bucket=BUCKET, Key="nested/b/c/part-1.csv", Body=rows_csv(250))
    s3.put_object(Bucket=BUCKET, Key="nested/_SUCCESS", Body=b"")
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/nested/")))
    assert rules(found) == ["AML802"]  # 250 + 250 rows in nested keys: enough; the marker is warned


def test_manifest_file(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="parts/a.csv", Body=rows_csv(300))
    s3.put_object(Bucket=BUCKET, Key="parts/b.csv", Body=rows_csv(300))
    manifest = [{"prefix": f"s3://{BUCKET}/parts/"}, "a.csv", "b.csv"]
    s3.put_object(Bucket=BUCKET, Key="train.manifest", Body=json.dumps(manifest).encode())
    text = tabular(channel(f"s3://{BUCKET}/train.manifest", kind="ManifestFile"))
    code, found, _ = lint_json(tmp_path, capsys, text)
    assert code == 0 and found == []
    s3.put_object(Bucket=BUCKET, Key="train.manifest", Body=json.dumps([*manifest, "c.csv"]).encode())
    _, found, _ = lint_json(tmp_path, capsys, text)
    assert rules(found) == ["AML801"] and f"s3://{BUCKET}/parts/c.csv" in found[0]["message"]
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/gone.manifest", kind="ManifestFile")))
    assert rules(found) == ["AML801"] and "the manifest" in found[0]["message"]


def test_parquet_with_pyarrow(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="pq/part-0.parquet", Body=_parquet(300))
    text = tabular(channel(f"s3://{BUCKET}/pq/", content="x-application/vnd.amazon+parquet"), target="churn")
    _, found, _ = lint_json(tmp_path, capsys, text)
    assert rules(found) == ["AML806", "AML809"]


def test_parquet_without_pyarrow(s3, tmp_path, capsys, monkeypatch):
    import sys
    from pathlib import Path

    mirror = Path(__file__).parent / "data_root/acme-ml-data/churn/parquet/part-0000.parquet"
    s3.put_object(Bucket=BUCKET, Key="pq/part-0.parquet", Body=mirror.read_bytes())
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    text = tabular(channel(f"s3://{BUCKET}/pq/", content="x-application/vnd.amazon+parquet"), target="churn")
    code, found, _ = lint_json(tmp_path, capsys, text)
    assert code == 0 and rules(found) == ["AML812"] and "not checked" in found[0]["message"]


def test_output_bucket_must_exist(s3, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="train/t.csv", Body=rows_csv(600))
    text = tabular(channel(f"s3://{BUCKET}/train/"), output="s3://no-such-output-bucket/out/")
    _, found, _ = lint_json(tmp_path, capsys, text)
    assert rules(found) == ["AML811"] and "the bucket no-such-output-bucket" in found[0]["message"]


def test_missing_bucket_is_a_finding_and_other_findings_stay(s3, tmp_path, capsys):
    text = tabular(channel("s3://bucket-that-is-not-there/train/"), target="churned").replace(
        "MaxCandidates: 10", "MaxCandidates: 1000"
    )
    code, _, _ = lint_json(tmp_path, capsys, text)
    spec = tmp_path / "spec.yaml"
    main(["lint", "--data", "--format", "json", "--no-config", str(spec)])
    all_found = json.loads(capsys.readouterr().out)
    assert code == 1 and {"AML801", "AML107"} <= {f["rule"] for f in all_found}


def _reset_auth(url: str, count: str) -> None:
    """moto's own switch: IAM policies are enforced after ``count`` more requests ("inf": never)."""
    request = urllib.request.Request(
        f"{url}/moto-api/reset-auth", method="POST", data=count.encode(), headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture
def linter_user(s3, aws_env, monkeypatch):
    """Returns a function that gives the environment the keys of an IAM user with the given S3 actions
    on the bucket, then makes the server enforce IAM policies (restored to "never" afterwards)."""

    def make(actions: list[str]) -> None:
        iam = aws_env.client("iam")
        iam.create_user(UserName="linter")
        resources = [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]
        # A policy needs a statement: with no S3 action, allow something unrelated.
        statement = {"Effect": "Allow", "Action": actions or ["sqs:ListQueues"], "Resource": resources}
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        iam.put_user_policy(UserName="linter", PolicyName="data", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName="linter")["AccessKey"]
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
        _reset_auth(aws_env.url, "0")

    try:
        yield make
    finally:
        _reset_auth(aws_env.url, "inf")


def _all_findings(tmp_path, capsys, text: str) -> tuple[int, list[dict], str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    code = main(["lint", "--data", "--format", "json", "--no-config", str(spec)])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_access_denied_by_the_server_on_the_objects_is_a_finding_and_the_others_stay(s3, linter_user, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="train/part-0.csv", Body=rows_csv(600))
    # May list the prefix and see the output bucket, may not read the objects. AWS authorises both
    # ListObjectsV2 and HeadBucket with s3:ListBucket alone
    # (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html,
    # https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html). moto asks for actions of its own
    # that IAM does not have: "s3:HeadBucket" always, and since 5.2.6 "s3:ListObjectsV2" (it names the
    # operation instead of mapping it to s3:ListBucket). Granting them too keeps the test about the object
    # read on every moto release; none of them allows s3:GetObject.
    linter_user(["s3:ListBucket", "s3:HeadBucket", "s3:ListObjectsV2"])
    text = tabular(channel(f"s3://{BUCKET}/train/")).replace("MaxCandidates: 10", "MaxCandidates: 1000")
    code, found, err = _all_findings(tmp_path, capsys, text)
    data = [f for f in found if f["rule"].startswith("AML8")]
    assert code == 1 and err == ""
    assert [f["rule"] for f in data] == ["AML800"] and "AML107" in {f["rule"] for f in found}
    assert data[0]["message"].startswith(f"cannot read s3://{BUCKET}/train/part-0.csv from S3: s3:GetObject")
    assert "access denied" in data[0]["message"].lower()
    assert data[0]["line"] == text.splitlines().index(f"        S3Uri: s3://{BUCKET}/train/") + 1


def test_access_denied_by_the_server_on_the_listing_and_the_output_bucket(s3, linter_user, tmp_path, capsys):
    s3.put_object(Bucket=BUCKET, Key="train/part-0.csv", Body=rows_csv(600))
    linter_user([])  # a user with no S3 permission at all
    code, found, err = _all_findings(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/train/")))
    data = {f["rule"]: f["message"] for f in found if f["rule"].startswith("AML8")}
    assert code == 1 and err == "" and sorted(data) == ["AML800", "AML811"]
    assert data["AML800"].startswith(f"cannot read s3://{BUCKET}/train/ from S3: s3:ListObjectsV2")
    assert data["AML811"].startswith(f"cannot reach the bucket {BUCKET} of s3://{BUCKET}/out/")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("AccessDenied", "access denied"), ("SlowDown", "throttled by AWS")],
)
def test_access_errors_are_findings_on_the_channel(s3, code, expected):
    reader = S3Reader(Account())
    stub = Stubber(reader._s3)
    stub.add_client_error("list_objects_v2", code, "Access Denied" if code == "AccessDenied" else "Slow down", 403)
    stub.add_client_error("head_bucket", "403", "", 403)
    with stub:
        found = lint_text("spec.yaml", tabular(channel(f"s3://{BUCKET}/train/")), Config(), DataContext(reader))
    data = sorted((f.rule, f.message) for f in found if f.rule.startswith("AML8"))
    assert [rule for rule, _ in data] == ["AML800", "AML811"]
    assert expected in data[0][1] and f"cannot read s3://{BUCKET}/train/ from S3" in data[0][1]
    assert "cannot reach the bucket" in data[1][1]


def test_a_read_error_on_one_object_does_not_hide_the_others(s3):
    s3.put_object(Bucket=BUCKET, Key="train/part-0.csv", Body=rows_csv(600))
    reader = S3Reader(Account())
    real_get = reader._s3.get_object

    def denied(**kwargs):
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "GetObject")

    reader._s3.get_object = denied
    found = lint_text("spec.yaml", tabular(channel(f"s3://{BUCKET}/train/")), Config(), DataContext(reader))
    reader._s3.get_object = real_get
    assert [f.rule for f in found if f.rule.startswith("AML8")] == ["AML800"]


def test_no_credentials_is_one_error_line_after_the_findings(s3, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    text = tabular(channel(f"s3://{BUCKET}/train/")).replace("MaxCandidates: 10", "MaxCandidates: 1000")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    code = main(["lint", "--data", "--format", "concise", "--no-config", str(spec)])
    out = capsys.readouterr()
    assert code == 1
    assert "AML107" in out.out and "AML8" not in out.out  # the offline finding stays; no per-channel noise
    [line] = out.err.strip().splitlines()
    assert line.startswith("automlspec: error: data checks skipped: s3:") and "no AWS credentials found" in line


def test_no_credentials_is_said_in_the_summary_and_exit_zero_means_0(s3, tmp_path, capsys, monkeypatch):
    """Issue 21: `lint --data` without credentials said "All checks passed" and exited 1 even with
    --exit-zero; the reason was only on standard error."""
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    spec = tmp_path / "spec.yaml"
    spec.write_text(tabular(channel(f"s3://{BUCKET}/train/")))
    code = main(["lint", "--data", "--color", "never", "--no-config", str(spec)])
    out = capsys.readouterr()
    assert code == 1
    assert out.out == (
        "Offline checks passed: 1 spec in 1 file; the data checks could not run (the error line says why).\n"
    )
    assert "All checks passed" not in out.out and "data checks skipped" in out.err
    assert main(["lint", "--data", "--exit-zero", "--no-config", str(spec)]) == 0
    warned = tabular(channel(f"s3://{BUCKET}/train/")).replace("MaxCandidates: 10", "MaxCandidates: 1000")
    spec.write_text(warned)
    capsys.readouterr()
    assert main(["lint", "--data", "--color", "never", "--no-config", str(spec)]) == 1
    summary = "Found 1 error (1 spec in 1 file checked); the data checks could not run (the error line says why)."
    assert summary in capsys.readouterr().out.splitlines()  # the fix-count line follows it (issue 22)


def test_no_region_is_one_error_line(s3, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    spec = tmp_path / "spec.yaml"
    spec.write_text(tabular(channel(f"s3://{BUCKET}/train/")))
    code = main(["lint", "--data", "--format", "concise", "--no-config", str(spec)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "no AWS region" in err[0]


def test_streaming_stops_early_on_a_large_object(s3):
    big = rows_csv(100_000)  # about 2.5 MB
    s3.put_object(Bucket=BUCKET, Key="big/part-0.csv", Body=big)
    context = DataContext(S3Reader(Account()))
    found = lint_text("spec.yaml", tabular(channel(f"s3://{BUCKET}/big/")), Config(), context)
    assert [f.rule for f in found if f.rule.startswith("AML8")] == []
    assert context.stats.bytes <= 64 * 1024 and context.stats.by_object == {f"s3://{BUCKET}/big/part-0.csv": 1}


def test_the_value_and_length_checks_read_the_same_from_the_server(s3, tmp_path, capsys):
    from test_data_rules import _llm_csv, textgen

    rows = rows_csv(600).replace(b",1.0,", b",-1.0,", 1)  # the first data row's weight is negative
    s3.put_object(Bucket=BUCKET, Key="w/part-0.csv", Body=rows)
    _, found, _ = lint_json(tmp_path, capsys, tabular(channel(f"s3://{BUCKET}/w/"), weight="weight"))
    assert rules(found) == ["AML817"] and "data row 1 of" in found[0]["message"]
    s3.put_object(Bucket=BUCKET, Key="llm/train.csv", Body=_llm_csv(20, 10, long=13, long_words=1_100))
    _, found, _ = lint_json(tmp_path, capsys, textgen(channel(f"s3://{BUCKET}/llm/")))
    assert rules(found) == ["AML813", "AML814"]
    assert found[1]["message"].startswith("13 of the 20 text-generation rows (65%) have more than 1,024 words")


class _Body:
    """A GetObject body that holds the whole object whatever Range was asked for (an endpoint or a proxy
    that ignores Range): counts what the reader takes from it."""

    def __init__(self, data: bytes):
        self.data, self.taken, self.reads, self.closed = data, 0, [], False

    def read(self, amount: int | None = None) -> bytes:
        self.reads.append(amount)
        end = len(self.data) if amount is None else self.taken + amount
        chunk = self.data[self.taken : end]
        self.taken += len(chunk)
        return chunk

    def close(self) -> None:
        self.closed = True


def _ignoring_range(reader: S3Reader, data: bytes) -> list[_Body]:
    """Every GetObject of ``reader`` answers 200 with the whole of ``data`` (Range ignored)."""
    bodies: list[_Body] = []

    def get_object(**kwargs):
        bodies.append(_Body(data))
        return {"Body": bodies[-1], "ContentLength": len(data)}

    reader._s3.get_object = get_object  # the answer moto cannot give: Range ignored
    return bodies


def test_an_answer_larger_than_the_range_is_read_only_as_far_as_asked(aws_env):
    # issue 23, item 10: a gigabyte answered to a 64 KiB Range was read whole, its buffer copied on every
    # read (quadratic). At most what was asked for is read; the rest is never taken from the connection.
    reader = S3Reader(Account())
    data = b"x" * (8 * 1024 * 1024)
    bodies = _ignoring_range(reader, data)
    assert reader.read_range(BUCKET, "big", 100, 100 + 4096) == data[100 : 100 + 4096]
    assert bodies[0].taken == 4096 and bodies[0].reads == [4096] and bodies[0].closed
    chunks = list(reader.stream(BUCKET, "big", 0, 300_000))
    assert sum(len(c) for c in chunks) == 300_000 and bodies[1].taken == 300_000 and bodies[1].closed
    assert all(amount is not None for amount in bodies[1].reads)  # never "read the rest"
