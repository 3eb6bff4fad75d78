"""The account guard (issue 20, section 1): every target's `allowed_account_ids` is checked against the
caller identity of the very session that target will use, before anything is read or changed, whatever
the order of the folders, however sessions are shared between targets.

A session is shared by the targets with the same (profile, region). The guard used to be checked once
per session, with the allowed list of whichever target made the session first: `plan` at the root of a
repository whose `dev/` and `prod/` targets share a region planned, and `apply` created, prod's job in
dev's account. Each case runs end to end through ``automlspec.cli.main`` against moto_server (moto
answers GetCallerIdentity with the account of the credentials: an AssumeRole's credentials are that
role's account), and the fault proxy counts what was read.
"""

from __future__ import annotations

import pytest
from moto_server import ACCOUNT
from test_plan_apply import jobs, run, spec, training_csv

OTHER = "222222222222"  # an account the default credentials are not for


def _target(allowed: str, region: str | None = "eu-west-1", profile: str | None = None) -> str:
    lines = ["target:"]
    if region:
        lines.append(f"  region: {region}")
    if profile:
        lines.append(f"  profile: {profile}")
    lines.append(f"  allowed_account_ids: ['{allowed}']")
    return "\n".join(lines) + "\n"


@pytest.fixture
def folders(aws_env, tmp_path, monkeypatch):
    """a-dev allows the credentials' account, b-prod another one; same region, no profile: one session."""
    for region in ("us-east-1", "eu-west-1"):
        s3 = aws_env.client("s3", region)
        bucket = f"data-{region}"
        where = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **where)
        s3.put_object(Bucket=bucket, Key="churn/train/part-0.csv", Body=training_csv())
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for folder, name, allowed in (("a-dev", "dev-job", ACCOUNT), ("b-prod", "prod-only-job", OTHER)):
        (root / folder).mkdir()
        (root / folder / ".automlspec.yaml").write_text(_target(allowed))
        (root / folder / "churn.yaml").write_text(spec(name).replace("my-bucket", "data-eu-west-1"))
    monkeypatch.chdir(root)
    return root


def _refused(err: str) -> None:
    """The one error line: the account the credentials are for, the allowed one, the file that allows it."""
    assert f"the credentials are for account {ACCOUNT}" in err, err
    assert f"b-prod/.automlspec.yaml allows only {OTHER}" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "paths", [(), ("a-dev", "b-prod"), ("b-prod", "a-dev")], ids=["root", "dev-first", "prod-first"]
)
def test_a_shared_session_checks_every_targets_own_guard_in_either_order(folders, fault_proxy, capsys, paths):
    code, out, err = run(capsys, "plan", *paths)
    assert code == 1 and out == "", out
    _refused(err)
    # nothing was read before the refusal: not the jobs, not the training data
    assert not {k for k in fault_proxy.seen if k.startswith(("ListAutoMLJobs", "GET /", "HEAD /"))}, fault_proxy.seen
    code, out, err = run(capsys, "apply", "--auto-approve", *paths)
    assert code == 1
    _refused(err)
    assert "CreateAutoMLJobV2" not in fault_proxy.seen
    assert jobs(fault_proxy_client(fault_proxy)) == {}


def test_the_default_session_is_guarded_per_target_too(aws_env, tmp_path, monkeypatch, capsys):
    """A target that names only `allowed_account_ids` uses the default session, as the specs with no
    target at all do: one session, two guards (none, and another account's)."""
    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "dev.yaml").write_text(spec("dev-job"))
    (root / "prod").mkdir()
    (root / "prod" / ".automlspec.yaml").write_text(f"target:\n  allowed_account_ids: ['{OTHER}']\n")
    (root / "prod" / "churn.yaml").write_text(spec("prod-only-job"))
    monkeypatch.chdir(root)
    for paths in ((), ("dev.yaml", "prod"), ("prod", "dev.yaml")):
        code, out, err = run(capsys, "apply", "--auto-approve", *paths)
        assert code == 1 and out == "", (paths, out)
        assert f"prod/.automlspec.yaml allows only {OTHER}" in err, (paths, err)
    assert jobs(aws_env.client("sagemaker")) == {}
    code, out, err = run(capsys, "apply", "--auto-approve", "dev.yaml")  # the unguarded spec alone goes ahead
    assert code == 0, err
    assert list(jobs(aws_env.client("sagemaker"))) == ["dev-job"]


