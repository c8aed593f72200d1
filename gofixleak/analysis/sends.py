"""Sends still owed to a function along its paths: where the receiver can give up on goroutines.

Given a surveyed channel (`channels.survey`), `OwedSends` places on the
function's control-flow graph where sends start to be owed (a `go`
statement, a hand-off to a responder, a helper's call), where they are
received, and where nothing is owed any more (a receiving loop run to its
end or a counting check, `v, ok := <-ch` found closed, `return ch`, a select
case that only comes once every sender is done, `close(ch)`).  `abandons`
then walks the paths from the channel's creation on, counting what is still
owed, and returns every way the function leaves (or makes the channel again,
or waits in `wg.Wait()` for senders that are still blocked) owing more sends
than the buffer holds.

The walk is path-sensitive in one way: an `if` condition that occurs more
than once and reads only variables the function never changes is taken the
same way each time (`if async {` ... `if async {`), until a variable it reads
is declared again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from gofixleak.analysis import calls, cfg, channels, goroutines, loops
from gofixleak.analysis.channels import (
    LIMIT,
    MANY,
    Channel,
    Sender,
    add,
    exceeds,
    flow_graph,
    reachable,
    send_counts,
    sub,
)
from gofixleak.analysis.slicing import outer_use
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


@dataclass
class Abandon:
    """A path on which the receiver leaves with sends still owed."""

    owed: int  # sends never received (MANY: unknown)
    path: list[int]  # graph points from the channel's creation to the last point before leaving
    remade: bool = False  # the loop makes a new channel while the old one is still owed sends
    waits: int | None = None  # the point of a `wg.Wait()` that waits for the blocked senders (a deadlock)
    failed: bool = False  # the path passes `t.Fatal`, `t.Errorf`...: the test has already failed on it


class OwedSends:
    """Where on the function's graph sends start to be owed, are received, or stop mattering."""

    def __init__(self, view: FileView, channel: Channel, graph: cfg.Graph | None = None):
        self.graph = graph or flow_graph(view, channel.func)
        self.spawns: dict[int, int] = {}  # point -> sends added there
        self.spawned_by: dict[int, Sender] = {}
        self.receives: dict[int, int] = {}
        self.drains: set[int] = set()  # after these points nothing is owed any more
        self.drain_edges: set[tuple[int, int]] = set()  # ... or after taking these edges
        self.signals: set[int] = set()  # select cases on a channel closed once every sender is done
        self.skipped_in: dict[int, int] = {}  # receiving loop -> a select case that skips the receive
        self.dead: set[int] = set()  # select cases that can never be taken
        self.waits: set[int] = set()  # `wg.Wait()` for a WaitGroup every sender marks done after sending
        self.failing: set[int] = set()  # statements after which the test has failed (`t.Fatal`, `t.Error`)
        make = self.graph.point_at(channel.make)
        self.remake = make.index if make is not None else None
        self.repeated, self.forgets = _repeated_conditions(view, self.graph, channel.func)
        self.complete = self.remake is not None and self._place(view, channel)

    def _place(self, view: FileView, channel: Channel) -> bool:
        graph = self.graph
        for sender in channel.senders:
            point = _spawn_point(view, channel, sender, graph)
            if point is None:
                return False
            self.spawns[point] = add(self.spawns.get(point, 0), sender.sends)
            self.spawned_by.setdefault(point, sender)
        receiving: list[Node] = []
        for receive in [*channel.receives, *channel.ranges]:
            receiving_point = graph.point_at(receive)
            if receiving_point is None:
                return False
            self.receives[receiving_point.index] = self.receives.get(receiving_point.index, 0) + 1
            receiving += loops.loops_around(receive, channel.func)
        receiving += [r.parent for r in channel.ranges if r.parent is not None]
        # a receiving loop that runs to its end has received every send (its count is trusted),
        # unless a select in it can give up on the channel and come round again
        self.dead = _dead_cases(view, channel, graph)
        # a case receiving what the same goroutines send instead takes one of their sends too
        alternatives = _alternative_cases(view, channel, graph)
        for loop in receiving:
            skipping = _receive_skipped(graph, loop, set(self.receives), self.dead | alternatives)
            if skipping is not None:
                self.skipped_in[loop.id] = skipping
        counted = [n for n in receiving if n.id not in self.skipped_in]
        self.drains |= {
            p.index for p in graph if p.kind == cfg.LOOP_EXIT and any(grammar.same(p.node, n) for n in counted)
        }
        # `return ch`: from there on the caller is the receiver; after `close(ch)` a sender panics
        # rather than blocks (a bug of another kind)
        endings = [*channel.returned, *channel.closes]
        # `if n == len(xs) { return }` inside a receiving loop: it stops after counting every send
        endings += _counting_checks(view, channel, receiving)
        self.drains |= {p.index for p in map(graph.point_at, endings) if p is not None}
        self.drain_edges |= _closed_checks(view, channel, graph)
        instead, self.signals = _sibling_cases(view, channel, graph)
        self.drains |= instead | self.signals
        self.waits = _waits_for_senders(view, channel, graph)
        self.failing = {
            p.index
            for p in graph
            if p.kind == cfg.STATEMENT and p.node is not None and _gives_up_test(view, p.node, channel.func)
        }
        return True

    def abandons(self, capacity: int) -> list[Abandon]:
        """Every way the function can leave (or remake the channel, or wait for blocked senders)
        owing more sends than the buffer holds, from the channel's creation on.

        A state is (point, sends owed, the outcomes of repeated conditions so far, whether the
        test has failed on the way): a path that takes `if async {` one way and a later `if
        async {` the other is not followed, and a path through `t.Fatal` is told apart from one
        that reaches the same point without failing.
        """
        graph = self.graph
        found: list[Abandon] = []
        if self.remake is None:
            return found
        start: _State = (self.remake, 0, frozenset(), False)
        parent: dict[_State, _State | None] = {start: None}
        queue = deque([start])
        while queue:
            state = queue.popleft()
            index, owed, decided, failed = state
            failed = failed or index in self.failing
            if index == self.remake:
                if exceeds(owed, capacity):
                    found.append(Abandon(owed, _path(parent, state), remade=True, failed=failed))
                owed = 0
            owed = add(owed, self.spawns.get(index, 0))
            for _ in range(self.receives.get(index, 0)):
                owed = sub(owed)
            if index in self.waits:
                if exceeds(owed, capacity):
                    # the senders cannot mark the group done while they wait on their sends
                    found.append(Abandon(owed, _path(parent, state), waits=index, failed=failed))
                owed = 0  # when Wait returns, every sender is done: what they sent is in the buffer
            if index in self.drains:
                owed = 0
            for branch, succ in enumerate(graph[index].succ):
                outcomes = self._decide(index, branch, decided)
                if outcomes is None or succ in self.dead:
                    continue  # contradicts how the same condition went before, or cannot happen
                left = 0 if (index, succ) in self.drain_edges else owed
                if succ == graph.exit:
                    if exceeds(left, capacity):
                        found.append(Abandon(left, _path(parent, state), failed=failed))
                    continue
                following = (succ, left, outcomes, failed)
                if following not in parent:
                    parent[following] = state
                    queue.append(following)
        return found

    def abandoning_case(self, points: list[cfg.Point]) -> cfg.Point | None:
        """The last select case on `points` taken instead of a case that receives from the channel."""
        for point in reversed(points):
            if point.kind != cfg.COMM or point.index in self.receives or point.node is None:
                continue
            select = point.node.parent
            siblings = [p for p in self.graph if p.kind == cfg.COMM and p.node is not None]
            if any(p.index in self.receives and grammar.same(p.node.parent, select) for p in siblings if p.node):
                return point
        return None

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


