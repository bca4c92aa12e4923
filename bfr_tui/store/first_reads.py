"""What the app shows first, read with the standard library's ``sqlite3`` alone.

A lifter opens the app with a cuff in hand, waiting for the exercise list.
Importing SQLAlchemy and SQLModel takes longer than every read here put together
(issue #5), so the profile, the exercise list and the crash check read the log
directly, while the rest of the store loads behind them. Each read here is the
only implementation of its query: ``queries.exercise_overview`` runs the same
SQL on a session's own connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path

from bfr_tui.domain.protocol import parse_reps
from bfr_tui.domain.symptoms import is_red_flag
from bfr_tui.store.database_file import BUSY_TIMEOUT_MS, pathname2url
from bfr_tui.training_log import ExerciseDetails, ExerciseOverview, ProfileFacts

PROFILE_ID = 1


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A short read-only connection to a prepared log (never creates or changes it)."""
    # mode=rw rather than ro: a reader of a WAL log may need to create its -shm file.
    uri = f"file:{pathname2url(str(path.absolute()))}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    with closing(connection):
        connection.execute("PRAGMA query_only=ON")
        yield connection


# --- the profile -------------------------------------------------------------------------


def screening_answers(stored: str) -> dict[str, bool] | None:
    """The stored screening answers, or None when the lifter was never screened."""
    if not stored:
        return None
    loaded = json.loads(stored)
    return {str(key): bool(value) for key, value in loaded.items()}


def read_profile(connection: sqlite3.Connection) -> ProfileFacts:
    """The profile, or the defaults of a fresh log (kg, not yet screened)."""
    row = connection.execute(
        "SELECT theme, unit, screening_answers, screened_on, cleared_by_professional "
        "FROM profile WHERE id = ?",
        (PROFILE_ID,),
    ).fetchone()
    if row is None:
        return ProfileFacts()
    theme, unit, answers, screened_on, cleared = row
    return ProfileFacts(
        theme=theme,
        unit=unit,
        screening_answers=screening_answers(answers),
        screened_on=date.fromisoformat(screened_on) if screened_on else None,
        cleared_by_professional=bool(cleared),
    )


def has_open_block(connection: sqlite3.Connection) -> bool:
    """True when a block was left without a cuff-off (the partial index answers at once)."""
    found = connection.execute(
        "SELECT 1 FROM block WHERE cuff_off_at IS NULL LIMIT 1"
    ).fetchone()
    return found is not None


# --- the exercise list -------------------------------------------------------------------


# One indexed look-up per exercise, never a pass over every row: the
# (exercise_id, ...) indexes hand over the latest row at once, so the list opens
# as fast at 100,000 sets as at 100.
_LATEST = """
SELECT e.id,
       (SELECT m.id FROM one_rep_max m WHERE m.exercise_id = e.id
        ORDER BY m.recorded_on DESC, m.id DESC LIMIT 1),
       (SELECT b.id FROM block b WHERE b.exercise_id = e.id
        ORDER BY b.cuff_on_at DESC, b.id DESC LIMIT 1)
FROM exercise e
"""
_EXERCISES = (
    "SELECT id, name, limb, muscle_group, compound, suitability_note, load_step, unit, "
    "needs_review, archived FROM exercise {where} ORDER BY limb, lower(name), id"
)
_MAXES = "SELECT exercise_id, value, unit, method FROM one_rep_max WHERE id IN ({ids})"
_BLOCKS = (
    "SELECT id, exercise_id, cuff_on_at, cuff_off_at, load, unit, protocol_reps, end_reason, "
    "tightness FROM block WHERE id IN ({ids})"
)
# group_concat has no guaranteed order before SQLite 3.44, so each item carries its
# set number (or time raised) and Python puts them in order.
_REPS = (
    "SELECT block_id, group_concat(printf('%d:%d', set_number, reps), ',') FROM set_entry "
    "WHERE block_id IN ({ids}) GROUP BY block_id"
)
_KINDS = (
    "SELECT block_id, group_concat(printf('%s|%010d|%s', raised_at, id, kind), ',') "
    "FROM symptom_flag WHERE block_id IN ({ids}) GROUP BY block_id"
)


