"""Recording a 1RM: tested or estimated, checked inline, the band shown before saving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Static

from bfr_tui.app import BfrApp
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.one_rep_max import OneRepMaxScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import fill, settle
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import OneRepMax
from tests.ui.conftest import SIZE


def stored_maxes(path: Path) -> list[OneRepMax]:
    engine = open_database(path)
    with session_scope(engine) as session:
        found = list(session.exec(select(OneRepMax)).all())
    engine.dispose()
    return found


def text_of(screen: OneRepMaxScreen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    if not widget.display or (
        widget.has_class("field-error") and not widget.has_class("-shown")
    ):
        return ""
    return str(widget.render())


async def open_for(pilot: Pilot[None], name: str) -> OneRepMaxScreen:
    await settle(pilot)
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExerciseSelectScreen)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OneRepMaxScreen)
    return screen


async def test_a_tested_single_is_stored_with_todays_date(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_for(pilot, "lying leg curl")
        assert "No 1RM yet" in text_of(screen, "#orm-current")
        screen.query_one("#orm-method").focus()
        await pilot.press("right", "enter")
        await settle(pilot)
        assert screen.query_one("#value").has_focus
        await pilot.press(*"50")
        await settle(pilot)
        assert "10-15 kg" in text_of(screen, "#orm-band")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    [saved] = stored_maxes(empty_db)
    assert (saved.value, saved.method, saved.recorded_on) == (50.0, "tested", NOW.date())


async def test_bad_values_are_named_under_their_fields_and_nothing_is_saved(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_for(pilot, "cable curl")
        # A set of 12 reps is too many to estimate from.
        await pilot.press(*"20", "tab", *"12", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert text_of(screen, "#set-reps-error") == (
            "The reps must be 1-10, not 12. Estimates past 10 reps are too rough to set a load by."
        )
        assert text_of(screen, "#orm-band") == ""
        # A date that has not happened yet.
        screen.query_one("#date").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-03-09", "ctrl+s")
        await settle(pilot)
        assert "has not happened yet" in text_of(screen, "#date-error")
        # A tested 1RM of 1001 kg is out of range.
        screen.query_one("#orm-method").focus()
        await pilot.press("right", "enter", *"1001", "ctrl+s")
        await settle(pilot)
        assert text_of(screen, "#value-error").startswith(
            "The 1RM must be above 0 and up to 1000 kg, not 1001 kg."
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_maxes(empty_db) == []


async def test_an_older_date_can_be_given(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_for(pilot, "triceps")
        await pilot.press(*"30", "tab", *"10")
        screen.query_one("#date").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-02-14", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    [saved] = stored_maxes(empty_db)
    assert saved.recorded_on == date(2026, 2, 14)
    assert saved.source == "10 x 30 kg (Epley)"
    assert saved.value == 40.0


async def test_every_wrong_value_is_named_and_nothing_is_saved(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_for(pilot, "cable curl")
        # A load with three decimals, no reps, a date from before 1900.
        await pilot.press(*"20.125")
        await fill(pilot, "#date", "1899-12-31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert text_of(screen, "#set-load-error") == (
            "Give the load to at most 2 decimal places, not 20.125."
        )
        assert text_of(screen, "#set-reps-error") == "Enter the reps: 1-10."
        assert text_of(screen, "#date-error") == "Give a date from 1900-01-01 on."
        # Typing in a field clears only its own message.
        await fill(pilot, "#date", "2026-02-30")
        await settle(pilot)
        assert text_of(screen, "#date-error") == ""
        assert text_of(screen, "#set-reps-error") != ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(screen, "#date-error") == "No such date: 2026-02-30."
        # A heavy set that estimates past the 1RM limit is named on the load.
        await fill(pilot, "#set-load", "999")
        await fill(pilot, "#set-reps", "10")
        await fill(pilot, "#date", "2026-03-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert text_of(screen, "#set-load-error").startswith(
            "That set estimates a 1RM of 1332 kg; a 1RM must be above 0 and up to 1000 kg."
        )
        assert text_of(screen, "#orm-band") == ""
    assert stored_maxes(empty_db) == []


async def test_a_1rm_at_the_limit_is_saved_with_a_decimal_comma(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_for(pilot, "lying leg curl")
        screen.query_one("#orm-method").focus()
        await pilot.press("right", "enter", *"999,75", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    [saved] = stored_maxes(empty_db)
    assert saved.value == 999.75
