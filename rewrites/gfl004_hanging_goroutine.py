"""A goroutine blocked forever sending on a channel whose receiver has given up.

## What it does
Flags a channel made in a function (`make(chan T)`, or with a literal
buffer size too small for what is left unreceived) whose values are sent only by
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
`sync.WaitGroup`.  Channels that are closed and drained (`v, ok := <-ch` with
`!ok`, a full `range`), receivers that always receive every send, loops
that count what they received, sends guarded by a `select` with another
case, buffers already big enough (or sized by a name or an expression, which
the rule trusts), and channels stored or handed to code the rule cannot see
(which may receive the rest) are left alone.  A channel returned to the
caller is the caller's to drain on that path.

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

It is safe when the channel does not leave the function (is not
returned on another path), each goroutine sends at most once on every path,
and the count is known.  Receivers see the same
values in the same order; only the senders no longer wait for the hand-off.
When the channel is also returned, or a goroutine sends a fixed number of
times more than once, the fix is a suggestion; when a goroutine sends in a
loop or the count is unknown, there is no fix and the message says
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

# How the receiver leaves with sends still owed (see _explain).
REMADE = "remade"  # the loop makes a new channel
SELECT_CASE = "select-case"  # a select takes another case (ctx.Done(), a timeout, default)
LEFT_LOOP = "left-loop"  # a receiving loop is left by return or break
FEWER = "fewer"  # fewer receives than sends
NOT_RECEIVED = "not-received"  # no receive at all on the path


class _Unsupported(Exception):
    """The channel is used in a way the analysis does not model: say nothing about it."""


@dataclass
class Sender:
    """A goroutine started in the function that sends on the channel."""

    start: Node  # the go statement, or the wg.Go(...) call
    body: Node  # the function that runs (a literal, or a function of the package)
    sends: int  # the most blocking sends one run makes on a path (MANY: unbounded)
    always: bool  # every run sends at least once
    first_send: Node | None
    callee: str | None = None  # the function's name for `go worker(ch)`
    closes: bool = False  # the goroutine closes the channel


@dataclass
class Channel:
    symbol: scope.Symbol
    name: str
    make: Node  # the make(...) call
    func: Node  # the function the channel is made in
    type_arg: Node
    capacity_arg: Node | None
    capacity: int | None  # None: a size the rule does not judge (assumed big enough)
    senders: list[Sender] = field(default_factory=list)
    receives: list[Node] = field(default_factory=list)  # `<-ch` in the function's own flow
    ranges: list[Node] = field(default_factory=list)  # `for ... := range ch` clauses
    returned: list[Node] = field(default_factory=list)  # `return ch`: the caller receives from then on

    @property
    def closed(self) -> bool:
        return any(s.closes for s in self.senders)


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
    capacity = _literal_capacity(capacity_arg)
    return Channel(variable, variable.name, call, variable.func, args[0], capacity_arg, capacity)


def _literal_capacity(arg: Node | None) -> int | None:
    """0 without a size; the size when it is an integer literal; else None (a name or an
    expression: sized on purpose, trusted)."""
    if arg is None:
        return 0
    arg = syntax.unparen(arg)
    if arg is None or arg.type != K.INT_LITERAL:
        return None
    try:
        return int(syntax.text(arg).replace("_", ""), 0)
    except ValueError:
        return None


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
    channel.senders = [s for s in senders.values() if s.sends or s.closes]


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
        if _builtin_name(ctx, ctx.file, call) in ("len", "cap"):
            return
        if call is not None and call.parent is not None and call.parent.type == K.GO_STATEMENT:
            start = call.parent
            if start.id not in senders:
                senders[start.id] = _sender_call(ctx, start, call, node)
            return
        raise _Unsupported  # closed here, or handed to a function that may receive
    returned = parent.parent if parent.type == K.EXPRESSION_LIST else parent
    if returned is not None and returned.type == K.RETURN_STATEMENT:
        channel.returned.append(returned)
        return
    # stored in a variable, a field or a literal: whoever reads it there may receive the rest
    raise _Unsupported


def _outer(node: Node) -> tuple[Node, Node | None]:
    """Step out of parentheses: (the outermost parenthesized form, its parent)."""
    while node.parent is not None and node.parent.type == K.PARENTHESIZED_EXPRESSION:
        node = node.parent
    return node, node.parent


def _is_field(parent: Node, child: Node, name: str) -> bool:
    return any(c.id == child.id for c in parent.children_by_field_name(name))


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and a.id == b.id


def _builtin_name(ctx: Context, file: ParsedFile, call: Node | None) -> str | None:
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = syntax.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return None
    symbol = ctx.program.resolve(function, file)
    return syntax.text(function) if symbol is not None and symbol.kind == scope.BUILTIN else None


# --- the goroutines that send -------------------------------------------------------------


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
    return start if _same(syntax.enclosing_function(start), func) else None


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


def _sender_call(ctx: Context, start: Node, call: Node, arg: Node) -> Sender:
    """`go worker(ch)` or `go func(c chan<- T) {...}(ch)`: follow the parameter that gets the channel."""
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
        raise _Unsupported  # a method value or a function variable: its body is not known here
    param = _parameter(ctx, file, callee, index)
    if param is None:
        raise _Unsupported
    return _sender(ctx, file, start, callee, param, callee_name)


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
    blocking: list[Node] = []
    closes = False
    for use in ctx.program.resolver(file).uses(channel, body):
        if channel.decl is not None and use.id == channel.decl.id:
            continue
        if not _same(syntax.enclosing_function(use), body):
            raise _Unsupported  # a goroutine or closure inside the goroutine
        node, parent = _outer(use)
        if parent is not None and parent.type == K.SEND_STATEMENT and _is_field(parent, node, F.CHANNEL):
            if not _is_guarded(parent):
                blocking.append(parent)
            continue
        if parent is not None and parent.type == K.ARGUMENTS:
            builtin = _builtin_name(ctx, file, parent.parent)
            if builtin in ("len", "cap", "close"):
                closes = closes or builtin == "close"
                continue
        if parent is not None and parent.type == K.BINARY_EXPRESSION and syntax.operator(parent) in ("==", "!="):
            continue
        raise _Unsupported  # the goroutine receives too, or passes the channel on
    sends, always = _send_counts(ctx, file, body, blocking) if blocking else (0, False)
    return Sender(start, body, sends, always, blocking[0] if blocking else None, callee, closes)


def _is_guarded(send: Node) -> bool:
    """A send that is one case of a select with another way out (another case or default)."""
    clause = send.parent
    if clause is None or clause.type != K.COMMUNICATION_CLAUSE:
        return False
    select = clause.parent
    return select is not None and sum(1 for c in syntax.named(select) if c.type == K.COMMUNICATION_CLAUSE) > 1


def _send_counts(ctx: Context, file: ParsedFile, body: Node, sends: list[Node]) -> tuple[int, bool]:
    """(the most blocking sends one run of `body` makes on a path, whether every run sends)."""
    graph = cfg.Graph(body, _no_return(ctx, file))
    counted: dict[int, int] = {}
    for send in sends:
        point = graph.point_at(send)
        if point is not None:
            counted[point.index] = counted.get(point.index, 0) + 1
    most, always = 0, True
    seen = {(graph.entry, 0)}
    queue = deque(seen)
    while queue:
        index, count = queue.popleft()
        count = _add(count, counted.get(index, 0))
        most = max(most, count)
        for succ in graph[index].succ:
            if succ == graph.exit and count == 0:
                always = False
            if (succ, count) not in seen:
                seen.add((succ, count))
                queue.append((succ, count))
    return most, always


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


# --- sends owed along the paths of the function ---------------------------------------------


class _Owed:
    """Where on the function's graph sends start to be owed, are received, or stop mattering."""

    def __init__(self, ctx: Context, channel: Channel, graph: cfg.Graph):
        self.graph = graph
        self.spawns: dict[int, int] = {}  # point -> sends added there
        self.spawned_by: dict[int, Sender] = {}
        self.receives: dict[int, int] = {}
        self.drains: set[int] = set()  # after these points nothing is owed any more
        self.drain_edges: set[tuple[int, int]] = set()  # ... or after taking these edges
        make = graph.point_at(channel.make)
        self.remake = make.index if make is not None else None
        self.complete = self._place(ctx, channel)

    def _place(self, ctx: Context, channel: Channel) -> bool:
        graph = self.graph
        for sender in channel.senders:
            point = _spawn_point(ctx, channel, sender, graph)
            if point is None:
                return False
            self.spawns[point] = _add(self.spawns.get(point, 0), sender.sends)
            self.spawned_by.setdefault(point, sender)
        loops: list[Node] = []
        for receive in [*channel.receives, *channel.ranges]:
            point = graph.point_at(receive)
            if point is None:
                return False
            self.receives[point.index] = self.receives.get(point.index, 0) + 1
            loops += _loops_around(receive, channel.func)
        loops += [r.parent for r in channel.ranges if r.parent is not None]
        # a receiving loop that runs to its end has received every send (its count is trusted)
        self.drains |= {p.index for p in graph if p.kind == cfg.LOOP_EXIT and any(_same(p.node, n) for n in loops)}
        # `return ch`: from there on the caller is the receiver
        self.drains |= {graph.point_at(r).index for r in channel.returned if graph.point_at(r) is not None}
        # `if n == len(xs) { return }` inside a receiving loop: it stops after counting every send
        for check in _counting_checks(ctx, channel, loops):
            point = graph.point_at(check)
            if point is not None:
                self.drains.add(point.index)
        self.drain_edges |= _closed_checks(ctx, channel, graph)
        self.drains |= _sibling_cases(ctx, channel, graph)
        return True

    def abandons(self, capacity: int) -> list[Abandon]:
        """Every way the function can leave (or remake the channel) owing more sends than the buffer holds."""
        graph = self.graph
        found: list[Abandon] = []
        parent: dict[tuple[int, int], tuple[int, int] | None] = {(graph.entry, 0): None}
        queue = deque([(graph.entry, 0)])
        while queue:
            state = queue.popleft()
            index, owed = state
            if index == self.remake:
                if _exceeds(owed, capacity):
                    found.append(Abandon(owed, _path(parent, state), remade=True))
                owed = 0
            owed = _add(owed, self.spawns.get(index, 0))
            for _ in range(self.receives.get(index, 0)):
                owed = _sub(owed)
            if index in self.drains:
                owed = 0
            for succ in graph[index].succ:
                left = 0 if (index, succ) in self.drain_edges else owed
                if succ == graph.exit:
                    if _exceeds(left, capacity):
                        found.append(Abandon(left, _path(parent, state)))
                    continue
                following = (succ, left)
                if following not in parent:
                    parent[following] = state
                    queue.append(following)
        return found


