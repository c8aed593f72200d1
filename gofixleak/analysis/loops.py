"""Questions about loops: how many times one runs, and whether a statement in it can run again.

Shared by the rules about things that pile up per iteration (GFL007 defers,
GFL008 timers) and GFL004, which needs the loops around a goroutine's start
and a loop's count spelled as an expression valid where a channel is made
(`count_at`: `len(xs)`, `n`, with a caveat when it may be negative).

A loop that runs a constant, small number of times does not accumulate:
what it holds does not grow with input or time.  The threshold is
`BOUNDED_TRIPS`: at most that many iterations hold at most that many
descriptors, and 256 is the smallest default limit on open descriptors among
the common platforms (macOS; Linux has 1024), so such a loop cannot exhaust
them, and its memory is a constant of the program.
"""

from __future__ import annotations

from gofixleak.analysis import calls, flow
from gofixleak.analysis.slicing import outer_use
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

BOUNDED_TRIPS = 256


# --- how many times a loop runs ------------------------------------------------------------


def constant_trips(view: FileView, loop: Node) -> int | None:
    """The number of iterations when it is a constant of the program, else None.

    `for range 3`, `for i := range 3`, `for i := 0; i < 5; i++` (and `<=`,
    counting down with `>`/`>=`, steps of `+= c`), ranging over a composite
    literal (`for _, s := range []string{"a", "b"}`) or over an array.
    A `break` or `return` only makes it run fewer times.
    """
    clause = _clause(loop)
    if clause is None:
        return None
    if clause.type == K.RANGE_CLAUSE:
        return _range_trips(view, clause)
    return _counted_trips(view, loop, clause)


def is_bounded(view: FileView, loop: Node) -> bool:
    """The loop runs a constant number of times, at most BOUNDED_TRIPS: it cannot pile things up."""
    trips = constant_trips(view, loop)
    return trips is not None and trips <= BOUNDED_TRIPS


def runs_to_fixed_count(view: FileView, loop: Node) -> bool:
    """The number of iterations is fixed when the loop starts (whatever it is): a range over a
    slice, array, map, string or integer, or a counter that only moves towards its bound.

    Not fixed: `for {`, a condition on anything else, a range over a channel or an iterator
    function; those run as long as events come.
    """
    clause = _clause(loop)
    if clause is None:
        return False
    if clause.type == K.RANGE_CLAUSE:
        ranged = view.underlying(view.type_of(clause.child_by_field_name(F.RIGHT)))
        if isinstance(ranged, gt.Pointer):
            ranged = view.underlying(ranged.elem)
        return isinstance(ranged, (gt.Slice, gt.Array, gt.Map, gt.Basic))
    return _counter(view, loop, clause) is not None


def _clause(loop: Node) -> Node | None:
    for child in grammar.named(loop):
        if child.type in (K.RANGE_CLAUSE, K.FOR_CLAUSE):
            return child
    return None


def _range_trips(view: FileView, clause: Node) -> int | None:
    ranged = grammar.unparen(clause.child_by_field_name(F.RIGHT))
    if ranged is None:
        return None
    if ranged.type == K.COMPOSITE_LITERAL:
        value = ranged.child_by_field_name(F.VALUE)
        elements = grammar.named(value) if value is not None else []
        if any(e.type == K.KEYED_ELEMENT for e in elements):
            return None  # `[...]T{5: x}`: the length is not the number of elements
        return len([e for e in elements if e.type != K.COMMENT])
    constant = view.program.constant_int(ranged, view.file)
    if constant is not None:
        return max(constant, 0)
    if ranged.type == K.IDENTIFIER:
        filled = _filled_by_literals(view, ranged)
        if filled is not None:
            return filled
    t = view.underlying(view.type_of(ranged))
    if isinstance(t, gt.Pointer):
        t = view.underlying(t.elem)
    if isinstance(t, gt.Array) and isinstance(t.length, int):
        return t.length
    return None


def _literal_length(node: Node | None) -> int | None:
    """The number of elements of a composite literal without keys, else None."""
    literal = grammar.unparen(node)
    if literal is None or literal.type != K.COMPOSITE_LITERAL:
        return None
    value = literal.child_by_field_name(F.VALUE)
    elements = [e for e in (grammar.named(value) if value is not None else []) if e.type != K.COMMENT]
    if any(e.type == K.KEYED_ELEMENT for e in elements):
        return None
    return len(elements)