_State = tuple[int, int, frozenset, bool]


def _gives_up_test(view: FileView, statement: Node, func: Node) -> bool:
    """The test has failed after `statement` (`t.Fatal`, `t.Errorf`...), or skips itself in a
    select case: it gave up waiting (`case <-time.After(d): t.Skip("too slow here")`), which
    is the environment failing it.  A skip for a precondition (`if testing.Short()`) is not."""
    if calls.fails_test(view, statement):
        return True
    if not calls.skips_test(view, statement):
        return False
    for anc in grammar.ancestors(statement):
        if grammar.same(anc, func) or anc.type in grammar.FUNCTION_KINDS:
            return False
        if anc.parent is not None and anc.parent.type == K.SELECT_STATEMENT:
            return True
    return False


MAX_REPEATED = 4  # conditions followed per function (each doubles the states)


def _repeated_conditions(
    view: FileView, graph: cfg.Graph, func: Node
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
        _spelled(view, t)
        for a in grammar.find_all(body, (K.ASSIGNMENT, K.INC_DEC_STATEMENT))
        for t in (grammar.items(a.child_by_field_name(F.LEFT)) if a.type == K.ASSIGNMENT else grammar.named(a)[:1])
    }
    found: dict[int, tuple[ConditionKey, bool]] = {}
    for point in graph:
        if point.kind != cfg.CONDITION or point.node is None or point.node.type != K.IF_STATEMENT:
            continue
        spelled = _condition_key(view, point.evaluates, body, assigned)
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
            declared = graph.point_at(declaration)
            if declared is not None:
                forgets.setdefault(declared.index, set()).add(key)
    return conditions, forgets


