"""A finalizer on an object that belongs to a reference cycle never runs, and the cycle is never freed.

## What it does
Flags `runtime.SetFinalizer(p, f)` when the object `p` points to can be
kept alive by itself:

- the finalizer is a closure that uses the object (`p`, or the `x` of `&x`),
  a copy of the pointer (`q := p`), or the variable holding it (`h` for
  `SetFinalizer(h.conn, ...)`), or a local object that references it
  (`w := &wrapper{inner: r}`, then a closure using `w`); a pointer variable
  assigned again after the call is left alone (the closure may no longer
  reach the object then), and so is a holder or object variable set more
  than once;
- the same function links the object into a cycle (`x.t, y.t = &y, &x`,
  `n.self = n`, `child := &Dir{parent: root}` with
  `root.kids = append(root.kids, child)`);
- the object's type can reach itself through pointer, slice, map or channel
  fields, directly or through other types of the package
  (`Node.next → Node`, `Conn.pool → Pool.conns → Conn`), and the package
  stores something into each field on the way (an assignment, a struct
  literal, `&x.f`, a store into its elements, a method call with arguments
  on the field such as `x.self.Store(x)` of an `atomic.Pointer[T]`) or it is
  exported: a field nothing ever sets, or only sets to `nil`, stays nil, so
  no cycle can run through it.

A finalizer set in an unexported function that only files of other build
configurations call is not reported: where the file is built, no object
gets it (`fd_fake.go`'s `setAddr` for js, called only from `fd_unix.go` and
`fd_windows.go`; the cycle its type allows is never paired with the
finalizer).  The cycle has to be possible in the build that sets the
finalizer.

The message spells the cycle.  It is a report only: there is no rewrite.

## Why is this bad?
The garbage collector runs a finalizer only once nothing else references its
object, and it treats everything the object references as reachable until
the finalizer has run.  An object reachable from itself (through a cycle, or
through its own finalizer closure) therefore always looks reachable: its
finalizer never runs, and neither it nor anything else in the cycle is ever
freed (Go 101, "Memory Leaking Scenarios": finalizers set on objects in
cyclic reference groups).  `runtime.AddCleanup` (Go 1.24) does not have
this problem for cycles: a cleanup receives a separate argument instead of
the object, and only that argument must not reach the object.

## Example
```go
type Conn struct {
        fd   int
        peer *Conn
}

func dial() *Conn {
        c := &Conn{fd: open()}
        runtime.SetFinalizer(c, func(c *Conn) { closeFD(c.fd) })
        return c
}
```

## Use instead
```go
type Conn struct {
        fd   int
        peer *Conn
}

func dial() *Conn {
        c := &Conn{fd: open()}
        runtime.AddCleanup(c, func(fd int) { closeFD(fd) }, c.fd)
        return c
}
```

## Fix safety
No automatic fix: moving from `SetFinalizer` to `runtime.AddCleanup`
changes what the cleanup can see (an argument, not the object), and which
argument to pass is a design decision.  The message explains the migration
for Go ≥ 1.24 (the argument must not reach the object, or the object is
never freed) and points to `GODEBUG=checkfinalizers=1` (Go 1.25 runtimes),
which reports finalizers on objects in cycles and cleanups whose arguments
reach their objects at run time.  A type-level cycle only says the object
*can* be part of a cycle; acyclic types, interface and function fields
(which the rule cannot see through), fields the package never stores into
(matched by name, so a store to any field of that name counts) and clearing a
finalizer with `nil` are left alone; a finalizer passed through a helper
(`setFinalizer(obj, func() {...})`) and a closure reaching the object through
a package variable or a function call are not followed, and so are types declared once per build tag in several files
(the rule does not know which declaration applies).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from gofixleak.analysis import storage
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Rule, Safety
from gofixleak.semantics import buildtags, gotypes, scope
from gofixleak.semantics.facts import ParsedFile, TypeDecl
from gofixleak.semantics.goversion import GoVersion
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

CLEANUP_SINCE = GoVersion(1, 24)
MAX_HOPS = 8


@dataclass(frozen=True)
class Hop:
    """A reference from a field of one type to another type."""

    owner: str  # the type the field belongs to
    path: str  # the field (and nested fields) inside it, "" when the type itself is the reference
    target: TypeDecl
    by_reference: bool = True  # through a pointer, slice, map or channel (False: the value is contained)

    def spelled(self) -> str:
        return f"{self.owner}.{self.path}" if self.path else self.owner


def check(ctx: Context):
    for call in ctx.find(K.CALL_EXPRESSION):
        args = _set_finalizer_args(ctx, call)
        if args is None:
            continue
        obj, finalizer = args
        if _never_called(ctx, call):
            continue  # dead code in this build configuration: no object ever gets the finalizer
        finding = _captured(ctx, call, obj, finalizer) or _linked_here(ctx, call, obj) or _cyclic_type(ctx, call, obj)
        if finding is not None:
            yield finding


def _never_called(ctx: Context, call: Node) -> bool:
    """The function that sets the finalizer is unexported and called only from files of other
    build configurations: nothing the file being checked is built with names it, while files its
    build constraints exclude do (`fd_fake.go`'s `setAddr`, called only from `fd_unix.go` and
    `fd_windows.go`).  No object gets the finalizer where the types it reaches are declared.  A
    name used anywhere (a call, a method value, an interface's method) counts as a caller."""
    func = None
    for ancestor in grammar.ancestors(call):
        if ancestor.type in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
            func = ancestor
    name_node = func.child_by_field_name(F.NAME) if func is not None else None
    config = buildtags.config_for(ctx.file.constraint)
    if name_node is None or config is None:
        return False
    name = grammar.text(name_node)
    if name[:1].isupper() or name in ("init", "main", "_"):
        return False
    facts = ctx.program.facts
    files = facts.files if facts is not None and facts.files else [ctx.file]
    needle = name.encode()
    called_elsewhere = False
    for parsed in files:
        if parsed.path == ctx.file.path or needle not in parsed.src:
            continue
        names = (K.IDENTIFIER, K.FIELD_IDENTIFIER)
        found = grammar.find_all(parsed.tree.root_node, names)
        if any(grammar.text(n) == name and not _declared_name(n) for n in found):
            if parsed.constraint.holds(config):
                return False
            called_elsewhere = True
    own = [n for n in grammar.find_all(ctx.root, (K.IDENTIFIER, K.FIELD_IDENTIFIER)) if grammar.text(n) == name]
    return called_elsewhere and all(n.start_byte == name_node.start_byte for n in own)


def _declared_name(ident: Node) -> bool:
    """The name of a function or method declaration (another platform's version of it)."""
    parent = ident.parent
    return (
        parent is not None
        and parent.type in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION)
        and grammar.same(parent.child_by_field_name(F.NAME), ident)
    )


