"""Every table of the app: Textual's DataTable, repainted whole when its size changes."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.widgets import DataTable

CellType = TypeVar("CellType")


class Table(DataTable[CellType]):
    """A DataTable whose header never lags behind its columns.

    A table sizes its columns only once its queue is empty. A frame painted between
    rows arriving and that sizing draws the header at the old, narrower widths; the
    table grows, and DataTable then starts drawing afresh but does not ask to be
    repainted. That header stayed on screen, narrower than the rows under it, until
    something else (the cursor, the focus) redrew the table.
    """

    def on_resize(self, _: events.Resize) -> None:
        self.refresh()
