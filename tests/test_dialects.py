"""dialects: the one move table between CreateAutoMLJob (V1) and CreateAutoMLJobV2 (V2).

Every move names a member that exists in that API's botocore model, and moving a field by the table is
what conversion does, so compile, migrate and project-config defaults cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from automlspec import model
from automlspec.dialects import (
    MOVES,
    TABULAR_CONFIG,
    V1_ONLY,
    V2_ONLY,
    Decision,
    decide_dialect,
    detect_dialect,
    home,
    stray_home,
    v1_to_v2,
    v2_to_v1,
)
from automlspec.errors import ConversionError

ROOT = Path(__file__).resolve().parent.parent


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


# ----- the majority decision lint makes, and where a stray key belongs (issue 12) ----------------------


def test_the_majority_of_telling_keys_decides_and_a_tie_does_not() -> None:
    v2 = {"AutoMLJobInputDataConfig": [], "AutoMLProblemTypeConfig": {}, "ProblemType": "Regression"}
    assert decide_dialect(v2) == Decision(
        "v2", ("ProblemType",), ("AutoMLJobInputDataConfig", "AutoMLProblemTypeConfig")
    )
    assert decide_dialect(v2).stray == ("ProblemType",)
    v1 = {"InputDataConfig": [], "ProblemType": "Regression", "SecurityConfig": {}}
    assert decide_dialect(v1).dialect == "v1" and decide_dialect(v1).stray == ("SecurityConfig",)
    tie = decide_dialect({"InputDataConfig": [], "AutoMLProblemTypeConfig": {}})
    assert tie.dialect is None and tie.stray == ()
    assert decide_dialect({"site_name": "docs"}).dialect is None
    assert detect_dialect(v2)[0] is None  # conversion stays strict: lint reports the stray key first


@pytest.mark.parametrize(
    ("dialect", "key", "value", "message"),
    [
        (
            "v2",
            "ProblemType",
            "Regression",
            "ProblemType belongs under AutoMLProblemTypeConfig.TabularJobConfig in a CreateAutoMLJobV2 request",
        ),
        (
            "v2",
            "AutoMLJobConfig",
            {"CompletionCriteria": {}, "Mode": "AUTO", "SecurityConfig": {}, "Bogus": 1},
            "AutoMLJobConfig does not exist in a CreateAutoMLJobV2 request: put CompletionCriteria and Mode under"
            " AutoMLProblemTypeConfig.TabularJobConfig, SecurityConfig at the top level; Bogus has no counterpart",
        ),
        (
            "v2",
            "InputDataConfig",
            [],
            "InputDataConfig is called AutoMLJobInputDataConfig in a CreateAutoMLJobV2 request, whose"
            " TargetAttributeName belongs under AutoMLProblemTypeConfig.TabularJobConfig",
        ),
        ("v1", "SecurityConfig", {}, "SecurityConfig belongs under AutoMLJobConfig in a CreateAutoMLJob request"),
        ("v1", "DataSplitConfig", {}, "DataSplitConfig belongs under AutoMLJobConfig in a CreateAutoMLJob request"),
        (
            "v1",
            "AutoMLProblemTypeConfig",
            {"TabularJobConfig": {"ProblemType": "Regression", "TargetAttributeName": "y", "Mode": "AUTO"}},
            "AutoMLProblemTypeConfig does not exist in a CreateAutoMLJob request: put ProblemType at the top level,"
            " TargetAttributeName on each InputDataConfig channel, Mode under AutoMLJobConfig",
        ),
        (
            "v1",
            "AutoMLProblemTypeConfig",
            {"TimeSeriesForecastingJobConfig": {}},
            "AutoMLProblemTypeConfig names TimeSeriesForecastingJobConfig (time-series forecasting), which a"
            " CreateAutoMLJob request cannot express: it is for tabular jobs only",
        ),
        (
            "v1",
            "AutoMLComputeConfig",
            {},
            "AutoMLComputeConfig does not exist in a CreateAutoMLJob request; remove it, or write the spec as a"
            " CreateAutoMLJobV2 request",
        ),
    ],
)
def test_a_stray_key_is_told_where_it_belongs(dialect: str, key: str, value, message: str) -> None:
    assert stray_home(dialect, key, value) == message


@pytest.mark.parametrize("key", sorted(V1_ONLY | V2_ONLY))
def test_every_telling_key_has_a_home_in_the_other_dialect(key: str) -> None:
    dialect = "v2" if key in V1_ONLY else "v1"
    assert key in stray_home(dialect, key, {}) and "request" in stray_home(dialect, key, {})


def test_lint_reports_the_stray_key_on_its_line_and_checks_the_rest() -> None:
    from automlspec.config import Config
    from automlspec.lint import lint_text

    text = (ROOT / "specs/churn-tabular-v2.yaml").read_text("utf-8")
    text += "ProblemType: BinaryClassification\n"
    text = text.replace("AutoMLJobName: churn-tabular-v2", "AutoMLJobName: churn_tabular")  # AML106 still found
    found = lint_text("s.yaml", text, Config())
    [stray] = [f for f in found if f.rule == "AML008"]
    assert stray.line == len(text.splitlines()) and stray.column == 1
    assert stray.message.startswith("ProblemType belongs under AutoMLProblemTypeConfig.TabularJobConfig")
    assert "AML106" in {f.rule for f in found}
    assert "AML102" not in {f.rule for f in found}  # the stray key is reported once, not also as unknown


def test_non_spec_yaml_gets_one_finding_with_the_pre_commit_hint(tmp_path) -> None:
    import io
    import json
    import sys

    from automlspec.cli import main

    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text("site_name: automlspec\nnav:\n  - index.md\ntheme: material\nplugins: [search]\n")
    out, saved = io.StringIO(), sys.stdout
    sys.stdout = out
    try:
        assert main(["lint", "--no-config", "-f", "json", str(mkdocs)]) == 1
    finally:
        sys.stdout = saved
    [finding] = json.loads(out.getvalue())
    assert finding["rule"] == "AML008" and finding["line"] == 1
    assert "site_name, nav, theme, ..." in finding["message"] and "`files:` pattern" in finding["message"]
