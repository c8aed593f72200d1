"""How many timers a loop leaves pending: about its iteration rate times the timeout.

A `time.After(d)` per iteration keeps at most `d / period` timers alive when
something paces the iterations that reach it: a ticker or timer case it sits
in (`case <-ticker.C:`), or a `time.Sleep(p)` / `<-ticker.C` before it in the
iteration.  Such a loop is bounded (a health check every 5 s with a 15 s
timeout leaves about three), unless both are constants and the timeout is
more than `PACED_FACTOR` periods.

A short constant timeout (at most `SHORT_TIMEOUT_NS`) in a command-line
program, whose loop follows a slow external stream for one user, leaves a
few timers for the few seconds the program runs: not worth a change.
Per-item loops of servers, with long or configurable timeouts, are where
pending timers add up.
"""

from __future__ import annotations

from gofixleak.analysis import repetition, timers
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

PACED_FACTOR = 10  # timeouts up to this many periods leave at most this many timers pending
SHORT_TIMEOUT_NS = 5_000_000_000  # 5 s


def paced(view: FileView, node: Node, loop: Node, duration: Node | None) -> str | None:
    """What paces the iterations of `loop` that reach `node` (a ticker case, a sleep), when the
    timeout `duration` is within PACED_FACTOR of its period (or either is not a constant)."""
    for ancestor in [node, *grammar.ancestors(node)]:
        if ancestor.id == loop.id:
            break
        if ancestor.type == K.COMMUNICATION_CLAUSE:
            period = _tick_period(view, ancestor.child_by_field_name(F.COMMUNICATION))
            if period is not None and _within_factor(view, duration, period[1]):
                return period[0]
        for before in _statements_before(ancestor):
            period = _tick_period(view, before)
            if period is not None and _within_factor(view, duration, period[1]):
                return period[0]
    return None


def short_constant(view: FileView, duration: Node | None) -> bool:
    """A constant timeout of at most SHORT_TIMEOUT_NS."""
    value = view.program.constant_int(duration, view.file)
    return value is not None and 0 < value <= SHORT_TIMEOUT_NS


def _statements_before(statement: Node) -> list[Node]:
    """The statements before `statement` in its block or case clause."""
    parent = statement.parent
    if parent is None or parent.type not in (K.BLOCK, *grammar.CASE_CLAUSE_KINDS):
        return []
    siblings = grammar.statement_list(parent)
    index = next((i for i, s in enumerate(siblings) if s.id == statement.id), 0)
    return siblings[:index]


def _within_factor(view: FileView, duration: Node | None, period: Node | None) -> bool:
    timeout = view.program.constant_int(duration, view.file)
    every = view.program.constant_int(period, view.file)
    return timeout is None or every is None or every <= 0 or timeout <= PACED_FACTOR * every


def _tick_period(view: FileView, statement: Node | None) -> tuple[str, Node | None] | None:
    """A statement that waits for a tick: `time.Sleep(p)`, `<-ticker.C` or `<-time.Tick(p)` (also
    as a select case's receive).  Returns how to name it and the period when it is written there."""
    expression = repetition.waited_expression(statement)
    if expression is None:
        return None
    if expression.type == K.CALL_EXPRESSION and timers.time_function(view, expression) == "Sleep":
        return "time.Sleep", timers.time_argument(expression)
    if expression.type != K.UNARY_EXPRESSION or grammar.operator(expression) != "<-":
        return None
    channel = grammar.unparen(expression.child_by_field_name(F.OPERAND))
    if channel is None:
        return None
    if channel.type == K.CALL_EXPRESSION and timers.time_function(view, channel) == "Tick":
        return "time.Tick", timers.time_argument(channel)
    if channel.type == K.SELECTOR_EXPRESSION and grammar.text(channel.child_by_field_name(F.FIELD)) == "C":
        operand = channel.child_by_field_name(F.OPERAND)
        t = view.type_of(operand)
        if timers.is_time_type(view, t, "Ticker") or timers.is_time_type(view, t, "Timer"):
            return f"{view.text(operand)}.C", None
    return None
