"""The live block's writes: a set is stored once, however often its write is retried."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.progression import recovery_warning
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import queries
from bfr_tui.store.block_log import (
    attach_flags,
    block_context,
    close_block,
    session_for_new_block,
    start_block,
    write_flag,
    write_set,
)
from bfr_tui.store.engine import session_scope
from bfr_tui.store.models import Block, SetEntry, SymptomFlag
from bfr_tui.store.seed import seed_exercises

CUFF_ON = datetime(2026, 3, 2, 18, 30)


def _open_block(engine: Engine) -> int:
    with session_scope(engine) as session:
        seed_exercises(session=session, unit=Unit.KG, now=CUFF_ON)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        plan = BlockPlan(
            exercise_id=curl.id, exercise_name=curl.name, limb="arm", side="both",
            protocol=CLASSIC, load=10.0, unit="kg", one_rm=40.0, tightness=7,
            pulse_felt=True, skin_normal=True,
        )
        block = start_block(session=session, plan=plan, cuff_on_at=CUFF_ON)
        assert block.id is not None
        return block.id


def _write(engine: Engine, block_id: int, number: int, reps: int) -> int:
    started = CUFF_ON + timedelta(minutes=number)
    with session_scope(engine) as session:
        return write_set(
            session=session, block_id=block_id, set_number=number, target_reps=15, reps=reps,
            load=10.0, started_at=started, ended_at=started + timedelta(seconds=40),
            rest_before_s=30.0,
        )


def test_a_retried_set_write_keeps_the_first_set_and_returns_its_id(engine: Engine) -> None:
    block_id = _open_block(engine)

    first = _write(engine, block_id, 1, reps=30)
    second = _write(engine, block_id, 2, reps=15)
    retried = _write(engine, block_id, 1, reps=29)

    assert retried == first != second
    with session_scope(engine) as session:
        rows = session.exec(select(SetEntry).order_by(SetEntry.set_number)).all()
    assert [(r.id, r.set_number, r.reps) for r in rows] == [(first, 1, 30), (second, 2, 15)]
    assert rows[0].started_at == CUFF_ON + timedelta(minutes=1)


def test_a_flag_raised_mid_set_is_tied_to_the_set_once_it_is_logged(engine: Engine) -> None:
    block_id = _open_block(engine)
    with session_scope(engine) as session:
        flag = write_flag(
            session=session, block_id=block_id, set_number=None, kind=SymptomKind.TINGLING,
            raised_at=CUFF_ON + timedelta(seconds=50),
        )
    set_id = _write(engine, block_id, 1, reps=30)

    with session_scope(engine) as session:
        assert flag.id is not None
        attach_flags(session=session, flag_ids=[flag.id], set_id=set_id)
    with session_scope(engine) as session:
        stored = session.get(SymptomFlag, flag.id)
    assert stored is not None and stored.set_id == set_id


# --- a wall clock set back between two blocks ---


def _closed_block_at(engine: Engine, cuff_on_at: datetime) -> int:
    """A finished five-minute block of curls; returns its training session."""
    block_id = _open_block_at(engine, cuff_on_at)
    with session_scope(engine) as session:
        close_block(session=session, block_id=block_id,
                    cuff_off_at=cuff_on_at + timedelta(minutes=5), reason="completed")
        block = session.get(Block, block_id)
        assert block is not None
        return block.session_id


def _open_block_at(engine: Engine, cuff_on_at: datetime) -> int:
    with session_scope(engine) as session:
        if queries.find_exercise_by_name(session=session, name="Dumbbell curl") is None:
            seed_exercises(session=session, unit=Unit.KG, now=cuff_on_at)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        plan = BlockPlan(
            exercise_id=curl.id, exercise_name=curl.name, limb="arm", side="both",
            protocol=CLASSIC, load=10.0, unit="kg", one_rm=40.0, tightness=7,
            pulse_felt=True, skin_normal=True,
        )
        block = start_block(session=session, plan=plan, cuff_on_at=cuff_on_at)
        assert block.id is not None
        return block.id


def test_a_dst_fall_back_between_two_blocks_keeps_them_in_one_visit(engine: Engine) -> None:
    # The first block ended at 18:35; the clock then fell back an hour, so the next
    # block starts at "17:50": the same visit, whose cuff time keeps adding up (R6).
    visit = _closed_block_at(engine, CUFF_ON)
    with session_scope(engine) as session:
        again = session_for_new_block(session=session, now=CUFF_ON - timedelta(minutes=40))

    assert again.id == visit


def test_a_block_far_after_now_still_counts_for_the_36_h_warning(engine: Engine) -> None:
    # The clock was set back a day after training: the block looks 20 h ahead of now.
    _closed_block_at(engine, CUFF_ON + timedelta(hours=20))
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        context = block_context(session=session, exercise_id=curl.id, now=CUFF_ON)

    assert context.last_on_side[Side.LEFT] == CUFF_ON + timedelta(hours=20)
    warning = recovery_warning(last_trained=context.last_on_side[Side.LEFT], now=CUFF_ON)
    assert "36 h" in warning
