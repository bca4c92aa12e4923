"""SQLModel tables: the shape of a BFR training log on disk.

Times are stored in UTC and read back in the machine's zone (``UtcDateTime``).

The schema itself is created and upgraded by the Alembic revisions in
``store/alembic/versions`` (run by ``store.migrations``); these classes must match
the newest revision, which a test checks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    Table,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bfr_tui.domain.limits import CUFF_NAME, TEMPLATE_NAME, WRAP_MARK
from bfr_tui.domain.pressure_prescription import DEFAULT_REMEASURE_DAYS
from bfr_tui.store.names import NAME_MAX
from bfr_tui.store.utc_time import aware, from_driver


class UtcDateTime(TypeDecorator[datetime]):
    """A time stored in UTC and read back, timezone-aware, in the machine's zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = aware(value).astimezone(UTC)
        # SQLite's DATETIME writes the wall time and drops the zone: give it UTC's.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else from_driver(value)


def _time(**kwargs: Any) -> Any:
    """A time column (``UtcDateTime``)."""
    return Field(sa_type=UtcDateTime, **kwargs)


class Exercise(SQLModel, table=True):
    """An exercise in the lifter's library."""

    __tablename__ = "exercise"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_MAX, unique=True)
    limb: str = Field(description="arm, leg or none (domain.limbs.Limb)")
    muscle_group: str = ""
    compound: bool = False
    suitability_note: str = ""
    load_step: float = 1.25
    unit: str = "kg"
    # Logs of schema 1 gained this column by ALTER TABLE, which needs a default.
    needs_review: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    archived: bool = False
    created_at: datetime = _time()


class Lifter(SQLModel, table=True):
    """A lifter in the log: their settings and screening; their training points here."""

    __tablename__ = "lifter"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_MAX, unique=True)
    unit: str = "kg"
    screening_answers: str = ""
    screened_on: date | None = None
    cleared_by_professional: bool = False
    theme: str = "textual-dark"
    # Lifters of schema 6 gained this column by ALTER TABLE, which needs a default.
    lop_remeasure_days: int = Field(
        default=DEFAULT_REMEASURE_DAYS,
        sa_column_kwargs={"server_default": text(str(DEFAULT_REMEASURE_DAYS))},
    )


def _lifter_id() -> Any:
    """The lifter a row belongs to: every piece of training and health data has one."""
    return Field(foreign_key="lifter.id")


