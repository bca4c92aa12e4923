"""Reads and writes of the training log, shared by the app, the CLI, export and the demo.

Every function is keyword-only, takes the caller's ``session`` and does one short
piece of work inside it; the caller's ``session_scope`` commits. Summaries for
lists (exercise overview, history) run a small fixed number of aggregated
queries, never one query per row, so a long log stays quick to open.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Select, case, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select as SQLModelSelect

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.cuff_profile import CuffProfile, same_cuff
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import step_in_unit
from bfr_tui.domain.load import percent_of_1rm
from bfr_tui.domain.lop import LopMeasurement
from bfr_tui.domain.next_cuff_setting import LastCuffUse
from bfr_tui.domain.occlusion import cuff_time_s
from bfr_tui.domain.pressure_prescription import remeasure_interval_days
from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import tempo_text
from bfr_tui.domain.units import DEFAULT_LOAD_STEP, KG_PER_LB, Unit, convert
from bfr_tui.domain.weeks import week_start
from bfr_tui.store import first_read_statements as statements, first_reads
from bfr_tui.store.dialect import day_of, julian_day, least, whole_part
from bfr_tui.store.first_read_statements import flag_kinds_of_blocks
from bfr_tui.store.models import (
    Block,
    Cuff,
    Exercise,
    Lifter,
    LopEntry,
    OneRepMax,
    SetEntry,
    SymptomFlag,
    TrainingSession,
    lifter_tables,
)
from bfr_tui.store.names import clean_name, name_key
from bfr_tui.store.records import cuff_profile, measured_lop, one_rep_max_entry
from bfr_tui.store.utc_time import local, start_of_local_day
from bfr_tui.training_log import (
    ExerciseOverview,
    HistoryRow,
    LifterFacts,
    OneRepMaxEntry,
    ProfileFacts,
    ProgressPoint,
    WeekOfCuffTime,
)

OneRepMaxMethod = Literal["tested", "estimated"]
ONE_REP_MAX_METHODS: frozenset[str] = frozenset({"tested", "estimated"})
# Fields a lifter may change on an exercise after creating it.
EDITABLE_EXERCISE_FIELDS: frozenset[str] = frozenset(
    {
        "name",
        "limb",
        "muscle_group",
        "compound",
        "suitability_note",
        "load_step",
        "unit",
        "needs_review",
        "archived",
    }
)

_T = TypeVar("_T")


# --- lifters ------------------------------------------------------------------------------


def list_lifters(*, session: Session) -> list[LifterFacts]:
    """Every lifter this connection may see, by name."""
    return first_reads.lifters_from_rows(session.exec(statements.LIFTERS))


def get_lifter(*, session: Session, lifter_id: int) -> Lifter:
    """The lifter with this id; LookupError if there is none."""
    return _get(session, Lifter, lifter_id)


def find_lifter_by_name(*, session: Session, name: str) -> Lifter | None:
    """The lifter called ``name``, ignoring case and spacing."""
    key = name_key(name)
    found = next(
        (row.id for row in list_lifters(session=session) if name_key(row.name) == key), None
    )
    return None if found is None else session.get(Lifter, found)


def _clean_lifter_name(*, session: Session, name: str, lifter_id: int | None = None) -> str:
    cleaned = clean_name(name, what="A lifter")
    existing = find_lifter_by_name(session=session, name=cleaned)
    if existing is not None and existing.id != lifter_id:
        raise ValueError(f"There is already a lifter called {existing.name!r}.")
    return cleaned


def add_lifter(*, session: Session, name: str, unit: Unit = Unit.KG) -> Lifter:
    """A new lifter, not yet screened; ValueError for an empty, too long or taken name."""
    lifter = Lifter(name=_clean_lifter_name(session=session, name=name), unit=Unit(unit).value)
    session.add(lifter)
    _flush_name(session, lifter.name)
    return lifter


def rename_lifter(*, session: Session, lifter_id: int, name: str) -> Lifter:
    """Give a lifter another name (their training stays theirs)."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    lifter.name = _clean_lifter_name(session=session, name=name, lifter_id=lifter_id)
    session.add(lifter)
    _flush_name(session, lifter.name)
    return lifter


def _flush_name(session: Session, name: str) -> None:
    """Write a lifter's name; ValueError when another lifter has it.

    A lifter's own role on a server sees no other lifter, so the check by name above
    finds none: the unique index is what refuses it. The lifter is told the name is
    taken, and no more about whose it is.
    """
    try:
        session.flush()
    except IntegrityError:
        raise ValueError(f"The name {name!r} is taken in this log: choose another.") from None


