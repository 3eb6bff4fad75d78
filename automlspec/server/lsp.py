"""The Language Server Protocol over stdio (pygls carries the messages; session.py does the work).

Threads: pygls reads and writes messages on an asyncio loop, where each text change is applied to the
document at once (a few microseconds). Everything that lints or parses runs on one worker thread, in
order of urgency: hover, completion and code actions first, then the lint of the document being
edited, then the other open documents whose cross-file findings changed, then reading the rest of the
workspace. A lint reads the document's latest text when it starts, and a document has at most one lint
waiting, so changes that arrive while a lint runs are folded into the next one: the debounce adapts to
how long linting takes, and ``debounce`` (initializationOptions, milliseconds, default 0) can add a fixed
pause after the last change. Diagnostics are published from the loop, never from the worker.

Nothing here raises into pygls: a bug is logged to the client (window/logMessage) and the request gets
an empty answer, so a half-typed document can never stop the server.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from .. import __version__
from ..findings import Finding, Severity, Span
from ..rules import REGISTRY, lookup
from ..rules_doc import rule_markdown
from . import actions, cursor, fields
from .documents import UTF16, Document, Text, path_of
from .session import PROJECT_FILES, Checked, Session

NAME = "automlspec"
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.{NAME}"  # "source.fixAll.automlspec"
# Files whose change may change what lint says: every configuration, every spec file.
WATCHED = ("**/.automlspec.yaml", "**/.automlspec.yml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
# Worker priorities, most urgent first.
ASK, EDITED, OTHERS, INDEX = 0, 1, 2, 3

logger = logging.getLogger(__name__)


class Worker:
    """One thread that runs jobs by priority; each job's result is delivered to the asyncio loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.jobs: queue.PriorityQueue = queue.PriorityQueue()
        self.order = itertools.count()
        self.thread = threading.Thread(target=self._run, name="automlspec-worker", daemon=True)
        self.thread.start()

    def submit(self, priority: int, job: Callable[..., Any], *args: Any) -> asyncio.Future:
        future = self.loop.create_future()
        self.jobs.put((priority, next(self.order), job, args, future))
        return future

    def stop(self) -> None:
        self.jobs.put((-1, next(self.order), None, (), None))

    def _run(self) -> None:
        while True:
            _, _, job, args, future = self.jobs.get()
            if job is None:
                return
            try:
                result, error = job(*args), None
            except BaseException as exc:  # delivered to whoever awaits it
                result, error = None, exc
            try:
                self.loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the loop is closed: the server is exiting
                return


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class _Protocol(LanguageServerProtocol):
    """pygls keeps a copy of every open document, with lines broken where Python breaks them (also at
    U+2028 and form feeds, which editors show inside a line). This server keeps its own (documents.py),
    so the text-synchronisation notifications go straight to its handlers."""

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class Server(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, __version__, protocol_cls=_Protocol)
        self.documents: dict[str, Document] = {}
        self.session = Session()
        self.encoding = UTF16
        self.debounce = 0.0
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.waiting: set[str] = set()  # documents with a lint queued and not started
        self.indexing = False
        self._worker: Worker | None = None

    # ----- plumbing ------------------------------------------------------------------------------------

    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._worker = Worker(asyncio.get_running_loop())
        return self._worker

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:  # no client to tell (tests, a closed pipe)
            logger.warning("%s", message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        self.log(f"automlspec server error: {error!r}", lsp.MessageType.Error)

    def ask(self, job: Callable[..., Any], *args: Any) -> asyncio.Future:
        """Run a request's job on the worker, first in line; a failure is logged and answers None."""

        def guarded() -> Any:
            try:
                return job(*args)
            except Exception:
                self.loop_log(f"automlspec: {job.__name__} failed:\n{traceback.format_exc()}")
                return None

        return self.worker.submit(ASK, guarded)

    def loop_log(self, message: str) -> None:
        """Log from the worker thread (messages are sent from the loop only)."""
        self.worker.loop.call_soon_threadsafe(self.log, message, lsp.MessageType.Error)

    def capability(self, dotted: str) -> Any:
        """A client capability by its dotted path (None: not given, or no client yet)."""
        value: Any = getattr(self.protocol, "client_capabilities", None)
        for part in dotted.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    # ----- linting ---------------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0, priority: int = EDITED) -> None:
        """Lint ``uri`` after ``delay`` seconds, unless a lint of it is already waiting (which will read
        the latest text when it starts)."""
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if delay > 0:
            self.timers[uri] = self.worker.loop.call_later(delay, self.schedule, uri, 0.0, priority)
            return
        if uri in self.waiting:
            return
        self.waiting.add(uri)
        self.worker.submit(priority, self._lint, uri).add_done_callback(self._linted)

    def _lint(self, uri: str) -> tuple[Checked, list[str]] | None:
        self.waiting.discard(uri)
        document = self.documents.get(uri)
        if document is None:
            return None
        version, text = document.state
        try:
            return self.session.check(uri, version, text.text)
        except Exception:
            self.loop_log(f"automlspec: linting {uri} failed:\n{traceback.format_exc()}")
            return None

    def _linted(self, future: asyncio.Future) -> None:
        if future.cancelled() or future.exception() is not None or future.result() is None:
            return
        checked, others = future.result()
        self.publish(checked)
        self.rechecks(others)

    def publish(self, checked: Checked) -> None:
        document = self.documents.get(checked.uri)
        if document is None or document.version < checked.version:
            return
        diagnostics = self.diagnostics(checked)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=checked.uri, diagnostics=diagnostics, version=checked.version)
        )

    def recheck_all(self) -> None:
        for uri in self.documents:
            self.schedule(uri, priority=OTHERS)

    def configuration_changed(self, paths: list[Path]) -> None:
        """Files changed on disk: a configuration (check every open document again) or spec files (check
        again those whose cross-file findings changed); then read what is new."""

        def job() -> list[str] | None:
            reload = self.session.files_changed(paths)
            return None if reload else self.session.run_changed()

        def done(future: asyncio.Future) -> None:
            if future.cancelled() or future.exception() is not None:
                return
            changed = future.result()
            if changed is None:
                self.recheck_all()
            self.rechecks(changed or ())
            self.index()

        self.worker.submit(OTHERS, job).add_done_callback(done)

    def rechecks(self, uris: Iterable[str]) -> None:
        for uri in uris:
            self.schedule(uri, priority=OTHERS)

    def index(self) -> None:
        """Read the workspace's other spec files, a few at a time, behind every other job; then check
        again the open documents whose cross-file findings changed."""
        if self.indexing:
            return
        self.indexing = True

        def step() -> list[str] | None:
            try:
                return self.session.run_changed() if self.session.index() else None
            except Exception:
                self.loop_log(f"automlspec: reading the workspace failed:\n{traceback.format_exc()}")
                return []

        def done(future: asyncio.Future) -> None:
            changed = None if future.cancelled() or future.exception() else future.result()
            if changed is None:
                self.worker.submit(INDEX, step).add_done_callback(done)
                return
            self.indexing = False
            self.rechecks(changed)

        self.worker.submit(INDEX, step).add_done_callback(done)

    # ----- conversions -----------------------------------------------------------------------------------

    def range(self, text: Text | str, span: Span) -> lsp.Range:
        lines = text if isinstance(text, Text) else Text(text)
        (start_line, start), (end_line, end) = lines.range(span, self.encoding)
        return lsp.Range(lsp.Position(start_line, start), lsp.Position(end_line, end))

    def diagnostics(self, checked: Checked) -> list[lsp.Diagnostic]:
        text = Text(checked.text)
        related = bool(self.capability("text_document.publish_diagnostics.related_information"))
        out = []
        for index, finding in enumerate(checked.findings):
            out.append(self.diagnostic(text, finding, checked.related.get(index, ()) if related else ()))
        return out

    def diagnostic(self, text: Text, finding: Finding, related: Sequence = ()) -> lsp.Diagnostic:
        span = Span(finding.line, finding.column, finding.end_line, finding.end_column)
        return lsp.Diagnostic(
            range=self.range(text, span),
            message=finding.message,
            severity=_SEVERITY[finding.severity],
            code=finding.rule,
            code_description=lsp.CodeDescription(href=finding.url) if finding.url else None,
            source=NAME,
            related_information=[
                lsp.DiagnosticRelatedInformation(lsp.Location(r.uri, self.range(r.text, r.span)), r.message)
                for r in related
            ]
            or None,
        )

    def position(self, document: Document, position: lsp.Position) -> tuple[int, int]:
        """A client position as lint's 1-based (line, code-point column)."""
        return document.text.lint_position(position.line, position.character, self.encoding)

    def current(self, uri: str) -> Checked | None:
        """The document's latest lint, linted again now if the text changed since (worker thread)."""
        document = self.documents.get(uri)
        if document is None:
            return None
        checked = self.session.checked.get(uri)
        if checked is None or checked.version != document.version:
            version, text = document.state
            checked, _ = self.session.check(uri, version, text.text)
            if self._worker is not None:  # the request's answer comes from this lint: so do the diagnostics
                self._worker.loop.call_soon_threadsafe(self.publish, checked)
        return checked

    # ----- hover ---------------------------------------------------------------------------------------

    def hover(self, uri: str, position: lsp.Position) -> lsp.Hover | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        checked = self.current(uri)
        if checked is None or not checked.is_spec:
            return None
        text = Text(checked.text)
        line, column = text.lint_position(position.line, position.character, self.encoding)
        parts: list[str] = []
        span: Span | None = None
        for finding in checked.findings:
            if (finding.line, finding.column) <= (line, column) < (finding.end_line, finding.end_column) or (
                finding.line == finding.end_line == line and finding.column == column
            ):
                parts.append(_explained(finding))
                span = span or Span(finding.line, finding.column, finding.end_line, finding.end_column)
        rules = _suppression_rules(checked, line, column)
        parts.extend(rule_markdown(rule, "###") for rule in rules)
        about = _field_at(checked, line, column)
        if about is not None:
            found, field_span, data, config_defaults = about
            parts.append(fields.hover(found, data, config_defaults))
            span = span or field_span
        if not parts:
            return None
        content = lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
        return lsp.Hover(contents=content, range=self.range(text, span) if span else None)

    # ----- completion ----------------------------------------------------------------------------------

    def complete(self, uri: str, position: lsp.Position) -> lsp.CompletionList | None:
        document = self.documents.get(uri)
        if document is None:
            return None
        text = document.text
        line, column = text.lint_position(position.line, position.character, self.encoding)
        at = cursor.cursor(text.text, line - 1, column - 1)
        offered = fields.suggestions(at)
        field_names = at.kind == "key" and bool(offered) and offered[0].kind == "field"
        kind = lsp.CompletionItemKind.Property if field_names else lsp.CompletionItemKind.EnumMember
        if not offered:
            return None
        start = text.client(line, at.start + 1, self.encoding)
        end = text.client(line, at.end + 1, self.encoding)
        edit_range = lsp.Range(lsp.Position(*start), lsp.Position(*end))
        items = [
            lsp.CompletionItem(
                label=item.label,
                kind=kind,
                detail=item.detail,
                documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=item.documentation)
                if item.documentation
                else None,
                text_edit=lsp.TextEdit(range=edit_range, new_text=item.insert),
                insert_text_mode=lsp.InsertTextMode.AsIs,
                insert_text_format=lsp.InsertTextFormat.PlainText,
                filter_text=item.label,
                sort_text=f"{item.order:05d}",
                preselect=item.preselect or None,
            )
            for item in offered
        ]
        return lsp.CompletionList(is_incomplete=False, items=items)

    # ----- code actions --------------------------------------------------------------------------------

    def code_actions(self, uri: str, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        checked = self.current(uri)
        document = self.documents.get(uri)
        if checked is None or document is None or not checked.is_spec:
            return None
        wanted = {
            str(kind.value if isinstance(kind, lsp.CodeActionKind) else kind) for kind in params.context.only or ()
        }
        text = Text(checked.text)
        start = text.lint_position(params.range.start.line, params.range.start.character, self.encoding)
        end = text.lint_position(params.range.end.line, params.range.end.character, self.encoding)
        out: list[actions.Action] = []
        if _asked(wanted, lsp.CodeActionKind.QuickFix.value):
            out.extend(_quick_fixes(checked, start, end))
        if wanted and _asked(wanted, FIX_ALL):
            every = actions.fix_all(checked)
            if every is not None:
                out.append(every)
        return [self.code_action(checked, text, action) for action in out]

    def code_action(self, checked: Checked, text: Text, action: actions.Action) -> lsp.CodeAction:
        edits = [
            lsp.TextEdit(
                range=self.range(text, Span(e.start[0], e.start[1], e.end[0], e.end[1])),
                new_text=e.text,
            )
            for e in action.edits
        ]
        if self.capability("workspace.workspace_edit.document_changes"):
            identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=checked.uri, version=checked.version)
            edit = lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=identifier, edits=edits)])
        else:
            edit = lsp.WorkspaceEdit(changes={checked.uri: edits})
        kind = FIX_ALL if action.kind == "source.fixAll" else lsp.CodeActionKind.QuickFix
        return lsp.CodeAction(
            title=action.title,
            kind=kind,
            diagnostics=[self.diagnostic(text, f) for f in action.findings],
            edit=edit,
            is_preferred=action.preferred or None,
        )


