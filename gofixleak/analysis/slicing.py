"""Slices for the retention rules: what their elements hold, their bounds, and where they are used.

The subslice and dropped-element rules ask the same questions about a slice
expression `x[lo:hi]` and the place it is assigned to:

- does the element type hold pointers (so a dropped element keeps something
  alive), and what is its zero value (`nil`, `""`, `T{}`, `var zero T`)?
- is an expression pure and cheap, so that a fix may evaluate it twice?
- do two expressions denote the same place (`*h` and `(*h)`, the same `p.items`)?
- what is a bound relative to the slice's length (`n-1` where `n := len(old)`
  is `len(old) - 1`)?
- where else in the package is a place (a package variable, a struct field)
  compared with nil, resliced, written through or handed out?

Answers are conservative: `None` or "used" when unsure.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from gofixleak.analysis import effects
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import index
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.typecheck import Program
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# --- element types ------------------------------------------------------------------


def holds_pointers(program: Program, t: gt.Type | None, depth: int = 0) -> bool | None:
    """Whether a value of type `t` can keep other memory alive (None when the type is unknown).

    Pointers, interfaces, maps, slices, channels, functions and strings do; so
    do structs and arrays that contain one.  A type parameter does unless every
    term of its constraint is pointer-free.
    """
    if t is None or depth > 12:
        return None
    if isinstance(t, gt.TypeParam):
        return _type_param_holds_pointers(program, t, depth)
    under = program.underlying(t)
    if under is None:
        return None
    if isinstance(under, gt.Basic):
        return under.name in ("string", "untyped string", "untyped nil")
    if isinstance(under, (gt.Pointer, gt.Slice, gt.Map, gt.Chan, gt.Signature, gt.Interface)):
        return True
    if isinstance(under, gt.Array):
        if under.length == 0:
            return False
        return holds_pointers(program, under.elem, depth + 1)
    if isinstance(under, gt.Struct):
        answers = [holds_pointers(program, f.type, depth + 1) for f in under.fields]
        if any(a is True for a in answers):
            return True
        return None if any(a is None for a in answers) else False
    if isinstance(under, gt.TypeParam):
        return _type_param_holds_pointers(program, under, depth)
    return None


def _type_param_holds_pointers(program: Program, t: gt.TypeParam, depth: int) -> bool:
    constraint = program.underlying(t.constraint) if isinstance(t.constraint, gt.Named) else t.constraint
    if not isinstance(constraint, gt.Interface) or not constraint.terms or constraint.embeds:
        return True  # any type may be substituted, pointers included
    return any(holds_pointers(program, term, depth + 1) is not False for _, term in constraint.terms)


def pointer_elem(ctx: FileView, source: Node | None) -> gt.Type | None:
    """The element type of slice `source` when its elements can hold pointers."""
    under = ctx.underlying(ctx.type_of(source))
    if not isinstance(under, gt.Slice) or under.elem is None:
        return None
    return under.elem if holds_pointers(ctx.program, under.elem) else None


@dataclass(frozen=True)
class Zero:
    """How to write the zero value of an element type.

    `expr` is the expression (`nil`, `""`, `T{}`); when it is None the type
    has no literal we can spell (a type parameter), and the fix declares
    `var <name> <type_text>` and uses the variable.
    """

    expr: str | None
    type_text: str


def zero_value(ctx: FileView, t: gt.Type | None, at: Node) -> Zero | None:
    """The zero value of `t` as it can be written at `at`, or None when it cannot be spelled."""
    if t is None:
        return None
    spelled = ctx.spell(t, at) or ""
    if isinstance(t, gt.TypeParam):
        return Zero(None, spelled) if spelled else None
    under = ctx.underlying(t)
    if isinstance(under, (gt.Pointer, gt.Slice, gt.Map, gt.Chan, gt.Signature, gt.Interface)):
        return Zero("nil", spelled) if is_universe(ctx, "nil", at) else None
    if isinstance(under, gt.Basic) and gt.is_string_basic(under):
        return Zero('""', spelled)
    if isinstance(under, gt.TypeParam):
        return Zero(None, spelled) if spelled else None
    if isinstance(under, (gt.Struct, gt.Array)) and spelled:
        return Zero(spelled + "{}", spelled)
    return None


def is_universe(ctx: FileView, name: str, at: Node) -> bool:
    """True when `name` at `at` is the predeclared one (nobody shadows `nil`, `clear`, `len`...)."""
    symbol = ctx.lookup(name, at)
    return symbol is not None and symbol.where == sc.UNIVERSE


# --- expressions ----------------------------------------------------------------------


def is_pure(ctx: FileView, node: Node | None) -> bool:
    """Evaluating `node` once more gives the same value and does nothing else (it may panic the
    first time, as the original would): no calls but conversions and `len`/`cap`/`min`/`max`,
    no receives, and no literals that would make a second object."""
    if node is None or effects.effect(ctx, node) > effects.Effect.MAY_PANIC:
        return False
    return not grammar.find_all(node, (K.COMPOSITE_LITERAL, K.FUNCTION_LITERAL))


def canonical(ctx: FileView, node: Node | None) -> str | None:
    """A key for the value an expression denotes: parentheses and spacing do not matter,
    and identifiers stand for their declarations (so a shadowing local is not the same place)."""
    node = grammar.unparen(node)
    if node is None:
        return None
    kind = node.type
    if kind == K.IDENTIFIER:
        symbol = ctx.resolve(node)
        if symbol is None:
            return grammar.text(node)
        return f"{symbol.name}@{symbol.key}"
    if kind == K.SELECTOR_EXPRESSION:
        return (
            f"{canonical(ctx, node.child_by_field_name(F.OPERAND))}.{grammar.text(node.child_by_field_name(F.FIELD))}"
        )
    if kind == K.INDEX_EXPRESSION:
        inner = ",".join(str(canonical(ctx, i)) for i in grammar.fields(node, F.INDEX))
        return f"{canonical(ctx, node.child_by_field_name(F.OPERAND))}[{inner}]"
    if kind == K.SLICE_EXPRESSION:
        bounds = ":".join(str(canonical(ctx, node.child_by_field_name(f))) for f in (F.LOW, F.HIGH, F.MAX))
        return f"{canonical(ctx, node.child_by_field_name(F.OPERAND))}[{bounds}]"
    if kind == K.UNARY_EXPRESSION:
        return f"{grammar.operator(node)}({canonical(ctx, node.child_by_field_name(F.OPERAND))})"
    if kind == K.BINARY_EXPRESSION:
        left = canonical(ctx, node.child_by_field_name(F.LEFT))
        right = canonical(ctx, node.child_by_field_name(F.RIGHT))
        return f"({left}{grammar.operator(node)}{right})"
    if kind == K.CALL_EXPRESSION:
        args = ",".join(str(canonical(ctx, a)) for a in grammar.named(node.child_by_field_name(F.ARGUMENTS)))
        return f"{canonical(ctx, node.child_by_field_name(F.FUNCTION))}({args})"
    return grammar.text(node)


def same_expr(ctx: FileView, a: Node | None, b: Node | None) -> bool:
    key = canonical(ctx, a)
    return key is not None and key == canonical(ctx, b)


@dataclass(frozen=True)
class Offset:
    """A bound as `term + const`: `len(s)-1` is Offset(<len(s)>, -1), `3` is Offset(None, 3)."""

    term: str | None
    const: int
    # the source text of the term (for printing it back), not part of the value
    term_text: str | None = field(default=None, compare=False)

    def is_const(self, value: int | None = None) -> bool:
        return self.term is None and (value is None or self.const == value)

    def text(self) -> str | None:
        """Go source for the value (`n-12`, `len(s)`, `3`), None when the term's text is unknown."""
        if self.term is None:
            return str(self.const)
        if self.term_text is None:
            return None
        if self.const == 0:
            return self.term_text
        return f"{self.term_text}{'+' if self.const > 0 else '-'}{abs(self.const)}"


