"""Add or edit one of the lifter's cuffs: name, kind, width, and a wrap's mark (R12, R16)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from bfr_tui.domain.cuff_profile import (
    CUFF_KIND_LABELS,
    CuffError,
    CuffKind,
    CuffProfile,
    cuff_profile,
)
from bfr_tui.domain.limits import CUFF_NAME, CUFF_WIDTH_CM, WRAP_MARK, check_text
from bfr_tui.domain.units import format_number
from bfr_tui.screens.form_dialog import FormDialog, FormSaved, dialog_buttons, form_bindings
from bfr_tui.training_log import CuffRecord

FIELDS = ("cuff-name", "cuff-width", "cuff-mark", "cuff-form")


def cuff_kind_word(kind: CuffKind) -> str:
    """``elastic wrap``, ``pneumatic``, ``automatic``: the kind in a list's few words."""
    return kind.value.replace("_", " ")


def cuff_choice_label(cuff: CuffProfile) -> str:
    """``Thigh cuff (pneumatic, 11.5 cm)``: a cuff as a picker offers it."""
    return f"{cuff.name} ({cuff_kind_word(cuff.kind)}, {format_number(cuff.width_cm, 1)} cm)"


class CuffFormScreen(FormDialog[CuffProfile, CuffRecord]):
    """A new cuff, or an edit of one; dismisses with the cuff as saved, or None."""

    CSS_PATH = "cuff_form.tcss"
    FORM_ID = "cuff-form"
    BINDINGS = form_bindings(FORM_ID)

    def __init__(self, *, editing: CuffRecord | None = None) -> None:
        super().__init__()
        self.editing = editing

    def compose(self) -> ComposeResult:
        editing = self.editing.cuff if self.editing is not None else None
        title = f"Edit cuff: {editing.name}" if editing else "Add a cuff"
        kind = editing.kind if editing else CuffKind.PNEUMATIC
        with Vertical(id="cuff-form-dialog", classes="dialog"):
            yield Static(Content(title), id="cuff-form-title", classes="dialog-title")
            with VerticalScroll(id="cuff-form-body"):
                with Grid(id="cuff-form-grid"):
                    yield Label("Name", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Input(editing.name if editing else "", id="cuff-name",
                                    compact=True, max_length=CUFF_NAME.max_chars,
                                    placeholder="e.g. Blue wrap, Delfi thigh")
                        yield Static("", id="cuff-name-error", classes="field-error")
                    yield Label("Kind", classes="form-label")
                    with RadioSet(id="cuff-kind", compact=True):
                        for each in CuffKind:
                            yield RadioButton(CUFF_KIND_LABELS[each], id=f"kind-{each.value}",
                                              value=each is kind)
                    yield Label(f"Width ({CUFF_WIDTH_CM.unit})", classes="form-label")
                    with Vertical(classes="form-field"):
                        with Horizontal(classes="field-row"):
                            yield Input(
                                format_number(editing.width_cm, 1) if editing else "",
                                id="cuff-width", compact=True, restrict=r"[\d.,]*",
                                max_length=5,
                            )
                            yield Static(
                                f"[$text-muted]{CUFF_WIDTH_CM.describe()}: wider cuffs close "
                                "the artery at less pressure[/]",
                                id="cuff-width-hint",
                            )
                        yield Static("", id="cuff-width-error", classes="field-error")
                    yield Label("Stretch mark", classes="form-label wrap-only")
                    with Vertical(classes="form-field wrap-only"):
                        yield Input(editing.wrap_mark if editing else "", id="cuff-mark",
                                    compact=True, max_length=WRAP_MARK.max_chars,
                                    placeholder="e.g. stretched to the 3rd stripe, overlap 5 cm")
                        yield Static("", id="cuff-mark-error", classes="field-error")
                yield Static("", id="cuff-form-error", classes="field-error")
            yield dialog_buttons()

    def on_mount(self) -> None:
        self._show_kind()
        self.query_one("#cuff-name", Input).focus()
        self.call_after_refresh(self._fit)

    @property
    def kind(self) -> CuffKind:
        """The kind picked."""
        pressed = self.query_one("#cuff-kind", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return CuffKind.PNEUMATIC
        return CuffKind(pressed.id.removeprefix("kind-"))

    @on(RadioSet.Changed, "#cuff-kind")
    def _show_kind(self) -> None:
        # A stretch mark is only for a wrap; a mark typed before switching stays in the
        # field (hidden), should the lifter switch back.
        wrap = self.kind is CuffKind.ELASTIC_WRAP
        for widget in self.query(".wrap-only"):
            widget.display = wrap
        self.call_after_refresh(self._fit)

    @on(Input.Changed)
    def _on_typed(self, event: Input.Changed) -> None:
        if event.input.id in FIELDS:
            self._set_error(event.input.id, "")
        self._set_error("cuff-form", "")

    @on(Input.Submitted)
    def _on_submit(self) -> None:
        self.action_save()

    def read_form(self) -> CuffProfile | None:
        """The cuff as typed, or None with each problem under its field."""
        errors = dict.fromkeys(FIELDS, "")
        kind = self.kind
        name = self.query_one("#cuff-name", Input).value
        mark = self.query_one("#cuff-mark", Input).value if kind is CuffKind.ELASTIC_WRAP else ""
        width = self._number("cuff-width", CUFF_WIDTH_CM)
        errors["cuff-name"] = check_text(name, CUFF_NAME).message
        errors["cuff-mark"] = check_text(mark, WRAP_MARK).message
        errors["cuff-width"] = width.message
        cuff = None
        if not any(errors.values()) and width.value is not None:
            try:
                cuff = cuff_profile(name=name, kind=kind, width_cm=width.value, wrap_mark=mark)
            except CuffError as error:
                errors["cuff-form"] = str(error)
        self._show_errors(errors)
        return cuff

    def save_to_log(self, draft: CuffProfile) -> CuffRecord:
        if self.editing is None:
            return self.training_log.add_cuff(draft)
        return self.training_log.edit_cuff(self.editing.id, draft)

    def saved_note(self, saved: FormSaved[CuffProfile, CuffRecord]) -> str:
        return f"Cuff saved: {saved.result.cuff.name}."
