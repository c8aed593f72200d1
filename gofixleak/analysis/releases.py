"""What a deferred call releases, and whether running it at the end of an iteration can be noticed.

A resource is a variable declared in a loop body whose value is made there
by a call or an allocation (`os.Open`, `db.Query`, `context.WithCancel`,
`pool.Get`), and is not a string (a string names state outside the program,
like a path).  A deferred call releases it when the resource is its receiver
or callee (`f.Close()`, `resp.Body.Close()`, `cancel()`) or one of its
arguments as such (`syscall.Close(fd)`, `pool.Put(buf)`).  `Release` also
says what else the deferred code does (writes outside variables, prints,
calls on outside state, waits), and `held_on_purpose` when a loop means to
hold what it defers until the function returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gofixleak.analysis import escape, flow, slicing, storage
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Calls whose effect is output the user sees: deferring them to the end of the iteration reorders it.
_OUTPUT_PACKAGES = {"fmt": ("Print", "Fprint"), "log": ("",), "log/slog": ("",)}
_OUTPUT_BUILTINS = ("print", "println")


# Deferred calls that end a critical section: what they release is shared, whoever made the lock value.
_UNLOCK_METHODS = frozenset({"Unlock", "RUnlock"})
_SYNC_PRIMITIVES = frozenset({"Mutex", "RWMutex", "WaitGroup", "Cond", "Locker"})
# Builtins that change their argument or control flow, unlike len, append or new.
_CHANGING_BUILTINS = frozenset({"clear", "close", "copy", "delete", "panic"})


def short_call(view: FileView, defer: Node) -> str:
    """How to show the deferred call in a message: `f.Close()`, `func() {...}()`, `c.Do(...)`."""
    call = defer.child_by_field_name(F.CALL)
    function = call.child_by_field_name(F.FUNCTION) if call is not None else None
    unwrapped = grammar.unparen(function)
    if unwrapped is not None and unwrapped.type == K.FUNCTION_LITERAL:
        return "func() {...}()"
    text = view.text(call)
    if "\n" in text or len(text) > 60:
        return f"{view.text(function)}(...)"
    return text


def calls_recover(ctx: FileView, defer: Node) -> bool:
    """The deferred call recovers panics: it calls recover(), or is a function of this package that does."""
    if _has_recover(ctx, defer):
        return True
    call = defer.child_by_field_name(F.CALL)
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if function is None:
        return False
    facts = ctx.program.facts
    if function.type == K.IDENTIFIER:
        symbol = ctx.resolve(function)
        decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
        return decl is not None and _body_calls_recover(decl.spec)
    if function.type == K.SELECTOR_EXPRESSION:
        name = grammar.text(function.child_by_field_name(F.FIELD))
        return any(_body_calls_recover(methods[name].node) for methods in facts.methods.values() if name in methods)
    return False


def _has_recover(ctx: FileView, node: Node) -> bool:
    for call in grammar.find_all(node, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.IDENTIFIER and grammar.text(function) == "recover":
            symbol = ctx.resolve(function)
            if symbol is None or symbol.kind == scope.BUILTIN:
                return True
    return False


def _body_calls_recover(decl: Node) -> bool:
    body = grammar.function_body(decl)
    if body is None:
        return False
    for call in grammar.find_all(body, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.IDENTIFIER and grammar.text(function) == "recover":
            return True
    return False


class Release:
    """What a deferred call releases, and whether doing so at the end of the iteration can be noticed.

    A resource is a variable declared in the loop body whose value is made
    there by a call or an allocation (`os.Open`, `db.Query`,
    `context.WithCancel`, `pool.Get`), and is not a string (a string names
    state outside the program, like a path).  A call releases it when the
    resource is its receiver or callee (`f.Close()`, `resp.Body.Close()`,
    `cancel()`) or one of its arguments as such (`syscall.Close(fd)`,
    `pool.Put(buf)`).  Any other call in the deferred code (`os.Remove(path)`,
    `mu.Unlock()`, `t.Fatal(err)`), an outside variable it writes or output it
    prints makes the fix unsafe; a resource that leaves the iteration makes
    it wrong.
    """

    def __init__(self, ctx: FileView, defer: Node, body: Node):
        self.ctx = ctx
        self.defer = defer
        self.body = body
        self.resources: list[scope.Symbol] = []
        self.written: list[str] = []  # variables from outside the iteration the deferred code assigns
        self.doubts: list[str] = []  # what calls the resources are handed to may do with them, set by leaving()
        self.stored_in: scope.Symbol | None = None  # the outside variable leaving() found it stored in
        self._collect()
        self.aliases = self._parameters_given_resources()

    def _collect(self) -> None:
        for ident in grammar.find_all(self.defer, (K.IDENTIFIER,)):
            if _is_literal_key(ident) or grammar.text(ident) == "_":
                continue
            symbol = self.ctx.resolve(ident)
            if symbol is not None and symbol.kind != scope.VAR:
                continue  # functions, types, packages, constants, builtins
            if symbol is not None and symbol.decl is not None and grammar.is_within(symbol.decl, self.defer):
                continue  # declared by the deferred function literal itself
            if symbol is not None and self._is_resource(symbol):
                if symbol not in self.resources:
                    self.resources.append(symbol)
            elif is_write_target(ident) and grammar.text(ident) not in self.written:
                self.written.append(grammar.text(ident))

    def _parameters_given_resources(self) -> list[scope.Symbol]:
        """`defer func(f *os.File) { f.Close() }(f)`: the literal's parameters that receive a resource."""
        call = self.defer.child_by_field_name(F.CALL)
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if call is None or function is None or function.type != K.FUNCTION_LITERAL:
            return []
        names = [
            name
            for decl in grammar.named(function.child_by_field_name(F.PARAMETERS))
            for name in grammar.fields(decl, F.NAME)
        ]
        arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        out = []
        for name, argument in zip(names, arguments, strict=False):
            symbol = self.ctx.resolve(name)
            if symbol is not None and storage.root_symbol(self.ctx, argument) in self.resources:
                out.append(symbol)
        return out

    def _is_resource(self, symbol: scope.Symbol) -> bool:
        if not _made_in_iteration(self.ctx, symbol, self.body):
            return False
        t = self.ctx.program.symbol_type(symbol)
        # a lock or wait group that a call hands out (`l := locks.get(key)`) is shared, not made here
        return not _is_string_symbol(self.ctx, symbol, self.body) and not _is_sync_primitive(t)

    def used_after_made(self) -> bool:
        """Some resource, or what was made with it (`ctx` of `ctx, cancel := …`), is used in the
        iteration besides being made, checked against nil and deferred."""
        defers = defers_in(self.body)
        made = list(self.resources)
        for symbol in self.resources:
            companions = _companions(self.ctx, symbol, self.body)[0]
            # a companion of unknown type may be the error of `res, err := rt.RoundTrip(req)`
            made.extend(c for c in companions if self.ctx.program.symbol_type(c) is not None)
        for symbol in made:
            for use in self.ctx.uses(symbol, self.body):
                if (symbol.decl is not None and use.id == symbol.decl.id) or scope.is_written(use):
                    continue
                if any(grammar.is_within(use, d) for d in defers) or slicing.compared_with_nil(use):
                    continue
                return True
        return False

    def only_outside_state(self) -> bool:
        """`mu.Unlock()`, `wg.Done()`: nothing of the iteration's own, nothing written or printed."""
        return not self.resources and not self.written and self._output() is None

    def _output(self) -> str | None:
        """A call in the deferred code that prints, other than a report that releasing failed."""
        return _output_call(self.ctx, self.defer, self._reports_release_failure)

    def _reports_release_failure(self, call: Node) -> bool:
        """`if err := f.Close(); err != nil { log.Printf(…) }`: the call is part of releasing the
        resource, run only when that fails, and moves with it."""
        for block in grammar.ancestors(call):
            if block.id == self.defer.id:
                return False
            statement = block.parent
            if block.type != K.BLOCK or statement is None or statement.type != K.IF_STATEMENT:
                continue
            heads = [statement.child_by_field_name(F.INIT), statement.child_by_field_name(F.CONDITION)]
            if any(self._tests_release(head) for head in heads if head is not None):
                return True
        return False

    def _tests_release(self, head: Node) -> bool:
        """`head` calls a release, or reads a variable of the deferred code that holds a release's result."""
        if any(self._releases(c) for c in grammar.find_all(head, (K.CALL_EXPRESSION,))):
            return True
        for ident in grammar.find_all(head, (K.IDENTIFIER,)):
            symbol = self.ctx.resolve(ident)
            value = grammar.unparen(symbol.value or symbol.tuple_value) if symbol is not None else None
            if symbol is None or symbol.decl is None or not grammar.is_within(symbol.decl, self.defer):
                continue
            if value is not None and value.type == K.CALL_EXPRESSION and self._releases(value):
                return True
        return False

    def concern(self) -> str | None:
        """Why running the deferred code at the end of the iteration may be noticed, or None."""
        if self.written:
            return f"changes {self.written[0]}, which lives outside the iteration"
        output = self._output()
        if output is not None:
            return f"prints ({output}), which would now happen at the end of each iteration"
        for call in self._calls():
            callee = self.ctx.text(call.child_by_field_name(F.FUNCTION))
            if not self._releases(call) and not self._reports_release_failure(call):
                return f"calls {callee} on state from outside the iteration"
            function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
            if function is not None and function.type == K.SELECTOR_EXPRESSION:
                if grammar.text(function.child_by_field_name(F.FIELD)) in _WAIT_METHODS:
                    return f"calls {callee}, which waits: what the iterations started would no longer overlap"
            effect = _callee_effect(self.ctx, call)
            if effect is not None:
                return f"calls {callee}, which {effect}"
        return None

    def _calls(self) -> list[Node]:
        """The deferred call, or the calls a deferred function literal makes (conversions and builtins
        that only compute a value aside: `close(ch)`, `delete(m, k)` change what they are given)."""
        call = self.defer.child_by_field_name(F.CALL)
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if call is None or function is None:
            return []
        if function.type != K.FUNCTION_LITERAL:
            return [call]
        out = []
        for inner in flow.in_same_function(function, (K.CALL_EXPRESSION,)):
            callee = grammar.unparen(inner.child_by_field_name(F.FUNCTION))
            if callee is None:
                continue
            if callee.type == K.IDENTIFIER:
                symbol = self.ctx.resolve(callee)
                if symbol is not None and symbol.kind == scope.TYPE:
                    continue
                if symbol is not None and symbol.kind == scope.BUILTIN and symbol.name not in _CHANGING_BUILTINS:
                    continue
            if self.ctx.program.conversion_type(callee, self.ctx.file) is not None:
                continue
            out.append(inner)
        return out

    def _recycles(self) -> bool:
        """The deferred code hands a resource to another call (`pool.Put(buf)`, `syscall.Munmap(b)`),
        which may reuse its memory: then even a `[]byte` taken from it (`buf.Bytes()`) holds it."""
        released = self.resources + self.aliases
        for call in self._calls():
            if storage.root_symbol(self.ctx, call.child_by_field_name(F.FUNCTION)) in released:
                continue
            arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
            if any(storage.root_symbol(self.ctx, a) in released for a in arguments):
                return True
        return False

    def _releases(self, call: Node) -> bool:
        """The call works on a resource: as its receiver or callee, or an argument passed as is.

        Unlocking is never releasing something the iteration made: the lock
        guards state that outlives it, even when a call made the lock value.
        """
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.SELECTOR_EXPRESSION:
            if grammar.text(function.child_by_field_name(F.FIELD)) in _UNLOCK_METHODS:
                return False
        released = self.resources + self.aliases
        if function is not None and function.type != K.SELECTOR_EXPRESSION:
            if storage.root_symbol(self.ctx, function) in released:
                return True  # `cancel()`, `closer()`: the function the acquiring call handed out
        if not is_release_name(_callee_name(function)):
            return False  # `timer.ObserveDuration()`, `config.apply(tc)`: works with it, releases nothing
        if storage.root_symbol(self.ctx, function) in released:
            return True
        for given in grammar.named(call.child_by_field_name(F.ARGUMENTS)):
            argument = grammar.unparen(given)
            if argument is not None and argument.type == K.UNARY_EXPRESSION and grammar.operator(argument) == "&":
                argument = argument.child_by_field_name(F.OPERAND)
            if storage.root_symbol(self.ctx, argument) in released:
                return True
        return False

    def releases_something(self) -> bool:
        """The deferred code releases something the iteration acquired (FP-11: a defer that sets a
        named result, pops a stack, logs or times releases nothing): a resource, or a path the
        iteration made that a call named like a release removes (`os.RemoveAll(dir)` of `dir, err :=
        os.MkdirTemp(…)`, `os.Remove(tmp.Name())`)."""
        return any(self._releases(call) or self._removes_acquired(call) for call in self._calls())

    def _removes_acquired(self, call: Node) -> bool:
        if not is_release_name(_callee_name(call.child_by_field_name(F.FUNCTION))):
            return False
        for argument in grammar.named(call.child_by_field_name(F.ARGUMENTS)):
            node = grammar.unparen(argument)
            while node is not None and node.type == K.CALL_EXPRESSION:  # `tmp.Name()`
                node = grammar.unparen(node.child_by_field_name(F.FUNCTION))
            root = storage.root_symbol(self.ctx, node)
            if root is not None and _made_in_iteration(self.ctx, root, self.body):
                return True
        return False

    def release_calls(self) -> list[Node]:
        return [call for call in self._calls() if self._releases(call)]

    def lock_slot(self) -> str | None:
        """The resource released is a lock or a slot the acquiring call took (`unlock :=
        m.LockKeys(k)`, `release := sem.Acquire()`), named as such: held per iteration on purpose."""
        for symbol in self.resources:
            value = grammar.unparen(symbol.value or symbol.tuple_value)
            acquiring = _callee_name(value.child_by_field_name(F.FUNCTION)) if value is not None else ""
            if value is not None and value.type == K.TYPE_ASSERTION_EXPRESSION:
                acquiring = ""
            if _words(acquiring) & _LOCK_WORDS or _words(symbol.name) & _UNLOCK_WORDS:
                return symbol.name
        return None

    def foreign(self) -> str | None:
        """A released resource whose early release may be seen outside the program: one made by
        another module (a connection, a server, a container) or by a standard package whose handles
        have a peer (net, os/exec, httptest); None when each is a local handle (a file, a response
        body, rows, a context, a pooled buffer) or made by the package itself or by an allocation."""
        for symbol in self.resources:
            value = grammar.unparen(symbol.value or symbol.tuple_value)
            if value is not None and value.type == K.TYPE_ASSERTION_EXPRESSION:
                value = grammar.unparen(value.child_by_field_name(F.OPERAND))
            if value is None or value.type != K.CALL_EXPRESSION:
                continue  # an allocation: `&T{}`
            named = self.ctx.program.deref(self.ctx.program.symbol_type(symbol))
            if isinstance(named, gt.Named) and named.package and named.package != self.ctx.file.import_path:
                if not escape.is_std(self.ctx, named.package) or named.package in _PEER_PACKAGES:
                    # a helper of this package may hand out another module's connection
                    return f"{symbol.name} is a {named.package}.{named.name}, and releasing it early may be seen"
            where = _made_by_package(self.ctx, value)
            if where is None or where == self.ctx.file.import_path:
                continue
            if where != _UNKNOWN and escape.is_std(self.ctx, where) and where not in _PEER_PACKAGES:
                continue
            return f"{symbol.name} comes from {where}, and releasing it early may be seen by what it uses"
        return None

    def scoped_context(self) -> str | None:
        """A released resource ends the scope of a context its constructor also returned, and the
        constructor is not package context's (`ctx, done, err := leaseutil.WithLease(ctx, …)`,
        `ctx, span := tracer.Start(ctx, …)`): what calls made with that context create (content
        under a lease, work in a transaction) may rely on the scope lasting until the function
        returns, which we cannot see.  None for `context.WithCancel` and the like, whose scope is
        only cancellation."""
        for symbol in self.resources:
            value = grammar.unparen(symbol.value or symbol.tuple_value)
            if value is None or value.type != K.CALL_EXPRESSION or _made_by_package(self.ctx, value) == "context":
                continue
            for companion in _companions(self.ctx, symbol, self.body)[0]:
                if _is_context(self.ctx, companion):
                    maker = self.ctx.text(value.child_by_field_name(F.FUNCTION))
                    return (
                        f"{symbol.name} ends the scope of {companion.name}, a context {maker} made; what is done "
                        "with that context in the iteration may rely on the scope lasting until the function returns"
                    )
        return None

    def destroys(self) -> bool:
        """The deferred code destroys what the iteration made (`c.Delete()`, `srv.Shutdown()`,
        `os.RemoveAll(dir)`) rather than give back a handle: what identifies it is dead after."""
        return any(_words(_callee_name(c.child_by_field_name(F.FUNCTION))) & _DESTROY_WORDS for c in self._calls())

    def leaving(self) -> str | None:
        """How one of the resources (or what was made with it) leaves the iteration, if it does;
        what calls it is handed to may do with it goes to `doubts`."""
        work = list(self.resources)
        names: list[scope.Symbol] = []
        for symbol in self.resources:
            companions, stored = _companions(self.ctx, symbol, self.body)
            if stored is not None:
                return f"{symbol.name} is made together with {stored}"
            work.extend(companions)
            # `dir, cleanup := mkTemp()`: the string names what the release removes, like an address
            names.extend(c for c in companions if _is_string_symbol(self.ctx, c, self.body))
        defers = defers_in(self.body)
        follow = escape.Follow(self.ctx, self.body, views=self._recycles())
        follow.addresses.update(names)
        how = follow.leaves(work, skip=lambda use: any(grammar.is_within(use, d) for d in defers))
        self.doubts = follow.doubts
        self.stored_in = follow.stored_in
        return how


