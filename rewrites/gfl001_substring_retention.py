"""A substring stored where it outlives the call keeps the whole original string alive.

## What it does
Flags a substring, a slice expression `s[i:j]` whose operand is a string,
that is stored somewhere that outlives the function: a package-level
variable, a field of the receiver or of a struct reached through a pointer
(also a field promoted through an embedded pointer), an element or key of a
shared map or slice, a channel send, or an `append` to such a place.  The
substring may be stored directly, inside a composite literal, or through a
local variable that holds it.  When the operand's type is unknown (a result
of an API gofixleak has no stubs for), a slice of a variable stored where
only a string fits (a `string` field, map key or variable) is a substring.

Left alone, because the copy would free little or nothing: substrings that
drop only a constant number of bytes (`s[1:]`, `s[len(prefix):]`,
`s[:len(s)-1]`) or a byte-sized count (`s[:len(s)-int(pad)]` with `pad` a
`byte`), the pieces of a string cut up whole (`s[start:i]` with
`start = i+1`, as tokenizers do), substrings stored back into the object
that holds the whole string (`p.tok = p.src[a:b]`, `ops[0] = op[n:]`), and
substrings stored in an object that the function already gave the whole
string to, on every path before (`u.raw = s; u.host = s[a:b]`, with `s` only
ever re-sliced from itself).  A field of another object reached through it
(`p.cur.Lit = p.src[a:b]`) is reported: that object may outlive the one
holding the string.

## Why is this bad?
A substring shares the bytes of the string it was cut from; Go does not copy
them.  As long as the substring is reachable, so is the whole original
string.  Keeping a 16-byte ID cut from a 1 MiB request body in a cache keeps
the 1 MiB alive for as long as the cache holds the ID (Go 101, "Memory
Leaking Scenarios": kind-of memory leaking caused by substrings).

## Example
```go
var lastID string

func remember(body string) {
        lastID = body[:16]
}
```

## Use instead
```go
var lastID string

func remember(body string) {
        lastID = strings.Clone(body[:16])
}
```

## Fix safety
Safe.  `strings.Clone` returns a string equal to its argument, backed by a
fresh copy of just its bytes, so the program computes the same values and
only the memory that stays reachable changes.  The fix adds the `strings`
import when needed, reuses a renamed import, and for files whose Go version
is older than 1.18 (no `strings.Clone`) writes `string([]byte(s[i:j]))`
instead, which also copies.  A substring of a named string type is
converted back (`Name(strings.Clone(string(s[i:j])))`) so its type does not
change.  A local variable stored in several places is copied once, where
it is made (`name := strings.Clone(line[:i])`).  Substrings of constants and
literals, substrings only used locally, returned or passed to a function,
and values already cloned are left alone.  No fix is offered where
`string` (or, for the older form, `byte`) is redeclared.
"""

from __future__ import annotations

from gofixleak import gotypes, scope, slicing, storage, syntax
from gofixleak.context import Context
from gofixleak.goversion import GoVersion
from gofixleak.rule import Finding, Rule, Safety
from gofixleak.syntax import F, K, Node

CLONE_SINCE = GoVersion(1, 18)

# Packages that package strings itself depends on (and strings): importing
# strings there would be an import cycle, so they get string([]byte(...)).
_BELOW_STRINGS = frozenset(
    {"errors", "io", "iter", "math/bits", "runtime", "strings", "sync", "sync/atomic"}
    | {"unicode", "unicode/utf8", "unsafe"}
)
_BELOW_STRINGS_TREES = ("internal/", "runtime/internal/")


def _below_strings(import_path: str) -> bool:
    return import_path in _BELOW_STRINGS or import_path.startswith(_BELOW_STRINGS_TREES)