# A condition as the path analysis tells conditions apart: its spelling (without negation) and the
# declarations of the local variables it reads.
ConditionKey = tuple[str, tuple[int, ...]]


def _condition_key(
    view: FileView, condition: Node | None, body: Node, assigned: set[str]
) -> tuple[ConditionKey, bool] | None:
    condition = grammar.unparen(condition)
    if condition is None:
        return None
    negated = False
    if condition.type == K.UNARY_EXPRESSION and grammar.operator(condition) == "!":
        negated, condition = True, grammar.unparen(condition.child_by_field_name(F.OPERAND))
    if condition is None or not _unchanging(view, condition, body, assigned):
        return None
    text = _spelled(view, condition)
    if condition.type == K.BINARY_EXPRESSION and grammar.operator(condition) == "!=":
        left, right = condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)
        text, negated = f"{_spelled(view, left)} == {_spelled(view, right)}", not negated
    declared = set()
    for ident in grammar.find_all(condition, (K.IDENTIFIER,)):
        symbol = view.resolve(ident)
        if symbol is not None and symbol.kind == scope.VAR and symbol.decl is not None:
            declared.add(symbol.decl.start_byte)
    return (text, tuple(sorted(declared))), negated


def _spelled(view: FileView, node: Node | None) -> str:
    return " ".join(view.text(node).split())


def _unchanging(view: FileView, node: Node | None, body: Node, assigned: set[str]) -> bool:
    """`node` reads only local variables (and fields of them) that the function never assigns,
    compared, combined with && and ||, or negated."""
    expr = grammar.unparen(node)
    if expr is None:
        return False
    if expr.type in grammar.LITERAL_KINDS:
        return True
    if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "!":
        return _unchanging(view, expr.child_by_field_name(F.OPERAND), body, assigned)
    if expr.type == K.BINARY_EXPRESSION and grammar.operator(expr) in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
        return all(_unchanging(view, expr.child_by_field_name(f), body, assigned) for f in (F.LEFT, F.RIGHT))
    if expr.type == K.SELECTOR_EXPRESSION:
        return _spelled(view, expr) not in assigned and _unchanging(
            view, expr.child_by_field_name(F.OPERAND), body, assigned
        )
    if expr.type != K.IDENTIFIER:
        return False
    symbol = view.resolve(expr)
    if symbol is not None and symbol.kind in (scope.CONST, scope.NIL):
        return True
    if symbol is None or symbol.kind != scope.VAR or not symbol.is_local:
        return False
    return not any(scope.is_written(u) for u in view.uses(symbol, body) if not grammar.same(u, symbol.decl))


