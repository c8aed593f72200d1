"""Helpers shared by the timer rules, GFL005 (unstopped-ticker) and GFL008 (time-after-in-loop).

Not a rule itself (the registry lists only `gfl*` modules): the Go 1.23
version gate and its option, recognising calls into package time, where
statements can be inserted, which function a ticker belongs to, and where
control leaves a variable's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gofixleak.analysis import calls, cfg, flow
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.goversion import GoVersion
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Go 1.23 made unreferenced, unstopped Timers and Tickers collectable, but only for
# programs whose main module says `go 1.23` or later; Go 1.27 removed the old behaviour
# (GODEBUG asynctimerchan) altogether.
COLLECTED_SINCE = GoVersion(1, 23)
ANY_VERSION = "any_version"
ANY_VERSION_HELP = (
    "report in files of every Go version, not only below 1.23 (for libraries whose users may build "
    "them into programs whose go.mod says go < 1.23, with a toolchain before Go 1.27)"
)
OLD_RUNTIMES = "when the program's go.mod says go < 1.23 and it is built with a toolchain before Go 1.27"


def applies(ctx: FileView, rule_id: str) -> bool:
    """The version gate: the file's Go version is below 1.23, or the rule's any_version option is on."""
    return ctx.version < COLLECTED_SINCE or bool(ctx.option(f"{rule_id}.{ANY_VERSION}"))


# --- package time ---------------------------------------------------------------------


# What a dot import (`import . "time"`) makes callable without a qualifier, as far as the rules care.
_DOT_FUNCTIONS = frozenset({"After", "NewTicker", "NewTimer", "Tick"})


def time_function(ctx: FileView, call: Node, file: ParsedFile | None = None) -> str | None:
    """ "NewTicker" for `time.NewTicker(d)` (through any import name, or `NewTicker(d)` with package time
    dot-imported), else None.

    `file` is the file `call` is in, when not the one being checked.
    """
    if call.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is not None and function.type == K.IDENTIFIER:
        return _dot_imported(ctx, function, file or ctx.file)
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    if operand is None or ctx.program.package_of_selector(operand, file or ctx.file) != "time":
        return None
    return grammar.text(function.child_by_field_name(F.FIELD))  # `call` may be in another file


def _dot_imported(ctx: FileView, function: Node, file: ParsedFile) -> str | None:
    """`NewTicker` in a file that dot-imports package time, when no declaration of the package or a
    block shadows the name (two dot imports exporting one name do not compile)."""
    name = grammar.text(function)
    if name not in _DOT_FUNCTIONS or "time" not in file.dot_imports:
        return None
    return name if ctx.program.resolve(function, file) is None else None


def time_argument(call: Node) -> Node | None:
    args = grammar.named(call.child_by_field_name(F.ARGUMENTS))
    return args[0] if len(args) == 1 else None


def package_name(call: Node) -> str:
    """The name the call spells package time with (`time`, a renamed import, or "" when dot-imported)."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is not None and function.type == K.IDENTIFIER:
        return ""
    return grammar.text(function.child_by_field_name(F.OPERAND)) if function is not None else "time"


def qualified(package: str, name: str) -> str:
    """`time.NewTimer`, or `NewTimer` through a dot import (package "")."""
    return f"{package}.{name}" if package else name


def means_time(ctx: FileView, package: str, at: Node, *functions: str) -> bool:
    """Whether `package` (as `package_name` spells it) still names package time at `at`.

    For a dot import, whether each of `functions` is unshadowed there.
    """
    if not package:
        return "time" in ctx.file.dot_imports and all(ctx.lookup(name, at) is None for name in functions)
    symbol = ctx.lookup(package, at)
    return symbol is not None and symbol.kind == sc.PACKAGE and symbol.import_path == "time"


def is_time_type(ctx: FileView, t: gt.Type | None, name: str) -> bool:
    """`t` is `*time.<name>` (or `time.<name>`)."""
    base = ctx.program.deref(t)
    return isinstance(base, gt.Named) and base.package == "time" and base.name == name


def positive_constant(ctx: FileView, duration: Node | None) -> bool:
    """A constant duration greater than zero (NewTicker panics on d <= 0, where Tick returns nil)."""
    value = ctx.program.constant_int(duration, ctx.file)
    return value is not None and value > 0


# --- functions ------------------------------------------------------------------------

_TEST_PREFIXES = ("Test", "Benchmark", "Example", "Fuzz")


