"""Plateau detection: an exercise stuck at the same load and reps, its likely cause (R9,
R3, R10) and one thing to change.

A plateau is looked for per exercise, protocol and side. A protocol is its name and its
target reps as written (``Classic`` ``30-15-15-15``): the same name with other targets is
another protocol, and its total reps cannot be compared. The side counts too: a lifter
who does the left arm then the right each session would otherwise see a "plateau" after
one and a half sessions, each side only trained once or twice.

Only blocks finished as planned are data points. A block ended early (cuff off early,
left, a red flag, the 10 min limit, the app stopped) says little about what the lifter
can lift, so it neither counts towards a plateau nor breaks one; the same holds for a
block of another protocol or side in between. Those blocks still trained the muscle, so
they do count when judging recovery (R10).

Across the last three such blocks, oldest to newest, a plateau is no rise in load and no
rise in total reps from one block to the next. Two flat blocks are not yet a plateau; a
rise in load, or in total reps, within the three resets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import pairwise

from bfr_tui.domain.cuff import TARGET_TIGHTNESS
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.load import load_band
from bfr_tui.domain.progression import MIN_RECOVERY
from bfr_tui.domain.units import Unit, convert, format_load

# Blocks needed, all flat, for a plateau.
PLATEAU_BLOCKS = 3
# Loads this close (in the exercise's unit) are the same load: a block logged in the other
# unit comes back converted, and 5 kg is not quite 11.02 lb.
SAME_LOAD = 0.01
HOURS_APART = f"{MIN_RECOVERY.total_seconds() / 3600:.0f} h"


class PlateauCause(StrEnum):
    """Why the exercise is likely stuck, from R9, R3 and R10 and the log."""

    CUFF_TOO_TIGHT = "cuff_too_tight"
    LOAD_TOO_HEAVY = "load_too_heavy"
    ONE_RM_OUTGROWN = "one_rm_outgrown"
    TOO_LITTLE_RECOVERY = "too_little_recovery"
    LOAD_NOT_RAISED = "load_not_raised"


@dataclass(frozen=True, slots=True)
class PlateauBlock:
    """One block of an exercise as plateau detection reads it.

    ``finished`` is True for a block that ended as planned (every set done, no red flag).
    """

    block_id: int
    cuff_on_at: datetime
    side: str
    protocol_name: str
    protocol_reps: str
    load: float
    unit: str
    reps: tuple[int, ...]
    targets: tuple[int, ...]
    tightness: int
    finished: bool

    @property
    def total_reps(self) -> int:
        """Every rep of the block."""
        return sum(self.reps)

    @property
    def missed_targets(self) -> bool:
        """True when a set fell short of its target, or a set was not done."""
        short = any(reps < target for reps, target in zip(self.reps, self.targets, strict=False))
        return short or len(self.reps) < len(self.targets)


@dataclass(frozen=True, slots=True)
class Plateau:
    """The verdict for one exercise, protocol and side.

    ``block_ids`` are the finished blocks looked at, newest first (at most three).
    ``message`` and ``suggestion`` are empty when there is no plateau; ``suggested_load``
    is the load the suggestion names (in the exercise's unit), when it names one.
    """

    is_plateau: bool
    block_ids: tuple[int, ...]
    protocol_name: str
    protocol_reps: str
    side: str
    cause: PlateauCause | None = None
    message: str = ""
    suggestion: str = ""
    suggested_load: float | None = None

    @property
    def blocks_considered(self) -> int:
        """How many finished blocks the verdict rests on."""
        return len(self.block_ids)


def _same_protocol(block: PlateauBlock, name: str, reps_text: str, side: str) -> bool:
    return (block.protocol_name, block.protocol_reps, block.side) == (name, reps_text, side)


def _sides_overlap(one: str, other: str) -> bool:
    """True when both blocks cuffed at least one same limb (a ``both`` block cuffs each)."""
    return one == other or Side.BOTH.value in (one, other)


def _load_in(block: PlateauBlock, unit: Unit) -> float:
    return convert(block.load, from_unit=Unit(block.unit), to_unit=unit)


def _is_flat(oldest_first: Sequence[PlateauBlock], unit: Unit) -> bool:
    """No rise in load and none in total reps from each block to the next."""
    for before, after in pairwise(oldest_first):
        if _load_in(after, unit) > _load_in(before, unit) + SAME_LOAD:
            return False
        if after.total_reps > before.total_reps:
            return False
    return True


def _too_close(
    blocks: Sequence[PlateauBlock], side: str, since: datetime, until: datetime
) -> bool:
    """True when two blocks on the same limb, from ``since`` to ``until``, were less than
    36 h apart (R10): any protocol, finished or not, as each trained the muscle."""
    moments = sorted(
        block.cuff_on_at for block in blocks
        if _sides_overlap(block.side, side) and since <= block.cuff_on_at <= until
    )
    return any(later - earlier < MIN_RECOVERY
               for earlier, later in pairwise(moments))


def detect_plateau(
    blocks: Sequence[PlateauBlock],
    *,
    protocol_name: str,
    protocol_reps: str,
    side: str,
    unit: Unit | str,
    step: float,
    one_rm: float | None,
) -> Plateau:
    """Is the exercise stuck on this protocol and side, why, and what to change.

    ``blocks`` are the exercise's recent blocks, newest first, any protocol and side;
    ``unit`` and ``step`` are the exercise's, ``one_rm`` the 1RM it is trained from now,
    in ``unit`` (None when unknown: the top of the band cannot then be judged).

    The cause is the first that fits: targets missed (R9: the cuff too tight when it was
    set above the 7/10 aim, else the load too heavy); every target met at the top of the
    BFR band (R3: the 1RM has likely grown); sessions on the same limb closer than 36 h
    (R10: too little recovery); otherwise the load was simply never raised.
    """
    unit = Unit(unit)
    counted = [
        block for block in blocks
        if block.finished and _same_protocol(block, protocol_name, protocol_reps, side)
    ][:PLATEAU_BLOCKS]
    verdict = Plateau(
        is_plateau=False, block_ids=tuple(block.block_id for block in counted),
        protocol_name=protocol_name, protocol_reps=protocol_reps, side=side,
    )
    oldest_first = counted[::-1]
    if len(counted) < PLATEAU_BLOCKS or not _is_flat(oldest_first, unit):
        return verdict
    latest = counted[0]
    load = _load_in(latest, unit)
    shown_load = format_load(load, unit)
    message = (
        f"no rise in load or reps over the last {PLATEAU_BLOCKS} blocks "
        f"({shown_load}, {latest.total_reps}/{sum(latest.targets)} reps last time)"
    )
    band = load_band(one_rm=one_rm, step=step, unit=unit) if one_rm and one_rm > 0 else None
    suggested_load: float | None = None
    if latest.missed_targets and latest.tightness > TARGET_TIGHTNESS:
        cause = PlateauCause.CUFF_TOO_TIGHT
        why = (f"reps fall short of the targets with the cuff at {latest.tightness}/10, "
               f"tighter than the {TARGET_TIGHTNESS}/10 aim: the cuff is likely too tight")
        suggestion = f"Loosen the cuff to about {TARGET_TIGHTNESS}/10 before changing the load."
    elif latest.missed_targets:
        cause = PlateauCause.LOAD_TOO_HEAVY
        why = "reps fall short of the targets at a sensible cuff: the load is likely too heavy"
        lighter = round(load - step, 4)
        if band is not None and lighter < band.low - SAME_LOAD:
            # Too heavy even at the bottom of the band: the 1RM it was worked out from
            # is likely set too high.
            suggestion = ("Re-test or re-estimate your 1RM: a step lighter would leave the "
                          "BFR band, so the band itself is likely set too high.")
        elif lighter > 0:
            suggested_load = lighter
            suggestion = (f"Go one step lighter, to {format_load(lighter, unit)}, and build "
                          "back up to every target.")
        else:
            suggestion = "Keep the load, take the full rests and build up to every target."
    elif band is not None and load >= band.high - SAME_LOAD:
        cause = PlateauCause.ONE_RM_OUTGROWN
        why = (f"every target met at the top of the BFR band ({band.describe()}): "
               "your 1RM has likely gone up")
        suggestion = "Re-test or re-estimate your 1RM, so the band can move up."
    elif _too_close(blocks, side, oldest_first[0].cuff_on_at, latest.cuff_on_at):
        cause = PlateauCause.TOO_LITTLE_RECOVERY
        why = (f"sessions for this limb were less than {HOURS_APART} apart: "
               "too little recovery between them")
        suggestion = f"Space the sessions out: at least {HOURS_APART} between them."
    else:
        cause = PlateauCause.LOAD_NOT_RAISED
        inside = " inside the BFR band" if band is not None else ""
        why = f"every target met{inside}, but the load never went up"
        suggested_load = round(load + step, 4)
        suggestion = f"Add one load step next time: {format_load(suggested_load, unit)}."
    return Plateau(
        is_plateau=True, block_ids=verdict.block_ids, protocol_name=protocol_name,
        protocol_reps=protocol_reps, side=side, cause=cause,
        message=f"{message}; {why}.", suggestion=suggestion, suggested_load=suggested_load,
    )


def plateaus(
    blocks: Sequence[PlateauBlock], *, unit: Unit | str, step: float, one_rm: float | None
) -> list[Plateau]:
    """The verdict for every protocol and side among ``blocks`` (newest first), the most
    recently trained first."""
    seen: list[tuple[str, str, str]] = []
    for block in blocks:
        key = (block.protocol_name, block.protocol_reps, block.side)
        if key not in seen:
            seen.append(key)
    return [
        detect_plateau(blocks, protocol_name=name, protocol_reps=reps_text, side=side,
                       unit=unit, step=step, one_rm=one_rm)
        for name, reps_text, side in seen
    ]
