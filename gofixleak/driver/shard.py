"""Splitting one run into N shards by package folder (`--shard K/N`), for a CI matrix.

Every shard of a run computes the same assignment from the same expanded
files, so the N shards together cover every file exactly once.  Whole
folders (Go packages) go to one shard, so a package's files are analysed
together and its siblings are parsed once.  Folders are dealt out largest
first to the least loaded shard (by bytes of Go source), which keeps shards
close in size however uneven the packages are; ties break on the folder's
path relative to the run's root, never on where the checkout lives.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse(text: str) -> tuple[int, int]:
    """`K/N` as (K, N); raise ValueError unless 1 <= K <= N."""
    match = _SHARD.match(text)
    if not match:
        raise ValueError(f"--shard wants K/N, like 1/4, not {text!r}")
    k, n = int(match.group(1)), int(match.group(2))
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"--shard {text}: K must be between 1 and N (N at least 1)")
    return k, n


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def assign(files: Sequence[Path], shards: int, root: Path) -> dict[Path, int]:
    """Each file's shard (1-based): its folder's."""
    folders: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        folder = os.path.dirname(os.path.abspath(path))
        folders[os.path.relpath(folder, root).replace(os.sep, "/")].append(path)
    weights = {name: sum(_size(p) for p in paths) for name, paths in folders.items()}
    loads = [0] * shards
    out: dict[Path, int] = {}
    for name in sorted(folders, key=lambda n: (-weights[n], n)):
        shard = min(range(shards), key=lambda i: (loads[i], i))
        loads[shard] += weights[name]
        for path in folders[name]:
            out[path] = shard + 1
    return out


def select(files: Sequence[Path], shard: tuple[int, int], root: Path) -> list[Path]:
    """The files of shard K of N, in their original order."""
    k, n = shard
    owners = assign(files, n, root)
    return [p for p in files if owners[p] == k]
