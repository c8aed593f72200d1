"""A goroutine blocked forever sending on a channel whose receiver has given up.

## What it does
Flags a channel made in a function (`make(chan T)`, or with a constant
buffer too small for what is left unreceived) whose values are sent only by
goroutines started in that function, when the function can stop receiving
before every send has been received: a `select` that takes `<-ctx.Done()`,
a timeout (`time.After`, a timer) or `default` instead, an early `return`
(the first error of a fan-out), a receiving loop left early, or a single
receive where several goroutines send.  The message names the goroutine
that blocks and the path that abandons it.

It also reports a `for v := range ch` over such a channel that nothing ever
closes: the loop cannot end, so the function itself hangs after the last
send.

Goroutines may be function literals or functions of the package started
with `go` (`go worker(ch)`), or `wg.Go(func() {...})` of a
`sync.WaitGroup`.  Channels that are closed and drained, receivers that
always receive every send, sends guarded by a `select` with another case,
buffers already big enough and channels handed to code the rule cannot see
are left alone.

## Why is this bad?
A goroutine blocked on a channel operation that can never proceed stays
blocked forever: it is never collected, and neither is anything it
references: its stack, the result it was about to send, the request it was
working on.  When the receiver leaves after a timeout or a cancellation, the
sender still holds its value and waits on an unbuffered channel nobody reads
again.  Each call leaks one more goroutine (Go 101, "Memory Leaking
Scenarios": hanging goroutines).

## Example
```go
func fetch(ctx context.Context, url string) (string, error) {
        ch := make(chan string)
        go func() {
                ch <- download(url)
        }()
        select {
        case body := <-ch:
                return body, nil
        case <-ctx.Done():
                return "", ctx.Err()
        }
}
```

## Use instead
```go
func fetch(ctx context.Context, url string) (string, error) {
        ch := make(chan string, 1)
        go func() {
                ch <- download(url)
        }()
        select {
        case body := <-ch:
                return body, nil
        case <-ctx.Done():
                return "", ctx.Err()
        }
}
```

## Fix safety
The fix gives the channel a buffer for every send the receiver can abandon,
so each sender completes its send and exits: `make(chan T, 1)` for a single
goroutine that sends at most once, `make(chan T, N)` for N such goroutines,
and `make(chan T, len(xs))` (or the loop's count, `n` in
`for i := 0; i < n; i++` or `for i := range n`) for one goroutine per
iteration of a loop whose count is known where the channel is made.

It is safe when the channel does not leave the function (not returned,
stored, or passed to anything but the goroutines), each goroutine sends at
most once on every path, and the count is known.  Receivers see the same
values in the same order; only the senders no longer wait for the hand-off.
When the channel escapes, the fix is a suggestion; when a goroutine sends
in a loop or the count is unknown, there is no fix and the message says
what to do (buffer every send, or let the sender give up with a `select`
on a done channel or `ctx.Done()`).  The never-closed `range` is reported
with a suggestion (`defer close(ch)` in a single sending goroutine).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from gofixleak import cfg, flow, gotypes, scope, syntax
from gofixleak.context import Context
from gofixleak.facts import ParsedFile
from gofixleak.rule import Finding, Rule, Safety
from gofixleak.syntax import F, K, Node

# Sends still owed to the receiver are counted exactly up to LIMIT; MANY stands for
# "more than that, or a number only known at run time" (a loop, a goroutine sending in a loop).
LIMIT = 8
MANY = LIMIT + 1

_NO_RETURN_FUNCS = {
    "os": {"Exit"},
    "log": {"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"},
    "runtime": {"Goexit"},
}
_NO_RETURN_TEST_METHODS = {"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"}
_TESTING_TYPES = {"T", "B", "F", "TB"}


class _Unsupported(Exception):
    """The channel is used in a way the analysis does not model: say nothing about it."""


@dataclass
class Sender:
    """A goroutine started in the function that sends on the channel."""

    start: Node  # the go statement, or the wg.Go(...) call
    body: Node  # the function that runs (a literal, or a function of the package)
    sends: int  # the most sends one run makes on a path: 0, 1 or MANY
    first_send: Node | None
    callee: str | None = None  # the function's name for `go worker(ch)`


@dataclass
class Channel:
    symbol: scope.Symbol
    name: str
    make: Node  # the make(...) call
    func: Node  # the function the channel is made in
    type_arg: Node
    capacity_arg: Node | None
    capacity: int | None  # None: not a constant we can read (assumed big enough)
    senders: list[Sender] = field(default_factory=list)
    receives: list[Node] = field(default_factory=list)  # `<-ch` in the function's own flow
    ranges: list[Node] = field(default_factory=list)  # `for ... := range ch` clauses
    closes: list[Node] = field(default_factory=list)
    escapes: list[Node] = field(default_factory=list)  # returned or stored: others may hold it


@dataclass
class Abandon:
    """A path on which the receiver leaves with sends still owed."""

    owed: int  # sends never received (MANY: unknown)
    path: list[int]  # graph points from the entry to the last point before leaving
    remade: bool = False  # the loop makes a new channel while the old one is still owed sends


def check(ctx: Context):
    for call in ctx.find(K.CALL_EXPRESSION):
        channel = _made_channel(ctx, call)
        if channel is None:
            continue
        try:
            _survey(ctx, channel)
        except _Unsupported:
            continue
        yield from _check_channel(ctx, channel)


# --- the channel and its uses ---------------------------------------------------------


def _made_channel(ctx: Context, call: Node) -> Channel | None:
    """`ch := make(chan T[, n])` (or `var ch = ...`) declaring a new local variable."""
    function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or ctx.text(function) != "make":
        return None
    args = syntax.named(call.child_by_field_name(F.ARGUMENTS))
    if not args or len(args) > 2:
        return None
    made = ctx.underlying(ctx.program.type_from_node(args[0], ctx.file))
    if not isinstance(made, gotypes.Chan) or made.direction != "both":
        return None
    symbol = ctx.resolve(function)
    if symbol is None or symbol.kind != scope.BUILTIN:
        return None
    variable = _declared_variable(ctx, call)
    if variable is None or variable.func is None:
        return None
    capacity_arg = args[1] if len(args) == 2 else None
    capacity = 0 if capacity_arg is None else ctx.program.constant_int(capacity_arg, ctx.file)
    return Channel(variable, variable.name, call, variable.func, args[0], capacity_arg, capacity)


def _declared_variable(ctx: Context, value: Node) -> scope.Symbol | None:
    values = value.parent
    if values is None or values.type != K.EXPRESSION_LIST or values.parent is None:
        return None
    owner = values.parent
    if owner.type == K.SHORT_VAR_DECLARATION:
        names = syntax.items(owner.child_by_field_name(F.LEFT))
    elif owner.type == K.VAR_SPEC and syntax.enclosing_function(owner) is not None:
        names = syntax.fields(owner, F.NAME)
    else:
        return None
    items = syntax.items(values)
    if len(names) != len(items):
        return None
    index = next(i for i, v in enumerate(items) if v.id == value.id)
    symbol = ctx.resolve(names[index])
    if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.LOCAL:
        return None
    if symbol.decl is None or symbol.decl.id != names[index].id:
        return None  # `:=` reusing a variable that may hold another channel
    return symbol


def _survey(ctx: Context, channel: Channel) -> None:
    """Sort every use of the channel; raise _Unsupported for uses the analysis cannot follow."""
    body = syntax.function_body(channel.func)
    if body is None:
        raise _Unsupported
    senders: dict[int, Sender] = {}
    for use in ctx.uses(channel.symbol, body):
        if channel.symbol.decl is not None and use.id == channel.symbol.decl.id:
            continue
        home = syntax.enclosing_function(use)
        if home is not None and home.id == channel.func.id:
            _own_use(ctx, channel, use, senders)
            continue
        start = _goroutine_start(ctx, home, channel.func)
        if start is None:
            raise _Unsupported  # a closure run who knows when (defer, callback): it may receive
        if start.id not in senders:
            senders[start.id] = _sender(ctx, ctx.file, start, home, channel.symbol, None)
    channel.senders = [s for s in senders.values() if s.sends]
    channel.closes += [c for s in senders.values() for c in _closes_in(ctx, s, channel.symbol)]


def _own_use(ctx: Context, channel: Channel, use: Node, senders: dict[int, Sender]) -> None:
    """A use in the function's own flow."""
    node, parent = _outer(use)
    if parent is None:
        raise _Unsupported
    if parent.type == K.UNARY_EXPRESSION and syntax.operator(parent) == "<-":
        channel.receives.append(parent)
        return
    if parent.type == K.RANGE_CLAUSE and _is_field(parent, node, F.RIGHT):
        channel.ranges.append(parent)
        return
    if parent.type == K.BINARY_EXPRESSION and syntax.operator(parent) in ("==", "!="):
        return
    if parent.type == K.ARGUMENTS:
        call = parent.parent
        builtin = _builtin_name(ctx, ctx.file, call)
        if builtin in ("len", "cap"):
            return
        if call is not None and call.parent is not None and call.parent.type == K.GO_STATEMENT:
            start = call.parent
            if start.id not in senders:
                senders[start.id] = _sender_call(ctx, start, call, node, channel)
            return
        raise _Unsupported  # closed here, or handed to a function that may receive
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type == K.RETURN_STATEMENT:
            channel.escapes.append(node)
            return
        if owner.type == K.ASSIGNMENT and _is_field(owner, parent, F.RIGHT):
            targets = syntax.items(owner.child_by_field_name(F.LEFT))
            index = next((i for i, v in enumerate(syntax.items(parent)) if v.id == node.id), -1)
            if 0 <= index < len(targets) and syntax.unparen(targets[index]).type != K.IDENTIFIER:
                channel.escapes.append(node)  # stored in a field or an element
                return
        raise _Unsupported  # another variable aliases the channel
    if parent.type in (K.RETURN_STATEMENT, K.KEYED_ELEMENT, K.LITERAL_VALUE):
        channel.escapes.append(node)
        return
    raise _Unsupported


