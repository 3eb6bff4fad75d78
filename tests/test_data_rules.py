"""The data rules (AML8xx) on local bytes: a LocalReader over a temporary mirror, no server.

Each test writes the objects it needs under tmp_path/<bucket>/<key> and lints a spec that points at
them. The same cases run against a real moto_server in tests/test_data_s3.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from automlspec.config import Config
from automlspec.dataset import DataContext
from automlspec.lint import lint_text
from automlspec.storage import LocalReader, ReadError

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "data-bucket"
HEADER = ["customer_id", "tenure", "weight", "churned"]


def rows_csv(count: int, header=HEADER, newline_in_field: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for n in range(count):
        note = f"line one\nline two of {n}" if newline_in_field else str(n)
        writer.writerow([f"C{n:05d}", n % 72, note if "note" in header else 1.0, n % 2][: len(header)])
    return out.getvalue().encode()


def put(root: Path, key: str, data: bytes, bucket: str = BUCKET) -> None:
    path = root / bucket / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def channel(uri: str, *, kind="S3Prefix", content="text/csv;header=present", compression="None", ctype="training"):
    lines = [f"  - ChannelType: {ctype}"]
    if content is not None:
        lines.append(f"    ContentType: {content}")
    if compression is not None:
        lines.append(f"    CompressionType: {compression}")
    lines += ["    DataSource:", "      S3DataSource:", f"        S3DataType: {kind}", f"        S3Uri: {uri}"]
    return "\n".join(lines) + "\n"


def tabular(*channels: str, target="churned", weight: str | None = None, output=f"s3://{BUCKET}/out/") -> str:
    weight_line = f"    SampleWeightAttributeName: {weight}\n    Mode: ENSEMBLING\n" if weight else ""
    return (
        "AutoMLJobName: data-test\n"
        "AutoMLJobInputDataConfig:\n" + "".join(channels) + f"OutputDataConfig:\n  S3OutputPath: {output}\n"
        "AutoMLProblemTypeConfig:\n  TabularJobConfig:\n"
        f"    TargetAttributeName: {target}\n{weight_line}"
        "    ProblemType: BinaryClassification\n"
        "    CompletionCriteria:\n      MaxCandidates: 10\n"
        "AutoMLJobObjective:\n  MetricName: F1\n"
        "RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n"
    )


def data_findings(text: str, context: DataContext) -> list:
    return [f for f in lint_text("spec.yaml", text, Config(), context) if f.rule.startswith("AML8")]


def codes(text: str, root: Path, **options) -> list[str]:
    context = DataContext(LocalReader(root, output_buckets=True), **options)
    return sorted(f.rule for f in data_findings(text, context))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ----- rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "expected"), [(499, ["AML809"]), (500, [])])
def test_500_rows_is_the_minimum(tmp_path, rows, expected):
    put(tmp_path, "train/part-0.csv", rows_csv(rows))
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    assert codes(tabular(channel(f"s3://{BUCKET}/train/")), tmp_path) == expected


def test_499_rows_message_names_the_count_and_the_header_rule(tmp_path):
    put(tmp_path, "train/part-0.csv", rows_csv(499))
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    text = tabular(channel(f"s3://{BUCKET}/train/"))
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path, output_buckets=True)))
    assert finding.line == line_of(text, "S3Uri:")
    assert "has 499 data rows (1 file, one header each); Autopilot needs at least 500" in finding.message
    assert "inferred for V2" in finding.message


@pytest.mark.parametrize(("rows", "expected"), [(499, ["AML809"]), (500, [])])
def test_a_quoted_newline_is_one_row_not_two(tmp_path, rows, expected):
    header = ["customer_id", "tenure", "note", "churned"]
    data = rows_csv(rows, header, newline_in_field=True)
    assert data.count(b"\n") > 2 * rows  # counting lines would see twice as many rows
    put(tmp_path, "train/part-0.csv", data)
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    assert codes(tabular(channel(f"s3://{BUCKET}/train/")), tmp_path) == expected


def test_one_header_per_file_and_nested_keys_are_counted(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/a/part-0.csv", rows_csv(250))
    put(tmp_path, "train/b/c/part-1.csv", rows_csv(250))
    assert codes(tabular(channel(f"s3://{BUCKET}/train/")), tmp_path) == []
    put(tmp_path, "train/b/c/part-1.csv", rows_csv(249))
    assert codes(tabular(channel(f"s3://{BUCKET}/train/")), tmp_path) == ["AML809"]


def test_reading_stops_once_500_rows_are_counted(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/big.csv", rows_csv(200_000))  # about 5 MB
    context = DataContext(LocalReader(tmp_path, output_buckets=True))
    assert data_findings(tabular(channel(f"s3://{BUCKET}/train/")), context) == []
    assert context.stats.bytes <= 64 * 1024
    assert context.stats.by_object == {f"s3://{BUCKET}/train/big.csv": 1}


def test_a_budget_too_small_says_the_check_was_cut_short(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/big.csv", rows_csv(5000))
    context = DataContext(LocalReader(tmp_path, output_buckets=True), budget=4096)
    found = data_findings(tabular(channel(f"s3://{BUCKET}/train/")), context)
    assert [f.rule for f in found] == ["AML812"]
    assert "stopped reading" in found[0].message and "were not made" in found[0].message
    assert context.stats.bytes <= 4096


# ----- columns ----------------------------------------------------------------------------------


def test_missing_target_names_the_closest_header_on_the_target_line(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/part-0.csv", rows_csv(600))
    text = tabular(channel(f"s3://{BUCKET}/train/part-0.csv"), target="churn")
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path, output_buckets=True)))
    assert finding.rule == "AML806"
    assert finding.line == line_of(text, "TargetAttributeName")
    assert finding.message == (
        f"column 'churn' is not in the header of s3://{BUCKET}/train/part-0.csv; did you mean 'churned'?"
    )
    assert finding.suggestion == "churned"
    assert finding.to_json()["suggestion"] == "churned"


def test_column_names_are_case_sensitive(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/part-0.csv", rows_csv(600))
    text = tabular(channel(f"s3://{BUCKET}/train/"), weight="Weight")
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path, output_buckets=True)))
    assert finding.line == line_of(text, "SampleWeightAttributeName") and finding.suggestion == "weight"


def _ts_spec(target="demand", timestamp="date", item="item", groups="[store]") -> str:
    return (
        "AutoMLJobName: ts\nAutoMLJobInputDataConfig:\n" + channel(f"s3://{BUCKET}/ts/") + "OutputDataConfig:\n"
        f"  S3OutputPath: s3://{BUCKET}/out/\nAutoMLProblemTypeConfig:\n  TimeSeriesForecastingJobConfig:\n"
        "    ForecastFrequency: D\n    ForecastHorizon: 7\n    TimeSeriesConfig:\n"
        f"      TargetAttributeName: {target}\n      TimestampAttributeName: {timestamp}\n"
        f"      ItemIdentifierAttributeName: {item}\n      GroupingAttributeNames: {groups}\n"
        "    CompletionCriteria:\n      MaxCandidates: 1\n"
        "RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n"
    )


@pytest.mark.parametrize(
    ("field", "options", "suggestion"),
    [
        ("GroupingAttributeNames", {"groups": "[store_id]"}, "store"),
        ("TargetAttributeName", {"target": "Demand"}, "demand"),
        ("TimestampAttributeName", {"timestamp": "dates"}, "date"),
        ("ItemIdentifierAttributeName", {"item": "item_id"}, "item"),
    ],
)
def test_time_series_columns_are_checked_each_on_its_own_line(tmp_path, field, options, suggestion):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "ts/d.csv", rows_csv(10, ["date", "store", "item", "demand"]))
    assert data_findings(_ts_spec(), DataContext(LocalReader(tmp_path, output_buckets=True))) == []
    text = _ts_spec(**options)
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path, output_buckets=True)))
    assert finding.rule == "AML806" and finding.line == line_of(text, field)
    assert finding.suggestion == suggestion


def test_a_second_grouping_column_is_found_on_its_own_line(tmp_path):
    put(tmp_path, "ts/d.csv", rows_csv(10, ["date", "store", "item", "demand"]))
    text = _ts_spec(groups="\n        - store\n        - region")
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML806" and finding.line == line_of(text, "- region")


def test_validation_header_must_equal_the_training_header(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/t.csv", rows_csv(600))
    put(tmp_path, "valid/v.csv", rows_csv(100, ["customer_id", "tenure", "wieght", "churned"]))
    text = tabular(channel(f"s3://{BUCKET}/train/"), channel(f"s3://{BUCKET}/valid/", ctype="validation"))
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path, output_buckets=True)))
    assert finding.rule == "AML808"
    assert finding.line == text.splitlines().index(f"        S3Uri: s3://{BUCKET}/valid/") + 1
    assert "it lacks 'weight' and it has 'wieght'" in finding.message


def test_files_of_one_channel_need_one_header(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/a.csv", rows_csv(600))
    put(tmp_path, "train/nested/b.csv", rows_csv(10, ["customer_id", "churned", "tenure", "weight"]))
    found = data_findings(tabular(channel(f"s3://{BUCKET}/train/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML808"]
    assert "the same names in another order" in found[0].message


# ----- bytes against declarations ---------------------------------------------------------------


def test_gzip_declared_but_plain_and_plain_declared_but_gzip(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "plain/t.csv", rows_csv(600))
    put(tmp_path, "gz/t.csv.gz", gzip.compress(rows_csv(600)))
    text = tabular(channel(f"s3://{BUCKET}/plain/", compression="Gzip"))
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML804" and finding.suggestion == "None" and "is not gzip" in finding.message
    assert finding.line == line_of(text, "CompressionType")
    text = tabular(channel(f"s3://{BUCKET}/gz/", compression=None))
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    # CompressionType is not written: no help: replaces it (issue 22), the message says what to set
    assert finding.rule == "AML804" and finding.suggestion is None and "(the default)" in finding.message
    assert finding.message.endswith("set CompressionType: Gzip")
    # Declared right, the gzip data is decompressed and counted like plain CSV.
    assert codes(tabular(channel(f"s3://{BUCKET}/gz/", compression="Gzip")), tmp_path) == []


def test_gzip_fixes_agree_with_aml310_where_gzip_is_not_allowed(tmp_path):
    """A time-series channel may not be Gzip (AML310): gzip data there is fixed by storing it uncompressed,
    never by declaring Gzip, so following one rule's fix does not set off the other."""
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    data = rows_csv(10, ["date", "store", "item", "demand"])
    put(tmp_path, "ts/d.csv.gz", gzip.compress(data))
    text = _ts_spec()
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML804" and finding.suggestion is None
    assert "this is a time-series forecasting job); store the data uncompressed" in finding.message
    assert "set CompressionType: Gzip" not in finding.message
    gzip_text = text.replace("CompressionType: None", "CompressionType: Gzip")
    found = lint_text("spec.yaml", gzip_text, Config(), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found if f.rule in ("AML310", "AML804")] == ["AML310"]
    # Plain data declared Gzip: the fix is None alone, not "or compress the files".
    (tmp_path / BUCKET / "ts/d.csv.gz").unlink()
    put(tmp_path, "ts/d.csv", data)
    found = lint_text("spec.yaml", gzip_text, Config(), DataContext(LocalReader(tmp_path)))
    assert sorted(f.rule for f in found if f.rule in ("AML310", "AML804")) == ["AML310", "AML804"]
    assert {f.suggestion for f in found if f.rule in ("AML310", "AML804")} == {"None"}
    assert all("compress the files" not in f.message for f in found)


