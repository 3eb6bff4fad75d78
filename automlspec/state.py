"""The two states plan compares, read at the edges: desired (spec files, through lint and compile) and
live (each target's account, through ``aws.sagemaker``); and the saved plan file (``plan --out``).

``build`` is the one pipeline plan and apply share: lint every spec (errors stop), compile each to the
CreateAutoMLJobV2 request (V1 specs through the documented V1 -> V2 conversion, and linted again as V2),
group by target, check each target's account, read its jobs once, and plan (``plan.plan_target``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__
from .aws import Target
from .errors import AutomlspecError, UsageError
from .plan import Action, Desired, LiveJob, Plan, plan_target

PLAN_FORMAT = "automlspec-plan"
PLAN_FORMAT_VERSION = (
    3  # 2: the options say whether and where the data was checked; 3: fingerprints without the request
)


@dataclass(frozen=True)
class Options:
    """What a plan depends on besides the files: saved with it, reused by ``apply --plan``."""

    paths: tuple[str, ...]
    prune: bool = False
    region: str | None = None
    profile: str | None = None
    config: str | None = None
    no_config: bool = False
    parallel: int = 8
    data: bool = True  # check the training data each spec names (issue 9); `--no-data` skips it
    data_root: str | None = None  # read the data from this local mirror instead of S3 (`--data-root`)

    def to_json(self) -> dict[str, Any]:
        return {
            "paths": list(self.paths),
            "prune": self.prune,
            "region": self.region,
            "profile": self.profile,
            "config": self.config,
            "no_config": self.no_config,
            "data": self.data,
            "data_root": self.data_root,
        }


@dataclass
class Built:
    """A plan with what it was computed from."""

    plan: Plan
    options: Options
    specs: dict[str, str] = field(default_factory=dict)  # spec file -> sha256 of its bytes
    accounts: dict[str, str] = field(default_factory=dict)  # target label -> account id
    data_result: Any = None  # lint.LintResult of the data checks: their warnings (errors stop the plan)
    data_contexts: list[Any] = field(default_factory=list)  # one dataset.DataContext per session (read stats)
    calls: dict[str, int] = field(default_factory=dict)  # API calls per operation
    clients: dict[str, Any] = field(default_factory=dict)  # target label -> aws.sagemaker.SageMaker


class LintFailed(AutomlspecError):
    """Lint (or the data checks) found errors; the findings are in ``result`` for the caller to show as
    `lint` would. ``message`` replaces the default line (the data checks could read nothing)."""

    def __init__(self, result, message: str | None = None):
        super().__init__(message or "the specs have errors; fix them before planning")
        self.result = result


# ----- desired ----------------------------------------------------------------------------------------


def repository_root(path: Path) -> Path | None:
    for directory in (path, *path.parents):
        if (directory / ".git").exists():
            return directory
    return None


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
    return Target(region, profile, ids, config.path if settings else None)


class DesiredState(NamedTuple):
    """What ``load_desired`` read: the specs, compiled, and what the rest of the plan reuses."""

    specs: list[tuple[Target, Desired]]
    hashes: dict[str, str]  # spec file -> sha256 of its bytes
    notes: list[str]
    sources: dict[str, tuple[bytes, Any]]  # file -> (bytes, SourceFile) as lint read and parsed them
    resolver: Any  # config.ConfigResolver: each directory's configuration, read once for the whole plan


def load_desired(options: Options) -> DesiredState:
    """Lint and compile every spec under ``options.paths``."""
    from .compile import dumps
    from .config import ConfigResolver
    from .dialects import detect_dialect
    from .errors import ConversionError
    from .findings import Severity
    from .lint import LintResult, lint_paths
    from .workspace import compile_doc, lint_compiled

    config_path = Path(options.config) if options.config else None
    if config_path is not None and not config_path.is_file():
        raise UsageError(f"--config {config_path}: no such file")
    resolver = ConfigResolver(config_path, options.no_config)
    sources: dict[str, tuple[bytes, Any]] = {}
    result = lint_paths(list(options.paths), resolver, sources=sources)
    if result.unreadable:
        raise UsageError("; ".join(result.unreadable))
    if any(f.severity is Severity.ERROR for f in result.findings):
        raise LintFailed(result)
    out: list[tuple[Target, Desired]] = []
    hashes: dict[str, str] = {}
    converted = LintResult()
    v1_files: set[str] = set()  # the files whose V1 specs were converted and linted as V2
    roots: dict[Path, Path | None] = {}
    for name, (raw, source) in sources.items():
        file = Path(name)
        config = resolver.for_file(file)
        hashes[name] = hashlib.sha256(raw).hexdigest()
        target = target_for(config, options)
        directory = file.resolve().parent
        if directory not in roots:
            roots[directory] = repository_root(directory)
        root = roots[directory]
        for doc in source.docs:
            try:
                request, _ = compile_doc(doc, config, "v2", False)
                v1 = detect_dialect(doc.data)[0] == "v1"
                text = dumps(request) if v1 else ""
            except ConversionError as exc:
                raise UsageError(f"{name}: {exc}") from None
            if v1:
                # A V1 spec is created through CreateAutoMLJobV2: the converted request must pass V2's rules.
                checked = lint_compiled(name, text, config, "v2", doc.index + 1 if len(source.docs) > 1 else None)
                converted.findings.extend(checked.findings)
                converted.texts.update(checked.texts)
                converted.specs += 1
                v1_files.add(name)
                if any(f.severity is Severity.ERROR for f in checked.findings):
                    continue
            desired = Desired(
                str(request["AutoMLJobName"]),
                name,
                spec_tag(file, doc.index, len(source.docs), root),
                request,
                target.describe(),
            )
            out.append((target, desired))
    if any(f.severity is Severity.ERROR for f in converted.findings):
        converted.files = len(v1_files)
        raise LintFailed(converted)
    notes = []
    default = [d for t, d in out if t.source is None and not (options.region or options.profile)]
    if default:
        notes.append(
            f"{len(default)} spec{'s name' if len(default) != 1 else ' names'} no target in"
            f" {'their' if len(default) != 1 else 'its'} project configuration"
            " (`target:`): planned against the default AWS session"
        )
    return DesiredState(out, hashes, notes, sources, resolver)


# ----- live ---------------------------------------------------------------------------------------------


def build(options: Options, account_factory=None) -> Built:
    """The plan for ``options``: desired specs against each target's live jobs.

    Order, so that nothing is read before it may be: lint offline (errors stop); per target, check the
    account (STS); then read the live jobs and, unless ``options.data`` is off, check the training data
    the specs name, each target with its own session. Both only read, so they run at the same time; data
    errors stop the plan like lint errors, and are reported before any error reading the jobs."""
    from .aws import Account
    from .aws.sagemaker import SageMaker

    account_factory = account_factory or Account
    desired, hashes, notes, sources, resolver = load_desired(options)
    groups: dict[tuple, tuple[Target, list[Desired]]] = {}
    for target, spec in desired:
        groups.setdefault((target.key, target.allowed_account_ids, target.source), (target, []))[1].append(spec)
    if options.prune:
        # a folder whose specs were all deleted still names its target: prune looks there too
        for target in _path_targets(options, resolver):
            groups.setdefault((target.key, target.allowed_account_ids, target.source), (target, []))
    plan = Plan(notes=notes)
    built = Built(plan, options, hashes)
    scope = tuple(scope_of(p, repository_root(Path(p).resolve())) for p in options.paths)
    sessions: dict[tuple, Any] = {}
    checked: list[tuple[list[Desired], Any, str]] = []  # (specs, account, label) per target
    for target, specs in groups.values():
        account = sessions.get(target.key)
        if account is None:
            account = sessions[target.key] = account_factory(target)
        account_id = account.check_account()
        label = f"account {account_id}, region {account.region}" + (
            f", profile {target.profile}" if target.profile else ""
        )
        label += f" (target from {target.source})" if target.source else " (the default session)"
        built.accounts[label] = account_id
        checked.append((specs, account, label))
    # Every client is made here, on this thread, before a second thread uses the session (a boto3
    # session is not thread-safe; its clients are).
    for _specs, account, label in checked:
        built.clients[label] = SageMaker(account, options.parallel)
    data = None
    if options.data:  # both only read: the data checks run while the live jobs are read
        readers = data_contexts(options, [(account, specs) for specs, account, _ in checked])
        data = _Background(check_data, options, readers, sources, resolver, built)
    try:
        _read_targets(options, checked, built, scope)
    except Exception:
        if data is not None:
            data.result()  # a data error is reported first, as if the data had been checked first
        raise
    if data is not None:
        data.result()
    for account in {id(a): a for a in sessions.values()}.values():
        for operation, count in account.calls.items():
            built.calls[operation] = built.calls.get(operation, 0) + count
    return built


class _Background:
    """``func(*args)`` on a daemon thread (Ctrl-C does not wait for it); ``result`` joins it and raises
    what it raised."""

    def __init__(self, func, *args):
        import threading

        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(func, args), name="automlspec-data", daemon=True)
        self._thread.start()

    def _run(self, func, args) -> None:
        try:
            func(*args)
        except BaseException as exc:  # raised again in the caller's thread by result()
            self._error = exc

    def result(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _read_targets(options: Options, checked: list[tuple[list[Desired], Any, str]], built: Built, scope) -> None:
    """Read each target's live jobs and plan its specs against them (``plan.plan_target``)."""
    for specs, _account, label in checked:
        sm = built.clients[label]
        jobs, summaries = _read_live(sm, specs)
        prune: list[LiveJob] = []
        if options.prune:
            wanted = {d.name.lower() for d in specs}
            running = [
                s
                for s in summaries
                if s.get("AutoMLJobStatus") == "InProgress" and str(s["AutoMLJobName"]).lower() not in wanted
            ]
            tags = _tags_many(sm, running)
            for summary in running:
                prune.append(LiveJob.from_summary(summary, tags[str(summary["AutoMLJobArn"])]))
        names = (str(s["AutoMLJobName"]) for s in summaries)
        built.plan.actions.extend(plan_target(specs, jobs, names, label, prune, scope))


