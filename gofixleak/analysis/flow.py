"""Control-flow facts from the syntax tree: loops, branch targets, terminating statements.

Rules that insert statements or wrap code must know where control can go:
which loop a `break` or `continue` leaves, whether a block always returns,
whether a function can return at all.  "Terminating statement" follows the
Go specification (Terminating statements), so "never returns" here means
what the compiler means by it.
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

LOOP_KINDS = frozenset({K.FOR_STATEMENT})
BREAKABLE_KINDS = frozenset({K.FOR_STATEMENT, *grammar.SWITCH_KINDS})


def enclosing_statement(node: Node) -> Node | None:
    """The statement (a direct child of a block or case clause) that contains `node`."""
    current: Node | None = node
    while current is not None and current.parent is not None:
        if grammar.is_statement_container(current.parent) and current.parent.type != K.SOURCE_FILE:
            if current.parent.type not in grammar.CASE_CLAUSE_KINDS or any(
                s.id == current.id for s in grammar.statement_list(current.parent)
            ):
                return current
        if current.type in grammar.FUNCTION_KINDS:
            return None
        current = current.parent
    return None


def enclosing_loop(node: Node) -> Node | None:
    """The innermost `for` statement around `node` within the same function."""
    for anc in grammar.ancestors(node):
        if anc.type in grammar.FUNCTION_KINDS:
            return None
        if anc.type == K.FOR_STATEMENT:
            return anc
    return None


def label_of(statement: Node) -> str | None:
    """The label of a labelled statement (`L: for ...` gives "L" for the for statement)."""
    parent = statement.parent
    if parent is not None and parent.type == K.LABELED_STATEMENT:
        label = parent.child_by_field_name(F.LABEL)
        return grammar.text(label) if label is not None else None
    return None


def branch_target(branch: Node) -> Node | None:
    """The statement a `break`/`continue` (labelled or not) leaves; a `goto` has none."""
    if branch.type == K.GOTO_STATEMENT:
        return None
    label_node = branch.child_by_field_name(F.LABEL)
    label = grammar.text(label_node) if label_node is not None else None
    kinds = LOOP_KINDS if branch.type == K.CONTINUE_STATEMENT else BREAKABLE_KINDS
    for anc in grammar.ancestors(branch):
        if anc.type in grammar.FUNCTION_KINDS:
            return None
        if anc.type in kinds and (label is None or label_of(anc) == label):
            return anc
    return None


def branches_in(node: Node) -> Iterator[Node]:
    """break, continue and goto statements inside `node`, not inside nested function literals."""
    for found in grammar.find_all(node, (K.BREAK_STATEMENT, K.CONTINUE_STATEMENT, K.GOTO_STATEMENT)):
        if not _inside_function_literal(found, node):
            yield found


def returns_in(node: Node) -> Iterator[Node]:
    """return statements inside `node`, not inside nested function literals."""
    for found in grammar.find_all(node, (K.RETURN_STATEMENT,)):
        if not _inside_function_literal(found, node):
            yield found


def in_same_function(node: Node, kinds: tuple[str, ...]) -> list[Node]:
    """Nodes of the given kinds inside `node` (defer statements, calls...), not inside nested function literals."""
    return [found for found in grammar.find_all(node, kinds) if not _inside_function_literal(found, node)]


def _inside_function_literal(node: Node, container: Node) -> bool:
    if node.id == container.id:
        return False  # returns_in(a return statement) finds the statement itself
    for anc in grammar.ancestors(node):
        if anc.id == container.id:
            return False
        if anc.type in grammar.FUNCTION_KINDS:
            return True
    return False


def is_terminating(statement: Node | None) -> bool:
    """The Go specification's terminating statement."""
    if statement is None:
        return False
    kind = statement.type
    if kind in (K.RETURN_STATEMENT, K.GOTO_STATEMENT):
        return True
    if kind == K.EXPRESSION_STATEMENT:
        call = grammar.unparen(grammar.named(statement)[0]) if grammar.named(statement) else None
        if call is not None and call.type == K.CALL_EXPRESSION:
            function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
            return function is not None and function.type == K.IDENTIFIER and grammar.text(function) == "panic"
        return False
    if kind == K.BLOCK:
        return block_terminates(statement)
    if kind == K.IF_STATEMENT:
        alternative = statement.child_by_field_name(F.ALTERNATIVE)
        return (
            alternative is not None
            and block_terminates(statement.child_by_field_name(F.BODY))
            and is_terminating(alternative)
        )
    if kind == K.FOR_STATEMENT:
        if any(c.type == K.RANGE_CLAUSE for c in grammar.named(statement)):
            return False
        clause = next((c for c in grammar.named(statement) if c.type == K.FOR_CLAUSE), None)
        condition = statement.child_by_field_name(F.CONDITION)
        if clause is not None:
            condition = clause.child_by_field_name(F.CONDITION)
        return condition is None and not has_break(statement)
    if kind in grammar.SWITCH_KINDS:
        if has_break(statement):
            return False
        clauses = [c for c in grammar.named(statement) if c.type in grammar.CASE_CLAUSE_KINDS]
        if kind != K.SELECT_STATEMENT and not any(_is_default(c) for c in clauses):
            return False
        for clause in clauses:
            body = grammar.statement_list(clause)
            last = body[-1] if body else None
            if not (is_terminating(last) or (last is not None and last.type == K.FALLTHROUGH_STATEMENT)):
                return False
        return True
    if kind == K.LABELED_STATEMENT:
        return is_terminating(statement.child_by_field_name(F.STATEMENT))
    return False


