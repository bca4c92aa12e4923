"""What the app shows first, read with the engine's own driver alone.

A lifter opens the app with a cuff in hand, waiting for the exercise list.
Importing SQLAlchemy and SQLModel takes longer than every read here put together
(issue #5), so the profile, the exercise list and the crash check read the log
directly, while the rest of the store loads behind them: a SQLite log with the
standard library's ``sqlite3``, a PostgreSQL one through libpq (``libpq``; psycopg
where libpq does not load by itself).
Each read here is the SQLite or PostgreSQL text of a statement in
``first_read_statements``, where each is defined once; ``queries`` runs the same
statements through SQLAlchemy, on any engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bfr_tui.store.sqlite_connect import BUSY_TIMEOUT_MS, log_uri
from bfr_tui.store.utc_time import from_driver, from_stored_text
from bfr_tui.training_log import ExerciseDetails, ExerciseOverview, LifterFacts, ProfileFacts

if TYPE_CHECKING:
    import sqlite3


class Cursor(Protocol):
    """The rows of one statement, as ``sqlite3``, ``libpq`` and psycopg hand them over."""

    def fetchone(self) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection of ``sqlite3``, ``libpq`` or psycopg: what the reads here ask of it."""

    def execute(self, query: str, params: Mapping[str, Any] = ..., /) -> Cursor: ...


