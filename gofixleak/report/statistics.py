"""Counts per rule (`--statistics`): how many findings, and how many `gofixleak fix` would fix.

Text, one line per rule, most frequent first (as ruff prints them):

    3  GFL001  substring-retention  3 fixable
    1  GFL007  defer-in-loop        0 fixable, 1 with --unsafe-fixes

JSON: a list of {"rule", "name", "count", "fixable", "unsafe_fixable"}.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import gofixleak.rewrites as rewrites
from gofixleak.engine.results import FileReport
from gofixleak.engine.suppression import META_RULE
from gofixleak.report.findings import ConfigLookup, config_of, fixability, shown


@dataclass
class RuleCount:
    rule: str
    name: str
    count: int = 0
    fixable: int = 0
    unsafe_fixable: int = 0


def statistics(reports: list[FileReport], config: ConfigLookup, *, after_fix: bool = False) -> list[RuleCount]:
    names = {r.id: r.name for r in rewrites.all_rules()} | {META_RULE: "invalid-suppression"}
    by_rule: dict[str, RuleCount] = {}
    for report in reports:
        _, findings = shown(report, after_fix)
        level = config_of(config, report)
        for finding in findings:
            row = by_rule.setdefault(finding.rule, RuleCount(finding.rule, names.get(finding.rule, "")))
            row.count += 1
            kind = fixability(finding, level)
            row.fixable += kind == "fixable"
            row.unsafe_fixable += kind == "unsafe"
    return sorted(by_rule.values(), key=lambda r: (-r.count, r.rule))


def statistics_text(rows: list[RuleCount]) -> str:
    if not rows:
        return ""
    count_width = max(len(str(r.count)) for r in rows)
    name_width = max(len(r.name) for r in rows)
    lines = []
    for r in rows:
        fixes = f"{r.fixable} fixable" + (f", {r.unsafe_fixable} with --unsafe-fixes" if r.unsafe_fixable else "")
        lines.append(f"{r.count:>{count_width}}  {r.rule}  {r.name:<{name_width}}  {fixes}")
    return "\n".join(lines) + "\n"


def statistics_json(rows: list[RuleCount]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=2) + "\n"
