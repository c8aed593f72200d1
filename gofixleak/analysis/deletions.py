"""Deletions from the middle of a slice: `s = append(s[:i], s[i+1:]...)`.

The `append` shifts the tail down over the deleted run and leaves a copy of the
last `j-i` elements behind the new length, where they keep what they point to
alive for as long as the backing array lives.
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixleak.analysis import slicing, storage
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


@dataclass
class Deletion:
    call: Node
    source: Node
    start: Node  # i in s[:i]
    end: Node  # j in s[j:]
    count: int | None  # j - i when it is a constant
    elem: gotypes.Type
    statement: Node
    place: Node | None  # the assigned slice (None for a return)


def deletion_at(ctx: FileView, call: Node) -> Deletion | None:
    """`s = append(s[:i], s[j:]...)` (or `return append(...)` of the caller's slice) on a slice of
    pointer-holding elements that outlives the statement."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    arguments = call.child_by_field_name(F.ARGUMENTS)
    if function is None or function.type != K.IDENTIFIER or grammar.text(function) != "append":
        return None
    if not slicing.is_universe(ctx, "append", function) or arguments is None:
        return None
    args = grammar.named(arguments)
    if len(args) != 2 or not grammar.has_token(arguments, "..."):
        return None
    head, tail = grammar.unparen(args[0]), grammar.unparen(args[1])
    if head is None or tail is None or head.type != K.SLICE_EXPRESSION or tail.type != K.SLICE_EXPRESSION:
        return None
    start, end = head.child_by_field_name(F.HIGH), tail.child_by_field_name(F.LOW)
    if start is None or end is None or head.child_by_field_name(F.MAX) is not None:
        return None
    if _has_nonzero_low(ctx, head) or tail.child_by_field_name(F.HIGH) is not None:
        return None
    source = head.child_by_field_name(F.OPERAND)
    if not slicing.same_expr(ctx, source, tail.child_by_field_name(F.OPERAND)):
        return None
    elem = slicing.pointer_elem(ctx, source)
    if elem is None or source is None:
        return None
    start_offset, end_offset = slicing.offset(ctx, start), slicing.offset(ctx, end)
    count = None
    if start_offset is not None and end_offset is not None and start_offset.term == end_offset.term:
        count = end_offset.const - start_offset.const
        if count <= 0:
            return None  # not a deletion
    use = slicing.outer_use(call)
    parent = use.parent
    if parent is None or parent.type != K.EXPRESSION_LIST or parent.parent is None:
        return None
    statement = parent.parent
    if statement.type == K.RETURN_STATEMENT:
        if len(grammar.items(parent)) != 1 or not _caller_owned(ctx, source):
            return None
        return Deletion(call, source, start, end, count, elem, statement, None)
    if statement.type != K.ASSIGNMENT or grammar.operator(statement) != "=":
        return None
    targets, values = grammar.items(statement.child_by_field_name(F.LEFT)), grammar.items(parent)
    if len(targets) != 1 or len(values) != 1:
        return None
    place = targets[0]
    if not (slicing.same_expr(ctx, place, source) or slicing.local_alias_of(ctx, source, place)):
        return None
    if not storage.outlives(ctx, place, closures=True):
        return None
    return Deletion(call, source, start, end, count, elem, statement, place)


def _has_nonzero_low(ctx: FileView, node: Node) -> bool:
    low = slicing.offset(ctx, node.child_by_field_name(F.LOW))
    return low is not None and not low.is_const(0)


def _caller_owned(ctx: FileView, source: Node | None) -> bool:
    """`return append(s[:i], s[i+1:]...)` on a parameter: the vacated slot is in the caller's array."""
    source = grammar.unparen(source)
    if source is None or source.type != K.IDENTIFIER:
        return bool(source is not None and storage.outlives(ctx, source))
    symbol = ctx.resolve(source)
    if symbol is None:
        return False
    if symbol.where in (scope.PARAM, scope.RECEIVER):
        return not slicing.assignments_to(ctx, symbol)
    return symbol.is_package_var
