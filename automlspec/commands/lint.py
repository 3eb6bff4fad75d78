"""`automlspec lint`: the project's specs through every lint phase, and --fix, --diff, --show-settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ExitCode, UsageError
from ..findings import Severity
from ..lint import LintResult
from ..parallel import lint_tree
from ..project import configurations


@dataclass
class Fixed:
    """What --fix or --diff did: the files they change, and why others were left alone."""

    diff: bool
    show: bool = False  # --show-fixes: the view lists each fix (``applied``)
    items: list[Any] = field(default_factory=list)  # fix.FileFix of every file with a fixable finding
    write_errors: list[tuple[Any, str]] = field(default_factory=list)  # (FileFix, why it was not written)

    @property
    def changed(self) -> list[Any]:
        return [item for item in self.items if item.changed]

    @property
    def count(self) -> int:
        return sum(item.count for item in self.changed)

    @property
    def written(self) -> list[Any]:
        """--fix: the changed files that reached the disk (a refused write, a full disk, fixes nothing)."""
        refused = {id(item) for item, _ in self.write_errors}
        return [item for item in self.changed if id(item) not in refused]

    @property
    def files(self) -> int:
        """Files that change (--diff) or were written (--fix)."""
        return len(self.changed) - len(self.write_errors)

    @property
    def applied(self) -> list[Any]:
        """The findings fixed: in the files that change (--diff) or that were written (--fix)."""
        return [finding for item in (self.changed if self.diff else self.written) for finding in item.applied]


@dataclass
class Linted:
    """A lint run: its result (after --fix, what is left), and what the options asked besides."""

    result: LintResult
    named: list[str]  # the paths as given ("-" for standard input)
    warnings: list[str]  # the configuration's (files skipped as untrusted), a --jobs worker that stopped
    strict: bool = False
    exit_zero: bool = False
    force_exclude: bool = False
    fixed: Fixed | None = None
    unsafe_fixes: bool = False  # --unsafe-fixes: an unsafe fix is fixable ([*]) and applied by --fix
    would_fix: list[Any] | None = None  # --show-fixes without --fix or --diff: the findings --fix would fix

    @property
    def exit_code(self) -> ExitCode:
        if self.fixed is not None and self.fixed.diff:
            return ExitCode.USAGE if self.result.unreadable else (ExitCode.FAILURE if self.fixed.files else ExitCode.OK)
        if self.result.unreadable:
            return ExitCode.USAGE
        failing = {Severity.ERROR, Severity.WARNING} if self.strict else {Severity.ERROR}
        # data checks that could not run fail the run as an error would, and --exit-zero is 0 for both
        failed = bool(self.result.data_error) or any(f.severity in failing for f in self.result.findings)
        return ExitCode.FAILURE if failed and not self.exit_zero else ExitCode.OK


def check_selectors(selectors: Sequence[str], option: str) -> None:
    """``UsageError`` for a --select or --ignore value that names no rule."""
    from ..rules import lookup, rule_hint

    for selector in selectors:
        if not lookup(selector):
            raise UsageError(
                f"{option} {selector}: no rule has this code, code prefix or name{rule_hint(selector)} (see `automlspec rules`)"
            )


def named_paths(paths: Sequence[str], stdin_filename: str | None) -> list[str]:
    """The paths to lint: as given, else standard input (--stdin-filename alone, as ruff) or the current
    directory; ``UsageError`` for a standard input named twice or a --stdin-filename without it."""
    named = list(paths) or (["-"] if stdin_filename is not None else ["."])
    if named.count("-") > 1:
        raise UsageError("- (standard input) can be named once")
    if stdin_filename is not None and "-" not in named:
        raise UsageError("--stdin-filename names the spec read from standard input; add - to the paths")
    return named


def _checked(
    paths: Sequence[str], select: Sequence[str], ignore: Sequence[str], config: Path | None, stdin_filename: str | None
) -> list[str]:
    """The options every lint checks first, in this order; the paths to lint."""
    check_selectors(select, "--select")
    check_selectors(ignore, "--ignore")
    if config is not None and not config.is_file():
        raise UsageError(f"--config {config}: no such file")
    return named_paths(paths, stdin_filename)


def run(
    paths: Sequence[str],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    config: Path | None = None,
    no_config: bool = False,
    stdin_filename: str | None = None,
    force_exclude: bool = False,
    strict: bool = False,
    exit_zero: bool = False,
    fix: bool = False,
    unsafe_fixes: bool = False,
    show_fixes: bool = False,
    diff: bool = False,
    data: bool = False,
    data_root: Path | None = None,
    region: str | None = None,
    profile: str | None = None,
    jobs: int | None = None,
) -> Linted:
    """Lint ``paths`` ("-": the spec on standard input); with ``fix`` write the safe fixes (and the
    unsafe ones with ``unsafe_fixes``) and lint again, with ``diff`` only work them out; ``show_fixes``
    lists each fix made or that --fix would make; with ``data`` or ``data_root``, the data phase too.
    ``jobs``: worker processes (0: every core; None: one process; parallel.workers)."""
    from ..project import read_stdin

    if jobs is not None and jobs < 0:
        raise UsageError(f"--jobs {jobs}: give 1 or more processes, or 0 for every core")
    named = _checked(paths, select, ignore, config, stdin_filename)
    if fix and "-" in named:
        raise UsageError("--fix writes files; for standard input use --diff")
    resolver = configurations(config, no_config, list(select), list(ignore))
    stdin = read_stdin(stdin_filename) if "-" in named else None
    reader = data_reader(data, data_root, region, profile)

    notes: list[str] = []

    def lint_once():
        files = [p for p in named if p != "-"]
        done = lint_tree(files, resolver, stdin=stdin, force_exclude=force_exclude, reader=reader, jobs=jobs)
        notes.extend(done.warnings)
        return done.project, done.result

    project, result = lint_once()
    fixed = would_fix = None
    if fix or diff:
        fixed = _fix(result, {f.name: (f.raw, f.source) for f in project.files}, diff, unsafe_fixes, show_fixes)
        if fixed.files and not diff:
            project, result = lint_once()  # what is left, as the files now are
    elif show_fixes:
        from ..fix import fixable

        would_fix = fixable(result.findings, unsafe_fixes)
    warnings = list(resolver.warnings) + notes
    return Linted(result, named, warnings, strict, exit_zero, force_exclude, fixed, unsafe_fixes, would_fix)


def _fix(result: LintResult, sources: dict, diff: bool, unsafe: bool, show: bool) -> Fixed:
    from ..fix import plan, write

    fixed = Fixed(diff, show, plan(result.findings, sources, unsafe))
    if not diff:
        changed = fixed.changed
        fixed.write_errors = [(item, error) for item, error in write(changed, {n: Path(n) for n in sources}) if error]
    return fixed


@dataclass(frozen=True)
class Settings:
    """`lint --show-settings`: each named file's effective configuration, where each value came from."""

    files: list[tuple[str, Any, str, Any, tuple]]  # (file, its configuration, how found, discovery, layers)
    select: list[str]
    ignore: list[str]
    warnings: list[str] = field(default_factory=list)


