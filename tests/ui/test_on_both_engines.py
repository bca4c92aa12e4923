"""The app keyed as a lifter would, on a SQLite file and on a real PostgreSQL server:
a whole block logged, history showing it, one block at a time, a crash offered back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from bfr_tui.app import BfrApp, make_app
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.units import Unit
from bfr_tui.screens.coach_overview import CoachOverviewScreen
from bfr_tui.screens.confirm import ConfirmModal
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.history import HistoryScreen
from bfr_tui.screens.resume import ResumeBlockScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import (
    count_reps,
    cuffs_on,
    do_set,
    picker_ready,
    settle,
    wait_for,
)
from bfr_tui.store import open_log
from bfr_tui.training_log import TrainingLog
from tests.postgres_server import ThrowawayPostgres
from tests.store.test_engines import a_set, curl_block_started
from tests.ui.conftest import SIZE
from tests.ui.test_resume import toasts

CURL = "Dumbbell curl"
# 30 s of polling at most.
POLL_ROUNDS = 600


@pytest.fixture
def screened_log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine: library, screening done, curls with a 40 kg 1RM."""
    log = screened(log_url)
    yield log
    log.close()


def screened(url: str) -> TrainingLog:
    """The log at ``url`` prepared as a lifter leaves it after the first run."""
    log = open_log(url)
    log.upgrade()
    # The first start's lifter: the log's only one, whom the app opens on.
    log.choose_lifter(None, required=True)
    log.seed_library_if_empty(now=NOW)
    log.save_screening(answers={q.key: False for q in SCREENING_QUESTIONS},
                       screened_on=NOW.date(), cleared=False, unit=Unit.KG)
    curl = log.find_exercise(CURL)
    assert curl is not None
    log.record_one_rep_max(exercise_id=curl.id, value=40.0, unit=Unit.KG,
                           recorded_on=date(2026, 2, 1), method=OneRepMaxMethod.TESTED,
                           source="test")
    return log


@pytest.fixture
def app_on(log_url: str, clock: FakeClock) -> Callable[[], BfrApp]:
    """The real app on the test's log, as `bfr-tui --db URL` opens it."""
    return lambda: make_app(log=open_log(log_url), clock=clock)


def curl_id(log: TrainingLog) -> int:
    curl = log.find_exercise(CURL)
    assert curl is not None
    return curl.id


async def test_a_whole_block_keyed_in_the_app_is_in_the_log_and_in_history(
    screened_log: TrainingLog, app_on: Callable[[], BfrApp], clock: FakeClock
) -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, curl_id(screened_log))
        for number, reps in enumerate((30, 15, 15, 15), start=1):
            # Faster than the 2 s / 2 s beat: the lifter types the count before enter.
            await do_set(pilot, reps, seconds=reps * 2, typed=True)
            if number < 4:
                clock.advance(30)
                live.update_clock()
                await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, BlockSummaryScreen), "summary")
        (row,) = screened_log.history_rows()
        assert row.reps == (30, 15, 15, 15) and row.load == 8.75
        assert row.cuff_on_at == NOW and row.end_reason == "completed"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "history")
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1, "the block in history")
        shown = " ".join(str(cell) for cell in table.get_row_at(0))
        assert NOW.strftime("%H:%M") in shown and CURL in shown


async def test_a_block_under_way_on_another_client_is_left_alone(
    log_url: str, screened_log: TrainingLog, app_on: Callable[[], BfrApp]
) -> None:
    other_client = open_log(log_url)
    other_client.choose_lifter(None, required=True)
    assert other_client.claim_block()
    try:
        app = app_on()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.start_block_for(curl_id(screened_log))
            await settle(pilot)
            assert isinstance(app.screen, ExerciseSelectScreen)
            assert "One block at a time" in toasts(app)
    finally:
        other_client.close()


async def test_a_block_a_crash_left_open_is_offered_at_the_next_start(
    screened_log: TrainingLog, app_on: Callable[[], BfrApp]
) -> None:
    writer, heard = curl_block_started(screened_log, cuff_on=NOW - timedelta(minutes=2))
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await pilot.press("c")
        await wait_for(pilot, lambda: "Block closed" in toasts(app), "the closing note")
    assert screened_log.interrupted_block() is None


async def polled(pilot: Pilot[None], ready: Callable[[], object], what: str) -> None:
    """Let the app run until ``ready()``, without waiting on its workers."""
    for _ in range(POLL_ROUNDS):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"gave up waiting for {what}")


async def test_quitting_while_the_server_is_away_keeps_the_sets_for_the_next_start(
    postgres_server: ThrowawayPostgres, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = postgres_server.create_database()
    log = screened(url)
    app = make_app(log=open_log(url), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, curl_id(log))
        await do_set(pilot, 30, seconds=60, typed=True)
        postgres_server.stop("immediate")
        clock.advance(30)
        live.update_clock()
        await settle(pilot)
        clock.advance(30)
        # The beat counted 7 reps meanwhile; the lifter types the 15 done.
        await count_reps(pilot, 15, typed=True)
        await pilot.press("enter")
        table = live.query_one("#sets-done", DataTable)

        def set_2_state() -> str:
            return str(table.get_cell("2", table.ordered_columns[-1].key))

        # The writer keeps retrying meanwhile: wait on the screen, not on the workers.
        await polled(pilot, lambda: set_2_state() == "not saved yet", "set 2 not saved yet")
        await pilot.press("ctrl+q")
        await polled(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.press("y")
        await polled(pilot, lambda: app._exit, "the app to quit")
    said = " ".join(capsys.readouterr().err.split())
    assert app.return_code == 0, said
    assert "could not be reached, so set 2 and the cuff-off are kept on this machine" in said
    assert "password" not in said

    postgres_server.start()
    again = make_app(log=open_log(url), clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Kept writes saved" in toasts(again), "the note")
        assert "set 2 and the cuff-off" in toasts(again)
        assert not isinstance(again.screen, ResumeBlockScreen)
    (row,) = log.history_rows()
    assert row.reps == (30, 15) and row.end_reason == "left"
    log.close()


async def test_a_coachs_log_opens_on_the_picker_and_the_overview_opens_any_lifter(
    screened_log: TrainingLog, app_on: Callable[[], BfrApp]
) -> None:
    first = screened_log.lifter
    assert first is not None
    for name in ("Kim Lee", "Noor Aziz"):
        screened_log.add_lifter(name)
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        await pilot.press("ctrl+o")

        def every_lifter_listed() -> bool:
            screen = app.screen
            return isinstance(screen, CoachOverviewScreen) and len(screen.shown_lines) == 3

        await wait_for(pilot, every_lifter_listed, "every lifter in the overview")
        overview = app.screen
        assert isinstance(overview, CoachOverviewScreen)
        assert sorted(line.lifter.name for line in overview.shown_lines) == sorted(
            [first.name, "Kim Lee", "Noor Aziz"])
        await pilot.press("slash", *"noor", "enter", "enter")
        # Noor has never answered the screening: it comes before anything else.
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen),
                       "Noor's screening")
        opened = app.training_log.lifter
        assert opened is not None and opened.name == "Noor Aziz"
