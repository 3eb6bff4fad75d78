"""SageMaker AutoML jobs through one ``Account``: list, describe, create, tags, stop.

The narrow interface plan and apply need, and nothing else. Every call goes through ``Account.call``
(one-line ``AwsError`` messages, counted per operation) on the account's one shared client.

Cost, for an account with J jobs of which S have specs: ``ceil(J / 100)`` ListAutoMLJobs pages, then
at most S ListTags and S DescribeAutoMLJobV2, run on a bounded thread pool (botocore clients are thread-safe:
https://boto3.amazonaws.com/v1/documentation/api/latest/guide/clients.html#multithreading-or-multiprocessing-with-clients).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..errors import AwsError
from . import Account

LIST_PAGE = 100  # ListAutoMLJobs MaxResults: 1-100 (botocore model)
TAGS_PAGE = 100  # ListTags MaxResults: 50-100
CANDIDATES_PAGE = 100  # ListCandidatesForAutoMLJob MaxResults: 1-300 (botocore model); 100 keeps pages small
DEFAULT_PARALLEL = 8
# Pages read at most per listing (botocore's paginator already refuses a repeated NextToken; an endpoint
# that sends new ones for ever is stopped here): 2,000,000 jobs, 10,000 tags (AWS allows 50 per resource),
# 100,000 candidates (MaxCandidates is at most 750 in the model).
MAX_LIST_PAGES = 20_000
MAX_TAG_PAGES = 100
MAX_CANDIDATE_PAGES = 1_000
A = TypeVar("A")
R = TypeVar("R")


# Each listing read here: (operation, client method, the answer's list of items). Its page bounds are passed
# at each call (the module's constants, which tests lower).
_LISTINGS: dict[str, tuple[str, str, str]] = {
    "jobs": ("sagemaker:ListAutoMLJobs", "list_auto_ml_jobs", "AutoMLJobSummaries"),
    "tags": ("sagemaker:ListTags", "list_tags", "Tags"),
    "candidates": ("sagemaker:ListCandidatesForAutoMLJob", "list_candidates_for_auto_ml_job", "Candidates"),
}


class SageMaker:
    def __init__(self, account: Account, parallel: int = DEFAULT_PARALLEL):
        self.account = account
        self.parallel = max(1, parallel)
        self._client = account.client("sagemaker")

    def list_jobs(self, **filters: Any) -> list[dict[str, Any]]:
        """Every AutoML job summary of the account and region (AutoMLJobName, Arn, statuses, times);
        ``filters`` are ListAutoMLJobs' own (NameContains, StatusEquals, CreationTimeAfter...)."""
        return [summary for page in self.list_pages(**filters) for summary in page]

    def list_pages(self, **filters: Any) -> Iterator[list[dict[str, Any]]]:
        """``list_jobs`` a page at a time, as each arrives (so work on one page overlaps the next call)."""
        return self._listed("jobs", MAX_LIST_PAGES, LIST_PAGE, **filters)

    def _listed(self, listing: str, max_pages: int, page_size: int, **params: Any) -> Iterator[list[dict[str, Any]]]:
        """The items of each page of one of ``_LISTINGS``, a page at a time."""
        operation, method, key = _LISTINGS[listing]
        for page in self.account.pages(
            operation, self._client, method, max_pages=max_pages, page_size=page_size, **params
        ):
            yield page.get(key, [])

    def describe(self, name: str) -> dict[str, Any]:
        answer = self.account.call(
            "sagemaker:DescribeAutoMLJobV2", self._client.describe_auto_ml_job_v2, AutoMLJobName=name
        )
        answer.pop("ResponseMetadata", None)
        return answer

    def tags(self, arn: str) -> list[dict[str, str]]:
        return [tag for page in self._listed("tags", MAX_TAG_PAGES, TAGS_PAGE, ResourceArn=arn) for tag in page]

    def describe_with_tags(self, name: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
        answer = self.describe(name)
        return answer, self.tags(str(answer["AutoMLJobArn"]))

    def each(
        self, func: Callable[[A], R], items: Iterable[A], finished: Callable[[], None] | None = None
    ) -> list[R | AwsError]:
        """``func`` on every item on the bounded pool, in order; an ``AwsError`` is kept per item, not
        raised. ``items`` may be a generator: each item starts as soon as it is yielded. An error the
        generator raises, or Ctrl-C, cancels what has not started (the calls in flight finish), and is
        raised. ``finished`` is called (on the pool's thread) as each item ends: a progress count."""

        def one(item: A) -> R | AwsError:
            try:
                return func(item)
            except AwsError as exc:
                return exc
            finally:
                if finished is not None:
                    finished()

        with ThreadPoolExecutor(max_workers=self.parallel) as pool:  # threads start only as items come
            try:
                futures = [pool.submit(one, item) for item in items]
                return [future.result() for future in futures]
            except BaseException:  # Ctrl-C, or the generator failed: what has not started never will
                pool.shutdown(wait=False, cancel_futures=True)
                raise

    def describe_many(
        self, names: Iterable[str], with_tags: bool = True, finished: Callable[[], None] | None = None
    ) -> dict[str, tuple[dict[str, Any], list[dict[str, str]]] | AwsError]:
        """Describe (and ListTags) each job on the bounded pool; a failure is kept per job, not raised;
        ``finished`` hears of each job as it is read (``each``)."""

        def one(name: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
            return self.describe_with_tags(name) if with_tags else (self.describe(name), [])

        names = list(names)
        return dict(zip(names, self.each(one, names, finished), strict=True))

    def create(self, request: dict[str, Any]) -> str:
        """CreateAutoMLJobV2; the new job's ARN."""
        answer = self.account.call("sagemaker:CreateAutoMLJobV2", self._client.create_auto_ml_job_v2, **request)
        return str(answer.get("AutoMLJobArn", ""))

    def add_tags(self, arn: str, tags: list[dict[str, str]]) -> None:
        self.account.call("sagemaker:AddTags", self._client.add_tags, ResourceArn=arn, Tags=tags)

    def delete_tags(self, arn: str, keys: list[str]) -> None:
        self.account.call("sagemaker:DeleteTags", self._client.delete_tags, ResourceArn=arn, TagKeys=keys)

    def candidates(self, name: str) -> list[dict[str, Any]]:
        """Every candidate of a job (ListCandidatesForAutoMLJob, all pages); ResourceNotFound for an
        unknown job."""
        return [
            candidate
            for page in self._listed("candidates", MAX_CANDIDATE_PAGES, CANDIDATES_PAGE, AutoMLJobName=name)
            for candidate in page
        ]

    def stop(self, name: str) -> None:
        self.account.call("sagemaker:StopAutoMLJob", self._client.stop_auto_ml_job, AutoMLJobName=name)
