"""The health screening gate (R8), answered with the keys a lifter would press."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, RadioSet, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.units import Unit
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import settle
from bfr_tui.store import open_log, queries
from bfr_tui.store.engine import open_database, prepare_database, session_scope
from bfr_tui.store.import_csv import SqliteImportTarget, run_import
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.seed import seed_exercises
from tests.import_samples import training_history, write_strong
from tests.plans import plan_for
from tests.ui.conftest import SIZE, screen_profile


def stored_profile(path: Path) -> tuple[dict[str, bool] | None, object, bool, str]:
    """The profile as the app reads it when it starts (a new log's first lifter included)."""
    log = open_log(sqlite_url(path))
    try:
        log.choose_lifter(None, required=True)
        profile = log.profile()
    finally:
        log.close()
    return (
        profile.screening_answers,
        profile.screened_on,
        profile.cleared_by_professional,
        profile.unit,
    )


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


async def choose_lb_and_continue(pilot: Pilot[None]) -> None:
    """Answer no to every question, pick lb and continue to the list."""
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, ScreeningScreen)
    await pilot.press(*["n"] * len(SCREENING_QUESTIONS))
    app.screen.query_one("#units", RadioSet).focus()
    await pilot.press("right", "enter")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


def log_block(path: Path, name: str, *, load: float, unit: Unit) -> None:
    """One finished classic block of the log's one lifter (whoever made them), straight
    into the log."""
    engine = open_database(path)
    with session_scope(engine) as session:
        (lifter,) = queries.list_lifters(session=session)
        exercise = queries.find_exercise_by_name(session=session, name=name)
        assert exercise is not None
        start = NOW - timedelta(days=2)
        visit = queries.start_session(session=session, lifter_id=lifter.id, started_at=start)
        block = queries.add_block(
            session=session, visit=visit, cuff_on_at=start,
            plan=plan_for(exercise, load=load, unit=unit, one_rm=None),
        )
        assert block.id is not None
        queries.end_block(session=session, block_id=block.id,
                          cuff_off_at=start + timedelta(minutes=6), end_reason="completed")
    engine.dispose()


async def test_lb_chosen_on_the_screening_moves_every_exercise_without_a_block_to_lb(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # The library is written in kg before the lifter picks; one curl already has a 1RM,
    # the hammer curl has a block.
    path = fresh_db(tmp_path)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=NOW)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl.id, value=40, unit=Unit.KG,
            recorded_on=NOW.date(), method="tested",
        )
    engine.dispose()
    log_block(path, "Hammer curl", load=10, unit=Unit.KG)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await choose_lb_and_continue(pilot)
        assert app.unit is Unit.LB
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_profile(path)[3] == "lb"
    engine = open_database(path)
    with session_scope(engine) as session:
        units = {e.name: (e.unit, e.load_step) for e in queries.list_exercises(session=session)}
        assert curl.id is not None
        one_rm = queries.current_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl.id
        )
        assert one_rm is not None
        stored_one_rm = (round(one_rm.value, 2), one_rm.unit)
    engine.dispose()
    assert units["Triceps pushdown"] == ("lb", 2.5)
    # Its 1RM is converted with it: 40 kg is 88.18 lb.
    assert units["Dumbbell curl"] == ("lb", 2.5)
    assert stored_one_rm == (88.18, "lb")
    # Logged in kg already: it stays kg, so its blocks keep their meaning.
    assert units["Hammer curl"] == ("kg", 1.25)


async def test_a_kg_import_then_lb_at_the_screening_shows_the_list_in_lb(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """The README's way in: import the Strong log first, then open the app and pick lb."""
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    path = tmp_path / "log.db"
    # Into a new log: the import makes its first lifter.
    run_import(csv_path=source, target=SqliteImportTarget(path), unit=Unit.KG, now=NOW,
               lifter=None)
    log_block(path, "Dumbbell curl", load=5, unit=Unit.KG)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await choose_lb_and_continue(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseSelectScreen)
        lines = {line.name: line for line in screen.shown_lines}
        extension, curl = lines["Leg extension"], lines["Dumbbell curl"]
        grid = screen.query_one("#exercise-table", DataTable)
        row = [str(cell) for cell in grid.get_row_at(list(lines).index("Leg extension"))]
    # 93.3 kg is 205.69 lb; 20-30 % of it on the 2.5 lb step is 42.5-60 lb.
    assert extension.unit is Unit.LB
    assert extension.overview.exercise.load_step == 2.5
    assert "205.69 lb est." in row
    assert "42.5-60 lb" in row
    # The curl has a block in kg: it keeps kg, its 1RM and its step.
    assert curl.unit is Unit.KG
    assert curl.overview.exercise.load_step == 1.25
    assert curl.one_rm == 20.3


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
        note = str(screen.query_one("#screening-reask", Static).render())
        assert "more than 90 days old" in note
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


async def test_a_screening_dated_tomorrow_is_asked_again_and_says_so(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # Screened early on the 2nd in UTC, then the machine's zone moved back to the 1st.
    tomorrow = NOW.date() + timedelta(days=1)
    screen_profile(empty_db, on=tomorrow)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        title = str(screen.query_one("#screening-title", Static).render())
        note = str(screen.query_one("#screening-reask", Static).render())
        assert "more than 90 days old" not in note
        assert title == "Please confirm your screening again"
        assert f"dated {tomorrow.day} {tomorrow:%b %Y}, after today's date" in note
        assert "clock or the time zone" in note
        assert screen.answers() == {q.key: False for q in SCREENING_QUESTIONS}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
    assert stored_profile(empty_db)[1] == NOW.date()


async def test_an_unfinished_screening_is_not_called_old(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = fresh_db(tmp_path)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        queries.save_screening(
            session=session, lifter_id=lifter, answers={SCREENING_QUESTIONS[0].key: False},
            screened_on=NOW.date(), cleared=False,
        )
    engine.dispose()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningScreen)
        note = str(screen.query_one("#screening-reask", Static).render())
        assert "more than 90 days old" not in note
        assert "not finished" in note
        assert screen.answers() == {SCREENING_QUESTIONS[0].key: False}
