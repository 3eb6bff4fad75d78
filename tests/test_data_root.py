"""tests/data_root is what scripts/generate_data_root.py writes (the Parquet file excepted: its bytes
depend on pyarrow's version, so it is kept as committed), checked through scripts/generate.py, which also
compares what gzip files hold rather than their bytes (those differ between zlib builds)."""

from __future__ import annotations

from pathlib import Path

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent


def test_data_root_is_fresh() -> None:
    assert load_script("generate").stale(["data-root"]) == [], "run python scripts/generate.py"
