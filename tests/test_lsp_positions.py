"""The server's byte-offset ↔ LSP-position conversion against the tests' own, independent one, on
random text with every kind of line ending and characters of every UTF-8 and UTF-16 width."""

from __future__ import annotations

import random

import lsp_client as h
import pytest

from gofixleak.lsp.documents import Documents, encode
from gofixleak.lsp.positions import ENCODINGS, LineIndex

PIECES = ["a", "\t", "é", "日", "😀", "👋🏽", "\n", "\r\n", "\r", "\x0c", "\u2028", '"']


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(count)]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_of_every_character_match_an_independent_count(encoding):
    for text in _texts(300, 1):
        src = text.encode()
        index = LineIndex(src)
        at = 0
        for i, ch in enumerate(text + "\0"):
            if not (text[i - 1 : i + 1] == "\r\n"):  # between CR and LF is no position
                expected = h.position(text, i, encoding)
                assert index.position(at, encoding) == (expected.line, expected.character), (text, i)
                assert index.offset(expected.line, expected.character, encoding) == at, (text, i)
            at += len(ch.encode())


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_past_the_end_or_inside_a_character_are_clamped(encoding):
    index = LineIndex("ab😀c\r\nd".encode())
    assert index.offset(0, 99, encoding) == len("ab😀c".encode())  # past the line: its end
    assert index.offset(9, 0, encoding) == len("ab😀c\r\nd".encode())  # past the last line: the end
    assert index.offset(-1, 5, encoding) == 0
    if encoding != "utf-32":  # a unit inside the emoji (a byte of it, half its surrogate pair): its start
        assert index.offset(0, 3, encoding) == 2
    assert index.position(len("ab😀c\r".encode()), encoding) == index.position(len("ab😀c".encode()), encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_incremental_changes_give_the_same_text_as_an_editor(encoding):
    rng = random.Random(2)
    docs = Documents()
    for n, text in enumerate(_texts(200, 3)):
        uri = f"file:///tmp/doc{n}.go"
        docs.open(uri, 1, text, "go")
        for version in range(2, 6):
            a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
            while 0 < a < len(text) and text[a - 1 : a + 1] == "\r\n":
                a -= 1
            while 0 < b < len(text) and text[b - 1 : b + 1] == "\r\n":
                b += 1
            new = rng.choice(PIECES) * rng.randint(0, 2)
            start, end = h.position(text, a, encoding), h.position(text, b, encoding)
            text = text[:a] + new + text[b:]
            where = (start.line, start.character, end.line, end.character)
            doc = docs.change(uri, version, [(where, new)], encoding)
            assert doc is not None and doc.src == text.encode() and doc.version == version
        assert docs.buffers[f"/tmp/doc{n}.go"] == text.encode()


def test_bytes_that_were_invalid_utf8_on_the_wire_come_back():
    assert encode("ok \udcff\udcfe") == b"ok \xff\xfe"
    assert encode("lone \ud800") == b"lone \xed\xa0\x80"  # still not UTF-8: the engine says so
