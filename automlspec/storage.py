"""Reading S3 objects for the data checks, through one small interface.

The data rules never talk to S3 themselves: they are handed an ``ObjectReader``. Two implement it:

- ``LocalReader(root)``, a directory mirror: ``s3://bucket/key`` is ``root/bucket/key`` (``--data-root``),
  so specs can be checked against local copies without AWS, and the rules' tests need no server;
- ``automlspec.aws.s3.S3Reader``, boto3 through ``automlspec.aws.Account`` (``lint --data``, ``plan``).

``Counting`` wraps either and counts requests and bytes per object, so that a run can say what it read
(and the benchmark can prove that each object is read once). Readers raise ``ReadError`` only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# Chunk size of streamed reads: small enough that stopping early wastes little, large enough that
# Python's per-chunk overhead stays negligible.
CHUNK = 64 * 1024


@dataclass(frozen=True, order=True)
class S3Url:
    bucket: str
    key: str

    @classmethod
    def parse(cls, text: object) -> S3Url | None:
        """``s3://bucket/key`` -> S3Url; None for anything else (AML525 reports malformed URIs)."""
        if not isinstance(text, str) or not text.startswith("s3://"):
            return None
        bucket, _, key = text[5:].partition("/")
        return cls(bucket, key) if bucket else None

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


@dataclass(frozen=True)
class ObjectInfo:
    bucket: str
    key: str
    size: int

    @property
    def url(self) -> S3Url:
        return S3Url(self.bucket, self.key)

    def __str__(self) -> str:
        return str(self.url)


class ReadError(Exception):
    """An object, prefix or bucket could not be read.

    ``code``: NoSuchBucket, NoSuchKey, AccessDenied, Throttling, ReadTimeout, ... (AWS's code when
    there is one). ``fatal``: nothing can be read at all (no credentials, no region, the endpoint
    unreachable); the run reports it once as an error line instead of a finding per channel.
    """

    def __init__(self, message: str, code: str = "Error", *, fatal: bool = False):
        super().__init__(message)
        self.code = code
        self.fatal = fatal


