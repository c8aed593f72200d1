"""Positive evidence that a loop runs many times, and what makes a program short-lived.

A defer or a timer per iteration only piles up when the loop really comes
round many times while its function lives.  Shapes of code prove that; a
loop over whatever a caller passed does not (most such loops in real code go
over a handful of addresses, sessions, flags or manifest entries).  The
evidence `many_iterations` accepts:

- a loop that runs until something happens (`for {`, `for cond {`), unless it
  is a try loop: its body cannot reach its own end (it returns on success) and
  only `continue` after a failure brings it round again (retries, the next
  candidate address or session);
- a range over a channel: a stream of work items for as long as they come;
- a range (or a count to `len(x)`) over a directory listing
  (`os.ReadDir`, `filepath.Glob`, `f.Readdirnames`), outside command-line
  programs;
- a benchmark loop (`b.N`, `b.Loop()`), the only evidence in a `_test.go`
  file: tests are short-lived and what their loops hold is bounded by what
  they set up.

A statement in a `select` case that receives from a one-shot result channel
the function made itself (`errc := make(chan error, 1)`) runs once per call,
however long the loop around it runs.

`command_line_program` says whether a package is a command-line tool
(package main, or a package that defines commands with a command-line
framework): it holds what its flags name until the process exits.
"""

from __future__ import annotations

from gofixleak.analysis import calls, flow, loops
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Functions whose result has one element per directory entry or match: data of unbounded size.
_LISTINGS = frozenset(
    {
        ("os", "ReadDir"),
        ("io/ioutil", "ReadDir"),
        ("io/fs", "ReadDir"),
        ("io/fs", "Glob"),
        ("path/filepath", "Glob"),
    }
)
_LISTING_METHODS = frozenset({"Readdir", "ReadDir", "Readdirnames"})  # of *os.File

# Importing one of these makes a package a set of command-line commands (cobra, urfave/cli, kingpin, kong).
_CLI_FRAMEWORKS = (
    "github.com/spf13/cobra",
    "github.com/urfave/cli",
    "gopkg.in/urfave/cli",
    "github.com/alecthomas/kingpin",
    "gopkg.in/alecthomas/kingpin",
    "github.com/alecthomas/kong",
)


def command_line_program(view: FileView) -> bool:
    """Package main, or a package whose files import a command-line framework."""
    if view.file.package == "main":
        return True
    for parsed in view.package_files():
        if any(path.startswith(_CLI_FRAMEWORKS) for path in parsed.imports.values()):
            return True
    return False


def many_iterations(view: FileView, node: Node) -> str | None:
    """What shows that some loop around `node` (in its function) runs many times, or None."""
    func = grammar.enclosing_function(node)
    if func is None:
        return None
    for loop in loops.loops_around(node, func):
        evidence = loop_evidence(view, loop)
        if evidence is not None and not once_per_call(view, node, loop):
            return evidence
    return None


def loop_evidence(view: FileView, loop: Node) -> str | None:
    """Why `loop` itself runs many times, or None (see the module's list)."""
    if loops.benchmark_loop(view, loop):
        return "a benchmark loop"
    if view.file.path.endswith("_test.go"):
        return None
    clause = next((c for c in grammar.named(loop) if c.type in (K.RANGE_CLAUSE, K.FOR_CLAUSE)), None)
    if clause is None:
        if try_loop(loop):
            return None
        return "the loop runs until something happens"
    if clause.type == K.RANGE_CLAUSE:
        ranged = grammar.unparen(clause.child_by_field_name(F.RIGHT))
        if isinstance(view.underlying(view.type_of(ranged)), gt.Chan):
            return None if _fanned_out_collection(view, ranged) else "the loop ranges over a channel"
        listing = _listing(view, ranged)
    else:
        found = loops.bound(view, loop)
        listing = None
        if found is not None and found[0] == "int":
            length = grammar.unparen(found[1])
            if length is not None and calls.builtin_name(view, length) == "len":
                arguments = grammar.named(length.child_by_field_name(F.ARGUMENTS))
                listing = _listing(view, arguments[0]) if len(arguments) == 1 else None
    if listing is not None and not command_line_program(view):
        return f"the loop goes over the entries of {listing}"
    return None


def try_loop(loop: Node) -> bool:
    """`for { …; if err != nil { continue }; return x }`: the body cannot fall off its end, so only
    a `continue` (after a failure) brings the loop round again."""
    return flow.block_terminates(loop.child_by_field_name(F.BODY))


