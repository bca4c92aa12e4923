"""Limb occlusion pressure records, and choosing the one that applies (R14)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.cuff_profile import cuff_profile
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.lop import BodyPosition, LopError, LopMeasurement, latest_lop, measured_sides
from tests.cuffs import DEVICE, THIGH, WRAP, lop


def test_a_measurement_records_limb_side_cuff_position_method_and_date() -> None:
    measured = lop(210, side=Side.RIGHT, days_ago=3)
    assert measured.describe() == "210 mmHg, right leg, seated, Doppler, 2026-02-27"


@pytest.mark.parametrize("mmhg", [50, 300])
def test_the_ends_of_the_lop_range_are_taken(mmhg: int) -> None:
    assert lop(mmhg).mmhg == mmhg


@pytest.mark.parametrize("mmhg", [0, 49, 301])
def test_an_lop_no_artery_closes_at_is_refused(mmhg: int) -> None:
    with pytest.raises(LopError, match="limb occlusion pressure must be 50-300 mmHg"):
        lop(mmhg)


def test_each_side_is_measured_on_its_own() -> None:
    with pytest.raises(LopError, match="each side"):
        lop(side=Side.BOTH)
    with pytest.raises(LopError, match="arm or a leg"):
        lop(limb=Limb.NONE)


def test_a_wrap_has_no_occlusion_pressure() -> None:
    with pytest.raises(LopError, match="elastic wrap"):
        lop(cuff=WRAP)


def test_a_date_ahead_of_today_is_refused() -> None:
    with pytest.raises(LopError, match="not happened yet"):
        lop(days_ago=-1)


def test_a_block_on_both_sides_needs_both_sides_lops() -> None:
    assert measured_sides(Side.BOTH) == (Side.LEFT, Side.RIGHT)
    assert measured_sides("left") == (Side.LEFT,)


def test_the_latest_lop_matching_limb_side_cuff_and_position_is_chosen() -> None:
    wanted = lop(190, days_ago=5)
    log = [
        lop(180, days_ago=20),
        wanted,
        lop(230, days_ago=1, side=Side.RIGHT),
        lop(240, days_ago=1, limb=Limb.ARM),
        lop(170, days_ago=1, cuff=DEVICE),
        lop(210, days_ago=1, position=BodyPosition.STANDING),
        lop(150, days_ago=1, cuff=cuff_profile(name="Thigh cuff", kind="pneumatic", width_cm=5)),
    ]
    chosen = latest_lop(log, limb="leg", side="left", cuff=THIGH, position="seated")
    assert chosen is wanted


def test_of_two_lops_on_one_day_the_later_recorded_wins() -> None:
    first, recheck = lop(200), lop(205)
    assert latest_lop(
        [first, recheck], limb=Limb.LEG, side=Side.LEFT, cuff=THIGH,
        position=BodyPosition.SEATED,
    ) is recheck


def test_no_matching_lop_gives_none() -> None:
    assert latest_lop(
        [lop(position=BodyPosition.LYING)], limb=Limb.LEG, side=Side.LEFT, cuff=THIGH,
        position=BodyPosition.SEATED,
    ) is None


measurements = st.lists(
    st.builds(
        lop,
        st.integers(min_value=50, max_value=300),
        limb=st.sampled_from([Limb.ARM, Limb.LEG]),
        side=st.sampled_from([Side.LEFT, Side.RIGHT]),
        cuff=st.sampled_from([THIGH, DEVICE]),
        position=st.sampled_from(list(BodyPosition)),
        days_ago=st.integers(min_value=0, max_value=400),
    ),
    max_size=12,
)


@given(log=measurements)
def test_the_chosen_lop_matches_and_none_matching_is_newer(log: list[LopMeasurement]) -> None:
    chosen = latest_lop(log, limb=Limb.LEG, side=Side.LEFT, cuff=THIGH, position="seated")
    matching = [
        m for m in log
        if (m.limb, m.side, m.cuff, m.position) == (Limb.LEG, Side.LEFT, THIGH, "seated")
    ]
    if not matching:
        assert chosen is None
        return
    assert chosen is not None
    assert chosen in matching
    assert chosen.measured_on == max(m.measured_on for m in matching)
