"""Where a value made in a region of code goes: the locals that come to hold it and how it leaves.

`Follow(view, region).leaves(symbols)` walks the uses of the symbols, and of
every local of the region they flow into (assignments, composite literals,
the results of calls that may hold them), and says how one leaves the region:
stored in a place declared outside it (a variable, a field, a map key or
value, an element), sent on a channel, used by a goroutine, or kept by a call
it is handed to.  The package's own functions are looked into (a few calls
deep, also in other files); standard functions keep nothing but what the
tables below say; anything else may keep it, which is a doubt, not an escape.

The region is a loop body for GFL007 (does a resource outlive the iteration?);
storage.outlives answers the related question for a whole function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gofixleak.analysis import flow, loops, storage
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope, stdlib
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Standard functions that keep what they are given past the call (the log package's output, the default
# slog logger, published and registered values), or run a function they are given later.
_STD_KEEPING_FUNCTIONS = frozenset(
    {
        "container/heap.Push",
        "context.AfterFunc",
        "database/sql.Register",
        "expvar.Publish",
        "flag.Var",
        "log.SetOutput",
        "log/slog.SetDefault",
        "net/http.Handle",
        "net/http.HandleFunc",
        "os/signal.Notify",
        "runtime.AddCleanup",
        "runtime.SetFinalizer",
        "runtime/debug.SetCrashOutput",
        "time.AfterFunc",
    }
)
# Methods of standard types that keep their argument in the receiver (lists, sync.Map, atomics, pools,
# readers reset onto a new source, muxes, loggers and flag sets given a new output).
_STD_KEEPING_METHODS = frozenset(
    {
        "CompareAndSwap",
        "Handle",
        "HandleFunc",
        "InsertAfter",
        "InsertBefore",
        "LoadOrStore",
        "PushBack",
        "PushFront",
        "Put",
        "Reset",
        "SetOutput",
        "Store",
        "Swap",
    }
)
# Methods that run the function they are given on another goroutine: sync.WaitGroup.Go, errgroup.Group.Go.
_GOROUTINE_METHODS = frozenset({"Go"})
# Methods of a resource whose results describe it without holding it (`fi, err := f.Stat()`).
_SNAPSHOT_METHODS = frozenset({"Stat", "Lstat", "ReadDir", "Readdir", "LocalAddr", "RemoteAddr", "ColumnTypes"})
_SUBTEST_TYPES = frozenset({"T", "B"})
# Selectors that lead from a server, listener or connection to the string that names it.
_ADDRESS_SELECTORS = frozenset({"URL", "Addr", "LocalAddr", "RemoteAddr"})
# How many calls deep the package's own functions are looked into before giving up.
MAX_CALL_DEPTH = 3


class Follow:
    """Following a resource through one function body: the loop body, or a function it is passed to.

    `leaves` walks the uses of the resource and of every local it flows
    into, and says how it leaves the body (stored outside, sent, used by a
    goroutine, kept by a call); what a call may do with it that we cannot
    tell is collected in `doubts`.
    """

    def __init__(
        self, ctx: FileView, body: Node, *, views: bool = False, depth: int = 0, within: frozenset[tuple] = frozenset()
    ):
        self.ctx = ctx
        self.body = body
        self.views = views  # a slice of bytes taken from the resource may be a view of its memory
        self.depth = depth
        self.within = within  # the parameters of the calls being followed into, to stop at recursion
        self.doubts: list[str] = []
        self.holders: set[scope.Symbol] = set()  # the symbols known to hold the resource
        self.addresses: set[scope.Symbol] = set()  # ... or only its address, like `u := srv.URL`
        self.stored_in: scope.Symbol | None = None  # the variable outside the region it was stored in

    def leaves(self, symbols: list[scope.Symbol], skip: Callable[[Node], bool] = lambda _: False) -> str | None:
        """How one of `symbols` (or a local it flows into) leaves the body, if it does."""
        work = list(symbols)
        self.holders.update(work)
        done: set[scope.Symbol] = set()
        while work:
            symbol = work.pop()
            if symbol in done:
                continue
            done.add(symbol)
            for use in self.ctx.uses(symbol, self.body):
                if (symbol.decl is not None and use.id == symbol.decl.id) or skip(use):
                    continue
                doubts: list[str] = []
                verdict = self._flow(use, doubts, symbol in self.addresses)
                if isinstance(verdict, str):
                    return f"{symbol.name} {verdict}"
                for doubt in doubts:
                    if f"{symbol.name} {doubt}" not in self.doubts:
                        self.doubts.append(f"{symbol.name} {doubt}")
                self.holders.update(verdict)
                work.extend(verdict)
        return None

    def _flow(self, use: Node, doubts: list[str], address: bool = False) -> list[scope.Symbol] | str:
        """Follow one use outwards: the locals the resource ends up in, or how it leaves the body.

        The resource's address (`srv.URL`, `ln.Addr().String()`) does not hold
        the resource but names it: kept past the iteration, it names something
        released, which is a doubt (`address`: the use is of an address already).
        """
        ctx = self.ctx
        current = outermost_closure(use, self.body) or use
        found: list[scope.Symbol] = []
        while True:
            if current.id != use.id and not address and not _may_carry(ctx, ctx.type_of(current), self.views):
                return found  # a number, string, bool, error or []byte computed from it: not the resource
            parent = current.parent
            if parent is None:
                return found
            kind = parent.type
            if kind == K.GO_STATEMENT:
                return _leaving("is used by a goroutine", address, doubts, found)
            if kind in (K.PARENTHESIZED_EXPRESSION, K.TYPE_ASSERTION_EXPRESSION):
                current = parent
            elif kind == K.UNARY_EXPRESSION and grammar.operator(parent) in ("&", "*"):
                current = parent
            elif kind in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
                operand = parent.child_by_field_name(F.OPERAND)
                if operand is None or operand.id != current.id:
                    key = self._map_key(parent, current)
                    if isinstance(key, str):
                        return _leaving(key, address, doubts, found)
                    return found + key  # used as an index: only its value is read, unless it is a key stored
                field_name = parent.child_by_field_name(F.FIELD)
                if field_name is not None and grammar.text(field_name) in _ADDRESS_SELECTORS:
                    address = True  # `srv.URL`, `ln.Addr()`: from here on what is followed is its address
                current = parent
            elif kind in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
                literal: Node | None = parent
                while literal is not None and literal.type in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
                    literal = literal.parent
                if literal is None:
                    return found
                current = literal
            elif kind == K.CALL_EXPRESSION:
                if _is_snapshot_call(parent) and not address:
                    return found  # `fi, err := f.Stat()`: the result describes the resource, it does not hold it
                current = parent  # the resource is the callee: `f.Close()`, `cancel()`, `func() {…}()`
            elif kind == K.ARGUMENTS:
                call = parent.parent
                if call is None or call.type != K.CALL_EXPRESSION:
                    return found
                if call.parent is not None and call.parent.type == K.GO_STATEMENT:
                    return _leaving("is used by a goroutine", address, doubts, found)
                if not address:  # a string is copied: only what the call returns is followed
                    verdict = self._handed_to(call, current, doubts)
                    if isinstance(verdict, str):
                        return verdict
                    found.extend(verdict)
                current = call  # what the call returns may hold it: `bufio.NewScanner(f)`
            elif kind == K.SEND_STATEMENT:
                value = parent.child_by_field_name(F.VALUE)
                if value is None or value.id != current.id:
                    return found
                return _leaving("is sent on a channel", address, doubts, found)
            elif kind == K.EXPRESSION_LIST:
                stored = self._stored_in(current, parent, address)
                return _leaving(stored, address, doubts, found) if isinstance(stored, str) else found + stored
            elif kind == K.RANGE_CLAUSE:
                right = parent.child_by_field_name(F.RIGHT)
                if right is None or right.id != current.id:
                    return found
                return found + self._locals(grammar.items(parent.child_by_field_name(F.LEFT)), address)
            elif kind == K.VAR_SPEC:
                return found + self._locals(grammar.fields(parent, F.NAME), address)
            else:
                return found

    def _map_key(self, index: Node, key: Node) -> list[scope.Symbol] | str:
        """`seen[s] = true`: the key is stored in the map, which holds it as long as the map lives
        (a map of the region holds it as a local does)."""
        if index.type != K.INDEX_EXPRESSION or not scope.is_child(key, index, F.INDEX) or not scope.is_written(index):
            return []
        container = self.ctx.underlying(self.ctx.type_of(index.child_by_field_name(F.OPERAND)))
        if not isinstance(container, gt.Map):
            return []
        root = storage.root_symbol(self.ctx, index.child_by_field_name(F.OPERAND))
        if root is not None and root.decl is not None and grammar.is_within(root.decl, self.body):
            return [root]
        self.stored_in = root
        return (
            f"is stored as a key of {self.ctx.text(index.child_by_field_name(F.OPERAND))}, which outlives the iteration"
        )

    def _locals(self, names: list[Node], address: bool) -> list[scope.Symbol]:
        """The locals `names` declare, which now hold the resource (or, with `address`, its address)."""
        symbols = _declared_locals(self.ctx, names)
        if address:
            self.addresses.update(symbols)
        return symbols

    def _stored_in(self, value: Node, values: Node, address: bool) -> list[scope.Symbol] | str:
        ctx = self.ctx
        owner = values.parent
        if owner is None:
            return []
        left = owner.child_by_field_name(F.LEFT)
        right = owner.child_by_field_name(F.RIGHT)
        if owner.type == K.VAR_SPEC:
            return self._locals(grammar.fields(owner, F.NAME), address)
        if owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION) or right is None or right.id != values.id:
            return []
        targets = grammar.items(left)
        items = grammar.items(values)
        if len(targets) == len(items):
            targets = [targets[next(i for i, v in enumerate(items) if v.id == value.id)]]
        out: list[scope.Symbol] = []
        for target in targets:
            t = ctx.type_of(target)
            if ctx.text(target) == "_" or t in (gt.ERROR, gt.BOOL) or not (address or _may_carry(ctx, t, self.views)):
                continue  # `n, err := f(r)`: the count and the error do not hold the resource
            root = storage.root_symbol(ctx, target)
            if root is not None and root in self.holders:
                continue  # `req.Body = save`: stored back into what already holds it
            if root is not None and root.where == scope.RESULT and _is_function_body(root.func, self.body):
                continue  # a named result of a function followed into: it reaches the caller like a return
            if root is None or root.decl is None or not grammar.is_within(root.decl, self.body):
                self.stored_in = root
                return f"is stored in {ctx.text(target)}, which outlives the iteration"
            out.append(root)
            if address:
                self.addresses.add(root)
        return out

    # --- calls it is handed to --------------------------------------------------------

    def _handed_to(self, call: Node, argument: Node, doubts: list[str]) -> list[scope.Symbol] | str:
        """What `call` does with `argument`, the resource or a function literal that uses it.

        Returns how the call keeps it past the iteration, or the locals of the
        body that now hold it (a receiver declared there: `w.Attach(f)`);
        what the call may do with it that we cannot tell goes to `doubts`.
        The package's own functions and methods are looked into; standard
        ones keep nothing but what the tables above say; anything else may.
        """
        ctx = self.ctx
        if _is_context(ctx, argument):
            return []  # by convention a context is passed to what needs it during the call, which bounds its use
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        via = "is used by a function literal passed to" if argument.type == K.FUNCTION_LITERAL else "is passed to"
        handed = _Handed(call, argument, f"{via} {_callee_text(ctx, function)}")
        if function is not None and function.type == K.FUNCTION_LITERAL:
            return self._callee_keeps(function, ctx.file, handed, doubts)
        if function is not None and function.type == K.IDENTIFIER:
            symbol = ctx.resolve(function)
            if symbol is not None and symbol.kind == scope.BUILTIN and symbol.name == "copy":
                return self._copied_into(call, argument)
            if symbol is not None and symbol.kind in (scope.BUILTIN, scope.TYPE):
                return []  # append, conversions: the result is followed
            decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
            if decl is not None:
                return self._callee_keeps(decl.spec, decl.file, handed, doubts)
        elif function is not None and ctx.program.conversion_type(function, ctx.file) is not None:
            return []
        elif function is not None and function.type == K.SELECTOR_EXPRESSION:
            operand = function.child_by_field_name(F.OPERAND)
            name = grammar.text(function.child_by_field_name(F.FIELD))
            path = ctx.program.package_of_selector(operand, ctx.file) if operand is not None else None
            if path is None:
                return self._handed_to_method(operand, name, handed, doubts)
            if is_std(ctx, path):
                return f"{handed.via}, which keeps it" if f"{path}.{name}" in _STD_KEEPING_FUNCTIONS else []
        doubts.append(handed.unknown)
        return []

    def _copied_into(self, call: Node, argument: Node) -> list[scope.Symbol] | str:
        """`copy(dst, src)` with the resource in `src`: it is stored in `dst`."""
        arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if len(arguments) != 2 or arguments[1].id != argument.id:
            return []
        destination = storage.root_symbol(self.ctx, arguments[0])
        if destination is not None and destination.decl is not None and grammar.is_within(destination.decl, self.body):
            return [destination]
        return f"is copied into {self.ctx.text(arguments[0])}, which outlives the iteration"

    def _handed_to_method(
        self, operand: Node | None, name: str, handed: _Handed, doubts: list[str]
    ) -> list[scope.Symbol] | str:
        """`_handed_to` for a method call `operand.name(…)`."""
        ctx = self.ctx
        closure = handed.argument.type == K.FUNCTION_LITERAL
        if name in _GOROUTINE_METHODS and closure:
            return f"{handed.via}, which runs it on another goroutine"
        named = named_type(ctx, operand)
        if named is not None and named.package == "testing" and named.name in _SUBTEST_TYPES and name == "Run":
            if closure and _calls_parallel(handed.argument):
                return f"{handed.via}, which runs it in a parallel subtest after the iteration"
            if closure:
                return []  # a subtest that does not call Parallel is over when Run returns
        if named is not None and named.package == ctx.file.import_path:
            method = ctx.program.facts.methods.get(named.name, {}).get(name)
            if method is not None:
                return self._callee_keeps(method.node, method.file, handed, doubts)
        receiver = storage.root_symbol(ctx, operand)
        if receiver is not None and receiver.decl is not None and grammar.is_within(receiver.decl, self.body):
            return [receiver]  # whatever the receiver keeps stays with it: follow the receiver
        if named is not None and is_std(ctx, named.package):
            return f"{handed.via}, which keeps it" if name in _STD_KEEPING_METHODS else []
        doubts.append(handed.unknown)
        return []

    def _callee_keeps(self, decl: Node, file: ParsedFile, handed: _Handed, doubts: list[str]) -> str | list:
        """Whether the package's own function (or a function literal) `decl` keeps the parameter that
        receives the argument: that parameter is followed through its body like the resource."""
        parameter = _parameter_for(decl, handed.call, handed.argument)
        callee_body = grammar.function_body(decl)
        if self.depth >= MAX_CALL_DEPTH or parameter is None or callee_body is None:
            doubts.append(handed.unknown)
            return []
        key = (file.path, parameter.start_byte)
        if key in self.within:
            return []  # a recursive call: the parameter is being followed already
        callee_ctx = self.ctx if file is self.ctx.file else view_for(self.ctx, file)
        symbol = callee_ctx.resolve(parameter)
        if grammar.text(parameter) == "_" or symbol is None:
            return []
        inner = Follow(callee_ctx, callee_body, views=self.views, depth=self.depth + 1, within=self.within | {key})
        escape = inner.leaves([symbol])
        if escape is not None:
            return f"{handed.via}, where {escape}"
        doubts.extend(f"{handed.via}, where {doubt}" for doubt in inner.doubts)
        return []


def _leaving(how: str, address: bool, doubts: list[str], found: list[scope.Symbol]) -> list[scope.Symbol] | str:
    """The resource leaves the body `how`; when only its address does, that is a doubt, not an escape."""
    if not address:
        return how
    doubts.append(f"is named by an address that {how}: code there may use it after its release")
    return found


@dataclass
class _Handed:
    """An argument handed to a call, and how to say so."""

    call: Node
    argument: Node
    via: str  # "is passed to r.add", "is used by a function literal passed to g.Go"

    @property
    def unknown(self) -> str:
        return f"{self.via}, which may keep it after the iteration"


def _parameter_for(decl: Node, call: Node, argument: Node) -> Node | None:
    """The parameter name of `decl` that receives `argument` of `call` (None for a variadic one)."""
    arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    index = next((i for i, a in enumerate(arguments) if a.id == argument.id), -1)
    names: list[Node | None] = []
    for declaration in grammar.named(decl.child_by_field_name(F.PARAMETERS)):
        if any(not c.is_named and c.type == "..." for c in declaration.children):
            break  # a variadic parameter: its uses see a slice of the arguments
        names.extend(grammar.fields(declaration, F.NAME) or [None])
    return names[index] if 0 <= index < len(names) else None


def view_for(ctx: FileView, file: ParsedFile) -> FileView:
    """A context for another file of the package, sharing this one's program."""
    return FileView(file.path, file.src, file.tree, ctx.version, file, lambda: ctx.program)


