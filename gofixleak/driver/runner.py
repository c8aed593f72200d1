"""Running the engine over files from disk, in parallel by package folder.

Each file's bytes are read once, as a snapshot (so a later write can refuse a
file that changed since), and checked from those bytes; a file that cannot be
read or is generated still gets a `FileReport` saying why it was skipped.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import gofixleak.rewrites as rewrites
from gofixleak.driver import fileio, interrupts
from gofixleak.driver.config import config_key
from gofixleak.driver.loader import Loader
from gofixleak.driver.twins import TwinIndex
from gofixleak.driver.workspace import Workspace, is_generated
from gofixleak.engine.checker import Config, Diagnostic, Engine, FileReport
from gofixleak.engine.rule import Rule
from gofixleak.semantics.goversion import NEWEST, GoVersion

Progress = Callable[[int, int, str], None]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass(frozen=True)
class Plan:
    """How one file is checked when files differ (configuration files): the engine's config,
    and a Go version that overrides go.mod and //go:build (None: they decide)."""

    config: Config
    go: GoVersion | None = None
    go_note: str = ""


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
        self._engines = {config_key(engine.config): engine}

    def engine_for(self, config: Config) -> Engine:
        """An engine for this config, sharing this checker's loader (one per distinct config)."""
        key = config_key(config)
        if key not in self._engines:
            self._engines[key] = Engine(self.engine.all_rules, config, self.engine.loader)
        return self._engines[key]

    @classmethod
    def snapshot_of_disk(
        cls, cwd: str, go_override: GoVersion | None, config: Config, max_file_size: int = fileio.DEFAULT_MAX_FILE_SIZE
    ) -> FileChecker:
        """A checker for one run over files that do not change while it runs (a CLI run)."""
        workspace = Workspace(Path(cwd), go_override, max_file_size)
        return cls(workspace, build_engine(workspace, config, Loader(workspace, static=True)))

    def check(self, path: str, explicit: bool, fix: bool, plan: Plan | None = None) -> FileResult:
        display = self.workspace.display(path)
        try:
            snapshot = fileio.read(path, self.workspace.max_file_size)
        except OSError as err:
            report = FileReport(path, b"", NEWEST, display=display, skipped="cannot read")
            report.diagnostics.append(Diagnostic("error", f"cannot read: {err.strerror or err}"))
            return FileResult(report)
        src = snapshot.data
        if not explicit and is_generated(src):
            report = FileReport(path, src, NEWEST, display=display, skipped="generated file", generated=True)
            return FileResult(report, snapshot)
        if plan is not None and plan.go is not None:
            version, note = plan.go, plan.go_note
        else:
            version, note = self.workspace.version_for(path, src)
        engine = self.engine if plan is None else self.engine_for(plan.config)
        try:
            report = engine.check(path, src, version, fix=fix)
        except Exception as err:  # a bug outside the rules (they are guarded by the engine)
            where = traceback.extract_tb(err.__traceback__)[-1]
            report = FileReport(path, src, version, skipped="internal error")
            message = (
                f"internal error: {type(err).__name__}: {err} at {os.path.basename(where.filename)}:{where.lineno}"
            )
            report.diagnostics.append(Diagnostic("error", message + "; please report it"))
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
_plans: list[Plan | None] = [None]


def _init(
    cwd: str, go_override: GoVersion | None, config: Config, max_file_size: int, plans: list[Plan | None]
) -> None:
    global _worker, _plans
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles it (it
    # stops the pool and cleans up), so workers do not each print a KeyboardInterrupt traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = FileChecker.snapshot_of_disk(cwd, go_override, config, max_file_size)
    _plans = plans


def _check_many(batch: list[tuple[str, bool, int]], fix: bool) -> list[FileResult]:
    assert _worker is not None
    return [_worker.check(path, explicit, fix, _plans[plan]) for path, explicit, plan in batch]


def run(
    files: Iterable[Path],
    explicit: set[Path],
    workspace: Workspace,
    config: Config,
    *,
    fix: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    plans: Mapping[str, Plan] | None = None,
) -> list[FileResult]:
    """Check `files` (in their order); `explicit` ones are checked even when generated.
    `progress(done, total, display)` is called as files finish (for a progress bar).
    `plans` (by path) give files their own config and Go version; others get `config`."""
    distinct: list[Plan | None] = [None]
    index: dict[tuple[object, ...], int] = {}
    items: list[tuple[str, bool, int]] = []
    for p in files:
        plan = plans.get(str(p)) if plans else None
        number = 0
        if plan is not None:
            key = (config_key(plan.config), plan.go, plan.go_note)
            if key not in index:
                index[key] = len(distinct)
                distinct.append(plan)
            number = index[key]
        items.append((str(p), p in explicit, number))
    total = len(items)

    def tick(done: int, result: FileResult) -> None:
        interrupts.raise_if_stopped()
        if progress is not None:
            progress(done, total, result.report.display)

    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        checker = FileChecker.snapshot_of_disk(
            str(workspace.cwd), workspace.go_override, config, workspace.max_file_size
        )
        out = []
        for path, exp, number in items:
            out.append(checker.check(path, exp, fix, distinct[number]))
            tick(len(out), out[-1])
        return out
    # one batch per folder keeps a package's parsed siblings in one worker's cache
    by_folder: dict[str, list[tuple[str, bool, int]]] = defaultdict(list)
    for path, exp, number in items:
        by_folder[os.path.dirname(path)].append((path, exp, number))
    batches = sorted(by_folder.values(), key=len, reverse=True)
    results: dict[str, FileResult] = {}
    workers = min(jobs, len(batches))  # never more workers than units of work
    initargs = (str(workspace.cwd), workspace.go_override, config, workspace.max_file_size, distinct)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=initargs)
    try:
        for batch_results in pool.map(_check_many, batches, [fix] * len(batches)):
            for result in batch_results:
                results[result.report.path] = result
                tick(len(results), result)
    except BaseException:
        # interrupted (or a worker died): stop now rather than finish every queued batch
        pool.shutdown(wait=False, cancel_futures=True)
        # the executor keeps its workers in a private mapping; without terminating them the
        # interpreter's exit would wait for the batches they are in the middle of
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    pool.shutdown()
    return [results[path] for path, _, _ in items]
