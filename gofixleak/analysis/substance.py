"""Do values of a type own memory worth freeing?  Positive evidence that a dropped element matters.

A slot left behind in a backing array keeps alive what the element points to.
That is worth a fix only when the element exclusively reaches memory of its
own that can be large: a buffer, a page, a table.  `owns_memory` answers yes
only when the type reaches a slice or a map (or a large array behind a
pointer), directly or through pointers, struct fields and arrays.  It answers
no for what judges of real findings called negligible or unknowable:

- strings (element names, URLs, phase names: short, mostly literals or
  struct tags, and often shared with whoever else holds them);
- pointer-free structs, and structs whose only pointers lead to values the
  process keeps anyway (`time.Time`'s `*Location`);
- pointers to small linked records (an identifier pointing to another
  record of the same kind);
- interfaces, functions and type parameters: what they hold is not known
  here, so there is no evidence either way.
"""

from __future__ import annotations

from gofixleak.semantics import gotypes as gt
from gofixleak.semantics.typecheck import Program

# Packages whose values point only to memory the process keeps anyway (time.Time's *Location
# points to time.Local, time.UTC or a zone loaded once).
_PROCESS_LIVED_PACKAGES = frozenset({"time"})
# An array reached through a pointer is a buffer of its own from this many elements on.
_LARGE_ARRAY = 256
_MAX_DEPTH = 6


def owns_memory(program: Program, t: gt.Type | None) -> bool:
    """Whether a value of type `t` can keep alive memory of its own worth freeing (see the module
    doc); False when gofixleak cannot tell."""
    return _owns(program, t, 0, set(), behind_pointer=False)


def _owns(program: Program, t: gt.Type | None, depth: int, seen: set[gt.Type], behind_pointer: bool) -> bool:
    if t is None or depth > _MAX_DEPTH or isinstance(t, gt.TypeParam):
        return False
    if isinstance(t, gt.Named):
        if t.package in _PROCESS_LIVED_PACKAGES or t in seen:
            return False
        seen = seen | {t}
    under = program.underlying(t)
    if isinstance(under, (gt.Slice, gt.Map)):
        return True
    if isinstance(under, gt.Pointer):
        return _owns(program, under.elem, depth + 1, seen, behind_pointer=True)
    if isinstance(under, gt.Array):
        if behind_pointer and under.length is not None and under.length >= _LARGE_ARRAY:
            return True
        return bool(under.length) and _owns(program, under.elem, depth + 1, seen, behind_pointer)
    if isinstance(under, gt.Struct):
        return any(_owns(program, f.type, depth + 1, seen, behind_pointer) for f in under.fields)
    return False  # strings and numbers, interfaces, functions, channels, type parameters, unknown
