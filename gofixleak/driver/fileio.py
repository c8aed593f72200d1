"""Reading sources and writing fixes back without ever losing a user's change.

A file is written atomically (a temporary file in the same folder, then
rename; through a symlink, its target is written and the link kept), keeps
its permissions, and is refused when it changed on disk since it was read
(its bytes, size or modification time differ).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    path: str
    data: bytes
    mtime_ns: int
    size: int


class ChangedOnDisk(RuntimeError):
    pass


def read(path: str) -> Snapshot:
    """Read a file and remember what it looked like (raises OSError)."""
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", path)
        data = handle.read()
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
        raise ChangedOnDisk(f"{snapshot.path}: cannot re-read before writing ({err.strerror})") from err
    if st.st_mtime_ns != snapshot.mtime_ns or st.st_size != snapshot.size or current != snapshot.data:
        raise ChangedOnDisk(f"{snapshot.path}: changed on disk since it was read; not overwritten")


def write_atomic(path: str, data: bytes) -> None:
    """Create or replace `path` with `data` atomically (an output file such as a SARIF log):
    readers see the old file or the whole new one, never a part.  A file that exists keeps
    its permissions; a new one gets the usual ones (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    _replace(path, data, new_mode=0o666 & ~umask)
