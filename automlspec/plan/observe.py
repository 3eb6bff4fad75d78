"""The one reader of a target's live jobs for plan, and its error policy.

For one target (one account and region): every ListAutoMLJobs page, one after another; for each job a
spec names, ListTags, then DescribeAutoMLJobV2 only when its tags do not show that this tool created it
from exactly that spec's request (``diff.created_from``); with ``--prune``, the tags of each running job
that no spec names. The per-job calls run on the service's bounded pool as soon as their page arrives,
so that reading the jobs overlaps paging through the account.

Error policy: a plan made from part of the account would be wrong, so any failed call stops the read and
its ``AwsError`` is raised (the calls already in flight finish first).

``sagemaker`` is ``aws.sagemaker.SageMaker`` or anything with its reading methods (``LiveReader``): tests
plan against a fake one without a server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, Protocol, TypeVar

from ..errors import AwsError
from ..jobs.lifecycle import IN_PROGRESS
from .diff import Desired, LiveJob, created_from

A = TypeVar("A")
R = TypeVar("R")


class LiveReader(Protocol):
    """The reading calls of ``aws.sagemaker.SageMaker`` that plan makes."""

    def list_pages(self) -> Iterator[list[dict[str, Any]]]: ...

    def tags(self, arn: str) -> list[dict[str, str]]: ...

    def describe(self, name: str) -> dict[str, Any]: ...

    def each(self, func: Callable[[A], R], items: Iterable[A]) -> list[R | AwsError]: ...


class Observed(NamedTuple):
    """What plan knows about one target's live jobs."""

    jobs: dict[str, LiveJob]  # the live jobs that specs name, by lower-cased name
    names: list[str]  # every job name in the account (a suggested new name must be free)
    prune: list[LiveJob]  # running jobs that no spec names, with their tags (only with prune)


def observe(sagemaker: LiveReader, specs: list[Desired], prune: bool) -> Observed:
    """Read the live jobs of one target for ``specs`` (see the module docstring)."""
    jobs, summaries = _named_jobs(sagemaker, specs)
    stale: list[LiveJob] = []
    if prune:
        wanted = {d.name.lower() for d in specs}
        running = [
            s
            for s in summaries
            if s.get("AutoMLJobStatus") == IN_PROGRESS and str(s["AutoMLJobName"]).lower() not in wanted
        ]
        tags = _tags_many(sagemaker, running)
        for summary in running:
            stale.append(LiveJob.from_summary(summary, tags[str(summary["AutoMLJobArn"])]))
    return Observed(jobs, [str(s["AutoMLJobName"]) for s in summaries], stale)


def _named_jobs(sm: LiveReader, specs: list[Desired]) -> tuple[dict[str, LiveJob], list[dict]]:
    """(the live jobs that have specs, by lower-cased name; every job summary of the account)."""
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


def _live_job(sm: LiveReader, summary: dict, specs: list[Desired]) -> LiveJob:
    """One live job that has specs (one, unless AML520 is off): ListTags first, then DescribeAutoMLJobV2
    only when its tags do not show that this tool created it from exactly the request of every spec
    that names it (``diff.created_from``): each spec is compared with the job."""
    tags = sm.tags(str(summary["AutoMLJobArn"]))
    if all(created_from(spec, tags) for spec in specs):
        return LiveJob.from_summary(summary, tags)
    return LiveJob.from_aws(sm.describe(str(summary["AutoMLJobName"])), tags)


def _tags_many(sm: LiveReader, summaries: list[dict]) -> dict[str, list[dict[str, str]]]:
    arns = [str(s["AutoMLJobArn"]) for s in summaries]
    out: dict[str, list[dict[str, str]]] = {}
    for arn, answer in zip(arns, sm.each(sm.tags, arns), strict=True):
        if isinstance(answer, AwsError):
            raise answer
        out[arn] = answer
    return out
