"""One plan (and apply) run, end to end: the only place the targets' AWS sessions live.

``Operation(options).plan()`` is the pipeline plan and apply share (terraform's local backend): load
the desired specs (``desired``: lint, errors stop; compile), group them by target, check each target's
account (STS), then read each target's live jobs (``observe``) while the data checks read the training
data, and diff (``diff.plan_target``). ``apply`` and ``wait`` reuse the same sessions. What the run
returns (``Built``, apply's ``Outcome``s) is data: no client or session leaves this object.

``connect`` (a Target -> its session: ``aws.Account``) and ``service`` (a session -> its SageMaker
interface: ``aws.sagemaker.SageMaker``) are the seams where tests put fakes instead of a server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..aws import Target
from . import apply
from .apply import Outcome, Watched
from .desired import Desired, LintFailed, load_desired, path_targets, repository_root, scope_of
from .diff import Plan, plan_target
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
    data_reads: dict[str, Any] = field(default_factory=dict)  # target label -> storage.ReadStats of its data
    calls: dict[str, int] = field(default_factory=dict)  # API calls per operation


@dataclass
class _Target:
    """One target of the run: its specs, its session and its SageMaker interface (made on this thread)."""

    specs: list[Desired]
    account: Any
    label: str
    service: Any = None


class Operation:
    """A plan, and then maybe its apply, against the targets the specs name."""

    def __init__(
        self,
        options: Options,
        connect: Callable[[Target], Any] | None = None,
        service: Callable[[Any, int], Any] | None = None,
    ):
        self.options = options
        self._connect = connect
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
        desired, hashes, notes, linted, resolver = load_desired(options)
        groups: dict[tuple, tuple[Target, list[Desired]]] = {}
        for target, spec in desired:
            groups.setdefault((target.key, target.allowed_account_ids, target.source), (target, []))[1].append(spec)
        if options.prune:
            # a folder whose specs were all deleted still names its target: prune looks there too
            for target in path_targets(options, resolver):
                groups.setdefault((target.key, target.allowed_account_ids, target.source), (target, []))
        built = Built(Plan(notes=notes), options, hashes)
        scope = tuple(scope_of(p, repository_root(Path(p).resolve())) for p in options.paths)
        targets = self._targets(groups.values(), built)
        # Every client is made here, on this thread, before a second thread uses the session (a boto3
        # session is not thread-safe; its clients are).
        for each in targets:
            each.service = self._services[each.label] = self._make_service(each.account)
        data = None
        if options.check_data:  # both only read: the data checks run while the live jobs are read
            readers = data_contexts(options, [(t.account, t.specs) for t in targets])
            built.data_reads = {t.label: context.stats for t, (context, _) in zip(_with_specs(targets), readers)}
            data = _Background(check_data, options, readers, linted, built)
        try:
            for each in targets:
                seen = observe(each.service, each.specs, options.prune)
                built.plan.actions.extend(plan_target(each.specs, seen.jobs, seen.names, each.label, seen.prune, scope))
        except Exception:
            if data is not None:
                data.result()  # a data error is reported first, as if the data had been checked first
            raise
        if data is not None:
            data.result()
        for account in {id(t.account): t.account for t in targets}.values():
            for operation, count in account.calls.items():
                built.calls[operation] = built.calls.get(operation, 0) + count
        return built

    def _targets(self, groups, built: Built) -> list[_Target]:
        """Each target's session (one per profile and region), its account checked, in plan order."""
        from ..aws import Account

        connect = self._connect or Account
        sessions: dict[tuple, Any] = {}
        out = []
        for target, specs in groups:
            account = sessions.get(target.key)
            if account is None:
                account = sessions[target.key] = connect(target)
            account_id = account.check_account(target)  # this target's guard, whoever made the session
            label = f"account {account_id}, region {account.region}" + (
                f", profile {target.profile}" if target.profile else ""
            )
            label += f" (target from {target.source})" if target.source else " (the default session)"
            built.accounts[label] = account_id
            out.append(_Target(specs, account, label))
        return out

    def _make_service(self, account: Any) -> Any:
        if self._service is not None:
            return self._service(account, self.options.parallel)
        from ..aws.sagemaker import SageMaker

        return SageMaker(account, self.options.parallel)

    def apply(self, plan: Plan, on_outcome: Callable[[Outcome], None] | None = None) -> tuple[list[Outcome], bool]:
        """Carry out the plan's changing actions through this run's sessions (``apply.run``)."""
        return apply.run(plan, self._services, on_outcome)

    def wait(
        self,
        watched: list[Watched],
        interval: float,
        show: Callable[[list[Watched]], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> bool:
        """Follow created jobs until they end (``apply.wait``) through this run's sessions."""
        return apply.wait(watched, self._services, interval, show, sleep)


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


def data_contexts(options: Options, targets: list[tuple[Any, list[Desired]]]) -> list[tuple[Any, list[Desired]]]:
    """(DataContext, specs) for each target that has specs: one context per session (specs that share a
    dataset read it once), or one local mirror for all (``options.data_root``, checked here, before
    anything is read). Made on the caller's thread, S3 clients included."""
    from ..dataset import DataContext, local_context

    if options.data_root is not None:
        mirror = local_context(Path(options.data_root))
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
) -> None:
    """The data checks (AML8xx, docs/data-checks.md) of each target's specs, each with its target's
    DataContext (``data_contexts``): lint's data phase, on the very specs the offline lint built
    (``linted``: no second read, no second parse), each rule as its file's configuration has it. Errors
    raise ``LintFailed`` (after every target was checked); warnings are kept in ``built.data_result``."""
    from ..findings import Severity
    from ..lint import LintResult, run_phase
    from ..rules import REGISTRY

    merged = LintResult()
    fatal: list[str] = []
    for context, specs in targets:
        for name in dict.fromkeys(d.file for d in specs):
            found = run_phase([linted[name]], "data", context)
            merged.findings.extend(found)
            if found:
                merged.texts[name] = linted[name].source.text
        if context.fatal is not None and str(context.fatal) not in fatal:
            fatal.append(str(context.fatal))
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
