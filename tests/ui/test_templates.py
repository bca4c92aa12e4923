"""Plans: the lifter makes and edits session templates, puts them away, plans the week and
starts a template from the list; on a SQLite file (and one test on PostgreSQL too)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, RadioButton, Select, Static
from textual.widgets._footer import FooterKey
from textual.widgets.select import InvalidSelectValueError

import bfr_tui.app
from bfr_tui.app import BfrApp, make_app
from bfr_tui.domain.clock import Clock, FakeClock
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.limits import TIMES_PER_WEEK
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.session_template import SessionTemplate, session_template, template_block
from bfr_tui.domain.weekly_plan import PlanEntry, WeeklyPlan
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.messages import StartTemplate
from bfr_tui.screens.plan_form import PlanFormScreen
from bfr_tui.screens.template_form import TemplateFormScreen
from bfr_tui.screens.templates import TemplatesScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import fill, settle, wait_for
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TemplateRecord, TrainingLog
from tests.ui.conftest import SIZE
from tests.ui.test_on_both_engines import screened

CURL, PUSHDOWN, SQUAT = "Dumbbell curl", "Triceps pushdown", "Back squat"


@pytest.fixture
def setup_log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the store interface, to look at what the screens saved."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None, required=True)
    yield log
    log.close()


def exercise_id_of(log: TrainingLog, name: str) -> int:
    exercise = log.find_exercise(name)
    assert exercise is not None
    return exercise.id


def a_template(log: TrainingLog, name: str, blocks: list[tuple[str, Side]]) -> SessionTemplate:
    """A template of Classic blocks, built as the form builds it."""
    made = []
    for exercise_name, side in blocks:
        exercise = log.find_exercise(exercise_name)
        assert exercise is not None
        made.append(template_block(
            exercise_id=exercise.id, exercise_name=exercise.name, limb=exercise.limb,
            compound=exercise.compound, side=side, protocol=CLASSIC,
        ))
    return session_template(name=name, blocks=made)


def arm_finisher(log: TrainingLog) -> TemplateRecord:
    template = a_template(log, "Arm finisher", [
        (CURL, Side.LEFT), (CURL, Side.RIGHT), (PUSHDOWN, Side.BOTH),
    ])
    return log.save_template(template, now=NOW)


def leg_day(log: TrainingLog) -> TemplateRecord:
    template = a_template(log, "Leg day", [("Leg extension", Side.BOTH)])
    return log.save_template(template, now=NOW)


def order(record: TemplateRecord) -> list[tuple[str, Side]]:
    return [(block.exercise_name, block.side) for block in record.template.blocks]


def error_under(screen: object, field: str) -> str:
    """The message under a form's field, or "" while it is hidden."""
    assert isinstance(screen, TemplateFormScreen | PlanFormScreen)
    error = screen.query_one(f"#{field}-error", Static)
    return " ".join(str(error.render()).split()) if error.has_class("-shown") else ""


def notices(pilot: Pilot[None]) -> list[str]:
    return [note.message for note in pilot.app._notifications]


def footer_keys(pilot: Pilot[None]) -> list[str]:
    return [key.description for key in pilot.app.screen.query(FooterKey)]


