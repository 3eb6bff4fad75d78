"""Install this checkout the way users do (pre-commit's hook environment, the GitHub action's virtual
environment), with no network: shared by tests/test_precommit.py and tests/test_action.py.

- ``snapshot`` copies the package, pyproject.toml and .pre-commit-hooks.yaml into a new git repository
  and commits it, so installs see the working tree (uncommitted edits included) and never write build
  files into the checkout;
- ``offline_env`` is an environment in which a new virtual environment installs that snapshot without
  an index: pip takes no index (PIP_NO_INDEX) and builds without isolation (PIP_NO_BUILD_ISOLATION=0 is
  pip's spelling for --no-build-isolation), so it downloads neither dependencies nor setuptools, and the
  new environment sees the packages of the one running the tests, appended to its sys.path by a
  sitecustomize module on PYTHONPATH (VIRTUALENV_SYSTEM_SITE_PACKAGES=1 is not enough: it exposes the
  base interpreter's site-packages, not those of the virtual environment the tests run in). virtualenv
  (pre-commit's) seeds pip and setuptools from the wheels it embeds (VIRTUALENV_SETUPTOOLS=bundle: it
  seeds no setuptools for Python >= 3.12 by default; VIRTUALENV_NO_PERIODIC_UPDATE stops its background
  refresh of those wheels).

Checked by running the tests that use it in an empty network namespace,
`unshare -n python -m pytest tests/test_precommit.py tests/test_action.py`.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def offline_env(home: Path) -> dict[str, str]:
    """The caller's environment without git, pre-commit, virtualenv and pip settings, plus the offline
    settings above; ``home`` holds the sitecustomize module and pre-commit's and virtualenv's caches."""
    shim = home / "site-of-the-tests"
    shim.mkdir(parents=True)
    site_dirs = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    (shim / "sitecustomize.py").write_text(
        "import site\n"
        "# appended after the new environment's own site-packages, .pth files included\n"
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


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def snapshot(target: Path, env: dict[str, str]) -> str:
    """This checkout as a git repository at ``target``; returns the commit sha."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "automlspec", target / "automlspec", ignore=ignore)
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "action.yml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    if not (target / "README.md").exists():  # pyproject.toml names it as the long description
        (target / "README.md").write_text("automlspec\n", "utf-8")
    git(target, env, "init", "-q")
    git(target, env, "add", "-A")
    git(target, env, "commit", "-q", "-m", "snapshot")
    return git(target, env, "rev-parse", "HEAD")
