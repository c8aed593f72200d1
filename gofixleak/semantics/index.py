"""Where a package spells a name, and how each spelling is used: built once, read by every finding.

Rules ask package-wide questions about one place at a time: "who else assigns,
slices, appends to or takes the address of the field `items`?", "where is a
`byPrio` made by conversion?".  Walking every file of the package for each
finding makes a check quadratic in the package's size; this index answers from
data computed once per file (`FileNames`) and once per package
(`PackageIndex`).

The index is syntactic: a mention is a node whose spelling is the name (an
identifier, the field of a selector `x.name`, the key of a literal element
`T{name: v}`), classified by how the surrounding code uses it.  Callers confirm
what a mention denotes (resolve it, type its operand) and do so only for the
few mentions of the name they ask about.

    index = package_index(facts)
    for mention in index.mentions("items"):
        if mention.use is SLICED: ...
    index.assignments("items"); index.slices("items"); index.appends("items"); index.addresses("items")
    index.conversions("byPrio")        # byPrio(x), (*byPrio)(x), pkg.byPrio(x), and through aliases
    index.typed_declarations("byPrio") # var v byPrio = ..., func f(h byPrio)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from gofixleak.semantics import deps
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


class Use(Enum):
    """How code uses a mention of a place."""

    ASSIGNED = "assigned"  # a target of =, :=, op=, ++/--, range or receive; the key of T{name: v}
    SLICED = "sliced"  # the operand of x[a:b]
    APPENDED = "appended"  # the first argument of append(x, ...)
    ADDRESSED = "addressed"  # &x
    ELEMENT_WRITTEN = "element written"  # x[i] = v, x[i]++
    READ = "read"  # anything else


ASSIGNED, SLICED, APPENDED, ADDRESSED, ELEMENT_WRITTEN, READ = (
    Use.ASSIGNED,
    Use.SLICED,
    Use.APPENDED,
    Use.ADDRESSED,
    Use.ELEMENT_WRITTEN,
    Use.READ,
)


@dataclass(frozen=True, eq=False)
class Mention:
    """One spelling of a name: `node` is an identifier, a selector expression (by its field) or
    a keyed literal element (by its key), in `file`."""

    file: ParsedFile
    node: Node
    use: Use


# --- one file ----------------------------------------------------------------------------


class FileNames:
    """The mentions of names in one file, found on demand by searching the bytes for the name
    (a name most files never spell costs one search) and remembered per name."""

    def __init__(self, file: ParsedFile):
        self.file = file
        self._mentions: dict[str, list[Mention]] = {}
        self._identifiers: dict[str, list[Node]] = {}
        self._spelled: dict[str, bool] = {}
        self._typed: dict[str, list[Node]] | None = None

    def mentions(self, name: str) -> list[Mention]:
        """Identifiers, selectors `x.name` and literal keys `{name: v}` spelling `name`, in source
        order (a node before the nodes inside it)."""
        found = self._mentions.get(name)
        if found is None:
            found = self._mentions[name] = [Mention(self.file, n, use_of(n)) for n in self._spelling(name)]
        return found

    def spells(self, name: str) -> bool:
        """Whether the file may spell `name` (its bytes occur, even in a comment or inside a
        longer word): when it does not, nothing in it mentions the name, and it need not be parsed
        to know."""
        found = self._spelled.get(name)
        if found is None:
            found = self._spelled[name] = spells(self.file.src, name)
        return found

    def identifiers(self, name: str) -> list[Node]:
        """The identifiers spelling `name`, in source order."""
        found = self._identifiers.get(name)
        if found is None:
            found = self._identifiers[name] = [m.node for m in self.mentions(name) if m.node.type == K.IDENTIFIER]
        return found

    def _spelling(self, name: str) -> list[Node]:
        if not name or not self.spells(name):
            return []
        root = self.file.tree.root_node
        nodes: list[Node] = []
        for start, end in _word_spans(self.file.src, name):
            leaf = root.descendant_for_byte_range(start, end)
            if leaf is None or leaf.start_byte != start or leaf.end_byte != end:
                continue
            parent = leaf.parent
            if leaf.type == K.IDENTIFIER:
                if parent is not None and parent.type == K.KEYED_ELEMENT and _key_id(parent) == leaf.id:
                    nodes.append(parent)
                nodes.append(leaf)
            elif leaf.type == K.FIELD_IDENTIFIER and parent is not None and parent.type == K.SELECTOR_EXPRESSION:
                field = parent.child_by_field_name(F.FIELD)
                if field is not None and field.id == leaf.id:
                    nodes.append(parent)
        nodes.sort(key=lambda n: (n.start_byte, -n.end_byte))
        return nodes

    def typed(self, type_name: str) -> list[Node]:
        """Calls whose callee spells the type `type_name` (`T(x)`, `(*T)(x)`, `pkg.T(x)`,
        `T[int](x)`: conversion candidates), and var specs and parameter declarations whose
        type spells it, in source order."""
        if self._typed is None:
            if not self.spells(type_name):
                return []  # not even spelled here: no need to parse the file
            table: dict[str, list[Node]] = {}
            kinds = (K.CALL_EXPRESSION, K.VAR_SPEC, K.PARAMETER_DECLARATION)
            for node in grammar.find_all(self.file.tree.root_node, kinds):
                spelled = node.child_by_field_name(F.FUNCTION if node.type == K.CALL_EXPRESSION else F.TYPE)
                base = type_base_name(spelled)
                if base is not None:
                    table.setdefault(base, []).append(node)
            self._typed = table
        return self._typed.get(type_name, [])

    def type_aliases(self) -> set[str]:
        """Names of the alias declarations (`type A = T`) anywhere in the file, local ones included."""
        if b"=" not in self.file.src:
            return set()
        found = set()
        for alias in grammar.find_all(self.file.tree.root_node, (K.ALIAS_DECLARATION,)):
            name = alias.child_by_field_name(F.NAME)
            if name is not None:
                found.add(grammar.text(name))
        return found


def _key_id(keyed: Node) -> int | None:
    """The id of a keyed element's key when the key is a bare name."""
    key = keyed.child_by_field_name(F.KEY)
    return key.id if key is not None else None


