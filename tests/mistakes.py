"""Near-valid specs with the mistakes people make (issue 22): a valid spec from specs/, changed in one or
two places the way users get a request wrong.

Kinds (KINDS): a key or an enum value in another case or with other separators, a typo in either,
units (`daily`, `3600s`), decimals for percentiles (`0.1` for p10), fields of the other dialect (V1 names
in V2, V2 names in V1), fields of the neighbouring requests users copy from (CreateTrainingJob,
CreateHyperParameterTuningJob), a field one level off, a key with a prefix (`AutoMLJobOutputDataConfig`),
S3 locations written as paths, ARNs or URLs, numbers out of range or quoted, country codes and problem
types in other words, booleans as `yes`, job names with underscores or a timestamp that makes them too
long.

The changes are made to the data and the spec is written back as YAML (block style), so a mistake is a
request a user could have written, not a broken file: broken files are tests/test_properties.py's.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from automlspec import model
from automlspec.dialects import decide_dialect
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS: dict[str, dict] = {
    path.stem: load_text(path.name, path.read_text("utf-8")).docs[0].data for path in sorted(ROOT.glob("specs/*.yaml"))
}

# Fields of CreateTrainingJob and CreateHyperParameterTuningJob, and where people paste them.
NEIGHBOUR_FIELDS: list[tuple[str, str, Any]] = [
    ("channel.DataSource.S3DataSource", "S3DataDistributionType", "FullyReplicated"),
    ("channel.DataSource.S3DataSource", "AttributeNames", ["a"]),
    ("channel", "InputMode", "File"),
    ("channel", "RecordWrapperType", "None"),
    ("channel", "ShuffleConfig", {"Seed": 7}),
    ("channel", "ChannelName", "train"),
    ("", "HyperParameters", {"max_depth": "6"}),
    ("", "ResourceConfig", {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30}),
    ("", "StoppingCondition", {"MaxRuntimeInSeconds": 3600}),
    ("", "AlgorithmSpecification", {"TrainingInputMode": "File"}),
    ("", "EnableNetworkIsolation", True),
    ("", "TrainingJobName", "churn-train"),
    ("", "HyperParameterTuningJobName", "churn-tune"),
    ("", "CheckpointConfig", {"S3Uri": "s3://acme-ml-data/checkpoints/"}),
    ("", "VpcConfig", {"SecurityGroupIds": ["sg-0a1b2c3d"], "Subnets": ["subnet-0a1b2c3d"]}),
    ("", "EnableManagedSpotTraining", True),
    ("OutputDataConfig", "CompressionType", "GZIP"),
]
FREQUENCIES = ["daily", "Daily", "1 day", "1d", "D", "24H", "1440min", "7D", "60min", "weekly", "monthly", "12M",
               "hourly", "2 weeks", "1 hour", "yearly", "30min", "quarterly"]  # fmt: skip
QUANTILES = ["0.1", 0.1, "10%", "P10", "10", 10, ".1", "0.10", "0.5", 0.5, "0.9", 0.9, "P50", "50%", 0.95, "0.125"]
S3_FORMS = ["s3//{b}/{k}", "s3:/{b}/{k}", "S3://{b}/{k}", "s3 ://{b}/{k}", "arn:aws:s3:::{b}/{k}", "s3a://{b}/{k}",
            "https://{b}.s3.amazonaws.com/{k}", "https://s3.us-east-1.amazonaws.com/{b}/{k}", "{b}/{k}",
            "s3://{b}//{k}", "s3://{B}/{k}"]  # fmt: skip
RUNTIMES = ["3600s", "1h", "3600", 3600.0, 0, -1, 1, 3000000, 86400.5, "1 day"]
COUNTRIES = ["USA", "us", "United States", "UK", "DEU", "Germany", "usa", "U.S."]
PROBLEM_WORDS = ["binary", "multiclass", "regression", "binary_classification", "Binary", "MultiClass",
                 "classification", "Multiclass Classification", "BINARY_CLASSIFICATION"]  # fmt: skip
METRIC_WORDS = ["f1", "F1_score", "accuracy", "auc", "wql", "rmse", "Acuracy", "F1Macro", "mape", "AUC_ROC",
                "balanced_accuracy", "r2", "MSE ", "logloss"]  # fmt: skip
BOOLEANS = ["yes", "no", "on", "off", "Yes", "1", 1, "TRUE"]


def _paths(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path in ``data`` (mapping keys and list indexes), parents before children."""
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, (*path, index)))
    return out


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _rename(data: Any, path: tuple, new: str) -> bool:
    parent = _get(data, path[:-1])
    if not isinstance(parent, dict) or new in parent or new == path[-1]:
        return False
    items = list(parent.items())
    parent.clear()
    parent.update((new if key == path[-1] else key, value) for key, value in items)
    return True


