"""Reading sources and writing fixes back without ever losing a user's change.

Only regular files are read, and only up to a size cap: a FIFO named x.go
would block a read forever, /dev/zero linked as x.go would never end, and a
symlink loop or a dangling link has nothing to read.  `problem(path)` says
why a path cannot be read as a source, in words for one line of output.

A file is written atomically (a temporary file in the same folder, then
rename; through a symlink, its target is written and the link kept), keeps
its permissions, and is refused when it changed on disk since it was read
(its bytes, size or modification time differ).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from gofixleak.driver import paths

DEFAULT_MAX_FILE_SIZE = 5_000_000  # bytes; the standard library's largest file is 3.9 MB (generated)


class NotASource(OSError):
    """The path exists but is not a regular file gofixleak will read (FIFO, device, too large...)."""


def problem(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_FILE_SIZE) -> str | None:
    """Why `path` cannot be read as a Go source, or None when it is a regular file within the cap."""
    try:
        st = os.stat(path)  # follows symbolic links
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop"
        if err.errno == errno.ENOENT and os.path.islink(path):
            return "dangling symbolic link"
        return _reason(err)
    return _kind_problem(st, max_size)


def _kind_problem(st: os.stat_result, max_size: int) -> str | None:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if st.st_size > max_size:
            return f"larger than --max-file-size ({st.st_size:,} > {max_size:,} bytes)"
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


@dataclass(frozen=True)
class Snapshot:
    path: str
    data: bytes
    mtime_ns: int
    size: int


class ChangedOnDisk(RuntimeError):
    pass


def read(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Snapshot:
    """Read a regular file of at most `max_size` bytes and remember what it looked like.

    Raises OSError (NotASource for FIFOs, devices, sockets and files over the cap).  The open
    never blocks: a FIFO is opened non-blocking and refused by its kind before any read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        why = _kind_problem(st, max_size)
        if why is not None:
            raise NotASource(errno.EINVAL, why, path)
        os.set_blocking(fd, True)
        chunks = []
        remaining = max_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_size:  # it grew while we read
            raise NotASource(errno.EFBIG, f"larger than --max-file-size ({max_size:,} bytes)", path)
    finally:
        os.close(fd)
    return Snapshot(path, data, st.st_mtime_ns, st.st_size)


def write_if_unchanged(snapshot: Snapshot, new: bytes) -> None:
    """Replace the file with `new` unless it changed since `snapshot` was taken."""
    # through a symlink, the file it points to is rewritten: the link itself stays a link
    _replace(os.path.realpath(snapshot.path), new, lambda: _refuse_if_changed(snapshot))


def _replace(path: str, data: bytes, before: Callable[[], None] | None = None, new_mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path` and rename it over `path`, keeping the
    mode of an existing file (else `new_mode`); `before` may refuse just before the rename."""
    fd, tmp = tempfile.mkstemp(prefix=".gofixleak-", suffix=".tmp", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            mode = new_mode
        if mode is not None:
            os.chmod(tmp, mode)
        if before is not None:
            before()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _refuse_if_changed(snapshot: Snapshot) -> None:
    try:
        st = os.stat(snapshot.path)
        with open(snapshot.path, "rb") as handle:
            current = handle.read()
    except OSError as err:
        raise ChangedOnDisk(f"{paths.shown(snapshot.path)}: cannot re-read before writing ({err.strerror})") from err
    if st.st_mtime_ns != snapshot.mtime_ns or st.st_size != snapshot.size or current != snapshot.data:
        raise ChangedOnDisk(f"{paths.shown(snapshot.path)}: changed on disk since it was read; not overwritten")


def write_atomic(path: str, data: bytes) -> None:
    """Create or replace `path` with `data` atomically (an output file such as a SARIF log):
    readers see the old file or the whole new one, never a part.  A file that exists keeps
    its permissions; a new one gets the usual ones (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    _replace(path, data, new_mode=0o666 & ~umask)
