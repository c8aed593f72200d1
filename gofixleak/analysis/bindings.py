"""The new local variable a value initialises: `v := value`, `var v = value`, `a, v := f()`."""

from __future__ import annotations

from dataclasses import dataclass

from gofixleak.semantics import scope
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


@dataclass(frozen=True)
class Binding:
    """`name := value` (or `var name = value`) declaring a new local variable."""

    statement: Node  # the short variable declaration or var declaration
    name: Node
    symbol: scope.Symbol
    names: tuple[Node, ...]  # every name the statement declares


def binding(view: FileView, value: Node, index: int | None = None, file: ParsedFile | None = None) -> Binding | None:
    """The local variable `value` initialises; `index` picks a result of a multi-value call.

    None when `value` initialises nothing, or a `:=` reuses a variable declared before (it
    may hold something else).  `file` is the file `value` is in, when not the one being checked.
    """
    values_node = value.parent
    if values_node is None or values_node.type != K.EXPRESSION_LIST or values_node.parent is None:
        return None
    owner = values_node.parent
    if owner.type == K.SHORT_VAR_DECLARATION and scope.is_child(values_node, owner, F.RIGHT):
        names, statement = grammar.items(owner.child_by_field_name(F.LEFT)), owner
    elif owner.type == K.VAR_SPEC and owner.parent is not None and owner.parent.type == K.VAR_DECLARATION:
        names, statement = grammar.fields(owner, F.NAME), owner.parent
    else:
        return None
    values = grammar.items(values_node)
    if index is None:
        if len(names) != len(values):
            return None
        index = next(i for i, v in enumerate(values) if v.id == value.id)
    elif len(values) != 1:
        return None
    if index >= len(names) or names[index].type != K.IDENTIFIER:
        return None
    symbol = view.program.resolve(names[index], file or view.file)
    if symbol is None or symbol.kind != scope.VAR or symbol.where != scope.LOCAL:
        return None
    if symbol.decl is None or symbol.decl.id != names[index].id:
        return None  # `:=` that reuses an existing variable
    return Binding(statement, names[index], symbol, tuple(names))


def is_statement(node: Node) -> bool:
    """`node` stands as a statement in a block (not at the top level of a file)."""
    parent = node.parent
    return parent is not None and grammar.is_statement_container(parent) and parent.type != K.SOURCE_FILE


def parameter_index(func: Node, symbol: scope.Symbol) -> int | None:
    """The position of the parameter `symbol` among `func`'s parameters (the receiver aside)."""
    params = func.child_by_field_name(F.PARAMETERS)
    index = 0
    for decl in grammar.named(params):
        names = grammar.fields(decl, F.NAME) or [decl]
        for ident in names:
            if symbol.decl is not None and ident.id == symbol.decl.id:
                return index
            index += 1
    return None
