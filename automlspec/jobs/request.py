"""A live job, as the CreateAutoMLJobV2 request that would create it: the spec's own terms.

Pure: a ``DescribeAutoMLJobV2`` response (and the job's ``ListTags``) in, plain data out. ``plan``
(``plan.diff``) compares specs with this; ``import`` writes specs from it.

What Describe returns that a request cannot carry is dropped (the API reference of DescribeAutoMLJobV2,
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeAutoMLJobV2.html):
the ARN, statuses, times, ``FailureReason``, ``PartialFailureReasons``, ``BestCandidate``,
``AutoMLJobArtifacts``, ``ResolvedAttributes``, ``AutoMLProblemTypeConfigName``, ``ModelDeployResult`` and
the ``ResponseMetadata`` boto3 adds. The rule is mechanical: at every level, only the members the botocore
model gives the create request survive, so a read-only field AWS adds later never reads as a difference.

Values the service filled in (documented defaults such as a channel's ``ContentType``) stay in
``request()``: telling them from values someone sent is the diff's job (``plan.diff``), which resolves the
documented defaults on both sides. ``minimal()`` removes the ones equal to their documented default,
for a spec a person would write.

Tags are not in Describe; they come from ListTags. The tags this tool writes on the jobs it creates
(``automlspec:*``), the keys services own (``aws:*``, which no request may set:
https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, and SageMaker's ``sagemaker:*``) and
the keys the project configuration's ``ignore_tags`` names are never part of the request.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import model
from ..compile import canonical
from ..paths import get, leaves, remove

API = "v2"
#: Tags automlspec writes on every job it creates: the spec that made it and a hash of its request, and
#: (issue 20) the repository that created it and the commit it was at: what --prune trusts.
TOOL_TAG_PREFIX = "automlspec:"
SPEC_TAG = "automlspec:spec"
HASH_TAG = "automlspec:hash"
PROJECT_TAG = "automlspec:project"
COMMIT_TAG = "automlspec:commit"
#: The most tags apply adds to a spec's own on create (lint counts them against the 50 a job takes).
TOOL_TAGS = (SPEC_TAG, HASH_TAG, PROJECT_TAG, COMMIT_TAG)
#: Keys services own: `aws:` is reserved for AWS (users cannot create, edit or delete them:
#: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html), and SageMaker Studio and Projects
#: tag what they create with `sagemaker:` keys (`sagemaker:domain-arn`, `sagemaker:user-profile-arn`,
#: `sagemaker:project-name`: https://docs.aws.amazon.com/whitepapers/latest/sagemaker-studio-admin-best-practices/cost-attribution.html).
#: Never shown as a difference, never deleted, never imported.
SERVICE_TAG_PREFIXES = ("aws:", "sagemaker:")
#: Tag key prefixes that are not the user's to declare: ours, and the services'.
RESERVED_TAG_PREFIXES = (TOOL_TAG_PREFIX, *SERVICE_TAG_PREFIXES)

#: Describe members with no place in the request (documented here; the filter below is by the model).
READ_ONLY = (
    "AutoMLJobArn",
    "AutoMLProblemTypeConfigName",
    "CreationTime",
    "EndTime",
    "LastModifiedTime",
    "FailureReason",
    "PartialFailureReasons",
    "BestCandidate",
    "AutoMLJobStatus",
    "AutoMLJobSecondaryStatus",
    "AutoMLJobArtifacts",
    "ResolvedAttributes",
    "ModelDeployResult",
    "ResponseMetadata",
)
#: Kept by ``minimal`` even when equal to the default: a V2 tabular ProblemType needs its objective
#: beside it (rule AML203), and the objective is a choice worth reading in a spec.
KEEP_IN_MINIMAL = frozenset({"AutoMLJobObjective"})


def is_user_tag(key: str, ignore: Any = None) -> bool:
    """Whether a tag key is the user's: not ours, not a service's, not one the project configuration's
    ``ignore_tags`` (``ignore``, a ``config.IgnoreTags``) leaves to other automation."""
    key = str(key)
    return not key.startswith(RESERVED_TAG_PREFIXES) and not (ignore is not None and ignore.covers(key))


def user_tags(tags: list[dict] | None, ignore: Any = None) -> list[dict]:
    """The tags a spec declares (``[{"Key", "Value"}]``): without ours, the services' and the ignored
    keys (``is_user_tag``). A key listed twice (a service that appends instead of overwriting) keeps its
    last value, in first-seen order."""
    out: dict[str, str] = {}
    for tag in tags or ():
        key = tag.get("Key")
        if isinstance(key, str) and is_user_tag(key, ignore):
            out[key] = str(tag.get("Value", ""))
    return [{"Key": key, "Value": value} for key, value in out.items()]


def request(describe: dict, tags: list[dict] | None = None, ignore: Any = None) -> dict:
    """The CreateAutoMLJobV2 request for a described job: request members only, the model's key order,
    and ``Tags`` (the user's) when ``tags`` has any."""
    data = {key: value for key, value in describe.items() if key != "Tags"}
    out = canonical(data, model.root_shape(API), drop_unknown=True)
    kept = user_tags(tags, ignore)
    if kept:
        out["Tags"] = kept
        out = canonical(out, model.root_shape(API), drop_unknown=True)  # Tags in the model's place
    return out


def minimal(request_data: dict) -> dict:
    """``request_data`` without the values that equal their documented default (automlspec resolve's
    table), so that a spec written from a live job says only what was chosen. Each candidate is
    removed and kept out only if resolving puts back exactly the same value."""
    from ..resolve import resolve

    current = copy.deepcopy(request_data)
    # the user's tags are one choice, kept whole
    for path in list(leaves(current, whole=lambda path: path.leaf == "Tags")):
        if path[0] in KEEP_IN_MINIMAL:
            continue
        trial = copy.deepcopy(current)
        remove(trial, path)
        filled = {f.path: f.value for f in resolve(trial, API, documented=True).filled}
        if path in filled and filled[path] == get(current, path):
            current = trial
    return current
