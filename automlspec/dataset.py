"""What a channel's data holds, learnt through an ObjectReader with as few bytes as possible.

``DataContext`` is the one object a run's data rules share: it lists each S3 prefix once, reads each
object once (a cache per object: several specs often share one dataset) and keeps each channel within a
byte budget. A spec's channels are read together: their listings, then the first bytes of all their
objects, go through a bounded thread pool (``WORKERS`` requests at once), and a per-object lock makes
two threads that want one object wait for a single read. For an object it learns (``ObjectProfile``):

- whether the bytes are gzip (magic ``1f 8b``) or Parquet (``PAR1`` at both ends);
- for CSV, the header and the number of records, counted with ``csv.reader`` (a quoted newline is one
  record) on a stream that stops as soon as the rules have their answer: 501 records (a header and 500
  rows) prove the 500-row minimum, so a 1 GB file costs a few kilobytes;
- for Parquet, the column names and row count from the footer (one ranged read of the file's end),
  through pyarrow when it is installed (``automlspec[parquet]``); without it they are "not checked".

Nothing here imports boto3: the reader is injected (storage.LocalReader, aws.s3.S3Reader).
"""

from __future__ import annotations

import csv
import io
import json
import threading
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import parquet
from .storage import Counting, ObjectInfo, ObjectReader, ReadError, S3Url

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_T = TypeVar("_T")
_R = TypeVar("_R")
_K = TypeVar("_K")
_V = TypeVar("_V")

KiB, MiB = 1024, 1024 * 1024
# The first ranged read of an object: enough for the magic bytes, the header and usually 500 rows.
HEAD_BYTES = 64 * KiB
# Bytes read per channel at most (compressed bytes for gzip); a check that needs more says so.
CHANNEL_BUDGET = 16 * MiB
# Objects of a channel whose first bytes are read (header, magic); the rest are listed only.
MAX_OBJECTS = 100
# Objects listed per prefix at most.
MAX_LISTED = 100_000
# A manifest is read whole, so it is bounded.
MANIFEST_LIMIT = 8 * MiB
# Decompressed bytes per object at most (a gzip bomb stops here) and the longest CSV line.
MAX_INFLATED = 64 * MiB
MAX_LINE = 8 * MiB
# Work per object and per run: lines parsed (blank ones too: 65 KB of gzip inflates to 64 million blank
# lines, 20 s of csv parsing) and bytes inflated. 501 records rarely take more than a few thousand lines.
MAX_LINES = 1_000_000
RUN_LINES = 5_000_000
RUN_INFLATED = 1024 * MiB
# The tail read for a Parquet footer: the footer length and the FileMetaData usually fit. A footer's own
# bounds (bytes, row groups, column chunks, values) are automlspec.parquet's; a run walks at most
# RUN_FOOTER_VALUES footer values in all (about 4 s), so a prefix of 100 hostile footers costs no more.
TAIL_BYTES = 64 * KiB
RUN_FOOTER_VALUES = 5_000_000
# Text generation: a data record with more whitespace-separated words than this is kept in
# ``ObjectProfile.long_rows`` (the shortest base-model context length, facts.LLM_DEFAULT_CONTEXT_LENGTH).
LONG_ROW_WORDS = 1024

# Requests in flight at once: listings of a spec's channels and the first reads of their objects run in
# a thread pool this large (below botocore's default pool of 10 connections per client).
WORKERS = 8

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"

# Names under an S3Prefix that are not data: Spark/Hadoop job markers and checksums, editor and OS
# files, metadata. Autopilot "uses all objects that match the specified key name prefix" (S3DataType
# doc), so they would be read as training data.
STRAY_SUFFIXES = (".json", ".jsonl", ".crc", ".md", ".log", ".yaml", ".yml", ".manifest", ".metadata", ".py", ".sh")


def stray_reason(info: ObjectInfo) -> str | None:
    """Why an object under a prefix is probably not data, or None."""
    name = info.key.rsplit("/", 1)[-1]
    if info.key.endswith("/"):
        return "a folder marker"
    if name.startswith("_"):
        return "a job marker file" if info.size == 0 else "a file whose name starts with '_'"
    if name.startswith("."):
        return "a hidden file"
    lowered = name.lower()
    for suffix in STRAY_SUFFIXES:
        if lowered.endswith(suffix):
            return f"a {suffix} file"
    if info.size == 0:
        return "an empty object"
    return None


