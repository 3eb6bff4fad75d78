"""Feedback while AWS is slow (issue 21): the phases plan, apply and status report (``progress``), and
what each place shows them as (``views.progress``): a live line on a terminal, a line a phase in a CI
log, nothing in a pipe. No wall time is asserted: the phases, their counts and the bytes shown are."""

from __future__ import annotations

import io
import threading

import pytest
from fake_sagemaker import REGION
from test_plan_fake import spec, write

from automlspec.cli import main
from automlspec.views import progress as view


class Recorder:
    """A Progress that keeps every phase, its count and whether it ended."""

    def __init__(self) -> None:
        self.phases: list[list] = []  # [text, count, done]
        self._lock = threading.Lock()

    def phase(self, text: str):
        entry = [text, 0, False]
        self.phases.append(entry)
        recorder = self

        class Phase:
            def advance(self, count: int = 1) -> None:
                with recorder._lock:
                    entry[1] += count

            def done(self) -> None:
                entry[2] = True

        return Phase()

    def ended(self) -> list[tuple[str, int]]:
        assert all(done for _, _, done in self.phases), self.phases
        return [(text, count) for text, count, _ in self.phases]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    found = Recorder()
    monkeypatch.setattr(view, "for_stderr", lambda: found)
    return found


# ----- the phases -------------------------------------------------------------------------------------------


def test_plan_reports_its_phases_and_counts_the_jobs_listed(fake_plan, recorder, capsys):
    sagemaker = fake_plan.sagemaker()
    for number in range(3):  # jobs of the account that no spec names
        sagemaker.create({"AutoMLJobName": f"other-{number}", "RoleArn": "arn:aws:iam::123456789012:role/r"})
    write("a.yaml", spec("job-a"))
    assert main(["plan", "--no-data", "--color", "never"]) == 0, capsys.readouterr()
    assert recorder.ended() == [
        ("reading the specs", 0),
        ("connecting to AWS", 0),
        (f"reading the jobs in {REGION}", 3),
    ]


def test_apply_reports_each_action_while_its_call_runs(fake_plan, recorder, capsys):
    write("a.yaml", spec("job-a"))
    write("b.yaml", spec("job-b"))
    assert main(["apply", "--auto-approve", "--no-data", "--color", "never"]) == 0
    assert recorder.ended()[-2:] == [("creating job-a", 0), ("creating job-b", 0)]


def test_status_counts_every_job_it_reads(aws_env, tmp_path, recorder, capsys):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(f"AutoMLJobName: job-{name}\n")
    assert main(["status", str(tmp_path)]) == 0
    assert recorder.ended() == [("reading the specs", 0), ("connecting to AWS", 0), ("reading 3 jobs in us-east-1", 3)]


def test_a_failed_phase_ends_too(fake_plan, recorder, capsys):
    """An unreachable endpoint or a refused account: the phase that met it ends, and nothing follows."""
    write("a.yaml", spec("job-a"))
    write(".automlspec.yaml", "target:\n  allowed_account_ids: ['111111111111']\n")  # not the fake's account
    assert main(["plan", "--no-data", "--color", "never"]) == 1
    assert [text for text, _ in recorder.ended()] == ["reading the specs", "connecting to AWS"]


# ----- what each place shows --------------------------------------------------------------------------------


def test_a_pipe_gets_nothing_and_a_ci_log_one_line_a_phase(aws_env, tmp_path, monkeypatch, capsys):
    (tmp_path / "a.yaml").write_text("AutoMLJobName: job-a\n")
    assert main(["status", str(tmp_path)]) == 0
    piped = capsys.readouterr()
    assert piped.err == ""
    monkeypatch.setenv("CI", "true")
    assert main(["status", str(tmp_path)]) == 0
    logged = capsys.readouterr()
    assert logged.err == (
        "automlspec: reading the specs ...\n"
        "automlspec: connecting to AWS ...\n"
        "automlspec: reading 1 job in us-east-1 ...\n"
    )
    assert logged.out == piped.out  # standard output is the same in all three
    for value in ("false", "0", ""):
        monkeypatch.setenv("CI", value)
        assert not view.in_ci()


def test_a_terminal_sees_each_phase_with_its_count_and_time_then_nothing(monkeypatch):
    from rich.console import Console

    screen = io.StringIO()
    live = view.Live(Console(file=screen, force_terminal=True, width=100, color_system=None))
    reading = live.phase("reading 2,000 jobs in eu-west-1")
    reading.advance(1200)
    live._display.refresh()
    reading.done()
    shown = screen.getvalue()
    assert "Reading 2,000 jobs in eu-west-1 ... 1,200 (0s)" in shown
    assert live._display is None  # the last phase ended: the display stopped (its lines erased)
    creating = live.phase("creating churn-v3")
    live._display.refresh()
    creating.done()
    creating.done()  # twice is once
    assert "Creating churn-v3 ... (0s)" in screen.getvalue()


def test_the_terminal_display_escapes_what_a_name_holds():
    from rich.console import Console

    screen = io.StringIO()
    live = view.Live(Console(file=screen, force_terminal=True, width=100, color_system=None))
    phase = live.phase("creating job\x1b[31m")
    live._display.refresh()
    phase.done()
    assert "\x1b[31m" not in screen.getvalue() and "job\\x1b[31m" in screen.getvalue()


def test_wait_without_a_live_table_is_a_phase_that_counts_the_jobs_that_ended():
    from automlspec.plan.apply import Watched
    from automlspec.views.apply import Hooks

    recorder = Recorder()
    watched = [Watched("job-a", "t"), Watched("job-b", "t")]

    def wait(show) -> bool:
        show(watched)
        watched[0].status = "Completed"
        show(watched)
        show(watched)
        return True

    Hooks("never", progress=recorder).follow(watched, wait)
    assert recorder.ended() == [("still creating job-a, job-b", 1)]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "[0s elapsed]"),
        (9.9, "[0s elapsed]"),
        (10, "[10s elapsed]"),
        (80, "[1m20s elapsed]"),
        (3600, "[60m0s elapsed]"),
    ],
)
def test_still_creating_is_terraforms_line_in_steps_of_10_s(seconds, text):
    from automlspec.views.apply import still_creating

    assert still_creating(seconds) == f"Still creating... {text}"


def test_the_benchmarks_fake_endpoint_answers_as_the_model_says(aws_env, tmp_path, monkeypatch, capsys):
    """scripts/fake_endpoint.py (docs/benchmarks.md, issue 21) stays a faithful stand-in: automlspec checks
    every answer against botocore's model, so a drifted fake would measure error paths instead."""
    import json

    from script_loader import load_script

    endpoint = load_script("fake_endpoint")
    fake = endpoint.serve(3)
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", fake.url)
        for number in range(4):  # the fourth job does not exist
            (tmp_path / f"{number}.yaml").write_text(f"AutoMLJobName: {endpoint.job_name(number)}\n")
        assert main(["status", "--format", "json", str(tmp_path)]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert [row["status"] for row in rows] == ["InProgress"] * 3 + ["NotCreated"]
        (tmp_path / "3.yaml").unlink()
        for number in range(3):
            (tmp_path / f"{number}.yaml").write_text(spec(endpoint.job_name(number)))
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".git").mkdir()
        assert main(["plan", "--no-data", "--format", "json", str(tmp_path)]) == 1  # conflicts: not ours
        assert json.loads(capsys.readouterr().out)["summary"]["conflict"] == 3
        assert fake.calls["ListAutoMLJobs"] == 1 and fake.calls["ListTags"] == 3
    finally:
        fake.shutdown()
