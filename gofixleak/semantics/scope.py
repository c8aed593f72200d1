"""Name resolution: which declaration an identifier refers to.

Go's scoping is lexical, so resolution walks outwards from the identifier:
the declarations in each enclosing block that end before it, the init
statements of if/for/switch, a select case's receive, a type switch binding,
function parameters and results, then the package (all its files), the file's
imports and finally the universe.  Rules ask questions like "is this `s` the
parameter `s` or a local that shadows it?" and "where else is this ticker used?".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gofixleak.semantics import gotypes, index
from gofixleak.semantics.facts import PackageFacts, ParsedFile, TypeDecl, ValueDecl, type_decl_of, value_decls
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

# Symbol kinds
VAR = "var"
CONST = "const"
TYPE = "type"
FUNC = "func"
PACKAGE = "package"
BUILTIN = "builtin"
NIL = "nil"

# Where a symbol is declared
LOCAL = "local"
PARAM = "param"
RESULT = "result"
RECEIVER = "receiver"
PACKAGE_LEVEL = "package"
FILE = "file"
UNIVERSE = "universe"
TYPE_PARAM = "typeparam"
IMPORTED = "imported"  # a type of a dot-imported package (`import . "pkg"`)


@dataclass(eq=False)
class Symbol:
    name: str
    kind: str
    where: str
    file: ParsedFile | None = None
    decl: Node | None = None  # the declaring identifier
    scope: Node | None = None  # the node the declaration is visible in
    func: Node | None = None  # for locals and parameters: the function they belong to
    type_node: Node | None = None
    value: Node | None = None
    tuple_value: Node | None = None  # `a, b := f()`, `v, ok := m[k]`: the one right-hand side
    index: int = 0
    range_clause: Node | None = None  # `for k, v := range x`: index 0 is k, 1 is v
    type_switch: Node | None = None  # `switch v := x.(type)`: the statement
    case_clause: Node | None = None  # ... and the clause this use sits in
    variadic: bool = False
    import_path: str | None = None
    value_decl: ValueDecl | None = None
    type_decl: TypeDecl | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        if self.decl is not None and self.file is not None:
            return (self.file.path, self.decl.start_byte, self.name, self.case_clause_key)
        return (self.kind, self.where, self.name, self.import_path)

    @property
    def case_clause_key(self) -> int | None:
        return self.case_clause.start_byte if self.case_clause is not None else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Symbol) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def is_local(self) -> bool:
        return self.where in (LOCAL, PARAM, RESULT, RECEIVER)

    @property
    def is_package_var(self) -> bool:
        return self.where == PACKAGE_LEVEL and self.kind == VAR


def is_child(node: Node, parent: Node, field_name: str) -> bool:
    return any(c.id == node.id for c in parent.children_by_field_name(field_name))


def is_written(ident: Node) -> bool:
    """A use that may change the variable: an assignment or `:=` target, `x++`, a range or receive target, `&x`."""
    parent = ident.parent
    if parent is None:
        return False
    if parent.type == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
        return True
    if parent.type == K.INC_DEC_STATEMENT:
        return True
    if parent.type == K.EXPRESSION_LIST and parent.parent is not None:
        owner = parent.parent
        if owner.type in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, K.RANGE_CLAUSE, K.RECEIVE_STATEMENT):
            return is_child(parent, owner, F.LEFT)
    return False


class Resolver:
    """Resolves identifiers of one file against its package.

    What a name means inside the file's functions depends on that file alone, so it is worked
    out once per file (`LocalScopes`) and shared by every resolver of the file; only names
    that reach package level are looked up in this resolver's package facts."""

    def __init__(self, file: ParsedFile, facts: PackageFacts):
        self.file = file
        self.facts = facts
        self.scopes = local_scopes(file)
        self._cache: dict[tuple[int, int], Symbol | None] = {}
        # whether the key of a `key: value` literal element names a struct field (which needs
        # the literal's type: the type checker sets it); without it keys resolve like names
        self.names_field: Callable[[Node], bool] | None = None
        # the facts of an imported package by import path (for dot imports; the type checker sets it)
        self.package_facts: Callable[[str], PackageFacts | None] | None = None

    # --- public ---------------------------------------------------------------

    def resolve(self, ident: Node) -> Symbol | None:
        """The declaration `ident` refers to (or declares), or None when unknown."""
        key = (ident.start_byte, ident.end_byte)
        if key in self._cache:
            return self._cache[key]
        if self._is_field_key(ident):
            self._cache[key] = None  # `T{name: name}`: the first `name` is T's field
            return None
        symbol = self.definition(ident)
        if symbol is None:
            symbol = self.lookup(grammar.text(ident), ident)
        self._cache[key] = symbol
        return symbol

    def _is_field_key(self, ident: Node) -> bool:
        parent = ident.parent
        if parent is None or parent.type != K.KEYED_ELEMENT or self.names_field is None:
            return False
        return is_child(ident, parent, F.KEY) and self.names_field(ident)

    def lookup(self, name: str, at: Node) -> Symbol | None:
        """The declaration of `name` visible at node `at`."""
        if name == "_":
            return None
        symbol = self.scopes.lookup(name, at)
        if symbol is not None:
            return symbol
        return self.package_symbol(name)

    def package_symbol(self, name: str) -> Symbol | None:
        value = self.facts.values.get(name)
        if value is not None:
            return _from_value_decl(value)
        type_decl = self.facts.types.get(name)
        if type_decl is not None:
            return Symbol(
                name,
                TYPE,
                PACKAGE_LEVEL,
                type_decl.file,
                type_decl.node.child_by_field_name(F.NAME),
                type_decl=type_decl,
            )
        if name in self.file.imports:
            return Symbol(name, PACKAGE, FILE, import_path=self.file.imports[name])
        imported = self._dot_imported_type(name)
        if imported is not None:
            return imported
        return universe_symbol(name)

    def _dot_imported_type(self, name: str) -> Symbol | None:
        """An exported type of a dot-imported package (its values stay unknown: rules reason
        about the package's own variables and functions only)."""
        if not self.file.dot_imports or self.package_facts is None or not name[:1].isupper():
            return None
        for import_path in self.file.dot_imports:
            facts = self.package_facts(import_path)
            type_decl = facts.types.get(name) if facts is not None else None
            if type_decl is not None:
                ident = type_decl.node.child_by_field_name(F.NAME)
                return Symbol(name, TYPE, IMPORTED, type_decl.file, ident, type_decl=type_decl)
        return None

    def definition(self, ident: Node) -> Symbol | None:
        """The symbol `ident` declares, when it stands in a declaring position."""
        parent = ident.parent
        if parent is None or ident.type not in (K.IDENTIFIER, K.TYPE_IDENTIFIER):
            return None
        name = grammar.text(ident)
        if name == "_":
            return None
        scopes = self.scopes
        if parent.type == K.EXPRESSION_LIST:
            owner = parent.parent
            if owner is None or not is_child(parent, owner, F.LEFT):
                return None
            if owner.type == K.SHORT_VAR_DECLARATION:
                previous = scopes.same_scope_previous(name, owner)
                return previous or scopes.from_statement(owner, name, scope_of(owner))
            if owner.type == K.RANGE_CLAUSE and grammar.has_token(owner, ":="):
                return scopes.from_statement(owner, name, owner.parent)
            if owner.type == K.RECEIVE_STATEMENT and grammar.has_token(owner, ":="):
                return scopes.from_statement(owner, name, owner.parent)
            return None
        if parent.type in (K.VAR_SPEC, K.CONST_SPEC) and is_child(ident, parent, F.NAME):
            decl = parent.parent
            if decl is not None and decl.parent is not None and decl.parent.type == K.SOURCE_FILE:
                return self.package_symbol(name)
            if decl is not None:
                return scopes.from_statement(decl, name, scope_of(decl))
        if parent.type == K.PARAMETER_DECLARATION and is_child(ident, parent, F.NAME):
            func = parent.parent.parent if parent.parent is not None else None
            if func is not None:
                return scopes.from_params(func, name)
        if parent.type in (K.FUNCTION_DECLARATION,) and is_child(ident, parent, F.NAME):
            return self.package_symbol(name)
        if parent.type in (K.TYPE_DEFINITION, K.ALIAS_DECLARATION) and is_child(ident, parent, F.NAME):
            decl = parent.parent
            if decl is not None and decl.parent is not None and decl.parent.type == K.SOURCE_FILE:
                return self.package_symbol(name)
            if decl is not None:
                return scopes.from_statement(decl, name, scope_of(decl))
        if parent.type == K.TYPE_SWITCH_STATEMENT and is_child(ident, parent, F.NAME):
            return Symbol(
                name, VAR, LOCAL, self.file, ident, parent, grammar.enclosing_function(ident), type_switch=parent
            )
        return None

    def uses(self, symbol: Symbol, within: Node) -> list[Node]:
        """Every identifier in `within` that refers to `symbol` (its declaration included)."""
        if _root_of(within).id == self.file.tree.root_node.id:
            # the file's identifiers spelling the name (found once per file), those inside `within`
            spelled = [n for n in index.file_names(self.file).identifiers(symbol.name) if grammar.is_within(n, within)]
        else:
            spelled = [n for n in grammar.find_all(within, (K.IDENTIFIER,)) if grammar.text(n) == symbol.name]
        out = []
        for ident in spelled:
            found = self.resolve(ident)
            if found is not None and _same_variable(found, symbol):
                out.append(ident)
        return out


