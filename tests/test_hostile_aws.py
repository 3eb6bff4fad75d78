"""What an AWS or S3 endpoint can send back (issue 23), against a small hostile endpoint on 127.0.0.1
(tests/fake_aws.py) or the fault proxy in front of moto. Bounds are asserted as counts (bytes, pages,
requests), never as time.
"""

from __future__ import annotations

import json

import pytest
from fake_aws import Answer
from test_data_rules import BUCKET, channel, rows_csv, tabular

from automlspec.cli import main

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
