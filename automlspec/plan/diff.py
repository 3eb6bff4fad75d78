"""The plan's data and its one pure function: desired jobs (compiled specs) and live jobs (Describe +
ListTags) -> actions. Reading either side is ``plan.desired`` and ``plan.observe``; nothing here does I/O.

AutoML jobs cannot be updated or deleted; only their tags change, and a running job can be stopped
(reference C; https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Operations_Amazon_SageMaker_Service.html
lists no UpdateAutoMLJob and no DeleteAutoMLJob). So one spec gives one action:

- ``create``: no live job has its name (names compare case-insensitively, as AWS does);
- ``noop``: the live job matches;
- ``update-tags``: only tags differ;
- ``conflict``: a field that cannot change differs; the spec needs a new AutoMLJobName;
- ``stop`` (with ``--prune``): a running job this repository can prove it created and this checkout
  deliberately deleted (``prunable``); every other running job of this repository that no spec names is
  *kept*, and the plan says why (``Kept``).

No spurious differences (ACK's late initialisation is the model: the service may fill what the spec
left out). Both sides are put in one shape: the live job as a request (``jobs.request``), the documented
defaults resolved on both (``resolve``), then only what the spec declares is compared. A field the
service filled that the spec omits is never a difference. The tags this tool writes (``automlspec:*``),
the services' (``aws:*``, ``sagemaker:*``) and the project configuration's ``ignore_tags`` are never
differences either: never added, changed or deleted by an update.
"""

from __future__ import annotations

import copy
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..jobs import lifecycle
from ..jobs.lifecycle import Status
from ..jobs.request import COMMIT_TAG, HASH_TAG, PROJECT_TAG, SPEC_TAG, TOOL_TAG_PREFIX, user_tags
from ..jobs.request import request as request_of
from ..paths import FieldPath

CREATE, NOOP, UPDATE_TAGS, CONFLICT, STOP = "create", "noop", "update-tags", "conflict", "stop"
ACTIONS = (CREATE, UPDATE_TAGS, STOP, CONFLICT, NOOP)
CHANGING = frozenset({CREATE, UPDATE_TAGS, STOP})
SYMBOLS = {CREATE: "+", UPDATE_TAGS: "~", STOP: "-", CONFLICT: "!", NOOP: "="}
API = "v2"
_NUMBERED = re.compile(r"(?P<stem>.*?)-(?:v)?(?P<number>\d+)")


@dataclass(frozen=True)
class Desired:
    """One spec document, compiled to the CreateAutoMLJobV2 request apply would send."""

    name: str
    file: str  # as displayed (relative to the working directory)
    spec_tag: str  # the spec's path relative to the repository root (+ ":N" for document N > 1)
    request: dict[str, Any]  # without the tool's tags
    target: str = ""  # the target's label (Target.describe())
    project: str | None = None  # the repository's identity (``automlspec:project``); None: it has none
    commit: str | None = None  # the commit the checkout is at (``automlspec:commit``); None: no git commit
    ignore: Any = None  # the project configuration's ``ignore_tags`` (config.IgnoreTags), or None

    @property
    def hash(self) -> str:
        return request_hash(self.request)

    def create_request(self) -> dict[str, Any]:
        """The request apply sends: the spec's, with the tool's tags after the spec's own: the spec's path
        and hash, and the repository and commit it was created from, when there are ones (what
        ``prunable`` later trusts)."""
        request = copy.deepcopy(self.request)
        request["Tags"] = [t for t in request.get("Tags", []) if not str(t.get("Key")).startswith(TOOL_TAG_PREFIX)]
        request["Tags"] += [{"Key": SPEC_TAG, "Value": self.spec_tag}, {"Key": HASH_TAG, "Value": self.hash}]
        if self.project:
            request["Tags"].append({"Key": PROJECT_TAG, "Value": self.project})
        if self.commit:
            request["Tags"].append({"Key": COMMIT_TAG, "Value": self.commit})
        return request


