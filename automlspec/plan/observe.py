"""The one reader of a target's live jobs for plan, and its error policy.

For one target (one account and region): every ListAutoMLJobs page, one after another; for each job a
spec names, ListTags, then DescribeAutoMLJobV2 only when its tags do not show that this tool created it
from exactly that spec's request (``diff.created_from``); with ``--prune``, the tags of each running job
that no spec names. The per-job calls run on the service's bounded pool as soon as their page arrives,
so that reading the jobs overlaps paging through the account.

The account is eventually consistent (issue 20, section 4): a job created a moment ago may be missing
from ListAutoMLJobs, and a listed job's ListTags may answer not-found for a moment. So each name a spec
gives that the listing did not show is described before a create is planned (only the would-be
creates cost a call), and a not-found ListTags of a listed job is asked again after a pause
(``TAGS_RETRY``).

Error policy: a plan made from part of the account would be wrong, so any other failed call stops the
read and its ``AwsError`` is raised (the calls already in flight finish first). A running job without a
spec whose tags stay unreadable is not a prune candidate: nothing proves it is ours. `status` and
`import` read named jobs through ``describe_each``: a failure stays with its job, except one every call
would repeat.

With a target's ``tagging_api: true``, ``index`` (``aws.tagging.TagIndex``) lists first, in about one call
per 100 of this tool's jobs, the jobs that carry ``automlspec:hash`` with their tags. It is an index,
eventually consistent with SageMaker's tags, so it only ever spares a ListTags whose answer could not
change the plan: a job it lists whose tags show that the job was created from exactly its spec's request
and whose user tags match the spec is a noop on those tags (``diff.plans_noop``); every other job named by
a spec (missing from the index, another hash, a tag that differs) is read with ListTags (and described)
exactly as without it, so an update-tags or a conflict always rests on SageMaker's own answers. Prune
never uses it: a stop rests on ListTags. When the index cannot be read at all (no ``tag:GetResources``,
an unknown operation, any error), every job is read with ListTags and ``Observed.index_error`` says why.

``sagemaker`` is ``aws.sagemaker.SageMaker`` or anything with its reading methods (``LiveReader``): tests
plan against a fake one without a server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, Protocol, TypeVar

from ..errors import AwsError
from ..jobs.lifecycle import IN_PROGRESS, RUNNING
from ..jobs.request import HASH_TAG
from ..progress import QUIET, Phase
from .diff import Desired, LiveJob, created_from, plans_noop

A = TypeVar("A")
R = TypeVar("R")

QUIET_PHASE = QUIET.phase("")
#: Pauses (seconds) before asking ListTags again about a listed job it answered not-found for.
TAGS_RETRY = (0.5, 1.0, 2.0, 4.0)
_sleep = time.sleep  # tests replace it
#: The codes with which SageMaker says a resource does not exist (ListTags' own errors are not modelled).
NOT_FOUND = frozenset({"ResourceNotFound", "ResourceNotFoundException"})


class LiveReader(Protocol):
    """The reading calls of ``aws.sagemaker.SageMaker`` that plan makes."""

    def list_pages(self) -> Iterator[list[dict[str, Any]]]: ...

    def tags(self, arn: str) -> list[dict[str, str]]: ...

    def describe(self, name: str) -> dict[str, Any]: ...

    def each(self, func: Callable[[A], R], items: Iterable[A]) -> list[R | AwsError]: ...


class TagReader(Protocol):
    """The reading call of ``aws.tagging.TagIndex`` that plan makes."""

    def jobs_tagged(self, key: str) -> dict[str, list[dict[str, str]]]: ...


class Observed(NamedTuple):
    """What plan knows about one target's live jobs."""

    jobs: dict[str, LiveJob]  # the live jobs that specs name, by lower-cased name
    names: list[str]  # every job name in the account (a suggested new name must be free)
    prune: list[LiveJob]  # running jobs that no spec names, with their tags (only with prune)
    running: int = 0  # jobs running in the account now (the concurrency quota counts them)
    index_error: AwsError | None = None  # why the tagging API's index could not be read (ListTags was used)


