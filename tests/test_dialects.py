"""dialects: the one move table between CreateAutoMLJob (V1) and CreateAutoMLJobV2 (V2).

Every move names a member that exists in that API's botocore model, and moving a field by the table is
what conversion does, so compile, migrate and project-config defaults cannot drift apart.
"""

from __future__ import annotations

import pytest

from automlspec import model
from automlspec.dialects import MOVES, TABULAR_CONFIG, V1_ONLY, V2_ONLY, detect_dialect, home, v1_to_v2, v2_to_v1
from automlspec.errors import ConversionError


@pytest.mark.parametrize("move", MOVES, ids=lambda m: ".".join(m.v1))
def test_every_move_names_a_member_of_each_model(move) -> None:
    assert model.shape_at("v1", move.v1) is not None, move.v1
    assert model.shape_at("v2", move.v2) is not None, move.v2
    v1_type = model.shape(model.shape_at("v1", move.v1))["type"]
    assert v1_type == model.shape(model.shape_at("v2", move.v2))["type"]  # the same kind of value, only moved


@pytest.mark.parametrize("move", MOVES, ids=lambda m: ".".join(m.v1))
def test_conversion_moves_each_field_where_the_table_says(move) -> None:
    value = {"marker": 1} if model.shape(model.shape_at("v1", move.v1))["type"] == "structure" else "x"
    v1: dict = {"InputDataConfig": []}
    node = v1
    for part in move.v1[:-1]:
        node = node.setdefault(part, {})
    node[move.v1[-1]] = value
    v2 = v1_to_v2(v1)
    found = v2
    for part in move.v2:
        found = found[part]
    assert found == value
    assert v2_to_v1(v2) == v1


def test_home_is_where_each_dialect_keeps_a_field() -> None:
    assert home("v1", ("SecurityConfig",)) == ("AutoMLJobConfig", "SecurityConfig")
    assert home("v2", ("SecurityConfig",)) == ("SecurityConfig",)
    assert home("v1", (*TABULAR_CONFIG, "Mode")) == ("AutoMLJobConfig", "Mode")
    assert home("v1", ("RoleArn",)) == ("RoleArn",)


def test_the_telling_keys_are_top_level_members_of_one_model_only() -> None:
    v1 = set(model.shape(model.root_shape("v1"))["members"])
    v2 = set(model.shape(model.root_shape("v2"))["members"])
    assert v1 - v2 == V1_ONLY
    assert v2 - v1 == V2_ONLY


def test_detection() -> None:
    assert detect_dialect({"InputDataConfig": []})[0] == "v1"
    assert detect_dialect({"AutoMLJobInputDataConfig": []})[0] == "v2"
    assert detect_dialect({"InputDataConfig": [], "SecurityConfig": {}}) == (
        None,
        ["InputDataConfig"],
        ["SecurityConfig"],
    )
    assert detect_dialect({"RoleArn": "x"}) == (None, [], [])


def test_an_unknown_auto_ml_job_config_field_has_no_v2_counterpart() -> None:
    with pytest.raises(ConversionError, match=r"AutoMLJobConfig\.Surprise has no CreateAutoMLJobV2 counterpart"):
        v1_to_v2({"InputDataConfig": [], "AutoMLJobConfig": {"Surprise": 1}})
