"""The training log in one SQLite file: ``training_log.TrainingLog`` on SQLite.

What the app shows first (the profile, the exercise list, the crash check) is read
with the standard library's ``sqlite3`` (``first_reads``), before SQLAlchemy and
SQLModel are imported: importing them takes longer than every one of those reads
(issue #5). Everything else is ``SqlTrainingLog``'s, on an engine made here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bfr_tui.store import database_file, first_reads
from bfr_tui.store.block_lock import BlockLock, block_running_elsewhere
from bfr_tui.store.paths import path_from_url
from bfr_tui.store.sql_log import SqlTrainingLog
from bfr_tui.training_log import (
    StoreError,
)

ONE_OWNER = (
    "a SQLite file has one owner, no roles: roles and bfr-tui db grant are for a log "
    "on a PostgreSQL server"
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bfr_tui.domain.due import DueToday
    from bfr_tui.domain.units import Unit
    from bfr_tui.training_log import (
        BlockRecord,
        ExerciseOverview,
        ImportLayoutChoice,
        ImportSummary,
        LifterFacts,
        LifterOverview,
        ProfileFacts,
        Progress,
        RoleRevoked,
        SchemaVersion,
    )


class SqliteTrainingLog(SqlTrainingLog):
    """A training log in one SQLite file, prepared by :meth:`upgrade` (this process's or
    another's) before anything but :meth:`version` and :meth:`back_up` reads it."""

    def __init__(self, url: str, *, busy_timeout_ms: int | None = None) -> None:
        super().__init__(url)
        self._busy_timeout_ms = busy_timeout_ms
        self._block_lock: BlockLock | None = None

    @cached_property
    def path(self) -> Path:
        """The log's file (parsed on first use: the URL parser is not needed to paint)."""
        return path_from_url(self.url)

    @property
    def location(self) -> str:
        """The log's file."""
        return str(self.path)

    def _make_engine(self) -> Engine:
        from bfr_tui.store.engine import BUSY_TIMEOUT_MS, make_engine

        # Checkpoints wait for the quiet after a block (see checkpoint).
        return make_engine(
            self.url, checkpoint_on_commit=False,
            busy_timeout_ms=self._busy_timeout_ms or BUSY_TIMEOUT_MS,
        )

    def checkpoint(self) -> None:
        """Copy committed work from the journal into the file, without waiting on readers."""
        from bfr_tui.store.engine import checkpoint

        checkpoint(self.engine)

    # -- one block at a time -----------------------------------------------------------

    def claim_block(self) -> bool:
        """Hold the lifter's lock file beside the log while this window runs a block."""
        if self._block_lock is None:
            self._block_lock = BlockLock(self.path, self._lifter_id())
        return self._block_lock.acquire()

    def release_block(self) -> None:
        """Let go of the lock file."""
        lock, self._block_lock = self._block_lock, None
        if lock is not None:
            lock.release()

    def block_running_elsewhere(self) -> bool:
        """Another window holds the lifter's lock file right now."""
        if self._block_lock is not None and self._block_lock.held:
            return False
        return block_running_elsewhere(self.path, self._lifter_id())

    # -- who may read and write it ----------------------------------------------------

    def grant_lifter(self, lifter: LifterFacts, role: str) -> str | None:
        """Refused: a file has one owner."""
        raise StoreError(ONE_OWNER)

    def grant_coach(self, role: str) -> None:
        """Refused: a file has one owner."""
        raise StoreError(ONE_OWNER)

    def revoke_role(self, role: str) -> RoleRevoked:
        """Refused: a file has one owner."""
        raise StoreError(ONE_OWNER)

    # -- what the first screen reads, before SQLAlchemy loads ------------------------

    def lifters(self) -> list[LifterFacts]:
        """Every lifter in the log, read before SQLAlchemy loads."""
        with first_reads.reading(self.path) as connection:
            return first_reads.read_lifters(connection)

    def coach_overview(self, *, now: datetime) -> list[LifterOverview]:
        """Every lifter's line, read with ``sqlite3`` alone, as the picker before it."""
        from bfr_tui.store import coach_reads

        with first_reads.reading(self.path) as connection:
            return coach_reads.read_coach_overview(
                connection, now=now, engine="sqlite", text=coach_reads.SQLITE_TEXT
            )

    def profile(self) -> ProfileFacts:
        """The lifter's settings, read before SQLAlchemy loads."""
        with first_reads.reading(self.path) as connection:
            return first_reads.read_profile(connection, self._lifter_id())

    def exercise_overview(self) -> list[ExerciseOverview]:
        """The exercise list, read before SQLAlchemy loads."""
        with first_reads.reading(self.path) as connection:
            return first_reads.exercise_overview(connection, self._lifter_id())

    def due_today(self, *, now: datetime) -> DueToday:
        """What the weekly plan puts on today, read with ``sqlite3`` alone, as the list."""
        from bfr_tui.store import plan_reads

        with first_reads.reading(self.path) as connection:
            return plan_reads.read_due_today(
                connection, self._lifter_id(), now=now, engine="sqlite",
                text=plan_reads.SQLITE_TEXT,
            )

    def interrupted_block(self) -> BlockRecord | None:
        """The block left open, if any; only a log with one loads SQLAlchemy for it."""
        with first_reads.reading(self.path) as connection:
            if not first_reads.has_open_block(connection, self._lifter_id()):
                return None
        return super().interrupted_block()

    def seed_library_if_empty(self, *, now: datetime) -> int:
        """The starter library for a log without exercises; a log with some costs one
        ``sqlite3`` read, and no SQLAlchemy."""
        with first_reads.reading(self.path) as connection:
            if first_reads.has_exercises(connection):
                return 0
        # Asked again under the write: another window may have seeded it meanwhile.
        return super().seed_library_if_empty(now=now)

    # -- the log as a whole ------------------------------------------------------------

    def version(self) -> SchemaVersion:
        """The schema, read with ``sqlite3`` alone (no Alembic, no SQLAlchemy)."""
        return database_file.read_log_version(self.path)

    def upgrade(self, *, asked: bool = False) -> str | None:
        """Check, create or upgrade the file (asked or not: it keeps a copy of the old
        log beside it); an up-to-date log loads no Alembic."""
        kept = database_file.prepare_database(self.path)
        return None if kept is None else str(kept)

    def back_up(
        self, target: Path, *, force: bool = False, progress: Progress | None = None,
        lifter: str | None = None,
    ) -> int:
        """SQLite's online backup of the log to ``target``; one lifter's rows, read in
        one snapshot, into a new file."""
        if lifter is None:
            return database_file.back_up(self.path, target, force=force, progress=progress)
        from bfr_tui.store.log_copy import copy_into_new_file

        found = database_file.check_backup(self.path, target, force=force)
        if not found.is_current:
            # A backup never changes the log, and only this version's log has lifters.
            raise StoreError(
                f"{self.path} is at {found.describe()}: open it with this bfr-tui (or run "
                "bfr-tui db upgrade) before backing up one lifter, or back up the whole log."
            )
        whose = self.lifter_called(lifter)
        return copy_into_new_file(self.engine, target, progress=progress, lifter_id=whose.id)

    def import_csv(
        self, source: Path, *, layout: ImportLayoutChoice = "auto", unit: Unit | None = None,
        dry_run: bool = False, now: datetime, progress: Progress | None = None,
        upgraded: Callable[[str], None] | None = None, lifter: str | None = None,
    ) -> ImportSummary:
        """The import of ``store.import_csv``, written in one ``BEGIN IMMEDIATE``."""
        from bfr_tui.store.import_csv import SqliteImportTarget, run_import

        def prepared(_path: Path) -> Engine:
            # Only once the whole file has checked out.
            kept = self.upgrade()
            if kept is not None and upgraded is not None:
                upgraded(kept)
            return self.engine

        return run_import(
            csv_path=source, target=SqliteImportTarget(self.path, prepared), layout=layout,
            unit=unit, dry_run=dry_run, now=now, progress=progress,
            lifter=self.lifter.id if self.lifter is not None else lifter,
        )
