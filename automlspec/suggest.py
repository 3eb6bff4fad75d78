"""Did-you-mean: the value a user most likely meant, for keys, enum values and near-miss forms."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .facts import CSV, PARQUET

# Every pattern of this module is a string compiled by re's cache on first use: suggestions are made only
# for findings, and a pattern compiled at import costs every lint (issue 26).
_NON_ALNUM = r"[^a-z0-9]"


def _squash(text: str) -> str:
    return re.sub(_NON_ALNUM, "", text.lower())


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
    # ProblemType in the words `automlspec init --problem-type` takes (scaffold.py) and scikit-learn uses
    "binary": "BinaryClassification",
    "binaryclass": "BinaryClassification",
    "binaryclassifier": "BinaryClassification",
    "multiclass": "MulticlassClassification",
    "multiclassifier": "MulticlassClassification",
    "multiclassclassifier": "MulticlassClassification",
    "multiclassification": "MulticlassClassification",
}


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice that ``value`` most likely misspells, or None.

    Case and punctuation slips win outright (``gzip`` -> ``Gzip``, ``linear_learner`` ->
    ``linear-learner``), then known aliases (``wQL`` -> ``AverageWeightedQuantileLoss``); otherwise
    difflib's ratio picks the nearest above ``cutoff``.
    """
    found = ranked(value, choices, cutoff, 1)
    return found[0] if found else None


def ranked(value: str, choices: Iterable[str], cutoff: float = 0.6, count: int = 4) -> list[str]:
    """Up to ``count`` choices that ``value`` may misspell, the likeliest first (``closest`` is the first).

    A rule that suggests from an enum passes the rest as ``Problem.alternatives``: the whole enum is
    valid somewhere in the API, but this spec (its problem type, its mode) may allow only some of it,
    and soundness.py keeps the first one that the whole spec accepts."""
    choices = list(choices)
    if not isinstance(value, str) or not choices:
        return []
    out: list[str] = []

    def add(choice: str | None) -> None:
        if choice is not None and choice not in out:
            out.append(choice)

    import difflib  # here, not at the top: only a finding asks for a suggestion (issue 26)

    squashed = _squash(value)
    for choice in choices:
        if _squash(choice) == squashed:
            add(choice)
    if ALIASES.get(squashed) in choices:
        add(ALIASES[squashed])
    by_squash = {_squash(c): c for c in choices}
    for match in difflib.get_close_matches(squashed, list(by_squash), n=count, cutoff=cutoff):
        add(by_squash[match])
    for match in difflib.get_close_matches(value, choices, n=count, cutoff=cutoff):
        add(match)
    return out[:count]


def same_spelling(value: str, choices: Iterable[str]) -> str | None:
    """The one choice ``value`` spells in another case or punctuation (``regression`` -> ``Regression``,
    ``binary_classification`` -> ``BinaryClassification``); None if none or more than one."""
    if not isinstance(value, str):
        return None
    found = [choice for choice in choices if _squash(choice) == _squash(value)]
    return found[0] if len(found) == 1 else None


def s3_scheme_typo(value: str) -> str | None:
    """``s3_uri`` for a value whose scheme is mistyped (``s3:/b/k``, ``S3://b/k``, ``s3a://b/k``,
    ``s3//b/k``, ``s3 ://b/k``) or that is the bucket's ARN (``arn:aws:s3:::b/k``): the one reading of it;
    None for anything else (a bare ``bucket/key`` might be meant otherwise)."""
    if not isinstance(value, str) or not (re.match(_S3_SCHEME, value.strip()) or re.match(_S3_ARN, value.strip())):
        return None
    return s3_uri(value)


