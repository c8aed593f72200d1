"""Positive evidence that the base of a view is large: worth a copy when a small part of it is kept.

A substring or subslice pins its whole base, but that only matters when the
base is much larger than what is kept.  Most strings and slices in real
code are small (flags, addresses, names, keys, small fixed buffers), and a
view of a parameter or a field says nothing about its size.  So the
retention rules ask for evidence, in the function that cuts the view:

- the base is a whole file, body or stream read into memory: the result of
  `os.ReadFile`, `io.ReadAll` (and their `io/ioutil` forms), or a
  conversion of one (`string(data)`);
- the base is made here with a large constant size, of at least
  `LARGE_BYTES` bytes: an array `make([]byte, 64<<10)`, `make([]T, n,
  maxSize)` (a read buffer sized for the largest message), a local array
  `[65536]byte`, or `strings.Repeat(s, 1<<20)`;
- the base shares the memory of such a value: a view of it (`data[i:]`),
  the pieces `strings`/`bytes` cut it into without copying (`Split`,
  `Fields`, `Cut`, `TrimSpace`...), an element of those pieces, or a range
  variable over them (`for _, line := range strings.Split(text, "\n")`).

Locals are followed through every value they are given; one value without
evidence (a parameter, a field, a call gofixleak cannot size) and the
answer is no.

A whole read is not always a large document: key files, nonces, pid files
and headers are read whole too.  A read that the function handles as a
small fixed-layout record, whose length it checks against a constant of
less than `LARGE_BYTES` (`if len(key) < minKeySize`) and whose kept view is
cut at a fixed offset (a constant, or a size an API reports: `NonceSize()`,
`Size()`), is not evidence.
"""

from __future__ import annotations

from gofixleak.analysis import bindings, slicing
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# At least this many bytes is a large array: a few KiB, the size of a page or of a read buffer
# sized for the maximum message, far above the keys, nonces and headers kept from small buffers.
LARGE_BYTES = 4096

# Calls whose result is a whole file or stream held in memory.
_WHOLE_READS = frozenset({"os.ReadFile", "io.ReadAll", "io/ioutil.ReadAll", "io/ioutil.ReadFile"})

# Functions of strings and bytes whose results share the memory of their first argument.
_SHARING = frozenset(
    {
        "Split",
        "SplitN",
        "SplitAfter",
        "SplitAfterN",
        "SplitSeq",
        "SplitAfterSeq",
        "Fields",
        "FieldsFunc",
        "FieldsSeq",
        "FieldsFuncSeq",
        "Lines",
        "Cut",
        "CutPrefix",
        "CutSuffix",
        "Trim",
        "TrimSpace",
        "TrimLeft",
        "TrimRight",
        "TrimPrefix",
        "TrimSuffix",
        "TrimFunc",
    }
)

# Sizes of predeclared types on 64-bit platforms.
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

_MAX_DEPTH = 8


def size_of(view: FileView, t: gt.Type | None, depth: int = 0) -> int | None:
    """Bytes a value of `t` takes on a 64-bit platform (padding ignored), None when unknown."""
    under = view.underlying(t)
    if under is None or depth > 8:
        return None
    if isinstance(under, gt.Basic):
        return _BASIC_SIZES.get(under.name)
    if isinstance(under, (gt.Pointer, gt.Map, gt.Chan, gt.Signature)):
        return 8
    if isinstance(under, gt.Interface):
        return 16
    if isinstance(under, gt.Slice):
        return 24
    if isinstance(under, gt.Array):
        elem = size_of(view, under.elem, depth + 1)
        return None if elem is None or under.length is None else elem * under.length
    if isinstance(under, gt.Struct):
        sizes = [size_of(view, f.type, depth + 1) for f in under.fields]
        return None if any(s is None for s in sizes) else sum(sizes)  # type: ignore[arg-type]
    return None


def large_base(view: FileView, base: Node | None, cut: Node | None = None) -> str | None:
    """What shows that `base` (the operand of the slice expression `cut`) is large, or None when
    nothing does."""
    reason = _evidence(view, base, 0, set())
    if reason is not None and cut is not None and _small_record(view, base, cut):
        return None
    return reason


def _small_record(view: FileView, base: Node | None, cut: Node) -> bool:
    """`key` read whole, checked with `len(key) < minKeySize` and cut at `key[:k.NonceSize()]`:
    a fixed-layout record of a few bytes, not a large document (see the module docstring)."""
    node = grammar.unparen(base)
    func = grammar.enclosing_function(cut)
    body = grammar.function_body(func) if func is not None else None
    if node is None or node.type != K.IDENTIFIER or body is None:
        return False
    bounds = [cut.child_by_field_name(f) for f in (F.LOW, F.HIGH, F.MAX)]
    if not any(b is not None for b in bounds) or not all(b is None or _fixed(view, b, 0) for b in bounds):
        return False
    length = slicing.len_key(view, node)
    for comparison in grammar.find_all(body, (K.BINARY_EXPRESSION,)):
        if grammar.operator(comparison) not in ("<", "<=", ">", ">=", "==", "!="):
            continue
        sides = [grammar.unparen(comparison.child_by_field_name(f)) for f in (F.LEFT, F.RIGHT)]
        if any(slicing.canonical(view, side) == length for side in sides):
            constants = [view.program.constant_int(side, view.file) for side in sides]
            if any(c is not None and 0 < c < LARGE_BYTES for c in constants):
                return True
    return False


