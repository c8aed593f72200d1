"""A time.Ticker that is never stopped is never freed, and time.Tick's ticker cannot be stopped at all.

## What it does
Flags tickers that nothing stops:

- `t := time.NewTicker(d)` (also `var t = ...`, `t, err := newTicker(...)`
  for a function of the package that returns a new ticker, and `t =
  time.NewTicker(d)` to a local declared without a value when every write of
  it makes a new ticker: a deferred closure registered before the assignment
  that stops `t` counts as stopping it) in a function
  that can return, where `t` stays in the function (it is not returned,
  stored, passed on, or used by a goroutine or a closure that outlives the
  call) and `t.Stop()` does not run on every way out (directly, deferred, or
  through a local closure such as `stop := func() { t.Stop() }`), or where
  goroutines (`go func() {...}()`) are its only users and can return without
  stopping it;
- `time.Tick(d)` in a function that can return: its ticker has no `Stop`
  (a constant `d <= 0` starts no ticker: `time.Tick` returns nil);
- a ticker kept in an unexported struct field (also one promoted from an
  embedded struct) that nothing in the package ever stops (an exported
  field, outside package main, may be stopped by other packages: it is
  left alone);
- a goroutine that loops `for range t.C` over a ticker that is stopped
  somewhere and never `Reset` (a paused ticker that is reset ticks again):
  `Stop` does not close `C`, so the loop never ends.

The first three depend on the runtime: since Go 1.23 the garbage collector
frees unreferenced tickers even when they are not stopped, but only in
programs whose main module's go.mod says `go 1.23` or later (and always from
Go 1.27).  So by default they are reported only in files whose Go version is
below 1.23; the `any_version` option (`--option GFL005.any_version`) reports
them in every file, for libraries that programs with an older go line may
import, or code whose real go line gofixleak cannot see.  A hanging goroutine
leaks in every Go version and is always reported.

Left alone: tickers in `main.main` (the program ends when it returns), one
`time.Tick` in an `init` function or at the top level of a test (they run
once), and tickers of functions and loops that never return: they are needed
for as long as those run.

A dot-imported package time (`NewTicker(d)`, `Tick(d)`) is recognised.

Not seen: a variable assigned with `=` that also holds something else (a
ticker from a parameter, `nil` again, a value from another call) or that is
handed out or used by a closure other than a deferred stop, a ticker whose
channel is stored in another variable (`tickC = t.C`), one handed to another
function (`go worker(t)`), and a field ticker stopped on some ways out only.

## Why is this bad?
A running ticker is referenced from the runtime's timer heap, so the
garbage collector never frees it, nor its channel: before Go 1.23, every
unstopped ticker stays in memory and keeps waking the runtime for the rest
of the program.  A function that starts one per call leaks one per call
(Go 101, "Memory Leaking Scenarios": kind-of memory leaking caused by not
stopping `time.Ticker` values which are not used any more).  `time.Tick`
gives no way to stop its ticker at all.

## Example
```go
func poll(ctx context.Context, every time.Duration) {
        tick := time.NewTicker(every)
        for {
                select {
                case <-ctx.Done():
                        return
                case <-tick.C:
                        refresh()
                }
        }
}
```

## Use instead
```go
func poll(ctx context.Context, every time.Duration) {
        tick := time.NewTicker(every)
        defer tick.Stop()
        for {
                select {
                case <-ctx.Done():
                        return
                case <-tick.C:
                        refresh()
                }
        }
}
```

## Fix safety
Adding `defer t.Stop()` right after the ticker is made (after the error
check, when a constructor may return a nil ticker with an error), or first
thing in the goroutine that is its only user, is safe: nothing else uses the
ticker, so nothing can observe that it stops when that function returns, and
stopping a ticker twice is harmless.  A ticker shared by several goroutines
(started in a loop, or by a closure that may run twice) gets no fix: the
first to return would stop it for the others (also when a `goto` back over
the `go` statement starts it again).  Neither does a ticker made in a loop,
where a `defer` would pile up, nor a ticker assigned with `=` to a variable
not declared `*time.Ticker` (`var t any`: `t.Stop()` would not compile) or
read by a deferred call (`defer func() { <-t.C }()` registered before the
assignment would run after the new `defer t.Stop()` and wait forever).

`time.Tick(d)` becomes `ticker := time.NewTicker(d)` plus `defer
ticker.Stop()` (a fresh name that shadows nothing), its uses become
`ticker.C`; a single receive `<-time.Tick(d)` becomes `<-time.After(d)`,
which fires once and is then freed.  Those fixes are safe when `d` is a
positive constant; otherwise they are unsafe, because for `d <= 0`
`time.Tick` returns a nil channel (a receive blocks forever) while
`NewTicker` panics and `After` fires at once.  No fix declares the new
ticker where a `goto` before it jumps to a label after it (that does not
compile).  Tickers in struct fields and
hanging goroutines get suggestions only, never applied, because the right
place is the owner's to choose: `r.field.Stop()` at the top of the type's
`Close`, `Stop` or `Shutdown` method (when it is in the same file), and, when
a context `ctx` or a channel named `done`, `stop` or `quit` is in scope, the
loop rewritten to `select` on it and on `C`, returning when it is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gofixleak.analysis import cfg, flow, timers
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile, receiver_base
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL005"


def check(ctx: Context) -> Iterator[Finding]:
    if timers.applies(ctx, RULE_ID):
        names = timers.NamePool(ctx)
        for call in ctx.find(K.CALL_EXPRESSION):
            name = timers.time_function(ctx, call)
            if name == "NewTicker":
                yield from _new_ticker(ctx, call)
            elif name == "Tick":
                yield from _tick(ctx, call, names)
            elif name is None and _may_construct(call):
                yield from _constructed_ticker(ctx, call)
    yield from _hanging_goroutines(ctx)


# --- where a new ticker goes ------------------------------------------------------------


@dataclass(frozen=True)
class Binding:
    """`name := value` (or `var name = value`) declaring a new local variable."""

    statement: Node  # the short variable declaration or var declaration
    name: Node
    symbol: sc.Symbol
    names: tuple[Node, ...]  # every name the statement declares


def _binding(ctx: Context, value: Node, index: int | None = None) -> Binding | None:
    """The local variable `value` initialises; `index` picks a result of a multi-value call."""
    values_node = value.parent
    if values_node is None or values_node.type != K.EXPRESSION_LIST or values_node.parent is None:
        return None
    owner = values_node.parent
    if owner.type == K.SHORT_VAR_DECLARATION and sc.is_child(values_node, owner, F.RIGHT):
        names, statement = grammar.items(owner.child_by_field_name(F.LEFT)), owner
    elif owner.type == K.VAR_SPEC and owner.parent is not None and owner.parent.type == K.VAR_DECLARATION:
        names, statement = grammar.fields(owner, F.NAME), owner.parent
    else:
        return None
    values = grammar.items(values_node)
    if index is None:
        if len(names) != len(values):
            return None
        index = next(i for i, v in enumerate(values) if v.id == value.id)
    elif len(values) != 1:
        return None
    if index >= len(names) or names[index].type != K.IDENTIFIER:
        return None
    symbol = ctx.resolve(names[index])
    if symbol is None or symbol.kind != sc.VAR or symbol.where != sc.LOCAL:
        return None
    if symbol.decl is None or symbol.decl.id != names[index].id:
        return None  # `:=` that reuses an existing variable
    return Binding(statement, names[index], symbol, tuple(names))


def _is_statement(node: Node) -> bool:
    parent = node.parent
    return parent is not None and grammar.is_statement_container(parent) and parent.type != K.SOURCE_FILE


def _new_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    func = grammar.enclosing_function(call)
    if func is None:
        return  # a package-level ticker lives as long as the program anyway
    field = _field_store(ctx, call)
    if field is not None:
        yield from _field_ticker(ctx, call, *field)
        return
    binding = _binding(ctx, call)
    if binding is not None:
        yield from _local_ticker(ctx, call, binding)
    else:
        yield from _assigned_ticker(ctx, call)


# --- local tickers ----------------------------------------------------------------------


def _local_ticker(
    ctx: Context, creation: Node, binding: Binding, error: sc.Symbol | None = None, may_be_nil: bool = False
) -> Iterator[Finding]:
    """A ticker held by a local variable: stopped on every way out of its scope?"""
    symbol, name = binding.symbol, binding.symbol.name
    func = symbol.func
    body = grammar.function_body(func) if func is not None else None
    if func is None or body is None or not _is_statement(binding.statement):
        return
    uses = [u for u in ctx.uses(symbol, body) if u.id != binding.name.id]
    kinds = [(use, timers.classify_timer_use(ctx, use, func)) for use in uses]
    escaping = [use for use, kind in kinds if kind == timers.ESCAPES]
    if escaping:
        goroutine = _owning_goroutine(ctx, uses)
        if goroutine is not None:  # `go func() { ... t.C ... }()`: the goroutine owns it now
            yield from _goroutine_ticker(ctx, creation, binding, goroutine, uses)
        stopped_here = any(kind in (timers.STOPS, timers.DEFER_STOPS) for _, kind in kinds)
        for use in [] if stopped_here else escaping:  # `s.ticker = t`: the field owns it now
            field = _field_store(ctx, use)
            if field is not None:
                yield from _field_ticker(ctx, use, *field)
        return
    if any(kind == timers.REASSIGNS for _, kind in kinds):
        return
    stops = [
        s
        for use, kind in kinds
        if kind in (timers.STOPS, timers.DEFER_STOPS)
        for s in timers.stop_statements(ctx, use, func)
    ]
    checked = _error_check_after(ctx, binding.statement, error) if may_be_nil and error is not None else None
    graph = _ticker_flow_graph(ctx, func, None if may_be_nil else symbol)
    creation_point = graph.point_at(binding.statement)
    if creation_point is None:
        return
    # with an error check, the ticker is set (not nil) only on the check's else path
    start = timers.after_error_check(graph, checked) if checked is not None else creation_point.succ
    leaves, repeats = timers.unstopped_paths(graph, start, timers.points_of(graph, stops), creation_point.index)
    if repeats:
        yield ctx.finding(
            creation,
            f"ticker {name} is created on every iteration and not stopped before the next one; "
            f"each is never freed ({timers.OLD_RUNTIMES}): stop it at the end of the iteration",
        )
        return
    if not leaves or timers.is_main(ctx, func):
        return  # never lost, or lost only when main returns and the program ends
    where = (
        "is never stopped" if not stops else f"is not stopped on every path out of {timers.function_label(ctx, func)}"
    )
    if timers.in_loop(binding.statement, func):  # a defer there would pile up: no fix
        message = f"ticker {name} {where}, so it is never freed ({timers.OLD_RUNTIMES}); stop it before returning"
        yield ctx.finding(creation, message)
        return
    message = f"ticker {name} {where}, so it is never freed ({timers.OLD_RUNTIMES}); defer {name}.Stop()"
    fixes = [] if may_be_nil and checked is None else _defer_stop_fix(ctx, binding, checked or binding.statement)
    yield ctx.finding(creation, message, *fixes)


# --- `var t *time.Ticker` ... `t = time.NewTicker(d)` ---------------------------------------


def _assignment_of(ctx: Context, call: Node) -> tuple[Node, Node] | None:
    """(`t = call` statement, `t`) for a single assignment of `call` to a plain identifier."""
    values = call.parent
    assignment = values.parent if values is not None else None
    if assignment is None or values.type != K.EXPRESSION_LIST or assignment.type != K.ASSIGNMENT:
        return None
    if grammar.operator(assignment) != "=" or not sc.is_child(values, assignment, F.RIGHT):
        return None
    targets = grammar.items(assignment.child_by_field_name(F.LEFT))
    if len(targets) != 1 or len(grammar.items(values)) != 1 or targets[0].type != K.IDENTIFIER:
        return None
    return assignment, targets[0]


def _assigned_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    """A ticker assigned with `=` to a local declared without one (`var t *time.Ticker`).

    Every write of the variable must make a new ticker (`t = time.NewTicker(d)`,
    in the function itself, not a closure) and nothing may hand it out: then
    each assignment is a creation, analysed like `t := time.NewTicker(d)`.  A
    deferred closure stopping `t` (`defer func() { if t != nil { t.Stop() } }()`)
    reads `t` when the function returns: registered before every creation, it
    stops the last one.
    """
    found = _assignment_of(ctx, call)
    if found is None:
        return
    assignment, target = found
    symbol = ctx.resolve(target)
    func = grammar.enclosing_function(assignment)
    if symbol is None or symbol.kind != sc.VAR or symbol.where != sc.LOCAL or func is None or symbol.decl is None:
        return
    value = grammar.unparen(symbol.value)
    if symbol.func is None or symbol.func.id != func.id or symbol.tuple_value is not None or symbol.range_clause:
        return
    if value is not None and not (value.type == K.IDENTIFIER and ctx.text(value) == "nil"):
        return  # declared with a value: maybe another ticker, which this analysis does not follow
    body = grammar.function_body(func)
    if body is None or not _is_statement(assignment):
        return
    creations, kinds = [], []
    for use in ctx.uses(symbol, body):
        if use.id == symbol.decl.id:
            continue
        if sc.is_written(use):
            made = _creation_assigning(ctx, use)
            if (
                made is None
                or grammar.enclosing_function(made) is None
                or grammar.enclosing_function(made).id != func.id
            ):
                return  # `t = other`, `t = nil`, `t, err = ...`, or written by a closure: not followed
            creations.append(made)
            continue
        kinds.append((use, timers.classify_timer_use(ctx, use, func)))
    if any(kind in (timers.ESCAPES, timers.REASSIGNS) for _, kind in kinds):
        return  # handed out, or captured by a goroutine: not followed
    direct, deferred_closures = [], []
    for use, kind in kinds:
        if kind not in (timers.STOPS, timers.DEFER_STOPS):
            continue
        statements = timers.stop_statements(ctx, use, func)
        # a deferred function literal reads t when it runs; `defer t.Stop()` reads it when deferred
        inside = grammar.enclosing_function(use)
        reads_late = kind == timers.DEFER_STOPS and inside is not None and inside.id != func.id
        (deferred_closures if reads_late else direct).extend(statements)
    plain = timers.flow_graph(ctx, func)
    point = plain.point_at(assignment)
    if point is None:
        return
    covering = [s for s in deferred_closures if _registered_before(plain, s, point.index)]
    if covering:
        return  # a deferred closure registered before the creation stops whatever t holds at the end
    graph = _ticker_flow_graph(ctx, func, symbol)  # after a creation, t is never nil again
    creation_point = graph.point_at(assignment)
    made_points = timers.points_of(graph, creations)
    if creation_point is None:
        return
    stops = timers.points_of(graph, direct + deferred_closures)
    leaves, repeats = timers.unstopped_paths(graph, creation_point.succ, stops, made_points)
    name = symbol.name
    if repeats:
        yield ctx.finding(
            call,
            f"ticker {name} is assigned a new ticker before the previous one is stopped; "
            f"each is never freed ({timers.OLD_RUNTIMES}): stop the old one first",
        )
        return
    if not leaves or timers.is_main(ctx, func):
        return
    stopped = direct or deferred_closures
    label = timers.function_label(ctx, func)
    where = "is never stopped" if not stopped else f"is not stopped on every path out of {label}"
    if timers.in_loop(assignment, func):
        message = f"ticker {name} {where}, so it is never freed ({timers.OLD_RUNTIMES}); stop it before returning"
        yield ctx.finding(call, message)
        return
    message = f"ticker {name} {where}, so it is never freed ({timers.OLD_RUNTIMES}); defer {name}.Stop()"
    declared = ctx.type_of(target)
    if not (isinstance(declared, gt.Pointer) and timers.is_time_type(ctx, declared, "Ticker")):
        yield ctx.finding(call, message)  # `var t any`: `t.Stop()` would not compile
        return
    if any(kind == timers.KEEPS and _read_when_deferred(ctx, use, func) for use, kind in kinds):
        # `defer func() { <-t.C }()` registered before the creation would run after the new
        # `defer t.Stop()` and wait for a tick that never comes
        yield ctx.finding(call, message)
        return
    yield ctx.finding(call, message, *_defer_stop_after(ctx, assignment, assignment, name))


def _read_when_deferred(ctx: Context, use: Node, func: Node) -> bool:
    """`use` runs when `func` returns: in a deferred function literal, or an argument/receiver of a `defer`."""
    if timers.closure_context(ctx, use, func) == "deferred":
        return True
    for anc in grammar.ancestors(use):
        if anc.id == func.id or anc.type in grammar.FUNCTION_KINDS:
            return False
        if anc.type == K.DEFER_STATEMENT:
            return True
    return False


def _creation_assigning(ctx: Context, target: Node) -> Node | None:
    """The statement `target = time.NewTicker(d)` when `target` is written by one."""
    targets = target.parent
    assignment = targets.parent if targets is not None else None
    if assignment is None or assignment.type != K.ASSIGNMENT or not sc.is_child(targets, assignment, F.LEFT):
        return None
    values = grammar.items(assignment.child_by_field_name(F.RIGHT))
    call = grammar.unparen(values[0]) if len(values) == 1 else None
    if call is None or timers.time_function(ctx, call) != "NewTicker":
        return None
    found = _assignment_of(ctx, call)
    return found[0] if found is not None and found[1].id == target.id else None


def _registered_before(graph: cfg.Graph, statement: Node, creation: int) -> bool:
    """Every path from the function's entry to `creation` passes `statement` (a defer)."""
    points = timers.points_of(graph, [statement])
    return bool(points) and not timers.unstopped_paths(graph, [graph.entry], points, creation)[1]


