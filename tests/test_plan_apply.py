"""plan and apply against a real moto_server: issue 8's behaviours end to end, in process. The ones that
need no real server (tags, conflicts, names, failures, Ctrl-C, --wait, a saved plan's live job changed)
are unit tests against an in-memory account: tests/test_plan_fake.py.

Specs here always carry ProblemType and CompletionCriteria and no ModelDeployConfig: moto crashes
without them (reference D). moto appends a tag on AddTags instead of overwriting it; plan reads the last
value of a repeated key, which is also what AWS keeps, so no test needs to work around it.

plan checks the training data by default (issue 9), so ``repo`` puts a good dataset in the server's S3
(s3://my-bucket/churn/train/, 600 rows with the target column) that the specs here share.
"""

from __future__ import annotations

import json
import os

import pytest
from moto_server import ACCOUNT

from automlspec.cli import main
from automlspec.jobs import request as live

SPEC = """\
AutoMLJobName: {name}
AutoMLJobInputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://my-bucket/churn/train/
OutputDataConfig:
  S3OutputPath: s3://my-bucket/{name}/output/
AutoMLProblemTypeConfig:
  TabularJobConfig:
    TargetAttributeName: churned
    ProblemType: BinaryClassification
    CompletionCriteria:
      MaxCandidates: {candidates}
AutoMLJobObjective:
  MetricName: F1
RoleArn: arn:aws:iam::{account}:role/AutopilotExecution
Tags:
{tags}
"""

V1_SPEC = """\
AutoMLJobName: {name}
InputDataConfig:
  - DataSource:
      S3DataSource:
        S3DataType: S3Prefix
        S3Uri: s3://my-bucket/churn/train/
    TargetAttributeName: churned
OutputDataConfig:
  S3OutputPath: s3://my-bucket/v1/output/
ProblemType: Regression
AutoMLJobObjective:
  MetricName: MSE
AutoMLJobConfig:
  CompletionCriteria:
    MaxCandidates: 5
RoleArn: arn:aws:iam::123456789012:role/AutopilotExecution
"""


def spec(name: str, candidates: int = 10, tags: dict[str, str] | None = None, account: str = ACCOUNT) -> str:
    tags = {"team": "growth"} if tags is None else tags
    lines = "".join(f"  - Key: {k}\n    Value: {v}\n" for k, v in tags.items()) or "  []\n"
    if not tags:
        return SPEC.format(name=name, candidates=candidates, account=account, tags="").replace("Tags:\n\n", "")
    return SPEC.format(name=name, candidates=candidates, account=account, tags=lines.rstrip("\n"))


def training_csv(rows: int = 600, target: str = "churned") -> bytes:
    return ("customer_id,tenure,monthly_charges," + target + "\n").encode() + b"".join(
        f"C{n:05d},{n % 72},{20 + n % 50}.5,{n % 2}\n".encode() for n in range(rows)
    )


@pytest.fixture
def repo(aws_env, tmp_path, monkeypatch):
    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--color", "never"] if args[0] in ("plan", "apply") else list(args))
    out, err = capsys.readouterr()
    return code, out, err


def jobs(client) -> dict[str, dict]:
    return {j["AutoMLJobName"]: j for j in client.list_auto_ml_jobs(MaxResults=100)["AutoMLJobSummaries"]}


def tags_of(client, name: str) -> list[dict]:
    arn = client.describe_auto_ml_job_v2(AutoMLJobName=name)["AutoMLJobArn"]
    return client.list_tags(ResourceArn=arn)["Tags"]


# ----- create, noop, idempotence ---------------------------------------------------------------------------


def test_create_then_noop_and_apply_twice_changes_nothing(aws_env, repo, capsys):
    (repo / "churn.yaml").write_text(spec("churn-xgb"))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 2, err
    assert "+ churn-xgb will be created  (churn.yaml)" in out
    assert out.rstrip().endswith("Plan: 1 to create, 0 to update tags, 0 to stop, 0 conflicts.")
    assert "planned against the default AWS session" in out

    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "create churn-xgb: ok: created" in out
    assert "Apply complete: 1 created, 0 tags updated, 0 stopped, 0 failed." in out
    client = aws_env.client("sagemaker")
    tags = {t["Key"]: t["Value"] for t in tags_of(client, "churn-xgb")}
    assert tags["team"] == "growth" and tags[live.SPEC_TAG] == "churn.yaml" and len(tags[live.HASH_TAG]) == 64

    code, out, _ = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0
    assert "No changes. The live jobs match the specs (1 unchanged)." in out
    code, out, _ = run(capsys, "plan", "-v")
    assert "= churn-xgb matches  (churn.yaml)  [InProgress/Completed]" in out
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "Nothing to apply." in out
    assert len(jobs(client)) == 1