# Words of a function or method name that release what it is given or called on (`Close`, `decrRef`,
# `PutByteBuffer`, `CloseWithError`, `cancel`, `RemoveAll`); a deferred call named otherwise works with
# the resource but releases nothing.
_RELEASE_WORDS = frozenset(
    {
        "abort", "cancel", "clean", "cleanup", "close", "closer", "dec", "decr", "decref", "del", "delete",
        "destroy", "detach", "disconnect", "discard", "dispose", "done", "drain", "drop", "end", "finish",
        "free", "kill", "munmap", "put", "recycle", "release", "remove", "return", "rollback", "shutdown",
        "stop", "teardown", "terminate", "umount", "unlock", "unmap", "unmount", "unref", "unsubscribe", "wait",
    }
)  # fmt: skip
# Release words that destroy what was made (a container, a server, a directory) rather than give back a
# handle: what identifies it (an ID, a pid, an address) is dead afterwards.
_DESTROY_WORDS = frozenset(
    {"clean", "cleanup", "del", "delete", "destroy", "disconnect", "drop", "kill", "remove", "shutdown", "stop",
     "teardown", "terminate", "umount", "unmount", "unsubscribe"}
)  # fmt: skip
# The acquiring call took a lock or a slot (`LockAndSetBuckets`, `Acquire`), or the function handed
# out releases one (`unlock`, `unLocker`).
_LOCK_WORDS = frozenset({"lock", "rlock", "acquire"})
_UNLOCK_WORDS = frozenset({"unlock", "unlocker", "runlock"})
# Standard packages whose handles have a peer that sees them closed (a connection's other end, a
# server's clients, a child process).
_PEER_PACKAGES = frozenset({"net", "net/http/httptest", "os/exec", "net/rpc", "plugin", "syscall"})


