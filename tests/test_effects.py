"""What evaluating an expression may do (effects), and constant durations (typecheck.constant_int)."""

import pytest

from gofixleak.analysis.effects import Effect, declared_outside, effect
from gofixleak.engine import checker
from gofixleak.engine.context import Context
from gofixleak.semantics import goversion
from gofixleak.semantics.facts import build_package
from gofixleak.semantics.typecheck import Program
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K

SOURCE = """package p

import (
	"time"
	tm "time"
)

type Config struct{ Idle time.Duration }

type Value struct{ Idle time.Duration }

const k = 3

func f(c *Config, v Value, m map[string]int, s []int, d time.Duration, n int, ch chan int, a, b any) {
	_ = EXPR
}
"""


def context_for(expr: str) -> tuple[Context, grammar.Node]:
    src = SOURCE.replace("EXPR", expr).encode()
    parsed = checker.SingleFileSource().parsed_for("p.go", src)
    ctx = Context("p.go", src, parsed.tree, goversion.NEWEST, parsed, lambda: Program(build_package(".", [parsed])))
    assignment = grammar.find_all(parsed.tree.root_node, (K.ASSIGNMENT,))[-1]
    return ctx, grammar.items(assignment.child_by_field_name(F.RIGHT))[0]


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("d", Effect.NONE),
        ("2 * d", Effect.NONE),
        ("time.Second * time.Duration(n)", Effect.NONE),
        ("v.Idle", Effect.NONE),
        ('m["x"]', Effect.NONE),
        ("len(s) + cap(s)", Effect.NONE),
        ("Value{Idle: d}", Effect.NONE),
        ("c.Idle", Effect.MAY_PANIC),
        ("s[0]", Effect.MAY_PANIC),
        ("d / time.Duration(n)", Effect.MAY_PANIC),
        ("d / 2", Effect.NONE),
        ("*c", Effect.MAY_PANIC),
        ("time.Since(time.Time{})", Effect.ANY),
        ("<-ch", Effect.ANY),
        ("a == b", Effect.MAY_PANIC),
        ("a != nil", Effect.NONE),
        ("n == k", Effect.NONE),
        ("Value{Idle: time.Until(time.Time{})}", Effect.ANY),
    ],
)
def test_effect(expr, expected):
    ctx, node = context_for(expr)
    assert effect(ctx, node) == expected


def test_declared_outside_a_region():
    src = b"package p\n\nfunc f(d int) {\n\tfor i := 0; i < 3; i++ {\n\t\tx := d + i\n\t\t_ = x\n\t}\n}\n"
    parsed = checker.SingleFileSource().parsed_for("p.go", src)
    ctx = Context("p.go", src, parsed.tree, goversion.NEWEST, parsed, lambda: Program(build_package(".", [parsed])))
    loop = grammar.find_all(parsed.tree.root_node, (K.FOR_STATEMENT,))[0]
    uses = {grammar.text(i): i for i in grammar.find_all(loop, (K.IDENTIFIER,)) if grammar.text(i) in ("d", "i")}
    assert declared_outside(ctx, uses["d"], loop)
    assert not declared_outside(ctx, uses["i"], loop)


@pytest.mark.parametrize(
    "expr, value",
    [
        ("time.Second", 1_000_000_000),
        ("5 * time.Millisecond", 5_000_000),
        ("tm.Duration(k) * tm.Minute", 180_000_000_000),
        ("-time.Hour", -3_600_000_000_000),
        ("d", None),
    ],
)
def test_constant_durations(expr, value):
    ctx, node = context_for(expr)
    assert ctx.program.constant_int(node, ctx.file) == value