def _spawn_point(view: FileView, channel: Channel, sender: Sender, graph: cfg.Graph) -> int | None:
    """Where the sender's sends start to be owed: its go statement (hand-off, helper call), or for
    a loop with a constant count that only starts goroutines, the loop's end (all k of them at once)."""
    point = graph.point_at(sender.start)
    if point is None:
        return None
    around = loops.loops_between(sender.start, channel.make, channel.func)
    if len(around) != 1 or any(grammar.is_within(r, around[0]) for r in [*channel.receives, *channel.ranges]):
        return point.index
    count = loops.constant_trips(view, around[0])
    finished = next((p for p in graph if p.kind == cfg.LOOP_EXIT and grammar.same(p.node, around[0])), None)
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
    unreceived = reachable(graph, head, avoid, loop)
    for index in sorted(unreceived):
        point = graph[index]
        if point.kind != cfg.COMM or point.node is None or not _in_receiving_select(graph, point, receive_points):
            continue
        if head in reachable(graph, index, avoid, loop):
            return index
    return None


def _in_receiving_select(graph: cfg.Graph, case: cfg.Point, receive_points: set[int]) -> bool:
    select = case.node.parent if case.node is not None else None
    return any(
        p.index in receive_points
        for p in graph
        if p.kind == cfg.COMM and p.node is not None and grammar.same(p.node.parent, select)
    )


def _is_loop_head(point: cfg.Point, loop: Node) -> bool:
    if point.node is None:
        return False
    if point.kind == cfg.RANGE:
        return grammar.same(point.node.parent, loop)
    return point.kind == cfg.CONDITION and grammar.same(point.node, loop)


def _counting_checks(view: FileView, channel: Channel, loops: list[Node]) -> list[Node]:
    """Conditions of ifs in receiving loops that test a counter the loop advances (n--, seen++, len(out))."""
    checks = []
    for loop in {n.id: n for n in loops}.values():
        counters = _counters(view, loop, channel.func)
        if not counters:
            continue
        for statement in grammar.find_all(loop, (K.IF_STATEMENT,)):
            condition = statement.child_by_field_name(F.CONDITION)
            if condition is None or not grammar.same(grammar.enclosing_function(statement), channel.func):
                continue
            if any(view.resolve(i) in counters for i in grammar.find_all(condition, (K.IDENTIFIER,))):
                checks.append(condition)
    return checks


def _counters(view: FileView, loop: Node, func: Node) -> set[scope.Symbol]:
    """Variables declared outside `loop` that it counts with: `n++`, `n -= 1`, `out = append(out, v)`."""
    found: set[scope.Symbol] = set()
    for statement in grammar.find_all(loop, (K.INC_DEC_STATEMENT, K.ASSIGNMENT)):
        if not grammar.same(grammar.enclosing_function(statement), func):
            continue
        if statement.type == K.INC_DEC_STATEMENT:
            targets = grammar.named(statement)[:1]
        elif grammar.operator(statement) in ("+=", "-="):
            targets = grammar.items(statement.child_by_field_name(F.LEFT))
        elif grammar.operator(statement) == "=" and _appends(view, statement):
            targets = grammar.items(statement.child_by_field_name(F.LEFT))
        else:
            continue
        for written in targets:
            target = grammar.unparen(written)
            symbol = view.resolve(target) if target is not None and target.type == K.IDENTIFIER else None
            if symbol is not None and symbol.decl is not None and not grammar.is_within(symbol.decl, loop):
                found.add(symbol)
    return found


def _appends(view: FileView, assignment: Node) -> bool:
    values = grammar.items(assignment.child_by_field_name(F.RIGHT))
    return len(values) == 1 and calls.builtin_name(view, grammar.unparen(values[0])) == "append"


