"""The pre-commit snippets of the README, run as written by the real pre-commit on a throwaway
repository of specs.

- The remote form (`repo:` the project's home, `rev:` a commit of main until the first release tag): the
  hook repository is a clone of this repository, so the README's own `rev:` is checked out and installed
  exactly as a user's pre-commit would; only the `repo:` URL is replaced by the clone's path. pre-commit
  builds the hook's environment without any network (the settings are in tests/offline_install.py).
  It is in the slow set (`python -m pytest -m slow`, which .ci/run runs): building the environment takes
  about 10 s. Once `rev:` is a release tag, the same test tags a snapshot of this checkout instead.
- The `repo: local` form, verbatim: it runs the `automlspec` on PATH, here this environment's.

No network is used, by construction (checked by running this file in an empty network namespace,
`unshare -n python -m pytest tests/test_precommit.py`, both from the pyenv interpreter and from a fresh
`python -m venv` of a Python that has no packages, as .ci/run builds).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from offline_install import git, offline_env, snapshot
from ruamel.yaml import YAML

from automlspec import HOME, __version__
from automlspec.hooks import HOOKS, REV

ROOT = Path(__file__).resolve().parent.parent

needs_pre_commit = pytest.mark.skipif(
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
NOT_A_SPEC = "on: push\njobs: {}\n"


def _yaml_blocks(path: Path, heading: str) -> list[str]:
    """The ```yaml blocks of the section under ``heading`` (up to the next heading of its level)."""
    text = path.read_text("utf-8")
    level = heading.split(" ")[0]
    section = text.split(heading + "\n", 1)[1]
    section = re.split(rf"^{level} ", section, flags=re.M)[0]
    return re.findall(r"^```yaml\n(.*?)^```$", section, flags=re.M | re.S)


README_BLOCKS = _yaml_blocks(ROOT / "README.md", "## pre-commit")
REMOTE = next(b for b in README_BLOCKS if "repo: local" not in b)
LOCAL = next(b for b in README_BLOCKS if "repo: local" in b)


def _load(text: str):
    return YAML(typ="safe", pure=True).load(text)


def test_readme_and_docs_show_the_same_two_snippets() -> None:
    docs = _yaml_blocks(ROOT / "docs" / "pre-commit.md", "## Set-up")
    assert len(README_BLOCKS) == 2
    assert [_load(b) for b in docs[:2]] == [_load(REMOTE), _load(LOCAL)]


def test_remote_snippet_names_the_projects_home_and_its_rev() -> None:
    """`repo:` is the project's home; `rev:` is hooks.REV, which is a full commit sha until the first
    release, then the tag of this version (docs/pre-commit.md, "Releases")."""
    repo = _load(REMOTE)["repos"][0]
    assert repo["repo"] == HOME and repo["rev"] == REV
    assert tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"] == __version__
    if REV.startswith("v"):
        assert f"v{__version__}" == REV
    else:
        assert re.fullmatch(r"[0-9a-f]{40}", REV), "a commit is pinned by its full sha, as pre-commit wants"


def _history_has(commit: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(REV.startswith("v"), reason="a release tag: the snapshot test covers it")
def test_the_pinned_commit_is_on_main_and_provides_the_hook() -> None:
    if not _history_has(REV):
        pytest.skip("not a git checkout with history (a shallow clone or an unpacked archive)")
    ancestor = subprocess.run(["git", "merge-base", "--is-ancestor", REV, "HEAD"], cwd=ROOT, capture_output=True)
    assert ancestor.returncode == 0, f"{REV} is not an ancestor of HEAD"
    manifest = subprocess.run(
        ["git", "show", f"{REV}:.pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert [h["id"] for h in _load(manifest)] == [h.id for h in HOOKS]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The hook repository (a snapshot of this checkout, tagged as a release) and an environment to run
    pre-commit in."""
    base = tmp_path_factory.mktemp("precommit")
    env = offline_env(base)
    snapshot(base / "hook-repo", env)
    git(base / "hook-repo", env, "tag", "-a", f"v{__version__}", "-m", f"automlspec {__version__}")
    return base, env


def _project(base: Path, env: dict[str, str], name: str, config: str) -> Path:
    repo = base / name
    (repo / "specs" / ".drafts").mkdir(parents=True)
    (repo / "specs" / "good.yaml").write_text(GOOD, "utf-8")
    (repo / "specs" / "bad.yaml").write_text(BAD, "utf-8")
    (repo / "specs" / "quiet.yaml").write_text(QUIET, "utf-8")
    (repo / "specs" / ".drafts" / "workflow.yaml").write_text(NOT_A_SPEC, "utf-8")
    (repo / ".automlspec.yaml").write_text(CONFIG, "utf-8")
    (repo / ".pre-commit-config.yaml").write_text(config, "utf-8")
    git(repo, env, "init", "-q")
    git(repo, env, "add", "-A")
    return repo


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _check_hook(repo: Path, env: dict[str, str]) -> None:
    done = _pre_commit(repo, env, "--all-files")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "automlspec lint" in out and "Failed" in out and "- hook id: automlspec-lint" in out, out
    assert f"specs/bad.yaml:{BAD_LINE}:14: AML104 error [invalid-enum-value]" in out, out
    assert "help: BinaryClassification" in out, out
    # one finding, from the three specs; the hidden draft and the config were not passed to the hook
    assert "Found 1 error (3 specs in 3 files checked)." in out, out
    for quiet in ("good.yaml:", "quiet.yaml:", ".automlspec.yaml", "workflow.yaml"):
        assert quiet not in out, out

    done = _pre_commit(repo, env, "--files", "specs/good.yaml", "specs/quiet.yaml", ".automlspec.yaml")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "automlspec lint" in out and "Passed" in out, out


@pytest.mark.slow
@needs_pre_commit
def test_remote_snippet_as_written(workspace) -> None:
    base, env = workspace
    hooks = base / "hook-repo"
    if not REV.startswith("v"):  # a pinned commit: a clone of this repository's history holds it
        if not _history_has(REV):
            pytest.skip("not a git checkout with history (a shallow clone or an unpacked archive)")
        hooks = base / "hook-clone"
        if not hooks.exists():
            git(base, env, "clone", "-q", "--no-checkout", ROOT.as_posix(), hooks.as_posix())
    config = REMOTE.replace(HOME, hooks.as_posix())
    assert config != REMOTE
    _check_hook(_project(base, env, "remote", config), env)


@needs_pre_commit
def test_local_snippet_as_written_runs_the_automlspec_on_path(workspace) -> None:
    base, env = workspace
    env = {**env, "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])}
    _check_hook(_project(base, env, "local", LOCAL), env)


@needs_pre_commit
def test_local_snippet_without_automlspec_installed_says_so(workspace) -> None:
    """The failure a repository sees before `pip install automlspec`: pre-commit names the executable."""
    base, env = workspace
    empty = base / "empty-bin"
    empty.mkdir(exist_ok=True)
    git_dir = Path(subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()).parent
    env = {**env, "PATH": os.pathsep.join([str(empty), str(git_dir)])}
    repo = _project(base, env, "local-missing", LOCAL)
    done = _pre_commit(repo, env, "--all-files")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Executable `automlspec` not found" in out, out
