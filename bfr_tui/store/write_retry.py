"""Which failed writes are worth another try, and for how long.

A write that fails because another window holds the log, because the disk
hiccuped, or because the server went away (a restart, the network), will likely
succeed later: it is tried again, for a bounded time.
Anything else (a refused row, a damaged or changed file, a bug) will fail the same
way every time, so it is reported at once instead of being retried for ever.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# Another window's write (an import, a demo fill) or a slow disk clears within
# seconds; after a minute the lifter must be told that the block cannot be saved,
# rather than train on believing it is. Each attempt on a locked log also waits the
# engine's busy timeout (5 s) inside SQLite before failing.
RETRY_FOR_S = 60.0
# Pauses between attempts: quick at first, then no more often than every 5 s.
RETRY_DELAYS_S = (0.2, 0.5, 1.0, 2.0, 5.0)

# SQLite's primary result codes for a log busy in another connection, a locked table,
# a failed read or write of the disk, and a full disk (the lifter can free space).
_TRANSIENT_CODES = frozenset(
    {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL}
)


# PostgreSQL's SQLSTATEs worth another try: connection exceptions (class 08), a
# serialization failure or deadlock (40001, 40P01), the server shutting down or
# starting up (57P01-57P03), and an insufficient-resources class (53, e.g. a full disk).
_SERVER_TRANSIENT_CLASSES = frozenset({"08", "53"})
_SERVER_TRANSIENT_STATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})


class WriteFailed(Exception):
    """A write that did not commit and will not be tried again."""

    def __init__(self, cause: BaseException, *, gave_up_after_s: float | None = None) -> None:
        self.cause = cause
        self.gave_up_after_s = gave_up_after_s
        detail = describe_error(cause)
        if gave_up_after_s is None:
            super().__init__(str(detail))
        else:
            super().__init__(f"{detail} (still failing after {gave_up_after_s:.0f} s)")

    @property
    def transient(self) -> bool:
        """True when the write was retried until the time ran out."""
        return self.gave_up_after_s is not None


def _sqlite_error(error: BaseException) -> sqlite3.Error | None:
    """The driver's error, also when SQLAlchemy wraps it (``.orig``)."""
    if isinstance(error, sqlite3.Error):
        return error
    original = getattr(error, "orig", None)
    return original if isinstance(original, sqlite3.Error) else None


def _driver_error(error: BaseException) -> BaseException:
    """The database driver's own error, without SQLAlchemy's wrapping."""
    original = getattr(error, "orig", None)
    return original if isinstance(original, BaseException) else error


def describe_error(error: BaseException) -> str:
    """The error as the engine put it ("database is locked", "server closed the
    connection unexpectedly"), on one line, without SQLAlchemy's wrapping."""
    return " ".join(str(_driver_error(error)).split()) or type(error).__name__


def _server_gone_or_busy(error: BaseException) -> bool:
    """A PostgreSQL error that a later attempt may not meet: the server unreachable or
    restarting, the connection dropped, or a transaction that lost a race."""
    if getattr(error, "connection_invalidated", False):
        return True
    found = _driver_error(error)
    if not type(found).__module__.startswith("psycopg"):
        return False
    state = getattr(found, "sqlstate", None)
    if state is None:
        # No answer from the server at all: it could not be reached, or went away.
        return type(found).__name__ == "OperationalError"
    return state[:2] in _SERVER_TRANSIENT_CLASSES or state in _SERVER_TRANSIENT_STATES


def is_transient(error: BaseException) -> bool:
    """True for errors another attempt may not meet: busy or locked log, disk I/O, full
    disk; on a server, a dropped connection or a server restarting."""
    if _server_gone_or_busy(error):
        return True
    found = _sqlite_error(error)
    if not isinstance(found, sqlite3.OperationalError):
        return False
    code = getattr(found, "sqlite_errorcode", None)
    if code is not None:
        # Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE...) keep the primary
        # code in their low byte.
        return code & 0xFF in _TRANSIENT_CODES
    message = str(found).lower()
    return any(
        words in message
        for words in ("database is locked", "database is busy", "table is locked",
                      "disk i/o error", "disk is full")
    )


def run_with_retries(
    job: Callable[[], T],
    *,
    retry_for_s: float = RETRY_FOR_S,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[BaseException, float], None] | None = None,
) -> T:
    """Run ``job`` until it returns; retry transient errors for ``retry_for_s`` seconds.

    ``on_retry(error, seconds_left)`` is called before each pause (to say "not saved
    yet"); it may raise to stop retrying. Raises :class:`WriteFailed` for an error that
    is not transient, or one that lasts past the bound.
    """
    started = monotonic()
    attempt = 0
    while True:
        try:
            return job()
        except Exception as error:
            if not is_transient(error):
                raise WriteFailed(error) from error
            waited = monotonic() - started
            if waited >= retry_for_s:
                raise WriteFailed(error, gave_up_after_s=waited) from error
            if on_retry is not None:
                on_retry(error, retry_for_s - waited)
            pause = RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S) - 1)]
            sleep(min(pause, retry_for_s - waited))
            attempt += 1
