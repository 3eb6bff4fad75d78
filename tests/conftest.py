"""Fixtures and options shared by every test module.

`--update-golden` rewrites tests/golden/ from the current code (tests/test_golden.py); review the result
with `git diff tests/golden` before committing it.
"""

from __future__ import annotations

import functools

import botocore.loaders
import botocore.session
import pytest
from fake_aws import fake_aws  # noqa: F401  (a hostile endpoint on 127.0.0.1: tests/fake_aws.py)
from fake_sagemaker import fake_plan  # noqa: F401  (an in-memory account under plan.operation: tests/fake_sagemaker.py)
from moto_server import aws_env, fault_proxy, moto_server  # noqa: F401  (a real moto_server on 127.0.0.1: tests/moto_server.py)

# Every automlspec.aws.Account builds its own botocore session, and with it a loader that parses the JSON
# service models again (sagemaker's alone takes about 0.1 s of CPU): a test process running hundreds of
# commands in-process spent a third of its AWS tests' time there. One loader per data path for the whole
# process, as one botocore session already shares its loader between all its clients: the models are the
# same files, read once. Subprocesses (the console script, the language server) are not affected.
botocore.session.create_loader = functools.cache(botocore.loaders.create_loader)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ instead of comparing against them.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a GitHub Actions job lint defaults to the github format; tests expect the plain default.
    In any CI (CI=true) plan, apply and status print a line a phase on stderr (views/progress.py); tests
    expect what a pipe gets, and set CI themselves where the CI lines are under test."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CI", raising=False)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The closing note of the soundness property (tests/test_soundness.py, issue 22): every suggestion
    the rules offered in this run, how many were shown and applied cleanly, and how many lint withheld."""
    total = [0, 0, 0]
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "soundness" and getattr(report, "when", "call") == "call":
                    total = [a + b for a, b in zip(total, value, strict=True)]
    if any(total):
        offered, clean, withheld = total
        terminalreporter.write_line(
            f"suggestions: {offered} offered / {clean} applied cleanly / {withheld} withheld (tests/test_soundness.py)"
        )
