"""The floors of the app's screens: the least any Textual app can do to show the same.

``python -m benchmarks.floor_app bare`` paints one Static and waits for the
driver to end it. ``python -m benchmarks.floor_app sqlmodel DB`` first imports
sqlmodel and runs one query on the log file, then paints the answer.
``python -m benchmarks.floor_app history DB ROWS`` paints one Static; ``h`` then
pushes a screen with a DataTable of the newest ``ROWS`` blocks (read with
``sqlite3``) and a textual-plotext chart of the same rows, and ``ctrl+end``
puts the oldest ``ROWS`` blocks in the table. The app's own figures are judged
against these, measured in the same run on the same machine.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from typing import Any

FLOOR_TEXT = "floor painted"
# The screen the history floor pushes; the scenario waits for it by this class name.
HISTORY_SCREEN = "FloorHistoryScreen"
USAGE = "usage: python -m benchmarks.floor_app bare | sqlmodel DB | history DB ROWS"

# Everything the history's table shows of a block, from one query on the log (times in
# local time, as the history shows them; the log holds UTC).
BLOCKS = """
SELECT datetime(b.cuff_on_at, 'localtime'), datetime(b.cuff_off_at, 'localtime'),
       e.name, b.side, b.load, b.unit, b.one_rm,
       (SELECT group_concat(reps, '/')
          FROM (SELECT reps FROM set_entry WHERE block_id = b.id ORDER BY set_number)),
       (SELECT sum(reps) FROM set_entry WHERE block_id = b.id),
       (SELECT group_concat(kind, ', ') FROM symptom_flag WHERE block_id = b.id)
FROM block AS b JOIN exercise AS e ON e.id = b.exercise_id
ORDER BY b.cuff_on_at {order}, b.id {order}
LIMIT ?
"""
COLUMNS = ("Date", "Exercise", "Side", "Load", "%1RM", "Reps", "Cuff", "Flags")


def _count_exercises(path: str) -> int:
    from sqlmodel import Session, create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        count = int(session.execute(text("SELECT count(*) FROM exercise")).scalar_one())
    engine.dispose()
    return count


def read_blocks(path: str, rows: int, *, oldest: bool = False) -> list[tuple[Any, ...]]:
    """The newest (or oldest, still newest first) ``rows`` blocks, as the table's raw values."""
    connection = sqlite3.connect(path)
    try:
        found = connection.execute(BLOCKS.format(order="ASC" if oldest else "DESC"),
                                   (rows,)).fetchall()
    finally:
        connection.close()
    return found[::-1] if oldest else found


def table_cells(block: tuple[Any, ...]) -> tuple[str, ...]:
    """One block as the history's columns, formatted with nothing but the standard library."""
    cuff_on, cuff_off, name, side, load, unit, one_rm, reps, _total, flags = block
    cuff = "on"
    if cuff_off is not None:
        seconds = int((datetime.fromisoformat(cuff_off)
                       - datetime.fromisoformat(cuff_on)).total_seconds())
        cuff = f"{seconds // 60}:{seconds % 60:02d}"
    pct = f"{100 * load / one_rm:.0f}%" if one_rm else "—"
    return (cuff_on[:16], name, side, f"{load:g} {unit}", pct, reps or "—", cuff, flags or "—")


def _history_app(path: str, rows: int) -> Any:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Static
    from textual_plotext import PlotextPlot

    class FloorChart(PlotextPlot):
        """Load and total reps of the table's rows; ``drawn`` once a frame has been built."""

        DEFAULT_CSS = "FloorChart { height: 12; }"

        def __init__(self, blocks: list[tuple[Any, ...]], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.blocks = blocks
            self.drawn = False

        def render(self) -> Any:
            oldest_first = self.blocks[::-1]
            days = [datetime.fromisoformat(b[0]).toordinal() for b in oldest_first]
            self.plt.clear_data()
            self.plt.clear_figure()
            self.plt.plot(days, [float(b[4]) for b in oldest_first], marker="braille")
            self.plt.plot(days, [float(b[8] or 0) for b in oldest_first], yside="right",
                          marker="braille")
            built = super().render()
            self.drawn = True
            return built

    class FloorTable(DataTable[str]):
        def action_scroll_bottom(self) -> None:
            # The history holds one window of rows: its oldest block is a page away.
            self.clear()
            self.add_rows(table_cells(b) for b in read_blocks(path, rows, oldest=True))
            self.move_cursor(row=self.row_count - 1, animate=False)

    class FloorHistoryScreen(Screen[None]):
        # The history's layout: the table takes what the 12-row chart leaves.
        DEFAULT_CSS = "#history-table { height: 1fr; }"

        def compose(self) -> ComposeResult:
            blocks = read_blocks(path, rows)
            table = FloorTable(id="history-table", cursor_type="row", zebra_stripes=True)
            table.add_columns(*COLUMNS)
            table.add_rows(table_cells(b) for b in blocks)
            yield table
            yield FloorChart(blocks, id="history-chart")

    class FloorApp(App[None]):
        BINDINGS = [("h", "history", "History")]

        def compose(self) -> ComposeResult:
            yield Static(FLOOR_TEXT)

        def action_history(self) -> None:
            self.push_screen(FloorHistoryScreen())

    assert FloorHistoryScreen.__name__ == HISTORY_SCREEN
    return FloorApp()


def main(argv: list[str]) -> int:
    """Run the floor named by ``argv[0]`` (``bare``, ``sqlmodel DB`` or ``history DB ROWS``)."""
    line = FLOOR_TEXT
    if argv[:1] == ["history"] and len(argv) == 3:
        _history_app(argv[1], int(argv[2])).run()
        return 0
    if argv[:1] == ["sqlmodel"] and len(argv) == 2:
        line = f"{FLOOR_TEXT}: {_count_exercises(argv[1])} exercises"
    elif argv != ["bare"]:
        print(USAGE, file=sys.stderr)
        return 2

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class FloorApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(line)

    FloorApp().run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