def settings(
    paths: Sequence[str],
    select: list[str],
    ignore: list[str],
    config: Path | None = None,
    no_config: bool = False,
    stdin_filename: str | None = None,
) -> Settings:
    """`--show-settings`: the configuration each named file gets (without the command line's --select
    and --ignore: the view adds them); standard input's is its --stdin-filename's."""
    from ..config import ConfigResolver
    from ..project import locate

    named = _checked(paths, select, ignore, config, stdin_filename)
    shown = [str(Path(stdin_filename or "-")) if p == "-" else p for p in named]
    resolver = ConfigResolver(config, no_config)
    files, walked = locate(shown, resolver)
    for raw in walked.missing:
        raise UsageError(f"{raw}: no such file or directory")
    out = []
    for located in files:
        layers = resolver.layers(located.path)
        discovery = None
        if no_config:
            how = "--no-config"
        elif config is not None:
            how = "--config"
        else:
            discovery = resolver.discoveries.get(located.path.resolve().parent)
            how = (
                ("the nearest trusted one above the file" if len(layers) < 2 else "every trusted one above the file")
                if located.config.path
                else "none found"
            )
        out.append((str(located.path), located.config, how, discovery, layers))
    return Settings(out, select, ignore)


def data_reader(data: bool, data_root: Path | None, region: str | None, profile: str | None) -> Any:
    """The reader of the training data lint was asked for: S3 (--data), a local mirror (--data-root) or
    none. boto3 is imported only for --data."""
    if data and data_root is not None:
        raise UsageError("--data reads S3 and --data-root a local mirror; give one of them")
    if (region or profile) and not data:
        raise UsageError("--region and --profile choose the AWS session of --data; add --data")
    if not data and data_root is None:
        return None  # plain lint: the data modules (csv, storage) stay off the lint path
    from ..dataset import DataContext, local_context

    if data_root is not None:
        return local_context(data_root)
    from ..aws import Account, Target
    from ..aws.s3 import S3Reader
    from ..errors import AwsError
    from ..storage import Unavailable

    try:
        return DataContext(S3Reader(Account(Target(region, profile))))
    except AwsError as exc:  # no region, an unknown profile: the other findings are still reported
        return DataContext(Unavailable(str(exc), exc.code or "Unavailable"))
