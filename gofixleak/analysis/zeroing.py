"""Elements already zeroed: `clear`, zero assignments and loops before a statement drops them.

A rule that would zero the elements a statement drops first asks whether the
function already does it: `clear(s[n:])`, `s[i] = nil` (also through a copy of
the old header such as `old := *h`, or later in the same loop body), a loop
over every element that zeroes, resets or releases each (`for i := range s { s[i].reset() }`,
`ReuseSeries(ts[i].s)`, `s[i].Close()`, `mt.DecrRef()`),
or a call of a helper whose body does one of these to its parameter or
receiver (`cleanLabels(c.labels)` with `func cleanLabels(ls []Label) { clear(ls) }`).
Helper summaries are computed once per function and program.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from gofixleak.analysis import callees, flow, slicing
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
    for earlier in ctx.find(K.FOR_STATEMENT, within=body):
        if earlier.end_byte <= statement.start_byte and zeroing_loop(ctx, earlier, keys):
            return True  # `for i := range rs.Rows { rs.Rows[i].reset() }` before `rs.Rows = rs.Rows[:0]`
    following = flow.statements_after(statement)[:1]
    for node in ctx.find(K.CALL_EXPRESSION, K.ASSIGNMENT, within=body):
        if grammar.is_within(node, statement):
            continue
        # after it, a copy of the old header still reaches the dropped elements
        # (`t := l.items; l.items = append(l.items[:i], l.items[i+1:]...); t[len(t)-1] = nil`)
        after = node.start_byte >= statement.start_byte
        if after and copies and node.type == K.ASSIGNMENT and _zeroes_an_element(ctx, node, copies):
            return True
        if after and following and grammar.is_within(node, following[0]) and _clears_to_capacity(ctx, node, keys):
            return True  # `s = s[:n]; closeAndClear(s[n:cap(s)])`: zeroed right after, past the new length
        if after and not (loop is not None and grammar.is_within(node, loop)):
            continue
        if node.type == K.CALL_EXPRESSION and (_clears(ctx, node, keys) or _helper_zeroes(ctx, node, keys)):
            return True
        if node.type == K.ASSIGNMENT and _zeroes_an_element(ctx, node, keys):
            return True
    return False


def _clears_to_capacity(ctx: FileView, node: Node, keys: set[str | None]) -> bool:
    """`clear(s[n:cap(s)])` or `helper(s[n:cap(s)])` of a helper that zeroes its parameter."""
    if node.type != K.CALL_EXPRESSION:
        return False
    for arg in grammar.named(node.child_by_field_name(F.ARGUMENTS)):
        view = grammar.unparen(arg)
        operand = view.child_by_field_name(F.OPERAND) if view is not None and view.type == K.SLICE_EXPRESSION else None
        high = slicing.offset(ctx, view.child_by_field_name(F.HIGH)) if view is not None else None
        if operand is None or high is None or high != slicing.Offset(slicing.cap_key(ctx, operand), 0):
            continue
        if slicing.canonical(ctx, operand) in keys:
            return _clears(ctx, node, keys) or _helper_zeroes(ctx, node, keys)
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
    for written, value in zip(targets, values, strict=False):
        target = grammar.unparen(written)
        if target is None or target.type != K.INDEX_EXPRESSION:
            continue
        if slicing.canonical(ctx, target.child_by_field_name(F.OPERAND)) in keys and is_zero(ctx, value):
            return True
    return False


def is_zero(ctx: FileView, expr: Node | None) -> bool:
    value = grammar.unparen(expr)
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


# --- loops over every element ---------------------------------------------------------------

# Methods whose name says they return the value to its zero state (`rs.Rows[i].reset()`).
_RESET_NAMES = frozenset({"reset", "Reset", "clear", "Clear", "release", "Release", "free", "Free", "zero", "Zero"})


def zeroing_loop(ctx: FileView, loop: Node, keys: set[str | None]) -> bool:
    """`for i := range s { s[i] = nil }` (or `s[i].reset()`, or `for _, x := range s { x.Reset() }`,
    or `for i := 0; i < len(s); i++ {...}`) over a slice in `keys`: every element is zeroed."""
    slice_key, index_key, value_key = _every_element(ctx, loop)
    body = loop.child_by_field_name(F.BODY)
    if slice_key is None or slice_key not in keys or body is None:
        return False
    for statement in grammar.statement_list(body):
        if statement.type == K.ASSIGNMENT and grammar.operator(statement) == "=":
            for target, value in zip(*slicing.bindings(statement), strict=False):
                if _element_of(ctx, target, slice_key, index_key) and is_zero(ctx, value):
                    return True
        if statement.type == K.EXPRESSION_STATEMENT:
            call = grammar.unparen(grammar.named(statement)[0]) if grammar.named(statement) else None
            if call is not None and call.type == K.CALL_EXPRESSION:
                function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
                if _releases_element(ctx, call, function, slice_key, index_key, value_key):
                    return True
                if function is None or function.type != K.SELECTOR_EXPRESSION:
                    continue
                receiver = function.child_by_field_name(F.OPERAND)
                element = _element_of(ctx, receiver, slice_key, index_key) or (
                    value_key is not None and slicing.canonical(ctx, receiver) == value_key
                )
                if element and _resets_receiver(ctx, call, function):
                    return True
    return False


# Functions and methods whose name says they give an element's memory back (to a pool, the
# allocator, the OS): `ReuseTimeseries(ts[i].TimeSeries)`, `s[i].Close()`; or give up a counted
# reference (`mt.DecrRef()`): others still hold the element (alive anyway), or the last reference
# releases its memory.
_RELEASE_PREFIXES = ("Reuse", "reuse", "Release", "release", "Recycle", "recycle", "Free", "free", "Put", "put")
_RELEASE_METHODS = frozenset({"Close", "close", "DecrRef", "decrRef", "Unref", "unref", "Release", "release"})


def _releases_element(
    ctx: FileView, call: Node, function: Node | None, slice_key: str, index_key: str | None, value_key: str | None
) -> bool:
    """`ReuseTimeseries(ts[i].TimeSeries)`, `pool.Put(s[i])`, `s[i].Close()`: the element (or a part of
    it) is handed back to whoever frees it, so the slot keeps nothing of its own afterwards."""
    if function is None:
        return False

    def element(node: Node | None) -> bool:
        node = grammar.unparen(node)
        while node is not None and node.type == K.SELECTOR_EXPRESSION:
            if _element_of(ctx, node, slice_key, index_key) or (
                value_key is not None and slicing.canonical(ctx, node) == value_key
            ):
                return True
            node = grammar.unparen(node.child_by_field_name(F.OPERAND))
        return _element_of(ctx, node, slice_key, index_key) or (
            node is not None and value_key is not None and slicing.canonical(ctx, node) == value_key
        )

    name = grammar.text(function.child_by_field_name(F.FIELD)) if function.type == K.SELECTOR_EXPRESSION else ""
    if function.type == K.SELECTOR_EXPRESSION and name in _RELEASE_METHODS:
        return element(function.child_by_field_name(F.OPERAND))
    if not name:
        name = grammar.text(function) if function.type == K.IDENTIFIER else ""
    if not name.startswith(_RELEASE_PREFIXES):
        return False
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    return len(args) == 1 and element(args[0])


def _every_element(ctx: FileView, loop: Node) -> tuple[str | None, str | None, str | None]:
    """(slice, index, value) keys of a loop that visits every element of a slice once."""
    clause = next((c for c in grammar.named(loop) if c.type in (K.RANGE_CLAUSE, K.FOR_CLAUSE)), None)
    if clause is None:
        return None, None, None
    if clause.type == K.RANGE_CLAUSE:
        names = grammar.items(clause.child_by_field_name(F.LEFT))
        index = slicing.canonical(ctx, names[0]) if names and grammar.text(names[0]) != "_" else None
        value = slicing.canonical(ctx, names[1]) if len(names) > 1 else None
        return slicing.canonical(ctx, clause.child_by_field_name(F.RIGHT)), index, value
    # for i := 0; i < len(s); i++
    init, condition = clause.child_by_field_name(F.INIT), grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if init is None or condition is None or condition.type != K.BINARY_EXPRESSION or grammar.operator(condition) != "<":
        return None, None, None
    names, values = slicing.bindings(init)
    start = slicing.offset(ctx, values[0]) if len(values) == 1 else None
    bound = grammar.unparen(condition.child_by_field_name(F.RIGHT))
    if len(names) != 1 or start is None or not start.is_const(0) or bound is None or bound.type != K.CALL_EXPRESSION:
        return None, None, None
    if not slicing.same_expr(ctx, condition.child_by_field_name(F.LEFT), names[0]):
        return None, None, None
    function = grammar.unparen(bound.child_by_field_name(F.FUNCTION))
    args = grammar.named(bound.child_by_field_name(F.ARGUMENTS))
    if function is None or grammar.text(function) != "len" or len(args) != 1:
        return None, None, None
    return slicing.canonical(ctx, args[0]), slicing.canonical(ctx, names[0]), None


def _element_of(ctx: FileView, node: Node | None, slice_key: str, index_key: str | None) -> bool:
    node = grammar.unparen(node)
    if node is None or node.type != K.INDEX_EXPRESSION or index_key is None:
        return False
    indexes = grammar.fields(node, F.INDEX)
    return (
        slicing.canonical(ctx, node.child_by_field_name(F.OPERAND)) == slice_key
        and len(indexes) == 1
        and slicing.canonical(ctx, indexes[0]) == index_key
    )


def _resets_receiver(ctx: FileView, call: Node, function: Node) -> bool:
    """`x.reset()`: a method named for resetting, or one whose body zeroes its receiver."""
    if grammar.text(function.child_by_field_name(F.FIELD)) in _RESET_NAMES:
        return True
    summary = _summary_of_call(ctx, call)
    return summary is not None and RECEIVER in summary.zeroed


# --- helpers that zero their parameters ----------------------------------------------------

RECEIVER = -1


@dataclass(frozen=True)
class Summary:
    """What a function does to the slices it is given: the parameters (by position; RECEIVER for
    the receiver) whose every element it zeroes, unconditionally, before it returns."""

    zeroed: frozenset[int]


# Program -> (file path, declaration start) -> Summary: each function is summarised once.
_SUMMARIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_DEPTH = 3  # helpers calling helpers: how deep summaries follow


def _helper_zeroes(ctx: FileView, call: Node, keys: set[str | None]) -> bool:
    """`cleanLabels(c.labels)`, `c.labels.reset()`: a call of a function of the module whose body
    zeroes every element of the argument (or receiver) that is the slice."""
    summary = _summary_of_call(ctx, call)
    if summary is None or not summary.zeroed:
        return False
    for position, arg in _call_operands(call):
        if position in summary.zeroed and slicing.canonical(ctx, slicing.strip_reslice(arg)) in keys:
            return True
    return False


def _call_operands(call: Node) -> list[tuple[int, Node]]:
    operands = list(enumerate(grammar.named(call.child_by_field_name(F.ARGUMENTS))))
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is not None and function.type == K.SELECTOR_EXPRESSION:
        receiver = function.child_by_field_name(F.OPERAND)
        if receiver is not None:
            operands.append((RECEIVER, receiver))
    return operands


def _summary_of_call(ctx: FileView, call: Node, depth: int = 0) -> Summary | None:
    found = callees.declaration_of(ctx, call)
    if found is None:
        return None
    file, decl = found
    cache = _SUMMARIES.setdefault(ctx.program, {})
    key = (file.path, decl.start_byte)
    if key not in cache:
        if depth >= _DEPTH:
            return None
        cache[key] = Summary(frozenset())  # recursion: assume nothing while summarising
        cache[key] = _summarise(ctx.sibling(file), decl, depth)
    return cache[key]


def _summarise(ctx: FileView, decl: Node, depth: int) -> Summary:
    params: dict[str | None, int] = {}
    for position, name in enumerate(callees.parameter_names(decl)):
        params[slicing.canonical(ctx, name)] = position
    receivers = callees.parameter_names(decl, F.RECEIVER) if decl.type == K.METHOD_DECLARATION else []
    if receivers:
        params[slicing.canonical(ctx, receivers[0])] = RECEIVER
        params[f"*({slicing.canonical(ctx, receivers[0])})"] = RECEIVER
    body = decl.child_by_field_name(F.BODY)
    zeroed: set[int] = set()
    for statement in grammar.statement_list(body) if body is not None else []:
        zeroed |= _zeroes_params(ctx, statement, params, depth)
    return Summary(frozenset(zeroed))


def _zeroes_params(ctx: FileView, statement: Node, params: dict[str | None, int], depth: int) -> set[int]:
    """The parameters one top-level statement of a helper zeroes entirely."""
    keys = set(params)
    if statement.type == K.FOR_STATEMENT:
        slice_key = _every_element(ctx, statement)[0]
        return {params[slice_key]} if slice_key in params and zeroing_loop(ctx, statement, keys) else set()
    if statement.type == K.ASSIGNMENT and grammar.operator(statement) == "=":  # *r = T{}
        names, values = slicing.bindings(statement)
        return {
            params[k]
            for n, v in zip(names, values, strict=False)
            if (k := slicing.canonical(ctx, n)) in params and is_zero(ctx, v)
        }
    if statement.type != K.EXPRESSION_STATEMENT or not grammar.named(statement):
        return set()
    call = grammar.unparen(grammar.named(statement)[0])
    if call is None or call.type != K.CALL_EXPRESSION:
        return set()
    out: set[int] = set()
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is not None and grammar.text(function) == "clear" and len(args) == 1:
        whole = _whole_slice(ctx, args[0])
        if whole in params:
            out.add(params[whole])
        return out
    summary = _summary_of_call(ctx, call, depth + 1)
    if summary is not None:
        for position, arg in _call_operands(call):
            key = _whole_slice(ctx, arg)
            if position in summary.zeroed and key in params:
                out.add(params[key])
    return out


def _whole_slice(ctx: FileView, node: Node) -> str | None:
    """The key of `s` for `s`, `s[:]` or `s[:len(s)]` (all of it), None for a part."""
    node = grammar.unparen(node) or node
    if node.type == K.SLICE_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        low, high = slicing.offset(ctx, node.child_by_field_name(F.LOW)), node.child_by_field_name(F.HIGH)
        if low is not None and not low.is_const(0):
            return None
        high_at = slicing.offset(ctx, high)
        if high is not None and (
            operand is None or high_at is None or high_at != slicing.Offset(slicing.len_key(ctx, operand), 0)
        ):
            return None
        return slicing.canonical(ctx, operand)
    return slicing.canonical(ctx, node)
