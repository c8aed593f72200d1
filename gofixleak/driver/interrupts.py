"""Stopping cleanly on Ctrl-C (SIGINT) and SIGTERM.

The first signal is remembered, not raised: an exception raised from a
handler can land inside a callback the interpreter guards (a finalizer, an
at-fork hook), where it is printed with a traceback and dropped.  The runner
and the writer ask `raise_if_stopped()` between files instead, so a run stops
after the file it is on, and what unwinds through `fileio` removes its
temporary file on the way out.  A second signal raises at once, for a run
that will not reach its next file soon enough.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType


class Terminated(BaseException):
    """SIGTERM, as an exception (like KeyboardInterrupt for SIGINT)."""


_stopped: int | None = None


def _handler(signum: int, frame: FrameType | None) -> None:
    global _stopped
    again = _stopped is not None
    _stopped = signum
    if again:
        _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGTERM:
        raise Terminated()
    raise KeyboardInterrupt()


def install() -> list[tuple[int, object]]:
    """Install the handlers (main thread only); returns what to restore."""
    global _stopped
    _stopped = None
    if threading.current_thread() is not threading.main_thread():
        return []
    return [(signum, signal.signal(signum, _handler)) for signum in (signal.SIGINT, signal.SIGTERM)]


def restore(previous: list[tuple[int, object]]) -> None:
    for signum, handler in previous:
        signal.signal(signum, handler)  # type: ignore[arg-type]


def raise_if_stopped() -> None:
    """Raise the pending interrupt, if a signal arrived whose exception was swallowed."""
    if _stopped is not None:
        _raise(_stopped)
