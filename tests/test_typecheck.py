"""Types of expressions across files, generics, aliases, imports and the std stubs."""

from pathlib import Path

from gofixleak.driver.loader import Loader, make_parsed
from gofixleak.driver.workspace import Workspace
from gofixleak.semantics.typecheck import Program
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K

OTHER = """package m

import "time"

type Name string
type Alias = Name
type Pair[K comparable, V any] struct {
	key K
	val V
}

func (p *Pair[K, V]) Value() V { return p.val }

type Clock struct{ t *time.Ticker }

var registry = map[string]*Pair[string, []byte]{}
"""

MAIN = """package m

import (
	str "strings"
	"time"

	"example.com/m/util"
)

func f(a Alias, xs ...string) {
	p := registry["k"]
	v := p.Value()
	b, ok := registry["x"]
	c := Clock{}
	tick := c.t.C
	before, _, _ := str.Cut(xs[0], ",")
	for i, r := range before {
		_, _ = i, r
	}
	d := time.Duration(3) * time.Second
	u := util.Helper()
	w := util.Thing{}.Field
	_, _, _, _, _, _, _ = a, v, b, ok, tick, d, u
	_ = w
	got, gotErr := c.t.Unknown()
	_, _ = got, gotErr
}
"""

UTIL = """package util

type Thing struct{ Field []int }

func Helper() map[string]bool { return nil }
"""


def types_in(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "other.go").write_text(OTHER)
    (tmp_path / "util").mkdir()
    (tmp_path / "util" / "util.go").write_text(UTIL)
    workspace = Workspace(tmp_path)
    loader = Loader(workspace)
    src = MAIN.encode()
    parsed = make_parsed(str(tmp_path / "main.go"), src, grammar.parse(src), workspace)
    program = Program(loader.facts_for(parsed), loader)
    out = {}
    for stmt in grammar.find_all(parsed.tree.root_node, (K.SHORT_VAR_DECLARATION, K.RANGE_CLAUSE)):
        for ident in grammar.items(stmt.child_by_field_name(grammar.F.LEFT)):
            name = grammar.text(ident)
            if name != "_":
                out[name] = str(program.type_of(ident, parsed))
    for param in grammar.find_all(parsed.tree.root_node, (K.PARAMETER_DECLARATION,)):
        for ident in grammar.fields(param, grammar.F.NAME):
            out[grammar.text(ident)] = str(program.type_of(ident, parsed))
    return out


def test_types(tmp_path):
    t = types_in(tmp_path)
    assert t["a"] == "m.Name"  # the alias is its target
    assert t["xs"] == "[]string"  # variadic
    assert t["p"] == "*m.Pair[string, []byte]"
    assert t["v"] == "[]byte"  # a generic method's result, instantiated
    assert t["b"] == "*m.Pair[string, []byte]" and t["ok"] == "bool"  # comma-ok
    assert t["tick"] == "<-chan time.Time"  # a std stub field through a pointer
    assert t["before"] == "string"  # a std function with several results, renamed import
    assert t["i"] == "int" and t["r"] == "int32"  # range over a string
    assert t["d"] == "time.Duration"
    assert t["u"] == "map[string]bool"  # another package of the same module
    assert t["w"] == "[]int"
    assert t["gotErr"] == "None"  # the second result of a call we know nothing of is not a comma-ok bool


KEYS = """package m

import "example.com/ext"

type T struct{ name string }

func f(name string, n int) {
	_ = T{name: name}
	_ = []T{{name: name}}
	_ = map[string]*T{name: {name: name}}
	_ = map[string]int{name: n}
	_ = [...]int{n: 1}
	_ = ext.Unknown{name: name}
}
"""


def test_struct_literal_keys_name_fields_not_variables(tmp_path):
    """`T{name: name}`: the key is T's field; in a map or array literal the key is a value."""
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    workspace = Workspace(tmp_path)
    loader = Loader(workspace)
    src = KEYS.encode()
    parsed = make_parsed(str(tmp_path / "main.go"), src, grammar.parse(src), workspace)
    program = Program(loader.facts_for(parsed), loader)
    keys = [e.child_by_field_name(grammar.F.KEY) for e in grammar.find_all(parsed.tree.root_node, (K.KEYED_ELEMENT,))]
    resolved = [(grammar.text(k), program.resolve(k, parsed) is not None) for k in keys if k.type == K.IDENTIFIER]
    # struct keys (also of elided and unknown types) resolve to nothing; map and array keys to the variables
    assert resolved == [
        ("name", False),
        ("name", False),
        ("name", True),
        ("name", False),
        ("name", True),
        ("n", True),
        ("name", False),
    ]
    function = grammar.find_all(parsed.tree.root_node, (K.FUNCTION_DECLARATION,))[0]
    param = program.resolve(grammar.find_all(function, (K.IDENTIFIER,))[1], parsed)
    assert param is not None and param.name == "name"
    uses = program.resolver(parsed).uses(param, function)
    assert len(uses) == 1 + 6  # the parameter itself and the six values, but no struct key


