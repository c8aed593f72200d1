"""time.After in a loop starts a new timer on every iteration, and each one stays in memory until it fires.

## What it does
Flags `time.After(d)` received in a `select` inside a loop, directly as a
case (`case <-time.After(d):`) or through a variable made in the loop
(`timeout := time.After(d)` ... `case <-timeout:`), when the loop can come
round to it again while the timer still runs: another case won and did not
leave the loop.  A `select` whose other cases all return, break out of the
loop, panic or end the test (`t.Fatal`) only repeats after its own timer
fired, which leaves nothing behind: retry-with-backoff and heartbeat loops
(`case <-ctx.Done(): return` / `case <-time.After(d): retry()`) are left
alone, as is `<-time.After(d)` on its own, which always waits for its timer.
`time.NewTimer(d).C` written in a `select` case is the same as `time.After(d)`.

A loop whose number of iterations is fixed when it starts (a range over a
slice, map, array, string or integer; a counter that only moves towards its
bound, like `for i := 0; i < n; i++` or `for got := 0; got < n;` with `got++`
in a case) is not reported: it makes at most that many timers, each gone `d`
later, the per-item timeout of a known number of items (a test's 2-5 fixed
receives are the common case).  The leak is a loop that runs as long as
events come (`for {`, a condition, a range over a channel), making one timer
per event.

Pending timers are about the iteration rate times the timeout, so two more
shapes are left alone.  A loop paced by a ticker, a timer or a sleep (the
`select` sits in a `case <-ticker.C:` or `case <-timer.C:`, or `time.Sleep(p)`,
`<-ticker.C` or `<-time.Tick(p)` runs before it in the iteration) reaches
`time.After` once per period: with a timeout of at most 10 periods (or either
of them not a constant: a health check every 5 s with a timeout of 1.5x the
last check's duration), only a few timers are ever pending.  And a short
constant timeout (at most 5 s) in a command-line program (package main, or a
package that imports a command-line framework: cobra, urfave/cli, kingpin,
kong) follows one slow stream for one user and leaves a few timers for the
few seconds the program runs.  What stays reported is the per-item loop of a
long-running process over a stream of lines, records or messages, whose
timeout is long or configurable (a field, a parameter): a busy stream with
a one-hour idle timeout keeps an hour of timers.

Also flagged: a watchdog goroutine started on every iteration of such a loop
(`go func() { select { case <-time.After(d): …; case <-done: } }()`) leaves
one pending timer per iteration once `done` wins.  The fix makes the timer in
the goroutine, right before the `select`, and stops it when the goroutine
returns: `timer := time.NewTimer(d)`, `defer timer.Stop()`, `case
<-timer.C:` (safe: `d` is evaluated once, where the `select` evaluated it).
A goroutine whose `select` has no other case, or that a fixed-count loop
starts (a worker pool), is left alone.

This depends on the runtime: since Go 1.23 the garbage collector frees a
timer nobody references even before it fires, but only in programs whose
main module's go.mod says `go 1.23` or later (and always from Go 1.27).  So
by default the rule reports only in files whose Go version is below 1.23; the
`any_version` option (`--option GFL008.any_version`) reports in every file,
for libraries that programs with an older go line may import, or code whose
real go line gofixleak cannot see.

Also flagged: a channel variable re-armed with `v = time.After(d)` (a
quiet period restarted on every event, a per-round timeout) when the
assignment can run again before anything received from `v`: the timer it
made before is then still pending.  A nil guard is followed: `if v == nil {
v = time.After(d) }` re-arms only after `v = nil`, so a timeout armed once
and never cleared is left alone; and `v = nil` drops the pending timer on
purpose (once per clearing, a batch sent or a subscriber arrived, not once
per iteration), so a path through it is not a leak either.  The variable must be a local that is only
received from, compared with nil and assigned `time.After(d)` or nil, in its
own function (no closure or goroutine uses it); otherwise it is not followed.
A dot-imported package time (`After(d)`) is recognised.

Not seen: `time.After(d)` stored in a struct field (`s.wait = time.After(d)`)
and `time.After` behind a helper function (`case <-randomTimeout(d):`).

## Why is this bad?
Each `time.After(d)` makes a timer that the runtime keeps, with its channel,
until `d` has passed, whether or not anyone still waits for it.  A loop that
usually gets its message before the timeout leaves one live timer behind per
iteration: a busy loop with a one-minute timeout holds a minute's worth of
timers at all times (Go 101, "Memory Leaking Scenarios", on timers that are
not stopped).

## Example
```go
for {
        select {
        case msg := <-inbox:
                handle(msg)
        case <-time.After(idle):
                return
        }
}
```

## Use instead
```go
timer := time.NewTimer(idle)
defer timer.Stop()
for {
        timer.Reset(idle)
        select {
        case msg := <-inbox:
                handle(msg)
        case <-timer.C:
                return
        }
}
```

## Fix safety
The fix makes one timer before the outermost loop of the function (a
`defer` there cannot pile up), stops it when the function returns, resets it
where `time.After(d)` was evaluated and receives from its channel instead.
The runtimes this leak happens in give timers a buffered channel, so a value
the timer sent while another case won would fire the next `select` at once:
the fix first stops the timer and drains the channel without blocking, then
resets it (also in files of Go 1.23 or later reported with `any_version`:
the program they are built into decides, and with Go 1.23's synchronous
channels the drain finds nothing).  The timeout is still measured from the
same moment, so the loop behaves as before.  (Before Go 1.23 the runtime could report a timer
expired a moment before its value reached the channel, golang/go#37196: a
timer that expired just as another case won can then end the next `select`
at once; it had run its full `d` without the `select` taking it.)

A re-armed variable gets `var vTimer *time.Timer` before its declaration
(before the outermost loop around it), and each `v = time.After(d)` becomes:
make the timer the first time, otherwise stop it, drain it without blocking
and `Reset(d)`; then `v = vTimer.C`.  `d` is evaluated once, where it was;
`v = nil` and nil tests keep their meaning (the paused timer is simply not
looked at), and since no one else holds the channels, reusing one timer
cannot be observed except through the early-expiry race above.  This fix is
safe; a timer still pending when the function returns stays until it fires,
as the last `time.After` timer did.

For a `select` case, `d` is evaluated once more, before the loop, and then where it was before.
The fix is safe when `d` has no side effects and every name in it is
declared before the loop; unsafe when evaluating it early could panic (a nil
pointer, a division) unless the `select` is the first thing the loop does;
only a suggestion when `d` calls a function or receives; and not offered
when `d` uses variables declared inside the loop, or when a `goto` before
the loop jumps to a label after it (it would jump over the timer's
declaration).  A fresh name that shadows nothing is chosen for the timer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gofixleak.analysis import cfg, flow, loops, pacing, repetition, timers
from gofixleak.analysis.effects import Effect, declared_outside, effect
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Fix, Rule, Safety
from gofixleak.semantics import scope as sc
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL008"

MESSAGE = (
    "time.After in a loop makes a new timer on every iteration, and each one stays in memory "
    f"until it fires ({timers.OLD_RUNTIMES}); make one time.Timer before the loop and Reset it"
)


@dataclass(frozen=True)
class Site:
    """One `time.After(d)` to replace by a reused timer."""

    call: Node
    duration: Node
    channels: tuple[Node, ...]  # what becomes `timer.C`: the call, or the uses of the variable holding it
    binding: Node | None = None  # `timeout := time.After(d)`: the statement the Reset replaces


def check(ctx: Context) -> Iterator[Finding]:
    if not timers.applies(ctx, RULE_ID):
        return
    names = timers.NamePool(ctx)
    by_select: dict[int, tuple[Node, list[Site]]] = {}
    bound: list[Site] = []
    rearmed: dict[tuple, tuple[sc.Symbol, list[Site]]] = {}
    watchdogs: list[tuple[Node, Site]] = []
    for call in ctx.find(K.CALL_EXPRESSION):
        made = timers.time_function(ctx, call)
        if made not in ("After", "NewTimer"):
            continue
        duration = timers.time_argument(call)
        if duration is None:
            continue
        received = call if made == "After" else _timer_channel(call)
        select = _select_case_of(received) if received is not None else None
        if select is not None and received is not None:
            site = Site(call, duration, (received,))
            if _watched_per_iteration(ctx, select):
                watchdogs.append((select, site))
            elif not _fixed_count_loops(ctx, select) and not _few_pending(ctx, select, duration):
                by_select.setdefault(select.id, (select, []))[1].append(site)
            continue
        if made != "After":
            continue
        bound_site = _bound_site(ctx, call, duration)
        if bound_site is not None:
            if bound_site.binding is not None and not _few_pending(ctx, bound_site.binding, duration):
                bound.append(bound_site)
            continue
        assigned = _assigned_site(ctx, call, duration)
        if (
            assigned is not None
            and assigned[1].binding is not None
            and _few_pending(ctx, assigned[1].binding, duration)
        ):
            assigned = None  # a paced re-arm: the symbol is then not followed at all
        if assigned is not None:
            rearmed.setdefault(assigned[0].key, (assigned[0], []))[1].append(assigned[1])
    for select, sites in by_select.values():
        yield from _direct(ctx, select, sites, names)
    for site in bound:
        yield from _bound(ctx, site, names)
    for symbol, sites in rearmed.values():
        yield from _rearmed(ctx, symbol, sites, names)
    for select, site in watchdogs:
        yield from _watchdog(ctx, select, site, names)


def _few_pending(ctx: Context, node: Node, duration: Node) -> bool:
    """The loop around `node` leaves a few timers pending at most: a ticker, timer or sleep paces
    it within a small factor of the timeout, or the timeout is a short constant in a command-line
    program (see `pacing`)."""
    loop = flow.enclosing_loop(node)
    if loop is not None and pacing.paced(ctx, node, loop, duration) is not None:
        return True
    return pacing.short_constant(ctx, duration) and repetition.command_line_program(ctx)


def _timer_channel(call: Node) -> Node | None:
    """`time.NewTimer(d).C`: the selector reading the channel of a timer nobody keeps."""
    selector = call.parent
    if selector is None or selector.type != K.SELECTOR_EXPRESSION or not sc.is_child(call, selector, F.OPERAND):
        return None
    return selector if grammar.text(selector.child_by_field_name(F.FIELD)) == "C" else None


def _fixed_count_loops(ctx: Context, node: Node) -> bool:
    """Every loop around `node` in its function runs a number of times fixed when it starts (a
    range over a slice, map or count; a counter towards a bound): it makes at most that many
    timers, each gone `d` later, not one per event for as long as events come."""
    func = grammar.enclosing_function(node)
    around = [a for a in grammar.ancestors(node) if a.type == K.FOR_STATEMENT and func is not None]
    around = [a for a in around if func is not None and grammar.is_within(a, func)]
    return bool(around) and all(loops.runs_to_fixed_count(ctx, loop) for loop in around)


def _select_case_of(call: Node) -> Node | None:
    """The select statement when `call` is received by one of its cases: `case [v :=] <-time.After(d):`."""
    receive = call.parent
    if receive is None or receive.type != K.UNARY_EXPRESSION or grammar.operator(receive) != "<-":
        return None
    statement = receive.parent
    if statement is None or statement.type != K.RECEIVE_STATEMENT:
        return None
    clause = statement.parent
    if clause is None or clause.type != K.COMMUNICATION_CLAUSE:
        return None
    communication = clause.child_by_field_name(F.COMMUNICATION)
    if communication is None or communication.id != statement.id:
        return None
    return clause.parent


def _outermost_loop(node: Node, func: Node) -> Node | None:
    """The outermost `for` around `node` in `func`: a timer made before it is made once per call."""
    return loops.outermost_loop(node, func)


# --- `case <-time.After(d):` ----------------------------------------------------------------


def _direct(ctx: Context, select: Node, sites: list[Site], names: timers.NamePool) -> Iterator[Finding]:
    func = grammar.enclosing_function(select)
    loop = _outermost_loop(select, func) if func is not None else None
    if func is None or loop is None:
        return
    graph = timers.flow_graph(ctx, func)
    head = next((p for p in graph if p.kind == cfg.SELECT and p.node is not None and p.node.id == select.id), None)
    if head is None:
        return
    leaking = [site for site in sites if _select_again_while_pending(graph, head, site)]
    if not leaking:
        return
    fixes = _fixes(ctx, leaking, func, loop, select, names, reached_first=_reached_first(select, loop))
    for site in leaking:
        inline = timers.time_function(ctx, site.call) == "NewTimer"
        message = MESSAGE.replace("time.After", "time.NewTimer(...).C", 1) if inline else MESSAGE
        yield ctx.finding(site.call, message, *fixes)


def _select_again_while_pending(graph: cfg.Graph, head: cfg.Point, site: Site) -> bool:
    """Whether the select can run again after another of its cases won, while this site's timer still runs.

    When every other case leaves the loop (a retry loop that returns on
    `ctx.Done()`, a heartbeat), the select only comes round after this
    timer fired: no timer is left behind.
    """
    own = graph.point_at(site.call)
    received = {own.index} if own is not None else set()
    return timers.unstopped_paths(graph, head.succ, received, head.index)[1]


def _reached_first(select: Node, loop: Node) -> bool:
    """The select is the first thing every `for {` from `loop` inwards runs: nothing runs between them."""
    node = timers.statement_anchor(select)
    while True:
        block = node.parent
        if block is None or block.type != K.BLOCK or not grammar.statement_list(block):
            return False
        if grammar.statement_list(block)[0].id != node.id:
            return False
        owner = block.parent
        if owner is None or owner.type != K.FOR_STATEMENT or not _is_plain_forever(owner):
            return False
        if owner.id == loop.id:
            return True
        node = timers.statement_anchor(owner)


def _is_plain_forever(loop: Node) -> bool:
    """`for { ... }`: no init, condition, post or range."""
    return all(c.type == K.BLOCK for c in grammar.named(loop))


# --- a watchdog goroutine per iteration -----------------------------------------------------

WATCHDOG_MESSAGE = (
    "a goroutine started on every iteration waits on {what} and on another channel: when the other wins, "
    f"its timer stays in memory until it fires ({timers.OLD_RUNTIMES}); make a time.NewTimer in the goroutine "
    "and stop it when the goroutine returns"
)


def _watched_per_iteration(ctx: Context, select: Node) -> bool:
    """The select runs once in a goroutine (`go func() { select { case <-time.After(d): …; case
    <-done: } }()`) that a loop starts on every iteration, and another of its cases can win."""
    literal = grammar.enclosing_function(select)
    if literal is None or literal.type != K.FUNCTION_LITERAL or loops.outermost_loop(select, literal) is not None:
        return False
    call = literal.parent
    statement = call.parent if call is not None else None
    if call is None or statement is None or statement.type != K.GO_STATEMENT:
        return False
    outer = grammar.enclosing_function(statement)
    if outer is None or loops.outermost_loop(statement, outer) is None or _fixed_count_loops(ctx, statement):
        return False
    clauses = [c for c in grammar.named(select) if c.type == K.COMMUNICATION_CLAUSE]
    others = [c for c in clauses if not cfg.is_default(c)]
    return len(others) >= 2


def _watchdog(ctx: Context, select: Node, site: Site, names: timers.NamePool) -> Iterator[Finding]:
    """`timer := time.NewTimer(d)` and `defer timer.Stop()` before the select, inside the goroutine."""
    literal = grammar.enclosing_function(select)
    what = "time.After" if timers.time_function(ctx, site.call) == "After" else "time.NewTimer(...).C"
    message = WATCHDOG_MESSAGE.format(what=what)
    placement = timers.insertion_before(ctx, select)
    block = timers.statement_anchor(select).parent
    package = timers.package_name(site.call)
    if literal is None or placement is None or block is None or not timers.means_time(ctx, package, select, "NewTimer"):
        yield ctx.finding(site.call, message)
        return
    if any(_declared_in(ctx, ident, select) for ident in grammar.find_all(site.duration, (K.IDENTIFIER,))):
        yield ctx.finding(site.call, message)
        return
    name = names.fresh("timer", select, block, literal)
    offset, indent = placement
    d = ctx.text(site.duration)
    create = timers.lines(indent, f"{name} := {timers.qualified(package, 'NewTimer')}({d})", f"defer {name}.Stop()")
    edits = [ctx.insert(offset, create), *(ctx.replace(channel, f"{name}.C") for channel in site.channels)]
    # d is evaluated once, right before the select, as the select evaluated time.After(d): safe
    fix = ctx.fix(
        f"make {name} := {timers.qualified(package, 'NewTimer')}(...) in the goroutine and stop it when it returns",
        *edits,
        safety=Safety.SAFE,
    )
    yield ctx.finding(site.call, message, fix)


def _declared_in(ctx: Context, ident: Node, region: Node) -> bool:
    symbol = ctx.resolve(ident)
    return symbol is not None and symbol.decl is not None and grammar.is_within(symbol.decl, region)


# --- `timeout := time.After(d)` in the loop -------------------------------------------------


def _bound_site(ctx: Context, call: Node, duration: Node) -> Site | None:
    values = call.parent
    owner = values.parent if values is not None else None
    if owner is None or values is None or values.type != K.EXPRESSION_LIST or len(grammar.named(values)) != 1:
        return None
    if owner.type == K.SHORT_VAR_DECLARATION:
        names, statement = grammar.items(owner.child_by_field_name(F.LEFT)), owner
    elif owner.type == K.VAR_SPEC and owner.parent is not None and len(grammar.named(owner.parent)) == 1:
        names, statement = grammar.fields(owner, F.NAME), owner.parent
    else:
        return None
    if (
        len(names) != 1
        or statement.parent is None
        or statement.parent.type not in (K.BLOCK, *grammar.CASE_CLAUSE_KINDS)
    ):
        return None
    symbol = ctx.resolve(names[0])
    func = grammar.enclosing_function(statement)
    if symbol is None or symbol.kind != sc.VAR or func is None or symbol.decl is None or symbol.decl.id != names[0].id:
        return None
    body = grammar.function_body(func)
    uses = [u for u in ctx.uses(symbol, body) if u.id != names[0].id] if body is not None else []
    for use in uses:
        if sc.is_written(use) or not timers.is_received(use) or timers.closure_context(ctx, use, func) is not None:
            return None
    if not any(_select_case_of_use(use) for use in uses):
        return None  # only plain receives: each one waits for its timer to fire
    return Site(call, duration, tuple(uses), statement)


def _select_case_of_use(use: Node) -> bool:
    receive = use.parent
    statement = receive.parent if receive is not None else None
    return (
        statement is not None
        and statement.type == K.RECEIVE_STATEMENT
        and (statement.parent is not None and statement.parent.type == K.COMMUNICATION_CLAUSE)
    )


def _bound(ctx: Context, site: Site, names: timers.NamePool) -> Iterator[Finding]:
    assert site.binding is not None
    func = grammar.enclosing_function(site.binding)
    loop = _outermost_loop(site.binding, func) if func is not None else None
    if func is None or loop is None:
        return
    if _fixed_count_loops(ctx, site.binding):
        return
    graph = timers.flow_graph(ctx, func)
    made = graph.point_at(site.binding)
    received = timers.points_of(graph, list(site.channels))
    if made is None or not timers.unstopped_paths(graph, made.succ, received, made.index)[1]:
        return  # every way back to the binding receives from the timer first: it has fired
    yield ctx.finding(site.call, MESSAGE, *_fixes(ctx, [site], func, loop, site.binding, names, reached_first=False))


# --- `timeout = time.After(d)` re-armed in a loop -----------------------------------------

REARMED_MESSAGE = (
    "{name} = time.After(...) runs again while the timer it made before may still be pending: each "
    f"assignment makes a new timer that stays in memory until it fires ({timers.OLD_RUNTIMES}); "
    "keep one time.Timer and Reset it"
)


def _assigned_site(ctx: Context, call: Node, duration: Node) -> tuple[sc.Symbol, Site] | None:
    """`v = time.After(d)` as a statement of its own, `v` a local variable: (v, the site)."""
    values = call.parent
    assignment = values.parent if values is not None else None
    if assignment is None or values is None or values.type != K.EXPRESSION_LIST or assignment.type != K.ASSIGNMENT:
        return None
    if grammar.operator(assignment) != "=" or len(grammar.named(values)) != 1:
        return None
    targets = grammar.items(assignment.child_by_field_name(F.LEFT))
    if len(targets) != 1 or targets[0].type != K.IDENTIFIER:
        return None
    if assignment.parent is None or assignment.parent.type not in (K.BLOCK, *grammar.CASE_CLAUSE_KINDS):
        return None  # `for ...; ...; v = time.After(d)`: no room for statements
    symbol = ctx.resolve(targets[0])
    if symbol is None or symbol.kind != sc.VAR or symbol.where != sc.LOCAL or symbol.decl is None:
        return None
    return symbol, Site(call, duration, (), assignment)


def _rearmed(ctx: Context, symbol: sc.Symbol, sites: list[Site], pool: timers.NamePool) -> Iterator[Finding]:
    """A channel variable re-armed with `v = time.After(d)` while its previous timer may still run.

    The variable must only be received from, compared with nil, and assigned
    `time.After(d)` or nil, all in its own function (no closure): then no one
    else holds the channels its timers made, and one reused timer behaves the same.
    """
    func = symbol.func
    body = grammar.function_body(func) if func is not None else None
    declaration = _declaration_statement(symbol)
    if func is None or body is None or declaration is None or symbol.decl is None:
        return
    by_statement = {site.binding.id: site for site in sites if site.binding is not None}
    receives: list[Node | None] = []
    nils: list[Node | None] = []
    for use in ctx.uses(symbol, body):
        if use.id == symbol.decl.id:
            continue
        around = grammar.enclosing_function(use)
        if timers.closure_context(ctx, use, func) is not None or around is None or around.id != func.id:
            return  # a closure or goroutine uses it: not followed
        if sc.is_written(use):
            written = _assignment_of_target(use)
            if written is None:
                return
            statement, value = written
            if statement.id in by_statement:
                continue
            if value is not None and value.type == K.IDENTIFIER and ctx.text(value) == "nil":
                nils.append(statement)
                continue
            return  # `v = other`: the channel may come from elsewhere
        if timers.is_received(use):
            receives.append(use)
        elif not timers.is_nil_comparison(use):
            return  # copied, passed, returned: someone else may hold a timer's channel
    graph = timers.flow_graph(ctx, func)
    arms = {p: site for site in sites if (p := _point_of(graph, site.binding)) is not None}
    if len(arms) != len(sites):
        return
    value = grammar.unparen(symbol.value)
    declared_nil = value is None or (value.type == K.IDENTIFIER and ctx.text(value) == "nil")
    facts = _ArmFacts(
        ctx,
        symbol,
        graph,
        set(arms),
        timers.points_of(graph, receives),
        timers.points_of(graph, nils),
        _point_of(graph, declaration),
        declared_nil,
    )
    reached: set[int] = set()
    for start in arms:
        reached |= facts.rearmed_from(start)
    leaking = [arms[p] for p in sorted(reached)]
    if not leaking:
        return
    fixes = _rearm_fixes(ctx, symbol, sites, declaration, func, pool)
    message = REARMED_MESSAGE.format(name=symbol.name)
    for site in leaking:
        yield ctx.finding(site.call, message, *fixes)


def _declaration_statement(symbol: sc.Symbol) -> Node | None:
    """The `var v ...` or `v := ...` statement declaring a local."""
    if symbol.decl is None:
        return None
    for depth, anc in enumerate(grammar.ancestors(symbol.decl)):
        if anc.type in (K.VAR_DECLARATION, K.SHORT_VAR_DECLARATION):
            return anc
        if depth >= 3 or anc.type in (K.BLOCK, *grammar.FUNCTION_KINDS):
            return None  # a parameter, a range or select variable...
    return None


def _assignment_of_target(target: Node) -> tuple[Node, Node | None] | None:
    """(`... target ... = ... value ...`, value): `target` on the left of a plain assignment."""
    targets = target.parent
    assignment = targets.parent if targets is not None else None
    if assignment is None or assignment.type != K.ASSIGNMENT or grammar.operator(assignment) != "=":
        return None
    left = grammar.items(assignment.child_by_field_name(F.LEFT))
    right = grammar.items(assignment.child_by_field_name(F.RIGHT))
    if len(left) != len(right):
        return None
    index = next((i for i, t in enumerate(left) if t.id == target.id), None)
    return (assignment, grammar.unparen(right[index])) if index is not None else None


def _point_of(graph: cfg.Graph, statement: Node | None) -> int | None:
    found = timers.points_of(graph, [statement])
    return next(iter(found)) if found else None


_NIL, _SET, _UNKNOWN = "nil", "set", "unknown"


@dataclass
class _ArmFacts:
    """Walks paths from one `v = time.After(d)`, knowing whether `v` is nil, to the next one."""

    ctx: Context
    symbol: sc.Symbol
    graph: cfg.Graph
    arms: set[int]
    receives: set[int]
    nils: set[int]
    declaration: int | None
    declared_nil: bool

    def rearmed_from(self, start: int) -> set[int]:
        """The arms reached from `start` on paths that receive no value from `v` (the timer still runs)."""
        reached: set[int] = set()
        seen: set[tuple[int, str]] = set()
        todo = [(s, _SET) for s in self.graph[start].succ]
        while todo:
            index, state = todo.pop()
            if (index, state) in seen or index in self.receives:
                continue
            seen.add((index, state))
            if index in self.arms:
                reached.add(index)
                continue
            if index in self.nils:
                continue  # `v = nil` drops the timer on purpose, once per clearing, not once per iteration
            if index == self.declaration:
                state = _NIL if self.declared_nil else _UNKNOWN
            point = self.graph[index]
            successors = list(point.succ)
            if point.kind == cfg.CONDITION and point.node is not None and point.node.type == K.IF_STATEMENT:
                successors = self._feasible(point, state)
            todo.extend((s, state) for s in successors)
        return reached

    def _feasible(self, point: cfg.Point, state: str) -> list[int]:
        """The branches of `if` a nil test of `v` lets control take, given what `v` holds."""
        if state == _UNKNOWN or len(point.succ) != 2:
            return list(point.succ)
        then, otherwise = point.succ
        needs_then, needs_else = self._requires(point.evaluates)
        out = []
        if needs_then is None or needs_then == state:
            out.append(then)
        if needs_else is None or needs_else == state:
            out.append(otherwise)
        return out

    def _requires(self, condition: Node | None) -> tuple[str | None, str | None]:
        """What `v` must be for the then branch and for the else branch (None: anything)."""
        condition = grammar.unparen(condition)
        if condition is None or condition.type != K.BINARY_EXPRESSION:
            return None, None
        operator = grammar.operator(condition)
        if operator == "&&":
            for side in (F.LEFT, F.RIGHT):
                needs, _ = self._requires(condition.child_by_field_name(side))
                if needs is not None:
                    return needs, None
            return None, None
        if operator not in ("==", "!="):
            return None, None
        sides = [grammar.unparen(condition.child_by_field_name(f)) for f in (F.LEFT, F.RIGHT)]
        if not any(s is not None and s.type == K.IDENTIFIER and grammar.text(s) == "nil" for s in sides):
            return None, None
        if not any(s is not None and s.type == K.IDENTIFIER and self.ctx.resolve(s) == self.symbol for s in sides):
            return None, None
        return (_NIL, _SET) if operator == "==" else (_SET, _NIL)


def _rearm_fixes(
    ctx: Context, symbol: sc.Symbol, sites: list[Site], declaration: Node, func: Node, pool: timers.NamePool
) -> list[Fix]:
    """`var vTimer *time.Timer` before `v`'s declaration (and any loop around it); each
    `v = time.After(d)` makes it once, then stops, drains and resets it, and sets `v = vTimer.C`."""
    anchor = _outermost_loop(declaration, func) or declaration
    placement = timers.insertion_before(ctx, anchor)
    block = timers.statement_anchor(anchor).parent
    package = timers.package_name(sites[0].call)
    if placement is None or block is None or flow.goto_jumps_over(block, placement[0]):
        return []
    if not timers.means_time(ctx, package, anchor, "Timer"):
        return []
    for site in sites:
        if site.binding is None or not timers.starts_line(ctx, site.binding) or not timers.ends_line(ctx, site.binding):
            return []
        if not timers.means_time(ctx, timers.package_name(site.call), site.binding, "NewTimer"):
            return []
    name = pool.fresh(f"{symbol.name}Timer", anchor, block, func)
    offset, indent = placement
    edits = [ctx.insert(offset, timers.lines(indent, f"var {name} *{timers.qualified(package, 'Timer')}"))]
    for site in sites:
        assert site.binding is not None
        d = ctx.text(site.duration)
        new_timer = timers.qualified(timers.package_name(site.call), "NewTimer")
        # only reported for buffered timer channels (see Fix safety): drain a value nobody received
        rearm = (
            f"if {name} == nil {{\n\t{name} = {new_timer}({d})\n}} else {{\n"
            f"\tif !{name}.Stop() {{\n\t\tselect {{\n\t\tcase <-{name}.C:\n\t\tdefault:\n\t\t}}\n\t}}\n"
            f"\t{name}.Reset({d})\n}}"
        )
        site_indent = ctx.indent_of(site.binding)
        text = timers.lines(site_indent, rearm, f"{symbol.name} = {name}.C")
        edits.append(ctx.replace(site.binding, text.removeprefix(site_indent).removesuffix("\n")))
    timer_type = timers.qualified(package, "Timer")
    message = f"reuse one timer: var {name} *{timer_type}, made once, then stopped, drained and Reset each time"
    return [ctx.fix(message, *edits, safety=Safety.SAFE)]


# --- the fix --------------------------------------------------------------------------


def _fixes(
    ctx: Context,
    sites: list[Site],
    func: Node,
    loop: Node,
    reset_at: Node,
    pool: timers.NamePool,
    reached_first: bool,
) -> list[Fix]:
    """One timer per site made before `loop`, reset before `reset_at`, received from instead of time.After."""
    if not all(declared_outside(ctx, site.duration, loop) for site in sites):
        return []  # d uses names declared in the loop: it cannot be evaluated before it
    before_loop = timers.insertion_before(ctx, loop)
    before_reset = timers.insertion_before(ctx, reset_at)
    block = timers.statement_anchor(loop).parent
    package = timers.package_name(sites[0].call)
    if before_loop is None or before_reset is None or block is None:
        return []
    if flow.goto_jumps_over(block, before_loop[0]):
        return []  # `timer := ...` would be jumped over: does not compile
    if not timers.means_time(ctx, package, loop, "NewTimer"):
        return []
    if any(timers.package_name(site.call) != package for site in sites):
        return []
    if sites[0].binding is not None and not timers.ends_line(ctx, sites[0].binding):
        return []
    names = [pool.fresh("timer", loop, block, func) for _ in sites]
    create, reset = [], []
    for name, site in zip(names, sites, strict=True):
        d = ctx.text(site.duration)
        create += [f"{name} := {timers.qualified(package, 'NewTimer')}({d})", f"defer {name}.Stop()"]
        # The finding is only made for programs with buffered timer channels (old runtimes, or a main module
        # below go 1.23, whatever this file's version): drain a value sent while another case won, or it fires
        # the next select at once.  With synchronous channels the drain finds nothing.
        reset.append(f"if !{name}.Stop() {{\n\tselect {{\n\tcase <-{name}.C:\n\tdefault:\n\t}}\n}}")
        reset.append(f"{name}.Reset({d})")
    (loop_offset, loop_indent), (reset_offset, reset_indent) = before_loop, before_reset
    edits = [ctx.insert(loop_offset, timers.lines(loop_indent, *create))]
    reset_text = timers.lines(reset_indent, *reset)
    binding = sites[0].binding
    if binding is not None:
        edits.append(ctx.replace(binding, reset_text.removeprefix(reset_indent).removesuffix("\n")))
    else:
        edits.append(ctx.insert(reset_offset, reset_text))
    for name, site in zip(names, sites, strict=True):
        edits += [ctx.replace(channel, f"{name}.C") for channel in site.channels]
    safety = _safety(ctx, sites, reached_first)
    new_timer = timers.qualified(package, "NewTimer")
    message = f"reuse one timer: {names[0]} := {new_timer}(...) before the loop, {names[0]}.Reset(...) each time"
    return [ctx.fix(message, *edits, safety=safety)]


def _safety(ctx: Context, sites: list[Site], reached_first: bool) -> Safety:
    worst = max(effect(ctx, site.duration) for site in sites)
    if worst == Effect.ANY:
        return Safety.SUGGESTION  # evaluating d once more, earlier, may do something
    if worst == Effect.MAY_PANIC and not reached_first:
        return Safety.UNSAFE  # d may panic before a loop that would never have evaluated it
    return Safety.SAFE


RULE = Rule(
    id=RULE_ID,
    name="time-after-in-loop",
    title="time.After in a loop keeps a timer alive per iteration until it fires",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"After(",),
    options={timers.ANY_VERSION: timers.ANY_VERSION_HELP},
    in_tests=False,
)
