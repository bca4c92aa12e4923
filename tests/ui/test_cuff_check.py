"""The cuff check: every typed value is checked under its field, and a wrong one starts nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, RadioButton, Select, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import Tempo
from bfr_tui.domain.units import Unit
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.cuff_form import CuffFormScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.lop_form import LopFormScreen
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
from bfr_tui.store import open_log, queries
from bfr_tui.store.block_log import close_block, start_block
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block, SetEntry, TrainingSession
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TrainingLog
from tests.cuffs import THIGH, WRAP, lop
from tests.plans import plan_for
from tests.store.test_cuffs import leg_plan, run_block
from tests.store.test_engines import a_set
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


# --- named cuffs, LOP and tempo (R12-R16) ---------------------------------------------------

LEGS = "Leg extension"
THIGH_TARGET = "Left leg: set 150 mmHg (60 % of your 250 mmHg LOP, seated, Doppler, 2026-03-02)"


@pytest.fixture
def setup_log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the store interface, to give the lifter cuffs and LOPs."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None, required=True)
    yield log
    log.close()


def legs_id(log: TrainingLog) -> int:
    legs = log.find_exercise(LEGS)
    assert legs is not None
    return legs.id


def is_shown(screen: CuffCheckScreen, selector: str) -> bool:
    """True when the widget and every container around it are displayed."""
    widget = screen.query_one(selector)
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def targets(screen: CuffCheckScreen) -> str:
    return str(screen.query_one("#targets", Static).render())


async def pick(pilot: Pilot[None], screen: CuffCheckScreen, **choices: object) -> None:
    """Pick a side (``side="left"``), a body position, or a cuff (its id, or "none")."""
    for group, value in choices.items():
        if group == "cuff":
            screen.query_one("#cuff-pick", Select).value = value
        else:
            screen.query_one(f"#{group}-{value}", RadioButton).value = True
        await settle(pilot)


async def pneumatic_check(
    pilot: Pilot[None], log: TrainingLog, *, side: str = "left", pressure: str = "150"
) -> CuffCheckScreen:
    """The leg extension's check with the thigh cuff, filled in, the gauge at ``pressure``."""
    thigh = next(r for r in log.cuffs() if r.cuff == THIGH)
    screen = await open_cuff_check(pilot, legs_id(log))
    await pick(pilot, screen, side=side, cuff=thigh.id)
    await check_cuff(pilot, load="10")
    await fill(pilot, "#set-pressure", pressure)
    await settle(pilot)
    return screen


