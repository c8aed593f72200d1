"""Does the owner of a slice live long?  Positive evidence that dropped elements stay reachable.

Elements left in a backing array matter only while the array itself lives.
A slice kept in a value built for one call (a parser's resolver per file, a
per-function table builder, a per-query iterator, a per-step heap) dies with
that value a moment later, and its dropped elements with it.  So the dropped-
element rule asks `long_lived` for positive evidence that the owner of the
slice outlives the operation that shrinks it:

- the slice is a package-level variable (or reached from one), except in a
  package of the Go toolchain's commands (`cmd/...`), whose state lives for
  one run of a batch tool (there only a pool counts);
- a value of the owner's type is kept for good by the package: in a
  package-level variable, a `sync.Pool` (its `New`, or a `Put` of one), or a
  field of a type kept for good;
- the owner's type is reused across operations: another function of the
  package grows the same field (`append(x.f, ..)`, or a `Push` appending to a
  heap type), its values are reachable through the package's exported API
  (the type is exported, or a field of an exported type: its lifetime is the
  importer's; not in a `main` package, which nobody imports), and the
  package does not show every value of it to be built and dropped within
  one call (made in a local that is never returned,
  stored or captured; or a value field of such a type).

Anything else, notably an unexported type reached only from locals, or an
owner of another package, is not evidence, and the rule stays silent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gofixleak.analysis import alive, pools, slicing, storage
from gofixleak.semantics import deps
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.semantics.index import file_names, package_index
from gofixleak.semantics.typecheck import Program
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

_DEPTH = 3
_T = TypeVar("_T")


def long_lived(ctx: FileView, place: Node | None, statement: Node) -> str | None:
    """Why the owner of the slice `place` (the variable or field a statement shrinks) lives long
    enough for its dropped elements to matter, or None without evidence (see the module doc)."""
    node = grammar.unparen(place)
    if node is None:
        return None
    root = storage.root_symbol(ctx, node)
    if root is not None and root.is_package_var:
        if _runs_once(ctx):
            return None  # a command's package-level state lives for one run of the tool
        return f"package-level variable {root.name}"
    if node.type == K.IDENTIFIER:
        return _kept_closure_variable(ctx, node)
    owner, field = _owner_type(ctx, node)
    if owner is None:
        return None
    func = grammar.enclosing_function(statement)
    return type_lives_long(ctx, owner, field, func)


def _runs_once(ctx: FileView) -> bool:
    """A package of the Go toolchain's commands (`cmd/...` in the standard library): its
    package-level variables and exported types serve one run of a batch tool that exits when done
    (a compiler's queues of functions it compiles anyway, an assembler's per-file parser); only a
    pool is evidence there."""
    path = ctx.file.import_path
    return path == "cmd" or path.startswith("cmd/")


def _importable(ctx: FileView) -> bool:
    """Whether other packages can import this one and keep its exported types: not a `main`
    package, nor a toolchain command's."""
    return ctx.file.package != "main" and not _runs_once(ctx)


def type_lives_long(ctx: FileView, owner: gt.Named, field: str | None, func: Node | None) -> str | None:
    """Why values of the package's type `owner` live long with their `field` (None: the value itself,
    a named slice type) reused, or None."""
    facts = ctx.program.package(owner.package)
    if facts is None or owner.package != ctx.file.import_path:
        return None
    # the answers are remembered per package and read every file of it: a cached result of this
    # file depends on the whole package, also when the answer comes from another file's question
    deps.record_whole(facts)
    kept = _kept_for_good(ctx, facts, owner.name, 0)
    if kept is not None and not ("package-level" in kept and _runs_once(ctx)):
        return kept
    if not _importable(ctx):
        return None  # exported types of a command serve it, not importers that keep them
    if not _grown_elsewhere(ctx, facts, owner.name, field, func):
        return None
    exported = _exported_reach(ctx, facts, owner.name, 0)
    if exported is None or _made_and_dropped(ctx, facts, owner.name, 0):
        return None
    return f"{owner.name} is reused across operations and reachable through {exported}"


def _kept_closure_variable(ctx: FileView, ident: Node) -> str | None:
    """A local captured by a closure that runs as a goroutine or is stored away lives with it."""
    symbol = ctx.resolve(ident)
    if symbol is None:
        return None
    how = storage.captured_by_escaping_closure(ctx, symbol)
    if how is None or how == "is returned":
        return None  # a returned closure may be called once and dropped
    return f"local variable {symbol.name}, captured by a closure that {how}"


