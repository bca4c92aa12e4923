"""What the next cuff check suggests after tingling, or another red flag, last time (R13, R7).

Tingling means less pressure next time: about 10 mmHg on a pneumatic cuff (SmartCuffs
3.0 manual), a looser wrap on an elastic one. The other red flags (R7) ask for a looser
cuff too, and get the same step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bfr_tui.domain.cuff import looser_tightness
from bfr_tui.domain.cuff_profile import CuffProfile, same_cuff
from bfr_tui.domain.limits import PRESSURE_MMHG
from bfr_tui.domain.symptoms import RED_FLAGS, SymptomKind, symptom_label
from bfr_tui.domain.units import format_number

# R13 (SmartCuffs 3.0 manual): lower the pressure about 10 mmHg after tingling.
LOWER_AFTER_TINGLING_MMHG = 10


@dataclass(frozen=True, slots=True)
class LastCuffUse:
    """How the cuff was set in the last block on this limb, and what was flagged in it."""

    cuff: CuffProfile | None
    """None for a block logged before cuffs were named."""
    flags: frozenset[SymptomKind]
    pressure_mmhg: float | None = None
    tightness: int | None = None


@dataclass(frozen=True, slots=True)
class CuffSuggestion:
    """The setting the cuff check starts from, and the sentence that says why.

    ``pressure_mmhg`` is set for cuffs set by pressure, ``tightness`` for wraps; either
    is None when there is no earlier value on this cuff to go down from.
    """

    message: str
    pressure_mmhg: float | None = None
    tightness: int | None = None


def _flag_named(flags: Iterable[SymptomKind]) -> SymptomKind | None:
    """Tingling first, as R13 names it; otherwise any red flag, in a fixed order."""
    raised = set(flags) & RED_FLAGS
    if SymptomKind.TINGLING in raised:
        return SymptomKind.TINGLING
    return min(raised, default=None)


def suggest_next_cuff_setting(last: LastCuffUse | None, cuff: CuffProfile) -> CuffSuggestion | None:
    """A looser start for ``cuff`` after a red flag in ``last``; None when none was raised.

    A pressure only carries over from the same cuff (R12): after a block on another
    cuff, the lifter is told to start lower without a number.
    """
    if last is None:
        return None
    flag = _flag_named(last.flags)
    if flag is None:
        return None
    felt = f"{symptom_label(flag)} last time"
    if cuff.kind.takes_pressure:
        if last.pressure_mmhg is None or not same_cuff(last.cuff, cuff):
            return CuffSuggestion(
                f"{felt}: set this cuff about {LOWER_AFTER_TINGLING_MMHG} mmHg below "
                "what you would usually use."
            )
        lower = max(PRESSURE_MMHG.low, last.pressure_mmhg - LOWER_AFTER_TINGLING_MMHG)
        return CuffSuggestion(
            f"{felt}: {LOWER_AFTER_TINGLING_MMHG} mmHg less than the "
            f"{format_number(last.pressure_mmhg, 1)} mmHg you used, "
            f"so about {format_number(lower, 1)} mmHg.",
            pressure_mmhg=lower,
        )
    mark = f" Stretch it a little less than your mark ({cuff.wrap_mark})." if cuff.wrap_mark else ""
    if last.tightness is None:
        return CuffSuggestion(f"{felt}: put the wrap on looser than last time.{mark}")
    looser = looser_tightness(last.tightness)
    return CuffSuggestion(
        f"{felt}: put the wrap on looser, about {looser}/10 (last time {last.tightness}/10)."
        f"{mark}",
        tightness=looser,
    )
