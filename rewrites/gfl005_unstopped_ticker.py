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

Only tickers lost again and again are worth a finding; one lost once per
process (or kept for the whole process) is not.  So a ticker made by code that
runs once per process is left alone: `main`, `init`, a package-level
initialiser, a `sync.Once`, a function whose every caller in the package (its
tests aside) is one of those or stores the result in a package-level variable
(`globalStats.Store(NewStats(ctx))`, three callers deep), and the commands of
a command-line program (a package importing cobra or urfave/cli: the process
runs one command and exits).  A ticker kept in a field also needs evidence
that its owner is made many times: a caller in the package that does not run
once, or, for a constructor nobody in the package calls (it is exported for
other packages), an owner built to be closed (a `Close`, `Stop` or `Shutdown`
method, or a cancellable context the function makes).  A function the package
uses as a value (a handler) may run any number of times.  Process-lifetime
singletons whose tickers drive their background loops until shutdown are the
typical shape left alone.

Left alone: tickers in `main.main` (the program ends when it returns), one
`time.Tick` in an `init` function or at the top level of a test (they run
once), and tickers of functions and loops that never return: they are needed
for as long as those run.

A dot-imported package time (`NewTicker(d)`, `Tick(d)`) is recognised.

Other linters' suppressions for the same finding are honoured: staticcheck
reports `time.Tick` leaks as SA1015, so `//nolint:staticcheck`, `//nolint:all`
or a bare `//nolint` (at the end of the line, or alone on the line before the
statement), `//lint:ignore SA1015 reason` (on the line or the line before) and
`//lint:file-ignore SA1015 reason` silence GFL005 there: the maintainers have
already judged that ticker.

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

from gofixleak.analysis import bindings, flow, goroutines, lifetimes, lintdirectives, tickers, timers
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL005"


# Other linters' names for this rule: `//nolint:staticcheck` or `//lint:ignore SA1015` silences it too.
_LINTERS = frozenset({"staticcheck", "gofixleak"})
_CHECKS = frozenset({"SA1015", RULE_ID})


def check(ctx: Context) -> Iterator[Finding]:
    for finding in _findings(ctx):
        if not lintdirectives.silenced(ctx, finding.start, _LINTERS, _CHECKS):
            yield finding


def _findings(ctx: Context) -> Iterator[Finding]:
    if timers.applies(ctx, RULE_ID):
        names = timers.NamePool(ctx)
        for call in ctx.find(K.CALL_EXPRESSION):
            name = timers.time_function(ctx, call)
            if name == "NewTicker":
                yield from _new_ticker(ctx, call)
            elif name == "Tick":
                yield from _tick(ctx, call, names)
            elif name is None and tickers.may_construct(call):
                yield from _constructed_ticker(ctx, call)
    yield from _hanging_goroutines(ctx)


# --- where a new ticker goes ------------------------------------------------------------


def _new_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    func = grammar.enclosing_function(call)
    if func is None:
        return  # a package-level ticker lives as long as the program anyway
    field = tickers.field_store(ctx, call)
    if field is not None:
        yield from _field_ticker(ctx, call, *field)
        return
    binding = bindings.binding(ctx, call)
    if binding is not None:
        yield from _local_ticker(ctx, call, binding)
    else:
        yield from _assigned_ticker(ctx, call)


# --- local tickers ----------------------------------------------------------------------


def _local_ticker(
    ctx: Context, creation: Node, binding: bindings.Binding, error: sc.Symbol | None = None, may_be_nil: bool = False
) -> Iterator[Finding]:
    """A ticker held by a local variable: stopped on every way out of its scope?"""
    symbol, name = binding.symbol, binding.symbol.name
    func = symbol.func
    body = grammar.function_body(func) if func is not None else None
    if func is None or body is None or not bindings.is_statement(binding.statement):
        return
    uses = [u for u in ctx.uses(symbol, body) if u.id != binding.name.id]
    kinds = [(use, timers.classify_timer_use(ctx, use, func)) for use in uses]
    escaping = [use for use, kind in kinds if kind == timers.ESCAPES]
    if escaping:
        goroutine = tickers.owning_goroutine(ctx, uses)
        if goroutine is not None:  # `go func() { ... t.C ... }()`: the goroutine owns it now
            yield from _goroutine_ticker(ctx, creation, binding, goroutine, uses)
        stopped_here = any(kind in (timers.STOPS, timers.DEFER_STOPS) for _, kind in kinds)
        for use in [] if stopped_here else escaping:  # `s.ticker = t`: the field owns it now
            field = tickers.field_store(ctx, use)
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
    checked = tickers.error_check_after(ctx, binding.statement, error) if may_be_nil and error is not None else None
    graph = tickers.ticker_flow_graph(ctx, func, None if may_be_nil else symbol)
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
    if lifetimes.runs_once(ctx, creation):
        return  # lost once per process at most
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


