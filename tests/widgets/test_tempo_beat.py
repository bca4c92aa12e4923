"""The beat line: which half of the rep, how far into it, and the tempo."""

from __future__ import annotations

from textual.app import App, ComposeResult

from bfr_tui.domain.tempo import CLASSIC_TEMPO, beat_at
from bfr_tui.widgets.tempo_beat import BAR_CELLS, TempoBeat


class BeatApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TempoBeat()


def line_at(beat: TempoBeat, seconds: float) -> str:
    beat.show(beat_at(CLASSIC_TEMPO, first_rep_mono=0, now_mono=seconds), CLASSIC_TEMPO)
    return str(beat.render())


async def test_the_bar_fills_through_each_half_of_the_rep() -> None:
    async with BeatApp().run_test(size=(60, 3)) as pilot:
        beat = pilot.app.query_one(TempoBeat)
        assert line_at(beat, 0) == "▲ up    █" + "░" * (BAR_CELLS - 1) + "  2 s up, 2 s down"
        assert line_at(beat, 1).startswith("▲ up    ██████░")  # in the 6th of 10 cells
        assert line_at(beat, 1.9).startswith("▲ up    " + "█" * BAR_CELLS)
        assert line_at(beat, 2).startswith("▼ down  █░")
        assert line_at(beat, 4).startswith("▲ up    █░")
        assert beat.display


async def test_no_tempo_hides_the_line() -> None:
    async with BeatApp().run_test(size=(60, 3)) as pilot:
        beat = pilot.app.query_one(TempoBeat)
        beat.show(None, None)
        assert not beat.display