def _asked(wanted: set[str], kind: str) -> bool:
    """Whether the client asked for code actions of ``kind`` (it asked for all when it named none)."""
    return not wanted or any(kind == w or kind.startswith(w + ".") for w in wanted)


def _quick_fixes(checked: Checked, start: tuple[int, int], end: tuple[int, int]) -> list[actions.Action]:
    """The quick fixes of the findings the range touches, then their suppressions, then fix-all when one
    of them has a safe fix."""
    touched = [
        f
        for f in checked.findings
        if (f.line, f.column) <= end and start <= (f.end_line, f.end_column) and f.file == checked.name
    ]
    out = [a for a in (actions.quick_fix(checked, finding) for finding in touched) if a is not None]
    out.extend(a for a in (actions.suppress(checked, finding) for finding in touched) if a is not None)
    if any(f.fix is not None for f in touched):
        every = actions.fix_all(checked, "quickfix")
        if every is not None:
            out.append(every)
    return out


def _explained(finding: Finding) -> str:
    """A finding under the cursor: what lint says, its help, and the rule's explanation (`explain`)."""
    rule = REGISTRY.get(finding.rule)
    head = f"**{finding.rule}** {finding.name} ({finding.severity.value}): {finding.message}"
    if finding.suggestion is not None and finding.replaces:
        head += f"\n\nhelp: `{finding.suggestion}`"
    if finding.fix is not None:
        head += " (a safe fix: `automlspec lint --fix`, or the quick fix here)"
    return head if rule is None else head + "\n\n" + rule_markdown(rule, "###")


