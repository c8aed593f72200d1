"""The declaration a call calls, when gofixleak has its source (this package or the module's others)."""

from __future__ import annotations

from gofixleak.semantics import gotypes
from gofixleak.semantics.facts import ParsedFile
from gofixleak.semantics.view import FileView
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node


def declaration_of(ctx: FileView, call: Node) -> tuple[ParsedFile, Node] | None:
    """(file, declaration) of the function or method `call` calls: `helper(x)`, `pkg.Helper(x)`
    for a package whose source is loaded, `x.method()` for a method declared in source."""
    function = grammar.unparen(call.child_by_field_name(F.FUNCTION))
    if function is None:
        return None
    if function.type == K.IDENTIFIER:
        symbol = ctx.resolve(function)
        if symbol is None or symbol.decl is None or symbol.file is None:
            return None
        decl = symbol.decl.parent
        return (symbol.file, decl) if decl is not None and decl.type == K.FUNCTION_DECLARATION else None
    if function.type != K.SELECTOR_EXPRESSION:
        return None
    operand = function.child_by_field_name(F.OPERAND)
    name = grammar.text(function.child_by_field_name(F.FIELD))
    if operand is None:
        return None
    imported = ctx.program.package_of_selector(operand, ctx.file)
    if imported is not None:
        facts = ctx.program.package(imported)
        for file in facts.files if facts is not None else []:
            for decl in grammar.top_level(file.tree):
                if decl.type == K.FUNCTION_DECLARATION and grammar.text(decl.child_by_field_name(F.NAME)) == name:
                    return file, decl
        return None
    t = ctx.program.deref(ctx.type_of(operand))
    if not isinstance(t, gotypes.Named):
        return None
    facts = ctx.program.package(t.package)
    method = facts.method(t.name, name) if facts is not None else None
    return (method.file, method.node) if method is not None else None


def parameter_names(decl: Node, field: str = F.PARAMETERS) -> list[Node]:
    """The names of a declaration's parameters (`field` F.RECEIVER for the receiver), in order."""
    names: list[Node] = []
    for parameter in grammar.named(decl.child_by_field_name(field)):
        names += grammar.fields(parameter, F.NAME)
    return names
