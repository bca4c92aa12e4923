"""What the weekly plan puts on today, read with the engine's own driver alone.

The due panel sits over the exercise list, which is read before SQLAlchemy loads
(``first_reads``); read through SQLAlchemy, the panel came in a second or more after the
list and pushed it down. Each read here is the SQLite or PostgreSQL text of a statement in
``plan_statements``, where each is defined once, in four queries; the domain's rules
(``weekly_plan``, R10's 36 h in ``progression``) make the answer from the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.progression import MIN_RECOVERY, joins_visit
from bfr_tui.domain.protocol import protocol_from_stored
from bfr_tui.domain.session_template import SessionTemplate, TemplateBlock, sides_of
from bfr_tui.domain.tempo import parse_tempo
from bfr_tui.domain.weekly_plan import DueToday, PlanEntry, WeeklyPlan, plan_today
from bfr_tui.domain.weeks import week_start
from bfr_tui.store.first_reads import LIFTER, Connection, Rows, moment_stored
from bfr_tui.store.utc_time import start_of_local_day, stored_time

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


def stored_template_block(
    exercise_id: int, exercise_name: str, limb: str, side: str, protocol_name: str,
    protocol_reps: str, rest_target_s: int, tempo: str,
) -> TemplateBlock:
    """A template's block from its stored columns and its exercise's name and limb."""
    return TemplateBlock(
        exercise_id=exercise_id, exercise_name=exercise_name, limb=Limb(limb),
        side=Side(side),
        protocol=protocol_from_stored(
            name=protocol_name, reps_text=protocol_reps, rest_s=rest_target_s,
            tempo=parse_tempo(tempo),
        ),
    )


def plan_from_rows(rows: Rows) -> WeeklyPlan:
    """The plan from the rows of ``PLAN_ENTRIES``: weekdays in week order, then the
    N-times-a-week entries."""
    entries = sorted(
        (PlanEntry(template_id=template_id, weekday=weekday, times_per_week=times)
         for template_id, weekday, times in rows),
        key=lambda entry: (entry.weekday is None, entry.weekday or 0),
    )
    return WeeklyPlan(entries=tuple(entries))


def templates_from_rows(rows: Rows) -> dict[int, SessionTemplate]:
    """The templates in use by id, from the rows of ``TEMPLATE_BLOCKS_IN_USE``."""
    names: dict[int, str] = {}
    blocks: dict[int, list[TemplateBlock]] = {}
    for template_id, name, *block in rows:
        names[template_id] = name
        blocks.setdefault(template_id, []).append(stored_template_block(*block))
    return {
        template_id: SessionTemplate(name=name, blocks=tuple(blocks[template_id]))
        for template_id, name in names.items()
    }


def blocks_read_from(now: datetime) -> datetime:
    """Where the blocks the due panel needs start: Monday's, for what was done this week,
    and the last 36 h's, for what R10 still holds back."""
    return min(start_of_local_day(week_start(now.date())), now - MIN_RECOVERY)


def due_from_rows(
    *, plan: Rows, templates: Rows, latest_visit: Rows, blocks: Rows, now: datetime
) -> DueToday:
    """What is due at ``now``, from the rows of the ``plan_statements`` they are named
    after (``blocks`` from :func:`blocks_read_from`)."""
    weekly_plan = plan_from_rows(plan)
    if not weekly_plan.entries:
        return DueToday(planned=False)
    visit_id = None
    for found_id, started_at, last_activity in latest_visit:
        reference = moment_stored(last_activity) or moment_stored(started_at)
        if reference is not None and joins_visit(reference, now=now):
            visit_id = found_id
    logged: list[tuple[datetime, int, Side]] = []
    # R10 counts earlier visits only: the left arm after the right today holds nothing.
    last_trained: dict[tuple[Limb, Side], datetime] = {}
    for cuff_on_at, exercise_id, side, limb, session_id in blocks:
        on = moment_stored(cuff_on_at)
        assert on is not None
        logged.append((on, exercise_id, Side(side)))
        if session_id == visit_id or Limb(limb) is Limb.NONE:
            continue
        for one_side in sides_of(Side(side)):
            key = (Limb(limb), one_side)
            if key not in last_trained or on > last_trained[key]:
                last_trained[key] = on
    return plan_today(
        weekly_plan, templates_from_rows(templates), blocks=logged,
        last_trained=last_trained, now=now,
    )


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
    since = {**lifter, BLOCKS_SINCE: stored_time(blocks_read_from(now), engine=engine)}
    return due_from_rows(
        plan=plan,
        templates=connection.execute(text["TEMPLATE_BLOCKS_IN_USE"], lifter),
        latest_visit=connection.execute(text["LATEST_VISIT"], lifter),
        blocks=connection.execute(text["BLOCKS_FROM"], since),
        now=now,
    )
