"""The BFR load band: 20-30 % of 1RM on the lifter's load step (R3)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.load import (
    LoadBand,
    LoadVerdict,
    load_band,
    load_verdict,
    load_warning,
    percent_of_1rm,
)
from bfr_tui.domain.units import Unit


@pytest.mark.parametrize(
    ("one_rm", "step", "unit", "low", "high"),
    [
        # 20 % rounded UP to the step, 30 % rounded DOWN to the step.
        (100, 1.25, Unit.KG, 20.0, 30.0),  # both ends already on the step
        (47, 1.25, Unit.KG, 10.0, 13.75),  # 9.4 -> 10, 14.1 -> 13.75
        (47, 2.5, Unit.KG, 10.0, 12.5),  # 9.4 -> 10, 14.1 -> 12.5
        (62.5, 1.25, Unit.KG, 12.5, 18.75),  # ends exactly on the step
        (70, 1.25, Unit.KG, 15.0, 20.0),  # 14 -> 15, 21 -> 20
        (33, 1.25, Unit.KG, 7.5, 8.75),  # 6.6 -> 7.5, 9.9 -> 8.75
        (120, 2.5, Unit.KG, 25.0, 35.0),  # 24 -> 25, 36 -> 35
        (50, 1.25, Unit.KG, 10.0, 15.0),  # 0.3 * 50 has float noise: still 15
        (60, 2.5, Unit.LB, 12.5, 17.5),  # 12 -> 12.5, 18 -> 17.5
        (100, 2.5, Unit.LB, 20.0, 30.0),
        (225, 5, Unit.LB, 45.0, 65.0),  # 67.5 -> 65
        (135, 5, Unit.LB, 30.0, 40.0),  # 27 -> 30, 40.5 -> 40
    ],
)
def test_band_is_20_to_30_percent_rounded_inwards(
    one_rm: float, step: float, unit: Unit, low: float, high: float
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=unit)
    assert band.low == pytest.approx(low)
    assert band.high == pytest.approx(high)
    assert band.unit is unit
    assert band.low >= one_rm * 0.20 - 1e-9
    assert band.high <= one_rm * 0.30 + 1e-9


@pytest.mark.parametrize(
    ("one_rm", "step", "unit", "single"),
    [
        # No multiple of the step fits between 20 % and 30 %: one load, the nearer one.
        (32, 5, Unit.KG, 10.0),  # band 6.4-9.6: 10 is 0.4 above, 5 is 1.4 below
        (28, 5, Unit.KG, 5.0),  # band 5.6-8.4: 5 is 0.6 below, 10 is 1.6 above
        (55, 10, Unit.LB, 10.0),  # band 11-16.5: 10 is 1 below, 20 is 3.5 above
        (12, 5, Unit.KG, 5.0),  # band 2.4-3.6: nothing lighter than one step to load
        (8, 5, Unit.KG, 5.0),  # band 1.6-2.4: never an empty bar of zero
    ],
)
def test_a_coarse_step_collapses_the_band_to_one_load(
    one_rm: float, step: float, unit: Unit, single: float
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=unit)
    assert band.low == band.high == pytest.approx(single)


def test_band_accepts_a_stored_unit_string() -> None:
    assert load_band(one_rm=100, step=2.5, unit="lb").unit is Unit.LB


@pytest.mark.parametrize("one_rm", [0, -10])
def test_band_needs_a_positive_1rm(one_rm: float) -> None:
    with pytest.raises(ValueError):
        load_band(one_rm=one_rm, step=1.25, unit=Unit.KG)


def test_band_refuses_a_step_of_zero() -> None:
    with pytest.raises(ValueError):
        load_band(one_rm=100, step=0, unit=Unit.KG)


ONE_RMS = st.integers(min_value=1, max_value=4000).map(lambda quarters: quarters / 4)
STEPS = st.sampled_from([0.5, 1.0, 1.25, 2.0, 2.5, 5.0, 10.0])


@given(one_rm=ONE_RMS, step=STEPS, unit=st.sampled_from(list(Unit)))
def test_band_matches_exact_arithmetic(one_rm: float, step: float, unit: Unit) -> None:
    """Exact fractions, not floats: the inward-rounded band, or one load when none fits."""
    band = load_band(one_rm=one_rm, step=step, unit=unit)
    rm, st_ = Fraction(one_rm), Fraction(step)
    first = math.ceil(rm * Fraction(1, 5) / st_)
    last = math.floor(rm * Fraction(3, 10) / st_)
    if first <= last:
        assert band.low == pytest.approx(float(first * st_))
        assert band.high == pytest.approx(float(last * st_))
    else:
        assert band.low == band.high
        ratio = Fraction(band.low) / st_
        assert ratio == round(ratio)
        assert band.low >= step


@given(one_rm=ONE_RMS, step=STEPS)
def test_band_is_inside_20_to_30_percent_whenever_it_does_not_collapse(
    one_rm: float, step: float
) -> None:
    band = load_band(one_rm=one_rm, step=step, unit=Unit.KG)
    exact_fits = math.ceil(Fraction(one_rm) / 5 / Fraction(step)) <= math.floor(
        Fraction(one_rm) * 3 / 10 / Fraction(step)
    )
    if exact_fits:
        assert one_rm * 0.20 - 1e-9 <= band.low <= band.high <= one_rm * 0.30 + 1e-9
        # Rounded inwards by less than one step: nothing loadable is left out.
        assert band.low - step < one_rm * 0.20
        assert band.high + step > one_rm * 0.30


BAND_20_30 = LoadBand(low=20.0, high=30.0, unit=Unit.KG)


@pytest.mark.parametrize(
    ("load", "verdict"),
    [
        (0.0, LoadVerdict.BELOW),
        (18.75, LoadVerdict.BELOW),
        (19.99, LoadVerdict.BELOW),
        (20.0, LoadVerdict.INSIDE),  # the low edge is in
        (25.0, LoadVerdict.INSIDE),
        (30.0, LoadVerdict.INSIDE),  # the high edge is in
        (30.01, LoadVerdict.ABOVE),
        (31.25, LoadVerdict.ABOVE),
        (0.3 * 100, LoadVerdict.INSIDE),  # float noise on the edge is still the edge
    ],
)
def test_load_verdict_at_the_band_edges(load: float, verdict: LoadVerdict) -> None:
    assert load_verdict(load, BAND_20_30) is verdict
    assert BAND_20_30.contains(load) is (verdict is LoadVerdict.INSIDE)


def test_a_load_inside_the_band_gets_no_warning() -> None:
    assert load_warning(20.0, BAND_20_30) == ""
    assert load_warning(30.0, BAND_20_30) == ""


def test_a_load_above_the_band_is_warned() -> None:
    warning = load_warning(40.0, BAND_20_30)
    assert "40 kg" in warning
    assert "above" in warning
    assert "20-30 kg" in warning


def test_a_load_below_the_band_is_warned() -> None:
    warning = load_warning(15.0, BAND_20_30)
    assert "15 kg" in warning
    assert "below" in warning


def test_band_describes_itself_in_the_lifters_unit() -> None:
    assert BAND_20_30.describe() == "20-30 kg"
    assert LoadBand(low=12.5, high=17.5, unit=Unit.LB).describe() == "12.5-17.5 lb"


def test_band_middle() -> None:
    assert BAND_20_30.middle == 25.0


@pytest.mark.parametrize(
    ("load", "one_rm", "percent"),
    [(25, 100, 25.0), (20, 100, 20.0), (10, 47, 21.3), (13.75, 47, 29.3), (45, 225, 20.0)],
)
def test_percent_of_1rm(load: float, one_rm: float, percent: float) -> None:
    assert percent_of_1rm(load, one_rm) == percent


def test_percent_of_1rm_needs_a_positive_1rm() -> None:
    with pytest.raises(ValueError):
        percent_of_1rm(20, 0)
