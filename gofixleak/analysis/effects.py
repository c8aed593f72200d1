"""What evaluating an expression may do: nothing, panic, or something observable.

A rule that moves an expression (hoists it out of a loop, evaluates it once
more, or at another point of a statement) must know that doing so keeps the
program's meaning.  Reading variables, constants and fields of values,
arithmetic that cannot trap and conversions between numeric types do nothing
but compute a value.  Dereferencing a pointer, indexing, dividing and type
assertions compute a value or panic.  Calls (other than conversions and a few
builtins), receives and anything this module does not know may do more.
"""

from __future__ import annotations

from enum import IntEnum

from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


class Effect(IntEnum):
    """What evaluating an expression may do; a larger value may do more."""

    NONE = 0  # computes a value, nothing else
    MAY_PANIC = 1  # computes a value or panics
    ANY = 2  # may call functions, receive, or do something unknown


# Builtins whose result depends only on their arguments and that never panic on them.
_PURE_BUILTINS = frozenset({"len", "cap", "min", "max", "real", "imag", "complex"})
_TRAPPING_OPERATORS = frozenset({"/", "%", "<<", ">>"})


def effect(ctx: FileView, expr: Node | None) -> Effect:
    """The most evaluating `expr` may do (ANY when unsure)."""
    expr = grammar.unparen(expr)
    if expr is None:
        return Effect.ANY
    kind = expr.type
    if kind in grammar.LITERAL_KINDS or kind in (K.IDENTIFIER, K.FUNCTION_LITERAL):
        return Effect.NONE
    if kind == K.SELECTOR_EXPRESSION:
        return _selector_effect(ctx, expr)
    if kind == K.BINARY_EXPRESSION:
        return _binary_effect(ctx, expr)
    if kind == K.UNARY_EXPRESSION:
        return _unary_effect(ctx, expr)
    if kind == K.CALL_EXPRESSION:
        return _call_effect(ctx, expr)
    if kind == K.INDEX_EXPRESSION:
        operand = expr.child_by_field_name(F.OPERAND)
        inner = max(effect(ctx, operand), effect(ctx, expr.child_by_field_name(F.INDEX)))
        if isinstance(ctx.underlying(ctx.type_of(operand)), gt.Map):
            return inner  # reading a map (even a nil one) never panics
        return max(inner, Effect.MAY_PANIC)
    if kind in (K.SLICE_EXPRESSION, K.TYPE_ASSERTION_EXPRESSION):
        return max(Effect.MAY_PANIC, *(effect(ctx, c) for c in _operands(expr)))
    if kind == K.COMPOSITE_LITERAL:
        return _literal_effect(ctx, expr.child_by_field_name(F.VALUE))
    return Effect.ANY


def _operands(expr: Node) -> list[Node]:
    return [c for c in grammar.named(expr) if c.type not in grammar.TYPE_KINDS]


def _literal_effect(ctx: FileView, value: Node | None) -> Effect:
    """The elements of `{...}`: values, map keys, and nested literals with elided types."""
    if value is None:
        return Effect.ANY
    found = Effect.NONE
    for element in grammar.named(value):
        parts = grammar.named(element) if element.type == K.KEYED_ELEMENT else [element]
        for i, part in enumerate(parts):
            if part.type == K.LITERAL_VALUE:
                found = max(found, _literal_effect(ctx, part))
            elif not (part.type == K.IDENTIFIER and i == 0 and len(parts) == 2):
                found = max(found, effect(ctx, part))  # a struct field name as key computes nothing
    return found


def _selector_effect(ctx: FileView, expr: Node) -> Effect:
    operand = expr.child_by_field_name(F.OPERAND)
    if operand is None:
        return Effect.ANY
    if ctx.program.package_of_selector(operand, ctx.file) is not None:
        return Effect.NONE  # pkg.Name
    base = ctx.type_of(operand)
    struct = ctx.underlying(base)
    name = ctx.text(expr.child_by_field_name(F.FIELD))
    direct = isinstance(struct, gt.Struct) and any(f.name == name and not f.embedded for f in struct.fields)
    if not direct:
        # through a pointer, a promoted field (maybe through an embedded pointer), a method value, unknown
        return max(Effect.MAY_PANIC, effect(ctx, operand))
    return effect(ctx, operand)


def _binary_effect(ctx: FileView, expr: Node) -> Effect:
    left, right = expr.child_by_field_name(F.LEFT), expr.child_by_field_name(F.RIGHT)
    inner = max(effect(ctx, left), effect(ctx, right))
    operator = grammar.operator(expr)
    if operator in _TRAPPING_OPERATORS and ctx.program.constant_int(right, ctx.file) is None:
        return max(inner, Effect.MAY_PANIC)  # division by zero, negative shift count
    if operator in ("==", "!=") and all(_is_interface(ctx, side) for side in (left, right)):
        return max(inner, Effect.MAY_PANIC)  # two interfaces holding the same uncomparable type panic
    return inner


def _is_interface(ctx: FileView, operand: Node | None) -> bool:
    """An interface or type parameter value (a type argument may be an interface)."""
    return isinstance(ctx.underlying(ctx.type_of(operand)), (gt.Interface, gt.TypeParam))


def _unary_effect(ctx: FileView, expr: Node) -> Effect:
    op = grammar.operator(expr)
    inner = effect(ctx, expr.child_by_field_name(F.OPERAND))
    if op == "<-":
        return Effect.ANY
    if op == "*":
        return max(inner, Effect.MAY_PANIC)
    return inner  # &x, -x, ^x, !x: `&p.f` already counts p's nil check through the selector


def _call_effect(ctx: FileView, call: Node) -> Effect:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is None:
        return Effect.ANY
    inner = max((effect(ctx, a) for a in args), default=Effect.NONE)
    target = ctx.program.conversion_type(function, ctx.file)
    if target is not None:
        if len(args) != 1:
            return Effect.ANY
        under = ctx.underlying(target)
        numeric = isinstance(under, gt.Basic) and under.name not in ("string",)
        return inner if numeric else max(inner, Effect.MAY_PANIC)
    if function.type == K.IDENTIFIER and ctx.text(function) in _PURE_BUILTINS:
        symbol = ctx.resolve(function)
        if symbol is not None and symbol.kind == sc.BUILTIN:
            return inner
    return Effect.ANY


def declared_outside(ctx: FileView, expr: Node, region: Node) -> bool:
    """Whether every name `expr` uses is declared outside `region` (so `expr` means the same before it)."""
    for ident in grammar.find_all(expr, (K.IDENTIFIER,)):
        symbol = ctx.resolve(ident)
        if symbol is None:
            return False
        if symbol.is_local and symbol.decl is not None and grammar.is_within(symbol.decl, region):
            return False
    return True
