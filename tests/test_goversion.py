import pytest

from gofixleak.semantics.goversion import (
    NEWEST,
    GoVersion,
    build_constraint,
    constraint_version,
    file_version,
    go_directive,
    module_path,
)


@pytest.mark.parametrize(
    "text, expected",
    [("1.21", (1, 21)), ("go1.21", (1, 21)), ("1.21.3", (1, 21)), ("1.22rc1", (1, 22)), ("1", (1, 0))],
)
def test_parse(text, expected):
    assert GoVersion.parse(text) == GoVersion(*expected)


@pytest.mark.parametrize("text", ["", "one.two", "1.x", "v1.21"])
def test_parse_rejects_garbage(text):
    with pytest.raises(ValueError):
        GoVersion.parse(text)


def test_ordering_is_numeric_not_lexical():
    assert GoVersion(1, 9) < GoVersion(1, 10) < GoVersion(1, 21)
    assert str(GoVersion(1, 21)) == "1.21"


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("go1.21", (1, 21)),
        ("go1.21 && linux", (1, 21)),
        ("linux && go1.22 && go1.21", (1, 22)),
        ("go1.21 || go1.22", (1, 21)),
        ("go1.21 || linux", None),
        ("!go1.21", None),
        ("(go1.20 || go1.23) && amd64", (1, 20)),
        ("linux", None),
        ("go1.21 &&", None),
    ],
)
def test_constraint_version(expr, expected):
    got = constraint_version(expr)
    assert got == (GoVersion(*expected) if expected else None)


def test_file_version_follows_go_semantics():
    v = GoVersion
    # no build line: the module's version
    assert file_version(v(1, 20), None) == v(1, 20)
    # an old module can only be upgraded by a build line
    assert file_version(v(1, 16), v(1, 18)) == v(1, 18)
    assert file_version(v(1, 20), v(1, 16)) == v(1, 20)
    # from 1.21 on a build line may downgrade, but not below 1.21
    assert file_version(v(1, 22), v(1, 16)) == v(1, 21)
    assert file_version(v(1, 23), v(1, 22)) == v(1, 22)
    assert file_version(None, None) is None


def test_build_constraint_only_before_package_clause():
    assert build_constraint(b"// Copyright\n\n//go:build go1.22 && linux\n\npackage p\n") == "go1.22 && linux"
    assert build_constraint(b"package p\n\n//go:build go1.22\n") is None


def test_go_mod_directives():
    mod = b"module example.com/m // main module\n\ngo 1.21.4\n\ntoolchain go1.22.0\n"
    assert go_directive(mod) == GoVersion(1, 21)
    assert module_path(mod) == "example.com/m"
    assert go_directive(b"module m\n") is None


def test_newest_is_at_least_the_grammar_version():
    assert NEWEST >= GoVersion(1, 27)
