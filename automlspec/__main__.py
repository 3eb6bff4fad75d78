"""`python -m automlspec` and the `automlspec` console script (pyproject.toml's [project.scripts]).

A pre-commit hook and an editor run `automlspec lint FILE...` on every save and commit, so its start-up is
the product (issue 26). typer is the command line, but importing it and building the app costs more than
the whole lint of one spec: the two commands run most often, `--version` and a plain `lint PATH...` (with
at most the boolean flags in QUICK_FLAGS, which covers the pre-commit hook's `lint --force-exclude`),
are dispatched here by hand to the same functions with the same arguments typer would pass. Anything
else (any other option, `-` for standard input, a completion request) goes to typer unchanged.
tests/test_startup.py proves both paths print the same bytes and exit with the same code, and that this
path imports neither typer nor rich, boto3 or the compile/plan modules.
"""

from __future__ import annotations

import gc
import os
import sys

# The flags of `lint` the quick path understands, each a plain on/off switch (cli.lint's parameter).
QUICK_FLAGS = {
    "--force-exclude": "force_exclude",
    "--no-config": "no_config",
    "--strict": "strict",
    "--exit-zero": "exit_zero",
}
COMPLETE_VAR = "_AUTOMLSPEC_COMPLETE"  # cli.COMPLETE_VAR: typer answers completion requests


def run() -> int:
    """The quick path when it applies; else import the CLI with the cyclic garbage collector paused, then
    run it. Start-up allocates tens of thousands of objects that live until exit (modules, classes,
    typer's options, the rule registry), and the collector's passes over them during the imports free
    nothing: about 5% of a one-spec lint. gc.freeze() then moves them out of later passes
    (https://docs.python.org/3/library/gc.html#gc.freeze). Only this entry point does it: importing
    automlspec as a library changes nothing."""
    args = sys.argv[1:]
    if _quick(args):
        return quick(args)
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    return main()


def _quick(args: list[str]) -> bool:
    """Whether ``args`` is one the quick path answers exactly as typer would."""
    if os.environ.get(COMPLETE_VAR):
        return False
    if args == ["--version"]:
        return True
    return bool(args) and args[0] == "lint" and all(not a.startswith("-") or a in QUICK_FLAGS for a in args[1:])


def quick(args: list[str]) -> int:
    """`--version` or `lint [PATH...] [QUICK_FLAGS]`, as cli.main would run them: the same output, the
    same exit code, the same one-line errors."""
    _safe_streams()
    try:
        if args == ["--version"]:
            return _version()
        flags = {name: False for name in QUICK_FLAGS.values()}
        paths = []
        for arg in args[1:]:
            if arg in QUICK_FLAGS:
                flags[QUICK_FLAGS[arg]] = True
            else:
                paths.append(str(_path(arg)))  # click's Path type: Path(value), so ./a//b.yaml is a/b.yaml
        return _lint(paths, **flags)
    except KeyboardInterrupt:  # typer: Exit(130)
        return 130
    except EOFError:  # click: an empty line, then Abort, which cli.main reports as interrupted
        from .errors import Interrupted

        _print_error("")
        return _failed(Interrupted("aborted"))
    except BrokenPipeError:  # typer: the streams are pacified and the exit code is 1
        _pacify()
        return 1
    except Exception as exc:
        from .errors import AutomlspecError

        if isinstance(exc, AutomlspecError):
            return _failed(exc)
        return _internal_error(exc)


def _path(arg: str):
    from pathlib import Path

    return Path(arg)


def _version() -> int:
    """cli._version's line."""
    from . import __version__, model

    table = model.table()
    sys.stdout.write(
        f"automlspec {__version__} (limits from botocore {table.get('botocore_version', '?')}'s sagemaker model,"
        f" API {table.get('api_version', '?')})\n"
    )
    sys.stdout.flush()
    return 0


def _lint(named: list[str], force_exclude: bool, no_config: bool, strict: bool, exit_zero: bool) -> int:
    """cli.lint with every other option at its default; returns what it raises as typer.Exit. The imports
    run with the collector paused and then frozen, as run() does for the CLI."""
    gc.disable()
    try:
        from .config import ConfigResolver
        from .errors import ExitCode
        from .findings import Severity
        from .project import lint_paths
        from .terminal import escape
        from .views import findings as report
        from .views.findings import excluded
    finally:
        gc.freeze()
        gc.enable()

    named = named or ["."]
    resolver = ConfigResolver(None, no_config, [], [])
    result = lint_paths(named, resolver, None, force_exclude=force_exclude, stdin=None)
    for warning in resolver.warnings:
        _echo_error(f"automlspec: warning: {escape(warning)}")
    report.render(result, sys.stdout, None, "auto", False, report.MAX_FINDINGS)
    for problem in result.unreadable:
        _echo_error(f"automlspec: error: {escape(problem)}")
    if result.files == 0 and not result.unreadable:
        where = escape(", ".join(named))
        if result.excluded:
            hint = "; --force-exclude skips named files too" if force_exclude else "; name a file to lint it anyway"
            _echo_error(f"automlspec: warning: no spec file linted in {where}: {excluded(result.excluded)}{hint}")
        else:
            _echo_error(f"automlspec: warning: no spec files (*.yaml, *.yml) found in {where}")
    if result.unreadable:
        return ExitCode.USAGE
    if result.data_error:  # pragma: no cover - no data reader on this path; kept in step with cli.lint
        _echo_error(f"automlspec: error: {result.data_error}")
        return ExitCode.FAILURE
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    failed = any(f.severity in failing for f in result.findings)
    return ExitCode.FAILURE if failed and not exit_zero else ExitCode.OK


def _echo_error(line: str) -> None:
    """typer.echo(line, err=True): the line and a flush."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _safe_streams() -> None:
    """cli._safe_streams: a character the terminal's encoding lacks becomes a backslash escape."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a detached or closed stream
                pass


def _print_error(line: str) -> None:
    """cli._print_error."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed (EPIPE): the exit code still tells
        pass


def _failed(exc: Exception) -> int:
    """cli._failed: one `automlspec: error:` line and the exit code errors.exit_code gives the error."""
    from .errors import exit_code
    from .terminal import escape

    _print_error(f"automlspec: error: {escape(str(exc))}")
    return exit_code(exc)


def _internal_error(exc: Exception) -> int:
    """cli.main's report of a bug: exit 3 and one line asking for a report."""
    from . import HOME
    from .errors import exit_code
    from .terminal import escape

    debug = "AUTOMLSPEC_DEBUG"  # cli.DEBUG_ENV
    if os.environ.get(debug):
        import traceback

        traceback.print_exc()
    _print_error(
        f"automlspec: internal error: {escape(type(exc).__name__)}: {escape(str(exc))[:300]};"
        f" this is a bug, please report it with the command and input at {HOME}/issues"
        f" ({debug}=1 shows the traceback)"
    )
    return exit_code(exc)


def _pacify() -> None:
    """What click does on a closed pipe: later flushes of the streams raise nothing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            stream.flush()
        except (OSError, ValueError):
            try:
                setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 - lives until exit, as click's wrapper
            except OSError:  # pragma: no cover
                pass


if __name__ == "__main__":
    raise SystemExit(run())
