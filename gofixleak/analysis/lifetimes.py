"""Whether code runs once per process, and whether what it makes is meant to be closed.

A resource that lives as long as the process (a ticker driving a singleton's
background loop) is not leaked: nothing would ever free it earlier.  The
evidence that a function runs once per process comes from the package's own
code (its `_test.go` files aside): it is `main` or `init`, it belongs to a
command-line package (one that imports a command framework such as cobra:
each run of the program runs one command and exits), or every reference to it
in the package is a call made once:

- in `main`, `init` or a package-level variable's initialiser, outside any
  loop or closure there;
- in the function a `sync.Once`'s `Do` runs;
- whose result goes into a package-level variable (`global = newX()`, or
  `x := newX()` then `global = x` or `global.Store(x)`);
- in a function that itself runs once by the same evidence (three levels deep).

A function used as a value (`http.HandleFunc("/", serve)`) may run any number
of times, and one nobody in the package calls is not known to run once.

`made_to_close` is the opposite evidence, for an exported constructor whose
callers are in other packages: the value it builds can be closed (its type has
a `Close`, `Stop` or `Shutdown` method) or the function makes a context it can
cancel and keeps the cancel function: such values are made and closed again
and again, and a ticker they leave running after the close is lost.
"""

from __future__ import annotations

from gofixleak.analysis import timers
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Import paths of command frameworks: a package importing one implements commands of a program
# that runs one command per process.
COMMAND_FRAMEWORKS = ("github.com/spf13/cobra", "github.com/urfave/cli", "github.com/urfave/cli/v2")
MAX_DEPTH = 3  # callers followed up the package's call graph
_CLOSERS = ("Close", "Stop", "Shutdown")
_CANCELLABLE = ("WithCancel", "WithCancelCause", "WithTimeout", "WithDeadline")


def declaring_function(node: Node) -> Node | None:
    """The function or method declaration `node` is (or is in, through any function literals)."""
    if node.type in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
        return node
    func = grammar.enclosing_function(node)
    while func is not None and func.type == K.FUNCTION_LITERAL:
        func = grammar.enclosing_function(func)
    return func


def runs_once(view: FileView, node: Node) -> bool:
    """Whether the code at `node` (in the file `view` is of) runs once per process."""
    if command_package(view):
        return True
    return _runs_once(view, node, 0)


def command_package(view: FileView) -> bool:
    return any(path in COMMAND_FRAMEWORKS for f in view.package_files() for path in f.imports.values())


def _runs_once(view: FileView, node: Node, depth: int) -> bool:
    if _in_once_do(view, node):
        return True
    func = declaring_function(node)
    if func is not None and _repeats_within(node, func):
        return False  # in a loop, or in a closure that may be run any number of times
    if func is None:
        return True  # a package-level initialiser
    if timers.is_main_or_init(view, func):
        return True
    if depth >= MAX_DEPTH or func.type not in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
        return False
    references = _references(view, func)
    if not references:
        return False  # nobody in the package calls it: not known to run once
    for file, reference in references:
        site = view.sibling(file)
        call = _called_at(reference)
        if call is None:
            return False  # used as a value: a handler, a callback, run any number of times
        if not (_stored_globally(site, call) or _runs_once(site, call, depth + 1)):
            return False
    return True


def _repeats_within(node: Node, func: Node) -> bool:
    """`node` is (in) a function literal or a loop of `func`: it may run many times per call."""
    for anc in [node, *grammar.ancestors(node)]:
        if grammar.same(anc, func):
            return False
        if anc.type in (K.FUNCTION_LITERAL, K.FOR_STATEMENT):
            return True
    return False


def _in_once_do(view: FileView, node: Node) -> bool:
    """`node` is in a function literal handed to a `sync.Once`'s `Do`."""
    for anc in [node, *grammar.ancestors(node)]:
        if anc.type != K.FUNCTION_LITERAL:
            continue
        holder = anc.parent
        call = holder.parent if holder is not None and holder.type == K.ARGUMENTS else None
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if function is None or function.type != K.SELECTOR_EXPRESSION:
            continue
        if grammar.text(function.child_by_field_name(F.FIELD)) != "Do":
            continue
        owner = view.program.deref(view.type_of(function.child_by_field_name(F.OPERAND)))
        if isinstance(owner, gt.Named) and (owner.package, owner.name) == ("sync", "Once"):
            return True
    return False