@dataclass
class ObjectProfile:
    """What one object's bytes are; filled by ``DataContext.profile``."""

    info: ObjectInfo
    gzip: bool = False
    parquet: bool = False
    header: tuple[str, ...] | None = None
    records: int = 0  # CSV records counted, the header included
    complete: bool = False  # counted to the end of the object
    enough: bool = False  # the records asked for are counted: parse what was read, fetch nothing more
    truncated: bool = False  # stopped by the byte budget before the end
    stopped: str | None = None  # stopped before the end by a bound of work (lines, inflated bytes): which
    problem: str | None = None  # the bytes are not what they claim (bad CSV, bad gzip, broken Parquet)
    problem_kind: str = ""  # "csv" | "gzip" | "parquet"
    read_error: ReadError | None = None
    parquet_columns: tuple[str, ...] | None = None
    parquet_rows: int | None = None
    parquet_unchecked: bool = False  # Parquet, but pyarrow is not installed
    parquet_over: str | None = None  # Parquet whose footer passes a bound: what it declares, unread
    bytes_read: int = 0
    # Word counts of the data records counted that have more than LONG_ROW_WORDS words (text generation:
    # words are a lower bound on a base model's tokens).
    long_rows: list[int] = field(default_factory=list)
    # Per CSV column index, the first data row (1-based) and value that is not a number (float() rejects
    # it; empty values are not counted), and the first negative number: sample weights and time-series
    # targets must be numbers, weights non-negative.
    not_numeric: dict[int, tuple[int, str]] = field(default_factory=dict)
    negative: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[str, ...] | None:
        return self.parquet_columns if self.parquet else self.header

    @property
    def data_rows(self) -> int:
        if self.parquet:
            return self.parquet_rows or 0
        return max(self.records - 1, 0)  # one header per file

    @property
    def counted(self) -> bool:
        """The row count is the object's whole count (not a lower bound)."""
        if self.parquet:
            return self.parquet_rows is not None
        return self.complete

    def covers(self, records: int) -> bool:
        """Whether this profile answers a request for ``records`` CSV records."""
        return (
            self.complete
            or self.parquet
            or self.problem is not None
            or self.read_error is not None
            or self.stopped is not None  # a bound of work: reading again would stop there again
            or self.records >= records
        )


@dataclass
class ChannelData:
    """The objects behind one channel's S3Uri (listed, or named by a manifest)."""

    url: S3Url
    kind: str  # the channel's S3DataType (model.enum("AutoMLS3DataType"))
    objects: list[ObjectInfo] = field(default_factory=list)  # the data objects, in key order
    strays: list[tuple[ObjectInfo, str]] = field(default_factory=list)
    listed_all: bool = True
    error: ReadError | None = None  # the prefix or manifest could not be read
    manifest_problem: str | None = None
    missing: list[str] = field(default_factory=list)  # objects a manifest names that do not exist
    unchecked_entries: int = 0  # manifest entries beyond MAX_OBJECTS, not looked up


@dataclass
class Sample:
    """A channel's objects read as far as the rules need."""

    data: ChannelData
    profiles: list[ObjectProfile]
    rows: int  # data rows counted (a lower bound unless ``rows_exact``)
    rows_exact: bool
    cut_short: str | None  # why reading stopped before the answer was known
    unexamined: int  # objects beyond MAX_OBJECTS whose bytes were not read

    @property
    def first(self) -> ObjectProfile | None:
        for profile in self.profiles:
            if profile.read_error is None and profile.problem is None and profile.columns is not None:
                return profile
        return None


@dataclass
class Document:
    """A small JSON object read whole (a feature specification): its value, or why there is none."""

    value: object = None
    error: ReadError | None = None
    problem: str | None = None  # too large, or not JSON


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return None
    return pq


def local_context(root: Path) -> DataContext:
    """The data context of ``--data-root``: a local mirror (``s3://bucket/key`` is ``root/bucket/key``)."""
    from .errors import UsageError
    from .storage import LocalReader

    if not root.is_dir():
        raise UsageError(f"--data-root {root}: no such directory")
    return DataContext(LocalReader(root))


