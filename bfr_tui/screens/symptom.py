"""Flag a symptom with one key, during a set or during rest (R7)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from bfr_tui.domain.limits import NOTE, check_text
from bfr_tui.domain.symptoms import SymptomKind, is_red_flag, symptom_label


@dataclass(frozen=True, slots=True)
class RaisedSymptom:
    """What the lifter flagged."""

    kind: SymptomKind
    note: str = ""


class SymptomModal(ModalScreen[RaisedSymptom | None]):
    """Pick what you feel. Red flags are listed first and end the block."""

    CSS_PATH = "symptom.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="symptom-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="symptom-dialog"):
            yield Static("What do you feel?", classes="dialog-title")
            options = []
            for number, kind in enumerate(SymptomKind, start=1):
                marker = "  (red flag: ends the block)" if is_red_flag(kind) else ""
                options.append(Option(f"{number}  {symptom_label(kind)}{marker}", id=kind.value))
            yield OptionList(*options, id="symptom-options")
            yield Input(
                placeholder=f"Describe it, up to {NOTE.max_chars} characters (enter to save)",
                id="symptom-note",
            )
            yield Static("", id="symptom-note-error", classes="field-error")
            yield Static("Up/down or 1-7, enter to choose. Escape: nothing happened.",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#symptom-note").display = False
        self.query_one(OptionList).focus()

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        options = self.query_one(OptionList)
        if key.isdigit() and options.has_focus and 1 <= int(key) <= len(SymptomKind):
            options.highlighted = int(key) - 1
            options.action_select()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        # Every option is built with its kind's value as its id.
        assert event.option.id is not None
        kind = SymptomKind(event.option.id)
        if kind is SymptomKind.OTHER:
            note = self.query_one("#symptom-note", Input)
            note.display = True
            note.focus()
            return
        self.dismiss(RaisedSymptom(kind))

    @on(Input.Submitted, "#symptom-note")
    def _note_done(self, event: Input.Submitted) -> None:
        # A note too long or holding a pasted control character is refused here, with
        # the text kept for editing, rather than cut short without a word.
        checked = check_text(event.value, NOTE)
        if not checked.ok:
            self._show_note_error(checked.message)
            return
        self.dismiss(RaisedSymptom(SymptomKind.OTHER, checked.value))

    @on(Input.Changed, "#symptom-note")
    def _note_edited(self, _event: Input.Changed) -> None:
        self._show_note_error("")

    def _show_note_error(self, message: str) -> None:
        error = self.query_one("#symptom-note-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    def action_cancel(self) -> None:
        """Close without flagging anything."""
        self.dismiss(None)
