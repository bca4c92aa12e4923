"""The effort step after each set (R13): typed in the rest, never in the way of it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.block_run import Phase
from bfr_tui.domain.clock import FakeClock
from bfr_tui.screens.live import RATING_COLUMN, LiveBlockScreen
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import cuffs_on, do_set, pass_time, settle, wait_for
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import RED_FLAG, BlockRecord, TrainingLog
from bfr_tui.widgets.effort_step import EffortStep
from tests.ui.test_live import CURL, give_one_rm


@pytest.fixture
def curl_app(empty_db: Path, app_for: Callable[[Path], BfrApp]) -> tuple[BfrApp, int]:
    """The app on a fresh log where dumbbell curls have a 40 kg 1RM."""
    return app_for(empty_db), give_one_rm(empty_db, CURL, 40)


@contextmanager
def reading(path: Path) -> Iterator[TrainingLog]:
    log = open_log(sqlite_url(path))
    log.choose_lifter(None)
    try:
        yield log
    finally:
        log.close()


def the_block(path: Path) -> BlockRecord:
    """The one block in the log, as the log reads it back."""
    with reading(path) as log:
        [row] = log.history_rows()
        return log.block_record(row.block_id)


def phase(live: LiveBlockScreen) -> Phase:
    """Where the block is now (read afresh: keys and time move it on)."""
    return live.run.phase


def step_text(live: LiveBlockScreen) -> str:
    step = live.query_one(EffortStep)
    return str(step.render()) if step.display else ""


async def set_one_done(pilot: Pilot[None], ex_id: int) -> LiveBlockScreen:
    """Cuffs on, 30 reps of set 1 typed after 60 s, set done: the rest and its step."""
    live = await cuffs_on(pilot, ex_id)
    await do_set(pilot, 30, seconds=60, typed=True)
    assert phase(live) is Phase.REST
    return live


async def to_the_last_rating(pilot: Pilot[None], ex_id: int) -> LiveBlockScreen:
    """Set 1 done, then sets 2-4 of 15 reps each after a full rest, ratings skipped by
    the rest: the last set's step is open and the summary waits for it."""
    live = await set_one_done(pilot, ex_id)
    for _ in range(3):
        await pass_time(pilot, 30)
        await pilot.press("1", "5", "enter", "enter")
        await settle(pilot)
    assert live.rating_last_set
    return live


async def test_the_step_asks_in_the_rest_and_enter_skips_it(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await set_one_done(pilot, ex_id)
        assert step_text(live).startswith(
            "Set 1: effort and cuff discomfort, 0-10 each (e.g. 7 3), enter to skip:"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert step_text(live) == ""
        # The rest runs on; digits now are not a rating, and space is not a rep.
        await pilot.press("7", "space")
        await pass_time(pilot, 10)
        assert phase(live) is Phase.REST
        assert live.run.rest_remaining(clock.monotonic()) == 20
        await pass_time(pilot, 20)
        assert phase(live) is Phase.SET and live.run.set_number == 2
    block = the_block(empty_db)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(None, None)]
    assert block.flags == ()


@pytest.mark.parametrize("typed", ["73", "7 3", "7/3"])
async def test_two_ratings_are_stored_with_the_set(
    typed: str, curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await set_one_done(pilot, ex_id)
        keys = ["space" if c == " " else "slash" if c == "/" else c for c in typed]
        await pilot.press(*keys)
        assert f"enter to skip: {typed}" in step_text(live)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "saved" in step_text(live), "the rating saved")
        assert step_text(live) == "Set 1: effort 7, discomfort 3 saved."
        table = live.query_one("#sets-done", DataTable)
        assert str(table.get_cell("1", RATING_COLUMN)) == "7 / 3"
        assert phase(live) is Phase.REST
        assert live.run.rest_remaining(clock.monotonic()) == 30
    block = the_block(empty_db)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(7, 3)]
    assert block.block.end_reason == ""


@pytest.mark.parametrize(
    ("typed", "says"),
    [("1111", "1111 does not read as two ratings"), ("5", "Give both ratings")],
)
async def test_a_rating_that_cannot_be_read_is_refused_in_place(
    typed: str, says: str, curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await set_one_done(pilot, ex_id)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert says in step_text(live)
        assert f"enter to skip: {typed}" in step_text(live)
        # Edited in place: the text was kept.
        await pilot.press(*["backspace"] * len(typed), "6", "space", "2", "enter")
        await wait_for(pilot, lambda: "saved" in step_text(live), "the rating saved")
        assert phase(live) is Phase.REST
    block = the_block(empty_db)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(6, 2)]


