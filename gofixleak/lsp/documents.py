"""Open buffers, kept as the UTF-8 bytes the engine reads, changed as the client says.

The server keeps its own copy of every open document (not pygls's, whose line splitting also
breaks at form feeds and Unicode separators, which LSP does not).  Text from the client becomes
bytes once, here: characters that were invalid UTF-8 on the wire come back as the very bytes
the client sent (see `server.Utf8Repair`), so the engine can say "not valid UTF-8" rather than
the server failing.  `buffers` is replaced, never mutated, so the analysis thread can read a
consistent mapping of every open buffer without a lock.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from gofixleak.lsp.positions import LineIndex

# A content change: (start line, start character, end line, end character) or None for the whole
# text, and the new text.
Change = tuple[tuple[int, int, int, int] | None, str]


def encode(text: str) -> bytes:
    """The bytes of a buffer's text: UTF-8, with bytes the wire carried as lone surrogates
    (invalid UTF-8 from the client) restored; other lone surrogates stay visibly invalid."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")


def uri_to_path(uri: str) -> str | None:
    """The file-system path of a `file:` URI, else None (untitled buffers, other schemes)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    return os.path.normpath(path) if path else None


@dataclass
class Document:
    uri: str
    path: str | None
    version: int
    src: bytes
    language_id: str = "go"
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        if self._index is None or self._index.src is not self.src:
            self._index = LineIndex(self.src)
        return self._index

    @property
    def is_go(self) -> bool:
        return self.path is not None and self.path.endswith(".go")

    def replace(self, start: int, end: int, text: str) -> None:
        self.src = self.src[:start] + encode(text) + self.src[end:]


class Documents:
    """Every open document by URI, and the bytes of every open Go buffer by path."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self.buffers: Mapping[str, bytes] = {}  # replaced on every change (read by the analysis thread)

    def __contains__(self, uri: str) -> bool:
        return uri in self._docs

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def all(self) -> list[Document]:
        return list(self._docs.values())

    def open(self, uri: str, version: int, text: str, language_id: str) -> Document:
        doc = Document(uri, uri_to_path(uri), version, encode(text), language_id)
        self._docs[uri] = doc
        self._publish(doc)
        return doc

    def change(self, uri: str, version: int, changes: list[Change], encoding: str) -> Document | None:
        """Apply content changes in order; the document, or None if it is not open."""
        doc = self._docs.get(uri)
        if doc is None:
            return None
        for where, text in changes:
            if where is None:
                doc.src = encode(text)
                continue
            index = doc.index
            start = index.offset(where[0], where[1], encoding)
            end = max(start, index.offset(where[2], where[3], encoding))
            doc.replace(start, end, text)
        doc.version = version
        self._publish(doc)
        return doc

    def close(self, uri: str) -> Document | None:
        doc = self._docs.pop(uri, None)
        if doc is not None and doc.path is not None and doc.path in self.buffers:
            self.buffers = {p: b for p, b in self.buffers.items() if p != doc.path}
        return doc

    def _publish(self, doc: Document) -> None:
        if doc.is_go and doc.path is not None:
            self.buffers = {**self.buffers, doc.path: doc.src}

    def in_folder(self, directory: str) -> list[Document]:
        """The open Go documents of one folder (the files of its packages)."""
        return [d for d in self._docs.values() if d.is_go and d.path and os.path.dirname(d.path) == directory]