def _shape(dialect: str, path: tuple) -> dict | None:
    name = model.shape_at(dialect, path)
    return model.shape(name) if name else None


def _recase(text: str, how: str) -> str:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", text) or [text]
    if how == "lower":
        return text.lower()
    if how == "upper":
        return text.upper()
    if how == "snake":
        return "_".join(w.lower() for w in words)
    if how == "kebab":
        return "-".join(w.lower() for w in words)
    if how == "camel":
        return text[:1].lower() + text[1:]
    if how == "spaced":
        return " ".join(words)
    return text.swapcase()


def _typo(text: str, draw) -> str:
    if len(text) < 3:
        return text + text[-1:]
    at = draw(st.integers(1, len(text) - 2))
    kind = draw(st.sampled_from(["delete", "double", "swap", "replace"]))
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "double":
        return text[:at] + text[at] + text[at:]
    if kind == "swap":
        return text[: at - 1] + text[at] + text[at - 1] + text[at + 1 :]
    return text[:at] + draw(st.sampled_from("aeiolnrst")) + text[at + 1 :]


def _channel(data: dict, dialect: str) -> tuple | None:
    key = "InputDataConfig" if dialect == "v1" else "AutoMLJobInputDataConfig"
    channels = data.get(key)
    return (key, 0) if isinstance(channels, list) and channels and isinstance(channels[0], dict) else None


def _where(data: dict, dialect: str, spot: str) -> tuple | None:
    if not spot:
        return ()
    head, _, rest = spot.partition(".")
    if head == "channel":
        base = _channel(data, dialect)
        if base is None:
            return None
    else:
        base = (head,)
    path = (*base, *(rest.split(".") if rest else ()))
    try:
        node = _get(data, path)
    except (KeyError, IndexError, TypeError):
        return None
    return path if isinstance(node, dict) else None


# ----- the mistakes: each changes ``data`` in place and says what it did, or returns None -------------------


def key_spelling(data: dict, dialect: str, draw) -> str | None:
    """A key of a structure in another case, with separators, or with a typo."""
    keys = [p for p in _paths(data) if p and isinstance(p[-1], str) and _shape(dialect, p[:-1]) is not None]
    keys = [p for p in keys if (_shape(dialect, p[:-1]) or {}).get("type") == "structure"]
    if not keys:
        return None
    path = draw(st.sampled_from(keys))
    how = draw(st.sampled_from(["lower", "upper", "snake", "kebab", "camel", "typo", "typo"]))
    new = _typo(path[-1], draw) if how == "typo" else _recase(path[-1], how)
    return f"key {path[-1]} -> {new}" if _rename(data, path, new) else None


def enum_spelling(data: dict, dialect: str, draw) -> str | None:
    """An enum value in another case, with other separators, or with a typo."""
    values = []
    for path in _paths(data):
        shape = _shape(dialect, path) if path else None
        if shape and "enum" in shape and isinstance(_get(data, path), str):
            values.append(path)
    if not values:
        return None
    path = draw(st.sampled_from(values))
    old = _get(data, path)
    how = draw(st.sampled_from(["lower", "upper", "snake", "kebab", "spaced", "typo", "typo"]))
    new = _typo(old, draw) if how == "typo" else _recase(old, how)
    _set(data, path, new)
    return f"value {old} -> {new}"


