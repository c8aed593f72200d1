"""Build-and-test check: every fix at every level, applied to real code, must keep it building and passing.

    python bench/fixcheck.py std    [--work DIR] [--max-packages N] [--select CODES] [--paths P ...] [--no-cmd]
    python bench/fixcheck.py module PATH [--work DIR] [--max-packages N] [--select CODES] [--paths P ...]

`std` copies the Go toolchain's own tree (GOROOT: the standard library and
the commands), applies `gofixleak fix --unsafe-fixes` to all of it, then:

1. `go build std cmd` with the patched sources;
2. installs the patched compiler (`go install cmd/compile`) and rebuilds the
   standard library with it (`go build -a std`);
3. runs `go test -short` on every package a fix changed, plus go/build (whose
   TestDependencies enforces the standard library's import rules).

`module PATH` does the same for a Go module whose dependencies are vendored
(the precision harness's docker-cli, containerd, buildkit, loki): a copy is
fixed, `go build ./...` and `go test -short` of the changed packages run with
`-mod=vendor` and no network.

A test that also fails on the unpatched tree is not the fixes' doing and is
listed apart.  For a failure the fixes cause, the script names the hunk: it
re-applies the package's hunks one at a time to the original files and
reruns the step, and prints the first hunk that brings the failure back.
`--paths` limits where fixes are applied (gofixleak patterns such as
`./container/...`, relative to GOROOT/src or the module root); `--no-cmd`
builds and rebuilds only the standard library, not the commands and the
compiler (the in-suite test uses both to stay within minutes).
Exit status: 0 when no failure is caused by a fix, 1 otherwise, 2 on a setup error.
It prints the fixes applied per rule and level, the packages tested and the failures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEST_TIMEOUT = "10m"


@dataclass
class Hunk:
    path: str  # relative to the tree's root
    header: str  # the `@@ ... @@` line
    start: int  # first line of the hunk in the original file
    length: int
    text: str  # the whole hunk, header included

    def describe(self) -> str:
        added = [line[1:].strip() for line in self.text.splitlines()[1:] if line.startswith("+")]
        return f"{self.path}:{self.start}: {' / '.join(added)[:200]}"


@dataclass
class Tree:
    """A copy of the code the fixes go into, and how to build and test it."""

    original: Path  # the untouched tree
    copy: Path  # where the fixes are applied
    run_root: Path  # the folder gofixleak and go run in (GOROOT/src, or the module root)
    go: Path  # the go command
    env: dict[str, str]
    import_prefix: str  # "" for the standard library, the module path otherwise
    build_steps: list[list[str]] = field(default_factory=list)
    extra_packages: list[str] = field(default_factory=list)


def _go_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GOROOT", "GOFLAGS", "GOPATH")}
    env.update({"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOWORK": "off", **extra})
    return env


def _std_tree(work: Path, with_cmd: bool = True) -> Tree:
    go = Path(sys.executable).parent / "go"
    goroot = Path(subprocess.run([str(go), "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip())
    copy = work / "goroot"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(goroot, copy, symlinks=True)
    for path in copy.rglob("*"):  # the installed tree is read-only in places; the copy must be writable
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o200)
    env = _go_env({"PATH": f"{copy / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"})
    return Tree(
        original=goroot / "src",
        copy=copy / "src",
        run_root=copy / "src",
        go=copy / "bin" / "go",
        env=env,
        import_prefix="",
        build_steps=(
            [["build", "std", "cmd"], ["install", "cmd/compile"], ["build", "-a", "std"]]
            if with_cmd
            else [["build", "std"]]
        ),
        extra_packages=["go/build"],
    )


def _module_tree(path: Path, work: Path) -> Tree:
    go = Path(sys.executable).parent / "go"
    # docker/cli keeps its module file as vendor.mod (its build links it to go.mod)
    manifest = next((path / n for n in ("go.mod", "vendor.mod") if (path / n).is_file()), None)
    if manifest is None:
        raise SystemExit(f"fixcheck: {path} has no go.mod")
    module = re.search(rb"^module\s+(\S+)", manifest.read_bytes(), re.M)
    if module is None:
        raise SystemExit(f"fixcheck: {manifest} names no module")
    copy = work / path.name
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(path, copy, symlinks=True)
    if manifest.name == "vendor.mod":
        shutil.copyfile(manifest, copy / "go.mod")
        if (path / "vendor.sum").is_file():
            shutil.copyfile(path / "vendor.sum", copy / "go.sum")
    flags = "-mod=vendor" if (path / "vendor" / "modules.txt").is_file() else ""
    env = _go_env({"GOFLAGS": flags, "CGO_ENABLED": "0"})
    return Tree(path, copy, copy, go, env, module.group(1).decode(), build_steps=[["build", "./..."]])


# --- fixing ------------------------------------------------------------------------------


def _gofixleak(tree: Tree, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gofixleak", *args], cwd=tree.run_root, capture_output=True, text=True, check=False
    )


def apply_fixes(tree: Tree, select: str | None, paths: list[str]) -> Counter:
    """Apply every fix (`fix --unsafe-fixes`); (rule, level) -> the fixes found applicable (the first
    fix of each finding; the fix loop may drop one that overlaps another)."""
    chosen = ["--select", select] if select else []
    done = _gofixleak(tree, ["fix", "--unsafe-fixes", "--format", "json", *chosen, *(paths or ["./..."])])
    if done.returncode not in (0, 1):
        raise SystemExit(f"fixcheck: gofixleak fix failed: {done.stderr.strip()[-500:]}")
    counts: Counter = Counter()
    for finding in json.loads(done.stdout)["findings"]:
        applicable = [f for f in finding["fixes"] if f["safety"] in ("safe", "unsafe")]
        if applicable:
            counts[(finding["rule"], applicable[0]["safety"])] += 1
    return counts


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def hunks(tree: Tree) -> list[Hunk]:
    """The hunks the fixes made, file by file (unified diff of the original against the copy)."""
    out: list[Hunk] = []
    for path in sorted(tree.copy.rglob("*.go")):
        rel = path.relative_to(tree.copy)
        before = tree.original / rel
        if not before.is_file() or before.read_bytes() == path.read_bytes():
            continue
        diff = subprocess.run(
            ["git", "diff", "--no-index", "--no-color", "-U0", str(before), str(path)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        current: list[str] = []
        for line in diff.splitlines():
            match = _HUNK.match(line)
            if match:
                if current:
                    out.append(_hunk(rel.as_posix(), current))
                current = [line]
            elif current:
                current.append(line)
        if current:
            out.append(_hunk(rel.as_posix(), current))
    return out


def _hunk(path: str, lines: list[str]) -> Hunk:
    match = _HUNK.match(lines[0])
    assert match is not None
    start, length = int(match.group(1)), int(match.group(2) or "1")
    return Hunk(path, lines[0], start, length, "\n".join(lines))


def package_of(tree: Tree, rel: str) -> str:
    folder = Path(rel).parent.as_posix()
    if tree.import_prefix:
        return tree.import_prefix if folder == "." else f"{tree.import_prefix}/{folder}"
    return folder


# --- building and testing ---------------------------------------------------------------------


def _go(tree: Tree, args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(tree.go), *args], cwd=cwd or tree.run_root, env=tree.env, capture_output=True, text=True, check=False
    )


def _testable(tree: Tree, package: str) -> bool:
    """A package of this module's build: not testdata or vendor, not inside a nested module."""
    rel = package[len(tree.import_prefix) + 1 :] if tree.import_prefix and package != tree.import_prefix else package
    parts = Path(rel).parts
    if "testdata" in parts or "vendor" in parts or any(p.startswith((".", "_")) for p in parts):
        return False
    if not tree.import_prefix:
        return True  # GOROOT/src: cmd has its own go.mod but builds with the standard library
    nested = [tree.copy.joinpath(*parts[:i]) / "go.mod" for i in range(1, len(parts) + 1)]
    return not any(path.is_file() for path in nested)


