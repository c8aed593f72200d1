"""A `defer` inside a loop runs only when the function returns, not at the end of the iteration.

## What it does
Flags a `defer` statement that sits inside a `for` loop (any form: three
clauses, a condition, `range` over slices, maps, channels, integers or
iterator functions) of the same function, when the loop can come round
again after the defer ran.  A `defer` inside a function literal in the loop
is not flagged (it runs when that literal returns), nor is one after which
every path leaves the function (it runs at most once per call), nor a loop
whose body only defers, like `for _, c := range conns { defer c.Close() }`
(it schedules the cleanup of things the loop did not make), nor a loop that
holds one thing per iteration on purpose: the defer is the iteration's last
statement and releases something that differs per iteration and lives
outside it (`for _, s := range shards { s.mu.Lock(); defer s.mu.Unlock() }`),
or something the iteration makes and does nothing else with (then also the
defer of what that thing was made from: `s := open(); defer s.Close(); q, _
:= s.Declare(n); defer q.Drop()`).  A benchmark loop (`b.N`, `b.Loop()`)
never holds things on purpose.

## Why is this bad?
Deferred calls run when the surrounding *function* returns.  In a loop,
every iteration adds one more pending call, and whatever the call would
release stays held until the function is done: 10,000 files opened in a loop
with `defer f.Close()` are all open at once, `rows.Close()` and context
`cancel` funcs pile up, and `mu.Lock(); defer mu.Unlock()` deadlocks on the
second iteration (Go 101, "Memory Leaking Scenarios": kind-of resource
leaking by deferring function calls).

## Example
```go
func syncAll(paths []string) error {
        for _, path := range paths {
                f, err := os.Open(path)
                if err != nil {
                        return err
                }
                defer f.Close()
                if err := f.Sync(); err != nil {
                        return err
                }
        }
        return nil
}
```

## Use instead
```go
func syncAll(paths []string) error {
        for _, path := range paths {
                if err := func() error {
                        f, err := os.Open(path)
                        if err != nil {
                                return err
                        }
                        defer f.Close()
                        if err := f.Sync(); err != nil {
                                return err
                        }
                        return nil
                }(); err != nil {
                        return err
                }
        }
        return nil
}
```

## Fix safety
The fix wraps the whole loop body in a function literal that is called at
once, so each iteration's deferred calls run when the iteration ends, and
translates the control flow so the loop does what it did before:

- `continue` of the loop becomes `return` from the literal;
- `break` of the loop makes the literal return `true`, and the loop breaks:
  `if stop := func() bool {…}(); stop { break }`;
- `return` statements of the function: when each returns a non-nil error
  (guarded by `if err != nil`, made by `fmt.Errorf` or `errors.New`, or a
  sentinel error) with the same other results (zero values, constants or
  variables declared before the loop), the literal returns just the error:
  `if err := func() error {…}(); err != nil { return …, err }`, also with a
  `break` (`func() (bool, error)`); otherwise the literal returns a flag
  and the function's results: `if done, res, err := func() (bool, T,
  error) {…}(); done { return res, err }`, with a second flag when the
  body also breaks (`… } else if stop { break }`).

The fix is safe when every deferred call in the body releases something the
iteration made (a file, rows, a response body, a cancel func, a pooled
buffer: the receiver, callee or an argument of the call, made there by a
call, and not a string: when another module made it and its type is
unknown, a use where only a string fits, like `os.RemoveAll(dir)`,
`filepath.Join(dir, f)` or `dirs = append(dirs, dir)` with `dirs
[]string`, shows it is a path) which does not leave the iteration, and nothing else; reporting that
the release failed (`if err := f.Close(); err != nil { log.Print(err) }`) is
part of releasing. What the iteration hands the resource to is looked into:
the package's own functions and methods (also in other files, a few calls
deep), standard functions (which keep nothing but what a short list says:
`list.PushBack`, `heap.Push`, `sync.Map.Store`, `time.AfterFunc`,
`log.SetOutput`, `slog.SetDefault`, ...), a subtest that does not call
`t.Parallel`; a context is passed to what needs it during the call, by
convention. It is unsafe (`--unsafe-fixes`) when a deferred call also works
on state from outside the iteration (`mu.Unlock()` of a shared mutex, also
one a call hands out, `wg.Done()`, `close(ch)`, `os.Remove(path)`, whose
effect code after the loop may see), writes an outside variable or prints,
also inside the package's own release method, a few calls deep (`c.Close()`
whose body does `open--`, prints or calls `wg.Done()`; a method reached
through an interface or another module is taken to release only), or waits
(`defer cmd.Wait()`: the processes the loop starts would no longer overlap),
when the resource is handed to a call we cannot look into (a callback,
another module's function), when its address (`srv.URL`, `ln.Addr()`), or a
string made with it (the `dir` of `dir, cleanup := mkTemp()`), is kept past
the iteration, when a deferred function literal reads a variable of the
function that changes after the defer (`if !keep { f.Close() }`: it would
decide at the end of the iteration), when a deferred function literal
captures the loop's variable before Go 1.22 (it saw the last iteration's
value), when the body starts goroutines, or when the function has named
results. There is no fix, only a report saying why, when the body uses
`goto`, a labelled `break`/`continue` that leaves the loop for an outer
statement, a bare `return` in a function with named results, a deferred call
that calls `recover()` or uses a named result, a resource that escapes the
iteration (stored outside, sent on a channel, used by a goroutine, kept by a
call it is handed to, used by a function that `wg.Go` or a parallel subtest
runs), when the iteration makes what a deferred call works on but keeps it
in a variable that code outside the loop uses (`lss[i] = newServer(t); defer
lss[i].teardown()`), when a result's zero value would have to name something
the body declares (`url := ...` with a `url.URL` result, `new` with a type
parameter), or when another defer of the body holds one thing per iteration
on purpose (see above). New names (`err`, `stop`, `done`, ...) are chosen so
they shadow nothing; comments and raw strings are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gofixleak.analysis import flow, slicing
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope, stdlib
from gofixleak.semantics.facts import ParsedFile
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


class _Refuse(Exception):
    """The loop body cannot be wrapped faithfully; the text says why."""


def check(ctx: Context):
    rewrites: dict[int, tuple[list[Fix], str | None]] = {}
    for defer in ctx.find(K.DEFER_STATEMENT):
        loop = flow.enclosing_loop(defer)
        if loop is None or _only_defers(loop) or _runs_at_most_once(defer):
            continue
        if _held_on_purpose(ctx, defer, loop) is not None or _serves_held(ctx, defer, loop):
            continue
        if loop.id not in rewrites:
            rewrites[loop.id] = _fixes(ctx, loop)
        yield _finding(ctx, defer, *rewrites[loop.id])


def _finding(ctx: Context, defer: Node, fixes: list[Fix], refusal: str | None) -> Finding:
    func = grammar.enclosing_function(defer)
    name = _function_name(func)
    message = (
        f"defer {_short_call(ctx, defer)} in a loop runs only when {name} returns, "
        "so every iteration holds what it releases until then"
    )
    if refusal is not None:
        message += f"; no automatic fix: {refusal}"
    end = min(defer.end_byte, ctx.line_end(defer.start_byte))
    return ctx.finding((defer.start_byte, end), message, *fixes)


def _only_defers(loop: Node) -> bool:
    """`for _, c := range conns { defer c.Close() }`: cleanup scheduled for things the loop did not make."""
    body = loop.child_by_field_name(F.BODY)
    statements = grammar.named(body) if body is not None else []
    return bool(statements) and all(s.type == K.DEFER_STATEMENT for s in statements)


def _function_name(func: Node | None) -> str:
    if func is None or func.type == K.FUNCTION_LITERAL:
        return "the function literal"
    return grammar.text(func.child_by_field_name(F.NAME))


def _short_call(ctx: Context, defer: Node) -> str:
    call = defer.child_by_field_name(F.CALL)
    function = call.child_by_field_name(F.FUNCTION) if call is not None else None
    if function is not None and grammar.unparen(function).type == K.FUNCTION_LITERAL:
        return "func() {...}()"
    text = ctx.text(call)
    if "\n" in text or len(text) > 60:
        return f"{ctx.text(function)}(...)"
    return text


# --- does the defer pile up? ---------------------------------------------------------


def _runs_at_most_once(defer: Node) -> bool:
    """True when every path from `defer` leaves the function before any loop comes round again.

    A conservative scan forward from the defer: a statement that always
    terminates (return, panic) proves it; an unconditional `break` moves the
    scan past the loop it leaves; reaching the end of a loop body, a
    `continue`, a `goto` or a branch we cannot follow means it may run again.
    """
    node = defer
    while True:
        for statement in flow.statements_after(node):
            if statement.type == K.BREAK_STATEMENT:
                target = flow.branch_target(statement)
                if target is None:
                    return False
                node = target
                break
            if any(_leaves(branch, statement) for branch in flow.branches_in(statement)):
                return False
            if flow.is_terminating(statement):
                return True
        else:
            up = _after_container(node)
            if up is None:
                return False
            if up.type in grammar.FUNCTION_KINDS:
                return True  # falling off the end of the function returns
            node = up
            continue
        while node.parent is not None and node.parent.type == K.LABELED_STATEMENT:
            node = node.parent


def _leaves(branch: Node, statement: Node) -> bool:
    """A break, continue or goto inside `statement` that goes somewhere outside it."""
    if branch.type == K.GOTO_STATEMENT:
        return True
    target = flow.branch_target(branch)
    return target is None or not grammar.is_within(target, statement)


def _after_container(node: Node) -> Node | None:
    """Where control goes when the statement list holding `node` runs out.

    The statement whose end is reached (scan continues after it), the
    function (it returns), or None when control goes back to a loop or
    cannot be followed.
    """
    container = node.parent
    if container is None:
        return None
    if container.type in grammar.CASE_CLAUSE_KINDS:
        statements = grammar.statement_list(container)
        if statements and statements[-1].type == K.FALLTHROUGH_STATEMENT:
            return None
        return _statement_in_list(container.parent)
    if container.type != K.BLOCK:
        return None
    owner = container.parent
    if owner is None:
        return None
    if owner.type in grammar.FUNCTION_KINDS:
        return owner
    if owner.type == K.IF_STATEMENT:
        return _statement_in_list(owner)
    if grammar.is_statement_container(owner) or owner.type == K.LABELED_STATEMENT:
        return _statement_in_list(container)
    return None  # a loop body: the loop comes round again


def _statement_in_list(node: Node | None) -> Node | None:
    """`node`, or the statement of an if-else chain / labelled statement that holds it."""
    while node is not None and node.parent is not None and node.parent.type in (K.IF_STATEMENT, K.LABELED_STATEMENT):
        node = node.parent
    return node


# --- the fix ----------------------------------------------------------------------------


def _fixes(ctx: Context, loop: Node) -> tuple[list[Fix], str | None]:
    """The fix for the loop, or a suggestion without edits and the reason there is no fix."""
    try:
        return [_LoopRewrite(ctx, loop).fix()], None
    except _Refuse as why:
        suggestion = ctx.fix(f"wrap the loop body in a function literal by hand: {why}", safety=Safety.SUGGESTION)
        return [suggestion], str(why)


@dataclass
class _Slot:
    """One result of the enclosing function."""

    name: str | None
    type_node: Node


@dataclass
class _Plan:
    """How the literal reports to the loop, and how the body's branches are spelled inside it."""

    head: str  # the line opening the literal, e.g. "if err := func() error {"
    tail: list[str]  # the lines after the literal's body, relative to the loop body's indentation
    on_continue: str  # what `continue` of the loop becomes
    on_break: str = ""  # what `break` of the loop becomes
    returns: Callable[[Node], list[Edit]] = field(default=lambda _: [])  # edits for an outer return

    @property
    def has_results(self) -> bool:
        """The literal returns values, so its body must end in a return."""
        return self.on_continue != "return"


