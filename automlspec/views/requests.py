"""`automlspec resolve` and `automlspec compile`: the spec's findings on stderr (errors stop it, as
`terraform plan` shows its warnings and stdout stays the clean output), then the resolved spec or the
request on stdout."""

from __future__ import annotations

import sys

from . import console


def show(emitted, output_format: str | None = None, color: str = "auto") -> None:
    """Print a ``commands.resolve.Emitted``."""
    from . import findings

    for warning in emitted.warnings:
        console.warning(warning)
    if emitted.checked.result.findings:
        findings.render(emitted.checked.result, sys.stderr, output_format, color)
    if not emitted.checked.ok:
        return
    if emitted.error is not None:
        console.error(str(emitted.error))
        return
    if emitted.converted is not None and emitted.converted.findings:
        findings.render(emitted.converted, sys.stderr, output_format, color)
    if emitted.emitted:
        console.write(emitted.text)
