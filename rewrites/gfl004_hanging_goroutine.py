"""A goroutine blocked forever sending on a channel whose receiver has given up.

## What it does
Flags a channel made in a function (`make(chan T)`, or with a literal
buffer size too small for what is left unreceived) whose values are sent only by
goroutines started in that function, when the function can stop receiving
before every send has been received: a `select` that takes `<-ctx.Done()`,
a timeout (`time.After`, a timer), a stop channel or `default` instead, an
early `return` (the first error of a fan-out), a receiving loop left early
(or one counted to the number of senders whose select can use up an
iteration on a timeout), or a single receive where several goroutines send.
The message names the goroutine that blocks and the path that abandons it.

It also reports a `for v := range ch` over such a channel that nothing ever
closes: the loop cannot end, so the function itself hangs after the last
send (an endless producer has no last send: left alone).

Goroutines may be function literals, functions of the package started with
`go` (`go worker(ch)`), methods the package declares on its own types
(`go s.fetch(url, ch)`), local function variables bound once to a literal
(`fetch := func(url string, out chan<- T) {...}`, then `go fetch(u, ch)`),
or `wg.Go(func() {...})` of a `sync.WaitGroup`.  Interface methods, promoted
methods, other function values and `errgroup.Group.Go` are not followed: the
channel is then left alone, and so is a channel sent on inside a closure the
goroutine defers or calls (`defer func() { errc <- err }()`) or received
inside a closure the function defers (a deferred `select` on `ctx.Done()`).
Returning from `main` of package main ends the program, goroutines included: unless main defers work (which runs
after the return and may wait for them), only a loop there that makes a new channel while the old one is still owed
a send is reported.  A channel handed to one goroutine twice (`go worker(ch, ch)`) is left alone.  Channels that
are closed and drained (`v, ok := <-ch` with
`!ok`, a full `range`), receivers that always receive every send, loops
that count what they received, select cases on a channel that only comes
once every sender is done (a `done` the senders close when they end, or
that a goroutine closes after `wg.Wait()`) or that nothing ever signals,
paths that take the same condition (`if async {`) two ways, sends guarded by
a `select` with another case, buffers already big enough (or sized by a
name or an expression, which the rule trusts), and channels stored or
handed to code the rule cannot see (which may receive the rest) are left
alone.  A channel returned to the caller is the caller's to drain on that
path.

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
returned on another path), each goroutine sends at most once on every path
and its send is the last thing it does, and the count is known and never
negative.  Receivers see the same values in the same order; only the
senders no longer wait for the hand-off.

Unbuffered, whatever a goroutine does after its send happens after the
receiver took the value; buffered, it may happen first.  So the fix is
unsafe (applied only with `--unsafe-fixes`, and the message says why) when
a goroutine goes on after its send (a deferred `cancel()` or `close(done)`
the receiver also selects on, logging, more work; only returning, a
WaitGroup's `Done`, a mutex `Unlock` and closing the channel itself are
fine), when a goroutine waiting on the senders' WaitGroup does more than
close the channel, when the receiver's select also waits on a channel
closed once the senders are done (it could be chosen while a value waits in
the buffer), when the function reads `len(ch)` or `cap(ch)`, and when the
count is a variable that may be negative (`make` panics on it where the
loop just runs no time).  When the channel is also returned, or a goroutine
sends a fixed number of times more than once, the fix is a suggestion; when
a goroutine sends in a loop or the count is unknown, there is no fix and
the message says what to do (buffer every send, or let the sender give up
with a `select` on a done channel or `ctx.Done()`).  The never-closed
`range` is reported with a suggestion (`defer close(ch)` in a single
sending goroutine).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from gofixleak.analysis import cfg, flow
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Rule, Safety
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import MethodDecl, ParsedFile
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

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
    # the first thing the goroutine may do after a send that others can observe (None: it only
    # ends): with a buffer that no longer waits until the receiver has taken the value
    goes_on: Node | None = None
    file: ParsedFile | None = None  # where `body` is (another file of the package for `go worker(ch)`)
    send_statements: list[Node] = field(default_factory=list)  # its blocking sends
    measured: list[Node] = field(default_factory=list)  # len(ch) or cap(ch) in the goroutine
    marks_done: bool = False  # it ends with a WaitGroup's Done (deferred, or started by wg.Go)
    ends: bool = True  # some path reaches the end of the function (an endless producer does not)


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
    measured: list[Node] = field(default_factory=list)  # len(ch), cap(ch): they change with a buffer

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
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or ctx.text(function) != "make":
        return None
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
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
    arg = grammar.unparen(arg)
    if arg is None or arg.type != K.INT_LITERAL:
        return None
    try:
        return int(grammar.text(arg).replace("_", ""), 0)
    except ValueError:
        return None


def _declared_variable(ctx: Context, value: Node) -> scope.Symbol | None:
    values = value.parent
    if values is None or values.type != K.EXPRESSION_LIST or values.parent is None:
        return None
    owner = values.parent
    if owner.type == K.SHORT_VAR_DECLARATION:
        names = grammar.items(owner.child_by_field_name(F.LEFT))
    elif owner.type == K.VAR_SPEC and grammar.enclosing_function(owner) is not None:
        names = grammar.fields(owner, F.NAME)
    else:
        return None
    items = grammar.items(values)
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
    body = grammar.function_body(channel.func)
    if body is None:
        raise _Unsupported
    senders: dict[int, Sender] = {}
    captured: set[int] = set()  # goroutine literals that capture the channel (not given it)
    for use in ctx.uses(channel.symbol, body):
        if channel.symbol.decl is not None and use.id == channel.symbol.decl.id:
            continue
        home = grammar.enclosing_function(use)
        if home is not None and home.id == channel.func.id:
            _own_use(ctx, channel, use, senders)
            continue
        start = _goroutine_start(ctx, home, channel.func)
        if start is None:
            raise _Unsupported  # a closure run who knows when (defer, callback): it may receive
        if start.id not in senders:
            senders[start.id] = _sender(ctx, ctx.file, start, home, channel.symbol, None)
            captured.add(start.id)
        elif start.id not in captured:
            raise _Unsupported  # also handed to the literal as an argument: sends miscounted
    channel.senders = [s for s in senders.values() if s.sends or s.closes]


def _own_use(ctx: Context, channel: Channel, use: Node, senders: dict[int, Sender]) -> None:
    """A use in the function's own flow."""
    node, parent = _outer(use)
    if parent is None:
        raise _Unsupported
    if parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "<-":
        channel.receives.append(parent)
        return
    if parent.type == K.RANGE_CLAUSE and scope.is_child(node, parent, F.RIGHT):
        channel.ranges.append(parent)
        return
    if parent.type == K.BINARY_EXPRESSION and grammar.operator(parent) in ("==", "!="):
        return
    if parent.type == K.ARGUMENTS:
        call = parent.parent
        if _builtin_name(ctx, ctx.file, call) in ("len", "cap"):
            channel.measured.append(call)
            return
        if call is not None and call.parent is not None and call.parent.type == K.GO_STATEMENT:
            start = call.parent
            if start.id in senders:
                # `go worker(ch, ch)`, or a literal that also captures it: the parameter
                # followed is not the only name the goroutine sends on, its sends are miscounted
                raise _Unsupported
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


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and a.id == b.id


