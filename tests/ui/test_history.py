"""The history screen and the export dialog, driven through Pilot on a real demo log."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from rich.color import Color
from rich.style import Style
from rich.text import Span, Text
from sqlmodel import col, select
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton, Select, Static

from bfr_tui.app import BfrApp
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.set_rating import DISCOMFORT_STOP_ABOVE, SetRating
from bfr_tui.domain.symptoms import is_red_flag
from bfr_tui.domain.units import KG_PER_LB, Unit
from bfr_tui.screens.confirm import ConfirmModal
from bfr_tui.screens.export_dialog import ExportDialog
from bfr_tui.screens.history import (
    COMPACT_COLUMNS,
    MAX_LOADED,
    NO_FLAGS,
    PAGE_SIZE,
    HistoryScreen,
)
from bfr_tui.showcase.scenes import NOW, clinic_log, lifter_id
from bfr_tui.showcase.steps import open_lifter, settle, type_into
from bfr_tui.store import open_log, queries
from bfr_tui.store.block_log import write_set
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.models import Block, Cuff, Exercise, SetEntry, SymptomFlag, TrainingSession
from bfr_tui.store.paths import sqlite_url
from bfr_tui.widgets.calendar_strip import CalendarStrip
from bfr_tui.widgets.progress_chart import ProgressChart
from tests.cuffs import THIGH
from tests.plans import plan_for
from tests.store.test_cuffs import leg_plan
from tests.store.test_engines import a_set
from tests.ui.conftest import SIZE, exercise_id, screen_profile
from tests.ui.test_summary import run_block

CURL = "Dumbbell curl"
LEG_CURL = "Lying leg curl"


def stored_blocks(path: Path) -> list[tuple[Block, str]]:
    """Every block with its exercise name, newest first, straight from the file."""
    engine = open_database(path)
    with session_scope(engine) as session:
        rows = list(
            session.exec(
                select(Block, Exercise.name)
                .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
                .order_by(col(Block.cuff_on_at).desc(), col(Block.id).desc())
            ).all()
        )
    engine.dispose()
    return rows


def stored_flags(path: Path) -> dict[int, list[str]]:
    engine = open_database(path)
    with session_scope(engine) as session:
        flags: dict[int, list[str]] = {}
        for flag in session.exec(select(SymptomFlag)).all():
            flags.setdefault(flag.block_id, []).append(flag.kind)
    engine.dispose()
    return flags


def stored_sets(
    path: Path, *, exercise: str | None, since: date | None, until: date | None
) -> list[tuple[str, str, int, int]]:
    """(session start, exercise, set number, reps) of every set the filter keeps."""
    engine = open_database(path)
    with session_scope(engine) as session:
        statement = (
            select(TrainingSession.started_at, Exercise.name, SetEntry.set_number, SetEntry.reps)
            .join(Block, col(Block.id) == col(SetEntry.block_id))
            .join(TrainingSession, col(TrainingSession.id) == col(Block.session_id))
            .join(Exercise, col(Exercise.id) == col(Block.exercise_id))
        )
        if exercise is not None:
            statement = statement.where(Exercise.name == exercise)
        if since is not None:
            statement = statement.where(col(Block.cuff_on_at) >= datetime.combine(since, time()))
        if until is not None:
            end = datetime.combine(until + timedelta(days=1), time())
            statement = statement.where(col(Block.cuff_on_at) < end)
        rows = [
            (started.isoformat(timespec="seconds"), name, number, reps)
            for started, name, number, reps in session.exec(statement).all()
        ]
    engine.dispose()
    return sorted(rows)


def table_column(screen: HistoryScreen, key: str) -> list[str]:
    table = screen.query_one("#history-table", DataTable)
    return [str(table.get_cell_at(Coordinate(row, table.get_column_index(key)))) for row in
            range(table.row_count)]


def cell_at(screen: HistoryScreen, row: int, key: str) -> object:
    table = screen.query_one("#history-table", DataTable)
    return table.get_cell_at(Coordinate(row, table.get_column_index(key)))


def text_at(screen: HistoryScreen, row: int, key: str) -> Text:
    """A cell drawn in colours: its text, with the spans that colour it."""
    cell = cell_at(screen, row, key)
    assert isinstance(cell, Text)
    return cell


def colour_of(span: Span) -> Color | None:
    assert isinstance(span.style, Style)
    return span.style.color


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    app = pilot.app
    assert isinstance(app, BfrApp)
    await settle(pilot)
    app.action_history()
    await settle(pilot)
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def pick_exercise(pilot: Pilot[None], screen: HistoryScreen, ex_id: int) -> None:
    screen.query_one("#filter-exercise", Select).value = str(ex_id)
    await settle(pilot)


async def test_history_lists_every_block_newest_first(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    blocks = stored_blocks(demo_db)
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        dates = table_column(screen, "when")
        names = table_column(screen, "exercise")
        status = str(screen.query_one("#history-status", Static).render())

    assert dates == [b.cuff_on_at.strftime("%Y-%m-%d %H:%M") for b, _ in blocks]
    assert names == [name for _, name in blocks]
    assert dates == sorted(dates, reverse=True)
    assert f"Showing {len(blocks)} of {len(blocks)} blocks" in status


async def test_rows_show_load_reps_cuff_time_and_flags(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    blocks = stored_blocks(demo_db)
    flags = stored_flags(demo_db)
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        error_colour = screen.get_component_rich_style("history--error").color
        warning_colour = screen.get_component_rich_style("history--warning").color
        for index, (block, _name) in enumerate(blocks):
            flag_cell = cell_at(screen, index, "flags")
            assert isinstance(flag_cell, Text)
            kinds = flags.get(block.id or 0, [])
            if not kinds:
                assert flag_cell.plain == NO_FLAGS
                continue
            for kind in kinds:
                label = kind.replace("_", " ")
                assert label in flag_cell.plain
                start = flag_cell.plain.index(label)
                colours = {colour_of(s) for s in flag_cell.spans if s.start == start}
                assert colours == {error_colour if is_red_flag(kind) else warning_colour}
        assert any(is_red_flag(k) for kinds in flags.values() for k in kinds)

        # The newest block: load with its unit, cuff time as mm:ss from cuff-on to cuff-off.
        newest = blocks[0][0]
        assert newest.cuff_off_at is not None
        load_text = str(cell_at(screen, 0, "load"))
        cuff_text = str(cell_at(screen, 0, "time"))
        short_rows = [
            i for i in range(len(blocks))
            if any(colour_of(s) == warning_colour for s in text_at(screen, i, "reps").spans)
        ]
    assert load_text.endswith(f" {newest.unit}")
    minutes, seconds = divmod(int((newest.cuff_off_at - newest.cuff_on_at).total_seconds()), 60)
    assert cuff_text == f"{minutes:02d}:{seconds:02d}"
    assert short_rows, "the demo log has missed targets and the table marks them"


def stored_cuffs_and_ratings(path: Path) -> list[tuple[str, str, str, str]]:
    """(cuff, set / target pressure, highest effort, highest discomfort) of every block,
    newest first, straight from the file."""
    engine = open_database(path)
    with session_scope(engine) as session:
        cuffs = {cuff.id: cuff.name for cuff in session.exec(select(Cuff)).all()}
        ratings: dict[int, list[SetEntry]] = {}
        for entry in session.exec(select(SetEntry)).all():
            ratings.setdefault(entry.block_id, []).append(entry)
        rows = []
        for block, _name in stored_blocks(path):
            sets = ratings.get(block.id or 0, [])
            efforts = [s.rpe for s in sets if s.rpe is not None]
            discomforts = [s.discomfort for s in sets if s.discomfort is not None]
            pressure = NO_FLAGS
            if block.pressure_mmhg is not None:
                pressure = f"{block.pressure_mmhg:g}/{block.target_mmhg}"
            rows.append((
                cuffs[block.cuff_id] if block.cuff_id is not None else NO_FLAGS, pressure,
                str(max(efforts)) if efforts else NO_FLAGS,
                str(max(discomforts)) if discomforts else NO_FLAGS,
            ))
    engine.dispose()
    return rows


def column_span(table: DataTable[object], key: str) -> tuple[int, int]:
    """Where a column starts and ends across the table, in cells."""
    start = 0
    for column in table.ordered_columns:
        width = column.get_render_width(table)
        if column.key.value == key:
            return start, start + width
        start += width
    raise AssertionError(f"no column {key}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_rows_show_the_cuff_its_pressure_and_the_blocks_hardest_ratings(
    demo_db: Path, app_for: Callable[[Path], BfrApp], size: tuple[int, int]
) -> None:
    expected = stored_cuffs_and_ratings(demo_db)
    async with app_for(demo_db).run_test(size=size) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        shown = list(zip(table_column(screen, "cuff"), table_column(screen, "pressure"),
                         table_column(screen, "rpe"), table_column(screen, "discomfort"),
                         strict=True))
        warning_colour = screen.get_component_rich_style("history--warning").color
        marked = [
            any(colour_of(s) == warning_colour for s in text_at(screen, row, "pressure").spans)
            for row in range(table.row_count)
        ]
        visible = table.scrollable_content_region.width
        # The date and exercise are never cut, whatever else has to scroll away.
        widest = {key: max(len(text) for text in table_column(screen, key))
                  for key in ("when", "exercise")}
        spans = {key: column_span(table, key)
                 for key in ("when", "exercise", "rpe", "discomfort", "pressure", "cuff")}

    assert shown == expected
    assert {"Arm wraps", "Thigh cuff"} <= {cuff for cuff, *_ in shown}
    for key, (start, end) in spans.items():
        if key in widest:
            assert end - start >= widest[key] and end <= visible
        elif size == (120, 40):
            assert end <= visible, f"{key} is cut at 120 columns"
    # Only a pressure more than 10 % from its target is marked.
    off = []
    for _, pressure_text, _, _ in shown:
        pressure, _, target = pressure_text.partition("/")
        off.append(bool(target) and abs(float(pressure) - float(target)) > 0.1 * float(target))
    assert marked == off


async def test_a_discomfort_above_seven_and_a_pressure_off_target_stand_out(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    log = open_log(sqlite_url(empty_db))
    try:
        log.choose_lifter(None)
        thigh = log.add_cuff(THIGH)
        sets = (a_set(1, 30), a_set(2, 15))
        ratings = {1: SetRating(rpe=6, discomfort=DISCOMFORT_STOP_ABOVE),
                   2: SetRating(rpe=8, discomfort=DISCOMFORT_STOP_ABOVE + 1)}
        hurting_plan = leg_plan(log, cuff_id=thigh.id, pressure_mmhg=140.0, lop_percent=60.0,
                                target_mmhg=120)
        run_block(log, hurting_plan, sets, ratings=ratings)
        calm_plan = replace(hurting_plan, pressure_mmhg=132.0)
        run_block(log, calm_plan, sets, ratings={1: ratings[1]}, hours_later=1)
    finally:
        log.close()
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        error_colour = screen.get_component_rich_style("history--error").color
        warning_colour = screen.get_component_rich_style("history--warning").color
        calm, hurting = text_at(screen, 0, "discomfort"), text_at(screen, 1, "discomfort")
        on_target, off_target = text_at(screen, 0, "pressure"), text_at(screen, 1, "pressure")
        efforts = table_column(screen, "rpe")

    # The newest first: the block rated in its first set only, then the one that hurt.
    assert (calm.plain, hurting.plain) == (str(DISCOMFORT_STOP_ABOVE),
                                           str(DISCOMFORT_STOP_ABOVE + 1))
    assert efforts == ["6", "8"]
    assert {colour_of(s) for s in hurting.spans} == {error_colour}
    assert error_colour not in {colour_of(s) for s in calm.spans}
    assert (on_target.plain, off_target.plain) == ("132/120", "140/120")
    assert {colour_of(s) for s in off_target.spans} == {warning_colour}
    assert warning_colour not in {colour_of(s) for s in on_target.spans}


async def test_exercise_filter_narrows_rows_and_charts_that_exercise(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    ex_id = exercise_id(demo_db, LEG_CURL)
    expected = [b for b, name in stored_blocks(demo_db) if name == LEG_CURL]
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pick_exercise(pilot, screen, ex_id)
        names = table_column(screen, "exercise")
        dates = table_column(screen, "when")
        chart = screen.query_one("#history-chart", ProgressChart)
        chart_name, chart_points = chart.exercise_name, len(chart.points)

    assert expected and set(names) == {LEG_CURL}
    assert dates == [b.cuff_on_at.strftime("%Y-%m-%d %H:%M") for b in expected]
    assert chart_name == LEG_CURL and chart_points == len(expected)


def log_block(path: Path, name: str, *, at: datetime, load: float, unit: Unit) -> None:
    """One finished classic block, every target met, written straight into the log."""
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        exercise = queries.find_exercise_by_name(session=session, name=name)
        assert exercise is not None
        visit = queries.start_session(session=session, lifter_id=lifter, started_at=at)
        block = queries.add_block(
            session=session, visit=visit, cuff_on_at=at,
            plan=plan_for(exercise, load=load, unit=unit, one_rm=None),
        )
        assert block.id is not None
        for number, target in enumerate(CLASSIC.target_reps, 1):
            done = at + timedelta(minutes=number)
            write_set(
                session=session, lifter_id=lifter, block_id=block.id, set_number=number,
                target_reps=target, reps=target, load=load, started_at=done,
                ended_at=done + timedelta(seconds=40), rest_before_s=None if number == 1 else 30,
            )
        queries.end_block(session=session, block_id=block.id,
                          cuff_off_at=at + timedelta(minutes=6), end_reason="completed")
    engine.dispose()


async def test_the_chart_draws_kg_and_lb_blocks_in_the_exercises_unit(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """Curls kept in kg, one block logged in kg and a later one in lb: one unit, named."""
    log_block(empty_db, CURL, at=NOW - timedelta(days=7), load=10, unit=Unit.KG)
    log_block(empty_db, CURL, at=NOW - timedelta(days=1), load=22, unit=Unit.LB)
    async with app_for(empty_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pick_exercise(pilot, screen, exercise_id(empty_db, CURL))
        chart = screen.query_one("#history-chart", ProgressChart)
        unit, loads = chart.unit, [p.load for p in chart.points]
        drawn = str(chart.render())
    assert unit == "kg"
    assert loads == pytest.approx([10.0, 22 * KG_PER_LB])
    assert "load kg" in drawn


async def test_date_range_narrows_rows(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    since, until = date(2026, 2, 1), date(2026, 2, 14)
    expected = [
        b for b, _ in stored_blocks(demo_db) if since <= b.cuff_on_at.date() <= until
    ]
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await type_into(pilot, "#filter-since", since.isoformat())
        await type_into(pilot, "#filter-until", until.isoformat())
        await pilot.press("enter")
        await settle(pilot)
        dates = table_column(screen, "when")

    assert 0 < len(expected) < len(stored_blocks(demo_db))
    assert dates == [b.cuff_on_at.strftime("%Y-%m-%d %H:%M") for b in expected]


async def test_bad_date_shows_a_message_and_keeps_the_old_filter(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await type_into(pilot, "#filter-since", "2026-02-01")
        await settle(pilot)
        before = table_column(screen, "when")
        kept = screen.filter

        await type_into(pilot, "#filter-until", "2026-02-30")
        await pilot.press("enter")
        await settle(pilot)
        message = screen.query_one("#filter-message", Static)
        assert "No such date" in str(message.render())
        assert message.has_class("-error")
        assert screen.filter == kept
        assert table_column(screen, "when") == before

        await type_into(pilot, "#filter-until", "2026-01-15")
        await settle(pilot)
        assert "From is after To" in str(message.render())
        assert screen.filter == kept

        await type_into(pilot, "#filter-until", "2026-02-28")
        await settle(pilot)
        assert str(message.render()) == ""
        assert screen.filter.until == date(2026, 2, 28)


async def test_a_wrong_date_names_its_field_and_the_filter_and_export_keep_the_old_range(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await type_into(pilot, "#filter-since", "2026-02-01")
        await settle(pilot)
        kept = screen.filter
        message = screen.query_one("#filter-message", Static)
        for typed, said in [
            ("1899-12-31", "To: Give a date from 1900-01-01 on."),
            ("20260-2-28", "To: Write the date as YYYY-MM-DD, e.g. 2026-03-02."),
            ("2026-13-01", "To: No such date: 2026-13-01."),
        ]:
            await type_into(pilot, "#filter-until", typed)
            await pilot.press("enter")
            await settle(pilot)
            assert str(message.render()) == said
            assert screen.filter == kept
        await type_into(pilot, "#filter-since", "2026-02-29")
        await settle(pilot)
        assert str(message.render()) == "From: No such date: 2026-02-29."
        # Export takes the filter that is shown, not the half-typed dates.
        await pilot.press("escape", "x")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        assert (dialog.since, dialog.until) == (kept.since, kept.until)


async def test_a_long_log_loads_page_by_page(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path = tmp_path / "long.db"
    engine = open_database(path)
    summary = fill_demo(
        engine=engine, lifter_id=lifter_id(engine), weeks=8, seed=7, end=NOW, sets_target=1200
    )
    engine.dispose()
    screen_profile(path)
    assert summary.blocks > 2 * PAGE_SIZE - 100
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == PAGE_SIZE
        assert screen.total == summary.blocks
        # Scrolling to the bottom (mouse wheel, scrollbar) pages in more, cursor or not.
        table.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        assert table.row_count > PAGE_SIZE
        assert table.cursor_row == 0
        table.focus()
        while table.row_count < summary.blocks:
            loaded = table.row_count
            table.move_cursor(row=loaded - 1)
            await settle(pilot)
            assert table.row_count > loaded
        dates = table_column(screen, "when")

    assert dates == [b.cuff_on_at.strftime("%Y-%m-%d %H:%M") for b, _ in stored_blocks(path)]


# --- a long log: the table holds a window of it -------------------------------------------

# Sets for a log of about 2,500 blocks: five windows' worth, so the window has to move.
LONG_LOG_SETS = 10_000


def long_log(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A demo log of a few thousand blocks, and its (date, exercise) rows newest first."""
    path = tmp_path / "long.db"
    engine = open_database(path)
    fill_demo(
        engine=engine, lifter_id=lifter_id(engine), weeks=8, seed=7, end=NOW,
        sets_target=LONG_LOG_SETS,
    )
    engine.dispose()
    screen_profile(path)
    rows = [(b.cuff_on_at.strftime("%Y-%m-%d %H:%M"), name) for b, name in stored_blocks(path)]
    assert len(rows) > 4 * MAX_LOADED
    return path, rows


