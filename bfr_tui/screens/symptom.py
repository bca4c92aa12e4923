"""Flag a symptom with one key, during a set or during rest (R7)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from bfr_tui.domain.symptoms import SymptomKind, is_red_flag, symptom_label

NOTE_MAX = 200


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
            yield Input(placeholder="Describe it (enter to save)", id="symptom-note",
                        max_length=NOTE_MAX)
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
        kind = SymptomKind(event.option.id)
        if kind is SymptomKind.OTHER:
            note = self.query_one("#symptom-note", Input)
            note.display = True
            note.focus()
            return
        self.dismiss(RaisedSymptom(kind))

    @on(Input.Submitted, "#symptom-note")
    def _note_done(self, event: Input.Submitted) -> None:
        self.dismiss(RaisedSymptom(SymptomKind.OTHER, event.value.strip()[:NOTE_MAX]))

    def action_cancel(self) -> None:
        """Close without flagging anything."""
        self.dismiss(None)
