"""The block summary: each set's effort and discomfort, the cuff and how it was set, the
tempo; driven through Pilot on blocks written by the live writer into a real log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from bfr_tui.app import BfrApp
from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.set_rating import DISCOMFORT_STOP_ABOVE, SetRating
from bfr_tui.screens.summary import BlockSummaryScreen
from bfr_tui.showcase.steps import settle
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import LoggedSet, TrainingLog
from tests.cuffs import THIGH, WRAP
from tests.store.test_cuffs import leg_plan
from tests.store.test_cuffs_csv import forget_tempos
from tests.store.test_engines import CUFF_ON, a_set
from tests.write_reports import Heard

NARROW, WIDE = (80, 24), (120, 40)


@pytest.fixture
def log(empty_db: Path) -> Iterator[TrainingLog]:
    """The test's log through the interface, as the live panel writes blocks into it."""
    opened = open_log(sqlite_url(empty_db))
    opened.choose_lifter(None)
    yield opened
    opened.close()


async def open_summary(app: BfrApp, block_id: int, size: tuple[int, int]) -> tuple[
    list[list[str]], list[str], str, list[Text | str]
]:
    """The summary of ``block_id`` at ``size``: the sets table's headers and rows, the
    cuff's lines as shown, and the discomfort cells as drawn."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(BlockSummaryScreen(block_id=block_id))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#summary-sets", DataTable)
        headers = [str(column.label) for column in table.ordered_columns]
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        discomfort: list[Text | str] = []
        if "Discomfort" in headers:
            column = headers.index("Discomfort")
            discomfort = [table.get_cell_at(Coordinate(row, column))
                          for row in range(table.row_count)]
        cuff = str(screen.query_one("#summary-cuff", Static).render())
    return [headers, *rows], cuff.splitlines(), cuff, discomfort


def run_block(
    log: TrainingLog, plan: BlockPlan, sets: tuple[LoggedSet, ...], *, hours_later: int = 0,
    ratings: dict[int, SetRating] | None = None,
) -> int:
    """A block through the live writer, as the panel writes it, ``hours_later`` after
    CUFF_ON; ``ratings`` given in the rest after their set. Its id."""
    later = timedelta(hours=hours_later)
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan, cuff_on_at=CUFF_ON + later, what="the block start",
                       saved=heard.block_started)
    for logged in sets:
        moved = replace(logged, started_at=logged.started_at + later,
                        ended_at=logged.ended_at + later)
        writer.log_set(moved, what=f"set {logged.set_number}",
                       saved=heard.saved(f"set {logged.set_number}"))
        rating = (ratings or {}).get(logged.set_number)
        if rating is not None:
            writer.rate_set(set_number=logged.set_number, rating=rating,
                            what=f"the rating of set {logged.set_number}",
                            saved=heard.saved(f"the rating of set {logged.set_number}"))
    writer.close(cuff_off_at=CUFF_ON + later + timedelta(minutes=6), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []
    return heard.started[0].block_id


def rated_sets() -> tuple[LoggedSet, ...]:
    """A classic block's four sets, the last one short."""
    return (a_set(1, 30), a_set(2, 15), a_set(3, 15), a_set(4, 14))