class DataContext:
    """The data side of one run: a reader, its caches and what the run learnt about S3 access."""

    def __init__(
        self,
        reader: ObjectReader,
        *,
        budget: int = CHANNEL_BUDGET,
        parquet: bool | None = None,
        workers: int = WORKERS,
    ):
        self.reader = Counting(reader)
        self.budget = budget
        self.workers = max(workers, 1)
        self.parquet_support = (_pyarrow_parquet() is not None) if parquet is None else parquet
        self.parquet_note_given = False
        self.footer_values_left = RUN_FOOTER_VALUES  # automlspec.parquet's walk, over the whole run
        self.work = Work()  # lines parsed and bytes inflated, over the whole run
        self.fatal: ReadError | None = None  # nothing can be read (no credentials...): said once
        self._channels: dict[tuple[S3Url, str], ChannelData] = {}
        self._profiles: dict[ObjectInfo, ObjectProfile] = {}
        self._samples: dict[tuple[S3Url, str, int], Sample] = {}
        self._buckets: dict[str, ReadError | None] = {}
        self._documents: dict[S3Url, Document] = {}
        self._lock = threading.Lock()
        self._footers = threading.Lock()  # the footers' walk, one at a time, within the run's budget
        self._busy: dict[object, Future[None]] = {}  # what a thread is reading now (single flight)

    def _map(self, func: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
        """``func`` on every item, at most ``workers`` at once; results in order, exceptions propagate."""
        items = list(items)
        if len(items) <= 1 or self.workers == 1:
            return [func(item) for item in items]
        with ThreadPoolExecutor(min(self.workers, len(items)), thread_name_prefix="automlspec-data") as pool:
            return list(pool.map(func, items))

    def _claim(self, key: object, ready: Callable[[], bool]) -> Future[None] | None:
        """Single flight: None when ``ready()`` (under the lock) or after another thread's read of ``key``
        made it so; otherwise a future the caller owns and must finish with ``_release``."""
        while True:
            with self._lock:
                if ready():
                    return None
                pending = self._busy.get(key)
                if pending is None:
                    mine: Future[None] = Future()
                    self._busy[key] = mine
                    return mine
            pending.result()  # another thread is reading it; then look again

    def _release(self, key: object, mine: Future[None]) -> None:
        with self._lock:
            del self._busy[key]
        mine.set_result(None)

    def _once(
        self, kind: str, key: _K, cache: dict[_K, _V], build: Callable[[], _V], ready: Callable[[], bool] | None = None
    ) -> tuple[_V, bool]:
        """``cache[key]``, built by ``build`` in one thread at a time (the others wait for it and reuse
        it) unless ``ready()`` (default: the key is cached); and whether this call built it."""
        mine = self._claim((kind, key), ready or (lambda: key in cache))
        if mine is None:
            return cache[key], False
        try:
            value = build()
            with self._lock:
                cache[key] = value
        finally:
            self._release((kind, key), mine)
        return value, True

    def _small(self, url: S3Url, what: str) -> tuple[bytes | None, str | None]:
        """A small object read whole: (its bytes, None), or (None, why not) when it is over MANIFEST_LIMIT."""
        info = self.reader.head(url.bucket, url.key)
        if info.size > MANIFEST_LIMIT:
            return None, f"is {info.size:,} bytes; {what} over {MANIFEST_LIMIT // MiB} MiB are not read"
        return self.reader.read_range(url.bucket, url.key, 0, info.size), None

    @property
    def stats(self):
        return self.reader.stats

    def _note(self, error: ReadError) -> ReadError:
        with self._lock:
            if error.fatal and self.fatal is None:
                self.fatal = error
        return error

    # ----- buckets ---------------------------------------------------------------------------------

    def bucket_error(self, bucket: str) -> ReadError | None:
        """None when the bucket exists and is reachable, else why not (cached)."""
        if bucket not in self._buckets:
            try:
                self.reader.check_bucket(bucket)
                self._buckets[bucket] = None
            except ReadError as exc:
                self._buckets[bucket] = self._note(exc)
        return self._buckets[bucket]

    # ----- small JSON objects -----------------------------------------------------------------------

    def document(self, url: S3Url) -> Document:
        """A JSON object of at most MANIFEST_LIMIT bytes, read whole once per run (a feature specification)."""
        return self._once("document", url, self._documents, lambda: self._document(url))[0]

    def _document(self, url: S3Url) -> Document:
        document = Document()
        try:
            if self.fatal is not None:
                raise self.fatal
            raw, document.problem = self._small(url, "objects")
            if raw is not None:
                document.value = json.loads(raw.decode("utf-8-sig"))
        except ReadError as exc:
            document.error = self._note(exc)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: nesting too deep
            document.problem = f"is not JSON ({str(exc)[:200]})"
        return document

    # ----- channels --------------------------------------------------------------------------------

    def channel(self, url: S3Url, kind: str) -> ChannelData:
        return self._once("channel", (url, kind), self._channels, lambda: self._channel(url, kind))[0]

    def _channel(self, url: S3Url, kind: str) -> ChannelData:
        data = ChannelData(url, kind)
        if self.fatal is not None:
            data.error = self.fatal
            return data
        try:
            if kind == "S3Prefix":
                self._list(data)
            else:
                self._manifest(data)
        except ReadError as exc:
            data.error = self._note(exc)
        return data

    def _list(self, data: ChannelData) -> None:
        for count, info in enumerate(self.reader.list(data.url.bucket, data.url.key), start=1):
            if count > MAX_LISTED:
                data.listed_all = False
                break
            reason = stray_reason(info)
            if reason:
                data.strays.append((info, reason))
            else:
                data.objects.append(info)

    def _manifest(self, data: ChannelData) -> None:
        raw, data.manifest_problem = self._small(data.url, "manifests")
        if raw is None:
            return
        text = raw.decode("utf-8", errors="replace")
        targets = parse_manifest(text, data) if data.kind == "ManifestFile" else parse_augmented(text, data)
        if targets is None:
            return
        if len(targets) > MAX_OBJECTS:
            data.unchecked_entries = len(targets) - MAX_OBJECTS
            targets = targets[:MAX_OBJECTS]
        for target in targets:
            try:
                data.objects.append(self.reader.head(target.bucket, target.key))
            except ReadError as exc:
                if exc.code in ("NoSuchKey", "NotFound", "404"):
                    data.missing.append(str(target))
                elif exc.code == "NoSuchBucket":  # the entry's bucket, not the manifest's: said of the entry
                    data.missing.append(f"{target} (the bucket {target.bucket} does not exist)")
                else:
                    raise

    # ----- objects ---------------------------------------------------------------------------------

    def profile(self, info: ObjectInfo, records: int, budget: int) -> tuple[ObjectProfile, int]:
        """The object's profile with at least ``records`` CSV records counted (or to its end), and the
        bytes this call read (0 when the cache answered). Thread-safe: one read per object at a time."""

        def known() -> bool:
            cached = self._profiles.get(info)
            return cached is not None and (cached.covers(records) or budget <= cached.bytes_read)

        profile, built = self._once("object", info, self._profiles, lambda: self._profile(info, records, budget), known)
        return profile, profile.bytes_read if built else 0

    def _profile(self, info: ObjectInfo, records: int, budget: int) -> ObjectProfile:
        profile = ObjectProfile(info)
        if self.fatal is not None:
            profile.read_error = self.fatal
        elif info.size == 0:
            profile.complete = True
        else:
            try:
                self._read(profile, records, budget)
            except ReadError as exc:
                profile.read_error = self._note(exc)
        return profile

    def _chunks(self, profile: ObjectProfile, budget: int) -> Generator[bytes, None, None]:
        """The object's bytes: one ranged read of its head, then a stream of the rest, within budget."""
        info = profile.info
        first = min(HEAD_BYTES, budget, info.size)
        head = self.reader.read_range(info.bucket, info.key, 0, first)
        profile.bytes_read += len(head)
        yield head
        if len(head) < first or first >= info.size or profile.enough:
            return
        left = min(budget - first, info.size - first)
        if left > 0:
            for chunk in self.reader.stream(info.bucket, info.key, first, left):
                profile.bytes_read += len(chunk)
                yield chunk
                if profile.enough:  # the count is reached: the bytes read are parsed, no more are fetched
                    return
        if profile.bytes_read < info.size:
            profile.truncated = True

    def _read(self, profile: ObjectProfile, records: int, budget: int) -> None:
        chunks = self._chunks(profile, budget)
        try:
            head = next(chunks)
            if head[:2] == GZIP_MAGIC:
                profile.gzip = True
            elif head[:4] == PARQUET_MAGIC:
                profile.parquet = True
                self._parquet(profile)
                return
            stream: Iterator[bytes] = _prepend(head, chunks)
            if profile.gzip:
                stream = _gunzip(stream, profile, self.work)
                first = next(stream, b"")
                if first[:4] == PARQUET_MAGIC:
                    profile.parquet = True
                    profile.problem = "is Parquet inside gzip; Parquet files compress their own pages"
                    profile.problem_kind = "parquet"
                    return
                stream = _prepend(first, stream)
                head = first
            if _binary(head, profile):
                return
            _count_csv(stream, profile, records, self.work)
        finally:
            chunks.close()

    def _parquet(self, profile: ObjectProfile) -> None:
        info = profile.info
        profile.problem_kind = "parquet"  # read only when ``problem`` is set
        if info.size < 12:
            profile.problem = "starts with PAR1 but is too short to be a Parquet file"
            return
        start = max(info.size - TAIL_BYTES, 0)
        tail = self.reader.read_range(info.bucket, info.key, start, info.size)
        profile.bytes_read += len(tail)
        if tail[-4:] != PARQUET_MAGIC:
            profile.problem = "starts with PAR1 but does not end with it: not a complete Parquet file"
            return
        length = int.from_bytes(tail[-8:-4], "little")
        if length + 12 > info.size:
            profile.problem = f"has a Parquet footer length of {length:,} bytes, which does not fit the file"
            return
        if not self.parquet_support:
            profile.parquet_unchecked = True
            return
        if length > parquet.MAX_FOOTER_BYTES:  # not even read
            profile.parquet_over = f"a footer of {length:,} bytes (more than {parquet.MAX_FOOTER_BYTES // MiB} MiB)"
            return
        if length + 8 > len(tail):
            tail = self.reader.read_range(info.bucket, info.key, info.size - length - 8, info.size)
            profile.bytes_read += len(tail)
        footer = tail[-(length + 8) :]
        # pyarrow builds an object per footer value (a 3 MB footer of empty column chunks took 700 MB):
        # the footer is measured first, within the run's budget of walked values.
        # One footer is measured at a time: read, walk and charge the budget as one step, or threads that all
        # saw the same budget left would each walk up to it (the walk is pure Python: under the GIL, threads
        # would not overlap it anyway).
        with self._footers:
            budget = self.footer_values_left
            size = parquet.measure(footer[:-8], budget)
            self.footer_values_left = max(budget - size.values, 0)
        if size.broken:
            profile.problem = f"has a Parquet footer that is not Thrift metadata ({size.broken})"
            return
        if size.over:
            if size.values > budget:
                profile.parquet_over = f"more footer values than are left of the {RUN_FOOTER_VALUES:,} a run reads"
            else:
                profile.parquet_over = f"a footer with {size.over}"
            return
        pq = _pyarrow_parquet()
        try:
            # The footer alone, framed as a file: pyarrow reads the metadata without the pages.
            metadata = pq.ParquetFile(io.BytesIO(PARQUET_MAGIC + footer)).metadata
            profile.parquet_rows = int(metadata.num_rows)
            profile.parquet_columns = tuple(metadata.schema.to_arrow_schema().names)
        except Exception as exc:  # pyarrow raises its own error types for a corrupt footer
            profile.problem = f"has a Parquet footer pyarrow cannot read ({type(exc).__name__}: {exc})"

    # ----- channels read as far as needed ----------------------------------------------------------

    def sample(self, url: S3Url, kind: str, rows: int) -> Sample:
        """The channel's objects read until ``rows`` data rows are counted (0: headers only), each
        object's head read for its header and magic bytes, within the channel's byte budget."""
        return self.samples([(url, kind, rows)])[0]

    def samples(self, requests: list[tuple[S3Url, str, int]]) -> list[Sample]:
        """Several channels' samples, read together: the listings in parallel, then the first bytes of
        every object of every channel in parallel; only what those did not answer is read after, one
        object at a time in key order (rarely: an object whose first 64 KiB held too few rows)."""
        todo = [request for request in dict.fromkeys(requests) if request not in self._samples]
        self._map(lambda request: self.channel(request[0], request[1]), todo)
        plans = [(request, self._plan(self.channel(request[0], request[1]), request[2])) for request in todo]
        jobs = list(dict.fromkeys(job for _, plan in plans for job in plan))
        read = dict(zip(jobs, self._map(lambda job: self.profile(*job)[1], jobs), strict=True))
        for (url, kind, rows), plan in plans:
            self._samples[(url, kind, rows)] = self._finish(self.channel(url, kind), rows, plan, read)
        return [self._samples[request] for request in requests]

    def _plan(self, data: ChannelData, rows: int) -> list[_Job]:
        """The first read of each object, within the channel's budget: the first object (in key order)
        is read as far as the rows need, as a sequential count would; the others get their head."""
        plan: list[_Job] = []
        left = self.budget
        heads = [min(HEAD_BYTES, info.size) for info in data.objects[1:MAX_OBJECTS]]
        for index, info in enumerate(data.objects[:MAX_OBJECTS]):
            if left <= 0:
                break
            share = max(left - sum(heads), min(HEAD_BYTES, left)) if index == 0 else min(HEAD_BYTES, left)
            plan.append((info, rows + 1, share))
            left -= min(share, info.size)
        return plan

    def _finish(self, data: ChannelData, rows: int, plan: list[_Job], read: dict[_Job, int]) -> Sample:
        profiles = [self.profile(*job)[0] for job in plan]  # read by the pool: the cache answers
        counted = self._count_on(profiles, rows, sum(read[job] for job in plan))
        unexamined = len(data.objects) - len(profiles)
        cut_short = self._cut_short(data, profiles, counted, rows)
        exact = unexamined == 0 and data.listed_all and all(profile.counted for profile in profiles)
        return Sample(data, profiles, counted, exact, cut_short, unexamined)

    def _count_on(self, profiles: list[ObjectProfile], rows: int, spent: int) -> int:
        """The rows counted. Rarely, the first reads held too few rows: count on, one object at a time,
        with the budget left (``profiles`` is updated in place)."""
        counted = sum(profile.data_rows for profile in profiles)
        for index, profile in enumerate(profiles):
            if counted >= rows or spent >= self.budget:
                break
            if profile.counted or profile.parquet or profile.problem or profile.read_error or profile.stopped:
                continue
            before = profile.data_rows
            profile, more = self.profile(profile.info, rows - (counted - before) + 1, self.budget - spent)
            profiles[index] = profile
            spent += more
            counted += profile.data_rows - before
        return counted

    def _cut_short(self, data: ChannelData, profiles: list[ObjectProfile], counted: int, rows: int) -> str | None:
        """Why fewer than ``rows`` rows were counted, when a bound stopped the count, else None."""
        if counted >= rows:
            return None
        stopped = next((p.stopped for p in profiles if p.stopped and not p.counted), None)
        if stopped:
            return stopped
        # Objects within the first MAX_OBJECTS that the budget left unread, or a read the budget cut.
        out_of_budget = min(len(data.objects), MAX_OBJECTS) > len(profiles)
        if out_of_budget or any(p.truncated and not p.counted for p in profiles):
            return f"the channel's budget of {self.budget // MiB} MiB was read"
        return None


# A first read of an object: (object, CSV records wanted, bytes allowed).
_Job = tuple[ObjectInfo, int, int]


# ----- byte and text plumbing ------------------------------------------------------------------------


class Work:
    """What a run may still spend on parsing (lines) and decompressing (bytes), shared by its threads."""

    def __init__(self, lines: int | None = None, inflated: int | None = None):
        self.lines = RUN_LINES if lines is None else lines
        self.inflated = RUN_INFLATED if inflated is None else inflated
        self._lock = threading.Lock()

    def take(self, lines: int = 0, inflated: int = 0) -> bool:
        """Spend; False when the run has not that much left (what is left is then spent whole, so every
        later read stops too)."""
        with self._lock:
            enough = lines <= self.lines and inflated <= self.inflated
            self.lines = max(self.lines - lines, 0)
            self.inflated = max(self.inflated - inflated, 0)
            return enough


def _binary(head: bytes, profile: ObjectProfile) -> bool:
    """Binary data where CSV text is expected (Python's csv reader accepts NUL bytes since 3.11)."""
    if head[:4] == b"PK\x03\x04":
        profile.problem = "is a ZIP archive (an Excel .xlsx workbook?), not CSV text"
    elif b"\x00" in head[:HEAD_BYTES]:
        profile.problem = "holds NUL bytes in its first 64 KiB: binary data, not CSV text"
    else:
        return False
    profile.problem_kind = "csv"
    return True


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _gunzip(chunks: Iterator[bytes], profile: ObjectProfile, work: Work) -> Iterator[bytes]:
    """Decompress a gzip stream (several members included), at most MAX_INFLATED bytes (and what the
    run has left)."""
    inflater = zlib.decompressobj(31)
    total = 0
    for chunk in chunks:
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, 1 * MiB)
            except zlib.error as exc:
                profile.problem = f"starts like gzip but does not decompress ({exc})"
                profile.problem_kind = "gzip"
                return
            total += len(out)
            if total > MAX_INFLATED:
                profile.truncated = True
                profile.stopped = f"{MAX_INFLATED // MiB} MiB of one object were decompressed"
                return
            if not work.take(inflated=len(out)):
                profile.truncated = True
                profile.stopped = f"the run decompressed {RUN_INFLATED // MiB:,} MiB"
                return
            if out:
                yield out
            if inflater.eof:
                data = inflater.unused_data
                if data and not data.startswith(GZIP_MAGIC):
                    return  # padding after the last member
                inflater = zlib.decompressobj(31)
            else:
                data = inflater.unconsumed_tail


