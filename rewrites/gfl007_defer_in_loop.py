"""A `defer` inside a loop runs only when the function returns, not at the end of the iteration.

## What it does
Flags a `defer` statement that sits inside a `for` loop of the same
function, when the loop can come round again after the defer ran, the
deferred call releases something the iteration acquired (a file, rows, a
response body, a cancel func, a pooled buffer, a temporary directory: a call
named like a release, `Close`, `Release`, `cancel()`, `Put`, `RemoveAll`,
...; or the same mutex every iteration, which deadlocks), and there is
positive evidence that the loop runs many times while its function lives:

- it runs until something happens (`for {`, `for cond {`, `for rows.Next()`,
  `for { select { case <-t.C: … } }` in a server), and is not a try loop:
  a body that returns when the attempt works and only comes round through
  `continue` after a failure (the next session or address, a retry with
  fewer arguments) repeats a handful of times;
- it ranges over a channel that brings work items from elsewhere (a
  channel the function fills itself from a slice, to share it out to
  workers, carries no more than that slice);
- it ranges over a directory listing (`os.ReadDir`, `filepath.Glob`,
  `f.Readdirnames`, also through a local variable or counting to `len`),
  outside command-line programs;
- it is a benchmark loop (`b.N`, `b.Loop()`): in a `_test.go` file this is
  the only evidence, since a test holds what its loops set up until it ends.

A range over a slice or map a caller hands in, a field, a counted loop, an
iterator function: nothing shows these are long (in real code they are
mostly a few addresses, sessions, flag values, manifest entries or fixtures),
so they are not reported.  The `any_loop` option (`--option
GFL007.any_loop`) reports them too, keeping the exemptions below (in a
`_test.go` file it then also reports loops that run until something happens).

Not flagged, because nothing piles up or the loop holds on purpose:

- a defer inside a function literal in the loop (it runs when that literal
  returns), or one after which every path leaves the function;
- a defer in a `select` case that receives from a result channel the
  function made with room for one value (`errc := make(chan error, 1)`):
  that case wins once per call;
- a defer whose line (or the line above) carries the authors' `//nolint`
  or `//lint:ignore`: they reviewed it and keep it;
- a loop whose body only defers (`for _, c := range conns { defer c.Close() }`);
- a defer that releases nothing the iteration acquired: it sets a named
  result, pops a stack, logs, times, recovers or signals a wait group;
- a lock or slot taken per iteration (`s.mu.Lock()` of each shard, `unlock :=
  m.Lock(key)`, `ch <- x` with `defer func() { <-ch }()`, a semaphore): the
  loop holds them all on purpose until the function returns;
- a resource kept past the iteration in any form: stored in a variable used
  after the loop, a field, a map key or value, a slice; sent on a channel;
  used by a goroutine or a parallel subtest; handed to a call that keeps it
  (`log.SetOutput`, `list.PushBack`, the package's own functions, a few calls
  deep); or named after the loop by what identifies it (its URL or address,
  a temporary directory's path, the ID of a container the defer deletes);
- a resource the iteration also releases itself before the next iteration
  on every path (`defer nc.Close(); …; nc.Close()`): the defer only covers
  early returns;
- a loop whose iterations are a constant number, at most 256 together with
  the loops around it (`for range 3`, `for i := 0; i < 5; i++`, a range over a
  literal or an array, or over a local slice that only short literals fill:
  `networks := []string{"udp", "tcp"}`, reassigned to another literal, cut by
  `xs = xs[:1]` or grown by a few appends before the loop): what it holds is a
  small constant (256 is the smallest default limit on open descriptors,
  macOS's);
- in `main.main`, a loop over the command-line arguments (`os.Args`,
  `flag.Args()`): a tool holds one thing per argument, and main's return
  ends the process;
- in a `_test.go` file, any loop but a benchmark's (see above);
- a loop that holds one thing per iteration on purpose: the defer is the
  iteration's last statement and the iteration makes the resource and does
  nothing else with it (then also the defer of what it was made from:
  `s := open(); defer s.Close(); q, _ := s.Declare(n); defer q.Drop()`).

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
[]string`, shows it is a path) which does not leave the iteration, and
nothing else, and when what it releases is a local handle: made by the
package itself, by an allocation, or by a standard package whose handles
have no peer (not `net`, `os/exec`, `net/http/httptest`).  A resource of
another module or package (a connection, a client, a server, a container)
makes the fix unsafe: closing it early may be seen by what it is connected
to, and code after the loop may rely on it.  Reporting that
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
that uses a named result, a resource stored in a variable from outside the
loop that only the loop uses (the next iteration may still need it), a
release that ends the scope of a context its constructor also made, when the
constructor is not package context's (`ctx, done, err :=
leaseutil.WithLease(ctx, …)`, `defer done(ctx)`: what the iteration did with
that context, content pulled under a lease, may rely on the scope lasting
until the function returns, which we cannot see), when a
result's zero value would have to name something the body declares (`url :=
...` with a `url.URL` result, `new` with a type parameter), or when another
defer of the body holds one thing per iteration
on purpose (see above). New names (`err`, `stop`, `done`, ...) are chosen so
they shadow nothing; comments and raw strings are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gofixleak.analysis import escape, flow, holds, lintdirectives, loops, nilness, releases, repetition, slicing
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety
from gofixleak.fix import edits as fixedits
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL007"
ANY_LOOP = "any_loop"
ANY_LOOP_HELP = (
    "also report loops without evidence that they run many times (a range over any slice or map, "
    "a counted loop, a try loop): every defer that would pile up, however few iterations there are"
)


class _Refuse(Exception):
    """The loop body cannot be wrapped faithfully; the text says why."""


def check(ctx: Context):
    rewrites: dict[int, tuple[list[Fix], str | None]] = {}
    for defer in ctx.find(K.DEFER_STATEMENT):
        loop = flow.enclosing_loop(defer)
        if loop is None or _only_defers(loop) or loops.runs_at_most_once(defer):
            continue
        if loops.bounded_around(ctx, defer) or _test_fixture_loop(ctx, defer) or loops.ranges_over_arguments(ctx, loop):
            continue
        if not ctx.option(f"{RULE_ID}.{ANY_LOOP}") and repetition.many_iterations(ctx, defer) is None:
            continue
        if lintdirectives.silenced(ctx, defer.start_byte, None, None) or holds.not_a_leak(ctx, defer, loop) is not None:
            continue
        if loop.id not in rewrites:
            rewrites[loop.id] = _fixes(ctx, loop)
        yield _finding(ctx, defer, *rewrites[loop.id])


def _test_fixture_loop(ctx: Context, defer: Node) -> bool:
    """In a _test.go file, a loop over a table, fixtures or a count sets up what the test holds
    until it ends; only benchmark loops (b.N, b.Loop) and loops that run until something happens
    (`for {`, a condition, a channel) can exhaust descriptors there."""
    if not ctx.path.endswith("_test.go"):
        return False
    func = grammar.enclosing_function(defer)
    if func is None:
        return False
    around = [a for a in grammar.ancestors(defer) if a.type == K.FOR_STATEMENT and grammar.is_within(a, func)]
    if any(loops.benchmark_loop(ctx, loop) for loop in around):
        return False
    return all(loops.runs_to_fixed_count(ctx, loop) or loops.ranges_over_unknown(ctx, loop) for loop in around)


def _finding(ctx: Context, defer: Node, fixes: list[Fix], refusal: str | None) -> Finding:
    func = grammar.enclosing_function(defer)
    name = _function_name(func)
    message = (
        f"defer {releases.short_call(ctx, defer)} in a loop runs only when {name} returns, "
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
            if len(values) != len(slots) or not nilness.non_nil_error(self.ctx, values[-1], ret, self.body):
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

    def _hoistable(self, value: Node, defers: list[Node]) -> bool:
        """A value that is the same when computed after the literal returned: zero values, constants,
        variables from before the loop that no deferred call touches."""
        expr = grammar.unparen(value)
        if expr is None:
            return False
        if expr.type in grammar.LITERAL_KINDS:
            return True
        if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "-":
            operand = grammar.unparen(expr.child_by_field_name(F.OPERAND))
            return operand is not None and operand.type in grammar.LITERAL_KINDS
        if expr.type == K.COMPOSITE_LITERAL:
            elements = expr.child_by_field_name(F.VALUE)
            return not grammar.named(elements) and self._declared_outside(expr)
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
            if escape.outermost_closure(use, self.func) is not None:
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
        shown = f"defer {releases.short_call(ctx, defer)}"
        if releases.calls_recover(ctx, defer):
            raise _Refuse(f"{shown} recovers panics, which it would then do for each iteration")
        for ident in grammar.find_all(defer, (K.IDENTIFIER,)):
            symbol = ctx.resolve(ident)
            if symbol is not None and symbol.where == scope.RESULT and symbol.func is not None:
                if symbol.func.id == self.func.id:
                    raise _Refuse(
                        f"{shown} uses the named result {symbol.name}, which it would see at the end "
                        "of the iteration instead of when the function returns"
                    )
        release = releases.Release(ctx, defer, self.body)
        leaving = release.leaving()
        if leaving is not None:
            raise _Refuse(f"{leaving}, so releasing it at the end of the iteration could break later uses")
        for doubt in release.doubts:
            self._downgrade(doubt)
        kept = self._kept_outside(defer)
        if kept is not None:
            raise _Refuse(f"{kept}, so releasing it at the end of the iteration could break later uses")
        scoped = release.scoped_context()
        if scoped is not None:
            raise _Refuse(scoped)
        held = holds.held_on_purpose(ctx, defer, self.loop, release)
        if held is not None:
            raise _Refuse(f"{held}: the loop looks meant to hold them all until the function returns")
        foreign = release.foreign()
        if foreign is not None:
            self._downgrade(foreign)
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
                target = releases.target_of(use)
                value = releases.value_given(target) if target is not None else None
                if value is not None and not grammar.is_within(use, defer) and releases.is_made(self.ctx, value):
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
                if releases.is_write_target(use):
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
    slots: list[_Slot] = []
    for decl in grammar.named(result):
        type_node = decl.child_by_field_name(F.TYPE)
        if type_node is None:
            continue
        names: list[str | None] = [grammar.text(n) for n in grammar.fields(decl, F.NAME)] or [None]
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
    """src[start:end] with `edits` (offsets into src, all inside that range) applied."""
    shifted = [Edit(e.start - start, e.end - start, e.text) for e in edits]
    return fixedits.apply(src[start:end], shifted).decode("utf-8")


def _terminates(statements: str) -> bool:
    """Whether these statements (the translated body) end in a terminating statement."""
    tree = grammar.parse(f"package p\n\nfunc _() {{\n{statements}}}\n".encode())
    if grammar.error_spans(tree):
        raise _Refuse("the translated loop body does not parse")
    func = next(n for n in grammar.top_level(tree) if n.type == K.FUNCTION_DECLARATION)
    return flow.block_terminates(grammar.function_body(func))


RULE = Rule(
    id=RULE_ID,
    name="defer-in-loop",
    title="defer in a loop holds every iteration's resource until the function returns",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"defer",),
    options={ANY_LOOP: ANY_LOOP_HELP},
)
