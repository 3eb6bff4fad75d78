"""A small hostile AWS endpoint on 127.0.0.1 for the tests of what AWS and S3 can send back (issue 23).

moto answers the way AWS does; this answers the way a broken proxy, a compromised endpoint or a bug can:
bodies larger than the range asked for, answers dripped a byte at a time, silence, wrong shapes, echoed
credentials. Each test sets ``server.handler`` to a function of the request (``Request``) returning an
``Answer`` (or None for an empty 200); ``server.requests`` records what arrived. The ``fake_aws`` fixture
points boto3 at it through the standard environment, as ``aws_env`` does for moto.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest
from moto_server import _AWS_VARIABLES, REGION


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    target: str  # X-Amz-Target's operation, the query protocol's Action, or "" (S3's REST)

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


@dataclass
class Answer:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before each piece of ``body`` (an iterable), and whether to send a Content-Length
    # for it (None: the sum of the pieces, when the body is bytes).
    drip: float = 0.0
    length: int | None = None

    @classmethod
    def json(cls, payload: object, status: int = 200) -> Answer:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/x-amz-json-1.1"})

    @classmethod
    def xml(cls, text: str, status: int = 200) -> Answer:
        return cls(status, text.encode(), {"Content-Type": "text/xml"})


class FakeAws:
    def __init__(self) -> None:
        self.handler: Callable[[Request], Answer | None] = lambda request: None
        self.requests: list[Request] = []
        self.sent = 0  # body bytes written to clients
        self.stopping = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def handle_one(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                target = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2]
                if not target and body.startswith(b"Action="):
                    target = urllib.parse.parse_qs(body.decode())["Action"][0]
                request = Request(
                    method,
                    path,
                    dict(urllib.parse.parse_qsl(query, keep_blank_values=True)),
                    dict(self.headers),
                    body,
                    target,
                )
                server.requests.append(request)
                answer = server.handler(request) or Answer()
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                if isinstance(answer.body, bytes | bytearray):
                    pieces: Iterable[bytes] = [bytes(answer.body)]
                    length = len(answer.body) if answer.length is None else answer.length
                else:
                    pieces, length = answer.body, answer.length
                if length is not None:
                    self.send_header("Content-Length", str(length))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                if method == "HEAD":
                    return
                try:
                    for piece in pieces:
                        if server.stopping.is_set():
                            return
                        if answer.drip:
                            server.stopping.wait(answer.drip)
                        self.wfile.write(piece)
                        self.wfile.flush()
                        server.sent += len(piece)
                except OSError:  # the client gave up: what the tests want
                    self.close_connection = True
                if length is None:
                    self.close_connection = True

            def do_GET(self):
                self.handle_one("GET")

            def do_HEAD(self):
                self.handle_one("HEAD")

            def do_POST(self):
                self.handle_one("POST")

            def do_PUT(self):
                self.handle_one("PUT")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # polled every 50 ms, not the default 500 ms: shutdown() waits for the next poll, once per test
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_aws(monkeypatch, tmp_path):
    """boto3 pointed at a FakeAws through the standard environment (fake keys, us-east-1, no config)."""
    for name in _AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "aws-empty-config"
    empty.write_text("")
    server = FakeAws()
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFAKEKEYID0000000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake/secret+key0000000000000000000000000")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    try:
        yield server
    finally:
        server.close()