def check(ctx: Context):
    for node in ctx.find(K.SLICE_EXPRESSION):
        parent = node.parent
        if parent is not None and parent.type == K.SLICE_EXPRESSION and _is_operand(parent, node):
            continue  # s[a:][:b]: the outer expression is the substring that is kept
        operand = node.child_by_field_name(F.OPERAND)
        known = _pins_a_string(ctx, operand)
        if known is False or _wastes_little(ctx, node, operand):
            continue
        # p.s = p.s[1:]: the owner already keeps the whole string;
        # p.raw = s; p.name = s[a:b]: so does an object that holds all of s
        stores = [
            s
            for s in storage.stores(ctx, node)
            if not storage.same_owner(ctx, operand, s.target) and not storage.whole_kept_with(ctx, operand, s)
        ]
        inferred = None
        if known is None:
            # the operand's type is unknown (an API gofixleak has no stubs for): a substring stored
            # where only a string fits is one
            inferred = _stored_as_string(ctx, stores)
            if inferred is None:
                continue
        # a local stored in several places is copied once, where it is made
        at_definition = len(stores) > 1 and all(s.via_local for s in stores)
        for store in stores:
            copy_at = _copy_site(ctx, node if at_definition else store.value)
            yield _finding(ctx, node, operand, store, copy_at, inferred)


def _stored_as_string(ctx: Context, stores: list[storage.Store]) -> gotypes.Type | None:
    """The string type every store puts the value in (a field, a map key, a variable...), or None."""
    types = [_expected_type(ctx, store.value) for store in stores]
    if not types or any(t is None or not ctx.program.is_string(t) for t in types):
        return None
    first = types[0]
    return first if all(str(t) == str(first) for t in types) else None


def _expected_type(ctx: Context, value: Node) -> gotypes.Type | None:
    """The type the context of `value` requires: the field of a composite literal, a map key or
    element, the variable assigned, a channel's element, an element appended to a slice."""
    use = slicing.outer_use(value)
    parent = use.parent
    if parent is None:
        return None
    if parent.type == K.KEYED_ELEMENT and scope.is_child(use, parent, F.ELEMENT):
        literal = parent.parent.parent if parent.parent is not None else None
        key = parent.child_by_field_name(F.KEY)
        if literal is None or literal.type != K.COMPOSITE_LITERAL or key is None:
            return None
        container = ctx.underlying(ctx.type_of(literal))
        if isinstance(container, gotypes.Struct):
            return ctx.program.field_type(ctx.type_of(literal), ctx.text(key))
        if isinstance(container, gotypes.Map):
            return container.value
        if isinstance(container, (gotypes.Slice, gotypes.Array)):
            return container.elem
        return None
    if parent.type == K.INDEX_EXPRESSION and scope.is_child(use, parent, F.INDEX):
        container = ctx.underlying(ctx.type_of(parent.child_by_field_name(F.OPERAND)))
        return container.key if isinstance(container, gotypes.Map) else None
    if parent.type == K.SEND_STATEMENT and scope.is_child(use, parent, F.VALUE):
        channel = ctx.underlying(ctx.type_of(parent.child_by_field_name(F.CHANNEL)))
        return channel.elem if isinstance(channel, gotypes.Chan) else None
    if parent.type == K.ARGUMENTS:
        call = parent.parent
        args = syntax.named(parent)
        function = call.child_by_field_name(F.FUNCTION) if call is not None else None
        if function is None or ctx.text(function) != "append" or not slicing.is_universe(ctx, "append", function):
            return None
        if not args or args[0].id == use.id:
            return None
        container = ctx.underlying(ctx.type_of(args[0]))
        return container.elem if isinstance(container, gotypes.Slice) else None
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None and parent.parent.type == K.ASSIGNMENT:
        statement = parent.parent
        if not scope.is_child(parent, statement, F.RIGHT) or syntax.operator(statement) != "=":
            return None
        values, targets = syntax.items(parent), syntax.items(statement.child_by_field_name(F.LEFT))
        index = next((i for i, v in enumerate(values) if v.id == use.id), -1)
        return ctx.type_of(targets[index]) if 0 <= index < len(targets) == len(values) else None
    return None


