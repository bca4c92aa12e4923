"""Each week's cuff minutes on the arms and on the legs, with the weekly plan's
sessions done when the lifter has a plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from bfr_tui.domain.plan_kept import WeekKept
from bfr_tui.widgets.progress_chart import (
    MIN_PLOT_HEIGHT,
    MIN_PLOT_WIDTH,
    TOO_SMALL_TEXT,
    axis_ticks,
    theme_rgb,
)

EMPTY_TEXT = "Nothing to chart yet: each week's cuff minutes show here once you log a block."
TITLE = "Cuff minutes a week"
# The legend, in the border title so it never covers a bar: the limbs' theme colours.
LEGEND = "[$primary]█[/] arm [$accent]█[/] leg"
PLAN_SUBTITLE = "above each week: sessions done / planned by today's plan"
# Cells between week labels (``29 Dec`` is six). plotext slides a label sideways when a
# neighbour is within its width on either side, and places the labels in an order that
# changes from run to run, so closer labels would land in a different place each time.
LABEL_CELLS = 9
# Cells left of the plot for the minute ticks (``120┤``) and right of it for the frame,
# counted generously: too few would crowd the week labels.
Y_AXIS_CELLS = 7
# The x axis, its tick labels and the frame's top line take these rows from the plot.
X_AXIS_ROWS = 3
# Minutes between the y axis's ticks: the smallest that reaches the busiest week in the
# gaps there is room for, so the ticks read as round minutes.
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 240)
MAX_TICK_GAPS = 4
# Rows a tick gap needs at least: closer ticks land unevenly on whole rows.
ROWS_PER_TICK_GAP = 3
# Of each week's slot, the share its bar takes: the rest keeps neighbours apart.
BAR_WIDTH = 0.5


@dataclass(frozen=True, slots=True)
class WeekBar:
    """One week on the chart."""

    label: str
    """The week's Monday as the weekly table writes it: ``2 Mar``."""
    arm_minutes: float
    leg_minutes: float
    kept: WeekKept | None
    """The week against the weekly plan; None for a lifter without a plan."""


def labelled_weeks(count: int, plot_cells: int) -> list[int]:
    """The weeks (0 is the oldest) whose label fits under the plot: every one if there is
    room, else every second or third, always counting back from the newest."""
    step = max(1, ceil(LABEL_CELLS * count / max(1, plot_cells)))
    return sorted(range(count - 1, -1, -step))


def minute_ticks(most: float, rows: int) -> tuple[float, int]:
    """The top of the y axis for a busiest week of ``most`` minutes drawn ``rows`` rows
    high, on a round tick, and the number of gaps between the ticks up to it."""
    max_gaps = min(MAX_TICK_GAPS, max(1, rows // ROWS_PER_TICK_GAP))
    step = next((step for step in TICK_STEPS if most <= step * max_gaps), TICK_STEPS[-1])
    gaps = max(1, ceil(most / step))
    return float(step * gaps), gaps


def plan_text(kept: WeekKept) -> str:
    """``2/3``: short enough to sit over a bar in a narrow terminal."""
    return f"{kept.done}/{kept.planned}"


class WeeklyChart(PlotextPlot):
    """Cuff minutes a week, arms stacked on legs, and over each week the sessions of the
    weekly plan it did.

    Colours come from the app theme ($primary for the arms, $accent for the legs,
    $success for a week that kept the whole plan), read at render time as the other
    charts do.
    """

    DEFAULT_CSS = """
    WeeklyChart {
        width: 1fr;
        height: 1fr;
        min-height: 6;
    }
    WeeklyChart.-empty {
        color: $text-muted;
        content-align: center middle;
    }
    """

    weeks: reactive[tuple[WeekBar, ...] | None] = reactive(None, always_update=True)
    """The weeks to draw, oldest first; None until they are read."""

    def show(self, weeks: Sequence[WeekBar]) -> None:
        """Draw ``weeks``, oldest first."""
        self.weeks = tuple(weeks)

    def watch_weeks(self, weeks: tuple[WeekBar, ...] | None) -> None:
        drawn = weeks is not None and has_anything(weeks)
        self.set_class(weeks is not None and not drawn, "-empty")
        self.border_title = f"{TITLE}: {LEGEND}" if drawn else TITLE
        with_plan = drawn and any(week.kept is not None for week in weeks or ())
        self.border_subtitle = PLAN_SUBTITLE if with_plan else None

    def render(self) -> RenderResult:
        weeks = self.weeks
        if weeks is None:
            return Text("")
        if not has_anything(weeks):
            return Text(EMPTY_TEXT, justify="center")
        width, height = self.size
        if width < MIN_PLOT_WIDTH or height < MIN_PLOT_HEIGHT:
            return Text(TOO_SMALL_TEXT, justify="center")
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        x = list(range(1, len(weeks) + 1))
        totals = [week.arm_minutes + week.leg_minutes for week in weeks]
        with_plan = any(week.kept is not None for week in weeks)
        rows = max(2, height - X_AXIS_ROWS)
        # The top row of the plot is kept clear of bars for the plan counts.
        bar_rows = rows - 1 if with_plan else rows
        top, gaps = minute_ticks(max(totals), bar_rows)
        # Stacked by drawing both limbs' total in the arm colour and the legs over it:
        # plotext's stacked_bar takes a list of colours, which its type stubs refuse.
        plt.bar(x, totals, color=theme_rgb(self, "primary", (0, 130, 200)),
                width=BAR_WIDTH, reset_ticks=False)
        # Only weeks with leg minutes: plotext paints even a bar of 0 over the arm's.
        legs = [(position, week.leg_minutes) for position, week in zip(x, weeks, strict=True)
                if week.leg_minutes > 0]
        if legs:
            plt.bar([position for position, _ in legs], [minutes for _, minutes in legs],
                    color=theme_rgb(self, "accent", (245, 130, 48)), width=BAR_WIDTH,
                    reset_ticks=False)
        upper = top * rows / bar_rows
        if with_plan:
            self._plan_row(weeks, x, y=top * (rows - 0.5) / bar_rows)
        shown = labelled_weeks(len(weeks), width - Y_AXIS_CELLS)
        plt.xticks([x[i] for i in shown], [weeks[i].label for i in shown])
        plt.xlim(x[0] - 0.5, x[-1] + 0.5)
        plt.ylim(0, upper)
        plt.yticks(*axis_ticks([0.0, top], count=gaps + 1))
        return super().render()

    def _plan_row(self, weeks: Sequence[WeekBar], x: Sequence[int], *, y: float) -> None:
        """Over each week, its plan sessions done of those planned; green when all done."""
        kept_colour = theme_rgb(self, "success", (60, 180, 75))
        short_colour = theme_rgb(self, "foreground", (224, 224, 224))
        background = theme_rgb(self, "surface", (30, 30, 30))
        for position, week in zip(x, weeks, strict=True):
            if week.kept is None or not week.kept.planned:
                continue
            colour = kept_colour if week.kept.done >= week.kept.planned else short_colour
            self.plt.text(plan_text(week.kept), position, y, color=colour, background=background,
                          alignment="center")


def has_anything(weeks: Sequence[WeekBar]) -> bool:
    """Whether any week has cuff time or a plan session done: else there is nothing to
    draw."""
    return any(week.arm_minutes or week.leg_minutes or (week.kept and week.kept.done)
               for week in weeks)
