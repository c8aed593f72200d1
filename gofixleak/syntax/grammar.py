"""The Go grammar, and the only module that knows it.

Everything else in gofixleak talks about Go syntax through the names defined
here: node kinds (`K`), field names (`F`) and small accessors.  If the grammar
(`tree-sitter-golang`) renames or reshapes something, this is the one file to
change.  We use `tree-sitter-golang` rather than `tree-sitter-go` because the
latter rejects valid Go 1.26/1.27 code (`new(expr)`, generic methods).

Trees are go/ast-shaped: `selector_expression` has `operand` and `field`,
`slice_expression` has `operand`, `low`, `high`, `max`, and so on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import cache

import tree_sitter
import tree_sitter_golang

Node = tree_sitter.Node
Tree = tree_sitter.Tree

LANGUAGE = tree_sitter.Language(tree_sitter_golang.language())


class K:
    """Node kinds of the Go grammar that gofixleak uses."""

    SOURCE_FILE = "source_file"
    PACKAGE_CLAUSE = "package_clause"
    PACKAGE_IDENTIFIER = "package_identifier"
    IMPORT_DECLARATION = "import_declaration"
    IMPORT_SPEC = "import_spec"
    COMMENT = "comment"
    ERROR = "ERROR"

    # declarations
    FUNCTION_DECLARATION = "function_declaration"
    METHOD_DECLARATION = "method_declaration"
    TYPE_DECLARATION = "type_declaration"
    TYPE_DEFINITION = "type_definition"
    ALIAS_DECLARATION = "alias_declaration"
    VAR_DECLARATION = "var_declaration"
    VAR_SPEC = "var_spec"
    CONST_DECLARATION = "const_declaration"
    CONST_SPEC = "const_spec"
    PARAMETERS = "parameters"
    PARAMETER_DECLARATION = "parameter_declaration"
    TYPE_PARAMETERS = "type_parameters"
    TYPE_PARAMETER_DECLARATION = "type_parameter_declaration"
    FIELD_DECLARATION = "field_declaration"
    METHOD_ELEM = "method_elem"
    TYPE_ELEM = "type_elem"

    # statements
    BLOCK = "block"
    EXPRESSION_STATEMENT = "expression_statement"
    SHORT_VAR_DECLARATION = "short_var_declaration"
    ASSIGNMENT = "assignment"
    INC_DEC_STATEMENT = "inc_dec_statement"
    SEND_STATEMENT = "send_statement"
    RECEIVE_STATEMENT = "receive_statement"
    RETURN_STATEMENT = "return_statement"
    GO_STATEMENT = "go_statement"
    DEFER_STATEMENT = "defer_statement"
    IF_STATEMENT = "if_statement"
    FOR_STATEMENT = "for_statement"
    FOR_CLAUSE = "for_clause"
    RANGE_CLAUSE = "range_clause"
    EXPRESSION_SWITCH_STATEMENT = "expression_switch_statement"
    TYPE_SWITCH_STATEMENT = "type_switch_statement"
    EXPRESSION_CASE_CLAUSE = "expression_case_clause"
    TYPE_CASE_CLAUSE = "type_case_clause"
    SELECT_STATEMENT = "select_statement"
    COMMUNICATION_CLAUSE = "communication_clause"
    LABELED_STATEMENT = "labeled_statement"
    LABEL = "label"
    BREAK_STATEMENT = "break_statement"
    CONTINUE_STATEMENT = "continue_statement"
    GOTO_STATEMENT = "goto_statement"
    FALLTHROUGH_STATEMENT = "fallthrough_statement"
    EMPTY_STATEMENT = "empty_statement"

    # expressions
    IDENTIFIER = "identifier"
    BLANK_IDENTIFIER = "blank_identifier"
    FIELD_IDENTIFIER = "field_identifier"
    TYPE_IDENTIFIER = "type_identifier"
    EXPRESSION_LIST = "expression_list"
    CALL_EXPRESSION = "call_expression"
    ARGUMENTS = "arguments"
    SELECTOR_EXPRESSION = "selector_expression"
    INDEX_EXPRESSION = "index_expression"
    SLICE_EXPRESSION = "slice_expression"
    TYPE_ASSERTION_EXPRESSION = "type_assertion_expression"
    UNARY_EXPRESSION = "unary_expression"
    BINARY_EXPRESSION = "binary_expression"
    PARENTHESIZED_EXPRESSION = "parenthesized_expression"
    COMPOSITE_LITERAL = "composite_literal"
    LITERAL_VALUE = "literal_value"
    KEYED_ELEMENT = "keyed_element"
    FUNCTION_LITERAL = "function_literal"
    INTERPRETED_STRING_LITERAL = "interpreted_string_literal"
    RAW_STRING_LITERAL = "raw_string_literal"
    STRING_CONTENT = "string_content"
    RUNE_LITERAL = "rune_literal"
    INT_LITERAL = "int_literal"
    FLOAT_LITERAL = "float_literal"
    IMAGINARY_LITERAL = "imaginary_literal"
    DOT = "dot"

    # types
    POINTER_TYPE = "pointer_type"
    SLICE_TYPE = "slice_type"
    ARRAY_TYPE = "array_type"
    IMPLICIT_LENGTH_ARRAY_TYPE = "implicit_length_array_type"
    MAP_TYPE = "map_type"
    CHANNEL_TYPE = "channel_type"
    FUNCTION_TYPE = "function_type"
    STRUCT_TYPE = "struct_type"
    INTERFACE_TYPE = "interface_type"
    GENERIC_TYPE = "generic_type"
    TYPE_ARGUMENTS = "type_arguments"
    QUALIFIED_IDENTIFIER = "qualified_identifier"
    PARENTHESIZED_TYPE = "parenthesized_type"
    UNDERLYING_TYPE = "underlying_type"


class F:
    """Field names of the Go grammar."""

    ALTERNATIVE = "else"
    ARGUMENTS = "arguments"
    BODY = "body"
    CALL = "call"
    CHANNEL = "channel"
    COMMUNICATION = "communication"
    CONDITION = "condition"
    CONSTRAINT = "constraint"
    ELEMENT = "element"
    FIELD = "field"
    FUNCTION = "function"
    HIGH = "high"
    INDEX = "index"
    INIT = "init_statement"
    KEY = "key"
    LABEL = "label"
    LEFT = "left"
    LENGTH = "length"
    LOW = "low"
    MAX = "max"
    NAME = "name"
    OPERAND = "operand"
    OPERATOR = "operator"
    PACKAGE = "package"
    PARAMETERS = "parameters"
    PATH = "path"
    POST = "post_statement"
    RECEIVER = "receiver"
    RESULT = "result"
    RIGHT = "right"
    STATEMENT = "statement"
    TAG = "tag"
    TYPE = "type"
    TYPE_ARGUMENTS = "type_arguments"
    TYPE_PARAMETERS = "type_parameters"
    VALUE = "value"


# Node kinds that spell a type (in a type position).
TYPE_KINDS = frozenset(
    {
        K.TYPE_IDENTIFIER,
        K.QUALIFIED_IDENTIFIER,
        K.GENERIC_TYPE,
        K.POINTER_TYPE,
        K.SLICE_TYPE,
        K.ARRAY_TYPE,
        K.IMPLICIT_LENGTH_ARRAY_TYPE,
        K.MAP_TYPE,
        K.CHANNEL_TYPE,
        K.FUNCTION_TYPE,
        K.STRUCT_TYPE,
        K.INTERFACE_TYPE,
        K.PARENTHESIZED_TYPE,
    }
)

# Node kinds that start a new function body (and so a new defer/return scope).
FUNCTION_KINDS = frozenset({K.FUNCTION_DECLARATION, K.METHOD_DECLARATION, K.FUNCTION_LITERAL})

LITERAL_KINDS = frozenset(
    {
        K.INTERPRETED_STRING_LITERAL,
        K.RAW_STRING_LITERAL,
        K.RUNE_LITERAL,
        K.INT_LITERAL,
        K.FLOAT_LITERAL,
        K.IMAGINARY_LITERAL,
    }
)
STRING_LITERAL_KINDS = frozenset({K.INTERPRETED_STRING_LITERAL, K.RAW_STRING_LITERAL})

CASE_CLAUSE_KINDS = frozenset({K.EXPRESSION_CASE_CLAUSE, K.TYPE_CASE_CLAUSE, K.COMMUNICATION_CLAUSE})
SWITCH_KINDS = frozenset({K.EXPRESSION_SWITCH_STATEMENT, K.TYPE_SWITCH_STATEMENT, K.SELECT_STATEMENT})

_local = threading.local()


def _parser() -> tree_sitter.Parser:
    # A tree-sitter Parser is not safe to share between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = tree_sitter.Parser(LANGUAGE)
    return parser


def parse(src: bytes) -> Tree:
    return _parser().parse(src)


def is_kind_name(name: str) -> bool:
    """True when `name` is a node kind of the grammar (used by the architecture test)."""
    kind_id = LANGUAGE.id_for_node_kind(name, True)
    return kind_id is not None and kind_id != 0


@cache
def _query(kinds: tuple[str, ...]) -> tree_sitter.Query:
    pattern = "[" + " ".join(f"({k})" for k in kinds) + "] @n"
    return tree_sitter.Query(LANGUAGE, pattern)


def find_all(node: Node, kinds: Iterable[str]) -> list[Node]:
    """All descendants of `node` (itself included) of the given kinds, in source order.

    Runs as a tree-sitter query in C, which is far faster than walking the tree
    in Python; rules use it to find their candidates.  The answer is computed once
    per node and set of kinds (many rules and findings ask the same question of
    the same file or function body); a fresh list is returned each time.
    """
    wanted = kinds if isinstance(kinds, tuple) else tuple(kinds)
    key = (node.id, node.start_byte, node.end_byte, node.kind_id, wanted)
    hit = _found.get(key)
    if hit is not None:
        return list(hit[1])
    query = _query(tuple(sorted(set(wanted))))
    found = tree_sitter.QueryCursor(query).captures(node).get("n", [])
    found.sort(key=_source_order)
    _remember(key, node, found)
    return list(found)


def _source_order(n: Node) -> tuple[int, int]:
    return (n.start_byte, -n.end_byte)


# (node id, range, kind, kinds) -> (the node, what find_all found).  Holding the node keeps its
# tree alive, so a node id in the cache can never be reused by another tree while it is there.
_found: dict[tuple, tuple[Node, list[Node]]] = {}
_found_nodes = 0
# Past this many remembered nodes the oldest answers are dropped (memory stays bounded).
FIND_CACHE_NODES = 400_000


def _remember(key: tuple, node: Node, found: list[Node]) -> None:
    global _found_nodes
    _found[key] = (node, found)
    _found_nodes += len(found) + 1
    if _found_nodes > FIND_CACHE_NODES:
        for old in list(_found)[: len(_found) // 2]:
            _found_nodes -= len(_found.pop(old)[1]) + 1


def forget_trees() -> None:
    """Drop every remembered query answer and parent (a worker moving on to another package):
    what is remembered keeps its tree alive."""
    global _found_nodes
    _found.clear()
    _found_nodes = 0
    _PARENTS.clear()


def walk(node: Node) -> Iterator[Node]:
    """Pre-order walk over every named descendant of `node`, itself included."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def text(node: Node | None) -> str:
    if node is None:
        return ""
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def field(node: Node | None, name: str) -> Node | None:
    if node is None:
        return None
    return node.child_by_field_name(name)