def offset(
    ctx: FileView, node: Node | None, follow_locals: bool = False, even_if_changed: bool = False
) -> Offset | None:
    """`node` as `term + const` (None for a missing node).

    With `follow_locals`, a local variable that is assigned once (`n := len(old)`)
    stands for its initial value, as long as nothing that value reads can have
    changed between the declaration and this use (`n := len(p.stack)`, then a
    call that pushes or pops, and `n` no longer measures `p.stack`), or
    `even_if_changed` (for guesses that only decide whether to report).
    """
    node = grammar.unparen(node)
    if node is None:
        return None
    value = ctx.program.constant_int(node, ctx.file)
    if value is not None:
        return Offset(None, value)
    if node.type == K.BINARY_EXPRESSION and grammar.operator(node) in ("+", "-"):
        left = offset(ctx, node.child_by_field_name(F.LEFT), follow_locals, even_if_changed)
        right = offset(ctx, node.child_by_field_name(F.RIGHT), follow_locals, even_if_changed)
        if left is not None and right is not None:
            if grammar.operator(node) == "+" and (left.term is None or right.term is None):
                term = left if left.term is not None else right
                return Offset(term.term, left.const + right.const, term.term_text)
            if grammar.operator(node) == "-" and right.term is None:
                return Offset(left.term, left.const - right.const, left.term_text)
    if follow_locals and node.type == K.IDENTIFIER:
        symbol = ctx.resolve(node)
        if symbol is not None and symbol.where == sc.LOCAL and symbol.value is not None:
            if not assignments_to(ctx, symbol) and (even_if_changed or unchanged_since_declaration(ctx, symbol, node)):
                return offset(ctx, symbol.value, follow_locals, even_if_changed)
    if node.type == K.CALL_EXPRESSION:
        place = _length_method_place(ctx, node)
        if place is not None:
            return Offset(f"{_builtin_call_prefix(ctx, 'len', node)}({place})", 0, ctx.text(node))
    return Offset(canonical(ctx, node), 0, ctx.text(node))


def _length_method_place(ctx: FileView, call: Node) -> str | None:
    """The canonical key of `h.items` for `h.len()` (see `_length_method`)."""
    found = _length_method(ctx, call)
    base = canonical(ctx, found[0]) if found is not None else None
    if found is None or base is None:
        return None
    return base + "".join(f".{f}" for f in found[1])