def units(data: dict, dialect: str, draw) -> str | None:
    """A forecast frequency or a runtime in other units."""
    spots = [p for p in _paths(data) if p and p[-1] in ("ForecastFrequency", "MaxAutoMLJobRuntimeInSeconds",
                                                         "MaxRuntimePerTrainingJobInSeconds")]  # fmt: skip
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    new = draw(st.sampled_from(FREQUENCIES if path[-1] == "ForecastFrequency" else RUNTIMES))
    _set(data, path, new)
    return f"{path[-1]}: {new!r}"


def percentiles(data: dict, dialect: str, draw) -> str | None:
    """Forecast quantiles as decimals, percentages, upper case, bare numbers."""
    spots = [p for p in _paths(data) if len(p) > 1 and p[-2] == "ForecastQuantiles"]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    new = draw(st.sampled_from(QUANTILES))
    _set(data, path, new)
    return f"quantile {new!r}"


def other_dialect(data: dict, dialect: str, draw) -> str | None:
    """A V1 name in a V2 spec (the target on the channel, ProblemType under a channel, AutoMLJobConfig
    under the problem config), or a V2 name in a V1 spec."""
    channel = _channel(data, dialect)
    choice = draw(st.integers(0, 4))
    if dialect == "v2":
        tabular = data.get("AutoMLProblemTypeConfig", {}).get("TabularJobConfig")
        if choice == 0 and channel and isinstance(tabular, dict) and "TargetAttributeName" in tabular:
            _get(data, channel)["TargetAttributeName"] = tabular.pop("TargetAttributeName")
            return "V1's TargetAttributeName on the V2 channel"
        if choice == 1 and channel:
            _get(data, channel)["TargetAttributeName"] = "target"
            return "TargetAttributeName on the V2 channel"
        if choice == 2 and isinstance(tabular, dict) and "CompletionCriteria" in tabular:
            tabular["AutoMLJobConfig"] = {"CompletionCriteria": tabular.pop("CompletionCriteria")}
            return "V1's AutoMLJobConfig in TabularJobConfig"
        if choice == 3 and channel:
            _get(data, channel)["ProblemType"] = "BinaryClassification"
            return "ProblemType on the channel"
        data["AutoMLJobOutputDataConfig"] = data.pop("OutputDataConfig", {"S3OutputPath": "s3://acme/out/"})
        return "AutoMLJobOutputDataConfig"
    config = data.get("AutoMLJobConfig")
    if choice == 0 and channel:
        _get(data, channel)["SampleWeightAttributeName"] = "weight"
        _get(data, channel)["ChannelType"] = "training"
        return "channel fields"
    if choice == 1 and isinstance(config, dict):
        config["TimeSeriesForecastingJobConfig"] = {"ForecastHorizon": 7}
        return "a V2 problem config under AutoMLJobConfig"
    if choice == 2 and isinstance(config, dict) and "CompletionCriteria" in config:
        config["CandidateGenerationConfig"] = {"CompletionCriteria": config.pop("CompletionCriteria")}
        return "CompletionCriteria one level down"
    if choice == 3:
        data["AutoMLJobOutputDataConfig"] = data.pop("OutputDataConfig", {"S3OutputPath": "s3://acme/out/"})
        return "AutoMLJobOutputDataConfig"
    if channel:
        _get(data, channel)["FeatureSpecificationS3Uri"] = "s3://acme-ml-data/features.json"
        return "FeatureSpecificationS3Uri on the channel"
    return None


def neighbour_field(data: dict, dialect: str, draw) -> str | None:
    """A CreateTrainingJob or CreateHyperParameterTuningJob field where people paste it."""
    spot, key, value = draw(st.sampled_from(NEIGHBOUR_FIELDS))
    where = _where(data, dialect, spot)
    if where is None:
        return None
    node = _get(data, where)
    if key in node:
        return None
    node[key] = copy.deepcopy(value)
    return f"{key} under {'.'.join(map(str, where)) or 'the top level'}"


def misplaced(data: dict, dialect: str, draw) -> str | None:
    """A field one level up from where it belongs (AlgorithmsConfig beside CandidateGenerationConfig)."""
    spots = [p for p in _paths(data) if len(p) >= 2 and isinstance(p[-1], str) and isinstance(p[-2], str)]
    spots = [p for p in spots if isinstance(_get(data, p[:-2]), dict)]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    grand = _get(data, path[:-2])
    if path[-1] in grand:
        return None
    grand[path[-1]] = _get(data, path[:-1]).pop(path[-1])
    if not _get(data, path[:-1]):
        del grand[path[-2]]
    return f"{path[-1]} moved up from {path[-2]}"


