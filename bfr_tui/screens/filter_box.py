"""A list with a filter box that "/" jumps to, for screens that list things by name."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input


class FiltersWithSlash:
    """Mixin for a screen with a filter box: "/" puts the cursor in it, at once.

    Keys typed fast ("/curl" in one burst, or pasted) all reach the list before the
    bindings act on the first: "/" moves to the box here, at once, and the letters
    after it go into the box instead of being the list's own keys.
    """

    FILTER_BOX: ClassVar[str]
    """The selector of the screen's filter ``Input``."""

    def _filter_box(self) -> Input:
        return cast("Screen[Any]", self).query_one(self.FILTER_BOX, Input)

    def action_filter(self) -> None:
        """Put the cursor in the filter box (/)."""
        cast("Screen[Any]", self).set_focus(self._filter_box())

    def on_key(self, event: Key) -> None:
        filter_box = self._filter_box()
        in_box = cast("Screen[Any]", self).focused is filter_box
        if event.key == "slash" and not in_box:
            event.stop()
            self.action_filter()
        elif event.is_printable and event.character and in_box:
            event.stop()
            filter_box.insert_text_at_cursor(event.character)