def _callee_text(ctx: FileView, function: Node | None) -> str:
    if function is None or function.type == K.FUNCTION_LITERAL:
        return "a function literal"
    text = ctx.text(function)
    return text if "\n" not in text and len(text) <= 40 else "a call"


def named_type(ctx: FileView, operand: Node | None) -> gt.Named | None:
    t = ctx.type_of(operand) if operand is not None else None
    if isinstance(t, gt.Pointer):
        t = t.elem
    return t if isinstance(t, gt.Named) else None


def is_std(ctx: FileView, path: str) -> bool:
    """A standard-library package: no dot in its first element, and not a package of this module
    (which a module with a dotless path like `example` shares the first element with)."""
    if path in stdlib.STUBS:
        return True
    first = path.split("/", 1)[0]
    return "." not in first and first != ctx.file.import_path.split("/", 1)[0]


def _calls_parallel(literal: Node) -> bool:
    """The subtest function calls t.Parallel(), so it goes on running after t.Run returns."""
    for call in flow.in_same_function(literal, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.SELECTOR_EXPRESSION:
            if grammar.text(function.child_by_field_name(F.FIELD)) == "Parallel":
                return True
    return False


def _is_context(ctx: FileView, value: Node) -> bool:
    return ctx.type_of(value) == gt.Named("context", "Context")


def _is_snapshot_call(call: Node) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    return (
        function is not None
        and function.type == K.SELECTOR_EXPRESSION
        and grammar.text(function.child_by_field_name(F.FIELD)) in _SNAPSHOT_METHODS
    )


def outermost_closure(use: Node, body: Node) -> Node | None:
    """The function literal of the body that captures `use`, if any (the closure carries it)."""
    return loops.outermost(use, body, K.FUNCTION_LITERAL)


def _may_carry(ctx: FileView, t: gt.Type | None, views: bool, depth: int = 0) -> bool:
    """Whether a value of type `t` can hold a reference to a resource: a pointer, interface, channel,
    function or type parameter somewhere in it.  Numbers, strings, errors cannot, nor a `[]byte`
    unless `views` (a slice taken from a buffer that goes back to a pool)."""
    if t is None or depth > 8:
        return True
    if isinstance(t, gt.Tuple):
        return any(_may_carry(ctx, item, views, depth + 1) for item in t.items)
    if isinstance(t, gt.Basic) or t == gt.ERROR:
        return False
    if isinstance(t, gt.Named):
        underlying = ctx.underlying(t)
        return underlying is None or isinstance(underlying, gt.Named) or _may_carry(ctx, underlying, views, depth + 1)
    if isinstance(t, gt.Slice) and views:
        return True
    if isinstance(t, (gt.Slice, gt.Array)):
        return _may_carry(ctx, t.elem, views, depth + 1)
    if isinstance(t, gt.Map):
        return _may_carry(ctx, t.key, views, depth + 1) or _may_carry(ctx, t.value, views, depth + 1)
    if isinstance(t, gt.Struct):
        return any(_may_carry(ctx, f.type, views, depth + 1) for f in t.fields)
    return True


def _is_function_body(func: Node | None, body: Node) -> bool:
    function_body = grammar.function_body(func) if func is not None else None
    return function_body is not None and function_body.id == body.id


def _declared_locals(ctx: FileView, names: list[Node]) -> list[scope.Symbol]:
    out = []
    for name in names:
        symbol = ctx.resolve(name)
        if symbol is not None and symbol.kind == scope.VAR:
            out.append(symbol)
    return out