def _owning_goroutine(ctx: Context, uses: list[Node]) -> Node | None:
    """The `go func() {...}()` literal every use of the ticker is in (and stays in), if there is one."""
    literals = [grammar.enclosing_function(use) for use in uses]
    first = literals[0] if literals else None
    if first is None or first.type != K.FUNCTION_LITERAL or any(lit is None or lit.id != first.id for lit in literals):
        return None
    call = first.parent
    if call is None or call.type != K.CALL_EXPRESSION or call.parent is None or call.parent.type != K.GO_STATEMENT:
        return None
    if any(timers.classify_timer_use(ctx, use, first) in (timers.ESCAPES, timers.REASSIGNS) for use in uses):
        return None
    return first


def _started_once(ctx: Context, goroutine: Node, binding: Binding) -> bool:
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
    graph = timers.flow_graph(ctx, func)
    start, made = graph.point_at(statement), graph.point_at(binding.statement)
    if start is None or made is None:
        return False
    return not timers.unstopped_paths(graph, start.succ, {made.index}, start.index)[1]


def _goroutine_ticker(
    ctx: Context, creation: Node, binding: Binding, goroutine: Node, uses: list[Node]
) -> Iterator[Finding]:
    """A ticker only one goroutine uses: it must stop it when it returns."""
    name = binding.symbol.name
    kinds = [timers.classify_timer_use(ctx, use, goroutine) for use in uses]
    stops = [
        s
        for u, k in zip(uses, kinds, strict=True)
        if k in (timers.STOPS, timers.DEFER_STOPS)
        for s in timers.stop_statements(ctx, u, goroutine)
    ]
    graph = _ticker_flow_graph(ctx, goroutine, binding.symbol)
    entry = graph[graph.entry].succ
    if not timers.unstopped_paths(graph, entry, timers.points_of(graph, stops), -1)[0]:
        return  # the goroutine stops it, or never returns and needs it for good
    if not _started_once(ctx, goroutine, binding):
        # several goroutines share it: the first to return must not stop it for the others
        message = (
            f"ticker {name} is shared by goroutines started here that can return without stopping it, so it is "
            f"never freed ({timers.OLD_RUNTIMES}); stop it once they are all done"
        )
        yield ctx.finding(creation, message)
        return
    message = (
        f"ticker {name} is used only by a goroutine that can return without stopping it, so it is never freed "
        f"({timers.OLD_RUNTIMES}); defer {name}.Stop() in the goroutine"
    )
    yield ctx.finding(creation, message, *_defer_stop_in_body_fix(ctx, goroutine, name))