@dataclass(frozen=True)
class LiveJob:
    """One live job as plan sees it: the request that would create it, its tags, its status.

    ``request`` is None for a job that was not described because its ``automlspec:hash`` tag shows it was
    created from exactly the spec's request (``created_from``): a job cannot change after creation, so
    there is nothing to compare but its tags."""

    name: str
    arn: str
    status: Status
    request: dict[str, Any] | None  # jobs.request.request(describe), without Tags; None: see above
    tags: tuple[tuple[str, str], ...]  # every tag, as ListTags gave them
    # the tags are the Resource Groups Tagging API's (plan.observe): only ever a noop's (``plans_noop``)
    indexed: bool = False

    @classmethod
    def from_aws(cls, describe: dict[str, Any], tags: list[dict[str, str]]) -> LiveJob:
        return cls._of(describe, request_of(describe), tags)

    @classmethod
    def from_summary(cls, summary: dict[str, Any], tags: list[dict[str, str]], indexed: bool = False) -> LiveJob:
        """A job known from its ListAutoMLJobs summary (name, ARN, status) and its tags, not described."""
        return cls._of(summary, None, tags, indexed)

    @classmethod
    def _of(
        cls, answer: dict[str, Any], request: dict[str, Any] | None, tags: list[dict[str, str]], indexed: bool = False
    ) -> LiveJob:
        """Describe and the listing's summaries share the name, ARN and status keys."""
        return cls(
            str(answer.get("AutoMLJobName", "")),
            str(answer.get("AutoMLJobArn", "")),
            lifecycle.status(answer),
            request,
            tuple((str(t.get("Key")), str(t.get("Value", ""))) for t in tags),
            indexed,
        )

    @property
    def tag_list(self) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in self.tags]

    @property
    def fingerprint(self) -> str:
        """What can change about the job between plan and apply: its tags and whether it runs (a job's
        request never changes, and its ARN names it). A saved plan is stale when this changes."""
        # tags sorted: ListTags and the tagging API's index may give one job's tags in different orders
        return _digest({"arn": self.arn, "tags": sorted(self.tags), "running": self.status.running})


def created_from(spec: Desired, tags: list[dict[str, str]]) -> bool:
    """Whether a live job's tags say this tool created it from exactly ``spec``'s request: its
    ``automlspec:hash`` tag is the hash of that request (name included). Such a job need not be
    described: what it was created with cannot have changed. Any other value (another spec, an older
    compile, a hand-edited tag) means it is described and compared field by field."""
    values = [t.get("Value") for t in tags if t.get("Key") == HASH_TAG]
    return values == [spec.hash]


def plans_noop(spec: Desired, tags: list[dict[str, str]]) -> bool:
    """Whether ``plan_target`` gives ``spec`` a noop for a live job with ``tags``, without describing it:
    the tags show that the job was created from exactly the spec's request (``created_from``), and the
    user's tags are the spec's (``tag_changes`` finds nothing). What plan/observe asks of the Resource
    Groups Tagging API's tags before it trusts them; any other answer sends the job to ListTags."""
    return created_from(spec, tags) and not tag_changes(spec.request.get("Tags", []), tags, spec.ignore)[2]


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any
    default: bool | None = None  # a create's field: True for a documented default the spec leaves out

    def to_json(self) -> dict[str, Any]:
        out = {"path": self.path, "before": self.before, "after": self.after}
        if self.default is not None:
            out["default"] = self.default
        return out


@dataclass(frozen=True)
class Action:
    action: str
    name: str
    file: str | None
    target: str = ""
    status: Status | None = None
    changes: tuple[Change, ...] = ()
    arn: str | None = None
    suggested_name: str | None = None
    request: dict[str, Any] | None = None  # create: what will be sent (with the tool's tags)
    add_tags: tuple[tuple[str, str], ...] = ()  # update-tags: keys to add or change
    remove_tags: tuple[str, ...] = ()  # update-tags: keys to delete
    live_fingerprint: str | None = None  # None: no live job
    spec_tag: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "file": self.file,
            "action": self.action,
            "status": self.status.status if self.status else None,
            "secondary_status": self.status.secondary if self.status else None,
            "target": self.target,
            "changes": [c.to_json() for c in self.changes],
        }
        if self.suggested_name:
            out["suggested_name"] = self.suggested_name
        return out


@dataclass(frozen=True)
class Kept:
    """A running job of this repository that no spec names, which --prune does not stop, and why."""

    name: str
    target: str
    spec_tag: str  # its automlspec:spec tag, as the job carries it
    reason: str  # "created from commit ..., which this checkout does not contain; pull first"
    status: Status | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "spec_tag": self.spec_tag, "reason": self.reason}