_UNKNOWN = "a package whose types are unknown"


def _words(name: str) -> set[str]:
    """`CloseWithError` -> {close, with, error}; `decrRef` -> {decr, ref, decrref}; `un_lock` -> {un, lock}."""
    parts = [p.lower() for p in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)]
    return set(parts) | {"".join(parts[i : i + 2]) for i in range(len(parts) - 1)}


def is_release_name(name: str) -> bool:
    return bool(_words(name) & _RELEASE_WORDS)


def _callee_name(function: Node | None) -> str:
    function = grammar.unparen(function)
    if function is None:
        return ""
    if function.type == K.SELECTOR_EXPRESSION:
        return grammar.text(function.child_by_field_name(F.FIELD))
    return grammar.text(function) if function.type == K.IDENTIFIER else ""


def _made_by_package(view: FileView, call: Node) -> str | None:
    """The import path of the package whose function or method `call` calls (None: unknown)."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return None
    if function.type == K.IDENTIFIER:
        symbol = view.resolve(function)
        return view.file.import_path if symbol is not None and symbol.kind == scope.FUNC else None
    if function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None:
        return None
    path = view.program.package_of_selector(operand, view.file)
    if path is not None:
        return path
    named = escape.named_type(view, operand)
    if named is None:
        t = view.underlying(view.type_of(operand))
        return None if t is not None else _UNKNOWN
    return named.package


# `cmd.Wait()`, `p.Wait()`: deferred, every process the loop started runs until the function returns;
# waited for at the end of each iteration, they would run one after another.
_WAIT_METHODS = frozenset({"Wait"})
_SIGNAL_METHODS = frozenset({"Done", "Unlock", "RUnlock", "Signal", "Broadcast"})


def _callee_declaration(ctx: FileView, call: Node) -> tuple[Node, ParsedFile] | None:
    """The package's own function or method `call` calls, with its file, when we have its source."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return None
    if function.type == K.IDENTIFIER:
        symbol = ctx.resolve(function)
        decl = symbol.value_decl if symbol is not None and symbol.kind == scope.FUNC else None
        return (decl.spec, decl.file) if decl is not None else None
    if function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None or ctx.program.package_of_selector(operand, ctx.file) is not None:
        return None
    named = escape.named_type(ctx, operand)
    if named is None or named.package != ctx.file.import_path:
        return None
    method = ctx.program.facts.methods.get(named.name, {}).get(grammar.text(function.child_by_field_name(F.FIELD)))
    return (method.node, method.file) if method is not None else None


