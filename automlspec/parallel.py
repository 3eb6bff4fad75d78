"""`lint --jobs N`: a large tree's files read, parsed and checked by their own rules in N worker processes.

What a file costs is independent of every other file up to the request phase's own rules of each spec:
reading, the YAML loader, the file and document phases, the model-limits walk, every spec-scope rule,
the policies and the proof of each suggestion (about 95% of a 1,000-spec lint). Workers do that for
runs of files; this process puts their results back in walk order and runs what must see every spec at
once, as one process would: the rules across specs, the suppression comments' own findings (each file's
record of what its comments suppressed comes back with it) and the configurations' findings, then sorts.
The findings, and so every byte of every format, are the same as in one process (tests/test_parallel.py).

Workers are forked: they inherit the walk's files and each file's configuration (a plugin's rules need
not be picklable) and import nothing again. Fork is safe only where the system libraries do not hold
threads across it: Linux and the BSDs. macOS's Python stopped forking by default (3.8, bpo-33725: its
system frameworks may deadlock in a forked child) and Windows cannot fork, so there lint runs in one
process. Without ``--jobs`` lint runs in one process whatever the size of the tree: the pool costs about
0.1-0.3 s more CPU (its start, pickling the results, each worker's cold caches), which pays back in wall
time only when a core is idle, which this project's shared 2-core machine never had and a busy CI runner
may not have (docs/benchmarks.md, "lint --jobs").

A worker that dies (killed, out of memory) or raises never loses a finding: the whole run is linted
again in this process, which gives exactly one process's output (a bug then surfaces as it would
without --jobs); a dead worker adds one warning line saying so. Workers ignore Ctrl-C, which this
process handles as one process does once the pool is stopped.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

from .config import ConfigResolver
from .findings import Span
from .lint import LintedFile, LintResult, _Located, load, run, spec_findings
from .paths import FieldPath
from .project import Located, Project, SpecFile, Stdin, Unread, locate, read_located
from .source import Pos, SourceDoc, SourceFile, Suppressions, load_bytes
from .spec import Spec
from .walk import read_spec

#: The systems whose Python forks safely (sys.platform prefixes); elsewhere lint runs in one process.
FORKING = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")

# (where the file is, its name in findings, its configuration) of each file to lint: set in this process
# just before the workers are forked, so that they inherit it instead of receiving it pickled
_TASKS: list[tuple[Any, str, Any]] = []


@dataclass
class LintRun:
    """`lint`'s pipeline, run: the project (its files as read, for --fix), the result, and warnings."""

    project: Project
    result: LintResult
    warnings: list[str] = field(default_factory=list)  # a worker that died (the run was linted again here)


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith(FORKING)


def workers(jobs: int | None, files: int) -> int:
    """How many processes lint ``files`` files: ``jobs`` (0: every core; None: one), never more than the
    files nor the cores (a worker only computes: one more than the cores adds its start and waits for a
    core; `-j 1000` forked a thousand and took 38 s for what one process does in 1 s); one where the
    system cannot fork safely."""
    wanted = min(1 if jobs is None else jobs or cores(), files, cores())
    return wanted if wanted > 1 and can_fork() else 1


def lint_tree(
    paths: list[str],
    resolver: ConfigResolver,
    *,
    stdin: Stdin | None = None,
    force_exclude: bool = False,
    reader: Any = None,
    jobs: int | None = None,
) -> LintRun:
    """`lint`'s pipeline (``open_project``, then ``Project.lint``), in ``workers(jobs, files)`` processes.
    A spec on standard input or a data phase (its reader caches what it read for every spec: each
    dataset is read once per run) keeps the run in one process."""
    found, project = locate(paths, resolver, stdin)
    if stdin is None and reader is None:
        kept = [file for file in found if not file.excluded(force_exclude)]
        count = workers(jobs, len(kept))
        if count > 1:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return LintRun(project, lint_located(kept, project, count, len(found) - len(kept)))
            except BrokenProcessPool as exc:
                warning = f"lint --jobs {count}: a worker process stopped ({exc}); linted again in one process"
                found, project = locate(paths, resolver, stdin)
                project = read_located(found, project, force_exclude)
                return LintRun(project, project.lint(reader), [warning])
            except Exception:  # a bug in a worker: one process shows it as it would without --jobs
                found, project = locate(paths, resolver, stdin)
    project = read_located(found, project, force_exclude)
    return LintRun(project, project.lint(reader))