def _assigned_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    """A ticker assigned with `=` to a local declared without one (`var t *time.Ticker`).

    Every write of the variable must make a new ticker (`t = time.NewTicker(d)`,
    in the function itself, not a closure) and nothing may hand it out: then
    each assignment is a creation, analysed like `t := time.NewTicker(d)`.  A
    deferred closure stopping `t` (`defer func() { if t != nil { t.Stop() } }()`)
    reads `t` when the function returns: registered before every creation, it
    stops the last one.
    """
    found = tickers.assignment_of(ctx, call)
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
    if body is None or not bindings.is_statement(assignment):
        return
    creations, kinds = [], []
    for use in ctx.uses(symbol, body):
        if use.id == symbol.decl.id:
            continue
        if sc.is_written(use):
            made = tickers.creation_assigning(ctx, use)
            if made is None or not grammar.same(grammar.enclosing_function(made), func):
                return  # `t = other`, `t = nil`, `t, err = ...`, or written by a closure: not followed
            creations.append(made)
            continue
        kinds.append((use, timers.classify_timer_use(ctx, use, func)))
    if any(kind in (timers.ESCAPES, timers.REASSIGNS) for _, kind in kinds):
        return  # handed out, or captured by a goroutine: not followed
    direct: list[Node] = []
    deferred_closures: list[Node] = []
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
    covering = [s for s in deferred_closures if tickers.registered_before(plain, s, point.index)]
    if covering:
        return  # a deferred closure registered before the creation stops whatever t holds at the end
    graph = tickers.ticker_flow_graph(ctx, func, symbol)  # after a creation, t is never nil again
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
    if not leaves or timers.is_main(ctx, func) or lifetimes.runs_once(ctx, call):
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
    if any(kind == timers.KEEPS and tickers.read_when_deferred(ctx, use, func) for use, kind in kinds):
        # `defer func() { <-t.C }()` registered before the creation would run after the new
        # `defer t.Stop()` and wait for a tick that never comes
        yield ctx.finding(call, message)
        return
    yield ctx.finding(call, message, *_defer_stop_after(ctx, assignment, assignment, name))


def _goroutine_ticker(
    ctx: Context, creation: Node, binding: bindings.Binding, goroutine: Node, uses: list[Node]
) -> Iterator[Finding]:
    """A ticker only one goroutine uses: it must stop it when it returns."""
    name = binding.symbol.name
    if binding.symbol.func is not None and timers.is_main(ctx, binding.symbol.func):
        return  # made once, in main.main: it lives as long as the program either way
    if lifetimes.runs_once(ctx, creation):
        return  # a goroutine of a process-lifetime singleton: lost once at most
    kinds = [timers.classify_timer_use(ctx, use, goroutine) for use in uses]
    stops = [
        s
        for u, k in zip(uses, kinds, strict=True)
        if k in (timers.STOPS, timers.DEFER_STOPS)
        for s in timers.stop_statements(ctx, u, goroutine)
    ]
    graph = tickers.ticker_flow_graph(ctx, goroutine, binding.symbol)
    entry = graph[graph.entry].succ
    if not timers.unstopped_paths(graph, entry, timers.points_of(graph, stops), -1)[0]:
        return  # the goroutine stops it, or never returns and needs it for good
    if not tickers.started_once(ctx, goroutine, binding):
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


def _defer_stop_fix(ctx: Context, binding: bindings.Binding, anchor: Node) -> list[Fix]:
    """`defer t.Stop()` on the line after `anchor` (the creation, or the error check after it)."""
    return _defer_stop_after(ctx, binding.statement, anchor, binding.symbol.name)


