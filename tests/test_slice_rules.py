"""The helpers behind the slice rules (GFL002, GFL003).

- gofmt: expressions reprinted for a new place match what gofmt itself prints;
- slicing: which element types hold pointers, zero values, bounds as offsets;
- typecheck: method sets of heap.Interface implementers, element types of
  generic containers across files;
- storage: a spread `append` argument and a copying conversion keep nothing.

Their unsafe fixes are pinned, type-checked and gofmt-checked by the golden
harness (test_golden.py, `<case>.unsafe.diff`).
"""

from __future__ import annotations

import subprocess

import gotool
import pytest
from golden_cases import GOLDEN, discover, run_cli, run_on_case

from gofixleak.analysis import slicing
from gofixleak.driver.loader import Loader, make_parsed
from gofixleak.driver.workspace import Workspace
from gofixleak.engine.context import Context
from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.goversion import GoVersion
from gofixleak.semantics.typecheck import Program
from gofixleak.syntax import grammar
from gofixleak.syntax.gofmt import format_expr
from gofixleak.syntax.grammar import F, K

# --- gofmt ------------------------------------------------------------------------------------

EXPRESSIONS = [
    "len(s) - a",
    "b - (a + 1)",
    "s[len(s) - a:]",
    "s[a : b+1]",
    "a*b + c",
    "x / *p",
    "(*h)[len(*h) - 1]",
    "old[0 : n-1]",
    "a - b - c",
    "a - (b - c)",
    "-x + y",
    "a*(b+c) - d",
    "s[i:i + 1]",
    "x<<2 + y",
    "f(a, b*c + d)",
    "p.q[i+1].r",
    "a == b+c && d",
    "(a + b) * c",
    "clear(s[n + 1:])",
    "make([]int, n - 4 - 8)",
    "copy(dst, src[lo : hi+1])",
    "x.(T).y[a + b]",
]


def test_expressions_print_like_gofmt(tmp_path):
    lines = []
    for expr in EXPRESSIONS:
        lines.append(f"\t_ = {expr}")  # depth 1
        lines.append(f"\t_, _ = {expr}, 0")  # depth 2
    source = "package p\n\nfunc f() {\n" + "\n".join(lines) + "\n}\n"
    formatted = subprocess.run(
        [str(gotool.gofmt_binary())], input=source, capture_output=True, text=True, check=True
    ).stdout
    printed = formatted.split("\n")[3 : 3 + len(lines)]
    for i, expr in enumerate(EXPRESSIONS):
        assert format_expr(expr, 1) == printed[2 * i].strip().removeprefix("_ = "), expr
        assert format_expr(expr, 2) == printed[2 * i + 1].strip().removeprefix("_, _ = ").removesuffix(", 0"), expr


def test_an_expression_that_does_not_parse_is_left_alone():
    assert format_expr("a +", 1) == "a +"


# --- slicing and types ---------------------------------------------------------------------------

TYPES = """package m

import "container/heap"

type Job struct{ id int }
type Plain struct{ a, b int; c [4]float64 }
type Holder struct{ name string }
type Number interface{ ~int | ~float64 }

type FIFO[T any] struct{ items []T }
type Sums[N Number] struct{ vals []N }

type PQ []*Job

func (h PQ) Len() int           { return len(h) }
func (h PQ) Less(i, j int) bool { return h[i].id < h[j].id }
func (h PQ) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *PQ) Push(x any)        { *h = append(*h, x.(*Job)) }
func (h *PQ) Pop() any          { return nil }

var _ heap.Interface = (*PQ)(nil)
"""

MAIN = """package m

var jobs FIFO[*Job]

func (q *FIFO[T]) pop() {
	q.items = q.items[1:]
}

func (s *Sums[N]) pop() {
	s.vals = s.vals[:len(s.vals)-1]
}

func use(a []int, b []Plain, c []Holder, d []*Job, e [][]byte, f []any, g []func(), h []string, n int) {
	old := d
	k := len(old) - 1
	_, _, _, _, _, _, _, _ = a, b, c, e, f, g, h, k
	jobs.items = jobs.items[1:]
	_ = d[n-1]
}
"""


def _context(tmp_path, main: str) -> Context:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "types.go").write_text(TYPES)
    workspace = Workspace(tmp_path)
    loader = Loader(workspace)
    src = main.encode()
    parsed = make_parsed(str(tmp_path / "main.go"), src, grammar.parse(src), workspace)
    program = Program(loader.facts_for(parsed), loader)
    return Context(parsed.path, src, parsed.tree, GoVersion(1, 22), parsed, lambda: program)


