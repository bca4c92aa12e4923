"""Progress: an exercise's 1RM and BFR band over time with its block loads, and the
blocks and cuff time of each of the last twelve weeks, per limb, charted and listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Select, Static, TabbedContent, TabPane

from bfr_tui.domain.limbs import Limb, bfr_eligibility
from bfr_tui.domain.load import load_band
from bfr_tui.domain.plan_kept import WeekKept, week_kept
from bfr_tui.domain.units import Unit, convert, counted, format_load, format_number
from bfr_tui.domain.weekly_plan import days_done
from bfr_tui.domain.weeks import last_weeks
from bfr_tui.screens.due_today import blocks_logged
from bfr_tui.screens.loads import band_text
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import (
    ExerciseDetails,
    OneRepMaxEntry,
    ProgressPoint,
    TrainingLog,
    WeekOfCuffTime,
)
from bfr_tui.widgets.key_footer import KeyFooter
from bfr_tui.widgets.one_rep_max_chart import OneRepMaxChart, OneRepMaxStep
from bfr_tui.widgets.table import Table
from bfr_tui.widgets.weekly_chart import WeekBar, WeeklyChart

NONE_SHOWN = "—"
WEEKS_SHOWN = 12
# Points the chart reads at most; more than a terminal chart shows (two braille dots a cell).
CHART_POINTS = 500
EXERCISE_TAB = "progress-exercise"
WEEKS_TAB = "progress-weeks"
# The limbs a cuff goes on (R1), in the order the weekly table shows them.
CUFF_LIMBS: tuple[Limb, ...] = (Limb.ARM, Limb.LEG)
# The weekly table's columns. A lifter with a weekly plan gets PLAN_COLUMN too, before
# the bar: the sessions each week did of those the plan asks for.
WEEK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("week", "Week of"),
    ("arm-blocks", "Arm blocks"),
    ("arm-cuff", "Arm cuff"),
    ("leg-blocks", "Leg blocks"),
    ("leg-cuff", "Leg cuff"),
    ("bar", "Both limbs"),
)
PLAN_COLUMN = ("plan", "Plan done")
PLAN_NOTE = ("Plan done: the sessions of your weekly plan done each week. Every week is "
             "counted against the plan as it is now: earlier plans are not kept.")
# The longest bar of the weekly table, in cells (the week with the most cuff time).
BAR_CELLS = 16
BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True, slots=True)
class ExerciseHistory:
    """What the 1RM tab shows for one exercise."""

    exercise: ExerciseDetails
    one_rep_maxes: list[OneRepMaxEntry]
    blocks: list[ProgressPoint]


@dataclass(frozen=True, slots=True)
class WeekLine:
    """One week of the weekly table: per limb, blocks and cuff seconds."""

    week_start: date
    blocks: dict[Limb, int]
    cuff_s: dict[Limb, float]


@dataclass
class ProgressExercisesLoaded(Message, bubble=False):
    """Every exercise the picker offers, archived ones too."""

    exercises: list[ExerciseDetails]


@dataclass
class ExerciseHistoryLoaded(Message, bubble=False):
    """The 1RMs and block loads of one exercise."""

    history: ExerciseHistory


@dataclass
class WeeksLoaded(Message, bubble=False):
    """The last weeks' blocks and cuff time per limb, oldest week first."""

    weeks: list[WeekLine]
    kept: dict[date, WeekKept] | None
    """Each week against the weekly plan; None for a lifter without a plan."""


def one_rep_max_steps(
    entries: Sequence[OneRepMaxEntry], exercise: ExerciseDetails
) -> list[OneRepMaxStep]:
    """Each 1RM in the exercise's unit with the band it gives (R3), oldest first; a day
    with two entries keeps the later one, as the current 1RM does."""
    unit = Unit(exercise.unit)
    by_day: dict[date, float] = {}
    for entry in entries:
        by_day[entry.recorded_on] = convert(entry.value, from_unit=Unit(entry.unit),
                                            to_unit=unit)
    return [
        OneRepMaxStep(day, one_rm, load_band(one_rm=one_rm, step=exercise.load_step, unit=unit))
        for day, one_rm in sorted(by_day.items())
        if one_rm > 0
    ]