class _ChunkReader(io.RawIOBase):
    """A file-like view of an iterator of byte chunks, so io's text layer can decode and split lines."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._buffer = memoryview(b"")  # a view, so taking from a large chunk never copies its rest

    def readable(self) -> bool:
        return True

    def readinto(self, target: WriteableBuffer) -> int:
        while not self._buffer:
            try:
                self._buffer = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        view = memoryview(target).cast("B")
        size = min(len(view), len(self._buffer))
        view[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


class _LongLine(csv.Error):
    """A line longer than MAX_LINE: wrong whatever the rest of the object holds."""


class _Stopped(Exception):
    """A bound of work was reached (``ObjectProfile.stopped`` says which)."""


class _Ends:
    """Passes chunks on and remembers whether the last one was taken (the reader saw all that was fetched)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self.done = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks
        self.done = True


# Lines taken from the run's budget at a time (so threads rarely meet at its lock).
_LINE_BATCH = 10_000


def _lines(chunks: Iterator[bytes], profile: ObjectProfile, work: Work) -> Iterator[str]:
    # newline="" keeps line ends as they are (csv's own advice) and splits at \n, \r\n or \r only,
    # never at U+2028; utf-8-sig drops a byte-order mark. Whether Autopilot ignores a BOM is unverified.
    text = io.TextIOWrapper(io.BufferedReader(_ChunkReader(chunks), 64 * KiB), "utf-8-sig", "replace", newline="")
    count = 0
    while True:
        line = text.readline(MAX_LINE)
        if not line:
            return
        if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
            raise _LongLine(f"a line is longer than {MAX_LINE // MiB} MiB")
        if count % _LINE_BATCH == 0:
            if count >= MAX_LINES:
                profile.stopped = f"{MAX_LINES:,} lines of one object were parsed"
                raise _Stopped
            if not work.take(lines=_LINE_BATCH):
                profile.stopped = f"the run parsed {RUN_LINES:,} lines"
                raise _Stopped
        count += 1
        yield line


