"""The exercise list's table: enter on a row starts a block on that exercise."""

from __future__ import annotations

from textual.binding import Binding

from bfr_tui.widgets.table import Table


class ExerciseTable(Table[str]):
    """A DataTable whose enter starts a block rather than selecting the row.

    The key is the table's own, not a priority key of the screen: priority keys act
    before the keys typed ahead of them reach the screen, so "/curl" then enter typed
    in one burst would start a block on whichever row was highlighted before the filter.
    """

    BINDINGS = [Binding("enter", "screen.start", "Start block", id="exercises-start")]
