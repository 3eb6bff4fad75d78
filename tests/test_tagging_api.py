"""The opt-in Resource Groups Tagging API path of plan (a target's ``tagging_api: true``; docs/plan.md,
"Reading the tags through the Resource Groups Tagging API"), end to end: ``automlspec.cli.main`` against
moto_server behind the fault proxy. moto's GetResources knows no SageMaker resource (it answers an empty
list, which is the case "the index lists none of the jobs"), so the proxy plays the index: answers built
from moto's own ListTags, then made stale, incomplete, denied or throttled, as a real index may be.

What must hold whatever the index says: a change (update-tags, stop) is only ever planned on ListTags'
answer; a job the index does not list is read with ListTags; an index that cannot be read means ListTags
for every job and one note, never an abort; without ``tagging_api`` nothing asks the index at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_plan_apply import repo, run, spec  # noqa: F401  (repo: the fixture)
from test_prune_provenance import _quiet_git, commit, data, git, new_repo, running, write  # noqa: F401  (fixtures)

from automlspec.jobs import request as live
from automlspec.jobs.request import HASH_TAG

OPT_IN = "target:\n  tagging_api: true\n"


def opt_in(root: Path, extra: str = "") -> None:
    (root / ".automlspec.yaml").write_text(extra + OPT_IN)


def index_of(aws_env, names: list[str], edit: dict[str, dict[str, str | None]] | None = None) -> dict:
    """GetResources' answer for ``names`` as moto's ListTags has their tags now, each job's tags then
    changed by ``edit`` (name -> key -> value; None: the key is not in the index)."""
    client = aws_env.client("sagemaker")
    listed = []
    for name in names:
        arn = client.describe_auto_ml_job_v2(AutoMLJobName=name)["AutoMLJobArn"]
        tags = {t["Key"]: t["Value"] for t in client.list_tags(ResourceArn=arn)["Tags"]}
        for key, value in (edit or {}).get(name, {}).items():
            if value is None:
                tags.pop(key, None)
            else:
                tags[key] = value
        listed.append({"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})
    return {"ResourceTagMappingList": listed}


def retag(aws_env, name: str, key: str, value: str) -> None:
    """Change one tag of a job behind plan's back (moto's AddTags appends a key twice: delete it first)."""
    client = aws_env.client("sagemaker")
    arn = client.describe_auto_ml_job_v2(AutoMLJobName=name)["AutoMLJobArn"]
    client.delete_tags(ResourceArn=arn, TagKeys=[key])
    client.add_tags(ResourceArn=arn, Tags=[{"Key": key, "Value": value}])


def created(fault_proxy, root: Path, capsys, *names: str) -> dict[str, int]:
    """Apply a spec per name (team: growth) without the index, then opt in; the proxy's counts so far."""
    for name in names:
        (root / f"{name}.yaml").write_text(spec(name))
    code, _, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    opt_in(root)
    return dict(fault_proxy.seen)


def since(fault_proxy, before: dict[str, int], target: str) -> int:
    return fault_proxy.seen.get(target, 0) - before.get(target, 0)


def test_without_tagging_api_the_index_is_never_asked(fault_proxy, repo, capsys):  # noqa: F811
    for name in ("job-a", "job-b"):
        (repo / f"{name}.yaml").write_text(spec(name))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / ".automlspec.yaml").write_text("target:\n  tagging_api: false\n")
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert "GetResources" not in fault_proxy.seen
    assert fault_proxy.seen["ListTags"] == 2  # one per job, as ever


