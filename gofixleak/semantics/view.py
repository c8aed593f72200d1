"""One file seen with its package: source, tree, Go version, names and types.

The analysis layer asks its questions through this view; the engine's rule
`Context` extends it with the builders of findings and fixes.  Name
resolution and types are computed lazily, across all files of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from gofixleak.semantics import gotypes, scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.goversion import GoVersion
from gofixleak.semantics.typecheck import Program
from gofixleak.syntax import grammar, lines
from gofixleak.syntax.grammar import Node, Tree


class FileView:
    def __init__(
        self,
        path: str,
        src: bytes,
        tree: Tree,
        version: GoVersion,
        parsed: ParsedFile,
        program: Callable[[], Program],
        options: dict[str, object] | None = None,
    ):
        self.path = path
        self.src = src
        self.tree = tree
        self.version = version
        self.file = parsed
        self._make_program = program
        self.options = options or {}

    # --- the program --------------------------------------------------------------

    @cached_property
    def program(self) -> Program:
        return self._make_program()

    @property
    def root(self) -> Node:
        return self.tree.root_node

    def text(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def find(self, *kinds: str, within: Node | None = None) -> list[Node]:
        return grammar.find_all(within or self.root, kinds)

    def resolve(self, ident: Node) -> scope.Symbol | None:
        return self.program.resolve(ident, self.file)

    def lookup(self, name: str, at: Node) -> scope.Symbol | None:
        return self.program.resolver(self.file).lookup(name, at)

    def uses(self, symbol: scope.Symbol, within: Node) -> list[Node]:
        return self.program.resolver(self.file).uses(symbol, within)

    def references(self, symbol: scope.Symbol, within: Node) -> list[Node]:
        """The uses of `symbol` within `within`, its declaring identifier left out."""
        decl = symbol.decl
        return [u for u in self.uses(symbol, within) if decl is None or u.id != decl.id]

    def type_of(self, node: Node | None) -> gotypes.Type | None:
        return self.program.type_of(node, self.file)

    def package_files(self) -> list[ParsedFile]:
        """Every file of the package, this one as it is being checked (not its disk copy)."""
        facts = self.program.facts
        files = list(facts.files) if facts is not None else []
        if not any(f.path == self.file.path for f in files):
            files.append(self.file)
        return [self.file if f.path == self.file.path else f for f in files]

    def value_type(self, node: Node | None) -> gotypes.Type | None:
        return self.program.value_type(node, self.file)

    def underlying(self, t: gotypes.Type | None) -> gotypes.Type | None:
        return self.program.underlying(t)

    def is_string(self, node: Node | None) -> bool:
        return self.program.is_string(self.type_of(node))

    def option(self, name: str, default: object = None) -> object:
        return self.options.get(name, default)

    def sibling(self, parsed: ParsedFile) -> FileView:
        """A view of another file of the same program, at this file's Go version."""
        if parsed is self.file:
            return self
        views = self.__dict__.setdefault("_siblings", {})
        view = views.get(id(parsed))
        if view is None:
            view = views[id(parsed)] = FileView(
                parsed.path, parsed.src, parsed.tree, self.version, parsed, lambda: self.program
            )
        return view

    # --- names the fix may use ------------------------------------------------------

    def import_name(self, import_path: str, at: Node) -> str | None:
        """The name to write `import_path`'s members with at `at`, or None if it cannot be used.

        An existing import (renamed or not) is reused.  Otherwise the package's
        default name is used (the engine adds the import) unless something in
        scope or at package level already takes that name.
        """
        for name, path in self.file.imports.items():
            if path == import_path:
                symbol = self.lookup(name, at)
                if symbol is not None and symbol.kind == scope.PACKAGE and symbol.import_path == import_path:
                    return name
                return None
        name = import_path.rsplit("/", 1)[-1]
        if name in self.file.imports:
            return None
        if self.lookup(name, at) is not None:
            return None
        return name

    def name_is_free(self, name: str, at: Node) -> bool:
        """True when `name` declares nothing visible at `at` (so a new declaration shadows nothing)."""
        return self.lookup(name, at) is None and name not in self.file.imports

    def fresh_name(self, base: str, at: Node, within: Node | None = None) -> str:
        """A name like `base`, `base2`, ... that is not visible at `at` nor used inside `within`."""
        used: set[str] = set()
        if within is not None:
            used = {self.text(n) for n in grammar.find_all(within, (grammar.K.IDENTIFIER,))}
        candidate, n = base, 1
        while candidate in used or not self.name_is_free(candidate, at):
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def qualifier(self, at: Node) -> Callable[[str], str | None]:
        """For spelling types: the prefix for a package's names at `at` ("" for this package)."""

        def qualify(import_path: str) -> str | None:
            if import_path == self.file.import_path:
                return ""
            name = next((n for n, p in self.file.imports.items() if p == import_path), None)
            if name is None:
                return None
            symbol = self.lookup(name, at)
            return name if symbol is not None and symbol.kind == scope.PACKAGE else None

        return qualify

    def spell(self, t: gotypes.Type | None, at: Node) -> str | None:
        return gotypes.spell(t, self.qualifier(at))

    # --- layout ---------------------------------------------------------------------

    def line_start(self, offset: int) -> int:
        return self.src.rfind(b"\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        end = self.src.find(b"\n", offset)
        return len(self.src) if end < 0 else end

    def indent_of(self, node: Node) -> str:
        """The leading whitespace of the line `node` starts on."""
        start = self.line_start(node.start_byte)
        end = start
        while end < len(self.src) and self.src[end : end + 1] in (b" ", b"\t"):
            end += 1
        return self.src[start:end].decode()

    def line_of(self, offset: int) -> int:
        return lines.line_of(self.src, offset)
