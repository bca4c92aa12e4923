"""The health screening gate (R8), answered with the keys a lifter would press."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import Button, Checkbox, RadioSet, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.units import Unit
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.showcase.steps import settle
from bfr_tui.store import queries
from bfr_tui.store.engine import open_database, prepare_database, session_scope
from bfr_tui.store.seed import seed_exercises
from tests.ui.conftest import NOW, SIZE, screen_profile


def stored_profile(path: Path) -> tuple[dict[str, bool] | None, object, bool, str]:
    engine = open_database(path)
    with session_scope(engine) as session:
        profile = queries.get_profile(session=session)
        found = (
            queries.screening_answers(profile),
            profile.screened_on,
            profile.cleared_by_professional,
            profile.unit,
        )
    engine.dispose()
    return found


def fresh_db(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.db"
    prepare_database(path)
    return path


def continue_button(app: BfrApp) -> Button:
    return app.screen.query_one("#continue", Button)


async def test_a_fresh_log_asks_the_screening_first(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = fresh_db(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        title = str(app.screen.query_one("#screening-title", Static).render())
        assert "health check" in title
        assert "no medical advice" in str(app.screen.query_one("#screening-why", Static).render())
        # Nothing answered yet: continue is refused and says why.
        assert continue_button(app).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)
        assert stored_profile(path)[0] is None


async def test_a_half_answered_screening_says_what_is_left_and_saves_nothing(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = fresh_db(tmp_path)
    before = stored_profile(path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        await pilot.press("n", "n", "n")
        await settle(pilot)
        left = len(SCREENING_QUESTIONS) - 3
        reason = screen.query_one("#screening-reason", Static)
        assert str(reason.render()) == f"Answer every question ({left} left): y for yes, n for no."
        assert reason.display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert continue_button(app).disabled
    assert stored_profile(path) == before


async def test_all_no_is_stored_with_the_date_and_opens_the_list(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = fresh_db(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["n"] * len(SCREENING_QUESTIONS))
        await settle(pilot)
        assert not continue_button(app).disabled
        assert not app.screen.query_one("#cleared", Checkbox).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    answers, screened_on, cleared, unit = stored_profile(path)
    assert answers == {q.key: False for q in SCREENING_QUESTIONS}
    assert screened_on == NOW.date()
    assert cleared is False
    assert unit == "kg"


async def test_a_yes_needs_the_clearance_tick_before_continuing(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = fresh_db(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        # Yes to the first question (clotting), no to the rest.
        await pilot.press("y", *["n"] * (len(SCREENING_QUESTIONS) - 1))
        await settle(pilot)
        assert screen.query_one("#screening-advice", Static).display
        assert "See a doctor" in str(screen.query_one("#screening-advice", Static).render())
        assert continue_button(app).disabled
        assert "clearance" in str(screen.query_one("#screening-reason", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert stored_profile(path)[0] is None

        screen.query_one("#cleared", Checkbox).focus()
        await pilot.press("space")
        await settle(pilot)
        assert not continue_button(app).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    answers, screened_on, cleared, _unit = stored_profile(path)
    assert answers is not None and answers["clotting"] is True
    assert sum(answers.values()) == 1
    assert screened_on == NOW.date()
    assert cleared is True


async def test_lb_chosen_on_the_screening_moves_the_untrained_library_to_lb(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # The library is written in kg before the lifter picks; one curl already has a 1RM.
    path = fresh_db(tmp_path)
    engine = open_database(path)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=NOW)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        queries.record_one_rep_max(
            session=session, exercise_id=curl.id, value=40, unit=Unit.KG,
            recorded_on=NOW.date(), method="tested",
        )
    engine.dispose()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["n"] * len(SCREENING_QUESTIONS))
        app.screen.query_one("#units", RadioSet).focus()
        await pilot.press("right", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.unit is Unit.LB
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_profile(path)[3] == "lb"
    engine = open_database(path)
    with session_scope(engine) as session:
        units = {e.name: (e.unit, e.load_step) for e in queries.list_exercises(session=session)}
    engine.dispose()
    assert units["Hammer curl"] == ("lb", 2.5)
    # Logged in kg already: it stays kg, so its 1RM keeps its meaning.
    assert units["Dumbbell curl"] == ("kg", 1.25)


async def test_escape_does_not_get_past_the_screening(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(fresh_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningScreen)


async def test_q_quits_from_the_screening(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(fresh_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        # The app is on its way out (Textual keeps that flag private).
        assert app._exit


async def test_screening_91_days_old_is_asked_again_with_the_last_answers(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    screen_profile(empty_db, on=NOW.date() - timedelta(days=91))
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        title = str(screen.query_one("#screening-title", Static).render())
        assert "Time to confirm your screening again" in title
        # Pre-filled with the last answers (all no), so one key confirms them.
        assert screen.answers() == {q.key: False for q in SCREENING_QUESTIONS}
        assert not continue_button(app).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_profile(empty_db)[1] == NOW.date()


async def test_screening_89_days_old_is_not_asked(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    screen_profile(empty_db, on=NOW.date() - timedelta(days=89))
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_profile(empty_db)[1] == NOW.date() - timedelta(days=89)
