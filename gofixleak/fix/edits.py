"""Applying byte-offset edits, and choosing fixes that can be applied together."""

from __future__ import annotations

from collections.abc import Iterable

from gofixleak.engine.rule import Edit, Fix


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
