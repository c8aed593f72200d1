"""Generated twins: files generated from a source file that a fix changed.

Go marks generated files with `// Code generated ... DO NOT EDIT.` before the
package clause, and many name their source: `// Source: ../../cmd/compile/
internal/types2/alias.go` (go/types is generated from types2), or `... from
X; DO NOT EDIT.`.  When a fix changes such a source, its twins go stale until
regenerated (and the generator's own test fails), so the driver says which
files to regenerate.  Each module (or GOROOT/src) is indexed once, from the
first bytes of its .go files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_HEAD_BYTES = 4096
_HEADER = re.compile(rb"^// Code generated (.*?)DO NOT EDIT\.?[ \t]*\r?$", re.MULTILINE)
_SOURCE = re.compile(rb"^//\s*Source:\s*(\S+)[ \t]*\r?$", re.MULTILINE)
_FROM = re.compile(rb"\bfrom\s+([\w./-]+\.go)\b")
_SKIPPED_FOLDERS = ("testdata", "vendor", "node_modules")


@dataclass(frozen=True)
class Twin:
    generated: Path  # the generated file
    generator: str  # how it says it was generated ("by \"go test -run=Generate -write=all\"")


class TwinIndex:
    """source file -> the files generated from it, per module root, built on first use."""

    def __init__(self) -> None:
        self._roots: dict[Path, dict[Path, list[Twin]]] = {}

    def generated_from(self, source: Path, root: Path) -> list[Twin]:
        index = self._roots.get(root)
        if index is None:
            index = self._roots[root] = _index(root)
        return index.get(source.resolve(), [])


def _index(root: Path) -> dict[Path, list[Twin]]:
    index: dict[Path, list[Twin]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_FOLDERS and not d.startswith((".", "_"))]
        for name in files:
            if not name.endswith(".go"):
                continue
            path = Path(folder) / name
            try:
                with open(path, "rb") as handle:
                    head = handle.read(_HEAD_BYTES)
            except OSError:
                continue
            for source, generator in _sources(head, Path(folder)):
                index.setdefault(source, []).append(Twin(path, generator))
    return index


def _sources(head: bytes, folder: Path) -> list[tuple[Path, str]]:
    """The source files a generated file's header names, resolved from its folder."""
    if b"Code generated" not in head:
        return []
    head = head.split(b"\npackage ", 1)[0]
    header = _HEADER.search(head)
    if header is None:
        return []
    generator = header.group(1).decode("utf-8", "replace").strip().rstrip(";.").strip()
    named = [m.group(1) for m in _SOURCE.finditer(head)] + [m.group(1) for m in _FROM.finditer(header.group(1))]
    out = []
    for raw in named:
        candidate = (folder / raw.decode("utf-8", "replace")).resolve()
        if candidate.is_file():
            out.append((candidate, generator))
    return out
