"""The public API of gofixleak: what the CLI, the language server and the bot use, and nothing else.

A `Session` is opened on a root folder with `Settings`.  It checks one path
from bytes it is given (an editor's unsaved buffer: the disk copy of that path
is never read) or from disk, and many paths (files, folders, `./...`
patterns) in parallel.  Other files of the package come from the disk,
overlaid with any bytes set through `set_overlay` (other open buffers).  A
check returns the engine's `FileReport`: findings with their fixes, the fixed
bytes when asked, and diagnostics.  `patch` turns a report into a unified
diff; `write` puts fixed bytes on disk atomically, refusing a file that
changed since it was read, and never touches a path it was not asked about.

    session = Session("/path/to/module", Settings(unsafe_fixes=False))
    report = session.check("/path/to/module/pkg/a.go", buffer_bytes, fix=True)
    print(session.patch(report))
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak import __version__
from gofixleak.driver import fileio, runner
from gofixleak.driver.fileio import ChangedOnDisk, Snapshot
from gofixleak.driver.loader import Loader
from gofixleak.driver.runner import FileResult, Progress
from gofixleak.driver.workspace import Expansion, Workspace, is_generated
from gofixleak.engine import fixloop, suppression
from gofixleak.engine.checker import Config, Engine
from gofixleak.engine.results import AppliedFix, Diagnostic, FileReport
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety, Severity
from gofixleak.fix import edits as editsmod
from gofixleak.report import docs
from gofixleak.report.findings import applicable_fix, counts, findings_of, position
from gofixleak.report.json_output import as_json
from gofixleak.report.patch import PatchError, unified_diff
from gofixleak.report.text import code_frame, summary, text
from gofixleak.semantics.goversion import NEWEST, GoVersion
from gofixleak.syntax import grammar

__all__ = [
    "NEWEST",
    "AppliedFix",
    "ChangedOnDisk",
    "Diagnostic",
    "Edit",
    "Expansion",
    "FileReport",
    "FileResult",
    "Finding",
    "Fix",
    "GoVersion",
    "PatchError",
    "Progress",
    "Rule",
    "Safety",
    "Session",
    "Settings",
    "Severity",
    "Snapshot",
    "applicable_fix",
    "as_json",
    "code_frame",
    "counts",
    "docs_url",
    "edits_between",
    "explain",
    "find_rule",
    "findings_of",
    "is_generated",
    "new_syntax_errors",
    "position",
    "rules",
    "summary",
    "text",
    "unified_diff",
]


@dataclass(frozen=True)
class Settings:
    """What a user chooses: rules, fix level, Go version, rule options."""

    select: frozenset[str] | None = None  # rule ids or names; None means all
    ignore: frozenset[str] = frozenset()
    unsafe_fixes: bool = False
    go: GoVersion | None = None  # overrides go.mod and //go:build for every file
    options: Mapping[str, object] = field(default_factory=dict)  # "GFL005.any_version" -> True
    strict: bool = False  # re-raise a rule's exception (tests)

    @property
    def config(self) -> Config:
        return Config(self.select, self.ignore, self.unsafe_fixes, dict(self.options), self.strict)


def rules() -> tuple[Rule, ...]:
    """Every rule gofixleak has, in id order."""
    return rewrites.all_rules()


def find_rule(code: str) -> Rule | None:
    """A rule by id (any case) or name."""
    return rewrites.find_rule(code)


def new_syntax_errors(before: bytes, after: bytes) -> bool:
    """True when `after` has more syntax errors than `before` (a fix broke the parse)."""
    return len(grammar.error_spans(grammar.parse(after))) > len(grammar.error_spans(grammar.parse(before)))


def edits_between(old: bytes, new: bytes) -> list[Edit]:
    """Byte-offset edits of `old` (ascending, non-overlapping) that turn it into `new`; none splits
    a UTF-8 character or a CRLF."""
    return editsmod.between(old, new)


# Where each rule's documentation (docs/rules/<ID>.md) is published, per released version.
DOCS_URL = "https://github.com/gofixleak/gofixleak/blob/v{version}/docs/rules/{id}.md"


def docs_url(rule: Rule) -> str:
    """The web address of the rule's documentation for this version of gofixleak."""
    return DOCS_URL.format(version=__version__, id=rule.id)


def explain(rule: Rule) -> str:
    """The rule's documentation as Markdown (the same text as docs/rules/)."""
    return docs.render(rule)