def unpack_reps(packed: str) -> tuple[int, ...]:
    """Reps in set order from ``set_number:reps`` items joined by commas."""
    pairs = sorted(tuple(int(n) for n in item.split(":")) for item in packed.split(","))
    return tuple(reps for _number, reps in pairs)


def unpack_kinds(packed: str) -> tuple[str, ...]:
    """Symptom kinds in the order raised from ``raised_at|id|kind`` items."""
    return tuple(item.rsplit("|", 1)[1] for item in sorted(packed.split(",")))


def _in(statement: str, ids: Iterable[int]) -> tuple[str, tuple[int, ...]]:
    values = tuple(ids)
    return statement.format(ids=",".join("?" * len(values))), values


def _moment(stored: str | None) -> datetime | None:
    return datetime.fromisoformat(stored) if stored else None


def exercise_overview(
    connection: sqlite3.Connection, *, include_archived: bool = False
) -> list[ExerciseOverview]:
    """Every exercise with its current 1RM and last block, in six queries in all."""
    where = "" if include_archived else "WHERE NOT archived"
    exercises = [
        ExerciseDetails(
            id=row[0], name=row[1], limb=row[2], muscle_group=row[3], compound=bool(row[4]),
            suitability_note=row[5], load_step=float(row[6]), unit=row[7],
            needs_review=bool(row[8]), archived=bool(row[9]),
        )
        for row in connection.execute(_EXERCISES.format(where=where))
    ]
    latest = connection.execute(_LATEST).fetchall()
    max_ids = [m for _e, m, _b in latest if m is not None]
    block_ids = [b for _e, _m, b in latest if b is not None]
    maxes = {
        exercise_id: (float(value), unit, method)
        for exercise_id, value, unit, method in connection.execute(*_in(_MAXES, max_ids))
    }
    blocks = {row[1]: row for row in connection.execute(*_in(_BLOCKS, block_ids))}
    reps = {
        block_id: unpack_reps(packed)
        for block_id, packed in connection.execute(*_in(_REPS, block_ids))
    }
    red_flags = {
        block_id
        for block_id, packed in connection.execute(*_in(_KINDS, block_ids))
        if any(is_red_flag(kind) for kind in unpack_kinds(packed))
    }
    lines = []
    for exercise in exercises:
        value, unit, method = maxes.get(exercise.id, (None, None, None))
        block = blocks.get(exercise.id)
        lines.append(ExerciseOverview(
            exercise=exercise, one_rm=value, one_rm_unit=unit, one_rm_method=method,
            **(_last_block(block, reps, red_flags) if block else _NO_BLOCK),
        ))
    return lines


_NO_BLOCK: dict[str, object] = {
    "last_block_id": None, "last_cuff_on_at": None, "last_load": None, "last_unit": None,
    "last_reps": (), "last_targets": (), "last_finished": False, "last_end_reason": "",
    "last_red_flag": False, "last_tightness": None,
}


def _last_block(
    block: tuple[object, ...], reps: dict[int, tuple[int, ...]], red_flags: set[int]
) -> dict[str, object]:
    block_id, _exercise_id, cuff_on, cuff_off, load, unit, targets, reason, tightness = block
    assert isinstance(block_id, int)
    return {
        "last_block_id": block_id,
        "last_cuff_on_at": _moment(cuff_on),  # type: ignore[arg-type]
        "last_load": float(load),  # type: ignore[arg-type]
        "last_unit": unit,
        "last_reps": reps.get(block_id, ()),
        "last_targets": parse_reps(str(targets)),
        "last_finished": cuff_off is not None,
        "last_end_reason": reason,
        "last_red_flag": block_id in red_flags,
        "last_tightness": tightness,
    }
