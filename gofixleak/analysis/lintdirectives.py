"""Other linters' suppression comments that a rule with the same meaning honours.

When maintainers silenced golangci-lint or staticcheck on a line for a check
that says what one of our rules says (staticcheck's SA1015 and GFL005: a
`time.Tick` that leaks), they have already judged that report: repeating it
is noise.  Recognised, as those tools read them:

- golangci-lint: `//nolint` (every linter), `//nolint:all`, or
  `//nolint:staticcheck,gocritic // reason` naming one of the linters given.
  At the end of a line it covers that line; alone on its line it covers the
  whole statement or declaration that starts on the next line.
- staticcheck: `//lint:ignore SA1015 reason` (a comma-separated list of checks,
  `*` wildcards allowed, a reason required) on the line before or at the end
  of the line; `//lint:file-ignore SA1015 reason` anywhere in the file.
"""

from __future__ import annotations

import fnmatch
import re

from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K, Node

_NOLINT = re.compile(r"^//\s?nolint(?::(?P<linters>[\w.,-]+))?(?:\s|$)")
_IGNORE = re.compile(r"^//lint:(?P<kind>ignore|file-ignore)\s+(?P<checks>\S+)\s+\S")


def silenced(view: FileView, offset: int, linters: frozenset[str] | None, checks: frozenset[str] | None) -> bool:
    """Whether a `//nolint` naming one of `linters` (or all) or a staticcheck `//lint:ignore`
    naming one of `checks` covers the finding starting at byte `offset`.  None: any linter, any
    check (a rule about intent, like a defer held in a loop on purpose, takes any reviewed line)."""
    src = view.src
    if b"nolint" not in src and b"lint:" not in src:
        return False
    line = view.line_of(offset)
    for comment in grammar.comments(view.root):
        text = grammar.text(comment)
        nolint = _NOLINT.match(text)
        if nolint is not None:
            named = nolint.group("linters")
            names = {n.strip().lower() for n in named.split(",")} if named else {"all"}
            if (linters is None or "all" in names or names & linters) and _covers(view, comment, offset, line):
                return True
            continue
        ignore = _IGNORE.match(text)
        if ignore is None or not _names_check(ignore.group("checks"), checks):
            continue
        if ignore.group("kind") == "file-ignore":
            return True
        at = view.line_of(comment.start_byte)
        if line == at or (line == at + 1 and _alone_on_line(view, comment)):
            return True
    return False


def _names_check(listed: str, checks: frozenset[str] | None) -> bool:
    if checks is None:
        return True
    patterns = [p.strip() for p in listed.split(",") if p.strip()]
    return any(fnmatch.fnmatchcase(check, pattern) for pattern in patterns for check in checks)


def _alone_on_line(view: FileView, comment: Node) -> bool:
    start = view.line_start(comment.start_byte)
    return not view.src[start : comment.start_byte].strip()


def _covers(view: FileView, comment: Node, offset: int, line: int) -> bool:
    """A `//nolint` at the end of a line covers the line; alone on its line, the outermost
    statement or declaration starting on the next line (golangci-lint's reading)."""
    at = view.line_of(comment.start_byte)
    if not _alone_on_line(view, comment):
        return line == at
    following = _next_code(view, comment.end_byte)
    if following is None:
        return False
    covered = view.root.descendant_for_byte_range(following, following)
    while covered is not None and covered.parent is not None and covered.parent.start_byte == following:
        if covered.parent.type == K.SOURCE_FILE:
            break
        covered = covered.parent
    if covered is None:
        return line == at + 1
    return covered.start_byte <= offset < covered.end_byte or line == at + 1


def _next_code(view: FileView, offset: int) -> int | None:
    """The offset of the first non-blank byte after the end of the line holding `offset`."""
    src = view.src
    end = src.find(b"\n", offset)
    if end < 0:
        return None
    position = end + 1
    while position < len(src) and src[position : position + 1] in (b" ", b"\t", b"\n", b"\r"):
        position += 1
    return position if position < len(src) else None
