"""Before/after proof: every command's output, byte for byte, against committed golden files.

Each case runs the CLI in-process (``automlspec.cli.main``) from the repository root with colour off and
no project configuration, and records the exit code, standard error, standard output and any file the
command wrote. A reshape must leave every golden file unchanged; a deliberate change of output is made
with ``python -m pytest tests/test_golden.py --update-golden`` and reviewed as a diff of tests/golden/.

The commands that talk to AWS (plan, apply, status, candidates, import) and ``lint --show-settings`` run
in a scratch repository against this process's moto_server, behind the fault proxy (AWS_CASES below: how
a case is seeded, and the short list of what is normalised because it varies per run).
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from moto_server import FaultProxy, MotoServer

from automlspec.cli import main
from automlspec.views.findings import NAMES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SPECS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "specs").glob("*.yaml"))
CASE_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "cases").rglob("*.y*ml"))
LINT_FORMATS = ("text", "concise", "json")
PROBLEM_TYPES = ("binary", "multiclass", "regression", "timeseries", "textgen", "image", "text-classification")
V1_SPECS = [s for s in SPECS if s.endswith("-v1.yaml")]
COMMANDS = (
    "lint", "rules", "explain", "resolve", "compile", "init", "migrate", "schema", "plan", "apply", "show", "import",
    "status", "candidates", "completion",
)  # fmt: skip
EXPLAIN = ("AML001", "AML104", "invalid-enum-value", "AML301", "AML900", "AML520")


@dataclass(frozen=True)
class Case:
    golden: str  # path under tests/golden/
    argv: tuple[str, ...]
    copy: str | None = None  # run in a scratch directory holding a copy of this file (commands that write)


def _cases() -> list[Case]:
    cases: list[Case] = []
    for fmt in LINT_FORMATS:
        color = ("--color", "never") if fmt == "text" else ()
        for path in [*SPECS, *CASE_FILES]:
            cases.append(Case(f"lint/{fmt}/{path}", ("lint", "--no-config", "--format", fmt, *color, path)))
        # A whole directory: the run-level rules see every spec at once.
        cases.append(Case(f"lint/{fmt}/specs-dir", ("lint", "--no-config", "--format", fmt, *color, "specs")))
    for fmt in NAMES:  # every format, on every case file at once
        color = ("--color", "never") if fmt == "text" else ()
        cases.append(
            Case(f"lint/all-formats/cases-dir.{fmt}", ("lint", "--no-config", "--format", fmt, *color, "tests/cases"))
        )
        if fmt not in LINT_FORMATS:
            cases.append(Case(f"lint/all-formats/specs-dir.{fmt}", ("lint", "--no-config", "--format", fmt, "specs")))
    for path in SPECS:
        cases.append(Case(f"resolve/{path}", ("resolve", "--no-config", path)))
        cases.append(Case(f"compile/own/{path}", ("compile", "--no-config", path)))
        cases.append(Case(f"compile/v1/{path}", ("compile", "--no-config", "--api", "v1", path)))
        cases.append(Case(f"compile/v2/{path}", ("compile", "--no-config", "--api", "v2", path)))
        cases.append(Case(f"compile/resolved/{path}", ("compile", "--no-config", "--resolved", path)))
    # A spec with errors: resolve and compile print the findings to standard error instead.
    bad = "tests/cases/limits/bad-v1.yaml"
    cases.append(Case(f"resolve/{bad}", ("resolve", "--no-config", "--color", "never", bad)))
    cases.append(Case(f"compile/own/{bad}", ("compile", "--no-config", "--color", "never", bad)))
    for problem in PROBLEM_TYPES:
        for api in ("v1", "v2"):
            cases.append(Case(f"init/{api}/{problem}", ("init", "--problem-type", problem, "--api", api)))
    cases.append(Case("migrate/check-specs-dir", ("migrate", "--check", "specs")))
    cases.append(Case("migrate/check-specs-dir-verbose", ("migrate", "--check", "-v", "specs")))
    for path in V1_SPECS:
        name = Path(path).name
        cases.append(Case(f"migrate/check/{path}", ("migrate", "--check", path)))
        cases.append(Case(f"migrate/write/{path}", ("migrate", name), copy=path))
    for api in ("v1", "v2"):
        cases.append(Case(f"schema/{api}", ("schema", "--api", api)))
    cases.append(Case("rules/text", ("rules",)))
    cases.append(Case("rules/json", ("rules", "--format", "json")))
    for code in EXPLAIN:
        cases.append(Case(f"explain/{code}", ("explain", code)))
    cases.append(Case("cli/version", ("--version",)))
    cases.append(Case("cli/version-short", ("-V",)))
    cases.append(Case("cli/help", ("--help",)))
    for command in COMMANDS:
        cases.append(Case(f"cli/help-{command}", (command, "--help")))
    for shell in ("bash", "zsh", "fish"):
        cases.append(Case(f"cli/completion-{shell}", ("completion", shell)))
    return cases


CASES = _cases()


def _run(case: Case, cwd: Path) -> str:
    """The CLI's exit code, stderr, stdout and written file, as one exact text."""
    parts = [_record(case.argv)]
    if case.copy is not None:
        written = cwd / Path(case.copy).name
        parts += [f"--- file {written.name}\n", written.read_text("utf-8")]
    return "".join(parts)


