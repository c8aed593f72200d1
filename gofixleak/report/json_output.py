"""Findings as JSON for tools (`--format json`).

The document's shape is a contract, written down as a JSON Schema in
docs/schema/gofixleak-report.schema.json (a test validates the output against
it).  `version` changes only when a field is removed or changes meaning;
new fields may appear within a version.
"""

from __future__ import annotations

import json

import gofixleak.rewrites as rewrites
from gofixleak import __version__
from gofixleak.driver import paths
from gofixleak.engine.results import FileReport
from gofixleak.report.findings import ConfigLookup, config_of, counts, findings_of, position

JSON_VERSION = 1


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


def as_json(reports: list[FileReport], config: ConfigLookup) -> str:
    names = {r.id: r.name for r in rewrites.all_rules()}
    findings = []
    for report, finding in findings_of(reports):
        src = report.src
        level = config_of(config, report).fix_level
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
                        "applicable": level.allows(fix.safety),
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
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "gofixleak", "version": __version__},
        "findings": findings,
        "diagnostics": diagnostics,
        "summary": counts(reports, config),
    }
    return json.dumps(document, indent=2) + "\n"