def _defer_stop_in_body_fix(ctx: Context, func: Node, name: str) -> list[Fix]:
    """`defer name.Stop()` as the first statement of a function literal's body."""
    body = func.child_by_field_name(F.BODY)
    statements = grammar.statement_list(body) if body is not None else []
    placement = timers.insertion_before(ctx, statements[0]) if statements else None
    if placement is None:
        return []
    offset, indent = placement
    edit = ctx.insert(offset, f"{indent}defer {name}.Stop()\n")
    return [ctx.fix(f"stop {name} when the goroutine returns: defer {name}.Stop()", edit, safety=Safety.SAFE)]


def _defer_stop_fix(ctx: Context, binding: Binding, anchor: Node) -> list[Fix]:
    """`defer t.Stop()` on the line after `anchor` (the creation, or the error check after it)."""
    return _defer_stop_after(ctx, binding.statement, anchor, binding.symbol.name)


def _defer_stop_after(ctx: Context, statement: Node, anchor: Node, name: str) -> list[Fix]:
    """`defer name.Stop()` on the line after `anchor`, indented like `statement` (which makes the ticker)."""
    if not timers.ends_line(ctx, anchor) or not timers.starts_line(ctx, statement):
        return []
    indent = ctx.indent_of(statement)
    edit = ctx.insert(ctx.line_end(anchor.end_byte), f"\n{indent}defer {name}.Stop()")
    return [ctx.fix(f"stop {name} when the function returns: defer {name}.Stop()", edit, safety=Safety.SAFE)]


