"""Generate automlspec/resources/model.json, model_docs.json, model_markdown.json and neighbours.json from
botocore's sagemaker model.

The lint path never loads botocore (importing it and loading the full service model costs about
0.25 s); it reads this small table instead. tests/test_model_table.py regenerates the table from the
installed botocore and fails when the shipped copy has drifted.

model_docs.json holds each shape's and member's documentation as plain text (`explain`, the JSON
Schemas, `init`'s comments); model_markdown.json holds the same documentation as Markdown, with its
paragraphs, lists and links, for the language server's hover and completion (docs/editors.md).

scripts/generate.py regenerates it with every other generated file; this script is its `--only model`.

Usage: python scripts/generate_model.py [--check]   (the same as python scripts/generate.py --only model)
"""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

OPERATIONS = {"v1": "CreateAutoMLJob", "v2": "CreateAutoMLJobV2"}
DATA = Path(__file__).resolve().parent.parent / "automlspec" / "resources"
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _plain(doc: str) -> str:
    """Model documentation is HTML; keep plain text with single spaces."""
    text = _TAG.sub(" ", doc or "")
    return _SPACE.sub(" ", html.unescape(text)).strip()


# Characters that Markdown would read as formatting inside running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_AWS_DOCS = "https://docs.aws.amazon.com"


class _Markdown(HTMLParser):
    """The few HTML tags of the model's documentation (p, code, a, ul/li, note, b, i) as CommonMark.

    Blocks (paragraphs, list items, notes) are collected as lines; running text keeps single spaces, as
    the plain-text rendering does, so the two say the same words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished blocks, one string each
        self.line: list[str] = []  # the block being written
        self.lists = 0  # depth of <ul>
        self.bullet = False  # the next text starts a list item
        self.links: list[tuple[str | None, int]] = []  # (href, where its text starts in self.line)
        self.code = 0
        self.prefix = ""  # "**Note:** " until the note's first text

    def _flush(self) -> None:
        text = re.sub(r"[ \t\n]+", " ", "".join(self.line)).strip()
        self.line = []
        if not text:
            return
        text, self.prefix = self.prefix + text, ""
        if self.lists:
            indent = "  " * (self.lists - 1)
            text = f"{indent}- {text}" if self.bullet else f"{indent}  {text}"
            self.bullet = False
        self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "note", "ul", "li"):
            self._flush()
        if tag == "ul":
            self.lists += 1
        elif tag == "li":
            self.bullet = True
        elif tag == "note":
            self.prefix = "**Note:** "
        elif tag == "code":
            self.code += 1
            self.line.append("`")
        elif tag == "b":
            self.line.append("**")
        elif tag == "i":
            self.line.append("*")
        elif tag == "a":
            href = dict(attrs).get("href")
            if href and href.startswith("/"):
                href = _AWS_DOCS + href
            self.links.append((href if href and href.startswith("https://") else None, len(self.line)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "note", "li"):
            self._flush()
        elif tag == "ul":
            self._flush()
            self.lists = max(0, self.lists - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
            self.line.append("`")
        elif tag == "b":
            self.line.append("**")
        elif tag == "i":
            self.line.append("*")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.line[start:])
            if href and text.strip():
                # the spaces the HTML puts inside the tag stay outside the link
                lead = " " if text[:1].isspace() else ""
                self.line[start:] = [f"{lead}[{' '.join(text.split())}]({href})"]

    def handle_data(self, data: str) -> None:
        self.line.append(data.replace("`", "'") if self.code else _MARKDOWN_SPECIAL.sub(r"\\\1", data))

    def markdown(self) -> str:
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            # consecutive list items stay together; anything else (a paragraph, a paragraph that
            # continues a list item) is its own block, or CommonMark would join it to the line above
            if out and not (block.lstrip().startswith("- ") and out[-1].lstrip().startswith("- ")):
                out.append("")
            out.append(block)
        return "\n".join(out)


def _markdown(doc: str) -> str:
    """Model documentation (HTML) as Markdown: what an editor's hover shows."""
    parser = _Markdown()
    parser.feed(doc or "")
    parser.close()
    return parser.markdown()


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


