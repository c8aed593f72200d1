"""Unified diffs that `git apply` and `patch -p1` accept.

File names in the headers are quoted as git quotes them (driver.paths), so a
name with spaces, quotes, newlines or bytes that are not UTF-8 still patches.

Diffs are built with difflib (after anchoring on lines unique to both sides,
which keeps large files fast) over lines split on "\\n" only (so CRLF line
endings and odd Unicode separators survive), mark a missing final newline
the way diff(1) does, and are parsed back with unidiff and re-applied before
they are printed: a patch that would not reproduce the fixed file is a bug,
never output.
"""

from __future__ import annotations

import re

import unidiff
from unidiff.constants import (
    LINE_TYPE_ADDED,
    LINE_TYPE_CONTEXT,
    LINE_TYPE_NO_NEWLINE,
    LINE_TYPE_REMOVED,
)

from gofixleak.driver import paths
from gofixleak.fix.matcher import AnchoredMatcher

NO_NEWLINE = "\\ No newline at end of file\n"


class PatchError(RuntimeError):
    pass


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split on "\\n" only."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def unified_diff(old: bytes, new: bytes, display_path: str, context: int = 3) -> str:
    """The patch turning `old` into `new`, with a/ and b/ paths; "" when they are equal."""
    if old == new:
        return ""
    old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
    # A file outside the working directory is displayed absolute; like `git diff
    # --no-index`, its header drops the leading slash (a/tmp/x.go), which `git apply`
    # and `patch -p1` accept when run from the filesystem root.
    header_path = display_path.lstrip("/")
    from_file, to_file = paths.patch_header_name("a/", header_path), paths.patch_header_name("b/", header_path)
    if " " in header_path and not from_file.startswith('"'):
        # as git writes it: a tab ends a name with spaces, so GNU patch reads the whole name
        from_file, to_file = from_file + "\t", to_file + "\t"
    out = []
    for line in _unified(split_lines(old_text), split_lines(new_text), from_file, to_file, context):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    text = "".join(out)
    check(text, old_text, new_text)
    return text


def _range(start: int, length: int) -> str:
    """A hunk range as unified diffs write it (`3,4`, `3` for one line, `2,0` for none)."""
    first = start + 1
    if length == 1:
        return str(first)
    if not length:
        first -= 1
    return f"{first},{length}"


def _unified(a: list[str], b: list[str], from_file: str, to_file: str, context: int):
    started = False
    for group in AnchoredMatcher(a, b).get_grouped_opcodes(context):
        if not started:
            started = True
            yield f"--- {from_file}\n"
            yield f"+++ {to_file}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2] - first[1])} +{_range(first[3], last[4] - first[3])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield " " + line
                continue
            if tag in ("replace", "delete"):
                for line in a[i1:i2]:
                    yield "-" + line
            if tag in ("replace", "insert"):
                for line in b[j1:j2]:
                    yield "+" + line


def check(patch_text: str, old_text: str, new_text: str) -> None:
    """Parse the patch back and re-apply it; raise PatchError unless it reproduces `new_text`."""
    try:
        patch_set = unidiff.PatchSet(patch_text)
    except unidiff.UnidiffParseError as err:
        raise PatchError(f"generated patch does not parse: {err}") from err
    if len(patch_set) != 1:
        raise PatchError("generated patch should touch exactly one file")
    if apply(old_text, patch_set[0]) != new_text:
        raise PatchError("generated patch does not reproduce the fixed file")


def apply(old_text: str, patched_file: unidiff.PatchedFile) -> str:
    """Apply one file's hunks (as parsed by unidiff) to `old_text`."""
    old_lines = split_lines(old_text)
    out: list[str] = []
    pos = 0  # index into old_lines
    for hunk in patched_file:
        start = max(hunk.source_start - 1, 0) if hunk.source_length else hunk.source_start
        if start < pos:
            raise PatchError("hunks overlap")
        out.extend(old_lines[pos:start])
        pos = start
        lines = list(hunk)
        for i, line in enumerate(lines):
            if line.line_type == LINE_TYPE_NO_NEWLINE:
                continue
            value = line.value
            if i + 1 < len(lines) and lines[i + 1].line_type == LINE_TYPE_NO_NEWLINE:
                value = value[:-1] if value.endswith("\n") else value
            if line.line_type == LINE_TYPE_CONTEXT:
                if pos >= len(old_lines) or old_lines[pos] != value:
                    raise PatchError(f"context mismatch at line {pos + 1}")
                out.append(value)
                pos += 1
            elif line.line_type == LINE_TYPE_REMOVED:
                if pos >= len(old_lines) or old_lines[pos] != value:
                    raise PatchError(f"removed line mismatch at line {pos + 1}")
                pos += 1
            elif line.line_type == LINE_TYPE_ADDED:
                out.append(value)
    out.extend(old_lines[pos:])
    return "".join(out)
