"""A database worker that fails says so, instead of leaving a screen waiting forever."""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from textual.widgets import Button
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.css.query import DOMQuery, QueryType
    from textual.notifications import SeverityLevel
    from textual.widget import Widget


class ShowsWorkerErrors:
    """Mixin for screens: notify (as plain text) when one of their workers fails."""

    if TYPE_CHECKING:
        # Given by the screen this is mixed into, with the screen's own signatures.
        def notify(
            self,
            message: str,
            *,
            title: str = "",
            severity: SeverityLevel = "information",
            timeout: float | None = None,
            markup: bool = True,
        ) -> None: ...

        @overload
        def query(self, selector: str | None = None) -> DOMQuery[Widget]: ...

        @overload
        def query(self, selector: type[QueryType]) -> DOMQuery[QueryType]: ...

        def query(
            self, selector: str | type[QueryType] | None = None
        ) -> DOMQuery[Widget] | DOMQuery[QueryType]: ...

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(
            f"Could not read or write the training log: {error}",
            severity="error", timeout=20, markup=False,
        )
        self.worker_failed(error)

    def worker_failed(self, error: BaseException | None) -> None:
        """A dialog that was saving can be used again: its buttons come back."""
        if getattr(self, "_saving", False):
            self._saving = False
            for button in self.query(Button):
                button.disabled = False