def _builtin_name(ctx: Context, file: ParsedFile, call: Node | None) -> str | None:
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return None
    symbol = ctx.program.resolve(function, file)
    return grammar.text(function) if symbol is not None and symbol.kind == scope.BUILTIN else None


# --- the goroutines that send -------------------------------------------------------------


def _goroutine_start(ctx: Context, literal: Node | None, func: Node) -> Node | None:
    """The go statement or wg.Go(...) call that starts function literal `literal` directly in `func`."""
    if literal is None or literal.type != K.FUNCTION_LITERAL:
        return None
    parent = literal.parent
    start = None
    if parent is not None and parent.type == K.CALL_EXPRESSION and scope.is_child(literal, parent, F.FUNCTION):
        if parent.parent is not None and parent.parent.type == K.GO_STATEMENT:
            start = parent.parent
    elif parent is not None and parent.type == K.ARGUMENTS and _is_waitgroup_go(ctx, parent.parent):
        start = parent.parent
    if start is None:
        return None
    return start if _same(grammar.enclosing_function(start), func) else None


def _is_waitgroup_go(ctx: Context, call: Node | None) -> bool:
    """`wg.Go(f)` of a sync.WaitGroup (Go 1.25): f runs in a new goroutine."""
    if call is None or call.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    if ctx.text(function.child_by_field_name(F.FIELD)) != "Go":
        return False
    receiver = ctx.program.deref(ctx.type_of(function.child_by_field_name(F.OPERAND)))
    return isinstance(receiver, gotypes.Named) and (receiver.package, receiver.name) == ("sync", "WaitGroup")


def _sender_call(ctx: Context, start: Node, call: Node, arg: Node) -> Sender:
    """`go worker(ch)` or `go func(c chan<- T) {...}(ch)`: follow the parameter that gets the channel."""
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    index = next(i for i, a in enumerate(args) if a.id == arg.id)
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    callee_name = None
    file = ctx.file
    if function is not None and function.type == K.FUNCTION_LITERAL:
        callee = function
    elif function is not None and function.type == K.IDENTIFIER:
        symbol = ctx.resolve(function)
        literal = _bound_literal(ctx, symbol)
        if literal is not None:
            callee, callee_name = literal, symbol.name  # type: ignore[union-attr]
        else:
            decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
            if (
                decl is None
                or decl.spec.type != K.FUNCTION_DECLARATION
                or decl.spec.child_by_field_name(F.TYPE_PARAMETERS)
            ):
                raise _Unsupported
            callee, file, callee_name = decl.spec, decl.file, symbol.name
    elif function is not None and function.type == K.SELECTOR_EXPRESSION:
        method = _static_method(ctx, function)
        if method is None:
            raise _Unsupported  # an interface method, a promoted method, a function of another package
        callee, file, callee_name = method.node, method.file, " ".join(ctx.text(function).split())
    else:
        raise _Unsupported  # a function value computed some other way: its body is not known here
    param = _parameter(ctx, file, callee, index)
    if param is None:
        raise _Unsupported
    return _sender(ctx, file, start, callee, param, callee_name)


def _bound_literal(ctx: Context, symbol: scope.Symbol | None) -> Node | None:
    """`worker := func(out chan<- T) {...}` (or `var worker = func...`): the literal a local
    variable is declared with, when nothing assigns the variable again (so `go worker(ch)` runs it)."""
    if symbol is None or symbol.kind != scope.VAR or not symbol.is_local or symbol.func is None:
        return None
    value = grammar.unparen(symbol.value)
    body = grammar.function_body(symbol.func)
    if value is None or value.type != K.FUNCTION_LITERAL or body is None:
        return None
    if any(scope.is_written(u) for u in ctx.uses(symbol, body) if not _same(u, symbol.decl)):
        return None
    return value


def _static_method(ctx: Context, selector: Node) -> MethodDecl | None:
    """`s.run` where `s` is a (pointer to a) named type of this package that declares method
    `run` itself: the method that `go s.run(...)` runs.  Interfaces (dynamic dispatch), promoted
    methods and functions of other packages are not followed."""
    operand = selector.child_by_field_name(F.OPERAND)
    name = selector.child_by_field_name(F.FIELD)
    if operand is None or name is None or ctx.program.package_of_selector(operand, ctx.file) is not None:
        return None
    inner = grammar.unparen(operand)
    if inner is None or inner.type not in (K.IDENTIFIER, K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.CALL_EXPRESSION):
        return None  # `(*T).run(s, ch)`: a method expression takes the receiver as its first argument
    if inner.type == K.IDENTIFIER:
        symbol = ctx.resolve(inner)
        if symbol is None or symbol.kind != scope.VAR:
            return None  # `T.run(s, ch)`: a method expression
    base = ctx.program.deref(ctx.type_of(operand))
    if not isinstance(base, gotypes.Named) or base.package != ctx.file.import_path:
        return None
    facts = ctx.program.facts
    method = facts.method(base.name, ctx.text(name)) if facts is not None else None
    if method is None or method.node.type != K.METHOD_DECLARATION or method.node.child_by_field_name(F.BODY) is None:
        return None
    return method


def _parameter(ctx: Context, file: ParsedFile, func: Node, index: int) -> scope.Symbol | None:
    position = 0
    for decl in grammar.named(func.child_by_field_name(F.PARAMETERS)):
        if grammar.has_token(decl, "..."):
            return None
        for name in grammar.fields(decl, F.NAME) or [None]:
            if position == index:
                return ctx.program.resolve(name, file) if name is not None else None
            position += 1
    return None


