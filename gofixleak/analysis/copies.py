"""Can a copy be told from the view it replaces?  The safety of the subslice rule's remedy.

Storing `make([]T, n)` + `copy` instead of a subslice `s[a:b]` changes three
things a program can observe: the copy is never nil, its capacity is its
length, and writes through the old array (or through the destination) are no
longer shared.  These functions find where the package could tell, across all
of its files: nil tests and encoders of the destination, reslicing past its
length or asking its capacity, and later writes through the array or other
names for it (views taken before, pointers into it, other stored views).
Only an array made in the function can be followed; any other answer is a
reason to call the fix unsafe.
"""

from __future__ import annotations

import weakref

from gofixleak.analysis import flow, slicing, storage
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def why_distinguishable(
    ctx: FileView, subslice: Node, operand: Node, store: storage.Store, statement: Node
) -> str | None:
    """Why a copy stored in place of `subslice` could behave differently from it, or None when
    nothing can tell (the destination's capacity is checked apart: `capacity_observed`)."""
    destination = destination_place(ctx, store)
    shown = store.destination
    if destination is None:
        return f"gofixleak cannot follow the value into {shown} to check nil tests, capacity and shared writes"
    if slicing.foreign(ctx, destination):
        return f"{shown} belongs to a type of another package, whose nil tests and capacity gofixleak cannot check"
    if _may_be_nil(ctx, subslice, operand):
        problem = _nil_sensitive(ctx, destination)
        if problem is not None:
            return f"the copy is never nil, but {problem}"
    return _sharing_problem(ctx, operand, store, statement, destination)


def _where(ctx: FileView, file: ParsedFile, node: Node) -> str:
    line = file.src.count(b"\n", 0, node.start_byte) + 1
    return f"line {line}" if file is ctx.file else f"{file.path.rsplit('/', 1)[-1]}:{line}"


def destination_place(ctx: FileView, store: storage.Store) -> slicing.Place | None:
    """The package-wide identity of where the copy goes: a variable or a struct field."""
    use = slicing.outer_use(store.value)
    parent = use.parent
    if parent is not None and parent.type == K.KEYED_ELEMENT:
        key = parent.child_by_field_name(F.KEY)
        literal = parent.parent.parent if parent.parent is not None else None
        if key is None or literal is None or literal.type != K.COMPOSITE_LITERAL:
            return None
        owner = slicing.struct_owner(ctx.program, ctx.type_of(literal), ctx.text(key))
        return slicing.Place("field", ctx.text(key), owner=owner) if owner is not None else None
    if store.target is None or not _stored_directly(store):
        return None
    place = slicing.place_of(ctx, store.target)
    return place if place is not None and place.kind in ("var", "field") else None


def _stored_directly(store: storage.Store) -> bool:
    """The statement assigns the value itself to the target (not as an element, key or append argument)."""
    statement = store.statement
    if statement.type not in (K.ASSIGNMENT, K.VAR_SPEC):
        return False
    use = slicing.outer_use(store.value)
    return use.parent is not None and use.parent.type == K.EXPRESSION_LIST


def _may_be_nil(ctx: FileView, subslice: Node, operand: Node) -> bool:
    """`s[a:b]` is nil only when s is nil (and a == b == 0): a positive bound or an array proves it is not."""
    if isinstance(ctx.underlying(ctx.program.deref(ctx.type_of(operand))), gotypes.Array):
        return False
    length = slicing.len_key(ctx, operand)
    for bound in (F.LOW, F.HIGH, F.MAX):
        offset = slicing.offset(ctx, subslice.child_by_field_name(bound))
        if offset is None:
            continue
        if (offset.term is None and offset.const > 0) or (offset.term == length and offset.const < 0):
            return False  # on a nil slice this expression would have panicked
    root = storage.root_symbol(ctx, operand)
    return root is None or not _made_here(ctx, root)


def made_here_root(ctx: FileView, operand: Node) -> bool:
    root = storage.root_symbol(ctx, operand)
    return root is not None and _made_here(ctx, root) and _array_of_root(ctx, operand, root)


def _array_of_root(ctx: FileView, operand: Node, root: scope.Symbol) -> bool:
    """The array `operand` slices is the one `root` holds: `buf`, `buf[2:]`, or an array value
    inside it (`recs[i].raw` of type [16]byte).  A slice reached through it (`bufs[0]`,
    `block.Bytes`) may hold any array, the caller's included, however `root` was made."""
    node = grammar.unparen(operand)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is not None and node.type == K.IDENTIFIER:
        return True
    return isinstance(ctx.underlying(ctx.type_of(operand)), gotypes.Array)


