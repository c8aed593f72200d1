"""Per-package facts: what the package-level declarations of a Go package are.

A package is every file of one folder with the same package clause, so a rule
checking one file still knows the type of a variable, field or function
declared in a sibling file.  The index holds syntax nodes, not types: types are
computed on demand (see `typecheck`), because most of them are never asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from gofixleak.semantics import buildtags, deps
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node, Tree

Derived = TypeVar("Derived")
T = TypeVar("T")


@dataclass(eq=False)
class ParsedFile:
    """One Go file: its bytes, its tree (parsed again on demand when it was let go, see
    `forget_tree`), its package clause and imports, and its top-level declarations."""

    path: str
    src: bytes
    _tree: Tree | None
    package: str | None
    import_path: str  # of the package the file belongs to
    # local name -> import path, for imports usable as `name.X` (not "_" or ".")
    imports: dict[str, str] = field(default_factory=dict)
    dot_imports: list[str] = field(default_factory=list)
    blank_imports: list[str] = field(default_factory=list)
    # what the disk said when the bytes were read (see driver.fileio.Snapshot.stamp), for caches
    stamp: tuple[int, int, int, int] | None = None
    _index: FileIndex | None = field(default=None, repr=False)
    _names: DeclNames | None = field(default=None, repr=False)
    _constraint: buildtags.FileConstraint | None = field(default=None, repr=False)
    _derived: dict[object, object] = field(default_factory=dict, repr=False)

    @property
    def tree(self) -> Tree:
        """The syntax tree (parsed now if the file was kept without it)."""
        if self._tree is None:
            self._tree = grammar.parse(self.src)
        return self._tree

    @property
    def has_tree(self) -> bool:
        return self._tree is not None

    def adopt_names(self, names: DeclNames) -> None:
        """Take the file's top-level names as read before (from a cache), sparing a parse."""
        self._names = names

    def forget_derived(self) -> None:
        """Drop what was built from this file (it is being forgotten: break the references
        back to it, so its tree is freed at once, not by a later garbage collection)."""
        self._derived.clear()

    def forget_tree(self) -> None:
        """Let the tree go (memory: a tree takes about forty times its source).  Only for a file
        nothing has read a node of yet: its names, imports and package clause stay."""
        self.names  # noqa: B018 - read before the tree goes
        self._tree = None
        self._index = None
        self._derived.clear()

    def without_tree(self) -> ParsedFile:
        """A copy without the tree (a new identity: nothing built from this one's nodes applies
        to it), keeping the names, imports and package clause."""
        copy = ParsedFile(
            self.path,
            self.src,
            None,
            self.package,
            self.import_path,
            dict(self.imports),
            list(self.dot_imports),
            list(self.blank_imports),
            self.stamp,
        )
        copy._names, copy._constraint = self.names, self._constraint
        return copy

    @property
    def constraint(self) -> buildtags.FileConstraint:
        """The file's build constraints (name suffixes, `//go:build`), read once."""
        if self._constraint is None:
            self._constraint = buildtags.file_constraint(self.path, self.src)
        return self._constraint

    @property
    def index(self) -> FileIndex:
        """This file's package-level declarations (computed once)."""
        if self._index is None:
            self._index = index_declarations(self)
        return self._index

    @property
    def names(self) -> DeclNames:
        """The names of this file's package-level declarations (kept when the tree is let go)."""
        if self._names is None:
            self._names = declared_names(self.tree)
        return self._names

    def declaration(self, key: tuple[str, ...]) -> ValueDecl | TypeDecl | MethodDecl | None:
        """A declaration by key: ("v", name), ("t", name) or ("m", type, name)."""
        if key[0] == "v" and len(key) == 2:
            return self.index.values.get(key[1])
        if key[0] == "t" and len(key) == 2:
            return self.index.types.get(key[1])
        if key[0] == "m" and len(key) == 3:
            return self.index.methods.get(key[1], {}).get(key[2])
        return None

    def text(self, node: Node) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def derived(self, make: Callable[[ParsedFile], Derived]) -> Derived:
        """What `make` (a class taking the file) builds from this file alone: built once, kept
        as long as the file (symbol tables, name indexes)."""
        return _derive(self._derived, make, self)


def _derive(memo: dict[object, object], make: Callable[[Any], Derived], owner: object) -> Derived:
    found = memo.get(make)
    if found is None:
        found = memo[make] = make(owner)
    return cast(Derived, found)