def _suppression_rules(checked: Checked, line: int, column: int) -> list:
    """The rules a suppression comment's selector under the cursor names (`ignore[AML104]`)."""
    source = checked.source
    if source is None:
        return []
    for directive in source.suppressions.directives:
        if directive.line != line:
            continue
        for selector, start in directive.selectors:
            if start <= column <= start + len(selector):
                return lookup(selector)[:3]
    return []


def _field_at(checked: Checked, line: int, column: int) -> tuple[fields.Field, Span, dict | None, Any] | None:
    """The request field whose key or value is under the cursor, with the parsed spec when there is one."""
    parsed = _parsed_field_at(checked, line, column)
    if parsed is not None:
        return parsed
    outline = cursor.outline(checked.text, line - 1)
    hit = outline.at(line - 1, column - 1)
    if hit is None:
        return None
    entry, where = hit
    found = fields.find(fields.dialects_of(outline.root_keys), entry.path)
    if found is None:
        return None
    if where == "key":
        span = Span(line, entry.key_start + 1, line, entry.key_end + 1)
    else:
        span = Span(line, entry.value_start + 1, line, entry.value_end + 1)
    return found, span, None, None


def _parsed_field_at(checked: Checked, line: int, column: int) -> tuple[fields.Field, Span, dict | None, Any] | None:
    """The field under the cursor in the parsed spec: the smallest key or value span there."""
    source = checked.source
    if source is None or not source.docs:
        return None
    best: tuple[int, Any, Span, Any] | None = None
    for doc in source.docs:
        for path, pos in doc.positions.items():
            if pos.origin is not None:
                continue
            for span in (pos.key, pos.value):
                if span is None or not _inside(span, line, column):
                    continue
                size = (span.end_line - span.line) * 10_000 + span.end_column - span.column
                if best is None or size < best[0]:
                    best = (size, path, span, doc)
    if best is None:
        return None
    _, path, span, doc = best
    found = fields.find(fields.dialects_of(doc.data if isinstance(doc.data, dict) else {}), path)
    return None if found is None else (found, span, doc.data, checked.config.defaults)


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