def test_a_column_guess_is_never_a_column_another_field_names(tmp_path):
    """ItemIdentifierAttributeName 'stores' is closest to 'store', the grouping column: suggesting it
    would set off AML603 (the columns must differ)."""
    put(tmp_path, "ts/d.csv", rows_csv(10, ["date", "store", "item", "demand"]))
    [finding] = data_findings(_ts_spec(item="stores"), DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML806" and finding.suggestion != "store"


def test_contenttype_vs_data_is_silent_where_aml306_refuses_the_content_type(tmp_path):
    """An image job declaring Parquet: AML306 says use image/*; AML805 must not say use CSV."""
    put(tmp_path, "img/t.csv", rows_csv(10))
    text = (
        "AutoMLJobName: img\nAutoMLJobInputDataConfig:\n"
        + channel(f"s3://{BUCKET}/img/", content="x-application/vnd.amazon+parquet")
        + f"OutputDataConfig:\n  S3OutputPath: s3://{BUCKET}/out/\n"
        "AutoMLProblemTypeConfig:\n  ImageClassificationJobConfig:\n    CompletionCriteria:\n      MaxCandidates: 1\n"
        "RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n"
    )
    found = lint_text("spec.yaml", text, Config(), DataContext(LocalReader(tmp_path)))
    assert "AML306" in [f.rule for f in found] and "AML805" not in [f.rule for f in found]


def test_gzip_members_and_a_broken_gzip(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    data = rows_csv(600)
    half = data.index(b"\n", len(data) // 2) + 1
    put(tmp_path, "gz/t.csv.gz", gzip.compress(data[:half]) + gzip.compress(data[half:]))
    assert codes(tabular(channel(f"s3://{BUCKET}/gz/", compression="Gzip")), tmp_path) == []
    put(tmp_path, "gz/t.csv.gz", b"\x1f\x8b" + b"not really gzip" * 10)
    found = data_findings(
        tabular(channel(f"s3://{BUCKET}/gz/", compression="Gzip")), DataContext(LocalReader(tmp_path))
    )
    assert [f.rule for f in found] == ["AML804"] and "starts like gzip but does not decompress" in found[0].message


def test_parquet_declared_for_csv_and_csv_declared_for_parquet_bytes(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "csv/t.csv", rows_csv(600))
    put(tmp_path, "pq/t.parquet", b"PAR1" + b"\x00" * 100 + (20).to_bytes(4, "little") + b"PAR1")
    found = data_findings(
        tabular(channel(f"s3://{BUCKET}/csv/", content="x-application/vnd.amazon+parquet")),
        DataContext(LocalReader(tmp_path)),
    )
    assert [f.rule for f in found] == ["AML805"] and found[0].suggestion == "text/csv;header=present"
    found = data_findings(tabular(channel(f"s3://{BUCKET}/pq/")), DataContext(LocalReader(tmp_path), parquet=False))
    assert [f.rule for f in found] == ["AML805", "AML812"]
    assert found[0].suggestion == "x-application/vnd.amazon+parquet"


def test_binary_data_declared_as_csv_is_reported_not_a_traceback(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "bin/t.csv", b"a,b\n" + b"\x00\x01\x02" * 100)
    found = data_findings(tabular(channel(f"s3://{BUCKET}/bin/")), DataContext(LocalReader(tmp_path)))
    assert "AML805" in [f.rule for f in found]
    assert any("holds NUL bytes in its first 64 KiB: binary data, not CSV text" in f.message for f in found)
    put(tmp_path, "bin/t.csv", b"PK\x03\x04" + b"\x00" * 40)
    found = data_findings(tabular(channel(f"s3://{BUCKET}/bin/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML805"] and "ZIP archive (an Excel .xlsx workbook?)" in found[0].message


# ----- Parquet ----------------------------------------------------------------------------------


def _parquet(rows: int, columns=HEADER) -> bytes:
    pa = pytest.importorskip("pyarrow", reason="pyarrow (automlspec[parquet]) is not installed")
    import pyarrow.parquet as pq

    table = pa.table({name: list(range(rows)) for name in columns})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def _parquet_spec(uri: str, target: str = "churned") -> str:
    return tabular(channel(uri, content="x-application/vnd.amazon+parquet"), target=target)


def test_parquet_columns_and_rows_from_the_footer(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "pq/ok.parquet", _parquet(600))
    put(tmp_path, "small/few.parquet", _parquet(300))
    context = DataContext(LocalReader(tmp_path, output_buckets=True))
    assert data_findings(_parquet_spec(f"s3://{BUCKET}/pq/"), context) == []
    found = data_findings(_parquet_spec(f"s3://{BUCKET}/pq/", target="churn"), context)
    assert [(f.rule, f.suggestion) for f in found] == [("AML806", "churned")]
    assert "is not in the columns of" in found[0].message
    found = data_findings(_parquet_spec(f"s3://{BUCKET}/small/"), context)
    assert [f.rule for f in found] == ["AML809"] and "has 300 data rows" in found[0].message


def test_without_pyarrow_parquet_is_not_checked_and_said_once(tmp_path, monkeypatch):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(
        tmp_path, "pq/few.parquet", (ROOT / "tests/data_root/acme-ml-data/churn/parquet/part-0000.parquet").read_bytes()
    )
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    context = DataContext(LocalReader(tmp_path))
    assert not context.parquet_support
    first = data_findings(_parquet_spec(f"s3://{BUCKET}/pq/", target="churn"), context)
    second = data_findings(_parquet_spec(f"s3://{BUCKET}/pq/", target="also-missing"), context)
    assert [f.rule for f in first] == ["AML812"] and second == []  # no guess, and said once per run
    assert "Parquet columns and row counts not checked" in first[0].message
    assert "pip install 'automlspec[parquet]'" in first[0].message


def test_a_truncated_parquet_file_is_reported(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "pq/cut.parquet", b"PAR1" + b"\x00" * 50)
    found = data_findings(_parquet_spec(f"s3://{BUCKET}/pq/"), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML805"] and "not a complete Parquet file" in found[0].message


# ----- existence, strays, manifests, output ------------------------------------------------------


def test_empty_prefix_and_missing_bucket(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/part-0.csv", rows_csv(600))
    found = data_findings(tabular(channel(f"s3://{BUCKET}/trian/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML801"] and "no object in the local mirror" in found[0].message
    found = data_findings(tabular(channel("s3://no-such-bucket/train/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML801"] and "the bucket no-such-bucket does not exist" in found[0].message


def test_stray_objects_are_warned_and_a_prefix_of_strays_is_empty(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/part-0.csv", rows_csv(600))
    put(tmp_path, "train/_SUCCESS", b"")
    put(tmp_path, "train/schema.json", b"{}")
    put(tmp_path, "train/.part-0.csv.crc", b"crc")
    found = data_findings(tabular(channel(f"s3://{BUCKET}/train/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML802"]
    assert "also matches 3 objects" in found[0].message and "_SUCCESS (a job marker file)" in found[0].message
    assert found[0].severity.value == "warning"
    put(tmp_path, "only/_SUCCESS", b"")
    found = data_findings(tabular(channel(f"s3://{BUCKET}/only/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML801"] and "holds no data" in found[0].message


def test_manifest_objects_are_read_and_missing_ones_reported(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "parts/a.csv", rows_csv(300))
    put(tmp_path, "parts/b.csv", rows_csv(300))
    manifest = [{"prefix": f"s3://{BUCKET}/parts/"}, "a.csv", "b.csv"]
    put(tmp_path, "train.manifest", json.dumps(manifest).encode())
    spec = tabular(channel(f"s3://{BUCKET}/train.manifest", kind="ManifestFile"))
    assert codes(spec, tmp_path) == []  # 600 rows across the two listed files
    put(tmp_path, "train.manifest", json.dumps([*manifest[:2], "gone.csv"]).encode())
    found = data_findings(spec, DataContext(LocalReader(tmp_path)))
    assert sorted(f.rule for f in found) == ["AML801", "AML809"]
    assert any(f"lists 1 object that do not exist: s3://{BUCKET}/parts/gone.csv" in f.message for f in found)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json", "is not JSON"),
        (b'["s3://b/a.csv"]', 'is not a JSON array starting with {"prefix"'),
        (b'[{"prefix": "s3://b/p/"}]', "lists no objects after its prefix"),
        (b'[{"prefix": "s3://b/p/"}, 7]', "has an entry that is not a relative key"),
    ],
)
def test_manifest_format(tmp_path, content, problem):
    put(tmp_path, "train.manifest", content)
    found = data_findings(
        tabular(channel(f"s3://{BUCKET}/train.manifest", kind="ManifestFile")), DataContext(LocalReader(tmp_path))
    )
    assert [f.rule for f in found] == ["AML803"] and problem in found[0].message


def test_output_bucket_is_checked_when_the_reader_can_tell(tmp_path):
    put(tmp_path, "train/part-0.csv", rows_csv(600))
    spec = tabular(channel(f"s3://{BUCKET}/train/"), output="s3://no-such-output/x/")
    assert codes(spec, tmp_path) == ["AML811"]
    # A plain --data-root mirror need not hold the output buckets.
    assert data_findings(spec, DataContext(LocalReader(tmp_path))) == []


# ----- text generation ---------------------------------------------------------------------------


def textgen(*channels: str, model: str | None = "Falcon7BInstruct") -> str:
    model_line = f"    BaseModelName: {model}\n" if model else ""
    return (
        "AutoMLJobName: llm\nAutoMLJobInputDataConfig:\n" + "".join(channels) + "OutputDataConfig:\n"
        f"  S3OutputPath: s3://{BUCKET}/out/\nAutoMLProblemTypeConfig:\n  TextGenerationJobConfig:\n{model_line}"
        "    CompletionCriteria:\n      MaxCandidates: 1\n"
        "RoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n"
    )


@pytest.mark.parametrize(("train", "valid", "expected"), [(900, 100, []), (900, 101, ["AML810"])])
def test_llm_row_limit_counts_both_channels(tmp_path, train, valid, expected):
    put(tmp_path, "llm/t/train.csv", rows_csv(train, ["input", "output"]))
    put(tmp_path, "llm/v/valid.csv", rows_csv(valid, ["input", "output"]))
    spec = textgen(channel(f"s3://{BUCKET}/llm/t/"), channel(f"s3://{BUCKET}/llm/v/", ctype="validation"))
    assert codes(spec, tmp_path) == expected


def test_llm_row_limit_uses_the_default_model(tmp_path):
    put(tmp_path, "llm/t/train.csv", rows_csv(1001, ["input", "output"]))
    found = data_findings(textgen(channel(f"s3://{BUCKET}/llm/t/"), model=None), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML810"] and "Falcon7BInstruct (the default model)" in found[0].message
    # the models it suggests include Llama 2: the fix names what AML733 then asks for
    assert "a Llama 2 model also needs ModelAccessConfig.AcceptEula: true, AML733" in found[0].message
    assert codes(textgen(channel(f"s3://{BUCKET}/llm/t/"), model="Dolly7B"), tmp_path) == []


def test_llm_columns_are_exactly_input_and_output(tmp_path):
    put(tmp_path, "llm/t/train.csv", rows_csv(1000, ["input", "output", "id"]))
    found = data_findings(textgen(channel(f"s3://{BUCKET}/llm/t/")), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == ["AML807"] and "has 'id'" in found[0].message


@pytest.mark.parametrize(("train", "valid", "expected"), [(899, 100, ["AML813"]), (900, 100, []), (1, 0, ["AML813"])])
def test_llm_min_rows_counts_both_channels(tmp_path, train, valid, expected):
    put(tmp_path, "llm/t/train.csv", rows_csv(train, ["input", "output"]))
    put(tmp_path, "llm/v/valid.csv", rows_csv(valid, ["input", "output"]))
    spec = textgen(channel(f"s3://{BUCKET}/llm/t/"), channel(f"s3://{BUCKET}/llm/v/", ctype="validation"))
    found = data_findings(spec, DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in found] == expected
    if expected:
        assert found[0].severity.value == "warning" and found[0].line == line_of(spec, "llm/t/")
        rows = train + valid
        assert f"has {rows:,} row{'s' * (rows != 1)} (all files, both channels)" in found[0].message
        assert "recommends at least 1,000" in found[0].message


def test_llm_min_rows_says_nothing_when_the_count_was_cut_short(tmp_path):
    put(tmp_path, "llm/t/train.csv", _llm_csv(1200, words=30))
    found = data_findings(
        textgen(channel(f"s3://{BUCKET}/llm/t/"), model="Dolly7B"), DataContext(LocalReader(tmp_path), budget=4096)
    )
    assert [f.rule for f in found] == ["AML812"]


def _llm_csv(rows: int, words: int, long: int = 0, long_words: int = 0) -> bytes:
    """``rows`` input/output rows of ``words`` words each, the first ``long`` of them of ``long_words``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["input", "output"])
    for n in range(rows):
        count = long_words if n < long else words
        writer.writerow([" ".join(["word"] * (count - 1)), "answer"])
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("model", "long", "long_words", "expected"),
    [
        ("Falcon7BInstruct", 601, 1_025, ["AML814"]),  # 60.1% of 1,000 rows over 1,024 words
        ("Falcon7BInstruct", 600, 1_025, []),  # exactly 60%: not more than 60%
        ("Falcon7BInstruct", 900, 1_024, []),  # 1,024 words: not over the context length
        ("Llama2-7B", 900, 2_000, []),  # 2,048 tokens for Llama2
        ("Mistral7BInstruct", 700, 2_049, ["AML814"]),
        (None, 700, 1_100, ["AML814"]),  # the default model, Falcon7BInstruct: 1,024
    ],
)
def test_llm_truncation_more_than_60_percent_of_rows_over_the_context_length(
    tmp_path, model, long, long_words, expected
):
    put(tmp_path, "llm/t/train.csv", _llm_csv(1000, 20, long, long_words))
    spec = textgen(channel(f"s3://{BUCKET}/llm/t/"), model=model)
    found = data_findings(spec, DataContext(LocalReader(tmp_path), budget=64 * 1024 * 1024))
    assert [f.rule for f in found] == expected
    if expected:
        context = "2,048" if model and model.startswith("Mistral") else "1,024"
        assert found[0].message.startswith(f"{long:,} of the 1,000 text-generation rows ({long / 10:.0f}%) have more")
        assert (
            f"more than {context} tokens, the context length of {model or 'Falcon7BInstruct (the default model)'}"
            in (found[0].message)
        )
        assert found[0].message.endswith("(Mistral, or Llama 2 with ModelAccessConfig.AcceptEula: true, AML733)")


def test_llm_truncation_counts_words_at_ascii_whitespace_across_both_columns_and_channels(tmp_path):
    long_input = " ".join(["w"] * 600)
    long_output = "\n".join(["w"] * 500)  # 1,100 words split between input and output, with newlines
    nbsp = "\u00a0".join(["w"] * 2000)  # no ASCII whitespace: one word, however many tokens
    train = [["input", "output"]] + [[long_input, long_output]] * 7 + [[nbsp, "x"]] * 3
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(train)
    put(tmp_path, "llm/t/train.csv", out.getvalue().encode())
    put(tmp_path, "llm/v/valid.csv", _llm_csv(2, 5))
    alone = textgen(channel(f"s3://{BUCKET}/llm/t/"))
    [found] = [f for f in data_findings(alone, DataContext(LocalReader(tmp_path))) if f.rule == "AML814"]
    assert found.message.startswith("7 of the 10 text-generation rows (70%) have more than 1,024 words")
    both = textgen(channel(f"s3://{BUCKET}/llm/t/"), channel(f"s3://{BUCKET}/llm/v/", ctype="validation"))
    # 7 of 12 rows (58%): the validation rows count too
    assert "AML814" not in [f.rule for f in data_findings(both, DataContext(LocalReader(tmp_path)))]


def test_llm_truncation_is_not_guessed_from_a_count_cut_short(tmp_path):
    put(tmp_path, "llm/t/train.csv", _llm_csv(1000, 20, 900, 1_100))
    found = data_findings(textgen(channel(f"s3://{BUCKET}/llm/t/")), DataContext(LocalReader(tmp_path), budget=1 << 20))
    assert "AML814" not in [f.rule for f in found] and "AML812" in [f.rule for f in found]


# ----- sizes ------------------------------------------------------------------------------------


def sparse(root: Path, key: str, size: int, head: bytes = b"") -> None:
    """An object of ``size`` bytes that takes no disk space (the listing reads only its size)."""
    path = root / BUCKET / key
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(head)
        out.truncate(size)


GIB = 1024**3


@pytest.mark.parametrize(
    ("parts", "expected"),
    [((60 * GIB, 40 * GIB - 1), []), ((60 * GIB, 40 * GIB), ["AML815"])],
)
def test_tabular_training_data_must_be_less_than_100_gb(tmp_path, parts, expected):
    for number, size in enumerate(parts):
        sparse(tmp_path, f"big/part-{number}.csv", size, rows_csv(600))
    text = tabular(channel(f"s3://{BUCKET}/big/"))
    found = [f for f in data_findings(text, DataContext(LocalReader(tmp_path))) if f.rule == "AML815"]
    assert [f.rule for f in found] == expected
    if found:
        assert found[0].line == line_of(text, "S3Uri")
        assert found[0].message == (
            f"the training data under s3://{BUCKET}/big/ is 100.0 GiB (2 objects); the training data must be less"
            " than 100 GB (the default quota): sample the data down (Autopilot subsamples to 5 GB anyway), or ask"
            " for a higher quota"
        )


def test_validation_size_is_checked_for_v1_only_and_time_series_for_30_gb(tmp_path):
    sparse(tmp_path, "train/t.csv", 1000, rows_csv(600))
    sparse(tmp_path, "valid/v.csv", 2 * GIB, rows_csv(100))
    v2 = tabular(channel(f"s3://{BUCKET}/train/"), channel(f"s3://{BUCKET}/valid/", ctype="validation"))
    assert "AML815" not in [f.rule for f in data_findings(v2, DataContext(LocalReader(tmp_path)))]
    v1 = (
        "AutoMLJobName: v1\nInputDataConfig:\n"
        + "".join(
            f"  - ChannelType: {kind}\n    ContentType: text/csv;header=present\n    TargetAttributeName: churned\n"
            f"    DataSource:\n      S3DataSource:\n        S3DataType: S3Prefix\n        S3Uri: s3://{BUCKET}/{where}/\n"
            for kind, where in (("training", "train"), ("validation", "valid"))
        )
        + f"OutputDataConfig:\n  S3OutputPath: s3://{BUCKET}/out/\nProblemType: BinaryClassification\n"
        "AutoMLJobObjective:\n  MetricName: F1\nRoleArn: arn:aws:iam::123456789012:role/AutopilotExecutionRole\n"
    )
    found = [f for f in data_findings(v1, DataContext(LocalReader(tmp_path))) if f.rule == "AML815"]
    assert len(found) == 1 and "the validation data of a CreateAutoMLJob job must be less than 2 GB" in found[0].message
    assert found[0].line == line_of(v1, "valid/")
    sparse(tmp_path, "ts/d.csv", 30 * GIB + 1, rows_csv(10, ["date", "store", "item", "demand"]))
    found = [f for f in data_findings(_ts_spec(), DataContext(LocalReader(tmp_path))) if f.rule == "AML815"]
    assert len(found) == 1 and "a time-series dataset must be at most 30 GB" in found[0].message


def test_a_parquet_file_of_2_gb_is_reported(tmp_path):
    pq = f"s3://{BUCKET}/pq/"
    sparse(tmp_path, "pq/part-0.parquet", 2 * GIB - 1, b"PAR1")
    sparse(tmp_path, "pq/part-1.parquet", 100, b"PAR1")
    text = tabular(channel(pq, content="x-application/vnd.amazon+parquet"))
    assert "AML816" not in [f.rule for f in data_findings(text, DataContext(LocalReader(tmp_path)))]
    sparse(tmp_path, "pq/part-0.parquet", 3 * GIB, b"PAR1")
    found = [f for f in data_findings(text, DataContext(LocalReader(tmp_path))) if f.rule == "AML816"]
    assert len(found) == 1 and found[0].message.startswith(f"{pq}part-0.parquet (3.0 GiB) is 2 GB or larger")
    csv_text = tabular(channel(pq))  # declared CSV: AML805 says the bytes are Parquet; no size finding
    assert "AML816" not in [f.rule for f in data_findings(csv_text, DataContext(LocalReader(tmp_path)))]


# ----- the run: caching, hostile keys, imports --------------------------------------------------------


def test_specs_sharing_a_dataset_read_each_object_once(tmp_path):
    (tmp_path / BUCKET / "out").mkdir(parents=True, exist_ok=True)
    put(tmp_path, "train/a.csv", rows_csv(300))
    put(tmp_path, "train/b.csv", rows_csv(300))
    context = DataContext(LocalReader(tmp_path, output_buckets=True))
    for target in ("churned", "churn", "tenure"):
        data_findings(tabular(channel(f"s3://{BUCKET}/train/"), target=target), context)
    assert context.stats.lists == 1
    assert sorted(context.stats.by_object.values()) == [1, 1]


def test_a_key_cannot_leave_the_mirror(tmp_path):
    (tmp_path / "secret").write_text("x")
    reader = LocalReader(tmp_path / "mirror")
    (tmp_path / "mirror" / BUCKET).mkdir(parents=True)
    with pytest.raises(ReadError) as caught:
        reader.head(BUCKET, "../../secret")
    assert caught.value.code == "NoSuchKey"
    with pytest.raises(ReadError):
        reader.check_bucket("..")


def test_names_the_file_system_refuses_are_missing_data_not_a_crash(tmp_path):
    (tmp_path / BUCKET).mkdir()
    for uri in ("s3://" + "a" * 300 + "/x/", f"s3://{BUCKET}/" + "k" * 300 + "/x.csv", f"s3://{BUCKET}/a\x00b/"):
        found = data_findings(tabular(channel(uri)), DataContext(LocalReader(tmp_path)))
        assert [f.rule for f in found] == ["AML801"], (uri, found)


def test_lint_with_a_data_root_never_imports_boto3():
    code = (
        "import sys; from automlspec.cli import main; "
        "rc = main(['lint', '--format', 'concise', '--data-root', 'tests/data_root', 'specs']); "
        "bad = [m for m in ('botocore', 'boto3') if m in sys.modules]; "
        "print('heavy:' + ','.join(bad)); sys.exit(rc)"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "heavy:"


def test_cli_data_options_are_checked():
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "automlspec", "lint", *a, "specs"], cwd=ROOT, capture_output=True, text=True
    )
    done = run("--data", "--data-root", "tests/data_root")
    assert done.returncode == 2 and "give one of them" in done.stderr
    done = run("--region", "eu-west-1")
    assert done.returncode == 2 and "add --data" in done.stderr
    done = run("--data-root", "no/such/dir")
    assert done.returncode == 2 and "no such directory" in done.stderr


def test_the_readme_data_check_example_is_real_output(tmp_path):
    """README.md's data-check example: a copy of specs/churn-tabular-v2.yaml with two slips, linted against
    tests/data_root, prints exactly what the README shows."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Data checks: the training data itself", 1)[1]
    shown = section.split("```\n", 1)[1].split("```", 1)[0]
    command, expected = shown.split("\n", 1)
    assert command == "$ automlspec lint --data-root tests/data_root churn.yaml"
    spec = (ROOT / "specs" / "churn-tabular-v2.yaml").read_text("utf-8")
    slipped = spec.replace("churn/train/", "churn/sample/").replace(
        "TargetAttributeName: churned", "TargetAttributeName: churn"
    )
    assert slipped.count("churn/sample/") == 1 and "TargetAttributeName: churn\n" in slipped
    (tmp_path / "churn.yaml").write_text(slipped, "utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data_root").symlink_to(ROOT / "tests" / "data_root")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--data-root", "tests/data_root", "churn.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == expected, "README.md's data-check example differs from the real output"


class _Slow(LocalReader):
    """A LocalReader that records how many reads ran at once.

    Each read waits (up to 5 s) until eight reads have been in flight together, then sleeps 50 ms, so a
    pool of eight reaches eight even on a loaded machine, and a larger pool shows up as more than eight.
    """

    def __init__(self, root):
        super().__init__(root)
        import threading

        self.turn, self.now, self.most = threading.Condition(), 0, 0

    def read_range(self, bucket, key, start, end):
        import time

        with self.turn:
            self.now += 1
            self.most = max(self.most, self.now)
            self.turn.notify_all()
            # Waits until eight reads are in flight, so a pool of eight always reaches eight however loaded
            # the machine; a serial pool (or one of fewer) gives up after the timeout and fails the test.
            self.turn.wait_for(lambda: self.most >= 8, timeout=60)
        time.sleep(0.05)
        with self.turn:
            self.now -= 1
        return super().read_range(bucket, key, start, end)


def test_objects_and_channels_are_read_in_parallel_and_each_object_once(tmp_path):
    for part in range(12):
        put(tmp_path, f"train/part-{part:02d}.csv", rows_csv(50))
    put(tmp_path, "valid/v.csv", rows_csv(50))
    reader = _Slow(tmp_path)
    context = DataContext(reader)
    text = tabular(channel(f"s3://{BUCKET}/train/"), channel(f"s3://{BUCKET}/valid/", ctype="validation"))
    assert data_findings(text, context) == []  # 12 x 50 = 600 rows
    assert reader.most == 8  # WORKERS requests at once, not one and not 13
    assert sorted(context.stats.by_object.values()) == [1] * 13
    # A second spec on the same data and a channel listed twice read nothing again.
    data_findings(
        tabular(channel(f"s3://{BUCKET}/train/"), channel(f"s3://{BUCKET}/train/", ctype="validation")), context
    )
    assert sorted(context.stats.by_object.values()) == [1] * 13 and context.stats.lists == 2


def test_one_reader_thread_gives_the_same_findings(tmp_path):
    for part in range(3):
        put(tmp_path, f"train/part-{part}.csv", rows_csv(166))
    text = tabular(channel(f"s3://{BUCKET}/train/"), target="churn")
    serial = data_findings(text, DataContext(LocalReader(tmp_path), workers=1))
    parallel = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert [(f.rule, f.message) for f in serial] == [(f.rule, f.message) for f in parallel]
    assert sorted(f.rule for f in serial) == ["AML806", "AML809"]
    assert "has 498 data rows" in next(f.message for f in serial if f.rule == "AML809")


def test_the_channel_budget_bounds_the_bytes_of_many_objects_read_at_once(tmp_path):
    for part in range(40):
        put(tmp_path, f"train/part-{part:02d}.csv", rows_csv(3000))  # about 60 KiB each
    context = DataContext(LocalReader(tmp_path), budget=512 * 1024)
    data_findings(tabular(channel(f"s3://{BUCKET}/train/")), context)
    assert context.stats.bytes <= 512 * 1024 and context.stats.most_reads_of_one_object == 1


def test_heads_with_too_few_rows_are_counted_on_within_the_budget(tmp_path):
    wide = ["customer_id", "tenure", "note", "churned"]
    long_note = lambda n: "x" * 400  # noqa: E731  (about 400 bytes a row: 64 KiB hold about 160 rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(wide)
    for n in range(300):
        writer.writerow([f"C{n}", n, long_note(n), n % 2])
    put(tmp_path, "train/a.csv", out.getvalue().encode())
    put(tmp_path, "train/b.csv", out.getvalue().encode())
    size = len(out.getvalue())  # about 125 KB
    context = DataContext(LocalReader(tmp_path))
    assert data_findings(tabular(channel(f"s3://{BUCKET}/train/")), context) == []  # 600 rows found
    # a.csv is read to its end; b.csv's first 64 KiB (about 157 rows) were too few, so b.csv is read
    # again from its start, as far as the 201st record: the one case in which an object is read twice.
    assert context.stats.bytes <= 2 * size + 64 * 1024
    assert context.stats.by_object == {f"s3://{BUCKET}/train/a.csv": 2, f"s3://{BUCKET}/train/b.csv": 3}


# ----- values ----------------------------------------------------------------------------------


def _rows(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("-0.5", "data row 7 of s3://data-bucket/train/t.csv has the weight '-0.5', which is negative"),
        ("heavy", "data row 7 of s3://data-bucket/train/t.csv has the weight 'heavy', which is not a number"),
        ("", None),  # missing: excluded by design, not reported
        ("NA", None),  # pandas reads it as missing
        ("1e3", None),
    ],
)
def test_sample_weights_must_be_non_negative_numbers(tmp_path, bad, expected):
    rows = [[f"C{n}", n, 1.0, n % 2] for n in range(600)]
    rows[6][2] = bad
    put(tmp_path, "train/t.csv", _rows(HEADER, rows))
    text = tabular(channel(f"s3://{BUCKET}/train/"), weight="weight")
    found = data_findings(text, DataContext(LocalReader(tmp_path)))
    if expected is None:
        assert found == []
        return
    [finding] = found
    assert finding.rule == "AML817" and finding.severity.value == "warning"
    assert finding.line == line_of(text, "SampleWeightAttributeName") and expected in finding.message


def test_a_value_cut_by_the_budget_is_not_reported(tmp_path):
    rows = [[f"C{n}", n, 1.0, n % 2] for n in range(5000)]
    put(tmp_path, "train/t.csv", _rows(HEADER, rows).replace(b"1.0,", b"1e3,"))
    text = tabular(channel(f"s3://{BUCKET}/train/"), weight="weight")
    for budget in range(4000, 4100):  # one of these budgets cuts a "1e3" after "1e"
        found = data_findings(text, DataContext(LocalReader(tmp_path), budget=budget))
        assert [f.rule for f in found] == ["AML812"], budget


def test_time_series_target_must_be_numeric(tmp_path):
    header = ["date", "store", "item", "demand"]
    rows = [[f"2024-01-{d:02d}", "S1", "I1", d] for d in range(1, 29)]
    put(tmp_path, "ts/d.csv", _rows(header, rows))
    assert data_findings(_ts_spec(), DataContext(LocalReader(tmp_path))) == []
    rows[3][3], rows[5][3] = "null", "12 kg"
    put(tmp_path, "ts/d.csv", _rows(header, rows))
    text = _ts_spec()
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML818" and finding.line == line_of(text, "TargetAttributeName")
    assert finding.message == (
        f"TargetAttributeName 'demand': data row 6 of s3://{BUCKET}/ts/d.csv has '12 kg', which is not a number;"
        " a time-series target must be numerical: remove units, labels and thousands separators from the column"
    )


# ----- feature specification --------------------------------------------------------------------


def _with_features(text: str, uri: str = f"s3://{BUCKET}/features.json", mode: str | None = None) -> str:
    lines = f"    FeatureSpecificationS3Uri: {uri}\n" + (f"    Mode: {mode}\n" if mode else "")
    return text.replace("    ProblemType: BinaryClassification\n", "    ProblemType: BinaryClassification\n" + lines)


@pytest.mark.parametrize(
    ("content", "expected", "suggestion"),
    [
        ({"FeatureAttributeNames": ["tenure", "weight"]}, None, None),
        ({"FeatureAttributeNames": ["tenure", "churned"]}, "lists 'churned', which the job uses as the target", None),
        ({"FeatureAttributeNames": ["tenure", "Tenure"]}, "names 'Tenure', not in the header of", "'tenure'?"),
        ({"FeatureAttributeNames": ["tenure", "tenure"]}, "repeats 'tenure' in FeatureAttributeNames", None),
        (
            {"FeatureAttributeName": ["tenure"]},
            "has 1 key Autopilot does not read: 'FeatureAttributeName' (did you mean 'FeatureAttributeNames'?)",
            None,
        ),
        (
            {"FeatureAttributeNames": ["tenure"], "FeatureDataTypes": {"weight": "numeric"}},
            "types 'weight' in FeatureDataTypes, which FeatureAttributeNames does not list",
            None,
        ),
        ({"FeatureDataTypes": {"tenure": "sequence"}}, "ENSEMBLING mode supports only numeric, categorical", None),
        ({"FeatureDataTypes": {"tenure": "integer"}}, "gives 'tenure': 'integer' in FeatureDataTypes", None),
        (["tenure"], 'is not a JSON object such as {"FeatureAttributeNames"', None),
        ({"FeatureAttributeNames": "tenure"}, "has a FeatureAttributeNames that is not a list", None),
    ],
)
def test_feature_specification_content(tmp_path, content, expected, suggestion):
    put(tmp_path, "train/t.csv", rows_csv(600))
    put(tmp_path, "features.json", json.dumps(content).encode())
    text = _with_features(tabular(channel(f"s3://{BUCKET}/train/")), mode="ENSEMBLING")
    found = data_findings(text, DataContext(LocalReader(tmp_path)))
    if expected is None:
        assert found == []
        return
    [finding] = found
    assert finding.rule == "AML819" and finding.line == line_of(text, "FeatureSpecificationS3Uri")
    assert finding.message.startswith(f"the feature specification s3://{BUCKET}/features.json ")
    assert expected in finding.message and finding.suggestion is None  # a fix goes into the JSON object
    if suggestion:
        assert f"(did you mean {suggestion})" in finding.message


def test_sequence_is_allowed_outside_ensembling_and_a_missing_or_broken_object_is_reported(tmp_path):
    put(tmp_path, "train/t.csv", rows_csv(600))
    put(tmp_path, "features.json", b'{"FeatureDataTypes": {"tenure": "sequence"}}')
    text = _with_features(tabular(channel(f"s3://{BUCKET}/train/")), mode="HYPERPARAMETER_TUNING")
    assert data_findings(text, DataContext(LocalReader(tmp_path))) == []
    missing = _with_features(tabular(channel(f"s3://{BUCKET}/train/")), uri=f"s3://{BUCKET}/nope.json")
    [finding] = data_findings(missing, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML819" and "does not exist" in finding.message
    for broken in (b"{", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe", b'{"a": ' + b"9" * 5000 + b"}"):
        put(tmp_path, "features.json", broken)
        [finding] = data_findings(
            _with_features(tabular(channel(f"s3://{BUCKET}/train/"))), DataContext(LocalReader(tmp_path))
        )
        assert finding.rule == "AML819" and "is not JSON" in finding.message, broken[:10]


def test_time_series_feature_specification_must_not_name_its_columns(tmp_path):
    put(tmp_path, "ts/d.csv", rows_csv(10, ["date", "store", "item", "demand", "promo"]))
    put(tmp_path, "features.json", b'{"FeatureAttributeNames": ["promo", "store"]}')
    text = _ts_spec().replace(
        "    TimeSeriesConfig:\n",
        f"    FeatureSpecificationS3Uri: s3://{BUCKET}/features.json\n    TimeSeriesConfig:\n",
    )
    [finding] = data_findings(text, DataContext(LocalReader(tmp_path)))
    assert finding.rule == "AML819" and "lists 'store', which the job sets in TimeSeriesConfig" in finding.message


def test_the_data_phase_runs_later_on_the_specs_the_offline_phases_built(tmp_path: Path) -> None:
    """plan lints offline first and checks the data afterwards, per target: the data phase on the same
    LintedFile gives exactly the data findings one `lint --data` gives, and no finding of another phase;
    a suppression comment covers a data rule in either, and is not called unused offline."""
    from automlspec import lint
    from automlspec.source import load_text

    put(tmp_path, "train/part-0.csv", rows_csv(10))
    text = tabular(channel(f"s3://{BUCKET}/train/"))
    whole = lint.lint_loaded(load_text("spec.yaml", text), Config(), DataContext(LocalReader(tmp_path)))
    assert [f.rule for f in whole.findings] == ["AML809"]
    linted = lint.load(load_text("spec.yaml", text), Config())
    offline = lint.run([linted], [Config()])
    assert offline.findings == [] and "AML809" not in offline.rules
    assert lint.run_phase([linted], "data", DataContext(LocalReader(tmp_path))) == whole.findings
    with pytest.raises(ValueError, match="needs a reader"):
        lint.run_phase([linted], "data")

    ignored = lint.load(load_text("spec.yaml", text + "# automlspec: ignore-file[AML809]\n"), Config())
    assert lint.run([ignored], [Config()]).findings == []  # not "unused": the data phase has not run
    assert lint.run_phase([ignored], "data", DataContext(LocalReader(tmp_path))) == []
