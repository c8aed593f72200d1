"""A file's findings as LSP diagnostics.

Each diagnostic has the rule id as its code, "gofixleak" as its source, a link to the rule's
page, and `data` naming the finding (rule, byte range) and the document version it was found
in: the code-action handler finds the finding again from that, as ruff's server does, and
offers nothing for a diagnostic of an older version.  A fix the editor will not offer (a
suggestion, or an unsafe fix while unsafe fixes are off) is told in the message instead.
Syntax errors are left to the Go language server; rule crashes go to the log, not the buffer.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types as lsp

from gofixleak import api
from gofixleak.lsp.positions import LineIndex

SOURCE = "gofixleak"

_SEVERITY = {
    api.Severity.ERROR: lsp.DiagnosticSeverity.Error,
    api.Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    api.Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def to_range(index: LineIndex, start: int, end: int, encoding: str) -> lsp.Range:
    (sl, sc), (el, ec) = index.position(start, encoding), index.position(end, encoding)
    return lsp.Range(lsp.Position(sl, sc), lsp.Position(el, ec))


def offered_fix(finding: api.Finding, unsafe: bool) -> api.Fix | None:
    """The fix a quick fix applies: the one `gofixleak fix` would (the first safe one, or unsafe
    when unsafe fixes are in force)."""
    for fix in finding.fixes:
        if fix.safety is api.Safety.SAFE or (fix.safety is api.Safety.UNSAFE and unsafe):
            return fix
    return None


def _note(finding: api.Finding, unsafe: bool) -> str:
    if not finding.fixes or offered_fix(finding, unsafe) is not None:
        return ""
    best = min(finding.fixes, key=lambda f: f.safety.rank)
    if best.safety is api.Safety.UNSAFE:
        return f"\nunsafe fix (turn on the unsafeFixes setting to offer it): {best.message}"
    return f"\nsuggestion: {best.message}"


def finding_data(version: int, finding: api.Finding) -> dict[str, Any]:
    return {"version": version, "rule": finding.rule, "start": finding.start, "end": finding.end}


def diagnostic(finding: api.Finding, version: int, index: LineIndex, encoding: str, unsafe: bool) -> lsp.Diagnostic:
    rule = api.find_rule(finding.rule)
    return lsp.Diagnostic(
        range=to_range(index, finding.start, finding.end, encoding),
        message=finding.message + _note(finding, unsafe),
        severity=_SEVERITY.get(finding.severity, lsp.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=lsp.CodeDescription(href=api.docs_url(rule)) if rule is not None else None,
        source=SOURCE,
        data=finding_data(version, finding),
    )


def diagnostics(
    report: api.FileReport, version: int, index: LineIndex, encoding: str, unsafe: bool
) -> list[lsp.Diagnostic]:
    return [diagnostic(f, version, index, encoding, unsafe) for f in report.findings]


def rule_crashes(report: api.FileReport) -> list[str]:
    """The report's internal errors (a rule that raised), for the log."""
    return [d.message for d in report.diagnostics if d.level == "error" and d.rule is not None]


def problems(report: api.FileReport) -> list[str]:
    """Why the file was not analysed at all (not UTF-8, binary, empty), for the log."""
    return [d.message for d in report.diagnostics if d.level == "error" and d.rule is None and d.offset is None]