class _LoopRewrite:
    """Wrapping one loop's body in `func() { … }()` with its control flow translated."""

    def __init__(self, ctx: Context, loop: Node):
        self.ctx = ctx
        self.loop = loop
        body = loop.child_by_field_name(F.BODY)
        func = grammar.enclosing_function(loop)
        if body is None or func is None:
            raise _Refuse("the loop has no body")
        self.body: Node = body
        self.func: Node = func
        self.safety = Safety.SAFE
        self.concerns: list[str] = []
        self.taken: set[str] = set()
        self.body_names: set[str] | None = None

    def fix(self) -> Fix:
        continues, breaks = self._loop_branches()
        returns = list(flow.returns_in(self.body))
        slots = _result_slots(self.func)
        defers = flow.in_same_function(self.body, (K.DEFER_STATEMENT,))
        if slots and slots[0].name is not None:
            if any(_values(r) == [] for r in returns):
                raise _Refuse(f"a bare return in {_function_name(self.func)}, which has named results")
            if returns:
                self._downgrade(f"{_function_name(self.func)} has named results")
        for defer in defers:
            self._check_defer(defer)
        if grammar.find_all(self.body, (K.GO_STATEMENT,)):
            self._downgrade("the loop body starts goroutines that may still use what the deferred calls release")
        plan = self._plan(returns, breaks, slots, defers)
        self._check_spelled_inside(plan)
        edits = [self._wrap(plan, continues, breaks, returns)]
        label_edit = self._label_removal(continues + breaks)
        if label_edit is not None:
            edits.append(label_edit)
        message = "wrap the loop body in a function literal so its deferred calls run at the end of each iteration"
        if self.concerns:
            message += f" (check: {'; '.join(self.concerns)})"
        return self.ctx.fix(message, *edits, safety=self.safety)

    def _downgrade(self, concern: str) -> None:
        self.safety = Safety.UNSAFE
        if concern not in self.concerns:
            self.concerns.append(concern)

    # --- control flow ---------------------------------------------------------------

    def _loop_branches(self) -> tuple[list[Node], list[Node]]:
        continues: list[Node] = []
        breaks: list[Node] = []
        for branch in flow.branches_in(self.body):
            if branch.type == K.GOTO_STATEMENT:
                raise _Refuse("the loop body uses goto")
            target = flow.branch_target(branch)
            if target is None:
                raise _Refuse(f"`{self.ctx.text(branch)}` has no target we can follow")
            if target.id == self.loop.id:
                (continues if branch.type == K.CONTINUE_STATEMENT else breaks).append(branch)
            elif not grammar.is_within(target, self.body):
                raise _Refuse(f"`{self.ctx.text(branch)}` leaves the loop for an outer statement")
        return continues, breaks

    def _plan(self, returns: list[Node], breaks: list[Node], slots: list[_Slot], defers: list[Node]) -> _Plan:
        if not returns:
            if not breaks:
                return _Plan("func() {", ["}()"], "return")
            self._need_universe("bool", "true", "false")
            stop = self._fresh("stop")
            return _Plan(
                f"if {stop} := func() bool {{", [f"}}(); {stop} {{", "\tbreak", "}"], "return false", "return true"
            )
        hoisted = self._error_only(returns, slots, defers)
        if hoisted is not None:
            return self._error_plan(hoisted, slots, breaks)
        return self._values_plan(returns, slots, breaks)

    def _error_plan(self, hoisted: list[str], slots: list[_Slot], breaks: list[Node]) -> _Plan:
        """Every return passes on a non-nil error: the literal returns just the error."""
        self._need_universe("error", "nil")
        err = self._fresh("err")
        outer = "\treturn " + ", ".join([*hoisted, err])
        several = len(slots) > 1

        def translate(ret: Node, prefix: str) -> list[Edit]:
            values = _values(ret)
            if several:
                return [Edit(values[0].start_byte, values[-1].start_byte, prefix)]
            return [Edit(values[0].start_byte, values[0].start_byte, prefix)] if prefix else []

        if not breaks:
            return _Plan(
                f"if {err} := func() error {{",
                [f"}}(); {err} != nil {{", outer, "}"],
                "return nil",
                returns=lambda ret: translate(ret, ""),
            )
        self._need_universe("bool", "true", "false")
        stop = self._fresh("stop")
        return _Plan(
            f"if {stop}, {err} := func() (bool, error) {{",
            [f"}}(); {err} != nil {{", outer, f"}} else if {stop} {{", "\tbreak", "}"],
            "return false, nil",
            "return true, nil",
            returns=lambda ret: translate(ret, "false, "),
        )

    def _values_plan(self, returns: list[Node], slots: list[_Slot], breaks: list[Node]) -> _Plan:
        """General returns: the literal returns a flag saying "return these values" and the values,
        and with `break`s a second flag saying "break": `if done, stop, res := func() (bool, bool, T)`."""
        for ret in returns:
            values = _values(ret)
            if len(slots) > 1 and len(values) == 1:
                raise _Refuse(f"`{self.ctx.text(ret)}` returns several values from one call")
        self._need_universe("bool", "true", "false")
        flags = [self._fresh("done"), *([self._fresh("stop")] if breaks else [])]
        names = [self._fresh(base) for base in _result_bases(self.ctx, slots)]
        types = [self._type_text(slot) for slot in slots]
        zeros = [self._zero(slot, i) for i, slot in enumerate(slots)]
        results = ["bool"] * len(flags) + types
        signature = results[0] if len(results) == 1 else f"({', '.join(results)})"
        returning = "true, false" if breaks else "true"

        def translate(ret: Node) -> list[Edit]:
            values = _values(ret)
            if not values:
                return [Edit(ret.start_byte, ret.end_byte, f"return {returning}")]
            return [Edit(values[0].start_byte, values[0].start_byte, f"{returning}, ")]

        tail = [f"}}(); {flags[0]} {{", ("\treturn " + ", ".join(names)).rstrip()]
        if breaks:
            tail += [f"}} else if {flags[1]} {{", "\tbreak"]
        return _Plan(
            f"if {', '.join([*flags, *names])} := func() {signature} {{",
            [*tail, "}"],
            "return " + ", ".join(["false"] * len(flags) + zeros),
            "return " + ", ".join(["false", "true", *zeros]),
            returns=translate,
        )

    def _error_only(self, returns: list[Node], slots: list[_Slot], defers: list[Node]) -> list[str] | None:
        """The other results, hoisted out, when every return passes on a non-nil error; else None."""
        if not slots or self.ctx.program.type_from_node(slots[-1].type_node, self.ctx.file) != gt.ERROR:
            return None
        hoisted: list[str] | None = None
        for ret in returns:
            values = _values(ret)
            if len(values) != len(slots) or not self._non_nil_error(values[-1], ret):
                return None
            if len(values) > 1 and grammar.find_all(ret, (K.COMMENT,)):
                return None  # dropping the leading values would drop the comment
            texts = [self.ctx.text(v) for v in values[:-1]]
            if not all(self._hoistable(v, defers) for v in values[:-1]):
                return None
            if hoisted is None:
                hoisted = texts
            elif texts != hoisted:
                return None
        return hoisted

    # --- non-nil errors -------------------------------------------------------------

    def _non_nil_error(self, expr: Node, ret: Node) -> bool:
        expr = grammar.unparen(expr)
        if expr is None:
            return False
        if expr.type == K.CALL_EXPRESSION:
            return self._makes_error(expr)
        if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "&":
            operand = grammar.unparen(expr.child_by_field_name(F.OPERAND))
            return operand is not None and operand.type == K.COMPOSITE_LITERAL
        if expr.type == K.COMPOSITE_LITERAL:
            return True
        if expr.type == K.SELECTOR_EXPRESSION:
            return self._is_sentinel(expr)
        if expr.type == K.IDENTIFIER:
            symbol = self.ctx.resolve(expr)
            if symbol is None or symbol.kind != scope.VAR:
                return False
            if symbol.is_package_var:
                return self._is_sentinel(expr)
            return self._guarded(symbol, ret)
        return False

    def _makes_error(self, call: Node) -> bool:
        """`fmt.Errorf(...)` or `errors.New(...)`: never nil."""
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
        if function is None or function.type != K.SELECTOR_EXPRESSION:
            return False
        operand = function.child_by_field_name(F.OPERAND)
        path = self.ctx.program.package_of_selector(operand, self.ctx.file) if operand is not None else None
        return (path, grammar.text(function.child_by_field_name(F.FIELD))) in (("fmt", "Errorf"), ("errors", "New"))

    def _is_sentinel(self, expr: Node) -> bool:
        """A package-level error variable made with errors.New / fmt.Errorf (io.EOF, ErrNotFound...)."""
        decl = None
        if expr.type == K.IDENTIFIER:
            symbol = self.ctx.resolve(expr)
            decl = symbol.value_decl if symbol is not None else None
        else:
            operand = expr.child_by_field_name(F.OPERAND)
            path = self.ctx.program.package_of_selector(operand, self.ctx.file) if operand is not None else None
            package = self.ctx.program.package(path) if path is not None else None
            if package is not None:
                decl = package.values.get(grammar.text(expr.child_by_field_name(F.FIELD)))
        if decl is None or decl.kind != "var":
            return False
        if decl.value is not None:
            return _initialised_with_new_error(decl.file.imports, decl.value)
        # a stub of another package: only the declaration is known; sentinels are named Err... or EOF
        declared_error = decl.type_node is not None and grammar.text(decl.type_node) == "error"
        return declared_error and decl.tuple_value is None and (decl.name.startswith("Err") or decl.name == "EOF")

    def _guarded(self, symbol: scope.Symbol, ret: Node) -> bool:
        """`if err != nil { … return err }` (or the else of `if err == nil`), err unchanged in between."""
        for block in grammar.ancestors(ret):
            if block.id == self.body.id:
                return False
            statement = block.parent
            if block.type != K.BLOCK or statement is None or statement.type != K.IF_STATEMENT:
                continue
            then = statement.child_by_field_name(F.BODY)
            in_then = then is not None and then.id == block.id
            condition = statement.child_by_field_name(F.CONDITION)
            if _implies_non_nil(self.ctx, condition, symbol, when=in_then):
                if not _assigned_within(self.ctx, symbol, block, ret.start_byte):
                    return True
        return False

    def _hoistable(self, expr: Node, defers: list[Node]) -> bool:
        """A value that is the same when computed after the literal returned: zero values, constants,
        variables from before the loop that no deferred call touches."""
        expr = grammar.unparen(expr)
        if expr is None:
            return False
        if expr.type in grammar.LITERAL_KINDS:
            return True
        if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "-":
            operand = grammar.unparen(expr.child_by_field_name(F.OPERAND))
            return operand is not None and operand.type in grammar.LITERAL_KINDS
        if expr.type == K.COMPOSITE_LITERAL:
            value = expr.child_by_field_name(F.VALUE)
            return not grammar.named(value) and self._declared_outside(expr)
        if expr.type == K.IDENTIFIER:
            symbol = self.ctx.resolve(expr)
            if symbol is None or not self._declared_outside(expr):
                return False
            if symbol.kind in (scope.CONST, scope.NIL, scope.FUNC):
                return True
            if symbol.kind != scope.VAR or symbol.is_package_var:
                return False  # a package variable: any deferred call may change it
            return not any(self.ctx.uses(symbol, defer) for defer in defers) and not self._reachable_by_calls(symbol)
        return False

    def _reachable_by_calls(self, symbol: scope.Symbol) -> bool:
        """A closure captures the variable or its address is taken, so a deferred call may change it
        between the return statement and the end of the literal (`bump := func() { n++ }; defer bump()`)."""
        for use in self.ctx.uses(symbol, self.func):
            if _outermost_closure(use, self.func) is not None:
                return True
            parent = use.parent
            if parent is not None and parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
                return True
        return False

    def _declared_outside(self, expr: Node) -> bool:
        """Every name in `expr` refers to something declared before the loop body."""
        for ident in grammar.find_all(expr, (K.IDENTIFIER, K.TYPE_IDENTIFIER)):
            parent = ident.parent
            if parent is not None and parent.type == K.QUALIFIED_IDENTIFIER:
                continue  # pkg.T: a member of another package
            symbol = self.ctx.resolve(ident)
            if symbol is None:
                return False
            if symbol.decl is not None and grammar.is_within(symbol.decl, self.body):
                return False
        return True

    # --- deferred calls -------------------------------------------------------------

    def _check_defer(self, defer: Node) -> None:
        ctx = self.ctx
        shown = f"defer {_short_call(ctx, defer)}"
        if _calls_recover(ctx, defer):
            raise _Refuse(f"{shown} recovers panics, which it would then do for each iteration")
        for ident in grammar.find_all(defer, (K.IDENTIFIER,)):
            symbol = ctx.resolve(ident)
            if symbol is not None and symbol.where == scope.RESULT and symbol.func is not None:
                if symbol.func.id == self.func.id:
                    raise _Refuse(
                        f"{shown} uses the named result {symbol.name}, which it would see at the end "
                        "of the iteration instead of when the function returns"
                    )
        release = _Release(ctx, defer, self.body)
        escape = release.escape()
        if escape is not None:
            raise _Refuse(f"{escape}, so releasing it at the end of the iteration could break later uses")
        for doubt in release.doubts:
            self._downgrade(doubt)
        kept = self._kept_outside(defer)
        if kept is not None:
            raise _Refuse(f"{kept}, so releasing it at the end of the iteration could break later uses")
        held = _held_on_purpose(ctx, defer, self.loop, release)
        if held is not None:
            raise _Refuse(f"{held}: the loop looks meant to hold them all until the function returns")
        concern = release.concern()
        if concern is not None:
            self._downgrade(f"{shown} {concern}; make sure nothing after the loop relies on the old timing")
        late = self._read_late(defer)
        if late is not None:
            self._downgrade(
                f"{shown} reads {late}, which the function changes later: it would now see its value at the end "
                "of the iteration instead of when the function returns"
            )
        shared = self._shared_loop_variable(defer)
        if shared is not None:
            self._downgrade(
                f"before Go 1.22 the deferred function sees the last iteration's {shared}, and would now see its own"
            )

    def _kept_outside(self, defer: Node) -> str | None:
        """`lss[i] = newServer(t); defer lss[i].teardown()`: the iteration makes what the deferred call
        works on but keeps it in a variable from outside the loop, which code outside the loop uses."""
        seen: set[scope.Symbol] = set()
        for ident in grammar.find_all(defer, (K.IDENTIFIER,)):
            symbol = self.ctx.resolve(ident)
            if symbol is None or symbol in seen or symbol.kind != scope.VAR or symbol.decl is None:
                continue
            seen.add(symbol)
            if grammar.is_within(symbol.decl, self.loop) or grammar.is_within(symbol.decl, defer):
                continue
            made = None
            for use in self.ctx.uses(symbol, self.body):
                target = _target_of(use)
                value = _assigned_value(target) if target is not None else None
                if value is not None and not grammar.is_within(use, defer) and _is_made(self.ctx, value):
                    made = target
                    break
            if made is None:
                continue
            outside = [
                use
                for use in self.ctx.uses(symbol, self.func)
                if not grammar.is_within(use, self.loop) and use.id != symbol.decl.id
            ]
            if outside or symbol.is_package_var:
                kept = f"kept in {symbol.name}, which is used outside the loop"
                return f"{self.ctx.text(made)} is made by the iteration and {kept}"
        return None

    def _read_late(self, defer: Node) -> str | None:
        """A local from outside the loop that a deferred function literal reads when it runs and the
        function writes after the defer (later in the loop or after it): `if !keep { f.Close() }`."""
        call = defer.child_by_field_name(F.CALL)
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        body = grammar.function_body(function) if function is not None else None
        if function is None or function.type != K.FUNCTION_LITERAL or body is None:
            return None
        for ident in grammar.find_all(body, (K.IDENTIFIER,)):
            symbol = self.ctx.resolve(ident)
            if symbol is None or symbol.kind != scope.VAR or symbol.decl is None or symbol.is_package_var:
                continue
            if grammar.is_within(symbol.decl, self.loop) or grammar.is_within(symbol.decl, function):
                continue  # the iteration's own (or, before Go 1.22, the loop's: see _shared_loop_variable)
            for use in self.ctx.uses(symbol, self.func):
                if grammar.is_within(use, function):
                    continue
                if use.start_byte < defer.start_byte and not grammar.is_within(use, self.loop):
                    continue
                if _is_write_target(use):
                    return symbol.name
        return None

    def _shared_loop_variable(self, defer: Node) -> str | None:
        """A variable of the loop's clause that a deferred function literal captures, when the
        language version shares it between iterations (before Go 1.22)."""
        call = defer.child_by_field_name(F.CALL)
        function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
        if self.ctx.version.at_least(1, 22) or function is None or function.type != K.FUNCTION_LITERAL:
            return None
        for ident in grammar.find_all(function, (K.IDENTIFIER,)):
            symbol = self.ctx.resolve(ident)
            if symbol is None or symbol.kind != scope.VAR or symbol.decl is None:
                continue
            if grammar.is_within(symbol.decl, self.loop) and not grammar.is_within(symbol.decl, self.body):
                return symbol.name
        return None

    # --- names and types ------------------------------------------------------------

    def _fresh(self, base: str) -> str:
        """`base`, or `base2`, `base3`...: visible nowhere at the loop, and (when numbered) not used
        in the body either, so `err2` outside never sits next to a different `err2` inside."""
        if self.body_names is None:
            self.body_names = {grammar.text(n) for n in grammar.find_all(self.body, (K.IDENTIFIER,))}
        candidate, n = base, 1
        while (
            candidate in self.taken
            or not self.ctx.name_is_free(candidate, self.body)
            or (candidate != base and candidate in self.body_names)
        ):
            n += 1
            candidate = f"{base}{n}"
        self.taken.add(candidate)
        return candidate

    def _check_spelled_inside(self, plan: _Plan) -> None:
        """What `continue` and `break` become (`return false, url.URL{}, nil`) is written inside the body,
        where a local of the same name (`url := ...`, `new, ok := ...`) would change what it means."""
        spelled = set(re.findall(r"[A-Za-z_]\w*", f"{plan.on_continue} {plan.on_break}")) | {"true", "false"}
        spelled.discard("return")
        for ident in grammar.find_all(self.body, (K.IDENTIFIER, K.TYPE_IDENTIFIER, K.PACKAGE_IDENTIFIER)):
            name = grammar.text(ident)
            if name not in spelled:
                continue
            symbol = self.ctx.resolve(ident)
            if symbol is not None and symbol.decl is not None and grammar.is_within(symbol.decl, self.body):
                raise _Refuse(
                    f"the loop body declares its own `{name}`, which the literal's results would have to name"
                )

    def _need_universe(self, *names: str) -> None:
        for name in names:
            if not slicing.is_universe(self.ctx, name, self.body):
                raise _Refuse(f"`{name}` is redeclared here, so the literal cannot be spelled")

    def _type_text(self, slot: _Slot) -> str:
        """The result type as written in the signature, when it means the same inside the loop."""
        for ident in grammar.find_all(slot.type_node, (K.TYPE_IDENTIFIER, K.PACKAGE_IDENTIFIER, K.IDENTIFIER)):
            parent = ident.parent
            if parent is not None and parent.type == K.QUALIFIED_IDENTIFIER and ident.type == K.TYPE_IDENTIFIER:
                continue  # pkg.T: the package name is what could be shadowed
            name = grammar.text(ident)
            if self.ctx.lookup(name, slot.type_node) != self.ctx.lookup(name, self.body):
                raise _Refuse(f"the result type {self.ctx.text(slot.type_node)} means something else inside the loop")
        return self.ctx.text(slot.type_node)

    def _zero(self, slot: _Slot, index: int) -> str:
        ctx = self.ctx
        t = ctx.program.type_from_node(slot.type_node, ctx.file)
        text = self._type_text(slot)
        if isinstance(t, gt.TypeParam):
            self._need_universe("new")
            return f"*new({text})"
        u = ctx.underlying(t)
        if isinstance(u, gt.Basic):
            if u.name == "bool":
                self._need_universe("false")
                return "false"
            if u.name == "string":
                return '""'
            if u.name in gt.BASIC_NAMES:
                return "0"
        if isinstance(u, (gt.Pointer, gt.Slice, gt.Map, gt.Chan, gt.Signature, gt.Interface)):
            self._need_universe("nil")
            return "nil"
        if isinstance(u, (gt.Struct, gt.Array)) or self._spelled_empty_literal(index, text):
            return f"{text}{{}}"
        raise _Refuse(f"cannot spell the zero value of {ctx.text(slot.type_node)}")

    def _spelled_empty_literal(self, index: int, text: str) -> bool:
        """The function itself returns `T{}` as this result: then `T{}` is its zero value."""
        body = grammar.function_body(self.func)
        for ret in flow.returns_in(body) if body is not None else []:
            values = _values(ret)
            if len(values) > index:
                value = grammar.unparen(values[index])
                if (
                    value is not None
                    and value.type == K.COMPOSITE_LITERAL
                    and not grammar.named(value.child_by_field_name(F.VALUE))
                ):
                    if self.ctx.text(value.child_by_field_name(F.TYPE)) == text:
                        return True
        return False

    # --- the text -------------------------------------------------------------------

    def _wrap(self, plan: _Plan, continues: list[Node], breaks: list[Node], returns: list[Node]) -> Edit:
        """One edit replacing the lines inside the loop's braces with the wrapped body."""
        ctx, src, body = self.ctx, self.ctx.src, self.body
        open_end = ctx.line_end(body.start_byte)
        close = body.end_byte - 1
        close_line = ctx.line_start(close)
        after_open = src[body.start_byte + 1 : open_end].strip()
        if (after_open and not after_open.startswith(b"//")) or src[close_line:close].strip():
            raise _Refuse("the loop body is not laid out one statement per line (run gofmt first)")
        start, end = open_end + 1, close_line
        if start >= end:
            raise _Refuse("the loop body is empty")
        indent = src[close_line:close].decode()
        inner = indent + "\t"
        translations = [Edit(b.start_byte, b.end_byte, plan.on_continue) for b in continues]
        translations += [Edit(b.start_byte, b.end_byte, plan.on_break) for b in breaks]
        for ret in returns:
            translations += plan.returns(ret)
        translated = _apply(src, start, end, translations)
        if plan.has_results and not _terminates(translated):
            closing = inner + "\t" + plan.on_continue + "\n"
        else:
            closing = ""
        text = _apply(src, start, end, translations + self._indent_edits(start, end, translations))
        lines = [inner + plan.head + "\n", text, closing]
        lines += [inner + line + "\n" for line in plan.tail]
        return Edit(start, end, "".join(lines))

    def _indent_edits(self, start: int, end: int, translations: list[Edit]) -> list[Edit]:
        """One more tab at the start of every non-empty line, except inside raw strings and edits."""
        src = self.ctx.src
        keep = [(n.start_byte, n.end_byte) for n in grammar.find_all(self.body, (K.RAW_STRING_LITERAL,))]
        keep += [(e.start, e.end) for e in translations]
        out = []
        position = start
        while position < end:
            if src[position : position + 1] not in (b"\n", b"\r") and not any(a < position < b for a, b in keep):
                out.append(Edit(position, position, "\t"))
            newline = src.find(b"\n", position, end)
            if newline < 0:
                break
            position = newline + 1
        return out

    def _label_removal(self, translated: list[Node]) -> Edit | None:
        """Delete the loop's label when the branches we translated were its only uses."""
        statement = self.loop.parent
        if statement is None or statement.type != K.LABELED_STATEMENT:
            return None
        label = flow.label_of(self.loop)
        translated_ids = {b.id for b in translated}
        body = grammar.function_body(self.func)
        for branch in flow.branches_in(body) if body is not None else []:
            named = branch.child_by_field_name(F.LABEL)
            if named is not None and grammar.text(named) == label and branch.id not in translated_ids:
                return None
        src = self.ctx.src
        label_start = statement.start_byte
        line_start = self.ctx.line_start(label_start)
        colon_end = next(c.end_byte for c in statement.children if not c.is_named and c.type == ":")
        if not src[line_start:label_start].strip() and not src[colon_end : self.ctx.line_end(colon_end)].strip():
            return Edit(line_start, self.ctx.line_end(colon_end) + 1, "")  # the label's own line
        if src[colon_end : self.loop.start_byte].strip():
            raise _Refuse("the loop's label shares its line with other text")
        return Edit(label_start, self.loop.start_byte, "")


