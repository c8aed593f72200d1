"""Elements already zeroed: `clear`, zero assignments and loops before a statement drops them.

A rule that would zero the elements a statement drops first asks whether the
function already does it (`clear(s[n:])`, `s[i] = nil`, through a copy of
the old header such as `old := *h`, or later in the same loop body).
"""

from __future__ import annotations

from gofixleak.analysis import flow, slicing
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def zeroed_before(ctx: FileView, statement: Node, aliases: list[Node]) -> bool:
    """Something before `statement` in the function already zeroes elements of the slice."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return False
    keys = {slicing.canonical(ctx, a) for a in aliases}
    copies = _old_headers(ctx, statement, body, keys)
    # in a loop, what comes later in the body ran before this statement on the previous iteration
    loop = flow.enclosing_loop(statement)
    for node in ctx.find(K.CALL_EXPRESSION, K.ASSIGNMENT, within=body):
        if grammar.is_within(node, statement):
            continue
        # after it, a copy of the old header still reaches the dropped elements
        # (`t := l.items; l.items = append(l.items[:i], l.items[i+1:]...); t[len(t)-1] = nil`)
        after = node.start_byte >= statement.start_byte
        if after and copies and node.type == K.ASSIGNMENT and _zeroes_an_element(ctx, node, copies):
            return True
        if after and not (loop is not None and grammar.is_within(node, loop)):
            continue
        if node.type == K.CALL_EXPRESSION and _clears(ctx, node, keys):
            return True
        if node.type == K.ASSIGNMENT and _zeroes_an_element(ctx, node, keys):
            return True
    return False


def _old_headers(ctx: FileView, statement: Node, body: Node, keys: set[str | None]) -> set[str | None]:
    """Locals holding the slice header as it was before `statement` (`old := *h`), never
    reassigned, and not the place the statement assigns."""
    targets = set()
    if statement.type == K.ASSIGNMENT:
        targets = {slicing.canonical(ctx, t) for t in grammar.items(statement.child_by_field_name(F.LEFT))}
    copies: set[str | None] = set()
    for declaration in ctx.find(K.SHORT_VAR_DECLARATION, K.VAR_SPEC, within=body):
        if declaration.start_byte >= statement.start_byte:
            break
        names, values = slicing.bindings(declaration)
        for name, value in zip(names, values, strict=False):
            key = slicing.canonical(ctx, name)
            if name.type != K.IDENTIFIER or key in targets or slicing.canonical(ctx, value) not in keys:
                continue
            symbol = ctx.resolve(name)
            if symbol is not None and symbol.where == scope.LOCAL and not slicing.assignments_to(ctx, symbol):
                copies.add(key)
    return copies


def _clears(ctx: FileView, call: Node, keys: set[str | None]) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is None or grammar.text(function) != "clear" or len(args) != 1:
        return False
    target = grammar.unparen(args[0])
    while target is not None and target.type == K.SLICE_EXPRESSION:
        target = grammar.unparen(target.child_by_field_name(F.OPERAND))
    return slicing.canonical(ctx, target) in keys


def _zeroes_an_element(ctx: FileView, assignment: Node, keys: set[str | None]) -> bool:
    targets = grammar.items(assignment.child_by_field_name(F.LEFT))
    values = grammar.items(assignment.child_by_field_name(F.RIGHT))
    for target, value in zip(targets, values, strict=False):
        target = grammar.unparen(target)
        if target is None or target.type != K.INDEX_EXPRESSION:
            continue
        if slicing.canonical(ctx, target.child_by_field_name(F.OPERAND)) in keys and is_zero(ctx, value):
            return True
    return False


def is_zero(ctx: FileView, value: Node) -> bool:
    value = grammar.unparen(value)
    if value is None:
        return False
    text = ctx.text(value)
    if text in ("nil", '""', "``", "0"):
        return True
    if value.type == K.COMPOSITE_LITERAL:
        return not grammar.named(value.child_by_field_name(F.VALUE))
    if value.type == K.IDENTIFIER:
        symbol = ctx.resolve(value)
        # `var zero T`
        return (
            symbol is not None and symbol.kind == scope.VAR and symbol.value is None and symbol.value_decl is not None
        )
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "*":
        inner = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return inner is not None and inner.type == K.CALL_EXPRESSION and ctx.text(inner).startswith("new(")
    return False