def data_contexts(options: Options, targets: list[tuple[Any, list[Desired]]]) -> list[tuple[Any, list[Desired]]]:
    """(DataContext, specs) for each target that has specs: one context per session (specs that share a
    dataset read it once), or one local mirror for all (``options.data_root``, checked here, before
    anything is read). Made on the caller's thread, S3 clients included."""
    from .dataset import DataContext, local_context

    if options.data_root is not None:
        mirror = local_context(Path(options.data_root))
        return [(mirror, specs) for _, specs in targets if specs]
    from .aws.s3 import S3Reader

    contexts: dict[int, DataContext] = {}
    out = []
    for account, specs in targets:
        if specs:
            if id(account) not in contexts:
                contexts[id(account)] = DataContext(S3Reader(account))
            out.append((contexts[id(account)], specs))
    return out


def check_data(
    options: Options,
    targets: list[tuple[Any, list[Desired]]],
    sources: dict[str, tuple[bytes, Any]],
    resolver: Any,
    built: Built,
) -> None:
    """The data checks (AML8xx, docs/data-checks.md) of each target's specs, each with its target's
    DataContext (``data_contexts``), as `lint --data` runs them. They run on the very sources the
    offline lint parsed (``sources``: no second read, no second parse) and only the data rules run, each
    as its file's configuration has it. Errors raise ``LintFailed`` (after every target was checked);
    warnings are kept in ``built.data_result``."""
    from dataclasses import replace

    from .findings import Severity
    from .lint import LintResult, lint_source
    from .rules import REGISTRY

    data_rules = [rule for rule in REGISTRY.values() if "data" in rule.needs]
    narrowed: dict[int, Any] = {}  # id(config) -> the config with only its enabled data rules selected

    def only_data(config):
        if id(config) not in narrowed:
            codes = tuple(r.code for r in data_rules if config.enabled(r.code, r.name)) or ("AML8-none",)
            narrowed[id(config)] = (config, replace(config, select=codes))
        return narrowed[id(config)][1]

    merged = LintResult()
    fatal: list[str] = []
    for context, specs in targets:
        for name in dict.fromkeys(d.file for d in specs):
            source = sources[name][1]
            found, _ = lint_source(source, only_data(resolver.for_file(Path(name))), context)
            data_found = [f for f in found if f.rule in REGISTRY and "data" in REGISTRY[f.rule].needs]
            merged.findings.extend(data_found)
            if data_found:
                merged.texts[name] = source.text
        if context.fatal is not None and str(context.fatal) not in fatal:
            fatal.append(str(context.fatal))
    built.data_contexts = list({id(c): c for c, _ in targets}.values())
    merged.findings.sort(key=lambda f: f.sort_key)
    merged.files = len({d.file for _, specs in targets for d in specs})  # every file and spec checked,
    merged.specs = sum(len(specs) for _, specs in targets)  # as `lint --data` counts them
    merged.rules = {f.rule: REGISTRY[f.rule] for f in merged.findings}
    if fatal or any(f.severity is Severity.ERROR for f in merged.findings):
        message = None
        if fatal:
            message = f"the data checks could not read anything: {'; '.join(fatal)}; --no-data skips them"
        raise LintFailed(merged, message)
    built.data_result = merged