def _root_of(node: Node) -> Node:
    while True:
        parent = grammar.parent(node)
        if parent is None:
            return node
        node = parent


def scope_of(statement: Node) -> Node | None:
    """The block (or clause) a statement belongs to, past labels."""
    parent = statement.parent
    while parent is not None and parent.type == K.LABELED_STATEMENT:
        parent = parent.parent
    return parent


# The kinds of node that may declare names for the code inside them (see _declared_in).
_SCOPE_KINDS = frozenset(
    {
        K.BLOCK,
        *grammar.CASE_CLAUSE_KINDS,
        K.IF_STATEMENT,
        K.EXPRESSION_SWITCH_STATEMENT,
        K.TYPE_SWITCH_STATEMENT,
        K.FOR_STATEMENT,
        K.FOR_CLAUSE,
        *grammar.FUNCTION_KINDS,
        K.TYPE_DEFINITION,
        K.ALIAS_DECLARATION,
        K.METHOD_ELEM,
    }
)


def local_scopes(file: ParsedFile) -> LocalScopes:
    """The file's local symbol tables (built on first use, once per parsed file)."""
    return file.derived(LocalScopes)


class LocalScopes:
    """The names one file declares inside its functions and types, and lookups of them.

    Each block gets a table of the first statement declaring each name, built once, so a
    lookup costs a dictionary probe per enclosing scope instead of a walk over every earlier
    statement; each (name, position) is looked up once."""

    def __init__(self, file: ParsedFile):
        self.file = file
        self._blocks: dict[tuple[int, int, int], dict[str, Node]] = {}
        self._lookups: dict[tuple[str, int, int, int], Symbol | None] = {}
        self._statements: dict[tuple, Symbol | None] = {}
        self._functions: dict[tuple, Symbol | None] = {}

    def lookup(self, name: str, at: Node) -> Symbol | None:
        """The local declaration of `name` visible at `at` (None: look at package level)."""
        key = (name, at.start_byte, at.end_byte, at.kind_id)
        if key in self._lookups:
            return self._lookups[key]
        found = None
        child = at
        for anc in grammar.ancestors(at):
            if anc.type in _SCOPE_KINDS:
                found = self._declared_in(anc, child, name)
                if found is not None:
                    break
            child = anc
        self._lookups[key] = found
        return found

    def same_scope_previous(self, name: str, stmt: Node) -> Symbol | None:
        scope = scope_of(stmt)
        if scope is None:
            return None
        child = stmt
        while child.parent is not None and child.parent.id != scope.id:
            child = child.parent
        return self._declared_in(scope, child, name)

    def _declared_in(self, scope: Node, child: Node, name: str) -> Symbol | None:
        kind = scope.type
        if kind == K.BLOCK or kind in grammar.CASE_CLAUSE_KINDS:
            stmt = self._block_table(scope).get(name)
            if stmt is not None and stmt.start_byte < child.start_byte:
                return self.from_statement(stmt, name, scope)
            if kind == K.COMMUNICATION_CLAUSE:
                comm = scope.child_by_field_name(F.COMMUNICATION)
                if comm is not None and comm.id != child.id and comm.type == K.RECEIVE_STATEMENT:
                    if grammar.has_token(comm, ":="):
                        return self.from_statement(comm, name, scope)
            if kind == K.TYPE_CASE_CLAUSE and scope.parent is not None:
                switch = scope.parent
                binding = switch.child_by_field_name(F.NAME)
                if binding is not None and grammar.text(binding) == name:
                    return Symbol(
                        name,
                        VAR,
                        LOCAL,
                        self.file,
                        binding,
                        scope,
                        grammar.enclosing_function(scope),
                        type_switch=switch,
                        case_clause=scope,
                    )
            return None
        if kind in (K.IF_STATEMENT, K.EXPRESSION_SWITCH_STATEMENT, K.TYPE_SWITCH_STATEMENT):
            init = scope.child_by_field_name(F.INIT)
            if init is not None and init.id != child.id:
                return self.from_statement(init, name, scope)
            return None
        if kind == K.FOR_STATEMENT:
            body = scope.child_by_field_name(F.BODY)
            if body is None or body.id != child.id:
                return None
            for clause in grammar.named(scope):
                if clause.type == K.FOR_CLAUSE:
                    init = clause.child_by_field_name(F.INIT)
                    if init is not None:
                        return self.from_statement(init, name, scope)
                elif clause.type == K.RANGE_CLAUSE and grammar.has_token(clause, ":="):
                    return self.from_statement(clause, name, scope)
            return None
        if kind == K.FOR_CLAUSE:
            init = scope.child_by_field_name(F.INIT)
            if init is not None and init.id != child.id:
                return self.from_statement(init, name, scope.parent)
            return None
        if kind in grammar.FUNCTION_KINDS:
            body = scope.child_by_field_name(F.BODY)
            in_body = body is not None and body.id == child.id
            key = (scope.start_byte, scope.end_byte, scope.kind_id, name, in_body)
            if key not in self._functions:
                symbol = self.from_params(scope, name) if in_body else None
                self._functions[key] = symbol if symbol is not None else self._type_param(scope, name)
            return self._functions[key]
        if kind in (K.TYPE_DEFINITION, K.ALIAS_DECLARATION, K.METHOD_ELEM):
            return self._type_param(scope, name)
        return None

    def _block_table(self, scope: Node) -> dict[str, Node]:
        """name -> the first statement of the block (or clause) that declares it."""
        key = (scope.start_byte, scope.end_byte, scope.kind_id)
        table = self._blocks.get(key)
        if table is not None:
            return table
        table = {}
        statements = grammar.statement_list(scope) if scope.type in grammar.CASE_CLAUSE_KINDS else grammar.named(scope)
        for stmt in statements:
            for name in self._declared_names(stmt):
                table.setdefault(name, stmt)
        self._blocks[key] = table
        return table

    def _declared_names(self, stmt: Node) -> list[str]:
        """The names `from_statement` finds in `stmt` (the same cases, in the same way)."""
        kind = stmt.type
        if kind == K.LABELED_STATEMENT:
            inner = stmt.child_by_field_name(F.STATEMENT)
            return self._declared_names(inner) if inner is not None else []
        if kind in (K.SHORT_VAR_DECLARATION, K.RECEIVE_STATEMENT, K.RANGE_CLAUSE):
            left = grammar.items(stmt.child_by_field_name(F.LEFT))
            return [grammar.text(ident) for ident in left if ident.type == K.IDENTIFIER]
        if kind in (K.VAR_DECLARATION, K.CONST_DECLARATION):
            return [value.name for value in value_decls(stmt, self.file)]
        if kind == K.TYPE_DECLARATION:
            names = []
            for spec in grammar.named(stmt):
                type_decl = type_decl_of(spec, self.file)
                if type_decl is not None:
                    names.append(type_decl.name)
            return names
        return []

    # --- symbols from declarations --------------------------------------------

    def from_statement(self, stmt: Node, name: str, scope: Node | None) -> Symbol | None:
        where = (scope.start_byte, scope.end_byte, scope.kind_id) if scope is not None else None
        key = (stmt.start_byte, stmt.end_byte, stmt.kind_id, name, where)
        if key in self._statements:
            return self._statements[key]
        symbol = self._from_statement(stmt, name, scope)
        self._statements[key] = symbol
        return symbol

    def _from_statement(self, stmt: Node, name: str, scope: Node | None) -> Symbol | None:
        kind = stmt.type
        func = grammar.enclosing_function(stmt)
        if kind == K.LABELED_STATEMENT:
            inner = stmt.child_by_field_name(F.STATEMENT)
            return self._from_statement(inner, name, scope) if inner is not None else None
        if kind in (K.SHORT_VAR_DECLARATION, K.RECEIVE_STATEMENT, K.RANGE_CLAUSE):
            left = grammar.items(stmt.child_by_field_name(F.LEFT))
            right = grammar.items(stmt.child_by_field_name(F.RIGHT))
            for i, ident in enumerate(left):
                if ident.type == K.IDENTIFIER and grammar.text(ident) == name:
                    symbol = Symbol(name, VAR, LOCAL, self.file, ident, scope, func)
                    if kind == K.RANGE_CLAUSE:
                        symbol.range_clause, symbol.index = stmt, i
                    elif kind == K.RECEIVE_STATEMENT:
                        symbol.tuple_value, symbol.index = (right[0] if right else None), i
                    elif len(right) == len(left):
                        symbol.value = right[i]
                    elif len(right) == 1:
                        symbol.tuple_value, symbol.index = right[0], i
                    return symbol
            return None
        if kind in (K.VAR_DECLARATION, K.CONST_DECLARATION):
            for value in value_decls(stmt, self.file):
                if value.name == name:
                    return Symbol(
                        name,
                        VAR if value.kind == "var" else CONST,
                        LOCAL,
                        self.file,
                        value.ident,
                        scope,
                        func,
                        value.type_node,
                        value.value,
                        value.tuple_value,
                        value.index,
                        value_decl=value,
                    )
            return None
        if kind == K.TYPE_DECLARATION:
            for spec in grammar.named(stmt):
                type_decl = type_decl_of(spec, self.file)
                if type_decl is not None and type_decl.name == name:
                    return Symbol(
                        name, TYPE, LOCAL, self.file, spec.child_by_field_name(F.NAME), scope, func, type_decl=type_decl
                    )
        return None

    def from_params(self, func: Node, name: str) -> Symbol | None:
        groups = (
            (RECEIVER, func.child_by_field_name(F.RECEIVER)),
            (PARAM, func.child_by_field_name(F.PARAMETERS)),
            (RESULT, func.child_by_field_name(F.RESULT)),
        )
        for where, params in groups:
            if params is None or params.type != K.PARAMETERS:
                continue
            for decl in grammar.named(params):
                for ident in grammar.fields(decl, F.NAME):
                    if grammar.text(ident) == name:
                        return Symbol(
                            name,
                            VAR,
                            where,
                            self.file,
                            ident,
                            func,
                            func,
                            decl.child_by_field_name(F.TYPE),
                            variadic=grammar.has_token(decl, "..."),
                        )
        return None

    def _type_param(self, owner: Node, name: str) -> Symbol | None:
        params = owner.child_by_field_name(F.TYPE_PARAMETERS)
        if owner.type == K.METHOD_DECLARATION:
            # func (l *List[E]) M(): the receiver's type arguments name type parameters, and so
            # do a generic method's own (Go 1.27: func (l *List[E]) Map[U any]())
            found = self._receiver_type_param(owner, name)
            if found is not None:
                return found
        if params is None:
            return None
        for decl in grammar.named(params):
            for ident in grammar.fields(decl, F.NAME):
                if grammar.text(ident) == name:
                    return Symbol(
                        name,
                        TYPE,
                        TYPE_PARAM,
                        self.file,
                        ident,
                        owner,
                        type_node=decl.child_by_field_name(F.CONSTRAINT),
                    )
        return None

    def _receiver_type_param(self, method: Node, name: str) -> Symbol | None:
        receiver = method.child_by_field_name(F.RECEIVER)
        for generic in grammar.find_all(receiver, (K.GENERIC_TYPE,)) if receiver is not None else []:
            args = generic.child_by_field_name(F.TYPE_ARGUMENTS)
            for ident in grammar.named(args):
                if grammar.text(ident) == name:
                    return Symbol(name, TYPE, TYPE_PARAM, self.file, ident, method, extra={"receiver_generic": generic})
        return None


def _from_value_decl(value: ValueDecl) -> Symbol:
    kind = {"var": VAR, "const": CONST, "func": FUNC}[value.kind]
    return Symbol(
        value.name,
        kind,
        PACKAGE_LEVEL,
        value.file,
        value.ident,
        None,
        None,
        value.type_node,
        value.value,
        value.tuple_value,
        value.index,
        value_decl=value,
    )


def _same_variable(a: Symbol, b: Symbol) -> bool:
    if a.type_switch is not None and b.type_switch is not None:
        return a.type_switch.id == b.type_switch.id
    return a.key == b.key


def universe_symbol(name: str) -> Symbol | None:
    if name in gotypes.UNIVERSE_TYPES:
        return Symbol(name, TYPE, UNIVERSE)
    if name in gotypes.BUILTIN_FUNCS:
        return Symbol(name, BUILTIN, UNIVERSE)
    if name == "nil":
        return Symbol(name, NIL, UNIVERSE)
    if name in gotypes.UNIVERSE_CONSTS:
        return Symbol(name, CONST, UNIVERSE)
    return None