def observe(
    sagemaker: LiveReader,
    specs: list[Desired],
    prune: bool,
    phase: Phase = QUIET_PHASE,
    index: TagReader | None = None,
) -> Observed:
    """Read the live jobs of one target for ``specs`` (see the module docstring); ``phase`` counts the jobs
    listed; ``index``: the Resource Groups Tagging API's, when the target asks for it."""
    indexed, failure = _indexed(index) if index is not None and specs else (None, None)
    jobs, summaries = _named_jobs(sagemaker, specs, phase, indexed)
    late = _unlisted(sagemaker, specs, jobs)  # created a moment ago: Describe knows them, the listing not yet
    jobs.update(late)
    names = [str(s["AutoMLJobName"]) for s in summaries] + [job.name for job in late.values()]
    stale = _stale(sagemaker, specs, summaries) if prune else []
    return Observed(jobs, names, stale, _active(summaries, late), failure)


def _indexed(index: TagReader) -> tuple[dict[str, list[dict[str, str]]] | None, AwsError | None]:
    """(the tags of the jobs the index lists with ``automlspec:hash``, by lower-cased ARN; why it could not
    be read). Any failure, whether of the first page or a later one, discards the whole index: every job is
    then read with ListTags, as without it. Throttling is no failure (``aws.Account.pages`` waits it out)."""
    try:
        return index.jobs_tagged(HASH_TAG), None
    except AwsError as exc:
        return None, exc


def _stale(sagemaker: LiveReader, specs: list[Desired], summaries: list[dict]) -> list[LiveJob]:
    """The running jobs no spec names (with their tags): what --prune may stop."""
    wanted = {d.name.lower() for d in specs}
    running = [
        s
        for s in summaries
        if s.get("AutoMLJobStatus") == IN_PROGRESS and str(s["AutoMLJobName"]).lower() not in wanted
    ]
    tags = _tags_many(sagemaker, running)
    stale: list[LiveJob] = []
    for summary in running:
        found = tags.get(str(summary["AutoMLJobArn"]))
        if found is not None:
            stale.append(LiveJob.from_summary(summary, found))
    return stale


def _active(summaries: list[dict], late: dict[str, LiveJob]) -> int:
    """How many of the account's jobs are running (the listed ones, and the ones too new to be listed)."""
    listed = {str(s["AutoMLJobName"]).lower() for s in summaries}
    active = sum(1 for s in summaries if s.get("AutoMLJobStatus") in RUNNING)
    return active + sum(1 for key, job in late.items() if key not in listed and job.status.running)


def _unlisted(sm: LiveReader, specs: list[Desired], jobs: dict[str, LiveJob]) -> dict[str, LiveJob]:
    """The jobs that specs name and the listing did not show, but DescribeAutoMLJobV2 knows (by
    lower-cased name): each would otherwise be planned as a create, and the create would fail with
    ResourceInUse. Only these names are described, so the cost is one call per would-be create."""
    missing: dict[str, list[Desired]] = {}
    for spec in specs:
        if spec.name.lower() not in jobs:
            missing.setdefault(spec.name.lower(), []).append(spec)
    if not missing:
        return {}

    def one(named: list[Desired]) -> LiveJob | None:
        try:
            answer = sm.describe(named[0].name)
        except AwsError as exc:
            if exc.code in NOT_FOUND:
                return None  # truly new: a create
            raise
        tags = _settled_tags(sm, str(answer.get("AutoMLJobArn", "")))
        return LiveJob.from_aws(answer, tags or [])

    out: dict[str, LiveJob] = {}
    for key, job in zip(missing, sm.each(one, list(missing.values())), strict=True):
        if isinstance(job, AwsError):
            raise job
        if job is not None:
            out[key] = job
    return out


def _settled_tags(sm: LiveReader, arn: str) -> list[dict[str, str]] | None:
    """ListTags of a job the account has shown us; a not-found answer is asked again after each pause of
    ``TAGS_RETRY`` (the job exists: the tag store has not caught up yet). None when it never answers."""
    pauses = iter(TAGS_RETRY)
    while True:
        try:
            return sm.tags(arn)
        except AwsError as exc:
            if exc.code not in NOT_FOUND:
                raise
            pause = next(pauses, None)
            if pause is None:
                return None
        _sleep(pause)


