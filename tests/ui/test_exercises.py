"""The exercise list (home screen), keyed as a lifter would, on a real SQLite log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlmodel import select
from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.estimate import epley_1rm
from bfr_tui.domain.limbs import Limb, bfr_eligibility
from bfr_tui.domain.load import load_band
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.units import Unit
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.exercise_form import ExerciseFormScreen
from bfr_tui.screens.exercises import REVIEW_MARK, ExerciseSelectScreen
from bfr_tui.screens.one_rep_max import OneRepMaxScreen
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import open_cuff_check, settle
from bfr_tui.store import queries
from bfr_tui.store.block_log import write_set
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.import_csv import SqliteImportTarget, run_import
from bfr_tui.store.models import OneRepMax
from bfr_tui.store.seed import EXERCISE_LIBRARY
from tests.plans import plan_for
from tests.ui.conftest import SIZE, exercise_id

CURL = "Dumbbell curl"




def home(app: BfrApp) -> ExerciseSelectScreen:
    screen = app.screen
    assert isinstance(screen, ExerciseSelectScreen), type(screen)
    return screen


def table(app: BfrApp) -> DataTable[object]:
    return home(app).query_one("#exercise-table", DataTable)


def names(app: BfrApp) -> list[str]:
    return [line.name for line in home(app).shown_lines]


def row_of(app: BfrApp, name: str) -> dict[str, str]:
    """The cells of an exercise's row, by column heading."""
    grid = table(app)
    index = names(app).index(name)
    headings = [str(column.label) for column in grid.columns.values()]
    return {h: str(cell) for h, cell in zip(headings, grid.get_row_at(index), strict=True)}


def detail_text(app: BfrApp) -> str:
    return str(home(app).query_one("#exercise-detail-text", Static).render())


def burst(app: BfrApp, text: str) -> None:
    """Queue every key of ``text`` at once, as a fast typist or a paste delivers them."""
    for character in text:
        key = {"/": "slash", " ": "space", "\r": "enter"}.get(character, character)
        app.post_message(events.Key(key, character))


async def filter_to(pilot: Pilot[None], text: str) -> None:
    """Press / and type, then enter to go back to the table."""
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


