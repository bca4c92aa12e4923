"""One exercise's 1RM over time, the BFR band it gives, and the loads of its blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import RenderResult
from textual.markup import escape
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from bfr_tui.domain.load import LoadBand
from bfr_tui.widgets.progress_chart import (
    MIN_PLOT_HEIGHT,
    MIN_PLOT_WIDTH,
    TOO_SMALL_TEXT,
    ChartPoint,
    axis_ticks,
    date_ticks,
    theme_rgb,
    thin_series,
)

EMPTY_TEXT = "Nothing to draw yet: no 1RM and no blocks for this exercise."
NO_EXERCISE_TEXT = "Pick an exercise to see its 1RM and band over time."


@dataclass(frozen=True, slots=True)
class OneRepMaxStep:
    """A 1RM on record, in the exercise's unit, and the band it sets until the next one."""

    day: date
    one_rm: float
    band: LoadBand


def stepped(
    steps: Sequence[tuple[date, float]], until: date
) -> tuple[list[int], list[float]]:
    """A value that holds from each day to the next, drawn as a staircase up to ``until``.

    ``steps`` are (day, value), oldest first: each value is drawn flat from its day to
    the next one's, where it climbs (or drops) to the next value.
    """
    x: list[int] = []
    y: list[float] = []
    for index, (day, value) in enumerate(steps):
        end = steps[index + 1][0] if index + 1 < len(steps) else max(until, day)
        x += [day.toordinal(), end.toordinal()]
        y += [value, value]
    return x, y


class OneRepMaxChart(PlotextPlot):
    """The 1RM, the band's low and high ends under it, and each block's load, on one axis.

    Series colours come from the app theme ($warning for the 1RM, $success for the band,
    $primary for the loads), read at render time as the history chart does.
    """

    DEFAULT_CSS = """
    OneRepMaxChart {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    OneRepMaxChart.-empty {
        color: $text-muted;
        content-align: center middle;
    }
    """

    steps: reactive[tuple[OneRepMaxStep, ...]] = reactive(tuple, always_update=True)
    """The 1RMs on record, oldest first."""
    blocks: reactive[tuple[ChartPoint, ...]] = reactive(tuple, always_update=True)
    """The exercise's blocks, oldest first, loads in the exercise's unit."""
    exercise_name: reactive[str] = reactive("")
    """Whose 1RM this is; empty when no exercise is chosen."""
    unit: reactive[str] = reactive("kg")
    """The exercise's unit, shown in the legend."""

    def show(
        self, name: str, steps: Sequence[OneRepMaxStep], blocks: Sequence[ChartPoint], *,
        unit: str,
    ) -> None:
        """Draw ``steps`` and ``blocks`` (any order) for the exercise called ``name``."""
        self.unit = unit
        self.exercise_name = name
        self.blocks = tuple(sorted(blocks, key=lambda p: p.day))
        self.steps = tuple(sorted(steps, key=lambda s: s.day))

    def clear(self) -> None:
        """Show the "pick an exercise" text."""
        self.exercise_name = ""
        self.blocks = ()
        self.steps = ()

    def watch_steps(self, steps: tuple[OneRepMaxStep, ...]) -> None:
        self.set_class(not steps and not self.blocks, "-empty")
        self.border_title = escape(self.exercise_name) if self.exercise_name else "1RM"

    def render(self) -> RenderResult:
        width, height = self.size
        if not self.steps and not self.blocks:
            return Text(EMPTY_TEXT if self.exercise_name else NO_EXERCISE_TEXT,
                        justify="center")
        if width < MIN_PLOT_WIDTH or height < MIN_PLOT_HEIGHT:
            return Text(TOO_SMALL_TEXT, justify="center")
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        days = sorted([s.day for s in self.steps] + [p.day for p in self.blocks])
        until = days[-1]
        # One axis for all: the band reads as the 20-30 % slice under the 1RM it comes
        # from, and each block's load sits inside it, above it or below it.
        values: list[float] = []
        if self.steps:
            band_colour = theme_rgb(self, "success", (60, 180, 75))
            one_rm_colour = theme_rgb(self, "warning", (245, 130, 48))
            x, one_rms = stepped([(s.day, s.one_rm) for s in self.steps], until)
            _, highs = stepped([(s.day, s.band.high) for s in self.steps], until)
            _, lows = stepped([(s.day, s.band.low) for s in self.steps], until)
            plt.plot(x, one_rms, color=one_rm_colour, marker="braille",
                     label=f"1RM {self.unit}")
            plt.plot(x, highs, color=band_colour, marker="braille", label="BFR band")
            plt.plot(x, lows, color=band_colour, marker="braille")
            values += one_rms + lows
        if self.blocks:
            load_colour = theme_rgb(self, "primary", (0, 130, 200))
            # Two points a cell across are more than a terminal can tell apart.
            x_loads, loads, _ = thin_series(self.blocks, max_points=2 * width)
            # A whole-cell mark: a block's load stays visible on the band's own line.
            plt.scatter(x_loads, loads, color=load_colour, marker="•",
                        label=f"block load {self.unit}")
            values += loads
        plt.xticks(*date_ticks(days, width))
        # From zero: the band's height against the 1RM's is the point of the chart.
        plt.ylim(0, max(values) * 1.05)
        plt.yticks(*axis_ticks([0.0, max(values)], count=4))
        return super().render()
