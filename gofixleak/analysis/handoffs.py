"""The responders of a reply channel handed away in a request value.

A function makes a channel and hands it to code that runs in another
goroutine, which answers on it: inside a request value (`req{reply: ch}` or
`req{key, ch}` of a struct type of the package, sent on a channel or passed
on), as an argument of a function of the package that puts it in such a
value, or captured by a closure it hands away (`pool.Submit(func() { ch <-
v })`, `time.AfterFunc(d, func() { ch <- v })`).  The responders are the
sends on that struct field anywhere in the package (`r.reply <- v`), or the
closure's own sends.  A send that is one case of a select with another way
out never blocks; one that is not blocks forever once the requester stopped
listening.

Each responder becomes a `channels.Sender` started at the hand-off.  It is
`single` when every request can be shown to get at most one send: the
responder's sends on the field of one request value (a variable declared once
per request: a parameter, a range variable, a received value) number at most
one on every path, or the closure sends at most once.  A hand-off is
`certain` only when it is a send of the request value on a channel: a
function or a closure may drop the request without answering.
"""

from __future__ import annotations

from gofixleak.analysis import bindings, goroutines, timers
from gofixleak.analysis.channels import (
    RESPONDER,
    Channel,
    Sender,
    Unsupported,
    flow_graph,
    goroutine_sender,
    is_guarded,
    send_counts,
)
from gofixleak.analysis.slicing import outer_use
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

MAX_DEPTH = 2  # functions followed from an argument to the request value it builds


def responders(view: FileView, channel: Channel) -> list[Sender]:
    """The senders the channel's hand-offs reach; raises Unsupported when a hand-off leads to code
    the analysis cannot see (then someone unseen may receive, or send in a select)."""
    found: dict[tuple[int, int], Sender] = {}
    for use in channel.handoffs:
        for sender in _from_use(view, view.file, channel.symbol, use, channel.func, 0):
            send = sender.first_send or sender.body
            found.setdefault((sender.start.id, send.id), sender)  # several uses in one closure: one sender
    return list(found.values())


def _from_use(
    view: FileView, file: ParsedFile, symbol: scope.Symbol, use: Node, func: Node, depth: int
) -> list[Sender]:
    home = grammar.enclosing_function(use)
    if not grammar.same(home, func):
        start = goroutines.start_of(view, home, func, file)
        if start is not None and home is not None and depth > 0:  # the function it was handed to starts one
            sender = goroutine_sender(view, file, start, home, symbol, None)
            sender.kind, sender.single = RESPONDER, sender.sends <= 1
            return [sender]
        return [_closure(view, file, symbol, use, func)]
    node = outer_use(use)
    parent = node.parent
    if parent is not None and parent.type in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
        return _request_field(view, file, node, parent)
    if parent is not None and parent.type == K.ARGUMENTS and parent.parent is not None and depth < MAX_DEPTH:
        return _argument(view, file, parent.parent, node, depth)
    raise Unsupported


# --- a field of a request value ------------------------------------------------------------------


def _request_field(view: FileView, file: ParsedFile, element: Node, parent: Node) -> list[Sender]:
    """`request{reply: ch}` or `request{key, ch}`: the sends on that field of a request anywhere in
    the package."""
    if parent.type == K.KEYED_ELEMENT:
        key = parent.child_by_field_name(F.KEY)
        value = parent.child_by_field_name(F.ELEMENT)
        if key is None or key.type not in (K.IDENTIFIER, K.FIELD_IDENTIFIER):
            raise Unsupported
        if not grammar.same(grammar.unparen(value), grammar.unparen(element)):
            raise Unsupported  # the channel is the key
        literal_value, field = parent.parent, grammar.text(key)
    else:
        literal_value, field = parent, None
    literal = literal_value.parent if literal_value is not None else None
    if literal is None or literal.type != K.COMPOSITE_LITERAL:
        raise Unsupported
    owner = view.program.deref(view.program.type_of(literal, file))
    struct = view.underlying(owner)
    if not isinstance(owner, gotypes.Named) or owner.package != view.file.import_path:
        raise Unsupported  # a type of another package: its responders are out of view
    if not isinstance(struct, gotypes.Struct):
        raise Unsupported
    if field is None:  # positional: the element's index is the field's
        elements = grammar.named(literal_value)
        index = next(i for i, e in enumerate(elements) if grammar.same(e, element))
        if index >= len(struct.fields):
            raise Unsupported
        field = struct.fields[index].name
    sites = [(f, send, holder) for f, send, holder in _field_sends(view, owner, field) if not is_guarded(send)]
    if not sites:
        raise Unsupported  # nobody visible answers on it (or only in selects that cannot block)
    # the sites are the ways one responder may answer a request: one send is owed per request
    site_file, send, _ = sites[0]
    sender = Sender(literal, grammar.enclosing_function(send) or send, 1, False, send, kind=RESPONDER, file=site_file)
    sender.send_statements = [s for _, s, _ in sites]
    sender.single = all(_single_per_request(view, f, s, holder, field) for f, s, holder in sites)
    sender.certain = _sent_on_a_channel(literal, _statement_of(literal))
    return [sender]


