"""AML901 (a suppression selector that names no rule) and AML902 (a suppression that suppressed nothing),
and did-you-mean for --select, --ignore and `explain` (issue 12)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bounds import cpu_bound
from cli_run import run_cli

from automlspec.config import Config
from automlspec.lint import lint_text

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
NAME = "AutoMLJobName: churn-binary-v1"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command line in this process (tests/cli_run.py)."""
    return run_cli(*args, cwd=cwd, env={"NO_COLOR": "1", "COLUMNS": "200"})


def found(text: str, config: Config | None = None) -> list[tuple[int, int, str, str | None]]:
    return [(f.line, f.column, f.rule, f.suggestion) for f in lint_text("t.yaml", text, config or Config())]


def test_unknown_code_is_reported_at_the_selector_with_did_you_mean() -> None:
    text = V1.replace(NAME, "AutoMLJobName: churn_v1  # automlspec: ignore[AML1O6]")
    findings = lint_text("t.yaml", text, Config())
    assert [(f.line, f.column, f.rule) for f in findings] == [(2, 16, "AML106"), (2, 47, "AML901")]
    unknown = findings[1]
    assert unknown.suggestion == "AML106" and unknown.end_column == 53
    assert unknown.message == (
        "'AML1O6' in this suppression comment is not a rule code, code prefix or rule name, so it suppresses"
        " nothing; did you mean 'AML106'?"
    )


def test_unknown_name_and_file_level_selector() -> None:
    text = "# automlspec: ignore-file[AML1, tiny-runtme]\n" + V1
    # AML1 is a known prefix that suppressed nothing in the file; tiny-runtme names no rule
    assert found(text) == [(1, 27, "AML902", None), (1, 33, "AML901", "tiny-runtime")]


def test_unused_line_selector_and_bare_ignore() -> None:
    text = V1.replace(NAME, NAME + "  # automlspec: ignore[AML106]")
    assert found(text) == [(2, 54, "AML902", None)]
    bare = lint_text("t.yaml", V1.replace(NAME, NAME + "  # automlspec: ignore"), Config())
    assert [(f.line, f.column, f.end_column, f.rule) for f in bare] == [(2, 33, 53, "AML902")]
    assert bare[0].message == "this `# automlspec: ignore` suppressed no finding on its line; remove it"


def test_used_suppressions_are_quiet_in_any_case_of_code() -> None:
    for comment in ("ignore[AML106]", "ignore[aml106]", "ignore[AML1]", "ignore[pattern-mismatch]", "ignore"):
        text = V1.replace(NAME, f"AutoMLJobName: churn_v1  # automlspec: {comment}")
        assert found(text) == [], comment
    text = "# automlspec: ignore-file[aml106]\n" + V1.replace(NAME, "AutoMLJobName: churn_v1")
    assert found(text) == []


def test_rules_that_did_not_run_are_never_called_unused() -> None:
    # switched off by the configuration or --select: with other options it may suppress something
    text = V1.replace(NAME, NAME + "  # automlspec: ignore[AML106]")
    assert found(text, Config(ignore=("AML106",))) == []
    assert found(text, Config(select=("AML2",))) == []
    # data rules without --data, and rules that compare specs across a run
    assert found(V1.replace(NAME, NAME + "  # automlspec: ignore[AML8]")) == []
    assert found(V1.replace(NAME, NAME + "  # automlspec: ignore[job-name-unique-in-run]")) == []


def test_a_file_that_did_not_parse_is_not_checked_for_unused_ones() -> None:
    text = V1.replace(NAME, NAME + "  # automlspec: ignore[AML106]") + "Tags: [\n"
    assert [rule for _, _, rule, _ in found(text)] == ["AML001"]
    # an unknown code is still reported
    text = V1.replace(NAME, NAME + "  # automlspec: ignore[AML1O6]") + "Tags: [\n"
    assert sorted(rule for _, _, rule, _ in found(text)) == ["AML001", "AML901"]


def test_the_new_findings_can_be_switched_off_like_any_rule() -> None:
    text = V1.replace(NAME, NAME + "  # automlspec: ignore[AML1O6]")
    assert found(text, Config(ignore=("AML9",))) == []
    assert found("# automlspec: ignore-file[AML901]\n" + text) == []
    assert found(V1.replace(NAME, NAME + "  # automlspec: ignore[AML106, AML902]")) == []
    # a bare comment does not silence the finding about itself
    assert [r for _, _, r, _ in found("# automlspec: ignore-file\n" + V1)] == ["AML902"]


