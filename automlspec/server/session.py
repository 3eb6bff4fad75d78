"""The workspace as the server sees it: open documents and the spec files of each workspace folder.

A document's findings are exactly those `automlspec lint` prints for that file when run in the
workspace folder that holds it, with the editor's text in place of the file's: the same configuration
(found per file, as the CLI finds it), the same rules, messages, spans, order and cap (100 a file, then
AML009). Cross-file rules (AML520: one job name in two specs) compare the document with every spec file
of its folder, open or not; files outside every folder are linted alone, as `automlspec lint FILE`.

Files that `automlspec lint FOLDER` would not lint get nothing: hidden paths, configuration files, files
the configuration's ``exclude`` names, and YAML files that are not specs at all (a workflow, a compose
file): no request field among their keys, or, when the loader refused the file, no line that starts with
one. A half-typed spec is a spec as soon as its first request field is.

It is lint's own pipeline (lint.py's phases): the document being typed goes through the file, document
and request phases and lint's ``finish``; every other spec file of the folder through the file and document
phases only, once per change on disk, for the Specs the cross-file rules compare. Everything here runs on one
thread (lsp.py's worker): no locks. Nothing reads the network: rules that
need S3 data or a live job never run here (``lint --data`` and ``plan`` stay in the CLI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import CONFIG_NAMES, Config, ConfigResolver
from ..findings import Finding, Span
from ..lint import LintedFile, finish, load, run_phase
from ..model import root_shape, shape
from ..paths import FieldPath
from ..rules import REGISTRY
from ..source import SourceFile, load_bytes, read_bounded
from ..views.findings import MAX_FINDINGS, capped
from ..walk import MAX_DEPTH, SPEC_SUFFIXES, walk
from .documents import path_of, uri_of

# Request fields of either API: a YAML file with none of them at the top is not a spec.
ROOT_MEMBERS = frozenset(shape(root_shape("v1"))["members"]) | frozenset(shape(root_shape("v2"))["members"])
_ROOT_KEY = re.compile(r"""(?m)^["']?(?:""" + "|".join(sorted(ROOT_MEMBERS)) + r""")["']?[ \t]*:""")
PROJECT_FILES = (*CONFIG_NAMES, "pyproject.toml")  # a change to one may change any file's configuration
_RUN = frozenset(code for code, rule in REGISTRY.items() if rule.scope == "run")
_MAX_RELATED = 10


def looks_like_spec(source: SourceFile) -> bool:
    """Whether lint should speak about this YAML file at all (module docstring)."""
    for doc in source.docs:
        if isinstance(doc.data, dict) and any(key in ROOT_MEMBERS for key in doc.data):
            return True
    return bool(source.findings) and _ROOT_KEY.search(source.text) is not None


@dataclass(frozen=True)
class Related:
    """Another place a finding's message speaks of: a field it compares, the other spec of a clash."""

    uri: str
    text: str
    span: Span
    message: str


@dataclass(frozen=True)
class Checked:
    """One document linted: the text it was linted at, and what lint says about it."""

    uri: str
    version: int
    text: str
    name: str = ""
    source: SourceFile | None = None  # None: not a spec file (nothing is published)
    config: Config = field(default_factory=Config)
    findings: tuple[Finding, ...] = ()  # as `lint --format json` lists them, capped per file
    related: dict[int, tuple[Related, ...]] = field(default_factory=dict)  # by index in findings
    run: frozenset[Finding] = frozenset()  # the cross-file rules' findings, before the cap: to see them change
    folder: Path | None = None  # the workspace folder whose run it is part of

    @property
    def is_spec(self) -> bool:
        return self.source is not None


