"""The language server's wiring on pygls: capabilities, notifications, requests.

Diagnostics are pushed (publishDiagnostics, with the document version) on open, on save, and a
delay (200 ms by default) after the last change; clients that pull diagnostics and can be asked
to pull again (workspace/diagnostic/refresh) get textDocument/diagnostic instead, never both.
A change to one buffer re-diagnoses the other open files of its folder (their package context
changed).  The server never dies of bad input: a request it cannot read gets a JSON-RPC error,
a message that is not JSON gets a parse error, text that was invalid UTF-8 on the wire is kept
as the bytes it was (and the engine reports it), and a failing rule is logged once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types as lsp
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.io_ import run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from gofixleak import __version__, api
from gofixleak.lsp import diagnostics as diag
from gofixleak.lsp import settings as settingsmod
from gofixleak.lsp.actions import FIX_ALL, QUICKFIX, Actions, ClientActions
from gofixleak.lsp.documents import Change, Document, Documents, uri_to_path
from gofixleak.lsp.folders import Folders
from gofixleak.lsp.positions import UTF16
from gofixleak.lsp.scheduler import Result, Scheduler, Superseded

log = logging.getLogger(__name__)


class _Malformed:
    """A request whose parameters could not be read: answered with an error, not dropped."""

    def __init__(self, msg_id: int | str, method: str, error: JsonRpcException):
        self.id, self.method, self.error = msg_id, method, error


class Protocol(LanguageServerProtocol):
    """pygls's protocol, but open documents are ours alone and unreadable requests get errors."""

    # pygls keeps a text copy of every document that we do not use; skip it (only our handlers run)
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

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as err:
            if isinstance(data.get("id"), int | str) and isinstance(data.get("method"), str):
                return _Malformed(data["id"], data["method"], err)
            raise

    def handle_message(self, message):
        if isinstance(message, _Malformed):
            error = JsonRpcInvalidParams(f"{message.method}: the parameters do not match the LSP specification")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)


