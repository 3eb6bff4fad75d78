"""The command line. Parses options, calls the core, picks a reporter, returns the exit code.

Exit codes (a contract, README "Exit codes", errors.ExitCode): 0 no error findings (warnings allowed); 1 at
least one error finding (or, with --strict, any warning); 2 a usage error or a path that cannot be read;
3 an internal error (a bug in automlspec).
"""

from __future__ import annotations

import copy
import datetime
import sys
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

import typer

from . import HOME, __version__
from .errors import ExitCode
from .terminal import escape
from .views import findings as report
from .views.console import Color, use_color

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = ExitCode.OK, ExitCode.FAILURE, ExitCode.USAGE  # the table is errors.py's

app = typer.Typer(
    name="automlspec",
    help="Lint, resolve and compile Amazon SageMaker Autopilot job specs (CreateAutoMLJob / CreateAutoMLJobV2).",
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


# The findings formats, from the one list in views/findings/ (choices and help alike).
Format = Enum("Format", {name: name for name in report.NAMES}, type=str)  # type: ignore[misc]
FORMAT_HELP = "Output format: " + "; ".join(f"{f.name}, {f.help}" for f in report.FORMATS) + "."


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


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


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _fail(message: str) -> NoReturn:
    _error(message)
    raise typer.Exit(EXIT_USAGE)


def _error(message: str) -> None:
    """One `automlspec: error:` line on stderr; the message may quote file names and values, so it is
    escaped (terminal.escape): nothing a file or its name holds can reach the terminal raw."""
    from .terminal import escape

    typer.echo(f"automlspec: error: {escape(message)}", err=True)


def _warn(message: str) -> None:
    from .terminal import escape

    typer.echo(f"automlspec: warning: {escape(message)}", err=True)


def _check_selectors(selectors: list[str], option: str) -> None:
    from .rules import lookup, rule_hint

    for selector in selectors:
        if not lookup(selector):
            _fail(
                f"{option} {selector}: no rule has this code, code prefix or name{rule_hint(selector)} (see `automlspec rules`)"
            )


@app.command()
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
        False, "--exit-zero", help="Exit 0 even when there are findings (unreadable paths still exit 2)."
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
        False, "--fix", help="Fix what has one certain fix (marked [*]) in place, then report what is left."
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
        report.MAX_FINDINGS,
        "--max-findings",
        min=0,
        help="Findings shown per file; one more line says how many were left out (0: show all).",
    ),
) -> None:
    """Check specs offline: every limit of the AWS model and the service's cross-field rules.

    With --data (or --data-root), also check the training data the specs name (AML8xx)."""
    from .config import ConfigResolver
    from .findings import Severity
    from .project import open_project
    from .views.findings import excluded

    selected, ignored = _split(select), _split(ignore)
    _check_selectors(selected, "--select")
    _check_selectors(ignored, "--ignore")
    if config is not None and not config.is_file():
        _fail(f"--config {config}: no such file")
    named = [str(p) for p in paths or []]
    if not named:
        named = ["-"] if stdin_filename is not None else ["."]  # as ruff: --stdin-filename alone reads stdin
    if named.count("-") > 1:
        _fail("- (standard input) can be named once")
    if stdin_filename is not None and "-" not in named:
        _fail("--stdin-filename names the spec read from standard input; add - to the paths")
    if show_settings:
        _show_settings(
            [Path(stdin_filename or "-") if p == "-" else Path(p) for p in named], config, no_config, selected, ignored
        )
        return
    if fix and "-" in named:
        _fail("--fix writes files; for standard input use --diff")
    resolver = ConfigResolver(config, no_config, selected, ignored)
    stdin = _read_stdin(stdin_filename) if "-" in named else None
    data_context = _data_context(data, data_root, region, profile)

    def run():
        project = open_project([p for p in named if p != "-"], resolver, stdin=stdin, force_exclude=force_exclude)
        return project, project.lint(data_context)

    project, result = run()
    if fix or diff:
        fixed = _fix(result, {f.name: (f.raw, f.source) for f in project.files}, diff)
        if diff:
            for problem in result.unreadable:
                _error(problem)
            raise typer.Exit(EXIT_USAGE if result.unreadable else (EXIT_FINDINGS if fixed else EXIT_OK))
        if fixed:
            project, result = run()  # what is left, as the files now are
    _config_warnings(resolver)
    if statistics and quiet < 2:
        from .views.findings.statistics import render as render_statistics

        render_statistics(result.findings, sys.stdout, json=output_format is not None and output_format.value == "json")
    elif quiet < 2:
        _report(result, sys.stdout, output_format, color, quiet=quiet > 0, max_findings=max_findings)
    for problem in result.unreadable:
        _error(problem)
    if result.files == 0 and not result.unreadable and not quiet:
        where = escape(", ".join(named))
        if result.excluded:
            hint = "; --force-exclude skips named files too" if force_exclude else "; name a file to lint it anyway"
            _warn(f"no spec file linted in {where}: {excluded(result.excluded)}{hint}")
        else:
            _warn(f"no spec files (*.yaml, *.yml) found in {where}")
    if result.unreadable:
        raise typer.Exit(EXIT_USAGE)
    if result.data_error:
        typer.echo(f"automlspec: error: {result.data_error}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    failed = any(f.severity in failing for f in result.findings)
    raise typer.Exit(EXIT_FINDINGS if failed and not exit_zero else EXIT_OK)


def _fix(result, sources: dict, diff: bool) -> int:
    """--fix (write) or --diff (print) the certain fixes of a lint result; how many files change."""
    from .fix import plan, write

    fixes = plan(result.findings, sources)
    for item in fixes:
        if item.problem:
            _warn(f"{item.name}: not fixed: {item.problem}")
    changed = [item for item in fixes if item.changed]
    count = sum(item.count for item in changed)
    files = f"{len(changed)} file{'s' * (len(changed) != 1)}"
    if diff:
        for item in changed:
            # the diff shows a file's own text: escaped line by line (terminal.py), its line breaks kept
            _write("".join(escape(line.rstrip("\r")) + "\n" for line in item.diff().split("\n")[:-1]))
        typer.echo(f"automlspec: {count} fix{'es' * (count != 1)} would be made in {files}", err=True)
        return len(changed)
    written: list[Any] = []
    refused: list[Any] = []
    for item, error in write(changed, {name: Path(name) for name in sources}):
        (refused if error else written).append(item)
        if error:
            _error(f"{item.name}: not fixed: {error}")
    # Only what reached the disk is counted (a refused write, a full disk, fixes nothing).
    if written:
        count = sum(item.count for item in written)
        files = f"{len(written)} file{'s' * (len(written) != 1)}"
        typer.echo(f"automlspec: fixed {count} finding{'s' * (count != 1)} in {files}", err=True)
    if refused:
        count = sum(item.count for item in refused)
        files = f"{len(refused)} file{'s' * (len(refused) != 1)}"
        typer.echo(f"automlspec: {count} fix{'es' * (count != 1)} not made: {files} not written", err=True)
    return len(written)


def _read_stdin(filename: str | None):
    """The spec on standard input, read to at most one byte past the loader's bound (a larger input is
    reported by the loader as too large, never read whole into memory)."""
    from .project import Stdin
    from .source import MAX_BYTES

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        _fail("- reads standard input, but there is none")
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        _fail(f"-: cannot read standard input: {exc.strerror or exc}")
    return Stdin(data, filename or "<stdin>", filename)


def _config_warnings(resolver) -> None:
    for warning in resolver.warnings:
        _warn(warning)


def _show_settings(paths: list[Path], config: Path | None, no_config: bool, select: list[str], ignore: list[str]):
    """`lint --show-settings`: the configuration each named file gets, and where each value came from."""
    from .config import ConfigResolver, render_settings
    from .project import locate
    from .terminal import escape

    resolver = ConfigResolver(config, no_config)  # without the command line: render_settings adds it
    files, walked = locate([str(p) for p in paths], resolver)
    for raw in walked.missing:
        _fail(f"{raw}: no such file or directory")
    for located in files:
        file, base = located.path, located.config
        layers = resolver.layers(file)
        discovery = None
        if no_config:
            how = "--no-config"
        elif config is not None:
            how = "--config"
        else:
            discovery = resolver.discoveries.get(file.resolve().parent)
            how = (
                ("the nearest trusted one above the file" if len(layers) < 2 else "every trusted one above the file")
                if base.path
                else "none found"
            )
        settings = render_settings(str(file), base, how, discovery, select, ignore, layers)
        typer.echo("".join(escape(line) + "\n" for line in settings.splitlines()), nl=False)


def _data_context(data: bool, data_root: Path | None, region: str | None, profile: str | None):
    """The data reader lint was asked for: S3 (--data), a local mirror (--data-root) or none. boto3 is
    imported only for --data."""
    if data and data_root is not None:
        _fail("--data reads S3 and --data-root a local mirror; give one of them")
    if (region or profile) and not data:
        _fail("--region and --profile choose the AWS session of --data; add --data")
    if not data and data_root is None:
        return None  # plain lint: the data modules (csv, storage) stay off the lint path
    from .dataset import DataContext, local_context
    from .errors import UsageError

    if data_root is not None:
        try:
            return local_context(data_root)
        except UsageError as exc:
            _fail(str(exc))
    from .aws import Account, Target
    from .aws.s3 import S3Reader
    from .errors import AwsError
    from .storage import Unavailable

    try:
        return DataContext(S3Reader(Account(Target(region, profile))))
    except AwsError as exc:  # no region, an unknown profile: the other findings are still reported
        return DataContext(Unavailable(str(exc), exc.code or "Unavailable"))


policy_app = typer.Typer(
    help="Declarative policies of the project configuration (docs/policies.md).", no_args_is_help=True
)
app.add_typer(policy_app, name="policy")


@policy_app.command("test")
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
    from .config import display, files_under, load
    from .lint import LintResult, finish
    from .policy import run_examples
    from .views.policy import examples_text, summary

    if config is not None:
        if not config.is_file():
            _fail(f"--config {config}: no such file")
        files: list[Path] = [config]
        warnings: list[str] = []
    else:
        named = paths or [Path(".")]
        for path in named:
            if not path.exists():
                _fail(f"{path}: no such file or directory")
        files, warnings = files_under(named)
    for warning in warnings:
        _warn(warning)
    configs = [load(path, display(path)) for path in files]
    tested = [(p, run_examples(p)) for c in configs for p in c.policies.values() if p is not None]
    broken = LintResult(files=len(configs))
    broken.findings = finish([], [], configs, broken.texts)
    if broken.findings:
        _report(broken, sys.stderr, None, color, quiet=True)
    examples_text(tested, sys.stdout)
    if not tested and not broken.findings:
        _warn(f"no policy found in {len(configs)} configuration file{'s' * (len(configs) != 1)}")
        raise typer.Exit(EXIT_OK)
    typer.echo(summary(tested, len(configs)))
    failed = bool(broken.findings) or any(not r.ok for _, results in tested for r in results)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command("rules")
def list_rules(
    output_format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """List every rule: code, name, default severity and summary."""
    from .rules import REGISTRY

    if output_format is RulesFormat.json:
        import json

        rows = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary}
            for r in REGISTRY.values()
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    import shutil
    import textwrap

    width = max(len(r.name) for r in REGISTRY.values())
    indent = " " * (6 + 2 + width + 2 + 7 + 2)
    # a summary is one or more whole sentences: wrapped under its own column, never cut
    columns = max(shutil.get_terminal_size().columns, len(indent) + 40)
    for r in REGISTRY.values():
        row = f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}"
        typer.echo(textwrap.fill(row, columns, subsequent_indent=indent, break_on_hyphens=False))


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code (AML104) or name (invalid-enum-value).")) -> None:
    """Print one rule's documentation."""
    from .rules import lookup
    from .rules_doc import rule_markdown

    selected = lookup(code)
    found = [r for r in selected if r.code == code.upper() or r.name == code]
    if found:
        typer.echo(rule_markdown(found[0]))
    elif selected:  # a code prefix, as --select and suppression comments read it: the rules it selects
        width = max(len(r.name) for r in selected)
        typer.echo(f"{code} is a code prefix; it selects {len(selected)} rule{'s' * (len(selected) != 1)}:")
        for r in selected:
            typer.echo(f"  {r.code}  {r.name:<{width}}  {r.summary}")
        typer.echo("`automlspec explain CODE` prints one rule's documentation.")
    else:
        from .rules import rule_hint

        _fail(f"no rule {code!r}{rule_hint(code)} (`automlspec rules` lists them all)")


