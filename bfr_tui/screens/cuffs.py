"""Cuffs and LOP: the lifter's cuffs, their limb occlusion pressures, and how often to
measure them again (R12, R14, R16)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from bfr_tui.domain.limbs import Side
from bfr_tui.domain.limits import LOP_REMEASURE_DAYS, check_number
from bfr_tui.domain.lop import LopMeasurement, LopMethod, latest_lop
from bfr_tui.domain.pressure_prescription import PrescriptionError, remeasure_interval_days
from bfr_tui.domain.units import format_number
from bfr_tui.screens.cuff_form import CuffFormScreen, cuff_kind_word
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.lop_form import LopFormScreen, LopPrefill
from bfr_tui.screens.messages import SaveRefused
from bfr_tui.screens.record_list import ListsRecords, add_record_row, set_columns, show_list
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import CuffRecord
from bfr_tui.widgets.cells import themed
from bfr_tui.widgets.key_footer import KeyFooter
from bfr_tui.widgets.table import Table

NONE_SHOWN = "—"
# A list has no room for "the device's own measure".
METHOD_WORDS: dict[LopMethod, str] = {
    LopMethod.DEVICE: "device",
    LopMethod.DOPPLER: "Doppler",
    LopMethod.ESTIMATED: "estimated",
}


@dataclass
class CuffsLoaded(Message, bubble=False):
    """The lifter's cuffs (archived ones too), LOPs and re-measure interval."""

    cuffs: list[CuffRecord]
    lops: list[LopMeasurement]
    remeasure_days: int


@dataclass
class CuffArchived(Message, bubble=False):
    """A cuff was archived, or brought back."""

    record: CuffRecord
    archived: bool


@dataclass
class IntervalSaved(Message, bubble=False):
    """The re-measure interval is in the log."""

    days: int


def lop_age_text(measured_on: date, *, today: date, remeasure_days: int) -> tuple[str, bool]:
    """``12 d``, and whether the LOP is older than the lifter's re-measure interval."""
    age = (today - measured_on).days
    if age < 0:
        return "dated ahead", True
    return f"{age} d", age > remeasure_days


