"""Does a retention matter?  When a kept view really keeps more memory alive than it should.

A substring or subslice stored in a long-lived place pins its whole base
(the string or backing array it was cut from).  That is only worth a copy
when the stored part can keep alive substantially more than itself, for
longer than the base would live anyway.  Real code is full of views that do
not: zero-copy parsers, arenas, cursors, pieces that together are the whole
base.  `why_harmless` answers with the reason a retention does not matter
(None when it may), from these families of evidence:

- the base is already kept by the same object or destination: the owner
  itself (`p.tok = p.src[a:b]`), or another field of the same holder given
  the whole base before, through any assignment (`qa.orig = s; qa.Name =
  s[:n]`, also after `f(&s)`), or the object the base is reached from
  (`itr.block = b; itr.data = b.data[:k]`), or a whole view of it
  (`c.buf = m.Data[:cap(m.Data)]; c.lastBuf = m.Data[n:]`);
- the stored pieces cover the base: a split stored together (`t.Key =
  s[:n]; t.Value = s[n+1:]`), the pieces of a partition stored in a loop,
  consecutive cuts (`s[start:i]` with `start = i+1`), the new tail of an arena
  (`start := len(buf); buf = append(buf, ..); x = buf[start:]`);
- the base lives for the process anyway: package-level data never
  reassigned, memory converted from `unsafe.Pointer`, the command line
  (`os.Args`, flag values, a `flag.Value`'s `Set`);
- the owner resets the destination itself: a reset-like method of the
  holder's type (`Reset`, `reset`, `release`, `returnToPool`...) zeroes the
  field or the whole value, or clears the container the holder lives in, or
  the function empties the container again before it returns;
- capacity kept on purpose: `x.B = b[:len(x.B)]` (a grown buffer kept for
  reuse), views of a buffer its owner recycles (`p.buf = p.buf[:n]`
  elsewhere), a function that asks the base's capacity, a prefix of an array
  made here and never filled (`make([]T, capacity)[:length]`), and
  destinations whose capacity the package uses (resliced past their length,
  `cap(x)`), where the copy would change the program's meaning;
- the destination is a cursor over the base (`r.rest = r.rest[n:]` or
  `d.cur = d.data` elsewhere in the package): a remainder being consumed;
- the code says the view is deliberate ("zero-copy", "keeps a reference to
  the original", "must not be modified", "so we do not reference ...").

Each family is a public function so that the dropped-element rule can use
the ones that apply to it (`lives_for_process`, `recycled_buffer`, and
`resets.reset_fields`).  The pieces and the resets live in their own modules
(`pieces`, `resets`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable

from gofixleak.analysis import copies, flow, large_bases, pieces, resets, slicing, storage
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# The option of the retention rules that reports views whatever the size of their base.
ANY_SIZE = "any_size"
ANY_SIZE_HELP = (
    "also report views of a base nothing shows to be large (a parameter, a field, a flag value); "
    "off by default, since most such bases are small and the copy frees nothing"
)


def unproven_size(ctx: FileView, rule_id: str, view: Node, base: Node) -> bool:
    """Nothing shows that `base`, the operand of the slice expression `view`, is large (a whole
    file or body read, an array made with room for several KiB, or a piece of one; see
    `large_bases`), and the rule's `any_size` option is off: keeping the view cannot be shown to
    matter."""
    return not ctx.option(f"{rule_id}.{ANY_SIZE}") and large_bases.large_base(ctx, base, view) is None


def why_harmless(ctx: FileView, view: Node, base: Node, store: storage.Store) -> str | None:
    """Why keeping `view` (a slice expression of `base`) in `store` does not matter, or None."""
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("the view drops only a few bytes of a header", lambda: drops_a_header(ctx, view, base)),
        ("the same object already keeps all of the base", lambda: kept_with_destination(ctx, base, store)),
        ("the stored pieces cover the base", lambda: pieces.pieces_cover(ctx, view, base, store)),
        ("the base lives as long as the process", lambda: lives_for_process(ctx, base)),
        ("the capacity is kept on purpose", lambda: capacity_kept(ctx, view, base, store)),
    )
    for reason, check in checks:
        if check():
            return reason
    return destination_excuse(ctx, base, store)


def destination_excuse(ctx: FileView, value: Node, store: storage.Store) -> str | None:
    """Why keeping anything in `store` does not matter, whatever view of `value` it is (the
    checks that look at the destination only; function summaries use them for the stores of
    a callee, before knowing what its callers pass)."""
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("a flag.Value's Set method parses the command line", lambda: _in_flag_setter(ctx, store.statement)),
        ("the owner resets the destination itself", lambda: resets.owner_resets(ctx, store)),
        ("the package uses the destination's capacity", lambda: capacity_used(ctx, store) is not None),
        ("the destination is a cursor over the base", lambda: cursor_over_base(ctx, value, store)),
        ("the code documents the view as deliberate", lambda: documented_view(ctx, value, store)),
    )
    for reason, check in checks:
        if check():
            return reason
    return None


# --- the view is nearly all of the base ------------------------------------------------------

# Functions whose (last) integer result counts a few bytes: the size of a varint (at most 10) or
# of a UTF-8 sequence (at most 4).
_SMALL_COUNTS = frozenset(
    {
        "encoding/binary.Uvarint",
        "encoding/binary.Varint",
        "encoding/binary.PutUvarint",
        "encoding/binary.PutVarint",
        "unicode/utf8.DecodeRune",
        "unicode/utf8.DecodeRuneInString",
        "unicode/utf8.DecodeLastRune",
        "unicode/utf8.DecodeLastRuneInString",
        "unicode/utf8.EncodeRune",
        "unicode/utf8.RuneLen",
        "google.golang.org/protobuf/encoding/protowire.ConsumeVarint",
        "google.golang.org/protobuf/encoding/protowire.SizeVarint",
    }
)


def drops_a_header(ctx: FileView, view: Node, base: Node) -> bool:
    """`b[2+sz:]` with `sz` the size of a varint just decoded: the view is all of the base but a
    header of a few bytes, like a constant trim."""
    if view.child_by_field_name(F.MAX) is not None or view.child_by_field_name(F.HIGH) is not None:
        return False
    low = grammar.unparen(view.child_by_field_name(F.LOW))
    return low is not None and _few_bytes(ctx, low, 0)


def _few_bytes(ctx: FileView, node: Node | None, depth: int) -> bool:
    """A sum of constants and small counts (`2 + sz`, `n + 1`)."""
    node = grammar.unparen(node)
    if node is None or depth > 4:
        return False
    if ctx.program.constant_int(node, ctx.file) is not None:
        return True
    if node.type == K.BINARY_EXPRESSION and grammar.operator(node) == "+":
        return _few_bytes(ctx, node.child_by_field_name(F.LEFT), depth + 1) and _few_bytes(
            ctx, node.child_by_field_name(F.RIGHT), depth + 1
        )
    if node.type == K.CALL_EXPRESSION:
        return _small_count_call(ctx, node)
    if node.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(node)
    if symbol is None or symbol.where != sc.LOCAL or symbol.kind != sc.VAR:
        return False
    values = []
    if symbol.tuple_value is not None:
        values.append((symbol.tuple_value, symbol.index))
    elif symbol.value is not None:
        values.append((symbol.value, -1))
    for write in slicing.assignments_to(ctx, symbol):
        statement = write.parent.parent if write.parent is not None else None
        if statement is None or statement.type != K.ASSIGNMENT or grammar.operator(statement) != "=":
            return False
        lefts = grammar.items(statement.child_by_field_name(F.LEFT))
        rights = grammar.items(statement.child_by_field_name(F.RIGHT))
        index = next((i for i, left in enumerate(lefts) if left.id == write.id), -1)
        if len(rights) == 1 and len(lefts) > 1:
            values.append((rights[0], index))
        elif len(rights) == len(lefts) and index >= 0:
            values.append((rights[index], -1))
        else:
            return False
    if not values:
        return False
    for value, index in values:
        if index >= 0:
            call = grammar.unparen(value)
            results = _result_count(call)
            if call is None or call.type != K.CALL_EXPRESSION or index != results - 1:
                return False
            if not _small_count_call(ctx, call):
                return False
        elif not _few_bytes(ctx, value, depth + 1):
            return False
    return True


def _result_count(call: Node | None) -> int:
    """How many values the assignment around `call` takes from it."""
    statement = call.parent.parent if call is not None and call.parent is not None else None
    if statement is None or statement.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION):
        return 1
    return len(grammar.items(statement.child_by_field_name(F.LEFT)))


def _small_count_call(ctx: FileView, call: Node) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    operand = function.child_by_field_name(F.OPERAND)
    package = ctx.program.package_of_selector(operand, ctx.file) if operand is not None else None
    return package is not None and f"{package}.{grammar.text(function.child_by_field_name(F.FIELD))}" in _SMALL_COUNTS


# --- the base is already kept by the same object ------------------------------------------


def kept_with_destination(ctx: FileView, base: Node, store: storage.Store) -> bool:
    """The destination's owner already keeps the whole base (see the module docstring)."""
    owner = appended_to(ctx, base) or base
    if any(_owned_by(ctx, owner, target) for target in (store.target, direct_target(store.value))):
        return True
    return (
        storage.whole_kept_with(ctx, base, store)
        or _whole_stored_before(ctx, base, store)
        or _owned_part(ctx, base, store.target)
    )


