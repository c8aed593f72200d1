"""Loops around a statement and how many times a loop runs.

A loop's trip count is read from `for i := range n`, `for i := 0; i < n; i++`
(with `i` never assigned in the body) or a range over a slice, array or map;
`count_at` spells it as an expression with the same value at an earlier
point (`len(xs)`, `n`), so a rule can use it there, and says when that value
may be negative (the loop then runs no time, where `make` would panic).
"""

from __future__ import annotations

from gofixleak.analysis import calls
from gofixleak.analysis.slicing import outer_use
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def loops_around(node: Node, func: Node) -> list[Node]:
    """The for statements of `func` around `node`, innermost first."""
    loops = []
    for anc in grammar.ancestors(node):
        if anc.id == func.id:
            break
        if anc.type == K.FOR_STATEMENT:
            loops.append(anc)
    return loops


def loops_between(node: Node, outer: Node, func: Node) -> list[Node]:
    """The loops around `node` that do not also contain `outer` (each of their iterations runs
    `node` again for one run of `outer`)."""
    return [loop for loop in loops_around(node, func) if not grammar.is_within(outer, loop)]


def bound(view: FileView, loop: Node) -> tuple[str, Node] | None:
    """What a loop's number of iterations is read from: ("len", the ranged collection) or
    ("int", the bound of `for i := range n` / `for i := 0; i < n; i++`)."""
    clauses = grammar.named(loop)
    range_clause = next((c for c in clauses if c.type == K.RANGE_CLAUSE), None)
    if range_clause is not None:
        ranged = grammar.unparen(range_clause.child_by_field_name(F.RIGHT))
        if ranged is None:
            return None
        under = view.underlying(view.type_of(ranged))
        if isinstance(under, (gotypes.Slice, gotypes.Array, gotypes.Map)):
            return "len", ranged
        if isinstance(under, gotypes.Basic) and under.name in ("int", "untyped int"):
            return "int", ranged
        return None
    clause = next((c for c in clauses if c.type == K.FOR_CLAUSE), None)
    if clause is None:
        return None
    counter = _counter(view, clause, loop)
    condition = grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if counter is None or condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    left = grammar.unparen(condition.child_by_field_name(F.LEFT))
    if grammar.operator(condition) != "<" or left is None or left.type != K.IDENTIFIER or view.resolve(left) != counter:
        return None
    limit = condition.child_by_field_name(F.RIGHT)
    return ("int", limit) if limit is not None else None


def constant_count(view: FileView, loop: Node) -> int | None:
    """The number of iterations when it is a constant (`for range 3`, a range over an array)."""
    found = bound(view, loop)
    if found is None:
        return None
    kind, node = found
    if kind == "int":
        return view.program.constant_int(node, view.file)
    under = view.underlying(view.type_of(node))
    return under.length if isinstance(under, gotypes.Array) else None


def count_at(view: FileView, loop: Node, at: Node, func: Node) -> tuple[str, str | None] | None:
    """How many times `loop` runs, as an expression with the same value at `at` (earlier in
    `func`), and a caveat when that value may be negative (the loop then runs no time)."""
    found = bound(view, loop)
    if found is None:
        return None
    kind, node = found
    for_clause = any(c.type == K.FOR_CLAUSE for c in grammar.named(loop))
    # a range evaluates its operand once; a for clause tests its bound on every iteration
    until = loop.end_byte if for_clause else loop.start_byte
    if kind == "int":
        count = stable_count(view, node, at, func, until)
        if count is None or _negative_constant(view, node):
            return None
        caveat = None if never_negative(view, node) else f"make panics if {count} is negative"
        return count, caveat
    if node.type != K.IDENTIFIER or not _universe(view, "len", at):
        return None
    is_map = isinstance(view.underlying(view.type_of(node)), gotypes.Map)
    return (f"len({view.text(node)})", None) if unchanged(view, node, at, func, until, is_map) else None


def _negative_constant(view: FileView, count: Node) -> bool:
    value = view.program.constant_int(count, view.file)
    return value is not None and value < 0


def never_negative(view: FileView, count: Node) -> bool:
    """A literal, a constant, `len(x)`, a value of an unsigned type, or a variable only ever set to `len(x)`."""
    inner = grammar.unparen(count)
    if inner is None:
        return False
    if view.program.constant_int(inner, view.file) is not None or calls.builtin_name(view, inner) in ("len", "cap"):
        return True
    under = view.underlying(view.type_of(inner))
    if isinstance(under, gotypes.Basic) and under.name.startswith("uint"):
        return True
    symbol = view.resolve(inner) if inner.type == K.IDENTIFIER else None
    return symbol is not None and _only_set_to_a_length(view, symbol)