def program_for(tmp_path: Path, files: dict[str, str], main: str, module: str = "example.com/m"):
    """A Program for `main` (a path under tmp_path) with `files` on disk; returns (program, parsed)."""
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    workspace = Workspace(tmp_path)
    loader = Loader(workspace)
    src = (tmp_path / main).read_bytes()
    parsed = make_parsed(str(tmp_path / main), src, grammar.parse(src), workspace)
    return Program(loader.facts_for(parsed), loader), parsed


def field_types(program: Program, parsed, struct: str, underlying: bool = False) -> dict[str, str]:
    facts = program.facts_of(parsed)
    t = program.underlying(program.type_from_node(facts.types[struct].node.child_by_field_name(grammar.F.NAME), parsed))
    return {f.name: str(program.underlying(f.type) if underlying else f.type) for f in t.fields}


def test_dot_imports_and_generic_aliases(tmp_path):
    """`import . "pkg"` brings pkg's exported types; a generic alias instantiates its target."""
    files = {
        "go.mod": "module example.com/m\n\ngo 1.24\n",
        "inner/inner.go": "package inner\n\ntype Node struct{ p *int }\n\ntype List[T any] = []T\n",
        "main.go": (
            "package m\n\n"
            'import . "example.com/m/inner"\n'
            'import in "example.com/m/inner"\n\n'
            "type Set[K comparable] = map[K]struct{}\n\n"
            "type S struct {\n"
            "\td []Node\n"
            "\tl List[*Node]\n"
            "\tq in.List[int]\n"
            "\ts Set[string]\n"
            "\tunknown []Missing\n"
            "}\n"
        ),
    }
    program, parsed = program_for(tmp_path, files, "main.go")
    assert field_types(program, parsed, "S") == {
        "d": "[]inner.Node",
        "l": "[]*inner.Node",
        "q": "[]int",
        "s": "map[string]struct{}",
        "unknown": "[]None",
    }


def test_facts_prefer_the_files_built_with_the_checked_file(tmp_path):
    """Per-platform versions of one declaration: the one built with the checked file wins,
    and an `//go:build ignore` file loses to the real declaration."""
    files = {
        "go.mod": "module example.com/m\n\ngo 1.22\n",
        "e_darwin.go": "package m\n\ntype elem struct{ n int }\n",
        "e_linux.go": "package m\n\ntype elem struct{ p *int }\n",
        "a_gen.go": "//go:build ignore\n\npackage m\n\ntype other struct{ n int }\n",
        "z.go": "package m\n\ntype other struct{ p *int }\n",
        "w_windows.go": "package m\n\ntype S2 struct{ e elem }\n",
        "e_windows.go": "package m\n\ntype elem struct{ w uintptr }\n",
        "main.go": "package m\n\ntype S struct {\n\te elem\n\to other\n}\n",
    }
    program, parsed = program_for(tmp_path, files, "main.go")
    assert field_types(program, parsed, "S", underlying=True) == {"e": "struct{p *int}", "o": "struct{p *int}"}
    program, parsed = program_for(tmp_path, {}, "w_windows.go")
    assert field_types(program, parsed, "S2", underlying=True) == {"e": "struct{w uintptr}"}


def test_generic_methods_see_the_receiver_type_parameters_and_their_own(tmp_path):
    """Go 1.27 generic methods: `func (b *Bag[T]) Take[U any]()` declares U and still uses T."""
    src = (
        "package m\n\ntype Bag[T any] struct{ items []T }\n\n"
        "func (b *Bag[T]) Take[U any](conv func(T) U) U {\n"
        "\tx := b.items[0]\n\tvar u U\n\t_ = conv\n\t_ = x\n\treturn u\n}\n"
    )
    program, parsed = program_for(tmp_path, {"go.mod": "module example.com/m\n\ngo 1.27\n", "main.go": src}, "main.go")
    got = {}
    for stmt in grammar.find_all(parsed.tree.root_node, (K.SHORT_VAR_DECLARATION,)):
        for ident in grammar.items(stmt.child_by_field_name(grammar.F.LEFT)):
            got[grammar.text(ident)] = str(program.type_of(ident, parsed))
    for spec in grammar.find_all(parsed.tree.root_node, (K.VAR_SPEC,)):
        for ident in grammar.fields(spec, grammar.F.NAME):
            got[grammar.text(ident)] = str(program.type_of(ident, parsed))
    assert got == {"x": "T", "u": "U"}
