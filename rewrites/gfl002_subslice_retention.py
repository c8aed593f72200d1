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

A subslice is reported only when its backing array is shown to be large, in
the function that cuts it: an array made there with room for at least 4 KiB
(`make([]byte, maxDatagramSize)`, `make([]T, n, 1<<16)`, a local `[64 <<
10]byte`: a read buffer sized for the largest message), or a whole file or
body read into memory (`os.ReadFile`, `io.ReadAll`), or a piece of one; a
parameter counts when a call in the package passes such an array.  A view
of another parameter or of a field is not reported: the array may be the
caller's input, decoded without copying on purpose (`asn1` filling a
caller's `RawValue` with views of the DER it was given), a per-file table
or cursor that lives for one call, or a buffer of a few dozen bytes (a key
or nonce).  A whole read handled as a small fixed-layout record (its length
checked against a constant under 4 KiB, the view cut at a constant offset or
at a size an API reports, such as `NonceSize()`) is not evidence either.
The `any_size` option drops this requirement.

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

Known limits: a large array that reaches the function through a field, or
as a parameter from another package, is not followed back to where it was
made (without
`any_size`, such views are not reported); a view returned by a helper (`v := readField(buf)`) is not
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
func readLoop(pc net.PacketConn, queue chan<- []byte) {
        for {
                buf := make([]byte, 65535)
                n, _, err := pc.ReadFrom(buf)
                if err != nil {
                        return
                }
                queue <- buf[:n]
        }
}
```

## Use instead
```go
func readLoop(pc net.PacketConn, queue chan<- []byte) {
        for {
                buf := make([]byte, 65535)
                n, _, err := pc.ReadFrom(buf)
                if err != nil {
                        return
                }
                copied := make([]byte, n)
                copy(copied, buf[:n])
                queue <- copied
        }
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
- `any_size` (default off): also report subslices of arrays nothing shows
  to be large.
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixleak.analysis import copies, flow, large_bases, matters, retention, slicing, storage
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes
from gofixleak.syntax import grammar
from gofixleak.syntax.gofmt import ARGUMENTS_DEPTH, format_expr
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL002"
SMALL_ARRAY_BYTES = 1024


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
        if matters.unproven_size(ctx, RULE_ID, node, operand):
            continue  # most arrays are small: only a view of one shown to be large is worth a copy
        stores = retention.stores_that_matter(ctx, node, operand)
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
    size = large_bases.size_of(ctx, array)
    return size is not None and size <= _small_array_limit(ctx)


def _small_array_limit(ctx: Context) -> int:
    value = ctx.option("GFL002.small_array_bytes", SMALL_ARRAY_BYTES)
    try:
        return int(str(value))
    except ValueError:
        return SMALL_ARRAY_BYTES


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
    reason = copies.why_distinguishable(ctx, subslice, operand, store, statement)
    if reason is None and inferred and not copies.made_here_root(ctx, operand):
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
    if operand is None:
        return None
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


RULE = Rule(
    id=RULE_ID,
    name="subslice-retention",
    title="subslice stored in a long-lived place pins the whole backing array",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    min_go=None,
    needles=(b":",),
    options={
        "small_array_bytes": "subslices of arrays of known size up to this many bytes are not reported (1024)",
        matters.ANY_SIZE: matters.ANY_SIZE_HELP,
    },
    in_tests=False,
)
