"""`python -m automlspec` and the `automlspec` console script (pyproject.toml's [project.scripts])."""

from __future__ import annotations

import gc


def run() -> int:
    """Import the CLI with the cyclic garbage collector paused, then run it. Start-up allocates tens of
    thousands of objects that live until exit (modules, classes, typer's options, the rule registry), and
    the collector's passes over them during the imports free nothing: about 5% of a one-spec lint.
    gc.freeze() then moves them out of later passes (https://docs.python.org/3/library/gc.html#gc.freeze).
    Only this entry point does it: importing automlspec as a library changes nothing."""
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