def _copy_site(ctx: Context, value: Node) -> Node:
    """The expression to copy: `string(name[:i])`, a named string type's substring converted to
    string, is copied whole (`strings.Clone(string(name[:i]))`, not a round trip through Name)."""
    arguments = value.parent
    call = arguments.parent if arguments is not None and arguments.type == K.ARGUMENTS else None
    if call is None or call.type != K.CALL_EXPRESSION or len(syntax.named(arguments)) != 1:
        return value
    target = ctx.program.conversion_type(call.child_by_field_name(F.FUNCTION), ctx.file)
    if target is None or str(target) != "string" or str(ctx.type_of(value)) == "string":
        return value
    return call


def _is_operand(parent: Node, child: Node) -> bool:
    operand = parent.child_by_field_name(F.OPERAND)
    return operand is not None and operand.id == child.id


def _pins_a_string(ctx: Context, operand: Node | None) -> bool | None:
    """A string-typed operand whose bytes live on the heap (not a constant or literal); None when
    the operand is a variable (or a field reached from one) whose type gofixleak does not know."""
    operand = syntax.unparen(operand)
    if operand is None or operand.type in syntax.STRING_LITERAL_KINDS:
        return False
    if operand.type == K.IDENTIFIER:
        symbol = ctx.resolve(operand)
        if symbol is not None and symbol.kind == scope.CONST:
            return False
    if operand.type == K.SELECTOR_EXPRESSION and _is_package_constant(ctx, operand):
        return False
    t = ctx.type_of(operand)
    if t is None:
        # only a variable's value, never a constant of an unknown package (`pkg.Name[1:]`)
        return None if storage.root_symbol(ctx, operand) is not None else False
    return ctx.program.is_string(t) and str(t) != "untyped string"


def _is_package_constant(ctx: Context, selector: Node) -> bool:
    """`pkg.Const`: a constant of an imported package."""
    pkg = selector.child_by_field_name(F.OPERAND)
    import_path = ctx.program.package_of_selector(pkg, ctx.file) if pkg is not None else None
    package = ctx.program.package(import_path) if import_path is not None else None
    decl = package.values.get(ctx.text(selector.child_by_field_name(F.FIELD))) if package else None
    return decl is not None and decl.kind == "const"


def _wastes_little(ctx: Context, substring: Node, operand: Node) -> bool:
    """Substrings whose extra retention is not worth a copy."""
    return _constant_trim(ctx, substring, operand) or _cut_into_pieces(ctx, substring, operand)


def _constant_trim(ctx: Context, substring: Node, operand: Node) -> bool:
    """`s[4:]`, `s[:len(s)-1]`, `s[len(prefix):]`, `s[:]`, `s[:len(s)-int(pad)]` with a byte-sized
    `pad`: all but a few bytes is kept, so copying would duplicate nearly all of `s` to free a few
    bytes (as GFL002 for slices)."""
    low_node = substring.child_by_field_name(F.LOW)
    low = slicing.offset(ctx, low_node, follow_locals=True)
    low_constant = low is None or low.is_const() or slicing.small_bound(ctx, low_node)
    return low_constant and slicing.near_length(ctx, substring.child_by_field_name(F.HIGH), operand)