def _fixed(view: FileView, node: Node | None, depth: int) -> bool:
    """A constant offset, a size an API reports (`k.NonceSize()`, `h.Size()`), a sum of those, or a
    local set once to one."""
    node = grammar.unparen(node)
    if node is None or depth > 4:
        return False
    if view.program.constant_int(node, view.file) is not None:
        return True
    if node.type == K.BINARY_EXPRESSION and grammar.operator(node) in ("+", "-", "*"):
        return _fixed(view, node.child_by_field_name(F.LEFT), depth + 1) and _fixed(
            view, node.child_by_field_name(F.RIGHT), depth + 1
        )
    if node.type == K.CALL_EXPRESSION:
        function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
        field = function.child_by_field_name(F.FIELD) if function is not None else None
        no_args = not grammar.named(node.child_by_field_name(F.ARGUMENTS))
        return field is not None and no_args and view.text(field).endswith("Size")
    if node.type == K.IDENTIFIER:
        symbol = view.resolve(node)
        if symbol is None or symbol.where != sc.LOCAL or symbol.value is None:
            return False
        return not slicing.assignments_to(view, symbol) and _fixed(view, symbol.value, depth + 1)
    return False


def _evidence(view: FileView, node: Node | None, depth: int, seen: set[int]) -> str | None:
    node = grammar.unparen(node)
    if node is None or depth > _MAX_DEPTH:
        return None
    if node.type in (K.SLICE_EXPRESSION, K.INDEX_EXPRESSION):
        # a view of a large value, or an element of the pieces of one, shares its memory
        return _evidence(view, node.child_by_field_name(F.OPERAND), depth + 1, seen)
    if node.type == K.CALL_EXPRESSION:
        return _call_evidence(view, node, depth, seen)
    if node.type == K.IDENTIFIER:
        return _local_evidence(view, node, depth, seen)
    return None


def _call_evidence(view: FileView, call: Node, depth: int, seen: set[int]) -> str | None:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    if function is None:
        return None
    if view.program.conversion_type(function, view.file) is not None:
        # string(data), []byte(text): the copy is as large as what it converts
        return _evidence(view, args[0], depth + 1, seen) if len(args) == 1 else None
    if function.type == K.IDENTIFIER and view.text(function) == "make" and slicing.is_universe(view, "make", function):
        return _made_large(view, call, args)
    qualified = _qualified(view, function)
    if qualified in _WHOLE_READS:
        return f"{qualified} reads a whole file or stream"
    package, _, name = (qualified or "").rpartition(".")
    if package in ("strings", "bytes") and name == "Repeat" and len(args) == 2:
        count = view.program.constant_int(args[1], view.file)
        if count is not None and count >= LARGE_BYTES:  # each repetition is at least a byte
            return f"it repeats its text {count} times"
        return None
    if package in ("strings", "bytes") and name in _SHARING and args:
        return _evidence(view, args[0], depth + 1, seen)
    return None


def _qualified(view: FileView, function: Node) -> str | None:
    """`os.ReadFile` for a call of a function of an imported package."""
    if function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    package = view.program.package_of_selector(operand, view.file) if operand is not None else None
    return f"{package}.{view.text(function.child_by_field_name(F.FIELD))}" if package is not None else None


def _made_large(view: FileView, call: Node, args: list[Node]) -> str | None:
    """`make([]T, n)` or `make([]T, n, max)` with a constant capacity of at least LARGE_BYTES."""
    if len(args) < 2:
        return None
    slice_type = view.underlying(view.type_of(call))
    if not isinstance(slice_type, gt.Slice):
        return None
    count = view.program.constant_int(args[-1], view.file)
    elem = size_of(view, slice_type.elem)
    if count is None or elem is None or count * elem < LARGE_BYTES:
        return None
    return f"it is made with room for {count * elem} bytes"


def _local_evidence(view: FileView, ident: Node, depth: int, seen: set[int]) -> str | None:
    """A local whose every value is large (a local array of a large type counts as one)."""
    symbol = view.resolve(ident)
    if symbol is not None and symbol.where == sc.PARAM and symbol.func is not None:
        return _passed_large(view, symbol, depth, seen)
    if symbol is None or symbol.where != sc.LOCAL or symbol.kind != sc.VAR or symbol.decl is None:
        return None
    if symbol.decl.id in seen:
        return "recursive"  # `data = data[n:]`: a view of itself is as large as the rest says
    seen = seen | {symbol.decl.id}
    array = view.underlying(view.type_of(ident))
    if isinstance(array, gt.Array):
        size = size_of(view, array)
        return f"it is an array of {size} bytes" if size is not None and size >= LARGE_BYTES else None
    values = _values(view, symbol)
    if not values:
        return None
    found: str | None = None
    for value in values:
        reason = _evidence(view, value, depth + 1, seen)
        if reason is None:
            return None
        if reason != "recursive":
            found = found or reason
    return found