class Api(str, Enum):
    v1 = "v1"
    v2 = "v2"


def _colored(color: Color, stream) -> bool:
    return use_color(color.value, stream)


def _report(
    result,
    stream,
    output_format: Format | None,
    color: Color,
    quiet: bool = False,
    max_findings: int = report.MAX_FINDINGS,
) -> None:
    """Print findings in the chosen format (None: the environment's default) with the --color choice;
    ``quiet``: without the summary line; at most ``max_findings`` per file (README "Bounds")."""
    from .views.findings import render

    render(result, stream, output_format.value if output_format else None, color.value, quiet, max_findings)


def _checked_spec(spec: Path, config: Path | None, no_config: bool, output_format: Format | None, color: Color):
    """Lint SPEC as `lint` does; on an error finding print the findings to stderr and exit 1."""
    from .project import check_file, configurations

    if not spec.is_file():
        _fail(f"{spec}: {_not_a_file(spec)}")
    resolver = configurations(config, no_config)
    try:
        checked = check_file(spec, resolver)
    except OSError as exc:
        _fail(f"{spec}: {exc.strerror or exc}")
    _config_warnings(resolver)
    if checked.result.findings:
        # errors stop the command (exit 1); warnings and info are shown on stderr, as `terraform plan`
        # shows its warnings, and the output on stdout stays the clean request
        _report(checked.result, sys.stderr, output_format, color)
    if not checked.ok:
        raise typer.Exit(EXIT_FINDINGS)
    return checked


