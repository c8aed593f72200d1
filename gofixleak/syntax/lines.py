"""Line numbers of byte offsets, from an index of line starts built once per source.

Counting newlines from the start of the file for every finding is quadratic
in a large file with many findings; the index makes each look-up a bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache


@lru_cache(maxsize=16)
def _line_starts(src: bytes) -> tuple[int, ...]:
    # keyed by the bytes object: its hash is computed once and cached by Python
    starts = [0]
    find = src.find
    at = find(b"\n")
    while at >= 0:
        starts.append(at + 1)
        at = find(b"\n", at + 1)
    return tuple(starts)


def line_of(src: bytes, offset: int) -> int:
    """The 1-based line (lines end at `\\n`) of the byte at `offset`."""
    return bisect_right(_line_starts(src), offset)


def position(src: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in bytes) of `offset`."""
    starts = _line_starts(src)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