def _profiles(aws_env, tmp_path, monkeypatch, accounts: dict[str, str]) -> None:
    """An AWS config with one profile per name, each holding an AssumeRole's credentials of its account."""
    lines = []
    for profile, account in accounts.items():
        role = f"arn:aws:iam::{account}:role/deploy"
        credentials = aws_env.client("sts").assume_role(RoleArn=role, RoleSessionName=profile)["Credentials"]
        lines += [
            f"[{profile}]",
            f"aws_access_key_id = {credentials['AccessKeyId']}",
            f"aws_secret_access_key = {credentials['SecretAccessKey']}",
            f"aws_session_token = {credentials['SessionToken']}",
            "",
        ]
    credentials_file = tmp_path / "aws-credentials"
    credentials_file.write_text("\n".join(lines))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))


def test_a_profile_per_target_is_checked_with_that_profiles_identity(aws_env, tmp_path, monkeypatch, capsys):
    _profiles(aws_env, tmp_path, monkeypatch, {"dev": "111111111111", "prod": OTHER})
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for folder, profile, allowed in (("a-dev", "dev", "111111111111"), ("b-prod", "prod", OTHER)):
        (root / folder).mkdir()
        (root / folder / ".automlspec.yaml").write_text(_target(allowed, region="us-east-1", profile=profile))
        (root / folder / "churn.yaml").write_text(spec(f"{profile}-job", account=allowed))
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "apply", "--auto-approve", "--no-data")
    assert code == 0, err
    assert "Target: account 111111111111, region us-east-1, profile dev" in out
    assert f"Target: account {OTHER}, region us-east-1, profile prod" in out
    # prod's profile now points at dev's account: refused, whichever folder comes first
    (root / "b-prod" / ".automlspec.yaml").write_text(_target(OTHER, region="us-east-1", profile="dev"))
    (root / "b-prod" / "churn.yaml").write_text(spec("prod-job-2", account=OTHER))
    for paths in ((), ("b-prod", "a-dev")):
        code, out, err = run(capsys, "apply", "--auto-approve", "--no-data", *paths)
        assert code == 1 and out == ""
        assert f"the credentials are for account 111111111111, but b-prod/.automlspec.yaml allows only {OTHER}" in err


def test_apply_of_a_saved_plan_checks_each_target_as_the_configuration_is_now(folders, fault_proxy, capsys):
    """A saved plan does not carry the guard: apply --plan plans again, and checks every target again."""
    (folders / "b-prod" / ".automlspec.yaml").write_text(_target(ACCOUNT))
    code, _, err = run(capsys, "plan", "--out", "plan.json")
    assert code == 0, err
    (folders / "b-prod" / ".automlspec.yaml").write_text(_target(OTHER))  # prod is locked down meanwhile
    code, _, err = run(capsys, "apply", "--plan", "plan.json", "--auto-approve")
    assert code == 1
    _refused(err)
    assert "CreateAutoMLJobV2" not in fault_proxy.seen


@pytest.mark.parametrize("paths", [("a-dev", "b-prod"), ("b-prod", "a-dev")], ids=["dev-first", "prod-first"])
def test_status_checks_every_target_before_it_describes_anything(folders, fault_proxy, capsys, paths):
    code, out, err = run(capsys, "status", *paths)
    assert code == 1 and out == ""
    _refused(err)
    assert "DescribeAutoMLJobV2" not in fault_proxy.seen, fault_proxy.seen


def test_a_folder_configuration_that_sets_only_severity_keeps_the_guard(aws_env, tmp_path, monkeypatch, capsys):
    """Configuration layers (issue 24): a child that names no target inherits its parent's guard."""
    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".automlspec.yaml").write_text(f"target:\n  allowed_account_ids: ['{OTHER}']\n")
    (root / "team").mkdir()
    (root / "team" / ".automlspec.yaml").write_text("severity:\n  AML301: warning\n")
    (root / "team" / "churn.yaml").write_text(spec("team-job"))
    monkeypatch.chdir(root)
    for where in (("team",), ("team/churn.yaml",), ()):
        code, out, err = run(capsys, "apply", "--auto-approve", *where)
        assert code == 1 and out == "", (where, out, err)
        assert f".automlspec.yaml allows only {OTHER}" in err, err
    assert jobs(aws_env.client("sagemaker")) == {}


def fault_proxy_client(proxy):
    from test_plan_apply import fault_proxy_client as client

    return client(proxy)
