"""A substring stored where it outlives the call keeps the whole original string alive.

## What it does
Flags a substring, a slice expression `s[i:j]` whose operand is a string,
that is stored somewhere that outlives the function: a package-level
variable, a field of the receiver or of a struct reached through a pointer
(also a field promoted through an embedded pointer), an element or key of a
shared map or slice, a channel send, or an `append` to such a place.  The
substring may be stored directly, inside a composite literal, or through a
local variable that holds it.  It may also be passed to a function of the
module that keeps that parameter for good (in a package-level variable, a
field of its receiver or a channel, itself or through another call): the
finding is then at the call, where the copy belongs.  When the operand's
type is unknown (a result of an API gofixleak has no stubs for), a slice of
a variable stored where only a string fits (a `string` field, map key or
variable) is a substring.

A substring is reported only when it can keep alive substantially more than
itself for longer than the string would live anyway.  First, the string
must be shown to be large, in the function that cuts it: a whole file or
body read into memory (`os.ReadFile`, `io.ReadAll`, a conversion of their
result such as `string(data)`), or a piece of one that shares its memory (a
view of it, a line of `strings.Split(text, "\n")`, a half of
`strings.Cut`, a range variable over those pieces), or a large constant
repetition (`strings.Repeat(s, 1<<20)`); a parameter counts when a call in
the package passes such a value (`parse(string(data))`).  A substring of
another parameter, a field, a flag value, an address, a pattern or a line
read one at a time is not reported: most strings are small (command-line arguments,
dial addresses, names, settings), and a copy of a view of one frees a few
bytes while it adds an allocation.  A whole read handled as a small
fixed-layout record (its length checked against a constant under 4 KiB,
the view cut at a constant offset or at a size an API reports, such as
`NonceSize()`) is not evidence either.  The `any_size` option drops this
requirement and reports views of strings of any size.

Then, among the substrings of large strings, these are left alone, because
a copy would free little or nothing:

- substrings that drop only a few bytes: a constant number (`s[1:]`,
  `s[len(prefix):]`, `s[:len(s)-1]`), a byte-sized count, or a header whose
  size is a varint's or a UTF-8 sequence's (`b[2+n:]`);
- the string is already kept by the same object: the owner itself
  (`p.tok = p.src[a:b]`), another field given the whole string before, on
  every path and through any assignment (`qa.orig = s; qa.Name = s[:n]`,
  also when `s` was filled by `f(&s)`), or an object made holding it
  (`cfg = &Config{dsn: dsn}; cfg.user = dsn[:k]`); a field of another object
  reached through it (`p.cur.Lit = p.src[a:b]`) is reported, since that
  object may outlive the one holding the string;
- the pieces stored together cover the string: a key=value split kept in
  one object (`t.Key = s[:n]; t.Value = s[n+1:]`), the consecutive pieces
  of a tokenizer (`s[start:i]` with `start = i+1`), pieces stored in a loop
  over one string made outside it;
- the string lives as long as the process: the command line (`os.Args`,
  flag values, a `flag.Value`'s `Set`), package-level strings and data that
  are never reassigned;
- the object resets the field itself (a zero-copy design: a reset-like
  method such as `reset`, `Reset` or `returnToPool` sets it to `""` or
  zeroes the whole value, or the package clears the slices holding such
  objects), or the function empties the destination again before it
  returns;
- the destination is a cursor the package moves over the string, or the
  code says the view is deliberate ("zero-copy", "must not be modified",
  "keeps a reference to the original").

Known limits: a loop that stores views of one string is taken for a
partition of it even when only some pieces are kept, and a large string
that reaches the function through a field, or as a parameter from a caller
in another package, is not followed back to its read (without `any_size`,
such views are not reported).

## Why is this bad?
A substring shares the bytes of the string it was cut from; Go does not copy
them.  As long as the substring is reachable, so is the whole original
string.  Keeping a 16-byte ID cut from a 1 MiB request body in a cache keeps
the 1 MiB alive for as long as the cache holds the ID (Go 101, "Memory
Leaking Scenarios": kind-of memory leaking caused by substrings).

## Example
```go
var lastID string

func remember(path string) error {
        data, err := os.ReadFile(path)
        if err != nil {
                return err
        }
        lastID = string(data)[:16]
        return nil
}
```

## Use instead
```go
var lastID string

func remember(path string) error {
        data, err := os.ReadFile(path)
        if err != nil {
                return err
        }
        lastID = strings.Clone(string(data)[:16])
        return nil
}
```

## Fix safety
Safe.  `strings.Clone` returns a string equal to its argument, backed by a
fresh copy of just its bytes, so the program computes the same values and
only the memory that stays reachable changes.  The fix adds the `strings`
import when needed, reuses a renamed import, and writes
`string([]byte(s[i:j]))` instead, which also copies, for files whose Go
version is older than 1.18 (no `strings.Clone`) and inside the Go standard
library where its dependency rules forbid importing `strings` (`net`,
`syscall` and the packages below them: go/build's TestDependencies stays
green).  A substring of a named string type is
converted back (`Name(strings.Clone(string(s[i:j])))`) so its type does not
change.  A local variable stored in several places is copied once, where
it is made (`name := strings.Clone(line[:i])`).  Substrings of constants and
literals, substrings only used locally, returned or passed to a function,
and values already cloned are left alone.  No fix is offered where
`string` (or, for the older form, `byte`) is redeclared.

## Options
- `any_size` (default off): also report substrings of strings nothing shows
  to be large.
"""