def _sender(
    ctx: Context, file: ParsedFile, start: Node, body: Node, channel: scope.Symbol, callee: str | None
) -> Sender:
    """How the goroutine running `body` uses the channel (known there as `channel`)."""
    blocking: list[Node] = []
    measured: list[Node] = []
    closes = False
    for use in ctx.program.resolver(file).uses(channel, body):
        if channel.decl is not None and use.id == channel.decl.id:
            continue
        if not _same(grammar.enclosing_function(use), body):
            raise _Unsupported  # a goroutine or closure inside the goroutine
        node, parent = _outer(use)
        if parent is not None and parent.type == K.SEND_STATEMENT and scope.is_child(node, parent, F.CHANNEL):
            if not _is_guarded(parent):
                blocking.append(parent)
            continue
        if parent is not None and parent.type == K.ARGUMENTS:
            builtin = _builtin_name(ctx, file, parent.parent)
            if builtin == "close":
                closes = True
                continue
            if builtin in ("len", "cap"):
                measured.append(parent.parent)
                continue
        if parent is not None and parent.type == K.BINARY_EXPRESSION and grammar.operator(parent) in ("==", "!="):
            continue
        raise _Unsupported  # the goroutine receives too, or passes the channel on
    sender = Sender(start, body, 0, False, blocking[0] if blocking else None, callee, closes, file=file)
    sender.send_statements, sender.measured = blocking, measured
    if blocking:
        graph = cfg.Graph(body, _no_return(ctx, file))
        sender.sends, sender.always = _send_counts(graph, blocking)
        sender.goes_on, sender.marks_done = _after_sends(ctx, file, graph, blocking, channel)
        sender.marks_done = sender.marks_done or start.type != K.GO_STATEMENT  # wg.Go calls Done
        sender.ends = _can_end(graph)
    return sender


def _is_guarded(send: Node) -> bool:
    """A send that is one case of a select with another way out (another case or default)."""
    clause = send.parent
    if clause is None or clause.type != K.COMMUNICATION_CLAUSE:
        return False
    select = clause.parent
    return select is not None and sum(1 for c in grammar.named(select) if c.type == K.COMMUNICATION_CLAUSE) > 1


def _can_end(graph: cfg.Graph) -> bool:
    return graph.exit in _reachable(graph, graph.entry, set())


def _send_counts(graph: cfg.Graph, sends: list[Node]) -> tuple[int, bool]:
    """(the most blocking sends one run of the goroutine makes on a path, whether every run sends)."""
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


def _after_sends(
    ctx: Context, file: ParsedFile, graph: cfg.Graph, sends: list[Node], channel: scope.Symbol
) -> tuple[Node | None, bool]:
    """(the first statement or deferred call that may run after one of `sends` and that others could
    observe, whether the goroutine ends with a WaitGroup's Done).

    With an unbuffered channel whatever the goroutine does after its send happens after the
    receiver took the value; with a buffer it may happen before.  A deferred `cancel()` or
    `close(done)` then races the value in a select that also waits on them.
    """
    send_points = {p.index for p in (graph.point_at(s) for s in sends) if p is not None}
    later: list[Node] = []
    seen: set[int] = set()
    queue = deque(succ for index in send_points for succ in graph[index].succ)
    while queue:
        index = queue.popleft()
        if index in seen:
            continue
        seen.add(index)
        point = graph[index]
        if point.evaluates is not None and index not in send_points:
            later.append(point.evaluates)
        queue.extend(point.succ)
    body = graph.func.child_by_field_name(F.BODY)
    for deferred in grammar.find_all(body, (K.DEFER_STATEMENT,)) if body is not None else []:
        if _same(grammar.enclosing_function(deferred), graph.func):
            later.append(deferred.child_by_field_name(F.CALL) or deferred)
    marks_done = False
    for node in sorted(later, key=lambda n: n.start_byte):
        quiet = _quiet_step(ctx, file, node, channel)
        if quiet is None:
            return node, marks_done
        marks_done = marks_done or quiet == "done"
    return None, marks_done


def _quiet_step(ctx: Context, file: ParsedFile, node: Node, channel: scope.Symbol) -> str | None:
    """What a statement run after the send does when nobody can observe it happening early:
    "return" (a return of plain values), "close" (closing the channel itself: buffered values are
    still received first), "done" (a WaitGroup's Done), "unlock"; None for anything else."""
    if node.type == K.DEFER_STATEMENT:
        node = node.child_by_field_name(F.CALL) or node
    if node.type == K.RETURN_STATEMENT:
        results = grammar.items(grammar.named(node)[0]) if grammar.named(node) else []
        plain = all(r.type in (K.IDENTIFIER, *grammar.LITERAL_KINDS) for r in map(grammar.unparen, results) if r)
        return "return" if plain else None
    if node.type == K.EXPRESSION_STATEMENT and grammar.named(node):
        node = grammar.unparen(grammar.named(node)[0])
    if node is None or node.type != K.CALL_EXPRESSION:
        return None
    args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
    if _builtin_name(ctx, file, node) == "close" and len(args) == 1:
        closed = grammar.unparen(args[0])
        is_channel = closed is not None and closed.type == K.IDENTIFIER
        return "close" if is_channel and ctx.program.resolve(closed, file) == channel else None
    function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
    if args or function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    method = grammar.text(function.child_by_field_name(F.FIELD))
    receiver = ctx.program.deref(ctx.program.type_of(function.child_by_field_name(F.OPERAND), file))
    if not isinstance(receiver, gotypes.Named) or receiver.package != "sync":
        return None
    if receiver.name == "WaitGroup" and method == "Done":
        return "done"
    if receiver.name in ("Mutex", "RWMutex") and method in ("Unlock", "RUnlock"):
        return "unlock"
    return None


