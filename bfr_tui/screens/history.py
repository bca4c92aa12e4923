"""History: every block newest first, filtered by exercise and dates, with progress and calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import Worker, WorkerState

from bfr_tui.domain.limits import check_day
from bfr_tui.domain.occlusion import format_duration
from bfr_tui.domain.plateau import Plateau
from bfr_tui.domain.pressure_prescription import is_off_target
from bfr_tui.domain.set_rating import discomfort_ends_block
from bfr_tui.domain.symptoms import is_red_flag
from bfr_tui.domain.units import format_load
from bfr_tui.screens.cuff_text import NONE_SHOWN, highest, pressure_cell
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.plateau_text import (
    no_plateau_line,
    plateau_line,
    read_plateaus,
    short_plateau_line,
)
from bfr_tui.widgets.calendar_strip import MAX_WEEKS, CalendarStrip, strip_range
from bfr_tui.widgets.key_footer import KeyFooter
from bfr_tui.widgets.progress_chart import ProgressChart
from bfr_tui.widgets.windowed_table import WindowedTable

if TYPE_CHECKING:
    from bfr_tui.training_log import HistoryRow, ProgressPoint, TrainingLog

# Where a page of blocks goes in the loaded window (see ``HistoryScreen._add_page``).
Place = Literal["start", "end", "after", "before"]

# Rows fetched per page; more are fetched when the cursor comes within NEAR_END of the
# last loaded row, so a log of 100,000 sets opens as fast as a log of 100.
PAGE_SIZE = 100
NEAR_END = 40
# The table holds at most this many rows (a window of the list); pages at the far side
# are dropped as new ones come in, so memory stays flat however far the lifter scrolls.
MAX_LOADED = 5 * PAGE_SIZE
# Points the chart reads at most; more than a terminal chart shows (two braille dots a cell).
CHART_POINTS = 500
# Below either size the chart is hidden and the calendar strip gets the whole width.
COMPACT_BELOW_WIDTH = 100
COMPACT_BELOW_HEIGHT = 30
ALL_EXERCISES = "all"
NO_FLAGS = NONE_SHOWN

COLUMN_LABELS: dict[str, str] = {
    "when": "Date",
    "exercise": "Exercise",
    "side": "Side",
    "load": "Load",
    "pct": "%1RM",
    "reps": "Reps",
    "rpe": "RPE",
    "discomfort": "Discomfort",
    "pressure": "mmHg",
    "cuff": "Cuff",
    "time": "Cuff time",
    "flags": "Flags",
}
# The flags (a safety matter) come next to the reps, then the block's ratings and cuff;
# %1RM and cuff time last, as they are the first to go off a 120-column screen.
COLUMNS: tuple[str, ...] = ("when", "exercise", "side", "load", "reps", "flags", "rpe",
                            "discomfort", "pressure", "cuff", "pct", "time")
# At 80 columns not everything fits: the flags (a safety matter) move up next to the reps,
# and the rest goes to the right, a scroll away, the block's ratings and cuff first.
COMPACT_COLUMNS: tuple[str, ...] = ("when", "exercise", "load", "reps", "flags", "rpe",
                                    "discomfort", "pressure", "cuff", "time", "side", "pct")


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which blocks the table shows: one exercise or all, and an inclusive date range."""

    exercise_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class ExerciseProgress:
    """What the progress chart shows for one exercise."""

    exercise_id: int
    name: str
    points: list[ProgressPoint]


@dataclass
class HistoryExercisesLoaded(Message, bubble=False):
    """Every exercise the filter can pick, archived ones too: (name, id)."""

    names: list[tuple[str, int]]


@dataclass
class TrainingDaysLoaded(Message, bubble=False):
    """How many blocks were done on each training day the calendar strip shows."""

    days: dict[date, int]
    until: date


@dataclass
class HistoryPageLoaded(Message, bubble=False):
    """A page of blocks for the filter of request number ``request``."""

    request: int
    offset: int
    rows: list[HistoryRow]
    total: int | None
    """How many blocks the filter picks (read with a ``start`` page only)."""
    place: Place
    progress: ExerciseProgress | None
    """The chart of the row the cursor lands on, read with a ``start`` page."""
    plateaus: list[Plateau] | None = None
    """With a ``start`` page of one exercise: each of its protocols and sides judged."""


