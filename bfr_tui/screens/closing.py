"""Closing a screen when a worker's answer arrives, even if another screen is over it.

Textual's ``dismiss`` pops whatever screen is on top. A form whose save lands while the
lifter has the palette or the help open over it would close those instead, and stay
behind them. A screen that closes itself on an answer from a worker uses
:meth:`ClosesWhenOnTop.close_with`: at once when it is on top, else as soon as it is
back on top, with the same result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.await_complete import AwaitComplete


class ClosesWhenOnTop:
    """Mixin for screens that close themselves on a worker's answer."""

    if TYPE_CHECKING:
        # Given by the screen this is mixed into.
        app: App[object]

        def dismiss(self, result: Any = None) -> AwaitComplete: ...

    _held_result: tuple[Any] | None = None

    def close_with(self, result: Any) -> None:
        """Dismiss with ``result`` now if this screen is on top, else once it is again."""
        # Not ``is_current``: that is also true of a screen seen through a modal over it.
        on_top: object = self.app.screen
        if on_top is self:
            self.dismiss(result)
        else:
            self._held_result = (result,)

    def on_screen_resume(self) -> None:
        held, self._held_result = self._held_result, None
        if held is not None:
            self.dismiss(held[0])