def _error_check_after(ctx: Context, statement: Node, error: sc.Symbol) -> Node | None:
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
    names = {ctx.text(s) for s in sides if s is not None}
    if names != {error.name, "nil"}:
        return None
    err_side = next(s for s in sides if s is not None and ctx.text(s) == error.name)
    if ctx.resolve(err_side) != error or not flow.block_terminates(check.child_by_field_name(F.BODY)):
        return None
    return check


def _ticker_flow_graph(ctx: Context, func: Node, never_nil: sc.Symbol | None = None) -> cfg.Graph:
    """The control-flow graph of `func`, where ranging over a ticker's channel never ends.

    With `never_nil`, a variable holding a new ticker, the branch an `if t == nil`
    or `if t != nil` cannot take is left out.
    """
    graph = timers.flow_graph(ctx, func, lambda clause: _is_ticker_channel(ctx, clause.child_by_field_name(F.RIGHT)))
    for point in graph if never_nil is not None else ():
        if point.kind == cfg.CONDITION and point.node is not None and point.node.type == K.IF_STATEMENT:
            test = _nil_test(ctx, point.evaluates, never_nil)
            if test is not None and len(point.succ) == 2:
                point.succ = point.succ[:1] if test == "!=" else point.succ[1:]
    return graph


def _nil_test(ctx: Context, condition: Node | None, symbol: sc.Symbol) -> str | None:
    """ "!=" for `t != nil` (or `nil != t`), "==" for `t == nil`, when `t` is `symbol`; else None."""
    condition = grammar.unparen(condition)
    if condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    for side in (condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)):
        side = grammar.unparen(side)
        if side is not None and side.type == K.IDENTIFIER and timers.is_nil_comparison(side):
            if ctx.resolve(side) == symbol:
                return grammar.operator(condition)
    return None


def _is_ticker_channel(ctx: Context, channel: Node | None) -> bool:
    """`time.Tick(d)`, `t.C` of a ticker, or a local holding `time.Tick(d)`: channels never closed."""
    channel = grammar.unparen(channel)
    if channel is None:
        return False
    if channel.type == K.CALL_EXPRESSION:
        return timers.time_function(ctx, channel) == "Tick"
    if channel.type == K.SELECTOR_EXPRESSION and ctx.text(channel.child_by_field_name(F.FIELD)) == "C":
        return timers.is_time_type(ctx, ctx.type_of(channel.child_by_field_name(F.OPERAND)), "Ticker")
    if channel.type == K.IDENTIFIER:
        symbol = ctx.resolve(channel)
        value = grammar.unparen(symbol.value) if symbol is not None and symbol.kind == sc.VAR else None
        return value is not None and value.type == K.CALL_EXPRESSION and timers.time_function(ctx, value) == "Tick"
    return False


# --- tickers made by a function of the package: `t, err := newTicker(...)` ---------------------


