"""Generate automlspec/resources/regions.json from botocore's partition data (endpoints.json).

automlspec checks a region name where it is written (`--region`, `target.region`) before any call, with a
did-you-mean, and the lint path never loads botocore; it reads this small table instead. scripts/generate.py
regenerates it with every other generated file (`--only regions`), and `--check` fails when it drifts from
the installed botocore.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "automlspec" / "resources" / "regions.json"


def table() -> dict:
    from botocore import __version__ as botocore_version
    from botocore.loaders import Loader

    endpoints = Loader().load_data("endpoints")
    partitions = [
        {
            "partition": p["partition"],
            "regionRegex": p["regionRegex"],
            "regions": sorted(p["regions"]),
        }
        for p in endpoints["partitions"]
    ]
    return {"botocore": botocore_version, "partitions": partitions}


def outputs() -> dict[Path, str]:
    return {OUT: json.dumps(table(), indent=1, sort_keys=True) + "\n"}


if __name__ == "__main__":
    for path, text in outputs().items():
        path.write_text(text, "utf-8")
        print(f"wrote {path}")