def _owner_type(ctx: FileView, node: Node) -> tuple[gt.Named | None, str | None]:
    """The named type whose field `node` is (`x.f`), or whose value it is (`*h` of a heap type)."""
    if node.type == K.SELECTOR_EXPRESSION:
        field = grammar.text(node.child_by_field_name(F.FIELD))
        owner = slicing.struct_owner(ctx.program, ctx.type_of(node.child_by_field_name(F.OPERAND)), field)
        return (gt.Named(owner[0], owner[1]), field) if owner is not None else (None, None)
    if node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        pointee = ctx.program.deref(ctx.type_of(node.child_by_field_name(F.OPERAND)))
        if isinstance(pointee, gt.Named) and not pointee.args:
            return gt.Named(pointee.package, pointee.name), None
    return None, None


def _memo(facts: PackageFacts, key: tuple, compute: Callable[[], _T]) -> _T:
    # a cycle through this question answers "no evidence" (and what used that cut is not kept)
    return facts.remembered("owners", key, compute, cycle=None)


# --- refilled by the owner's methods --------------------------------------------------------------


def refilled_by_methods(ctx: FileView, statement: Node, place: Node | None) -> bool:
    """`j.buf = j.buf[:0]; walk(line, j.parseObject)`: after a reset at the start of an operation,
    the function calls (or hands on) a method of the same owner that appends to the field again,
    directly or through another of its methods: the slots are reused by this operation."""
    node = grammar.unparen(place)
    if node is None or node.type != K.SELECTOR_EXPRESSION:
        return False
    operand = node.child_by_field_name(F.OPERAND)
    owner, field = _owner_type(ctx, node)
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    facts = ctx.program.package(owner.package) if owner is not None else None
    if owner is None or field is None or facts is None or body is None or operand is None:
        return False
    deps.record_whole(facts)  # the refilling methods are remembered per package
    refillers = _refilling_methods(facts, owner.name, field)
    for selector in ctx.find(K.SELECTOR_EXPRESSION, within=body):
        if selector.start_byte < statement.end_byte:
            continue
        if grammar.text(selector.child_by_field_name(F.FIELD)) in refillers and slicing.same_expr(
            ctx, selector.child_by_field_name(F.OPERAND), operand
        ):
            return True
    return False


def _refilling_methods(facts: PackageFacts, type_name: str, field: str) -> frozenset[str]:
    """The methods of the type that append to `recv.field`, or call (or hand on) one that does."""

    def compute() -> frozenset[str]:
        methods = facts.methods.get(type_name, {})
        bodies: dict[str, tuple[str, Node]] = {}
        for name, method in methods.items():
            receivers = grammar.named(method.node.child_by_field_name(F.RECEIVER))
            names = grammar.fields(receivers[0], F.NAME) if len(receivers) == 1 else []
            body = method.node.child_by_field_name(F.BODY)
            if len(names) == 1 and body is not None:
                bodies[name] = (grammar.text(names[0]), body)
        found = {
            name
            for name, (recv, body) in bodies.items()
            if any(_appends_to_text(call, f"{recv}.{field}") for call in grammar.find_all(body, (K.CALL_EXPRESSION,)))
        }
        for _ in range(_DEPTH):
            more = {
                name
                for name, (recv, body) in bodies.items()
                if name not in found
                and any(
                    grammar.text(sel.child_by_field_name(F.OPERAND)) == recv
                    and grammar.text(sel.child_by_field_name(F.FIELD)) in found
                    for sel in grammar.find_all(body, (K.SELECTOR_EXPRESSION,))
                )
            }
            if not more:
                break
            found |= more
        return frozenset(found)

    return _memo(facts, ("refillers", type_name, field), compute)


def _appends_to_text(call: Node, target: str) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    return (
        function is not None and grammar.text(function) == "append" and bool(args) and grammar.text(args[0]) == target
    )


# --- kept for good ------------------------------------------------------------------------------


def _kept_for_good(ctx: FileView, facts: PackageFacts, name: str, depth: int) -> str | None:
    if depth > _DEPTH:
        return None
    return _memo(facts, ("kept", name, depth), lambda: _compute_kept(ctx, facts, name, depth))


def _compute_kept(ctx: FileView, facts: PackageFacts, name: str, depth: int) -> str | None:
    target = gt.Named(facts.import_path, name)
    program = ctx.program
    for decl in facts.values.values():
        if decl.kind != "var":
            continue
        t = program.type_from_node(decl.type_node, decl.file) if decl.type_node is not None else None
        if t is None and decl.value is not None:
            t = program.type_of(decl.value, decl.file)
        if _mentions(program, t, target, 0):
            return f"package-level variable {decl.name} keeps {name} values"
    pooled = _pooled(ctx, facts, target)
    if pooled is not None:
        return pooled
    for container, _by_value in _containers(ctx, facts).get(name, ()):
        kept = _kept_for_good(ctx, facts, container, depth + 1)
        if kept is not None:
            return f"{name} is kept in a field of {container} ({kept})"
    return None