def _outer(node: Node) -> tuple[Node, Node | None]:
    """Step out of parentheses: (the outermost parenthesized form, its parent)."""
    while node.parent is not None and node.parent.type == K.PARENTHESIZED_EXPRESSION:
        node = node.parent
    return node, node.parent


def _is_field(parent: Node, child: Node, name: str) -> bool:
    return any(c.id == child.id for c in parent.children_by_field_name(name))


def _builtin_name(ctx: Context, file: ParsedFile, call: Node | None) -> str | None:
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return None
    symbol = ctx.program.resolve(function, file)
    return syntax.text(function) if symbol is not None and symbol.kind == scope.BUILTIN else None


def _goroutine_start(ctx: Context, literal: Node | None, func: Node) -> Node | None:
    """The go statement or wg.Go(...) call that starts function literal `literal` directly in `func`."""
    if literal is None or literal.type != K.FUNCTION_LITERAL:
        return None
    parent = literal.parent
    start = None
    if parent is not None and parent.type == K.CALL_EXPRESSION and _is_field(parent, literal, F.FUNCTION):
        if parent.parent is not None and parent.parent.type == K.GO_STATEMENT:
            start = parent.parent
    elif parent is not None and parent.type == K.ARGUMENTS and _is_waitgroup_go(ctx, parent.parent):
        start = parent.parent
    if start is None:
        return None
    owner = syntax.enclosing_function(start)
    return start if owner is not None and owner.id == func.id else None