def _no_return(ctx: Context, file: ParsedFile) -> Callable[[Node], bool]:
    """Statements after which the function never goes on: panic, os.Exit, log.Fatal, t.Fatal ..."""

    def never_returns(statement: Node) -> bool:
        if cfg.never_returns(statement):
            return True
        call = grammar.unparen(grammar.named(statement)[0]) if grammar.named(statement) else None
        if call is None or call.type != K.CALL_EXPRESSION:
            return False
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None or function.type != K.SELECTOR_EXPRESSION:
            return False
        operand = function.child_by_field_name(F.OPERAND)
        name = grammar.text(function.child_by_field_name(F.FIELD))
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
        self.signals: set[int] = set()  # select cases on a channel closed once every sender is done
        self.skipped_in: dict[int, int] = {}  # receiving loop -> a select case that skips the receive
        self.dead: set[int] = set()  # select cases that can never be taken
        make = graph.point_at(channel.make)
        self.remake = make.index if make is not None else None
        self.repeated, self.forgets = _repeated_conditions(ctx, graph, channel.func)
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
        # a receiving loop that runs to its end has received every send (its count is trusted),
        # unless a select in it can give up on the channel and come round again
        self.dead = _dead_cases(ctx, channel, graph)
        for loop in loops:
            skipping = _receive_skipped(graph, loop, set(self.receives), self.dead)
            if skipping is not None:
                self.skipped_in[loop.id] = skipping
        counted = [n for n in loops if n.id not in self.skipped_in]
        self.drains |= {p.index for p in graph if p.kind == cfg.LOOP_EXIT and any(_same(p.node, n) for n in counted)}
        # `return ch`: from there on the caller is the receiver
        self.drains |= {graph.point_at(r).index for r in channel.returned if graph.point_at(r) is not None}
        # `if n == len(xs) { return }` inside a receiving loop: it stops after counting every send
        for check in _counting_checks(ctx, channel, loops):
            point = graph.point_at(check)
            if point is not None:
                self.drains.add(point.index)
        self.drain_edges |= _closed_checks(ctx, channel, graph)
        instead, self.signals = _sibling_cases(ctx, channel, graph)
        self.drains |= instead | self.signals
        return True

    def abandons(self, capacity: int) -> list[Abandon]:
        """Every way the function can leave (or remake the channel) owing more sends than the buffer holds.

        A state is (point, sends owed, the outcomes of repeated conditions so far): a path that
        takes `if async {` one way and a later `if async {` the other is not followed.
        """
        graph = self.graph
        found: list[Abandon] = []
        start: _State = (graph.entry, 0, frozenset())
        parent: dict[_State, _State | None] = {start: None}
        queue = deque([start])
        while queue:
            state = queue.popleft()
            index, owed, decided = state
            if index == self.remake:
                if _exceeds(owed, capacity):
                    found.append(Abandon(owed, _path(parent, state), remade=True))
                owed = 0
            owed = _add(owed, self.spawns.get(index, 0))
            for _ in range(self.receives.get(index, 0)):
                owed = _sub(owed)
            if index in self.drains:
                owed = 0
            for branch, succ in enumerate(graph[index].succ):
                outcomes = self._decide(index, branch, decided)
                if outcomes is None or succ in self.dead:
                    continue  # contradicts how the same condition went before, or cannot happen
                left = 0 if (index, succ) in self.drain_edges else owed
                if succ == graph.exit:
                    if _exceeds(left, capacity):
                        found.append(Abandon(left, _path(parent, state)))
                    continue
                following = (succ, left, outcomes)
                if following not in parent:
                    parent[following] = state
                    queue.append(following)
        return found

    def _decide(self, index: int, branch: int, decided: frozenset) -> frozenset | None:
        """The outcomes known after taking successor `branch` of point `index` (None: impossible)."""
        forgotten = self.forgets.get(index)
        if forgotten and decided:
            # a variable of the condition is declared (again) here: what it said before no longer holds
            decided = frozenset(d for d in decided if d[0] not in forgotten)
        condition = self.repeated.get(index)
        if condition is None or len(self.graph[index].succ) != 2:
            return decided
        key, negated = condition
        value = (branch == 0) != negated
        if (key, not value) in decided:
            return None
        return decided | {(key, value)}


_State = tuple[int, int, frozenset]
MAX_REPEATED = 4  # conditions followed per function (each doubles the states)


def _repeated_conditions(
    ctx: Context, graph: cfg.Graph, func: Node
) -> tuple[dict[int, tuple[ConditionKey, bool]], dict[int, set[ConditionKey]]]:
    """`if` conditions that occur more than once in the function and read only variables (and
    their fields) that it never changes: (point -> (the condition spelled without negation with
    the variables it reads, whether this occurrence is negated), point -> the conditions whose
    variables it declares).

    The key names the variables, not only their spelling: `if err := f(); err != nil` twice
    tests two different errors.  A variable declared again (in a loop, or an `if` init run
    again) may hold something else, so passing its declaration forgets what was decided.
    """
    body = grammar.function_body(func)
    if body is None:
        return {}, {}
    assigned = {
        _spelled(ctx, t)
        for a in grammar.find_all(body, (K.ASSIGNMENT, K.INC_DEC_STATEMENT))
        for t in (grammar.items(a.child_by_field_name(F.LEFT)) if a.type == K.ASSIGNMENT else grammar.named(a)[:1])
    }
    found: dict[int, tuple[ConditionKey, bool]] = {}
    for point in graph:
        if point.kind != cfg.CONDITION or point.node is None or point.node.type != K.IF_STATEMENT:
            continue
        spelled = _condition_key(ctx, point.evaluates, body, assigned)
        if spelled is not None:
            found[point.index] = spelled
    keys = [key for key, _ in found.values()]
    repeated = sorted({k for k in keys if keys.count(k) > 1})[:MAX_REPEATED]
    conditions = {index: c for index, c in found.items() if c[0] in repeated}
    forgets: dict[int, set[ConditionKey]] = {}
    for key in repeated:
        for offset in key[1]:
            declaration = body.descendant_for_byte_range(offset, offset)
            if declaration is None or declaration.type != K.IDENTIFIER or declaration.start_byte != offset:
                continue  # a parameter: declared once, before the body
            point = graph.point_at(declaration)
            if point is not None:
                forgets.setdefault(point.index, set()).add(key)
    return conditions, forgets


# A condition as the path analysis tells conditions apart: its spelling (without negation) and the
# declarations of the local variables it reads.
ConditionKey = tuple[str, tuple[int, ...]]


def _condition_key(
    ctx: Context, condition: Node | None, body: Node, assigned: set[str]
) -> tuple[ConditionKey, bool] | None:
    condition = grammar.unparen(condition)
    if condition is None:
        return None
    negated = False
    if condition.type == K.UNARY_EXPRESSION and grammar.operator(condition) == "!":
        negated, condition = True, grammar.unparen(condition.child_by_field_name(F.OPERAND))
    if condition is None or not _unchanging(ctx, condition, body, assigned):
        return None
    text = _spelled(ctx, condition)
    if condition.type == K.BINARY_EXPRESSION and grammar.operator(condition) == "!=":
        left, right = condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)
        text, negated = f"{_spelled(ctx, left)} == {_spelled(ctx, right)}", not negated
    declared = set()
    for ident in grammar.find_all(condition, (K.IDENTIFIER,)):
        symbol = ctx.resolve(ident)
        if symbol is not None and symbol.kind == scope.VAR and symbol.decl is not None:
            declared.add(symbol.decl.start_byte)
    return (text, tuple(sorted(declared))), negated


def _spelled(ctx: Context, node: Node | None) -> str:
    return " ".join(ctx.text(node).split())


def _unchanging(ctx: Context, expr: Node, body: Node, assigned: set[str]) -> bool:
    """`expr` reads only local variables (and fields of them) that the function never assigns,
    compared, combined with && and ||, or negated."""
    expr = grammar.unparen(expr)
    if expr is None:
        return False
    if expr.type in grammar.LITERAL_KINDS:
        return True
    if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "!":
        return _unchanging(ctx, expr.child_by_field_name(F.OPERAND), body, assigned)
    if expr.type == K.BINARY_EXPRESSION and grammar.operator(expr) in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
        return all(_unchanging(ctx, expr.child_by_field_name(f), body, assigned) for f in (F.LEFT, F.RIGHT))
    if expr.type == K.SELECTOR_EXPRESSION:
        return _spelled(ctx, expr) not in assigned and _unchanging(
            ctx, expr.child_by_field_name(F.OPERAND), body, assigned
        )
    if expr.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(expr)
    if symbol is not None and symbol.kind in (scope.CONST, scope.NIL):
        return True
    if symbol is None or symbol.kind != scope.VAR or not symbol.is_local:
        return False
    return not any(scope.is_written(u) for u in ctx.uses(symbol, body) if not _same(u, symbol.decl))


