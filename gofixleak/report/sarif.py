"""Findings as SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers.

The contract (tests validate it against the official SARIF 2.1.0 schema):

- one run; `tool.driver` lists every rule (and GFL000, problems with
  suppressions) with id, name, short and full description, help (the rule's
  documentation as text and Markdown), `helpUri` to its page in docs/rules/,
  and its default level;
- each finding is a result with `ruleId`/`ruleIndex`, `level`, `message`, and
  one location: an artifact URI relative to `%SRCROOT%` (the folder gofixleak
  ran in, declared in `originalUriBaseIds`) and a region with 1-based lines
  and columns counted in Unicode code points (`columnKind`);
- `partialFingerprints["gofixleak/v1"]` hashes the rule, the path and the
  flagged code (not its line), numbered among identical ones, so re-runs and
  edits elsewhere in the file do not duplicate alerts;
- each available fix (safe, unsafe or suggestion: `properties.safety`) is a
  SARIF `fix` whose `artifactChanges` hold its replacements, imports included;
- file problems (syntax errors, unreadable files) are tool execution
  notifications of the invocation.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import gofixleak.rewrites as rewrites
from gofixleak import __version__
from gofixleak.engine.results import FileReport
from gofixleak.engine.rule import Edit, Finding, Fix, Severity
from gofixleak.engine.suppression import META_RULE
from gofixleak.fix.imports import import_edits
from gofixleak.report import docs
from gofixleak.report.findings import ConfigLookup, char_position, config_of, shown
from gofixleak.syntax import grammar

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "gofixleak/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptors() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for rule in rewrites.all_rules():
        page = docs.render(rule)
        out.append(
            {
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.summary},
                "help": {"text": f"{rule.summary}\n\n{rule.why}".strip(), "markdown": page},
                "helpUri": docs.rule_url(rule.id),
                "defaultConfiguration": {"level": _LEVELS[rule.severity]},
                "properties": {"tags": ["go", "memory-leak", rule.name], "fixSafety": str(rule.fix_safety)},
            }
        )
    out.append(
        {
            "id": META_RULE,
            "name": "invalid-suppression",
            "shortDescription": {"text": "a //gofixleak:ignore comment that does not apply"},
            "fullDescription": {
                "text": "A suppression comment without a reason, or naming a rule that does not exist, "
                "suppresses nothing."
            },
            "helpUri": docs.rule_url(None),
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["go", "suppression"]},
        }
    )
    return out


def _artifact(report: FileReport) -> dict[str, str]:
    # a name that is not UTF-8 (surrogate-escaped bytes) is percent-encoded byte for byte
    if os.path.isabs(report.display):
        return {"uri": "file://" + quote(report.display, errors="surrogateescape")}
    return {"uri": quote(report.display, errors="surrogateescape"), "uriBaseId": SRCROOT}


def _region(src: bytes, start: int, end: int) -> dict[str, int]:
    start_line, start_column = char_position(src, start)
    end_line, end_column = char_position(src, end)
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


class _Source:
    """One report's bytes with a parse made only when a fix needs imports."""

    def __init__(self, src: bytes):
        self.src = src
        self._tree: grammar.Tree | None = None

    def import_edits(self, imports: tuple[str, ...]) -> list[Edit]:
        if not imports:
            return []
        if self._tree is None:
            self._tree = grammar.parse(self.src)
        return import_edits(self.src, self._tree, list(imports))


def _fix(source: _Source, report: FileReport, fix: Fix, applicable: bool) -> dict[str, object]:
    edits = sorted([*fix.edits, *source.import_edits(tuple(fix.imports))], key=lambda e: (e.start, e.end))
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": _artifact(report),
                "replacements": [
                    {"deletedRegion": _region(source.src, e.start, e.end), "insertedContent": {"text": e.text}}
                    for e in edits
                ],
            }
        ],
        "properties": {"safety": str(fix.safety), "applicable": applicable},
    }


def _fingerprint(rule: str, uri: str, code: str, occurrence: int) -> str:
    normalized = " ".join(code.split())
    digest = hashlib.sha256(f"{rule}\0{uri}\0{normalized}".encode()).hexdigest()[:32]
    return f"{digest}:{occurrence}"


def _result(
    report: FileReport,
    source: _Source,
    finding: Finding,
    index: dict[str, int],
    seen: Counter[tuple[str, str, str]],
    config: ConfigLookup,
) -> dict[str, object]:
    artifact = _artifact(report)
    code = source.src[finding.start : finding.end].decode("utf-8", "replace")
    seen[(finding.rule, artifact["uri"], " ".join(code.split()))] += 1
    occurrence = seen[(finding.rule, artifact["uri"], " ".join(code.split()))]
    level = config_of(config, report).fix_level
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": _region(source.src, finding.start, finding.end),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: _fingerprint(finding.rule, artifact["uri"], code, occurrence)},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if finding.fixes:
        result["fixes"] = [_fix(source, report, f, level.allows(f.safety)) for f in finding.fixes]
    return result


def _notifications(reports: list[FileReport]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for report in reports:
        for d in report.diagnostics:
            location: dict[str, object] = {"artifactLocation": _artifact(report)}
            if d.offset is not None:
                location["region"] = _region(report.src, d.offset, d.offset)
            entry: dict[str, object] = {
                "level": "error" if d.level == "error" else "warning",
                "message": {"text": d.message},
                "locations": [{"physicalLocation": location}],
            }
            if d.rule is not None:
                entry["associatedRule"] = {"id": d.rule}
            out.append(entry)
    return out


def as_sarif(reports: list[FileReport], config: ConfigLookup, root: Path, *, after_fix: bool = False) -> str:
    """The SARIF log of a run from `root` (the folder report paths are relative to)."""
    rules = _rule_descriptors()
    index = {str(rule["id"]): i for i, rule in enumerate(rules)}
    results: list[dict[str, object]] = []
    for report in reports:
        src, findings = shown(report, after_fix)
        source = _Source(src)
        seen: Counter[tuple[str, str, str]] = Counter()
        results += [_result(report, source, f, index, seen, config) for f in findings]
    root_uri = root.resolve().as_uri().rstrip("/") + "/"
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gofixleak",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": docs.HOME,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not any(r.has_errors for r in reports),
                        "toolExecutionNotifications": _notifications(reports),
                    }
                ],
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