# pandas reads these as missing values, not as text (read_csv's default na_values): never "not a number".
# Source: https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html
MISSING = frozenset(
    [
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    ]
)


def _numbers(record: list[str], profile: ObjectProfile) -> None:
    """Note the first value of each column that is not a number, or is a negative one."""
    row = profile.records  # the data row this record is (the header was record 1)
    for column, value in enumerate(record):
        if column in profile.not_numeric or not value.strip() or value.strip() in MISSING:
            continue
        try:
            number = float(value)
        except ValueError:
            profile.not_numeric[column] = (row, value)
            continue
        if number < 0 and column not in profile.negative:
            profile.negative[column] = (row, value)


def _count_csv(chunks: Iterator[bytes], profile: ObjectProfile, records: int, work: Work) -> None:
    """Count CSV records (a quoted newline does not end one) until ``records``, the end, or a bound of
    work (then ``profile.stopped`` says which, and the count is a lower bound)."""
    fetched = _Ends(chunks)
    reader = csv.reader(_lines(iter(fetched), profile, work), strict=False)
    try:
        for record in reader:
            if not record:  # a blank line is not a row (pandas skips them too; inferred for Autopilot)
                continue
            if profile.header is None:
                profile.header = tuple(record)
            else:
                _numbers(record, profile)
                if sum(map(len, record)) > LONG_ROW_WORDS:  # shorter records cannot hold more words
                    _note_long_row(record, profile)
            profile.records += 1
            if profile.records >= records:
                # Enough for the rules; the rest of the bytes already fetched cost nothing to parse
                # (more rows counted, more values checked), and nothing more is fetched.
                profile.enough = True
    except _Stopped:
        profile.truncated = True
        return
    except csv.Error as exc:
        _csv_error(exc, profile, fetched)
        return
    if profile.truncated or profile.bytes_read < profile.info.size:
        _forget_last_record(profile)
    else:
        profile.complete = profile.problem is None


