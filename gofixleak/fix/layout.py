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

from dataclasses import dataclass

from gofixleak.fix.edits import Edit
from gofixleak.fix.matcher import AnchoredMatcher
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import Tree


@dataclass(frozen=True)
class _Trailing:
    line: int  # 0-based
    section: tuple  # lines align together only within one section (see _section)
    code_width: int  # characters of code after the indentation
    gap_start: int  # byte offset where the whitespace before the comment starts
    comment_start: int
    modelled: bool = True  # False where gofmt's own heuristics may split the run: leave the run alone


def changed_lines(old: bytes, new: bytes) -> set[int]:
    """0-based line numbers of `new` that differ from `old`, with their neighbours."""
    old_lines = old.split(b"\n")
    new_lines = new.split(b"\n")
    touched: set[int] = set()
    matcher = AnchoredMatcher(old_lines, new_lines)  # difflib alone is quadratic in big files
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
    for comment in grammar.comments(tree.root_node):
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
        while nxt in trailing and trailing[nxt].section == run[0].section:
            run.append(trailing[nxt])
            seen.add(nxt)
            nxt += 1
        if not any(t.line in touched for t in run) or not all(t.modelled for t in run):
            continue
        column = max(t.code_width for t in run) + 1
        for t in run:
            gap = " " * (column - t.code_width)
            if src[t.gap_start : t.comment_start] != gap.encode():
                edits.append(Edit(t.gap_start, t.comment_start, gap))
    return edits


# Lines in these have several aligned columns (names, types, values), not just comments.
_MULTI_COLUMN = frozenset(
    {
        grammar.K.FIELD_DECLARATION,
        grammar.K.CONST_SPEC,
        grammar.K.VAR_SPEC,
        grammar.K.METHOD_ELEM,
        grammar.K.KEYED_ELEMENT,
    }
)


def _trailing(src: bytes, tree: Tree, comment: grammar.Node) -> _Trailing | None:
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
    section = _section(src, leaf, first, indent)
    if section is None:
        return None
    return _Trailing(
        src.count(b"\n", 0, comment_start),
        section,
        len(text),
        line_start + len(code),
        comment_start,
        not _has_long_key(leaf, first),
    )


def _section(src: bytes, leaf: grammar.Node, first: int, indent: str) -> tuple | None:
    """What a line's comment aligns with: a statement line, or one `key: value` of a literal.

    None for lines whose layout gofmt decides otherwise (several aligned
    columns, continuation lines), which are left alone.
    """
    element = _keyed_element_line(leaf, first)
    if element is not None:
        # gofmt aligns the values of one literal in a column (keys padded) and
        # the comments after them; a multi-line element starts a new section
        value = element.child_by_field_name(grammar.F.ELEMENT)
        if value is None or element.start_point.row != element.end_point.row:
            return None
        value_column = len(src[first : value.start_byte].decode("utf-8", "replace"))
        return ("element", indent, element.parent.id if element.parent else 0, value_column)
    for ancestor in grammar.ancestors(leaf):
        if grammar.is_statement_container(ancestor):
            break  # a statement of a function literal inside a literal is still a statement
        if ancestor.type in _MULTI_COLUMN:
            return None
    if not _starts_statement(leaf, first):
        return None  # a continuation line of an expression list: gofmt aligns those its own way
    return ("statement", indent)


# gofmt's printer compares key sizes to decide where a literal's alignment
# section ends, but never between keys of at most this many bytes.
_SMALL_KEY = 40


def _has_long_key(leaf: grammar.Node, first: int) -> bool:
    element = _keyed_element_line(leaf, first)
    key = element.child_by_field_name(grammar.F.KEY) if element is not None else None
    return key is not None and key.end_byte - key.start_byte > _SMALL_KEY


def _keyed_element_line(leaf: grammar.Node, offset: int) -> grammar.Node | None:
    """The `key: value` element of a composite literal that the line starting at `offset` holds."""
    node: grammar.Node | None = leaf
    while node is not None and node.start_byte == offset:
        if node.type == grammar.K.KEYED_ELEMENT:
            parent = node.parent
            return node if parent is not None and parent.type == grammar.K.LITERAL_VALUE else None
        if grammar.is_statement_container(node):
            return None
        node = node.parent
    return None


def _starts_statement(leaf: grammar.Node, offset: int) -> bool:
    """True when a statement (or top-level declaration) starts at `offset`."""
    node: grammar.Node | None = leaf
    while node is not None and node.start_byte == offset:
        parent = node.parent
        if parent is not None and node.is_named and grammar.is_statement_container(parent):
            if node.type == grammar.K.COMMENT:
                return False
            if parent.type in grammar.CASE_CLAUSE_KINDS and not any(
                s.id == node.id for s in grammar.statement_list(parent)
            ):
                return False  # a case's expression list, not a statement
            # gofmt starts a new alignment section before a multi-line function declaration
            multi_line = node.start_point.row != node.end_point.row
            return not (multi_line and node.type in grammar.FUNCTION_KINDS)
        node = parent
    return False