def _owned_part(ctx: FileView, base: Node, target: Node | None) -> bool:
    """`it.db.B = it.input[a:b]` where `it.db` only ever holds an object made for `it` (`db:
    &Decbuf{}`): the destination is part of the object that keeps the base."""
    target = grammar.unparen(target)
    root = storage.root_symbol(ctx, base)
    if target is None or root is None or storage.root_symbol(ctx, target) != root:
        return False
    node = grammar.unparen(target.child_by_field_name(F.OPERAND))
    pointers = 0
    while node is not None and node.type == K.SELECTOR_EXPRESSION:
        if ctx.program.is_pointer(ctx.type_of(node)):
            place = slicing.place_of(ctx, node)
            if place is None or not _holds_only_fresh(ctx, place):
                return False
            pointers += 1
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    return pointers > 0


def _holds_only_fresh(ctx: FileView, place: slicing.Place) -> bool:
    """Every value the package gives the field is an object made right there (`&T{}`, `new(T)`)."""
    assigned = 0
    for _, occurrence in slicing.occurrences(ctx, place):
        parent = occurrence.parent
        if parent is not None and parent.type == K.KEYED_ELEMENT:
            value = parent.child_by_field_name(F.ELEMENT)  # T{db: &Decbuf{}}
            if value is not None and value.id == occurrence.id:
                continue
        else:
            value = slicing.assigned_value(occurrence)
            if value is None:
                if sc.is_written(occurrence):
                    return False
                continue
        assigned += 1
        if not _fresh_object(value):
            return False
    return assigned > 0


