"""The R6 interlock: past 10 min of continuous cuff time, the next set waits for an answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bfr_tui.domain.occlusion import RED_AFTER_S, format_duration

RELEASE = "release"
GO_ON = "go_on"


class OcclusionLimitModal(ModalScreen[str]):
    """Release the cuff (the default, on enter or escape), or go on with one more set."""

    CSS_PATH = "occlusion_limit.tcss"
    # Nothing may start from the palette while the question is open.
    ALLOW_PALETTE = False
    BINDINGS = [
        Binding("enter,escape", "answer('release')", "Release", id="limit-release"),
        Binding("g", "answer('go_on')", "Go on", id="limit-go-on"),
    ]

    def __init__(self, *, cuff_s: float, next_set: int) -> None:
        super().__init__()
        self.cuff_s = cuff_s
        self.next_set = next_set

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="limit-dialog"):
            yield Static(
                f"{RED_AFTER_S // 60} min of continuous cuff time. Release the cuff?",
                classes="dialog-title", id="limit-question",
            )
            yield Static(
                f"The cuff has been on for {format_duration(self.cuff_s)}. Releasing ends the "
                f"block here; the sets logged are kept. Going on with set {self.next_set} is "
                "recorded with the block.",
                id="limit-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"Go on with set {self.next_set} [g]"), id="go_on")
                yield Button(Content("Release the cuff [enter]"), id="release",
                             variant="error")

    def on_mount(self) -> None:
        # Enter, the key that ends a set, presses the safe answer.
        self.query_one("#release", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(GO_ON if event.button.id == GO_ON else RELEASE)

    def action_answer(self, answer: str) -> None:
        """Release the cuff, or go on with the next set."""
        self.dismiss(answer)