def _record(argv: tuple[str, ...]) -> str:
    """The CLI's exit code, stderr and stdout, as one exact text."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="", write_through=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(argv))
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved
    parts = [
        f"$ automlspec {' '.join(argv)}\n",
        f"--- exit {code}\n",
        "--- stderr\n",
        err_bytes.getvalue().decode("utf-8"),
        "--- stdout\n",
        out_bytes.getvalue().decode("utf-8"),
    ]
    return "".join(parts)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "AUTOMLSPEC_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.golden)
def test_output_matches_golden(
    case: Case, clean_env: None, update_golden: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = ROOT
    if case.copy is not None:
        cwd = tmp_path
        shutil.copy(ROOT / case.copy, cwd / Path(case.copy).name)
    monkeypatch.chdir(cwd)
    _compare(case.golden, _run(case, cwd), update_golden)


def _compare(name: str, got: str, update_golden: bool) -> None:
    golden = GOLDEN / f"{name}.out"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(got.encode("utf-8"))
        return
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden and review the diff"
    assert got == golden.read_bytes().decode("utf-8"), f"{name}: output changed (pytest --update-golden)"


def test_no_stale_golden_files(update_golden: bool) -> None:
    """Every golden file belongs to a case, so a removed case cannot leave an unchecked file behind."""
    expected = {GOLDEN / f"{c.golden}.out" for c in [*CASES, *AWS_CASES]}
    stale = [p for p in GOLDEN.rglob("*.out") if p not in expected]
    if update_golden:
        for path in stale:
            path.unlink()
        return
    assert not stale, f"golden files without a case: {sorted(map(str, stale))}"


# ----- commands that talk to AWS: a real moto_server (tests/moto_server.py) behind the fault proxy ---------------
#
# Each case starts from an empty moto (the `aws_env` fixture resets the one server of this pytest process,
# so `-n auto` gives each worker its own), writes its spec files into a scratch repository, seeds the
# server through boto3 (fixed job names, tags, data), then records each command as the offline cases do,
# plus every file the command wrote or changed. Setup that is not itself under test (applying the specs
# a case starts from) runs through the CLI too, unrecorded. The proxy (moto_server.FaultProxy) stands in
# for what moto cannot do (reference D: a completed job, a candidate list) and for AWS errors.
#
# What truly varies per run is normalised by `_normalise`, and nothing else:
# - the loopback ports of moto and of the proxy  -> 127.0.0.1:PORT
# - the scratch repository's absolute path       -> <repo>
# - a timestamp within an hour of the run (moto's CreationTime, the clock of `import` and of a saved
#   plan's "created"), ISO 8601 or `YYYY-MM-DD HH:MM:SS`                        -> <now>
# - a saved plan's "checksum" (it covers "created")                              -> <checksum>
# - the elapsed and remaining time of `status`'s one running job, churn-running (the clock minus moto's
#   CreationTime), in the text row and the JSON object                              -> <clock>
# - the elapsed time of its stopped job, churn-stopped (how long moto took between the create and the
#   stop: 0.0 s, or 0.001 s on a busy machine), in the text row and the JSON object  -> <clock>

# A tabular spec moto can create (ProblemType and CompletionCriteria, no ModelDeployConfig: reference D).
AWS_SPEC = """\
AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://golden-data/{data}/
OutputDataConfig:
  S3OutputPath: s3://golden-artifacts/{name}/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: {target}
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: {candidates}
      MaxAutoMLJobRuntimeInSeconds: 7200
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecution
Tags:
  - Key: team
    Value: {team}
  - Key: cost-center
    Value: cc-1234
