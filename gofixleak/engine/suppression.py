"""Suppression comments: `//gofixleak:ignore GFL001 <reason>`.

A suppression applies to findings that start on its own line or on the line
below it (when the comment stands alone on its line).  Several rules may be
listed, separated by commas; `all` matches every rule.  A suppression must say
why: one without a reason does not suppress and is reported (GFL000), as is
one naming a rule that does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gofixleak.fix.edits import Edit
from gofixleak.syntax import grammar, lines
from gofixleak.syntax.grammar import Tree

DIRECTIVE = "gofixleak:ignore"
META_RULE = "GFL000"  # findings about suppressions themselves

_PATTERN = re.compile(r"^//\s*gofixleak:ignore(?:\s+(?P<codes>[^\s]+))?(?:\s+(?P<reason>.*\S))?\s*$")


@dataclass(frozen=True)
class Suppression:
    line: int  # 1-based line the comment is on
    own_line: bool  # the comment is alone on its line (so it covers the next line too)
    codes: frozenset[str]
    reason: str
    start: int
    end: int

    def covers(self, rule_id: str, rule_name: str, line: int) -> bool:
        if not self.reason:
            return False
        if line != self.line and not (self.own_line and line == self.line + 1):
            return False
        return "all" in self.codes or rule_id in self.codes or rule_name in self.codes


@dataclass(frozen=True)
class Problem:
    start: int
    end: int
    message: str


def find(src: bytes, tree: Tree) -> list[Suppression]:
    if DIRECTIVE.encode() not in src:
        return []
    out = []
    for comment in grammar.comments(tree.root_node):
        text = grammar.text(comment)
        match = _PATTERN.match(text)
        if not match:
            continue
        line = comment.start_point.row + 1
        line_start = src.rfind(b"\n", 0, comment.start_byte) + 1
        own_line = not src[line_start : comment.start_byte].strip()
        codes = frozenset(c for c in (match.group("codes") or "").split(",") if c)
        out.append(
            Suppression(line, own_line, codes, match.group("reason") or "", comment.start_byte, comment.end_byte)
        )
    return out


def problems(suppressions: list[Suppression], known: set[str]) -> list[Problem]:
    out = []
    for s in suppressions:
        if not s.codes:
            out.append(Problem(s.start, s.end, "suppression names no rule: write //gofixleak:ignore GFL001 <reason>"))
            continue
        unknown = sorted(c for c in s.codes if c not in known and c != "all")
        if unknown:
            out.append(Problem(s.start, s.end, f"suppression names unknown rule {', '.join(unknown)}"))
        if not s.reason:
            out.append(
                Problem(s.start, s.end, "suppression without a reason does not apply: say why after the rule id")
            )
    return out


def insertion(src: bytes, tree: Tree, offset: int, codes: str, reason: str = "") -> Edit | None:
    """The edit that adds `//gofixleak:ignore <codes> <reason>` for a finding starting at `offset`:
    on its own line above the finding's line (indented like it), or else trailing that line.
    None when neither place works: a new line above would land inside a raw string or block
    comment, or split an own-line suppression from the line it covers; a trailing comment would
    land inside a literal or extend the line's own `//` comment."""
    comment = f"//{DIRECTIVE} {codes}" + (f" {reason}" if reason else "")
    line_start = src.rfind(b"\n", 0, offset) + 1
    line_end = src.find(b"\n", offset)
    line_end = len(src) if line_end < 0 else line_end
    if line_end > line_start and src[line_end - 1 : line_end] == b"\r":
        line_end -= 1
    line = src[line_start:line_end]
    newline = "\r\n" if src[line_end : line_end + 2] == b"\r\n" else "\n"
    number = lines.line_of(src, line_start)
    above_is_directive = any(s.own_line and s.line == number - 1 for s in find(src, tree))
    if not above_is_directive and grammar.token_around(tree, line_start) is None:
        indent = line[: len(line) - len(line.lstrip(b" \t"))].decode("utf-8")
        return Edit(line_start, line_start, indent + comment + newline)
    if grammar.token_around(tree, line_end) is None and not _ends_in_line_comment(tree, line_start, line_end):
        return Edit(line_end, line_end, " " + comment)
    return None


def _ends_in_line_comment(tree: Tree, line_start: int, line_end: int) -> bool:
    """True when the line's last token is a `//` comment (text appended to the line joins it)."""
    if line_end - line_start < 2:
        return False
    token = grammar.token_around(tree, line_end - 1)
    return token is not None and token.end_byte >= line_end and grammar.text(token).startswith("//")
