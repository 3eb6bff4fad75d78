"""Python rules from installed packages: the `automlspec.rules` entry-point group (docs/policies.md,
"Python rules"). A throwaway distribution is installed into a temporary folder on sys.path: a .dist-info
with entry_points.txt is all importlib.metadata needs to find it."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from automlspec import plugins, rules
from automlspec.cli import main

ROOT = Path(__file__).resolve().parent.parent
V2 = (ROOT / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")

PLUGIN = '''
from automlspec.findings import Problem, Severity
from automlspec.paths import FieldPath
from automlspec.rules import rule

NAME = FieldPath(("AutoMLJobName",))


@rule("ACME001", "job-name-has-team-prefix", Severity.ERROR, link="https://wiki.example/ml/naming")
def job_name_has_team_prefix(ctx):
    """Job names start with the owning team's prefix."""
    name = ctx.spec.get(NAME, str)
    if name is not None and not name.startswith(("fraud-", "churn-")):
        yield Problem(NAME, f"AutoMLJobName {name!r} must start with the team prefix (fraud-, churn-)")


@rule("ACME002", "one-job-per-run", Severity.WARNING, scope="run")
def one_job_per_run(ctx):
    """At most one job per run."""
    for spec in ctx.specs[1:]:
        yield Problem(NAME, "more than one job in this run", file=spec.file, doc=spec.doc)


@rule("ACME003", "always-fails", Severity.ERROR)
def always_fails(ctx):
    """A rule with a bug."""
    raise KeyError("Tags")


NOT_A_RULE = "hello"


@rule("AML104", "clashes", Severity.ERROR)
def clashes(ctx):
    """Takes a built-in code."""
    return []
