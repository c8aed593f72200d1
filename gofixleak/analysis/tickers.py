"""How long a time.Ticker lives: who stops it, and on which paths it is lost.

The questions the unstopped-ticker rule asks about a ticker: its creation
assigned with `=` (`t = time.NewTicker(d)`), the error check after a
constructor that may return nil, the control-flow graph where ranging over a
ticker's channel never ends (and where a ticker just made is never nil), a
goroutine that owns it and whether it is started once, functions of the
package that return a new ticker, tickers kept in struct fields and whether
anything in the package may stop them, and whether a ticker a goroutine
ranges over is stopped for good somewhere (`Stop` and no `Reset`).
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixleak.analysis import bindings, cfg, flow, timers
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def error_check_after(view: FileView, statement: Node, error: sc.Symbol) -> Node | None:
    """`if err != nil { ...return }` right after `statement`, with no else: the ticker is set after it."""
    following = flow.statements_after(statement)
    check = following[0] if following else None
    if check is None or check.type != K.IF_STATEMENT:
        return None
    if check.child_by_field_name(F.INIT) is not None or check.child_by_field_name(F.ALTERNATIVE) is not None:
        return None
    condition = grammar.unparen(check.child_by_field_name(F.CONDITION))
    if condition is None or condition.type != K.BINARY_EXPRESSION or grammar.operator(condition) != "!=":
        return None
    sides = [grammar.unparen(condition.child_by_field_name(f)) for f in (F.LEFT, F.RIGHT)]
    names = {view.text(s) for s in sides if s is not None}
    if names != {error.name, "nil"}:
        return None
    err_side = next(s for s in sides if s is not None and view.text(s) == error.name)
    if view.resolve(err_side) != error or not flow.block_terminates(check.child_by_field_name(F.BODY)):
        return None
    return check


def ticker_flow_graph(view: FileView, func: Node, never_nil: sc.Symbol | None = None) -> cfg.Graph:
    """The control-flow graph of `func`, where ranging over a ticker's channel never ends.

    With `never_nil`, a variable holding a new ticker, the branch an `if t == nil`
    or `if t != nil` cannot take is left out.
    """
    graph = timers.flow_graph(view, func, lambda clause: is_ticker_channel(view, clause.child_by_field_name(F.RIGHT)))
    if never_nil is None:
        return graph
    for point in graph:
        if point.kind == cfg.CONDITION and point.node is not None and point.node.type == K.IF_STATEMENT:
            test = _nil_test(view, point.evaluates, never_nil)
            if test is not None and len(point.succ) == 2:
                point.succ = point.succ[:1] if test == "!=" else point.succ[1:]
    return graph


def _nil_test(view: FileView, condition: Node | None, symbol: sc.Symbol) -> str | None:
    """ "!=" for `t != nil` (or `nil != t`), "==" for `t == nil`, when `t` is `symbol`; else None."""
    condition = grammar.unparen(condition)
    if condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    for side in (condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)):
        side = grammar.unparen(side)
        if side is not None and side.type == K.IDENTIFIER and timers.is_nil_comparison(side):
            if view.resolve(side) == symbol:
                return grammar.operator(condition)
    return None


def is_ticker_channel(view: FileView, channel: Node | None) -> bool:
    """`time.Tick(d)`, `t.C` of a ticker, or a local holding `time.Tick(d)`: channels never closed."""
    channel = grammar.unparen(channel)
    if channel is None:
        return False
    if channel.type == K.CALL_EXPRESSION:
        return timers.time_function(view, channel) == "Tick"
    if channel.type == K.SELECTOR_EXPRESSION and view.text(channel.child_by_field_name(F.FIELD)) == "C":
        return timers.is_time_type(view, view.type_of(channel.child_by_field_name(F.OPERAND)), "Ticker")
    if channel.type == K.IDENTIFIER:
        symbol = view.resolve(channel)
        value = grammar.unparen(symbol.value) if symbol is not None and symbol.kind == sc.VAR else None
        return value is not None and value.type == K.CALL_EXPRESSION and timers.time_function(view, value) == "Tick"
    return False


def assignment_of(view: FileView, call: Node) -> tuple[Node, Node] | None:
    """(`t = call` statement, `t`) for a single assignment of `call` to a plain identifier."""
    values = call.parent
    assignment = values.parent if values is not None else None
    if values is None or assignment is None or values.type != K.EXPRESSION_LIST or assignment.type != K.ASSIGNMENT:
        return None
    if grammar.operator(assignment) != "=" or not sc.is_child(values, assignment, F.RIGHT):
        return None
    targets = grammar.items(assignment.child_by_field_name(F.LEFT))
    if len(targets) != 1 or len(grammar.items(values)) != 1 or targets[0].type != K.IDENTIFIER:
        return None
    return assignment, targets[0]


def creation_assigning(view: FileView, target: Node) -> Node | None:
    """The statement `target = time.NewTicker(d)` when `target` is written by one."""
    targets = target.parent
    assignment = targets.parent if targets is not None else None
    if targets is None or assignment is None or assignment.type != K.ASSIGNMENT:
        return None
    if not sc.is_child(targets, assignment, F.LEFT):
        return None
    values = grammar.items(assignment.child_by_field_name(F.RIGHT))
    call = grammar.unparen(values[0]) if len(values) == 1 else None
    if call is None or timers.time_function(view, call) != "NewTicker":
        return None
    found = assignment_of(view, call)
    return found[0] if found is not None and found[1].id == target.id else None


def read_when_deferred(view: FileView, use: Node, func: Node) -> bool:
    """`use` runs when `func` returns: in a deferred function literal, or an argument/receiver of a `defer`."""
    if timers.closure_context(view, use, func) == "deferred":
        return True
    for anc in grammar.ancestors(use):
        if anc.id == func.id or anc.type in grammar.FUNCTION_KINDS:
            return False
        if anc.type == K.DEFER_STATEMENT:
            return True
    return False


def registered_before(graph: cfg.Graph, statement: Node, creation: int) -> bool:
    """Every path from the function's entry to `creation` passes `statement` (a defer)."""
    points = timers.points_of(graph, [statement])
    return bool(points) and not timers.unstopped_paths(graph, [graph.entry], points, creation)[1]


