"""Where each key of a TOML document is written: the line of every key path.

`tomllib` parses but keeps no positions, and a configuration error must name
the line of the key at fault.  This scanner walks a document that `tomllib`
has already accepted and records the line on which each key path (table
headers, dotted keys, keys inside inline tables) is written.  It tracks
strings (basic, literal, multi-line), comments, arrays and inline tables, so
text inside a value never looks like a key.
"""

from __future__ import annotations

import re

KeyPath = tuple[str, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}

    # --- characters --------------------------------------------------------------

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def skip_blank(self, newlines: bool) -> None:
        """Spaces, tabs, comments and (when `newlines`) line breaks."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance()
            elif char == "#":
                while self.pos < len(self.text) and self.peek() != "\n":
                    self.advance()
            else:
                return

    # --- keys --------------------------------------------------------------------

    def record(self, key: KeyPath, known: int, line: int) -> None:
        """The line of a key and of the tables its dotted parts define (`a.b = 1` defines `a`)."""
        for end in range(known + 1, len(key) + 1):
            self.lines.setdefault(key[:end], line)

    def key(self) -> KeyPath:
        """A dotted key: bare, "basic" or 'literal' parts."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.string())
            else:
                match = _BARE.match(self.text, self.pos)
                if not match:
                    break
                parts.append(match.group())
                self.advance(len(match.group()))
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                break
            self.advance()
        return tuple(parts)

    def string(self) -> str:
        """A string of any of the four kinds; returns its value (escapes decoded for basic strings)."""
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            self.advance(3)
            end = self.text.find(quote * 3, self.pos)
            end = len(self.text) if end < 0 else end
            # a multi-line string may end with up to two more quotes before the closing three
            while self.text.startswith(quote, end + 3):
                end += 1
            value = self.text[self.pos : end]
            self.advance(end - self.pos + 3)
            return value
        self.advance()
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.peek()
            if char == quote:
                self.advance()
                break
            if char == "\\" and quote == '"':
                following = self.peek(1)
                if following in _ESCAPES:
                    out.append(_ESCAPES[following])
                    self.advance(2)
                    continue
                if following in "uU":
                    width = 4 if following == "u" else 8
                    digits = self.text[self.pos + 2 : self.pos + 2 + width]
                    try:
                        out.append(chr(int(digits, 16)))
                    except ValueError:
                        out.append(digits)
                    self.advance(2 + width)
                    continue
            out.append(char)
            self.advance()
        return "".join(out)

    # --- values ------------------------------------------------------------------

    def value(self, path: KeyPath) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:  # numbers, booleans, dates: up to the end of the value
            while self.pos < len(self.text) and self.peek() not in ",]}\n#":
                self.advance()

    def array(self, path: KeyPath) -> None:
        self.advance()  # [
        index = 0
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.advance()
                return
            self.value((*path, str(index)))
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()

    def inline_table(self, path: KeyPath) -> None:
        self.advance()  # {
        while self.pos < len(self.text):
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.advance()
                return
            line = self.line
            key = (*path, *self.key())
            self.record(key, len(path), line)
            self.skip_blank(newlines=False)
            if self.peek() == "=":
                self.advance()
            self.value(key)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance()
            elif self.peek() != "}":
                self.advance()  # not valid TOML; keep moving rather than loop

    # --- the document --------------------------------------------------------------

    def document(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            line = self.line
            if self.peek() == "[":
                double = self.peek(1) == "["
                self.advance(2 if double else 1)
                table = self.key()
                self.lines.setdefault(table, line)
                self.advance(2 if double else 1)
                continue
            start = self.pos
            key = (*table, *self.key())
            self.record(key, len(table), line)
            self.skip_blank(newlines=False)
            if self.peek() == "=":
                self.advance()
                self.value(key)
            if self.pos == start:
                self.advance()  # not valid TOML; keep moving rather than loop


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line of every key path written in a TOML document (table headers included;
    `a.b = 1` records `a` and `a.b`)."""
    return _Scanner(text).document()


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest written ancestor (a key inside a table written
    elsewhere still points at the right place)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
