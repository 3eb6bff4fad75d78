"""action.yml, the composite GitHub action: its inputs are the ones docs/github-action.md lists, and its
script steps run the commands the docs describe when bash runs them as a runner does.

A runner runs a `shell: bash` step as `bash --noprofile --norc -eo pipefail FILE`
(https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell),
with `${{ inputs.X }}` expressions in the step's `env:` replaced by the input values (defaults filled in)
and RUNNER_TEMP, GITHUB_PATH and GITHUB_ACTION_PATH set; a line appended to the GITHUB_PATH file is on
PATH for the steps after it. `_run_step` does exactly that. The `uses: actions/setup-python` step is
not run: a recording `python` stands in for the one it sets up, so the install step's commands (the
virtual environment, which pip install) are checked without installing anything; its `venv` puts this
environment's `automlspec` console script in the new `bin/`, so the lint step runs the real automlspec
found through GITHUB_PATH. (tests/test_precommit.py installs this checkout with pip for real, offline.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
ACTION = YAML(typ="safe", pure=True).load((ROOT / "action.yml").read_text("utf-8"))
STEPS = ACTION["runs"]["steps"]
INSTALL = next(s for s in STEPS if s.get("name") == "Install automlspec")
LINT = next(s for s in STEPS if s.get("name") == "Lint specs")
DEFAULTS = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}

GOOD = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
BAD = GOOD.replace("CompressionType: None", "CompressionType: gzip").replace(
    "AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn-binary-bad"
)
BAD_LINE = BAD.splitlines().index("    CompressionType: gzip") + 1


def test_metadata_is_a_composite_action_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["name"] and ACTION["description"]
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \|", (ROOT / "docs" / "github-action.md").read_text("utf-8"), re.M)
    documented = {name: default.strip().strip("`").replace("(empty)", "") for name, default in rows}
    assert documented == DEFAULTS
    assert all(isinstance(spec.get("description"), str) and spec["description"] for spec in ACTION["inputs"].values())


def test_every_script_step_is_bash_and_takes_inputs_only_through_env() -> None:
    """No `${{ }}` inside a script: an input value can never become shell code."""
    used = set()
    for step in STEPS:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"]
        for value in step.get("env", {}).values():
            match = re.fullmatch(r"\$\{\{ inputs\.([a-z-]+) \}\}", value)
            assert match, value
            used.add(match[1])
        for value in step.get("with", {}).values():
            used.update(re.findall(r"\$\{\{ inputs\.([a-z-]+) \}\}", str(value)))
    assert used == set(DEFAULTS)
    setup = next(s for s in STEPS if "uses" in s)
    assert setup["uses"].startswith("actions/setup-python@")


def test_docs_show_the_commands_the_steps_run() -> None:
    docs = (ROOT / "docs" / "github-action.md").read_text("utf-8")
    assert (
        'python -m venv "$RUNNER_TEMP/automlspec-venv"' in docs
        and 'venv="$RUNNER_TEMP/automlspec-venv"' in INSTALL["run"]
    )
    assert 'python -m venv "$venv"' in INSTALL["run"]
    for install in ('-m pip install --quiet "$GITHUB_ACTION_PATH"', '-m pip install --quiet "automlspec==$'):
        assert install in docs and install in INSTALL["run"]
    assert "automlspec lint [--format FORMAT] [ARGS...] PATHS... [> OUTPUT]" in docs
    assert "command=(automlspec lint)" in LINT["run"]


def _run_step(step: dict, inputs: dict[str, str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    values = {**DEFAULTS, **inputs}
    assert set(values) == set(DEFAULTS), "unknown input"
    step_env = {
        key: re.sub(r"\$\{\{ inputs\.([a-z-]+) \}\}", lambda m: values[m[1]], value)
        for key, value in step.get("env", {}).items()
    }
    script = cwd / ".step.sh"
    script.write_text(step["run"], "utf-8")
    path_file = Path(env["GITHUB_PATH"])
    added = [line for line in path_file.read_text("utf-8").splitlines() if line] if path_file.exists() else []
    full = {**env, **step_env, "PATH": os.pathsep.join([*reversed(added), env["PATH"]])}
    try:
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=cwd,
            env=full,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        script.unlink()


RECORDER = """#!/bin/sh
# records each call; `-m venv DIR` makes DIR/bin with this recorder as its python and a real automlspec
echo "python $*" >> "$CALLS"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && ln -s "$AUTOMLSPEC_SCRIPT" "$3/bin/automlspec"
fi
"""


def _runner(base: Path) -> dict[str, str]:
    """A runner's environment; PATH has the recording python and the system's tools, not automlspec."""
    (base / "runner-temp").mkdir(parents=True)
    stub = base / "setup-python-bin"
    stub.mkdir()
    (stub / "python").write_text(RECORDER, "utf-8")
    (stub / "python").chmod(0o755)
    script = Path(sys.executable).parent / "automlspec"
    assert script.exists(), "the automlspec console script of this environment"
    git = Path(shutil.which("git") or "/usr/bin/git").parent
    return {
        "PATH": os.pathsep.join([str(stub), "/usr/bin", "/bin", str(git)]),
        "HOME": str(base),
        "CALLS": str(base / "calls.txt"),
        "AUTOMLSPEC_SCRIPT": str(script),
        "RUNNER_TEMP": str(base / "runner-temp"),
        "GITHUB_PATH": str(base / "github-path"),
        "GITHUB_ACTION_PATH": str(base / "_actions" / "automlspec" / "automlspec" / "main"),
        "GITHUB_ACTIONS": "true",
        "NO_COLOR": "1",
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """The install step with `version` empty, and a project of a good and a bad spec."""
    base = tmp_path_factory.mktemp("action")
    env = _runner(base)
    done = _run_step(INSTALL, {}, env, base)
    assert done.returncode == 0, done.stdout + done.stderr
    project = base / "project"
    (project / "specs").mkdir(parents=True)
    (project / "specs" / "good.yaml").write_text(GOOD, "utf-8")
    (project / "specs" / "bad.yaml").write_text(BAD, "utf-8")
    return env, project


def _calls(env: dict[str, str]) -> list[str]:
    return Path(env["CALLS"]).read_text("utf-8").splitlines()


def test_install_without_version_installs_the_action_path_and_puts_its_bin_on_path(installed) -> None:
    env, _ = installed
    venv = Path(env["RUNNER_TEMP"]) / "automlspec-venv"
    assert _calls(env) == [
        f"python -m venv {venv}",
        f"python -m pip install --quiet {env['GITHUB_ACTION_PATH']}",
    ]
    assert Path(env["GITHUB_PATH"]).read_text("utf-8") == f"{venv / 'bin'}\n"


def test_install_with_a_version_installs_that_release(tmp_path: Path) -> None:
    env = _runner(tmp_path)
    done = _run_step(INSTALL, {"version": "0.1.0"}, env, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _calls(env)[1] == "python -m pip install --quiet automlspec==0.1.0"


def test_lint_with_defaults_fails_on_the_bad_spec_and_names_its_line(installed) -> None:
    env, project = installed
    done = _run_step(LINT, {}, env, project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("automlspec lint specs/\n"), done.stdout
    out = done.stdout
    # Under GitHub Actions without --format, automlspec picks annotations once that format exists (issue 11).
    annotation = f"::error file=specs/bad.yaml,line={BAD_LINE},"
    assert annotation in out or f"specs/bad.yaml:{BAD_LINE}:22: AML104" in out, out
    assert "good.yaml" not in out.replace("specs/ ", ""), out


def test_lint_passes_on_good_specs_with_format_and_args(installed) -> None:
    env, project = installed
    done = _run_step(
        LINT, {"paths": "specs/good.yaml", "format": "concise", "args": "--strict --select AML1"}, env, project
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "automlspec lint --format concise --strict --select AML1 specs/good.yaml"


def test_output_writes_the_findings_to_a_file(installed) -> None:
    env, project = installed
    done = _run_step(LINT, {"format": "json", "output": "findings.json"}, env, project)
    assert done.returncode == 1, done.stdout + done.stderr
    findings = json.loads((project / "findings.json").read_text("utf-8"))
    assert [(f["file"], f["line"], f["rule"]) for f in findings] == [("specs/bad.yaml", BAD_LINE, "AML104")]


def test_an_input_cannot_inject_shell_code(installed) -> None:
    env, project = installed
    done = _run_step(LINT, {"paths": "specs/good.yaml; touch pwned $(touch pwned2)"}, env, project)
    assert not (project / "pwned").exists() and not (project / "pwned2").exists()
    assert done.returncode == 2, done.stdout + done.stderr  # the words are paths that do not exist
    assert "automlspec: error:" in done.stderr


def test_multi_line_paths_and_args_are_every_line(installed) -> None:
    """`paths: |` with two folders linted only the first and passed (issue 23, item 9)."""
    env, project = installed
    good, bad = project / "specs" / "good", project / "specs" / "bad"
    good.mkdir()
    bad.mkdir()
    (project / "specs" / "good.yaml").rename(good / "good.yaml")
    (project / "specs" / "bad.yaml").rename(bad / "bad.yaml")
    done = _run_step(LINT, {"paths": "specs/good\nspecs/bad\n", "args": "--strict\n--format\nconcise"}, env, project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "automlspec lint --strict --format concise specs/good specs/bad"
    assert f"specs/bad/bad.yaml:{BAD_LINE}:22: AML104" in done.stdout