def once_per_call(view: FileView, node: Node, loop: Node) -> bool:
    """`node` sits in a `select` case (inside `loop`) receiving from a result channel the function
    made with room for at most one value: that case wins once per call."""
    for ancestor in grammar.ancestors(node):
        if ancestor.id == loop.id:
            return False
        if ancestor.type != K.COMMUNICATION_CLAUSE:
            continue
        channel = _received_channel(ancestor.child_by_field_name(F.COMMUNICATION))
        if channel is not None and _one_shot_channel(view, channel, loop):
            return True
    return False


def waited_expression(statement: Node | None) -> Node | None:
    """What a statement waits on or evaluates: the `<-ch` of a receive statement (`v := <-ch`, a
    select case's `case <-ch:`), the expression of an expression statement (`time.Sleep(d)`)."""
    if statement is None:
        return None
    if statement.type == K.RECEIVE_STATEMENT:
        right = grammar.items(statement.child_by_field_name(F.RIGHT))
        return grammar.unparen(right[0]) if right else None
    if statement.type == K.EXPRESSION_STATEMENT and grammar.named(statement):
        return grammar.unparen(grammar.named(statement)[0])
    return None


def _received_channel(communication: Node | None) -> Node | None:
    """The channel of `case v := <-ch:` / `case <-ch:`."""
    receive = waited_expression(communication)
    if receive is None or receive.type != K.UNARY_EXPRESSION or grammar.operator(receive) != "<-":
        return None
    return grammar.unparen(receive.child_by_field_name(F.OPERAND))


def _made_channel(view: FileView, channel: Node | None) -> tuple[scope.Symbol, Node, Node] | None:
    """(the variable, its `make(…)`, its function's body) for a local channel made with make."""
    if channel is None or channel.type != K.IDENTIFIER:
        return None
    symbol = view.resolve(channel)
    if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.LOCAL or symbol.func is None:
        return None
    made = grammar.unparen(symbol.value)
    body = grammar.function_body(symbol.func)
    if made is None or body is None or calls.builtin_name(view, made) != "make":
        return None
    return symbol, made, body


def _one_shot_channel(view: FileView, channel: Node, loop: Node) -> bool:
    """A local channel made before `loop` with `make(chan T)` or `make(chan T, 1)`, never reassigned."""
    found = _made_channel(view, channel)
    if found is None:
        return False
    symbol, made, body = found
    if symbol.decl is None or grammar.is_within(symbol.decl, loop):
        return False
    arguments = grammar.named(made.child_by_field_name(F.ARGUMENTS))
    if len(arguments) > 1:
        size = view.program.constant_int(arguments[1], view.file)
        if size is None or size > 1:
            return False
    return not any(scope.is_written(u) for u in view.references(symbol, body))


def _fanned_out_collection(view: FileView, channel: Node | None) -> bool:
    """A channel the function makes and fills itself, only from loops over a collection or a count
    (`for i := range layers { tasks <- i }`): workers ranging over it share out that collection,
    which shows nothing about its size.  A channel handed to another function may be fed by anything."""
    found = _made_channel(view, channel)
    if found is None or channel is None:
        return False
    symbol, _, body = found
    sends = 0
    for use in view.uses(symbol, body):
        parent = use.parent
        if use.id == channel.id or (symbol.decl is not None and use.id == symbol.decl.id):
            continue
        if parent is not None and parent.type == K.SEND_STATEMENT and _same(parent.child_by_field_name(F.CHANNEL), use):
            around = [a for a in grammar.ancestors(use) if a.type == K.FOR_STATEMENT and grammar.is_within(a, body)]
            if not around or not all(loops.runs_to_fixed_count(view, a) for a in around):
                return False
            sends += 1
        elif parent is not None and parent.type == K.ARGUMENTS and calls.builtin_name(view, parent.parent) != "close":
            return False
        elif scope.is_written(use):
            return False
    return sends > 0


def _listing(view: FileView, ranged: Node | None) -> str | None:
    """The listing call (`os.ReadDir`) the ranged value comes from, through `entries[1:]` and a
    local variable set once, or None."""
    node = grammar.unparen(ranged)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is not None and node.type == K.IDENTIFIER:
        symbol = view.resolve(node)
        if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.LOCAL:
            return None
        node = grammar.unparen(symbol.value or symbol.tuple_value)
    if node is None or node.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    name = grammar.text(function.child_by_field_name(F.FIELD))
    package = view.program.package_of_selector(operand, view.file) if operand is not None else None
    if package is not None:
        return f"{package.rsplit('/', 1)[-1]}.{name}" if (package, name) in _LISTINGS else None
    named = view.program.deref(view.type_of(operand))
    if isinstance(named, gt.Named) and named.package == "os" and named.name == "File" and name in _LISTING_METHODS:
        return f"a directory's {name}"
    return None


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id
