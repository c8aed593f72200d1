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
string to, on every path before (`u.raw = s; u.host = s[a:b]`, or an object
made holding it, `cfg = &Config{dsn: dsn}; cfg.user = dsn[:k]`, with `s`
only ever re-sliced from itself).  A field of another object reached through it
(`p.cur.Lit = p.src[a:b]`) is reported: that object may outlive the one
holding the string.  Known limits: a substring handed to a function that
stores it (`newNode(path[:i])`) is not followed, and a substring kept in a
per-request object that is recycled (a router's path parameters) is
reported although the request already holds the whole string.

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

from gofixleak.analysis import matters, slicing, storage, summaries
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Rule, Safety
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.goversion import GoVersion
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

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
        if slicing.nested_view(node):
            continue  # s[a:][:b]: the outer expression is the substring that is kept
        operand = node.child_by_field_name(F.OPERAND)
        known = _pins_a_string(ctx, operand)
        if known is False or _wastes_little(ctx, node, operand):
            continue
        candidates = storage.stores(ctx, node) + summaries.stores_through_calls(ctx, node)
        stores = [s for s in candidates if matters.why_harmless(ctx, node, operand, s) is None]
        inferred = None
        if known is None:
            # the operand's type is unknown (an API gofixleak has no stubs for): a substring stored
            # where only a string fits is one
            inferred = slicing.common_expected_type(ctx, [s.value for s in stores], ctx.program.is_string)
            if inferred is None:
                continue
        # a local stored in several places is copied once, where it is made
        at_definition = len(stores) > 1 and all(s.via_local for s in stores)
        for store in stores:
            copy_at = _copy_site(ctx, node if at_definition else store.value)
            yield _finding(ctx, node, operand, store, copy_at, inferred)


def _copy_site(ctx: Context, value: Node) -> Node:
    """The expression to copy: `string(name[:i])`, a named string type's substring converted to
    string, is copied whole (`strings.Clone(string(name[:i]))`, not a round trip through Name)."""
    arguments = value.parent
    call = arguments.parent if arguments is not None and arguments.type == K.ARGUMENTS else None
    if call is None or call.type != K.CALL_EXPRESSION or len(grammar.named(arguments)) != 1:
        return value
    target = ctx.program.conversion_type(call.child_by_field_name(F.FUNCTION), ctx.file)
    if target is None or str(target) != "string" or str(ctx.type_of(value)) == "string":
        return value
    return call


def _pins_a_string(ctx: Context, operand: Node | None) -> bool | None:
    """A string-typed operand whose bytes live on the heap (not a constant or literal); None when
    the operand is a variable (or a field reached from one) whose type gofixleak does not know."""
    operand = grammar.unparen(operand)
    if operand is None or operand.type in grammar.STRING_LITERAL_KINDS:
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
    return slicing.constant_trim(ctx, substring, operand)


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
    in_tests=False,
)
