"""How a block's cuff, pressure, tempo and set ratings read in the summary and the history.

Plain text only (no Textual): the screens colour what these functions call out.
"""

from __future__ import annotations

from collections.abc import Sequence

from bfr_tui.domain.pressure_prescription import OFF_TARGET_FRACTION, is_off_target
from bfr_tui.domain.tempo import TempoError, parse_tempo
from bfr_tui.domain.units import format_number

NONE_SHOWN = "—"
"""What a cell or line shows for a value not recorded."""
# A typed pressure is not exact in binary (137.7): a set pressure this close to the
# target reads as on it.
_TOLERANCE_MMHG = 1e-6


def _gap_words(set_mmhg: float, target_mmhg: int) -> str:
    """``3 % over``, ``1.5 % under``, ``on target``: how far the set pressure is from it."""
    gap = set_mmhg - target_mmhg
    if abs(gap) <= _TOLERANCE_MMHG:
        return "on target"
    percent = abs(gap) / target_mmhg * 100
    shown = f"{percent:.0f}" if percent >= 1 else format_number(percent, 1)
    if is_off_target(set_mmhg, target_mmhg) and float(shown) <= OFF_TARGET_FRACTION * 100:
        # Rounded down onto the line, it would read as inside it.
        shown = format_number(percent, 1)
    return f"{shown} % {'over' if gap > 0 else 'under'}"


def pressure_line(
    *, pressure_mmhg: float | None, lop_percent: float | None, target_mmhg: int | None
) -> str | None:
    """``Pressure 155 mmHg set, target 150 mmHg (60 % of LOP): 3 % over``; None when the
    block recorded neither a pressure nor a target."""
    if target_mmhg is None:
        if pressure_mmhg is None:
            return None
        return f"Pressure {format_number(pressure_mmhg, 1)} mmHg"
    of_lop = f" ({format_number(lop_percent, 1)} % of LOP)" if lop_percent is not None else ""
    target = f"target {target_mmhg} mmHg{of_lop}"
    if pressure_mmhg is None:
        return f"Pressure not recorded, {target}"
    return (
        f"Pressure {format_number(pressure_mmhg, 1)} mmHg set, {target}: "
        f"{_gap_words(pressure_mmhg, target_mmhg)}"
    )


def pressure_cell(pressure_mmhg: float | None, target_mmhg: int | None) -> str:
    """``155/150`` (set / target), ``155`` without a target, ``—`` without a pressure."""
    if pressure_mmhg is None:
        return f"{NONE_SHOWN}/{target_mmhg}" if target_mmhg is not None else NONE_SHOWN
    pressure = format_number(pressure_mmhg, 1)
    return f"{pressure}/{target_mmhg}" if target_mmhg is not None else pressure


def tempo_line(stored: str | None) -> str | None:
    """``Tempo 2 s up, 2 s down`` or ``Tempo off``; None for a block from before tempos
    were recorded (no beat was asked of it, so none is claimed)."""
    if stored is None:
        return None
    try:
        tempo = parse_tempo(stored)
    except TempoError:
        return f"Tempo {stored}"
    return "Tempo off" if tempo is None else f"Tempo {tempo.describe()}"


def rating_text(rating: int | None) -> str:
    """A set's effort or discomfort, ``—`` where the lifter skipped it."""
    return NONE_SHOWN if rating is None else str(rating)


def highest(ratings: Sequence[int | None]) -> int | None:
    """The highest rating given in a block (skipped ones left out), or None."""
    return max((rating for rating in ratings if rating is not None), default=None)