def owning_goroutine(view: FileView, uses: list[Node]) -> Node | None:
    """The `go func() {...}()` literal every use of the ticker is in (and stays in), if there is one."""
    literals = [grammar.enclosing_function(use) for use in uses]
    first = literals[0] if literals else None
    if first is None or first.type != K.FUNCTION_LITERAL or any(lit is None or lit.id != first.id for lit in literals):
        return None
    call = first.parent
    if call is None or call.type != K.CALL_EXPRESSION or call.parent is None or call.parent.type != K.GO_STATEMENT:
        return None
    if any(timers.classify_timer_use(view, use, first) in (timers.ESCAPES, timers.REASSIGNS) for use in uses):
        return None
    return first


def started_once(view: FileView, goroutine: Node, binding: bindings.Binding) -> bool:
    """The `go` statement runs at most once per ticker: not in a loop (or closure) the creation is not in.

    A `goto` back over the `go` statement is a loop too: the control-flow graph
    must not lead from the `go` statement back to itself without making a new ticker.
    """
    statement = goroutine.parent.parent if goroutine.parent is not None else None
    func = binding.symbol.func
    starter = grammar.enclosing_function(statement) if statement is not None else None
    if statement is None or func is None or starter is None or starter.id != func.id:
        return False
    for anc in grammar.ancestors(statement):
        if anc.id == func.id:
            break
        if anc.type == K.FOR_STATEMENT and not grammar.is_within(binding.statement, anc):
            return False
    graph = timers.flow_graph(view, func)
    start, made = graph.point_at(statement), graph.point_at(binding.statement)
    if start is None or made is None:
        return False
    return not timers.unstopped_paths(graph, start.succ, {made.index}, start.index)[1]


# --- functions of the package that return a new ticker ----------------------------------------


def may_construct(call: Node) -> bool:
    """A call that initialises two or more new variables (cheap, before any type work)."""
    values = call.parent
    owner = values.parent if values is not None else None
    if values is None or owner is None or values.type != K.EXPRESSION_LIST or len(grammar.named(values)) != 1:
        return False
    if owner.type == K.SHORT_VAR_DECLARATION:
        return len(grammar.items(owner.child_by_field_name(F.LEFT))) > 1
    return owner.type == K.VAR_SPEC and len(grammar.fields(owner, F.NAME)) > 1


@dataclass(frozen=True)
class Constructor:
    ticker: int  # which result is the new ticker
    error: int | None  # which result is the error, if any
    may_be_nil: bool  # some return gives a nil ticker


def constructor(view: FileView, symbol: sc.Symbol) -> Constructor | None:
    """A package function whose every return gives a ticker it just made (or nil) and keeps none."""
    decl = symbol.value_decl
    if decl is None or decl.spec.type != K.FUNCTION_DECLARATION:
        return None
    signature = view.program.type_from_node(decl.spec, decl.file)
    if not isinstance(signature, gt.Signature):
        return None
    results = signature.results
    tickers = [i for i, r in enumerate(results) if isinstance(r, gt.Pointer) and timers.is_time_type(view, r, "Ticker")]
    body = decl.spec.child_by_field_name(F.BODY)
    if len(tickers) != 1 or body is None:
        return None
    index = tickers[0]
    error = next((i for i, r in enumerate(results) if r == gt.ERROR), None)
    returns = list(flow.returns_in(body))
    if not returns:
        return None
    may_be_nil, fresh = False, False
    for ret in returns:
        items = grammar.items(ret.child_by_field_name(F.RESULT))
        if len(items) != len(results):
            return None  # a bare return with named results, or `return f()`
        value = grammar.unparen(items[index])
        kind = _returned_ticker(view, value, index, decl.spec, decl.file)
        if kind is None:
            return None
        may_be_nil = may_be_nil or kind == "nil"
        fresh = fresh or kind == "new"
    return Constructor(index, error, may_be_nil) if fresh else None