def _spawn_point(ctx: Context, channel: Channel, sender: Sender, graph: cfg.Graph) -> int | None:
    """Where the sender's sends start to be owed: its go statement, or for a loop with a constant
    count that only starts goroutines, the loop's end (all k of them at once)."""
    point = graph.point_at(sender.start)
    if point is None:
        return None
    loops = _loops_between(sender.start, channel.make, channel.func)
    if len(loops) != 1 or any(syntax.is_within(r, loops[0]) for r in [*channel.receives, *channel.ranges]):
        return point.index
    count = _constant_count(ctx, loops[0])
    finished = next((p for p in graph if p.kind == cfg.LOOP_EXIT and _same(p.node, loops[0])), None)
    if count is None or finished is None or count * max(sender.sends, 1) > LIMIT:
        return point.index
    sender.sends = count * sender.sends if sender.sends != MANY else MANY
    return finished.index


def _counting_checks(ctx: Context, channel: Channel, loops: list[Node]) -> list[Node]:
    """Conditions of ifs in receiving loops that test a counter the loop advances (n--, seen++, len(out))."""
    checks = []
    for loop in {n.id: n for n in loops}.values():
        counters = _counters(ctx, loop, channel.func)
        if not counters:
            continue
        for statement in syntax.find_all(loop, (K.IF_STATEMENT,)):
            condition = statement.child_by_field_name(F.CONDITION)
            if condition is None or not _same(syntax.enclosing_function(statement), channel.func):
                continue
            if any(ctx.resolve(i) in counters for i in syntax.find_all(condition, (K.IDENTIFIER,))):
                checks.append(condition)
    return checks