'''

ENTRY_POINTS = """\
[automlspec.rules]
acme = acme_automl_rules:RULES
acme-raising = acme_automl_rules:always_fails
acme-broken = acme_missing_module
acme-string = acme_automl_rules:NOT_A_RULE
acme-clash = acme_automl_rules:clashes
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "site"
    (folder / "acme_automl_rules").mkdir(parents=True)
    (folder / "acme_automl_rules" / "__init__.py").write_text(
        PLUGIN + "\nRULES = [job_name_has_team_prefix, one_job_per_run]\n", "utf-8"
    )
    info = folder / "acme_automl_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-automl-rules\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, "utf-8")
    monkeypatch.syspath_prepend(str(folder))
    importlib.invalidate_caches()
    monkeypatch.setattr(plugins, "_LOADED", {})
    monkeypatch.setattr(rules, "PLUGINS", {})
    monkeypatch.setattr(plugins, "PLUGINS", rules.PLUGINS)
    monkeypatch.delitem(sys.modules, "acme_automl_rules", raising=False)
    return folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch, site: Path) -> Path:
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "specs").mkdir()
    (project / "specs" / "job.yaml").write_text(V2.replace("churn-tabular-v2", "forecast-v2"), "utf-8")
    monkeypatch.chdir(project)
    return project


def lint(capsys, config: str, *args: str) -> tuple[int, list[dict]]:
    Path(".automlspec.yaml").write_text(config, "utf-8")
    code = main(["lint", "--format", "json", *args, "specs"])
    return code, json.loads(capsys.readouterr().out)


def test_a_named_plugins_rules_run_like_built_in_ones(repo: Path, capsys) -> None:
    code, found = lint(capsys, "plugins: [acme]\n")
    assert code == 1
    assert [(f["rule"], f["name"], f["line"], f.get("url")) for f in found] == [
        ("ACME001", "job-name-has-team-prefix", 2, "https://wiki.example/ml/naming")
    ]
    # selected, ignored, re-graded and suppressed by code or name, as any rule
    assert lint(capsys, "plugins: [acme]\nignore: [ACME001]\n") == (0, [])
    assert lint(capsys, "plugins: [acme]\n", "--ignore", "job-name-has-team-prefix") == (0, [])
    assert lint(capsys, "plugins: [acme]\nseverity: {ACME001: warning}\n")[1][0]["severity"] == "warning"
    Path("specs/job.yaml").write_text(V2.replace("forecast-v2", "forecast-v2  # automlspec: ignore[ACME001]"))
    assert lint(capsys, "plugins: [acme]\n") == (0, [])


def test_a_plugin_runs_only_where_a_configuration_names_it(repo: Path, capsys) -> None:
    assert lint(capsys, "severity: {AML107: warning}\n") == (0, [])
    (repo / "specs" / "team").mkdir()
    (repo / "specs" / "team" / "job.yaml").write_text(V2.replace("churn-tabular-v2", "team-job"))
    (repo / "specs" / "team" / ".automlspec.yaml").write_text("plugins: [acme]\n")
    _code, found = lint(capsys, "severity: {AML107: warning}\n")
    # the spec whose configuration does not name the plugin gets none of its findings, run-scope ones included
    assert {f["file"] for f in found} == {"specs/team/job.yaml"} and "ACME001" in {f["rule"] for f in found}


def test_the_sarif_rules_list_has_the_plugins_rules(repo: Path, capsys) -> None:
    Path(".automlspec.yaml").write_text("plugins: [acme]\n")
    assert main(["lint", "--format", "sarif", "specs"]) == 1
    driver = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
    listed = {r["id"]: r for r in driver["rules"]}
    assert listed["ACME001"]["helpUri"] == "https://wiki.example/ml/naming"
    assert listed["ACME002"]["shortDescription"] == {"text": "At most one job per run."}


@pytest.mark.parametrize(
    ("name", "words", "suggestion"),
    [
        ("acme-brokn", "is not installed: no installed package has it in the automlspec.rules", "acme-broken"),
        ("acme-broken", "(acme_missing_module) cannot be loaded: ModuleNotFoundError", None),
        ("acme-string", "is a str; it must be a Rule, a list of them or a module", None),
        ("acme-clash", "rule code 'AML104' must be capitals then digits (ACME001), and not start with AML", None),
    ],
)
def test_a_broken_plugin_is_one_error_naming_it(repo: Path, capsys, name: str, words: str, suggestion) -> None:
    code, found = lint(capsys, f"select: [AML1]\nplugins:\n  - {name}\n")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"]) for f in found] == [(".automlspec.yaml", 3, "AML900")]
    assert found[0]["message"].startswith(f"plugin '{name}' ") and words in found[0]["message"], found[0]["message"]
    assert found[0].get("suggestion") == suggestion


def test_a_plugin_rule_that_raises_is_reported_on_the_spec_naming_it(repo: Path, capsys) -> None:
    code, found = lint(capsys, "plugins: [acme-raising]\n")
    assert code == 1
    assert [(f["rule"], f["message"]) for f in found] == [
        (
            "AML000",
            "plugin rule ACME003 (always-fails) failed: KeyError: 'Tags'; report it to the plugin's authors",
        )
    ]


def test_a_broken_plugin_never_prints_a_traceback(repo: Path, site: Path) -> None:
    Path(".automlspec.yaml").write_text("plugins: [acme-broken, acme]\n")
    env_path = f"{site}{':' + sys.path[0] if sys.path[0] else ''}"
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "specs"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": env_path, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "AML900 error [config-invalid] plugin 'acme-broken' (acme_missing_module) cannot be loaded" in done.stdout
    assert "ACME001 error [job-name-has-team-prefix]" in done.stdout  # the other plugin still ran


def test_the_documented_plugin_example_is_a_working_plugin(tmp_path: Path) -> None:
    import re

    page = (ROOT / "docs" / "policies.md").read_text("utf-8")
    code = re.search(r"```python\n(# acme_automl_rules/__init__.py\n.*?)```", page, re.S).group(1)
    namespace: dict = {}
    exec(compile(textwrap.dedent(code), "docs/policies.md", "exec"), namespace)
    found = namespace["job_name_has_team_prefix"]
    assert isinstance(found, rules.Rule) and found.code == "ACME001"
    from automlspec.lint import lint_text

    findings = lint_text("job.yaml", V2.replace("churn-tabular-v2", "forecast-v2"))
    assert "ACME001" not in {f.rule for f in findings}  # not named by a configuration: it does not run
    assert plugins._problem(found, []) is None  # and it passes the checks a plugin's rules go through
