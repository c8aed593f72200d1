"""Running the engine over many files from disk, in parallel by package folder."""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gofixleak import rewrites
from gofixleak.driver import fileio
from gofixleak.driver.loader import Loader
from gofixleak.driver.workspace import Workspace, is_generated
from gofixleak.engine.checker import Config, Engine, FileReport
from gofixleak.semantics.goversion import GoVersion

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 64


@dataclass
class FileResult:
    path: str
    display: str
    report: FileReport | None = None
    snapshot: fileio.Snapshot | None = None
    error: str | None = None  # could not be read
    version_note: str = ""
    generated: bool = False  # skipped as generated code


def build_engine(workspace: Workspace, config: Config, loader: Loader | None = None) -> Engine:
    return Engine(rewrites.all_rules(), config, loader or Loader(workspace))


class _Worker:
    def __init__(self, cwd: str, go_override: GoVersion | None, config: Config):
        self.workspace = Workspace(Path(cwd), go_override)
        # one CLI run sees one snapshot of the disk: read each file and folder once
        self.engine = build_engine(self.workspace, config, Loader(self.workspace, static=True))

    def check(self, path: str, explicit: bool, fix: bool) -> FileResult:
        result = FileResult(path, self.workspace.display(path))
        try:
            result.snapshot = fileio.read(path)
        except OSError as err:
            result.error = f"cannot read: {err.strerror or err}"
            return result
        src = result.snapshot.data
        if not explicit and is_generated(src):
            result.generated = True
            return result
        version, note = self.workspace.version_for(path, src)
        result.version_note = note
        result.report = self.engine.check(path, src, version, fix=fix)
        return result


_worker: _Worker | None = None


def _init(cwd: str, go_override: GoVersion | None, config: Config) -> None:
    global _worker
    _worker = _Worker(cwd, go_override, config)


def _check_many(batch: list[tuple[str, bool]], fix: bool) -> list[FileResult]:
    assert _worker is not None
    return [_worker.check(path, explicit, fix) for path, explicit in batch]


def run(
    files: list[Path],
    explicit: set[Path],
    workspace: Workspace,
    config: Config,
    *,
    fix: bool = False,
    jobs: int | None = None,
) -> list[FileResult]:
    items = [(str(p), p in explicit) for p in files]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        worker = _Worker(str(workspace.cwd), workspace.go_override, config)
        return [worker.check(path, exp, fix) for path, exp in items]
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
                results[result.path] = result
    return [results[path] for path, _ in items]
