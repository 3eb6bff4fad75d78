"""THE pipeline every command starts from (check-jsonschema's ``build_checker()`` -> ``run()``):

    paths -> walked files (walk) -> each file's configuration (config) -> its bytes, parsed (source)
          -> lint's phases (lint) -> compiled requests (compile)

``open_project`` does the first four, once: `lint` then lints, `status` looks up the job each spec
names, `plan` lints and compiles every spec for its target, `import` reads the names a folder already
declares. ``check_file`` is the same pipeline for the one named file `resolve`, `compile` and `migrate`
work on; ``compile_doc`` is its last stage, with the lint of a request converted to the other API.
Commands differ in what they do with the result, not in how they reach it.

All file reading of the lint path happens here (``lint`` itself reads no file).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from .config import Config, ConfigResolver
from .errors import ConversionError, UsageError
from .findings import Severity
from .lint import LintResult, lint_bytes, lint_text, load, run
from .source import SourceDoc, SourceFile, load_bytes
from .walk import at, read_spec, walk


# The records of this module are NamedTuples, immutable like frozen dataclasses: a dataclass costs 0.5-1 ms
# to build on every start (dataclasses exec() its generated methods), a NamedTuple a fifth of that.
class Stdin(NamedTuple):
    """A spec read from standard input (`lint -`): its bytes (at most source.MAX_BYTES + 1 of them), the
    name findings show, and the path given with --stdin-filename, if any, which chooses the
    configuration and decides exclusion as if the file were there."""

    data: bytes
    name: str = "<stdin>"
    path: str | None = None


def read_stdin(filename: str | None) -> Stdin:
    """The spec on standard input, read to at most one byte past the loader's bound (a larger input is
    reported by the loader as too large, never read whole into memory)."""
    import sys

    from .source import MAX_BYTES

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError("- reads standard input, but there is none")
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"-: cannot read standard input: {exc.strerror or exc}") from None
    return Stdin(data, filename or "<stdin>", filename)


class SpecFile(NamedTuple):
    """One spec file, read and parsed, with its configuration."""

    path: Path  # where it is (a spec on standard input: its --stdin-filename, else <stdin> here)
    name: str  # as findings and messages show it: the path as the paths given name it
    raw: bytes  # exactly the bytes that were parsed (plan hashes them; --fix rewrites them)
    source: SourceFile
    config: Config


class Unread(NamedTuple):
    """A spec file that was found but could not be read."""

    name: str
    error: str  # "name: reason"


@dataclass
class Project:
    """The spec files under some paths, each read and parsed once, with the configuration of each."""

    resolver: ConfigResolver
    entries: list[SpecFile | Unread] = field(default_factory=list)  # in walk order
    missing: list[str] = field(default_factory=list)  # named paths that do not exist
    walk_errors: list[str] = field(default_factory=list)  # entries the walk could not use ("path: reason")
    excluded: int = 0  # files a configuration's `exclude` skipped

    @property
    def files(self) -> list[SpecFile]:
        return [e for e in self.entries if isinstance(e, SpecFile)]

    @property
    def unreadable(self) -> list[str]:
        """Every path that could not be used, as `lint` reports them (exit 2)."""
        missing = [f"{raw}: no such file or directory" for raw in self.missing]
        return missing + self.walk_errors + [e.error for e in self.entries if isinstance(e, Unread)]

    def lint(self, reader: Any = None) -> LintResult:
        """Every lint phase over the files (with a ``reader`` of the training data, the data phase too)."""
        result = LintResult(unreadable=self.unreadable, excluded=self.excluded)
        files = []
        for spec_file in self.files:
            result.files += 1
            result.texts[spec_file.name] = spec_file.source.text
            files.append(load(spec_file.source, spec_file.config))
        return run(files, self.resolver.loaded(), reader, result)


def configurations(
    config: Path | None = None, no_config: bool = False, select=None, ignore=None, base: Path | None = None
) -> ConfigResolver:
    """The configuration resolver of a command's --config, --no-config, --select and --ignore;
    ``UsageError`` for a --config file that does not exist. Relative paths are relative to ``base``
    (None: the working directory), and configuration files are named relative to it."""
    if config is not None and not at(base, config).is_file():
        raise UsageError(f"--config {config}: no such file")
    return ConfigResolver(config, no_config, select, ignore, base)


def folder_configuration(resolver: ConfigResolver, folder: Path) -> Config:
    """The configuration of the specs ``folder`` holds or will hold (`import` writes there, `plan --prune`
    looks there): the resolver decides by a file's folder, so any name in it will do."""
    return resolver.for_file(folder / "_")


class Located(NamedTuple):
    """A file the walk found (or standard input), with its configuration: not read yet."""

    path: Path  # as the paths given name it (how messages show it)
    named: bool  # named on the command line (a configuration's `exclude` does not skip it by default)
    config: Config
    stdin: Stdin | None = None
    where: Path | None = None  # where it is, when the paths are relative to another directory than this one

    @property
    def location(self) -> Path:
        return self.where or self.path

    def excluded(self, force_exclude: bool) -> bool:
        """Whether its configuration's `exclude` skips it (a spec on standard input only by its
        --stdin-filename)."""
        if self.named and not force_exclude:
            return False
        return (self.stdin is None or self.stdin.path is not None) and self.config.excluded(self.location)


def locate(
    paths: list[str], resolver: ConfigResolver, stdin: Stdin | None = None, base: Path | None = None
) -> tuple[list[Located], Project]:
    """The first stages: walk ``paths`` (relative to ``base``; None: the working directory) and give each
    file (and ``stdin``, first) its configuration. Returns the files and an empty Project holding what
    the walk could not use."""
    walked = walk(paths, base)
    project = Project(resolver, missing=list(walked.missing), walk_errors=list(walked.errors))
    found = [
        Located(f, f in walked.named, resolver.for_file(at(base, f)), where=at(base, f) if base else None)
        for f in walked.files
    ]
    if stdin is not None:
        path = Path(stdin.path or Path.cwd() / stdin.name)
        found.insert(0, Located(path, True, resolver.for_file(path), stdin))
    return found, project