# --- helpers --------------------------------------------------------------------------


def _values(ret: Node) -> list[Node]:
    return grammar.items(ret.child_by_field_name(F.RESULT))


def _result_slots(func: Node) -> list[_Slot]:
    result = func.child_by_field_name(F.RESULT)
    if result is None:
        return []
    if result.type != K.PARAMETERS:
        return [_Slot(None, result)]
    slots = []
    for decl in grammar.named(result):
        type_node = decl.child_by_field_name(F.TYPE)
        if type_node is None:
            continue
        names = [grammar.text(n) for n in grammar.fields(decl, F.NAME)] or [None]
        slots.extend(_Slot(name, type_node) for name in names)
    return slots


def _result_bases(ctx: Context, slots: list[_Slot]) -> list[str]:
    """Names for the literal's results: the function's own result names, else err / res (res1, res2...)."""
    bases = []
    for slot in slots:
        if slot.name is not None and slot.name != "_":
            bases.append(slot.name)
        elif ctx.program.type_from_node(slot.type_node, ctx.file) == gt.ERROR:
            bases.append("err")
        else:
            bases.append("res")
    if bases.count("res") > 1:
        numbered = iter(range(1, len(bases) + 1))
        bases = [f"res{next(numbered)}" if b == "res" else b for b in bases]
    return bases


