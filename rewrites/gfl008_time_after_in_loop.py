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

This depends on the runtime: since Go 1.23 the garbage collector frees a
timer nobody references even before it fires, but only in programs whose
main module's go.mod says `go 1.23` or later (and always from Go 1.27).  So
by default the rule reports only in files whose Go version is below 1.23; the
`any_version` option (`--option GFL008.any_version`) reports in every file,
for libraries that programs with an older go line may import, or code whose
real go line gofixleak cannot see.

Not seen: `time.After(d)` assigned with `=` to a variable declared outside
the loop (`quiet = time.After(d)` on every event), `time.After` behind a
helper function (`case <-randomTimeout(d):`), and a dot-imported package time.

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

`d` is evaluated once more, before the loop, and then where it was before.
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

from gofixleak import cfg, flow, syntax
from gofixleak import scope as sc
from gofixleak.context import Context
from gofixleak.effects import Effect, declared_outside, effect
from gofixleak.rule import Finding, Fix, Rule, Safety
from gofixleak.syntax import F, K, Node

from . import timers

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
    for call in ctx.find(K.CALL_EXPRESSION):
        if timers.time_function(ctx, call) != "After":
            continue
        duration = timers.time_argument(call)
        if duration is None:
            continue
        select = _select_case_of(call)
        if select is not None:
            by_select.setdefault(select.id, (select, []))[1].append(Site(call, duration, (call,)))
            continue
        site = _bound_site(ctx, call, duration)
        if site is not None:
            bound.append(site)
    for select, sites in by_select.values():
        yield from _direct(ctx, select, sites, names)
    for site in bound:
        yield from _bound(ctx, site, names)


def _select_case_of(call: Node) -> Node | None:
    """The select statement when `call` is received by one of its cases: `case [v :=] <-time.After(d):`."""
    receive = call.parent
    if receive is None or receive.type != K.UNARY_EXPRESSION or syntax.operator(receive) != "<-":
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
    outermost = None
    for anc in syntax.ancestors(node):
        if anc.id == func.id:
            break
        if anc.type == K.FOR_STATEMENT:
            outermost = anc
    return outermost


# --- `case <-time.After(d):` ----------------------------------------------------------------


def _direct(ctx: Context, select: Node, sites: list[Site], names: timers.NamePool) -> Iterator[Finding]:
    func = syntax.enclosing_function(select)
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
        yield ctx.finding(site.call, MESSAGE, *fixes)


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
        if block is None or block.type != K.BLOCK or not syntax.statement_list(block):
            return False
        if syntax.statement_list(block)[0].id != node.id:
            return False
        owner = block.parent
        if owner is None or owner.type != K.FOR_STATEMENT or not _is_plain_forever(owner):
            return False
        if owner.id == loop.id:
            return True
        node = timers.statement_anchor(owner)


def _is_plain_forever(loop: Node) -> bool:
    """`for { ... }`: no init, condition, post or range."""
    return all(c.type == K.BLOCK for c in syntax.named(loop))


# --- `timeout := time.After(d)` in the loop -------------------------------------------------


def _bound_site(ctx: Context, call: Node, duration: Node) -> Site | None:
    values = call.parent
    owner = values.parent if values is not None else None
    if owner is None or values.type != K.EXPRESSION_LIST or len(syntax.named(values)) != 1:
        return None
    if owner.type == K.SHORT_VAR_DECLARATION:
        names, statement = syntax.items(owner.child_by_field_name(F.LEFT)), owner
    elif owner.type == K.VAR_SPEC and owner.parent is not None and len(syntax.named(owner.parent)) == 1:
        names, statement = syntax.fields(owner, F.NAME), owner.parent
    else:
        return None
    if len(names) != 1 or statement.parent is None or statement.parent.type not in (K.BLOCK, *syntax.CASE_CLAUSE_KINDS):
        return None
    symbol = ctx.resolve(names[0])
    func = syntax.enclosing_function(statement)
    if symbol is None or symbol.kind != sc.VAR or func is None or symbol.decl is None or symbol.decl.id != names[0].id:
        return None
    body = syntax.function_body(func)
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
    func = syntax.enclosing_function(site.binding)
    loop = _outermost_loop(site.binding, func) if func is not None else None
    if func is None or loop is None:
        return
    graph = timers.flow_graph(ctx, func)
    made = graph.point_at(site.binding)
    received = timers.points_of(graph, list(site.channels))
    if made is None or not timers.unstopped_paths(graph, made.succ, received, made.index)[1]:
        return  # every way back to the binding receives from the timer first: it has fired
    yield ctx.finding(site.call, MESSAGE, *_fixes(ctx, [site], func, loop, site.binding, names, reached_first=False))


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
    symbol = ctx.lookup(package, loop)
    if before_loop is None or before_reset is None or block is None:
        return []
    if flow.goto_jumps_over(block, before_loop[0]):
        return []  # `timer := ...` would be jumped over: does not compile
    if symbol is None or symbol.kind != sc.PACKAGE or symbol.import_path != "time":
        return []
    if any(timers.package_name(site.call) != package for site in sites):
        return []
    if sites[0].binding is not None and not timers.ends_line(ctx, sites[0].binding):
        return []
    names = [pool.fresh("timer", loop, block, func) for _ in sites]
    create, reset = [], []
    for name, site in zip(names, sites, strict=True):
        d = ctx.text(site.duration)
        create += [f"{name} := {package}.NewTimer({d})", f"defer {name}.Stop()"]
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
    message = f"reuse one timer: {names[0]} := {package}.NewTimer(...) before the loop, {names[0]}.Reset(...) each time"
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
)
