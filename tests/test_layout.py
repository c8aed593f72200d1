"""Comment re-alignment agrees with gofmt on real, gofmt-clean code."""

from pathlib import Path

import gotool
import pytest

from gofixleak import edits, layout, syntax


def stdlib_files(limit: int) -> list[Path]:
    src = Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"
    files = sorted(p for p in src.rglob("*.go") if "testdata" not in p.parts and p.is_file())
    return files[:: max(1, len(files) // limit)]


def test_realigning_gofmt_clean_files_changes_nothing():
    """Re-aligning every run of trailing comments in gofmt output must reproduce gofmt exactly."""
    checked = 0
    for path in stdlib_files(600):
        src = path.read_bytes()
        tree = syntax.parse(src)
        if syntax.error_spans(tree):
            continue
        everything = set(range(src.count(b"\n") + 1))
        assert layout.realign_trailing_comments(src, tree, everything) == [], path
        checked += 1
    assert checked > 300


def gofmt(src: bytes) -> bytes:
    import subprocess

    result = subprocess.run([str(gotool.gofmt_binary())], input=src, capture_output=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


BODY = "\tx := f(a) // one\n\tyy := 2   // two\n\tz := 3    // three\n"


@pytest.mark.parametrize(
    "old, new",
    [
        ("x := f(a) // one", "x := strings.Clone(f(a)) // one"),  # a longer line pushes the run out
        ("// one\n", "// one\n\tdefer stop()\n"),  # a line without a comment splits the run
        ("yy := 2   // two", "yy := 2 + 2 + 2 + 2 + 2 // two"),  # the middle of the run grows
    ],
)
def test_edits_keep_gofmt_alignment(old, new):
    src = f"package p\n\nfunc g() {{\n{BODY}}}\n".encode()
    assert gofmt(src) == src
    rough = src.replace(old.encode(), new.encode(), 1)
    assert rough != src
    tree = syntax.parse(rough)
    out = edits.apply(rough, layout.realign_trailing_comments(rough, tree, layout.changed_lines(src, rough)))
    assert out == gofmt(rough)