# ----- the server ---------------------------------------------------------------------------------------


def build() -> Server:
    """The server with every handler registered (tests drive it through a real client: pytest-lsp)."""
    server = Server()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: Server, params: lsp.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounce", 0)
        ls.debounce = max(0.0, float(debounce)) / 1000 if isinstance(debounce, int | float) else 0.0
        ls.encoding = str(ls.workspace.position_encoding or UTF16)
        roots = _folders(params.workspace_folders or (), params.root_uri, params.root_path)
        ls.session = Session(roots, report_syntax=options.get("yamlSyntax", True) is not False)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: Server, params: lsp.InitializedParams) -> None:
        if ls.capability("workspace.did_change_watched_files.dynamic_registration"):
            watchers = [lsp.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
            registration = lsp.Registration(
                id="automlspec-files",
                method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))
            except Exception as exc:  # the client said no: configuration changes are seen on save
                ls.log(f"automlspec: watching files was refused ({exc}); saving a configuration file reloads it")
        ls.index()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents[item.uri] = Document(item.uri, (item.version, Text(item.text)), item.language_id)
        ls.schedule(item.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: lsp.DidChangeTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            return
        edits: list[tuple[tuple[int, int, int, int] | None, str]] = []
        for change in params.content_changes:
            where = getattr(change, "range", None)
            if where is None:
                edits.append((None, change.text))
            else:
                edits.append(
                    ((where.start.line, where.start.character, where.end.line, where.end.character), change.text)
                )
        document.change(params.text_document.version, edits, ls.encoding)
        ls.schedule(document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Server, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = path_of(uri)
        if path is not None and path.name in PROJECT_FILES:
            ls.configuration_changed([path])
            return

        def stale() -> bool:  # a client that does not watch files: look at the configuration files now
            if ls.session.configuration_stale():
                ls.session.reload()
                return True
            return False

        def done(future: asyncio.Future) -> None:
            if not future.cancelled() and future.exception() is None and future.result():
                ls.recheck_all()
                ls.index()
            if uri in ls.documents:
                ls.schedule(uri)

        ls.worker.submit(EDITED, stale).add_done_callback(done)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.documents.pop(uri, None)
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

        def closed() -> list[str]:
            return ls.session.close(uri)

        def done(future: asyncio.Future) -> None:
            if not future.cancelled() and future.exception() is None:
                ls.rechecks(future.result())

        ls.worker.submit(OTHERS, closed).add_done_callback(done)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: Server, params: lsp.DidChangeWatchedFilesParams) -> None:
        paths = [p for p in (path_of(change.uri) for change in params.changes) if p is not None]
        ls.configuration_changed(paths)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: Server, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        def change() -> None:
            for folder in params.event.removed:
                path = path_of(folder.uri)
                if path is not None:
                    ls.session.remove_folder(path)
            for folder in params.event.added:
                path = path_of(folder.uri)
                if path is not None:
                    ls.session.add_folder(path)

        def done(_: asyncio.Future) -> None:
            ls.recheck_all()
            ls.index()

        ls.worker.submit(OTHERS, change).add_done_callback(done)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: Server, params: lsp.HoverParams) -> lsp.Hover | None:
        return await ls.ask(ls.hover, params.text_document.uri, params.position)

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[" ", ":", "-"]))
    async def completion(ls: Server, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return await ls.ask(ls.complete, params.text_document.uri, params.position)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll, FIX_ALL]
        ),
    )
    async def code_action(ls: Server, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await ls.ask(ls.code_actions, params.text_document.uri, params)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: Server, params: Any = None) -> None:
        if ls._worker is not None:
            ls._worker.stop()

    return server


def _folders(folders: Iterable[lsp.WorkspaceFolder], root_uri: str | None, root_path: str | None) -> list[Path]:
    paths = [p for p in (path_of(f.uri) for f in folders) if p is not None]
    if not paths and root_uri:
        root = path_of(root_uri)
        paths = [root] if root is not None else []
    if not paths and root_path:
        paths = [Path(root_path)]
    return paths


def main() -> int:
    """`automlspec server`: serve one client over standard input and output until it exits."""
    logging.basicConfig(level=logging.WARNING, format="automlspec server: %(message)s")
    build().start_io()
    return 0