def _apply(src: bytes, start: int, end: int, edits: list[Edit]) -> str:
    """src[start:end] with `edits` (offsets into src) applied."""
    out, position = [], start
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(src[position : edit.start])
        out.append(edit.text.encode())
        position = edit.end
    out.append(src[position:end])
    return b"".join(out).decode("utf-8")


def _terminates(statements: str) -> bool:
    """Whether these statements (the translated body) end in a terminating statement."""
    tree = grammar.parse(f"package p\n\nfunc _() {{\n{statements}}}\n".encode())
    if grammar.error_spans(tree):
        raise _Refuse("the translated loop body does not parse")
    func = next(n for n in grammar.top_level(tree) if n.type == K.FUNCTION_DECLARATION)
    return flow.block_terminates(grammar.function_body(func))


def _held_on_purpose(ctx: Context, defer: Node, loop: Node, release: _Release | None = None) -> str | None:
    """Why the loop looks meant to hold what `defer` releases until the function returns, or None.

    The defer is the iteration's last statement, and either the iteration
    makes a resource and does nothing with it but defer its release (`rows`
    opened to hold connections), or the deferred call works only on state
    from outside that differs per iteration (`s.mu.Unlock()` for each shard
    `s`, `Chmod(dir, 0o755)` for each `dir`).  The same outside state every
    time (`mu.Unlock()`, `wg.Done()`) is not held on purpose: it piles up.
    """
    body = loop.child_by_field_name(F.BODY)
    if body is None or not _last_in_iteration(defer, body) or _benchmark_loop(ctx, loop):
        return None
    release = release or _Release(ctx, defer, body)
    if release.resources:
        if release.used_after_made():
            return None
        return f"the iteration makes {', '.join(r.name for r in release.resources)} and only defers its release"
    if release.only_outside_state() and _varies_per_iteration(ctx, defer, loop):
        return f"defer {_short_call(ctx, defer)} is the iteration's last statement and works on state from outside it"
    return None