def _spawn_point(ctx: Context, channel: Channel, sender: Sender, graph: cfg.Graph) -> int | None:
    """Where the sender's sends start to be owed: its go statement, or for a loop with a constant
    count that only starts goroutines, the loop's end (all k of them at once)."""
    point = graph.point_at(sender.start)
    if point is None:
        return None
    loops = _loops_between(sender.start, channel.make, channel.func)
    if len(loops) != 1 or any(grammar.is_within(r, loops[0]) for r in [*channel.receives, *channel.ranges]):
        return point.index
    count = _constant_count(ctx, loops[0])
    finished = next((p for p in graph if p.kind == cfg.LOOP_EXIT and _same(p.node, loops[0])), None)
    if count is None or finished is None or count * max(sender.sends, 1) > LIMIT:
        return point.index
    sender.sends = count * sender.sends if sender.sends != MANY else MANY
    return finished.index


def _receive_skipped(graph: cfg.Graph, loop: Node, receive_points: set[int], dead: set[int]) -> int | None:
    """A case of a select in `loop` that receives from the channel, which can be taken instead
    (a timeout, a heartbeat) in an iteration that receives nothing: the loop's count then says
    nothing about how many values it received."""
    head = next((p.index for p in graph if _is_loop_head(p, loop)), None)
    if head is None or head in receive_points:
        return None
    avoid = receive_points | dead
    unreceived = _reachable(graph, head, avoid, loop)
    for index in sorted(unreceived):
        point = graph[index]
        if point.kind != cfg.COMM or point.node is None or not _in_receiving_select(graph, point, receive_points):
            continue
        if head in _reachable(graph, index, avoid, loop):
            return index
    return None


def _in_receiving_select(graph: cfg.Graph, case: cfg.Point, receive_points: set[int]) -> bool:
    select = case.node.parent if case.node is not None else None
    return any(
        p.index in receive_points
        for p in graph
        if p.kind == cfg.COMM and p.node is not None and _same(p.node.parent, select)
    )


def _is_loop_head(point: cfg.Point, loop: Node) -> bool:
    if point.node is None:
        return False
    if point.kind == cfg.RANGE:
        return _same(point.node.parent, loop)
    return point.kind == cfg.CONDITION and _same(point.node, loop)


def _reachable(graph: cfg.Graph, start: int, avoid: set[int], within: Node | None = None) -> set[int]:
    """The points a path from `start` reaches without passing `avoid` or leaving `within`."""
    seen: set[int] = set()
    queue = deque([start])
    while queue:
        for succ in graph[queue.popleft()].succ:
            point = graph[succ]
            if succ in seen or succ in avoid:
                continue
            if within is not None and (point.node is None or not grammar.is_within(point.node, within)):
                continue
            seen.add(succ)
            queue.append(succ)
    return seen


def _counting_checks(ctx: Context, channel: Channel, loops: list[Node]) -> list[Node]:
    """Conditions of ifs in receiving loops that test a counter the loop advances (n--, seen++, len(out))."""
    checks = []
    for loop in {n.id: n for n in loops}.values():
        counters = _counters(ctx, loop, channel.func)
        if not counters:
            continue
        for statement in grammar.find_all(loop, (K.IF_STATEMENT,)):
            condition = statement.child_by_field_name(F.CONDITION)
            if condition is None or not _same(grammar.enclosing_function(statement), channel.func):
                continue
            if any(ctx.resolve(i) in counters for i in grammar.find_all(condition, (K.IDENTIFIER,))):
                checks.append(condition)
    return checks


def _counters(ctx: Context, loop: Node, func: Node) -> set[scope.Symbol]:
    """Variables declared outside `loop` that it counts with: `n++`, `n -= 1`, `out = append(out, v)`."""
    found: set[scope.Symbol] = set()
    for statement in grammar.find_all(loop, (K.INC_DEC_STATEMENT, K.ASSIGNMENT)):
        if not _same(grammar.enclosing_function(statement), func):
            continue
        if statement.type == K.INC_DEC_STATEMENT:
            targets = grammar.named(statement)[:1]
        elif grammar.operator(statement) in ("+=", "-="):
            targets = grammar.items(statement.child_by_field_name(F.LEFT))
        elif grammar.operator(statement) == "=" and _appends(ctx, statement):
            targets = grammar.items(statement.child_by_field_name(F.LEFT))
        else:
            continue
        for target in targets:
            target = grammar.unparen(target)
            symbol = ctx.resolve(target) if target is not None and target.type == K.IDENTIFIER else None
            if symbol is not None and symbol.decl is not None and not grammar.is_within(symbol.decl, loop):
                found.add(symbol)
    return found


def _appends(ctx: Context, assignment: Node) -> bool:
    values = grammar.items(assignment.child_by_field_name(F.RIGHT))
    return len(values) == 1 and _builtin_name(ctx, ctx.file, grammar.unparen(values[0])) == "append"


def _closed_checks(ctx: Context, channel: Channel, graph: cfg.Graph) -> set[tuple[int, int]]:
    """`v, ok := <-ch` then `if !ok`: the branch taken when ok is false has drained the channel."""
    edges: set[tuple[int, int]] = set()
    body = grammar.function_body(channel.func)
    for receive in channel.receives:
        node, parent = _outer(receive)
        owner = parent.parent if parent is not None and parent.type == K.EXPRESSION_LIST else parent
        if owner is None or owner.type not in (K.SHORT_VAR_DECLARATION, K.ASSIGNMENT, K.RECEIVE_STATEMENT):
            continue
        left = grammar.items(owner.child_by_field_name(F.LEFT))
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
    negated = parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "!"
    condition = _outer(parent)[0] if negated and parent is not None else node
    statement = condition.parent
    if statement is None or statement.type != K.IF_STATEMENT or not scope.is_child(condition, statement, F.CONDITION):
        return None
    point = graph.point_at(condition)
    if point is None or len(point.succ) != 2:
        return None
    return point.index, point.succ[0 if negated else 1]


def _sibling_cases(ctx: Context, channel: Channel, graph: cfg.Graph) -> tuple[set[int], set[int]]:
    """Select cases receiving from another local channel that can only be taken once nothing
    more is owed on this one: (channels the only goroutine sends on instead, channels closed
    once every sender is done).

    `go func() { if err != nil { errs <- err; return }; vals <- v }()` sends on one of the
    two: once `<-errs` is received, nothing more is coming on `vals`.  A `done` channel the
    senders close when they end (or a goroutine closes after `wg.Wait()`) is closed only
    after every unbuffered send was received.
    """
    own = [r.parent for r in channel.receives if r.parent is not None and r.parent.type == K.RECEIVE_STATEMENT]
    selects = {c.parent.parent.id for c in own if c.parent is not None and c.parent.parent is not None}
    instead, signals = set(), set()
    for point in graph:
        if point.kind != cfg.COMM or point.node is None or point.node.parent is None:
            continue
        if point.node.parent.id not in selects:
            continue
        other = _received_channel(ctx, point.evaluates)
        if other is None or other == channel.symbol:
            continue
        if _sent_instead(ctx, channel, other):
            instead.add(point.index)
        elif _closed_after_senders(ctx, channel, other):
            signals.add(point.index)
    return instead, signals