def _note_long_row(record: list[str], profile: ObjectProfile) -> None:
    # ASCII whitespace only: the tokenizers split there (a token never spans two such
    # words), but not necessarily at other Unicode spaces: a lower bound on tokens.
    words = sum(len(value.encode("utf-8", "replace").split()) for value in record)
    if words > LONG_ROW_WORDS:
        profile.long_rows.append(words)


def _csv_error(exc: csv.Error, profile: ObjectProfile, fetched: _Ends) -> None:
    """A CSV error is the object's problem, unless it may be the read's cut through a quoted field."""
    cut = profile.truncated or profile.bytes_read < profile.info.size
    # Only an error met at the end of what was fetched may be the read's cut through a quoted field
    # (csv's field limit is met wherever a field grows too long: an unterminated quote, mostly).
    if isinstance(exc, _LongLine) or not cut or not fetched.done:
        reason = str(exc)
        if "field limit" in reason:  # csv's own words: "field larger than field limit (131072)"
            reason = f"a field is longer than {csv.field_size_limit():,} characters: an unterminated quote?"
        profile.problem = f"is not valid CSV at record {profile.records + 1} ({reason})"
        profile.problem_kind = "csv"
    else:
        profile.truncated = True
        profile.stopped = (
            f"a quoted field runs past the {profile.bytes_read // MiB or 1} MiB read (an unterminated quote?)"
        )


