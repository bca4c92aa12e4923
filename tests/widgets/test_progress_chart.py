"""The progress chart: load and total reps per block, an empty state, same input same picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from textual.app import App, ComposeResult

from bfr_tui.widgets.progress_chart import (
    EMPTY_TEXT,
    NO_EXERCISE_TEXT,
    ProgressChart,
    thin_series,
)


@dataclass(frozen=True)
class Point:
    day: date
    load: float
    total_reps: int


POINTS = [
    Point(date(2026, 1, 5) + timedelta(days=3 * i), 10 + 1.25 * (i // 3), 72 + i % 4)
    for i in range(12)
]


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressChart()


async def test_says_what_to_do_when_there_is_nothing_to_draw() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        chart = app.query_one(ProgressChart)
        assert NO_EXERCISE_TEXT in str(chart.render())
        chart.show("Cable curl", [], unit="kg")
        await pilot.pause()
        assert EMPTY_TEXT in str(chart.render())
        assert chart.has_class("-empty")


async def test_draws_both_series_with_dates_and_the_same_picture_twice() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 16)) as pilot:
        chart = app.query_one(ProgressChart)
        chart.show("Cable curl", list(reversed(POINTS)), unit="kg")
        await pilot.pause()
        first = chart.render().plain
        second = chart.render().plain

    assert first == second
    assert "load kg" in first and "total reps" in first
    assert "Jan 05" in first  # the first block's day on the x axis
    assert [p.day for p in chart.points] == sorted(p.day for p in POINTS)


def test_long_histories_are_averaged_into_time_buckets() -> None:
    start = date(2020, 1, 1)
    points = [
        Point(start + timedelta(days=i), 10.0 + (i % 2), 60 + 2 * (i % 2)) for i in range(1000)
    ]
    x, loads, reps = thin_series(points, max_points=100)
    assert len(x) == len(loads) == len(reps) <= 100
    assert x == sorted(x)
    assert x[0] >= start.toordinal() and x[-1] <= points[-1].day.toordinal()
    # Alternating 10/11 kg and 60/62 reps average out to the middle.
    assert all(10.0 <= load <= 11.0 for load in loads)
    assert abs(sum(loads) / len(loads) - 10.5) < 0.05
    assert abs(sum(reps) / len(reps) - 61) < 0.1


def test_short_histories_are_drawn_block_by_block() -> None:
    x, loads, reps = thin_series(POINTS, max_points=100)
    assert x == [p.day.toordinal() for p in POINTS]
    assert loads == [p.load for p in POINTS]
    assert reps == [float(p.total_reps) for p in POINTS]