def _statement_of(node: Node) -> Node:
    """The statement `node` is evaluated in."""
    current = node
    while current.parent is not None and not grammar.is_statement_container(current.parent):
        current = current.parent
    return current


def _sent_on_a_channel(literal: Node, statement: Node) -> bool:
    """The request value itself (or its address) is what `statement` sends: `requests <- req{...}`."""
    if statement.type != K.SEND_STATEMENT:
        return False
    value = grammar.unparen(statement.child_by_field_name(F.VALUE))
    if value is not None and value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        value = grammar.unparen(value.child_by_field_name(F.OPERAND))
    return grammar.same(value, literal)


def _field_sends(view: FileView, owner: gotypes.Named, field: str) -> list[tuple[ParsedFile, Node, Node]]:
    """Sends on `x.field` for an `x` of type `owner` (or a pointer to it) in the package:
    (file, send statement, the operand `x`)."""
    found = []
    needle = f".{field}".encode()
    for file in view.package_files():
        if needle not in file.src:
            continue  # no `x.field` in the file: no send on it (cheap, before walking the tree)
        for send in grammar.find_all(file.tree.root_node, (K.SEND_STATEMENT,)):
            channel = grammar.unparen(send.child_by_field_name(F.CHANNEL))
            if channel is None or channel.type != K.SELECTOR_EXPRESSION:
                continue
            if grammar.text(channel.child_by_field_name(F.FIELD)) != field:
                continue
            operand = channel.child_by_field_name(F.OPERAND)
            base = view.program.deref(view.program.type_of(operand, file))
            if (
                operand is not None
                and isinstance(base, gotypes.Named)
                and (base.package, base.name) == (owner.package, owner.name)
            ):
                found.append((file, send, operand))
    return found


def _single_per_request(view: FileView, file: ParsedFile, send: Node, holder: Node | None, field: str) -> bool:
    """At most one send on `holder.field` between two declarations of `holder` (a variable the
    responder gets once per request), on every path of the function the send is in."""
    holder = grammar.unparen(holder)
    func = grammar.enclosing_function(send)
    if holder is None or holder.type != K.IDENTIFIER or func is None:
        return False
    symbol = view.program.resolve(holder, file)
    if symbol is None or symbol.kind != scope.VAR or not grammar.same(symbol.func, func) or symbol.decl is None:
        return False
    body = grammar.function_body(func)
    if body is None:
        return False
    resolver = view.program.resolver(file)
    sends = []
    for use in resolver.uses(symbol, body):
        if grammar.same(use, symbol.decl):
            continue
        if scope.is_written(use):
            return False  # the variable holds another request later: the count below says nothing
        selector = outer_use(use).parent
        statement = selector.parent if selector is not None else None
        if (
            selector is not None
            and selector.type == K.SELECTOR_EXPRESSION
            and grammar.text(selector.child_by_field_name(F.FIELD)) == field
            and statement is not None
            and statement.type == K.SEND_STATEMENT
        ):
            sends.append(statement)
        elif not grammar.same(grammar.enclosing_function(use), func):
            return False  # a closure or goroutine may send on it too
    graph = flow_graph(view, func, file)
    declared = graph.point_at(symbol.decl)  # None for a parameter: once per call, from the entry
    most, _ = send_counts(graph, sends, declared.index if declared is not None else None)
    return most <= 1


# --- an argument of a function of the package ----------------------------------------------------


