"""docs/gitops.md works as written: the repository it shows is built from its code blocks, and every
automlspec command of its workflow runs in it, as the workflow's jobs would run them.

- Each code block introduced by a file name (`` `specs/dev/churn.yaml`: ``) becomes that file.
- A step is run with `bash -eo pipefail` (a runner's `shell: bash`,
  https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsshell)
  after `${{ matrix.KEY }}` is replaced from the job's matrix entry, with GITHUB_ACTIONS=true.
- `aws-actions/configure-aws-credentials` (`role-to-assume: ${{ matrix.role }}`) is played by an STS
  AssumeRole of that role against the moto_server fixture (tests/moto_server.py): moto then answers
  as the role's account, so `target.allowed_account_ids` is checked for real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from automlspec import __version__

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "gitops.md"
WORKFLOW_FILE = ".github/workflows/automlspec.yml"


def _files() -> dict[str, str]:
    """Every code block whose paragraph before it starts with a file name in backticks."""
    text = DOC.read_text("utf-8")
    files = {}
    for match in re.finditer(r"^```(?:yaml|text)\n(.*?)^```$", text, re.M | re.S):
        before = text[: match.start()].rstrip("\n").rsplit("\n\n", 1)[-1]
        name = re.match(r"`([^`\s]+)`", before)
        if name:
            files[name[1]] = match[1]
    return files


FILES = _files()
WORKFLOW = YAML(typ="safe", pure=True).load(FILES[WORKFLOW_FILE])


def _matrix(job: dict) -> list[dict[str, str]]:
    return job.get("strategy", {}).get("matrix", {}).get("include", [{}])


def _commands(job_name: str, entry: dict[str, str]) -> list[str]:
    """The job's `run:` scripts that call automlspec, with ``entry``'s matrix values filled in."""
    out = []
    for step in WORKFLOW["jobs"][job_name]["steps"]:
        script = step.get("run", "")
        if "automlspec" in script:
            out.append(re.sub(r"\$\{\{ matrix\.(\w+) \}\}", lambda m: entry[m[1]], script))
    return out


def _run(repo: Path, script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert "${{" not in script, script
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _env(**extra: str) -> dict[str, str]:
    """This environment (its automlspec first on PATH, as `pip install -r requirements.txt` gives)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        GITHUB_ACTIONS="true",
        NO_COLOR="1",
        **extra,
    )
    return env


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)  # the configuration search stops here
    return tmp_path


def test_the_page_shows_the_whole_layout() -> None:
    layout = {
        WORKFLOW_FILE,
        ".pre-commit-config.yaml",
        "requirements.txt",
        "specs/dev/.automlspec.yaml",
        "specs/dev/churn.yaml",
        "specs/prod/.automlspec.yaml",
        "specs/prod/churn.yaml",
    }
    assert set(FILES) == layout
    tree = re.search(r"```text\n(\..*?)```", DOC.read_text("utf-8"), re.S)[1]
    for name in layout:
        assert Path(name).name in tree, name
    assert FILES["requirements.txt"] == f"automlspec=={__version__}\n"


def test_the_pre_commit_config_is_the_readme_local_snippet() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    local = next(b for b in re.findall(r"^```yaml\n(.*?)^```$", readme, re.M | re.S) if "repo: local" in b)
    load = YAML(typ="safe", pure=True).load
    assert load(FILES[".pre-commit-config.yaml"]) == load(local)


def test_the_configs_name_a_target_per_environment() -> None:
    load = YAML(typ="safe", pure=True).load
    for env, account in (("dev", "111111111111"), ("prod", "222222222222")):
        config = load(FILES[f"specs/{env}/.automlspec.yaml"])
        assert config["target"] == {"region": "eu-west-1", "allowed_account_ids": [account]}
        assert f"::{account}:" in config["defaults"]["RoleArn"]
        roles = {
            e["env"]: e["role"] for job in ("plan", "apply") for e in _matrix(WORKFLOW["jobs"][job]) if e["env"] == env
        }
        assert f"::{account}:" in roles[env]


def test_every_automlspec_command_of_the_workflow_is_run_by_a_test_here() -> None:
    commands = {
        job: [c.split()[:2] for c in _commands(job, _matrix(spec)[0])] for job, spec in WORKFLOW["jobs"].items()
    }
    assert commands == {
        "lint": [["automlspec", "lint"], ["automlspec", "lint"]],  # test_lint_job_*
        "plan": [["automlspec", "plan"]],  # test_plan_job_*
        "apply": [["automlspec", "plan"], ["automlspec", "apply"]],  # test_apply_job_*
    }