# The name of the lifter's placeholder in the texts below (``:lifter_id`` for sqlite3,
# ``%(lifter_id)s`` for psycopg): ``first_read_statements.LIFTER_PARAMETER``.
LIFTER = "lifter_id"


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A short read-only connection to a prepared log (never creates or changes it)."""
    # Imported here: a log on a server reads through libpq and never needs it.
    import sqlite3

    connection = sqlite3.connect(
        log_uri(path, mode="rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
    )
    with closing(connection):
        connection.execute("PRAGMA query_only=ON")
        yield connection


# The SQLite and PostgreSQL text of ``first_read_statements.STATEMENTS``, compiled
# with the values written in, so psycopg finds no placeholders either (a test checks
# they are equal and shows the new text): change the statement there, then paste its
# text here.
SQLITE_TEXT: dict[str, str] = {
    "LIFTERS": (
        "SELECT lifter.id, lifter.name \n"
        "FROM lifter ORDER BY lower(lifter.name), lifter.id"
    ),
    "PROFILE_FACTS": (
        "SELECT lifter.theme, lifter.unit, lifter.screening_answers, lifter.screened_on, "
        "lifter.cleared_by_professional \n"
        "FROM lifter \n"
        "WHERE lifter.id = :lifter_id"
    ),
    "OPEN_BLOCK": (
        "SELECT block.id \n"
        "FROM block \n"
        "WHERE block.lifter_id = :lifter_id AND block.cuff_off_at IS NULL\n"
        " LIMIT 1 OFFSET 0"
    ),
    "ANY_EXERCISE": (
        "SELECT exercise.id \n"
        "FROM exercise\n"
        " LIMIT 1 OFFSET 0"
    ),
    "EXERCISES": (
        "SELECT exercise.id, exercise.name, exercise.limb, exercise.muscle_group, "
        "exercise.compound, exercise.suitability_note, exercise.load_step, exercise.unit, "
        "exercise.needs_review, exercise.archived \n"
        "FROM exercise ORDER BY exercise.limb, lower(exercise.name), exercise.id"
    ),
    "ACTIVE_EXERCISES": (
        "SELECT exercise.id, exercise.name, exercise.limb, exercise.muscle_group, "
        "exercise.compound, exercise.suitability_note, exercise.load_step, exercise.unit, "
        "exercise.needs_review, exercise.archived \n"
        "FROM exercise \n"
        "WHERE exercise.archived IS 0 ORDER BY exercise.limb, lower(exercise.name), exercise.id"
    ),
    "CURRENT_ONE_RMS": (
        "SELECT one_rep_max.exercise_id, one_rep_max.value, one_rep_max.unit, "
        "one_rep_max.method \n"
        "FROM one_rep_max \n"
        "WHERE one_rep_max.id IN (SELECT DISTINCT (SELECT latest_one_rm.id \n"
        "FROM one_rep_max AS latest_one_rm \n"
        "WHERE latest_one_rm.lifter_id = :lifter_id AND latest_one_rm.exercise_id = "
        "exercise.id ORDER BY latest_one_rm.recorded_on DESC, latest_one_rm.id DESC\n"
        " LIMIT 1 OFFSET 0) AS anon_1 \n"
        "FROM exercise)"
    ),
    "LAST_BLOCKS": (
        "SELECT block.id, block.exercise_id, block.cuff_on_at, block.cuff_off_at, block.load, "
        "block.unit, block.protocol_reps, block.end_reason, block.tightness \n"
        "FROM block \n"
        "WHERE block.id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = :lifter_id AND latest_block.exercise_id = exercise.id "
        "ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC\n"
        " LIMIT 1 OFFSET 0) AS anon_1 \n"
        "FROM exercise)"
    ),
    "LAST_BLOCK_REPS": (
        "SELECT set_entry.block_id, set_entry.reps \n"
        "FROM set_entry \n"
        "WHERE set_entry.block_id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = :lifter_id AND latest_block.exercise_id = exercise.id "
        "ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC\n"
        " LIMIT 1 OFFSET 0) AS anon_1 \n"
        "FROM exercise) ORDER BY set_entry.block_id, set_entry.set_number"
    ),
    "LAST_BLOCK_FLAG_KINDS": (
        "SELECT symptom_flag.block_id, symptom_flag.kind \n"
        "FROM symptom_flag \n"
        "WHERE symptom_flag.block_id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = :lifter_id AND latest_block.exercise_id = exercise.id "
        "ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC\n"
        " LIMIT 1 OFFSET 0) AS anon_1 \n"
        "FROM exercise) ORDER BY symptom_flag.block_id, symptom_flag.raised_at, symptom_flag.id"
    ),
}


POSTGRESQL_TEXT: dict[str, str] = {
    "LIFTERS": (
        "SELECT lifter.id, lifter.name \n"
        "FROM lifter ORDER BY lower(lifter.name), lifter.id"
    ),
    "PROFILE_FACTS": (
        "SELECT lifter.theme, lifter.unit, lifter.screening_answers, lifter.screened_on, "
        "lifter.cleared_by_professional \n"
        "FROM lifter \n"
        "WHERE lifter.id = %(lifter_id)s"
    ),
    "OPEN_BLOCK": (
        "SELECT block.id \n"
        "FROM block \n"
        "WHERE block.lifter_id = %(lifter_id)s AND block.cuff_off_at IS NULL \n"
        " LIMIT 1"
    ),
    "ANY_EXERCISE": (
        "SELECT exercise.id \n"
        "FROM exercise \n"
        " LIMIT 1"
    ),
    "EXERCISES": (
        "SELECT exercise.id, exercise.name, exercise.limb, exercise.muscle_group, "
        "exercise.compound, exercise.suitability_note, exercise.load_step, exercise.unit, "
        "exercise.needs_review, exercise.archived \n"
        "FROM exercise ORDER BY exercise.limb, lower(exercise.name), exercise.id"
    ),
    "ACTIVE_EXERCISES": (
        "SELECT exercise.id, exercise.name, exercise.limb, exercise.muscle_group, "
        "exercise.compound, exercise.suitability_note, exercise.load_step, exercise.unit, "
        "exercise.needs_review, exercise.archived \n"
        "FROM exercise \n"
        "WHERE exercise.archived IS false ORDER BY exercise.limb, lower(exercise.name), "
        "exercise.id"
    ),
    "CURRENT_ONE_RMS": (
        "SELECT one_rep_max.exercise_id, one_rep_max.value, one_rep_max.unit, "
        "one_rep_max.method \n"
        "FROM one_rep_max \n"
        "WHERE one_rep_max.id IN (SELECT DISTINCT (SELECT latest_one_rm.id \n"
        "FROM one_rep_max AS latest_one_rm \n"
        "WHERE latest_one_rm.lifter_id = %(lifter_id)s AND latest_one_rm.exercise_id = "
        "exercise.id ORDER BY latest_one_rm.recorded_on DESC, latest_one_rm.id DESC \n"
        " LIMIT 1) AS anon_1 \n"
        "FROM exercise)"
    ),
    "LAST_BLOCKS": (
        "SELECT block.id, block.exercise_id, block.cuff_on_at, block.cuff_off_at, block.load, "
        "block.unit, block.protocol_reps, block.end_reason, block.tightness \n"
        "FROM block \n"
        "WHERE block.id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = %(lifter_id)s AND latest_block.exercise_id = "
        "exercise.id ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC \n"
        " LIMIT 1) AS anon_1 \n"
        "FROM exercise)"
    ),
    "LAST_BLOCK_REPS": (
        "SELECT set_entry.block_id, set_entry.reps \n"
        "FROM set_entry \n"
        "WHERE set_entry.block_id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = %(lifter_id)s AND latest_block.exercise_id = "
        "exercise.id ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC \n"
        " LIMIT 1) AS anon_1 \n"
        "FROM exercise) ORDER BY set_entry.block_id, set_entry.set_number"
    ),
    "LAST_BLOCK_FLAG_KINDS": (
        "SELECT symptom_flag.block_id, symptom_flag.kind \n"
        "FROM symptom_flag \n"
        "WHERE symptom_flag.block_id IN (SELECT DISTINCT (SELECT latest_block.id \n"
        "FROM block AS latest_block \n"
        "WHERE latest_block.lifter_id = %(lifter_id)s AND latest_block.exercise_id = "
        "exercise.id ORDER BY latest_block.cuff_on_at DESC, latest_block.id DESC \n"
        " LIMIT 1) AS anon_1 \n"
        "FROM exercise) ORDER BY symptom_flag.block_id, symptom_flag.raised_at, symptom_flag.id"
    ),
}


# --- lifters ----------------------------------------------------------------------------


def read_lifters(
    connection: Connection, *, text: Mapping[str, str] = SQLITE_TEXT
) -> list[LifterFacts]:
    """Every lifter the connection may see, by name."""
    return lifters_from_rows(connection.execute(text["LIFTERS"]))


def lifters_from_rows(rows: Rows) -> list[LifterFacts]:
    """The lifters from the rows of ``first_read_statements.LIFTERS``."""
    return [LifterFacts(id=int(row_id), name=str(name)) for row_id, name in rows]


# --- the profile -------------------------------------------------------------------------


def screening_answers(stored: str) -> dict[str, bool] | None:
    """The stored screening answers, or None when the lifter was never screened."""
    if not stored:
        return None
    loaded = json.loads(stored)
    return {str(key): bool(value) for key, value in loaded.items()}


def day_stored(stored: str | date | None) -> date | None:
    """A stored day: text from sqlite3, a ``date`` from libpq or psycopg."""
    if isinstance(stored, date):
        return stored
    return date.fromisoformat(stored) if stored else None


def read_profile(
    connection: Connection, lifter_id: int, *, text: Mapping[str, str] = SQLITE_TEXT
) -> ProfileFacts:
    """The lifter's settings and screening; LookupError when the lifter is not there."""
    row = connection.execute(text["PROFILE_FACTS"], {LIFTER: lifter_id}).fetchone()
    if row is None:
        raise LookupError(f"no lifter with id {lifter_id}")
    theme, unit, answers, screened_on, cleared = row
    return ProfileFacts(
        theme=theme,
        unit=unit,
        screening_answers=screening_answers(answers),
        screened_on=day_stored(screened_on),
        cleared_by_professional=bool(cleared),
    )