class Session:
    """gofixleak opened on one root folder with one set of settings."""

    def __init__(self, root: str | os.PathLike[str] = ".", settings: Settings | None = None, *, static: bool = False):
        """`static`: the disk does not change while the session lives (a CLI run): each file is
        read and each folder listed once.  Otherwise every check re-validates what it uses."""
        self.root = Path(root).resolve()
        self.settings = settings or Settings()
        self.workspace = Workspace(self.root, self.settings.go)
        self._overlay: dict[str, bytes] = {}
        self.loader = Loader(self.workspace, overlay=self._overlay, static=static)
        self.engine = Engine(rewrites.all_rules(), self.settings.config, self.loader)

    @property
    def config(self) -> Config:
        return self.settings.config

    # --- buffers -------------------------------------------------------------------

    def set_overlay(self, path: str | os.PathLike[str], src: bytes | None) -> None:
        """Make `src` stand in for the disk copy of `path` (None: forget it, use the disk)."""
        key = os.path.abspath(path)
        if src is None:
            self._overlay.pop(key, None)
        else:
            self._overlay[key] = src

    # --- checking ------------------------------------------------------------------

    def version_for(self, path: str | os.PathLike[str], src: bytes) -> tuple[GoVersion, str]:
        """The Go language version the file gets, and where it came from."""
        return self.workspace.version_for(os.path.abspath(path), src)

    def check(self, path: str | os.PathLike[str], src: bytes | None = None, *, fix: bool = False) -> FileReport:
        """Check one file.  With `src`, those bytes are the file (the disk copy of `path` is not
        read); without, the file is read from disk (unreadable: a report with an error)."""
        abspath = os.path.abspath(path)
        if src is None:
            return self._check_disk(abspath, fix).report
        previous = self._overlay.get(abspath)
        self._overlay[abspath] = src
        try:
            version, note = self.workspace.version_for(abspath, src)
            report = self.engine.check(abspath, src, version, fix=fix)
        finally:
            if previous is None:
                self._overlay.pop(abspath, None)
            else:
                self._overlay[abspath] = previous
        report.display, report.version_note = self.workspace.display(abspath), note
        return report

    def _check_disk(self, abspath: str, fix: bool) -> FileResult:
        return runner.FileChecker(self.workspace, self.engine).check(abspath, True, fix)

    def expand(self, args: Iterable[str]) -> Expansion:
        """Files, folders and Go patterns (`./...`) as the go command would expand them."""
        return self.workspace.expand(list(args))

    def check_files(
        self,
        expansion: Expansion,
        *,
        fix: bool = False,
        jobs: int | None = None,
        progress: Progress | None = None,
    ) -> list[FileResult]:
        """Check the expanded files from disk, in parallel worker processes when it pays;
        `progress(done, total, display)` is called as files finish."""
        return runner.run(
            expansion.files, expansion.explicit, self.workspace, self.config, fix=fix, jobs=jobs, progress=progress
        )

    # --- one finding at a time (editor code actions) ------------------------------------

    def fixed_by(self, report: FileReport, fix: Fix) -> bytes | None:
        """The report's source after applying this one fix the way `fix` applies it in a pass of
        its own: its imports added, trailing comments re-aligned.  None when it cannot be applied
        alone: it touches a declaration with a syntax error, conflicts with its imports, or would
        not parse."""
        tree = self._tree(report)
        broken = fixloop.broken_regions(tree)
        result = fixloop.apply_fixes(report.src, tree, [fix], broken, fixloop.newline_of(report.src))
        return None if result is None else result[0]

    def suppression_edit(self, report: FileReport, finding: Finding, reason: str = "") -> Edit | None:
        """The edit adding `//gofixleak:ignore <rule> <reason>` for this finding: on its own line
        above the finding's line, else trailing it; None where a comment cannot go (see
        `engine.suppression.insertion`).  Without a reason the comment does not apply yet (it is
        reported as GFL000 until one is written)."""
        return suppression.insertion(report.src, self._tree(report), finding.start, finding.rule, reason)

    def _tree(self, report: FileReport) -> grammar.Tree:
        # the loader keeps the tree of the bytes it last parsed for this path (an open buffer)
        return self.loader.parsed_for(report.path, report.src).tree

    # --- results ---------------------------------------------------------------------

    def patch(self, report: FileReport) -> str:
        """The unified diff from the report's source to its fixed bytes ("" when unchanged)."""
        if report.fixed is None or report.fixed == report.src:
            return ""
        return unified_diff(report.src, report.fixed, report.display)

    def write(self, result: FileResult) -> bool:
        """Write the fixed bytes of a file read from disk; False when there is nothing to write.
        Raises ChangedOnDisk when the file changed since it was read, OSError when it cannot
        be written."""
        report = result.report
        if not report.changed or result.snapshot is None or report.fixed is None:
            return False
        fileio.write_if_unchanged(result.snapshot, report.fixed)
        return True
