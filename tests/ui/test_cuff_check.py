"""The cuff check: every typed value is checked under its field, and a wrong one starts nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Button, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.units import Unit
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import (
    check_cuff,
    fill,
    open_cuff_check,
    pick_custom_protocol,
    settle,
    tick,
    wait_for,
)
from bfr_tui.store import queries
from bfr_tui.store.block_log import close_block, start_block
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block, SetEntry, TrainingSession
from tests.plans import plan_for
from tests.ui.conftest import SIZE, exercise_id

CURL = "Dumbbell curl"


@pytest.fixture
def curl_id(empty_db: Path) -> int:
    """Dumbbell curls with a 40 kg 1RM (band 8.75-11.25 kg) on the fresh log."""
    found = exercise_id(empty_db, CURL)
    engine = open_database(empty_db)
    with session_scope(engine) as session:
        queries.record_one_rep_max(
            session=session, lifter_id=lifter_id(engine), exercise_id=found, value=40,
            unit=Unit.KG,
            recorded_on=date(2026, 2, 1), method="tested",
        )
    engine.dispose()
    return found


def stored_training(path: Path) -> tuple[int, int, int]:
    """How many sessions, blocks and sets the log holds."""
    engine = open_database(path)
    with session_scope(engine) as session:
        counts = tuple(
            len(session.exec(select(table)).all())
            for table in (TrainingSession, Block, SetEntry)
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


def error_under(screen: CuffCheckScreen, field: str) -> str:
    """The message under a row of the cuff check, or "" while it is hidden."""
    error = screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def verdict(screen: CuffCheckScreen) -> str:
    return str(screen.query_one("#cuff-verdict", Static).render())


async def refused_start(pilot: Pilot[None], screen: CuffCheckScreen) -> None:
    """Press ctrl+s and see the cuff check stay, its start button off."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen
    assert screen.query_one("#start", Button).disabled


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11", "The tightness must be 1-10, not 11. Aim for about 7."),
        ("0", "The tightness must be 1-10, not 0. Aim for about 7."),
        ("", "Enter the tightness: 1-10."),
    ],
)
async def test_a_tightness_outside_1_to_10_is_named_and_nothing_starts(
    text: str, message: str, empty_db: Path, curl_id: int,
    app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot, tightness=text)
        assert error_under(screen, "tightness") == message
        assert "rate 1-10" in str(screen.query_one("#tightness-verdict", Static).render())
        assert "Fix the fields marked in red" in verdict(screen)
        await refused_start(pilot, screen)
    assert stored_training(empty_db) == (0, 0, 0)


PULSE_BOX, SKIN_BOX = "I can feel a pulse", "Skin colour is normal"


