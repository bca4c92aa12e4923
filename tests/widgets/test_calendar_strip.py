"""The calendar strip: weeks as columns, training days marked and shaded by block count."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import App, ComposeResult

from bfr_tui.widgets.calendar_strip import (
    CELL_WIDTH,
    LABEL_WIDTH,
    NO_BLOCK,
    SHADES,
    CalendarStrip,
    calendar_grid,
    shade_for,
    strip_lines,
    strip_range,
    weeks_for_width,
)

# A Monday, so the strip's last column is the week of 2026-03-02 with only Monday shown.
TODAY = date(2026, 3, 2)
DAYS = {
    date(2026, 3, 2): 1,  # today
    date(2026, 2, 27): 2,  # Friday last week
    date(2026, 2, 1): 3,  # a Sunday
    date(2026, 1, 14): 5,  # a busy Wednesday
    date(2025, 6, 1): 1,  # far before the strip
}


def glyph_at(lines: list[str], day: date, *, until: date, weeks: int) -> str:
    """The character the plain strip shows for ``day``."""
    first, _ = strip_range(until=until, weeks=weeks)
    column = (day - first).days // 7
    line = lines[1 + day.weekday()]
    position = LABEL_WIDTH + CELL_WIDTH * column
    return line[position] if position < len(line) else " "


def test_columns_are_monday_to_sunday_weeks_ending_with_today() -> None:
    grid = calendar_grid(DAYS, until=TODAY, weeks=10)
    assert len(grid.columns) == 10
    assert all(column[0].day.weekday() == 0 for column in grid.columns)
    assert grid.columns[-1][0].day == TODAY
    assert grid.columns[0][0].day == TODAY - timedelta(weeks=9)
    # Days after today are blank, not "no training".
    assert [cell.count for cell in grid.columns[-1]] == [1, None, None, None, None, None, None]


def test_marks_training_days_shaded_by_block_count() -> None:
    weeks = 10
    lines = strip_lines(calendar_grid(DAYS, until=TODAY, weeks=weeks))
    assert glyph_at(lines, date(2026, 3, 2), until=TODAY, weeks=weeks) == SHADES[0]
    assert glyph_at(lines, date(2026, 2, 27), until=TODAY, weeks=weeks) == SHADES[1]
    assert glyph_at(lines, date(2026, 2, 1), until=TODAY, weeks=weeks) == SHADES[2]
    assert glyph_at(lines, date(2026, 1, 14), until=TODAY, weeks=weeks) == SHADES[-1]
    assert glyph_at(lines, date(2026, 2, 28), until=TODAY, weeks=weeks) == NO_BLOCK
    assert glyph_at(lines, date(2026, 3, 3), until=TODAY, weeks=weeks) == " "
    marked = sum(line[LABEL_WIDTH:].count(g) for line in lines[1:] for g in SHADES)
    assert marked == 4  # the June day is outside ten weeks


def test_shades() -> None:
    assert shade_for(0) == NO_BLOCK
    assert [shade_for(n) for n in (1, 2, 3, 9)] == [*SHADES, SHADES[-1]]


def test_month_labels_sit_over_the_week_holding_the_first() -> None:
    grid = calendar_grid({}, until=TODAY, weeks=10)
    row = strip_lines(grid)[0]
    # 2026-02-01 is a Sunday: its week starts Monday 2026-01-26.
    first, _ = strip_range(until=TODAY, weeks=10)
    feb_column = (date(2026, 1, 26) - first).days // 7
    assert row.index("Feb") == LABEL_WIDTH + CELL_WIDTH * feb_column
    # 2026-03-01 is also a Sunday: the column of 2026-02-23 gets "Mar".
    assert row.index("Mar") == LABEL_WIDTH + CELL_WIDTH * (feb_column + 4)
    # The first column (Mon 2025-12-29) holds 2026-01-01, so it reads "Jan", not "Dec".
    assert row[LABEL_WIDTH:].startswith("Jan")
    # Without a first of the month, the first column still says where the strip starts.
    short = strip_lines(calendar_grid({}, until=TODAY, weeks=8))[0]
    assert short[LABEL_WIDTH:].startswith("Jan")
    assert strip_range(until=TODAY, weeks=8)[0] == date(2026, 1, 12)


def test_weeks_fill_the_width() -> None:
    assert weeks_for_width(LABEL_WIDTH + CELL_WIDTH * 20) == 20
    assert weeks_for_width(LABEL_WIDTH + CELL_WIDTH * 20 + 1) == 20
    assert weeks_for_width(2) == 1


class StripApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CalendarStrip()


async def test_widget_draws_the_days_it_was_shown() -> None:
    app = StripApp()
    async with app.run_test(size=(43, 10)) as pilot:
        strip = app.query_one(CalendarStrip)
        assert strip.render().plain == ""
        strip.show(DAYS, until=TODAY)
        await pilot.pause()
        weeks = strip.weeks
        lines = strip.render().plain.split("\n")

    assert weeks == weeks_for_width(43) == 20
    assert lines == strip_lines(calendar_grid(DAYS, until=TODAY, weeks=weeks))
    assert glyph_at(lines, date(2026, 2, 27), until=TODAY, weeks=weeks) == SHADES[1]
    assert lines[1].startswith("Mo")
