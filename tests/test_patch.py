"""Patches are exact, survive CRLF and missing final newlines, and git/patch accept them."""

import shutil
import subprocess

import pytest

from gofixleak.fix.matcher import AnchoredMatcher
from gofixleak.report import patch

CASES = {
    "plain": (b"a\nb\nc\n", b"a\nB\nc\n"),
    "no final newline, changed last line": (b"a\nb\nc", b"a\nb\nC"),
    "no final newline, untouched last line": (b"a\nb\nc", b"A\nb\nc"),
    "newline added at the end": (b"a\nb", b"a\nb\n"),
    "crlf": (b"a\r\nb\r\nc\r\n", b"a\r\nB\r\nx\r\nc\r\n"),
    "lone carriage return inside a line": (b'x := "\r"\ny\n', b'x := "\r"\nz\n'),
    "unicode separators are not line breaks": ("a\u2028b\nc\n".encode(), "a\u2028b\nC\n".encode()),
    "long file, change in the middle": (
        b"".join(b"line %d\n" % i for i in range(100)),
        b"".join(b"line %d\n" % (i if i != 50 else 500) for i in range(100)),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_patch_reapplies_exactly(name):
    old, new = CASES[name]
    text = patch.unified_diff(old, new, "dir/file.go")
    assert text.startswith("--- a/dir/file.go\n+++ b/dir/file.go\n")
    import unidiff

    parsed = unidiff.PatchSet(text)
    assert patch.apply(old.decode(), parsed[0]) == new.decode()


def test_equal_inputs_give_no_patch():
    assert patch.unified_diff(b"x\n", b"x\n", "f.go") == ""


def test_no_newline_marker():
    text = patch.unified_diff(b"a\nb", b"a\nc", "f.go")
    assert "\\ No newline at end of file\n" in text


@pytest.mark.parametrize("tool", ["git", "patch"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_git_apply_and_patch_accept_it(tool, name, tmp_path):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is needed to check patches")
    old, new = CASES[name]
    (tmp_path / "dir").mkdir()
    target = tmp_path / "dir" / "file.go"
    target.write_bytes(old)
    text = patch.unified_diff(old, new, "dir/file.go")
    if tool == "git":
        cmd = ["git", "apply", "-"]
    else:
        cmd = ["patch", "-p1", "--quiet", "--binary"]
    result = subprocess.run(cmd, input=text.encode(), cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stderr.decode() + result.stdout.decode()
    assert target.read_bytes() == new


def test_a_large_file_with_many_changes_among_repeated_lines_diffs_fast():
    """Hundreds of fixes among lines like `}` that repeat: difflib alone is quadratic or worse
    there (minutes); anchoring on unique lines keeps it well under a second."""
    import time

    body = (
        "func W%d(in <-chan int) {\n\tfor {\n\t\tselect {\n\t\tcase <-in:\n"
        "\t\tcase <-%s:\n\t\t\treturn\n\t\t}\n\t}\n}\n\n"
    )
    old = "".join(body % (i, "time.After(d)") for i in range(2000)).encode()
    new = "".join(body % (i, "timer.C") for i in range(2000)).encode()
    start = time.perf_counter()
    text = patch.unified_diff(old, new, "big.go")  # re-applied and checked inside
    assert time.perf_counter() - start < 5
    assert text.count("\n-\t\tcase <-time.After(d):\n") == 2000
    assert text.count("\n@@ ") + text.startswith("@@") == 2000


def test_anchored_matching_agrees_with_difflib_where_both_are_unambiguous():
    import difflib

    old = [f"{i}\n" for i in range(50)] + ["}\n"] * 3 + [f"x{i}\n" for i in range(20)]
    new = old[:10] + ["new\n"] + old[12:40] + ["}\n"] + old[40:]
    matcher = AnchoredMatcher(old, new)
    matcher.SMALL = 0  # anchor even this small input
    ours = matcher.get_opcodes()
    theirs = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    assert ours == theirs
