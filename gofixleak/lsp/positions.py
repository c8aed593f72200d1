"""Byte offsets (what the engine speaks) to LSP positions and back, in the negotiated encoding.

LSP counts lines ended by "\\n", "\\r\\n" or "\\r", and characters in UTF-8 bytes, UTF-16 code
units or code points (UTF-32), whichever the client and server agreed on.  Sources are UTF-8
bytes; bytes that are not valid UTF-8 count one unit each, so a broken buffer still maps
somewhere sensible.  Pure Python: no LSP library is needed to use or test this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_LINE_END = re.compile(rb"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many units of `encoding` the text takes."""
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogateescape"))
    if encoding == UTF16:
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    return len(text)


class LineIndex:
    """The line starts of one source, for conversions in both directions."""

    def __init__(self, src: bytes):
        self.src = src
        starts = [0]
        if b"\r" in src:
            starts += [m.end() for m in _LINE_END.finditer(src)]
        else:  # the common case, twice as fast without the regex
            find, at = src.find, src.find(b"\n")
            while at >= 0:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
        self.starts = starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def content_end(self, line: int) -> int:
        """Where the line's text ends (before its line ending)."""
        if line + 1 >= len(self.starts):
            return len(self.src)
        end = self.starts[line + 1]
        end -= 2 if self.src[end - 2 : end] == b"\r\n" else 1
        return end

    def position(self, offset: int, encoding: str) -> tuple[int, int]:
        """(line, character) of a byte offset; an offset inside a line ending maps to the line's end."""
        offset = max(0, min(offset, len(self.src)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        offset = min(offset, self.content_end(line))
        if encoding == UTF8:
            return line, offset - start
        return line, units(self.src[start:offset].decode("utf-8", "surrogateescape"), encoding)

    def offset(self, line: int, character: int, encoding: str) -> int:
        """The byte offset of a position.  As LSP says, a character past the line's end means the
        end of the line; a line past the last one means the end of the text.  A position inside a
        character (half a UTF-16 surrogate pair, a byte inside a UTF-8 sequence) goes to its start."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.src)
        start, end = self.starts[line], self.content_end(line)
        character = max(0, character)
        if encoding == UTF8:
            at = min(start + character, end)
            return _character_start(self.src, at, start)
        text = self.src[start:end].decode("utf-8", "surrogateescape")
        taken = 0
        for index, ch in enumerate(text):
            width = 2 if encoding == UTF16 and ord(ch) > 0xFFFF else 1
            if taken + width > character:
                return start + len(text[:index].encode("utf-8", "surrogateescape"))
            taken += width
        return end


def _character_start(src: bytes, at: int, floor: int) -> int:
    """`at`, or the start of the UTF-8 sequence it lies inside (a lead byte at most 3 back)."""
    lead = at
    while lead > floor and at - lead < 3 and at < len(src) and 0x80 <= src[lead] < 0xC0:
        lead -= 1
    return lead if lead < at and src[lead] >= 0xC0 else at
