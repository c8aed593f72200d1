"""A line matcher for diffs of large files (used by the patch writer and the comment realigner)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


class AnchoredMatcher(difflib.SequenceMatcher):
    """difflib's matcher, first split at lines that occur once in each side (in the same order,
    as patience diff does), so that a large file with many fixes among many repeated lines
    (`}`, `return err`) is not diffed as one quadratic whole; the gaps go to difflib.  Small
    inputs go to difflib whole, so their hunks are exactly difflib's."""

    SMALL = 3000  # lines on both sides together

    def __init__(self, a: Sequence[str | bytes], b: Sequence[str | bytes]):
        super().__init__(None, a, b, autojunk=False)
        self.lines_a, self.lines_b = a, b  # typed copies of difflib's a and b (one matcher per diff)
        self._anchored: list[difflib.Match] | None = None

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self._anchored is not None:
            return self._anchored
        a, b = self.lines_a, self.lines_b
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
        self._anchored = [difflib.Match(*m) for m in merged]
        return self._anchored

    def _match(self, alo: int, ahi: int, blo: int, bhi: int, out: list[tuple[int, int, int]]) -> None:
        a, b = self.lines_a, self.lines_b
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


def _unique_common(
    a: Sequence[str | bytes], alo: int, ahi: int, b: Sequence[str | bytes], blo: int, bhi: int
) -> list[tuple[int, int]]:
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
