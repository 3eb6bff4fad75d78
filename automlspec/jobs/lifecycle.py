"""An AutoML job's lifecycle as AWS reports it: the AutoMLJobStatus values, written down once (pure).

https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeAutoMLJobV2.html lists them:
InProgress, Completed, Failed, Stopping, Stopped. A job runs while it is InProgress or Stopping, and
ends in Completed, Failed or Stopped. ``plan`` (prune stops only a running job), ``apply --wait`` (until
every job has ended), ``status`` (the remaining time of a running job) and ``import --status`` read them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

IN_PROGRESS, COMPLETED, FAILED, STOPPING, STOPPED = "InProgress", "Completed", "Failed", "Stopping", "Stopped"
#: Every AutoMLJobStatus, in the API reference's order (ListAutoMLJobs' StatusEquals takes these).
STATUSES = (IN_PROGRESS, COMPLETED, FAILED, STOPPING, STOPPED)
RUNNING = frozenset({IN_PROGRESS, STOPPING})
FINISHED = frozenset({COMPLETED, FAILED, STOPPED})
#: Ours, not AWS's: the status shown when Describe has none to give.
UNKNOWN = "Unknown"


@dataclass(frozen=True)
class Status:
    """A job's AutoMLJobStatus and AutoMLJobSecondaryStatus as Describe gave them."""

    status: str
    secondary: str = ""

    def __str__(self) -> str:
        return f"{self.status}/{self.secondary}" if self.secondary and self.secondary != self.status else self.status

    @property
    def running(self) -> bool:
        return self.status in RUNNING


def status(describe: Mapping[str, Any]) -> Status:
    """The Status of a Describe answer or a ListAutoMLJobs summary (they share the two keys)."""
    return Status(str(describe.get("AutoMLJobStatus") or UNKNOWN), str(describe.get("AutoMLJobSecondaryStatus") or ""))
