"""The CI formats (github, sarif, junit) and the one list of formats behind --format.

The SARIF output is validated against the published SARIF 2.1.0 JSON Schema, vendored as
tests/data/sarif-schema-2.1.0.json from https://github.com/oasis-tcs/sarif-spec
(sarif-2.1/schema/sarif-schema-2.1.0.json, commit a560296, 2024-05-02), since tests never reach the network.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from automlspec.cli import main
from automlspec.config import ConfigResolver
from automlspec.findings import Finding, Severity
from automlspec.paths import FieldPath
from automlspec.project import lint_paths
from automlspec.rules import REGISTRY
from automlspec.views.findings import FORMATS, NAMES, Report, github, junit, report_of, sarif

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def _finding(**changes) -> Finding:
    base = dict(
        file="specs/a.yaml",
        line=4,
        column=9,
        end_line=4,
        end_column=17,
        rule="AML104",
        name="invalid-enum-value",
        severity=Severity.ERROR,
        message="m",
        path=FieldPath(("ProblemType",)),
        url=REGISTRY["AML104"].url,
    )
    base.update(changes)
    return Finding(**base)


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        code = main(list(argv))
    finally:
        sys.stdout = saved
    return code, out.getvalue()


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def test_github_command_escapes_data_and_properties_as_the_runner_reads_them() -> None:
    finding = _finding(file="dir,x/a:b.yaml", message="100% sure: a, b", severity=Severity.WARNING)
    assert github.command(finding) == (
        "::warning file=dir%2Cx/a%3Ab.yaml,line=4,col=9,endLine=4,endColumn=17,"
        "title=AML104 invalid-enum-value::100%25 sure: a, b"
    )
    assert github.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github.escape_property("a: b, c%") == "a%3A b%2C c%25"
    # what a spec wrote passes the one terminal escape first: no raw ESC or line break reaches the log
    hostile = _finding(file="a\nb.yaml", message="x\x1b[2J\ny")
    assert github.command(hostile) == (
        "::error file=a\\nb.yaml,line=4,col=9,endLine=4,endColumn=17,title=AML104 invalid-enum-value::x\\x1b[2J\\ny"
    )
    info = _finding(severity=Severity.INFO, line=2, end_line=5, end_column=1)
    # info is a notice; a span over lines has no columns, and ends on the line before a column-1 end
    assert github.command(info) == "::notice file=specs/a.yaml,line=2,endLine=4,title=AML104 invalid-enum-value::m"


def test_github_is_chosen_inside_github_actions_unless_a_format_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = _run("lint", "--no-config", "tests/cases/limits/bad-v1.yaml")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("::error file=tests/cases/limits/bad-v1.yaml,line=1,col=16,")
    assert lines[-1] == "Found 7 errors (1 spec in 1 file checked)."  # the summary stays in the log
    assert _run("lint", "--no-config", "-f", "concise", "tests/cases/limits/bad-v1.yaml")[1].startswith("tests/")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert _run("lint", "--no-config", "--color", "never", "tests/cases/limits/bad-v1.yaml")[1].startswith("tests/")


def _sarif(*paths: str) -> dict:
    code, out = _run("lint", "--no-config", "-f", "sarif", *paths)
    assert code in (0, 1)
    return json.loads(out)


@pytest.mark.parametrize("paths", [("tests/cases",), ("specs",), ("specs/churn-binary-v1.yaml", "tests/cases/limits")])
def test_sarif_validates_against_the_published_schema(paths: tuple[str, ...]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(_sarif(*paths))


def test_sarif_driver_lists_the_rules_that_ran_and_results_point_into_it() -> None:
    doc = _sarif("tests/cases")
    [run] = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    result = lint_paths(["tests/cases"], ConfigResolver(None, True))
    assert [r["id"] for r in rules] == list(result.rules)
    assert {"AML101", "AML520", "AML601"} <= set(result.rules)  # the limits walk, a run rule, a spec rule
    docs_page = (ROOT / "docs" / "rules.md").read_text("utf-8")
    for entry in rules:
        rule = REGISTRY[entry["id"]]
        assert entry["shortDescription"]["text"] == rule.summary
        assert entry["fullDescription"]["text"] and entry["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
        anchor = entry["helpUri"].split("#")[1]
        assert f"(#{anchor})" in docs_page, f"{entry['id']}: no section #{anchor} in docs/rules.md"
    assert len(run["results"]) == len(result.findings)
    for got, finding in zip(run["results"], result.findings):
        assert rules[got["ruleIndex"]]["id"] == got["ruleId"] == finding.rule
        region = got["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
        )
    prints = [r["partialFingerprints"]["automlspecFinding/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_sarif_fingerprint_survives_moved_lines() -> None:
    assert sarif.fingerprint(_finding()) == sarif.fingerprint(_finding(line=40, end_line=40))
    assert sarif.fingerprint(_finding()) != sarif.fingerprint(_finding(message="other"))


def test_sarif_of_a_clean_run_has_no_results_but_lists_the_rules() -> None:
    [run] = _sarif("specs")["runs"]
    assert run["results"] == [] and len(run["tool"]["driver"]["rules"]) > 50


def test_junit_has_a_case_per_file_and_a_failure_per_error() -> None:
    code, out = _run("lint", "--no-config", "-f", "junit", "specs", "tests/cases/limits")
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    files = sorted(
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "specs").glob("*.yaml"), *(ROOT / "tests/cases/limits").glob("*.yaml")]
    )
    assert sorted(c.get("name") for c in cases) == files
    result = lint_paths(["specs", "tests/cases/limits"], ConfigResolver(None, True))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert len(root.findall(".//failure")) == len(errors)
    failed = [c for c in cases if c.find("failure") is not None]
    assert root.get("failures") == str(len(failed)) == str(len({f.file for f in errors}))
    assert root.get("tests") == str(len(files))


def test_junit_carries_control_characters_as_escapes() -> None:
    report = Report((_finding(message="bad \x1b[2J value", file="x.yaml"),), {"x.yaml": ""}, 1, 1, {})
    out = io.StringIO()
    junit.render(report, out)
    failure = ET.fromstring(out.getvalue().encode("utf-8")).find(".//failure")
    assert failure is not None and failure.get("message") == "bad \\x1b[2J value"


def test_format_choices_and_help_come_from_the_one_list() -> None:
    code, out = _run("lint", "--help")
    assert code == 0
    flat = " ".join(out.split())
    for entry in FORMATS:
        assert " ".join(f"{entry.name}, {entry.help}".split()) in flat
    assert NAMES == ("text", "concise", "json", "github", "sarif", "junit")
    code, _ = _run("lint", "-f", "xml", "specs")
    assert code == 2


def test_every_format_renders_a_report_built_from_a_lint_result() -> None:
    result = lint_paths(["tests/cases/limits"], ConfigResolver(None, True))
    report = report_of(result)
    assert report.rules == result.rules and report.count(Severity.ERROR) > 0
    for entry in FORMATS:
        out = io.StringIO()
        __import__(entry.module, fromlist=["render"]).render(report, out, False)
        assert out.getvalue().strip(), entry.name
    assert re.match(r"^::error ", github.command(result.findings[0]))


def test_an_info_finding_is_a_note_in_every_format_and_never_fails_the_run(tmp_path: Path) -> None:
    # AML206 (problem type left to inference) is info (issue 12): the minimal V1 spec has only that finding.
    spec = tmp_path / "minimal.yaml"
    spec.write_text(
        "AutoMLJobName: churn\n"
        "RoleArn: arn:aws:iam::123456789012:role/SageMakerRole\n"
        "InputDataConfig:\n"
        "  - DataSource: {S3DataSource: {S3DataType: S3Prefix, S3Uri: 's3://ml-data/churn/'}}\n"
        "    TargetAttributeName: churned\n"
        "OutputDataConfig: {S3OutputPath: 's3://ml-artifacts/churn/'}\n",
        encoding="utf-8",
    )
    assert REGISTRY["AML206"].severity is Severity.INFO
    outputs = {}
    for name in NAMES:
        for extra in ([], ["--strict"]):
            code, out = _run("lint", "--no-config", "-f", name, *extra, str(spec))
            assert code == 0, (name, extra, out)
        outputs[name] = out
    assert json.loads(outputs["json"])[0]["severity"] == "info"
    assert [f["rule"] for f in json.loads(outputs["json"])] == ["AML206"]
    assert outputs["github"].startswith("::notice file=")
    assert "Found 1 info (1 spec in 1 file checked)." in outputs["text"]
    [result] = json.loads(outputs["sarif"])["runs"][0]["results"]
    assert result["level"] == "note"
    driver = json.loads(outputs["sarif"])["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in driver}["AML206"] == "note"
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    assert root.get("failures") == "0" and root.find(".//failure") is None
    assert "AML206 [info]" in (root.findtext(".//system-out") or "")


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        ("specs/caf\udce9.yaml", "specs/caf%E9.yaml"),  # bytes that are not UTF-8, as os.fsdecode gives them
        ("\ud800.yaml", "%5Cud800.yaml"),  # a lone surrogate no file system gives: written as its escape
        ("/abs/\udcff.yaml", "file:///abs/%FF.yaml"),
    ],
)
def test_sarif_names_a_file_whose_name_is_not_utf8(name: str, uri: str) -> None:
    """Found by the property test of hostile file names: quote() raised on a lone surrogate."""
    assert sarif._uri(name)["uri"] == uri


def test_sarif_fingerprints_a_finding_in_a_file_whose_name_is_not_utf8() -> None:
    assert sarif.fingerprint(_finding(file="\ud800.yaml")) != sarif.fingerprint(_finding(file="\udcff.yaml"))
