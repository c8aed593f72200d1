"""A control-flow graph of one function body, one point per statement or clause head.

`flow` answers questions about the tree (is this block terminating? which
loop does this `break` leave?); this module turns a body into a graph that
analyses can walk path by path: "can the function return without passing a
receive?", "how many sends can one run of this goroutine make?".

Points stand for what runs when control passes: a simple statement, the
condition of an `if` or `for`, the head of a range loop, the tag of a
switch, a case or communication clause, and a loop's normal exit (its
condition turned false or its range ran out), which is kept apart from
`break` so analyses can tell a loop that finished from one that was left.
`return` goes to the function's exit point.  Nested function literals are
not part of the graph: they are expressions, run when called.  Deferred
calls are plain statements (they run at exit, which the graph does not model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from gofixleak.analysis import flow
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Point kinds
ENTRY = "entry"
EXIT = "exit"
STATEMENT = "statement"
CONDITION = "condition"  # of an if, or the head of a for loop (node: the for statement)
RANGE = "range"  # head of a range loop, passed on every iteration (node: the range clause)
LOOP_EXIT = "loop-exit"  # a loop's normal end (node: the for statement)
SWITCH = "switch"
CASE = "case"  # an expression or type switch clause
SELECT = "select"
COMM = "comm"  # a select's communication clause (node: the clause)


@dataclass(eq=False)
class Point:
    index: int
    kind: str
    node: Node | None  # the statement, clause or loop this point stands for
    evaluates: Node | None  # the syntax evaluated when control passes here (None: nothing)
    succ: list[int] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1 if self.node is not None else 0


def never_returns(statement: Node) -> bool:
    """The default for `Graph(no_return=...)`: a call of the builtin `panic` (spelled so)."""
    return statement.type == K.EXPRESSION_STATEMENT and flow.is_terminating(statement)


class Graph:
    """The control-flow graph of `func` (a function declaration, method or literal).

    `no_return(statement)` says which expression statements never complete
    (panic, os.Exit, log.Fatal ...); they get no successor.
    """

    def __init__(self, func: Node, no_return: Callable[[Node], bool] | None = None):
        self.func = func
        self.points: list[Point] = []
        self._by_node: dict[int, int] = {}
        builder = _Builder(self, no_return or never_returns)
        self.exit = builder.new(EXIT, func)
        body = func.child_by_field_name(F.BODY)
        first = builder.block(grammar.statement_list(body), self.exit) if body is not None else self.exit
        self.entry = builder.new(ENTRY, func, succ=[first])
        builder.resolve_gotos()

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def __getitem__(self, index: int) -> Point:
        return self.points[index]

    def point_at(self, node: Node | None) -> Point | None:
        """The point whose evaluation contains `node` (None inside a nested function literal)."""
        current: Node | None = node
        while current is not None:
            found = self._by_node.get(current.id)
            if found is not None:
                return self.points[found]
            if current.type in grammar.FUNCTION_KINDS:
                return None
            current = current.parent
        return None

    def predecessors(self) -> dict[int, list[int]]:
        preds: dict[int, list[int]] = {p.index: [] for p in self.points}
        for point in self.points:
            for s in point.succ:
                preds[s].append(point.index)
        return preds


class _Builder:
    """Builds the graph backwards: each statement is built knowing where control goes next."""

    def __init__(self, graph: Graph, no_return: Callable[[Node], bool]):
        self.graph = graph
        self.no_return = no_return
        self.targets: dict[int, tuple[int, int | None]] = {}  # breakable statement -> (break to, continue to)
        self.labels: dict[str, int] = {}
        self.gotos: list[tuple[int, str]] = []
        self.fallthrough_to: dict[int, int] = {}  # case clause -> first point of the next clause's body

    def new(self, kind: str, node: Node | None, evaluates: Node | None = None, succ: list[int] | None = None) -> int:
        point = Point(len(self.graph.points), kind, node, evaluates, list(succ or []))
        self.graph.points.append(point)
        if evaluates is not None:
            self.graph._by_node.setdefault(evaluates.id, point.index)
        return point.index

    def resolve_gotos(self) -> None:
        for index, label in self.gotos:
            target = self.labels.get(label)
            if target is not None:
                self.graph.points[index].succ.append(target)

    def block(self, statements: list[Node], next_: int) -> int:
        for statement in reversed(statements):
            next_ = self.statement(statement, next_)
        return next_

    def statement(self, s: Node, next_: int) -> int:
        kind = s.type
        if kind == K.BLOCK:
            return self.block(grammar.statement_list(s), next_)
        if kind == K.EMPTY_STATEMENT:
            return next_
        if kind == K.IF_STATEMENT:
            return self._if(s, next_)
        if kind == K.FOR_STATEMENT:
            return self._for(s, next_)
        if kind in (K.EXPRESSION_SWITCH_STATEMENT, K.TYPE_SWITCH_STATEMENT):
            return self._switch(s, next_)
        if kind == K.SELECT_STATEMENT:
            return self._select(s, next_)
        if kind == K.LABELED_STATEMENT:
            inner = s.child_by_field_name(F.STATEMENT)
            entry = self.statement(inner, next_) if inner is not None else next_
            label = s.child_by_field_name(F.LABEL)
            if label is not None:
                self.labels[grammar.text(label)] = entry
            return entry
        if kind in (K.BREAK_STATEMENT, K.CONTINUE_STATEMENT):
            return self.new(STATEMENT, s, None, self._branch_successors(s))
        if kind == K.GOTO_STATEMENT:
            point = self.new(STATEMENT, s)
            label = s.child_by_field_name(F.LABEL)
            if label is not None:
                self.gotos.append((point, grammar.text(label)))
            return point
        if kind == K.FALLTHROUGH_STATEMENT:
            clause = s.parent
            target = self.fallthrough_to.get(clause.id) if clause is not None else None
            return self.new(STATEMENT, s, None, [target] if target is not None else [])
        if kind == K.RETURN_STATEMENT:
            return self.new(STATEMENT, s, s, [self.graph.exit])
        if kind == K.EXPRESSION_STATEMENT and self.no_return(s):
            return self.new(STATEMENT, s, s)
        return self.new(STATEMENT, s, s, [next_])

    def _branch_successors(self, branch: Node) -> list[int]:
        target = flow.branch_target(branch)
        if target is None or target.id not in self.targets:
            return []
        break_to, continue_to = self.targets[target.id]
        chosen = break_to if branch.type == K.BREAK_STATEMENT else continue_to
        return [chosen] if chosen is not None else []

    def _with_init(self, s: Node, entry: int) -> int:
        init = s.child_by_field_name(F.INIT)
        if init is None:
            return entry
        return self.new(STATEMENT, init, init, [entry])

    def _if(self, s: Node, next_: int) -> int:
        then = self.block(grammar.statement_list(s.child_by_field_name(F.BODY)), next_)
        alternative = s.child_by_field_name(F.ALTERNATIVE)
        otherwise = self.statement(alternative, next_) if alternative is not None else next_
        condition = self.new(CONDITION, s, s.child_by_field_name(F.CONDITION), [then, otherwise])
        return self._with_init(s, condition)

    def _for(self, s: Node, next_: int) -> int:
        clauses = grammar.named(s)
        range_clause = next((c for c in clauses if c.type == K.RANGE_CLAUSE), None)
        for_clause = next((c for c in clauses if c.type == K.FOR_CLAUSE), None)
        body = grammar.statement_list(s.child_by_field_name(F.BODY))
        if range_clause is not None:
            head = self.new(RANGE, range_clause, range_clause)
            finished = self.new(LOOP_EXIT, s, None, [next_])
            self.targets[s.id] = (next_, head)
            self.graph.points[head].succ = [self.block(body, head), finished]
            return head
        condition = (for_clause or s).child_by_field_name(F.CONDITION)
        head = self.new(CONDITION, s, condition)
        post = for_clause.child_by_field_name(F.POST) if for_clause is not None else None
        after_body = self.new(STATEMENT, post, post, [head]) if post is not None else head
        self.targets[s.id] = (next_, after_body)
        succ = [self.block(body, after_body)]
        if condition is not None:
            succ.append(self.new(LOOP_EXIT, s, None, [next_]))
        self.graph.points[head].succ = succ
        init = for_clause.child_by_field_name(F.INIT) if for_clause is not None else None
        return self.new(STATEMENT, init, init, [head]) if init is not None else head

    def _switch(self, s: Node, next_: int) -> int:
        tag = s.child_by_field_name(F.VALUE) or s.child_by_field_name(F.OPERAND)
        head = self.new(SWITCH, s, tag)
        self.targets[s.id] = (next_, None)
        clauses = [c for c in grammar.named(s) if c.type in grammar.CASE_CLAUSE_KINDS]
        cases: list[int] = []
        following: int | None = None
        for clause in reversed(clauses):
            if following is not None:
                self.fallthrough_to[clause.id] = following
            body = self.block(grammar.statement_list(clause), next_)
            following = body
            cases.append(self.new(CASE, clause, clause.child_by_field_name(F.VALUE), [body]))
        cases.reverse()
        has_default = any(_is_default(c) for c in clauses)
        self.graph.points[head].succ = cases + ([] if has_default else [next_])
        return self._with_init(s, head)

    def _select(self, s: Node, next_: int) -> int:
        head = self.new(SELECT, s)
        self.targets[s.id] = (next_, None)
        comms = []
        for clause in grammar.named(s):
            if clause.type != K.COMMUNICATION_CLAUSE:
                continue
            body = self.block(grammar.statement_list(clause), next_)
            comms.append(self.new(COMM, clause, clause.child_by_field_name(F.COMMUNICATION), [body]))
        self.graph.points[head].succ = comms  # `select {}` blocks forever: no successor
        return head


def _is_default(clause: Node) -> bool:
    return any(not c.is_named and c.type == "default" for c in clause.children)


def is_default(clause: Node) -> bool:
    """A `default:` clause of a switch or select."""
    return _is_default(clause)