def _counters(ctx: Context, loop: Node, func: Node) -> set[scope.Symbol]:
    """Variables declared outside `loop` that it counts with: `n++`, `n -= 1`, `out = append(out, v)`."""
    found: set[scope.Symbol] = set()
    for statement in syntax.find_all(loop, (K.INC_DEC_STATEMENT, K.ASSIGNMENT)):
        if not _same(syntax.enclosing_function(statement), func):
            continue
        if statement.type == K.INC_DEC_STATEMENT:
            targets = syntax.named(statement)[:1]
        elif syntax.operator(statement) in ("+=", "-="):
            targets = syntax.items(statement.child_by_field_name(F.LEFT))
        elif syntax.operator(statement) == "=" and _appends(ctx, statement):
            targets = syntax.items(statement.child_by_field_name(F.LEFT))
        else:
            continue
        for target in targets:
            target = syntax.unparen(target)
            symbol = ctx.resolve(target) if target is not None and target.type == K.IDENTIFIER else None
            if symbol is not None and symbol.decl is not None and not syntax.is_within(symbol.decl, loop):
                found.add(symbol)
    return found


def _appends(ctx: Context, assignment: Node) -> bool:
    values = syntax.items(assignment.child_by_field_name(F.RIGHT))
    return len(values) == 1 and _builtin_name(ctx, ctx.file, syntax.unparen(values[0])) == "append"