def is_main(ctx: FileView, func: Node) -> bool:
    """`main.main`: when it returns, the program ends."""
    return (
        func.type == K.FUNCTION_DECLARATION
        and ctx.text(func.child_by_field_name(F.NAME)) == "main"
        and ctx.file.package == "main"
    )


def is_main_or_init(ctx: FileView, func: Node) -> bool:
    """`main.main` or an `init` function: they run once, for the program's whole life."""
    if func.type != K.FUNCTION_DECLARATION:
        return False
    return is_main(ctx, func) or ctx.text(func.child_by_field_name(F.NAME)) == "init"


def is_test_function(ctx: FileView, func: Node) -> bool:
    """A top-level TestX/BenchmarkX/ExampleX/FuzzX (or TestMain) function of a _test.go file."""
    if func.type != K.FUNCTION_DECLARATION or not ctx.path.endswith("_test.go"):
        return False
    name = ctx.text(func.child_by_field_name(F.NAME))
    return any(name.startswith(prefix) for prefix in _TEST_PREFIXES)


def function_label(ctx: FileView, func: Node) -> str:
    """How to name a function in a message: `Run`, `(*S).Close`, or "the function literal"."""
    if func.type == K.FUNCTION_LITERAL:
        return "the function literal"
    return ctx.text(func.child_by_field_name(F.NAME))


# --- names for new variables ----------------------------------------------------------------


class NamePool:
    """Fresh names for the variables one run of a rule declares.

    Fixes whose edits do not overlap are applied together, each computed on
    the same source: two of them must not declare the same name in one
    function (`timer := ...` before two loops of one block would not compile).
    """

    def __init__(self, ctx: FileView):
        self.ctx = ctx
        self.taken: dict[int, set[str]] = {}

    def fresh(self, base: str, at: Node, within: Node, func: Node) -> str:
        """`base`, `base2`, ...: visible nowhere at `at`, used nowhere in `within`, not yet handed out in `func`."""
        taken = self.taken.setdefault(func.id, set())
        used = {self.ctx.text(n) for n in grammar.find_all(within, (K.IDENTIFIER,))}
        n = 1
        while True:
            candidate = base if n == 1 else f"{base}{n}"
            if candidate not in used and candidate not in taken and self.ctx.name_is_free(candidate, at):
                taken.add(candidate)
                return candidate
            n += 1

    def reserve(self, name: str, func: Node) -> None:
        self.taken.setdefault(func.id, set()).add(name)


# --- where code goes --------------------------------------------------------------------


def statement_anchor(statement: Node) -> Node:
    """The statement itself, or the labeled statement wrapping it (a label must stay in front)."""
    parent = statement.parent
    if parent is not None and parent.type == K.LABELED_STATEMENT:
        return parent
    return statement


def starts_line(ctx: FileView, node: Node) -> bool:
    start = ctx.line_start(node.start_byte)
    return not ctx.src[start : node.start_byte].strip()


def ends_line(ctx: FileView, node: Node) -> bool:
    """Nothing but spaces or a comment follows `node` on its last line."""
    rest = ctx.src[node.end_byte : ctx.line_end(node.end_byte)].strip()
    return not rest or rest.startswith(b"//")


def insertion_before(ctx: FileView, statement: Node) -> tuple[int, str] | None:
    """Where to insert lines in front of a statement (above its own comment lines) and their indent.

    None when the statement does not start its line (then inserting lines
    would split something else).
    """
    anchor = statement_anchor(statement)
    if not starts_line(ctx, anchor):
        return None
    # gofmt outdents a label onto its own line: indent like the statement, not the label
    if anchor.id != statement.id and not starts_line(ctx, statement):
        return None
    indent = ctx.indent_of(statement)
    first = anchor
    previous = first.prev_sibling
    while (
        previous is not None
        and previous.type == K.COMMENT
        and starts_line(ctx, previous)
        and ctx.line_of(previous.end_byte) == ctx.line_of(first.start_byte) - 1
    ):
        first, previous = previous, previous.prev_sibling
    return ctx.line_start(first.start_byte), indent


def lines(indent: str, *statements: str) -> str:
    """Statements (which may hold their own newlines, indented relative to `indent`) as lines."""
    out = []
    for statement in statements:
        for line in statement.split("\n"):
            out.append(f"{indent}{line}\n" if line else "\n")
    return "".join(out)


