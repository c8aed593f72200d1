"""Code where the remedies themselves are not allowed: fixes there are shown, never applied.

Every remedy allocates (`strings.Clone`, `make`+`copy`, a func literal, a
buffered channel, a `time.Timer`) or writes pointers (`q[0] = nil`, `clear`),
which ordinary Go code may always do.  Two kinds of code may not:

- the runtime and the packages it is built from (`runtime`,
  `internal/runtime/...`, `runtime/internal/...` of the standard library):
  parts of it run before the heap exists, on the system stack or without a
  P, so an allocation added there can crash the process at startup (we saw
  `strings.Clone`'s fallback in the runtime's GODEBUG parser do exactly that);
- functions marked with a compiler directive that forbids stack growth,
  write barriers or preemption (`//go:nosplit`, `//go:nowritebarrier`,
  `//go:nowritebarrierrec`, `//go:yeswritebarrierrec`, `//go:systemstack`),
  in any package.

The finding is still reported; its fixes become suggestions with the reason.
"""

from __future__ import annotations

from dataclasses import replace

from gofixleak.engine.rule import Finding, Safety
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import K, Tree

_DIRECTIVES = (
    "//go:nosplit",
    "//go:nowritebarrier",
    "//go:nowritebarrierrec",
    "//go:yeswritebarrierrec",
    "//go:systemstack",
)


def is_runtime_package(import_path: str) -> bool:
    """The standard library's runtime and its internal packages (std import paths have no dot)."""
    first = import_path.split("/", 1)[0]
    if "." in first:
        return False
    return (
        import_path == "runtime"
        or import_path.startswith(("runtime/internal/", "internal/runtime/"))
        or import_path == "internal/runtime"
    )


def restrict(findings: list[Finding], src: bytes, tree: Tree, import_path: str) -> list[Finding]:
    """`findings` with the fixes of those in restricted code lowered to suggestions."""
    whole_package = is_runtime_package(import_path)
    marked = None if whole_package else _marked_functions(src, tree)
    if not whole_package and not marked:
        return findings
    out = []
    for finding in findings:
        applicable = [f for f in finding.fixes if f.safety is not Safety.SUGGESTION]
        if not applicable:
            out.append(finding)
            continue
        reason = "the runtime must not allocate or add write barriers freely" if whole_package else None
        if reason is None and marked is not None:
            directive = _directive_around(finding, tree, marked)
            if directive is not None:
                reason = f"{directive} code must not allocate or add write barriers"
        if reason is None:
            out.append(finding)
            continue
        fixes = tuple(
            f
            if f.safety is Safety.SUGGESTION
            else replace(f, safety=Safety.SUGGESTION, message=f"{f.message} (not applied: {reason})")
            for f in finding.fixes
        )
        out.append(replace(finding, fixes=fixes))
    return out


def _marked_functions(src: bytes, tree: Tree) -> dict[int, str]:
    """Start byte of each top-level function or method whose doc comment block carries one of the
    directives -> that directive."""
    if not any(d.encode() in src for d in _DIRECTIVES):
        return {}
    marked: dict[int, str] = {}
    for decl in grammar.top_level(tree):
        if decl.type not in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
            continue
        for line in _comment_lines_above(src, decl.start_byte):
            word = line.split()[0] if line.split() else ""
            if word in _DIRECTIVES:
                marked[decl.start_byte] = word
                break
    return marked


def _comment_lines_above(src: bytes, start: int) -> list[str]:
    """The `//` lines directly above the byte `start` (the declaration's comment block)."""
    out: list[str] = []
    end = src.rfind(b"\n", 0, start)
    while end > 0:
        begin = src.rfind(b"\n", 0, end) + 1
        line = src[begin:end].strip()
        if not line.startswith(b"//"):
            break
        out.append(line.decode("utf-8", "replace"))
        end = begin - 1
    return out


def _directive_around(finding: Finding, tree: Tree, marked: dict[int, str]) -> str | None:
    node = grammar.node_at(tree, finding.start, finding.end)
    while node is not None:
        if node.type in (K.FUNCTION_DECLARATION, K.METHOD_DECLARATION):
            return marked.get(node.start_byte)
        node = node.parent
    return None
