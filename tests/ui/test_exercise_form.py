"""Adding and editing exercises: saved ones show on the list, bad ones are named inline."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlmodel import select
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.limits import NOTE
from bfr_tui.screens.exercise_form import ExerciseFormScreen
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.showcase.steps import fill, settle
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Exercise
from bfr_tui.store.names import NAME_MAX
from tests.ui.conftest import SIZE, held_by_another_window


def stored_exercises(path: Path) -> dict[str, Exercise]:
    engine = open_database(path)
    with session_scope(engine) as session:
        found = {e.name: e for e in session.exec(select(Exercise)).all()}
    engine.dispose()
    return found


def stored_rows(path: Path) -> list[dict[str, object]]:
    """Every exercise row, every column: to show a refused save changed nothing."""
    return sorted(
        (e.model_dump() for e in stored_exercises(path).values()), key=lambda row: str(row["id"])
    )


def error_under(app: BfrApp, field: str) -> str:
    """The inline message under a form field, or "" when it is hidden."""
    error = app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def highlighted_name(app: BfrApp) -> str:
    screen = app.screen
    assert isinstance(screen, ExerciseSelectScreen), type(screen)
    line = screen.highlighted()
    assert line is not None
    return line.name


async def open_add_form(pilot: Pilot[None]) -> ExerciseFormScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseFormScreen)
    return screen


async def test_an_added_exercise_is_stored_and_shown_in_the_list(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*"Cable kickback")
        # Limb: open the list and take the second choice, Leg, then back to Arm.
        await pilot.press("tab", "enter", "down", "enter")
        await settle(pilot)
        await pilot.press("enter", "up", "enter")
        await pilot.press("tab", *"triceps")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not form.is_attached
        assert highlighted_name(app) == "Cable kickback"
        grid = app.screen.query_one("#exercise-table", DataTable)
        assert grid.row_count == len(stored_exercises(empty_db))
    saved = stored_exercises(empty_db)["Cable kickback"]
    assert (saved.limb, saved.muscle_group, saved.compound) == ("arm", "triceps", False)
    assert (saved.load_step, saved.unit) == (1.25, "kg")


async def test_a_leg_exercise_in_lb_with_its_own_step_and_a_unicode_name(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*" Waden [1] ü  ")
        await pilot.press("tab", "enter", "down", "enter")
        await settle(pilot)
        # Muscle group, compound switch, note, then the unit before the step.
        await pilot.press("tab", *"calves", "tab", "tab", *"Hip crease.")
        form.query_one("#unit").focus()
        await pilot.press("right", "enter")
        await settle(pilot)
        assert form.query_one("#step").value == "2.5"  # type: ignore[attr-defined]
        form.query_one("#step").focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
        assert highlighted_name(app) == "Waden [1] ü"
    saved = stored_exercises(empty_db)["Waden [1] ü"]
    assert (saved.limb, saved.muscle_group, saved.unit, saved.load_step) == (
        "leg", "calves", "lb", 5.0
    )
    assert saved.suitability_note == "Hip crease."


async def test_a_duplicate_name_is_refused_inline_and_nothing_is_stored(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_exercises(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*"dumbbell CURL", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "already an exercise called 'Dumbbell curl'" in error_under(app, "name")
        # Typing again clears the message.
        await pilot.press("x")
        await settle(pilot)
        assert error_under(app, "name") == ""
    assert stored_exercises(empty_db).keys() == before.keys()


async def test_an_empty_name_is_refused_inline_and_nothing_is_stored(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_exercises(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press("space", "space", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "Give the exercise a name" in error_under(app, "name")
    assert stored_exercises(empty_db).keys() == before.keys()


async def test_every_bad_field_is_named_at_once(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_exercises(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        # Pasted, as a name this long would be.
        form.query_one("#name").post_message(events.Paste("n" * (NAME_MAX + 1)))
        form.query_one("#step").focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace", "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert f"Keep the name to {NAME_MAX} characters" in error_under(app, "name")
        assert "The load step must be 0.25-20 kg, not 0 kg." in error_under(app, "step")
        assert error_under(app, "muscle") == ""
    assert stored_exercises(empty_db).keys() == before.keys()


async def test_a_compound_lift_is_saved_with_a_warning_that_it_cannot_run_bfr(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*"Front squat", "tab", "tab", "tab", "space")
        await settle(pilot)
        assert "compound lifts are not done under occlusion" in str(
            form.query_one("#form-eligibility", Static).render()
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert highlighted_name(app) == "Front squat"
    assert stored_exercises(empty_db)["Front squat"].compound is True


async def test_editing_renames_an_exercise(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"hammer", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExerciseFormScreen)
        assert form.query_one("#name").value == "Hammer curl"  # type: ignore[attr-defined]
        await pilot.press("end", *" (rope)", "ctrl+s")
        await settle(pilot)
        assert highlighted_name(app) == "Hammer curl (rope)"
    names = stored_exercises(empty_db)
    assert "Hammer curl (rope)" in names and "Hammer curl" not in names
    assert names["Hammer curl (rope)"].muscle_group == "biceps"


async def test_escape_closes_the_form_without_saving(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_exercises(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        await pilot.press(*"Zottman curl", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_exercises(empty_db).keys() == before.keys()


async def test_a_step_with_too_many_decimals_or_in_lb_is_named_in_its_unit(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_rows(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*"Cable curl (bar)")
        await fill(pilot, "#step", "1.125")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_under(app, "step") == (
            "Give the load step to at most 2 decimal places, not 1.125."
        )
        form.query_one("#unit").focus()
        await pilot.press("right", "enter")
        await fill(pilot, "#step", "25")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_under(app, "step").startswith("The load step must be 0.25-20 lb, not 25 lb.")
        assert error_under(app, "name") == ""
    assert stored_rows(empty_db) == before


async def test_a_note_over_500_characters_is_refused_inline_and_nothing_changes(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_rows(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        await pilot.press(*"Band pull-apart")
        form.query_one("#note").post_message(events.Paste("ü" * (NOTE.max_chars + 1)))
        form.query_one("#muscle").post_message(events.Paste("m" * 81))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert error_under(app, "note") == "Keep the note to 500 characters (this one has 501)."
        assert error_under(app, "muscle").startswith("Keep the muscle group to 80 characters")
        await pilot.press("escape")
        await settle(pilot)
    assert stored_rows(empty_db) == before


async def test_a_pasted_control_character_is_refused_inline(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    before = stored_rows(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        form.query_one("#name").post_message(events.Paste("Curl\x1b[31m red"))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "control character (U+001B)" in error_under(app, "name")
    assert stored_rows(empty_db) == before


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("x")', "-5", "Curl 💪🏽, \"rope\"", "👩‍👩‍👧 Waden", "ベンチ [b]x[/b]"],
)
async def test_any_unicode_name_is_saved_exactly_as_typed(
    name: str, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_form(pilot)
        form.query_one("#name").post_message(events.Paste(name))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not form.is_attached, error_under(app, "name")
    assert name in stored_exercises(empty_db)


@asynccontextmanager
async def saving_while_held(
    pilot: Pilot[None], path: Path, *then: str
) -> AsyncIterator[ExerciseFormScreen]:
    """Add "Cable kickback" and save it while another window holds the log, then press
    ``then``; the block sees the app with the save still waiting, the form it came from.
    Once the log is let go the save lands."""
    form = await open_add_form(pilot)
    await pilot.press(*"Cable kickback")
    with held_by_another_window(path):
        await pilot.press("ctrl+s", *then)
        await pilot.pause()
        yield form
    await settle(pilot)


async def test_a_save_that_lands_under_the_palette_closes_the_form_not_the_palette(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        async with saving_while_held(pilot, empty_db, "ctrl+p") as form:
            assert isinstance(app.screen, CommandPalette)

        # The palette the lifter opened stays; the form waits under it.
        assert isinstance(app.screen, CommandPalette)
        assert "Cable kickback" in stored_exercises(empty_db)
        await pilot.press("escape")
        await settle(pilot)
        assert not form.is_attached
        assert isinstance(app.screen, ExerciseSelectScreen)
        assert highlighted_name(app) == "Cable kickback"


async def test_escape_while_the_save_waits_keeps_the_form_until_the_log_has_it(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        async with saving_while_held(pilot, empty_db, "escape") as form:
            # Leaving now would let the save land unseen; the form says it is saving.
            assert app.screen is form
            assert form.query_one("#cancel").disabled
            assert any("Still saving" in str(n.message) for n in app._notifications)

        assert not form.is_attached
        assert "Cable kickback" in stored_exercises(empty_db)
        assert highlighted_name(app) == "Cable kickback"
