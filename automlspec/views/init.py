"""`automlspec init`: the starter spec on stdout, or a line saying where it was written."""

from __future__ import annotations

from . import console


def show(started) -> None:
    """Print a ``commands.init.Started``."""
    if started.output is None:
        console.write(started.text)
        return
    for note in started.notes:
        console.warning(f"{started.output}: {note}")
    if started.error is not None:
        console.error(f"{started.output}: {started.error}")
        return
    console.note(
        f"wrote {started.output}; fill in its {started.required} REQUIRED values, then run `automlspec lint {started.output}`"
    )
