"""How a block went against its targets, and what to change (R9)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bfr_tui.domain.cuff import TARGET_TIGHTNESS

# A rest within this many seconds of the target counts as on target.
REST_TOLERANCE_S = 5


class Advice(StrEnum):
    """What R9 says to change next time."""

    KEEP = "keep"
    LIGHTER = "lighter"
    LOOSER = "looser"
    UNFINISHED = "unfinished"


ADVICE_TEXT: dict[Advice, str] = {
    Advice.KEEP: "Every target met. Keep the load and cuff as they were.",
    Advice.LIGHTER: (
        "Targets missed with the cuff at a sensible tightness: the load is too heavy. "
        "Go one step lighter next time."
    ),
    Advice.LOOSER: (
        "Targets missed with the cuff tighter than {target}/10: the cuff is too tight. "
        "Loosen it to about {target}/10 before touching the load."
    ),
    Advice.UNFINISHED: "The block ended early, so no verdict on load or cuff from it.",
}


@dataclass(frozen=True, slots=True)
class SetResult:
    """One set as done."""

    target_reps: int
    reps: int
    rest_before_s: float | None = None


@dataclass(frozen=True, slots=True)
class BlockAdherence:
    """Reps and rest against the targets, and the advice that follows."""

    target_total: int
    reps_total: int
    shortfalls: tuple[int, ...]
    rest_deviations_s: tuple[float, ...]
    advice: Advice
    advice_text: str

    @property
    def met_all_targets(self) -> bool:
        """True when no set fell short of its target."""
        return not any(self.shortfalls)


def assess_block(
    *,
    sets: Sequence[SetResult],
    planned_targets: Sequence[int],
    rest_target_s: int,
    tightness: int,
    ended_early: bool = False,
) -> BlockAdherence:
    """Compare a block with its protocol and give the R9 advice.

    Missing targets means the load is too heavy or the cuff too tight (R9). A cuff
    above the 7/10 target is the likelier cause and the safer one to change, so it
    is named first; otherwise the load is.
    """
    shortfalls = tuple(max(0, s.target_reps - s.reps) for s in sets)
    rests = tuple(
        round(s.rest_before_s - rest_target_s, 1) for s in sets if s.rest_before_s is not None
    )
    if ended_early or len(sets) < len(planned_targets):
        advice = Advice.UNFINISHED
    elif not any(shortfalls):
        advice = Advice.KEEP
    elif tightness > TARGET_TIGHTNESS:
        advice = Advice.LOOSER
    else:
        advice = Advice.LIGHTER
    return BlockAdherence(
        target_total=sum(planned_targets),
        reps_total=sum(s.reps for s in sets),
        shortfalls=shortfalls,
        rest_deviations_s=rests,
        advice=advice,
        advice_text=ADVICE_TEXT[advice].format(target=TARGET_TIGHTNESS),
    )


def rest_on_target(rest_s: float, target_s: int) -> bool:
    """True when a rest is within the tolerance of its target."""
    return abs(rest_s - target_s) <= REST_TOLERANCE_S
