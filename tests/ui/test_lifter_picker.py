"""The lifter picker: a log of several lifters opens on "Who is training?"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from bfr_tui.app import SUB_TITLE, BfrApp
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.lifter_picker import LifterPickerScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.showcase.scenes import CURL
from bfr_tui.showcase.steps import cuffs_on, open_lifter, picker_ready, settle, wait_for
from bfr_tui.store import open_log, queries
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.paths import sqlite_url
from tests.ui.conftest import SIZE, exercise_id, screen_profile


def clinic_log(path: Path, *names: str) -> Path:
    """``empty_db``'s log (its lifter Sam screened) with more lifters, not screened."""
    engine = open_database(path)
    with session_scope(engine) as session:
        for name in names:
            queries.add_lifter(session=session, name=name)
    engine.dispose()
    return path


def shown_options(app: BfrApp) -> list[str]:
    listing = app.screen.query_one("#picker-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_several_lifters_open_on_the_picker_and_enter_opens_the_one_typed(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic_log(empty_db, "Ana Ruiz", "Ben Okafor")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        assert shown_options(app) == ["Ana Ruiz", "Ben Okafor", "Sam"]
        await pilot.press(*"OKA")
        # Whoever matches comes first; adding the name typed is always the last line.
        assert shown_options(app) == ["Ben Okafor", "Add OKA as a new lifter"]
        await pilot.press("enter")
        # Ben was never screened: his log asks first, whatever Sam answered.
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen), "the screening")
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Ben Okafor"


async def test_the_picker_moves_with_the_arrows_and_opens_a_screened_lifter(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic_log(empty_db, "Ana Ruiz")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseSelectScreen),
                       "Sam's exercise list")
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Sam"


async def test_a_name_nobody_has_is_added_as_a_new_lifter(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic_log(empty_db, "Ana Ruiz")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        await pilot.press(*"Cy Lee")
        assert shown_options(app) == ["Add Cy Lee as a new lifter"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen), "the screening")

    log = open_log(sqlite_url(empty_db))
    try:
        assert [lifter.name for lifter in log.lifters()] == ["Ana Ruiz", "Cy Lee", "Sam"]
    finally:
        log.close()


async def test_one_lifter_opens_straight_on_their_exercises(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    screen_profile(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseSelectScreen),
                       "the exercise list")
        await settle(pilot)
        assert not any(isinstance(s, LifterPickerScreen) for s in app.screen_stack)


async def palette_command(pilot: Pilot[None], title: str) -> list[str]:
    """Open the palette, type ``title``, and return the commands it offers then."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette")
    await pilot.press(*title)
    await settle(pilot)
    offered = pilot.app.screen.query_one(CommandList)
    return [str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]


async def test_the_palette_switches_lifter_and_the_new_lifter_gets_their_own_list(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic_log(empty_db, "Ana Ruiz")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_lifter(pilot, "sam")
        assert app.sub_title.startswith("Sam · ")

        await palette_command(pilot, "switch lifter")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LifterPickerScreen), "the picker")
        await pilot.press(*"ana", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen),
                       "Ana's screening")
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Ana Ruiz"
        assert app.sub_title.startswith("Ana Ruiz · ")
        assert not app.screening_clear


async def test_switching_lifter_is_refused_while_a_block_is_under_the_cuff(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic_log(empty_db, "Ana Ruiz")
    curl = exercise_id(empty_db, CURL)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_lifter(pilot, "sam")
        await cuffs_on(pilot, curl, load="5")

        app.action_switch_lifter()
        await settle(pilot)

        assert isinstance(app.screen, LiveBlockScreen)
        assert any("before switching lifter" in note.message for note in app._notifications)
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Sam"


async def test_a_one_lifter_log_offers_no_switch(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseSelectScreen), "the list")
        await settle(pilot)
        assert app.sub_title == SUB_TITLE
        assert not any("Switch lifter" in hit
                       for hit in await palette_command(pilot, "switch lifter"))