def _length_method(ctx: FileView, call: Node) -> tuple[Node, list[str]] | None:
    """(`h`, ["items"]) for `h.len()`, a call of a method declared on h's own type (not
    promoted) in this package whose whole body is `return len(recv.items)` (a path of fields of
    the receiver); None for anything else."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    if grammar.named(call.child_by_field_name(F.ARGUMENTS)):
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None or ctx.program.package_of_selector(operand, ctx.file) is not None:
        return None
    t = ctx.type_of(operand)
    named = t.elem if isinstance(t, gt.Pointer) else t
    facts = ctx.program.facts_of(ctx.file)
    if not isinstance(named, gt.Named) or facts is None or named.package != ctx.file.import_path:
        return None
    decl = facts.method(named.name, grammar.text(function.child_by_field_name(F.FIELD)))
    if decl is None:
        return None
    receivers = grammar.named(decl.node.child_by_field_name(F.RECEIVER))
    names = grammar.fields(receivers[0], F.NAME) if len(receivers) == 1 else []
    block = decl.node.child_by_field_name(F.BODY)
    body = grammar.statement_list(block) if block is not None else []
    if len(names) != 1 or len(body) != 1 or body[0].type != K.RETURN_STATEMENT:
        return None
    returned = grammar.named(body[0])
    values = grammar.items(returned[0]) if len(returned) == 1 and returned[0].type == K.EXPRESSION_LIST else returned
    value = grammar.unparen(values[0]) if len(values) == 1 else None
    if value is None or value.type != K.CALL_EXPRESSION:
        return None
    callee = grammar.unparen(value.child_by_field_name(F.FUNCTION))
    args = grammar.named(value.child_by_field_name(F.ARGUMENTS))
    if callee is None or callee.type != K.IDENTIFIER or grammar.text(callee) != "len" or len(args) != 1:
        return None
    builtin = ctx.program.resolve(callee, decl.file)
    if builtin is None or builtin.kind != sc.BUILTIN:
        return None
    fields: list[str] = []
    path = grammar.unparen(args[0])
    while path is not None and path.type == K.SELECTOR_EXPRESSION:
        fields.append(grammar.text(path.child_by_field_name(F.FIELD)))
        path = grammar.unparen(path.child_by_field_name(F.OPERAND))
    if not fields or path is None or path.type != K.IDENTIFIER or grammar.text(path) != grammar.text(names[0]):
        return None
    return operand, fields[::-1]


_BYTE_SIZED = frozenset({"uint8", "int8"})


def small_bound(ctx: FileView, node: Node | None) -> bool:
    """A constant, or a value of an 8-bit integer type, converted or not (`int(padLength)` for a
    byte): a bound that moves a view by at most 255 elements, as a constant trim does."""
    node = grammar.unparen(node)
    if node is None:
        return False
    if ctx.program.constant_int(node, ctx.file) is not None:
        return True
    if node.type == K.CALL_EXPRESSION:
        function = node.child_by_field_name(F.FUNCTION)
        args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
        if function is not None and len(args) == 1 and ctx.program.conversion_type(function, ctx.file) is not None:
            return small_bound(ctx, args[0])
        return False
    t = ctx.underlying(ctx.type_of(node))
    return isinstance(t, gt.Basic) and t.name in _BYTE_SIZED


def near_length(ctx: FileView, high: Node | None, operand: Node) -> bool:
    """`len(s)`, `len(s)-k` with `k` a small bound (`len(p)-int(padLength)`), or no bound at all."""
    if high is None:
        return True
    value = offset(ctx, high, follow_locals=True)
    length = len_key(ctx, operand)
    if value is not None and value.term == length and value.const <= 0:
        return True
    node = grammar.unparen(high)
    if node is None or node.type != K.BINARY_EXPRESSION or grammar.operator(node) != "-":
        return False
    left = offset(ctx, node.child_by_field_name(F.LEFT), follow_locals=True)
    return (
        left is not None
        and left.term == length
        and left.const <= 0
        and small_bound(ctx, node.child_by_field_name(F.RIGHT))
    )


def constant_trim(ctx: FileView, view: Node, operand: Node) -> bool:
    """`s[4:]`, `s[:len(s)-1]`, `s[2:len(s)-2]`, `s[:]`, `p[:len(p)-int(padLength)]` with a
    byte-sized `padLength`: a view that drops at most a few elements (255 per bound) of `s`, so a
    copy would duplicate nearly all of it to free little.  A full slice expression (`s[a:b:c]`)
    is never one."""
    if view.child_by_field_name(F.MAX) is not None:
        return False
    low_node = view.child_by_field_name(F.LOW)
    low = offset(ctx, low_node, follow_locals=True)
    low_constant = low is None or low.is_const() or small_bound(ctx, low_node)
    return low_constant and near_length(ctx, view.child_by_field_name(F.HIGH), operand)


def nested_view(node: Node) -> bool:
    """`s[a:]` in `s[a:][:b]`: the operand of an outer slice expression, which is the view kept."""
    parent = node.parent
    return parent is not None and parent.type == K.SLICE_EXPRESSION and sc.is_child(node, parent, F.OPERAND)


# --- the type a value's context requires -------------------------------------------------


def expected_type(ctx: FileView, value: Node) -> gt.Type | None:
    """The type the context of `value` requires: the field of a composite literal, a map key or
    element (of a literal or an index expression), the variable assigned, a channel's element,
    an element appended to a slice; None when unknown or unconstrained."""
    use = outer_use(value)
    parent = use.parent
    if parent is None:
        return None
    if parent.type == K.KEYED_ELEMENT and sc.is_child(use, parent, F.ELEMENT):
        literal = parent.parent.parent if parent.parent is not None else None
        key = parent.child_by_field_name(F.KEY)
        if literal is None or literal.type != K.COMPOSITE_LITERAL or key is None:
            return None
        container = ctx.underlying(ctx.type_of(literal))
        if isinstance(container, gt.Struct):
            return ctx.program.field_type(ctx.type_of(literal), ctx.text(key))
        if isinstance(container, gt.Map):
            return container.value
        if isinstance(container, (gt.Slice, gt.Array)):
            return container.elem
        return None
    if parent.type == K.INDEX_EXPRESSION and sc.is_child(use, parent, F.INDEX):
        container = ctx.underlying(ctx.type_of(parent.child_by_field_name(F.OPERAND)))
        return container.key if isinstance(container, gt.Map) else None
    if parent.type == K.SEND_STATEMENT and sc.is_child(use, parent, F.VALUE):
        channel = ctx.underlying(ctx.type_of(parent.child_by_field_name(F.CHANNEL)))
        return channel.elem if isinstance(channel, gt.Chan) else None
    if parent.type == K.ARGUMENTS:
        call = parent.parent
        args = grammar.named(parent)
        function = call.child_by_field_name(F.FUNCTION) if call is not None else None
        if function is None or ctx.text(function) != "append" or not is_universe(ctx, "append", function):
            return None
        if not args or args[0].id == use.id:
            return None
        container = ctx.underlying(ctx.type_of(args[0]))
        return container.elem if isinstance(container, gt.Slice) else None
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None and parent.parent.type == K.ASSIGNMENT:
        statement = parent.parent
        if not sc.is_child(parent, statement, F.RIGHT) or grammar.operator(statement) != "=":
            return None
        values, targets = grammar.items(parent), grammar.items(statement.child_by_field_name(F.LEFT))
        index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
        return ctx.type_of(targets[index]) if 0 <= index < len(targets) == len(values) else None
    return None


def common_expected_type(ctx: FileView, values: list[Node], accept) -> gt.Type | None:
    """The one type every value's context requires (`expected_type`), when `accept` takes it;
    None when there are no values, one is unknown or refused, or they differ."""
    types = [expected_type(ctx, value) for value in values]
    if not types or any(t is None or not accept(t) for t in types):
        return None
    first = types[0]
    return first if all(str(t) == str(first) for t in types) else None


def unchanged_since_declaration(ctx: FileView, symbol: sc.Symbol, use: Node) -> bool:
    """Whether the places `symbol`'s initial value reads still hold what they held when it was
    declared, at `use`: no call (which may push or pop) and no assignment to them in between,
    counting the whole of a loop that comes round to `use` without passing the declaration."""
    paths = _changeable_paths(ctx, symbol.value)
    if not paths:
        return True  # constants and locals that are never assigned
    declaration = grammar.enclosing(symbol.decl, (K.SHORT_VAR_DECLARATION, K.VAR_SPEC)) if symbol.decl else None
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if declaration is None or body is None:
        return False
    loop = _loop_around(use, declaration)
    for node in grammar.find_all(body, _CHANGING_KINDS):
        between = declaration.end_byte <= node.start_byte and node.end_byte <= use.start_byte
        if (between or (loop is not None and grammar.is_within(node, loop))) and _may_change(ctx, node, paths):
            return False
    return True


_CHANGING_KINDS = (K.CALL_EXPRESSION, K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, K.INC_DEC_STATEMENT, K.UNARY_EXPRESSION)


def _changeable_paths(ctx: FileView, value: Node | None) -> set[str]:
    """Canonical keys of the variables, fields and dereferences `value` reads (and of their
    prefixes: `p.stack` also reads `p`); locals that are never assigned cannot change."""
    keys: set[str] = set()
    if value is None:
        return keys
    for ident in grammar.find_all(value, (K.IDENTIFIER,)):
        symbol = ctx.resolve(ident)
        if symbol is None or symbol.kind != sc.VAR:
            continue
        path = ident
        while path.parent is not None and _extends_path(path.parent, path):
            path = path.parent
        if path.id == ident.id and symbol.is_local and not assignments_to(ctx, symbol):
            continue
        prefix: Node | None = path
        while prefix is not None:
            key = canonical(ctx, prefix)
            if key is not None:
                keys.add(key)
            prefix = None if prefix.id == ident.id else _path_operand(prefix)
    for call in grammar.find_all(value, (K.CALL_EXPRESSION,)):
        found = _length_method(ctx, call)  # `h.len()` reads h.items
        if found is not None:
            base, fields = canonical(ctx, found[0]), found[1]
            if base is not None:
                keys.update(base + "".join(f".{f}" for f in fields[:i]) for i in range(1, len(fields) + 1))
    return keys


def _extends_path(parent: Node, child: Node) -> bool:
    """`parent` reads through `child`: `child.f`, `child[i]`, `*child`, `(child)`."""
    if parent.type == K.PARENTHESIZED_EXPRESSION:
        return True
    if parent.type in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION) or (
        parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "*"
    ):
        return sc.is_child(child, parent, F.OPERAND)
    return False


def _path_operand(node: Node) -> Node | None:
    if node.type == K.PARENTHESIZED_EXPRESSION:
        inner = grammar.named(node)
        return inner[0] if inner else None
    return node.child_by_field_name(F.OPERAND)


def _loop_around(use: Node, declaration: Node) -> Node | None:
    """The outermost loop that holds `use` but not `declaration` (its whole body runs in between)."""
    outer = None
    for anc in grammar.ancestors(use):
        if anc.type in grammar.FUNCTION_KINDS or grammar.is_within(declaration, anc):
            break
        if anc.type == K.FOR_STATEMENT:
            outer = anc
    return outer


def _may_change(ctx: FileView, node: Node, paths: set[str]) -> bool:
    if node.type == K.CALL_EXPRESSION:
        kind, _ = _callee(ctx, ctx.file, node)
        return kind not in ("builtin", "conversion")
    if node.type == K.UNARY_EXPRESSION:
        return grammar.operator(node) == "&" and canonical(ctx, node.child_by_field_name(F.OPERAND)) in paths
    if node.type == K.INC_DEC_STATEMENT:
        targets = grammar.named(node)
    else:
        targets = grammar.items(node.child_by_field_name(F.LEFT))
    return any(canonical(ctx, target) in paths for target in targets)


def len_key(ctx: FileView, place: Node) -> str:
    """The `term` of `Offset` that stands for `len(place)` (as `canonical` spells the call)."""
    return _builtin_call_key(ctx, "len", place)


def cap_key(ctx: FileView, place: Node) -> str:
    """The `term` of `Offset` that stands for `cap(place)`."""
    return _builtin_call_key(ctx, "cap", place)


def _builtin_call_key(ctx: FileView, name: str, place: Node) -> str:
    return f"{_builtin_call_prefix(ctx, name, place)}({canonical(ctx, place)})"


def _builtin_call_prefix(ctx: FileView, name: str, at: Node) -> str:
    symbol = ctx.lookup(name, at)
    return f"{name}@{symbol.key}" if symbol is not None else name


# --- local variables --------------------------------------------------------------------


def assignments_to(ctx: FileView, symbol: sc.Symbol) -> list[Node]:
    """Uses of a local variable that may change it after its declaration (`x = ..`, `x++`, `&x`)."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return []
    return [u for u in ctx.references(symbol, body) if sc.is_written(u)]