def lifter_data_counts(*, session: Session, lifter_id: int) -> dict[str, int]:
    """How many rows of each kind the lifter has (table name: count), none left out."""
    return {
        table.name: int(session.execute(
            select(func.count()).select_from(table).where(table.c.lifter_id == lifter_id)
        ).scalar_one())
        for table in lifter_tables()
    }


def remove_lifter(*, session: Session, lifter_id: int) -> None:
    """Delete a lifter and every row of theirs."""
    for table in lifter_tables():
        session.execute(delete(table).where(table.c.lifter_id == lifter_id))
    session.delete(get_lifter(session=session, lifter_id=lifter_id))
    session.flush()


def lifter_facts(*, session: Session, lifter_id: int) -> ProfileFacts:
    """The lifter's settings and screening as the app reads them."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    return ProfileFacts(
        theme=lifter.theme,
        unit=lifter.unit,
        screening_answers=first_reads.screening_answers(lifter.screening_answers),
        screened_on=lifter.screened_on,
        cleared_by_professional=lifter.cleared_by_professional,
    )


def save_screening(
    *, session: Session, lifter_id: int, answers: dict[str, bool], screened_on: date,
    cleared: bool,
) -> Lifter:
    """Store the screening answers, their date and the professional clearance (R8)."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    lifter.screening_answers = json.dumps(answers, sort_keys=True)
    lifter.screened_on = screened_on
    lifter.cleared_by_professional = cleared
    session.add(lifter)
    session.flush()
    return lifter


