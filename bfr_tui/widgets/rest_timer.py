"""The rest countdown between sets, in big digits."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from bfr_tui.domain.occlusion import format_duration


class RestCountdown(Vertical):
    """Seconds of rest left, and what comes next. Hidden while a set is on."""

    DEFAULT_CSS = """
    RestCountdown {
        height: auto; border: round $secondary; border-title-color: $secondary; padding: 0 1;
    }
    RestCountdown Horizontal { height: auto; }
    RestCountdown #rest-digits { width: auto; color: $secondary; }
    RestCountdown #rest-next { width: 1fr; padding: 1 0 0 2; }
    RestCountdown.-ending #rest-digits { color: $warning; }
    """

    remaining_s: reactive[float] = reactive(0.0)
    """Seconds left."""
    next_text: reactive[str] = reactive("")
    """What the next set is."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Digits("00:00", id="rest-digits")
            yield Static("", id="rest-next")

    def on_mount(self) -> None:
        self.border_title = "Rest, cuff stays on"

    def watch_remaining_s(self, seconds: float) -> None:
        # Round up so the display reads 00:01 until the rest is really over.
        self.query_one("#rest-digits", Digits).update(format_duration(math.ceil(seconds)))
        self.set_class(0 < seconds <= 5, "-ending")

    def watch_next_text(self, text: str) -> None:
        self.query_one("#rest-next", Static).update(text)
