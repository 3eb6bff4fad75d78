"""views/: each view's formats are the one list in views/formats.py (the CLI's --format choices), and
nothing outside views/ (and the entry points' last-resort error lines) writes to the terminal."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from automlspec.views import candidates, formats, plan, rules, status

PACKAGE = Path(__file__).resolve().parent.parent / "automlspec"


@pytest.mark.parametrize(
    "view, names",
    [(plan, formats.PLAN), (status, formats.STATUS), (candidates, formats.CANDIDATES), (rules, formats.RULES)],
    ids=["plan", "status", "candidates", "rules"],
)
def test_a_view_prints_exactly_the_formats_the_command_line_offers(view, names) -> None:
    assert tuple(view.FORMATS) == names


def _writes(path: Path) -> list[str]:
    """print(), typer.echo(), sys.stdout/sys.stderr writes in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                found.append(f"{path.name}:{node.lineno}: print()")
            elif isinstance(func, ast.Attribute) and func.attr == "echo":
                found.append(f"{path.name}:{node.lineno}: echo()")
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr") and isinstance(node.value, ast.Name):
            if node.value.id == "sys":
                found.append(f"{path.name}:{node.lineno}: sys.{node.attr}")
    return found


def test_only_views_print() -> None:
    """commands/ return values and never print; plan/, jobs/ and project do no terminal I/O either."""
    places = [*(PACKAGE / "commands").glob("*.py"), *(PACKAGE / "plan").glob("*.py"), *(PACKAGE / "jobs").glob("*.py")]
    places += [PACKAGE / "project.py", PACKAGE / "cli.py"]
    offenders = [w for path in places for w in _writes(path)]
    # cli reads sys.argv only; project reads standard input (`lint -`): neither writes
    allowed = {"cli.py", "project.py"}
    assert [w for w in offenders if w.split(":")[0] not in allowed] == []
    for name in allowed:
        text = (PACKAGE / name).read_text("utf-8")
        assert "sys.stdout" not in text and "sys.stderr" not in text and ".echo(" not in text
