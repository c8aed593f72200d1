"""The terminal: whether to colour, coloured text output, and a progress bar for long scans.

Colour follows the conventions of no-color.org and force-color.org: a
non-empty `NO_COLOR` turns it off, else a non-empty `FORCE_COLOR` turns it on
(even into a pipe), else it is on when the stream is a terminal (and TERM is
not "dumb").  Progress goes to stderr only when stderr is a terminal, only
once a scan has run for about a second, and never with --quiet.

rich draws both; it is imported only when something is drawn, so a run
into a pipe or a file does not pay for it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import IO, Any

# How long a scan runs before progress appears: short scans stay quiet.
PROGRESS_DELAY = 1.0

STYLES = {
    "path": "bold",
    "position": "dim",
    "rule": "bold red",
    "message": "",
    "frame": "blue",
    "marker": "bold red",
    "note": "cyan",
    "summary": "bold",
}


def wants_colour(stream: IO[Any]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _is_terminal(stream) and os.environ.get("TERM") != "dumb"


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _console(stream: IO[Any], colour: bool) -> Any:
    from rich.console import Console

    return Console(
        file=stream,
        force_terminal=True,  # only called to draw: a terminal, or colour forced into a pipe
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )


def render_segments(stream: IO[Any], pieces: list[tuple[str, str]]) -> None:
    """Write (text, role) pieces with each role's colour."""
    from rich.text import Text

    text = Text.assemble(*[(piece, STYLES.get(role, "")) for piece, role in pieces])
    console = _console(stream, True)
    console.print(text, end="")
    stream.flush()


class ScanProgress:
    """A transient progress bar on a terminal: files done / total and the package being checked.
    Call it as api.Session.check_files' `progress(done, total, display)`; `close()` at the end."""

    def __init__(
        self,
        stream: IO[Any],
        total: int,
        *,
        delay: float = PROGRESS_DELAY,
        colour: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream
        self.total = total
        self.colour = colour
        self._lock = threading.Lock()
        self._done = 0
        self._package = ""
        self._bar: Any = None
        self._task: Any = None
        self._closed = False
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def __call__(self, done: int, total: int, display: str) -> None:
        with self._lock:
            self._done, self.total = done, total
            self._package = os.path.dirname(display) or "."
            if self._bar is not None:
                self._bar.update(self._task, completed=done, total=total, package=self._package)

    def _show(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._closed:
                return
            self._bar = Progress(
                TextColumn("checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[package]}"),
                console=_console(self.stream, self.colour),
                transient=True,
            )
            self._task = self._bar.add_task("check", total=self.total, completed=self._done, package=self._package)
            self._bar.start()

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.stop()
                self._bar = None


def progress_for(stream: IO[Any], total: int, quiet: bool) -> ScanProgress | None:
    """A progress bar when `stream` is a terminal and the user did not ask for quiet."""
    if quiet or not _is_terminal(stream) or total == 0:
        return None
    return ScanProgress(stream, total, colour=wants_colour(stream))