def fields(node: Node, name: str) -> list[Node]:
    return [c for c in node.children_by_field_name(name) if c.type != K.COMMENT]


def named(node: Node | None) -> list[Node]:
    """Named children, without comments."""
    if node is None:
        return []
    return [c for c in node.named_children if c.type != K.COMMENT]


def items(node: Node | None) -> list[Node]:
    """The elements of an expression_list (or the node itself when it is a single item)."""
    if node is None:
        return []
    if node.type == K.EXPRESSION_LIST:
        return named(node)
    return [node]


def unparen(node: Node | None) -> Node | None:
    while node is not None and node.type in (K.PARENTHESIZED_EXPRESSION, K.PARENTHESIZED_TYPE):
        inner = named(node)
        node = inner[0] if inner else None
    return node


def outer_parens(node: Node) -> Node:
    """`node`, or the outermost parentheses around it: the expression its value flows into."""
    parent = node.parent
    while parent is not None and parent.type == K.PARENTHESIZED_EXPRESSION:
        node, parent = parent, parent.parent
    return node


def operator(node: Node) -> str:
    op = node.child_by_field_name(F.OPERATOR)
    if op is not None:
        return op.type
    # send / receive / assignment operators are anonymous children
    for child in node.children:
        if not child.is_named:
            return child.type
    return ""