def _closed_checks(ctx: Context, channel: Channel, graph: cfg.Graph) -> set[tuple[int, int]]:
    """`v, ok := <-ch` then `if !ok`: the branch taken when ok is false has drained the channel."""
    edges: set[tuple[int, int]] = set()
    body = syntax.function_body(channel.func)
    for receive in channel.receives:
        node, parent = _outer(receive)
        owner = parent.parent if parent is not None and parent.type == K.EXPRESSION_LIST else parent
        if owner is None or owner.type not in (K.SHORT_VAR_DECLARATION, K.ASSIGNMENT, K.RECEIVE_STATEMENT):
            continue
        left = syntax.items(owner.child_by_field_name(F.LEFT))
        ok = ctx.resolve(left[1]) if len(left) == 2 and left[1].type == K.IDENTIFIER else None
        if ok is None or body is None:
            continue
        for use in ctx.uses(ok, body):
            edge = _edge_when_false(graph, use)
            if edge is not None:
                edges.add(edge)
    return edges


def _edge_when_false(graph: cfg.Graph, ok: Node) -> tuple[int, int] | None:
    """For `if !ok` or `if ok`: the graph edge taken when ok is false."""
    node, parent = _outer(ok)
    negated = parent is not None and parent.type == K.UNARY_EXPRESSION and syntax.operator(parent) == "!"
    condition = _outer(parent)[0] if negated and parent is not None else node
    statement = condition.parent
    if statement is None or statement.type != K.IF_STATEMENT or not _is_field(statement, condition, F.CONDITION):
        return None
    point = graph.point_at(condition)
    if point is None or len(point.succ) != 2:
        return None
    return point.index, point.succ[0 if negated else 1]


def _sibling_cases(ctx: Context, channel: Channel, graph: cfg.Graph) -> set[int]:
    """Select cases receiving from another channel that the only goroutine sends on instead.

    `go func() { if err != nil { errs <- err; return }; vals <- v }()` sends on one of the
    two: once `<-errs` is received, nothing more is coming on `vals`.
    """
    senders = [s for s in channel.senders if s.sends]
    if len(senders) != 1 or senders[0].callee is not None:
        return set()
    sender = senders[0]
    if _loops_between(sender.start, channel.make, channel.func):
        return set()
    own = [r.parent for r in channel.receives if r.parent is not None and r.parent.type == K.RECEIVE_STATEMENT]
    selects = {c.parent.parent.id for c in own if c.parent is not None and c.parent.parent is not None}
    drained = set()
    for point in graph:
        if point.kind != cfg.COMM or point.node is None or point.node.parent is None:
            continue
        if point.node.parent.id not in selects:
            continue
        other = _received_channel(ctx, point.evaluates)
        if other is not None and other != channel.symbol and _sends_one_of(ctx, sender, channel.symbol, other):
            drained.add(point.index)
    return drained


def _received_channel(ctx: Context, communication: Node | None) -> scope.Symbol | None:
    if communication is None or communication.type != K.RECEIVE_STATEMENT:
        return None
    right = syntax.unparen(communication.child_by_field_name(F.RIGHT))
    if right is None or right.type != K.UNARY_EXPRESSION or syntax.operator(right) != "<-":
        return None
    operand = syntax.unparen(right.child_by_field_name(F.OPERAND))
    return ctx.resolve(operand) if operand is not None and operand.type == K.IDENTIFIER else None


