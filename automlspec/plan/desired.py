"""The desired side of a plan: every spec under the planned paths, linted (errors stop) and compiled to
the CreateAutoMLJobV2 request apply would send (V1 specs through the documented V1 -> V2 conversion,
and linted again as V2), each with the target (account, region) its project configuration names.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, NamedTuple

from ..aws import Target
from ..errors import AutomlspecError, UsageError
from .diff import Checkout, Desired
from .options import Options


class LintFailed(AutomlspecError):
    """Lint (or the data checks) found errors; the findings are in ``result`` for the caller to show as
    `lint` would. ``message`` replaces the default line (the data checks could read nothing)."""

    def __init__(self, result, message: str | None = None):
        super().__init__(message or "the specs have errors; fix them before planning")
        self.result = result


def repository_root(path: Path) -> Path | None:
    from ..repository import root

    return root(path)


class Repository(NamedTuple):
    """A checkout's facts every spec in it shares: the identity and commit its new jobs record."""

    root: Path | None
    identity: str | None  # the `project:` setting, else the normalised `origin` URL; None: no identity
    head: str | None  # the commit the checkout is at; None outside git or before the first commit


def repository_of(directory: Path, config: Any, cache: dict[tuple, Repository]) -> Repository:
    """The checkout ``directory`` lies in, with the identity its configuration (``project:``) or its
    `origin` remote gives (cached per root and configured project: git is asked once per checkout)."""
    from .. import repository

    root = repository.root(directory)
    project = getattr(config, "project", None)
    key = (root, project)
    if key not in cache:
        identity = project or (repository.remote_identity(root) if root is not None else None)
        cache[key] = Repository(root, identity, repository.head(root) if root is not None else None)
    return cache[key]


def spec_tag(file: Path, doc: int, documents: int, root: Path | None) -> str:
    """The ``automlspec:spec`` tag: the path relative to the repository root (else the working directory)."""
    base = root or Path.cwd()
    try:
        rel = file.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        rel = os.path.relpath(file.resolve(), base.resolve()).replace(os.sep, "/")
    return rel + (f":{doc + 1}" if documents > 1 else "")


def scope_of(raw: str, root: Path | None) -> str:
    """A planned path as a spec-tag prefix (what --prune may stop is limited to it)."""
    return spec_tag(Path(raw), 0, 1, root) if Path(raw).exists() else raw


def target_for(config, options: Options) -> Target:
    settings = config.target
    region = options.region or (settings.region if settings else None)
    profile = options.profile or (settings.profile if settings else None)
    ids = settings.allowed_account_ids if settings else ()
    # layered configuration: the files that wrote the target's keys (a sub-folder's region, the root's guard)
    source = ", ".join(config.sources("target")) or config.path
    return Target(region, profile, ids, source if settings else None, bool(settings and settings.tagging_api))


class DesiredJobs(NamedTuple):
    """What ``load_desired`` read: the specs, compiled, and what the rest of the plan reuses."""

    specs: list[tuple[Target, Desired]]
    hashes: dict[str, str]  # spec file -> sha256 of its bytes
    notes: list[str]
    linted: dict[str, Any]  # file -> lint.LintedFile: its specs as lint built them, for the data phase
    resolver: Any  # config.ConfigResolver: each directory's configuration, read once for the whole plan
    warnings: list[Any]  # lint.LintResult: the warnings and info of the lint, then of the V1 specs as V2


def load_desired(options: Options, base: Path | None = None) -> DesiredJobs:
    """Lint and compile every spec under ``options.paths`` (``project``: the pipeline every command
    shares); relative paths are relative to ``base`` (None: the working directory)."""
    from ..findings import Severity
    from ..project import configurations, open_project

    resolver = configurations(Path(options.config) if options.config else None, options.no_config, base=base)
    project = open_project(list(options.paths), resolver, base=base)
    result = project.lint()
    if result.unreadable:
        raise UsageError("; ".join(result.unreadable))
    if any(f.severity is Severity.ERROR for f in result.findings):
        raise LintFailed(result)
    out: list[tuple[Target, Desired]] = []
    hashes: dict[str, str] = {}
    converted = _Converted()
    repositories: dict[tuple, Repository] = {}
    for spec_file in project.files:
        hashes[spec_file.name] = hashlib.sha256(spec_file.raw).hexdigest()
        target = target_for(spec_file.config, options)
        checkout = repository_of(spec_file.path.resolve().parent, spec_file.config, repositories)
        documents = len(spec_file.source.docs)
        for doc in spec_file.source.docs:
            request = _request(spec_file, doc, converted)
            if request is not None:
                tag = spec_tag(spec_file.path, doc.index, documents, checkout.root)
                desired = Desired(
                    str(request["AutoMLJobName"]),
                    spec_file.name,
                    tag,
                    request,
                    target.describe(),
                    checkout.identity,
                    checkout.head,
                    getattr(spec_file.config, "ignore_tags", None),
                )
                out.append((target, desired))
    converted.stop_on_errors()
    warnings = [r for r in (result, converted.result) if r.findings]  # no errors are left: warnings and info
    converted.result.files = len(converted.files)
    return DesiredJobs(out, hashes, _notes(out, options), result.linted, resolver, warnings)