def _closed_checks(view: FileView, channel: Channel, graph: cfg.Graph) -> set[tuple[int, int]]:
    """`v, ok := <-ch` then `if !ok`: the branch taken when ok is false has drained the channel."""
    edges: set[tuple[int, int]] = set()
    body = grammar.function_body(channel.func)
    for receive in channel.receives:
        parent = outer_use(receive).parent
        owner = parent.parent if parent is not None and parent.type == K.EXPRESSION_LIST else parent
        if owner is None or owner.type not in (K.SHORT_VAR_DECLARATION, K.ASSIGNMENT, K.RECEIVE_STATEMENT):
            continue
        left = grammar.items(owner.child_by_field_name(F.LEFT))
        ok = view.resolve(left[1]) if len(left) == 2 and left[1].type == K.IDENTIFIER else None
        if ok is None or body is None:
            continue
        for use in view.uses(ok, body):
            edge = _edge_when_false(graph, use)
            if edge is not None:
                edges.add(edge)
    return edges


def _edge_when_false(graph: cfg.Graph, ok: Node) -> tuple[int, int] | None:
    """For `if !ok` or `if ok`: the graph edge taken when ok is false."""
    node = outer_use(ok)
    parent = node.parent
    negated = parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "!"
    condition = outer_use(parent) if negated and parent is not None else node
    statement = condition.parent
    if statement is None or statement.type != K.IF_STATEMENT or not scope.is_child(condition, statement, F.CONDITION):
        return None
    point = graph.point_at(condition)
    if point is None or len(point.succ) != 2:
        return None
    return point.index, point.succ[0 if negated else 1]


def _sibling_cases(view: FileView, channel: Channel, graph: cfg.Graph) -> tuple[set[int], set[int]]:
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
        other = _received_channel(view, point.evaluates)
        if other is None or other == channel.symbol:
            continue
        if _sent_instead(view, channel, other) or _handed_together(view, channel, other):
            instead.add(point.index)
        elif _closed_after_senders(view, channel, other):
            signals.add(point.index)
    return instead, signals


def _alternative_cases(view: FileView, channel: Channel, graph: cfg.Graph) -> set[int]:
    """Select cases receiving from another channel made in the function that only the channel's
    own goroutines send on (`if err != nil { errs <- err } else { out <- v }`): such a case
    takes one of their sends, so in a loop that receives once per iteration it counts like a
    receive from the channel (`for range reqs { select { case r := <-out: case err := <-errs: } }`)."""
    body = grammar.function_body(channel.func)
    senders = [s for s in channel.senders if s.sends]
    own = all(
        s.kind == channels.GOROUTINE and s.body.type == K.FUNCTION_LITERAL and grammar.is_within(s.body, channel.func)
        for s in senders
    )
    if body is None or not senders or not own:
        return set()
    receive_points = {p.index for p in map(graph.point_at, channel.receives) if p is not None}
    found = set()
    verdicts: dict[scope.Symbol, bool] = {}
    for point in graph:
        other = _received_channel(view, point.evaluates) if point.kind == cfg.COMM else None
        if other is None or other == channel.symbol or point.node is None:
            continue
        if not _in_receiving_select(graph, point, receive_points):
            continue
        if other not in verdicts:
            verdicts[other] = _sent_only_by(view, other, senders, channel.func, body)
        if verdicts[other]:
            found.add(point.index)
    return found


def _sent_only_by(view: FileView, other: scope.Symbol, senders: list[Sender], func: Node, body: Node) -> bool:
    """`other` is a local channel made in `func`, which only receives from it, and every other use
    of it is a send inside one of `senders` (nothing closes it or hands it on)."""
    if other.where != scope.LOCAL or not grammar.same(other.func, func) or not _is_made(view, other):
        return False
    sent = False
    for use in view.uses(other, body):
        if grammar.same(use, other.decl):
            continue
        if grammar.same(grammar.enclosing_function(use), func):
            if not _is_received(use):
                return False
            continue
        node = outer_use(use)
        parent = node.parent
        is_send = parent is not None and parent.type == K.SEND_STATEMENT and scope.is_child(node, parent, F.CHANNEL)
        if not is_send or not any(grammar.is_within(use, s.body) for s in senders):
            return False
        sent = True
    return sent


