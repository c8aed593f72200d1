"""Aliasing: who else can see the backing array of a slice a rule wants to zero.

Zeroing dropped elements is visible through every slice header over the same
array.  `sharing` looks for other holders across the package (the slice
handed out, stored elsewhere, a field of an exported or foreign type, copies of
the struct holding it, conversions that make the type of another slice) and
says what it found; `readers_problem` looks for code around the statement that
still reads the dropped elements (a range over the slice, an element's address,
a later read of a copy, a re-extension within the capacity).
"""

from __future__ import annotations

import weakref

from gofixleak.analysis import callees, flow, lengths, pools, refills, slicing, storage
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def readers_problem(ctx: FileView, statement: Node, aliases: list[Node]) -> str | None:
    """Why zeroing here could change what the program reads (None when nothing is seen)."""
    keys = {slicing.canonical(ctx, a) for a in aliases}
    for anc in grammar.ancestors(statement):
        if anc.type in grammar.FUNCTION_KINDS:
            break
        if anc.type == K.FOR_STATEMENT:
            clause = next((c for c in grammar.named(anc) if c.type == K.RANGE_CLAUSE), None)
            ranged = clause.child_by_field_name(F.RIGHT) if clause is not None else None
            if ranged is not None and slicing.canonical(ctx, ranged) in keys and not _leaves_loop(statement, anc):
                return f"it sits inside a range over {ctx.text(ranged)}"
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return "it is not inside a function"
    for node in ctx.find(K.UNARY_EXPRESSION, within=body):
        if grammar.operator(node) != "&":
            continue
        operand = grammar.unparen(node.child_by_field_name(F.OPERAND))
        if operand is not None and operand.type == K.INDEX_EXPRESSION:
            if slicing.canonical(ctx, operand.child_by_field_name(F.OPERAND)) in keys:
                return f"the address of an element is taken ({ctx.text(node)})"
    for node in ctx.find(K.SLICE_EXPRESSION, within=body):
        if grammar.is_within(node, statement):
            continue
        target = node.child_by_field_name(F.OPERAND)
        if target is None or slicing.canonical(ctx, target) not in keys:
            continue
        high = node.child_by_field_name(F.HIGH)
        if slicing.resliced_beyond_length(target, ctx) or (high is not None and lengths.grows(ctx, node, high, target)):
            return f"the slice is re-extended within its capacity ({ctx.text(node)})"
    return _re_extended_elsewhere(ctx, aliases, statement)


def _leaves_loop(statement: Node, loop: Node) -> bool:
    """`statement` is followed right away by a `return`, or a `break` out of `loop`: the range
    never reads another element (`s = append(s[:i], s[i+1:]...); return`)."""
    after = flow.statements_after(statement)
    if not after:
        return False
    following = after[0]
    if following.type == K.RETURN_STATEMENT:
        return True
    if following.type == K.BREAK_STATEMENT:
        target = flow.branch_target(following)
        return target is not None and (target.id == loop.id or grammar.is_within(loop, target))
    return False


def _re_extended_elsewhere(ctx: FileView, aliases: list[Node], statement: Node) -> str | None:
    """A field or package variable resliced past its length anywhere in the package."""
    for alias in aliases:
        key = slicing.place_of(ctx, alias)
        if key is None or key.kind == "local":
            continue
        for file, occurrence in slicing.occurrences(ctx, key):
            if file is ctx.file and grammar.is_within(occurrence, statement):
                continue
            parent = slicing.outer_use(occurrence).parent
            high = parent.child_by_field_name(F.HIGH) if parent is not None else None
            grows = (
                file is ctx.file
                and parent is not None
                and parent.type == K.SLICE_EXPRESSION
                and high is not None
                and lengths.grows(ctx, parent, high, occurrence)
            )
            there = ctx.sibling(file)  # another file: its own scopes tell whether `len` in a clip is the builtin
            if slicing.resliced_beyond_length(occurrence, there) or grows:
                return f"the slice is re-extended within its capacity ({grammar.text(parent)})"
    return None


