"""Responses for botocore's Stubber where moto cannot answer (reference D: moto never completes or fails a
job and does not implement ListCandidatesForAutoMLJob).

Shaped like the API reference (DescribeAutoMLJobV2, ListCandidatesForAutoMLJob, AutoMLCandidate:
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListCandidatesForAutoMLJob.html) and named the
way the service names things: a candidate ``<job>TA-001-<hash>`` whose steps are a processing job
``<job>-db-1-...``, a data-processing training job ``<job>-dpp1-1-...``, its transform job
``<job>-dpp1-csv-1-...`` and the tuning job that trained the model (as in a DescribeAutoMLJobV2 body captured
from the service in sagemaker-python-sdk's ``sagemaker-core/tests/unit/test_codec.py``). Stubber checks every
response against botocore's model, so a misspelt member fails the test that uses it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

ACCOUNT = "123456789012"
REGION = "us-east-1"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SKLEARN = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-sklearn-automl:2.5-1-cpu-py3"
XGBOOST = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.3-1-cpu-py3"
LINEAR = f"382416733822.dkr.ecr.{REGION}.amazonaws.com/linear-learner:1"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}/{name}"


def candidate(
    job: str,
    number: int,
    value: float | None,
    *,
    metric: str = "F1",
    kind: str | None = "Maximize",
    minutes: int = 0,
    took: int = 600,
    algorithm: str = XGBOOST,
    status: str = "Completed",
    objective_status: str = "Succeeded",
    failure: str | None = None,
) -> dict:
    suffix = f"{number:03d}-{number * 2654435761 % 2**32:08x}"
    created = START + timedelta(minutes=minutes)
    out: dict = {
        "CandidateName": f"{job}TA-{suffix}",
        "ObjectiveStatus": objective_status,
        "CandidateSteps": [
            {
                "CandidateStepType": "AWS::SageMaker::ProcessingJob",
                "CandidateStepArn": arn("processing-job", f"{job}-db-1-0661642ca7be48d280cb7fe6197"),
                "CandidateStepName": f"{job}-db-1-0661642ca7be48d280cb7fe6197",
            },
            {
                "CandidateStepType": "AWS::SageMaker::TrainingJob",
                "CandidateStepArn": arn("training-job", f"{job}-dpp1-1-e49c814570994bd98293d0087"),
                "CandidateStepName": f"{job}-dpp1-1-e49c814570994bd98293d0087",
            },
            {
                "CandidateStepType": "AWS::SageMaker::TransformJob",
                "CandidateStepArn": arn("transform-job", f"{job}-dpp1-csv-1-73af2590ca7a4719988c3"),
                "CandidateStepName": f"{job}-dpp1-csv-1-73af2590ca7a4719988c3",
            },
            {
                "CandidateStepType": "AWS::SageMaker::TrainingJob",
                "CandidateStepArn": arn("training-job", f"{job.lower()}ta-{suffix}"),
                "CandidateStepName": f"{job}TA-{suffix}",
            },
        ],
        "CandidateStatus": status,
        "InferenceContainers": [
            {"Image": SKLEARN, "ModelDataUrl": f"s3://acme-ml-artifacts/{job}/data-processor-models/dpp1/model.tar.gz"},
            {"Image": algorithm, "ModelDataUrl": f"s3://acme-ml-artifacts/{job}/tuning/TA-{suffix}/model.tar.gz"},
            {"Image": SKLEARN, "ModelDataUrl": f"s3://acme-ml-artifacts/{job}/data-processor-models/dpp1/model.tar.gz"},
        ],
        "CreationTime": created,
        "LastModifiedTime": created + timedelta(seconds=took),
    }
    if status in ("Completed", "Failed", "Stopped"):
        out["EndTime"] = created + timedelta(seconds=took)
    if value is not None:
        objective: dict = {"MetricName": metric, "Value": value}
        if kind:
            objective["Type"] = kind
        out["FinalAutoMLJobObjectiveMetric"] = objective
    if failure:
        out["FailureReason"] = failure
    return out


def describe_v2(
    job: str,
    status: str,
    secondary: str,
    *,
    best: dict | None = None,
    failure: str | None = None,
    runtime: int | None = 14400,
    minutes: int = 95,
) -> dict:
    """A DescribeAutoMLJobV2 answer for a tabular job created with ProblemType and an objective."""
    criteria = {"MaxCandidates": 20}
    if runtime is not None:
        criteria["MaxAutoMLJobRuntimeInSeconds"] = runtime
    out: dict = {
        "AutoMLJobName": job,
        "AutoMLJobArn": arn("automl-job", job.lower()),
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://acme-ml-data/{job}/train/"}},
            }
        ],
        "OutputDataConfig": {"S3OutputPath": f"s3://acme-ml-artifacts/{job}/"},
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/AutopilotExecutionRole",
        "AutoMLJobObjective": {"MetricName": "F1"},
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "CompletionCriteria": criteria,
                "ProblemType": "BinaryClassification",
                "TargetAttributeName": "churned",
                "GenerateCandidateDefinitionsOnly": False,
            }
        },
        "AutoMLProblemTypeConfigName": "Tabular",
        "CreationTime": START,
        "LastModifiedTime": START + timedelta(minutes=minutes),
        "AutoMLJobStatus": status,
        "AutoMLJobSecondaryStatus": secondary,
        "ResolvedAttributes": {
            "AutoMLJobObjective": {"MetricName": "F1"},
            "CompletionCriteria": criteria,
            "AutoMLProblemTypeResolvedAttributes": {
                "TabularResolvedAttributes": {"ProblemType": "BinaryClassification"}
            },
        },
    }
    if status in ("Completed", "Failed", "Stopped"):
        out["EndTime"] = START + timedelta(minutes=minutes)
    if best is not None:
        out["BestCandidate"] = best
    if failure is not None:
        out["FailureReason"] = failure
    return out
