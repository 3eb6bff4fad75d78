"""The pre-commit hooks this repository provides, as data.

`.pre-commit-hooks.yaml` and the hook reference in docs/pre-commit.md are generated from ``HOOKS`` by
`python scripts/generate_hooks.py` (after check-jsonschema's scripts/generate-hooks-config.py);
tests/test_hooks.py fails when either is stale, and tests/test_precommit.py runs the hook with the real
`pre-commit` tool.

Field meanings are pre-commit's own (https://pre-commit.com/#creating-new-hooks).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import HOME

# The URL users put under `repo:`.
REPOSITORY = HOME
# The `rev:` of the remote snippet. No release tag exists yet, so it is a commit of main whose hook works
# (tests/test_precommit.py installs and runs it from a clone of this repository); the first release sets
# it to the tag, `vX.Y.Z` (docs/pre-commit.md, "Releases"). A repository that pins a commit moves to the
# newest one with `pre-commit autoupdate --bleeding-edge --freeze`.
REV = "c94876c07166b478df075f3f77f39d1ff09b92bf"


@dataclass(frozen=True)
class Hook:
    id: str
    name: str
    description: str
    entry: str
    language: str = "python"
    # `types` rather than a `files` regex: pre-commit ANDs `types` with the user's `files`, so a repo
    # narrows the hook to its spec folder with one line (`files: ^specs/`) and keeps the YAML filter.
    types: tuple[str, ...] = ("yaml",)
    # Hidden files and folders are skipped, as `automlspec lint DIR` skips them when it walks a folder:
    # that keeps `.automlspec.yaml` (project configuration, not a spec), `.pre-commit-config.yaml` and
    # `.github/workflows/*.yml` out of a lint of request specs.
    exclude: str = r"(^|/)\."
    # One process for all the files of a run: rules with scope "run" compare specs with each other
    # (a job name is never freed, so a name used twice is an error), and pre-commit's parallel
    # partitions would split them. One process lints 1,000 specs in well under the 3 s budget
    # (docs/benchmarks.md), so parallel partitions would buy little.
    require_serial: bool = True
    pass_filenames: bool = True


HOOKS: tuple[Hook, ...] = (
    Hook(
        id="automlspec-lint",
        name="automlspec lint",
        description="Lint Amazon SageMaker Autopilot job specs (CreateAutoMLJob / CreateAutoMLJobV2) offline",
        # pre-commit names every staged file, and a named file is linted even when the project
        # configuration excludes it (ruff's rule: what you name, you get). --force-exclude keeps the
        # configuration's `exclude` in force for those names, as ruff's own hook does
        # (https://github.com/astral-sh/ruff-pre-commit/blob/main/.pre-commit-hooks.yaml).
        entry="automlspec lint --force-exclude",
    ),
)
