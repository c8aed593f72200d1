"""Elements dropped from a slice keep what they point to alive while the backing array lives.

## What it does
Flags statements that drop elements owning buffers from a slice whose owner
outlives the operation, without zeroing them first:

- a queue pop, `x := q[0]; q = q[1:]` (also `x, q = q[0], q[1:]`), and the
  pop of a heap or stack, `*h = old[:n-1]`;
- a truncation `s = s[:n]` and a reset for reuse `s = s[:0]`, also of a
  buffer handed to a pool: `sync.Pool.Put`, any `Put`/`Release`/`Recycle`/
  `Free` whose body keeps its argument, or a type or package named for a
  pool (`pool.Put(buf[:0])` too);
- an in-place filter or a reset through a local alias, `dst := s.f[:0];
  for ... { dst = append(dst, x) }; s.f = dst`;
- with `any_owner` only, a deletion `s = append(s[:i], s[i+1:]...)`, which
  leaves behind the new length a copy of the element now last (alive in the
  slice anyway, so not reported by default);
- a function returning a window `s[1:3:3]` of a local slice (the article's
  own example).

It reports only with positive evidence, because judges of findings on real
modules found that most drops without it free nothing (round 1: 1 true of 15):

1. **The owner lives long** (`analysis/owners`): the slice is a package-level
   variable; or a value of its owner's type is kept for good (a package-level
   variable, a `sync.Pool`'s `New` or a pool `Put`, a field of such a type);
   or the owner's type is reused across operations (another function grows
   the same field, or a heap's `Push` appends), importers can hold it (it is
   exported, or a field of an exported type) and the package does not show
   every value of it made in a local and dropped within one call.  A per-file
   resolver, a per-function builder, a per-query iterator or a per-step heap
   is not reported.  Exported types of a `main` package are no evidence
   (nobody imports it), and in the Go toolchain's commands (`cmd/...`) only a
   pool counts: a batch tool's state lives for one run.
2. **The dropped elements own memory** (`analysis/substance`): the element
   type reaches a slice or a map (a page, a buffer, a table), or a large array
   behind a pointer.  Strings (names, URLs, tags), pointer-free structs,
   structs whose only pointer is `time.Time`'s `*Location`, small linked
   records, interfaces, functions and type parameters are not reported.
3. **The elements are not alive anyway**: a heap's `Pop` returning the
   element to `heap.Pop`'s caller (`el := old[n-1]; *h = old[:n-1]; return
   el`), a free list's allocator handing out a popped element (it returns a
   new one when the list is empty), a pop kept in the owner (`i.cur, i.buf =
   i.buf[n-1], i.buf[:n-1]`), a swap-remove (`s[i] =
   s[len(s)-1]; s = s[:len(s)-1]`), a nesting stack restored to a depth saved
   on entry (`n := len(p.stack); ...; p.stack = p.stack[:n]`), a reset at the
   start of an operation that refills the field through the owner's methods,
   and elements released by a loop before (`for i := range ts {
   ReuseSeries(ts[i].s) }`, `s[i].Close()`, `mt.DecrRef()`: released, or
   held by others) are not reported.
4. **The array is not shared**: where the package shows another header over
   the same array (`s.info.urls = s.urls` in any file), or a reader around the
   statement, zeroing would blank data still in use; the rule says nothing.

The message names the owner evidence (`PageBuffer is reused across operations
and reachable through the exported type PageBuffer`).  The `any_owner` option
drops evidence 1 to 3 and reports shared arrays with
a suggestion, as before (an audit of a long-running service): `--option
GFL003.any_owner`.

Also left alone: local slices that die with the function; fields of objects
a caller hands in (a request, a batch, a decode target); elements already
zeroed (`clear`, `s[i] = nil`, a loop over every element that zeroes or
resets each, a helper of the module whose body does either, also through a
copy of the old header or later in the same loop); reslices that grow the
slice (`if len(s) < n { s = s[:n] }`, `s[:cap(s)]`, `s[:len(s)+n]`); resets
refilled by the same function (a scratch buffer); filters that append every
element back; and truncations whose dropped elements the function still
reads through a copy and puts back (an in-place filter written `tags :=
m.Tags; m.Tags = m.Tags[:0]; ... m.add(tags[i])`).

## Why is this bad?
Reslicing only moves the slice header's window; the dropped elements stay in
the backing array, and so does everything they point to.  A queue that pops
from the front or a stack that truncates from the back keeps every job it
ever handled reachable until the array is reallocated, and a pooled buffer
reset with `buf[:0]` keeps the previous user's objects alive for as long as
the pool holds it (Go 101, "Memory Leaking Scenarios": kind-of memory
leaking caused by not resetting pointers in lost slice elements).

## Example
```go
type page struct{ buf []byte }

// PageBuffer grows page by page, each twice the size of the last.
type PageBuffer struct{ pages []*page }

func (b *PageBuffer) Write(p []byte) { b.pages = append(b.pages, &page{buf: p}) }

func (b *PageBuffer) Truncate(keep int) {
        b.pages = b.pages[:keep]
}
```

## Use instead
```go
func (b *PageBuffer) Truncate(keep int) {
        clear(b.pages[keep:])
        b.pages = b.pages[:keep]
}
```

## Fix safety
The fix inserts, right before the statement, an assignment of the element
type's zero value (`nil`, `""`, `T{}`, `*new(T)` for a type parameter) to
each dropped element, or `clear(...)` of the run from Go 1.21 on (a loop
before).  A deletion becomes `slices.Delete(s, i, i+1)` from Go 1.22 on (it
zeroes the vacated element), and before that `copy`, a zeroing of the last
element and `s = s[:len(s)-1]`.  A filter gets `clear(s.f[len(dst):])`.  A
tuple pop is split into three statements.

Lengths: a truncation `s = s[:n]` drops elements only when `n <= len(s)`;
with a larger `n` it grows the slice, and `clear(s[n:])` would panic.  The
rule proves the bound from the code (a comparison in an enclosing `if` or
loop condition, an earlier `if n > len(s) { return }`, `len(s)-k`,
`min(n, len(s))`, `if len(s) == 2 { s = s[:1] }`, the index of a range over
the slice that leaves the loop right after), or else writes the guarded
`clear(s[min(n, len(s)):])` (the loop form below Go 1.21 is guarded by its
condition) and makes the fix unsafe; the fix message says which.  It never
clears past `len(s)`.

Zeroing is visible through every header over the backing array, so the fix
is **safe** only when nothing else can read the dropped elements: the slice
is not ranged over around the statement (unless a `return` or `break`
follows it at once), no element's address is taken, nothing reslices it past
its length (`s[:cap(s)]`, `s[:len(s)+1]`, a stale length taken before calls
that may push or pop, or any reslice elsewhere whose bound is not shown to
be at most the length), and the package shows no other holder of the array.
When the package does show another header over the same array (the slice
handed to code that may keep it, stored in another variable or field,
assigned a slice the caller keeps, whole copies of the struct holding it, a
pooled buffer given away first, a heap type made of another slice) the fix
would be a **suggestion**, so the finding is not reported at all (with
`any_owner`, it is reported with that suggestion, never applied).
When gofixleak cannot see every holder (an exported field, a field of
another package's type, a pointer from elsewhere, an exported heap type) or
bound a length, the fix is **unsafe**.  Dropped elements still read after
the statement through a copy of the old header get no zeroing fix at all (a
report advising to zero them after their last use).  Bounds with side
effects get no fix, since the fix evaluates them twice, and neither does a
deferred `pool.Put(buf[:0])`, whose buffer is still in use then.

A local slice captured by a closure that outlives the function lives as long
as the closure, so resetting it there is reported; its fix is unsafe unless
every value the local gets is its own.  A length method whose whole body is
`return len(h.items)` is read as `len(h.items)`.

Known limits: lifetimes are inferred only from the evidence above, so a
long-lived owner reached only through unexported types held by locals is not
reported, and neither are elements whose memory gofixleak cannot see
(interfaces); a range over a captured slice in another closure, or over a
field in another method, is not seen; a deletion written as a helper that
returns `append(s[:i], s[i+1:]...)`, and element types gofixleak cannot
load, are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from gofixleak.analysis import (
    aliasing,
    alive,
    deletions,
    flow,
    lengths,
    owners,
    pools,
    refills,
    slicing,
    storage,
    substance,
    zeroing,
)
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.goversion import GoVersion
from gofixleak.syntax import grammar
from gofixleak.syntax.gofmt import TUPLE_DEPTH, format_expr
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL003"
ANY_OWNER = "any_owner"
ANY_OWNER_HELP = (
    "report every long-lived-looking slice that drops pointer-holding elements (a receiver's field, a "
    "package variable), without evidence that its owner outlives the operation or that the elements own "
    "buffers, and report shared arrays with a suggestion (off by default: most such findings are noise)"
)
CLEAR_SINCE = GoVersion(1, 21)
DELETE_ZEROES_SINCE = GoVersion(1, 22)  # slices.Delete clears the vacated elements from Go 1.22 on

# Packages that package slices depends on (and slices itself): they cannot import it.
_BELOW_SLICES = ("slices", "cmp", "iter", "math/bits", "unsafe", "runtime", "internal/")


@dataclass
class Drop:
    """One run of elements a statement drops from slice `source`."""

    side: str  # "front" (source[:bound]), "back" (source[bound:]) or "all"
    bound: Node | None = None
    single: bool = False  # exactly one element: source[0] or source[bound]
    proven: bool = True  # for "back": the bound is provably at most len(source)


@dataclass
class Site:
    """A statement that drops pointer-holding elements of a long-lived array."""

    report: Node  # the expression the finding points at
    statement: Node  # the zeroing goes right before it
    source: Node  # the slice expression's operand (the array's current view)
    elem: gotypes.Type
    drops: list[Drop]
    shape: str  # "pop", "truncate", "reset", "pool", "window"
    place: Node | None = None  # the long-lived slice variable the statement assigns
    lives: str = ""  # why the array outlives the statement
    aliases: list[Node] = field(default_factory=list)  # expressions that denote the same array view
    evidence: str = ""  # why the owner outlives the operation, said in the message


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.find(K.SLICE_EXPRESSION, K.CALL_EXPRESSION, K.ASSIGNMENT):
        if node.type == K.ASSIGNMENT:
            refilled = _refill(ctx, node)
            if refilled is not None:
                yield refilled
            continue
        if node.type == K.CALL_EXPRESSION:
            finding = _deletion(ctx, node)
            if finding is not None:
                yield finding
            continue
        site = _reslice_site(ctx, node)
        if site is not None and not _already_zeroed(ctx, site):
            finding = _finding(ctx, site)
            if finding is not None:
                yield finding


def _any_owner(ctx: Context) -> bool:
    """The `any_owner` option: report without evidence of a long-lived owner or of elements that own
    memory, and with a suggestion where the array is shared (an audit of a long-running service)."""
    return bool(ctx.option(f"{RULE_ID}.{ANY_OWNER}"))


def _owns_memory(ctx: Context, elem: gotypes.Type) -> bool:
    return _any_owner(ctx) or substance.owns_memory(ctx.program, elem)


# --- recognising the shapes ---------------------------------------------------------------


def _reslice_site(ctx: Context, node: Node) -> Site | None:
    source = node.child_by_field_name(F.OPERAND)
    elem = slicing.pointer_elem(ctx, source)
    if source is None or elem is None or not _owns_memory(ctx, elem):
        return None  # elements that own no buffer of their own leave nothing worth freeing behind
    use = slicing.outer_use(node)
    parent = use.parent
    if parent is None:
        return None
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type == K.ASSIGNMENT and grammar.operator(owner) == "=" and scope.is_child(parent, owner, F.RIGHT):
            return _assignment_site(ctx, node, use, owner, source, elem)
        if owner.type == K.RETURN_STATEMENT:
            return _window_site(ctx, node, owner, source, elem)
    if parent.type == K.RETURN_STATEMENT:
        return _window_site(ctx, node, parent, source, elem)
    if parent.type == K.ARGUMENTS:
        return _pool_argument_site(ctx, node, parent, source, elem)
    return None


def _assignment_site(ctx: Context, node: Node, use: Node, statement: Node, source: Node, elem) -> Site | None:
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
    if index < 0 or len(targets) != len(values):
        return None
    place = targets[index]
    if not (slicing.same_expr(ctx, place, source) or slicing.local_alias_of(ctx, source, place)):
        return None
    drops = _drops(ctx, node, source, place)
    if not drops:
        return None
    pooled = pools.handed_to_pool(ctx, place, statement)
    if not _any_owner(ctx) and not pooled:
        if any(alive.restores_saved_depth(ctx, d.bound, [source, place]) for d in drops if d.side == "back"):
            return None  # a nesting stack restored to a depth saved on entry: the next push overwrites
        single = drops[0] if len(drops) == 1 and drops[0].single else None
        if single is not None and alive.handed_on(
            ctx, statement, single.side, single.bound, [source, place], heap_pop=_is_heap_pop(ctx, statement)
        ):
            return None  # the popped element goes to the caller or the owner: it is kept alive anyway
    lives = pooled or storage.outlives(ctx, place, closures=True)
    shape = "pop" if drops[0].side == "front" else "reset" if drops[0].side == "all" else "truncate"
    if not lives or (not pooled and aliasing.callers_object(ctx, place, reset=shape == "reset")):
        return None
    if not pooled and not _any_owner(ctx):
        owner = owners.long_lived(ctx, place, statement)
        if owner is None:
            return None  # no evidence that the owner outlives the operation: the array dies with it
        lives = owner
    evidence = lives if not pooled and not _any_owner(ctx) else ""
    if shape == "reset" and not pooled and aliasing.refilled_after(ctx, statement, place, through_owner=False):
        return None  # reset for reuse and refilled right away: the slots are overwritten, not lost
    if shape == "reset" and not pooled and not _any_owner(ctx) and owners.refilled_by_methods(ctx, statement, place):
        return None  # reset at the start of an operation that refills it through the owner's methods
    return Site(node, statement, source, elem, drops, shape, place, lives, [place, source], evidence)


def _drops(ctx: Context, node: Node, source: Node, place: Node | None = None) -> list[Drop]:
    """The runs of elements `source[lo:hi:max]` leaves behind (front and back)."""
    drops: list[Drop] = []
    low = node.child_by_field_name(F.LOW)
    low_offset = slicing.offset(ctx, low, follow_locals=True)
    if low is not None and low_offset is not None and not low_offset.is_const(0):
        drops.append(Drop("front", low, single=low_offset.is_const(1)))
    bound = grammar.unparen(node.child_by_field_name(F.MAX) or node.child_by_field_name(F.HIGH))
    bound_offset = slicing.offset(ctx, bound, follow_locals=True)
    if bound is None or bound_offset is None:
        return drops
    length = slicing.len_key(ctx, source)
    if place is not None and bound_offset.term != length and _same_length(ctx, source, place, node):
        length = slicing.len_key(ctx, place)  # `entries := h.entries; h.entries = entries[:n-1]`, n = len(h.entries)
    guess = slicing.offset(ctx, bound, follow_locals=True, even_if_changed=True)
    if guess is not None and guess.term == length and guess.const > 0:
        return drops  # `n := len(s); ...; s = s[:n+1]` most likely grows the slice
    if bound_offset.term == slicing.cap_key(ctx, source) and bound_offset.const >= 0:
        return drops  # s[:cap(s)] re-extends the slice to its capacity: nothing is dropped
    if lengths.beyond_length(ctx, bound, length):
        return drops  # s[:len(s)+n] grows the slice: nothing is dropped
    if bound_offset.term == length:
        if bound_offset.const >= 0:
            return drops  # s[:len(s)] or longer: nothing dropped at the back
        drops.append(Drop("back", bound, single=bound_offset.const == -1))
    elif bound_offset.is_const(0) and not drops:
        drops.append(Drop("all", bound))
    else:
        if lengths.grows(ctx, node, bound, source):
            return []  # `if len(s) < n { s = s[:n] }` extends the slice within its capacity
        proven = lengths.at_most_length(ctx, node, bound, source)
        if not proven and place is not None and lengths.sized_after_growth(ctx, place, node):
            return []  # `r.buf = grow(r.buf, n); r.buf = r.buf[:n]`: sizing a slice just grown, not a truncation
        drops.append(Drop("back", bound, proven=proven))
    return drops


def _same_length(ctx: Context, source: Node, place: Node, at: Node) -> bool:
    """`source` is a local copy of `place` (`entries := h.entries`), and nothing can have changed
    `place` between the copy and `at`, so both have the same length there."""
    if not slicing.local_alias_of(ctx, source, place):
        return False
    ident = grammar.unparen(source)
    symbol = ctx.resolve(ident) if ident is not None else None
    return symbol is not None and slicing.unchanged_since_declaration(ctx, symbol, at)


def _pool_argument_site(ctx: Context, node: Node, arguments: Node, source: Node, elem) -> Site | None:
    """`pool.Put(buf[:0])`: the pool keeps every element of buf reachable."""
    call = arguments.parent
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    pool = pools.pool_put(ctx, call)
    high = node.child_by_field_name(F.HIGH)
    if pool is None or node.child_by_field_name(F.LOW) is not None or high is None:
        return None
    high_offset = slicing.offset(ctx, high)
    if high_offset is None or not high_offset.is_const(0):
        return None
    statement = flow.enclosing_statement(node)
    if statement is None:
        return None
    return Site(
        node, statement, source, elem, [Drop("all", high)], "pool", source, f"a buffer handed to {pool}", [source]
    )


def _window_site(ctx: Context, node: Node, statement: Node, source: Node, elem) -> Site | None:
    """`return s[1:3:3]` of a local slice made here: the elements outside the window are lost."""
    symbol = aliasing.fresh_local_slice(ctx, source)
    if symbol is None:
        return None
    drops: list[Drop] = []
    low = node.child_by_field_name(F.LOW)
    low_offset = slicing.offset(ctx, low)
    if low is not None and low_offset is not None and not low_offset.is_const(0):
        drops.append(Drop("front", low, single=low_offset.is_const(1)))
    limit = node.child_by_field_name(F.MAX)
    if limit is not None:
        limit_offset = slicing.offset(ctx, limit)
        length = lengths.known_length(ctx, symbol)
        if limit_offset is not None and limit_offset.term == slicing.len_key(ctx, source):
            if limit_offset.const < 0:
                drops.append(Drop("back", limit, single=limit_offset.const == -1))
        elif limit_offset is not None and length is not None and limit_offset.term == length.term:
            if limit_offset.const < length.const:
                drops.append(Drop("back", limit, single=limit_offset.const == length.const - 1))
        else:
            drops.append(Drop("back", limit, proven=False))
    if not drops:
        return None
    return Site(node, statement, source, elem, drops, "window", None, "the returned subslice", [source])


# --- refills through a local alias (in-place filters) ---------------------------------------


def _refill(ctx: Context, statement: Node) -> Finding | None:
    """`dst := s.f[:0]; for ... { dst = append(dst, x) }; s.f = dst`: the elements past len(dst)."""
    refill = refills.refill_at(ctx, statement)
    if refill is None or refill.keeps_all:
        return None
    if refill.filter_loop is None and refill.appends:
        return None  # a scratch buffer refilled from other data, as `s.f = s.f[:0]` then appends
    elem = slicing.pointer_elem(ctx, refill.place)
    aliases = [refill.place, refill.alias]
    if elem is None or not _owns_memory(ctx, elem):
        return None
    if not storage.outlives(ctx, refill.place, closures=True):
        return None
    pooled = pools.handed_to_pool(ctx, refill.place, statement)
    if aliasing.callers_object(ctx, refill.place) and not pooled:
        return None
    evidence = owners.long_lived(ctx, refill.place, statement) if not pooled and not _any_owner(ctx) else ""
    if evidence is None:
        return None
    if zeroing.zeroed_before(ctx, statement, aliases):
        return None
    place, alias, t = ctx.text(refill.place), ctx.text(refill.alias), _spell_elem(ctx, elem, statement)
    if refill.filter_loop is not None:
        what = f"the elements of {place} the filter dropped stay in its backing array past len({alias})"
    else:
        what = f"the elements of {place} dropped by resetting it through {alias} stay in its backing array"
    message = f"{what} and keep their {t} values alive until the backing array is freed"
    if evidence:
        message += f" ({evidence})"
    fixes = _refill_fixes(ctx, refill, elem)
    if fixes and fixes[0].safety is Safety.SUGGESTION and not _any_owner(ctx):
        return None  # another header over the array, or a reader around: zeroing is no fix there
    return ctx.finding(refill.alias, message, *fixes)


def _refill_fixes(ctx: Context, refill: refills.Refill, elem: gotypes.Type) -> list[Fix]:
    statement = refill.statement
    if not _starts_line(ctx, statement) or not _in_block(statement) or not slicing.is_pure(ctx, refill.place):
        return []
    place, alias = ctx.text(refill.place), ctx.text(refill.alias)
    # len(dst) > len(s.f) only when the loop appended more than it read; then nothing was dropped
    start = f"len({alias})" if refill.proven else f"min(len({alias}), len({place}))"
    drop = Drop("back", None, proven=True)
    if ctx.version >= CLEAR_SINCE and not refill.proven and not slicing.is_universe(ctx, "min", statement):
        return []
    lines = _zeroing_lines(
        ctx, place, drop, elem, statement, bound_text=start if ctx.version >= CLEAR_SINCE else f"len({alias})"
    )
    if lines is None:
        return []
    safety, reason = _sharing(ctx, refill.place, statement)
    refusal = aliasing.readers_problem(ctx, statement, [refill.place])
    if refusal is not None:
        safety, reason = Safety.SUGGESTION, refusal
    indent = ctx.indent_of(statement)
    fix = ctx.fix(
        f"clear the elements past len({alias}) before storing the filtered slice"
        + ("" if refill.proven else f"; bounded by len({place}), since {alias} may have grown past it"),
        ctx.insert(ctx.line_start(statement.start_byte), _indent_lines(lines, indent) + "\n"),
        safety=Safety.SAFE,
    )
    return [_downgrade(fix, safety, reason)]


# --- deletions ------------------------------------------------------------------------------


def _deletion(ctx: Context, call: Node) -> Finding | None:
    if not _any_owner(ctx):
        # the vacated slot holds a copy of the element now last in the slice, which the slice
        # still holds: like a swap-remove's, it keeps nothing alive that is not alive anyway
        return None
    deletion = deletions.deletion_at(ctx, call)
    if deletion is None:
        return None
    if zeroing.zeroed_before(ctx, deletion.statement, [deletion.source, *([deletion.place] if deletion.place else [])]):
        return None
    fixes = _deletion_fixes(ctx, deletion)
    if not fixes or fixes[0].safety is not Safety.SAFE:
        # the vacated slot holds a copy of the element now last in the slice: it keeps something
        # alive only once that element goes too, so it is worth a finding only with a safe fix
        return None
    t = _spell_elem(ctx, deletion.elem, call)
    message = (
        f"the element this deletion leaves behind at the end of {ctx.text(deletion.source)} "
        f"keeps its {t} alive until the backing array is freed"
    )
    return ctx.finding(call, message, *fixes)


def _deletion_fixes(ctx: Context, deletion: deletions.Deletion) -> list[Fix]:
    aliases = [deletion.source, *([deletion.place] if deletion.place else [])]
    if aliasing.copy_read_after(ctx, deletion.statement, aliases) is not None:
        return []  # the vacated element is still read through a copy of the old header
    refusal = aliasing.readers_problem(ctx, deletion.statement, aliases)
    safety, reason = _sharing(ctx, deletion.place, deletion.statement)
    if deletion.place is None:
        safety, reason = Safety.UNSAFE, f"the caller's slice {ctx.text(deletion.source)} sees the zeroed element"
    if refusal is not None:
        safety, reason = Safety.SUGGESTION, refusal
    if deletion.count is None or not all(
        slicing.is_pure(ctx, n) for n in (deletion.source, deletion.start, deletion.end)
    ):
        return []
    fixes: list[Fix] = []
    with_delete = _slices_delete_fix(ctx, deletion)
    if with_delete is not None:
        fixes.append(with_delete)
    else:
        by_hand = _copy_and_truncate_fix(ctx, deletion)
        if by_hand is not None:
            fixes.append(by_hand)
    return [_downgrade(f, safety, reason) for f in fixes]


def _slices_delete_fix(ctx: Context, deletion: deletions.Deletion) -> Fix | None:
    if ctx.version < DELETE_ZEROES_SINCE or _below_slices(ctx.file.import_path):
        return None
    if not isinstance(ctx.underlying(ctx.type_of(deletion.source)), gotypes.Slice):
        return None
    name = ctx.import_name("slices", deletion.call)
    if name is None:
        return None
    source, start, end = (format_expr(ctx.text(n), 2) for n in (deletion.source, deletion.start, deletion.end))
    text = f"{name}.Delete({source}, {start}, {end})"
    return ctx.fix(
        "delete with slices.Delete, which zeroes the vacated element",
        ctx.replace(deletion.call, text),
        safety=Safety.SAFE,
        imports=("slices",),
    )


def _below_slices(import_path: str) -> bool:
    return any(
        import_path == p.rstrip("/") or import_path.startswith(p if p.endswith("/") else p + "/") for p in _BELOW_SLICES
    )


def _copy_and_truncate_fix(ctx: Context, deletion: deletions.Deletion) -> Fix | None:
    """copy(s[i:], s[j:]); zero the last j-i elements; s = s[:len(s)-(j-i)] (what the append did)."""
    statement = deletion.statement
    if not _starts_line(ctx, statement) or not _in_block(statement) or deletion.count is None:
        return None
    source = ctx.text(deletion.source)
    start, end = ctx.text(deletion.start), ctx.text(deletion.end)
    count = deletion.count
    new_length = f"len({source})-{count}"
    drop = Drop("back", None, single=count == 1)
    zeroing = _zeroing_lines(ctx, source, drop, deletion.elem, statement, bound_text=new_length)
    if zeroing is None:
        return None
    indent = ctx.indent_of(statement)
    lines = [format_expr(f"copy({source}[{start}:], {source}[{end}:])", 1), *zeroing]
    truncated = format_expr(f"{source}[:{new_length}]", 1)
    if deletion.place is not None:
        lines.append(f"{format_expr(ctx.text(deletion.place), 1)} = {truncated}")
    else:
        lines.append(f"return {truncated}")
    text = _indent_lines(lines, indent)
    return ctx.fix(
        "delete with copy, zero the vacated element, then truncate",
        Edit(statement.start_byte, statement.end_byte, text.removeprefix(indent)),
        safety=Safety.SAFE,
    )


# --- already handled --------------------------------------------------------------------------


def _already_zeroed(ctx: Context, site: Site) -> bool:
    return zeroing.zeroed_before(ctx, site.statement, site.aliases)


# --- safety ---------------------------------------------------------------------------------


# --- findings and fixes ------------------------------------------------------------------------


def _finding(ctx: Context, site: Site) -> Finding | None:
    read = aliasing.copy_read_after(ctx, site.statement, site.aliases)
    if read is None:
        fixes = _fixes(ctx, site)
        if fixes and fixes[0].safety is Safety.SUGGESTION and not _any_owner(ctx):
            return None  # another header over the array, or a reader around: zeroing is no fix there
        return ctx.finding(site.report, _message(ctx, site), *fixes)
    if aliasing.refilled_after(ctx, site.statement, site.place):
        return None  # an in-place filter reading the old elements back into the slice
    # the dropped elements are still read after the statement: zeroing them there would destroy
    # data in use, so this is a report, with the advice to zero them after their last use
    return ctx.finding(site.report, f"{_message(ctx, site)} ({read}: zero them after their last use)")


def _message(ctx: Context, site: Site) -> str:
    source = ctx.text(grammar.unparen(site.source))
    t = _spell_elem(ctx, site.elem, site.report)
    until = "until the backing array is freed"
    if site.lives.startswith("a buffer handed to"):
        until = "while the pool holds the buffer"
    if site.evidence:
        until = f"{until} ({site.evidence})"
    if site.shape == "window":
        outside = " and ".join(_dropped_text(ctx, site.source, d) for d in site.drops)
        return (
            f"{outside}, outside the returned window {ctx.text(site.report)}, keep their {t} values alive "
            f"as long as the result is used"
        )
    if len(site.drops) == 1 and site.drops[0].single:
        element = _dropped_text(ctx, site.source, site.drops[0])
        after = " after Pop" if _is_heap_pop(ctx, site.statement) else ""
        verb = "reslicing" if site.drops[0].side == "front" else "truncating"
        return f"{element} keeps its {t} alive{after} {until}; zero it before {verb}"
    if site.drops[0].side == "all":
        return f"the elements of {source} dropped by resetting it to length 0 keep their {t} values alive {until}"
    dropped = " and ".join(_dropped_text(ctx, site.source, d) for d in site.drops)
    return f"the dropped elements {dropped} keep their {t} values alive {until}"


def _dropped_text(ctx: Context, source: Node, drop: Drop) -> str:
    s = ctx.text(source)
    bound = ctx.text(drop.bound) if drop.bound is not None else ""
    if drop.side == "front":
        return f"{s}[0]" if drop.single else format_expr(f"{s}[:{bound}]", 1)
    if drop.side == "all":
        return ctx.text(grammar.unparen(source))
    return format_expr(f"{s}[{bound}]", 1) if drop.single else format_expr(f"{s}[{bound}:]", 1)


def _spell_elem(ctx: Context, elem: gotypes.Type, at: Node) -> str:
    """The element type as the file would write it; a short description when it cannot be spelled."""
    spelled = ctx.spell(elem, at)
    if spelled is not None:
        return spelled
    if isinstance(elem, gotypes.Signature):
        return "func"
    if isinstance(elem, gotypes.Struct):
        return "struct"
    return str(elem)


def _is_heap_pop(ctx: Context, statement: Node) -> bool:
    func = grammar.enclosing_function(statement)
    if func is None or func.type != K.METHOD_DECLARATION:
        return False
    if grammar.text(func.child_by_field_name(F.NAME)) != "Pop":
        return False
    receiver = grammar.named(func.child_by_field_name(F.RECEIVER))
    if not receiver:
        return False
    receiver_type = ctx.program.type_from_node(receiver[0].child_by_field_name(F.TYPE), ctx.file)
    return ctx.program.implements(receiver_type, gotypes.Named("container/heap", "Interface"))


def _fixes(ctx: Context, site: Site) -> list[Fix]:
    if not _starts_line(ctx, site.statement) or not _in_block(site.statement):
        return []
    if site.statement.type in (K.DEFER_STATEMENT, K.GO_STATEMENT):
        return []  # `defer pool.Put(buf[:0])` puts the buffer back later: zeroing now would clear it in use
    bounds = [d.bound for d in site.drops if d.bound is not None]
    if not all(slicing.is_pure(ctx, n) for n in (site.source, *bounds)):
        return []
    safety, reason = _sharing(ctx, site.place, site.statement)
    unproven = next((d for d in site.drops if not d.proven), None)
    if unproven is not None and safety is Safety.SAFE:
        bound = ctx.text(unproven.bound)
        safety = Safety.UNSAFE
        reason = (
            f"gofixleak cannot show that {bound} is at most len({ctx.text(site.source)}); if it is larger, the "
            f"reslice grows the slice and may bring back elements an earlier truncation zeroed"
        )
    if site.shape == "window":
        safety, reason = _window_safety(ctx, site, safety, reason)
    refusal = aliasing.readers_problem(ctx, site.statement, site.aliases)
    if refusal is not None:
        safety, reason = Safety.SUGGESTION, refusal
    if _is_tuple(site.statement):
        fix = _split_tuple_fix(ctx, site)
    else:
        fix = _insert_zeroing_fix(ctx, site)
    return [_downgrade(fix, safety, reason)] if fix is not None else []


def _window_safety(ctx: Context, site: Site, safety: Safety, reason: str) -> tuple[Safety, str]:
    """The local slice must not be seen by anyone else (a closure, a callee, another variable)."""
    ident = grammar.unparen(site.source)
    symbol = ctx.resolve(ident) if ident is not None else None
    func = symbol.func if symbol is not None else None
    body = grammar.function_body(func) if func is not None else None
    if symbol is None or func is None or body is None:
        return Safety.UNSAFE, "gofixleak cannot see every use of the slice"
    for use in ctx.uses(symbol, body):
        if symbol.decl is not None and use.id == symbol.decl.id:
            continue
        around = grammar.enclosing_function(use)
        if around is None or around.id != func.id:
            return Safety.SUGGESTION, f"a function literal uses {symbol.name}"
        if grammar.is_within(use, site.statement):
            continue
        problem = aliasing.local_use_problem(ctx, use)
        if problem is not None:
            return Safety.UNSAFE, f"{symbol.name} {problem}"
    return safety, reason


def _sharing(ctx: Context, place: Node | None, statement: Node) -> tuple[Safety, str]:
    """Another slice header the package shows over the array makes the fix advice only (a
    suggestion); a holder gofixleak cannot see makes it unsafe."""
    kind, reason = aliasing.sharing(ctx, place, statement)
    if kind == aliasing.SHARED:
        return Safety.SUGGESTION, reason
    return (Safety.UNSAFE, reason) if kind == aliasing.UNSEEN else (Safety.SAFE, "")


def _downgrade(fix: Fix, safety: Safety, reason: str) -> Fix:
    if safety is Safety.SAFE or fix.safety.rank >= safety.rank:
        return fix
    return Fix(f"{fix.message} ({safety.value}: {reason})", fix.edits, safety, fix.imports)


def _starts_line(ctx: Context, statement: Node) -> bool:
    start = ctx.line_start(statement.start_byte)
    return not ctx.src[start : statement.start_byte].strip()


def _in_block(statement: Node) -> bool:
    parent = statement.parent
    return parent is not None and (parent.type == K.BLOCK or parent.type in grammar.CASE_CLAUSE_KINDS)


def _is_tuple(statement: Node) -> bool:
    return statement.type == K.ASSIGNMENT and len(grammar.items(statement.child_by_field_name(F.LEFT))) > 1


def _insert_zeroing_fix(ctx: Context, site: Site) -> Fix | None:
    lines = _zeroing_for_site(ctx, site)
    if lines is None:
        return None
    indent = ctx.indent_of(site.statement)
    text = _indent_lines(lines, indent)
    how = _fix_summary(ctx, site, lines) + _length_note(ctx, site)
    return ctx.fix(how, ctx.insert(ctx.line_start(site.statement.start_byte), text + "\n"), safety=Safety.SAFE)


def _zeroing_for_site(ctx: Context, site: Site) -> list[str] | None:
    source = ctx.text(site.source)
    singles = [d for d in site.drops if d.single]
    if site.shape == "window" and len(singles) == 2:
        zero = _zero_expr(ctx, site.elem, site.statement)
        if zero is not None:
            targets = ", ".join(format_expr(_element_text(source, d, ctx), TUPLE_DEPTH) for d in singles)
            return [f"{targets} = {zero}, {zero}"]
    lines: list[str] = []
    for drop in site.drops:
        more = _zeroing_lines(ctx, source, drop, site.elem, site.statement)
        if more is None:
            return None
        lines.extend(more)
    return lines


def _element_text(source: str, drop: Drop, ctx: Context) -> str:
    if drop.side == "front":
        return f"{source}[0]"
    return f"{source}[{ctx.text(drop.bound)}]"


def _zeroing_lines(
    ctx: Context, source: str, drop: Drop, elem: gotypes.Type, at: Node, bound_text: str | None = None
) -> list[str] | None:
    """Statements (unindented; nested lines start with a tab) that zero one dropped run."""
    bound = bound_text if bound_text is not None else (ctx.text(drop.bound) if drop.bound is not None else "")
    zero = _zero_expr(ctx, elem, at)
    if drop.single:
        index = "0" if drop.side == "front" else bound
        return None if zero is None else [f"{format_expr(f'{source}[{index}]', 1)} = {zero}"]
    whole = format_expr(source, 1)
    if whole.startswith("(") and whole.endswith(")") and format_expr(whole[1:-1], 1) == whole[1:-1]:
        whole = whole[1:-1]  # clear(*bp), not clear((*bp))
    run = {"front": f"{source}[:{bound}]", "back": f"{source}[{bound}:]", "all": whole}[drop.side]
    if ctx.version >= CLEAR_SINCE and slicing.is_universe(ctx, "clear", at):
        if drop.side == "back" and not drop.proven:
            # the bound may exceed the length (the reslice then grows the slice): never clear past len
            if not (slicing.is_universe(ctx, "min", at) and slicing.is_universe(ctx, "len", at)):
                return None
            as_int = _as_int(ctx, drop.bound, bound, at)
            if as_int is None:
                return None
            run = f"{source}[min({as_int}, len({source})):]"
        return [format_expr(f"clear({run})", 1)]
    if zero is None or not slicing.is_universe(ctx, "len", at):
        return None
    index = _loop_variable(ctx, [source, bound], at)
    element = format_expr(f"{source}[{index}]", 1)
    if drop.side == "back":
        header = f"for {index} := {format_expr(bound, 1)}; {index} < {format_expr(f'len({source})', 1)}; {index}++ {{"
    else:
        header = f"for {index} := range {format_expr(run, 1)} {{"
    return [header, f"\t{element} = {zero}", "}"]


def _as_int(ctx: Context, bound: Node | None, text: str, at: Node) -> str | None:
    """The bound as an `int` for `min(n, len(s))`: `int(mark)` for a named integer type."""
    t = ctx.type_of(bound)
    if t in (gotypes.Basic("int"), gotypes.UNTYPED_INT, gotypes.UNTYPED_RUNE) or bound is None:
        return text
    if t is None or not slicing.is_universe(ctx, "int", at):
        return None
    return f"int({text})"


def _zero_expr(ctx: Context, elem: gotypes.Type, at: Node) -> str | None:
    """The element type's zero value as an expression: `nil`, `""`, `T{}`, or `*new(T)` for a type
    parameter (a declared `var zero T` could collide with another fix's in the same block)."""
    zero = slicing.zero_value(ctx, elem, at)
    if zero is None:
        return None
    if zero.expr is not None:
        return zero.expr
    return f"*new({zero.type_text})" if slicing.is_universe(ctx, "new", at) else None


def _loop_variable(ctx: Context, texts: list[str], at: Node) -> str:
    used = set()
    for text in texts:
        tree = grammar.parse(f"package p\n\nvar _ = {text}\n".encode())
        used |= {grammar.text(n) for n in grammar.find_all(tree.root_node, (K.IDENTIFIER,))}
    for candidate in ("i", "j", "k", "idx"):
        if candidate not in used:
            return candidate
    return ctx.fresh_name("idx", at)


def _indent_lines(lines: list[str], indent: str) -> str:
    return "\n".join(indent + line for line in lines)


def _fix_summary(ctx: Context, site: Site, lines: list[str]) -> str:
    verb = {
        "pop": "reslicing",
        "window": "returning the window",
        "reset": "resetting",
        "pool": "putting it in the pool",
    }.get(site.shape, "truncating")
    first = lines[0]
    if first.startswith("clear("):
        return f"clear the dropped elements with {first} before {verb}"
    if first.startswith("for "):
        return f"zero the dropped elements in a loop before {verb}"
    return f"set {first} before {verb}"


def _length_note(ctx: Context, site: Site) -> str:
    """Says how a truncation to a computed bound was shown not to reach past the length, or that
    the clear is bounded by the length because it was not."""
    for drop in site.drops:
        if drop.side != "back" or drop.single or drop.bound is None:
            continue
        at = slicing.offset(ctx, drop.bound, follow_locals=True)
        if at is not None and at.term == slicing.len_key(ctx, site.source):
            continue  # `len(s)-k`: plainly within the slice
        bound, length = ctx.text(drop.bound), f"len({ctx.text(site.source)})"
        if drop.proven:
            return f"; {bound} <= {length} holds here"
        return f"; bounded by {length}, since {bound} may exceed it"
    return ""


def _split_tuple_fix(ctx: Context, site: Site) -> Fix | None:
    """`x, q = q[0], q[1:]` becomes `x = q[0]`, the zeroing, then `q = q[1:]`."""
    statement = site.statement
    targets = grammar.items(statement.child_by_field_name(F.LEFT))
    values = grammar.items(statement.child_by_field_name(F.RIGHT))
    use = slicing.outer_use(site.report)
    position = next((i for i, v in enumerate(values) if v.id == use.id), -1)
    if position < 0 or len(targets) != len(values):
        return None
    if not all(slicing.is_pure(ctx, v) for v in values):
        return None
    order = [i for i in range(len(values)) if i != position] + [position]
    assigned: list[str] = []
    for i in order:
        kinds = (K.IDENTIFIER, K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION)
        paths = [n for n in grammar.find_all(values[i], kinds) if not _path_operand(n)]
        reads = [str(slicing.canonical(ctx, n)) for n in paths]
        if any(_overlaps(read, written) for read in reads for written in assigned):
            return None  # a later value reads a variable an earlier statement already changed
        assigned.append(str(slicing.canonical(ctx, _strip_index(targets[i]))))
    zeroing = _zeroing_for_site(ctx, site)
    if zeroing is None:
        return None
    lines = [f"{format_expr(ctx.text(targets[i]), 1)} = {format_expr(ctx.text(values[i]), 1)}" for i in order[:-1]]
    lines += zeroing
    lines.append(f"{format_expr(ctx.text(targets[position]), 1)} = {format_expr(ctx.text(values[position]), 1)}")
    indent = ctx.indent_of(statement)
    text = _indent_lines(lines, indent).removeprefix(indent)
    return ctx.fix(
        "split the assignment and zero the dropped element before reslicing",
        ctx.replace(statement, text),
        safety=Safety.SAFE,
    )


def _path_operand(node: Node) -> bool:
    """`c` in `c.items`: part of a longer path, not a read of its own."""
    parent = node.parent
    return parent is not None and parent.type == K.SELECTOR_EXPRESSION and scope.is_child(node, parent, F.OPERAND)


def _overlaps(read: str, written: str) -> bool:
    """`i.curr` and `i.curr.x`, or `i` and `i.curr`: one is part of the other."""
    shorter, longer = sorted((read, written), key=len)
    return longer == shorter or longer.startswith((shorter + ".", shorter + "["))


def _strip_index(node: Node) -> Node:
    """`q` for `q[i]` or `q[1:]` (a write to one element may alias any), keeping fields: `i.curr`."""
    current = grammar.unparen(node) or node
    while current.type in (K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
        operand = current.child_by_field_name(F.OPERAND)
        if operand is None:
            break
        current = grammar.unparen(operand) or operand
    return current


RULE = Rule(
    id=RULE_ID,
    name="dropped-pointer-elements",
    title="elements dropped from a slice keep their pointees alive",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    min_go=None,
    needles=(b":",),
    in_tests=False,
    options={ANY_OWNER: ANY_OWNER_HELP},
)
