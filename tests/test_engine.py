"""The engine's contract, exercised with small rules defined here."""

from pathlib import Path

import pytest

from gofixleak.driver.loader import Loader, make_parsed
from gofixleak.driver.runner import build_engine
from gofixleak.driver.workspace import Workspace
from gofixleak.engine.checker import Config, Engine
from gofixleak.engine.rule import Rule, Safety
from gofixleak.semantics.goversion import GoVersion
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K

V = GoVersion(1, 22)


def rule(check, needles=(), rule_id="GFL901", name="test-rule") -> Rule:
    return Rule(id=rule_id, name=name, title="test", check=check, doc="", needles=needles)


def rename_x(ctx):
    """Renames every identifier `x` to `y`, one safe fix per use."""
    for ident in ctx.find(K.IDENTIFIER):
        if ctx.text(ident) == "x":
            yield ctx.finding(ident, "x should be y", ctx.fix("rename", ctx.replace(ident, "y")))


SRC = b"package p\n\nfunc f() int {\n\tx := 1\n\treturn x\n}\n"


def test_fixes_are_applied_together_and_reported():
    report = Engine([rule(rename_x)]).check("p.go", SRC, V, fix=True)
    assert [f.message for f in report.findings] == ["x should be y", "x should be y"]
    assert report.fixed == SRC.replace(b"x", b"y")
    assert len(report.applied) == 2 and report.remaining == []


def test_needles_keep_rules_off_files_they_cannot_match():
    calls = []

    def spy(ctx):
        calls.append(ctx.path)
        return []

    engine = Engine([rule(spy, needles=(b"time.After",))])
    engine.check("p.go", SRC, V)
    assert calls == []
    engine.check("q.go", SRC + b"\nvar _ = time.After\n", V)
    assert calls == ["q.go"]


def test_a_fix_that_breaks_the_syntax_is_rejected():
    def breaker(ctx):
        for ident in ctx.find(K.IDENTIFIER):
            if ctx.text(ident) == "x":
                yield ctx.finding(ident, "bad", ctx.fix("break it", ctx.replace(ident, "x +")))

    report = Engine([rule(breaker)]).check("p.go", SRC, V, fix=True)
    assert report.fixed == SRC
    assert any("fix rejected" in d.message for d in report.diagnostics)


def test_overlapping_fixes_converge_over_several_passes():
    def wrap(ctx):
        # wraps `x` in parens until it is wrapped three times; each pass conflicts with itself
        for ident in ctx.find(K.IDENTIFIER):
            if ctx.text(ident) == "x":
                depth = 0
                node = ident
                while node.parent is not None and node.parent.type == K.PARENTHESIZED_EXPRESSION:
                    depth += 1
                    node = node.parent
                if (
                    depth < 3
                    and node.parent.type == K.RETURN_STATEMENT
                    or (
                        depth < 3
                        and node.parent.type == K.EXPRESSION_LIST
                        and node.parent.parent.type == K.RETURN_STATEMENT
                    )
                ):
                    yield ctx.finding(node, "wrap", ctx.fix("wrap", ctx.replace(node, f"({ctx.text(node)})")))

    report = Engine([rule(wrap)]).check("p.go", SRC, V, fix=True)
    assert b"return (((x)))" in report.fixed


def test_findings_that_share_one_fix_are_all_fixed_by_it():
    """Each use of `x` is a finding; all of them are fixed by changing the declaration once."""

    def fix_at_declaration(ctx):
        uses = [i for i in ctx.find(K.IDENTIFIER) if ctx.text(i) == "x"]
        if ctx.text(uses[0].parent.parent) != "x := 1":
            return
        for use in uses[1:]:
            yield ctx.finding(use, "x is one", ctx.fix("two", ctx.replace(uses[0].parent.parent, "x := 2")))

    src = b"package p\n\nfunc f() int {\n\tx := 1\n\treturn x + x\n}\n"
    report = Engine([rule(fix_at_declaration)]).check("p.go", src, V, fix=True)
    assert len(report.findings) == 2
    assert report.fixed == src.replace(b"x := 1", b"x := 2")
    assert len(report.applied) == 2


def test_unsafe_and_suggestion_fixes_need_permission():
    def graded(ctx):
        for ident in ctx.find(K.IDENTIFIER):
            if ctx.text(ident) == "x":
                yield ctx.finding(ident, "u", ctx.fix("unsafe", ctx.replace(ident, "u"), safety=Safety.UNSAFE))
            if ctx.text(ident) == "f":
                yield ctx.finding(ident, "s", ctx.fix("suggest", ctx.replace(ident, "g"), safety=Safety.SUGGESTION))

    safe = Engine([rule(graded)]).check("p.go", SRC, V, fix=True)
    assert safe.fixed == SRC
    unsafe = Engine([rule(graded)], Config(unsafe_fixes=True)).check("p.go", SRC, V, fix=True)
    assert b"u := 1" in unsafe.fixed and b"func f()" in unsafe.fixed


