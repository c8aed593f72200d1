"""Where a value ends up: does it reach a place that outlives the function?

Retention rules (substrings, subslices) only matter when the small view is
kept somewhere long-lived.  This module follows an expression outwards
through the wrappers that keep it as-is (parentheses, composite literals,
`&`, `new(expr)`, `append`'s extra arguments, a conversion) to the statement
that stores it, and decides whether that destination outlives the call: a package-level
variable, memory reached through a pointer or the receiver, an element of a
map or slice that is shared, or a channel.  A value that is only used
locally, returned or passed to a function is not "stored".  One level of
local variables is followed: `name := s[:8]; t.name = name`.
"""

from __future__ import annotations

from dataclasses import dataclass

from gofixleak.analysis import slicing
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


@dataclass(frozen=True)
class Store:
    value: Node  # the expression to rewrite (the candidate itself, or the local holding it)
    statement: Node  # the storing statement
    destination: str  # how to name the place, e.g. "package-level variable cache"
    target: Node | None = None  # the destination expression (None for a channel send)
    via_local: str | None = None  # the local variable the value went through, if any


def stores(ctx: FileView, expr: Node) -> list[Store]:
    """The long-lived places `expr`'s value is stored in (empty when none is provable)."""
    carried, parent = _carried(ctx, expr)
    if parent is None:
        return []
    found = _store_at(ctx, carried, parent)
    if found is not None:
        return [Store(expr, *found)]
    local = _local_binding(ctx, carried, parent)
    if local is None:
        return []
    if _is_same_value(carried, expr):
        return _stores_through_local(ctx, local)
    # `e := &Entry{Key: s[:8]}`: the element is kept wherever the local object goes
    where = _escapes(ctx, local, 0)
    if where is None:
        return []
    return [Store(expr, where[0], where[1], where[2])]


def _carried(ctx: FileView, expr: Node) -> tuple[Node, Node | None]:
    """Walk outwards while the value is carried unchanged; return (outermost carrier, its parent)."""
    current = expr
    while True:
        parent = current.parent
        if parent is None:
            return current, None
        kind = parent.type
        if kind == K.PARENTHESIZED_EXPRESSION:
            current = parent
        elif kind in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
            literal: Node | None = parent
            while literal is not None and literal.type in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
                literal = literal.parent
            if literal is None or literal.type != K.COMPOSITE_LITERAL:
                return current, None
            current = literal
        elif kind == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
            current = parent
        elif kind == K.INDEX_EXPRESSION and sc.is_child(current, parent, F.INDEX):
            # m[k] = v: the key is stored in the map too
            return current, parent
        elif kind == K.ARGUMENTS:
            call = parent.parent
            if call is None or call.type != K.CALL_EXPRESSION:
                return current, None
            if (
                _is_append_element(ctx, call, current)
                or _is_sharing_conversion(ctx, call, current)
                or _is_builtin_call(ctx, call, "new")  # Go 1.26 `new(s[:8])` points to a variable holding it
            ):
                current = call
            else:
                return current, None
        else:
            return current, parent


def _is_same_value(carrier: Node, expr: Node) -> bool:
    """True when `carrier` is `expr` itself, in parentheses or converted (`string(name[:i])`),
    rather than a literal, pointer or append that holds it."""
    node = expr
    while node.id != carrier.id:
        parent = node.parent
        if parent is None:
            return False
        if parent.type == K.ARGUMENTS:
            parent = parent.parent  # _carried only passes through the arguments of appends and conversions
            if parent is None or parent.type != K.CALL_EXPRESSION or len(grammar.named(node.parent)) != 1:
                return False
        elif parent.type != K.PARENTHESIZED_EXPRESSION:
            return False
        node = parent
    return True


def _is_builtin_call(ctx: FileView, call: Node, name: str) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or ctx.text(function) != name:
        return False
    symbol = ctx.resolve(function)
    return symbol is not None and symbol.kind == sc.BUILTIN


def _is_append_element(ctx: FileView, call: Node, arg: Node) -> bool:
    if not _is_builtin_call(ctx, call, "append"):
        return False
    arguments = call.child_by_field_name(F.ARGUMENTS)
    args = grammar.named(arguments)
    if not args or args[0].id == arg.id:
        return False
    # append(dst, s[i:]...) copies the elements (or bytes) of its spread argument: nothing is kept,
    # but a spread literal's elements are: append(dst, []T{{Name: s[i:]}}...)
    spread = arguments is not None and grammar.has_token(arguments, "...") and args[-1].id == arg.id
    return not spread or arg.type == K.COMPOSITE_LITERAL


