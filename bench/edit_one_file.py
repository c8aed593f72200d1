"""Benchmark: one file edited in a large package, checked again with the cache on.

Copies the standard library to a temporary folder (so the toolchain is never touched), then in
the package (default go/types, 111 files):

- cold: `gofixleak check` of the package with an empty cache;
- warm: the same again, nothing changed;
- edited: one statement added to a function body in one of its files (the function in the
  middle of the largest file by default), then checked again;

and prints wall and CPU time of each, how many files each run answered from the cache, the
ratio edited / cold (the target: at most 0.05), and whether the edited run found exactly what a
run without the cache finds.

    python bench/edit_one_file.py [PACKAGE] [--file NAME] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stdlib import findings, gofixleak, goroot_src, measure  # noqa: E402


def edit(path: Path) -> str:
    """Add a statement at the start of the function in the middle of the file; say which."""
    text = path.read_text()
    functions = [m for m in re.finditer(r"^func .*\{$", text, re.MULTILINE)]
    if not functions:
        raise SystemExit(f"{path}: no function to edit")
    chosen = functions[len(functions) // 2]
    path.write_text(text[: chosen.end()] + "\n\t_ = 0" + text[chosen.end() :])
    return chosen.group(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default="go/types", help="package folder under GOROOT/src")
    parser.add_argument("--file", help="the file to edit (default: the package's largest non-test file)")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="gofixleak-edit-") as tmp:
        root = Path(tmp) / "src"
        print(f"copying {goroot_src()} ...", flush=True)
        shutil.copytree(goroot_src(), root, symlinks=True)
        package = root / args.package
        sources = sorted(p for p in package.glob("*.go") if not p.name.endswith("_test.go"))
        target = package / args.file if args.file else max(sources, key=lambda p: p.stat().st_size)
        cache = ["--cache-dir", str(Path(tmp) / "cache")]
        check = ["check", "--format", "json", "-v", *jobs]
        cold = measure("cold", gofixleak(*check, *cache, f"./{args.package}"), root)
        warm = measure("warm, unchanged", gofixleak(*check, *cache, f"./{args.package}"), root)
        edited_function = edit(target)
        edited = measure("warm, one file edited", gofixleak(*check, *cache, f"./{args.package}"), root)
        fresh = measure("no cache (reference)", gofixleak(*check, "--no-cache", f"./{args.package}"), root)
    print(f"package: {args.package} ({len(sources)} non-test files); edited {target.name}: {edited_function}")
    print(f"\n{'':<24} {'wall':>9} {'CPU':>9}   answered from the cache")
    for run in (cold, warm, edited, fresh):
        reused = re.search(r"gofixleak: (\d+) files answered from the cache", run.err)
        print(f"{run.label:<24} {run.wall:8.2f}s {run.cpu:8.2f}s   {reused.group(1) if reused else '-'}")
    print(f"\nedited / cold: {edited.wall / cold.wall:.3f} wall, {edited.cpu / cold.cpu:.3f} CPU (target: 0.05)")
    same = findings(edited) == findings(fresh)
    print("findings after the edit: " + ("identical to a run without the cache" if same else "DIFFERENT"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