def _read_live(sm, specs: list[Desired]) -> tuple[dict[str, LiveJob], list[dict]]:
    """(the live jobs that have specs, by lower-cased name; every job summary of the account). The
    ListAutoMLJobs pages are read one after another; each job with a spec is read (``_live_job``) on the
    pool as soon as its page arrives, so that reading the jobs overlaps paging through the account."""
    wanted: dict[str, list[Desired]] = {}  # two specs may name one job when AML520 is switched off
    for spec in specs:
        wanted.setdefault(spec.name.lower(), []).append(spec)
    summaries: list[dict] = []

    def matched():
        for page in sm.list_pages():
            summaries.extend(page)
            for summary in page:
                named = wanted.get(str(summary["AutoMLJobName"]).lower())
                if named is not None:
                    yield summary, named

    jobs: dict[str, LiveJob] = {}
    for job in sm.each(lambda pair: _live_job(sm, *pair), matched()):
        if isinstance(job, Exception):
            raise job
        jobs[job.name.lower()] = job
    return jobs, summaries


def _live_job(sm, summary: dict, specs: list[Desired]) -> LiveJob:
    """One live job that has specs (one, unless AML520 is off): ListTags first, then DescribeAutoMLJobV2
    only when its tags do not show that this tool created it from exactly the request of every spec
    that names it (``plan.created_from``): each spec is compared with the job."""
    from .plan import created_from

    tags = sm.tags(str(summary["AutoMLJobArn"]))
    if all(created_from(spec, tags) for spec in specs):
        return LiveJob.from_summary(summary, tags)
    return LiveJob.from_aws(sm.describe(str(summary["AutoMLJobName"])), tags)


