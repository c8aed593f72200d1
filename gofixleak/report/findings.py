"""What every output format shares: positions, the findings of many reports, and counts.

Offsets are bytes inside gofixleak; at this edge they become 1-based lines
and 1-based byte columns (as go vet prints them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gofixleak.engine.config import Config
from gofixleak.engine.results import FileReport
from gofixleak.engine.rule import Finding, Fix, Safety
from gofixleak.syntax import lines

# The engine configuration each report was made with: one for all, or a look-up by the
# report's path (files under different configuration files differ: unsafe-fixes).
ConfigLookup = Config | Callable[[str], Config]


def config_of(lookup: ConfigLookup, report: FileReport) -> Config:
    return lookup if isinstance(lookup, Config) else lookup(report.path)


def position(src: bytes, offset: int) -> tuple[int, int]:
    return lines.position(src, offset)


def char_position(src: bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column in Unicode code points) of `offset`: what SARIF (columnKind
    unicodeCodePoints) and GitHub annotations count."""
    line, byte_column = lines.position(src, offset)
    line_start = offset - byte_column + 1
    return line, len(src[line_start:offset].decode("utf-8", "replace")) + 1


def shown(report: FileReport, after_fix: bool) -> tuple[bytes, list[Finding]]:
    """The source and findings an output shows: as checked, or (after `fix`) what remains in the
    fixed source."""
    if after_fix and report.fixed is not None:
        return report.fixed, report.remaining
    return report.src, report.findings


def applicable_fix(finding: Finding, config: Config) -> Fix | None:
    """The fix `fix` would apply for this finding at the configured level, if any."""
    level = config.fix_level
    return next((f for f in finding.fixes if level.allows(f.safety)), None)


def findings_of(reports: Iterable[FileReport]) -> list[tuple[FileReport, Finding]]:
    return [(report, finding) for report in reports for finding in report.findings]


def fixability(finding: Finding, config: Config) -> str:
    """ "fixable" (the configured level applies a fix), "unsafe" (only --unsafe-fixes would),
    or "" (no fix gofixleak applies)."""
    if applicable_fix(finding, config) is not None:
        return "fixable"
    return "unsafe" if any(x.safety is Safety.UNSAFE for x in finding.fixes) else ""


def counts(reports: list[FileReport], config: ConfigLookup) -> dict[str, int]:
    found = findings_of(reports)
    kinds = [fixability(f, config_of(config, r)) for r, f in found]
    fixable = kinds.count("fixable")
    unsafe = kinds.count("unsafe")
    return {
        "files": sum(1 for r in reports if r.skipped is None),
        "files_with_findings": len({id(r) for r, _ in found}),
        "findings": len(found),
        "fixable": fixable,
        "unsafe_fixable": unsafe,
    }
