"""The coach overview: every lifter at a glance, and enter opens one (never mid-block)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

from bfr_tui.app import BfrApp
from bfr_tui.screens.coach_overview import CoachOverviewScreen
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.lifter_picker import LifterPickerScreen
from bfr_tui.screens.live import LiveBlockScreen
from bfr_tui.showcase.scenes import CURL, clinic_log
from bfr_tui.showcase.steps import cuffs_on, open_lifter, picker_ready, settle, wait_for
from bfr_tui.store.demo import demo_lifter_names
from tests.ui.conftest import SIZE, exercise_id
from tests.ui.test_lifter_picker import palette_command

EIGHT = demo_lifter_names(8)


def overview_shown(app: BfrApp) -> bool:
    screen = app.screen
    return isinstance(screen, CoachOverviewScreen) and bool(screen.shown_lines)


def row_of(app: BfrApp, name: str) -> dict[str, Text]:
    table = app.screen.query_one("#coach-table", DataTable)
    cells = table.get_row(next(key for key in table.rows
                               if table.get_row(key)[0].plain == name))
    return dict(zip((str(column.key.value) for column in table.ordered_columns), cells,
                    strict=True))


def heading_x(app: BfrApp, key: str) -> int:
    """Where a column's heading is, across the table."""
    table = app.screen.query_one("#coach-table", DataTable)
    x = 0
    for column in table.ordered_columns:
        if column.key.value == key:
            return x + 1
        x += column.get_render_width(table)
    raise AssertionError(f"no column {key}")


async def test_ctrl_o_on_the_picker_lists_every_lifter_with_red_flags_in_the_error_colour(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = tmp_path / "clinic.db"
    clinic_log(path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: overview_shown(app), "the overview")

        screen = app.screen
        assert isinstance(screen, CoachOverviewScreen)
        assert [line.lifter.name for line in screen.shown_lines] == EIGHT
        error = app.theme_variables["error"]
        emma = row_of(app, "Emma Novak")
        assert emma["red-flags"].plain == "2" and error in str(emma["red-flags"].style)
        assert row_of(app, "Ana Ruiz")["red-flags"].plain == "—"
        warning = app.theme_variables["warning"]
        screening = {name: row_of(app, name)["screening"] for name in EIGHT[1:4]}
        assert {name: cell.plain for name, cell in screening.items()} == {
            "Ben Okafor": "never", "Chloe Martin": "expired", "Dev Patel": "needs clearance",
        }
        assert all(warning in str(cell.style) for cell in screening.values())
        # The demo's last blocks were yesterday evening: a limb still rests.
        assert row_of(app, "Ana Ruiz")["resting"].plain.startswith("leg Tue ")

        # Sorted by red flags, most first, with a click on the heading.
        await pilot.click("#coach-table", offset=(heading_x(app, "red-flags"), 0))
        await settle(pilot)
        assert screen.shown_lines[0].lifter.name == "Emma Novak"


async def test_the_overview_opens_with_every_lifters_line_already_in_its_table(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = tmp_path / "clinic.db"
    clinic_log(path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        picker = app.screen
        assert isinstance(picker, LifterPickerScreen)
        # As ctrl+o does, but looked at from the moment it is asked, with nothing between:
        # once the overview is mounted, before its first frame, its table is already full
        # (no first frame saying it is reading, over an empty table).
        picker.action_overview()
        for _ in range(2000):
            screen = app.screen
            if isinstance(screen, CoachOverviewScreen) and screen.is_mounted:
                break
            await asyncio.sleep(0.001)
        else:
            raise AssertionError("the overview never opened")
        assert [line.lifter.name for line in screen.shown_lines] == EIGHT
        assert screen.query_one("#coach-table", DataTable).row_count == len(EIGHT)


async def test_enter_opens_the_lifter_filtered_to(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = tmp_path / "clinic.db"
    clinic_log(path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await picker_ready(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: overview_shown(app), "the overview")
        await pilot.press("slash", *"farid", "enter")
        screen = app.screen
        assert isinstance(screen, CoachOverviewScreen)
        assert [line.lifter.name for line in screen.shown_lines] == ["Farid Haddad"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseSelectScreen),
                       "Farid's exercise list")
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Farid Haddad"
        assert not any(isinstance(s, LifterPickerScreen | CoachOverviewScreen)
                       for s in app.screen_stack)

        # From the palette too, on the lifter open; escape goes back to their list.
        offered = await palette_command(pilot, "coach overview")
        assert offered[0].startswith("Coach overview")
        await pilot.press("enter")
        await wait_for(pilot, lambda: overview_shown(app), "the overview")
        screen = app.screen
        assert isinstance(screen, CoachOverviewScreen) and screen.highlighted() is not None
        highlighted = screen.highlighted()
        assert highlighted is not None and highlighted.lifter.name == "Farid Haddad"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseSelectScreen)


async def test_no_lifter_is_opened_from_the_overview_while_a_block_is_under_the_cuff(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = tmp_path / "clinic.db"
    clinic_log(path)
    curl = exercise_id(path, CURL)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_lifter(pilot, "ana")
        await cuffs_on(pilot, curl, load="5")

        app.action_coach_overview()
        await wait_for(pilot, lambda: overview_shown(app), "the overview")
        await pilot.press("down", "enter")
        await settle(pilot)

        assert isinstance(app.screen, CoachOverviewScreen)
        assert any("block is under way" in note.message for note in app._notifications)
        lifter = app.training_log.lifter
        assert lifter is not None and lifter.name == "Ana Ruiz"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LiveBlockScreen)


async def test_a_one_lifter_log_offers_no_coach_overview(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ExerciseSelectScreen), "the list")
        await settle(pilot)
        offered = await palette_command(pilot, "coach overview")
        assert not any(hit.startswith("Coach overview") for hit in offered)
