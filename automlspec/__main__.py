"""`python -m automlspec` and the `automlspec` console script (pyproject.toml's [project.scripts]).

A pre-commit hook and an editor run `automlspec lint FILE...` on every save and commit, so its start-up is
the product (issue 26). typer is the command line, but importing it and building the app costs more than
the whole lint of one spec: the two commands run most often, `--version` (or `-V`) and a plain `lint PATH...` (with
at most the boolean flags in QUICK_FLAGS, which covers the pre-commit hook's `lint --force-exclude`, and
`--jobs N` or `-j N` with N in plain digits), are dispatched here by hand to the same functions with the same arguments typer would pass. Anything
else (any other option, `-` for standard input, a completion request) goes to typer unchanged.
tests/test_startup.py proves both paths print the same bytes and exit with the same code, and that this
path imports neither typer nor rich, boto3 or the compile/plan modules.
"""

from __future__ import annotations

import gc
import os
import sys

#: `automlspec --version` and its short spelling (cli._root's option).
VERSION_FLAGS = (["--version"], ["-V"])
# The flags of `lint` the quick path understands, each a plain on/off switch (cli.lint's parameter).
QUICK_FLAGS = {
    "--force-exclude": "force_exclude",
    "--no-config": "no_config",
    "--strict": "strict",
    "--exit-zero": "exit_zero",
}
#: `lint --jobs N` (cli.lint's ``jobs``): the quick path takes N in plain digits, once.
JOBS_FLAGS = ("-j", "--jobs")
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
    if args in VERSION_FLAGS:
        return True
    return bool(args) and args[0] == "lint" and _lint_args(args[1:]) is not None


def _lint_args(args: list[str]) -> tuple[dict[str, bool], list[str], int | None] | None:
    """(flags, paths, jobs) of the arguments after `lint`, or None when typer must read them: any other
    option, a --jobs given twice or whose value is not plain digits (click's message says why)."""
    flags = {name: False for name in QUICK_FLAGS.values()}
    paths: list[str] = []
    jobs: str | None = None
    rest = iter(args)
    for arg in rest:
        if arg in QUICK_FLAGS:
            flags[QUICK_FLAGS[arg]] = True
        elif not arg.startswith("-"):
            paths.append(arg)
        elif jobs is not None:
            return None
        elif arg in JOBS_FLAGS:
            jobs = next(rest, "")
        elif arg.startswith("--jobs="):
            jobs = arg[len("--jobs=") :]
        elif arg.startswith("-j") and not arg.startswith("-j="):
            jobs = arg[2:]
        else:
            return None
        if jobs is not None and not (jobs.isascii() and jobs.isdigit()):
            return None
    return flags, paths, None if jobs is None else int(jobs)


def quick(args: list[str]) -> int:
    """`--version`, `-V` or `lint [PATH...] [QUICK_FLAGS]`, as cli.main would run them: the same output, the
    same exit code, the same one-line errors (through the same command and view)."""
    from .views.console import failed, internal_error, line, print_error, safe_streams, version_line

    safe_streams()
    try:
        if args in VERSION_FLAGS:
            line(version_line())
            return 0
        parsed = _lint_args(args[1:])
        assert parsed is not None  # _quick said so
        flags, paths, jobs = parsed
        # click's Path type: Path(value), so ./a//b.yaml is a/b.yaml
        return _lint([str(_path(arg)) for arg in paths], jobs=jobs, **flags)
    except KeyboardInterrupt:  # typer: Exit(130)
        return 130
    except EOFError:  # click: an empty line, then Abort, which cli.main reports as interrupted
        from .errors import Interrupted

        print_error("")
        return failed(Interrupted("aborted"))
    except BrokenPipeError:  # typer: the streams are pacified and the exit code is 1
        _pacify()
        return 1
    except Exception as exc:
        from .errors import AutomlspecError

        if isinstance(exc, AutomlspecError):
            return failed(exc)
        return internal_error(exc)


def _path(arg: str):
    from pathlib import Path

    return Path(arg)


def _lint(
    named: list[str], force_exclude: bool, no_config: bool, strict: bool, exit_zero: bool, jobs: int | None = None
) -> int:
    """cli.lint with every other option at its default: commands.lint, then views.lint. The imports
    run with the collector paused and then frozen, as run() does for the CLI."""
    gc.disable()
    try:
        from .commands import lint as command
        from .views import lint as view
    finally:
        gc.freeze()
        gc.enable()

    linted = command.run(
        named, no_config=no_config, force_exclude=force_exclude, strict=strict, exit_zero=exit_zero, jobs=jobs
    )
    view.show(linted)
    return linted.exit_code


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