def has_token(node: Node, token: str) -> bool:
    """True when `node` has the anonymous child `token` (e.g. ':=' or '...')."""
    return any(not c.is_named and c.type == token for c in node.children)


def is_error(node: Node) -> bool:
    return node.is_error or node.is_missing


def error_spans(tree: Tree) -> list[tuple[int, int]]:
    """Byte spans of ERROR and MISSING nodes, outermost only."""
    spans: list[tuple[int, int]] = []
    if not tree.root_node.has_error:
        return spans
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            spans.append((node.start_byte, max(node.end_byte, node.start_byte + 1)))
            continue
        if node.has_error:
            stack.extend(node.children)
    spans.sort()
    return spans


def package_clause(tree: Tree) -> Node | None:
    for child in tree.root_node.named_children:
        if child.type == K.PACKAGE_CLAUSE:
            return child
        if child.type != K.COMMENT:
            return None
    return None


def package_name(tree: Tree) -> str | None:
    clause = package_clause(tree)
    if clause is None:
        return None
    name = clause.child_by_field_name(F.NAME)
    if name is None:
        for child in clause.named_children:
            if child.type == K.PACKAGE_IDENTIFIER:
                name = child
    return text(name) if name is not None else None


def top_level(tree: Tree) -> list[Node]:
    return [c for c in tree.root_node.named_children if c.type != K.COMMENT]


