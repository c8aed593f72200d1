"""What a fix is (byte-offset edits, imports, a safety level); applying edits, choosing fixes that fit together."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from gofixleak.fix.matcher import AnchoredMatcher


class Safety(StrEnum):
    """How much a fix can be trusted; ordered from most to least."""

    SAFE = "safe"  # applied by `fix`, fix-all and the bot
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes
    SUGGESTION = "suggestion"  # shown, never applied

    @property
    def rank(self) -> int:
        return {"safe": 0, "unsafe": 1, "suggestion": 2}[self.value]

    def allows(self, fix_safety: Safety) -> bool:
        """True when a fix of `fix_safety` may be applied at this level of trust."""
        return fix_safety.rank <= self.rank and fix_safety is not Safety.SUGGESTION


@dataclass(frozen=True)
class Edit:
    """Replace bytes [start, end) of the source with `text`."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit range {self.start}..{self.end}")


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    safety: Safety = Safety.SAFE
    imports: tuple[str, ...] = ()  # import paths the edits rely on, added when missing

    @property
    def span(self) -> tuple[int, int]:
        return min(e.start for e in self.edits), max(e.end for e in self.edits)


class EditConflict(ValueError):
    pass


def conflicts(a: Edit, b: Edit) -> bool:
    """Two edits conflict when their ranges overlap, or both insert at the same point."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start and a.text != b.text
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def fixes_conflict(a: Fix, b: Fix) -> bool:
    return any(conflicts(x, y) for x in a.edits for y in b.edits)


def select_compatible(fixes: Iterable[Fix]) -> list[Fix]:
    """Greedily keep fixes, in order, that do not conflict with the ones already kept."""
    kept: list[Fix] = []
    for fix in fixes:
        if not any(fixes_conflict(fix, other) for other in kept):
            kept.append(fix)
    return kept


def apply(src: bytes, edits: Iterable[Edit], newline: str = "\n") -> bytes:
    """Apply non-conflicting edits; `newline` replaces "\\n" in inserted text (CRLF files)."""
    ordered = sorted({_outside_crlf(src, e) for e in edits}, key=lambda e: (e.start, e.end))
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        if conflicts(prev, cur):
            raise EditConflict(f"edits overlap at bytes {cur.start}..{prev.end}")
    if ordered and ordered[-1].end > len(src):
        raise EditConflict("edit past the end of the file")
    out = []
    pos = 0
    for edit in ordered:
        out.append(src[pos : edit.start])
        text = edit.text
        if newline != "\n":
            text = text.replace("\r\n", "\n").replace("\n", newline)
        out.append(text.encode("utf-8"))
        pos = edit.end
    out.append(src[pos:])
    return b"".join(out)


def _outside_crlf(src: bytes, edit: Edit) -> Edit:
    """Rules find a line's end at its LF; in a CRLF file that is inside the line end, so an
    edit starting or ending there is moved before the CR and the CRLF stays whole."""

    def before_cr(offset: int) -> int:
        return offset - 1 if 0 < offset < len(src) and src[offset - 1 : offset + 1] == b"\r\n" else offset

    start, end = before_cr(edit.start), before_cr(edit.end)
    return edit if (start, end) == (edit.start, edit.end) else Edit(start, end, edit.text)


def touches(edit: Edit, spans: Iterable[tuple[int, int]]) -> bool:
    """True when the edit overlaps (or inserts inside) one of the byte spans."""
    for start, end in spans:
        if edit.start == edit.end:
            if start <= edit.start <= end:
                return True
        elif edit.start < end and start < edit.end:
            return True
    return False


_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")


def between(old: bytes, new: bytes) -> list[Edit]:
    """Edits in `old`'s offsets (ascending, non-overlapping) that turn `old` into `new`: the
    line diff's changed blocks, each trimmed to the bytes that differ.  An edit never splits a
    UTF-8 character or a CRLF, so each maps to an editor's positions exactly."""
    if old == new:
        return []
    a, b = _LINE.findall(old), _LINE.findall(new)
    a_at, b_at = _starts(a), _starts(b)
    out = []
    for tag, i1, i2, j1, j2 in AnchoredMatcher(a, b).get_opcodes():
        if tag == "equal":
            continue
        start, end, new_start, new_end = a_at[i1], a_at[i2], b_at[j1], b_at[j2]
        head = 0
        limit = min(end - start, new_end - new_start)
        while head < limit and old[start + head] == new[new_start + head]:
            head += 1
        while head and not _boundary(old, start + head):
            head -= 1
        tail = 0
        limit -= head
        while tail < limit and old[end - 1 - tail] == new[new_end - 1 - tail]:
            tail += 1
        while tail and not _boundary(old, end - tail):
            tail -= 1
        text = new[new_start + head : new_end - tail].decode("utf-8")
        out.append(Edit(start + head, end - tail, text))
    return out


def _starts(lines: list[bytes]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def _boundary(src: bytes, offset: int) -> bool:
    """True when `offset` is between characters and not inside a CRLF."""
    if 0 < offset < len(src):
        if 0x80 <= src[offset] < 0xC0:  # a UTF-8 continuation byte
            return False
        if src[offset - 1 : offset + 1] == b"\r\n":
            return False
    return True