def test_lint_job_passes_on_the_pages_specs(repo: Path) -> None:
    env = _env()
    for script in _commands("lint", {}):
        done = _run(repo, script, env)
        assert done.returncode == 0, script + done.stdout + done.stderr
    sarif = json.loads((repo / "automlspec.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []


def test_lint_job_annotates_the_bad_line_and_writes_it_to_sarif(repo: Path) -> None:
    spec = repo / "specs" / "prod" / "churn.yaml"
    spec.write_text(spec.read_text("utf-8").replace("MetricName: F1", "MetricName: f1"), "utf-8")
    line = spec.read_text("utf-8").splitlines().index("  MetricName: f1") + 1
    annotations, sarif = _commands("lint", {})
    done = _run(repo, annotations, _env())
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(rf"^::error file=specs/prod/churn\.yaml,line={line},col=15,.*AML104", done.stdout, re.M), (
        done.stdout
    )
    done = _run(repo, sarif, _env())
    assert done.returncode == 1, done.stdout + done.stderr  # the step fails; `!cancelled()` uploads anyway
    results = json.loads((repo / "automlspec.sarif").read_text("utf-8"))["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("AML104", line)
    ]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "specs/prod/churn.yaml"


# ----- plan and apply, against moto_server ----------------------------------------------------------


def _assume(aws_env, role: str) -> dict[str, str]:
    """What configure-aws-credentials leaves in the environment after assuming ``role``."""
    credentials = aws_env.client("sts").assume_role(RoleArn=role, RoleSessionName="github-actions")["Credentials"]
    return _env(
        AWS_ACCESS_KEY_ID=credentials["AccessKeyId"],
        AWS_SECRET_ACCESS_KEY=credentials["SecretAccessKey"],
        AWS_SESSION_TOKEN=credentials["SessionToken"],
        AWS_REGION="eu-west-1",
        AWS_DEFAULT_REGION="eu-west-1",
    )


def _client(service: str, env: dict[str, str], aws_env):
    """A client of the environment's own account (its credentials) in eu-west-1."""
    import boto3

    return boto3.client(
        service,
        endpoint_url=aws_env.url,
        region_name="eu-west-1",
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=env["AWS_SESSION_TOKEN"],
    )


def _jobs(env: dict[str, str], aws_env) -> list[str]:
    client = _client("sagemaker", env, aws_env)
    return sorted(j["AutoMLJobName"] for j in client.list_auto_ml_jobs()["AutoMLJobSummaries"])


def _put_data(env: dict[str, str], aws_env, name: str) -> None:
    """The environment's training data and output bucket, in its own account: plan checks the data."""
    s3 = _client("s3", env, aws_env)
    where = {"LocationConstraint": "eu-west-1"}
    for bucket in (f"acme-ml-{name}-data", f"acme-ml-{name}-artifacts"):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration=where)  # type: ignore[arg-type]
    rows = "".join(f"C{n:05d},{n % 72},{n % 2}\n" for n in range(600))
    s3.put_object(Bucket=f"acme-ml-{name}-data", Key="churn/train/part-0.csv", Body="id,tenure,churned\n" + rows)


def test_plan_job_writes_the_comment_naming_its_account_and_the_saved_plan_per_environment(aws_env, repo: Path) -> None:
    for entry, account in zip(_matrix(WORKFLOW["jobs"]["plan"]), ("111111111111", "222222222222"), strict=True):
        env = _assume(aws_env, entry["role"])
        _put_data(env, aws_env, entry["env"])
        (script,) = _commands("plan", entry)
        done = _run(repo, script, env)
        assert done.returncode == 0, script + done.stdout + done.stderr
        comment = (repo / f"plan-{entry['env']}.md").read_text("utf-8")
        # the comments of the two environments name their accounts
        assert comment.startswith(f"### automlspec plan: account {account}, region eu-west-1\n"), comment
        assert "churn-2024-06" in comment and "create" in comment.lower(), comment
        saved = json.loads((repo / f"plan-{entry['env']}.json").read_text("utf-8"))
        assert saved, saved
        assert _jobs(env, aws_env) == []  # plan changes nothing


def test_apply_job_creates_each_environments_job_in_its_own_account_once(aws_env, repo: Path) -> None:
    entries = _matrix(WORKFLOW["jobs"]["apply"])
    for entry in entries:
        env = _assume(aws_env, entry["role"])
        _put_data(env, aws_env, entry["env"])
        for script in _commands("apply", entry):
            done = _run(repo, script, env)
            assert done.returncode == 0, script + done.stdout + done.stderr
        assert _jobs(env, aws_env) == ["churn-2024-06"]
    # the next merge that changes nothing applies nothing
    env = _assume(aws_env, entries[0]["role"])
    *_, apply = (_run(repo, script, env) for script in _commands("apply", entries[0]))
    assert apply.returncode == 0 and "Nothing to apply." in apply.stdout, apply.stdout + apply.stderr


def test_credentials_of_the_wrong_account_are_refused(aws_env, repo: Path) -> None:
    dev, prod = _matrix(WORKFLOW["jobs"]["plan"])
    env = _assume(aws_env, dev["role"])
    (script,) = _commands("plan", prod)
    done = _run(repo, script, env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "111111111111" in done.stderr and "222222222222" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_failed_plan_still_writes_the_comment_with_the_reason(aws_env, repo: Path) -> None:
    """issue 21: the plan step fails and the posting step (`!cancelled()`) posts why, not an empty body."""
    spec = repo / "specs" / "prod" / "churn.yaml"
    spec.write_text(spec.read_text("utf-8").replace("MetricName: F1", "MetricName: f1"), "utf-8")
    entry = _matrix(WORKFLOW["jobs"]["plan"])[1]
    env = _assume(aws_env, entry["role"])
    (script,) = _commands("plan", entry)
    done = _run(repo, script, env)
    assert done.returncode == 1, done.stdout + done.stderr
    comment = (repo / "plan-prod.md").read_text("utf-8")
    assert comment.startswith("### automlspec plan failed\n"), comment
    assert "`specs/prod/churn.yaml:" in comment and "**AML104** error" in comment, comment