def _callee_effect(ctx: FileView, call: Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> str | None:
    """What the package's own function or method `call` calls (a few calls deep) does beyond its own
    objects, which code after the loop could notice when it runs earlier: `r.Close()` whose body
    writes a package-level variable (`open--`), prints, or signals a wait group or a lock."""
    found = _callee_declaration(ctx, call)
    if found is None or depth >= escape.MAX_CALL_DEPTH:
        return None
    decl, file = found
    body = grammar.function_body(decl)
    if body is None or decl.start_byte in seen:
        return None
    inner = ctx if file is ctx.file else escape.view_for(ctx, file)
    output = _output_call(inner, body, lambda _: False)
    if output is not None:
        return f"prints ({output})"
    for ident in grammar.find_all(body, (K.IDENTIFIER,)):
        symbol = inner.resolve(ident)
        if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.PACKAGE_LEVEL:
            continue
        if is_write_target(ident) or _changed_by_builtin(inner, ident):
            return f"changes {symbol.name}, a package-level variable"
    for nested in grammar.find_all(body, (K.CALL_EXPRESSION,)):
        function = grammar.unparen(nested.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.SELECTOR_EXPRESSION:
            if grammar.text(function.child_by_field_name(F.FIELD)) in _SIGNAL_METHODS:
                return f"calls {inner.text(function)}"
        effect = _callee_effect(inner, nested, depth + 1, seen | {decl.start_byte})
        if effect is not None:
            return effect
    return None


def _changed_by_builtin(ctx: FileView, ident: Node) -> bool:
    """`delete(m, k)`, `close(ch)`, `clear(m)`, `ch <- v` with `ident` at the root of `m` / `ch`."""
    node = _access_path(ident)
    if node is None or node.parent is None:
        return False
    parent = node.parent
    if parent.type == K.SEND_STATEMENT:
        channel = parent.child_by_field_name(F.CHANNEL)
        return channel is not None and channel.id == node.id
    call = parent.parent
    if parent.type != K.ARGUMENTS or call is None or call.type != K.CALL_EXPRESSION:
        return False
    if grammar.named(parent)[0].id != node.id:
        return False
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER or grammar.text(function) not in _CHANGING_BUILTINS:
        return False
    symbol = ctx.resolve(function)
    return symbol is not None and symbol.kind == scope.BUILTIN


def defers_in(body: Node) -> list[Node]:
    """The body's own defer statements (a defer in a nested literal runs with that literal)."""
    return flow.in_same_function(body, (K.DEFER_STATEMENT,))


def _is_literal_key(ident: Node) -> bool:
    parent = ident.parent
    if parent is None or parent.type != K.KEYED_ELEMENT:
        return False
    key = parent.child_by_field_name(F.KEY)
    return key is not None and key.id == ident.id


def is_write_target(ident: Node) -> bool:
    """`x = …`, `x.f = …`, `x[i]++`, `&x`: the variable (or memory reached from it) is written."""
    node = _access_path(ident)
    if node is None:
        return False
    if node.parent is not None and node.parent.type == K.UNARY_EXPRESSION and grammar.operator(node.parent) == "*":
        node = node.parent
    return scope.is_written(node)


def _access_path(ident: Node) -> Node | None:
    """The selector/index chain `ident` is the root of (`x.f[i]` for `x`); None when `ident` is an
    index or operand deeper inside another variable's path (`b[x]`), which names no memory of `x`."""
    node = ident
    while node.parent is not None and node.parent.type in (
        K.SELECTOR_EXPRESSION,
        K.INDEX_EXPRESSION,
        K.PARENTHESIZED_EXPRESSION,
    ):
        operand = node.parent.child_by_field_name(F.OPERAND)
        if node.parent.type != K.PARENTHESIZED_EXPRESSION and (operand is None or operand.id != node.id):
            return None
        node = node.parent
    return node


def _made_in_iteration(ctx: FileView, symbol: scope.Symbol, body: Node) -> bool:
    """A variable of the loop body whose every value is made there by a call or an allocation."""
    if symbol.decl is None or not grammar.is_within(symbol.decl, body) or symbol.kind != scope.VAR:
        return False
    if symbol.range_clause is not None or symbol.type_switch is not None or symbol.where != scope.LOCAL:
        return False
    values = [v for v in (symbol.value, symbol.tuple_value) if v is not None]
    for use in ctx.uses(symbol, body):
        if use.id != symbol.decl.id and scope.is_written(use):
            value = value_given(use)
            if value is None:
                return False
            values.append(value)
    return bool(values) and all(is_made(ctx, v) for v in values)


def target_of(ident: Node) -> Node | None:
    """The assignment target that `ident` is the root of (`lss[i]` for `lss`), or None when not assigned."""
    node = _access_path(ident)
    if node is None:
        return None
    targets = node.parent
    owner = targets.parent if targets is not None else None
    if owner is None or owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION):
        return None
    left = owner.child_by_field_name(F.LEFT)
    return node if left is not None and targets is not None and left.id == targets.id else None


def value_given(ident: Node) -> Node | None:
    """The value an assignment gives `ident` (the whole call for `a, b = f()`)."""
    targets = ident.parent
    owner = targets.parent if targets is not None else None
    if (
        owner is None
        or owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION)
        or grammar.operator(owner)
        not in (
            "=",
            ":=",
        )
    ):
        return None
    left = grammar.items(targets)
    right = grammar.items(owner.child_by_field_name(F.RIGHT))
    if len(right) == 1:
        return right[0]
    index = next((i for i, t in enumerate(left) if t.id == ident.id), -1)
    return right[index] if 0 <= index < len(right) else None


