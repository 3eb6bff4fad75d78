"""`automlspec show PLANFILE`: a saved plan (terraform show), and whether it is still current.

Whether it is current is what `apply --plan` would find: the plan is made again from the saved options
(where `plan` ran, ``plan.planfile.planned_in``) and compared with the saved one (``check_fresh``). The
data checks are not run again: they decide whether a plan can be made, not whether this one is still
the plan. When the comparison cannot be made (AWS cannot be reached, the credentials are another
account's, a spec path is not here) the plan is still shown and its freshness is unknown, with the
reason: a saved plan can be read without AWS (docs/plan.md, "Saved plans").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AutomlspecError, ExitCode, UsageError


@dataclass
class Shown:
    """A saved plan (``plan``: plan.diff.Plan) and its freshness: ``fresh`` True (apply --plan would apply
    it), False (stale: ``reason`` says why) or None (unknown: ``reason`` says why); or ``error``, when the
    file is not a plan this automlspec can read."""

    path: Path
    plan: Any = None
    created: str | None = None  # when `plan --out` wrote it (UTC, ISO 8601)
    fresh: bool | None = None
    reason: str = ""
    error: AutomlspecError | None = None

    @property
    def exit_code(self) -> ExitCode:
        """0 when the plan is shown, whether it is current, stale or unknown (as terraform show); the
        error's code when the file cannot be read as a plan (1: edited, another version; 2: no file)."""
        return self.error.exit_code if self.error is not None else ExitCode.OK


def run(
    plan_file: Path,
    offline: bool = False,
    notice: Callable[[str], None] | None = None,
    operation_factory: Callable[..., Any] | None = None,
) -> Shown:
    """Read the saved plan; unless ``offline``, plan again and say whether it is still current."""
    from ..plan.planfile import read_saved, restored

    # read_saved's own messages name apply's --plan: show names the file as it was given to it
    if not plan_file.exists():
        return Shown(plan_file, error=UsageError(f"{plan_file}: no such file; `automlspec plan --out FILE` writes one"))
    if not plan_file.is_file():  # a directory, a FIFO (never opened: reading it could block for ever)
        return Shown(plan_file, error=UsageError(f"{plan_file}: not a regular file, not a saved plan"))
    try:
        options, data = read_saved(plan_file)
        shown = Shown(plan_file, restored(plan_file, data), data.get("created"))
    except AutomlspecError as exc:
        return Shown(plan_file, error=exc)
    if offline:
        shown.reason = "not checked (--offline)"
        return shown
    shown.fresh, shown.reason = _freshness(plan_file, options, data, notice, operation_factory)
    return shown


def _freshness(
    plan_file: Path,
    options: Any,
    data: dict[str, Any],
    notice: Callable[[str], None] | None,
    operation_factory: Callable[..., Any] | None,
) -> tuple[bool | None, str]:
    """(True, ""), (False, why it is stale) or (None, why that is unknown)."""
    from ..plan.desired import LintFailed
    from ..plan.operation import Operation
    from ..plan.planfile import StalePlan, check_fresh, planned_in

    base = planned_in(data)
    again = dataclasses.replace(options, check_data=False, data_root=None)
    factory = operation_factory or Operation
    try:
        operation = factory(again, base=base, notice=notice) if notice else factory(again, base=base)
        built = operation.plan()
        check_fresh(plan_file, data, built)
    except StalePlan as exc:
        return False, str(exc).removeprefix(f"{plan_file} is stale: ")
    except LintFailed:
        return False, "the specs have lint errors now, so `apply --plan` would stop; `automlspec plan` shows them"
    except AutomlspecError as exc:
        where = ""
        if base is None and isinstance(exc, UsageError):  # a path of the plan is not here
            where = " (the paths of a saved plan are relative to the directory `automlspec plan` ran in)"
        return None, f"{exc}{where}"
    return True, ""
