"""migrate: V1 specs rewritten as V2 in place, comments and key order kept where they survive."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
import strategies
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML
from typer.testing import CliRunner

from automlspec.cli import app
from automlspec.compile import to_request
from automlspec.config import Config
from automlspec.dialects import detect_dialect
from automlspec.errors import ConversionError
from automlspec.findings import Severity
from automlspec.lint import lint_text
from automlspec.migrate import migrate_text
from automlspec.source import load_text

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
runner = CliRunner()

COMMENTED = textwrap.dedent("""\
    # Churn model, owned by the analytics team.
    AutoMLJobName: churn-v1  # unique per account
    # where the data is
    InputDataConfig:
      # the only channel
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        # the label column
        TargetAttributeName: churned  # yes/no
        ContentType: text/csv;header=present
    OutputDataConfig: {S3OutputPath: 's3://acme-ml-artifacts/churn/output/'}
    # binary: churned or not

    ProblemType: BinaryClassification  # see AML203
    AutoMLJobObjective:
      MetricName: F1
    # budget and network
    AutoMLJobConfig:
      CompletionCriteria:
        MaxCandidates: 20  # keep it cheap
      Mode: ENSEMBLING
      SecurityConfig:
        VpcConfig:
          Subnets: [subnet-0a1b2c3d4e5f60718]
          SecurityGroupIds: [sg-0a1b2c3d4e5f60718]  # the ML SG
    # the execution role
    RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
    Tags:
      - Key: team
        Value: "analytics"
    # end of spec
    """)

EXPECTED = textwrap.dedent("""\
    # Churn model, owned by the analytics team.
    AutoMLJobName: churn-v1  # unique per account
    # where the data is
    AutoMLJobInputDataConfig:
      # the only channel
      - DataSource:
          S3DataSource:
            S3DataType: S3Prefix
            S3Uri: s3://acme-ml-data/churn/train/
        ContentType: text/csv;header=present
    OutputDataConfig: {S3OutputPath: 's3://acme-ml-artifacts/churn/output/'}
    AutoMLProblemTypeConfig:
      TabularJobConfig:
        # the label column
        TargetAttributeName: churned  # yes/no
        # binary: churned or not

        ProblemType: BinaryClassification  # see AML203
        # budget and network
        CompletionCriteria:
          MaxCandidates: 20  # keep it cheap
        Mode: ENSEMBLING
    AutoMLJobObjective:
      MetricName: F1
    SecurityConfig:
      VpcConfig:
        Subnets: [subnet-0a1b2c3d4e5f60718]
        SecurityGroupIds: [sg-0a1b2c3d4e5f60718]  # the ML SG
    # the execution role
    RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
    Tags:
      - Key: team
        Value: "analytics"
    # end of spec
    """)


def data_of(text: str) -> list[dict]:
    return [doc.data for doc in load_text("x.yaml", text).docs]


def test_comments_quotes_flow_style_and_order_survive() -> None:
    result = migrate_text(COMMENTED)
    assert result.migrated == 1
    assert result.text == EXPECTED


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_spec_migrates_to_what_compile_produces(path: Path) -> None:
    text = path.read_text("utf-8")
    data = data_of(text)[0]
    result = migrate_text(text)
    if detect_dialect(data)[0] == "v2":
        assert not result.changed and result.text == text  # left byte for byte
        return
    migrated = data_of(result.text)[0]
    assert detect_dialect(migrated)[0] == "v2"
    assert to_request(migrated, "v2") == to_request(data, "v1", "v2")
    assert result.text.startswith(text.splitlines()[0] + "\n")  # the header comment stays on top
    assert migrate_text(result.text).changed is False  # idempotent
    errors = [f for f in lint_text("m.yaml", result.text, Config()) if f.severity is Severity.ERROR]
    assert errors == []


def test_multi_document_files_migrate_each_v1_document() -> None:
    v1 = (ROOT / "specs/churn-binary-v1.yaml").read_text()
    v2 = (ROOT / "specs/ticket-routing-textcls-v2.yaml").read_text()
    text = v1 + "---\n" + v2 + "---\n" + v1.replace("churn-binary-v1", "churn-binary-v1b")
    result = migrate_text(text)
    assert (result.migrated, result.documents) == (2, 3)
    docs = data_of(result.text)
    assert [detect_dialect(d)[0] for d in docs] == ["v2", "v2", "v2"]
    assert docs[1] == data_of(v2)[0]
    assert docs[2]["AutoMLJobName"] == "churn-binary-v1b"


def test_what_v2_cannot_express_is_an_error() -> None:
    text = (
        (ROOT / "specs/house-prices-regression-v1.yaml")
        .read_text()
        .replace("TargetAttributeName: sale_price\n    ContentType", "TargetAttributeName: price\n    ContentType", 1)
    )
    with pytest.raises(ConversionError, match="TargetAttributeName"):
        migrate_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.tabular_v1())
def test_any_tabular_v1_spec_migrates_to_its_v2_request(spec: dict) -> None:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(spec, stream)
    result = migrate_text(stream.getvalue())
    assert result.migrated == 1
    migrated = data_of(result.text)[0]
    assert json.dumps(to_request(migrated, "v2")) == json.dumps(to_request(spec, "v1", "v2"))


# ----- command line -----------------------------------------------------------------------------------


def test_cli_check_reports_and_writes_nothing(tmp_path: Path) -> None:
    for path in SPECS:
        (tmp_path / path.name).write_text(path.read_text())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = runner.invoke(app, ["migrate", "--check", str(tmp_path)])
    assert result.exit_code == 1
    assert sorted(line.split()[2] for line in result.stdout.splitlines()) == sorted(
        str(tmp_path / n) for n in ("churn-binary-v1.yaml", "house-prices-regression-v1.yaml")
    )
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_cli_rewrites_in_place_then_check_passes(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    spec.write_text(COMMENTED)
    v2 = tmp_path / "v2.yaml"
    v2.write_text((ROOT / "specs/product-images-v2.yaml").read_text())
    result = runner.invoke(app, ["migrate", str(spec), str(v2)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"migrated {spec} (1 document)\n"
    assert spec.read_text() == EXPECTED
    assert v2.read_text() == (ROOT / "specs/product-images-v2.yaml").read_text()
    assert runner.invoke(app, ["migrate", "--check", str(spec), str(v2)]).exit_code == 0


def test_cli_errors_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("InputDataConfig: [\n")
    result = runner.invoke(app, ["migrate", str(bad), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "cannot parse" in result.stderr and "missing.yaml" in result.stderr
