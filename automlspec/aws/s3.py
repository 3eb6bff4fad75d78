"""S3Reader: the storage.ObjectReader of the data checks, on boto3 through ``aws.Account``.

Listing is paged (ListObjectsV2, nested keys included), headers and footers are ranged GETs, and
counting streams a ranged GET whose length is the byte budget left, closed as soon as the answer is
known. Every botocore error becomes a ``storage.ReadError``: those that stop every read (no
credentials, an expired session, an unreachable endpoint) are ``fatal``; the others (NoSuchBucket,
AccessDenied, throttling, timeouts) become findings on the channel that met them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..errors import AwsError
from ..storage import CHUNK, ObjectInfo, ReadError
from . import FATAL, Account, Late, late, translate, within

T = TypeVar("T")

# Errors after which no other read can succeed either: the run-stopping ones of every AWS call, but a
# timeout on one object leaves the others readable, and RequestExpired (clock skew) ends them all.
_FATAL = (FATAL - {"ReadTimeout"}) | {"RequestExpired"}
# Pages of one listing at most: the data checks stop at 100,000 objects (dataset.MAX_LISTED, 100 pages of
# 1,000); an endpoint that answers empty pages with new continuation tokens is stopped here.
MAX_LIST_PAGES = 1_000
# HEAD answers have no body, so S3 gives the HTTP status as the code.
_HEAD_CODES = {"404": "NotFound", "403": "AccessDenied", "400": "BadRequest"}


class S3Reader:
    name = "S3"
    checks_output_buckets = True

    def __init__(self, account: Account):
        self._account = account
        self._s3 = account.client("s3")

    def _error(self, exc: BaseException, operation: str, missing: str | None = None) -> ReadError:
        error = exc if isinstance(exc, AwsError) else translate(exc, operation, self._account.region)
        code = _HEAD_CODES.get(error.code or "", error.code or "Error")
        if code == "NotFound" and missing:
            code = missing
        return ReadError(str(error), code, fatal=code in _FATAL)

    def _within(self, operation: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``func`` within the deadline of one call (aws.CALL_DEADLINE): a request, a page, or one chunk of
        an answer's body (an answer dripped a byte at a time is given up, not waited for)."""
        try:
            return within(func, *args, **kwargs)
        except Late:
            raise self._error(late(operation, self._account.region), operation) from None

    def _call(self, operation: str, func: Callable[..., T], *args: Any, missing: str | None = None, **kwargs) -> T:
        from botocore import exceptions as bx

        try:
            return self._within(operation, func, *args, **kwargs)
        except (bx.BotoCoreError, bx.ClientError) as exc:
            raise self._error(exc, operation, missing) from None

    def list(self, bucket: str, prefix: str) -> Iterator[ObjectInfo]:
        from botocore import exceptions as bx

        pages = iter(self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix))
        try:
            for count in itertools.count(1):
                page = self._within("s3:ListObjectsV2", next, pages, None)
                if page is None:
                    return
                for item in page.get("Contents", ()):
                    yield ObjectInfo(bucket, item["Key"], int(item.get("Size", 0)))
                if count >= MAX_LIST_PAGES and page.get("IsTruncated"):
                    raise ReadError(
                        f"s3:ListObjectsV2: s3://{bucket}/{prefix} still had more after {MAX_LIST_PAGES:,} pages; the"
                        " listing was stopped there (empty pages without end: a fault of the endpoint?)",
                        "TooManyPages",
                    )
        except bx.PaginationError:
            raise ReadError(
                f"s3:ListObjectsV2: S3 sent the same continuation token twice for s3://{bucket}/{prefix}; the listing"
                " was stopped there",
                "PaginationError",
            ) from None
        except (bx.BotoCoreError, bx.ClientError) as exc:
            raise self._error(exc, "s3:ListObjectsV2", "NoSuchBucket") from None

    def head(self, bucket: str, key: str) -> ObjectInfo:
        answer = self._call("s3:HeadObject", self._s3.head_object, Bucket=bucket, Key=key, missing="NoSuchKey")
        return ObjectInfo(bucket, key, int(answer.get("ContentLength", 0)))

    def _get(self, bucket: str, key: str, first: int, last: int) -> Any:
        """GetObject of bytes ``first``-``last`` (inclusive); None when the range lies past the end (or
        the object is empty): S3's InvalidRange."""
        from botocore import exceptions as bx

        try:
            return self._within(
                "s3:GetObject", self._s3.get_object, Bucket=bucket, Key=key, Range=f"bytes={first}-{last}"
            )
        except bx.ClientError as exc:
            if (exc.response.get("Error") or {}).get("Code") == "InvalidRange":
                return None
            raise self._error(exc, "s3:GetObject", "NoSuchKey") from None
        except bx.BotoCoreError as exc:
            raise self._error(exc, "s3:GetObject") from None

    def read_range(self, bucket: str, key: str, start: int, end: int) -> bytes:
        if end <= start:
            return b""
        from botocore import exceptions as bx

        answer = self._get(bucket, key, start, end - 1)
        if answer is None:
            return b""
        # At most what was asked for: an endpoint that ignores the Range (or a proxy that drops it) may
        # answer with the whole object, 200 and a gigabyte; the rest is never read.
        body = answer["Body"]
        try:
            data = self._within("s3:GetObject", body.read, end - start)
        except (bx.BotoCoreError, OSError) as exc:
            body.close()
            raise self._error(exc, "s3:GetObject") from None
        # (Past the deadline the body is left open: the thread still reading it holds its lock, so closing
        # would wait for that read; the daemon thread ends with the connection or the process.)
        body.close()
        return data

    def stream(self, bucket: str, key: str, start: int, limit: int) -> Iterator[bytes]:
        if limit <= 0:
            return
        from botocore import exceptions as bx

        answer = self._get(bucket, key, start, start + limit - 1)
        if answer is None:
            return
        body = answer["Body"]
        left = limit  # never more than asked for, whatever the answer's length
        late = False
        try:
            while left > 0:
                try:
                    chunk = self._within("s3:GetObject", body.read, min(CHUNK, left))
                except ReadError:
                    late = True  # a thread still reads the body: closing it would wait for that read
                    raise
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk
        except (bx.BotoCoreError, OSError) as exc:
            raise ReadError(f"s3:GetObject: the read of s3://{bucket}/{key} broke off ({exc})", "ReadTimeout") from None
        finally:
            if not late:
                body.close()  # stopping early: drop the connection rather than read the rest

    def check_bucket(self, bucket: str) -> None:
        self._call("s3:HeadBucket", self._s3.head_bucket, Bucket=bucket, missing="NoSuchBucket")