def assigned_value(target: Node) -> Node | None:
    """The value `x = v` gives the variable `target` names, one of `assignments_to` (None for
    `x++`, `x += v`, `&x`, `x, err = f()`)."""
    sides = assignment_sides(target)
    if sides is None:
        return None
    left, right, index = sides
    return right[index] if 0 <= index < len(right) and len(left) == len(right) else None


def assignment_sides(target: Node) -> tuple[list[Node], list[Node], int] | None:
    """(targets, values, position of `target` among the targets) of the plain assignment `=`
    that `target` is a target of; None for `:=`, `+=`, `x++` and the like."""
    targets = target.parent
    assignment = targets.parent if targets is not None else None
    if assignment is None or assignment.type != K.ASSIGNMENT or grammar.operator(assignment) != "=":
        return None
    left, right = grammar.items(targets), grammar.items(assignment.child_by_field_name(F.RIGHT))
    return left, right, next((i for i, t in enumerate(left) if t.id == target.id), -1)


def local_alias_of(ctx: FileView, node: Node | None, place: Node) -> bool:
    """True when `node` is a local variable initialised from `place` and never reassigned (`old := *h`)."""
    node = grammar.unparen(node)
    if node is None or node.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(node)
    if symbol is None or symbol.where != sc.LOCAL or symbol.kind != sc.VAR or symbol.value is None:
        return False
    return same_expr(ctx, symbol.value, place) and not assignments_to(ctx, symbol)


def bindings(node: Node) -> tuple[list[Node], list[Node]]:
    """(names, values) of a `var` spec, a `:=` declaration or an assignment."""
    if node.type == K.VAR_SPEC:
        return grammar.fields(node, F.NAME), grammar.items(node.child_by_field_name(F.VALUE))
    return grammar.items(node.child_by_field_name(F.LEFT)), grammar.items(node.child_by_field_name(F.RIGHT))


def strip_reslice(node: Node | None) -> Node | None:
    """The slice a chain of reslices views: `s` for `s[1:][:n]`."""
    node = grammar.unparen(node)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    return node


