"""What the weekly plan puts on today, on the home screen, and how the plan was kept
week by week on the progress screen, read from a real SQLite log.

The clock stands on Monday 2 March 2026, 18:30 unless a test moves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual import on
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

import bfr_tui.app
from bfr_tui.app import BfrApp
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.due import BlockHold, DueTemplate, DueToday
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.session_template import SessionTemplate, session_template
from bfr_tui.domain.weekly_plan import (
    PlanEntry,
    plan_entry,
    weekly_plan,
)
from bfr_tui.screens.due_today import due_lines
from bfr_tui.screens.exercises import KEY_SHOWN_FROM, ExerciseSelectScreen
from bfr_tui.screens.messages import StartTemplate
from bfr_tui.screens.progress import ProgressScreen
from bfr_tui.showcase.scenes import NOW
from bfr_tui.showcase.steps import settle, wait_for
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TrainingLog
from tests.templates import arm_finisher, block_of, did_arm_finisher, logged_block
from tests.ui.conftest import SIZE

CURL = "Dumbbell curl"
MONDAY, TUESDAY, WEDNESDAY = 0, 1, 2


@pytest.fixture
def setup_log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the store interface, to put templates, a plan and blocks
    in it."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None, required=True)
    yield log
    log.close()


def leg_day(log: TrainingLog) -> SessionTemplate:
    """One block: leg extension on both legs."""
    return session_template(name="Leg day", blocks=(block_of(log, "Leg extension", Side.BOTH),))


def save(log: TrainingLog, template: SessionTemplate) -> int:
    return log.save_template(template, now=NOW - timedelta(days=30)).id


def plan(log: TrainingLog, *entries: PlanEntry) -> None:
    log.save_weekly_plan(weekly_plan(entries))


async def home_loaded(pilot: Pilot[None]) -> ExerciseSelectScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExerciseSelectScreen), "home")
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseSelectScreen)
    await wait_for(pilot, lambda: screen.lines, "the exercise list")
    await settle(pilot)
    return screen


def due_panel(screen: ExerciseSelectScreen) -> list[str]:
    """The due panel's lines; none while it is hidden."""
    panel = screen.query_one("#due-today", Static)
    if not panel.display:
        return []
    return str(panel.render()).splitlines()


def app_on(path: Path, app_for: Callable[[Path], BfrApp], clock: FakeClock,
           at: datetime) -> BfrApp:
    clock.advance((at - NOW).total_seconds())
    return app_for(path)


async def test_a_template_planned_for_monday_is_due_on_monday_only(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
    clock: FakeClock,
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        monday = due_panel(await home_loaded(pilot))
    clock.advance(timedelta(days=1).total_seconds())
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        tuesday = due_panel(await home_loaded(pilot))

    assert monday == ["Due: Arm finisher · Planned for Monday · d starts it"]
    assert tuesday == ["Nothing due today from your weekly plan."]


async def test_times_a_week_says_how_many_are_done(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp],
    clock: FakeClock,
) -> None:
    legs = save(setup_log, leg_day(setup_log))
    plan(setup_log, plan_entry(template_id=legs, times_per_week=2))
    logged_block(setup_log, "Leg extension", Side.BOTH, NOW - timedelta(hours=10))

    # Wednesday: Monday's session counts, and the legs have had their 36 h.
    app = app_on(empty_db, app_for, clock, NOW + timedelta(days=2))
    async with app.run_test(size=SIZE) as pilot:
        lines = due_panel(await home_loaded(pilot))

    assert lines == ["Due: Leg day · 1 of 2 this week done · d starts it"]


async def test_the_36_hour_rest_holds_a_block_until_it_frees(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY))
    # Sunday 22:30: the left arm frees 36 h later, on Tuesday at 10:30; the pushdown on
    # both arms waits for it too, the right curl does not.
    logged_block(setup_log, CURL, Side.LEFT, NOW - timedelta(hours=20))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        lines = due_panel(await home_loaded(pilot))

    assert lines == [
        "Due: Arm finisher · Planned for Monday · d starts it",
        "  Dumbbell curl, left arm: held until Tue 10:30 (36 h rest)",
        "  Triceps pushdown, both arms: held until Tue 10:30 (36 h rest)",
    ]


