"""Where a cuff may go (R1) and which exercises may run under occlusion (R1, R5)."""

from __future__ import annotations

import pytest

from bfr_tui.domain.limbs import Limb, Side, bfr_eligibility, placement_guidance


def test_limbs_and_sides_are_stored_as_plain_words() -> None:
    assert {limb.value for limb in Limb} == {"arm", "leg", "none"}
    assert {side.value for side in Side} == {"left", "right", "both"}


@pytest.mark.parametrize("limb", [Limb.ARM, Limb.LEG, "arm", "leg"])
def test_an_isolation_exercise_on_an_arm_or_leg_may_run_bfr(limb: Limb | str) -> None:
    eligibility = bfr_eligibility(limb=limb, compound=False)
    assert eligibility.allowed
    assert eligibility.reason == ""


@pytest.mark.parametrize("compound", [False, True])
def test_no_bfr_without_a_limb(compound: bool) -> None:
    eligibility = bfr_eligibility(limb=Limb.NONE, compound=compound)
    assert not eligibility.allowed
    assert "arm or a leg" in eligibility.reason


@pytest.mark.parametrize("limb", [Limb.ARM, Limb.LEG])
def test_no_bfr_on_a_compound_lift(limb: Limb) -> None:
    eligibility = bfr_eligibility(limb=limb, compound=True)
    assert not eligibility.allowed
    assert "compound" in eligibility.reason
    # The lifter is told why, and what to do instead.
    assert "accessory" in eligibility.reason


def test_an_unknown_limb_is_refused() -> None:
    with pytest.raises(ValueError):
        bfr_eligibility(limb="neck", compound=False)


@pytest.mark.parametrize(
    ("limb", "where", "away_from"),
    [
        (Limb.ARM, "upper arm", "elbow"),
        (Limb.ARM, "deltoid", "middle"),
        (Limb.LEG, "thigh", "knee"),
        (Limb.LEG, "hip crease", "middle"),
    ],
)
def test_placement_guidance_puts_the_cuff_high_and_clear_of_joints(
    limb: Limb, where: str, away_from: str
) -> None:
    guidance = placement_guidance(limb)
    assert "high" in guidance
    assert where in guidance
    assert away_from in guidance


def test_placement_guidance_accepts_stored_strings() -> None:
    assert placement_guidance("leg") == placement_guidance(Limb.LEG)


def test_no_placement_for_a_non_limb() -> None:
    assert "arms and legs only" in placement_guidance(Limb.NONE)
