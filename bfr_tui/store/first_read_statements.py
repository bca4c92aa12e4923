"""The reads behind the first screen, as SQLAlchemy statements: their one definition.

``first_reads`` runs the SQLite text of these statements with ``sqlite3`` alone, and
their PostgreSQL text with psycopg alone, so the exercise list is painted before
SQLAlchemy is loaded; it holds that text as SQLAlchemy's SQLite and PostgreSQL dialects
compile it, and a test checks they stay equal. ``queries`` runs the statements
themselves, on any engine.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select as AnySelect, SQLColumnExpression, bindparam
from sqlalchemy.orm import aliased
from sqlmodel import col, func, select
from sqlmodel.sql.expression import Select

from bfr_tui.store.first_reads import LIFTER
from bfr_tui.store.models import (
    Block,
    Exercise,
    Lifter,
    OneRepMax,
    SetEntry,
    SymptomFlag,
)

# The one value the reads take: whose training they read. Every other value is
# written into the statement's text.
_LIFTER = bindparam(LIFTER, type_=Integer)


def lifter_order() -> tuple[SQLColumnExpression[Any], ...]:
    """The lifters' order: by name, any case."""
    return (func.lower(Lifter.name), col(Lifter.id))


# Every lifter the connection may see, by name.
LIFTERS = select(Lifter.id, Lifter.name).order_by(*lifter_order())

# sqlmodel's select() is typed for up to four columns; for more it builds sqlmodel's
# Select, which is typed for any number, so the wider statements build it themselves.
PROFILE_FACTS: Select[*tuple[Any, ...]] = Select(
    col(Lifter.theme),
    col(Lifter.unit),
    col(Lifter.screening_answers),
    col(Lifter.screened_on),
    col(Lifter.cleared_by_professional),
).where(col(Lifter.id) == _LIFTER)

# The partial index of open blocks answers at once.
OPEN_BLOCK = (
    select(Block.id)
    .where(col(Block.lifter_id) == _LIFTER, col(Block.cuff_off_at).is_(None))
    .limit(1)
)
# Whether the log has an exercise: only a brand-new log gets the starter library.
ANY_EXERCISE = select(Exercise.id).limit(1)


def exercise_order() -> tuple[SQLColumnExpression[Any], ...]:
    """The library's order: by limb (arm, leg, none: the cuff-able ones first), then name."""
    return (col(Exercise.limb), func.lower(Exercise.name), col(Exercise.id))


EXERCISES: Select[*tuple[Any, ...]] = Select(
    col(Exercise.id),
    col(Exercise.name),
    col(Exercise.limb),
    col(Exercise.muscle_group),
    col(Exercise.compound),
    col(Exercise.suitability_note),
    col(Exercise.load_step),
    col(Exercise.unit),
    col(Exercise.needs_review),
    col(Exercise.archived),
).order_by(*exercise_order())
ACTIVE_EXERCISES = EXERCISES.where(col(Exercise.archived).is_(False))

# One indexed look-up per exercise, never a pass over every row: the
# (exercise_id, ...) indexes hand over the latest row at once, so the list opens
# as fast at 100,000 sets as at 100. DISTINCT (harmless in an IN) keeps PostgreSQL
# from flattening the ids into the outer query: flattened, the join condition holds a
# subquery, which the planner will not run below a row-security policy, and a
# lifter's or coach's role (store.row_security) then scans every row of the table
# instead of looking up one per exercise.
_one_rm = aliased(OneRepMax, name="latest_one_rm")
_block = aliased(Block, name="latest_block")
LATEST_ONE_RM_IDS = select(
    select(_one_rm.id)
    .where(col(_one_rm.lifter_id) == _LIFTER, _one_rm.exercise_id == Exercise.id)
    .order_by(col(_one_rm.recorded_on).desc(), col(_one_rm.id).desc())
    .limit(1)
    .correlate(Exercise)
    .scalar_subquery()
).select_from(Exercise).distinct()
LATEST_BLOCK_IDS = select(
    select(_block.id)
    .where(col(_block.lifter_id) == _LIFTER, _block.exercise_id == Exercise.id)
    .order_by(col(_block.cuff_on_at).desc(), col(_block.id).desc())
    .limit(1)
    .correlate(Exercise)
    .scalar_subquery()
).select_from(Exercise).distinct()

CURRENT_ONE_RMS = select(
    col(OneRepMax.exercise_id), col(OneRepMax.value), col(OneRepMax.unit), col(OneRepMax.method)
).where(col(OneRepMax.id).in_(LATEST_ONE_RM_IDS))
LAST_BLOCKS: Select[*tuple[Any, ...]] = Select(
    col(Block.id),
    col(Block.exercise_id),
    col(Block.cuff_on_at),
    col(Block.cuff_off_at),
    col(Block.load),
    col(Block.unit),
    col(Block.protocol_reps),
    col(Block.end_reason),
    col(Block.tightness),
).where(col(Block.id).in_(LATEST_BLOCK_IDS))


def reps_of_blocks(block_ids: AnySelect[Any]) -> Select[int, Any]:
    """(block id, reps) of every set of ``block_ids``, block by block, in set order."""
    return (
        select(col(SetEntry.block_id), col(SetEntry.reps))
        .where(col(SetEntry.block_id).in_(block_ids))
        .order_by(col(SetEntry.block_id), col(SetEntry.set_number))
    )


def flag_kinds_of_blocks(block_ids: AnySelect[Any]) -> Select[int, Any]:
    """(block id, kind) of every symptom flag of ``block_ids``, in the order raised."""
    return (
        select(col(SymptomFlag.block_id), col(SymptomFlag.kind))
        .where(col(SymptomFlag.block_id).in_(block_ids))
        .order_by(col(SymptomFlag.block_id), col(SymptomFlag.raised_at), col(SymptomFlag.id))
    )


LAST_BLOCK_REPS = reps_of_blocks(LATEST_BLOCK_IDS)
LAST_BLOCK_FLAG_KINDS = flag_kinds_of_blocks(LATEST_BLOCK_IDS)

# Every statement ``first_reads`` holds the SQLite and PostgreSQL text of, by name.
STATEMENTS: dict[str, AnySelect[*tuple[Any, ...]]] = {
    "LIFTERS": LIFTERS,
    "PROFILE_FACTS": PROFILE_FACTS,
    "OPEN_BLOCK": OPEN_BLOCK,
    "ANY_EXERCISE": ANY_EXERCISE,
    "EXERCISES": EXERCISES,
    "ACTIVE_EXERCISES": ACTIVE_EXERCISES,
    "CURRENT_ONE_RMS": CURRENT_ONE_RMS,
    "LAST_BLOCKS": LAST_BLOCKS,
    "LAST_BLOCK_REPS": LAST_BLOCK_REPS,
    "LAST_BLOCK_FLAG_KINDS": LAST_BLOCK_FLAG_KINDS,
}