def _is_waitgroup_go(ctx: Context, call: Node | None) -> bool:
    """`wg.Go(f)` of a sync.WaitGroup (Go 1.25): f runs in a new goroutine."""
    if call is None or call.type != K.CALL_EXPRESSION:
        return False
    function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    if ctx.text(function.child_by_field_name(F.FIELD)) != "Go":
        return False
    receiver = ctx.program.deref(ctx.type_of(function.child_by_field_name(F.OPERAND)))
    return isinstance(receiver, gotypes.Named) and (receiver.package, receiver.name) == ("sync", "WaitGroup")


def _sender_call(ctx: Context, start: Node, call: Node, arg: Node, channel: Channel) -> Sender:
    """`go worker(ch)` or `go func(c chan<- T) {...}(ch)`: the parameter that receives the channel."""
    args = syntax.named(call.child_by_field_name(F.ARGUMENTS))
    index = next(i for i, a in enumerate(args) if a.id == arg.id)
    function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
    callee_name = None
    file = ctx.file
    if function is not None and function.type == K.FUNCTION_LITERAL:
        callee = function
    elif function is not None and function.type == K.IDENTIFIER:
        symbol = ctx.resolve(function)
        decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
        if decl is None or decl.spec.type != K.FUNCTION_DECLARATION or decl.spec.child_by_field_name(F.TYPE_PARAMETERS):
            raise _Unsupported
        callee, file, callee_name = decl.spec, decl.file, symbol.name
    else:
        raise _Unsupported
    param = _parameter(ctx, file, callee, index)
    if param is None:
        raise _Unsupported
    sender = _sender(ctx, file, start, callee, param, callee_name)
    return sender


def _parameter(ctx: Context, file: ParsedFile, func: Node, index: int) -> scope.Symbol | None:
    position = 0
    for decl in syntax.named(func.child_by_field_name(F.PARAMETERS)):
        if syntax.has_token(decl, "..."):
            return None
        for name in syntax.fields(decl, F.NAME) or [None]:
            if position == index:
                return ctx.program.resolve(name, file) if name is not None else None
            position += 1
    return None