def prefixed(data: dict, dialect: str, draw) -> str | None:
    """A key with a prefix its neighbours have (AutoMLJobOutputDataConfig, AutoMLCompletionCriteria)."""
    keys = [p for p in _paths(data) if p and isinstance(p[-1], str) and len(p[-1]) >= 8]
    if not keys:
        return None
    path = draw(st.sampled_from(keys))
    new = draw(st.sampled_from(["AutoMLJob", "AutoML", "Job"])) + path[-1]
    return f"key {path[-1]} -> {new}" if _rename(data, path, new) else None


def s3_location(data: dict, dialect: str, draw) -> str | None:
    """An S3 location written as a path, an ARN, a URL or with a mistyped scheme."""
    spots = [p for p in _paths(data) if p and p[-1] in ("S3Uri", "S3OutputPath")]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    uri = _get(data, path)
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    new = draw(st.sampled_from(S3_FORMS)).format(b=bucket, k=key, B=bucket.upper())
    _set(data, path, new)
    return f"{path[-1]}: {new}"


def numbers(data: dict, dialect: str, draw) -> str | None:
    """A number out of range, quoted, or written with a decimal point."""
    spots = [
        p for p in _paths(data) if p and isinstance(_get(data, p), int | float) and not isinstance(_get(data, p), bool)
    ]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    old = _get(data, path)
    new = draw(st.sampled_from([0, -1, 751, 1.5, 3_000_000, str(old), float(old), old * 1000, 0.0]))
    _set(data, path, new)
    return f"{path[-1]}: {new!r}"


def words(data: dict, dialect: str, draw) -> str | None:
    """A country code, a problem type or a metric in other words; a boolean as `yes`."""
    spots = [p for p in _paths(data) if p and p[-1] in ("CountryCode", "ProblemType", "MetricName")]
    spots += [p for p in _paths(data) if p and isinstance(_get(data, p), bool)]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    if isinstance(_get(data, path), bool):
        choices: list = BOOLEANS
    else:
        choices = {"CountryCode": COUNTRIES, "ProblemType": PROBLEM_WORDS, "MetricName": METRIC_WORDS}[path[-1]]
    new = draw(st.sampled_from(choices))
    _set(data, path, new)
    return f"{path[-1]}: {new!r}"


def names(data: dict, dialect: str, draw) -> str | None:
    """A job or endpoint name with underscores, spaces or a timestamp that makes it too long."""
    spots = [p for p in _paths(data) if p and p[-1] in ("AutoMLJobName", "EndpointName")]
    if not spots:
        return None
    path = draw(st.sampled_from(spots))
    old = _get(data, path)
    new = draw(st.sampled_from([old.replace("-", "_"), old.replace("-", " "), old + "-20240115-143000",
                                old + "-weekly-retrain-20240115143000", old + "_" + "x" * 40, old + "."]))  # fmt: skip
    _set(data, path, new)
    return f"{path[-1]}: {new}"


KINDS = {
    "key-spelling": key_spelling,
    "enum-spelling": enum_spelling,
    "units": units,
    "percentiles": percentiles,
    "other-dialect": other_dialect,
    "neighbour-field": neighbour_field,
    "misplaced": misplaced,
    "prefixed": prefixed,
    "s3-location": s3_location,
    "numbers": numbers,
    "words": words,
    "names": names,
}


def dump(data: dict) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@st.composite
def mistakes(draw, kinds: tuple[str, ...] = tuple(KINDS)) -> tuple[str, str]:
    """(what was changed, the spec's YAML text): a valid spec with one or two mistakes."""
    seed = draw(st.sampled_from(sorted(SEEDS)))
    data = copy.deepcopy(SEEDS[seed])
    dialect = decide_dialect(data).dialect or "v2"
    done = []
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(kinds))
        what = KINDS[kind](data, dialect, draw)
        if what:
            done.append(f"{kind}: {what}")
    return f"{seed}: {'; '.join(done) or 'unchanged'}", dump(data)