def set_unit(*, session: Session, lifter_id: int, unit: Unit) -> Lifter:
    """Remember the unit the lifter logs in."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    lifter.unit = Unit(unit).value
    session.add(lifter)
    session.flush()
    return lifter


def move_untrained_exercises(*, session: Session, unit: Unit) -> int:
    """Put every exercise with no block yet in ``unit``, its 1RMs and load step with it.

    The starter library (and an import's exercises) are written before the lifter picks
    a unit at the screening; a lifter who picks lb should find 1RMs and steps in lb, not
    an 80 lb estimate shown as 36.29 kg on a 1.25 kg step. An exercise with a block
    keeps its unit, so the loads logged with it keep their meaning. Returns how many
    exercises moved.
    """
    from bfr_tui.store.row_security import sees_all_training

    if not sees_all_training(session):
        # A lifter's role on a server sees only their own blocks: it cannot tell which
        # shared exercises the others have trained, so it moves none of them.
        return 0
    unit = Unit(unit)
    trained = select(Block.exercise_id).distinct()
    moving = session.exec(
        select(Exercise).where(
            col(Exercise.id).not_in(trained), col(Exercise.unit) != unit.value
        )
    ).all()
    for exercise in moving:
        # Set here, not through update_exercise: a unit is not a lifter's edit.
        exercise.load_step = step_in_unit(
            exercise.load_step, from_unit=Unit(exercise.unit), to_unit=unit
        )
        exercise.unit = unit.value
        session.add(exercise)
    moved_ids = [exercise.id for exercise in moving]
    for one_rm in session.exec(
        select(OneRepMax).where(
            col(OneRepMax.exercise_id).in_(moved_ids), col(OneRepMax.unit) != unit.value
        )
    ).all():
        # Not rounded to what a lifter types: moved back, it reads as it was entered.
        one_rm.value = round(convert(one_rm.value, from_unit=Unit(one_rm.unit), to_unit=unit), 6)
        one_rm.unit = unit.value
        session.add(one_rm)
    session.flush()
    return len(moving)


def set_theme(*, session: Session, lifter_id: int, theme: str) -> Lifter:
    """Remember the lifter's colour theme."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    lifter.theme = theme
    session.add(lifter)
    session.flush()
    return lifter


def set_lop_remeasure_days(*, session: Session, lifter_id: int, days: int) -> Lifter:
    """Remember after how many days the lifter's LOPs ask to be measured again (R14)."""
    lifter = get_lifter(session=session, lifter_id=lifter_id)
    lifter.lop_remeasure_days = remeasure_interval_days(days)
    session.add(lifter)
    session.flush()
    return lifter


# --- cuffs and limb occlusion pressures ------------------------------------------------


def list_cuffs(*, session: Session, lifter_id: int, include_archived: bool = False) -> list[Cuff]:
    """The lifter's cuffs, by name as the lifter reads it (any case)."""
    statement = select(Cuff).where(Cuff.lifter_id == lifter_id)
    if not include_archived:
        statement = statement.where(col(Cuff.archived).is_(False))
    # Sorted here: SQLite's lower() folds ASCII only.
    return sorted(
        session.exec(statement).all(), key=lambda cuff: (name_key(cuff.name), cuff.id or 0)
    )


def get_cuff(*, session: Session, lifter_id: int, cuff_id: int) -> Cuff:
    """The lifter's cuff with this id; LookupError for none, or another lifter's."""
    cuff = session.get(Cuff, cuff_id)
    if cuff is None or cuff.lifter_id != lifter_id:
        raise LookupError(f"no cuff with id {cuff_id}")
    return cuff


def _free_cuff_name(
    *, session: Session, lifter_id: int, name: str, cuff_id: int | None = None
) -> str:
    """``name`` unless another of the lifter's cuffs has it, in any case or spacing:
    the cuff check and history tell cuffs apart by name alone."""
    key = name_key(name)
    for other in session.exec(select(Cuff).where(Cuff.lifter_id == lifter_id)).all():
        if other.id != cuff_id and name_key(other.name) == key:
            raise ValueError(f"You already have a cuff called {other.name!r}.")
    return name


def add_cuff(*, session: Session, lifter_id: int, cuff: CuffProfile) -> Cuff:
    """A new cuff of the lifter's (checked by ``domain.cuff_profile.cuff_profile``)."""
    row = Cuff(
        lifter_id=lifter_id,
        name=_free_cuff_name(session=session, lifter_id=lifter_id, name=cuff.name),
        kind=cuff.kind.value, width_cm=cuff.width_cm, wrap_mark=cuff.wrap_mark,
    )
    session.add(row)
    session.flush()
    return row


def cuff_in_use(*, session: Session, cuff_id: int) -> bool:
    """True once a block or an LOP names the cuff."""
    block = session.exec(select(Block.id).where(Block.cuff_id == cuff_id).limit(1)).first()
    if block is not None:
        return True
    return session.exec(
        select(LopEntry.id).where(LopEntry.cuff_id == cuff_id).limit(1)
    ).first() is not None


def edit_cuff(*, session: Session, lifter_id: int, cuff_id: int, cuff: CuffProfile) -> Cuff:
    """The lifter's edit of a cuff. Its kind and width are what its LOPs and pressures
    were measured with (R12): once used, only its name and stretch mark change."""
    row = get_cuff(session=session, lifter_id=lifter_id, cuff_id=cuff_id)
    if (row.kind, row.width_cm) != (cuff.kind.value, cuff.width_cm) and cuff_in_use(
        session=session, cuff_id=cuff_id
    ):
        raise ValueError(
            f"{row.name} has blocks or LOPs measured with it as it is: add the changed "
            "cuff as a new one (and archive this one), so their pressures keep their meaning."
        )
    row.name = _free_cuff_name(
        session=session, lifter_id=lifter_id, name=cuff.name, cuff_id=cuff_id
    )
    row.kind, row.width_cm, row.wrap_mark = cuff.kind.value, cuff.width_cm, cuff.wrap_mark
    session.add(row)
    session.flush()
    return row


def archive_cuff(*, session: Session, lifter_id: int, cuff_id: int, archived: bool) -> Cuff:
    """Put a cuff away, or back: its blocks and LOPs stay as they are."""
    row = get_cuff(session=session, lifter_id=lifter_id, cuff_id=cuff_id)
    row.archived = archived
    session.add(row)
    session.flush()
    return row


def record_lop(
    *, session: Session, lifter_id: int, cuff_id: int, measurement: LopMeasurement
) -> LopEntry:
    """An LOP measured with the lifter's cuff ``cuff_id`` (checked by
    ``domain.lop.lop_measurement``); ValueError when it names another cuff."""
    cuff = get_cuff(session=session, lifter_id=lifter_id, cuff_id=cuff_id)
    if not same_cuff(cuff_profile(cuff), measurement.cuff):
        raise ValueError(
            f"This LOP was measured with {measurement.cuff.name}, not with {cuff.name}."
        )
    entry = LopEntry(
        lifter_id=lifter_id, limb=measurement.limb.value, side=measurement.side.value,
        cuff_id=cuff_id, position=measurement.position.value,
        method=measurement.method.value, measured_on=measurement.measured_on,
        mmhg=measurement.mmhg,
    )
    session.add(entry)
    session.flush()
    return entry


def lop_measurements(*, session: Session, lifter_id: int) -> list[LopMeasurement]:
    """The lifter's LOPs with their cuffs, by date, then in the order recorded."""
    rows = session.exec(
        select(LopEntry, Cuff)
        .join(Cuff, col(Cuff.id) == col(LopEntry.cuff_id))
        .where(LopEntry.lifter_id == lifter_id)
        .order_by(col(LopEntry.measured_on), col(LopEntry.id))
    ).all()
    return [measured_lop(entry, cuff) for entry, cuff in rows]


# --- exercises ---------------------------------------------------------------------------


def list_exercises(*, session: Session, include_archived: bool = False) -> list[Exercise]:
    """The library, ordered by limb then name."""
    statement = select(Exercise).order_by(*statements.exercise_order())
    if not include_archived:
        statement = statement.where(col(Exercise.archived).is_(False))
    return list(session.exec(statement).all())


def get_exercise(*, session: Session, exercise_id: int) -> Exercise:
    """The exercise with this id; LookupError if there is none."""
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise LookupError(f"no exercise with id {exercise_id}")
    return exercise


def find_exercise_by_name(*, session: Session, name: str) -> Exercise | None:
    """The exercise called ``name``, ignoring case and surrounding spaces."""
    key = name_key(name)
    if not key:
        return None
    # SQLite's lower() only folds ASCII; comparing in Python also matches "Übung"/"übung".
    rows = session.exec(select(Exercise.id, Exercise.name)).all()
    found = next((row_id for row_id, row_name in rows if name_key(row_name) == key), None)
    return None if found is None else session.get(Exercise, found)


def _clean_name(*, session: Session, name: str, exercise_id: int | None = None) -> str:
    cleaned = clean_name(name, what="An exercise")
    existing = find_exercise_by_name(session=session, name=cleaned)
    if existing is not None and existing.id != exercise_id:
        raise ValueError(f"There is already an exercise called {existing.name!r}.")
    return cleaned


def _check_step(load_step: float) -> float:
    if load_step <= 0:
        raise ValueError("The load step must be above zero.")
    return float(load_step)


def add_exercise(
    *,
    session: Session,
    name: str,
    limb: Limb,
    muscle_group: str = "",
    compound: bool = False,
    suitability_note: str = "",
    load_step: float | None = None,
    unit: Unit = Unit.KG,
    now: datetime,
) -> Exercise:
    """Add an exercise; ValueError for an empty, too long or already used name."""
    unit = Unit(unit)
    exercise = Exercise(
        name=_clean_name(session=session, name=name),
        limb=Limb(limb).value,
        muscle_group=muscle_group.strip(),
        compound=compound,
        suitability_note=suitability_note.strip(),
        load_step=_check_step(DEFAULT_LOAD_STEP[unit] if load_step is None else load_step),
        unit=unit.value,
        created_at=now,
    )
    session.add(exercise)
    session.flush()
    return exercise


def update_exercise(*, session: Session, exercise_id: int, **changes: Any) -> Exercise:
    """Change some fields of an exercise (see ``EDITABLE_EXERCISE_FIELDS``)."""
    unknown = set(changes) - EDITABLE_EXERCISE_FIELDS
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))} on an exercise")
    exercise = get_exercise(session=session, exercise_id=exercise_id)
    if "name" in changes:
        changes["name"] = _clean_name(
            session=session, name=changes["name"], exercise_id=exercise_id
        )
    if "limb" in changes:
        changes["limb"] = Limb(changes["limb"]).value
    if "unit" in changes:
        changes["unit"] = Unit(changes["unit"]).value
    if "load_step" in changes:
        changes["load_step"] = _check_step(changes["load_step"])
    for field, value in changes.items():
        setattr(exercise, field, value)
    session.add(exercise)
    session.flush()
    return exercise