async def test_a_rating_out_of_range_says_why_and_the_block_goes_on(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await set_one_done(pilot, ex_id)
        await pilot.press("1", "1", "space", "1", "1", "enter")
        await settle(pilot)
        assert "not 11" in step_text(live)
        await pass_time(pilot, 30)
        assert phase(live) is Phase.SET and live.run.set_number == 2
        assert step_text(live) == ""
        # Digits are reps again in the set.
        await pilot.press("1", "2", "enter")
        await settle(pilot)
        assert live.run.reps == 12
    block = the_block(empty_db)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(None, None)]


async def test_the_rest_keys_work_while_the_step_is_open(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await set_one_done(pilot, ex_id)
        await pilot.press("7", "plus")
        await settle(pilot)
        assert live.run.rest_remaining(clock.monotonic()) == 45
        assert "enter to skip: 7" in step_text(live)
        await pilot.press("s")
        await settle(pilot)
        # The step went away unrated with the rest.
        assert phase(live) is Phase.SET and step_text(live) == ""
        await pilot.press("space", "space")
        assert live.run.reps == 2
    block = the_block(empty_db)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(None, None)]


async def test_discomfort_above_7_ends_the_block_as_a_red_flag(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await set_one_done(pilot, ex_id)
        await pass_time(pilot, 5)
        await pilot.press("6", "8", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReleaseCuffScreen), "release")
        release = app.screen
        text = str(release.query_one("#release-text", Static).render())
        assert text.startswith("Cuff discomfort 8/10 is above 7/10. Release the cuff now.")
        saved = release.query_one("#release-saved", Static)
        await wait_for(pilot, lambda: "Saved in the log" in str(saved.render()), "saved")
        assert str(saved.render()) == (
            "Saved in the log: the rating and the flag with set 1 and the cuff-off at 18:31:05."
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
    block = the_block(empty_db)
    assert block.block.end_reason == RED_FLAG
    assert block.block.cuff_off_at == NOW + timedelta(seconds=65)
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(6, 8)]
    assert [(f.kind, f.note, f.set_number) for f in block.flags] == [
        ("pain", "Cuff discomfort 8/10 after the set", 1)
    ]


async def test_the_last_sets_rating_is_asked_before_the_summary(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await to_the_last_rating(pilot, ex_id)
        assert phase(live) is Phase.DONE
        assert app.screen is live
        assert step_text(live).startswith("Set 4: effort and cuff discomfort")
        await pilot.press("9", "4", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
    block = the_block(empty_db)
    assert block.block.end_reason == "completed"
    # The cuff came off as the last set ended, not when its rating was given.
    assert block.block.cuff_off_at == block.sets[-1].ended_at
    assert [(s.rpe, s.discomfort) for s in block.sets] == [(None, None)] * 3 + [(9, 4)]


async def test_skipping_the_last_sets_rating_opens_the_summary(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_the_last_rating(pilot, ex_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
    block = the_block(empty_db)
    assert block.block.end_reason == "completed"
    assert [s.rpe for s in block.sets] == [None] * 4


async def test_a_last_rating_the_log_refuses_says_so_and_the_summary_still_follows(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        live = await to_the_last_rating(pilot, ex_id)
        with closing(sqlite3.connect(empty_db)) as connection:
            connection.execute(
                "CREATE TRIGGER refuse_ratings BEFORE UPDATE OF rpe ON set_entry "
                "BEGIN SELECT RAISE(ABORT, 'ratings refused'); END"
            )
            connection.commit()
        await pilot.press("9", "4", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReleaseCuffScreen), "release")
        release = app.screen
        shown = " ".join(str(s.render()) for s in release.query(Static))
        assert "The rating of set 4 could not be saved: ratings refused." in shown
        assert "saved." not in step_text(live)
        table = live.query_one("#sets-done", DataTable)
        assert str(table.get_cell("4", RATING_COLUMN)) != "9 / 4"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
    block = the_block(empty_db)
    # The block itself was closed as the last set ended: only the rating is missing.
    assert block.block.end_reason == "completed"
    assert [s.rpe for s in block.sets] == [None] * 4


async def test_discomfort_above_7_after_the_last_set_flags_it_and_says_release(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await to_the_last_rating(pilot, ex_id)
        await pilot.press("8", "9", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReleaseCuffScreen), "release")
        saved = app.screen.query_one("#release-saved", Static)
        await wait_for(pilot, lambda: "Saved in the log" in str(saved.render()), "saved")
        assert str(saved.render()) == "Saved in the log: the rating and the flag with set 4."
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
    block = the_block(empty_db)
    # Every set was done and the cuff came off as the last one ended: a completed block,
    # with the red flag on record against its last set.
    assert block.block.end_reason == "completed"
    assert block.block.cuff_off_at == block.sets[-1].ended_at
    assert block.sets[-1].discomfort == 9
    assert [(f.kind, f.note, f.set_number) for f in block.flags] == [
        ("pain", "Cuff discomfort 9/10 after the set", 4)
    ]