def test_packages(tree: Tree, packages: list[str]) -> dict[str, str]:
    """package -> "ok" or the last lines of its failure (`go test -short`, one package at a time
    so that one broken build does not hide the others)."""
    results: dict[str, str] = {}
    for package in packages:
        target = package if not tree.import_prefix else package
        done = _go(tree, ["test", "-short", "-count=1", f"-timeout={TEST_TIMEOUT}", target])
        output = (done.stdout + done.stderr).strip()
        if done.returncode == 0 or "no test files" in output and "FAIL" not in output:
            results[package] = "ok"
        else:
            results[package] = "\n".join(output.splitlines()[-12:])
    return results


def _restore(tree: Tree, rel: str) -> None:
    shutil.copyfile(tree.original / rel, tree.copy / rel)


def _apply_only(tree: Tree, rel: str, chosen: list[Hunk]) -> None:
    """Write the original file with only `chosen` hunks of it applied."""
    lines = (tree.original / rel).read_text().splitlines(keepends=True)
    for hunk in sorted(chosen, key=lambda h: h.start, reverse=True):
        body = hunk.text.splitlines()[1:]
        added = [line[1:] + "\n" for line in body if line.startswith("+")]
        start = hunk.start - 1 if hunk.length else hunk.start  # -U0: a pure insertion names the line before
        lines[start : start + hunk.length] = added
    (tree.copy / rel).write_text("".join(lines))