def _is_sharing_conversion(ctx: FileView, call: Node, arg: Node) -> bool:
    """A conversion whose result shares `arg`'s memory: string to string, or slice to slice.

    `string(b)` and `[]byte(s)` copy, so a subslice converted that way is not kept.
    """
    target = ctx.underlying(ctx.program.conversion_type(call.child_by_field_name(F.FUNCTION), ctx.file))
    if target is None:
        return False
    source = ctx.underlying(ctx.type_of(arg))
    if gt.is_string_basic(target):
        return gt.is_string_basic(source)
    return isinstance(target, gt.Slice) and isinstance(source, gt.Slice)


def _store_at(ctx: FileView, value: Node, parent: Node, depth: int = 0) -> tuple[Node, str, Node | None] | None:
    """If `parent` stores `value` into a long-lived place: (statement, description, target)."""
    if parent.type == K.SEND_STATEMENT and sc.is_child(value, parent, F.VALUE):
        channel = parent.child_by_field_name(F.CHANNEL)
        return parent, f"a send on channel {ctx.text(channel)}", None
    if parent.type == K.INDEX_EXPRESSION:
        return _map_key_store(ctx, parent, depth)
    if parent.type != K.EXPRESSION_LIST:
        return None
    owner = parent.parent
    if owner is None:
        return None
    values = grammar.items(parent)
    index = next((i for i, v in enumerate(values) if v.id == value.id), -1)
    if owner.type == K.ASSIGNMENT and sc.is_child(parent, owner, F.RIGHT) and grammar.operator(owner) == "=":
        targets = grammar.items(owner.child_by_field_name(F.LEFT))
        if len(targets) != len(values) or index < 0:
            return None
        description = outlives(ctx, targets[index], depth)
        return (owner, description, targets[index]) if description else None
    if owner.type == K.VAR_SPEC and owner.parent is not None:
        decl = owner.parent
        if decl.parent is not None and decl.parent.type == K.SOURCE_FILE:
            names = grammar.fields(owner, F.NAME)
            if len(names) == len(values) and index >= 0 and ctx.text(names[index]) != "_":
                return owner, f"package-level variable {ctx.text(names[index])}", names[index]
    return None


def _map_key_store(ctx: FileView, index: Node, depth: int = 0) -> tuple[Node, str, Node | None] | None:
    """`m[k] = v` (or `m[k] += v`) on a long-lived map also keeps the key `k`."""
    targets = index.parent
    owner = targets.parent if targets is not None else None
    if targets is None or owner is None or targets.type != K.EXPRESSION_LIST or owner.type != K.ASSIGNMENT:
        return None
    if not sc.is_child(targets, owner, F.LEFT):
        return None
    container = ctx.underlying(ctx.type_of(index.child_by_field_name(F.OPERAND)))
    if not isinstance(container, gt.Map):
        return None
    description = outlives(ctx, index, depth)
    if description is None:
        return None
    return owner, f"a key of map {ctx.text(index.child_by_field_name(F.OPERAND))}", index


def _local_binding(ctx: FileView, value: Node, parent: Node) -> sc.Symbol | None:
    """The local variable `value` initialises (`x := v` or `var x = v`), if any."""
    if parent.type != K.EXPRESSION_LIST or parent.parent is None:
        return None
    owner = parent.parent
    values = grammar.items(parent)
    index = next((i for i, v in enumerate(values) if v.id == value.id), -1)
    if index < 0:
        return None
    if owner.type == K.SHORT_VAR_DECLARATION and sc.is_child(parent, owner, F.RIGHT):
        names = grammar.items(owner.child_by_field_name(F.LEFT))
    elif owner.type == K.VAR_SPEC and grammar.enclosing_function(owner) is not None:
        names = grammar.fields(owner, F.NAME)
    else:
        return None
    if len(names) != len(values):
        return None
    symbol = ctx.resolve(names[index])
    if symbol is None or symbol.kind != sc.VAR or not symbol.is_local:
        return None
    if symbol.decl is None or symbol.decl.id != names[index].id:
        return None  # `:=` reusing an existing variable: it may hold other values too
    return symbol