def _filled_by_literals(view: FileView, ranged: Node) -> int | None:
    """At most how many elements a local slice has where it is ranged over, when only short
    literals fill it: `networks := []string{"udp", "tcp"}` (or `networks = []string{"tcp"}` on
    another path), `probes = probes[:1]`, and `roots = append(roots, a)` outside any loop.

    The bound is the longest literal plus every element appended before the loop; any other
    write, an append inside a loop, a spread (`append(xs, ys...)`) or the variable's address
    handed away (`fill(&xs)`) make it unknown (None).
    """
    symbol = view.resolve(ranged)
    func = symbol.func if symbol is not None else None
    body = grammar.function_body(func) if func is not None else None
    if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.LOCAL or body is None:
        return None
    if symbol.decl is None or symbol.range_clause is not None or symbol.tuple_value is not None:
        return None
    longest = 0
    if symbol.value is not None:
        length = _literal_length(symbol.value)
        if length is None:
            return None
        longest = length
    appended = 0
    for use in view.uses(symbol, body):
        if use.id == symbol.decl.id or use.id == ranged.id:
            continue
        parent = use.parent
        if parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
            return None
        if not scope.is_written(use):
            continue
        if use.start_byte > ranged.start_byte:
            continue  # written after the loop starts: the range evaluated it already
        value = grammar.unparen(_assigned_value(use))
        length = _literal_length(value)
        if length is not None:
            longest = max(longest, length)
            continue
        operand = grammar.unparen(value.child_by_field_name(F.OPERAND)) if value is not None else None
        if value is not None and value.type == K.SLICE_EXPRESSION and operand is not None:
            if operand.type == K.IDENTIFIER and view.resolve(operand) == symbol:
                continue  # `xs = xs[:1]` only shrinks it
        added = _appended_count(view, value, symbol)
        if added is None or _inside_a_loop(use, body):
            return None
        appended += added
    return longest + appended


def _inside_a_loop(node: Node, body: Node) -> bool:
    return any(a.type == K.FOR_STATEMENT and grammar.is_within(a, body) for a in grammar.ancestors(node))


def _assigned_value(target: Node) -> Node | None:
    """The value `target = value` gives a plain variable (None for `x, y = f()` or `x += ...`)."""
    targets = target.parent
    owner = targets.parent if targets is not None else None
    if owner is None or targets is None or owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION):
        return None
    if grammar.operator(owner) not in ("=", ":="):
        return None
    left = grammar.items(targets)
    right = grammar.items(owner.child_by_field_name(F.RIGHT))
    if len(left) != len(right):
        return None
    index = next((i for i, t in enumerate(left) if t.id == target.id), -1)
    return right[index] if index >= 0 else None


def _appended_count(view: FileView, value: Node | None, symbol: scope.Symbol) -> int | None:
    """`append(xs, a, b)` to the variable itself: the number of elements added (2), else None."""
    if value is None or calls.builtin_name(view, value) != "append":
        return None
    arguments = grammar.named(value.child_by_field_name(F.ARGUMENTS))
    spread = value.child_by_field_name(F.ARGUMENTS)
    if not arguments or spread is None or grammar.has_token(spread, "..."):
        return None
    first = grammar.unparen(arguments[0])
    if first is None or first.type != K.IDENTIFIER or view.resolve(first) != symbol:
        return None
    return len(arguments) - 1


