"""When a loop holds what it defers on purpose, and when a deferred release piles nothing up.

`not_a_leak(view, defer, loop)` says why a `defer` in a loop is not worth
reporting (see its docstring for the shapes: releases nothing, a lock or slot
per iteration, kept past the iteration in any form, released explicitly
before the next iteration, acquired until acquiring fails, held on purpose).
Built on the release model of `releases` and the escape analysis of `escape`.
"""

from __future__ import annotations

from gofixleak.analysis import cfg, flow, loops, slicing, storage
from gofixleak.analysis.releases import Release, defers_in, short_call
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def held_on_purpose(ctx: FileView, defer: Node, loop: Node, release: Release | None = None) -> str | None:
    """Why the loop looks meant to hold what `defer` releases until the function returns, or None.

    The defer is the iteration's last statement, and either the iteration
    makes a resource and does nothing with it but defer its release (`rows`
    opened to hold connections), or the deferred call works only on state
    from outside that differs per iteration (`s.mu.Unlock()` for each shard
    `s`, `Chmod(dir, 0o755)` for each `dir`).  The same outside state every
    time (`mu.Unlock()`, `wg.Done()`) is not held on purpose: it piles up.
    """
    body = loop.child_by_field_name(F.BODY)
    if body is None or not loops.last_in_iteration(defer, body) or loops.benchmark_loop(ctx, loop):
        return None
    release = release or Release(ctx, defer, body)
    if release.resources:
        if release.used_after_made():
            return None
        return f"the iteration makes {', '.join(r.name for r in release.resources)} and only defers its release"
    if release.only_outside_state() and _varies_per_iteration(ctx, defer, loop):
        return f"defer {short_call(ctx, defer)} is the iteration's last statement and works on state from outside it"
    return None


def not_a_leak(view: FileView, defer: Node, loop: Node) -> str | None:
    """Why `defer` in `loop` does not pile up anything worth reporting, or None when it does.

    - It releases nothing the iteration acquired (FP-11): a defer that sets a
      named result, pops a stack, logs, times or signals; except unlocking the
      same mutex every iteration, which deadlocks on the second one.
    - It releases a lock or slot taken per iteration (`s.mu.Lock()` of each
      shard, `unlock := m.Lock(k)`, `ch <- x` + `<-ch`): held on purpose (FP-10).
    - What it releases is kept past the iteration, in any form (stored in a
      variable used after the loop, a field, a map key or value, a slice, a
      channel, a goroutine, a call that keeps it; or its address or name):
      the loop means to hold them all (FP-9).
    - Every path to the next iteration releases it explicitly first: the
      defer only covers early returns.
    - The loop holds one per iteration on purpose (`held_on_purpose`).
    """
    body = loop.child_by_field_name(F.BODY)
    if body is None:
        return None
    release = Release(view, defer, body)
    if _relocks_same_mutex(view, defer, loop):
        return None
    if not release.releases_something():
        return "it releases nothing the iteration acquired"
    slot = release.lock_slot()
    if slot is not None:
        return f"{slot} releases a lock or slot taken per iteration, held on purpose"
    leaving = release.leaving()
    holder = release.stored_in
    if leaving is not None and (holder is None or _used_after(view, holder, loop)):
        return f"{leaving}: the loop keeps them past the iteration"
    if leaving is None and holder is not None and _used_after(view, holder, loop):
        return f"what it releases is named in {holder.name}, which is used after the loop"
    named = identity_kept(view, release, loop)
    if named is not None:
        return f"what it destroys is named in {named}, which is used after the loop"
    if released_before_next_iteration(view, defer, loop, release):
        return "the iteration releases it explicitly before the next one"
    if _acquires_until_it_fails(view, loop, release):
        return "the loop acquires until acquiring fails, holding all it got on purpose"
    held = held_on_purpose(view, defer, loop, release)
    if held is not None:
        return held
    if serves_held(view, defer, loop):
        return "another deferred release made from it is held on purpose"
    return None


