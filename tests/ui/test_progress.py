"""Progress: an exercise's 1RMs and BFR band over time with its blocks, and each of the
last twelve weeks' blocks and cuff time per limb, read from a real log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static, TabbedContent
from textual.widgets._footer import FooterKey

from bfr_tui.app import BfrApp
from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.session_template import session_template
from bfr_tui.domain.units import Unit
from bfr_tui.domain.weekly_plan import plan_entry, weekly_plan
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.progress import WEEKS_TAB, ProgressScreen
from bfr_tui.showcase.steps import highlight_exercise, settle, wait_for
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import TrainingLog
from bfr_tui.widgets.one_rep_max_chart import OneRepMaxChart
from bfr_tui.widgets.progress_chart import TOO_SMALL_TEXT
from bfr_tui.widgets.weekly_chart import EMPTY_TEXT, TITLE, WeeklyChart
from tests.local_time import local
from tests.store.test_progress_reads import a_block
from tests.templates import block_of
from tests.ui.conftest import SIZE

CURL = "Dumbbell curl"
LEGS = "Leg extension"


@pytest.fixture
def setup_log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the store interface, to put 1RMs and blocks in it."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None, required=True)
    yield log
    log.close()


def record_1rm(log: TrainingLog, name: str, value: float, unit: Unit, on: date) -> None:
    exercise = log.find_exercise(name)
    assert exercise is not None
    log.record_one_rep_max(exercise_id=exercise.id, value=value, unit=unit, recorded_on=on,
                           method=OneRepMaxMethod.TESTED, source="")


def rows(screen: ProgressScreen, table_id: str) -> list[str]:
    """Each row of a table as one line of its cells; none while the table is hidden."""
    table = screen.query_one(f"#{table_id}", DataTable)
    if not table.display:
        return []
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def text_of(screen: ProgressScreen, static_id: str) -> str:
    return str(screen.query_one(f"#{static_id}", Static).render())


async def open_progress(pilot: Pilot[None], name: str) -> ProgressScreen:
    """From the exercise list, with ``name`` highlighted, as the lifter opens it: p."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExerciseSelectScreen)
    await highlight_exercise(pilot, name)
    await pilot.press("p")
    return await progress_loaded(pilot, name)


async def show_weeks(pilot: Pilot[None], screen: ProgressScreen) -> WeeklyChart:
    """Switch to the weekly tab (w) and return its chart."""
    await pilot.press("w")
    tabs = screen.query_one("#progress-tabs", TabbedContent)
    await wait_for(pilot, lambda: tabs.active == WEEKS_TAB, "the weekly tab")
    await settle(pilot)
    return screen.query_one("#weeks-chart", WeeklyChart)


def drawn(chart: WeeklyChart) -> Text:
    """The chart as it is on screen, colours and all."""
    picture = chart.render()
    assert isinstance(picture, Text)
    return picture


def colour_of(picture: Text, word: str) -> Color | None:
    """The colour ``word`` is drawn in, where the picture shows it first."""
    start = picture.plain.index(word)
    styles = [span.style for span in picture.spans if span.start <= start < span.end]
    colours = [style.color for style in styles if isinstance(style, Style) and style.color]
    triplet = colours[-1].triplet if colours else None
    return Color(*triplet) if triplet else None


