"""What every output format shares: positions, the findings of many reports, and counts.

Offsets are bytes inside gofixleak; at this edge they become 1-based lines
and 1-based byte columns (as go vet prints them).
"""

from __future__ import annotations

from collections.abc import Iterable

from gofixleak.engine.config import Config
from gofixleak.engine.results import FileReport
from gofixleak.engine.rule import Finding, Fix, Safety
from gofixleak.syntax import lines


def position(src: bytes, offset: int) -> tuple[int, int]:
    return lines.position(src, offset)


def applicable_fix(finding: Finding, config: Config) -> Fix | None:
    """The fix `fix` would apply for this finding at the configured level, if any."""
    level = config.fix_level
    return next((f for f in finding.fixes if level.allows(f.safety)), None)


def findings_of(reports: Iterable[FileReport]) -> list[tuple[FileReport, Finding]]:
    return [(report, finding) for report in reports for finding in report.findings]


def counts(reports: list[FileReport], config: Config) -> dict[str, int]:
    found = findings_of(reports)
    fixable = sum(1 for _, f in found if applicable_fix(f, config) is not None)
    unsafe = sum(
        1 for _, f in found if applicable_fix(f, config) is None and any(x.safety is Safety.UNSAFE for x in f.fixes)
    )
    return {
        "files": sum(1 for r in reports if r.skipped is None),
        "files_with_findings": len({id(r) for r, _ in found}),
        "findings": len(found),
        "fixable": fixable,
        "unsafe_fixable": unsafe,
    }