def _forget_last_record(profile: ObjectProfile) -> None:
    """The read stopped before the end (the budget, or enough counted): the last record may be cut in
    two, so it is not counted and what it said is forgotten."""
    if profile.records > 1:
        profile.records -= 1
    for found in (profile.not_numeric, profile.negative):
        for column in [c for c, (row, _) in found.items() if row > profile.records - 1]:
            del found[column]


# ----- manifests ------------------------------------------------------------------------------------


def parse_manifest(text: str, data: ChannelData) -> list[S3Url] | None:
    """A ManifestFile: ``[{"prefix": "s3://bucket/prefix/"}, "relative/key", ...]`` (S3DataType doc)."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        data.manifest_problem = f"is not JSON ({exc})"
        return None
    if not isinstance(value, list) or not value or not isinstance(value[0], dict):
        data.manifest_problem = 'is not a JSON array starting with {"prefix": "s3://bucket/prefix/"}'
        return None
    prefix = value[0].get("prefix")
    if not isinstance(prefix, str) or S3Url.parse(prefix) is None:
        data.manifest_problem = 'does not start with {"prefix": "s3://bucket/prefix/"}'
        return None
    targets = []
    for position, entry in enumerate(value[1:], start=2):
        url = S3Url.parse(prefix + entry) if isinstance(entry, str) else None
        if url is None or not url.key:
            data.manifest_problem = f"has an entry that is not a relative key (entry {position}: {entry!r:.60})"
            return None
        targets.append(url)
    return _listed(targets, data, "lists no objects after its prefix")


def parse_augmented(text: str, data: ChannelData) -> list[S3Url] | None:
    """An AugmentedManifestFile: JSON Lines, each object with a ``source-ref`` S3 URI."""
    targets = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as exc:
            data.manifest_problem = f"line {number} is not JSON ({exc})"
            return None
        url = S3Url.parse(entry.get("source-ref")) if isinstance(entry, dict) else None
        if url is None:
            data.manifest_problem = f'line {number} has no "source-ref" S3 URI'
            return None
        targets.append(url)
    return _listed(targets, data, "lists no objects")


def _listed(targets: list[S3Url], data: ChannelData, none: str) -> list[S3Url] | None:
    """The objects a manifest lists, or None with ``none`` as the manifest's problem when it lists none."""
    if not targets:
        data.manifest_problem = none
        return None
    return targets
