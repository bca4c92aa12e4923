"""The app's table: its header lines up with its rows whenever the screen paints."""

from __future__ import annotations

import asyncio
import html
import re
from collections import defaultdict

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Static

from bfr_tui.widgets.table import Table

ROWS = [("2026-01-31", "18.75 kg", "tested"), ("2026-01-04", "17.5 kg", "estimated")]
HEADINGS = ("Date", "1RM", "How")
TEXT = re.compile(r'<text[^>]* x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')
# Long enough for the screen to lay out and paint a frame or more (it paints at 60 fps).
FRAMES_S = 0.2


class Held(Message):
    """Keeps the table busy until ``go_on`` is set, so what comes next waits in its queue."""

    def __init__(self, go_on: asyncio.Event) -> None:
        super().__init__()
        self.go_on = go_on


class SlowTable(Table[str]):
    """A table whose queue can stall, as on a busy machine, so that the screen paints
    it between its rows arriving and its columns being sized."""

    def hold(self) -> asyncio.Event:
        """Stall the queue from now until the event returned is set."""
        go_on = asyncio.Event()
        self.post_message(Held(go_on))
        return go_on

    async def on_held(self, held: Held) -> None:
        await held.go_on.wait()


class OneRepMaxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="summary")
        yield SlowTable()

    def on_mount(self) -> None:
        self.query_one(SlowTable).add_columns(*HEADINGS)


def screen_lines(app: App[None]) -> list[str]:
    """The terminal's lines as a picture of the app shows them."""
    cells: defaultdict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in TEXT.findall(app.export_screenshot()):
        cells[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(cells[y])) for y in sorted(cells)]


async def test_the_header_lines_up_with_the_rows_when_a_frame_comes_before_the_sizing() -> None:
    app = OneRepMaxes()
    async with app.run_test(size=(50, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(SlowTable)
        before_sizing = table.hold()
        # As a screen fills a table from a read: clear it, add the rows.
        table.clear()
        table.add_rows(ROWS)
        # The same read fills the text above the table: the screen paints a frame,
        # and the table, changed since the last one, is drawn in it.
        app.query_one("#summary", Static).update("1RM now 18.75 kg\n2 1RMs on record")
        await asyncio.sleep(FRAMES_S)
        before_sizing.set()
        await pilot.pause()
        await pilot.pause()

        lines = screen_lines(app)
        header = next(line for line in lines if "Date" in line)
        first_row = next(line for line in lines if ROWS[0][0] in line)
        assert header.index("1RM") == first_row.index(ROWS[0][1])
        assert header.index("How") == first_row.index(ROWS[0][2])
