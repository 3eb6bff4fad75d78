"""plan and apply through the CLI against an in-memory account (tests/fake_sagemaker.py): the behaviours
of issue 8 that need no real server, each in milliseconds. The end-to-end cases stay against moto
(tests/test_plan_apply.py: the real requests, HTTP-level call counts, the data checks, credentials).
"""

from __future__ import annotations

import json
import os

from fake_sagemaker import ACCOUNT

from automlspec.cli import main
from automlspec.errors import AwsError
from automlspec.jobs.request import HASH_TAG, SPEC_TAG, user_tags

SPEC = """\
AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://my-bucket/churn/train/
OutputDataConfig:
  S3OutputPath: {output}
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: churned
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: {candidates}
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::{account}:role/AutopilotExecution
"""


def spec(name: str, candidates: int = 10, tags: dict[str, str] | None = None, output: str = "") -> str:
    tags = {"team": "growth"} if tags is None else tags
    text = SPEC.format(
        name=name, candidates=candidates, account=ACCOUNT, output=output or f"s3://my-bucket/{name.lower()}/output/"
    )
    if tags:
        text += "Tags:\n" + "".join(f"  - Key: {k}\n    Value: {v}\n" for k, v in tags.items())
    return text


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The CLI, colour off, the data checks off (they read S3 through their own reader)."""
    extra = ["--color", "never"] + (["--no-data"] if "--plan" not in args else [])
    code = main([*args, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def write(name: str, text: str) -> None:
    from pathlib import Path

    Path(name).write_text(text)


# ----- create, noop, idempotence ---------------------------------------------------------------------------


def test_create_then_noop_and_the_second_apply_changes_nothing(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 2, err
    assert "+ churn-xgb will be created  (churn.yaml)  [not created yet]" in out
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "create churn-xgb: ok: created" in out
    sagemaker = fake_plan.sagemaker()
    arn = sagemaker.jobs["churn-xgb"]["AutoMLJobArn"]
    tags = {t["Key"]: t["Value"] for t in sagemaker.job_tags[arn]}
    assert tags["team"] == "growth" and tags[SPEC_TAG] == "churn.yaml" and len(tags[HASH_TAG]) == 64
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "Nothing to apply." in out
    assert fake_plan.calls()["sagemaker:CreateAutoMLJobV2"] == 1


def test_a_job_created_from_exactly_its_spec_is_not_described(fake_plan, capsys):
    write("a.yaml", spec("job-a"))
    write("b.yaml", spec("job-b"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    sagemaker = fake_plan.sagemaker()
    sagemaker.tag("job-b", HASH_TAG, "edited by hand")
    before = fake_plan.calls()
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0 and "(2 unchanged)" in out, err
    calls = fake_plan.calls() - before
    assert calls["sagemaker:ListTags"] == 2 and calls["sagemaker:DescribeAutoMLJobV2"] == 1
    write("a.yaml", spec("job-a", candidates=20))  # edited since: described, and a conflict
    code, out, _ = run(capsys, "plan")
    assert code == 1 and "! job-a cannot be changed" in out


def test_two_specs_naming_one_job_are_each_compared_with_it(fake_plan, capsys):
    write("a.yaml", spec("job-a"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    write(".automlspec.yaml", "ignore: [AML520]\n")
    write("b.yaml", spec("JOB-A", candidates=25).replace("s3://my-bucket/job-a/", "s3://my-bucket/job-a/"))
    code, out, err = run(capsys, "plan", "-v")
    assert code == 1, err
    assert "= job-a matches  (a.yaml)" in out and "! job-a cannot be changed  (b.yaml)" in out, out


# ----- tags, conflicts, names ------------------------------------------------------------------------------------


def test_update_tags_adds_changes_and_removes_then_noop(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb", tags={"team": "growth", "old": "x"}))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    write("churn.yaml", spec("churn-xgb", tags={"team": "retention", "env": "prod"}))
    code, out, _ = run(capsys, "plan", "--detailed-exitcode")
    assert code == 2
    assert "~ churn-xgb tags will be updated  (churn.yaml)  [InProgress/Starting]" in out
    assert '~ Tags.team: "growth" -> "retention"' in out
    assert '+ Tags.env: (none) -> "prod"' in out
    assert '- Tags.old: "x" -> (none)' in out
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "tags removed old; set team, env" in out, err
    sagemaker = fake_plan.sagemaker()
    tags = sagemaker.job_tags[sagemaker.jobs["churn-xgb"]["AutoMLJobArn"]]
    assert user_tags(tags) == [{"Key": "team", "Value": "retention"}, {"Key": "env", "Value": "prod"}]
    assert run(capsys, "plan", "--detailed-exitcode")[0] == 0


def test_conflict_lists_each_field_and_suggests_a_free_name_and_apply_refuses(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    sagemaker = fake_plan.sagemaker()
    sagemaker.create({**sagemaker.describe("churn-xgb"), "AutoMLJobName": "churn-xgb-2"})
    write("churn.yaml", spec("churn-xgb", candidates=20, output="s3://my-bucket/other/out/"))
    code, out, _ = run(capsys, "plan", "--format", "json")
    assert code == 1
    (action,) = json.loads(out)["actions"]
    assert action["action"] == "conflict" and action["status"] == "InProgress"
    assert action["suggested_name"] == "churn-xgb-3"  # churn-xgb-2 is taken in the account
    assert {(c["path"], c["before"], c["after"]) for c in action["changes"]} == {
        ("OutputDataConfig.S3OutputPath", "s3://my-bucket/churn-xgb/output/", "s3://my-bucket/other/out/"),
        ("AutoMLProblemTypeConfig.TabularJobConfig.CompletionCriteria.MaxCandidates", 10, 20),
    }
    code, _, err = run(capsys, "apply", "--auto-approve")
    assert code == 1 and "refusing to apply: 1 conflict(s) (churn-xgb)" in err
    assert fake_plan.calls()["sagemaker:CreateAutoMLJobV2"] == 2  # the first apply and the test's own


def test_names_match_case_insensitively(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    write("churn.yaml", spec("Churn-XGB"))
    code, out, _ = run(capsys, "plan", "--detailed-exitcode", "-v")
    assert code == 0, out
    assert "= churn-xgb matches" in out  # the live job's own spelling
    assert fake_plan.sagemaker().user_jobs() == ["churn-xgb"]


# ----- prune ------------------------------------------------------------------------------------------------------


def test_prune_stops_only_running_jobs_this_tool_created_from_specs_in_scope(fake_plan, capsys, monkeypatch):
    from pathlib import Path

    from test_prune_provenance import commit, git

    # prune needs a repository identity and the creating commit in this checkout (tests/test_prune_provenance.py)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(Path("."), "init", "-q")
    write(".automlspec.yaml", "project: acme-churn\n")
    Path("specs").mkdir()
    Path("other").mkdir()
    for name, folder in (("job-a", "specs"), ("job-b", "specs"), ("job-c", "other")):
        write(f"{folder}/{name}.yaml", spec(name))
    commit(Path("."))
    assert run(capsys, "apply", "specs", "other", "--auto-approve")[0] == 0
    sagemaker = fake_plan.sagemaker()
    sagemaker.create({**sagemaker.describe("job-a"), "AutoMLJobName": "by-hand"})  # no automlspec:spec tag
    sagemaker.set_status("job-a", "Completed")
    for name in ("job-a", "job-b"):
        Path(f"specs/{name}.yaml").unlink()
    commit(Path("."), "retire job-a and job-b")
    code, out, _ = run(capsys, "plan", "specs", "--prune")
    assert (
        "- job-b will be stopped (created by automlspec; no spec names it now)  (created from specs/job-b.yaml)" in out
    )
    assert "job-a" not in out and "job-c" not in out and "by-hand" not in out  # ended, out of scope, not ours
    code, out, err = run(capsys, "apply", "specs", "--prune", "--auto-approve")
    assert code == 0 and "stop job-b: ok: stop requested" in out, err
    assert sagemaker.jobs["job-b"]["AutoMLJobStatus"] == "Stopping"
    assert fake_plan.calls()["sagemaker:StopAutoMLJob"] == 1


# ----- saved plans ------------------------------------------------------------------------------------------------


def test_a_saved_plan_is_refused_when_a_live_job_changed(fake_plan, capsys):
    write("a.yaml", spec("job-a"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    write("a.yaml", spec("job-a", tags={"team": "other"}))
    assert run(capsys, "plan", "--out", "plan.json")[0] == 0
    fake_plan.sagemaker().tag("job-a", "someone", "else")
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 1 and "the live job job-a changed since it was planned" in err


def test_a_saved_plan_applies_exactly_once(fake_plan, capsys):
    write("a.yaml", spec("job-a"))
    assert run(capsys, "plan", "--out", "plan.json")[0] == 0
    code, out, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 0 and "create job-a: ok: created" in out, err
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 1 and "the live job job-a changed since it was planned" in err


# ----- failures, Ctrl-C, the account guard --------------------------------------------------------------------------


def test_one_failure_does_not_stop_the_others_and_the_summary_names_it(fake_plan, capsys):
    for name in ("job-a", "job-b", "job-c"):
        write(f"{name}.yaml", spec(name))
    message = "sagemaker:CreateAutoMLJobV2: ResourceLimitExceeded: The account-level service limit is 2 jobs."
    fake_plan.sagemaker().failures[("CreateAutoMLJobV2", "job-b")] = AwsError(message, "ResourceLimitExceeded")
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1
    assert "Apply failed: 2 created, 0 tags updated, 0 stopped, 1 failed." in out
    assert f"automlspec: error: create job-b: {message}" in err
    del fake_plan.sagemaker().failures[("CreateAutoMLJobV2", "job-b")]
    code, out, _ = run(capsys, "apply", "--auto-approve")  # the rest is idempotent: only job-b is left
    assert code == 0 and "Apply complete: 1 created" in out


def test_ctrl_c_during_apply_stops_cleanly_and_says_what_was_not_done(fake_plan, capsys):
    for name in ("job-a", "job-b", "job-c"):
        write(f"{name}.yaml", spec(name))
    fake_plan.sagemaker().interrupt.add("job-b")  # Ctrl-C while job-b is being sent
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1, err
    assert "create job-a: ok: created" in out
    # job-b was being sent: it may have reached AWS, so it is never reported as not done (issue 23, item 7)
    assert "create job-b: interrupted while in flight: it may have happened; run `automlspec plan` to see" in out
    assert "create job-c: not done" in out
    assert (
        "Apply interrupted: 1 created, 0 tags updated, 0 stopped, 0 failed, 1 may have happened (run `automlspec"
        " plan`), 1 not done." in out
    )
    assert "Traceback" not in out + err
    fake_plan.sagemaker().interrupt.clear()
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "Apply complete: 2 created" in out


def test_a_target_that_allows_other_accounts_is_refused_before_anything_is_read(fake_plan, capsys):
    write(".automlspec.yaml", "target:\n  allowed_account_ids: ['999999999999']\n")
    write("a.yaml", spec("job-a"))
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    assert "the credentials are for account 123456789012" in err and "allows only 999999999999" in err
    assert set(fake_plan.calls()) == {"sts:GetCallerIdentity"}


# ----- --wait -------------------------------------------------------------------------------------------------------


def test_wait_follows_created_jobs_until_they_end_and_names_the_best_candidate(fake_plan, capsys):
    write("a.yaml", spec("job-a"))
    sagemaker = fake_plan.sagemaker()
    running = {"AutoMLJobName": "job-a", "AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "Training"}
    completed = {
        **running,
        "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
        "BestCandidate": {
            "CandidateName": "job-a-trial-7",
            "FinalAutoMLJobObjectiveMetric": {"MetricName": "F1", "Value": 0.91},
        },
    }
    sagemaker.answers["job-a"] = [running, running, completed]  # the --wait polls (plan found no job-a)
    code, out, err = run(capsys, "apply", "--auto-approve", "--wait", "--poll", "0")
    assert code == 0, err
    lines = out.rstrip().splitlines()
    assert lines[-3:] == [
        "job-a: InProgress/Training",
        "job-a: Completed/Completed",
        "job-a: Completed: job-a-trial-7: F1 = 0.91",
    ]


def test_a_saved_plan_applies_from_another_directory_and_leaves_the_working_directory_alone(
    fake_plan, capsys, monkeypatch
):
    import os
    from pathlib import Path

    Path("specs").mkdir()
    write("specs/.automlspec.yaml", "target:\n  region: eu-west-1\n")  # named in the plan's target label
    write("specs/a.yaml", spec("job-a"))
    assert run(capsys, "plan", "specs", "--out", "plan.json")[0] == 0
    repo = Path.cwd()
    monkeypatch.chdir("specs")
    here = os.getcwd()
    code, out, err = run(capsys, "apply", "--plan", "../plan.json", "--auto-approve")
    assert code == 0, err
    assert f"automlspec: applying from {repo}, where the plan was made" in err
    assert "Target: account 123456789012, region eu-west-1 (target from specs/.automlspec.yaml)" in out
    assert "+ job-a will be created  (specs/a.yaml)" in out and "create job-a: ok: created" in out
    assert os.getcwd() == here  # the paths were read relative to where plan ran; nothing changed directory
    assert fake_plan.sagemaker("eu-west-1").user_jobs() == ["job-a"]


# ----- answers that never came (issue 23, item 7) ------------------------------------------------------------


def test_a_create_whose_answer_never_came_may_have_happened(fake_plan, capsys):
    # the request was sent and the deadline passed: AWS may have created the job, so it is neither done
    # nor failed, and the next plan is the way to know
    write("a.yaml", spec("job-a"))
    fake_plan.sagemaker().failures[("CreateAutoMLJobV2", "job-a")] = AwsError(
        "sagemaker:CreateAutoMLJobV2: AWS did not answer in us-east-1 within 120 s (the deadline of one call,"
        " its retries included)",
        "ReadTimeout",
        "CreateAutoMLJobV2",
    )
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1, err
    assert (
        "create job-a: UNKNOWN: sagemaker:CreateAutoMLJobV2: AWS did not answer in us-east-1 within 120 s (the"
        " deadline of one call, its retries included); it may have happened: run `automlspec plan` to see" in out
    )
    summary = out.rstrip().splitlines()[-1]
    assert "0 created" in summary and "0 failed" in summary and "1 may have happened" in summary
    assert "Traceback" not in out + err


def test_the_wait_table_shows_aws_text_as_text(capsys):
    # rich reads markup in a str cell ("[bold]", "[link=...]"): AWS's text goes in as plain, escaped Text
    from automlspec.plan.apply import Watched
    from automlspec.views.apply import Hooks

    forged = "Starting[bold]\x1b[2J[/bold]"
    watched = [Watched("job-a", "t", "InProgress", forged)]
    Hooks("always").follow(watched, lambda show: (show(watched), True)[1])
    out = capsys.readouterr().out
    assert "\x1b" not in out  # no escape sequence of AWS's reaches the terminal, and none of rich's markup
    row = next(line for line in out.splitlines() if "job-a" in line)
    assert "Starting[bold]\\x1b[2J[/bold]" in row  # the text as AWS sent it, shown, not obeyed


# ----- what plan reports besides the actions (issue 21) ------------------------------------------------------


def test_lint_warnings_go_to_stderr_into_the_json_and_into_the_markdown(fake_plan, capsys):
    warned = spec("churn-warned").replace("  - DataSource:", "  - ContentType: text/csv\n    DataSource:")
    write("churn.yaml", warned)
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert "AML307 warning [contenttype-near-miss]" in err and "+ churn-warned will be created" in out
    code, out, err = run(capsys, "plan", "--format", "json")
    assert code == 0 and "AML307" in err
    assert [(w["rule"], w["file"], w["line"]) for w in json.loads(out)["warnings"]] == [("AML307", "churn.yaml", 3)]
    code, out, _ = run(capsys, "plan", "--format", "markdown")
    assert code == 0 and "- `churn.yaml:3:18` **AML307** warning [contenttype-near-miss]" in out, out
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "AML307 warning" in err and "create churn-warned: ok" in out


def test_the_json_names_each_targets_account_region_profile_and_source(fake_plan, capsys):
    for env, region in (("dev", "us-east-1"), ("prod", "eu-west-1")):
        os.makedirs(env)
        write(f"{env}/.automlspec.yaml", f"target:\n  region: {region}\n")
        write(f"{env}/churn.yaml", spec(f"churn-{env}"))
    code, out, err = run(capsys, "plan", "--format", "json", "dev", "prod")
    assert code == 0, err
    plan = json.loads(out)
    assert [(t["account"], t["region"], t["profile"], t["source"]) for t in plan["targets"]] == [
        (ACCOUNT, "us-east-1", None, "dev/.automlspec.yaml"),
        (ACCOUNT, "eu-west-1", None, "prod/.automlspec.yaml"),
    ]
    # the prose key stays (README's contract) and is the key into `targets`
    labels = {t["target"] for t in plan["targets"]}
    assert {a["target"] for a in plan["actions"]} == labels


def test_the_markdown_comment_names_the_account_and_region(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    code, out, err = run(capsys, "plan", "--format", "markdown")
    assert code == 0, err
    assert out.startswith(f"### automlspec plan: account {ACCOUNT}, region us-east-1\n"), out
    assert f"**Target:** account `{ACCOUNT}`, region `us-east-1` (the default session)" in out


def test_a_failed_plan_still_writes_a_markdown_comment_that_says_why(fake_plan, capsys):
    write("churn.yaml", spec("churn_xgb"))  # AML106: not a valid job name
    code, out, err = run(capsys, "plan", "--format", "markdown")
    assert code == 1 and "automlspec: error: the specs have errors" in err
    assert out.startswith("### automlspec plan failed\n\n**the specs have errors; fix them before planning**\n")
    assert "- `churn.yaml:1:16` **AML106** error [pattern-mismatch]: AutoMLJobName 'churn_xgb'" in out, out
    write("churn.yaml", spec("churn-xgb"))
    denied = "sagemaker:DescribeAutoMLJobV2: access denied: User is not authorized"
    fake_plan.sagemaker().failures[("DescribeAutoMLJobV2", "churn-xgb")] = AwsError(denied, "AccessDeniedException")
    code, out, err = run(capsys, "plan", "--format", "markdown")
    assert code == 1 and denied in err
    assert out == f"### automlspec plan failed\n\n**{denied}**\n", out


def test_a_create_lists_what_will_be_sent_and_marks_the_documented_defaults(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    lines = out.splitlines()
    head = lines.index("  + churn-xgb will be created  (churn.yaml)  [not created yet]")
    assert lines[head + 1 : head + 4] == [
        '      + AutoMLJobInputDataConfig[0].ChannelType: "training"  (documented default)',
        '      + AutoMLJobInputDataConfig[0].ContentType: "text/csv;header=present"  (documented default)',
        '      + AutoMLJobInputDataConfig[0].CompressionType: "None"  (documented default)',
    ]
    assert '      + AutoMLProblemTypeConfig.TabularJobConfig.TargetAttributeName: "churned"' in lines
    assert "      + DataSplitConfig.ValidationFraction: 0.2  (documented default)" in lines
    assert '      + Tags.team: "growth"' in lines
    assert not any("automlspec:" in line or "AutoMLJobName" in line for line in lines)  # the tool's tags, the name
    code, out, _ = run(capsys, "plan", "--format", "json")
    changes = {c["path"]: c for c in json.loads(out)["actions"][0]["changes"]}
    assert changes["RoleArn"] == {
        "path": "RoleArn",
        "before": None,
        "after": f"arn:aws:iam::{ACCOUNT}:role/AutopilotExecution",
        "default": False,
    }
    assert changes["DataSplitConfig.ValidationFraction"]["default"] is True
    code, out, _ = run(capsys, "plan", "--compact")
    assert "+ churn-xgb will be created" in out and "RoleArn" not in out
    code, out, _ = run(capsys, "plan", "--format", "markdown")
    assert "<details><summary><code>churn-xgb</code>: 13 field(s)</summary>" in out, out
    assert "| `DataSplitConfig.ValidationFraction` | `0.2` (documented default) |" in out


def test_the_project_defaults_are_the_specs_own_fields(fake_plan, capsys):
    write(".automlspec.yaml", "defaults:\n  SecurityConfig:\n    EnableInterContainerTrafficEncryption: true\n")
    write("churn.yaml", spec("churn-xgb"))
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert "      + SecurityConfig.EnableInterContainerTrafficEncryption: true\n" in out, out


def test_many_creates_are_one_line_each_unless_v(fake_plan, capsys):
    for n in range(11):
        write(f"job-{n}.yaml", spec(f"job-{n}"))
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert out.count(" will be created ") == 11 and "RoleArn" not in out
    assert "The fields of the 11 jobs to create are not listed (more than 10); -v lists them." in out
    code, out, _ = run(capsys, "plan", "-v")
    assert out.count("      + RoleArn: ") == 11 and "are not listed" not in out
    code, out, _ = run(capsys, "plan", "--compact")
    assert "RoleArn" not in out and "are not listed" not in out
    code, out, _ = run(capsys, "plan", "--format", "json")
    assert all(a["changes"] for a in json.loads(out)["actions"])  # JSON always lists every field


# ----- saved plans: show, and a plan file given as a path (issue 21) --------------------------------------------


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--color", "never"])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_a_saved_plan_and_whether_it_is_still_current(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    assert run(capsys, "plan", "--out", "tags.plan")[0] == 0
    code, out, err = cli(capsys, "show", "tags.plan")
    assert code == 0, err
    assert "  + churn-xgb will be created  (churn.yaml)  [not created yet]" in out
    assert '      + Tags.team: "growth"' in out
    assert out.endswith("This plan is still current: `automlspec apply --plan tags.plan` applies it.\n"), out
    code, out, _ = cli(capsys, "show", "tags.plan", "--format", "json")
    shown = json.loads(out)
    assert shown["saved"]["fresh"] is True and shown["summary"]["create"] == 1
    assert shown["targets"][0]["account"] == ACCOUNT
    code, out, _ = cli(capsys, "show", "tags.plan", "--format", "markdown")
    assert out.startswith("### automlspec plan: account") and out.endswith(
        "> This plan is still current: `automlspec apply --plan tags.plan` applies it.\n"
    )
    write("churn.yaml", spec("churn-xgb", tags={"team": "retention"}))  # the spec changed: stale
    code, out, err = cli(capsys, "show", "tags.plan")
    assert code == 0, err
    assert "This plan is stale: churn.yaml changed since it was planned; plan again" in out
    assert json.loads(cli(capsys, "show", "tags.plan", "--format", "json")[1])["saved"]["fresh"] is False
    code, out, _ = cli(capsys, "show", "tags.plan", "--offline")
    assert code == 0 and out.endswith("Whether this plan is still current is unknown: not checked (--offline)\n")


def test_show_says_freshness_is_unknown_when_aws_cannot_be_asked(fake_plan, capsys, monkeypatch):
    write("churn.yaml", spec("churn-xgb"))
    assert run(capsys, "plan", "--out", "tags.plan")[0] == 0

    def unreachable(target):
        raise AwsError("sts:GetCallerIdentity: could not connect to the endpoint https://sts.amazonaws.com")

    import functools

    from automlspec.plan import operation

    real = operation.Operation.func  # the fixture's partial: the fake account under the real Operation
    monkeypatch.setattr(operation, "Operation", functools.partial(real, connect=unreachable, service=fake_plan.service))
    code, out, err = cli(capsys, "show", "tags.plan")
    assert code == 0, err
    assert "  + churn-xgb will be created" in out
    assert out.endswith(
        "Whether this plan is still current is unknown: sts:GetCallerIdentity: could not connect to the endpoint"
        " https://sts.amazonaws.com\n"
    ), out
    assert json.loads(cli(capsys, "show", "tags.plan", "--format", "json")[1])["saved"]["fresh"] is None


def test_show_refuses_a_file_that_is_not_a_saved_plan(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    code, out, err = cli(capsys, "show", "churn.yaml")
    assert code == 1 and out == "" and "churn.yaml is not a saved plan" in err, err
    code, _, err = cli(capsys, "show", "missing.plan")
    assert code == 2 and "automlspec: error: missing.plan: no such file" in err, err
    os.mkdir("folder.plan")
    os.mkfifo("pipe.plan")  # never opened: a read would wait for a writer for ever
    for name in ("folder.plan", "pipe.plan"):
        code, _, err = cli(capsys, "show", name)
        assert code == 2 and err == f"automlspec: error: {name}: not a regular file, not a saved plan\n", err


def test_apply_with_a_saved_plan_as_its_path_applies_the_plan(fake_plan, capsys):
    write("churn.yaml", spec("churn-xgb"))
    assert run(capsys, "plan", "--out", "tags.plan")[0] == 0
    code, out, err = cli(capsys, "apply", "tags.plan", "churn.yaml", "--auto-approve")
    assert code == 2 and "tags.plan is a saved plan: apply it alone" in err, err
    code, out, err = cli(capsys, "apply", "tags.plan", "--auto-approve")
    assert code == 0, err
    assert "AML008" not in err and "create churn-xgb: ok: created" in out
    code, out, err = cli(capsys, "apply", "tags.plan", "--auto-approve")  # applied: now stale, as with --plan
    assert code == 1 and "tags.plan is stale" in err, err


def test_the_tagging_api_index_spares_list_tags_only_for_noops(fake_plan, capsys):
    """With `target.tagging_api: true` (tests/test_tagging_api.py has the end-to-end cases): a job the index
    shows created from its spec with the spec's tags costs no call; any other (not indexed, another hash, a
    tag that differs in the index) is read with ListTags, and its action rests on ListTags' answer."""
    for name in ("job-a", "job-b", "job-c", "job-d"):
        write(f"{name}.yaml", spec(name))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    write(".automlspec.yaml", "target:\n  tagging_api: true\n")
    sagemaker = fake_plan.sagemaker()
    arn = {name: sagemaker.jobs[name]["AutoMLJobArn"] for name in sagemaker.jobs}
    true_tags = {name: sagemaker.job_tags[arn[name]] for name in arn}
    sagemaker.index[arn["job-b"]] = [
        t if t["Key"] != HASH_TAG else {**t, "Value": "0" * 64} for t in true_tags["job-b"]
    ]
    sagemaker.index[arn["job-c"]] = None
    sagemaker.index[arn["job-d"]] = [t if t["Key"] != "team" else {**t, "Value": "old"} for t in true_tags["job-d"]]
    before = fake_plan.calls()
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    calls = fake_plan.calls() - before
    assert calls["tag:GetResources"] == 1 and calls["sagemaker:ListTags"] == 3
    assert calls["sagemaker:DescribeAutoMLJobV2"] == 0
    sagemaker.index_error = AwsError("tag:GetResources: access denied: not authorized", "AccessDeniedException")
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0 and "could not be read (tag:GetResources: access denied" in out, out + err
    assert (fake_plan.calls() - before)["sagemaker:ListTags"] == 7
