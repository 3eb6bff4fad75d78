"""Did-you-mean: the value a user most likely meant, for keys, enum values and near-miss forms."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .facts import CSV, PARQUET

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def _squash(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


# Other spellings of an enum value that no edit distance finds, keyed by squashed spelling. The
# AutoMLJobObjective.MetricName doc lists the time-series metrics "wQL" and "Average wQL"; the enum
# spells them AverageWeightedQuantileLoss.
ALIASES = {
    "wql": "AverageWeightedQuantileLoss",
    "averagewql": "AverageWeightedQuantileLoss",
    "avgwql": "AverageWeightedQuantileLoss",
    "meanwql": "AverageWeightedQuantileLoss",
    "weightedquantileloss": "AverageWeightedQuantileLoss",
    "quantileloss": "AverageWeightedQuantileLoss",
}


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice that ``value`` most likely misspells, or None.

    Case and punctuation slips win outright (``gzip`` -> ``Gzip``, ``linear_learner`` ->
    ``linear-learner``), then known aliases (``wQL`` -> ``AverageWeightedQuantileLoss``); otherwise
    difflib's ratio picks the nearest above ``cutoff``.
    """
    choices = list(choices)
    if not isinstance(value, str) or not choices:
        return None
    squashed = _squash(value)
    for choice in choices:
        if _squash(choice) == squashed:
            return choice
    if ALIASES.get(squashed) in choices:
        return ALIASES[squashed]
    by_squash = {_squash(c): c for c in choices}
    match = difflib.get_close_matches(squashed, list(by_squash), n=1, cutoff=cutoff)
    if match:
        return by_squash[match[0]]
    match = difflib.get_close_matches(value, choices, n=1, cutoff=cutoff)
    return match[0] if match else None


def same_spelling(value: str, choices: Iterable[str]) -> str | None:
    """The one choice ``value`` spells in another case or punctuation (``regression`` -> ``Regression``,
    ``binary_classification`` -> ``BinaryClassification``); None if none or more than one."""
    if not isinstance(value, str):
        return None
    found = [choice for choice in choices if _squash(choice) == _squash(value)]
    return found[0] if len(found) == 1 else None


def s3_scheme_typo(value: str) -> str | None:
    """``s3_uri`` for a value whose scheme is mistyped (``s3:/b/k``, ``S3://b/k``, ``s3a://b/k``), the one
    reading of it; None for anything else (a bare ``bucket/key`` might be meant otherwise)."""
    if not isinstance(value, str) or not _S3_SCHEME.match(value.strip()):
        return None
    return s3_uri(value)


def did_you_mean(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion is not None else ""


_NAME_BAD = re.compile(r"[^a-zA-Z0-9]+")


def hyphen_name(value: str, limit: int) -> str | None:
    """A name that fits ``[a-zA-Z0-9](-*[a-zA-Z0-9]){0,limit-1}``: other characters become hyphens."""
    fixed = _NAME_BAD.sub("-", value).strip("-")[:limit].rstrip("-")
    return fixed or None


_S3_SCHEME = re.compile(r"(?i)(s3|https?|s3a|s3n)(:/*)")


def s3_uri(value: str) -> str | None:
    """``S3://b/k``, ``s3:/b/k``, ``s3a://b/k`` or ``bucket/key`` -> ``s3://b/k``."""
    stripped = value.strip()
    match = _S3_SCHEME.match(stripped)
    rest = stripped[match.end() :] if match else stripped.lstrip("/")
    if not rest or ("/" not in rest and "." not in rest and not match):
        return None
    scheme = "https" if match and match.group(1).lower().startswith("http") else "s3"
    return f"{scheme}://{rest}"


# ForecastFrequency: the model allows min 1-59, H 1-23, D 1-6, W 1-4, M 1-11 and Y only as 1Y/Y;
# a value that reaches the next unit must be written in that unit ("use 1H not 60min").
_FREQ = re.compile(
    r"\s*(\d*)\s*(min|mins|minute|minutes|t|h|hr|hrs|hour|hours|d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years|a)\s*",
    re.I,
)
_UNIT = {
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "t": "min",
    "h": "H",
    "hr": "H",
    "hrs": "H",
    "hour": "H",
    "hours": "H",
    "d": "D",
    "day": "D",
    "days": "D",
    "w": "W",
    "wk": "W",
    "week": "W",
    "weeks": "W",
    "mo": "M",
    "month": "M",
    "months": "M",
    "y": "Y",
    "yr": "Y",
    "year": "Y",
    "years": "Y",
    "a": "Y",
}
_LIMIT = {"min": 59, "H": 23, "D": 6, "W": 4, "M": 11, "Y": 1}
_NEXT = {"min": (60, "H"), "H": (24, "D"), "D": (7, "W"), "M": (12, "Y")}


def forecast_frequency(value: str) -> str | None:
    """The valid spelling of a forecast frequency: ``60min`` -> ``1H``, ``24H`` -> ``1D``,
    ``7D`` -> ``1W``, ``12M`` -> ``1Y``, ``1h`` -> ``1H``, ``5T`` -> ``5min``; None if unclear."""
    match = _FREQ.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    count_text, unit_text = match.groups()
    if len(count_text) > 6:  # no frequency needs more (the largest is 59min), and int() of 5,000 digits raises
        return None
    unit = "M" if unit_text == "M" else ("min" if unit_text == "m" else _UNIT.get(unit_text.lower()))
    if unit is None:
        return None
    count = int(count_text) if count_text else 1
    if count == 0:
        return None
    while unit in _NEXT and count >= _NEXT[unit][0] and count % _NEXT[unit][0] == 0:
        count, unit = count // _NEXT[unit][0], _NEXT[unit][1]
    if unit == "D" and count % 7 == 0:
        count, unit = count // 7, "W"
    if count > _LIMIT[unit]:
        return None
    return f"{count}{unit}"


_IMAGE_SUBTYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "pjpeg": "image/jpeg", "*": "image/*"}


def content_type(value: str) -> str | None:
    """The documented ContentType a spelling means: ``text/csv`` -> ``text/csv;header=present``,
    ``application/x-parquet`` -> ``x-application/vnd.amazon+parquet``, ``image/jpg`` -> ``image/jpeg``."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", "", value.lower())
    if "parquet" in text:
        return PARQUET
    if "csv" in text:
        return CSV
    subtype = text.split("/", 1)[1] if text.startswith("image/") else text
    return _IMAGE_SUBTYPES.get(subtype)


def report_unknown_keys(mapping: Iterable, allowed: Sequence[str], where: Any, report: Any, message: Any) -> bool:
    """Report each key of ``mapping`` that is not in ``allowed`` at the key (``where / key``), with
    ``message(key)`` and the allowed key it most likely misspells; whether there was one. ``report`` is a
    configuration reader's (config.py, policy.py): ``report(path, message, suggestion, key=True)``."""
    unknown = [key for key in mapping if key not in allowed]
    for key in unknown:
        report(where / key, message(key), closest(str(key), allowed), key=True)
    return bool(unknown)
