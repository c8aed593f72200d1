"""The context handed to every rule's `check`: one file, its package, and helpers.

Like a libcst codemod context, it is the rule's only window on the world: a
`FileView` (source, tree, Go version, names and types across the package)
plus the rule that is running and small builders of findings and edits.
"""

from __future__ import annotations

from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety, Severity
from gofixleak.semantics.view import FileView
from gofixleak.syntax.grammar import Node


class Context(FileView):
    rule: Rule | None = None  # set by the engine while a rule runs

    # --- building findings --------------------------------------------------------

    def finding(
        self,
        at: Node | tuple[int, int],
        message: str,
        *fixes: Fix,
        severity: Severity | None = None,
    ) -> Finding:
        assert self.rule is not None, "finding() is only available while a rule runs"
        start, end = (at.start_byte, at.end_byte) if isinstance(at, Node) else at
        return Finding(
            self.rule.id,
            start,
            end,
            message,
            tuple(f for f in fixes if f is not None),
            severity or self.rule.severity,
        )

    @staticmethod
    def fix(
        message: str,
        *edits: Edit,
        safety: Safety = Safety.SAFE,
        imports: tuple[str, ...] = (),
    ) -> Fix:
        return Fix(message, tuple(sorted(edits, key=lambda e: (e.start, e.end))), safety, imports)

    @staticmethod
    def replace(node: Node, text: str) -> Edit:
        return Edit(node.start_byte, node.end_byte, text)

    @staticmethod
    def insert(offset: int, text: str) -> Edit:
        return Edit(offset, offset, text)
