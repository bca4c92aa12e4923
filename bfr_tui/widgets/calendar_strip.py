"""A strip of recent weeks, one column per week, marking the days that had BFR blocks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from bfr_tui.domain.weeks import week_start

DAY_LABELS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# Only every other row is labelled, the way a wall calendar strip keeps it readable.
SHOWN_DAY_LABELS = ("Mo", "", "We", "", "Fr", "", "Su")
LABEL_WIDTH = 3
CELL_WIDTH = 2
MIN_WEEKS = 1
MAX_WEEKS = 104

NO_BLOCK = "·"
# One, two, three or more blocks on a day: a denser glyph for a busier day, so the
# strip still reads on a terminal without colour.
SHADES = ("▒", "▓", "█")
EMPTY_HEIGHT = 1 + len(DAY_LABELS)


def weeks_for_width(width: int) -> int:
    """How many week columns fit in ``width`` cells after the day labels."""
    return max(MIN_WEEKS, min(MAX_WEEKS, (width - LABEL_WIDTH) // CELL_WIDTH))


def strip_range(*, until: date, weeks: int) -> tuple[date, date]:
    """The first and last day a strip of ``weeks`` weeks ending with ``until`` shows."""
    first = week_start(until) - timedelta(weeks=weeks - 1)
    return first, until


def shade_for(count: int) -> str:
    """The glyph for a day with ``count`` blocks."""
    if count <= 0:
        return NO_BLOCK
    return SHADES[min(count, len(SHADES)) - 1]


@dataclass(frozen=True, slots=True)
class StripCell:
    """One day in the strip; ``count`` is None for days after ``until``."""

    day: date
    count: int | None


@dataclass(frozen=True, slots=True)
class CalendarGrid:
    """Week columns (Monday first) and the month label above each column, if any."""

    columns: tuple[tuple[StripCell, ...], ...]
    month_labels: tuple[str, ...]

    def cell(self, day: date) -> StripCell | None:
        """The cell showing ``day``, or None when the strip does not show it."""
        for column in self.columns:
            if column[0].day <= day <= column[-1].day:
                return column[day.weekday()]
        return None


def calendar_grid(days: Mapping[date, int], *, until: date, weeks: int) -> CalendarGrid:
    """Lay ``days`` (blocks per day) out as ``weeks`` Monday-to-Sunday columns ending at ``until``.

    A column gets a month label ("Mar") when it holds the first of a month, or for the
    first column, so the reader always knows where the strip starts.
    """
    weeks = max(MIN_WEEKS, weeks)
    first, _ = strip_range(until=until, weeks=weeks)
    columns: list[tuple[StripCell, ...]] = []
    labels: list[str] = []
    for index in range(weeks):
        monday = first + timedelta(weeks=index)
        column = tuple(
            StripCell(day, None if day > until else days.get(day, 0))
            for day in (monday + timedelta(days=offset) for offset in range(7))
        )
        columns.append(column)
        firsts = [cell.day for cell in column if cell.day.day == 1 and cell.day <= until]
        if firsts:
            labels.append(firsts[0].strftime("%b"))
        elif index == 0:
            labels.append(monday.strftime("%b"))
        else:
            labels.append("")
    return CalendarGrid(columns=tuple(columns), month_labels=tuple(labels))


def month_row(grid: CalendarGrid) -> str:
    """The month labels, each starting above its column, skipped when it would overlap."""
    row = [" "] * (LABEL_WIDTH + CELL_WIDTH * len(grid.columns))
    free_from = 0
    for index, label in enumerate(grid.month_labels):
        start = LABEL_WIDTH + CELL_WIDTH * index
        if not label or start < free_from or start + len(label) > len(row):
            continue
        row[start : start + len(label)] = label
        free_from = start + len(label) + 1
    return "".join(row).rstrip()


def strip_lines(grid: CalendarGrid) -> list[str]:
    """The strip as plain text: the month row, then Monday to Sunday."""
    lines = [month_row(grid)]
    for weekday, label in enumerate(SHOWN_DAY_LABELS):
        cells = []
        for column in grid.columns:
            count = column[weekday].count
            cells.append(" " if count is None else shade_for(count))
        lines.append(f"{label:<{LABEL_WIDTH}}" + " ".join(cells))
    return lines


class CalendarStrip(Widget):
    """The last weeks of training at a glance: one column per week, one cell per day."""

    DEFAULT_CSS = """
    CalendarStrip {
        height: 8;
        width: 1fr;
    }
    CalendarStrip > .calendar-strip--label { color: $text-muted; }
    CalendarStrip > .calendar-strip--none { color: $text-muted 50%; }
    CalendarStrip > .calendar-strip--day { color: $success; }
    CalendarStrip > .calendar-strip--today { text-style: bold underline; }
    """

    COMPONENT_CLASSES = {
        "calendar-strip--label",
        "calendar-strip--none",
        "calendar-strip--day",
        "calendar-strip--today",
    }

    days: reactive[dict[date, int]] = reactive(dict, always_update=True)
    """Blocks per day; days missing from the dict had none."""
    until: reactive[date | None] = reactive(None)
    """The last day shown (today, from the app's clock); nothing is drawn until it is set."""

    def show(self, days: Mapping[date, int], *, until: date) -> None:
        """Draw ``days`` (blocks per day) in weeks ending at ``until``."""
        self.until = until
        self.days = dict(days)

    @property
    def weeks(self) -> int:
        """How many weeks fit the current width."""
        return weeks_for_width(self.content_size.width)

    def render(self) -> Text:
        if self.until is None:
            return Text("")
        grid = calendar_grid(self.days, until=self.until, weeks=self.weeks)
        label = self.get_component_rich_style("calendar-strip--label")
        none = self.get_component_rich_style("calendar-strip--none")
        marked = self.get_component_rich_style("calendar-strip--day")
        today = self.get_component_rich_style("calendar-strip--today", partial=True)
        text = Text(no_wrap=True, overflow="crop")
        text.append(month_row(grid), label)
        for weekday, day_label in enumerate(SHOWN_DAY_LABELS):
            text.append("\n")
            text.append(f"{day_label:<{LABEL_WIDTH}}", label)
            for index, column in enumerate(grid.columns):
                cell = column[weekday]
                if index:
                    text.append(" ")
                if cell.count is None:
                    text.append(" ")
                    continue
                style: Style = marked if cell.count else none
                if cell.day == self.until:
                    style = style + today
                text.append(shade_for(cell.count), style)
        return text