class Folder:
    """One workspace folder: `automlspec lint` run in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolver = ConfigResolver()
        self.order: list[Path] | None = None  # the spec files lint walks, in its order (None: not walked yet)
        # each file through lint's file and document phases (its specs), for the cross-file rules
        self.disk: dict[Path, LintedFile] = {}  # read from disk (not open), by path
        self.open: dict[Path, LintedFile] = {}  # open documents as the editor has them, by path

    def name(self, path: Path) -> str:
        """The file's name as `automlspec lint` run in the folder prints it."""
        return path.relative_to(self.root).as_posix()

    def holds(self, path: Path) -> bool:
        return path == self.root or path.is_relative_to(self.root)

    def lints(self, path: Path) -> bool:
        """Whether `automlspec lint` run in the folder lints this file (walk.py's rules, then `exclude`)."""
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return False
        if not parts or any(part.startswith(".") for part in parts) or len(parts) - 1 > MAX_DEPTH:
            return False
        if not path.name.endswith(SPEC_SUFFIXES) or path.name in CONFIG_NAMES:
            return False
        return not self.resolver.for_file(path).excluded(path)

    def walk(self) -> None:
        walked = walk([str(self.root)])
        self.order = [p for p in walked.files if not self.resolver.for_file(p).excluded(p)]

    def pending(self) -> list[Path]:
        """Spec files not open and not read yet."""
        if self.order is None:
            return []
        return [p for p in self.order if p not in self.open and p not in self.disk]

    def read(self, path: Path) -> None:
        """Take one file from disk through lint's file and document phases, for its specs (the request
        phase, each spec's own rules, is for open documents only). An unreadable file has none, as in lint."""
        name = self.name(path)
        try:
            raw = read_bounded(path)
        except OSError:
            raw = b""
        self.disk[path] = load(load_bytes(name, raw), self.resolver.for_file(path))

    def entries(self) -> list[tuple[Path, LintedFile]]:
        """Every file in lint's order: the walked files (open ones as the editor has them), then open
        documents lint has not seen on disk yet (new, unsaved files)."""
        out: list[tuple[Path, LintedFile]] = []
        for path in self.order or ():
            entry = self.open.get(path) or self.disk.get(path)
            if entry is not None:
                out.append((path, entry))
        seen = set(self.order or ())
        out.extend((path, self.open[path]) for path in sorted(self.open) if path not in seen)
        return out


