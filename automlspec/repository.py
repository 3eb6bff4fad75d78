"""The git checkout a spec lives in, as far as `plan --prune` needs to know it: its root, its identity
(the normalised URL of its `origin` remote), its HEAD, whether it contains a commit and whether that
commit holds a file (issue 20, section 2: prune stops only a job this repository can prove it created
and this checkout deliberately deleted).

Everything here asks the `git` command (read-only plumbing: rev-parse, config, merge-base, cat-file,
ls-files) and answers None or False when git is missing, the directory is no checkout, or git refuses:
no proof, so nothing is stopped. git runs with the repository's hooks and fsmonitor switched off, so a
cloned repository's configuration runs no program of its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

#: Seconds one git command may take (a huge repository's ls-files included) before it counts as no answer.
GIT_TIMEOUT = 60
#: A tag value: at most 256 characters of letters, spaces, digits and _.:/=+-@ (the SageMaker model's
#: TagValue pattern, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html).
_TAG_VALUE = re.compile(r"[\w\s.:/=+\-@]{1,256}")
_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")  # SHA-1 or SHA-256 object names
_SCP = re.compile(r"(?:[^@/:]+@)?(?P<host>[^/:]+):(?P<path>(?!/).+)")  # git@github.com:acme/ml.git


def root(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` holding `.git` (a directory, or a worktree's file)."""
    for directory in (path, *path.parents):
        if (directory / ".git").exists():
            return directory
    return None


def _git(where: Path, *args: str) -> str | None:
    """git's standard output, stripped; None when git is missing, fails or takes too long."""
    command = ["git", "-c", "core.fsmonitor=false", "-c", f"core.hooksPath={os.devnull}", "-C", str(where), *args]
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def head(where: Path) -> str | None:
    """The commit the checkout is at (its full object name); None without one (no git, no commit yet)."""
    answer = _git(where, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return answer if answer and _COMMIT.fullmatch(answer) else None


def normalise_remote(url: str, base: Path | None = None) -> str | None:
    """A remote's URL as a repository identity: host and path, without scheme, user, password, port or
    the trailing `.git`, so the https and ssh clones of one repository agree and no credential is ever
    kept. `git@github.com:acme/ml.git`, `https://ci:token@github.com:443/acme/ml` and
    `ssh://git@github.com/acme/ml.git` all give `github.com/acme/ml`. A local path (a remote on disk) is
    made absolute against ``base``. None for an empty URL."""
    url = url.strip()
    if not url:
        return None
    if "://" in url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower() if parts.scheme != "file" else ""
        path = parts.path
    elif (scp := _SCP.fullmatch(url)) and not Path(url).exists():
        host, path = scp["host"].lower(), scp["path"]
    else:
        host, path = "", str((base or Path.cwd()) / url) if not os.path.isabs(url) else url
        path = os.path.normpath(path).replace(os.sep, "/")
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")].rstrip("/")
    return f"{host}/{path}" if host else f"/{path}"


def tag_value(identity: str) -> str:
    """``identity`` as a tag value: itself when the tag pattern allows it, else a digest of it (an
    identity is compared, never read back, so a digest identifies the repository just as well)."""
    if _TAG_VALUE.fullmatch(identity):
        return identity
    return "sha256:" + hashlib.sha256(identity.encode("utf-8")).hexdigest()


def remote_identity(where: Path) -> str | None:
    """The checkout's identity from git: its `origin` remote's URL, normalised (``normalise_remote``)
    and made a valid tag value; None without an `origin`."""
    url = _git(where, "config", "--get", "remote.origin.url")
    identity = normalise_remote(url, where) if url else None
    return tag_value(identity) if identity else None


def contains(where: Path, commit: str) -> bool:
    """Whether ``commit`` is HEAD or an ancestor of it in this checkout (False when git does not know
    the commit: a clone that has not fetched it)."""
    if not _COMMIT.fullmatch(commit):
        return False
    return _git(where, "merge-base", "--is-ancestor", commit, "HEAD") is not None


def holds(where: Path, commit: str, path: str) -> bool:
    """Whether ``commit`` has a file at ``path`` (relative to the repository's root)."""
    if not _COMMIT.fullmatch(commit) or not path or path.startswith(("/", "-")):
        return False
    return _git(where, "cat-file", "-e", f"{commit}:{path}") is not None


def yaml_files(where: Path) -> list[Path] | None:
    """Every `*.yaml` and `*.yml` file of the checkout that exists in its working tree (tracked, or new
    and not ignored), as absolute paths; None when git cannot say."""
    answer = _git(where, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.yaml", "*.yml")
    if answer is None:
        return None
    files = {where / name for name in answer.split("\0") if name}
    return sorted(file for file in files if file.is_file())