"""


def aws_spec(name: str, *, candidates: int = 10, team: str = "growth", data: str = "churn", target: str = "churned"):
    return AWS_SPEC.format(name=name, candidates=candidates, team=team, data=data, target=target)


def _training_csv(rows: int = 600) -> bytes:
    return b"customer_id,tenure,monthly_charges,churned\n" + b"".join(
        f"C{n:05d},{n % 72},{20 + n % 50}.5,{n % 2}\n".encode() for n in range(rows)
    )


@dataclass
class Lab:
    """One case's world: the scratch repository, the moto server, the proxy in front of it."""

    root: Path
    server: MotoServer
    proxy: FaultProxy

    def sagemaker(self):
        return self.server.client("sagemaker")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    def cli(self, *argv: str) -> None:
        """Setup through the CLI, unrecorded; it must succeed."""
        out, err = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            code = main(list(argv))
        finally:
            sys.stdout, sys.stderr = saved
        assert code == 0, f"setup {argv}: exit {code}\n{err.getvalue()}{out.getvalue()}"

    def commit(self) -> None:
        """The repository as a git repository with an identity (`project: golden`), everything committed
        at a fixed time by a fixed author, so that the commit's name (recorded on the jobs apply creates,
        and in saved plans) is the same on every run: what `--prune` needs to stop a job."""
        import os
        import subprocess

        if not (self.root / ".automlspec.yaml").exists():
            self.write(".automlspec.yaml", "project: golden\n")
        stamp = "2026-01-01T00:00:00+00:00"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME="golden",
            GIT_AUTHOR_EMAIL="golden@example.com",
            GIT_COMMITTER_NAME="golden",
            GIT_COMMITTER_EMAIL="golden@example.com",
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
        )
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "specs"]):
            subprocess.run(["git", *command], cwd=self.root, env=env, check=True, capture_output=True)

    def tag(self, name: str, key: str, value: str) -> None:
        client = self.sagemaker()
        arn = client.describe_auto_ml_job_v2(AutoMLJobName=name)["AutoMLJobArn"]
        client.add_tags(ResourceArn=arn, Tags=[{"Key": key, "Value": value}])

    def answer(
        self, operation: str, payload: dict, contains: str = "", times: int = 99, after: str | None = None
    ) -> None:
        """The proxy answers ``operation`` (for a request whose body holds ``contains``) with ``payload``;
        with ``after``, only once a request for that operation has reached the proxy."""
        seen = self.proxy.seen
        rule = [
            lambda target, sent: (
                target == operation and contains.encode() in sent and (after is None or seen.get(after, 0) > 0)
            ),
            200,
            None,
            _wire(payload),
            times,
        ]
        self.proxy.rules.append(rule)

    def fail(self, operation: str, status: int, code: str, message: str, contains: str = "") -> None:
        self.proxy.fail(operation, status, code, message, times=99, contains=contains)


def _wire(value):
    """A recorded response as the JSON protocol sends it: timestamps as epoch seconds."""
    import datetime

    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


Step = tuple[str, ...]


@dataclass(frozen=True)
class AwsCase:
    golden: str  # path under tests/golden/
    setup: Callable[[Lab], None]
    steps: tuple[Step | Callable[[Lab], None], ...]  # an argv is recorded; a callable runs between them, unrecorded
    stdin: str | None = None  # a terminal's answers (the confirmation prompt); otherwise not a terminal


def _data(lab: Lab) -> None:
    """The training data the specs name: a good dataset, and one whose header lacks the target column."""
    s3 = lab.server.client("s3")
    for bucket in ("golden-data", "golden-artifacts"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="golden-data", Key="churn/part-0.csv", Body=_training_csv())
    s3.put_object(Bucket="golden-data", Key="nolabel/part-0.csv", Body=b"customer_id,tenure\nC1,3\nC2,4\n")
    s3.put_object(Bucket="golden-data", Key="marker/part-0.csv", Body=_training_csv())
    s3.put_object(Bucket="golden-data", Key="marker/_SUCCESS", Body=b"")


