"""A JSON array of findings; the keys are a contract documented in README.md ("JSON output")."""

from __future__ import annotations

from typing import TextIO

from ...terminal import json_dumps
from . import Report


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    stream.write(json_dumps([f.to_json() for f in report.findings], indent=2) + "\n")
