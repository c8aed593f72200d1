"""A channel a function makes, and everyone who sends on it.

`survey` sorts every use of a local channel variable: receives, ranges,
`close`, `len`/`cap`, returns in the function's own flow, and the senders —
goroutines it starts (literals that capture the channel, or functions given
it as an argument, see `goroutines`), code it hands the channel to inside a
request value (see `handoffs`), or the goroutines of a helper that made and
returned it.  For each sender it records how many blocking sends one run
makes on a path, whether every run sends, and what it does after its send
that others could observe.  A use the analysis cannot follow (stored, handed
to unknown code, used by a closure run who knows when) raises `Unsupported`:
the channel is then left alone.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from gofixleak.analysis import bindings, calls, cfg, goroutines, loops
from gofixleak.analysis.slicing import outer_use
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Sends still owed to the receiver are counted exactly up to LIMIT; MANY stands for
# "more than that, or a number only known at run time" (a loop, a goroutine sending in a loop).
LIMIT = 8
MANY = LIMIT + 1

# Who sends
GOROUTINE = "goroutine"  # a goroutine the function starts
RESPONDER = "responder"  # code the channel is handed to in a request value (see `handoffs`)
HELPER = "helper"  # the goroutines of a function of the package that made and returned the channel


class Unsupported(Exception):
    """The channel is used in a way the analysis does not model: say nothing about it."""


@dataclass
class Sender:
    """Code that sends on the channel: a goroutine, a responder, or a helper's goroutines."""

    start: Node  # where its sends start to be owed: the go statement, wg.Go(...), the hand-off, the helper call
    body: Node  # the function that sends (a literal, a function of the package, the responder)
    sends: int  # the most blocking sends one run makes on a path (MANY: unbounded)
    always: bool  # every run sends at least once
    first_send: Node | None
    callee: str | None = None  # the function's name for `go worker(ch)`, the helper's name
    closes: bool = False  # it closes the channel
    # the first thing it may do after a send that others can observe (None: it only ends): with a
    # buffer that no longer waits until the receiver has taken the value
    goes_on: Node | None = None
    file: ParsedFile | None = None  # where `body` is (another file of the package for `go worker(ch)`)
    send_statements: list[Node] = field(default_factory=list)  # its blocking sends
    measured: list[Node] = field(default_factory=list)  # len(ch) or cap(ch) in it
    marks_done: bool = False  # it ends with a WaitGroup's Done (deferred, or started by wg.Go)
    ends: bool = True  # some path reaches the end of the function (an endless producer does not)
    kind: str = GOROUTINE
    # the WaitGroups it marks done after its sends, as `group_key` spells them in the starting function
    done_groups: set[object] = field(default_factory=set)
    send_file: ParsedFile | None = None  # where `first_send` is, when not in `file` (a function it calls)
    single: bool = True  # at most one send per request can be shown (responders)
    certain: bool = True  # once started its sends are owed (a request handed to a function may be dropped)
    # run by the runtime's one finalizer goroutine (runtime.SetFinalizer, AddCleanup): blocking it
    # stops every later finalizer of the process, in a test binary too
    finalizer: bool = False


@dataclass
class Channel:
    symbol: scope.Symbol
    name: str
    make: Node  # the make(...) call, or the call of the helper that returns the channel
    func: Node  # the function the channel is made in (or received from the helper in)
    type_arg: Node | None  # the element type's syntax in make(chan T), when made here
    capacity_arg: Node | None
    capacity: int | None  # None: a size the rule does not judge (assumed big enough)
    senders: list[Sender] = field(default_factory=list)
    receives: list[Node] = field(default_factory=list)  # `<-ch` in the function's own flow
    ranges: list[Node] = field(default_factory=list)  # `for ... := range ch` clauses
    returned: list[Node] = field(default_factory=list)  # `return ch`: the caller receives from then on
    measured: list[Node] = field(default_factory=list)  # len(ch), cap(ch): they change with a buffer
    closes: list[Node] = field(default_factory=list)  # close(ch) in the function's own flow
    handoffs: list[Node] = field(default_factory=list)  # uses that hand the channel to a responder
    helper: Helper | None = None  # the function of the package that made and returned it
    helper_sender: Sender | None = None  # ... and its goroutines, as one sender started at the call

    @property
    def closed(self) -> bool:
        return bool(self.closes) or any(s.closes for s in self.senders)


