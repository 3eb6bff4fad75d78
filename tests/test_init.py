"""init: a commented starter spec that lints clean once its placeholders are filled."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from automlspec.cli import app
from automlspec.config import Config
from automlspec.dialects import TABULAR
from automlspec.findings import Severity
from automlspec.lint import lint_text
from automlspec.scaffold import PROBLEMS, placeholders, starter_text

runner = CliRunner()
COMBINATIONS = [(p, "v2") for p in PROBLEMS] + [(p, "v1") for p, spec in PROBLEMS.items() if spec.kind == TABULAR]


def fill(text: str, problem: str, api: str) -> str:
    """What a user does: replace each REQUIRED placeholder with a real value (the starter's example)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    data = yaml.load(text)
    for path, placeholder in placeholders(problem, api).items():
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = placeholder.example
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def errors(text: str) -> list:
    return [f for f in lint_text("starter.yaml", text, Config()) if f.severity is Severity.ERROR]


@pytest.mark.parametrize(("problem", "api"), COMBINATIONS)
def test_filled_starter_lints_clean(problem: str, api: str) -> None:
    found = errors(fill(starter_text(problem, api), problem, api))
    assert found == [], "\n".join(f"{f.line}: {f.rule} {f.message}" for f in found)


@pytest.mark.parametrize(("problem", "api"), COMBINATIONS)
def test_unfilled_starter_names_every_placeholder(problem: str, api: str) -> None:
    text = starter_text(problem, api)
    found = errors(text)
    assert found and all(f.rule != "AML000" for f in found)
    holes = set(placeholders(problem, api))
    # only the findings that say "fill this in": no cross-field rule compares the blanks (AML603, AML701)
    assert {f.rule for f in found} <= {"AML105", "AML106", "AML107"}, [(f.rule, f.message) for f in found]
    assert len(found) == len(holes)
    assert all("is empty; fill it in" in f.message for f in found if f.rule != "AML107")
    # every error is about a placeholder, every placeholder gets one, on the placeholder's own line
    assert {f.path for f in found} <= holes, sorted(str(f.path) for f in found)
    assert {f.path for f in found} == holes
    lines = text.splitlines()
    for finding in found:
        assert "# REQUIRED" in lines[finding.line - 1], (finding.line, lines[finding.line - 1])


@pytest.mark.parametrize(("problem", "api"), COMBINATIONS)
def test_every_field_is_documented(problem: str, api: str) -> None:
    lines = starter_text(problem, api).splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or (stripped.startswith("- ") and ":" not in stripped):
            continue
        if lines[number - 1].strip() == "" and not stripped.startswith("#"):
            raise AssertionError(f"line {number + 1} has no comment above it: {line}")


def test_starter_is_deterministic_and_comments_are_generated() -> None:
    text = starter_text("timeseries", "v2")
    assert text == starter_text("timeseries", "v2")
    assert "# The number of time-steps that the model predicts." in text  # model_docs.json
    prose = " ".join(line.strip().removeprefix("# ") for line in text.splitlines())
    assert "Default: [p10, p50, p90]." in prose  # what resolve fills
    assert "ForecastHorizon: 0  # REQUIRED, e.g. 14" in text
    assert "DataSplitConfig" not in text  # not allowed for time series
    textgen = starter_text("textgen", "v2")
    assert "AutoMLJobObjective" not in textgen and "Falcon7BInstruct" in textgen


def test_optional_examples_uncommented_still_lint_clean() -> None:
    """Uncommenting every optional example of a filled starter keeps it lint clean."""
    for problem, api in COMBINATIONS:
        commented = starter_text(problem, api).splitlines()
        active = starter_text(problem, api, optional_active=True).splitlines()
        assert len(commented) == len(active)
        for with_hash, without in zip(commented, active):
            # the only difference: "# " at the indentation of a commented-out block (the column an
            # editor's toggle-comment uses), so uncommenting restores the line exactly
            if with_hash != without:
                before, _, after = with_hash.partition("# ")
                assert not before.strip() and before + after == without, (with_hash, without)
        found = errors(fill("\n".join(active) + "\n", problem, api))
        assert found == [], (problem, api, [(f.line, f.rule, f.message) for f in found])


def test_cli_writes_refuses_to_overwrite_and_rejects_v1_non_tabular(tmp_path: Path) -> None:
    target = tmp_path / "churn.yaml"
    result = runner.invoke(app, ["init", "--problem-type", "binary", "--output", str(target)])
    assert result.exit_code == 0 and target.read_text() == starter_text("binary", "v2")
    assert "REQUIRED" in result.stderr
    again = runner.invoke(app, ["init", "--output", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = runner.invoke(
        app, ["init", "--problem-type", "regression", "--api", "v1", "--output", str(target), "--force"]
    )
    assert forced.exit_code == 0 and target.read_text() == starter_text("regression", "v1")
    assert runner.invoke(app, ["init", "--problem-type", "image", "--api", "v1"]).exit_code == 2
    assert runner.invoke(app, ["init", "--problem-type", "clustering"]).exit_code == 2
    printed = runner.invoke(app, ["init", "--problem-type", "text-classification"])
    assert printed.exit_code == 0 and printed.stdout == starter_text("text-classification", "v2")


def test_cli_lint_of_the_unfilled_starter_is_findings_not_a_traceback(tmp_path: Path) -> None:
    target = tmp_path / "starter.yaml"
    runner.invoke(app, ["init", "--problem-type", "timeseries", "--output", str(target)])
    result = runner.invoke(app, ["lint", str(target), "--no-config", "--color", "never"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "AutoMLJobName is empty; fill it in (1-32 characters)" in result.stdout
    assert "ForecastHorizon is 0; it must be at least 1" in result.stdout


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("TimeSeriesForecasting", "time-series forecasting"),
        ("timeseriesforecasting", "time-series forecasting"),
        ("TimeSeriesForecastingJobConfig", "time-series forecasting"),
        ("BinaryClassification", "binary classification"),
        ("MULTICLASS_CLASSIFICATION", "multiclass classification"),
        ("TextGenerationJobConfig", "text generation"),
        ("ImageClassification", "image classification"),
        ("text-classification", "text classification"),
    ],
)
def test_problem_type_takes_aws_names_in_any_case(given: str, problem: str) -> None:
    result = runner.invoke(app, ["init", "--problem-type", given])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith(f"request for {problem}, written by `automlspec init`.") or (
        f"request for {problem}" in result.output.splitlines()[0]
    )


def test_problem_type_typo_gets_a_did_you_mean_and_tabular_names_its_three_kinds() -> None:
    result = runner.invoke(app, ["init", "--problem-type", "TimeSeriesForcasting"])
    assert result.exit_code == 2
    assert "--problem-type 'TimeSeriesForcasting' is not a problem type; did you mean 'TimeSeriesForecasting'?" in (
        result.output
    )
    result = runner.invoke(app, ["init", "--problem-type", "TabularJobConfig"])
    assert result.exit_code == 2 and "BinaryClassification, MulticlassClassification or Regression" in result.output


@pytest.mark.parametrize("problem", ["timeseries", "textgen", "image", "text-classification"])
def test_comments_state_the_limits_lint_enforces_for_the_problem_type(problem: str) -> None:
    text = starter_text(problem, "v2")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == "MaxCandidates: 1")
    assert "1, the only value for" in lines[at - 1] and "750" not in lines[at - 1]
    if problem == "timeseries":
        assert "# An integer from 1 to 500 (the default quota; AML601)" in text