# --- places across the package ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Something a slice is stored in that can be found in every file of the package.

    kind "var": a package-level variable (`name`); kind "field": field `name`
    of the struct type `owner` (a named type, by package and name); kind
    "deref": `*p` for a pointer to the named type `owner` (a stack or heap
    type's own methods, `*h = old[:n-1]`), which also covers the receivers of
    its value methods; kind "local": a local variable (`symbol`).
    """

    kind: str
    name: str
    owner: tuple[str, str] | None = None
    symbol: sc.Symbol | None = None


def place_of(ctx: FileView, node: Node | None) -> Place | None:
    """The package-wide identity of an assignable expression, when it has one."""
    node = grammar.unparen(node)
    if node is None:
        return None
    if node.type == K.IDENTIFIER:
        symbol = ctx.resolve(node)
        if symbol is None or symbol.kind != sc.VAR:
            return None
        if symbol.is_package_var:
            return Place("var", symbol.name)
        if symbol.is_local:
            return Place("local", symbol.name, symbol=symbol)
        return None
    if node.type == K.SELECTOR_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        name = grammar.text(node.child_by_field_name(F.FIELD))
        if operand is None or ctx.program.package_of_selector(operand, ctx.file) is not None:
            return None
        owner = struct_owner(ctx.program, ctx.type_of(operand), name)
        return Place("field", name, owner=owner) if owner is not None else None
    if node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        owner = _pointed_named(ctx.program, ctx.type_of(node.child_by_field_name(F.OPERAND)))
        return Place("deref", owner[1], owner=owner) if owner is not None else None
    return None


def _pointed_named(program: Program, t: gt.Type | None) -> tuple[str, str] | None:
    """(package, name) of the named type `t` points to."""
    if isinstance(t, gt.Pointer) and isinstance(t.elem, gt.Named):
        return t.elem.package, t.elem.name
    return None


def foreign(ctx: FileView, place: Place) -> bool:
    """A field of a struct type declared in another package: its uses there are not in view."""
    return place.kind == "field" and place.owner is not None and place.owner[0] != ctx.file.import_path


def exported(ctx: FileView, place: Place) -> bool:
    """A field (of an exported type) or package variable that code in other packages can name
    (outside package main)."""
    if ctx.file.package == "main" or place.kind not in ("field", "var"):
        return False
    if foreign(ctx, place):
        return True
    owner_exported = place.owner is None or place.owner[1][:1].isupper()
    return owner_exported and place.name[:1].isupper()


def struct_owner(program: Program, t: gt.Type | None, field: str) -> tuple[str, str] | None:
    """(package, type name) of the named struct that declares `field` for a value of type `t`."""
    base = program.deref(t)
    for _ in range(6):
        if not isinstance(base, gt.Named):
            return None
        struct = program.underlying(base)
        if not isinstance(struct, gt.Struct):
            return None
        if any(f.name == field and not f.embedded for f in struct.fields):
            return base.package, base.name
        embedded = [f for f in struct.fields if f.embedded and program.field_type(f.type, field) is not None]
        if len(embedded) != 1:
            return None
        base = program.deref(embedded[0].type)
    return None


def occurrences(ctx: FileView, place: Place) -> list[tuple[ParsedFile, Node]]:
    """Every expression in the package (every file, for locals: the function) that denotes `place`."""
    program = ctx.program
    if place.kind == "local" and place.symbol is not None:
        body = grammar.function_body(place.symbol.func) if place.symbol.func is not None else None
        if body is None:
            return []
        decl = place.symbol.decl
        return [(ctx.file, u) for u in ctx.uses(place.symbol, body) if decl is None or u.id != decl.id]
    cache = _OCCURRENCES.setdefault(program, {})
    if place not in cache:
        cache[place] = list(_package_occurrences(ctx, place))
    return cache[place]


# Program -> Place -> occurrences: a package is scanned once per place, however many findings ask.
_OCCURRENCES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _names_in(file: ParsedFile, name: str) -> list[Node]:
    """The identifiers, selectors (by field name) and composite-literal keys spelling `name`."""
    return [mention.node for mention in index.file_names(file).mentions(name)]


def _package_occurrences(ctx: FileView, place: Place) -> Iterator[tuple[ParsedFile, Node]]:
    program = ctx.program
    facts = program.facts_of(ctx.file)
    files = facts.files if facts is not None else [ctx.file]
    fields = set()
    if place.kind == "deref" and place.owner is not None:
        fields = _fields_of_type(files, place.owner[1])
    for file in files:
        if place.kind == "deref":
            yield from _dereferences(program, file, place, fields)  # `*p` need not spell the type's name
            continue
        for node in _names_in(file, place.name):
            if place.kind == "var" and node.type == K.IDENTIFIER:
                symbol = program.resolve(node, file)
                if symbol is not None and symbol.is_package_var and (symbol.decl is None or symbol.decl.id != node.id):
                    yield file, node
            elif place.kind == "field" and node.type == K.KEYED_ELEMENT:
                # T{name: value} sets the field too; the key is the occurrence
                key = node.child_by_field_name(F.KEY)
                literal = node.parent.parent if node.parent is not None else None
                if key is not None and literal is not None and literal.type == K.COMPOSITE_LITERAL:
                    if struct_owner(program, program.type_of(literal, file), place.name) == place.owner:
                        yield file, key
            elif place.kind == "field" and node.type == K.SELECTOR_EXPRESSION:
                operand = node.child_by_field_name(F.OPERAND)
                if struct_owner(program, program.type_of(operand, file), place.name) == place.owner:
                    yield file, node


def _dereferences(
    program: Program, file: ParsedFile, place: Place, fields: set[str]
) -> Iterator[tuple[ParsedFile, Node]]:
    """`*p` for pointers to the named type, the uses of its value methods' receivers (copies of
    `*p`), and struct fields of that type (`s.tasks`, which `heap.Pop(&s.tasks)` pops)."""
    for name in fields:
        for node in _names_in(file, name):
            if node.type == K.SELECTOR_EXPRESSION:
                t = program.type_of(node, file)
                if isinstance(t, gt.Named) and (t.package, t.name) == place.owner:
                    yield file, node
    for node in grammar.find_all(file.tree.root_node, (K.UNARY_EXPRESSION,)):
        if grammar.operator(node) == "*":
            operand = node.child_by_field_name(F.OPERAND)
            if _pointed_named(program, program.type_of(operand, file)) == place.owner:
                yield file, node
    if place.owner is None or not index.file_names(file).spells(place.owner[1]):
        return  # a method of the type would spell its name
    for method in grammar.find_all(file.tree.root_node, (K.METHOD_DECLARATION,)):
        receiver = grammar.named(method.child_by_field_name(F.RECEIVER))
        names = grammar.fields(receiver[0], F.NAME) if receiver else []
        body = grammar.function_body(method)
        if not names or body is None:
            continue
        symbol = program.resolve(names[0], file)
        t = program.symbol_type(symbol) if symbol is not None else None
        if symbol is not None and isinstance(t, gt.Named) and (t.package, t.name) == place.owner:
            for use in program.resolver(file).uses(symbol, body):
                yield file, use


def whole_copy(ctx: FileView, owner: tuple[str, str]) -> tuple[ParsedFile, Node] | None:
    """Where the package copies a whole value of the struct type `owner` (`saved := *p`,
    `*p = saved`, `return *p`, `f(*p)`), if anywhere: the copy shares the arrays of the
    struct's slice fields, so it sees what is written into them later."""
    cache = _COPIES.setdefault(ctx.program, {})
    if owner not in cache:
        cache[owner] = next(_whole_copies(ctx, owner), None)
    return cache[owner]


