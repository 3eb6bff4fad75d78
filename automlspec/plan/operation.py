"""One plan (and apply) run, end to end: the only place the targets' AWS sessions live.

``Operation(options).plan()`` is the pipeline plan and apply share (terraform's local backend): load
the desired specs (``desired``: lint, errors stop; compile), group them by target, check each target's
account (STS), then read each target's live jobs (``observe``) while the data checks read the training
data, and diff (``diff.plan_target``). ``apply`` and ``wait`` reuse the same sessions. What the run
returns (``Built``, apply's ``Outcome``s) is data: no client or session leaves this object.

``connect`` (a Target -> its session: ``aws.Account``), ``service`` (a session -> its SageMaker
interface: ``aws.sagemaker.SageMaker``) and ``index`` (a session -> its Resource Groups Tagging API
reader, ``aws.tagging.TagIndex``, made only for a target with ``tagging_api: true``) are the seams where
tests put fakes instead of a server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..aws import Target
from ..progress import QUIET, Progress, plural
from ..walk import at
from . import apply
from .apply import Outcome, Watched
from .desired import Desired, LintFailed, checkouts, declared, load_desired, path_targets, target_key
from .diff import CREATE, STOP, Action, Checkout, LiveJob, Plan, PlannedTarget, plan_target, prune_target
from .observe import observe
from .options import Options


@dataclass
class Built:
    """A plan with what it was computed from: data only (no client, no session)."""

    plan: Plan
    options: Options
    specs: dict[str, str] = field(default_factory=dict)  # spec file -> sha256 of its bytes
    accounts: dict[str, str] = field(default_factory=dict)  # target label -> account id
    data_result: Any = None  # lint.LintResult of the data checks: their warnings (errors stop the plan)
    lint_results: list[Any] = field(default_factory=list)  # lint.LintResult: lint's warnings and info (desired)
    data_reads: dict[str, Any] = field(default_factory=dict)  # target label -> storage.ReadStats of its data
    calls: dict[str, int] = field(default_factory=dict)  # API calls per operation


@dataclass
class _Target:
    """One target of the run: its specs, its session and its SageMaker interface (made on this thread)."""

    specs: list[Desired]
    account: Any
    label: str
    target: Target
    account_id: str = ""
    service: Any = None
    index: Any = None  # the tagging API's reader (aws.tagging.TagIndex), only when the target asks for it

    @property
    def place(self) -> tuple[str, str | None]:
        """(account id, region): where its jobs live; two targets of one place see the same jobs."""
        return self.account_id, getattr(self.account, "region", None) or self.target.region


class Operation:
    """A plan, and then maybe its apply, against the targets the specs name."""

    def __init__(
        self,
        options: Options,
        connect: Callable[[Target], Any] | None = None,
        service: Callable[[Any, int], Any] | None = None,
        notice: Callable[[str], None] | None = None,
        base: Path | None = None,
        progress: Progress = QUIET,
        index: Callable[[Any], Any] | None = None,
    ):
        self.options = options
        self._index = index
        self.base = base  # the planned paths are relative to it (a saved plan: where plan ran); None: here
        self._connect = connect
        self._notice = notice  # told of every wait on a throttled AWS call (the command's progress line)
        self._progress = progress  # told of the phases while AWS answers (``progress.Progress``)
        self._service = service
        self._services: dict[str, Any] = {}  # target label -> its SageMaker interface

    def plan(self) -> Built:
        """The plan for the options: desired specs against each target's live jobs.

        Order, so that nothing is read before it may be: lint offline (errors stop); per target, check
        the account (STS); then read the live jobs and, unless ``options.check_data`` is off, check the
        training data the specs name, each target with its own session. Both only read, so they run at
        the same time; data errors stop the plan like lint errors, and are reported before any error
        reading the jobs."""
        options = self.options
        reading = self._progress.phase("reading the specs")
        try:
            desired, hashes, notes, linted, resolver, warnings = load_desired(options, self.base)
        finally:
            reading.done()
        built = Built(Plan(notes=notes), options, hashes, lint_results=warnings)
        # what prune may touch, and the job names every YAML file of the checkouts still gives (read
        # before any AWS call: it is the desired side)
        scopes = checkouts(options, resolver, self.base) if options.prune else []
        still = declared([root for _, root in scopes], options, resolver, self.base) if options.prune else {}
        targets = self._targets(_groups(options, desired, resolver, self.base), built)
        # Every client is made here, on this thread, before a second thread uses the session (a boto3
        # session is not thread-safe; its clients are).
        indexes: dict[int, Any] = {}  # one index reader per session: targets that share it read it once
        for each in targets:
            each.service = self._services[each.label] = self._make_service(each.account)
            if each.target.tagging_api and each.specs:  # opt-in (docs/plan.md); after the account check
                if id(each.account) not in indexes:
                    indexes[id(each.account)] = self._make_index(each.account)
                each.index = indexes[id(each.account)]
        data = None
        if options.check_data:  # both only read: the data checks run while the live jobs are read
            readers = data_contexts(options, [(t.account, t.specs) for t in targets], self.base)
            built.data_reads = {t.label: context.stats for t, (context, _) in zip(_with_specs(targets), readers)}
            data = _Background(check_data, options, readers, linted, built, self._progress)
        try:
            self._observe(targets, built, scopes, still)
        except Exception:
            if data is not None:
                data.result()  # a data error is reported first, as if the data had been checked first
            raise
        if data is not None:
            data.result()
        _finish(built, targets)
        return built

    def _observe(self, targets: list[_Target], built: Built, scopes: list, still: dict) -> None:
        """Read each target's live jobs and plan its specs against them (``diff.plan_target``); with
        --prune, stop only what ``prune_target`` proves this repository created and this checkout deleted
        (``scopes``: each planned path's checkout; ``still``: the job names its files still give)."""
        options = self.options
        pruned: set[str] = set()  # the ARNs a target of this run has already judged for prune
        unread: set[int] = set()  # the indexes (one per session) whose failure the plan already notes
        for each in targets:
            reading = self._progress.phase(
                f"reading the jobs in {getattr(each.account, 'region', None) or 'the default region'}"
            )
            try:
                seen = observe(each.service, each.specs, options.prune, reading, each.index)
            finally:
                reading.done()
            if seen.index_error is not None and id(each.index) not in unread:  # once per session
                unread.add(id(each.index))
                built.plan.notes.append(
                    f"{each.label}: the Resource Groups Tagging API could not be read ({seen.index_error}); the"
                    " tags of every job were read with sagemaker:ListTags instead (target tagging_api: true)"
                )
            actions = plan_target(each.specs, seen.jobs, seen.names, each.label)
            if options.prune:
                candidates = [job for job in seen.prune if job.arn.lower() not in pruned]
                pruned.update(job.arn.lower() for job in candidates)  # targets of one place: judged once
                given = _kept_names(each, targets, still)
                stops, kept = prune_target(candidates, given, _with_history(scopes, candidates), each.label)
                actions += stops
                built.plan.kept.extend(kept)
            built.plan.actions.extend(actions)
            note = self._quota_note(each, seen.running, actions)
            if note:
                built.plan.notes.append(note)

    def _targets(self, groups, built: Built) -> list[_Target]:
        """Each target's session (one per profile and region), its account checked, in plan order."""
        from ..aws import Account

        connect = self._connect or (lambda target: Account(target, notice=self._notice))
        sessions: dict[tuple, Any] = {}
        out = []
        connecting = self._progress.phase("connecting to AWS")
        try:
            for target, specs in groups:
                account = sessions.get(target.key)
                if account is None:
                    account = sessions[target.key] = connect(target)
                account_id = account.check_account(target)  # this target's guard, whoever made the session
                label = f"account {account_id}, region {account.region}" + (
                    f", profile {target.profile}" if target.profile else ""
                )
                label += f" (target from {target.source})" if target.source else " (the default session)"
                if label not in built.accounts:  # two guards of one configuration file share a label
                    region = getattr(account, "region", None) or None
                    built.plan.targets.append(PlannedTarget(label, account_id, region, target.profile, target.source))
                built.accounts[label] = account_id
                out.append(_Target(specs, account, label, target, account_id))
        finally:
            connecting.done()
        return out

    def _quota_note(self, each: _Target, running: int, actions: list[Action]) -> str | None:
        """A warning when the jobs running in the target's account, less the ones this plan stops, plus
        the ones it creates, exceed how many AutoML jobs the account may run at once: its quota from
        Service Quotas when the credentials may read it, else the documented default of the region
        (``facts.CONCURRENT_JOBS_DEFAULTS``). Service Quotas is asked only when the plan creates more
        than the smallest quota allows."""
        from .. import facts

        creates = sum(1 for a in actions if a.action == CREATE)
        stops = sum(1 for a in actions if a.action == STOP)
        total = running - stops + creates
        if not creates or total <= facts.CONCURRENT_JOBS_ELSEWHERE:
            return None
        region = str(getattr(each.account, "region", "") or "")
        value = None
        if hasattr(each.account, "client"):  # a real session (tests may plan with a fake one)
            from ..aws.service_quotas import quota

            value = quota(each.account, *facts.CONCURRENT_JOBS_QUOTA)
        if value is not None:
            limit, source = int(value), f"its quota in Service Quotas, {facts.CONCURRENT_JOBS_QUOTA[1]}"
        else:
            limit = facts.CONCURRENT_JOBS_DEFAULTS.get(region, facts.CONCURRENT_JOBS_ELSEWHERE)
            source = f"the documented default in {region or 'this region'}; Service Quotas gave no value"
        if total <= limit:
            return None
        stopping = f", stops {stops}" if stops else ""
        return (
            f"{each.label}: {running} AutoML job{' is' if running == 1 else 's are'} running and this plan creates"
            f" {creates}{stopping}, {total} in all: more than the {limit} AutoML jobs the account may run at once"
            f" ({source}); creates beyond it fail with ResourceLimitExceeded until running jobs end"
        )

    def _make_index(self, account: Any) -> Any:
        if self._index is not None:
            return self._index(account)
        from ..aws.tagging import TagIndex

        return TagIndex(account)

    def _make_service(self, account: Any) -> Any:
        if self._service is not None:
            return self._service(account, self.options.parallel)
        from ..aws.sagemaker import SageMaker

        return SageMaker(account, self.options.parallel)

    def apply(self, plan: Plan, on_outcome: Callable[[Outcome], None] | None = None) -> tuple[list[Outcome], bool]:
        """Carry out the plan's changing actions through this run's sessions (``apply.run``)."""
        return apply.run(plan, self._services, on_outcome, self._progress)

    def wait(
        self,
        watched: list[Watched],
        interval: float,
        show: Callable[[list[Watched]], None],
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> bool:
        """Follow created jobs until they end (``apply.wait``) through this run's sessions."""
        return apply.wait(watched, self._services, interval, show, sleep, clock)


def _finish(built: Built, targets: list[_Target]) -> None:
    """The plan's warnings (lint's, then the data checks': the JSON's ``warnings``) and the calls made."""
    results = [*built.lint_results, *([built.data_result] if built.data_result is not None else [])]
    built.plan.warnings = [f.to_json() for r in results for f in r.findings]
    for account in {id(t.account): t.account for t in targets}.values():
        for operation, count in account.calls.items():
            built.calls[operation] = built.calls.get(operation, 0) + count


def _kept_names(each: _Target, targets: list[_Target], still: dict[tuple, frozenset[str]]) -> frozenset[str]:
    """The job names prune keeps in ``each``'s account and region: every name a YAML file of the
    checkouts gives for a target that is, or may be, that place, whichever configuration file named it.
    Two folders of one account and region (a sub-folder's own ``target:``, another guard, ``tagging_api``)
    are different targets of one place, and neither may prune the other's jobs. A target this run
    connected is known by its account id and region; one it did not (a file outside the planned paths,
    with a session of its own) could be any account, so its names are kept wherever its region may be the
    same: keeping a job is the mistake that loses nothing."""
    account, region = each.place
    known = {t.target.key: t.place for t in targets}  # one session (profile, region): one account
    names: set[str] = set()
    for key, found in still.items():
        session = key[0]
        if session in known:
            shared = known[session] == (account, region)
        else:
            shared = session[1] is None or region is None or session[1] == region
        if shared:
            names.update(found)
    return frozenset(names)


def _with_history(scopes: list[tuple[Checkout, Path | None]], candidates: list[LiveJob]) -> tuple[Checkout, ...]:
    """The checkouts with git's answers about the commits the prune candidates of one target name:
    does HEAD contain the commit, and does the commit hold the spec (``diff.prunable`` reads them).
    git is asked only about the candidates of this repository."""
    from dataclasses import replace

    from .. import repository
    from .diff import CONTAINED, NOT_CONTAINED, NOT_HELD, provenance

    out = []
    for checkout, root in scopes:
        history: dict[tuple[str, str], str] = {}
        for job in candidates:
            mine, commit, path = provenance(job, [checkout])
            if not mine or not commit or path is None or root is None or (commit, path) in history:
                continue
            if not repository.contains(root, commit):
                history[(commit, path)] = NOT_CONTAINED
            else:
                history[(commit, path)] = CONTAINED if repository.holds(root, commit, path) else NOT_HELD
        out.append(replace(checkout, history=history))
    return tuple(out)


def _groups(
    options: Options, desired: list[tuple[Target, Desired]], resolver: Any, base: Path | None
) -> list[tuple[Target, list[Desired]]]:
    """The specs by target, in plan order; with --prune, a planned folder's target even when it holds no
    spec any more (its specs were all deleted: prune looks there too)."""
    groups: dict[tuple, tuple[Target, list[Desired]]] = {}
    for target, spec in desired:
        groups.setdefault(target_key(target), (target, []))[1].append(spec)
    if options.prune:
        for target in path_targets(options, resolver, base):
            groups.setdefault(target_key(target), (target, []))
    return list(groups.values())


def _with_specs(targets: list[_Target]) -> list[_Target]:
    return [t for t in targets if t.specs]


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


def data_contexts(
    options: Options, targets: list[tuple[Any, list[Desired]]], base: Path | None = None
) -> list[tuple[Any, list[Desired]]]:
    """(DataContext, specs) for each target that has specs: one context per session (specs that share a
    dataset read it once), or one local mirror for all (``options.data_root``, checked here, before
    anything is read). Made on the caller's thread, S3 clients included."""
    from ..dataset import DataContext, local_context

    if options.data_root is not None:
        mirror = local_context(at(base, options.data_root))
        return [(mirror, specs) for _, specs in targets if specs]
    from ..aws.s3 import S3Reader

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
    linted: dict[str, Any],
    built: Built,
    progress: Progress = QUIET,
) -> None:
    """The data checks (AML8xx, docs/data-checks.md) of each target's specs, each with its target's
    DataContext (``data_contexts``): lint's data phase, on the very specs the offline lint built
    (``linted``: no second read, no second parse), each rule as its file's configuration has it. Errors
    raise ``LintFailed`` (after every target was checked); warnings are kept in ``built.data_result``."""
    from ..findings import Severity
    from ..lint import LintResult
    from ..rules import REGISTRY

    merged = LintResult()
    files = sum(len(dict.fromkeys(d.file for d in specs)) for _, specs in targets)
    checking = progress.phase(f"checking the training data of {plural(files, 'spec file')}")
    try:
        fatal = _data_phase(targets, linted, merged, checking)
    finally:
        checking.done()
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


def _data_phase(
    targets: list[tuple[Any, list[Desired]]], linted: dict[str, Any], merged: Any, checking: Any
) -> list[str]:
    """Lint's data phase on each target's spec files, into ``merged``; ``checking`` counts the files.
    Returns what stopped a target's reader from reading anything (each reason once)."""
    from ..lint import run_phase

    fatal: list[str] = []
    for context, specs in targets:
        for name in dict.fromkeys(d.file for d in specs):
            found = run_phase([linted[name]], "data", context)
            checking.advance()
            merged.findings.extend(found)
            if found:
                merged.texts[name] = linted[name].source.text
        if context.fatal is not None and str(context.fatal) not in fatal:
            fatal.append(str(context.fatal))
    return fatal
