"""The due panel's reads, as SQLAlchemy statements: their one definition.

``plan_reads`` runs their SQLite text with ``sqlite3`` alone and their PostgreSQL text
through libpq alone (as ``first_reads`` does), so what the weekly plan puts on today shows
with the exercise list, not once SQLAlchemy has loaded; a test checks the texts stay those
of these statements.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Select as AnySelect, String, bindparam
from sqlmodel import col, func, select
from sqlmodel.sql.expression import Select

from bfr_tui.store.first_reads import LIFTER
from bfr_tui.store.models import (
    Block,
    Exercise,
    PlanEntry as PlanRow,
    SessionTemplate as TemplateRow,
    TemplateBlock as TemplateBlockRow,
    TrainingSession,
)
from bfr_tui.store.plan_reads import BLOCKS_SINCE

# The two values the reads take: whose plan, and where the blocks read start, in the
# engine's own shape of a stored time (``utc_time.stored_time``; typed as text so the
# driver gets it as it is). Every other value is written into the statement's text.
_LIFTER = bindparam(LIFTER, type_=Integer)
_BLOCKS_SINCE = bindparam(BLOCKS_SINCE, type_=String())

# The plan in the order it was saved; ``plan_reads`` puts weekdays first.
PLAN_ENTRIES = (
    select(col(PlanRow.template_id), col(PlanRow.weekday), col(PlanRow.times_per_week))
    .where(col(PlanRow.lifter_id) == _LIFTER)
    .order_by(col(PlanRow.id))
)

# Every block of every template in use (not put away), in each template's order, with its
# exercise's name and limb as they are now. sqlmodel's select() is typed for up to four
# columns; its Select takes any number.
TEMPLATE_BLOCKS_IN_USE: Select[*tuple[Any, ...]] = (
    Select(
        col(TemplateRow.id), col(TemplateRow.name), col(TemplateBlockRow.exercise_id),
        col(Exercise.name), col(Exercise.limb), col(TemplateBlockRow.side),
        col(TemplateBlockRow.protocol_name), col(TemplateBlockRow.protocol_reps),
        col(TemplateBlockRow.rest_target_s), col(TemplateBlockRow.tempo),
    )
    .select_from(TemplateRow)
    .join(TemplateBlockRow, col(TemplateBlockRow.template_id) == col(TemplateRow.id))
    .join(Exercise, col(Exercise.id) == col(TemplateBlockRow.exercise_id))
    .where(col(TemplateRow.lifter_id) == _LIFTER, col(TemplateRow.archived).is_(False))
    .order_by(col(TemplateRow.id), col(TemplateBlockRow.position))
)

# The lifter's latest visit, with its last cuff-off (an open block's cuff-on): a block
# started now joins it if that was recent (``progression.joins_visit``).
_LAST_ACTIVITY = (
    select(func.max(func.coalesce(col(Block.cuff_off_at), col(Block.cuff_on_at))))
    .where(col(Block.session_id) == col(TrainingSession.id))
    .correlate(TrainingSession)
    .scalar_subquery()
)
LATEST_VISIT = (
    select(col(TrainingSession.id), col(TrainingSession.started_at), _LAST_ACTIVITY)
    .where(col(TrainingSession.lifter_id) == _LIFTER)
    .order_by(col(TrainingSession.started_at).desc(), col(TrainingSession.id).desc())
    .limit(1)
)

# The lifter's blocks since a time, one row each: the (lifter_id, cuff_on_at) index
# hands them over.
BLOCKS_FROM: Select[*tuple[Any, ...]] = (
    Select(col(Block.cuff_on_at), col(Block.exercise_id), col(Block.side),
           col(Exercise.limb), col(Block.session_id))
    .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
    .where(col(Block.lifter_id) == _LIFTER, col(Block.cuff_on_at) >= _BLOCKS_SINCE)
)

# Every statement ``plan_reads`` holds the SQLite and PostgreSQL text of, by name.
STATEMENTS: dict[str, AnySelect[*tuple[Any, ...]]] = {
    "PLAN_ENTRIES": PLAN_ENTRIES,
    "TEMPLATE_BLOCKS_IN_USE": TEMPLATE_BLOCKS_IN_USE,
    "LATEST_VISIT": LATEST_VISIT,
    "BLOCKS_FROM": BLOCKS_FROM,
}
