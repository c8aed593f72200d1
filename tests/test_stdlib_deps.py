"""Fixes inside the Go standard library respect its dependency rules (go/build's TestDependencies).

- the shipped table (gofixleak/semantics/stdlib_deps.py) is what the rules of the installed
  toolchain say (regenerate it with `python tests/depsrules.py` when they change);
- GFL001 copies with `string([]byte(...))` in packages that may not import strings (net,
  syscall), and with strings.Clone where they may;
- slow: every safe GFL001/GFL002 fix applied to the real packages where they fire, in a copy
  of GOROOT, leaves go/build's own TestDependencies passing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import depsrules
import gotool
import pytest
from golden_cases import run_cli

from gofixleak.semantics import stdlib_deps


def test_table_matches_the_installed_toolchain():
    shipped = depsrules.TABLE.read_text()
    assert shipped == depsrules.render(depsrules.goroot()), (
        "gofixleak/semantics/stdlib_deps.py is stale: run python tests/depsrules.py"
    )


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("net", "strings", False),  # the rules keep net below strings
        ("syscall", "strings", False),
        ("os", "strings", False),
        ("internal/godebug", "strings", False),
        ("vendor/golang.org/x/net/dns/dnsmessage", "strings", False),
        ("strings", "strings", False),  # itself
        ("net/http", "strings", True),
        ("go/doc", "strings", True),
        ("os", "slices", True),
        ("example.com/app/internal/x", "strings", True),  # not the standard library
        ("net", "encoding/json", False),  # a package the table does not cover: refused in std
    ],
)
def test_may_import(importer: str, imported: str, allowed: bool):
    assert stdlib_deps.may_import(importer, imported) is allowed


def test_the_parser_reads_chains_lists_and_negative_assertions():
    below, names = depsrules.parse("NONE < a, b < c; # comment\n c < d; a !< e; b < e;")
    reach = depsrules.closure(below)
    assert reach["d"] == {"a", "b", "c"}
    assert reach["e"] == {"b"}
    assert names == {"a", "b", "c", "d", "e"}


SUBSTRING = """package {name}

var table = map[string]int{{}}

func remember(line string) {{
	table[line[:8]] = len(line)
}}

func init() {{ remember(string(make([]byte, 1<<20))) }}
"""


def _std_tree(root: Path, packages: list[str]) -> None:
    """A tree laid out like $GOROOT/src (module std, import paths without a module prefix)."""
    (root / "go.mod").write_text("module std\n\ngo 1.27\n")
    for package in packages:
        folder = root / package
        folder.mkdir(parents=True)
        (folder / "x.go").write_text(SUBSTRING.format(name=package.rsplit("/", 1)[-1]))


def test_gfl001_uses_the_import_free_copy_where_strings_is_forbidden(tmp_path):
    _std_tree(tmp_path, ["net", "syscall", "go/doc"])
    code, out, err = run_cli(["diff", "--select", "GFL001", "./..."], tmp_path)
    assert code == 1, err
    patches = {chunk.split("\n", 1)[0]: chunk for chunk in out.split("--- a/")[1:]}
    for forbidden in ("net/x.go", "syscall/x.go"):
        assert "table[string([]byte(line[:8]))]" in patches[forbidden]
        assert '"strings"' not in patches[forbidden]
    assert "table[strings.Clone(line[:8])]" in patches["go/doc/x.go"]
    assert '+import "strings"' in patches["go/doc/x.go"]


# Packages where GFL001 offers safe fixes in the standard library of Go 1.27, among them net,
# whose fix once made it import strings and broke TestDependencies.
FIXED_PACKAGES = ["net", "go/doc", "crypto/tls", "regexp/syntax", "cmd/link/internal/ld", "cmd/go/internal/vet"]


def _overlay_goroot(real: Path, work: Path, packages: list[str]) -> Path:
    """A GOROOT whose src holds copies of `packages` (their .go files) and links to all else."""
    root = work / "goroot"
    root.mkdir()
    for entry in real.iterdir():
        if entry.name != "src":
            (root / entry.name).symlink_to(entry)
    for package in packages:
        _copy_package(real / "src", root / "src", Path(package))
    return root


def _copy_package(real_src: Path, src: Path, package: Path) -> None:
    """Mirror the path down to `package` as real folders of links, then copy the package's files."""
    current_real, current = real_src, src
    for part in package.parts:
        current.mkdir(exist_ok=True)
        for entry in current_real.iterdir():
            target = current / entry.name
            if entry.name != part and not target.exists() and not target.is_symlink():
                target.symlink_to(entry)
        current_real, current = current_real / part, current / part
        if current.is_symlink():
            current.unlink()
    current.mkdir(exist_ok=True)
    for entry in current_real.iterdir():
        target = current / entry.name
        if target.exists() or target.is_symlink():
            continue
        if entry.is_file():
            shutil.copy2(entry, target)
        else:
            target.symlink_to(entry)


@pytest.mark.slow
def test_safe_fixes_keep_go_build_test_dependencies_passing(tmp_path):
    real = depsrules.goroot()
    goroot = _overlay_goroot(real, tmp_path, FIXED_PACKAGES)
    src = goroot / "src"
    # the copied files only: the package folders' subfolders are links into the real GOROOT
    files = [str(f.relative_to(src)) for p in FIXED_PACKAGES for f in _go_files(src / p)]
    # any_size: the standard library's bases are rarely shown large; what is tested here is that
    # the fixes gofixleak would make keep go/build's dependency rules, whatever the sizes
    sizes = ["--option", "GFL001.any_size", "--option", "GFL002.any_size"]
    code, out, err = run_cli(["fix", "--select", "GFL001,GFL002", *sizes, "--jobs", "1", *files], src)
    assert code in (0, 1), err
    changed = [
        p
        for p in FIXED_PACKAGES
        if any(f.read_bytes() != (real / "src" / p / f.name).read_bytes() for f in _go_files(src / p))
    ]
    assert "net" in changed and len(changed) >= 3, f"expected safe fixes in net and others, fixed: {changed}\n{out}"
    env = {**gotool.go_env(), "GOROOT": str(goroot), "GOFLAGS": ""}
    for step in (["build", *changed], ["test", "-count=1", "-run", "^TestDependencies$", "go/build"]):
        done = _go(goroot, step, env)
        assert done.returncode == 0, f"go {' '.join(step)}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"


def _go_files(folder: Path) -> list[Path]:
    return [f for f in folder.iterdir() if f.suffix == ".go" and f.is_file() and not f.is_symlink()]


def _go(goroot: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """The overlay's own go command (it takes GOROOT from the environment)."""
    go = goroot / "bin" / "go"
    return subprocess.run([str(go), *args], cwd=goroot / "src", env=env, capture_output=True, text=True, timeout=1800)
