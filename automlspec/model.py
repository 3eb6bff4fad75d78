"""The AWS limits: a table generated from botocore's sagemaker model (scripts/generate_model.py).

Loading the JSON table costs well under a millisecond; loading botocore's service model costs about
0.25 s, which is why the lint path reads this table and never imports botocore.
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache

TYPE_CHECKING = False  # typing for the type checker only: `--version` reads this module (issue 26)
if TYPE_CHECKING:
    from typing import Any

_RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources")


def resource_text(name: str) -> str:
    """A file of automlspec/resources/ as text. Read straight from the package's folder: importing
    importlib.resources and its traversable machinery costs 4-8% of a one-spec lint (issue 26). A package
    that is not a folder on disk (zipimport) is read through importlib.resources."""
    try:
        with open(os.path.join(_RESOURCES, name), encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, NotADirectoryError):
        from importlib import resources

        return resources.files("automlspec.resources").joinpath(name).read_text("utf-8")


def _parsed(name: str) -> Any:
    """A JSON file of automlspec/resources/. json is imported here: `--version` reads this module and needs
    no JSON parser (versions), and json's import is about 2 ms (issue 26)."""
    import json

    return json.loads(resource_text(name))


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return _parsed("model.json")


def versions() -> tuple[str, str]:
    """(botocore's version, the API version) the table was generated from, for `automlspec --version`: read
    from the table's first lines (scripts/generate_model.py writes them first, one a line) without
    importing json, which would be a third of what `--version` costs above the interpreter (issue 26).
    tests/test_model_table.py proves they are table()'s values."""
    found = {}
    for text in resource_text("model.json").split("\n", 4)[1:4]:
        key, _, value = text.strip().rstrip(",").partition(": ")
        if key.startswith('"') and value.startswith('"') and "\\" not in value:
            found[key.strip('"')] = value.strip('"')
    if "botocore_version" not in found or "api_version" not in found:  # another layout: parse it
        return table().get("botocore_version", "?"), table().get("api_version", "?")
    return found["botocore_version"], found["api_version"]


@lru_cache(maxsize=1)
def docs() -> dict[str, Any]:
    """Model documentation (plain text), for `explain`, `schema` and `init`; not on the lint path."""
    return _parsed("model_docs.json")


@lru_cache(maxsize=1)
def markdown() -> dict[str, Any]:
    """The same documentation as Markdown (paragraphs, lists, links), for the language server's hover and
    completion (scripts/generate_model.py writes both)."""
    return _parsed("model_markdown.json")


def shape(name: str) -> dict[str, Any]:
    return table()["shapes"][name]


def enum(shape_name: str) -> tuple[str, ...]:
    """The values an enum shape allows, in the model's order (``enum("AutoMLS3DataType")``)."""
    return tuple(shape(shape_name)["enum"])


def root_shape(dialect: str) -> str:
    return table()["roots"][dialect]["shape"]


def operation(dialect: str) -> str:
    return table()["roots"][dialect]["operation"]


def shape_at(dialect: str, path) -> str | None:
    """The shape name at a FieldPath (list indexes and map keys step into members/values)."""
    name = root_shape(dialect)
    for part in path:
        entry = shape(name)
        kind = entry["type"]
        step: str | None = None
        if kind == "structure":
            step = entry["members"].get(part) if isinstance(part, str) else None
        elif kind == "list":
            step = entry["member"] if isinstance(part, int) else None
        elif kind == "map":
            step = entry["value"] if isinstance(part, str) else None
        if step is None:
            return None
        name = step
    return name


_UNICODE_CLASS = r"\\[pP]\{"
# The tag patterns are one repeated class of Unicode categories and literals, e.g.
# ([\p{L}\p{Z}\p{N}_.:/=+\-@]*). Those are checked with unicodedata (no import cost); any other
# \p{...} pattern is compiled with the `regex` package, which understands Java's classes.
_CATEGORY_CLASS = r"\(?\[((?:\\p\{[A-Z]\}|\\.|[^\]\\])*)\]\*\)?\Z"


class _CategoryClass:
    """fullmatch for a repeated class of Unicode general categories (\\p{L}) and literal characters."""

    def __init__(self, body: str) -> None:
        self.categories = tuple(re.findall(r"\\p\{([A-Z])\}", body))
        rest = re.sub(r"\\p\{[A-Z]\}", "", body)
        self.literals = frozenset(re.sub(r"\\(.)", r"\1", rest))

    def fullmatch(self, value: str):
        import unicodedata

        for char in value:
            if char not in self.literals and unicodedata.category(char)[0] not in self.categories:
                return None
        return True


@cache
def compiled_pattern(pattern: str):
    """Compile a model pattern. The model's patterns are Java regexes matched against the whole value,
    so callers use ``fullmatch``."""
    if re.search(_UNICODE_CLASS, pattern):
        simple = re.match(_CATEGORY_CLASS, pattern)
        if simple:
            return _CategoryClass(simple.group(1))
        # Python's re has no \p{..}. Every such pattern in the model today is one character class (the
        # tag patterns); tests/test_model_table.py fails if botocore ever ships another kind, so the
        # `regex` package need not be a run-time dependency for a case that does not occur.
        raise ValueError(f"model pattern {pattern!r} uses \\p{{..}} outside a single character class")
    return re.compile(pattern)


@lru_cache(maxsize=2)
def member_paths(dialect: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every member name of a ``dialect`` request -> the paths of the structures that have it, shortest
    first; a list step is ``[]``, a map value ``{}``: {"AlgorithmsConfig": (("AutoMLJobConfig",
    "CandidateGenerationConfig"),)}. For "it belongs under ..." (rules/limits.py)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    # (shape, path, the shapes above it): a shape is walked once per place it occurs (TabularJobConfig and
    # TimeSeriesForecastingJobConfig share CandidateGenerationConfig), never inside itself
    queue: list[tuple[str, tuple[str, ...], frozenset[str]]] = [(root_shape(dialect), (), frozenset())]
    while queue:  # breadth first: the shortest path first
        name, path, above = queue.pop(0)
        if name in above:
            continue
        above = above | {name}
        entry = shape(name)
        if entry["type"] == "structure":
            for member, member_shape in entry["members"].items():
                found.setdefault(member, []).append(path)
                queue.append((member_shape, (*path, member), above))
        elif entry["type"] == "list":
            queue.append((entry["member"], (*path, "[]"), above))
        elif entry["type"] == "map":
            queue.append((entry["value"], (*path, "{}"), above))
    return {member: tuple(paths) for member, paths in found.items()}


@lru_cache(maxsize=1)
def neighbours() -> dict[str, dict[str, list[str]]]:
    """What CreateTrainingJob and CreateHyperParameterTuningJob have and Autopilot has not: ``fields`` (name
    -> [request, path]) and ``members`` ("Parent.Member" of another meaning -> [request, path])
    (automlspec/resources/neighbours.json, scripts/generate_model.py)."""
    data = _parsed("neighbours.json")
    return {"fields": data["fields"], "members": data["members"]}