def copy_read_after(ctx: FileView, statement: Node, aliases: list[Node]) -> str | None:
    """A local copy of the slice header (`old := s`) read after the statement: the dropped elements
    are still in use there, so zeroing them at the statement would destroy data being read."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return None
    own = {slicing.canonical(ctx, a) for a in aliases}
    keys = set(own)
    for declaration in ctx.find(K.SHORT_VAR_DECLARATION, K.VAR_SPEC, K.ASSIGNMENT, within=body):
        if declaration.start_byte >= statement.start_byte:
            break
        names, values = slicing.bindings(declaration)
        for name, value in zip(names, values, strict=False):
            if name.type != K.IDENTIFIER or slicing.canonical(ctx, slicing.strip_reslice(value)) not in keys:
                continue
            if slicing.same_expr(ctx, name, slicing.strip_reslice(value)):
                continue  # `s = s[1:]` earlier: the variable itself, not a copy of it
            symbol = ctx.resolve(name)
            if symbol is None or symbol.where != scope.LOCAL or symbol.func is None:
                continue
            if declaration.type != K.ASSIGNMENT:
                keys.add(slicing.canonical(ctx, name))  # copies of copies: `next := q[0]; part := next[:n]`
            if not _read_after(ctx, symbol, body, statement, declaration):
                continue
            if slicing.canonical(ctx, name) in own:
                return f"{symbol.name}, which shares the array, is read after it"
            return f"{symbol.name}, a copy of {ctx.text(value)}, is read after it"
    return None


def _method_appends_to(ctx: FileView, call: Node, field: str) -> bool:
    """`u.unpack(line)` whose body does `recv.field = append(recv.field, ...)`: the method refills
    the receiver's slice."""
    declared = callees.declaration_of(ctx, call)
    if declared is None or declared[1].type != K.METHOD_DECLARATION:
        return False
    file, decl = declared
    receivers = callees.parameter_names(decl, F.RECEIVER)
    body = decl.child_by_field_name(F.BODY)
    if not receivers or body is None:
        return False
    target = f"{grammar.text(receivers[0])}.{field}"
    for append in grammar.find_all(body, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(append.child_by_field_name(F.FUNCTION))
        args = grammar.named(append.child_by_field_name(F.ARGUMENTS))
        if function is not None and grammar.text(function) == "append" and args and grammar.text(args[0]) == target:
            return True
    return False


def callers_object(ctx: FileView, place: Node, reset: bool = False) -> bool:
    """The slice is a field (or element) of an object the caller handed in as a parameter, or of a
    local struct: `func prune(resp *Response) { resp.Series = resp.Series[:n] }`.  How long that
    object lives is the caller's business (usually a request, a batch, a decoder target), so the
    rule does not claim the dropped elements outlive it; the receiver and package variables are
    the long-lived owners it reports.  With `reset`, `*buf = (*buf)[:0]` of a pointer parameter
    (a scratch buffer the caller lends) counts too."""
    node = grammar.unparen(place)
    if node is None or node.type == K.IDENTIFIER:
        return False  # the variable itself (a local captured by a closure is judged by storage)
    if node.type == K.UNARY_EXPRESSION and not reset:
        return False  # `*s = (*s)[1:]`: a helper popping from the caller's slice
    root = storage.root_symbol(ctx, node)
    if root is None or root.where == scope.RECEIVER or root.is_package_var:
        return False
    return root.where in (scope.PARAM, scope.LOCAL)


def refilled_after(ctx: FileView, statement: Node, place: Node | None, through_owner: bool = True) -> bool:
    """After the truncation the function puts elements back into the place (`s.f = append(s.f, x)`,
    or, `through_owner`, a method of its owner such as `mn.add(k, v)` for `mn.Tags`): an in-place
    filter or a scratch buffer, whose truncation drops nothing by itself."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    place = grammar.unparen(place)
    if body is None or place is None:
        return False
    owner = place.child_by_field_name(F.OPERAND) if place.type == K.SELECTOR_EXPRESSION else None
    for call in ctx.find(K.CALL_EXPRESSION, within=body):
        if call.start_byte < statement.end_byte:
            continue
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if function is None:
            continue
        if grammar.text(function) == "append" and args and slicing.same_expr(ctx, args[0], place):
            return True
        if owner is not None and function.type == K.SELECTOR_EXPRESSION:
            if slicing.same_expr(ctx, function.child_by_field_name(F.OPERAND), owner):
                if through_owner or _method_appends_to(ctx, call, grammar.text(place.child_by_field_name(F.FIELD))):
                    return True
    for assignment in ctx.find(K.ASSIGNMENT, within=body):
        if assignment.start_byte < statement.end_byte:
            continue
        for written in grammar.items(assignment.child_by_field_name(F.LEFT)):
            target = grammar.unparen(written)
            if target is not None and target.type == K.INDEX_EXPRESSION:
                if slicing.same_expr(ctx, target.child_by_field_name(F.OPERAND), place):
                    return True  # `x.versions[i] = v`: a decoder filling the slice again by index
    return False


def _read_after(ctx: FileView, symbol: scope.Symbol, body: Node, statement: Node, declaration: Node) -> bool:
    """Whether a local is used after `statement`: later in the function, or anywhere in a loop
    around the statement that comes round without declaring the local again."""
    loop = flow.enclosing_loop(statement)
    if loop is not None and grammar.is_within(declaration, loop):
        loop = None
    return any(
        u.start_byte >= statement.end_byte or (loop is not None and grammar.is_within(u, loop))
        for u in ctx.uses(symbol, body)
        if not grammar.is_within(u, statement)
    )


SHARED = "shared"  # the package shows another slice header over the array
UNSEEN = "unseen"  # gofixleak cannot see every holder of the array, or bound a length


def sharing(ctx: FileView, place: Node | None, statement: Node) -> tuple[str | None, str]:
    """Whether the long-lived slice may share its array with code that would see the zeroing:
    (SHARED, why) when the package shows another slice header over the array (the slice handed
    out or stored elsewhere, the place assigned a slice other code keeps, copies of the struct
    holding it, a buffer given to other code); (UNSEEN, why) when gofixleak cannot see every
    holder (exported or foreign fields, pointers from elsewhere, lengths it cannot bound);
    (None, "") otherwise."""
    if place is None:
        return None, ""
    key = slicing.place_of(ctx, place)
    local = key is not None and key.kind == "local"
    shared: str | None = None
    unseen: str | None = None
    if local or (pools.handed_to_pool(ctx, place, statement) and _local_buffer(ctx, place)):
        # a buffer given to a pool belongs to the pool; a local kept by a closure must hold arrays made for it
        unseen = _foreign_array(ctx, place, key) if local else None
        shared = None if unseen is not None else _pool_buffer_problem(ctx, place, statement)
    elif _through_other_pointer(ctx, place):
        unseen = f"other code may hold the array {ctx.text(place)} points to"
    elif key is None:
        unseen = f"gofixleak cannot see who else holds the array of {ctx.text(place)}"
    else:
        unseen = _outside_reach(ctx, place, key)
        if unseen is None:
            shared = _handed_out(ctx, key, statement) or _whole_copies(ctx, place, key)
        if unseen is None and shared is None:
            unseen = _length_problem(ctx, place, key, statement) or _array_sources(ctx, place, key, statement)
    if shared is not None:
        return SHARED, f"{shared}; zeroing would change what that holder reads"
    return (UNSEEN, unseen) if unseen is not None else (None, "")


def _foreign_array(ctx: FileView, place: Node, key: slicing.Place | None) -> str | None:
    """A local (kept alive by a closure) that may hold an array other code keeps: `batch := init`
    with `init` the caller's slice, `s, err = load()`.  Zeroing its dropped elements would be
    seen there; only nil, `make`, literals, appends to those and reslices of the local itself are owned."""
    ident = grammar.unparen(place)
    symbol = ctx.resolve(ident) if ident is not None and ident.type == K.IDENTIFIER else None
    if symbol is None or key is None or storage.captured_by_escaping_closure(ctx, symbol) is None:
        return None  # a buffer given to a pool: the pool checks apply
    if symbol.where != scope.LOCAL or symbol.tuple_value is not None or symbol.range_clause is not None:
        return f"{symbol.name} may hold an array other code keeps"
    values = [symbol.value] if symbol.value is not None else []
    for target in slicing.assignments_to(ctx, symbol):
        value = slicing.assigned_value(target)
        if value is None:
            statement = target.parent.parent if target.parent is not None else None
            return f"{symbol.name} may hold an array other code keeps ({grammar.text(statement)})"
        values.append(value)
    for value in values:
        value = grammar.unparen(value)
        if value is not None and not _owned_value(ctx, ctx.file, value, key):
            return f"{symbol.name} is set to a slice it may share ({grammar.text(value)})"
    return None


def _local_buffer(ctx: FileView, place: Node) -> bool:
    """`buf` or `*bp` of a local: a buffer the function hands to the pool as a whole.  A field of
    a pooled object (`req.Entries`) is checked like any field, since the package may have stored
    a slice it does not own there (`req.Entries = entries`)."""
    node = grammar.unparen(place)
    if node is not None and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is None or node.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(node)
    return symbol is not None and symbol.func is not None


def _array_sources(ctx: FileView, place: Node, key: slicing.Place, statement: Node) -> str | None:
    """Arrays that reach the place without being assigned to it: `h := byPrio(items)` makes a heap
    of the caller's slice (an in-place heap sort reads `items` after popping everything), and
    `(*entryHeap)(h)` reaches the field of another struct type."""
    if key.owner is None or key.kind not in ("deref", "field"):
        return None
    if key.kind == "deref" and ctx.file.package != "main" and key.owner[1][:1].isupper():
        return (
            f"{key.owner[1]} is exported: code in other packages may make one of a slice it keeps "
            f"reading (an in-place heap sort)"
        )
    for file, node in _typed_by_name(ctx).get(key.owner[1], ()):
        problem = _array_source(ctx, file, node, key)
        if problem is None:
            continue
        if isinstance(problem, tuple):  # a struct conversion: the field is also U's field
            other = slicing.Place("field", key.name, owner=problem)
            shared = _outside_reach(ctx, place, other) or _handed_out(ctx, other, statement)
            if shared is None:
                continue
            return f"{shared}, and {grammar.text(node)} ({_where(ctx, file, node)}) shares the field"
        return f"{problem} ({_where(ctx, file, node)})"
    return None


# Program -> type name -> the calls (conversions), var specs and parameters of the package whose
# function or type spells that name: built once per package, read by every finding.
_TYPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _typed_by_name(ctx: FileView) -> dict[str, list[tuple[ParsedFile, Node]]]:
    index = _TYPED.get(ctx.program)
    if index is None:
        index = {}
        facts = ctx.program.facts_of(ctx.file)
        for file in facts.files if facts is not None else [ctx.file]:
            for node in grammar.find_all(file.tree.root_node, (K.CALL_EXPRESSION, K.VAR_SPEC, K.PARAMETER_DECLARATION)):
                spelled = node.child_by_field_name(F.FUNCTION if node.type == K.CALL_EXPRESSION else F.TYPE)
                if spelled is None:
                    continue
                names = {grammar.text(n) for n in grammar.find_all(spelled, (K.IDENTIFIER, K.TYPE_IDENTIFIER))}
                if spelled.type in (K.IDENTIFIER, K.TYPE_IDENTIFIER):
                    names.add(grammar.text(spelled))
                for name in names:
                    index.setdefault(name, []).append((file, node))
        _TYPED[ctx.program] = index
    return index


def _array_source(ctx: FileView, file, node: Node, key: slicing.Place) -> str | tuple[str, str] | None:
    program = ctx.program
    if key.owner is None:
        return None
    owner = gotypes.Named(*key.owner)
    if node.type == K.CALL_EXPRESSION:
        function = node.child_by_field_name(F.FUNCTION)
        target = program.conversion_type(function, file) if function is not None else None
        if target is None:
            return None
        target_named = target.elem if isinstance(target, gotypes.Pointer) else target
        if not isinstance(target_named, gotypes.Named) or (target_named.package, target_named.name) != key.owner:
            return None
        args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
        if not args:
            return None
        if key.kind == "field":
            source = program.deref(program.type_of(args[0], file))
            if isinstance(source, gotypes.Named) and (source.package, source.name) != key.owner:
                return source.package, source.name
            return None
        if _owned_array(ctx, file, args[0], owner):
            return None
        return f"a {key.owner[1]} is made of a slice it may share ({grammar.text(node)})"
    if key.kind != "deref":
        return None
    declared = program.type_from_node(node.child_by_field_name(F.TYPE), file)
    if declared != owner:
        return None
    if node.type == K.PARAMETER_DECLARATION:
        func = grammar.enclosing_function(node)
        if func is None or func.type == K.FUNCTION_LITERAL or ctx.file.package == "main":
            return None
        if node.parent is None or not scope.is_child(node.parent, func, F.PARAMETERS):
            return None  # a receiver, or a parameter of a function type
        name = grammar.text(func.child_by_field_name(F.NAME))
        exported = name[:1].isupper()
        if func.type == K.METHOD_DECLARATION:
            receiver = grammar.named(func.child_by_field_name(F.RECEIVER))
            receiver_type = ctx.program.deref(
                program.type_from_node(receiver[0].child_by_field_name(F.TYPE), file) if receiver else None
            )
            exported = exported and isinstance(receiver_type, gotypes.Named) and receiver_type.name[:1].isupper()
        if exported:
            return f"the exported {name} takes a {key.owner[1]}, which callers may make of their own slice"
        return None
    for value in grammar.items(node.child_by_field_name(F.VALUE)):
        if not _owned_array(ctx, file, value, owner):
            return f"a {key.owner[1]} variable is set to a slice it may share ({grammar.text(value)})"
    return None


def _owned_array(ctx: FileView, file, expr: Node, owner: gotypes.Named) -> bool:
    """`nil`, a literal, `make`, or a value that already has the heap type."""
    value = grammar.unparen(expr)
    if value is None:
        return True
    if value.type == K.COMPOSITE_LITERAL or (value.type == K.IDENTIFIER and grammar.text(value) == "nil"):
        return True
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        if function is not None and grammar.text(function) == "make" and slicing.is_universe(ctx, "make", function):
            return True
    return ctx.program.type_of(value, file) == owner


def _through_other_pointer(ctx: FileView, place: Node) -> bool:
    """`*p = ...` for a pointer that is not the receiver: only a stack or heap type's own methods
    (`*h = old[:n-1]`) own the slice they point to."""
    unparenthesized = grammar.unparen(place)
    if unparenthesized is None or unparenthesized.type != K.UNARY_EXPRESSION:
        return False
    pointer = grammar.unparen(unparenthesized.child_by_field_name(F.OPERAND))
    symbol = ctx.resolve(pointer) if pointer is not None and pointer.type == K.IDENTIFIER else None
    return symbol is None or symbol.where != scope.RECEIVER


def _outside_reach(ctx: FileView, place: Node, key: slicing.Place) -> str | None:
    """Code of other packages, which gofixleak does not see, may hold the slice."""
    if slicing.foreign(ctx, key):
        return f"{ctx.text(place)} belongs to a type of another package, whose code may hold its array"
    if slicing.exported(ctx, key):
        return f"{ctx.text(place)} is exported, and code in other packages may hold its array"
    return None


def _handed_out(ctx: FileView, key: slicing.Place, statement: Node) -> str | None:
    """A use of the place elsewhere in the package that lets another slice header keep its array
    (handed to code that may keep it, stored elsewhere, assigned a slice other code keeps)."""
    for file, occurrence in slicing.occurrences(ctx, key):
        if file is ctx.file and grammar.is_within(occurrence, statement):
            continue  # the statement being fixed
        problem = _shares_array(ctx, file, occurrence, key)
        if problem is not None:  # named as written there: `s.tasks` for the heap `*h` points to
            return f"{grammar.text(slicing.outer_use(occurrence))} {problem} ({_where(ctx, file, occurrence)})"
    return None


def _length_problem(ctx: FileView, place: Node, key: slicing.Place, statement: Node) -> str | None:
    """A reslice of the place elsewhere in the package to a length that may exceed the current one
    (a stale length, or one gofixleak cannot bound), which would bring zeroed elements back."""
    for file, occurrence in slicing.occurrences(ctx, key):
        if file is ctx.file and grammar.is_within(occurrence, statement):
            continue
        there = ctx.sibling(file)  # another file of the package: `m.heap.items = m.heap.items[:0]` and the pop
        if _resliced_to_stale_length(there, occurrence):
            return (
                f"{ctx.text(place)} is resliced to a length taken before calls that may pop "
                f"({_where(ctx, file, occurrence)}), which may bring zeroed elements back"
            )
        bound = _unproven_reslice(there, occurrence)
        if bound is not None:
            return (
                f"{ctx.text(place)} is resliced to {grammar.text(bound)} ({_where(ctx, file, occurrence)}), "
                f"which gofixleak cannot show is at most its length: that may bring zeroed elements back"
            )
    return None


def _unproven_reslice(ctx: FileView, occurrence: Node) -> Node | None:
    """The bound of `p.s = p.s[:n]` when nothing shows `n <= len(p.s)`: with a larger `n` the
    reslice grows the slice over elements an earlier truncation dropped (and a fix zeroed)."""
    use = slicing.outer_use(occurrence)
    parent = use.parent
    if parent is None or parent.type != K.SLICE_EXPRESSION or not scope.is_child(use, parent, F.OPERAND):
        return None
    if not _assigned_back(parent, use):
        return None  # `append(s[:i], s[i+1:]...)`, `f(s[:n])`: not a new length for s
    high = grammar.unparen(parent.child_by_field_name(F.MAX) or parent.child_by_field_name(F.HIGH))
    at = slicing.offset(ctx, high, follow_locals=True)
    if high is None or at is None or at.is_const(0) or at.term == slicing.len_key(ctx, use):
        return None
    if at.term == slicing.cap_key(ctx, use) or lengths.grows(ctx, parent, high, use):
        return None  # a re-extension: readers_problem names it
    if lengths.at_most_length(ctx, parent, high, use):
        return None
    return high


def _whole_copies(ctx: FileView, place: Node, key: slicing.Place) -> str | None:
    """A copy of the whole struct holding the field (`saved := *p`) shares the field's array."""
    owner = key.owner
    copied = slicing.whole_copy(ctx, owner) if key.kind == "field" and owner is not None else None
    if copied is None or owner is None:
        return None
    file, copy = copied
    return (
        f"the package copies whole {owner[1]} values ({grammar.text(copy)} at {_where(ctx, file, copy)}), "
        f"and a copy shares the array of {ctx.text(place)}"
    )


def _resliced_to_stale_length(ctx: FileView, occurrence: Node) -> bool:
    """`n := len(p.stack); p.undo(); p.stack = p.stack[:n]`: a length measured before the slice
    may have shrunk, so the reslice may re-extend it."""
    use = slicing.outer_use(occurrence)
    parent = use.parent
    if parent is None or parent.type != K.SLICE_EXPRESSION or not scope.is_child(use, parent, F.OPERAND):
        return False
    high = parent.child_by_field_name(F.HIGH)
    guess = slicing.offset(ctx, high, follow_locals=True, even_if_changed=True)
    if guess is None or guess.term != slicing.len_key(ctx, use):
        return False
    return guess != slicing.offset(ctx, high, follow_locals=True)


def _assigned_back(reslice: Node, operand: Node) -> bool:
    """`x = x[:n]` (also in a tuple assignment): the reslice becomes the slice's new value."""
    values = slicing.outer_use(reslice).parent
    assignment = values.parent if values is not None and values.type == K.EXPRESSION_LIST else None
    if values is None or assignment is None or assignment.type != K.ASSIGNMENT:
        return False
    if not scope.is_child(values, assignment, F.RIGHT):
        return False
    targets = grammar.items(assignment.child_by_field_name(F.LEFT))
    index = next((i for i, v in enumerate(grammar.items(values)) if v.id == slicing.outer_use(reslice).id), -1)
    return 0 <= index < len(targets) and grammar.text(targets[index]) == grammar.text(operand)


def _where(ctx: FileView, file, node: Node) -> str:
    line = file.src.count(b"\n", 0, node.start_byte) + 1
    return f"line {line}" if file is ctx.file else f"{file.path.rsplit('/', 1)[-1]}:{line}"


def _pool_buffer_problem(ctx: FileView, place: Node, statement: Node) -> str | None:
    """...unless the function also lets other code keep the local buffer (`results = append(results, buf)`)."""
    ident = grammar.unparen(place)
    symbol = ctx.resolve(ident) if ident is not None and ident.type == K.IDENTIFIER else None
    body = grammar.function_body(symbol.func) if symbol is not None and symbol.func is not None else None
    if symbol is None or body is None:
        return None  # a field of an object handed to the pool
    for use in ctx.uses(symbol, body):
        if (symbol.decl is not None and use.id == symbol.decl.id) or grammar.is_within(use, statement):
            continue
        call = grammar.enclosing(use, K.CALL_EXPRESSION)
        if call is not None and pools.pool_put(ctx, call) is not None:
            continue
        problem = local_use_problem(ctx, use)
        if problem is not None:
            return f"{symbol.name} {problem} ({_where(ctx, ctx.file, use)})"
    return None


def _shares_array(ctx: FileView, file, occurrence: Node, key: slicing.Place) -> str | None:
    """Whether this use of the place lets its array be seen by other code ("is handed out", ...)."""
    use = slicing.outer_use(occurrence)
    parent = use.parent
    if parent is None:
        return None
    if parent.type in (K.INDEX_EXPRESSION, K.SELECTOR_EXPRESSION) and scope.is_child(use, parent, F.OPERAND):
        return None
    if parent.type == K.SLICE_EXPRESSION and scope.is_child(use, parent, F.OPERAND):
        return _shares_array(ctx, file, parent, key)
    if parent.type == K.BINARY_EXPRESSION:
        return None
    if parent.type == K.RANGE_CLAUSE:
        return None
    if parent.type == K.ARGUMENTS and parent.parent is not None:
        name = _callee_name(parent)
        if name in ("len", "cap", "clear"):
            return None
        if name == "append" and grammar.named(parent)[0].id == use.id:
            return _shares_array(ctx, file, parent.parent, key)
        if name == "append" and grammar.has_token(parent, "...") and grammar.named(parent)[-1].id == use.id:
            return None  # append(x, s...) copies the elements
        if name == "copy" or slicing.kept_by_call(ctx, file, use) is None:
            return None  # a call that only looks at the elements while they are still there
        return f"is handed to {name}"
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type == K.ASSIGNMENT and scope.is_child(parent, owner, F.LEFT):
            return _assigned_value_problem(ctx, file, owner, parent, use, key)
        if owner.type in (K.SHORT_VAR_DECLARATION, K.ASSIGNMENT, K.VAR_SPEC):
            return _stored_problem(ctx, file, owner, use, key)
        return "is handed out"
    if parent.type == K.KEYED_ELEMENT and scope.is_child(use, parent, F.KEY):
        return _assigned_value_problem(ctx, file, parent, None, use, key)
    if parent.type in (K.INC_DEC_STATEMENT,):
        return None
    if parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&" and _given_to_heap(ctx, file, parent):
        return None  # heap.Pop(&s.tasks) works on it through the type's own methods
    return "is handed out"


def _given_to_heap(ctx: FileView, file, argument: Node) -> bool:
    """`heap.Push(&s.tasks, x)`: an argument of a container/heap function."""
    arguments = slicing.outer_use(argument).parent
    call = arguments.parent if arguments is not None and arguments.type == K.ARGUMENTS else None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    operand = function.child_by_field_name(F.OPERAND)
    return operand is not None and ctx.program.package_of_selector(operand, file) == "container/heap"


def _assigned_value_problem(ctx: FileView, file, owner: Node, targets: Node | None, use: Node, key) -> str | None:
    """`place = value`: fine when the value is an array the package makes for it, or the place itself."""
    if owner.type == K.KEYED_ELEMENT:
        values = [owner.child_by_field_name(F.VALUE) or grammar.named(owner)[-1]]
        index = 0
    else:
        if grammar.operator(owner) != "=":
            return None
        values = grammar.items(owner.child_by_field_name(F.RIGHT))
        index = next((i for i, t in enumerate(grammar.items(targets)) if t.id == use.id), -1)
        if index < 0 or len(values) != len(grammar.items(targets)):
            return "is assigned from a tuple"
    value = grammar.unparen(values[index])
    if value is None:
        return None
    if _owned_value(ctx, file, value, key):
        return None
    return f"is assigned a slice it may share ({grammar.text(value)})"


def _owned_value(ctx: FileView, file, value: Node, key) -> bool:
    if value.type == K.IDENTIFIER and grammar.text(value) == "nil":
        return True
    if value.type == K.COMPOSITE_LITERAL:
        return True
    if value.type == K.SLICE_EXPRESSION:
        return _denotes(ctx, file, value.child_by_field_name(F.OPERAND), key)
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        name = grammar.text(function) if function is not None else ""
        args = grammar.named(value.child_by_field_name(F.ARGUMENTS))
        if name == "make":
            return True
        if name == "append" and args:
            first = grammar.unparen(args[0])
            return first is not None and (_owned_value(ctx, file, first, key) or _denotes(ctx, file, first, key))
    return _denotes(ctx, file, value, key) or (file is ctx.file and _fresh_local_kept_nowhere_else(ctx, value, key))


def _fresh_local_kept_nowhere_else(ctx: FileView, value: Node, key) -> bool:
    """`grown := make([]T, n, 2*n); copy(grown, s.items); s.items = grown`: an array made here,
    which nothing but the place keeps."""
    symbol = ctx.resolve(value) if value.type == K.IDENTIFIER else None
    if symbol is None or symbol.where != scope.LOCAL or symbol.value is None or slicing.assignments_to(ctx, symbol):
        return False
    initial = grammar.unparen(symbol.value)
    if initial is None or initial.type == K.IDENTIFIER or not _owned_value(ctx, ctx.file, initial, key):
        return False
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    uses = ctx.uses(symbol, body) if body is not None else []
    declared = symbol.decl.id if symbol.decl is not None else None
    return all(u.id in (value.id, declared) or local_use_problem(ctx, u) is None for u in uses)


def _denotes(ctx: FileView, file, node: Node | None, key) -> bool:
    """`node` is the place itself, or a local copy of it (`old := h.items`)."""
    node = grammar.unparen(node)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is None:
        return False
    if file is ctx.file and slicing.place_of(ctx, node) == key:
        return True
    if node.type == K.IDENTIFIER and file is ctx.file:
        symbol = ctx.resolve(node)
        if symbol is not None and symbol.where == scope.LOCAL and symbol.value is not None:
            return slicing.place_of(ctx, slicing.strip_reslice(symbol.value)) == key
    if file is not ctx.file:
        # another file of the package: compare by field or variable name and owner type
        return _same_place_elsewhere(ctx, file, node, key)
    return False


def _same_place_elsewhere(ctx: FileView, file, node: Node, key) -> bool:
    if key.kind == "var":
        return node.type == K.IDENTIFIER and grammar.text(node) == key.name
    if key.kind == "deref" and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        pointer = ctx.program.type_of(node.child_by_field_name(F.OPERAND), file)
        named = pointer.elem if isinstance(pointer, gotypes.Pointer) else None
        return isinstance(named, gotypes.Named) and (named.package, named.name) == key.owner
    if key.kind == "field" and node.type == K.SELECTOR_EXPRESSION:
        operand = node.child_by_field_name(F.OPERAND)
        name = grammar.text(node.child_by_field_name(F.FIELD))
        return (
            name == key.name
            and slicing.struct_owner(ctx.program, ctx.program.type_of(operand, file), name) == key.owner
        )
    return False


def _stored_problem(ctx: FileView, file, owner: Node, use: Node, key) -> str | None:
    """`h.items = old[:n]` puts the array back; `old := h.items` is a local copy, fine if it stays local."""
    names, values = slicing.bindings(owner)
    index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
    if index < 0 or index >= len(names):
        return "is copied to another variable"
    if _denotes(ctx, file, names[index], key):
        return None
    if file is not ctx.file or names[index].type != K.IDENTIFIER:
        return f"is stored in {grammar.text(names[index])}"
    symbol = ctx.resolve(names[index])
    if symbol is None or symbol.where != scope.LOCAL:
        return "is stored elsewhere"
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return "is copied to another variable"
    for later in ctx.references(symbol, body):
        problem = _shares_array(ctx, file, later, key)
        if problem is not None:
            return f"is copied to {symbol.name}, which {problem}"
    return None


def local_use_problem(ctx: FileView, use: Node) -> str | None:
    """How this use of a local slice may let other code keep its array (`s = append(s, x)` does not)."""
    parent = slicing.outer_use(use).parent
    if parent is not None and parent.type == K.ARGUMENTS and _appended_back(ctx, parent, use):
        return None
    return slicing.kept_elsewhere(ctx, use)


def _callee_name(arguments: Node) -> str:
    """The called function's text for a call's argument list (`len`, `p.Put`)."""
    call = arguments.parent
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    return grammar.text(function) if function is not None else ""


def _appended_back(ctx: FileView, arguments: Node, use: Node) -> bool:
    """`s = append(s, x)`: the use is append's first argument and the result goes back into it."""
    args = grammar.named(arguments)
    if _callee_name(arguments) != "append" or not args or args[0].id != use.id or arguments.parent is None:
        return False
    values = slicing.outer_use(arguments.parent).parent
    statement = values.parent if values is not None else None
    if statement is None or statement.type != K.ASSIGNMENT or len(grammar.items(values)) != 1:
        return False
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    return len(targets) == 1 and targets[0].type == K.IDENTIFIER and ctx.resolve(targets[0]) == ctx.resolve(use)


# --- arrays a function makes for itself ----------------------------------------------------


def fresh_local_slice(ctx: FileView, source: Node | None) -> scope.Symbol | None:
    """A local slice variable holding only an array made in this function (a literal, make, appends)."""
    source = grammar.unparen(source)
    if source is None or source.type != K.IDENTIFIER:
        return None
    symbol = ctx.resolve(source)
    if symbol is None or symbol.where != scope.LOCAL or symbol.kind != scope.VAR:
        return None
    if symbol.value is not None:
        value = grammar.unparen(symbol.value)
        if value is None or not _makes_array(ctx, value):
            return None
    elif symbol.value_decl is None:
        return None  # range variables, tuple results
    for change in slicing.assignments_to(ctx, symbol):
        if not refills.appends_to(ctx, change, symbol):
            return None
    return symbol


def _makes_array(ctx: FileView, value: Node) -> bool:
    if value.type == K.COMPOSITE_LITERAL:
        return True
    if value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        return (
            function is not None
            and function.type == K.IDENTIFIER
            and grammar.text(function) == "make"
            and slicing.is_universe(ctx, "make", function)
        )
    return False
