"""A block the app never closed is offered for resuming or closing at the next start."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import col, select
from textual.widgets import Button, DataTable, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.block_run import Phase
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.resume import ResumeBlockScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import do_set, settle, wait_for
from bfr_tui.store import queries
from bfr_tui.store.block_lock import BlockLock
from bfr_tui.store.block_log import start_block, write_flag, write_set
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block, SetEntry
from tests.plans import plan_for
from tests.ui.conftest import SIZE, exercise_id

CURL = "Dumbbell curl"


def leave_block_open(path: Path, *, cuff_on_at: datetime, sets: int) -> int:
    """What a crash leaves: a block with ``sets`` logged and no cuff-off."""
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name=CURL)
        assert curl is not None
        plan = plan_for(curl, side=Side.LEFT.value)
        block = start_block(session=session, lifter_id=lifter, plan=plan, cuff_on_at=cuff_on_at)
        assert block.id is not None
        start = cuff_on_at
        for number in range(1, sets + 1):
            end = start + timedelta(seconds=45)
            write_set(
                session=session, lifter_id=lifter, block_id=block.id, set_number=number,
                target_reps=CLASSIC.target_for(number), reps=CLASSIC.target_for(number),
                load=10.0, started_at=start, ended_at=end,
                rest_before_s=None if number == 1 else 30.0,
            )
            start = end + timedelta(seconds=30)
        block_id = block.id
    engine.dispose()
    return block_id


def stored(path: Path, block_id: int) -> tuple[Block, list[SetEntry]]:
    engine = open_database(path)
    with session_scope(engine) as session:
        block = session.get(Block, block_id)
        assert block is not None
        sets = list(session.exec(
            select(SetEntry).where(SetEntry.block_id == block_id).order_by(col(SetEntry.set_number))
        ))
    engine.dispose()
    return block, sets


def toasts(app: BfrApp) -> str:
    """Every notification shown so far, title and message."""
    return " ".join(f"{note.title} {note.message}" for note in app._notifications)


async def test_closing_an_interrupted_block_records_the_end_of_its_last_set(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    block_id = leave_block_open(empty_db, cuff_on_at=NOW - timedelta(minutes=3), sets=2)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await settle(pilot)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "A block was left open" in text
        assert "2 of 4 sets logged" in text
        assert "18:29:00, the end of set 2" in text

        await pilot.press("c")
        await wait_for(pilot, lambda: "Block closed" in toasts(app), "the closing note")

        assert isinstance(app.screen, ExerciseSelectScreen)
        assert "Cuff-off recorded as 18:29:00, the end of set 2" in toasts(app)
    block, sets = stored(empty_db, block_id)
    assert block.cuff_off_at == sets[-1].ended_at == NOW - timedelta(minutes=1)
    assert block.end_reason == "interrupted"
    assert [s.reps for s in sets] == [30, 15]


async def test_resuming_goes_on_with_the_next_set_and_keeps_the_cuff_clock(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    cuff_on_at = NOW - timedelta(minutes=3)
    block_id = leave_block_open(empty_db, cuff_on_at=cuff_on_at, sets=2)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, LiveBlockScreen), "the panel")
        live = app.screen
        assert isinstance(live, LiveBlockScreen)
        assert live.run.phase is Phase.REST
        assert live.query_one("#sets-done", DataTable).row_count == 2
        # The occlusion clock counts from the original cuff-on, not from the restart.
        assert live.run.occlusion_s(clock.monotonic()) == 180

        await pilot.press("s")
        await settle(pilot)
        clock.advance(40)
        await do_set(pilot, 15, typed=True)
        await settle(pilot)

        assert live.run.set_number == 3
    block, sets = stored(empty_db, block_id)
    assert [s.reps for s in sets] == [30, 15, 15]
    # The rest before set 3 is the whole gap since set 2 ended, the crash included.
    assert sets[2].rest_before_s == 60
    assert block.cuff_off_at is None


async def test_a_block_far_past_the_cuff_limit_can_only_be_closed(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    block_id = leave_block_open(empty_db, cuff_on_at=NOW - timedelta(hours=5), sets=1)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await settle(pilot)
        assert app.screen.query_one("#resume", Button).disabled
        why = str(app.screen.query_one("#resume-why-not", Static).render())
        assert "5 h ago, past the 10 min limit" in why

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResumeBlockScreen)

        await pilot.press("c")
        await wait_for(pilot, lambda: "Block closed" in toasts(app), "the closing note")
    block, _sets = stored(empty_db, block_id)
    assert block.end_reason == "interrupted"


async def test_a_block_running_in_another_window_is_left_alone(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    block_id = leave_block_open(empty_db, cuff_on_at=NOW - timedelta(minutes=2), sets=1)
    engine = open_database(empty_db)
    other_window = BlockLock(empty_db, lifter_id(engine))
    engine.dispose()
    assert other_window.acquire()
    try:
        app = app_for(empty_db)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "another bfr-tui window" in toasts(app), "the note")
            assert not isinstance(app.screen, ResumeBlockScreen)

            app.start_block_for(exercise_id(empty_db, "Leg extension"))
            await settle(pilot)
            assert isinstance(app.screen, ExerciseSelectScreen)
            assert "One block at a time" in toasts(app)
    finally:
        other_window.release()
    block, _sets = stored(empty_db, block_id)
    assert block.cuff_off_at is None


async def test_a_block_a_red_flag_ended_can_only_be_closed_and_the_offer_says_why(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """A crash after the red flag reached the disk but before the cuff-off did."""
    block_id = leave_block_open(empty_db, cuff_on_at=NOW - timedelta(minutes=3), sets=2)
    engine = open_database(empty_db)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        write_flag(session=session, lifter_id=lifter, block_id=block_id, set_number=2,
                   kind=SymptomKind.NUMBNESS, raised_at=NOW - timedelta(minutes=1))
    engine.dispose()
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await settle(pilot)
        assert app.screen.query_one("#resume", Button).disabled
        assert app.screen.query_one("#close", Button).has_focus
        why = str(app.screen.query_one("#resume-why-not", Static).render())
        assert why == "A red flag (numbness) ended this block: it can only be closed."

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResumeBlockScreen)

        await pilot.press("c")
        await wait_for(pilot, lambda: "Block closed" in toasts(app), "the closing note")
        assert not isinstance(app.screen, LiveBlockScreen)
    block, sets = stored(empty_db, block_id)
    assert block.end_reason == "red_flag"
    assert block.cuff_off_at == sets[-1].ended_at
