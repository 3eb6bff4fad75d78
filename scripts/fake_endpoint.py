"""A fast local fake of the few AWS calls plan and status make, for measuring them (docs/benchmarks.md).

moto answers ListAutoMLJobs and DescribeAutoMLJobV2 for an account of 2,000 jobs slowly enough that its
own time hides automlspec's; this answers from memory. It speaks the protocols botocore sends to one
``AWS_ENDPOINT_URL``: STS GetCallerIdentity (the query protocol, an XML answer) and SageMaker's JSON
protocol (``X-Amz-Target: SageMaker.<Operation>``): ListAutoMLJobs (pages of MaxResults, NextToken),
ListTags, DescribeAutoMLJobV2, and ListCandidatesForAutoMLJob (``candidates`` of them, for any job). Each
page is made as it is asked for, so a million jobs cost the fake no memory. Every answer has the shape of
botocore's service model (automlspec checks it). Anything else is a 400 ``UnknownOperationException``.

``silent()`` is the other endpoint measured: a port whose listen queue is full, so that a connection
attempt is never answered (a firewall that drops packets), without any other network address.

Usage: python scripts/fake_endpoint.py [--jobs 2000] [--candidates 0]
(serves on a free port of 127.0.0.1 until Ctrl-C; its first line of output names the URL)
"""

from __future__ import annotations

import argparse
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
CREATED = 1_790_000_000  # epoch seconds, as the JSON protocol sends timestamps


def job_name(number: int) -> str:
    return f"bench-{number:05d}"


def describe(name: str) -> dict[str, Any]:
    """A DescribeAutoMLJobV2 answer with every member the model requires."""
    return {
        "AutoMLJobName": name,
        "AutoMLJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:automl-job/{name}",
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://bench/{name}/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": f"s3://bench-out/{name}/"},
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotExecutionRole",
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "TargetAttributeName": "y",
                "ProblemType": "BinaryClassification",
                "CompletionCriteria": {"MaxCandidates": 10, "MaxAutoMLJobRuntimeInSeconds": 14400},
            }
        },
        "CreationTime": CREATED,
        "LastModifiedTime": CREATED,
        "AutoMLJobStatus": "InProgress",
        "AutoMLJobSecondaryStatus": "Starting",
    }


def summary(name: str) -> dict[str, Any]:
    return {
        "AutoMLJobName": name,
        "AutoMLJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:automl-job/{name}",
        "AutoMLJobStatus": "InProgress",
        "AutoMLJobSecondaryStatus": "Starting",
        "CreationTime": CREATED,
        "LastModifiedTime": CREATED,
    }


def candidate(number: int) -> dict[str, Any]:
    """A ListCandidatesForAutoMLJob member with every member the model requires, its F1 spread over [0, 1)."""
    name = f"bench-trial-{number:05d}"

    def step(kind: str, resource: str) -> dict[str, str]:
        return {
            "CandidateStepType": f"AWS::SageMaker::{kind}",
            "CandidateStepArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{resource}/{name}",
            "CandidateStepName": name,
        }

    return {
        "CandidateName": name,
        "ObjectiveStatus": "Succeeded",
        "CandidateStatus": "Completed",
        "FinalAutoMLJobObjectiveMetric": {
            "Type": "Maximize",
            "MetricName": "F1",
            "Value": number * 7919 % 10007 / 10007,
        },
        "CandidateSteps": [step("ProcessingJob", "processing-job"), step("TrainingJob", "training-job")],
        "CreationTime": CREATED + number,
        "EndTime": CREATED + number + 600,
        "LastModifiedTime": CREATED + number + 600,
    }


def _page(make: Any, total: int, body: dict[str, Any], key: str) -> dict[str, Any]:
    """Members ``NextToken``.. of ``total`` (at most MaxResults, 100), made as they are asked for."""
    start = int(body.get("NextToken") or 0)
    end = min(total, start + int(body.get("MaxResults") or 100))
    page: dict[str, Any] = {key: [make(n) for n in range(start, end)]}
    if end < total:
        page["NextToken"] = str(end)
    return page


IDENTITY = (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
    f"<Arn>arn:aws:iam::{ACCOUNT}:user/bench</Arn><UserId>AIDABENCH</UserId><Account>{ACCOUNT}</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>"
)


class Fake(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, jobs: int, candidates: int = 0):
        super().__init__(("127.0.0.1", 0), Handler)
        self.jobs, self.candidates = jobs, candidates
        self.calls: dict[str, int] = {}
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, operation: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.calls[operation] = self.calls.get(operation, 0) + 1
        if operation == "ListAutoMLJobs":
            return 200, _page(lambda n: summary(job_name(n)), self.jobs, body, "AutoMLJobSummaries")
        if operation == "ListCandidatesForAutoMLJob":
            return 200, _page(candidate, self.candidates, body, "Candidates")
        if operation == "ListTags":
            return 200, {"Tags": [{"Key": "team", "Value": "bench"}]}
        if operation == "DescribeAutoMLJobV2":
            name = str(body.get("AutoMLJobName"))
            if not self._knows(name):
                return 400, {"__type": "ResourceNotFound", "message": f"Job {name} not found"}
            return 200, describe(name)
        return 400, {"__type": "UnknownOperationException", "message": operation}

    def _knows(self, name: str) -> bool:
        number = name.removeprefix("bench-")
        return name == job_name(int(number)) and int(number) < self.jobs if number.isdigit() else False


def reply(handler: BaseHTTPRequestHandler, status: int, data: bytes, kind: str) -> None:
    """One answer as AWS sends it (keep-alive: its length, its type, a request id); the fakes' one reply."""
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(data)))
    handler.send_header("x-amzn-RequestId", "bench")
    handler.end_headers()
    handler.wfile.write(data)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as AWS: botocore's pool reuses connections
    server: Fake

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        target = self.headers.get("X-Amz-Target", "")
        if not target:  # STS, the query protocol
            self._send(200, IDENTITY.encode(), "text/xml")
            return
        status, answer = self.server.answer(target.rpartition(".")[2], json.loads(raw or b"{}"))
        self._send(status, json.dumps(answer).encode(), "application/x-amz-json-1.1")

    def _send(self, status: int, data: bytes, kind: str) -> None:
        reply(self, status, data, kind)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(jobs: int, candidates: int = 0) -> Fake:
    """The fake with ``jobs`` jobs (and ``candidates`` candidates for any job), serving on a thread;
    ``shutdown()`` stops it."""
    fake = Fake(jobs, candidates)
    threading.Thread(target=fake.serve_forever, name="fake-endpoint", daemon=True).start()
    return fake


def closed_port() -> str:
    """A URL where nothing listens (the port was free a moment ago): a refused connection."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def silent() -> tuple[str, list[socket.socket]]:
    """A URL whose connection attempts are never answered: a listening socket that never accepts, its
    queue filled first (Linux then drops the handshake, as a firewall would). Keep the sockets open
    while the URL is used."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    held = [server]
    address = server.getsockname()
    for _ in range(4):  # fill the accept queue; later attempts wait for ever
        client = socket.socket()
        client.setblocking(False)
        try:
            client.connect(address)
        except BlockingIOError:
            pass
        held.append(client)
    return f"http://127.0.0.1:{address[1]}", held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=0, help="ListCandidatesForAutoMLJob's, for any job.")
    args = parser.parse_args()
    fake = serve(args.jobs, args.candidates)
    print(f"AWS_ENDPOINT_URL={fake.url} ({args.jobs} jobs); Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.shutdown()


if __name__ == "__main__":
    main()