def _is_string_symbol(ctx: FileView, symbol: scope.Symbol, body: Node) -> bool:
    """A string variable: by its type, or, when another module's function made it and its type is
    unknown, by a use in the body that only a string fits (`os.RemoveAll(dir)`, `filepath.Join(dir, f)`,
    `paths = append(paths, dir)` with `paths []string`, `dir + "/x"`)."""
    t = ctx.program.symbol_type(symbol)
    if t is not None:
        return ctx.program.is_string(t)
    return any(_string_use(ctx, use) for use in ctx.uses(symbol, body))


def _string_use(ctx: FileView, use: Node) -> bool:
    """`use` (an identifier) stands where only a string fits."""
    node = use
    while node.parent is not None and node.parent.type == K.PARENTHESIZED_EXPRESSION:
        node = node.parent
    parent = node.parent
    if parent is None:
        return False
    if parent.type == K.BINARY_EXPRESSION and grammar.operator(parent) == "+":
        other = [side for side in (parent.child_by_field_name(F.LEFT), parent.child_by_field_name(F.RIGHT))]
        return any(side is not None and side.id != node.id and ctx.is_string(side) for side in other)
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None and parent.parent.type == K.ASSIGNMENT:
        owner = parent.parent
        right = owner.child_by_field_name(F.RIGHT)
        targets = grammar.items(owner.child_by_field_name(F.LEFT))
        items = grammar.items(parent)
        if right is None or right.id != parent.id or len(targets) != len(items) or grammar.operator(owner) != "=":
            return False
        target = targets[next(i for i, v in enumerate(items) if v.id == node.id)]
        return ctx.program.is_string(ctx.type_of(target))
    if parent.type != K.ARGUMENTS or parent.parent is None or parent.parent.type != K.CALL_EXPRESSION:
        return False
    call = parent.parent
    arguments = grammar.named(parent)
    index = next((i for i, a in enumerate(arguments) if a.id == node.id), -1)
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is not None and function.type == K.IDENTIFIER and grammar.text(function) == "append" and index > 0:
        symbol = ctx.resolve(function)
        if symbol is not None and symbol.kind == scope.BUILTIN:
            destination = ctx.underlying(ctx.type_of(arguments[0]))
            return isinstance(destination, gt.Slice) and ctx.program.is_string(destination.elem)
    signature = ctx.underlying(ctx.type_of(function))
    if not isinstance(signature, gt.Signature) or index < 0 or not signature.params:
        return False
    if signature.variadic and index >= len(signature.params) - 1:
        last = ctx.underlying(signature.params[-1])
        return isinstance(last, gt.Slice) and ctx.program.is_string(last.elem)
    return index < len(signature.params) and ctx.program.is_string(signature.params[index])


