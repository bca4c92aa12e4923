"""The lifter's cuffs: kind, width and a wrap's mark (R12, R16)."""

from __future__ import annotations

import pytest

from bfr_tui.domain.cuff_profile import CuffError, CuffKind, cuff_profile, same_cuff


def test_a_wrap_keeps_its_stretch_mark_cleaned_like_any_typed_line() -> None:
    wrap = cuff_profile(
        name="  Blue   wrap ", kind="elastic_wrap", width_cm=7.5,
        wrap_mark=" 3rd stripe,  overlap 5 cm ",
    )
    assert (wrap.name, wrap.kind, wrap.width_cm) == ("Blue wrap", CuffKind.ELASTIC_WRAP, 7.5)
    assert wrap.wrap_mark == "3rd stripe, overlap 5 cm"
    assert wrap.describe() == "Blue wrap: elastic wrap, 7.5 cm, mark: 3rd stripe, overlap 5 cm"


@pytest.mark.parametrize(
    ("kind", "by_pressure"),
    [(CuffKind.ELASTIC_WRAP, False), (CuffKind.PNEUMATIC, True), (CuffKind.AUTOMATIC, True)],
)
def test_only_pneumatic_cuffs_and_devices_are_set_by_pressure(
    kind: CuffKind, by_pressure: bool
) -> None:
    assert kind.takes_pressure is by_pressure


@pytest.mark.parametrize("width_cm", [2.0, 5.0, 11.5, 30.0])
def test_widths_from_a_narrow_wrap_to_a_wide_thigh_cuff_are_taken(width_cm: float) -> None:
    assert cuff_profile(name="Cuff", kind="pneumatic", width_cm=width_cm).width_cm == width_cm


@pytest.mark.parametrize("width_cm", [0.0, 1.9, 30.1, -5.0, float("nan"), float("inf")])
def test_impossible_widths_are_refused_naming_the_width(width_cm: float) -> None:
    with pytest.raises(CuffError, match="cuff width must be 2-30 cm"):
        cuff_profile(name="Cuff", kind="pneumatic", width_cm=width_cm)


def test_a_cuff_needs_a_name_of_sensible_length() -> None:
    with pytest.raises(CuffError, match="Give the cuff a name"):
        cuff_profile(name="   ", kind="pneumatic", width_cm=10)
    with pytest.raises(CuffError, match="40 characters"):
        cuff_profile(name="x" * 41, kind="pneumatic", width_cm=10)
    assert cuff_profile(name="x" * 40, kind="pneumatic", width_cm=10).name == "x" * 40


def test_a_stretch_mark_on_a_cuff_set_by_pressure_is_refused() -> None:
    with pytest.raises(CuffError, match="elastic wraps"):
        cuff_profile(name="Delfi", kind="automatic", width_cm=11.5, wrap_mark="line 3")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        cuff_profile(name="Cuff", kind="tourniquet", width_cm=10)


def test_pressures_compare_only_within_one_cuff() -> None:
    thigh = cuff_profile(name="Thigh cuff", kind="pneumatic", width_cm=11.5)
    assert same_cuff(thigh, cuff_profile(name="thigh CUFF", kind="pneumatic", width_cm=11.5))
    # Same width, another cuff: bladder and fit differ (R12).
    assert not same_cuff(thigh, cuff_profile(name="Arm cuff", kind="pneumatic", width_cm=11.5))
    # The same name with its width edited: old readings no longer apply.
    assert not same_cuff(thigh, cuff_profile(name="Thigh cuff", kind="pneumatic", width_cm=5))
    assert not same_cuff(thigh, cuff_profile(name="Thigh cuff", kind="automatic", width_cm=11.5))
    assert not same_cuff(thigh, None)
    assert not same_cuff(None, None)
