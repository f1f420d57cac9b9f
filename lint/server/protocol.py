"""The language server: LSP messages in, diagnostics, code actions and hovers out (pygls).

Linting never runs on the event loop. Each change (re)starts a short timer per document; when it
fires, the document's text and version are handed to one worker thread (the engine is CPU-bound,
so more threads would only contend for the GIL). A result is published only if the document is
still at the version that was linted, so a slow lint of an old version can never overwrite the
diagnostics of a newer one; a queued lint whose version is already stale is skipped unstarted.
Hovers and code actions use the findings of the current version, linting it first if needed.

Bad input never stops the server: a message that is not JSON, or a request whose parameters do
not fit its method, is answered with the JSON-RPC error; a request about a document that was
never opened gets an InvalidParams error; a broken configuration or rule pack (or a rule that
fails) is shown as one error diagnostic (and message) on the document, a hover or code action
there is answered with a RequestFailed error saying why, and the next lint tries again.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from . import actions, diagnostics, hover
from .linting import Options, Outcome, Projects, Settings, document_format, lint, path_of
from .positions import UTF8, UTF16, UTF32, PositionMap

log = logging.getLogger("healthlint.server")

#: Seconds to wait after a change before linting: typing a word re-lints once, not per key.
DEBOUNCE = 0.1
#: Seconds a hover or code action waits for the current version's lint before answering from
#: the last lint (HEALTHLINT_SERVER_WAIT overrides it; the tests set 0).
REQUEST_WAIT = float(os.environ.get("HEALTHLINT_SERVER_WAIT", "0.5"))
#: Seconds a lint waits for the editor's settings at start-up before using the defaults.
SETTINGS_WAIT = 2.0
SECTION = "healthlint"
_ENCODINGS = {types.PositionEncodingKind.Utf8: UTF8, types.PositionEncodingKind.Utf16: UTF16,
              types.PositionEncodingKind.Utf32: UTF32}
REQUEST_FAILED = -32803  # LSP's ErrorCodes.RequestFailed
_ANSWERED = object()  # a request already answered with an error while it was being read


@dataclass
class Linted:
    """The findings of one version of a document, with what converting them needs."""

    version: int | None
    generation: int  # the settings and project files it was linted under (see HealthlintServer.invalidate)
    text: str
    fmt: str
    outcome: Outcome
    positions: PositionMap
    seconds: float = 0.0  # the engine's time on this version (logged with each publish)

    @cached_property
    def rules(self) -> dict:
        """The project's rules by id (a finding's rule is looked up for each diagnostic)."""
        project = self.outcome.project
        return diagnostics.rules_by_id(project.ruleset if project is not None else None)


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, except that a request whose parameters cannot be read is answered with
    an error (pygls only logs it, which leaves the client waiting forever)."""

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as err:
            if "jsonrpc" in data and "id" in data and "method" in data:
                self._send_data({"jsonrpc": "2.0", "id": data["id"], "error": {
                    "code": err.code, "message": f"invalid {data['method']!r} request: {err.message or 'bad params'}"}})
                return _ANSWERED
            raise

    def handle_message(self, message):
        if message is not _ANSWERED:
            super().handle_message(message)


