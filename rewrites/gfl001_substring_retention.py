"""A substring stored where it outlives the call keeps the whole original string alive.

## What it does
Flags a substring, a slice expression `s[i:j]` whose operand is a string,
that is stored somewhere that outlives the function: a package-level
variable, a field of the receiver or of a struct reached through a pointer,
an element of a shared map or slice, a channel send, or an `append` to such
a place.  The substring may be stored directly, inside a composite literal,
or through a local variable that holds it.

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
change.  Substrings of constants and literals, substrings only used locally,
returned or passed to a function, and values already cloned are left alone.
"""

from __future__ import annotations

from gofixleak import scope, storage, syntax
from gofixleak.context import Context
from gofixleak.goversion import GoVersion
from gofixleak.rule import Finding, Rule, Safety
from gofixleak.syntax import F, K, Node

CLONE_SINCE = GoVersion(1, 18)

# Packages that package strings itself depends on (and strings): importing
# strings there would be an import cycle, so they get string([]byte(...)).
_BELOW_STRINGS = ("runtime", "unsafe", "errors", "io", "iter", "sync", "unicode", "math", "strings", "internal/")


def _below_strings(import_path: str) -> bool:
    return any(
        import_path == p.rstrip("/") or import_path.startswith(p if p.endswith("/") else p + "/")
        for p in _BELOW_STRINGS
    )


def check(ctx: Context):
    for node in ctx.find(K.SLICE_EXPRESSION):
        parent = node.parent
        if parent is not None and parent.type == K.SLICE_EXPRESSION and _is_operand(parent, node):
            continue  # s[a:][:b]: the outer expression is the substring that is kept
        operand = node.child_by_field_name(F.OPERAND)
        if not _pins_a_string(ctx, operand):
            continue
        for store in storage.stores(ctx, node):
            if storage.same_owner(ctx, operand, store.target):
                continue  # p.s = p.s[1:]: the owner already keeps the whole string
            yield _finding(ctx, node, operand, store)


def _is_operand(parent: Node, child: Node) -> bool:
    operand = parent.child_by_field_name(F.OPERAND)
    return operand is not None and operand.id == child.id


def _pins_a_string(ctx: Context, operand: Node | None) -> bool:
    """A string-typed operand whose bytes live on the heap (not a constant or literal)."""
    operand = syntax.unparen(operand)
    if operand is None or operand.type in syntax.STRING_LITERAL_KINDS:
        return False
    if operand.type == K.IDENTIFIER:
        symbol = ctx.resolve(operand)
        if symbol is not None and symbol.kind == scope.CONST:
            return False
    if operand.type == K.SELECTOR_EXPRESSION:
        # pkg.Const
        pkg = operand.child_by_field_name(F.OPERAND)
        if pkg is not None and ctx.program.package_of_selector(pkg, ctx.file) is not None:
            package = ctx.program.package(ctx.program.package_of_selector(pkg, ctx.file) or "")
            decl = package.values.get(ctx.text(operand.child_by_field_name(F.FIELD))) if package else None
            if decl is not None and decl.kind == "const":
                return False
    t = ctx.type_of(operand)
    return t is not None and ctx.program.is_string(t) and str(t) != "untyped string"


def _finding(ctx: Context, substring: Node, operand: Node, store: storage.Store) -> Finding:
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
    return ctx.finding(store.value, message, *_fixes(ctx, store.value))


def _fixes(ctx: Context, value: Node):
    t = ctx.type_of(value)
    if t is None:
        return []
    for builtin in ("string", "byte"):
        symbol = ctx.lookup(builtin, value)
        if symbol is None or symbol.where != scope.UNIVERSE:
            return []  # someone redeclared `string` or `byte`: no fix we can spell safely
    text = ctx.text(value)
    named = str(t) != "string"  # a defined string type (or a type parameter)
    clone_name = None
    if ctx.version >= CLONE_SINCE and not _below_strings(ctx.file.import_path):
        clone_name = ctx.import_name("strings", value)
    spelled = ctx.spell(t, value) if named else "string"
    if spelled is None:
        return []
    if clone_name is not None:
        copy = f"{clone_name}.Clone({f'string({text})' if named else text})"
        copy = f"{spelled}({copy})" if named else copy
        imports, how = ("strings",), "strings.Clone"
    else:
        # converting through []byte copies; it converts straight back to a named string type
        copy, imports, how = f"{spelled}([]byte({text}))", (), f"{spelled}([]byte(...))"
    return [
        ctx.fix(
            f"copy the substring with {how}",
            ctx.replace(value, copy),
            safety=Safety.SAFE,
            imports=imports,
        )
    ]


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
