"""Hostile project configuration (issue 13): a pyproject.toml or .automlspec.yaml sits above every spec
of a project, so one crafted file must not crash every lint below it. Each class is an AML900 (TOML) or
loader (YAML) finding in the configuration file, with a line inside it, exit 1; never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from bounds import cpu_bound

from automlspec import source
from automlspec.cli import main
from automlspec.config import load
from automlspec.pyproject import TomlFault, parse
from automlspec.source import MAX_DEPTH, MAX_NODES, editor_lines

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
TABLE = "[project]\nname = 'x'\n\n[tool.automlspec]\nignore = ['AML106']\n"

# name -> (text after the table, the line of the finding)
TOML = {
    "deep-arrays": ("a = " + "[" * 100_000 + "\n", 6),
    "deep-arrays-closed": ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", 6),
    "deep-inline-tables": ("a = " + "{b = " * 100_000 + "\n", 6),
    "deep-subtables": ("[" + ".".join(["a"] * 100_000) + "]\n", 6),
    "deep-arrays-of-tables": ("[[" + ".".join(["a"] * 100) + "]]\n", 6),
    "deep-dotted-keys": ("x" + ".a" * 100_000 + " = 1\n", 6),
    "deep-inside-the-table": ("[tool.automlspec.defaults]\nTags = " + "[" * 1_000 + "\n", 7),
    "huge-integer": ("n = 1\nm = " + "9" * 5_000 + "\n", 7),
    "huge-hex-integer": ("n = 0x" + "f" * 5_000 + "\n", 6),
    "huge-integer-in-a-list": ("allowed = [\n  1,\n  " + "7" * 4_400 + ",\n]\n", 8),
    "long-string": ("s = '" + "x" * 70_000 + "'\n", 6),
    "many-values": ("v = [" + ", ".join(["1"] * (MAX_NODES + 1)) + "]\n", 1),
    "lone-surrogate-escape": ('s = "\\ud800"\n', 6),
    "not-toml": ("a = \n", 6),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "churn.yaml").write_text(V1, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint_json(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["lint", "--format", "json", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


@pytest.mark.parametrize("name", sorted(TOML))
def test_hostile_pyproject_is_one_finding_on_its_line(repo: Path, capsys, name: str) -> None:
    tail, line = TOML[name]
    text = TABLE + tail
    (repo / "pyproject.toml").write_text(text, "utf-8")
    with cpu_bound(15):  # about 0.3 s; the unbounded parse took minutes or crashed
        code, found, err = lint_json(capsys, "specs")
    assert code == 1 and err == ""
    assert [(f["file"], f["rule"], f["line"]) for f in found] == [("pyproject.toml", "AML900", line)], found
    assert 1 <= found[0]["column"] <= len(editor_lines(text)[line - 1]) + 1


def test_every_command_that_reads_the_configuration_reports_it(repo: Path, capsys) -> None:
    (repo / "pyproject.toml").write_text(TABLE + "a = " + "[" * 100_000 + "\n", "utf-8")
    for command in (["compile"], ["resolve"]):
        assert main([*command, "specs/churn.yaml"]) == 1
        err = capsys.readouterr().err
        assert "pyproject.toml:6:67: AML900" in err and "Traceback" not in err
    assert main(["lint", "--show-settings", "specs/churn.yaml"]) == 0
    assert "error: pyproject.toml:6: tables and arrays nest deeper" in capsys.readouterr().out


def test_a_pyproject_past_the_size_bound_is_not_read(repo: Path, capsys) -> None:
    (repo / "pyproject.toml").write_text(TABLE + ("# padding\n" * 110_000), "utf-8")
    code, found, _ = lint_json(capsys, "specs")
    assert code == 1 and [(f["rule"], f["message"][:40]) for f in found] == [
        ("AML900", "pyproject.toml is larger than 1,048,576 ")
    ]


def test_a_pyproject_that_is_not_utf8_is_a_finding(repo: Path, capsys) -> None:
    (repo / "pyproject.toml").write_bytes(TABLE.encode() + b"s = '\xff'\n")
    code, found, _ = lint_json(capsys, "specs")
    assert code == 1 and [f["rule"] for f in found] == ["AML900"]


# ----- the scan and the parse -------------------------------------------------------------------------------


def test_nesting_up_to_the_bound_is_read_and_one_more_is_not() -> None:
    assert parse("a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)["a"]
    assert parse("[" + ".".join(["a"] * MAX_DEPTH) + "]\n")
    assert parse(".".join(["a"] * MAX_DEPTH) + " = {}\n")
    for text in (
        "a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "[" + ".".join(["a"] * (MAX_DEPTH + 1)) + "]\n",
        ".".join(["a"] * (MAX_DEPTH + 2)) + " = 1\n",  # 65 tables: a.a = 1 makes one
        "a = " + "{b = " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1),
    ):
        with pytest.raises(TomlFault, match="nest deeper than 64"):
            parse(text)


def test_brackets_and_digits_inside_strings_and_comments_are_not_counted() -> None:
    deep = "[" * 500
    digits = "9" * 500
    text = (
        f'a = \'{deep}\'\nb = "{deep}\\"{digits}"\n# {deep} {digits}\n'
        f"c = \"\"\"\n{deep}\n\"\"\"\nd = '''{digits}\n'''\n\"e.{deep}\" = 1\n[f]\ng = ['{deep}', 1]\n"
    )
    data = parse(text)
    assert data["a"] == deep and data["c"] == deep + "\n" and data["f"]["g"][1] == 1


def test_toml_syntax_errors_carry_tomllib_s_line_and_column() -> None:
    with pytest.raises(TomlFault) as caught:
        parse("[tool.automlspec]\nselect = [\n  'AML1',\n  ]]\n")
    assert (caught.value.line, caught.value.column) == (4, 4)
    assert "at line" not in str(caught.value)


def test_positions_cost_lines_plus_values_not_their_product(tmp_path: Path) -> None:
    # 5,000 unknown keys in a 30,000-line file: every value is placed on its key's line
    keys = "".join(f"k{i} = {i}\n" for i in range(5_000))
    (tmp_path / "pyproject.toml").write_text("[tool.automlspec]\n" + keys + "# x\n" * 25_000, "utf-8")
    with cpu_bound(15):  # about 0.5 s; matching every value against every line took minutes
        config = load(tmp_path / "pyproject.toml")
    assert len(config.findings) == 5_000
    assert sorted(f.span.line for f in config.findings)[:3] == [2, 3, 4]


# ----- .automlspec.yaml goes through the spec loader and its bounds -----------------------------------------

YAML = {
    "deep": ("select: " + "[" * 30_000 + "\n", "AML007"),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d]\n",
        "AML007",
    ),
    "recursive-merge": ("defaults: &a {x: 1, <<: *a}\n", "AML007"),
    "huge-integer": ("target:\n  allowed_account_ids: [" + "1" * 5_000 + "]\n", "AML007"),
    "line-separator": ("ignore: [AML106]  # note\u2028select: [AML0]\n", "AML006"),
    "python-tag": ("defaults: !!python/object/apply:os.system [echo]\n", "AML001"),
    "too-large": ("# x\n" * (source.MAX_BYTES // 4 + 1), "AML007"),
}


@pytest.mark.parametrize("name", sorted(YAML))
def test_hostile_yaml_configuration_is_a_loader_finding(repo: Path, capsys, name: str) -> None:
    text, rule = YAML[name]
    (repo / ".automlspec.yaml").write_text(text, "utf-8")
    code, found, err = lint_json(capsys, "specs")
    assert code == 1 and err == ""
    assert {(f["file"], f["rule"]) for f in found} == {(".automlspec.yaml", rule)}, found
    assert all(1 <= f["line"] <= len(editor_lines(text)) for f in found)


# ----- whose configuration is trusted (issue 23, item 8) ---------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
@pytest.mark.parametrize("directory_mode", [0o1777, 0o755], ids=["sticky-shared-dir", "their-own-dir"])
def test_a_config_owned_by_another_user_is_not_trusted(tmp_path, directory_mode):
    """As root, another user's 0644 config in a shared 1777 directory was trusted (compile then added their
    KMS key), and one in their own 0755 directory was trusted by anyone."""
    from automlspec import config as config_module

    shared = tmp_path / "shared"
    (shared / "specs").mkdir(parents=True)
    planted = shared / ".automlspec.yaml"
    planted.write_text("ignore: [AML1]\n")
    planted.chmod(0o644)
    os.chown(planted, 65534, 65534)
    shared.chmod(directory_mode)
    if directory_mode == 0o755:
        os.chown(shared, 65534, 65534)
    found = config_module.find(shared / "specs")
    assert found.path is None
    assert found.ignored and "the file is owned by user 65534, not you" in found.ignored[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
def test_a_symlinked_config_is_judged_where_its_target_is(tmp_path):
    from automlspec import config as config_module

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "config.yaml"
    target.write_text("ignore: [AML1]\n")
    elsewhere.chmod(0o777)  # anyone may replace the file the link reaches
    os.chown(elsewhere, 65534, 65534)
    project = tmp_path / "project"
    (project / "specs").mkdir(parents=True)
    (project / ".automlspec.yaml").symlink_to(target)
    found = config_module.find(project / "specs")
    assert found.path is None
    assert f"the directory of {target} is writable by others" in found.ignored[0], found.ignored[0]
