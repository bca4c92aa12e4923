"""The weekly plan: each template on weekdays, a number of times a week, or not planned."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from bfr_tui.domain.limits import TIMES_PER_WEEK
from bfr_tui.domain.weekly_plan import (
    WEEKDAY_NAMES,
    PlanEntry,
    PlanError,
    WeeklyPlan,
    plan_entry,
    weekly_plan,
)
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.training_log import TemplateRecord

# How a template is planned; its radio buttons' ids end in these.
NOT_PLANNED, ON_WEEKDAYS, TIMES_A_WEEK = "off", "days", "times"


def plan_mode(entries: list[PlanEntry]) -> str:
    """How a template's entries plan it: not, on weekdays, or N times a week."""
    if not entries:
        return NOT_PLANNED
    return ON_WEEKDAYS if entries[0].weekday is not None else TIMES_A_WEEK


class PlanFormScreen(FormDialog[WeeklyPlan, WeeklyPlan]):
    """The whole weekly plan, one template after another; dismisses with it as saved."""

    CSS_PATH = "plan_form.tcss"
    FORM_ID = "plan-form"
    BINDINGS = form_bindings(FORM_ID)
    FIX_FIRST = "Fix the templates marked in red first."

    def __init__(self, *, templates: list[TemplateRecord], plan: WeeklyPlan) -> None:
        super().__init__()
        self.templates = [record for record in templates if not record.archived]
        self.plan = plan

    def _entries_of(self, template_id: int) -> list[PlanEntry]:
        return [entry for entry in self.plan.entries if entry.template_id == template_id]

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-form-dialog", classes="dialog"):
            yield Static("Weekly plan", id="plan-form-title", classes="dialog-title")
            with VerticalScroll(id="plan-form-body"):
                if not self.templates:
                    yield Static("No template to plan yet: add one first (a).",
                                 classes="empty-note")
                for record in self.templates:
                    yield from self._template_rows(record)
                yield Static("", id="plan-form-error", classes="field-error")
            yield dialog_buttons()

    def _template_rows(self, record: TemplateRecord) -> ComposeResult:
        tid = record.id
        entries = self._entries_of(tid)
        mode = plan_mode(entries)
        days = {entry.weekday for entry in entries}
        times = next((e.times_per_week for e in entries if e.times_per_week is not None), None)
        with Vertical(classes="plan-template", id=f"plan-{tid}"):
            yield Static(Content(record.template.name), classes="plan-template-name")
            with RadioSet(id=f"plan-{tid}-mode", compact=True, classes="inline-radios"):
                yield RadioButton("Not planned", id=f"plan-{tid}-mode-{NOT_PLANNED}",
                                  value=mode == NOT_PLANNED)
                yield RadioButton("On weekdays", id=f"plan-{tid}-mode-{ON_WEEKDAYS}",
                                  value=mode == ON_WEEKDAYS)
                yield RadioButton("Times a week", id=f"plan-{tid}-mode-{TIMES_A_WEEK}",
                                  value=mode == TIMES_A_WEEK)
            with Horizontal(classes="plan-days", id=f"plan-{tid}-days"):
                for weekday, name in enumerate(WEEKDAY_NAMES):
                    yield Checkbox(name[:3], weekday in days, id=f"plan-{tid}-day-{weekday}",
                                   compact=True)
            with Horizontal(classes="plan-times", id=f"plan-{tid}-times"):
                yield Input("" if times is None else str(times), id=f"plan-{tid}-count",
                            compact=True, restrict=r"\d*", max_length=1)
                yield Static(f"[$text-muted]times a week ({TIMES_PER_WEEK.describe()}), "
                             "on any days[/]", classes="field-hint")
            yield Static("", id=f"plan-{tid}-error", classes="field-error")

    def on_mount(self) -> None:
        for record in self.templates:
            self._show_mode(record.id)
        if self.templates:
            self.query_one(f"#plan-{self.templates[0].id}-mode", RadioSet).focus()
        else:
            self.query_one("#cancel", Button).focus()
        self.call_after_refresh(self._fit)

    def mode_of(self, template_id: int) -> str:
        """How the form plans a template now."""
        pressed = self.query_one(f"#plan-{template_id}-mode", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return NOT_PLANNED
        return pressed.id.rsplit("-", 1)[-1]

    def _show_mode(self, template_id: int) -> None:
        # Days ticked or a count typed stay (hidden) when the lifter switches away.
        mode = self.mode_of(template_id)
        self.query_one(f"#plan-{template_id}-days").display = mode == ON_WEEKDAYS
        self.query_one(f"#plan-{template_id}-times").display = mode == TIMES_A_WEEK
        self.call_after_refresh(self._fit)

    @on(RadioSet.Changed)
    def _on_mode_changed(self, event: RadioSet.Changed) -> None:
        set_id = event.radio_set.id or ""
        if set_id.startswith("plan-") and set_id.endswith("-mode"):
            template_id = int(set_id.removeprefix("plan-").removesuffix("-mode"))
            self._set_error(f"plan-{template_id}", "")
            self._show_mode(template_id)

    @on(Checkbox.Changed)
    @on(Input.Changed)
    def _on_changed(self) -> None:
        self._set_error("plan-form", "")
        for record in self.templates:
            self._set_error(f"plan-{record.id}", "")

    @on(Input.Submitted)
    def _on_submit(self) -> None:
        self.action_save()

    def read_form(self) -> WeeklyPlan | None:
        """The plan as ticked and typed, or None with each problem under its template."""
        entries: list[PlanEntry] = []
        errors: dict[str, str] = {}
        for record in self.templates:
            tid = record.id
            try:
                entries += self._read_entries(tid)
            except PlanError as error:
                errors[f"plan-{tid}"] = str(error)
        plan = None
        if not errors:
            try:
                plan = weekly_plan(entries)
            except PlanError as error:
                errors["plan-form"] = str(error)
        self._show_errors(errors)
        return plan

    def _read_entries(self, template_id: int) -> list[PlanEntry]:
        mode = self.mode_of(template_id)
        if mode == ON_WEEKDAYS:
            days = [weekday for weekday in range(len(WEEKDAY_NAMES)) if self.query_one(
                f"#plan-{template_id}-day-{weekday}", Checkbox).value]
            if not days:
                raise PlanError("Tick at least one day, or pick Not planned.")
            return [plan_entry(template_id=template_id, weekday=day) for day in days]
        if mode == TIMES_A_WEEK:
            typed = self.query_one(f"#plan-{template_id}-count", Input).value.strip()
            if not typed:
                raise PlanError(f"Enter how many times a week: {TIMES_PER_WEEK.describe()}.")
            return [plan_entry(template_id=template_id, times_per_week=int(typed))]
        return []

    def save_to_log(self, draft: WeeklyPlan) -> WeeklyPlan:
        self.training_log.save_weekly_plan(draft)
        return draft

    def saved_note(self, saved: FormSaved[WeeklyPlan, WeeklyPlan]) -> str:
        return "Weekly plan saved."
