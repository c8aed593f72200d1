"""Turning results into text for people (go vet / ruff style) and JSON for tools.

Offsets are bytes inside gofixleak; here, at the edge, they become 1-based
lines and 1-based byte columns (as go vet prints them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from gofixleak import rewrites
from gofixleak.driver.runner import FileResult
from gofixleak.engine.checker import Config
from gofixleak.engine.rule import Finding, Safety
from gofixleak.syntax import lines


def position(src: bytes, offset: int) -> tuple[int, int]:
    return lines.position(src, offset)


def applicable_fix(finding: Finding, config: Config):
    level = config.fix_level
    return next((f for f in finding.fixes if level.allows(f.safety)), None)


def _fix_note(finding: Finding, config: Config) -> str:
    if not finding.fixes:
        return ""
    best = min(finding.fixes, key=lambda f: f.safety.rank)
    if best.safety is Safety.SAFE:
        return f"fix: {best.message}"
    if best.safety is Safety.UNSAFE:
        return f"unsafe fix (--unsafe-fixes): {best.message}"
    return f"suggestion: {best.message}"


def code_frame(src: bytes, start: int, end: int) -> str:
    line_no, col = position(src, start)
    line_start = src.rfind(b"\n", 0, start) + 1
    line_end = src.find(b"\n", start)
    line_end = len(src) if line_end < 0 else line_end
    line = src[line_start:line_end].decode("utf-8", "replace").rstrip("\r")
    expanded = line.replace("\t", "    ")
    prefix = src[line_start:start].decode("utf-8", "replace").replace("\t", "    ")
    width = max(1, len(src[start : min(end, line_end)].decode("utf-8", "replace")))
    gutter = " " * len(str(line_no))
    return f" {gutter} |\n {line_no} | {expanded}\n {gutter} | {' ' * len(prefix)}{'^' * width}\n"


def findings_of(results: Iterable[FileResult]) -> list[tuple[FileResult, Finding]]:
    out = []
    for result in results:
        if result.report is not None:
            out.extend((result, f) for f in result.report.findings)
    return out


def text(results: list[FileResult], config: Config, frames: bool = False) -> str:
    lines: list[str] = []
    for result, finding in findings_of(results):
        src = result.report.src  # type: ignore[union-attr]
        line, col = position(src, finding.start)
        lines.append(f"{result.display}:{line}:{col}: {finding.rule} {finding.message}\n")
        if frames:
            lines.append(code_frame(src, finding.start, finding.end))
            note = _fix_note(finding, config)
            if note:
                lines.append(f"   = {note}\n")
            lines.append("\n")
    lines.append(summary(results, config) + "\n")
    return "".join(lines)


def counts(results: list[FileResult], config: Config) -> dict[str, int]:
    found = findings_of(results)
    fixable = sum(1 for _, f in found if applicable_fix(f, config) is not None)
    unsafe = sum(
        1 for _, f in found if applicable_fix(f, config) is None and any(x.safety is Safety.UNSAFE for x in f.fixes)
    )
    return {
        "files": sum(1 for r in results if r.report is not None and r.report.skipped is None),
        "files_with_findings": len({id(r) for r, _ in found}),
        "findings": len(found),
        "fixable": fixable,
        "unsafe_fixable": unsafe,
    }


def summary(results: list[FileResult], config: Config) -> str:
    c = counts(results, config)
    files = f"{c['files']} file{'s' if c['files'] != 1 else ''}"
    if not c["findings"]:
        return f"No leaks found in {files}."
    # "in 2 of 40 files": how widespread the findings are, out of how many were checked.
    found = f"{c['findings']} finding{'s' if c['findings'] != 1 else ''}"
    parts = [f"Found {found} in {c['files_with_findings']} of {files}"]
    extra = []
    if c["fixable"]:
        extra.append(f"{c['fixable']} fixable with `gofixleak fix`")
    if c["unsafe_fixable"]:
        extra.append(f"{c['unsafe_fixable']} more with --unsafe-fixes")
    return parts[0] + (f" ({', '.join(extra)})." if extra else ".")


def _pos(src: bytes, offset: int) -> dict[str, int]:
    line, col = position(src, offset)
    return {"line": line, "column": col, "offset": offset}


def as_json(results: list[FileResult], config: Config) -> str:
    names = {r.id: r.name for r in rewrites.all_rules()}
    findings = []
    for result, finding in findings_of(results):
        src = result.report.src  # type: ignore[union-attr]
        findings.append(
            {
                "path": result.display,
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
    diagnostics = []
    for result in results:
        if result.error:
            diagnostics.append({"path": result.display, "level": "error", "message": result.error})
        if result.report is None:
            continue
        for d in result.report.diagnostics:
            entry = {"path": result.display, "level": d.level, "message": d.message}
            if d.offset is not None:
                entry.update(_pos(result.report.src, d.offset))
            diagnostics.append(entry)
    return (
        json.dumps({"findings": findings, "diagnostics": diagnostics, "summary": counts(results, config)}, indent=2)
        + "\n"
    )