def _argument(view: FileView, file: ParsedFile, call: Node, arg: Node, depth: int) -> list[Sender]:
    """`c.submit(key, ch)`: follow the parameter to the request value the callee builds with it."""
    runs = goroutines.callee(view, call, file)
    if runs is None:
        raise Unsupported  # an interface method, a function value, another package
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    index = next(i for i, a in enumerate(args) if grammar.same(a, arg))
    param = goroutines.parameter(view, runs.file, runs.node, index)
    body = grammar.function_body(runs.node)
    if param is None or body is None:
        raise Unsupported
    found = []
    for use in view.program.resolver(runs.file).uses(param, body):
        if grammar.same(use, param.decl):
            continue
        for sender in _from_use(view, runs.file, param, use, runs.node, depth + 1):
            sender.start, sender.certain = call, False  # the callee may drop the request
            found.append(sender)
    if not found:
        raise Unsupported
    return found


# --- a closure handed away -----------------------------------------------------------------------


def _timer_stopped(view: FileView, file: ParsedFile, call: Node, func: Node) -> bool:
    """The timer `call` (time.AfterFunc) returns is kept in a variable that `func` stops, or handed on."""
    if call.parent is not None and call.parent.type == K.EXPRESSION_STATEMENT:
        return False  # the timer is dropped: nothing can stop it
    bound = bindings.binding(view, call, file=file)
    body = grammar.function_body(func)
    if bound is None or body is None:
        return True  # kept somewhere else: it may be stopped there
    for use in view.program.resolver(file).uses(bound.symbol, body):
        member = use.parent
        if member is not None and member.type == K.SELECTOR_EXPRESSION and scope.is_child(use, member, F.OPERAND):
            if grammar.text(member.child_by_field_name(F.FIELD)) in ("Stop", "Reset"):
                return True
        elif not grammar.same(use, bound.symbol.decl):
            return True  # handed on: it may be stopped there
    return False


def _closure(view: FileView, file: ParsedFile, symbol: scope.Symbol, use: Node, func: Node) -> Sender:
    """`pool.Submit(func() { ch <- v })`: a function literal of `func` handed to someone who runs it
    in another goroutine.  Called in place, deferred or kept in a variable, it is not followed."""
    literal = use
    for anc in grammar.ancestors(use):
        if grammar.same(anc, func):
            break
        if anc.type == K.FUNCTION_LITERAL:
            literal = anc
    if literal.type != K.FUNCTION_LITERAL or not grammar.same(grammar.enclosing_function(literal), func):
        raise Unsupported
    value = outer_use(literal)
    holder = value.parent
    if holder is None or holder.type not in (K.ARGUMENTS, K.KEYED_ELEMENT, K.LITERAL_VALUE, K.SEND_STATEMENT):
        raise Unsupported  # called in place, or `f := func() {...}`: run who knows how
    if holder.type == K.SEND_STATEMENT and not scope.is_child(value, holder, F.VALUE):
        raise Unsupported
    call = holder.parent if holder.type == K.ARGUMENTS else None
    once = finalizer = False
    if call is not None:
        if call.parent is not None and call.parent.type in (K.DEFER_STATEMENT, K.GO_STATEMENT):
            raise Unsupported  # deferred (runs at return), or a goroutine started with arguments
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.SELECTOR_EXPRESSION:
            if grammar.text(function.child_by_field_name(F.FIELD)) == "Go":
                raise Unsupported  # a goroutine of a group (errgroup): its Wait tells when it is done
        once = timers.time_function(view, call, file) == "AfterFunc"  # runs it once, in its own goroutine
        finalizer = _runtime_function(view, file, function) in _FINALIZERS
        once = once or finalizer  # a finalizer (or cleanup) runs at most once
        if once and _timer_stopped(view, file, call, func):
            # `t := time.AfterFunc(d, f)` ... `t.Stop()`: f runs only if the timer fired before the
            # Stop, a race the analysis does not follow
            raise Unsupported
    sender = goroutine_sender(view, file, holder, literal, symbol, None)  # owed once handed away
    if not sender.send_statements:
        raise Unsupported
    # a callback may be called many times (a subscription, a handler): one send per run says
    # nothing about how many values the channel gets
    sender.kind, sender.single, sender.certain = RESPONDER, once and sender.sends <= 1, False
    sender.finalizer = finalizer
    return sender


# Functions of package runtime that run a closure once, on the runtime's single finalizer goroutine.
_FINALIZERS = frozenset({"SetFinalizer", "AddCleanup"})


def _runtime_function(view: FileView, file: ParsedFile, function: Node | None) -> str | None:
    """`SetFinalizer` for `runtime.SetFinalizer` (the package as this file imports it)."""
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if view.program.package_of_selector(operand, file) != "runtime":
        return None
    return grammar.text(function.child_by_field_name(F.FIELD))