def has_open_block(
    connection: Connection, lifter_id: int, *, text: Mapping[str, str] = SQLITE_TEXT
) -> bool:
    """True when a block of the lifter's was left without a cuff-off."""
    return connection.execute(text["OPEN_BLOCK"], {LIFTER: lifter_id}).fetchone() is not None


def has_exercises(connection: Connection, *, text: Mapping[str, str] = SQLITE_TEXT) -> bool:
    """True when the library has an exercise (archived ones count)."""
    return connection.execute(text["ANY_EXERCISE"]).fetchone() is not None


# --- the exercise list -------------------------------------------------------------------


# The rows the overview is built from, as any runner reads them: times as UTC text
# (sqlite3) or as datetimes (libpq, psycopg, SQLAlchemy), flags as stored or as bools.
Rows = Iterable[Sequence[Any]]


def moment_stored(stored: str | datetime | None) -> datetime | None:
    if isinstance(stored, datetime):
        return from_driver(stored)
    return from_stored_text(stored) if stored else None


def exercise_overview(
    connection: Connection, lifter_id: int, *, include_archived: bool = False,
    text: Mapping[str, str] = SQLITE_TEXT,
) -> list[ExerciseOverview]:
    """Every exercise with the lifter's current 1RM and last block, in five queries."""
    lifter = {LIFTER: lifter_id}
    return overview_from_rows(
        exercises=connection.execute(
            text["EXERCISES" if include_archived else "ACTIVE_EXERCISES"]
        ),
        one_rms=connection.execute(text["CURRENT_ONE_RMS"], lifter),
        blocks=connection.execute(text["LAST_BLOCKS"], lifter),
        reps=connection.execute(text["LAST_BLOCK_REPS"], lifter),
        flag_kinds=connection.execute(text["LAST_BLOCK_FLAG_KINDS"], lifter),
    )