def blame(tree: Tree, suspects: list[Hunk], fails: callable) -> Hunk | None:  # type: ignore[valid-type]
    """The first hunk that, applied alone to the original tree, makes `fails()` true again."""
    files = sorted({h.path for h in suspects})
    patched = {rel: (tree.copy / rel).read_bytes() for rel in files}
    try:
        for rel in files:
            _restore(tree, rel)
        for hunk in suspects:
            _apply_only(tree, hunk.path, [hunk])
            failing = fails()
            _restore(tree, hunk.path)
            if failing:
                return hunk
        return None
    finally:
        for rel, data in patched.items():
            (tree.copy / rel).write_bytes(data)


# --- the check ----------------------------------------------------------------------------------


def run(tree: Tree, select: str | None, max_packages: int | None, paths: list[str] | None = None) -> int:
    started = time.monotonic()
    counts = apply_fixes(tree, select, paths or [])
    changed = hunks(tree)
    print(f"fixes applied (rule, level): {dict(sorted(counts.items()))}; {sum(counts.values())} in all")
    print(f"{len(changed)} hunks in {len({h.path for h in changed})} files")
    failures = 0
    packages = sorted({package_of(tree, h.path) for h in changed if not h.path.endswith("_test.go")})
    packages = [p for p in packages if _testable(tree, p)]
    for step in tree.build_steps:
        done = _go(tree, step)
        status = "ok" if done.returncode == 0 else "FAIL"
        print(f"go {' '.join(step)}: {status} ({time.monotonic() - started:.0f} s)")
        if done.returncode == 0:
            continue
        output = (done.stdout + done.stderr).strip()
        print("\n".join("    " + line for line in output.splitlines()[-15:]))
        if _fails_without_fixes(tree, changed, step):
            # the tree does not build this way even unpatched (docker/cli's internal/gocompat):
            # build the changed packages one by one instead
            print("    fails without the fixes too (not counted); building the changed packages alone")
            failures += _build_each(tree, changed, packages)
            continue
        failures += 1
        named = _hunks_named_in(tree, changed, output)
        culprit = blame(tree, named or changed, lambda step=step: _go(tree, step).returncode != 0)
        print(f"    caused by: {culprit.describe() if culprit else 'no single hunk'}")
        break
    if max_packages is not None and len(packages) > max_packages:
        print(f"testing {max_packages} of {len(packages)} changed packages (--max-packages)")
        packages = packages[:max_packages]
    packages += [p for p in tree.extra_packages if p not in packages]
    results = test_packages(tree, packages)
    failed = [p for p, r in results.items() if r != "ok"]
    print(f"packages tested: {len(results)}; failed: {len(failed)} ({time.monotonic() - started:.0f} s)")
    for package in failed:
        baseline = _baseline_fails(tree, changed, package)
        if baseline:
            print(f"  {package}: fails without the fixes too (not counted)")
            continue
        failures += 1
        print(f"  {package}: FAIL\n" + "\n".join("    " + line for line in results[package].splitlines()))
        suspects = [h for h in changed if package_of(tree, h.path) == package]
        failing = lambda package=package: test_packages(tree, [package])[package] != "ok"  # noqa: E731
        culprit = blame(tree, suspects, failing) if suspects else None
        # a test of one package may check others (go/build's TestDependencies): the hunks of the
        # packages its output names
        named = [h for h in changed if h not in suspects and _names_package(results[package], package_of(tree, h.path))]
        culprit = culprit or blame(tree, named, failing)
        print(f"    caused by: {culprit.describe() if culprit else 'no single hunk of the package'}")
    print(f"fix-caused failures: {failures} ({time.monotonic() - started:.0f} s)")
    return 1 if failures else 0