def _named_jobs(
    sm: LiveReader, specs: list[Desired], phase: Phase, indexed: dict[str, list[dict[str, str]]] | None = None
) -> tuple[dict[str, LiveJob], list[dict]]:
    """(the live jobs that have specs, by lower-cased name; every job summary of the account); ``indexed``:
    the tagging API's tags by lower-cased ARN (``_live_job``)."""
    wanted: dict[str, list[Desired]] = {}  # two specs may name one job when AML520 is switched off
    for spec in specs:
        wanted.setdefault(spec.name.lower(), []).append(spec)
    summaries: list[dict] = []

    def matched():
        for page in sm.list_pages():
            summaries.extend(page)
            phase.advance(len(page))
            for summary in page:
                named = wanted.get(str(summary["AutoMLJobName"]).lower())
                if named is not None:
                    yield summary, named

    jobs: dict[str, LiveJob] = {}
    for job in sm.each(lambda pair: _live_job(sm, pair[0], pair[1], indexed), matched()):
        if isinstance(job, Exception):
            raise job
        jobs[job.name.lower()] = job
    return jobs, summaries


def _live_job(
    sm: LiveReader, summary: dict, specs: list[Desired], indexed: dict[str, list[dict[str, str]]] | None = None
) -> LiveJob:
    """One live job that has specs (one, unless AML520 is off): ListTags first, then DescribeAutoMLJobV2
    only when its tags do not show that this tool created it from exactly the request of every spec
    that names it (``diff.created_from``): each spec is compared with the job.

    With the tagging API's ``indexed`` tags: a job the index lists with tags on which every spec that
    names it plans a noop (``diff.plans_noop``) is that noop, with no call. Any other job, the index's
    tags are put aside and it is read as above: a change is never planned on the index's word."""
    arn = str(summary["AutoMLJobArn"])
    shown = indexed.get(arn.lower()) if indexed is not None else None
    if shown is not None and all(plans_noop(spec, shown) for spec in specs):
        return LiveJob.from_summary(summary, shown, indexed=True)
    tags = _settled_tags(sm, arn)
    if tags is None:
        raise AwsError(
            f"sagemaker:ListTags: the job {summary['AutoMLJobName']} is listed, but ListTags still does not know"
            f" it after {len(TAGS_RETRY) + 1} tries; plan again in a minute",
            "ResourceNotFound",
            "sagemaker:ListTags",
        )
    if all(created_from(spec, tags) for spec in specs):
        return LiveJob.from_summary(summary, tags)
    return LiveJob.from_aws(sm.describe(str(summary["AutoMLJobName"])), tags)


def _tags_many(sm: LiveReader, summaries: list[dict]) -> dict[str, list[dict[str, str]] | None]:
    """Each job's tags by ARN; None for a job whose tags stayed not-found (``_settled_tags``)."""
    arns = [str(s["AutoMLJobArn"]) for s in summaries]
    out: dict[str, list[dict[str, str]] | None] = {}
    for arn, answer in zip(arns, sm.each(lambda a: _settled_tags(sm, a), arns), strict=True):
        if isinstance(answer, AwsError):
            raise answer
        out[arn] = answer
    return out


def describe_each(
    sagemaker: Any, names: Iterable[str], with_tags: bool = True, finished: Callable[[], None] | None = None
) -> dict[str, Any]:
    """name -> (Describe answer, tags) or the AwsError of that job's calls, for `status` and `import`:
    the calls run on the service's bounded pool, and a failure stays with its job. The first name goes
    alone: an error every call would repeat (no credentials, an expired token, an unreachable endpoint:
    aws.FATAL) is raised once instead of N times, and its answer is kept, so no job is described twice.
    ``finished`` hears of each job as it is read (a progress count)."""
    from ..aws import FATAL

    unique = list(dict.fromkeys(names))
    extra = {"finished": finished} if finished is not None else {}  # a LiveReader of the tests may not take it
    answers = sagemaker.describe_many(unique[:1], with_tags=with_tags, **extra)
    first = next(iter(answers.values()), None)
    if isinstance(first, AwsError) and first.code in FATAL:
        raise first
    answers.update(sagemaker.describe_many(unique[1:], with_tags=with_tags, **extra))
    return answers
