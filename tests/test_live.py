"""jobs.request and jobs.lifecycle: a DescribeAutoMLJobV2 answer as the request that would create it (pure, plus one moto round trip)."""

from __future__ import annotations

import copy
import datetime

from automlspec.jobs import lifecycle
from automlspec.jobs import request as live

REQUEST = {
    "AutoMLJobName": "churn",
    "AutoMLJobInputDataConfig": [
        {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/train/"}}}
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://b/out/"},
    "AutoMLProblemTypeConfig": {
        "TabularJobConfig": {
            "CompletionCriteria": {"MaxCandidates": 10},
            "TargetAttributeName": "y",
            "ProblemType": "BinaryClassification",
        }
    },
    "RoleArn": "arn:aws:iam::123456789012:role/x",
}

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def described(request: dict) -> dict:
    """What Describe adds around a request (the read-only members of reference B, as moto fills them)."""
    out = copy.deepcopy(request)
    out.update(
        AutoMLJobArn="arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn",
        AutoMLProblemTypeConfigName="Tabular",
        CreationTime=NOW,
        EndTime=NOW,
        LastModifiedTime=NOW,
        FailureReason="",
        PartialFailureReasons=[{"PartialFailureMessage": ""}],
        BestCandidate={"CandidateName": "best"},
        AutoMLJobStatus="InProgress",
        AutoMLJobSecondaryStatus="TrainingModels",
        AutoMLJobArtifacts={"DataExplorationNotebookLocation": "s3://x"},
        ResolvedAttributes={"AutoMLJobObjective": {"MetricName": "F1"}},
        ModelDeployResult={"EndpointName": "EndpointName"},
        ResponseMetadata={"HTTPStatusCode": 200},
    )
    return out


def test_request_drops_every_read_only_member_and_orders_keys_as_the_model():
    got = live.request(described(REQUEST))
    assert got == REQUEST
    assert list(got) == [
        "AutoMLJobName",
        "AutoMLJobInputDataConfig",
        "OutputDataConfig",
        "AutoMLProblemTypeConfig",
        "RoleArn",
    ]
    assert next(iter(got["AutoMLProblemTypeConfig"]["TabularJobConfig"])) == "CompletionCriteria"
    assert not set(live.READ_ONLY) & set(got)


def test_unknown_nested_members_are_dropped_too():
    answer = described(REQUEST)
    answer["OutputDataConfig"]["SomethingNew"] = "x"
    assert live.request(answer)["OutputDataConfig"] == {"S3OutputPath": "s3://b/out/"}


def test_tags_keep_the_users_only_and_the_last_value_of_a_repeated_key():
    tags = [
        {"Key": "team", "Value": "a"},
        {"Key": "automlspec:hash", "Value": "abc"},
        {"Key": "aws:cloudformation:stack-name", "Value": "s"},
        {"Key": "team", "Value": "b"},
        {"Key": "env", "Value": "dev"},
    ]
    got = live.request(described(REQUEST), tags)
    assert got["Tags"] == [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}]
    assert list(got).index("Tags") == 5  # the model's place: after RoleArn
    assert "Tags" not in live.request(described(REQUEST), [{"Key": "automlspec:spec", "Value": "a.yaml"}])


def test_status_reads_both_statuses():
    state = lifecycle.status(described(REQUEST))
    assert (state.status, state.secondary, str(state), state.running) == (
        "InProgress",
        "TrainingModels",
        "InProgress/TrainingModels",
        True,
    )
    assert str(lifecycle.status({"AutoMLJobStatus": "Stopped", "AutoMLJobSecondaryStatus": "Stopped"})) == "Stopped"


def test_minimal_removes_documented_defaults_but_keeps_choices_and_the_objective():
    filled = copy.deepcopy(REQUEST)
    filled["AutoMLJobInputDataConfig"][0].update(ChannelType="training", ContentType="text/csv;header=present")
    filled["DataSplitConfig"] = {"ValidationFraction": 0.2}
    filled["AutoMLJobObjective"] = {"MetricName": "F1"}
    got = live.minimal(live.request(described(filled)))
    assert got == {**REQUEST, "AutoMLJobObjective": {"MetricName": "F1"}}
    chosen = copy.deepcopy(filled)
    chosen["DataSplitConfig"] = {"ValidationFraction": 0.3}
    assert live.minimal(chosen)["DataSplitConfig"] == {"ValidationFraction": 0.3}


def test_a_moto_job_round_trips_to_its_request(aws_env):
    client = aws_env.client("sagemaker")
    client.create_auto_ml_job_v2(**REQUEST, Tags=[{"Key": "team", "Value": "a"}])
    answer = client.describe_auto_ml_job_v2(AutoMLJobName="churn")
    tags = client.list_tags(ResourceArn=answer["AutoMLJobArn"])["Tags"]
    got = live.request(answer, tags)
    # moto fills the objective, the data split and a deploy config (reference D1); the rest is what was sent
    for key in ("AutoMLJobObjective", "DataSplitConfig", "ModelDeployConfig"):
        got.pop(key)
    assert got == {**REQUEST, "Tags": [{"Key": "team", "Value": "a"}]}
