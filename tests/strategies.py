"""Hypothesis strategies for specs, drawn from the shipped model table (every shape of both requests).

Values respect the model's types, enums, lengths, ranges and list sizes (patterns where Python's ``re``
can generate them), which is what botocore's own client validates; cross-field rules are not applied,
because the properties tested with these (determinism, lossless conversion) hold for any request.
"""

from __future__ import annotations

import random
import re
import string

from hypothesis import strategies as st

from automlspec import model

_PLAIN = string.ascii_letters + string.digits + "_-."
_MAX_COLLECTION = 3
_ALPHABET = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def value(shape_name: str) -> st.SearchStrategy:
    entry = model.shape(shape_name)
    kind = entry["type"]
    low, high = entry.get("min"), entry.get("max")
    if kind == "string":
        if "enum" in entry:
            return st.sampled_from(entry["enum"])
        low = low or 0
        high = min(high or 40, 40)
        pattern = entry.get("pattern")
        if pattern and pattern != ".*" and "\\p" not in pattern:
            # printable ASCII: YAML treats some other characters (NEL, LS, PS) as line breaks
            return st.from_regex(re.compile(pattern), fullmatch=True, alphabet=_ALPHABET).filter(
                lambda s: low <= len(s) <= (entry.get("max") or 10**6)
            )
        return st.text(_PLAIN, min_size=low, max_size=max(low, high))
    if kind == "integer":
        return st.integers(low if low is not None else 0, high if high is not None else 2_592_000)
    if kind == "float":
        return st.floats(0.01, 0.99, allow_nan=False).map(lambda f: round(f, 3))
    if kind == "boolean":
        return st.booleans()
    if kind == "list":
        return st.lists(
            value(entry["member"]),
            min_size=low or 0,
            max_size=min(high if high is not None else _MAX_COLLECTION, _MAX_COLLECTION),
        )
    if kind == "map":
        return st.dictionaries(
            value(entry["key"]),
            value(entry["value"]),
            min_size=low or 0,
            max_size=min(high or _MAX_COLLECTION, _MAX_COLLECTION),
        )
    if kind == "structure":
        return structure(shape_name)
    raise AssertionError(kind)


def structure(shape_name: str, **override: st.SearchStrategy) -> st.SearchStrategy:
    entry = model.shape(shape_name)
    required = set(entry.get("required", ()))
    members = {}
    for member, shape in entry["members"].items():
        if member not in override:
            members[member] = value(shape)
        elif override[member] is not None:  # None: never generate this member
            members[member] = override[member]
    if entry.get("union"):
        return st.one_of(*(st.fixed_dictionaries({m: strat}) for m, strat in members.items()))
    return st.fixed_dictionaries(
        {m: s for m, s in members.items() if m in required},
        optional={m: s for m, s in members.items() if m not in required},
    )


def _consistent_v1(spec: dict) -> dict:
    """V2 keeps one target and one sample-weight column per job; make the V1 channels agree on them,
    and drop an empty AutoMLJobConfig, which carries nothing and has no V2 counterpart."""
    channels = spec["InputDataConfig"]
    first = channels[0]
    for channel in channels[1:]:
        channel["TargetAttributeName"] = first["TargetAttributeName"]
        if "SampleWeightAttributeName" in first:
            channel["SampleWeightAttributeName"] = first["SampleWeightAttributeName"]
        else:
            channel.pop("SampleWeightAttributeName", None)
    if spec.get("AutoMLJobConfig") == {}:
        del spec["AutoMLJobConfig"]
    return spec


def _tabular_v2(spec: dict) -> dict:
    tabular = spec["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    if tabular.get("CandidateGenerationConfig") == {} and "FeatureSpecificationS3Uri" in tabular:
        del tabular["CandidateGenerationConfig"]  # an empty mapping with no V1 counterpart next to the URI
    return spec


def tabular_v1() -> st.SearchStrategy:
    return structure(model.root_shape("v1")).map(_consistent_v1)


def tabular_v2() -> st.SearchStrategy:
    problem = st.fixed_dictionaries({"TabularJobConfig": structure("TabularJobConfig")})
    return structure(model.root_shape("v2"), AutoMLProblemTypeConfig=problem, AutoMLComputeConfig=None).map(_tabular_v2)


def shuffled(data, shape_name: str, seed: int):
    """The same spec with every structure's keys in another order (map keys keep theirs)."""
    rng = random.Random(seed)

    def walk(value, name):
        entry = model.shape(name)
        if entry["type"] == "structure" and isinstance(value, dict):
            keys = list(value)
            rng.shuffle(keys)
            return {k: walk(value[k], entry["members"].get(k, name)) for k in keys}
        if entry["type"] == "list" and isinstance(value, list):
            return [walk(v, entry["member"]) for v in value]
        if entry["type"] == "map" and isinstance(value, dict):
            return {k: walk(v, entry["value"]) for k, v in value.items()}
        return value

    return walk(data, shape_name)
