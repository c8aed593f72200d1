"""Fixing one file to a fixpoint, as ruff does.

Each pass takes, per finding, the first fix the configured level allows,
keeps those whose edits do not conflict, adds the union of their imports,
applies everything, re-aligns trailing comments on changed lines and
re-parses.  A pass whose result does not parse is narrowed down fix by fix:
a fix that breaks the parse on its own is rejected (with a warning) and the
rest are applied.  After each pass the rules run again on the new bytes
(a fix may write what another rule looks for) until no fix applies, at most
MAX_FIX_PASSES times.  If a rule raises in a later pass, the file is left
unfixed: a half-fixed file whose last pass nobody could check is worse
than none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gofixleak.engine.results import AppliedFix, Diagnostic, FileReport
from gofixleak.engine.rule import Finding, Fix
from gofixleak.fix import edits as editsmod
from gofixleak.fix import imports, layout
from gofixleak.syntax import grammar, lines

if TYPE_CHECKING:
    from gofixleak.engine.checker import Engine

MAX_FIX_PASSES = 10


def newline_of(src: bytes) -> str:
    crlf = src.count(b"\r\n")
    return "\r\n" if crlf and crlf * 2 >= src.count(b"\n") else "\n"


def fix(engine: Engine, report: FileReport, tree: grammar.Tree) -> None:
    """Set `report.fixed`, `.applied` and `.remaining` from the report's first-pass findings."""
    level = engine.config.fix_level
    newline = newline_of(report.src)
    rejected: set[tuple] = set()
    applied: list[AppliedFix] = []
    current, current_tree = report.src, tree
    findings = report.findings
    for _ in range(MAX_FIX_PASSES):
        broken = broken_regions(current_tree)
        candidates: list[tuple[Finding, Fix]] = []
        for finding in findings:
            for candidate in finding.fixes:
                if level.allows(candidate.safety) and _fix_key(finding, candidate) not in rejected:
                    candidates.append((finding, candidate))
                    break
        candidates.sort(key=lambda fc: fc[1].span)
        chosen = editsmod.select_compatible(fix for _, fix in candidates)
        # findings that share one fix (a local copied once where it is made) are all fixed by it
        chosen_pairs = [fc for fc in candidates if any(fc[1] is c or fc[1].edits == c.edits for c in chosen)]
        if not chosen_pairs:
            break
        result = apply_fixes(current, current_tree, [fix for _, fix in chosen_pairs], broken, newline)
        if result is None:
            good = []
            for pair in chosen_pairs:
                if apply_fixes(current, current_tree, [pair[1]], broken, newline) is None:
                    rejected.add(_fix_key(*pair))
                    report.diagnostics.append(
                        Diagnostic("warning", f"{pair[0].rule} fix rejected: it would not parse", pair[0].start)
                    )
                else:
                    good.append(pair)
            if not good:
                break
            chosen_pairs = good
            result = apply_fixes(current, current_tree, [fix for _, fix in good], broken, newline)
            if result is None:
                break
        for finding, fix_ in chosen_pairs:
            applied.append(AppliedFix(finding.rule, fix_.message, lines.line_of(current, finding.start)))
        current, current_tree = result
        rules = engine.rules_for(report.path, current)
        findings, crashes = engine.findings(report.path, current, current_tree, report.version, rules)
        if crashes:
            report.diagnostics.extend(c.diagnostic("in a later fix pass") for c in crashes)
            report.diagnostics.append(Diagnostic("error", "not fixed: a rule failed on the partly fixed file"))
            report.fixed, report.applied, report.remaining = report.src, [], report.findings
            return
    report.fixed, report.applied, report.remaining = current, applied, findings


def apply_fixes(
    src: bytes,
    tree: grammar.Tree,
    fixes: list[Fix],
    broken: list[tuple[int, int]],
    newline: str,
) -> tuple[bytes, grammar.Tree] | None:
    """The bytes and tree after `fixes` (with their imports and comment realignment), or None
    when they conflict, touch a broken region, or add a syntax error."""
    all_edits = [e for f in fixes for e in f.edits]
    wanted = sorted({path for f in fixes for path in f.imports})
    import_edits = imports.import_edits(src, tree, wanted)
    if any(editsmod.touches(e, broken) for e in import_edits):
        return None
    if any(editsmod.conflicts(a, b) for a in import_edits for b in all_edits):
        return None
    try:
        new_src = editsmod.apply(src, all_edits + import_edits, newline)
    except editsmod.EditConflict:
        return None
    new_tree = grammar.parse(new_src)
    if len(grammar.error_spans(new_tree)) > len(grammar.error_spans(tree)):
        return None
    # keep gofmt's alignment of trailing comments around the lines we changed
    realign = layout.realign_trailing_comments(new_src, new_tree, layout.changed_lines(src, new_src))
    if realign:
        new_src = editsmod.apply(new_src, realign, newline)
        new_tree = grammar.parse(new_src)
    if grammar.package_clause(new_tree) is None:
        return None
    return new_src, new_tree


def _fix_key(finding: Finding, fix: Fix) -> tuple:
    return (finding.rule, finding.message, tuple((e.text,) for e in fix.edits))


def broken_regions(tree: grammar.Tree) -> list[tuple[int, int]]:
    """The top-level declarations that contain a syntax error (no finding or edit goes there)."""
    spans = grammar.error_spans(tree)
    if not spans:
        return []
    regions = []
    top = grammar.top_level(tree) + [c for c in tree.root_node.children if grammar.is_error(c)]
    for start, end in spans:
        region = (start, end)
        for decl in top:
            if decl.start_byte <= start and end <= max(decl.end_byte, decl.start_byte + 1):
                region = (min(decl.start_byte, start), max(decl.end_byte, end))
                break
        regions.append(region)
    return sorted(set(regions))