def _not_a_file(path: Path) -> str:
    """Why ``path`` is not a spec file to read: missing, a folder, a FIFO or device (never opened: one
    would block or never end), a link loop."""
    import os

    from .source import file_kind

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or str(exc)
    if path.is_dir():
        return "a folder, not a spec file (`automlspec lint` walks folders)"
    return f"{file_kind(mode)}, not a spec file; only regular files are read"


def _write(text: str) -> None:
    """Exact bytes on stdout (UTF-8, "\\n" line ends), whatever the platform's text mode does."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:  # pragma: no cover - a text-only stream (some test runners)
        stream.write(text)


@app.command("resolve")
def resolve_command(
    spec: Path = typer.Argument(..., help="A spec file.", show_default=False),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    output_format: Format | None = FINDINGS_FORMAT_OPTION,
    color: Color = COLOR_OPTION,
) -> None:
    """Print the spec with every default filled in, each marked `# default: <source>`."""
    import io

    from .dialects import detect_dialect
    from .resolve import resolve, to_yaml

    checked = _checked_spec(spec, config, no_config, output_format, color)
    out = io.StringIO()
    for number, doc in enumerate(checked.source.docs):
        dialect = detect_dialect(doc.data)[0]
        if dialect is None:  # only when the configuration ignores AML008
            _fail(
                f"{spec}: document {number + 1}: cannot tell whether it is a CreateAutoMLJob or a CreateAutoMLJobV2 spec"
            )
        if number:
            out.write("---\n")
        to_yaml(resolve(doc.data, dialect, checked.config.defaults), out)
    _write(out.getvalue())


@app.command("compile")
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
    from .compile import dumps
    from .dialects import detect_dialect
    from .errors import ConversionError
    from .findings import Severity
    from .project import compile_doc, documents, lint_compiled

    checked = _checked_spec(spec, config, no_config, output_format, color)
    try:
        docs = documents(checked, document)
        if len(docs) != 1:
            raise ConversionError(f"{spec} holds {len(docs)} documents; choose one with --document N")
        request, target = compile_doc(docs[0], checked.config, api.value if api else None, resolved)
        text = dumps(request)
    except ConversionError as exc:
        _fail(f"{spec}: {exc}")
    if target != detect_dialect(docs[0].data)[0]:
        # The converted request meets the other API's rules for the first time.
        result = lint_compiled(str(spec), text, checked.config, target)
        if result.findings:
            _report(result, sys.stderr, output_format, color)
        if any(f.severity is Severity.ERROR for f in result.findings):
            raise typer.Exit(EXIT_FINDINGS)
    _write(text)


def _problem_types(incomplete: str) -> list[str]:
    """Shell completion of --problem-type: the short keys and AWS's names."""
    from .scaffold import AWS_NAMES

    names = [*AWS_NAMES, *(name for aws in AWS_NAMES.values() for name in aws)]
    return [name for name in names if name.lower().startswith(incomplete.lower())]


