"""Helpers for driving `gofixleak lsp` with pytest-lsp's real client: a client that records every
publishDiagnostics with its version, the capability snapshots of real editors, and an
independent implementation of LSP positions and edits (never the server's own code) to apply
what the server answers to a copy of the text.
"""

from __future__ import annotations

import asyncio
import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "leaky"
SERVER = [sys.executable, "-m", "gofixleak", "lsp"]
TIMEOUT = 60  # seconds; a cold start imports pygls (~2 s) and reads a package


class Client(LanguageClient):
    """pytest-lsp's client, keeping every publishDiagnostics (uri, version, diagnostics)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()
        self.registrations: list[lsp.Registration] = []

    async def diagnostics_for(self, uri: str, version: int | None = None, after: int = 0) -> list[lsp.Diagnostic]:
        """The first diagnostics published for `uri` (at `version`) since `published[after:]`."""

        async def wait() -> list[lsp.Diagnostic]:
            seen = after
            while True:
                for params in self.published[seen:]:
                    if params.uri == uri and (version is None or params.version == version):
                        return list(params.diagnostics)
                seen = len(self.published)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def no_diagnostics_for(self, uri: str, after: int, seconds: float) -> None:
        await asyncio.sleep(seconds)
        assert not [p for p in self.published[after:] if p.uri == uri], "diagnostics were published"


def _publish(client: Client, params: lsp.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.arrived.set()


def _register(client: Client, params: lsp.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    features = {
        **DEFAULT_CLIENT_FEATURES,
        lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _publish,
        lsp.CLIENT_REGISTER_CAPABILITY: _register,
    }
    register_lsp_features(client, features)
    return client


def config(command: list[str] | None = None) -> ClientServerConfig:
    return ClientServerConfig(server_command=command or SERVER, client_factory=make_client)


def capabilities(editor: str, encodings: list[str] | None = None, **changes: Any) -> lsp.ClientCapabilities:
    """A real editor's capabilities (pytest-lsp's snapshots: neovim, visual-studio-code, emacs),
    with its position encodings replaced if asked."""
    caps = copy.deepcopy(client_capabilities(editor))
    if encodings is not None:
        caps.general = caps.general or lsp.GeneralClientCapabilities()
        caps.general.position_encodings = encodings  # type: ignore[assignment]
    if changes.get("snippets"):
        caps.workspace = caps.workspace or lsp.WorkspaceClientCapabilities()
        caps.workspace.workspace_edit = caps.workspace.workspace_edit or lsp.WorkspaceEditClientCapabilities()
        caps.workspace.workspace_edit.snippet_edit_support = True
    if changes.get("pull"):
        caps.text_document = caps.text_document or lsp.TextDocumentClientCapabilities()
        caps.text_document.diagnostic = lsp.DiagnosticClientCapabilities()
        caps.workspace = caps.workspace or lsp.WorkspaceClientCapabilities()
        caps.workspace.diagnostics = lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def start(
    client: Client, caps: lsp.ClientCapabilities, root: Path, options: dict[str, Any] | None = None
) -> lsp.InitializeResult:
    return await client.initialize_session(
        lsp.InitializeParams(
            capabilities=caps,
            workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )


def keeper(package: str, comment: str = "") -> str:
    """A Go file with one GFL001 finding (`s[:3]` of a large string kept in a package variable)."""
    return (
        f"package {package}\n\nvar keep string\n\nfunc Keep(s string) {{\n\tkeep = s[:3]{comment}\n}}\n"
        "\nfunc init() { Keep(string(make([]byte, 1<<20))) }\n"
    )


def module(root: Path, files: dict[str, str | bytes], go: str = "1.22") -> Path:
    """A Go module in `root` with these files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(f"module example.com/m\n\ngo {go}\n")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def copy_example(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root)
    return root