def test_select_ignore_and_explain_suggest_through_the_cli() -> None:
    done = cli("lint", "--ignore", "AML2O3", "specs")
    assert done.returncode == 2
    assert "--ignore AML2O3: no rule has this code, code prefix or name; did you mean 'AML203'?" in done.stderr
    done = cli("lint", "--select", "tiny-runtim", "specs")
    assert done.returncode == 2 and "did you mean 'tiny-runtime'?" in done.stderr
    done = cli("explain", "AML2O3")
    assert done.returncode == 2
    assert (
        done.stderr
        == "automlspec: error: no rule 'AML2O3'; did you mean 'AML203'? (`automlspec rules` lists them all)\n"
    )
    assert cli("explain", "AML902").stdout.startswith("# AML902 suppression-unused\n")


def test_explain_lists_what_a_code_prefix_selects_and_never_suggests_the_input() -> None:
    done = cli("explain", "AML42")
    assert done.returncode == 0 and "did you mean" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "AML42 is a code prefix; it selects 5 rules:"
    assert lines[1].split()[:2] == ["AML420", "max-candidates-non-tabular"]
    assert [line.split()[0] for line in lines[1:6]] == ["AML420", "AML421", "AML422", "AML423", "AML424"]
    assert lines[-1] == "`automlspec explain CODE` prints one rule's documentation."


def test_a_code_near_no_rule_says_where_the_codes_are_instead_of_guessing() -> None:
    from automlspec.rules import rule_guess, rule_hint

    done = cli("explain", "AML999")
    assert done.returncode == 2
    assert done.stderr == (
        "automlspec: error: no rule 'AML999'; the AML9xx rules are AML900 to AML903 (`automlspec rules` lists them all)\n"
    )
    done = cli("lint", "--select", "AML99", "specs")
    assert done.returncode == 2 and "AML902" not in done.stderr.replace("AML900 to AML903", "")
    assert "--select AML99: no rule has this code, code prefix or name; the AML9xx rules are" in done.stderr
    # one slip away from exactly one code: a guess; from several (AML310, AML311, AML312): none
    assert [rule_guess(s) for s in ("AML1044", "AML140", "AML2O3", "AML42", "AML313")] == [
        "AML104",
        "AML104",
        "AML203",
        None,
        None,
    ]
    assert rule_hint("AML313") == "; the AML3xx rules are AML301 to AML353"
    assert rule_hint("nothing-like-it") == ""


def test_lint_reports_them_through_the_cli(tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text(V1.replace(NAME, NAME + "  # automlspec: ignore[AML1O6]"))
    done = cli("lint", "-f", "concise", str(spec))
    assert done.returncode == 0  # warnings
    assert done.stdout == (
        f"{spec}:2:54: AML901 [warning] 'AML1O6' in this suppression comment is not a rule code, code prefix or"
        " rule name, so it suppresses nothing; did you mean 'AML106'? (help: AML106)\n"  # always the help (issue 22)
    )


def test_config_file_selectors_suggest_codes_too(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".automlspec.yaml").write_text("ignore: [AML1O6]\n")
    (tmp_path / "a.yaml").write_text(V1)
    done = cli("lint", "-f", "json", str(tmp_path / "a.yaml"))
    found = json.loads(done.stdout)
    assert [(f["rule"], f["message"], f["suggestion"]) for f in found] == [
        ("AML900", "'ignore' names no rule: 'AML1O6' is not a rule code, code prefix or rule name", "AML106")
    ]
    text = cli("lint", "-f", "text", "--color", "never", str(tmp_path / "a.yaml")).stdout
    assert "help: AML106" in text  # the meant code is the help line under the typo


def test_a_comment_of_many_selectors_is_linear() -> None:
    selectors = ",".join(f"x{i}" for i in range(20_000))
    text = V1.replace(NAME, f"AutoMLJobName: churn_v1  # automlspec: ignore[{selectors}, AML106]")
    with cpu_bound(20):  # quadratic matching took minutes
        findings = lint_text("t.yaml", text, Config())
    assert {f.rule for f in findings} == {"AML901"} and len(findings) == 20_000
    assert sum(1 for f in findings if f.suggestion is None) >= 20_000 - 50  # did-you-mean is bounded too