def test_crlf_files_keep_crlf_in_inserted_lines():
    def insert_line(ctx):
        for stmt in ctx.find(K.RETURN_STATEMENT):
            yield ctx.finding(stmt, "add", ctx.fix("add", ctx.insert(stmt.start_byte, "_ = 1\n\t")))

    src = SRC.replace(b"\n", b"\r\n")
    report = Engine([rule(insert_line)]).check("p.go", src, V, fix=True)
    assert b"_ = 1\r\n\treturn x" in report.fixed
    assert b"\n" not in report.fixed.replace(b"\r\n", b"")


def test_crlf_files_keep_whole_line_ends_when_a_rule_inserts_at_the_lf():
    """Rules find a line's end with ctx.line_end (its LF); in a CRLF file the CR stays before it."""

    def append_line(ctx):
        for stmt in ctx.find(K.RETURN_STATEMENT):
            end = ctx.line_end(stmt.start_byte)
            yield ctx.finding(stmt, "add", ctx.fix("add", ctx.insert(end, "\n\t_ = 2")))

    src = SRC.replace(b"\n", b"\r\n")
    report = Engine([rule(append_line)]).check("p.go", src, V, fix=True)
    assert b"return x\r\n\t_ = 2\r\n" in report.fixed
    assert b"\n" not in report.fixed.replace(b"\r\n", b"")


def test_a_crashing_rule_is_reported_not_fatal():
    def crash(ctx):
        raise RuntimeError("boom")

    report = Engine([rule(crash), rule(rename_x, rule_id="GFL902", name="ok")]).check("p.go", SRC, V)
    assert any("internal error in GFL901" in d.message and "boom" in d.message for d in report.diagnostics)
    assert len(report.findings) == 2
    with pytest.raises(RuntimeError):
        Engine([rule(crash)], Config(strict=True)).check("p.go", SRC, V)


def test_a_rule_that_crashes_only_in_a_later_fix_pass_is_an_error_and_the_file_is_left_unfixed():
    passes = []

    def second_pass_crash(ctx):
        passes.append(ctx.src)
        if len(passes) > 1:
            raise ValueError("second pass")
        yield from rename_x(ctx)

    report = Engine([rule(second_pass_crash)]).check("p.go", SRC, V, fix=True)
    assert len(passes) == 2
    errors = [d for d in report.diagnostics if d.level == "error"]
    assert any(d.rule == "GFL901" and "second pass" in d.message for d in errors)
    assert report.fixed == SRC and report.applied == []


def test_a_crash_makes_check_diff_and_fix_exit_2(tmp_path, monkeypatch, capsys):
    from gofixleak.cli import main

    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_text(
        "package m\n\nvar g string\n\nfunc f(s string) { g = s[:3] }"
        "\n\nfunc init() { f(string(make([]byte, 1<<20))) }\n"
    )
    monkeypatch.chdir(tmp_path)

    def crash(ctx):
        raise RuntimeError("kaboom")

    crashing = rule(crash, rule_id="GFL001", name="substring-retention")
    monkeypatch.setattr("gofixleak.rewrites.all_rules", lambda: (crashing,))
    for command in ("check", "diff", "fix"):
        assert main.main([command, "--jobs", "1"]) == 2
        err = capsys.readouterr().err
        assert "internal error in GFL001" in err and "kaboom" in err and "a.go" in err
    assert "g = s[:3]" in (tmp_path / "a.go").read_text()


def test_rules_off_in_test_files_run_there_only_with_their_tests_option():
    calls = []

    def spy(ctx):
        calls.append(ctx.path)
        return []

    quiet = Rule(id="GFL901", name="quiet", title="t", check=spy, doc="", in_tests=False)
    assert "tests" in quiet.options
    Engine([quiet]).check("p_test.go", SRC, V)
    Engine([quiet]).check("p.go", SRC, V)
    assert calls == ["p.go"]
    Engine([quiet], Config(options={"GFL901.tests": True})).check("q_test.go", SRC, V)
    assert calls == ["p.go", "q_test.go"]


def test_select_and_ignore_by_id_or_name():
    rules = [rule(rename_x), rule(rename_x, rule_id="GFL902", name="other")]
    assert len(Engine(rules, Config(select=frozenset({"GFL902"}))).rules) == 1
    assert len(Engine(rules, Config(ignore=frozenset({"test-rule"}))).rules) == 1


def test_the_engine_reads_the_buffer_it_is_given_not_the_disk(tmp_path):
    """The language server and the bot pass bytes; siblings come from disk, the file itself never does."""
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "types.go").write_text("package m\n\nvar global string\n")
    path = tmp_path / "main.go"
    path.write_text("package m\n")  # what is on disk is stale
    buffer = b"package m\n\nfunc f(s string) {\n\tglobal = s[:3]\n}\n\nfunc init() { f(string(make([]byte, 1<<20))) }\n"
    workspace = Workspace(tmp_path)
    engine = build_engine(workspace, Config())
    report = engine.check(str(path), buffer, V, fix=True)
    assert [f.rule for f in report.findings] == ["GFL001"]
    assert b"strings.Clone(s[:3])" in report.fixed
    assert path.read_text() == "package m\n"