@dataclass
class ProgressLoaded(Message, bubble=False):
    """The progress chart of one exercise."""

    progress: ExerciseProgress


def parse_day(text: str, *, label: str) -> date | None:
    """A ``YYYY-MM-DD`` filter date (None when the field is empty).

    ValueError, naming the field by ``label``, for anything else (domain.limits.check_day).
    """
    day = check_day(text, required=False)
    if day.message:
        raise ValueError(f"{label}: {day.message}")
    return day.value


def flag_text(kind: str) -> str:
    """A symptom kind, short enough for a table cell: ``pale skin``."""
    return kind.replace("_", " ")


@dataclass(frozen=True, slots=True)
class CellStyles:
    """Theme colours for table cells, resolved from the app theme when rows are built."""

    warning: Style
    error: Style
    muted: Style


def reps_cell(reps: Sequence[int], targets: Sequence[int], styles: CellStyles) -> Text:
    """``30/15/15/14`` with each set short of its target in the warning colour."""
    text = Text()
    if not reps:
        text.append(NO_FLAGS, styles.muted)
        return text
    for index, done in enumerate(reps):
        if index:
            text.append("/")
        target = targets[index] if index < len(targets) else None
        short = target is not None and done < target
        text.append(str(done), styles.warning if short else Style())
    return text


def right_aligned(text: str, style: Style) -> Text:
    """A number cell, coloured as a span (as every coloured cell is, so a theme's colour
    is found the same way in each)."""
    cell = Text(justify="right")
    cell.append(text, style)
    return cell


def rating_cell(ratings: Sequence[int | None], styles: CellStyles, *, discomfort: bool) -> Text:
    """The highest rating of the block's sets, right-aligned; ``—`` when none was given.

    The highest, not the last set's: a coach scanning blocks looks for the hardest set
    and the worst the cuff felt, and a discomfort above the stop line is in the error
    colour (R13).
    """
    peak = highest(ratings)
    if peak is None:
        return right_aligned(NO_FLAGS, styles.muted)
    return right_aligned(
        str(peak), styles.error if discomfort and discomfort_ends_block(peak) else Style()
    )


def pressure_cell_text(row: HistoryRow, styles: CellStyles) -> Text:
    """``155/150``: the pressure set over its target, in the warning colour when more
    than 10 % off it (R14); ``—`` for a wrap or a block set by tightness alone."""
    text = pressure_cell(row.pressure_mmhg, row.target_mmhg)
    if text == NO_FLAGS:
        return right_aligned(text, styles.muted)
    off = (row.pressure_mmhg is not None and row.target_mmhg is not None
           and is_off_target(row.pressure_mmhg, row.target_mmhg))
    return right_aligned(text, styles.warning if off else Style())


def flags_cell(kinds: Sequence[str], styles: CellStyles) -> Text:
    """Red flags in the error colour, other symptoms in the warning colour, ``—`` for none."""
    if not kinds:
        return Text(NO_FLAGS, styles.muted)
    text = Text()
    for index, kind in enumerate(dict.fromkeys(kinds)):
        if index:
            text.append(", ")
        text.append(flag_text(kind), styles.error if is_red_flag(kind) else styles.warning)
    return text


def read_progress(log: TrainingLog, exercise_id: int) -> ExerciseProgress:
    """What the progress chart shows for one exercise (from a worker)."""
    name = log.exercise(exercise_id).name
    points = log.progress_points(exercise_id=exercise_id, max_points=CHART_POINTS)
    return ExerciseProgress(exercise_id, name, points)


