"""Full-screen "Release the cuff now": after a red flag (R7), cuff discomfort above 7/10
(R13), or when the log fails.

What was saved is said only once the log has it: the live panel updates the last
line as its writes commit, are retried or fail.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from bfr_tui.domain.set_rating import discomfort_stop_message
from bfr_tui.domain.symptoms import SymptomKind, symptom_label


class ReleaseCuffScreen(Screen[None]):
    """Impossible to miss: the block has ended, take the cuff off."""

    CSS_PATH = "release.tcss"
    BINDINGS = [Binding("enter,escape,space", "done", "Cuff is off", id="release-done")]

    def __init__(self, kind: SymptomKind | None = None, *, why: str = "",
                 discomfort: int | None = None, saving: str = "Saving…") -> None:
        super().__init__()
        self.kind = kind
        self.discomfort = discomfort
        self.why = why
        self.saving = saving

    def compose(self) -> ComposeResult:
        if self.discomfort is not None:
            text = (
                f"{discomfort_stop_message(self.discomfort)}\nLoosen the cuff fully and sit "
                "down until it eases. Next time, start looser."
            )
        elif self.kind is not None:
            text = (
                f"{symptom_label(self.kind)} is a red flag. The block has ended.\nLoosen "
                "the cuff fully, sit down and let the colour and feeling come back. Next "
                "time, start looser."
            )
        else:
            text = f"{self.why}\nThe block has ended. Loosen the cuff fully."
        with Vertical(id="release-box"):
            yield Static("RELEASE THE CUFF NOW", id="release-title")
            yield Static(text, id="release-text", markup=False)
            yield Static(self.saving, id="release-saved", markup=False)
            yield Static("Press enter once the cuff is off.", id="release-key")
        yield Footer()

    def on_mount(self) -> None:
        # A write may have committed between compose and now.
        self.show_saved(self.saving)
        self.app.bell()

    def show_saved(self, text: str) -> None:
        """Say what the log holds of the ending now, whether or not it is on screen yet."""
        self.saving = text
        for line in self.query("#release-saved").results(Static):
            line.update(text)

    def action_done(self) -> None:
        """The lifter has released the cuff."""
        self.dismiss(None)