class Utf8Repair:
    """Reads LSP messages from a byte stream; a message body that is not valid UTF-8 has each
    invalid byte turned into the JSON escape of a lone surrogate (U+DC80 + byte), which
    `documents.encode` turns back into that byte."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream

    def readline(self) -> bytes:
        return self.stream.readline()

    def read(self, size: int) -> bytes:
        return repair(self.stream.read(size))


_ESCAPED = re.compile("[\udc80-\udcff]")


def repair(body: bytes) -> bytes:
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        text = body.decode("utf-8", "surrogateescape")
        return _ESCAPED.sub(lambda m: f"\\udc{ord(m.group()) - 0xDC00:02x}", text).encode("utf-8")


class GofixleakServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "gofixleak",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=Protocol,
        )
        self.documents = Documents()
        self.folders = Folders()
        self.scheduler = Scheduler(self.documents, self.folders, self._analysed, self._log_error)
        self.encoding: str = UTF16
        self.client_actions = ClientActions()
        self.pull = False  # the client pulls diagnostics (and can be told to pull again)
        self.init_settings = settingsmod.EditorSettings()
        self.pushed_settings = settingsmod.EditorSettings()
        self._logged: set[tuple] = set()
        self._refresh_wanted = False
        self.actions = Actions(
            self.documents, self.folders, self.scheduler, lambda: self.client_actions, lambda: self.encoding
        )

    # --- logging to the client ---------------------------------------------------------

    def log_once(self, key: tuple, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        if key not in self._logged:
            self._logged.add(key)
            self.log(message, kind)

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Info) -> None:
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))

    def _log_error(self, message: str) -> None:
        self.log(message, lsp.MessageType.Error)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Internal errors go to the log (never a pop-up); a message that is not even JSON gets
        the JSON-RPC parse error."""
        if isinstance(error, json.JSONDecodeError) and source is JsonRpcException:
            # JSON-RPC answers what it cannot read with id null (pygls's types would drop the id)
            parse_error = {"code": -32700, "message": f"Parse error: {error}"}
            self.protocol._send_data({"jsonrpc": "2.0", "id": None, "error": parse_error})
        self.log(f"gofixleak: internal error: {type(error).__name__}: {error}", lsp.MessageType.Error)

    # --- analysis results ----------------------------------------------------------------

    def _analysed(self, doc: Document, result: Result) -> None:
        if result.problem is not None:
            self.log_once(("problem", doc.uri, result.problem), f"gofixleak: {result.problem}")
        report = result.report
        if report is not None:
            for problem in diag.problems(report):
                self.log_once(("problem", doc.uri, problem), f"gofixleak: {report.display}: {problem}")
            for crash in diag.rule_crashes(report):
                self.log_once(("crash", crash), f"gofixleak: {report.display}: {crash}", lsp.MessageType.Error)
        if self.pull:
            if self._refresh_wanted and not self.scheduler.pending():
                self._refresh_wanted = False
                self.workspace_diagnostic_refresh(None)
            return
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=doc.uri, diagnostics=self.diagnostics_of(doc, result), version=doc.version)
        )

    def diagnostics_of(self, doc: Document, result: Result) -> list[lsp.Diagnostic]:
        report = result.report
        if report is None or report.skipped:
            return []
        index = doc.index if doc.src is report.src else None
        if index is None:
            return []
        return diag.diagnostics(report, result.version, index, self.encoding, result.unsafe)

    def analyse(self, doc: Document, *, changed: bool) -> None:
        """Analyse the document (after the delay when it was typed in), and its open siblings."""
        settings = self.folders.settings_for(doc.path)
        self.scheduler.touch_folder(doc.path)
        self.scheduler.schedule(doc, settings.delay_seconds if changed else 0)
        if doc.path is None:
            return
        for sibling in self.documents.in_folder(_dirname(doc.path)):
            if sibling is not doc:
                self._refresh_wanted = True
                self.scheduler.schedule(sibling, settings.delay_seconds)

    def files_changed(self, paths: list[str]) -> None:
        """Files changed on disk (a save, a checkout).  An open folder's files come from the disk
        unless open, so its open documents are checked again; a go.mod or go.work, or a file of
        a package only imported, invalidates what the sessions cached: they start afresh."""
        open_folders = {_dirname(d.path) for d in self.documents.all() if d.path}
        reset = False
        for path in paths:
            if os.path.basename(path) in ("go.mod", "go.work") or _dirname(path) not in open_folders:
                reset = True
                continue
            self.scheduler.touch_folder(path)
            for doc in self.documents.in_folder(_dirname(path)):
                self.scheduler.schedule(doc, self.folders.settings_for(doc.path).delay_seconds)
        if reset:
            self.folders.reset()
            self.reanalyse_all()

    def reanalyse_all(self) -> None:
        for doc in self.documents.all():
            self.scheduler.schedule(doc, 0)
        if self.pull:
            self._refresh_wanted = True

    # --- settings ------------------------------------------------------------------------

    def read_settings(self, raw: object, origin: str) -> settingsmod.EditorSettings:
        parsed, problems = settingsmod.parse(raw)
        for problem in problems:
            self.log(f"gofixleak: {origin}: {problem}", lsp.MessageType.Warning)
        return parsed

    async def pull_settings(self) -> None:
        """Ask the client for the "gofixleak" section, globally and for each workspace folder."""
        roots = self.folders.roots
        items = [lsp.ConfigurationItem(section=settingsmod.SECTION)]
        items += [lsp.ConfigurationItem(scope_uri=_uri(root), section=settingsmod.SECTION) for root in roots]
        try:
            answers = await self.workspace_configuration_async(lsp.ConfigurationParams(items=items))
        except Exception as err:  # a client that says it can but cannot: keep what we have
            self.log(f"gofixleak: workspace/configuration failed: {err}", lsp.MessageType.Warning)
            return
        answers = list(answers) + [None] * (len(items) - len(answers))
        base = self.pushed_settings.over(self.init_settings)
        self.folders.global_settings = self.read_settings(answers[0], "settings").over(base)
        for root, answer in zip(roots, answers[1:], strict=False):
            self.folders.set_folder_settings(root, self.read_settings(answer, f"settings of {root}"))
        self.folders.reset()