def _dead_cases(ctx: Context, channel: Channel, graph: cfg.Graph) -> set[int]:
    """Select cases receiving from a local channel that nothing ever sends on or closes (its only
    uses are receives), made in the function or left nil: they can never be taken."""
    body = grammar.function_body(channel.func)
    dead = set()
    for point in graph:
        other = _received_channel(ctx, point.evaluates) if point.kind == cfg.COMM else None
        if body is None or other is None or other == channel.symbol or not _same(other.func, channel.func):
            continue
        if other.where != scope.LOCAL or not (_is_made(ctx, other) or _declared_nil(other)):
            continue
        if all(_is_received(u) for u in ctx.uses(other, body) if not _same(u, other.decl)):
            dead.add(point.index)
    return dead


def _is_made(ctx: Context, symbol: scope.Symbol) -> bool:
    return _builtin_name(ctx, ctx.file, grammar.unparen(symbol.value)) == "make"


def _declared_nil(symbol: scope.Symbol) -> bool:
    """`var c chan T`: nil until something assigns it."""
    spec = symbol.decl.parent if symbol.decl is not None else None
    return spec is not None and spec.type == K.VAR_SPEC and spec.child_by_field_name(F.VALUE) is None


def _is_received(use: Node) -> bool:
    """The channel named by `use` is received from there: `<-use`."""
    parent = _outer(use)[1]
    return parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "<-"


def _received_channel(ctx: Context, communication: Node | None) -> scope.Symbol | None:
    if communication is None or communication.type != K.RECEIVE_STATEMENT:
        return None
    right = grammar.unparen(communication.child_by_field_name(F.RIGHT))
    if right is None or right.type != K.UNARY_EXPRESSION or grammar.operator(right) != "<-":
        return None
    operand = grammar.unparen(right.child_by_field_name(F.OPERAND))
    return ctx.resolve(operand) if operand is not None and operand.type == K.IDENTIFIER else None


def _sent_instead(ctx: Context, channel: Channel, other: scope.Symbol) -> bool:
    """The only goroutine (a literal, started once) sends on `channel` or on `other`, at most
    once in all, and sometimes on `other`."""
    senders = [s for s in channel.senders if s.sends]
    if len(senders) != 1 or senders[0].callee is not None:
        return False
    sender = senders[0]
    if _loops_between(sender.start, channel.make, channel.func):
        return False
    own, others = _sends_on(ctx, sender, channel.symbol), _sends_on(ctx, sender, other)
    if not others or any(not _same(grammar.enclosing_function(s), sender.body) for s in own + others):
        return False
    most, always = _send_counts(cfg.Graph(sender.body, _no_return(ctx, ctx.file)), own + others)
    return most == 1 and always


def _sends_on(ctx: Context, sender: Sender, symbol: scope.Symbol) -> list[Node]:
    sends = []
    for use in ctx.uses(symbol, sender.body):
        node, parent = _outer(use)
        if parent is not None and parent.type == K.SEND_STATEMENT and scope.is_child(node, parent, F.CHANNEL):
            sends.append(parent)
    return sends


def _closed_after_senders(ctx: Context, channel: Channel, other: scope.Symbol) -> bool:
    """`other` is a channel made in the function that only its goroutines close, and only once
    every sender of `channel` is done: deferred in the senders, or after a `wg.Wait()` the
    senders mark done.  The function itself only receives from it."""
    body = grammar.function_body(channel.func)
    if body is None or other.where != scope.LOCAL or not _same(other.func, channel.func) or not _is_made(ctx, other):
        return False
    senders = {s.start.id: s for s in channel.senders if s.sends}
    closed = False
    for use in ctx.uses(other, body):
        if _same(use, other.decl):
            continue
        parent = _outer(use)[1]
        home = grammar.enclosing_function(use)
        if _same(home, channel.func):
            if _is_received(use):
                continue
            return False
        start = _goroutine_start(ctx, home, channel.func)
        statement = _closing_statement(ctx, home, parent)
        if start is None or statement is None:
            return False
        if start.id in senders and _after_every_send(senders[start.id], statement):
            closed = True
        elif (
            start.id not in senders
            and _waits_first(ctx, home, statement)
            and all(s.marks_done for s in senders.values())
        ):
            closed = True
        else:
            return False
    return closed


def _closing_statement(ctx: Context, home: Node | None, parent: Node | None) -> Node | None:
    """For a use whose parent is `parent`: the statement `close(x)` or `defer close(x)` standing
    directly in the body of the function literal `home`."""
    if home is None or parent is None or parent.type != K.ARGUMENTS:
        return None
    call = parent.parent
    if _builtin_name(ctx, ctx.file, call) != "close" or call.parent is None:
        return None
    statement = call.parent
    if statement.type not in (K.EXPRESSION_STATEMENT, K.DEFER_STATEMENT):
        return None
    return statement if _same(statement.parent, home.child_by_field_name(F.BODY)) else None


def _after_every_send(sender: Sender, statement: Node) -> bool:
    """`statement`, standing directly in the sender's body, runs after its sends: deferred, or
    written after all of them."""
    if statement.type == K.DEFER_STATEMENT:
        return True
    return all(send.end_byte <= statement.start_byte for send in sender.send_statements)


def _waits_first(ctx: Context, home: Node, statement: Node) -> bool:
    """A statement before `statement` in the body of `home` is `wg.Wait()` of a sync.WaitGroup."""
    for earlier in grammar.named(statement.parent):
        if earlier.start_byte >= statement.start_byte:
            return False
        if _is_waitgroup_wait(ctx, earlier):
            return True
    return False


def _is_waitgroup_wait(ctx: Context, statement: Node) -> bool:
    call = grammar.unparen(grammar.named(statement)[0]) if statement.type == K.EXPRESSION_STATEMENT else None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if call is None or call.type != K.CALL_EXPRESSION or function is None:
        return False
    if function.type != K.SELECTOR_EXPRESSION or ctx.text(function.child_by_field_name(F.FIELD)) != "Wait":
        return False
    receiver = ctx.program.deref(ctx.type_of(function.child_by_field_name(F.OPERAND)))
    return isinstance(receiver, gotypes.Named) and (receiver.package, receiver.name) == ("sync", "WaitGroup")


