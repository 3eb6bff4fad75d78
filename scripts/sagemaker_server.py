"""A fast local fake of SageMaker's JSON protocol (and STS's GetCallerIdentity), for `benchmark.py --plan-scale`.

moto answers the same calls but needs minutes to hold 20,000 AutoML jobs (each create builds a full job
model); this holds each job as the dict DescribeAutoMLJobV2 answers and its tags, and answers the calls
`plan` and `apply` make: ListAutoMLJobs (pages of MaxResults, NextToken), ListTags, DescribeAutoMLJobV2,
CreateAutoMLJobV2, AddTags and STS GetCallerIdentity, on 127.0.0.1 at a free port (AWS_ENDPOINT_URL); and the
Resource Groups Tagging API's GetResources (a target's ``tagging_api: true``) for AutoML jobs: pages of
ResourcesPerPage, the jobs that carry every TagFilters key, with their tags (the index is exact here, unless
``index`` makes it lag: ARN -> the tags it shows, None: not listed; ``index_denied`` answers AccessDenied).

``rate``: an injected limit of that many calls a second over every operation (a token bucket holding one
second of calls): a call over it is answered as AWS answers it, HTTP 400 ThrottlingException, which
botocore's adaptive retry mode and ``aws.Account.call`` wait out. Every call is counted by operation,
throttled answers apart. Not a test double: the tests use moto (tests/moto_server.py) and
tests/fake_sagemaker.py.

SageMaker's protocol: https://github.com/boto/botocore/blob/develop/botocore/data/sagemaker/2017-07-24/service-2.json
(``"protocol": "json"``, ``"jsonVersion": "1.1"``, ``"targetPrefix": "SageMaker"``); the tagging API's:
https://github.com/boto/botocore/blob/develop/botocore/data/resourcegroupstaggingapi/2017-01-26/service-2.json
(``"targetPrefix": "ResourceGroupsTaggingAPI_20170126"``, ``PaginationToken`` in and out).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from fake_endpoint import ACCOUNT, REGION, reply  # the fakes share the account, STS's answer and the reply
from fake_endpoint import IDENTITY as STS_ANSWER


class Account:
    """The jobs (in creation order) and their tags; the call counter and the rate limit."""

    def __init__(self, rate: float | None = None) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}  # lower-cased name -> Describe's answer
        self.order: list[str] = []
        self.tags: dict[str, list[dict[str, str]]] = {}  # ARN -> tags
        self.calls: Counter[str] = Counter()
        self.throttled = 0
        self.index: dict[str, list[dict[str, str]] | None] = {}  # ARN -> what GetResources shows instead
        self.index_denied = False
        self.rate = rate
        self._tokens = rate or 0.0
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def admit(self) -> bool:
        """Whether a call fits the rate limit now (and takes its token)."""
        with self._lock:
            if self.rate is None:
                return True
            now = time.monotonic()
            self._tokens = min(self.rate, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True
            self.throttled += 1
            return False

    def add(self, request: dict[str, Any], tags: list[dict[str, str]] | None = None, status: str = "Completed") -> str:
        name = request["AutoMLJobName"]
        arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:automl-job/{name.lower()}"
        now = time.time()
        job = {k: v for k, v in request.items() if k != "Tags"}
        job.update(
            AutoMLJobArn=arn,
            AutoMLJobStatus=status,
            AutoMLJobSecondaryStatus=status,
            CreationTime=now,
            LastModifiedTime=now,
        )
        with self._lock:
            self.jobs[name.lower()] = job
            self.order.append(name.lower())
            self.tags[arn] = list(tags if tags is not None else request.get("Tags", []))
        return arn

    # ----- the operations: (status, answer) -----

    def ListAutoMLJobs(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        start = int(body.get("NextToken") or 0)
        size = int(body.get("MaxResults") or 10)
        names = self.order[start : start + size]
        keys = ("AutoMLJobName", "AutoMLJobArn", "AutoMLJobStatus", "AutoMLJobSecondaryStatus")
        summaries = [
            {**{k: self.jobs[n][k] for k in keys}, "CreationTime": self.jobs[n]["CreationTime"]} for n in names
        ]
        for summary, name in zip(summaries, names):
            summary["LastModifiedTime"] = self.jobs[name]["LastModifiedTime"]
        answer: dict[str, Any] = {"AutoMLJobSummaries": summaries}
        if start + size < len(self.order):
            answer["NextToken"] = str(start + size)
        return 200, answer

    def GetResources(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.index_denied:
            return 400, {"__type": "AccessDeniedException", "message": "not authorized to perform: tag:GetResources"}
        types = body.get("ResourceTypeFilters") or []
        if types and not {"sagemaker", "sagemaker:automl-job"} & set(types):
            return 200, {"ResourceTagMappingList": [], "PaginationToken": ""}
        keys = [str(f.get("Key")) for f in body.get("TagFilters") or []]
        start = int(body.get("PaginationToken") or 0)
        size = int(body.get("ResourcesPerPage") or 50)
        listed = []
        for name in self.order:
            arn = self.jobs[name]["AutoMLJobArn"]
            tags = self.index[arn] if arn in self.index else self.tags.get(arn)
            if tags and all(any(t["Key"] == key for t in tags) for key in keys):
                listed.append({"ResourceARN": arn, "Tags": tags})
        page = listed[start : start + size]
        token = str(start + size) if start + size < len(listed) else ""  # AWS ends with an empty token
        return 200, {"ResourceTagMappingList": page, "PaginationToken": token}

    def ListTags(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        tags = self.tags.get(body.get("ResourceArn", ""))
        if tags is None:
            return 400, {"__type": "ValidationException", "message": "Resource not found"}
        return 200, {"Tags": tags}

    def DescribeAutoMLJobV2(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        job = self.jobs.get(str(body.get("AutoMLJobName", "")).lower())
        if job is None:
            return 400, {"__type": "ResourceNotFound", "message": f"Job {body.get('AutoMLJobName')} not found"}
        return 200, job

    def CreateAutoMLJobV2(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if str(body.get("AutoMLJobName", "")).lower() in self.jobs:
            return 400, {"__type": "ResourceInUse", "message": "Job name already exists"}
        return 200, {"AutoMLJobArn": self.add(body, status="InProgress")}

    def AddTags(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        arn = body.get("ResourceArn", "")
        with self._lock:
            kept = [t for t in self.tags.get(arn, []) if t["Key"] not in {n["Key"] for n in body.get("Tags", [])}]
            self.tags[arn] = kept + list(body.get("Tags", []))
        return 200, {"Tags": body.get("Tags", [])}


def serve(account: Account) -> tuple[ThreadingHTTPServer, str]:
    """The server on a free port of 127.0.0.1, answering on a thread: (the server, its URL)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: botocore reuses its pooled connections

        def log_message(self, *args: Any) -> None:  # no access log
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            target = self.headers.get("X-Amz-Target", "")
            if not account.admit():
                self._send(400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
                return
            if not target:  # STS (query protocol): the one call plan makes of it
                action = parse_qs(raw.decode()).get("Action", [""])[0]
                account.calls[f"sts:{action}"] += 1
                self._reply(200, STS_ANSWER.encode(), "text/xml")
                return
            prefix, _, operation = target.partition(".")
            service = "tag" if prefix.startswith("ResourceGroupsTaggingAPI") else "sagemaker"  # the IAM prefix
            account.calls[f"{service}:{operation}"] += 1
            handler = getattr(account, operation, None)
            if handler is None:
                self._send(400, {"__type": "UnknownOperationException", "message": operation})
                return
            self._send(*handler(json.loads(raw or b"{}")))

        def _send(self, status: int, answer: dict[str, Any]) -> None:
            self._reply(status, json.dumps(answer).encode(), "application/x-amz-json-1.1")

        def _reply(self, status: int, data: bytes, kind: str) -> None:
            reply(self, status, data, kind)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