def _dirname(path: str) -> str:
    return os.path.dirname(path)


def _uri(path: str) -> str:
    return Path(path).as_uri()


def _capability(capabilities: lsp.ClientCapabilities, field: str) -> Any:
    return get_capability(capabilities, field, None)


def build() -> GofixleakServer:
    server = GofixleakServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(params: lsp.InitializeParams) -> None:
        caps = params.capabilities
        encoding = server.workspace.position_encoding
        server.encoding = str(getattr(encoding, "value", encoding) or UTF16)
        resolvable = _capability(caps, "text_document.code_action.resolve_support.properties") or []
        server.client_actions = ClientActions(
            resolve="edit" in resolvable,
            snippets=bool(_capability(caps, "workspace.workspace_edit.snippet_edit_support")),
        )
        server.pull = bool(
            _capability(caps, "text_document.diagnostic") and _capability(caps, "workspace.diagnostics.refresh_support")
        )
        if server.pull:
            options = lsp.DiagnosticOptions(
                identifier="gofixleak", inter_file_dependencies=True, workspace_diagnostics=False
            )
            server.feature(lsp.TEXT_DOCUMENT_DIAGNOSTIC, options)(pull_diagnostics)
        server.init_settings = server.read_settings(params.initialization_options, "initializationOptions")
        server.folders.global_settings = server.init_settings
        roots = [uri_to_path(f.uri) for f in params.workspace_folders or []]
        if not roots and params.root_uri:
            roots = [uri_to_path(params.root_uri)]
        server.folders.set_roots([r for r in roots if r])
        server.scheduler.executor.submit(api.rules)  # load the rules before the first file comes

    @server.feature(lsp.INITIALIZED)
    async def initialized(params: lsp.InitializedParams) -> None:
        caps = server.client_capabilities
        if _capability(caps, "workspace.did_change_configuration.dynamic_registration"):
            registration = lsp.Registration(id="gofixleak-settings", method=lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
            try:
                await server.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))
            except Exception as err:
                server.log(f"gofixleak: could not register for settings changes: {err}", lsp.MessageType.Warning)
        if _capability(caps, "workspace.did_change_watched_files.dynamic_registration"):
            watchers = [lsp.FileSystemWatcher(glob_pattern=g) for g in ("**/*.go", "**/go.mod", "**/go.work")]
            registration = lsp.Registration(
                id="gofixleak-files",
                method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await server.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))
            except Exception as err:
                server.log(f"gofixleak: could not watch files: {err}", lsp.MessageType.Warning)
        if _capability(caps, "workspace.configuration"):
            await server.pull_settings()
            server.reanalyse_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: lsp.DidChangeWatchedFilesParams) -> None:
        server.files_changed([p for p in (uri_to_path(c.uri) for c in params.changes) if p])

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: lsp.DidChangeConfigurationParams) -> None:
        if params.settings is not None:
            server.pushed_settings = server.read_settings(params.settings, "settings")
            server.folders.set_global(server.pushed_settings.over(server.init_settings))
        if _capability(server.client_capabilities, "workspace.configuration"):
            await server.pull_settings()
        server.reanalyse_all()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_folders(params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        removed = {uri_to_path(f.uri) for f in params.event.removed}
        roots = [r for r in server.folders.roots if r not in removed]
        roots += [p for p in (uri_to_path(f.uri) for f in params.event.added) if p]
        server.folders.set_roots(roots)
        if _capability(server.client_capabilities, "workspace.configuration"):
            await server.pull_settings()
        server.reanalyse_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        doc = server.documents.open(item.uri, item.version, item.text, item.language_id)
        server.analyse(doc, changed=False)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        changes: list[Change] = []
        for change in params.content_changes:
            if isinstance(change, lsp.TextDocumentContentChangePartial):
                r = change.range
                changes.append(((r.start.line, r.start.character, r.end.line, r.end.character), change.text))
            else:
                changes.append((None, change.text))
        uri = params.text_document.uri
        doc = server.documents.change(uri, params.text_document.version, changes, server.encoding)
        if doc is None:
            server.log_once(("unknown", uri), f"gofixleak: a change to {uri}, which is not open, was ignored")
            return
        server.analyse(doc, changed=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        doc = server.documents.get(params.text_document.uri)
        if doc is not None:
            server.scheduler.schedule(doc, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        doc = server.documents.close(params.text_document.uri)
        server.scheduler.forget(params.text_document.uri)
        if doc is None:
            return
        if not server.pull:
            server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=doc.uri, diagnostics=[]))
        if doc.path is not None:  # its siblings now see the disk copy again
            server.scheduler.touch_folder(doc.path)
            for sibling in server.documents.in_folder(_dirname(doc.path)):
                server._refresh_wanted = True
                server.scheduler.schedule(sibling, server.folders.settings_for(sibling.path).delay_seconds)

    async def pull_diagnostics(params: lsp.DocumentDiagnosticParams) -> lsp.DocumentDiagnosticReport:
        doc = server.documents.get(params.text_document.uri)
        if doc is None:
            return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        while True:
            try:
                result = await server.scheduler.current(doc, wait_for_delay=True)
                break
            except Superseded:
                if server.documents.get(doc.uri) is not doc:
                    return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = ".".join(map(str, result.key))
        if params.previous_result_id == result_id:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return lsp.RelatedFullDocumentDiagnosticReport(items=server.diagnostics_of(doc, result), result_id=result_id)

    options = lsp.CodeActionOptions(code_action_kinds=[QUICKFIX, FIX_ALL], resolve_provider=True)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, options)
    async def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await server.actions.code_actions(params)

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def code_action_resolve(action: lsp.CodeAction) -> lsp.CodeAction:
        return await server.actions.resolve(action)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.scheduler.shutdown()

    return server


