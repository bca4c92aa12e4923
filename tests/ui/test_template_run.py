"""Running a session template block by block, keyed as a lifter would, on a real SQLite log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, RadioButton, Select, Static
from textual.widgets._footer import FooterKey

from bfr_tui.app import BfrApp
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.session_template import SessionTemplate, session_template
from bfr_tui.screens.between_blocks import BetweenBlocksScreen
from bfr_tui.screens.confirm import ConfirmModal
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.messages import StartTemplate
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.session_summary import SessionSummaryScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import (
    check_cuff,
    cuff_check_ready,
    do_set,
    pass_time,
    rest,
    settle,
    start_block,
    wait_for,
)
from bfr_tui.store import open_log
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TrainingLog
from tests.templates import arm_finisher, block_of
from tests.ui.conftest import SIZE

CLASSIC_REPS = (30, 15, 15, 15)


def app_with_template(
    app_for: Callable[[Path], BfrApp], path: Path,
    template: Callable[[TrainingLog], SessionTemplate] = arm_finisher,
) -> tuple[BfrApp, int]:
    """The app on a log holding ``template`` (by default the arm finisher: curl left,
    curl right, pushdown both)."""
    log = open_log(sqlite_url(path))
    try:
        log.choose_lifter(None)
        template_id = log.save_template(template(log), now=NOW).id
    finally:
        log.close()
    return app_for(path), template_id


def curls(*sides: Side) -> Callable[[TrainingLog], SessionTemplate]:
    """A template of dumbbell curls, one block on each of ``sides`` in turn."""
    return lambda log: session_template(
        name="Curl" if len(sides) == 1 else "Curls",
        blocks=tuple(block_of(log, "Dumbbell curl", side) for side in sides),
    )


def stored_blocks(path: Path) -> list[Block]:
    engine = open_database(path)
    with session_scope(engine) as session:
        blocks = list(session.exec(select(Block).order_by(Block.cuff_on_at)).all())
    engine.dispose()
    return blocks


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def start_template(pilot: Pilot[None], template_id: int) -> None:
    await settle(pilot)
    pilot.app.post_message(StartTemplate(template_id))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CuffCheckScreen),
                   "the first block's cuff check")
    # The screen is current before all its fields are mounted; once it has read the
    # exercise, every field is there to look at.
    await cuff_check_ready(pilot)


async def run_block(pilot: Pilot[None], *, red_flag_in_set_two: bool = False) -> None:
    """From an open cuff check: 10 kg, cuffs on, four sets (or a red flag in set 2),
    then past the block summary."""
    await cuff_check_ready(pilot)
    await check_cuff(pilot, load="10")
    await start_block(pilot)
    for number, reps in enumerate(CLASSIC_REPS, start=1):
        if red_flag_in_set_two and number == 2:
            await pilot.press(*(["space"] * 6), "f")
            await settle(pilot)
            await pilot.press("1")  # numbness: a red flag
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReleaseCuffScreen),
                           "release the cuff")
            await pilot.press("enter")
            break
        await do_set(pilot, reps, seconds=reps * 2, typed=True)
        if number < len(CLASSIC_REPS):
            await rest(pilot, 30)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BlockSummaryScreen),
                   "the block summary")
    await settle(pilot)
    keys = [key.description for key in pilot.app.screen.query(FooterKey)]
    assert "Back to the session" in keys and "Done" not in keys, keys
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, BlockSummaryScreen),
                   "the screen after the block summary")
    await settle(pilot)


async def next_block(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CuffCheckScreen),
                   "the next block's cuff check")


def side_ticked(pilot: Pilot[None]) -> str:
    ticked = [b.id for b in pilot.app.screen.query(RadioButton) if b.value and b.id
              and b.id.startswith("side-")]
    assert len(ticked) == 1, ticked
    return ticked[0].removeprefix("side-")


async def test_a_three_block_template_runs_end_to_end_in_one_session(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        assert side_ticked(pilot) == "left"
        assert pilot.app.screen.query_one("#protocol", Select).value == "classic"
        await run_block(pilot)

        assert isinstance(app.screen, BetweenBlocksScreen)
        assert text_of(pilot, "#between-off") == "Cuff off 00:00"
        await pass_time(pilot, 120)
        assert text_of(pilot, "#between-off") == "Cuff off 02:00"
        assert "Next, block 2 of 3: Dumbbell curl, right arm" in text_of(pilot, "#between-next")
        assert "Session cuff time 04:00" in text_of(pilot, "#between-notes")
        await next_block(pilot)
        assert side_ticked(pilot) == "right"
        await run_block(pilot)

        await pass_time(pilot, 90)
        assert text_of(pilot, "#between-off") == "Cuff off 01:30"
        assert "Triceps pushdown, both arms" in text_of(pilot, "#between-next")
        await next_block(pilot)
        assert side_ticked(pilot) == "both"
        await run_block(pilot)

        await wait_for(pilot, lambda: isinstance(app.screen, SessionSummaryScreen),
                       "the session summary")
        await settle(pilot)
        assert "3 of 3 blocks. Every block done." in text_of(pilot, "#session-headline")
        assert text_of(pilot, "#session-cuff").splitlines() == [
            "Cuff time this session 12:00", "Cuff off between blocks 02:00, 01:30",
        ]
        assert app.screen.query_one("#session-blocks", DataTable).row_count == 3
        assert "Dumbbell curl, left:" in text_of(pilot, "#session-advice")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)

    blocks = stored_blocks(empty_db)
    assert [(b.side, b.end_reason) for b in blocks] == [
        ("left", "completed"), ("right", "completed"), ("both", "completed"),
    ]
    assert len({b.session_id for b in blocks}) == 1


async def test_a_red_flag_in_block_two_ends_the_whole_session(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await run_block(pilot)
        await pass_time(pilot, 60)
        await next_block(pilot)
        await run_block(pilot, red_flag_in_set_two=True)

        await wait_for(pilot, lambda: isinstance(app.screen, SessionSummaryScreen),
                       "the session summary")
        await settle(pilot)
        headline = text_of(pilot, "#session-headline")
        assert "2 of 3 blocks. A red flag ended the session" in headline
        assert "Numbness" in text_of(pilot, "#session-flags")
        assert app.screen.query_one("#session-blocks", DataTable).row_count == 2

    blocks = stored_blocks(empty_db)
    assert [b.end_reason for b in blocks] == ["completed", "red_flag"]


async def test_escape_between_blocks_ends_the_session_once_confirmed(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await run_block(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BetweenBlocksScreen)

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, SessionSummaryScreen),
                       "the session summary")
        await settle(pilot)
        assert "1 of 3 blocks. Session ended early" in text_of(pilot, "#session-headline")

    assert len(stored_blocks(empty_db)) == 1


async def test_no_template_starts_while_a_block_is_under_way(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await cuff_check_ready(pilot)
        await check_cuff(pilot, load="10")
        await start_block(pilot)
        app.post_message(StartTemplate(template_id))
        await settle(pilot)
        assert isinstance(app.screen, LiveBlockScreen)
        assert any("A block is under way" in str(n.message) for n in app._notifications)


async def test_cancelling_the_first_cuff_check_starts_no_session(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await cuff_check_ready(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_blocks(empty_db) == []


async def test_the_palette_starts_a_template_by_its_name(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, _template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Start template: Arm")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CuffCheckScreen),
                       "the first block's cuff check")
        await cuff_check_ready(pilot)
        assert side_ticked(pilot) == "left"
        assert any(isinstance(s, BetweenBlocksScreen) for s in app.screen_stack)


async def test_leaving_a_block_goes_on_to_the_cuff_off_screen(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await cuff_check_ready(pilot)
        await check_cuff(pilot, load="10")
        await start_block(pilot)
        await do_set(pilot, 30, seconds=60, typed=True)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, BetweenBlocksScreen)
                       and "Next, block 2" in text_of(pilot, "#between-next"),
                       "the cuff-off screen before block 2")
        assert "Done, 1 of 3" in text_of(pilot, "#between-done")
    assert [b.end_reason for b in stored_blocks(empty_db)] == ["left"]


async def test_a_curl_on_both_arms_after_the_left_is_named_a_second_block_for_that_arm(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db,
                                         curls(Side.LEFT, Side.RIGHT, Side.BOTH))
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        await run_block(pilot)
        assert "Dumbbell curl, right arm" in text_of(pilot, "#between-next")
        assert "same exercise and side again" not in text_of(pilot, "#between-notes")
        await next_block(pilot)
        await run_block(pilot)
        assert "Dumbbell curl, both arms" in text_of(pilot, "#between-next")
        assert "The same exercise and side again" in text_of(pilot, "#between-notes")


async def test_a_template_of_one_block_is_called_a_session_of_one_block(
    empty_db: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock
) -> None:
    app, template_id = app_with_template(app_for, empty_db, curls(Side.LEFT))
    async with app.run_test(size=SIZE) as pilot:
        await start_template(pilot, template_id)
        session = next(s for s in app.screen_stack if isinstance(s, BetweenBlocksScreen))
        assert str(session.query_one("#between-off", Static).render()) == "A session of 1 block"
        await run_block(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, SessionSummaryScreen),
                       "the session summary")
        await settle(pilot)
        assert "Curl: 1 of 1 block. Every block done." in text_of(pilot, "#session-headline")