# --- one-rep maxes -----------------------------------------------------------------------


def record_one_rep_max(
    *,
    session: Session,
    lifter_id: int,
    exercise_id: int,
    value: float,
    unit: Unit,
    recorded_on: date,
    method: OneRepMaxMethod,
    source: str = "",
) -> OneRepMax:
    """Store a tested or estimated 1RM for an exercise (R3)."""
    if value <= 0:
        raise ValueError("A 1RM must be above zero.")
    if method not in ONE_REP_MAX_METHODS:
        raise ValueError(f"A 1RM is 'tested' or 'estimated', not {method!r}.")
    entry = OneRepMax(
        lifter_id=lifter_id,
        exercise_id=exercise_id,
        value=float(value),
        unit=Unit(unit).value,
        recorded_on=recorded_on,
        method=str(method),
        source=source,
    )
    session.add(entry)
    session.flush()
    return entry


def current_one_rep_max(
    *, session: Session, lifter_id: int, exercise_id: int
) -> OneRepMax | None:
    """The lifter's latest 1RM (by date, then by when it was entered), or None."""
    return session.exec(
        select(OneRepMax)
        .where(OneRepMax.lifter_id == lifter_id, OneRepMax.exercise_id == exercise_id)
        .order_by(col(OneRepMax.recorded_on).desc(), col(OneRepMax.id).desc())
        .limit(1)
    ).first()