async def progress_loaded(pilot: Pilot[None], name: str) -> ProgressScreen:
    """Wait for the progress screen to show ``name`` and the weekly table."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen), "progress")
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)

    def ready() -> bool:
        history = screen.history
        return history is not None and history.exercise.name == name and bool(screen.weeks)

    await wait_for(pilot, ready, f"the progress of {name}")
    await settle(pilot)
    return screen


async def test_the_1rms_on_record_and_their_bands_show_with_the_blocks(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # The first 1RM was given in pounds: the curl is a kg exercise, so it shows in kg.
    record_1rm(setup_log, CURL, 100.0, Unit.LB, date(2026, 1, 12))
    record_1rm(setup_log, CURL, 48.0, Unit.KG, date(2026, 2, 16))
    a_block(setup_log, CURL, local(2026, 2, 2, 18, 0))
    a_block(setup_log, CURL, local(2026, 2, 23, 18, 0))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot, CURL)

        assert rows(screen, "one-rm-table") == [
            "2026-02-16 | 48 kg | tested | 10-13.75 kg",
            "2026-01-12 | 45.36 kg | tested | 10-12.5 kg",
        ]
        summary = text_of(screen, "one-rm-summary")
        assert "1RM now 48 kg (since 16 Feb 2026), BFR band 10-13.75 kg" in summary
        assert "2 blocks charted" in summary
        chart = screen.query_one("#one-rm-chart", OneRepMaxChart)
        assert [(s.day, s.band.describe()) for s in chart.steps] == [
            (date(2026, 1, 12), "10-12.5 kg"), (date(2026, 2, 16), "10-13.75 kg")
        ]
        assert [(p.day, p.load) for p in chart.blocks] == [
            (date(2026, 2, 2), 10.0), (date(2026, 2, 23), 10.0)
        ]
        assert not chart.has_class("-empty")

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExerciseSelectScreen),
                       "the exercise list again")


async def test_each_week_shows_its_blocks_and_cuff_minutes_per_limb(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # The clock stands on Monday 2 March 2026: its week is the newest of the twelve.
    a_block(setup_log, CURL, local(2026, 2, 23, 18, 0))
    a_block(setup_log, "Triceps pushdown", local(2026, 3, 1, 19, 0), minutes=4.5)
    a_block(setup_log, LEGS, local(2026, 2, 25, 7, 0), minutes=7)
    a_block(setup_log, LEGS, local(2026, 3, 2, 7, 0), minutes=5)
    # The Sunday before the oldest of the twelve weeks: not in the table.
    a_block(setup_log, CURL, local(2025, 12, 14, 18, 0))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot, CURL)
        await pilot.press("w")
        tabs = screen.query_one("#progress-tabs", TabbedContent)
        await wait_for(pilot, lambda: tabs.active == WEEKS_TAB, "the weekly table")

        weeks = rows(screen, "weeks-table")
        assert len(weeks) == 12
        # The bar of both limbs' cuff time is full for the busiest week (17.5 min).
        assert weeks[:3] == [
            "2 Mar | — | — | 1 | 5 min | ████▋",
            "23 Feb | 2 | 10.5 min | 1 | 7 min | ████████████████",
            "16 Feb | — | — | — | — | ",
        ]
        assert weeks[-1] == "15 Dec | — | — | — | — | "
        assert text_of(screen, "weeks-summary").startswith(
            "4 blocks, 22.5 min under the cuff in the 12 weeks from Monday 15 Dec to 8 Mar.")

        # Over the table, the same weeks charted: arm and leg minutes, weeks labelled as
        # the table's, and no plan counts for a lifter without a plan.
        chart = screen.query_one("#weeks-chart", WeeklyChart)
        assert chart.weeks is not None and len(chart.weeks) == 12
        assert [(w.label, w.arm_minutes, w.leg_minutes) for w in chart.weeks[-3:]] == [
            ("16 Feb", 0.0, 0.0), ("23 Feb", 10.5, 7.0), ("2 Mar", 0.0, 5.0)
        ]
        assert chart.region.height >= 12
        picture = drawn(chart).plain
        # Every second week labelled at this width, counting back from this week.
        assert "█" in picture and "2 Mar" in picture and "16 Feb" in picture
        assert "23 Feb" not in picture
        assert TOO_SMALL_TEXT not in picture and "/" not in picture
        assert "arm" in str(chart.border_title) and "leg" in str(chart.border_title)
        assert chart.border_subtitle is None

        await pilot.press("w")
        await wait_for(pilot, lambda: tabs.active != WEEKS_TAB, "the 1RM chart again")


async def test_with_a_weekly_plan_the_chart_shows_the_sessions_done_each_week(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    # Leg day, twice a week: done twice last week (kept), once so far this week.
    leg_day = session_template(name="Leg day", blocks=(block_of(setup_log, LEGS, Side.LEFT),))
    template_id = setup_log.save_template(leg_day, now=local(2026, 1, 1, 12, 0)).id
    setup_log.save_weekly_plan(weekly_plan([plan_entry(template_id=template_id,
                                                       times_per_week=2)]))
    a_block(setup_log, LEGS, local(2026, 2, 24, 7, 0))
    a_block(setup_log, LEGS, local(2026, 2, 26, 7, 0))
    a_block(setup_log, LEGS, local(2026, 3, 2, 7, 0))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot, CURL)
        chart = await show_weeks(pilot, screen)

        assert chart.weeks is not None
        assert [(w.label, w.kept.done if w.kept else None) for w in chart.weeks[-3:]] == [
            ("16 Feb", 0), ("23 Feb", 2), ("2 Mar", 1)
        ]
        picture = drawn(chart)
        # Over each week its sessions done of the two planned; the week that kept the
        # whole plan in the theme's success colour, the others not.
        assert picture.plain.count("0/2") == 10
        assert "2/2" in picture.plain and "1/2" in picture.plain
        theme = pilot.app.theme_variables
        assert colour_of(picture, "2/2") == Color.parse(theme["success"])
        assert colour_of(picture, "1/2") == Color.parse(theme["foreground"])
        assert "plan" in str(chart.border_subtitle)


async def test_an_exercise_with_nothing_yet_says_so(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot, "Hammer curl")

        summary = text_of(screen, "one-rm-summary")
        assert "No 1RM on record for Hammer curl yet" in summary
        assert "No blocks of Hammer curl yet" in summary
        assert rows(screen, "one-rm-table") == []
        assert screen.query_one("#one-rm-chart", OneRepMaxChart).has_class("-empty")
        assert text_of(screen, "weeks-summary").startswith("No blocks in the last 12 weeks")

        chart = await show_weeks(pilot, screen)
        assert chart.has_class("-empty")
        assert drawn(chart).plain.strip() == EMPTY_TEXT
        # Only the one line: the table of weeks stays in view below it.
        assert chart.region.height <= 4
        assert chart.border_title == TITLE


async def test_in_a_small_terminal_the_chart_keeps_its_height_and_the_tab_scrolls(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    a_block(setup_log, CURL, local(2026, 2, 23, 18, 0))
    a_block(setup_log, LEGS, local(2025, 12, 16, 7, 0))

    async with app_for(empty_db).run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot, CURL)
        chart = await show_weeks(pilot, screen)
        assert chart.region.height >= 12
        assert TOO_SMALL_TEXT not in drawn(chart).plain

        # Down the table to the oldest week: the tab scrolls to keep it in view.
        table = screen.query_one("#weeks-table", DataTable)
        for _ in range(4):
            if pilot.app.focused is table:
                break
            await pilot.press("tab")
        assert pilot.app.focused is table
        body = screen.query_one("#weeks-body", VerticalScroll)
        await pilot.press(*["down"] * 11)
        await settle(pilot)
        assert table.get_row_at(table.cursor_row)[0] == "15 Dec"
        assert body.max_scroll_y > 0 and body.scroll_y == body.max_scroll_y


async def test_picking_another_exercise_shows_its_progress(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    record_1rm(setup_log, CURL, 40.0, Unit.KG, date(2026, 2, 1))
    record_1rm(setup_log, LEGS, 60.0, Unit.KG, date(2026, 2, 10))
    a_block(setup_log, LEGS, local(2026, 2, 20, 7, 0))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_progress(pilot, CURL)
        assert rows(screen, "one-rm-table") == ["2026-02-01 | 40 kg | tested | 8.75-11.25 kg"]

        # The picker opens on /, and typing the name finds it.
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"Leg ext", "enter")
        screen = await progress_loaded(pilot, LEGS)

        assert screen.query_one("#progress-pick", Select).value == screen.exercise_id
        assert rows(screen, "one-rm-table") == ["2026-02-10 | 60 kg | tested | 12.5-17.5 kg"]
        assert "1 block charted" in text_of(screen, "one-rm-summary")


async def test_progress_opens_from_the_palette_on_the_highlighted_exercise(
    setup_log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    record_1rm(setup_log, LEGS, 60.0, Unit.KG, date(2026, 2, 10))

    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight_exercise(pilot, LEGS)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Progress")
        await settle(pilot)
        await pilot.press("enter")
        screen = await progress_loaded(pilot, LEGS)
        assert rows(screen, "one-rm-table") == ["2026-02-10 | 60 kg | tested | 12.5-17.5 kg"]


@pytest.mark.parametrize(
    ("size", "in_footer"),
    [((80, 24), False), ((117, 32), False), ((118, 32), True), ((120, 40), True)],
)
async def test_p_opens_progress_and_the_footer_names_it_where_there_is_room(
    size: tuple[int, int], in_footer: bool, empty_db: Path, app_for: Callable[[Path], BfrApp],
) -> None:
    async with app_for(empty_db).run_test(size=size) as pilot:
        await settle(pilot)
        keys = sorted(pilot.app.screen.query(FooterKey), key=lambda key: key.region.x)
        assert ("Progress" in [key.description for key in keys]) is in_footer
        # Every key the footer shows is whole on screen, none over the next.
        assert keys and keys[-1].region.right <= size[0]
        assert all(a.region.right <= b.region.x for a, b in pairwise(keys))
        await open_progress(pilot, CURL)
