"""A subslice stored where it outlives the call keeps the whole backing array alive.

## What it does
Flags a subslice, a slice expression `s[a:b]`, `s[a:]`, `s[len(s)-n:]` (also
of a field, `p.buf[i:j]`, or of an array) whose operand is a slice or array
rather than a string, when it is stored somewhere that outlives the
function: a package-level variable, a field of the receiver or of a struct
reached through a pointer, an element of a shared map or slice, a channel
send, or an `append` to such a place.  The subslice may be stored directly,
inside a composite literal, or through a local variable that holds it.
When the operand's type is unknown (a result of an API gofixleak has no
stubs for), a view of a variable stored where only a slice of a known type
fits (a `[]byte` field, map element or channel element, an element appended
to a `[][]byte`) is a subslice of that type; its fix is unsafe unless the
array is made in the function (`buf := make(pkg.Bytes, n)`), since the
checks below need the operand's type.

A subslice passed to a function of the module that keeps that parameter for
good (in a package-level variable, a field of its receiver or a channel) is
reported at the call, where the copy belongs.  Subslices kept in locals,
returned or passed to other functions are left alone, and so are subslices
that keep nothing more alive than something else already does, or that keep
the array on purpose (the retention model shared with GFL001, see its
documentation):

- whole views (`s[:]`, `s[:len(s)]`, `s[:cap(s)]`, `arr[:]`), trims of a
  constant number of elements, of a byte-sized count or of a varint-sized
  header (`b[2+n:]`), and subslices of small arrays (at most
  `small_array_bytes`);
- the array is already kept by the same object: the owner itself
  (`p.buf = p.buf[n:]`), an object it owns (`it.db.B = it.input[a:b]` with
  `db` only ever a `&Decbuf{}` made for it), or another field given the whole
  array or the object it is reached from before (`m.raw = data; m.hdr =
  data[:4]`, `itr.block = b; itr.data = b.data[:k]`, `c.buf =
  m.Data[:cap(m.Data)]; c.rest = m.Data[n:]`);
- the pieces cover the array: views stored in a loop over an array made
  outside it, a split kept in one object, the new tail of an arena
  (`start := len(buf); buf = append(buf, ...); x.f = buf[start:]`);
- the array is never freed anyway: package-level arrays and slices never
  reassigned, memory converted from `unsafe.Pointer`;
- the capacity is kept on purpose: empty views kept for their capacity
  (`s[:0]`), `x.B = b[:len(x.B)]` (a buffer grown by an append-style call
  and kept for reuse), views of a buffer its owner recycles (`p.buf[i] =
  p.buf[i][:n]` elsewhere), a function that asks the array's capacity (a
  pool), prefixes of a call's result (`make([]T, 2*n)[:n]`) or of an array
  made here and never filled (`s := make([]T, capacity); env[id] =
  s[:length]`, an interpreter reserving capacity), and destinations the
  package reslices past their length or asks `cap` of (there the capacity
  is meaning, and a copy would change what the program computes);
- the object resets the field itself (a reset-like method zeroes it), the
  destination is a cursor the package advances (`r.rest = r.rest[n:]`), or
  the code documents the view as deliberate ("zero-copy", "keeps a
  reference to the original data").

Known limits: a view returned by a helper (`v := readField(buf)`) is not
followed, and the pieces of a buffer cut up in a loop (a decoder filling
`row.Values[i] = src[a:b]`) are taken for a partition that keeps the whole
buffer anyway, even when a caller later keeps only one piece.

## Why is this bad?
A subslice shares the backing array of the slice it was cut from; Go does
not copy the elements.  As long as the subslice is reachable, so is the
whole array: keeping the last 30 elements of a million-element slice in a
package variable keeps all million alive (Go 101, "Memory Leaking
Scenarios": kind-of memory leaking caused by subslices).

## Example
```go
var s0 []int

func g(s1 []int) {
        // Assume the length of s1 is much larger than 30.
        s0 = s1[len(s1)-30:]
}
```

## Use instead
```go
var s0 []int

func g(s1 []int) {
        s0 = make([]int, 30)
        copy(s0, s1[len(s1)-30:])
}
```

## Fix safety
The fix stores a copy: `dst = make([]T, n); copy(dst, s[a:b])`, with `T` the
declared element type (a named slice type or a type parameter keeps its own
name) and `n` computed from the bounds (`30` for `s[len(s)-30:]`, `b-a`
for `s[a:b]`).  When the bounds or the operand have side effects, or the
destination might be read by the copy (`p.a = q.a[1:]`), the subslice is
evaluated once into a temporary first.  When the store is not a plain
assignment (an `append` element, a composite-literal field, a channel send,
a map key, the init statement of an `if`), the copy is made in a fresh
variable declared just before the statement and stored in place of the
subslice; there is no such fix where the subslice is evaluated later than
the statement starts, or again without it (an `else if` header, after a
label that a `goto` may come back to).

The copy is never nil and its capacity equals its length, and writes
through the old view are no longer shared.  The fix is **safe** only when
nothing can tell: the subslice is provably non-nil or the destination is
never compared with nil (and is neither a tagged struct field nor an
exported one, which an encoder would write as `null`); the destination is
never resliced past its length nor asked for its capacity; and the source
array is made in this function and reaches no other code (it is not
returned, stored elsewhere, sent, captured by a function literal or given
to a function that may keep it), and nothing writes through it after the
store or through the destination while it (or another stored view of it)
is still read, and no other name for it writes to it after the store (a
view taken before, `tail := buf[8:]`, a pointer into it, `q := &buf[5]`, or
another stored view that is written through).  These are
checked across every file of the package for package variables and struct
fields.  Otherwise the fix is **unsafe**, with the reason in its message;
that includes a subslice of a parameter (its caller may keep writing to
the array), fields of another package's types, destinations gofixleak
cannot follow (map elements, channel sends, elements appended to a slice),
and views whose type is only inferred from the destination, unless their
array is made in the function.  A subslice passed to a function that keeps
it is copied into a fresh variable before the call; that fix is unsafe.

## Options
- `small_array_bytes` (default 1024): subslices of arrays of known size at
  most this many bytes are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixleak.analysis import flow, matters, slicing, storage, summaries
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.syntax import grammar
from gofixleak.syntax.gofmt import ARGUMENTS_DEPTH, format_expr
from gofixleak.syntax.grammar import F, K, Node

SMALL_ARRAY_BYTES = 1024

# Sizes of predeclared types on 64-bit platforms, to tell a small array from a large one.
_BASIC_SIZES = {
    "bool": 1,
    "int8": 1,
    "uint8": 1,
    "int16": 2,
    "uint16": 2,
    "int32": 4,
    "uint32": 4,
    "float32": 4,
    "int": 8,
    "uint": 8,
    "int64": 8,
    "uint64": 8,
    "uintptr": 8,
    "float64": 8,
    "complex64": 8,
    "complex128": 16,
    "string": 16,
}


def check(ctx: Context) -> Iterator[Finding]:
    names = _Names(ctx)
    for node in ctx.find(K.SLICE_EXPRESSION):
        if slicing.nested_view(node):
            continue  # s[a:][:b]: the outer expression is the subslice that is kept
        operand = node.child_by_field_name(F.OPERAND)
        if operand is None:
            continue
        subslice_type = _subslice_type(ctx, node, operand)
        unknown = subslice_type is None and _unknown_operand(ctx, operand)
        if subslice_type is None and not unknown:
            continue
        if _keeps_nothing_more(ctx, node, operand):
            continue
        candidates = storage.stores(ctx, node) + summaries.stores_through_calls(ctx, node)
        stores = [store for store in candidates if matters.why_harmless(ctx, node, operand, store) is None]
        if unknown:
            # the operand's type is unknown (an API gofixleak has no stubs for): a view stored
            # where only a slice of a known type fits is a subslice of that type
            subslice_type = slicing.common_expected_type(ctx, [s.value for s in stores], lambda t: _known_slice(ctx, t))
            if subslice_type is None:
                continue
        for store in stores:
            yield _finding(ctx, node, operand, store, subslice_type, names, inferred=unknown)


def _unknown_operand(ctx: Context, operand: Node) -> bool:
    """A variable's value (or a field or element reached from one) whose type gofixleak does not
    know: a result of an API it has no stubs for."""
    return ctx.underlying(ctx.type_of(operand)) is None and storage.root_symbol(ctx, operand) is not None


def _known_slice(ctx: Context, t: gotypes.Type) -> bool:
    """A slice type whose element type is known (not a type parameter, whose core type may vary)."""
    if isinstance(t, gotypes.TypeParam):
        return False
    under = ctx.underlying(t)
    return isinstance(under, gotypes.Slice) and under.elem is not None


def _keeps_nothing_more(ctx: Context, node: Node, operand: Node) -> bool:
    """Subslices that keep no more memory alive than something else already does, or on purpose."""
    return (
        _whole(ctx, node, operand)
        or slicing.constant_trim(ctx, node, operand)
        or _empty_for_reuse(ctx, node)
        or _small_array(ctx, operand)
        or _prefix_of_call(ctx, node, operand)
        or matters.lives_for_process(ctx, operand)
    )


def _empty_for_reuse(ctx: Context, node: Node) -> bool:
    """`s[:0]`, `s[0:0:n]`: an empty view kept for the capacity of its array, on purpose."""
    high = slicing.offset(ctx, node.child_by_field_name(F.HIGH))
    return high is not None and high.is_const(0)


def _prefix_of_call(ctx: Context, node: Node, operand: Node) -> bool:
    """`make(..)[:n]`, `f()[:n]`: a prefix of a call's result reserves capacity (or views a shared table)."""
    low = slicing.offset(ctx, node.child_by_field_name(F.LOW))
    unwrapped = grammar.unparen(operand)
    return (low is None or low.is_const(0)) and unwrapped is not None and unwrapped.type == K.CALL_EXPRESSION


