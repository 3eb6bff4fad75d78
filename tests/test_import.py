"""`automlspec import` against a real moto server: one spec per job for every problem type, which lints
clean (the live job's own findings reported and suppressed) and which `plan` right after calls noop.

moto's gaps shape the jobs (reference D): every job is created with a CompletionCriteria block, tabular
jobs with ProblemType, and no ModelDeployConfig or one with an EndpointName.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from automlspec.cli import main

ROLE = "arn:aws:iam::123456789012:role/AutopilotExecutionRole"


def _channel(uri: str, content_type: str | None = None) -> dict:
    channel: dict = {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": uri}}}
    if content_type:
        channel["ContentType"] = content_type
    return channel


JOBS = {
    "churn-binary": {
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "TargetAttributeName": "churned",
                "ProblemType": "BinaryClassification",
                "CompletionCriteria": {"MaxCandidates": 20, "MaxAutoMLJobRuntimeInSeconds": 14400},
                "Mode": "ENSEMBLING",
            }
        },
        "AutoMLJobObjective": {"MetricName": "AUC"},
        "SecurityConfig": {"EnableInterContainerTrafficEncryption": True},
        "ModelDeployConfig": {"EndpointName": "churn-binary"},
        "Tags": [{"Key": "team", "Value": "analytics"}, {"Key": "automlspec:spec", "Value": "old/churn.yaml"}],
    },
    "house-prices": {
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "TargetAttributeName": "price",
                "ProblemType": "Regression",
                "CompletionCriteria": {"MaxCandidates": 10},
            }
        },
        "AutoMLJobObjective": {"MetricName": "RMSE"},
        "DataSplitConfig": {"ValidationFraction": 0.3},
    },
    "tickets-multi": {
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {
                "TargetAttributeName": "queue",
                "ProblemType": "MulticlassClassification",
                "CompletionCriteria": {},
            }
        },
        "AutoMLJobObjective": {"MetricName": "F1macro"},
    },
    "product-images": {
        "AutoMLProblemTypeConfig": {"ImageClassificationJobConfig": {"CompletionCriteria": {"MaxCandidates": 1}}},
        "content_type": "image/png",
    },
    "ticket-text": {
        "AutoMLProblemTypeConfig": {
            "TextClassificationJobConfig": {
                "ContentColumn": "body",
                "TargetLabelColumn": "label",
                "CompletionCriteria": {"MaxAutoMLJobRuntimeInSeconds": 7200},
            }
        },
    },
    "demand-forecast": {
        "AutoMLProblemTypeConfig": {
            "TimeSeriesForecastingJobConfig": {
                "ForecastFrequency": "D",
                "ForecastHorizon": 14,
                "ForecastQuantiles": ["p50", "p90"],
                "TimeSeriesConfig": {
                    "TargetAttributeName": "demand",
                    "TimestampAttributeName": "day",
                    "ItemIdentifierAttributeName": "sku",
                },
                "CompletionCriteria": {"MaxAutoMLJobRuntimeInSeconds": 10800},
            }
        },
    },
    "support-llm": {
        "AutoMLProblemTypeConfig": {
            "TextGenerationJobConfig": {
                "BaseModelName": "Falcon7BInstruct",
                "TextGenerationHyperParameters": {"epochCount": "3", "learningRate": "0.0001"},
                "CompletionCriteria": {"MaxCandidates": 1},
            }
        },
    },
}


def _create(client, name: str) -> None:
    spec = json.loads(json.dumps(JOBS[name]))
    content_type = spec.pop("content_type", None)
    client.create_auto_ml_job_v2(
        AutoMLJobName=name,
        AutoMLJobInputDataConfig=[_channel(f"s3://acme-ml-data/{name}/train/", content_type)],
        OutputDataConfig={"S3OutputPath": f"s3://acme-ml-artifacts/{name}/"},
        RoleArn=ROLE,
        **spec,
    )


def _plan(folder: Path, capsys) -> dict:
    capsys.readouterr()
    code = main(["plan", str(folder), "--format", "json", "--no-data"])  # moto holds no data for these jobs
    data = json.loads(capsys.readouterr().out)
    assert code == 0, data
    return data


def test_import_every_problem_type_lints_clean_and_plans_noop(aws_env, tmp_path, capsys):
    client = aws_env.client("sagemaker")
    for name in JOBS:
        _create(client, name)
    specs = tmp_path / "specs"
    assert main(["import", "--all", "-o", str(specs)]) == 0
    out = capsys.readouterr().out
    files = sorted(p.name for p in specs.iterdir())
    assert files == sorted(f"{name}.yaml" for name in JOBS)
    assert main(["lint", str(specs)]) == 0, capsys.readouterr().out
    plan = _plan(specs, capsys)
    assert {a["name"]: a["action"] for a in plan["actions"]} == dict.fromkeys(JOBS, "noop")
    # moto's own inventions (reference D) are what the live job has: reported and suppressed, not hidden.
    assert "demand-forecast.yaml:" in out and "AML353" in out  # DataSplitConfig moto adds to time series


def test_imported_spec_has_aws_names_order_header_and_only_user_tags(aws_env, tmp_path, capsys):
    _create(aws_env.client("sagemaker"), "churn-binary")
    assert main(["import", "churn-binary", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"imported churn-binary -> {tmp_path / 'churn-binary.yaml'}\n"
    text = (tmp_path / "churn-binary.yaml").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Imported by automlspec from arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn-binary"
    assert lines[1].startswith("# at 20") and "CreateAutoMLJobV2" in lines[1]
    top = [line.split(":")[0] for line in lines[2:] if line and not line.startswith((" ", "#", "-"))]
    # botocore's member order of CreateAutoMLJobV2
    assert top == [
        "AutoMLJobName",
        "AutoMLJobInputDataConfig",
        "OutputDataConfig",
        "AutoMLProblemTypeConfig",
        "RoleArn",
        "Tags",
        "SecurityConfig",
        "AutoMLJobObjective",
        "ModelDeployConfig",
    ]
    assert "automlspec:spec" not in text and "Key: team" in text
    for read_only in ("AutoMLJobArn:", "AutoMLJobStatus", "CreationTime", "BestCandidate", "ResolvedAttributes"):
        assert read_only not in text
    assert "EnableInterContainerTrafficEncryption: true" in text


def test_import_v1_for_tabular_and_refused_for_other_kinds(aws_env, tmp_path, capsys):
    client = aws_env.client("sagemaker")
    _create(client, "house-prices")
    _create(client, "demand-forecast")
    assert main(["import", "house-prices", "demand-forecast", "--api", "v1", "-o", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    v1 = (tmp_path / "house-prices.yaml").read_text("utf-8")
    assert "InputDataConfig:" in v1 and "TargetAttributeName: price" in v1 and "ProblemType: Regression" in v1
    assert "CreateAutoMLJob request" in v1
    assert not (tmp_path / "demand-forecast.yaml").exists()
    assert "demand-forecast: it is a TimeSeriesForecastingJobConfig job, which CreateAutoMLJob (V1) cannot express" in (
        captured.err
    )
    assert main(["lint", str(tmp_path)]) == 0
    plan = _plan(tmp_path, capsys)
    assert [a["action"] for a in plan["actions"]] == ["noop"]


def test_refuses_to_overwrite_and_names_the_spec_already_declaring_the_job(aws_env, tmp_path, capsys):
    _create(aws_env.client("sagemaker"), "ticket-text")
    assert main(["import", "ticket-text", "-o", str(tmp_path)]) == 0
    written = tmp_path / "ticket-text.yaml"
    written.write_text(written.read_text("utf-8") + "# my note\n", "utf-8")
    capsys.readouterr()
    assert main(["import", "ticket-text", "-o", str(tmp_path)]) == 1
    assert (
        f"ticket-text: {written} already declares AutoMLJobName 'ticket-text'; pass --force to replace it"
        in capsys.readouterr().err
    )
    assert written.read_text("utf-8").endswith("# my note\n")
    assert main(["import", "ticket-text", "-o", str(tmp_path), "--force"]) == 0
    assert not written.read_text("utf-8").endswith("# my note\n")
    # Another file declaring the name in another case: AWS names are case-insensitive.
    written.rename(tmp_path / "tickets.yaml")
    (tmp_path / "tickets.yaml").write_text(
        (tmp_path / "tickets.yaml")
        .read_text("utf-8")
        .replace("AutoMLJobName: ticket-text", "AutoMLJobName: Ticket-Text"),
        "utf-8",
    )
    capsys.readouterr()
    assert main(["import", "ticket-text", "-o", str(tmp_path), "--force"]) == 1
    assert (
        f"{tmp_path / 'tickets.yaml'} already declares AutoMLJobName 'ticket-text'; rename or remove that spec"
        " first (--force replaces only ticket-text.yaml)"
    ) in capsys.readouterr().err
    assert not (tmp_path / "ticket-text.yaml").exists()


def test_all_with_filters_pages_through_the_list(aws_env, tmp_path, capsys):
    client = aws_env.client("sagemaker")
    for name in ("house-prices", "tickets-multi", "ticket-text"):
        _create(client, name)
    client.stop_auto_ml_job(AutoMLJobName="tickets-multi")
    out = tmp_path / "specs"
    assert main(["import", "--all", "--name-contains", "ticket", "--status", "InProgress", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ticket-text.yaml"]
    assert main(["import", "--all", "--created-after", "2000-01-01", "-o", str(tmp_path / "all")]) == 0
    assert len(list((tmp_path / "all").iterdir())) == 3


def test_many_jobs_are_paged(aws_env, tmp_path, capsys):
    client = aws_env.client("sagemaker")
    spec = JOBS["tickets-multi"]
    for number in range(105):  # ListAutoMLJobs pages hold 100
        client.create_auto_ml_job_v2(
            AutoMLJobName=f"bulk-{number:03d}",
            AutoMLJobInputDataConfig=[_channel("s3://acme-ml-data/bulk/")],
            OutputDataConfig={"S3OutputPath": "s3://acme-ml-artifacts/bulk/"},
            RoleArn=ROLE,
            **spec,
        )
    assert main(["import", "--all", "--name-contains", "bulk-", "-o", str(tmp_path / "specs")]) == 0
    assert len(list((tmp_path / "specs").iterdir())) == 105


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name the jobs to import, or pass --all"),
        (["churn", "--all"], "name the jobs to import, or pass --all"),
        (["churn", "--status", "Failed"], "filter --all"),
    ],
)
def test_usage_errors(args, message, tmp_path, capsys):
    assert main(["import", *args, "-o", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_unknown_job_and_missing_credentials_are_one_line(aws_env, tmp_path, monkeypatch, capsys):
    assert main(["import", "nobody-here", "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "automlspec: error: nobody-here: no AutoML job named 'nobody-here' in us-east-1\n"
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert main(["import", "a", "b", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no AWS credentials found" in err
