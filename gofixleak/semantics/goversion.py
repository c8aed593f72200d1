"""Go language versions: parsing, comparing, and what a file's build line implies.

A language version is a pair `(major, minor)`, e.g. `(1, 21)`; patch releases
do not change the language, so `go 1.21.3` in a go.mod means `(1, 21)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(r"^(?:go)?(\d+)(?:\.(\d+))?(?:\.\d+)?(?:(?:rc|beta)\d+)?$")


@dataclass(frozen=True, order=True)
class GoVersion:
    major: int
    minor: int

    @classmethod
    def parse(cls, value: str) -> GoVersion:
        """Parse "1.21", "go1.21", "1.21.3" or "1.22rc1"; raise ValueError otherwise."""
        match = _VERSION.match(value.strip())
        if not match:
            raise ValueError(f"not a Go version: {value!r} (expected something like 1.21)")
        return cls(int(match.group(1)), int(match.group(2) or 0))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    def at_least(self, major: int, minor: int) -> bool:
        return (self.major, self.minor) >= (major, minor)


# The newest language version gofixleak knows; used when nothing else says.
NEWEST = GoVersion(1, 27)

# From Go 1.21 on, a //go:build line may also lower a file's version, but not below 1.21.
_DOWNGRADE_FLOOR = GoVersion(1, 21)


def file_version(module: GoVersion | None, constraint: GoVersion | None) -> GoVersion | None:
    """The language version of one file, following cmd/go and go/types.

    A `//go:build go1.N` line sets the file's version.  In a module whose go
    line is 1.21 or later it may lower the version, but never below 1.21; in an
    older module it can only raise it.
    """
    if constraint is None:
        return module
    if module is None:
        return max(constraint, _DOWNGRADE_FLOOR)
    if module >= _DOWNGRADE_FLOOR:
        return max(constraint, _DOWNGRADE_FLOOR)
    return max(module, constraint)


# --- //go:build expressions -------------------------------------------------

_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")
_GO_TAG = re.compile(r"^go1\.(\d+)$")


class _ConstraintSyntaxError(ValueError):
    pass


def _tokens(expr: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if not match:
            raise _ConstraintSyntaxError(expr)
        tokens.append(match.group(1))
        pos = match.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    return tokens


def constraint_version(expr: str) -> GoVersion | None:
    """The minimum Go version a //go:build expression implies (like go/build/constraint.GoVersion).

    `go1.21 && linux` implies 1.21, `go1.21 || go1.22` implies 1.21, and a
    version under `!` or or-ed with a plain tag implies nothing.  Malformed
    expressions imply nothing.
    """
    try:
        tokens = _tokens(expr)
        version, rest = _parse_or(tokens, 0)
    except (_ConstraintSyntaxError, IndexError):
        return None
    if rest != len(tokens):
        return None
    return version


# Each parser returns (minimum version or None, next token index).


def _parse_or(tokens: list[str], pos: int) -> tuple[GoVersion | None, int]:
    left, pos = _parse_and(tokens, pos)
    while pos < len(tokens) and tokens[pos] == "||":
        right, pos = _parse_and(tokens, pos + 1)
        left = None if left is None or right is None else min(left, right)
    return left, pos


def _parse_and(tokens: list[str], pos: int) -> tuple[GoVersion | None, int]:
    left, pos = _parse_not(tokens, pos)
    while pos < len(tokens) and tokens[pos] == "&&":
        right, pos = _parse_not(tokens, pos + 1)
        if left is None:
            left = right
        elif right is not None:
            left = max(left, right)
    return left, pos


def _parse_not(tokens: list[str], pos: int) -> tuple[GoVersion | None, int]:
    if tokens[pos] == "!":
        _, pos = _parse_not(tokens, pos + 1)
        return None, pos
    if tokens[pos] == "(":
        value, pos = _parse_or(tokens, pos + 1)
        if pos >= len(tokens) or tokens[pos] != ")":
            raise _ConstraintSyntaxError("missing )")
        return value, pos + 1
    tag = tokens[pos]
    if tag in (")", "&&", "||"):
        raise _ConstraintSyntaxError(tag)
    match = _GO_TAG.match(tag)
    return (GoVersion(1, int(match.group(1))) if match else None), pos + 1


_BUILD_LINE = re.compile(rb"^//go:build\s+(.*?)\s*$")


def header_comment_lines(src: bytes) -> list[str]:
    """The `//` comment lines before the package clause, skipping blank lines, block comments
    (a licence in `/* ... */` often comes first) and a byte-order mark at the start."""
    if src.startswith(b"\xef\xbb\xbf"):
        src = src[3:]
    out: list[str] = []
    in_block = False
    for raw in src.split(b"\n"):
        line = raw.strip()
        if in_block:
            in_block = b"*/" not in line
            continue
        if not line:
            continue
        if line.startswith(b"//"):
            out.append(line.decode("utf-8", "replace"))
            continue
        if line.startswith(b"/*"):
            in_block = b"*/" not in line[2:]
            continue
        break
    return out


def build_constraint(src: bytes) -> str | None:
    """The expression of the file's //go:build line, if it has one before the package clause."""
    for line in header_comment_lines(src):
        match = _BUILD_LINE.match(line.encode())
        if match:
            return match.group(1).decode("utf-8", "replace")
    return None