@pytest.mark.parametrize(
    ("pressure", "warned"),
    [("150", False), ("165", False), ("135", False), ("166", True), ("134", True)],
)
async def test_a_pneumatic_cuff_shows_the_target_from_the_lop_and_warns_more_than_10_pct_off(
    pressure: str, warned: bool, setup_log: TrainingLog, empty_db: Path,
    app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.record_lop(lop(250), cuff_id=setup_log.add_cuff(THIGH).id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log, pressure=pressure)
        assert targets(screen) == THIGH_TARGET
        shown = verdict(screen)
        assert ("the target of 150 mmHg" in shown) is warned
        # A warning never stops the start.
        assert "Ready" in shown
        assert not screen.query_one("#start", Button).disabled
        # Width comes with the cuff; the optional fields of a check without one are gone.
        assert not is_shown(screen, "#width")
        assert not is_shown(screen, "#pressure")


async def test_no_lop_in_the_position_trained_in_warns_and_the_block_still_starts(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.record_lop(lop(250), cuff_id=setup_log.add_cuff(THIGH).id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log)
        await pick(pilot, screen, position="standing")
        assert "no target" in targets(screen)
        shown = " ".join(verdict(screen).split())
        assert "was measured seated, and you train standing" in shown
        assert "Ready" in shown
        await pick(pilot, screen, position="seated")
        assert targets(screen) == THIGH_TARGET


@pytest.mark.parametrize(("interval", "warned"), [(30, True), (45, False)])
async def test_an_lop_older_than_the_re_measure_interval_warns(
    interval: int, warned: bool, setup_log: TrainingLog, empty_db: Path,
    app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.record_lop(lop(250, days_ago=40), cuff_id=setup_log.add_cuff(THIGH).id)
    setup_log.save_lop_remeasure_days(interval)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log)
        shown = " ".join(verdict(screen).split())
        assert ("LOP is 40 days old" in shown) is warned
        assert "150 mmHg" in targets(screen)


async def test_a_block_on_both_legs_shows_each_target_and_keeps_the_cuff_and_lower_target(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    setup_log.record_lop(lop(250), cuff_id=thigh.id)
    setup_log.record_lop(lop(240, side=Side.RIGHT), cuff_id=thigh.id)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log, side="both", pressure="148")
        await fill(pilot, "#lop-percent", "62.5")
        await settle(pilot)
        assert targets(screen).splitlines() == [
            "Left leg: set 156 mmHg (62.5 % of your 250 mmHg LOP, seated, Doppler, 2026-03-02)",
            "Right leg: set 150 mmHg (62.5 % of your 240 mmHg LOP, seated, Doppler, 2026-03-02)",
        ]
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None,
            "the block to be stored",
        )
        assert isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None
        record = setup_log.block_record(app.screen.block_id)
    block = record.block
    assert (block.cuff_id, block.target_mmhg, block.lop_percent, block.pressure_mmhg) == (
        thigh.id, 150, 62.5, 148.0
    )
    assert block.cuff_width_cm == THIGH.width_cm and record.cuff == thigh


async def test_a_percent_of_lop_outside_40_to_80_is_named_and_nothing_starts(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    setup_log.record_lop(lop(250), cuff_id=setup_log.add_cuff(THIGH).id)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log)
        await fill(pilot, "#lop-percent", "90")
        await settle(pilot)
        assert error_under(screen, "lop-percent").startswith(
            "The % of limb occlusion pressure must be 40-80 %, not 90 %."
        )
        await refused_start(pilot, screen)


async def test_the_cuff_offered_first_is_the_last_used_on_that_limb_and_side(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    wrap = setup_log.add_cuff(WRAP)
    thigh = setup_log.add_cuff(THIGH)
    run_block(setup_log, leg_plan(setup_log, cuff_id=wrap.id), (a_set(1, 30),))
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, legs_id(setup_log))
        picker = screen.query_one("#cuff-pick", Select)
        # Both legs: the wrap was on the left one last time.
        assert picker.value == wrap.id
        await pick(pilot, screen, side="right")
        assert picker.value == "none"
        await pick(pilot, screen, side="left")
        assert picker.value == wrap.id
        # Picked by hand, the cuff stays whatever side is chosen.
        await pick(pilot, screen, cuff=thigh.id)
        await pick(pilot, screen, side="right")
        assert picker.value == thigh.id


async def test_a_wrap_shows_its_mark_and_asks_no_pressure(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    wrap = setup_log.add_cuff(WRAP)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, legs_id(setup_log))
        await pick(pilot, screen, cuff=wrap.id)
        assert str(screen.query_one("#cuff-info", Static).render()) == (
            "Put it on at your mark: line 3"
        )
        assert not is_shown(screen, "#set-pressure")
        assert not is_shown(screen, "#pressure")
        await check_cuff(pilot, load="10", tightness="9")
        assert "too tight" in verdict(screen)
        await refused_start(pilot, screen)
        await fill(pilot, "#tightness", "7")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None,
            "the block to be stored",
        )
        assert isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None
        block = setup_log.block_record(app.screen.block_id).block
    assert (block.cuff_id, block.cuff_width_cm, block.pressure_mmhg) == (wrap.id, 7.5, None)


async def test_tingling_last_time_starts_the_pressure_10_mmhg_lower(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    run_block(setup_log, leg_plan(setup_log, cuff_id=thigh.id, pressure_mmhg=160.0),
              (a_set(1, 30),), flag=SymptomKind.TINGLING)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, legs_id(setup_log))
        note = screen.query_one("#cuff-suggestion", Static)
        assert note.display
        assert str(note.render()) == (
            "Tingling last time: 10 mmHg less than the 160 mmHg you used, so about 150 mmHg."
        )
        assert screen.query_one("#set-pressure", Input).value == "150"