@app.command("init")
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
    from .scaffold import ScaffoldError, placeholders, problem_key, starter_text
    from .terminal import escape

    try:
        problem = problem_key(problem_type)
        text = starter_text(problem, api.value)
    except ScaffoldError as exc:
        _fail(str(exc))
    if output is None or str(output) == "-":
        _write(text)
        return
    from .writer import ANY, MISSING, write_text

    if output.exists() and not force:
        _fail(f"{output} exists; pass --force to overwrite it")
    outcome = write_text(output, text, ANY if force else MISSING)
    for note in outcome.notes:
        _warn(f"{output}: {note}")
    if not outcome.ok:
        _error(f"{output}: {outcome.error}")
        raise typer.Exit(EXIT_FINDINGS)
    count = len(placeholders(problem, api.value))
    typer.echo(
        f"automlspec: wrote {escape(str(output))}; fill in its {count} REQUIRED values, then run `automlspec lint {escape(str(output))}`",
        err=True,
    )


@app.command("migrate")
def migrate_command(
    paths: list[Path] = typer.Argument(
        ..., help="Spec files or directories (walked for *.yaml and *.yml).", show_default=False
    ),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if any file would change (for CI)."),
    config: Path | None = CONFIG_OPTION,
    no_config: bool = NO_CONFIG_OPTION,
    color: Color = COLOR_OPTION,
) -> None:
    """Rewrite CreateAutoMLJob (V1) specs as CreateAutoMLJobV2 specs in place, keeping comments."""
    from .errors import AutomlspecError
    from .migrate import prepare
    from .project import configurations, locate
    from .terminal import escape
    from .writer import write_bytes

    resolver = configurations(config, no_config)
    files, walked = locate([str(p) for p in paths], resolver)
    unusable = bool(walked.missing or walked.walk_errors)  # exit 2: a file that cannot be read, or converted faithfully
    refused = False  # exit 1: lint errors in the file (or its converted request), or a write that failed
    for raw in walked.missing:
        _error(f"{raw}: no such file or directory")
    for problem in walked.walk_errors:
        _error(problem)
    pending = 0
    for located in files:
        file = located.path
        try:
            prepared = prepare(file, located.config)
        except OSError as exc:
            _error(f"{file}: {exc.strerror or exc}; nothing written")
            unusable = True
            continue
        except AutomlspecError as exc:
            _error(f"{file}: {exc}; nothing written")
            unusable = True
            continue
        result = prepared.result
        if prepared.refused:
            _refuse_migration(file, prepared, color)
            refused = True
            continue
        if not result.changed:
            what = (
                "is already a CreateAutoMLJobV2 request"
                if prepared.already_v2
                else "holds no CreateAutoMLJob (V1) request"
            )
            typer.echo(f"{escape(str(file))} {what}; nothing to migrate", err=True)
            continue
        pending += 1
        noun = f"{result.migrated} of {result.documents} documents" if result.documents > 1 else "1 document"
        if check:
            typer.echo(f"would migrate {escape(str(file))} ({noun})")
            continue
        outcome = write_bytes(file, prepared.data, prepared.original)
        for note in outcome.notes:
            _warn(f"{file}: {note}")
        if not outcome.ok:
            _error(f"{file}: not migrated: {outcome.error}")
            refused = True
            continue
        typer.echo(f"migrated {escape(str(file))} ({noun})")
    _config_warnings(resolver)
    if unusable:
        raise typer.Exit(EXIT_USAGE)
    if refused or (check and pending):
        raise typer.Exit(EXIT_FINDINGS)