def _dead_cases(view: FileView, channel: Channel, graph: cfg.Graph) -> set[int]:
    """Select cases receiving from a local channel that nothing ever sends on or closes (its only
    uses are receives), made in the function or left nil: they can never be taken."""
    body = grammar.function_body(channel.func)
    dead = set()
    for point in graph:
        other = _received_channel(view, point.evaluates) if point.kind == cfg.COMM else None
        if body is None or other is None or other == channel.symbol or not grammar.same(other.func, channel.func):
            continue
        if other.where != scope.LOCAL or not (_is_made(view, other) or _declared_nil(other)):
            continue
        if all(_is_received(u) for u in view.uses(other, body) if not grammar.same(u, other.decl)):
            dead.add(point.index)
    return dead


def _is_made(view: FileView, symbol: scope.Symbol) -> bool:
    return calls.builtin_name(view, grammar.unparen(symbol.value)) == "make"


def _declared_nil(symbol: scope.Symbol) -> bool:
    """`var c chan T`: nil until something assigns it."""
    spec = symbol.decl.parent if symbol.decl is not None else None
    return spec is not None and spec.type == K.VAR_SPEC and spec.child_by_field_name(F.VALUE) is None


def _is_received(use: Node) -> bool:
    """The channel named by `use` is received from there: `<-use`."""
    parent = outer_use(use).parent
    return parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "<-"


def _received_channel(view: FileView, communication: Node | None) -> scope.Symbol | None:
    if communication is None or communication.type != K.RECEIVE_STATEMENT:
        return None
    right = grammar.unparen(communication.child_by_field_name(F.RIGHT))
    if right is None or right.type != K.UNARY_EXPRESSION or grammar.operator(right) != "<-":
        return None
    operand = grammar.unparen(right.child_by_field_name(F.OPERAND))
    return view.resolve(operand) if operand is not None and operand.type == K.IDENTIFIER else None


def _sent_instead(view: FileView, channel: Channel, other: scope.Symbol) -> bool:
    """The only goroutine (a literal, started once) sends on `channel` or on `other`, at most
    once in all, and sometimes on `other`."""
    senders = [s for s in channel.senders if s.sends]
    if len(senders) != 1 or senders[0].callee is not None:
        return False
    sender = senders[0]
    if loops.loops_between(sender.start, channel.make, channel.func):
        return False
    own, others = _sends_on(view, sender, channel.symbol), _sends_on(view, sender, other)
    if not others or any(not grammar.same(grammar.enclosing_function(s), sender.body) for s in own + others):
        return False
    most, always = send_counts(flow_graph(view, sender.body), own + others)
    return most == 1 and always


def _handed_together(view: FileView, channel: Channel, other: scope.Symbol) -> bool:
    """`other` goes to the responder in the same request value as the channel (`req{results: ch,
    errors: errs}`): a request is answered on one of them."""
    literals = {lit.id for lit in map(_request_literal, channel.handoffs) if lit is not None}
    body = grammar.function_body(channel.func)
    if not literals or body is None:
        return False
    return any(
        (lit := _request_literal(use)) is not None and lit.id in literals
        for use in view.uses(other, body)
        if not grammar.same(use, other.decl)
    )


def _request_literal(use: Node) -> Node | None:
    """The composite literal `use` is an element of (`req{reply: use}`, `req{key, use}`)."""
    parent = outer_use(use).parent
    if parent is not None and parent.type == K.KEYED_ELEMENT:
        parent = parent.parent
    literal = parent.parent if parent is not None and parent.type == K.LITERAL_VALUE else None
    return literal if literal is not None and literal.type == K.COMPOSITE_LITERAL else None


def _sends_on(view: FileView, sender: Sender, symbol: scope.Symbol) -> list[Node]:
    sends = []
    for use in view.uses(symbol, sender.body):
        node = outer_use(use)
        parent = node.parent
        if parent is not None and parent.type == K.SEND_STATEMENT and scope.is_child(node, parent, F.CHANNEL):
            sends.append(parent)
    return sends