def _new_specs(lab: Lab) -> None:
    _data(lab)
    lab.write("churn-a.yaml", aws_spec("churn-a"))
    lab.write("churn-b.yaml", aws_spec("churn-b", candidates=20, team="retention"))


def _mixed(lab: Lab) -> None:
    """Every kind of action at once: a create, a no-op, a tag update, a conflict, a prune, a job by hand."""
    _data(lab)
    for name in ("keep", "retag", "changed", "gone"):
        lab.write(f"jobs/{name}.yaml", aws_spec(name))
    lab.commit()  # what --prune trusts: the repository's identity and the commit the jobs were created from
    lab.cli("apply", "--auto-approve", "--no-data", "jobs")
    by_hand = lab.sagemaker().describe_auto_ml_job_v2(AutoMLJobName="keep")  # no automlspec tags: never pruned
    lab.sagemaker().create_auto_ml_job_v2(
        AutoMLJobName="by-hand",
        AutoMLJobInputDataConfig=by_hand["AutoMLJobInputDataConfig"],
        OutputDataConfig=by_hand["OutputDataConfig"],
        AutoMLProblemTypeConfig=by_hand["AutoMLProblemTypeConfig"],
        RoleArn=by_hand["RoleArn"],
    )
    lab.write("jobs/retag.yaml", aws_spec("retag", team="retention"))
    lab.write(
        "jobs/changed.yaml",
        aws_spec("changed", candidates=25).replace("golden-artifacts/changed/", "golden-artifacts/changed-v2/"),
    )
    (lab.root / "jobs" / "gone.yaml").unlink()
    lab.write("jobs/new.yaml", aws_spec("new"))


def _no_conflict(lab: Lab) -> None:
    """What apply can do in one go: a create, a tag update, a no-op and (with --prune) a stop."""
    _mixed(lab)
    (lab.root / "jobs" / "changed.yaml").unlink()
    lab.sagemaker().stop_auto_ml_job(AutoMLJobName="changed")  # a stopped job is not stopped again


def _applied(lab: Lab) -> None:
    _new_specs(lab)
    lab.cli("apply", "--auto-approve", "--no-data")


def _lint_error(lab: Lab) -> None:
    _data(lab)
    lab.write("bad.yaml", aws_spec("churn_bad"))
    lab.write("good.yaml", aws_spec("churn-good"))


def _data_findings(lab: Lab) -> None:
    _data(lab)
    lab.write("nolabel.yaml", aws_spec("nolabel", data="nolabel"))
    lab.write("marker.yaml", aws_spec("marker", data="marker"))
    lab.write("missing.yaml", aws_spec("missing", data="not-there"))


def _data_warning(lab: Lab) -> None:
    _data(lab)
    lab.write("marker.yaml", aws_spec("marker", data="marker"))
    lab.write("churn-a.yaml", aws_spec("churn-a"))


def _lint_warning(lab: Lab) -> None:
    """A spec with a lint warning (AML307): plan and apply show it as compile does, and go on."""
    _data(lab)
    lab.write("churn-a.yaml", aws_spec("churn-a"))
    lab.write(
        "warned.yaml",
        aws_spec("churn-warned").replace("  - DataSource:", "  - ContentType: text/csv\n    DataSource:"),
    )


def _denied_list(lab: Lab) -> None:
    _new_specs(lab)
    lab.fail(
        "ListAutoMLJobs", 400, "AccessDeniedException", "User is not authorized to perform: sagemaker:ListAutoMLJobs"
    )


def _create_fails(lab: Lab) -> None:
    _new_specs(lab)
    lab.write("churn-c.yaml", aws_spec("churn-c"))
    lab.fail("CreateAutoMLJobV2", 400, "ResourceLimitExceeded", "The account-level service limit is 2 jobs", "churn-b")