def _acquires_until_it_fails(view: FileView, loop: Node, release: Release) -> bool:
    """`for { c, err := connect(); if err != nil { break }; defer c.Close() }`: the loop has no
    condition and leaves only when acquiring fails, so it exists to hold as many as it can get
    (a test filling a connection limit)."""
    if any(child.type in (K.FOR_CLAUSE, K.RANGE_CLAUSE) for child in grammar.named(loop)):
        return False
    if any(child.type not in (K.BLOCK, K.COMMENT) for child in grammar.named(loop)):
        return False  # `for cond {`
    body = loop.child_by_field_name(F.BODY)
    exits = [b for b in flow.branches_in(body) if b.type == K.BREAK_STATEMENT] if body is not None else []
    exits = [b for b in exits if (target := flow.branch_target(b)) is not None and target.id == loop.id]
    exits += list(flow.returns_in(body)) if body is not None else []
    if not exits or body is None:
        return False
    acquired = set(release.resources)
    for exit_ in exits:
        guard = grammar.enclosing(exit_, (K.IF_STATEMENT,))
        if guard is None or not grammar.is_within(guard, body):
            return False
        condition = grammar.unparen(guard.child_by_field_name(F.CONDITION))
        if condition is None or condition.type != K.BINARY_EXPRESSION or grammar.operator(condition) != "!=":
            return False
        tested = grammar.unparen(condition.child_by_field_name(F.LEFT))
        error = view.resolve(tested) if tested is not None and tested.type == K.IDENTIFIER else None
        if error is None or view.program.symbol_type(error) not in (gt.ERROR, None):
            return False
        if tested is None or not slicing.compared_with_nil(tested) or not _assigned_with(view, error, acquired, body):
            return False
    return True


def _assigned_with(view: FileView, error: scope.Symbol, resources: set[scope.Symbol], body: Node) -> bool:
    """`error` is assigned by the statement that acquires one of the loop's deferred resources."""
    for resource in resources:
        for use in view.uses(resource, body):
            if not scope.is_written(use) or use.parent is None or use.parent.parent is None:
                continue
            statement = use.parent.parent
            targets = grammar.items(statement.child_by_field_name(F.LEFT))
            if any(view.resolve(t) == error for t in targets if t.type == K.IDENTIFIER):
                return True
    return False


def _used_after(view: FileView, holder: scope.Symbol, loop: Node) -> bool:
    """A variable from outside the loop that code outside the loop uses (or that is not a local)."""
    if holder.where != scope.LOCAL or holder.func is None:
        return True
    body = grammar.function_body(holder.func)
    if body is None:
        return True
    return any(
        not grammar.is_within(use, loop) and (holder.decl is None or use.id != holder.decl.id)
        for use in view.uses(holder, body)
    )


def _assigned_outside(view: FileView, value: Node, body: Node) -> scope.Symbol | None:
    """The variable declared outside `body` that `x = value` or `x = append(x, value)` stores it in."""
    node = value
    parent = node.parent
    if parent is not None and parent.type == K.ARGUMENTS and parent.parent is not None:
        function = grammar.unparen(parent.parent.child_by_field_name(F.FUNCTION))
        if function is not None and function.type == K.IDENTIFIER and grammar.text(function) == "append":
            node = parent.parent
    target = storage.root_symbol(view, _target_for(node))
    if target is None or target.decl is None or grammar.is_within(target.decl, body):
        return None
    return target


def _target_for(value: Node) -> Node | None:
    values = value.parent
    owner = values.parent if values is not None else None
    if values is None or owner is None or values.type != K.EXPRESSION_LIST or owner.type != K.ASSIGNMENT:
        return None
    lefts, rights = grammar.items(owner.child_by_field_name(F.LEFT)), grammar.items(values)
    index = next((i for i, v in enumerate(rights) if v.id == value.id), -1)
    return lefts[index] if 0 <= index < len(lefts) == len(rights) else None


def _relocks_same_mutex(view: FileView, defer: Node, loop: Node) -> bool:
    """`mu.Lock(); defer mu.Unlock()` with the same mutex every iteration: the second Lock deadlocks."""
    call = defer.child_by_field_name(F.CALL)
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    if grammar.text(function.child_by_field_name(F.FIELD)) != "Unlock":
        return False
    mutex = view.text(function.child_by_field_name(F.OPERAND))
    body = loop.child_by_field_name(F.BODY)
    calls = flow.in_same_function(body, (K.CALL_EXPRESSION,)) if body is not None else []
    locks = [c for c in calls if view.text(c.child_by_field_name(F.FUNCTION)) == f"{mutex}.Lock"]
    return bool(locks) and not _varies_per_iteration(view, defer, loop)


