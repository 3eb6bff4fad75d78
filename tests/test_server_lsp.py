"""`automlspec server` end to end: a real LSP client (pytest-lsp) talks to the server process over stdio.

Diagnostics on open, change and save are `automlspec lint --format json`'s findings; code actions are
applied and the result linted again; hover, completion, a configuration change, cross-file rules with
related information, a 1 MiB hostile file, and both position encodings (VS Code's UTF-16, Neovim's UTF-8).
Every wait is on a message from the server; the timeout only turns a hang into a failure.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from automlspec.server.documents import uri_of

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "specs" / "churn-binary-v1.yaml").read_text("utf-8")
BROKEN = SPEC.replace("CompressionType: None", "CompressionType: gzip").replace("Mode: ENSEMBLING", "Mode: AUTOO")
HANG_GUARD = 300  # seconds: only a server that never answers reaches it


class Client(LanguageClient):
    """pytest-lsp's client, keeping the version of each publication and the capability registrations."""

    published: dict[str, tuple[int | None, Sequence[lsp.Diagnostic]]]
    registrations: list[lsp.Registration]

    async def published_until(self, uri: str, ready: Callable[[Sequence[lsp.Diagnostic]], bool], version=None):
        """Wait for a publication for ``uri`` (of ``version``, if given) whose diagnostics are ``ready``."""

        async def wait() -> Sequence[lsp.Diagnostic]:
            while True:
                seen = self.published.get(uri)
                if seen is not None and (version is None or seen[0] == version) and ready(seen[1]):
                    return seen[1]
                await self.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        return await asyncio.wait_for(wait(), HANG_GUARD)


def _client() -> Client:
    client = Client(converter_factory=pytest_lsp.client.default_converter)
    client.published, client.registrations = {}, []

    def publish(ls: Client, params: lsp.PublishDiagnosticsParams) -> None:
        ls.diagnostics[params.uri] = params.diagnostics
        ls.published[params.uri] = (params.version, params.diagnostics)

    def register(ls: Client, params: lsp.RegistrationParams) -> None:
        ls.registrations.extend(params.registrations)

    features = {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
    features[lsp.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "automlspec", "server"], client_factory=_client)


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "specs").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "specs" / "churn.yaml").write_text(BROKEN, "utf-8")
    return root


async def _start(client: Client, root: Path, editor: str, options: dict | None = None) -> lsp.InitializeResult:
    return await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities(editor),
            workspace_folders=[lsp.WorkspaceFolder(uri_of(root), root.name)],
            initialization_options=options,
        )
    )


@pytest_lsp.fixture(config=SERVER)
async def vscode(client: Client, tmp_path: Path):
    root = _workspace(tmp_path)
    client.root = root  # type: ignore[attr-defined]
    await _start(client, root, "visual-studio-code")
    yield
    await client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def neovim(client: Client, tmp_path: Path):
    root = _workspace(tmp_path)
    client.root = root  # type: ignore[attr-defined]
    client.result = await _start(client, root, "neovim", {"yamlSyntax": False})  # type: ignore[attr-defined]
    yield
    await client.shutdown_session()


def _open(client: Client, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = uri_of(path)
    item = lsp.TextDocumentItem(uri, "yaml", version, path.read_text("utf-8") if text is None else text)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(item))
    return uri


def _replace(client: Client, uri: str, version: int, text: str) -> None:
    change = lsp.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(version, uri), [change])
    )


