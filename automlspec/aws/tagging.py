"""The AutoML jobs' tags through the Resource Groups Tagging API, through one ``Account`` (opt-in: a
target's ``tagging_api: true``; docs/plan.md, "Reading the tags through the Resource Groups Tagging API").

One GetResources listing of the jobs that carry a tag key, 100 jobs with all their tags a page, instead of
one SageMaker ListTags per job. What botocore's model says of it
(https://github.com/boto/botocore/blob/develop/botocore/data/resourcegroupstaggingapi/2017-01-26/service-2.json):
``ResourcesPerPage`` is 1-100; ``ResourceTypeFilters`` takes ``service[:resourceType]`` "the same as that
embedded in a resource's ARN" (an AutoML job's is ``arn:aws:sagemaker:REGION:ACCOUNT:automl-job/NAME``:
https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html), and "all
tagged resources, whether the tagging used the Resource Groups Tagging API or not, are returned"; a
``TagFilters`` key without values matches every resource tagged with that key; GetResources "does not
return untagged resources". AWS's list of the services it covers says that GetResources supports all
resource types but IAM users and roles (and returns nothing for Auto Scaling groups):
https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html.

It is an index, not SageMaker's own tag store: a job may be missing from it, or listed with tags older
than ListTags'. So what it answers only ever lets plan skip a ListTags whose answer could not have
changed the plan (plan/observe.py); it is never read as "this job has no tags", and nothing is written
from it. It only reads, with the target's own session (its account was checked first), and its
throttling is handled as every call's (``Account.pages``: adaptive retries, then patient rounds).
"""

from __future__ import annotations

from typing import Any

from ..errors import AwsError
from . import Account

#: The resource type of an AutoML job, as its ARN names it (``arn:aws:sagemaker:...:automl-job/NAME``).
AUTOML_JOB = "sagemaker:automl-job"
PAGE = 100  # ResourcesPerPage: 1-100 (botocore model)
MAX_PAGES = 20_000  # 2,000,000 jobs, as aws.sagemaker.MAX_LIST_PAGES: an endpoint that never ends is stopped
OPERATION = "tag:GetResources"  # the IAM action the caller needs
#: GetResources' page token, in and out (botocore's paginators-1.json for the service), not NextToken
TOKEN = "PaginationToken"


class TagIndex:
    """The Resource Groups Tagging API's view of one account's AutoML jobs. Its client is made here, on
    the caller's thread, like every client of a session (a boto3 session is not thread-safe)."""

    def __init__(self, account: Account):
        self.account = account
        self._client: Any = None
        self._error: AwsError | None = None
        self._read: dict[str, dict[str, list[dict[str, str]]] | AwsError] = {}
        try:
            self._client = account.client("resourcegroupstaggingapi")
        except AwsError as exc:  # no such client in this botocore: the caller falls back, as for any failure
            self._error = exc

    def jobs_tagged(self, key: str) -> dict[str, list[dict[str, str]]]:
        """Every AutoML job the index lists with the tag ``key``, by lower-cased ARN, with all its tags as
        the index has them. Raises ``AwsError`` (the caller falls back to ListTags). Read once per key:
        targets that share a session (folders of one account and region) share the answer, or the error."""
        if key not in self._read:
            try:
                self._read[key] = self._listed(key)
            except AwsError as exc:
                self._read[key] = exc
        answer = self._read[key]
        if isinstance(answer, AwsError):
            raise answer
        return {arn: [dict(tag) for tag in tags] for arn, tags in answer.items()}

    def _listed(self, key: str) -> dict[str, list[dict[str, str]]]:
        if self._error is not None:
            raise self._error
        out: dict[str, list[dict[str, str]]] = {}
        for page in self.account.pages(
            OPERATION,
            self._client,
            "get_resources",
            max_pages=MAX_PAGES,
            page_size=PAGE,
            token_key=TOKEN,
            ResourceTypeFilters=[AUTOML_JOB],
            TagFilters=[{"Key": key}],
        ):
            for mapping in page.get("ResourceTagMappingList", []):
                out[_key(mapping)] = [
                    {"Key": str(t.get("Key", "")), "Value": str(t.get("Value", ""))} for t in mapping.get("Tags", [])
                ]
        out.pop("", None)
        return out


def _key(mapping: dict[str, Any]) -> str:
    """The lower-cased ARN of one ``ResourceTagMapping`` ("" when it has none): job names, and so ARNs, are
    unique per account and region regardless of case."""
    return str(mapping.get("ResourceARN") or "").lower()
