"""Types of expressions across files, generics, aliases, imports and the std stubs."""

from pathlib import Path

from gofixleak import syntax
from gofixleak.loader import Loader, make_parsed
from gofixleak.syntax import K
from gofixleak.typecheck import Program
from gofixleak.workspace import Workspace

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
    parsed = make_parsed(str(tmp_path / "main.go"), src, syntax.parse(src), workspace)
    program = Program(loader.facts_for(parsed), loader)
    out = {}
    for stmt in syntax.find_all(parsed.tree.root_node, (K.SHORT_VAR_DECLARATION, K.RANGE_CLAUSE)):
        for ident in syntax.items(stmt.child_by_field_name(syntax.F.LEFT)):
            name = syntax.text(ident)
            if name != "_":
                out[name] = str(program.type_of(ident, parsed))
    for param in syntax.find_all(parsed.tree.root_node, (K.PARAMETER_DECLARATION,)):
        for ident in syntax.fields(param, syntax.F.NAME):
            out[syntax.text(ident)] = str(program.type_of(ident, parsed))
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
    parsed = make_parsed(str(tmp_path / "main.go"), src, syntax.parse(src), workspace)
    program = Program(loader.facts_for(parsed), loader)
    keys = [e.child_by_field_name(syntax.F.KEY) for e in syntax.find_all(parsed.tree.root_node, (K.KEYED_ELEMENT,))]
    resolved = [(syntax.text(k), program.resolve(k, parsed) is not None) for k in keys if k.type == K.IDENTIFIER]
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
    function = syntax.find_all(parsed.tree.root_node, (K.FUNCTION_DECLARATION,))[0]
    param = program.resolve(syntax.find_all(function, (K.IDENTIFIER,))[1], parsed)
    assert param is not None and param.name == "name"
    uses = program.resolver(parsed).uses(param, function)
    assert len(uses) == 1 + 6  # the parameter itself and the six values, but no struct key