def made_channel(view: FileView, call: Node, file: ParsedFile | None = None) -> Channel | None:
    """`ch := make(chan T[, n])` (or `var ch = ...`) declaring a new local variable.

    `file` is the file `call` is in, when not the one being checked."""
    file = file or view.file
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or grammar.text(function) != "make":
        return None
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if not args or len(args) > 2:
        return None
    made = view.underlying(view.program.type_from_node(args[0], file))
    if not isinstance(made, gotypes.Chan) or made.direction != "both":
        return None
    symbol = view.program.resolve(function, file)
    if symbol is None or symbol.kind != scope.BUILTIN:
        return None
    variable = _declared_variable(view, file, call)
    if variable is None or variable.func is None:
        return None
    capacity_arg = args[1] if len(args) == 2 else None
    return Channel(variable, variable.name, call, variable.func, args[0], capacity_arg, _literal_capacity(capacity_arg))


def _literal_capacity(arg: Node | None) -> int | None:
    """0 without a size; the size when it is a small integer literal; else None (a name, an
    expression or more than LIMIT: sized on purpose, trusted)."""
    if arg is None:
        return 0
    inner = grammar.unparen(arg)
    if inner is None or inner.type != K.INT_LITERAL:
        return None
    try:
        size = int(grammar.text(inner).replace("_", ""), 0)
    except ValueError:
        return None
    return size if size <= LIMIT else None  # sends are only counted exactly up to LIMIT


def _declared_variable(view: FileView, file: ParsedFile, value: Node) -> scope.Symbol | None:
    """The new local variable `value` initialises (`v := value`, `var v = value`)."""
    bound = bindings.binding(view, value, file=file)
    return bound.symbol if bound is not None else None


@dataclass
class Helper:
    """A function of the package that makes a channel, starts goroutines that send on it and returns it."""

    name: str
    channel: Channel  # its own channel (its make, its senders)
    file: ParsedFile  # where it is declared
    exported: bool


def may_initialise(call: Node) -> bool:
    """`v := call` or `var v = call` (syntax only: cheap)."""
    values = call.parent
    owner = values.parent if values is not None else None
    if values is None or owner is None or values.type != K.EXPRESSION_LIST:
        return False
    return owner.type in (K.SHORT_VAR_DECLARATION, K.VAR_SPEC) and len(grammar.named(values)) == 1


class Helpers:
    """Which functions of the package may return a channel (by name, looked up as calls to them
    are met), and what each returns: one per check of a file."""

    def __init__(self, view: FileView):
        self.facts = view.program.facts
        self.names: dict[str, bool] = {}
        self.returned: dict[int, Channel | None] = {}

    def may_return_channel(self, name: str) -> bool:
        """A function or method of the package named `name` whose results mention a channel."""
        if name not in self.names:
            facts = self.facts
            funcs = []
            if facts is not None:
                value = facts.values.get(name)
                funcs = [value.spec] if value is not None and value.kind == "func" else []
                funcs += [m.node for methods in facts.methods.values() if (m := methods.get(name)) is not None]
            results = (f.child_by_field_name(F.RESULT) for f in funcs)
            self.names[name] = any(r is not None and "chan" in grammar.text(r) for r in results)
        return self.names[name]


