"""tests/data_root is what scripts/generate_data_root.py writes (the Parquet file excepted: its bytes
depend on pyarrow's version, so it is kept as committed)."""

from __future__ import annotations

import gzip
from pathlib import Path

from script_loader import load_script

ROOT = Path(__file__).resolve().parent.parent
MIRROR = ROOT / "tests" / "data_root"


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    # Compare what gzip files hold: the compressed bytes may differ between zlib builds.
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_data_root_is_fresh(tmp_path: Path) -> None:
    load_script("generate_data_root").write(tmp_path)
    expected = {p.relative_to(tmp_path): _content(p) for p in tmp_path.rglob("*") if p.is_file()}
    committed = {
        p.relative_to(MIRROR): _content(p) for p in MIRROR.rglob("*") if p.is_file() and p.suffix != ".parquet"
    }
    assert committed.keys() == expected.keys(), "python scripts/generate_data_root.py"
    stale = [str(k) for k in expected if expected[k] != committed[k]]
    assert not stale, f"stale: {stale}; run python scripts/generate_data_root.py"
