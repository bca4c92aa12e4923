"""The windowed table: ctrl+home and ctrl+end reach the ends of the whole list, not the window."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult

from bfr_tui.widgets.windowed_table import WindowedTable


class ListApp(App[None]):
    """Rows 10-29 of a 40-row list, as a screen that pages would hold them."""

    def __init__(self, *, before: int, after: int) -> None:
        super().__init__()
        self.before, self.after = before, after
        self.jumps: list[bool] = []

    def compose(self) -> ComposeResult:
        yield WindowedTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(WindowedTable)
        table.add_column("Block")
        table.add_rows([(f"block {n}",) for n in range(10, 30)])
        table.rows_before, table.rows_after = self.before, self.after
        table.move_cursor(row=5)
        table.focus()

    @on(WindowedTable.JumpTo)
    def _jump(self, event: WindowedTable.JumpTo) -> None:
        self.jumps.append(event.end)


async def test_ctrl_end_asks_for_the_last_page_when_rows_lie_beyond_the_window() -> None:
    app = ListApp(before=10, after=10)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("ctrl+end")
        await pilot.press("ctrl+home")
        await pilot.pause()
        cursor = app.query_one(WindowedTable).cursor_row

    assert app.jumps == [True, False]
    # The cursor waits where it was until the screen has loaded the page it asked for.
    assert cursor == 5


async def test_with_the_whole_list_loaded_the_keys_move_the_cursor_as_usual() -> None:
    app = ListApp(before=0, after=0)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(WindowedTable)
        await pilot.press("ctrl+end")
        await pilot.pause()
        at_end = table.cursor_row
        await pilot.press("ctrl+home")
        await pilot.pause()
        at_start = table.cursor_row

    assert app.jumps == []
    assert (at_end, at_start) == (19, 0)
