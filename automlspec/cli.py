"""The command line, and nothing else: typer options -> ``commands.<verb>`` -> ``views.<verb>`` -> exit code.

Each command returns a typed result (``commands``); a view prints it (``views``); the result's
``exit_code`` is the one table of errors.ExitCode (README "Exit codes"): 0 no error findings (warnings
allowed); 1 at least one error finding (or, with --strict, any warning); 2 a usage error or a path that
cannot be read; 3 an internal error (a bug in automlspec). `plan --detailed-exitcode` (terraform's):
0 no changes, 2 changes, 1 any error, a usage error included (3 is still a bug).
"""

from __future__ import annotations

import copy
import datetime
import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import typer

from .errors import ExitCode
from .jobs import lifecycle
from .views import findings as findings_view
from .views import formats
from .views.console import Color

app = typer.Typer(
    name="automlspec",
    help="Lint, resolve and compile Amazon SageMaker Autopilot job specs (CreateAutoMLJob / CreateAutoMLJobV2);"
    " plan and apply them to an AWS account, terraform-style; follow the jobs with status and candidates.",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# Every --format's choices come from the one list of its view's formats (views/findings/, views/formats.py).
Format = Enum("Format", {name: name for name in findings_view.NAMES}, type=str)  # type: ignore[misc]
FORMAT_HELP = "Output format: " + "; ".join(f"{f.name}, {f.help}" for f in findings_view.FORMATS) + "."
RulesFormat = Enum("RulesFormat", {name: name for name in formats.RULES}, type=str)  # type: ignore[misc]
PlanFormat = Enum("PlanFormat", {name: name for name in formats.PLAN}, type=str)  # type: ignore[misc]
ResultFormat = Enum("ResultFormat", {name: name for name in formats.STATUS}, type=str)  # type: ignore[misc]
LeaderboardFormat = Enum("LeaderboardFormat", {name: name for name in formats.CANDIDATES}, type=str)  # type: ignore[misc]
# import --status: AWS's job statuses (jobs.lifecycle, their one place)
ImportStatus = Enum("ImportStatus", {name: name for name in lifecycle.STATUSES}, type=str)  # type: ignore[misc]


# Options shared by lint, resolve and compile: one declaration, the same spelling and help everywhere.
CONFIG_OPTION = typer.Option(None, "--config", help="Use this configuration file instead of the nearest one.")
NO_CONFIG_OPTION = typer.Option(False, "--no-config", help="Ignore every configuration file.")
COLOR_OPTION = typer.Option(Color.auto, "--color", help="Colour in the text format of findings.")
FINDINGS_FORMAT_OPTION = typer.Option(
    None,
    "--format",
    "--output-format",
    "-f",
    help=f"Of the findings if the spec has errors. {FORMAT_HELP}",
    show_default=False,
)


def _command(name: str | None = None, group: typer.Typer = app) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command (of ``group``). An AutomlspecError it raises (a refusal before it has anything
    to show) is one `automlspec: error:` line and its exit code; under `plan --detailed-exitcode` every
    error is 1."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> None:
            from .errors import AutomlspecError
            from .views.console import failed

            try:
                func(*args, **kwargs)
            except AutomlspecError as exc:
                raise typer.Exit(_error_code(failed(exc), bool(kwargs.get("detailed_exitcode")))) from None

        group.command(name)(run)
        return run

    return register


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _exit(code: int) -> NoReturn:
    raise typer.Exit(int(code))


def _format(output_format) -> str | None:
    return output_format.value if output_format is not None else None


@_command()
def lint(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Spec files or directories (walked for *.yaml and *.yml); - reads standard input. Default: the current directory.",
        show_default=False,
    ),
    output_format: Format | None = typer.Option(
        None, "--format", "--output-format", "-f", help=FORMAT_HELP, show_default=False
    ),
    select: list[str] | None = typer.Option(
        None, "--select", help="Only these rules (codes, prefixes or names; comma-separated)."
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", help="Never these rules (codes, prefixes or names; comma-separated)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the run too (exit 1)."),
    exit_zero: bool = typer.Option(
        False,
        "--exit-zero",
        help="Exit 0 even when there are findings or the data checks could not run (unreadable paths still exit 2).",
    ),
    statistics: bool = typer.Option(
        False, "--statistics", help="Print how many findings each rule has instead of the findings."
    ),
    quiet: int = typer.Option(
        0, "--quiet", "-q", count=True, help="Print the findings only, no summary; -qq prints nothing but errors."
    ),
    stdin_filename: str | None = typer.Option(
        None,
        "--stdin-filename",
        help="The path of the spec read from standard input: shown in findings, and used to find its"
        " configuration and apply its `exclude`.",
        show_default=False,
    ),
    force_exclude: bool = typer.Option(
        False, "--force-exclude", help="Apply the configuration's `exclude` to named files too (pre-commit)."
    ),
    fix: bool = typer.Option(
        False, "--fix", help="Apply the safe fixes (marked [*]) in place, then report what is left."
    ),
    unsafe_fixes: bool = typer.Option(
        False,
        "--unsafe-fixes",
        help="Count every suggestion that lint has proved (each help:) as a fix: marked [*], applied by --fix.",
    ),
    show_fixes: bool = typer.Option(
        False, "--show-fixes", help="List each fix made (--fix) or that --fix would make, on standard error."
    ),
    diff: bool = typer.Option(
        False, "--diff", help="Print the fixes --fix would make as a unified diff; write nothing (exit 1 if any)."
    ),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: Color = COLOR_OPTION,
    show_settings: bool = typer.Option(
        False, "--show-settings", help="Print each file's effective configuration and where it came from; lint nothing."
    ),
    data: bool = typer.Option(
        False, "--data", help="Also check the data in S3 that the specs name (docs/data-checks.md)."
    ),
    data_root: Path | None = typer.Option(
        None,
        "--data-root",
        help="Check the data against a local mirror instead of S3: s3://bucket/key is DIR/bucket/key.",
        show_default=False,
    ),
    region: str | None = typer.Option(None, "--region", help="AWS region for --data.", show_default=False),
    profile: str | None = typer.Option(None, "--profile", help="AWS profile for --data.", show_default=False),
    max_findings: int = typer.Option(
        findings_view.MAX_FINDINGS,
        "--max-findings",
        min=0,
        help="Findings shown per file; one more line says how many were left out (0: show all).",
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=0,
        help="Worker processes for the files, forked (Linux, BSD), at most one per core; 0: every core."
        " Default: one process.",
        show_default=False,
    ),
) -> None:
    """Check specs offline: every limit of the AWS model and the service's cross-field rules.

    With --data (or --data-root), also check the training data the specs name (AML8xx)."""
    from .commands import lint as command
    from .views import lint as view

    selected, ignored, named = _split(select), _split(ignore), [str(p) for p in paths or []]
    if show_settings:
        view.show_settings(command.settings(named, selected, ignored, config, no_config, stdin_filename))
        return
    linted = command.run(
        named,
        select=selected,
        ignore=ignored,
        config=config,
        no_config=no_config,
        stdin_filename=stdin_filename,
        force_exclude=force_exclude,
        strict=strict,
        exit_zero=exit_zero,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        show_fixes=show_fixes,
        diff=diff,
        data=data,
        data_root=data_root,
        region=region,
        profile=profile,
        jobs=jobs,
    )
    view.show(linted, _format(output_format), color.value, quiet, statistics, max_findings)
    _exit(linted.exit_code)


policy_app = typer.Typer(
    help="Declarative policies of the project configuration (docs/policies.md).", no_args_is_help=True
)
app.add_typer(policy_app, name="policy")


@_command("test", policy_app)
def policy_test(
    paths: list[Path] | None = typer.Argument(
        None, help="Folders (or files) whose configuration files to test, and those above them. Default: ."
    ),
    config: Path | None = typer.Option(None, "--config", help="Test this configuration file only."),
    color: Color = COLOR_OPTION,
) -> None:
    """Run every policy's examples: each `pass` example must meet its policy, each `fail` one must not.

    Exit 0 when every example does what it says, 1 when one does not or a configuration file has an
    error (printed as findings), 2 for a usage error."""
    from .commands.policy import run
    from .views.policy import show

    tested = run(list(paths or []), config)
    show(tested, color.value)
    _exit(tested.exit_code)


@_command("rules")
def list_rules(
    output_format: RulesFormat = typer.Option(RulesFormat("text"), "--format", "-f", help="text or json."),
) -> None:
    """List every rule: code, name, default severity and summary."""
    from .commands.rules import catalogue
    from .views.rules import FORMATS

    FORMATS[output_format.value](catalogue())


@_command()
def explain(code: str = typer.Argument(..., help="A rule code (AML104) or name (invalid-enum-value).")) -> None:
    """Print one rule's documentation."""
    from .commands.rules import explain as command
    from .views.rules import explain as view

    view(command(code))


class Api(str, Enum):
    v1 = "v1"
    v2 = "v2"


@_command("resolve")
def resolve_command(
    spec: Path = typer.Argument(..., help="A spec file.", show_default=False),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    output_format: Format | None = FINDINGS_FORMAT_OPTION,
    color: Color = COLOR_OPTION,
) -> None:
    """Print the spec with every default filled in, each marked `# default: <source>`."""
    from .commands.resolve import run
    from .views.requests import show

    emitted = run(spec, config, no_config)
    show(emitted, _format(output_format), color.value)
    _exit(emitted.exit_code)


@_command("compile")
def compile_command(
    spec: Path = typer.Argument(..., help="A spec file.", show_default=False),
    api: Api | None = typer.Option(
        None,
        "--api",
        help="The request to emit: v1 (CreateAutoMLJob) or v2 (CreateAutoMLJobV2). Default: the spec's own.",
        show_default=False,
    ),
    resolved: bool = typer.Option(
        False, "--resolved", help="Also fill the documented defaults (see `automlspec resolve`)."
    ),
    document: int | None = typer.Option(
        None, "--document", min=1, help="Which YAML document of a multi-document file (1-based).", show_default=False
    ),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    output_format: Format | None = FINDINGS_FORMAT_OPTION,
    color: Color = COLOR_OPTION,
) -> None:
    """Print the API request as JSON, for `aws sagemaker create-auto-ml-job[-v2] --cli-input-json`."""
    from .commands.compile import run
    from .views.requests import show

    emitted = run(spec, api.value if api else None, resolved, document, config, no_config)
    show(emitted, _format(output_format), color.value)
    _exit(emitted.exit_code)


def _problem_types(incomplete: str) -> list[str]:
    """Shell completion of --problem-type: the short keys and AWS's names."""
    from .scaffold import AWS_NAMES

    names = [*AWS_NAMES, *(name for aws in AWS_NAMES.values() for name in aws)]
    return [name for name in names if name.lower().startswith(incomplete.lower())]


@_command("init")
def init_command(
    problem_type: str = typer.Option(
        "binary",
        "--problem-type",
        help="The kind of job: binary, multiclass, regression, timeseries, textgen, image, text-classification,"
        " or AWS's name for it (BinaryClassification, TimeSeriesForecasting, TextGenerationJobConfig, ...;"
        " any case).",
        autocompletion=_problem_types,
    ),
    api: Api = typer.Option(Api.v2, "--api", help="v1 (CreateAutoMLJob, tabular only) or v2 (CreateAutoMLJobV2)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here instead of to standard output.", show_default=False
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --output file."),
) -> None:
    """Write a commented starter spec: every field with its valid values and default."""
    from .commands.init import run
    from .views.init import show

    started = run(problem_type, api.value, output, force)
    show(started)
    _exit(started.exit_code)


@_command("migrate")
def migrate_command(
    paths: list[Path] = typer.Argument(
        ..., help="Spec files or directories (walked for *.yaml and *.yml).", show_default=False
    ),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if any file would change (for CI)."),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: Color = COLOR_OPTION,
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="A line for each file with nothing to migrate (default: one line for them all)."
    ),
) -> None:
    """Rewrite CreateAutoMLJob (V1) specs as CreateAutoMLJobV2 specs in place, keeping comments.

    A folder's files that the configuration's `exclude` names are skipped, as lint skips them."""
    from .commands.migrate import run
    from .views.migrate import show

    migrated = run([str(p) for p in paths], check, config, no_config, verbose)
    show(migrated, color.value)
    _exit(migrated.exit_code)


@_command("schema")
def schema_command(
    api: Api = typer.Option(Api.v2, "--api", help="v1 (CreateAutoMLJob) or v2 (CreateAutoMLJobV2)."),
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is instead of its content."),
) -> None:
    """Print the JSON Schema (draft 2020-12) of a spec, for editors (docs/compile.md)."""
    from . import schema
    from .views.console import write

    write(f"{schema.path(api.value)}\n" if path else schema.dumps(api.value))


# Options shared by plan and apply.
PLAN_PATHS = typer.Argument(
    None, help="Spec files or directories (default: the current directory).", show_default=False
)
REGION_OPTION = typer.Option(None, "--region", help="AWS region for every spec (overrides `target.region`).")
PROFILE_OPTION = typer.Option(None, "--profile", help="AWS profile for every spec (overrides `target.profile`).")
PRUNE_OPTION = typer.Option(
    False, "--prune", help="Also stop running jobs that automlspec created from specs that are gone."
)
PARALLEL_OPTION = typer.Option(8, "--parallel", min=1, max=32, help="Describe calls in flight per target.")
NO_DATA_OPTION = typer.Option(
    False, "--no-data", help="Do not check the training data the specs name (checked by default: docs/data-checks.md)."
)
VERBOSE_OPTION = typer.Option(
    False,
    "--verbose",
    "-v",
    help="Also list the jobs that match their spec, and the fields of every job to create, however many.",
)
COMPACT_OPTION = typer.Option(
    False, "--compact", help="A job to create on one line, without its fields (text and markdown)."
)
PLAN_DATA_ROOT_OPTION = typer.Option(
    None,
    "--data-root",
    help="Check the data against a local mirror instead of S3: s3://bucket/key is DIR/bucket/key.",
    show_default=False,
)


@_command("plan")
def plan_command(
    paths: list[Path] | None = PLAN_PATHS,
    output_format: PlanFormat = typer.Option(PlanFormat("text"), "--format", "-f", help="text, json or markdown."),
    out: Path | None = typer.Option(None, "--out", help="Save the plan for `apply --plan FILE`.", show_default=False),
    prune: bool = PRUNE_OPTION,
    detailed_exitcode: bool = typer.Option(
        False, "--detailed-exitcode", help="Exit 0 with no changes, 2 with changes, 1 on an error (as terraform)."
    ),
    verbose: bool = VERBOSE_OPTION,
    compact: bool = COMPACT_OPTION,
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: Color = COLOR_OPTION,
    parallel: int = PARALLEL_OPTION,
    no_data: bool = NO_DATA_OPTION,
    data_root: Path | None = PLAN_DATA_ROOT_OPTION,
) -> None:
    """Show what apply would do: the specs compared with the jobs in each target's AWS account.

    The training data each spec names is checked first, as `lint --data` does (--no-data skips it)."""
    from .commands.plan import options, run
    from .views.console import note
    from .views.plan import show
    from .views.progress import for_stderr

    planned = run(
        options([str(p) for p in paths or []], prune, region, profile, config, no_config, parallel, no_data, data_root),
        out,
        detailed_exitcode,
        notice=note,
        progress=for_stderr(),
    )
    show(planned, output_format.value, color.value, verbose, compact)
    _exit(planned.exit_code)


@_command("apply")
def apply_command(
    paths: list[Path] | None = typer.Argument(
        None,
        help="Spec files or directories (default: the current directory), or one saved plan (as --plan FILE).",
        show_default=False,
    ),
    plan_file: Path | None = typer.Option(
        None, "--plan", help="Apply this saved plan (from `plan --out`) if it is still current.", show_default=False
    ),
    auto_approve: bool = typer.Option(False, "--auto-approve", help="Do not ask for confirmation."),
    prune: bool = PRUNE_OPTION,
    wait: bool = typer.Option(False, "--wait", help="Follow the created jobs until they end."),
    verbose: bool = VERBOSE_OPTION,
    compact: bool = COMPACT_OPTION,
    poll_seconds: float = typer.Option(30.0, "--poll", min=0.0, help="Seconds between status checks with --wait."),
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: Color = COLOR_OPTION,
    parallel: int = PARALLEL_OPTION,
    no_data: bool = NO_DATA_OPTION,
    data_root: Path | None = PLAN_DATA_ROOT_OPTION,
) -> None:
    """Make the AWS account match the specs: create jobs, update tags, with --prune stop pruned jobs.

    The plan it shows checks the training data first, as plan does (--no-data skips it)."""
    from .commands import apply as command
    from .commands.plan import options
    from .errors import UsageError
    from .views import apply as view

    plan_file, paths = command.saved_plan_given(paths or [], plan_file)
    if plan_file is not None and (
        paths or prune or region or profile or config or no_config or no_data or data_root is not None
    ):
        raise UsageError(
            "--plan FILE applies a saved plan as it was planned: give no paths, --prune, --region, --profile,"
            " --config, --no-data or --data-root"
        )
    chosen = options(
        [str(p) for p in paths or []], prune, region, profile, config, no_config, parallel, no_data, data_root
    )
    from .views.progress import for_stderr

    hooks = view.Hooks(color.value, verbose, compact, for_stderr())
    applied = command.run(chosen, hooks, plan_file, auto_approve, wait, poll_seconds)
    view.show(applied)
    _exit(applied.exit_code)


@_command("show")
def show_command(
    plan_file: Path = typer.Argument(..., help="A saved plan (from `plan --out FILE`).", show_default=False),
    output_format: PlanFormat = typer.Option(PlanFormat("text"), "--format", "-f", help="text, json or markdown."),
    offline: bool = typer.Option(
        False, "--offline", help="Do not plan again to tell whether the saved plan is still current."
    ),
    verbose: bool = VERBOSE_OPTION,
    compact: bool = COMPACT_OPTION,
    color: Color = COLOR_OPTION,
) -> None:
    """Print a saved plan (as terraform show) and whether it is still current: whether `apply --plan FILE`
    would apply it, found by planning again. When AWS cannot be asked, the plan is shown and its
    freshness is unknown."""
    from .commands.show import run
    from .views.console import note
    from .views.show import show

    shown = run(plan_file, offline, notice=note)
    show(shown, output_format.value, color.value, verbose, compact)
    _exit(shown.exit_code)


# ----- live jobs: status, candidates (docs/results.md) -------------------------------------------------


@_command("import")
def import_command(
    names: list[str] | None = typer.Argument(None, help="Job names to import.", show_default=False),
    output: Path = typer.Option(Path("."), "--output", "-o", help="The folder to write the specs into."),
    api: Api = typer.Option(Api.v2, "--api", help="v2 (CreateAutoMLJobV2) or v1 (tabular jobs only)."),
    every: bool = typer.Option(False, "--all", help="Import every job ListAutoMLJobs returns (with the filters)."),
    name_contains: str | None = typer.Option(None, "--name-contains", help="--all: names containing this."),
    status: ImportStatus | None = typer.Option(None, "--status", help="--all: jobs with this status."),
    created_after: datetime.datetime | None = typer.Option(
        None,
        "--created-after",
        help="--all: jobs created after this time (UTC unless it names a zone).",
        formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"],
    ),
    force: bool = typer.Option(False, "--force", help="Replace a job's existing spec file."),
    parallel: int = PARALLEL_OPTION,
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
) -> None:
    """Write a spec for each existing job (AWS's field names, only what it was created with, its tags)."""
    from .commands.imports import run
    from .views.imports import show

    imports = run(
        names or [],
        output,
        api=api.value,
        every=every,
        name_contains=name_contains,
        status=status.value if status else None,
        created_after=created_after,
        force=force,
        parallel=parallel,
        region=region,
        profile=profile,
    )
    show(imports)
    _exit(imports.exit_code)


@_command("status")
def status_command(
    paths: list[Path] | None = typer.Argument(
        None, help="Spec files or directories (default: the current directory).", show_default=False
    ),
    output_format: ResultFormat = typer.Option(ResultFormat("text"), "--format", "-f", help="text or json."),
    parallel: int = PARALLEL_OPTION,
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
) -> None:
    """The live job of each spec: status, elapsed and remaining time, failure reason, best candidate."""
    from .commands.status import run
    from .views.console import note
    from .views.progress import for_stderr
    from .views.status import show

    named = [str(p) for p in paths or [Path(".")]]
    statuses = run(named, region, profile, parallel, notice=note, progress=for_stderr())
    show(statuses, output_format.value)
    _exit(statuses.exit_code)


@_command("candidates")
def candidates_command(
    job: str = typer.Argument(..., help="The AutoML job's name.", show_default=False),
    top: int | None = typer.Option(None, "--top", min=1, help="Only the best N candidates.", show_default=False),
    output_format: LeaderboardFormat = typer.Option(
        LeaderboardFormat("text"), "--format", "-f", help="text, json or csv."
    ),
    plot: Path | None = typer.Option(
        None,
        "--plot",
        help="Also draw each candidate's objective value over time (FILE.svg or FILE.png).",
        show_default=False,
    ),
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
) -> None:
    """A job's candidates, best first in the objective's direction (ListCandidatesForAutoMLJob)."""
    from .commands.candidates import run
    from .views.candidates import show

    board = run(job, top, plot, region, profile)
    show(board, output_format.value)
    _exit(board.exit_code)


# The environment variable through which a shell's completion script asks automlspec for completions
# (click's protocol: https://click.palletsprojects.com/en/stable/shell-completion/).
COMPLETE_VAR = "_AUTOMLSPEC_COMPLETE"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@_command("completion")
def completion_command(shell: Shell = typer.Argument(..., help="bash, zsh or fish.", show_default=False)) -> None:
    """Print the shell completion script (commands, options, choices) for bash, zsh or fish.

    bash: `eval "$(automlspec completion bash)"` in ~/.bashrc; zsh: the same in ~/.zshrc; fish:
    `automlspec completion fish > ~/.config/fish/completions/automlspec.fish`."""
    from typer._completion_shared import get_completion_script

    from .views.console import write

    write(get_completion_script(prog_name="automlspec", complete_var=COMPLETE_VAR, shell=shell.value) + "\n")


@_command("server")
def server_command() -> None:
    """Run the language server on standard input and output, for editors (docs/editors.md).

    Diagnostics, quick fixes, hover and completion for spec files, as `lint` checks them. Needs the server
    extra: pip install 'automlspec[server]'."""
    from .commands.server import run

    _exit(run())


def _version(value: bool) -> None:
    if value:
        from .views.console import line, version_line

        line(version_line())
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """automlspec: Autopilot job specs, linted offline and compiled into exact API requests."""


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` starts with, or the whole app (no command, an option or an
    unknown word first: the root help and click's "No such command" need every command). Typer builds
    every registered command's options on each start, a few ms per command; `automlspec lint` should
    not pay for plan, apply, import and the rest (tests/test_cli.py checks the output is the same)."""
    from typer.main import get_command_name

    if not args:
        return app
    chosen = [
        c
        for c in app.registered_commands
        if (c.name or (get_command_name(c.callback.__name__) if c.callback else None)) == args[0]
    ]
    if not chosen:
        return app
    only = copy.copy(app)  # the same settings and root callback (--version), one command: still a group
    only.registered_commands = chosen
    return only


def _detailed(args: list[str]) -> bool:
    """`plan --detailed-exitcode`: every error exits 1, so that 2 means changes only (terraform's)."""
    options = args[1 : args.index("--")] if "--" in args else args[1:]
    return bool(args) and args[0] == "plan" and "--detailed-exitcode" in options


def _error_code(code: int, detailed: bool) -> int:
    return ExitCode.FAILURE if detailed and code == ExitCode.USAGE else code


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (errors.ExitCode): an AutomlspecError becomes one
    `automlspec: error:` line and its code; any other exception is a bug: exit 3 and one line asking
    for a report (the traceback only with AUTOMLSPEC_DEBUG=1)."""
    import io
    import os

    from .errors import AutomlspecError, Interrupted, exit_code
    from .views.console import escape, failed, internal_error, print_error, safe_streams

    safe_streams()
    if os.environ.get(COMPLETE_VAR):  # a completion script asking for completions: typer's classes answer it
        from typer._completion_classes import completion_init

        completion_init()
    args = sys.argv[1:] if argv is None else argv
    detailed = _detailed(args)
    # typer 0.28 vendors click (typer._click); its exception classes are reached through public names
    click_error: type[Any] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    try:
        code = _app_for(args)(args=argv, prog_name="automlspec", standalone_mode=False)
    except SystemExit as exc:  # typer's own exits (a closed pipe)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else ExitCode.USAGE)
    except typer.Abort:
        return failed(Interrupted("aborted"))
    except click_error as exc:
        # click's usage message quotes the arguments; render it, then escape every line of it
        buffer = io.StringIO()
        exc.show(file=buffer)
        for line in buffer.getvalue().splitlines():
            print_error(escape(line))
        return _error_code(exit_code(exc), detailed)
    except AutomlspecError as exc:
        return _error_code(failed(exc), detailed)
    except Exception as exc:  # a bug in automlspec, never a finding: its own exit code (README)
        return internal_error(exc)
    return code if isinstance(code, int) else ExitCode.OK
