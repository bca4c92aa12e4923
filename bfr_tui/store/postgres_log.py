"""The training log on a PostgreSQL server: ``training_log.TrainingLog`` for a shared log.

A lifter with a laptop at the gym and a desktop at home, or a coach with many
lifters, keeps one log on a server (``--db postgresql://user@host/name``). The
queries, writer, history and export are ``SqlTrainingLog``'s; what differs is here:

- Other clients may be connected, so an old schema is refused with the one command
  that upgrades it (``bfr-tui db upgrade --db URL``), run once from one machine; an
  empty database gets its schema on first use.
- One block at a time holds across machines through a session-level advisory lock,
  which the server drops when the client holding it dies.
- ``bfr-tui backup`` writes a SQLite file of the whole log, read in one snapshot.
- Every connection counts days in this machine's zone (``dialect.day_of``).
- The live block's sets go in one round trip each, on a psycopg connection kept for
  them (``postgres_sets``): many lifters may be logging on one server at once.
- What the app shows first (the schema check, the profile, the exercise list, the
  crash check) is read through libpq alone (``first_reads``, ``libpq``; through psycopg
  where libpq cannot be loaded by itself), before psycopg, SQLAlchemy and SQLModel are
  imported, as on SQLite; only creating or upgrading the schema, seeding a new library
  and reading a block left open load them before the first frame.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bfr_tui.store import first_reads, libpq, postgres_connect
from bfr_tui.store.first_reads import POSTGRESQL_TEXT
from bfr_tui.store.sql_log import SqlTrainingLog
from bfr_tui.training_log import (
    StoreError,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session

    from bfr_tui.domain.due import DueToday
    from bfr_tui.domain.units import Unit
    from bfr_tui.store.block_writer import SetWrite
    from bfr_tui.store.migrations import LogVersion
    from bfr_tui.store.postgres_connect import ServerReader
    from bfr_tui.store.postgres_sets import ServerSetWrites
    from bfr_tui.training_log import (
        BlockRecord,
        BlockWriter,
        ExerciseOverview,
        ImportLayoutChoice,
        ImportSummary,
        LifterFacts,
        LifterOverview,
        ProfileFacts,
        Progress,
        RoleRevoked,
        WriteReports,
    )

T = TypeVar("T")

# The advisory lock keys (two 32-bit numbers, per database) bfr-tui holds: one per lifter
# while their block is under the cuff (the lifter's id is the second number), one while
# a schema is created or upgraded, one for imports.
_LOCK_CLASS = 0x62667274  # "bfrt"
_BLOCK_LOCK_CLASS = 0x62667262  # "bfrb"
_SCHEMA_LOCK = 2
_IMPORT_LOCK = 3
# A server that went away mid-block usually comes back (a restart, the gym's wifi):
# the writer keeps trying for longer than any block may last under R6's cuff-time
# limit, so the sets reach the server in order once it is back.
SERVER_RETRY_FOR_S = 30 * 60.0


class PostgresTrainingLog(SqlTrainingLog):
    """A training log in a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        super().__init__(postgres_connect.driver_url(url))
        self._shown = postgres_connect.shown_url(url)
        self._block_connection: Connection | None = None
        self._block_lifter_id = 0
        self._reader: postgres_connect.KeptConnection[ServerReader] = (
            postgres_connect.KeptConnection(lambda: postgres_connect.open_reader(
                self.url, self._shown, through=libpq.client_library()
            ))
        )
        self._sets: ServerSetWrites | None = None
        self._sets_lock = threading.Lock()

    @property
    def location(self) -> str:
        """The server and database, without the password."""
        return self._shown

    def _make_engine(self) -> Engine:
        from sqlalchemy import create_engine

        postgres_connect.quiet_zone_warnings()
        return create_engine(
            self.url,
            # A connection the server dropped (a restart) is found before a write uses it.
            pool_pre_ping=True,
            connect_args=postgres_connect.session_settings(),
        )

    @contextmanager
    def _connected(self) -> Iterator[Connection]:
        """A connection, or the server's refusal in one line (``StoreError``)."""
        from sqlalchemy.exc import OperationalError

        try:
            connection = self.engine.connect()
        except OperationalError as error:
            raise postgres_connect.connection_problem(error, self._shown) from error
        with connection:
            yield connection

    @contextmanager
    def _refusals_explained(self) -> Iterator[None]:
        """A privilege or a row the server refuses this role, as ``AccessRefused``."""
        try:
            yield
        except Exception as error:
            refused = postgres_connect.access_refused(error, self._shown)
            if refused is None:
                raise
            raise refused from error

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        with self._refusals_explained(), super()._unit_of_work() as session:
            yield session

    def _first_read(self, read: Callable[[ServerReader], T]) -> T:
        """``read`` on the connection the first screen is read on, without SQLAlchemy:
        opened on first use and kept for the next read."""
        with self._refusals_explained():
            return self._reader.run(read)

    def close(self) -> None:
        """Close every connection, the first screen's and the sets' too, and let go of
        the block."""
        super().close()
        self._reader.close()
        with self._sets_lock:
            sets, self._sets = self._sets, None
        if sets is not None:
            sets.close()

    def checkpoint(self) -> None:
        """Nothing to do: the server writes its own journal into its files."""

    # -- what the first screen reads, before SQLAlchemy loads ------------------------

    def lifters(self) -> list[LifterFacts]:
        """Every lifter this role may see, read without SQLAlchemy."""
        return self._first_read(
            lambda connection: first_reads.read_lifters(connection, text=POSTGRESQL_TEXT)
        )

    def coach_overview(self, *, now: datetime) -> list[LifterOverview]:
        """Every lifter's line, read without SQLAlchemy, as the picker before it."""
        from bfr_tui.store import coach_reads

        return self._first_read(
            lambda connection: coach_reads.read_coach_overview(
                connection, now=now, engine="postgresql", text=coach_reads.POSTGRESQL_TEXT
            )
        )

    def profile(self) -> ProfileFacts:
        """The lifter's settings, read without SQLAlchemy."""
        lifter_id = self._lifter_id()
        return self._first_read(
            lambda connection: first_reads.read_profile(
                connection, lifter_id, text=POSTGRESQL_TEXT
            )
        )

    def exercise_overview(self) -> list[ExerciseOverview]:
        """The exercise list, read without SQLAlchemy."""
        lifter_id = self._lifter_id()
        return self._first_read(
            lambda connection: first_reads.exercise_overview(
                connection, lifter_id, text=POSTGRESQL_TEXT
            )
        )

    def due_today(self, *, now: datetime) -> DueToday:
        """What the weekly plan puts on today, read without SQLAlchemy, as the list."""
        from bfr_tui.store import plan_reads

        lifter_id = self._lifter_id()
        return self._first_read(
            lambda connection: plan_reads.read_due_today(
                connection, lifter_id, now=now, engine="postgresql",
                text=plan_reads.POSTGRESQL_TEXT,
            )
        )

    def interrupted_block(self) -> BlockRecord | None:
        """The block left open, if any; only a log with one loads SQLAlchemy for it."""
        lifter_id = self._lifter_id()
        if not self._first_read(
            lambda connection: first_reads.has_open_block(
                connection, lifter_id, text=POSTGRESQL_TEXT
            )
        ):
            return None
        return super().interrupted_block()

    def seed_library_if_empty(self, *, now: datetime) -> int:
        """The starter library for a log without exercises; a log with some costs one
        read, and no SQLAlchemy."""
        if self._first_read(
            lambda connection: first_reads.has_exercises(connection, text=POSTGRESQL_TEXT)
        ):
            return 0
        # Asked again under the write: another client may have seeded it meanwhile.
        return super().seed_library_if_empty(now=now)

    # -- one block at a time -----------------------------------------------------------

    def claim_block(self) -> bool:
        """Hold the lifter's block lock on a connection of its own while the block runs."""
        if self._block_connection is not None:
            return True
        from sqlalchemy import text

        lifter_id = self._lifter_id()
        connection = self.engine.connect()
        got: bool = connection.execute(
            text("SELECT pg_try_advisory_lock(:class, :key)"),
            {"class": _BLOCK_LOCK_CLASS, "key": lifter_id},
        ).scalar_one()
        # Autocommit-like: the lock belongs to the session, not to a transaction.
        connection.commit()
        if not got:
            connection.close()
            return False
        self._block_connection = connection
        self._block_lifter_id = lifter_id
        return True

    def release_block(self) -> None:
        """Let another window, here or on another machine, take a block."""
        connection, self._block_connection = self._block_connection, None
        if connection is None:
            return
        from sqlalchemy import text

        # A connection the server already dropped holds nothing any more.
        with contextlib.suppress(Exception):
            connection.execute(
                text("SELECT pg_advisory_unlock(:class, :key)"),
                {"class": _BLOCK_LOCK_CLASS, "key": self._block_lifter_id},
            )
            connection.commit()
        with contextlib.suppress(Exception):
            connection.close()

    def block_running_elsewhere(self) -> bool:
        """Another client holds this lifter's block lock right now."""
        if self._block_connection is not None:
            return False
        if self.claim_block():
            self.release_block()
            return False
        return True

    def block_writer(
        self, *, reports: WriteReports, deliver: Callable[[Callable[[], None]], None],
        watch: Callable[[], None] | None = None,
        block_id: int | None = None, retry_for_s: float | None = None,
    ) -> BlockWriter:
        """The writer of one live block, patient with a server that went away."""
        return super().block_writer(
            reports=reports, deliver=deliver, watch=watch, block_id=block_id,
            retry_for_s=SERVER_RETRY_FOR_S if retry_for_s is None else retry_for_s,
        )

    # -- who may read and write it: roles and row-level security ------------------------

    def grant_lifter(self, lifter: LifterFacts, role: str) -> str | None:
        """Make ``role`` the lifter's own (``row_security.grant_lifter``)."""
        from bfr_tui.store import row_security

        with self._connected() as connection, connection.begin():
            return row_security.grant_lifter(connection, lifter_id=lifter.id, role=role)

    def grant_coach(self, role: str) -> None:
        """Make ``role`` a coach's (``row_security.grant_coach``)."""
        from bfr_tui.store import row_security

        with self._connected() as connection, connection.begin():
            row_security.grant_coach(connection, role=role)

    def revoke_role(self, role: str) -> RoleRevoked:
        """Take back what ``role`` was granted (``row_security.revoke``)."""
        from bfr_tui.store import row_security

        with self._connected() as connection, connection.begin():
            return row_security.revoke(connection, role=role)

    def _set_writes(self) -> SetWrite:
        """Sets in one round trip each (``postgres_sets``)."""
        return self._server_sets().write

    def _server_sets(self) -> ServerSetWrites:
        """The sets' writes, on a psycopg connection kept for them, shared by the log's
        writers (one block at a time)."""
        from bfr_tui.store.postgres_sets import ServerSetWrites

        with self._sets_lock:
            if self._sets is None:
                # The raw driver's refusals: a writer retries what the server may not
                # refuse the next time.
                self._sets = ServerSetWrites(
                    postgres_connect.KeptConnection(
                        lambda: postgres_connect.open_connection(self.url)),
                    self.engine.dialect,
                )
            return self._sets

    def warm_up(self) -> None:
        """Load SQLAlchemy, open the pool's connection and the sets' own."""
        super().warm_up()
        self._server_sets().connect()

    # -- the schema --------------------------------------------------------------------

    def version(self) -> LogVersion:
        """The schema of the database (an empty one has none yet), read without
        SQLAlchemy."""
        return self._first_read(
            lambda connection: _read_version(_reader_scalar(connection), self._shown)
        )

    def upgrade(self, *, asked: bool = False) -> str | None:
        """Create the schema in an empty database; upgrade an older one only when
        ``asked`` (``bfr-tui db upgrade``): other clients may be using it. Keeps no copy
        (``pg_dump`` and ``bfr-tui backup`` make those), so returns None.

        The usual start, on a schema already up to date, is one read: no Alembic, no
        SQLAlchemy."""
        if not self._needs_work(self.version(), asked=asked):
            return None
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        from bfr_tui.store.migrations import upgrade_connection

        with self._connected() as connection:
            if not self._needs_work(_read_version(_sqlalchemy_scalar(connection), self._shown),
                                    asked=asked):
                connection.rollback()
                return None
            connection.rollback()
            try:
                with connection.begin():
                    # Two clients creating or upgrading one database at once: the second
                    # waits here, then finds the work done.
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:class, :key)"),
                        {"class": _LOCK_CLASS, "key": _SCHEMA_LOCK},
                    )
                    if not _read_version(
                        _sqlalchemy_scalar(connection), self._shown
                    ).is_current:
                        upgrade_connection(connection)
            except DBAPIError as error:
                if postgres_connect.access_refused(error, self._shown) is None:
                    raise
                raise StoreError(
                    f"only the owner of the log's tables can create or upgrade its schema, "
                    f"and {self._shown} is not connected as them; run bfr-tui db upgrade "
                    "as the owner. It was left as it was."
                ) from error
        return None

    def _needs_work(self, found: LogVersion, *, asked: bool) -> bool:
        """Whether ``found`` is to be created or upgraded; refuses a newer schema, and an
        older one unless ``asked``."""
        from bfr_tui.store.migrations import SCHEMA_VERSION, SchemaTooNewError, check_not_too_new

        try:
            check_not_too_new(found)
        except SchemaTooNewError as error:
            raise StoreError(f"{self._shown}: {error}. It was left as it was.") from error
        if found.is_current:
            return False
        if not found.is_new and not asked:
            raise StoreError(
                f"{self._shown} is at schema {found.schema}, older than this bfr-tui "
                f"({SCHEMA_VERSION}); other clients may be using it, so upgrade it once, "
                f"from one machine: bfr-tui db upgrade --db {self._shown}"
            )
        return True

    # -- the log as a whole ------------------------------------------------------------

    def back_up(
        self, target: Path, *, force: bool = False, progress: Progress | None = None,
        lifter: str | None = None,
    ) -> int:
        """The whole log, or one lifter's, read in one snapshot, as a SQLite file at
        ``target``."""
        from bfr_tui.store.database_file import check_backup_target
        from bfr_tui.store.log_copy import copy_into_new_file

        check_backup_target(target, force=force)
        if not self.version().is_current:
            self.upgrade()
        lifter_id = self.lifter_called(lifter).id if lifter is not None else None
        return copy_into_new_file(self.engine, target, progress=progress, lifter_id=lifter_id)

    def import_csv(
        self, source: Path, *, layout: ImportLayoutChoice = "auto", unit: Unit | None = None,
        dry_run: bool = False, now: datetime, progress: Progress | None = None,
        upgraded: Callable[[str], None] | None = None, lifter: str | None = None,
    ) -> ImportSummary:
        """The import of ``store.import_csv``, in one transaction no other import joins."""
        from bfr_tui.store.import_csv import run_import

        return run_import(
            csv_path=source, target=_ServerImportTarget(self), layout=layout, unit=unit,
            dry_run=dry_run, now=now, progress=progress,
            lifter=self.lifter.id if self.lifter is not None else lifter,
        )


