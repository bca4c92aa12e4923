"""The home screen: every exercise with its 1RM, BFR band, last block and next load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

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

from bfr_tui.domain.limbs import Limb, bfr_eligibility, placement_guidance
from bfr_tui.domain.units import Unit, convert, format_load
from bfr_tui.screens.due_today import DueTodayLoaded, due_lines
from bfr_tui.screens.filter_box import FiltersWithSlash
from bfr_tui.screens.loads import band_text, load_text
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import StartTemplate
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.widgets.exercise_table import ExerciseTable
from bfr_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from bfr_tui.domain.due import DueToday
    from bfr_tui.domain.limbs import Eligibility
    from bfr_tui.domain.load import LoadBand
    from bfr_tui.domain.progression import LoadSuggestion
    from bfr_tui.training_log import ExerciseOverview

NONE_SHOWN = "—"
# Below this width the Limb column goes (the grouping and the detail panel still
# say it) and loads are written tight ("12.5kg"), so nothing that matters scrolls
# off an 80-column terminal.
WIDE_FROM = 100
NAME_MIN_WIDTH = 12
# Measured on the wide footer (widgets.key_footer.COMPACT_BELOW and up), whose palette
# key docks at the right; tests/ui/test_due_list.py checks each width still fits.
# The wide footer's keys with "c Cuffs" take 93 columns, and the palette key 12 more.
CUFFS_KEY_FROM = 106
# "p Progress" takes 12 columns more.
PROGRESS_KEY_FROM = CUFFS_KEY_FROM + 12
# "t Plans" takes 9 columns more.
PLANS_KEY_FROM = PROGRESS_KEY_FROM + 9
# "d Start due" takes 13 columns more; it shows only when a planned template is due.
DUE_KEY_FROM = PLANS_KEY_FROM + 13
# Below its width a key is left out of the footer (it would push "? Help" off it, or
# under the palette key) and works all the same.
KEY_SHOWN_FROM = {
    "cuffs": CUFFS_KEY_FROM,
    "progress": PROGRESS_KEY_FROM,
    "plans": PLANS_KEY_FROM,
    "start_due": DUE_KEY_FROM,
}
START_DUE_KEY = "d"
# The due panel's lines: few on a short terminal, so the list keeps its rows.
DUE_LINES_SHORT = 3
DUE_LINES_TALL = 6
DUE_TALL_FROM = 32
# The due panel's padding left and right (exercises.tcss): its lines get the rest.
DUE_PADDING = 2
LIMB_ORDER = {Limb.ARM: 0, Limb.LEG: 1, Limb.NONE: 2}
# After the name of an exercise the import added with a guessed limb and kind.
REVIEW_MARK = " · check"


@dataclass(frozen=True, slots=True)
class ExerciseLine:
    """One exercise as the home screen shows it, worked out once per refresh."""

    overview: ExerciseOverview
    eligibility: Eligibility
    unit: Unit
    one_rm: float | None
    band: LoadBand | None
    next_load: LoadSuggestion | None

    @property
    def exercise_id(self) -> int:
        """The exercise's id."""
        return self.overview.exercise.id

    @property
    def name(self) -> str:
        """The exercise's name."""
        return self.overview.exercise.name

    def matches(self, text: str) -> bool:
        """True when every word of ``text`` is in the name, muscle group or limb, or is
        "check" for an exercise still marked for review."""
        exercise = self.overview.exercise
        haystack = f"{exercise.name} {exercise.muscle_group} {exercise.limb}s".casefold()
        if exercise.needs_review:
            haystack += REVIEW_MARK.casefold()
        return all(word in haystack for word in text.casefold().split())


def _in_unit(value: float, from_unit: str | None, to_unit: Unit) -> float:
    return convert(value, from_unit=Unit(from_unit or to_unit), to_unit=to_unit)


def shown_when_room(key: str, action: str, description: str, binding_id: str) -> list[Binding]:
    """The key as the footer shows it where it has room (see ``KEY_SHOWN_FROM``), and the
    same key never shown, which runs the action when the footer has no room for it."""
    return [
        Binding(key, action, description, id=binding_id),
        Binding(key, f"without_room('{action}')", description, show=False,
                id=f"{binding_id}-narrow"),
    ]


