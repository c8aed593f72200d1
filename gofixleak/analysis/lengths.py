"""Lengths of slices: whether a reslice bound is at most the slice's length, or grows it.

`s = s[:n]` drops elements only when `n <= len(s)`; with `n > len(s)` the
slice grows into its spare capacity.  The slice rules ask here what the code
proves about a bound: a comparison in an enclosing `if` or loop condition, an
earlier guard that leaves the function (`if n > len(s) { return }`), a range
index, or a bound written from the length itself (`len(s)-k`, through locals).
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixleak.analysis import flow, slicing
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def at_most_length(ctx: FileView, node: Node, bound: Node, source: Node) -> bool:
    """Whether the code shows `bound <= len(source)` where `node` (a reslice of `source`) runs:
    a comparison in an enclosing `if` or loop condition, an earlier `if bound > len(s) { return }`,
    `min(bound, len(s))`, or the index of a range over the slice that leaves the loop right after
    the reslice."""
    length = slicing.len_key(ctx, source)
    if _min_with_length(ctx, bound, length):
        return True
    constant = slicing.offset(ctx, bound, follow_locals=True)
    for smaller, larger in guard_comparisons(node):
        larger_offset = slicing.offset(ctx, larger, follow_locals=True)
        if constant is not None and constant.term is None and larger_offset is not None:
            # `if len(s) == 2 { s = s[:1] }`: a constant bound below a floor of the length
            floor = slicing.offset(ctx, smaller, follow_locals=True)
            if larger_offset.term == length and floor is not None and floor.term is None:
                if constant.const <= floor.const - larger_offset.const:
                    return True
        if slicing.same_expr(ctx, smaller, bound) and larger_offset is not None:
            if larger_offset.term == length and larger_offset.const <= 0:
                return True
            if _min_with_length(ctx, larger, length):
                return True
    return _range_index(ctx, node, bound, source)


def _min_with_length(ctx: FileView, node: Node | None, length: str) -> bool:
    """`min(n, len(s))` (or `len(s)-k` among its arguments): at most the length."""
    node = grammar.unparen(node)
    if node is None or node.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
    if function is None or grammar.text(function) != "min" or not slicing.is_universe(ctx, "min", function):
        return False
    for arg in grammar.named(node.child_by_field_name(F.ARGUMENTS)):
        at = slicing.offset(ctx, arg, follow_locals=True)
        if at is not None and at.term == length and at.const <= 0:
            return True
    return False


def _range_index(ctx: FileView, node: Node, bound: Node, source: Node) -> bool:
    """`for i := range s { if ... { s = s[:i]; break } }`: the index is below the length the range
    started with, which holds while nothing else in the loop changes `s`."""
    at = slicing.offset(ctx, bound)
    statement = flow.enclosing_statement(node)
    if at is None or at.term is None or at.const > 1 or statement is None:
        return False
    for loop in grammar.ancestors(node):
        if loop.type in grammar.FUNCTION_KINDS:
            return False
        if loop.type != K.FOR_STATEMENT:
            continue
        clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
        if clause is None or not slicing.same_expr(ctx, clause.child_by_field_name(F.RIGHT), source):
            continue
        keys = grammar.items(clause.child_by_field_name(F.LEFT))
        if not keys or slicing.canonical(ctx, keys[0]) != at.term or grammar.operator(clause) != ":=":
            continue
        after = flow.statements_after(statement)
        leaves = bool(after) and after[0].type in (K.BREAK_STATEMENT, K.RETURN_STATEMENT)
        return leaves and not _assigned_in(ctx, loop, source, statement)
    return False


def _assigned_in(ctx: FileView, region: Node, place: Node, besides: Node) -> bool:
    for assignment in ctx.find(K.ASSIGNMENT, within=region):
        if assignment.id == besides.id:
            continue
        if any(slicing.same_expr(ctx, t, place) for t in grammar.items(assignment.child_by_field_name(F.LEFT))):
            return True
    return False


def grows(ctx: FileView, node: Node, bound: Node, source: Node) -> bool:
    """`if len(s) < n { s = s[:n] }`, `if n <= cap(s) {...}`: the reslice grows the slice."""
    length, capacity = slicing.len_key(ctx, source), slicing.cap_key(ctx, source)
    for smaller, larger in guard_comparisons(node):
        smaller_offset = slicing.offset(ctx, smaller, follow_locals=True)
        larger_offset = slicing.offset(ctx, larger, follow_locals=True)
        if smaller_offset is None or larger_offset is None:
            continue
        if slicing.same_expr(ctx, larger, bound) and smaller_offset.term == length:
            return True
        if slicing.same_expr(ctx, smaller, bound) and larger_offset.term == capacity:
            return True
    return False


def guard_comparisons(node: Node) -> Iterator[tuple[Node, Node]]:
    """(smaller, larger) of each comparison `smaller <= larger` (or `<`) known to hold at `node`
    within its function: the `&&`-joined comparisons of an enclosing `if` condition in its body
    (or of a loop condition in the loop body), the negated `||`-joined ones in the `else` branch
    (`if cap(s) < n { ... } else { s = s[:n] }`) and after an earlier `if` whose body leaves the
    block (`if n > len(s) { return }`)."""
    child = node
    for anc in grammar.ancestors(node):
        if anc.type in grammar.FUNCTION_KINDS:
            return
        if anc.type == K.IF_STATEMENT:
            condition = anc.child_by_field_name(F.CONDITION)
            body, alternative = anc.child_by_field_name(F.BODY), anc.child_by_field_name(F.ALTERNATIVE)
            if condition is not None and body is not None and grammar.is_within(node, body):
                yield from _implied_comparisons(condition, True)
            elif condition is not None and alternative is not None and grammar.is_within(node, alternative):
                yield from _implied_comparisons(condition, False)
        elif anc.type == K.FOR_STATEMENT:
            body = anc.child_by_field_name(F.BODY)
            clause = next((c for c in grammar.named(anc) if c.type == K.FOR_CLAUSE), None)
            condition = (clause or anc).child_by_field_name(F.CONDITION)
            if condition is not None and body is not None and grammar.is_within(node, body):
                yield from _implied_comparisons(condition, True)
        elif anc.type == K.BLOCK or anc.type in grammar.CASE_CLAUSE_KINDS:
            yield from _early_exits(anc, child)
        child = anc


_LEAVING = (K.RETURN_STATEMENT, K.GOTO_STATEMENT, K.BREAK_STATEMENT, K.CONTINUE_STATEMENT)


def _early_exits(block: Node, child: Node) -> Iterator[tuple[Node, Node]]:
    """What the statements before `child` in `block` show: `if n > len(s) { return }` leaves the
    block unless `n <= len(s)`."""
    for statement in grammar.statement_list(block):
        if statement.start_byte >= child.start_byte:
            return
        if statement.type != K.IF_STATEMENT or statement.child_by_field_name(F.ALTERNATIVE) is not None:
            continue
        body = statement.child_by_field_name(F.BODY)
        last = [s for s in grammar.statement_list(body) if s.type != K.EMPTY_STATEMENT] if body is not None else []
        if last and (last[-1].type in _LEAVING or flow.is_terminating(last[-1])):
            condition = statement.child_by_field_name(F.CONDITION)
            if condition is not None:
                yield from _implied_comparisons(condition, False)


def _implied_comparisons(condition: Node | None, holds: bool) -> Iterator[tuple[Node, Node]]:
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
    elif op == ("==" if holds else "!="):
        yield left, right
        yield right, left


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


def beyond_length(ctx: FileView, bound: Node | None, length: str) -> bool:
    """`len(s) + n` (also through a local, `from := len(s); s = s[:from+n]`): a bound written as the
    length plus something, which grows the slice (an append within the capacity), never drops."""
    bound = grammar.unparen(bound)
    if bound is None or bound.type != K.BINARY_EXPRESSION or grammar.operator(bound) != "+":
        return False
    for side in (bound.child_by_field_name(F.LEFT), bound.child_by_field_name(F.RIGHT)):
        at = slicing.offset(ctx, side, follow_locals=True)
        if at is not None and at.term == length and at.const >= 0:
            return True
    return False


_SIZING = ("Resize", "resize", "SetLen", "setLen", "Grow", "grow", "Reserve", "reserve")


def sized_after_growth(ctx: FileView, place: Node, reslice: Node) -> bool:
    """The statement before `place = place[:n]` gave the place a new array or grew it
    (`r.buf = slicegrow.GrowToCap(r.buf, n)`, `s.items = make(...)`), or the function is named
    for setting a size (`Resize(n)`, `SetLen`, `Grow`): the reslice sizes the slice."""
    func = grammar.enclosing_function(reslice)
    name = func.child_by_field_name(F.NAME) if func is not None else None
    if name is not None and grammar.text(name).startswith(_SIZING):
        return True
    statement = flow.enclosing_statement(reslice)
    if statement is None or statement.parent is None:
        return False
    siblings = grammar.statement_list(statement.parent)
    index = next((i for i, s in enumerate(siblings) if s.id == statement.id), -1)
    if index <= 0:
        return False
    before = siblings[index - 1]
    if before.type != K.ASSIGNMENT:
        return False
    for target, assigned in zip(*slicing.bindings(before), strict=False):
        value = grammar.unparen(assigned)
        if slicing.same_expr(ctx, target, place) and value is not None and value.type != K.SLICE_EXPRESSION:
            return True
    return False
