"""The live block panel, keyed as a lifter would, against a real SQLite log."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.block_run import BlockRun
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.occlusion import AMBER_AFTER_S, RED_AFTER_S
from bfr_tui.domain.units import Unit
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.occlusion_limit import OcclusionLimitModal
from bfr_tui.screens.release import ReleaseCuffScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import (
    cuffs_on,
    do_set,
    open_cuff_check,
    settle,
    type_into,
    wait_for,
)
from bfr_tui.store import queries
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block, SetEntry, SymptomFlag
from bfr_tui.widgets.occlusion_clock import OcclusionClock
from tests.ui.conftest import SIZE, exercise_id, held_by_another_window

CURL = "Dumbbell curl"


def give_one_rm(path: Path, name: str, value: float) -> int:
    ex_id = exercise_id(path, name)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=ex_id, value=value, unit=Unit.KG,
            recorded_on=date(2026, 2, 1), method="tested",
        )
    engine.dispose()
    return ex_id


@pytest.fixture
def curl_app(empty_db: Path, app_for: Callable[[Path], BfrApp]) -> tuple[BfrApp, int]:
    """The app on a fresh log where dumbbell curls have a 40 kg 1RM (band 8.75-11.25 kg)."""
    return app_for(empty_db), give_one_rm(empty_db, CURL, 40)


def stored(path: Path) -> tuple[list[Block], list[SetEntry], list[SymptomFlag]]:
    engine = open_database(path)
    with session_scope(engine) as session:
        blocks = list(session.exec(select(Block)).all())
        sets = list(session.exec(select(SetEntry).order_by(col(SetEntry.set_number))).all())
        flags = list(session.exec(select(SymptomFlag)).all())
    engine.dispose()
    return blocks, sets, flags


def live_run(app: BfrApp) -> BlockRun:
    """The block the live panel on screen is running."""
    screen = app.screen
    assert isinstance(screen, LiveBlockScreen)
    return screen.run


async def rest_runs_out(pilot: Pilot[None], clock: FakeClock, seconds: float = 30) -> None:
    clock.advance(seconds)
    screen = pilot.app.screen
    assert isinstance(screen, LiveBlockScreen)
    screen.update_clock()
    await settle(pilot)


async def test_full_classic_block_is_logged_set_by_set(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        for number, reps in enumerate((30, 15, 15, 15), start=1):
            # Faster than the 2 s / 2 s beat: the lifter types the count before enter.
            await do_set(pilot, reps, seconds=reps * 2, typed=True)
            if number < 4:
                table = live.query_one("#sets-done", DataTable)
                assert "logged" in str(table.get_cell(str(number), table.ordered_columns[-1].key))
                await rest_runs_out(pilot, clock)
        await settle(pilot)
        assert isinstance(app.screen, BlockSummaryScreen)

    blocks, sets, flags = stored(empty_db)
    assert len(blocks) == 1 and not flags
    block = blocks[0]
    assert block.end_reason == "completed"
    assert block.load == 8.75  # bottom of 20-30 % of 40 kg on 1.25 kg steps
    assert block.one_rm == 40
    assert [s.reps for s in sets] == [30, 15, 15, 15]
    assert [s.target_reps for s in sets] == [30, 15, 15, 15]
    assert {s.load for s in sets} == {8.75}
    assert [s.rest_before_s for s in sets] == [None, 30.0, 30.0, 30.0]
    assert block.cuff_on_at == NOW
    # 60 + 30 + 30 + 30 s of work and 3 x 30 s of rest
    assert block.cuff_off_at == NOW + timedelta(seconds=240)
    assert sets[-1].ended_at == block.cuff_off_at


async def test_typed_count_and_take_back(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await pilot.press("2", "8", "enter")  # typed count applied, set not finished
        await pilot.press("space", "space", "space", "backspace")
        await pilot.press("enter")
        await settle(pilot)
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [30]


async def test_a_typed_count_out_of_range_is_refused_beside_the_counter(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await pilot.press("space", "space", "1", "5", "0", "enter")
        await settle(pilot)
        status = str(app.screen.query_one("#live-status", Static).render())
        assert status == "Reps must be 0-100, not 150."
        assert live_run(app).reps == 2
        assert live_run(app).phase.value == "set"
        assert stored(empty_db)[1] == []
        await pilot.press("space", "enter")
        await settle(pilot)
        assert str(app.screen.query_one("#live-status", Static).render()) == "Set 1 logged."
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [3]


async def test_skip_and_extend_rest_change_the_rest_logged(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await do_set(pilot, 30)
        clock.advance(12)
        await pilot.press("s")  # skip the rest after 12 s
        await do_set(pilot, 15)
        await pilot.press("plus")  # 45 s of rest now
        await rest_runs_out(pilot, clock, 30)
        assert live_run(app).phase.value == "rest"
        await rest_runs_out(pilot, clock, 15)
        assert live_run(app).phase.value == "set"
        await do_set(pilot, 15)
    _blocks, sets, _flags = stored(empty_db)
    assert [s.rest_before_s for s in sets] == [None, 12.0, 45.0]


async def test_red_flag_in_set_two_ends_the_block_and_is_stored_with_set_two(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await do_set(pilot, 30)
        await rest_runs_out(pilot, clock)
        await pilot.press(*(["space"] * 6))
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("1")  # numbness: a red flag
        await settle(pilot)
        assert isinstance(app.screen, ReleaseCuffScreen)
        assert "RELEASE THE CUFF NOW" in str(app.screen.query_one("#release-title").render())
        # Said once the set, the flag and the cuff-off have committed together.
        saved = str(app.screen.query_one("#release-saved").render())
        assert saved == "Saved in the log: the flag with set 2 and the cuff-off at 18:30:30."
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BlockSummaryScreen)
    blocks, sets, flags = stored(empty_db)
    assert blocks[0].end_reason == "red_flag"
    assert [(s.set_number, s.reps) for s in sets] == [(1, 30), (2, 6)]
    assert len(flags) == 1
    assert flags[0].kind == "numbness"
    assert flags[0].set_id == sets[1].id


async def test_dizziness_is_recorded_and_the_block_goes_on(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("6")  # dizziness
        await settle(pilot)
        assert live_run(app).phase.value == "set"
        await do_set(pilot, 30)
    blocks, sets, flags = stored(empty_db)
    assert blocks[0].end_reason == ""
    assert [f.kind for f in flags] == ["dizziness"]
    assert flags[0].set_id == sets[0].id


async def test_a_symptom_note_too_long_is_refused_inline_and_kept_for_editing(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    pasted = "Cramp in the forearm, " * 25  # 550 characters
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("7")  # something else: asks for a note
        await settle(pilot)
        note = app.screen.query_one("#symptom-note", Input)
        note.value = pasted
        await pilot.press("enter")
        await settle(pilot)
        error = app.screen.query_one("#symptom-note-error", Static)
        assert error.display
        assert str(error.render()) == "Keep the note to 500 characters (this one has 549)."
        assert note.value == pasted
        assert stored(empty_db)[2] == []
        await pilot.press("ctrl+a", "ctrl+k", *"Cramp in the forearm", "enter")
        await settle(pilot)
        assert live_run(app).phase.value == "set"
    _blocks, _sets, flags = stored(empty_db)
    assert [(f.kind, f.note) for f in flags] == [("other", "Cramp in the forearm")]


async def test_load_outside_the_band_shows_a_warning(
    curl_app: tuple[BfrApp, int], empty_db: Path
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cuff = await open_cuff_check(pilot, ex_id)
        await type_into(pilot, "#load", "20")
        await pilot.pause()
        text = str(cuff.query_one("#cuff-verdict").render())
        assert "above the BFR band (8.75-11.25 kg)" in text
        await type_into(pilot, "#load", "10")
        await pilot.pause()
        assert "above the BFR band" not in str(cuff.query_one("#cuff-verdict").render())


async def test_too_tight_cuff_cannot_start(
    curl_app: tuple[BfrApp, int], empty_db: Path
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cuff = await open_cuff_check(pilot, ex_id)
        await type_into(pilot, "#tightness", "9")
        await pilot.click("#pulse")
        await pilot.click("#skin")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is cuff
        assert "too tight" in str(cuff.query_one("#cuff-verdict").render())
    blocks, _sets, _flags = stored(empty_db)
    assert blocks == []


async def test_occlusion_clock_turns_amber_at_7_and_red_at_10_minutes(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        occlusion = live.query_one(OcclusionClock)
        clock.advance(AMBER_AFTER_S - 1)
        live.update_clock()
        await pilot.pause()
        assert not occlusion.has_class("-amber")
        clock.advance(1)
        live.update_clock()
        await pilot.pause()
        assert occlusion.has_class("-amber") and not occlusion.has_class("-red")
        clock.advance(RED_AFTER_S - AMBER_AFTER_S - 1)
        live.update_clock()
        await pilot.pause()
        assert not occlusion.has_class("-red")
        clock.advance(1)
        live.update_clock()
        await pilot.pause()
        assert occlusion.has_class("-red")
        assert "release it now" in str(occlusion.query_one("#occlusion-message").render())


async def test_cuff_off_early_keeps_logged_sets_after_confirming(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await do_set(pilot, 30)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BlockSummaryScreen)
    blocks, sets, _flags = stored(empty_db)
    assert blocks[0].end_reason == "cuff_off_early"
    assert blocks[0].cuff_off_at is not None
    assert [s.reps for s in sets] == [30]


async def past_the_limit_in_rest(pilot: Pilot[None], clock: FakeClock) -> None:
    """Set 1 ends at 9:50 of cuff time: its rest ends past the 10 min limit."""
    # A slow set: the beat counted far more than the 30 reps typed at its end.
    await do_set(pilot, 30, seconds=RED_AFTER_S - 10, typed=True)


def asked_to_release(app: BfrApp) -> bool:
    return isinstance(app.screen, OcclusionLimitModal)


async def test_rest_ending_past_10_minutes_asks_to_release_and_starts_no_set(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await past_the_limit_in_rest(pilot, clock)
        await rest_runs_out(pilot, clock)
        assert asked_to_release(app)
        question = str(app.screen.query_one("#limit-question", Static).render())
        assert question == "10 min of continuous cuff time. Release the cuff?"
        # The rest is over and the panel keeps ticking: still no set, one question.
        clock.advance(5)
        live.update_clock()
        await settle(pilot)
        assert live.run.phase.value == "rest" and live.run.set_number == 1
        assert len([s for s in app.screen_stack if isinstance(s, OcclusionLimitModal)]) == 1


async def test_skipping_rest_past_10_minutes_asks_too(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await past_the_limit_in_rest(pilot, clock)
        clock.advance(12)
        await pilot.press("s")
        await settle(pilot)
        assert asked_to_release(app)
        assert live.run.phase.value == "rest"


@pytest.mark.parametrize("answer", ["enter", "escape"])
async def test_the_default_answer_releases_the_cuff_and_records_why(
    answer: str, curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        await past_the_limit_in_rest(pilot, clock)
        await rest_runs_out(pilot, clock)
        assert asked_to_release(app)
        await pilot.press(answer)
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "the summary")
    blocks, sets, _flags = stored(empty_db)
    assert blocks[0].end_reason == "occlusion_limit"
    assert blocks[0].cuff_off_at == NOW + timedelta(seconds=RED_AFTER_S + 20)
    assert [s.reps for s in sets] == [30]


async def test_going_on_past_10_minutes_is_a_choice_recorded_with_the_block(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await past_the_limit_in_rest(pilot, clock)
        await rest_runs_out(pilot, clock)
        await pilot.press("g")
        await settle(pilot)
        assert app.screen is live
        assert live.run.phase.value == "set" and live.run.set_number == 2
        await do_set(pilot, 15)
        # The next set start past the limit asks again.
        await rest_runs_out(pilot, clock)
        assert asked_to_release(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "the summary")
    blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [30, 15]
    assert blocks[0].end_reason == "occlusion_limit"
    assert blocks[0].notes == (
        "Went on past the 10 min cuff limit: set 2 started at 10:20 of continuous cuff time."
    )


def status_of(app: BfrApp) -> str:
    return str(app.screen.query_one("#live-status", Static).render())


def saved_cell(live: LiveBlockScreen, number: int) -> str:
    table = live.query_one("#sets-done", DataTable)
    return str(table.get_cell(str(number), table.ordered_columns[-1].key))


async def until(
    pilot: Pilot[None], ready: Callable[[], bool], what: str, seconds: float = 30
) -> None:
    """Wait in real time (a write held up by a lock is a worker that does not finish)."""
    for _ in range(int(seconds / 0.1)):
        if ready():
            return
        await pilot.pause(0.1)
    raise AssertionError(f"gave up waiting for {what}")


async def test_a_set_written_while_the_log_is_locked_shows_not_saved_yet_then_logged(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        with held_by_another_window(empty_db):
            await pilot.press("3", "0", "enter", "enter")
            await until(pilot, lambda: "not saved yet" in status_of(app), "not saved yet")
            assert "database is locked" in status_of(app)
            assert saved_cell(live, 1) == "not saved yet"
            assert stored(empty_db)[1] == []
        await until(pilot, lambda: status_of(app) == "Set 1 logged.", "the set logged")
        assert "logged" in saved_cell(live, 1)
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [30]


async def test_a_write_the_log_refuses_is_shown_at_once_and_the_block_is_closed(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        with closing(sqlite3.connect(empty_db)) as connection:
            connection.execute(
                "CREATE TRIGGER refuse_sets BEFORE INSERT ON set_entry "
                "BEGIN SELECT RAISE(ABORT, 'sets refused'); END"
            )
            connection.commit()
        clock.advance(40)
        await pilot.press("3", "0", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReleaseCuffScreen), "the release")
        release = app.screen

        def shown() -> str:
            return " ".join(str(s.render()) for s in release.query(Static))

        assert "RELEASE THE CUFF NOW" in shown()
        assert "Set 1 could not be saved: sets refused." in shown()
        await wait_for(pilot, lambda: "Cuff-off recorded at 18:30:40." in shown(), "cuff-off")
        assert saved_cell(live, 1) == "not saved"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "the summary")
    blocks, sets, _flags = stored(empty_db)
    assert sets == []
    assert blocks[0].end_reason == "save_failed"
    assert blocks[0].cuff_off_at == NOW + timedelta(seconds=40)