async def test_the_library_is_listed_arms_then_legs_then_no_bfr_last(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = names(app)
        assert sorted(shown) == sorted(entry.name for entry in EXERCISE_LIBRARY)
        by_name = {entry.name: entry for entry in EXERCISE_LIBRARY}
        groups = []
        for name in shown:
            entry = by_name[name]
            allowed = bfr_eligibility(limb=entry.limb, compound=entry.compound).allowed
            groups.append(entry.limb.value if allowed else "no bfr")
        first = {group: groups.index(group) for group in groups}
        assert first["arm"] < first["leg"] < first["no bfr"]
        assert groups == sorted(groups, key=["arm", "leg", "no bfr"].index)
        assert row_of(app, "Back squat")["BFR band"] == "no BFR"
        assert row_of(app, CURL)["1RM"] == "—"


async def test_a_new_lifter_is_told_to_record_a_1rm(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_to(pilot, "dumbbell curl")
        text = detail_text(app)
        assert "press m to record a 1RM" in text
        assert "upper arm" in text  # where the cuff goes (R1)
        assert "Arms take a cuff well" in text  # the suitability note (R11)


async def test_a_compound_lift_cannot_start_a_block_and_says_why(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_to(pilot, "back squat")
        assert names(app) == ["Back squat"]
        assert "compound lifts are not done under occlusion" in detail_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
        # Textual has no public list of toasts; the reason must have been notified.
        messages = [n.message for n in app._notifications]
        assert any("compound" in m and "No BFR here" in m for m in messages)


async def test_enter_on_an_arm_exercise_opens_the_cuff_check(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_to(pilot, "hammer")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CuffCheckScreen)
        assert app.screen.exercise_id == exercise_id(empty_db, "Hammer curl")


async def test_filtering_narrows_the_table_and_escape_clears_it(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        everything = table(app).row_count
        await pilot.press("slash", *"calves")
        await settle(pilot)
        assert home(app).query_one("#exercise-filter", Input).has_focus
        assert names(app) == ["Seated calf raise", "Standing calf raise"]
        assert table(app).row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).row_count == everything
        assert table(app).has_focus
        await pilot.press("slash", *"leg")
        await settle(pilot)
        assert all("leg" in row_of(app, n)["Limb"] for n in names(app))
        assert "Back squat" in names(app)
        await pilot.press("ctrl+a", "ctrl+k", *"zzz")
        await settle(pilot)
        assert table(app).row_count == 0
        assert "No exercise matches" in detail_text(app)


async def test_a_filter_typed_in_one_burst_lands_in_the_box_not_on_the_list_keys(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # "m" (1RM) and "e" (edit) are keys of the list.
        burst(app, "/dumbbell me")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
        assert home(app).query_one("#exercise-filter", Input).value == "dumbbell me"
        # Typing goes on after the burst: nothing selected for the next key to wipe.
        await pilot.press("backspace", "backspace", *"cu")
        await settle(pilot)
        assert home(app).query_one("#exercise-filter", Input).value == "dumbbell cu"
        assert names(app) == [CURL, "Dumbbell preacher curl"]


async def test_enter_after_a_burst_filter_goes_to_the_filtered_list_not_a_block(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/preacher\r")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)  # no cuff check on row 1
        assert table(app).has_focus
        assert names(app) == ["Dumbbell preacher curl"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CuffCheckScreen)
        assert app.screen.exercise_id == exercise_id(empty_db, "Dumbbell preacher curl")


async def test_an_estimated_1rm_shows_its_band_on_the_home_row(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_to(pilot, "dumbbell curl")
        assert row_of(app, CURL)["BFR band"] == "—"
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OneRepMaxScreen)
        await pilot.press(*"20", "tab", "8")
        await settle(pilot)
        estimates = str(dialog.query_one("#orm-estimates", Static).render())
        assert "Epley 25.3 kg" in estimates
        assert "Brzycki 24.8 kg" in estimates
        expected = load_band(one_rm=round(epley_1rm(20, 8), 1), step=1.25, unit="kg")
        assert expected.describe() in str(dialog.query_one("#orm-band", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
        row = row_of(app, CURL)
        assert row["1RM"] == "25.3 kg est."
        assert row["BFR band"] == expected.describe()
        assert row["Next"] == f"{expected.low:g} kg"
        assert "press m" not in detail_text(app)
    engine = open_database(empty_db)
    with session_scope(engine) as session:
        stored = session.exec(select(OneRepMax)).all()
        assert [(m.value, m.method, m.source) for m in stored] == [
            (25.3, "estimated", "8 x 20 kg (Epley)")
        ]
    engine.dispose()


async def test_the_demo_log_shows_last_blocks_and_next_loads(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        trained = [n for n in names(app) if row_of(app, n)["Last block"] != "—"]
        assert trained, "the demo log trains some exercises"
        for name in trained:
            row = row_of(app, name)
            assert row["1RM"] != "—"
            assert row["Next"].endswith(("kg", "lb"))
            # "2 Mar 10 kg 30/15/15/14": date, load, reps.
            assert "/" in row["Last block"] or "no sets" in row["Last block"]


async def test_the_narrow_terminal_keeps_every_column_in_view(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = table(app)
        assert "Limb" not in [str(c.label) for c in grid.columns.values()]
        assert grid.virtual_size.width <= grid.size.width


def log_finished_block(
    path: Path, name: str, *, load: float, reps: tuple[int, ...], unit: Unit = Unit.KG,
) -> int:
    """A block done earlier today, written straight into the log (as another window would).

    Returns the block's id.
    """
    start = NOW - timedelta(hours=3)
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        exercise = queries.find_exercise_by_name(session=session, name=name)
        assert exercise is not None
        visit = queries.start_session(session=session, lifter_id=lifter, started_at=start)
        block = queries.add_block(
            session=session, visit=visit, cuff_on_at=start,
            plan=plan_for(exercise, load=load, unit=unit, one_rm=None),
        )
        assert block.id is not None
        for number, (target, done) in enumerate(zip(CLASSIC.target_reps, reps, strict=True), 1):
            at = start + timedelta(minutes=number)
            write_set(
                session=session, lifter_id=lifter, block_id=block.id, set_number=number,
                target_reps=target, reps=done, load=load, started_at=at,
                ended_at=at + timedelta(seconds=40), rest_before_s=None if number == 1 else 30,
            )
        queries.end_block(
            session=session, block_id=block.id, cuff_off_at=start + timedelta(minutes=6),
            end_reason="completed",
        )
        found = block.id
    engine.dispose()
    return found


async def test_a_finished_block_shows_when_the_list_comes_back(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_of(app, CURL)["Last block"] == "—"
        log_finished_block(empty_db, CURL, load=10, reps=(30, 15, 15, 16))
        # Any screen on top and back again (here the help) refreshes the list.
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        row = row_of(app, CURL)
        assert row["Last block"] == "2 Mar 10 kg 30/15/15/16"
        # Set 4 beat its target: one load step more (R10).
        assert row["Next"] == "11.25 kg"


async def test_wide_characters_in_a_name_do_not_push_columns_off_screen(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    engine = open_database(empty_db)
    with session_scope(engine) as session:
        queries.add_exercise(
            session=session, name="片腕ダンベルカール・スーパースロー・ハンマーグリップ",
            limb=Limb.ARM, now=NOW,
        )
    engine.dispose()
    app = app_for(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        grid = table(app)
        assert grid.virtual_size.width <= grid.size.width


GUESSED = "Zottman Wibble (Cable)"


def import_unknown_exercise(path: Path) -> None:
    """A Strong export with one exercise the library has never heard of, imported for real."""
    source = path.parent / "strong.csv"
    source.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE\n"
        f"2026-02-20 18:00:00,Arms,45m,{GUESSED},1,20.0,8,0,0,,,\n"
        f"2026-02-20 18:00:00,Arms,45m,{GUESSED},2,20.0,7,0,0,,,\n"
        "2026-02-20 18:00:00,Arms,45m,Bicep Curl (Dumbbell),1,12.0,8,0,0,,,\n",
        encoding="utf-8",
    )
    report = run_import(
        csv_path=source, target=SqliteImportTarget(path), unit=Unit.KG, now=NOW, lifter=None
    )
    assert [new.name for new in report.new_exercises] == [GUESSED]


async def test_an_imported_exercise_is_marked_for_review_until_saved_in_the_form(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    import_unknown_exercise(empty_db)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_of(app, GUESSED)["Exercise"].endswith(REVIEW_MARK)
        # Exercises the import matched to the library are not marked.
        assert not row_of(app, CURL)["Exercise"].endswith(REVIEW_MARK)
        # "check" in the filter lists every exercise still to be checked.
        await filter_to(pilot, "check")
        assert names(app) == [GUESSED]
        assert "guessed from its name" in detail_text(app)
        assert "Press e to review" in detail_text(app)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExerciseFormScreen)
        assert "guessed" in str(form.query_one("#form-review", Static).render())
        # The lifter checks it: it is arm work done with a cable.
        form.query_one("#limb", Select).value = Limb.ARM.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)
        assert row_of(app, GUESSED)["Exercise"] == GUESSED
        assert "guessed" not in detail_text(app)
    # Still cleared when the app is opened again on the same log.
    again = app_for(empty_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert row_of(again, GUESSED)["Exercise"] == GUESSED
        assert row_of(again, GUESSED)["Limb"] == Limb.ARM.value


async def test_the_review_mark_survives_a_name_cut_short_in_a_narrow_terminal(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    import_unknown_exercise(empty_db)
    engine = open_database(empty_db)
    with session_scope(engine) as session:
        guessed = queries.find_exercise_by_name(session=session, name=GUESSED)
        assert guessed is not None and guessed.id is not None
        queries.update_exercise(
            session=session, exercise_id=guessed.id, name=GUESSED + " with a very long tail"
        )
    engine.dispose()
    app = app_for(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cell = row_of(app, GUESSED + " with a very long tail")["Exercise"]
        assert cell.endswith(REVIEW_MARK)
        grid = table(app)
        assert grid.virtual_size.width <= grid.size.width


async def test_the_list_the_cuff_check_and_the_summary_suggest_one_next_load(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """A block logged in lb on curls now kept in kg: one next load, on the kg step."""
    curl = exercise_id(empty_db, CURL)
    engine = open_database(empty_db)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl, value=40, unit=Unit.KG,
            recorded_on=NOW.date(), method="tested",
        )
    engine.dispose()
    # 22.5 lb is 10.21 kg: every target met exactly, so the same load, on a 1.25 kg step.
    block = log_finished_block(empty_db, CURL, load=22.5, reps=(30, 15, 15, 15), unit=Unit.LB)
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = row_of(app, CURL)["Next"]
        cuff = await open_cuff_check(pilot, curl)
        prefilled = cuff.query_one("#load", Input).value
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(BlockSummaryScreen(block_id=block))
        await settle(pilot)
        summary = " ".join(str(app.screen.query_one("#summary-next", Static).render()).split())
    assert listed == "10 kg"
    assert prefilled == "10"
    assert summary.startswith("Next time 10 kg.")
    assert "Band 8.75-11.25 kg." in summary


async def test_the_help_scrolls_with_the_keys(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(empty_db).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        scroll = pilot.app.screen.query_one("#help-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0, "the help is longer than 24 lines"
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert scroll.scroll_y == 0