# --- paths through a function -------------------------------------------------------------


def flow_graph(ctx: FileView, func: Node, endless_range: Callable[[Node], bool] | None = None) -> cfg.Graph:
    """The control-flow graph of `func`, where ranges `endless_range(clause)` says never end (ticker channels)."""
    graph = cfg.Graph(func, no_return=calls.never_returns(ctx))
    if endless_range is None:
        return graph
    for point in graph:
        if point.kind == cfg.RANGE and point.node is not None and endless_range(point.node):
            point.succ = [s for s in point.succ if graph[s].kind != cfg.LOOP_EXIT]
    return graph


def points_of(graph: cfg.Graph, statements: Sequence[Node | None]) -> set[int]:
    found = (graph.point_at(_unlabeled(s)) for s in statements if s is not None)
    return {p.index for p in found if p is not None}


def _unlabeled(statement: Node) -> Node:
    """`exit: t.Stop()` stands for `t.Stop()`: the graph has a point for the statement, not for its label."""
    while statement.type == K.LABELED_STATEMENT:
        inner = statement.child_by_field_name(F.STATEMENT)
        if inner is None:
            break
        statement = inner
    return statement


def after_error_check(graph: cfg.Graph, check: Node) -> list[int]:
    """Where control goes when `if err != nil {...}` (with no else) finds no error."""
    point = graph.point_at(check.child_by_field_name(F.CONDITION))
    return point.succ[1:] if point is not None else []


def unstopped_paths(graph: cfg.Graph, start: list[int], stops: set[int], creation: int | set[int]) -> tuple[bool, bool]:
    """(the function can return, the creation can run again) from `start`, along paths that pass no stop.

    `creation` is one point, or a set of points any of which makes the next one.

    Panics and endless loops are not ways out: a ticker is only lost when
    the function returns or makes the next one while the old one still runs.
    """
    creations = creation if isinstance(creation, set) else {creation}
    seen: set[int] = set()
    todo = list(start)
    leaves = repeats = False
    while todo:
        index = todo.pop()
        if index in seen or index in stops:
            continue
        seen.add(index)
        if index == graph.exit:
            leaves = True
        elif index in creations:
            repeats = True
        else:
            todo.extend(graph[index].succ)
    return leaves, repeats


def in_loop(node: Node, func: Node) -> bool:
    """Whether `node` is inside a loop of `func` (and so runs once per iteration)."""
    loop = flow.enclosing_loop(node)
    return loop is not None and grammar.is_within(loop, func)


# --- how a local variable is used -----------------------------------------------------------

# Uses of a variable, by what they do to it.
KEEPS = "keeps"  # receives from it, resets it, compares it with nil: nothing escapes
STOPS = "stops"  # v.Stop()
DEFER_STOPS = "defer-stops"  # v.Stop() run by a defer
ESCAPES = "escapes"  # handed out: returned, stored, passed, captured by a goroutine or a kept closure
REASSIGNS = "reassigns"


def closure_context(ctx: FileView, use: Node, func: Node, file: ParsedFile | None = None) -> str | None:
    """For a use inside function literals of `func`: "deferred", ESCAPES, or None (runs within `func`).

    An immediately called literal runs right there, and so does one held by a
    local variable that is only ever called; a deferred one runs when `func`
    returns; anything else (go, stored, passed) may outlive `func`.
    """
    deferred = False
    for anc in grammar.ancestors(use):
        if anc.id == func.id:
            break
        if anc.type != K.FUNCTION_LITERAL:
            continue
        call = anc.parent
        if call is not None and call.type == K.CALL_EXPRESSION and sc.is_child(anc, call, F.FUNCTION):
            how = _how_called(call)
        else:
            how = _how_local_closure_is_called(ctx, anc, func, file or ctx.file)
        if how == ESCAPES:
            return ESCAPES
        deferred = deferred or how == "deferred"
    return "deferred" if deferred else None


def _how_called(call: Node) -> str | None:
    owner = call.parent
    if owner is not None and owner.type == K.GO_STATEMENT:
        return ESCAPES
    if owner is not None and owner.type == K.DEFER_STATEMENT:
        return "deferred"
    return None


def _how_local_closure_is_called(ctx: FileView, literal: Node, func: Node, file: ParsedFile) -> str | None:
    """`wait := func() {...}` used only as `wait()` (or `defer wait()`) does not outlive `func`."""
    calls = _local_closure_calls(ctx, literal, func, file)
    if calls is None:
        return ESCAPES
    how = None
    for call in calls:
        called = _how_called(call)
        if called == ESCAPES:
            return ESCAPES
        how = how or called
    return how