def _subslice_type(ctx: Context, node: Node, operand: Node | None) -> gotypes.Type | None:
    """The type of the subslice when it is a slice of a known element type (not a string)."""
    operand_type = ctx.underlying(ctx.type_of(operand))
    if operand_type is None or gotypes.is_string_basic(operand_type):
        return None
    t = ctx.type_of(node)
    under = ctx.underlying(t)
    if not isinstance(under, gotypes.Slice) or under.elem is None:
        return None
    return t


def _whole(ctx: Context, node: Node, operand: Node) -> bool:
    """`s[:]`, `s[0:]`, `s[:len(s)]`, `s[:len(s):len(s)]`, `s[:cap(s)]`, `arr[:]`: every element
    the view shows is one of the array's, so nothing else is kept."""
    low = slicing.offset(ctx, node.child_by_field_name(F.LOW))
    high = slicing.offset(ctx, node.child_by_field_name(F.HIGH))
    low_is_zero = low is None or low.is_const(0)
    ends = (slicing.len_key(ctx, operand), slicing.cap_key(ctx, operand))
    high_is_end = high is None or (high.term in ends and high.const == 0)
    return low_is_zero and high_is_end


def _small_array(ctx: Context, operand: Node) -> bool:
    array = ctx.underlying(ctx.program.deref(ctx.type_of(operand)))
    if not isinstance(array, gotypes.Array):
        return False
    size = _size_of(ctx, array, 0)
    return size is not None and size <= _small_array_limit(ctx)