def _fresh_object(value: Node | None) -> bool:
    value = grammar.unparen(value)
    if value is not None and value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        value = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return value is not None and value.type == K.COMPOSITE_LITERAL
    if value is not None and value.type == K.CALL_EXPRESSION:
        function = grammar.unparen(value.child_by_field_name(F.FUNCTION))
        return function is not None and grammar.text(function) == "new"
    return False


def _owned_by(ctx: FileView, source: Node, target: Node | None) -> bool:
    return target is not None and (storage.same_owner(ctx, source, target) or slicing.same_expr(ctx, source, target))


def appended_to(ctx: FileView, operand: Node) -> Node | None:
    """`append(r.buf, 0)[:n]`: the array is r.buf's (or a new one), so r.buf is the owner."""
    call = grammar.unparen(operand)
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is None or ctx.text(function) != "append" or not args:
        return None
    return args[0] if slicing.is_universe(ctx, "append", function) else None


def direct_target(value: Node) -> Node | None:
    """The left-hand side the value is assigned to in its own statement (`res.Header[k] = v[:1]`),
    which differs from the store's target when the object is stored away later."""
    use = slicing.outer_use(value)
    parent = use.parent
    statement = parent.parent if parent is not None else None
    if parent is None or parent.type != K.EXPRESSION_LIST or statement is None or statement.type != K.ASSIGNMENT:
        return None
    values = grammar.items(parent)
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
    return targets[index] if 0 <= index < len(targets) == len(values) else None