def _targets(lab: Lab) -> None:
    _data(lab)
    for env, region in (("dev", "us-east-1"), ("prod", "eu-west-1")):
        lab.write(f"{env}/.automlspec.yaml", f"target:\n  region: {region}\n  allowed_account_ids: ['123456789012']\n")
        lab.write(f"{env}/churn.yaml", aws_spec(f"churn-{env}"))
    lab.write("other/.automlspec.yaml", "target:\n  allowed_account_ids: ['210987654321']\n")
    lab.write("other/churn.yaml", aws_spec("churn-other"))


def _edit_spec(lab: Lab) -> None:
    lab.write("churn-a.yaml", aws_spec("churn-a", candidates=11))


def _tag_live_job(lab: Lab) -> None:
    lab.tag("churn-a", "team", "edited-in-the-console")


def _completed_on_wait(lab: Lab) -> None:
    """After apply's own reads, --wait's poll sees churn-a completed and churn-b failed (moto cannot)."""
    import recorded

    best = recorded.candidate("churn-a", 7, 0.9312)
    completed = recorded.describe_v2("churn-a", "Completed", "Completed", best=best)
    lab.answer("DescribeAutoMLJobV2", completed, "churn-a", after="CreateAutoMLJobV2")  # not plan's own look
    failed = recorded.describe_v2("churn-b", "Failed", "Failed", failure="ClientError: no column 'churned'", minutes=4)
    lab.answer("DescribeAutoMLJobV2", failed, "churn-b", after="CreateAutoMLJobV2")


def _status_jobs(lab: Lab) -> None:
    """A spec per kind of row: running and stopped (moto), completed and failed (recorded), never applied,
    and one whose Describe is denied."""
    import recorded

    _data(lab)
    for name in ("running", "stopped", "completed", "failed", "never-applied", "secret"):
        lab.write(f"{name}.yaml", aws_spec(f"churn-{name}"))
    lab.cli("apply", "--auto-approve", "--no-data", "running.yaml", "stopped.yaml")
    lab.sagemaker().stop_auto_ml_job(AutoMLJobName="churn-stopped")
    best = recorded.candidate("churn-completed", 7, 0.9312)
    done = recorded.describe_v2("churn-completed", "Completed", "Completed", best=best)
    lab.answer("DescribeAutoMLJobV2", done, '"churn-completed"')
    reason = "ClientError: The target attribute 'churned' was not found in the header of s3://golden-data/churn/"
    lab.answer(
        "DescribeAutoMLJobV2",
        recorded.describe_v2("churn-failed", "Failed", "Failed", failure=reason),
        '"churn-failed"',
    )
    lab.fail(
        "DescribeAutoMLJobV2",
        400,
        "AccessDeniedException",
        "User is not authorized to perform: sagemaker:DescribeAutoMLJobV2",
        '"churn-secret"',
    )


def _candidates(lab: Lab) -> None:
    import recorded

    board = [recorded.candidate("churn", n, 0.80 + n / 100, minutes=n * 7) for n in range(1, 5)]
    board[1] = recorded.candidate("churn", 2, 0.97, minutes=14, algorithm=recorded.LINEAR, took=1234)
    board.append(recorded.candidate("churn", 5, None, minutes=40, status="InProgress", objective_status="Pending"))
    board.append(
        recorded.candidate("churn", 6, None, minutes=41, status="Failed", objective_status="Failed", failure="OOM")
    )
    lab.answer("ListCandidatesForAutoMLJob", {"Candidates": board[:3], "NextToken": "page-2"}, '"churn"', times=99)
    lab.proxy.rules.insert(
        0,
        [
            lambda target, sent: target == "ListCandidatesForAutoMLJob" and b"page-2" in sent,
            200,
            None,
            _wire({"Candidates": board[3:]}),
            99,
        ],
    )
    regression = [recorded.candidate("prices", n, v, metric="MSE", kind="Minimize") for n, v in ((1, 9.5), (2, 3.25))]
    lab.answer("ListCandidatesForAutoMLJob", {"Candidates": regression}, '"prices"')
    lab.answer("ListCandidatesForAutoMLJob", {"Candidates": []}, '"empty"')
    lab.fail(
        "ListCandidatesForAutoMLJob", 400, "ResourceNotFound", "Could not find AutoML job with name nope.", '"nope"'
    )