@pytest.fixture()
def ctx(tmp_path) -> Context:
    return _context(tmp_path, MAIN)


def _param(ctx: Context, name: str):
    for ident in ctx.find(K.IDENTIFIER):
        if ctx.text(ident) == name and ident.parent is not None and ident.parent.type == K.PARAMETER_DECLARATION:
            return ident
    raise AssertionError(name)


def _elem(ctx: Context, name: str):
    return ctx.underlying(ctx.type_of(_param(ctx, name))).elem


def test_which_element_types_hold_pointers(ctx):
    holds = {name: slicing.holds_pointers(ctx.program, _elem(ctx, name)) for name in "abcdefgh"}
    assert holds == {
        "a": False,  # int
        "b": False,  # a struct of ints and an array of floats
        "c": True,  # a struct holding a string
        "d": True,
        "e": True,
        "f": True,
        "g": True,
        "h": True,  # strings point to their bytes
    }


def test_type_parameters_hold_pointers_unless_their_constraint_says_otherwise(ctx):
    items, vals = [
        n for n in ctx.find(K.SLICE_EXPRESSION) if ctx.text(n.child_by_field_name(F.OPERAND)) in ("q.items", "s.vals")
    ]
    any_elem = ctx.underlying(ctx.type_of(items)).elem
    number_elem = ctx.underlying(ctx.type_of(vals)).elem
    assert isinstance(any_elem, gotypes.TypeParam) and slicing.holds_pointers(ctx.program, any_elem) is True
    assert isinstance(number_elem, gotypes.TypeParam) and slicing.holds_pointers(ctx.program, number_elem) is False


def test_zero_values(ctx):
    at = _param(ctx, "a")
    zeros = {name: slicing.zero_value(ctx, _elem(ctx, name), at) for name in "cdegh"}
    assert zeros["c"].expr == "Holder{}"
    assert zeros["d"].expr == "nil" and zeros["e"].expr == "nil" and zeros["g"].expr == "nil"
    assert zeros["h"].expr == '""'


def test_generic_container_elements_are_instantiated(ctx):
    instantiated = next(n for n in ctx.find(K.SLICE_EXPRESSION) if ctx.text(n) == "jobs.items[1:]")
    assert str(ctx.type_of(instantiated)) == "[]*m.Job"


def test_bounds_as_offsets_follow_locals(ctx):
    index = next(n for n in ctx.find(K.INDEX_EXPRESSION) if ctx.text(n) == "d[n-1]")
    old = next(n for n in ctx.find(K.IDENTIFIER) if ctx.text(n) == "old")
    k = next(n for n in ctx.find(K.IDENTIFIER) if ctx.text(n) == "k")
    assert slicing.offset(ctx, k, follow_locals=True) == slicing.Offset(slicing.len_key(ctx, old), -1)
    bound = slicing.offset(ctx, index.child_by_field_name(F.INDEX))
    assert bound is not None and bound.const == -1 and bound.text() == "n-1"
    assert slicing.local_alias_of(ctx, old, _param(ctx, "d"))


def test_heap_interface_implementers_are_recognised(ctx):
    pq = gotypes.Named("example.com/m", "PQ")
    heap_interface = gotypes.Named("container/heap", "Interface")
    assert ctx.program.interface_method_names(heap_interface) == {"Len", "Less", "Swap", "Push", "Pop"}
    assert ctx.program.implements(gotypes.Pointer(pq), heap_interface)
    assert not ctx.program.implements(gotypes.Named("example.com/m", "Job"), heap_interface)


def test_symbols_resolve_for_places(ctx):
    selector = next(n for n in ctx.find(K.SELECTOR_EXPRESSION) if ctx.text(n) == "jobs.items")
    place = slicing.place_of(ctx, selector)
    assert place == slicing.Place("field", "items", owner=("example.com/m", "FIFO"))
    operand = selector.child_by_field_name(F.OPERAND)
    assert ctx.resolve(operand).where == scope.PACKAGE_LEVEL


CHANGING = """package m

type Stack struct{ items []*Job }

func (s *Stack) top(refill func()) {
	n := len(s.items)
	_ = s.items[n-1]
	refill()
	_ = s.items[n-1]
	old := s.items
	k := len(old)
	refill()
	_ = old[k-1]
}
"""