def whole_view_of(ctx: FileView, value: Node | None) -> Node | None:
    """The operand of `x[:]`, `x[0:]`, `x[:len(x)]`, `x[:cap(x)]` (a view of all of x's array);
    `value` itself when it is not a slice expression."""
    node = grammar.unparen(value)
    if node is None or node.type != K.SLICE_EXPRESSION:
        return node
    operand = node.child_by_field_name(F.OPERAND)
    if operand is None:
        return None
    low = slicing.offset(ctx, node.child_by_field_name(F.LOW))
    high = slicing.offset(ctx, node.child_by_field_name(F.HIGH))
    ends = (slicing.len_key(ctx, operand), slicing.cap_key(ctx, operand))
    if (low is None or low.is_const(0)) and (high is None or (high.term in ends and high.const == 0)):
        return operand
    return None


def _whole_stored_before(ctx: FileView, base: Node, store: storage.Store) -> bool:
    """`holder.g = W` before the store on every path to it, with W the base, an object the base is
    reached from, or a whole view of either, and nothing changing the base in between (a fill
    through `&s` before is fine: `f(&s); qa.orig = s; qa.Name = s[:n]`)."""
    target = grammar.unparen(store.target)
    if target is None or target.type != K.SELECTOR_EXPRESSION or store.statement.type != K.ASSIGNMENT:
        return False
    holder = target.child_by_field_name(F.OPERAND)
    root = storage.root_symbol(ctx, base)
    func = grammar.enclosing_function(store.statement)
    body = grammar.function_body(func) if func is not None else None
    if holder is None or root is None or not root.is_local or body is None or func is None:
        return False
    field = grammar.text(target.child_by_field_name(F.FIELD))
    prefixes = storage.access_path(base)  # the array is kept by any of these
    for statement in _assignments_before(body, func, store.statement):
        lefts = grammar.items(statement.child_by_field_name(F.LEFT))
        rights = grammar.items(statement.child_by_field_name(F.RIGHT))
        for written, right in zip(lefts, rights, strict=True) if len(lefts) == len(rights) else ():
            left = grammar.unparen(written)
            if left is None or left.type != K.SELECTOR_EXPRESSION:
                continue
            if grammar.text(left.child_by_field_name(F.FIELD)) == field:
                continue
            if not slicing.same_expr(ctx, left.child_by_field_name(F.OPERAND), holder):
                continue
            kept = whole_view_of(ctx, right)
            if kept is None or not any(slicing.same_expr(ctx, kept, p) for p in prefixes):
                continue
            if not _changed_between(ctx, [root, storage.root_symbol(ctx, holder)], statement, store.statement):
                return True
    return False


def _assignments_before(body: Node, func: Node, statement: Node) -> list[Node]:
    """`=` assignments of the function that end before `statement` in a block around it (so they
    ran on every path to it)."""
    out = []
    for candidate in grammar.find_all(body, (K.ASSIGNMENT,)):
        if candidate.end_byte > statement.start_byte or grammar.operator(candidate) != "=":
            continue
        block = candidate.parent
        if block is None or block.type != K.BLOCK or not grammar.is_within(statement, block):
            continue
        around = grammar.enclosing_function(candidate)
        if around is not None and around.id == func.id:
            out.append(candidate)
    return out


def _changed_between(ctx: FileView, symbols: list[sc.Symbol | None], first: Node, second: Node) -> bool:
    """Whether any of the variables may change after `first` and before `second`."""
    for symbol in symbols:
        if symbol is None:
            continue
        body = grammar.function_body(symbol.func) if symbol.func is not None else None
        if body is None:
            continue  # a package-level variable: only a call between could change it, and calls do not count
        for use in ctx.uses(symbol, body):
            if first.end_byte <= use.start_byte < second.start_byte and sc.is_written(use):
                return True
    return False


# --- the base lives as long as the process ---------------------------------------------------


def lives_for_process(ctx: FileView, base: Node) -> bool:
    """Memory that is never freed anyway: package-level arrays, package-level variables that are
    never reassigned (and elements ranged from them, or what they point to: flag values),
    pointers converted from `unsafe.Pointer` (runtime views of raw memory), and the command line
    (`os.Args`, `flag.Args()`)."""
    node = grammar.unparen(base)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))  # p[4:][:n]
    if node is None:
        return False
    if node.type == K.CALL_EXPRESSION:
        return _converted_pointer(ctx, node) or _command_line(ctx, node)
    if node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))  # *flagValue
        if node is None:
            return False
    if node.type in (K.INDEX_EXPRESSION, K.SELECTOR_EXPRESSION) and _command_line(ctx, node):
        return True
    if node.type != K.IDENTIFIER:
        return False
    return _static_variable(ctx, node, 0)


