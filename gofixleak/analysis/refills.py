"""Slices refilled in place through a local alias: in-place filters and resets.

    dst := s.f[:0]
    for _, x := range s.f {
        if keep(x) {
            dst = append(dst, x)
        }
    }
    s.f = dst

`dst` shares `s.f`'s array; once `s.f = dst` runs, the elements past
`len(dst)` (the ones the filter dropped) stay in the array, unreachable
through any slice but alive.  The same shape without a loop is a reset for
reuse written through a local (`labels := c.Labels[:0]; ...; c.Labels = labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gofixleak.analysis import slicing
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# what a long-lived slice is written as: a field, a package variable, `*p`, `m[k]`
_PLACES = (K.SELECTOR_EXPRESSION, K.IDENTIFIER, K.UNARY_EXPRESSION, K.INDEX_EXPRESSION, K.PARENTHESIZED_EXPRESSION)


@dataclass
class Refill:
    statement: Node  # `s.f = dst`
    place: Node  # s.f
    alias: Node  # dst (the identifier in the statement)
    symbol: scope.Symbol  # dst's declaration
    filter_loop: Node | None  # the loop over s.f that appends to dst, when there is one
    proven: bool  # len(dst) <= len(s.f) when the statement runs
    keeps_all: bool  # every element is appended back: nothing is dropped
    appends: int  # how many `dst = append(dst, ...)` statements fill the alias


def refill_at(ctx: FileView, statement: Node) -> Refill | None:
    """`place = dst` where `dst := place[:0]` and `dst` only ever grows by `dst = append(dst, ...)`."""
    if statement.type != K.ASSIGNMENT or not _writes_empty_views(ctx.src) or grammar.operator(statement) != "=":
        return None  # (the cheap tests first: most files never write `x[:0]`)
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    if len(targets) != 1 or len(values) != 1:
        return None
    place, alias = targets[0], grammar.unparen(values[0])
    if alias is None or alias.type != K.IDENTIFIER or place.type not in _PLACES:
        return None
    symbol = ctx.resolve(alias)
    if symbol is None or symbol.where != scope.LOCAL or symbol.kind != scope.VAR or symbol.value is None:
        return None
    if symbol.decl is None or not _empty_view_of(ctx, symbol.value, place):
        return None
    appends = slicing.assignments_to(ctx, symbol)
    if not all(appends_to(ctx, use, symbol) for use in appends):
        return None
    if _place_changed_between(ctx, place, symbol.decl, statement):
        return None
    loop = _filter_loop(ctx, place, appends, symbol.decl, statement)
    proven = loop is not None and all(_one_element(use) for use in appends)
    keeps_all = proven and loop is not None and all(_unconditional(use, loop) for use in appends) and bool(appends)
    return Refill(statement, place, alias, symbol, loop, proven, keeps_all, len(appends))


@lru_cache(maxsize=8)
def _writes_empty_views(src: bytes) -> bool:
    """Whether the file spells `[:0]` at all: answered once per source, not once per assignment
    (a large file has hundreds, and scanning it for each was a fifth of an editor's check)."""
    return b"[:0]" in src


def _empty_view_of(ctx: FileView, value: Node | None, place: Node) -> bool:
    """`place[:0]` (or `place[0:0]`)."""
    value = grammar.unparen(value)
    if value is None or value.type != K.SLICE_EXPRESSION or value.child_by_field_name(F.MAX) is not None:
        return False
    low = slicing.offset(ctx, value.child_by_field_name(F.LOW))
    high = slicing.offset(ctx, value.child_by_field_name(F.HIGH))
    if (low is not None and not low.is_const(0)) or high is None or not high.is_const(0):
        return False
    return slicing.same_expr(ctx, value.child_by_field_name(F.OPERAND), place)


def appends_to(ctx: FileView, use: Node, symbol: scope.Symbol) -> bool:
    """`dst = append(dst, ...)`."""
    value = slicing.assigned_value(use)
    call = grammar.unparen(value)
    if call is None or call.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    return (
        function is not None
        and grammar.text(function) == "append"
        and slicing.is_universe(ctx, "append", function)
        and bool(args)
        and args[0].type == K.IDENTIFIER
        and ctx.resolve(args[0]) == symbol
    )


def _one_element(use: Node) -> bool:
    """`dst = append(dst, x)`: one element, not `x...` or several."""
    call = grammar.unparen(slicing.assigned_value(use))
    arguments = call.child_by_field_name(F.ARGUMENTS) if call is not None else None
    return arguments is not None and len(grammar.named(arguments)) == 2 and not grammar.has_token(arguments, "...")


def _place_changed_between(ctx: FileView, place: Node, start: Node, end: Node) -> bool:
    """An assignment to the place (or a reslice of it) between the alias and the statement."""
    func = grammar.enclosing_function(end)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return True
    for assignment in ctx.find(K.ASSIGNMENT, K.INC_DEC_STATEMENT, within=body):
        if not (start.end_byte <= assignment.start_byte < end.start_byte):
            continue
        for target in grammar.items(assignment.child_by_field_name(F.LEFT)) or grammar.named(assignment)[:1]:
            if slicing.same_expr(ctx, target, place):
                return True
    return False


def _filter_loop(ctx: FileView, place: Node, appends: list[Node], start: Node, end: Node) -> Node | None:
    """The loop ranging over the place (or over the alias's source) holding every append, with no
    loop nested inside it around an append: one round per element, so at most one element
    appended per element read."""
    if not appends:
        return None
    for loop in ctx.find(K.FOR_STATEMENT):
        if not (start.end_byte <= loop.start_byte and loop.end_byte <= end.start_byte):
            continue
        clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
        if clause is None or not slicing.same_expr(ctx, clause.child_by_field_name(F.RIGHT), place):
            continue
        if all(grammar.is_within(a, loop) and _same(_innermost_loop(a), loop) for a in appends):
            return loop
    return None


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id


def _innermost_loop(node: Node) -> Node | None:
    return grammar.enclosing(node, (K.FOR_STATEMENT, *grammar.FUNCTION_KINDS))


def _unconditional(use: Node, loop: Node) -> bool:
    """The append runs on every round: no `if`, `switch`, `select` or `continue` before it."""
    body = loop.child_by_field_name(F.BODY)
    statement = use.parent.parent if use.parent is not None else None
    if body is None or statement is None or statement.parent is None or statement.parent.id != body.id:
        return False
    for earlier in grammar.statement_list(body):
        if earlier.start_byte >= statement.start_byte:
            break
        if grammar.find_all(earlier, (K.CONTINUE_STATEMENT, K.RETURN_STATEMENT, K.BREAK_STATEMENT, K.GOTO_STATEMENT)):
            return False
    return True