class Session:
    """Every open document and every workspace folder."""

    def __init__(self, roots: Iterable[Path] = (), *, report_syntax: bool = True) -> None:
        self.folders: dict[Path, Folder] = {}
        self.loose = ConfigResolver()  # files outside every folder: `automlspec lint FILE`
        self.checked: dict[str, Checked] = {}  # the latest result of each open document, by URI
        # every configuration file name in every folder above a checked document: (mtime, size), or None
        self.stamps: dict[Path, tuple[int, int] | None] = {}
        self.folders_seen: set[Path] = set()
        # False: leave YAML syntax, tabs and duplicate keys to yaml-language-server (docs/editors.md)
        self.report_syntax = report_syntax
        for root in roots:
            self.add_folder(root)

    # ----- folders and configuration -------------------------------------------------------------

    def add_folder(self, root: Path) -> None:
        root = Path(os.path.abspath(root))
        self.folders.setdefault(root, Folder(root))

    def remove_folder(self, root: Path) -> None:
        self.folders.pop(Path(os.path.abspath(root)), None)

    def folder_of(self, path: Path | None) -> Folder | None:
        """The innermost folder that holds ``path``."""
        if path is None:
            return None
        inside = [f for f in self.folders.values() if f.holds(path)]
        return max(inside, key=lambda f: len(f.root.parts)) if inside else None

    def reload(self) -> None:
        """A configuration file changed: configurations are found and read again, every folder walked
        and its files read again (their specs carry the configuration's defaults and target)."""
        self.stamps.clear()
        self.folders_seen.clear()
        self.loose = ConfigResolver()
        for folder in self.folders.values():
            folder.resolver = ConfigResolver()
            folder.order = None
            folder.disk.clear()

    def files_changed(self, paths: Iterable[Path]) -> bool:
        """Files changed on disk (created, changed or deleted). True when one is a configuration file:
        then everything is read again (``reload``) and every open document must be checked again."""
        paths = list(paths)
        if any(p.name in PROJECT_FILES for p in paths):
            self.reload()
            return True
        for path in paths:
            folder = self.folder_of(path)
            if folder is None:
                continue
            folder.disk.pop(path, None)
            if folder.order is not None and (path in folder.order) != (path.is_file() and folder.lints(path)):
                folder.order = None  # created or deleted: walk again, for lint's order
        return False

    def configuration_stale(self) -> bool:
        """Whether a configuration file was created, changed or deleted in a folder above a checked
        document since it was read: how a client that does not watch files (Neovim on Linux) still sees a
        configuration change, on the next save. Every candidate name in every such folder is looked at,
        whichever of them the configuration search used."""
        return any(_stamp(path) != stamp for path, stamp in self.stamps.items())

    def _remember(self, path: Path) -> None:
        for directory in path.parents:
            if directory in self.folders_seen:
                return  # and so are its parents
            self.folders_seen.add(directory)
            for name in PROJECT_FILES:
                self.stamps[directory / name] = _stamp(directory / name)

    def index(self, limit: int = 8) -> bool:
        """Read up to ``limit`` spec files that are not open, for the cross-file rules. True when every
        folder is walked and read."""
        for folder in self.folders.values():
            if folder.order is None:
                folder.walk()
                return False
            pending = folder.pending()
            if pending:
                for path in pending[:limit]:
                    folder.read(path)
                return False
        return True

    # ----- documents -------------------------------------------------------------------------------

    def check(self, uri: str, version: int, text: str) -> tuple[Checked, list[str]]:
        """Lint an open document; also the other open documents whose cross-file findings this changed
        (check them again: their suppression comments may now be used or unused)."""
        path = path_of(uri)
        folder = self.folder_of(path)
        if path is not None and folder is not None and not folder.lints(path):
            return self._store(Checked(uri, version, text)), []
        name, config = self._configured(uri, path, folder)
        source = load_bytes(name, text.encode("utf-8", "surrogatepass"))
        if not looks_like_spec(source):
            if folder is not None and path is not None:
                folder.open[path] = LintedFile(source, config)  # no spec for the cross-file rules
            return self._store(Checked(uri, version, text, name)), []
        return self._lint(Checked(uri, version, text, name, source, config), source, path, folder)

    def _lint(
        self, checked: Checked, source: SourceFile, path: Path | None, folder: Folder | None
    ) -> tuple[Checked, list[str]]:
        """Every phase but data of a spec: the findings in this file, the related places of each, and the
        other open documents whose cross-file findings changed."""
        uri, name = checked.uri, checked.name
        linted = load(source, checked.config)  # the file and document phases
        if folder is not None and path is not None:
            folder.open[path] = linted
            entries = folder.entries()
        else:
            entries = [(path or Path(name), linted)]
        files = [file for _, file in entries]
        # the request phase: this file's own rules, the cross-file rules over every file of the folder;
        # then lint's finish for this file (its suppression comments' findings, sorted, deduplicated)
        found = linted.findings + run_phase(files, "request", only=[linted])
        done = finish(found, [linted], [], {})
        mine = [f for f in done if f.file == name and (self.report_syntax or f.rule not in SYNTAX_RULES)]
        shown = tuple(capped(mine, MAX_FINDINGS))
        run = frozenset(f for f in mine if f.rule in _RUN)
        related = {
            index: found_related
            for index, finding in enumerate(shown)
            if (found_related := _related(finding, source, uri, entries))
        }
        root = folder.root if folder is not None else None
        checked = self._store(replace(checked, findings=shown, related=related, run=run, folder=root))
        return checked, self._run_changed(folder, uri, done)

    def _configured(self, uri: str, path: Path | None, folder: Folder | None) -> tuple[str, Config]:
        """The document's name in findings and its configuration (a file outside every folder: the
        configuration found from its own directory; a document with no file: the defaults)."""
        if path is None:
            return uri, Config()
        if folder is None:
            named = str(path), self.loose.for_file(path)
        else:
            named = folder.name(path), folder.resolver.for_file(path)
        self._remember(path)
        return named

    def close(self, uri: str) -> list[str]:
        """A document was closed: its file is read from disk again for the cross-file rules. Returns the
        open documents whose cross-file findings may have changed."""
        self.checked.pop(uri, None)
        path = path_of(uri)
        folder = self.folder_of(path)
        if folder is None or path is None or folder.open.pop(path, None) is None:
            return []
        return [c.uri for c in self.checked.values() if c.is_spec and c.folder == folder.root]

    def run_changed(self) -> list[str]:
        """The open documents whose cross-file findings differ from the last check (after the folders'
        files were read, or changed on disk)."""
        out: list[str] = []
        for folder in self.folders.values():
            files = [file for _, file in folder.entries()]
            out.extend(self._run_changed(folder, None, run_phase(files, "request", only=[])))
        return out

    def _run_changed(self, folder: Folder | None, uri: str | None, found: Sequence[Finding]) -> list[str]:
        if folder is None:
            return []
        out = []
        for other in self.checked.values():
            if other.uri == uri or not other.is_spec or other.folder != folder.root:
                continue
            now = frozenset(f for f in found if f.file == other.name and f.rule in _RUN)
            if now != other.run:
                out.append(other.uri)
        return out

    def _store(self, checked: Checked) -> Checked:
        self.checked[checked.uri] = checked
        return checked


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