def _set_finalizer_args(ctx: Context, call: Node) -> tuple[Node, Node] | None:
    """(object, finalizer) of a `runtime.SetFinalizer(obj, f)` call whose f is not nil."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    if ctx.text(function.child_by_field_name(F.FIELD)) != "SetFinalizer":
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None or ctx.program.package_of_selector(operand, ctx.file) != "runtime":
        return None
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if len(args) != 2:
        return None
    finalizer = grammar.unparen(args[1])
    if finalizer is None or (finalizer.type == K.IDENTIFIER and _is_nil(ctx, finalizer)):
        return None  # SetFinalizer(p, nil) removes a finalizer
    return args[0], finalizer


def _is_nil(ctx: Context, ident: Node) -> bool:
    symbol = ctx.resolve(ident)
    return symbol is not None and symbol.kind == scope.NIL


def _advice(ctx: Context) -> str:
    check = "GODEBUG=checkfinalizers=1 reports such cycles at run time (Go 1.25+)"
    if ctx.version >= CLEANUP_SINCE:
        return (
            "use runtime.AddCleanup instead, passing the resource as the cleanup's argument "
            f"(it must not reach the object); {check}"
        )
    return (
        "break the cycle before the object is dropped, or finalize a separate object that holds "
        f"only the resource; {check}"
    )


# --- the finalizer closure uses the object ---------------------------------------------------


def _object_variable(ctx: Context, obj: Node) -> scope.Symbol | None:
    """The local variable holding the object: `p` in `SetFinalizer(p, ...)`, `x` in `(&x, ...)`."""
    node = grammar.unparen(obj)
    if node is not None and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "&":
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is None or node.type != K.IDENTIFIER:
        return None
    symbol = storage.root_symbol(ctx, node)
    return symbol if symbol is not None and symbol.is_local else None


def _finalizer_literal(ctx: Context, finalizer: Node) -> Node | None:
    if finalizer.type == K.FUNCTION_LITERAL:
        return finalizer
    if finalizer.type == K.IDENTIFIER:
        symbol = ctx.resolve(finalizer)
        value = grammar.unparen(symbol.value) if symbol is not None and symbol.is_local else None
        if value is not None and value.type == K.FUNCTION_LITERAL:
            return value
    return None


def _captured(ctx: Context, call: Node, obj: Node, finalizer: Node) -> Finding | None:
    literal = _finalizer_literal(ctx, finalizer)
    body = literal.child_by_field_name(F.BODY) if literal is not None else None
    if body is None:
        return None
    for variable, how in _holders(ctx, call, obj):
        uses = ctx.uses(variable, body)
        if not uses:
            continue
        name, line = variable.name, ctx.line_of(uses[0].start_byte)
        if how is None:
            message = (
                f"the finalizer closure uses {name} itself (line {line}): {name} stays reachable from its "
                f"own finalizer, so it is never freed and the finalizer never runs; use the finalizer's "
                f"parameter instead of {name}"
            )
        else:
            message = (
                f"the finalizer closure uses {name} (line {line}), {how}: the object stays reachable from "
                f"its own finalizer, so it is never freed and the finalizer never runs; use the finalizer's "
                f"parameter instead"
            )
        return ctx.finding(call, message)
    return _captured_referrer(ctx, call, obj, body)


def _captured_referrer(ctx: Context, call: Node, obj: Node, closure: Node) -> Finding | None:
    """The closure uses a local object that references the finalized one (`w := &wrapper{inner: r}`,
    then `SetFinalizer(r, func(*res) { w.close() })`): the object stays reachable from its finalizer.

    Only variables set once (at their declaration) count, the object's and those on the chain, so
    each name stands for one object."""
    variable = _object_variable(ctx, obj)
    func = grammar.enclosing_function(call)
    body = grammar.function_body(func) if func is not None else None
    if variable is None or func is None or body is None or not _set_once(ctx, variable, body):
        return None
    links = _links(ctx, body, func)
    for owner in links:
        if owner == variable or not _set_once(ctx, owner, body):
            continue
        uses = ctx.uses(owner, closure)
        if not uses:
            continue
        chain = _path(owner, variable, links, lambda s: _set_once(ctx, s, body))
        if chain is None:
            continue
        spelled = ", ".join(f"{target} → {to.name}" for target, to in chain)
        message = (
            f"the finalizer closure uses {owner.name} (line {ctx.line_of(uses[0].start_byte)}), which references "
            f"{variable.name} ({spelled}): the object stays reachable from its own finalizer, so it is never "
            f"freed and the finalizer never runs; use the finalizer's parameter instead"
        )
        return ctx.finding(call, message)
    return None


def _set_once(ctx: Context, symbol: scope.Symbol, body: Node) -> bool:
    """A local variable assigned nowhere but at its declaration (and whose address is not taken)."""
    return symbol.is_local and not any(
        scope.is_written(u) for u in ctx.uses(symbol, body) if not grammar.same(u, symbol.decl)
    )


def _holders(ctx: Context, call: Node, obj: Node) -> list[tuple[scope.Symbol, str | None]]:
    """Local variables through which a closure would reach the object, with how (None: it is the
    object): `x` for `&x`; `p` for `p`, and `q` after `q := p`; `h` for `h.f`.  A pointer variable
    that is assigned again after the call may no longer point to the object then: left out."""
    node = grammar.unparen(obj)
    if node is not None and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "&":
        inner = grammar.unparen(node.child_by_field_name(F.OPERAND))
        symbol = ctx.resolve(inner) if inner is not None and inner.type == K.IDENTIFIER else None
        return [(symbol, None)] if symbol is not None and symbol.kind == scope.VAR and symbol.is_local else []
    func = grammar.enclosing_function(call)
    body = grammar.function_body(func) if func is not None else None
    root = storage.root_symbol(ctx, node)
    if body is None or root is None or not root.is_local or _rebound(ctx, root, call, body):
        return []
    if node is not None and node.type != K.IDENTIFIER:
        return [(root, f"which holds {ctx.text(node)}")]
    found: list[tuple[scope.Symbol, str | None]] = [(root, None)]
    for copy in _copies(ctx, root, body):
        if not _rebound(ctx, copy, call, body):
            found.append((copy, f"a copy of {root.name}"))
    return found


def _copies(ctx: Context, symbol: scope.Symbol, body: Node) -> list[scope.Symbol]:
    """Locals declared as `q := p` (or `var q = p`) of the pointer variable `p`."""
    copies = []
    for use in ctx.uses(symbol, body):
        parent = use.parent
        owner = parent.parent if parent is not None and parent.type == K.EXPRESSION_LIST else None
        if owner is None or owner.type not in (K.SHORT_VAR_DECLARATION, K.VAR_SPEC):
            continue
        if not grammar.same(
            owner.child_by_field_name(F.RIGHT if owner.type == K.SHORT_VAR_DECLARATION else F.VALUE), parent
        ):
            continue
        names = grammar.items(owner.child_by_field_name(F.LEFT)) or grammar.fields(owner, F.NAME)
        values = grammar.items(parent)
        if len(names) != len(values):
            continue
        index = next(i for i, v in enumerate(values) if v.id == use.id)
        copy = ctx.resolve(names[index]) if names[index].type == K.IDENTIFIER else None
        if copy is not None and copy != symbol and grammar.same(copy.decl, names[index]):
            copies.append(copy)
    return copies


def _rebound(ctx: Context, symbol: scope.Symbol, call: Node, body: Node) -> bool:
    """The variable is assigned (or its address taken) after `call`, or in a loop around it."""
    loops = [a for a in grammar.ancestors(call) if a.type == K.FOR_STATEMENT and grammar.is_within(a, body)]
    for use in ctx.uses(symbol, body):
        if grammar.same(use, symbol.decl) or not scope.is_written(use):
            continue
        if use.start_byte > call.start_byte or any(grammar.is_within(use, loop) for loop in loops):
            return True
    return False


# --- the function links the object into a cycle ------------------------------------------------


def _linked_here(ctx: Context, call: Node, obj: Node) -> Finding | None:
    """`x.t, y.t = &y, &x` (or `n.self = n`) in the function that sets the finalizer on x."""
    variable = _object_variable(ctx, obj)
    func = grammar.enclosing_function(call)
    body = grammar.function_body(func) if func is not None else None
    if variable is None or func is None or body is None:
        return None
    links = _links(ctx, body, func)
    chain = _cycle(variable, links)
    if chain is None:
        return None
    spelled = ", ".join(f"{target} → {to.name}" for target, to in chain)
    message = (
        f"{variable.name} is linked into a reference cycle in this function ({spelled}): "
        f"its finalizer never runs and the cycle is never freed; {_advice(ctx)}"
    )
    return ctx.finding(call, message)


def _links(ctx: Context, body: Node, func: Node) -> dict[scope.Symbol, list[tuple[str, scope.Symbol]]]:
    """Local objects that reference other local objects: owner -> [(field written, referenced)].

    `x.t = &y`, `a.peer = b`, `p.kids = append(p.kids, c)`, and objects made referencing
    others: `b := &T{peer: a}`.
    """
    links: dict[scope.Symbol, list[tuple[str, scope.Symbol]]] = {}
    kinds = (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, K.VAR_SPEC)
    for statement in grammar.find_all(body, kinds):
        if not grammar.same(grammar.enclosing_function(statement), func):
            continue
        for written, value in _pairs(statement):
            target = grammar.unparen(written)
            if target is None or (target.type == K.IDENTIFIER and not _is_literal(value)):
                continue  # rebinding a variable to an existing object links no objects
            owner = storage.root_symbol(ctx, target)
            if owner is None or not owner.is_local:
                continue
            for referenced, field_path in _referenced_objects(ctx, value, 0):
                if referenced.is_local:
                    links.setdefault(owner, []).append((ctx.text(target) + field_path, referenced))
    return links


def _pairs(statement: Node) -> list[tuple[Node, Node]]:
    """(target, value) of `a, b = x, y`, `a := x` and `var a = x`."""
    if statement.type == K.ASSIGNMENT and grammar.operator(statement) != "=":
        return []
    if statement.type == K.VAR_SPEC:
        targets = grammar.fields(statement, F.NAME)
        values = grammar.items(statement.child_by_field_name(F.VALUE))
    else:
        targets = grammar.items(statement.child_by_field_name(F.LEFT))
        values = grammar.items(statement.child_by_field_name(F.RIGHT))
    return list(zip(targets, values, strict=True)) if len(targets) == len(values) else []


def _is_literal(value: Node) -> bool:
    node = grammar.unparen(value)
    if node is not None and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "&":
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    return node is not None and node.type == K.COMPOSITE_LITERAL


def _referenced_objects(ctx: Context, value: Node | None, depth: int) -> list[tuple[scope.Symbol, str]]:
    """The local objects `value` points to, with the field of a literal that holds each: `&y`, a
    pointer variable `p`, the elements of `append(s, p)` and of `&T{peer: p}` (".peer")."""
    node = grammar.unparen(value)
    if node is None or depth > 3:
        return []
    if node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "&":
        inner = grammar.unparen(node.child_by_field_name(F.OPERAND))
        if inner is not None and inner.type == K.IDENTIFIER:
            symbol = ctx.resolve(inner)
            return [(symbol, "")] if symbol is not None else []
        return _referenced_objects(ctx, inner, depth + 1)
    if node.type == K.IDENTIFIER:
        symbol = ctx.resolve(node) if ctx.program.is_pointer(ctx.type_of(node)) else None
        return [(symbol, "")] if symbol is not None and symbol.kind == scope.VAR else []
    if node.type == K.CALL_EXPRESSION and _is_append(ctx, node):
        arguments = node.child_by_field_name(F.ARGUMENTS)
        if arguments is None or grammar.has_token(arguments, "..."):
            return []
        return [r for a in grammar.named(arguments)[1:] for r in _referenced_objects(ctx, a, depth + 1)]
    if node.type != K.COMPOSITE_LITERAL:
        return []
    found = []
    for element in grammar.named(node.child_by_field_name(F.VALUE)):
        key = element.child_by_field_name(F.KEY) if element.type == K.KEYED_ELEMENT else None
        inner = element.child_by_field_name(F.ELEMENT) if element.type == K.KEYED_ELEMENT else element
        field_path = f".{ctx.text(key)}" if key is not None and key.type == K.IDENTIFIER else ""
        found += [(symbol, field_path + more) for symbol, more in _referenced_objects(ctx, inner, depth + 1)]
    return found


def _is_append(ctx: Context, call: Node) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or ctx.text(function) != "append":
        return False
    symbol = ctx.resolve(function)
    return symbol is not None and symbol.kind == scope.BUILTIN


def _cycle(
    start: scope.Symbol, links: dict[scope.Symbol, list[tuple[str, scope.Symbol]]]
) -> list[tuple[str, scope.Symbol]] | None:
    """The shortest chain of links from `start` back to `start`."""
    return _path(start, start, links, lambda _: True)


def _path(
    start: scope.Symbol,
    goal: scope.Symbol,
    links: dict[scope.Symbol, list[tuple[str, scope.Symbol]]],
    through: Callable[[scope.Symbol], bool],
) -> list[tuple[str, scope.Symbol]] | None:
    """The shortest chain of links from `start` to `goal` (at least one link), passing only
    through objects `through` accepts."""
    parent: dict[scope.Symbol, tuple[scope.Symbol, str] | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for target, to in links.get(current, []):
            if to == goal:
                chain = [(target, to)]
                while parent[current] is not None:
                    previous, text = parent[current]  # type: ignore[misc]
                    chain.append((text, current))
                    current = previous
                return chain[::-1]
            if to not in parent and through(to):
                parent[to] = (current, target)
                queue.append(to)
    return None


# --- the type can reach itself --------------------------------------------------------------


def _cyclic_type(ctx: Context, call: Node, obj: Node) -> Finding | None:
    decl = _pointee_decl(ctx, obj)
    if decl is None or decl.is_alias:
        return None
    hops = _type_cycle(ctx, decl)
    if hops is None:
        return None
    path = " → ".join([h.spelled() for h in hops] + [decl.name])
    message = (
        f"finalizer on *{decl.name}, a type that can reach itself ({path}): if the object is ever part "
        f"of a reference cycle, its finalizer never runs and the cycle is never freed; {_advice(ctx)}"
    )
    return ctx.finding(call, message)


def _pointee_decl(ctx: Context, obj: Node) -> TypeDecl | None:
    """The declaration of the type `obj` points to (a type of this package, or one local to a function)."""
    t = ctx.type_of(obj)
    if isinstance(t, gotypes.Pointer) and isinstance(t.elem, gotypes.Named):
        decl = ctx.program.facts.types.get(t.elem.name) if t.elem.package == ctx.file.import_path else None
        return _package_decl(ctx, decl) if decl is not None else None
    spelled = _pointee_type_node(ctx, obj, 0)
    return _type_decl_named(ctx, ctx.file, spelled) if spelled is not None else None


def _pointee_type_node(ctx: Context, expr: Node | None, depth: int) -> Node | None:
    """A type expression naming what `expr` points to, read from declarations (for local types)."""
    node = grammar.unparen(expr)
    if node is None or depth > 2:
        return None
    if node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "&":
        inner = grammar.unparen(node.child_by_field_name(F.OPERAND))
        if inner is not None and inner.type == K.COMPOSITE_LITERAL:
            return inner.child_by_field_name(F.TYPE)
        if inner is not None and inner.type == K.IDENTIFIER:
            symbol = ctx.resolve(inner)
            if symbol is None:
                return None
            if symbol.type_node is not None:
                return symbol.type_node
            value = grammar.unparen(symbol.value)
            if value is not None and value.type == K.COMPOSITE_LITERAL:
                return value.child_by_field_name(F.TYPE)
        return None
    if node.type == K.CALL_EXPRESSION:
        function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
        args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
        if function is not None and ctx.text(function) == "new" and len(args) == 1:
            return args[0]
        return None
    if node.type == K.IDENTIFIER:
        symbol = ctx.resolve(node)
        if symbol is None or not symbol.is_local:
            return None
        if symbol.type_node is not None and symbol.type_node.type == K.POINTER_TYPE:
            pointee = grammar.named(symbol.type_node)
            return pointee[0] if pointee else None
        return _pointee_type_node(ctx, symbol.value, depth + 1)
    return None


def _type_decl_named(ctx: Context, file: ParsedFile, node: Node | None) -> TypeDecl | None:
    """The declaration a type name refers to (package-level or local), or None."""
    node = grammar.unparen(node)
    if node is not None and node.type == K.GENERIC_TYPE:
        node = node.child_by_field_name(F.TYPE)
    if node is None or node.type not in (K.TYPE_IDENTIFIER, K.IDENTIFIER):
        return None
    symbol = ctx.program.resolver(file).lookup(grammar.text(node), node)
    if symbol is None or symbol.kind != scope.TYPE or symbol.where in (scope.UNIVERSE, scope.TYPE_PARAM):
        return None
    if symbol.where == scope.PACKAGE_LEVEL and symbol.type_decl is not None:
        return _package_decl(ctx, symbol.type_decl)
    return symbol.type_decl


def _package_decl(ctx: Context, decl: TypeDecl) -> TypeDecl | None:
    """The declaration that applies in the file being checked.

    A type declared in several files of the package has one variant per build tag
    (fd_unix.go, fd_fake.go ...): the file being checked uses its own if it has one;
    otherwise which one applies is unknown.
    """
    if decl.file.import_path != ctx.program.facts.import_path:
        return decl
    declaring = [f for f in ctx.program.facts.files if decl.name in f.index.types]
    own = next((f for f in declaring if f.path == ctx.file.path), None)
    if own is not None:
        return own.index.types[decl.name]
    return decl if len(declaring) <= 1 else None


def _type_cycle(ctx: Context, start: TypeDecl) -> list[Hop] | None:
    """The shortest chain of field references from `start` back to itself."""
    key = _decl_key(start)
    parent: dict[tuple, tuple[tuple, Hop] | None] = {key: None}
    decls = {key: start}
    queue = deque([(key, 0)])
    while queue:
        current, depth = queue.popleft()
        if depth >= MAX_HOPS:
            continue
        for hop in _hops(ctx, decls[current]):
            if not _linkable(ctx, hop):
                continue  # nothing ever stores a reference in that field: no cycle can run through it
            target = _decl_key(hop.target)
            if target == key:
                chain = [hop]
                while parent[current] is not None:
                    previous, via = parent[current]  # type: ignore[misc]
                    chain.append(via)
                    current = previous
                return chain[::-1]
            if target not in parent:
                parent[target] = (current, hop)
                decls[target] = hop.target
                queue.append((target, depth + 1))
    return None


def _decl_key(decl: TypeDecl) -> tuple:
    return (decl.file.path, decl.node.start_byte)


def _hops(ctx: Context, decl: TypeDecl) -> list[Hop]:
    """The types a value of `decl` references (or contains), with the fields that do it."""
    out: list[Hop] = []
    _walk(ctx, decl, decl.file, decl.type_node, [], out, 0, False)
    return out


def _walk(
    ctx: Context, decl: TypeDecl, file: ParsedFile, node: Node | None, path: list[str], out, depth: int, ref: bool
) -> None:
    node = grammar.unparen(node)
    if node is None or depth > 12:
        return
    kind = node.type
    if kind == K.STRUCT_TYPE:
        for field_decl in grammar.named(node):
            if field_decl.type != K.FIELD_DECLARATION:
                continue
            field_type = field_decl.child_by_field_name(F.TYPE)
            names = [grammar.text(n) for n in grammar.fields(field_decl, F.NAME)] or [
                grammar.embedded_field_name(field_type)
            ]
            for name in names:
                _walk(ctx, decl, file, field_type, [*path, name], out, depth + 1, ref)
    elif kind in (K.POINTER_TYPE, K.SLICE_TYPE, K.ARRAY_TYPE, K.IMPLICIT_LENGTH_ARRAY_TYPE, K.CHANNEL_TYPE):
        inner = node.child_by_field_name(F.ELEMENT) or (grammar.named(node)[0] if grammar.named(node) else None)
        _walk(ctx, decl, file, inner, path, out, depth + 1, ref or kind != K.ARRAY_TYPE)
    elif kind == K.MAP_TYPE:
        _walk(ctx, decl, file, node.child_by_field_name(F.KEY), path, out, depth + 1, True)
        value = node.child_by_field_name(F.VALUE) or node.child_by_field_name(F.ELEMENT)
        _walk(ctx, decl, file, value, path, out, depth + 1, True)
    elif kind == K.GENERIC_TYPE:
        # the type arguments may be stored by reference inside the generic type: count them as references
        _walk(ctx, decl, file, node.child_by_field_name(F.TYPE), path, out, depth + 1, ref)
        for arg in grammar.named(node.child_by_field_name(F.TYPE_ARGUMENTS)):
            _walk(ctx, decl, file, arg, path, out, depth + 1, True)
    elif kind == K.TYPE_IDENTIFIER:
        target = _type_decl_named(ctx, file, node)
        if target is None:
            return
        if target.is_alias:
            _walk(ctx, decl, target.file, target.type_node, path, out, depth + 1, ref)
        else:
            out.append(Hop(decl.name, ".".join(path), target, ref))
    # qualified names (other packages cannot refer back without an interface), interfaces and
    # function types (the rule cannot see what they hold) end the walk


# --- which fields the package ever stores into ---------------------------------------------------

ANY_FIELD = "*"  # a struct literal whose fields the rule cannot name: any field may be set


def _linkable(ctx: Context, hop: Hop) -> bool:
    """Whether a value of `hop.owner` can hold a reference along `hop`: the value is contained
    (no reference), or some code may store into one of the fields on the path.

    A pointer, slice, map or channel field is nil until something assigns it, sets it in a struct
    literal (keyed or positional), takes its address, or stores into its elements; an exported field
    may be set by another package.  Fields are matched by name across every file of the package,
    whatever the type of the value they are selected from: that over-approximates the stores.
    """
    if not hop.by_reference or not hop.path:
        return True
    names = hop.path.split(".")
    if any(name[:1].isupper() for name in names):
        return True
    written = _written_fields(ctx)
    return ANY_FIELD in written or f"{hop.owner}{{}}" in written or any(name in written for name in names)


def _written_fields(ctx: Context) -> frozenset[str]:
    """Field names the package stores into (`x.f = v`, `x.f[k] = v`, `x.f <- v`, `&x.f`,
    `copy(x.f, ...)`, `T{f: v}`), and `T{}` for each type with a positional struct literal."""
    facts = ctx.program.facts
    files = facts.files if facts is not None and facts.files else [ctx.file]
    extra = None if any(f.path == ctx.file.path for f in files) else ctx.file

    def compute() -> frozenset[str]:
        written: set[str] = set()
        for parsed in files if extra is None else [*files, extra]:
            _collect_writes(parsed, written)
        return frozenset(written)

    # kept with the package's facts (replaying its reads of every file, for the cache); a
    # checked file the facts do not list (another build) is added to its own answer
    key = None if extra is None else extra.path
    return compute() if facts is None else facts.remembered("written_fields", key, compute)


def _collect_writes(parsed: ParsedFile, written: set[str]) -> None:
    root = parsed.tree.root_node
    kinds = (K.ASSIGNMENT, K.SEND_STATEMENT, K.UNARY_EXPRESSION, K.CALL_EXPRESSION, K.LITERAL_VALUE, K.KEYED_ELEMENT)
    for node in grammar.find_all(root, kinds):
        if node.type == K.ASSIGNMENT:
            targets = grammar.items(node.child_by_field_name(F.LEFT))
            values = grammar.items(node.child_by_field_name(F.RIGHT))
            for i, target in enumerate(targets):
                if len(values) == len(targets) and _is_nil_literal(values[i]):
                    continue  # `x.next = nil` unlinks: it stores no reference
                _stored_field(target, written)
        elif node.type == K.SEND_STATEMENT:
            _stored_field(node.child_by_field_name(F.CHANNEL), written)
        elif node.type == K.UNARY_EXPRESSION:
            if grammar.operator(node) == "&":
                _stored_field(node.child_by_field_name(F.OPERAND), written)
        elif node.type == K.CALL_EXPRESSION:
            function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
            args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
            if function is not None and grammar.text(function) == "copy" and args:
                _stored_field(args[0], written)
            elif function is not None and function.type == K.SELECTOR_EXPRESSION and args:
                # `x.self.Store(x)`, `x.peers.PushBack(p)`: a method of the field's (generic) type may
                # keep its arguments in the field
                _stored_field(function.child_by_field_name(F.OPERAND), written)
        elif node.type == K.KEYED_ELEMENT:
            keys = grammar.named(node)
            key = keys[0] if keys else None
            value = keys[-1] if len(keys) > 1 else None
            while value is not None and value.type != K.IDENTIFIER and len(grammar.named(value)) == 1:
                value = grammar.named(value)[0]  # the literal_element around the value
            if _is_nil_literal(value):
                continue  # `T{next: nil}` stores no reference
            while key is not None and key.type not in (K.IDENTIFIER, K.FIELD_IDENTIFIER) and grammar.named(key):
                key = grammar.named(key)[0]
            if key is not None and key.type in (K.IDENTIFIER, K.FIELD_IDENTIFIER):
                written.add(grammar.text(key))
        elif any(e.type != K.KEYED_ELEMENT for e in grammar.named(node)):
            _positional(node, written)


def _is_nil_literal(value: Node | None) -> bool:
    """The identifier `nil` (matched by spelling: a package-wide scan of syntax, like the field names)."""
    value = grammar.unparen(value)
    return value is not None and value.type == K.IDENTIFIER and grammar.text(value) == "nil"


def _stored_field(target: Node | None, written: set[str]) -> None:
    """The field a store goes to: `x.f` in `x.f = v`, and for `x.f[k] = v` too."""
    target = grammar.unparen(target)
    while target is not None and target.type in (K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
        target = grammar.unparen(target.child_by_field_name(F.OPERAND))
    if target is not None and target.type == K.SELECTOR_EXPRESSION:
        field_node = target.child_by_field_name(F.FIELD)
        if field_node is not None:
            written.add(grammar.text(field_node))


def _positional(literal_value: Node, written: set[str]) -> None:
    """A literal with unkeyed elements: for a struct type of the package, every field may be set."""
    owner = literal_value.parent
    if owner is None or owner.type != K.COMPOSITE_LITERAL:
        written.add(ANY_FIELD)  # an elided element type (`[]T{{a, b}}`): the struct is not named here
        return
    type_node = grammar.unparen(owner.child_by_field_name(F.TYPE))
    if type_node is not None and type_node.type == K.GENERIC_TYPE:
        type_node = type_node.child_by_field_name(F.TYPE)
    if type_node is None:
        return
    if type_node.type in (K.TYPE_IDENTIFIER, K.IDENTIFIER):
        written.add(f"{grammar.text(type_node)}{{}}")
    elif type_node.type == K.STRUCT_TYPE:
        written.add(ANY_FIELD)
    # slices, arrays and maps list elements, not fields; other packages' types are not walked


RULE = Rule(
    id="GFL006",
    name="finalizer-cycle",
    title="finalizer set on an object that can be part of a reference cycle",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SUGGESTION,
    min_go=CLEANUP_SINCE,
    needles=(b"SetFinalizer",),
    in_tests=False,
)