class HealthlintServer(LanguageServer):
    def __init__(self, options: Options):
        from .. import __version__

        super().__init__("healthlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=_Protocol)
        self.projects = Projects(options)
        self.settings = Settings()
        self.initial_settings: object = None  # from initializationOptions
        self.settings_ready = asyncio.Event()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthlint-lint")
        self.linted: dict[str, Linted] = {}
        self.running: dict[tuple[str, int | None, int], asyncio.Future[Linted | None]] = {}
        self.generation = 0
        self.timers: dict[str, asyncio.Task] = {}
        self.shown: set[str] = set()
        self.reporting = False

    # -- errors ---------------------------------------------------------------------------------

    def report_server_error(self, error: Exception, source) -> None:
        """A message pygls could not handle. Not JSON: answer with a Parse error, as JSON-RPC
        asks (there is no id to answer to). Anything else is logged for the user."""
        if self.reporting:
            return  # the report itself failed to send: do not loop
        self.reporting = True
        try:
            if isinstance(error, json.JSONDecodeError):
                self.protocol._send_data({"jsonrpc": "2.0", "id": None,
                                          "error": {"code": -32700, "message": f"Parse error: {error}"}})
            self.tell(types.MessageType.Error, f"{type(error).__name__}: {error}", show=False)
        finally:
            self.reporting = False

    def tell(self, kind: types.MessageType, text: str, show: bool = True) -> None:
        """Log a message in the editor's output; also pop it up the first time (an error
        repeated on every keystroke is shown once)."""
        log.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, text)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=text))
            if show and text not in self.shown:
                self.shown.add(text)
                self.window_show_message(types.ShowMessageParams(type=kind, message=text))
        except Exception:  # noqa: BLE001 - the client is gone; nothing more to tell it
            log.exception("cannot send a message to the client")

    # -- documents and settings -----------------------------------------------------------------

    def document(self, uri: str):
        """The open document at `uri`; an InvalidParams error for one that was never opened."""
        if uri not in self.workspace.text_documents:
            raise JsonRpcInvalidParams(f"unknown document {uri}: it is not open (send textDocument/didOpen first)")
        return self.workspace.get_text_document(uri)

    def format_of(self, uri: str) -> str | None:
        doc = self.workspace.text_documents.get(uri)
        return document_format(path_of(uri) or uri, doc.language_id if doc is not None else None)

    @property
    def encoding(self) -> str:
        return _ENCODINGS.get(self.workspace.position_encoding, UTF16)

    async def fetch_settings(self) -> bool:
        """Ask the editor for the `healthlint` settings (workspace/configuration); whether they
        changed."""
        changed = False
        try:
            if _supports(self.client_capabilities, "workspace", "configuration"):
                result = await self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)]))
                raw = result[0] if result else None
                # an editor with nothing set answers null or {}: initializationOptions then stand
                changed = self.apply_settings(raw if raw else self.initial_settings)
        except Exception as err:  # noqa: BLE001 - a client that cannot answer: keep the settings we have
            self.tell(types.MessageType.Warning, f"healthlint: cannot read the editor settings: {err}", show=False)
        finally:
            self.settings_ready.set()
        return changed

    def apply_settings(self, raw: object) -> bool:
        """Use these settings; whether they differ from the ones in use."""
        from ..errors import HealthlintError

        try:
            settings = Settings.parse(raw)
        except HealthlintError as err:
            self.tell(types.MessageType.Error, f"healthlint: {err}; keeping the previous settings")
            return False
        changed, self.settings = settings != self.settings, settings
        return changed

    # -- linting --------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        """Lint `uri` after `delay` seconds, unless another change restarts the timer first."""
        if self.format_of(uri) is None:
            return  # not a document healthlint reads
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.timers[uri] = asyncio.ensure_future(self._lint_and_publish(uri, delay))

    def stale(self) -> list[str]:
        """On the worker thread: the open documents whose project files changed on disk since
        they were linted (or that could not be linted)."""
        from ..errors import HealthlintError

        found = []
        for uri, linted in list(self.linted.items()):
            try:
                key = self.projects.key(path_of(uri), self.settings)
            except HealthlintError:
                key = None
            if key is None or key != linted.outcome.key:
                found.append(uri)
        return found

    def schedule_all(self) -> None:
        """Lint every open document again: the settings or the project's files changed."""
        self.generation += 1  # what was linted before no longer counts as current
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def _lint_and_publish(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            linted = await self.current(uri)
        except asyncio.CancelledError:
            return
        doc = self.workspace.text_documents.get(uri)
        if linted is None or doc is None or doc.version != linted.version or linted.generation != self.generation:
            return  # closed, or changed while it was linted: the newer version's lint publishes
        self.publish(uri, linted)

    async def for_request(self, uri: str) -> Linted | None:
        """The findings a hover or code action answers from: the current version's if they are
        ready within REQUEST_WAIT (waiting for the debounced lint already under way, so a request
        never starts an extra lint while the writer types); otherwise the last lint's findings
        whose words are still where they were, so the editor is not kept waiting on a long
        document: an edit elsewhere leaves them valid, an edit inside them drops them."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        if self._is_current(uri, doc):
            return self.linted[uri]
        timer = self.timers.get(uri)
        under_way = timer if timer is not None and not timer.done() else asyncio.ensure_future(self.current(uri))
        await asyncio.wait([under_way], timeout=REQUEST_WAIT)  # neither raises nor cancels it
        if self._is_current(uri, doc):
            return self.linted[uri]
        last = self.linted.get(uri)
        if last is None or last.outcome.error is not None:
            return await self.current(uri)  # nothing to answer from but this version's lint
        text = doc.source
        kept = [f for f in last.outcome.findings if text[f.offset:f.end_offset] == last.text[f.offset:f.end_offset]]
        return Linted(doc.version, last.generation, text, last.fmt, dataclasses.replace(last.outcome, findings=kept),
                      PositionMap(text, self.encoding), last.seconds)

    def _is_current(self, uri: str, doc) -> bool:
        done = self.linted.get(uri)
        return done is not None and done.version == doc.version and done.generation == self.generation

    async def current(self, uri: str) -> Linted | None:
        """The findings of the document's current version: from the last lint if it is of this
        version, else from a lint started now (or already running) on the worker thread."""
        doc = self.workspace.text_documents.get(uri)
        fmt = self.format_of(uri)
        if doc is None or fmt is None:
            return None
        done = self.linted.get(uri)
        if done is not None and done.version == doc.version and done.generation == self.generation:
            return done
        key = (uri, doc.version, self.generation)
        future = self.running.get(key)
        if future is None:
            if not self.settings_ready.is_set():
                try:
                    await asyncio.wait_for(self.settings_ready.wait(), SETTINGS_WAIT)
                except asyncio.TimeoutError:
                    pass
            future = asyncio.get_running_loop().run_in_executor(
                self.executor, self._lint_sync, uri, doc.version, self.generation, doc.source, fmt, self.settings, self.encoding)
            self.running[key] = future
            future.add_done_callback(lambda _: self.running.pop(key, None))
        linted = await asyncio.shield(future)
        if linted is not None and uri in self.workspace.text_documents:  # not closed meanwhile
            latest = self.linted.get(uri)
            if latest is None or (latest.version or 0, latest.generation) <= (linted.version or 0, linted.generation):
                self.linted[uri] = linted
        return linted

    def _lint_sync(self, uri: str, version: int | None, generation: int, text: str, fmt: str, settings: Settings,
                   encoding: str) -> Linted | None:
        """On the worker thread. A version that went stale while it waited in the queue is not
        linted (None): a lint of the newer one is on its way. Sends nothing to the client (the
        event loop does that), so messages are never written from two threads."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None or doc.version != version or generation != self.generation:
            return None
        path = path_of(uri)
        start = time.perf_counter()
        try:
            outcome = lint(self.projects, text, path, path or uri, fmt, settings)
        except Exception as err:  # noqa: BLE001 - a bug in a rule or reader must not stop the server
            log.exception("linting %s failed", uri)
            outcome = Outcome(error=f"internal error while linting ({type(err).__name__}: {err}); "
                                    "please report it with the document",
                              warnings=[traceback.format_exc()])
        seconds = time.perf_counter() - start
        return Linted(version, generation, text, fmt, outcome, PositionMap(text, encoding), seconds)

    def publish(self, uri: str, linted: Linted) -> None:
        outcome = linted.outcome
        if outcome.error is not None:
            self.tell(types.MessageType.Error, f"healthlint: {outcome.error}")
            for detail in outcome.warnings:
                self.tell(types.MessageType.Log, detail, show=False)
            found = [diagnostics.error_diagnostic(outcome.error)]
        else:
            for warning in outcome.warnings:
                self.tell(types.MessageType.Warning, f"healthlint: {warning}", show=False)
            found = [self.diagnostic(linted, f) for f in outcome.findings]
            self.tell(types.MessageType.Log, f"healthlint: linted {uri} version {linted.version} in "
                                             f"{linted.seconds * 1000:.0f} ms: {len(found)} findings", show=False)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=linted.version))

    def diagnostic(self, linted: Linted, finding) -> types.Diagnostic:
        project = linted.outcome.project
        return diagnostics.diagnostic(finding, linted.positions, linted.rules,
                                      project.fail_level if project else "warning")