class _Converted:
    """The V1 specs' requests converted to V2, linted as V2: their findings, and the files they are in."""

    def __init__(self) -> None:
        from ..lint import LintResult

        self.result = LintResult()
        self.files: set[str] = set()

    def add(self, name: str, checked: Any) -> bool:
        """Record the lint of one converted request; whether it has errors."""
        from ..findings import Severity

        self.result.findings.extend(checked.findings)
        self.result.texts.update(checked.texts)
        self.result.specs += 1
        self.files.add(name)
        return any(f.severity is Severity.ERROR for f in checked.findings)

    def stop_on_errors(self) -> None:
        from ..findings import Severity

        if any(f.severity is Severity.ERROR for f in self.result.findings):
            self.result.files = len(self.files)
            raise LintFailed(self.result)


def _request(spec_file: Any, doc: Any, converted: _Converted) -> dict[str, Any] | None:
    """The CreateAutoMLJobV2 request of one document; None when it is a V1 spec whose converted request
    has lint errors (recorded in ``converted``): a V1 spec is created through CreateAutoMLJobV2, so the
    converted request must pass V2's rules."""
    from ..compile import dumps
    from ..dialects import detect_dialect
    from ..errors import ConversionError
    from ..project import compile_doc, lint_compiled

    try:
        request, _ = compile_doc(doc, spec_file.config, "v2", False)
        v1 = detect_dialect(doc.data)[0] == "v1"
        text = dumps(request) if v1 else ""
    except ConversionError as exc:
        raise UsageError(f"{spec_file.name}: {exc}") from None
    if v1:
        number = doc.index + 1 if len(spec_file.source.docs) > 1 else None
        if converted.add(spec_file.name, lint_compiled(spec_file.name, text, spec_file.config, "v2", number)):
            return None
    return request


def _notes(desired: list[tuple[Target, Desired]], options: Options) -> list[str]:
    default = [d for t, d in desired if t.source is None and not (options.region or options.profile)]
    if not default:
        return []
    return [
        f"{len(default)} spec{'s name' if len(default) != 1 else ' names'} no target in"
        f" {'their' if len(default) != 1 else 'its'} project configuration"
        " (`target:`): planned against the default AWS session"
    ]


def path_targets(options: Options, resolver: Any, base: Path | None = None) -> list[Target]:
    """The target of each planned folder (its own configuration), whether or not it still holds specs."""
    from ..project import folder_configuration
    from ..walk import at

    folders = [at(base, raw) for raw in options.paths]
    return [target_for(folder_configuration(resolver, folder), options) for folder in folders if folder.is_dir()]


# ----- what --prune may touch ----------------------------------------------------------------------------


def checkouts(options: Options, resolver: Any, base: Path | None = None) -> list[tuple[Checkout, Path | None]]:
    """(what prune may touch, the repository root to ask git in) for each path given to plan (relative to
    ``base``; None: the working directory): its prefix within its repository, and the repository's
    identity (``repository_of``). A path outside any repository, or a repository without an identity,
    gets ``project`` None: nothing is pruned there."""
    from ..project import folder_configuration
    from ..walk import at

    cache: dict[tuple, Repository] = {}
    out = []
    for raw in options.paths:
        place = at(base, raw)
        path = place.resolve()
        config = folder_configuration(resolver, path) if path.is_dir() else resolver.for_file(path)
        checkout = repository_of(path if path.is_dir() else path.parent, config, cache)
        out.append((Checkout(scope_of(str(place), checkout.root), checkout.identity), checkout.root))
    return out


def target_key(target: Target) -> tuple:
    """What tells two targets apart in a plan: the session, the guard, the file that names it, how its
    tags are read."""
    return (target.key, target.allowed_account_ids, target.source, target.tagging_api)


def declared(
    roots: list[Path | None], options: Options, resolver: Any, base: Path | None = None
) -> dict[tuple, frozenset[str]]:
    """The job names (lower-cased) every YAML file of the checkouts still gives, per target (``target_key``
    of the file's configuration), whether plan read the file or not: an excluded file, one outside the
    planned paths or one that is not a valid spec declares its job all the same, so prune never takes it
    for deleted. Each checkout's files are the ones git lists (tracked, or new and not ignored);
    outside git, the planned paths are walked."""
    from .. import repository
    from ..source import load_bytes
    from ..walk import at, read_spec, walk

    files: set[Path] = set()
    for root in dict.fromkeys(roots):
        listed = repository.yaml_files(root) if root is not None else None
        if listed is None:
            listed = walk([str(at(base, raw)) for raw in options.paths]).files
        files.update(Path(f).resolve() for f in listed)
    names: dict[tuple, set[str]] = {}
    for file in sorted(files):
        try:
            source = load_bytes(str(file), read_spec(file))
        except OSError:
            continue
        given = {
            doc.data["AutoMLJobName"].lower()
            for doc in source.docs
            if isinstance(doc.data, dict) and isinstance(doc.data.get("AutoMLJobName"), str)
        }
        if given:
            key = target_key(target_for(resolver.for_file(file), options))
            names.setdefault(key, set()).update(given)
    return {key: frozenset(found) for key, found in names.items()}