def _add(owed: int, more: int) -> int:
    return MANY if owed == MANY or more == MANY else min(MANY, owed + more)


def _sub(owed: int) -> int:
    return MANY if owed == MANY else max(0, owed - 1)


def _exceeds(owed: int, capacity: int) -> bool:
    return owed == MANY or owed > capacity


def _path(parent: dict[_State, _State | None], state: _State) -> list[int]:
    path = []
    current: _State | None = state
    while current is not None:
        path.append(current[0])
        current = parent[current]
    return path[::-1]


def _loops_around(node: Node, func: Node) -> list[Node]:
    loops = []
    for anc in grammar.ancestors(node):
        if anc.id == func.id:
            break
        if anc.type == K.FOR_STATEMENT:
            loops.append(anc)
    return loops


def _loops_between(node: Node, make: Node, func: Node) -> list[Node]:
    """The loops around `node` that do not also contain the make (each iteration adds senders)."""
    return [loop for loop in _loops_around(node, func) if not grammar.is_within(make, loop)]


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
            abandons = owed.abandons(channel.capacity)
            if _is_program_main(ctx, channel.func) and not any(True for _ in _defers(channel.func)):
                # returning from main.main ends the program, blocked goroutines included
                abandons = [a for a in abandons if a.remade]
            kept = [(a, *_explain(ctx, channel, owed, a)) for a in abandons]
            kept = [k for k in kept if k[1] != FEWER or _sends_certain(channel)]
            if kept:
                findings.append(_abandon_finding(ctx, channel, owed, kept))
    # an endless producer has no last send: a range over it is meant to run for ever
    if not channel.closed and not channel.returned and all(s.ends for s in channel.senders):
        findings += [_never_closed_finding(ctx, channel, r) for r in channel.ranges if _only_normal_exit(r)]
    return findings


def _is_program_main(ctx: Context, func: Node) -> bool:
    """`func main()` of package main: when it returns, the program ends."""
    if func.type != K.FUNCTION_DECLARATION or ctx.file.package != "main":
        return False
    name = func.child_by_field_name(F.NAME)
    return name is not None and ctx.text(name) == "main"


def _defers(func: Node):
    """The defer statements of `func` itself (not of its closures): they run after main returns,
    and may wait for the goroutine it left behind (a deadlock) or for a long time."""
    body = grammar.function_body(func)
    for statement in grammar.find_all(body, (K.DEFER_STATEMENT,)) if body is not None else []:
        if _same(grammar.enclosing_function(statement), func):
            yield statement


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
        fix = _buffer_fix(ctx, channel, owed, *count)
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
    text = " ".join(grammar.text(send).split())
    if len(text) > 40:
        text = f"{grammar.text(send.child_by_field_name(F.CHANNEL))} <- ..."
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
        return SELECT_CASE, f"when {_select_takes(comm.node)} and {leaves}"
    ended = next(
        (p for p in points if p.kind == cfg.LOOP_EXIT and p.node is not None and p.node.id in owed.skipped_in), None
    )
    if ended is not None and ended.node is not None:
        skipping = graph[owed.skipped_in[ended.node.id]].node
        if skipping is not None:
            line = ended.node.start_point[0] + 1
            return (
                SELECT_CASE,
                f"when {_select_takes(skipping)} and the loop at line {line} ends before receiving every value",
            )
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


def _select_takes(clause: Node) -> str:
    header = _case_header(clause)
    took = "its default case" if header == "default" else f"`{header}`"
    select = clause.parent if clause.parent is not None else clause
    return f"the select at line {select.start_point[0] + 1} takes {took}"


def _case_header(clause: Node) -> str:
    if cfg.is_default(clause):
        return "default"
    comm = clause.child_by_field_name(F.COMMUNICATION)
    text = " ".join(grammar.text(comm).split()) if comm is not None else ""
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
        if grammar.is_within(last.node, loop):
            return loop
    return loops[0] if loops and last.kind != cfg.LOOP_EXIT else None


# --- the fix: a buffer for every send ----------------------------------------------------------


def _buffer_needed(ctx: Context, channel: Channel, abandons: list[Abandon]) -> tuple[str, str | None] | None:
    """The buffer that holds every send the receiver can abandon, spelled as Go, and what may go
    wrong with it (a count that may be negative: make panics); None when unknown."""
    senders = [s for s in channel.senders if s.sends]
    if any(s.sends == MANY for s in senders):
        return None
    in_loops = [s for s in senders if _loops_between(s.start, channel.make, channel.func)]
    if not in_loops:
        return str(sum(s.sends for s in senders)), None  # one slot per send, as errgroup-style code does
    owed = [a.owed for a in abandons]
    if MANY not in owed:
        return str(max(owed)), None
    if len(senders) != 1 or senders[0].sends != 1:
        return None
    loops = _loops_between(senders[0].start, channel.make, channel.func)
    if len(loops) != 1:
        return None
    return _loop_count(ctx, loops[0], channel)


def _loop_bound(ctx: Context, loop: Node) -> tuple[str, Node] | None:
    """What a loop's number of iterations is read from: ("len", the ranged collection) or
    ("int", the bound of `for i := range n` / `for i := 0; i < n; i++`)."""
    clauses = grammar.named(loop)
    range_clause = next((c for c in clauses if c.type == K.RANGE_CLAUSE), None)
    if range_clause is not None:
        ranged = grammar.unparen(range_clause.child_by_field_name(F.RIGHT))
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
    condition = grammar.unparen(clause.child_by_field_name(F.CONDITION))
    if counter is None or condition is None or condition.type != K.BINARY_EXPRESSION:
        return None
    left = grammar.unparen(condition.child_by_field_name(F.LEFT))
    if grammar.operator(condition) != "<" or left is None or left.type != K.IDENTIFIER or ctx.resolve(left) != counter:
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


def _loop_count(ctx: Context, loop: Node, channel: Channel) -> tuple[str, str | None] | None:
    """How many times `loop` runs, as an expression with the same value where the channel is made,
    and a caveat when that value may be negative (the loop then runs no time, make panics)."""
    bound = _loop_bound(ctx, loop)
    if bound is None:
        return None
    kind, node = bound
    for_clause = any(c.type == K.FOR_CLAUSE for c in grammar.named(loop))
    # a range evaluates its operand once; a for clause tests its bound on every iteration
    until = loop.end_byte if for_clause else loop.start_byte
    if kind == "int":
        count = _stable_count(ctx, node, channel, until)
        if count is None or _negative_constant(ctx, node):
            return None
        caveat = None if _never_negative(ctx, node) else f"make panics if {count} is negative"
        return count, caveat
    if node.type != K.IDENTIFIER or not _universe(ctx, "len", channel.make):
        return None
    is_map = isinstance(ctx.underlying(ctx.type_of(node)), gotypes.Map)
    return (f"len({ctx.text(node)})", None) if _unchanged(ctx, node, channel, until, is_map) else None