def _lint_json(root: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "automlspec", "lint", "--format", "json"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def _as_lint(uri_name: str, diagnostics: Sequence[lsp.Diagnostic]) -> list[tuple]:
    return [
        (
            d.code,
            d.message,
            d.range.start.line + 1,
            d.range.start.character + 1,
            d.range.end.line + 1,
            d.range.end.character + 1,
        )
        for d in diagnostics
    ]


def _apply(text: str, edits: Sequence[lsp.TextEdit]) -> str:
    """Apply text edits as an editor does (positions in UTF-16 units; these texts are ASCII)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(position: lsp.Position) -> int:
        return offsets[position.line] + position.character

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


def _edits(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    assert action.edit is not None
    if action.edit.document_changes:
        (change,) = action.edit.document_changes
        assert isinstance(change, lsp.TextDocumentEdit) and change.text_document.uri == uri
        return list(change.edits)  # type: ignore[arg-type]
    return list((action.edit.changes or {})[uri])


@pytest.mark.asyncio
async def test_diagnostics_are_lints_findings_on_open_change_and_save(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    uri = _open(client, root / "specs" / "churn.yaml")
    diagnostics = await client.published_until(uri, lambda d: len(d) > 0, version=1)
    lint = [f for f in _lint_json(root) if f["file"] == "specs/churn.yaml"]
    assert _as_lint(uri, diagnostics) == [
        (f["rule"], f["message"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in lint
    ]
    first = diagnostics[0]
    assert first.source == "automlspec" and first.code_description is not None
    assert first.code_description.href == lint[0]["url"]
    assert first.severity == lsp.DiagnosticSeverity.Error

    _replace(client, uri, 2, SPEC)  # the fixed text: nothing left to say
    assert not await client.published_until(uri, lambda d: True, version=2)
    _replace(client, uri, 3, BROKEN)
    await client.published_until(uri, lambda d: len(d) == len(lint), version=3)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
    await client.published_until(uri, lambda d: len(d) == len(lint), version=3)

    compose = root / "compose.yaml"  # a YAML file that is not a spec gets nothing, not AML008
    compose.write_text("services:\n  web:\n    image: nginx\n", "utf-8")
    other = _open(client, compose)
    assert not await client.published_until(other, lambda d: True)
    assert any(r.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations)


@pytest.mark.asyncio
async def test_code_actions_fix_suppress_and_fix_all(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    uri = _open(client, root / "specs" / "churn.yaml")
    diagnostics = await client.published_until(uri, lambda d: len(d) > 0)
    gzip = next(d for d in diagnostics if "'gzip'" in d.message)
    context = lsp.CodeActionContext(diagnostics=[gzip])
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), gzip.range, context)
    )
    titles = [a.title for a in found or [] if isinstance(a, lsp.CodeAction)]
    assert titles[:2] == ["Fix AML104: replace gzip with Gzip", "Suppress AML104 on this line"]
    fix = next(a for a in found or [] if isinstance(a, lsp.CodeAction) and a.title.startswith("Fix AML104"))
    assert fix.is_preferred and fix.kind == lsp.CodeActionKind.QuickFix
    fixed = _apply(BROKEN, _edits(fix, uri))
    assert "CompressionType: Gzip\n" in fixed
    _replace(client, uri, 2, fixed)
    after = await client.published_until(uri, lambda d: True, version=2)
    assert len(after) == len(diagnostics) - 1 and not any("'gzip'" in d.message for d in after)

    suppress = next(a for a in found or [] if isinstance(a, lsp.CodeAction) and a.title.startswith("Suppress"))
    suppressed = _apply(BROKEN, _edits(suppress, uri))
    _replace(client, uri, 3, suppressed)
    assert not any("'gzip'" in d.message for d in await client.published_until(uri, lambda d: True, version=3))

    _replace(client, uri, 4, BROKEN)
    await client.published_until(uri, lambda d: True, version=4)
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(len(BROKEN.splitlines()), 0))
    only = lsp.CodeActionContext(diagnostics=[], only=[lsp.CodeActionKind.SourceFixAll])
    (fix_all,) = await client.text_document_code_action_async(
        lsp.CodeActionParams(lsp.TextDocumentIdentifier(uri), whole, only)
    )
    assert isinstance(fix_all, lsp.CodeAction) and fix_all.kind == "source.fixAll.automlspec"
    everything = _apply(BROKEN, _edits(fix_all, uri))
    _replace(client, uri, 5, everything)
    left = await client.published_until(uri, lambda d: True, version=5)
    assert [d.code for d in left] == ["AML104"]  # AUTOO has no certain fix; gzip had
    assert everything == BROKEN.replace("gzip", "Gzip")


@pytest.mark.asyncio
async def test_hover_on_a_field_and_on_a_finding(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    uri = _open(client, root / "specs" / "churn.yaml")
    await client.published_until(uri, lambda d: len(d) > 0)
    line = BROKEN.splitlines().index("    CompressionType: gzip")
    on_key = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, 6))
    )
    assert on_key is not None and isinstance(on_key.contents, lsp.MarkupContent)
    text = on_key.contents.value
    assert "**`InputDataConfig[0].CompressionType`** (CreateAutoMLJob): string" in text
    assert "one of `None`, `Gzip`" in text and "**Documented default:** `None`" in text
    on_value = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(line, 23))
    )
    assert on_value is not None and isinstance(on_value.contents, lsp.MarkupContent)
    assert on_value.contents.value.startswith(
        "**AML104** invalid-enum-value (error): InputDataConfig[0].CompressionType"
    )
    assert "### AML104 invalid-enum-value" in on_value.contents.value  # `automlspec explain AML104`


@pytest.mark.asyncio
async def test_completion_of_field_names_and_metrics(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    text = SPEC.replace("  MetricName: F1\n", "  MetricName: \n").replace(
        "  Mode: ENSEMBLING\n", "  Mode: ENSEMBLING\n  \n"
    )
    uri = _open(client, root / "specs" / "churn.yaml", text)
    lines = text.splitlines()
    metric = lines.index("  MetricName: ")
    answer = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(metric, 14))
    )
    assert isinstance(answer, lsp.CompletionList)
    assert [i.label for i in answer.items] == ["F1", "Accuracy", "AUC", "BalancedAccuracy", "Precision", "Recall"]
    assert answer.items[0].preselect
    blank = lines.index("  Mode: ENSEMBLING") + 1
    keys = await client.text_document_completion_async(
        lsp.CompletionParams(lsp.TextDocumentIdentifier(uri), lsp.Position(blank, 2))
    )
    assert isinstance(keys, lsp.CompletionList)
    labels = [i.label for i in keys.items]
    assert "SecurityConfig" in labels and "Mode" not in labels and "CompletionCriteria" not in labels
    security = next(i for i in keys.items if i.label == "SecurityConfig")
    assert isinstance(security.documentation, lsp.MarkupContent) and security.documentation.value
    assert isinstance(security.text_edit, lsp.TextEdit) and security.text_edit.new_text == "SecurityConfig:\n    "


@pytest.mark.asyncio
async def test_a_configuration_change_is_picked_up(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    uri = _open(client, root / "specs" / "churn.yaml")
    before = await client.published_until(uri, lambda d: len(d) == 2)
    config = root / ".automlspec.yaml"
    config.write_text("ignore: [AML104]\n", "utf-8")
    event = lsp.FileEvent(uri_of(config), lsp.FileChangeType.Created)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams([event]))
    after = await client.published_until(uri, lambda d: len(d) < len(before))
    assert not after


@pytest.mark.asyncio
async def test_cross_file_rules_and_related_information(vscode: Client) -> None:
    client, root = vscode, vscode.root  # type: ignore[attr-defined]
    shutil.copy(ROOT / "specs" / "churn-binary-v1.yaml", root / "specs" / "a.yaml")  # never opened
    (root / "specs" / "b.yaml").write_text(
        SPEC.replace("AutoMLJobName: churn-binary-v1", "AutoMLJobName: Churn-Binary-V1")
    )
    uri = _open(client, root / "specs" / "b.yaml")
    diagnostics = await client.published_until(uri, lambda d: any(x.code == "AML520" for x in d))
    clash = next(d for d in diagnostics if d.code == "AML520")
    assert "specs/a.yaml" in clash.message and clash.related_information
    assert [(r.location.uri, r.location.range.start.line) for r in clash.related_information] == [
        (uri_of(root / "specs" / "a.yaml"), 1),
        (uri_of(root / "specs" / "churn.yaml"), 1),  # the open one's name is churn-binary-v1 too
    ]


@pytest.mark.asyncio
async def test_neovim_counts_utf8_and_a_hostile_file_does_not_stop_the_server(neovim: Client) -> None:
    client, root = neovim, neovim.root  # type: ignore[attr-defined]
    assert client.result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8  # type: ignore[attr-defined]
    text = SPEC.replace("Value: customer-analytics", "Value: 'équipe'  \n  - Key: x\n    Value: 'y'\n    Extra: 1")
    uri = _open(client, root / "specs" / "churn.yaml", text)
    (extra,) = [d for d in await client.published_until(uri, lambda d: len(d) > 0) if "Extra" in d.message]
    assert extra.range.start.character == 4  # columns in UTF-8 bytes; this line is ASCII

    hostile = root / "specs" / "huge.yaml"
    body = "AutoMLJobName: huge\nTags:\n" + "  - {Key: k, Value: v}\n" * 48_000  # 1.1 MB: past the loader's bound
    hostile_uri = _open(client, hostile, body)
    _replace(client, uri, 2, SPEC.replace("Mode: ENSEMBLING", "Mode: AUTOO"))  # the server keeps answering
    hover = await client.text_document_hover_async(lsp.HoverParams(lsp.TextDocumentIdentifier(uri), lsp.Position(1, 3)))
    assert hover is not None
    assert [d.code for d in await client.published_until(hostile_uri, lambda d: len(d) > 0)] == ["AML007"]
    assert [d.code for d in await client.published_until(uri, lambda d: True, version=2)] == ["AML104"]
    syntax = _open(client, root / "specs" / "syntax.yaml", "AutoMLJobName: x\nTags: [\n")
    assert not await client.published_until(syntax, lambda d: True)  # yamlSyntax: false leaves it to yaml-ls

    assert not client.registrations  # Neovim watches no files for servers: a save shows a new configuration
    (root / ".automlspec.yaml").write_text("ignore: [AML104]\n", "utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri)))
    assert not await client.published_until(uri, lambda d: not d)
