"""Regenerate every generated file of the repository, or (--check) say which are stale without writing.

  automlspec/resources/model.json, model_docs.json   the limits table, from the installed botocore's
                                                 sagemaker model (scripts/generate_model.py)
  automlspec/schemas/automl-job-v1/v2.schema.json  the JSON Schemas for editors, from that table
                                                 (automlspec/schema.py)
  docs/rules.md                                  the rule reference, from the rules' docstrings
                                                 (automlspec/rules_doc.py)
  .pre-commit-hooks.yaml, docs/pre-commit.md     the hooks and their reference, from automlspec/hooks.py
                                                 (scripts/generate_hooks.py)
  tests/data_root/                               the local mirror of the example specs' S3 data, from a
                                                 seeded generator (scripts/generate_data_root.py; the
                                                 Parquet file is kept as committed: its bytes depend on
                                                 pyarrow's version)

The freshness tests (tests/test_generated.py) call the same `stale()`. Not here: the golden outputs
(`python -m pytest tests/test_golden.py --update-goldens`, reviewed as diffs) and the measured sections
of docs/benchmarks.md (scripts/benchmark.py --write), which are measurements, not generated text.

Usage: python scripts/generate.py [--check] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
MIRROR = ROOT / "tests" / "data_root"


def _script(name: str) -> ModuleType:
    """A sibling script as a module (scripts/ is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there while the class is made
    spec.loader.exec_module(module)
    return module


def _model() -> dict[Path, bytes]:
    return {path: text.encode("utf-8") for path, text in _script("generate_model").outputs().items()}


def _schemas() -> dict[Path, bytes]:
    from automlspec import model, schema

    # Read the table as it is on disk now: the model step may have just rewritten it.
    for module in (model, schema):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    return {schema.path(dialect): schema.dumps(dialect).encode("utf-8") for dialect in ("v1", "v2")}


def _rules() -> dict[Path, bytes]:
    from automlspec.rules_doc import rules_page

    return {ROOT / "docs" / "rules.md": rules_page().encode("utf-8")}


def _regions() -> dict[Path, bytes]:
    return {path: text.encode("utf-8") for path, text in _script("generate_regions").outputs().items()}


def _hooks() -> dict[Path, bytes]:
    return {path: text.encode("utf-8") for path, text in _script("generate_hooks").outputs().items()}


def _data_root() -> dict[Path, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        _script("generate_data_root").write(Path(tmp))
        return {MIRROR / p.relative_to(tmp): p.read_bytes() for p in Path(tmp).rglob("*") if p.is_file()}


# In dependency order: the schemas are built from the table the model step writes.
GENERATORS: dict[str, Callable[[], dict[Path, bytes]]] = {
    "model": _model,
    "schemas": _schemas,
    "rules": _rules,
    "hooks": _hooks,
    "regions": _regions,
    "data-root": _data_root,
}


def _same(path: Path, wanted: bytes) -> bool:
    if not path.is_file():
        return False
    current = path.read_bytes()
    if path.suffix == ".gz":  # compare what a gzip file holds: the compressed bytes differ between zlib builds
        return gzip.decompress(current) == gzip.decompress(wanted)
    return current == wanted


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _extra(name: str, wanted: dict[Path, bytes]) -> list[Path]:
    """Files a generator owns that it no longer writes (only the mirror is a whole directory)."""
    if name != "data-root":
        return []
    return sorted(p for p in MIRROR.rglob("*") if p.is_file() and p.suffix != ".parquet" and p not in wanted)


def stale(names: list[str] | None = None, write: bool = False) -> list[str]:
    """The generated files (relative paths) that differ from what their generator makes now; with
    ``write``, rewrite them (and delete the mirror's files no generator writes) on the way."""
    found: list[str] = []
    for name, generate in GENERATORS.items():
        if names and name not in names:
            continue
        wanted = generate()
        for path, content in wanted.items():
            if not _same(path, content):
                found.append(_shown(path))
                if write:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
        for path in _extra(name, wanted):
            found.append(_shown(path) + " (no longer generated)")
            if write:
                path.unlink()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/generate.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 naming each stale file")
    parser.add_argument(
        "--only", nargs="+", choices=list(GENERATORS), metavar="NAME", help=f"only these: {', '.join(GENERATORS)}"
    )
    args = parser.parse_args(argv)
    found = stale(args.only, write=not args.check)
    if args.check:
        for path in found:
            print(f"stale: {path}", file=sys.stderr)
        if found:
            print("run python scripts/generate.py", file=sys.stderr)
        return 1 if found else 0
    for path in found:
        print(f"wrote {path}" if not path.endswith("(no longer generated)") else f"deleted {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