def test_a_job_the_index_shows_unchanged_costs_no_list_tags(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    before = created(fault_proxy, repo, capsys, "job-a", "job-b")
    fault_proxy.answer("GetResources", index_of(aws_env, ["job-a", "job-b"]))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert since(fault_proxy, before, "GetResources") == 1
    assert since(fault_proxy, before, "ListTags") == 0 and since(fault_proxy, before, "DescribeAutoMLJobV2") == 0


def test_a_job_missing_from_the_index_is_read_with_list_tags(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    before = created(fault_proxy, repo, capsys, "job-a", "job-b")
    retag(aws_env, "job-b", "team", "blue")
    fault_proxy.answer("GetResources", index_of(aws_env, ["job-a"]))  # job-b is not in the index (yet)
    code, out, err = run(capsys, "plan", "--format", "json")
    assert code == 0, err
    actions = {a["name"]: a for a in json.loads(out)["actions"]}
    assert actions["job-a"]["action"] == "noop"
    # job-b's tags are ListTags': never "no tags" (which would also have made plan describe it)
    assert actions["job-b"]["action"] == "update-tags"
    assert actions["job-b"]["changes"] == [{"path": "Tags.team", "before": "blue", "after": "growth"}]
    assert since(fault_proxy, before, "ListTags") == 1 and since(fault_proxy, before, "DescribeAutoMLJobV2") == 0
    # moto's own GetResources lists no SageMaker job: every job is read with ListTags, and nothing changes
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err


def test_stale_index_tags_never_make_a_wrong_update(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    before = created(fault_proxy, repo, capsys, "job-a", "job-b")
    retag(aws_env, "job-b", "team", "blue")
    # the index is behind: job-a shows a value it no longer has; job-b an older one than ListTags'
    stale = index_of(aws_env, ["job-a", "job-b"], {"job-a": {"team": "old"}, "job-b": {"team": "old", "extra": "x"}})
    fault_proxy.answer("GetResources", stale, times=2)
    code, out, err = run(capsys, "plan", "--format", "json")
    assert code == 0, err
    actions = {a["name"]: a for a in json.loads(out)["actions"]}
    assert actions["job-a"]["action"] == "noop"  # ListTags: team is growth, as the spec says
    assert actions["job-b"]["changes"] == [{"path": "Tags.team", "before": "blue", "after": "growth"}]
    assert since(fault_proxy, before, "ListTags") == 2  # both re-read before a change was put in the plan
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "Apply complete: 0 created, 1 tags updated, 0 stopped, 0 failed." in out, out
    assert since(fault_proxy, before, "AddTags") == 1 and since(fault_proxy, before, "DeleteTags") == 0  # no "extra"
    tags = aws_env.client("sagemaker").list_tags(
        ResourceArn=aws_env.client("sagemaker").describe_auto_ml_job_v2(AutoMLJobName="job-b")["AutoMLJobArn"]
    )["Tags"]
    assert {t["Key"]: t["Value"] for t in tags}["team"] == "growth"


def test_a_noop_may_rest_on_the_index_and_nothing_is_written_from_it(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    """The documented cost of the index: a tag edited a moment ago may show only in a later plan."""
    before = created(fault_proxy, repo, capsys, "job-a")
    index = index_of(aws_env, ["job-a"])  # taken before the edit below reaches it
    retag(aws_env, "job-a", "team", "blue")
    fault_proxy.answer("GetResources", index)
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0 and "Nothing to apply." in out, out + err
    for writing in ("AddTags", "DeleteTags", "CreateAutoMLJobV2", "StopAutoMLJob"):
        assert since(fault_proxy, before, writing) == 0, writing
    code, out, err = run(capsys, "plan", "--detailed-exitcode")  # the index caught up (here: moto's, empty)
    assert code == 2 and "~ job-a" in out, out + err


def test_a_stale_hash_in_the_index_is_read_again_and_compared(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    before = created(fault_proxy, repo, capsys, "job-a")
    fault_proxy.answer("GetResources", index_of(aws_env, ["job-a"], {"job-a": {HASH_TAG: "0" * 64}}))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert since(fault_proxy, before, "ListTags") == 1  # ListTags' hash matches: no Describe
    assert since(fault_proxy, before, "DescribeAutoMLJobV2") == 0


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, "AccessDeniedException"), (400, "UnknownOperationException"), (400, "InvalidParameterException")],
)
def test_an_index_that_cannot_be_read_falls_back_to_list_tags_with_one_note(
    fault_proxy,
    repo,  # noqa: F811
    capsys,
    aws_env,
    status,
    code,
):
    before = created(fault_proxy, repo, capsys, "job-a", "job-b")
    retag(aws_env, "job-b", "team", "blue")
    fault_proxy.fail("GetResources", status, code, "User: arn:aws:iam::123456789012:user/ci is not authorized", times=3)
    outputs = {}
    for fmt in ("text", "json", "markdown"):
        exit_code, out, err = run(capsys, "plan", "--format", fmt)
        assert exit_code == 0, out + err
        outputs[fmt] = out
    assert since(fault_proxy, before, "ListTags") == 6  # every job, every run
    note = (
        "the Resource Groups Tagging API could not be read (tag:GetResources: "
        if code != "AccessDeniedException"
        else "the Resource Groups Tagging API could not be read (tag:GetResources: access denied"
    )
    text_notes = [line for line in outputs["text"].splitlines() if line.startswith("note: ")]
    assert len(text_notes) == 1 and note in text_notes[0], outputs["text"]
    assert text_notes[0].endswith(
        "the tags of every job were read with sagemaker:ListTags instead (target tagging_api: true)"
    )
    assert "~ job-b" in outputs["text"]  # planned as without the index
    (json_note,) = json.loads(outputs["json"])["notes"]
    assert note in json_note
    assert sum(1 for line in outputs["markdown"].splitlines() if line.startswith("> ") and note in line) == 1


def test_a_failure_on_a_later_page_discards_the_whole_index(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    before = created(fault_proxy, repo, capsys, "job-a", "job-b")
    first = {**index_of(aws_env, ["job-a"]), "PaginationToken": "page-2"}
    fault_proxy.answer("GetResources", first)
    fault_proxy.fail("GetResources", 400, "PaginationTokenExpiredException", "token expired", times=1)
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert since(fault_proxy, before, "GetResources") == 2
    assert since(fault_proxy, before, "ListTags") == 2  # job-a's first page was put aside too
    assert "note: " in out and "PaginationTokenExpired" in out


def test_a_throttled_index_is_waited_out_not_given_up(fault_proxy, repo, capsys, aws_env, monkeypatch):  # noqa: F811
    monkeypatch.setattr("automlspec.aws.DEFAULT_MAX_ATTEMPTS", 2)
    waits: list[float] = []
    monkeypatch.setattr("automlspec.aws._sleep", waits.append)
    monkeypatch.setattr("botocore.retries.bucket.TokenBucket._sleep_amount", lambda bucket, amount: 0)
    before = created(fault_proxy, repo, capsys, "job-a")
    fault_proxy.fail("GetResources", 400, "ThrottledException", "Rate exceeded", times=3)
    fault_proxy.answer("GetResources", index_of(aws_env, ["job-a"]))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert "note: " not in out  # not a failure: the index was read
    assert since(fault_proxy, before, "GetResources") == 4 and since(fault_proxy, before, "ListTags") == 0
    assert "automlspec: tag:GetResources is throttled by AWS in us-east-1; still trying" in err


def test_prune_never_stops_on_the_index_word(fault_proxy, data, tmp_path, monkeypatch, capsys):  # noqa: F811
    """A stop rests on ListTags: a job the index (stale) shows as this repository's, which ListTags shows is
    not, is left alone; a deleted spec's job the index does not list is still found and stopped."""
    ml = new_repo(tmp_path / "ml", project="acme")
    for name in ("keep", "gone", "theirs"):
        write(ml, f"specs/{name}.yaml", name)
    commit(ml)
    monkeypatch.chdir(ml)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    retag(data, "theirs", live.PROJECT_TAG, "someone-else")  # the truth: not this repository's job
    (ml / ".automlspec.yaml").write_text("project: acme\n" + OPT_IN)
    git(ml, "rm", "-q", "specs/gone.yaml", "specs/theirs.yaml")
    commit(ml, "retire gone and theirs")
    stale = index_of(data, ["keep", "theirs"], {"theirs": {live.PROJECT_TAG: "acme"}})  # gone: not indexed
    fault_proxy.answer("GetResources", stale, times=2)
    code, out, err = run(capsys, "plan", "specs", "--prune")
    assert code == 0, err
    assert "- gone will be stopped" in out and "theirs" not in out, out
    code, out, err = run(capsys, "apply", "specs", "--prune", "--auto-approve")
    assert code == 0, err
    assert running(data) == {"keep", "theirs"}


def test_the_index_is_not_asked_in_an_account_the_target_does_not_allow(fault_proxy, repo, capsys):  # noqa: F811
    (repo / "a.yaml").write_text(spec("job-a"))
    (repo / ".automlspec.yaml").write_text('target:\n  allowed_account_ids: ["111111111111"]\n  tagging_api: true\n')
    code, out, err = run(capsys, "plan")
    assert code == 1 and "allows only 111111111111" in err, out + err
    assert set(fault_proxy.seen) == {"GetCallerIdentity"}


def test_targets_that_share_a_session_read_the_index_once(fault_proxy, repo, capsys, aws_env):  # noqa: F811
    for folder, name in (("dev", "job-a"), ("team", "job-b")):
        (repo / folder).mkdir()
        (repo / folder / f"{name}.yaml").write_text(spec(name))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    for folder in ("dev", "team"):  # two configuration files: two targets of one account and region
        (repo / folder / ".automlspec.yaml").write_text(OPT_IN)
    before = dict(fault_proxy.seen)
    fault_proxy.answer("GetResources", index_of(aws_env, ["job-a", "job-b"]))
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert since(fault_proxy, before, "GetResources") == 1 and since(fault_proxy, before, "ListTags") == 0
    # denied: one call, one note for the session, not one per target
    fault_proxy.fail("GetResources", 400, "AccessDeniedException", "not authorized", times=1)
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert sum(1 for line in out.splitlines() if line.startswith("note: ")) == 1, out
    assert since(fault_proxy, before, "GetResources") == 2


def test_a_throttle_on_a_later_page_goes_on_from_that_page(fault_proxy, repo, capsys, aws_env, monkeypatch):  # noqa: F811
    """GetResources' page token is PaginationToken, not NextToken: a listing throttled at page 2 goes on
    from page 2 (it started again at page 1, and under steady throttling would read the first pages over
    and over until the page cap)."""
    monkeypatch.setattr("automlspec.aws.DEFAULT_MAX_ATTEMPTS", 2)
    monkeypatch.setattr("automlspec.aws._sleep", lambda seconds: None)
    monkeypatch.setattr("botocore.retries.bucket.TokenBucket._sleep_amount", lambda bucket, amount: 0)
    created(fault_proxy, repo, capsys, "job-a", "job-b")
    sent: list[str | None] = []

    def record(target: str, body: bytes) -> bool:
        if target == "GetResources":
            sent.append(json.loads(body).get("PaginationToken"))
        return False  # only listens

    first = {**index_of(aws_env, ["job-a"]), "PaginationToken": "page-2"}
    fault_proxy.rules.append([record, 200, None, {}, 1000])
    fault_proxy.rules.append([lambda t, b: t == "GetResources" and b"page-2" not in b, 200, None, first, 1000])
    throttled = [lambda t, b: t == "GetResources" and b"page-2" in b, 400, "ThrottledException", "Rate exceeded", 2]
    fault_proxy.rules.append(throttled)
    fault_proxy.rules.append(
        [lambda t, b: t == "GetResources" and b"page-2" in b, 200, None, index_of(aws_env, ["job-b"]), 1000]
    )
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    assert sent == [None, "page-2", "page-2", "page-2"]


def test_a_saved_plan_is_not_stale_because_the_index_ordered_the_tags_otherwise(
    fault_proxy,
    repo,  # noqa: F811
    capsys,
    aws_env,
):
    """A noop planned on the index's tags, applied when the index no longer lists the job (ListTags is
    read then): the same tags in another order are the same job, and the saved plan is applied."""
    created(fault_proxy, repo, capsys, "job-a", "job-b")
    index = index_of(aws_env, ["job-a", "job-b"])
    for mapping in index["ResourceTagMappingList"]:
        mapping["Tags"] = list(reversed(mapping["Tags"]))
    fault_proxy.answer("GetResources", index)
    (repo / "job-b.yaml").write_text(spec("job-b").replace("growth", "other"))  # one real change to apply
    code, out, err = run(capsys, "plan", "--out", "tags.plan")
    assert code == 0, out + err
    fault_proxy.answer("GetResources", {"ResourceTagMappingList": []})  # the index lags now: ListTags
    code, out, err = run(capsys, "apply", "--plan", "tags.plan", "--auto-approve")
    assert code == 0, out + err
    assert "stale" not in out + err
