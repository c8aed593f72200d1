"""The engine's byte-offset edits as an LSP workspace edit: always one TextDocumentEdit carrying
the document version the edits were computed for, so a client refuses them on a newer buffer."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types as lsp

from gofixleak import api
from gofixleak.lsp.diagnostics import to_range
from gofixleak.lsp.positions import LineIndex


def workspace_edit(
    uri: str,
    version: int,
    index: LineIndex,
    encoding: str,
    edits: Iterable[api.Edit],
    placeholder: tuple[str, str] | None = None,
) -> lsp.WorkspaceEdit:
    """`placeholder` (after, name): the edits become snippets with a `${1:name}` placeholder
    inserted after the first occurrence of `after` (a client that supports snippet edits puts
    the cursor there for the user to type)."""
    out: list[lsp.TextEdit | lsp.AnnotatedTextEdit | lsp.SnippetTextEdit] = []
    for edit in edits:
        where = to_range(index, edit.start, edit.end, encoding)
        if placeholder is None:
            out.append(lsp.TextEdit(range=where, new_text=edit.text))
            continue
        after, name = placeholder
        head, found, tail = edit.text.partition(after)
        snippet = escape(head + found) + (f" ${{1:{escape(name)}}}" if found else "") + escape(tail)
        out.append(lsp.SnippetTextEdit(range=where, snippet=lsp.StringValue(value=snippet)))
    document = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=document, edits=out)])


def escape(text: str) -> str:
    """Text that a snippet inserts literally."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