class OneRepMax(SQLModel, table=True):
    """A lifter's 1RM for an exercise on a date, tested or estimated from a rep-max set."""

    __tablename__ = "one_rep_max"
    __table_args__ = (
        # The current 1RM: the latest of one lifter's for one exercise.
        Index("ix_one_rep_max_lifter_exercise", "lifter_id", "exercise_id", "recorded_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    exercise_id: int = Field(foreign_key="exercise.id", index=True)
    value: float
    unit: str = "kg"
    recorded_on: date
    method: str = "tested"
    source: str = ""


class Cuff(SQLModel, table=True):
    """One of a lifter's cuffs (``domain.cuff_profile.CuffProfile``), by a name unique to
    them. A cuff once used is archived, never deleted: its blocks and LOPs point at it."""

    __tablename__ = "cuff"
    __table_args__ = (
        UniqueConstraint("lifter_id", "name", name="uq_cuff_lifter_name"),
        # What a block's and an LOP's (cuff_id, lifter_id) point at: a row can only use
        # a cuff of its own lifter.
        UniqueConstraint("id", "lifter_id", name="uq_cuff_id_lifter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    name: str = Field(max_length=CUFF_NAME.max_chars)
    kind: str = Field(description="domain.cuff_profile.CuffKind")
    width_cm: float
    wrap_mark: str = Field(default="", max_length=WRAP_MARK.max_chars)
    archived: bool = False


class LopEntry(SQLModel, table=True):
    """A limb occlusion pressure the lifter measured (R14): limb, side, cuff, position."""

    __tablename__ = "lop_measurement"
    __table_args__ = (
        # The cuff check reads one lifter's, in the order they were measured.
        Index("ix_lop_measurement_lifter", "lifter_id", "measured_on"),
        ForeignKeyConstraint(
            ["cuff_id", "lifter_id"], ["cuff.id", "cuff.lifter_id"],
            name="fk_lop_measurement_cuff_lifter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    limb: str = Field(description="arm or leg (domain.limbs.Limb)")
    side: str = Field(description="left or right (domain.limbs.Side)")
    cuff_id: int
    position: str = Field(description="domain.lop.BodyPosition")
    method: str = Field(description="domain.lop.LopMethod")
    measured_on: date
    mmhg: int


class SessionTemplate(SQLModel, table=True):
    """One of a lifter's session templates (``domain.session_template``), by a name unique
    to them in any case. Archived rather than deleted, like a cuff."""

    __tablename__ = "session_template"
    __table_args__ = (
        UniqueConstraint("lifter_id", "name", name="uq_session_template_lifter_name"),
        # What a template block's and a plan entry's (template_id, lifter_id) point at:
        # a row can only belong to a template of its own lifter.
        UniqueConstraint("id", "lifter_id", name="uq_session_template_id_lifter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    name: str = Field(max_length=TEMPLATE_NAME.max_chars)
    archived: bool = False
    created_at: datetime = _time()


class TemplateBlock(SQLModel, table=True):
    """One block of a session template, at its place in the order; the protocol as a
    block stores it."""

    __tablename__ = "template_block"
    __table_args__ = (
        UniqueConstraint("template_id", "position", name="uq_template_block_position"),
        ForeignKeyConstraint(
            ["template_id", "lifter_id"], ["session_template.id", "session_template.lifter_id"],
            name="fk_template_block_template_lifter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    template_id: int
    position: int = Field(description="1 for the first block run")
    exercise_id: int = Field(foreign_key="exercise.id", index=True)
    side: str = Field(description="left, right or both (domain.limbs.Side)")
    protocol_name: str
    protocol_reps: str
    rest_target_s: int
    # As ``domain.tempo.tempo_text`` writes it: ``2/2``, or ``off``.
    tempo: str


class PlanEntry(SQLModel, table=True):
    """A template in the lifter's weekly plan: on a weekday (0 Monday to 6 Sunday) or a
    number of times a week, one of the two."""

    __tablename__ = "plan_entry"
    __table_args__ = (
        Index("ix_plan_entry_lifter", "lifter_id"),
        ForeignKeyConstraint(
            ["template_id", "lifter_id"], ["session_template.id", "session_template.lifter_id"],
            name="fk_plan_entry_template_lifter",
        ),
        CheckConstraint(
            "(weekday IS NULL) <> (times_per_week IS NULL)", name="ck_plan_entry_when"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    template_id: int
    weekday: int | None = Field(default=None, sa_type=SmallInteger)
    times_per_week: int | None = Field(default=None, sa_type=SmallInteger)


class TrainingSession(SQLModel, table=True):
    """One visit to the gym: one or more BFR blocks."""

    __tablename__ = "training_session"
    __table_args__ = (Index("ix_training_session_lifter", "lifter_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    started_at: datetime = _time(index=True)
    ended_at: datetime | None = _time(default=None)
    notes: str = ""


class Block(SQLModel, table=True):
    """One exercise done with the cuff on, from cuff-on to cuff-off."""

    __tablename__ = "block"
    __table_args__ = (
        Index("ix_block_lifter_exercise_cuff_on", "lifter_id", "exercise_id", "cuff_on_at"),
        Index("ix_block_lifter_cuff_on", "lifter_id", "cuff_on_at"),
        # Only blocks still open (the crash check at start-up looks for them).
        Index(
            "ix_block_open", "lifter_id", "cuff_on_at",
            sqlite_where=text("cuff_off_at IS NULL"),
            postgresql_where=text("cuff_off_at IS NULL"),
        ),
        # What a set's and a flag's (block_id, lifter_id) point at: a row can only join
        # a block of its own lifter.
        UniqueConstraint("id", "lifter_id", name="uq_block_id_lifter"),
        ForeignKeyConstraint(
            ["cuff_id", "lifter_id"], ["cuff.id", "cuff.lifter_id"],
            name="fk_block_cuff_lifter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    session_id: int = Field(foreign_key="training_session.id", index=True)
    exercise_id: int = Field(foreign_key="exercise.id", index=True)
    side: str = "both"
    protocol_name: str = "Classic"
    protocol_reps: str = "30-15-15-15"
    rest_target_s: int = 30
    load: float
    unit: str = "kg"
    one_rm: float | None = None
    tightness: int
    pulse_felt: bool = True
    skin_normal: bool = True
    pressure_mmhg: float | None = None
    lop_percent: float | None = None
    cuff_width_cm: float | None = None
    # None for a block logged before cuffs were named, or without one.
    cuff_id: int | None = None
    target_mmhg: int | None = Field(
        default=None, description="the % of LOP prescribed, in mmHg, when one was"
    )
    # As ``domain.tempo.tempo_text`` writes it: ``2/2``, or ``off`` when the lifter
    # turned the beat off. None: a block from before tempos were recorded, which reads
    # back with its protocol's default tempo, as it did when it was logged.
    tempo: str | None = None
    cuff_on_at: datetime = _time(index=True)
    cuff_off_at: datetime | None = _time(default=None)
    end_reason: str = ""
    notes: str = ""


class SetEntry(SQLModel, table=True):
    """One set inside a block."""

    __tablename__ = "set_entry"
    __table_args__ = (
        Index("ux_set_entry_block_set", "block_id", "set_number", unique=True),
        ForeignKeyConstraint(
            ["block_id", "lifter_id"], ["block.id", "block.lifter_id"],
            name="fk_set_entry_block_lifter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    block_id: int = Field(foreign_key="block.id", index=True)
    set_number: int
    target_reps: int
    reps: int
    load: float
    started_at: datetime = _time()
    ended_at: datetime = _time()
    rest_before_s: float | None = None
    # 0-10 each (R13); None when the lifter skipped the rating, or before there was one.
    rpe: int | None = Field(default=None, sa_type=SmallInteger)
    discomfort: int | None = Field(default=None, sa_type=SmallInteger)


class SymptomFlag(SQLModel, table=True):
    """A symptom the lifter flagged during a block (R7)."""

    __tablename__ = "symptom_flag"
    __table_args__ = (
        ForeignKeyConstraint(
            ["block_id", "lifter_id"], ["block.id", "block.lifter_id"],
            name="fk_symptom_flag_block_lifter",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lifter_id: int = _lifter_id()
    block_id: int = Field(foreign_key="block.id", index=True)
    set_id: int | None = Field(default=None, foreign_key="set_entry.id")
    kind: str
    raised_at: datetime = _time()
    note: str = ""


def lifter_tables() -> tuple[Table, ...]:
    """Every table of a lifter's own rows, children before parents (the order to delete in)."""
    return tuple(
        model.metadata.tables[str(model.__tablename__)]
        for model in (
            SymptomFlag, SetEntry, Block, PlanEntry, TemplateBlock, SessionTemplate,
            LopEntry, Cuff, TrainingSession, OneRepMax,
        )
    )