def one_rep_max_history(
    *, session: Session, lifter_id: int, exercise_id: int
) -> list[OneRepMaxEntry]:
    """Every 1RM the lifter has on record for an exercise, oldest first (by date, then by
    when it was entered, so the last is ``current_one_rep_max``)."""
    rows = session.exec(
        select(OneRepMax)
        .where(OneRepMax.lifter_id == lifter_id, OneRepMax.exercise_id == exercise_id)
        .order_by(col(OneRepMax.recorded_on), col(OneRepMax.id))
    ).all()
    return [one_rep_max_entry(row) for row in rows]


# --- sessions and blocks -----------------------------------------------------------------


def _get(session: Session, model: type[_T], row_id: int) -> _T:
    row = session.get(model, row_id)
    if row is None:
        raise LookupError(f"no {model.__name__} with id {row_id}")
    return row


def start_session(*, session: Session, lifter_id: int, started_at: datetime) -> TrainingSession:
    """Open a lifter's training session (one visit to the gym)."""
    visit = TrainingSession(lifter_id=lifter_id, started_at=started_at)
    session.add(visit)
    session.flush()
    return visit


def end_session(*, session: Session, session_id: int, ended_at: datetime) -> TrainingSession:
    """Close a training session."""
    visit = _get(session, TrainingSession, session_id)
    visit.ended_at = ended_at
    session.add(visit)
    session.flush()
    return visit


def add_block(
    *, session: Session, visit: TrainingSession, plan: BlockPlan, cuff_on_at: datetime
) -> Block:
    """Cuff on: the block as the cuff check settled it, written into ``visit``.

    The one place a plan becomes a block row; the exercise's name and limb stay with
    the exercise, and the block is the visit's lifter's.
    """
    protocol = plan.protocol
    assert visit.id is not None
    block = Block(
        lifter_id=visit.lifter_id,
        session_id=visit.id,
        exercise_id=plan.exercise_id,
        side=Side(plan.side).value,
        protocol_name=protocol.name,
        protocol_reps=protocol.reps_text,
        rest_target_s=protocol.rest_s,
        load=plan.load,
        unit=Unit(plan.unit).value,
        one_rm=plan.one_rm,
        tightness=plan.tightness,
        pulse_felt=plan.pulse_felt,
        skin_normal=plan.skin_normal,
        pressure_mmhg=plan.pressure_mmhg,
        lop_percent=plan.lop_percent,
        cuff_width_cm=plan.cuff_width_cm,
        cuff_id=plan.cuff_id,
        target_mmhg=plan.target_mmhg,
        tempo=tempo_text(protocol.tempo),
        cuff_on_at=cuff_on_at,
    )
    session.add(block)
    session.flush()
    return block


def flag_symptom(
    *,
    session: Session,
    lifter_id: int,
    block_id: int,
    kind: SymptomKind,
    raised_at: datetime,
    set_id: int | None = None,
    note: str = "",
) -> SymptomFlag:
    """Store a symptom the lifter flagged during a block (R7)."""
    flag = SymptomFlag(
        lifter_id=lifter_id,
        block_id=block_id,
        set_id=set_id,
        kind=SymptomKind(kind).value,
        raised_at=raised_at,
        note=note,
    )
    session.add(flag)
    session.flush()
    return flag


def end_block(*, session: Session, block_id: int, cuff_off_at: datetime, end_reason: str) -> Block:
    """Cuff off: record when, and why the block ended ("completed", "red_flag", ...)."""
    if not end_reason:
        raise ValueError("say why the block ended")
    block = _get(session, Block, block_id)
    block.cuff_off_at = cuff_off_at
    block.end_reason = end_reason
    session.add(block)
    session.flush()
    return block


def unfinished_block(*, session: Session, lifter_id: int) -> Block | None:
    """The lifter's latest block whose cuff-off was never recorded (the app stopped mid-block)."""
    return session.exec(
        select(Block)
        .where(Block.lifter_id == lifter_id, col(Block.cuff_off_at).is_(None))
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
        .limit(1)
    ).first()


def block_sets(*, session: Session, block_id: int) -> list[SetEntry]:
    """The sets of a block in set order."""
    return list(
        session.exec(
            select(SetEntry)
            .where(SetEntry.block_id == block_id)
            .order_by(col(SetEntry.set_number))
        ).all()
    )


def block_flags(*, session: Session, block_id: int) -> list[SymptomFlag]:
    """The symptom flags of a block in the order they were raised."""
    return list(
        session.exec(
            select(SymptomFlag)
            .where(SymptomFlag.block_id == block_id)
            .order_by(col(SymptomFlag.raised_at), col(SymptomFlag.id))
        ).all()
    )


# --- aggregates shared by the summaries --------------------------------------------------


SetTally = tuple[int, int | None, int | None]
"""A set's reps, effort and discomfort."""


