"""The control-flow graph follows Go's statements: branches, loops, labels, select, fallthrough."""

from collections import deque

from gofixleak.analysis import cfg
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K


def graph_of(body: str) -> cfg.Graph:
    tree = grammar.parse(f"package p\n\nfunc f(x bool, c chan int, xs []int) int {{\n{body}\n}}\n".encode())
    [func] = grammar.find_all(tree.root_node, (K.FUNCTION_DECLARATION,))
    return cfg.Graph(func)


def point(graph: cfg.Graph, text: str) -> cfg.Point:
    """The point whose syntax is exactly `text` (a statement, or a condition)."""
    found = [p for p in graph if p.evaluates is not None and grammar.text(p.evaluates) == text]
    assert len(found) == 1, (text, [grammar.text(p.evaluates) for p in graph if p.evaluates is not None])
    return found[0]


def reaches(graph: cfg.Graph, start: int, goal: int, avoiding: set[int] = frozenset()) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            return True
        for succ in graph[current].succ:
            if succ not in seen and succ not in avoiding:
                seen.add(succ)
                queue.append(succ)
    return False


def test_if_without_else_falls_through_and_return_goes_to_exit():
    g = graph_of("\tif x {\n\t\treturn 1\n\t}\n\ta()\n\treturn 2")
    cond = point(g, "x")
    assert cond.kind == cfg.CONDITION
    assert g[cond.succ[0]].evaluates.type == K.RETURN_STATEMENT
    assert g[cond.succ[1]] is point(g, "a()")
    assert point(g, "return 1").succ == [g.exit]
    assert reaches(g, g.entry, g.exit, avoiding={point(g, "return 1").index})


def test_loop_exit_is_apart_from_break():
    g = graph_of("\tfor i := 0; i < 3; i++ {\n\t\tif x {\n\t\t\tbreak\n\t\t}\n\t\ta()\n\t}\n\tb()")
    head = point(g, "i < 3")
    finished = [p for p in g if p.kind == cfg.LOOP_EXIT]
    assert len(finished) == 1 and finished[0].index in head.succ
    brk = next(p for p in g if p.node is not None and p.node.type == K.BREAK_STATEMENT)
    assert brk.succ == [point(g, "b()").index]  # break skips the loop's normal exit
    assert point(g, "a()").succ == [point(g, "i++").index]
    assert point(g, "i++").succ == [head.index]


def test_infinite_loop_has_no_normal_exit():
    g = graph_of("\tfor {\n\t\ta()\n\t}")
    assert not any(p.kind == cfg.LOOP_EXIT for p in g)
    assert not reaches(g, g.entry, g.exit)


def test_range_head_is_passed_on_every_iteration():
    g = graph_of("\tfor _, v := range xs {\n\t\tif v > 0 {\n\t\t\tcontinue\n\t\t}\n\t\ta()\n\t}")
    head = next(p for p in g if p.kind == cfg.RANGE)
    assert point(g, "a()").succ == [head.index]
    cont = next(p for p in g if p.node is not None and p.node.type == K.CONTINUE_STATEMENT)
    assert cont.succ == [head.index]
    assert any(g[s].kind == cfg.LOOP_EXIT for s in head.succ)


def test_labelled_break_and_continue_reach_the_outer_loop():
    g = graph_of(
        "Outer:\n\tfor _, v := range xs {\n\t\tfor {\n\t\t\tif v > 1 {\n\t\t\t\tbreak Outer\n\t\t\t}\n"
        "\t\t\tcontinue Outer\n\t\t}\n\t}\n\tdone()"
    )
    outer_head = next(p for p in g if p.kind == cfg.RANGE)
    brk = next(p for p in g if p.node is not None and p.node.type == K.BREAK_STATEMENT)
    cont = next(p for p in g if p.node is not None and p.node.type == K.CONTINUE_STATEMENT)
    assert brk.succ == [point(g, "done()").index]
    assert cont.succ == [outer_head.index]


def test_select_cases_and_empty_select():
    g = graph_of("\tselect {\n\tcase v := <-c:\n\t\treturn v\n\tdefault:\n\t}\n\tselect {}")
    selects = [p for p in g if p.kind == cfg.SELECT]
    assert len(selects) == 2
    first, blocked = selects if selects[0].node.start_byte < selects[1].node.start_byte else selects[::-1]
    assert [g[s].kind for s in first.succ] == [cfg.COMM, cfg.COMM]
    assert g[first.succ[0]] is point(g, "v := <-c")
    assert blocked.succ == []  # select {} never proceeds
    assert not reaches(g, g[first.succ[1]].index, g.exit)


def test_switch_fallthrough_and_missing_default():
    g = graph_of("\tswitch {\n\tcase x:\n\t\ta()\n\t\tfallthrough\n\tcase !x:\n\t\tb()\n\t}\n\tc()")
    head = next(p for p in g if p.kind == cfg.SWITCH)
    assert point(g, "c()").index in head.succ  # no default: the switch may run no case
    through = next(p for p in g if p.node is not None and p.node.type == K.FALLTHROUGH_STATEMENT)
    assert through.succ == [point(g, "b()").index]


def test_goto_and_panic():
    g = graph_of("\ti := 0\nagain:\n\ti++\n\tif i < 3 {\n\t\tgoto again\n\t}\n\tpanic(i)")
    jump = next(p for p in g if p.node is not None and p.node.type == K.GOTO_STATEMENT)
    assert jump.succ == [point(g, "i++").index]
    assert point(g, "panic(i)").succ == []
    assert not reaches(g, g.entry, g.exit)


def test_function_literals_are_not_part_of_the_graph():
    g = graph_of("\tgo func() {\n\t\tc <- 1\n\t}()\n\treturn <-c")
    send = grammar.find_all(g.func, (K.SEND_STATEMENT,))[0]
    assert g.point_at(send) is None
    receive = grammar.find_all(g.func, (K.UNARY_EXPRESSION,))[-1]
    assert g.point_at(receive).evaluates.type == K.RETURN_STATEMENT
