"""scripts/benchmark_scale.py measures what it says (slow set: it starts three processes).

Not the figures (docs/benchmarks.md, "Reading at scale"): only that the fake endpoint pages the way
SageMaker does and that what the script times is a real listing of every job and a real leaderboard of
every candidate, through automlspec's own code, on 127.0.0.1.
"""

from __future__ import annotations

import pytest
from script_loader import load_script

pytestmark = pytest.mark.slow


def test_every_job_is_listed_and_every_candidate_ranked_through_the_fake_endpoint():
    scale = load_script("benchmark_scale")
    listed = scale.list_jobs(250)  # three pages: 100, 100 and 50
    assert listed["jobs"] == 250 and listed["cpu"] > 0 and listed["rss_mb"] > 0
    ranked = scale.candidates(150)
    assert ranked["candidates"] == 150 and ranked["cpu"] > 0