def _sender(
    ctx: Context, file: ParsedFile, start: Node, body: Node, channel: scope.Symbol, callee: str | None
) -> Sender:
    """How the goroutine running `body` uses the channel (known there as `channel`)."""
    sends: list[Node] = []
    guarded: set[int] = set()
    for use in ctx.program.resolver(file).uses(channel, body):
        if channel.decl is not None and use.id == channel.decl.id:
            continue
        home = syntax.enclosing_function(use)
        if home is None or home.id != body.id:
            raise _Unsupported  # a goroutine or closure inside the goroutine
        node, parent = _outer(use)
        if parent is not None and parent.type == K.SEND_STATEMENT and _is_field(parent, node, F.CHANNEL):
            sends.append(parent)
            if _is_guarded(parent):
                guarded.add(parent.id)
            continue
        if parent is not None and parent.type == K.ARGUMENTS:
            if _builtin_name(ctx, file, parent.parent) in ("len", "cap", "close"):
                continue
        if parent is not None and parent.type == K.BINARY_EXPRESSION and syntax.operator(parent) in ("==", "!="):
            continue
        raise _Unsupported  # the goroutine receives too, or passes the channel on
    blocking = [s for s in sends if s.id not in guarded]
    count = _most_sends(ctx, file, body, blocking) if blocking else 0
    return Sender(start, body, count, blocking[0] if blocking else None, callee)


def _is_guarded(send: Node) -> bool:
    """A send that is one case of a select with another way out (another case or default)."""
    clause = send.parent
    if clause is None or clause.type != K.COMMUNICATION_CLAUSE:
        return False
    select = clause.parent
    return select is not None and sum(1 for c in syntax.named(select) if c.type == K.COMMUNICATION_CLAUSE) > 1


def _closes_in(ctx: Context, sender: Sender, channel: scope.Symbol) -> list[Node]:
    out = []
    for call in syntax.find_all(sender.body, (K.CALL_EXPRESSION,)):
        function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.IDENTIFIER and ctx.text(function) == "close":
            out.append(call)
    return out


def _most_sends(ctx: Context, file: ParsedFile, body: Node, sends: list[Node]) -> int:
    """The most blocking sends one run of `body` can make: 1, or MANY when a path sends twice."""
    graph = cfg.Graph(body, _no_return(ctx, file))
    counted: dict[int, int] = {}
    for send in sends:
        point = graph.point_at(send)
        if point is not None:
            counted[point.index] = counted.get(point.index, 0) + 1
    seen = {(graph.entry, 0)}
    queue = deque(seen)
    while queue:
        index, count = queue.popleft()
        count = min(2, count + counted.get(index, 0))
        if count >= 2:
            return MANY
        for succ in graph[index].succ:
            if (succ, count) not in seen:
                seen.add((succ, count))
                queue.append((succ, count))
    return 1


def _no_return(ctx: Context, file: ParsedFile) -> Callable[[Node], bool]:
    """Statements after which the function never goes on: panic, os.Exit, log.Fatal, t.Fatal ..."""

    def never_returns(statement: Node) -> bool:
        if cfg.never_returns(statement):
            return True
        call = syntax.unparen(syntax.named(statement)[0]) if syntax.named(statement) else None
        if call is None or call.type != K.CALL_EXPRESSION:
            return False
        function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None or function.type != K.SELECTOR_EXPRESSION:
            return False
        operand = function.child_by_field_name(F.OPERAND)
        name = syntax.text(function.child_by_field_name(F.FIELD))
        package = ctx.program.package_of_selector(operand, file) if operand is not None else None
        if package is not None:
            return name in _NO_RETURN_FUNCS.get(package, ())
        if name not in _NO_RETURN_TEST_METHODS:
            return False
        receiver = ctx.program.deref(ctx.program.type_of(operand, file))
        return isinstance(receiver, gotypes.Named) and receiver.package == "testing" and receiver.name in _TESTING_TYPES

    return never_returns


# --- who is left waiting ------------------------------------------------------------------


def _check_channel(ctx: Context, channel: Channel) -> list[Finding]:
    if not channel.senders:
        return []
    graph = cfg.Graph(channel.func, _no_return(ctx, ctx.file))
    findings = []
    if channel.capacity is not None and not channel.closes:
        abandons = _abandons(ctx, channel, graph)
        if abandons:
            findings.append(_abandon_finding(ctx, channel, graph, abandons))
    if not channel.closes and not channel.escapes:
        findings += [_never_closed_finding(ctx, channel, r) for r in channel.ranges if _only_normal_exit(r)]
    return findings