def row_cells(
    row: HistoryRow, styles: CellStyles, columns: Sequence[str] = COLUMNS
) -> tuple[object, ...]:
    """The table cells of one block, in the order of ``columns``."""
    pct = f"{row.pct_1rm:.0f}%" if row.pct_1rm is not None else NO_FLAGS
    time = format_duration(row.occlusion_s) if row.occlusion_s is not None else "on"
    cells: dict[str, object] = {
        "when": row.cuff_on_at.strftime("%Y-%m-%d %H:%M"),
        # Text, not str: a str cell is read as markup, and a name may hold "[".
        "exercise": Text(row.exercise_name),
        "side": row.side,
        "load": Text(format_load(row.load, row.unit), justify="right"),
        "pct": Text(pct, justify="right"),
        "reps": reps_cell(row.reps, row.targets, styles),
        "rpe": rating_cell(row.rpe, styles, discomfort=False),
        "discomfort": rating_cell(row.discomfort, styles, discomfort=True),
        "pressure": pressure_cell_text(row, styles),
        "cuff": Text(row.cuff_name) if row.cuff_name else Text(NO_FLAGS, styles.muted),
        "time": Text(time, justify="right"),
        "flags": flags_cell(row.flag_kinds, styles),
    }
    return tuple(cells[key] for key in columns)