def _sets_by_block(session: Session, block_ids: Select[Any]) -> dict[int, tuple[SetTally, ...]]:
    """Reps, effort and discomfort per set for every block in ``block_ids``, in set
    order, in one query."""
    rows = session.exec(
        select(col(SetEntry.block_id), col(SetEntry.reps), col(SetEntry.rpe),
               col(SetEntry.discomfort))
        .where(col(SetEntry.block_id).in_(block_ids))
        .order_by(col(SetEntry.block_id), col(SetEntry.set_number))
    )
    return first_reads.grouped(
        (block_id, (reps, rpe, discomfort)) for block_id, reps, rpe, discomfort in rows
    )


def _flag_kinds_by_block(session: Session, block_ids: Select[Any]) -> dict[int, tuple[str, ...]]:
    """Symptom kinds for every block in ``block_ids``, in the order raised, in one query."""
    return first_reads.grouped(session.exec(flag_kinds_of_blocks(block_ids)))


def _occlusion_s(block: Block) -> float | None:
    if block.cuff_off_at is None:
        return None
    return cuff_time_s(block.cuff_on_at, block.cuff_off_at)


# --- exercise overview (the selection screen) --------------------------------------------


def exercise_overview(
    *, session: Session, lifter_id: int, include_archived: bool = False
) -> list[ExerciseOverview]:
    """Every exercise with the lifter's current 1RM and last block, in five queries in all.

    The same statements as ``first_reads.exercise_overview``, run through the session.
    """
    exercises = statements.EXERCISES if include_archived else statements.ACTIVE_EXERCISES
    lifter = {first_reads.LIFTER: lifter_id}
    return first_reads.overview_from_rows(
        exercises=session.exec(exercises),
        one_rms=session.exec(statements.CURRENT_ONE_RMS, params=lifter),
        blocks=session.exec(statements.LAST_BLOCKS, params=lifter),
        reps=session.exec(statements.LAST_BLOCK_REPS, params=lifter),
        flag_kinds=session.exec(statements.LAST_BLOCK_FLAG_KINDS, params=lifter),
    )


# --- history -----------------------------------------------------------------------------


Filters = tuple[ColumnElement[bool], ...]
"""Conditions on the block, ANDed: which blocks a history page or an export takes."""


def block_filters(
    lifter_id: int, exercise_id: int | None, since: date | None, until: date | None
) -> Filters:
    """The conditions on the block that choose what is exported: one lifter's, always.

    ``since`` and ``until`` are the lifter's days, both included: a half-open range
    from the start of ``since`` to the start of the day after ``until``, in local
    time, on the raw column, so the (lifter_id, exercise_id, cuff_on_at) index serves it.
    """
    conditions: list[ColumnElement[bool]] = [col(Block.lifter_id) == lifter_id]
    if exercise_id is not None:
        conditions.append(col(Block.exercise_id) == exercise_id)
    if since is not None:
        conditions.append(col(Block.cuff_on_at) >= start_of_local_day(since))
    if until is not None:
        conditions.append(col(Block.cuff_on_at) < start_of_local_day(until + timedelta(days=1)))
    return tuple(conditions)