async def test_tingling_in_a_wrap_loosens_the_start_by_one_point_only(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    wrap = setup_log.add_cuff(WRAP)
    run_block(setup_log, leg_plan(setup_log, cuff_id=wrap.id, tightness=7),
              (a_set(1, 30),), flag=SymptomKind.TINGLING)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, legs_id(setup_log))
        assert "about 6/10 (last time 7/10)" in str(
            screen.query_one("#cuff-suggestion", Static).render()
        )
        assert screen.query_one("#tightness", Input).value == "6"


async def test_an_lop_recorded_from_the_cuff_check_gives_the_target_at_once(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    thigh = setup_log.add_cuff(THIGH)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await pneumatic_check(pilot, setup_log, side="both")
        assert "No limb occlusion pressure recorded for your left leg" in " ".join(
            verdict(screen).split()
        )
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LopFormScreen), "the LOP form")
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#lop-cuff", Select).value == thigh.id,
                       "the form's cuff")
        await fill(pilot, "#lop-mmhg", "250")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, "the cuff check again")
        lines = targets(screen).splitlines()
        assert lines[0].startswith("Left leg: set 150 mmHg (60 % of your 250 mmHg LOP, seated")
        assert lines[1].startswith("Right leg: no target")
    (measured,) = setup_log.lop_measurements()
    assert (measured.limb, measured.side, measured.cuff, measured.mmhg) == (
        Limb.LEG, Side.LEFT, THIGH, 250
    )


async def test_a_block_started_with_the_tempo_off_reads_back_off(
    empty_db: Path, curl_id: int, setup_log: TrainingLog, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        assert screen.query_one("#tempo", Input).value == "2/2"
        await check_cuff(pilot)
        await fill(pilot, "#tempo", "9/9")
        await settle(pilot)
        assert error_under(screen, "tempo").startswith("The tempo must be 0.5-6 s, not 9 s.")
        await refused_start(pilot, screen)
        await fill(pilot, "#tempo", "off")
        await settle(pilot)
        assert error_under(screen, "tempo") == ""
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None,
            "the block to be stored",
        )
        assert isinstance(app.screen, LiveBlockScreen) and app.screen.block_id is not None
        record = setup_log.block_record(app.screen.block_id)
    assert record.block.tempo == "off"
    assert record.plan.protocol.tempo is None
    assert record.plan.protocol.reps_text == "30-15-15-15"


async def test_a_custom_protocol_carries_its_tempo(
    empty_db: Path, curl_id: int, setup_log: TrainingLog, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, curl_id)
        await check_cuff(pilot, custom=("30-15-15-15-15", 45))
        await fill(pilot, "#tempo", "1.5/3")
        await settle(pilot)
        reading = screen.read_check()
        assert reading.plan is not None
        assert reading.plan.protocol.tempo == Tempo(up_s=1.5, down_s=3.0)
        assert reading.plan.protocol.reps_text == "30-15-15-15-15"


async def test_a_cuff_added_from_the_check_is_picked_and_a_cancelled_one_changes_nothing(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_cuff_check(pilot, legs_id(setup_log))
        picker = screen.query_one("#cuff-pick", Select)
        assert picker.value == "none"
        await pick(pilot, screen, cuff="add")
        await wait_for(pilot, lambda: isinstance(app.screen, CuffFormScreen), "the cuff form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the cuff check again")
        assert picker.value == "none"
        await pick(pilot, screen, cuff="add")
        await wait_for(pilot, lambda: isinstance(app.screen, CuffFormScreen), "the cuff form")
        await fill(pilot, "#cuff-name", "Thigh cuff")
        await fill(pilot, "#cuff-width", "11.5")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, "the cuff check again")
        (added,) = setup_log.cuffs()
        assert added.cuff == THIGH
        assert picker.value == added.id
        assert is_shown(screen, "#set-pressure")
        assert "No limb occlusion pressure recorded for your left leg" in " ".join(
            verdict(screen).split()
        )
