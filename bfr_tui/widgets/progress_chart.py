"""One exercise's progress: load and total reps per block over time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.markup import escape
from textual.reactive import reactive
from textual.widget import Widget
from textual_plotext import PlotextPlot

EMPTY_TEXT = "No blocks for this exercise yet: its load and reps show here once you log some."
NO_EXERCISE_TEXT = "Pick an exercise (filter or highlighted row) to see its progress."
# Fewer than this many columns or rows and plotext draws an unreadable smear.
MIN_PLOT_WIDTH = 30
MIN_PLOT_HEIGHT = 6
TOO_SMALL_TEXT = "Widen the window to see the chart."
LONG_SPAN_DAYS = 120



def theme_rgb(widget: Widget, name: str, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    """The app theme's colour ``name`` as plotext takes it, or ``fallback`` without one."""
    value = widget.app.theme_variables.get(name)
    if not value:
        return fallback
    return Color.parse(value).rgb


class ChartPoint(Protocol):
    """One block on the chart (``training_log.ProgressPoint`` fits): day, load, total reps."""

    @property
    def day(self) -> date: ...

    @property
    def load(self) -> float: ...

    @property
    def total_reps(self) -> int: ...


def axis_ticks(values: Sequence[float], count: int = 3) -> tuple[list[float], list[str]]:
    """A few evenly spaced ticks across ``values``, labelled without trailing zeros."""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return [low], [f"{low:g}"]
    ticks = [low + (high - low) * i / (count - 1) for i in range(count)]
    return ticks, [f"{round(t, 2):g}" for t in ticks]


def date_ticks(days: Sequence[date], width: int) -> tuple[list[float], list[str]]:
    """Date labels along x, as many as fit without touching (a label is about 7 cells).

    Spans longer than a season are labelled by month (``2025-12``), shorter ones by
    day (``Feb 13``), so a label never reads as the wrong kind of date.
    """
    first, last = days[0].toordinal(), days[-1].toordinal()
    fmt = "%Y-%m" if last - first > LONG_SPAN_DAYS else "%b %d"
    if first == last:
        only: list[float] = [first]
        return only, [days[0].strftime(fmt)]
    count = max(2, min(6, width // 14))
    ticks: list[float] = [round(first + (last - first) * i / (count - 1)) for i in range(count)]
    labels = [date.fromordinal(int(t)).strftime(fmt) for t in ticks]
    return ticks, labels


def thin_series(
    points: Sequence[ChartPoint], max_points: int
) -> tuple[list[int], list[float], list[float]]:
    """Day ordinals, loads and total reps, averaged into at most ``max_points`` time buckets.

    A terminal plot has only a few dots per column; years of blocks would cost far more
    time to draw than they add, so blocks falling into the same slice of time are
    averaged. Fewer points than ``max_points`` come back unchanged.
    """
    x = [p.day.toordinal() for p in points]
    loads = [float(p.load) for p in points]
    reps = [float(p.total_reps) for p in points]
    if len(points) <= max_points or max_points < 2:
        return x, loads, reps
    first, span = x[0], max(1, x[-1] - x[0])
    buckets: dict[int, list[int]] = {}
    for index, day in enumerate(x):
        buckets.setdefault(min(max_points - 1, (day - first) * max_points // span), []).append(
            index
        )
    thin_x, thin_loads, thin_reps = [], [], []
    for members in buckets.values():
        thin_x.append(round(sum(x[i] for i in members) / len(members)))
        thin_loads.append(sum(loads[i] for i in members) / len(members))
        thin_reps.append(sum(reps[i] for i in members) / len(members))
    return thin_x, thin_loads, thin_reps


class ProgressChart(PlotextPlot):
    """Load (left axis) and total reps (right axis) of one exercise, block by block.

    Series colours come from the app theme ($primary for load, $warning for reps)
    and are read at render time, so a theme change recolours the chart.
    """

    DEFAULT_CSS = """
    ProgressChart {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    ProgressChart.-empty {
        color: $text-muted;
        content-align: center middle;
    }
    """

    points: reactive[tuple[ChartPoint, ...]] = reactive(tuple, always_update=True)
    """The blocks to draw, oldest first."""
    exercise_name: reactive[str] = reactive("")
    """Whose progress this is; empty when no exercise is chosen."""
    unit: reactive[str] = reactive("kg")
    """The load unit shown in the legend."""

    def show(self, name: str, points: Sequence[ChartPoint], *, unit: str) -> None:
        """Draw ``points`` (any order) for the exercise called ``name``."""
        self.unit = unit
        self.exercise_name = name
        self.points = tuple(sorted(points, key=lambda p: p.day))

    def clear(self) -> None:
        """Show the "pick an exercise" text."""
        self.exercise_name = ""
        self.points = ()

    def watch_points(self, points: tuple[ChartPoint, ...]) -> None:
        self.set_class(not points, "-empty")
        self.border_title = escape(self.exercise_name) if self.exercise_name else "Progress"

    def render(self) -> RenderResult:
        width, height = self.size
        if not self.points:
            return Text(EMPTY_TEXT if self.exercise_name else NO_EXERCISE_TEXT, justify="center")
        if width < MIN_PLOT_WIDTH or height < MIN_PLOT_HEIGHT:
            return Text(TOO_SMALL_TEXT, justify="center")
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        days = [p.day for p in self.points]
        # Braille gives two dots per cell across; more points than that cannot be seen.
        x, loads, reps = thin_series(self.points, max_points=2 * width)
        load_colour = theme_rgb(self, "primary", (0, 130, 200))
        reps_colour = theme_rgb(self, "warning", (245, 130, 48))
        marker = "braille" if len(x) > 1 else "dot"
        plt.plot(x, loads, yside="left", color=load_colour, marker=marker,
                 label=f"load {self.unit}")
        plt.plot(x, reps, yside="right", color=reps_colour, marker=marker, label="total reps")
        plt.xticks(*date_ticks(days, width))
        # plotext numbers its y axes 1 (left) and 2 (right), the form its stub types.
        plt.yticks(*axis_ticks(loads), yside=1)
        plt.yticks(*axis_ticks(reps), yside=2)
        return super().render()