@dataclass(frozen=True)
class PlannedTarget:
    """A target as the plan met it: its label (what ``Action.target`` and ``Kept.target`` hold), the
    account its session is in, its region, its profile, and the configuration file that named it
    (None: the default session)."""

    label: str
    account: str
    region: str | None = None
    profile: str | None = None
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.label,
            "account": self.account,
            "region": self.region,
            "profile": self.profile,
            "source": self.source,
        }


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)  # with --prune: the jobs not stopped, and why
    warnings: list[dict[str, Any]] = field(default_factory=list)  # lint's and the data checks', as lint's JSON
    targets: list[PlannedTarget] = field(default_factory=list)  # in plan order

    def count(self, action: str) -> int:
        return sum(1 for a in self.actions if a.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}

    @property
    def has_changes(self) -> bool:
        return any(a.action in CHANGING for a in self.actions)

    @property
    def conflicts(self) -> list[Action]:
        return [a for a in self.actions if a.action == CONFLICT]

    def summary_line(self) -> str:
        n = self.summary
        conflicts = f"{n[CONFLICT]} conflict{'s' * (n[CONFLICT] != 1)}"
        return (
            f"Plan: {n[CREATE]} to create, {n[UPDATE_TAGS]} to update tags, {n[STOP]} to stop, {conflicts}."
            if self.has_changes or n[CONFLICT]
            else f"No changes. The live jobs match the specs ({n[NOOP]} unchanged)."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "actions": [a.to_json() for a in self.actions],
            "summary": self.summary,
            "notes": list(self.notes),
            "kept": [k.to_json() for k in self.kept],
            "warnings": list(self.warnings),
            "targets": [t.to_json() for t in self.targets],
        }


# ----- hashing -----------------------------------------------------------------------------------------


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_hash(request: dict[str, Any]) -> str:
    """The ``automlspec:hash`` tag: the compiled request without its tags (tags can change, the rest cannot)."""
    return _digest({k: v for k, v in request.items() if k != "Tags"})


# ----- the diff ------------------------------------------------------------------------------------------


def _normalised(request: dict[str, Any]) -> dict[str, Any]:
    """The request without name and tags, with the documented defaults filled (``automlspec resolve``)."""
    from ..resolve import resolve

    data = {k: copy.deepcopy(v) for k, v in request.items() if k not in ("AutoMLJobName", "Tags")}
    return resolve(data, API, documented=True).request


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def diff(desired: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """Each field the spec declares (after documented defaults) whose live value differs; ``before`` is
    the live value (None: the live job has none), ``after`` the spec's."""
    out: list[Change] = []

    def walk(want: Any, have: Any, path: FieldPath) -> None:
        if isinstance(want, dict) and isinstance(have, dict):
            for key, item in want.items():
                if key not in have:
                    out.append(Change(str(path / key), None, item))
                else:
                    walk(item, have[key], path / key)
        elif isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
            for index, (item, other) in enumerate(zip(want, have, strict=True)):
                walk(item, other, path / index)
        elif not _same(want, have):
            out.append(Change(str(path), have, want))

    walk(_normalised(desired), _normalised(current), FieldPath())
    return out


def _tag_path(key: str) -> str:
    return f"Tags.{key}" if re.fullmatch(r"[\w-]+", key) else f'Tags["{key}"]'


def create_fields(request: dict[str, Any]) -> tuple[Change, ...]:
    """What a create sends, as terraform lists a new resource's attributes: each value the spec sets
    (after the project configuration's defaults), in the model's member order, and the documented
    defaults the service will use for what it leaves out (``automlspec resolve``'s), marked ``default``.
    A list of plain values is one field; the spec's tags are ``Tags.KEY``; the job name is the action's
    own (and the tags apply adds, ``automlspec:*``, are documented, not listed)."""
    from ..compile import canonical
    from ..paths import get, leaves
    from ..resolve import resolve

    resolved = resolve({k: v for k, v in request.items() if k != "Tags"}, API, documented=True)
    defaults = {entry.path for entry in resolved.filled}
    tree = canonical(resolved.request, model.root_shape(API))

    def whole(path: FieldPath) -> bool:
        value = get(tree, path)
        return isinstance(value, list) and not any(isinstance(item, dict | list) for item in value)

    out = [
        Change(
            str(path), None, get(tree, path), path in defaults or any(path[:n] in defaults for n in range(len(path)))
        )
        for path in leaves(tree, whole)
        if path[0] != "AutoMLJobName"
    ]
    tags = [t for t in request.get("Tags", []) if not str(t.get("Key")).startswith(TOOL_TAG_PREFIX)]
    out += [Change(_tag_path(str(t.get("Key"))), None, t.get("Value"), False) for t in tags]
    return tuple(out)


def tag_changes(
    desired: list[dict[str, str]], current: list[dict[str, str]], ignore: Any = None
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], list[Change]]:
    """(tags to add or change, keys to remove, the changes to show) between the users' tags: never a key
    of ours, of a service, or one ``ignore`` (the configuration's ``ignore_tags``) covers."""
    want = {t["Key"]: t["Value"] for t in user_tags(desired, ignore)}
    have = {t["Key"]: t["Value"] for t in user_tags(current, ignore)}
    add = tuple((k, v) for k, v in want.items() if have.get(k) != v)
    remove = tuple(k for k in have if k not in want)
    changes = [Change(_tag_path(k), have.get(k), v) for k, v in add]
    changes += [Change(_tag_path(k), have[k], None) for k in remove]
    return add, remove, changes