def _returned_ticker(view: FileView, value: Node | None, index: int, func: Node, file: ParsedFile) -> str | None:
    """ "new" for a ticker made in `func` and kept nowhere else, "nil" for nil, None otherwise."""
    if value is None:
        return None
    if value.type == K.CALL_EXPRESSION and timers.time_function(view, value, file) == "NewTicker":
        return "new"
    if value.type != K.IDENTIFIER:
        return None
    symbol = view.program.resolve(value, file)
    if symbol is not None and symbol.kind == sc.NIL:
        return "nil"
    if symbol is None or symbol.kind != sc.VAR or symbol.where != sc.LOCAL or symbol.value is None:
        return None
    made = grammar.unparen(symbol.value)
    if made is None or made.type != K.CALL_EXPRESSION or timers.time_function(view, made, file) != "NewTicker":
        return None
    resolver = view.program.resolver(file)
    for use in resolver.uses(symbol, func):
        if symbol.decl is not None and use.id == symbol.decl.id:
            continue
        results = use.parent
        owner = results.parent if results is not None else None
        returned = results is not None and results.type == K.EXPRESSION_LIST and owner is not None
        if returned and owner is not None and owner.type == K.RETURN_STATEMENT:
            items = grammar.items(results)
            if index < len(items) and items[index].id == use.id:
                continue
        if timers.classify_timer_use(view, use, func, file) != timers.KEEPS:
            return None  # stopped, stored or handed out: not simply a new ticker for the caller
    return "new"


# --- tickers in struct fields -----------------------------------------------------------------


def field_store(view: FileView, value: Node) -> tuple[gt.Named, str] | None:
    """When `value` is stored into a ticker field of a struct type of this package: (owner, field)."""
    parent = value.parent
    if parent is None:
        return None
    if parent.type == K.KEYED_ELEMENT:
        parts = grammar.named(parent)
        literal = parent.parent.parent if parent.parent is not None else None
        if len(parts) != 2 or parts[1].id != value.id or literal is None or literal.type != K.COMPOSITE_LITERAL:
            return None
        owner = view.program.deref(view.type_of(literal))
        return ticker_field(view, owner, view.text(parts[0]))
    if parent.type != K.EXPRESSION_LIST or parent.parent is None or parent.parent.type != K.ASSIGNMENT:
        return None
    assignment = parent.parent
    if not sc.is_child(parent, assignment, F.RIGHT) or grammar.operator(assignment) != "=":
        return None
    values, targets = grammar.items(parent), grammar.items(assignment.child_by_field_name(F.LEFT))
    if len(values) != len(targets):
        return None
    target = grammar.unparen(targets[next(i for i, v in enumerate(values) if v.id == value.id)])
    if target is None or target.type != K.SELECTOR_EXPRESSION:
        return None
    field = view.text(target.child_by_field_name(F.FIELD))
    return ticker_field(view, field_owner(view, view.type_of(target.child_by_field_name(F.OPERAND)), field), field)


def field_owner(view: FileView, t: gt.Type | None, field: str) -> gt.Type | None:
    """The struct type that declares `field` of a `t`: `t` itself, or the embedded type it is promoted from."""
    path = view.program.embedding_path(t, field)
    if path is None:
        return None
    return view.program.deref(path[-1] if path else t)


def ticker_field(view: FileView, owner: gt.Type | None, field: str) -> tuple[gt.Named, str] | None:
    if not isinstance(owner, gt.Named) or owner.package != view.file.import_path:
        return None
    struct = view.underlying(owner)
    if not isinstance(struct, gt.Struct):
        return None
    declared = next((f for f in struct.fields if f.name == field and not f.embedded), None)
    if declared is None or not timers.is_time_type(view, declared.type, "Ticker"):
        return None
    return owner, field


