"""`automlspec server`: the language server (``server.lsp``) on standard input and output."""

from __future__ import annotations

from ..errors import UsageError


def run() -> int:
    """Serve until the editor says exit; the server's exit code. ``UsageError`` without the server extra."""
    try:
        from ..server.lsp import main as serve
    except ImportError as exc:  # pygls or lsprotocol: the optional extra is not installed
        missing = (exc.name or "pygls").split(".")[0]
        raise UsageError(
            f"`automlspec server` needs the server extra ({missing} is missing): pip install 'automlspec[server]'"
        ) from None
    return serve()
