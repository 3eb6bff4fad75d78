"""Comments, docstrings and docs cite public URLs, never the private keys of the API notes the project was
first written from ([M] for the botocore model, [DG-tab] and the other developer-guide keys, [SDK], [OBS],
"reference section A3", "§B"): a reader of the repository cannot follow those."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = re.compile(
    r"\[(?:M|SDK|OBS|DG-[\w-]+|S3-naming)\]"  # the notes' source keys
    r"|reference sections? [A-E]\d*\b"  # "reference section B", "reference sections A3 and A4"
    r"|§ ?[A-E]\d*\b"
    r"|API notes"
)


def _files() -> list[Path]:
    files = [ROOT / "README.md"]
    files += sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "scripts").glob("*.py"))
    files += sorted(p for p in (ROOT / "automlspec").rglob("*") if p.suffix in (".py", ".json", ".md", ".yaml"))
    return files


def test_no_private_citation_key_is_left() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group()}"
        for path in _files()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        for match in PRIVATE.finditer(line)
    ]
    assert not found, "cite a public URL instead:\n" + "\n".join(found)


def test_the_pattern_finds_each_kind_of_key() -> None:
    for text in (
        "([M] MaxAutoMLJobRuntimeInSeconds)",
        "[DG-tab] says",
        "([SDK]: ...)",
        "reference section B;",
        "(reference sections A3 and A4)",
        "see §D",
        "the project's API notes",
    ):
        assert PRIVATE.search(text), text
    for text in ("[AML104](#aml104-invalid-enum-value)", "the Source section of docs/rules.md", "[Mode]"):
        assert not PRIVATE.search(text), text
