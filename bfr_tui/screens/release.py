"""Full-screen "Release the cuff now" after a red flag (R7)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from bfr_tui.domain.symptoms import SymptomKind, symptom_label


class ReleaseCuffScreen(Screen[None]):
    """Impossible to miss: the block has ended, take the cuff off."""

    CSS_PATH = "release.tcss"
    BINDINGS = [Binding("enter,escape,space", "done", "Cuff is off", id="release-done")]

    def __init__(self, kind: SymptomKind) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(id="release-box"):
            yield Static("RELEASE THE CUFF NOW", id="release-title")
            yield Static(
                f"{symptom_label(self.kind)} is a red flag. The block has ended and the "
                "flag is saved with the set.\nLoosen the cuff fully, sit down and let the "
                "colour and feeling come back. Next time, start looser.",
                id="release-text",
            )
            yield Static("Press enter once the cuff is off.", id="release-key")
        yield Footer()

    def on_mount(self) -> None:
        self.app.bell()

    def action_done(self) -> None:
        """The lifter has released the cuff."""
        self.dismiss(None)