def _mentions(program: Program, t: gt.Type | None, target: gt.Named, depth: int) -> bool:
    """`t` is `target` or a pointer, slice, array, map or channel of it."""
    if t is None or depth > 4:
        return False
    if isinstance(t, gt.Named):
        return t.package == target.package and t.name == target.name
    if isinstance(t, (gt.Pointer, gt.Slice, gt.Array, gt.Chan)):
        return _mentions(program, t.elem, target, depth + 1)
    if isinstance(t, gt.Map):
        return _mentions(program, t.value, target, depth + 1) or _mentions(program, t.key, target, depth + 1)
    return False


def _pooled(ctx: FileView, facts: PackageFacts, target: gt.Named) -> str | None:
    """A `sync.Pool` whose `New` makes the type, or a pool `Put` handed one."""
    index = package_index(facts)
    program = ctx.program
    for mention in index.mentions("New"):
        if mention.node.type != K.KEYED_ELEMENT:
            continue
        value = grammar.named(mention.node)[-1] if grammar.named(mention.node) else None
        inner = grammar.named(value)[0] if value is not None and value.type != K.FUNCTION_LITERAL else value
        if inner is None or inner.type != K.FUNCTION_LITERAL:
            continue
        for ret in grammar.find_all(inner, (K.RETURN_STATEMENT,)):
            for result in grammar.named(ret):
                for item in grammar.items(result) if result.type == K.EXPRESSION_LIST else [result]:
                    if program.deref(program.type_of(item, mention.file)) == target:
                        return f"a pool makes {target.name} values"
    for mention in index.mentions("Put"):
        call = mention.node.parent
        if mention.node.type != K.SELECTOR_EXPRESSION or call is None or call.type != K.CALL_EXPRESSION:
            continue
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if len(args) != 1 or program.deref(program.type_of(args[0], mention.file)) != target:
            continue
        if pools.pool_put(ctx.sibling(mention.file), call) is not None:
            return f"{target.name} values are handed to a pool"
    return None


def _containers(ctx: FileView, facts: PackageFacts) -> dict[str, list[tuple[str, bool]]]:
    """Type name -> the package's struct types with a field of that type: (container, by value)."""

    def compute() -> dict[str, list[tuple[str, bool]]]:
        out: dict[str, list[tuple[str, bool]]] = {}
        for type_name, decl in facts.types.items():
            if decl.type_params is not None:
                continue
            struct = ctx.program.underlying(gt.Named(facts.import_path, type_name))
            if not isinstance(struct, gt.Struct):
                continue
            for f in struct.fields:
                for held, by_value in _held_names(f.type, facts.import_path):
                    if held != type_name:
                        out.setdefault(held, []).append((type_name, by_value))
        return out

    return _memo(facts, ("containers",), compute)


def _held_names(t: gt.Type | None, package: str, depth: int = 0, by_value: bool = True) -> list[tuple[str, bool]]:
    if t is None or depth > 4:
        return []
    if isinstance(t, gt.Named):
        return [(t.name, by_value)] if t.package == package else []
    if isinstance(t, (gt.Pointer, gt.Slice, gt.Chan)):
        return _held_names(t.elem, package, depth + 1, False)
    if isinstance(t, gt.Array):
        return _held_names(t.elem, package, depth + 1, by_value)
    if isinstance(t, gt.Map):
        return _held_names(t.value, package, depth + 1, False)
    return []


# --- reused across operations --------------------------------------------------------------------


def _grown_elsewhere(ctx: FileView, facts: PackageFacts, name: str, field: str | None, func: Node | None) -> bool:
    """Another function appends to the same field of the type (or, for a named slice type, to the
    value behind a receiver: a heap's `Push`)."""
    program = ctx.program
    target = gt.Named(facts.import_path, name)
    if field is None:
        for method in facts.methods.get(name, {}).values():
            if func is not None and method.node.id == func.id:
                continue
            body = method.node.child_by_field_name(F.BODY)
            for call in grammar.find_all(body, (K.CALL_EXPRESSION,)) if body is not None else []:
                if _appends_to_receiver(call):
                    return True
        return False
    for mention in package_index(facts).appends(field):
        node = mention.node
        if node.type != K.SELECTOR_EXPRESSION:
            continue
        around = grammar.enclosing_function(node)
        if func is not None and around is not None and around.id == func.id:
            continue
        if program.deref(program.type_of(node.child_by_field_name(F.OPERAND), mention.file)) == target:
            return True
    return False


def _appends_to_receiver(call: Node) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is None or grammar.text(function) != "append" or not args:
        return False
    first = grammar.unparen(args[0])
    return first is not None and first.type == K.UNARY_EXPRESSION and grammar.operator(first) == "*"