def shown_rows(screen: HistoryScreen) -> list[tuple[str, str]]:
    """(date, exercise) of every row the table holds, top to bottom."""
    return list(zip(table_column(screen, "when"), table_column(screen, "exercise"), strict=True))


def highlighted(screen: HistoryScreen) -> tuple[str, str]:
    """(date, exercise) of the row under the cursor."""
    table = screen.query_one("#history-table", DataTable)
    row = table.cursor_row
    return str(cell_at(screen, row, "when")), str(cell_at(screen, row, "exercise"))


def shown_range(screen: HistoryScreen, total: int) -> tuple[int, int]:
    """Which blocks of the list the status line says are shown: 0-based start, end."""
    status = str(screen.query_one("#history-status", Static).render())
    window = re.search(rf"Showing blocks ([\d,]+)-([\d,]+) of {total:,}, newest first", status)
    if window:
        return int(window[1].replace(",", "")) - 1, int(window[2].replace(",", ""))
    top = re.search(rf"Showing ([\d,]+) of {total:,} blocks, newest first", status)
    assert top, status
    return 0, int(top[1].replace(",", ""))


def assert_window_matches_log(screen: HistoryScreen, stored: list[tuple[str, str]]) -> int:
    """The table holds the blocks the status line names, as the log has them; their start."""
    start, end = shown_range(screen, len(stored))
    rows = shown_rows(screen)
    assert len(rows) <= MAX_LOADED
    assert rows == stored[start:end]
    return start