# Program -> owner -> the first whole copy of a value of that struct type.
_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _whole_copies(ctx: FileView, owner: tuple[str, str]) -> Iterator[tuple[ParsedFile, Node]]:
    """`*p` read or assigned as a whole value, for p a pointer to the owner type, and fields of the
    owner type (`saved := p.state`) read or assigned as a whole.  Found by syntax first, so that
    only those candidates are typed."""
    program = ctx.program
    facts = program.facts_of(ctx.file)
    files = facts.files if facts is not None else [ctx.file]
    fields = _fields_of_type(files, owner[1])
    for file in files:
        uses = _whole_uses(file)
        for node in uses.derefs:
            if _pointed_named(program, program.type_of(node.child_by_field_name(F.OPERAND), file)) == owner:
                yield file, node
        for name in fields:
            for node in uses.selectors(name):
                t = program.type_of(node, file)
                if isinstance(t, gt.Named) and (t.package, t.name) == owner:
                    yield file, node


class _WholeUses:
    """A file's `*p` and `x.f` used as whole values, and its struct fields by (value) type name,
    each found the first time it is asked for (a derived value of the file)."""

    def __init__(self, file: ParsedFile):
        self.file = file
        self._derefs: list[Node] | None = None
        self._selectors: dict[str, list[Node]] = {}
        self._fields: dict[str, list[str]] | None = None

    @property
    def derefs(self) -> list[Node]:
        if self._derefs is None:
            unary = grammar.find_all(self.file.tree.root_node, (K.UNARY_EXPRESSION,))
            self._derefs = [n for n in unary if grammar.operator(n) == "*" and _used_whole(n)]
        return self._derefs

    def selectors(self, name: str) -> list[Node]:
        """Selectors `x.name` used as whole values."""
        if name not in self._selectors:
            mentions = index.file_names(self.file).mentions(name)
            self._selectors[name] = [
                m.node for m in mentions if m.node.type == K.SELECTOR_EXPRESSION and _used_whole(m.node)
            ]
        return self._selectors[name]

    def fields_of_type(self, type_name: str) -> list[str]:
        """The struct fields the file declares with the (value) type `type_name`."""
        if not index.file_names(self.file).spells(type_name):
            return []  # a field of that type would spell it: no need to parse the file
        if self._fields is None:
            self._fields = {}
            for node in grammar.find_all(self.file.tree.root_node, (K.FIELD_DECLARATION,)):
                type_node = node.child_by_field_name(F.TYPE)
                if type_node is None or type_node.type not in (K.TYPE_IDENTIFIER, K.GENERIC_TYPE):
                    continue
                name = grammar.text(type_node).split("[", 1)[0]
                names = [grammar.text(n) for n in grammar.fields(node, F.NAME)] or [name]  # embedded
                self._fields.setdefault(name, []).extend(names)
        return self._fields.get(type_name, [])


def _whole_uses(file: ParsedFile) -> _WholeUses:
    return file.derived(_WholeUses)


def _fields_of_type(files: list[ParsedFile], type_name: str) -> set[str]:
    """The names of the fields of type `type_name` the files declare."""
    return {name for file in files for name in _whole_uses(file).fields_of_type(type_name)}


def _used_whole(node: Node) -> bool:
    """The value is copied as a whole (assigned, passed, returned, sent, put in a literal), not
    just read through (`(*p).f`, `p.state.f`, `&p.state`) or called a method on."""
    use = outer_use(node)
    parent = use.parent
    if parent is None:
        return False
    if parent.type in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
        return not sc.is_child(use, parent, F.OPERAND)
    if parent.type == K.UNARY_EXPRESSION:
        return grammar.operator(parent) not in ("&", "*")
    holder = parent.parent
    if parent.type == K.EXPRESSION_LIST and holder is not None and sc.is_child(parent, holder, F.LEFT):
        return not _assigned_fresh_value(holder, parent, use)  # `*p = saved` restores a copy, `*p = T{}` does not
    return parent.type in (K.EXPRESSION_LIST, K.ARGUMENTS, K.SEND_STATEMENT, K.KEYED_ELEMENT, K.LITERAL_VALUE)


def _assigned_fresh_value(assignment: Node, targets: Node, target: Node) -> bool:
    """The value assigned to `target` is a composite literal (a new value, not a copy of another)."""
    items, values = grammar.items(targets), grammar.items(assignment.child_by_field_name(F.RIGHT))
    index = next((i for i, t in enumerate(items) if t.id == target.id), -1)
    value = grammar.unparen(values[index]) if 0 <= index < len(values) == len(items) else None
    return value is not None and value.type == K.COMPOSITE_LITERAL


def outer_use(node: Node) -> Node:
    """The expression `node`'s value flows into, past parentheses."""
    return grammar.outer_parens(node)