def _made_here(ctx: FileView, symbol: scope.Symbol) -> bool:
    """A local holding only a slice made in this function (`make`, a literal), never reassigned."""
    if symbol.where != scope.LOCAL or symbol.value is None or slicing.assignments_to(ctx, symbol):
        return False
    value = grammar.unparen(symbol.value)
    if value is None:
        return False
    if value.type == K.COMPOSITE_LITERAL:
        return True
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        return function is not None and ctx.text(function) == "make" and slicing.is_universe(ctx, "make", function)
    return False


def _nil_sensitive(ctx: FileView, place: slicing.Place) -> str | None:
    """Where the package tells a nil destination from an empty one."""
    for file, occurrence in slicing.occurrences(ctx, place):
        if slicing.compared_with_nil(occurrence):
            what = f"field {place.name}" if place.kind == "field" else place.name
            return f"the package compares {what} with nil ({_where(ctx, file, occurrence)})"
    if slicing.exported(ctx, place):
        return f"{place.name} is exported, and other packages (or an encoder) may tell a nil slice from an empty one"
    if place.kind == "field" and place.owner is not None and _field_tag(ctx, place):
        return f"field {place.name} has a struct tag, and encoders write a nil slice differently from an empty one"
    return None


def _field_tag(ctx: FileView, place: slicing.Place) -> bool:
    package, name = place.owner or ("", "")
    decl = ctx.program.type_decl(gotypes.Named(package, name))
    if decl is None or decl.type_node is None:
        return False
    for field in grammar.find_all(decl.type_node, (K.FIELD_DECLARATION,)):
        names = [grammar.text(n) for n in grammar.fields(field, F.NAME)]
        if place.name in names:
            return field.child_by_field_name(F.TAG) is not None
    return False


def _sharing_problem(
    ctx: FileView, operand: Node, store: storage.Store, statement: Node, destination: slicing.Place
) -> str | None:
    """Writes into the array that the subslice shared and the copy no longer would.

    Only an array made in this function can be followed: then the writes that
    matter are the function's own later writes through it (or through the
    local holding the subslice), and writes through the destination while the
    function still reads the array.
    """
    root = storage.root_symbol(ctx, operand)
    if root is None:
        return f"the array of {ctx.text(operand)} may be shared with other code"
    if root.where in (scope.PARAM, scope.RECEIVER):
        return f"{root.name} belongs to the caller, who may still write to its array"
    if root.where != scope.LOCAL:
        return f"{root.name} is shared with the rest of the package"
    if not _made_here(ctx, root) and not _is_local_array(ctx, root):
        return f"the array of {root.name} may be shared with other code"
    if not _array_of_root(ctx, operand, root):
        return f"{ctx.text(operand)} may hold an array from elsewhere, not one {root.name} was made with"
    views = [root]
    if store.via_local:
        local = ctx.resolve(store.value) if store.value.type == K.IDENTIFIER else None
        if local is not None:
            views.append(local)
    for view in views:
        handed = _handed_away(ctx, view, statement)
        if handed is not None:
            return handed
    later_reads = False
    for view in views:
        for use in _uses_after(ctx, view, statement):
            if slicing.written_through(ctx, ctx.file, use):
                return f"{view.name} is written to at line {ctx.line_of(use.start_byte)} after the store"
            later_reads = True
    derived = _derived_locals(ctx, root, views)
    for local in derived:
        # `tail := buf[8:]`, `q := &buf[5]`, `alias := buf`: other names for the same array
        pointer = not isinstance(ctx.underlying(ctx.program.symbol_type(local)), gotypes.Slice)
        for use in _uses_after(ctx, local, statement):
            if pointer or slicing.written_through(ctx, ctx.file, use):
                line = ctx.line_of(use.start_byte)
                return f"{local.name} shares the array of {root.name} and may write to it at line {line}"
    if not later_reads and not derived:
        if not _other_views_stored(ctx, root, statement):
            return None
    reader = f"{root.name} still reads the array" if later_reads else f"other views of {root.name} still show it"
    for file, occurrence in slicing.occurrences(ctx, destination):
        if file is ctx.file and grammar.is_within(occurrence, statement):
            continue
        if slicing.written_through(ctx, file, occurrence):
            where = _where(ctx, file, occurrence)
            return f"{store.destination} is written through at {where} while {reader}"
    return None