_GO_DIRECTIVE = re.compile(rb"^\s*go\s+([0-9][0-9A-Za-z.]*)\s*(?://.*)?$", re.MULTILINE)


def go_directive(mod_src: bytes) -> GoVersion | None:
    """The version on the `go` line of a go.mod or go.work file."""
    match = _GO_DIRECTIVE.search(mod_src)
    if not match:
        return None
    try:
        return GoVersion.parse(match.group(1).decode())
    except ValueError:
        return None


_ANY_GO_LINE = re.compile(rb"^[ \t]*go[ \t]+(.*?)[ \t\r]*(?://.*)?$", re.MULTILINE)


GO_LINE_MISSING = GoVersion(1, 16)  # what the go command assumes for a go.mod without a go line


def has_go_line(mod_src: bytes) -> bool:
    return _ANY_GO_LINE.search(mod_src) is not None


def go_directive_problem(mod_src: bytes) -> tuple[int, str] | None:
    """(1-based line, text) of a `go` line whose version cannot be read, or None."""
    for match in _ANY_GO_LINE.finditer(mod_src):
        value = match.group(1).decode("utf-8", "replace")
        try:
            GoVersion.parse(value)
        except ValueError:
            return mod_src.count(b"\n", 0, match.start()) + 1, value
    return None


def parse_known(value: str) -> GoVersion:
    """A Go 1.x language version gofixleak knows (1.0 to NEWEST); ValueError naming them otherwise."""
    version = GoVersion.parse(value)
    if version.major != 1 or version > NEWEST:
        raise ValueError(f"unknown Go version {value!r} (gofixleak knows Go 1.0 to {NEWEST})")
    return version


_MODULE_DIRECTIVE = re.compile(rb'^\s*module\s+"?([^\s"]+)"?', re.MULTILINE)


def module_path(mod_src: bytes) -> str | None:
    match = _MODULE_DIRECTIVE.search(mod_src)
    return match.group(1).decode("utf-8", "replace") if match else None


def _directive_args(mod_src: bytes, verb: str) -> list[str]:
    """The argument texts of one directive of a go.mod or go.work file, single-line and block forms
    (`use ./a`, `use ( ./a ./b )`); comments are dropped."""
    out: list[str] = []
    in_block = False
    for raw in mod_src.decode("utf-8", "replace").splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if in_block:
            if line == ")":
                in_block = False
            else:
                out.append(line)
            continue
        words = line.split(None, 1)
        if words[0] != verb or len(words) < 2:
            continue
        rest = words[1].strip()
        if rest == "(":
            in_block = True
        elif rest:
            out.append(rest)
    return out


def use_directives(work_src: bytes) -> list[str]:
    """The module folders a go.work file's `use` lines name (as written, relative to the go.work)."""
    return [arg.strip('"') for arg in _directive_args(work_src, "use")]


def local_replacements(mod_src: bytes) -> list[tuple[str, str]]:
    """`replace old [version] => ./dir` lines of a go.mod (or go.work) whose target is a folder:
    (old module path, folder as written)."""
    out: list[tuple[str, str]] = []
    for arg in _directive_args(mod_src, "replace"):
        if "=>" not in arg:
            continue
        left, right = (part.split() for part in arg.split("=>", 1))
        if not left or len(right) != 1:
            continue
        target = right[0].strip('"')
        if target.startswith(("./", "../", "/")) or target in (".", ".."):
            out.append((left[0].strip('"'), target))
    return out