def _stores_through_local(ctx: FileView, symbol: sc.Symbol) -> list[Store]:
    func = symbol.func
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return []
    uses = ctx.references(symbol, body)
    if any(sc.is_written(u) for u in uses):
        return []
    out = []
    for use in uses:
        carried, parent = _carried(ctx, use)
        if parent is None:
            continue
        found = _store_at(ctx, carried, parent)
        if found is None and carried.id != use.id:
            # `e := &Entry{Key: name}`: the object holding the value may be stored away
            holder = _local_binding(ctx, carried, parent)
            found = _escapes(ctx, holder, 1) if holder is not None else None
        if found is not None:
            out.append(Store(use, *found, via_local=symbol.name))
    return out


def outlives(ctx: FileView, dest: Node | None, depth: int = 0, closures: bool = False) -> str | None:
    """How to name `dest` when it is a place that outlives the call, else None.

    With `closures`, a local variable captured by a closure that outlives the call
    (`captured_by_escaping_closure`) counts too."""
    dest = grammar.unparen(dest)
    if dest is None or depth > 2:
        return None
    kind = dest.type
    if kind == K.IDENTIFIER:
        symbol = ctx.resolve(dest)
        if symbol is not None and symbol.is_package_var:
            return f"package-level variable {ctx.text(dest)}"
        how = captured_by_escaping_closure(ctx, symbol, depth) if closures and symbol is not None else None
        if how is not None:
            return f"local variable {ctx.text(dest)}, captured by a closure that {how}"
        return None
    root = root_symbol(ctx, dest)
    if root is not None and _is_fresh_local(ctx, root):
        # an object made in this function: it outlives the call only if it is stored somewhere that does
        where = _escapes(ctx, root, depth + 1)
        if where is None:
            return None
        return f"{_place(ctx, dest)} ({root.name} is kept in {where[1]})"
    if kind == K.UNARY_EXPRESSION and grammar.operator(dest) == "*":
        return f"the memory {ctx.text(dest.child_by_field_name(F.OPERAND))} points to"
    if kind == K.SELECTOR_EXPRESSION:
        operand = dest.child_by_field_name(F.OPERAND)
        if operand is None:
            return None
        if ctx.program.package_of_selector(operand, ctx.file) is not None:
            return f"package-level variable {ctx.text(dest)}"  # pkg.Var of another package
        base_type = ctx.type_of(operand)
        if base_type is None:
            return None
        if ctx.program.is_pointer(base_type):
            symbol = ctx.resolve(operand) if operand.type == K.IDENTIFIER else None
            if symbol is not None and symbol.where == sc.RECEIVER:
                return f"field {ctx.text(dest)} of the receiver"
            return f"field {ctx.text(dest)} (reached through a pointer)"
        if outlives(ctx, operand, depth):
            return f"field {ctx.text(dest)}"
        if _promoted_through_pointer(ctx, base_type, dest.child_by_field_name(F.FIELD)):
            # `o.Name` on a value `o` whose embedded `*Inner` holds Name: shared memory
            return f"field {ctx.text(dest)} (reached through an embedded pointer)"
        return None
    if kind == K.INDEX_EXPRESSION:
        operand = dest.child_by_field_name(F.OPERAND)
        container = ctx.underlying(ctx.type_of(operand))
        if isinstance(container, gt.Pointer):
            container = ctx.underlying(container.elem)
            return _place(ctx, dest) if container is not None else None
        if isinstance(container, (gt.Map, gt.Slice)):
            return _place(ctx, dest) if _shared_container(ctx, operand) else None
        if isinstance(container, gt.Array) and outlives(ctx, operand, depth):
            return _place(ctx, dest)
        return None
    return None