def _tags_many(sm, summaries: list[dict]) -> dict[str, list[dict[str, str]]]:
    arns = [str(s["AutoMLJobArn"]) for s in summaries]
    answers = sm.each(sm.tags, arns)
    for answer in answers:
        if isinstance(answer, Exception):
            raise answer
    return dict(zip(arns, answers, strict=True))


def _path_targets(options: Options, resolver: Any) -> list[Target]:
    out = []
    for raw in options.paths:
        path = Path(raw)
        if path.is_dir():
            out.append(target_for(resolver.for_file(path / "_"), options))
    return out


# ----- the saved plan ----------------------------------------------------------------------------------


def _action_record(action: Action) -> dict[str, Any]:
    """An action as saved: everything apply needs, without the live status (it moves on by itself)."""
    return {
        "action": action.action,
        "name": action.name,
        "file": action.file,
        "target": action.target,
        "arn": action.arn,
        "changes": [c.to_json() for c in action.changes],
        "suggested_name": action.suggested_name,
        "request": action.request,
        "add_tags": [list(t) for t in action.add_tags],
        "remove_tags": list(action.remove_tags),
        "live_fingerprint": action.live_fingerprint,
        "spec_tag": action.spec_tag,
    }


def _checksum(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def saved(built: Built) -> str:
    """The plan file's text: the plan, the fingerprints it was computed from, the tool version, a checksum."""
    body = {
        "format": PLAN_FORMAT,
        "format_version": PLAN_FORMAT_VERSION,
        "tool_version": __version__,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "options": built.options.to_json(),
        "base": _base(),
        "specs": dict(sorted(built.specs.items())),
        "accounts": built.accounts,
        "actions": [_action_record(a) for a in built.plan.actions],
        "summary": built.plan.summary,
    }
    return json.dumps({**body, "checksum": _checksum(body)}, indent=2, ensure_ascii=False) + "\n"


def _base() -> str | None:
    """Where plan ran, relative to its repository's root (the saved paths are relative to it); None
    outside a git repository."""
    cwd = Path.cwd()
    root = repository_root(cwd)
    return None if root is None else cwd.relative_to(root).as_posix()


def planned_in(data: dict[str, Any]) -> Path | None:
    """The directory a saved plan was made in, found from this one's repository root (a CI job that
    plans at the root and one that applies from a subdirectory share it); None when it cannot be known
    (no repository here, or the plan was made outside one) or does not exist here."""
    base = data.get("base")
    root = repository_root(Path.cwd())
    if base is None or root is None:
        return None
    directory = root / base
    return directory if directory.is_dir() else None


#: A saved plan holds each spec's request (a few KB): 64 MiB is thousands of specs, and bounds what apply reads.
MAX_PLAN_BYTES = 64 * 1024 * 1024


class StalePlan(AutomlspecError):
    """A saved plan that no longer describes what apply would do."""


# What apply reads from a saved plan, with the JSON types it must have. A plan whose checksum was
# recomputed after an edit must still fail with a clear message, not a KeyError (exit 3).
_OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "paths": (list,),
    "prune": (bool,),
    "region": (str, type(None)),
    "profile": (str, type(None)),
    "config": (str, type(None)),
    "no_config": (bool,),
    "data": (bool,),
    "data_root": (str, type(None)),
}


