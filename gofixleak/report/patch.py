"""Unified diffs that `git apply` and `patch -p1` accept.

Diffs are built with difflib (after anchoring on lines unique to both sides,
which keeps large files fast) over lines split on "\\n" only (so CRLF line
endings and odd Unicode separators survive), mark a missing final newline
the way diff(1) does, and are parsed back with unidiff and re-applied before
they are printed: a patch that would not reproduce the fixed file is a bug,
never output.
"""

from __future__ import annotations

import difflib
import re

import unidiff
from unidiff.constants import (
    LINE_TYPE_ADDED,
    LINE_TYPE_CONTEXT,
    LINE_TYPE_NO_NEWLINE,
    LINE_TYPE_REMOVED,
)

NO_NEWLINE = "\\ No newline at end of file\n"


class PatchError(RuntimeError):
    pass


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split on "\\n" only."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def unified_diff(old: bytes, new: bytes, display_path: str, context: int = 3) -> str:
    """The patch turning `old` into `new`, with a/ and b/ paths; "" when they are equal."""
    if old == new:
        return ""
    old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
    # A file outside the working directory is displayed absolute; like `git diff
    # --no-index`, its header drops the leading slash (a/tmp/x.go), which `git apply`
    # and `patch -p1` accept when run from the filesystem root.
    header_path = display_path.lstrip("/")
    out = []
    for line in _unified(split_lines(old_text), split_lines(new_text), f"a/{header_path}", f"b/{header_path}", context):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    text = "".join(out)
    check(text, old_text, new_text)
    return text


class AnchoredMatcher(difflib.SequenceMatcher):
    """difflib's matcher, first split at lines that occur once in each side (in the same order,
    as patience diff does), so that a large file with many fixes among many repeated lines
    (`}`, `return err`) is not diffed as one quadratic whole; the gaps go to difflib.  Small
    inputs go to difflib whole, so their hunks are exactly difflib's."""

    SMALL = 3000  # lines on both sides together

    def __init__(self, a: list, b: list):
        super().__init__(None, a, b, autojunk=False)

    def get_matching_blocks(self):
        if self.matching_blocks is not None:
            return self.matching_blocks
        a, b = self.a, self.b
        if len(a) + len(b) <= self.SMALL:
            return super().get_matching_blocks()
        blocks: list[tuple[int, int, int]] = []
        self._match(0, len(a), 0, len(b), blocks)
        blocks.sort()
        merged: list[tuple[int, int, int]] = []
        for i, j, n in blocks:  # adjacent blocks become one, as difflib reports them
            if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
                pi, pj, pn = merged[-1]
                merged[-1] = (pi, pj, pn + n)
            elif n:
                merged.append((i, j, n))
        merged.append((len(a), len(b), 0))
        self.matching_blocks = [difflib.Match(*m) for m in merged]
        return self.matching_blocks

    def _match(self, alo: int, ahi: int, blo: int, bhi: int, out: list) -> None:
        a, b = self.a, self.b
        start = 0  # the common head and tail match as they are
        while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
            start += 1
        if start:
            out.append((alo, blo, start))
            alo, blo = alo + start, blo + start
        end = 0
        while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
            end += 1
        if end:
            out.append((ahi - end, bhi - end, end))
            ahi, bhi = ahi - end, bhi - end
        if alo >= ahi or blo >= bhi:
            return
        anchors = _unique_common(a, alo, ahi, b, blo, bhi)
        if not anchors:
            inner = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in inner.get_matching_blocks() if n)
            return
        for i, j in anchors:
            self._match(alo, i, blo, j, out)
            out.append((i, j, 1))
            alo, blo = i + 1, j + 1
        self._match(alo, ahi, blo, bhi, out)


def _unique_common(a: list, alo: int, ahi: int, b: list, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Pairs (i, j) of lines that occur exactly once in a[alo:ahi] and in b[blo:bhi], the longest
    run of them in the same order on both sides (patience sorting)."""
    count_a: dict = {}
    where_a: dict = {}
    for i in range(alo, ahi):
        count_a[a[i]] = count_a.get(a[i], 0) + 1
        where_a[a[i]] = i
    count_b: dict = {}
    where_b: dict = {}
    for j in range(blo, bhi):
        count_b[b[j]] = count_b.get(b[j], 0) + 1
        where_b[b[j]] = j
    pairs = sorted((where_a[line], where_b[line]) for line, n in count_b.items() if n == 1 and count_a.get(line) == 1)
    if not pairs:
        return []
    # longest increasing subsequence of the b positions
    tails: list[int] = []  # index into pairs of the smallest tail of each length
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if pairs[tails[mid]][1] < j:
                low = mid + 1
            else:
                high = mid
        if low:
            previous[k] = tails[low - 1]
        if low == len(tails):
            tails.append(k)
        else:
            tails[low] = k
    chain = []
    k = tails[-1]
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _range(start: int, length: int) -> str:
    """A hunk range as unified diffs write it (`3,4`, `3` for one line, `2,0` for none)."""
    first = start + 1
    if length == 1:
        return str(first)
    if not length:
        first -= 1
    return f"{first},{length}"


def _unified(a: list[str], b: list[str], from_file: str, to_file: str, context: int):
    started = False
    for group in AnchoredMatcher(a, b).get_grouped_opcodes(context):
        if not started:
            started = True
            yield f"--- {from_file}\n"
            yield f"+++ {to_file}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield " " + line
                continue
            if tag in ("replace", "delete"):
                for line in a[i1:i2]:
                    yield "-" + line
            if tag in ("replace", "insert"):
                for line in b[j1:j2]:
                    yield "+" + line


def check(patch_text: str, old_text: str, new_text: str) -> None:
    """Parse the patch back and re-apply it; raise PatchError unless it reproduces `new_text`."""
    try:
        patch_set = unidiff.PatchSet(patch_text)
    except unidiff.UnidiffParseError as err:
        raise PatchError(f"generated patch does not parse: {err}") from err
    if len(patch_set) != 1:
        raise PatchError("generated patch should touch exactly one file")
    if apply(old_text, patch_set[0]) != new_text:
        raise PatchError("generated patch does not reproduce the fixed file")


def apply(old_text: str, patched_file: unidiff.PatchedFile) -> str:
    """Apply one file's hunks (as parsed by unidiff) to `old_text`."""
    old_lines = split_lines(old_text)
    out: list[str] = []
    pos = 0  # index into old_lines
    for hunk in patched_file:
        start = max(hunk.source_start - 1, 0) if hunk.source_length else hunk.source_start
        if start < pos:
            raise PatchError("hunks overlap")
        out.extend(old_lines[pos:start])
        pos = start
        lines = list(hunk)
        for i, line in enumerate(lines):
            if line.line_type == LINE_TYPE_NO_NEWLINE:
                continue
            value = line.value
            if i + 1 < len(lines) and lines[i + 1].line_type == LINE_TYPE_NO_NEWLINE:
                value = value[:-1] if value.endswith("\n") else value
            if line.line_type == LINE_TYPE_CONTEXT:
                if pos >= len(old_lines) or old_lines[pos] != value:
                    raise PatchError(f"context mismatch at line {pos + 1}")
                out.append(value)
                pos += 1
            elif line.line_type == LINE_TYPE_REMOVED:
                if pos >= len(old_lines) or old_lines[pos] != value:
                    raise PatchError(f"removed line mismatch at line {pos + 1}")
                pos += 1
            elif line.line_type == LINE_TYPE_ADDED:
                out.append(value)
    out.extend(old_lines[pos:])
    return "".join(out)