async def test_a_pneumatic_block_shows_each_sets_ratings_and_its_pressure_against_target(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    thigh = log.add_cuff(THIGH)
    plan = leg_plan(log, cuff_id=thigh.id, cuff_width_cm=THIGH.width_cm, pressure_mmhg=155.0,
                    lop_percent=60.0, target_mmhg=150)
    ratings = {1: SetRating(rpe=6, discomfort=3), 2: SetRating(rpe=7, discomfort=4),
               4: SetRating(rpe=9, discomfort=DISCOMFORT_STOP_ABOVE + 1)}
    block = run_block(log, plan, rated_sets(), ratings=ratings)

    for size in (NARROW, WIDE):
        table, lines, _, discomfort = await open_summary(app_for(empty_db), block, size)
        assert table[0] == ["Set", "Reps / target", "Rest / target", "RPE", "Discomfort"]
        assert [row[3:] for row in table[1:]] == [["6", "3"], ["7", "4"], ["—", "—"],
                                                   ["9", "8"]]
        assert "Thigh cuff: pneumatic cuff with a gauge, 11.5 cm" in lines
        assert "Pressure 155 mmHg set, target 150 mmHg (60 % of LOP): 3 % over" in lines
        assert "Tempo 2 s up, 2 s down" in lines
        # A pressure is set by its gauge: no tightness out of 10 beside it.
        assert not any(line.startswith("Tightness") for line in lines)
        # Only the discomfort above the stop line stands out.
        assert isinstance(discomfort[3], Text) and discomfort[3].style
        assert not any(isinstance(cell, Text) and cell.style for cell in discomfort[:3])


async def test_a_pressure_more_than_ten_percent_off_target_is_a_warning(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    thigh = log.add_cuff(THIGH)
    on_line = run_block(log, leg_plan(log, cuff_id=thigh.id, pressure_mmhg=165.0,
                                      lop_percent=60.0, target_mmhg=150), (a_set(1, 30),))
    over = run_block(log, leg_plan(log, cuff_id=thigh.id, pressure_mmhg=165.5,
                                   lop_percent=60.0, target_mmhg=150), (a_set(1, 30),),
                     hours_later=1)

    app = app_for(empty_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = []
        for block in (on_line, over):
            app.push_screen(BlockSummaryScreen(block_id=block))
            await settle(pilot)
            cuff = app.screen.query_one("#summary-cuff", Static)
            shown.append((str(cuff.render()), str(cuff.content)))
            app.pop_screen()
            await settle(pilot)

    (on_line_text, on_line_markup), (over_text, over_markup) = shown
    assert "150 mmHg (60 % of LOP): 10 % over" in on_line_text
    assert "$warning" not in on_line_markup
    # Just over the line: not rounded down onto it.
    assert "150 mmHg (60 % of LOP): 10.3 % over" in over_text
    assert "[$warning]Pressure 165.5 mmHg" in over_markup


async def test_a_wrap_block_shows_its_mark_and_tightness_and_a_tempo_turned_off(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    wrap = log.add_cuff(WRAP)
    plan = leg_plan(log, cuff_id=wrap.id, cuff_width_cm=WRAP.width_cm, tightness=6,
                    protocol=replace(CLASSIC, tempo=None))
    block = run_block(log, plan, rated_sets())

    table, lines, _, _ = await open_summary(app_for(empty_db), block, NARROW)
    assert table[0] == ["Set", "Reps / target", "Rest / target"]
    assert "Knee wrap: elastic wrap, 7.5 cm, mark: line 3" in lines
    assert "Tightness 6/10" in lines
    assert "Tempo off" in lines
    assert not any(line.startswith("Pressure") for line in lines)


async def test_a_block_from_before_cuffs_were_named_reads_as_it_always_did(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    plan = leg_plan(log, pressure_mmhg=160.0, lop_percent=60.0, cuff_width_cm=11.5)
    block = run_block(log, plan, rated_sets())
    forget_tempos(sqlite_url(empty_db))

    table, lines, _, _ = await open_summary(app_for(empty_db), block, NARROW)
    assert table[0] == ["Set", "Reps / target", "Rest / target"]
    assert lines[2:] == ["Tightness 7/10", "Pressure 160 mmHg"]


async def plateau_line_shown(app: BfrApp, block_id: int, size: tuple[int, int]) -> str:
    """The summary's plateau line as the lifter reads it ("" when it is hidden)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(BlockSummaryScreen(block_id=block_id))
        await settle(pilot)
        line = app.screen.query_one("#summary-plateau", Static)
        return str(line.render()) if line.display else ""


async def test_the_third_flat_block_says_plateau_with_its_cause_the_second_does_not(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """Leg extensions at the same load, the last set short each time with the cuff at 8/10."""
    plan = leg_plan(log, tightness=8)
    short_last_set = (a_set(1, 30), a_set(2, 15), a_set(3, 15), a_set(4, 12))
    first = run_block(log, plan, short_last_set)
    second = run_block(log, plan, short_last_set, hours_later=48)

    assert await plateau_line_shown(app_for(empty_db), first, NARROW) == ""
    assert await plateau_line_shown(app_for(empty_db), second, NARROW) == ""

    third = run_block(log, plan, short_last_set, hours_later=96)
    for size in (NARROW, WIDE):
        shown = " ".join((await plateau_line_shown(app_for(empty_db), third, size)).split())
        assert shown.startswith("Plateau: no rise in load or reps over the last 3 blocks")
        assert "cuff at 8/10" in shown and "too tight" in shown
        assert shown.endswith("Suggestion: Loosen the cuff to about 7/10 before changing "
                              "the load.")


async def test_a_load_rise_in_the_last_three_blocks_is_no_plateau(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    every_target = (a_set(1, 30), a_set(2, 15), a_set(3, 15), a_set(4, 15))
    run_block(log, leg_plan(log), every_target)
    run_block(log, leg_plan(log), every_target, hours_later=48)
    heavier = run_block(log, leg_plan(log, load=11.25), every_target, hours_later=96)

    assert await plateau_line_shown(app_for(empty_db), heavier, NARROW) == ""


async def test_a_plateau_with_every_target_met_moves_next_times_load_up_one_step(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    """Three leg extension blocks at 10 kg, every target met: the plateau, the advice and
    next time's load all say one step up, not "keep the load"."""
    every_target = (a_set(1, 30), a_set(2, 15), a_set(3, 15), a_set(4, 15))
    for hours_later in (0, 48):
        run_block(log, leg_plan(log), every_target, hours_later=hours_later)
    third = run_block(log, leg_plan(log), every_target, hours_later=96)

    app = app_for(empty_db)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.push_screen(BlockSummaryScreen(block_id=third))
        await settle(pilot)
        shown = {name: " ".join(str(app.screen.query_one(f"#summary-{name}", Static)
                                    .render()).split())
                 for name in ("advice", "next", "plateau")}

    assert shown["plateau"].endswith("Suggestion: Add one load step next time: 11.25 kg.")
    assert "every target met inside the BFR band" in shown["plateau"]
    assert shown["next"].startswith("Next time 11.25 kg, to get past the plateau below.")
    assert "Keep the load" not in shown["advice"]


async def test_a_block_started_by_hand_ends_its_summary_with_done(
    log: TrainingLog, empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    thigh = log.add_cuff(THIGH)
    block = run_block(log, leg_plan(log, cuff_id=thigh.id), (a_set(1, 30),))
    app = app_for(empty_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        list_screen = app.screen
        app.push_screen(BlockSummaryScreen(block_id=block))
        await settle(pilot)
        keys = [key.description for key in app.screen.query(FooterKey)]
        assert "Done" in keys and "Back to the session" not in keys, keys
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is list_screen
