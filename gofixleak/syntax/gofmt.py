"""Print Go expressions the way gofmt does, so that generated code is gofmt-clean.

gofmt does not keep the spacing of the source: it decides from the
expression's structure and its nesting depth whether a binary operator gets
blanks (`n - 1` as a statement's operand, `s[n-1]` inside an index,
`make([]T, b-a)` among several call arguments) and whether the colons of a
slice expression get them (`s[lo : hi+1]`).  A rule that moves an expression
into a new context (a bound into `clear(s[n:])`, a subslice into
`copy(dst, s[a:b])`) reprints it here for the depth of its new place,
following go/printer's rules (`binaryExpr`, `cutoff`, `walkBinary`).

Depth 1 is an operand of a statement (the right-hand side of `x = e`, a
`for` clause, the single argument of a call); deeper places are the index of
an index or slice expression, the arguments of a call with several
arguments, and the items of an assignment with several items on both sides.
Only expressions are reprinted; anything else (types, literals, function
literals) keeps its source text.
"""

from __future__ import annotations

from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

LOWEST_PREC = 0
UNARY_PREC = 6
HIGHEST_PREC = 7

_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 3,
    "<=": 3,
    ">": 3,
    ">=": 3,
    "+": 4,
    "-": 4,
    "|": 4,
    "^": 4,
    "*": 5,
    "/": 5,
    "%": 5,
    "<<": 5,
    ">>": 5,
    "&": 5,
    "&^": 5,
}

# Depth of the items of an assignment with several items on both sides (go/printer's AssignStmt).
TUPLE_DEPTH = 2
# Depth of the arguments of a call with more than one argument.
ARGUMENTS_DEPTH = 2


def format_expr(source: str, depth: int = 1) -> str:
    """`source` (one Go expression) as gofmt prints it at `depth`; unchanged if it does not parse."""
    wrapped = f"package p\n\nvar _ = {source}\n".encode()
    tree = grammar.parse(wrapped)
    if tree.root_node.has_error:
        return source
    specs = grammar.find_all(tree.root_node, (K.VAR_SPEC,))
    values = grammar.items(specs[0].child_by_field_name(F.VALUE)) if specs else []
    if len(values) != 1:
        return source
    return print_expr(values[0], depth)


def print_expr(node: Node, depth: int = 1) -> str:
    """Reprint the expression `node` (from any tree) for a place of the given depth."""
    return _expr1(node, LOWEST_PREC, max(depth, 1))


def _expr1(node: Node, prec1: int, depth: int) -> str:
    kind = node.type
    if kind == K.BINARY_EXPRESSION:
        return _binary(node, prec1, _cutoff(node, depth), depth)
    if kind == K.PARENTHESIZED_EXPRESSION:
        inner = grammar.named(node)
        if len(inner) != 1:
            return grammar.text(node)
        return "(" + _expr1(inner[0], LOWEST_PREC, max(depth - 1, 1)) + ")"
    if kind == K.UNARY_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        if operand is None:
            return grammar.text(node)
        op = grammar.operator(node)
        if op == "*":  # go/ast's StarExpr prints its operand at depth 1
            return "*" + _expr1(operand, LOWEST_PREC, 1)
        return op + _expr1(operand, UNARY_PREC, depth)
    if kind == K.SELECTOR_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        name = node.child_by_field_name(F.FIELD)
        if operand is None or name is None:
            return grammar.text(node)
        return _expr1(operand, HIGHEST_PREC, depth) + "." + grammar.text(name)
    if kind == K.INDEX_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        indices = grammar.fields(node, F.INDEX)
        if operand is None or not indices:
            return grammar.text(node)
        index_text = ", ".join(_expr1(i, LOWEST_PREC, depth + 1) for i in indices)
        return _expr1(operand, HIGHEST_PREC, 1) + "[" + index_text + "]"
    if kind == K.SLICE_EXPRESSION:
        return _slice(node, depth)
    if kind == K.CALL_EXPRESSION:
        return _call(node, depth)
    if kind == K.TYPE_ASSERTION_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        type_node = node.child_by_field_name(F.TYPE)
        if operand is None or type_node is None:
            return grammar.text(node)
        return _expr1(operand, HIGHEST_PREC, depth) + ".(" + grammar.text(type_node) + ")"
    return grammar.text(node)