def _sends_one_of(ctx: Context, sender: Sender, channel: scope.Symbol, other: scope.Symbol) -> bool:
    """Every run of the goroutine sends on `channel` or on `other`, at most once in all."""
    sends = []
    for symbol in (channel, other):
        for use in ctx.uses(symbol, sender.body):
            node, parent = _outer(use)
            if parent is not None and parent.type == K.SEND_STATEMENT and _is_field(parent, node, F.CHANNEL):
                sends.append(parent)
    if any(not _same(syntax.enclosing_function(s), sender.body) for s in sends):
        return False
    most, always = _send_counts(ctx, ctx.file, sender.body, sends)
    return most == 1 and always


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


def _loops_between(node: Node, make: Node, func: Node) -> list[Node]:
    """The loops around `node` that do not also contain the make (each iteration adds senders)."""
    return [loop for loop in _loops_around(node, func) if not syntax.is_within(make, loop)]


# --- the findings ---------------------------------------------------------------------------


def _check_channel(ctx: Context, channel: Channel) -> list[Finding]:
    if not any(s.sends for s in channel.senders):
        return []
    findings = []
    # a range over a channel nobody closes can only be left by counting (break or return after
    # the n-th value): whether every send was received then is beyond this analysis
    left_by_counting = bool(channel.ranges) and not channel.closed
    if channel.capacity is not None and not left_by_counting:
        graph = cfg.Graph(channel.func, _no_return(ctx, ctx.file))
        owed = _Owed(ctx, channel, graph)
        if owed.complete:
            kept = [(a, *_explain(ctx, channel, owed, a)) for a in owed.abandons(channel.capacity)]
            kept = [k for k in kept if k[1] != FEWER or _sends_certain(channel)]
            if kept:
                findings.append(_abandon_finding(ctx, channel, owed, kept))
    if not channel.closed and not channel.returned:
        findings += [_never_closed_finding(ctx, channel, r) for r in channel.ranges if _only_normal_exit(r)]
    return findings


def _sends_certain(channel: Channel) -> bool:
    """Every goroutine sends, a known number of times: counting receives against them is fair."""
    return all(s.always and s.sends != MANY for s in channel.senders if s.sends)


def _abandon_finding(ctx: Context, channel: Channel, owed: _Owed, kept: list[tuple[Abandon, str, str]]) -> Finding:
    abandon, _, why = kept[0]
    sender = _blocked_sender(channel, owed, abandon)
    message = f"{_who(ctx, channel, sender)} forever on {_send_text(ctx, sender)} {why}"
    count = _buffer_needed(ctx, channel, [k[0] for k in kept])
    fixes = []
    if count is None:
        message += (
            f"; give {channel.name} a buffer for every send, or let the senders give up "
            "(a select on a done channel or ctx.Done())"
        )
    else:
        fix = _buffer_fix(ctx, channel, count)
        if fix is not None:
            fixes.append(fix)
    return ctx.finding(channel.make, message, *fixes)


def _blocked_sender(channel: Channel, owed: _Owed, abandon: Abandon) -> Sender:
    """The first goroutine started on the abandoning path (after the channel was last made)."""
    points = abandon.path
    if owed.remake is not None and owed.remake in points and not abandon.remade:
        points = points[len(points) - 1 - points[::-1].index(owed.remake) :]
    for index in points:
        if index in owed.spawned_by and owed.spawns.get(index):
            return owed.spawned_by[index]
    return next(s for s in channel.senders if s.sends)


def _who(ctx: Context, channel: Channel, sender: Sender) -> str:
    line = ctx.line_of(sender.start.start_byte)
    in_loop = bool(_loops_between(sender.start, channel.make, channel.func))
    running = f" running {sender.callee}" if sender.callee is not None else ""
    if in_loop:
        return f"the goroutines{running} started at line {line} block"
    return f"the goroutine{running} started at line {line} blocks"


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