def suggest_name(name: str, taken: Iterable[str]) -> str:
    """A free job name close to ``name``: its number raised (``churn-v2`` -> ``churn-v3``), else ``-2``."""
    used = {t.lower() for t in taken}
    match = _NUMBERED.fullmatch(name)
    stem, number, prefix = name, 1, "-"
    if match:
        stem, number = match["stem"], int(match["number"])
        prefix = name[len(stem) : len(name) - len(match["number"])]
    while True:
        number += 1
        suffix = f"{prefix}{number}"
        candidate = stem[: model.shape("AutoMLJobName")["max"] - len(suffix)].rstrip("-") + suffix
        if candidate.lower() not in used:
            return candidate


def spec_path(spec_tag: str) -> str | None:
    """The file of an ``automlspec:spec`` tag (``dir/file.yaml`` or ``dir/file.yaml:2``), or None when
    it is not a path automlspec writes: relative, normalised, inside the repository (so that
    ``specs/../prod/x.yaml`` is never taken for a file under ``specs/``)."""
    path = spec_tag.rsplit(":", 1)[0] if re.search(r":\d+\Z", spec_tag) else spec_tag
    if not path or path.startswith("/") or "\\" in path or posixpath.normpath(path) != path or path.startswith(".."):
        return None
    return path


def _inside(path: str, scope: str) -> bool:
    """Whether a normalised spec path lies in ``scope`` (a planned path, relative to the repository)."""
    scope = posixpath.normpath(scope) if scope else "."
    return scope == "." or path == scope or path.startswith(scope + "/")


@dataclass(frozen=True)
class Checkout:
    """What this checkout can prove, for one path given to plan: ``prefix`` is the path relative to the
    repository root (what prune may touch), ``project`` the repository's identity (None: it has none,
    and nothing is pruned), ``history`` git's answers about the commits the candidate jobs name:
    (commit, spec path) -> CONTAINED (HEAD contains the commit and the commit holds the spec),
    NOT_CONTAINED or NOT_HELD. Filled by the run (``plan.operation``), which asks git; read here only."""

    prefix: str
    project: str | None
    history: Mapping[tuple[str, str], str] = field(default_factory=dict)


CONTAINED, NOT_CONTAINED, NOT_HELD = "contained", "not contained", "not held"


def provenance(job: LiveJob, checkouts: Iterable[Checkout]) -> tuple[list[Checkout], str | None, str | None]:
    """(the checkouts a running job's tags point into, its commit, its spec path): what ``prunable``
    must ask git about. A job without ``automlspec:spec``, or of another repository, points nowhere."""
    tags = dict(job.tags)
    origin, project = tags.get(SPEC_TAG), tags.get(PROJECT_TAG)
    path = spec_path(origin) if origin else None
    if path is None:
        return [], None, None
    mine = [c for c in checkouts if _inside(path, c.prefix) and c.project is not None and c.project == project]
    return mine, tags.get(COMMIT_TAG), path


def prunable(job: LiveJob, checkouts: Iterable[Checkout]) -> str | None:
    """None when --prune may stop ``job`` (a running job no spec names), else why not, or "" when the
    job is not this repository's at all (it is then not even mentioned).

    Only a job this repository can prove it created and this checkout deliberately deleted is stopped:
    its ``automlspec:project`` is this checkout's identity, its ``automlspec:spec`` a normalised path
    inside a planned path, and its ``automlspec:commit`` a commit HEAD contains that holds that spec.
    (That no file of the checkout names the job any more is the caller's part: ``prune_target``.)"""
    checkouts = list(checkouts)
    tags = dict(job.tags)
    origin = tags.get(SPEC_TAG)
    if origin is None:
        return ""  # made by hand or by another tool
    path = spec_path(origin)
    project = tags.get(PROJECT_TAG)
    ours = [c for c in checkouts if c.project is not None and c.project == project]
    if path is None:
        return f"its {SPEC_TAG} tag {origin!r} is not a path automlspec writes" if ours else ""
    inside = [c for c in checkouts if _inside(path, c.prefix)]
    if not inside:
        return ""  # outside what was planned
    unproven = _unproven_identity(inside, project)
    if unproven is not None:
        return unproven
    mine, commit, _ = provenance(job, inside)
    if not mine:
        return ""  # another repository's job
    if not commit:
        return f"it carries no {COMMIT_TAG} tag: the commit it was created from is unknown"
    return _history_verdict({c.history.get((commit, path)) for c in mine}, commit, path)


