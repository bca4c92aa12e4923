"""The BFR load band: 20-30 % of 1RM, in loads the lifter can actually set (R3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bfr_tui.domain.units import Unit, ceil_to_step, floor_to_step, format_load, round_to_step

# R3: seed article 20-30 % of 1RM (Patterson et al. 2019 allow up to 40 %; we keep the
# stricter classic band).
BAND_LOW_FRACTION = 0.20
BAND_HIGH_FRACTION = 0.30


class LoadVerdict(StrEnum):
    """Where a load sits against the band."""

    BELOW = "below"
    INSIDE = "inside"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class LoadBand:
    """The loads a BFR block should use for one exercise."""

    low: float
    high: float
    unit: Unit

    def contains(self, load: float) -> bool:
        """True when ``load`` is inside the band, ends included."""
        return self.low - 1e-9 <= load <= self.high + 1e-9

    def describe(self) -> str:
        """``10-15 kg``, or ``5 kg`` when the step leaves a single load."""
        if abs(self.high - self.low) < 1e-9:
            return format_load(self.low, self.unit)
        low = format_load(self.low, self.unit).split()[0]
        return f"{low}-{format_load(self.high, self.unit)}"

    @property
    def middle(self) -> float:
        """The centre of the band (not rounded)."""
        return (self.low + self.high) / 2


def load_band(*, one_rm: float, step: float, unit: Unit | str) -> LoadBand:
    """20-30 % of ``one_rm`` with both ends on the load step, staying inside the band.

    The low end rounds up and the high end rounds down; when the step is too coarse
    for any loadable weight to fall between them, the band collapses to the single
    load nearest 25 %.
    """
    if one_rm <= 0:
        raise ValueError("1RM must be above zero")
    exact_low, exact_high = one_rm * BAND_LOW_FRACTION, one_rm * BAND_HIGH_FRACTION
    low, high = ceil_to_step(exact_low, step), floor_to_step(exact_high, step)
    if low > high:
        nearest = round_to_step((exact_low + exact_high) / 2, step)
        low = high = max(nearest, step)
    return LoadBand(low=low, high=high, unit=Unit(unit))


def load_verdict(load: float, band: LoadBand) -> LoadVerdict:
    """Is ``load`` below, inside or above the band?"""
    if load < band.low - 1e-9:
        return LoadVerdict.BELOW
    if load > band.high + 1e-9:
        return LoadVerdict.ABOVE
    return LoadVerdict.INSIDE


def load_warning(load: float, band: LoadBand) -> str:
    """A warning for a load outside the band, or an empty string inside it."""
    verdict = load_verdict(load, band)
    if verdict is LoadVerdict.ABOVE:
        return (
            f"{format_load(load, band.unit)} is above the BFR band ({band.describe()}). "
            "Heavier is not better under a cuff."
        )
    if verdict is LoadVerdict.BELOW:
        return f"{format_load(load, band.unit)} is below the BFR band ({band.describe()})."
    return ""


def percent_of_1rm(load: float, one_rm: float) -> float:
    """``load`` as a percentage of ``one_rm``, to one decimal."""
    if one_rm <= 0:
        raise ValueError("1RM must be above zero")
    return round(load / one_rm * 100, 1)
