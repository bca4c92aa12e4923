"""The training log on a SQL engine: ``training_log.TrainingLog`` through SQLAlchemy.

What every engine does the same way (the queries, the live block's writer, history,
export, the demo) is here, once; ``SqliteTrainingLog`` and ``PostgresTrainingLog``
add what differs: how the engine is made, the schema's checks and upgrades, backups,
imports, and how one block at a time is kept across windows and machines.
SQLAlchemy, SQLModel and the store load on first use, on a worker, under one lock.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bfr_tui.domain.units import Unit
from bfr_tui.training_log import LifterFacts, NoLifterChosen, StoreError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from bfr_tui.domain.cuff_profile import CuffProfile
    from bfr_tui.domain.due import DueToday
    from bfr_tui.domain.estimate import OneRepMaxMethod
    from bfr_tui.domain.limbs import Limb, Side
    from bfr_tui.domain.lop import LopMeasurement
    from bfr_tui.domain.next_cuff_setting import LastCuffUse
    from bfr_tui.domain.session_template import SessionTemplate
    from bfr_tui.domain.weekly_plan import WeeklyPlan
    from bfr_tui.store.block_writer import SetWrite
    from bfr_tui.training_log import (
        BlockContext,
        BlockRecord,
        BlockWriter,
        CopySummary,
        CuffRecord,
        DemoSummary,
        ExerciseDetails,
        ExerciseDraft,
        ExerciseOverview,
        ExportLayout,
        HistoryRow,
        ImportLayoutChoice,
        ImportSummary,
        KeptWritesSaved,
        LifterOverview,
        LifterRemoved,
        OneRepMaxEntry,
        ProfileFacts,
        Progress,
        ProgressPoint,
        RoleRevoked,
        TemplateRecord,
        TrainingLog,
        WeekOfCuffTime,
        WriteReports,
    )


# How long the start waits for a log that is still away before leaving the kept writes
# for the next start (the lifter is told either way).
KEPT_WRITES_RETRY_S = 15.0


class SqlTrainingLog(ABC):
    """What every engine's training log shares; a subclass makes the engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._loaded = False
        self._load_lock = threading.Lock()
        self._lifter: LifterFacts | None = None

    # -- engine and sessions -----------------------------------------------------------

    def _load(self) -> None:
        """Import SQLAlchemy, SQLModel and the store once; safe from any thread.

        Every path that needs them comes through here, under one lock: two threads
        importing SQLAlchemy at once can meet its circular imports half done, and fail.
        """
        if self._loaded:
            return
        with self._load_lock:
            if self._loaded:
                return
            import bfr_tui.store.block_log
            import bfr_tui.store.block_writer
            import bfr_tui.store.engine
            import bfr_tui.store.queries  # noqa: F401

            self._loaded = True

    @property
    @abstractmethod
    def location(self) -> str:
        """The log as the lifter named it (never with a password)."""

    @abstractmethod
    def _make_engine(self) -> Engine:
        """The engine on this log, with the engine's settings on every connection."""

    @abstractmethod
    def upgrade(self, *, asked: bool = False) -> str | None:
        """Check, create or upgrade the log (``TrainingLog.upgrade``)."""

    @abstractmethod
    def import_csv(
        self, source: Path, *, layout: ImportLayoutChoice = "auto", unit: Unit | None = None,
        dry_run: bool = False, now: datetime, progress: Progress | None = None,
        upgraded: Callable[[str], None] | None = None, lifter: str | None = None,
    ) -> ImportSummary:
        """A CSV into the log (``TrainingLog.import_csv``)."""

    @property
    def engine(self) -> Engine:
        """The SQLModel engine, created on first use."""
        self._load()
        # Workers of several screens may ask at once: one engine, one pool.
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._make_engine()
            return self._engine

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        """One short transaction: commit on success, roll back on error."""
        from bfr_tui.store.engine import session_scope

        with session_scope(self.engine) as session:
            yield session

    def warm_up(self) -> None:
        """Load SQLAlchemy and open the pool's connection."""
        with self.engine.connect():
            pass

    def close(self) -> None:
        """Close every connection and let go of the block, if this window holds it."""
        self.release_block()
        with self._engine_lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.dispose()

    @abstractmethod
    def release_block(self) -> None:
        """Let another window take a block on this log."""

    # -- lifters -------------------------------------------------------------------------

    def lifters(self) -> list[LifterFacts]:
        """Every lifter this connection may see, by name."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.list_lifters(session=session)

    @property
    def lifter(self) -> LifterFacts | None:
        """The lifter the log reads and writes for, once chosen."""
        return self._lifter

    def use_lifter(self, lifter: LifterFacts) -> None:
        """Read and write for ``lifter`` from now on."""
        if self._lifter is not None and self._lifter.id != lifter.id:
            # The block lock is the lifter's: it must not follow another lifter.
            self.release_block()
        self._lifter = lifter

    def choose_lifter(self, wanted: str | None, *, required: bool = False) -> LifterFacts | None:
        """The lifter the log is opened for (``store.lifters.choose_lifter``)."""
        from bfr_tui.store.lifters import choose_lifter

        return choose_lifter(self, wanted, required=required)

    @abstractmethod
    def coach_overview(self, *, now: datetime) -> list[LifterOverview]:
        """Every lifter's recent training, red flags, screening and resting limbs, read
        with the engine's own driver (``coach_reads``)."""

    def add_demo_lifters(self, count: int) -> list[LifterFacts]:
        """``count`` made-up lifters (``store.demo.DEMO_LIFTERS``), added where missing."""
        from bfr_tui.store import queries
        from bfr_tui.store.demo import demo_lifter_names

        lifters = []
        with self._unit_of_work() as session:
            for name in demo_lifter_names(count):
                found = queries.find_lifter_by_name(session=session, name=name)
                if found is None:
                    found = queries.add_lifter(session=session, name=name)
                assert found.id is not None
                lifters.append(LifterFacts(id=found.id, name=found.name))
        return lifters

    def lifter_called(self, name: str) -> LifterFacts:
        """The lifter called ``name``, any case."""
        from bfr_tui.store.lifters import lifter_named

        return lifter_named(self.lifters(), name)

    def _lifter_id(self) -> int:
        if self._lifter is None:
            raise NoLifterChosen()
        return self._lifter.id

    def add_lifter(self, name: str) -> LifterFacts:
        """A new lifter, not yet screened."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            added = queries.add_lifter(session=session, name=name)
            assert added.id is not None
            return LifterFacts(id=added.id, name=added.name)

    def rename_lifter(self, lifter: LifterFacts, name: str) -> LifterFacts:
        """Another name for a lifter."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            renamed = queries.rename_lifter(session=session, lifter_id=lifter.id, name=name)
        facts = LifterFacts(id=lifter.id, name=renamed.name)
        if self._lifter is not None and self._lifter.id == lifter.id:
            self._lifter = facts
        return facts

    def lifter_rows(self, lifter: LifterFacts) -> dict[str, int]:
        """How many rows of each kind the lifter has."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.lifter_data_counts(session=session, lifter_id=lifter.id)

    def remove_lifter(self, lifter: LifterFacts) -> LifterRemoved:
        """Delete a lifter and everything of theirs, in one transaction."""
        from bfr_tui.store import queries
        from bfr_tui.training_log import LifterRemoved

        with self._unit_of_work() as session:
            rows = queries.lifter_data_counts(session=session, lifter_id=lifter.id)
            queries.remove_lifter(session=session, lifter_id=lifter.id)
        if self._lifter is not None and self._lifter.id == lifter.id:
            self._lifter = None
        return LifterRemoved(name=lifter.name, rows=rows)

    # -- who may read and write it ----------------------------------------------------

    @abstractmethod
    def grant_lifter(self, lifter: LifterFacts, role: str) -> str | None:
        """A server's role made the lifter's own (``TrainingLog.grant_lifter``)."""

    @abstractmethod
    def grant_coach(self, role: str) -> None:
        """A server's role made a coach's (``TrainingLog.grant_coach``)."""

    @abstractmethod
    def revoke_role(self, role: str) -> RoleRevoked:
        """What a server's role was granted, taken back (``TrainingLog.revoke_role``)."""

    # -- the chosen lifter's settings ----------------------------------------------------

    def profile(self) -> ProfileFacts:
        """The lifter's settings and screening."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.lifter_facts(session=session, lifter_id=self._lifter_id())

    def save_screening(
        self, *, answers: dict[str, bool], screened_on: date, cleared: bool, unit: Unit
    ) -> None:
        """The screening and the unit, in one transaction."""
        from bfr_tui.store import queries

        lifter_id = self._lifter_id()
        with self._unit_of_work() as session:
            before = queries.get_lifter(session=session, lifter_id=lifter_id).unit
            queries.save_screening(
                session=session, lifter_id=lifter_id, answers=answers,
                screened_on=screened_on, cleared=cleared,
            )
            queries.set_unit(session=session, lifter_id=lifter_id, unit=unit)
            if before != Unit(unit).value:
                queries.move_untrained_exercises(session=session, unit=unit)

    def save_theme(self, theme: str) -> None:
        """Remember the theme."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            queries.set_theme(session=session, lifter_id=self._lifter_id(), theme=theme)

    def lop_remeasure_days(self) -> int:
        """The lifter's LOP re-measure interval, in days."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            lifter = queries.get_lifter(session=session, lifter_id=self._lifter_id())
            return lifter.lop_remeasure_days

    def save_lop_remeasure_days(self, days: int) -> None:
        """Another re-measure interval, checked against its range."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            queries.set_lop_remeasure_days(session=session, lifter_id=self._lifter_id(), days=days)

    # -- cuffs and limb occlusion pressures -----------------------------------------------

    def cuffs(self, *, include_archived: bool = False) -> list[CuffRecord]:
        """The lifter's cuffs, by name."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import cuff_record

        with self._unit_of_work() as session:
            return [
                cuff_record(cuff) for cuff in queries.list_cuffs(
                    session=session, lifter_id=self._lifter_id(),
                    include_archived=include_archived,
                )
            ]

    def add_cuff(self, cuff: CuffProfile) -> CuffRecord:
        """A new cuff of the lifter's."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import cuff_record

        with self._unit_of_work() as session:
            return cuff_record(
                queries.add_cuff(session=session, lifter_id=self._lifter_id(), cuff=cuff)
            )

    def edit_cuff(self, cuff_id: int, cuff: CuffProfile) -> CuffRecord:
        """The lifter's edit of one of their cuffs."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import cuff_record

        with self._unit_of_work() as session:
            return cuff_record(queries.edit_cuff(
                session=session, lifter_id=self._lifter_id(), cuff_id=cuff_id, cuff=cuff
            ))

    def archive_cuff(self, cuff_id: int, *, archived: bool = True) -> None:
        """Put a cuff away, or back."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            queries.archive_cuff(
                session=session, lifter_id=self._lifter_id(), cuff_id=cuff_id, archived=archived
            )

    def last_cuff_for_limb(self, *, limb: Limb, side: Side) -> CuffRecord | None:
        """The cuff the cuff check offers first for this limb and side."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import cuff_record

        with self._unit_of_work() as session:
            found = queries.last_cuff_for_limb(
                session=session, lifter_id=self._lifter_id(), limb=limb, side=side
            )
            return None if found is None else cuff_record(found)

    def last_cuff_use(self, *, limb: Limb, side: Side) -> LastCuffUse | None:
        """How the cuff was set in the latest block on this limb and side."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.last_cuff_use(
                session=session, lifter_id=self._lifter_id(), limb=limb, side=side
            )

    def record_lop(self, measurement: LopMeasurement, *, cuff_id: int) -> None:
        """An LOP measured with one of the lifter's cuffs."""
        self.record_lops([(measurement, cuff_id)])

    def record_lops(self, measurements: Sequence[tuple[LopMeasurement, int]]) -> None:
        """LOPs measured with the lifter's cuffs, all or none."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            lifter_id = self._lifter_id()
            for measurement, cuff_id in measurements:
                queries.record_lop(
                    session=session, lifter_id=lifter_id, cuff_id=cuff_id,
                    measurement=measurement,
                )

    def lop_measurements(self) -> list[LopMeasurement]:
        """Every LOP of the lifter's, oldest first."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.lop_measurements(session=session, lifter_id=self._lifter_id())

    # -- session templates and the weekly plan -------------------------------------------

    def templates(self, *, include_archived: bool = False) -> list[TemplateRecord]:
        """The lifter's session templates, by name."""
        from bfr_tui.store import session_templates

        with self._unit_of_work() as session:
            return session_templates.list_templates(
                session=session, lifter_id=self._lifter_id(), include_archived=include_archived
            )

    def template(self, template_id: int) -> TemplateRecord:
        """One of the lifter's templates."""
        from bfr_tui.store import session_templates

        with self._unit_of_work() as session:
            return session_templates.template_record(
                session=session, lifter_id=self._lifter_id(), template_id=template_id
            )

    def save_template(
        self, template: SessionTemplate, *, template_id: int | None = None, now: datetime
    ) -> TemplateRecord:
        """A new template of the lifter's, or their edit of one."""
        from bfr_tui.store import session_templates

        lifter_id = self._lifter_id()
        with self._unit_of_work() as session:
            row = session_templates.save_template(
                session=session, lifter_id=lifter_id, template=template,
                template_id=template_id, now=now,
            )
            assert row.id is not None
            return session_templates.template_record(
                session=session, lifter_id=lifter_id, template_id=row.id
            )

    def archive_template(self, template_id: int, *, archived: bool = True) -> None:
        """Put a template away, or back."""
        from bfr_tui.store import session_templates

        with self._unit_of_work() as session:
            session_templates.archive_template(
                session=session, lifter_id=self._lifter_id(), template_id=template_id,
                archived=archived,
            )

    def weekly_plan(self) -> WeeklyPlan:
        """The lifter's weekly plan."""
        from bfr_tui.store import session_templates

        with self._unit_of_work() as session:
            return session_templates.weekly_plan(session=session, lifter_id=self._lifter_id())

    def save_weekly_plan(self, plan: WeeklyPlan) -> None:
        """The lifter's whole plan, in place of the one before."""
        from bfr_tui.store import session_templates

        with self._unit_of_work() as session:
            session_templates.save_weekly_plan(
                session=session, lifter_id=self._lifter_id(), plan=plan
            )

    @abstractmethod
    def due_today(self, *, now: datetime) -> DueToday:
        """What the weekly plan puts on today, read with the engine's own driver
        (``plan_reads``)."""

    # -- exercises and 1RMs ------------------------------------------------------------

    def exercise_overview(self) -> list[ExerciseOverview]:
        """The exercise list, in five queries."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.exercise_overview(session=session, lifter_id=self._lifter_id())

    def exercises(self, *, include_archived: bool = False) -> list[ExerciseDetails]:
        """The library, by limb then name."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import exercise_details

        with self._unit_of_work() as session:
            return [
                exercise_details(exercise)
                for exercise in queries.list_exercises(
                    session=session, include_archived=include_archived
                )
            ]

    def exercise(self, exercise_id: int) -> ExerciseDetails:
        """One exercise; LookupError when it is not in the log."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import exercise_details

        with self._unit_of_work() as session:
            return exercise_details(queries.get_exercise(session=session, exercise_id=exercise_id))

    def add_exercise(self, draft: ExerciseDraft, *, now: datetime) -> int:
        """A new exercise; its id."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            added = queries.add_exercise(session=session, now=now, **_fields(draft))
            assert added.id is not None
            return added.id

    def update_exercise(self, exercise_id: int, draft: ExerciseDraft) -> int:
        """The lifter's edit, which also clears the import's "check" mark."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            saved = queries.update_exercise(
                session=session, exercise_id=exercise_id, needs_review=False, **_fields(draft)
            )
            assert saved.id is not None
            return saved.id

    def current_one_rep_max(self, exercise_id: int) -> OneRepMaxEntry | None:
        """The latest 1RM, or None."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import one_rep_max_entry

        with self._unit_of_work() as session:
            found = queries.current_one_rep_max(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id
            )
            return None if found is None else one_rep_max_entry(found)

    def record_one_rep_max(
        self, *, exercise_id: int, value: float, unit: Unit, recorded_on: date,
        method: OneRepMaxMethod, source: str,
    ) -> None:
        """A tested or estimated 1RM."""
        from bfr_tui.domain.estimate import OneRepMaxMethod
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            queries.record_one_rep_max(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id,
                value=value, unit=unit,
                recorded_on=recorded_on,
                method="tested" if method is OneRepMaxMethod.TESTED else "estimated",
                source=source,
            )

    def one_rep_max_history(self, exercise_id: int) -> list[OneRepMaxEntry]:
        """Every 1RM on record, oldest first."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.one_rep_max_history(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id
            )

    # -- blocks ------------------------------------------------------------------------

    def block_context(self, *, exercise_id: int, now: datetime) -> BlockContext:
        """What the cuff check needs to know."""
        from bfr_tui.store import block_log

        with self._unit_of_work() as session:
            return block_log.block_context(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id, now=now
            )

    def block_record(self, block_id: int) -> BlockRecord:
        """A block and everything logged of it."""
        from bfr_tui.store import block_log

        with self._unit_of_work() as session:
            return block_log.block_record(session=session, block_id=block_id)

    def interrupted_block(self) -> BlockRecord | None:
        """The block left open, if any."""
        from bfr_tui.store import block_log

        with self._unit_of_work() as session:
            return block_log.interrupted_block(session=session, lifter_id=self._lifter_id())

    def close_interrupted(self, *, block_id: int, cuff_off_at: datetime) -> None:
        """Close a block the app never closed."""
        from bfr_tui.store import block_log

        with self._unit_of_work() as session:
            block_log.close_interrupted(session=session, block_id=block_id,
                                        cuff_off_at=cuff_off_at)

    def block_writer(
        self, *, reports: WriteReports, deliver: Callable[[Callable[[], None]], None],
        watch: Callable[[], None] | None = None,
        block_id: int | None = None, retry_for_s: float | None = None,
    ) -> BlockWriter:
        """The writer of one live block; ``retry_for_s`` shortens the retry bound in tests."""
        self._load()
        from bfr_tui.store.block_writer import SqlBlockWriter
        from bfr_tui.store.spool import spool_file
        from bfr_tui.store.write_retry import RETRY_FOR_S

        lifter_id = self._lifter_id()
        return SqlBlockWriter(
            unit_of_work=self._unit_of_work, lifter_id=lifter_id, reports=reports, deliver=deliver,
            watch=watch, block_id=block_id,
            retry_for_s=RETRY_FOR_S if retry_for_s is None else retry_for_s,
            spool_path=spool_file(self.location, lifter_id), location=self.location,
            write_set=self._set_writes(),
        )

    def _set_writes(self) -> SetWrite | None:
        """A quicker way than a session for the live block's sets, on an engine that has
        one (called once SQLAlchemy is loaded)."""
        return None

    def save_kept_writes(self) -> KeptWritesSaved | None:
        """Save what a stopped app kept of its last block (``store.spool``), if anything."""
        from bfr_tui.store import spool

        path = spool.spool_file(self.location, self._lifter_id())
        if not path.exists():
            return None
        self._load()
        from bfr_tui.store.block_writer import replay_kept
        from bfr_tui.store.write_retry import RETRY_FOR_S

        kept = spool.load(path)
        if kept is None:
            return None
        return replay_kept(kept, unit_of_work=self._unit_of_work, spool_path=path,
                           retry_for_s=min(RETRY_FOR_S, KEPT_WRITES_RETRY_S))

    # -- history -----------------------------------------------------------------------

    def history_rows(
        self, *, exercise_id: int | None = None, since: date | None = None,
        until: date | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[HistoryRow]:
        """Blocks newest first."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.history_rows(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id,
                since=since, until=until,
                limit=limit, offset=offset,
            )

    def count_history(
        self, *, exercise_id: int | None = None, since: date | None = None,
        until: date | None = None,
    ) -> int:
        """How many blocks the same filters list."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.count_history(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id,
                since=since, until=until
            )

    def progress_points(
        self, *, exercise_id: int, max_points: int | None = None
    ) -> list[ProgressPoint]:
        """The progress chart's points."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.progress_points(
                session=session, lifter_id=self._lifter_id(), exercise_id=exercise_id,
                max_points=max_points
            )

    def session_days(self, *, since: date, until: date) -> dict[date, int]:
        """Blocks per training day."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.session_days(
                session=session, lifter_id=self._lifter_id(), since=since, until=until
            )

    def weekly_cuff_time(self, *, since: date, until: date) -> list[WeekOfCuffTime]:
        """Blocks and cuff time per week and limb."""
        from bfr_tui.store import queries

        with self._unit_of_work() as session:
            return queries.weekly_cuff_time(
                session=session, lifter_id=self._lifter_id(), since=since, until=until
            )

    def export_file(
        self, *, path: Path, layout: ExportLayout, force: bool,
        exercise_id: int | None = None, since: date | None = None, until: date | None = None,
        progress: Progress | None = None, all_lifters: bool = False,
    ) -> int:
        """The lifter's log, or every lifter's, as CSV at ``path``."""
        from bfr_tui.store.export import write_export_file

        return write_export_file(
            engine=self.engine, lifter_id=None if all_lifters else self._lifter_id(), path=path,
            layout=layout, force=force, exercise_id=exercise_id, since=since, until=until,
            progress=progress, all_lifters=all_lifters,
        )

    def export_csv(
        self, out: TextIO, *, layout: ExportLayout = "native", exercise_id: int | None = None,
        since: date | None = None, until: date | None = None, progress: Progress | None = None,
        all_lifters: bool = False,
    ) -> int:
        """The lifter's log, or every lifter's, as CSV on ``out``."""
        from sqlmodel import Session

        from bfr_tui.store.export import export_csv, export_every_lifter_csv
        from bfr_tui.training_log import check_all_lifters_layout

        with Session(self.engine) as session:
            if all_lifters:
                check_all_lifters_layout(layout)
                return export_every_lifter_csv(
                    session=session, out=out, exercise_id=exercise_id, since=since,
                    until=until, progress=progress,
                )
            return export_csv(
                session=session, lifter_id=self._lifter_id(), out=out, layout=layout,
                exercise_id=exercise_id,
                since=since, until=until, progress=progress,
            )

    # -- the log as a whole ------------------------------------------------------------

    def seed_library_if_empty(self, *, now: datetime) -> int:
        """The starter library for a log without exercises."""
        from bfr_tui.store import queries
        from bfr_tui.store.seed import seed_exercises

        with self._unit_of_work() as session:
            if queries.list_exercises(session=session, include_archived=True):
                return 0
            unit = (
                Unit.KG if self._lifter is None
                else Unit(queries.get_lifter(session=session, lifter_id=self._lifter.id).unit)
            )
            return seed_exercises(session=session, unit=unit, now=now)

    def find_exercise(self, name: str) -> ExerciseDetails | None:
        """The exercise called ``name``, any case."""
        from bfr_tui.store import queries
        from bfr_tui.store.records import exercise_details

        with self._unit_of_work() as session:
            found = queries.find_exercise_by_name(session=session, name=name)
            return None if found is None else exercise_details(found)

    def copy_into(
        self, target: TrainingLog, *, merge: bool = False, now: datetime,
        progress: Progress | None = None,
    ) -> CopySummary:
        """This whole log into ``target`` (see ``TrainingLog.copy_into``)."""
        if not isinstance(target, SqlTrainingLog):
            raise StoreError(f"bfr-tui cannot copy into {target.location}.")
        return copy_log(self, target, merge=merge, now=now, progress=progress)

    def fill_demo(
        self, *, weeks: int = 12, seed: int = 7, end: datetime, sets_target: int | None = None,
        force: bool = False, progress: Progress | None = None,
    ) -> DemoSummary:
        """Made-up history, in bulk inserts (``store.demo``)."""
        from bfr_tui.store.demo import fill_demo

        return fill_demo(
            engine=self.engine, lifter_id=self._lifter_id(), weeks=weeks, seed=seed, end=end,
            sets_target=sets_target,
            force=force, progress=progress,
        )

    def add_demo_plan(self, *, now: datetime) -> int:
        """Templates of the demo's days and a plan of them (``store.demo``)."""
        from bfr_tui.store.demo import demo_plan, demo_templates

        if self.templates(include_archived=True):
            return 0
        templates = demo_templates(self.find_exercise)
        arms, legs = (self.save_template(template, now=now) for template in templates)
        self.save_weekly_plan(demo_plan(arms.id, legs.id))
        return len(templates)


