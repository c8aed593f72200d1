"""The rules, one module each, and the registry that lists them.

Installed as `gofixleak.rewrites`.  Adding a rule means one module here, one
folder in golden/ and one line in RULE_MODULES; nothing in the engine knows a
rule by name.
"""

from __future__ import annotations

import importlib
from functools import cache

from gofixleak.engine.rule import Rule

RULE_MODULES = (
    "gfl001_substring_retention",
    "gfl002_subslice_retention",
    "gfl003_dropped_pointer_elements",
    "gfl004_hanging_goroutine",
    "gfl005_unstopped_ticker",
    "gfl006_finalizer_cycle",
    "gfl007_defer_in_loop",
    "gfl008_time_after_in_loop",
)


@cache
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for module_name in RULE_MODULES:
        module = importlib.import_module(f"gofixleak.rewrites.{module_name}")
        rules.append(module.RULE)
    return tuple(sorted(rules, key=lambda r: r.id))


def find_rule(code: str) -> Rule | None:
    """A rule by id (any case) or name."""
    for rule in all_rules():
        if code.upper() == rule.id or code.lower() == rule.name:
            return rule
    return None
