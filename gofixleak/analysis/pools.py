"""Pools: calls that hand a buffer back for reuse, which keeps its backing array alive."""

from __future__ import annotations

from gofixleak.analysis import storage
from gofixleak.semantics import gotypes
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def handed_to_pool(ctx: FileView, place: Node, statement: Node) -> str | None:
    """A local slice (or the object holding it) handed to `sync.Pool.Put` later in the function."""
    root = storage.root_symbol(ctx, place)
    if root is None or root.func is None:
        return None
    body = grammar.function_body(root.func)
    if body is None:
        return None
    for call in ctx.find(K.CALL_EXPRESSION, within=body):
        if call.start_byte < statement.end_byte:
            continue
        pool = pool_put(ctx, call)
        if pool is None:
            continue
        for arg in grammar.named(call.child_by_field_name(F.ARGUMENTS)):
            if storage.root_symbol(ctx, arg) == root:
                return f"a buffer handed to {pool}.Put"
    return None


def pool_put(ctx: FileView, call: Node) -> str | None:
    """The pool's text when `call` is `pool.Put(x)` on a `sync.Pool`."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    if grammar.text(function.child_by_field_name(F.FIELD)) != "Put":
        return None
    operand = function.child_by_field_name(F.OPERAND)
    pool = ctx.program.deref(ctx.type_of(operand))
    if pool == gotypes.Named("sync", "Pool"):
        return ctx.text(operand)
    return None
