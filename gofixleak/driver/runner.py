"""Running the engine over files from disk: package by package, in worker processes, cached.

Files are scheduled by package folder, so a package's facts (its files parsed and
indexed, its imports loaded) are built once, by one process, for all its files.
Each file's bytes are read once, as a snapshot (so a later write can refuse a file
that changed since), and checked from those bytes; a file that cannot be read or is
generated still gets a `FileReport` saying why it was skipped.

Results stream back in the order the files were given.  They are lean: a report
with nothing to say (no finding, no diagnostic, no change) carries no source bytes
(`src == b""`), so the parent holds only what output needs however many files are
checked, and a worker forgets a package's trees before the next.  With a cache
(driver.cache), files whose entry still holds are not checked at all.
"""

from __future__ import annotations

import os
import signal
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gofixleak.rewrites as rewrites
from gofixleak.driver import fileio, interrupts
from gofixleak.driver.config import config_key
from gofixleak.driver.loader import TREE_BUDGET, Loader
from gofixleak.driver.twins import TwinIndex
from gofixleak.driver.workspace import Workspace, is_generated
from gofixleak.engine.checker import Config, Diagnostic, Engine, FileReport
from gofixleak.engine.rule import Rule
from gofixleak.semantics import deps
from gofixleak.semantics.goversion import NEWEST, GoVersion
from gofixleak.syntax import grammar

if TYPE_CHECKING:
    from gofixleak.driver.cache import Cache, Keying

Progress = Callable[[int, int, str], None]

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64
# How many times one package's trees are let go between its files' checks (see check_package).
MAX_SHEDS = 2


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


def stale_twins(workspace: Workspace, twins: TwinIndex, path: Path) -> list[Diagnostic]:
    """Warnings naming the generated files to regenerate once this file's fixes are written.
    Added to fresh and cached results alike (the module's other files decide them, which a
    file's cache entry does not record)."""
    module = workspace.module_for(path.parent)
    if module is None:
        return []
    return [
        Diagnostic(
            "warning",
            f"{workspace.display(str(twin.generated))} is generated from this file "
            f"({twin.generator}): regenerate it after applying the fixes",
        )
        for twin in twins.generated_from(path, module.root)
    ]


def build_engine(
    workspace: Workspace, config: Config, loader: Loader | None = None, rules: Sequence[Rule] | None = None
) -> Engine:
    return Engine(rewrites.all_rules() if rules is None else rules, config, loader or Loader(workspace))


# (path, named explicitly, index of its plan in the run's list of distinct plans; 0: none)
Item = tuple[str, bool, int]


class FileChecker:
    """Checks files from disk with one engine whose loader sees one snapshot of the disk."""

    def __init__(self, workspace: Workspace, engine: Engine):
        self.workspace = workspace
        self.engine = engine
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
        return FileResult(report, snapshot)

    def check_package(
        self, batch: list[Item], plans: Sequence[Plan | None], fix: bool, keying: Keying | None = None
    ) -> list[Checked]:
        """Check the files of one package folder; with `keying`, also the cache entries of their
        results.  Forgets the package's trees afterwards."""
        from gofixleak.driver import cache as cachemod

        out = []
        loader = self.engine.loader
        names = cachemod.names_store(keying) if keying is not None else None
        if isinstance(loader, Loader):
            loader.known_names = names
        sheds = 0
        try:
            for number, (path, explicit, plan) in enumerate(batch, 1):
                interrupts.raise_if_stopped()
                if keying is None:
                    out.append(Checked(lean(self.check(path, explicit, fix, plans[plan]))))
                else:
                    with deps.recording() as reads:
                        result = self.check(path, explicit, fix, plans[plan])
                    entry = cachemod.entry_for(keying, plans[plan], self, result, explicit, reads)
                    out.append(Checked(lean(result), *entry))
                if number % 4 or sheds >= MAX_SHEDS or not isinstance(loader, Loader):
                    continue  # counting the trees held takes time: every fourth file is enough
                if loader.tree_bytes() > TREE_BUDGET:
                    # a package too large to hold parsed at once; but when its checks keep reading
                    # all of it (package-wide questions), parsing it again each time is no saving
                    grammar.forget_trees()
                    loader.shed_trees()
                    sheds += 1
        finally:
            grammar.forget_trees()
            if isinstance(loader, Loader):
                loader.release()
            if names is not None:
                names.flush()
        return out


@dataclass
class Checked:
    """A worker's answer for one file: the lean result, and its cache entry with the stats
    (and digests) of the files the entry depends on."""

    result: FileResult
    entry: dict[str, Any] | None = None
    stats: dict[str, tuple[tuple[int, int, int, int], str]] | None = None


