"""An in-memory AWS account for plan and apply: the seam below ``plan.operation.Operation`` (its
``connect`` and ``service``), so that plan's behaviours are fast unit tests. moto keeps the end-to-end
cases (tests/test_plan_apply.py, tests/test_golden.py).

``FakeSageMaker`` answers the narrow interface of ``aws.sagemaker.SageMaker`` that plan and apply use
(list_pages, tags, describe, each, create, add_tags, delete_tags, stop) with AWS's documented semantics:
names compare case-insensitively, AddTags overwrites a key, a job never changes but its tags and status;
and ``aws.tagging.TagIndex``'s ``jobs_tagged`` (a target's ``tagging_api: true``), an index that is exact
unless a test makes it lag (``index``: ARN -> the tags it shows, None: not listed) or fail (``index_error``).
``FakeAccount`` is ``aws.Account``'s side of it: region, the caller's account and its guard, call counts.

The ``fake_plan`` fixture puts them under every Operation the CLI makes (`--no-data`: the data checks
read S3 through their own reader, tested elsewhere).
"""

from __future__ import annotations

import copy
import datetime
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from automlspec.errors import AwsError

ACCOUNT = "123456789012"
REGION = "us-east-1"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class FakeSageMaker:
    """One account's AutoML jobs, in creation order."""

    def __init__(self, account: FakeAccount, page: int = 100):
        self.account = account
        self.page = page
        self.jobs: dict[str, dict[str, Any]] = {}  # lower-cased name -> Describe's answer
        self.job_tags: dict[str, list[dict[str, str]]] = {}  # ARN -> tags
        self.failures: dict[tuple[str, str], AwsError] = {}  # (operation, job name) -> the error it raises
        self.interrupt: set[str] = set()  # job names whose create is interrupted by Ctrl-C
        self.answers: dict[
            str, list[dict[str, Any]]
        ] = {}  # job name -> the next Describe answers of a created job (--wait)
        self.index: dict[str, list[dict[str, str]] | None] = {}  # ARN -> what the tagging API's index shows
        self.index_error: AwsError | None = None  # what GetResources raises

    # ----- reading (plan.observe) -----

    def list_pages(self, **filters: Any) -> Iterator[list[dict[str, Any]]]:
        self.account.count("sagemaker:ListAutoMLJobs")
        summaries = [
            {key: job[key] for key in ("AutoMLJobName", "AutoMLJobArn", "AutoMLJobStatus", "AutoMLJobSecondaryStatus")}
            for job in self.jobs.values()
        ]
        for start in range(0, max(len(summaries), 1), self.page):
            yield summaries[start : start + self.page]

    def tags(self, arn: str) -> list[dict[str, str]]:
        self.account.count("sagemaker:ListTags")
        return copy.deepcopy(self.job_tags[arn])

    def describe(self, name: str) -> dict[str, Any]:
        self.account.count("sagemaker:DescribeAutoMLJobV2")
        self._fail("DescribeAutoMLJobV2", name)
        if self.answers.get(name) and name.lower() in self.jobs:  # scripted only once the job exists (--wait)
            return self.answers[name].pop(0)
        job = self.jobs.get(name.lower())
        if job is None:
            raise AwsError(
                f"sagemaker:DescribeAutoMLJobV2: ResourceNotFound: Job {name} not found",
                "ResourceNotFound",
                "DescribeAutoMLJobV2",
            )
        return copy.deepcopy(job)

    def jobs_tagged(self, key: str) -> dict[str, list[dict[str, str]]]:
        self.account.count("tag:GetResources")
        if self.index_error is not None:
            raise self.index_error
        shown = {arn: copy.deepcopy(tags) for arn, tags in self.job_tags.items()}
        shown.update(self.index)
        return {
            arn.lower(): tags for arn, tags in shown.items() if tags is not None and any(t["Key"] == key for t in tags)
        }

    def each(self, func: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        out = []
        for item in items:
            try:
                out.append(func(item))
            except AwsError as exc:
                out.append(exc)
        return out

    # ----- writing (plan.apply) -----

    def create(self, request: dict[str, Any]) -> str:
        self.account.count("sagemaker:CreateAutoMLJobV2")
        name = str(request["AutoMLJobName"])
        if name in self.interrupt:
            raise KeyboardInterrupt
        self._fail("CreateAutoMLJobV2", name)
        if name.lower() in self.jobs:
            raise AwsError(f"sagemaker:CreateAutoMLJobV2: ResourceInUse: {name} exists", "ResourceInUse")
        arn = f"arn:aws:sagemaker:{self.account.region}:{self.account.id}:automl-job/{name.lower()}"
        job = {k: copy.deepcopy(v) for k, v in request.items() if k != "Tags"}
        job.update(
            AutoMLJobArn=arn,
            AutoMLJobStatus="InProgress",
            AutoMLJobSecondaryStatus="Starting",
            CreationTime=NOW,
            LastModifiedTime=NOW,
        )
        self.jobs[name.lower()] = job
        self.job_tags[arn] = copy.deepcopy(list(request.get("Tags", [])))
        return arn

    def add_tags(self, arn: str, tags: list[dict[str, str]]) -> None:
        self.account.count("sagemaker:AddTags")
        current = {t["Key"]: t["Value"] for t in self.job_tags[arn]}
        current.update({t["Key"]: t["Value"] for t in tags})  # AddTags "adds or overwrites"
        self.job_tags[arn] = [{"Key": k, "Value": v} for k, v in current.items()]

    def delete_tags(self, arn: str, keys: list[str]) -> None:
        self.account.count("sagemaker:DeleteTags")
        self.job_tags[arn] = [t for t in self.job_tags[arn] if t["Key"] not in keys]

    def stop(self, name: str) -> None:
        self.account.count("sagemaker:StopAutoMLJob")
        self._fail("StopAutoMLJob", name)
        self.jobs[name.lower()].update(AutoMLJobStatus="Stopping", AutoMLJobSecondaryStatus="Stopping")

    # ----- for the tests -----

    def set_status(self, name: str, status: str, secondary: str = "") -> None:
        self.jobs[name.lower()].update(AutoMLJobStatus=status, AutoMLJobSecondaryStatus=secondary or status)

    def tag(self, name: str, key: str, value: str) -> None:
        self.add_tags(self.jobs[name.lower()]["AutoMLJobArn"], [{"Key": key, "Value": value}])

    def user_jobs(self) -> list[str]:
        return [job["AutoMLJobName"] for job in self.jobs.values()]

    def _fail(self, operation: str, name: str) -> None:
        error = self.failures.get((operation, name))
        if error is not None:
            raise error


class FakeAccount:
    """``aws.Account`` for one target: its region, the caller's account id, and the guard."""

    def __init__(self, region: str = REGION, account_id: str = ACCOUNT):
        self.region = region
        self.id = account_id
        self.calls: Counter[str] = Counter()
        self.sagemaker = FakeSageMaker(self)

    def count(self, operation: str) -> None:
        self.calls[operation] += 1

    def check_account(self, target: Any = None) -> str:
        self.count("sts:GetCallerIdentity")
        allowed = target.allowed_account_ids if target is not None else ()
        if allowed and self.id not in allowed:
            raise AwsError(
                f"the credentials are for account {self.id}, but {target.source or 'the target'} allows only"
                f" {', '.join(allowed)}; switch profile or credentials",
                "WrongAccount",
            )
        return self.id


class FakeCloud:
    """Every region's account, made on first use; what ``Operation`` connects to."""

    def __init__(self) -> None:
        self.accounts: dict[str, FakeAccount] = {}

    def connect(self, target: Any) -> FakeAccount:
        region = target.region or REGION
        if region not in self.accounts:
            self.accounts[region] = FakeAccount(region)
        return self.accounts[region]

    @staticmethod
    def service(account: FakeAccount, parallel: int) -> FakeSageMaker:
        return account.sagemaker

    @staticmethod
    def index(account: FakeAccount) -> FakeSageMaker:
        return account.sagemaker

    def sagemaker(self, region: str = REGION) -> FakeSageMaker:
        return self.connect(type("T", (), {"region": region})()).sagemaker

    def calls(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for account in self.accounts.values():
            total.update(account.calls)
        return total


@pytest.fixture
def fake_plan(monkeypatch: pytest.MonkeyPatch, tmp_path) -> FakeCloud:
    """Every plan.operation.Operation the CLI makes connects to one FakeCloud; the working directory is a
    fresh repository."""
    from automlspec.plan import operation

    cloud = FakeCloud()
    monkeypatch.setattr(
        operation,
        "Operation",
        functools.partial(operation.Operation, connect=cloud.connect, service=cloud.service, index=cloud.index),
    )
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.chdir(repo)
    return cloud