def _explain(ctx: Context, channel: Channel, owed: _Owed, abandon: Abandon) -> tuple[str, str]:
    """(kind, words): how the receiving side leaves on the path `abandon` takes."""
    graph = owed.graph
    points = [graph[i] for i in abandon.path]
    name = channel.name
    if abandon.remade:
        line = ctx.line_of(channel.make.start_byte)
        words = f"when the loop makes a new {name} at line {line} before receiving every send"
        # since the previous make: a select that gave up, or only fewer receives than sends?
        earlier = [i for i, p in enumerate(points[:-1]) if p.index == owed.remake]
        segment = points[earlier[-1] + 1 :] if earlier else points
        if _abandoning_case(segment, set(owed.receives), graph) is None and any(
            p.index in owed.receives for p in segment
        ):
            return FEWER, words
        return REMADE, words
    last = points[-1]
    returns = last.node is not None and last.node.type == K.RETURN_STATEMENT
    leaves = f"returns at line {last.line}" if returns else "reaches the end of the function"
    comm = _abandoning_case(points, set(owed.receives), graph)
    if comm is not None and comm.node is not None:
        header = _case_header(comm.node)
        took = "its default case" if header == "default" else f"`{header}`"
        return SELECT_CASE, f"when the select at line {comm.node.parent.start_point[0] + 1} takes {took} and {leaves}"
    received = [p for p in points if p.index in owed.receives]
    if received:
        loop = _left_loop(received[-1], last, channel)
        if loop is not None:
            line = loop.start_point[0] + 1
            words = f"when the loop at line {line} that receives from {name} is left early (the function {leaves})"
            return LEFT_LOOP, words
        return FEWER, f"when the function receives fewer values than are sent and {leaves}"
    if returns:
        return NOT_RECEIVED, f"when the function returns at line {last.line} before receiving from {name}"
    return NOT_RECEIVED, f"when the function ends without receiving from {name}"


def _abandoning_case(points: list[cfg.Point], receive_points: set[int], graph: cfg.Graph) -> cfg.Point | None:
    """The last select case on the path taken instead of a case that receives from the channel."""
    for point in reversed(points):
        if point.kind != cfg.COMM or point.index in receive_points or point.node is None:
            continue
        select = point.node.parent
        cases = [p for p in graph if p.kind == cfg.COMM and p.node is not None and _same(p.node.parent, select)]
        if any(p.index in receive_points for p in cases):
            return point
    return None


def _case_header(clause: Node) -> str:
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


# --- the fix: a buffer for every send ----------------------------------------------------------


def _buffer_needed(ctx: Context, channel: Channel, abandons: list[Abandon]) -> str | None:
    """The buffer that holds every send the receiver can abandon, spelled as Go; None when unknown."""
    senders = [s for s in channel.senders if s.sends]
    if any(s.sends == MANY for s in senders):
        return None
    in_loops = [s for s in senders if _loops_between(s.start, channel.make, channel.func)]
    if not in_loops:
        return str(sum(s.sends for s in senders))  # one slot per send, as errgroup-style code does
    owed = [a.owed for a in abandons]
    if MANY not in owed:
        return str(max(owed))
    if len(senders) != 1 or senders[0].sends != 1:
        return None
    loops = _loops_between(senders[0].start, channel.make, channel.func)
    if len(loops) != 1:
        return None
    return _loop_count(ctx, loops[0], channel)


def _loop_bound(ctx: Context, loop: Node) -> tuple[str, Node] | None:
    """What a loop's number of iterations is read from: ("len", the ranged collection) or
    ("int", the bound of `for i := range n` / `for i := 0; i < n; i++`)."""
    clauses = syntax.named(loop)
    range_clause = next((c for c in clauses if c.type == K.RANGE_CLAUSE), None)
    if range_clause is not None:
        ranged = syntax.unparen(range_clause.child_by_field_name(F.RIGHT))
        under = ctx.underlying(ctx.type_of(ranged))
        if ranged is None:
            return None
        if isinstance(under, (gotypes.Slice, gotypes.Array, gotypes.Map)):
            return "len", ranged
        if isinstance(under, gotypes.Basic) and under.name in ("int", "untyped int"):
            return "int", ranged
        return None
    clause = next((c for c in clauses if c.type == K.FOR_CLAUSE), None)
    if clause is None:
        return None
    counter = _counter(ctx, clause, loop)
    condition = syntax.unparen(clause.child_by_field_name(F.CONDITION))
    if counter is None or condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    left = syntax.unparen(condition.child_by_field_name(F.LEFT))
    if syntax.operator(condition) != "<" or left is None or left.type != K.IDENTIFIER or ctx.resolve(left) != counter:
        return None
    bound = condition.child_by_field_name(F.RIGHT)
    return ("int", bound) if bound is not None else None


