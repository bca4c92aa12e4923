"""One block per lifter at a time on a log: the window running it holds a lock file
beside the log, one file per lifter (two lifters may train at once).

A block left open in the database is either running in another window (the lock
is held) or was cut off by a crash (the lock is free, because the operating
system drops a lock when its process dies, even on ``kill -9``). That difference
decides whether the app offers to resume it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

# Windows has no flock; there one window is assumed. Platform checks, not a failed
# import, so the type checker follows which branch runs.
if sys.platform != "win32":
    import fcntl

LOCK_MODE = 0o600


def lock_path(db_path: Path, lifter_id: int) -> Path:
    """The lock file of a lifter's blocks in a log: beside it, named after both."""
    return db_path.with_name(f"{db_path.name}.lifter-{lifter_id:d}.block-lock")


class BlockLock:
    """Held by the window whose block is under the cuff; released at cuff-off or exit."""

    def __init__(self, db_path: Path, lifter_id: int) -> None:
        self.path = lock_path(db_path, lifter_id)
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        """This window holds the lock."""
        return self._descriptor is not None

    def acquire(self) -> bool:
        """Take the lock if no other window has it; True when this window now holds it."""
        if self._descriptor is not None:
            return True
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, LOCK_MODE)
        except OSError:
            # A lock file we cannot create means a folder we cannot write: the log's
            # own checks say so; never refuse a block over the lock alone.
            return True
        if sys.platform != "win32":
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)
                return False
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        """Let another window (or a restart) take over."""
        if self._descriptor is None:
            return
        with contextlib.suppress(OSError):
            if sys.platform != "win32":
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
        self._descriptor = None


def block_running_elsewhere(db_path: Path, lifter_id: int) -> bool:
    """Another window holds the lock of this lifter's blocks in this log right now."""
    probe = BlockLock(db_path, lifter_id)
    if probe.acquire():
        probe.release()
        return False
    return True
