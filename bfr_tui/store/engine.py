"""Opening the training log: file checks, pragmas, migrations, the SQLModel engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bfr_tui.store.migrations import (
    SchemaTooNewError,
    migrate,
    pending_migrations,
    schema_version,
)
from bfr_tui.store.paths import path_from_url, sqlite_url

SQLITE_HEADER = b"SQLite format 3\x00"
# Another window writing at the same moment waits this long before we give up.
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A problem with the database file, phrased for the lifter."""


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. Point --db at a file.")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StoreError(f"cannot read {path}: {error.strerror}.") from error
        if header != SQLITE_HEADER:
            raise StoreError(
                f"{path} is not a bfr-tui database (not a SQLite file). "
                "Point --db at your training log, or at a new file name to start one."
            )
    elif not path.parent.exists():
        raise StoreError(
            f"the folder {path.parent} does not exist. Create it first, or choose another --db."
        )


def prepare_database(path: Path) -> None:
    """Check the file, create it if new, and upgrade its schema to this version."""
    _check_file(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}.") from error
    try:
        # Refuse a newer file before switching it to WAL, which rewrites its header.
        pending_migrations(schema_version(connection))
        connection.execute("PRAGMA journal_mode=WAL")
        migrate(connection)
    except SchemaTooNewError as error:
        raise StoreError(f"{path}: {error}.") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{path} could not be opened as a bfr-tui database ({error}). "
            "It may be damaged; restore it from a backup."
        ) from error
    finally:
        connection.close()


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
    # FULL: a set the screen calls logged must survive a power cut, not just a crash.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(db_url: str) -> Engine:
    """An engine on an already prepared SQLite file, with our pragmas on every connection."""
    engine = create_engine(
        db_url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def open_database(path: Path) -> Engine:
    """Prepare the file at ``path`` and return an engine on it."""
    prepare_database(path)
    return make_engine(sqlite_url(path))


def open_database_url(db_url: str) -> Engine:
    """Like :func:`open_database`, from a ``sqlite:///`` URL."""
    return open_database(path_from_url(db_url))


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