def node_at(tree: Tree, start: int, end: int) -> Node | None:
    """The smallest node spanning the bytes [start, end)."""
    return tree.root_node.descendant_for_byte_range(start, max(start, end))


# tree-sitter nodes do not store their parent: `node.parent` walks down from the root, so a
# walk to the root costs depth squared, which a 10,000-deep file turns into minutes.  Parents
# are remembered by node id instead.  An entry's value keeps its tree alive, so the id cannot
# be reused by another tree while the entry exists; the table is dropped when it grows large.
_PARENTS: dict[int, Node | None] = {}
_PARENTS_LIMIT = 200_000


def parent(node: Node) -> Node | None:
    """`node.parent`, remembered (see _PARENTS)."""
    key = node.id
    try:
        return _PARENTS[key]
    except KeyError:
        pass
    found = node.parent
    if len(_PARENTS) >= _PARENTS_LIMIT:
        _PARENTS.clear()
    _PARENTS[key] = found
    return found


_TOKEN_KINDS = (K.INTERPRETED_STRING_LITERAL, K.RAW_STRING_LITERAL, K.RUNE_LITERAL, K.COMMENT)


def token_around(tree: Tree, offset: int) -> Node | None:
    """The string or rune literal or comment that `offset` lies strictly inside (text inserted
    there would become part of it), or None."""
    node: Node | None = tree.root_node.descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.type in _TOKEN_KINDS:
            return node if node.start_byte < offset < node.end_byte else None
        node = parent(node)
    return None


def ancestors(node: Node) -> Iterator[Node]:
    current = parent(node)
    while current is not None:
        yield current
        current = parent(current)


MAX_NESTING = 128  # brackets deep; deeper files are refused (the analyses recurse with nesting)
_BRACKETS = bytes.maketrans(b"({[)}]", b"\x02\x02\x02\x00\x00\x00")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"({[)}]")


