"""Build constraints: which files of a folder are compiled together.

A folder often holds several versions of one declaration, one per platform
(`conn_linux.go` and `conn_windows.go`, or `//go:build !windows`), and files
left out of every build (`//go:build ignore`).  Package facts built from all
of them at once would take whichever declaration sorts first.  This module
evaluates a file's constraints (its `_GOOS`/`_GOARCH` name suffixes, its
`//go:build` line, else its `// +build` lines) under a build configuration,
and picks the configuration a file is compiled in: linux/amd64 with cgo when
that satisfies it, else the first one that does.  Go version tags (`go1.N`)
always hold (gofixleak reads code for the newest toolchain); `ignore` and
other custom tags hold only where the file being checked needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from typing import Any

from gofixleak.semantics import goversion

# go/build's known operating systems and architectures (syslist.go)
GOOS = (
    "linux", "darwin", "windows", "freebsd", "netbsd", "openbsd", "dragonfly", "solaris", "illumos",
    "aix", "android", "ios", "js", "plan9", "hurd", "wasip1", "zos", "nacl",
)  # fmt: skip
GOARCH = (
    "amd64", "arm64", "386", "arm", "ppc64le", "s390x", "riscv64", "mips64le", "loong64", "wasm",
    "amd64p32", "armbe", "arm64be", "mips", "mipsle", "mips64", "mips64p32", "mips64p32le", "ppc",
    "ppc64", "riscv", "s390", "sparc", "sparc64",
)  # fmt: skip
UNIX = frozenset(
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd",
        "openbsd", "solaris",
    }
)  # fmt: skip
_KNOWN = frozenset(GOOS) | frozenset(GOARCH)
_GO_VERSION_TAG = re.compile(r"^go1\.\d+$")


@dataclass(frozen=True)
class Config:
    goos: str = "linux"
    goarch: str = "amd64"
    cgo: bool = True
    tags: frozenset[str] = frozenset()  # custom tags that hold

    def has(self, tag: str) -> bool:
        if tag == self.goos or tag == self.goarch or tag in self.tags:
            return True
        if tag == "unix":
            return self.goos in UNIX
        if tag == "linux":
            return self.goos == "android"
        if tag == "darwin":
            return self.goos == "ios"
        if tag == "solaris":
            return self.goos == "illumos"
        if tag == "cgo":
            return self.cgo
        return bool(_GO_VERSION_TAG.match(tag)) or tag == "gc"


DEFAULT = Config()


# --- expressions ---------------------------------------------------------------------
# An expression is a nested tuple: ("tag", name), ("not", e), ("and", a, b), ("or", a, b).
Expr = tuple[Any, ...]

_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")


def _parse(text: str) -> Expr | None:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            return None
        tokens.append(match.group(1))
        pos = match.end()
    try:
        expr, end = _or(tokens, 0)
    except IndexError:
        return None
    return expr if expr is not None and end == len(tokens) else None


def _or(tokens: list[str], pos: int) -> tuple[Expr | None, int]:
    left, pos = _and(tokens, pos)
    while left is not None and pos < len(tokens) and tokens[pos] == "||":
        right, pos = _and(tokens, pos + 1)
        left = None if right is None else ("or", left, right)
    return left, pos


def _and(tokens: list[str], pos: int) -> tuple[Expr | None, int]:
    left, pos = _not(tokens, pos)
    while left is not None and pos < len(tokens) and tokens[pos] == "&&":
        right, pos = _not(tokens, pos + 1)
        left = None if right is None else ("and", left, right)
    return left, pos


def _not(tokens: list[str], pos: int) -> tuple[Expr | None, int]:
    token = tokens[pos]
    if token == "!":
        inner, pos = _not(tokens, pos + 1)
        return (None if inner is None else ("not", inner)), pos
    if token == "(":
        inner, pos = _or(tokens, pos + 1)
        if inner is None or pos >= len(tokens) or tokens[pos] != ")":
            return None, pos
        return inner, pos + 1
    if token in (")", "&&", "||"):
        return None, pos
    return ("tag", token), pos + 1


def _plus_build(lines: list[str]) -> Expr | None:
    """`// +build a,!b c` lines: each line ORs its space-separated options, an option ANDs its commas."""
    expr: Expr | None = None
    for line in lines:
        alternatives: Expr | None = None
        for option in line.split():
            term: Expr | None = None
            for part in option.split(","):
                negated = part.startswith("!")
                name = part[1:] if negated else part
                if not name or not re.fullmatch(r"[A-Za-z0-9_.]+", name):
                    return None
                atom: Expr = ("not", ("tag", name)) if negated else ("tag", name)
                term = atom if term is None else ("and", term, atom)
            if term is not None:
                alternatives = term if alternatives is None else ("or", alternatives, term)
        if alternatives is not None:
            expr = alternatives if expr is None else ("and", expr, alternatives)
    return expr


def evaluate(expr: Expr, config: Config) -> bool:
    kind = expr[0]
    if kind == "tag":
        return config.has(expr[1])
    if kind == "not":
        return not evaluate(expr[1], config)
    if kind == "and":
        return evaluate(expr[1], config) and evaluate(expr[2], config)
    return evaluate(expr[1], config) or evaluate(expr[2], config)


def _tags(expr: Expr, out: set[str]) -> set[str]:
    if expr[0] == "tag":
        out.add(expr[1])
    else:
        for sub in expr[1:]:
            _tags(sub, out)
    return out


# --- files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FileConstraint:
    goos: str | None = None  # from the file name
    goarch: str | None = None
    expr: Expr | None = None  # from //go:build (or // +build)

    @property
    def unconstrained(self) -> bool:
        return self.goos is None and self.goarch is None and self.expr is None

    def holds(self, config: Config) -> bool:
        if self.goos is not None and not config.has(self.goos):
            return False
        if self.goarch is not None and config.goarch != self.goarch:
            return False
        return self.expr is None or evaluate(self.expr, config)


def _name_constraint(filename: str) -> tuple[str | None, str | None]:
    """go/build's rule: `name_GOOS_GOARCH.go`, `name_GOOS.go`, `name_GOARCH.go` (after `_test`)."""
    stem = filename.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.endswith(".go") else stem
    if stem.endswith("_test"):
        stem = stem[: -len("_test")]
    cut = stem.find("_")
    if cut < 0:
        return None, None
    parts = stem[cut:].split("_")
    if len(parts) >= 2 and parts[-2] in GOOS and parts[-1] in GOARCH:
        return parts[-2], parts[-1]
    if parts[-1] in GOOS:
        return parts[-1], None
    if parts[-1] in GOARCH:
        return None, parts[-1]
    return None, None


