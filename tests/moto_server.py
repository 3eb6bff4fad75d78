"""A real ``moto_server`` process on 127.0.0.1 for the tests that talk to AWS.

Registered for every test module by tests/conftest.py.

- ``moto_server`` (session scope) starts ``python -m moto.server`` on a free loopback port, waits until it
  answers, and stops it at the end. Nothing else is ever contacted.
- ``aws_env`` (function scope) resets the server's state, and points boto3 at it through the standard
  environment (``AWS_ENDPOINT_URL``, fake keys, ``us-east-1``), with no profile or config file of the
  machine in play. It yields the server, whose ``client(service)`` gives a boto3 client for setting up
  fixtures (with retries off: moto answers 500 for what it does not implement, see reference D).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"


@dataclass
class MotoServer:
    url: str
    log: Path

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=10):
            pass

    def client(self, service: str, region: str = REGION):
        import boto3
        from botocore.config import Config

        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        # Not a speed assertion: the limit only turns a server that never starts into an error with its
        # log. Importing moto on a loaded 2-core runner can take tens of seconds.
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"moto_server did not start: {log.read_text(errors='replace')[-2000:]}"
                    ) from None
                time.sleep(0.1)
        yield MotoServer(url, log)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Variables of the machine that would steer boto3 elsewhere than the test server.
_AWS_VARIABLES = [name for name in os.environ if name.startswith("AWS_")]


@pytest.fixture
def aws_env(moto_server, monkeypatch, tmp_path):
    moto_server.reset()
    for name in _AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "aws-empty-config"
    empty.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return moto_server


# ----- a fault-injecting proxy: throttling, 5xx and chosen service errors ---------------------------------


def _wire(value):
    """A value of an answer as AWS's JSON protocol writes it: a timestamp as epoch seconds (the answers
    of tests/recorded.py hold datetimes, as botocore's Stubber takes them)."""
    import datetime

    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON")


class FaultProxy:
    """A tiny HTTP server on 127.0.0.1 that forwards every request to moto, except the ones a rule
    answers instead. A rule is ``(predicate(target, body) -> bool, status, error code, message, times)``;
    ``target`` is the ``X-Amz-Target`` or query ``Action`` (``CreateAutoMLJobV2``, ``GetCallerIdentity``), or for S3's REST requests the
    method and path (``GET /my-bucket/churn/train/part-0.csv``). ``seen`` counts requests per target as
    they reached the proxy (retries included)."""

    def __init__(self, upstream: str):
        import http.server

        self.upstream = upstream
        self.rules: list[list] = []
        self.seen: dict[str, int] = {}
        self.answered: dict[str, int] = {}  # requests the server answered (``seen`` counts them on arrival)
        self.answers = threading.Condition()  # notified whenever ``answered`` grows: see wait_answered
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                self.forward("POST")

            def do_GET(self):
                self.forward("GET")

            def do_HEAD(self):
                self.forward("HEAD")

            def do_PUT(self):
                self.forward("PUT")

            def forward(self, method: str):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                target = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2]
                if not target and body.startswith(b"Action="):  # the query protocol (STS)
                    target = urllib.parse.parse_qs(body.decode())["Action"][0]
                if not target:  # S3 (REST): the method and the path, without the query
                    target = f"{method} {self.path.split('?', 1)[0]}"
                proxy.seen[target] = proxy.seen.get(target, 0) + 1
                for rule in proxy.rules:
                    predicate, status, code, message, times = rule
                    if times and predicate(target, body):
                        rule[4] = times - 1
                        answer = message if code is None else {"__type": code, "message": message}
                        payload, kind = json.dumps(answer, default=_wire).encode(), "application/x-amz-json-1.1"
                        if target.startswith(("GET /", "HEAD /", "PUT /")):  # S3 answers errors in XML
                            payload = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
                            kind = "application/xml"
                        self.send_response(status)
                        self.send_header("Content-Type", kind)
                        self.send_header("Content-Length", str(len(payload)))
                        self.end_headers()
                        self.wfile.write(payload)
                        return
                request = urllib.request.Request(
                    proxy.upstream + self.path,
                    data=body if method in ("POST", "PUT") else None,
                    method=method,
                    headers={k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")},
                )
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        status, headers, data = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, data = error.code, error.headers, error.read()
                with proxy.answers:
                    proxy.answered[target] = proxy.answered.get(target, 0) + 1
                    proxy.answers.notify_all()
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                        self.send_header(key, value)
                length = headers.get("Content-Length") if method == "HEAD" else None
                self.send_header("Content-Length", length or str(len(data)))
                self.end_headers()
                if method != "HEAD":
                    self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # polled every 50 ms, not the default 500 ms: shutdown() waits for the next poll, once per test
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def wait_answered(self, target: str, count: int = 1, timeout: float = 300) -> None:
        """Block until the server has answered ``count`` requests for ``target``: an event, not a polling
        sleep. The timeout only turns a test that would hang into a failure."""
        with self.answers:
            if not self.answers.wait_for(lambda: self.answered.get(target, 0) >= count, timeout):
                raise AssertionError(f"the server answered {self.answered.get(target, 0)} of {count} {target}")

    def fail(self, operation: str | None, status: int, code: str, message: str, times: int = 1, contains: str = ""):
        """Answer the next ``times`` matching requests with an error instead of forwarding them."""

        def predicate(target: str, body: bytes) -> bool:
            return (operation is None or target == operation) and contains.encode() in body

        self.rules.append([predicate, status, code, message, times])

    def answer(self, operation: str, payload: dict, times: int = 1, after: str | None = None) -> None:
        """Answer the next ``times`` requests for ``operation`` with ``payload`` (HTTP 200) instead of
        forwarding them: an answer moto cannot give (a completed job with its best candidate). With
        ``after``, only once a request for that operation has arrived (``after="CreateAutoMLJobV2"``: the
        answers of a job apply created, not the Describe with which plan looks for it before)."""

        def predicate(target: str, body: bytes) -> bool:
            return target == operation and (after is None or self.seen.get(after, 0) > 0)

        self.rules.append([predicate, 200, None, payload, times])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fault_proxy(aws_env, monkeypatch):
    """``aws_env``, with boto3 pointed at a FaultProxy in front of moto."""
    proxy = FaultProxy(aws_env.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    try:
        yield proxy
    finally:
        proxy.close()