@dataclass(frozen=True)
class DeclNames:
    """The names a file declares at package level, in order (the first of a name wins)."""

    values: tuple[str, ...]
    types: tuple[str, ...]
    methods: tuple[tuple[str, str], ...]  # (receiver type, method)


@dataclass(eq=False)
class ValueDecl:
    """A package-level var, const or func."""

    name: str
    kind: str  # "var", "const" or "func"
    ident: Node
    file: ParsedFile
    spec: Node
    type_node: Node | None = None
    value: Node | None = None  # the initializer of this name when names and values pair up
    tuple_value: Node | None = None  # `var a, b = f()`: the call, with `index`
    index: int = 0


@dataclass(eq=False)
class TypeDecl:
    name: str
    node: Node  # type_definition or alias_declaration
    file: ParsedFile
    type_node: Node | None
    type_params: Node | None
    is_alias: bool


@dataclass(eq=False)
class MethodDecl:
    name: str
    node: Node
    file: ParsedFile
    receiver_type: str
    pointer_receiver: bool


@dataclass(eq=False)
class FileIndex:
    values: dict[str, ValueDecl] = field(default_factory=dict)
    types: dict[str, TypeDecl] = field(default_factory=dict)
    methods: dict[str, dict[str, MethodDecl]] = field(default_factory=dict)


