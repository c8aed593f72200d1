"""Lengths of slices: whether a reslice bound is at most the slice's length, or grows it.

`s = s[:n]` drops elements only when `n <= len(s)`; with `n > len(s)` the
slice grows into its spare capacity.  The slice rules ask here what the code
proves about a bound: a comparison in an enclosing `if` or loop condition, an
earlier guard that leaves the function (`if n > len(s) { return }`), a range
index, or a bound written from the length itself (`len(s)-k`, through locals).
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixleak.analysis import slicing
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def at_most_length(ctx: FileView, node: Node, bound: Node, source: Node) -> bool:
    """`if n < len(s) { s = s[:n] }`: an enclosing condition shows the bound is at most the length."""
    length = slicing.len_key(ctx, source)
    for smaller, larger in guard_comparisons(node):
        larger_offset = slicing.offset(ctx, larger)
        if slicing.same_expr(ctx, smaller, bound) and larger_offset is not None:
            if larger_offset.term == length and larger_offset.const <= 0:
                return True
    return False


def grows(ctx: FileView, node: Node, bound: Node, source: Node) -> bool:
    """`if len(s) < n { s = s[:n] }`, `if n <= cap(s) {...}`: the reslice grows the slice."""
    length, capacity = slicing.len_key(ctx, source), slicing.cap_key(ctx, source)
    for smaller, larger in guard_comparisons(node):
        smaller_offset, larger_offset = slicing.offset(ctx, smaller), slicing.offset(ctx, larger)
        if smaller_offset is None or larger_offset is None:
            continue
        if slicing.same_expr(ctx, larger, bound) and smaller_offset.term == length:
            return True
        if slicing.same_expr(ctx, smaller, bound) and larger_offset.term == capacity:
            return True
    return False


def guard_comparisons(node: Node) -> Iterator[tuple[Node, Node]]:
    """(smaller, larger) of each comparison `smaller <= larger` (or `<`) known to hold at `node`
    from the `if` statements around it, within its function: the `&&`-joined comparisons of the
    condition in the body, the negated `||`-joined ones in the `else` branch (`if cap(s) < n {
    ... } else { s = s[:n] }`)."""
    for anc in grammar.ancestors(node):
        if anc.type in grammar.FUNCTION_KINDS:
            return
        if anc.type != K.IF_STATEMENT:
            continue
        condition = anc.child_by_field_name(F.CONDITION)
        body, alternative = anc.child_by_field_name(F.BODY), anc.child_by_field_name(F.ALTERNATIVE)
        if condition is None:
            continue
        if body is not None and grammar.is_within(node, body):
            yield from _implied_comparisons(condition, True)
        elif alternative is not None and grammar.is_within(node, alternative):
            yield from _implied_comparisons(condition, False)


def _implied_comparisons(condition: Node, holds: bool) -> Iterator[tuple[Node, Node]]:
    """(smaller, larger) pairs that follow from `condition` being true (`holds`) or false."""
    condition = grammar.unparen(condition)
    if condition is None:
        return
    if condition.type == K.UNARY_EXPRESSION and grammar.operator(condition) == "!":
        yield from _implied_comparisons(condition.child_by_field_name(F.OPERAND), not holds)
        return
    if condition.type != K.BINARY_EXPRESSION:
        return
    op = grammar.operator(condition)
    left, right = condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)
    if left is None or right is None:
        return
    if op == ("&&" if holds else "||"):
        yield from _implied_comparisons(left, holds)
        yield from _implied_comparisons(right, holds)
    elif op in ("<", "<="):
        yield (left, right) if holds else (right, left)
    elif op in (">", ">="):
        yield (right, left) if holds else (left, right)


def known_length(ctx: FileView, symbol: scope.Symbol) -> slicing.Offset | None:
    """The length of a local slice made by a literal or `make`, never appended to: a constant,
    or `make`'s length argument when the variables it reads never change (`make([]T, n)`)."""
    if symbol.value is None or slicing.assignments_to(ctx, symbol):
        return None
    value = grammar.unparen(symbol.value)
    if value is None:
        return None
    if value.type == K.COMPOSITE_LITERAL:
        body = value.child_by_field_name(F.VALUE)
        elements = grammar.named(body)
        if any(e.type == K.KEYED_ELEMENT for e in elements):
            return None
        return slicing.Offset(None, len(elements))
    args = grammar.named(value.child_by_field_name(F.ARGUMENTS))
    if len(args) < 2 or not _never_changes(ctx, args[1]):
        return None
    return slicing.offset(ctx, args[1])


def _never_changes(ctx: FileView, expr: Node) -> bool:
    """Every variable `expr` reads is a local or parameter that is never assigned after its declaration."""
    if not slicing.is_pure(ctx, expr):
        return False
    for ident in grammar.find_all(expr, (K.IDENTIFIER,)):
        symbol = ctx.resolve(ident)
        if symbol is None:
            return False
        if symbol.kind == scope.VAR and (not symbol.is_local or slicing.assignments_to(ctx, symbol)):
            return False
    return True
