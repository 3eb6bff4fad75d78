"""A JSON array of findings; the keys are a contract documented in README.md ("JSON output")."""

from __future__ import annotations

from typing import TextIO

from ..terminal import json_dumps


def render(result, stream: TextIO, color: bool | None = None) -> None:
    stream.write(json_dumps([f.to_json() for f in result.findings], indent=2) + "\n")