def _counter(view: FileView, loop: Node, clause: Node) -> tuple[scope.Symbol, Node, Node, str] | None:
    """(the counter, its start, the bound, the direction "up"/"down") of `for i := a; i < b; ...`
    when every change of `i` in the loop moves it towards `b` (`i++`, `i += c`, `i = b`) and `b`
    does not change in the loop."""
    init = clause.child_by_field_name(F.INIT)
    condition = grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if init is None or init.type != K.SHORT_VAR_DECLARATION or condition is None:
        return None
    names = grammar.items(init.child_by_field_name(F.LEFT))
    values = grammar.items(init.child_by_field_name(F.RIGHT))
    if len(names) != 1 or len(values) != 1 or condition.type != K.BINARY_EXPRESSION:
        return None
    counter = view.resolve(names[0])
    if counter is None or counter.kind != scope.VAR:
        return None
    left = grammar.unparen(condition.child_by_field_name(F.LEFT))
    right = grammar.unparen(condition.child_by_field_name(F.RIGHT))
    operator = grammar.operator(condition)
    flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    if right is not None and right.type == K.IDENTIFIER and view.resolve(right) == counter:
        left, right, operator = right, left, flipped.get(operator, operator)
    if left is None or right is None or left.type != K.IDENTIFIER or view.resolve(left) != counter:
        return None
    direction = {"<": "up", "<=": "up", ">": "down", ">=": "down"}.get(operator)
    if direction is None or not _unchanged_in(view, right, loop):
        return None
    for use in view.uses(counter, loop):
        if use.id == names[0].id or not scope.is_written(use):
            continue
        if not _moves_towards(view, use, direction, right):
            return None
    return counter, values[0], right, direction