def _static_variable(ctx: FileView, ident: Node, depth: int) -> bool:
    symbol = ctx.resolve(ident)
    if symbol is None or symbol.kind != sc.VAR or depth > 3:
        return False
    if symbol.is_package_var:
        if isinstance(ctx.underlying(ctx.type_of(ident)), gt.Array):
            return True
        return not reassigned_anywhere(ctx, slicing.Place("var", symbol.name))
    if symbol.where != sc.LOCAL:
        return False
    if _only_converted_pointers(ctx, symbol):
        return True
    if slicing.assignments_to(ctx, symbol):
        return False
    source = symbol.range_clause.child_by_field_name(F.RIGHT) if symbol.range_clause is not None else symbol.value
    return source is not None and symbol.index in (0, 1) and lives_for_process(ctx, source)


def reassigned_anywhere(ctx: FileView, place: slicing.Place) -> bool:
    """Whether code of the package assigns the place (or takes its address) after its declaration."""
    for _, occurrence in slicing.occurrences(ctx, place):
        use = slicing.outer_use(occurrence)
        parent = use.parent
        if parent is not None and parent.type == K.EXPRESSION_LIST and parent.parent is not None:
            owner = parent.parent
            if owner.type == K.ASSIGNMENT and sc.is_child(parent, owner, F.LEFT):
                return True
        if parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
            return True
    return False


def _only_converted_pointers(ctx: FileView, symbol: sc.Symbol) -> bool:
    """A local that only ever holds pointers converted from unsafe.Pointer (or nil)."""
    values = [symbol.value] if symbol.value is not None else []
    for change in slicing.assignments_to(ctx, symbol):
        assigned = slicing.assigned_value(change)
        if assigned is None:
            return False
        values.append(assigned)
    converted = False
    for value in values:
        unwrapped = grammar.unparen(value)
        if unwrapped is not None and unwrapped.type == K.CALL_EXPRESSION and _converted_pointer(ctx, unwrapped):
            converted = True
        elif unwrapped is None or ctx.text(unwrapped) != "nil":
            return False
    return converted


def _converted_pointer(ctx: FileView, call: Node) -> bool:
    """`(*[1 << 20]byte)(p)`: a conversion to a pointer to an array."""
    function = call.child_by_field_name(F.FUNCTION)
    target = ctx.program.conversion_type(function, ctx.file) if function is not None else None
    return isinstance(ctx.underlying(target), gt.Pointer)


_COMMAND_LINE = frozenset({"os.Args", "flag.Args", "flag.Arg"})