class HistoryScreen(UsesLog, Screen[None]):
    """Every block, newest first, with the exercise's progress and a calendar of training days."""

    CSS_PATH = "history.tcss"
    # Cell colours come from these, so they follow the theme (see history.tcss).
    COMPONENT_CLASSES = {"history--warning", "history--error", "history--muted"}
    BINDINGS = [
        Binding("escape", "back", "Back", id="history-back"),
        Binding("slash,f", "focus_filters", "Filter", key_display="/", id="history-filter"),
        Binding("x", "export", "Export CSV", id="history-export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = HistoryFilter()
        self.rows: list[HistoryRow] = []
        """The loaded window: blocks ``first`` to ``first + len(rows)`` of the filter's list."""
        self.first = 0
        self.total = 0
        self._page_request = 0
        self._placing = False
        self._loading_page = False
        self._chart_exercise: int | None = None
        """The exercise the chart shows (or is loading)."""
        self._columns: tuple[str, ...] = ()
        self._plateaus: list[Plateau] | None = None
        """The filtered exercise's plateau verdicts; None when every exercise is listed."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-filters"):
            yield Select[str](
                [("All exercises", ALL_EXERCISES)],
                value=ALL_EXERCISES,
                allow_blank=False,
                id="filter-exercise",
            )
            yield Input("", id="filter-since", placeholder="YYYY-MM-DD", max_length=10,
                        restrict=r"[\d-]*")
            yield Input("", id="filter-until", placeholder="YYYY-MM-DD", max_length=10,
                        restrict=r"[\d-]*")
            yield Static("", id="filter-message")
        yield WindowedTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-plateau")
        with Horizontal(id="history-graphs"):
            yield ProgressChart(id="history-chart")
            yield CalendarStrip(id="history-calendar")
        yield Static("Loading history…", id="history-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        self.query_one("#filter-since", Input).border_title = "From"
        self.query_one("#filter-until", Input).border_title = "To"
        self.query_one("#history-chart", ProgressChart).border_title = "Progress"
        self.query_one("#history-calendar", CalendarStrip).border_title = "Training days"
        self._apply_size()
        table.focus()
        self.app.theme_changed_signal.subscribe(self, self._recolour_rows)
        # The mouse wheel scrolls without moving the cursor; it must page in rows too.
        self.watch(table, "scroll_y", self._on_table_scrolled, init=False)
        self._load_exercises()
        self._load_calendar()
        self._request_page(0, "start")

    # --- layout ----------------------------------------------------------------------

    def on_resize(self, _event: Resize) -> None:
        self._apply_size()

    def _apply_size(self) -> None:
        width, height = self.app.size
        compact = width < COMPACT_BELOW_WIDTH or height < COMPACT_BELOW_HEIGHT
        self.set_class(compact, "-compact")
        columns = COMPACT_COLUMNS if width < COMPACT_BELOW_WIDTH else COLUMNS
        if columns != self._columns:
            self._columns = columns
            self._rebuild_table()
        self._show_plateaus()

    # --- styles ----------------------------------------------------------------------

    def _cell_styles(self) -> CellStyles:
        def foreground(name: str) -> Style:
            # Only colour and weight: the table keeps its own background, cursor and stripes.
            style = self.get_component_rich_style(name)
            return Style(color=style.color, bold=style.bold)

        return CellStyles(
            warning=foreground("history--warning"),
            error=foreground("history--error"),
            muted=foreground("history--muted"),
        )

    def _recolour_rows(self, _theme: object) -> None:
        # Cell colours are resolved when a row is built, so a new theme rebuilds the rows.
        self._rebuild_table()

    def _rebuild_table(self, *, shift: int = 0) -> None:
        """Lay the loaded rows out again in the current columns and colours.

        ``shift`` is how far the window moved under the cursor (rows added above it,
        less rows dropped), so the same block stays highlighted and in view.
        """
        table = self.query_one("#history-table", DataTable)
        cursor_row, scroll_y = table.cursor_row + shift, table.scroll_y + shift
        table.clear(columns=True)
        for key in self._columns:
            table.add_column(COLUMN_LABELS[key], key=key)
        styles = self._cell_styles()
        table.add_rows([row_cells(row, styles, self._columns) for row in self.rows])
        if self.rows:
            table.move_cursor(row=min(max(cursor_row, 0), len(self.rows) - 1), animate=False)
        if shift:
            # The view follows the rows it showed, not the cursor (which the mouse wheel may
            # have left off screen); queued on the table, after its own scroll to the cursor.
            table.call_after_refresh(table.scroll_to, y=max(0, scroll_y), animate=False,
                                    immediate=True)

    # --- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-exercises", exit_on_error=False)
    def _load_exercises(self) -> None:
        names = [(e.name, e.id) for e in self.training_log.exercises(include_archived=True)]
        self.post_message(HistoryExercisesLoaded(names))

    def on_history_exercises_loaded(self, loaded: HistoryExercisesLoaded) -> None:
        names = loaded.names
        options: list[tuple[str | Text, str]] = [("All exercises", ALL_EXERCISES)]
        options += [
            (Text(name), str(exercise_id))
            for name, exercise_id in sorted(names, key=lambda named: named[0].casefold())
        ]
        select = self.query_one("#filter-exercise", Select)
        with self.prevent(Select.Changed):
            current = select.value
            select.set_options(options)
            select.value = current if any(v == current for _, v in options) else ALL_EXERCISES

    @work(thread=True, exclusive=True, group="history-calendar", exit_on_error=False)
    def _load_calendar(self) -> None:
        today = self.clock.now().date()
        since, until = strip_range(until=today, weeks=MAX_WEEKS)
        days = self.training_log.session_days(since=since, until=until)
        self.post_message(TrainingDaysLoaded(days, until))

    def on_training_days_loaded(self, loaded: TrainingDaysLoaded) -> None:
        self.query_one("#history-calendar", CalendarStrip).show(loaded.days, until=loaded.until)

    def _request_page(self, offset: int, place: Place, limit: int = PAGE_SIZE) -> None:
        """Fetch blocks ``offset`` on; ``place`` says where they go (see ``_add_page``)."""
        self._page_request += 1
        self._loading_page = True
        self._load_page(self.filter, self._page_request, offset, limit, place)

    @work(thread=True, exclusive=True, group="history-page", exit_on_error=False)
    def _load_page(
        self, wanted: HistoryFilter, request: int, offset: int, limit: int, place: Place
    ) -> None:
        log = self.training_log
        exercise_id, since, until = wanted.exercise_id, wanted.since, wanted.until
        progress = None
        plateaus = None
        rows = log.history_rows(exercise_id=exercise_id, since=since, until=until,
                                limit=limit, offset=offset)
        total = None
        if place == "start":
            total = log.count_history(exercise_id=exercise_id, since=since, until=until)
            if rows:
                # The chart follows the row the cursor lands on. Read with the first page,
                # it is painted in the same frame, not one worker round trip later.
                progress = read_progress(log, exercise_id or rows[0].exercise_id)
            if exercise_id is not None:
                plateaus = read_plateaus(log, exercise_id)
        self.post_message(
            HistoryPageLoaded(request, offset, rows, total, place, progress, plateaus)
        )

    def on_history_page_loaded(self, page: HistoryPageLoaded) -> None:
        # A page for an older filter or request arrives after the fact: drop it.
        if page.request == self._page_request:
            self._add_page(page)

    def _add_page(self, page: HistoryPageLoaded) -> None:
        """Put a page in the window: ``start`` and ``end`` replace it, ``after`` and
        ``before`` extend it, dropping pages at the far side beyond ``MAX_LOADED`` rows."""
        offset, rows, total, place = page.offset, page.rows, page.total, page.place
        self._loading_page = False
        table = self.query_one("#history-table", DataTable)
        styles = self._cell_styles()
        # Moving the window moves the cursor and scroll position; until that is painted,
        # those moves are ours, not the lifter's, and must not page in more.
        self._placing = True
        self.call_after_refresh(self._placed)
        if place == "start":
            self._plateaus = page.plateaus
            self._show_plateaus()
        if place in ("start", "end"):
            table.clear()
            self.first, self.rows = offset, list(rows)
            if total is not None:
                self.total = total
            table.add_rows([row_cells(row, styles, self._columns) for row in rows])
            if place == "end" and rows:
                table.move_cursor(row=len(rows) - 1, animate=False)
        elif place == "after":
            self.rows.extend(rows)
            drop = max(0, len(self.rows) - MAX_LOADED)
            if drop:
                self.rows, self.first = self.rows[drop:], self.first + drop
                self._rebuild_table(shift=-drop)
            else:
                table.add_rows([row_cells(row, styles, self._columns) for row in rows])
        else:
            self.rows, self.first = [*rows, *self.rows][:MAX_LOADED], offset
            self._rebuild_table(shift=len(rows))
        self._show_status()
        if page.progress is not None:
            self._chart_exercise = page.progress.exercise_id
            self._show_chart(page.progress)
        if place != "after":
            self._follow_chart()

    def _show_plateaus(self) -> None:
        """Under the list of one exercise: each protocol and side on a plateau, with its
        cause and one change (shortened on a small screen), or that there is none."""
        line = self.query_one("#history-plateau", Static)
        verdicts = self._plateaus
        line.display = bool(verdicts)
        if not verdicts:
            return
        stuck = [verdict for verdict in verdicts if verdict.is_plateau]
        line.set_class(bool(stuck), "-plateau")
        if not stuck:
            line.update(no_plateau_line(verdicts))
        elif self.has_class("-compact"):
            line.update("\n".join(short_plateau_line(verdict) for verdict in stuck))
        else:
            line.update("\n".join(plateau_line(verdict, which=True) for verdict in stuck))

    def _placed(self) -> None:
        self._placing = False

    def _show_status(self) -> None:
        status = self.query_one("#history-status", Static)
        if not self.total:
            status.update("No blocks match this filter." if self.filter != HistoryFilter()
                          else "No blocks logged yet: start one from the exercise list.")
            return
        table = self.query_one("#history-table", WindowedTable)
        table.rows_before = self.first
        table.rows_after = max(0, self.total - self.first - len(self.rows))
        noun = "block" if self.total == 1 else "blocks"
        if self.first:
            status.update(f"Showing {noun} {self.first + 1:,}-{self.first + len(self.rows):,} "
                          f"of {self.total:,}, newest first.")
        else:
            status.update(f"Showing {len(self.rows):,} of {self.total:,} {noun}, newest first.")

    def _load_more_if_near_end(self, row_index: int) -> None:
        """Page in the blocks after the window (or before it) when ``row_index`` nears its edge."""
        if self._loading_page or self._placing:
            return
        end = self.first + len(self.rows)
        if end < self.total and row_index >= len(self.rows) - NEAR_END:
            self._request_page(end, "after")
        elif self.first > 0 and row_index < NEAR_END:
            start = max(0, self.first - PAGE_SIZE)
            self._request_page(start, "before", limit=self.first - start)

    @on(WindowedTable.JumpTo, "#history-table")
    def _on_jump(self, event: WindowedTable.JumpTo) -> None:
        """ctrl+home / ctrl+end: the newest or oldest block, loaded in place of the window."""
        if event.end:
            self._request_page(max(0, self.total - PAGE_SIZE), "end")
        else:
            self._request_page(0, "start")

    @work(thread=True, exclusive=True, group="history-chart", exit_on_error=False)
    def _load_chart(self, exercise_id: int) -> None:
        self.post_message(ProgressLoaded(read_progress(self.training_log, exercise_id)))

    def on_progress_loaded(self, loaded: ProgressLoaded) -> None:
        self._show_chart(loaded.progress)

    def _show_chart(self, progress: ExerciseProgress) -> None:
        # A chart for a row the cursor has left since is stale.
        if progress.exercise_id != self._chart_exercise:
            return
        points = progress.points
        unit = points[-1].unit if points else "kg"
        self.query_one("#history-chart", ProgressChart).show(progress.name, points, unit=unit)

    def _follow_chart(self) -> None:
        """Chart the filtered exercise, or the highlighted row's when showing all."""
        exercise_id = self.filter.exercise_id
        if exercise_id is None:
            table = self.query_one("#history-table", DataTable)
            index = table.cursor_row
            exercise_id = self.rows[index].exercise_id if 0 <= index < len(self.rows) else None
        if exercise_id == self._chart_exercise:
            return
        self._chart_exercise = exercise_id
        if exercise_id is None:
            self.query_one("#history-chart", ProgressChart).clear()
        else:
            # After the table has drawn the move: the chart (a query and a plot) never holds
            # up the row the lifter asked for, and a run of key presses loads it once.
            self.call_after_refresh(self._load_chart_if_current, exercise_id)

    def _load_chart_if_current(self, exercise_id: int) -> None:
        if exercise_id == self._chart_exercise:
            self._load_chart(exercise_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self._loading_page = False
            self.notify(f"Could not read the log: {event.worker.error}", severity="error",
                        title="History", markup=False)

    # --- events ----------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#history-table")
    def _on_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # A highlight from before the window moved (the cursor has gone on since) is stale.
        if event.cursor_row == event.data_table.cursor_row:
            self._load_more_if_near_end(event.cursor_row)
        self._follow_chart()

    def _on_table_scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#history-table", DataTable)
        if self.first and scroll_y < NEAR_END:
            self._load_more_if_near_end(int(scroll_y))
        else:
            self._load_more_if_near_end(int(scroll_y) + table.scrollable_content_region.height)

    @on(Select.Changed, "#filter-exercise")
    def _on_exercise_changed(self, event: Select.Changed) -> None:
        value = event.value
        exercise_id = None if value in (ALL_EXERCISES, Select.NULL) else int(str(value))
        self._set_filter(replace(self.filter, exercise_id=exercise_id))

    @on(Input.Changed, "#filter-since, #filter-until")
    def _on_date_typed(self, event: Input.Changed) -> None:
        # Apply as soon as the field holds a whole date or is cleared; half-typed dates wait.
        text = event.value.strip()
        if not text or len(text) >= len("YYYY-MM-DD"):
            self._apply_dates()

    @on(Input.Submitted, "#filter-since, #filter-until")
    def _on_date_submitted(self) -> None:
        if self._apply_dates():
            self.query_one("#history-table", DataTable).focus()

    def _apply_dates(self) -> bool:
        """Read both date fields; on a bad date say so and keep the old filter."""
        message = self.query_one("#filter-message", Static)
        try:
            since = parse_day(self.query_one("#filter-since", Input).value, label="From")
            until = parse_day(self.query_one("#filter-until", Input).value, label="To")
            if since and until and since > until:
                raise ValueError("From is after To: swap the dates.")
        except ValueError as error:
            message.update(Content(str(error)))
            message.add_class("-error")
            return False
        message.update("")
        message.remove_class("-error")
        self._set_filter(replace(self.filter, since=since, until=until))
        return True

    def _set_filter(self, wanted: HistoryFilter) -> None:
        """Show the blocks ``wanted`` picks, from the newest."""
        if wanted == self.filter:
            return
        self.filter = wanted
        self.rows, self.first = [], 0
        self.query_one("#history-status", Static).update("Loading…")
        self._request_page(0, "start")

    # --- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        """Leave the filters for the table, or leave the history."""
        if self.focused is not None and self.focused.id in ("filter-since", "filter-until"):
            self.query_one("#history-table", DataTable).focus()
            return
        self.app.pop_screen()

    def action_focus_filters(self) -> None:
        """Jump to the exercise filter."""
        self.query_one("#filter-exercise", Select).focus()

    def action_export(self) -> None:
        """Export the blocks the current filter shows."""
        from bfr_tui.screens.export_dialog import ExportDialog

        self.app.push_screen(
            ExportDialog(
                exercise_id=self.filter.exercise_id,
                since=self.filter.since,
                until=self.filter.until,
            )
        )
