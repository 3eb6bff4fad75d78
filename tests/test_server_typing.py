"""Typing a spec never breaks the language server: every intermediate state of typing each file of specs/,
character by character, gives diagnostics or nothing, and hover, completion and code actions at the
cursor answer or say nothing, never raise (issue 25).

The server's own handlers run in this process on each state (automlspec/server/lsp.py, without the
JSON-RPC around them, which tests/test_server_lsp.py covers). The default run replays every line end and
every 17th character of each file; the slow set (`-m slow`) replays every character of every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp

from automlspec.server.documents import Document, Text, uri_of
from automlspec.server.lsp import build

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
STRIDE = 17


def _states(text: str, every: bool) -> list[int]:
    """The prefix lengths to replay: all of them, or each line end and every STRIDE-th character."""
    if every:
        return list(range(len(text) + 1))
    ends = {i for i, char in enumerate(text) if char == "\n"} | {i + 1 for i, char in enumerate(text) if char == "\n"}
    return sorted(set(range(0, len(text) + 1, STRIDE)) | ends | {len(text)})


def _replay(path: Path, every: bool, tmp_path: Path) -> int:
    server = build()
    server.session.add_folder(tmp_path)
    uri = uri_of(tmp_path / path.name)
    text = path.read_text("utf-8")
    answered = 0
    for version, end in enumerate(_states(text, every), 1):
        typed = Text(text[:end])
        server.documents[uri] = Document(uri, (version, typed))
        checked, _ = server.session.check(uri, version, typed.text)
        assert all(f.file == checked.name for f in checked.findings)
        server.diagnostics(checked)
        line = typed.line_count - 1
        position = lsp.Position(line, len(typed.line(line)))
        for at in (position, lsp.Position(line, 0)):
            answered += server.hover(uri, at) is not None
            answered += server.complete(uri, at) is not None
        if every or end == len(text) or text[end : end + 1] == "\n":  # code actions re-parse: at line ends
            for only in (None, [lsp.CodeActionKind.SourceFixAll]):
                context = lsp.CodeActionContext(diagnostics=[], only=only)
                where = lsp.Range(lsp.Position(max(line - 1, 0), 0), position)
                server.code_actions(uri, lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), where, context))
    return answered


@pytest.mark.parametrize("path", SPECS, ids=[p.name for p in SPECS])
def test_typing_every_spec_never_breaks_the_server(path: Path, tmp_path: Path) -> None:
    assert _replay(path, every=False, tmp_path=tmp_path) > 0  # it also answered, not only survived


@pytest.mark.slow
@pytest.mark.parametrize("path", SPECS, ids=[p.name for p in SPECS])
def test_typing_every_character_of_every_spec(path: Path, tmp_path: Path) -> None:
    assert _replay(path, every=True, tmp_path=tmp_path) > 0