def _may_construct(call: Node) -> bool:
    """A call that initialises two or more new variables (cheap, before any type work)."""
    values = call.parent
    owner = values.parent if values is not None else None
    if owner is None or values.type != K.EXPRESSION_LIST or len(grammar.named(values)) != 1:
        return False
    if owner.type == K.SHORT_VAR_DECLARATION:
        return len(grammar.items(owner.child_by_field_name(F.LEFT))) > 1
    return owner.type == K.VAR_SPEC and len(grammar.fields(owner, F.NAME)) > 1


@dataclass(frozen=True)
class Constructor:
    ticker: int  # which result is the new ticker
    error: int | None  # which result is the error, if any
    may_be_nil: bool  # some return gives a nil ticker


def _constructed_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return
    symbol = ctx.resolve(function)
    if symbol is None or symbol.kind != sc.FUNC or symbol.value_decl is None:
        return
    constructor = _constructor(ctx, symbol)
    if constructor is None:
        return
    binding = _binding(ctx, call, constructor.ticker)
    if binding is None:
        return
    error = None
    if constructor.error is not None and constructor.error < len(binding.names):
        error = ctx.resolve(binding.names[constructor.error])
    yield from _local_ticker(ctx, call, binding, error, constructor.may_be_nil)


def _constructor(ctx: Context, symbol: sc.Symbol) -> Constructor | None:
    """A package function whose every return gives a ticker it just made (or nil) and keeps none."""
    decl = symbol.value_decl
    if decl is None or decl.spec.type != K.FUNCTION_DECLARATION:
        return None
    signature = ctx.program.type_from_node(decl.spec, decl.file)
    if not isinstance(signature, gt.Signature):
        return None
    results = signature.results
    tickers = [i for i, r in enumerate(results) if isinstance(r, gt.Pointer) and timers.is_time_type(ctx, r, "Ticker")]
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
        kind = _returned_ticker(ctx, value, index, decl.spec, decl.file)
        if kind is None:
            return None
        may_be_nil = may_be_nil or kind == "nil"
        fresh = fresh or kind == "new"
    return Constructor(index, error, may_be_nil) if fresh else None


def _returned_ticker(ctx: Context, value: Node | None, index: int, func: Node, file: ParsedFile) -> str | None:
    """ "new" for a ticker made in `func` and kept nowhere else, "nil" for nil, None otherwise."""
    if value is None:
        return None
    if value.type == K.CALL_EXPRESSION and timers.time_function(ctx, value, file) == "NewTicker":
        return "new"
    if value.type != K.IDENTIFIER:
        return None
    symbol = ctx.program.resolve(value, file)
    if symbol is not None and symbol.kind == sc.NIL:
        return "nil"
    if symbol is None or symbol.kind != sc.VAR or symbol.where != sc.LOCAL or symbol.value is None:
        return None
    made = grammar.unparen(symbol.value)
    if made is None or made.type != K.CALL_EXPRESSION or timers.time_function(ctx, made, file) != "NewTicker":
        return None
    resolver = ctx.program.resolver(file)
    for use in resolver.uses(symbol, func):
        if symbol.decl is not None and use.id == symbol.decl.id:
            continue
        returned = use.parent is not None and use.parent.type == K.EXPRESSION_LIST and use.parent.parent is not None
        returned = returned and use.parent.parent.type == K.RETURN_STATEMENT
        if returned and grammar.items(use.parent)[index].id == use.id:
            continue
        if timers.classify_timer_use(ctx, use, func, file) != timers.KEEPS:
            return None  # stopped, stored or handed out: not simply a new ticker for the caller
    return "new"


# --- time.Tick --------------------------------------------------------------------------


def _tick(ctx: Context, call: Node, names: timers.NamePool) -> Iterator[Finding]:
    func = grammar.enclosing_function(call)
    duration = timers.time_argument(call)
    if func is None or duration is None:
        return
    interval = ctx.program.constant_int(duration, ctx.file)
    if interval is not None and interval <= 0:
        return  # time.Tick returns nil and starts no ticker
    outer, parent = call, call.parent
    while parent is not None and parent.type == K.PARENTHESIZED_EXPRESSION:
        outer, parent = parent, parent.parent
    if parent is None:
        return
    safety = Safety.SAFE if timers.positive_constant(ctx, duration) else Safety.UNSAFE
    if parent.type == K.RANGE_CLAUSE and sc.is_child(outer, parent, F.RIGHT) and parent.parent is not None:
        yield from _tick_range(ctx, call, parent.parent, func, safety, names)
    elif parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "<-":
        yield from _tick_receive(ctx, call, func, safety)
    elif outer.id == call.id:
        binding = _binding(ctx, call)
        if binding is not None:
            yield from _tick_local(ctx, call, binding, func, safety, names)


def _runs_once(ctx: Context, func: Node) -> bool:
    """main.main, init and a test's top level run once: one ticker there is not worth a finding."""
    return timers.is_main_or_init(ctx, func) or timers.is_test_function(ctx, func)


_TICK_LEAKS = f"its ticker can never be stopped and is never freed ({timers.OLD_RUNTIMES})"
_TICK_IN_LOOP = (
    f"time.Tick in a loop starts a new ticker on every iteration; none can ever be stopped "
    f"and none is ever freed ({timers.OLD_RUNTIMES})"
)


def _tick_range(
    ctx: Context, call: Node, loop: Node, func: Node, safety: Safety, names: timers.NamePool
) -> Iterator[Finding]:
    if not flow.can_leave(loop):
        return  # the loop, and so its ticker, runs forever
    if timers.in_loop(loop, func):
        yield ctx.finding(call, _TICK_IN_LOOP + "; use time.NewTicker and stop it when the loop ends")
        return
    if _runs_once(ctx, func):
        return
    message = f"time.Tick: {_TICK_LEAKS} after this loop ends; use time.NewTicker and stop it"
    yield ctx.finding(call, message, *_new_ticker_fix(ctx, call, loop, func, [call], safety, names))


def _tick_receive(ctx: Context, call: Node, func: Node, safety: Safety) -> Iterator[Finding]:
    in_loop = timers.in_loop(call, func)
    if not in_loop and _runs_once(ctx, func):
        return
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    field = function.child_by_field_name(F.FIELD) if function is not None else None
    if function is not None and function.type == K.IDENTIFIER:  # `Tick(d)` through a dot import
        field = function if timers.means_time(ctx, "", function, "After") else None
    fixes = []
    if field is not None:
        fixes.append(
            ctx.fix(
                "receive from time.After, which fires once and is then freed",
                ctx.replace(field, "After"),
                safety=safety,
            )
        )
    if in_loop:
        message = _TICK_IN_LOOP + "; a single receive wants time.After"
    else:
        message = f"time.Tick for a single receive: {_TICK_LEAKS}; use time.After"
    yield ctx.finding(call, message, *fixes)