def _handed_away(ctx: FileView, symbol: scope.Symbol, statement: Node, depth: int = 0) -> str | None:
    """How other code may keep the array of a local made here, besides the store being fixed:
    it is returned, stored, sent, captured by a function literal or given to a function that may
    keep it (directly, or through a local view `part := buf[a:b]`).  Subslices of it stored in
    long-lived places are findings of their own."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None or depth > 2:
        return f"the array of {symbol.name} may be shared with other code"
    for use in ctx.uses(symbol, body):
        if (symbol.decl is not None and use.id == symbol.decl.id) or grammar.is_within(use, statement):
            continue
        line = ctx.line_of(use.start_byte)
        func = grammar.enclosing_function(use)
        if func is None or symbol.func is None or func.id != symbol.func.id:
            return f"a function literal uses {symbol.name} (line {line}) and may keep its array"
        view = _outermost_subslice(use)
        others = storage.stores(ctx, view) if view.id != use.id else []
        if others:
            # another view stored for good is a finding of its own, but writes through it reach
            # the elements this subslice shows (and would no longer once it is a copy)
            problem = _written_sibling(ctx, others, symbol)
            if problem is not None:
                return problem
            continue
        local = _local_view(ctx, view)
        if local is not None:
            problem = _handed_away(ctx, local, statement, depth + 1)
            if problem is not None:
                return problem
            continue
        problem = slicing.kept_elsewhere(ctx, use)
        if problem is not None:
            return f"{symbol.name} {problem} (line {line}), so other code may share its array"
    return None


def _written_sibling(ctx: FileView, others: list[storage.Store], symbol: scope.Symbol) -> str | None:
    """Why another stored view of the same array may be written through, or None."""
    for other in others:
        place = destination_place(ctx, other)
        if place is None or slicing.foreign(ctx, place):
            return f"{other.destination} also keeps a view of {symbol.name}, whose writes gofixleak cannot follow"
        for file, occurrence in slicing.occurrences(ctx, place):
            if slicing.written_through(ctx, file, occurrence):
                where = _where(ctx, file, occurrence)
                return f"{other.destination} also keeps a view of {symbol.name} and is written through at {where}"
    return None


def _derived_locals(ctx: FileView, root: scope.Symbol, views: list[scope.Symbol]) -> list[scope.Symbol]:
    """Locals that are given a view of root's array, an alias of it or a pointer into it anywhere
    in the function (`tail := buf[8:]`, `b = buf`, `q := &buf[5]`), other than `views`."""
    body = grammar.function_body(root.func) if root.func is not None else None
    if body is None:
        return []
    found: list[scope.Symbol] = []
    for statement in grammar.find_all(body, (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION)):
        lefts = grammar.items(statement.child_by_field_name(F.LEFT))
        rights = grammar.items(statement.child_by_field_name(F.RIGHT))
        if len(lefts) != len(rights):
            continue
        for left, right in zip(lefts, rights, strict=True):
            value = grammar.unparen(right)
            if value is None or left.type != K.IDENTIFIER:
                continue
            if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
                inner = grammar.unparen(value.child_by_field_name(F.OPERAND))
                if inner is None or inner.type not in (K.INDEX_EXPRESSION, K.IDENTIFIER):
                    continue
            elif value.type not in (K.SLICE_EXPRESSION, K.IDENTIFIER):
                continue
            if _address_root(ctx, value) != root:
                continue
            local = ctx.resolve(left)
            if local is None or local.kind != scope.VAR or local.where != scope.LOCAL:
                continue
            if local != root and local not in views and local not in found:
                found.append(local)
    return found


def _address_root(ctx: FileView, value: Node) -> scope.Symbol | None:
    """The variable `value` is a view of or points into (`buf` for `buf[8:]`, `&buf[5]`, `buf`)."""
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        return storage.root_symbol(ctx, value.child_by_field_name(F.OPERAND))
    return storage.root_symbol(ctx, value)


def _other_views_stored(ctx: FileView, root: scope.Symbol, statement: Node) -> bool:
    """Whether the function stores another view of root's array, outside `statement`: it goes on
    showing the elements, so writes through the destination must stay visible to it."""
    body = grammar.function_body(root.func) if root.func is not None else None
    if body is None:
        return False
    for use in ctx.uses(root, body):
        if (root.decl is not None and use.id == root.decl.id) or grammar.is_within(use, statement):
            continue
        view = _outermost_subslice(use)
        if view.id != use.id and storage.stores(ctx, view):
            return True
    return False


def _outermost_subslice(use: Node) -> Node:
    """`buf[a:][:b]` around a use of buf (the use itself when it is not sliced)."""
    current = slicing.outer_use(use)
    parent = current.parent
    while parent is not None and parent.type == K.SLICE_EXPRESSION and scope.is_child(current, parent, F.OPERAND):
        current = slicing.outer_use(parent)
        parent = current.parent
    return grammar.unparen(current) or current


def _local_view(ctx: FileView, view: Node) -> scope.Symbol | None:
    """The local a subslice initialises (`part := buf[a:b]`), when it is never reassigned."""
    if view.type != K.SLICE_EXPRESSION:
        return None
    use = slicing.outer_use(view)
    values, holder = use.parent, use.parent.parent if use.parent is not None else None
    if values is None or holder is None or values.type != K.EXPRESSION_LIST:
        return None
    if holder.type != K.SHORT_VAR_DECLARATION or not scope.is_child(values, holder, F.RIGHT):
        return None
    names, items = grammar.items(holder.child_by_field_name(F.LEFT)), grammar.items(values)
    index = next((i for i, v in enumerate(items) if v.id == use.id), -1)
    if index < 0 or len(names) != len(items):
        return None
    symbol = ctx.resolve(names[index])
    if symbol is None or symbol.where != scope.LOCAL or slicing.assignments_to(ctx, symbol):
        return None
    return symbol


def _uses_after(ctx: FileView, symbol: scope.Symbol, statement: Node) -> list[Node]:
    """Uses of a local that can run after `statement` (later in the function, or anywhere in its loop)."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return []
    loop = flow.enclosing_loop(statement)
    out = []
    for use in ctx.references(symbol, body):
        if grammar.is_within(use, statement):
            continue
        if use.start_byte >= statement.end_byte or (loop is not None and grammar.is_within(use, loop)):
            out.append(use)
    return out