async def _serve_tcp(server: GofixleakServer, host: str, port: int) -> None:
    """One client over TCP (editors that connect rather than spawn), with the same UTF-8 repair."""
    stop = threading.Event()
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    class Reader:
        def __init__(self, reader: asyncio.StreamReader):
            self.reader = reader

        def readline(self) -> Awaitable[bytes]:
            return self.reader.readline()

        async def readexactly(self, size: int) -> bytes:
            return repair(await self.reader.readexactly(size))

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.protocol.set_writer(writer)
        try:
            await run_async(
                stop_event=stop,
                reader=Reader(reader),
                protocol=server.protocol,
                logger=log,
                error_handler=server.report_server_error,
            )
        except asyncio.IncompleteReadError:
            pass
        if not done.done():
            done.set_result(None)

    listener = await asyncio.start_server(connected, host, port)
    async with listener:
        await done


def serve(tcp: int | None = None, host: str = "127.0.0.1", log_file: str | None = None) -> int:
    """Run the server on stdin/stdout (or one TCP connection) until the client says exit."""
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(threadName)s %(name)s %(levelname)s %(message)s"))
        logging.basicConfig(level=logging.DEBUG, handlers=[handler])
    server = build()
    if tcp is not None:
        try:
            asyncio.run(_serve_tcp(server, host, tcp))
        finally:
            server.scheduler.shutdown()
        return 0
    server.start_io(Utf8Repair(sys.stdin.buffer), sys.stdout.buffer)  # type: ignore[arg-type]
    server.scheduler.shutdown()
    return 0
