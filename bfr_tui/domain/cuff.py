"""The pre-block cuff check: tightness, pulse, skin colour, pressure (R2, R12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bfr_tui.domain.limits import CUFF_WIDTH_CM, LOP_PERCENT, PRESSURE_MMHG, TIGHTNESS

# R2 (seed; Wilson/Loenneke 2013, practical BFR with knee wraps): about 7 out of 10.
TARGET_TIGHTNESS = 7
# Outside 6-8 we warn; at 9-10 we refuse to start.
COMFORT_LOW, COMFORT_HIGH = 6, 8
REFUSE_FROM = 9
# The rating scale and the pneumatic cuff's sanity limits live in domain.limits.
MIN_TIGHTNESS, MAX_TIGHTNESS = int(TIGHTNESS.low), int(TIGHTNESS.high)

SIT_TEST = (
    "Could you sit like this for five minutes without training? If not, it is too tight."
)


class TightnessVerdict(StrEnum):
    """What the tightness rating means for starting the block."""

    GOOD = "good"
    LOOSE = "loose"
    TOO_TIGHT = "too_tight"


class RefusalKind(StrEnum):
    """Why a cuff check refuses the start: screens choose what to show by this, not by words."""

    TOO_TIGHT = "too_tight"
    NO_PULSE = "no_pulse"
    SKIN_COLOUR = "skin_colour"
    PRESSURE = "pressure"
    LOP_PERCENT = "lop_percent"
    CUFF_WIDTH = "cuff_width"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the block may not start, with the lifter's words for it."""

    kind: RefusalKind
    message: str


@dataclass(frozen=True, slots=True)
class CuffCheck:
    """What the lifter reports with the cuff on, before the first rep."""

    tightness: int
    pulse_felt: bool
    skin_normal: bool
    pressure_mmhg: float | None = None
    lop_percent: float | None = None
    cuff_width_cm: float | None = None


@dataclass(frozen=True, slots=True)
class CuffCheckResult:
    """Whether the block may start, with warnings to show and reasons it may not."""

    warnings: tuple[str, ...] = ()
    refusals: tuple[Refusal, ...] = field(default=())

    @property
    def can_start(self) -> bool:
        """True when nothing refuses the start."""
        return not self.refusals


def tightness_verdict(tightness: int) -> TightnessVerdict:
    """Rate a 1-10 tightness against the 7/10 target (R2)."""
    if not MIN_TIGHTNESS <= tightness <= MAX_TIGHTNESS:
        raise ValueError(f"tightness is rated 1-10, not {tightness}")
    if tightness >= REFUSE_FROM:
        return TightnessVerdict.TOO_TIGHT
    if tightness < COMFORT_LOW:
        return TightnessVerdict.LOOSE
    return TightnessVerdict.GOOD


def check_cuff(check: CuffCheck) -> CuffCheckResult:
    """Apply R2 and R12 to a cuff check."""
    warnings: list[str] = []
    refusals: list[Refusal] = []
    verdict = tightness_verdict(check.tightness)
    if verdict is TightnessVerdict.TOO_TIGHT:
        refusals.append(Refusal(
            RefusalKind.TOO_TIGHT,
            f"Tightness {check.tightness}/10 is too tight. Loosen the cuff to about "
            f"{TARGET_TIGHTNESS}/10. {SIT_TEST}",
        ))
    elif verdict is TightnessVerdict.LOOSE:
        warnings.append(
            f"Tightness {check.tightness}/10 is looser than {COMFORT_LOW}-{COMFORT_HIGH}: "
            f"the cuff may do little. Aim for about {TARGET_TIGHTNESS}/10."
        )
    if not check.pulse_felt:
        refusals.append(Refusal(
            RefusalKind.NO_PULSE,
            "No pulse below the cuff: it is closing the artery. Loosen it until you feel a pulse.",
        ))
    if not check.skin_normal:
        refusals.append(Refusal(
            RefusalKind.SKIN_COLOUR,
            "Skin colour is not normal below the cuff. Loosen it until the colour comes back.",
        ))
    optional = (
        (check.pressure_mmhg, PRESSURE_MMHG, RefusalKind.PRESSURE),
        (check.lop_percent, LOP_PERCENT, RefusalKind.LOP_PERCENT),
        (check.cuff_width_cm, CUFF_WIDTH_CM, RefusalKind.CUFF_WIDTH),
    )
    for value, limit, kind in optional:
        if value is not None and not limit.contains(value):
            refusals.append(Refusal(kind, limit.out_of_range(value)))
    return CuffCheckResult(warnings=tuple(warnings), refusals=tuple(refusals))


def looser_tightness(previous: int) -> int:
    """After a red flag, suggest at least one notch looser than last time (and than 7/10)."""
    return max(MIN_TIGHTNESS, min(previous, TARGET_TIGHTNESS) - 1)


def pressures_comparable(width_a_cm: float | None, width_b_cm: float | None) -> bool:
    """Pressures only compare within one cuff width: wider cuffs occlude at less (R12)."""
    return width_a_cm is not None and width_a_cm == width_b_cm
