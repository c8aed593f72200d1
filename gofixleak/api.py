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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypedDict, Unpack

import gofixleak.rewrites as rewrites
from gofixleak.driver import cache as cachemod
from gofixleak.driver import fileio, interrupts, paths, runner
from gofixleak.driver import verify as verification
from gofixleak.driver.config import (
    ConfigError,
    ConfigFinder,
    FileSettings,
    ProjectConfig,
    Settings,
    config_key,
    resolve,
)
from gofixleak.driver.fileio import DEFAULT_MAX_FILE_SIZE, ChangedOnDisk, Snapshot
from gofixleak.driver.interrupts import Terminated
from gofixleak.driver.loader import Loader
from gofixleak.driver.runner import FileResult, Plan, Progress
from gofixleak.driver.shard import parse as parse_shard
from gofixleak.driver.shard import select as select_shard
from gofixleak.driver.verify import Dropped, PackageCheck, Verification, VerifyError, find_go
from gofixleak.driver.workspace import Expansion, Workspace, is_generated
from gofixleak.engine import fixloop, suppression
from gofixleak.engine.checker import Config, Engine
from gofixleak.engine.results import AppliedFix, Diagnostic, FileReport
from gofixleak.engine.rule import Edit, Finding, Fix, Rule, Safety, Severity
from gofixleak.fix import edits as editsmod
from gofixleak.report import docs
from gofixleak.report.findings import applicable_fix, counts, findings_of, position
from gofixleak.report.github import as_github
from gofixleak.report.json_output import JSON_VERSION, as_json
from gofixleak.report.patch import PatchError, unified_diff
from gofixleak.report.sarif import as_sarif
from gofixleak.report.statistics import RuleCount, statistics, statistics_json, statistics_text
from gofixleak.report.text import code_frame, segments, summary, text
from gofixleak.semantics import goversion
from gofixleak.semantics.goversion import NEWEST, GoVersion
from gofixleak.syntax import grammar

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "JSON_VERSION",
    "NEWEST",
    "AppliedFix",
    "ChangedOnDisk",
    "ConfigError",
    "Diagnostic",
    "Dropped",
    "Edit",
    "Expansion",
    "FileReport",
    "FileResult",
    "FileSettings",
    "Finding",
    "Fix",
    "GoVersion",
    "PackageCheck",
    "PatchError",
    "Progress",
    "ProjectConfig",
    "Rule",
    "Safety",
    "Session",
    "Settings",
    "Severity",
    "Snapshot",
    "RuleCount",
    "Terminated",
    "Verification",
    "VerifyError",
    "applicable_fix",
    "as_github",
    "as_json",
    "as_sarif",
    "code_frame",
    "counts",
    "docs_url",
    "edits_between",
    "explain",
    "find_go",
    "install_interrupt_handlers",
    "find_rule",
    "findings_of",
    "is_generated",
    "new_syntax_errors",
    "parse_go_version",
    "parse_shard",
    "position",
    "restore_interrupt_handlers",
    "rules",
    "segments",
    "shown_path",
    "statistics",
    "statistics_json",
    "statistics_text",
    "summary",
    "text",
    "unified_diff",
    "write_output",
]


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


def edits_between(old: bytes, new: bytes) -> list[Edit]:
    """Byte-offset edits of `old` (ascending, non-overlapping) that turn it into `new`; none splits
    a UTF-8 character or a CRLF."""
    return editsmod.between(old, new)


def docs_url(rule: Rule | str) -> str:
    """The web address of a rule's documentation (docs/rules/<ID>.md) for this version."""
    return docs.rule_url(rule if isinstance(rule, str) else rule.id)


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write an output file (`--output-file`) atomically: a reader never sees half of it.
    Raises OSError."""
    fileio.write_atomic(os.fspath(path), text.encode("utf-8"))


def explain(rule: Rule) -> str:
    """The rule's documentation as Markdown (the same text as docs/rules/)."""
    return docs.render(rule)


class RunOptions(TypedDict, total=False):
    """How `Session.check_files` / `stream_files` run (see `stream_files`)."""

    fix: bool
    jobs: int | None
    progress: Progress | None
    cache: bool
    cache_dir: str | os.PathLike[str] | None


