"""migrate: V1 specs rewritten as V2 in place, comments and key order kept where they survive."""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import pytest
import strategies
from bounds import cpu_bound
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import data as st_data
from ruamel.yaml import YAML
from sizes import brief_and_whole
from typer.testing import CliRunner

from automlspec.cli import app
from automlspec.compile import to_request
from automlspec.config import Config
from automlspec.dialects import detect_dialect
from automlspec.errors import ConversionError, SourceError
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


@brief_and_whole(60, brief=15)
def test_any_tabular_v1_spec_migrates_to_its_v2_request(count: int) -> None:
    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategies.tabular_v1())
    def check(spec: dict) -> None:
        yaml = YAML(typ="rt")
        yaml.indent(mapping=2, sequence=4, offset=2)
        stream = io.StringIO()
        yaml.dump(spec, stream)
        result = migrate_text(stream.getvalue())
        assert result.migrated == 1
        migrated = data_of(result.text)[0]
        assert json.dumps(to_request(migrated, "v2")) == json.dumps(to_request(spec, "v1", "v2"))

    check()


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
    assert "YAML syntax error" in result.stderr and "missing.yaml" in result.stderr


# ----- fidelity: every byte that is not converted stays (issue 14) --------------------------------------

V1_TEXT = (ROOT / "specs/churn-binary-v1.yaml").read_text()
V2_TEXT = (ROOT / "specs/ticket-routing-textcls-v2.yaml").read_text()


def comments(text: str) -> list[str]:
    from automlspec.yamlio import comments_in as _comments

    return sorted(_comments(text))


def test_crlf_stays_crlf_and_a_bom_stays() -> None:
    from automlspec.migrate import migrate_bytes

    raw = b"\xef\xbb\xbf" + V1_TEXT.replace("\n", "\r\n").encode()
    result, data = migrate_bytes(raw)
    assert result.changed and data.startswith(b"\xef\xbb\xbf")
    body = data[3:]
    assert body.count(b"\r\n") == body.count(b"\n") > 10  # every line end is CRLF, none bare
    assert data[3:].decode().replace("\r\n", "\n") == migrate_text(V1_TEXT).text


def test_document_markers_and_v2_documents_stay_byte_for_byte() -> None:
    v2 = V2_TEXT.replace("\n", "\r\n")  # a V2 document in another line-ending style stays so
    text = "%YAML 1.2\n--- # first\n" + V1_TEXT + "...\n# between\n---\n" + v2 + "...\n"
    result = migrate_text(text)
    assert (result.migrated, result.documents) == (1, 2)
    assert result.text.startswith("%YAML 1.2\n--- # first\n# ")
    assert result.text.endswith("...\n# between\n---\n" + v2 + "...\n")
    assert [detect_dialect(d)[0] for d in data_of(result.text.replace("\r\n", "\n"))] == ["v2", "v2"]


def test_a_file_without_a_final_newline_keeps_it_so() -> None:
    result = migrate_text(V1_TEXT.rstrip("\n"))
    assert result.changed and not result.text.endswith("\n")


def test_end_of_line_comment_on_automl_job_config_and_inside_flow_mappings_are_kept() -> None:
    text = textwrap.dedent("""\
        AutoMLJobName: churn-v1
        InputDataConfig:
          - DataSource: {S3DataSource: {S3DataType: S3Prefix,  # the type
              S3Uri: 's3://acme-ml-data/train/'}}  # where
            TargetAttributeName: churned
        OutputDataConfig: {S3OutputPath: 's3://acme-ml-artifacts/out/',  # artifacts
                           KmsKeyId: alias/ml}
        AutoMLJobConfig:  # budget
          CompletionCriteria: {MaxCandidates: 20}
        RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole
        Tags:
          - Key: day
            Value: 2024-01-01
        """)
    result = migrate_text(text)
    assert set(comments(text)) <= set(comments(result.text))
    assert "  - DataSource: {S3DataSource: {S3DataType: S3Prefix,  # the type\n" in result.text
    assert "OutputDataConfig: {S3OutputPath: 's3://acme-ml-artifacts/out/',  # artifacts\n" in result.text
    assert "    Value: 2024-01-01\n" in result.text  # a date-like string stays the string lint sees
    migrated = data_of(result.text)[0]
    assert migrated["Tags"] == [{"Key": "day", "Value": "2024-01-01"}]
    assert to_request(migrated, "v2") == to_request(data_of(text)[0], "v1", "v2")