def file_constraint(filename: str, src: bytes) -> FileConstraint:
    goos, goarch = _name_constraint(filename)
    expr = None
    plus: list[str] = []
    for line in goversion.header_comment_lines(src):
        body = line[2:].strip()
        if line.startswith("//go:build"):
            expr = _parse(line[len("//go:build") :])
            plus = []
            break
        if body.startswith("+build"):
            plus.append(body[len("+build") :])
    if expr is None and plus:
        expr = _plus_build(plus)
    return FileConstraint(goos, goarch, expr)


def config_for(constraint: FileConstraint) -> Config | None:
    """The configuration a file is checked in: linux/amd64 with cgo when that builds it, else the
    first platform that does; the custom tags it mentions hold when it needs them.  None when no
    configuration builds it (a contradiction, or an unparsable line)."""
    if constraint.unconstrained:
        return DEFAULT
    custom = sorted(t for t in (_tags(constraint.expr, set()) if constraint.expr else set()) if t not in _KNOWN)
    custom = [t for t in custom if t not in ("unix", "cgo", "gc") and not _GO_VERSION_TAG.match(t)][:6]
    goos_order = [DEFAULT.goos, *(g for g in GOOS if g != DEFAULT.goos)]
    goarch_order = [DEFAULT.goarch, *(a for a in GOARCH if a != DEFAULT.goarch)]
    if constraint.goos is not None:
        goos_order = [constraint.goos] + [g for g in goos_order if g != constraint.goos]
    if constraint.goarch is not None:
        goarch_order = [constraint.goarch]
    # fewest custom tags first: a plain build before `integration`, `ignore` only when required
    subsets = sorted(product((False, True), repeat=len(custom)), key=sum)
    for chosen in subsets:
        tags = frozenset(t for t, on in zip(custom, chosen, strict=True) if on)
        for cgo in (True, False):
            for goos in goos_order:
                for goarch in goarch_order:
                    config = Config(goos, goarch, cgo, tags)
                    if constraint.holds(config):
                        return config
    return None