@dataclass(eq=False)
class PackageFacts:
    """A package's top-level declarations across its files.  `files`, `values`, `types` and
    `methods` report what a check reads of them (see `deps`)."""

    import_path: str
    name: str | None
    files: list[ParsedFile] = field(default_factory=list)
    values: dict[str, ValueDecl] = field(default_factory=dict)
    types: dict[str, TypeDecl] = field(default_factory=dict)
    methods: dict[str, dict[str, MethodDecl]] = field(default_factory=dict)
    _derived: dict[object, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.files = deps.TrackedFiles(self, self.files)
        self.values = deps.TrackedDict(self, "v", (), self.values)
        self.types = deps.TrackedDict(self, "t", (), self.types)
        methods = deps.TrackedDict(self, "M")
        for type_name, bucket in dict.items(self.methods):
            _bucket(methods, type_name).update(bucket)
        self.methods = methods

    def method(self, type_name: str, method: str) -> MethodDecl | None:
        return self.methods.get(type_name, {}).get(method)

    def derived(self, make: Callable[[PackageFacts], Derived]) -> Derived:
        """What `make` builds from these facts (an index): built once, kept with the facts."""
        return _derive(self._derived, make, self)

    def remembered(self, kind: str, key: Hashable, compute: Callable[[], T], cycle: Any = None) -> T:
        """`compute()` kept with these facts for the checks of every file of the package (and of
        packages importing it); each answer replays the reads it was computed from, and a
        question met again while being answered gets `cycle` (see `deps.remembered`)."""
        memo = cast("dict[Any, tuple[Any, deps.Reads]]", self._derived.setdefault(("memo", kind), {}))
        return deps.remembered(memo, key, compute, cycle)

    def file_list(self) -> list[ParsedFile]:
        """The files, read without recording (for building facts and caching)."""
        files = self.files
        return files.untracked() if isinstance(files, deps.TrackedFiles) else list(files)


def _bucket(methods: dict[str, dict[str, MethodDecl]], type_name: str) -> dict[str, MethodDecl]:
    """One type's methods in a package's method table (created, tracked, when missing)."""
    bucket = dict.get(methods, type_name)
    if bucket is None:
        owner = methods.facts if isinstance(methods, deps.TrackedDict) else None
        bucket = deps.TrackedDict(owner, "m", (type_name,)) if owner is not None else {}
        dict.__setitem__(methods, type_name, bucket)
    return bucket


def default_import_name(import_path: str) -> str:
    """The name a package is usually imported as: the last path element without a /vN suffix."""
    parts = [p for p in import_path.split("/") if p]
    if not parts:
        return import_path
    last = parts[-1]
    if len(parts) > 1 and last.startswith("v") and last[1:].isdigit():
        last = parts[-2]
    if last.startswith("gopkg.in") or "." in last:
        last = last.split(".")[0]
    if last.startswith("go-"):
        last = last[3:]
    return last.replace("-", "_")


def read_imports(parsed: ParsedFile, name_of=default_import_name) -> None:
    for spec in grammar.import_specs(parsed.tree):
        path_node = spec.child_by_field_name(F.PATH)
        if path_node is None:
            continue
        path = grammar.string_literal_value(path_node)
        if path is None:
            continue
        name_node = spec.child_by_field_name(F.NAME)
        if name_node is None:
            parsed.imports.setdefault(name_of(path), path)
            continue
        if name_node.type == K.DOT:
            parsed.dot_imports.append(path)
        elif name_node.type == K.BLANK_IDENTIFIER or grammar.text(name_node) == "_":
            parsed.blank_imports.append(path)
        else:
            parsed.imports[grammar.text(name_node)] = path


def receiver_base(receiver: Node | None) -> tuple[str, bool] | None:
    """(type name, pointer?) of a method receiver `(r *T)`, `(T)`, `(l *List[E])`."""
    if receiver is None:
        return None
    params = grammar.named(receiver)
    if not params:
        return None
    type_node = grammar.unparen(params[0].child_by_field_name(F.TYPE))
    pointer = False
    if type_node is not None and type_node.type == K.POINTER_TYPE:
        pointer = True
        inner = grammar.named(type_node)
        type_node = grammar.unparen(inner[0]) if inner else None
    if type_node is not None and type_node.type == K.GENERIC_TYPE:
        type_node = type_node.child_by_field_name(F.TYPE)
    if type_node is None or type_node.type != K.TYPE_IDENTIFIER:
        return None
    return grammar.text(type_node), pointer


def index_declarations(parsed: ParsedFile) -> FileIndex:
    """The package-level declarations of one file."""
    index = FileIndex()
    for decl in grammar.top_level(parsed.tree):
        kind = decl.type
        if kind == K.FUNCTION_DECLARATION:
            name = decl.child_by_field_name(F.NAME)
            if name is not None and grammar.text(name) not in ("init", "_"):
                index.values.setdefault(grammar.text(name), ValueDecl(grammar.text(name), "func", name, parsed, decl))
        elif kind == K.METHOD_DECLARATION:
            base = receiver_base(decl.child_by_field_name(F.RECEIVER))
            name = decl.child_by_field_name(F.NAME)
            if base is not None and name is not None:
                index.methods.setdefault(base[0], {}).setdefault(
                    grammar.text(name),
                    MethodDecl(grammar.text(name), decl, parsed, base[0], base[1]),
                )
        elif kind == K.TYPE_DECLARATION:
            for spec in grammar.named(decl):
                type_decl = type_decl_of(spec, parsed)
                if type_decl is not None:
                    index.types.setdefault(type_decl.name, type_decl)
        elif kind in (K.VAR_DECLARATION, K.CONST_DECLARATION):
            for value in value_decls(decl, parsed):
                index.values.setdefault(value.name, value)
    return index


def declared_names(tree: Tree) -> DeclNames:
    """The names `index_declarations` indexes, in its order, without building declarations."""
    values: dict[str, None] = {}
    types: dict[str, None] = {}
    methods: dict[tuple[str, str], None] = {}
    for decl in grammar.top_level(tree):
        kind = decl.type
        if kind == K.FUNCTION_DECLARATION:
            name = grammar.text(decl.child_by_field_name(F.NAME))
            if name and name not in ("init", "_"):
                values.setdefault(name)
        elif kind == K.METHOD_DECLARATION:
            base = receiver_base(decl.child_by_field_name(F.RECEIVER))
            name_node = decl.child_by_field_name(F.NAME)
            if base is not None and name_node is not None:
                methods.setdefault((base[0], grammar.text(name_node)))
        elif kind == K.TYPE_DECLARATION:
            for spec in grammar.named(decl):
                if spec.type in (K.TYPE_DEFINITION, K.ALIAS_DECLARATION) and spec.child_by_field_name(F.NAME):
                    types.setdefault(grammar.text(spec.child_by_field_name(F.NAME)))
        elif kind in (K.VAR_DECLARATION, K.CONST_DECLARATION):
            for spec in _specs(decl):
                for name_node in grammar.fields(spec, F.NAME):
                    values.setdefault(grammar.text(name_node))
    return DeclNames(tuple(values), tuple(types), tuple(methods))


def index_file(facts: PackageFacts, parsed: ParsedFile, override: bool = False) -> None:
    """Add one file's declarations to the package facts (`override`: its names win).  They are
    entered by name only, the file standing for the declaration until it is read from its
    tree when first used (see `deps.TrackedDict`)."""
    list.append(facts.files, parsed)
    names = parsed.names
    tables: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
        (facts.values, names.values),
        (facts.types, names.types),
    )
    for table, keys in tables:
        _enter(table, keys, parsed, override)
    by_type: dict[str, list[str]] = {}
    for type_name, name in names.methods:
        by_type.setdefault(type_name, []).append(name)
    for type_name, methods in by_type.items():
        _enter(_bucket(facts.methods, type_name), methods, parsed, override)