def is_made(ctx: FileView, made: Node) -> bool:
    value = grammar.unparen(made)
    if value is not None and value.type == K.TYPE_ASSERTION_EXPRESSION:
        value = grammar.unparen(value.child_by_field_name(F.OPERAND))  # `pool.Get().(*bytes.Buffer)`
    if value is None:
        return False
    if value.type == K.CALL_EXPRESSION:
        function = value.child_by_field_name(F.FUNCTION)
        return function is not None and ctx.program.conversion_type(function, ctx.file) is None
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        operand = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return operand is not None and operand.type == K.COMPOSITE_LITERAL
    return value.type == K.COMPOSITE_LITERAL


def _companions(ctx: FileView, symbol: scope.Symbol, body: Node) -> tuple[list[scope.Symbol], str | None]:
    """What the call that made `symbol` also returned: `ctx` for `ctx, cancel := context.WithCancel(…)`.

    Returns the local companions (which must stay in the iteration too) and,
    when a companion is stored outside the body, that place.
    """
    statements = []
    if symbol.tuple_value is not None and symbol.decl is not None:
        statements.append(symbol.decl)
    for use in ctx.uses(symbol, body):
        if use.id != (symbol.decl.id if symbol.decl is not None else -1) and scope.is_written(use):
            statements.append(use)
    out: list[scope.Symbol] = []
    for ident in statements:
        targets = ident.parent
        owner = targets.parent if targets is not None else None
        if owner is None or targets is None or len(grammar.items(owner.child_by_field_name(F.RIGHT))) != 1:
            continue
        for target in grammar.items(targets):
            if target.id == ident.id or ctx.text(target) == "_":
                continue
            if ctx.type_of(target) == gt.ERROR:
                continue
            root = storage.root_symbol(ctx, target)
            if root is not None and root.decl is not None and grammar.is_within(root.decl, body):
                out.append(root)
            else:
                return out, ctx.text(target)
    return out, None


