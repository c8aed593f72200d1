"""Whether an error value is certainly not nil where a function returns it.

Used by rewrites that move `return` statements into a function literal and
pass the error on (`if err := func() error {...}(); err != nil { return err }`):
that is only faithful when every such return passes a non-nil error.
"""

from __future__ import annotations

from gofixleak.semantics import scope
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def non_nil_error(view: FileView, returned: Node, ret: Node, within: Node) -> bool:
    """`expr`, returned by `ret` inside `within`, is an error that cannot be nil: made by
    fmt.Errorf or errors.New, a composite literal, a sentinel, or a variable checked `!= nil`
    inside `within` and unchanged since."""
    expr = grammar.unparen(returned)
    if expr is None:
        return False
    if expr.type == K.CALL_EXPRESSION:
        return _makes_error(view, expr)
    if expr.type == K.UNARY_EXPRESSION and grammar.operator(expr) == "&":
        operand = grammar.unparen(expr.child_by_field_name(F.OPERAND))
        return operand is not None and operand.type == K.COMPOSITE_LITERAL
    if expr.type == K.COMPOSITE_LITERAL:
        return True
    if expr.type == K.SELECTOR_EXPRESSION:
        return _is_sentinel(view, expr)
    if expr.type == K.IDENTIFIER:
        symbol = view.resolve(expr)
        if symbol is None or symbol.kind != scope.VAR:
            return False
        if symbol.is_package_var:
            return _is_sentinel(view, expr)
        return _guarded(view, symbol, ret, within)
    return False


def _makes_error(view: FileView, call: Node) -> bool:
    """`fmt.Errorf(...)` or `errors.New(...)`: never nil."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None or function.type != K.SELECTOR_EXPRESSION:
        return False
    operand = function.child_by_field_name(F.OPERAND)
    path = view.program.package_of_selector(operand, view.file) if operand is not None else None
    return (path, grammar.text(function.child_by_field_name(F.FIELD))) in (("fmt", "Errorf"), ("errors", "New"))


def _is_sentinel(view: FileView, expr: Node) -> bool:
    """A package-level error variable made with errors.New / fmt.Errorf (io.EOF, ErrNotFound...)."""
    decl = None
    if expr.type == K.IDENTIFIER:
        symbol = view.resolve(expr)
        decl = symbol.value_decl if symbol is not None else None
    else:
        operand = expr.child_by_field_name(F.OPERAND)
        path = view.program.package_of_selector(operand, view.file) if operand is not None else None
        package = view.program.package(path) if path is not None else None
        if package is not None:
            decl = package.values.get(grammar.text(expr.child_by_field_name(F.FIELD)))
    if decl is None or decl.kind != "var":
        return False
    if decl.value is not None:
        return _initialised_with_new_error(decl.file.imports, decl.value)
    # a stub of another package: only the declaration is known; sentinels are named Err... or EOF
    declared_error = decl.type_node is not None and grammar.text(decl.type_node) == "error"
    return declared_error and decl.tuple_value is None and (decl.name.startswith("Err") or decl.name == "EOF")


def _guarded(view: FileView, symbol: scope.Symbol, ret: Node, within: Node) -> bool:
    """`if err != nil { … return err }` (or the else of `if err == nil`), err unchanged in between."""
    for block in grammar.ancestors(ret):
        if block.id == within.id:
            return False
        statement = block.parent
        if block.type != K.BLOCK or statement is None or statement.type != K.IF_STATEMENT:
            continue
        then = statement.child_by_field_name(F.BODY)
        in_then = then is not None and then.id == block.id
        condition = statement.child_by_field_name(F.CONDITION)
        if _implies_non_nil(view, condition, symbol, when=in_then):
            if not _assigned_within(view, symbol, block, ret.start_byte):
                return True
    return False


def _implies_non_nil(view: FileView, condition: Node | None, symbol: scope.Symbol, *, when: bool) -> bool:
    """Whether `condition` being `when` proves `symbol != nil`."""
    condition = grammar.unparen(condition)
    if condition is None or condition.type != K.BINARY_EXPRESSION:
        return False
    op = grammar.operator(condition)
    left, right = condition.child_by_field_name(F.LEFT), condition.child_by_field_name(F.RIGHT)
    if (op == "&&" and when) or (op == "||" and not when):
        return any(_implies_non_nil(view, side, symbol, when=when) for side in (left, right))
    if op != ("!=" if when else "=="):
        return False
    for a, b in ((left, right), (right, left)):
        a, b = grammar.unparen(a), grammar.unparen(b)
        if a is None or b is None or a.type != K.IDENTIFIER or b.type != K.IDENTIFIER:
            continue
        other = view.resolve(b)
        if other is not None and other.kind == scope.NIL and view.resolve(a) == symbol:
            return True
    return False


def _assigned_within(view: FileView, symbol: scope.Symbol, block: Node, before: int) -> bool:
    for use in view.uses(symbol, block):
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
