"""Findings as text for people: `path:line:col: GFL001 message`, like go vet, and a summary.

`segments` gives the same text as (piece, role) pairs so a terminal front end
can colour it (roles: path, position, rule, message, frame, marker, note,
summary); `text` is the plain join.
"""

from __future__ import annotations

from gofixleak.driver import paths
from gofixleak.engine.results import FileReport
from gofixleak.engine.rule import Finding, Safety
from gofixleak.report.findings import ConfigLookup, counts, findings_of, position


def fix_note(finding: Finding) -> str:
    """How the best fix of a finding is offered: "fix: …", "unsafe fix (--unsafe-fixes): …", "suggestion: …"."""
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


Segment = tuple[str, str]  # (text, role)


def segments(reports: list[FileReport], config: ConfigLookup, frames: bool = False) -> list[Segment]:
    out: list[Segment] = []
    for report, finding in findings_of(reports):
        line, col = position(report.src, finding.start)
        out += [(paths.shown(report.display), "path"), (f":{line}:{col}:", "position"), (" ", "")]
        out += [(finding.rule, "rule"), (f" {finding.message}\n", "message")]
        if frames:
            frame = code_frame(report.src, finding.start, finding.end).splitlines(keepends=True)
            out += [(row, "marker" if i == 2 else "frame") for i, row in enumerate(frame)]
            note = fix_note(finding)
            if note:
                out.append((f"   = {note}\n", "note"))
            out.append(("\n", ""))
    out.append((summary(reports, config) + "\n", "summary"))
    return out


def text(reports: list[FileReport], config: ConfigLookup, frames: bool = False) -> str:
    return "".join(piece for piece, _ in segments(reports, config, frames))


def summary(reports: list[FileReport], config: ConfigLookup) -> str:
    c = counts(reports, config)
    files = f"{c['files']} file{'s' if c['files'] != 1 else ''}"
    if not c["findings"]:
        return f"No leaks found in {files}."
    # "in 2 of 40 files": how widespread the findings are, out of how many were checked.
    found = f"{c['findings']} finding{'s' if c['findings'] != 1 else ''}"
    head = f"Found {found} in {c['files_with_findings']} of {files}"
    extra = []
    if c["fixable"]:
        extra.append(f"{c['fixable']} fixable with `gofixleak fix`")
    if c["unsafe_fixable"]:
        extra.append(f"{c['unsafe_fixable']} more with --unsafe-fixes")
    return head + (f" ({', '.join(extra)})." if extra else ".")