def from_helper(view: FileView, call: Node, helpers: Helpers) -> Channel | None:
    """`ch := start(...)` declaring a new local, where `start` is a function of the package that
    makes an unbuffered (or small) channel, starts goroutines that send on it a known number of
    times, receives nothing from it and returns it on every path: the caller is then owed those
    sends, as if it had started the goroutines itself.

    `helpers` knows which functions of the package may return a channel, and caches what each
    returns."""
    if not may_initialise(call):
        return None  # cheap filters first: most calls initialise nothing
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type not in (K.IDENTIFIER, K.SELECTOR_EXPRESSION):
        return None
    name = function if function.type == K.IDENTIFIER else function.child_by_field_name(F.FIELD)
    if not helpers.may_return_channel(grammar.text(name)):
        return None
    runs = goroutines.callee(view, call)
    if runs is None or runs.node.type == K.FUNCTION_LITERAL or runs.name is None:
        return None
    result = runs.node.child_by_field_name(F.RESULT)
    if result is None or "chan" not in grammar.text(result):
        return None  # the function returns no channel
    if runs.node.id not in helpers.returned:
        helpers.returned[runs.node.id] = _returned_channel(view, runs)
    made = helpers.returned[runs.node.id]
    if made is None or made.capacity is None:
        return None
    variable = _declared_variable(view, view.file, call)
    if variable is None or variable.func is None:
        return None
    under = view.underlying(view.type_of(call))
    if not isinstance(under, gotypes.Chan) or under.direction == "send":
        return None
    helper = Helper(runs.name, made, runs.file, runs.name.split(".")[-1][:1].isupper())
    channel = Channel(variable, variable.name, call, variable.func, None, None, made.capacity, helper=helper)
    senders = [s for s in made.senders if s.sends]
    first = senders[0]
    owed = 0
    for sender in senders:
        owed = add(owed, sender.sends)
    goes_on = next((s.goes_on for s in senders if s.goes_on is not None), None)
    channel.helper_sender = Sender(
        call,
        runs.node,
        owed,
        all(s.always for s in senders),
        first.first_send,
        runs.name,
        goes_on=goes_on,
        file=runs.file,
        measured=[m for s in made.senders for m in s.measured],
        ends=all(s.ends for s in senders),
        kind=HELPER,
    )
    return channel


def _returned_channel(view: FileView, runs: goroutines.Callee) -> Channel | None:
    """The channel `runs` makes and returns on every path, when its goroutines are all that sends
    on it, each a known number of times, and the function itself does nothing else with it."""
    body = grammar.function_body(runs.node)
    if body is None:
        return None
    returns = grammar.find_all(body, (K.RETURN_STATEMENT,))
    returns = [r for r in returns if grammar.same(grammar.enclosing_function(r), runs.node)]
    if not returns:
        return None
    resolver = view.program.resolver(runs.file)
    returned: set[scope.Symbol] = set()
    for statement in returns:
        results = grammar.items(grammar.named(statement)[0]) if grammar.named(statement) else []
        value = grammar.unparen(results[0]) if len(results) == 1 else None
        symbol = resolver.resolve(value) if value is not None and value.type == K.IDENTIFIER else None
        if symbol is None:
            return None
        returned.add(symbol)
    if len(returned) != 1:
        return None
    (symbol,) = returned
    made = grammar.unparen(symbol.value)
    if made is None or made.type != K.CALL_EXPRESSION:
        return None
    channel = made_channel(view, made, runs.file)
    if channel is None or channel.symbol != symbol or not grammar.same(channel.func, runs.node):
        return None
    try:
        survey(view, channel, runs.file)
    except Unsupported:
        return None
    if channel.receives or channel.ranges or channel.closes or channel.handoffs or channel.measured:
        return None
    senders = [s for s in channel.senders if s.sends]
    if not senders or any(s.sends == MANY or s.closes for s in channel.senders):
        return None
    if any(loops.loops_around(s.start, runs.node) for s in senders):
        return None
    return channel


def survey(view: FileView, channel: Channel, file: ParsedFile | None = None) -> None:
    """Sort every use of the channel; raise Unsupported for uses the analysis cannot follow.

    `file` is the file the channel's function is in, when not the one being checked.  Hand-offs
    are recorded in `channel.handoffs`; `handoffs.responders` turns them into senders.
    """
    file = file or view.file
    body = grammar.function_body(channel.func)
    if body is None:
        raise Unsupported
    senders: dict[int, Sender] = {}
    captured: set[int] = set()  # goroutine literals that capture the channel (not given it)
    for use in view.program.resolver(file).uses(channel.symbol, body):
        if grammar.same(use, channel.symbol.decl):
            continue
        home = grammar.enclosing_function(use)
        if grammar.same(home, channel.func):
            _own_use(view, file, channel, use, senders)
            continue
        start = goroutines.start_of(view, home, channel.func, file)
        if start is None or home is None:
            channel.handoffs.append(use)  # a closure run by someone else: maybe a responder
            continue
        if start.id not in senders:
            senders[start.id] = goroutine_sender(view, file, start, home, channel.symbol, None)
            captured.add(start.id)
        elif start.id not in captured:
            raise Unsupported  # also handed to the literal as an argument: sends miscounted
    channel.senders = [s for s in senders.values() if s.sends or s.closes]
    if channel.helper_sender is not None:
        channel.senders.append(channel.helper_sender)


