"""Do the views stored together cover their base?  Then a copy of one frees nothing.

A string or array cut into pieces that are all kept (a key=value split kept
in one object, the fields a tokenizer cuts in a loop, the consecutive tails
an arena hands out) stays alive whole with or without copies: copying each
piece only doubles the memory.  Part of the retention model (`matters`).
"""

from __future__ import annotations

from gofixleak.analysis import flow, slicing, storage
from gofixleak.semantics import scope as sc
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Bytes (or elements) two consecutive pieces may leave between them and still cover the base:
# a separator, a few bytes of framing.
_GAP = 8


def pieces_cover(ctx: FileView, view: Node, base: Node, store: storage.Store) -> bool:
    """The views stored together are (nearly) all of the base, so a copy of one frees nothing."""
    return (
        partitions_in_loop(ctx, base, store)
        or cut_into_pieces(ctx, view, base)
        or arena_piece(ctx, view, base)
        or _split_together(ctx, view, base, store)
    )


def partitions_in_loop(ctx: FileView, operand: Node, store: storage.Store) -> bool:
    """A loop storing views of an array (or string) that lives outside the loop: the pieces
    together cover what is kept (`for ... { obj.Funcs = t.Funcs[lastf:i] }`), or they all share
    one working buffer, kept once whatever the number of iterations."""
    loop = flow.enclosing_loop(store.statement)
    if loop is None:
        return _last_piece_of_partition(ctx, operand, store.statement)
    root = storage.root_symbol(ctx, operand)
    if root is None:
        return False
    if root.decl is None or root.file is not ctx.file:
        return True  # a package-level variable
    return not grammar.is_within(root.decl, loop)


