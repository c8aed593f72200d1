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
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    path: str
    data: bytes
    mtime_ns: int
    size: int
    # (mtime_ns, ctime_ns, size, inode) when the file did not change while it was read and its
    # times are old enough that a later change would show in them (see driver.cache); else None
    stamp: tuple[int, int, int, int] | None = None


class ChangedOnDisk(RuntimeError):
    pass


# A file whose modification (or change) time is this close to the moment it was read may change
# again within the same clock tick without its times showing it: its stamp is not trusted.
RACY_NS = 2_000_000_000


def read(path: str) -> Snapshot:
    """Read a file and remember what it looked like (raises OSError)."""
    with open(path, "rb") as handle:
        before = os.fstat(handle.fileno())
        if stat.S_ISDIR(before.st_mode):
            raise IsADirectoryError(21, "Is a directory", path)
        data = handle.read()
        after = os.fstat(handle.fileno())
    read_at = time.time_ns()
    stamp = (after.st_mtime_ns, after.st_ctime_ns, after.st_size, after.st_ino)
    steady = stamp == (before.st_mtime_ns, before.st_ctime_ns, before.st_size, before.st_ino)
    trusted = steady and len(data) == after.st_size and read_at - max(stamp[0], stamp[1]) >= RACY_NS
    return Snapshot(path, data, before.st_mtime_ns, before.st_size, stamp if trusted else None)


def write_if_unchanged(snapshot: Snapshot, new: bytes) -> None:
    """Replace the file with `new` unless it changed since `snapshot` was taken."""
    # through a symlink, the file it points to is rewritten: the link itself stays a link
    path = os.path.realpath(snapshot.path)
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".gofixleak-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
            os.chmod(tmp, mode)
        except OSError:
            pass
        _refuse_if_changed(snapshot)
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
