"""Writes and reads for one live block: its context, cuff on, sets, flags, cuff off.

Each function is one short unit of work inside the caller's session; the live
panel runs them in order on its writer thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import update
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session, col, func, select

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.occlusion import RED_AFTER_S, format_duration
from bfr_tui.domain.progression import joins_visit
from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.resume import red_flags_in
from bfr_tui.domain.set_rating import SetRating
from bfr_tui.domain.symptoms import RED_FLAGS, SymptomKind
from bfr_tui.domain.units import Unit, convert
from bfr_tui.store import queries
from bfr_tui.store.dialect import insert_unless_present
from bfr_tui.store.models import (
    Block,
    Cuff,
    Exercise,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.store.records import (
    block_facts,
    cuff_record,
    exercise_details,
    flag_records,
    logged_set,
)
from bfr_tui.training_log import (
    INTERRUPTED,
    RED_FLAG,
    BlockContext,
    BlockRecord,
    LastBlock,
    LoggedSet,
    RaisedFlag,
)


def _in_unit(value: float, from_unit: str, to_unit: str) -> float:
    return round(convert(value, from_unit=Unit(from_unit), to_unit=Unit(to_unit)), 4)


def block_context(
    *, session: Session, lifter_id: int, exercise_id: int, now: datetime
) -> BlockContext:
    """The exercise, the lifter's current 1RM, last block and the limb's last cuff time.

    A 1RM or last load recorded in another unit is converted to the exercise's.
    """
    exercise = queries.get_exercise(session=session, exercise_id=exercise_id)
    unit = exercise.unit
    record = queries.current_one_rep_max(
        session=session, lifter_id=lifter_id, exercise_id=exercise_id
    )
    one_rm = _in_unit(record.value, record.unit, unit) if record else None
    last = session.exec(
        select(Block)
        .where(Block.lifter_id == lifter_id, Block.exercise_id == exercise_id)
        .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
        .limit(1)
    ).first()
    last_block = None
    if last is not None and last.id is not None:
        sets = queries.block_sets(session=session, block_id=last.id)
        flags = queries.block_flags(session=session, block_id=last.id)
        last_block = LastBlock(
            load=_in_unit(last.load, last.unit, unit),
            unit=unit,
            reps=tuple(s.reps for s in sets),
            targets=parse_reps(last.protocol_reps),
            tightness=last.tightness,
            red_flag=any(SymptomKind(f.kind) in RED_FLAGS for f in flags),
            cuff_on_at=last.cuff_on_at,
        )
    visit = _recent_visit(session=session, lifter_id=lifter_id, now=now)
    last_on_side: dict[Side, datetime | None] = {}
    for side in Side:
        block = queries.last_block_for_limb(
            session=session, lifter_id=lifter_id, limb=Limb(exercise.limb), side=side,
            exclude_session_id=visit.id if visit else None,
        )
        last_on_side[side] = block.cuff_on_at if block else None
    return BlockContext(exercise_details(exercise), one_rm, last_block, last_on_side)


def _recent_visit(*, session: Session, lifter_id: int, now: datetime) -> TrainingSession | None:
    """The lifter's latest visit if a block started now would still belong to it."""
    latest = session.exec(
        select(TrainingSession)
        .where(TrainingSession.lifter_id == lifter_id)
        .order_by(col(TrainingSession.started_at).desc())
        .limit(1)
    ).first()
    if latest is None or latest.id is None:
        return None
    last_off = session.exec(
        select(func.max(func.coalesce(Block.cuff_off_at, Block.cuff_on_at))).where(
            Block.session_id == latest.id
        )
    ).first()
    return latest if joins_visit(last_off or latest.started_at, now=now) else None


def session_for_new_block(*, session: Session, lifter_id: int, now: datetime) -> TrainingSession:
    """The visit a new block belongs to: the lifter's latest if it was recent, else a new one."""
    recent = _recent_visit(session=session, lifter_id=lifter_id, now=now)
    if recent is not None:
        return recent
    return queries.start_session(session=session, lifter_id=lifter_id, started_at=now)


def start_block(
    *, session: Session, lifter_id: int, plan: BlockPlan, cuff_on_at: datetime
) -> Block:
    """Cuffs on: write the block before the first rep, so a crash still knows about it.

    A start asked again (its commit's answer lost on the way from a server, or replayed
    from the spool after a quit) finds its block already there: the moment the cuff went
    on, for one lifter and exercise, is that block's own.
    """
    already = session.exec(select(Block).where(
        Block.lifter_id == lifter_id, Block.exercise_id == plan.exercise_id,
        Block.cuff_on_at == cuff_on_at,
    )).first()
    if already is not None:
        return already
    visit = session_for_new_block(session=session, lifter_id=lifter_id, now=cuff_on_at)
    return queries.add_block(session=session, visit=visit, plan=plan, cuff_on_at=cuff_on_at)


