"""`automlspec show PLANFILE`: the saved plan in a format of `plan` (views.plan), then whether it is
still current: a line in text and Markdown, a `saved` object in JSON."""

from __future__ import annotations

import sys
from typing import Any

from . import console


def freshness_line(shown: Any) -> str:
    """Whether `apply --plan FILE` would apply the plan, in a sentence."""
    out = console.escape(str(shown.path))
    if shown.fresh:
        return f"This plan is still current: `automlspec apply --plan {out}` applies it."
    if shown.fresh is False:
        return f"This plan is stale: {console.escape(shown.reason)}"
    return f"Whether this plan is still current is unknown: {console.escape(shown.reason)}"


def _warnings(shown: Any) -> None:
    """The saved plan's warnings (lint's JSON objects), one line each on standard error."""
    for w in shown.plan.warnings:
        console.line(
            console.escape(f"{w['file']}:{w['line']}:{w['column']}: {w['rule']} [{w['severity']}] {w['message']}"),
            err=True,
        )


def show(
    shown: Any, output_format: str = "text", color: str = "auto", verbose: bool = False, compact: bool = False
) -> None:
    """Print a ``commands.show.Shown``."""
    from ..terminal import json_dumps
    from . import plan

    if shown.error is not None:
        console.error(str(shown.error))
        return
    if output_format == "json":
        saved = {"file": str(shown.path), "created": shown.created, "fresh": shown.fresh, "reason": shown.reason}
        sys.stdout.write(json_dumps({**shown.plan.to_json(), "saved": saved}, indent=2) + "\n")
        return
    if output_format == "text":
        _warnings(shown)
    plan.render(output_format, shown.plan, sys.stdout, console.use_color(color, sys.stdout), verbose, compact)
    prefix = "> " if output_format == "markdown" else ""
    if output_format == "markdown":
        sys.stdout.write("\n")
    console.line(f"{prefix}{freshness_line(shown)}")