class Session:
    """gofixleak opened on one root folder with the settings a user chose explicitly.

    Each file is checked with the settings in force for it: the explicit settings, over the
    nearest configuration file (`gofixleak.toml` / `.gofixleak.toml`), over the defaults
    (`settings_for`).  A configuration file that is wrong raises `ConfigError` (file, line,
    key) from the call that needed it."""

    def __init__(self, root: str | os.PathLike[str] = ".", settings: Settings | None = None, *, static: bool = False):
        """`static`: the disk does not change while the session lives (a CLI run): each file is
        read and each folder listed once.  Otherwise every check re-validates what it uses.
        Raises ConfigError when `settings.config_file` is wrong."""
        self.root = Path(root).resolve()
        self.settings = settings or Settings()
        self.workspace = Workspace(self.root, self.settings.go, self.settings.max_file_size)
        self._overlay: dict[str, bytes] = {}
        self.loader = Loader(self.workspace, overlay=self._overlay, static=static)
        self.configs = ConfigFinder(self.root, self.settings.config_file, self.settings.isolated, static=static)
        self.engine = Engine(rewrites.all_rules(), self.settings.config, self.loader)
        self._engines = {config_key(self.engine.config): self.engine}
        self.last_cache: cachemod.Cache | None = None  # the cache of the last check_files run
        self._unconfigured: Plan | None = None  # the plan of files no configuration file governs
        self._static = static
        self._folder_projects: dict[str, ProjectConfig | None] = {}

    @property
    def config(self) -> Config:
        """The explicit settings over the defaults (no configuration file)."""
        return self.settings.config

    # --- settings in force -----------------------------------------------------------

    def settings_for(self, path: str | os.PathLike[str]) -> FileSettings:
        """The settings in force for one file, and where each came from."""
        absolute = Path(os.path.abspath(path))
        return resolve(self.settings, self.configs.for_file(absolute), absolute)

    def config_for(self, path: str | os.PathLike[str]) -> Config:
        """The engine configuration a file is checked with (output formats use it to tell which
        fixes apply)."""
        return self.settings_for(path).config

    def _engine_for(self, config: Config) -> Engine:
        key = config_key(config)
        if key not in self._engines:
            self._engines[key] = Engine(rewrites.all_rules(), config, self.loader)
        return self._engines[key]

    def _plan(self, path: str) -> Plan:
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        if folder in self._folder_projects:  # a static session: one look-up per folder
            project = self._folder_projects[folder]
        else:
            project = self.configs.for_file(Path(absolute))
            if self._static:
                self._folder_projects[folder] = project
        if project is None and self._unconfigured is not None:
            return self._unconfigured  # no configuration file: the same for every file
        resolved = resolve(self.settings, project, Path(absolute))
        go = resolved.go if self.settings.go is None else None  # an explicit version is the workspace's
        plan = Plan(resolved.config, go, resolved.go_origin if go is not None else "")
        if project is None:
            self._unconfigured = plan
        return plan

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
        plan = self._plan(os.path.abspath(path))
        if plan.go is not None:
            return plan.go, plan.go_note
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
            version, note = self.version_for(abspath, src)
            report = self._engine_for(self.config_for(abspath)).check(abspath, src, version, fix=fix)
        finally:
            if previous is None:
                self._overlay.pop(abspath, None)
            else:
                self._overlay[abspath] = previous
        report.display, report.version_note = self.workspace.display(abspath), note
        return report

    def _check_disk(self, abspath: str, fix: bool) -> FileResult:
        return runner.FileChecker(self.workspace, self.engine).check(abspath, True, fix, self._plan(abspath))

    def module_root(self, path: str | os.PathLike[str]) -> Path | None:
        """The folder of the go.mod that governs `path` (a file or folder), or None outside modules."""
        absolute = Path(os.path.abspath(path))
        module = self.workspace.module_for(absolute if absolute.is_dir() else absolute.parent)
        return module.root if module is not None else None

    def expand(self, args: Iterable[str], *, shard: tuple[int, int] | None = None) -> Expansion:
        """Files, folders and Go patterns (`./...`) as the go command would expand them, less
        the files the configuration excludes (files named explicitly only with force-exclude),
        and with `shard=(K, N)` only shard K of N (whole package folders; see driver.shard)."""
        expansion = self.workspace.expand(list(args))
        kept = []
        by_folder: dict[Path, ProjectConfig | None] = {}  # one look-up per folder, not per file
        for path in expansion.files:
            if path.parent not in by_folder:
                by_folder[path.parent] = self.configs.for_file(path)
            project = by_folder[path.parent]
            excluded = project is not None and bool(project.exclude) and project.excludes(path)
            if excluded and (path not in expansion.explicit or self.settings_for(path).force_exclude):
                expansion.excluded.append(path)
            else:
                kept.append(path)
        expansion.files = kept
        if shard is not None:
            expansion.files = select_shard(expansion.files, shard, self.root)
        return expansion

    def check_files(self, expansion: Expansion, **options: Unpack[RunOptions]) -> list[FileResult]:
        """Check the expanded files from disk (see `stream_files`), all results at once."""
        return list(self.stream_files(expansion, **options))

    def stream_files(
        self,
        expansion: Expansion,
        *,
        fix: bool = False,
        jobs: int | None = None,
        progress: Progress | None = None,
        cache: bool = False,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> Iterator[FileResult]:
        """Check the expanded files from disk, package by package in parallel worker processes
        when it pays, yielding results in the expansion's order as they are ready;
        `progress(done, total, display)` is called as files finish.  Each file is checked
        with the settings in force for it (configuration files).

        Results are lean: a report with nothing to show (no finding, diagnostic or change)
        carries no source bytes (`src == b""`).  With `cache` results are reused from, and
        stored in, the persistent cache: `cache_dir`, else `.gofixleak_cache` at the root of
        the module or go.work around the session's root.  The command line turns it on by
        default; other front ends choose (the bot must not write into a user's tree)."""
        plans = {str(path): self._plan(str(path)) for path in expansion.files}
        store = None
        if cache:
            directory = Path(cache_dir) if cache_dir is not None else cachemod.default_directory(self.workspace)
            keying = cachemod.Keying.of(self.workspace, self.config, fix, directory.absolute())
            store = cachemod.Cache(directory.absolute(), keying, self.workspace)
        self.last_cache = store
        return runner.run(
            expansion.files,
            expansion.explicit,
            self.workspace,
            self.config,
            fix=fix,
            jobs=jobs,
            progress=progress,
            plans=plans,
            cache=store,
        )

    def cache_summary(self) -> str | None:
        """After a run: how many files the cache answered, and where it is (None: no cache)."""
        store = self.last_cache
        if store is None:
            return None
        state = "" if store.writable else " (not writable: nothing stored)"
        return f"{store.reused} files answered from the cache in {store.directory}{state}"

    # --- one finding at a time (editor code actions) ------------------------------------

    def fixed_by(self, report: FileReport, fix: Fix) -> bytes | None:
        """The report's source after applying this one fix the way `fix` applies it in a pass of
        its own: its imports added, trailing comments re-aligned.  None when it cannot be applied
        alone: the file has a syntax error (`fix` leaves such files alone, as gofmt does), it
        conflicts with its imports, or it would not parse."""
        tree = self._tree(report)
        if grammar.error_spans(tree):
            return None
        broken = fixloop.broken_regions(tree)
        result = fixloop.apply_fixes(report.src, tree, [fix], broken, fixloop.newline_of(report.src))
        return None if result is None else result[0]

    def parses(self, report: FileReport) -> bool:
        """Whether the report's source has no syntax error (else nothing in it is fixed)."""
        return not grammar.error_spans(self._tree(report))

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
        original = result.report
        config = self.config_for(original.path)  # the settings in force for the file, less those rules
        config = dataclasses.replace(config, ignore=config.ignore | excluded)
        report = self._engine_for(config).check(original.path, original.src, original.version, fix=True)
        report.display, report.version_note = original.display, original.version_note
        return report
