"""Does the owner reset the destination itself?  Then a view kept there does not live long.

Zero-copy designs (parsers whose rows view the input, pooled objects) keep
views on purpose and release them themselves: a reset-like method of the
owning type zeroes the field or the whole value, or clears the slices that
hold such objects, or the function that fills a container empties it again.
Part of the retention model (`matters`); `reset_fields` and
`cleared_element_types` also say which fields a package recycles, for the
rules about dropped elements.
"""

from __future__ import annotations

import re

from gofixleak.analysis import copies, slicing, storage
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics.facts import MethodDecl, PackageFacts
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Methods whose job is to give an object's memory back: a zero-copy design resets the views it holds.
_RESET_NAME = re.compile(r"(?i)reset|clear|release|free|recycle|pool|put|close|cleanup|drop|truncate")


def owner_resets(ctx: FileView, store: storage.Store) -> bool:
    """The object the view is stored in resets that field itself: a reset-like method of its type
    zeroes the field or the whole value, the package clears the slices holding such objects, or
    this function empties the destination again after the store."""
    target = grammar.unparen(store.target)
    if target is None:
        return False
    selector: Node | None = target
    while selector is not None and selector.type == K.INDEX_EXPRESSION:  # h.m[k]: the map h.m
        selector = grammar.unparen(selector.child_by_field_name(F.OPERAND))
    if selector is None or selector.type != K.SELECTOR_EXPRESSION:
        return False
    field = grammar.text(selector.child_by_field_name(F.FIELD))
    owner = slicing.struct_owner(ctx.program, ctx.type_of(selector.child_by_field_name(F.OPERAND)), field)
    if owner is not None and owner[0] == ctx.file.import_path:
        fields = reset_fields(ctx, owner[1])
        if field in fields or "*" in fields or owner[1] in cleared_element_types(ctx):
            return True
    return _emptied_later(ctx, selector, store.statement)


def reset_fields(ctx: FileView, type_name: str) -> frozenset[str]:
    """The fields of the package's type `type_name` that one of its reset-like methods (`Reset`,
    `reset`, `release`, `returnToPool`...) zeroes: `r.f = ""`, `r.f = nil`, `r.f = r.f[:0]`,
    `clear(r.f)`; "*" when one zeroes the whole value (`*r = T{}`)."""
    facts = ctx.program.facts_of(ctx.file)
    if facts is None:
        return frozenset()

    def compute() -> frozenset[str]:
        found: set[str] = set()
        for method in facts.methods.get(type_name, {}).values():
            if _RESET_NAME.search(method.name):
                found |= _zeroed_by(ctx, facts, method)
        return frozenset(found)

    return facts.remembered("reset_fields", type_name, compute)


def _receiver_name(method: Node) -> str | None:
    receivers = grammar.named(method.child_by_field_name(F.RECEIVER))
    names = grammar.fields(receivers[0], F.NAME) if len(receivers) == 1 else []
    return grammar.text(names[0]) if len(names) == 1 else None


def _zeroed_by(ctx: FileView, facts: PackageFacts, method: MethodDecl) -> set[str]:
    receiver = _receiver_name(method.node)
    body = method.node.child_by_field_name(F.BODY)
    if receiver is None or body is None:
        return set()
    found: set[str] = set()
    for statement in grammar.find_all(body, (K.ASSIGNMENT, K.CALL_EXPRESSION)):
        if statement.type == K.CALL_EXPRESSION:
            function = grammar.unparen(statement.child_by_field_name(F.FUNCTION))
            args = grammar.named(statement.child_by_field_name(F.ARGUMENTS))
            if function is not None and grammar.text(function) == "clear" and len(args) == 1:
                name = _receiver_field(args[0], receiver)
                if name is not None:
                    found.add(name)
            continue
        lefts = grammar.items(statement.child_by_field_name(F.LEFT))
        rights = grammar.items(statement.child_by_field_name(F.RIGHT))
        for written, right in zip(lefts, rights, strict=True) if len(lefts) == len(rights) else ():
            left = grammar.unparen(written)
            if left is None or not _empty_value(right, left):
                continue
            if left.type == K.UNARY_EXPRESSION and grammar.operator(left) == "*":
                operand = grammar.unparen(left.child_by_field_name(F.OPERAND))
                if operand is not None and grammar.text(operand) == receiver:
                    found.add("*")
                continue
            name = _receiver_field(left, receiver)
            if name is not None:
                found.add(name)
    return found


