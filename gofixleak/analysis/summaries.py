"""Per-function summaries for the retention rules: which parameters a function keeps for good.

A function that stores its string or slice parameter, as it is, in a
long-lived place -- a package-level variable (or a map, slice or field
reached from one), a field of its receiver (or a map in one), a channel --
makes a caller that passes a substring or subslice keep its whole base
there.  The copy belongs at the call site, so that is where the retention
rules report it: `stores_through_calls` turns such a call into a `Store`.

A function that hands the parameter on, unchanged, to another function that
keeps it keeps it too (followed a few calls deep).  A parameter that is
reassigned, or whose store does not matter (the destination's owner resets
it, it is a cursor, a `flag.Value`'s `Set`...; see `matters`), is not kept.
Calls are resolved to functions and methods declared in the package, or in
another package of the module whose sources gofixleak loaded (not the
standard-library stubs); calls through interfaces or function values are
not followed.

Summaries are computed once per package and memoized on its `PackageFacts`
(the per-package object every file of the package shares), so the cost is
one pass over the package's functions however many call sites ask.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from gofixleak.analysis import flow, matters, storage
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.semantics.goversion import NEWEST
from gofixleak.semantics.typecheck import Program, stub_package
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

_MAX_DEPTH = 3


@dataclass(frozen=True)
class KeptParameter:
    """A parameter the function keeps: its position (the receiver not counted), its name, and the
    place it ends up in, as the callee's code names it."""

    index: int
    name: str
    destination: str
    receiver_field: bool  # kept in a field of the receiver: only matters if the receiver lives on


FunctionKey = tuple[str, str]  # (receiver type name or "", function name)
Callee = tuple[Program, PackageFacts, FunctionKey]  # a function, the package it is in, a Program to read it


def kept_parameters(
    program: Program, facts: PackageFacts, key: FunctionKey, depth: int = 0
) -> tuple[KeptParameter, ...]:
    """The parameters of the package's function or method `key` that it keeps for good.

    Answers are kept with the package facts for later checks (replaying what they read, for the
    cache) by function and depth: each is then a function of both alone, whichever file asked
    first (recursion ends at the depth limit, not at a function still being summarized)."""
    if depth > _MAX_DEPTH:
        return ()
    return facts.remembered("kept_parameters", (key, depth), lambda: _summarize(program, facts, key, depth))


def kept_by(view: FileView, func: Node) -> tuple[KeptParameter, ...]:
    """The parameters the function or method declared by `func` (in `view`'s package) keeps."""
    facts = view.program.facts_of(view.file)
    name = func.child_by_field_name(F.NAME)
    if facts is None or name is None or func.type not in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
        return ()
    receiver = ""
    if func.type == K.METHOD_DECLARATION:
        receivers = grammar.named(func.child_by_field_name(F.RECEIVER))
        type_node = receivers[0].child_by_field_name(F.TYPE) if len(receivers) == 1 else None
        receiver = grammar.text(type_node).lstrip("*").split("[", 1)[0] if type_node is not None else ""
        if not receiver:
            return ()
    return kept_parameters(view.program, facts, (receiver, grammar.text(name)))


def _declaration(facts: PackageFacts, key: FunctionKey) -> tuple[Node, ParsedFile] | None:
    receiver, name = key
    if receiver:
        method = facts.method(receiver, name)
        return (method.node, method.file) if method is not None else None
    decl = facts.values.get(name)
    if decl is None or decl.kind != "func":
        return None
    return decl.spec, decl.file


def _summarize(program: Program, facts: PackageFacts, key: FunctionKey, depth: int) -> tuple[KeptParameter, ...]:
    found = _declaration(facts, key)
    if found is None:
        return ()
    func, file = found
    body = func.child_by_field_name(F.BODY)
    if body is None:
        return ()
    view = FileView(file.path, file.src, file.tree, NEWEST, file, lambda: program)
    kept: list[KeptParameter] = []
    index = 0
    for decl in grammar.named(func.child_by_field_name(F.PARAMETERS)):
        names = grammar.fields(decl, F.NAME)
        variadic = grammar.has_token(decl, "...")
        idents: list[Node | None] = list(names) or [None]  # an unnamed parameter still takes a position
        for ident in idents:
            if ident is not None and not variadic:
                param = view.resolve(ident)
                if param is not None and _retainable(view, param):
                    where = _kept_where(view, param, body, depth)
                    if where is not None:
                        kept.append(KeptParameter(index, param.name, *where))
            index += 1
    return tuple(kept)


def _retainable(view: FileView, param: sc.Symbol) -> bool:
    """A string or slice parameter the function never reassigns."""
    t = view.underlying(view.program.symbol_type(param))
    if not (isinstance(t, gt.Slice) or gt.is_string_basic(t)):
        return False
    body = grammar.function_body(param.func) if param.func is not None else None
    if body is None:
        return False
    uses = [use for use in view.uses(param, body) if param.decl is None or use.id != param.decl.id]
    return not any(sc.is_written(use) for use in uses)


def _kept_where(view: FileView, param: sc.Symbol, body: Node, depth: int) -> tuple[str, bool] | None:
    """Where the function keeps the parameter as it is: (destination, whether in a receiver field)."""
    for use in view.uses(param, body):
        if param.decl is not None and use.id == param.decl.id:
            continue
        for store in storage.stores(view, use):
            where = _long_lived(view, store)
            if where is not None and matters.destination_excuse(view, use, store) is None:
                return where
        inner = _passed_on(view, use, depth)
        if inner is not None:
            return inner
    return None


