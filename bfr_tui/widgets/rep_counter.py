"""The big rep counter of the live panel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Static


class RepCounter(Vertical):
    """Reps done in the current set against its target, readable from the bench."""

    DEFAULT_CSS = """
    RepCounter {
        height: auto; border: round $primary; border-title-color: $primary; padding: 0 1;
    }
    RepCounter Horizontal { height: auto; }
    RepCounter #rep-digits { width: auto; color: $text; }
    RepCounter #rep-target { width: auto; padding: 1 0 0 2; color: $text-muted; }
    RepCounter #rep-typed { color: $accent; text-style: bold; height: 1; }
    RepCounter.-met #rep-digits { color: $success; }
    """

    reps: reactive[int] = reactive(0)
    """Reps counted so far."""
    target: reactive[int] = reactive(30)
    """Target reps for this set."""
    typed: reactive[str] = reactive("")
    """Digits typed but not yet applied with enter."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Digits("0", id="rep-digits")
            yield Static("", id="rep-target")
        yield Static("", id="rep-typed")

    def watch_reps(self, reps: int) -> None:
        self.query_one("#rep-digits", Digits).update(str(reps))
        self.set_class(reps >= self.target, "-met")

    def watch_target(self, target: int) -> None:
        self.query_one("#rep-target", Static).update(f"/ {target} reps")
        self.set_class(self.reps >= target, "-met")

    def watch_typed(self, typed: str) -> None:
        self.query_one("#rep-typed", Static).update(
            f"Typed {typed}: enter sets the count" if typed else ""
        )
