"""Plans: the lifter's session templates with their blocks, and the weekly plan."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from bfr_tui.domain.tempo import tempo_text
from bfr_tui.domain.weekly_plan import WEEKDAY_NAMES, PlanEntry, WeeklyPlan
from bfr_tui.screens.log_access import UsesLog
from bfr_tui.screens.messages import SaveRefused, StartTemplate
from bfr_tui.screens.plan_form import PlanFormScreen
from bfr_tui.screens.record_list import ListsRecords, add_record_row, set_columns, show_list
from bfr_tui.screens.template_form import TemplateFormScreen
from bfr_tui.screens.worker_errors import ShowsWorkerErrors
from bfr_tui.training_log import TemplateRecord
from bfr_tui.widgets.key_footer import KeyFooter
from bfr_tui.widgets.table import Table

NONE_SHOWN = "—"


@dataclass
class TemplatesLoaded(Message, bubble=False):
    """The lifter's templates (put-away ones too) and weekly plan."""

    templates: list[TemplateRecord]
    plan: WeeklyPlan


@dataclass
class TemplateArchived(Message, bubble=False):
    """A template was put away, or brought back."""

    record: TemplateRecord
    archived: bool
    was_planned: bool


def planned_text(entries: list[PlanEntry]) -> str:
    """``Mon, Thu``, ``2 times a week``, or a dash: when a template is planned."""
    days = [WEEKDAY_NAMES[e.weekday][:3] for e in entries if e.weekday is not None]
    if days:
        return ", ".join(days)
    counts = [e.describe() for e in entries if e.times_per_week is not None]
    return counts[0] if counts else NONE_SHOWN


def plan_lines(plan: WeeklyPlan, names: dict[int, str]) -> list[str]:
    """The week in the lifter's words: one line a weekday planned, then the counts."""
    lines: list[str] = []
    for weekday, day_name in enumerate(WEEKDAY_NAMES):
        on_day = [names.get(e.template_id, "?") for e in plan.entries if e.weekday == weekday]
        if on_day:
            lines.append(f"{day_name}: {', '.join(on_day)}")
    for entry in plan.entries:
        if entry.times_per_week is not None:
            lines.append(f"{names.get(entry.template_id, '?')}: {entry.describe()}, any days")
    return lines


