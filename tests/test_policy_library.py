"""docs/policies.md's library: every ready policy is valid configuration, has passing and failing examples,
and each example does what it says (as `automlspec policy test` checks them once copied)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from automlspec.config import load
from automlspec.policy import run_examples

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "policies.md").read_text("utf-8")
LIBRARY = PAGE.split("\n## The library\n", 1)[1]
BLOCKS = re.findall(r"```yaml\n(policies:\n.*?)```", LIBRARY, re.S)
TOPICS = (
    "encrypted-at-rest",
    "encrypted-in-transit",
    "in-the-vpc",
    "cost-center-tag",
    "owner-tag",
    "dev-runtime-cap",
    "candidate-cap",
    "team-buckets",
    "execution-role",
    "no-auto-deploy",
)


def _load(tmp_path: Path, text: str):
    path = tmp_path / ".automlspec.yaml"
    path.write_text(text, "utf-8")
    return load(path)


def test_the_library_covers_what_the_issue_asks_for(tmp_path: Path) -> None:
    found = [name for block in BLOCKS for name in _load(tmp_path, block).policies]
    assert found == list(TOPICS)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.split("\n")[1].strip(" :"))
def test_every_library_policy_is_valid_and_its_examples_do_what_they_say(tmp_path: Path, block: str) -> None:
    config = _load(tmp_path, block)
    assert config.findings == ()
    for policy in config.policies.values():
        assert policy is not None
        kinds = {example.expect for example in policy.examples}
        assert kinds == {"pass", "fail"}, f"{policy.id} needs passing and failing examples"
        wrong = [(r.example.expect, r.example.index, r.detail) for r in run_examples(policy) if not r.ok]
        assert wrong == [], policy.id


def test_the_whole_library_is_one_valid_configuration(tmp_path: Path) -> None:
    """What scripts/benchmark.py enables to measure lint with every library policy."""
    from script_loader import load_script

    config = _load(tmp_path, load_script("benchmark").library_text(PAGE))
    assert config.findings == () and list(config.policies) == list(TOPICS)
