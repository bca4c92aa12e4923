"""The export's reads, as SQLAlchemy statements: their one definition, for any engine.

Three statements serve an export: the sets joined with their block, session and
exercise (one row per set, one per block without a set), the symptom flags of the
same blocks, and the number of rows the first returns (for the progress bar). Each
takes the same filters on the block, so the three always agree on what is exported.

Rows are read by position, through the indexes below, so the export's loop costs
what a tuple costs. Times and yes/no columns are read differently by engine
(:func:`dialect.utc_text`, :data:`EXPORT_YES_NO`); nothing else is.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    func,
    select,
    type_coerce,
)
from sqlmodel import col

from bfr_tui.store.dialect import utc_text
from bfr_tui.store.models import (
    Block,
    Cuff,
    Exercise,
    SetEntry,
    SymptomFlag,
    TrainingSession,
)
from bfr_tui.store.queries import Filters

# How the export reads times and yes/no columns: the one place it differs by engine.
# Converting each of these values in Python, row by row, costs more than the query at
# 100,000 sets (issue #5). Every engine hands a time over as UTC text in SQLite's
# stored shape (``dialect.utc_text``), which the export slices into local time faster
# than it could convert datetimes; a yes/no comes as SQLite's 1 or 0, or as a boolean.
EXPORT_YES_NO = Boolean().with_variant(Integer(), "sqlite")
# A time as the export reads it: UTC text in SQLite's stored shape, on every engine.
StoredTime = str


def _time(column: Any) -> ColumnElement[StoredTime]:
    return utc_text(column)


def _yes_no(column: Any) -> ColumnElement[bool | int]:
    return type_coerce(column, EXPORT_YES_NO)


# The set rows' columns, in order; the names below index them.
_SET_COLUMNS: tuple[SQLColumnExpression[Any], ...] = (
    col(TrainingSession.id), _time(TrainingSession.started_at),
    _time(TrainingSession.ended_at), col(TrainingSession.notes),
    col(Block.id), col(Block.side), col(Block.protocol_name), col(Block.protocol_reps),
    col(Block.rest_target_s), col(Block.end_reason), _yes_no(Block.pulse_felt),
    _yes_no(Block.skin_normal), col(Block.lop_percent), col(Block.cuff_width_cm), col(Block.unit),
    col(Block.one_rm), col(Block.tightness), col(Block.pressure_mmhg),
    _time(Block.cuff_on_at), _time(Block.cuff_off_at), col(Block.notes), col(Block.load),
    col(Exercise.name), col(Exercise.limb),
    col(Cuff.name), col(Cuff.kind), col(Cuff.width_cm), col(Cuff.wrap_mark),
    col(Block.target_mmhg), col(Block.tempo),
    col(SetEntry.id), col(SetEntry.set_number), col(SetEntry.target_reps), col(SetEntry.reps),
    col(SetEntry.load), col(SetEntry.rest_before_s),
    _time(SetEntry.started_at), _time(SetEntry.ended_at),
    col(SetEntry.rpe), col(SetEntry.discomfort),
)  # fmt: skip
(
    SESSION_ID, SESSION_STARTED, SESSION_ENDED, SESSION_NOTES,
    BLOCK_ID, SIDE, PROTOCOL_NAME, PROTOCOL_REPS,
    REST_TARGET_S, END_REASON, PULSE_FELT,
    SKIN_NORMAL, LOP_PERCENT, CUFF_WIDTH_CM, UNIT,
    ONE_RM, TIGHTNESS, PRESSURE_MMHG,
    CUFF_ON_AT, CUFF_OFF_AT, BLOCK_NOTES, BLOCK_LOAD,
    EXERCISE, LIMB,
    CUFF_NAME, CUFF_KIND, CUFF_OWN_WIDTH_CM, CUFF_WRAP_MARK,
    TARGET_MMHG, TEMPO,
    SET_ID, SET_NUMBER, TARGET_REPS, REPS,
    SET_LOAD, REST_BEFORE_S,
    SET_STARTED, SET_ENDED,
    SET_RPE, SET_DISCOMFORT,
) = range(len(_SET_COLUMNS))  # fmt: skip

# A flag row: block id, set id (None for a flag raised between sets), kind, time, note.
# Final, so each index picks its column's own type out of a FlagRow.
FlagRow = tuple[int, int | None, str, StoredTime, str]
FLAG_BLOCK_ID: Final = 0
FLAG_SET_ID: Final = 1
FLAG_KIND: Final = 2
FLAG_RAISED_AT: Final = 3
FLAG_NOTE: Final = 4


def set_rows(filters: Filters) -> Select[*tuple[Any, ...]]:
    """Every set of the chosen blocks, and each block without a set once, in log order."""
    return (
        select(*_SET_COLUMNS)
        .select_from(Block)
        .join(TrainingSession, col(TrainingSession.id) == col(Block.session_id))
        .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        # Most blocks have no cuff of the lifter's named on them.
        .outerjoin(Cuff, col(Cuff.id) == col(Block.cuff_id))
        # Outer join: a block stopped before its first set still shows (its flags matter).
        .outerjoin(SetEntry, col(SetEntry.block_id) == col(Block.id))
        .where(*filters)
        .order_by(
            col(TrainingSession.started_at),
            col(TrainingSession.id),
            col(Block.cuff_on_at),
            col(Block.id),
            col(SetEntry.set_number),
        )
    )


def symptom_flags(
    filters: Filters,
) -> Select[int, int | None, str, StoredTime, str]:
    """The symptom flags of the chosen blocks (as :data:`FlagRow`), oldest first."""
    return (
        select(
            col(SymptomFlag.block_id),
            col(SymptomFlag.set_id),
            col(SymptomFlag.kind),
            _time(SymptomFlag.raised_at),
            col(SymptomFlag.note),
        )
        .join(Block, col(Block.id) == col(SymptomFlag.block_id))
        .where(*filters)
        .order_by(col(SymptomFlag.raised_at), col(SymptomFlag.id))
    )


def row_count(filters: Filters) -> Select[int, int]:
    """(rows, sets): the rows :func:`set_rows` returns, counted without building them.

    One row per set, and one for each block without a set (the Strong layout leaves
    those out, so it counts the sets).
    """
    return (
        select(func.count(), func.count(col(SetEntry.id)))
        .select_from(Block)
        .outerjoin(SetEntry, col(SetEntry.block_id) == col(Block.id))
        .where(*filters)
    )