def did_you_mean(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion is not None else ""


_NAME_BAD = r"[^a-zA-Z0-9]+"


def hyphen_name(value: str, limit: int) -> str | None:
    """A name that fits ``[a-zA-Z0-9](-*[a-zA-Z0-9]){0,limit-1}``: other characters become hyphens. A name
    over ``limit`` loses whole words, never part of one: the words before a trailing run of numbers (a
    date, a timestamp: what keeps job names unique) go first, last word first; then the numbers, from the
    end. A name of one word is cut (no number is ever cut)."""
    fixed = re.sub(_NAME_BAD, "-", value).strip("-")
    if len(fixed) <= limit:
        return fixed or None
    words = fixed.split("-")
    tail = len(words)
    while tail > 0 and words[tail - 1].isdigit():
        tail -= 1
    head, numbers = words[:tail], words[tail:]
    while head and numbers and len("-".join(head + numbers)) > limit:
        head.pop() if len(head) > 1 else numbers.pop()
    kept = head + numbers
    while len(kept) > 1 and len("-".join(kept)) > limit:
        kept.pop()
    if len(kept) == 1 and not kept[0].isdigit():
        kept = [kept[0][:limit]]
    shortened = "-".join(kept)
    return shortened if 0 < len(shortened) <= limit else None


# A scheme typed with one slip: s3:/, s3:///, S3://, s3a:// and s3n:// (Hadoop's), s3// (no colon),
# s3 :// (a space); http(s):// stays a URL scheme.
_S3_SCHEME = r"(?i)(s3a|s3n|s3|https?)\s*(?::\s*/*|//+)"
# An S3 bucket or object ARN: arn:aws:s3:::bucket/key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html)
_S3_ARN = r"(?i)arn:aws(?:-[a-z-]+)?:s3:::"


def s3_uri(value: str) -> str | None:
    """``S3://b/k``, ``s3:/b/k``, ``s3a://b/k``, ``s3//b/k``, ``arn:aws:s3:::b/k`` or ``bucket/key`` ->
    ``s3://b/k``; None when no bucket is left, or the text is another scheme's URI (``ftp://``)."""
    stripped = value.strip()
    arn = re.match(_S3_ARN, stripped)
    match = None if arn else re.match(_S3_SCHEME, stripped)
    if arn:
        rest = stripped[arn.end() :]
    elif match:
        rest = stripped[match.end() :]
    else:
        if "://" in stripped or stripped.lower().startswith(("s3:", "arn:")):
            return None  # another scheme, or an ARN of something else: no bucket/key reading
        rest = stripped.lstrip("/")
    if not rest or rest.startswith("/") or ("/" not in rest and "." not in rest and not (match or arn)):
        return None
    scheme = "https" if match and match.group(1).lower().startswith("http") else "s3"
    return f"{scheme}://{rest}"


# ForecastFrequency: the model allows min 1-59, H 1-23, D 1-6, W 1-4, M 1-11 and Y only as 1Y/Y;
# a value that reaches the next unit must be written in that unit ("use 1H not 60min").
_FREQ = r"(?i)\s*(\d*)\s*(min|mins|minute|minutes|t|h|hr|hrs|hour|hours|d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years|a)\s*"
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


# The adverbs people write for a frequency (pandas and the Forecast console take 1D, W, ...).
_FREQ_WORDS = {
    "minutely": "1min",
    "hourly": "1H",
    "daily": "1D",
    "weekly": "1W",
    "monthly": "1M",
    "quarterly": "3M",
    "yearly": "1Y",
    "annually": "1Y",
    "annual": "1Y",
}


def forecast_frequency(value: str) -> str | None:
    """The valid spelling of a forecast frequency: ``60min`` -> ``1H``, ``24H`` -> ``1D``,
    ``7D`` -> ``1W``, ``12M`` -> ``1Y``, ``1h`` -> ``1H``, ``5T`` -> ``5min``, ``daily`` -> ``1D``;
    None if unclear."""
    if isinstance(value, str) and value.strip().lower() in _FREQ_WORDS:
        return _FREQ_WORDS[value.strip().lower()]
    match = re.fullmatch(_FREQ, value) if isinstance(value, str) and len(value) <= 40 else None
    if not match:
        return None
    count_text, unit_text = match.groups()
    if len(count_text) > 6:  # no frequency needs more (the largest is 59min), and int() of 5,000 digits raises
        return None
    unit = "M" if unit_text == "M" else ("min" if unit_text == "m" else _UNIT.get(unit_text.lower()))
    count = int(count_text) if count_text else 1
    return _carried(count, unit) if unit is not None and count else None


def _carried(count: int, unit: str) -> str | None:
    """``count`` ``unit``s in the largest unit that divides them (60min -> 1H, 14D -> 2W); None past
    the model's largest count of that unit."""
    while unit in _NEXT and count >= _NEXT[unit][0] and count % _NEXT[unit][0] == 0:
        count, unit = count // _NEXT[unit][0], _NEXT[unit][1]
    if unit == "D" and count % 7 == 0:
        count, unit = count // 7, "W"
    return f"{count}{unit}" if count <= _LIMIT[unit] else None


_QUANTILE = r"\s*(?:(?P<p>[pP])\s*(?P<pn>\d{1,2})|(?P<pc>\d{1,2})\s*%|(?P<n>\d{1,2})|(?P<d>0?\.\d{1,4}))\s*"


def forecast_quantile(value: object) -> tuple[str, bool] | None:
    """A forecast quantile as the model spells it (p1-p99), and whether that is the one reading of it:
    ``P10`` and ``10%`` -> p10 and ``0.1`` (a quantile written as a fraction, quoted or not) -> p10 are
    certain; a bare ``10`` -> p10 is a guess. None when no percentile from 1 to 99 is meant (``0.125``,
    ``0.1`` is never p1)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, float):
        text = repr(value) if value == value and abs(value) < 1 else ""
    else:
        text = str(value)
    match = re.fullmatch(_QUANTILE, text) if len(text) <= 12 else None  # bounded: never int() of 5,000 digits
    read = _percentile(match) if match else None
    return (f"p{read[0]}", read[1]) if read and 1 <= read[0] <= 99 else None


def _percentile(match: re.Match) -> tuple[int, bool] | None:
    """The percentile a _QUANTILE match names, and whether that is certain; None for a fraction that is
    no whole percentile (``0.125``)."""
    if match.group("d") is not None:
        hundredths = float(match.group("d")) * 100
        number = round(hundredths)
        return (number, True) if abs(hundredths - number) < 1e-9 else None
    digits = match.group("pn") or match.group("pc") or match.group("n")
    return int(digits), match.group("n") is None  # a bare number (10 -> p10) is a guess; P10 and 10% are not


@lru_cache(maxsize=1)
def _countries() -> dict:
    from .model import resource_text

    return json.loads(resource_text("iso3166.json"))


def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a country is written as: ``us`` -> US, the alpha-3 ``USA`` -> US, a
    name as tzdata spells it (``Germany`` -> DE); None if unclear."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    text = value.strip()
    table = _countries()
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    if len(text) == 3 and text.upper() in table["alpha3"]:
        return table["alpha3"][text.upper()]
    by_name = {_squash(name): code for code, name in table["codes"].items()}
    return by_name.get(_squash(text))


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