def _enter(table: dict[str, Any], names: Iterable[str], parsed: ParsedFile, override: bool) -> None:
    if override:
        dict.update(table, dict.fromkeys(names, parsed))
    else:
        dict.update(table, {name: parsed for name in names if not dict.__contains__(table, name)})


def replace_file(facts: PackageFacts, old: ParsedFile | None, new: ParsedFile) -> PackageFacts:
    """A copy of `facts` in which `new` stands in for `old` (another version of the same file)."""
    out = PackageFacts(facts.import_path, new.package or facts.name)
    dict.update(out.values, dict.items(facts.values))
    dict.update(out.types, dict.items(facts.types))
    for type_name, methods in dict.items(facts.methods):
        dict.update(_bucket(out.methods, type_name), dict.items(methods))
    if old is not None:
        names = old.names
        tables: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = (
            (out.values, names.values),
            (out.types, names.types),
        )
        for table, keys in tables:
            for name in keys:
                if _declared_in(table, name, old):
                    dict.__delitem__(table, name)
        for type_name, name in names.methods:
            bucket: dict[str, Any] = dict.get(out.methods, type_name, {})
            if _declared_in(bucket, name, old):
                dict.__delitem__(bucket, name)
    index_file(out, new, override=True)
    others = [f for f in facts.file_list() if f is not old and f.path != new.path]
    list.__init__(out.files, [new, *others])
    return out


def _declared_in(table: dict[str, Any], name: str, file: ParsedFile) -> bool:
    found = dict.get(table, name)
    return found is not None and getattr(found, "file", found) is file  # a declaration, or its file


def type_decl_of(spec: Node, parsed: ParsedFile) -> TypeDecl | None:
    if spec.type not in (K.TYPE_DEFINITION, K.ALIAS_DECLARATION):
        return None
    name = spec.child_by_field_name(F.NAME)
    if name is None:
        return None
    return TypeDecl(
        grammar.text(name),
        spec,
        parsed,
        spec.child_by_field_name(F.TYPE),
        spec.child_by_field_name(F.TYPE_PARAMETERS),
        spec.type == K.ALIAS_DECLARATION,
    )


def value_decls(decl: Node, parsed: ParsedFile) -> list[ValueDecl]:
    """The names a var or const declaration (at any level) declares, with types and values."""
    kind = "var" if decl.type == K.VAR_DECLARATION else "const"
    out: list[ValueDecl] = []
    # const specs without values repeat the previous spec's type and expressions (iota)
    previous_type: Node | None = None
    previous_values: list[Node] = []
    for spec in _specs(decl):
        names = grammar.fields(spec, F.NAME)
        type_node = spec.child_by_field_name(F.TYPE)
        values = grammar.items(spec.child_by_field_name(F.VALUE))
        if kind == "const":
            if values:
                previous_type, previous_values = type_node, values
            else:
                type_node, values = previous_type, previous_values
        for i, name in enumerate(names):
            value = ValueDecl(grammar.text(name), kind, name, parsed, spec, type_node)
            if len(values) == len(names):
                value.value = values[i]
            elif len(values) == 1:
                value.tuple_value, value.index = values[0], i
            out.append(value)
    return out


def _specs(decl: Node) -> list[Node]:
    specs: list[Node] = []
    for child in grammar.named(decl):
        if child.type in (K.VAR_SPEC, K.CONST_SPEC):
            specs.append(child)
        else:  # some grammars wrap grouped specs in a list node
            specs.extend(c for c in grammar.named(child) if c.type in (K.VAR_SPEC, K.CONST_SPEC))
    return specs


def build_package(import_path: str, files: list[ParsedFile]) -> PackageFacts:
    name = next((f.package for f in files if f.package), None)
    facts = PackageFacts(import_path, name)
    for parsed in files:
        index_file(facts, parsed)
    return facts
