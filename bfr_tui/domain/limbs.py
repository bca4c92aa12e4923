"""Where a cuff may go (R1) and which exercises may run under occlusion (R1, R5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Limb(StrEnum):
    """The body part an exercise loads. Only arms and legs take a cuff (R1)."""

    ARM = "arm"
    LEG = "leg"
    NONE = "none"


class Side(StrEnum):
    """Which limb the cuff is on for a block."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


# R1 (seed article): arm cuff high on the upper arm just below the deltoid; leg cuff
# high on the thigh by the hip crease; never near a joint or mid-limb.
PLACEMENT_GUIDANCE: dict[Limb, str] = {
    Limb.ARM: (
        "Arm: put the cuff high on the upper arm, just below the shoulder muscle "
        "(deltoid). Keep it clear of the elbow and off the middle of the arm."
    ),
    Limb.LEG: (
        "Leg: put the cuff high on the thigh, up by the hip crease. Keep it clear "
        "of the knee and off the middle of the thigh."
    ),
    Limb.NONE: "No cuff: occlusion is for arms and legs only.",
}


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether an exercise can run a BFR block, and why not when it cannot."""

    allowed: bool
    reason: str = ""


def placement_guidance(limb: Limb | str) -> str:
    """Where the cuff goes for this limb (R1)."""
    return PLACEMENT_GUIDANCE[Limb(limb)]


def bfr_eligibility(*, limb: Limb | str, compound: bool) -> Eligibility:
    """Decide if an exercise may be trained with a cuff on (R1, R5)."""
    if Limb(limb) is Limb.NONE:
        return Eligibility(
            False,
            "No BFR here: a cuff only goes on an arm or a leg, and this exercise "
            "does not load one limb (R1).",
        )
    if compound:
        return Eligibility(
            False,
            "No BFR here: heavy compound lifts are not done under occlusion. Do this "
            "one without a cuff and use BFR for the accessory work after it (R5).",
        )
    return Eligibility(True)
