"""What the engine is asked to do: which rules, which fixes, which rule options."""

from __future__ import annotations

from dataclasses import dataclass, field

from gofixleak.fix.edits import Safety


@dataclass(frozen=True)
class Config:
    select: frozenset[str] | None = None  # rule ids or names; None means all
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    options: dict[str, object] = field(default_factory=dict)  # rule options, e.g. {"GFL005.any_version": True}
    strict: bool = False  # re-raise a rule's exception instead of reporting it (tests)

    def enabled(self, rule_id: str, rule_name: str = "") -> bool:
        names = {rule_id, rule_name}
        if self.select is not None and not (names & self.select or "ALL" in self.select):
            return False
        return not names & self.ignore

    @property
    def fix_level(self) -> Safety:
        return Safety.UNSAFE if self.unsafe_fixes else Safety.SAFE