def _constant_count(ctx: Context, loop: Node) -> int | None:
    bound = _loop_bound(ctx, loop)
    if bound is None:
        return None
    kind, node = bound
    if kind == "int":
        return ctx.program.constant_int(node, ctx.file)
    under = ctx.underlying(ctx.type_of(node))
    return under.length if isinstance(under, gotypes.Array) else None


def _loop_count(ctx: Context, loop: Node, channel: Channel) -> str | None:
    """How many times `loop` runs, as an expression with the same value where the channel is made."""
    bound = _loop_bound(ctx, loop)
    if bound is None:
        return None
    kind, node = bound
    for_clause = any(c.type == K.FOR_CLAUSE for c in syntax.named(loop))
    # a range evaluates its operand once; a for clause tests its bound on every iteration
    until = loop.end_byte if for_clause else loop.start_byte
    if kind == "int":
        return _stable_count(ctx, node, channel, until)
    if node.type != K.IDENTIFIER or not _universe(ctx, "len", channel.make):
        return None
    is_map = isinstance(ctx.underlying(ctx.type_of(node)), gotypes.Map)
    return f"len({ctx.text(node)})" if _unchanged(ctx, node, channel, until, is_map) else None


def _counter(ctx: Context, clause: Node, loop: Node) -> scope.Symbol | None:
    """`i := 0; ...; i++` with `i` never assigned in the body: the counter."""
    init = clause.child_by_field_name(F.INIT)
    post = clause.child_by_field_name(F.POST)
    if init is None or post is None or init.type != K.SHORT_VAR_DECLARATION or post.type != K.INC_DEC_STATEMENT:
        return None
    names = syntax.items(init.child_by_field_name(F.LEFT))
    values = syntax.items(init.child_by_field_name(F.RIGHT))
    if len(names) != 1 or len(values) != 1 or not _is_zero(ctx, values[0]):
        return None
    if syntax.operator(post) != "++" or ctx.text(syntax.named(post)[0]) != ctx.text(names[0]):
        return None
    counter = ctx.resolve(names[0])
    if counter is None:
        return None
    body = loop.child_by_field_name(F.BODY)
    if body is not None and any(scope.is_written(u) for u in ctx.uses(counter, body)):
        return None
    return counter


def _is_zero(ctx: Context, value: Node) -> bool:
    """`0`, or a conversion of it (`int32(0)`)."""
    value = syntax.unparen(value)
    if value is not None and value.type == K.CALL_EXPRESSION:
        args = syntax.named(value.child_by_field_name(F.ARGUMENTS))
        if len(args) != 1 or ctx.program.conversion_type(value.child_by_field_name(F.FUNCTION), ctx.file) is None:
            return False
        value = syntax.unparen(args[0])
    return value is not None and value.type == K.INT_LITERAL and ctx.text(value) == "0"


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
        if scope.is_written(use) or (is_map and _may_change_map(ctx, use)):
            return False
    return True


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
    message = f"give {channel.name} a buffer for every send: make({ctx.text(channel.type_arg)}, {count})"
    safety = Safety.SAFE
    if channel.returned:
        # the caller receives on that path: check it does not rely on the hand-off
        safety = Safety.SUGGESTION
        message += f" ({channel.name} is also returned at line {ctx.line_of(channel.returned[0].start_byte)})"
    elif any(s.sends > 1 for s in channel.senders):
        safety = Safety.SUGGESTION  # a goroutine that sends several values may pace itself on the receiver
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
    senders = [s for s in channel.senders if s.sends]
    sender = senders[0]
    body = sender.body.child_by_field_name(F.BODY)
    alone = len(senders) == 1 and sender.callee is None and body is not None
    if not alone or _loops_between(sender.start, channel.make, channel.func):
        message += " (a sync.WaitGroup and a goroutine that waits, then closes it)"
        return ctx.finding(range_clause, message)
    indent = ctx.indent_of(sender.start) + "\t"
    fix = ctx.fix(
        f"close {name} when the goroutine is done: defer close({name})",
        ctx.insert(body.start_byte + 1, f"\n{indent}defer close({name})"),
        safety=Safety.SUGGESTION,
    )
    return ctx.finding(range_clause, message, fix)


RULE = Rule(
    id="GFL004",
    name="hanging-goroutine",
    title="goroutine blocked forever sending on a channel whose receiver gave up",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"go ", b"go\t", b".Go("),
)
