"""The shipped limits table must be what the installed botocore model says (scripts/generate_model.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    return load_script("generate_model")


def test_shipped_table_matches_installed_botocore() -> None:
    generator = _generator()
    table, docs, markdown = generator.build()
    shipped = json.loads((ROOT / "automlspec" / "resources" / "model.json").read_text("utf-8"))
    assert shipped["shapes"] == table["shapes"], (
        "model.json drifted from botocore: run python scripts/generate_model.py"
    )
    assert shipped["roots"] == table["roots"]
    shipped_docs = json.loads((ROOT / "automlspec" / "resources" / "model_docs.json").read_text("utf-8"))
    assert shipped_docs["shapes"] == docs["shapes"], "model_docs.json drifted: run python scripts/generate_model.py"
    shipped_markdown = json.loads((ROOT / "automlspec" / "resources" / "model_markdown.json").read_text("utf-8"))
    assert shipped_markdown["shapes"] == markdown["shapes"], (
        "model_markdown.json drifted: run python scripts/generate_model.py"
    )


def test_versions_read_without_json_are_the_tables(monkeypatch) -> None:
    """`--version` reads botocore's and the API's version from model.json's first lines (model.versions);
    they are what parsing the whole table gives, and a table written another way is parsed instead."""
    from automlspec import model

    table = model.table()
    assert model.versions() == (table["botocore_version"], table["api_version"])
    layouts = [
        json.dumps(table),  # one line
        json.dumps({"shapes": {}}, indent=1),  # no versions
        json.dumps({"generated_by": "x", "botocore_version": '1"2', "api_version": "3"}, indent=1),  # an escape
    ]
    for text in layouts:
        parsed = json.loads(text)
        monkeypatch.setattr(model, "resource_text", lambda name, text=text: text)
        monkeypatch.setattr(model, "table", lambda parsed=parsed: parsed)
        assert model.versions() == (parsed.get("botocore_version", "?"), parsed.get("api_version", "?"))


def test_check_mode_reports_fresh_files() -> None:
    assert _generator().main(["--check"]) == 0
    assert load_script("generate").stale(["model"]) == [], "run python scripts/generate.py"


def test_lint_path_does_not_import_botocore_or_pydantic() -> None:
    import subprocess

    code = (
        "import sys; from automlspec.cli import main; "
        "rc = main(['lint', '--format', 'concise', 'specs']); "
        "bad = [m for m in ('botocore', 'boto3', 'pydantic', 'regex', 'automlspec.aws', 'automlspec.dataset', 'automlspec.storage') if m in sys.modules]; "
        "print('heavy:' + ','.join(bad)); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "heavy:"


def test_unicode_category_patterns_agree_with_the_regex_package() -> None:
    """The tag patterns are checked with unicodedata (cheaper to import than `regex`); both agree on
    every character that Python's Unicode database assigns."""
    import random
    import unicodedata

    import regex

    from automlspec import model

    chars = [chr(i) for i in range(0x3000) if unicodedata.category(chr(i)) != "Cn"] + ["\U0001f600", "\u3000"]
    rng = random.Random(7)
    for shape in ("TagKey", "TagValue"):
        pattern = model.table()["shapes"][shape]["pattern"]
        ours, reference = model.compiled_pattern(pattern), regex.compile(pattern)
        assert type(ours).__name__ == "_CategoryClass"
        for _ in range(5000):
            value = "".join(rng.choice(chars) for _ in range(rng.randint(0, 4)))
            assert bool(ours.fullmatch(value)) == bool(reference.fullmatch(value)), repr(value)


def test_every_model_pattern_compiles_without_the_regex_package(monkeypatch) -> None:
    """`regex` is a test dependency only: each pattern of the model must compile with `re` or as a
    single Unicode character class."""
    from automlspec import model

    monkeypatch.setitem(sys.modules, "regex", None)  # any `import regex` now raises ImportError
    model.compiled_pattern.cache_clear()
    try:
        for name, entry in model.table()["shapes"].items():
            if "pattern" in entry:
                assert hasattr(model.compiled_pattern(entry["pattern"]), "fullmatch"), name
    finally:
        model.compiled_pattern.cache_clear()