def cursor_in_view(screen: HistoryScreen) -> bool:
    table = screen.query_one("#history-table", DataTable)
    top = int(table.scroll_y)
    # The header row takes the first line of the table's region.
    return top <= table.cursor_row < top + table.scrollable_content_region.height - 1


async def test_ctrl_end_shows_the_oldest_block_with_one_page_loaded(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path, stored = long_log(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert shown_rows(screen) == stored[:PAGE_SIZE]
        await pilot.press("ctrl+end")
        await settle(pilot)
        table = screen.query_one("#history-table", DataTable)
        rows = shown_rows(screen)
        start = assert_window_matches_log(screen, stored)
        assert rows[-1] == stored[-1]
        assert highlighted(screen) == stored[-1]
        assert cursor_in_view(screen)
        assert table.row_count <= MAX_LOADED
        assert start == len(stored) - len(rows)
        # Already at the oldest block: ctrl+end again changes nothing.
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert shown_rows(screen) == rows
        assert highlighted(screen) == stored[-1]


async def test_moving_down_past_the_window_pages_in_the_next_blocks_in_order(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path, stored = long_log(tmp_path)
    async with app_for(path).run_test(size=(120, 40)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#history-table", DataTable)
        seen: dict[int, tuple[str, str]] = {}
        window = (-1, -1)
        block = 0  # which block of the whole list the cursor is on
        # Until the window has dropped its newest pages twice.
        while window[0] < 2 * PAGE_SIZE:
            if shown_range(screen, len(stored)) != window:
                window = shown_range(screen, len(stored))
                start = assert_window_matches_log(screen, stored)
                seen.update(enumerate(shown_rows(screen), start=start))
            # The cursor stays on its block when the window moves under it.
            assert highlighted(screen) == stored[block]
            assert cursor_in_view(screen)
            # page down moves one screenful of rows (less the header line).
            block += table.scrollable_content_region.height - 1
            await pilot.press("pagedown")
            await settle(pilot)

    # Every block from the newest to the furthest reached was shown, once, in log order.
    assert sorted(seen) == list(range(len(seen)))
    assert [seen[i] for i in range(len(seen))] == stored[: len(seen)]
    assert len(seen) > MAX_LOADED + PAGE_SIZE


async def test_ctrl_home_goes_back_to_the_newest_block(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    path, stored = long_log(tmp_path)
    async with app_for(path).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert highlighted(screen) == stored[-1]
        # Up from the oldest block pages in the ones before the window.
        for _ in range(8):
            await pilot.press("pageup")
            await settle(pilot)
            assert_window_matches_log(screen, stored)
            assert cursor_in_view(screen)
        assert shown_range(screen, len(stored))[0] < len(stored) - PAGE_SIZE

        await pilot.press("ctrl+home")
        await settle(pilot)
        assert assert_window_matches_log(screen, stored) == 0
        assert shown_rows(screen)[0] == stored[0]
        assert highlighted(screen) == stored[0]
        assert cursor_in_view(screen)
        status = str(screen.query_one("#history-status", Static).render())
        assert status.startswith(f"Showing {PAGE_SIZE} of {len(stored):,} blocks")


async def test_calendar_strip_marks_the_training_days(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    per_day = Counter(b.cuff_on_at.date() for b, _ in stored_blocks(demo_db))
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        strip = screen.query_one("#history-calendar", CalendarStrip)
        days, until = dict(strip.days), strip.until

    assert until == NOW.date()
    assert days == dict(per_day)


async def test_chart_follows_the_highlighted_row_when_showing_all(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    names = [name for _, name in stored_blocks(demo_db)]
    other = next(i for i, name in enumerate(names) if name != names[0])
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        chart = screen.query_one("#history-chart", ProgressChart)
        assert chart.exercise_name == names[0]
        screen.query_one("#history-table", DataTable).move_cursor(row=other)
        await settle(pilot)
        assert chart.exercise_name == names[other]


async def test_small_terminal_hides_the_chart_and_keeps_the_strip(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    async with app_for(demo_db).run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        assert screen.has_class("-compact")
        assert not screen.query_one("#history-chart").display
        assert screen.query_one("#history-calendar").display
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count > 0
        # Flags come next to the reps so a red flag is on screen without scrolling.
        keys = [column.key.value for column in table.ordered_columns]
        assert keys == list(COMPACT_COLUMNS)
        flags_end = sum(c.get_render_width(table) for c in table.ordered_columns[:5])
        assert flags_end <= table.scrollable_content_region.width
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert not screen.has_class("-compact")
        assert screen.query_one("#history-chart").display


async def test_escape_goes_back(demo_db: Path, app_for: Callable[[Path], BfrApp]) -> None:
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        await open_history(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, HistoryScreen)


# --- export ------------------------------------------------------------------------------


async def open_export(pilot: Pilot[None]) -> ExportDialog:
    await pilot.press("x")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def set_path(pilot: Pilot[None], dialog: ExportDialog, path: Path) -> None:
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.pause()


async def test_export_from_history_writes_exactly_the_filtered_sets(
    demo_db: Path, app_for: Callable[[Path], BfrApp], tmp_path: Path
) -> None:
    since, until = date(2026, 1, 20), date(2026, 2, 20)
    out = tmp_path / "curls.csv"
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pick_exercise(pilot, screen, exercise_id(demo_db, LEG_CURL))
        await type_into(pilot, "#filter-since", since.isoformat())
        await type_into(pilot, "#filter-until", until.isoformat())
        await pilot.press("enter")  # enter on a date field goes back to the table
        await settle(pilot)
        dialog = await open_export(pilot)
        assert (dialog.exercise_id, dialog.since, dialog.until) == (
            exercise_id(demo_db, LEG_CURL), since, until
        )
        scope = str(dialog.query_one("#export-scope", Static).render())
        assert LEG_CURL in scope and "2026-01-20 to 2026-02-20" in scope
        await set_path(pilot, dialog, out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        notices = [n.message for n in app._notifications]

    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = stored_sets(demo_db, exercise=LEG_CURL, since=since, until=until)
    written = sorted(
        (r["session_started"], r["exercise"], int(r["set_number"]), int(r["reps"])) for r in rows
    )
    assert expected and written == expected
    assert f"Exported {len(expected)} sets to {out}" in notices


async def test_export_in_strong_layout(
    demo_db: Path, app_for: Callable[[Path], BfrApp], tmp_path: Path
) -> None:
    out = tmp_path / "strong.csv"
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        await open_history(pilot)
        dialog = await open_export(pilot)
        await pilot.click("#layout-strong")
        await set_path(pilot, dialog, out)
        await pilot.press("ctrl+s")
        await settle(pilot)

    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "Exercise Name" in rows[0]
    assert len(rows) == len(stored_sets(demo_db, exercise=None, since=None, until=None))


async def test_existing_file_is_kept_unless_the_lifter_confirms(
    demo_db: Path, app_for: Callable[[Path], BfrApp], tmp_path: Path
) -> None:
    out = tmp_path / "old.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        dialog = await open_export(pilot)
        await set_path(pilot, dialog, out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert "kept" in str(dialog.query_one("#export-error", Static).render())
        assert out.read_text(encoding="utf-8") == "my own notes\n"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)

    assert out.read_text(encoding="utf-8").startswith("session_started,exercise,")


async def test_missing_folder_shows_an_error_and_writes_nothing(
    demo_db: Path, app_for: Callable[[Path], BfrApp], tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_history(pilot)
        dialog = await open_export(pilot)
        await set_path(pilot, dialog, folder / "missing" / "out.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = dialog.query_one("#export-error", Static)
        assert app.screen is dialog
        assert error.has_class("-shown")
        assert "does not exist" in str(error.render())

    assert list(folder.iterdir()) == []


async def test_app_export_has_no_filter_and_a_dated_default_in_home(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(Path.home() / "bfr-export-2026-03-02.csv")
        scope = str(dialog.query_one("#export-scope", Static).render())
        assert "All exercises, every date" in scope
        await pilot.click("#layout-strong")
        await settle(pilot)
        assert dialog.query_one("#layout-strong", RadioButton).value
        assert path.value == str(Path.home() / "bfr-export-strong-2026-03-02.csv")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)


async def test_a_coach_exports_every_lifter_from_the_app_as_the_command_line_does(
    tmp_path: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    clinic = tmp_path / "clinic.db"
    clinic_log(clinic)
    out = tmp_path / "clinic.csv"
    app = app_for(clinic)
    async with app.run_test(size=SIZE) as pilot:
        await open_lifter(pilot, "ana")
        app.action_export()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.click("#layout-all-lifters")
        await settle(pilot)
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(Path.home() / "bfr-export-all-lifters-2026-03-02.csv")
        scope = str(dialog.query_one("#export-scope", Static).render())
        assert "every lifter in the log" in scope
        await set_path(pilot, dialog, out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)

    expected = tmp_path / "expected.csv"
    log = open_log(sqlite_url(clinic))
    try:
        log.export_file(path=expected, layout="native", force=False, all_lifters=True)
    finally:
        log.close()
    assert out.read_bytes() == expected.read_bytes()
    with out.open(newline="", encoding="utf-8") as handle:
        lifters = {row["lifter"] for row in csv.DictReader(handle)}
    assert len(lifters) > 1 and "Ana Ruiz" in lifters


async def test_a_one_lifter_log_offers_no_every_lifter_export(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert not app.screen.query("#layout-all-lifters")


async def test_a_new_theme_recolours_the_rows(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    app = app_for(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        before = screen.get_component_rich_style("history--warning").color
        app.theme = "dracula"
        await settle(pilot)
        after = screen.get_component_rich_style("history--warning").color
        colours = {
            colour_of(span)
            for row in range(screen.query_one("#history-table", DataTable).row_count)
            for span in text_at(screen, row, "reps").spans
        }
    assert before != after
    assert colours == {after}


async def test_names_with_brackets_show_as_typed(
    demo_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    engine = open_database(demo_db)
    with session_scope(engine) as session:
        exercise = session.exec(select(Exercise).where(Exercise.name == LEG_CURL)).one()
        exercise.name = "Leg curl [bold]wide[/bold]"
        session.add(exercise)
    engine.dispose()
    async with app_for(demo_db).run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        names = set(table_column(screen, "exercise"))
    assert "Leg curl [bold]wide[/bold]" in names


async def plateau_shown(app: BfrApp, size: tuple[int, int], ex_id: int | None) -> str:
    """The history's plateau line, filtered to ``ex_id`` (None: every exercise)."""
    async with app.run_test(size=size) as pilot:
        screen = await open_history(pilot)
        if ex_id is not None:
            await pick_exercise(pilot, screen, ex_id)
        line = screen.query_one("#history-plateau", Static)
        return " ".join(str(line.render()).split()) if line.display else ""


async def test_one_exercise_on_a_plateau_says_so_with_the_cause_and_one_change(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """Three leg extension blocks at 10 kg, every target met each time, days apart."""
    log = open_log(sqlite_url(empty_db))
    log.choose_lifter(None)
    every_target = (a_set(1, 30), a_set(2, 15), a_set(3, 15), a_set(4, 15))
    for hours_later in (0, 48):
        run_block(log, leg_plan(log), every_target, hours_later=hours_later)
    legs = log.find_exercise("Leg extension")
    assert legs is not None
    two_blocks = await plateau_shown(app_for(empty_db), SIZE, legs.id)
    run_block(log, leg_plan(log), every_target, hours_later=96)
    log.close()

    wide = await plateau_shown(app_for(empty_db), SIZE, legs.id)
    narrow = await plateau_shown(app_for(empty_db), (80, 24), legs.id)
    every_exercise = await plateau_shown(app_for(empty_db), SIZE, None)

    assert two_blocks == "No plateau: fewer than 3 finished blocks of one protocol yet."
    assert wide.startswith("Plateau (Classic 30-15-15-15, left): no rise in load or reps "
                           "over the last 3 blocks (10 kg, 75/75 reps last time)")
    assert "every target met inside the BFR band" in wide
    assert wide.endswith("Suggestion: Add one load step next time: 11.25 kg.")
    assert narrow == ("Plateau (Classic, left): targets met, load never raised. "
                      "Add one load step next time: 11.25 kg.")
    assert every_exercise == ""