def _local_closure_calls(ctx: FileView, literal: Node, func: Node, file: ParsedFile) -> list[Node] | None:
    """The calls of `name := func() {...}` in `func`, when calling it directly there is all it is used for."""
    values = literal.parent
    owner = values.parent if values is not None else None
    if values is None or owner is None or values.type != K.EXPRESSION_LIST or owner.type != K.SHORT_VAR_DECLARATION:
        return None
    names, items = grammar.items(owner.child_by_field_name(F.LEFT)), grammar.items(values)
    if len(names) != len(items):
        return None
    name = names[next(i for i, v in enumerate(items) if v.id == literal.id)]
    resolver = ctx.program.resolver(file)
    symbol = resolver.resolve(name)
    body = func.child_by_field_name(F.BODY)
    if symbol is None or body is None or symbol.decl is None or symbol.decl.id != name.id:
        return None
    calls = []
    for use in resolver.uses(symbol, body):
        if use.id == name.id:
            continue
        call = use.parent
        if call is None or call.type != K.CALL_EXPRESSION or not sc.is_child(use, call, F.FUNCTION):
            return None
        if closure_context(ctx, use, func, file) is not None:
            return None  # called from another closure: keep it simple
        calls.append(call)
    return calls


def is_received(node: Node) -> bool:
    """`node` is a channel only received from: `<-node`, `case <-node:`, `for range node`."""
    parent = node.parent
    while parent is not None and parent.type == K.PARENTHESIZED_EXPRESSION:
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "<-":
        return True
    return parent.type == K.RANGE_CLAUSE and sc.is_child(node, parent, F.RIGHT)


def is_nil_comparison(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type != K.BINARY_EXPRESSION or grammar.operator(parent) not in ("==", "!="):
        return False
    sides = [grammar.unparen(parent.child_by_field_name(F.LEFT)), grammar.unparen(parent.child_by_field_name(F.RIGHT))]
    return any(s is not None and s.type == K.IDENTIFIER and grammar.text(s) == "nil" for s in sides)


def classify_timer_use(ctx: FileView, use: Node, func: Node, file: ParsedFile | None = None) -> str:
    """What one use of a *time.Ticker / *time.Timer variable does (see the constants above)."""
    if sc.is_written(use):
        return REASSIGNS
    closure = closure_context(ctx, use, func, file)
    if closure == ESCAPES:
        return ESCAPES
    parent = use.parent
    if is_nil_comparison(use):
        return KEEPS
    if parent is None or parent.type != K.SELECTOR_EXPRESSION or not sc.is_child(use, parent, F.OPERAND):
        return ESCAPES
    member = grammar.text(parent.child_by_field_name(F.FIELD))
    if member == "C":
        return KEEPS if is_received(parent) else ESCAPES
    call = parent.parent
    if call is None or call.type != K.CALL_EXPRESSION or not sc.is_child(parent, call, F.FUNCTION):
        return ESCAPES  # a method value `t.Stop` handed out
    if member == "Stop":
        deferred = closure == "deferred" or (call.parent is not None and call.parent.type == K.DEFER_STATEMENT)
        return DEFER_STOPS if deferred else STOPS
    if member == "Reset":
        return KEEPS
    return ESCAPES


def stop_statements(ctx: FileView, use: Node, func: Node, file: ParsedFile | None = None) -> list[Node]:
    """The statements of `func` whose running stops the timer, for a STOPS/DEFER_STOPS use.

    `t.Stop()` itself, the `defer` or call of a function literal around it, or
    each call of a local closure holding it (`stop := func() { t.Stop() }`).
    """
    node = use
    for anc in grammar.ancestors(use):
        if anc.id == func.id:
            break
        if anc.type != K.FUNCTION_LITERAL:
            continue
        call = anc.parent
        if call is not None and call.type == K.CALL_EXPRESSION and sc.is_child(anc, call, F.FUNCTION):
            node = call  # run right there, or deferred: the statement around the call
            continue
        calls = _local_closure_calls(ctx, anc, func, file or ctx.file) or []
        return [s for c in calls for s in stop_statements(ctx, c, func, file)]
    statement = flow.enclosing_statement(node)
    return [statement] if statement is not None else []
