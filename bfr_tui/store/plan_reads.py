"""What the weekly plan puts on today, read with the engine's own driver alone.

The due panel sits over the exercise list, which is read before SQLAlchemy loads
(``first_reads``); read through SQLAlchemy, the panel came in a second or more after the
list and pushed it down. Each read here is the SQLite or PostgreSQL text of a statement in
``plan_statements``, where each is defined once, in four queries (one without a plan);
``plan_rows`` makes the answer from the rows with the domain's rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bfr_tui.domain.due import DueToday
from bfr_tui.store.first_reads import LIFTER, Connection
from bfr_tui.store.utc_time import stored_time

# The name of the placeholder for where the blocks read start (``:blocks_since`` for
# sqlite3, ``%(blocks_since)s`` for libpq and psycopg); the lifter's is ``LIFTER``.
BLOCKS_SINCE = "blocks_since"

# The SQLite and PostgreSQL text of ``plan_statements.STATEMENTS``, with every value but
# the two placeholders written in (a test checks they are equal and shows the new text):
# change the statement there, then paste its text here.
SQLITE_TEXT: dict[str, str] = {
    "PLAN_ENTRIES": (
        'SELECT plan_entry.template_id, plan_entry.weekday, plan_entry.times_per_week \nFROM '
        'plan_entry \nWHERE plan_entry.lifter_id = :lifter_id ORDER BY plan_entry.id'
    ),
    "TEMPLATE_BLOCKS_IN_USE": (
        'SELECT session_template.id, session_template.name, template_block.exercise_id, '
        'exercise.name AS name_1, exercise.limb, template_block.side, '
        'template_block.protocol_name, template_block.protocol_reps, '
        'template_block.rest_target_s, template_block.tempo \nFROM session_template JOIN '
        'template_block ON template_block.template_id = session_template.id JOIN exercise ON '
        'exercise.id = template_block.exercise_id \nWHERE session_template.lifter_id = '
        ':lifter_id AND session_template.archived IS 0 ORDER BY session_template.id, '
        'template_block.position'
    ),
    "LATEST_VISIT": (
        'SELECT training_session.id, training_session.started_at, (SELECT '
        'max(coalesce(block.cuff_off_at, block.cuff_on_at)) AS max_1 \nFROM block \nWHERE '
        'block.session_id = training_session.id) AS anon_1 \nFROM training_session \nWHERE '
        'training_session.lifter_id = :lifter_id ORDER BY training_session.started_at DESC, '
        'training_session.id DESC\n LIMIT 1 OFFSET 0'
    ),
    "BLOCKS_FROM": (
        'SELECT block.cuff_on_at, block.exercise_id, block.side, exercise.limb, '
        'block.session_id \nFROM block JOIN exercise ON exercise.id = block.exercise_id \nWHERE'
        ' block.lifter_id = :lifter_id AND block.cuff_on_at >= :blocks_since'
    ),
}

POSTGRESQL_TEXT: dict[str, str] = {
    "PLAN_ENTRIES": (
        'SELECT plan_entry.template_id, plan_entry.weekday, plan_entry.times_per_week \nFROM '
        'plan_entry \nWHERE plan_entry.lifter_id = %(lifter_id)s ORDER BY plan_entry.id'
    ),
    "TEMPLATE_BLOCKS_IN_USE": (
        'SELECT session_template.id, session_template.name, template_block.exercise_id, '
        'exercise.name AS name_1, exercise.limb, template_block.side, '
        'template_block.protocol_name, template_block.protocol_reps, '
        'template_block.rest_target_s, template_block.tempo \nFROM session_template JOIN '
        'template_block ON template_block.template_id = session_template.id JOIN exercise ON '
        'exercise.id = template_block.exercise_id \nWHERE session_template.lifter_id = '
        '%(lifter_id)s AND session_template.archived IS false ORDER BY session_template.id, '
        'template_block.position'
    ),
    "LATEST_VISIT": (
        'SELECT training_session.id, training_session.started_at, (SELECT '
        'max(coalesce(block.cuff_off_at, block.cuff_on_at)) AS max_1 \nFROM block \nWHERE '
        'block.session_id = training_session.id) AS anon_1 \nFROM training_session \nWHERE '
        'training_session.lifter_id = %(lifter_id)s ORDER BY training_session.started_at '
        'DESC, training_session.id DESC \n LIMIT 1'
    ),
    "BLOCKS_FROM": (
        'SELECT block.cuff_on_at, block.exercise_id, block.side, exercise.limb, '
        'block.session_id \nFROM block JOIN exercise ON exercise.id = block.exercise_id \nWHERE'
        ' block.lifter_id = %(lifter_id)s AND block.cuff_on_at >= %(blocks_since)s'
    ),
}


def read_due_today(
    connection: Connection, lifter_id: int, *, now: datetime, engine: str,
    text: Mapping[str, str],
) -> DueToday:
    """What the lifter's weekly plan puts on today, and what R10 holds back, in four
    queries (one when there is no plan)."""
    lifter: dict[str, Any] = {LIFTER: lifter_id}
    plan = list(connection.execute(text["PLAN_ENTRIES"], lifter))
    if not plan:
        return DueToday(planned=False)
    # Only a lifter with a plan waits for the plan's rules to import.
    from bfr_tui.store.plan_rows import blocks_read_from, due_from_rows

    since = {**lifter, BLOCKS_SINCE: stored_time(blocks_read_from(now), engine=engine)}
    return due_from_rows(
        plan=plan,
        templates=connection.execute(text["TEMPLATE_BLOCKS_IN_USE"], lifter),
        latest_visit=connection.execute(text["LATEST_VISIT"], lifter),
        blocks=connection.execute(text["BLOCKS_FROM"], since),
        now=now,
    )