def compared_with_nil(node: Node) -> bool:
    """`x == nil`, `x != nil` (either side)."""
    use = outer_use(node)
    parent = use.parent
    if parent is None or parent.type != K.BINARY_EXPRESSION or grammar.operator(parent) not in ("==", "!="):
        return False
    other = parent.child_by_field_name(F.RIGHT)
    if other is not None and other.id == use.id:
        other = parent.child_by_field_name(F.LEFT)
    other = grammar.unparen(other)
    return other is not None and other.type == K.IDENTIFIER and grammar.text(other) == "nil"


def resliced_beyond_length(node: Node, ctx: FileView | None = None) -> bool:
    """`x[:cap(x)]`, `x[:len(x)+k]` or `x[i:j:k]`: code that reaches past x's length.

    With the context of `node`'s file, bounds computed from locals count too
    (`j := len(x); x = x[:j+1]`).  A three-index slice whose capacity bound is
    provably at most the length (`x[:len(x):len(x)]`, the clip idiom, or
    `x[:0:0]`) does not: its other bounds cannot exceed that one.
    """
    use = outer_use(node)
    parent = use.parent
    if parent is None or parent.type != K.SLICE_EXPRESSION or not sc.is_child(use, parent, F.OPERAND):
        return False
    capacity = parent.child_by_field_name(F.MAX)
    if capacity is not None:
        return not _at_most_length(capacity, use, ctx)
    high = parent.child_by_field_name(F.HIGH)
    if high is None:
        return False
    if ctx is not None:
        bound = offset(ctx, high, follow_locals=True)
        if bound is not None and bound.term == len_key(ctx, use) and bound.const > 0:
            return True
    for call in grammar.find_all(high, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and grammar.text(function) == "cap":
            return True
    high = grammar.unparen(high)
    if high is None or high.type != K.BINARY_EXPRESSION or grammar.operator(high) != "+":
        return False
    operand = grammar.text(grammar.unparen(use))
    for side in (high.child_by_field_name(F.LEFT), high.child_by_field_name(F.RIGHT)):
        side = grammar.unparen(side)
        if side is not None and side.type == K.CALL_EXPRESSION:
            function = grammar.unparen(side.child_by_field_name(F.FUNCTION))
            args = grammar.named(side.child_by_field_name(F.ARGUMENTS))
            if function is not None and grammar.text(function) == "len" and len(args) == 1:
                if grammar.text(grammar.unparen(args[0])) == operand:
                    return True
    return False


def _at_most_length(bound: Node, operand: Node, ctx: FileView | None) -> bool:
    """`0`, `len(x)` or `len(x)-k` for the operand `x`: a bound no greater than x's length.
    Without a context (a use in another file) only those spellings count; with one, constants
    and locals that still hold such a value (`n := len(x); x[:n:n]`) do too."""
    if ctx is not None:
        value = offset(ctx, bound, follow_locals=True)
        if value is not None and (
            (value.term is None and value.const == 0)
            or (value.term == len_key(ctx, operand) and value.const <= 0 and is_universe(ctx, "len", operand))
        ):
            return True
    node = grammar.unparen(bound)
    if node is not None and node.type == K.BINARY_EXPRESSION and grammar.operator(node) == "-":
        right = grammar.unparen(node.child_by_field_name(F.RIGHT))
        if right is None or right.type != K.INT_LITERAL:
            return False
        node = grammar.unparen(node.child_by_field_name(F.LEFT))
    if node is None:
        return False
    if node.type == K.INT_LITERAL:
        return grammar.text(node) == "0"
    if node.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
    args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
    if function is None or grammar.text(function) != "len" or len(args) != 1:
        return False
    if ctx is not None and not is_universe(ctx, "len", function):
        return False
    return grammar.text(grammar.unparen(args[0])) == grammar.text(grammar.unparen(operand))


def asks_capacity(node: Node) -> bool:
    """`cap(x)`."""
    use = outer_use(node)
    parent = use.parent
    if parent is None or parent.type != K.ARGUMENTS or parent.parent is None:
        return False
    function = grammar.unparen(parent.parent.child_by_field_name(F.FUNCTION))
    return function is not None and grammar.text(function) == "cap"


# Calls that read a slice argument and never write into it.
_READ_ONLY_PACKAGES = frozenset(
    {"bytes", "strings", "fmt", "strconv", "unicode/utf8", "unicode/utf16", "errors", "hash/crc32", "log"}
)
_READ_ONLY_FUNCTIONS = frozenset({"slices.Equal", "slices.Index", "slices.Contains", "slices.Compare", "slices.Clone"})
_READ_ONLY_METHODS = frozenset({"Write", "WriteString", "Equal", "String", "Len"})
_READ_ONLY_BUILTINS = frozenset({"len", "cap", "print", "println", "min", "max"})


def written_through(ctx: FileView, file: ParsedFile, node: Node) -> bool:
    """Whether this use of a slice (or of a subslice of it) may write into its elements.

    `x[i] = v`, `x[i]++`, `copy(x, ..)`, `clear(x)`, `append(x[:k], ..)`,
    `&x[i]`, and passing `x` to a function that is not known to only read it.
    """
    use, parent = _past_subslices(node)  # a subslice of it writes into the same array
    if parent is None:
        return False
    if parent.type == K.INDEX_EXPRESSION and sc.is_child(use, parent, F.OPERAND):
        element = outer_use(parent)
        holder = element.parent
        if holder is None:
            return False
        if holder.type == K.INC_DEC_STATEMENT:
            return True
        if holder.type == K.UNARY_EXPRESSION and grammar.operator(holder) == "&":
            return True
        if holder.type == K.EXPRESSION_LIST and holder.parent is not None:
            owner = holder.parent
            return owner.type == K.ASSIGNMENT and sc.is_child(holder, owner, F.LEFT)
        return False
    if parent.type != K.ARGUMENTS or parent.parent is None:
        return False
    args = grammar.named(parent)
    first = bool(args) and args[0].id == use.id
    kind, name = _callee(ctx, file, parent.parent)
    if kind == "builtin":
        return first if name in ("copy", "clear", "append") else name not in _READ_ONLY_BUILTINS
    if kind == "package":
        return name.rsplit(".", 1)[0] not in _READ_ONLY_PACKAGES and name not in _READ_ONLY_FUNCTIONS
    if kind == "method":
        return name not in _READ_ONLY_METHODS
    return kind != "conversion"


def _past_subslices(node: Node) -> tuple[Node, Node | None]:
    """The outermost `x[i:j][k:]...` around a use of x (the same array), and what holds it."""
    use = outer_use(node)
    parent = use.parent
    while parent is not None and parent.type == K.SLICE_EXPRESSION and sc.is_child(use, parent, F.OPERAND):
        use = outer_use(parent)
        parent = use.parent
    return use, parent


def _callee(ctx: FileView, file: ParsedFile, call: Node) -> tuple[str, str]:
    """What a call calls: ("builtin", "copy"), ("conversion", ""), ("package", "io.ReadFull"),
    ("method", "Read"), or ("function", name) / ("unknown", "") for anything else."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return "unknown", ""
    if function.type == K.IDENTIFIER:
        symbol = ctx.program.resolve(function, file)
        if symbol is not None and symbol.kind == sc.BUILTIN:
            return "builtin", grammar.text(function)
        if symbol is not None and symbol.kind == sc.TYPE:
            return "conversion", ""
        return "function", grammar.text(function)
    if ctx.program.conversion_type(function, file) is not None:
        return "conversion", ""
    if function.type == K.SELECTOR_EXPRESSION:
        operand = function.child_by_field_name(F.OPERAND)
        name = grammar.text(function.child_by_field_name(F.FIELD))
        package = ctx.program.package_of_selector(operand, file) if operand is not None else None
        if package is not None:
            return "package", f"{package}.{name}"
        return "method", name
    return "unknown", ""


# Calls that may look at a slice argument but never keep a reference to it after they return
# (io's contracts: "Implementations must not retain p").
_NOT_RETAINING_PACKAGES = frozenset(
    {"fmt", "strconv", "unicode/utf8", "unicode/utf16", "errors", "encoding/binary", "math", "math/bits"}
)
_NOT_RETAINING_FUNCTIONS = frozenset(
    {
        "io.ReadFull",
        "io.ReadAtLeast",
        "bytes.Equal",
        "bytes.Compare",
        "bytes.HasPrefix",
        "bytes.HasSuffix",
        "bytes.Index",
        "bytes.IndexByte",
        "bytes.LastIndex",
        "bytes.LastIndexByte",
        "bytes.Contains",
        "bytes.Count",
        "slices.Equal",
        "slices.Index",
        "slices.Contains",
        "slices.Compare",
        "slices.Sort",
        "slices.SortFunc",
        "slices.SortStableFunc",
        "slices.Reverse",
        "slices.Clone",
        "slices.ContainsFunc",
        "slices.IndexFunc",
        "slices.EqualFunc",
        "slices.BinarySearch",
        "slices.BinarySearchFunc",
        "slices.Max",
        "slices.Min",
        "strings.Join",
        "bytes.Join",
    }
)
_NOT_RETAINING_METHODS = frozenset({"Read", "ReadAt", "Write", "WriteString", "WriteAt", "Sum"})
_NOT_RETAINING_BUILTINS = frozenset({"len", "cap", "copy", "clear", "print", "println", "min", "max"})


def kept_elsewhere(ctx: FileView, use: Node) -> str | None:
    """How this use of a local slice (or of a subslice of it) may let other code keep its array
    ("is returned", "is passed to f, which may keep it"), or None when it only reads or writes
    elements, measures it, ranges over it, compares it or gives it to a call that does not keep it."""
    outer, parent = _past_subslices(use)
    if parent is None:
        return None
    kind = parent.type
    if kind == K.INDEX_EXPRESSION and sc.is_child(outer, parent, F.OPERAND):
        return None
    if kind in (K.RANGE_CLAUSE, K.BINARY_EXPRESSION):
        return None
    if kind == K.ARGUMENTS:
        call = kept_by_call(ctx, ctx.file, use)
        if call is None:
            return None
        return f"is passed to {grammar.text(call.child_by_field_name(F.FUNCTION))}, which may keep it"
    holder = parent.parent
    if kind == K.EXPRESSION_LIST and holder is not None:
        if holder.type in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION) and sc.is_child(parent, holder, F.LEFT):
            return None  # assigned to, not handed on
        if _resliced_into_itself(ctx, use, outer, holder):
            return None  # `s = s[:0]`: the array stays in the same variable
        if holder.type == K.RETURN_STATEMENT:
            return "is returned"
    if kind == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
        return "has its address taken"
    if kind == K.SEND_STATEMENT:
        return "is sent on a channel"
    return "is stored or used as a whole"


def _resliced_into_itself(ctx: FileView, use: Node, value: Node, statement: Node) -> bool:
    """`s = s[4:]` (or `s, n = s[:0], 0`): the view of variable `use` goes back into it."""
    if statement.type != K.ASSIGNMENT or grammar.operator(statement) != "=" or use.type != K.IDENTIFIER:
        return False
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    index = next((i for i, v in enumerate(values) if v.id == value.id), -1)
    if index < 0 or len(targets) != len(values):
        return False
    target = grammar.unparen(targets[index])
    symbol = ctx.resolve(use)
    return target is not None and target.type == K.IDENTIFIER and symbol is not None and ctx.resolve(target) == symbol


def kept_by_call(ctx: FileView, file: ParsedFile, node: Node) -> Node | None:
    """The call this use hands the slice (or a subslice of it) to, when that call may keep it.

    Builtins other than `append` (unless spread), conversions, and the
    standard functions and io methods whose contracts forbid keeping the
    argument do not keep it; anything else (the package's own functions,
    unknown methods) may.
    """
    use, parent = _past_subslices(node)
    if parent is None or parent.type != K.ARGUMENTS or parent.parent is None:
        return None
    call = parent.parent
    args = grammar.named(parent)
    kind, name = _callee(ctx, file, call)
    if kind == "builtin" and name == "append":
        # the result shares the first argument's array, and stores the others as elements;
        # only a spread argument, `append(x, s...)`, is copied element by element
        spread = grammar.has_token(parent, "...") and bool(args) and args[-1].id == use.id
        keeps = not spread or args[0].id == use.id
    elif kind == "builtin":
        keeps = name not in _NOT_RETAINING_BUILTINS
    elif kind == "package":
        keeps = name.rsplit(".", 1)[0] not in _NOT_RETAINING_PACKAGES and name not in _NOT_RETAINING_FUNCTIONS
    elif kind == "method":
        keeps = name not in _NOT_RETAINING_METHODS
    else:
        keeps = kind != "conversion"
    return call if keeps else None
