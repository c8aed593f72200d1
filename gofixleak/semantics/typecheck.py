"""Types of expressions, computed on demand from the facts index.

This is not a full Go type checker: it answers "what is the type of this
expression?" for the shapes real code has (declared variables and fields,
`:=` from calls, conversions, composite literals, range variables, generic
instantiations, the standard-library API from `stdlib`) and says `None`
when unsure.  A rule treats `None` as "don't know" and stays silent.
"""

from __future__ import annotations

from collections.abc import Callable

from gofixleak.semantics import facts as factsmod
from gofixleak.semantics import gotypes as gt
from gofixleak.semantics import scope as sc
from gofixleak.semantics import stdlib
from gofixleak.semantics.facts import PackageFacts, ParsedFile, TypeDecl
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

_STUB_PACKAGES: dict[str, PackageFacts] = {}


def stub_package(import_path: str) -> PackageFacts | None:
    """The standard-library stub package for `import_path` (parsed once per process)."""
    if import_path in _STUB_PACKAGES:
        return _STUB_PACKAGES[import_path]
    source = stdlib.STUBS.get(import_path)
    if source is None:
        return None
    src = source.encode()
    tree = grammar.parse(src)
    parsed = ParsedFile(f"<stdlib>/{import_path}.go", src, tree, grammar.package_name(tree), import_path)
    factsmod.read_imports(parsed, stub_import_name)
    package = factsmod.build_package(import_path, [parsed])
    _STUB_PACKAGES[import_path] = package
    return package


def stub_import_name(import_path: str) -> str:
    return import_path.rsplit("/", 1)[-1]


class PackageSource:
    """Where packages other than the one being checked come from (see `driver.loader`)."""

    def package(self, import_path: str) -> PackageFacts | None:  # pragma: no cover - interface
        return None