def spells(src: bytes, name: str) -> bool:
    """Whether `name` may occur in `src` (its bytes do; a word of its own or not: this only
    spares looking further into files that cannot mention it)."""
    return name.encode() in src


def _word_spans(src: bytes, name: str) -> Iterator[tuple[int, int]]:
    # a Go identifier never touches another letter, digit, `_` or non-ASCII letter byte
    pattern = _WORDS.get(name)
    if pattern is None:
        word = re.escape(name.encode())
        pattern = _WORDS[name] = re.compile(rb"(?<![A-Za-z0-9_\x80-\xff])" + word + rb"(?![A-Za-z0-9_\x80-\xff])")
    for match in pattern.finditer(src):
        yield match.start(), match.end()


_WORDS: dict[str, re.Pattern[bytes]] = {}


def type_base_name(node: Node | None) -> str | None:
    """The type name an expression or type spells at its core: `T` for `T`, `*T`, `(*T)`,
    `pkg.T`, `T[int]`; None for composite types (`[]T`, `map[K]V`) and anything else."""
    for _ in range(8):
        node = grammar.unparen(node)
        if node is None:
            return None
        kind = node.type
        if kind in (K.IDENTIFIER, K.TYPE_IDENTIFIER):
            return grammar.text(node)
        if kind == K.SELECTOR_EXPRESSION:
            return grammar.text(node.child_by_field_name(F.FIELD)) or None
        if kind == K.QUALIFIED_IDENTIFIER:
            return grammar.text(node.child_by_field_name(F.NAME)) or None
        if kind == K.POINTER_TYPE or (kind == K.UNARY_EXPRESSION and grammar.operator(node) == "*"):
            inner = grammar.named(node)
            node = inner[-1] if inner else None
        elif kind == K.GENERIC_TYPE:
            node = node.child_by_field_name(F.TYPE)
        elif kind == K.INDEX_EXPRESSION:
            node = node.child_by_field_name(F.OPERAND)
        else:
            return None
    return None


def use_of(node: Node) -> Use:
    """How the code around a mention uses it."""
    if node.type == K.KEYED_ELEMENT:
        return ASSIGNED
    use = grammar.outer_parens(node)
    parent = use.parent
    if parent is None:
        return READ
    kind = parent.type
    if kind == K.UNARY_EXPRESSION and grammar.operator(parent) == "&":
        return ADDRESSED
    if kind == K.SLICE_EXPRESSION and _is_field(use, parent, F.OPERAND):
        return SLICED
    if kind == K.INC_DEC_STATEMENT:
        return ASSIGNED
    if kind == K.EXPRESSION_LIST and _is_target(parent):
        return ASSIGNED
    if kind == K.ARGUMENTS and _is_append_base(parent, use):
        return APPENDED
    if kind == K.INDEX_EXPRESSION and _is_field(use, parent, F.OPERAND) and _element_written(parent):
        return ELEMENT_WRITTEN
    return READ


