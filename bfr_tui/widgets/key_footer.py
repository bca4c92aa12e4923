"""Textual's footer of keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

KeySignature = tuple[object, ...]

COMPACT_BELOW = 100
"""Below this width a busy screen's footer is compact and leaves the palette key out,
so every key stays readable at 80 columns; the palette still opens with ctrl+p."""


class KeyFooter(Footer):
    """The stock footer, rebuilt only when the keys it shows change.

    Textual's footer rebuilds every key on each bindings update (each focus change, the
    screen resuming...), which happens several times while a screen opens. Each rebuild
    mounts and styles a dozen widgets on the UI thread, just when a worker is loading the
    screen's data; when the keys are the same, it is wasted.
    """

    def __init__(self, *args: Any, compact_when_narrow: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: KeySignature | None = None
        self._compact_when_narrow = compact_when_narrow

    def _signature(self, screen: Screen[Any]) -> KeySignature:
        keys = tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        return (*keys, self.compact, self.show_command_palette)

    def compose(self) -> ComposeResult:
        # Until the bindings are ready the stock footer composes no keys at all.
        self._shown = self._signature(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def on_resize(self, event: Resize) -> None:
        if not self._compact_when_narrow:
            return
        wide = event.size.width >= COMPACT_BELOW
        if self.show_command_palette != wide:
            self.compact = not wide
            self.show_command_palette = wide
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild the keys only when the screen's shown keys have changed."""
        # Unfocused, the stock footer skips the rebuild; the keys must then count as unshown.
        if screen is self.screen and self.is_attached and screen.app.app_focus:
            signature = self._signature(screen)
            if signature == self._shown:
                return
            self._shown = signature
        super().bindings_changed(screen)
