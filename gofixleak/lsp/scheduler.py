"""Analyses off the event loop: debounced, one at a time, newest wins.

Every engine call runs on one worker thread, so a session (which caches parsed files and
package facts) is never used by two threads at once, and the event loop stays free to read
the client's messages.  A document's result is keyed by its version, the settings generation
and its folder's epoch (bumped whenever any open buffer of that folder changes, opens or
closes, since the package context changed).  A queued run whose key is no longer current is
skipped; a running one finishes but its result is dropped; the newest key always gets a run.
"""

from __future__ import annotations

import asyncio
import logging
import os
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from gofixleak import api
from gofixleak.lsp.documents import Document, Documents
from gofixleak.lsp.folders import Folder, Folders

log = logging.getLogger(__name__)
T = TypeVar("T")

Key = tuple[int, int, int]  # document version, settings generation, folder epoch


@dataclass
class Result:
    key: Key
    report: api.FileReport | None  # None: not analysed (see `problem`)
    problem: str | None = None  # why the buffer was not analysed, for the log
    unsafe: bool = False  # unsafe fixes are in force for the file (editor setting or gofixleak.toml)
    parses: bool = True  # no syntax error: fixes may be offered (gofixleak fix leaves broken files alone)

    @property
    def version(self) -> int:
        return self.key[0]


class Superseded(Exception):
    """The document changed (or closed) while its analysis waited or ran."""


