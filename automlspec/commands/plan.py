"""`automlspec plan`: the specs compared with the jobs in each target's account (``plan.operation``),
and the saved plan (--out). The shared first step of `apply` is ``make_plan``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AutomlspecError, ExitCode, UsageError
from ..progress import QUIET, Progress


@dataclass
class Planned:
    """A plan, or what stopped it: errors of lint or of the data checks (``failed``: the findings to
    show, as `lint` shows them) or one error line (``error``, with ``hint``)."""

    built: Any = None  # plan.operation.Built
    failed: Any = None  # plan.desired.LintFailed
    error: AutomlspecError | None = None
    hint: str = ""  # said after the error: where a saved plan's relative paths point
    saved: Path | None = None  # --out: where the plan was saved
    save_error: AutomlspecError | None = None
    detailed: bool = False  # --detailed-exitcode: changes exit with ExitCode.CHANGES

    @property
    def exit_code(self) -> ExitCode:
        """errors.ExitCode's table; with --detailed-exitcode (terraform's): 0 no changes, 2 changes, 1 any
        error, so that 2 means changes and nothing else."""
        error = self._error_code()
        if error is not None:
            return ExitCode.FAILURE if self.detailed else error
        if self.detailed and self.built.plan.has_changes:
            return ExitCode.CHANGES
        return ExitCode.OK

    def _error_code(self) -> ExitCode | None:
        if self.failed is not None:
            return ExitCode.FAILURE
        if self.error is not None:
            return self.error.exit_code
        if self.save_error is not None:
            return self.save_error.exit_code
        if self.built.plan.conflicts:
            return ExitCode.FAILURE
        return None


def options(
    paths: list[str],
    prune: bool = False,
    region: str | None = None,
    profile: str | None = None,
    config: Path | None = None,
    no_config: bool = False,
    parallel: int = 8,
    no_data: bool = False,
    data_root: Path | None = None,
):
    """plan's and apply's shared options as plan.options.Options (no path: the current directory)."""
    from ..plan.options import Options

    if no_data and data_root is not None:
        raise UsageError(
            "--no-data skips the data checks and --data-root says where to read the data; give one of them"
        )
    if data_root is not None and not data_root.is_dir():
        raise UsageError(f"--data-root {data_root}: no such directory")
    return Options(
        tuple(paths or ["."]),
        prune,
        region,
        profile,
        str(config) if config else None,
        no_config,
        parallel,
        check_data=not no_data,
        data_root=str(data_root) if data_root is not None else None,
    )


def make_plan(
    options: Any,
    plan_file: Path | None = None,
    moved: Callable[[Path], None] | None = None,
    operation_factory: Callable[..., Any] | None = None,
    notice: Callable[[str], None] | None = None,
    progress: Progress = QUIET,
) -> tuple[Any, Planned]:
    """(the operation, the plan it made): a saved plan (``plan_file``) is read, planned again with its
    paths relative to where it was made (found through the repository root) and checked to be still
    current; ``moved`` hears when that is not the current directory. The operation keeps the targets'
    sessions for apply; the Planned result holds data only. ``notice`` hears of every wait on a
    throttled AWS call (the command's progress line); ``progress`` of the phases while AWS answers."""
    from ..plan.desired import LintFailed
    from ..plan.operation import Operation
    from ..plan.planfile import check_fresh, planned_in, read_saved

    data, located, operation, base = None, True, None, None  # located: where the plan was made is known
    try:
        if plan_file is not None:
            options, data = read_saved(plan_file)
            base = planned_in(data)
            located = base is not None
            if base is not None and base.resolve() != Path.cwd().resolve() and moved is not None:
                moved(base)
        factory = operation_factory or Operation
        extra: dict[str, Any] = {"notice": notice} if notice else {}
        if progress is not QUIET:  # an operation_factory of the tests may take neither
            extra["progress"] = progress
        operation = factory(options, base=base, **extra)
        built = operation.plan()
        if plan_file is not None and data is not None:
            check_fresh(plan_file, data, built)
    except LintFailed as exc:
        return None, Planned(failed=exc)
    except AutomlspecError as exc:
        hint = ""
        if not located and isinstance(exc, UsageError):  # a path of the plan is not here
            hint = f" (the paths in {plan_file} are relative to the directory `automlspec plan` ran in)"
        return None, Planned(error=exc, hint=hint)
    return operation, Planned(built)


def run(
    options: Any,
    out: Path | None = None,
    detailed: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Progress = QUIET,
) -> Planned:
    """Plan; with ``out``, save the plan there for `apply --plan`."""
    from ..plan.planfile import saved, write_atomic

    _, planned = make_plan(options, notice=notice, progress=progress)
    planned.detailed = detailed
    if planned.built is not None and out is not None:
        try:
            write_atomic(out, saved(planned.built))
            planned.saved = out
        except AutomlspecError as exc:
            planned.save_error = exc
    return planned
