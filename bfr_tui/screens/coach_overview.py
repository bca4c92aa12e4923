"""A coach's overview: every lifter in the log, their recent training and what needs care.

One line a lifter: the last block, blocks and cuff minutes in the last week and four
weeks, red flags in the last two weeks (in the error colour), where the screening
stands, and the limbs still inside their 36 h rest. ``enter`` opens the lifter's log;
a heading (or ``s``) sorts by that column; ``/`` filters by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize, ScreenResume
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from bfr_tui.domain.coaching import FOUR_WEEKS, RED_FLAG_WINDOW, WEEK
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.progression import MIN_RECOVERY, LimbRest
from bfr_tui.domain.screening import RECONFIRM_AFTER, ScreeningNeed, ScreeningStatus
from bfr_tui.domain.units import counted
from bfr_tui.screens.exercises import NONE_SHOWN, short_date
from bfr_tui.screens.filter_box import FiltersWithSlash
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import LifterFacts, LifterOverview
from bfr_tui.widgets.key_footer import KeyFooter
from bfr_tui.widgets.table import Table

# The last block with its exercise, or its day alone (the panel below names it).
LAYOUT_FULL, LAYOUT_DAY_ONLY = True, False
NAME_MIN_WIDTH = 8
RESTING_MIN_WIDTH = 10
SIDE_LETTER = {Side.LEFT: " L", Side.RIGHT: " R", Side.BOTH: ""}
SIDE_WORD = {Side.LEFT: "left ", Side.RIGHT: "right ", Side.BOTH: ""}
# What the screening needs, in a word or two for the table and a sentence for the panel.
NEED_SHORT = {
    ScreeningNeed.NEVER_DONE: "never",
    ScreeningNeed.UNFINISHED: "unfinished",
    ScreeningNeed.EXPIRED: "expired",
    ScreeningNeed.DATED_AHEAD: "dated ahead",
}
NEED_SAID = {
    ScreeningNeed.NEVER_DONE: "never done",
    ScreeningNeed.UNFINISHED: "not finished",
    ScreeningNeed.EXPIRED: f"expired (more than {RECONFIRM_AFTER.days} days old)",
    ScreeningNeed.DATED_AHEAD: "dated after today (was the clock set back?)",
}
NEEDS_CLEARANCE = "needs clearance"
# How long opening the overview waits for every lifter's line, so that it paints whole
# at once; a slower log opens it saying it is reading.
OPEN_WAIT_S = 0.25


def _days(window: timedelta) -> int:
    return window.days


def cuff_minutes(seconds: float) -> int:
    """Whole minutes under the cuff, to the nearest."""
    return round(seconds / 60)


def counts_text(blocks: int, cuff_s: float, *, tight: bool) -> str:
    """``3 · 24 min`` (``3·24m`` tight), or a dash for no blocks."""
    if not blocks:
        return NONE_SHOWN
    minutes = cuff_minutes(cuff_s)
    return f"{blocks}·{minutes}m" if tight else f"{blocks} · {minutes} min"


def last_block_text(line: LifterOverview, today: date, *, with_exercise: bool) -> str:
    """``Sun 1 Mar · Dumbbell curl`` (or the day alone), or a dash."""
    if line.last_block_at is None:
        return NONE_SHOWN
    day = line.last_block_at.date()
    shown = f"{day:%a} {short_date(day, today)}"
    if not with_exercise or not line.last_exercise:
        return shown
    return f"{shown} · {line.last_exercise}"


def screening_text(line: LifterOverview, today: date) -> str:
    """``due 1 Apr``, ``never``, ``expired``, ``needs clearance``..."""
    screening = line.screening
    if screening.need is not None:
        return NEED_SHORT[screening.need]
    if screening.status is ScreeningStatus.NEEDS_CLEARANCE:
        return NEEDS_CLEARANCE
    return f"due {short_date(screening.due, today)}" if screening.due else NONE_SHOWN


def resting_text(resting: tuple[LimbRest, ...]) -> str:
    """``arm Tue 16:30, leg L Wed 00:30``: each limb and when it is free again (both
    sides resting: the later end; the panel below gives each side's)."""
    free_at: dict[str, tuple[str, datetime]] = {}
    for rest in resting:
        if rest.limb in free_at:
            free_at[rest.limb] = ("", max(free_at[rest.limb][1], rest.until))
        else:
            free_at[rest.limb] = (SIDE_LETTER[rest.side], rest.until)
    return ", ".join(
        f"{limb}{side} {until:%a %H:%M}" for limb, (side, until) in free_at.items()
    ) or NONE_SHOWN


def needs_care(line: LifterOverview) -> bool:
    """The screening stops this lifter's next block until it is done or cleared."""
    return line.screening.status is not ScreeningStatus.CLEAR


# --- sorting ---------------------------------------------------------------------------

SortKey = Callable[[LifterOverview], Any]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its headings (wide, narrow) and how it sorts, the first
    click putting what needs a coach's eye first."""

    key: str
    heading: str
    narrow_heading: str
    sort_key: SortKey
    first_descending: bool = False


def _screening_order(line: LifterOverview) -> tuple[int, date]:
    # Whatever stops a block first, then the screenings due soonest.
    due = line.screening.due or date.min
    return (0 if needs_care(line) else 1, due)


COLUMNS: tuple[Column, ...] = (
    Column("name", "Lifter", "Lifter", lambda line: line.lifter.name.casefold()),
    Column("last", "Last block", "Last",
           lambda line: line.last_block_at or datetime.min.astimezone(), first_descending=True),
    Column("week", f"{_days(WEEK)} days", f"{_days(WEEK)} d",
           lambda line: (line.recent.blocks_week, line.recent.cuff_s_week),
           first_descending=True),
    Column("four-weeks", f"{_days(FOUR_WEEKS)} days", f"{_days(FOUR_WEEKS)} d",
           lambda line: (line.recent.blocks_four_weeks, line.recent.cuff_s_four_weeks),
           first_descending=True),
    Column("red-flags", "Red flags", "Red", lambda line: line.red_flags, first_descending=True),
    Column("screening", "Screening", "Screening", _screening_order),
    Column("resting", "Resting until", "Resting",
           lambda line: max((rest.until for rest in line.resting),
                            default=datetime.min.astimezone()),
           first_descending=True),
)


@dataclass(frozen=True, slots=True)
class SortOrder:
    """Which column the lines are sorted by, and which way."""

    column: int = 0
    descending: bool = False

    def clicked(self, column: int) -> SortOrder:
        """The order after a click on ``column``'s heading: again on it turns it round."""
        if column == self.column:
            return SortOrder(column, not self.descending)
        return SortOrder(column, COLUMNS[column].first_descending)

    def sorted(self, lines: list[LifterOverview]) -> list[LifterOverview]:
        """``lines`` in this order; ties stay by name."""
        by_name = sorted(lines, key=COLUMNS[0].sort_key)
        return sorted(by_name, key=COLUMNS[self.column].sort_key, reverse=self.descending)


class LifterTable(Table[Text]):
    """The overview's table: enter opens the lifter (shown in the footer), rather than
    the stock table's hidden "select"."""

    BINDINGS = [Binding("enter", "screen.open", "Open lifter", id="coach-open")]


@dataclass
class OverviewLoaded(Message, bubble=False):
    """Every lifter's line, as read at ``now``."""

    lines: list[LifterOverview]
    now: datetime


class CoachOverviewScreen(
    FiltersWithSlash, UsesLog, ShowsWorkerErrors, Screen[LifterFacts | None]
):
    """Every lifter at a glance; dismisses with the lifter to open (None: back)."""

    CSS_PATH = "coach_overview.tcss"
    FILTER_BOX = "#coach-filter-box"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="coach-filter"),
        Binding("s", "sort", "Sort", id="coach-sort"),
        Binding("escape", "back", "Back", id="coach-back"),
    ]

    def __init__(self, loaded: OverviewLoaded | None = None) -> None:
        """``loaded``: every lifter's line, read just before opening (else read here)."""
        super().__init__()
        self.lines: list[LifterOverview] = []
        self.now: datetime | None = None
        self.order = SortOrder()
        self._shown: list[LifterOverview] = []
        self._loaded = False
        self._given = loaded

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ filter by name", id="coach-filter-box", compact=True,
                    select_on_focus=False)
        yield LifterTable(id="coach-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="coach-detail"):
            yield Static("Reading every lifter's log…", id="coach-detail-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Coach overview"
        self.query_one("#coach-table", DataTable).focus()
        if self._given is not None:
            self.on_overview_loaded(self._given)

    def on_screen_resume(self, _event: ScreenResume) -> None:
        if self._given is not None:
            # Opened with the lines read a moment ago: read again on the next return.
            self._given = None
            return
        self.reload()

    def on_resize(self, _event: Resize) -> None:
        if self._loaded:
            self.call_after_refresh(self._fill_table)

    # --- loading -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read every lifter's line again, as of the clock's now."""
        self._load(self.clock.now())

    @work(thread=True, exclusive=True, group="coach-overview", exit_on_error=False)
    def _load(self, now: datetime) -> None:
        lines = self.training_log.coach_overview(now=now)
        if not get_current_worker().is_cancelled:
            self.post_message(OverviewLoaded(lines, now))

    def on_overview_loaded(self, loaded: OverviewLoaded) -> None:
        self.lines, self.now = loaded.lines, loaded.now
        self._loaded = True
        self._fill_table()

    # --- the table -----------------------------------------------------------------------

    @property
    def shown_lines(self) -> list[LifterOverview]:
        """The lifters the table shows now, in its order (after the filter)."""
        return list(self._shown)

    def highlighted(self) -> LifterOverview | None:
        """The lifter under the cursor, if the table shows any."""
        table = self.query_one("#coach-table", DataTable)
        if not 0 <= table.cursor_row < len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _fill_table(self) -> None:
        table = self.query_one("#coach-table", DataTable)
        # The cursor stays on its lifter; at first it starts on the one whose log is open.
        current = self.highlighted()
        opened = self.training_log.lifter
        keep = current.lifter.id if current is not None else opened.id if opened else None
        wanted = self.query_one("#coach-filter-box", Input).value.casefold().split()
        self._shown = self.order.sorted([
            line for line in self.lines
            if all(word in line.lifter.name.casefold() for word in wanted)
        ])
        # Filled as it mounts, before the screen has been laid out: it spans the app.
        headings, rows, widths = self._measured(self.size.width or self.app.size.width)
        table.clear(columns=True)
        for column, heading, width in zip(COLUMNS, headings, widths, strict=True):
            table.add_column(heading, width=width, key=column.key)
        for line, row in zip(self._shown, rows, strict=True):
            for cell, width in zip(row, widths, strict=True):
                cell.truncate(width, overflow="ellipsis")
            table.add_row(*row, key=str(line.lifter.id))
        index = next((i for i, line in enumerate(self._shown) if line.lifter.id == keep), 0)
        if self._shown:
            table.move_cursor(row=index, animate=False, scroll=True)
        self._show_detail()

    def _measured(self, width: int) -> tuple[list[str], list[list[Text]], list[int]]:
        """Headings, cells and column widths for a terminal ``width`` wide.

        The fullest layout whose names fit whole, leaving the resting limbs some room:
        the last block with its exercise, then without it (the panel below names it),
        then with counts and headings written tight. The resting limbs get what is left,
        cut if need be (the panel says them in full).
        """
        today = (self.now or self.clock.now()).date()
        layouts = ((LAYOUT_FULL, False), (LAYOUT_DAY_ONLY, False), (LAYOUT_DAY_ONLY, True))
        for with_exercise, tight in layouts:
            rows = [self._cells(line, today, with_exercise=with_exercise, tight=tight)
                    for line in self._shown]
            headings = [
                (column.narrow_heading if tight else column.heading)
                + (("▼" if self.order.descending else "▲") if index == self.order.column
                   else "")
                for index, column in enumerate(COLUMNS)
            ]
            widths = [max([cell_len(heading)] + [row[i].cell_len for row in rows])
                      for i, heading in enumerate(headings)]
            # Two cells of padding a column, and room for the vertical scrollbar.
            room = width - sum(widths[1:-1]) - 2 * len(headings) - 2
            if widths[0] + RESTING_MIN_WIDTH <= room:
                break
        widths[0] = max(NAME_MIN_WIDTH, min(widths[0], room - RESTING_MIN_WIDTH))
        widths[-1] = max(RESTING_MIN_WIDTH, min(widths[-1], room - widths[0]))
        return headings, rows, widths

    def _cells(
        self, line: LifterOverview, today: date, *, with_exercise: bool, tight: bool
    ) -> list[Text]:
        colours = self.app.theme_variables
        error = f"bold {colours.get('error', 'red')}"
        warning = colours.get("warning", "yellow")
        recent = line.recent
        return [
            Text(line.lifter.name),
            Text(last_block_text(line, today, with_exercise=with_exercise)),
            Text(counts_text(recent.blocks_week, recent.cuff_s_week, tight=tight)),
            Text(counts_text(recent.blocks_four_weeks, recent.cuff_s_four_weeks, tight=tight)),
            Text(str(line.red_flags), style=error) if line.red_flags else Text(NONE_SHOWN),
            Text(screening_text(line, today), style=warning if needs_care(line) else ""),
            Text(resting_text(line.resting)),
        ]

    @on(DataTable.RowHighlighted, "#coach-table")
    def _on_highlight(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#coach-table")
    def _on_selected(self) -> None:
        self.action_open()

    @on(DataTable.HeaderSelected, "#coach-table")
    def _on_heading(self, selected: DataTable.HeaderSelected) -> None:
        self.order = self.order.clicked(selected.column_index)
        self._fill_table()

    # --- the panel below -------------------------------------------------------------------

    def _show_detail(self) -> None:
        detail = self.query_one("#coach-detail-text", Static)
        line = self.highlighted()
        if line is not None:
            detail.update(self._detail(line))
        elif not self._loaded:
            return
        elif self.lines:
            detail.update(Content.from_markup(
                "Nobody called [b]$typed[/b]. Press escape to clear the filter.",
                typed=self.query_one("#coach-filter-box", Input).value.strip(),
            ))
        else:
            detail.update("No lifters in this log yet.")

    def _detail(self, line: LifterOverview) -> Content:
        today = (self.now or self.clock.now()).date()
        recent = line.recent
        parts = [Content.from_markup("[b]$name[/b]", name=line.lifter.name)]
        if line.last_block_at is None:
            parts.append(Content("No blocks yet."))
        else:
            parts.append(Content(
                f"Last block {line.last_block_at:%a} "
                f"{short_date(line.last_block_at.date(), today)} "
                f"{line.last_block_at:%H:%M}, {line.last_exercise}. "
                f"Last {_days(WEEK)} days: {counted(recent.blocks_week, 'block')}, "
                f"{cuff_minutes(recent.cuff_s_week)} min under the cuff; "
                f"last {_days(FOUR_WEEKS)} days: {counted(recent.blocks_four_weeks, 'block')}, "
                f"{cuff_minutes(recent.cuff_s_four_weeks)} min."
            ))
        window = f"in the last {_days(RED_FLAG_WINDOW)} days"
        if line.red_flags:
            plural = "s" if line.red_flags != 1 else ""
            parts.append(Content.from_markup(
                f"[$error][b]$count red flag{plural}[/b] {window}: see their history.[/]",
                count=str(line.red_flags),
            ))
        else:
            parts.append(Content(f"No red flags {window}."))
        parts.append(self._screening_said(line, today))
        if line.resting:
            limbs = "; ".join(
                f"{SIDE_WORD[rest.side]}{rest.limb} until {rest.until:%a} "
                f"{short_date(rest.until.date(), today)} {rest.until:%H:%M}"
                for rest in line.resting
            )
            hours = round(MIN_RECOVERY.total_seconds() / 3600)
            parts.append(Content(f"Resting ({hours} h between sessions for a limb): {limbs}."))
        return Content("\n").join(parts)

    def _screening_said(self, line: LifterOverview, today: date) -> Content:
        screening = line.screening
        if screening.need is not None:
            return Content.from_markup(
                "[$warning]Screening $why: asked when they open their log.[/]",
                why=NEED_SAID[screening.need],
            )
        if screening.status is ScreeningStatus.NEEDS_CLEARANCE:
            return Content.from_markup(
                "[$warning]Screening: a yes needs a professional's clearance before BFR.[/]"
            )
        due = screening.due
        return Content(f"Screening due again on {short_date(due, today)}." if due else "")

    # --- actions -------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open the highlighted lifter's log (enter); never while a block is under way."""
        line = self.highlighted()
        if line is None:
            return
        if self.host.block_under_way():
            self.notify(
                "A block is under way: finish it (or end it) before opening another lifter.",
                title="Coach overview", severity="warning", timeout=10,
            )
            return
        self.dismiss(line.lifter)

    def action_back(self) -> None:
        """Clear the filter, or go back (escape)."""
        filter_box = self.query_one("#coach-filter-box", Input)
        if filter_box.value:
            filter_box.value = ""
            self.query_one("#coach-table", DataTable).focus()
            return
        self.dismiss(None)

    def action_sort(self) -> None:
        """Sort by the next column (s)."""
        self.order = self.order.clicked((self.order.column + 1) % len(COLUMNS))
        self._fill_table()

    @on(Input.Changed, "#coach-filter-box")
    def _on_filter(self) -> None:
        if self._loaded:
            self._fill_table()

    @on(Input.Submitted, "#coach-filter-box")
    def _filter_done(self) -> None:
        self.query_one("#coach-table", DataTable).focus()


