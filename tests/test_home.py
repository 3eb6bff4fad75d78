"""Every link to the project is built from one constant, automlspec.HOME (issue 18: the bug-report line,
the JSON `url` of findings and the pre-commit snippet used to point at three different places)."""

from __future__ import annotations

import re
from pathlib import Path

from automlspec import HOME
from automlspec.hooks import REPOSITORY
from automlspec.rules import DOCS_URL
from automlspec.views.console import BUG_REPORT_URL

ROOT = Path(__file__).resolve().parent.parent
# A link to a repository called automlspec on any host, under any owner.
PROJECT_LINK = re.compile(r"(?:https?://)?(?:www\.)?github\.com/([^/\s)`'\"]+)/automlspec\b|\b(OWNER)/automlspec\b")
TEXT = ("*.py", "*.md", "*.yaml", "*.yml", "*.toml", "*.txt", "*.json")
SKIP = {".git", ".venv", "node_modules", "build", "dist", "__pycache__", "golden"}


def _files() -> list[Path]:
    out = []
    for pattern in TEXT:
        for path in ROOT.rglob(pattern):
            parts = set(path.relative_to(ROOT).parts)
            if not parts & SKIP and not any(p.endswith(".egg-info") for p in parts):
                out.append(path)
    return out


def test_the_constants_that_print_links_derive_from_home() -> None:
    assert f"{HOME}/issues" == BUG_REPORT_URL
    assert DOCS_URL.startswith(f"{HOME}/blob/main/docs/")
    assert REPOSITORY == HOME


def test_no_file_names_another_home_or_a_placeholder() -> None:
    owner = HOME.rstrip("/").split("/")[-2]
    wrong = []
    for path in _files():
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            for match in PROJECT_LINK.finditer(line):
                if match.group(2) or match.group(1) != owner:
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert wrong == []