def week_lines(weeks: Sequence[date], rows: Sequence[WeekOfCuffTime]) -> list[WeekLine]:
    """One line per week in ``weeks`` (Mondays), zeros where nothing was done."""
    lines = {week: WeekLine(week, dict.fromkeys(CUFF_LIMBS, 0), dict.fromkeys(CUFF_LIMBS, 0.0))
             for week in weeks}
    for row in rows:
        line = lines.get(row.week_start)
        if line is None or row.limb not in CUFF_LIMBS:
            continue
        limb = Limb(row.limb)
        line.blocks[limb] += row.blocks
        line.cuff_s[limb] += row.cuff_s
    return [lines[week] for week in weeks]


def weeks_kept(
    log: TrainingLog, weeks: Sequence[date], today: date
) -> dict[date, WeekKept] | None:
    """Each week (its Monday) against the lifter's weekly plan as it is now; None without
    a plan (call from a thread worker)."""
    plan = log.weekly_plan()
    if not plan.entries:
        return None
    templates = {record.id: record.template for record in log.templates()}
    rows = log.history_rows(since=weeks[0], until=today)
    done = days_done(templates, blocks_logged(rows))
    return {week: week_kept(plan, templates, done, week_of=week) for week in weeks}


def kept_text(kept: WeekKept) -> str:
    """``2 of 3``, or a dash for a plan with nothing in use."""
    return f"{kept.done} of {kept.planned}" if kept.planned else NONE_SHOWN


def day_text(day: date) -> str:
    """``7 Sep``."""
    return f"{day.day} {day:%b}"


def cuff_minutes_text(seconds: float) -> str:
    """``10.5 min``, or a dash for no cuff time."""
    if seconds <= 0:
        return NONE_SHOWN
    return f"{format_number(seconds / 60, 1)} min"


def cuff_bar(seconds: float, most_s: float) -> str:
    """A bar as long as ``seconds`` against the week with the most cuff time (``most_s``),
    in eighths of a cell."""
    if seconds <= 0 or most_s <= 0:
        return ""
    eighths = max(1, round(seconds / most_s * BAR_CELLS * 8))
    whole, rest = divmod(eighths, 8)
    return "█" * whole + (BAR_EIGHTHS[rest] if rest else "")


def blocks_text(count: int) -> str:
    """The count, or a dash for none."""
    return str(count) if count else NONE_SHOWN


def exercise_summary(history: ExerciseHistory, steps: Sequence[OneRepMaxStep]) -> str:
    """What the chart shows, in words, and what is missing from it."""
    exercise = history.exercise
    lines: list[str] = []
    if steps:
        latest = steps[-1]
        count = len(steps)
        lines.append(f"1RM now {format_load(latest.one_rm, exercise.unit)} "
                     f"(since {day_text(latest.day)} {latest.day.year}), "
                     f"BFR band {band_text(latest.band)}; "
                     f"{counted(count, '1RM')} on record.")
    else:
        lines.append(f"No 1RM on record for {exercise.name} yet: record one with m on the "
                     "exercise list to see its BFR band here.")
    if history.blocks:
        count = len(history.blocks)
        lines.append(f"{counted(count, 'block')} charted, "
                     f"loads in {exercise.unit}.")
    else:
        lines.append(f"No blocks of {exercise.name} yet: their loads show here once you "
                     "log one.")
    return "\n".join(lines)


