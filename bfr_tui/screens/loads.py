"""How a load and a BFR band are written on the exercise list and in the 1RM dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bfr_tui.domain.units import Unit, format_load, format_number

if TYPE_CHECKING:
    from bfr_tui.domain.load import LoadBand


def load_text(value: float, unit: Unit | str, *, narrow: bool = False) -> str:
    """``12.5 kg``; ``12.5kg`` in the narrow table, where every column counts."""
    text = format_load(value, unit)
    return text.replace(" ", "") if narrow else text


def band_text(band: LoadBand, *, narrow: bool = False) -> str:
    """``10-15 kg`` (``10-15`` when narrow), or one load when the step leaves only one."""
    if abs(band.high - band.low) < 1e-9:
        return load_text(band.low, band.unit, narrow=narrow)
    return f"{format_number(band.low)}-{format_number(band.high)}" if narrow else band.describe()


