"""The `automlspec-lint` hook, run by the real pre-commit on a throwaway repository of specs.

The hook repository is a snapshot of this checkout (the package, pyproject.toml and
.pre-commit-hooks.yaml) committed to a temporary git repository, so the test exercises the working tree
as every other test does, uncommitted edits included; `.pre-commit-config.yaml` points at it by path
and commit sha.

No network is used, by construction (and checked by running this file in an empty network namespace,
`unshare -n python -m pytest tests/test_precommit.py`, both from the pyenv interpreter and from a
fresh `python -m venv` of a Python that has no packages, as .ci/run builds):
- pre-commit clones the hook repository from a local path;
- virtualenv seeds pip and setuptools from the wheels it embeds (VIRTUALENV_SETUPTOOLS=bundle: it
  seeds no setuptools for Python >= 3.12 by default; VIRTUALENV_NO_PERIODIC_UPDATE stops its
  background refresh of those wheels);
- the hook environment sees the packages of the environment running the tests, appended to its
  sys.path by a sitecustomize module on PYTHONPATH, so every dependency of automlspec is already
  installed. (VIRTUALENV_SYSTEM_SITE_PACKAGES=1 is not enough: it exposes the base interpreter's
  site-packages, not those of the virtual environment the tests run in);
- pip installs the snapshot with no index (PIP_NO_INDEX) and without build isolation
  (PIP_NO_BUILD_ISOLATION=0 is pip's spelling for --no-build-isolation), so it downloads neither
  dependencies nor setuptools for the build, and it skips its version check under --no-index.
Building the environment takes about 10 s; it is built once for the module.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None,
    reason="pre-commit is not installed (it is in the test extra: pip install -e '.[test]')",
)

GOOD = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
# Each spec has its own job name: names are compared across the specs of a run (AML520).
BAD = GOOD.replace("ProblemType: BinaryClassification", "ProblemType: BinaryClasification").replace(
    "AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn-binary-typo"
)
BAD_LINE = BAD.splitlines().index("ProblemType: BinaryClasification") + 1
# An unknown key (AML102) that the project configuration turns off: proves the hook finds it.
QUIET = GOOD.replace("AutoMLJobName: churn-binary-v1", "AutoMLJobName: churn-binary-v2\nOwner: team-a")
CONFIG = "ignore: [unknown-field]\n"
# Not a spec, and hidden: the hook's `exclude` must keep it out (it would be AML008 otherwise).
WORKFLOW = "on: push\njobs: {}\n"


def _env(home: Path) -> dict[str, str]:
    """pre-commit's environment: its own cache, and an offline hook environment (module docstring)."""
    shim = home / "site-of-the-tests"
    shim.mkdir()
    site_dirs = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    (shim / "sitecustomize.py").write_text(
        "import site\n"
        "# appended after the hook environment's own site-packages, .pth files included\n"
        f"for path in {site_dirs!r}:\n"
        "    site.addsitedir(path)\n",
        "utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUALENV_", "PIP_"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(shim), os.environ.get("PYTHONPATH")])),
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        VIRTUALENV_OVERRIDE_APP_DATA=str(home / "virtualenv"),
        VIRTUALENV_SETUPTOOLS="bundle",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PIP_CONFIG_FILE=os.devnull,  # no configured find-links or index either
        PIP_NO_INDEX="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        GIT_AUTHOR_NAME="automlspec tests",
        GIT_AUTHOR_EMAIL="tests@automlspec.invalid",
        GIT_COMMITTER_NAME="automlspec tests",
        GIT_COMMITTER_EMAIL="tests@automlspec.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _snapshot(target: Path, env: dict[str, str]) -> str:
    """This checkout as a hook repository; returns the commit sha for `rev:`."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "automlspec", target / "automlspec", ignore=ignore)
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    if not (target / "README.md").exists():  # pyproject.toml names it as the long description
        (target / "README.md").write_text("automlspec\n", "utf-8")
    _git(target, env, "init", "-q")
    _git(target, env, "add", "-A")
    _git(target, env, "commit", "-q", "-m", "snapshot")
    return _git(target, env, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base)
    sha = _snapshot(base / "hook-repo", env)
    repo = base / "specs-repo"
    (repo / "specs").mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / "specs" / "good.yaml").write_text(GOOD, "utf-8")
    (repo / "specs" / "bad.yaml").write_text(BAD, "utf-8")
    (repo / "specs" / "quiet.yaml").write_text(QUIET, "utf-8")
    (repo / ".automlspec.yaml").write_text(CONFIG, "utf-8")
    (repo / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW, "utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {(base / 'hook-repo').as_posix()}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "      - id: automlspec-lint\n",
        "utf-8",
    )
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    return repo, env


def _pre_commit(project: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    repo, env = project
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_hook_fails_on_the_bad_spec_with_its_file_and_line(project) -> None:
    done = _pre_commit(project, "--all-files")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "automlspec lint" in out and "Failed" in out and "- hook id: automlspec-lint" in out, out
    assert f"specs/bad.yaml:{BAD_LINE}:14: AML104 error [invalid-enum-value]" in out, out
    assert "did you mean 'BinaryClassification'?" in out, out
    # one finding, from the three specs; the hidden config and workflow were not passed to the hook
    assert "Found 1 error (3 specs in 3 files checked)." in out, out
    for quiet in ("good.yaml:", "quiet.yaml:", ".automlspec.yaml", "ci.yml"):
        assert quiet not in out, out


def test_hook_passes_on_good_specs(project) -> None:
    done = _pre_commit(project, "--files", "specs/good.yaml", "specs/quiet.yaml", ".automlspec.yaml")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "automlspec lint" in out and "Passed" in out, out