def _negative_constant(ctx: Context, count: Node) -> bool:
    value = ctx.program.constant_int(count, ctx.file)
    return value is not None and value < 0


def _never_negative(ctx: Context, count: Node) -> bool:
    """A literal, a constant, `len(x)`, a value of an unsigned type, or a variable only ever set to `len(x)`."""
    count = grammar.unparen(count)
    if count is None:
        return False
    if ctx.program.constant_int(count, ctx.file) is not None or _builtin_name(ctx, ctx.file, count) in ("len", "cap"):
        return True
    under = ctx.underlying(ctx.type_of(count))
    if isinstance(under, gotypes.Basic) and under.name.startswith("uint"):
        return True
    symbol = ctx.resolve(count) if count.type == K.IDENTIFIER else None
    return symbol is not None and _only_set_to_a_length(ctx, symbol)


def _only_set_to_a_length(ctx: Context, symbol: scope.Symbol) -> bool:
    """`n := len(xs)`, and `n` never assigned again."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None or _builtin_name(ctx, ctx.file, grammar.unparen(symbol.value)) not in ("len", "cap"):
        return False
    return not any(scope.is_written(u) for u in ctx.uses(symbol, body) if not _same(u, symbol.decl))


def _counter(ctx: Context, clause: Node, loop: Node) -> scope.Symbol | None:
    """`i := 0; ...; i++` with `i` never assigned in the body: the counter."""
    init = clause.child_by_field_name(F.INIT)
    post = clause.child_by_field_name(F.POST)
    if init is None or post is None or init.type != K.SHORT_VAR_DECLARATION or post.type != K.INC_DEC_STATEMENT:
        return None
    names = grammar.items(init.child_by_field_name(F.LEFT))
    values = grammar.items(init.child_by_field_name(F.RIGHT))
    if len(names) != 1 or len(values) != 1 or not _is_zero(ctx, values[0]):
        return None
    if grammar.operator(post) != "++" or ctx.text(grammar.named(post)[0]) != ctx.text(names[0]):
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
    value = grammar.unparen(value)
    if value is not None and value.type == K.CALL_EXPRESSION:
        args = grammar.named(value.child_by_field_name(F.ARGUMENTS))
        if len(args) != 1 or ctx.program.conversion_type(value.child_by_field_name(F.FUNCTION), ctx.file) is None:
            return False
        value = grammar.unparen(args[0])
    return value is not None and value.type == K.INT_LITERAL and ctx.text(value) == "0"


def _stable_count(ctx: Context, expr: Node | None, channel: Channel, until: int) -> str | None:
    """`expr` spelled at the make: a constant, or a variable (or len of one) unchanged up to `until`."""
    expr = grammar.unparen(expr)
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
        args = grammar.named(expr.child_by_field_name(F.ARGUMENTS))
        if len(args) != 1 or grammar.unparen(args[0]).type != K.IDENTIFIER:
            return None
        arg = grammar.unparen(args[0])
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
    body = grammar.function_body(channel.func)
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
        return _builtin_name(ctx, ctx.file, parent.parent) not in ("len", "cap")
    return False


def _buffer_fix(ctx: Context, channel: Channel, owed: _Owed, count: str, count_caveat: str | None):
    message = f"give {channel.name} a buffer for every send: make({ctx.text(channel.type_arg)}, {count})"
    safety, caveat = _buffer_safety(ctx, channel, owed)
    if count_caveat is not None and safety == Safety.SAFE:
        safety, caveat = Safety.UNSAFE, count_caveat
    message += f" ({caveat})" if caveat else ""
    if channel.capacity_arg is not None:
        return ctx.fix(message, ctx.replace(channel.capacity_arg, count), safety=safety)
    closing = channel.make.child_by_field_name(F.ARGUMENTS)
    between = ctx.src[channel.type_arg.end_byte : closing.end_byte - 1] if closing is not None else b"?"
    if between.strip():
        return None  # a trailing comma or a comment: not a shape worth spelling out
    return ctx.fix(message, ctx.insert(channel.type_arg.end_byte, f", {count}"), safety=safety)


def _buffer_safety(ctx: Context, channel: Channel, owed: _Owed) -> tuple[Safety, str | None]:
    """How safe a buffer is, and why not when it is not.

    Unbuffered, whatever a sender does after its send happens after the receiver took the
    value; buffered, it may happen before, while the value waits in the buffer.
    """
    name = channel.name
    if channel.returned:
        # the caller receives on that path: check it does not rely on the hand-off
        return Safety.SUGGESTION, f"{name} is also returned at line {ctx.line_of(channel.returned[0].start_byte)}"
    if any(s.sends > 1 for s in channel.senders):
        return Safety.SUGGESTION, None  # a goroutine that sends several values may pace itself on the receiver
    measured = channel.measured or [m for s in channel.senders for m in s.measured]
    if measured:
        return Safety.UNSAFE, f"{grammar.text(measured[0])} no longer reads 0"
    going_on = next((s for s in channel.senders if s.goes_on is not None), None)
    if going_on is not None and going_on.goes_on is not None:
        where = f"line {going_on.goes_on.start_point[0] + 1}"
        if going_on.file is not None and going_on.file.path != ctx.file.path:
            where += f" of {going_on.file.path.rsplit('/', 1)[-1]}"
        return Safety.UNSAFE, f"after its send the goroutine goes on at {where} without waiting for the receiver"
    if owed.signals:
        line = ctx.line_of(owed.graph[min(owed.signals)].node.start_byte)
        return Safety.UNSAFE, f"the case at line {line} may then be chosen while a value waits in the buffer"
    waiter = _waiter_going_on(ctx, channel) if any(s.marks_done for s in channel.senders) else None
    if waiter is not None:
        line = ctx.line_of(waiter.start_byte)
        return Safety.UNSAFE, f"line {line} may then run while a value waits in the buffer"
    return Safety.SAFE, None


def _waiter_going_on(ctx: Context, channel: Channel) -> Node | None:
    """In a goroutine of the function, a statement after `wg.Wait()` other than `close(ch)`:
    it waits for the senders' Done, which a buffer lets come before the receive."""
    body = grammar.function_body(channel.func)
    for statement in grammar.find_all(body, (K.EXPRESSION_STATEMENT,)) if body is not None else []:
        home = grammar.enclosing_function(statement)
        if not _is_waitgroup_wait(ctx, statement) or _goroutine_start(ctx, home, channel.func) is None:
            continue
        for later in grammar.named(statement.parent):
            if later.start_byte > statement.start_byte and _quiet_step(ctx, ctx.file, later, channel.symbol) != "close":
                return later
    return None


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
        if branch.type == K.BREAK_STATEMENT and target is not None and not grammar.is_within(target, body):
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
