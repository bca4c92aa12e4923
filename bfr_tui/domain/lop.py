"""Limb occlusion pressure (LOP): the measurements a pneumatic prescription rests on (R14).

LOP differs by limb, side, cuff and body position (Patterson 2019; Bommasamudram 2025,
PMC12623364; Rolnick 2025 for upright LOP), so each measurement records all four, and
only a measurement that matches all four is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bfr_tui.domain.cuff_profile import CuffProfile, same_cuff
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.limits import LOP_MMHG


class BodyPosition(StrEnum):
    """How the lifter sat, stood or lay while the LOP was measured, or trains."""

    LYING = "lying"
    SEATED = "seated"
    STANDING = "standing"


class LopMethod(StrEnum):
    """How an LOP was found."""

    DEVICE = "device"
    """The cuff's own measurement (automatic devices such as Delfi, SAGA, SmartCuffs)."""
    DOPPLER = "doppler"
    """Inflated until a Doppler probe below the cuff hears no pulse."""
    ESTIMATED = "estimated"
    """Worked out from limb size and blood pressure rather than measured."""


LOP_METHOD_LABELS: dict[LopMethod, str] = {
    LopMethod.DEVICE: "the device's own measure",
    LopMethod.DOPPLER: "Doppler",
    LopMethod.ESTIMATED: "estimated",
}


class LopError(ValueError):
    """An LOP the app will not record, with the lifter's words for why."""


@dataclass(frozen=True, slots=True)
class LopMeasurement:
    """One limb occlusion pressure, with everything that decides whether it applies."""

    limb: Limb
    side: Side
    """Left or right: each limb is measured on its own."""
    cuff: CuffProfile
    position: BodyPosition
    method: LopMethod
    measured_on: date
    mmhg: int

    def describe(self) -> str:
        """``210 mmHg, left leg, seated, Doppler, 2026-03-02``."""
        return (
            f"{self.mmhg} mmHg, {self.side.value} {self.limb.value}, {self.position.value}, "
            f"{LOP_METHOD_LABELS[self.method]}, {self.measured_on.isoformat()}"
        )


def lop_measurement(
    *,
    limb: Limb | str,
    side: Side | str,
    cuff: CuffProfile,
    position: BodyPosition | str,
    method: LopMethod | str,
    measured_on: date,
    mmhg: int,
    today: date,
) -> LopMeasurement:
    """Record an LOP as the lifter gives it, refusing one that cannot be used."""
    measured_limb, measured_side = Limb(limb), Side(side)
    if measured_limb is Limb.NONE:
        raise LopError("An occlusion pressure is measured on an arm or a leg.")
    if measured_side is Side.BOTH:
        raise LopError(
            "Measure each side on its own: left and right often differ. Record them one by one."
        )
    if not cuff.kind.takes_pressure:
        raise LopError(
            f"{cuff.name} is an elastic wrap: it has no pressure to measure. Pick the "
            "pneumatic cuff or device the LOP was measured with."
        )
    if not LOP_MMHG.contains(mmhg):
        raise LopError(LOP_MMHG.out_of_range(mmhg))
    if measured_on > today:
        raise LopError("That date has not happened yet.")
    return LopMeasurement(
        limb=measured_limb,
        side=measured_side,
        cuff=cuff,
        position=BodyPosition(position),
        method=LopMethod(method),
        measured_on=measured_on,
        mmhg=mmhg,
    )


def measured_sides(side: Side | str) -> tuple[Side, ...]:
    """The sides whose LOP a block needs: both of them for a block on both sides."""
    trained = Side(side)
    return (Side.LEFT, Side.RIGHT) if trained is Side.BOTH else (trained,)


def latest_lop(
    measurements: Iterable[LopMeasurement],
    *,
    limb: Limb | str,
    side: Side | str,
    cuff: CuffProfile,
    position: BodyPosition | str,
) -> LopMeasurement | None:
    """The most recent LOP for this limb, side, cuff and position, or None.

    Of two taken on one day, the later in ``measurements`` wins: the log gives them in
    the order they were recorded, and the second is usually the re-check.
    """
    wanted = (Limb(limb), Side(side), BodyPosition(position))
    latest: LopMeasurement | None = None
    for measured in measurements:
        if (measured.limb, measured.side, measured.position) != wanted:
            continue
        if not same_cuff(measured.cuff, cuff):
            continue
        if latest is None or measured.measured_on >= latest.measured_on:
            latest = measured
    return latest
