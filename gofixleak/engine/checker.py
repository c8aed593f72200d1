"""The engine: run the rules over one file's bytes, filter, and apply fixes to a fixpoint.

Its entry point, `Engine.check(path, src, version)`, touches no disk for the
file itself, so the CLI, the language server (unsaved buffers) and the
pull-request bot all drive it the same way.  It never knows a rule by name:
rules come from the registry as values.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field

from gofixleak.engine import restricted, suppression
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Fix, Rule, Safety, Severity
from gofixleak.fix import edits as editsmod
from gofixleak.fix import imports, layout
from gofixleak.semantics import facts as factsmod
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.semantics.goversion import GoVersion
from gofixleak.semantics.typecheck import PackageSource, Program
from gofixleak.syntax import grammar, lines

MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class Config:
    select: frozenset[str] | None = None  # rule ids or names; None means all
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    options: dict[str, object] = field(default_factory=dict)  # rule options, e.g. {"GFL005.ignore_version_gate": True}
    strict: bool = False  # re-raise a rule's exception instead of reporting it (tests)

    def enabled(self, rule_id: str, rule_name: str = "") -> bool:
        names = {rule_id, rule_name}
        if self.select is not None and not (names & self.select or "ALL" in self.select):
            return False
        return not names & self.ignore

    @property
    def fix_level(self) -> Safety:
        return Safety.UNSAFE if self.unsafe_fixes else Safety.SAFE


@dataclass(frozen=True)
class Diagnostic:
    """Something to tell the user about a file that is not a rule finding."""

    level: str  # "error" or "warning"
    message: str
    offset: int | None = None


@dataclass(frozen=True)
class AppliedFix:
    rule: str
    message: str
    line: int


@dataclass
class FileReport:
    path: str
    src: bytes
    version: GoVersion
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: bytes | None = None  # the source after applying fixes, when fixes were asked for
    applied: list[AppliedFix] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # findings left after fixing
    skipped: str | None = None  # why the file was not analysed at all

    @property
    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.diagnostics)


class FileSource(PackageSource):
    """Where the engine gets parsed files and package facts from (see loader.Loader)."""

    def parsed_for(self, path: str, src: bytes, tree: grammar.Tree | None = None) -> ParsedFile:
        raise NotImplementedError

    def facts_for(self, parsed: ParsedFile) -> PackageFacts:
        raise NotImplementedError


class SingleFileSource(FileSource):
    """No disk at all: the package is the one file (used when no loader is given)."""

    def parsed_for(self, path: str, src: bytes, tree: grammar.Tree | None = None) -> ParsedFile:
        tree = tree if tree is not None else grammar.parse(src)
        parsed = ParsedFile(path, src, tree, grammar.package_name(tree), os.path.dirname(path) or ".")
        factsmod.read_imports(parsed)
        return parsed

    def facts_for(self, parsed: ParsedFile) -> PackageFacts:
        return factsmod.build_package(parsed.import_path, [parsed])


def source_problem(src: bytes) -> str | None:
    """Why these bytes cannot be Go source at all, or None."""
    if b"\x00" in src:
        return "binary file (contains NUL bytes), not Go source"
    try:
        src.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"not valid UTF-8 at byte {err.start} (Go source must be UTF-8)"
    return None


def newline_of(src: bytes) -> str:
    crlf = src.count(b"\r\n")
    return "\r\n" if crlf and crlf * 2 >= src.count(b"\n") else "\n"


class Engine:
    def __init__(
        self,
        rules: Iterable[Rule],
        config: Config | None = None,
        loader: FileSource | None = None,
    ):
        self.config = config or Config()
        self.all_rules = list(rules)
        self.rules = [r for r in self.all_rules if self.config.enabled(r.id, r.name)]
        self.known_ids = {r.id for r in self.all_rules} | {r.name for r in self.all_rules}
        self.loader = loader or SingleFileSource()

    # --- the entry point ---------------------------------------------------------------

    def check(self, path: str, src: bytes, version: GoVersion, *, fix: bool = False) -> FileReport:
        """Findings for one file (and, with `fix`, the source with every applicable fix applied)."""
        report = FileReport(path, src, version)
        problem = source_problem(src)
        if problem is not None:
            report.skipped = problem
            report.diagnostics.append(Diagnostic("error", problem))
            return report
        if not src.strip():
            report.skipped = "empty file: not a Go source file"
            report.diagnostics.append(Diagnostic("warning", report.skipped))
            if fix:
                report.fixed = src
            return report
        active = [r for r in self.rules if r.wants(src)]
        has_directive = suppression.DIRECTIVE.encode() in src
        if not active and not has_directive:
            if fix:
                report.fixed = src
            return report
        parsed = self.loader.parsed_for(path, src)
        tree = parsed.tree
        if grammar.package_clause(tree) is None:
            what = "empty file" if not src.strip() else "no package clause"
            report.skipped = f"{what}: not a Go source file"
            report.diagnostics.append(Diagnostic("warning", report.skipped))
            if fix:
                report.fixed = src
            return report
        broken = broken_regions(tree)
        for start, _ in grammar.error_spans(tree)[:3]:
            report.diagnostics.append(
                Diagnostic("warning", "syntax error; findings near it are skipped and nothing near it is edited", start)
            )
        report.findings = self._findings(path, src, tree, version, active, broken, report)
        report.remaining = report.findings
        if fix:
            report.fixed, report.applied, report.remaining = self._fix(path, src, tree, version, active, report)
        return report

    # --- analysis ----------------------------------------------------------------------

    def _context(self, path: str, src: bytes, tree: grammar.Tree, version: GoVersion) -> Context:
        parsed = self.loader.parsed_for(path, src, tree)
        loader = self.loader

        def program() -> Program:
            return Program(loader.facts_for(parsed), loader)

        return Context(path, src, tree, version, parsed, program, self.config.options)

    def _findings(
        self,
        path: str,
        src: bytes,
        tree: grammar.Tree,
        version: GoVersion,
        rules: list[Rule],
        broken: list[tuple[int, int]],
        report: FileReport | None,
    ) -> list[Finding]:
        ctx = self._context(path, src, tree, version)
        raw: list[Finding] = []
        for rule in rules:
            ctx.rule = rule
            try:
                raw.extend(rule.check(ctx))
            except Exception as err:  # a rule bug must not stop the run
                if self.config.strict:
                    raise
                if report is not None:
                    where = traceback.extract_tb(err.__traceback__)[-1]
                    report.diagnostics.append(
                        Diagnostic(
                            "warning",
                            f"internal error in {rule.id} ({type(err).__name__}: {err} at "
                            f"{os.path.basename(where.filename)}:{where.lineno}); please report it",
                        )
                    )
        ctx.rule = None
        found = self._filter(src, tree, raw, broken)
        found = restricted.restrict(found, src, tree, ctx.file.import_path)
        return sorted(found, key=lambda f: (f.start, f.rule, f.end))

    def _filter(
        self, src: bytes, tree: grammar.Tree, raw: list[Finding], broken: list[tuple[int, int]]
    ) -> list[Finding]:
        names = {r.id: r.name for r in self.all_rules}
        directives = suppression.find(src, tree)
        out: list[Finding] = []
        for finding in raw:
            if editsmod.touches(editsmod.Edit(finding.start, finding.end, ""), broken):
                continue
            line = lines.line_of(src, finding.start)
            if any(d.covers(finding.rule, names.get(finding.rule, ""), line) for d in directives):
                continue
            fixes = tuple(f for f in finding.fixes if not any(editsmod.touches(e, broken) for e in f.edits))
            if fixes != finding.fixes:
                finding = Finding(finding.rule, finding.start, finding.end, finding.message, fixes, finding.severity)
            out.append(finding)
        if self.config.enabled(suppression.META_RULE):
            for problem in suppression.problems(directives, self.known_ids):
                out.append(
                    Finding(
                        suppression.META_RULE, problem.start, problem.end, problem.message, severity=Severity.WARNING
                    )
                )
        return out

    # --- fixing ------------------------------------------------------------------------

    def _fix(
        self,
        path: str,
        src: bytes,
        tree: grammar.Tree,
        version: GoVersion,
        rules: list[Rule],
        report: FileReport,
    ) -> tuple[bytes, list[AppliedFix], list[Finding]]:
        level = self.config.fix_level
        newline = newline_of(src)
        rejected: set[tuple] = set()
        applied: list[AppliedFix] = []
        current, current_tree = src, tree
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
            result = self._apply(current, current_tree, [fix for _, fix in chosen_pairs], broken, newline)
            if result is None:
                # find the culprit(s) one by one; keep the fixes that are fine alone
                good = []
                for pair in chosen_pairs:
                    if self._apply(current, current_tree, [pair[1]], broken, newline) is None:
                        rejected.add(_fix_key(*pair))
                        report.diagnostics.append(
                            Diagnostic("warning", f"{pair[0].rule} fix rejected: it would not parse", pair[0].start)
                        )
                    else:
                        good.append(pair)
                if not good:
                    break
                chosen_pairs = good
                result = self._apply(current, current_tree, [fix for _, fix in good], broken, newline)
                if result is None:
                    break
            for finding, fix in chosen_pairs:
                applied.append(AppliedFix(finding.rule, fix.message, lines.line_of(current, finding.start)))
            current, current_tree = result
            # a fix may write what another rule looks for (time.Tick -> time.After): re-check the needles
            rules = [r for r in self.rules if r.wants(current)]
            findings = self._findings(path, current, current_tree, version, rules, broken_regions(current_tree), None)
        return current, applied, findings

    def _apply(
        self,
        src: bytes,
        tree: grammar.Tree,
        fixes: list[Fix],
        broken: list[tuple[int, int]],
        newline: str,
    ) -> tuple[bytes, grammar.Tree] | None:
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