def lint_located(found: list[Located], project: Project, jobs: int, excluded: int = 0) -> LintResult:
    """Every file of ``found`` (none from standard input, none excluded) linted in ``jobs`` forked
    processes, then the rules across specs here: the LintResult one process gives, with ``project``
    holding each file as ``open_project`` would."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _TASKS[:] = [(file.location, str(file.path), file.config) for file in found]
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)
    # unpickling the workers' results makes tens of thousands of containers that live until exit: the
    # cyclic collector's passes over them free nothing and cost as much again as the unpickling (this
    # process's share of the run, which no worker can take)
    collecting = gc.isenabled()
    gc.disable()
    try:
        chunk = max(1, len(_TASKS) // (jobs * 8))  # small enough to even out, large enough to batch
        done = list(pool.map(_work, range(len(_TASKS)), chunksize=chunk))
        pool.shutdown()
        project.excluded = excluded
        return _assemble(_TASKS, done, project)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: the chunks under way end, no more start
        raise
    finally:
        _TASKS[:] = []
        if collecting:
            gc.enable()


def _start_worker() -> None:
    """A worker leaves Ctrl-C to this process, which stops the pool (no traceback from each worker). Its
    cyclic collector runs as in one process, over what the worker makes only: what it inherited lives
    until exit, and leaving it out of the passes also leaves its memory shared with this process
    (https://docs.python.org/3/library/gc.html#gc.freeze)."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.enable()


def _work(index: int) -> Any:
    """One file, in a worker: read, loaded, the file and document phases and its specs' own rules. The
    error line of a file that cannot be read, or what ``_assemble`` needs of the file, in plain values:
    pickling the loader's records (a FieldPath, a Span and a Pos per value) cost half as much again as
    linting them, so positions travel as plain tuples and are rebuilt only if this process needs them."""
    location, name, config = _TASKS[index]
    try:
        raw = read_spec(location)
    except OSError as exc:
        return f"{name}: {exc.strerror or exc}"
    linted = load(load_bytes(name, raw), config)
    own = spec_findings(linted)
    source = linted.source
    packed = {id(doc.positions): _pack(doc.positions) for doc in source.docs}
    docs = [(doc.index, doc.data, id(doc.positions), doc.line) for doc in source.docs]
    specs = []
    for spec, located in linted.specs:
        if id(located.positions) not in packed:  # the configuration's defaults were merged in
            packed[id(located.positions)] = _pack(located.positions)
        specs.append((spec.request, spec.dialect, spec.doc, spec.target, id(located.positions)))
    suppressions = None if source.suppressions == Suppressions() else source.suppressions
    return raw, source.text, docs, packed, source.findings, suppressions, linted.findings, specs, own


def _pack(positions: dict[FieldPath, Pos]) -> list[tuple]:
    return [(tuple(path), pos.key and tuple(pos.key), tuple(pos.value), pos.origin) for path, pos in positions.items()]


def _unpacking(method: Any) -> Any:
    """``method`` of dict, called once ``_Positions`` has unpacked what the worker sent."""

    def call(self, *args):
        if self._packed is not None:
            self._unpack()
        return method(self, *args)

    call.__name__ = method.__name__
    return call


class _Positions(dict):
    """A file's positions, unpacked from a worker's plain tuples on first use: a clean file's never are.
    Every way lint reads a positions map goes through one of these methods."""

    def __init__(self, packed: list[tuple]) -> None:
        super().__init__()
        self._packed: list[tuple] | None = packed

    def _unpack(self) -> None:
        packed, self._packed = self._packed, None
        for path, key, value, origin in packed or ():
            dict.__setitem__(
                self, _new(FieldPath, path), _new(Pos, (key and _new(Span, key), _new(Span, value), origin))
            )

    __getitem__ = _unpacking(dict.__getitem__)
    __contains__ = _unpacking(dict.__contains__)
    get = _unpacking(dict.get)
    __iter__ = _unpacking(dict.__iter__)
    __len__ = _unpacking(dict.__len__)
    items = _unpacking(dict.items)
    keys = _unpacking(dict.keys)
    values = _unpacking(dict.values)
    __eq__ = _unpacking(dict.__eq__)

    def __reduce__(self):
        return dict, (dict(self.items()),)


_new = tuple.__new__


def _assemble(tasks: list[tuple[Any, str, Any]], done: list[Any], project: Project) -> LintResult:
    """The workers' results, in walk order, as Project.lint would have found them; then lint.run."""
    result = LintResult(excluded=project.excluded)
    files: list[LintedFile] = []
    own = []
    for (location, name, config), item in zip(tasks, done):
        if isinstance(item, str):
            project.entries.append(Unread(name, item))
            continue
        raw, text, docs, packed, faults, suppressions, findings, specs, found = item
        positions = {key: _Positions(value) for key, value in packed.items()}
        suppressions = suppressions or Suppressions()
        parsed = tuple(SourceDoc(index, data, positions[key], line) for index, data, key, line in docs)
        source = SourceFile(name, text, parsed, faults, suppressions)
        project.entries.append(SpecFile(location, name, raw, source, config))
        located = [
            (Spec(request, dialect, name, doc, target), _Located(name, positions[key], suppressions, config))
            for request, dialect, doc, target, key in specs
        ]
        files.append(LintedFile(source, config, located, findings))
        own.extend(found)
        result.files += 1
        result.texts[name] = text
    result.unreadable = project.unreadable
    return run(files, project.resolver.loaded(), None, result, own=own)