def _abandons(ctx: Context, channel: Channel, graph: cfg.Graph) -> list[Abandon]:
    """Every way the function can leave (or remake the channel) with more sends owed than the buffer holds."""
    spawns: dict[int, int] = {}
    for sender in channel.senders:
        point = graph.point_at(sender.start)
        if point is None:
            return []
        spawns[point.index] = _add(spawns.get(point.index, 0), sender.sends)
    receives: dict[int, int] = {}
    receiving_loops: list[Node] = []
    for receive in [*channel.receives, *channel.ranges]:
        point = graph.point_at(receive)
        if point is None:
            return []
        receives[point.index] = receives.get(point.index, 0) + 1
        receiving_loops += [a for a in _loops_around(receive, channel.func)]
    if receive_in_range := [r for r in channel.ranges]:
        receiving_loops += [r.parent for r in receive_in_range if r.parent is not None]
    drained = {p.index for p in graph if p.kind == cfg.LOOP_EXIT and any(p.node.id == n.id for n in receiving_loops)}
    make_point = graph.point_at(channel.make)
    remake = make_point.index if make_point is not None else None
    capacity = channel.capacity or 0

    found: list[Abandon] = []
    parent: dict[tuple[int, int], tuple[int, int] | None] = {(graph.entry, 0): None}
    queue = deque([(graph.entry, 0)])
    while queue:
        state = queue.popleft()
        index, owed = state
        if index == remake and _exceeds(owed, capacity):
            found.append(Abandon(owed, _path(parent, state), remade=True))
        if index == remake:
            owed = 0
        owed = _add(owed, spawns.get(index, 0))
        for _ in range(receives.get(index, 0)):
            owed = _sub(owed)
        if index in drained:
            owed = 0
        for succ in graph[index].succ:
            if succ == graph.exit:
                if _exceeds(owed, capacity):
                    found.append(Abandon(owed, _path(parent, state)))
                continue
            following = (succ, owed)
            if following not in parent:
                parent[following] = state
                queue.append(following)
    return found


def _add(owed: int, more: int) -> int:
    return MANY if owed == MANY or more == MANY else min(MANY, owed + more)


def _sub(owed: int) -> int:
    return MANY if owed == MANY else max(0, owed - 1)


def _exceeds(owed: int, capacity: int) -> bool:
    return owed == MANY or owed > capacity


def _path(parent: dict, state: tuple[int, int]) -> list[int]:
    path = []
    current: tuple[int, int] | None = state
    while current is not None:
        path.append(current[0])
        current = parent[current]
    return path[::-1]


def _loops_around(node: Node, func: Node) -> list[Node]:
    loops = []
    for anc in syntax.ancestors(node):
        if anc.id == func.id:
            break
        if anc.type == K.FOR_STATEMENT:
            loops.append(anc)
    return loops


# --- the finding and its fix ------------------------------------------------------------------


def _abandon_finding(ctx: Context, channel: Channel, graph: cfg.Graph, abandons: list[Abandon]) -> Finding:
    first = abandons[0]
    sender = _blocked_sender(channel, graph, first)
    message = f"{_who(ctx, channel, sender)} forever on {_send_text(ctx, sender)} {_why(ctx, channel, graph, first)}"
    count = _buffer_needed(ctx, channel, abandons)
    fixes = []
    if count is None:
        message += f"; buffer {channel.name} for every send or let the sender give up (select on ctx.Done())"
    else:
        fix = _buffer_fix(ctx, channel, count)
        if fix is not None:
            fixes.append(fix)
    return ctx.finding(channel.make, message, *fixes)


def _blocked_sender(channel: Channel, graph: cfg.Graph, abandon: Abandon) -> Sender:
    """The first goroutine started on the abandoning path (after the channel was last made)."""
    points = abandon.path
    make_point = graph.point_at(channel.make)
    if make_point is not None and make_point.index in points:
        last_make = len(points) - 1 - points[::-1].index(make_point.index)
        points = points[last_make:] if not abandon.remade else points
    for index in points:
        for sender in channel.senders:
            point = graph.point_at(sender.start)
            if point is not None and point.index == index:
                return sender
    return channel.senders[0]