def exercise_line(overview: ExerciseOverview) -> ExerciseLine:
    """Work out the band and the next load for one exercise (R3, R10)."""
    # Here, not at the top: the list's first frame does not wait for the load rules to
    # import, only the worker that reads the list (its one caller).
    from bfr_tui.domain.load import load_band
    from bfr_tui.domain.progression import PreviousBlock, next_load

    exercise = overview.exercise
    unit = Unit(exercise.unit)
    eligibility = bfr_eligibility(limb=exercise.limb, compound=exercise.compound)
    one_rm = None
    if overview.one_rm is not None:
        one_rm = _in_unit(overview.one_rm, overview.one_rm_unit, unit)
    band = None
    if one_rm is not None and one_rm > 0:
        band = load_band(one_rm=one_rm, step=exercise.load_step, unit=unit)
    suggestion = None
    if eligibility.allowed:
        previous = None
        if overview.last_load is not None:
            previous = PreviousBlock(
                load=_in_unit(overview.last_load, overview.last_unit, unit),
                reps=overview.last_reps,
                targets=overview.last_targets,
                red_flag=overview.last_red_flag,
                tightness=overview.last_tightness,
            )
        suggestion = next_load(
            previous=previous, one_rm=one_rm, step=exercise.load_step, unit=unit
        )
    return ExerciseLine(overview, eligibility, unit, one_rm, band, suggestion)


def sort_key(line: ExerciseLine) -> tuple[int, int, str]:
    """Arms, then legs, then the exercises that cannot run BFR."""
    limb = Limb(line.overview.exercise.limb)
    return (0 if line.eligibility.allowed else 1, LIMB_ORDER[limb], line.name.casefold())


def short_date(day: date, today: date) -> str:
    """``2 Mar`` this year, ``2 Mar 2025`` before."""
    text = f"{day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def one_rm_text(line: ExerciseLine, *, narrow: bool = False) -> str:
    """``40 kg``, ``40 kg est.`` or a dash."""
    if line.one_rm is None:
        return NONE_SHOWN
    text = load_text(line.one_rm, line.unit, narrow=narrow)
    return f"{text} est." if line.overview.one_rm_method == "estimated" else text


def last_block_text(line: ExerciseLine, today: date, *, narrow: bool = False) -> str:
    """``2 Mar 10 kg 30/15/15/14``, or a dash for an exercise never trained."""
    overview = line.overview
    if overview.last_cuff_on_at is None or overview.last_load is None:
        return NONE_SHOWN
    load = load_text(overview.last_load, overview.last_unit or line.unit, narrow=narrow)
    reps = "/".join(str(r) for r in overview.last_reps) or "no sets"
    return f"{short_date(overview.last_cuff_on_at.date(), today)} {load} {reps}"


@dataclass
class ExerciseLinesLoaded(Message, bubble=False):
    """Every exercise in use, with its 1RM, band, last block and next load, in list order."""

    lines: list[ExerciseLine]