def _is_field(node: Node, parent: Node, field: str) -> bool:
    child = parent.child_by_field_name(field)
    return child is not None and child.id == node.id


def _is_target(expressions: Node) -> bool:
    owner = expressions.parent
    if owner is None:
        return False
    if owner.type not in (K.ASSIGNMENT, K.SHORT_VAR_DECLARATION, K.RANGE_CLAUSE, K.RECEIVE_STATEMENT):
        return False
    return _is_field(expressions, owner, F.LEFT)


def _is_append_base(arguments: Node, use: Node) -> bool:
    call = arguments.parent
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION)) if call is not None else None
    if function is None or function.type != K.IDENTIFIER or grammar.text(function) != "append":
        return False
    first = grammar.named(arguments)
    return bool(first) and first[0].id == use.id


def _element_written(index: Node) -> bool:
    parent = grammar.outer_parens(index).parent
    if parent is None:
        return False
    if parent.type == K.INC_DEC_STATEMENT:
        return True
    return parent.type == K.EXPRESSION_LIST and _is_target(parent)


# --- one package -------------------------------------------------------------------------


class PackageIndex:
    """The mentions of names across every file of a package (in the facts' file order)."""

    def __init__(self, facts: PackageFacts):
        self.facts = facts
        self._mentions: dict[str, list[Mention]] = {}
        self._aliases: set[str] | None = None

    def mentions(self, name: str) -> list[Mention]:
        """Every mention of `name` in the package: file by file, in source order."""
        deps.record_whole(self.facts)  # the answer depends on every file of the package
        found = self._mentions.get(name)
        if found is None:
            found = self._mentions[name] = [m for f in self.facts.file_list() for m in file_names(f).mentions(name)]
        return found

    def assignments(self, name: str) -> list[Mention]:
        return [m for m in self.mentions(name) if m.use is ASSIGNED]

    def slices(self, name: str) -> list[Mention]:
        return [m for m in self.mentions(name) if m.use is SLICED]

    def appends(self, name: str) -> list[Mention]:
        return [m for m in self.mentions(name) if m.use is APPENDED]

    def addresses(self, name: str) -> list[Mention]:
        return [m for m in self.mentions(name) if m.use is ADDRESSED]

    def aliases(self) -> set[str]:
        """Every type alias name declared in the package (at package level or in a function)."""
        deps.record_whole(self.facts)
        if self._aliases is None:
            self._aliases = set().union(*(file_names(f).type_aliases() for f in self.facts.file_list()))
        return self._aliases

    def conversions(self, type_name: str) -> list[tuple[ParsedFile, Node]]:
        """Calls that may convert to the type named `type_name` (its name or an alias's as the
        callee); the caller types the callee to be sure."""
        return [(f, n) for f, n in self.typed_nodes(type_name) if n.type == K.CALL_EXPRESSION]

    def typed_declarations(self, type_name: str) -> list[tuple[ParsedFile, Node]]:
        """Var specs and parameter declarations whose type may be `type_name` (or an alias)."""
        return [(f, n) for f, n in self.typed_nodes(type_name) if n.type != K.CALL_EXPRESSION]

    def typed_nodes(self, type_name: str) -> list[tuple[ParsedFile, Node]]:
        """`conversions` and `typed_declarations` together: file by file, in source order."""
        names = [type_name, *sorted(self.aliases() - {type_name})]
        out: list[tuple[ParsedFile, Node]] = []
        for file in self.facts.file_list():
            found = [n for name in names for n in file_names(file).typed(name)]
            if len(names) > 1:
                found.sort(key=lambda n: (n.start_byte, -n.end_byte))
            out.extend((file, n) for n in found)
        return out


def file_names(file: ParsedFile) -> FileNames:
    """The mentions of names in one file (built as asked, once per parsed file)."""
    return file.derived(FileNames)


def package_index(facts: PackageFacts) -> PackageIndex:
    """The index of a package (built as it is asked, once per package facts)."""
    return facts.derived(PackageIndex)