def _serves_held(ctx: Context, defer: Node, loop: Node) -> bool:
    """Another defer of the iteration holds its resource on purpose, and that resource is made from
    this defer's (`sess := open(); defer sess.Close(); q, err := sess.Declare(…); defer q.Drop()`):
    this one must live as long, so it is held on purpose too."""
    body = loop.child_by_field_name(F.BODY)
    if body is None:
        return False
    mine = set(_Release(ctx, defer, body).resources)
    if not mine:
        return False
    for other in _defers_in(body):
        if other.id == defer.id:
            continue
        release = _Release(ctx, other, body)
        if not release.resources or _held_on_purpose(ctx, other, loop, release) is None:
            continue
        for resource in release.resources:
            for value in (resource.value, resource.tuple_value):
                if value is not None and any(ctx.resolve(i) in mine for i in grammar.find_all(value, (K.IDENTIFIER,))):
                    return True
    return False


def _benchmark_loop(ctx: Context, loop: Node) -> bool:
    """`for i := 0; i < b.N; i++`, `for range b.N`, `for b.Loop()`: a loop run as often as the benchmark
    wants, which nothing means to hold per iteration."""
    body = loop.child_by_field_name(F.BODY)
    for selector in grammar.find_all(loop, (K.SELECTOR_EXPRESSION,)):
        if body is not None and grammar.is_within(selector, body):
            continue
        if grammar.text(selector.child_by_field_name(F.FIELD)) not in ("N", "Loop"):
            continue
        named = _receiver_named(ctx, selector.child_by_field_name(F.OPERAND))
        if named is not None and named.package == "testing" and named.name == "B":
            return True
    return False