def grouped(rows: Rows) -> dict[int, tuple[Any, ...]]:
    """(block id, value) rows, in order, as each block's values in that order."""
    found: dict[int, list[Any]] = {}
    for block_id, value in rows:
        found.setdefault(block_id, []).append(value)
    return {block_id: tuple(values) for block_id, values in found.items()}


def overview_from_rows(
    *, exercises: Rows, one_rms: Rows, blocks: Rows, reps: Rows, flag_kinds: Rows
) -> list[ExerciseOverview]:
    """The exercise list from the rows of the ``first_read_statements`` it names."""
    # Here, not at the top: the app imports this module before its first frame, and the
    # list is read after it, on a worker.
    from bfr_tui.domain.protocol import parse_reps
    from bfr_tui.domain.symptoms import is_red_flag

    facts = [
        ExerciseDetails(
            id=row[0], name=row[1], limb=row[2], muscle_group=row[3], compound=bool(row[4]),
            suitability_note=row[5], load_step=float(row[6]), unit=row[7],
            needs_review=bool(row[8]), archived=bool(row[9]),
        )
        for row in exercises
    ]
    maxes = {
        exercise_id: (float(value), unit, method)
        for exercise_id, value, unit, method in one_rms
    }
    last_blocks: dict[int, _BlockRow] = {row[1]: tuple(row) for row in blocks}
    reps_by_block = grouped(reps)
    red_flags = {
        block_id
        for block_id, kinds in grouped(flag_kinds).items()
        if any(is_red_flag(kind) for kind in kinds)
    }
    lines = []
    for exercise in facts:
        value, unit, method = maxes.get(exercise.id, (None, None, None))
        block = last_blocks.get(exercise.id)
        if block is None:
            lines.append(ExerciseOverview(
                exercise=exercise, one_rm=value, one_rm_unit=unit, one_rm_method=method,
            ))
            continue
        block_id, _exercise_id, cuff_on, cuff_off, load, last_unit, targets, reason, tightness = (
            block
        )
        lines.append(ExerciseOverview(
            exercise=exercise, one_rm=value, one_rm_unit=unit, one_rm_method=method,
            last_block_id=block_id,
            last_cuff_on_at=moment_stored(cuff_on),
            last_load=float(load),
            last_unit=last_unit,
            last_reps=reps_by_block.get(block_id, ()),
            last_targets=parse_reps(str(targets)),
            last_finished=cuff_off is not None,
            last_end_reason=reason,
            last_red_flag=block_id in red_flags,
            last_tightness=tightness,
        ))
    return lines


# A row of LAST_BLOCKS: times are text from sqlite3, datetimes from the others.
_BlockRow = tuple[
    int, int, str | datetime, str | datetime | None, float, str, str, str, int | None
]
