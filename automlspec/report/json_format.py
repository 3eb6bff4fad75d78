"""A JSON array of findings; the keys are a contract documented in README.md ("JSON output")."""

from __future__ import annotations

import json
from typing import TextIO


def render(result, stream: TextIO, color: bool | None = None) -> None:
    json.dump([f.to_json() for f in result.findings], stream, indent=2, ensure_ascii=False)
    stream.write("\n")