def _own_use(view: FileView, file: ParsedFile, channel: Channel, use: Node, senders: dict[int, Sender]) -> None:
    """A use in the function's own flow."""
    node = outer_use(use)
    parent = node.parent
    if parent is None:
        raise Unsupported
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
        builtin = calls.builtin_name(view, call, file)
        if call is not None and builtin in ("len", "cap"):
            channel.measured.append(call)
            return
        if call is not None and builtin == "close" and call.parent is not None:
            if call.parent.type == K.DEFER_STATEMENT:
                # closed when the function returns: a sender still owed then panics instead of
                # blocking, and a buffer would not save it
                raise Unsupported
            channel.closes.append(call)
            return
        if call is not None and call.parent is not None and call.parent.type == K.GO_STATEMENT:
            start = call.parent
            if start.id in senders:
                # `go worker(ch, ch)`, or a literal that also captures it: the parameter
                # followed is not the only name the goroutine sends on, its sends are miscounted
                raise Unsupported
            senders[start.id] = _goroutine_call(view, file, start, call, node)
            return
        channel.handoffs.append(use)  # handed to a function: maybe to a responder
        return
    returned = parent.parent if parent.type == K.EXPRESSION_LIST else parent
    if returned is not None and returned.type == K.RETURN_STATEMENT:
        channel.returned.append(returned)
        return
    if parent.type in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
        channel.handoffs.append(use)  # a field of a request value: maybe for a responder
        return
    # stored in a variable or a field: whoever reads it there may receive the rest
    raise Unsupported


def _goroutine_call(view: FileView, file: ParsedFile, start: Node, call: Node, arg: Node) -> Sender:
    """`go worker(ch)` or `go func(c chan<- T) {...}(ch)`: follow the parameter that gets the channel."""
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    index = next(i for i, a in enumerate(args) if a.id == arg.id)
    runs = goroutines.callee(view, call, file)
    if runs is None:
        raise Unsupported  # an interface method, a promoted method, a function value, another package
    param = goroutines.parameter(view, runs.file, runs.node, index)
    if param is None:
        raise Unsupported
    sender = goroutine_sender(view, runs.file, start, runs.node, param, runs.name)
    sender.done_groups = {_argument_group(view, file, call, group, runs) for group in sender.done_groups}
    return sender


def _argument_group(view: FileView, file: ParsedFile, call: Node, group: object, runs: goroutines.Callee) -> object:
    """A WaitGroup the callee marks done, as the caller spells it: `wg` for `go worker(ch, &wg)`."""
    if not isinstance(group, scope.Symbol) or group.where != scope.PARAM:
        return group
    for index, arg in enumerate(grammar.named(call.child_by_field_name(F.ARGUMENTS))):
        if goroutines.parameter(view, runs.file, runs.node, index) == group:
            return group_key(view, file, arg)
    return group


def group_key(view: FileView, file: ParsedFile, operand: Node | None) -> object:
    """How WaitGroups are told apart: the variable for `wg` or `&wg`, else the spelling (`s.wg`)."""
    inner = grammar.unparen(operand)
    if inner is not None and inner.type == K.UNARY_EXPRESSION and grammar.operator(inner) in ("&", "*"):
        inner = grammar.unparen(inner.child_by_field_name(F.OPERAND))
    if inner is None:
        return None
    if inner.type == K.IDENTIFIER:
        symbol = view.program.resolve(inner, file)
        if symbol is not None:
            return symbol
    return " ".join(grammar.text(inner).split())


# --- what a sender does -----------------------------------------------------------------------


def flow_graph(view: FileView, func: Node, file: ParsedFile | None = None) -> cfg.Graph:
    """The control-flow graph of `func` where panics and program exits end a path, and calls that
    end the goroutine (`t.Fatal`, `runtime.Goexit`) leave the function like a return."""
    graph = cfg.Graph(func, calls.never_returns(view, file))
    for point in graph:
        statement = point.node
        if point.kind != cfg.STATEMENT or point.succ or statement is None:
            continue
        if statement.type == K.EXPRESSION_STATEMENT and calls.ending(view, statement, file) == calls.ENDS_GOROUTINE:
            point.succ = [graph.exit]
    return graph


