"""The occlusion clock: continuous cuff time, amber at 7 min, red at 10 (R6)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static

from bfr_tui.domain.occlusion import (
    OcclusionLevel,
    format_duration,
    occlusion_level,
    occlusion_message,
    session_total_warning,
)


class OcclusionClock(Vertical):
    """Cuff-on time for this block in big digits, plus the session's total."""

    DEFAULT_CSS = """
    OcclusionClock {
        height: auto;
        border: round $success;
        border-title-color: $success;
        padding: 0 1;
    }
    OcclusionClock Digits { width: auto; color: $success; }
    OcclusionClock.-amber { border: round $warning; border-title-color: $warning; }
    OcclusionClock.-amber Digits { color: $warning; }
    OcclusionClock.-red { border: heavy $error; border-title-color: $error; }
    OcclusionClock.-red Digits { color: $error; }
    OcclusionClock #occlusion-message { color: $error; text-style: bold; height: auto; }
    OcclusionClock.-amber #occlusion-message { color: $warning; }
    OcclusionClock #session-total { color: $text-muted; }
    OcclusionClock #session-total.-warn { color: $warning; text-style: bold; }
    """

    continuous_s: reactive[float] = reactive(0.0)
    """Seconds the cuff has been on in this block."""
    session_s: reactive[float] = reactive(0.0)
    """Cuff time of the whole session, this block included."""
    level: reactive[OcclusionLevel] = reactive(OcclusionLevel.OK)
    """Colour band of the clock."""

    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="occlusion-digits")
        yield Static("", id="session-total")
        yield Static("", id="occlusion-message")

    def on_mount(self) -> None:
        self.border_title = "Cuff on"

    def show(self, *, continuous_s: float, session_s: float) -> None:
        """Update from the monotonic clock."""
        self.continuous_s = continuous_s
        self.session_s = session_s
        self.level = occlusion_level(continuous_s)

    def watch_continuous_s(self, seconds: float) -> None:
        self.query_one("#occlusion-digits", Digits).update(format_duration(seconds))
        self.query_one("#occlusion-message", Static).update(occlusion_message(seconds))

    def watch_session_s(self, seconds: float) -> None:
        total = self.query_one("#session-total", Static)
        warning = session_total_warning(seconds)
        total.update(warning or f"Session cuff time {format_duration(seconds)}")
        total.set_class(bool(warning), "-warn")

    def watch_level(self, level: OcclusionLevel) -> None:
        self.set_class(level is OcclusionLevel.AMBER, "-amber")
        self.set_class(level is OcclusionLevel.RED, "-red")
