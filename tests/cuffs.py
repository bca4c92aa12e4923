"""Cuffs and LOP measurements for tests: a thigh cuff, a device and a wrap, and an LOP
builder whose everyday answer is a left leg measured seated today."""

from __future__ import annotations

from datetime import date, timedelta

from bfr_tui.domain.cuff_profile import CuffProfile, cuff_profile
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMeasurement, LopMethod, lop_measurement

TODAY = date(2026, 3, 2)
THIGH = cuff_profile(name="Thigh cuff", kind="pneumatic", width_cm=11.5)
DEVICE = cuff_profile(name="Delfi", kind="automatic", width_cm=11.5)
WRAP = cuff_profile(name="Knee wrap", kind="elastic_wrap", width_cm=7.5, wrap_mark="line 3")


def lop(
    mmhg: int = 250,
    *,
    limb: Limb = Limb.LEG,
    side: Side = Side.LEFT,
    cuff: CuffProfile = THIGH,
    position: BodyPosition = BodyPosition.SEATED,
    method: LopMethod = LopMethod.DOPPLER,
    days_ago: int = 0,
) -> LopMeasurement:
    """An LOP taken ``days_ago`` days before ``TODAY``."""
    return lop_measurement(
        limb=limb, side=side, cuff=cuff, position=position, method=method,
        measured_on=TODAY - timedelta(days=days_ago), mmhg=mmhg, today=TODAY,
    )