def _counted_trips(view: FileView, loop: Node, clause: Node) -> int | None:
    found = _counter(view, loop, clause)
    if found is None:
        return None
    counter, start, bound, direction = found
    first = view.program.constant_int(start, view.file)
    last = view.program.constant_int(bound, view.file)
    condition = grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if first is None or last is None or condition is None:
        return None
    inclusive = grammar.operator(condition) in ("<=", ">=")
    span = (last - first) if direction == "up" else (first - last)
    step = _step(view, clause, counter)
    if step is None or step <= 0:
        return None
    return max(0, (span + (1 if inclusive else 0) + step - 1) // step)


def _step(view: FileView, clause: Node, counter: scope.Symbol) -> int | None:
    """How far the post statement moves the counter: 1 for `i++`, c for `i += c`."""
    post = clause.child_by_field_name(F.POST)
    if post is None:
        return None
    if post.type == K.INC_DEC_STATEMENT:
        return 1
    if post.type == K.ASSIGNMENT and grammar.operator(post) in ("+=", "-="):
        values = grammar.items(post.child_by_field_name(F.RIGHT))
        return view.program.constant_int(values[0], view.file) if len(values) == 1 else None
    return None


def _moves_towards(view: FileView, use: Node, direction: str, bound: Node) -> bool:
    """`i++` / `i += c` counting up (`i--` / `i -= c` down), or `i = bound`, which ends the loop."""
    statement = use.parent
    if statement is not None and statement.type == K.EXPRESSION_LIST:
        statement = statement.parent
    if statement is None:
        return False
    if statement.type == K.INC_DEC_STATEMENT:
        return grammar.has_token(statement, "++" if direction == "up" else "--")
    if statement.type != K.ASSIGNMENT:
        return False
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    if len(values) != 1 or len(grammar.items(statement.child_by_field_name(F.LEFT))) != 1:
        return False
    operator = grammar.operator(statement)
    if operator == "=":
        return view.text(grammar.unparen(values[0])) == view.text(bound)
    step = view.program.constant_int(values[0], view.file)
    wanted = "+=" if direction == "up" else "-="
    return operator == wanted and step is not None and step > 0


def _unchanged_in(view: FileView, bound: Node, loop: Node) -> bool:
    """A constant, or an expression whose variables the loop does not write (`len(xs)`, `n`, `c.max`)."""
    if view.program.constant_int(bound, view.file) is not None:
        return True
    for ident in grammar.find_all(bound, (K.IDENTIFIER,)):
        symbol = view.resolve(ident)
        if symbol is None or symbol.kind != scope.VAR:
            continue
        if symbol.is_package_var:
            return False  # anything the loop calls may change it
        if any(scope.is_written(use) for use in view.uses(symbol, loop)):
            return False
    return not grammar.find_all(bound, (K.CALL_EXPRESSION,)) or _only_len_calls(bound)


def _only_len_calls(bound: Node) -> bool:
    for call in grammar.find_all(bound, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None or function.type != K.IDENTIFIER or grammar.text(function) not in ("len", "cap"):
            return False
    return True


def benchmark_loop(view: FileView, loop: Node) -> bool:
    """`for i := 0; i < b.N; i++`, `for range b.N`, `for b.Loop()`: a loop run as often as the
    benchmark wants, which nothing means to hold per iteration."""
    body = loop.child_by_field_name(F.BODY)
    for selector in grammar.find_all(loop, (K.SELECTOR_EXPRESSION,)):
        if body is not None and grammar.is_within(selector, body):
            continue
        if grammar.text(selector.child_by_field_name(F.FIELD)) not in ("N", "Loop"):
            continue
        named = view.program.deref(view.type_of(selector.child_by_field_name(F.OPERAND)))
        if isinstance(named, gt.Named) and named.package == "testing" and named.name == "B":
            return True
    return False


# --- can a statement run again? ----------------------------------------------------------


def runs_at_most_once(statement: Node) -> bool:
    """True when every path from `statement` leaves the function before any loop comes round again.

    A conservative scan forward: a statement that always terminates (return,
    panic) proves it; an unconditional `break` moves the scan past the loop
    it leaves; reaching the end of a loop body, a `continue`, a `goto` or a
    branch we cannot follow means it may run again.
    """
    node = statement
    while True:
        for after in flow.statements_after(node):
            if after.type == K.BREAK_STATEMENT:
                target = flow.branch_target(after)
                if target is None:
                    return False
                node = target
                break
            if any(_leaves(branch, after) for branch in flow.branches_in(after)):
                return False
            if flow.is_terminating(after):
                return True
        else:
            up = after_container(node)
            if up is None:
                return False
            if up.type in grammar.FUNCTION_KINDS:
                return True  # falling off the end of the function returns
            node = up
            continue
        while node.parent is not None and node.parent.type == K.LABELED_STATEMENT:
            node = node.parent


def _leaves(branch: Node, statement: Node) -> bool:
    """A break, continue or goto inside `statement` that goes somewhere outside it."""
    if branch.type == K.GOTO_STATEMENT:
        return True
    target = flow.branch_target(branch)
    return target is None or not grammar.is_within(target, statement)


def after_container(node: Node) -> Node | None:
    """Where control goes when the statement list holding `node` runs out.

    The statement whose end is reached (scan continues after it), the
    function (it returns), or None when control goes back to a loop or
    cannot be followed.
    """
    container = node.parent
    if container is None:
        return None
    if container.type in grammar.CASE_CLAUSE_KINDS:
        statements = grammar.statement_list(container)
        if statements and statements[-1].type == K.FALLTHROUGH_STATEMENT:
            return None
        return _statement_in_list(container.parent)
    if container.type != K.BLOCK:
        return None
    owner = container.parent
    if owner is None:
        return None
    if owner.type in grammar.FUNCTION_KINDS:
        return owner
    if owner.type == K.IF_STATEMENT:
        return _statement_in_list(owner)
    if grammar.is_statement_container(owner) or owner.type == K.LABELED_STATEMENT:
        return _statement_in_list(container)
    return None  # a loop body: the loop comes round again


def _statement_in_list(node: Node | None) -> Node | None:
    """`node`, or the statement of an if-else chain / labelled statement that holds it."""
    while node is not None and node.parent is not None and node.parent.type in (K.IF_STATEMENT, K.LABELED_STATEMENT):
        node = node.parent
    return node


def last_in_iteration(statement: Node, body: Node) -> bool:
    """Nothing but defers runs after `statement` in its iteration: it is last in its block (or
    followed only by defers), that block's statement is last in its own block, and so on up to the
    loop body."""
    node = statement
    while True:
        if any(s.type not in (K.EMPTY_STATEMENT, K.DEFER_STATEMENT) for s in flow.statements_after(node)):
            return False
        container = node.parent
        if container is None:
            return False
        if container.id == body.id:
            return True
        up = after_container(node)
        if up is None or up.type in grammar.FUNCTION_KINDS:
            return False
        node = up


def bounded_around(view: FileView, node: Node) -> bool:
    """Every loop around `node` in its function runs a constant number of times, and together at
    most BOUNDED_TRIPS: whatever `node` adds per iteration stays a small constant."""
    func = grammar.enclosing_function(node)
    total = 1
    found = False
    for ancestor in grammar.ancestors(node):
        if func is not None and ancestor.id == func.id:
            break
        if ancestor.type != K.FOR_STATEMENT:
            continue
        trips = constant_trips(view, ancestor)
        if trips is None:
            return False
        total *= trips
        found = True
    return found and total <= BOUNDED_TRIPS


def outermost_loop(node: Node, func: Node) -> Node | None:
    """The outermost `for` around `node` inside `func`."""
    return outermost(node, func, K.FOR_STATEMENT)


def outermost(node: Node, within: Node, kind: str) -> Node | None:
    """The outermost ancestor of `node` of the given kind below `within`."""
    found = None
    for ancestor in grammar.ancestors(node):
        if ancestor.id == within.id:
            break
        if ancestor.type == kind:
            found = ancestor
    return found


def ranges_over_arguments(view: FileView, loop: Node) -> bool:
    """`for _, name := range os.Args[1:]` (or `flag.Args()`) in `main.main`: a command-line tool
    holds one thing per argument it was given, and main's return ends the process."""
    func = grammar.enclosing_function(loop)
    if func is None or func.type != K.FUNCTION_DECLARATION or view.file.package != "main":
        return False
    if view.text(func.child_by_field_name(F.NAME)) != "main":
        return False
    clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
    ranged = grammar.unparen(clause.child_by_field_name(F.RIGHT)) if clause is not None else None
    while ranged is not None and ranged.type in (K.SLICE_EXPRESSION, K.CALL_EXPRESSION):
        field = F.OPERAND if ranged.type == K.SLICE_EXPRESSION else F.FUNCTION
        ranged = grammar.unparen(ranged.child_by_field_name(field))
    if ranged is None or ranged.type != K.SELECTOR_EXPRESSION:
        return False
    operand = ranged.child_by_field_name(F.OPERAND)
    package = view.program.package_of_selector(operand, view.file) if operand is not None else None
    return (package, grammar.text(ranged.child_by_field_name(F.FIELD))) in (("os", "Args"), ("flag", "Args"))


def ranges_over_unknown(view: FileView, loop: Node) -> bool:
    """A range over something whose type is unknown (another module's slice or map, most likely):
    in a test, a collection of fixtures like any other."""
    clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
    return clause is not None and view.type_of(clause.child_by_field_name(F.RIGHT)) is None


# --- the loops around a statement, and a loop's count spelled at an earlier point --------------


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
    clause = _clause(loop)
    if clause is not None and clause.type == K.RANGE_CLAUSE:
        ranged = grammar.unparen(clause.child_by_field_name(F.RIGHT))
        if ranged is None:
            return None
        under = view.underlying(view.type_of(ranged))
        if isinstance(under, (gt.Slice, gt.Array, gt.Map)):
            return "len", ranged
        if isinstance(under, gt.Basic) and under.name in ("int", "untyped int"):
            return "int", ranged
        return None
    found = _counter(view, loop, clause) if clause is not None else None
    if found is None or clause is None:
        return None
    counter, start, limit, direction = found
    condition = grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if direction != "up" or condition is None or grammar.operator(condition) != "<":
        return None
    if not _is_zero(view, start) or _step(view, clause, counter) != 1:
        return None
    return "int", limit


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
    is_map = isinstance(view.underlying(view.type_of(node)), gt.Map)
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
    if isinstance(under, gt.Basic) and under.name.startswith("uint"):
        return True
    symbol = view.resolve(inner) if inner.type == K.IDENTIFIER else None
    return symbol is not None and _only_set_to_a_length(view, symbol)


def _only_set_to_a_length(view: FileView, symbol: scope.Symbol) -> bool:
    """`n := len(xs)`, and `n` never assigned again."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None or calls.builtin_name(view, grammar.unparen(symbol.value)) not in ("len", "cap"):
        return False
    return not any(scope.is_written(u) for u in view.uses(symbol, body) if not grammar.same(u, symbol.decl))


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
        is_map = isinstance(under, gt.Map)
        collection = isinstance(under, (gt.Slice, gt.Array, gt.Map))
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
