"""What `automlspec lint one.yaml` does on start, kept small (docs/benchmarks.md, "Wave 2 check"): typer
builds only the command that runs, the rule registry is a written-out module list, and a pyproject.toml
that only names the package is not parsed. Each shortcut gives the same output as the long way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command_name
from typer.testing import CliRunner

from automlspec import config
from automlspec.cli import _app_for, app

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [c.name or get_command_name(c.callback.__name__) for c in app.registered_commands if c.callback]


def test_every_command_is_found_by_name() -> None:
    for name in COMMANDS:
        assert [c.name or get_command_name(c.callback.__name__) for c in _app_for([name]).registered_commands] == [name]
    assert _app_for([]) is app
    assert _app_for(["--version"]) is app
    assert _app_for(["lnt"]) is app  # click's "No such command ... Did you mean" needs them all


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("tail", [["--help"], ["--no-such-option"]])
def test_one_command_app_prints_what_the_whole_app_prints(name: str, tail: list[str]) -> None:
    runner = CliRunner()
    args = [name, *tail]
    whole = runner.invoke(app, args, prog_name="automlspec", env={"COLUMNS": "100", "NO_COLOR": "1"})
    alone = runner.invoke(_app_for(args), args, prog_name="automlspec", env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output.strip()


def test_linting_a_spec_here_imports_no_toml_parser_and_scans_no_package() -> None:
    """This repository's pyproject.toml names the package "automlspec" but has no [tool.automlspec]."""
    code = (
        "import sys; from automlspec.cli import main; rc = main(['lint', 'specs/churn-binary-v1.yaml']); "
        "print('loaded:' + ','.join(m for m in ('tomllib', 'pkgutil') if m in sys.modules)); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"


@pytest.mark.parametrize(
    "text",
    [
        "[tool.automlspec]\nignore = ['AML107']\n",
        '[ tool . "automlspec" ]\nignore = []\n',
        "[tool.automlspec.defaults]\nRoleArn = 'x'\n",
        "[tool]\nautomlspec = { ignore = ['AML107'] }\n",
        "[tool]\n'automlspec'.ignore = ['AML107']\n",
        "tool.automlspec.ignore = ['AML107']\n",
        "tool = { automlspec = { ignore = ['AML107'] } }\n",
        '[project]\ndescription = """\n[other]\n"""\n[tool]\nautomlspec.ignore = []\n',
    ],
)
def test_every_spelling_of_the_table_is_parsed(text: str) -> None:
    import tomllib

    assert "automlspec" in tomllib.loads(text)["tool"]  # the spelling is valid TOML for the table
    assert config._may_name_table(text)


@pytest.mark.parametrize(
    "text",
    [
        "[project]\nname = 'automlspec'\n",
        "[tool.setuptools.package-data]\n\"automlspec\" = ['schemas/*.json']\n",
        "[tool.mypy]\nfiles = ['automlspec']\n",
        (ROOT / "pyproject.toml").read_text("utf-8"),
    ],
    ids=["name", "package-data", "mypy", "this-repository"],
)
def test_a_pyproject_that_only_names_the_package_is_not_parsed(text: str) -> None:
    import tomllib

    assert "automlspec" not in tomllib.loads(text).get("tool", {})
    assert not config._may_name_table(text)


def test_the_entry_point_pauses_the_collector_only_while_importing() -> None:
    """`automlspec` and `python -m automlspec` run __main__.run; importing the package as a library leaves
    the garbage collector alone."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["automlspec"] == "automlspec.__main__:run"
    code = (
        "import gc, sys; import automlspec.cli, automlspec.lint; assert gc.isenabled(); "
        "from automlspec.__main__ import run; sys.argv = ['automlspec', 'lint', 'specs/churn-binary-v1.yaml']; "
        "rc = run(); print(gc.isenabled(), gc.get_freeze_count() > 0); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "True True"
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "specs/churn-binary-v1.yaml"], cwd=ROOT, capture_output=True
    )
    assert done.returncode == 0


# The quick path of __main__ (issue 26): `--version` and a plain `lint PATH...` without typer.
QUICK_ARGS = [
    ("--version",),
    ("-V",),
    ("lint", "specs/churn-binary-v1.yaml"),
    ("lint", "./specs//churn-binary-v1.yaml"),
    ("lint", "--no-config", "tests/cases"),
    ("lint", "--no-config", "--strict", "specs"),
    ("lint", "--exit-zero", "--no-config", "tests/cases/limits/bad-v1.yaml"),
    ("lint", "--force-exclude", "specs/churn-binary-v1.yaml"),
    ("lint", "no-such-file.yaml", "specs/churn-binary-v1.yaml"),
    ("lint", "tests/golden"),  # a folder with no spec in it: the warning
    ("lint", "-j", "2", "tests/cases"),  # lint --jobs: forked workers
    ("lint", "tests/cases", "--jobs=1"),
    ("lint", "-j0", "--no-config", "specs"),
    ("lint", "--jobs", "3", "no-such-file.yaml"),
]


def _record(call, argv: list[str]) -> tuple[int, bytes, bytes]:
    import io

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="", write_through=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = call(argv)
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved
    return int(code), out_bytes.getvalue(), err_bytes.getvalue()


@pytest.mark.parametrize("argv", QUICK_ARGS, ids=" ".join)
def test_the_quick_path_prints_what_typer_prints(argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    from automlspec import __main__ as entry
    from automlspec.cli import main

    monkeypatch.chdir(ROOT)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "AUTOMLSPEC_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert entry._quick(list(argv))
    quick = _record(entry.quick, list(argv))
    assert quick == _record(main, list(argv))
    assert quick[1] or quick[2]


def test_the_quick_path_reports_a_bug_as_typer_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from automlspec import __main__ as entry
    from automlspec.cli import main
    from automlspec.commands import lint
    from automlspec.errors import UsageError

    monkeypatch.chdir(ROOT)
    argv = ["lint", "specs/churn-binary-v1.yaml"]
    for error in (RuntimeError("a bug\x1b[31m"), UsageError("refused"), KeyboardInterrupt(), EOFError()):

        def broken(*args: object, error: BaseException = error, **kwargs: object) -> None:
            raise error

        monkeypatch.setattr(lint, "lint_tree", broken)
        assert _record(entry.quick, argv) == _record(main, argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["lint", "-"],
        ["lint", "--color", "never", "x.yaml"],
        ["lint", "-q"],
        ["lint", "-j"],
        ["lint", "-j", "two", "specs"],
        ["lint", "-j", "-1", "specs"],
        ["lint", "--jobs=+1", "specs"],
        ["lint", "-j", "1", "--jobs", "2", "specs"],
        ["lint", "-j=2", "specs"],
        ["--version", "lint"],
        ["-V", "lint"],
        ["plan"],
        ["lnt"],
    ],
)
def test_every_other_command_line_goes_to_typer(argv: list[str]) -> None:
    from automlspec import __main__ as entry

    assert not entry._quick(argv)


FORBIDDEN_ON_LINT = (
    "typer",
    "click",
    "rich",
    "boto3",
    "botocore",
    "automlspec.cli",
    "automlspec.compile",
    "automlspec.resolve",  # merged configuration defaults import it, only when a configuration has some
    "automlspec.plan",
    "automlspec.aws",
    "automlspec.jobs",
    "automlspec.dataset",
    "automlspec.storage",
    "automlspec.policy",  # only when a configuration has policies
    "automlspec.commands.compile",
    "automlspec.commands.resolve",
    "automlspec.commands.plan",
    "automlspec.commands.apply",
    "automlspec.commands.status",
    "automlspec.commands.imports",
    "automlspec.views.plan",
    "automlspec.views.apply",
    "automlspec.views.requests",
    "automlspec.views.status",
    "regex",
    "multiprocessing",  # `lint --jobs`: only when workers are forked
    "concurrent",
    "importlib.resources",  # package data is read from the package's folder (model.resource_text)
)


@pytest.mark.parametrize("argv", [["lint", "specs/churn-binary-v1.yaml"], ["lint", "tests/cases"], ["--version"]])
def test_the_lint_path_imports_no_cli_framework_no_aws_and_no_planning(argv: list[str]) -> None:
    """What `automlspec lint` and `--version` load (the console script runs __main__.run)."""
    code = (
        f"import sys; sys.argv = ['automlspec', *{argv!r}]; from automlspec.__main__ import run; rc = run(); "
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN_ON_LINT!r} "
        f"or any(m == f or m.startswith(f + '.') for f in {FORBIDDEN_ON_LINT!r})); "
        "print('loaded:' + ','.join(bad)); sys.exit(0)"
    )
    # in colour, as on a terminal: the text format's colour is written without rich
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"FORCE_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"
    if argv[-1] == "tests/cases":
        assert "\x1b[1;31m" in done.stdout


def test_package_data_read_without_importlib_resources_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """model.resource_text reads the package's folder; a package that is not on disk (zipimport) falls back
    to importlib.resources, with the same text."""
    from automlspec import model

    direct = model.resource_text("iso3166.json")
    monkeypatch.setattr(model, "_RESOURCES", str(ROOT / "no-such-folder"))
    assert model.resource_text("iso3166.json") == direct


@pytest.mark.parametrize("args", [["lint", "specs/churn-binary-v1.yaml"], ["--help"], ["server", "--help"]])
def test_the_cli_never_imports_the_language_server(args: list[str]) -> None:
    """pygls and lsprotocol are the optional server extra: only `automlspec server` itself imports them."""
    code = (
        f"import sys; from automlspec.cli import main; rc = main({args!r}); "
        "print('loaded:' + ','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')"
        " or m.startswith('automlspec.server')))); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"


def test_the_server_command_without_the_extra_is_one_line_and_exit_2() -> None:
    """Without pygls (the server extra not installed), `automlspec server` says what to install."""
    code = "import sys; sys.modules['pygls'] = None; from automlspec.cli import main; sys.exit(main(['server']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == (
        "automlspec: error: `automlspec server` needs the server extra (pygls is missing):"
        " pip install 'automlspec[server]'\n"
    )


# What the quick commands leave out (issue 26), each measured: json and typing cost `--version` about
# 2-3 ms each above the interpreter's own start; difflib is needed only to suggest a fix for a finding.
LEFT_OUT = {
    "--version": ("typing", "json", "ruamel", "dataclasses", "automlspec.lint", "automlspec.commands"),
    "lint": ("difflib",),
}


@pytest.mark.parametrize("argv", [["--version"], ["lint", "specs/churn-binary-v1.yaml"]], ids=" ".join)
def test_a_quick_command_imports_only_what_it_uses(argv: list[str]) -> None:
    left_out = LEFT_OUT[argv[0]]
    code = (
        f"import sys; sys.argv = ['automlspec', *{argv!r}]; from automlspec.__main__ import run; rc = run(); "
        f"print('loaded:' + ','.join(sorted(m for m in sys.modules if any(m == f or m.startswith(f + '.') "
        f"for f in {left_out!r})))); sys.exit(rc)"
    )
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"


# The regular expressions compiled while a module of the lint path is imported, per module: each costs
# every lint 0.05-0.8 ms. These are the ones a clean one-spec lint uses (scalar resolution, the unsafe
# character scan, ARNs and S3 URLs); any other is a string compiled by re's cache on first use
# (`re.fullmatch(_PATTERN, value)`), as in suggest.py and config.py.
COMPILED_AT_IMPORT = {"automlspec.source": 10, "automlspec.rules.identity": 3, "automlspec.paths": 1}


def test_a_clean_lint_compiles_at_import_only_the_patterns_it_uses() -> None:
    code = """
import collections, json, sys, re._compiler as compiler
made = collections.Counter()
real = compiler.compile
def compile(pattern, flags=0):
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("re"):
        frame = frame.f_back
    if frame is not None and frame.f_code.co_name == "<module>":
        made[frame.f_globals.get("__name__", "")] += 1
    return real(pattern, flags)
compiler.compile = compile
sys.argv = ["automlspec", "lint", "specs/churn-binary-v1.yaml"]
from automlspec.__main__ import run
rc = run()
print("compiled:" + json.dumps({k: v for k, v in made.items() if k.startswith("automlspec")}))
sys.exit(rc)
"""
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    compiled = json.loads(done.stdout.splitlines()[-1].removeprefix("compiled:"))
    over = {m: n for m, n in compiled.items() if n > COMPILED_AT_IMPORT.get(m, 0)}
    assert not over, f"compiled at import on the lint path: {over}; compile it on first use (see COMPILED_AT_IMPORT)"
