"""What a call is, as far as control flow and goroutines care.

Builtins (`len`, `close`, `make`) by name, never shadowed; statements after
which the function does not go on and how it ends (the program exits, the
goroutine exits, or it panics); and the methods of a `sync.WaitGroup`.
"""

from __future__ import annotations

from collections.abc import Callable

from gofixleak.analysis import cfg
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def builtin_name(view: FileView, call: Node | None, file: ParsedFile | None = None) -> str | None:
    """`len` for `len(x)` when `len` is the builtin (not a local function of that name), else None.

    `file` is the file `call` is in, when not the one being checked.
    """
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.IDENTIFIER:
        return None
    symbol = view.program.resolve(function, file or view.file)
    return grammar.text(function) if symbol is not None and symbol.kind == scope.BUILTIN else None


# How a statement that never completes ends.
ENDS_PROGRAM = "program"  # os.Exit, log.Fatal: nothing is left behind to leak
ENDS_GOROUTINE = "goroutine"  # runtime.Goexit, t.Fatal, t.FailNow, t.Skip: deferred calls run, others go on
PANICS = "panic"  # panic, log.Panic

_ENDING_FUNCTIONS = {
    ("os", "Exit"): ENDS_PROGRAM,
    ("runtime", "Goexit"): ENDS_GOROUTINE,
    **{("log", f"Fatal{suffix}"): ENDS_PROGRAM for suffix in ("", "f", "ln")},
    **{("log", f"Panic{suffix}"): PANICS for suffix in ("", "f", "ln")},
}
# Methods of testing.T, B, F and TB that end the test's goroutine (they call runtime.Goexit).
TEST_ENDING_METHODS = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})
_TESTING_TYPES = frozenset({"T", "B", "F", "TB"})
# Methods of testing.T, B, F and TB after which the test has failed, whether or not it goes on.
TEST_FAILING_METHODS = frozenset({"Fatal", "Fatalf", "FailNow", "Fail", "Error", "Errorf"})


def ending(view: FileView, statement: Node, file: ParsedFile | None = None) -> str | None:
    """How `statement` ends its function when it never completes (ENDS_PROGRAM, ENDS_GOROUTINE,
    PANICS), else None.  `file` is the file `statement` is in, when not the one being checked."""
    if cfg.never_returns(statement):
        return PANICS
    call = grammar.unparen(grammar.named(statement)[0]) if statement.type == K.EXPRESSION_STATEMENT else None
    function = call.child_by_field_name(F.FUNCTION) if call is not None and call.type == K.CALL_EXPRESSION else None
    function = grammar.unparen(function)
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    name = grammar.text(function.child_by_field_name(F.FIELD))
    package = view.program.package_of_selector(operand, file or view.file) if operand is not None else None
    if package is not None:
        return _ENDING_FUNCTIONS.get((package, name))
    if name not in TEST_ENDING_METHODS:
        return None
    receiver = view.program.deref(view.program.type_of(operand, file or view.file))
    if isinstance(receiver, gotypes.Named) and receiver.package == "testing" and receiver.name in _TESTING_TYPES:
        return ENDS_GOROUTINE
    return None


# Methods of testing.T, B, F and TB that skip the rest of the test.
TEST_SKIPPING_METHODS = frozenset({"Skip", "Skipf", "SkipNow"})


def fails_test(view: FileView, statement: Node, file: ParsedFile | None = None) -> bool:
    """`t.Fatal(...)`, `t.Errorf(...)`, `t.FailNow()`...: a statement after which the test has failed."""
    return _test_method_call(view, statement, TEST_FAILING_METHODS, file)


def skips_test(view: FileView, statement: Node, file: ParsedFile | None = None) -> bool:
    """`t.Skip(...)`, `t.Skipf(...)`, `t.SkipNow()`."""
    return _test_method_call(view, statement, TEST_SKIPPING_METHODS, file)


def _test_method_call(view: FileView, statement: Node, methods: frozenset[str], file: ParsedFile | None) -> bool:
    call = called_statement(statement) if statement.type == K.EXPRESSION_STATEMENT else None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    if grammar.text(function.child_by_field_name(F.FIELD)) not in methods:
        return False
    operand = function.child_by_field_name(F.OPERAND)
    receiver = view.program.deref(view.program.type_of(operand, file or view.file))
    if receiver is None and (file or view.file).path.endswith("_test.go"):
        # a test suite's `s.T().Fatal(...)` (testify, gocheck) whose T() is out of view
        return _spelled_like_test(operand)
    return isinstance(receiver, gotypes.Named) and receiver.package == "testing" and receiver.name in _TESTING_TYPES


def _spelled_like_test(operand: Node | None) -> bool:
    """`t`, `b`, `tb` or `x.T()`: how tests name the testing value they fail."""
    operand = grammar.unparen(operand)
    if operand is None:
        return False
    if operand.type == K.IDENTIFIER:
        return grammar.text(operand) in ("t", "b", "tb")
    if operand.type != K.CALL_EXPRESSION or grammar.named(operand.child_by_field_name(F.ARGUMENTS)):
        return False
    method = grammar.unparen(operand.child_by_field_name(F.FUNCTION))
    return (
        method is not None
        and method.type == K.SELECTOR_EXPRESSION
        and grammar.text(method.child_by_field_name(F.FIELD)) == "T"
    )


def never_returns(view: FileView, file: ParsedFile | None = None) -> Callable[[Node], bool]:
    """For `cfg.Graph(no_return=...)`: statements after which the function never goes on."""
    return lambda statement: ending(view, statement, file) is not None


def waitgroup_method(view: FileView, call: Node | None, file: ParsedFile | None = None) -> str | None:
    """`Wait`, `Done`, `Add` or `Go` for a method call on a `sync.WaitGroup` (or a pointer to one)."""
    if call is None or call.type != K.CALL_EXPRESSION:
        return None
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return None
    receiver = view.program.deref(view.program.type_of(function.child_by_field_name(F.OPERAND), file or view.file))
    if not isinstance(receiver, gotypes.Named) or (receiver.package, receiver.name) != ("sync", "WaitGroup"):
        return None
    return grammar.text(function.child_by_field_name(F.FIELD))


def waitgroup_operand(call: Node) -> Node | None:
    """`wg` in `wg.Wait()` (parentheses and `&` taken off)."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    operand = grammar.unparen(function.child_by_field_name(F.OPERAND)) if function is not None else None
    if operand is not None and operand.type == K.UNARY_EXPRESSION and grammar.operator(operand) in ("&", "*"):
        operand = grammar.unparen(operand.child_by_field_name(F.OPERAND))
    return operand


def called_statement(statement: Node) -> Node | None:
    """The call an expression statement (or a `defer`/`go` statement) makes."""
    if statement.type in (K.DEFER_STATEMENT, K.GO_STATEMENT):
        return statement.child_by_field_name(F.CALL)
    if statement.type == K.EXPRESSION_STATEMENT and grammar.named(statement):
        inner = grammar.unparen(grammar.named(statement)[0])
        return inner if inner is not None and inner.type == K.CALL_EXPRESSION else None
    return None