MAX_CALL_DEPTH = 2  # functions followed from a goroutine that passes the channel on (`worker(jobs, errs)`)


def goroutine_sender(
    view: FileView, file: ParsedFile, start: Node, body: Node, channel: scope.Symbol, callee: str | None, depth: int = 0
) -> Sender:
    """How the goroutine running `body` uses the channel (known there as `channel`).

    A call in its body that passes the channel to a function of the package (`go func() {
    defer wg.Done(); worker(jobs, errs) }()`) counts as that function's sends, made at the call."""
    blocking: list[Node] = []
    measured: list[Node] = []
    passed: list[tuple[Node, Sender]] = []  # calls that pass the channel on, and what the callee does with it
    closes = False
    for use in view.program.resolver(file).uses(channel, body):
        if grammar.same(use, channel.decl):
            continue
        if not grammar.same(grammar.enclosing_function(use), body):
            raise Unsupported  # a goroutine or closure inside the goroutine
        node = outer_use(use)
        parent = node.parent
        if parent is not None and parent.type == K.SEND_STATEMENT and scope.is_child(node, parent, F.CHANNEL):
            if not is_guarded(parent):
                blocking.append(parent)
            continue
        if parent is not None and parent.type == K.ARGUMENTS:
            builtin = calls.builtin_name(view, parent.parent, file)
            if builtin == "close":
                closes = True
                continue
            if builtin in ("len", "cap") and parent.parent is not None:
                measured.append(parent.parent)
                continue
            call = parent.parent
            if builtin is None and call is not None and depth < MAX_CALL_DEPTH:
                passed.append((call, _passed_on(view, file, start, call, node, depth)))
                continue
        if parent is not None and parent.type == K.BINARY_EXPRESSION and grammar.operator(parent) in ("==", "!="):
            continue
        raise Unsupported  # the goroutine receives too, or passes the channel on
    inner = [s for _, s in passed if s.sends]
    first = blocking[0] if blocking else (inner[0].first_send if inner else None)
    sender = Sender(start, body, 0, False, first, callee, closes or any(s.closes for _, s in passed), file=file)
    sender.send_file = file if blocking or not inner else inner[0].send_file
    sender.measured = measured + [m for _, s in passed for m in s.measured]
    # the points of this body where sends are made: its own sends, and the calls that send
    sender.send_statements = blocking + [call for call, s in passed if s.sends]
    if sender.send_statements:
        graph = flow_graph(view, body, file)
        weights = {call.id: s.sends for call, s in passed}
        sender.sends, sender.always = send_counts(graph, sender.send_statements, weights=weights)
        sender.always = sender.always and all(s.always for s in inner)
        sender.goes_on, sender.done_groups = after_sends(view, file, graph, sender.send_statements, channel)
        sender.goes_on = sender.goes_on or next((s.goes_on for s in inner if s.goes_on is not None), None)
        for call, s in passed:
            runs = goroutines.callee(view, call, file)
            if runs is not None:
                sender.done_groups |= {_argument_group(view, file, call, group, runs) for group in s.done_groups}
        if start.type == K.CALL_EXPRESSION:  # wg.Go(f) calls Done when f returns
            sender.done_groups.add(group_key(view, file, calls.waitgroup_operand(start)))
        sender.marks_done = bool(sender.done_groups)
        sender.ends = graph.exit in reachable(graph, graph.entry, set()) and all(s.ends for s in inner)
    return sender


def _passed_on(view: FileView, file: ParsedFile, start: Node, call: Node, arg: Node, depth: int) -> Sender:
    """What the function a goroutine calls with the channel (`worker(jobs, errs)`) does with it."""
    if call.parent is not None and call.parent.type in (K.GO_STATEMENT, K.DEFER_STATEMENT):
        raise Unsupported  # another goroutine, or a deferred call
    runs = goroutines.callee(view, call, file)
    if runs is None:
        raise Unsupported  # an interface method, a function value, another package: it may receive
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    index = next((i for i, a in enumerate(args) if grammar.same(a, arg)), None)
    param = goroutines.parameter(view, runs.file, runs.node, index) if index is not None else None
    if param is None:
        raise Unsupported
    return goroutine_sender(view, runs.file, start, runs.node, param, runs.name, depth + 1)