def _cut_into_pieces(ctx: Context, substring: Node, operand: Node) -> bool:
    """A tokenizer: `s[start:i]` with `start = i + 1` in the same function.  The pieces it keeps
    cover `s` together, so `s` stays alive with or without copies (encoding/csv cuts one string
    into all of a record's fields on purpose, to allocate once)."""
    low = syntax.unparen(substring.child_by_field_name(F.LOW))
    if low is None or low.type != K.IDENTIFIER:
        return False
    symbol = ctx.resolve(low)
    if symbol is None or symbol.where != scope.LOCAL or symbol.kind != scope.VAR or symbol.func is None:
        return False
    body = syntax.function_body(symbol.func)
    if body is None:
        return False
    piece_ends = {
        end.term
        for other in ctx.find(K.SLICE_EXPRESSION, within=body)
        if slicing.same_expr(ctx, other.child_by_field_name(F.OPERAND), operand)
        and slicing.same_expr(ctx, other.child_by_field_name(F.LOW), low)
        and (end := slicing.offset(ctx, other.child_by_field_name(F.HIGH))) is not None
        and end.term is not None
    }
    return any(
        (start := slicing.offset(ctx, _assigned_value(use))) is not None and start.term in piece_ends
        for use in slicing.assignments_to(ctx, symbol)
    )


def _assigned_value(target: Node) -> Node | None:
    """The value `x = v` gives the variable `target` names (None for `x++`, `x += v`, `&x`)."""
    targets = target.parent
    assignment = targets.parent if targets is not None else None
    if assignment is None or assignment.type != K.ASSIGNMENT or syntax.operator(assignment) != "=":
        return None
    left, right = syntax.items(targets), syntax.items(assignment.child_by_field_name(F.RIGHT))
    index = next((i for i, t in enumerate(left) if t.id == target.id), -1)
    return right[index] if 0 <= index < len(right) and len(left) == len(right) else None


def _finding(
    ctx: Context, substring: Node, operand: Node, store: storage.Store, copy_at: Node, inferred: gotypes.Type | None
) -> Finding:
    base = ctx.text(operand)
    if store.via_local:
        message = (
            f"{store.destination} keeps {store.via_local}, a substring of {base}, "
            f"which pins all of {base} in memory; store a copy"
        )
    else:
        message = (
            f"{store.destination} keeps the substring {ctx.text(substring)}, "
            f"which pins all of {base} in memory; store a copy"
        )
    return ctx.finding(store.value, message, *_fixes(ctx, copy_at, inferred))


def _fixes(ctx: Context, value: Node, inferred: gotypes.Type | None = None):
    t = ctx.type_of(value) or inferred
    if t is None:
        return []
    named = str(t) != "string"  # a defined string type (or a type parameter)
    spelled = ctx.spell(t, value) if named else "string"
    if spelled is None:
        return []
    clone = _clone_name(ctx, value)
    if clone is not None and (not named or slicing.is_universe(ctx, "string", value)):
        return [_clone_fix(ctx, value, clone, spelled if named else None)]
    if slicing.is_universe(ctx, "byte", value) and (named or slicing.is_universe(ctx, "string", value)):
        # converting through []byte copies; it converts straight back to a named string type
        copy = f"{spelled}([]byte({ctx.text(value)}))"
        return [ctx.fix(f"copy the substring with {spelled}([]byte(...))", ctx.replace(value, copy))]
    return []  # `string` or `byte` is redeclared here: no copy we can spell safely


def _clone_name(ctx: Context, at: Node) -> str | None:
    """The name to call strings.Clone with, or None when it is unavailable (old Go, import cycle, name taken)."""
    if ctx.version < CLONE_SINCE or _below_strings(ctx.file.import_path):
        return None
    return ctx.import_name("strings", at)


def _clone_fix(ctx: Context, value: Node, clone: str, named: str | None):
    """`strings.Clone(s[i:j])`; for a defined string type `Name(strings.Clone(string(s[i:j])))`."""
    text = ctx.text(value)
    copy = f"{named}({clone}.Clone(string({text})))" if named else f"{clone}.Clone({text})"
    return ctx.fix("copy the substring with strings.Clone", ctx.replace(value, copy), imports=("strings",))


RULE = Rule(
    id="GFL001",
    name="substring-retention",
    title="substring stored in a long-lived place pins the whole string",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    min_go=CLONE_SINCE,
    needles=(b":",),
)