def open_project(
    paths: list[str],
    resolver: ConfigResolver | None = None,
    *,
    stdin: Stdin | None = None,
    force_exclude: bool = False,
    base: Path | None = None,
) -> Project:
    """Walk ``paths``, give each file its configuration, read and parse it. Relative paths are relative
    to ``base`` (None: the working directory); files are named as the paths given name them.

    A configuration's ``exclude`` skips files found by walking a directory; a file named in ``paths``
    (or ``stdin``'s file name) is taken anyway unless ``force_exclude`` (ruff's --force-exclude)."""
    found, project = locate(paths, resolver or ConfigResolver(), stdin, base)
    return read_located(found, project, force_exclude)


def read_located(found: list[Located], project: Project, force_exclude: bool = False) -> Project:
    """The stage after ``locate``: each file its configuration does not exclude, read and parsed into
    ``project`` (in walk order). `lint --jobs` reads and parses in worker processes instead (parallel.py)."""
    for file in found:
        if file.excluded(force_exclude):
            project.excluded += 1
            continue
        name = str(file.path) if file.stdin is None else file.stdin.name
        try:
            raw = read_spec(file.location) if file.stdin is None else file.stdin.data
        except OSError as exc:
            project.entries.append(Unread(name, f"{name}: {exc.strerror or exc}"))
            continue
        project.entries.append(SpecFile(file.location, name, raw, load_bytes(name, raw), file.config))
    return project


def lint_paths(
    paths: list[str],
    resolver: ConfigResolver | None = None,
    reader: Any = None,
    force_exclude: bool = False,
    stdin: Stdin | None = None,
) -> LintResult:
    """`automlspec lint`: every spec file under ``paths``, through every lint phase."""
    return open_project(paths, resolver, stdin=stdin, force_exclude=force_exclude).lint(reader)


# ----- one named file: resolve, compile, migrate --------------------------------------------------------


class Checked(NamedTuple):
    """A spec file linted with its project configuration, ready to resolve or compile."""

    result: LintResult
    source: SourceFile
    config: Config

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.result.findings)


def check_file(path: Path, resolver: ConfigResolver) -> Checked:
    """Lint one named file the way `lint` does (a configuration's `exclude` does not skip it). Raises
    OSError when it cannot be read."""
    config = resolver.for_file(path)
    # the loader's bound: at most MAX_BYTES + 1 bytes
    result, source = lint_bytes(str(path), read_spec(path), config)
    return Checked(result, source, config)


def documents(checked: Checked, index: int | None) -> list[SourceDoc]:
    """The SourceDocs to work on: all of them (index None) or the 1-based ``index``."""
    docs = list(checked.source.docs)
    if index is None:
        return docs
    if not 1 <= index <= len(docs):
        raise ConversionError(
            f"--document {index}: {checked.source.name} holds {len(docs)} document{'s' * (len(docs) != 1)}"
        )
    return [docs[index - 1]]


# ----- compiled requests ----------------------------------------------------------------------------------


def compile_doc(doc: SourceDoc, config: Config, api: str | None, resolved: bool) -> tuple[dict, str]:
    """(request, api) for one SourceDoc: project-config defaults merged, documented defaults filled
    when ``resolved``, converted to ``api``, key order fixed.

    Not validated again: lint has checked the spec against the model (a spec with errors never gets
    here), and a request converted to the other API is linted in that API (``lint_compiled``)."""
    from .compile import to_request
    from .dialects import detect_dialect
    from .resolve import resolve

    dialect = detect_dialect(doc.data)[0]
    if dialect is None:  # lint has reported it; never reached for a spec that lints clean
        raise ConversionError("cannot tell whether this is a CreateAutoMLJob or a CreateAutoMLJobV2 spec")
    filled = resolve(doc.data, dialect, config.defaults, documented=resolved)
    api = api or dialect
    return to_request(filled.request, dialect, api), api


def lint_compiled(name: str, text: str, config: Config, api: str, document: int | None = None) -> LintResult:
    """Lint a request converted to the other API (it meets that API's rules for the first time).

    Findings point into the printed JSON; project-config defaults are already in it. ``document``
    (1-based) names which of a file's documents it is, so that two of them are two texts."""
    from .dialects import API_NAMES

    where = f"document {document}, " if document is not None else ""
    display = f"{name} ({where}compiled to {API_NAMES[api]})"
    findings = lint_text(display, text, replace(config, defaults=None, findings=()))
    return LintResult(findings=findings, files=1, specs=1, texts={display: text})


def check_named(path: Path, config: Path | None = None, no_config: bool = False) -> tuple[Checked, list[str]]:
    """`resolve`'s and `compile`'s start: the one named spec file, linted with its configuration (and
    the configuration's warnings). ``UsageError`` when it is not a regular file that can be read."""
    if not path.is_file():
        raise UsageError(f"{path}: {not_a_file(path)}")
    resolver = configurations(config, no_config)
    try:
        checked = check_file(path, resolver)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    return checked, list(resolver.warnings)


def not_a_file(path: Path) -> str:
    """Why ``path`` is not a spec file to read: missing, a folder, a FIFO or device (never opened: one
    would block or never end), a link loop."""
    import os

    from .source import file_kind

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or str(exc)
    if path.is_dir():
        return "a folder, not a spec file (`automlspec lint` walks folders)"
    return f"{file_kind(mode)}, not a spec file; only regular files are read"
