"""File names as printed: quoted the way git quotes them when they are not plain text.

A name that is not valid UTF-8 (kept by Python as surrogate escapes), or that
holds control characters, a double quote or a backslash, is printed in C
style between double quotes ("caf\\351.go", "a\\nb.go"), exactly as git does
with core.quotePath=false; other names are printed as they are.  Patches use
the same quoting in their headers, which both `git apply` and GNU `patch`
read back, and git's other rule: a header name with a space and no quotes
ends with a tab, so `patch` knows where the name stops.
"""

from __future__ import annotations

import os

_ESCAPES = {0x07: "\\a", 0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r"}


def name_bytes(name: str) -> bytes:
    """The bytes of a file name as the file system holds them."""
    return os.fsencode(name)


def needs_quoting(name: str) -> bool:
    raw = name_bytes(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return any(b < 0x20 or b == 0x7F or b in (0x22, 0x5C) for b in raw)


def c_quote(name: str) -> str:
    """`name` between double quotes with C escapes; non-UTF-8 bytes as octal."""
    raw = name_bytes(name)
    out = ['"']
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte in _ESCAPES:
            out.append(_ESCAPES[byte])
        elif byte in (0x22, 0x5C):
            out.append("\\" + chr(byte))
        elif byte < 0x20 or byte == 0x7F:
            out.append(f"\\{byte:03o}")
        elif byte < 0x80:
            out.append(chr(byte))
        else:
            length = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 1
            chunk = raw[i : i + length]
            try:
                out.append(chunk.decode("utf-8"))
                i += length
                continue
            except UnicodeDecodeError:
                out.append(f"\\{byte:03o}")
        i += 1
    out.append('"')
    return "".join(out)


def shown(name: str) -> str:
    """A file name for people and logs: as it is, or C-quoted when it is not plain text."""
    return c_quote(name) if needs_quoting(name) else name


def patch_header_name(prefix: str, name: str) -> str:
    """`a/name` for a diff header, quoted as git quotes it."""
    full = prefix + name
    return c_quote(full) if needs_quoting(full) else full