def captured_by_escaping_closure(ctx: FileView, symbol: sc.Symbol, depth: int = 0) -> str | None:
    """How a closure that uses the local variable `symbol` outlives the function declaring it
    ("is returned", "runs as a goroutine", "is passed to a goroutine", "is kept in field h.fn"),
    or None.  Such a variable lives as long as the closure: `var txn []*Entry; return func(e
    *Entry) { ...; txn = txn[:0] }`.  A closure that is only called (`visit := func(n *node) {..}`
    then `visit(root)`), or passed to a function, is not counted."""
    if symbol.kind != sc.VAR or symbol.where != sc.LOCAL or symbol.func is None or depth > 2:
        return None
    body = grammar.function_body(symbol.func)
    if body is None:
        return None
    seen: set[int] = set()
    for use in ctx.uses(symbol, body):
        literal = None
        for anc in grammar.ancestors(use):
            if anc.id == symbol.func.id:
                break
            if anc.type == K.FUNCTION_LITERAL:
                literal = anc  # the outermost literal inside the declaring function
        if literal is None or literal.id in seen:
            continue
        seen.add(literal.id)
        how = _closure_escapes(ctx, literal, depth, follow=True)
        if how is not None:
            return how
    return None


def _closure_escapes(ctx: FileView, value: Node, depth: int, follow: bool) -> str | None:
    """How the closure `value` (a function literal, or a local holding one) leaves its function."""
    carried, parent = _carried(ctx, value)
    if parent is None:
        arguments = carried.parent  # `go run(fn)`: _carried stops at an ordinary call's arguments
        call = arguments.parent if arguments is not None and arguments.type == K.ARGUMENTS else None
        if call is not None and call.parent is not None and call.parent.type == K.GO_STATEMENT:
            return "is passed to a goroutine"
        return None
    if parent.type == K.RETURN_STATEMENT or (
        parent.type == K.EXPRESSION_LIST and parent.parent is not None and parent.parent.type == K.RETURN_STATEMENT
    ):
        return "is returned"
    if parent.type == K.CALL_EXPRESSION and sc.is_child(carried, parent, F.FUNCTION):
        statement = parent.parent
        return "runs as a goroutine" if statement is not None and statement.type == K.GO_STATEMENT else None
    found = _store_at(ctx, carried, parent, depth + 1)
    if found is not None:
        return f"is kept in {found[1]}"
    if not follow:
        return None
    holder = _local_binding(ctx, carried, parent) or _assigned_local(ctx, carried, parent)
    body = grammar.function_body(holder.func) if holder is not None and holder.func is not None else None
    if holder is None or body is None:
        return None
    for use in ctx.uses(holder, body):
        if (holder.decl is not None and use.id == holder.decl.id) or sc.is_written(use):
            continue
        how = _closure_escapes(ctx, use, depth, follow=False)
        if how is not None:
            return how
    return None


def _assigned_local(ctx: FileView, value: Node, parent: Node) -> sc.Symbol | None:
    """The local variable `x = value` assigns (`var visit func(); visit = func() {..}`), if any."""
    owner = parent.parent if parent.type == K.EXPRESSION_LIST else None
    if owner is None or owner.type != K.ASSIGNMENT or grammar.operator(owner) != "=":
        return None
    if not sc.is_child(parent, owner, F.RIGHT):
        return None
    targets, values = grammar.items(owner.child_by_field_name(F.LEFT)), grammar.items(parent)
    index = next((i for i, v in enumerate(values) if v.id == value.id), -1)
    if index < 0 or len(targets) != len(values) or targets[index].type != K.IDENTIFIER:
        return None
    symbol = ctx.resolve(targets[index])
    return symbol if symbol is not None and symbol.kind == sc.VAR and symbol.where == sc.LOCAL else None


def _promoted_through_pointer(ctx: FileView, base_type: gt.Type, field: Node | None) -> bool:
    if field is None:
        return False
    path = ctx.program.embedding_path(base_type, ctx.text(field))
    return path is not None and any(ctx.program.is_pointer(t) for t in path)


def _place(ctx: FileView, dest: Node) -> str:
    """A short name for a destination: "field c.name", "map element m[k]", "element s[i]"."""
    if dest.type == K.SELECTOR_EXPRESSION:
        return f"field {ctx.text(dest)}"
    if dest.type == K.INDEX_EXPRESSION:
        container = ctx.underlying(ctx.type_of(dest.child_by_field_name(F.OPERAND)))
        if isinstance(container, gt.Pointer):
            container = ctx.underlying(container.elem)
        what = "map element" if isinstance(container, gt.Map) else "element"
        return f"{what} {ctx.text(dest)}"
    return ctx.text(dest)


