"""Control-flow helpers follow the Go specification."""

import pytest

from gofixleak.analysis import flow
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K


def body_of(src: str, name: str = "f"):
    tree = grammar.parse(f"package p\n\n{src}\n".encode())
    for func in grammar.find_all(tree.root_node, (K.FUNCTION_DECLARATION,)):
        if grammar.text(func.child_by_field_name(grammar.F.NAME)) == name:
            return func
    raise AssertionError(name)


@pytest.mark.parametrize(
    "code, terminates",
    [
        ("return 1", True),
        ("panic(1)", True),
        ("for {}", True),
        ("for { break }", False),
        ("L: for { for { break L } }", False),
        ("for { for { break } }", True),
        ("for i := 0; i < 3; i++ {}", False),
        ("for range 3 {}", False),
        ("if x { return 1 } else { return 2 }", True),
        ("if x { return 1 }", False),
        ("switch { case x: return 1; default: panic(2) }", True),
        ("switch { case x: return 1 }", False),
        ("switch { case x: fallthrough; default: return 2 }", True),
        ("select {}", True),
        ("select { case <-c: return 1 }", True),
        ("select { case <-c: break }", False),
        ("goto L", True),
        ("{ return 1 }", True),
        ("f()", False),
    ],
)
def test_terminating_statements(code, terminates):
    func = body_of(f"func f(x bool, c chan int) int {{\nL:\n\tfor false {{}}\n\t{code}\n}}")
    statements = grammar.statement_list(func.child_by_field_name(grammar.F.BODY))
    assert flow.is_terminating(statements[-1]) is terminates


def test_branch_targets_respect_labels_and_function_literals():
    func = body_of(
        "func f() {\nOuter:\n\tfor {\n\t\tswitch {\n\t\tcase true:\n\t\t\tbreak\n\t\tdefault:\n"
        "\t\t\tcontinue Outer\n\t\t}\n\t\tfunc() {\n\t\t\tfor {\n\t\t\t\tbreak\n\t\t\t}\n\t\t}()\n\t}\n}"
    )
    outer = grammar.find_all(func, (K.FOR_STATEMENT,))[0]
    branches = list(flow.branches_in(outer))
    targets = {grammar.text(b): flow.branch_target(b).type for b in branches}
    assert targets == {"break": K.EXPRESSION_SWITCH_STATEMENT, "continue Outer": K.FOR_STATEMENT}
    assert flow.label_of(outer) == "Outer"


def test_can_return():
    assert not flow.can_return(body_of("func f() {\n\tfor {\n\t}\n}"))
    assert flow.can_return(body_of("func f() {\n\tfor {\n\t\tbreak\n\t}\n}"))
    assert flow.can_return(body_of("func f() {\n\tfor {\n\t\treturn\n\t}\n}"))
    assert flow.can_return(body_of("func f() {}"))


@pytest.mark.parametrize(
    "code, leaves",
    [
        ("for { }", False),
        ("for { break }", True),
        ("for { return }", True),
        ("for { continue }", False),
        ("for { switch { default: break } }", False),
        ("for { select { case <-c: break } }", False),
        ("L: for { for { break L } }", True),
        ("for { for { break } }", False),
        ("for { goto E }", True),
        ("for { func() { return }() }", False),
    ],
)
def test_can_leave(code, leaves):
    func = body_of(f"func f(c chan int) {{\n\t{code}\nE:\n}}")
    outer_loop = grammar.find_all(func, (K.FOR_STATEMENT,))[0]
    assert flow.can_leave(outer_loop) is leaves


def test_returns_in_a_return_statement_finds_itself():
    func = body_of("func f() int {\n\treturn 1\n}")
    ret = grammar.find_all(func, (K.RETURN_STATEMENT,))[0]
    assert [r.id for r in flow.returns_in(ret)] == [ret.id]


@pytest.mark.parametrize(
    "code, jumped_over",
    [
        ("if x { goto L }\n\tINSERT\n\tfor {}\nL:\n\treturn", True),  # forward, over the point
        ("if x { goto L }\n\tINSERT\nL:\n\tfor {}", True),  # to the statement's own label
        ("INSERT\nL:\n\tfor {}\n\tif x { goto L }", False),  # backward: in scope where it jumps from
        ("INSERT\n\tif x { goto L }\n\tfor {}\nL:\n\treturn", False),  # after the point
        ("if x { goto L }\nL:\n\tINSERT\n\tfor {}", False),  # the label is before the point
        ("INSERT\n\tfor {}", False),
    ],
)
def test_goto_jumps_over_an_inserted_declaration(code, jumped_over):
    src = f"func f(x bool) {{\n\t{code}\n}}"
    func = body_of(src)
    block = func.child_by_field_name(grammar.F.BODY)
    offset = grammar.text(func).index("INSERT") + func.start_byte
    assert flow.goto_jumps_over(block, offset) == jumped_over