class ProgressScreen(UsesLog, ShowsWorkerErrors, Screen[None]):
    """An exercise's 1RM and band over time, and the weekly blocks and cuff time."""

    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="progress-back"),
        Binding("slash", "pick_exercise", "Exercise", key_display="/",
                id="progress-exercise"),
        Binding("w", "switch_tab", "1RM / weeks", id="progress-tab"),
    ]

    def __init__(self, *, exercise_id: int | None = None) -> None:
        super().__init__()
        self.exercise_id = exercise_id
        """The exercise shown; None until one is picked."""
        self.history: ExerciseHistory | None = None
        """What the 1RM tab shows, once read."""
        self.weeks: list[WeekLine] = []
        """The weekly table's lines, once read."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Select[int]([], prompt="Pick an exercise", id="progress-pick", compact=True)
        with TabbedContent(initial=EXERCISE_TAB, id="progress-tabs"):
            with TabPane("1RM and band", id=EXERCISE_TAB):
                yield OneRepMaxChart(id="one-rm-chart")
                yield Static("Loading…", id="one-rm-summary")
                yield Table(id="one-rm-table", cursor_type="row", zebra_stripes=True)
            # A short terminal scrolls the tab: the chart keeps a readable height and the
            # table shows every week.
            with (
                TabPane(f"Last {WEEKS_SHOWN} weeks", id=WEEKS_TAB),
                VerticalScroll(id="weeks-body"),
            ):
                yield Static("Loading…", id="weeks-summary")
                yield WeeklyChart(id="weeks-chart")
                yield Table(id="weeks-table", cursor_type="row", zebra_stripes=True)
                yield Static(PLAN_NOTE, id="weeks-plan-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Progress"
        table = self.query_one("#one-rm-table", DataTable)
        for key, label in (("day", "Date"), ("one-rm", "1RM"), ("how", "How"),
                           ("band", "BFR band")):
            table.add_column(label, key=key)
        self._set_week_columns(with_plan=False)
        self.query_one("#one-rm-chart", OneRepMaxChart).border_title = "1RM"
        self._load_exercises()
        self._load_weeks()
        if self.exercise_id is not None:
            self._load_history(self.exercise_id)
        else:
            self.query_one("#one-rm-summary", Static).update(
                "Pick an exercise (/) to see its 1RM and BFR band over time.")

    # --- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="progress-exercises", exit_on_error=False)
    def _load_exercises(self) -> None:
        self.post_message(ProgressExercisesLoaded(
            self.training_log.exercises(include_archived=True)))

    def on_progress_exercises_loaded(self, loaded: ProgressExercisesLoaded) -> None:
        # A lift that takes no cuff (R1, R2) has no BFR band to follow: it is left out,
        # unless the lifter opened the view on it.
        shown = [e for e in loaded.exercises
                 if bfr_eligibility(limb=e.limb, compound=e.compound).allowed
                 or e.id == self.exercise_id]
        options = [(Text(e.name), e.id) for e in sorted(shown, key=lambda e: e.name.casefold())]
        select = self.query_one("#progress-pick", Select)
        with self.prevent(Select.Changed):
            select.set_options(options)
            if self.exercise_id is not None and any(v == self.exercise_id for _, v in options):
                select.value = self.exercise_id

    @work(thread=True, exclusive=True, group="progress-history", exit_on_error=False)
    def _load_history(self, exercise_id: int) -> None:
        log = self.training_log
        history = ExerciseHistory(
            exercise=log.exercise(exercise_id),
            one_rep_maxes=log.one_rep_max_history(exercise_id),
            blocks=log.progress_points(exercise_id=exercise_id, max_points=CHART_POINTS),
        )
        self.post_message(ExerciseHistoryLoaded(history))

    def on_exercise_history_loaded(self, loaded: ExerciseHistoryLoaded) -> None:
        history = loaded.history
        # A read for an exercise the lifter has since moved away from is stale.
        if history.exercise.id != self.exercise_id:
            return
        self.history = history
        exercise = history.exercise
        steps = one_rep_max_steps(history.one_rep_maxes, exercise)
        self.query_one("#one-rm-chart", OneRepMaxChart).show(
            exercise.name, steps, history.blocks, unit=exercise.unit)
        self.query_one("#one-rm-summary", Static).update(
            Text(exercise_summary(history, steps)))
        table = self.query_one("#one-rm-table", DataTable)
        table.clear()
        methods = {entry.recorded_on: entry.method for entry in history.one_rep_maxes}
        for step in reversed(steps):
            table.add_row(f"{step.day:%Y-%m-%d}", format_load(step.one_rm, exercise.unit),
                          methods[step.day], band_text(step.band))
        table.display = bool(steps)

    @work(thread=True, exclusive=True, group="progress-weeks", exit_on_error=False)
    def _load_weeks(self) -> None:
        today = self.clock.now().date()
        weeks = last_weeks(today, WEEKS_SHOWN)
        rows = self.training_log.weekly_cuff_time(since=weeks[0], until=today)
        kept = weeks_kept(self.training_log, weeks, today)
        self.post_message(WeeksLoaded(week_lines(weeks, rows), kept))

    def _set_week_columns(self, *, with_plan: bool) -> None:
        table = self.query_one("#weeks-table", DataTable)
        table.clear(columns=True)
        columns = list(WEEK_COLUMNS)
        if with_plan:
            columns.insert(-1, PLAN_COLUMN)
        for key, label in columns:
            table.add_column(label, key=key)
        self.query_one("#weeks-plan-note", Static).display = with_plan

    def on_weeks_loaded(self, loaded: WeeksLoaded) -> None:
        self.weeks = loaded.weeks
        kept = loaded.kept
        self._set_week_columns(with_plan=kept is not None)
        table = self.query_one("#weeks-table", DataTable)
        most_s = max(sum(line.cuff_s.values()) for line in loaded.weeks)
        # Newest week first, as the history lists blocks.
        for line in reversed(loaded.weeks):
            cells = [
                day_text(line.week_start),
                blocks_text(line.blocks[Limb.ARM]), cuff_minutes_text(line.cuff_s[Limb.ARM]),
                blocks_text(line.blocks[Limb.LEG]), cuff_minutes_text(line.cuff_s[Limb.LEG]),
            ]
            if kept is not None:
                cells.append(kept_text(kept[line.week_start]))
            table.add_row(*cells, cuff_bar(sum(line.cuff_s.values()), most_s))
        self.query_one("#weeks-chart", WeeklyChart).show([
            WeekBar(day_text(line.week_start), line.cuff_s[Limb.ARM] / 60,
                    line.cuff_s[Limb.LEG] / 60,
                    None if kept is None else kept[line.week_start])
            for line in loaded.weeks
        ])
        total_blocks = sum(sum(line.blocks.values()) for line in loaded.weeks)
        total_s = sum(sum(line.cuff_s.values()) for line in loaded.weeks)
        summary = self.query_one("#weeks-summary", Static)
        if not total_blocks:
            summary.update(f"No blocks in the last {WEEKS_SHOWN} weeks: each week's blocks "
                           "and cuff time per limb show here once you log some.")
        else:
            last_day = loaded.weeks[-1].week_start + timedelta(days=6)
            summary.update(
                f"{counted(total_blocks, 'block')}, "
                f"{cuff_minutes_text(total_s)} under the cuff in the {WEEKS_SHOWN} weeks "
                f"from Monday {day_text(loaded.weeks[0].week_start)} to {day_text(last_day)}.")

    # --- events and actions ----------------------------------------------------------

    @on(Select.Changed, "#progress-pick")
    def _on_exercise_picked(self, event: Select.Changed) -> None:
        value = event.value
        if not isinstance(value, int) or value == self.exercise_id:
            return
        self.exercise_id = value
        self.query_one("#one-rm-summary", Static).update("Loading…")
        self._load_history(value)

    def action_pick_exercise(self) -> None:
        """Open the exercise picker (/)."""
        select = self.query_one("#progress-pick", Select)
        select.focus()
        select.expanded = True

    def action_switch_tab(self) -> None:
        """Between the exercise's 1RM and the weekly table (w)."""
        tabs = self.query_one("#progress-tabs", TabbedContent)
        tabs.active = WEEKS_TAB if tabs.active == EXERCISE_TAB else EXERCISE_TAB