def _closed_after_senders(view: FileView, channel: Channel, other: scope.Symbol) -> bool:
    """`other` is a channel made in the function that only its goroutines close, and only once
    every sender of `channel` is done: deferred in the senders, or after a `wg.Wait()` the
    senders mark done.  The function itself only receives from it."""
    body = grammar.function_body(channel.func)
    if body is None or other.where != scope.LOCAL or not grammar.same(other.func, channel.func):
        return False
    if not _is_made(view, other):
        return False
    senders = {s.start.id: s for s in channel.senders if s.sends}
    closed = False
    for use in view.uses(other, body):
        if grammar.same(use, other.decl):
            continue
        parent = outer_use(use).parent
        home = grammar.enclosing_function(use)
        if grammar.same(home, channel.func):
            if _is_received(use):
                continue
            return False
        start = goroutines.start_of(view, home, channel.func)
        statement = _closing_statement(view, home, parent)
        if start is None or statement is None or home is None:
            return False
        if start.id in senders and _after_every_send(senders[start.id], statement):
            closed = True
        elif (
            start.id not in senders
            and _waits_first(view, home, statement)
            and all(s.marks_done for s in senders.values())
        ):
            closed = True
        else:
            return False
    return closed


def _closing_statement(view: FileView, home: Node | None, parent: Node | None) -> Node | None:
    """For a use whose parent is `parent`: the statement `close(x)` or `defer close(x)` standing
    directly in the body of the function literal `home`."""
    if home is None or parent is None or parent.type != K.ARGUMENTS:
        return None
    call = parent.parent
    if call is None or calls.builtin_name(view, call) != "close" or call.parent is None:
        return None
    statement = call.parent
    if statement.type not in (K.EXPRESSION_STATEMENT, K.DEFER_STATEMENT):
        return None
    return statement if grammar.same(statement.parent, home.child_by_field_name(F.BODY)) else None


def _after_every_send(sender: Sender, statement: Node) -> bool:
    """`statement`, standing directly in the sender's body, runs after its sends: deferred, or
    written after all of them."""
    if statement.type == K.DEFER_STATEMENT:
        return True
    return all(send.end_byte <= statement.start_byte for send in sender.send_statements)


def _waits_first(view: FileView, home: Node, statement: Node) -> bool:
    """`wg.Wait()` of a sync.WaitGroup runs before `statement` in the body of `home`: written
    before it, or anywhere in the body when `statement` is deferred (it runs at the return)."""
    deferred = statement.type == K.DEFER_STATEMENT
    for other in grammar.named(statement.parent):
        if other.start_byte >= statement.start_byte and not deferred:
            return False
        if _is_waitgroup_wait(view, other):
            return True
    return False


def _is_waitgroup_wait(view: FileView, statement: Node) -> bool:
    if statement.type != K.EXPRESSION_STATEMENT:
        return False
    return calls.waitgroup_method(view, calls.called_statement(statement)) == "Wait"


def _waits_for_senders(view: FileView, channel: Channel, graph: cfg.Graph) -> set[int]:
    """Points of `wg.Wait()` in the function's own flow for a WaitGroup that every sender marks
    done after its sends: while a sender waits on its send, Wait cannot return."""
    senders = [s for s in channel.senders if s.sends]
    if not senders:
        return set()
    found = set()
    for point in graph:
        statement = point.node
        if point.kind != cfg.STATEMENT or statement is None or not _is_waitgroup_wait(view, statement):
            continue
        call = calls.called_statement(statement)
        group = channels.group_key(view, view.file, calls.waitgroup_operand(call) if call is not None else None)
        if group is not None and all(group in s.done_groups for s in senders):
            found.add(point.index)
    return found


def _path(parent: dict[_State, _State | None], state: _State) -> list[int]:
    path = []
    current: _State | None = state
    while current is not None:
        path.append(current[0])
        current = parent[current]
    return path[::-1]