def _varies_per_iteration(ctx: Context, defer: Node, loop: Node) -> bool:
    """The deferred call reads a variable of the loop (range variables, the body's locals) or one the
    loop assigns, so each iteration defers it for something else."""
    for ident in grammar.find_all(defer, (K.IDENTIFIER,)):
        symbol = ctx.resolve(ident)
        if symbol is None or symbol.kind != scope.VAR or symbol.decl is None:
            continue
        if grammar.is_within(symbol.decl, defer):
            continue  # declared by the deferred function literal itself
        if grammar.is_within(symbol.decl, loop) or any(scope.is_written(use) for use in ctx.uses(symbol, loop)):
            return True
    return False


def _last_in_iteration(defer: Node, body: Node) -> bool:
    """Nothing but more defers runs after the defer in its iteration: it is last in its block (or
    followed only by defers), that block's statement is last in its own block, and so on up to the
    loop body."""
    node = defer
    while True:
        if any(s.type not in (K.EMPTY_STATEMENT, K.DEFER_STATEMENT) for s in flow.statements_after(node)):
            return False
        container = node.parent
        if container is None:
            return False
        if container.id == body.id:
            return True
        up = _after_container(node)
        if up is None or up.type in grammar.FUNCTION_KINDS:
            return False
        node = up


def _implies_non_nil(ctx: Context, condition: Node | None, symbol: scope.Symbol, *, when: bool) -> bool:
    """Whether `condition` being `when` proves `symbol != nil`."""
    condition = grammar.unparen(condition)
    if condition is None or condition.type != K.BINARY_EXPRESSION:
        return False
    op = grammar.operator(condition)
    left, right = condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)
    if (op == "&&" and when) or (op == "||" and not when):
        return any(_implies_non_nil(ctx, side, symbol, when=when) for side in (left, right))
    if op != ("!=" if when else "=="):
        return False
    for a, b in ((left, right), (right, left)):
        a, b = grammar.unparen(a), grammar.unparen(b)
        if a is None or b is None or a.type != K.IDENTIFIER or b.type != K.IDENTIFIER:
            continue
        other = ctx.resolve(b)
        if other is not None and other.kind == scope.NIL and ctx.resolve(a) == symbol:
            return True
    return False


def _assigned_within(ctx: Context, symbol: scope.Symbol, block: Node, before: int) -> bool:
    for use in ctx.uses(symbol, block):
        if use.start_byte < before and scope.is_written(use):
            return True
    return False


def _initialised_with_new_error(imports: dict[str, str], value: Node) -> bool:
    call = grammar.unparen(value)
    if call is None or call.type != K.CALL_EXPRESSION:
        return False
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    package = imports.get(grammar.text(function.child_by_field_name(F.OPERAND)))
    return (package, grammar.text(function.child_by_field_name(F.FIELD))) in (("fmt", "Errorf"), ("errors", "New"))


def _calls_recover(ctx: Context, defer: Node) -> bool:
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


def _has_recover(ctx: Context, node: Node) -> bool:
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


# --- what a deferred call releases ----------------------------------------------------------


