"""A saved plan file that apply cannot trust is refused with one clear line (exit 1), never a traceback:
hand edits with a recomputed checksum, hostile JSON, a device or a FIFO (issue 8, issue 13)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from automlspec import __version__
from automlspec.errors import ExitCode, UsageError
from automlspec.plan.planfile import PLAN_FORMAT, PLAN_FORMAT_VERSION, StalePlan, _checksum, read_saved


def _body(**changes) -> dict:
    body = {
        "format": PLAN_FORMAT,
        "format_version": PLAN_FORMAT_VERSION,
        "tool_version": __version__,
        "created": "2026-11-28T00:00:00+00:00",
        "options": {
            "paths": ["specs"],
            "prune": False,
            "region": None,
            "profile": None,
            "config": None,
            "no_config": False,
            "data": True,
            "data_root": None,
        },
        "specs": {"specs/churn.yaml": "0" * 64},
        "accounts": {"default": "123456789012"},
        "actions": [{"action": "create", "name": "churn", "target": "default"}],
        "summary": {},
    }
    body.update(changes)
    return body


def _write(tmp_path: Path, body: object) -> Path:
    path = tmp_path / "plan.json"
    if isinstance(body, dict):
        body = {**body, "checksum": _checksum(body)}  # what a careful hand edit would do
    path.write_text(json.dumps(body), "utf-8")
    return path


def test_a_well_formed_plan_reads(tmp_path: Path) -> None:
    options, data = read_saved(_write(tmp_path, _body()))
    assert options.paths == ("specs",) and data["actions"][0]["name"] == "churn"


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"options": "yes"}, "'options' is not an object"),
        ({"options": {**_body()["options"], "paths": 3}}, "options.paths"),
        ({"options": {**_body()["options"], "paths": [3]}}, "options.paths holds"),
        ({"options": {**_body()["options"], "prune": "no"}}, "options.prune"),
        ({"options": {k: v for k, v in _body()["options"].items() if k != "data"}}, "options.data"),
        ({"specs": []}, "'specs' is not an object"),
        ({"accounts": None}, "'accounts' is not an object"),
        ({"actions": {}}, "'actions' is not a list"),
        ({"actions": [{"action": "create", "name": 5, "target": "default"}]}, "action 1 has no name"),
        ({"actions": ["create"]}, "action 1 has no name"),
    ],
)
def test_a_hand_edited_plan_with_a_recomputed_checksum_is_refused_clearly(tmp_path: Path, changes, said) -> None:
    with pytest.raises(StalePlan) as raised:
        read_saved(_write(tmp_path, _body(**changes)))
    assert "is not a plan automlspec wrote" in str(raised.value) and said in str(raised.value)
    assert raised.value.exit_code == ExitCode.FAILURE


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, '{"format": ' + "9" * 5000 + "}", "\udcff", "not json"],
    ids=["deep", "huge-int", "surrogate", "text"],
)
def test_hostile_json_is_not_a_saved_plan(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(StalePlan, match="is not a saved plan"):
        read_saved(path)


def test_a_device_or_fifo_is_refused_without_reading_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="a device"):
        read_saved(Path("/dev/zero"))
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="FIFO"):
        read_saved(fifo)
