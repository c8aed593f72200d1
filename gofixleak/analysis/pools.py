"""Pools: calls that hand a buffer back for reuse, which keeps its backing array alive."""

from __future__ import annotations

import weakref

from gofixleak.analysis import callees, slicing, storage
from gofixleak.semantics import gotypes
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def handed_to_pool(ctx: FileView, place: Node, statement: Node) -> str | None:
    """A local slice (or the object holding it) handed to a pool (`pool_put`) later in the function."""
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
                return f"a buffer handed to {pool}"
    return None


def pool_put(ctx: FileView, call: Node, depth: int = 0) -> str | None:
    """The callee's text (`pool.Put`) when `call` hands its argument back to a pool for reuse: `Put` on a
    `sync.Pool`; a `Put`/`Release`/`Recycle`/`Free` method or function whose body (in the module)
    keeps the argument (appends it to a free list, sends it on a channel, stores it, or puts it in
    another pool); for one whose source gofixleak does not have, a type or package named for a pool
    (`zeropool.Pool[T].Put`, `bytespool.Put`)."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    name = grammar.text(function.child_by_field_name(F.FIELD))
    if not (name in _PUT_NAMES or name.startswith(("Put", "Release"))):
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None or not grammar.named(call.child_by_field_name(F.ARGUMENTS)):
        return None
    imported = ctx.program.package_of_selector(operand, ctx.file)
    pool = None if imported is not None else ctx.program.deref(ctx.type_of(operand))
    if pool == gotypes.Named("sync", "Pool"):
        return ctx.text(function) if name == "Put" else None
    declared = callees.declaration_of(ctx, call)
    if declared is not None:
        return ctx.text(function) if depth < _DEPTH and _keeps_argument(ctx, *declared, depth) else None
    if imported is not None:
        return ctx.text(function) if "pool" in imported.rsplit("/", 1)[-1].lower() else None
    if isinstance(pool, gotypes.Named) and "pool" in pool.name.lower():
        return ctx.text(function)
    return None


_PUT_NAMES = frozenset({"Put", "put", "Release", "release", "Recycle", "recycle", "Free", "free"})
_DEPTH = 3
# Program -> (file path, declaration start) -> whether the function keeps its first argument.
_KEEPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _keeps_argument(ctx: FileView, file: ParsedFile, decl: Node, depth: int) -> bool:
    cache = _KEEPS.setdefault(ctx.program, {})
    key = (file.path, decl.start_byte)
    if key not in cache:
        cache[key] = False  # recursion: assume not while deciding
        cache[key] = _decide_keeps(ctx.sibling(file), decl, depth)
    return cache[key]


def _decide_keeps(ctx: FileView, decl: Node, depth: int) -> bool:
    """Whether the function's first parameter is kept past the call: stored in a long-lived place,
    appended to a free list, sent on a channel or handed to another pool."""
    params = callees.parameter_names(decl)
    body = decl.child_by_field_name(F.BODY)
    symbol = ctx.resolve(params[0]) if params else None
    if symbol is None or body is None:
        return False
    for use in ctx.references(symbol, body):
        if storage.stores(ctx, use):
            return True
        parent = slicing.outer_use(use).parent
        if parent is None:
            continue
        if parent.type == K.SEND_STATEMENT:
            return True
        if parent.type == K.ARGUMENTS and parent.parent is not None:
            call = parent.parent
            callee = grammar.unparen(call.child_by_field_name(F.FUNCTION))
            if callee is not None and grammar.text(callee) == "append" and _appended_to_field(ctx, call):
                return True
            if pool_put(ctx, call, depth + 1) is not None:
                return True
    return False


def _appended_to_field(ctx: FileView, append: Node) -> bool:
    """`p.free = append(p.free, b)`: the result goes back into a field or package variable."""
    values = slicing.outer_use(append).parent
    assignment = values.parent if values is not None and values.type == K.EXPRESSION_LIST else None
    if assignment is None or assignment.type != K.ASSIGNMENT:
        return False
    return any(storage.outlives(ctx, t) for t in grammar.items(assignment.child_by_field_name(F.LEFT)))