def test_a_job_this_tool_created_from_the_spec_is_not_described(fault_proxy, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    (repo / "b.yaml").write_text(spec("job-b"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    client = fault_proxy_client(fault_proxy)
    arn = client.describe_auto_ml_job_v2(AutoMLJobName="job-b")["AutoMLJobArn"]
    client.add_tags(ResourceArn=arn, Tags=[{"Key": live.HASH_TAG, "Value": "edited by hand"}])
    fault_proxy.seen.clear()
    code, out, err = run(capsys, "plan", "--detailed-exitcode", "--no-data")
    assert code == 0, err
    assert "(2 unchanged)" in out
    # job-a's hash tag is its spec's: ListTags only; job-b's tag was edited: it is described and compared
    assert fault_proxy.seen["ListTags"] == 2 and fault_proxy.seen["DescribeAutoMLJobV2"] == 1
    # AWS overwrites a tag's value (moto appends a second one): the edited value alone is no match either
    client.delete_tags(ResourceArn=arn, TagKeys=[live.HASH_TAG])
    client.add_tags(ResourceArn=arn, Tags=[{"Key": live.HASH_TAG, "Value": "edited by hand"}])
    fault_proxy.seen.clear()
    assert run(capsys, "plan", "--detailed-exitcode", "--no-data")[0] == 0
    assert fault_proxy.seen["DescribeAutoMLJobV2"] == 1
    # a spec edited since the job was created: the tag no longer matches, the job is described, a conflict
    (repo / "a.yaml").write_text(spec("job-a", candidates=20))
    fault_proxy.seen.clear()
    code, out, err = run(capsys, "plan", "--no-data")
    assert code == 1 and "! job-a" in out, out
    assert fault_proxy.seen["DescribeAutoMLJobV2"] == 2


def test_v1_spec_is_created_through_the_v2_conversion(aws_env, repo, capsys):
    (repo / "house.yaml").write_text(V1_SPEC.format(name="house-prices"))
    code, _, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    described = aws_env.client("sagemaker").describe_auto_ml_job_v2(AutoMLJobName="house-prices")
    tabular = described["AutoMLProblemTypeConfig"]["TabularJobConfig"]
    assert tabular["TargetAttributeName"] == "churned" and tabular["ProblemType"] == "Regression"
    assert run(capsys, "plan", "--detailed-exitcode")[0] == 0


def test_json_contract(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    code, out, _ = run(capsys, "plan", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["summary"] == {"create": 1, "update-tags": 0, "stop": 0, "conflict": 0, "noop": 0}
    (action,) = data["actions"]
    assert {k: action[k] for k in ("name", "file", "action", "status", "changes")} == {
        "name": "job-a",
        "file": "a.yaml",
        "action": "create",
        "status": None,
        "changes": action["changes"],
    }
    # a create lists what it sends, each field with before null (issue 21)
    assert action["changes"] and all(c["before"] is None and isinstance(c["default"], bool) for c in action["changes"])
    assert {"path": "Tags.team", "before": None, "after": "growth", "default": False} in action["changes"]
    (target,) = data["targets"]
    assert target == {
        "target": action["target"],
        "account": "123456789012",
        "region": "us-east-1",
        "profile": None,
        "source": None,
    }
    assert data["warnings"] == []


# ----- service-filled fields -----------------------------------------------------------------------------------


def test_service_filled_fields_are_not_differences(aws_env, repo, capsys):
    # moto fills a data split and a deploy config (reference D1) that the spec omits.
    (repo / "filled.yaml").write_text(spec("filled"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    described = aws_env.client("sagemaker").describe_auto_ml_job_v2(AutoMLJobName="filled")
    assert described["DataSplitConfig"] and described["ModelDeployConfig"]
    code, out, _ = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out


# ----- prune ------------------------------------------------------------------------------------------------------


def test_prune_stops_only_running_jobs_this_tool_created_whose_spec_is_gone(aws_env, repo, capsys):
    # what prune trusts (a repository identity, the creating commit) is tests/test_prune_provenance.py's
    from test_prune_provenance import commit, git

    git(repo, "init", "-q")
    (repo / ".automlspec.yaml").write_text("project: acme-ml\n")
    (repo / "dev").mkdir()
    (repo / "prod").mkdir()
    (repo / "dev" / "a.yaml").write_text(spec("job-a"))
    (repo / "dev" / "b.yaml").write_text(spec("job-b"))
    (repo / "prod" / "c.yaml").write_text(spec("job-c"))
    commit(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    client = aws_env.client("sagemaker")
    request = live.request(client.describe_auto_ml_job_v2(AutoMLJobName="job-a"))
    client.create_auto_ml_job_v2(**{**request, "AutoMLJobName": "by-hand"})  # not ours: never touched
    (repo / "dev" / "b.yaml").unlink()
    (repo / "prod" / "c.yaml").unlink()

    code, out, _ = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0 and "job-b" not in out  # without --prune nothing is stopped
    code, out, _ = run(capsys, "plan", "dev", "--prune", "--detailed-exitcode")
    assert code == 2
    assert "- job-b will be stopped (created by automlspec; no spec names it now)  (created from dev/b.yaml)" in out
    assert "job-c" not in out and "by-hand" not in out  # prod was not planned; by-hand has no tag
    code, out, err = run(capsys, "apply", "dev", "--prune", "--auto-approve")
    assert code == 0, err
    assert "stop job-b: ok: stop requested" in out
    state = jobs(client)
    assert state["job-b"]["AutoMLJobStatus"] == "Stopped"
    assert {state[n]["AutoMLJobStatus"] for n in ("job-a", "job-c", "by-hand")} == {"InProgress"}
    code, out, _ = run(capsys, "plan", "dev", "--prune", "--detailed-exitcode")
    assert code == 0  # a stopped job is not stopped again


# ----- saved plans ----------------------------------------------------------------------------------------------


def test_saved_plan_applies_exactly_and_is_refused_once_used(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    code, _, err = run(capsys, "plan", "--out", "plan.json")
    assert code == 0 and "Saved the plan to plan.json" in err
    saved = json.loads((repo / "plan.json").read_text())
    assert saved["tool_version"] and saved["specs"]["a.yaml"] and saved["checksum"]
    assert not list(repo.glob(".plan.json.*"))  # written through a temporary file, then renamed
    code, out, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 0, err
    assert "create job-a: ok" in out
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 1 and "plan.json is stale: the live job job-a changed since it was planned" in err


def test_a_saved_plan_applies_from_another_directory_of_the_repository(aws_env, repo, capsys, monkeypatch):
    (repo / "specs").mkdir()
    (repo / "specs" / "a.yaml").write_text(spec("job-a"))
    assert run(capsys, "plan", "specs", "--out", "plan.json")[0] == 0
    assert json.loads((repo / "plan.json").read_text())["base"] == "."  # planned at the repository root
    monkeypatch.chdir(repo / "specs")
    code, out, err = run(capsys, "apply", "--plan", "../plan.json", "--auto-approve")
    assert code == 0, err
    assert f"applying from {repo}, where the plan was made" in err and "create job-a: ok" in out
    # outside any repository the directory cannot be known: the error says what the paths are relative to
    (repo / "specs" / "b.yaml").write_text(spec("job-b"))
    monkeypatch.chdir(repo)
    assert run(capsys, "plan", "specs", "--out", "plan2.json")[0] == 0
    outside = repo.parent / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    code, _, err = run(capsys, "apply", "--plan", str(repo / "plan2.json"), "--auto-approve")
    assert code == 2
    assert "specs: no such file or directory" in err
    assert "plan2.json are relative to the directory `automlspec plan` ran in" in err
    code, _, err = run(capsys, "apply", "--plan", "nope.json", "--auto-approve")  # the plan itself is missing
    assert code == 2 and "nope.json" in err and "relative to" not in err


def test_saved_plan_is_refused_when_a_spec_changed(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    run(capsys, "plan", "--out", "plan.json")
    (repo / "a.yaml").write_text(spec("job-a", tags={"team": "other"}))
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 1 and "plan.json is stale: a.yaml changed since it was planned" in err
    assert jobs(aws_env.client("sagemaker")) == {}


def test_hand_edited_or_foreign_saved_plans_are_refused(aws_env, repo, capsys):
    from automlspec.plan import planfile

    (repo / "a.yaml").write_text(spec("job-a"))
    run(capsys, "plan", "--out", "plan.json")
    text = (repo / "plan.json").read_text()
    (repo / "edited.json").write_text(text.replace("s3://my-bucket/job-a/output/", "s3://evil/out/"))
    code, _, err = run(capsys, "apply", "--plan", "edited.json", "--auto-approve")
    assert code == 1 and "edited.json was edited after `automlspec plan` wrote it" in err
    data = json.loads(text)
    data.pop("checksum")
    data["tool_version"] = "0.0.1"
    (repo / "old.json").write_text(json.dumps({**data, "checksum": planfile._checksum(data)}))
    code, _, err = run(capsys, "apply", "--plan", "old.json", "--auto-approve")
    assert code == 1 and "old.json was written by automlspec 0.0.1" in err
    data["tool_version"], data["format_version"] = planfile.__version__, 2  # this version, an older format
    (repo / "format2.json").write_text(json.dumps({**data, "checksum": planfile._checksum(data)}))
    code, _, err = run(capsys, "apply", "--plan", "format2.json", "--auto-approve")
    reads = f"format2.json is in saved-plan format 2; this automlspec reads format {planfile.PLAN_FORMAT_VERSION} only"
    assert code == 1 and reads in err
    (repo / "junk.json").write_text("{not json")
    code, _, err = run(capsys, "apply", "--plan", "junk.json", "--auto-approve")
    assert code == 1 and "junk.json is not a saved plan" in err
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "a.yaml")
    assert code == 2 and "--plan FILE applies a saved plan as it was planned" in err
    assert jobs(aws_env.client("sagemaker")) == {}


# ----- confirmation ---------------------------------------------------------------------------------------------


def test_apply_without_a_terminal_refuses_unless_auto_approved(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    code, _, err = run(capsys, "apply")
    assert code == 2 and "standard input is not a terminal; pass --auto-approve" in err
    assert jobs(aws_env.client("sagemaker")) == {}


@pytest.mark.parametrize(("answer", "created"), [("yes", 1), ("y", 0)])
def test_confirmation_accepts_only_yes(aws_env, repo, capsys, monkeypatch, answer, created):
    (repo / "a.yaml").write_text(spec("job-a"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or answer)
    code, _, err = run(capsys, "apply")
    assert prompts == [f"Apply these changes to AWS account {ACCOUNT}? Only 'yes' is accepted: "]
    assert (code, len(jobs(aws_env.client("sagemaker")))) == ((0, 1) if created else (1, 0))
    if not created:
        assert "Apply cancelled; nothing was changed." in err


# ----- targets and accounts ------------------------------------------------------------------------------------


def test_each_target_gets_its_own_session_and_region(aws_env, repo, capsys):
    for env, region in (("dev", "us-east-1"), ("prod", "eu-west-1")):
        (repo / env).mkdir()
        (repo / env / ".automlspec.yaml").write_text(
            f"target:\n  region: {region}\n  allowed_account_ids: ['{ACCOUNT}']\n"
        )
        (repo / env / "churn.yaml").write_text(spec("churn-xgb"))
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert f"Target: account {ACCOUNT}, region us-east-1 (target from dev/.automlspec.yaml)" in out
    assert f"Target: account {ACCOUNT}, region eu-west-1 (target from prod/.automlspec.yaml)" in out
    assert "default AWS session" not in out
    for region in ("us-east-1", "eu-west-1"):
        assert list(jobs(aws_env.client("sagemaker", region))) == ["churn-xgb"]
    assert run(capsys, "plan", "--detailed-exitcode")[0] == 0


def test_wrong_account_is_refused_before_anything_is_read(aws_env, repo, capsys):
    (repo / ".automlspec.yaml").write_text("target:\n  allowed_account_ids: ['111111111111']\n")
    (repo / "a.yaml").write_text(spec("job-a"))
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1
    assert err.strip().splitlines() == [
        f"automlspec: error: the credentials are for account {ACCOUNT}, but .automlspec.yaml allows only"
        " 111111111111; switch profile or credentials"
    ]
    assert out == "" and jobs(aws_env.client("sagemaker")) == {}


def test_target_settings_are_validated_like_other_keys(aws_env, repo, capsys):
    (repo / ".automlspec.yaml").write_text("target:\n  regoin: eu-west-1\n  allowed_account_ids: [12345]\n")
    (repo / "a.yaml").write_text(spec("job-a"))
    code, _, err = run(capsys, "plan")
    assert code == 1
    assert "unknown target key 'regoin'; valid keys: region, profile, allowed_account_ids" in err
    assert "help: region" in err  # the meant key is the help line under regoin
    assert "target allowed_account_ids: 12345 is not a 12-digit AWS account id" in err


def test_lint_errors_stop_the_plan(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job_a"))
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    assert "AML" in err and "the specs have errors; fix them before planning" in err


# ----- the data checks (issue 9: by default inside plan) -------------------------------------------------------


def test_a_missing_target_column_stops_the_plan_on_the_spec_line(aws_env, repo, capsys):
    text = spec("churn-xgb").replace("TargetAttributeName: churned", "TargetAttributeName: churn")
    (repo / "churn.yaml").write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "TargetAttributeName" in row)
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    assert f"churn.yaml:{line}:" in err and "AML806" in err
    assert (
        "column 'churn' is not in the header of s3://my-bucket/churn/train/part-0.csv; did you mean 'churned'?" in err
    )
    assert err.rstrip().endswith("automlspec: error: the specs have errors; fix them before planning")
    code, _, err = run(capsys, "apply", "--auto-approve")
    assert code == 1 and "AML806" in err
    assert jobs(aws_env.client("sagemaker")) == {}
    assert aws_env.client("sagemaker").list_auto_ml_jobs()["AutoMLJobSummaries"] == []


def test_no_data_plans_without_reading_the_data(fault_proxy, repo, capsys):
    text = spec("churn-xgb").replace("s3://my-bucket/churn/train/", "s3://my-bucket/not-there/")
    (repo / "churn.yaml").write_text(text)
    code, out, err = run(capsys, "plan", "--no-data", "--detailed-exitcode")
    assert code == 2, err
    assert "+ churn-xgb will be created" in out
    assert not [target for target in fault_proxy.seen if target.startswith(("GET ", "HEAD "))]
    code, _, err = run(capsys, "plan")
    assert code == 1 and "AML801" in err


def test_specs_that_share_a_dataset_read_it_once(fault_proxy, repo, capsys):
    for name in ("job-a", "job-b", "job-c", "job-d"):
        (repo / f"{name}.yaml").write_text(spec(name))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 2, err
    assert "Plan: 4 to create" in out
    reads = {t: n for t, n in fault_proxy.seen.items() if t.startswith("GET /my-bucket/churn/train/part-0.csv")}
    assert reads == {"GET /my-bucket/churn/train/part-0.csv": 1}
    assert fault_proxy.seen["GET /my-bucket"] == 1  # one listing of the shared prefix
    assert fault_proxy.seen["GetCallerIdentity"] == 1  # the account was checked once, before any read


def test_data_warnings_are_shown_and_the_plan_goes_on(aws_env, repo, capsys):
    aws_env.client("s3").put_object(Bucket="my-bucket", Key="churn/train/_SUCCESS", Body=b"")
    (repo / "churn.yaml").write_text(spec("churn-xgb"))
    (repo / "other.yaml").write_text(spec("other"))
    code, out, err = run(capsys, "plan", "--format", "json")
    assert code == 0, err
    assert [a["action"] for a in json.loads(out)["actions"]] == ["create", "create"]
    assert "AML802" in err and "_SUCCESS" in err
    assert "(2 specs in 2 files checked)" in err  # what the data checks read, not the files with findings


def test_data_root_checks_a_local_mirror_and_is_saved_with_the_plan(aws_env, repo, capsys, tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "mirror-bucket" / "train").mkdir(parents=True)
    (mirror / "mirror-bucket" / "train" / "part-0.csv").write_bytes(training_csv())
    (repo / "a.yaml").write_text(spec("job-a").replace("s3://my-bucket/churn/train/", "s3://mirror-bucket/train/"))
    code, _, err = run(capsys, "plan")
    assert code == 1 and "AML801" in err  # S3 (the server) has no such bucket
    code, _, err = run(capsys, "plan", "--data-root", str(mirror), "--out", "plan.json")
    assert code == 0, err
    assert json.loads((repo / "plan.json").read_text())["options"]["data_root"] == str(mirror)
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 0, err  # the saved plan is checked again against the same mirror
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--no-data")
    assert code == 2 and "--plan FILE applies a saved plan as it was planned" in err
    code, _, err = run(capsys, "plan", "--data-root", str(tmp_path / "nowhere"))
    assert code == 2 and "--data-root" in err and "no such directory" in err
    code, _, err = run(capsys, "plan", "--data-root", str(mirror), "--no-data")
    assert code == 2 and "give one of them" in err


def test_a_data_error_counts_every_spec_and_file_checked(aws_env, repo, capsys):
    # two documents in one file and one more file: the summary counts what was checked, as lint --data does
    missing = spec("job-b").replace("s3://my-bucket/churn/train/", "s3://no-such-bucket/train/")
    (repo / "two.yaml").write_text(spec("job-a") + "---\n" + missing)
    (repo / "c.yaml").write_text(spec("job-c"))
    code, _, err = run(capsys, "plan")
    assert code == 1 and "AML801" in err
    assert "(3 specs in 2 files checked)" in err, err


def test_each_target_reads_its_data_with_its_own_session(aws_env, repo, capsys):
    from automlspec.plan.operation import Operation
    from automlspec.plan.options import Options

    (repo / "dev").mkdir()
    (repo / "dev" / ".automlspec.yaml").write_text(
        f"target:\n  region: eu-west-1\n  allowed_account_ids: ['{ACCOUNT}']\n"
    )
    (repo / "dev" / "a.yaml").write_text(spec("job-a"))
    (repo / "b.yaml").write_text(spec("job-b"))
    built = Operation(Options(paths=(".",))).plan()
    read = {label.split(", ")[1].split(" (")[0]: stats.by_object for label, stats in built.data_reads.items()}
    train = "s3://my-bucket/churn/train/part-0.csv"
    assert read == {
        "region eu-west-1": {train: 1},
        "region us-east-1": {train: 1},
    }  # each target's session read its data
    (repo / "b.yaml").write_text(spec("job-b").replace("TargetAttributeName: churned", "TargetAttributeName: tenur"))
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    assert "b.yaml" in err and "did you mean 'tenure'?" in err and "a.yaml" not in err


def test_the_data_checks_reuse_what_lint_parsed_and_run_only_the_data_rules(aws_env, repo, monkeypatch):
    from automlspec import lint, project
    from automlspec.plan.operation import Operation
    from automlspec.plan.options import Options
    from automlspec.rules import REGISTRY

    for name in ("job-a", "job-b"):
        (repo / f"{name}.yaml").write_text(spec(name))
    parsed, ran = [], []
    load_bytes, run_rule = project.load_bytes, lint._run
    monkeypatch.setattr(project, "load_bytes", lambda name, raw: parsed.append(name) or load_bytes(name, raw))
    monkeypatch.setattr(
        lint, "_run", lambda rule, context: ran.append((rule.code, context.reader)) or run_rule(rule, context)
    )
    built = Operation(Options(paths=(".",))).plan()
    assert sorted(parsed) == ["job-a.yaml", "job-b.yaml"]  # each file read and parsed once
    with_data = {code for code, data in ran if data is not None}
    assert with_data and all(REGISTRY[code].phase == "data" for code in with_data)
    assert [a.action for a in built.plan.actions] == ["create", "create"]


def test_a_data_rule_the_project_ignores_stays_ignored_in_plan(aws_env, repo, capsys):
    aws_env.client("s3").put_object(Bucket="my-bucket", Key="churn/train/_SUCCESS", Body=b"")
    (repo / ".automlspec.yaml").write_text("ignore: [AML802]\n")
    (repo / "churn.yaml").write_text(spec("churn-xgb"))
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert "AML802" not in err and "+ churn-xgb will be created" in out


def test_data_that_cannot_be_read_at_all_stops_the_plan_with_one_line(fault_proxy, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    fault_proxy.fail("GET /my-bucket", 400, "ExpiredToken", "The provided token has expired.", times=99)
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("automlspec: error: the data checks could not read anything: s3:ListObjectsV2:")
    assert "have expired" in last and last.endswith("; --no-data skips them")
    assert "GetCallerIdentity" in fault_proxy.seen  # the account was checked before anything was read
    assert run(capsys, "plan", "--no-data")[0] == 0


def test_a_data_error_is_reported_before_an_error_reading_the_jobs(fault_proxy, repo, capsys):
    # the data checks and the reading of the live jobs run at the same time; the data error comes first,
    # as it would if the data had been checked first
    (repo / "a.yaml").write_text(spec("job-a"))
    fault_proxy.fail("GET /my-bucket", 400, "ExpiredToken", "The provided token has expired.", times=99)
    fault_proxy.fail("ListAutoMLJobs", 400, "AccessDeniedException", "not allowed to list", times=99)
    code, out, err = run(capsys, "plan")
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1].startswith("automlspec: error: the data checks could not read anything:")
    assert "not allowed to list" not in err
    code, out, err = run(capsys, "plan", "--no-data")
    assert code == 1 and "sagemaker:ListAutoMLJobs" in err and "not allowed to list" in err


# ----- hostile spec files: plan and apply read them with lint's bounds ----------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs as on POSIX")
def test_a_fifo_named_to_plan_is_one_error_line_and_never_opened(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    os.mkfifo(repo / "pipe.yaml")  # opening it for reading would block for ever
    for command in ("plan", "apply"):
        code, out, err = run(capsys, command, "a.yaml", "pipe.yaml", *(["--auto-approve"] * (command == "apply")))
        assert code == 2 and out == ""
        assert err.strip().splitlines() == [
            "automlspec: error: pipe.yaml: a FIFO (named pipe), not a spec file; only regular files are read"
        ]
    assert jobs(aws_env.client("sagemaker")) == {}


def test_a_huge_spec_file_is_read_only_to_the_bound_and_stops_the_plan(aws_env, repo, capsys, monkeypatch):
    from automlspec import source

    (repo / "big.yaml").write_text(spec("job-a") + "# " + "x" * (source.MAX_BYTES + 10) + "\n")
    sizes = []
    real = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: sizes.append(n) or real(fd, n))
    code, out, err = run(capsys, "plan", "big.yaml")
    assert code == 1 and out == ""
    assert f"the file is larger than {source.MAX_BYTES:,} bytes" in err
    assert sum(sizes) <= source.MAX_BYTES + 1 + 65536  # never the whole file
    assert jobs(aws_env.client("sagemaker")) == {}


# ----- AWS failures ----------------------------------------------------------------------------------------------


def test_throttling_and_5xx_are_retried(fault_proxy, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    fault_proxy.fail("ListAutoMLJobs", 400, "ThrottlingException", "Rate exceeded", times=1)
    fault_proxy.fail("CreateAutoMLJobV2", 503, "ServiceUnavailable", "try again", times=1)
    fault_proxy.fail("ListAutoMLJobs", 429, "TooManyRequestsException", "slow down", times=1)
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "create job-a: ok" in out
    assert fault_proxy.seen["CreateAutoMLJobV2"] == 2


def fault_proxy_client(proxy):
    import boto3

    return boto3.client(
        "sagemaker",
        endpoint_url=proxy.upstream,
        region_name="us-east-1",
        aws_access_key_id="t",
        aws_secret_access_key="t",
    )


def test_no_secret_reaches_any_output_or_saved_plan(aws_env, repo, capsys, monkeypatch):
    secret, token = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    monkeypatch.setenv("AWS_SESSION_TOKEN", token)
    (repo / "a.yaml").write_text(spec("job-a"))
    outputs = [run(capsys, "plan", "--out", "plan.json"), run(capsys, "apply", "--auto-approve")]
    outputs.append(run(capsys, "plan", "--format", "json"))
    outputs.append(run(capsys, "plan", "--format", "markdown"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens: a connection error
    outputs.append(run(capsys, "plan"))
    assert outputs[-1][0] == 1 and "cannot reach the AWS endpoint" in outputs[-1][2]
    everything = "".join(o + e for _, o, e in outputs) + (repo / "plan.json").read_text()
    for value in (secret, token, "testing"):
        assert value not in everything


# ----- output formats: the README's JSON contract and the pull-request comment ---------------------------------


def _readme_json_keys() -> set[str]:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    table = readme.split("#### plan JSON output", 1)[1].split("\n## ", 1)[0]
    keys = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            keys.update(k.strip(" `") for k in row.split("|")[1].split(", "))
    return keys


def test_plan_json_has_exactly_the_keys_the_readme_documents(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a"))
    (repo / "b.yaml").write_text(spec("job-b"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "b.yaml").write_text(spec("job-b", candidates=20))  # a conflict: it has a suggested_name
    (repo / "c.yaml").write_text(spec("job-c"))
    _, out, _ = run(capsys, "plan", "--format", "json", "-v")
    data = json.loads(out)
    seen = {f"{k}" for k in data} | {f"actions[].{k}" for a in data["actions"] for k in a}
    assert seen == _readme_json_keys()
    assert {a["action"] for a in data["actions"]} == {"noop", "conflict", "create"}
    for action in data["actions"]:
        keys = {"path", "before", "after"} | ({"default"} if action["action"] == "create" else set())
        assert all(set(c) == keys for c in action["changes"])
    assert all(set(t) == {"target", "account", "region", "profile", "source"} for t in data["targets"])


def test_markdown_plan_is_a_pull_request_comment(aws_env, repo, capsys):
    (repo / "a.yaml").write_text(spec("job-a", tags={"team": "growth"}))
    (repo / "b.yaml").write_text(spec("job-b"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "a.yaml").write_text(spec("job-a", tags={"team": "retention"}))
    (repo / "b.yaml").write_text(spec("job-b", candidates=20))
    (repo / "c.yaml").write_text(spec("job-c"))
    code, out, err = run(capsys, "plan", "--format", "markdown")
    assert code == 1, err  # a conflict
    lines = out.splitlines()
    assert lines[:3] == [
        "### automlspec plan: account 123456789012, region us-east-1",
        "",
        "**Plan: 1 to create, 1 to update tags, 0 to stop, 1 conflict.**",
    ]
    assert "| `+` | `job-c` | create | c.yaml | not created yet |" in lines
    assert "| `~` | `job-a` | update-tags | a.yaml | InProgress/Completed |" in lines
    assert "| `!` | `job-b` | conflict | b.yaml | InProgress/Completed |" in lines
    assert '| `Tags.team` | `"growth"` | `"retention"` |' in lines
    assert any("give the spec a new AutoMLJobName (for example `job-b-2`)" in line for line in lines)
    assert out.count("<details>") == 3 and out.count("</details>") == 3  # the create's fields, too


# ----- --wait -----------------------------------------------------------------------------------------------------


def test_wait_prints_the_best_candidate_of_a_completed_job(fault_proxy, repo, capsys):
    # moto never completes a job; the proxy answers the --wait poll as AWS does for a completed one
    (repo / "a.yaml").write_text(spec("job-a"))
    # every member the API requires (answers are checked against the model's shape, issue 23 item 12)
    completed = {
        "AutoMLJobName": "job-a",
        "AutoMLJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:automl-job/job-a",
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://my-bucket/churn/train/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://my-bucket/churn/output/"},
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotExecution",
        "CreationTime": 1_790_000_000,
        "LastModifiedTime": 1_790_003_600,
        "AutoMLJobStatus": "Completed",
        "AutoMLJobSecondaryStatus": "Completed",
        "BestCandidate": {
            "CandidateName": "job-a-trial-7",
            "FinalAutoMLJobObjectiveMetric": {"MetricName": "F1", "Value": 0.91},
            "ObjectiveStatus": "Succeeded",
            "CandidateSteps": [],
            "CandidateStatus": "Completed",
            "CreationTime": 1_790_000_000,
            "LastModifiedTime": 1_790_003_600,
        },
    }
    fault_proxy.answer("DescribeAutoMLJobV2", completed, after="CreateAutoMLJobV2")  # not plan's own look
    code, out, err = run(capsys, "apply", "--auto-approve", "--wait", "--poll", "0")
    assert code == 0, err
    assert "job-a: Completed/Completed" in out
    assert "job-a-trial-7" in out and "F1 = 0.91" in out


def test_ctrl_c_while_waiting_points_at_status(capsys):
    """Issue 21: after Ctrl-C, --wait pointed at `automlspec plan` to see the jobs; status shows them."""
    from automlspec.views.apply import Hooks

    Hooks("never").follow([], lambda show: False)  # the wait was interrupted
    assert capsys.readouterr().out == (
        "Stopped waiting (Ctrl-C); the jobs keep running: `automlspec status` shows them.\n"
    )


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("--region", "--region: 'eu-wst-1' is not an AWS region; did you mean eu-west-1?"),
        ("environment", "(AWS_REGION, AWS_DEFAULT_REGION): 'eu-wst-1' is not an AWS region; did you mean eu-west-1?"),
    ],
)
def test_a_misspelt_region_fails_before_any_call_with_the_region_meant(repo, capsys, monkeypatch, how, expected):
    """Issue 21: a region typo waited 15 s for an endpoint that does not exist. Nothing listens at the
    endpoint here, so a call would fail differently ("cannot reach")."""
    (repo / "a.yaml").write_text(spec("job-a"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    if how == "environment":
        monkeypatch.setenv("AWS_REGION", "eu-wst-1")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-wst-1")
        code, out, err = run(capsys, "plan")
    else:
        code, out, err = run(capsys, "plan", "--region", "eu-wst-1")
    assert code == 1 and out == ""
    assert expected in err and "cannot reach" not in err
