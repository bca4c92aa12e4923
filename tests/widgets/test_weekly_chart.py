"""The weekly chart: round minute ticks, week labels that fit, and what it says when it
cannot draw."""

from __future__ import annotations

from textual.app import App, ComposeResult

from bfr_tui.domain.plan_kept import WeekKept
from bfr_tui.widgets.progress_chart import TOO_SMALL_TEXT
from bfr_tui.widgets.weekly_chart import (
    EMPTY_TEXT,
    TITLE,
    WeekBar,
    WeeklyChart,
    labelled_weeks,
    minute_ticks,
)

WEEKS = [WeekBar(f"{day} Jan", 4.0 * index, 7.0, None)
         for index, day in enumerate((5, 12, 19, 26))]


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WeeklyChart()


def test_the_minute_axis_ends_on_a_round_tick_over_the_busiest_week() -> None:
    # 27.9 min, 13 rows: ticks every 10 min up to 30.
    assert minute_ticks(27.9, rows=13) == (30.0, 3)
    # Six rows have room for two gaps only: every 15 min.
    assert minute_ticks(27.9, rows=6) == (30.0, 2)
    assert minute_ticks(4.0, rows=13) == (4.0, 4)
    # A plan kept without cuff time still gets an axis.
    assert minute_ticks(0.0, rows=13) == (1.0, 1)


def test_every_week_is_labelled_where_there_is_room_and_the_newest_always() -> None:
    assert labelled_weeks(12, plot_cells=110) == list(range(12))
    assert labelled_weeks(12, plot_cells=70) == [1, 3, 5, 7, 9, 11]
    assert labelled_weeks(12, plot_cells=30)[-1] == 11


async def test_says_so_when_there_is_nothing_to_draw_or_no_room() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        chart = app.query_one(WeeklyChart)
        assert chart.border_title == TITLE and str(chart.render()) == ""
        chart.show([WeekBar("5 Jan", 0.0, 0.0, WeekKept(planned=2, done=0))])
        await pilot.pause()
        assert EMPTY_TEXT in str(chart.render())
        assert chart.has_class("-empty")

        chart.show(WEEKS)
        await pilot.pause()
        assert not chart.has_class("-empty")
        assert "19 Jan" in str(chart.render())
        chart.styles.width = 20
        await pilot.pause()
        assert TOO_SMALL_TEXT in str(chart.render())


async def test_the_same_weeks_draw_the_same_picture() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        chart = app.query_one(WeeklyChart)
        chart.show(WEEKS)
        await pilot.pause()
        first, second = str(chart.render()), str(chart.render())
    assert first == second


def bar_cells(chart: WeeklyChart) -> int:
    return sum(str(chart.render()).count(block) for block in "█▄▀")


async def test_a_week_of_arms_only_stands_as_tall_as_a_week_of_legs_only() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        chart = app.query_one(WeeklyChart)
        chart.show([WeekBar("5 Jan", 10.0, 0.0, None), WeekBar("12 Jan", 0.0, 20.0, None)])
        await pilot.pause()
        arms_only = bar_cells(chart)
        chart.show([WeekBar("5 Jan", 0.0, 10.0, None), WeekBar("12 Jan", 0.0, 20.0, None)])
        await pilot.pause()
        assert arms_only == bar_cells(chart) > 0