def _build_each(tree: Tree, changed: list[Hunk], packages: list[str]) -> int:
    """Build each changed package; count the failures the fixes cause (and blame a hunk)."""
    failures = 0
    for package in packages:
        step = ["build", package]
        done = _go(tree, step)
        if done.returncode == 0:
            continue
        if _fails_without_fixes(tree, changed, step):
            print(f"  go build {package}: fails without the fixes too (not counted)")
            continue
        failures += 1
        output = (done.stdout + done.stderr).strip()
        print(f"  go build {package}: FAIL\n" + "\n".join("    " + line for line in output.splitlines()[-10:]))
        named = _hunks_named_in(tree, changed, output)
        culprit = blame(tree, named or changed, lambda step=step: _go(tree, step).returncode != 0)
        print(f"    caused by: {culprit.describe() if culprit else 'no single hunk'}")
    return failures


def _names_package(output: str, package: str) -> bool:
    return re.search(rf"(?<![\w/.]){re.escape(package)}(?![\w/.])", output) is not None


def _fails_without_fixes(tree: Tree, changed: list[Hunk], step: list[str]) -> bool:
    """Whether the build step fails with every changed file put back as it was."""
    files = sorted({h.path for h in changed})
    patched = {rel: (tree.copy / rel).read_bytes() for rel in files}
    try:
        for rel in files:
            _restore(tree, rel)
        return _go(tree, step).returncode != 0
    finally:
        for rel, data in patched.items():
            (tree.copy / rel).write_bytes(data)


def _hunks_named_in(tree: Tree, changed: list[Hunk], output: str) -> list[Hunk]:
    """The hunks of the files a build error names."""
    named = {h for h in {h.path for h in changed} if Path(h).name in output}
    return [h for h in changed if h.path in named]


def _baseline_fails(tree: Tree, changed: list[Hunk], package: str) -> bool:
    """Whether the package's tests fail with every changed file put back as it was (a test may
    read other packages: go/build's TestDependencies checks the imports of the whole tree)."""
    files = sorted({h.path for h in changed})
    patched = {rel: (tree.copy / rel).read_bytes() for rel in files}
    try:
        for rel in files:
            _restore(tree, rel)
        return test_packages(tree, [package])[package] != "ok"
    finally:
        for rel, data in patched.items():
            (tree.copy / rel).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("std", "module"):
        command = sub.add_parser(name)
        if name == "module":
            command.add_argument("path", type=Path)
        command.add_argument("--work", type=Path, default=None, help="folder for the patched copy")
        command.add_argument("--max-packages", type=int, default=None, help="test at most N changed packages")
        command.add_argument("--select", default=None, help="only these rules' fixes")
        command.add_argument("--paths", nargs="*", default=None, help="where to apply fixes (default ./...)")
        if name == "std":
            command.add_argument("--no-cmd", action="store_true", help="build and test the standard library only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gofixleak-fixcheck-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        tree = _std_tree(work, not args.no_cmd) if args.command == "std" else _module_tree(args.path.resolve(), work)
        return run(tree, args.select, args.max_packages, args.paths)


if __name__ == "__main__":
    sys.exit(main())