@pytest.mark.parametrize("tightness", ["7", "9", "10"])
@pytest.mark.parametrize(
    ("unticked", "named", "not_named"),
    [("#pulse", PULSE_BOX, SKIN_BOX), ("#skin", SKIN_BOX, PULSE_BOX)],
)
async def test_each_refusal_is_shown_for_what_it_is_and_nothing_starts(
    tightness: str, unticked: str, named: str, not_named: str, empty_db: Path, curl_id: int,
    app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot, tightness=tightness)
        await tick(pilot, unticked)
        await settle(pilot)
        shown = verdict(screen)
        # The one box left unticked is named, and only that one.
        assert named in shown
        assert not_named not in shown
        assert ("too tight" in shown) is (tightness != "7")
        assert "Ready" not in shown
        await refused_start(pilot, screen)
    assert stored_training(empty_db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("load", "message"),
    [
        ("0", "The load must be above 0 and up to 1000 kg, not 0 kg."),
        ("1200", "The load must be above 0 and up to 1000 kg, not 1200 kg."),
        ("10.125", "Give the load to at most 2 decimal places, not 10.125."),
        ("1.2.3", "The load must be a number above 0 and up to 1000 kg, not “1.2.3”."),
        ("", "Enter the load: above 0 and up to 1000 kg."),
    ],
)
async def test_a_wrong_load_is_named_under_the_load_and_nothing_starts(
    load: str, message: str, empty_db: Path, curl_id: int,
    app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot, load=load)
        assert error_under(screen, "load").startswith(message)
        assert error_under(screen, "tightness") == ""
        await refused_start(pilot, screen)
    assert stored_training(empty_db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("reps", "rest", "messages"),
    [
        ("30-15-15-15", "5", ["The rest must be 15-90 s, not 5 s."]),
        ("30-15-15-15", "120", ["The rest must be 15-90 s, not 120 s."]),
        ("30-0-15", "30", ["Set 2: target reps must be 1-50, not 0."]),
        ("30-15-15-15-15-15-15-15-15", "30", ["A protocol has 1 to 8 sets, not 9."]),
        ("thirty", "30", ["Target reps look like 30-15-15-15"]),
        # Both wrong: both named at once.
        ("30-99", "-5", ["Set 2: target reps must be 1-50, not 99.",
                         "The rest must be 15-90 s, not -5 s."]),
    ],
)
async def test_a_wrong_custom_protocol_is_named_under_it_and_nothing_starts(
    reps: str, rest: str, messages: list[str], empty_db: Path, curl_id: int,
    app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot)
        await pick_custom_protocol(pilot, reps, 30)
        await fill(pilot, "#custom-rest", rest)
        await settle(pilot)
        shown = error_under(screen, "protocol")
        for message in messages:
            assert message in shown
        await refused_start(pilot, screen)
    assert stored_training(empty_db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("#pressure", "400", "The cuff pressure must be 1-300 mmHg, not 400 mmHg."),
        ("#pressure", "0", "The cuff pressure must be 1-300 mmHg, not 0 mmHg."),
        ("#lop", "120", "The % of limb occlusion pressure must be 1-100 %, not 120 %."),
        ("#width", "1", "The cuff width must be 2-30 cm, not 1 cm."),
        ("#width", "5.25", "Give the cuff width to at most 1 decimal places, not 5.25."),
    ],
)
async def test_a_wrong_pneumatic_cuff_value_is_named_and_nothing_starts(
    field: str, text: str, message: str, empty_db: Path, curl_id: int,
    app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot)
        await fill(pilot, field, text)
        await settle(pilot)
        assert error_under(screen, "cuff") == message
        await refused_start(pilot, screen)
        # Clearing the optional field takes the message away and the block can start.
        await fill(pilot, field, "")
        await settle(pilot)
        assert error_under(screen, "cuff") == ""
        assert not screen.query_one("#start", Button).disabled
    assert stored_training(empty_db) == (0, 0, 0)


async def test_fixed_values_start_the_block_with_what_was_typed(
    empty_db: Path, curl_id: int, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot, load="10,5", tightness="11")
        await fill(pilot, "#pressure", "180")
        await fill(pilot, "#width", "11,5")
        await settle(pilot)
        await refused_start(pilot, screen)
        await fill(pilot, "#tightness", "7")
        await settle(pilot)
        assert all(error_under(screen, f) == "" for f in ("tightness", "load", "protocol", "cuff"))
        assert "Ready" in verdict(screen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, LiveBlockScreen), "the live panel")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None,
            "the block to be stored",
        )
    engine = open_database(empty_db)
    with session_scope(engine) as session:
        [block] = session.exec(select(Block)).all()
        stored = (block.load, block.tightness, block.pressure_mmhg, block.cuff_width_cm)
    engine.dispose()
    assert stored == (10.5, 7, 180.0, 11.5)


async def test_a_limb_trained_at_a_time_after_now_still_gets_the_36_h_warning(
    empty_db: Path, curl_id: int, app_for: Callable[[Path], BfrApp]
) -> None:
    # The lifter trained curls, then the clock was set back a day: that block now
    # looks 20 h in the future. It may have been minutes ago, so the warning stands.
    cuff_on = NOW + timedelta(hours=20)
    engine = open_database(empty_db)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.get_exercise(session=session, exercise_id=curl_id)
        block = start_block(
            session=session, lifter_id=lifter, plan=plan_for(curl), cuff_on_at=cuff_on
        )
        assert block.id is not None
        close_block(session=session, block_id=block.id,
                    cuff_off_at=cuff_on + timedelta(minutes=5), reason="completed")
    engine.dispose()

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await settle(pilot)
        recovery = screen.query_one("#recovery", Static)

        assert recovery.display
        text = str(recovery.render())
        assert "36 h" in text
        assert "clock set back" in text
