"""Generate automlspec/resources/model.json and model_docs.json from botocore's sagemaker model.

The lint path never loads botocore (importing it and loading the full service model costs about
0.25 s); it reads this small table instead. tests/test_model_table.py regenerates the table from the
installed botocore and fails when the shipped copy has drifted.

scripts/generate.py regenerates it with every other generated file; this script is its `--only model`.

Usage: python scripts/generate_model.py [--check]   (the same as python scripts/generate.py --only model)
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

OPERATIONS = {"v1": "CreateAutoMLJob", "v2": "CreateAutoMLJobV2"}
DATA = Path(__file__).resolve().parent.parent / "automlspec" / "resources"
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(doc: str) -> str:
    """Model documentation is HTML; keep plain text with single spaces."""
    text = _TAG.sub(" ", doc or "")
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _shape_entry(shape) -> dict:
    entry: dict = {"type": shape.type_name}
    meta = shape.metadata
    for key in ("min", "max", "pattern"):
        if key in meta:
            entry[key] = meta[key]
    if meta.get("union"):
        entry["union"] = True
    if getattr(shape, "enum", None):
        entry["enum"] = list(shape.enum)
    if shape.type_name == "structure":
        entry["members"] = {name: member.name for name, member in shape.members.items()}
        entry["required"] = list(shape.required_members)
    elif shape.type_name == "list":
        entry["member"] = shape.member.name
    elif shape.type_name == "map":
        entry["key"] = shape.key.name
        entry["value"] = shape.value.name
    return entry


def build() -> tuple[dict, dict]:
    import botocore
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    shapes: dict[str, dict] = {}
    docs: dict[str, dict] = {}

    def walk(shape) -> None:
        if shape.name in shapes:
            return
        shapes[shape.name] = _shape_entry(shape)
        doc_entry = {"doc": _plain(shape.documentation)}
        if shape.type_name == "structure":
            doc_entry["members"] = {n: _plain(m.documentation) for n, m in shape.members.items()}
            for member in shape.members.values():
                walk(member)
        elif shape.type_name == "list":
            walk(shape.member)
        elif shape.type_name == "map":
            walk(shape.key)
            walk(shape.value)
        docs[shape.name] = doc_entry

    roots = {}
    for dialect, op_name in OPERATIONS.items():
        op = model.operation_model(op_name)
        roots[dialect] = {"operation": op_name, "shape": op.input_shape.name}
        walk(op.input_shape)

    table = {
        "generated_by": "scripts/generate_model.py",
        "botocore_version": botocore.__version__,
        "api_version": model.api_version,
        "roots": roots,
        "shapes": dict(sorted(shapes.items())),
    }
    return table, {"botocore_version": botocore.__version__, "shapes": dict(sorted(docs.items()))}


def render(obj: dict) -> str:
    return json.dumps(obj, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def outputs() -> dict[Path, str]:
    table, docs = build()
    return {DATA / "model.json": render(table), DATA / "model_docs.json": render(docs)}


def main(argv: list[str] | None = None) -> int:
    """`python scripts/generate.py --only model` with these arguments (--check, --help)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generate

    return generate.main([*(sys.argv[1:] if argv is None else argv), "--only", "model"])


if __name__ == "__main__":
    sys.exit(main())
