"""Versioned schema: an ordered list of migrations, tracked by ``PRAGMA user_version``.

The pending migrations run inside one ``BEGIN IMMEDIATE`` transaction together with
the version bumps, so a failed upgrade leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    """Statements that take the schema from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE exercise (
        id INTEGER NOT NULL PRIMARY KEY,
        name VARCHAR(80) NOT NULL UNIQUE,
        limb VARCHAR NOT NULL,
        muscle_group VARCHAR NOT NULL,
        compound BOOLEAN NOT NULL,
        suitability_note VARCHAR NOT NULL,
        load_step FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        archived BOOLEAN NOT NULL,
        created_at DATETIME NOT NULL
    )""",
    """CREATE TABLE profile (
        id INTEGER NOT NULL PRIMARY KEY,
        unit VARCHAR NOT NULL,
        screening_answers VARCHAR NOT NULL,
        screened_on DATE,
        cleared_by_professional BOOLEAN NOT NULL,
        theme VARCHAR NOT NULL
    )""",
    """CREATE TABLE training_session (
        id INTEGER NOT NULL PRIMARY KEY,
        started_at DATETIME NOT NULL,
        ended_at DATETIME,
        notes VARCHAR NOT NULL
    )""",
    "CREATE INDEX ix_training_session_started_at ON training_session (started_at)",
    """CREATE TABLE block (
        id INTEGER NOT NULL PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES training_session (id),
        exercise_id INTEGER NOT NULL REFERENCES exercise (id),
        side VARCHAR NOT NULL,
        protocol_name VARCHAR NOT NULL,
        protocol_reps VARCHAR NOT NULL,
        rest_target_s INTEGER NOT NULL,
        load FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        one_rm FLOAT,
        tightness INTEGER NOT NULL,
        pulse_felt BOOLEAN NOT NULL,
        skin_normal BOOLEAN NOT NULL,
        pressure_mmhg FLOAT,
        lop_percent FLOAT,
        cuff_width_cm FLOAT,
        cuff_on_at DATETIME NOT NULL,
        cuff_off_at DATETIME,
        end_reason VARCHAR NOT NULL,
        notes VARCHAR NOT NULL
    )""",
    "CREATE INDEX ix_block_cuff_on_at ON block (cuff_on_at)",
    "CREATE INDEX ix_block_session_id ON block (session_id)",
    "CREATE INDEX ix_block_exercise_id ON block (exercise_id)",
    """CREATE TABLE one_rep_max (
        id INTEGER NOT NULL PRIMARY KEY,
        exercise_id INTEGER NOT NULL REFERENCES exercise (id),
        value FLOAT NOT NULL,
        unit VARCHAR NOT NULL,
        recorded_on DATE NOT NULL,
        method VARCHAR NOT NULL,
        source VARCHAR NOT NULL
    )""",
    "CREATE INDEX ix_one_rep_max_exercise_id ON one_rep_max (exercise_id)",
    """CREATE TABLE set_entry (
        id INTEGER NOT NULL PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES block (id),
        set_number INTEGER NOT NULL,
        target_reps INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        load FLOAT NOT NULL,
        started_at DATETIME NOT NULL,
        ended_at DATETIME NOT NULL,
        rest_before_s FLOAT
    )""",
    "CREATE INDEX ix_set_entry_block_id ON set_entry (block_id)",
    """CREATE TABLE symptom_flag (
        id INTEGER NOT NULL PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES block (id),
        set_id INTEGER REFERENCES set_entry (id),
        kind VARCHAR NOT NULL,
        raised_at DATETIME NOT NULL,
        note VARCHAR NOT NULL
    )""",
    "CREATE INDEX ix_symptom_flag_block_id ON symptom_flag (block_id)",
)

_V2 = (
    # Imported exercises whose limb was guessed are marked until the lifter checks them.
    "ALTER TABLE exercise ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT 0",
    # One row per set number in a block: a retried write can never log a set twice.
    "CREATE UNIQUE INDEX ux_set_entry_block_set ON set_entry (block_id, set_number)",
    # History and "last block" look-ups filter by exercise and sort by time.
    "CREATE INDEX ix_block_exercise_cuff_on ON block (exercise_id, cuff_on_at)",
)

_V3 = (
    # Every start looks for a block left open by a crash: only open blocks are indexed,
    # so the look-up is instant however many closed blocks the log holds (issue #5).
    "CREATE INDEX ix_block_open ON block (cuff_on_at) WHERE cuff_off_at IS NULL",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _V1),
    Migration(2, "needs_review flag, one row per set number, history index", _V2),
    Migration(3, "index of open blocks", _V3),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


class SchemaTooNewError(RuntimeError):
    """The file was written by a newer bfr-tui than this one."""

    def __init__(self, found: int) -> None:
        super().__init__(
            f"schema version {found} is newer than this bfr-tui understands "
            f"({SCHEMA_VERSION}); upgrade bfr-tui to open it"
        )
        self.found = found


def schema_version(connection: sqlite3.Connection) -> int:
    """The version stamped in the file (0 for a new, empty file)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def pending_migrations(
    current: int, *, target: int | None = None, known: tuple[Migration, ...] | None = None
) -> list[Migration]:
    """The migrations that take ``current`` up to ``target`` (default: the latest), in order."""
    known = MIGRATIONS if known is None else known
    latest = max(m.version for m in known)
    target = latest if target is None else target
    if current > latest:
        raise SchemaTooNewError(current)
    return [m for m in known if current < m.version <= target]


def migrate(
    connection: sqlite3.Connection,
    *,
    target: int | None = None,
    known: tuple[Migration, ...] | None = None,
    before_upgrade: Callable[[int], None] | None = None,
) -> list[int]:
    """Apply every pending migration in one transaction; returns the versions applied.

    All or nothing: a file two versions behind never stops half-way, and a failed
    upgrade rolls back to exactly the file that was there. ``connection`` must be in
    autocommit mode (``isolation_level=None``) so the transaction here is the only one.
    ``before_upgrade`` is called with the version found, under the write lock, only
    when there is something to apply (the place to copy the old file).
    """
    # Versions only go up, so a log found up to date needs no lock (the usual start).
    if not pending_migrations(schema_version(connection), target=target, known=known):
        return []
    # Read again under the write lock: a second window opening the same old log waits
    # here while the first upgrades it, then finds nothing left to do, instead of
    # replaying migrations that already ran.
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = schema_version(connection)
        pending = pending_migrations(found, target=target, known=known)
        if pending and before_upgrade is not None:
            before_upgrade(found)
        for migration in pending:
            for statement in migration.statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {migration.version:d}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return [m.version for m in pending]