def _is_default(clause: Node) -> bool:
    return any(not c.is_named and c.type == "default" for c in clause.children)


def block_terminates(block: Node | None) -> bool:
    """A block (or case clause) whose last non-empty statement is terminating."""
    if block is None:
        return False
    statements = [s for s in grammar.statement_list(block) if s.type != K.EMPTY_STATEMENT]
    return bool(statements) and is_terminating(statements[-1])


def has_break(statement: Node) -> bool:
    """A `break` inside `statement` that leaves `statement` itself."""
    for branch in branches_in(statement):
        if branch.type == K.BREAK_STATEMENT:
            target = branch_target(branch)
            if target is not None and target.id == statement.id:
                return True
    return False


def can_leave(statement: Node) -> bool:
    """Whether control can jump out of `statement`: a return, a goto, or a break/continue aimed outside it.

    Panics are not counted, as in the specification's terminating statements.
    """
    if any(True for _ in returns_in(statement)):
        return True
    for branch in branches_in(statement):
        target = branch_target(branch)
        if target is None:  # goto, or a label we cannot find: assume it leaves
            return True
        if branch.type == K.BREAK_STATEMENT and target.id == statement.id:
            return True
        if not grammar.is_within(target, statement):
            return True
    return False


def can_return(func: Node) -> bool:
    """Whether a function (declaration or literal) can return to its caller."""
    body = func.child_by_field_name(F.BODY)
    if body is None:
        return True
    if any(True for _ in returns_in(body)):
        return True
    return not block_terminates(body)


def statements_after(statement: Node) -> list[Node]:
    """The statements that follow `statement` in its block or case clause."""
    parent = statement.parent
    if parent is None:
        return []
    siblings = grammar.statement_list(parent)
    for i, s in enumerate(siblings):
        if s.id == statement.id:
            return siblings[i + 1 :]
    return []


def goto_jumps_over(block: Node, offset: int) -> bool:
    """Whether a `goto` before `offset` jumps to a label of `block` after it.

    A variable declared at `offset` would come into scope by that jump, which
    Go rejects ("goto L jumps over variable declaration"): a rule must not
    insert a declaration there.
    """
    labels = set()
    for statement in grammar.statement_list(block):
        label = statement.child_by_field_name(F.LABEL) if statement.type == K.LABELED_STATEMENT else None
        if label is not None and statement.start_byte >= offset:
            labels.add(grammar.text(label))
    func = grammar.enclosing_function(block)
    body = grammar.function_body(func) if func is not None else None
    if not labels or body is None:
        return False
    for goto in in_same_function(body, (K.GOTO_STATEMENT,)):
        label = goto.child_by_field_name(F.LABEL)
        if goto.start_byte < offset and label is not None and grammar.text(label) in labels:
            return True
    return False
