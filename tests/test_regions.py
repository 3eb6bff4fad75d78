"""Region names are checked against botocore's partition data (automlspec/regions.py), offline."""

from __future__ import annotations

import pytest

from automlspec import regions


@pytest.mark.parametrize("name", ["eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1", "ap-southeast-2"])
def test_a_listed_region_has_no_problem(name: str) -> None:
    assert regions.problem(name) is None


@pytest.mark.parametrize(
    ("name", "meant"),
    [("eu-wst-1", "eu-west-1"), ("us-east1", "us-east-1"), ("EU-WEST-1", "eu-west-1"), ("eu_west_1", "eu-west-1"),
     ("us-esat-1", "us-east-1"), (" eu-west-1", "eu-west-1")],
)  # fmt: skip
def test_a_near_miss_is_an_error_that_names_the_region_meant(name: str, meant: str) -> None:
    found = regions.problem(name)
    assert found is not None and found.error and found.suggestion == meant
    assert found.message == f"{name!r} is not an AWS region"


def test_a_name_of_a_regions_form_that_botocore_does_not_list_is_a_warning() -> None:
    found = regions.problem("me-north-9")
    assert found is not None and not found.error and found.suggestion is None
    assert "is not a region botocore" in found.message and "upgrade automlspec" in found.message


@pytest.mark.parametrize("name", ["europe", "localhost", "123", "x" * 200])
def test_anything_else_is_an_error_without_a_guess(name: str) -> None:
    found = regions.problem(name)
    assert found is not None and found.error and found.suggestion is None


def test_the_table_covers_every_partition_botocore_has() -> None:
    from botocore.loaders import Loader

    partitions = {p["partition"] for p in Loader().load_data("endpoints")["partitions"]}
    assert {p["partition"] for p in regions._table()["partitions"]} == partitions


def test_the_table_is_fresh() -> None:
    from script_loader import load_script

    assert load_script("generate").stale(["regions"]) == [], "run python scripts/generate.py"
