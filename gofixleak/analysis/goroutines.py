"""Goroutines a function starts, and the function each one runs.

A goroutine is started by `go f(args)` or by `wg.Go(func() {...})` of a
`sync.WaitGroup` (Go 1.25).  The function it runs is followed when it is
known statically: a function literal, a function of the package, a method
the package declares on its own type (`go s.fetch(url, ch)`), or a local
variable bound once to a literal (`fetch := func(...) {...}`).  Interface
methods, promoted methods, method expressions, functions of other packages
and other function values are not followed: their bodies are not known here.
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixleak.analysis import calls
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import MethodDecl, ParsedFile, receiver_base
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def start_of(view: FileView, literal: Node | None, func: Node, file: ParsedFile | None = None) -> Node | None:
    """The go statement or wg.Go(...) call that starts function literal `literal` directly in `func`
    (in `file`, when not the one being checked)."""
    if literal is None or literal.type != K.FUNCTION_LITERAL:
        return None
    parent = literal.parent
    start = None
    if parent is not None and parent.type == K.CALL_EXPRESSION and scope.is_child(literal, parent, F.FUNCTION):
        if parent.parent is not None and parent.parent.type == K.GO_STATEMENT:
            start = parent.parent
    elif parent is not None and parent.type == K.ARGUMENTS:
        if calls.waitgroup_method(view, parent.parent, file) == "Go":
            start = parent.parent
    if start is None:
        return None
    return start if grammar.same(grammar.enclosing_function(start), func) else None


@dataclass(frozen=True)
class Callee:
    """The function a call runs, when it is known statically."""

    node: Node  # a function literal, function declaration or method declaration
    file: ParsedFile  # the file it is declared in
    name: str | None  # how messages name it (`worker`, `s.fetch`); None for a literal called in place


def callee(view: FileView, call: Node, file: ParsedFile | None = None) -> Callee | None:
    """The function `call` (in `file`, when not the one being checked) runs: a literal, a function
    or method of the package, or a local variable bound once to a literal (generic functions are
    not followed)."""
    file = file or view.file
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return None
    if function.type == K.FUNCTION_LITERAL:
        return Callee(function, file, None)
    if function.type == K.IDENTIFIER:
        symbol = view.program.resolve(function, file)
        literal = bound_literal(view, symbol, file)
        if literal is not None and symbol is not None:
            return Callee(literal, file, symbol.name)
        decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
        if decl is None or decl.spec.type != K.FUNCTION_DECLARATION or decl.spec.child_by_field_name(F.TYPE_PARAMETERS):
            return None
        return Callee(decl.spec, decl.file, symbol.name if symbol is not None else None)
    if function.type == K.SELECTOR_EXPRESSION:
        method = static_method(view, function, file)
        if method is None:
            return None
        return Callee(method.node, method.file, " ".join(grammar.text(function).split()))
    return None


def bound_literal(view: FileView, symbol: scope.Symbol | None, file: ParsedFile | None = None) -> Node | None:
    """`worker := func(out chan<- T) {...}` (or `var worker = func...`): the literal a local
    variable is declared with, when nothing assigns the variable again (so `go worker(ch)` runs it)."""
    if symbol is None or symbol.kind != scope.VAR or not symbol.is_local or symbol.func is None:
        return None
    value = grammar.unparen(symbol.value)
    body = grammar.function_body(symbol.func)
    if value is None or value.type != K.FUNCTION_LITERAL or body is None:
        return None
    uses = view.program.resolver(file or view.file).uses(symbol, body)
    if any(scope.is_written(u) for u in uses if not grammar.same(u, symbol.decl)):
        return None
    return value


def static_method(view: FileView, selector: Node, file: ParsedFile | None = None) -> MethodDecl | None:
    """`s.run` where `s` is a (pointer to a) named type of this package that declares method
    `run` itself: the method that `go s.run(...)` runs.  Interfaces (dynamic dispatch), promoted
    methods and functions of other packages are not followed."""
    file = file or view.file
    operand = selector.child_by_field_name(F.OPERAND)
    name = selector.child_by_field_name(F.FIELD)
    if operand is None or name is None or view.program.package_of_selector(operand, file) is not None:
        return None
    inner = grammar.unparen(operand)
    if inner is None or inner.type not in (K.IDENTIFIER, K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.CALL_EXPRESSION):
        return None  # `(*T).run(s, ch)`: a method expression takes the receiver as its first argument
    if inner.type == K.IDENTIFIER:
        symbol = view.program.resolve(inner, file)
        if symbol is None or symbol.kind != scope.VAR:
            return None  # `T.run(s, ch)`: a method expression
    base = view.program.deref(view.program.type_of(operand, file))
    if not isinstance(base, gotypes.Named) or base.package != view.file.import_path:
        return None
    facts = view.program.facts
    method = facts.method(base.name, grammar.text(name)) if facts is not None else None
    if method is None or method.node.type != K.METHOD_DECLARATION or method.node.child_by_field_name(F.BODY) is None:
        return None
    return method


def parameter(view: FileView, file: ParsedFile, func: Node, index: int) -> scope.Symbol | None:
    """The parameter of `func` that receives argument `index` (None for `_`, unnamed or variadic)."""
    position = 0
    for decl in grammar.named(func.child_by_field_name(F.PARAMETERS)):
        if grammar.has_token(decl, "..."):
            return None
        names: list[Node | None] = list(grammar.fields(decl, F.NAME)) or [None]
        for name in names:
            if position == index:
                return view.program.resolve(name, file) if name is not None else None
            position += 1
    return None


def starts_of_function(view: FileView, func: Node, files: list[ParsedFile]) -> list[tuple[ParsedFile, Node]]:
    """The `go` calls in `files` that start `func` (a literal, a function or a method of the
    package) as a goroutine: (file, call)."""
    if func.type == K.FUNCTION_LITERAL:
        call = func.parent
        owner = call.parent if call is not None else None
        if call is not None and call.type == K.CALL_EXPRESSION and owner is not None and owner.type == K.GO_STATEMENT:
            return [(view.file, call)]
        return []
    name_node = func.child_by_field_name(F.NAME)
    if name_node is None:
        return []
    name = grammar.text(name_node)
    receiver = _receiver_type(func)
    sites = []
    for file in files:
        for statement in grammar.find_all(file.tree.root_node, (K.GO_STATEMENT,)):
            call = statement.child_by_field_name(F.CALL)
            target = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
            if call is None or target is None:
                continue
            if receiver is None and target.type == K.IDENTIFIER and grammar.text(target) == name:
                symbol = view.program.resolve(target, file)
                if symbol is not None and symbol.kind == scope.FUNC and symbol.decl is not None:
                    if symbol.decl.start_byte == name_node.start_byte:
                        sites.append((file, call))
            elif receiver is not None and target.type == K.SELECTOR_EXPRESSION:
                if grammar.text(target.child_by_field_name(F.FIELD)) != name:
                    continue
                base = view.program.deref(view.program.type_of(target.child_by_field_name(F.OPERAND), file))
                if isinstance(base, gotypes.Named) and base.name == receiver and base.package == view.file.import_path:
                    sites.append((file, call))
    return sites


def _receiver_type(func: Node) -> str | None:
    if func.type != K.METHOD_DECLARATION:
        return None
    base = receiver_base(func.child_by_field_name(F.RECEIVER))
    return base[0] if base is not None else None