def template_rows(screen: TemplatesScreen) -> list[str]:
    table = screen.query_one("#templates-table", DataTable)
    if not table.display:
        return []
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def open_plans(pilot: Pilot[None]) -> TemplatesScreen:
    """From the exercise list, as the lifter opens it: t."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExerciseSelectScreen)
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TemplatesScreen), "the plans")
    screen = pilot.app.screen
    assert isinstance(screen, TemplatesScreen)
    await wait_for(pilot, lambda: screen._loaded, "its load")
    return screen


async def open_form(pilot: Pilot[None], key: str) -> TemplateFormScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TemplateFormScreen), "the form")
    form = pilot.app.screen
    assert isinstance(form, TemplateFormScreen)
    await wait_for(pilot, lambda: form.exercises, "the exercises to pick from")
    return form


async def add_block(pilot: Pilot[None], form: TemplateFormScreen, exercise_id: int,
                    side: Side) -> None:
    """Pick the exercise and side, then enter in the tempo field (Classic, 2/2)."""
    form.query_one("#block-exercise", Select).value = exercise_id
    form.query_one(f"#side-{side.value}", RadioButton).value = True
    await settle(pilot)
    form.query_one("#block-tempo", Input).focus()
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


async def back_on(pilot: Pilot[None], screen: TemplatesScreen) -> None:
    await wait_for(pilot, lambda: pilot.app.screen is screen, "the plans screen again")
    await settle(pilot)


async def test_an_arm_finisher_made_in_the_form_is_saved_in_its_order(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    curl, pushdown = exercise_id_of(setup_log, CURL), exercise_id_of(setup_log, PUSHDOWN)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        assert "No templates yet" in str(screen.query_one("#templates-empty", Static).render())
        form = await open_form(pilot, "a")
        await fill(pilot, "#template-name", "Arm finisher")
        await add_block(pilot, form, curl, Side.LEFT)
        await add_block(pilot, form, curl, Side.RIGHT)
        await add_block(pilot, form, pushdown, Side.BOTH)
        assert form.query_one("#template-blocks", DataTable).row_count == 3
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        assert template_rows(screen) == ["Arm finisher | 3 | —"]
    (saved,) = setup_log.templates()
    assert saved.template.name == "Arm finisher"
    assert order(saved) == [(CURL, Side.LEFT), (CURL, Side.RIGHT), (PUSHDOWN, Side.BOTH)]
    assert all(block.protocol == CLASSIC for block in saved.template.blocks)


async def test_a_compound_lift_is_not_offered_and_the_form_says_why(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    squat = exercise_id_of(setup_log, SQUAT)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await open_plans(pilot)
        form = await open_form(pilot, "a")
        with pytest.raises(InvalidSelectValueError):
            form.query_one("#block-exercise", Select).value = squat
        note = " ".join(str(form.query_one("#block-exercise-note", Static).render()).split())
        assert "heavy compound lifts" in note and SQUAT in note
        # Nothing picked: the block is refused under the exercise, and no block is added.
        form.query_one("#block-tempo", Input).focus()
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert error_under(form, "block-exercise") == "Pick the exercise for the block."
        assert not form.blocks


async def test_a_taken_name_is_refused_and_nothing_typed_is_lost(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    arm_finisher(setup_log)
    curl = exercise_id_of(setup_log, CURL)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await open_plans(pilot)
        form = await open_form(pilot, "a")
        await fill(pilot, "#template-name", "arm FINISHER")
        form.query_one("#protocol-custom", RadioButton).value = True
        await settle(pilot)
        await fill(pilot, "#block-reps", "20-10-10")
        await fill(pilot, "#block-rest", "45")
        await fill(pilot, "#block-tempo", "1.5/3")
        await add_block(pilot, form, curl, Side.LEFT)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        refusal = error_under(form, "template-name")
        assert refusal.startswith("Not saved:") and "Arm finisher" in refusal
        assert form.query_one("#template-name", Input).value == "arm FINISHER"
        (block,) = form.blocks
        assert block.protocol.reps_text == "20-10-10" and block.protocol.rest_s == 45
        assert block.protocol.tempo is not None and block.protocol.tempo.text == "1.5/3"
        # Another name saves what was typed.
        await fill(pilot, "#template-name", "Curl rounds")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: pilot.app.screen is not form, "the save")
    assert [r.template.name for r in setup_log.templates()] == ["Arm finisher", "Curl rounds"]


async def test_a_block_moved_up_is_saved_in_its_new_place_and_the_plan_stays(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    record = arm_finisher(setup_log)
    plan = WeeklyPlan((PlanEntry(record.id, weekday=0), PlanEntry(record.id, weekday=3)))
    setup_log.save_weekly_plan(plan)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        form = await open_form(pilot, "e")
        table = form.query_one("#template-blocks", DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("u")
        await settle(pilot)
        assert order_of(form) == [(CURL, Side.LEFT), (PUSHDOWN, Side.BOTH), (CURL, Side.RIGHT)]
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        assert template_rows(screen) == ["Arm finisher | 3 | Mon, Thu"]
    saved = setup_log.template(record.id)
    assert order(saved) == [(CURL, Side.LEFT), (PUSHDOWN, Side.BOTH), (CURL, Side.RIGHT)]
    assert setup_log.weekly_plan() == plan


def order_of(form: TemplateFormScreen) -> list[tuple[str, Side]]:
    return [(block.exercise_name, block.side) for block in form.blocks]


async def test_the_same_exercise_and_side_twice_is_warned_of(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    arm_finisher(setup_log)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await open_plans(pilot)
        form = await open_form(pilot, "e")
        warnings = form.query_one("#template-warnings", Static)
        assert not warnings.display
        await add_block(pilot, form, exercise_id_of(setup_log, CURL), Side.LEFT)
        assert warnings.display
        assert "Block 4 repeats Dumbbell curl on the left arm" in str(warnings.render())


async def test_archiving_a_template_takes_it_off_the_plan_and_says_so(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    record = arm_finisher(setup_log)
    setup_log.save_weekly_plan(WeeklyPlan((PlanEntry(record.id, times_per_week=2),)))
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        assert template_rows(screen) == ["Arm finisher | 3 | 2 times a week"]
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.templates[0].archived, "the archive")
        assert any("Arm finisher is archived and off your weekly plan" in toast
                   for toast in notices(pilot))
        assert template_rows(screen) == ["Arm finisher (archived) | 3 | —"]
        assert "Nothing planned yet" in str(screen.query_one("#weekly-plan-text").render())
        (archived,) = setup_log.templates(include_archived=True)
        assert archived.archived
        assert setup_log.weekly_plan() == WeeklyPlan()
        assert "Bring back" in footer_keys(pilot) and "Archive" not in footer_keys(pilot)
        # The same key brings it back, to be planned again.
        await pilot.press("r")
        await wait_for(pilot, lambda: not screen.templates[0].archived, "the way back")
        assert any("Press w to plan it again" in note for note in notices(pilot))
    assert not setup_log.templates()[0].archived


async def plan_the_week(pilot: Pilot[None], screen: TemplatesScreen, arms: int, legs: int,
                        count: str) -> PlanFormScreen:
    """w; the arm finisher on Mon and Thu, leg day ``count`` times a week; ctrl+s."""
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlanFormScreen), "the plan")
    form = pilot.app.screen
    assert isinstance(form, PlanFormScreen)
    form.query_one(f"#plan-{arms}-mode-days", RadioButton).value = True
    form.query_one(f"#plan-{legs}-mode-times", RadioButton).value = True
    await settle(pilot)
    for weekday in (0, 3):
        form.query_one(f"#plan-{arms}-day-{weekday}", Checkbox).value = True
    await fill(pilot, f"#plan-{legs}-count", count)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_the_weekly_plan_is_saved_with_weekdays_and_a_count(
    log_url: str, clock: FakeClock,
) -> None:
    log = screened(log_url)
    arms, legs = arm_finisher(log), leg_day(log)
    try:
        async with make_app(log=open_log(log_url), clock=clock).run_test(size=SIZE) as pilot:
            screen = await open_plans(pilot)
            await plan_the_week(pilot, screen, arms.id, legs.id, "2")
            await back_on(pilot, screen)
            assert template_rows(screen) == [
                "Arm finisher | 3 | Mon, Thu", "Leg day | 1 | 2 times a week",
            ]
            plan_text = str(screen.query_one("#weekly-plan-text").render())
            assert plan_text.splitlines() == [
                "Monday: Arm finisher", "Thursday: Arm finisher",
                "Leg day: 2 times a week, any days",
            ]
        assert log.weekly_plan() == WeeklyPlan((
            PlanEntry(arms.id, weekday=0), PlanEntry(arms.id, weekday=3),
            PlanEntry(legs.id, times_per_week=2),
        ))
    finally:
        log.close()


async def test_a_count_past_seven_is_refused_under_its_template(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    arms, legs = arm_finisher(setup_log), leg_day(setup_log)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        form = await plan_the_week(pilot, screen, arms.id, legs.id, "9")
        assert pilot.app.screen is form
        assert error_under(form, f"plan-{legs.id}") == TIMES_PER_WEEK.out_of_range(9)
        # What was ticked stays.
        assert form.query_one(f"#plan-{arms.id}-day-3", Checkbox).value
        assert form.query_one(f"#plan-{legs.id}-count", Input).value == "9"
    assert setup_log.weekly_plan() == WeeklyPlan()


class RecordsStarts(BfrApp):
    """The real app, noting each template it is asked to start instead of running it."""

    # A relative path would be read beside this test.
    CSS_PATH = str(Path(bfr_tui.app.__file__).with_name("app.tcss"))

    def __init__(self, *, log: TrainingLog, clock: Clock) -> None:
        super().__init__(log=log, clock=clock)
        self.started: list[int] = []

    def on_start_template(self, message: StartTemplate) -> None:
        message.prevent_default()
        self.started.append(message.template_id)


async def test_enter_on_a_template_asks_the_app_to_start_it(
    setup_log: TrainingLog, empty_db: Path, clock: FakeClock,
) -> None:
    arms, legs = arm_finisher(setup_log), leg_day(setup_log)
    app = RecordsStarts(log=open_log(sqlite_url(empty_db)), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        screen.query_one("#templates-table", DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert app.started == [legs.id]
        await pilot.press("up", "s")
        await settle(pilot)
        assert app.started == [legs.id, arms.id]


async def test_the_palette_opens_the_plans(
    empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Plans")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TemplatesScreen), "the plans")


async def test_the_first_template_saved_starts_with_enter_straight_away(
    setup_log: TrainingLog, empty_db: Path, clock: FakeClock,
) -> None:
    app = RecordsStarts(log=open_log(sqlite_url(empty_db)), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plans(pilot)
        form = await open_form(pilot, "a")
        await fill(pilot, "#template-name", "Curl")
        await add_block(pilot, form, exercise_id_of(setup_log, CURL), Side.LEFT)
        await pilot.press("ctrl+s")
        await back_on(pilot, screen)
        await pilot.press("enter")
        await settle(pilot)
    (saved,) = setup_log.templates()
    assert app.started == [saved.id]