def _who(ctx: Context, channel: Channel, sender: Sender) -> str:
    line = ctx.line_of(sender.start.start_byte)
    in_loop = bool(_loops_between(sender.start, channel.make, channel.func))
    if sender.callee is not None:
        return f"{sender.callee} (started at line {line}) {'block' if in_loop else 'blocks'}"
    if in_loop:
        return f"the goroutines started at line {line} block"
    return f"the goroutine started at line {line} blocks"


def _send_text(ctx: Context, sender: Sender) -> str:
    send = sender.first_send
    if send is None:
        return "its send"
    text = " ".join(syntax.text(send).split())
    if len(text) > 40:
        text = f"{syntax.text(send.child_by_field_name(F.CHANNEL))} <- ..."
    if sender.callee is None:
        return f"`{text}` (line {ctx.line_of(send.start_byte)})"
    return f"`{text}`"


def _why(ctx: Context, channel: Channel, graph: cfg.Graph, abandon: Abandon) -> str:
    """Say how the receiving side leaves the path `abandon` takes."""
    points = [graph[i] for i in abandon.path]
    name = channel.name
    if abandon.remade:
        return f"when the loop makes a new {name} at line {ctx.line_of(channel.make.start_byte)} before receiving every send"
    last = points[-1]
    leaves = (
        f"returns at line {last.line}"
        if last.node is not None and last.node.type == K.RETURN_STATEMENT
        else "reaches the end of the function"
    )
    receive_points = {graph.point_at(r).index for r in [*channel.receives, *channel.ranges] if graph.point_at(r)}
    comm = _abandoning_case(points, receive_points, graph)
    if comm is not None:
        header = _case_header(ctx, comm.node)
        select_line = comm.node.parent.start_point[0] + 1 if comm.node.parent is not None else comm.line
        took = "its default case" if header == "default" else f"`{header}`"
        if leaves.startswith("returns"):
            return f"when the select at line {select_line} takes {took} and {leaves}"
        return f"when the select at line {select_line} takes {took} and nothing receives from {name} afterwards"
    received = [p for p in points if p.index in receive_points]
    if received:
        loop = _left_loop(received[-1], last, channel)
        if loop is not None:
            return (
                f"when the loop at line {loop.start_point[0] + 1} that receives from {name} "
                f"is left early (the function {leaves})"
            )
        return f"when the function receives fewer values than are sent and {leaves}"
    if leaves.startswith("returns"):
        return f"when the function returns at line {last.line} before receiving from {name}"
    return f"when the function ends without receiving from {name}"


def _abandoning_case(points: list[cfg.Point], receive_points: set[int], graph: cfg.Graph) -> cfg.Point | None:
    """The last select case on the path taken instead of a case that receives from the channel."""
    for point in reversed(points):
        if point.kind != cfg.COMM or point.index in receive_points or point.node is None:
            continue
        select = point.node.parent
        if select is None:
            continue
        cases = [p for p in graph if p.kind == cfg.COMM and p.node is not None and p.node.parent.id == select.id]
        if any(p.index in receive_points for p in cases):
            return point
    return None


def _case_header(ctx: Context, clause: Node | None) -> str:
    if clause is None:
        return "case"
    if cfg.is_default(clause):
        return "default"
    comm = clause.child_by_field_name(F.COMMUNICATION)
    text = " ".join(syntax.text(comm).split()) if comm is not None else ""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"case {text}"


def _left_loop(receive: cfg.Point, last: cfg.Point, channel: Channel) -> Node | None:
    """The receiving loop the path leaves other than by finishing it (a return or break inside it)."""
    if receive.node is None or last.node is None:
        return None
    loops = _loops_around(receive.node, channel.func)
    if receive.kind == cfg.RANGE and receive.node.parent is not None:
        loops.insert(0, receive.node.parent)
    for loop in loops:
        if syntax.is_within(last.node, loop):
            return loop
    return loops[0] if loops and last.kind != cfg.LOOP_EXIT else None


def _loops_between(node: Node, make: Node, func: Node) -> list[Node]:
    """The loops around `node` that do not also contain the make (each iteration adds senders)."""
    return [loop for loop in _loops_around(node, func) if not syntax.is_within(make, loop)]


def _buffer_needed(ctx: Context, channel: Channel, abandons: list[Abandon]) -> str | None:
    """The buffer that holds every send the receiver can abandon, spelled as Go; None when unknown."""
    if any(s.sends == MANY for s in channel.senders):
        return None
    owed = [a.owed for a in abandons]
    if MANY not in owed:
        return str(max(owed))
    in_loops = [s for s in channel.senders if _loops_between(s.start, channel.make, channel.func)]
    if len(in_loops) != 1 or len(channel.senders) != 1:
        return None
    loops = _loops_between(in_loops[0].start, channel.make, channel.func)
    if len(loops) != 1:
        return None
    return _loop_count(ctx, loops[0], channel)


