"""The exported JSON Schema: fresh, valid draft 2020-12, accepts every spec in specs/, rejects bad ones."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import regex
from jsonschema import Draft202012Validator, ValidationError, validators
from script_loader import load_script
from typer.testing import CliRunner

from automlspec import model, schema
from automlspec.cli import app
from automlspec.dialects import detect_dialect
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))


def _pattern(validator, pattern, instance, _schema):
    # Python's jsonschema matches `pattern` with `re`, which has no \p{L}; ECMA-262 with the u flag
    # (what editors use) and the `regex` package do.
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@pytest.fixture(scope="module", params=["v1", "v2"])
def shipped(request) -> tuple[str, dict]:
    return request.param, json.loads(schema.path(request.param).read_text("utf-8"))


def spec_data(path: Path) -> dict:
    return load_text(str(path), path.read_text("utf-8")).docs[0].data


def test_shipped_schemas_are_fresh() -> None:
    assert load_script("generate").stale(["schemas"]) == [], "run python scripts/generate.py"


def test_cli_prints_the_shipped_schema(shipped) -> None:
    dialect, data = shipped
    result = CliRunner().invoke(app, ["schema", "--api", dialect])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == data


def test_schema_is_valid_draft_2020_12(shipped) -> None:
    _, data = shipped
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # check_schema would also compile every pattern with Python's `re` (no \p{L}); validate the
    # structure against the metaschema and the patterns below, with the engines that apply.
    Draft202012Validator(Draft202012Validator.META_SCHEMA).validate(data)


def patterns(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for v in node.values() for p in patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in patterns(v)]
    return []


def test_patterns_are_anchored_and_valid_ecma_with_the_u_flag(shipped) -> None:
    _, data = shipped
    found = sorted(set(patterns(data)))
    assert found and all(p.startswith("^(?:") and p.endswith(")$") for p in found)
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: ECMA-262 compilation not checked")
    script = "const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); for (const p of ps) new RegExp(p, 'u');"
    subprocess.run([node, "-e", script], input=json.dumps(found), text=True, check=True)


def test_anchoring_matters() -> None:
    # ForecastFrequency allows "Y" but not "2Y"; unanchored, "2Y" would match (it contains "Y").
    pattern = schema.ecma_pattern(model.shape("ForecastFrequency")["pattern"])
    assert regex.search(pattern, "1Y") and not regex.search(pattern, "2Y")
    assert schema.ecma_pattern(r"[a-zA-Z0-9\_\-]+") == r"^(?:[a-zA-Z0-9_\-]+)$"  # \_ is invalid with u


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_schema_accepts_every_spec(path: Path) -> None:
    data = spec_data(path)
    dialect = detect_dialect(data)[0]
    document = json.loads(schema.path(dialect).read_text("utf-8"))
    assert [e.message for e in Validator(document).iter_errors(data)] == []


def _v2() -> dict:
    return spec_data(ROOT / "specs/churn-tabular-v2.yaml")


def _set(data: dict, path: tuple, value) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


_DELETE = object()
TAB = ("AutoMLProblemTypeConfig", "TabularJobConfig")
INVALID_V2 = {
    "unknown top-level key": (("Bogus",), 1),
    "misspelt nested key": (("OutputDataConfig", "KmsKeyID"), "alias/x"),
    "missing required": (("RoleArn",), _DELETE),
    "enum": ((*TAB, "ProblemType"), "binaryclassification"),
    "pattern (job name with _)": (("AutoMLJobName",), "churn_model"),
    "maxLength": (("AutoMLJobName",), "a" * 33),
    "maximum": ((*TAB, "CompletionCriteria", "MaxCandidates"), 751),
    "minimum": ((*TAB, "CompletionCriteria", "MaxCandidates"), 0),
    "type": ((*TAB, "GenerateCandidateDefinitionsOnly"), "yes"),
    "maxItems": (("AutoMLJobInputDataConfig",), [_v2()["AutoMLJobInputDataConfig"][0]] * 3),
    "minItems": (("AutoMLJobInputDataConfig",), []),
    "union with two members": (("AutoMLProblemTypeConfig", "ImageClassificationJobConfig"), {}),
    "union with none": (("AutoMLProblemTypeConfig",), {}),
    "tag pattern": (("Tags", 0, "Key"), "team<1>"),
    "algorithm enum": ((*TAB, "CandidateGenerationConfig", "AlgorithmsConfig", 0, "AutoMLAlgorithms", 0), "XGBoost"),
    "role arn": (("RoleArn",), "arn:aws:iam::12345:role/x"),
}


@pytest.mark.parametrize("name", INVALID_V2)
def test_schema_rejects_invalid_specs(name: str) -> None:
    path, value = INVALID_V2[name]
    document = json.loads(schema.path("v2").read_text("utf-8"))
    assert list(Validator(document).iter_errors(_set(_v2(), path, value))), name


def test_schema_rejects_unanchored_matches_and_accepts_unicode_tags() -> None:
    document = json.loads(schema.path("v2").read_text("utf-8"))
    ts = spec_data(ROOT / "specs/demand-forecast-timeseries-v2.yaml")
    bad = _set(ts, ("AutoMLProblemTypeConfig", "TimeSeriesForecastingJobConfig", "ForecastFrequency"), "2Y")
    assert list(Validator(document).iter_errors(bad))
    unicode_tag = _set(_v2(), ("Tags", 0, "Value"), "Kundenanalyse Zürich")
    assert not list(Validator(document).iter_errors(unicode_tag))


def test_v1_schema_rejects_v2_fields() -> None:
    document = json.loads(schema.path("v1").read_text("utf-8"))
    data = _set(spec_data(ROOT / "specs/churn-binary-v1.yaml"), ("DataSplitConfig",), {"ValidationFraction": 0.2})
    assert list(Validator(document).iter_errors(data))


def test_descriptions_come_from_the_model_docs(shipped) -> None:
    dialect, data = shipped
    root = model.root_shape(dialect)
    expected = model.docs()["shapes"][root]["members"]["AutoMLJobName"]
    assert data["properties"]["AutoMLJobName"]["description"] == expected


def test_every_model_pattern_has_words_for_editors() -> None:
    patterned = {name for name, entry in model.table()["shapes"].items() if entry.get("pattern", ".*") != ".*"}
    assert patterned == set(schema.PATTERN_MESSAGES), "add the new pattern's meaning to schema.PATTERN_MESSAGES"


def test_pattern_fields_carry_a_readable_message(shipped) -> None:
    _, data = shipped
    name = data["properties"]["AutoMLJobName"]
    assert name["pattern"].startswith("^(?:") and name["patternErrorMessage"].startswith("must be 1-32 letters")


@pytest.mark.parametrize("dialect", ["v1", "v2"])
def test_schema_path_names_the_installed_file(dialect) -> None:
    result = CliRunner().invoke(app, ["schema", "--api", dialect, "--path"])
    assert result.exit_code == 0
    printed = Path(result.stdout.strip())
    assert printed == schema.path(dialect) and printed.is_file()
    assert json.loads(printed.read_text("utf-8")) == schema.build(dialect)


def test_package_data_ships_the_schemas() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    shipped = {
        p.relative_to(ROOT / "automlspec").as_posix()
        for g in declared["automlspec"]
        for p in (ROOT / "automlspec").glob(g)
    }
    assert {f"schemas/{name}" for name in schema.FILES.values()} <= shipped