def field_may_be_stopped(view: FileView, owner: gt.Named, field: str) -> bool:
    """Whether anything in the package may stop `owner.field`: a Stop call, or the ticker handed on."""
    for file in view.package_files():
        for selector in grammar.find_all(file.tree.root_node, (K.SELECTOR_EXPRESSION,)):
            if grammar.text(selector.child_by_field_name(F.FIELD)) != field:
                continue
            if _is_field_store_target(selector) or timers.is_nil_comparison(selector):
                continue
            parent = selector.parent
            if parent is not None and parent.type == K.SELECTOR_EXPRESSION and sc.is_child(selector, parent, F.OPERAND):
                if grammar.text(parent.child_by_field_name(F.FIELD)) in ("C", "Reset"):
                    continue
            base = field_owner(view, view.program.type_of(selector.child_by_field_name(F.OPERAND), file), field)
            if base is None or same_type_name(base, owner):
                return True  # `x.ticker.Stop()`, or `x.ticker` passed on: maybe stopped there
    return False


def _is_field_store_target(selector: Node) -> bool:
    targets = selector.parent
    owner = targets.parent if targets is not None else None
    return (
        targets is not None and owner is not None and owner.type == K.ASSIGNMENT and sc.is_child(targets, owner, F.LEFT)
    )


_CLOSERS = ("Close", "Stop", "Shutdown")


@dataclass(frozen=True)
class Closer:
    name: str
    node: Node | None  # the method declaration, when it is in the file being checked


def closing_method(view: FileView, owner: gt.Named) -> Closer | None:
    facts = view.program.package(owner.package)
    for name in _CLOSERS:
        method = facts.method(owner.name, name) if facts is not None else None
        if method is not None:
            return Closer(name, method.node if method.file.path == view.file.path else None)
    return None


# --- whether someone stops a ticker for good ----------------------------------------------------


def is_stopped_somewhere(view: FileView, operand: Node, func: Node, sites: list[tuple[ParsedFile, Node]]) -> bool:
    """Whether the ticker the goroutine ranges over is stopped by someone (who expects the loop to end)."""
    ticker = grammar.unparen(operand)
    if ticker is None:
        return False
    if ticker.type == K.SELECTOR_EXPRESSION:
        field = view.text(ticker.child_by_field_name(F.FIELD))
        owner = field_owner(view, view.type_of(ticker.child_by_field_name(F.OPERAND)), field)
        return isinstance(owner, gt.Named) and field_is_stopped(view, owner, field)
    if ticker.type != K.IDENTIFIER:
        return False
    symbol = view.resolve(ticker)
    if symbol is None or symbol.kind != sc.VAR or symbol.func is None:
        return False
    if symbol.func.id != func.id:  # captured from the function that started the goroutine
        return _stops_variable(view, view.file, symbol)
    if symbol.where != sc.PARAM:
        return False
    index = bindings.parameter_index(func, symbol)
    for file, call in sites:  # `go worker(t)`: is the caller's t stopped?
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        argument = grammar.unparen(args[index]) if index is not None and index < len(args) else None
        if argument is not None and argument.type == K.IDENTIFIER:
            passed = view.program.resolve(argument, file)
            if passed is not None and passed.kind == sc.VAR and _stops_variable(view, file, passed):
                return True
    return False


def _stops_variable(view: FileView, file: ParsedFile, symbol: sc.Symbol) -> bool:
    """Whether `symbol`'s ticker is stopped for good: `t.Stop()` somewhere, and no `t.Reset(d)` restarts it."""
    scope = grammar.function_body(symbol.func) if symbol.func is not None else None
    if scope is None:
        return False
    members = set()
    for use in view.program.resolver(file).uses(symbol, scope):
        member = use.parent
        if member is not None and member.type == K.SELECTOR_EXPRESSION and sc.is_child(use, member, F.OPERAND):
            members.add(grammar.text(member.child_by_field_name(F.FIELD)))
    return "Stop" in members and "Reset" not in members


def field_is_stopped(view: FileView, owner: gt.Named, field: str) -> bool:
    """Whether `owner.field` is stopped for good somewhere in the package: a Stop, and no Reset restarts it."""
    return _field_has_call(view, owner, field, "Stop") and not _field_has_call(view, owner, field, "Reset")


def _field_has_call(view: FileView, owner: gt.Named, field: str, method: str) -> bool:
    for file in view.package_files():
        for selector in grammar.find_all(file.tree.root_node, (K.SELECTOR_EXPRESSION,)):
            if grammar.text(selector.child_by_field_name(F.FIELD)) != method:
                continue
            inner = grammar.unparen(selector.child_by_field_name(F.OPERAND))
            if inner is None or inner.type != K.SELECTOR_EXPRESSION:
                continue
            if grammar.text(inner.child_by_field_name(F.FIELD)) != field:
                continue
            base = field_owner(view, view.program.type_of(inner.child_by_field_name(F.OPERAND), file), field)
            if same_type_name(base, owner):
                return True
    return False


def same_type_name(t: gt.Type | None, owner: gt.Named) -> bool:
    """The same defined type, whatever its type arguments (`Source[T]` in a method, `Source[int]` elsewhere)."""
    return isinstance(t, gt.Named) and (t.package, t.name) == (owner.package, owner.name)