class _ServerImportTarget:
    """A server's log as an import reads and writes it."""

    def __init__(self, log: PostgresTrainingLog) -> None:
        self._log = log

    @property
    def location(self) -> str:
        return self._log.location

    @contextmanager
    def reading(self) -> Iterator[Connection | None]:
        with self._log._connected() as connection:
            is_new = _read_version(_sqlalchemy_scalar(connection), self._log.location).is_new
            connection.rollback()
            if is_new:
                yield None
                return
            self._log.upgrade()
            transaction = connection.begin()
            try:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield connection
            finally:
                transaction.rollback()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        from sqlalchemy import text

        self._log.upgrade()
        with self._log._connected() as connection, connection.begin():
            # Imports wait for each other; the live block's writes go on meanwhile,
            # and the unique indexes keep a set from landing twice.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:class, :key)"),
                {"class": _LOCK_CLASS, "key": _IMPORT_LOCK},
            )
            yield connection


# The first value of a statement's first row, on the first reads' connection or
# SQLAlchemy's.
Scalar = Callable[[str], Any]


def _reader_scalar(connection: ServerReader) -> Scalar:
    def scalar(statement: str) -> Any:
        row = connection.execute(statement).fetchone()
        return None if row is None else row[0]

    return scalar


def _sqlalchemy_scalar(connection: Connection) -> Scalar:
    return lambda statement: connection.exec_driver_sql(statement).scalar()


def _read_version(scalar: Scalar, shown: str) -> LogVersion:
    """The schema the database holds, refusing one that holds something else.

    Through SQLAlchemy, reads in the connection's transaction, begun here if none is
    open: the caller ends it.
    """
    from bfr_tui.store.migrations import LogVersion

    if scalar("SELECT to_regclass('alembic_version') IS NOT NULL"):
        revision = scalar("SELECT version_num FROM alembic_version")
        return LogVersion(revision=None if revision is None else str(revision), user_version=0)
    others: int = scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    if others:
        raise StoreError(
            f"{shown} holds {others} tables of something else, not a bfr-tui log. Point "
            "--db at an empty database (createdb) or at a bfr-tui log."
        )
    return LogVersion(revision=None, user_version=0)