def _exported_reach(ctx: FileView, facts: PackageFacts, name: str, depth: int) -> str | None:
    """The exported type through which importers hold values of `name` (itself, or a container)."""
    if name[:1].isupper():
        return f"the exported type {name}"
    if depth > _DEPTH:
        return None

    def compute() -> str | None:
        for container, _by_value in _containers(ctx, facts).get(name, ()):
            found = _exported_reach(ctx, facts, container, depth + 1)
            if found is not None:
                return found
        return None

    return _memo(facts, ("exported", name), compute)


# --- built and dropped within one call -----------------------------------------------------------


def _made_and_dropped(ctx: FileView, facts: PackageFacts, name: str, depth: int) -> bool:
    """Every value of the type the package makes lives in a local that is never returned, stored
    or captured, or in a value field of a type whose values are all such locals."""
    if depth > _DEPTH:
        return False
    return bool(_memo(facts, ("dropped", name, depth), lambda: _compute_made_and_dropped(ctx, facts, name, depth)))


def _compute_made_and_dropped(ctx: FileView, facts: PackageFacts, name: str, depth: int) -> bool:
    containers = [c for c, by_value in _containers(ctx, facts).get(name, ()) if by_value]
    if any(not _made_and_dropped(ctx, facts, c, depth + 1) for c in containers):
        return False
    found = 0
    for file in facts.file_list():
        if not file_names(file).spells(name) or file.path.endswith("_test.go"):
            continue
        view = ctx.sibling(file)
        for node in _constructions(file, name):
            found += 1
            if not _dropped_local(view, node):
                return False
    return found > 0 or bool(containers)


def _constructions(file: ParsedFile, name: str) -> list[Node]:
    """`T{..}`, `&T{..}`, `new(T)`, `make(T, ..)`, `T(x)` and `var x T` in the file's functions."""
    out: list[Node] = []
    kinds = (K.COMPOSITE_LITERAL, K.CALL_EXPRESSION, K.VAR_SPEC)
    for node in grammar.find_all(file.tree.root_node, kinds):
        if grammar.enclosing_function(node) is None:
            continue
        if node.type == K.COMPOSITE_LITERAL:
            if _type_name(node.child_by_field_name(F.TYPE)) == name:
                out.append(node)
        elif node.type == K.CALL_EXPRESSION:
            function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
            args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
            callee = grammar.text(function) if function is not None else ""
            if callee == name or (callee in ("new", "make") and args and _type_name(args[0]) == name):
                out.append(node)
        elif _type_name(node.child_by_field_name(F.TYPE)) == name:
            out.append(node)
    return out


def _type_name(node: Node | None) -> str | None:
    if node is None:
        return None
    if node.type == K.GENERIC_TYPE:
        node = node.child_by_field_name(F.TYPE)
    return grammar.text(node) if node is not None and node.type in (K.TYPE_IDENTIFIER, K.IDENTIFIER) else None


def _dropped_local(view: FileView, made: Node) -> bool:
    """The value made at `made` goes into a local (`x := &T{}`, `var x T`) that only its own
    function uses, never returning, storing, sending or capturing it."""
    symbol = _bound_local(view, made)
    if symbol is None or symbol.func is None:
        return False
    body = grammar.function_body(symbol.func)
    if body is None:
        return False
    for use in view.references(symbol, body):
        if not _local_use(use, symbol.func):
            return False
    return True


def _bound_local(view: FileView, made: Node) -> sc.Symbol | None:
    if made.type == K.VAR_SPEC:
        names = grammar.fields(made, F.NAME)
        symbol = view.resolve(names[0]) if len(names) == 1 else None
    else:
        value = made
        parent = value.parent
        if parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
            value = parent
        target = alive.assigned_from(value)
        if target is None or target.type != K.IDENTIFIER:
            return None
        symbol = view.resolve(target)
    if symbol is None or symbol.where != sc.LOCAL or symbol.kind != sc.VAR:
        return None
    return symbol


def _local_use(use: Node, func: Node) -> bool:
    """A use that keeps the value inside its function: a field or method (`x.f`, `x.m()`), or an
    argument to a call (a walker given the visitor), not in a closure."""
    around = grammar.enclosing_function(use)
    if around is None or around.id != func.id:
        return False  # captured by a closure
    parent = use.parent
    if parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
        use, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == K.SELECTOR_EXPRESSION and parent.child_by_field_name(F.OPERAND) == use:
        return True
    if parent.type == K.ARGUMENTS:
        call = parent.parent
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if function is None or grammar.text(function) == "append":
            return False
        return call is not None and call.parent is not None and call.parent.type != K.GO_STATEMENT
    return False