def test_package_facts_see_the_current_buffer_over_the_disk(tmp_path):
    (tmp_path / "a.go").write_text("package m\n\nvar v int\n")
    (tmp_path / "b.go").write_text("package m\n")
    workspace = Workspace(tmp_path)
    loader = Loader(workspace)
    src = b"package m\n\nvar w string\n"
    current = make_parsed(str(tmp_path / "b.go"), src, grammar.parse(src), workspace)
    facts = loader.facts_for(current)
    assert set(facts.values) == {"v", "w"}
    assert Path(facts.values["w"].file.path).name == "b.go"


def test_a_fix_can_bring_in_a_rule_whose_needles_were_missing():
    """After a pass, rules are chosen again by needles: one rule's fix may write what another looks for."""

    def x_to_y(ctx):
        for ident in ctx.find(K.IDENTIFIER):
            if ctx.text(ident) == "x":
                yield ctx.finding(ident, "x", ctx.fix("to y", ctx.replace(ident, "y")))

    def y_to_z(ctx):
        for ident in ctx.find(K.IDENTIFIER):
            if ctx.text(ident) == "y":
                yield ctx.finding(ident, "y", ctx.fix("to z", ctx.replace(ident, "z")))

    rules = [rule(x_to_y, needles=(b"x",)), rule(y_to_z, needles=(b"y",), rule_id="GFL902", name="second")]
    report = Engine(rules).check("p.go", SRC, V, fix=True)
    assert report.fixed == SRC.replace(b"x", b"z")


def test_line_numbers_come_from_an_index_not_a_count_per_finding():
    from gofixleak.syntax import lines

    src = b"a\nbb\r\n\nccc"
    assert [lines.position(src, o) for o in (0, 1, 2, 5, 6, 7, 9)] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 4),
        (3, 1),
        (4, 1),
        (4, 3),
    ]
    assert lines.line_of(src, len(src)) == 4


def test_types_from_another_module_of_the_go_work(tmp_path):
    """A module of the go.work (its `use` lines) is loaded for types like one's own packages."""
    files = {
        "go.work": "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n",
        "a/go.mod": "module example.com/a\n\ngo 1.22\n",
        "b/go.mod": "module example.com/b\n\ngo 1.22\n",
        "b/types/t.go": "package types\n\ntype Node struct{ p *int }\n",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    src = (
        b'package a\n\nimport "example.com/b/types"\n\ntype Stack struct{ vals []types.Node }\n\n'
        b"func (s *Stack) Pop() {\n\ts.vals = s.vals[:len(s.vals)-1]\n}\n"
    )
    (tmp_path / "a" / "a.go").write_bytes(src)
    engine = build_engine(
        Workspace(tmp_path / "a"), Config(select=frozenset({"GFL003"}), options={"GFL003.any_owner": True})
    )
    report = engine.check(str(tmp_path / "a" / "a.go"), src, V)
    assert [f.rule for f in report.findings] == ["GFL003"]


NOSPLIT = b"""package p

//go:nosplit
func fast() int {
\tx := 1
\treturn x
}

// slow is ordinary code.
func slow() int {
\tx := 2
\treturn x
}
"""


def test_fixes_in_nosplit_functions_become_suggestions():
    report = Engine([rule(rename_x)]).check("p.go", NOSPLIT, V, fix=True)
    levels = [(f.start < NOSPLIT.index(b"// slow"), f.fixes[0].safety) for f in report.findings]
    assert levels == [(True, Safety.SUGGESTION)] * 2 + [(False, Safety.SAFE)] * 2
    assert "not applied: //go:nosplit code" in report.findings[0].fixes[0].message
    # only the ordinary function was edited
    assert report.fixed == NOSPLIT.replace(b"x := 2\n\treturn x", b"y := 2\n\treturn y")


def test_fixes_in_the_runtime_package_become_suggestions(tmp_path):
    (tmp_path / "go.mod").write_text("module std\n\ngo 1.27\n")
    for folder in ("runtime", "internal/runtime/sys", "runtime/debug"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "p.go").write_bytes(SRC)
    engine = Engine([rule(rename_x)], Config(), Loader(Workspace(tmp_path)))
    for folder, level in (
        ("runtime", Safety.SUGGESTION),
        ("internal/runtime/sys", Safety.SUGGESTION),
        ("runtime/debug", Safety.SAFE),
    ):
        path = tmp_path / folder / "p.go"
        report = engine.check(str(path), SRC, V, fix=True)
        assert {f.fixes[0].safety for f in report.findings} == {level}, folder
        assert (report.fixed == SRC) == (level is Safety.SUGGESTION), folder
