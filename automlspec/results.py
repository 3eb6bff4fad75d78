"""`status` and `candidates`: read specs and live jobs, hand them to the pure cores (``jobs``) (I/O at the edge).

``spec_jobs(paths)`` finds the job each spec document names; ``statuses(jobs)`` describes them with at
most ``parallel`` calls in flight and returns ``jobs.status.JobStatus`` rows in spec order;
``leaderboard_of(job)`` pages through ListCandidatesForAutoMLJob and sorts with ``jobs.leaderboard``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .aws import Account, Target
from .errors import AwsError, WriteError
from .jobs.leaderboard import Candidate, leaderboard
from .jobs.status import JobStatus, criteria_of, failed_call, job_status
from .progress import QUIET, Phase, Progress, plural


@dataclass(frozen=True)
class SpecJob:
    """A spec document and the job it declares."""

    file: str
    job: str
    criteria: dict[str, Any] = field(default_factory=dict)
    target: Target = field(default_factory=Target)


def spec_jobs(
    paths: list[str], region: str | None = None, profile: str | None = None
) -> tuple[list[SpecJob], list[str]]:
    """(one SpecJob per document with an AutoMLJobName, problems with paths that cannot be read).
    A document whose YAML is broken or that names no job is reported, never skipped in silence. Each
    spec's target is its project configuration's ``target:``; ``region``/``profile`` override it."""
    from .plan.desired import target_for
    from .plan.options import Options
    from .project import Unread, open_project

    project = open_project(paths)  # as lint reads them: a named file is looked up even if excluded
    problems = [f"{raw}: no such file or directory" for raw in project.missing]
    options = Options(paths=tuple(paths), region=region, profile=profile)
    jobs: list[SpecJob] = []
    for entry in project.entries:
        if isinstance(entry, Unread):
            problems.append(entry.error)
            continue
        name, source, config = entry.name, entry.source, entry.config
        if not source.docs and source.findings:
            problems.append(f"{name}: not a readable spec ({source.findings[0].message}); see `automlspec lint {name}`")
        target = target_for(config, options)
        for number, doc in enumerate(source.docs, 1):
            data = doc.data if isinstance(doc.data, dict) else {}
            job = data.get("AutoMLJobName")
            where = f"{name} (document {number})" if len(source.docs) > 1 else name
            if not isinstance(job, str) or not job:
                problems.append(f"{where}: no AutoMLJobName, so no job to look up")
                continue
            jobs.append(SpecJob(where, job, dict(criteria_of(data)), target))
    return jobs, problems


def _not_found(error: AwsError) -> bool:
    """DescribeAutoMLJobV2 of an unknown name: ResourceNotFound (the modelled error)."""
    return error.code == "ResourceNotFound"


def describe_all(
    account: Account, names: Sequence[str], parallel: int, phase: Phase | None = None
) -> dict[str, dict[str, Any] | AwsError | None]:
    """name -> Describe answer, None (no such job) or the AwsError of that call; at most ``parallel``
    calls in flight. The first name is described alone: an error every call would repeat (no
    credentials, an expired token, an unreachable endpoint) is raised once instead of N times.
    ``phase`` counts the jobs read."""
    from .aws.sagemaker import SageMaker
    from .plan.observe import describe_each

    finished = phase.advance if phase is not None else None
    out: dict[str, dict[str, Any] | AwsError | None] = {}
    for name, answer in describe_each(SageMaker(account, parallel), names, False, finished).items():
        out[name] = answer if isinstance(answer, AwsError) else answer[0]
    return {name: (None if isinstance(a, AwsError) and _not_found(a) else a) for name, a in out.items()}


def statuses(
    jobs: Sequence[SpecJob],
    parallel: int = 8,
    now: datetime | None = None,
    notice: Callable[[str], None] | None = None,
    progress: Progress = QUIET,
) -> list[JobStatus]:
    """One row per SpecJob, in order; one session per target, at most ``parallel`` calls at once.
    ``progress`` hears of each target's phase: "reading 2,000 jobs in eu-west-1", a count a job."""
    rows: dict[int, JobStatus] = {}
    by_target: dict[Target, list[int]] = {}
    for index, spec_job in enumerate(jobs):
        by_target.setdefault(spec_job.target, []).append(index)
    # Every target's guard is checked before any job is described (issue 20): a refused target stops
    # the command before it has read anything, whatever the order of the paths.
    accounts: dict[Target, Account] = {}
    connecting = progress.phase("connecting to AWS")
    try:
        for target in by_target:
            accounts[target] = Account(target)
            accounts[target].notice = notice  # told of every wait on a throttled call
            if target.allowed_account_ids:
                accounts[target].check_account(target)
    finally:
        connecting.done()
    for target, indexes in by_target.items():
        account = accounts[target]
        names = [jobs[i].job for i in indexes]
        reading = progress.phase(f"reading {plural(len(set(names)), 'job')} in {account.region}")
        try:
            answers = describe_all(account, names, parallel, reading)
        finally:
            reading.done()
        moment = now or datetime.now(UTC)
        for index in indexes:
            spec_job = jobs[index]
            answer = answers[spec_job.job]
            if isinstance(answer, AwsError):
                rows[index] = failed_call(spec_job.job, str(answer), spec_job.file)
            else:
                rows[index] = job_status(spec_job.job, answer, moment, spec_job.criteria, spec_job.file)
    return [rows[i] for i in range(len(jobs))]


def leaderboard_of(job: str, target: Target | None = None) -> tuple[list[Candidate], int]:
    """(every candidate of ``job``, best first; how many there are). ``--top`` is applied by the caller,
    so that a plot still shows them all."""
    from .aws.sagemaker import SageMaker

    account = Account(target)
    try:
        raw = SageMaker(account).candidates(job)
    except AwsError as exc:
        if exc.code == "ResourceNotFound":
            raise AwsError(
                f"no AutoML job named {job!r} in {account.region}; `automlspec status` lists the jobs of your specs",
                exc.code,
                exc.operation,
            ) from None
        raise
    board = leaderboard(raw)
    return board, len(board)


def write_plot(job: str, board: Sequence[Candidate], total: int, path: Path) -> Path:
    """Draw the board into ``path`` (SVG or PNG by its suffix)."""
    from . import writer
    from .plot import render

    data = render(job, board, path)
    # The project's one writer: a full disk or a vanished directory leaves the old file (or none), never
    # a 0-byte one, and is a failed write (exit 1), not a usage error.
    outcome = writer.write_bytes(path, data, writer.ANY)
    if not outcome.ok:
        raise WriteError(f"--plot {path}: not written: {outcome.error}")
    return path