def _passed_large(view: FileView, param: sc.Symbol, depth: int, seen: set[int]) -> str | None:
    """A parameter of a function of the package that one of its calls, in a file of the package,
    gives a large value (`parse(string(data))` after `data, _ := os.ReadFile(p)`): the function
    keeps a view of what that caller read.  Calls are matched by name (a method by its name on
    any receiver) and position; variadic parameters and function literals are not followed."""
    func = param.func
    if func is None or func.type not in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION) or param.variadic:
        return None
    index = bindings.parameter_index(func, param)
    name_node = func.child_by_field_name(F.NAME)
    if index is None or name_node is None or depth >= _MAX_DEPTH - 2:
        return None
    name = view.text(name_node)
    method = func.type == K.METHOD_DECLARATION

    def compute() -> str | None:
        for parsed, call, function in _calls_named(view).get(name, ()):
            if method != (function.type == K.SELECTOR_EXPRESSION):
                continue
            args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
            if index >= len(args):
                continue
            reason = _evidence(view.sibling(parsed), args[index], depth + 1, set())
            if reason is not None and reason != "recursive":
                return f"{reason}, passed by a call of {name}"
        return None

    facts = view.program.facts
    if facts is None:
        return compute()
    # one answer per parameter and depth for the whole package: callers of callers are asked
    # once, not once per path to them (names like `Pos` have thousands of calls); a cycle of
    # calls answers "no evidence"
    key = (view.file.path, func.start_byte, index, depth)
    return facts.remembered("passed_large", key, compute, cycle=None)


def _calls_named(view: FileView) -> dict[str, list[tuple[ParsedFile, Node, Node]]]:
    """The calls in the files of the package, by the name they call (`f(..)` and `x.f(..)`), read
    once per package: (file, call, function expression)."""
    facts = view.program.facts

    def compute() -> dict[str, list[tuple[ParsedFile, Node, Node]]]:
        files = facts.files if facts is not None and facts.files else [view.file]
        calls: dict[str, list[tuple[ParsedFile, Node, Node]]] = {}
        for parsed in files:
            for call in grammar.find_all(parsed.tree.root_node, (K.CALL_EXPRESSION,)):
                function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
                if function is None or function.type not in (K.SELECTOR_EXPRESSION, K.IDENTIFIER):
                    continue
                named = function.child_by_field_name(F.FIELD) if function.type == K.SELECTOR_EXPRESSION else function
                calls.setdefault(grammar.text(named), []).append((parsed, call, function))
        return calls

    # kept with the package's facts, replaying its reads of every file (for the cache)
    return compute() if facts is None else facts.remembered("calls_named", None, compute)


def _values(view: FileView, symbol: sc.Symbol) -> list[Node] | None:
    """Every value the local is given (its declaration's and its assignments'), as expressions
    whose size is the local's; None when one cannot be told (`x += ..`, `&x`, a multi-value call
    other than a whole read, a channel receive)."""
    values: list[Node] = []
    if symbol.range_clause is not None:
        ranged = symbol.range_clause.child_by_field_name(F.RIGHT)
        call = grammar.unparen(ranged)
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        called = (
            _qualified(view, function) if call is not None and call.type == K.CALL_EXPRESSION and function else None
        )
        iterator = called is not None and (called.endswith("Seq") or called.endswith(".Lines"))
        # for _, piece := range pieces (index 1), for piece := range strings.SplitSeq(..) (index 0)
        if ranged is None or symbol.index != (0 if iterator else 1):
            return None
        values.append(ranged)
    elif symbol.tuple_value is not None:
        if not _result_is_value(view, symbol.tuple_value, symbol.index):
            return None
        values.append(symbol.tuple_value)
    elif symbol.value is not None:
        values.append(symbol.value)
    for write in slicing.assignments_to(view, symbol):
        value = slicing.assigned_value(write)
        if value is None:
            value = _tuple_assigned(view, write)
        if value is None:
            return None
        values.append(value)
    return values


def _result_is_value(view: FileView, value: Node, index: int) -> bool:
    """`data, err := os.ReadFile(p)`, `before, after, ok := strings.Cut(s, sep)`: result `index`
    of the call is the value read (or a piece of the call's first argument)."""
    call = grammar.unparen(value)
    if call is None or call.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    qualified = _qualified(view, function) if function is not None else None
    if qualified is None:
        return False
    package, _, name = qualified.rpartition(".")
    if qualified in _WHOLE_READS or (package in ("strings", "bytes") and name in ("CutPrefix", "CutSuffix")):
        return index == 0
    return package in ("strings", "bytes") and name == "Cut" and index in (0, 1)


def _tuple_assigned(view: FileView, write: Node) -> Node | None:
    """`data, err = os.ReadFile(p)`: the call, when `write` is the target of its value."""
    sides = slicing.assignment_sides(write)
    if sides is None:
        return None
    left, right, index = sides
    if len(right) != 1 or len(left) < 2 or not _result_is_value(view, right[0], index):
        return None
    return right[0]
