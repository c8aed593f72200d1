"""The engine: run the rules over one file's bytes, filter their findings, and fix.

Its entry point, `Engine.check(path, src, version)`, reads no disk for the
file itself: the bytes are given (an editor's unsaved buffer, a worker's
snapshot), so the CLI, the language server and the pull-request bot all
drive it the same way.  It never knows a rule by name: rules come as values.
A rule that raises is never silent: its exception becomes an error
diagnostic naming the rule, in the first pass or any later fix pass, and a
file whose fixing met such an error is left unfixed.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from dataclasses import dataclass

from gofixleak.engine import fixloop, restricted, suppression
from gofixleak.engine.config import Config
from gofixleak.engine.context import Context
from gofixleak.engine.results import Diagnostic, FileReport
from gofixleak.engine.rule import Finding, Rule, Severity
from gofixleak.fix import edits as editsmod
from gofixleak.semantics import facts as factsmod
from gofixleak.semantics.facts import PackageFacts, ParsedFile
from gofixleak.semantics.goversion import GoVersion
from gofixleak.semantics.typecheck import PackageSource, Program
from gofixleak.syntax import grammar, lines

__all__ = ["Config", "Diagnostic", "Engine", "FileReport", "FileSource", "SingleFileSource"]


class FileSource(PackageSource):
    """Where the engine gets parsed files and package facts from (see driver.loader.Loader)."""

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


@dataclass(frozen=True)
class RuleCrash:
    """A rule raised while checking a file."""

    rule: str
    message: str

    def diagnostic(self, during: str) -> Diagnostic:
        return Diagnostic(
            "error", f"internal error in {self.rule} {during}: {self.message}; please report it", rule=self.rule
        )


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
        if fix:
            report.fixed = src
        if not src.strip():
            report.skipped = "empty file: not a Go source file"
            report.diagnostics.append(Diagnostic("warning", report.skipped))
            return report
        active = self.rules_for(path, src)
        has_directive = suppression.DIRECTIVE.encode() in src
        if not active and not has_directive:
            return report
        parsed = self.loader.parsed_for(path, src)
        tree = parsed.tree
        if grammar.package_clause(tree) is None:
            report.skipped = "no package clause: not a Go source file"
            report.diagnostics.append(Diagnostic("warning", report.skipped))
            return report
        depth = grammar.too_deep(src, tree)
        if depth is not None:
            report.skipped = f"nested about {depth} levels deep (more than {grammar.MAX_NESTING}): not analysed"
            report.diagnostics.append(Diagnostic("warning", report.skipped))
            return report
        syntax_errors = grammar.error_spans(tree)
        for start, _ in syntax_errors[:3]:
            report.diagnostics.append(Diagnostic("warning", "syntax error; findings near it are skipped", start))
        report.findings, crashes = self.findings(path, src, tree, version, active)
        report.diagnostics.extend(c.diagnostic("while checking") for c in crashes)
        report.remaining = report.findings
        if not fix:
            return report
        if crashes:
            report.diagnostics.append(Diagnostic("error", "not fixed: a rule failed on this file"))
        elif syntax_errors:
            # like gofmt, which refuses to format a file that does not parse: a patch into
            # broken code could only be checked against a guess of what was meant
            if any(f.fixes for f in report.findings):
                report.diagnostics.append(Diagnostic("warning", "not fixed: the file has syntax errors"))
        else:
            fixloop.fix(self, report, tree)
        return report

    def rules_for(self, path: str, src: bytes) -> list[Rule]:
        """The enabled rules that could fire on this file (needles; test-file policy)."""
        is_test = path.endswith("_test.go")
        return [r for r in self.rules if r.wants(src) and (not is_test or r.reports_tests(self.config.options))]

    # --- analysis ----------------------------------------------------------------------

    def context(self, path: str, src: bytes, tree: grammar.Tree, version: GoVersion) -> Context:
        parsed = self.loader.parsed_for(path, src, tree)
        loader = self.loader

        def program() -> Program:
            return Program(loader.facts_for(parsed), loader)

        return Context(path, src, tree, version, parsed, program, self.config.options)

    def findings(
        self, path: str, src: bytes, tree: grammar.Tree, version: GoVersion, rules: list[Rule]
    ) -> tuple[list[Finding], list[RuleCrash]]:
        """Every rule's findings on these bytes, filtered, and the rules that raised."""
        ctx = self.context(path, src, tree, version)
        raw: list[Finding] = []
        crashes: list[RuleCrash] = []
        for rule in rules:
            ctx.rule = rule
            try:
                raw.extend(rule.check(ctx))
            except Exception as err:  # a rule bug must not stop the run, nor pass unseen
                if self.config.strict:
                    raise
                where = traceback.extract_tb(err.__traceback__)[-1]
                crashes.append(
                    RuleCrash(
                        rule.id,
                        f"{type(err).__name__}: {err} at {os.path.basename(where.filename)}:{where.lineno}",
                    )
                )
        ctx.rule = None
        found = self._filter(src, tree, raw, fixloop.broken_regions(tree))
        found = restricted.restrict(found, src, tree, ctx.file.import_path)
        return sorted(found, key=lambda f: (f.start, f.rule, f.end)), crashes

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
