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

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak.driver import fileio, interrupts, paths, runner
from gofixleak.driver import verify as verification
from gofixleak.driver.fileio import DEFAULT_MAX_FILE_SIZE, ChangedOnDisk, Snapshot
from gofixleak.driver.interrupts import Terminated
from gofixleak.driver.loader import Loader
from gofixleak.driver.runner import FileResult, Progress
from gofixleak.driver.verify import Dropped, PackageCheck, Verification, VerifyError, find_go
from gofixleak.driver.workspace import Expansion, Workspace, is_generated
from gofixleak.engine.checker import Config, Engine
from gofixleak.engine.results import AppliedFix, Diagnostic, FileReport
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety, Severity
from gofixleak.report import docs
from gofixleak.report.findings import applicable_fix, counts, findings_of, position
from gofixleak.report.json_output import as_json
from gofixleak.report.patch import PatchError, unified_diff
from gofixleak.report.text import code_frame, summary, text
from gofixleak.semantics import goversion
from gofixleak.semantics.goversion import NEWEST, GoVersion
from gofixleak.syntax import grammar

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "NEWEST",
    "AppliedFix",
    "ChangedOnDisk",
    "Diagnostic",
    "Dropped",
    "Edit",
    "Expansion",
    "FileReport",
    "FileResult",
    "Finding",
    "Fix",
    "GoVersion",
    "PackageCheck",
    "PatchError",
    "Progress",
    "Rule",
    "Safety",
    "Session",
    "Settings",
    "Severity",
    "Snapshot",
    "Terminated",
    "Verification",
    "VerifyError",
    "applicable_fix",
    "as_json",
    "code_frame",
    "counts",
    "explain",
    "find_go",
    "install_interrupt_handlers",
    "find_rule",
    "findings_of",
    "is_generated",
    "new_syntax_errors",
    "parse_go_version",
    "position",
    "restore_interrupt_handlers",
    "rules",
    "shown_path",
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
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; larger files are skipped, never read

    @property
    def config(self) -> Config:
        return Config(self.select, self.ignore, self.unsafe_fixes, dict(self.options), self.strict)


def install_interrupt_handlers() -> list[tuple[int, object]]:
    """Stop cleanly on SIGINT (KeyboardInterrupt) and SIGTERM (Terminated); returns what
    `restore_interrupt_handlers` puts back.  Front ends that run to completion use it."""
    return interrupts.install()


def restore_interrupt_handlers(previous: list[tuple[int, object]]) -> None:
    interrupts.restore(previous)


def shown_path(display: str) -> str:
    """A file name for output: as it is, or C-quoted as git quotes it when it is not plain text."""
    return paths.shown(display)


def parse_go_version(value: str) -> GoVersion:
    """A Go 1.x language version gofixleak knows; ValueError saying which it knows otherwise."""
    return goversion.parse_known(value)


def rules() -> tuple[Rule, ...]:
    """Every rule gofixleak has, in id order."""
    return rewrites.all_rules()


def find_rule(code: str) -> Rule | None:
    """A rule by id (any case) or name."""
    return rewrites.find_rule(code)


def new_syntax_errors(before: bytes, after: bytes) -> bool:
    """True when `after` has more syntax errors than `before` (a fix broke the parse)."""
    return len(grammar.error_spans(grammar.parse(after))) > len(grammar.error_spans(grammar.parse(before)))


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
        self.workspace = Workspace(self.root, self.settings.go, self.settings.max_file_size)
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

    def module_root(self, path: str | os.PathLike[str]) -> Path | None:
        """The folder of the go.mod that governs `path` (a file or folder), or None outside modules."""
        absolute = Path(os.path.abspath(path))
        module = self.workspace.module_for(absolute if absolute.is_dir() else absolute.parent)
        return module.root if module is not None else None

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
        interrupts.raise_if_stopped()
        fileio.write_if_unchanged(result.snapshot, report.fixed)
        return True

    # --- verification ------------------------------------------------------------------

    def verify(
        self, results: list[FileResult], *, go: str | None = None, env: Mapping[str, str] | None = None
    ) -> Verification:
        """Build and vet every package the results change with `go build/vet -overlay` (nothing is
        written), compared with the unfixed package; fixes that newly break a package are dropped
        (narrowed to files, then rules).  Without a go command (`go`, else PATH) nothing is
        verified and `Verification.ran` is False.  Raises VerifyError when go cannot be run."""
        return verification.verify(results, self.workspace, self._refix, go=go, env=env)

    def _refix(self, result: FileResult, excluded: frozenset[str]) -> FileReport:
        """The file's fix loop again, from the same bytes, without the `excluded` rules."""
        config = dataclasses.replace(self.config, ignore=self.config.ignore | excluded)
        engine = Engine(rewrites.all_rules(), config, self.loader)
        original = result.report
        report = engine.check(original.path, original.src, original.version, fix=True)
        report.display, report.version_note = original.display, original.version_note
        return report
