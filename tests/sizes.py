"""How many examples a hypothesis property draws: a share of them in the default run, all of them in the
slow set. .ci/run runs both (the default run, then `python -m pytest -m slow`), so every property still
runs whole on every CI run; the default run, the one a developer repeats, runs the brief share.

    @brief_and_whole(150, brief=30)
    def test_a_property(count: int) -> None:
        @settings(PROPERTY, max_examples=count)
        @given(...)
        def check(...): ...

        check()
"""

from __future__ import annotations

import pytest


def brief_and_whole(count: int, brief: int) -> pytest.MarkDecorator:
    """Parametrize the test's ``count``: ``brief`` examples in the default run (id ``brief``), ``count`` in
    the slow set (id ``whole``, marked ``slow``)."""
    return pytest.mark.parametrize(
        "count", [pytest.param(brief, id="brief"), pytest.param(count, id="whole", marks=pytest.mark.slow)]
    )
