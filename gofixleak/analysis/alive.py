"""Dropped elements that stay alive anyway: zeroing their slots would free nothing.

The dropped-element rule asks, for a pop or a truncation of a long-lived
slice, whether the elements it drops are still alive through something else
right after: the popped element returned to the caller or kept in the owner,
the last element moved into another slot (a swap-remove), or a nesting stack
restored to a depth the function saved on entry (it holds at most the nesting
depth, and the next push overwrites the slot).
"""

from __future__ import annotations

from gofixleak.analysis import slicing, storage
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def restores_saved_depth(ctx: FileView, bound: Node | None, slices: list[Node]) -> bool:
    """`n := len(s.stack); ...push, recurse...; s.stack = s.stack[:n]`: the truncation restores a
    depth the function saved on entry (a stack bounded by the nesting depth, not a lost tail)."""
    ident = grammar.unparen(bound)
    symbol = ctx.resolve(ident) if ident is not None and ident.type == K.IDENTIFIER else None
    value = grammar.unparen(symbol.value) if symbol is not None and symbol.where == scope.LOCAL else None
    if value is None or value.type != K.CALL_EXPRESSION or not slicing.is_universe(ctx, "len", value):
        return False
    function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
    args = grammar.named(value.child_by_field_name(F.ARGUMENTS))
    if function is None or grammar.text(function) != "len" or len(args) != 1:
        return False
    return any(slicing.same_expr(ctx, args[0], s) for s in slices)


def handed_on(
    ctx: FileView, statement: Node, side: str, bound: Node | None, slices: list[Node], heap_pop: bool = False
) -> bool:
    """A pop whose one dropped element the function returns from a heap's `Pop` (`heap_pop`: the
    caller of `heap.Pop` collects it) or from a free list's allocator (`if n > 0 { t = m.pool[n-1];
    m.pool = m.pool[:n-1] } else { t = new(T) }; return t`: the element is handed out for use and
    put back later), keeps in the owner (`i.cur, i.buf = i.buf[n-1], i.buf[:n-1]`) or moves into
    another slot of the slice (a swap-remove): the element stays alive anyway.  A queue's `Pop`
    that returns the job is still reported: its caller may drop the job at once."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return False
    returned = {
        symbol.key
        for ret in ctx.find(K.RETURN_STATEMENT, within=body)
        for ident in grammar.find_all(ret, (K.IDENTIFIER,))
        if (symbol := ctx.resolve(ident)) is not None and symbol.where == scope.LOCAL
    }
    owner_root = storage.root_symbol(ctx, slices[-1])
    for read in ctx.find(K.INDEX_EXPRESSION, within=body):
        if read.start_byte > statement.end_byte or not _is_dropped_element(ctx, read, side, bound, slices):
            continue
        target = assigned_from(read)
        if target is None:
            continue
        if target.type == K.IDENTIFIER:
            symbol = ctx.resolve(target)
            if symbol is not None and symbol.key in returned and (heap_pop or _makes_fresh(ctx, body, symbol)):
                return True
        elif target.type == K.INDEX_EXPRESSION:
            if any(slicing.same_expr(ctx, target.child_by_field_name(F.OPERAND), s) for s in slices):
                return True  # `s[i] = s[len(s)-1]; s = s[:len(s)-1]`: the slot copies a live element
        elif owner_root is not None and target.type == K.SELECTOR_EXPRESSION:
            root = storage.root_symbol(ctx, target)
            if root is not None and root.key == owner_root.key:
                return True
    return False


def _is_dropped_element(ctx: FileView, read: Node, side: str, bound: Node | None, slices: list[Node]) -> bool:
    operand = read.child_by_field_name(F.OPERAND)
    indexes = grammar.fields(read, F.INDEX)
    if len(indexes) != 1:
        return False
    through = operand is not None and any(slicing.same_expr(ctx, operand, s) for s in slices)
    if not through:
        ident = grammar.unparen(operand)
        symbol = ctx.resolve(ident) if ident is not None and ident.type == K.IDENTIFIER else None
        through = symbol is not None and any(slicing.local_alias_of(ctx, ident, s) for s in slices if ident)
    if not through:
        return False
    if side == "front":
        at = slicing.offset(ctx, indexes[0])
        return at is not None and at.is_const(0)
    return bound is not None and (slicing.same_expr(ctx, indexes[0], bound) or ctx.text(indexes[0]) == ctx.text(bound))


def assigned_from(value: Node) -> Node | None:
    """The target `value` is assigned to (`x := value`, `a, b = value, ..`), or None."""
    parent = value.parent
    if parent is None or parent.type != K.EXPRESSION_LIST or parent.parent is None:
        return None
    statement = parent.parent
    if statement.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION):
        return None
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    position = next((i for i, v in enumerate(values) if v.id == value.id), -1)
    if position < 0 or len(values) != len(targets):
        return None
    return grammar.unparen(targets[position])


def _makes_fresh(ctx: FileView, body: Node, symbol: scope.Symbol) -> bool:
    """The function also returns a value it makes (`t = new(thread)`, `return &keyPart{}`): an
    allocator that takes from a free list first."""
    for ret in ctx.find(K.RETURN_STATEMENT, within=body):
        for value in grammar.named(ret):
            for item in grammar.items(value) if value.type == K.EXPRESSION_LIST else [value]:
                if storage.is_fresh_allocation(ctx, item):
                    return True
    for assignment in ctx.find(K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, within=body):
        targets = grammar.items(assignment.child_by_field_name(F.LEFT))
        values = grammar.items(assignment.child_by_field_name(F.RIGHT))
        for target, value in zip(targets, values, strict=False):
            if (
                target.type == K.IDENTIFIER
                and (found := ctx.resolve(target)) is not None
                and found.key == symbol.key
                and storage.is_fresh_allocation(ctx, value)
            ):
                return True
    return False