def write_set(
    *,
    session: Session,
    lifter_id: int,
    block_id: int,
    set_number: int,
    target_reps: int,
    reps: int,
    load: float,
    started_at: datetime,
    ended_at: datetime,
    rest_before_s: float | None,
) -> int:
    """Log one set and return its id; a retried write finds the set already there."""
    return log_set(session=session, lifter_id=lifter_id, block_id=block_id, logged=LoggedSet(
        set_number=set_number, target_reps=target_reps, reps=reps, load=load,
        started_at=started_at, ended_at=ended_at, rest_before_s=rest_before_s,
    ))


def set_row(*, lifter_id: int, block_id: int, logged: LoggedSet) -> dict[str, Any]:
    """A set's row, as ``set_insert`` binds it."""
    return {
        "lifter_id": lifter_id, "block_id": block_id, "set_number": logged.set_number,
        "target_reps": logged.target_reps, "reps": logged.reps, "load": logged.load,
        "started_at": logged.started_at, "ended_at": logged.ended_at,
        "rest_before_s": logged.rest_before_s, "rpe": logged.rpe,
        "discomfort": logged.discomfort,
    }


@cache
def set_insert(dialect_name: str) -> ReturningInsert[Any]:
    """A set's INSERT for one engine, returning the set's id, or nothing when the set is
    already there: the unique (block, set number) index turns a retry into a no-op.
    Built once, so its compiled form is reused."""
    return insert_unless_present(
        dialect_name, SetEntry, index_elements=["block_id", "set_number"]
    ).returning(col(SetEntry.id))


def log_set(
    *, session: Session, lifter_id: int, block_id: int, logged: LoggedSet,
    flag_ids_to_link: Sequence[int] = (),
) -> int:
    """Log a finished set, and tie to it the flags raised while it ran (already on disk);
    the set's id. A retried write finds the set already there."""
    # One statement, no read first, and the set reaches the disk in as few steps as it
    # can. On the session's connection, not through the ORM: a set is the write a lifter
    # waits on.
    connection = session.connection()
    inserted = connection.execute(
        set_insert(connection.dialect.name),
        set_row(lifter_id=lifter_id, block_id=block_id, logged=logged),
    ).first()
    set_id = int(inserted[0]) if inserted is not None else session.exec(
        select(SetEntry.id).where(SetEntry.block_id == block_id,
                                  SetEntry.set_number == logged.set_number)
    ).one()
    assert set_id is not None
    if flag_ids_to_link:
        attach_flags(session=session, flag_ids=list(flag_ids_to_link), set_id=set_id)
    return set_id


def rate_set(
    *, session: Session, block_id: int, set_number: int, rating: SetRating
) -> None:
    """The effort and discomfort the lifter gave a set already in the log (R13)."""
    session.execute(
        update(SetEntry)
        .where(col(SetEntry.block_id) == block_id, col(SetEntry.set_number) == set_number)
        .values(rpe=rating.rpe, discomfort=rating.discomfort)
    )


def write_flag(
    *,
    session: Session,
    lifter_id: int,
    block_id: int,
    set_number: int | None,
    kind: SymptomKind,
    raised_at: datetime,
    note: str = "",
) -> SymptomFlag:
    """Store a symptom flag against its block and, when there is one, its set."""
    set_id = None
    if set_number is not None:
        set_id = session.exec(
            select(SetEntry.id).where(
                SetEntry.block_id == block_id, SetEntry.set_number == set_number
            )
        ).first()
    return queries.flag_symptom(
        session=session, lifter_id=lifter_id, block_id=block_id, kind=kind,
        raised_at=raised_at, set_id=set_id,
        note=note,
    )


def attach_flags(*, session: Session, flag_ids: list[int], set_id: int) -> None:
    """Tie flags raised during a set to that set, once the set is logged."""
    for flag_id in flag_ids:
        flag = session.get(SymptomFlag, flag_id)
        if flag is not None:
            flag.set_id = set_id
            session.add(flag)
    session.flush()


