"""The schema's history: Alembic revisions, and the logs written before there were any.

Every log records its schema in Alembic's ``alembic_version`` table. Revision ids
are the schema number in four digits (``0003`` is schema 3), continuing the
numbers that bfr-tui stamped in ``PRAGMA user_version`` before it used Alembic, so
one number tells the lifter how old a log is whichever bfr-tui wrote it. On
SQLite, ``user_version`` keeps mirroring that number: a bfr-tui from before
Alembic refuses a newer log by it instead of trying to rebuild the schema.

Opening a log that is up to date takes the standard library only: Alembic takes
longer to import than the app's whole first frame (issue #5), so it is loaded
only when there is something to upgrade. A test keeps :data:`HEAD_REVISION`
equal to the scripts' head.

The revisions live in ``alembic/versions`` beside this file. A new one is made
with ``uv run alembic revision --rev-id 0005 -m "what it does"`` (configured in
``pyproject.toml``); write its column changes inside ``op.batch_alter_table`` so
SQLite, which cannot alter most columns in place, rebuilds the table instead.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection

# The newest revision this bfr-tui knows; a test checks it is the scripts' head.
HEAD_REVISION = "0008"
SCRIPT_LOCATION = Path(__file__).with_name("alembic")
# Where Alembic keeps the revision a log is at (its default name).
VERSION_TABLE = "alembic_version"

# --- logs from before Alembic: PRAGMA user_version 1 to 3 --------------------------------

# Revision 0003 builds from nothing what these steps made of a log of schema 1 or 2,
# so an older log takes the steps it lacks and is then marked as revision 0003.
BASELINE_REVISION = "0003"
_LEGACY_STEPS: dict[int, tuple[str, ...]] = {
    2: (
        # Imported exercises whose limb was guessed are marked until the lifter checks them.
        "ALTER TABLE exercise ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT 0",
        # One row per set number in a block: a retried write can never log a set twice.
        "CREATE UNIQUE INDEX ux_set_entry_block_set ON set_entry (block_id, set_number)",
        # History and "last block" look-ups filter by exercise and sort by time.
        "CREATE INDEX ix_block_exercise_cuff_on ON block (exercise_id, cuff_on_at)",
    ),
    3: (
        # Every start looks for a block left open by a crash: only open blocks are
        # indexed, so the look-up is instant however many closed blocks there are.
        "CREATE INDEX ix_block_open ON block (cuff_on_at) WHERE cuff_off_at IS NULL",
    ),
}


def schema_number(revision: str) -> int:
    """The schema number a revision id stands for (``0003`` is schema 3)."""
    return int(revision)


SCHEMA_VERSION = schema_number(HEAD_REVISION)


class SchemaTooNewError(RuntimeError):
    """The file was written by a newer bfr-tui than this one."""

    def __init__(self, found: LogVersion) -> None:
        what = (
            f"schema revision {found.revision}" if found.revision is not None
            else f"schema version {found.user_version}"
        )
        super().__init__(
            f"{what} is newer than this bfr-tui understands "
            f"({schema_number(HEAD_REVISION)}); upgrade bfr-tui to open it"
        )
        self.found = found


@dataclass(frozen=True, slots=True)
class LogVersion:
    """Where a log's schema stands, as read from the file."""

    # From ``alembic_version``; None for a new file or a log from before Alembic.
    revision: str | None
    # ``PRAGMA user_version``: the schema of a log from before Alembic, a mirror after.
    user_version: int

    @property
    def is_new(self) -> bool:
        """An empty file: nothing to keep, the whole history to run."""
        return self.revision is None and self.user_version == 0

    @property
    def is_current(self) -> bool:
        """At this bfr-tui's head: nothing to do (and no Alembic to load)."""
        return self.revision == HEAD_REVISION

    @property
    def schema(self) -> int:
        """The schema number, as the lifter and the backup's file name see it."""
        if self.revision is not None and self.revision.isdigit():
            return schema_number(self.revision)
        return self.user_version

    def describe(self) -> str:
        """One line for ``bfr-tui db current``."""
        if self.is_new:
            return "empty: no schema yet (bfr-tui creates it when it opens the log)"
        if self.is_current:
            return f"schema {self.schema} (up to date)"
        if is_too_new(self):
            return (
                f"schema {self.schema}, newer than this bfr-tui (schema "
                f"{schema_number(HEAD_REVISION)}): upgrade bfr-tui to open it"
            )
        return (
            f"schema {self.schema}, older than this bfr-tui (schema "
            f"{schema_number(HEAD_REVISION)}): run bfr-tui db upgrade"
        )


def read_version(connection: sqlite3.Connection) -> LogVersion:
    """The schema a SQLite log is at, read with ``sqlite3`` alone."""
    user_version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    has_revisions = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    revision = None
    if has_revisions:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if row is None else str(row[0])
    return LogVersion(revision=revision, user_version=user_version)