def _defer_stop_after(ctx: Context, statement: Node, anchor: Node, name: str) -> list[Fix]:
    """`defer name.Stop()` on the line after `anchor`, indented like `statement` (which makes the ticker)."""
    if not timers.ends_line(ctx, anchor) or not timers.starts_line(ctx, statement):
        return []
    indent = ctx.indent_of(statement)
    edit = ctx.insert(ctx.line_end(anchor.end_byte), f"\n{indent}defer {name}.Stop()")
    return [ctx.fix(f"stop {name} when the function returns: defer {name}.Stop()", edit, safety=Safety.SAFE)]


# --- tickers made by a function of the package: `t, err := newTicker(...)` ---------------------


def _constructed_ticker(ctx: Context, call: Node) -> Iterator[Finding]:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return
    symbol = ctx.resolve(function)
    if symbol is None or symbol.kind != sc.FUNC or symbol.value_decl is None:
        return
    constructor = tickers.constructor(ctx, symbol)
    if constructor is None:
        return
    binding = bindings.binding(ctx, call, constructor.ticker)
    if binding is None:
        return
    error = None
    if constructor.error is not None and constructor.error < len(binding.names):
        error = ctx.resolve(binding.names[constructor.error])
    yield from _local_ticker(ctx, call, binding, error, constructor.may_be_nil)


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
        binding = bindings.binding(ctx, call)
        if binding is not None:
            yield from _tick_local(ctx, call, binding, func, safety, names)


def _runs_once(ctx: Context, func: Node) -> bool:
    """main.main, init and a test's top level run once, and so do functions only they (or a
    sync.Once, or a package-level initialiser) call: one ticker there is not worth a finding."""
    if timers.is_main_or_init(ctx, func) or timers.is_test_function(ctx, func):
        return True
    return lifetimes.runs_once(ctx, func)


def _lost_repeatedly(ctx: Context, at: Node, owner: gt.Named | None = None) -> bool:
    """A ticker kept in a field is lost only once its owner is done with it: worth reporting
    when the owner is made many times.  Evidence: a
    caller in the package that does not run once per process, or, for a function nobody in the
    package calls (an exported constructor), a value built to be closed (a Close, Stop or
    Shutdown method, or a cancellable context it keeps).  A process-lifetime singleton (built
    from main, init or a sync.Once, or stored in a package-level variable) is left alone."""
    if lifetimes.runs_once(ctx, at):
        return False
    return lifetimes.referenced(ctx, at) or lifetimes.made_to_close(ctx, at, owner)


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
    ctx: Context, call: Node, binding: bindings.Binding, func: Node, safety: Safety, names: timers.NamePool
) -> Iterator[Finding]:
    symbol = binding.symbol
    body = grammar.function_body(func)
    if body is None or symbol.func is None or symbol.func.id != func.id or not bindings.is_statement(binding.statement):
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
    graph = tickers.ticker_flow_graph(ctx, func)
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


def _field_ticker(ctx: Context, at: Node, owner: gt.Named, field: str) -> Iterator[Finding]:
    if field[:1].isupper() and ctx.file.package != "main":
        return  # an exported field: code in other packages can stop it, out of view
    if not _lost_repeatedly(ctx, at, owner):
        return
    if tickers.field_may_be_stopped(ctx, owner, field):
        return
    closer = tickers.closing_method(ctx, owner)
    message = (
        f"field {owner.name}.{field} holds a ticker that nothing in package {ctx.file.package} stops, "
        f"so it is never freed ({timers.OLD_RUNTIMES}); stop it in {owner.name}'s "
        f"{closer.name if closer else 'Close or Stop'} method"
    )
    yield ctx.finding(at, message, *_stop_in_method_fix(ctx, closer, field))


def _stop_in_method_fix(ctx: Context, closer: tickers.Closer | None, field: str) -> list[Fix]:
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
        if ticker is None or not timers.is_time_type(ctx, ctx.type_of(ticker), "Ticker") or flow.can_leave(loop):
            continue
        func = grammar.enclosing_function(loop)
        if clause is None or func is None:
            continue
        sites = goroutines.starts_of_function(ctx, func, ctx.package_files())
        if not sites or not tickers.is_stopped_somewhere(ctx, ticker, func, sites):
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