class TemplatesScreen(ListsRecords, UsesLog, ShowsWorkerErrors, Screen[None]):
    """The lifter's session templates and weekly plan: add, edit, put away, plan, start."""

    CSS_PATH = "templates.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="templates-back"),
        Binding("s", "start", "Start", id="templates-start"),
        Binding("a", "add", "Add", id="templates-add"),
        Binding("e", "edit", "Edit", id="templates-edit"),
        Binding("r", "archive", "Archive", id="templates-archive"),
        # The same key on a put-away template, named for what it does there.
        Binding("r", "restore", "Bring back", id="templates-restore"),
        Binding("w", "plan", "Weekly plan", id="templates-plan"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.templates: list[TemplateRecord] = []
        self.plan = WeeklyPlan()
        self._loaded = False
        self._select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="templates-body"):
            yield Static("Your session templates", classes="section-title")
            yield Table(id="templates-table", cursor_type="row", zebra_stripes=True)
            yield Static("Loading your templates…", id="templates-empty", classes="empty-note")
            yield Static("", id="template-blocks-title", classes="section-title")
            with VerticalScroll(id="template-detail"):
                yield Static("", id="template-blocks-text")
            yield Static("Weekly plan", classes="section-title")
            yield Static("", id="weekly-plan-text")
        yield KeyFooter(compact_when_narrow=True)

    def on_mount(self) -> None:
        self.title = "Plans"
        self.query_one("#templates-table", DataTable).focus()
        self._load()

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="templates", exit_on_error=False)
    def _load(self) -> None:
        log = self.training_log
        self.post_message(TemplatesLoaded(
            templates=log.templates(include_archived=True), plan=log.weekly_plan(),
        ))

    def on_templates_loaded(self, loaded: TemplatesLoaded) -> None:
        # In use first, then the put-away ones, each by name as the log gives them.
        self.templates = sorted(loaded.templates, key=lambda record: record.archived)
        self.plan = loaded.plan
        self._loaded = True
        self._fill()

    def entries_of(self, template_id: int) -> list[PlanEntry]:
        """The plan's entries for one template."""
        return [entry for entry in self.plan.entries if entry.template_id == template_id]

    def _fill(self) -> None:
        table = self.query_one("#templates-table", DataTable)
        keep = self._record_to_select()
        set_columns(table, ("Template", "Blocks", "Planned"))
        for record in self.templates:
            add_record_row(table, record, record.template.name, str(len(record.template.blocks)),
                           planned_text(self.entries_of(record.id)))
        empty = self.query_one("#templates-empty", Static)
        show_list(table, empty, has_rows=bool(self.templates))
        empty.update("No templates yet: press a to make one, e.g. an arm finisher of "
                     "curls and pushdowns.")
        if self.templates:
            index = next((i for i, r in enumerate(self.templates) if r.id == keep), 0)
            table.move_cursor(row=index, animate=False)
        names = {r.id: r.template.name for r in self.templates}
        lines = plan_lines(self.plan, names)
        self.query_one("#weekly-plan-text", Static).update(Text(
            "\n".join(lines) if lines else "Nothing planned yet: press w to plan your week.",
            style="" if lines else "italic",
        ))
        self._show_detail()

    def highlighted(self) -> TemplateRecord | None:
        """The template under the cursor, if the list shows any."""
        if not self.templates:
            return None
        table = self.query_one("#templates-table", DataTable)
        if not 0 <= table.cursor_row < len(self.templates):
            return None
        return self.templates[table.cursor_row]

    @on(DataTable.RowHighlighted, "#templates-table")
    def _show_detail(self) -> None:
        record = self.highlighted()
        self.refresh_bindings()
        title = self.query_one("#template-blocks-title", Static)
        text = self.query_one("#template-blocks-text", Static)
        if record is None:
            title.update("")
            text.update("")
            return
        title.update(Text(f"Blocks of {record.template.name}"))
        text.update(Text("\n".join(
            f"{position}. {block.describe()}, tempo {tempo_text(block.protocol.tempo)}"
            for position, block in enumerate(record.template.blocks, start=1)
        )))

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the screen was opened from (escape)."""
        self.dismiss(None)

    @on(DataTable.RowSelected, "#templates-table")
    def _on_row_selected(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        """Run the highlighted template, block by block (enter or s)."""
        record = self.highlighted()
        if record is None:
            self.notify("Make a template first: press a.", severity="warning")
            return
        if record.archived:
            self.notify(f"{record.template.name} is archived: press r to bring it back first.",
                        severity="warning", markup=False)
            return
        self.post_message(StartTemplate(record.id))

    def action_add(self) -> None:
        """Make a new template (a)."""
        self.app.push_screen(TemplateFormScreen(), self._after_form)

    def action_edit(self) -> None:
        """Edit the highlighted template (e)."""
        record = self.highlighted()
        if record is None:
            self.notify("Pick a template to edit.", severity="warning")
            return
        self.app.push_screen(TemplateFormScreen(editing=record), self._after_form)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        record = self.highlighted()
        if action == "archive":
            return record is None or not record.archived
        if action == "restore":
            return record is not None and record.archived
        return super().check_action(action, parameters)

    def action_restore(self) -> None:
        """Bring the highlighted put-away template back (r)."""
        self.action_archive()

    def action_archive(self) -> None:
        """Put the highlighted template away, or bring it back (r)."""
        record = self.highlighted()
        if record is None:
            self.notify("Pick a template first.", severity="warning")
            return
        self._archive(record, not record.archived, bool(self.entries_of(record.id)))

    @work(thread=True, exclusive=True, group="template-archive", exit_on_error=False)
    def _archive(self, record: TemplateRecord, archived: bool, was_planned: bool) -> None:
        try:
            self.training_log.archive_template(record.id, archived=archived)
        except LookupError as error:
            self.post_message(SaveRefused(str(error)))
            return
        self.post_message(TemplateArchived(record, archived, was_planned))

    def on_template_archived(self, done: TemplateArchived) -> None:
        name = done.record.template.name
        if done.archived:
            planned = " and off your weekly plan" if done.was_planned else ""
            self.notify(f"{name} is archived{planned}. Press r to bring it back.",
                        markup=False)
        else:
            self.notify(f"{name} is back. Press w to plan it again.", markup=False)
        self._select_after_load = done.record.id
        self._load()

    def action_plan(self) -> None:
        """Plan the week: each template on weekdays or a number of times a week (w)."""
        if not self._loaded:
            return
        self.app.push_screen(PlanFormScreen(templates=self.templates, plan=self.plan),
                             self._after_plan)

    def _after_plan(self, plan: WeeklyPlan | None) -> None:
        if plan is not None:
            self._load()
