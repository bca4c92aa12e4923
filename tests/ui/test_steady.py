"""The showcase's `steady` waits for the screens under a dialog too, not only the top one.

The snapshots and screenshots of a dialog show the screen under it, so a picture taken
while that screen still has work queued comes out different from run to run.
"""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from bfr_tui.showcase.steps import steady

# Longer than a few of Pilot's idle checks (20 ms each when nothing uses the CPU), so
# a step that trusts them alone goes on while the list is still being filled.
FILL_DELAY_S = 0.5
NAMES = ("Dumbbell curl", "Leg extension", "Triceps pushdown")


class RowsReady(Message):
    """The rows have been read (as a worker's message would say)."""


class ListScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield DataTable[str]()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("Exercise", key="name")

    async def on_rows_ready(self, _: RowsReady) -> None:
        # Handling the message takes a while without using the CPU, as waiting for a
        # lock or a slow disk does.
        await asyncio.sleep(FILL_DELAY_S)
        table: DataTable[str] = self.query_one(DataTable)
        for name in NAMES:
            table.add_row(name)


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Label("A dialog over the list")


class ListUnderDialog(App[None]):
    def on_mount(self) -> None:
        self.push_screen(ListScreen())
        self.push_screen(Dialog())


async def test_steady_waits_for_the_list_under_a_dialog_to_fill_and_size_its_table() -> None:
    app = ListUnderDialog()
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        under = app.screen_stack[-2]
        assert isinstance(under, ListScreen)
        under.post_message(RowsReady())

        await steady(pilot)

        table: DataTable[str] = under.query_one(DataTable)
        assert table.row_count == len(NAMES)
        # The table sizes its columns once its own queue is empty: the widest name fits.
        assert table.columns["name"].content_width == max(len(name) for name in NAMES)