class ObjectReader(Protocol):
    """What the data rules need from S3. Every method raises ReadError, nothing else."""

    #: Said in messages: "S3" or "the local mirror DIR".
    name: str
    #: Whether a missing bucket of S3OutputPath means it does not exist (False for a local mirror,
    #: which need not hold the output buckets).
    checks_output_buckets: bool

    def list(self, bucket: str, prefix: str) -> Iterator[ObjectInfo]:
        """Every object whose key starts with ``prefix``, nested keys included, in key order (paged)."""
        ...

    def head(self, bucket: str, key: str) -> ObjectInfo:
        """One object's size; ReadError(code="NoSuchKey") when it does not exist."""
        ...

    def read_range(self, bucket: str, key: str, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end - 1`` (fewer at the end of the object; b"" past it)."""
        ...

    def stream(self, bucket: str, key: str, start: int, limit: int) -> Iterator[bytes]:
        """At most ``limit`` bytes from ``start`` in chunks; stopping the iteration ends the read."""
        ...

    def check_bucket(self, bucket: str) -> None:
        """Returns when the bucket exists and can be reached; ReadError otherwise."""
        ...


class LocalReader:
    """A directory that mirrors S3: ``s3://bucket/key`` is ``root/bucket/key``."""

    checks_output_buckets = False

    def __init__(self, root: Path | str, *, output_buckets: bool = False):
        self.root = Path(root).resolve()
        self.name = f"the local mirror {root}"
        # Tests and the rule docs mirror the output buckets too, so they can check them.
        self.checks_output_buckets = output_buckets

    def _bucket_dir(self, bucket: str) -> Path:
        try:  # a name the file system refuses (too long, a NUL) is a bucket the mirror does not hold
            path = (self.root / bucket).resolve()
            found = path.is_dir()
        except (OSError, ValueError):
            found = False
        if bucket in ("", ".", "..") or "/" in bucket or not found or path.parent != self.root:
            raise ReadError(f"bucket {bucket} is not in {self.name}", "NoSuchBucket")
        return path

    def _path(self, bucket: str, key: str) -> Path:
        base = self._bucket_dir(bucket)
        try:
            path = (base / key).resolve()
            # A key such as "../other/x" must not leave the mirror.
            found = path.is_relative_to(base) and path.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            raise ReadError(f"s3://{bucket}/{key} is not in {self.name}", "NoSuchKey")
        return path

    def list(self, bucket: str, prefix: str) -> Iterator[ObjectInfo]:
        base = self._bucket_dir(bucket)
        # Walk only the deepest directory the prefix names, then filter by the full prefix.
        folder = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        try:
            start = (base / folder).resolve() if folder else base
            if not start.is_relative_to(base) or not start.is_dir():
                return
        except (OSError, ValueError):
            return
        found = []
        for directory, dirnames, filenames in os.walk(start):
            dirnames.sort()
            for name in filenames:
                path = Path(directory) / name
                key = path.relative_to(base).as_posix()
                if key.startswith(prefix):
                    try:
                        found.append(ObjectInfo(bucket, key, path.stat().st_size))
                    except OSError:  # vanished while walking
                        continue
        # S3 lists keys in UTF-8 binary order.
        yield from sorted(found, key=lambda o: o.key.encode("utf-8"))

    def head(self, bucket: str, key: str) -> ObjectInfo:
        path = self._path(bucket, key)
        try:
            return ObjectInfo(bucket, key, path.stat().st_size)
        except OSError as exc:
            raise ReadError(f"s3://{bucket}/{key}: {exc.strerror or exc}", "NoSuchKey") from None

    def read_range(self, bucket: str, key: str, start: int, end: int) -> bytes:
        path = self._path(bucket, key)
        try:
            with path.open("rb") as handle:
                handle.seek(max(start, 0))
                return handle.read(max(end - start, 0))
        except OSError as exc:
            raise ReadError(f"s3://{bucket}/{key}: {exc.strerror or exc}", "AccessDenied") from None

    def stream(self, bucket: str, key: str, start: int, limit: int) -> Iterator[bytes]:
        path = self._path(bucket, key)
        try:
            with path.open("rb") as handle:
                handle.seek(max(start, 0))
                left = limit
                while left > 0:
                    chunk = handle.read(min(CHUNK, left))
                    if not chunk:
                        return
                    left -= len(chunk)
                    yield chunk
        except OSError as exc:
            raise ReadError(f"s3://{bucket}/{key}: {exc.strerror or exc}", "AccessDenied") from None

    def check_bucket(self, bucket: str) -> None:
        self._bucket_dir(bucket)


@dataclass
class ReadStats:
    """What a run asked of its reader: requests and bytes, per object and in total."""

    requests: int = 0
    bytes: int = 0
    lists: int = 0
    by_object: dict[str, int] = field(default_factory=dict)  # url -> GET requests (ranged or streamed)

    @property
    def objects_read(self) -> int:
        return len(self.by_object)

    @property
    def most_reads_of_one_object(self) -> int:
        return max(self.by_object.values(), default=0)


class Counting:
    """A reader that counts what it is asked for (``stats``) and passes everything on. Thread-safe:
    the data checks read several objects at once."""

    def __init__(self, inner: ObjectReader):
        self.inner = inner
        self.name = inner.name
        self.checks_output_buckets = inner.checks_output_buckets
        self.stats = ReadStats()
        self._lock = threading.Lock()

    def _count(self, *, requests: int = 1, lists: int = 0, get: str | None = None, data: int = 0) -> None:
        with self._lock:
            self.stats.requests += requests
            self.stats.lists += lists
            self.stats.bytes += data
            if get is not None:
                self.stats.by_object[get] = self.stats.by_object.get(get, 0) + 1

    def list(self, bucket: str, prefix: str) -> Iterator[ObjectInfo]:
        self._count(lists=1)
        return self.inner.list(bucket, prefix)

    def head(self, bucket: str, key: str) -> ObjectInfo:
        self._count()
        return self.inner.head(bucket, key)

    def read_range(self, bucket: str, key: str, start: int, end: int) -> bytes:
        self._count(get=f"s3://{bucket}/{key}")
        data = self.inner.read_range(bucket, key, start, end)
        self._count(requests=0, data=len(data))
        return data

    def stream(self, bucket: str, key: str, start: int, limit: int) -> Iterator[bytes]:
        self._count(get=f"s3://{bucket}/{key}")
        for chunk in self.inner.stream(bucket, key, start, limit):
            self._count(requests=0, data=len(chunk))
            yield chunk

    def check_bucket(self, bucket: str) -> None:
        self._count()
        self.inner.check_bucket(bucket)


class Unavailable:
    """A reader that cannot read anything (no credentials, no region): every call raises the one
    fatal error, so lint still reports every other finding and says this once."""

    checks_output_buckets = True

    def __init__(self, message: str, code: str = "Unavailable"):
        self.name = "S3"
        self._error = ReadError(message, code, fatal=True)

    def list(self, bucket: str, prefix: str) -> Iterator[ObjectInfo]:
        raise self._error

    def head(self, bucket: str, key: str) -> ObjectInfo:
        raise self._error

    def read_range(self, bucket: str, key: str, start: int, end: int) -> bytes:
        raise self._error

    def stream(self, bucket: str, key: str, start: int, limit: int) -> Iterator[bytes]:
        raise self._error

    def check_bucket(self, bucket: str) -> None:
        raise self._error
