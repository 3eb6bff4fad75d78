"""Tags automlspec does not own (issue 20, section 3), end to end against moto_server.

- Keys under a service prefix (`aws:`, `sagemaker:`: SageMaker Studio and Projects tag what they create,
  https://docs.aws.amazon.com/whitepapers/latest/sagemaker-studio-admin-best-practices/cost-attribution.html)
  are never shown as differences, never deleted and never imported.
- `ignore_tags` in the project configuration (terraform's provider-level ``ignore_tags``, keys and key
  prefixes: https://registry.terraform.io/providers/hashicorp/aws/latest/docs#ignore_tags) does the same
  for an organisation's own automation tags.
- lint counts the tags apply adds (``automlspec:*``) against the 50 a SageMaker resource takes.
"""

from __future__ import annotations

from test_plan_apply import repo, run, spec, tags_of  # noqa: F401  (repo: the fixture)

from automlspec.cli import main

SERVICE_TAGS = {
    "sagemaker:domain-arn": "arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc123",
    "sagemaker:user-profile-arn": "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/alice",
    "sagemaker:project-name": "churn-project",
    "aws:cloudformation:stack-name": "sagemaker-churn-project",
}


def _add(client, name: str, tags: dict[str, str]) -> None:
    arn = client.describe_auto_ml_job_v2(AutoMLJobName=name)["AutoMLJobArn"]
    client.add_tags(ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def test_service_tags_are_never_a_difference_and_never_deleted(aws_env, repo, capsys):  # noqa: F811
    (repo / "churn.yaml").write_text(spec("churn-xgb"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    client = aws_env.client("sagemaker")
    _add(client, "churn-xgb", SERVICE_TAGS)  # Studio and CloudFormation tagged the job
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err
    # a real change of the user's own tags touches only the user's tags
    (repo / "churn.yaml").write_text(spec("churn-xgb", tags={"owner": "alice"}))
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "sagemaker:" not in out and "aws:" not in out, out
    tags = {t["Key"]: t["Value"] for t in tags_of(client, "churn-xgb")}
    assert {k: tags[k] for k in SERVICE_TAGS} == SERVICE_TAGS
    assert tags["owner"] == "alice" and "team" not in tags


def test_a_hand_written_spec_for_a_studio_job_plans_no_change(aws_env, repo, capsys):  # noqa: F811
    """A job Studio made (never by automlspec), and a spec written for it by hand with the user's tags."""
    (repo / "churn.yaml").write_text(spec("studio-job"))
    assert run(capsys, "apply", "--auto-approve")[0] == 0  # only to make the job; the tags below are Studio's
    client = aws_env.client("sagemaker")
    arn = client.describe_auto_ml_job_v2(AutoMLJobName="studio-job")["AutoMLJobArn"]
    client.delete_tags(ResourceArn=arn, TagKeys=["automlspec:spec", "automlspec:hash"])
    _add(client, "studio-job", SERVICE_TAGS)
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err


def test_import_never_copies_service_tags(aws_env, tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "churn.yaml").write_text(spec("studio-job", tags={"team": "growth", "LastBackup": "monday"}))
    s3 = aws_env.client("s3")
    s3.create_bucket(Bucket="my-bucket")
    assert main(["apply", "--auto-approve", "--no-data", "--color", "never"]) == 0
    client = aws_env.client("sagemaker")
    _add(client, "studio-job", {**SERVICE_TAGS, "c7n:mark": "stop-at-night"})
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / ".automlspec.yaml").write_text(
        "ignore_tags:\n  keys: [LastBackup]\n  key_prefixes: ['c7n:']\n"
    )
    capsys.readouterr()
    assert main(["import", "studio-job", "-o", "specs"]) == 0
    written = (tmp_path / "specs" / "studio-job.yaml").read_text()
    assert "Key: team" in written
    for key in (*SERVICE_TAGS, "c7n:mark", "LastBackup", "automlspec:"):
        assert key not in written, (key, written)


def test_ignore_tags_leaves_keys_and_prefixes_to_other_automation(aws_env, repo, capsys):  # noqa: F811
    (repo / ".automlspec.yaml").write_text(
        "ignore_tags:\n  keys: [LastBackup, Owner]\n  key_prefixes: ['c7n:', 'acme:finops/']\n"
    )
    (repo / "churn.yaml").write_text(spec("churn-xgb", tags={"team": "growth", "Owner": "spec-owner"}))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    client = aws_env.client("sagemaker")
    arn = client.describe_auto_ml_job_v2(AutoMLJobName="churn-xgb")["AutoMLJobArn"]
    client.delete_tags(ResourceArn=arn, TagKeys=["Owner"])
    _add(
        client,
        "churn-xgb",
        {"LastBackup": "monday", "Owner": "custodian", "c7n:mark": "stop-at-night", "acme:finops/cc": "4711"},
    )
    code, out, err = run(capsys, "plan", "--detailed-exitcode")
    assert code == 0, out + err  # neither the extra keys nor the changed Owner are differences
    (repo / "churn.yaml").write_text(spec("churn-xgb", tags={"team": "retention", "Owner": "spec-owner"}))
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 0, err
    assert "Tags.team" in out and "Owner" not in out and "c7n" not in out and "LastBackup" not in out, out
    tags = {t["Key"]: t["Value"] for t in tags_of(client, "churn-xgb")}
    assert tags["Owner"] == "custodian" and tags["c7n:mark"] == "stop-at-night" and tags["LastBackup"] == "monday"


def test_ignore_tags_is_validated_like_every_other_setting(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".automlspec.yaml").write_text("ignore_tags:\n  key: [LastBackup]\n  key_prefixes: c7n\n")
    (tmp_path / "churn.yaml").write_text(spec("churn-xgb"))
    code = main(["lint", "--color", "never", "churn.yaml"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "unknown ignore_tags key 'key'; valid keys: keys, key_prefixes" in out, out + err
    assert "help: keys" in out, out
    assert "ignore_tags key_prefixes must be a list of strings" in out + err, out + err


def _tags(count: int) -> dict[str, str]:
    return {f"tag-{n:02d}": "x" for n in range(count)}


def test_lint_counts_the_tags_apply_adds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fits.yaml").write_text(spec("fits", tags=_tags(46)))
    (tmp_path / "full.yaml").write_text(spec("full", tags=_tags(47)))
    code = main(["lint", "--color", "never", "fits.yaml"])
    capsys.readouterr()
    assert code == 0
    code = main(["lint", "--color", "never", "full.yaml"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "AML531" in out and "Tags has 47 tags, and apply adds 4 of its own" in out, out
    assert "51 in all, more than the 50" in out, out
