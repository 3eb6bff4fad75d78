"""`automlspec apply`: plan (or take a saved plan that is still current), ask, then carry out the plan's
changes through the same sessions (``plan.operation``), and with --wait follow the created jobs.

apply talks while it works (the plan before the question, each action as it is done, the jobs while
they run), so the view is handed in as ``Hooks`` (terraform's views.Operation): the command calls them
and still prints nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ExitCode, UsageError
from ..progress import Phase
from .plan import Planned, make_plan


class Hooks(Protocol):
    """What apply tells its view as it goes (``views.apply.Hooks``)."""

    def moved(self, directory: Path) -> None: ...  # a saved plan is applied from where it was made

    def progress(self, line: str) -> None: ...  # a wait the user should know of (AWS throttling)

    def phase(self, text: str) -> Phase: ...  # a phase while AWS answers (``progress.Progress``)

    def planned(self, planned: Planned) -> None: ...  # the plan (or what stopped it), before the question

    def confirm(self, accounts: list[str]) -> bool | None: ...  # None: there is no one to ask

    def outcome(self, outcome: Any) -> None: ...  # one action done (or failed)

    def applied(self, applied: Applied) -> None: ...  # every action

    def follow(self, watched: list, wait: Callable[[Callable[[list], None]], bool]) -> None: ...  # --wait


@dataclass
class Applied:
    """How apply ended (``ended``: one of the constants below), and what it did."""

    STOPPED, REFUSED, NOTHING, CANCELLED, APPLIED = "stopped", "refused", "nothing", "cancelled", "applied"

    planned: Planned
    ended: str = APPLIED
    outcomes: list = field(default_factory=list)  # plan.apply.Outcome, every action
    interrupted: bool = False
    ran: list = field(default_factory=list)  # the outcomes of the actions that were started, as they came

    @property
    def moved(self) -> list:
        """The actions that ran but were not done because the account changed under the plan (a job of
        that name appeared): not the spec's failure, but not applied either."""
        from ..plan.apply import NOT_DONE

        return [o for o in self.ran if o.result == NOT_DONE]

    @property
    def exit_code(self) -> ExitCode:
        from ..plan.apply import FAILED, MAYBE

        if self.ended == self.STOPPED:
            return self.planned.exit_code
        if self.ended in (self.REFUSED, self.CANCELLED):
            return ExitCode.FAILURE
        if self.interrupted or self.moved or any(o.result in (FAILED, MAYBE) for o in self.outcomes):
            return ExitCode.FAILURE
        return ExitCode.OK


def saved_plan_given(paths: list[Path], plan_file: Path | None) -> tuple[Path | None, list[Path]]:
    """(the saved plan to apply, the paths to plan): `apply tags.plan`, a saved plan given where specs
    go, is `apply --plan tags.plan` (terraform's habit), never a spec to lint. A saved plan among other
    paths, or beside --plan, is a usage error."""
    from ..plan.planfile import is_saved_plan

    saved = [p for p in paths if is_saved_plan(p)]
    if not saved:
        return plan_file, paths
    if plan_file is not None or len(paths) > 1:
        raise UsageError(
            f"{saved[0]} is a saved plan: apply it alone, `automlspec apply {saved[0]}` (or --plan {saved[0]}),"
            " with no other paths"
        )
    return saved[0], []


def run(
    options: Any,
    hooks: Hooks,
    plan_file: Path | None = None,
    auto_approve: bool = False,
    wait: bool = False,
    poll_seconds: float = 30.0,
    operation_factory: Callable[..., Any] | None = None,
) -> Applied:
    from ..plan.apply import DONE, Watched
    from ..plan.diff import CREATE

    operation, planned = make_plan(options, plan_file, hooks.moved, operation_factory, hooks.progress, hooks)
    hooks.planned(planned)
    if planned.built is None:
        return Applied(planned, Applied.STOPPED)
    plan = planned.built.plan
    if plan.conflicts:
        return Applied(planned, Applied.REFUSED)
    if not plan.has_changes:
        return Applied(planned, Applied.NOTHING)
    if not auto_approve:
        answer = hooks.confirm(sorted(set(planned.built.accounts.values())))
        if answer is None:
            raise UsageError(
                "refusing to apply without confirmation: standard input is not a terminal; pass --auto-approve"
            )
        if not answer:
            return Applied(planned, Applied.CANCELLED)
    ran: list = []

    def started(outcome: Any) -> None:
        ran.append(outcome)
        hooks.outcome(outcome)

    outcomes, interrupted = operation.apply(plan, started)
    applied = Applied(planned, Applied.APPLIED, outcomes, interrupted, ran)
    hooks.applied(applied)
    created = [o for o in outcomes if o.result == DONE and o.action.action == CREATE]
    if wait and created and not interrupted:
        watched = [Watched(o.action.name, o.action.target) for o in created]
        hooks.follow(watched, lambda show: operation.wait(watched, poll_seconds, show))
    return applied