def _tick_local(
    ctx: Context, call: Node, binding: Binding, func: Node, safety: Safety, names: timers.NamePool
) -> Iterator[Finding]:
    symbol = binding.symbol
    body = grammar.function_body(func)
    if body is None or symbol.func is None or symbol.func.id != func.id or not _is_statement(binding.statement):
        return
    uses = [u for u in ctx.uses(symbol, body) if u.id != binding.name.id]
    for use in uses:
        if sc.is_written(use) or not timers.is_received(use):
            return  # the channel is handed out or replaced: whoever gets it owns the problem
        if timers.closure_context(ctx, use, func) == timers.ESCAPES:
            return
    if timers.in_loop(binding.statement, func):
        yield ctx.finding(call, _TICK_IN_LOOP + "; use time.NewTicker and stop it before the next iteration")
        return
    if _runs_once(ctx, func):
        return
    graph = _ticker_flow_graph(ctx, func)
    point = graph.point_at(binding.statement)
    if point is None or not timers.unstopped_paths(graph, point.succ, set(), point.index)[0]:
        return  # the function cannot return after it: the ticker is needed for as long as it runs
    message = (
        f"time.Tick: {_TICK_LEAKS} when {timers.function_label(ctx, func)} returns; use time.NewTicker and stop it"
    )
    fixes = []
    if len(binding.names) == 1:
        fixes = _new_ticker_fix(
            ctx, call, binding.statement, func, uses, safety, names, replace_statement=True, reuse=symbol.name
        )
    yield ctx.finding(call, message, *fixes)


def _new_ticker_fix(
    ctx: Context,
    call: Node,
    statement: Node,
    func: Node,
    channel_uses: list[Node],
    safety: Safety,
    names: timers.NamePool,
    replace_statement: bool = False,
    reuse: str | None = None,
) -> list[Fix]:
    """`name := time.NewTicker(d)` + `defer name.Stop()` before (or instead of) `statement`; uses become `name.C`."""
    block = statement.parent
    duration = timers.time_argument(call)
    if block is None or duration is None:
        return []
    placement = timers.insertion_before(ctx, statement)
    if placement is None or (replace_statement and not timers.ends_line(ctx, statement)):
        return []
    offset, indent = placement
    if not replace_statement and flow.goto_jumps_over(block, offset):
        return []  # a goto would jump over the new ticker's declaration: does not compile
    package = timers.package_name(call)
    if not timers.means_time(ctx, package, statement, "NewTicker"):
        return []
    if reuse == "ticker":  # `ticker := time.Tick(d)`: its own name, in its own scope
        name = reuse
        names.reserve(name, func)
    else:
        name = names.fresh("ticker", statement, block, func)
    create = f"{name} := {timers.qualified(package, 'NewTicker')}({ctx.text(duration)})"
    stop = f"defer {name}.Stop()"
    if replace_statement:  # a trailing comment stays on the line that makes the ticker
        edits = [ctx.replace(statement, create), ctx.insert(ctx.line_end(statement.end_byte), f"\n{indent}{stop}")]
    else:
        edits = [ctx.insert(offset, timers.lines(indent, create, stop))]
    edits += [ctx.replace(use, f"{name}.C") for use in channel_uses]
    message = f"use {name} := {timers.qualified(package, 'NewTicker')}(...) and defer {name}.Stop()"
    return [ctx.fix(message, *edits, safety=safety)]


# --- tickers in struct fields -------------------------------------------------------------


def _field_store(ctx: Context, value: Node) -> tuple[gt.Named, str] | None:
    """When `value` is stored into a ticker field of a struct type of this package: (owner, field)."""
    parent = value.parent
    if parent is None:
        return None
    if parent.type == K.KEYED_ELEMENT:
        parts = grammar.named(parent)
        literal = parent.parent.parent if parent.parent is not None else None
        if len(parts) != 2 or parts[1].id != value.id or literal is None or literal.type != K.COMPOSITE_LITERAL:
            return None
        owner = ctx.program.deref(ctx.type_of(literal))
        return _ticker_field(ctx, owner, ctx.text(parts[0]))
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
    field = ctx.text(target.child_by_field_name(F.FIELD))
    return _ticker_field(ctx, _field_owner(ctx, ctx.type_of(target.child_by_field_name(F.OPERAND)), field), field)


def _field_owner(ctx: Context, t: gt.Type | None, field: str) -> gt.Type | None:
    """The struct type that declares `field` of a `t`: `t` itself, or the embedded type it is promoted from."""
    path = ctx.program.embedding_path(t, field)
    if path is None:
        return None
    return ctx.program.deref(path[-1] if path else t)


def _ticker_field(ctx: Context, owner: gt.Type | None, field: str) -> tuple[gt.Named, str] | None:
    if not isinstance(owner, gt.Named) or owner.package != ctx.file.import_path:
        return None
    struct = ctx.underlying(owner)
    if not isinstance(struct, gt.Struct):
        return None
    declared = next((f for f in struct.fields if f.name == field and not f.embedded), None)
    if declared is None or not timers.is_time_type(ctx, declared.type, "Ticker"):
        return None
    return owner, field


def _field_ticker(ctx: Context, at: Node, owner: gt.Named, field: str) -> Iterator[Finding]:
    if field[:1].isupper() and ctx.file.package != "main":
        return  # an exported field: code in other packages can stop it, out of view
    if _field_may_be_stopped(ctx, owner, field):
        return
    closer = _closing_method(ctx, owner)
    message = (
        f"field {owner.name}.{field} holds a ticker that nothing in package {ctx.file.package} stops, "
        f"so it is never freed ({timers.OLD_RUNTIMES}); stop it in {owner.name}'s "
        f"{closer.name if closer else 'Close or Stop'} method"
    )
    yield ctx.finding(at, message, *_stop_in_method_fix(ctx, closer, field))


