"""The rep count that follows the tempo, its beat line and bell (R15), on the fake clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from bfr_tui.app import BfrApp
from bfr_tui.domain.block_run import BlockPlan, Phase
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.tempo import Tempo
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.showcase.steps import cuffs_on, pass_time, settle, wait_for
from bfr_tui.widgets.rep_counter import RepCounter
from bfr_tui.widgets.tempo_beat import TempoBeat
from tests.plans import EVERYDAY_PLAN
from tests.ui.conftest import SIZE
from tests.ui.test_live import CURL, give_one_rm, stored


@pytest.fixture
def curl_app(empty_db: Path, app_for: Callable[[Path], BfrApp]) -> tuple[BfrApp, int]:
    """The app on a fresh log where dumbbell curls have a 40 kg 1RM."""
    return app_for(empty_db), give_one_rm(empty_db, CURL, 40)


def shown_reps(live: LiveBlockScreen) -> int:
    return live.query_one(RepCounter).reps


def subtitle(live: LiveBlockScreen) -> str:
    """The counter's bottom line: the set's time, and whether the beat bell is on."""
    return str(live.query_one(RepCounter).border_subtitle)


def beat_line(live: LiveBlockScreen) -> str:
    beat = live.query_one(TempoBeat)
    return str(beat.render()) if beat.display else ""


async def test_at_2_s_up_2_s_down_60_s_count_15_reps_and_enter_logs_them(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        assert shown_reps(live) == 0
        assert beat_line(live).startswith("▲ up")
        assert beat_line(live).endswith("2 s up, 2 s down")
        await pass_time(pilot, 3)
        assert beat_line(live).startswith("▼ down")
        await pass_time(pilot, 57)
        assert shown_reps(live) == 15
        await pilot.press("enter")
        await settle(pilot)
        # The rest has no beat.
        assert beat_line(live) == ""
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [15]


async def test_a_correction_holds_and_the_beat_counts_on_from_it(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await pass_time(pilot, 20)
        assert shown_reps(live) == 5
        await pilot.press("space")
        assert shown_reps(live) == 6
        await pass_time(pilot, 4)
        assert shown_reps(live) == 7
        await pilot.press("backspace")
        assert shown_reps(live) == 6
        await pilot.press("3", "enter")
        await settle(pilot)
        assert shown_reps(live) == 3 and live.run.phase is Phase.SET
        await pass_time(pilot, 8)
        assert shown_reps(live) == 5
        await pilot.press("enter")
        await settle(pilot)
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [5]


async def test_the_next_sets_count_starts_when_the_rest_ends(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await pass_time(pilot, 120)
        await pilot.press("enter")
        await settle(pilot)
        await pass_time(pilot, 10)
        await pilot.press("s")  # set 2 starts now, at 0
        await settle(pilot)
        assert shown_reps(live) == 0
        await pass_time(pilot, 41)
        assert shown_reps(live) == 10
        await pilot.press("enter")
        await settle(pilot)
        await pass_time(pilot, 30)  # the rest runs out: set 3 starts
        await pass_time(pilot, 8)
        assert live.run.set_number == 3 and shown_reps(live) == 2
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [30, 10]


async def test_cuff_off_mid_set_logs_the_count_of_that_moment(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await cuffs_on(pilot, ex_id)
        clock.advance(30)  # no frame drawn since: the count is read at the key
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [7]


async def open_live(pilot: Pilot[None], plan: BlockPlan) -> LiveBlockScreen:
    """The live panel on ``plan``, as the cuff check opens it once it is passed."""
    live = LiveBlockScreen(plan)
    await pilot.app.push_screen(live)
    await wait_for(pilot, lambda: live.block_id is not None, "the block on disk")
    return live


def curl_plan(ex_id: int, tempo: Tempo | None) -> BlockPlan:
    """The everyday curl plan with the protocol's tempo as given."""
    return replace(EVERYDAY_PLAN, exercise_id=ex_id, protocol=replace(CLASSIC, tempo=tempo))


async def test_with_the_tempo_off_only_keys_count(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock
) -> None:
    app, ex_id = curl_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await open_live(pilot, curl_plan(ex_id, None))
        assert beat_line(live) == ""
        await pilot.press("space", "space", "space")
        await pass_time(pilot, 60)
        assert shown_reps(live) == 3
        await pilot.press("backspace")
        await pass_time(pilot, 10)
        assert shown_reps(live) == 2
        await pilot.press("enter")
        await settle(pilot)
        # No beat, so no beat bell to turn on.
        await pilot.press("b")
        assert app.beat_bell is False
    _blocks, sets, _flags = stored(empty_db)
    assert [s.reps for s in sets] == [2]


async def test_the_beat_bell_rings_on_each_beat_once_turned_on_and_stays_on(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, ex_id = curl_app
    bells: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(clock.monotonic()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await cuffs_on(pilot, ex_id)
        await pass_time(pilot, 2)
        await pass_time(pilot, 2)
        assert bells == []
        await pilot.press("b")
        await settle(pilot)
        assert "beat bell" in subtitle(live)
        started = clock.monotonic()
        for _ in range(8):  # 0.5 s frames over 4 s: the beats at 6 s and 8 s
            await pass_time(pilot, 0.5)
        assert [at - started for at in bells] == [2.0, 4.0]
        assert app.beat_bell is True
        await pilot.press("b")
        await settle(pilot)
        await pass_time(pilot, 2)
        assert len(bells) == 2
        assert "beat bell" not in subtitle(live)


async def test_a_block_started_with_the_bell_on_rings_as_its_set_begins(
    curl_app: tuple[BfrApp, int], empty_db: Path, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, ex_id = curl_app
    bells: list[float] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(clock.monotonic()))
    # Turned on in an earlier block of this run of the app.
    app.beat_bell = True
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        live = await open_live(pilot, curl_plan(ex_id, Tempo(up_s=1.5, down_s=3)))
        started = live.rep_count.first_rep_mono
        assert started is not None and bells == [started]
        assert beat_line(live).endswith("1.5 s up, 3 s down")
        assert subtitle(live) == "set time 00:00 · beat bell"
        await pass_time(pilot, 1.5)
        await pass_time(pilot, 3)
        assert [at - started for at in bells] == [0, 1.5, 4.5]
