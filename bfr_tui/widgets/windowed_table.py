"""A DataTable that holds one window of a longer list, and jumps to either end of the list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.geometry import Size
from textual.message import Message
from textual.widgets.data_table import RowKey

from bfr_tui.widgets.table import Table


class WindowedTable(Table[Any]):
    """Rows ``rows_before`` .. ``rows_before + row_count`` of a list too long to hold whole.

    The screen that owns the list loads pages into the table and keeps ``rows_before``
    and ``rows_after`` up to date. ctrl+home and ctrl+end go to the first and last row of
    the whole list, not of the window: when those rows are not loaded the table asks
    for them with :class:`WindowedTable.JumpTo`, and the screen loads that page in place
    of the window, so reaching the oldest of 25,000 blocks costs one page, not all of them.
    """

    class JumpTo(Message):
        """The lifter asked for the first (``end=False``) or last row of the whole list."""

        def __init__(self, table: WindowedTable, *, end: bool) -> None:
            super().__init__()
            self.table = table
            self.end = end

        @property
        def control(self) -> WindowedTable:
            """The table that asked."""
            return self.table

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows_before = 0
        """Rows of the list above the loaded window."""
        self.rows_after = 0
        """Rows of the list below the loaded window."""

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> list[RowKey]:
        """Add rows and measure them at once, so the next frame draws them whole.

        A DataTable measures new rows when it next goes idle, which can come after the
        screen's next frame: the page would be drawn once with cut-short columns, and a
        move of the cursor would wait a frame for the measured height. One page is cheap
        to measure here.
        """
        keys = super().add_rows(rows)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)
        return keys

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        # Textual 8.2 caches each drawn line by row, not by column width. A page drawn
        # before the table measured its new rows (it does so when idle) would keep its
        # cut-short columns ("2026" for "2026-03-02 18:30") after the columns widen, until
        # some key press redraws it. New widths change the virtual width: drop the lines.
        if old.width != new.width:
            self._clear_caches()

    def action_scroll_top(self) -> None:
        """The first row of the whole list (ctrl+home)."""
        if self.rows_before > 0:
            self.post_message(self.JumpTo(self, end=False))
            return
        super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        """The last row of the whole list (ctrl+end)."""
        if self.rows_after > 0:
            self.post_message(self.JumpTo(self, end=True))
            return
        super().action_scroll_bottom()
