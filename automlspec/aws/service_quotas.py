"""Service Quotas through one ``Account``: the account's own value of a quota, when the credentials may
read it (``servicequotas:GetServiceQuota``, https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html).
"""

from __future__ import annotations

from ..errors import AwsError
from . import Account


def quota(account: Account, service_code: str, quota_code: str) -> float | None:
    """The quota's applied value in the account's region; None when Service Quotas gives none (not
    allowed, not known there, or unreachable): the caller falls back to the documented default."""
    client = account.client("service-quotas")
    try:
        answer = account.call(
            "servicequotas:GetServiceQuota", client.get_service_quota, ServiceCode=service_code, QuotaCode=quota_code
        )
    except AwsError:
        return None
    value = (answer.get("Quota") or {}).get("Value")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else None