def test_a_comment_inside_a_flow_mapping_that_migrate_takes_apart_is_refused_not_dropped() -> None:
    text = V1_TEXT.replace(
        "AutoMLJobConfig:\n",
        "AutoMLJobConfig: {Mode: ENSEMBLING,  # fast\n  CompletionCriteria: {MaxCandidates: 5}}\nX:\n",
    )
    text = text[: text.index("X:\n")] + text[text.index("RoleArn") :]
    with pytest.raises(ConversionError, match="would drop the comment '# fast'"):
        migrate_text(text)


def test_problem_type_without_objective_gets_the_default_with_a_comment() -> None:
    text = V1_TEXT.replace("AutoMLJobObjective:\n  MetricName: F1\n", "")
    assert "AutoMLJobObjective" not in text
    result = migrate_text(text)
    assert "# Added by automlspec migrate: CreateAutoMLJobV2 needs AutoMLJobObjective with ProblemType" in result.text
    migrated = data_of(result.text)[0]
    assert migrated["AutoMLJobObjective"] == {"MetricName": "F1"}
    assert [f for f in lint_text("m.yaml", result.text, Config()) if f.severity is Severity.ERROR] == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("!!binary aGVsbG8=", "not supported"),
        ("!!set {a, b}", "not supported"),
        ("&a [*a]", "recursive alias"),
    ],
)
def test_values_lint_rejects_are_refused_with_lints_message(value: str, why: str) -> None:
    text = V1_TEXT.replace("Value: customer-analytics", f"Value: {value}")
    assert text != V1_TEXT
    with pytest.raises(SourceError, match=why):
        migrate_text(text)


def test_an_alias_bomb_is_refused_within_lints_bounds() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = V1_TEXT + "\n".join(f"X{line}" for line in levels) + "\n"
    with cpu_bound(30), pytest.raises(SourceError, match="more than"):  # never the minutes a full expansion takes
        migrate_text(text)


def test_cli_refuses_what_would_not_lint_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "churn.yaml"
    text = V1_TEXT.replace("  MetricName: F1\n", "  MetricName: F1\n").replace(
        "ProblemType: BinaryClassification\n", ""
    )
    spec.write_text(text)  # an objective without a problem type: valid V1 (a warning), an error in V2
    result = runner.invoke(app, ["migrate", "--no-config", "--color", "never", str(spec)])
    assert result.exit_code == 1
    assert "AML203" in result.stderr and "nothing written" in result.stderr
    assert spec.read_text() == text


def test_cli_a_failed_write_is_reported_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    import os

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(V1_TEXT)
    second.write_text(V1_TEXT.replace("churn-binary-v1", "churn-binary-v1b"))
    real_write = os.write

    def full_disk_for_a(fd: int, data) -> int:
        if b"churn-binary-v1\n" in bytes(data):
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk_for_a)
    result = runner.invoke(app, ["migrate", "--no-config", str(first), str(second)])
    assert result.exit_code == 1
    assert f"{first}: not migrated: no space left on the device" in result.stderr
    assert first.read_text() == V1_TEXT  # whole, not cut off mid-comment
    assert result.stdout == f"migrated {second} (1 document)\n"
    assert [p.name for p in tmp_path.iterdir() if ".automlspec-" in p.name] == []


def test_cli_keeps_a_symlink_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(V1_TEXT)
    link = tmp_path / "link.yml"
    link.symlink_to(target)
    result = runner.invoke(app, ["migrate", "--no-config", str(link)])
    assert result.exit_code == 0, result.output
    assert "is a symbolic link: wrote its target" in result.stderr
    assert link.is_symlink() and "AutoMLJobInputDataConfig" in target.read_text()


def test_cli_a_read_only_spec_is_reported_and_later_files_are_migrated(tmp_path: Path, monkeypatch) -> None:
    import os

    locked, later = tmp_path / "a.yaml", tmp_path / "b.yaml"
    locked.write_text(V1_TEXT)
    locked.chmod(0o444)
    later.write_text(V1_TEXT.replace("churn-binary-v1", "churn-binary-v1b"))
    if os.geteuid() == 0:
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if mode == os.W_OK and str(p) == str(locked) else real_access(p, mode)
        )
    result = runner.invoke(app, ["migrate", "--no-config", str(tmp_path)])
    assert result.exit_code == 1
    assert "read-only (mode 0444)" in result.stderr
    assert locked.read_text() == V1_TEXT and "AutoMLJobInputDataConfig" in later.read_text()


