"""AWS region names: is a name one AWS has, and which one a misspelt name means.

The names come from botocore's partition data (endpoints.json), copied into resources/regions.json by
scripts/generate_regions.py so that the lint path never loads botocore. A region is checked where it is
written (`target.region` in the project configuration, `--region`), before any call: a typo such as
`eu-wst-1` would otherwise cost a 15-second wait for an endpoint that does not exist.

A name botocore does not list, but that has the form of one of its partitions (`us-west-9`), may be a region
newer than this botocore: it is a warning, not an error, and the call is still made. A name near a listed
one (`eu-wst-1`, `us-east1`, `EU-WEST-1`) is an error with the listed name as its suggestion, whatever its
form. (terraform's AWS provider refuses regions its SDK does not know unless `skip_region_validation` is
set: https://registry.terraform.io/providers/hashicorp/aws/latest/docs#skip_region_validation; automlspec
lets the form decide instead, so a new region needs no flag.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "resources" / "regions.json"


@dataclass(frozen=True)
class RegionProblem:
    message: str  # "'x' is not an AWS region ...": the caller says where the name was written
    suggestion: str | None  # the listed region the name most likely means
    error: bool  # False: a warning (the name may be a region newer than this botocore)


@cache
def _table() -> dict:
    data: dict = json.loads(TABLE.read_text("utf-8"))
    return data


@cache
def known() -> frozenset[str]:
    """Every region botocore lists, in every partition (aws, aws-cn, aws-us-gov, ...)."""
    return frozenset(name for p in _table()["partitions"] for name in p["regions"])


@cache
def _forms() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p["regionRegex"]) for p in _table()["partitions"])


def _distance(a: str, b: str) -> int:
    """Edits between two names, a swap of neighbours counting as one (optimal string alignment)."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def _meant(region: str, edits: int) -> str | None:
    """The one listed region within ``edits`` edits of ``region`` (after case and separators), or None."""
    squashed = re.sub(r"[\s_]+", "-", region.strip().lower())
    if squashed in known():
        return squashed
    if len(squashed) > 40:
        return None
    near = sorted((_distance(squashed, name), name) for name in known())
    best = [name for distance, name in near if distance == near[0][0]] if near and near[0][0] <= edits else []
    return best[0] if len(best) == 1 else None


def problem(region: str) -> RegionProblem | None:
    """What is wrong with ``region`` as an AWS region name, or None when botocore lists it."""
    if region in known():
        return None
    of_a_form = any(form.fullmatch(region) for form in _forms())
    # A name of a region's form may be a new region: only a one-edit slip of a listed name is a typo.
    guess = _meant(region, 1 if of_a_form else 2)
    if guess is not None:
        return RegionProblem(f"{region!r} is not an AWS region", guess, True)
    if of_a_form:
        version = _table()["botocore"]
        return RegionProblem(
            f"{region!r} is not a region botocore {version} knows; if AWS opened it since, upgrade automlspec",
            None,
            False,
        )
    return RegionProblem(f"{region!r} is not an AWS region name such as eu-west-1", None, True)