def _usable(linted: Linted | None) -> Linted | None:
    """A lint to answer from; a request about a document that could not be linted (a broken
    rule pack or configuration, a failing rule) is answered with a RequestFailed error saying why."""
    if linted is not None and linted.outcome.error is not None:
        raise JsonRpcException(f"healthlint could not lint this document: {linted.outcome.error}", code=REQUEST_FAILED)
    return linted


def _supports(capabilities: types.ClientCapabilities | None, *path: str) -> bool:
    value: Any = capabilities
    for name in path:
        value = getattr(value, name, None)
    return bool(value)


def build(options: Options) -> HealthlintServer:
    """The server with its handlers registered."""
    server = HealthlintServer(options)

    @server.feature(types.INITIALIZE)
    def initialize(ls: HealthlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):  # clients that cannot answer workspace/configuration
            ls.initial_settings = options.get("settings", options)
            ls.apply_settings(ls.initial_settings)
        root = ls.workspace.root_path
        if root:
            ls.projects.root = Path(root)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: HealthlintServer, params: types.InitializedParams) -> None:
        changed = await ls.fetch_settings()
        await _register_watchers(ls)
        if changed:
            ls.schedule_all()  # documents opened before the settings came

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: HealthlintServer, params: types.DidChangeConfigurationParams) -> None:
        pushed = params.settings
        if isinstance(pushed, dict) and isinstance(pushed.get(SECTION), dict):
            changed = ls.apply_settings(pushed[SECTION])
        else:  # the pull model: the notification only says "ask again"
            changed = await ls.fetch_settings()
        if changed:
            ls.schedule_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: HealthlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        # Any .toml or .json changed: re-lint only if a configuration, rule pack or baseline that
        # an open document uses did (by modification times, on the worker that owns the projects).
        if await asyncio.get_running_loop().run_in_executor(ls.executor, ls.stale):
            ls.schedule_all()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HealthlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HealthlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: HealthlintServer, params: types.DidSaveTextDocumentParams) -> None:
        # The text is linted already (on change); a save re-lints if the project's files changed
        # and no watcher said so (an editor without file watching, a change made outside it).
        if await asyncio.get_running_loop().run_in_executor(ls.executor, ls.stale):
            ls.schedule_all()
        else:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HealthlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: HealthlintServer, params: types.HoverParams) -> types.Hover | None:
        ls.document(params.text_document.uri)
        linted = _usable(await ls.for_request(params.text_document.uri))
        if linted is None:
            return None
        offset = linted.positions.offset(params.position.line, params.position.character)
        found = hover.findings_at(linted.outcome.findings, offset)
        if not found:
            return None
        first = min(found, key=lambda f: f.offset)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                         value=hover.hover_markdown(found, linted.outcome.project.ruleset)),
            range=diagnostics.lsp_range(linted.positions, first.offset, first.end_offset))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[actions.QUICK_FIX, actions.FIX_ALL_KIND]))
    async def on_code_action(ls: HealthlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        ls.document(params.text_document.uri)
        linted = _usable(await ls.for_request(params.text_document.uri))
        if linted is None:
            return None
        positions = linted.positions
        start = positions.offset(params.range.start.line, params.range.start.character)
        end = positions.offset(params.range.end.line, params.range.end.character)
        target = actions.Target(params.text_document.uri, linted.version, linted.text, linted.fmt, positions)
        versioned = _supports(ls.client_capabilities, "workspace", "workspace_edit", "document_changes")
        return actions.actions_for(target, linted.outcome.findings, start, end,
                                   lambda f: ls.diagnostic(linted, f), params.context.only, versioned) or None

    return server


async def _register_watchers(ls: HealthlintServer) -> None:
    """Ask the editor to report changes to configuration files and rule packs (live reload);
    without this, the changes are still seen at the next lint, by modification time."""
    if not _supports(ls.client_capabilities, "workspace", "did_change_watched_files", "dynamic_registration"):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=g)
                for g in ("**/.healthlint.toml", "**/pyproject.toml", "**/*.toml", "**/*.json")]
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
            id="healthlint-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
    except Exception as err:  # noqa: BLE001 - optional
        log.info("cannot register file watchers: %s", err)


def serve(options: Options) -> None:
    """Run the server on stdin/stdout until the editor says exit."""
    logging.basicConfig(level=logging.WARNING, format="healthlint server: %(levelname)s %(message)s")
    build(options).start_io()
