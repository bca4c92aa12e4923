"""The coach overview, read with the engine's own driver alone.

The overview opens from the lifter picker, which is read before SQLAlchemy loads
(``first_reads``); reading the overview the same way, with ``sqlite3`` or libpq, means
``ctrl+o`` on the picker never waits for SQLAlchemy to import. Each read is the SQLite or
PostgreSQL text of a statement in ``coach_statements``, where each is defined once, in
four queries for every lifter at once; the domain's rules make the lines from the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bfr_tui.domain.coaching import COUNTED_SINCE, RED_FLAG_WINDOW, recent_training
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.progression import limbs_resting
from bfr_tui.domain.screening import screening_due
from bfr_tui.store.first_reads import (
    Connection,
    Rows,
    day_stored,
    moment_stored,
    screening_answers as answers_stored,
)
from bfr_tui.store.utc_time import stored_time
from bfr_tui.training_log import LifterFacts, LifterOverview

# The names of the two placeholders in the texts below (``:blocks_since`` for sqlite3,
# ``%(blocks_since)s`` for libpq and psycopg).
BLOCKS_SINCE = "blocks_since"
FLAGS_SINCE = "flags_since"

# The SQLite and PostgreSQL text of ``coach_statements.STATEMENTS``, with every value but
# the two above written in (a test checks they are equal and shows the new text): change
# the statement there, then paste its text here.
SQLITE_TEXT: dict[str, str] = {
    "LIFTER_SCREENINGS": (
        'SELECT lifter.id, lifter.name, lifter.screening_answers, lifter.screened_on, '
        'lifter.cleared_by_professional \nFROM lifter ORDER BY lower(lifter.name), lifter.id'
    ),
    "LAST_BLOCK_OF_EACH": (
        'SELECT lifter.id, block.cuff_on_at, exercise.name \nFROM lifter JOIN block ON '
        'block.id = (SELECT latest.id \nFROM block AS latest \nWHERE latest.lifter_id = '
        'lifter.id ORDER BY latest.cuff_on_at DESC, latest.id DESC\n LIMIT 1 OFFSET 0) JOIN '
        'exercise ON exercise.id = block.exercise_id'
    ),
    "RECENT_BLOCKS": (
        'SELECT block.lifter_id, block.cuff_on_at, block.cuff_off_at, exercise.limb, '
        'block.side \nFROM block JOIN exercise ON exercise.id = block.exercise_id \nWHERE '
        'block.cuff_on_at >= :blocks_since'
    ),
    "RED_FLAGS_SINCE": (
        'SELECT symptom_flag.lifter_id, count(symptom_flag.id) AS count_1 \nFROM symptom_flag '
        "\nWHERE symptom_flag.kind IN ('no_pulse', 'numbness', 'pain', 'pale_skin', "
        "'tingling') AND symptom_flag.raised_at >= :flags_since GROUP BY "
        'symptom_flag.lifter_id'
    ),
}


POSTGRESQL_TEXT: dict[str, str] = {
    "LIFTER_SCREENINGS": (
        'SELECT lifter.id, lifter.name, lifter.screening_answers, lifter.screened_on, '
        'lifter.cleared_by_professional \nFROM lifter ORDER BY lower(lifter.name), lifter.id'
    ),
    "LAST_BLOCK_OF_EACH": (
        'SELECT lifter.id, block.cuff_on_at, exercise.name \nFROM lifter JOIN block ON '
        'block.id = (SELECT latest.id \nFROM block AS latest \nWHERE latest.lifter_id = '
        'lifter.id ORDER BY latest.cuff_on_at DESC, latest.id DESC \n LIMIT 1) JOIN exercise '
        'ON exercise.id = block.exercise_id'
    ),
    "RECENT_BLOCKS": (
        'SELECT block.lifter_id, block.cuff_on_at, block.cuff_off_at, exercise.limb, '
        'block.side \nFROM block JOIN exercise ON exercise.id = block.exercise_id \nWHERE '
        'block.cuff_on_at >= %(blocks_since)s'
    ),
    "RED_FLAGS_SINCE": (
        'SELECT symptom_flag.lifter_id, count(symptom_flag.id) AS count_1 \nFROM symptom_flag '
        "\nWHERE symptom_flag.kind IN ('no_pulse', 'numbness', 'pain', 'pale_skin', "
        "'tingling') AND symptom_flag.raised_at >= %(flags_since)s GROUP BY "
        'symptom_flag.lifter_id'
    ),
}


def read_coach_overview(
    connection: Connection, *, now: datetime, engine: str, text: Mapping[str, str]
) -> list[LifterOverview]:
    """Every lifter's line as of ``now``, in four queries."""
    since = {
        BLOCKS_SINCE: stored_time(now - COUNTED_SINCE, engine=engine),
        FLAGS_SINCE: stored_time(now - RED_FLAG_WINDOW, engine=engine),
    }
    return overview_from_rows(
        lifters=connection.execute(text["LIFTER_SCREENINGS"]),
        last_blocks=connection.execute(text["LAST_BLOCK_OF_EACH"]),
        recent=connection.execute(text["RECENT_BLOCKS"], since),
        red_flags=connection.execute(text["RED_FLAGS_SINCE"], since),
        now=now,
    )


def overview_from_rows(
    *, lifters: Rows, last_blocks: Rows, recent: Rows, red_flags: Rows, now: datetime
) -> list[LifterOverview]:
    """The lines from the rows of the ``coach_statements`` they are named after."""
    last = {
        lifter_id: (moment_stored(cuff_on_at), name)
        for lifter_id, cuff_on_at, name in last_blocks
    }
    blocks: dict[int, list[tuple[datetime, datetime | None, Limb, Side]]] = {}
    for lifter_id, cuff_on_at, cuff_off_at, limb, side in recent:
        on = moment_stored(cuff_on_at)
        assert on is not None
        blocks.setdefault(lifter_id, []).append(
            (on, moment_stored(cuff_off_at), Limb(limb), Side(side))
        )
    flags = {lifter_id: int(count) for lifter_id, count in red_flags}
    lines = []
    for lifter_id, name, answers, screened_on, cleared in lifters:
        theirs = blocks.get(lifter_id, [])
        last_at, last_exercise = last.get(lifter_id, (None, None))
        lines.append(LifterOverview(
            lifter=LifterFacts(id=int(lifter_id), name=str(name)),
            last_block_at=last_at,
            last_exercise=last_exercise,
            recent=recent_training(((on, off) for on, off, _limb, _side in theirs), now=now),
            red_flags=flags.get(lifter_id, 0),
            screening=screening_due(
                answers=answers_stored(answers), screened_on=day_stored(screened_on),
                cleared=bool(cleared), today=now.date(),
            ),
            resting=tuple(limbs_resting(
                ((limb, side, on) for on, _off, limb, side in theirs), now=now
            )),
        ))
    return lines