def _refuse_migration(file: Path, prepared, color: Color) -> None:
    """Why a file is not migrated: its own lint findings, as `lint` prints them (at their positions in
    the file), or the errors only the converted request would have (no position: they are on no line
    of the file), then one error line."""
    from .findings import Severity
    from .terminal import escape

    own = prepared.lint
    if not prepared.converted:
        report.render(own, sys.stderr, "text", color.value)
        count = own.count(Severity.ERROR)
        _error(
            f"{file}: {count} lint error{'s' * (count != 1)}, shown above; fix the spec, then migrate it; nothing written"
        )
        return
    if own.findings:  # the V1 spec's warnings usually point at the cause (AML204 is AML203's V1 twin)
        report.render(own, sys.stderr, "text", color.value, quiet=True)
    for finding in prepared.converted:
        line = f"{file}: after conversion to CreateAutoMLJobV2: {finding.rule} {finding.severity.value} [{finding.name}] {finding.message}"
        typer.echo(escape(line), err=True)
    count = len(prepared.converted)
    _error(
        f"{file}: the CreateAutoMLJobV2 request it converts to would have {count} lint error{'s' * (count != 1)}"
        " that the spec itself does not have, shown above; nothing written"
    )


@app.command("schema")
def schema_command(
    api: Api = typer.Option(Api.v2, "--api", help="v1 (CreateAutoMLJob) or v2 (CreateAutoMLJobV2)."),
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is instead of its content."),
) -> None:
    """Print the JSON Schema (draft 2020-12) of a spec, for editors (docs/compile.md)."""
    from . import schema

    if path:
        _write(f"{schema.path(api.value)}\n")
        return
    _write(schema.dumps(api.value))


class PlanFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


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
PLAN_DATA_ROOT_OPTION = typer.Option(
    None,
    "--data-root",
    help="Check the data against a local mirror instead of S3: s3://bucket/key is DIR/bucket/key.",
    show_default=False,
)


def _plan_options(paths, prune, region, profile, config, no_config, parallel, no_data=False, data_root=None):
    """plan's and apply's shared options as plan.options.Options (no path: the current directory)."""
    from .plan.options import Options

    if no_data and data_root is not None:
        _fail("--no-data skips the data checks and --data-root says where to read the data; give one of them")
    if data_root is not None and not data_root.is_dir():
        _fail(f"--data-root {data_root}: no such directory")
    return Options(
        tuple(str(p) for p in paths or [Path(".")]),
        prune,
        region,
        profile,
        str(config) if config else None,
        no_config,
        parallel,
        check_data=not no_data,
        data_root=str(data_root) if data_root is not None else None,
    )


def _enter_planned_directory(data: dict) -> bool:
    """A saved plan's paths are relative to where `plan` ran: apply runs from there (found through the
    repository root), and says so when that is not the current directory. False: it cannot be found."""
    import os

    from .plan.planfile import planned_in

    directory = planned_in(data)
    if directory is not None and directory.resolve() != Path.cwd().resolve():
        os.chdir(directory)
        typer.echo(f"automlspec: applying from {escape(str(directory))}, where the plan was made", err=True)
    return directory is not None


def _progress(line: str) -> None:
    """A line about a wait the user should know of (AWS throttling): standard error, as it happens."""
    typer.echo(f"automlspec: {escape(line)}", err=True)


def _plan_or_exit(options, color: Color, plan_file: Path | None = None):
    """Build the plan (checking a saved one); lint errors are shown as `lint` shows them (exit 1).

    Returns (the operation, its plan): apply goes on through the operation's sessions."""
    from .errors import AutomlspecError, exit_code
    from .plan.desired import LintFailed
    from .plan.operation import Operation
    from .plan.planfile import check_fresh, read_saved

    data, located = None, True  # located: apply runs where the plan was made (or is not a saved plan)
    try:
        if plan_file is not None:
            options, data = read_saved(plan_file)
            located = _enter_planned_directory(data)
        operation = Operation(options, notice=_progress)
        built = operation.plan()
        if plan_file is not None and data is not None:
            check_fresh(plan_file, data, built)
    except LintFailed as exc:
        _report(exc.result, sys.stderr, None, color)
        _error(str(exc))
        raise typer.Exit(EXIT_FINDINGS) from None
    except AutomlspecError as exc:
        from .errors import UsageError

        hint = ""
        if not located and isinstance(exc, UsageError):  # a path of the plan is not here
            hint = f" (the paths in {plan_file} are relative to the directory `automlspec plan` ran in)"
        _error(f"{exc}{hint}")
        raise typer.Exit(int(exit_code(exc))) from None
    if built.data_result is not None and built.data_result.findings:  # the data checks' warnings
        _report(built.data_result, sys.stderr, None, color)
    return operation, built


