"""Pressure as a % of limb occlusion pressure, and the warnings around it (R14)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.cuff_profile import CuffProfile
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopMeasurement
from bfr_tui.domain.pressure_prescription import (
    DEFAULT_LOP_PERCENT,
    DEFAULT_REMEASURE_DAYS,
    PrescriptionError,
    PressureCheck,
    PressureWarningKind,
    check_pressure,
    prescribe_pressure,
    remeasure_interval_days,
    target_mmhg,
)
from tests.cuffs import DEVICE, THIGH, TODAY, WRAP, lop


def check(
    log: list[LopMeasurement],
    *,
    lop_percent: float | None = 60,
    set_mmhg: float | None = None,
    cuff: CuffProfile = THIGH,
    position: BodyPosition = BodyPosition.SEATED,
    today: date = TODAY,
    remeasure_after_days: int = DEFAULT_REMEASURE_DAYS,
) -> PressureCheck:
    return check_pressure(
        log, limb=Limb.LEG, side=Side.LEFT, cuff=cuff, position=position,
        lop_percent=lop_percent, set_mmhg=set_mmhg, today=today,
        remeasure_after_days=remeasure_after_days,
    )


# --- the prescription --------------------------------------------------------------------


def test_the_clinical_protocols_60_percent_is_offered_first() -> None:
    assert DEFAULT_LOP_PERCENT == 60


@pytest.mark.parametrize("percent", [40, 40.0, 60, 80, 80.0])
def test_40_to_80_percent_is_prescribed(percent: float) -> None:
    assert prescribe_pressure(lop_percent=percent, lop=lop()).lop_percent == percent


@pytest.mark.parametrize("percent", [39.9, 80.1, 0, 100, float("nan")])
def test_outside_40_to_80_percent_is_refused(percent: float) -> None:
    with pytest.raises(PrescriptionError, match="must be 40-80 %"):
        prescribe_pressure(lop_percent=percent, lop=lop())
    with pytest.raises(PrescriptionError, match="must be 40-80 %"):
        check([lop()], lop_percent=percent)


@pytest.mark.parametrize(
    ("percent", "lop_mmhg", "target"),
    [
        (60, 250, 150),
        (50, 151, 76),  # 75.5 rounds up, as a lifter rounds
        (40, 50, 20),
        (80, 300, 240),
        (60, 213, 128),  # 127.8
        (45.5, 200, 91),
    ],
)
def test_the_target_is_the_percent_of_lop_to_the_whole_mmhg(
    percent: float, lop_mmhg: int, target: int
) -> None:
    assert target_mmhg(percent, lop_mmhg) == target
    prescription = prescribe_pressure(lop_percent=percent, lop=lop(lop_mmhg))
    assert prescription.target_mmhg == target


def test_the_prescription_reads_as_target_percent_and_lop() -> None:
    assert prescribe_pressure(lop_percent=60, lop=lop()).describe() == (
        "150 mmHg (60 % of your 250 mmHg LOP)"
    )


@given(
    percent=st.integers(min_value=400, max_value=800).map(lambda tenths: tenths / 10),
    lop_mmhg=st.integers(min_value=50, max_value=300),
)
def test_the_target_is_within_half_a_mmhg_of_the_exact_pressure(
    percent: float, lop_mmhg: int
) -> None:
    target = target_mmhg(percent, lop_mmhg)
    assert abs(target - percent / 100 * lop_mmhg) <= 0.5 + 1e-9
    assert target_mmhg(min(80, percent + 0.1), lop_mmhg) >= target


# --- the check ---------------------------------------------------------------------------


def test_a_matching_fresh_lop_gives_a_target_and_no_warning() -> None:
    result = check([lop(days_ago=3)], set_mmhg=150)
    assert result.prescription is not None
    assert result.prescription.target_mmhg == 150
    assert result.lop is not None and result.lop.mmhg == 250
    assert result.warnings == ()


def test_without_a_percent_the_lop_is_found_but_no_target_is_set() -> None:
    result = check([lop()], lop_percent=None, set_mmhg=200)
    assert result.lop is not None
    assert result.prescription is None
    assert result.warnings == ()


@pytest.mark.parametrize("set_mmhg", [135, 135.0, 150, 165, 165.0])
def test_exactly_10_percent_off_the_target_is_not_warned(set_mmhg: float) -> None:
    assert check([lop()], set_mmhg=set_mmhg).warnings == ()


@pytest.mark.parametrize(
    ("set_mmhg", "words"),
    [
        (165.1, "Set at 165.1 mmHg, 10.1 % above the target of 150 mmHg (60 % of your "
                "250 mmHg LOP). Let some air out, to about 150 mmHg."),
        (134.9, "Set at 134.9 mmHg, 10.1 % below the target of 150 mmHg (60 % of your "
                "250 mmHg LOP). Pump it up to about 150 mmHg, or the cuff may do little."),
        (200, "Set at 200 mmHg, 33.3 % above"),
        (120, "Set at 120 mmHg, 20 % below"),
    ],
)
def test_just_over_10_percent_off_is_warned_with_which_way_to_go(
    set_mmhg: float, words: str
) -> None:
    [warning] = check([lop()], set_mmhg=set_mmhg).warnings
    assert warning.kind is PressureWarningKind.OFF_TARGET
    assert warning.message.startswith(words)


def test_a_gap_that_rounds_to_10_percent_still_reads_as_over_it() -> None:
    # 80 % of 300 is 240; 264.1 is 10.04 % above it.
    [warning] = check([lop(300)], lop_percent=80, set_mmhg=264.1).warnings
    assert "264.1 mmHg, just over 10 % above the target of 240 mmHg" in warning.message


def test_the_tolerance_is_taken_from_the_target_shown() -> None:
    # 60 % of 213 is 127.8, shown as 128: 10 % of 128 is 12.8, so 140.8 is on target.
    assert check([lop(213)], set_mmhg=140.8).warnings == ()
    assert check([lop(213)], set_mmhg=140.9).warning_kinds == (PressureWarningKind.OFF_TARGET,)
    assert check([lop(213)], set_mmhg=115.2).warnings == ()
    assert check([lop(213)], set_mmhg=115.1).warning_kinds == (PressureWarningKind.OFF_TARGET,)


def test_no_lop_at_all_is_warned_and_gives_no_target() -> None:
    result = check([lop(side=Side.RIGHT)], set_mmhg=150)
    assert (result.lop, result.prescription) == (None, None)
    [warning] = result.warnings
    assert warning.kind is PressureWarningKind.NO_LOP
    assert warning.message == (
        "No limb occlusion pressure recorded for your left leg. "
        "Measure it seated with Thigh cuff to get a target pressure."
    )


@pytest.mark.parametrize(
    ("log", "kind", "words"),
    [
        ([lop(cuff=DEVICE)], PressureWarningKind.OTHER_CUFF,
         "Your left leg LOP was measured with another cuff. Pressures do not carry"),
        ([lop(position=BodyPosition.LYING), lop(cuff=DEVICE)],
         PressureWarningKind.OTHER_POSITION,
         "Your left leg LOP with Thigh cuff was measured lying, and you train standing"),
    ],
)
def test_an_lop_from_another_cuff_or_position_is_not_used_and_the_miss_is_named(
    log: list[LopMeasurement], kind: PressureWarningKind, words: str
) -> None:
    result = check(log, position=BodyPosition.STANDING, set_mmhg=150)
    assert (result.lop, result.prescription) == (None, None)
    [warning] = result.warnings
    assert warning.kind is kind
    assert warning.message.startswith(words)
    assert warning.message.endswith(
        "Measure it standing with Thigh cuff to get a target pressure."
    )


def test_an_lop_30_days_old_is_still_fresh() -> None:
    assert check([lop(days_ago=30)], set_mmhg=150).warnings == ()


def test_an_lop_31_days_old_asks_to_be_measured_again_and_still_gives_a_target() -> None:
    result = check([lop(days_ago=31)], set_mmhg=150)
    assert result.prescription is not None
    assert result.prescription.target_mmhg == 150
    [warning] = result.warnings
    assert warning.kind is PressureWarningKind.LOP_OUT_OF_DATE
    assert warning.message.startswith(
        "Your left leg LOP is 31 days old (measured 2026-01-30); you re-measure every 30 days."
    )


def test_the_lifters_own_interval_moves_the_boundary() -> None:
    assert check([lop(days_ago=7)], remeasure_after_days=7).warnings == ()
    stale = check([lop(days_ago=8)], remeasure_after_days=7)
    assert stale.warning_kinds == (PressureWarningKind.LOP_OUT_OF_DATE,)


@pytest.mark.parametrize("days", [1, 30, 90])
def test_a_remeasure_interval_of_1_to_90_days_is_taken(days: int) -> None:
    assert remeasure_interval_days(days) == days


@pytest.mark.parametrize("days", [0, 91, -30])
def test_a_remeasure_interval_outside_1_to_90_days_is_refused(days: int) -> None:
    with pytest.raises(PrescriptionError, match="re-measure interval must be 1-90 days"):
        remeasure_interval_days(days)
    with pytest.raises(PrescriptionError):
        check([lop()], remeasure_after_days=days)


def test_an_lop_dated_after_today_is_used_but_its_age_is_questioned() -> None:
    result = check([lop()], today=TODAY - timedelta(days=1), set_mmhg=150)
    assert result.prescription is not None
    assert result.warning_kinds == (PressureWarningKind.LOP_DATED_AHEAD,)


def test_an_old_lop_and_a_pressure_off_target_are_both_warned_age_first() -> None:
    result = check([lop(days_ago=45)], set_mmhg=200)
    assert result.warning_kinds == (
        PressureWarningKind.LOP_OUT_OF_DATE, PressureWarningKind.OFF_TARGET,
    )


def test_a_newer_lop_replaces_an_old_one() -> None:
    result = check([lop(200, days_ago=60), lop(250, days_ago=2)], set_mmhg=150)
    assert result.warnings == ()
    assert result.prescription is not None and result.prescription.target_mmhg == 150


def test_the_check_is_for_one_side_of_a_cuff_set_by_pressure() -> None:
    with pytest.raises(ValueError, match="each side"):
        check_pressure(
            [lop()], limb=Limb.LEG, side=Side.BOTH, cuff=THIGH, position="seated",
            lop_percent=60, set_mmhg=None, today=TODAY,
        )
    with pytest.raises(ValueError, match="wrap"):
        check([lop()], cuff=WRAP)


@pytest.mark.parametrize("set_mmhg", [0, 301])
def test_a_pressure_no_cuff_takes_is_refused(set_mmhg: float) -> None:
    with pytest.raises(PrescriptionError, match="cuff pressure must be 1-300 mmHg"):
        check([lop()], set_mmhg=set_mmhg)


@given(
    percent=st.integers(min_value=40, max_value=80),
    lop_mmhg=st.integers(min_value=50, max_value=300),
    set_tenths=st.integers(min_value=10, max_value=3000),
)
def test_off_target_is_warned_exactly_when_more_than_10_percent_away(
    percent: int, lop_mmhg: int, set_tenths: int
) -> None:
    set_mmhg = set_tenths / 10
    target = target_mmhg(percent, lop_mmhg)
    warned = PressureWarningKind.OFF_TARGET in check(
        [lop(lop_mmhg)], lop_percent=percent, set_mmhg=set_mmhg
    ).warning_kinds
    # In whole tenths of a mmHg, so the boundary itself is exact.
    assert warned == (abs(set_tenths - target * 10) * 10 > target * 10)