class Program:
    """Types and names for checking one package (and what it imports)."""

    def __init__(self, facts: PackageFacts, source: PackageSource | None = None):
        self.facts = facts
        self.source = source
        self._packages: dict[str, PackageFacts | None] = {facts.import_path: facts}
        self._resolvers: dict[int, sc.Resolver] = {}
        self._types: dict[tuple, gt.Type | None] = {}
        self._busy: set[tuple] = set()

    # --- packages and names -----------------------------------------------------

    def package(self, import_path: str) -> PackageFacts | None:
        if import_path not in self._packages:
            found = stub_package(import_path)
            if found is None and self.source is not None:
                found = self.source.package(import_path)
            self._packages[import_path] = found
        return self._packages[import_path]

    def facts_of(self, file: ParsedFile) -> PackageFacts | None:
        return self.package(file.import_path)

    def resolver(self, file: ParsedFile) -> sc.Resolver:
        resolver = self._resolvers.get(id(file))
        if resolver is None:
            facts = self.facts_of(file) or PackageFacts(file.import_path, file.package)
            resolver = self._resolvers[id(file)] = sc.Resolver(file, facts)
            resolver.names_field = lambda key: self._names_struct_field(key, file)
            resolver.package_facts = self.package
        return resolver

    def _names_struct_field(self, key: Node, file: ParsedFile) -> bool:
        """For the key of a `key: value` literal element: True when it names a struct field (so
        it is no use of a variable).  A literal whose type is unknown (declared in a package we
        cannot load) is taken for a struct: its keys are then almost always field names."""
        literal = key.parent.parent if key.parent is not None else None
        t = self.underlying(self.deref(self.literal_type(literal, file))) if literal is not None else None
        return t is None or isinstance(t, gt.Struct)

    def literal_type(self, literal: Node, file: ParsedFile) -> gt.Type | None:
        """The type of a composite literal's `{...}` value, also where the type is elided
        (`[]T{{...}}`, `map[K]*T{k: {...}}`: the outer literal's element or key type)."""
        parent = literal.parent
        if parent is None:
            return None
        if parent.type == K.COMPOSITE_LITERAL:
            return self.type_from_node(parent.child_by_field_name(F.TYPE), file)
        in_key = parent.type == K.KEYED_ELEMENT and sc.is_child(literal, parent, F.KEY)
        outer = parent.parent if parent.type == K.KEYED_ELEMENT else parent
        if outer is None or outer.type != K.LITERAL_VALUE:
            return None
        container = self.underlying(self.literal_type(outer, file))
        if isinstance(container, gt.Map):
            return container.key if in_key else container.value
        if isinstance(container, (gt.Slice, gt.Array)):
            return container.elem
        return None

    def resolve(self, ident: Node, file: ParsedFile) -> sc.Symbol | None:
        return self.resolver(file).resolve(ident)

    def package_of_selector(self, operand: Node | None, file: ParsedFile) -> str | None:
        """The import path when `operand` (of `operand.X`) names an imported package."""
        if operand is None or operand.type != K.IDENTIFIER:
            return None
        symbol = self.resolve(operand, file)
        if symbol is not None and symbol.kind == sc.PACKAGE:
            return symbol.import_path
        return None

    # --- types of type expressions --------------------------------------------

    def type_from_node(self, node: Node | None, file: ParsedFile) -> gt.Type | None:
        if node is None:
            return None
        return self._memoized("T", node, file, self._type_from_node)

    def _type_from_node(self, node: Node, file: ParsedFile) -> gt.Type | None:
        kind = node.type
        if kind in (K.TYPE_IDENTIFIER, K.IDENTIFIER):
            return self._named_type(grammar.text(node), node, file)
        if kind == K.QUALIFIED_IDENTIFIER:
            pkg = node.child_by_field_name(F.PACKAGE)
            name = node.child_by_field_name(F.NAME)
            if pkg is None or name is None:
                return None
            return self._qualified_type(grammar.text(pkg), grammar.text(name), file)
        if kind == K.SELECTOR_EXPRESSION:  # pkg.T in an expression position
            operand = node.child_by_field_name(F.OPERAND)
            name = node.child_by_field_name(F.FIELD)
            if operand is None or name is None or operand.type != K.IDENTIFIER:
                return None
            symbol = self.resolve(operand, file)
            if symbol is None or symbol.kind != sc.PACKAGE or symbol.import_path is None:
                return None
            return self._member_type(symbol.import_path, grammar.text(name))
        if kind in (K.GENERIC_TYPE, K.INDEX_EXPRESSION):
            base_node = node.child_by_field_name(F.TYPE) or node.child_by_field_name(F.OPERAND)
            base = self.type_from_node(base_node, file)
            if kind == K.GENERIC_TYPE:
                arg_nodes = grammar.named(node.child_by_field_name(F.TYPE_ARGUMENTS))
            else:
                arg_nodes = grammar.fields(node, F.INDEX)
            args = tuple(self.type_from_node(a, file) for a in arg_nodes)
            alias = self._generic_alias(base_node, file)
            if alias is not None:  # `type Set[T any] = map[T]struct{}`: Set[int] is map[int]struct{}
                return subst(base, self._named_mapping(gt.Named("", alias.name, args), alias))
            if isinstance(base, gt.Named):
                return gt.Named(base.package, base.name, args)
            return None
        if kind == K.POINTER_TYPE:
            return gt.Pointer(self.type_from_node(_only(node), file))
        if kind == K.UNARY_EXPRESSION and grammar.operator(node) == "*":
            return gt.Pointer(self.type_from_node(node.child_by_field_name(F.OPERAND), file))
        if kind == K.SLICE_TYPE:
            return gt.Slice(self.type_from_node(node.child_by_field_name(F.ELEMENT), file))
        if kind == K.ARRAY_TYPE:
            return gt.Array(
                self.type_from_node(node.child_by_field_name(F.ELEMENT), file),
                self.constant_int(node.child_by_field_name(F.LENGTH), file),
            )
        if kind == K.IMPLICIT_LENGTH_ARRAY_TYPE:
            return gt.Array(self.type_from_node(node.child_by_field_name(F.ELEMENT), file), None)
        if kind == K.MAP_TYPE:
            return gt.Map(
                self.type_from_node(node.child_by_field_name(F.KEY), file),
                self.type_from_node(node.child_by_field_name(F.VALUE) or node.child_by_field_name(F.ELEMENT), file),
            )
        if kind == K.CHANNEL_TYPE:
            tokens = [c.type for c in node.children if not c.is_named]
            direction = "both"
            if tokens and tokens[0] == "<-":
                direction = "recv"
            elif "<-" in tokens:
                direction = "send"
            return gt.Chan(self.type_from_node(node.child_by_field_name(F.ELEMENT), file), direction)
        if kind in (K.FUNCTION_TYPE, K.FUNCTION_LITERAL, K.FUNCTION_DECLARATION, K.METHOD_DECLARATION, K.METHOD_ELEM):
            return self.signature(node, file)
        if kind == K.STRUCT_TYPE:
            return self._struct(node, file)
        if kind == K.INTERFACE_TYPE:
            return self._interface(node, file)
        if kind in (K.PARENTHESIZED_TYPE, K.PARENTHESIZED_EXPRESSION):
            return self.type_from_node(_only(node), file)
        if kind == K.TYPE_ELEM:
            terms = [n for n in grammar.named(node)]
            if len(terms) == 1 and terms[0].type != K.UNDERLYING_TYPE:
                return self.type_from_node(terms[0], file)
            return gt.Interface(terms=tuple(self._term(t, file) for t in terms))
        if kind == K.UNDERLYING_TYPE:
            return gt.Interface(terms=(self._term(node, file),))
        return None

    def _generic_alias(self, node: Node | None, file: ParsedFile) -> TypeDecl | None:
        """The declaration of the generic alias `node` names (`A` or `pkg.A` of `A[int]`), if it is one."""
        decl = None
        if node is None:
            return None
        if node.type in (K.TYPE_IDENTIFIER, K.IDENTIFIER):
            symbol = self.resolver(file).lookup(grammar.text(node), node)
            decl = symbol.type_decl if symbol is not None and symbol.kind == sc.TYPE else None
        elif node.type in (K.QUALIFIED_IDENTIFIER, K.SELECTOR_EXPRESSION):
            operand = node.child_by_field_name(F.PACKAGE) or node.child_by_field_name(F.OPERAND)
            name = node.child_by_field_name(F.NAME) or node.child_by_field_name(F.FIELD)
            import_path = file.imports.get(grammar.text(operand)) if operand is not None else None
            package = self.package(import_path) if import_path is not None else None
            decl = package.types.get(grammar.text(name)) if package is not None and name is not None else None
        if decl is None or not decl.is_alias or decl.type_params is None:
            return None
        return decl

    def _term(self, node: Node, file: ParsedFile) -> tuple[bool, gt.Type | None]:
        if node.type == K.UNDERLYING_TYPE:
            return True, self.type_from_node(_only(node), file)
        return False, self.type_from_node(node, file)

    def _named_type(self, name: str, at: Node, file: ParsedFile) -> gt.Type | None:
        symbol = self.resolver(file).lookup(name, at)
        if symbol is None or symbol.kind != sc.TYPE:
            return None
        if symbol.where == sc.UNIVERSE:
            return gt.universe_type(name)
        if symbol.where == sc.TYPE_PARAM:
            owner = f"{file.path}:{symbol.scope.start_byte}" if symbol.scope is not None else name
            constraint = None
            if symbol.type_node is not None:
                constraint = self.type_from_node(symbol.type_node, file)
            elif "receiver_generic" in symbol.extra:
                constraint = self._receiver_constraint(symbol, file)
            return gt.TypeParam(name, owner, constraint)
        decl = symbol.type_decl
        if decl is None:
            return None
        if decl.is_alias:
            return self.type_from_node(decl.type_node, decl.file)
        if symbol.where == sc.LOCAL:
            # a type declared inside a function: good enough to know its structure
            return self.type_from_node(decl.type_node, decl.file)
        return gt.Named(decl.file.import_path, name)

    def _receiver_constraint(self, symbol: sc.Symbol, file: ParsedFile) -> gt.Type | None:
        """`func (b *Box[S]) M()`: S is constrained like the i-th type parameter of Box."""
        generic = symbol.extra["receiver_generic"]
        names = [grammar.text(a) for a in grammar.named(generic.child_by_field_name(F.TYPE_ARGUMENTS))]
        base = generic.child_by_field_name(F.TYPE)
        facts = self.facts_of(file)
        decl = facts.types.get(grammar.text(base)) if facts is not None and base is not None else None
        if decl is None or decl.type_params is None or symbol.name not in names:
            return None
        constraints = [
            d.child_by_field_name(F.CONSTRAINT)
            for d in grammar.named(decl.type_params)
            for _ in grammar.fields(d, F.NAME)
        ]
        index = names.index(symbol.name)
        if index >= len(constraints):
            return None
        return self.type_from_node(constraints[index], decl.file)

    def _qualified_type(self, package_name: str, name: str, file: ParsedFile) -> gt.Type | None:
        import_path = file.imports.get(package_name)
        if import_path is None:
            return None
        return self._member_type(import_path, name)

    def _member_type(self, import_path: str, name: str) -> gt.Type | None:
        package = self.package(import_path)
        if package is not None:
            decl = package.types.get(name)
            if decl is not None and decl.is_alias:
                return self.type_from_node(decl.type_node, decl.file)
            if decl is None:
                return None
        return gt.Named(import_path, name)

    def signature(self, node: Node, file: ParsedFile) -> gt.Signature:
        params_node = node.child_by_field_name(F.PARAMETERS)
        result_node = node.child_by_field_name(F.RESULT)
        params, variadic = self._param_types(params_node, file)
        if result_node is None:
            results: tuple = ()
        elif result_node.type == K.PARAMETERS:
            results, _ = self._param_types(result_node, file)
        else:
            results = (self.type_from_node(result_node, file),)
        type_params: tuple[str, ...] = ()
        tp = node.child_by_field_name(F.TYPE_PARAMETERS)
        if tp is not None:
            type_params = tuple(grammar.text(i) for d in grammar.named(tp) for i in grammar.fields(d, F.NAME))
        return gt.Signature(params, results, variadic, type_params)

    def _param_types(self, params: Node | None, file: ParsedFile) -> tuple[tuple, bool]:
        out: list[gt.Type | None] = []
        variadic = False
        for decl in grammar.named(params):
            t = self.type_from_node(decl.child_by_field_name(F.TYPE), file)
            if grammar.has_token(decl, "..."):
                t, variadic = gt.Slice(t), True
            count = max(1, len(grammar.fields(decl, F.NAME)))
            out.extend([t] * count)
        return tuple(out), variadic

    def _struct(self, node: Node, file: ParsedFile) -> gt.Struct:
        fields: list[gt.Field] = []
        for decl in grammar.named(node):
            if decl.type != K.FIELD_DECLARATION:
                continue
            type_node = decl.child_by_field_name(F.TYPE)
            t = self.type_from_node(type_node, file)
            names = grammar.fields(decl, F.NAME)
            if names:
                fields.extend(gt.Field(grammar.text(n), t) for n in names)
            else:
                fields.append(gt.Field(grammar.embedded_field_name(type_node), t, embedded=True))
        return gt.Struct(tuple(fields))

    def _interface(self, node: Node, file: ParsedFile) -> gt.Interface:
        methods: list[tuple[str, gt.Signature]] = []
        embeds: list[gt.Type | None] = []
        terms: list[tuple[bool, gt.Type | None]] = []
        for elem in grammar.named(node):
            if elem.type == K.METHOD_ELEM:
                name = elem.child_by_field_name(F.NAME)
                methods.append((grammar.text(name), self.signature(elem, file)))
            elif elem.type == K.TYPE_ELEM:
                parts = grammar.named(elem)
                if len(parts) == 1 and parts[0].type != K.UNDERLYING_TYPE:
                    embeds.append(self.type_from_node(parts[0], file))
                else:
                    terms.extend(self._term(p, file) for p in parts)
            else:
                embeds.append(self.type_from_node(elem, file))
        return gt.Interface(tuple(methods), tuple(embeds), tuple(terms))

    def constant_int(self, node: Node | None, file: ParsedFile) -> int | None:
        """The value of a small integer constant expression, or None."""
        node = grammar.unparen(node)
        if node is None:
            return None
        if node.type == K.INT_LITERAL:
            try:
                return int(grammar.text(node).replace("_", ""), 0)
            except ValueError:
                return None
        if node.type == K.IDENTIFIER:
            symbol = self.resolve(node, file)
            if symbol is not None and symbol.kind == sc.CONST and symbol.value is not None:
                key = ("C", symbol.key)
                if key in self._busy:
                    return None
                self._busy.add(key)
                try:
                    return self.constant_int(symbol.value, symbol.file or file)
                finally:
                    self._busy.discard(key)
            return None
        if node.type == K.SELECTOR_EXPRESSION:
            return self._package_constant_int(node, file)
        if node.type == K.CALL_EXPRESSION and self._is_builtin(node.child_by_field_name(F.FUNCTION), "len", file):
            args = grammar.named(node.child_by_field_name(F.ARGUMENTS))  # len(prefix), prefix a string constant
            text = self.constant_string(args[0], file) if len(args) == 1 else None
            return None if text is None else len(text.encode("utf-8"))
        if node.type == K.CALL_EXPRESSION and self.conversion_type(node.child_by_field_name(F.FUNCTION), file):
            args = grammar.named(node.child_by_field_name(F.ARGUMENTS))  # time.Duration(5)
            return self.constant_int(args[0], file) if len(args) == 1 else None
        if node.type == K.UNARY_EXPRESSION and grammar.operator(node) in ("-", "+"):
            value = self.constant_int(node.child_by_field_name(F.OPERAND), file)
            return None if value is None else -value if grammar.operator(node) == "-" else value
        if node.type == K.BINARY_EXPRESSION:
            left = self.constant_int(node.child_by_field_name(F.LEFT), file)
            right = self.constant_int(node.child_by_field_name(F.RIGHT), file)
            if left is None or right is None:
                return None
            op = grammar.operator(node)
            try:
                return {
                    "+": lambda: left + right,
                    "-": lambda: left - right,
                    "*": lambda: left * right,
                    "/": lambda: left // right,
                    "<<": lambda: left << right if right < 64 else None,
                    ">>": lambda: left >> right,
                }[op]()
            except (KeyError, ZeroDivisionError):
                return None
        return None

    def constant_string(self, node: Node | None, file: ParsedFile) -> str | None:
        """The value of a string constant expression (literals without escapes, constants,
        concatenations), or None."""
        node = grammar.unparen(node)
        if node is None:
            return None
        if node.type in grammar.STRING_LITERAL_KINDS:
            literal = grammar.text(node)
            return grammar.string_literal_value(node) if "\\" not in literal or literal[0] == "`" else None
        if node.type == K.BINARY_EXPRESSION and grammar.operator(node) == "+":
            left = self.constant_string(node.child_by_field_name(F.LEFT), file)
            right = self.constant_string(node.child_by_field_name(F.RIGHT), file)
            return None if left is None or right is None else left + right
        value, value_file, key = self._constant_decl(node, file)
        if value is None or key in self._busy:
            return None
        self._busy.add(key)
        try:
            return self.constant_string(value, value_file)
        finally:
            self._busy.discard(key)

    def _constant_decl(self, node: Node, file: ParsedFile) -> tuple[Node | None, ParsedFile, tuple]:
        """For a constant's name (`c` or `pkg.C`): its value expression, that expression's file, a key."""
        if node.type == K.IDENTIFIER:
            symbol = self.resolve(node, file)
            if symbol is not None and symbol.kind == sc.CONST and symbol.value is not None:
                return symbol.value, symbol.file or file, ("S", symbol.key)
        elif node.type == K.SELECTOR_EXPRESSION:
            operand = node.child_by_field_name(F.OPERAND)
            import_path = self.package_of_selector(operand, file) if operand is not None else None
            package = self.package(import_path) if import_path else None
            decl = package.values.get(grammar.text(node.child_by_field_name(F.FIELD))) if package else None
            if decl is not None and decl.kind == "const" and decl.value is not None:
                return decl.value, decl.file, ("S", decl.file.path, decl.ident.start_byte)
        return None, file, ()

    def _is_builtin(self, function: Node | None, name: str, file: ParsedFile) -> bool:
        function = grammar.unparen(function)
        if function is None or function.type != K.IDENTIFIER or grammar.text(function) != name:
            return False
        symbol = self.resolve(function, file)
        return symbol is not None and symbol.kind == sc.BUILTIN

    def _package_constant_int(self, node: Node, file: ParsedFile) -> int | None:
        """`pkg.Const` (time.Second): the constant's value, evaluated in its own package."""
        operand = node.child_by_field_name(F.OPERAND)
        import_path = self.package_of_selector(operand, file) if operand is not None else None
        package = self.package(import_path) if import_path else None
        decl = package.values.get(grammar.text(node.child_by_field_name(F.FIELD))) if package else None
        if decl is None or decl.kind != "const" or decl.value is None:
            return None
        key = ("C", decl.file.path, decl.ident.start_byte)
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            return self.constant_int(decl.value, decl.file)
        finally:
            self._busy.discard(key)

    # --- named types ------------------------------------------------------------

    def type_decl(self, named: gt.Named) -> TypeDecl | None:
        package = self.package(named.package) if named.package else None
        return package.types.get(named.name) if package is not None else None

    def _type_param_owner(self, decl: TypeDecl) -> str:
        return f"{decl.file.path}:{decl.node.start_byte}"

    def _named_mapping(self, named: gt.Named, decl: TypeDecl) -> dict:
        if not named.args or decl.type_params is None:
            return {}
        names = [grammar.text(i) for d in grammar.named(decl.type_params) for i in grammar.fields(d, F.NAME)]
        owner = self._type_param_owner(decl)
        return {(n, owner): a for n, a in zip(names, named.args, strict=False)}

    def underlying(self, t: gt.Type | None, depth: int = 0) -> gt.Type | None:
        """The underlying type; for a type parameter, its core type when it has one."""
        if depth > 20:
            return None
        if isinstance(t, gt.Named):
            if t.package == "" and t.name == "error":
                return gt.ERROR_INTERFACE
            decl = self.type_decl(t)
            if decl is None:
                return None
            inner = self.type_from_node(decl.type_node, decl.file)
            inner = subst(inner, self._named_mapping(t, decl))
            return self.underlying(inner, depth + 1)
        if isinstance(t, gt.TypeParam):
            return self.core_type(t.constraint, depth + 1)
        return t

    def core_type(self, constraint: gt.Type | None, depth: int = 0) -> gt.Type | None:
        """The single underlying type all of a constraint's terms share, if any."""
        iface = self.underlying(constraint, depth + 1) if isinstance(constraint, gt.Named) else constraint
        if not isinstance(iface, gt.Interface):
            return self.underlying(constraint, depth + 1) if constraint is not None else None
        cores = set()
        for _, term in iface.terms:
            cores.add(self.underlying(term, depth + 1))
        for embed in iface.embeds:
            core = self.core_type(embed, depth + 1)
            if core is not None:
                cores.add(core)
        if len(cores) == 1:
            return cores.pop()
        return None

    def deref(self, t: gt.Type | None) -> gt.Type | None:
        under = self.underlying(t)
        if isinstance(under, gt.Pointer):
            return under.elem
        return t

    def is_pointer(self, t: gt.Type | None) -> bool:
        return isinstance(self.underlying(t), gt.Pointer)

    def is_string(self, t: gt.Type | None) -> bool:
        return gt.is_string_basic(self.underlying(t))

    def field_type(self, t: gt.Type | None, name: str) -> gt.Type | None:
        """The type of field `name` of struct (or pointer to struct) `t`, promoted fields included."""
        found = self._lookup_field(t, name, 0, set())
        return found

    def _lookup_field(self, t: gt.Type | None, name: str, depth: int, seen: set) -> gt.Type | None:
        if depth > 6:
            return None
        base = self.deref(t)
        if isinstance(base, gt.Named):
            if base in seen:
                return None
            seen = seen | {base}
        struct = self.underlying(base)
        if not isinstance(struct, gt.Struct):
            return None
        for f in struct.fields:
            if f.name == name:
                return f.type
        for f in struct.fields:
            if f.embedded:
                found = self._lookup_field(f.type, name, depth + 1, seen)
                if found is not None:
                    return found
        return None

    def embedding_path(self, t: gt.Type | None, name: str) -> tuple[gt.Type | None, ...] | None:
        """The types of the embedded fields a selector `x.name` on a `t` goes through to reach
        field `name` (empty for a field of `t` itself), shallowest first as in Go; None if not found."""
        level: list[tuple[gt.Type | None, tuple]] = [(t, ())]
        seen: set = set()
        for _ in range(7):
            following: list[tuple[gt.Type | None, tuple]] = []
            for current, path in level:
                base = self.deref(current)
                if isinstance(base, gt.Named):
                    if base in seen:
                        continue
                    seen.add(base)
                struct = self.underlying(base)
                if not isinstance(struct, gt.Struct):
                    continue
                if any(f.name == name for f in struct.fields):
                    return path
                following.extend((f.type, path + (f.type,)) for f in struct.fields if f.embedded)
            if not following:
                return None
            level = following
        return None

    def method(self, t: gt.Type | None, name: str, depth: int = 0) -> gt.Signature | None:
        """The signature of method `name` in the method set of `t` (or `*t`)."""
        if t is None or depth > 6:
            return None
        base = self.deref(t)
        if isinstance(base, gt.Named):
            package = self.package(base.package) if base.package else None
            if package is not None:
                decl = package.method(base.name, name)
                if decl is not None:
                    sig = self.type_from_node(decl.node, decl.file)
                    return subst(sig, self._method_mapping(base, decl))  # type: ignore[return-value]
        under = self.underlying(base)
        if isinstance(under, gt.Interface):
            return self._interface_method(under, name, depth)
        if isinstance(under, gt.Struct):
            for f in under.fields:
                if f.embedded:
                    found = self.method(f.type, name, depth + 1)
                    if found is not None:
                        return found
        return None

    def _interface_method(self, iface: gt.Interface, name: str, depth: int) -> gt.Signature | None:
        for method_name, sig in iface.methods:
            if method_name == name:
                return sig
        for embed in iface.embeds:
            under = self.underlying(embed)
            if isinstance(under, gt.Interface):
                found = self._interface_method(under, name, depth + 1)
                if found is not None:
                    return found
        return None

    def interface_method_names(self, iface: gt.Type | None, depth: int = 0) -> frozenset[str] | None:
        """The names of all methods of an interface type, embedded interfaces included (None if unknown)."""
        under = self.underlying(iface)
        if not isinstance(under, gt.Interface) or depth > 6:
            return None
        names = {name for name, _ in under.methods}
        for embed in under.embeds:
            inner = self.interface_method_names(embed, depth + 1)
            if inner is None:
                return None
            names |= inner
        return frozenset(names)

    def implements(self, t: gt.Type | None, iface: gt.Type | None) -> bool:
        """Whether `t`'s method set (or `*t`'s, for a named type) has every method of `iface`, by name.

        Signatures are not compared: enough to recognise `heap.Interface` or
        `sort.Interface` implementers, not a full assignability check.
        """
        names = self.interface_method_names(iface)
        if t is None or names is None:
            return False
        return all(self.method(t, name) is not None for name in names)

    def _method_mapping(self, named: gt.Named, decl: factsmod.MethodDecl) -> dict:
        if not named.args:
            return {}
        receiver = decl.node.child_by_field_name(F.RECEIVER)
        generics = grammar.find_all(receiver, (K.GENERIC_TYPE,)) if receiver is not None else []
        if not generics:
            return {}
        names = [grammar.text(a) for a in grammar.named(generics[0].child_by_field_name(F.TYPE_ARGUMENTS))]
        owner = f"{decl.file.path}:{decl.node.start_byte}"
        return {(n, owner): a for n, a in zip(names, named.args, strict=False)}

    # --- types of expressions ---------------------------------------------------

    def type_of(self, node: Node | None, file: ParsedFile) -> gt.Type | None:
        """The type of expression `node`; a call with several results gives a `Tuple`."""
        if node is None:
            return None
        return self._memoized("E", node, file, self._type_of)

    def _memoized(
        self, kind: str, node: Node, file: ParsedFile, compute: Callable[[Node, ParsedFile], gt.Type | None]
    ) -> gt.Type | None:
        """`compute(node, file)`, once per node; None while it is being computed (a type that
        refers to itself, `type T []T`, or an expression whose type needs its own)."""
        key = (kind, file.path, node.start_byte, node.end_byte, node.type)
        if key in self._types:
            return self._types[key]
        if key in self._busy:
            return None
        self._busy.add(key)
        try:
            result = compute(node, file)
        finally:
            self._busy.discard(key)
        self._types[key] = result
        return result

    def value_type(self, node: Node | None, file: ParsedFile) -> gt.Type | None:
        """Like `type_of`, but untyped constants get their default type."""
        return gt.default_type(self.type_of(node, file))

    def _type_of(self, node: Node, file: ParsedFile) -> gt.Type | None:
        kind = node.type
        if kind == K.IDENTIFIER:
            symbol = self.resolve(node, file)
            return self.symbol_type(symbol, node) if symbol is not None else None
        if kind in grammar.STRING_LITERAL_KINDS:
            return gt.UNTYPED_STRING
        if kind == K.INT_LITERAL:
            return gt.UNTYPED_INT
        if kind == K.FLOAT_LITERAL:
            return gt.UNTYPED_FLOAT
        if kind == K.RUNE_LITERAL:
            return gt.UNTYPED_RUNE
        if kind == K.PARENTHESIZED_EXPRESSION:
            return self.type_of(_only(node), file)
        if kind == K.SELECTOR_EXPRESSION:
            return self._selector_type(node, file)
        if kind == K.CALL_EXPRESSION:
            return self._call_type(node, file)
        if kind == K.INDEX_EXPRESSION:
            return self._index_type(node, file)
        if kind == K.SLICE_EXPRESSION:
            operand = self.type_of(node.child_by_field_name(F.OPERAND), file)
            under = self.underlying(operand)
            if isinstance(under, gt.Basic) and under.name == "untyped string":
                return gt.STRING
            if isinstance(under, gt.Pointer):
                under = self.underlying(under.elem)
            if isinstance(under, gt.Array):
                return gt.Slice(under.elem)
            return operand
        if kind == K.TYPE_ASSERTION_EXPRESSION:
            return self.type_from_node(node.child_by_field_name(F.TYPE), file)
        if kind == K.COMPOSITE_LITERAL:
            return self.type_from_node(node.child_by_field_name(F.TYPE), file)
        if kind == K.FUNCTION_LITERAL:
            return self.signature(node, file)
        if kind == K.UNARY_EXPRESSION:
            op = grammar.operator(node)
            t = self.type_of(node.child_by_field_name(F.OPERAND), file)
            if op == "&":
                return gt.Pointer(t) if t is not None else None
            if op == "*":
                under = self.underlying(t)
                return under.elem if isinstance(under, gt.Pointer) else None
            if op == "<-":
                under = self.underlying(t)
                return under.elem if isinstance(under, gt.Chan) else None
            if op == "!":
                return gt.BOOL
            return t
        if kind == K.BINARY_EXPRESSION:
            op = grammar.operator(node)
            if op in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
                return gt.BOOL
            left = self.type_of(node.child_by_field_name(F.LEFT), file)
            if op in ("<<", ">>"):
                return left
            right = self.type_of(node.child_by_field_name(F.RIGHT), file)
            if left is None or gt.is_untyped(left):
                return right if right is not None and not gt.is_untyped(right) else left or right
            return left
        return None

    def _selector_type(self, node: Node, file: ParsedFile) -> gt.Type | None:
        operand = node.child_by_field_name(F.OPERAND)
        name_node = node.child_by_field_name(F.FIELD)
        if operand is None or name_node is None:
            return None
        name = grammar.text(name_node)
        import_path = self.package_of_selector(operand, file)
        if import_path is not None:
            package = self.package(import_path)
            if package is None:
                return None
            value = package.values.get(name)
            if value is None:
                return None
            resolver = self.resolver(value.file)
            return self.symbol_type(resolver.package_symbol(name), value.ident)
        base = self.type_of(operand, file)
        if base is None:
            # a method expression T.M or (*T).M
            return None
        found = self.field_type(base, name)
        if found is not None:
            return found
        return self.method(base, name)

    def _index_type(self, node: Node, file: ParsedFile) -> gt.Type | None:
        operand = node.child_by_field_name(F.OPERAND)
        t = self.type_of(operand, file)
        under = self.underlying(t)
        if isinstance(under, gt.Pointer):
            under = self.underlying(under.elem)
        if isinstance(under, (gt.Slice, gt.Array)):
            return under.elem
        if isinstance(under, gt.Map):
            return under.value
        if isinstance(under, gt.Basic) and under.name in ("string", "untyped string"):
            return gt.UINT8
        if isinstance(under, gt.Signature) and under.type_params:
            # explicit instantiation F[int]: a function value
            return under
        return None

    def _call_type(self, node: Node, file: ParsedFile) -> gt.Type | None:
        function = grammar.unparen(node.child_by_field_name(F.FUNCTION))
        args = grammar.named(node.child_by_field_name(F.ARGUMENTS))
        if function is None:
            return None
        conversion = self.conversion_type(function, file)
        if conversion is not None:
            return conversion
        if function.type == K.IDENTIFIER:
            symbol = self.resolve(function, file)
            if symbol is not None and symbol.kind == sc.BUILTIN:
                return self._builtin_call(grammar.text(function), args, file)
        sig = self.underlying(self.type_of(function, file))
        if not isinstance(sig, gt.Signature):
            return None
        results = sig.results
        if sig.type_params:
            mapping = self._infer_type_args(sig, function, args, file)
            results = tuple(subst(r, mapping) for r in results)
        if len(results) == 1:
            return results[0]
        if not results:
            return None
        return gt.Tuple(results)

    def conversion_type(self, function: Node | None, file: ParsedFile) -> gt.Type | None:
        """When `function(...)` is a conversion, the target type."""
        function = grammar.unparen(function)
        if function is None:
            return None
        if function.type in grammar.TYPE_KINDS and function.type != K.TYPE_IDENTIFIER:
            return self.type_from_node(function, file)
        if function.type == K.IDENTIFIER:
            symbol = self.resolve(function, file)
            if symbol is not None and symbol.kind == sc.TYPE:
                return self.type_from_node(function, file)
            return None
        if function.type == K.SELECTOR_EXPRESSION:
            operand = function.child_by_field_name(F.OPERAND)
            if operand is not None and self.package_of_selector(operand, file) is not None:
                import_path = self.package_of_selector(operand, file)
                package = self.package(import_path) if import_path else None
                name = grammar.text(function.child_by_field_name(F.FIELD))
                if package is not None and name in package.types:
                    return self.type_from_node(function, file)
            return None
        if function.type == K.UNARY_EXPRESSION and grammar.operator(function) == "*":
            inner = self.conversion_type(function.child_by_field_name(F.OPERAND), file)
            return gt.Pointer(inner) if inner is not None else None
        if function.type == K.INDEX_EXPRESSION:
            base = function.child_by_field_name(F.OPERAND)
            if base is not None and self.conversion_type(base, file) is not None:
                return self.type_from_node(function, file)
        return None

    def _builtin_call(self, name: str, args: list[Node], file: ParsedFile) -> gt.Type | None:
        if name in ("len", "cap", "copy"):
            return gt.INT
        if name in ("append", "min", "max") and args:
            t = self.type_of(args[0], file)
            if name != "append" or not gt.is_untyped(t):
                return t
            return None
        if name == "make" and args:
            return self.type_from_node(args[0], file)
        if name == "new" and args:
            as_type = (
                self.type_from_node(args[0], file)
                if args[0].type in grammar.TYPE_KINDS
                or (args[0].type == K.IDENTIFIER and self._names_type(args[0], file))
                else None
            )
            if as_type is not None:
                return gt.Pointer(as_type)
            return gt.Pointer(self.value_type(args[0], file))
        if name == "recover":
            return gt.ANY
        if name in ("real", "imag"):
            return gt.Basic("float64")
        if name == "complex":
            return gt.Basic("complex128")
        return None

    def _names_type(self, ident: Node, file: ParsedFile) -> bool:
        symbol = self.resolve(ident, file)
        return symbol is not None and symbol.kind == sc.TYPE

    def _infer_type_args(self, sig: gt.Signature, function: Node, args: list[Node], file: ParsedFile) -> dict:
        mapping: dict = {}
        for param, arg in zip(sig.params, args, strict=False):
            _unify(param, self.value_type(arg, file), mapping, self)
        return mapping

    def symbol_type(self, symbol: sc.Symbol | None, at: Node | None = None) -> gt.Type | None:
        """The type of a variable, constant or function symbol."""
        if symbol is None or symbol.kind in (sc.TYPE, sc.PACKAGE, sc.BUILTIN):
            return None
        if symbol.kind == sc.NIL:
            return gt.UNTYPED_NIL
        if symbol.where == sc.UNIVERSE:
            if symbol.name in ("true", "false"):
                return gt.UNTYPED_BOOL
            if symbol.name == "iota":
                return gt.UNTYPED_INT
            return None
        file = symbol.file
        if file is None:
            return None
        if symbol.kind == sc.FUNC and symbol.value_decl is not None:
            return self.type_from_node(symbol.value_decl.spec, file)
        if symbol.type_node is not None:
            t = self.type_from_node(symbol.type_node, file)
            return gt.Slice(t) if symbol.variadic else t
        if symbol.value is not None:
            t = self.type_of(symbol.value, file)
            return t if symbol.kind == sc.CONST else gt.default_type(t)
        if symbol.tuple_value is not None:
            return self._tuple_item(symbol.tuple_value, symbol.index, file)
        if symbol.range_clause is not None:
            return self._range_item(symbol.range_clause, symbol.index, file)
        if symbol.type_switch is not None:
            return self._type_switch_binding(symbol, file)
        return None

    def _tuple_item(self, value: Node | None, index: int, file: ParsedFile) -> gt.Type | None:
        value = grammar.unparen(value)
        if value is None:
            return None
        t = self.type_of(value, file)
        if isinstance(t, gt.Tuple):
            return t.items[index] if index < len(t.items) else None
        if value.type == K.CALL_EXPRESSION:
            return None  # a call whose results we do not know: not a comma-ok form
        # comma-ok forms: m[k], x.(T), <-ch
        if index == 1:
            return gt.BOOL
        return t

    def _range_item(self, clause: Node, index: int, file: ParsedFile) -> gt.Type | None:
        t = self.type_of(clause.child_by_field_name(F.RIGHT), file)
        under = self.underlying(t)
        if isinstance(under, gt.Pointer):
            under = self.underlying(under.elem)
        if isinstance(under, gt.Basic):
            if under.name in ("string", "untyped string"):
                return gt.INT if index == 0 else gt.INT32
            if under.name == "untyped int":
                return gt.INT
            return t
        if isinstance(under, (gt.Slice, gt.Array)):
            return gt.INT if index == 0 else under.elem
        if isinstance(under, gt.Map):
            return under.key if index == 0 else under.value
        if isinstance(under, gt.Chan):
            return under.elem
        if isinstance(under, gt.Signature) and under.params:
            yield_sig = self.underlying(under.params[0])
            if isinstance(yield_sig, gt.Signature) and index < len(yield_sig.params):
                return yield_sig.params[index]
        return None

    def _type_switch_binding(self, symbol: sc.Symbol, file: ParsedFile) -> gt.Type | None:
        switch = symbol.type_switch
        clause = symbol.case_clause
        if clause is not None:
            types = grammar.fields(clause, F.TYPE)
            if len(types) == 1 and grammar.text(types[0]) != "nil":
                return self.type_from_node(types[0], file)
        return self.type_of(switch.child_by_field_name(F.OPERAND), file) if switch is not None else None


