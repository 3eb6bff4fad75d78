"""Write tests/data_root: a local mirror of the S3 data the example specs and the rule docs name.

`automlspec lint --data-root tests/data_root specs/` checks the example specs against it, the data
rules' documentation examples run against it (tests/test_rule_docs.py), and the data rules' unit tests
use it. ``s3://bucket/key`` is ``tests/data_root/bucket/key``. The content is deterministic (a seeded
generator) and tests/test_data_root.py proves the committed copy is fresh.

Good data (what specs/*.yaml point at) and the mistakes the rule docs show:

- churn/train, churn/validation: the churn CSV (600 and 150 rows); churn/sample: 300 rows (AML809);
  churn/spark-output: the churn CSV plus Spark's `_SUCCESS` and a `.crc` file (AML802);
  churn/negative-weights: the churn CSV with a few negative weights (AML817);
  churn/feature-specs: a FeatureSpecificationS3Uri object, and one that lists the target (AML819);
  churn/parquet: the churn data as Parquet (written only when pyarrow is installed; kept as committed);
- house-prices/train, house-prices/validation: gzip CSV; validation-2023: a renamed column (AML808);
- demand/train (time series), demand/levels (the target written as low/medium/high: AML818), tickets/train (text classification, quoted newlines in the text);
- support-llm/train: 1,200 input/output rows (AML810 for Falcon7BInstruct's 1,000-row limit);
  support-llm/prompt-completion: the wrong column names (AML807); support-llm/pilot: 300 rows, under
  the 1,000 AWS recommends (AML813); support-llm/manuals: 10 rows, 7 of them with more than 2,048 words
  (AML814);
- product-images: a ManifestFile and its images; uris.manifest: a plain list of URIs (AML803);
- acme-ml-artifacts: the output bucket (AML811 checks it when a mirror is asked to).

Usage: python scripts/generate_data_root.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data_root"
DATA = "acme-ml-data"
ARTIFACTS = "acme-ml-artifacts"


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


CHURN_HEADER = ["customer_id", "tenure", "monthly_charges", "contract", "weight", "churned"]


def churn_rows(rng: random.Random, count: int, start: int = 1) -> list[list[object]]:
    rows = []
    for number in range(start, start + count):
        tenure = rng.randint(1, 72)
        contract = rng.choice(["month-to-month", "one-year", "two-year"])
        charges = round(rng.uniform(18, 120), 2)
        churned = int((contract == "month-to-month" and rng.random() < 0.45) or rng.random() < 0.05)
        rows.append([f"C{number:05d}", tenure, charges, contract, round(rng.uniform(0.5, 2.0), 2), churned])
    return rows


HOUSE_HEADER = ["sqft", "bedrooms", "year_built", "sale_price"]


def house_rows(rng: random.Random, count: int) -> list[list[object]]:
    rows = []
    for _ in range(count):
        sqft = rng.randint(600, 4200)
        bedrooms = rng.randint(1, 6)
        year = rng.randint(1920, 2023)
        price = int(sqft * rng.uniform(150, 420) + bedrooms * 5000)
        rows.append([sqft, bedrooms, year, price])
    return rows


def demand_rows(rng: random.Random) -> list[list[object]]:
    rows = []
    for store in ("S01", "S02"):
        for product in ("P100", "P200", "P300"):
            for day in range(100):
                month, dom = divmod(day, 28)
                rows.append(
                    [f"2024-{month + 1:02d}-{dom + 1:02d}", store, product, rng.randint(0, 40), rng.randint(0, 1)]
                )
    return rows


TICKET_TEXTS = [
    "My invoice shows a charge twice.",
    "The app crashes when I upload a photo.\nIt happens every time, on Android 14.",
    'I forgot my password, and the "reset" link has expired.',
    "Please cancel my subscription at the end of the month.",
    "Where is my order? Tracking says delivered,\nbut nothing arrived.",
]
TICKET_QUEUES = ["billing", "technical", "account", "billing", "shipping"]


def ticket_rows(rng: random.Random, count: int) -> list[list[object]]:
    rows = []
    for number in range(1, count + 1):
        pick = rng.randrange(len(TICKET_TEXTS))
        rows.append([f"T{number:05d}", TICKET_TEXTS[pick], TICKET_QUEUES[pick]])
    return rows


def llm_rows(rng: random.Random, count: int) -> list[list[object]]:
    questions = ["How do I reset my password?", "Can I change my plan?", "How do I export my data?"]
    answers = [
        "Open Settings, then Security,\nand choose 'Reset password'.",
        "Yes: under Billing, choose 'Change plan'. The new price applies next month.",
        'Go to Settings > Data and click "Export"; you get an email with a link.',
    ]
    rows = []
    for number in range(count):
        pick = rng.randrange(len(questions))
        rows.append([f"{questions[pick]} (ticket {number})", answers[pick]])
    return rows


def manual_rows(rng: random.Random) -> list[list[object]]:
    """Ten questions about a manual, seven of them quoting more than 2,048 words of it (AML814)."""
    words = ["press", "the", "reset", "key", "for", "five", "seconds", "until", "lamp", "blinks"]
    rows = []
    for number in range(10):
        length = 2_100 if number < 7 else 40
        manual = " ".join(rng.choice(words) for _ in range(length))
        rows.append(
            [f"Manual, section {number}: {manual}\nWhat does this section say?", "Hold reset for five seconds."]
        )
    return rows


# A JPEG start-of-image marker and JFIF header: enough to be a non-empty image object.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def files() -> dict[str, bytes]:
    """Relative path -> bytes, for every file of the mirror except the Parquet one."""
    rng = random.Random(20241128)
    out: dict[str, bytes] = {}
    churn = f"{DATA}/churn"
    out[f"{churn}/train/part-0000.csv"] = _csv(CHURN_HEADER, churn_rows(rng, 600))
    out[f"{churn}/validation/part-0000.csv"] = _csv(CHURN_HEADER, churn_rows(rng, 150, 601))
    out[f"{churn}/sample/part-0000.csv"] = _csv(CHURN_HEADER, churn_rows(rng, 300))
    out[f"{churn}/spark-output/part-00000.csv"] = _csv(CHURN_HEADER, churn_rows(rng, 600))
    out[f"{churn}/spark-output/_SUCCESS"] = b""
    out[f"{churn}/spark-output/.part-00000.csv.crc"] = b"crc\x00\x00\x02\x00\x00\x00\x00\x07\x9b\x1c\x34"
    houses = f"{DATA}/house-prices"
    out[f"{houses}/train/part-0000.csv.gz"] = _gzip(_csv(HOUSE_HEADER, house_rows(rng, 600)))
    out[f"{houses}/validation/part-0000.csv.gz"] = _gzip(_csv(HOUSE_HEADER, house_rows(rng, 150)))
    renamed = ["sqft", "bedrooms", "built_year", "sale_price"]
    out[f"{houses}/validation-2023/part-0000.csv.gz"] = _gzip(_csv(renamed, house_rows(rng, 150)))
    out[f"{DATA}/demand/train/demand.csv"] = _csv(
        ["date", "store_id", "product_id", "demand", "promo"], demand_rows(rng)
    )
    out[f"{DATA}/tickets/train/tickets.csv"] = _csv(["ticket_id", "body", "queue"], ticket_rows(rng, 600))
    out[f"{DATA}/support-llm/train/train.csv"] = _csv(["input", "output"], llm_rows(rng, 1200))
    out[f"{DATA}/support-llm/prompt-completion/train.csv"] = _csv(["prompt", "completion"], llm_rows(rng, 50))
    out[f"{DATA}/support-llm/pilot/train.csv"] = _csv(["input", "output"], llm_rows(rng, 300))
    out[f"{DATA}/support-llm/manuals/train.csv"] = _csv(["input", "output"], manual_rows(rng))
    images = [f"images/{kind}-{n:03d}.jpg" for kind in ("shoe", "bag", "hat") for n in (1, 2)]
    for image in images:
        out[f"{DATA}/product-images/{image}"] = JPEG
    manifest = [{"prefix": f"s3://{DATA}/product-images/"}, *images]
    out[f"{DATA}/product-images/train.manifest"] = (json.dumps(manifest, indent=1) + "\n").encode()
    uris = [f"s3://{DATA}/product-images/{image}" for image in images]
    out[f"{DATA}/product-images/uris.manifest"] = (json.dumps(uris, indent=1) + "\n").encode()
    # Later additions draw from their own generator, so the files above keep their bytes.
    values = random.Random(20261128)
    weighted = churn_rows(values, 600)
    for row in weighted[40::97]:
        row[4] = -row[4]  # a weight exported as a signed adjustment (AML817)
    out[f"{churn}/negative-weights/part-0000.csv"] = _csv(CHURN_HEADER, weighted)
    levels = [[*row[:3], ("low", "medium", "high")[min(row[3] // 14, 2)], row[4]] for row in demand_rows(values)]
    out[f"{DATA}/demand/levels/demand.csv"] = _csv(["date", "store_id", "product_id", "demand", "promo"], levels)
    features = ["tenure", "monthly_charges", "contract"]
    specs = f"{churn}/feature-specs"
    out[f"{specs}/features.json"] = (json.dumps({"FeatureAttributeNames": features}, indent=1) + "\n").encode()
    with_target = {"FeatureAttributeNames": [*features, "churned"]}
    out[f"{specs}/with-target.json"] = (json.dumps(with_target, indent=1) + "\n").encode()
    out[f"{ARTIFACTS}/README.txt"] = b"The output bucket of the example specs (AML811 checks that it exists).\n"
    return out


def write_parquet(root: Path) -> Path | None:
    """The churn training data as Parquet (needs pyarrow; its bytes depend on pyarrow's version)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return None
    rows = churn_rows(random.Random(20241128), 600)
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(CHURN_HEADER)})
    path = root / DATA / "churn" / "parquet" / "part-0000.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def write(root: Path, parquet: bool = False) -> None:
    for relative, data in files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if parquet:
        write_parquet(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--parquet", action="store_true", help="also (re)write the Parquet file (needs pyarrow)")
    args = parser.parse_args(argv)
    write(args.out, args.parquet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
