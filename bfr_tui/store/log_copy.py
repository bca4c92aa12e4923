"""A whole training log copied row for row, from one engine to another.

``bfr-tui backup`` of a server's log (into a SQLite file) and ``bfr-tui copy`` (a
laptop's file up to a server, and back) both read the source in one consistent
snapshot and write every table, ids and all, into an empty target in one
transaction: the copy is the log as it stood at one instant, or nothing.
``bfr-tui backup --lifter NAME`` copies one lifter's rows and the exercise library
the same way: a log of that lifter alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import ColumnElement, Select, Table, func, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from bfr_tui.store import models  # noqa: F401  (puts every table on the metadata)
from bfr_tui.store.progress import Progress, Ticker

# Rows written per INSERT: big enough to cost few round trips to a server, small
# enough that a 100k-set log never sits in memory whole.
BATCH_ROWS = 5000
# What the lifter sees while a copy runs.
COPYING = "Copying the log"


def tables() -> list[Table]:
    """Every table of the log, each after the tables it refers to."""
    return list(SQLModel.metadata.sorted_tables)


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection that sees the log as it stood when the first row was read.

    Writers may go on meanwhile: on PostgreSQL a REPEATABLE READ transaction, on
    SQLite a read transaction in the journal (WAL) mode every log is kept in.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        ) as connection, connection.begin():
            yield connection
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def _lifters_rows(table: Table, lifter_id: int | None) -> list[ColumnElement[bool]]:
    """The conditions that keep the lifter's own rows of ``table``: none for the whole
    log (no lifter), nor for a table every lifter shares (the exercise library)."""
    if lifter_id is None:
        return []
    if table.name == "lifter":
        return [table.c.id == lifter_id]
    if "lifter_id" in table.c:
        return [table.c.lifter_id == lifter_id]
    return []


def count_rows(connection: Connection, table: Table, *, lifter_id: int | None = None) -> int:
    """How many rows of ``table`` a copy takes (the lifter's, with ``lifter_id``), as
    ``connection`` sees it."""
    return int(connection.execute(
        select(func.count()).select_from(table).where(*_lifters_rows(table, lifter_id))
    ).scalar_one())


def _rows_to_copy(table: Table, lifter_id: int | None) -> Select[tuple[object, ...]]:
    return (
        select(table)
        .where(*_lifters_rows(table, lifter_id))
        .order_by(*table.primary_key.columns)
    )


def has_training(connection: Connection) -> bool:
    """True when the log has an exercise, a 1RM or a block: more than a fresh log has."""
    metadata = SQLModel.metadata.tables
    return any(
        connection.execute(select(metadata[name].c.id).limit(1)).first() is not None
        for name in ("exercise", "one_rep_max", "block")
    )


def copy_rows(
    source: Connection, target: Connection, *, progress: Progress | None = None,
    lifter_id: int | None = None,
) -> dict[str, int]:
    """Every row of ``source`` into ``target``, whose tables must hold no training yet;
    with ``lifter_id``, that lifter's rows and the exercise library only.

    The target's own lifters (a fresh log's) give way to the source's. Ids are kept,
    so every reference between rows holds; a server's id sequences are then moved
    past them. Returns the rows copied per table.
    """
    counts = {table.name: count_rows(source, table, lifter_id=lifter_id) for table in tables()}
    ticker = (
        Ticker(progress, COPYING, sum(counts.values()), every=BATCH_ROWS) if progress else None
    )
    done = 0
    for table in reversed(tables()):
        target.execute(table.delete())
    for table in tables():
        rows = source.execution_options(yield_per=BATCH_ROWS).execute(
            _rows_to_copy(table, lifter_id)
        )
        for batch in rows.mappings().partitions(BATCH_ROWS):
            target.execute(insert(table), [dict(row) for row in batch])
            done += len(batch)
            if ticker is not None:
                ticker(done)
    if target.dialect.name == "postgresql":
        for table in tables():
            target.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}"
            ))
    if ticker is not None:
        ticker.finish()
    return counts


def copy_into_new_file(
    source: Engine, target: Path, *, progress: Progress | None = None,
    lifter_id: int | None = None,
) -> int:
    """The log at ``source`` as a new, private SQLite file at ``target``; the sets copied.
    With ``lifter_id``, a log of that lifter alone (see :func:`copy_rows`).

    Written under a temporary name and renamed, so ``target`` is whole or absent, and
    left as one self-contained file (no journal beside it) that ``--db`` opens anywhere.
    """
    from bfr_tui.store.database_file import make_private, prepare_database
    from bfr_tui.store.engine import make_engine
    from bfr_tui.store.paths import sqlite_url

    partial = target.with_name(f".{target.name}.partial")
    for leftover in _sqlite_files(partial):
        leftover.unlink(missing_ok=True)
    try:
        prepare_database(partial)
        engine = make_engine(sqlite_url(partial))
        try:
            with snapshot(source) as reading, engine.begin() as writing:
                counts = copy_rows(reading, writing, progress=progress, lifter_id=lifter_id)
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
        finally:
            engine.dispose()
        os.replace(partial, target)
    finally:
        for leftover in _sqlite_files(partial):
            leftover.unlink(missing_ok=True)
    make_private(target)
    return counts["set_entry"]


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