async def test_on_a_small_terminal_held_blocks_fold_into_their_template_line(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    legs = save(setup_log, leg_day(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY),
         plan_entry(template_id=legs, weekday=MONDAY))
    logged_block(setup_log, CURL, Side.LEFT, NOW - timedelta(hours=20))

    async with app_for(empty_db).run_test(size=(80, 24)) as pilot:
        screen = await home_loaded(pilot)
        lines = due_panel(screen)
        table_rows = screen.query_one("#exercise-table", DataTable).size.height

    assert lines == [
        "Due: Arm finisher · Planned for Monday · d starts it · 2 held till Tue 10:30",
        "Due: Leg day · Planned for Monday",
    ]
    # The list keeps its heading and a few exercises.
    assert table_rows >= 5


async def test_a_template_done_today_is_no_longer_due(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    legs = save(setup_log, leg_day(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY),
         plan_entry(template_id=legs, weekday=MONDAY))
    did_arm_finisher(setup_log, NOW - timedelta(hours=2))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        lines = due_panel(await home_loaded(pilot))

    assert lines == ["Due: Leg day · Planned for Monday · d starts it"]


async def test_without_a_plan_the_home_screen_shows_no_due_panel(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await home_loaded(pilot)
        await pilot.press("d")
        await settle(pilot)
        notices = [note.message for note in pilot.app._notifications]
        lines = due_panel(screen)

    assert lines == []
    assert any(notice.startswith("No weekly plan yet") for notice in notices)


class RecordingApp(BfrApp):
    """The real app, noting each template it is asked to start."""

    # Beside the app's module, as the app finds it.
    CSS_PATH = Path(bfr_tui.app.__file__).with_name("app.tcss")

    def __init__(self, *, log: TrainingLog, clock: FakeClock) -> None:
        super().__init__(log=log, clock=clock, cursor_blink=False)
        self.templates_started: list[int] = []

    @on(StartTemplate)
    def _record_start(self, message: StartTemplate) -> None:
        self.templates_started.append(message.template_id)


async def test_the_start_key_starts_the_first_due_template_with_a_block_free(
    setup_log: TrainingLog, empty_db: Path, clock: FakeClock
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    legs = save(setup_log, leg_day(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY),
         plan_entry(template_id=legs, times_per_week=3))
    # Both arms trained last night: the arm finisher is all held, leg day is free.
    logged_block(setup_log, CURL, Side.BOTH, NOW - timedelta(hours=20))
    logged_block(setup_log, "Triceps pushdown", Side.BOTH, NOW - timedelta(hours=19))

    app = RecordingApp(log=open_log(sqlite_url(empty_db)), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        lines = due_panel(await home_loaded(pilot))
        await pilot.press("d")
        await settle(pilot)

    assert lines == [
        "Due: Arm finisher · Planned for Monday · 36 h rest: all held until Tue 11:30",
        "Due: Leg day · 0 of 3 this week done · d starts it",
    ]
    assert app.templates_started == [legs]


def footer_keys(screen: ExerciseSelectScreen) -> tuple[dict[str, Region], Region]:
    """Where the footer puts each key, by its action, and where the palette key sits."""
    keys = {key.action: key.region for key in screen.query(FooterKey)
            if not key.has_class("-command-palette")}
    palette = [key.region for key in screen.query("FooterKey.-command-palette")]
    assert palette, f"no palette key at {screen.size.width} columns: the footer is compact"
    return keys, palette[0]


async def test_at_the_width_each_key_is_shown_from_the_footer_fits_it_beside_the_palette_key(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await home_loaded(pilot)
        for action, width in sorted(KEY_SHOWN_FROM.items(), key=lambda item: item[1]):
            await pilot.resize_terminal(width - 1, SIZE[1])
            await settle(pilot)
            keys, _palette = footer_keys(screen)
            assert action not in keys, f"{action} shown at {width - 1} columns"

            await pilot.resize_terminal(width, SIZE[1])
            await settle(pilot)
            keys, palette = footer_keys(screen)
            assert action in keys, f"{action} not shown at {width} columns"
            last = max(region.right for region in keys.values())
            assert last <= palette.x, f"at {width} columns the keys run under the palette key"
            assert "help" in keys


def week_rows(screen: ProgressScreen) -> list[str]:
    table = screen.query_one("#weeks-table", DataTable)
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_the_progress_weeks_count_the_planned_sessions_done(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    arms = save(setup_log, arm_finisher(setup_log))
    legs = save(setup_log, leg_day(setup_log))
    plan(setup_log, plan_entry(template_id=arms, weekday=MONDAY),
         plan_entry(template_id=legs, times_per_week=2))
    # Last week: the arm finisher once (on a Wednesday: it counts all the same) and leg
    # day three times (two count); this week, leg day this morning.
    did_arm_finisher(setup_log, NOW - timedelta(days=5))
    for days_back in (6, 4, 2):
        logged_block(setup_log, "Leg extension", Side.BOTH, NOW - timedelta(days=days_back))
    logged_block(setup_log, "Leg extension", Side.BOTH, NOW - timedelta(hours=10))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen), "progress")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        await wait_for(pilot, lambda: screen.weeks, "the weekly table")
        await settle(pilot)
        headings = [str(c.label) for c in screen.query_one("#weeks-table", DataTable)
                    .columns.values()]
        this_week, last_week, two_weeks_ago = week_rows(screen)[:3]
        note = screen.query_one("#weeks-plan-note", Static)
        note_shown, note_text = note.display, str(note.render())

    assert headings[-2:] == ["Plan done", "Both limbs"]
    assert this_week.startswith("2 Mar") and " | 1 of 3 | " in this_week
    assert last_week.startswith("23 Feb") and " | 3 of 3 | " in last_week
    assert " | 0 of 3 | " in two_weeks_ago
    assert note_shown and "as it is now" in note_text


async def test_without_a_plan_the_progress_weeks_have_no_plan_column(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen), "progress")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        await wait_for(pilot, lambda: screen.weeks, "the weekly table")
        headings = [str(c.label) for c in screen.query_one("#weeks-table", DataTable)
                    .columns.values()]
        note_shown = screen.query_one("#weeks-plan-note", Static).display

    assert "Plan done" not in headings and not note_shown


def test_a_folded_line_too_long_for_the_width_leaves_out_the_release_time(
    setup_log: TrainingLog,
) -> None:
    template = arm_finisher(setup_log, name="Arm finisher for Wednesday nights")
    left_curl = template.blocks[0]
    due = DueToday(planned=True, due=(
        DueTemplate(template_id=1, template=template, why="Planned for Wednesday", holds=(
            BlockHold(position=1, block=left_curl, frees_at=NOW + timedelta(hours=16)),
        )),
        DueTemplate(template_id=2, template=leg_day(setup_log), why="0 of 3 this week done"),
    ))

    def lines(width: int) -> list[str]:
        return [line.plain for line in due_lines(due, today=NOW.date(), start_key="d",
                                                 max_lines=2, width=width)]

    assert lines(120)[0].endswith("d starts it · 1 held till Tue 10:30")
    assert lines(78)[0] == ("Due: Arm finisher for Wednesday nights · Planned for Wednesday"
                            " · d starts it · 1 held")
