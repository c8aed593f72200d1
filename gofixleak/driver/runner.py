"""Running the engine over files from disk, in parallel by package folder.

Each file's bytes are read once, as a snapshot (so a later write can refuse a
file that changed since), and checked from those bytes; a file that cannot be
read or is generated still gets a `FileReport` saying why it was skipped.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak.driver import fileio
from gofixleak.driver.loader import Loader
from gofixleak.driver.twins import TwinIndex
from gofixleak.driver.workspace import Workspace, is_generated
from gofixleak.engine.checker import Config, Diagnostic, Engine, FileReport
from gofixleak.engine.rule import Rule
from gofixleak.semantics.goversion import NEWEST, GoVersion

Progress = Callable[[int, int, str], None]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass
class FileResult:
    """One checked file: the engine's report and what the disk held when it was read."""

    report: FileReport
    snapshot: fileio.Snapshot | None = None  # None when the file could not be read


def build_engine(
    workspace: Workspace, config: Config, loader: Loader | None = None, rules: Sequence[Rule] | None = None
) -> Engine:
    return Engine(rewrites.all_rules() if rules is None else rules, config, loader or Loader(workspace))


class FileChecker:
    """Checks files from disk with one engine whose loader sees one snapshot of the disk."""

    def __init__(self, workspace: Workspace, engine: Engine):
        self.workspace = workspace
        self.engine = engine
        self.twins = TwinIndex()

    @classmethod
    def snapshot_of_disk(cls, cwd: str, go_override: GoVersion | None, config: Config) -> FileChecker:
        """A checker for one run over files that do not change while it runs (a CLI run)."""
        workspace = Workspace(Path(cwd), go_override)
        return cls(workspace, build_engine(workspace, config, Loader(workspace, static=True)))

    def check(self, path: str, explicit: bool, fix: bool) -> FileResult:
        display = self.workspace.display(path)
        try:
            snapshot = fileio.read(path)
        except OSError as err:
            report = FileReport(path, b"", NEWEST, display=display, skipped="cannot read")
            report.diagnostics.append(Diagnostic("error", f"cannot read: {err.strerror or err}"))
            return FileResult(report)
        src = snapshot.data
        if not explicit and is_generated(src):
            report = FileReport(path, src, NEWEST, display=display, skipped="generated file", generated=True)
            return FileResult(report, snapshot)
        version, note = self.workspace.version_for(path, src)
        report = self.engine.check(path, src, version, fix=fix)
        report.display, report.version_note = display, note
        if report.changed:
            report.diagnostics.extend(self._stale_twins(Path(path)))
        return FileResult(report, snapshot)

    def _stale_twins(self, path: Path) -> list[Diagnostic]:
        """Warnings naming the generated files to regenerate once this file's fixes are written."""
        module = self.workspace.module_for(path.parent)
        if module is None:
            return []
        return [
            Diagnostic(
                "warning",
                f"{self.workspace.display(str(twin.generated))} is generated from this file "
                f"({twin.generator}): regenerate it after applying the fixes",
            )
            for twin in self.twins.generated_from(path, module.root)
        ]


_worker: FileChecker | None = None


def _init(cwd: str, go_override: GoVersion | None, config: Config) -> None:
    global _worker
    _worker = FileChecker.snapshot_of_disk(cwd, go_override, config)


def _check_many(batch: list[tuple[str, bool]], fix: bool) -> list[FileResult]:
    assert _worker is not None
    return [_worker.check(path, explicit, fix) for path, explicit in batch]


def run(
    files: Iterable[Path],
    explicit: set[Path],
    workspace: Workspace,
    config: Config,
    *,
    fix: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Check `files` (in their order); `explicit` ones are checked even when generated.
    `progress(done, total, display)` is called as files finish (for a progress bar)."""
    items = [(str(p), p in explicit) for p in files]
    total = len(items)

    def tick(done: int, result: FileResult) -> None:
        if progress is not None:
            progress(done, total, result.report.display)

    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        checker = FileChecker.snapshot_of_disk(str(workspace.cwd), workspace.go_override, config)
        out = []
        for path, exp in items:
            out.append(checker.check(path, exp, fix))
            tick(len(out), out[-1])
        return out
    # one batch per folder keeps a package's parsed siblings in one worker's cache
    by_folder: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for path, exp in items:
        by_folder[os.path.dirname(path)].append((path, exp))
    batches = sorted(by_folder.values(), key=len, reverse=True)
    results: dict[str, FileResult] = {}
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init, initargs=(str(workspace.cwd), workspace.go_override, config)
    ) as pool:
        for batch_results in pool.map(_check_many, batches, [fix] * len(batches)):
            for result in batch_results:
                results[result.report.path] = result
                tick(len(results), result)
    return [results[path] for path, _ in items]