def _last_piece_of_partition(ctx: FileView, operand: Node, statement: Node) -> bool:
    """`for ... { x[k].Vars = vars[i0:i] }; x[k].Vars = vars[i0:]`: the piece after the loop."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return False
    for other in ctx.find(K.SLICE_EXPRESSION, within=body):
        if other.end_byte > statement.start_byte or flow.enclosing_loop(other) is None:
            continue
        if not slicing.same_expr(ctx, other.child_by_field_name(F.OPERAND), operand):
            continue
        use = slicing.outer_use(other)
        if use.parent is not None and use.parent.type == K.EXPRESSION_LIST:
            holder = use.parent.parent
            if holder is not None and holder.type == K.ASSIGNMENT and sc.is_child(use.parent, holder, F.RIGHT):
                return True
    return False


def cut_into_pieces(ctx: FileView, view: Node, base: Node) -> bool:
    """A tokenizer: `s[start:i]` with `start = i + 1` in the same function.  The pieces it keeps
    cover `s` together, so `s` stays alive with or without copies (encoding/csv cuts one string
    into all of a record's fields on purpose, to allocate once)."""
    low = grammar.unparen(view.child_by_field_name(F.LOW))
    if low is None or low.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(low)
    if symbol is None or symbol.where != sc.LOCAL or symbol.kind != sc.VAR or symbol.func is None:
        return False
    body = grammar.function_body(symbol.func)
    if body is None:
        return False
    piece_ends = {
        end.term
        for other in ctx.find(K.SLICE_EXPRESSION, within=body)
        if slicing.same_expr(ctx, other.child_by_field_name(F.OPERAND), base)
        and slicing.same_expr(ctx, other.child_by_field_name(F.LOW), low)
        and (end := slicing.offset(ctx, other.child_by_field_name(F.HIGH))) is not None
        and end.term is not None
    }
    return any(
        (start := slicing.offset(ctx, slicing.assigned_value(use))) is not None and start.term in piece_ends
        for use in slicing.assignments_to(ctx, symbol)
    )


def arena_piece(ctx: FileView, view: Node, base: Node) -> bool:
    """`start := len(buf)`, then `buf` grows, then `x = buf[start:]`: the view is the piece just
    appended to a buffer that hands out consecutive pieces (an arena); together they are all of it."""
    low = grammar.unparen(view.child_by_field_name(F.LOW))
    high = view.child_by_field_name(F.HIGH)
    if low is None or low.type != K.IDENTIFIER or view.child_by_field_name(F.MAX) is not None:
        return False
    if high is not None:
        end = slicing.offset(ctx, high)
        if end is None or end.term != slicing.len_key(ctx, base) or end.const != 0:
            return False
    symbol = ctx.resolve(low)
    if symbol is None or symbol.where != sc.LOCAL or symbol.value is None or slicing.assignments_to(ctx, symbol):
        return False
    start = slicing.offset(ctx, symbol.value)
    return start is not None and start.const == 0 and start.term == slicing.len_key(ctx, base)


def _split_together(ctx: FileView, view: Node, base: Node, store: storage.Store) -> bool:
    """Views of one base stored into the same object (fields of one holder, elements of one
    composite literal, arguments of one call that keeps them) that chain from its start to its
    end: `t.Key = s[:n]; t.Value = s[n+1:]`, `s.Setenv(env[:i], env[i+1:])`."""
    holder = _holder_key(ctx, store)
    func = grammar.enclosing_function(store.statement)
    body = grammar.function_body(func) if func is not None else None
    if holder is None or body is None:
        return False
    arguments = slicing.outer_use(store.value).parent
    if holder.startswith("call@") and arguments is not None:
        candidates = [a for a in map(grammar.unparen, grammar.named(arguments)) if a is not None]
    else:
        candidates = ctx.find(K.SLICE_EXPRESSION, within=body)
    own = _bounds(ctx, view, base)
    pieces: list[tuple[slicing.Offset, slicing.Offset | None]] = [own] if own is not None else []
    for other in candidates:
        if other.type != K.SLICE_EXPRESSION or other.id == view.id:
            continue
        if not slicing.same_expr(ctx, other.child_by_field_name(F.OPERAND), base):
            continue
        together = holder.startswith("call@") or any(_holder_key(ctx, s) == holder for s in storage.stores(ctx, other))
        if not together:
            continue
        bounds = _bounds(ctx, other, base)
        if bounds is not None:
            pieces.append(bounds)
    return len(pieces) > 1 and _chain_covers(pieces)


def _holder_key(ctx: FileView, store: storage.Store) -> str | None:
    """What a stored value is kept in, for telling pieces kept together: the composite literal it
    is an element of, or the object whose field the store writes."""
    for anc in grammar.ancestors(store.value):
        if anc.id == store.statement.id:
            break
        if anc.type == K.COMPOSITE_LITERAL:
            return f"literal@{anc.start_byte}"
    target = grammar.unparen(store.target)
    if target is not None and target.type == K.SELECTOR_EXPRESSION:
        return slicing.canonical(ctx, target.child_by_field_name(F.OPERAND))
    arguments = slicing.outer_use(store.value).parent
    if store.target is None and arguments is not None and arguments.type == K.ARGUMENTS:
        return f"call@{arguments.start_byte}"  # arguments of one call to a function that keeps them
    return None


def _bounds(ctx: FileView, view: Node, base: Node) -> tuple[slicing.Offset, slicing.Offset | None] | None:
    """(low, high) of a view of `base`, high None when it runs to the end (`s[i:]`, `s[i:len(s)]`)."""
    if view.child_by_field_name(F.MAX) is not None:
        return None
    low = slicing.offset(ctx, view.child_by_field_name(F.LOW)) or slicing.Offset(None, 0)
    high = slicing.offset(ctx, view.child_by_field_name(F.HIGH))
    if high is not None and high.term == slicing.len_key(ctx, base) and -_GAP <= high.const <= 0:
        high = None
    return low, high


def _chain_covers(pieces: list[tuple[slicing.Offset, slicing.Offset | None]]) -> bool:
    """Whether some pieces lead from (near) the start to the end, each starting at most a few
    elements after the previous one ends."""
    reached = [high for low, high in pieces if low.term is None and 0 <= low.const <= _GAP]
    seen: set[tuple[str | None, int]] = set()
    while reached:
        end = reached.pop()
        if end is None:
            return True
        if (end.term, end.const) in seen:
            continue
        seen.add((end.term, end.const))
        for low, high in pieces:
            if low.term == end.term and 0 <= low.const - end.const <= _GAP:
                reached.append(high)
    return False
