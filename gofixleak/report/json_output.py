"""Findings as JSON for tools (`--format json`)."""

from __future__ import annotations

import json

import gofixleak.rewrites as rewrites
from gofixleak.driver import paths
from gofixleak.engine.config import Config
from gofixleak.engine.results import FileReport
from gofixleak.report.findings import counts, findings_of, position


def _pos(src: bytes, offset: int) -> dict[str, int]:
    line, col = position(src, offset)
    return {"line": line, "column": col, "offset": offset}


def json_path(display: str) -> str:
    """The path for JSON: as it is when it is UTF-8 (JSON escapes the rest); C-quoted, as git
    quotes it, when the file system name is not UTF-8 and so has no JSON string."""
    try:
        display.encode("utf-8")
    except UnicodeEncodeError:
        return paths.c_quote(display)
    return display


def as_json(reports: list[FileReport], config: Config) -> str:
    names = {r.id: r.name for r in rewrites.all_rules()}
    findings = []
    for report, finding in findings_of(reports):
        src = report.src
        findings.append(
            {
                "path": json_path(report.display),
                "rule": finding.rule,
                "name": names.get(finding.rule, ""),
                "severity": str(finding.severity),
                "message": finding.message,
                "start": _pos(src, finding.start),
                "end": _pos(src, finding.end),
                "fixes": [
                    {
                        "message": fix.message,
                        "safety": str(fix.safety),
                        "applicable": config.fix_level.allows(fix.safety),
                        "imports": list(fix.imports),
                        "edits": [
                            {"start": _pos(src, e.start), "end": _pos(src, e.end), "text": e.text} for e in fix.edits
                        ],
                    }
                    for fix in finding.fixes
                ],
            }
        )
    diagnostics: list[dict[str, object]] = []
    for report in reports:
        for d in report.diagnostics:
            entry: dict[str, object] = {"path": json_path(report.display), "level": d.level, "message": d.message}
            if d.offset is not None:
                entry.update(_pos(report.src, d.offset))
            diagnostics.append(entry)
    document = {"findings": findings, "diagnostics": diagnostics, "summary": counts(reports, config)}
    return json.dumps(document, indent=2) + "\n"
