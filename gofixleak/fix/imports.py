"""Adding imports the way gofmt (and goimports) would leave them.

gofmt sorts the specs of each group of an import block (groups are separated
by blank lines), so a new standard-library import is inserted in sorted
position into the group that already holds standard-library imports, or as a
new first group.  A lone `import "x"` becomes a block; a file without imports
gets one after its package clause.  The cgo import `import "C"` is never
touched: its preamble is the doc comment of a declaration holding that one
spec, so new imports go into another declaration.  Lines are ended the
file's way (a CRLF line end is kept whole).
"""

from __future__ import annotations

from gofixleak.fix.edits import Edit
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node, Tree


def _is_std(path: str) -> bool:
    first = path.split("/", 1)[0]
    return "." not in first


def imported_paths(tree: Tree) -> set[str]:
    """Import paths imported under a usable name (not `_` and not `.`)."""
    paths = set()
    for spec in grammar.import_specs(tree):
        name = spec.child_by_field_name(F.NAME)
        if name is not None and (name.type == K.DOT or grammar.text(name) in ("_", ".")):
            continue
        path = spec.child_by_field_name(F.PATH)
        value = grammar.string_literal_value(path) if path is not None else None
        if value is not None:
            paths.add(value)
    return paths


def import_edits(src: bytes, tree: Tree, wanted: list[str] | set[str]) -> list[Edit]:
    """Edits that add the missing ones of `wanted` import paths."""
    missing = sorted(set(wanted) - imported_paths(tree))
    if not missing:
        return []
    all_decls = grammar.import_declarations(tree)
    decls = [d for d in all_decls if not _imports_cgo(d)]
    block = next((d for d in decls if grammar.is_parenthesized_import(d)), None)
    if block is not None:
        return _into_block(src, block, missing)
    if len(decls) == 1 and not grammar.comments(decls[0]):
        spec = next(iter(grammar.import_specs_of(decls[0])), None)
        if spec is not None:
            # `import "fmt" // why` keeps its comment on its spec
            comment = _trailing_text(src, decls[0]).decode()
            existing = grammar.text(spec) + (f" {comment}" if comment else "")
            entries = sorted([(_path(spec), existing)] + [(p, f'"{p}"') for p in missing])
            lines = "".join(f"\t{text}\n" for _, text in entries)
            end = _line_end(src, decls[0].end_byte) if comment else decls[0].end_byte
            return [Edit(decls[0].start_byte, end, "import (\n" + lines + ")")]
    if all_decls:
        last = all_decls[-1]
        end = _line_end(src, last.end_byte)
        text = "".join(f'\nimport "{p}"' for p in missing)
        return [Edit(end, end, text)]
    clause = grammar.package_clause(tree)
    if clause is None:
        return []
    end = _line_end(src, clause.end_byte)
    if len(missing) == 1:
        text = f'\n\nimport "{missing[0]}"'
    else:
        text = "\n\nimport (\n" + "".join(f'\t"{p}"\n' for p in missing) + ")"
    return [Edit(end, end, text)]


def _into_block(src: bytes, block: Node, missing: list[str]) -> list[Edit]:
    specs = grammar.import_specs_of(block)
    if not specs:
        # `import ()`: put the specs inside the parentheses
        close = next((c for c in block.children if c.type == ")"), None)
        if close is None:
            return []
        text = "".join(f'\t"{p}"\n' for p in missing)
        return [
            Edit(
                close.start_byte,
                close.start_byte,
                ("\n" if src[close.start_byte - 1 : close.start_byte] != b"\n" else "") + text,
            )
        ]
    if b"\n" not in src[block.start_byte : block.end_byte] and not grammar.comments(block):
        # `import ("os"; "time")` on one line: written out again as gofmt would, one spec a line
        entries = sorted([(_path(s), grammar.text(s)) for s in specs] + [(p, f'"{p}"') for p in missing])
        return [Edit(block.start_byte, block.end_byte, "import (\n" + "".join(f"\t{t}\n" for _, t in entries) + ")")]
    groups = _groups(src, specs)
    std_group = next((g for g in groups if any(_is_std(_path(s)) for s in g)), None)
    edits: list[Edit] = []
    if std_group is None:
        first = groups[0][0]
        start = _start_with_comments(src, first)
        text = "".join(f'\t"{p}"\n' for p in missing) + "\n"
        return [Edit(start, start, text)]
    pending: dict[int, list[str]] = {}
    for path in missing:
        after = next((s for s in std_group if _path(s) > path), None)
        if after is not None:
            offset = _start_with_comments(src, after)
            pending.setdefault(offset, []).append(f'\t"{path}"\n')
        else:
            offset = _next_line_start(src, std_group[-1].end_byte)
            pending.setdefault(offset, []).append(f'\t"{path}"\n')
    for offset, lines in sorted(pending.items()):
        edits.append(Edit(offset, offset, "".join(lines)))
    return edits


def _imports_cgo(decl: Node) -> bool:
    return any(_path(spec) == "C" for spec in grammar.import_specs_of(decl))


def _path(spec: Node) -> str:
    path = spec.child_by_field_name(F.PATH)
    return (grammar.string_literal_value(path) or "") if path is not None else ""


def _groups(src: bytes, specs: list[Node]) -> list[list[Node]]:
    groups: list[list[Node]] = [[specs[0]]]
    for prev, spec in zip(specs, specs[1:], strict=False):
        between = src[prev.end_byte : spec.start_byte]
        # a blank line between two specs starts a new group
        if between.count(b"\n") >= 2 and b"\n\n" in between.replace(b"\r", b"").replace(b" ", b"").replace(b"\t", b""):
            groups.append([spec])
        else:
            groups[-1].append(spec)
    return groups


def _trailing_text(src: bytes, node: Node) -> bytes:
    """What follows `node` on its line (a comment, say), stripped."""
    return src[node.end_byte : _line_end(src, node.end_byte)].strip()


def _start_with_comments(src: bytes, spec: Node) -> int:
    """The start of `spec`'s line, or of the comment lines right above it that document it."""
    start = _line_start(src, spec.start_byte)
    while start > 0:
        above = _line_start(src, start - 1)
        if not src[above:start].strip().startswith(b"//"):
            break
        start = above
    return start


def _line_start(src: bytes, offset: int) -> int:
    return src.rfind(b"\n", 0, offset) + 1


def _line_end(src: bytes, offset: int) -> int:
    """Where the line holding `offset` ends: before its LF, or before its CRLF."""
    end = src.find(b"\n", offset)
    if end < 0:
        return len(src)
    return end - 1 if end > offset and src[end - 1 : end] == b"\r" else end


def _next_line_start(src: bytes, offset: int) -> int:
    end = src.find(b"\n", offset)
    return len(src) if end < 0 else end + 1