def _shape_problem(data: dict[str, Any]) -> str | None:
    """What makes ``data`` unlike a plan this version writes, or None."""
    options = data.get("options")
    if not isinstance(options, dict):
        return "'options' is not an object"
    for key, types in _OPTION_TYPES.items():
        if not isinstance(options.get(key), types):
            return f"options.{key} is missing or of the wrong type"
    if not all(isinstance(p, str) for p in options["paths"]):
        return "options.paths holds something other than file names"
    for key in ("specs", "accounts"):
        if not isinstance(data.get(key), dict):
            return f"'{key}' is not an object"
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or Path(base).is_absolute() or ".." in Path(base).parts):
        return "'base' is not a directory inside the repository"
    actions = data.get("actions")
    if not isinstance(actions, list):
        return "'actions' is not a list"
    for number, action in enumerate(actions, 1):
        if not isinstance(action, dict) or not all(isinstance(action.get(k), str) for k in ("name", "target")):
            return f"action {number} has no name or target"
    return None


def read_saved(path: Path) -> tuple[Options, dict[str, Any]]:
    """The options of a saved plan and its body; ``StalePlan`` when it was edited or another version wrote it."""
    from .source import read_bounded

    try:
        # bounded, and never a FIFO or a device (issue 13): `--plan /dev/zero` grew memory, a FIFO blocked
        raw = read_bounded(path, MAX_PLAN_BYTES, "a saved plan")
    except OSError as exc:
        raise UsageError(f"--plan {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise StalePlan(f"{path} is larger than {MAX_PLAN_BYTES:,} bytes: not a saved plan; plan again")
    try:
        data = json.loads(raw.decode("utf-8"))
    # ValueError: not UTF-8, not JSON, or a number past Python's 4,300 digits; RecursionError: 100k nested [
    except (ValueError, RecursionError) as exc:
        reason = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StalePlan(f"{path} is not a saved plan ({reason}); write one with `automlspec plan --out FILE`") from None
    if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
        raise StalePlan(f"{path} is not a saved plan; write one with `automlspec plan --out FILE`")
    checksum = data.pop("checksum", None)
    if checksum != _checksum(data):
        raise StalePlan(f"{path} was edited after `automlspec plan` wrote it (its checksum does not match); plan again")
    if data.get("tool_version") != __version__:
        raise StalePlan(
            f"{path} was written by automlspec {data.get('tool_version')}, this is {__version__}; plan again"
        )
    if data.get("format_version") != PLAN_FORMAT_VERSION:
        raise StalePlan(
            f"{path} is in saved-plan format {data.get('format_version')}; this automlspec reads format"
            f" {PLAN_FORMAT_VERSION} only; plan again"
        )
    problem = _shape_problem(data)
    if problem is not None:
        raise StalePlan(f"{path} is not a plan automlspec wrote ({problem}); plan again")
    raw = data["options"]
    options = Options(
        tuple(raw["paths"]),
        raw["prune"],
        raw["region"],
        raw["profile"],
        raw["config"],
        raw["no_config"],
        data=raw["data"],
        data_root=raw["data_root"],
    )
    return options, data


def check_fresh(path: Path, data: dict[str, Any], built: Built) -> None:
    """``StalePlan`` unless ``built`` (planned now) is the plan that was saved: same spec files, same live jobs."""
    old, new = data["specs"], built.specs
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if changed:
        raise StalePlan(
            f"{path} is stale: {', '.join(changed[:5])}{' and others' if len(changed) > 5 else ''}"
            " changed since it was planned; plan again"
        )
    if data["accounts"] != built.accounts:
        raise StalePlan(f"{path} is stale: it was planned for other accounts ({data['accounts']}); plan again")
    before = {(a["target"], a["name"].lower()): a for a in data["actions"]}
    after = {(a.target, a.name.lower()): _action_record(a) for a in built.plan.actions}
    moved = sorted(
        name for key, name in ((k, k[1]) for k in before.keys() | after.keys()) if before.get(key) != after.get(key)
    )
    if moved:
        raise StalePlan(
            f"{path} is stale: the live job{'s' * (len(moved) != 1)} {', '.join(moved[:5])} changed since it was"
            " planned; plan again"
        )


def write_atomic(path: Path, text: str) -> None:
    """Write the plan file through the one atomic writer (a reader sees the old file or the new one)."""
    from . import writer
    from .errors import WriteError

    outcome = writer.write_text(path, text, writer.ANY)
    if not outcome.ok:
        raise WriteError(f"{path}: cannot write the plan: {outcome.error}")
