"""The command line run in this process, returned as ``subprocess.run`` returns a process: the same argv,
exit code, stdout and stderr, without starting Python and importing automlspec again for every call
(about 0.5 s of CPU each).

``automlspec.cli.main`` is what ``python -m automlspec`` and the console script call (automlspec/__main__.py);
standard input, output and error are byte streams decoded as UTF-8, as a pipe gives them. The tests that
must see a real process (the console script, start-up imports, signals, the stdin of a real pipe) keep
starting one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from automlspec.cli import main


def run_cli(
    *args: str, cwd: Path, stdin: bytes | str | None = None, env: dict[str, str] | None = None, text: bool = True
) -> subprocess.CompletedProcess:
    """``automlspec ARGS`` in ``cwd`` with ``env`` set on top of this environment. ``text``: stdout and
    stderr decoded with universal newlines, as ``subprocess.run(..., text=True)`` gives them; otherwise
    decoded as UTF-8, every byte kept."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    streams = (
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
        io.TextIOWrapper(out_bytes, encoding="utf-8", newline="", write_through=True),
        io.TextIOWrapper(err_bytes, encoding="utf-8", newline="", write_through=True),
    )
    saved_streams, saved_cwd = (sys.stdin, sys.stdout, sys.stderr), os.getcwd()
    saved_env = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    sys.stdin, sys.stdout, sys.stderr = streams
    os.chdir(cwd)
    try:
        code = main(list(args))
    finally:
        streams[1].flush()
        streams[2].flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    out, err = out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")
    if text:
        out, err = (s.replace("\r\n", "\n").replace("\r", "\n") for s in (out, err))
    return subprocess.CompletedProcess(["automlspec", *args], code, out, err)