def too_deep(src: bytes, tree: Tree, limit: int = MAX_NESTING) -> int | None:
    """The nesting depth of the file when it is deeper than `limit`, else None.

    A scan of the brackets (fast, but counting those in strings and comments too) rules out
    almost every file; a suspect one is measured on the tree, iteratively."""
    steps = src.translate(_BRACKETS, _NOT_BRACKETS)
    depth = deepest = 0
    for step in steps:
        depth += step - 1
        if depth > deepest:
            deepest = depth
    if deepest <= limit:
        return None
    # the tree: a block, a call's arguments, a literal's elements each add one level of
    # brackets and at least one level of nodes (usually two or three)
    cursor = tree.walk()
    level = most = 0
    while True:
        if cursor.goto_first_child():
            level += 1
            most = max(most, level)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return deepest if most > 2 * limit else None
            level -= 1


def enclosing(node: Node, kinds: Iterable[str] | str) -> Node | None:
    wanted = {kinds} if isinstance(kinds, str) else set(kinds)
    for anc in ancestors(node):
        if anc.type in wanted:
            return anc
    return None


def enclosing_function(node: Node) -> Node | None:
    """The nearest function declaration, method or function literal around `node`."""
    return enclosing(node, FUNCTION_KINDS)


def function_body(func: Node) -> Node | None:
    return func.child_by_field_name(F.BODY)


def is_within(node: Node, container: Node) -> bool:
    return container.start_byte <= node.start_byte and node.end_byte <= container.end_byte


def statement_list(block: Node | None) -> list[Node]:
    """The statements of a block or case clause (comments excluded); none for a missing block."""
    if block is None:
        return []
    if block.type in CASE_CLAUSE_KINDS:
        return [
            c
            for i, c in enumerate(block.children)
            if c.is_named and c.type != K.COMMENT and block.field_name_for_child(i) is None
        ]
    return named(block)


def is_statement_container(node: Node) -> bool:
    return node.type == K.BLOCK or node.type in CASE_CLAUSE_KINDS or node.type == K.SOURCE_FILE


def string_literal_value(node: Node) -> str | None:
    """The value of a string literal node, or None if it is not a plain literal."""
    if node.type == K.RAW_STRING_LITERAL:
        return text(node)[1:-1].replace("\r", "")
    if node.type == K.INTERPRETED_STRING_LITERAL:
        raw = text(node)[1:-1]
        if "\\" not in raw:
            return raw
        try:
            return bytes(raw, "utf-8").decode("unicode_escape")
        except UnicodeDecodeError:
            return None
    return None


def comments(node: Node) -> list[Node]:
    return find_all(node, (K.COMMENT,))


def import_specs(tree: Tree) -> list[Node]:
    specs: list[Node] = []
    for decl in import_declarations(tree):
        specs.extend(import_specs_of(decl))
    return specs


def import_declarations(tree: Tree) -> list[Node]:
    return [c for c in tree.root_node.named_children if c.type == K.IMPORT_DECLARATION]


def is_parenthesized_import(decl: Node) -> bool:
    return any(not c.is_named and c.type == "(" for c in decl.children)


def import_specs_of(decl: Node) -> list[Node]:
    return [c for c in decl.named_children if c.type == K.IMPORT_SPEC]


def same(a: Node | None, b: Node | None) -> bool:
    """`a` and `b` are the same node (both present)."""
    return a is not None and b is not None and a.id == b.id


def embedded_field_name(type_node: Node | None) -> str:
    """The name an embedded field is known by: `T` for `T`, `*T`, `pkg.T`, `T[int]`, `(*T)`."""
    node = type_node
    while node is not None and node.type in (K.POINTER_TYPE, K.GENERIC_TYPE, K.PARENTHESIZED_TYPE):
        inner = node.child_by_field_name(F.TYPE) if node.type == K.GENERIC_TYPE else None
        if inner is None and node.type != K.GENERIC_TYPE:
            children = named(node)
            inner = children[0] if children else None
        node = inner
    if node is not None and node.type == K.QUALIFIED_IDENTIFIER:
        node = node.child_by_field_name(F.NAME)
    return text(node)
