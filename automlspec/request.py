"""Typed pydantic models of both create requests, built from the shipped model table.

``compile`` validates every request it prints through these models: AWS field names, ``extra="forbid"``
(an unknown key is an error, as in botocore), strict types (``yes`` is not a boolean, ``1`` is not a
string), required members, the union of AutoMLProblemTypeConfig, and the model's enums, lengths, ranges
and patterns (anchored, because the model's patterns are meant to match the whole value).

Importing pydantic costs about 0.15 s, so this module is imported only by ``compile`` and ``resolve``,
never on the ``lint`` path (tests/test_compile.py checks it).
"""

from __future__ import annotations

import warnings
from functools import cache
from types import GenericAlias
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from . import model

_CONFIG = ConfigDict(extra="forbid", strict=True, regex_engine="rust-regex")


def anchored(pattern: str) -> str:
    """The model's patterns match the whole value (Java ``matches``); regex engines search."""
    return f"^(?:{pattern})$"


class _Builder:
    def __init__(self, shapes: dict[str, dict]) -> None:
        self.shapes = shapes
        self.structures: dict[str, type[BaseModel]] = {}

    def annotation(self, name: str) -> Any:
        entry = self.shapes[name]
        kind = entry["type"]
        low, high = entry.get("min"), entry.get("max")
        if kind == "structure":
            return self.structure(name)
        if kind == "string":
            if "enum" in entry:
                return Literal[tuple(entry["enum"])]
            pattern = entry.get("pattern")
            return Annotated[
                str, Field(min_length=low, max_length=high, pattern=anchored(pattern) if pattern else None)
            ]
        if kind == "integer":
            return Annotated[int, Field(ge=low, le=high)]
        if kind == "float":
            return Annotated[float, Field(ge=low, le=high, allow_inf_nan=False)]
        if kind == "boolean":
            return bool
        # list[X] and dict[K, V] spelt as the GenericAlias they evaluate to: X, K and V are only known at run time.
        if kind == "list":
            items = GenericAlias(list, (self.annotation(entry["member"]),))
            return Annotated[items, Field(min_length=low, max_length=high)]
        if kind == "map":
            pairs = GenericAlias(dict, (self.annotation(entry["key"]), self.annotation(entry["value"])))
            return Annotated[pairs, Field(min_length=low, max_length=high)]
        raise ValueError(f"shape {name}: type {kind} is not modelled")

    def structure(self, name: str) -> type[BaseModel]:
        if name in self.structures:
            return self.structures[name]
        entry = self.shapes[name]
        required = set(entry.get("required", ()))
        fields: dict[str, Any] = {}
        for member, shape_name in entry["members"].items():
            # An optional member defaults to None, which is never validated: an explicit null in the
            # input is still a type error, as botocore reports it.
            fields[member] = (self.annotation(shape_name), ... if member in required else None)
        # model_validator returns a descriptor proxy, which pydantic accepts here but does not declare
        validators: dict[str, Any] = {}
        if entry.get("union"):
            validators["exactly_one_member"] = model_validator(mode="after")(_exactly_one(name, list(entry["members"])))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # AWS names never shadow BaseModel attributes; be quiet if one ever does
            built = create_model(name, __config__=_CONFIG, __validators__=validators, **fields)
        self.structures[name] = built
        return built


def _exactly_one(name: str, members: list[str]):
    def check(self):
        present = [m for m in members if m in self.model_fields_set]
        if len(present) != 1:
            raise ValueError(f"{name} must set exactly one of {', '.join(members)}; it sets {len(present)}")
        return self

    return check


@cache
def request_model(dialect: str) -> type[BaseModel]:
    """The pydantic model of the CreateAutoMLJob (v1) or CreateAutoMLJobV2 (v2) request."""
    return _Builder(model.table()["shapes"]).structure(model.root_shape(dialect))


def problems(request: dict, dialect: str) -> list[str]:
    """Why ``request`` is not a valid request of ``dialect`` ([] when it is), one line per problem."""
    try:
        request_model(dialect).model_validate(request)
    except ValidationError as exc:
        out = []
        for error in exc.errors(include_url=False):
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
            out.append(f"{where or 'the request'}: {error['msg']}")
        return out
    return []
