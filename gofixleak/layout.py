"""Keeping gofmt's alignment of trailing comments on the lines a fix touched.

gofmt aligns the `//` comments that end adjacent lines of the same
indentation: each comment starts one space after the longest code in that
run of lines.  A fix that makes a line longer (or inserts a line into such
a run, splitting it) would leave the comments misaligned and the file no
longer gofmt-clean, so after applying edits the engine re-aligns every run
that contains or borders a changed line.  Runs elsewhere are left as they
were, so code that was not gofmt-clean is not reformatted behind the
user's back.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import syntax
from .rule import Edit
from .syntax import Tree


@dataclass(frozen=True)
class _Trailing:
    line: int  # 0-based
    indent: str
    code_width: int  # characters of code after the indentation
    gap_start: int  # byte offset where the whitespace before the comment starts
    comment_start: int


def changed_lines(old: bytes, new: bytes) -> set[int]:
    """0-based line numbers of `new` that differ from `old`, with their neighbours."""
    old_lines = old.split(b"\n")
    new_lines = new.split(b"\n")
    touched: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for line in range(j1 - 1, max(j2, j1 + 1) + 1):
            touched.add(line)
    return touched


def realign_trailing_comments(src: bytes, tree: Tree, touched: set[int]) -> list[Edit]:
    """Whitespace edits that re-align trailing comments in runs that include a touched line."""
    if not touched:
        return []
    trailing: dict[int, _Trailing] = {}
    for comment in syntax.comments(tree.root_node):
        if not src.startswith(b"//", comment.start_byte):
            continue
        entry = _trailing(src, tree, comment)
        if entry is not None:
            trailing[entry.line] = entry
    edits: list[Edit] = []
    seen: set[int] = set()
    for line in sorted(trailing):
        if line in seen:
            continue
        run = [trailing[line]]
        seen.add(line)
        nxt = line + 1
        while nxt in trailing and trailing[nxt].indent == run[0].indent:
            run.append(trailing[nxt])
            seen.add(nxt)
            nxt += 1
        if not any(t.line in touched for t in run):
            continue
        column = max(t.code_width for t in run) + 1
        for t in run:
            gap = " " * (column - t.code_width)
            if src[t.gap_start : t.comment_start] != gap.encode():
                edits.append(Edit(t.gap_start, t.comment_start, gap))
    return edits


# Lines in these have several aligned columns (names, types, values), not just comments.
_MULTI_COLUMN = frozenset(
    {syntax.K.FIELD_DECLARATION, syntax.K.CONST_SPEC, syntax.K.VAR_SPEC, syntax.K.METHOD_ELEM, syntax.K.KEYED_ELEMENT}
)


def _trailing(src: bytes, tree: Tree, comment: syntax.Node) -> _Trailing | None:
    comment_start = comment.start_byte
    line_start = src.rfind(b"\n", 0, comment_start) + 1
    before = src[line_start:comment_start]
    code = before.rstrip(b" \t")
    if not code.strip():
        return None  # a comment on its own line
    indent_len = len(code) - len(code.lstrip(b" \t"))
    indent = code[:indent_len].decode("utf-8", "replace")
    text = code[indent_len:].decode("utf-8", "replace")
    if "\t" in text:
        return None  # tab-separated cells: not gofmt's output, leave alone
    first = line_start + indent_len
    leaf = tree.root_node.descendant_for_byte_range(first, first + 1)
    if leaf is None or leaf.start_byte != first:
        return None  # the line starts inside a multi-line token (a raw string)
    if any(a.type in _MULTI_COLUMN for a in syntax.ancestors(leaf)):
        return None
    if not _starts_statement(leaf, first):
        return None  # a continuation line of an expression list: gofmt aligns those its own way
    return _Trailing(
        src.count(b"\n", 0, comment_start),
        indent,
        len(text),
        line_start + len(code),
        comment_start,
    )


def _starts_statement(leaf: syntax.Node, offset: int) -> bool:
    """True when a statement (or top-level declaration) starts at `offset`."""
    node: syntax.Node | None = leaf
    while node is not None and node.start_byte == offset:
        parent = node.parent
        if parent is not None and node.is_named and syntax.is_statement_container(parent):
            if node.type == syntax.K.COMMENT:
                return False
            if parent.type in syntax.CASE_CLAUSE_KINDS and not any(
                s.id == node.id for s in syntax.statement_list(parent)
            ):
                return False  # a case's expression list, not a statement
            # gofmt starts a new alignment section before a multi-line function declaration
            multi_line = node.start_point.row != node.end_point.row
            return not (multi_line and node.type in syntax.FUNCTION_KINDS)
        node = parent
    return False