def close_block(*, session: Session, block_id: int, cuff_off_at: datetime, reason: str) -> None:
    """Cuffs off: record the time and why the block ended."""
    block = queries.end_block(
        session=session, block_id=block_id, cuff_off_at=cuff_off_at, end_reason=reason
    )
    queries.end_session(session=session, session_id=block.session_id, ended_at=cuff_off_at)


def end_on_red_flag(
    *,
    session: Session,
    lifter_id: int,
    block_id: int,
    last_set: LoggedSet | None,
    flags: Sequence[RaisedFlag],
    flag_ids_to_link: Sequence[int],
    cuff_off_at: datetime,
) -> None:
    """A red flag ends the block (R7): the set it interrupted, the flag(s) and the
    cuff-off go to disk in the caller's one transaction, so no crash can leave the
    block open with a red flag on record, nor the flag without its set.

    ``flag_ids_to_link`` are flags already on disk, raised earlier in that set.
    """
    if last_set is not None:
        set_number: int | None = last_set.set_number
        log_set(session=session, lifter_id=lifter_id, block_id=block_id, logged=last_set,
                flag_ids_to_link=flag_ids_to_link)
    else:
        # Raised in rest: the flag belongs with the set before it.
        set_number = session.exec(
            select(func.max(SetEntry.set_number)).where(SetEntry.block_id == block_id)
        ).first()
    for flag in flags:
        write_flag(session=session, lifter_id=lifter_id, block_id=block_id,
                   set_number=set_number, kind=flag.kind,
                   raised_at=flag.raised_at, note=flag.note)
    close_block(session=session, block_id=block_id, cuff_off_at=cuff_off_at, reason=RED_FLAG)


def close_after_failed_save(
    *,
    session: Session,
    lifter_id: int,
    block_id: int,
    flags: Sequence[RaisedFlag],
    cuff_off_at: datetime,
    reason: str,
) -> None:
    """The last way to end a block whose ending could not be saved: the flags that
    were not saved (without their set, which may be what failed) and the cuff-off."""
    for flag in flags:
        write_flag(session=session, lifter_id=lifter_id, block_id=block_id, set_number=None,
                   kind=flag.kind,
                   raised_at=flag.raised_at, note=flag.note)
    close_block(session=session, block_id=block_id, cuff_off_at=cuff_off_at, reason=reason)


def note_past_limit(*, session: Session, block_id: int, set_number: int, cuff_s: float) -> None:
    """Record with the block that the lifter chose to start a set past the R6 limit."""
    block = session.get(Block, block_id)
    if block is None:
        raise LookupError(f"no block with id {block_id}")
    note = (
        f"Went on past the {RED_AFTER_S // 60} min cuff limit: set {set_number} started at "
        f"{format_duration(cuff_s)} of continuous cuff time."
    )
    block.notes = f"{block.notes}\n{note}" if block.notes else note
    session.add(block)
    session.flush()


def block_record(*, session: Session, block_id: int) -> BlockRecord:
    """A block and everything logged of it, in a few short queries."""
    block = session.get(Block, block_id)
    if block is None:
        raise LookupError(f"no block with id {block_id}")
    exercise = session.get(Exercise, block.exercise_id)
    if exercise is None:
        raise LookupError(
            f"block {block_id} belongs to exercise {block.exercise_id}, which is not in the log"
        )
    sets = queries.block_sets(session=session, block_id=block_id)
    cuff = None if block.cuff_id is None else session.get(Cuff, block.cuff_id)
    return BlockRecord(
        block=block_facts(block),
        exercise=exercise_details(exercise),
        sets=tuple(logged_set(entry) for entry in sets),
        flags=flag_records(queries.block_flags(session=session, block_id=block_id), sets),
        session_cuff_s=queries.session_occlusion_seconds(
            session=session, training_session_id=block.session_id
        ),
        cuff=None if cuff is None else cuff_record(cuff),
    )


def interrupted_block(*, session: Session, lifter_id: int) -> BlockRecord | None:
    """The lifter's latest block left open by a crash, with what was logged of it."""
    block = queries.unfinished_block(session=session, lifter_id=lifter_id)
    if block is None or block.id is None:
        return None
    return block_record(session=session, block_id=block.id)


def close_interrupted(*, session: Session, block_id: int, cuff_off_at: datetime) -> None:
    """Close a block the app never closed, at the time the lifter was told.

    A red flag on record ended the block, so that stays its reason.
    """
    flags = queries.block_flags(session=session, block_id=block_id)
    reason = RED_FLAG if red_flags_in(flag.kind for flag in flags) else INTERRUPTED
    close_block(session=session, block_id=block_id, cuff_off_at=cuff_off_at, reason=reason)