def _output_call(ctx: FileView, defer: Node, excused: Callable[[Node], bool]) -> str | None:
    """A call in the deferred code that prints (fmt.Print*, log.*, slog.*, print), other than `excused` ones."""
    for call in grammar.find_all(defer, (K.CALL_EXPRESSION,)):
        if excused(call):
            continue
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None:
            continue
        if function.type == K.IDENTIFIER and grammar.text(function) in _OUTPUT_BUILTINS:
            symbol = ctx.resolve(function)
            if symbol is not None and symbol.kind == scope.BUILTIN:
                return grammar.text(function)
        if function.type == K.SELECTOR_EXPRESSION:
            operand = function.child_by_field_name(F.OPERAND)
            path = ctx.program.package_of_selector(operand, ctx.file) if operand is not None else None
            prefixes = _OUTPUT_PACKAGES.get(path or "")
            name = grammar.text(function.child_by_field_name(F.FIELD))
            if prefixes is not None and any(name.startswith(p) for p in prefixes):
                return ctx.text(function)
    return None


def _is_sync_primitive(t: gt.Type | None) -> bool:
    if isinstance(t, gt.Pointer):
        t = t.elem
    return isinstance(t, gt.Named) and t.package == "sync" and t.name in _SYNC_PRIMITIVES


def _is_context(view: FileView, symbol: scope.Symbol) -> bool:
    """A context.Context variable; by its name (`ctx`, `jobCtx`) when another module made it and
    its type is unknown."""
    t = view.program.symbol_type(symbol)
    if t is not None:
        named = view.program.deref(t)
        return isinstance(named, gt.Named) and named.package == "context" and named.name == "Context"
    return symbol.name == "ctx" or symbol.name.endswith(("Ctx", "Context"))
