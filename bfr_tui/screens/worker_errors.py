"""A database worker that fails says so, instead of leaving a screen waiting forever."""

from __future__ import annotations

from textual.widgets import Button
from textual.worker import Worker, WorkerState


class ShowsWorkerErrors:
    """Mixin for screens: notify (as plain text) when one of their workers fails."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.notify(  # type: ignore[attr-defined]
            f"Could not read or write the training log: {error}",
            severity="error", timeout=20, markup=False,
        )
        self.worker_failed(error)

    def worker_failed(self, error: BaseException | None) -> None:
        """A dialog that was saving can be used again: its buttons come back."""
        if getattr(self, "_saving", False):
            self._saving = False
            for button in self.query(Button):  # type: ignore[attr-defined]
                button.disabled = False