def serves_held(ctx: FileView, defer: Node, loop: Node) -> bool:
    """Another defer of the iteration holds its resource on purpose, and that resource is made from
    this defer's (`sess := open(); defer sess.Close(); q, err := sess.Declare(…); defer q.Drop()`,
    `c := newContainer(); defer c.Delete(); t := c.NewTask(); defer t.Delete(); pids = append(pids,
    t.Pid())`): this one must live as long, so it is held on purpose too."""
    body = loop.child_by_field_name(F.BODY)
    if body is None:
        return False
    mine = set(Release(ctx, defer, body).resources)
    if not mine:
        return False
    for other in defers_in(body):
        if other.id == defer.id:
            continue
        release = Release(ctx, other, body)
        if not release.resources:
            continue
        if held_on_purpose(ctx, other, loop, release) is None and identity_kept(ctx, release, loop) is None:
            continue
        for resource in release.resources:
            for value in (resource.value, resource.tuple_value):
                if value is not None and any(ctx.resolve(i) in mine for i in grammar.find_all(value, (K.IDENTIFIER,))):
                    return True
    return False


def _varies_per_iteration(ctx: FileView, defer: Node, loop: Node) -> bool:
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


def identity_kept(view: FileView, release: Release, loop: Node) -> str | None:
    """The deferred call destroys what the iteration made (`c.Delete()`, `srv.Shutdown()`),
    and something that identifies it (`c.ID()`, `t.Pid()`) is kept in a variable used after the
    loop: the loop means to keep them all alive until then (a stress tool starting N containers)."""
    if not release.destroys():
        return None
    for symbol in release.resources:
        for use in view.uses(symbol, release.body):
            selector = use.parent
            call = selector.parent if selector is not None else None
            if selector is None or selector.type != K.SELECTOR_EXPRESSION or call is None:
                continue
            if call.type != K.CALL_EXPRESSION or any(grammar.is_within(use, d) for d in defers_in(release.body)):
                continue
            holder = _assigned_outside(view, call, release.body)
            if holder is not None and _used_after(view, holder, loop):
                return holder.name
    return None


def released_before_next_iteration(view: FileView, defer: Node, loop: Node, release: Release) -> bool:
    """Every path from `defer` that comes round to the next iteration releases the resource
    explicitly first (`defer nc.Close(); …; nc.Close()`): the defer only covers the paths that
    leave the function, and nothing piles up."""
    func = grammar.enclosing_function(defer)
    callees = {view.text(call.child_by_field_name(F.FUNCTION)) for call in release.release_calls()}
    if func is None or not callees:
        return False
    graph = cfg.Graph(func)
    start = graph.point_at(defer)
    if start is None:
        return False
    heads = {p.index for p in graph if p.node is not None and _heads_loop_around(p, defer)}
    seen: set[int] = set()
    todo = list(start.succ)
    while todo:
        index = todo.pop()
        if index in seen:
            continue
        seen.add(index)
        if index in heads:
            return False
        point = graph[index]
        if point.kind == cfg.STATEMENT and point.node is not None and _releases_explicitly(view, point, callees):
            continue
        todo.extend(point.succ)
    return True


def _heads_loop_around(point: cfg.Point, node: Node) -> bool:
    """The point where a loop around `node` comes round: its condition, range head or post statement."""
    if point.kind == cfg.RANGE and point.node is not None and point.node.parent is not None:
        return grammar.is_within(node, point.node.parent)
    if point.kind == cfg.CONDITION and point.node is not None and point.node.type == K.FOR_STATEMENT:
        return grammar.is_within(node, point.node)
    clause = point.node.parent if point.node is not None else None
    return (
        point.kind == cfg.STATEMENT
        and clause is not None
        and clause.type == K.FOR_CLAUSE
        and clause.parent is not None
        and grammar.is_within(node, clause.parent)
    )


def _releases_explicitly(view: FileView, point: cfg.Point, callees: set[str]) -> bool:
    statement = point.node
    if statement is None or statement.type == K.DEFER_STATEMENT:
        return False
    for call in flow.in_same_function(statement, (K.CALL_EXPRESSION,)):
        if view.text(call.child_by_field_name(F.FUNCTION)) in callees:
            return True
    return False
