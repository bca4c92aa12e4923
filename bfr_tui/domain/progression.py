"""What to load next time, and when the same limb is trained again too soon (R10)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bfr_tui.domain.cuff import TARGET_TIGHTNESS
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.load import LoadBand, LoadVerdict, load_band, load_verdict
from bfr_tui.domain.units import Unit, floor_to_step, format_load, round_to_step

# R10 (PMC7534706 table 3): at least about 36 h between BFR sessions for the same muscle.
MIN_RECOVERY = timedelta(hours=36)
# Blocks started within this long of the visit's last cuff-off belong to the same visit:
# the left arm after the right is one session for R10, not two.
SAME_VISIT_GAP = timedelta(hours=2)
# A DST fall-back sets the wall clock back an hour, the largest regular jump: a visit
# whose last cuff-off is up to this far after now is still the visit under way. Further
# ahead, a new visit starts, so its blocks count for the 36 h warning (R10).
CLOCK_SET_BACK_TOLERANCE = timedelta(hours=1)


def joins_visit(last_activity: datetime, *, now: datetime) -> bool:
    """True when a block started at ``now`` belongs to the visit whose last cuff-off (its
    start, before any) was at ``last_activity``."""
    return -CLOCK_SET_BACK_TOLERANCE <= now - last_activity <= SAME_VISIT_GAP


@dataclass(frozen=True, slots=True)
class LoadSuggestion:
    """The load to use next time, and why."""

    load: float
    reason: str


@dataclass(frozen=True, slots=True)
class PreviousBlock:
    """The facts of an exercise's last block that decide the next load.

    ``load`` is in the exercise's unit: a block logged in the other unit is converted
    first (``units.convert``), and may then sit between two steps.
    """

    load: float
    reps: tuple[int, ...]
    targets: tuple[int, ...]
    red_flag: bool = False
    tightness: int | None = None


FIRST_BLOCK = "First block: start at the bottom of the BFR band."


def next_load(
    *, previous: PreviousBlock | None, one_rm: float | None, step: float, unit: Unit | str
) -> LoadSuggestion | None:
    """The load to suggest for an exercise's next block, or None with nothing to go on.

    The one place the list, the cuff check, the summary and the demo ask (R3, R10).
    ``previous.load`` and ``one_rm`` are in ``unit``, the exercise's; every load
    suggested is a positive multiple of ``step`` in that unit.
    """
    band = load_band(one_rm=one_rm, step=step, unit=unit) if one_rm and one_rm > 0 else None
    if previous is None or not previous.targets:
        return LoadSuggestion(band.low, FIRST_BLOCK) if band is not None else None
    # A converted load, or one set on an older step, is first put on this step. After
    # a red flag it goes down to the step, never up: the load must not grow (R7).
    to_step = floor_to_step if previous.red_flag else round_to_step
    last_load = max(step, to_step(previous.load, step))
    return suggest_next_load(
        last_load=last_load,
        reps=previous.reps,
        targets=previous.targets,
        band=band,
        step=step,
        red_flag=previous.red_flag,
        tightness=previous.tightness,
    )


def suggest_next_load(
    *,
    last_load: float,
    reps: Sequence[int],
    targets: Sequence[int],
    band: LoadBand | None,
    step: float,
    red_flag: bool = False,
    tightness: int | None = None,
) -> LoadSuggestion:
    """Next block's load from the last one, already on the step (R10, R9, R3).

    Screens ask ``next_load``, which puts the last load on the step first.

    The last set beating its target earns one load step, if that stays inside the
    band. Missing targets drops a step, unless that leaves the band. A red flag keeps
    the load: the cuff, not the weight, is what changes (R7).
    """
    unit = band.unit if band else None

    def shown(load: float) -> str:
        return format_load(load, unit) if unit else f"{load:g}"

    if band is not None and load_verdict(last_load, band) is LoadVerdict.ABOVE:
        return LoadSuggestion(band.high, f"Back to {shown(band.high)}, the top of the BFR band.")
    if red_flag:
        return LoadSuggestion(last_load, "Same load; loosen the cuff after last time's red flag.")
    if band is not None and load_verdict(last_load, band) is LoadVerdict.BELOW:
        return LoadSuggestion(band.low, f"Up to {shown(band.low)}, the bottom of the BFR band.")
    if len(reps) < len(targets):
        return LoadSuggestion(last_load, "Same load: the last block did not finish every set.")
    if any(r < t for r, t in zip(reps, targets, strict=False)):
        if tightness is not None and tightness > TARGET_TIGHTNESS:
            return LoadSuggestion(
                last_load, f"Same load; set the cuff nearer {TARGET_TIGHTNESS}/10 this time."
            )
        lighter = round(last_load - step, 4)
        if lighter > 0 and (band is None or band.contains(lighter)):
            return LoadSuggestion(lighter, f"Drop {shown(step)}: targets were missed last time.")
        return LoadSuggestion(
            last_load,
            "Same load: a step lighter would leave the BFR band. Take the full rest and "
            "build up to every target.",
        )
    if reps and reps[-1] > targets[-1]:
        heavier = round(last_load + step, 4)
        if band is None or band.contains(heavier):
            return LoadSuggestion(
                heavier, f"Add {shown(step)}: the last set went past {targets[-1]} reps."
            )
        return LoadSuggestion(
            last_load, "Same load: one more step would leave the BFR band. Add reps instead."
        )
    return LoadSuggestion(last_load, "Same load: beat the last set's target before adding weight.")


def recovery_warning(*, last_trained: datetime | None, now: datetime) -> str:
    """A warning when the same limb was trained with a cuff less than 36 h ago (R10).

    A block logged after ``now`` means the clock was set back (by hand, or a DST
    fall-back): how long ago it was cannot be known, so it counts as recent.
    """
    if last_trained is None:
        return ""
    gap = now - last_trained
    if gap >= MIN_RECOVERY:
        return ""
    advice = (
        f"Give the same muscle about {MIN_RECOVERY.total_seconds() / 3600:.0f} h between "
        "BFR sessions."
    )
    if gap < timedelta(0):
        return (
            f"This limb had a BFR block logged at {last_trained:%d %b %H:%M}, later than "
            f"the clock says it is now (was the clock set back?). {advice}"
        )
    hours = gap.total_seconds() / 3600
    return f"This limb had a BFR block {hours:.0f} h ago. {advice}"


@dataclass(frozen=True, slots=True)
class LimbRest:
    """A limb still inside its 36 h rest (R10): which, which side, and until when.

    ``side`` is ``Side.BOTH`` when both sides rest until the same moment.
    """

    limb: Limb
    side: Side
    until: datetime


def limbs_resting(
    last_trained: Iterable[tuple[Limb, Side, datetime]], *, now: datetime
) -> list[LimbRest]:
    """The limbs whose rest (R10) has not run out at ``now``, arms first.

    ``last_trained`` gives blocks as (limb, side, cuff-on); a block on both sides rests
    each side. As in ``recovery_warning``, a block logged after ``now`` (a clock set
    back) counts as recent: its limb rests until 36 h after it.
    """
    latest: dict[tuple[Limb, Side], datetime] = {}
    for limb, side, cuff_on_at in last_trained:
        rested = (Side.LEFT, Side.RIGHT) if side is Side.BOTH else (side,)
        for one_side in rested:
            key = (limb, one_side)
            if key not in latest or cuff_on_at > latest[key]:
                latest[key] = cuff_on_at
    resting: list[LimbRest] = []
    for limb in (Limb.ARM, Limb.LEG):
        until = {
            side: latest[(limb, side)] + MIN_RECOVERY
            for side in (Side.LEFT, Side.RIGHT)
            if (limb, side) in latest and latest[(limb, side)] + MIN_RECOVERY > now
        }
        if len(until) == 2 and until[Side.LEFT] == until[Side.RIGHT]:
            resting.append(LimbRest(limb, Side.BOTH, until[Side.LEFT]))
        else:
            resting += [LimbRest(limb, side, moment) for side, moment in until.items()]
    return resting