def _receiver_field(node: Node | None, receiver: str) -> str | None:
    """The field name `f` for `r.f` with `r` the receiver."""
    node = grammar.unparen(node)
    if node is None or node.type != K.SELECTOR_EXPRESSION:
        return None
    operand = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if operand is None or grammar.text(operand) != receiver:
        return None
    return grammar.text(node.child_by_field_name(F.FIELD))


def _empty_value(value: Node | None, target: Node) -> bool:
    """`""`, `nil`, `0`, `T{}`, `make(..)`, `x[:0]` (of the target itself): a value holding nothing."""
    value = grammar.unparen(value)
    if value is None:
        return False
    text = grammar.text(value)
    if text in ('""', "``", "nil", "0", "false"):
        return True
    if value.type == K.COMPOSITE_LITERAL:
        body = value.child_by_field_name(F.VALUE)
        return body is None or not grammar.named(body)
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        return function is not None and grammar.text(function) == "make"
    if value.type == K.SLICE_EXPRESSION:
        high = value.child_by_field_name(F.HIGH)
        low = value.child_by_field_name(F.LOW)
        operand = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return (
            high is not None
            and grammar.text(high) == "0"
            and (low is None or grammar.text(low) == "0")
            and operand is not None
            and grammar.text(operand) == grammar.text(grammar.unparen(target))
        )
    return False


def cleared_element_types(ctx: FileView) -> frozenset[str]:
    """Names of the package's types whose values sit in slices that reset-like methods clear
    (`clear(ms.Rows)`, `for i := range rs.Rows { rs.Rows[i].reset() }`): those values are
    recycled by their container's owner."""
    facts = ctx.program.facts_of(ctx.file)
    if facts is None:
        return frozenset()

    def compute() -> frozenset[str]:
        found: set[str] = set()
        for methods in facts.methods.values():
            for method in methods.values():
                if _RESET_NAME.search(method.name):
                    found |= _cleared_containers(ctx, method)
        return frozenset(found)

    return facts.remembered("cleared_element_types", None, compute)


def _cleared_containers(ctx: FileView, method: MethodDecl) -> set[str]:
    receiver = _receiver_name(method.node)
    body = method.node.child_by_field_name(F.BODY)
    if receiver is None or body is None:
        return set()
    view = copies.view_of(ctx, method.file)
    found: set[str] = set()
    for call in grammar.find_all(body, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if function is None or not args:
            continue
        container = None
        if grammar.text(function) == "clear" and len(args) == 1:
            container = args[0]
        if container is None or _receiver_field(container, receiver) is None:
            continue
        elem = ctx.underlying(view.type_of(container))
        if isinstance(elem, gt.Slice) and isinstance(elem.elem, gt.Named):
            found.add(elem.elem.name)
    for loop in grammar.find_all(body, (K.FOR_STATEMENT,)):
        clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
        ranged = clause.child_by_field_name(F.RIGHT) if clause is not None else None
        if ranged is None or _receiver_field(ranged, receiver) is None:
            continue
        for call in grammar.find_all(loop, (K.CALL_EXPRESSION,)):
            function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
            if function is not None and function.type == K.SELECTOR_EXPRESSION:
                if _RESET_NAME.search(grammar.text(function.child_by_field_name(F.FIELD))):
                    elem = ctx.underlying(view.type_of(ranged))
                    if isinstance(elem, gt.Slice) and isinstance(elem.elem, gt.Named):
                        found.add(elem.elem.name)
    return found


def _emptied_later(ctx: FileView, container: Node, statement: Node) -> bool:
    """The function (the outermost one, when the store is in a closure) assigns the destination
    container an empty value after the store: `m.dirty[k] = v` ... `m.dirty = map[string]T{}`."""
    outer = None
    for anc in grammar.ancestors(statement):
        if anc.type in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
            outer = anc
    body = grammar.function_body(outer) if outer is not None else None
    if body is None:
        return False
    for assignment in grammar.find_all(body, (K.ASSIGNMENT,)):
        if assignment.start_byte < statement.end_byte:
            continue
        lefts = grammar.items(assignment.child_by_field_name(F.LEFT))
        rights = grammar.items(assignment.child_by_field_name(F.RIGHT))
        for left, right in zip(lefts, rights, strict=True) if len(lefts) == len(rights) else ():
            if slicing.same_expr(ctx, left, container) and _empty_value(right, left):
                return True
    return False
