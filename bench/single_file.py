"""Benchmark: latency of checking one file, as an editor does on every save.

Checks one file of a large package twice through one engine: cold (the
package's other files are read and indexed) and warm (they are cached, only
the edited buffer is parsed again).  Prints milliseconds per check.

    python bench/single_file.py [FILE.go] [--repeat N]

FILE defaults to net/http/server.go of the installed Go toolchain.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from gofixleak import api

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stdlib import goroot_src  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    path = Path(args.file) if args.file else goroot_src() / "net" / "http" / "server.go"
    path = path.resolve()
    session = api.Session(path.parent)  # not static: every check re-validates the disk, like a language server
    src = path.read_bytes()

    started = time.perf_counter()
    report = session.check(path, src, fix=True)
    cold = time.perf_counter() - started

    warm = []
    for i in range(args.repeat):
        edited = src + f"\n// edit {i}\n".encode()  # a new buffer, as after a keystroke and save
        started = time.perf_counter()
        session.check(path, edited, fix=True)
        warm.append(time.perf_counter() - started)
    siblings = len(list(path.parent.glob("*.go")))
    print(f"file:      {path} ({len(src) / 1000:.0f} kB, package of {siblings} files)")
    print(f"findings:  {len(report.findings)}")
    print(f"cold:      {cold * 1000:.0f} ms (reads and indexes the package)")
    median = statistics.median(warm) * 1000
    print(f"warm:      {median:.0f} ms median of {args.repeat} (check + fixes of the edited buffer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
