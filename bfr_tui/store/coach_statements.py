"""The coach overview's reads, as SQLAlchemy statements: their one definition.

``coach_reads`` runs their SQLite text with ``sqlite3`` alone and their PostgreSQL text
through libpq alone (as ``first_reads`` does), so the overview opened from the lifter
picker does not wait for SQLAlchemy to load; a test checks the texts stay those of these
statements.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select as AnySelect, String, bindparam
from sqlalchemy.orm import aliased
from sqlmodel import col, func, select
from sqlmodel.sql.expression import Select

from bfr_tui.domain.symptoms import RED_FLAGS
from bfr_tui.store.coach_reads import BLOCKS_SINCE, FLAGS_SINCE
from bfr_tui.store.first_read_statements import lifter_order
from bfr_tui.store.models import Block, Exercise, Lifter, SymptomFlag

# The two values the reads take: where the counted blocks and the red flags start, each
# in the engine's own shape of a stored time (``utc_time.stored_time``). Every other
# value is written into the statement's text. Typed as text, not as the time column, so
# the driver gets the value as it is (the column's type would convert it once more).
_BLOCKS_SINCE = bindparam(BLOCKS_SINCE, type_=String())
_FLAGS_SINCE = bindparam(FLAGS_SINCE, type_=String())

# Every lifter the connection may see, with their screening. sqlmodel's select() is
# typed for up to four columns; its Select takes any number.
LIFTER_SCREENINGS: Select[*tuple[Any, ...]] = Select(
    col(Lifter.id), col(Lifter.name), col(Lifter.screening_answers),
    col(Lifter.screened_on), col(Lifter.cleared_by_professional),
).order_by(*lifter_order())

# One indexed look-up per lifter: (lifter_id, cuff_on_at) hands over the newest block.
_latest = aliased(Block, name="latest")
_NEWEST_BLOCK = (
    select(_latest.id)
    .where(col(_latest.lifter_id) == col(Lifter.id))
    .order_by(col(_latest.cuff_on_at).desc(), col(_latest.id).desc())
    .limit(1)
    .correlate(Lifter)
    .scalar_subquery()
)
LAST_BLOCK_OF_EACH = (
    select(col(Lifter.id), col(Block.cuff_on_at), col(Exercise.name))
    .select_from(Lifter)
    .join(Block, col(Block.id) == _NEWEST_BLOCK)
    .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
)

# Every block recent enough to count or to rest a limb, one row each.
RECENT_BLOCKS: Select[*tuple[Any, ...]] = (
    Select(col(Block.lifter_id), col(Block.cuff_on_at), col(Block.cuff_off_at),
           col(Exercise.limb), col(Block.side))
    .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
    .where(col(Block.cuff_on_at) >= _BLOCKS_SINCE)
)

RED_FLAGS_SINCE = (
    select(col(SymptomFlag.lifter_id), func.count(col(SymptomFlag.id)))
    .where(col(SymptomFlag.kind).in_(sorted(kind.value for kind in RED_FLAGS)),
           col(SymptomFlag.raised_at) >= _FLAGS_SINCE)
    .group_by(col(SymptomFlag.lifter_id))
)

# Every statement ``coach_reads`` holds the SQLite and PostgreSQL text of, by name.
STATEMENTS: dict[str, AnySelect[*tuple[Any, ...]]] = {
    "LIFTER_SCREENINGS": LIFTER_SCREENINGS,
    "LAST_BLOCK_OF_EACH": LAST_BLOCK_OF_EACH,
    "RECENT_BLOCKS": RECENT_BLOCKS,
    "RED_FLAGS_SINCE": RED_FLAGS_SINCE,
}