class CuffsScreen(ListsRecords, UsesLog, ShowsWorkerErrors, Screen[None]):
    """The lifter's cuffs and LOPs: add, edit, archive, record an LOP."""

    CSS_PATH = "cuffs.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="cuffs-back"),
        Binding("a", "add", "Add", id="cuffs-add"),
        Binding("e", "edit", "Edit", id="cuffs-edit"),
        Binding("r", "archive", "Archive", id="cuffs-archive"),
        Binding("l", "record_lop", "Record LOP", id="cuffs-record-lop"),
        Binding("i", "interval", "Interval", id="cuffs-interval"),
        Binding("s", "show_archived", "Show all", id="cuffs-show-archived"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cuffs: list[CuffRecord] = []
        self.lops: list[LopMeasurement] = []
        self.remeasure_days = 0
        self.show_archived = False
        self._shown_cuffs: list[CuffRecord] = []
        self._loaded = False
        self._select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cuffs-body"):
            yield Static("Your cuffs", classes="section-title")
            yield Table(id="cuffs-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="cuffs-empty", classes="empty-note")
            yield Static("Limb occlusion pressures (LOP), newest first", classes="section-title")
            yield Table(id="lops-table", cursor_type="row", zebra_stripes=True)
            yield Static("No LOP yet: press l to record one.", id="lops-empty",
                         classes="empty-note")
            with Horizontal(id="interval-row"):
                yield Label("Re-measure each LOP after", id="interval-label")
                yield Input("", id="remeasure-days", compact=True, restrict=r"\d*",
                            max_length=2)
                yield Label(f"days ({LOP_REMEASURE_DAYS.describe()}); enter saves",
                            id="interval-hint")
            yield Static("", id="remeasure-days-error", classes="field-error")
        yield KeyFooter(compact_when_narrow=True)

    def on_mount(self) -> None:
        self.title = "Cuffs and LOP"
        self.query_one("#lops-empty").display = False
        self.query_one("#cuffs-table", DataTable).focus()
        self._load()

    def _today(self) -> date:
        return self.clock.now().date()

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="cuffs", exit_on_error=False)
    def _load(self) -> None:
        log = self.training_log
        self.post_message(CuffsLoaded(
            cuffs=log.cuffs(include_archived=True), lops=log.lop_measurements(),
            remeasure_days=log.lop_remeasure_days(),
        ))

    def on_cuffs_loaded(self, loaded: CuffsLoaded) -> None:
        self.cuffs, self.lops = loaded.cuffs, loaded.lops
        self.remeasure_days = loaded.remeasure_days
        self._loaded = True
        self.query_one("#remeasure-days", Input).value = str(loaded.remeasure_days)
        self._fill_cuffs()
        self._fill_lops()

    def _fill_cuffs(self) -> None:
        table = self.query_one("#cuffs-table", DataTable)
        keep = self._record_to_select()
        self._shown_cuffs = [r for r in self.cuffs if self.show_archived or not r.archived]
        set_columns(table, ("Name", "Kind", "Width", "Stretch mark"))
        for record in self._shown_cuffs:
            cuff = record.cuff
            add_record_row(table, record, cuff.name, cuff_kind_word(cuff.kind),
                           f"{format_number(cuff.width_cm, 1)} cm", cuff.wrap_mark or NONE_SHOWN)
        empty = self.query_one("#cuffs-empty", Static)
        show_list(table, empty, has_rows=bool(self._shown_cuffs))
        if not self._shown_cuffs:
            hidden = len(self.cuffs) - len(self._shown_cuffs)
            note = f" ({hidden} archived: s shows them)" if hidden else ""
            empty.update(f"No cuffs yet: press a to add one{note}.")
            return
        index = next((i for i, r in enumerate(self._shown_cuffs) if r.id == keep), 0)
        table.move_cursor(row=index, animate=False)

    def _fill_lops(self) -> None:
        table = self.query_one("#lops-table", DataTable)
        set_columns(table, ("Date", "Limb", "Cuff", "Position", "Method", "mmHg", "Age"))
        today = self._today()
        # The LOP the targets use for each limb, side, position and cuff: one look per
        # such group, by the domain's own rule, not one per row.
        groups = {(lop.limb, lop.side, lop.position, lop.cuff) for lop in self.lops}
        in_use = {
            id(latest_lop(self.lops, limb=limb, side=side, cuff=cuff, position=position))
            for limb, side, position, cuff in groups
        }
        for lop in reversed(self.lops):
            age, old = lop_age_text(
                lop.measured_on, today=today, remeasure_days=self.remeasure_days
            )
            if id(lop) not in in_use:
                # A later LOP of this limb, cuff and position is the one targets use:
                # this one's age asks nothing of the lifter.
                age_cell = Text(f"{age}: replaced", style="dim")
            elif old:
                age_cell = themed(self.app, f"{age}: re-measure", "warning", bold=True)
            else:
                age_cell = Text(age)
            table.add_row(
                lop.measured_on.isoformat(), f"{lop.side.value} {lop.limb.value}",
                Text(lop.cuff.name), lop.position.value, METHOD_WORDS[lop.method],
                str(lop.mmhg), age_cell,
            )
        self.query_one("#lops-empty").display = not self.lops
        table.display = bool(self.lops)

    def highlighted(self) -> CuffRecord | None:
        """The cuff under the cursor, if the list shows any."""
        table = self.query_one("#cuffs-table", DataTable)
        if not self._shown_cuffs or not 0 <= table.cursor_row < len(self._shown_cuffs):
            return None
        return self._shown_cuffs[table.cursor_row]

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the screen was opened from (escape); out of the interval field
        first, leaving the interval as saved."""
        interval = self.query_one("#remeasure-days", Input)
        if interval.has_focus:
            interval.value = str(self.remeasure_days)
            self._set_interval_error("")
            self.query_one("#cuffs-table", DataTable).focus()
            return
        self.dismiss(None)

    def action_add(self) -> None:
        """Add a cuff (a)."""
        self.app.push_screen(CuffFormScreen(), self._after_form)

    def action_edit(self) -> None:
        """Edit the highlighted cuff (e)."""
        record = self.highlighted()
        if record is None:
            self.notify("Pick a cuff to edit.", severity="warning")
            return
        self.app.push_screen(CuffFormScreen(editing=record), self._after_form)

    def action_archive(self) -> None:
        """Archive the highlighted cuff, or bring it back (r)."""
        record = self.highlighted()
        if record is None:
            self.notify("Pick a cuff first.", severity="warning")
            return
        self._archive(record, not record.archived)

    @work(thread=True, exclusive=True, group="cuff-archive", exit_on_error=False)
    def _archive(self, record: CuffRecord, archived: bool) -> None:
        try:
            self.training_log.archive_cuff(record.id, archived=archived)
        except LookupError as error:
            self.post_message(SaveRefused(str(error)))
            return
        self.post_message(CuffArchived(record, archived))

    def on_cuff_archived(self, done: CuffArchived) -> None:
        name = done.record.cuff.name
        if done.archived:
            hint = " Press s to show archived cuffs." if not self.show_archived else ""
            self.notify(f"{name} is archived: the cuff check no longer offers it.{hint}",
                        markup=False)
        else:
            self.notify(f"{name} is back: the cuff check offers it again.", markup=False)
        self._select_after_load = done.record.id
        self._load()

    def action_show_archived(self) -> None:
        """Show or hide the archived cuffs (s)."""
        self.show_archived = not self.show_archived
        if self._loaded:
            self._fill_cuffs()

    def action_record_lop(self) -> None:
        """Record an LOP, with the highlighted cuff if it takes a pressure (l)."""
        record = self.highlighted()
        cuff_id = record.id if record is not None and record.cuff.kind.takes_pressure else None
        prefill = LopPrefill(side=Side.LEFT, cuff_id=cuff_id)
        self.app.push_screen(LopFormScreen(prefill=prefill), self._after_lop)

    def _after_lop(self, measurement: LopMeasurement | None) -> None:
        if measurement is not None:
            self._load()

    # --- the re-measure interval ---------------------------------------------------------

    def action_interval(self) -> None:
        """Change how old an LOP may get before the cuff check asks for a new one (i)."""
        box = self.query_one("#remeasure-days", Input)
        box.focus()
        box.select_all()

    def _set_interval_error(self, message: str) -> None:
        error = self.query_one("#remeasure-days-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    @on(Input.Changed, "#remeasure-days")
    def _on_interval_typed(self) -> None:
        self._set_interval_error("")

    @on(Input.Submitted, "#remeasure-days")
    def _on_interval_submitted(self) -> None:
        typed = check_number(self.query_one("#remeasure-days", Input).value, LOP_REMEASURE_DAYS)
        if typed.value is None:
            self._set_interval_error(typed.message)
            return
        try:
            days = remeasure_interval_days(int(typed.value))
        except PrescriptionError as error:
            self._set_interval_error(str(error))
            return
        self._save_interval(days)

    @work(thread=True, exclusive=True, group="cuffs-interval", exit_on_error=False)
    def _save_interval(self, days: int) -> None:
        try:
            self.training_log.save_lop_remeasure_days(days)
        except ValueError as error:
            self.post_message(SaveRefused(str(error)))
            return
        self.post_message(IntervalSaved(days))

    def on_interval_saved(self, saved: IntervalSaved) -> None:
        self.remeasure_days = saved.days
        self.notify(f"LOPs now ask to be measured again after {saved.days} days.")
        self.query_one("#cuffs-table", DataTable).focus()
        self._fill_lops()