def _unproven_identity(inside: list[Checkout], project: str | None) -> str | None:
    """Why no identity can prove the job is this repository's (the checkouts', or the job's), or None."""
    if all(c.project is None for c in inside):
        return (
            "this checkout has no repository identity (set `project:` in the project configuration, or add a git"
            " remote named origin); without one nothing proves a job is this repository's"
        )
    if project is None:
        return (
            f"it carries no {PROJECT_TAG} tag (made by hand, or by an automlspec older than the tag), so nothing"
            " proves this repository created it; stop it by hand if it is yours"
        )
    return None


def _history_verdict(answers: set, commit: str, path: str) -> str | None:
    """None when a checkout's history holds the spec at the job's commit, else why --prune may not stop it."""
    if CONTAINED in answers:
        return None
    if NOT_HELD in answers:
        return (
            f"the commit it was created from, commit {commit[:12]} does not hold {path}: it was applied before the"
            " spec was committed, so this repository's history does not show it"
        )
    return f"created from commit {commit[:12]}, which this checkout does not contain; pull first"


# ----- the plan ---------------------------------------------------------------------------------------------


def plan_target(
    desired: list[Desired],
    jobs: dict[str, LiveJob],
    names: Iterable[str],
    target: str = "",
) -> list[Action]:
    """The actions for one target's specs (one account and region).

    ``jobs``: the described live jobs that have specs, by lower-cased name. ``names``: every job name
    in the account (from ListAutoMLJobs), so that a suggested new name is free."""
    taken = set(names) | {d.name for d in desired}
    out: list[Action] = []
    for spec in desired:
        job = jobs.get(spec.name.lower())
        if job is None:
            out.append(
                Action(
                    CREATE,
                    spec.name,
                    spec.file,
                    target,
                    changes=create_fields(spec.request),
                    request=spec.create_request(),
                    spec_tag=spec.spec_tag,
                )
            )
            continue
        fields = [] if job.request is None else diff(spec.request, job.request)
        add, remove, tag_diff = tag_changes(spec.request.get("Tags", []), job.tag_list, spec.ignore)
        if job.indexed and (fields or tag_diff):  # plan.observe gives the index's tags to noops only
            raise RuntimeError(f"{job.name}: a change planned on the tagging API's tags, not ListTags' (a bug)")
        common: dict[str, Any] = {
            "target": target,
            "status": job.status,
            "arn": job.arn,
            "live_fingerprint": job.fingerprint,
        }
        if fields:
            suggestion = suggest_name(spec.name, taken)
            taken.add(suggestion)
            out.append(
                Action(CONFLICT, job.name, spec.file, changes=tuple(fields), suggested_name=suggestion, **common)
            )
        elif tag_diff:
            out.append(
                Action(
                    UPDATE_TAGS,
                    job.name,
                    spec.file,
                    changes=tuple(tag_diff),
                    add_tags=add,
                    remove_tags=remove,
                    **common,
                )
            )
        else:
            out.append(Action(NOOP, job.name, spec.file, **common))
    return out


def prune_target(
    candidates: list[LiveJob],
    declared: frozenset[str],
    checkouts: tuple[Checkout, ...],
    target: str = "",
) -> tuple[list[Action], list[Kept]]:
    """--prune for one target: (the stops, the jobs of this repository kept and why).

    ``candidates``: the target's running jobs that no planned spec names, with their tags. ``declared``:
    the lower-cased job names some YAML file of the checkout still gives (an excluded file, or one
    outside the planned paths): those jobs are not deleted, only not planned. Every other candidate is
    stopped only if ``prunable`` against ``checkouts`` (one per path given to plan)."""
    out: list[Action] = []
    kept: list[Kept] = []
    for job in candidates:
        if job.name.lower() in declared or not job.status.running:
            continue
        reason = prunable(job, checkouts)
        if reason == "":
            continue
        origin = dict(job.tags).get(SPEC_TAG, "")
        if reason is not None:
            kept.append(Kept(job.name, target, origin, reason, job.status))
            continue
        out.append(
            Action(
                STOP,
                job.name,
                None,
                target,
                job.status,
                arn=job.arn,
                live_fingerprint=job.fingerprint,
                spec_tag=origin,
            )
        )
    return out, kept