def is_too_new(found: LogVersion) -> bool:
    """True for a log this bfr-tui must not open: its schema comes from a newer one."""
    if found.revision is None:
        # Logs from before Alembic never went past the baseline: anything higher
        # (or a foreign file's own number) is not a log this bfr-tui can upgrade.
        return found.user_version > schema_number(BASELINE_REVISION)
    if found.revision == HEAD_REVISION:
        return False
    return found.revision not in known_revisions()


def check_not_too_new(found: LogVersion) -> None:
    """Raise :class:`SchemaTooNewError` for a log from a newer bfr-tui."""
    if is_too_new(found):
        raise SchemaTooNewError(found)


# --- Alembic, loaded only to upgrade -----------------------------------------------------


def script_directory() -> ScriptDirectory:
    """The revisions shipped inside the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(SCRIPT_LOCATION))


def known_revisions() -> set[str]:
    """Every revision id this bfr-tui has scripts for."""
    return {script.revision for script in script_directory().walk_revisions()}


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built here so no ``alembic.ini`` is needed at run time."""
    from alembic.config import Config

    config = Config()
    # A "%" in the install path would otherwise read as configparser interpolation.
    config.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    # env.py runs the revisions on this connection, inside the caller's transaction.
    config.attributes["connection"] = connection
    return config


def upgrade_connection(connection: Connection, *, target: str = "head") -> None:
    """Run every revision the database lacks, inside the connection's open transaction.

    Engine-neutral: an empty database of any engine gets the same history.
    """
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def _bring_legacy_log_to_baseline(connection: Connection, found: LogVersion) -> None:
    """A log from before Alembic: take the old steps it lacks, then mark the baseline."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import UniqueConstraint

    for version in range(found.user_version + 1, schema_number(BASELINE_REVISION) + 1):
        for statement in _LEGACY_STEPS[version]:
            connection.exec_driver_sql(statement)
    context = MigrationContext.configure(connection)
    # Schema 1 wrote ``name ... UNIQUE`` inside the column, where SQLAlchemy's reader
    # does not see it: a later batch revision would rebuild the table without it and
    # let two exercises share a name. Rebuilt once here with the constraint as
    # revision 0003 writes it, so old and new logs are the same to every revision.
    with Operations(context).batch_alter_table(
        "exercise", recreate="always", table_args=(UniqueConstraint("name"),)
    ):
        pass
    context.stamp(script_directory(), BASELINE_REVISION)


def _sqlite_connection(path: Path, timeout_s: float) -> sqlite3.Connection:
    # Autocommit at the driver: the only transaction is the BEGIN IMMEDIATE below,
    # which SQLite's transactional DDL turns into all of the upgrade or none of it.
    return sqlite3.connect(path, isolation_level=None, timeout=timeout_s)


def upgrade_sqlite_log(
    path: Path,
    *,
    timeout_s: float,
    before_upgrade: Callable[[LogVersion], None] | None = None,
) -> LogVersion | None:
    """Upgrade a SQLite log in one transaction; returns the version found, None if current.

    All or nothing: a log several revisions behind never stops half-way, and a
    failure rolls back to exactly the file that was there (SQLite's errors come out
    as ``sqlite3`` errors). ``before_upgrade`` is called with the version found,
    under the write lock, only when there is something to do (the place to copy
    the old file).
    """
    # Alembic and SQLAlchemy load before the write lock is taken (a second or more on a
    # slow machine), so a second window opening the same log waits on the upgrade only.
    for module in ("alembic.command", "alembic.operations", "alembic.runtime.migration"):
        importlib.import_module(module)
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    engine = create_engine(
        "sqlite://", creator=lambda: _sqlite_connection(path, timeout_s), poolclass=NullPool
    )
    try:
        with engine.connect() as connection:
            try:
                # Read again under the write lock: a second window opening the same
                # old log waits here while the first upgrades it, then finds nothing
                # left to do, instead of replaying what already ran.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                driver = connection.connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                found = read_version(driver)
                check_not_too_new(found)
                if found.is_current:
                    connection.rollback()
                    return None
                if before_upgrade is not None:
                    before_upgrade(found)
                if found.revision is None and not found.is_new:
                    _bring_legacy_log_to_baseline(connection, found)
                upgrade_connection(connection)
                reached = read_version(driver).revision
                if reached is not None:
                    connection.exec_driver_sql(
                        f"PRAGMA user_version = {schema_number(reached):d}"
                    )
            except BaseException:
                connection.rollback()
                raise
            connection.commit()
    except DBAPIError as error:
        raise (error.orig or error) from error
    finally:
        engine.dispose()
    return found
