"""The live block's writes: a set is stored once, however often its write is retried."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bfr_tui.domain.limbs import Side
from bfr_tui.domain.progression import recovery_warning
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import queries
from bfr_tui.store.block_log import (
    attach_flags,
    block_context,
    close_block,
    close_interrupted,
    end_on_red_flag,
    interrupted_block,
    session_for_new_block,
    start_block,
    write_flag,
    write_set,
)
from bfr_tui.store.engine import session_scope
from bfr_tui.store.models import Block, SetEntry, SymptomFlag
from bfr_tui.store.seed import seed_exercises
from bfr_tui.training_log import LoggedSet, RaisedFlag
from tests.local_time import local
from tests.plans import plan_for

CUFF_ON = local(2026, 3, 2, 18, 30)


def _open_block(engine: Engine, lifter: int) -> int:
    with session_scope(engine) as session:
        seed_exercises(session=session, unit=Unit.KG, now=CUFF_ON)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        block = start_block(
            session=session, lifter_id=lifter, plan=plan_for(curl), cuff_on_at=CUFF_ON
        )
        assert block.id is not None
        return block.id


def _write(engine: Engine, lifter: int, block_id: int, number: int, reps: int) -> int:
    started = CUFF_ON + timedelta(minutes=number)
    with session_scope(engine) as session:
        return write_set(
            session=session, lifter_id=lifter, block_id=block_id, set_number=number,
            target_reps=15, reps=reps, load=10.0, started_at=started,
            ended_at=started + timedelta(seconds=40), rest_before_s=30.0,
        )


def test_a_retried_set_write_keeps_the_first_set_and_returns_its_id(
    engine: Engine, lifter: int
) -> None:
    block_id = _open_block(engine, lifter)

    first = _write(engine, lifter, block_id, 1, reps=30)
    second = _write(engine, lifter, block_id, 2, reps=15)
    retried = _write(engine, lifter, block_id, 1, reps=29)

    assert retried == first != second
    with session_scope(engine) as session:
        rows = session.exec(select(SetEntry).order_by(col(SetEntry.set_number))).all()
    assert [(r.id, r.set_number, r.reps) for r in rows] == [(first, 1, 30), (second, 2, 15)]
    assert rows[0].started_at == CUFF_ON + timedelta(minutes=1)


def test_a_flag_raised_mid_set_is_tied_to_the_set_once_it_is_logged(
    engine: Engine, lifter: int
) -> None:
    block_id = _open_block(engine, lifter)
    with session_scope(engine) as session:
        flag = write_flag(
            session=session, lifter_id=lifter, block_id=block_id, set_number=None,
            kind=SymptomKind.TINGLING, raised_at=CUFF_ON + timedelta(seconds=50),
        )
    set_id = _write(engine, lifter, block_id, 1, reps=30)

    with session_scope(engine) as session:
        assert flag.id is not None
        attach_flags(session=session, flag_ids=[flag.id], set_id=set_id)
    with session_scope(engine) as session:
        stored = session.get(SymptomFlag, flag.id)
    assert stored is not None and stored.set_id == set_id


# --- a wall clock set back between two blocks ---


def _closed_block_at(engine: Engine, lifter: int, cuff_on_at: datetime) -> int:
    """A finished five-minute block of curls; returns its training session."""
    block_id = _open_block_at(engine, lifter, cuff_on_at)
    with session_scope(engine) as session:
        close_block(session=session, block_id=block_id,
                    cuff_off_at=cuff_on_at + timedelta(minutes=5), reason="completed")
        block = session.get(Block, block_id)
        assert block is not None
        return block.session_id


def _open_block_at(engine: Engine, lifter: int, cuff_on_at: datetime) -> int:
    with session_scope(engine) as session:
        if queries.find_exercise_by_name(session=session, name="Dumbbell curl") is None:
            seed_exercises(session=session, unit=Unit.KG, now=cuff_on_at)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        block = start_block(
            session=session, lifter_id=lifter, plan=plan_for(curl), cuff_on_at=cuff_on_at
        )
        assert block.id is not None
        return block.id


def test_a_dst_fall_back_between_two_blocks_keeps_them_in_one_visit(
    engine: Engine, lifter: int
) -> None:
    # The first block ended at 18:35; the clock then fell back an hour, so the next
    # block starts at "17:50": the same visit, whose cuff time keeps adding up (R6).
    visit = _closed_block_at(engine, lifter, CUFF_ON)
    with session_scope(engine) as session:
        again = session_for_new_block(
            session=session, lifter_id=lifter, now=CUFF_ON - timedelta(minutes=40)
        )

    assert again.id == visit


def test_a_block_far_after_now_still_counts_for_the_36_h_warning(
    engine: Engine, lifter: int
) -> None:
    # The clock was set back a day after training: the block looks 20 h ahead of now.
    _closed_block_at(engine, lifter, CUFF_ON + timedelta(hours=20))
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        context = block_context(
            session=session, lifter_id=lifter, exercise_id=curl.id, now=CUFF_ON
        )

    assert context.last_on_side[Side.LEFT] == CUFF_ON + timedelta(hours=20)
    warning = recovery_warning(last_trained=context.last_on_side[Side.LEFT], now=CUFF_ON)
    assert "36 h" in warning


def test_an_open_block_with_a_red_flag_on_record_is_never_resumable(
    engine: Engine, lifter: int
) -> None:
    """What a crash between the flag and the cuff-off left, in logs written before it was
    one transaction: the start-up check finds the block and may only close it."""
    block_id = _open_block(engine, lifter)
    _write(engine, lifter, block_id, 1, reps=30)
    with session_scope(engine) as session:
        write_flag(session=session, lifter_id=lifter, block_id=block_id, set_number=1,
                   kind=SymptomKind.NUMBNESS, raised_at=CUFF_ON + timedelta(minutes=1))
    now = CUFF_ON + timedelta(minutes=3)

    with session_scope(engine) as session:
        found = interrupted_block(session=session, lifter_id=lifter)
        assert found is not None
        choice = found.resume_choice(now=now)
    assert not choice.can_resume
    assert choice.why_not == "A red flag (numbness) ended this block: it can only be closed."

    with session_scope(engine) as session:
        close_interrupted(session=session, block_id=block_id, cuff_off_at=choice.close_at)
    with session_scope(engine) as session:
        block = session.get(Block, block_id)
    assert block is not None and block.end_reason == "red_flag"
    assert block.cuff_off_at == CUFF_ON + timedelta(minutes=1, seconds=40)


def _end_on_numbness(engine: Engine, lifter: int, block_id: int) -> None:
    ended = CUFF_ON + timedelta(minutes=2, seconds=20)
    with session_scope(engine) as session:
        end_on_red_flag(
            session=session, lifter_id=lifter, block_id=block_id,
            last_set=LoggedSet(set_number=2, target_reps=15, reps=6, load=10.0,
                               started_at=CUFF_ON + timedelta(minutes=2), ended_at=ended,
                               rest_before_s=30.0),
            flags=[RaisedFlag(kind=SymptomKind.NUMBNESS, raised_at=ended)],
            flag_ids_to_link=[], cuff_off_at=ended,
        )


def test_a_red_flag_ends_the_block_with_its_set_and_cuff_off_in_one_transaction(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    block_id = _open_block(engine, lifter)
    _write(engine, lifter, block_id, 1, reps=30)
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TRIGGER refuse_cuff_off BEFORE UPDATE OF cuff_off_at ON block "
            "BEGIN SELECT RAISE(ABORT, 'cuff-off refused'); END"
        )
        connection.commit()

    with pytest.raises(IntegrityError, match="cuff-off refused"):
        _end_on_numbness(engine, lifter, block_id)
    # Nothing of the ending reached the disk: not the set, not the flag.
    with session_scope(engine) as session:
        assert [s.set_number for s in session.exec(select(SetEntry))] == [1]
        assert session.exec(select(SymptomFlag)).all() == []

    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("DROP TRIGGER refuse_cuff_off")
        connection.commit()
    _end_on_numbness(engine, lifter, block_id)
    with session_scope(engine) as session:
        sets = session.exec(select(SetEntry).order_by(col(SetEntry.set_number))).all()
        flag = session.exec(select(SymptomFlag)).one()
        block = session.get(Block, block_id)
    assert [(s.set_number, s.reps) for s in sets] == [(1, 30), (2, 6)]
    assert flag.kind == "numbness" and flag.set_id == sets[1].id
    assert block is not None and block.end_reason == "red_flag"
    assert block.cuff_off_at == sets[1].ended_at