class Scheduler:
    def __init__(
        self,
        documents: Documents,
        folders: Folders,
        on_result: Callable[[Document, Result], None],
        on_error: Callable[[str], None],
    ):
        self.documents = documents
        self.folders = folders
        self.on_result = on_result
        self.on_error = on_error
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gofixleak-analysis")
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._waiters: dict[str, asyncio.Future[None]] = {}  # fired when a debounce timer runs out
        self._running: dict[str, tuple[Key, asyncio.Future[Result | None]]] = {}
        self._results: dict[str, Result] = {}
        self._epochs: dict[str, int] = {}
        # the buffers each session was given as overlays (sessions die with settings changes)
        self._overlays: weakref.WeakKeyDictionary[api.Session, dict[str, bytes]] = weakref.WeakKeyDictionary()

    # --- keys -----------------------------------------------------------------------

    def key(self, doc: Document) -> Key:
        directory = os.path.dirname(doc.path) if doc.path else ""
        return doc.version, self.folders.generation, self._epochs.get(directory, 0)

    def touch_folder(self, path: str | None) -> None:
        """A buffer of this folder changed: every open file of its packages needs a new run."""
        if path:
            directory = os.path.dirname(path)
            self._epochs[directory] = self._epochs.get(directory, 0) + 1

    def result(self, doc: Document) -> Result | None:
        """The result for the document as it is now, if there is one."""
        result = self._results.get(doc.uri)
        return result if result is not None and result.key == self.key(doc) else None

    def latest(self, uri: str) -> Result | None:
        """The newest result for the document, current or not."""
        return self._results.get(uri)

    # --- scheduling -----------------------------------------------------------------

    def schedule(self, doc: Document, delay: float) -> None:
        """Analyse the document after `delay` seconds without another change (0: now)."""
        loop = asyncio.get_running_loop()
        timer = self._timers.pop(doc.uri, None)
        if timer is not None:
            timer.cancel()
        if delay <= 0:
            self._fire(doc.uri)
            return
        self._timers[doc.uri] = loop.call_later(delay, self._fire, doc.uri)
        self._waiters.setdefault(doc.uri, loop.create_future())

    def pending(self) -> bool:
        """Whether any analysis is waiting for its delay or running."""
        return bool(self._timers or self._running)

    def forget(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        waiter = self._waiters.pop(uri, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        self._results.pop(uri, None)

    def _fire(self, uri: str) -> None:
        self._timers.pop(uri, None)
        waiter = self._waiters.pop(uri, None)
        doc = self.documents.get(uri)
        if doc is not None and self.result(doc) is None:  # (a save changes nothing we read)
            self._start(doc)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _start(self, doc: Document) -> asyncio.Future[Result | None]:
        key = self.key(doc)
        running = self._running.get(doc.uri)
        if running is not None and running[0] == key:
            return running[1]
        folder = self.folders.folder_for(doc.path) if doc.path else None
        src, buffers = doc.src, self.documents.buffers
        future = asyncio.get_running_loop().run_in_executor(
            self.executor, self._analyse, doc, key, src, folder, buffers
        )
        self._running[doc.uri] = (key, future)
        future.add_done_callback(lambda f: self._finished(doc.uri, key, f))
        return future

    def _finished(self, uri: str, key: Key, future: asyncio.Future[Result | None]) -> None:
        if self._running.get(uri, (None,))[0] == key:
            del self._running[uri]
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("analysis failed", exc_info=error)
            self.on_error(f"gofixleak: analysis of {uri} failed: {type(error).__name__}: {error}")
            return
        result = future.result()
        doc = self.documents.get(uri)
        if result is None or doc is None or self.key(doc) != key:
            return  # superseded: a newer run has been or will be scheduled
        self._results[uri] = result
        self.on_result(doc, result)

    async def current(self, doc: Document, *, wait_for_delay: bool = False) -> Result:
        """The result for the document's current state, analysing it now if needed (or after
        its pending delay, with `wait_for_delay`: a pull request right after a keystroke).
        Raises Superseded when the document changes or closes meanwhile."""
        key = self.key(doc)
        while True:
            result = self.result(doc)
            if result is not None:
                return result
            waiter = self._waiters.get(doc.uri)
            if wait_for_delay and waiter is not None:
                await asyncio.shield(waiter)
            else:
                outcome = await asyncio.shield(self._start(doc))
                # the run's done-callback (which stores results) may not have run yet: awaiting a
                # finished future does not yield, so without this the loop would spin
                if outcome is not None and outcome.key == self.key(doc):
                    self._results[doc.uri] = outcome
            if self.documents.get(doc.uri) is not doc or self.key(doc) != key:
                raise Superseded(doc.uri)

    async def with_session(self, folder: Folder, work: Callable[[api.Session], T]) -> T:
        """Run engine work (a fix, a suppression edit) on the analysis thread, with the folder's
        session seeing every open buffer."""
        buffers = self.documents.buffers

        def run() -> T:
            session = folder.session
            self.sync_overlays(session, buffers)
            return work(session)

        return await asyncio.get_running_loop().run_in_executor(self.executor, run)

    def shutdown(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self.executor.shutdown(wait=False, cancel_futures=True)

    # --- on the analysis thread ------------------------------------------------------

    def _analyse(
        self, doc: Document, key: Key, src: bytes, folder: Folder | None, buffers: Mapping[str, bytes]
    ) -> Result | None:
        if self.key(doc) != key or self.documents.get(doc.uri) is not doc:
            return None  # a newer change came while this run waited its turn
        problem = _not_analysable(doc, src)
        if problem is not None or folder is None or doc.path is None:
            return Result(key, None, problem)
        session = folder.session
        limit = session.settings.max_file_size
        if len(src) > limit:
            size = f"{len(src) / 1e6:.0f} MB is over the {limit / 1e6:.0f} MB limit"
            return Result(key, None, f"{doc.path}: not analysed: {size}")
        try:
            in_force = session.settings_for(doc.path)
            if in_force.excluded and in_force.force_exclude and in_force.project is not None:
                return Result(key, None, f"{doc.path}: not analysed: excluded by {in_force.project.display}")
            self.sync_overlays(session, buffers)
            report = session.check(doc.path, src)
            return Result(key, report, unsafe=in_force.config.unsafe_fixes, parses=session.parses(report))
        except api.ConfigError as err:
            return Result(key, None, f"{err}")

    def sync_overlays(self, session: api.Session, buffers: Mapping[str, bytes]) -> None:
        """Give the session every open buffer, so sibling files come from the editor, not the disk."""
        given = self._overlays.setdefault(session, {})
        for path in [p for p in given if p not in buffers]:
            session.set_overlay(path, None)
            del given[path]
        for path, data in buffers.items():
            if given.get(path) is not data:
                session.set_overlay(path, data)
                given[path] = data


def _not_analysable(doc: Document, src: bytes) -> str | None:
    if doc.path is None:
        return f"{doc.uri}: not a file on disk; gofixleak analyses only Go files saved in a folder"
    if not doc.is_go:
        return f"{doc.path}: not a Go file; gofixleak analyses only .go files"
    return None