def is_fresh_allocation(ctx: FileView, value: Node | None) -> bool:
    """`&T{..}`, `T{..}`, `new(T)` or `make(..)`: a value made right here."""
    value = grammar.unparen(value)
    if value is None:
        return False
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        value = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return value is not None and value.type == K.COMPOSITE_LITERAL
    if value.type == K.COMPOSITE_LITERAL:
        return True
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.IDENTIFIER and ctx.text(function) in ("make", "new"):
            symbol = ctx.resolve(function)
            return symbol is not None and symbol.kind == sc.BUILTIN
    return False


def _is_fresh_local(ctx: FileView, symbol: sc.Symbol) -> bool:
    """A local that holds an object made here (`&T{}`, `new(T)`, `make(..)`, `var x T`) and nothing else."""
    if symbol.where != sc.LOCAL or symbol.kind != sc.VAR:
        return False
    if symbol.value is None:
        fresh = symbol.tuple_value is None and symbol.range_clause is None and symbol.type_switch is None
        fresh = fresh and symbol.value_decl is not None  # `var x T`: a zero value of its own
    else:
        fresh = is_fresh_allocation(ctx, symbol.value)
    if not fresh:
        return False
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return False
    uses = ctx.references(symbol, body)
    return not any(sc.is_written(u) and u.parent is not None and u.parent.type != K.UNARY_EXPRESSION for u in uses)


def _escapes(ctx: FileView, symbol: sc.Symbol, depth: int) -> tuple[Node, str, Node | None] | None:
    """Where a local object is stored for good, if anywhere (statement, description, target)."""
    if depth > 2 or symbol.func is None:
        return None
    body = grammar.function_body(symbol.func)
    if body is None:
        return None
    for use in ctx.references(symbol, body):
        carried, parent = _carried(ctx, use)
        if parent is None:
            continue
        found = _store_at(ctx, carried, parent, depth)
        if found is not None:
            return found
    return None


def _shared_container(ctx: FileView, operand: Node | None) -> bool:
    """A map or slice that others can see (a fresh local one only once it is stored away)."""
    operand = grammar.unparen(operand)
    if operand is None:
        return False
    if operand.type != K.IDENTIFIER:
        return True  # a field, an element, a call result: reachable from elsewhere
    symbol = ctx.resolve(operand)
    if symbol is None:
        return False
    if symbol.where in (sc.PACKAGE_LEVEL, sc.PARAM, sc.RECEIVER):
        return True
    if symbol.where != sc.LOCAL:
        return False
    if _is_fresh_local(ctx, symbol):
        return False  # outlives() already asked whether the fresh container is stored away
    return symbol.value is not None or symbol.tuple_value is not None


def access_path(expr: Node | None) -> list[Node]:
    """The expressions an access path goes through, outermost first: `p.a.b[i]`, `p.a.b`, `p.a`,
    `p` (through selectors, indexes, slices and dereferences)."""
    out = []
    node = grammar.unparen(expr)
    while node is not None:
        out.append(node)
        if node.type in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
            node = grammar.unparen(node.child_by_field_name(F.OPERAND))
        elif node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
            node = grammar.unparen(node.child_by_field_name(F.OPERAND))
        else:
            break
    return out


def root_symbol(ctx: FileView, expr: Node | None) -> sc.Symbol | None:
    """The variable an access path starts from: `p` for `p.a.b[i]`, `(*p)[1:]` or `p.s[2:]`."""
    path = access_path(expr)
    node = path[-1] if path else None
    if node is None or node.type != K.IDENTIFIER:
        return None
    symbol = ctx.resolve(node)
    if symbol is None or symbol.kind != sc.VAR:
        return None
    return symbol


def same_owner(ctx: FileView, source: Node, target: Node | None) -> bool:
    """True when `target` belongs to the object `source` is read from (so it adds no retention).

    `p.s = p.s[1:]`, `p.tok = p.s[i:j]` and `lines[i] = line[n:]` in
    `for i, line := range lines` keep nothing alive that the owner did not
    already keep.
    """
    if target is None:
        return False
    owner = root_symbol(ctx, target)
    if owner is None:
        return False
    source_root = root_symbol(ctx, source)
    if source_root is None:
        return False
    if source_root == owner:
        holder = _holding_pointer(ctx, target)
        # `p.cur.Lit = p.src[a:b]`: the token *p.cur may well outlive the parser *p
        return holder is None or _on_path(ctx, holder, source)
    if source_root.range_clause is not None and source_root.index == 1:
        ranged = root_symbol(ctx, source_root.range_clause.child_by_field_name(F.RIGHT))
        return ranged is not None and ranged == owner
    # `old := *h; *h = old[:n-1]` and `e := &m.free[0]; e.stk = m.freeStk[:n]`: a local
    # initialised from the owner (a copy of its header, a pointer into it) is the owner
    return _initial_root(ctx, source_root) == _initial_root(ctx, owner)