def _small_array_limit(ctx: Context) -> int:
    value = ctx.option("GFL002.small_array_bytes", SMALL_ARRAY_BYTES)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return SMALL_ARRAY_BYTES


def _size_of(ctx: Context, t: gotypes.Type | None, depth: int) -> int | None:
    """Bytes a value of `t` takes on a 64-bit platform (padding ignored), None when unknown."""
    under = ctx.underlying(t)
    if under is None or depth > 8:
        return None
    if isinstance(under, gotypes.Basic):
        return _BASIC_SIZES.get(under.name)
    if isinstance(under, (gotypes.Pointer, gotypes.Map, gotypes.Chan, gotypes.Signature)):
        return 8
    if isinstance(under, gotypes.Interface):
        return 16
    if isinstance(under, gotypes.Slice):
        return 24
    if isinstance(under, gotypes.Array):
        elem = _size_of(ctx, under.elem, depth + 1)
        return None if elem is None or under.length is None else elem * under.length
    if isinstance(under, gotypes.Struct):
        sizes = [_size_of(ctx, f.type, depth + 1) for f in under.fields]
        return None if any(s is None for s in sizes) else sum(sizes)  # type: ignore[arg-type]
    return None


# --- findings -------------------------------------------------------------------------------


class _Names:
    """The names the fixes of one run declare, per function: each fix is computed against the same
    unfixed source, so two copies hoisted into one function must not both be called `key`."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.taken: dict[int, set[str]] = {}

    def fresh(self, base: str, at: Node) -> str:
        func = grammar.enclosing_function(at)
        taken = self.taken.setdefault(func.id if func is not None else -1, set())
        name, n = self.ctx.fresh_name(base, at, func), 1
        while name in taken:
            n += 1
            name = self.ctx.fresh_name(f"{base}{n}", at, func)
        taken.add(name)
        return name


def _finding(
    ctx: Context,
    subslice: Node,
    operand: Node,
    store: storage.Store,
    t: gotypes.Type,
    names: _Names,
    inferred: bool = False,
) -> Finding:
    base = ctx.text(operand)
    if store.via_local:
        message = (
            f"{store.destination} keeps {store.via_local}, a subslice of {base}, "
            f"which pins the whole backing array of {base}; store a copy"
        )
    else:
        message = (
            f"{store.destination} keeps the subslice {ctx.text(subslice)}, "
            f"which pins the whole backing array of {base}; store a copy"
        )
    fix = _fix(ctx, subslice, operand, store, t, names, inferred)
    return ctx.finding(store.value, message, *([fix] if fix is not None else []))


def _fix(
    ctx: Context,
    subslice: Node,
    operand: Node,
    store: storage.Store,
    t: gotypes.Type,
    names: _Names,
    inferred: bool = False,
) -> Fix | None:
    value = store.value
    statement = flow.enclosing_statement(value)
    if statement is None or not _in_block(statement) or not _starts_line(ctx, statement):
        return None
    if not all(slicing.is_universe(ctx, name, value) for name in ("make", "copy", "len")):
        return None
    make_type = _make_type(ctx, t, value)
    if make_type is None:
        return None
    edit = _assignment_edit(ctx, value, statement, make_type, names) or _hoisted_edit(
        ctx, value, statement, make_type, names
    )
    if edit is None:
        return None
    edits, order_changes = edit
    reason = _unsafe_reason(ctx, subslice, operand, store, statement)
    if reason is None and inferred and not _made_here_root(ctx, operand):
        # the checks below the type (an array's size, a local array, pointers into it) are unknown
        reason = f"the type of {ctx.text(operand)} is unknown to gofixleak (it is inferred from {store.destination})"
    if reason is None and order_changes:
        reason = "the copy is made before the rest of the statement is evaluated"
    message = "store a copy made with make and copy"
    if reason is not None:
        return ctx.fix(f"{message} (unsafe: {reason})", *edits, safety=Safety.UNSAFE)
    return ctx.fix(message, *edits, safety=Safety.SAFE)


def _make_type(ctx: Context, t: gotypes.Type, at: Node) -> str | None:
    """`[]T` with T the declared element type; a named slice type or type parameter keeps its name."""
    if isinstance(t, (gotypes.Named, gotypes.TypeParam)):
        return ctx.spell(t, at)
    under = ctx.underlying(t)
    if not isinstance(under, gotypes.Slice):
        return None
    elem = ctx.spell(under.elem, at)
    return f"[]{elem}" if elem is not None else None


def _length(ctx: Context, value: Node) -> str | None:
    """The length of the subslice as an expression of its parts, or None when a temporary is needed."""
    value = grammar.unparen(value) or value
    if value.type == K.IDENTIFIER:
        return f"len({ctx.text(value)})"
    if value.type != K.SLICE_EXPRESSION:
        return None
    operand = value.child_by_field_name(F.OPERAND)
    low, high = value.child_by_field_name(F.LOW), value.child_by_field_name(F.HIGH)
    if not all(n is None or slicing.is_pure(ctx, n) for n in (operand, low, high, value.child_by_field_name(F.MAX))):
        return None
    length_text = f"len({ctx.text(operand)})"
    low_offset = slicing.offset(ctx, low) or slicing.Offset(None, 0)
    if high is not None:
        high_offset = slicing.offset(ctx, high)
    else:
        high_offset = slicing.Offset(slicing.len_key(ctx, operand), 0, length_text)
    if high_offset is None:
        return None
    if low_offset.term == high_offset.term:
        count = high_offset.const - low_offset.const
        return str(count) if count >= 0 else None
    tail = _tail_count(ctx, operand, low, high_offset)
    if tail is not None:
        return tail  # s[len(s)-n:] has n elements
    if low_offset.term is None:
        # s[8:n-4] has n-12 elements
        return slicing.Offset(high_offset.term, high_offset.const - low_offset.const, high_offset.term_text).text()
    high_text = ctx.text(high) if high is not None else length_text
    low_text = ctx.text(low)
    unwrapped = grammar.unparen(low)
    if unwrapped is not None and unwrapped.type == K.BINARY_EXPRESSION:
        low_text = f"({low_text})"
    return f"{high_text} - {low_text}"


def _tail_count(ctx: Context, operand: Node, low: Node | None, high: slicing.Offset) -> str | None:
    """`n` for `s[len(s)-n:]` (or `s[len(s)-n : len(s)]`)."""
    length = slicing.len_key(ctx, operand)
    low = grammar.unparen(low)
    if high.term != length or high.const != 0 or low is None or low.type != K.BINARY_EXPRESSION:
        return None
    left = slicing.offset(ctx, low.child_by_field_name(F.LEFT))
    right = low.child_by_field_name(F.RIGHT)
    if grammar.operator(low) != "-" or left is None or left.term != length or left.const != 0 or right is None:
        return None
    text = ctx.text(right)
    unwrapped = grammar.unparen(right)
    return f"({text})" if unwrapped is not None and unwrapped.type == K.BINARY_EXPRESSION else text


def _assignment_edit(ctx: Context, value: Node, statement: Node, make_type: str, names: _Names):
    """`dst = s[a:b]` becomes `dst = make(T, n)` + `copy(dst, s[a:b])` (through a temporary if needed)."""
    if statement.type != K.ASSIGNMENT or grammar.operator(statement) != "=":
        return None
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    unwrapped = grammar.unparen(values[0]) if values else None
    if len(targets) != 1 or len(values) != 1 or unwrapped is None or unwrapped.id != value.id:
        return None
    target = targets[0]
    if not slicing.is_pure(ctx, target) or not isinstance(ctx.underlying(ctx.type_of(target)), gotypes.Slice):
        return None
    indent = ctx.indent_of(statement)
    dst = format_expr(ctx.text(target), 1)
    length = None if _may_alias(ctx, target, value) else _length(ctx, value)
    copy_into = format_expr(ctx.text(target), ARGUMENTS_DEPTH)
    lines = _make_and_copy(ctx, value, length, make_type, f"{dst} =", copy_into, names, statement)
    text = "\n".join(indent + line for line in lines).removeprefix(indent)
    return [ctx.replace(statement, text)], False


def _make_and_copy(
    ctx: Context,
    value: Node,
    length: str | None,
    make_type: str,
    declare: str,
    copy_into: str,
    names: _Names,
    statement: Node,
) -> list[str]:
    """The remedy's lines: `declare make(T, n)` and `copy(copy_into, value)`; when the length
    cannot be spelled from `value` alone, `value` is evaluated once into a fresh `part` first."""
    if length is not None:
        return [
            f"{declare} make({make_type}, {format_expr(length, ARGUMENTS_DEPTH)})",
            f"copy({copy_into}, {format_expr(ctx.text(value), ARGUMENTS_DEPTH)})",
        ]
    part = names.fresh("part", statement)
    return [
        f"{part} := {format_expr(ctx.text(value), 1)}",
        f"{declare} make({make_type}, len({part}))",
        f"copy({copy_into}, {part})",
    ]


def _may_alias(ctx: Context, target: Node, value: Node) -> bool:
    """Whether assigning `target` first could change what `value` reads (`p.a = q.a[1:]` with p == q)."""
    target = grammar.unparen(target) or target
    if target.type == K.IDENTIFIER:
        return False  # a variable changes only when named, and same_owner already skips `v = v[1:]`
    names = {grammar.text(n.child_by_field_name(F.FIELD)) for n in grammar.find_all(value, (K.SELECTOR_EXPRESSION,))}
    if target.type == K.SELECTOR_EXPRESSION:
        return grammar.text(target.child_by_field_name(F.FIELD)) in names
    return bool(names) or bool(grammar.find_all(value, (K.INDEX_EXPRESSION, K.UNARY_EXPRESSION)))


def _hoisted_edit(ctx: Context, value: Node, statement: Node, make_type: str, names: _Names):
    """`ch <- s[1:]` becomes `c := make(T, n)`, `copy(c, s[1:])`, `ch <- c`."""
    evaluated_with_value = _evaluated_on_entry(statement, value)
    if evaluated_with_value is None:
        return None
    indent = ctx.indent_of(statement)
    name = names.fresh(_copy_name(ctx, value), statement)
    lines = _make_and_copy(ctx, value, _length(ctx, value), make_type, f"{name} :=", name, names, statement)
    insert = "".join(indent + line + "\n" for line in lines)
    edits = [ctx.insert(ctx.line_start(statement.start_byte), insert), ctx.replace(value, name)]
    return edits, any(_evaluated_with_effects(ctx, region, value) for region in evaluated_with_value)


def _evaluated_on_entry(statement: Node, value: Node) -> list[Node] | None:
    """The parts of `statement` evaluated on entering it when `value` is one of them, so that a copy
    of `value` can be made just before the statement; None when `value` may run later, more than
    once or not at all (an `else if` header, a loop's condition or post statement, after a label
    that a `goto` or `continue` may come back to).  Every send of a `select` is evaluated on entry."""
    kind = statement.type
    if kind == K.LABELED_STATEMENT:
        return None
    if kind == K.SELECT_STATEMENT:
        sends = [c.child_by_field_name(F.COMMUNICATION) for c in grammar.named(statement)]
        parts = [s for s in sends if s is not None]
        inside = any(s.type == K.SEND_STATEMENT and grammar.is_within(value, s) for s in parts)
        return parts if inside else None
    if kind == K.FOR_STATEMENT:
        header = next((c for c in grammar.named(statement) if c.type == K.FOR_CLAUSE), None)
        init = header.child_by_field_name(F.INIT) if header is not None else None
        return [init] if init is not None and grammar.is_within(value, init) else None
    if kind == K.IF_STATEMENT or kind in grammar.SWITCH_KINDS:
        init = statement.child_by_field_name(F.INIT)
        return [init] if init is not None and grammar.is_within(value, init) else None
    return [statement]


def _copy_name(ctx: Context, value: Node) -> str:
    """A name for the copy: the field it is stored in (`Key: s[:8]` gives `key`, `if r.hdr = b[:n]; ...`
    gives `hdr`), else `copied`."""
    use = slicing.outer_use(value)
    parent = use.parent
    target = grammar.unparen(matters.direct_target(value))
    field = None
    if parent is not None and parent.type == K.KEYED_ELEMENT:
        field = parent.child_by_field_name(F.KEY)
    elif target is not None and target.type == K.SELECTOR_EXPRESSION:
        field = target.child_by_field_name(F.FIELD)
    if field is None or field.type not in (K.IDENTIFIER, K.FIELD_IDENTIFIER):
        return "copied"
    name = ctx.text(field)
    lowered = name[:1].lower() + name[1:]
    return "copied" if _is_keyword(lowered) or slicing.is_universe(ctx, lowered, value) else lowered


_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)


def _is_keyword(name: str) -> bool:
    return name in _KEYWORDS


def _evaluated_with_effects(ctx: Context, statement: Node, value: Node) -> bool:
    """Whether the statement does something observable besides the value (a call, a receive)."""
    for node in grammar.find_all(statement, (K.CALL_EXPRESSION, K.UNARY_EXPRESSION)):
        if grammar.is_within(node, value):
            continue
        if node.type == K.UNARY_EXPRESSION:
            if grammar.operator(node) == "<-":
                return True
            continue
        function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
        if function is None:
            return True
        if ctx.program.conversion_type(function, ctx.file) is not None:
            continue
        if function.type == K.IDENTIFIER and ctx.text(function) in ("append", "len", "cap", "make", "new"):
            if slicing.is_universe(ctx, ctx.text(function), function):
                continue
        return True
    return False


def _in_block(statement: Node) -> bool:
    parent = statement.parent
    return parent is not None and (parent.type == K.BLOCK or parent.type in grammar.CASE_CLAUSE_KINDS)


def _starts_line(ctx: Context, statement: Node) -> bool:
    start = ctx.line_start(statement.start_byte)
    return not ctx.src[start : statement.start_byte].strip()


# --- safety ---------------------------------------------------------------------------------


def _unsafe_reason(ctx: Context, subslice: Node, operand: Node, store: storage.Store, statement: Node) -> str | None:
    """Why the copy could behave differently from the subslice, or None when nothing can tell."""
    destination = _destination_place(ctx, store)
    shown = store.destination
    if destination is None:
        return f"gofixleak cannot follow the value into {shown} to check nil tests, capacity and shared writes"
    if slicing.foreign(ctx, destination):
        return f"{shown} belongs to a type of another package, whose nil tests and capacity gofixleak cannot check"
    if _may_be_nil(ctx, subslice, operand):
        problem = _nil_sensitive(ctx, destination)
        if problem is not None:
            return f"the copy is never nil, but {problem}"
    contexts = {id(ctx.file): ctx}
    for file, occurrence in slicing.occurrences(ctx, destination):
        if file is ctx.file and grammar.is_within(occurrence, statement):
            continue
        here = contexts.get(id(file))
        if here is None:  # another file: its own scopes tell whether `len` in a clip is the builtin
            here = contexts[id(file)] = Context(file.path, file.src, file.tree, ctx.version, file, lambda: ctx.program)
        if slicing.resliced_beyond_length(occurrence, here) or slicing.asks_capacity(occurrence):
            where = _where(ctx, file, occurrence)
            return f"the copy's capacity is its length, and {shown} is resliced or asked its capacity at {where}"
    return _sharing_problem(ctx, operand, store, statement, destination)


def _where(ctx: Context, file: ParsedFile, node: Node) -> str:
    line = file.src.count(b"\n", 0, node.start_byte) + 1
    return f"line {line}" if file is ctx.file else f"{file.path.rsplit('/', 1)[-1]}:{line}"


def _destination_place(ctx: Context, store: storage.Store) -> slicing.Place | None:
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


def _may_be_nil(ctx: Context, subslice: Node, operand: Node) -> bool:
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


def _made_here_root(ctx: Context, operand: Node) -> bool:
    root = storage.root_symbol(ctx, operand)
    return root is not None and _made_here(ctx, root) and _array_of_root(ctx, operand, root)


def _array_of_root(ctx: Context, operand: Node, root: scope.Symbol) -> bool:
    """The array `operand` slices is the one `root` holds: `buf`, `buf[2:]`, or an array value
    inside it (`recs[i].raw` of type [16]byte).  A slice reached through it (`bufs[0]`,
    `block.Bytes`) may hold any array, the caller's included, however `root` was made."""
    node = grammar.unparen(operand)
    while node is not None and node.type == K.SLICE_EXPRESSION:
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is not None and node.type == K.IDENTIFIER:
        return True
    return isinstance(ctx.underlying(ctx.type_of(operand)), gotypes.Array)