class _Release:
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

    def __init__(self, ctx: Context, defer: Node, body: Node):
        self.ctx = ctx
        self.defer = defer
        self.body = body
        self.resources: list[scope.Symbol] = []
        self.written: list[str] = []  # variables from outside the iteration the deferred code assigns
        self.doubts: list[str] = []  # what calls the resources are handed to may do with them, set by escape()
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
            elif _is_write_target(ident) and grammar.text(ident) not in self.written:
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
            if symbol is not None and _root_symbol(self.ctx, argument) in self.resources:
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
        defers = _defers_in(self.body)
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
            if _root_symbol(self.ctx, call.child_by_field_name(F.FUNCTION)) in released:
                continue
            arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
            if any(_root_symbol(self.ctx, a) in released for a in arguments):
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
        if _root_symbol(self.ctx, call.child_by_field_name(F.FUNCTION)) in released:
            return True
        for argument in grammar.named(call.child_by_field_name(F.ARGUMENTS)):
            argument = grammar.unparen(argument)
            if argument is not None and argument.type == K.UNARY_EXPRESSION and grammar.operator(argument) == "&":
                argument = argument.child_by_field_name(F.OPERAND)
            if _root_symbol(self.ctx, argument) in released:
                return True
        return False

    def escape(self) -> str | None:
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
        defers = _defers_in(self.body)
        follow = _Follow(self.ctx, self.body, views=self._recycles())
        follow.addresses.update(names)
        escape = follow.leaves(work, skip=lambda use: any(grammar.is_within(use, d) for d in defers))
        self.doubts = follow.doubts
        return escape


# `cmd.Wait()`, `p.Wait()`: deferred, every process the loop started runs until the function returns;
# waited for at the end of each iteration, they would run one after another.
_WAIT_METHODS = frozenset({"Wait"})
_SIGNAL_METHODS = frozenset({"Done", "Unlock", "RUnlock", "Signal", "Broadcast"})


def _callee_declaration(ctx: Context, call: Node) -> tuple[Node, ParsedFile] | None:
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
    named = _receiver_named(ctx, operand)
    if named is None or named.package != ctx.file.import_path:
        return None
    method = ctx.program.facts.methods.get(named.name, {}).get(grammar.text(function.child_by_field_name(F.FIELD)))
    return (method.node, method.file) if method is not None else None


def _callee_effect(ctx: Context, call: Node, depth: int = 0, seen: frozenset[int] = frozenset()) -> str | None:
    """What the package's own function or method `call` calls (a few calls deep) does beyond its own
    objects, which code after the loop could notice when it runs earlier: `r.Close()` whose body
    writes a package-level variable (`open--`), prints, or signals a wait group or a lock."""
    found = _callee_declaration(ctx, call)
    if found is None or depth >= _MAX_CALL_DEPTH:
        return None
    decl, file = found
    body = grammar.function_body(decl)
    if body is None or decl.start_byte in seen:
        return None
    inner = ctx if file is ctx.file else _context_for(ctx, file)
    output = _output_call(inner, body, lambda _: False)
    if output is not None:
        return f"prints ({output})"
    for ident in grammar.find_all(body, (K.IDENTIFIER,)):
        symbol = inner.resolve(ident)
        if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.PACKAGE_LEVEL:
            continue
        if _is_write_target(ident) or _changed_by_builtin(inner, ident):
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


def _changed_by_builtin(ctx: Context, ident: Node) -> bool:
    """`delete(m, k)`, `close(ch)`, `clear(m)`, `ch <- v` with `ident` at the root of `m` / `ch`."""
    node = _access_path(ident)
    parent = node.parent if node is not None else None
    if parent is None:
        return False
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


def _defers_in(body: Node) -> list[Node]:
    """The body's own defer statements (a defer in a nested literal runs with that literal)."""
    return flow.in_same_function(body, (K.DEFER_STATEMENT,))


def _is_literal_key(ident: Node) -> bool:
    parent = ident.parent
    if parent is None or parent.type != K.KEYED_ELEMENT:
        return False
    key = parent.child_by_field_name(F.KEY)
    return key is not None and key.id == ident.id


def _is_write_target(ident: Node) -> bool:
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


def _made_in_iteration(ctx: Context, symbol: scope.Symbol, body: Node) -> bool:
    """A variable of the loop body whose every value is made there by a call or an allocation."""
    if symbol.decl is None or not grammar.is_within(symbol.decl, body) or symbol.kind != scope.VAR:
        return False
    if symbol.range_clause is not None or symbol.type_switch is not None or symbol.where != scope.LOCAL:
        return False
    values = [v for v in (symbol.value, symbol.tuple_value) if v is not None]
    for use in ctx.uses(symbol, body):
        if use.id != symbol.decl.id and scope.is_written(use):
            value = _assigned_value(use)
            if value is None:
                return False
            values.append(value)
    return bool(values) and all(_is_made(ctx, v) for v in values)


def _target_of(ident: Node) -> Node | None:
    """The assignment target that `ident` is the root of (`lss[i]` for `lss`), or None when not assigned."""
    node = _access_path(ident)
    if node is None:
        return None
    targets = node.parent
    owner = targets.parent if targets is not None else None
    if owner is None or owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION):
        return None
    left = owner.child_by_field_name(F.LEFT)
    return node if left is not None and left.id == targets.id else None


def _assigned_value(ident: Node) -> Node | None:
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


def _is_string_symbol(ctx: Context, symbol: scope.Symbol, body: Node) -> bool:
    """A string variable: by its type, or, when another module's function made it and its type is
    unknown, by a use in the body that only a string fits (`os.RemoveAll(dir)`, `filepath.Join(dir, f)`,
    `paths = append(paths, dir)` with `paths []string`, `dir + "/x"`)."""
    t = ctx.program.symbol_type(symbol)
    if t is not None:
        return ctx.program.is_string(t)
    return any(_string_use(ctx, use) for use in ctx.uses(symbol, body))


def _string_use(ctx: Context, use: Node) -> bool:
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
            target = ctx.underlying(ctx.type_of(arguments[0]))
            return isinstance(target, gt.Slice) and ctx.program.is_string(target.elem)
    signature = ctx.underlying(ctx.type_of(function))
    if not isinstance(signature, gt.Signature) or index < 0 or not signature.params:
        return False
    if signature.variadic and index >= len(signature.params) - 1:
        last = ctx.underlying(signature.params[-1])
        return isinstance(last, gt.Slice) and ctx.program.is_string(last.elem)
    return index < len(signature.params) and ctx.program.is_string(signature.params[index])


def _is_made(ctx: Context, value: Node) -> bool:
    value = grammar.unparen(value)
    if value is not None and value.type == K.TYPE_ASSERTION_EXPRESSION:
        value = grammar.unparen(value.child_by_field_name(F.OPERAND))  # `pool.Get().(*bytes.Buffer)`
    if value is None:
        return False
    if value.type == K.CALL_EXPRESSION:
        return ctx.program.conversion_type(value.child_by_field_name(F.FUNCTION), ctx.file) is None
    if value.type == K.UNARY_EXPRESSION and grammar.operator(value) == "&":
        operand = grammar.unparen(value.child_by_field_name(F.OPERAND))
        return operand is not None and operand.type == K.COMPOSITE_LITERAL
    return value.type == K.COMPOSITE_LITERAL


