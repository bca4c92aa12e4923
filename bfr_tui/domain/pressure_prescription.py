"""A cuff pressure prescribed as a % of limb occlusion pressure, and what to warn about (R14).

The cuff check asks ``check_pressure`` once per side trained (``lop.measured_sides``):
it finds the LOP that applies, works out the target in mmHg, and says in the lifter's
words what is off: the pressure set, a missing LOP, or one too old to trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bfr_tui.domain.cuff_profile import CuffProfile, same_cuff
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import LOP_PRESCRIPTION_PERCENT, LOP_REMEASURE_DAYS, PRESSURE_MMHG
from bfr_tui.domain.lop import BodyPosition, LopMeasurement, latest_lop
from bfr_tui.domain.units import format_number, round_to_step

# The clinical protocol trains at 60 % of LOP (PMC7534706 table 3): the cuff check's
# first offer, inside R14's 40-80 %.
DEFAULT_LOP_PERCENT = 60.0
# R14: a set pressure more than 10 % away from the target is warned about.
OFF_TARGET_FRACTION = 0.10
# R14: an LOP older than this asks to be measured again; a product choice the lifter
# may change within LOP_REMEASURE_DAYS.
DEFAULT_REMEASURE_DAYS = 30
# Gauges and devices show whole mmHg: a target finer than that cannot be set.
TARGET_STEP_MMHG = 1.0
# Float noise in a typed pressure (137.7 is not exact in binary) must not turn
# "exactly 10 % off" into "just over".
_TOLERANCE = 1e-6


class PrescriptionError(ValueError):
    """A prescription the app will not offer, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class PressurePrescription:
    """A pressure chosen as a % of one LOP, and the mmHg to set for it."""

    lop_percent: float
    lop: LopMeasurement

    @property
    def target_mmhg(self) -> int:
        """The pressure to set, to the whole mmHg a gauge shows."""
        return target_mmhg(self.lop_percent, self.lop.mmhg)

    def describe(self) -> str:
        """``150 mmHg (60 % of your 250 mmHg LOP)``."""
        percent = format_number(self.lop_percent, 1)
        return f"{self.target_mmhg} mmHg ({percent} % of your {self.lop.mmhg} mmHg LOP)"


def target_mmhg(lop_percent: float, lop_mmhg: int) -> int:
    """``lop_percent`` of ``lop_mmhg``, rounded half up to a whole mmHg."""
    return int(round_to_step(lop_percent / 100 * lop_mmhg, TARGET_STEP_MMHG))


def prescribe_pressure(*, lop_percent: float, lop: LopMeasurement) -> PressurePrescription:
    """The prescription for ``lop_percent`` of ``lop``, refused outside 40-80 % (R14)."""
    if not LOP_PRESCRIPTION_PERCENT.contains(lop_percent):
        raise PrescriptionError(LOP_PRESCRIPTION_PERCENT.out_of_range(lop_percent))
    return PressurePrescription(lop_percent=float(lop_percent), lop=lop)


def remeasure_interval_days(days: int) -> int:
    """The lifter's re-measure interval, refused outside its sane range."""
    if not LOP_REMEASURE_DAYS.contains(days):
        raise PrescriptionError(LOP_REMEASURE_DAYS.out_of_range(days))
    return days


class PressureWarningKind(StrEnum):
    """What a pressure warning is about: screens choose what to offer by this."""

    NO_LOP = "no_lop"
    """No LOP at all for this limb and side."""
    OTHER_CUFF = "other_cuff"
    """LOPs for this limb and side, but none with this cuff (R12)."""
    OTHER_POSITION = "other_position"
    """An LOP with this cuff, but measured in another body position."""
    LOP_OUT_OF_DATE = "lop_out_of_date"
    LOP_DATED_AHEAD = "lop_dated_ahead"
    """Dated after today: the clock moved back, so its age is unknown."""
    OFF_TARGET = "off_target"


@dataclass(frozen=True, slots=True)
class PressureWarning:
    """One thing the lifter should know about the pressure, in their words."""

    kind: PressureWarningKind
    message: str


@dataclass(frozen=True, slots=True)
class PressureCheck:
    """The pressure on one side: the LOP that applies, the prescription once a % is
    chosen, and the warnings."""

    side: Side
    lop: LopMeasurement | None
    prescription: PressurePrescription | None
    warnings: tuple[PressureWarning, ...] = ()

    @property
    def warning_kinds(self) -> tuple[PressureWarningKind, ...]:
        """The kinds of the warnings, in the order they are shown."""
        return tuple(warning.kind for warning in self.warnings)


def _limb_name(limb: Limb, side: Side) -> str:
    return f"{side.value} {limb.value}"


def _missing_lop_warning(
    measurements: Sequence[LopMeasurement],
    *,
    limb: Limb,
    side: Side,
    cuff: CuffProfile,
    position: BodyPosition,
) -> PressureWarning:
    """Why no LOP applies, naming the nearest miss so the lifter knows what to measure."""
    where = _limb_name(limb, side)
    on_limb = [m for m in measurements if (m.limb, m.side) == (limb, side)]
    with_cuff = [m for m in on_limb if same_cuff(m.cuff, cuff)]
    measure = f"Measure it {position.value} with {cuff.name} to get a target pressure."
    if with_cuff:
        positions = sorted({m.position.value for m in with_cuff})
        return PressureWarning(
            PressureWarningKind.OTHER_POSITION,
            f"Your {where} LOP with {cuff.name} was measured {' and '.join(positions)}, "
            f"and you train {position.value}: the pressure that closes the artery changes "
            f"with body position. {measure}",
        )
    if on_limb:
        return PressureWarning(
            PressureWarningKind.OTHER_CUFF,
            f"Your {where} LOP was measured with another cuff. Pressures do not carry "
            f"from one cuff to another (a wider cuff needs less). {measure}",
        )
    return PressureWarning(
        PressureWarningKind.NO_LOP,
        f"No limb occlusion pressure recorded for your {where}. {measure}",
    )


