"""Where a substring or subslice is kept for good, in the places where that matters.

The retention rules ask one question of every slice expression: which
long-lived places keep it?  The answer joins where the value is stored in
this function (`storage`), the functions it is passed to that keep that
parameter (`summaries`), and drops what the retention model excuses
(`matters`).  A view handed to a function that keeps it is not counted
when its base is a parameter the calling function itself keeps whole for
good (a recursive trie insert passing on the suffixes of a key it stores):
the base is kept anyway.
"""

from __future__ import annotations

from gofixleak.analysis import matters, storage, summaries
from gofixleak.semantics import scope as sc
from gofixleak.semantics.view import FileView
from gofixleak.syntax.grammar import Node


def stores_that_matter(ctx: FileView, view: Node, base: Node) -> list[storage.Store]:
    """The long-lived places that keep `view` (a slice expression of `base`) and where that keeps
    substantially more than the view alive."""
    candidates = storage.stores(ctx, view)
    through_calls = summaries.stores_through_calls(ctx, view)
    if through_calls and not _base_kept_by_its_function(ctx, base):
        candidates += through_calls
    return [store for store in candidates if matters.why_harmless(ctx, view, base, store) is None]


def _base_kept_by_its_function(ctx: FileView, base: Node) -> bool:
    root = storage.root_symbol(ctx, base)
    if root is None or root.where != sc.PARAM or root.func is None:
        return False
    return any(kept.name == root.name for kept in summaries.kept_by(ctx, root.func))
