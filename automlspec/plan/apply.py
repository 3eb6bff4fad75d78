"""The only module that changes AWS: it carries out a plan's actions, one at a time.

- ``create``: CreateAutoMLJobV2 with the spec's tags plus ``automlspec:spec`` and ``automlspec:hash``.
- ``update-tags``: DeleteTags for the keys the spec dropped, then AddTags for the added and changed keys
  (AddTags "adds or overwrites", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AddTags.html).
- ``stop``: StopAutoMLJob.

Stops run first, then tag updates, then creates: a running job stopped frees its place in the account's
concurrent AutoML job quota before a new one needs it (issue 20, section 4).

One failing action does not stop the others; each outcome keeps AWS's own message. Ctrl-C (and SIGTERM,
with which CI cancels a job) stops before the next action; the action in flight is reported as "may have
happened" (its request may have reached AWS), the others as not done. Conflicts are refused before
anything runs (the CLI checks), and noops send nothing, so applying twice changes nothing the second time.

The account moves on by itself and is eventually consistent, so two answers are not failures of the
plan: ResourceInUse on create means a job of that name exists now (someone created it since the plan,
or the listing had not shown it yet): "not done; plan again". A StopAutoMLJob refused because the job
ended meanwhile is done: Describe confirms it. And ``wait`` gives a job it has just created a grace
period in which DescribeAutoMLJobV2 may still answer not-found.

``clients`` map a target label to its ``aws.sagemaker.SageMaker``; they belong to the run that made the
plan (``operation.Operation``), which passes them here: no result carries them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import AwsError
from ..jobs import lifecycle
from ..jobs.status import Best, best_of
from ..progress import QUIET, Progress
from .diff import CREATE, STOP, UPDATE_TAGS, Action, Plan

DONE, FAILED, NOT_DONE = "done", "failed", "not done"
# An action whose request was sent but whose answer never came (Ctrl-C or SIGTERM while it was in flight,
# or the call's deadline): AWS may have carried it out, so it is never reported as not done.
MAYBE = "may have happened"
_MAYBE_NOTE = "interrupted while in flight: it may have happened; run `automlspec plan` to see"
#: The order apply carries out the actions in: stops free places in the concurrency quota for creates.
ORDER = (STOP, UPDATE_TAGS, CREATE)
#: Seconds after which a job apply has just created may still be unknown to DescribeAutoMLJobV2.
#: SageMaker documents no bound; AWS's guidance for eventually consistent reads is to retry with backoff
#: (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/query-api-troubleshooting.html#eventual-consistency):
#: five minutes is far beyond what a read after a create should ever lag.
NOT_FOUND_GRACE = 300
#: What the progress display says while an action's call runs.
_DOING = {CREATE: "creating", UPDATE_TAGS: "updating the tags of", STOP: "stopping"}


@dataclass(frozen=True)
class Outcome:
    action: Action
    result: str  # done | failed | not done
    message: str = ""
    arn: str | None = None


def run(
    plan: Plan,
    clients: dict[str, Any],
    on_outcome: Callable[[Outcome], None] | None = None,
    progress: Progress = QUIET,
) -> tuple[list[Outcome], bool]:
    """Carry out the changing actions; ``clients`` maps a target label to its ``SageMaker``; ``progress``
    hears of each action while its call runs ("creating churn-v3").

    Returns (outcomes, interrupted)."""
    todo = [a for kind in ORDER for a in plan.actions if a.action == kind]
    outcomes: list[Outcome] = []
    interrupted = False
    with _sigterm_as_interrupt():  # CI cancels a job with SIGTERM: the same report as Ctrl-C
        for index, action in enumerate(todo):
            doing = progress.phase(f"{_DOING[action.action]} {action.name}")
            try:
                outcome = _one(action, clients[action.target])
            except KeyboardInterrupt:
                interrupted = True
                # The action in flight was sent (or about to be): only AWS knows whether it happened.
                outcomes.append(Outcome(action, MAYBE, _MAYBE_NOTE, action.arn))
                outcomes.extend(Outcome(a, NOT_DONE, "interrupted before it started") for a in todo[index + 1 :])
                break
            finally:
                doing.done()
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    return outcomes, interrupted


class _sigterm_as_interrupt:
    """While applying, SIGTERM raises KeyboardInterrupt in the main thread, as Ctrl-C does; the previous
    handler comes back after. (Outside the main thread a handler cannot be set: nothing changes.)"""

    def __enter__(self) -> None:
        import signal

        self._previous: Any = None
        try:
            self._previous = signal.signal(signal.SIGTERM, self._raise)
        except ValueError:  # not the main thread
            self._previous = None

    @staticmethod
    def _raise(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def _one(action: Action, sm: Any) -> Outcome:
    try:
        if action.action == CREATE:
            assert action.request is not None
            try:
                arn = sm.create(action.request)
            except AwsError as exc:
                if exc.code != "ResourceInUse":
                    raise
                return Outcome(
                    action,
                    NOT_DONE,
                    f"a job named {action.name} exists now (created since the plan was made, or not listed yet"
                    " when it was): plan again",
                )
            return Outcome(action, DONE, "created", arn)
        if action.action == UPDATE_TAGS:
            assert action.arn is not None
            done = []
            if action.remove_tags:
                sm.delete_tags(action.arn, list(action.remove_tags))
                done.append(f"removed {', '.join(action.remove_tags)}")
            if action.add_tags:
                sm.add_tags(action.arn, [{"Key": k, "Value": v} for k, v in action.add_tags])
                done.append(f"set {', '.join(k for k, _ in action.add_tags)}")
            return Outcome(action, DONE, "tags " + "; ".join(done), action.arn)
        try:
            sm.stop(action.name)
        except AwsError as exc:
            ended = _ended(sm, action.name)
            if ended is None:
                raise exc from None
            return Outcome(action, DONE, ended, action.arn)
        return Outcome(action, DONE, "stop requested", action.arn)
    except AwsError as exc:
        if exc.code == "ReadTimeout":  # sent, never answered: AWS may have done it
            return Outcome(action, MAYBE, f"{exc}; it may have happened: run `automlspec plan` to see", action.arn)
        return Outcome(action, FAILED, str(exc), action.arn)


def _ended(sm: Any, name: str) -> str | None:
    """Why a refused StopAutoMLJob needs nothing more (the job ended or is stopping meanwhile), or None.
    What the service answers on stopping a finished AutoML job is not documented (StopTrainingJob answers
    a ValidationException naming the status), so the job's own status decides, not the error's text."""
    try:
        status = str(sm.describe(name).get("AutoMLJobStatus", ""))
    except AwsError:
        return None
    if status in lifecycle.FINISHED:
        return f"it had already ended ({status})"
    if status == lifecycle.STOPPING:
        return "it was already stopping"
    return None


def summary(outcomes: list[Outcome], interrupted: bool) -> str:
    by_result = {r: [o for o in outcomes if o.result == r] for r in (DONE, FAILED, NOT_DONE, MAYBE)}
    counts = {kind: sum(1 for o in by_result[DONE] if o.action.action == kind) for kind in (CREATE, UPDATE_TAGS, STOP)}
    line = (
        f"Apply {_how_it_ended(by_result, interrupted)}: {counts[CREATE]} created, {counts[UPDATE_TAGS]}"
        f" tags updated, {counts[STOP]} stopped, {len(by_result[FAILED])} failed"
    )
    if by_result[MAYBE]:
        line += f", {len(by_result[MAYBE])} may have happened (run `automlspec plan`)"
    if by_result[NOT_DONE]:
        line += f", {len(by_result[NOT_DONE])} not done"
    return line + "."


def _how_it_ended(by_result: dict[str, list[Outcome]], interrupted: bool) -> str:
    """How apply ended: failed whenever apply exits 1 for what it did (an action failed, was not done
    because the account changed under the plan, or may have happened: its deadline passed). Issue 21:
    "Apply complete: ... 1 failed" read as a success."""
    if interrupted:
        return "interrupted"
    return "failed" if by_result[FAILED] or by_result[NOT_DONE] or by_result[MAYBE] else "complete"


# ----- --wait -------------------------------------------------------------------------------------------


@dataclass
class Watched:
    """A created job --wait follows, as its last Describe left it."""

    name: str
    target: str
    status: str = lifecycle.IN_PROGRESS
    secondary: str = ""
    best: Best | None = None  # Completed: its best candidate (None: AWS reported none)
    failure: str = ""  # Failed: its FailureReason
    error: str = ""  # the Describe call failed
    missing_since: float | None = None  # when Describe first answered not-found (the grace period)

    @property
    def finished(self) -> bool:
        return self.status in lifecycle.FINISHED or bool(self.error)


def poll(watched: list[Watched], clients: dict[str, Any], now: float = 0.0) -> None:
    """Describe each unfinished job once and update it. A job Describe does not know yet is given
    ``NOT_FOUND_GRACE`` seconds (from ``now`` of the first not-found) before that is its error."""
    for job in watched:
        if job.finished:
            continue
        try:
            answer = clients[job.target].describe(job.name)
        except AwsError as exc:
            if exc.code == "ResourceNotFound":
                if job.missing_since is None:
                    job.missing_since = now
                if now - job.missing_since <= NOT_FOUND_GRACE:
                    continue  # just created: Describe may not know it yet
            job.error = str(exc)
            continue
        job.missing_since = None
        job.status = str(answer.get("AutoMLJobStatus", lifecycle.UNKNOWN))
        job.secondary = str(answer.get("AutoMLJobSecondaryStatus", ""))
        if job.status == lifecycle.COMPLETED:
            job.best = best_of(answer)
        elif job.status == lifecycle.FAILED:
            job.failure = str(answer.get("FailureReason") or "")


def wait(
    watched: list[Watched],
    clients: dict[str, Any],
    interval: float,
    show: Callable[[list[Watched]], None],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Poll until every job has finished; ``show`` after each round. False if interrupted by Ctrl-C."""
    try:
        while True:
            poll(watched, clients, clock())
            show(watched)
            if all(job.finished for job in watched):
                return True
            sleep(interval)
    except KeyboardInterrupt:
        return False