def _loop_count(ctx: Context, loop: Node, channel: Channel) -> str | None:
    """How many times `loop` runs, as an expression with the same value where the channel is made."""
    clauses = syntax.named(loop)
    range_clause = next((c for c in clauses if c.type == K.RANGE_CLAUSE), None)
    if range_clause is not None:
        ranged = syntax.unparen(range_clause.child_by_field_name(F.RIGHT))
        under = ctx.underlying(ctx.type_of(ranged))
        if isinstance(under, (gotypes.Slice, gotypes.Array, gotypes.Map)):
            if ranged is None or ranged.type != K.IDENTIFIER:
                return None
            if not _unchanged(ctx, ranged, channel, loop.start_byte, isinstance(under, gotypes.Map)):
                return None
            if not _universe(ctx, "len", channel.make):
                return None
            return f"len({ctx.text(ranged)})"
        if isinstance(under, gotypes.Basic) and under.name in ("int", "untyped int"):
            return _stable_count(ctx, ranged, channel, loop.start_byte)
        return None
    clause = next((c for c in clauses if c.type == K.FOR_CLAUSE), None)
    if clause is None:
        return None
    counter = _counter(ctx, clause, loop)
    condition = syntax.unparen(clause.child_by_field_name(F.CONDITION))
    if counter is None or condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    left = syntax.unparen(condition.child_by_field_name(F.LEFT))
    if syntax.operator(condition) != "<" or left is None or left.type != K.IDENTIFIER:
        return None
    if ctx.resolve(left) != counter:
        return None
    return _stable_count(ctx, condition.child_by_field_name(F.RIGHT), channel, loop.end_byte)


def _counter(ctx: Context, clause: Node, loop: Node) -> scope.Symbol | None:
    """`i := 0; ...; i++` with `i` never assigned in the body: the counter."""
    init = clause.child_by_field_name(F.INIT)
    post = clause.child_by_field_name(F.POST)
    if init is None or post is None or init.type != K.SHORT_VAR_DECLARATION or post.type != K.INC_DEC_STATEMENT:
        return None
    names = syntax.items(init.child_by_field_name(F.LEFT))
    values = syntax.items(init.child_by_field_name(F.RIGHT))
    if len(names) != 1 or len(values) != 1 or ctx.text(values[0]) != "0":
        return None
    if syntax.operator(post) != "++" or ctx.text(syntax.named(post)[0]) != ctx.text(names[0]):
        return None
    counter = ctx.resolve(names[0])
    if counter is None:
        return None
    body = loop.child_by_field_name(F.BODY)
    if body is not None and any(_assigns(u) for u in ctx.uses(counter, body)):
        return None
    return counter


def _stable_count(ctx: Context, expr: Node | None, channel: Channel, until: int) -> str | None:
    """`expr` spelled at the make: a constant, or a variable (or len of one) unchanged up to `until`."""
    expr = syntax.unparen(expr)
    if expr is None:
        return None
    if expr.type == K.INT_LITERAL:
        return ctx.text(expr)
    if expr.type == K.IDENTIFIER:
        symbol = ctx.resolve(expr)
        if symbol is None or ctx.lookup(symbol.name, channel.make) != symbol:
            return None
        if symbol.kind == scope.CONST:
            return ctx.text(expr)
        if symbol.kind == scope.VAR and _unchanged(ctx, expr, channel, until, False):
            return ctx.text(expr)
        return None
    if expr.type == K.CALL_EXPRESSION and _builtin_name(ctx, ctx.file, expr) == "len":
        args = syntax.named(expr.child_by_field_name(F.ARGUMENTS))
        if len(args) != 1 or syntax.unparen(args[0]).type != K.IDENTIFIER:
            return None
        arg = syntax.unparen(args[0])
        under = ctx.underlying(ctx.type_of(arg))
        if isinstance(under, (gotypes.Slice, gotypes.Array, gotypes.Map)) and _unchanged(
            ctx, arg, channel, until, isinstance(under, gotypes.Map)
        ):
            return f"len({ctx.text(arg)})"
    return None


def _universe(ctx: Context, name: str, at: Node) -> bool:
    symbol = ctx.lookup(name, at)
    return symbol is not None and symbol.where == scope.UNIVERSE