from __future__ import annotations

from gofixleak.analysis import matters, retention, slicing, storage
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Rule, Safety
from gofixleak.semantics import gotypes, scope, stdlib_deps
from gofixleak.semantics.goversion import GoVersion
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL001"
CLONE_SINCE = GoVersion(1, 18)


def check(ctx: Context):
    for node in ctx.find(K.SLICE_EXPRESSION):
        if slicing.nested_view(node):
            continue  # s[a:][:b]: the outer expression is the substring that is kept
        operand = node.child_by_field_name(F.OPERAND)
        if operand is None:
            continue
        known = _pins_a_string(ctx, operand)
        if known is False or _wastes_little(ctx, node, operand):
            continue
        if matters.unproven_size(ctx, RULE_ID, node, operand):
            continue  # most strings are small: only a view of one shown to be large is worth a copy
        stores = retention.stores_that_matter(ctx, node, operand)
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
    function = call.child_by_field_name(F.FUNCTION) if call is not None else None
    if call is None or function is None or call.type != K.CALL_EXPRESSION or len(grammar.named(arguments)) != 1:
        return value
    target = ctx.program.conversion_type(function, ctx.file)
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
    """The name to call strings.Clone with, or None when it is unavailable: old Go, a package that
    may not import strings (strings itself, and the standard-library packages its dependency
    rules keep below strings, such as syscall and net), or the name is taken."""
    if ctx.version < CLONE_SINCE or not stdlib_deps.may_import(ctx.file.import_path, "strings"):
        return None
    return ctx.import_name("strings", at)


def _clone_fix(ctx: Context, value: Node, clone: str, named: str | None):
    """`strings.Clone(s[i:j])`; for a defined string type `Name(strings.Clone(string(s[i:j])))`."""
    text = ctx.text(value)
    copy = f"{named}({clone}.Clone(string({text})))" if named else f"{clone}.Clone({text})"
    return ctx.fix("copy the substring with strings.Clone", ctx.replace(value, copy), imports=("strings",))


RULE = Rule(
    id=RULE_ID,
    name="substring-retention",
    title="substring stored in a long-lived place pins the whole string",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    min_go=CLONE_SINCE,
    needles=(b":",),
    in_tests=False,
    options={matters.ANY_SIZE: matters.ANY_SIZE_HELP},
)
