"""The tempo's beat during a set: lifting or lowering, and how far into it (R15)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from bfr_tui.domain.tempo import Beat, BeatDirection, Tempo

# Cells of the bar that fills through each half of a rep: at the panel's 0.2 s tick a
# 2 s half moves it one cell at a time.
BAR_CELLS = 10

_ARROWS = {BeatDirection.UP: "▲ up  ", BeatDirection.DOWN: "▼ down"}


class TempoBeat(Static):
    """One line under the rep counter: ``▲ up   ████░░░░░░  2 s up, 2 s down``.

    Hidden with the tempo off, and between sets.
    """

    DEFAULT_CSS = """
    TempoBeat { height: 1; padding: 0 2; color: $text-muted; }
    """

    def show(self, beat: Beat | None, tempo: Tempo | None) -> None:
        """Draw ``beat`` of ``tempo``; nothing to draw (None) hides the line."""
        self.display = beat is not None and tempo is not None
        if beat is None or tempo is None:
            return
        # The cell the beat is in is lit, with every cell before it.
        filled = min(BAR_CELLS, int(beat.fraction * BAR_CELLS) + 1)
        self.update(Content.assemble(
            (_ARROWS[beat.direction], "bold $accent"),
            "  ",
            ("█" * filled, "$accent"),
            ("░" * (BAR_CELLS - filled), "$panel-lighten-2"),
            f"  {tempo.describe()}",
        ))