def _long_lived(view: FileView, store: storage.Store) -> tuple[str, bool] | None:
    """A destination that lives on after the call whoever calls: a channel, something reached from
    a package-level variable, a field of the receiver."""
    if store.statement.type == K.SEND_STATEMENT and store.target is None:
        return store.destination, False
    root = storage.root_symbol(view, store.target)
    if root is None:
        return None
    if root.is_package_var:
        return store.destination, False
    if root.where == sc.RECEIVER and view.program.is_pointer(view.program.symbol_type(root)):
        return store.destination, True
    return None


def _passed_on(view: FileView, use: Node, depth: int) -> tuple[str, bool] | None:
    """The parameter handed unchanged to a function that keeps it."""
    found = called_with(view, use, depth + 1)
    if found is None:
        return None
    kept, call = found
    if kept.receiver_field and not _receiver_lives_on(view, call):
        return None
    return kept.destination, kept.receiver_field


def called_with(view: FileView, arg: Node, depth: int = 0) -> tuple[KeptParameter, Node] | None:
    """When `arg` is an argument of a call to a function that keeps that parameter: what it keeps,
    and the call."""
    arguments = arg.parent
    call = arguments.parent if arguments is not None and arguments.type == K.ARGUMENTS else None
    if arguments is None or call is None or call.type != K.CALL_EXPRESSION or grammar.has_token(arguments, "..."):
        return None
    position = next((i for i, a in enumerate(grammar.named(arguments)) if a.id == arg.id), -1)
    callee = _callee(view, call)
    if callee is None or position < 0:
        return None
    program, facts, key = callee
    for kept in kept_parameters(program, facts, key, depth):
        if kept.index == position:
            return kept, call
    return None


def _callee(view: FileView, call: Node) -> Callee | None:
    """The function or method a call calls, when its declaration is in view."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return None
    if function.type == K.IDENTIFIER:
        symbol = view.resolve(function)
        facts = view.program.facts_of(view.file)
        if symbol is None or symbol.kind != sc.FUNC or symbol.where != sc.PACKAGE_LEVEL or facts is None:
            return None
        return view.program, facts, ("", symbol.name)
    if function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    name = grammar.text(function.child_by_field_name(F.FIELD))
    if operand is None:
        return None
    package = view.program.package_of_selector(operand, view.file)
    if package is not None:
        return _other_package(view, package, ("", name))
    named = view.program.deref(view.type_of(operand))
    if not isinstance(named, gt.Named):
        return None
    if named.package == view.file.import_path:
        facts = view.program.facts_of(view.file)
        return (view.program, facts, (named.name, name)) if facts is not None else None
    return _other_package(view, named.package, (named.name, name))


# The checking Program -> import path -> a Program to read another package of the module with
# (keyed by the caller's Program, not by the other package's facts, which the value refers to).
_PROGRAMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _other_package(view: FileView, import_path: str, key: FunctionKey) -> Callee | None:
    """A package of the module whose sources were loaded (not a standard-library stub)."""
    if stub_package(import_path) is not None:
        return None
    facts = view.program.package(import_path)
    if facts is None or not facts.files:
        return None
    programs = _PROGRAMS.setdefault(view.program, {})
    program = programs.get(import_path)
    if program is None or program.facts is not facts:
        program = programs[import_path] = Program(facts, view.program.source)
    return program, facts, key


def _receiver_lives_on(view: FileView, call: Node) -> bool:
    """The receiver of a method call is memory that outlives the caller: a package-level variable,
    the caller's own pointer receiver or parameter, or something reached from one."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    operand = function.child_by_field_name(F.OPERAND) if function is not None else None
    root = storage.root_symbol(view, operand)
    if root is None:
        return False
    if root.is_package_var:
        return True
    if root.where in (sc.RECEIVER, sc.PARAM):
        node = grammar.unparen(operand)
        reached = node is not None and node.type != K.IDENTIFIER
        return reached or view.program.is_pointer(view.program.symbol_type(root))
    return False


def stores_through_calls(view: FileView, value: Node) -> list[storage.Store]:
    """The long-lived places a call keeps `value` in: `value` passed to a function that keeps
    that parameter, directly or through a local it initialises (`name := s[:i]; register(name)`)."""
    out = []
    for arg, via in _arguments(view, value):
        found = called_with(view, arg)
        if found is None:
            continue
        kept, call = found
        if kept.receiver_field and not _receiver_lives_on(view, call):
            continue
        statement = flow.enclosing_statement(call)
        if statement is None:
            continue
        callee = grammar.text(call.child_by_field_name(F.FUNCTION))
        destination = f"{kept.destination} (through {callee}'s parameter {kept.name})"
        out.append(storage.Store(arg, statement, destination, None, via))
    return out


def _arguments(view: FileView, value: Node) -> list[tuple[Node, str | None]]:
    """`value` itself, or the uses of the local it initialises, as the expressions that may be
    passed on (with the local's name)."""
    use = value
    while use.parent is not None and use.parent.type == K.PARENTHESIZED_EXPRESSION:
        use = use.parent
    parent = use.parent
    if parent is not None and parent.type == K.ARGUMENTS:
        return [(use, None)]
    holder = parent.parent if parent is not None and parent.type == K.EXPRESSION_LIST else None
    if parent is None or holder is None or holder.type != K.SHORT_VAR_DECLARATION:
        return []
    if not sc.is_child(parent, holder, F.RIGHT):
        return []
    names, values = grammar.items(holder.child_by_field_name(F.LEFT)), grammar.items(parent)
    index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
    if index < 0 or len(names) != len(values):
        return []
    symbol = view.resolve(names[index])
    body = grammar.function_body(symbol.func) if symbol is not None and symbol.func is not None else None
    if symbol is None or body is None or symbol.where != sc.LOCAL:
        return []
    uses = view.references(symbol, body)
    if any(sc.is_written(u) for u in uses):
        return []
    return [(u, symbol.name) for u in uses if u.parent is not None and u.parent.type == K.ARGUMENTS]