def _references(view: FileView, func: Node) -> list[tuple[ParsedFile, Node]]:
    """Identifiers naming `func` in the package's files other than tests (calls or values)."""
    name_node = func.child_by_field_name(F.NAME)
    if name_node is None:
        return []
    name = grammar.text(name_node)
    method = func.type == K.METHOD_DECLARATION
    receiver = _receiver_type_name(func) if method else None
    found = []
    for file in view.package_files():
        if file.path.endswith("_test.go"):
            continue
        site = view.sibling(file)
        kinds = (K.FIELD_IDENTIFIER,) if method else (K.IDENTIFIER,)
        for ident in grammar.find_all(file.tree.root_node, kinds):
            if grammar.text(ident) != name or grammar.same(ident, name_node):
                continue
            if method:
                selector = ident.parent
                if selector is None or selector.type != K.SELECTOR_EXPRESSION:
                    continue
                owner = site.program.deref(site.type_of(selector.child_by_field_name(F.OPERAND)))
                if not isinstance(owner, gt.Named) or owner.name != receiver:
                    continue
                found.append((file, selector))
            else:
                symbol = site.resolve(ident)
                if symbol is not None and symbol.kind == sc.FUNC and symbol.where == sc.PACKAGE_LEVEL:
                    found.append((file, ident))
    return found


def _receiver_type_name(method: Node) -> str | None:
    receiver = method.child_by_field_name(F.RECEIVER)
    for ident in grammar.find_all(receiver, (K.TYPE_IDENTIFIER,)) if receiver is not None else []:
        return grammar.text(ident)
    return None


def _called_at(reference: Node) -> Node | None:
    """The call `reference` is the callee of (`f(...)`, `x.m(...)`), or None for another use."""
    node = reference
    while node.parent is not None and node.parent.type == K.PARENTHESIZED_EXPRESSION:
        node = node.parent
    call = node.parent
    if call is None or call.type != K.CALL_EXPRESSION or not sc.is_child(node, call, F.FUNCTION):
        return None
    return call


def _stored_globally(view: FileView, call: Node) -> bool:
    """The call's result goes into a package-level variable, directly or through a local."""
    parent = call.parent
    values = parent if parent is not None and parent.type == K.EXPRESSION_LIST else None
    owner = values.parent if values is not None else None
    if owner is None or values is None:
        return False
    targets = (
        grammar.items(owner.child_by_field_name(F.LEFT))
        if owner.type in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION)
        else []
    )
    if len(targets) < 1 or not sc.is_child(values, owner, F.RIGHT):
        return False
    target = grammar.unparen(targets[0])
    if target is None or target.type != K.IDENTIFIER:
        return False
    symbol = view.resolve(target)
    if symbol is None or symbol.kind != sc.VAR:
        return False
    if symbol.where == sc.PACKAGE_LEVEL:
        return True
    func = symbol.func
    body = grammar.function_body(func) if func is not None else None
    if symbol.where != sc.LOCAL or body is None:
        return False
    return any(_into_global(view, use) for use in view.uses(symbol, body) if not grammar.same(use, symbol.decl))


def _into_global(view: FileView, use: Node) -> bool:
    """`global = x` or `global.Store(x)` (any method of a package-level variable taking x)."""
    parent = use.parent
    if parent is not None and parent.type == K.ARGUMENTS:
        call = parent.parent
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if function is not None and function.type == K.SELECTOR_EXPRESSION:
            return _is_global(view, function.child_by_field_name(F.OPERAND))
        return False
    if parent is not None and parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type == K.ASSIGNMENT and sc.is_child(parent, owner, F.RIGHT):
            targets = grammar.items(owner.child_by_field_name(F.LEFT))
            return len(targets) == 1 and _is_global(view, targets[0])
    return False


def _is_global(view: FileView, node: Node | None) -> bool:
    node = grammar.unparen(node)
    if node is None or node.type != K.IDENTIFIER:
        return False
    symbol = view.resolve(node)
    return symbol is not None and symbol.kind == sc.VAR and symbol.where == sc.PACKAGE_LEVEL


def referenced(view: FileView, node: Node) -> bool:
    """Whether the package's own code (tests aside) calls or uses the function `node` is in."""
    func = declaring_function(node)
    return func is not None and bool(_references(view, func))


def made_to_close(view: FileView, node: Node, owner: gt.Named | None = None) -> bool:
    """The value built where `node` is can be closed: `owner` (or the declaring function's
    receiver or result type) has a Close, Stop or Shutdown method, or the function makes a
    cancellable context (`context.WithCancel`)."""
    func = declaring_function(node)
    if func is None:
        return False
    types: list[gt.Type | None] = [owner] if owner is not None else []
    signature = view.program.type_from_node(func, view.file)
    if isinstance(signature, gt.Signature):
        types += [view.program.deref(r) for r in signature.results]
    if func.type == K.METHOD_DECLARATION:
        receiver = _receiver_type_name(func)
        if receiver is not None:
            types.append(gt.Named(view.file.import_path, receiver))
    for t in types:
        if isinstance(t, gt.Named):
            facts = view.program.package(t.package)
            if facts is not None and any(facts.method(t.name, m) is not None for m in _CLOSERS):
                return True
    body = grammar.function_body(func)
    for call in grammar.find_all(body, (K.CALL_EXPRESSION,)) if body is not None else []:
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None or function.type != K.SELECTOR_EXPRESSION:
            continue
        if grammar.text(function.child_by_field_name(F.FIELD)) not in _CANCELLABLE:
            continue
        if view.program.package_of_selector(function.child_by_field_name(F.OPERAND), view.file) == "context":
            return True
    return False
