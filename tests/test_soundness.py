"""Every suggestion, applied, makes the spec better (issue 22): the soundness property, from the outside.

For every finding that shows a `help:`, in every spec the tests know (tests/cases, specs/, every rule's
documented example, and near-valid specs with common mistakes from tests/mistakes.py), the `help:` text
replaces the underlined text, as a user following it would, and the file is linted again:

- the finding is gone (no finding of its rule at its field; a finding with no field, such as a
  suppression comment's, by its line and column), and
- no new error appears (an error of a rule at a field that was not there before). A key rename changes
  no value: the model's limits (AML1xx) on the renamed field's own value, which could not be checked
  under the wrong name, are not counted as new (automlspec/soundness.py says why).

Each test records its figure, "suggestions offered / applied cleanly / withheld", and the run prints the
sum after the tests (conftest.py): offered is what the rules proposed, withheld what lint did not show
because it could not pass this property (soundness.py). The derandomized generated set runs
GENERATED examples in the default run and SLOW_GENERATED (at least 5,000) under the `slow` marker, which
.ci/run runs too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from mistakes import mistakes
from test_rule_docs import DATA_ROOT, DOCUMENTED, materialise

from automlspec import soundness
from automlspec.config import Config
from automlspec.findings import Finding, Severity
from automlspec.lint import lint_text
from automlspec.source import editor_lines
from automlspec.views.findings import help_text

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted(ROOT.glob("tests/cases/**/*.yaml"))
SPEC_FILES = sorted(ROOT.glob("specs/*.yaml"))
GENERATED = int(os.environ.get("SOUNDNESS_N", "300"))
SLOW_GENERATED = 5_000
if os.environ.get("AUTOMLSPEC_HYPOTHESIS") == "long":
    GENERATED = SLOW_GENERATED = 50_000


class Tally:
    """Suggestions offered by the rules, shown and applied cleanly, withheld by lint."""

    def __init__(self) -> None:
        self.offered = self.clean = self.withheld = 0
        self.failures: list[str] = []

    def figure(self) -> str:
        return f"{self.offered} offered / {self.clean} applied cleanly / {self.withheld} withheld"


@contextmanager
def counting(tally: Tally) -> Iterator[None]:
    """Count what the rules propose and what lint withholds, around soundness.vet."""
    original = soundness.vet

    def vet(pairs, *args, **kwargs):
        out = original(pairs, *args, **kwargs)
        tally.offered += sum(1 for _, p in pairs if p.suggestion is not None or p.fix is not None)
        tally.withheld += sum(1 for _, p in out if p.suggestion is None and p.fix is None) - sum(
            1 for _, p in pairs if p.suggestion is None and p.fix is None
        )
        return out

    soundness.vet = vet  # type: ignore[assignment]
    try:
        yield
    finally:
        soundness.vet = original  # type: ignore[assignment]


def _identity(finding: Finding) -> tuple:
    if not finding.path:  # a comment's finding (a suppression selector): its place in the file
        return (finding.doc, finding.rule, finding.line, finding.column)
    return (finding.doc, finding.rule, finding.path)


def applied(text: str, finding: Finding, shown: str) -> str:
    """``text`` with the finding's span (one line) replaced by ``shown``; line ends are kept."""
    lines = text.splitlines(keepends=True)
    row = lines[finding.line - 1]
    lines[finding.line - 1] = row[: finding.column - 1] + shown + row[finding.end_column - 1 :]
    return "".join(lines)


def check(name: str, text: str, tally: Tally, lint: Callable[[str, str], list[Finding]] | None = None) -> None:
    """Lint ``text``, apply each `help:` and lint again; count and record what fails the property."""
    lint = lint or (lambda n, t: lint_text(n, t, Config()))
    with counting(tally):
        before = lint(name, text)
    lines = editor_lines(text)
    errors = {_identity(f) for f in before if f.severity is Severity.ERROR}
    for finding in before:
        shown = help_text(finding, lines[finding.line - 1] if 0 < finding.line <= len(lines) else None)
        if shown is None:
            continue
        problem = _broken(name, text, finding, shown, errors, lint)
        if problem is None:
            tally.clean += 1
        else:
            tally.failures.append(
                f"{name}:{finding.line}:{finding.column} {finding.rule} {finding.path} help: {shown}: {problem}"
            )


def _broken(name: str, text: str, finding: Finding, shown: str, errors: set, lint) -> str | None:
    if finding.line != finding.end_line:
        return "the help replaces a span over several lines"
    after = lint(name, applied(text, finding, shown))
    key = finding.fix is not None and finding.fix.target == "key"
    renamed = finding.path.parent / finding.fix.value if key and finding.fix else None
    for other in after:
        if _identity(other) == _identity(finding):
            return f"the finding is still there: {other.message}"
        if other.severity is not Severity.ERROR:
            continue
        identity = _identity(other)
        if renamed is not None and other.doc == finding.doc and other.path[: len(renamed)] == renamed:
            if other.rule.startswith("AML1"):
                continue  # the renamed field's own value, which lint could not check under the wrong name
            identity = (other.doc, other.rule, finding.path.join(*other.path[len(renamed) :]))
        if identity not in errors:
            return f"a new error: {other.rule} {other.path}: {other.message}"
    return None


def _verdict(tally: Tally, record_property) -> None:
    record_property("soundness", (tally.offered, tally.clean, tally.withheld))
    assert not tally.failures, f"{len(tally.failures)} suggestions fail ({tally.figure()}):\n" + "\n".join(
        tally.failures[:30]
    )


@pytest.mark.parametrize("path", CASE_FILES + SPEC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_help_in_the_case_files_and_specs_makes_the_spec_better(path: Path, record_property) -> None:
    tally = Tally()
    check(str(path.relative_to(ROOT)), path.read_text("utf-8"), tally)
    _verdict(tally, record_property)


def _example_lint(rule) -> Callable[[str, str], list[Finding]]:
    if rule.phase != "data":
        return lambda name, text: lint_text(name, text, Config())
    from automlspec.dataset import DataContext
    from automlspec.storage import LocalReader

    return lambda name, text: lint_text(name, text, Config(), DataContext(LocalReader(DATA_ROOT, output_buckets=True)))


@pytest.mark.parametrize("rule", DOCUMENTED, ids=lambda r: r.code)
def test_every_help_in_the_rule_examples_makes_the_spec_better(rule, record_property) -> None:
    example = rule.code_block("Example")
    text = materialise(example) if rule.example_kind == "fragment" else example.replace("\\t", "\t")
    tally = Tally()
    check(f"{rule.code}.yaml", text, tally, _example_lint(rule))
    _verdict(tally, record_property)


def _generated(count: int, record_property) -> None:
    tally = Tally()

    @settings(
        max_examples=count, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(mistakes())
    def run(case: tuple[str, str]) -> None:
        what, text = case
        check(f"{what}.yaml", text, tally)

    run()
    _verdict(tally, record_property)
    assert tally.offered >= count // 2, tally.figure()  # the mistakes do reach the suggestions


def test_every_help_for_generated_mistakes_makes_the_spec_better(record_property) -> None:
    _generated(GENERATED, record_property)


@pytest.mark.slow
def test_every_help_for_five_thousand_generated_mistakes_makes_the_spec_better(record_property) -> None:
    _generated(SLOW_GENERATED, record_property)
