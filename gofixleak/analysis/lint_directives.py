"""Other linters' suppression comments: the authors already looked at this line and kept it.

`//nolint` (golangci-lint, with or without a list of linters) and
`//lint:ignore CHECK reason` (staticcheck) on a statement's line, or on the
line just above it, say the authors reviewed the statement and wrote it that
way on purpose.  A rule whose finding is a judgement about intent (a defer
held on purpose in a loop) stays silent there; our own `//gofixleak:ignore`
is handled by the engine.
"""

from __future__ import annotations

import re

from gofixleak.semantics.view import FileView
from gofixleak.syntax.grammar import Node

_DIRECTIVE = re.compile(rb"//\s*(nolint\b|lint:ignore\s)")


def reviewed_by_authors(view: FileView, node: Node) -> bool:
    """A `//nolint` or `//lint:ignore` comment on `node`'s first line or on the line above it."""
    start = view.line_start(node.start_byte)
    end = view.line_end(node.start_byte)
    above = view.line_start(start - 1) if start > 0 else start
    return _DIRECTIVE.search(view.src[above:end]) is not None