# ----- related information -------------------------------------------------------------------------


def _related(
    finding: Finding, source: SourceFile, uri: str, entries: list[tuple[Path, LintedFile]]
) -> tuple[Related, ...]:
    """The other fields a finding's message names (each rule names the fields it compares by their
    request paths), and for a cross-file finding the same field in each other spec the message names."""
    out = _named_in_message(finding, source, uri)
    if finding.rule in _RUN:
        out.extend(_same_field_elsewhere(finding, uri, entries))
    return tuple(dict.fromkeys(out))[:_MAX_RELATED]


def _named_in_message(finding: Finding, source: SourceFile, uri: str) -> list[Related]:
    """The other fields of the finding's spec that its message names."""
    if not 0 <= finding.doc < len(source.docs):
        return []
    out: list[Related] = []
    positions = source.docs[finding.doc].positions
    for path in named_paths(finding.message):
        pos = positions.get(path)
        if pos is None or pos.origin is not None or finding.path[: len(path)] == path:
            continue  # not in this spec, merged from the configuration, or the finding's own field
        out.append(Related(uri, source.text, pos.key or pos.value, f"{path} (named in the message)"))
    return out


def _same_field_elsewhere(finding: Finding, uri: str, entries: list[tuple[Path, LintedFile]]) -> list[Related]:
    """For a cross-file finding: the same field in each other spec its message names."""
    out: list[Related] = []
    for file, entry in entries:
        name = entry.source.name
        for spec, located in entry.specs:
            if (name, spec.doc) == (finding.file, finding.doc) or not _names_spec(finding, name, spec.doc):
                continue
            pos = located.positions.get(finding.path)
            if pos is not None and pos.origin is None:
                where = name + (f" (document {spec.doc + 1})" if spec.doc else "")
                target = uri if name == finding.file else uri_of(file)
                out.append(Related(target, entry.source.text, pos.value, f"{finding.path} in {where}"))
    return out


def _names_spec(finding: Finding, name: str, doc: int) -> bool:
    """Whether the finding's message names document ``doc`` of the file ``name``."""
    if name == finding.file:
        return f"document {doc + 1} of this file" in finding.message
    mention = re.escape(name) + (rf" \(document {doc + 1}\)" if doc else r"(?! \(document)")
    return re.search(rf"(?<![\w/.-]){mention}(?![\w/.-])", finding.message) is not None


# Loader findings yaml-language-server reports too (YAML syntax, tabs, duplicate keys), left to it when
# the client asks (initializationOptions.yamlSyntax: false).
SYNTAX_RULES = frozenset({"AML001", "AML002", "AML003"})

# A request path as messages spell it (findings.FieldPath.__str__): Member, Member[0].Member, ...
_PATH = re.compile(r"(?<![\w.\[\]'\"])([A-Z][A-Za-z0-9]*(?:\[\d+\]|\.[A-Z][A-Za-z0-9]*)*)")
_PART = re.compile(r"\[(\d+)\]|\.?([A-Za-z0-9]+)")


def named_paths(message: str) -> list[FieldPath]:
    """The request paths a message names, in order (``AutoMLJobConfig.Mode``, ``InputDataConfig[0].X``)."""
    out: list[FieldPath] = []
    for match in _PATH.finditer(message):
        parts: list[str | int] = []
        for index, name in _PART.findall(match.group(1)):
            parts.append(int(index) if index else name)
        path = FieldPath(parts)
        if path not in out:
            out.append(path)
    return out
