"""`automlspec import`: a spec file for each existing job, in a folder whose target it is (``importer``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExitCode, UsageError


@dataclass(frozen=True)
class Imports:
    outcomes: list  # importer.Imported, one per job
    every: bool

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FAILURE if any(not item.ok for item in self.outcomes) else ExitCode.OK


def run(
    names: list[str],
    output: Path,
    *,
    api: str = "v2",
    every: bool = False,
    name_contains: str | None = None,
    status: str | None = None,
    created_after: datetime.datetime | None = None,
    force: bool = False,
    parallel: int = 8,
    region: str | None = None,
    profile: str | None = None,
) -> Imports:
    from ..config import ConfigResolver
    from ..importer import Filters, import_jobs
    from ..plan.desired import target_for
    from ..plan.options import Options
    from ..project import folder_configuration

    if every == bool(names):
        raise UsageError("name the jobs to import, or pass --all (with --name-contains, --status, --created-after)")
    if not every and (name_contains or status or created_after):
        raise UsageError("--name-contains, --status and --created-after filter --all")
    after = created_after
    if after is not None and after.tzinfo is None:
        after = after.replace(tzinfo=datetime.UTC)
    # The folder's own target (its project configuration), as `plan` on it will use.
    config = folder_configuration(ConfigResolver(), output)
    target = target_for(config, Options(paths=(str(output),), region=region, profile=profile))
    outcomes = import_jobs(
        names,
        output,
        api=api,
        force=force,
        every=every,
        filters=Filters(name_contains, status, after),
        target=target,
        parallel=parallel,
        ignore=config.ignore_tags,
    )
    return Imports(outcomes, every)