def lean(result: FileResult) -> FileResult:
    """The result without the source bytes when its report has nothing to show from them."""
    report = result.report
    if report.findings or report.diagnostics or report.remaining or report.changed or not report.src:
        return result
    slim = replace(report, src=b"", fixed=b"" if report.fixed is not None else None)
    snapshot = result.snapshot
    if snapshot is not None:
        snapshot = replace(snapshot, data=b"")
    return FileResult(slim, snapshot)


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


def _check_package(batch: list[Item], fix: bool, keying: Keying | None) -> list[Checked]:
    assert _worker is not None
    return _worker.check_package(batch, _plans, fix, keying)


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
    cache: Cache | None = None,
) -> Iterator[FileResult]:
    """Check `files`, yielding results in their order; `explicit` ones are checked even when
    generated.  `progress(done, total, display)` is called as files finish.  `plans` (by path)
    give files their own config and Go version; others get `config`.  `cache`: reuse what still
    holds, store what was checked."""
    distinct: list[Plan | None] = [None]
    index: dict[tuple[object, ...], int] = {}
    items: list[Item] = []
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
    done = 0
    ready: dict[int, FileResult] = {}
    by_folder: dict[str, list[int]] = defaultdict(list)
    for i, (path, _, _) in enumerate(items):
        by_folder[os.path.dirname(path)].append(i)

    twins = TwinIndex()

    def finish(i: int, result: FileResult) -> None:
        nonlocal done
        interrupts.raise_if_stopped()
        if result.report.changed:
            result.report.diagnostics.extend(stale_twins(workspace, twins, Path(items[i][0])))
        ready[i] = result
        done += 1
        if progress is not None:
            progress(done, total, result.report.display)

    todo: dict[str, list[int]] = {}
    for folder, indexes in by_folder.items():
        missing = []
        for i in indexes:
            path, exp, numbered = items[i]
            hit = cache.lookup(path, exp, distinct[numbered]) if cache is not None else None
            if hit is None:
                missing.append(i)
                continue
            report, snapshot = hit
            report.display = workspace.display(path)
            finish(i, FileResult(report, snapshot))
        if missing:
            todo[folder] = missing
    answers = _answers(todo, items, distinct, workspace, config, fix, jobs, cache.keying if cache else None)
    next_index = 0
    for folder, indexes, checked in answers:
        entries, stats = {}, {}
        for i, answer in zip(indexes, checked, strict=True):
            finish(i, answer.result)
            if answer.entry is not None:
                entries[items[i][0]] = answer.entry
                stats.update(answer.stats or {})
        if cache is not None:
            cache.store(folder, entries, stats)
        while next_index in ready:
            yield ready.pop(next_index)
            next_index += 1
    while next_index in ready:
        yield ready.pop(next_index)
        next_index += 1


def __getattr__(name: str) -> Any:
    # the process pool is imported when a run uses it (it pulls in multiprocessing, which a
    # check of one file does not need): `runner.ProcessPoolExecutor` still names it
    if name == "ProcessPoolExecutor":
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor
    raise AttributeError(name)


def _pool_class() -> Any:
    return globals().get("ProcessPoolExecutor") or __getattr__("ProcessPoolExecutor")


def _answers(
    todo: dict[str, list[int]],
    items: list[Item],
    plans: list[Plan | None],
    workspace: Workspace,
    config: Config,
    fix: bool,
    jobs: int | None,
    keying: Keying | None,
) -> Iterator[tuple[str, list[int], list[Checked]]]:
    """(folder, item indexes, answers) for every folder with files to check, as they finish."""
    count = sum(len(v) for v in todo.values())
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or count < PARALLEL_THRESHOLD:
        checker = FileChecker.snapshot_of_disk(
            str(workspace.cwd), workspace.go_override, config, workspace.max_file_size
        )
        for folder, indexes in todo.items():
            yield folder, indexes, checker.check_package([items[i] for i in indexes], plans, fix, keying)
        return
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    # the largest packages first, so that no process is left with a big one at the end
    order = sorted(todo.items(), key=lambda kv: len(kv[1]), reverse=True)
    workers = min(jobs, len(order))  # never more workers than units of work
    initargs = (str(workspace.cwd), workspace.go_override, config, workspace.max_file_size, plans)
    pool = _pool_class()(max_workers=workers, initializer=_init, initargs=initargs)
    try:
        pending: dict[Future[list[Checked]], tuple[str, list[int]]] = {}
        for folder, indexes in order:
            future = pool.submit(_check_package, [items[i] for i in indexes], fix, keying)
            pending[future] = (folder, indexes)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                folder, indexes = pending.pop(future)
                yield folder, indexes, future.result()
    except BaseException:
        # interrupted (or a worker died), or the reader stopped reading: stop now rather than
        # finish every queued package
        pool.shutdown(wait=False, cancel_futures=True)
        # the executor keeps its workers in a private mapping; without terminating them the
        # interpreter's exit would wait for the packages they are in the middle of
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    pool.shutdown()