def _only_set_to_a_length(view: FileView, symbol: scope.Symbol) -> bool:
    """`n := len(xs)`, and `n` never assigned again."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None or calls.builtin_name(view, grammar.unparen(symbol.value)) not in ("len", "cap"):
        return False
    return not any(scope.is_written(u) for u in view.uses(symbol, body) if not grammar.same(u, symbol.decl))


def _counter(view: FileView, clause: Node, loop: Node) -> scope.Symbol | None:
    """`i := 0; ...; i++` with `i` never assigned in the body: the counter."""
    init = clause.child_by_field_name(F.INIT)
    post = clause.child_by_field_name(F.POST)
    if init is None or post is None or init.type != K.SHORT_VAR_DECLARATION or post.type != K.INC_DEC_STATEMENT:
        return None
    names = grammar.items(init.child_by_field_name(F.LEFT))
    values = grammar.items(init.child_by_field_name(F.RIGHT))
    if len(names) != 1 or len(values) != 1 or not _is_zero(view, values[0]):
        return None
    if grammar.operator(post) != "++" or view.text(grammar.named(post)[0]) != view.text(names[0]):
        return None
    counter = view.resolve(names[0])
    if counter is None:
        return None
    body = loop.child_by_field_name(F.BODY)
    if body is not None and any(scope.is_written(u) for u in view.uses(counter, body)):
        return None
    return counter


def _is_zero(view: FileView, value: Node) -> bool:
    """`0`, or a conversion of it (`int32(0)`)."""
    inner = grammar.unparen(value)
    if inner is not None and inner.type == K.CALL_EXPRESSION:
        args = grammar.named(inner.child_by_field_name(F.ARGUMENTS))
        function = inner.child_by_field_name(F.FUNCTION)
        if len(args) != 1 or function is None or view.program.conversion_type(function, view.file) is None:
            return False
        inner = grammar.unparen(args[0])
    return inner is not None and inner.type == K.INT_LITERAL and view.text(inner) == "0"


def stable_count(view: FileView, expr: Node | None, at: Node, func: Node, until: int) -> str | None:
    """`expr` spelled at `at`: a constant, or a variable (or len of one) unchanged up to `until`."""
    expr = grammar.unparen(expr)
    if expr is None:
        return None
    if expr.type == K.INT_LITERAL:
        return view.text(expr)
    if expr.type == K.IDENTIFIER:
        symbol = view.resolve(expr)
        if symbol is None or view.lookup(symbol.name, at) != symbol:
            return None
        if symbol.kind == scope.CONST:
            return view.text(expr)
        if symbol.kind == scope.VAR and unchanged(view, expr, at, func, until, False):
            return view.text(expr)
        return None
    if expr.type == K.CALL_EXPRESSION and calls.builtin_name(view, expr) == "len":
        args = grammar.named(expr.child_by_field_name(F.ARGUMENTS))
        arg = grammar.unparen(args[0]) if len(args) == 1 else None
        if arg is None or arg.type != K.IDENTIFIER:
            return None
        under = view.underlying(view.type_of(arg))
        is_map = isinstance(under, gotypes.Map)
        collection = isinstance(under, (gotypes.Slice, gotypes.Array, gotypes.Map))
        if collection and unchanged(view, arg, at, func, until, is_map):
            return f"len({view.text(arg)})"
    return None


def _universe(view: FileView, name: str, at: Node) -> bool:
    symbol = view.lookup(name, at)
    return symbol is not None and symbol.where == scope.UNIVERSE


def unchanged(view: FileView, ident: Node, at: Node, func: Node, until: int, is_map: bool) -> bool:
    """The variable `ident` names is visible at `at` and not changed between `at` and `until`
    (for a map, nothing adds or deletes keys either)."""
    symbol = view.resolve(ident)
    if symbol is None or symbol.kind != scope.VAR or view.lookup(symbol.name, at) != symbol:
        return False
    body = grammar.function_body(func)
    if body is None:
        return False
    for use in view.uses(symbol, body):
        if not at.start_byte <= use.start_byte < until:
            continue
        if scope.is_written(use) or (is_map and _may_change_map(view, use)):
            return False
    return True


def _may_change_map(view: FileView, ident: Node) -> bool:
    """m[k] = v, delete(m, k), clear(m), or m handed to a function: the length may change."""
    node = outer_use(ident)
    parent = node.parent
    if parent is None:
        return False
    if parent.type == K.INDEX_EXPRESSION and scope.is_child(node, parent, F.OPERAND):
        targets = parent.parent
        owner = targets.parent if targets is not None else None
        return (
            targets is not None
            and targets.type == K.EXPRESSION_LIST
            and owner is not None
            and owner.type == K.ASSIGNMENT
            and scope.is_child(targets, owner, F.LEFT)
        )
    if parent.type == K.ARGUMENTS:
        return calls.builtin_name(view, parent.parent) not in ("len", "cap")
    return False
