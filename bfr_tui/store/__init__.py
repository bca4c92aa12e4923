"""Persistence: the training log behind its one interface (``open_log``), with the
SQLModel tables, the SQLite and PostgreSQL engines, migrations, queries, import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bfr_tui.training_log import TrainingLog


class UnsupportedLog(ValueError):
    """A log URL of an engine this version of bfr-tui cannot open."""


def open_log(url: str) -> TrainingLog:
    """The training log at ``url``, on the engine its scheme names (``sqlite:///`` or
    ``postgresql://``).

    Opening touches nothing and imports no SQLAlchemy, so the app paints before it
    loads; ``upgrade()`` checks, creates or upgrades the log before anything else reads
    it (``version()`` and ``back_up()`` only read it, and need no upgrade).
    """
    scheme = url.partition(":")[0].partition("+")[0]
    if scheme == "sqlite":
        from bfr_tui.store.sqlite_log import SqliteTrainingLog

        return SqliteTrainingLog(url)
    if scheme in ("postgresql", "postgres"):
        from bfr_tui.store.postgres_log import PostgresTrainingLog

        return PostgresTrainingLog(url)
    raise UnsupportedLog(
        f"bfr-tui keeps its training log in a SQLite file (sqlite:///path) or on a "
        f"PostgreSQL server (postgresql://user@host/name); it cannot open {scheme or url!r} logs."
    )


def engine_errors() -> tuple[type[Exception], ...]:
    """What the engine raises when the log is busy in another program or damaged, with
    the engine's own words; anything else the store refuses is a ``StoreError``.

    Imports the engine's library: ask only once something was raised.
    """
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    found: tuple[type[Exception], ...] = (SQLAlchemyError, sqlite3.Error)
    try:
        import psycopg
    except ImportError:
        return found
    return (*found, psycopg.Error)