def _unchanged(ctx: Context, ident: Node, channel: Channel, until: int, is_map: bool) -> bool:
    """The variable `ident` names is visible at the make and not changed between the make and `until`."""
    symbol = ctx.resolve(ident)
    if symbol is None or symbol.kind != scope.VAR or ctx.lookup(symbol.name, channel.make) != symbol:
        return False
    body = syntax.function_body(channel.func)
    if body is None:
        return False
    for use in ctx.uses(symbol, body):
        if not channel.make.start_byte <= use.start_byte < until:
            continue
        if _assigns(use) or (is_map and _may_change_map(ctx, use)):
            return False
    return True


def _assigns(ident: Node) -> bool:
    node, parent = _outer(ident)
    if parent is None:
        return False
    if parent.type == K.UNARY_EXPRESSION and syntax.operator(parent) == "&":
        return True
    if parent.type == K.INC_DEC_STATEMENT:
        return True
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, K.RANGE_CLAUSE, K.RECEIVE_STATEMENT):
            return _is_field(owner, parent, F.LEFT)
    return False


def _may_change_map(ctx: Context, ident: Node) -> bool:
    """m[k] = v, delete(m, k), clear(m), or m handed to a function: the length may change."""
    node, parent = _outer(ident)
    if parent is None:
        return False
    if parent.type == K.INDEX_EXPRESSION and _is_field(parent, node, F.OPERAND):
        targets = parent.parent
        owner = targets.parent if targets is not None else None
        return (
            targets is not None
            and targets.type == K.EXPRESSION_LIST
            and owner is not None
            and owner.type == K.ASSIGNMENT
            and _is_field(owner, targets, F.LEFT)
        )
    if parent.type == K.ARGUMENTS:
        return _builtin_name(ctx, ctx.file, parent.parent) not in ("len", "cap")
    return False


def _buffer_fix(ctx: Context, channel: Channel, count: str):
    chan_type = ctx.text(channel.type_arg)
    safety = Safety.SUGGESTION if channel.escapes else Safety.SAFE
    message = f"give {channel.name} a buffer for every send: make({chan_type}, {count})"
    if channel.escapes:
        where = ctx.line_of(channel.escapes[0].start_byte)
        message += f" ({channel.name} also leaves the function at line {where}: check who else uses it)"
    if channel.capacity_arg is not None:
        return ctx.fix(message, ctx.replace(channel.capacity_arg, count), safety=safety)
    closing = channel.make.child_by_field_name(F.ARGUMENTS)
    between = ctx.src[channel.type_arg.end_byte : closing.end_byte - 1] if closing is not None else b"?"
    if between.strip():
        return None  # a trailing comma or a comment: not a shape worth spelling out
    return ctx.fix(message, ctx.insert(channel.type_arg.end_byte, f", {count}"), safety=safety)


# --- a range that never ends ------------------------------------------------------------------


def _only_normal_exit(range_clause: Node) -> bool:
    """The range loop has no return, break or goto out of it: only the channel's close can end it."""
    loop = range_clause.parent
    body = loop.child_by_field_name(F.BODY) if loop is not None else None
    if body is None:
        return False
    if any(True for _ in flow.returns_in(body)):
        return False
    for branch in flow.branches_in(body):
        if branch.type == K.GOTO_STATEMENT:
            return False
        target = flow.branch_target(branch)
        if branch.type == K.BREAK_STATEMENT and target is not None and not syntax.is_within(target, body):
            return False
    return True


def _never_closed_finding(ctx: Context, channel: Channel, range_clause: Node) -> Finding:
    name = channel.name
    message = (
        f"this range over {name} never ends: nothing closes {name}, so the loop blocks forever "
        "after the last send; close it once every sender is done"
    )
    fixes = []
    if len(channel.senders) == 1 and channel.senders[0].callee is None:
        sender = channel.senders[0]
        body = sender.body.child_by_field_name(F.BODY)
        if body is not None and not _loops_between(sender.start, channel.make, channel.func):
            indent = ctx.indent_of(sender.start) + "\t"
            fixes.append(
                ctx.fix(
                    f"close {name} when the goroutine is done: defer close({name})",
                    ctx.insert(body.start_byte + 1, f"\n{indent}defer close({name})"),
                    safety=Safety.SUGGESTION,
                )
            )
    else:
        message += " (a sync.WaitGroup and a goroutine that waits, then closes it)"
    return ctx.finding(range_clause, message, *fixes)


RULE = Rule(
    id="GFL004",
    name="hanging-goroutine",
    title="goroutine blocked forever sending on a channel whose receiver gave up",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"go ", b"go\t", b".Go("),
)
