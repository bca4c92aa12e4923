"""A block the app never closed: go on with it, or close it at the last logged set."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bfr_tui.domain.resume import ResumeChoice
from bfr_tui.domain.symptoms import symptom_label
from bfr_tui.domain.units import format_load
from bfr_tui.training_log import BlockRecord

RESUME = "resume"
CLOSE = "close"


class ResumeBlockScreen(ModalScreen[str]):
    """Shown at start-up when the log holds a block whose cuff-off was never written."""

    CSS_PATH = "resume.tcss"
    # Nothing else may start before this block is dealt with.
    ALLOW_PALETTE = False
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume-resume"),
        Binding("c", "choose('close')", "Close it", id="resume-close"),
    ]

    def __init__(self, interrupted: BlockRecord, choice: ResumeChoice) -> None:
        super().__init__()
        self.interrupted = interrupted
        self.choice = choice

    def compose(self) -> ComposeResult:
        found, choice = self.interrupted, self.choice
        block = found.block
        plan = found.plan
        reps = ", ".join(str(s.reps) for s in found.sets) or "none"
        logged = f"{len(found.sets)} of {plan.protocol.sets} sets logged (reps: {reps})."
        flags = ""
        if found.flags:
            kinds = ", ".join(symptom_label(f.kind) for f in found.flags)
            flags = f"\nSymptom flags: {kinds}."
        close_at = choice.close_at.strftime("%H:%M:%S")
        with Vertical(classes="dialog", id="resume-dialog"):
            yield Static("A block was left open", classes="dialog-title")
            yield Static(
                f"{plan.exercise_name} · {plan.side} · {format_load(plan.load, plan.unit)} · "
                f"{plan.protocol.reps_text}\n"
                f"Cuff on {block.cuff_on_at:%a %d %b at %H:%M}. {logged}{flags}",
                id="resume-what",
            )
            if choice.can_resume:
                next_set = len(found.sets) + 1
                yield Static(
                    f"Resume: set {next_set} follows a fresh rest; the occlusion clock "
                    f"counts from {block.cuff_on_at:%H:%M}.",
                    id="resume-how",
                )
            else:
                yield Static(choice.why_not, id="resume-why-not")
            yield Static(
                f"Close it: the cuff-off is recorded as {close_at}, {choice.close_note}.",
                id="resume-close-how",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Close it [c]"), id="close", variant="warning")
                yield Button(
                    Content("Resume [r]"), id="resume", variant="primary",
                    disabled=not choice.can_resume,
                )

    def on_mount(self) -> None:
        focus = "#resume" if self.choice.can_resume else "#close"
        self.query_one(focus, Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == (RESUME,):
            return self.choice.can_resume
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(RESUME if event.button.id == "resume" else CLOSE)

    def action_choose(self, what: str) -> None:
        """Resume the block, or close it at the last logged set."""
        self.dismiss(what)