def _only(node: Node) -> Node | None:
    inner = grammar.named(node)
    return inner[0] if inner else None


def subst(t: gt.Type | None, mapping: dict) -> gt.Type | None:
    """Replace type parameters (keyed by (name, owner)) with type arguments."""
    if not mapping or t is None:
        return t
    if isinstance(t, gt.TypeParam):
        return mapping.get((t.name, t.owner), mapping.get(t.name, t))
    if isinstance(t, gt.Named):
        return gt.Named(t.package, t.name, tuple(subst(a, mapping) for a in t.args)) if t.args else t
    if isinstance(t, gt.Pointer):
        return gt.Pointer(subst(t.elem, mapping))
    if isinstance(t, gt.Slice):
        return gt.Slice(subst(t.elem, mapping))
    if isinstance(t, gt.Array):
        return gt.Array(subst(t.elem, mapping), t.length)
    if isinstance(t, gt.Map):
        return gt.Map(subst(t.key, mapping), subst(t.value, mapping))
    if isinstance(t, gt.Chan):
        return gt.Chan(subst(t.elem, mapping), t.direction)
    if isinstance(t, gt.Signature):
        return gt.Signature(
            tuple(subst(p, mapping) for p in t.params),
            tuple(subst(r, mapping) for r in t.results),
            t.variadic,
            t.type_params,
        )
    if isinstance(t, gt.Struct):
        return gt.Struct(tuple(gt.Field(f.name, subst(f.type, mapping), f.embedded) for f in t.fields))
    if isinstance(t, gt.Tuple):
        return gt.Tuple(tuple(subst(i, mapping) for i in t.items))
    return t


def _unify(param: gt.Type | None, arg: gt.Type | None, mapping: dict, program: Program) -> None:
    """Bind the type parameters in `param` so that it matches `arg` (simple structural match)."""
    if param is None or arg is None:
        return
    if isinstance(param, gt.TypeParam):
        mapping.setdefault((param.name, param.owner), arg)
        # S ~[]E: learn E from the argument's underlying slice type too
        core = program.core_type(param.constraint)
        if core is not None and not isinstance(core, gt.TypeParam):
            _unify(core, program.underlying(arg), mapping, program)
        return
    if type(param) is not type(arg):
        return
    if isinstance(param, (gt.Pointer, gt.Slice)) and isinstance(arg, (gt.Pointer, gt.Slice)):
        _unify(param.elem, arg.elem, mapping, program)
    elif isinstance(param, gt.Map) and isinstance(arg, gt.Map):
        _unify(param.key, arg.key, mapping, program)
        _unify(param.value, arg.value, mapping, program)
    elif isinstance(param, gt.Chan) and isinstance(arg, gt.Chan):
        _unify(param.elem, arg.elem, mapping, program)