def _made_here(ctx: Context, symbol: scope.Symbol) -> bool:
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


def _nil_sensitive(ctx: Context, place: slicing.Place) -> str | None:
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


def _field_tag(ctx: Context, place: slicing.Place) -> bool:
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
    ctx: Context, operand: Node, store: storage.Store, statement: Node, destination: slicing.Place
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


def _handed_away(ctx: Context, symbol: scope.Symbol, statement: Node, depth: int = 0) -> str | None:
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
        if func is None or func.id != symbol.func.id:
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


def _written_sibling(ctx: Context, others: list[storage.Store], symbol: scope.Symbol) -> str | None:
    """Why another stored view of the same array may be written through, or None."""
    for other in others:
        place = _destination_place(ctx, other)
        if place is None or slicing.foreign(ctx, place):
            return f"{other.destination} also keeps a view of {symbol.name}, whose writes gofixleak cannot follow"
        for file, occurrence in slicing.occurrences(ctx, place):
            if slicing.written_through(ctx, file, occurrence):
                where = _where(ctx, file, occurrence)
                return f"{other.destination} also keeps a view of {symbol.name} and is written through at {where}"
    return None


def _derived_locals(ctx: Context, root: scope.Symbol, views: list[scope.Symbol]) -> list[scope.Symbol]:
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


