"""An eventually consistent, busy account (issue 20, section 4), end to end: moto_server behind the fault
proxy, which plays the lag (a job the listing or ListTags does not know yet), throttling and the answers
moto cannot give (a job that finished, a quota from Service Quotas).

- ``apply --wait`` right after a create: a DescribeAutoMLJobV2 not-found is retried for a grace period.
- A listed job whose ListTags answers not-found does not abort the plan.
- A name the listing does not show is described before a create is planned; ResourceInUse on create is
  "exists now: plan again", not a failure of the spec.
- StopAutoMLJob on a job that finished meanwhile is done.
- The concurrent AutoML job quota: plan warns when running jobs plus creates exceed it; apply stops before it
  creates.
- Throttling never aborts a plan on its own: botocore's adaptive retry mode (a client-side rate limit per
  target's client), then automlspec's own patient retry, with progress on standard error.
"""

from __future__ import annotations

import json

import pytest
import recorded
from test_plan_apply import repo, run, spec  # noqa: F401  (repo: the fixture)

from automlspec.aws import Account, Target


def test_wait_retries_not_found_right_after_a_create(fault_proxy, repo, capsys):  # noqa: F811
    (repo / "a.yaml").write_text(spec("job-a"))
    completed = recorded.describe_v2("job-a", "Completed", "Completed", best=recorded.candidate("job-a", 7, 0.93))
    created = lambda: fault_proxy.seen.get("CreateAutoMLJobV2", 0) > 0  # noqa: E731
    # after the create, Describe does not know the job for two polls, then knows it has completed
    fault_proxy.rules.append(
        [
            lambda t, b: t == "DescribeAutoMLJobV2" and created(),
            400,
            "ResourceNotFound",
            "Could not find AutoML job with name job-a.",
            2,
        ]
    )
    fault_proxy.rules.append([lambda t, b: t == "DescribeAutoMLJobV2" and created(), 200, None, completed, 1])
    code, out, err = run(capsys, "apply", "--auto-approve", "--wait", "--poll", "0")
    assert code == 0, err
    assert "ResourceNotFound" not in out + err, out + err
    assert (
        out.rstrip().splitlines()[-1] == f"job-a: Completed: {completed['BestCandidate']['CandidateName']}: F1 = 0.93"
    )


def test_wait_gives_up_on_not_found_after_the_grace_period(monkeypatch):
    from automlspec.errors import AwsError
    from automlspec.plan import apply

    clock = iter(range(0, 10_000, 30))

    class Missing:
        calls = 0

        def describe(self, name):
            Missing.calls += 1
            raise AwsError(f"sagemaker:DescribeAutoMLJobV2: ResourceNotFound: no job {name}", "ResourceNotFound")

    watched = [apply.Watched("job-a", "t")]
    assert apply.wait(
        watched, {"t": Missing()}, 30, lambda shown: None, sleep=lambda s: None, clock=lambda: next(clock)
    )
    assert "ResourceNotFound" in watched[0].error
    assert Missing.calls == apply.NOT_FOUND_GRACE // 30 + 2  # every poll within the grace, then the one past it