def _field_may_be_stopped(ctx: Context, owner: gt.Named, field: str) -> bool:
    """Whether anything in the package may stop `owner.field`: a Stop call, or the ticker handed on."""
    for file in _package_files(ctx):
        for selector in grammar.find_all(file.tree.root_node, (K.SELECTOR_EXPRESSION,)):
            if grammar.text(selector.child_by_field_name(F.FIELD)) != field:
                continue
            if _is_field_store_target(selector) or timers.is_nil_comparison(selector):
                continue
            parent = selector.parent
            if parent is not None and parent.type == K.SELECTOR_EXPRESSION and sc.is_child(selector, parent, F.OPERAND):
                if grammar.text(parent.child_by_field_name(F.FIELD)) in ("C", "Reset"):
                    continue
            base = _field_owner(ctx, ctx.program.type_of(selector.child_by_field_name(F.OPERAND), file), field)
            if base is None or _same_type_name(base, owner):
                return True  # `x.ticker.Stop()`, or `x.ticker` passed on: maybe stopped there
    return False


def _is_field_store_target(selector: Node) -> bool:
    targets = selector.parent
    owner = targets.parent if targets is not None else None
    return owner is not None and owner.type == K.ASSIGNMENT and sc.is_child(targets, owner, F.LEFT)


def _package_files(ctx: Context) -> list[ParsedFile]:
    files = list(ctx.program.facts.files)
    if not any(f.path == ctx.file.path for f in files):
        files.append(ctx.file)
    return [ctx.file if f.path == ctx.file.path else f for f in files]


_CLOSERS = ("Close", "Stop", "Shutdown")


@dataclass(frozen=True)
class Closer:
    name: str
    node: Node | None  # the method declaration, when it is in the file being checked


def _closing_method(ctx: Context, owner: gt.Named) -> Closer | None:
    facts = ctx.program.package(owner.package)
    for name in _CLOSERS:
        method = facts.method(owner.name, name) if facts is not None else None
        if method is not None:
            return Closer(name, method.node if method.file.path == ctx.file.path else None)
    return None


def _stop_in_method_fix(ctx: Context, closer: Closer | None, field: str) -> list[Fix]:
    """A suggestion: `r.field.Stop()` as the first statement of the owner's Close method (in this file)."""
    if closer is None or closer.node is None:
        return []
    receiver = grammar.named(closer.node.child_by_field_name(F.RECEIVER))
    names = grammar.fields(receiver[0], F.NAME) if receiver else []
    body = closer.node.child_by_field_name(F.BODY)
    if len(names) != 1 or ctx.text(names[0]) == "_" or body is None:
        return []
    stop = f"{ctx.text(names[0])}.{field}.Stop()"
    statements = grammar.named(body)
    if statements and timers.starts_line(ctx, statements[0]):
        edit = ctx.insert(ctx.line_start(statements[0].start_byte), f"{ctx.indent_of(statements[0])}{stop}\n")
    elif not statements:
        indent = ctx.indent_of(closer.node)
        edit = ctx.replace(body, f"{{\n{indent}\t{stop}\n{indent}}}")
    else:
        return []
    return [ctx.fix(f"stop {field} in {closer.name}: {stop}", edit, safety=Safety.SUGGESTION)]


# --- goroutines ranging over a ticker's channel -------------------------------------------------


def _hanging_goroutines(ctx: Context) -> Iterator[Finding]:
    for loop in ctx.find(K.FOR_STATEMENT):
        clause = next((c for c in grammar.named(loop) if c.type == K.RANGE_CLAUSE), None)
        channel = grammar.unparen(clause.child_by_field_name(F.RIGHT)) if clause is not None else None
        if channel is None or channel.type != K.SELECTOR_EXPRESSION:
            continue
        if ctx.text(channel.child_by_field_name(F.FIELD)) != "C":
            continue
        ticker = channel.child_by_field_name(F.OPERAND)
        if not timers.is_time_type(ctx, ctx.type_of(ticker), "Ticker") or flow.can_leave(loop):
            continue
        func = grammar.enclosing_function(loop)
        sites = _goroutine_sites(ctx, func) if func is not None else []
        if not sites or not _is_stopped_somewhere(ctx, ticker, func, sites):
            continue
        name = ctx.text(ticker)
        yield ctx.finding(
            channel,
            f"this goroutine ranges over {name}.C, which Stop never closes: once {name} is stopped the goroutine "
            f"blocks forever and is never freed (in every Go version); select on {name}.C and a done channel "
            f"or ctx.Done() instead",
            *_select_on_done_fix(ctx, loop, clause, func, name),
        )


# Names a done signal usually has, in the order they are tried.
_DONE_NAMES = ("ctx", "done", "stop", "quit")


def _done_signal(ctx: Context, at: Node) -> str | None:
    """`ctx.Done()` or `done` for a context or a receivable channel visible at `at` under a usual name."""
    for name in _DONE_NAMES:
        symbol = ctx.lookup(name, at)
        if symbol is None or symbol.kind != sc.VAR:
            continue
        t = ctx.program.symbol_type(symbol, at)
        if isinstance(t, gt.Named) and (t.package, t.name) == ("context", "Context"):
            return f"{name}.Done()"
        under = ctx.underlying(t)
        if isinstance(under, gt.Chan) and under.direction != "send":
            return name
    return None


def _select_on_done_fix(ctx: Context, loop: Node, clause: Node, func: Node, ticker: str) -> list[Fix]:
    """A suggestion: `for { select { case <-done: return; case <-t.C: } ... }` when a done signal is in scope."""
    done = _done_signal(ctx, loop)
    body = loop.child_by_field_name(F.BODY)
    if done is None or body is None or func.child_by_field_name(F.RESULT) is not None:
        return []  # no done signal to offer, or a bare return would not compile
    values = grammar.items(clause.child_by_field_name(F.LEFT))
    if len(values) > 1 or (values and not grammar.has_token(clause, ":=")):
        return []
    package = ctx.import_name("time", loop)
    if values and package is None:
        return []
    indent = ctx.indent_of(loop)
    receive = f"case <-{ticker}.C:"
    header = ["for {"]
    if values:
        header.append(f"\tvar {ctx.text(values[0])} {package}.Time")
        receive = f"case {ctx.text(values[0])} = <-{ticker}.C:"
    header += ["\tselect {", f"\tcase <-{done}:", "\t\treturn", f"\t{receive}", "\t}"]
    text = f"\n{indent}".join(header)
    edit = Edit(loop.start_byte, body.start_byte + 1, text)
    return [
        ctx.fix(
            f"select on {done} and {ticker}.C, and return when done",
            edit,
            safety=Safety.SUGGESTION,
            imports=("time",) if values else (),
        )
    ]