def _is_local_array(ctx: FileView, symbol: scope.Symbol) -> bool:
    """`var buf [4096]byte`: a local array is this function's own."""
    if symbol.where != scope.LOCAL or symbol.kind != scope.VAR:
        return False
    return isinstance(ctx.underlying(ctx.program.symbol_type(symbol)), gotypes.Array) and symbol.value is None


def capacity_observed(ctx: FileView, store: storage.Store) -> str | None:
    """Where the package reslices the destination past its length or asks its capacity (so the
    capacity a view carries is meaning that a copy, whose capacity is its length, would change);
    None when nowhere, or when the destination cannot be followed."""
    destination = destination_place(ctx, store)
    if destination is None or slicing.foreign(ctx, destination):
        return None
    for file, occurrence in _capacity_uses(ctx, destination):
        if not (file is ctx.file and grammar.is_within(occurrence, store.statement)):
            return _where(ctx, file, occurrence)
    return None


# Program -> Place -> the occurrences that reach past its length or ask its capacity.
_CAPACITY_USES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _capacity_uses(ctx: FileView, place: slicing.Place) -> list[tuple[ParsedFile, Node]]:
    """Found once per place (a package-level variable may be stored in a thousand times)."""
    cache = _CAPACITY_USES.setdefault(ctx.program, {})
    if place not in cache:
        views: dict[int, FileView] = {id(ctx.file): ctx}
        found = []
        for file, occurrence in slicing.occurrences(ctx, place):
            here = views.get(id(file))
            if here is None:  # another file: its own scopes tell whether `len` in a clip is the builtin
                here = views[id(file)] = view_of(ctx, file)
            if slicing.resliced_beyond_length(occurrence, here) or slicing.asks_capacity(occurrence):
                found.append((file, occurrence))
        cache[place] = found
    uses: list[tuple[ParsedFile, Node]] = cache[place]
    return uses


def view_of(ctx: FileView, file: ParsedFile) -> FileView:
    """Another file of the package, seen with the same program."""
    if file is ctx.file:
        return ctx
    program = ctx.program
    return FileView(file.path, file.src, file.tree, ctx.version, file, lambda: program)