def _command_line(ctx: FileView, node: Node) -> bool:
    """`os.Args[i]`, `flag.Arg(i)`, `flag.Args()[i]`: the program's arguments."""
    current: Node | None = node
    while current is not None:
        if current.type == K.SELECTOR_EXPRESSION:
            operand = current.child_by_field_name(F.OPERAND)
            package = ctx.program.package_of_selector(operand, ctx.file) if operand is not None else None
            if package is not None:
                return f"{package}.{grammar.text(current.child_by_field_name(F.FIELD))}" in _COMMAND_LINE
            return False
        if current.type in (K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
            current = grammar.unparen(current.child_by_field_name(F.OPERAND))
        elif current.type == K.CALL_EXPRESSION:
            current = grammar.unparen(current.child_by_field_name(F.FUNCTION))
        else:
            return False
    return False


def _in_flag_setter(ctx: FileView, statement: Node) -> bool:
    """Inside the `Set(string) error` method of a type that also has `String() string`: a
    `flag.Value`, which parses a command-line value, once."""
    method = next((a for a in grammar.ancestors(statement) if a.type == K.METHOD_DECLARATION), None)
    if method is None:
        return False
    name = method.child_by_field_name(F.NAME)
    params = grammar.named(method.child_by_field_name(F.PARAMETERS))
    result = method.child_by_field_name(F.RESULT)
    if name is None or grammar.text(name) != "Set" or len(params) != 1 or result is None:
        return False
    if grammar.text(result) != "error" or grammar.text(params[0].child_by_field_name(F.TYPE)) != "string":
        return False
    receivers = grammar.named(method.child_by_field_name(F.RECEIVER))
    type_node = receivers[0].child_by_field_name(F.TYPE) if len(receivers) == 1 else None
    facts = ctx.program.facts_of(ctx.file)
    if type_node is None or facts is None:
        return False
    stringer = facts.method(grammar.text(type_node).lstrip("*").split("[", 1)[0], "String")
    result = stringer.node.child_by_field_name(F.RESULT) if stringer is not None else None
    return result is not None and grammar.text(result) == "string"


# --- capacity kept on purpose -----------------------------------------------------------------


def capacity_kept(ctx: FileView, view: Node, base: Node, store: storage.Store) -> bool:
    """The spare capacity the view keeps is there on purpose (see the module docstring)."""
    return (
        _length_restored(ctx, view, store)
        or recycled_buffer(ctx, base)
        or _capacity_asked(ctx, base, store.statement)
        or _reserved_capacity(ctx, view, base, store.statement)
    )


def _is_prefix(ctx: FileView, view: Node) -> bool:
    low = slicing.offset(ctx, view.child_by_field_name(F.LOW))
    return low is None or low.is_const(0)


def _length_restored(ctx: FileView, view: Node, store: storage.Store) -> bool:
    """`x.B = b[:len(x.B)]`: the destination keeps its length and the capacity its value grew to."""
    high = slicing.offset(ctx, view.child_by_field_name(F.HIGH))
    target = grammar.unparen(store.target)
    return (
        target is not None
        and high is not None
        and high.const == 0
        and high.term == slicing.len_key(ctx, target)
        and _is_prefix(ctx, view)
    )


def recycled_buffer(ctx: FileView, base: Node) -> bool:
    """The base is a buffer its owner keeps and reuses: the package reslices that field or variable
    into itself (`p.buf[i] = p.buf[i][:n]`, `b.tmp = b.tmp[:0]`), so the array stays alive with
    the owner whatever the views handed out."""
    node = grammar.unparen(base)
    while node is not None and node.type == K.INDEX_EXPRESSION:  # p.buf[i]: the buffers of p.buf
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    place = slicing.place_of(ctx, node)
    if place is None or place.kind not in ("field", "var"):
        return False
    for file, occurrence in slicing.occurrences(ctx, place):
        assigned = occurrence
        while assigned.parent is not None and assigned.parent.type == K.INDEX_EXPRESSION:
            if not sc.is_child(assigned, assigned.parent, F.OPERAND):
                break
            assigned = assigned.parent
        value = grammar.unparen(slicing.assigned_value(assigned))
        if value is None or value.type != K.SLICE_EXPRESSION:
            continue
        operand = grammar.unparen(value.child_by_field_name(F.OPERAND))
        low = value.child_by_field_name(F.LOW)
        if operand is not None and file.text(operand) == file.text(assigned) and (low is None or file.text(low) == "0"):
            return True
    return False


def _capacity_asked(ctx: FileView, base: Node, statement: Node) -> bool:
    """The function asks the base's capacity (`cap(b) != wantCap`, `b[:cap(b)]`): it manages the
    array's capacity on purpose (pools, fixed-size chunks)."""
    func = grammar.enclosing_function(statement)
    body = grammar.function_body(func) if func is not None else None
    if body is None:
        return False
    for call in ctx.find(K.CALL_EXPRESSION, within=body):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if function is None or ctx.text(function) != "cap" or len(args) != 1:
            continue
        if slicing.same_expr(ctx, args[0], base) and slicing.is_universe(ctx, "cap", function):
            return True
    return False


def _reserved_capacity(ctx: FileView, view: Node, base: Node, statement: Node) -> bool:
    """`s := make([]T, capacity); dst = s[:length]`: a prefix of an array made here and never
    filled is a slice with capacity reserved on purpose (`make([]T, length, capacity)`)."""
    if not _is_prefix(ctx, view):
        return False
    node = grammar.unparen(base)
    symbol = ctx.resolve(node) if node is not None and node.type == K.IDENTIFIER else None
    if symbol is None or symbol.where != sc.LOCAL or symbol.value is None or slicing.assignments_to(ctx, symbol):
        return False
    value = grammar.unparen(symbol.value)
    function = grammar.unparen(value.child_by_field_name(F.FUNCTION)) if value is not None else None
    if value is None or value.type != K.CALL_EXPRESSION or function is None or ctx.text(function) != "make":
        return False
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return False
    for use in ctx.references(symbol, body):
        outer = slicing.outer_use(use)
        parent = outer.parent
        if parent is None or parent.type != K.SLICE_EXPRESSION or not sc.is_child(outer, parent, F.OPERAND):
            return False  # read into, written through or handed on: the array holds data
        if not _is_prefix(ctx, parent):
            return False
    return True


def capacity_used(ctx: FileView, store: storage.Store) -> str | None:
    """Where the package uses the destination's capacity (reslices it past its length or asks
    `cap`), so the capacity the view carries is meaning a copy would change; None if nowhere."""
    return copies.capacity_observed(ctx, store)


# --- the destination is a cursor over the base -------------------------------------------------


def cursor_over_base(ctx: FileView, base: Node, store: storage.Store) -> bool:
    """The destination is a cursor the package moves over its buffer: elsewhere it is advanced
    into itself (`r.rest = r.rest[n:]`) or pointed at the whole base (`d.cur = d.data`), so the
    view is the remainder being consumed, not a piece kept for long."""
    target = grammar.unparen(store.target)
    place = slicing.place_of(ctx, target) if target is not None else None
    if place is None or place.kind not in ("field", "var"):
        return False
    base_place = slicing.place_of(ctx, base)
    for file, occurrence, source in _cursor_moves(ctx, place):
        if file is ctx.file and grammar.is_within(occurrence, store.statement):
            continue
        if source is None or source == base_place:
            return True
    return False


# Program -> Place -> where it is advanced into itself (None) or given another place whole.
_CURSOR_MOVES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _cursor_moves(ctx: FileView, place: slicing.Place) -> list[tuple[ParsedFile, Node, slicing.Place | None]]:
    """`r.rest = r.rest[n:]` (None) and `d.cur = d.data` (the place `d.data`), found once per place."""
    cache = _CURSOR_MOVES.setdefault(ctx.program, {})
    if place in cache:
        moves: list[tuple[ParsedFile, Node, slicing.Place | None]] = cache[place]
        return moves
    moves = []
    for file, occurrence in slicing.occurrences(ctx, place):
        value = grammar.unparen(slicing.assigned_value(occurrence))
        if value is None:
            continue
        if value.type == K.SLICE_EXPRESSION:
            operand = grammar.unparen(value.child_by_field_name(F.OPERAND))
            low = value.child_by_field_name(F.LOW)
            if operand is not None and file.text(operand) == file.text(occurrence) and low is not None:
                if file.text(low) != "0" and value.child_by_field_name(F.HIGH) is None:
                    moves.append((file, occurrence, None))
        elif value.type == K.SELECTOR_EXPRESSION:
            source = slicing.place_of(copies.view_of(ctx, file), value)
            if source is not None:
                moves.append((file, occurrence, source))
    cache[place] = moves
    return moves


# --- the code documents the view as deliberate -----------------------------------------------

_DELIBERATE = re.compile(
    r"(?i)zero[- ]copy|without copying|keeps? a reference to|reference to the (original|underlying|input)"
    r"|(must|should)( not|n't) be modified|do not reference|valid (only )?until|aliases the"
)


def documented_view(ctx: FileView, base: Node, store: storage.Store) -> bool:
    """The function's doc comment, or the comment just above the store or above the base's
    declaration, says the view is kept on purpose ("zero-copy", "keeps a reference to the
    original data", "s shouldn't be modified while rs is in use", "copy so we do not reference
    a potentially large buffer")."""
    func = grammar.enclosing_function(store.statement)
    places: list[Node] = [store.statement]
    if func is not None:
        places.append(func)
    root = storage.root_symbol(ctx, base)
    if root is not None and root.where == sc.LOCAL and root.decl is not None:
        declaration = flow.enclosing_statement(root.decl)
        if declaration is not None:
            places.append(declaration)
    return any(_DELIBERATE.search(_comment_above(ctx, node)) for node in places)


def _comment_above(ctx: FileView, node: Node) -> str:
    """The comment lines directly above `node` (its doc comment for a declaration)."""
    lines: list[str] = []
    current = node.prev_sibling
    end = node.start_byte
    while current is not None and current.type == K.COMMENT:
        between = ctx.src[current.end_byte : end]
        if between.count(b"\n") > 1:
            break
        lines.append(ctx.text(current))
        end = current.start_byte
        current = current.prev_sibling
    return "\n".join(reversed(lines))
