"""--prune stops only a job this repository can prove it created and this checkout deliberately deleted
(issue 20, section 2), end to end through ``automlspec.cli.main`` against moto_server, in real git
repositories.

What prune trusts (docs/plan.md, "--prune"): the job's ``automlspec:project`` tag is this checkout's
identity (the configuration's ``project:``, else its normalised ``origin`` URL; no identity, no prune),
its ``automlspec:commit`` is an ancestor of HEAD and holds the spec its ``automlspec:spec`` tag names,
that path (normalised) lies inside a planned path, and no YAML file of the checkout names the job any
more, an excluded one included. Each refusal that concerns this repository is explained in the plan.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from test_plan_apply import jobs, run, spec, tags_of, training_csv

from automlspec.jobs import request as live


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch, tmp_path):
    """git without this machine's configuration (a user's hooks or templates play no part)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"]
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run([*command, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def commit(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def new_repo(path: Path, remote: str | None = None, project: str | None = None) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    if remote:
        git(path, "remote", "add", "origin", remote)
    if project:
        (path / ".automlspec.yaml").write_text(f"project: {project}\n")
    return path


@pytest.fixture
def data(aws_env):
    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    s3.put_object(Bucket="my-bucket", Key="churn/train/part-0.csv", Body=training_csv())
    return aws_env


def write(repo: Path, path: str, name: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(spec(name))


def running(aws_env) -> set[str]:
    return {name for name, job in jobs(aws_env.client("sagemaker")).items() if job["AutoMLJobStatus"] == "InProgress"}


def test_a_created_job_records_the_repository_and_the_commit_it_was_created_from(data, tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "ml", remote="git@github.com:Acme/ML-Specs.git")
    write(repo, "specs/churn.yaml", "churn")
    head = commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    tags = {t["Key"]: t["Value"] for t in tags_of(data.client("sagemaker"), "churn")}
    assert tags[live.SPEC_TAG] == "specs/churn.yaml"
    assert tags["automlspec:project"] == "github.com/Acme/ML-Specs"
    assert tags["automlspec:commit"] == head
    # https, with credentials and a port, names the same repository; the credentials are never recorded
    git(repo, "remote", "set-url", "origin", "https://ci:s3cr3t@GitHub.com:443/Acme/ML-Specs.git/")
    write(repo, "specs/other.yaml", "other")
    commit(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    tags = {t["Key"]: t["Value"] for t in tags_of(data.client("sagemaker"), "other")}
    assert tags["automlspec:project"] == "github.com/Acme/ML-Specs"
    assert "s3cr3t" not in json.dumps(tags)


def test_prune_stops_a_job_whose_spec_this_checkout_deleted(data, tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "ml", project="acme-forecasting")
    for name in ("keep", "gone", "local"):
        write(repo, f"specs/{name}.yaml", name)
    commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    git(repo, "rm", "-q", "specs/gone.yaml")
    commit(repo, "retire gone")
    (repo / "specs" / "local.yaml").unlink()  # deleted in the working tree, not committed yet: deliberate too
    code, out, err = run(capsys, "apply", "specs", "--prune", "--auto-approve")
    assert code == 0, err
    assert "- gone will be stopped" in out and "- local will be stopped" in out
    assert running(data) == {"keep"}


def test_prune_never_stops_a_job_of_another_repository_with_the_same_layout(data, tmp_path, monkeypatch, capsys):
    team_a = new_repo(tmp_path / "team-a", remote="https://github.com/team-a/ml.git")
    team_b = new_repo(tmp_path / "team-b", remote="https://github.com/team-b/ml.git")
    write(team_a, "specs/forecast.yaml", "forecast-a")
    write(team_b, "specs/forecast.yaml", "forecast-b")
    for repo in (team_b, team_a):
        commit(repo)
        monkeypatch.chdir(repo)
        assert run(capsys, "apply", "--auto-approve")[0] == 0
    for paths in (("specs",), ()):  # the spec folder, and the repository's root
        code, out, err = run(capsys, "apply", *paths, "--prune", "--auto-approve")
        assert code == 0, err
        assert "forecast-b" not in out  # not ours: not even mentioned
    outside = tmp_path / "outside"  # outside any repository: no identity, no prune
    outside.mkdir()
    monkeypatch.chdir(outside)
    (outside / "x.yaml").write_text(spec("outside-job"))
    assert run(capsys, "apply", "--prune", "--auto-approve", "--no-data")[0] == 0
    assert running(data) == {"forecast-a", "forecast-b", "outside-job"}


def test_a_clone_that_is_behind_does_not_stop_a_colleagues_new_job(data, tmp_path, monkeypatch, capsys):
    upstream = tmp_path / "upstream.git"
    git(tmp_path, "init", "-q", "--bare", str(upstream))
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(upstream), str(alice))
    write(alice, "specs/x.yaml", "job-x")
    commit(alice)
    git(alice, "push", "-q", "origin", "HEAD:main")
    git(tmp_path, "clone", "-q", str(upstream), str(bob))
    write(bob, "specs/y.yaml", "job-y")  # bob adds y, pushes and applies it; alice has not pulled
    created = commit(bob)
    git(bob, "push", "-q", "origin", "HEAD:main")
    monkeypatch.chdir(bob)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    monkeypatch.chdir(alice)
    code, out, err = run(capsys, "apply", "--prune", "--auto-approve")
    assert code == 0, err
    assert (
        f"# job-y not stopped: created from commit {created[:12]}, which this checkout does not contain; pull first"
        in out
    ), out
    assert running(data) == {"job-x", "job-y"}
    code, out, _ = run(capsys, "plan", "--prune", "--format", "json")
    (kept,) = json.loads(out)["kept"]
    assert kept["name"] == "job-y" and kept["spec_tag"] == "specs/y.yaml" and "pull first" in kept["reason"]
    git(alice, "pull", "-q", "origin", "main")
    code, out, _ = run(capsys, "plan", "--prune", "--detailed-exitcode")
    assert code == 0, out  # y is alice's spec now: nothing to do
    git(alice, "rm", "-q", "specs/y.yaml")
    commit(alice, "retire y")
    code, out, err = run(capsys, "apply", "--prune", "--auto-approve")
    assert code == 0 and "- job-y will be stopped" in out, out + err
    assert running(data) == {"job-x"}


def test_an_excluded_file_still_declares_its_job(data, tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "ml", project="acme")
    write(repo, "specs/legacy/old.yaml", "job-legacy")
    write(repo, "specs/new.yaml", "job-new")
    commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / ".automlspec.yaml").write_text("project: acme\nexclude:\n  - specs/legacy/**\n")
    commit(repo, "stop linting the legacy specs")
    for paths in (("specs",), ()):
        code, out, err = run(capsys, "apply", *paths, "--prune", "--auto-approve")
        assert code == 0, err
        assert "job-legacy" not in out, out
    # moved out of the planned folder: still declared by a file of the checkout
    (repo / "archive").mkdir()
    (repo / "specs" / "new.yaml").rename(repo / "archive" / "new.yaml")
    commit(repo, "move")
    code, out, err = run(capsys, "apply", "specs", "--prune", "--auto-approve")
    assert code == 0 and "job-new" not in out, out + err
    assert running(data) == {"job-legacy", "job-new"}


def test_forged_or_unproven_tags_never_make_a_job_prunable(data, tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "ml", project="acme")
    write(repo, "specs/a.yaml", "job-a")
    write(repo, "prod/x.yaml", "job-x")
    head = commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve", "specs")[0] == 0
    client = data.client("sagemaker")
    template = client.describe_auto_ml_job_v2(AutoMLJobName="job-a")
    forged = {
        # a hand-made job with only the path tag (how older automlspec versions tagged theirs)
        "by-hand": {live.SPEC_TAG: "specs/gone.yaml"},
        # every tag right, but a path that escapes the planned folder: it is prod's job
        "escapes": {live.SPEC_TAG: "specs/../prod/x.yaml", "automlspec:project": "acme", "automlspec:commit": head},
        # every tag right, but that commit never held the spec
        "never-there": {live.SPEC_TAG: "specs/never.yaml", "automlspec:project": "acme", "automlspec:commit": head},
        # a commit this repository does not have
        "elsewhere": {live.SPEC_TAG: "specs/b.yaml", "automlspec:project": "acme", "automlspec:commit": "f" * 40},
    }
    for name, tags in forged.items():
        client.create_auto_ml_job_v2(
            AutoMLJobName=name,
            AutoMLJobInputDataConfig=template["AutoMLJobInputDataConfig"],
            OutputDataConfig=template["OutputDataConfig"],
            AutoMLProblemTypeConfig=template["AutoMLProblemTypeConfig"],
            RoleArn=template["RoleArn"],
            Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        )
    code, out, err = run(capsys, "plan", "specs", "--prune", "--detailed-exitcode")
    assert code == 0, out + err  # nothing to do: every forged job is kept
    assert "will be stopped" not in out, out
    lines = {line.split(" not stopped: ")[0].strip(): line for line in out.splitlines() if "not stopped" in line}
    assert "no automlspec:project tag" in lines["# by-hand"]
    assert "'specs/../prod/x.yaml' is not a path automlspec writes" in lines["# escapes"]
    assert f"commit {head[:12]} does not hold specs/never.yaml" in lines["# never-there"]
    assert "which this checkout does not contain; pull first" in lines["# elsewhere"]
    assert run(capsys, "apply", "specs", "--prune", "--auto-approve")[0] == 0
    assert running(data) == {"job-a", *forged}


def test_no_identity_no_prune(data, tmp_path, monkeypatch, capsys):
    repo = new_repo(tmp_path / "ml")  # no remote, no project:
    write(repo, "specs/a.yaml", "job-a")
    write(repo, "specs/b.yaml", "job-b")
    commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    assert "automlspec:project" not in {t["Key"] for t in tags_of(data.client("sagemaker"), "job-a")}
    git(repo, "rm", "-q", "specs/b.yaml")
    commit(repo)
    code, out, err = run(capsys, "apply", "--prune", "--auto-approve")
    assert code == 0, err
    assert "# job-b not stopped: this checkout has no repository identity" in out, out
    assert "project:" in out
    assert running(data) == {"job-a", "job-b"}


@pytest.mark.parametrize(
    ("root", "sub"),
    [
        ("", "target:\n  tagging_api: true\n"),  # the documented way to opt one folder in
        ("", "target:\n  allowed_account_ids: ['123456789012']\n"),  # another guard, the same account
        ("", "target:\n  region: us-east-1\n"),  # the same region, written out
        ("target:\n  region: us-east-1\n", "target:\n  tagging_api: true\n"),
    ],
)
def test_two_folders_of_one_account_and_region_never_prune_each_others_jobs(
    data, tmp_path, monkeypatch, capsys, root, sub
):
    """A sub-folder with a `target:` of its own is another target of the same account and region: each
    target's running jobs that its own specs do not name include the other folder's, whose specs are still
    here (review of issue 26's tagging_api: it stopped both)."""
    repo = new_repo(tmp_path / "ml")
    (repo / ".automlspec.yaml").write_text("project: acme\n" + root)
    write(repo, "specs/a.yaml", "job-a")
    write(repo, "specs/team/b.yaml", "job-b")
    write(repo, "specs/team/gone.yaml", "job-gone")
    commit(repo)
    monkeypatch.chdir(repo)
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    (repo / "specs" / "team" / ".automlspec.yaml").write_text(sub)
    git(repo, "rm", "-q", "specs/team/gone.yaml")
    commit(repo, "team: a configuration of its own; retire gone")
    code, out, err = run(capsys, "apply", "specs", "--prune", "--auto-approve")
    assert code == 0, err
    assert "job-a will be stopped" not in out and "job-b will be stopped" not in out, out
    # the deleted spec's job is stopped once, by one of the two targets that see it
    assert out.count("- job-gone will be stopped") == 1, out
    assert running(data) == {"job-a", "job-b"}