IMPORT_JOBS = {
    "churn-binary": {
        "TabularJobConfig": {
            "TargetAttributeName": "churned",
            "ProblemType": "BinaryClassification",
            "CompletionCriteria": {"MaxCandidates": 20, "MaxAutoMLJobRuntimeInSeconds": 14400},
            "Mode": "ENSEMBLING",
        }
    },
    "house-prices": {
        "TabularJobConfig": {
            "TargetAttributeName": "price",
            "ProblemType": "Regression",
            "CompletionCriteria": {"MaxCandidates": 10},
        }
    },
    "ticket-text": {
        "TextClassificationJobConfig": {
            "ContentColumn": "body",
            "TargetLabelColumn": "label",
            "CompletionCriteria": {"MaxAutoMLJobRuntimeInSeconds": 7200},
        }
    },
}


def _import_jobs(lab: Lab) -> None:
    client = lab.sagemaker()
    for name, config in IMPORT_JOBS.items():
        client.create_auto_ml_job_v2(
            AutoMLJobName=name,
            AutoMLJobInputDataConfig=[
                {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://acme-ml-data/{name}/"}}}
            ],
            OutputDataConfig={"S3OutputPath": f"s3://acme-ml-artifacts/{name}/"},
            AutoMLProblemTypeConfig=config,
            RoleArn="arn:aws:iam::123456789012:role/AutopilotExecution",
            Tags=[{"Key": "team", "Value": "analytics"}, {"Key": "automlspec:spec", "Value": "old/churn.yaml"}],
        )
    client.stop_auto_ml_job(AutoMLJobName="house-prices")


def _import_declared(lab: Lab) -> None:
    _import_jobs(lab)
    lab.write("specs/ticket-text.yaml", "AutoMLJobName: ticket-text\n# my own\n")
    lab.write("specs/tickets.yaml", "AutoMLJobName: Churn-Binary\n")


def _nothing(lab: Lab) -> None:
    pass


def _broken_spec(lab: Lab) -> None:
    lab.write("broken.yaml", "AutoMLJobName: [unclosed\n")


def _configured(lab: Lab) -> None:
    """A project configuration with every key, a folder that overrides it, and one in pyproject.toml."""
    lab.write(
        ".automlspec.yaml",
        "select: [AML1, AML2, AML3]\nignore: [tiny-runtime]\nseverity:\n  forecast-horizon-max: warning\n"
        "exclude:\n  - archive/**\ndefaults:\n  RoleArn: arn:aws:iam::123456789012:role/AutopilotExecution\n"
        "  Tags:\n    - Key: cost-center\n      Value: '4711'\n"
        "target:\n  region: eu-west-1\n  allowed_account_ids: ['123456789012']\n",
    )
    lab.write("churn.yaml", aws_spec("churn-a"))
    lab.write("team/.automlspec.yaml", "ignore: [AML5]\n")
    lab.write("team/churn.yaml", aws_spec("churn-team"))
    lab.write("tool/pyproject.toml", "[tool.automlspec]\nselect = ['AML1']\n")
    lab.write("tool/churn.yaml", aws_spec("churn-tool"))


def _aws_cases() -> list[AwsCase]:
    """A case per scenario (its setup is the slow part); read-only commands share one, a step each."""
    formats = ("text", "json", "markdown")

    def plans(*options: str) -> tuple[Step, ...]:
        return tuple(("plan", "--format", fmt, *options) for fmt in formats)

    stale = ("apply", "--plan", "plan.json", "--auto-approve")
    cases = [
        AwsCase(
            "plan/create",
            _new_specs,
            (
                *plans("--detailed-exitcode"),
                ("plan", "--no-data", "--region", "eu-west-1"),
                ("plan", "--no-data", "--compact", "--format", "markdown"),
            ),
        ),
        AwsCase("plan/mixed", _mixed, (*plans("jobs"), *plans("--prune", "-v", "jobs"))),
        AwsCase("plan/noop", _applied, (*plans("--detailed-exitcode"), *plans("-v"))),
        AwsCase("plan/lint-error", _lint_error, plans()),
        AwsCase("plan/data-errors", _data_findings, (*plans(), ("plan", "--no-data", "--detailed-exitcode"))),
        AwsCase("plan/data-warning", _data_warning, plans()),
        AwsCase("plan/lint-warning", _lint_warning, plans("--no-data")),
        AwsCase("plan/access-denied", _denied_list, plans("--no-data")),
        AwsCase("plan/targets", _targets, (*plans("--no-data", "dev", "prod"), ("plan", "--no-data", "other"))),
        AwsCase("plan/nothing", _nothing, (("plan",), ("plan", "--detailed-exitcode", "nonexistent"))),
        AwsCase("plan/saved/create", _new_specs, (("plan", "--out", "plan.json"),)),
        AwsCase("plan/saved/mixed-prune", _no_conflict, (("plan", "--prune", "--out", "plan.json", "jobs"),)),
        AwsCase("apply/create", _new_specs, (("apply", "--auto-approve"), ("plan", "--detailed-exitcode"))),
        AwsCase("apply/nothing", _applied, (("apply", "--auto-approve"),)),
        AwsCase("apply/mixed-prune", _no_conflict, (("apply", "--auto-approve", "--prune", "jobs"),)),
        AwsCase("apply/conflict", _mixed, (("apply", "--auto-approve", "jobs"),)),
        AwsCase("apply/failed-create", _create_fails, (("apply", "--auto-approve", "--no-data"),)),
        AwsCase("apply/lint-error", _lint_error, (("apply", "--auto-approve"),)),
        AwsCase("apply/data-error", _data_findings, (("apply", "--auto-approve"),)),
        AwsCase("apply/lint-warning", _lint_warning, (("apply", "--auto-approve", "--no-data"),)),
        AwsCase("apply/access-denied", _denied_list, (("apply", "--auto-approve", "--no-data"),)),
        AwsCase("apply/targets", _targets, (("apply", "--auto-approve", "--no-data", "dev", "prod"),)),
        AwsCase("apply/not-a-terminal", _new_specs, (("apply",),)),
        AwsCase("apply/confirmed", _new_specs, (("apply", "--no-data"),), stdin="yes\n"),
        AwsCase("apply/cancelled", _new_specs, (("apply", "--no-data"),), stdin="y\n"),
        AwsCase("apply/saved-plan", _new_specs, (("plan", "--out", "plan.json"), stale, stale)),
        AwsCase("apply/stale-plan-spec", _applied, (("plan", "--out", "plan.json"), _edit_spec, stale)),
        AwsCase("apply/stale-plan-live", _applied, (("plan", "--out", "plan.json"), _tag_live_job, stale)),
        AwsCase(
            "apply/saved-plan-positional",
            _new_specs,
            (
                ("plan", "--out", "tags.plan"),
                ("apply", "tags.plan", "churn-a.yaml"),
                ("apply", "tags.plan", "--auto-approve"),
            ),
        ),
        AwsCase(
            "show/saved-plan",
            _new_specs,
            (
                ("plan", "--out", "plan.json"),
                ("show", "plan.json"),
                ("show", "plan.json", "--format", "json"),
                ("show", "plan.json", "--format", "markdown", "--compact"),
                _edit_spec,
                ("show", "plan.json"),
                ("show", "plan.json", "--offline", "--compact"),
                ("show", "churn-b.yaml"),
            ),
        ),
        AwsCase(
            "apply/saved-plan-usage",
            _new_specs,
            (
                ("plan", "--out", "plan.json"),
                ("apply", "--plan", "plan.json", "churn-a.yaml"),
                ("apply", "--plan", "missing.json"),
            ),
        ),
        AwsCase(
            "apply/wait",
            _new_specs,
            (_completed_on_wait, ("apply", "--auto-approve", "--no-data", "--wait", "--poll", "0")),
        ),
        AwsCase(
            "status/jobs",
            _status_jobs,
            tuple(("status", "--format", fmt, "--parallel", "1") for fmt in ("text", "json")),
        ),
        AwsCase("status/unreadable", _nothing, (_broken_spec, ("status", ".", "gone.yaml"))),
    ]
    for fmt in ("text", "json", "csv"):
        boards = (("churn",), ("churn", "--top", "2"), ("prices",), ("empty",))
        cases.append(
            AwsCase(f"candidates/{fmt}", _candidates, tuple(("candidates", *b, "--format", fmt) for b in boards))
        )
    cases += [
        AwsCase("candidates/plot-svg", _candidates, (("candidates", "churn", "--top", "1", "--plot", "board.svg"),)),
        AwsCase(
            "candidates/errors", _candidates, (("candidates", "nope"), ("candidates", "churn", "--plot", "board.jpg"))
        ),
        AwsCase("import/single", _import_jobs, (("import", "churn-binary", "-o", "specs"),)),
        AwsCase("import/v1", _import_jobs, (("import", "house-prices", "ticket-text", "--api", "v1", "-o", "specs"),)),
        AwsCase("import/all", _import_jobs, (("import", "--all", "-o", "specs"),)),
        AwsCase(
            "import/all-filtered",
            _import_jobs,
            (("import", "--all", "--status", "InProgress", "--name-contains", "churn", "-o", "specs"),),
        ),
        AwsCase(
            "import/refusals",
            _import_declared,
            (
                ("import", "ticket-text", "churn-binary", "-o", "specs"),
                ("import", "ticket-text", "-o", "specs", "--force"),
            ),
        ),
        AwsCase("import/errors", _import_jobs, (("import", "nobody-here", "-o", "specs"), ("import", "-o", "specs"))),
        AwsCase(
            "lint/show-settings",
            _configured,
            (
                ("lint", "--show-settings", "."),
                ("lint", "--show-settings", "--no-config", "churn.yaml"),
                ("lint", "--show-settings", "--config", "team/.automlspec.yaml", "churn.yaml"),
            ),
        ),
    ]
    return cases


AWS_CASES = _aws_cases()


class _Terminal(io.StringIO):
    """Standard input that is a terminal, holding the user's answers."""

    def isatty(self) -> bool:
        return True


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")


def _normalise(text: str, root: Path, now: datetime.datetime) -> str:
    """Replace what varies per run, and only that (the list above AWS_SPEC)."""
    text = text.replace(str(root), "<repo>")
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r'"checksum": "[0-9a-f]{64}"', '"checksum": "<checksum>"', text)

    def stamp(match: re.Match[str]) -> str:
        moment = datetime.datetime.fromisoformat(match[0].replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return "<now>" if abs((moment - now).total_seconds()) < 3600 else match[0]

    return _running_clock(_STAMP.sub(stamp, text))


def _running_clock(text: str) -> str:
    """The clock-driven cells of `status`'s running job (see above): its text row and its JSON object."""
    text = re.sub(
        r"^(\S+ +churn-running +InProgress +\S+ +)(\d+s +)\d+h \d\dm",
        lambda m: m[1] + "<clock>".ljust(len(m[2])) + "<clock>",
        text,
        flags=re.M,
    )
    text = re.sub(
        r"^(\S+ +churn-stopped +Stopped +\S+ +)(\d+s +)(?=-)",
        lambda m: m[1] + "<clock>".ljust(len(m[2])),
        text,
        flags=re.M,
    )
    lines, timed = text.split("\n"), False
    for n, line in enumerate(lines):
        started = line.strip() in ('"job": "churn-running",', '"job": "churn-stopped",')
        timed = (timed or started) and line != "  },"
        if timed:
            lines[n] = re.sub(r'^( *"(?:elapsed|remaining)_seconds": )[0-9.]+', r"\1<clock>", line)
    return "\n".join(lines)


@pytest.mark.parametrize("case", AWS_CASES, ids=lambda c: c.golden)
def test_aws_output_matches_golden(
    case: AwsCase,
    clean_env: None,
    update_golden: bool,
    moto_server,
    fault_proxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    lab = Lab(root, moto_server, fault_proxy)
    case.setup(lab)
    monkeypatch.setattr(sys, "stdin", _Terminal(case.stdin) if case.stdin is not None else io.StringIO(""))
    parts: list[str] = []
    for step in case.steps:
        if not isinstance(step, tuple):
            step(lab)
            continue
        before = _snapshot(root)
        parts.append(_record(step))
        for name, content in _snapshot(root).items():
            if before.get(name) != content:
                parts += [f"--- file {name}\n", content.decode("utf-8")]
    got = _normalise("".join(parts), root, datetime.datetime.now(datetime.UTC))
    _compare(case.golden, got, update_golden)