def test_sigkill_during_a_batch_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    """Kill `automlspec migrate` at random moments of a 10-file batch: each file is whole, old or new."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from automlspec.migrate import migrate_bytes

    olds = {
        tmp_path / f"spec-{i:02d}.yaml": V1_TEXT.replace("churn-binary-v1", f"churn-binary-{i:02d}").encode()
        for i in range(10)
    }
    news = {path: migrate_bytes(old)[1] for path, old in olds.items()}
    command = [sys.executable, "-m", "automlspec", "migrate", "--no-config", str(tmp_path)]

    def restore() -> None:
        for path, old in olds.items():
            path.write_bytes(old)

    restore()
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    full = time.perf_counter() - start
    assert all(path.read_bytes() == news[path] for path in olds)
    rng = random.Random(14)
    seen = set()
    for _ in range(5):
        restore()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * full)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        states = []
        for path in olds:
            data = path.read_bytes()
            assert data in (olds[path], news[path]), f"{path.name} is neither the old nor the new file"
            states.append(data == news[path])
        seen.add((any(states), all(states)))
    assert seen  # at least one run was killed; which moments they hit is up to the scheduler


# ----- property: any valid V1 spec, with comments anywhere, migrates to the same request --------------


def _valid_v1():
    """V1 specs that lint without errors: the cross-field rules held by construction."""
    from hypothesis import strategies as st

    from automlspec.facts import TABULAR_METRICS

    name = st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
    problem = st.one_of(
        st.none(),
        st.sampled_from(sorted(TABULAR_METRICS)).flatmap(
            lambda p: st.tuples(st.just(p), st.one_of(st.none(), st.sampled_from(TABULAR_METRICS[p])))
        ),
    )
    channel = st.fixed_dictionaries(
        {
            "DataSource": st.just({"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://acme-ml-data/train/"}}),
            "TargetAttributeName": st.sampled_from(["churned", "label", "y"]),
        },
        optional={
            "ContentType": st.just("text/csv;header=present"),
            "CompressionType": st.sampled_from(["None", "Gzip"]),
            "SampleWeightAttributeName": st.just("weight"),
        },
    )
    job_config = st.fixed_dictionaries(
        {},
        optional={
            "CompletionCriteria": st.fixed_dictionaries(
                {},
                optional={
                    "MaxCandidates": st.integers(1, 250),
                    "MaxRuntimePerTrainingJobInSeconds": st.integers(600, 3600),
                },
            ),
            "Mode": st.sampled_from(["ENSEMBLING", "HYPERPARAMETER_TUNING", "AUTO"]),
            "SecurityConfig": st.fixed_dictionaries({"EnableInterContainerTrafficEncryption": st.booleans()}),
            "DataSplitConfig": st.fixed_dictionaries({"ValidationFraction": st.sampled_from([0.1, 0.2, 0.3])}),
            "CandidateGenerationConfig": st.just({"FeatureSpecificationS3Uri": "s3://acme-ml-data/features.json"}),
        },
    ).filter(bool)

    @st.composite
    def spec(draw):
        data: dict = {"AutoMLJobName": draw(name)}
        data["InputDataConfig"] = [draw(channel)]
        data["OutputDataConfig"] = {"S3OutputPath": "s3://acme-ml-artifacts/out/"}
        chosen = draw(problem)
        if chosen is not None:
            data["ProblemType"] = chosen[0]
            if chosen[1] is not None:
                data["AutoMLJobObjective"] = {"MetricName": chosen[1]}
        if draw(st.booleans()):
            data["AutoMLJobConfig"] = draw(job_config)
        data["RoleArn"] = "arn:aws:iam::123456789012:role/AutopilotExecutionRole"
        if draw(st.booleans()):
            data["Tags"] = [{"Key": "team", "Value": draw(st.sampled_from(["analytics", "2024-01-01", "yes"]))}]
        order = draw(st.permutations(list(data)))
        return {key: data[key] for key in order}

    return spec()


@brief_and_whole(40, brief=10)
def test_any_valid_v1_spec_migrates_to_what_compile_api_v2_gives_keeping_every_comment(count: int) -> None:
    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_valid_v1(), st_data())
    def check(spec: dict, data) -> None:
        from hypothesis import assume
        from hypothesis import strategies as st

        from automlspec.project import compile_doc

        yaml = YAML(typ="rt")
        yaml.indent(mapping=2, sequence=4, offset=2)
        stream = io.StringIO()
        yaml.dump(spec, stream)
        lines = stream.getvalue().splitlines()
        # comments at the end of random lines, and on their own lines before random lines
        for index in sorted(data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=6)), reverse=True):
            lines[index] += f"  # end {index}"
        for index in sorted(data.draw(st.sets(st.integers(0, len(lines)), max_size=4)), reverse=True):
            indent = len(lines[index]) - len(lines[index].lstrip(" ")) if index < len(lines) else 0
            lines.insert(index, " " * indent + f"# note {index}")
        text = "\n".join(lines) + "\n"
        original = load_text("v1.yaml", text)
        assume(not [f for f in lint_text("v1.yaml", text, Config()) if f.severity is Severity.ERROR])

        result = migrate_text(text)
        assert result.migrated == 1
        kept = comments(result.text)
        for comment in comments(text):
            assert comment in kept, (comment, result.text)
        migrated = load_text("v2.yaml", result.text)
        assert not migrated.findings, result.text
        assert detect_dialect(migrated.docs[0].data)[0] == "v2"
        expected, _ = compile_doc(original.docs[0], Config(), "v2", False)  # compile --api v2 of the original
        got, _ = compile_doc(migrated.docs[0], Config(), None, False)  # compile of the migrated spec
        assert json.dumps(got) == json.dumps(expected)
        errors = [f for f in lint_text("v2.yaml", result.text, Config()) if f.severity is Severity.ERROR]
        assert errors == [], (errors, result.text)

    check()


# ----- what a new user saw: positions, exit codes, a file with nothing to migrate (round 3) -------------

_POSITION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): AML\d{3} ", re.MULTILINE)


def _migrate(*args: str):
    return runner.invoke(app, ["migrate", "--no-config", "--color", "never", *args])


def _assert_positions_are_on_disk(stderr: str, path: Path) -> int:
    """Every `file:line:col:` finding printed for ``path`` names a line of the file as it is on disk,
    and the source line shown under it is that line."""
    disk = path.read_text("utf-8").splitlines()
    found = 0
    for match in _POSITION.finditer(stderr):
        assert match["file"] == str(path)
        number = int(match["line"])
        shown = re.search(rf"^{number} \| (.*)$", stderr[match.end() :], re.MULTILINE)
        assert shown and shown[1] == disk[number - 1], (number, stderr)
        found += 1
    return found


def test_a_v1_spec_with_a_lint_error_is_reported_at_its_own_line_not_the_converted_ones(tmp_path: Path) -> None:
    spec = tmp_path / "m2.yaml"
    text = V1_TEXT.replace("MetricName: F1", "MetricName: MSE")
    spec.write_text(text)
    assert text.splitlines()[14] == "  MetricName: MSE"  # line 15 on disk; line 22 is RoleArn
    result = _migrate(str(spec))
    assert result.exit_code == 1
    assert f"{spec}:15:15: AML201 error" in result.stderr
    assert _assert_positions_are_on_disk(result.stderr, spec) == 1
    assert result.stderr.endswith(
        f"automlspec: error: {spec}: 1 lint error, shown above; fix the spec, then migrate it; nothing written\n"
    )
    assert result.stdout == "" and spec.read_text() == text


def test_a_misspelt_v1_key_is_a_lint_finding_with_its_did_you_mean_and_exit_1(tmp_path: Path) -> None:
    spec = tmp_path / "v1-bad.yaml"
    text = V1_TEXT.replace("AutoMLJobConfig:\n", "AutoMLJobConfig:\n  DataSplitConfg:\n    ValidationFraction: 0.2\n")
    spec.write_text(text)
    for check in ((), ("--check",)):
        result = _migrate(*check, str(spec))
        assert result.exit_code == 1, result.output
        assert f"{spec}:17:3: AML102 error [unknown-field]" in result.stderr
        assert "help: DataSplitConfig" in result.stderr
        assert "no CreateAutoMLJobV2 counterpart" not in result.stderr
        assert _assert_positions_are_on_disk(result.stderr, spec) == 1
    assert spec.read_text() == text


@pytest.mark.parametrize("path", ["tests/cases/limits/bad-v1.yaml", "tests/cases/channels/data-split.yaml"])
def test_findings_are_printed_as_lint_prints_them(path: str) -> None:
    lint = runner.invoke(app, ["lint", "--no-config", "--color", "never", str(ROOT / path)])
    assert lint.exit_code == 1
    result = _migrate("--check", str(ROOT / path))
    assert result.exit_code == 1
    assert result.stderr.startswith(lint.stdout)
    assert _assert_positions_are_on_disk(result.stderr, ROOT / path) > 1


def test_an_error_only_the_converted_request_has_is_reported_without_a_position(tmp_path: Path) -> None:
    spec = tmp_path / "noprob.yaml"
    text = V1_TEXT.replace("ProblemType: BinaryClassification\n", "")
    spec.write_text(text)  # valid V1 (AML204 warns on line 13), an AML203 error once converted
    result = _migrate(str(spec))
    assert result.exit_code == 1
    assert f"{spec}:13:1: AML204 warning" in result.stderr  # the cause, where it is in the file
    assert _assert_positions_are_on_disk(result.stderr, spec) == 1
    assert f"{spec}: after conversion to CreateAutoMLJobV2: AML203 error [problemtype-objective-both-or-neither] " in (
        result.stderr
    )
    assert "that the spec itself does not have, shown above; nothing written" in result.stderr
    assert spec.read_text() == text


def test_a_yaml_error_is_a_lint_finding_exit_1_and_a_missing_path_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("AutoMLJobName: x\nInputDataConfig: [\n")
    result = _migrate(str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3:1: AML001 error [yaml-syntax] YAML syntax error" in result.stderr
    assert _migrate(str(tmp_path / "missing.yaml")).exit_code == 2


def test_a_file_that_is_already_v2_says_so_and_exits_0(tmp_path: Path) -> None:
    v2 = tmp_path / "x.yaml"
    v2.write_text(V2_TEXT)
    other = tmp_path / "mkdocs.yml"
    other.write_text("site_name: docs\n")
    for check in ((), ("--check",)):
        result = _migrate(*check, "-v", str(v2), str(other))
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"{v2} is already a CreateAutoMLJobV2 request; nothing to migrate\n"
            f"{other} holds no CreateAutoMLJob (V1) request; nothing to migrate\n"
        )
        # issue 21: without -v, one line for them all (a lone file keeps its own line)
        result = _migrate(*check, str(v2), str(other))
        assert result.exit_code == 0, result.output
        assert result.stderr == (
            "nothing to migrate in 2 files (1 already CreateAutoMLJobV2 request, 1 holding no CreateAutoMLJob (V1)"
            " request); -v lists them\n"
        )
        assert _migrate(*check, str(v2)).stderr == f"{v2} is already a CreateAutoMLJobV2 request; nothing to migrate\n"
    assert v2.read_text() == V2_TEXT


def test_migrate_check_skips_what_the_configuration_excludes_as_lint_does(tmp_path: Path) -> None:
    """Issue 21: `migrate --check specs` reported `would migrate specs/archive/old-v1.yaml` (exit 1) while
    `lint specs` skipped it. A named file is migrated anyway, as lint lints it."""
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    (tmp_path / ".automlspec.yaml").write_text("exclude: [specs/archive]\n")
    (tmp_path / "specs" / "archive").mkdir(parents=True)
    old = tmp_path / "specs" / "archive" / "old-v1.yaml"
    old.write_text(V1_TEXT)
    (tmp_path / "specs" / "new.yaml").write_text(V2_TEXT)
    walked = runner.invoke(app, ["migrate", "--check", str(tmp_path / "specs")])
    assert walked.exit_code == 0, walked.output
    assert walked.stdout == ""
    assert walked.stderr == (
        f"{tmp_path / 'specs' / 'new.yaml'} is already a CreateAutoMLJobV2 request; nothing to migrate\n"
        "1 file excluded by configuration: not migrated, as lint skips it; name a file to migrate it\n"
    )
    named = runner.invoke(app, ["migrate", "--check", str(old)])
    assert named.exit_code == 1 and named.stdout == f"would migrate {old} (1 document)\n"


def test_a_refused_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad, good = tmp_path / "a.yaml", tmp_path / "b.yaml"
    bad.write_text(V1_TEXT.replace("MetricName: F1", "MetricName: MSE"))
    good.write_text(V1_TEXT.replace("churn-binary-v1", "churn-binary-v1b"))
    result = _migrate(str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"migrated {good} (1 document)\n"
    assert "AutoMLJobInputDataConfig" in good.read_text() and "InputDataConfig:\n" in bad.read_text()


def test_a_utf16_spec_lint_accepts_is_refused_with_what_to_do(tmp_path: Path) -> None:
    spec = tmp_path / "u16.yaml"
    spec.write_bytes(V1_TEXT.encode("utf-16"))
    assert runner.invoke(app, ["lint", "--no-config", str(spec)]).exit_code == 0
    result = _migrate(str(spec))
    assert result.exit_code == 2
    assert "the file is UTF-16; migrate rewrites UTF-8 files only: save it as UTF-8" in result.stderr
    assert "`automlspec lint` shows where" not in result.stderr
    assert spec.read_bytes() == V1_TEXT.encode("utf-16")