def whole_kept_with(ctx: FileView, source: Node | None, store: Store) -> bool:
    """True when the object whose field `store` writes already keeps all of `source` in another
    field, stored before on every path to the store (`m.raw = data; m.random = data[6:38]`, the
    shape of message parsers): a copy frees nothing while that object lives.

    `source` must be a local variable or parameter that only ever changes to views of itself
    (`data = data[4:]`), so it names the same array all along, and the object must be reached
    through variables that do not change in the function."""
    target = grammar.unparen(store.target)
    source = grammar.unparen(source)
    if target is None or target.type != K.SELECTOR_EXPRESSION or source is None or source.type != K.IDENTIFIER:
        return False
    if store.statement.type != K.ASSIGNMENT:
        return False
    holder = target.child_by_field_name(F.OPERAND)
    symbol = ctx.resolve(source)
    func = grammar.enclosing_function(store.statement)
    body = grammar.function_body(func) if func is not None else None
    if symbol is None or symbol.kind != sc.VAR or not symbol.is_local or func is None or body is None or holder is None:
        return False
    if not _only_resliced(ctx, symbol):
        return False
    field = grammar.text(target.child_by_field_name(F.FIELD))
    if _made_holding(ctx, holder, symbol, field, store.statement, func):
        return True  # cfg = &Config{dsn: dsn}; cfg.user = dsn[:k]
    if not _unchanging_path(ctx, holder):
        return False
    for statement in grammar.find_all(body, (K.ASSIGNMENT,)):
        if statement.end_byte > store.statement.start_byte or grammar.operator(statement) != "=":
            continue
        block = statement.parent
        if block is None or block.type != K.BLOCK or not grammar.is_within(store.statement, block):
            continue  # it may not have run
        around = grammar.enclosing_function(statement)
        if around is None or around.id != func.id:
            continue
        lefts = grammar.items(statement.child_by_field_name(F.LEFT))
        rights = grammar.items(statement.child_by_field_name(F.RIGHT))
        for left_item, right_item in zip(lefts, rights, strict=True) if len(lefts) == len(rights) else ():
            left, right = grammar.unparen(left_item), grammar.unparen(right_item)
            if left is None or right is None or left.type != K.SELECTOR_EXPRESSION or right.type != K.IDENTIFIER:
                continue
            if grammar.text(left.child_by_field_name(F.FIELD)) == field or ctx.resolve(right) != symbol:
                continue
            if slicing.same_expr(ctx, left.child_by_field_name(F.OPERAND), holder):
                return True
    return False


def _made_holding(
    ctx: FileView, holder: Node | None, source: sc.Symbol, field: str, statement: Node, func: Node | None
) -> bool:
    """The holder variable only ever holds one object, made by a composite literal that keeps all
    of `source` in a field other than `field` (`cfg = &Config{dsn: dsn}` or `m := msg{raw: data}`),
    before `statement` on every path to it."""
    holder = grammar.unparen(holder)
    if holder is None or holder.type != K.IDENTIFIER or func is None:
        return False
    symbol = ctx.resolve(holder)
    if symbol is None or symbol.kind != sc.VAR or not symbol.is_local:
        return False
    writes = slicing.assignments_to(ctx, symbol)
    value: Node | None
    if symbol.value is not None and not writes and symbol.decl is not None:
        value, made = symbol.value, grammar.enclosing(symbol.decl, (K.SHORT_VAR_DECLARATION, K.VAR_DECLARATION))
    elif symbol.value is None and symbol.tuple_value is None and len(writes) == 1:
        value, made = slicing.assigned_value(writes[0]), grammar.enclosing(writes[0], (K.ASSIGNMENT,))
    else:
        return False
    if made is None or made.end_byte > statement.start_byte:
        return False
    block = made.parent
    if block is None or block.type != K.BLOCK or not grammar.is_within(statement, block):
        return False  # it may not have run
    around = grammar.enclosing_function(made)
    if around is None or around.id != func.id:
        return False
    literal = grammar.unparen(value)
    if literal is not None and literal.type == K.UNARY_EXPRESSION and grammar.operator(literal) == "&":
        literal = grammar.unparen(literal.child_by_field_name(F.OPERAND))
    if literal is None or literal.type != K.COMPOSITE_LITERAL:
        return False
    body = literal.child_by_field_name(F.VALUE)
    for element in grammar.named(body) if body is not None else ():
        if element.type != K.KEYED_ELEMENT:
            continue
        key, kept = element.child_by_field_name(F.KEY), grammar.unparen(element.child_by_field_name(F.ELEMENT))
        if key is None or kept is None or kept.type != K.IDENTIFIER or grammar.text(key) == field:
            continue
        if ctx.resolve(kept) == source:
            return True
    return False