def build() -> tuple[dict, dict, dict]:
    import botocore
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    shapes: dict[str, dict] = {}
    docs: dict[str, dict] = {}
    markdown: dict[str, dict] = {}

    def walk(shape) -> None:
        if shape.name in shapes:
            return
        shapes[shape.name] = _shape_entry(shape)
        doc_entry = {"doc": _plain(shape.documentation)}
        markdown_entry = {"doc": _markdown(shape.documentation)}
        if shape.type_name == "structure":
            doc_entry["members"] = {n: _plain(m.documentation) for n, m in shape.members.items()}
            markdown_entry["members"] = {n: _markdown(m.documentation) for n, m in shape.members.items()}
            for member in shape.members.values():
                walk(member)
        elif shape.type_name == "list":
            walk(shape.member)
        elif shape.type_name == "map":
            walk(shape.key)
            walk(shape.value)
        docs[shape.name] = doc_entry
        markdown[shape.name] = markdown_entry

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
    version = botocore.__version__
    return (
        table,
        {"botocore_version": version, "shapes": dict(sorted(docs.items()))},
        {"botocore_version": version, "shapes": dict(sorted(markdown.items()))},
    )


# The requests users copy fields from into an Autopilot spec (issue 22): a field of theirs that neither
# Autopilot request has anywhere gets "is a CreateTrainingJob field; Autopilot has no equivalent".
NEIGHBOURS = ("CreateTrainingJob", "CreateHyperParameterTuningJob")


def build_neighbours(model=None) -> dict:
    """What the NEIGHBOURS' requests have that the Autopilot requests do not, for "is a CreateTrainingJob
    field" (rules/limits.py, AML102):

    - ``fields``: each member name that no shape of the two Autopilot requests has, with the first
      (shortest) path where its request keeps it: {"S3DataDistributionType": ["CreateTrainingJob",
      "InputDataConfig[].DataSource.S3DataSource.S3DataDistributionType"]};
    - ``members``: "Parent.Member" for a member that Autopilot has too, but with another shape (another
      meaning), under a parent field that Autopilot also has: CreateTrainingJob's
      OutputDataConfig.CompressionType is the output's compression (GZIP, NONE), not a channel's."""
    import botocore.session

    model = model or botocore.session.get_session().get_service_model("sagemaker")
    autopilot: dict[str, set[str]] = {}  # member name -> its shapes in the Autopilot requests
    seen: set[str] = set()

    def members(shape) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                autopilot.setdefault(name, set()).add(member.name)
                members(member)
        elif shape.type_name == "list":
            members(shape.member)
        elif shape.type_name == "map":
            members(shape.value)

    for op_name in OPERATIONS.values():
        members(model.operation_model(op_name).input_shape)
    found: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    for op_name in NEIGHBOURS:
        queue = [(model.operation_model(op_name).input_shape, "", "")]
        visited: set[str] = set()
        while queue:  # breadth first: the shortest path to each name
            shape, path, parent = queue.pop(0)
            if shape.name in visited:
                continue
            visited.add(shape.name)
            if shape.type_name == "list":
                queue.append((shape.member, path + "[]", parent))
            elif shape.type_name == "map":
                queue.append((shape.value, path + "{}", parent))
            elif shape.type_name == "structure":
                for name, member in shape.members.items():
                    child = f"{path}.{name}" if path else name
                    if name not in autopilot:
                        found.setdefault(name, [op_name, child])
                    elif (parent == "" or parent in autopilot) and member.name not in autopilot[name]:
                        other.setdefault(f"{parent}.{name}", [op_name, child])
                    queue.append((member, child, name))
    return {
        "generated_by": "scripts/generate_model.py",
        "about": "Fields of the requests users copy from that the Autopilot requests do not have (rules/limits.py,"
        " AML102): name -> [request, where that request keeps it]; members: Parent.Member of another meaning",
        "fields": dict(sorted(found.items())),
        "members": dict(sorted(other.items())),
    }


def render(obj: dict) -> str:
    return json.dumps(obj, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def outputs() -> dict[Path, str]:
    table, docs, markdown = build()
    return {
        DATA / "model.json": render(table),
        DATA / "model_docs.json": render(docs),
        DATA / "model_markdown.json": render(markdown),
        DATA / "neighbours.json": render(build_neighbours()),
    }


def main(argv: list[str] | None = None) -> int:
    """`python scripts/generate.py --only model` with these arguments (--check, --help)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generate

    return generate.main([*(sys.argv[1:] if argv is None else argv), "--only", "model"])


if __name__ == "__main__":
    sys.exit(main())