def test_a_listed_job_whose_tags_are_not_found_yet_does_not_abort_the_plan(fault_proxy, repo, capsys):  # noqa: F811
    (repo / "a.yaml").write_text(spec("job-a"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    fault_proxy.fail("ListTags", 400, "ResourceNotFound", "Could not find resource", times=1)
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert fault_proxy.seen["ListTags"] == 2  # asked again


def test_a_job_the_listing_does_not_show_yet_is_described_not_created_again(fault_proxy, repo, capsys):  # noqa: F811
    (repo / "a.yaml").write_text(spec("job-a"))
    (repo / "b.yaml").write_text(spec("job-b"))
    assert run(capsys, "apply", "--auto-approve", "a.yaml")[0] == 0
    fault_proxy.answer("ListAutoMLJobs", {"AutoMLJobSummaries": []}, times=2)  # the listing lags
    fault_proxy.seen.clear()
    code, out, err = run(capsys, "plan", "-v")
    assert code == 0, err
    assert "= job-a matches" in out and "+ job-b will be created" in out, out
    assert fault_proxy.seen["DescribeAutoMLJobV2"] == 2  # only the names the listing did not show
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "create job-a" not in out and "create job-b: ok" in out


def test_resource_in_use_on_create_says_plan_again(fault_proxy, repo, capsys):  # noqa: F811
    (repo / "a.yaml").write_text(spec("job-a"))
    fault_proxy.fail("CreateAutoMLJobV2", 400, "ResourceInUse", "Job job-a already exists", times=1)
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1
    assert "create job-a: not done: a job named job-a exists now" in out, out
    assert "plan again" in out and "FAILED" not in out, out
    assert "0 failed, 1 not done" in out
    assert "automlspec: error: create job-a:" not in err
    assert "automlspec: error: 1 action not done: the account changed since the plan was made; plan again" in err, err


def _committed(root, *names: str) -> None:
    """``root`` as a git repository with an identity, its specs committed: what prune needs to stop a job."""
    from test_prune_provenance import commit, git

    git(root, "init", "-q")
    (root / ".automlspec.yaml").write_text("project: busy\n")
    for name in names:
        (root / f"{name}.yaml").write_text(spec(name))
    commit(root)


def test_stopping_a_job_that_finished_meanwhile_is_done(fault_proxy, repo, capsys):  # noqa: F811
    _committed(repo, "job-a", "job-b")
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "job-b.yaml").unlink()
    fault_proxy.fail("StopAutoMLJob", 400, "ValidationException", "Job job-b is not in progress.", times=1)
    fault_proxy.answer("DescribeAutoMLJobV2", recorded.describe_v2("job-b", "Completed", "Completed"), times=1)
    code, out, err = run(capsys, "apply", "--prune", "--auto-approve")
    assert code == 0, out + err
    assert "stop job-b: ok: it had already ended (Completed)" in out, out


def test_plan_warns_when_running_jobs_and_creates_exceed_the_concurrency_quota(fault_proxy, repo, capsys):  # noqa: F811
    for name in ("run-1", "run-2", "run-3"):
        (repo / f"{name}.yaml").write_text(spec(name))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "new-1.yaml").write_text(spec("new-1"))
    code, out, err = run(capsys, "plan")  # 3 running + 1: the documented default of us-east-1 (4) holds
    assert code == 0 and "quota" not in out, out
    (repo / "new-2.yaml").write_text(spec("new-2"))
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert (
        "note: account 123456789012, region us-east-1 (the default session): 3 AutoML jobs are running and this"
        " plan creates 2, 5 in all: more than the 4 AutoML jobs the account may run at once (the documented"
        " default in us-east-1; Service Quotas gave no value); creates beyond it fail with ResourceLimitExceeded"
        " until running jobs end" in out
    ), out
    # the account's own quota, when Service Quotas answers (quota code L-CFC2D5B6)
    fault_proxy.answer("GetServiceQuota", {"Quota": {"QuotaCode": "L-CFC2D5B6", "Value": 10.0}}, times=1)
    code, out, err = run(capsys, "plan")
    assert "quota" not in out, out
    fault_proxy.answer("GetServiceQuota", {"Quota": {"QuotaCode": "L-CFC2D5B6", "Value": 2.0}}, times=1)
    code, out, err = run(capsys, "plan", "--format", "json")
    notes = json.loads(out)["notes"]
    assert any("more than the 2 AutoML jobs" in n and "its quota in Service Quotas, L-CFC2D5B6" in n for n in notes)


def test_apply_stops_before_it_creates(fault_proxy, repo, capsys):  # noqa: F811
    _committed(repo, "old")
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "old.yaml").unlink()
    (repo / "new.yaml").write_text(spec("new"))
    code, out, err = run(capsys, "apply", "--prune", "--auto-approve")
    assert code == 0, err
    done = [line for line in out.splitlines() if ": ok:" in line]
    assert done == ["stop old: ok: stop requested", "create new: ok: created"], out


def test_throttling_never_aborts_a_plan_on_its_own(fault_proxy, repo, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setattr("automlspec.aws.DEFAULT_MAX_ATTEMPTS", 2)
    waits: list[float] = []
    monkeypatch.setattr("automlspec.aws._sleep", waits.append)
    # botocore's adaptive mode lowers its client-side rate after each throttled answer and then waits on
    # the real clock for its token bucket (botocore/retries/bucket.py): never here, where 20 s of that
    # waiting would prove nothing more than the rounds counted below
    monkeypatch.setattr("botocore.retries.bucket.TokenBucket._sleep_amount", lambda bucket, amount: 0)
    (repo / "a.yaml").write_text(spec("job-a"))
    fault_proxy.fail("ListAutoMLJobs", 400, "ThrottlingException", "Rate exceeded", times=9)
    code, out, err = run(capsys, "plan")
    assert code == 0, err
    assert "+ job-a will be created" in out
    assert fault_proxy.seen["ListAutoMLJobs"] == 10
    assert len(waits) == 4 and waits == sorted(waits), waits  # botocore's 2 attempts, 4 times, then through
    progress = [line for line in err.splitlines() if "throttled" in line]
    assert progress[0] == (
        "automlspec: sagemaker:ListAutoMLJobs is throttled by AWS in us-east-1; still trying (round 2 in 2 s;"
        " Ctrl-C stops)"
    ), err


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_each_target_has_its_own_adaptive_rate_limit(aws_env, region):
    """botocore's adaptive mode keeps a client-side rate limiter per client; every target's session makes
    its own clients, so each target is limited on its own (a throttled prod never slows dev)."""
    first, second = Account(Target(region=region)), Account(Target(region=region, profile=None))
    config = first.client("sagemaker").meta.config
    assert config.retries["mode"] == "adaptive"
    assert first.client("sagemaker") is not second.client("sagemaker")
