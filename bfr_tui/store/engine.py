"""The SQLModel engine on a prepared training log, and one unit of work at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bfr_tui.store.database_file import (
    SQLITE_HEADER,
    StoreError,
    check_file,
    prepare_database,
)
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.sqlite_connect import BUSY_TIMEOUT_MS

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SQLITE_HEADER",
    "StoreError",
    "check_file",
    "checkpoint",
    "make_engine",
    "open_database",
    "prepare_database",
    "session_scope",
]


def _pragmas(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, object], None]:
    def set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        # FULL: a set the screen calls logged must survive a power cut, not just a crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return set_pragmas


def _no_automatic_checkpoints(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def make_engine(
    db_url: str, *, checkpoint_on_commit: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """An engine on an already prepared SQLite file, with our pragmas on every connection.

    With ``checkpoint_on_commit`` off, no commit pays for copying the journal into the
    file (SQLite does that every 1000 pages, a 5-10 ms stall in the middle of a block);
    the caller runs :func:`checkpoint` at quiet moments instead. ``busy_timeout_ms`` is
    how long a statement waits for another connection's write before failing.
    """
    engine = create_engine(
        db_url,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )
    event.listen(engine, "connect", _pragmas(busy_timeout_ms))
    if not checkpoint_on_commit:
        event.listen(engine, "connect", _no_automatic_checkpoints)
    return engine


def checkpoint(engine: Engine) -> None:
    """Copy committed work from the journal into the log file, without waiting on readers."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def open_database(path: Path) -> Engine:
    """Prepare the file at ``path`` and return an engine on it."""
    prepare_database(path)
    return make_engine(sqlite_url(path))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One short unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