class ExerciseSelectScreen(FiltersWithSlash, UsesLog, ShowsWorkerErrors, Screen[None]):
    """Pick an exercise; see its 1RM, BFR band, last block and what to load next."""

    CSS_PATH = "exercises.tcss"
    FILTER_BOX = "#exercise-filter"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="exercises-filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="exercises-clear"),
        Binding("a", "add", "Add", id="exercises-add"),
        Binding("e", "edit", "Edit", id="exercises-edit"),
        Binding("m", "one_rep_max", "1RM", id="exercises-1rm"),
        *shown_when_room("c", "cuffs", "Cuffs", "exercises-cuffs"),
        *shown_when_room("p", "progress", "Progress", "exercises-progress"),
        *shown_when_room("t", "plans", "Plans", "exercises-plans"),
        *shown_when_room(START_DUE_KEY, "start_due", "Start due", "exercises-start-due"),
        Binding("h", "app.history", "History", id="exercises-history"),
        Binding("x", "app.export", "Export", id="exercises-export"),
        Binding("q", "app.quit", "Quit", id="exercises-quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ExerciseLine] = []
        self._shown: list[ExerciseLine] = []
        self._width: int | None = None
        self._select_after_load: int | None = None
        self._loaded = False
        self.due_today: DueToday | None = None
        """What the weekly plan puts on today, once read."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="/ filter by name, muscle group or limb",
            id="exercise-filter",
            compact=True,
            # Letters of a fast "/curl" may arrive before the box's focus event; selecting
            # all then would let the next key wipe them.
            select_on_focus=False,
        )
        yield Static(id="due-today")
        yield ExerciseTable(id="exercise-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="exercise-detail"):
            yield Static("Loading your exercises…", id="exercise-detail-text")
        yield KeyFooter(compact_when_narrow=True)

    def on_mount(self) -> None:
        self.title = "Exercises"
        self.query_one("#exercise-table", DataTable).focus()

    def on_screen_resume(self, _event: ScreenResume) -> None:
        """Reload whenever the screen comes back: a new 1RM or block shows at once."""
        # After the next refresh: the first frame is painted before the worker starts
        # loading the store, which would otherwise hold the interpreter lock meanwhile.
        self.call_after_refresh(self.reload)

    def on_resize(self, _event: Resize) -> None:
        # Which keys the footer has room for depends on the width (``check_action``).
        self.refresh_bindings()
        if self._loaded and self._width != self.size.width:
            self.call_after_refresh(self._fill_table)
        self._show_due()

    # --- loading -----------------------------------------------------------------------

    def reload(self, *, select: int | None = None) -> None:
        """Fetch the overview again, keeping (or moving to) the highlighted exercise."""
        if select is not None:
            self._select_after_load = select
        self._load_overview()

    @work(thread=True, exclusive=True, group="exercise-overview", exit_on_error=False)
    def _load_overview(self) -> None:
        log = self.training_log
        overview = log.exercise_overview()
        lines = sorted((exercise_line(o) for o in overview), key=sort_key)
        # Read before either is shown, so the due panel comes in the list's frame and
        # never pushes a painted list down; a plan that cannot be read (reported as the
        # worker's error) leaves the list shown all the same.
        try:
            due = log.due_today(now=self.clock.now())
        finally:
            if not get_current_worker().is_cancelled:
                self.post_message(ExerciseLinesLoaded(lines))
        if not get_current_worker().is_cancelled:
            self.post_message(DueTodayLoaded(due))

    def on_exercise_lines_loaded(self, loaded: ExerciseLinesLoaded) -> None:
        first_time = not self._loaded
        self.lines = loaded.lines
        self._loaded = True
        self._fill_table()
        if first_time:
            self.call_after_refresh(self._warm_up_history)

    def on_due_today_loaded(self, loaded: DueTodayLoaded) -> None:
        self.due_today = loaded.due_today
        self._show_due()
        self.refresh_bindings()

    def _show_due(self) -> None:
        panel = self.query_one("#due-today", Static)
        max_lines = DUE_LINES_TALL if self.size.height >= DUE_TALL_FROM else DUE_LINES_SHORT
        lines = [] if self.due_today is None else due_lines(
            self.due_today, today=self._today(), start_key=START_DUE_KEY,
            max_lines=max_lines, width=self.size.width - DUE_PADDING,
        )
        panel.display = bool(lines)
        panel.update(Content("\n").join(lines))

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up_history(self) -> None:
        """Load the log's engine and the history screen's code while the lifter reads the
        list (after it is painted), so ``h`` or ``enter`` never waits for their imports."""
        self.training_log.warm_up()
        import bfr_tui.screens.history  # noqa: F401

    # --- the table -----------------------------------------------------------------------

    def _is_wide(self) -> bool:
        return self.size.width >= WIDE_FROM

    def _today(self) -> date:
        return self.clock.now().date()

    @property
    def shown_lines(self) -> list[ExerciseLine]:
        """The exercises the table shows now, in its order (after the filter)."""
        return list(self._shown)

    def highlighted(self) -> ExerciseLine | None:
        """The exercise under the cursor, if the list shows any."""
        table = self.query_one("#exercise-table", DataTable)
        if not self._shown or not 0 <= table.cursor_row < len(self._shown):
            return None
        return self._shown[table.cursor_row]

    def _fill_table(self) -> None:
        table = self.query_one("#exercise-table", DataTable)
        keep = self._select_after_load
        if keep is None and (current := self.highlighted()) is not None:
            keep = current.exercise_id
        self._select_after_load = None
        self._width = self.size.width
        wide = self._is_wide()
        text = self.query_one("#exercise-filter", Input).value.strip()
        self._shown = [line for line in self.lines if line.matches(text)] if text else self.lines
        today = self._today()
        rows = [self._row(line, today, wide=wide) for line in self._shown]
        headings = ["Exercise", "Limb", "1RM", "BFR band", "Last block", "Next"]
        if not wide:
            headings.remove("Limb")
        others = [
            max([cell_len(heading)] + [cell_len(row[i]) for row in rows])
            for i, heading in enumerate(headings) if i
        ]
        # Two cells of padding per column, and room for the vertical scrollbar.
        room = self.size.width - sum(others) - 2 * len(headings) - 2
        longest = max([cell_len(row[0]) for row in rows], default=0)
        name_width = max(NAME_MIN_WIDTH, min(room, max(longest, len(headings[0]))))
        table.clear(columns=True)
        table.add_column(headings[0], width=name_width, key="name")
        # Fixed widths, measured above: a table refilled while the app is busy could
        # otherwise keep the headings' widths and cut "40 kg" to "40".
        for heading, width in zip(headings[1:], others, strict=True):
            table.add_column(heading, width=width, key=heading.lower())
        for line, row in zip(self._shown, rows, strict=True):
            # Text, not str: a name like "[b]" must not be read as markup.
            style = "" if line.eligibility.allowed else "dim"
            cells = [Text(cell, style=style) for cell in row[1:]]
            table.add_row(self._name_cell(line, name_width, style), *cells,
                          key=str(line.exercise_id))
        index = next(
            (i for i, line in enumerate(self._shown) if line.exercise_id == keep), 0
        )
        if self._shown:
            table.move_cursor(row=index, animate=False, scroll=True)
        self._show_detail()

    def _row(self, line: ExerciseLine, today: date, *, wide: bool) -> list[str]:
        band = NONE_SHOWN
        if not line.eligibility.allowed:
            band = "no BFR"
        elif line.band is not None:
            band = band_text(line.band, narrow=not wide)
        next_text = NONE_SHOWN
        if line.next_load is not None:
            next_text = load_text(line.next_load.load, line.unit, narrow=not wide)
        row = [line.name + (REVIEW_MARK if line.overview.exercise.needs_review else "")]
        if wide:
            row.append(line.overview.exercise.limb)
        row += [
            one_rm_text(line, narrow=not wide),
            band,
            last_block_text(line, today, narrow=not wide),
            next_text,
        ]
        return row

    def _name_cell(self, line: ExerciseLine, width: int, style: str) -> Text:
        """The name, cut to ``width`` cells, with the review mark kept whole after it."""
        name = Text(line.name, style=style)
        if not line.overview.exercise.needs_review:
            # Measured in cells, so wide characters in a name are cut in the right place.
            name.truncate(width, overflow="ellipsis")
            return name
        name.truncate(max(1, width - cell_len(REVIEW_MARK)), overflow="ellipsis")
        name.append(REVIEW_MARK, style=f"bold {self.app.theme_variables.get('warning', 'yellow')}")
        return name

    @on(DataTable.RowHighlighted, "#exercise-table")
    def _on_highlight(self) -> None:
        self._show_detail()

    # --- the detail panel ---------------------------------------------------------------

    def _show_detail(self) -> None:
        detail = self.query_one("#exercise-detail-text", Static)
        line = self.highlighted()
        if line is None:
            text = self.query_one("#exercise-filter", Input).value.strip()
            if text:
                detail.update(Content.from_markup(
                    "No exercise matches [b]$text[/b]. Press escape to clear the filter.",
                    text=text,
                ))
            elif self._loaded:
                detail.update("No exercises yet. Press a to add one.")
            return
        detail.update(self._detail(line))

    def _detail(self, line: ExerciseLine) -> Content:
        exercise = line.overview.exercise
        parts: list[Content] = []
        facts = " · ".join(p for p in (exercise.limb, exercise.muscle_group) if p)
        if exercise.compound:
            facts += " · compound"
        parts.append(Content.from_markup("[b]$name[/b]  [dim]$facts[/]", name=exercise.name,
                                         facts=facts))
        if exercise.suitability_note:
            parts.append(Content(exercise.suitability_note))
        if exercise.needs_review:
            parts.append(Content.from_markup(
                "[$warning]Check: its limb and kind were guessed from its name at import. "
                "Press [b]e[/b] to review them; saving clears the mark.[/]"
            ))
        if line.eligibility.allowed:
            parts.append(Content.from_markup("[$text-muted]$place[/]",
                                             place=placement_guidance(exercise.limb)))
        else:
            parts.append(Content.from_markup("[$error]$why[/]", why=line.eligibility.reason))
        if line.one_rm is None:
            parts.append(Content.from_markup(
                "[$warning]No 1RM yet: press [b]m[/b] to record a 1RM "
                "(tested, or estimated from a set of up to 10 reps).[/]"
            ))
        else:
            band = ""
            if line.eligibility.allowed and line.band is not None:
                band = f" → BFR band {band_text(line.band)}"
            parts.append(Content(f"1RM {one_rm_text(line)}{band}"))
        if line.next_load is not None:
            parts.append(Content.from_markup(
                "Next: [b]$load[/b]. $why",
                load=format_load(line.next_load.load, line.unit),
                why=line.next_load.reason,
            ))
        return Content("\n").join(parts)

    # --- actions -------------------------------------------------------------------------

    def action_start(self) -> None:
        """Start a block on the highlighted exercise (enter)."""
        line = self.highlighted()
        if line is None:
            self.notify("Pick an exercise first.", severity="warning")
            return
        if not line.eligibility.allowed:
            self.notify(line.eligibility.reason, severity="error", title=line.name, markup=False)
            return
        self.host.start_block_for(line.exercise_id)

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the list (escape)."""
        filter_box = self.query_one("#exercise-filter", Input)
        if filter_box.value:
            filter_box.value = ""
        self.query_one("#exercise-table", DataTable).focus()

    @on(Input.Submitted, "#exercise-filter")
    def _filter_done(self) -> None:
        self.query_one("#exercise-table", DataTable).focus()

    @on(Input.Changed, "#exercise-filter")
    def _on_filter(self) -> None:
        if self._loaded:
            self._fill_table()

    def action_add(self) -> None:
        """Add an exercise to the library (a)."""
        from bfr_tui.screens.exercise_form import ExerciseFormScreen

        self.app.push_screen(ExerciseFormScreen(exercise_id=None), self._after_form)

    def action_edit(self) -> None:
        """Edit the highlighted exercise (e)."""
        from bfr_tui.screens.exercise_form import ExerciseFormScreen

        line = self.highlighted()
        if line is None:
            self.notify("Pick an exercise to edit.", severity="warning")
            return
        self.app.push_screen(ExerciseFormScreen(exercise_id=line.exercise_id), self._after_form)

    def _after_form(self, exercise_id: int | None) -> None:
        if exercise_id is not None:
            # The resume that follows the dismiss reloads; this makes it land on the saved one.
            self._select_after_load = exercise_id
            filter_box = self.query_one("#exercise-filter", Input)
            if filter_box.value:
                filter_box.value = ""
            self.reload(select=exercise_id)

    def action_one_rep_max(self) -> None:
        """Record a 1RM for the highlighted exercise (m)."""
        from bfr_tui.screens.one_rep_max import OneRepMaxScreen

        line = self.highlighted()
        if line is None:
            self.notify("Pick an exercise first.", severity="warning")
            return
        self.app.push_screen(OneRepMaxScreen(exercise_id=line.exercise_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in KEY_SHOWN_FROM:
            room = self.size.width >= KEY_SHOWN_FROM[action]
            if action == "start_due":
                return room and self.due_today is not None and (
                    self.due_today.startable is not None
                )
            return room
        return super().check_action(action, parameters)

    def action_without_room(self, action: str) -> None:
        """A key the footer has no room for (c, p, t or d): it works all the same."""
        if action in KEY_SHOWN_FROM:
            run: Callable[[], None] = getattr(self, f"action_{action}")
            run()

    def action_cuffs(self) -> None:
        """The lifter's cuffs and LOPs (c)."""
        from bfr_tui.screens.cuffs import CuffsScreen

        self.app.push_screen(CuffsScreen())

    def action_progress(self) -> None:
        """The highlighted exercise's 1RM and band over time, and the weekly cuff time (p)."""
        from bfr_tui.screens.progress import ProgressScreen

        line = self.highlighted()
        self.app.push_screen(ProgressScreen(exercise_id=None if line is None
                                            else line.exercise_id))

    def action_plans(self) -> None:
        """The lifter's session templates and weekly plan (t)."""
        from bfr_tui.screens.templates import TemplatesScreen

        self.app.push_screen(TemplatesScreen())

    def action_start_due(self) -> None:
        """Start the first template the weekly plan puts on today with a block free (d)."""
        due = self.due_today
        startable = due.startable if due is not None else None
        if due is None:
            self.notify("Still reading your weekly plan: press d again in a moment.")
        elif startable is not None:
            self.post_message(StartTemplate(startable.template_id))
        elif not due.planned:
            self.notify("No weekly plan yet: press t for Plans to make one.",
                        severity="warning")
        elif not due.due:
            self.notify("Nothing is due today from your weekly plan.")
        else:
            self.notify("Everything due today is held back by the 36 h rest; the due list "
                        "says when each block frees.", severity="warning")
