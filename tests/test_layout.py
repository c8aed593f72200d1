"""Comment re-alignment agrees with gofmt on real, gofmt-clean code."""

from pathlib import Path

import gotool
import pytest

from gofixleak.fix import edits, layout
from gofixleak.syntax import grammar


def stdlib_files(limit: int) -> list[Path]:
    src = Path(gotool.run_go(["env", "GOROOT"], cwd=Path.cwd()).stdout.strip()) / "src"
    files = sorted(p for p in src.rglob("*.go") if "testdata" not in p.parts and p.is_file())
    return files[:: max(1, len(files) // limit)]


@pytest.mark.slow
def test_realigning_gofmt_clean_files_changes_nothing():
    """Re-aligning every run of trailing comments in gofmt output must reproduce gofmt exactly."""
    checked = 0
    for path in stdlib_files(600):
        src = path.read_bytes()
        tree = grammar.parse(src)
        if grammar.error_spans(tree):
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
    tree = grammar.parse(rough)
    out = edits.apply(rough, layout.realign_trailing_comments(rough, tree, layout.changed_lines(src, rough)))
    assert out == gofmt(rough)


LITERAL = """package p

func g(line string, f func(func())) *T {
	f(func() {
		x := line[:1] // one
		yy := 2       // two
		_, _ = x, yy
	})
	return &T{
		Key:      line[:8],  // the key
		Value:    line[9:],  // the value
		Priority: len(line), // how important

		Other: 1, // another section
	}
}
"""


@pytest.mark.parametrize(
    "old, new",
    [
        ("x := line[:1] // one", "x := clone(line[:1]) // one"),  # a statement of a func literal in a call
        ("line[:8],  // the key", "clone(line[:8]),  // the key"),  # a literal's value grows
        ("len(line), // how", "len(line) + len(line), // how"),  # the last value of the section grows
        ("Other: 1,", "Other: clone(line),"),  # a blank line starts a new section
    ],
)
def test_edits_keep_gofmt_alignment_in_literals_and_func_literals(old, new):
    src = LITERAL.encode()
    assert gofmt(src) == src
    rough = src.replace(old.encode(), new.encode(), 1)
    assert rough != src
    tree = grammar.parse(rough)
    out = edits.apply(rough, layout.realign_trailing_comments(rough, tree, layout.changed_lines(src, rough)))
    assert out == gofmt(rough)