def _binary(node: Node, prec1: int, cutoff: int, depth: int) -> str:
    left = node.child_by_field_name(F.LEFT)
    right = node.child_by_field_name(F.RIGHT)
    op = grammar.operator(node)
    prec = _PRECEDENCE.get(op)
    if left is None or right is None or prec is None:
        return grammar.text(node)
    blank = " " if prec < cutoff else ""
    left_text = _expr1(left, prec, depth + _diff_prec(left, prec))
    right_text = _expr1(right, prec + 1, depth + 1)
    return f"{left_text}{blank}{op}{blank}{right_text}"


def _diff_prec(node: Node, prec: int) -> int:
    if node.type != K.BINARY_EXPRESSION or _PRECEDENCE.get(grammar.operator(node)) != prec:
        return 1
    return 0


def _cutoff(node: Node, depth: int) -> int:
    has4, has5, max_problem = _walk_binary(node)
    if max_problem > 0:
        return max_problem + 1
    if has4 and has5:
        return 5 if depth == 1 else 4
    return 6 if depth == 1 else 4


def _walk_binary(node: Node) -> tuple[bool, bool, int]:
    prec = _PRECEDENCE.get(grammar.operator(node), 0)
    has4, has5, max_problem = prec == 4, prec == 5, 0
    left = node.child_by_field_name(F.LEFT)
    right = node.child_by_field_name(F.RIGHT)
    if left is not None and left.type == K.BINARY_EXPRESSION:
        if _PRECEDENCE.get(grammar.operator(left), 0) >= prec:
            h4, h5, problem = _walk_binary(left)
            has4, has5, max_problem = has4 or h4, has5 or h5, max(max_problem, problem)
    if right is not None and right.type == K.BINARY_EXPRESSION:
        if _PRECEDENCE.get(grammar.operator(right), 0) > prec:
            h4, h5, problem = _walk_binary(right)
            has4, has5, max_problem = has4 or h4, has5 or h5, max(max_problem, problem)
    elif right is not None and right.type == K.UNARY_EXPRESSION:
        pair = grammar.operator(node) + grammar.operator(right)
        if pair in ("/*", "&&", "&^"):
            max_problem = 5
        elif pair in ("++", "--"):
            max_problem = max(max_problem, 4)
    return has4, has5, max_problem


def _slice(node: Node, depth: int) -> str:
    operand = node.child_by_field_name(F.OPERAND)
    if operand is None:
        return grammar.text(node)
    indices = [node.child_by_field_name(F.LOW), node.child_by_field_name(F.HIGH)]
    if node.child_by_field_name(F.MAX) is not None:
        indices.append(node.child_by_field_name(F.MAX))
    present = [i for i in indices if i is not None]
    blanks = depth <= 1 and len(present) > 1 and any(i.type == K.BINARY_EXPRESSION for i in present)
    out = [_expr1(operand, HIGHEST_PREC, 1), "["]
    for position, index in enumerate(indices):
        if position > 0:
            if indices[position - 1] is not None and blanks:
                out.append(" ")
            out.append(":")
            if index is not None and blanks:
                out.append(" ")
        if index is not None:
            out.append(_expr1(index, LOWEST_PREC, depth + 1))
    out.append("]")
    return "".join(out)


def _call(node: Node, depth: int) -> str:
    function = node.child_by_field_name(F.FUNCTION)
    arguments = node.child_by_field_name(F.ARGUMENTS)
    if function is None or arguments is None:
        return grammar.text(node)
    args = grammar.named(arguments)
    inner_depth = depth + 1 if len(args) > 1 else depth
    printed = [_expr1(a, LOWEST_PREC, inner_depth) for a in args]
    spread = "..." if grammar.has_token(arguments, "...") else ""
    return _expr1(function, HIGHEST_PREC, depth) + "(" + ", ".join(printed) + spread + ")"