class Editor:
    """One open document as the client sees it: its text and version, kept in step with the server."""

    def __init__(self, client: Client, path: Path, encoding: str, text: str | None = None):
        self.client, self.path, self.encoding = client, path, encoding
        self.uri = path.as_uri()
        self.text = text if text is not None else path.read_bytes().decode("utf-8", "surrogateescape")
        self.version = 1

    def open(self) -> int:
        mark = len(self.client.published)
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=self.uri, language_id="go", version=self.version, text=self.text)
            )
        )
        return mark

    def replace(self, old: str, new: str) -> int:
        """Replace the first `old` with `new`, telling the server with an incremental change."""
        at = self.text.index(old)
        start, end = position(self.text, at, self.encoding), position(self.text, at + len(old), self.encoding)
        self.text = self.text[:at] + new + self.text[at + len(old) :]
        self.version += 1
        mark = len(self.client.published)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=[lsp.TextDocumentContentChangePartial(range=lsp.Range(start, end), text=new)],
            )
        )
        return mark

    def set_text(self, text: str) -> int:
        self.text = text
        self.version += 1
        mark = len(self.client.published)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return mark

    def close(self) -> int:
        mark = len(self.client.published)
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=self.uri))
        )
        return mark

    async def diagnostics(self, mark: int = 0) -> list[lsp.Diagnostic]:
        return await self.client.diagnostics_for(self.uri, self.version, mark)

    async def actions(
        self, rng: lsp.Range, diagnostics: list[lsp.Diagnostic] | None = None, only: list[str] | None = None
    ) -> list[lsp.CodeAction]:
        result = await self.client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=self.uri),
                range=rng,
                context=lsp.CodeActionContext(diagnostics=diagnostics or [], only=only),  # type: ignore[arg-type]
            )
        )
        return [a for a in result or [] if isinstance(a, lsp.CodeAction)]

    async def resolve(self, action: lsp.CodeAction) -> lsp.CodeAction:
        return await self.client.code_action_resolve_async(action)

    def apply(self, edit: lsp.WorkspaceEdit) -> int:
        """Apply a workspace edit as an editor does, and send the change."""
        assert edit.changes is None and edit.document_changes, "edits come as versioned TextDocumentEdits"
        [change] = edit.document_changes
        assert isinstance(change, lsp.TextDocumentEdit)
        assert change.text_document.uri == self.uri
        assert change.text_document.version == self.version, "the edit names the version it was made for"
        return self.set_text(apply_edits(self.text, change.edits, self.encoding))

    def where(self, needle: str, occurrence: int = 0) -> lsp.Range:
        at = -1
        for _ in range(occurrence + 1):
            at = self.text.index(needle, at + 1)
        return lsp.Range(position(self.text, at, self.encoding), position(self.text, at + len(needle), self.encoding))


# --- positions, written independently of the server's ---------------------------------------

_EOL = re.compile(r"\r\n|\r|\n")


def _width(ch: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(ch.encode("utf-8", "surrogateescape"))
    if encoding == "utf-16":
        return len(ch.encode("utf-16-le", "surrogatepass")) // 2
    return 1


def position(text: str, index: int, encoding: str) -> lsp.Position:
    """The LSP position of a string index."""
    line_start, line = 0, 0
    for m in _EOL.finditer(text, 0, index):
        if m.end() <= index:
            line_start, line = m.end(), line + 1
    return lsp.Position(line=line, character=sum(_width(ch, encoding) for ch in text[line_start:index]))


def index_of(text: str, pos: lsp.Position, encoding: str) -> int:
    starts = [0] + [m.end() for m in _EOL.finditer(text)]
    at = starts[pos.line]
    units = 0
    while units < pos.character:
        units += _width(text[at], encoding)
        at += 1
    return at


def apply_edits(text: str, edits: Any, encoding: str) -> str:
    spans = []
    for edit in edits:
        new = edit.new_text if isinstance(edit, lsp.TextEdit) else edit.snippet.value
        spans.append((index_of(text, edit.range.start, encoding), index_of(text, edit.range.end, encoding), new))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def gofixleak(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gofixleak", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