def _fields(draft: ExerciseDraft) -> dict[str, Any]:
    """An ``ExerciseDraft`` as the keyword arguments of the exercise queries (the same names)."""
    return {field.name: getattr(draft, field.name) for field in fields(draft)}


def copy_log(
    source: SqlTrainingLog, target: SqlTrainingLog, *, merge: bool, now: datetime,
    progress: Progress | None = None,
) -> CopySummary:
    """``SqlTrainingLog.copy_into``: row for row into an empty target, or merged through
    the native CSV of every lifter, which is how bfr-tui already adds one log to another
    idempotently: each lifter's training goes to the target's lifter of that name. The
    CSV holds no cuff that no block names, no LOP and no re-measure interval: those are
    added after it, lifter by lifter (``store.merge_cuffs``), and a cuff that clashes
    with the target lifter's of that name is refused before anything is written. Session
    templates and weekly plans are added after those (``store.merge_templates``)."""
    import contextlib
    import tempfile

    from bfr_tui.store.log_copy import copy_rows, has_training, snapshot
    from bfr_tui.store.merge_cuffs import (
        add_lifters_cuffs,
        read_lifters_cuffs,
        refuse_other_cuffs,
    )
    from bfr_tui.store.merge_templates import add_lifters_templates, read_lifters_templates
    from bfr_tui.training_log import CopySummary

    if source.url == target.url:
        raise StoreError("the copy must go to another log than the one it comes from.")
    source.upgrade()
    target.upgrade()
    with snapshot(target.engine) as looking:
        target_has_training = has_training(looking)
    if target_has_training and not merge:
        raise StoreError(
            f"{target.location} already has training in it; copy fills an empty log. "
            "Add --merge to add only what it lacks."
        )
    if not target_has_training:
        with snapshot(source.engine) as reading, target.engine.begin() as writing:
            counts = copy_rows(reading, writing, progress=progress)
        return CopySummary(source=source.location, target=target.location, rows=counts)
    # Logs of their own, whichever lifter ``source`` and ``target`` may be pointed at:
    # the import into a log pointed at one lifter would keep that lifter's rows alone,
    # and the cuffs are read and written lifter by lifter, pointing a log at each.
    with (
        contextlib.closing(type(source)(source.url)) as source_lifters,
        contextlib.closing(type(target)(target.url)) as target_lifters,
        contextlib.closing(type(target)(target.url)) as whole,
        tempfile.TemporaryDirectory(prefix="bfr-tui-copy-") as folder,
    ):
        theirs = read_lifters_cuffs(source_lifters)
        their_templates = read_lifters_templates(source_lifters)
        before = read_lifters_cuffs(target_lifters)
        refuse_other_cuffs(
            theirs, before, source_location=source.location, target_location=target.location
        )
        # Private like every file bfr-tui writes: it holds the lifter's health data.
        exported = Path(folder) / "log.csv"
        source.export_file(
            path=exported, layout="native", force=False, progress=progress, all_lifters=True
        )
        merged = whole.import_csv(exported, layout="native", now=now, progress=progress)
        added = add_lifters_cuffs(
            theirs, target_lifters, before=before,
            source_location=source.location, target_location=target.location,
        )
        templates = add_lifters_templates(their_templates, target_lifters, now=now)
    return CopySummary(
        source=source.location, target=target.location, rows={}, merged=merged,
        cuffs_added=added.cuffs, lops_added=added.lops,
        remeasure_days_taken=added.remeasure_days, templates_added=templates.templates,
        plans_taken=templates.plans_taken, templates_left_out=templates.left_out,
    )