def _companions(ctx: Context, symbol: scope.Symbol, body: Node) -> tuple[list[scope.Symbol], str | None]:
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
            root = _root_symbol(ctx, target)
            if root is not None and root.decl is not None and grammar.is_within(root.decl, body):
                out.append(root)
            else:
                return out, ctx.text(target)
    return out, None


def _root_symbol(ctx: Context, expr: Node) -> scope.Symbol | None:
    node = grammar.unparen(expr)
    while node is not None and node.type in (K.SELECTOR_EXPRESSION, K.INDEX_EXPRESSION, K.SLICE_EXPRESSION):
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is not None and node.type == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
        node = grammar.unparen(node.child_by_field_name(F.OPERAND))
    if node is None or node.type != K.IDENTIFIER:
        return None
    symbol = ctx.resolve(node)
    return symbol if symbol is not None and symbol.kind == scope.VAR else None


# --- where a resource goes --------------------------------------------------------------

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
_MAX_CALL_DEPTH = 3


class _Follow:
    """Following a resource through one function body: the loop body, or a function it is passed to.

    `leaves` walks the uses of the resource and of every local it flows
    into, and says how it leaves the body (stored outside, sent, used by a
    goroutine, kept by a call); what a call may do with it that we cannot
    tell is collected in `doubts`.
    """

    def __init__(
        self, ctx: Context, body: Node, *, views: bool = False, depth: int = 0, within: frozenset[tuple] = frozenset()
    ):
        self.ctx = ctx
        self.body = body
        self.views = views  # a slice of bytes taken from the resource may be a view of its memory
        self.depth = depth
        self.within = within  # the parameters of the calls being followed into, to stop at recursion
        self.doubts: list[str] = []
        self.holders: set[scope.Symbol] = set()  # the symbols known to hold the resource
        self.addresses: set[scope.Symbol] = set()  # ... or only its address, like `u := srv.URL`

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
        current = _outermost_closure(use, self.body) or use
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
                    return found  # used as an index: only its value is read
                field_name = parent.child_by_field_name(F.FIELD)
                if field_name is not None and grammar.text(field_name) in _ADDRESS_SELECTORS:
                    address = True  # `srv.URL`, `ln.Addr()`: from here on what is followed is its address
                current = parent
            elif kind in (K.KEYED_ELEMENT, K.LITERAL_VALUE):
                literal = parent
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
            root = _root_symbol(ctx, target)
            if root is not None and root in self.holders:
                continue  # `req.Body = save`: stored back into what already holds it
            if root is not None and root.where == scope.RESULT and _is_function_body(root.func, self.body):
                continue  # a named result of a function followed into: it reaches the caller like a return
            if root is None or root.decl is None or not grammar.is_within(root.decl, self.body):
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
            if _is_std(ctx, path):
                return f"{handed.via}, which keeps it" if f"{path}.{name}" in _STD_KEEPING_FUNCTIONS else []
        doubts.append(handed.unknown)
        return []

    def _copied_into(self, call: Node, argument: Node) -> list[scope.Symbol] | str:
        """`copy(dst, src)` with the resource in `src`: it is stored in `dst`."""
        arguments = grammar.named(call.child_by_field_name(F.ARGUMENTS))
        if len(arguments) != 2 or arguments[1].id != argument.id:
            return []
        destination = _root_symbol(self.ctx, arguments[0])
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
        named = _receiver_named(ctx, operand)
        if named is not None and named.package == "testing" and named.name in _SUBTEST_TYPES and name == "Run":
            if closure and _calls_parallel(handed.argument):
                return f"{handed.via}, which runs it in a parallel subtest after the iteration"
            if closure:
                return []  # a subtest that does not call Parallel is over when Run returns
        if named is not None and named.package == ctx.file.import_path:
            method = ctx.program.facts.methods.get(named.name, {}).get(name)
            if method is not None:
                return self._callee_keeps(method.node, method.file, handed, doubts)
        receiver = _root_symbol(ctx, operand)
        if receiver is not None and receiver.decl is not None and grammar.is_within(receiver.decl, self.body):
            return [receiver]  # whatever the receiver keeps stays with it: follow the receiver
        if named is not None and _is_std(ctx, named.package):
            return f"{handed.via}, which keeps it" if name in _STD_KEEPING_METHODS else []
        doubts.append(handed.unknown)
        return []

    def _callee_keeps(self, decl: Node, file: ParsedFile, handed: _Handed, doubts: list[str]) -> str | list:
        """Whether the package's own function (or a function literal) `decl` keeps the parameter that
        receives the argument: that parameter is followed through its body like the resource."""
        parameter = _parameter_for(decl, handed.call, handed.argument)
        callee_body = grammar.function_body(decl)
        if self.depth >= _MAX_CALL_DEPTH or parameter is None or callee_body is None:
            doubts.append(handed.unknown)
            return []
        key = (file.path, parameter.start_byte)
        if key in self.within:
            return []  # a recursive call: the parameter is being followed already
        callee_ctx = self.ctx if file is self.ctx.file else _context_for(self.ctx, file)
        symbol = callee_ctx.resolve(parameter)
        if grammar.text(parameter) == "_" or symbol is None:
            return []
        inner = _Follow(callee_ctx, callee_body, views=self.views, depth=self.depth + 1, within=self.within | {key})
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


def _context_for(ctx: Context, file: ParsedFile) -> Context:
    """A context for another file of the package, sharing this one's program."""
    return Context(file.path, file.src, file.tree, ctx.version, file, lambda: ctx.program)


def _callee_text(ctx: Context, function: Node | None) -> str:
    if function is None or function.type == K.FUNCTION_LITERAL:
        return "a function literal"
    text = ctx.text(function)
    return text if "\n" not in text and len(text) <= 40 else "a call"


def _receiver_named(ctx: Context, operand: Node | None) -> gt.Named | None:
    t = ctx.type_of(operand) if operand is not None else None
    if isinstance(t, gt.Pointer):
        t = t.elem
    return t if isinstance(t, gt.Named) else None


def _is_std(ctx: Context, path: str) -> bool:
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


def _is_context(ctx: Context, value: Node) -> bool:
    return ctx.type_of(value) == gt.Named("context", "Context")


def _is_sync_primitive(t: gt.Type | None) -> bool:
    if isinstance(t, gt.Pointer):
        t = t.elem
    return isinstance(t, gt.Named) and t.package == "sync" and t.name in _SYNC_PRIMITIVES


def _is_snapshot_call(call: Node) -> bool:
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    return (
        function is not None
        and function.type == K.SELECTOR_EXPRESSION
        and grammar.text(function.child_by_field_name(F.FIELD)) in _SNAPSHOT_METHODS
    )


def _outermost_closure(use: Node, body: Node) -> Node | None:
    """The function literal of the body that captures `use`, if any (the closure carries it)."""
    found = None
    for ancestor in grammar.ancestors(use):
        if ancestor.id == body.id:
            break
        if ancestor.type == K.FUNCTION_LITERAL:
            found = ancestor
    return found


def _may_carry(ctx: Context, t: gt.Type | None, views: bool, depth: int = 0) -> bool:
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


def _declared_locals(ctx: Context, names: list[Node]) -> list[scope.Symbol]:
    out = []
    for name in names:
        symbol = ctx.resolve(name)
        if symbol is not None and symbol.kind == scope.VAR:
            out.append(symbol)
    return out


def _output_call(ctx: Context, defer: Node, excused: Callable[[Node], bool]) -> str | None:
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


RULE = Rule(
    id="GFL007",
    name="defer-in-loop",
    title="defer in a loop holds every iteration's resource until the function returns",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"defer",),
)