def _goroutine_sites(ctx: Context, func: Node) -> list[tuple[ParsedFile, Node]]:
    """The `go` calls that start `func` as a goroutine: (file, call)."""
    if func.type == K.FUNCTION_LITERAL:
        call = func.parent
        owner = call.parent if call is not None else None
        if call is not None and call.type == K.CALL_EXPRESSION and owner is not None and owner.type == K.GO_STATEMENT:
            return [(ctx.file, call)]
        return []
    name = ctx.text(func.child_by_field_name(F.NAME))
    receiver = _receiver_type(ctx, func)
    sites = []
    for file in _package_files(ctx):
        for statement in grammar.find_all(file.tree.root_node, (K.GO_STATEMENT,)):
            call = statement.child_by_field_name(F.CALL)
            target = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
            if target is None:
                continue
            if receiver is None and target.type == K.IDENTIFIER and grammar.text(target) == name:
                symbol = ctx.program.resolve(target, file)
                if symbol is not None and symbol.kind == sc.FUNC and symbol.decl is not None:
                    if symbol.decl.start_byte == func.child_by_field_name(F.NAME).start_byte:
                        sites.append((file, call))
            elif receiver is not None and target.type == K.SELECTOR_EXPRESSION:
                if grammar.text(target.child_by_field_name(F.FIELD)) != name:
                    continue
                base = ctx.program.deref(ctx.program.type_of(target.child_by_field_name(F.OPERAND), file))
                if isinstance(base, gt.Named) and base.name == receiver and base.package == ctx.file.import_path:
                    sites.append((file, call))
    return sites


def _receiver_type(ctx: Context, func: Node) -> str | None:
    if func.type != K.METHOD_DECLARATION:
        return None
    base = receiver_base(func.child_by_field_name(F.RECEIVER))
    return base[0] if base is not None else None


def _is_stopped_somewhere(ctx: Context, ticker: Node, func: Node, sites: list[tuple[ParsedFile, Node]]) -> bool:
    """Whether the ticker the goroutine ranges over is stopped by someone (who expects the loop to end)."""
    ticker = grammar.unparen(ticker)
    if ticker is None:
        return False
    if ticker.type == K.SELECTOR_EXPRESSION:
        field = ctx.text(ticker.child_by_field_name(F.FIELD))
        owner = _field_owner(ctx, ctx.type_of(ticker.child_by_field_name(F.OPERAND)), field)
        return isinstance(owner, gt.Named) and _field_is_stopped(ctx, owner, field)
    if ticker.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(ticker)
    if symbol is None or symbol.kind != sc.VAR or symbol.func is None:
        return False
    if symbol.func.id != func.id:  # captured from the function that started the goroutine
        return _stops_variable(ctx, ctx.file, symbol)
    if symbol.where != sc.PARAM:
        return False
    index = _parameter_index(func, symbol)
    for file, call in sites:  # `go worker(t)`: is the caller's t stopped?
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        argument = grammar.unparen(args[index]) if index is not None and index < len(args) else None
        if argument is not None and argument.type == K.IDENTIFIER:
            passed = ctx.program.resolve(argument, file)
            if passed is not None and passed.kind == sc.VAR and _stops_variable(ctx, file, passed):
                return True
    return False


def _parameter_index(func: Node, symbol: sc.Symbol) -> int | None:
    params = func.child_by_field_name(F.PARAMETERS)
    index = 0
    for decl in grammar.named(params):
        names = grammar.fields(decl, F.NAME) or [decl]
        for ident in names:
            if symbol.decl is not None and ident.id == symbol.decl.id:
                return index
            index += 1
    return None


def _stops_variable(ctx: Context, file: ParsedFile, symbol: sc.Symbol) -> bool:
    """Whether `symbol`'s ticker is stopped for good: `t.Stop()` somewhere, and no `t.Reset(d)` restarts it."""
    scope = grammar.function_body(symbol.func) if symbol.func is not None else None
    if scope is None:
        return False
    members = set()
    for use in ctx.program.resolver(file).uses(symbol, scope):
        member = use.parent
        if member is not None and member.type == K.SELECTOR_EXPRESSION and sc.is_child(use, member, F.OPERAND):
            members.add(grammar.text(member.child_by_field_name(F.FIELD)))
    return "Stop" in members and "Reset" not in members


def _field_is_stopped(ctx: Context, owner: gt.Named, field: str) -> bool:
    """Whether `owner.field` is stopped for good somewhere in the package: a Stop, and no Reset restarts it."""
    return _field_has_call(ctx, owner, field, "Stop") and not _field_has_call(ctx, owner, field, "Reset")


def _field_has_call(ctx: Context, owner: gt.Named, field: str, method: str) -> bool:
    for file in _package_files(ctx):
        for selector in grammar.find_all(file.tree.root_node, (K.SELECTOR_EXPRESSION,)):
            if grammar.text(selector.child_by_field_name(F.FIELD)) != method:
                continue
            inner = grammar.unparen(selector.child_by_field_name(F.OPERAND))
            if inner is None or inner.type != K.SELECTOR_EXPRESSION:
                continue
            if grammar.text(inner.child_by_field_name(F.FIELD)) != field:
                continue
            base = _field_owner(ctx, ctx.program.type_of(inner.child_by_field_name(F.OPERAND), file), field)
            if _same_type_name(base, owner):
                return True
    return False


def _same_type_name(t: gt.Type | None, owner: gt.Named) -> bool:
    """The same defined type, whatever its type arguments (`Source[T]` in a method, `Source[int]` elsewhere)."""
    return isinstance(t, gt.Named) and (t.package, t.name) == (owner.package, owner.name)


RULE = Rule(
    id=RULE_ID,
    name="unstopped-ticker",
    title="time.Ticker never stopped (or made by time.Tick) is never freed",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"Tick",),
    options={timers.ANY_VERSION: timers.ANY_VERSION_HELP},
    in_tests=False,
)