def is_guarded(send: Node) -> bool:
    """A send that is one case of a select with another way out (another case or default)."""
    clause = send.parent
    if clause is None or clause.type != K.COMMUNICATION_CLAUSE or not scope.is_child(send, clause, F.COMMUNICATION):
        return False  # not a case of a select (a send in a case's body blocks like any other)
    select = clause.parent
    return select is not None and sum(1 for c in grammar.named(select) if c.type == K.COMMUNICATION_CLAUSE) > 1


def send_counts(
    graph: cfg.Graph, sends: list[Node], start: int | None = None, weights: dict[int, int] | None = None
) -> tuple[int, bool]:
    """(the most blocking sends one run makes on a path, whether every run sends).

    From `start` (default: the entry), a path ends at the exit or when it comes back to `start`
    (the next request of a responder's loop).  `weights` gives how many sends a node of `sends`
    stands for (a call of a function that sends), by node id; else one."""
    counted: dict[int, int] = {}
    for send in sends:
        point = graph.point_at(send)
        if point is not None:
            counted[point.index] = add(counted.get(point.index, 0), (weights or {}).get(send.id, 1))
    first = graph.entry if start is None else start
    most, always = 0, True
    seen = {(first, 0)}
    queue = deque(seen)
    while queue:
        index, count = queue.popleft()
        count = add(count, counted.get(index, 0))
        most = max(most, count)
        for succ in graph[index].succ:
            if (succ == graph.exit or succ == start) and count == 0:
                always = False
            if succ == start or (succ, count) in seen:
                continue
            seen.add((succ, count))
            queue.append((succ, count))
    return most, always


def after_sends(
    view: FileView, file: ParsedFile, graph: cfg.Graph, sends: list[Node], channel: scope.Symbol
) -> tuple[Node | None, set[object]]:
    """(the first statement or deferred call that may run after one of `sends` and that others could
    observe, the WaitGroups whose Done it calls after them).

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
        if grammar.same(grammar.enclosing_function(deferred), graph.func):
            later.append(deferred.child_by_field_name(F.CALL) or deferred)
    groups: set[object] = set()
    for node in sorted(later, key=lambda n: n.start_byte):
        quiet = quiet_step(view, file, node, channel)
        if quiet is None:
            return node, groups
        if quiet == "done":
            call = node if node.type == K.CALL_EXPRESSION else calls.called_statement(node)
            groups.add(group_key(view, file, calls.waitgroup_operand(call) if call is not None else None))
    return None, groups


def quiet_step(view: FileView, file: ParsedFile, node: Node, channel: scope.Symbol) -> str | None:
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
        node = grammar.unparen(grammar.named(node)[0]) or node
    if node.type != K.CALL_EXPRESSION:
        return None
    args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
    if calls.builtin_name(view, node, file) == "close" and len(args) == 1:
        closed = grammar.unparen(args[0])
        if closed is None or closed.type != K.IDENTIFIER:
            return None
        return "close" if view.program.resolve(closed, file) == channel else None
    if args:
        return None
    if calls.waitgroup_method(view, node, file) == "Done":
        return "done"
    return "unlock" if _is_unlock(view, file, node) else None


def _is_unlock(view: FileView, file: ParsedFile, call: Node) -> bool:
    """`mu.Unlock()` or `mu.RUnlock()` of a sync.Mutex or sync.RWMutex."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    if grammar.text(function.child_by_field_name(F.FIELD)) not in ("Unlock", "RUnlock"):
        return False
    receiver = view.program.deref(view.program.type_of(function.child_by_field_name(F.OPERAND), file))
    return isinstance(receiver, gotypes.Named) and receiver.package == "sync" and receiver.name in ("Mutex", "RWMutex")


def reachable(graph: cfg.Graph, start: int, avoid: set[int], within: Node | None = None) -> set[int]:
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


def add(owed: int, more: int) -> int:
    return MANY if owed == MANY or more == MANY else min(MANY, owed + more)


def sub(owed: int) -> int:
    return MANY if owed == MANY else max(0, owed - 1)


def exceeds(owed: int, capacity: int) -> bool:
    return owed == MANY or owed > capacity