def _address_root(ctx: Context, value: Node) -> scope.Symbol | None:
    """The variable `value` is a view of or points into (`buf` for `buf[8:]`, `&buf[5]`, `buf`)."""
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        return storage.root_symbol(ctx, value.child_by_field_name(F.OPERAND))
    return storage.root_symbol(ctx, value)


def _other_views_stored(ctx: Context, root: scope.Symbol, statement: Node) -> bool:
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


def _local_view(ctx: Context, view: Node) -> scope.Symbol | None:
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


def _uses_after(ctx: Context, symbol: scope.Symbol, statement: Node) -> list[Node]:
    """Uses of a local that can run after `statement` (later in the function, or anywhere in its loop)."""
    body = grammar.function_body(symbol.func) if symbol.func is not None else None
    if body is None:
        return []
    loop = flow.enclosing_loop(statement)
    out = []
    for use in ctx.uses(symbol, body):
        if symbol.decl is not None and use.id == symbol.decl.id:
            continue
        if grammar.is_within(use, statement):
            continue
        if use.start_byte >= statement.end_byte or (loop is not None and grammar.is_within(use, loop)):
            out.append(use)
    return out


def _is_local_array(ctx: Context, symbol: scope.Symbol) -> bool:
    """`var buf [4096]byte`: a local array is this function's own."""
    if symbol.where != scope.LOCAL or symbol.kind != scope.VAR:
        return False
    return isinstance(ctx.underlying(ctx.program.symbol_type(symbol)), gotypes.Array) and symbol.value is None


RULE = Rule(
    id="GFL002",
    name="subslice-retention",
    title="subslice stored in a long-lived place pins the whole backing array",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    min_go=None,
    needles=(b":",),
    options={"small_array_bytes": "subslices of arrays of known size up to this many bytes are not reported (1024)"},
    in_tests=False,
)