@app.command("plan")
def plan_command(
    paths: list[Path] | None = PLAN_PATHS,
    output_format: PlanFormat = typer.Option(PlanFormat.text, "--format", "-f", help="text, json or markdown."),
    out: Path | None = typer.Option(None, "--out", help="Save the plan for `apply --plan FILE`.", show_default=False),
    prune: bool = PRUNE_OPTION,
    detailed_exitcode: bool = typer.Option(
        False, "--detailed-exitcode", help="Exit 0 with no changes, 2 with changes, 1 on an error (as terraform)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list the jobs that match their spec."),
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
    from .plan.planfile import saved, write_atomic
    from .views.plan import render

    options = _plan_options(paths, prune, region, profile, config, no_config, parallel, no_data, data_root)
    _, built = _plan_or_exit(options, color)
    colored = _colored(color, sys.stdout)
    render(output_format.value, built.plan, sys.stdout, colored, verbose)
    if out is not None:
        from .errors import AutomlspecError, exit_code

        try:
            write_atomic(out, saved(built))
        except AutomlspecError as exc:
            _error(str(exc))
            raise typer.Exit(int(exit_code(exc))) from None
        typer.echo(
            f"Saved the plan to {out}; run `automlspec apply --plan {out}` to apply exactly this plan.", err=True
        )
    if built.plan.conflicts:
        raise typer.Exit(EXIT_FINDINGS)
    if detailed_exitcode and built.plan.has_changes:
        raise typer.Exit(2)


@app.command("apply")
def apply_command(
    paths: list[Path] | None = PLAN_PATHS,
    plan_file: Path | None = typer.Option(
        None, "--plan", help="Apply this saved plan (from `plan --out`) if it is still current.", show_default=False
    ),
    auto_approve: bool = typer.Option(False, "--auto-approve", help="Do not ask for confirmation."),
    prune: bool = PRUNE_OPTION,
    wait: bool = typer.Option(False, "--wait", help="Follow the created jobs until they end."),
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
    from .plan import apply as applying
    from .plan.diff import CREATE
    from .views.plan import render

    if plan_file is not None and (
        paths or prune or region or profile or config or no_config or no_data or data_root is not None
    ):
        _fail(
            "--plan FILE applies a saved plan as it was planned: give no paths, --prune, --region, --profile,"
            " --config, --no-data or --data-root"
        )
    options = _plan_options(paths, prune, region, profile, config, no_config, parallel, no_data, data_root)
    operation, built = _plan_or_exit(options, color, plan_file)
    plan = built.plan
    colored = _colored(color, sys.stdout)
    render("text", plan, sys.stdout, colored)
    if plan.conflicts:
        names = escape(", ".join(a.name for a in plan.conflicts))
        typer.echo(
            f"automlspec: error: refusing to apply: {len(plan.conflicts)} conflict(s) ({names}); give those specs new"
            " AutoMLJobNames",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    if not plan.has_changes:
        typer.echo("Nothing to apply.")
        return
    if not auto_approve:
        if not sys.stdin.isatty():
            _fail("refusing to apply without confirmation: standard input is not a terminal; pass --auto-approve")
        accounts = ", ".join(sorted(set(built.accounts.values())))
        try:
            answer = input(f"Apply these changes to AWS account {accounts}? Only 'yes' is accepted: ")
        except (KeyboardInterrupt, EOFError):
            answer = ""
        if answer.strip() != "yes":
            typer.echo("Apply cancelled; nothing was changed.", err=True)
            raise typer.Exit(EXIT_FINDINGS)

    reported: list = []  # the outcomes of the actions that ran, as they came

    def report(outcome) -> None:
        reported.append(outcome)
        mark = {applying.DONE: "ok", applying.MAYBE: "UNKNOWN", applying.NOT_DONE: "not done"}.get(
            outcome.result, "FAILED"
        )
        typer.echo(f"{outcome.action.action} {escape(outcome.action.name)}: {mark}: {escape(outcome.message)}")

    outcomes, interrupted = operation.apply(plan, report)
    for outcome in outcomes:
        if outcome.result == applying.MAYBE and interrupted:
            typer.echo(f"{outcome.action.action} {escape(outcome.action.name)}: {escape(outcome.message)}")
        if outcome.result == applying.NOT_DONE and outcome not in reported:  # never started (Ctrl-C)
            typer.echo(f"{outcome.action.action} {escape(outcome.action.name)}: not done ({escape(outcome.message)})")
    failed = [o for o in outcomes if o.result == applying.FAILED]
    typer.echo(applying.summary(outcomes, interrupted))
    for outcome in failed:
        typer.echo(
            f"automlspec: error: {outcome.action.action} {escape(outcome.action.name)}: {escape(outcome.message)}",
            err=True,
        )
    # the account changed under the plan (a job appeared): not the spec's failure, but not applied either
    moved = [o for o in reported if o.result == applying.NOT_DONE]
    if moved:
        typer.echo(
            f"automlspec: error: {len(moved)} action{'s' * (len(moved) != 1)} not done: the account changed since"
            " the plan was made; plan again",
            err=True,
        )
    created = [o for o in outcomes if o.result == applying.DONE and o.action.action == CREATE]
    if wait and created and not interrupted:
        _wait(operation, [applying.Watched(o.action.name, o.action.target) for o in created], poll_seconds, colored)
    if failed or moved or interrupted or any(o.result == applying.MAYBE for o in outcomes):
        raise typer.Exit(EXIT_FINDINGS)


def _wait(operation, watched, interval: float, colored: bool | None) -> None:
    """Follow jobs until they end: a live table on a terminal, one line per status change otherwise."""
    live_display = colored if colored is not None else sys.stdout.isatty()
    seen: dict[str, str] = {}

    def lines(jobs) -> None:
        for job in jobs:
            state = f"{job.status}/{job.secondary}" if job.secondary else job.status
            if seen.get(job.name) != state + job.error:
                seen[job.name] = state + job.error
                typer.echo(f"{escape(job.name)}: {escape(job.error or state)}")

    if not live_display:
        finished = operation.wait(watched, interval, lines)
    else:
        from rich.console import Console
        from rich.live import Live
        from rich.table import Table
        from rich.text import Text

        def table(jobs) -> Table:
            grid = Table("Job", "Status", "Secondary status", "Best candidate")
            for job in jobs:
                # AWS's text as plain Text, escaped: rich reads markup ("[bold]", "[link=...]") in a str cell
                cells = (job.name, job.error or job.status, job.secondary, job.best)
                grid.add_row(*(Text(escape(cell or "")) for cell in cells))
            return grid

        with Live(table(watched), console=Console(), refresh_per_second=2) as display:
            finished = operation.wait(watched, interval, lambda jobs: display.update(table(jobs)))
    for job in watched:
        if job.best:
            typer.echo(f"{escape(job.name)}: {escape(job.status)}: {escape(job.best)}")
    if not finished:
        typer.echo("Stopped waiting (Ctrl-C); the jobs keep running: `automlspec plan` shows their status.")


# ----- live jobs: status, candidates (docs/results.md) -------------------------------------------------


class ResultFormat(str, Enum):
    text = "text"
    json = "json"


class LeaderboardFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


def _aws_failure(exc: Exception) -> NoReturn:
    """An AutomlspecError as one line and its documented exit code."""
    from .errors import exit_code

    _error(str(exc))
    raise typer.Exit(int(exit_code(exc)))


class ImportStatus(str, Enum):
    InProgress = "InProgress"
    Completed = "Completed"
    Failed = "Failed"
    Stopping = "Stopping"
    Stopped = "Stopped"


@app.command("import")
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
    from .errors import AutomlspecError
    from .importer import Filters, import_jobs

    if every == bool(names):
        _fail("name the jobs to import, or pass --all (with --name-contains, --status, --created-after)")
    if not every and (name_contains or status or created_after):
        _fail("--name-contains, --status and --created-after filter --all")
    after = created_after
    if after is not None and after.tzinfo is None:
        after = after.replace(tzinfo=datetime.UTC)
    filters = Filters(name_contains, status.value if status else None, after)
    try:
        from .config import ConfigResolver
        from .plan.desired import target_for
        from .plan.options import Options
        from .project import folder_configuration

        # The folder's own target (its project configuration), as `plan` on it will use.
        config = folder_configuration(ConfigResolver(), output)
        target = target_for(config, Options(paths=(str(output),), region=region, profile=profile))
        outcomes = import_jobs(
            names or [],
            output,
            api=api.value,
            force=force,
            every=every,
            filters=filters,
            target=target,
            parallel=parallel,
            ignore=config.ignore_tags,
        )
    except AutomlspecError as exc:
        _aws_failure(exc)
    from .terminal import escape

    for item in outcomes:
        if not item.ok or item.path is None:
            typer.echo(f"automlspec: error: {escape(item.job)}: {escape(item.error or 'not imported')}", err=True)
            continue
        typer.echo(f"imported {escape(item.job)} -> {escape(item.path)}")
        for note in item.notes:
            typer.echo(f"  note: {escape(note)}")
        if item.findings:
            typer.echo(
                f"  the live job itself has {len(item.findings)} lint finding(s); kept as AWS returned them,"
                " suppressed on their lines:"
            )
            for line in item.findings:
                typer.echo(f"    {escape(item.path)}:{escape(line)}")
    if every and not outcomes:
        typer.echo("automlspec: no job matched the filters", err=True)
    raise typer.Exit(EXIT_FINDINGS if any(not item.ok for item in outcomes) else EXIT_OK)


@app.command("status")
def status_command(
    paths: list[Path] | None = typer.Argument(
        None, help="Spec files or directories (default: the current directory).", show_default=False
    ),
    output_format: ResultFormat = typer.Option(ResultFormat.text, "--format", "-f", help="text or json."),
    parallel: int = PARALLEL_OPTION,
    region: str | None = REGION_OPTION,
    profile: str | None = PROFILE_OPTION,
) -> None:
    """The live job of each spec: status, elapsed and remaining time, failure reason, best candidate."""
    from .errors import AutomlspecError
    from .results import spec_jobs, statuses
    from .views.status import render_json, render_text

    try:
        jobs, unreadable = spec_jobs([str(p) for p in paths or [Path(".")]], region, profile)
        from .terminal import escape

        for problem in unreadable:
            typer.echo(f"automlspec: error: {escape(problem)}", err=True)
        rows = statuses(jobs, parallel=parallel, notice=_progress)
    except AutomlspecError as exc:
        _aws_failure(exc)
    if output_format is ResultFormat.json:
        _write(render_json(rows))
    else:
        render_text(rows, sys.stdout)
    if unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if any(row.error for row in rows) else EXIT_OK)


@app.command("candidates")
def candidates_command(
    job: str = typer.Argument(..., help="The AutoML job's name.", show_default=False),
    top: int | None = typer.Option(None, "--top", min=1, help="Only the best N candidates.", show_default=False),
    output_format: LeaderboardFormat = typer.Option(
        LeaderboardFormat.text, "--format", "-f", help="text, json or csv."
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
    from .aws import Target
    from .errors import AutomlspecError
    from .results import leaderboard_of, write_plot

    try:
        board, total = leaderboard_of(job, Target(region, profile))
        if plot is not None:
            written = write_plot(job, board, total, plot)
    except AutomlspecError as exc:
        _aws_failure(exc)
    if output_format is LeaderboardFormat.json:
        from .views.candidates import render_json

        _write(render_json(job, board[:top] if top else board, total))
    elif output_format is LeaderboardFormat.csv:
        from .views.candidates import render_csv

        _write(render_csv(board[:top] if top else board))
    else:
        from .views.candidates import COLUMNS, failures, heading, table_rows
        from .views.tables import render

        shown = board[:top] if top else board
        render(heading(job, shown, total), COLUMNS, table_rows(shown), sys.stdout, footer=failures(shown))
    if plot is not None:
        typer.echo(f"automlspec: wrote {written}", err=True)


# The environment variable through which a shell's completion script asks automlspec for completions
# (click's protocol: https://click.palletsprojects.com/en/stable/shell-completion/).
COMPLETE_VAR = "_AUTOMLSPEC_COMPLETE"


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion_command(shell: Shell = typer.Argument(..., help="bash, zsh or fish.", show_default=False)) -> None:
    """Print the shell completion script (commands, options, choices) for bash, zsh or fish.

    bash: `eval "$(automlspec completion bash)"` in ~/.bashrc; zsh: the same in ~/.zshrc; fish:
    `automlspec completion fish > ~/.config/fish/completions/automlspec.fish`."""
    from typer._completion_shared import get_completion_script

    _write(get_completion_script(prog_name="automlspec", complete_var=COMPLETE_VAR, shell=shell.value) + "\n")


@app.command("server")
def server_command() -> None:
    """Run the language server on standard input and output, for editors (docs/editors.md).

    Diagnostics, quick fixes, hover and completion for spec files, as `lint` checks them. Needs the server
    extra: pip install 'automlspec[server]'."""
    try:
        from .server.lsp import main as serve
    except ImportError as exc:  # pygls or lsprotocol: the optional extra is not installed
        missing = (exc.name or "pygls").split(".")[0]
        _fail(f"`automlspec server` needs the server extra ({missing} is missing): pip install 'automlspec[server]'")
    raise typer.Exit(serve())


def _version(value: bool) -> None:
    if value:
        from . import model

        table = model.table()
        typer.echo(
            f"automlspec {__version__} (limits from botocore {table.get('botocore_version', '?')}'s sagemaker model,"
            f" API {table.get('api_version', '?')})"
        )
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """automlspec: Autopilot job specs, linted offline and compiled into exact API requests."""


BUG_REPORT_URL = f"{HOME}/issues"
DEBUG_ENV = "AUTOMLSPEC_DEBUG"  # set to 1 to see the traceback of an internal error


def _safe_streams() -> None:
    """Whatever a file holds, what we print encodes: a character the terminal's encoding lacks (or a
    lone surrogate that escaped terminal.escape) becomes a backslash escape instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


def _print_error(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed (EPIPE): the exit code still tells
        pass


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


def _failed(exc: Exception) -> int:
    """One `automlspec: error:` line and the exit code errors.exit_code gives the error."""
    from .errors import exit_code

    _print_error(f"automlspec: error: {escape(str(exc))}")
    return exit_code(exc)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (errors.ExitCode): an AutomlspecError becomes one
    `automlspec: error:` line and its code; any other exception is a bug: exit 3 and one line asking
    for a report (the traceback only with AUTOMLSPEC_DEBUG=1)."""
    import io
    import os

    from .errors import AutomlspecError, Interrupted, exit_code
    from .terminal import escape

    _safe_streams()
    if os.environ.get(COMPLETE_VAR):  # a completion script asking for completions: typer's classes answer it
        from typer._completion_classes import completion_init

        completion_init()
    # typer 0.28 vendors click (typer._click); its exception classes are reached through public names
    click_error: type[Any] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    try:
        code = _app_for(sys.argv[1:] if argv is None else argv)(
            args=argv, prog_name="automlspec", standalone_mode=False
        )
    except SystemExit as exc:  # typer's own exits (a closed pipe)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    except typer.Abort:
        return _failed(Interrupted("aborted"))
    except click_error as exc:
        # click's usage message quotes the arguments; render it, then escape every line of it
        buffer = io.StringIO()
        exc.show(file=buffer)
        for line in buffer.getvalue().splitlines():
            _print_error(escape(line))
        return exit_code(exc)
    except AutomlspecError as exc:
        return _failed(exc)
    except Exception as exc:  # a bug in automlspec, never a finding: its own exit code (README)
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
        _print_error(
            f"automlspec: internal error: {escape(type(exc).__name__)}: {escape(str(exc))[:300]};"
            f" this is a bug, please report it with the command and input at {BUG_REPORT_URL}"
            f" ({DEBUG_ENV}=1 shows the traceback)"
        )
        return exit_code(exc)
    return code if isinstance(code, int) else EXIT_OK