def _only_resliced(ctx: FileView, symbol: sc.Symbol) -> bool:
    """Every change to the variable is a view of itself (`data = data[n:]`), so its array stays."""
    for write in slicing.assignments_to(ctx, symbol):
        assigned = grammar.unparen(slicing.assigned_value(write))
        if assigned is None or assigned.type != K.SLICE_EXPRESSION:
            return False
        value: Node | None = assigned
        while value is not None and value.type == K.SLICE_EXPRESSION:
            value = grammar.unparen(value.child_by_field_name(F.OPERAND))
        if value is None or value.type != K.IDENTIFIER or ctx.resolve(value) != symbol or value.id == write.id:
            return False
    return True


def _unchanging_path(ctx: FileView, holder: Node) -> bool:
    """`m` or `m.hdr`: an access path of selectors from a variable the function never assigns."""
    node = grammar.unparen(holder)
    while node is not None and node.type == K.SELECTOR_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is None or node.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(node)
    return symbol is not None and symbol.kind == sc.VAR and symbol.is_local and not slicing.assignments_to(ctx, symbol)


def _holding_pointer(ctx: FileView, target: Node) -> Node | None:
    """The pointer whose object holds the field `target` (`p.cur` for `p.cur.Lit`), when that is
    not the access path's root variable itself; else None."""
    node = grammar.unparen(target)
    while node is not None and node.type in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION):
        operand = grammar.unparen(node.child_by_field_name(F.OPERAND))
        if operand is None or operand.type == K.IDENTIFIER:
            return None
        if node.type == K.SELECTOR_EXPRESSION and ctx.program.is_pointer(ctx.type_of(operand)):
            return operand
        node = operand
    return None


def _on_path(ctx: FileView, prefix: Node, expr: Node) -> bool:
    """True when `expr`'s access path goes through `prefix` (`p.cur` in `p.cur.buf[1:]`)."""
    node = grammar.unparen(expr)
    while node is not None:
        if slicing.same_expr(ctx, node, prefix):
            return True
        if node.type not in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.SLICE_EXPRESSION, K.UNARY_EXPRESSION):
            return False
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    return False


def _initial_root(ctx: FileView, symbol: sc.Symbol) -> sc.Symbol:
    """For a local initialised from another variable's access path (`old := *h`, `e := &m.free[0]`,
    `v, ok := m[k]`, `s := ops[0].(string)`, a type switch on `ops[0]`), that variable, followed a
    few levels; else the symbol itself."""
    for _ in range(4):
        value = symbol.value
        if value is None and symbol.tuple_value is not None and symbol.index == 0:
            value = symbol.tuple_value  # `v, ok := m[k]`, `s, ok := ops[0].(string)`
        if value is None and symbol.type_switch is not None:
            value = symbol.type_switch.child_by_field_name(F.OPERAND)  # `switch s := ops[0].(type)`
        if symbol.where != sc.LOCAL or value is None:
            return symbol
        value = grammar.unparen(value)
        if value is not None and value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
            value = value.child_by_field_name(F.OPERAND)
        elif value is not None and value.type == K.TYPE_ASSERTION_EXPRESSION:
            value = value.child_by_field_name(F.OPERAND)
        initial = root_symbol(ctx, value)
        if initial is None or initial == symbol:
            return symbol
        symbol = initial
    return symbol