def test_locals_stand_for_their_value_only_while_what_it_reads_cannot_change(tmp_path):
    ctx = _context(tmp_path, CHANGING)
    before, after, copied = [ctx.find(K.INDEX_EXPRESSION)[i].child_by_field_name(F.INDEX) for i in range(3)]
    items = next(n for n in ctx.find(K.SELECTOR_EXPRESSION) if ctx.text(n) == "s.items")
    old = next(n for n in ctx.find(K.IDENTIFIER) if ctx.text(n) == "old")
    assert slicing.offset(ctx, before, follow_locals=True) == slicing.Offset(slicing.len_key(ctx, items), -1)
    # refill() may push or pop: n no longer measures s.items
    assert slicing.offset(ctx, after, follow_locals=True).term != slicing.len_key(ctx, items)
    assert slicing.offset(ctx, after, follow_locals=True, even_if_changed=True).term == slicing.len_key(ctx, items)
    # a local slice header that is never assigned keeps its length whatever is called
    assert slicing.offset(ctx, copied, follow_locals=True) == slicing.Offset(slicing.len_key(ctx, old), -1)


def test_another_packages_unexported_types_cannot_be_spelled():
    def qualifier(path: str) -> str | None:
        return "" if path == "example.com/m" else "a"

    assert gotypes.spell(gotypes.Named("example.com/a", "item"), qualifier) is None
    assert gotypes.spell(gotypes.Slice(gotypes.Named("example.com/a", "item")), qualifier) is None
    assert gotypes.spell(gotypes.Named("example.com/a", "Item"), qualifier) == "a.Item"
    assert gotypes.spell(gotypes.Named("example.com/m", "item"), qualifier) == "item"


KEEPING = """package m

var kept [][]*Job

func f(a, b, c []*Job) {
	kept = append(kept, a)
	kept = append(kept[:0], b...)
	_ = append(c[:1], nil)
}
"""


def test_append_keeps_its_elements_and_shares_its_first_argument(tmp_path):
    ctx = _context(tmp_path, KEEPING)
    idents = [n for n in ctx.find(K.IDENTIFIER) if n.parent.type != K.PARAMETER_DECLARATION]
    uses = {name: next(n for n in idents if ctx.text(n) == name) for name in "abc"}
    assert slicing.kept_elsewhere(ctx, uses["a"]) == "is passed to append, which may keep it"  # stored as an element
    assert slicing.kept_elsewhere(ctx, uses["b"]) is None  # spread: copied element by element
    assert slicing.kept_elsewhere(ctx, uses["c"]) == "is passed to append, which may keep it"  # the result shares it


# --- storage ------------------------------------------------------------------------------------


def test_spread_appends_and_copying_conversions_keep_nothing(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/s\n\ngo 1.22\n")
    (tmp_path / "s.go").write_text(
        "package s\n\nvar kept []byte\nvar name string\nvar parts [][]byte\n\n"
        "func f(s string, b []byte) {\n"
        "\tkept = append(kept, s[1:]...)\n"  # copies the bytes: no GFL001
        "\tkept = append(kept, b[1:]...)\n"  # copies the elements: no GFL002
        "\tname = string(b[1:])\n"  # copies: no GFL002
        "\tparts = append(parts, b[:4])\n"  # keeps the subslice: GFL002
        "}\n"
    )
    # the sizes of s and b are unknown: any_size reports views of them whatever their size
    options = ["--option", "GFL001.any_size", "--option", "GFL002.any_size"]
    code, out, err = run_cli(["check", "--select", "GFL001,GFL002", "--jobs", "1", *options, "."], tmp_path)
    assert code == 1, err
    assert out.count("GFL00") == 1 and "GFL002 package-level variable parts keeps the subslice b[:4]" in out


# --- golden folders ------------------------------------------------------------------------------
# (every unsafe fix of every golden case is applied, vetted and gofmt-checked by test_golden.py)


def _slice_rule_cases():
    return [c for c in discover() if c.rule in ("GFL002", "GFL003")]


def test_golden_folders_exist():
    assert (GOLDEN / "GFL002").is_dir() and (GOLDEN / "GFL003").is_dir()
    assert len([c for c in _slice_rule_cases() if c.rule == "GFL002"]) >= 10
    assert len([c for c in _slice_rule_cases() if c.rule == "GFL003"]) >= 10


def test_small_array_option_sets_what_counts_as_small():
    case = "GFL002/arrays.go"
    any_size = ["--option", "GFL002.any_size"]  # as the case's own options line says
    code, out, _ = run_on_case(case, ["check", "--select", "GFL002", "--jobs", "1", *any_size])
    assert code == 1 and "scratch[:n]" not in out  # 64 bytes: small by default
    code, out, _ = run_on_case(
        case, ["check", "--select", "GFL002", "--jobs", "1", *any_size, "--option", "GFL002.small_array_bytes=16"]
    )
    assert code == 1 and "keeps the subslice scratch[:n]" in out
