"""The shipped limits table must be what the installed botocore model says (scripts/generate_model.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate_model", ROOT / "scripts" / "generate_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_table_matches_installed_botocore() -> None:
    generator = _generator()
    table, docs = generator.build()
    shipped = json.loads((ROOT / "automlspec" / "data" / "model.json").read_text("utf-8"))
    assert shipped["shapes"] == table["shapes"], "model.json drifted from botocore: run python scripts/generate_model.py"
    assert shipped["roots"] == table["roots"]
    shipped_docs = json.loads((ROOT / "automlspec" / "data" / "model_docs.json").read_text("utf-8"))
    assert shipped_docs["shapes"] == docs["shapes"], "model_docs.json drifted: run python scripts/generate_model.py"


def test_check_mode_reports_fresh_files() -> None:
    assert _generator().main(["--check"]) == 0


def test_lint_path_does_not_import_botocore_or_pydantic() -> None:
    import subprocess

    code = (
        "import sys; from automlspec.cli import main; "
        "rc = main(['lint', '--format', 'concise', 'specs']); "
        "bad = [m for m in ('botocore', 'boto3', 'pydantic') if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == ""