def _age_warning(
    lop: LopMeasurement, *, today: date, remeasure_after_days: int
) -> PressureWarning | None:
    where = _limb_name(lop.limb, lop.side)
    when = lop.measured_on.isoformat()
    if lop.measured_on > today:
        return PressureWarning(
            PressureWarningKind.LOP_DATED_AHEAD,
            f"Your {where} LOP is dated {when}, after today (was the clock set back?). "
            "Its age is unknown: measure it again to be sure of the target.",
        )
    age_days = (today - lop.measured_on).days
    if age_days <= remeasure_after_days:
        return None
    return PressureWarning(
        PressureWarningKind.LOP_OUT_OF_DATE,
        f"Your {where} LOP is {age_days} days old (measured {when}); you re-measure every "
        f"{remeasure_after_days} days. Training, weight and blood pressure move it: "
        f"measure it again {lop.position.value} with {lop.cuff.name}.",
    )


def _percent_off(fraction: float) -> str:
    """``13.3 %``; a gap that rounds to 10 % reads "just over 10 %", never as on the line."""
    tenths = round(fraction * 1000)
    if tenths <= OFF_TARGET_FRACTION * 1000:
        return f"just over {OFF_TARGET_FRACTION * 100:.0f} %"
    return f"{format_number(tenths / 10, 1)} %"


def is_off_target(set_mmhg: float, target_mmhg: float) -> bool:
    """True when the pressure set is more than R14's 10 % away from the target."""
    return abs(set_mmhg - target_mmhg) > OFF_TARGET_FRACTION * target_mmhg + _TOLERANCE


def off_target_warning(
    set_mmhg: float, prescription: PressurePrescription
) -> PressureWarning | None:
    """A warning when the pressure set is more than 10 % from the target (R14)."""
    target = prescription.target_mmhg
    if not is_off_target(set_mmhg, target):
        return None
    gap = set_mmhg - target
    off = _percent_off(abs(gap) / target)
    if gap > 0:
        advice = f"Let some air out, to about {target} mmHg."
        direction = "above"
    else:
        advice = f"Pump it up to about {target} mmHg, or the cuff may do little."
        direction = "below"
    return PressureWarning(
        PressureWarningKind.OFF_TARGET,
        f"Set at {format_number(set_mmhg, 1)} mmHg, {off} {direction} the target of "
        f"{prescription.describe()}. {advice}",
    )


def check_pressure(
    measurements: Iterable[LopMeasurement],
    *,
    limb: Limb | str,
    side: Side | str,
    cuff: CuffProfile,
    position: BodyPosition | str,
    lop_percent: float | None,
    set_mmhg: float | None,
    today: date,
    remeasure_after_days: int = DEFAULT_REMEASURE_DAYS,
) -> PressureCheck:
    """The R14 pressure check for one side of a pneumatic or automatic cuff.

    With a matching LOP and a % chosen, the check carries the prescription (and so the
    target mmHg); the LOP's age and the pressure set are then warned about. Without a
    matching LOP there is no target, and the warning says which LOP is missing.
    A % outside 40-80, a pressure no cuff takes, a side of ``both`` or a wrap are refused
    (``PrescriptionError``, ``ValueError``): the screen checks its fields first.
    """
    trained_limb, trained_side = Limb(limb), Side(side)
    trained_position = BodyPosition(position)
    if trained_side is Side.BOTH:
        raise ValueError("check each side on its own: see lop.measured_sides")
    if not cuff.kind.takes_pressure:
        raise ValueError(f"{cuff.name} is a wrap: it is checked by tightness and its mark")
    if lop_percent is not None and not LOP_PRESCRIPTION_PERCENT.contains(lop_percent):
        raise PrescriptionError(LOP_PRESCRIPTION_PERCENT.out_of_range(lop_percent))
    if set_mmhg is not None and not PRESSURE_MMHG.contains(set_mmhg):
        raise PrescriptionError(PRESSURE_MMHG.out_of_range(set_mmhg))
    remeasure_interval_days(remeasure_after_days)
    recorded = list(measurements)
    lop = latest_lop(
        recorded, limb=trained_limb, side=trained_side, cuff=cuff, position=trained_position
    )
    if lop is None:
        missing = _missing_lop_warning(
            recorded, limb=trained_limb, side=trained_side, cuff=cuff, position=trained_position
        )
        return PressureCheck(
            side=trained_side, lop=None, prescription=None, warnings=(missing,)
        )
    warnings: list[PressureWarning] = []
    age = _age_warning(lop, today=today, remeasure_after_days=remeasure_after_days)
    if age is not None:
        warnings.append(age)
    prescription = None
    if lop_percent is not None:
        prescription = prescribe_pressure(lop_percent=lop_percent, lop=lop)
        off = off_target_warning(set_mmhg, prescription) if set_mmhg is not None else None
        if off is not None:
            warnings.append(off)
    return PressureCheck(
        side=trained_side, lop=lop, prescription=prescription, warnings=tuple(warnings)
    )