def history_rows(
    *,
    session: Session,
    lifter_id: int,
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[HistoryRow]:
    """Blocks newest first, filtered by exercise and an inclusive date range, in three queries."""
    page_ids = (
        select(Block.id)
        .where(*block_filters(lifter_id, exercise_id, since, until))
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
        .limit(limit)
        .offset(offset)
    )
    rows = session.exec(
        select(Block, Exercise.name, Exercise.limb, Cuff.name)
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        .outerjoin(Cuff, col(Cuff.id) == col(Block.cuff_id))
        .where(col(Block.id).in_(page_ids))
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
    ).all()
    sets = _sets_by_block(session, page_ids)
    kinds = _flag_kinds_by_block(session, page_ids)
    return [
        _history_row(block, name, limb, cuff_name, sets, kinds)
        for block, name, limb, cuff_name in rows
    ]


def _history_row(
    block: Block,
    name: str,
    limb: str,
    cuff_name: str | None,
    sets: dict[int, tuple[SetTally, ...]],
    kinds: dict[int, tuple[str, ...]],
) -> HistoryRow:
    assert block.id is not None
    tallies = sets.get(block.id, ())
    return HistoryRow(
        block_id=block.id,
        exercise_id=block.exercise_id,
        exercise_name=name,
        limb=limb,
        side=block.side,
        cuff_on_at=block.cuff_on_at,
        cuff_off_at=block.cuff_off_at,
        load=block.load,
        unit=block.unit,
        one_rm=block.one_rm,
        pct_1rm=percent_of_1rm(block.load, block.one_rm) if block.one_rm else None,
        reps=tuple(reps for reps, _rpe, _discomfort in tallies),
        targets=parse_reps(block.protocol_reps),
        occlusion_s=_occlusion_s(block),
        flag_kinds=kinds.get(block.id, ()),
        tightness=block.tightness,
        end_reason=block.end_reason,
        cuff_name=cuff_name,
        pressure_mmhg=block.pressure_mmhg,
        lop_percent=block.lop_percent,
        target_mmhg=block.target_mmhg,
        rpe=tuple(rpe for _reps, rpe, _discomfort in tallies),
        discomfort=tuple(discomfort for _reps, _rpe, discomfort in tallies),
        protocol_name=block.protocol_name,
        protocol_reps=block.protocol_reps,
    )


def count_history(
    *,
    session: Session,
    lifter_id: int,
    exercise_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """How many blocks ``history_rows`` would list with the same filters (for paging)."""
    statement = select(func.count(col(Block.id))).where(
        *block_filters(lifter_id, exercise_id, since, until)
    )
    return int(session.exec(statement).one())


# --- progress, calendar, safety look-ups -------------------------------------------------


# julianday() of 0001-01-01 less one: julianday - this = date.toordinal().
_JULIAN_ORDINAL_OFFSET = 1721424.5


def progress_points(
    *, session: Session, lifter_id: int, exercise_id: int, max_points: int | None = None
) -> list[ProgressPoint]:
    """Load and total reps of the lifter's blocks of an exercise, oldest first, in one query.

    Every load is in the exercise's unit: a block logged in the other unit is converted
    before anything is averaged or drawn beside it. With ``max_points``, a long history
    comes back as at most that many points: blocks falling in the same slice of time are
    averaged in SQL (day, load, total reps), so a chart of years of blocks reads a few
    hundred rows, not thousands.
    """
    of_exercise = (Block.lifter_id == lifter_id, Block.exercise_id == exercise_id)
    # Typed by hand: the sums' types are not inferred through coalesce.
    per_block: SQLModelSelect[*tuple[Any, ...]] = (
        select(
            col(Block.cuff_on_at).label("on"),
            _load_in_exercise_unit().label("load"),
            col(Exercise.unit).label("unit"),
            func.coalesce(func.sum(SetEntry.reps), 0).label("total"),
        )
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        .outerjoin(SetEntry, col(SetEntry.block_id) == col(Block.id))
        .where(*of_exercise)
        .group_by(col(Block.id), col(Exercise.unit))
    )
    if max_points is not None:
        first, last = session.exec(
            select(func.min(julian_day(Block.cuff_on_at)),
                   func.max(julian_day(Block.cuff_on_at)))
            .where(*of_exercise)
        ).one()
        count = session.exec(select(func.count(col(Block.id))).where(*of_exercise)).one()
        if first is not None and count > max_points and last > first:
            return _bucketed_points(session, per_block.subquery(), first, last, max_points)
    rows = session.exec(per_block.order_by(col(Block.cuff_on_at), col(Block.id))).all()
    return [ProgressPoint(on.date(), load, unit, int(total)) for on, load, unit, total in rows]


def _load_in_exercise_unit() -> ColumnElement[float]:
    """A block's load converted to its exercise's unit, in SQL (``units.convert``)."""
    return case(
        (col(Block.unit) == col(Exercise.unit), col(Block.load)),
        (col(Block.unit) == Unit.LB.value, col(Block.load) * KG_PER_LB),
        else_=col(Block.load) / KG_PER_LB,
    )


def _bucketed_points(
    session: Session, blocks: Any, first: float, last: float, max_points: int
) -> list[ProgressPoint]:
    day = julian_day(blocks.c.on)
    # Integer division by the slice width; the last block goes in the last slice.
    bucket = least(max_points - 1, whole_part((day - first) * max_points / (last - first)))
    mean_day = func.avg(day)
    rows = session.exec(
        select(mean_day, func.avg(blocks.c.load), func.max(blocks.c.unit),
               func.avg(blocks.c.total))
        .group_by(bucket)
        # Slices follow the days, so their mean days are in slice order. (Ordering by the
        # slice itself would restate its bound values, which PostgreSQL may not match
        # with the GROUP BY's.)
        .order_by(mean_day)
    ).all()
    return [
        ProgressPoint(date.fromordinal(int(julian - _JULIAN_ORDINAL_OFFSET)), float(load), unit,
                      round(total))
        for julian, load, unit, total in rows
    ]


def session_days(
    *, session: Session, lifter_id: int, since: date, until: date
) -> dict[date, int]:
    """How many blocks the lifter did on each training day from ``since`` to ``until``."""
    day = day_of(Block.cuff_on_at)
    rows = session.exec(
        select(day, func.count(col(Block.id)))
        .where(*block_filters(lifter_id, None, since, until))
        .group_by(day)
    ).all()
    return {on: int(count) for on, count in rows}


def weekly_cuff_time(
    *, session: Session, lifter_id: int, since: date, until: date
) -> list[WeekOfCuffTime]:
    """Blocks and cuff time per week (Monday to Sunday) and limb, from ``since`` to
    ``until`` (the lifter's days, both included), oldest week first.

    One narrow query over the range's blocks (a few hundred rows for twelve busy weeks);
    the cuff time of each is ``occlusion.cuff_time_s``, the one rule for it, so a clock
    set back never takes time off a week. A block still open counts, without cuff time.
    """
    rows = session.exec(
        select(Block.cuff_on_at, Block.cuff_off_at, Exercise.limb)
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        .where(*block_filters(lifter_id, None, since, until))
    ).all()
    blocks: dict[tuple[date, str], int] = {}
    seconds: dict[tuple[date, str], float] = {}
    for cuff_on_at, cuff_off_at, limb in rows:
        key = (week_start(local(cuff_on_at).date()), limb)
        blocks[key] = blocks.get(key, 0) + 1
        worn = 0.0 if cuff_off_at is None else cuff_time_s(cuff_on_at, cuff_off_at)
        seconds[key] = seconds.get(key, 0.0) + worn
    return [WeekOfCuffTime(week, limb, blocks[week, limb], seconds[week, limb])
            for week, limb in sorted(blocks, key=lambda key: (key[0], _limb_order(key[1])))]


def _limb_order(limb: str) -> tuple[int, str]:
    order = {Limb.ARM.value: 0, Limb.LEG.value: 1}
    return (order.get(limb, len(order)), limb)


def _on_limb(limb: Limb, side: Side | None) -> list[ColumnElement[bool]]:
    """Blocks on this limb (joined to their exercise); with a side, a block on the other
    side alone does not count, a block on both sides always does."""
    conditions: list[ColumnElement[bool]] = [col(Exercise.limb) == Limb(limb).value]
    if side is not None and Side(side) is not Side.BOTH:
        conditions.append(col(Block.side).in_((Side(side).value, Side.BOTH.value)))
    return conditions


def last_block_for_limb(
    *,
    session: Session,
    lifter_id: int,
    limb: Limb,
    side: Side | None = None,
    exclude_session_id: int | None = None,
) -> Block | None:
    """The latest block on this limb, for the 36 h same-muscle warning (R10).

    With a side, a block on the other side alone does not count; a block on both
    sides always does. Blocks of ``exclude_session_id`` (today's visit, where the
    next exercise is not a new session) are left out.
    """
    statement = (
        select(Block)
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        .where(Block.lifter_id == lifter_id, *_on_limb(limb, side))
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
        .limit(1)
    )
    if exclude_session_id is not None:
        statement = statement.where(Block.session_id != exclude_session_id)
    return session.exec(statement).first()


def last_cuff_for_limb(
    *, session: Session, lifter_id: int, limb: Limb, side: Side | None = None
) -> Cuff | None:
    """The cuff of the latest block on this limb (sides as ``last_block_for_limb``) that
    named a cuff still in use (not archived)."""
    return session.exec(
        select(Cuff)
        .join(Block, col(Block.cuff_id) == col(Cuff.id))
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        .where(Block.lifter_id == lifter_id, col(Cuff.archived).is_(False),
               *_on_limb(limb, side))
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
        .limit(1)
    ).first()


def last_cuff_use(
    *, session: Session, lifter_id: int, limb: Limb, side: Side | None = None
) -> LastCuffUse | None:
    """How the cuff was set in the latest block on this limb, and what was flagged in it."""
    block = last_block_for_limb(session=session, lifter_id=lifter_id, limb=limb, side=side)
    if block is None or block.id is None:
        return None
    cuff = None if block.cuff_id is None else session.get(Cuff, block.cuff_id)
    return LastCuffUse(
        cuff=None if cuff is None else cuff_profile(cuff),
        flags=frozenset(
            SymptomKind(flag.kind) for flag in block_flags(session=session, block_id=block.id)
        ),
        pressure_mmhg=block.pressure_mmhg,
        tightness=block.tightness,
    )


def session_occlusion_seconds(*, session: Session, training_session_id: int) -> float:
    """Total cuff time of the finished blocks of a training session (R6)."""
    rows = session.exec(
        select(Block.cuff_on_at, Block.cuff_off_at).where(
            Block.session_id == training_session_id, col(Block.cuff_off_at).is_not(None)
        )
    ).all()
    return sum(cuff_time_s(on, off) for on, off in rows if off is not None)
