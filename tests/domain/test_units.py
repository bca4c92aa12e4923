"""Units and rounding a load to what the lifter can put on the bar."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.units import (
    DEFAULT_LOAD_STEP,
    Unit,
    ceil_to_step,
    convert,
    counted,
    floor_to_step,
    format_load,
    format_number,
    round_to_step,
)

Rounder = Callable[[float, float], float]
STEPS = [0.5, 1.0, 1.25, 2.0, 2.5, 5.0, 10.0]


def test_units_are_stored_as_kg_and_lb() -> None:
    assert Unit("kg") is Unit.KG
    assert Unit("lb") is Unit.LB
    assert {u.value for u in Unit} == {"kg", "lb"}


def test_every_unit_has_a_positive_default_step() -> None:
    assert set(DEFAULT_LOAD_STEP) == set(Unit)
    assert all(step > 0 for step in DEFAULT_LOAD_STEP.values())


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        (12.0, 1.25, 12.5),  # 9.6 steps -> 10
        (11.8, 1.25, 11.25),  # 9.44 steps -> 9
        (11.875, 1.25, 12.5),  # exactly half a step rounds up
        (10.0, 2.5, 10.0),
        (11.25, 2.5, 12.5),  # half a step rounds up
        (11.2, 2.5, 10.0),
        (22.4, 5.0, 20.0),
        (22.5, 5.0, 25.0),
        (0.0, 2.5, 0.0),
        (0.1, 0.5, 0.0),
    ],
)
def test_round_to_step_goes_to_the_nearest_loadable_weight(
    value: float, step: float, expected: float
) -> None:
    assert round_to_step(value, step) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "step", "floor", "ceil"),
    [
        (14.1, 1.25, 13.75, 15.0),
        (9.4, 1.25, 8.75, 10.0),
        (20.0, 1.25, 20.0, 20.0),  # already on the step: both stay put
        (30.0, 2.5, 30.0, 30.0),
        (67.5, 5.0, 65.0, 70.0),
        (0.3 * 50, 1.25, 15.0, 15.0),  # 15.000000000000002 must not creep up a step
        (0.1 + 0.2, 0.1, 0.3, 0.3),  # float noise on an exact multiple
    ],
)
def test_floor_and_ceil_to_step(value: float, step: float, floor: float, ceil: float) -> None:
    assert floor_to_step(value, step) == pytest.approx(floor)
    assert ceil_to_step(value, step) == pytest.approx(ceil)


@pytest.mark.parametrize("rounder", [round_to_step, floor_to_step, ceil_to_step])
@pytest.mark.parametrize("step", [0.0, -1.25])
def test_a_step_must_be_positive(rounder: Rounder, step: float) -> None:
    with pytest.raises(ValueError):
        rounder(10.0, step)


def _is_multiple(value: float, step: float) -> bool:
    ratio = Fraction(value) / Fraction(step)
    return abs(ratio - round(ratio)) < Fraction(1, 10**6)


@given(
    value=st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
    step=st.sampled_from(STEPS),
)
def test_round_to_step_always_returns_a_multiple_of_the_step(value: float, step: float) -> None:
    rounded = round_to_step(value, step)
    assert _is_multiple(rounded, step)
    assert abs(rounded - value) <= step / 2 + 1e-6


@given(
    value=st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
    step=st.sampled_from(STEPS),
)
def test_floor_and_ceil_bracket_the_value_within_one_step(value: float, step: float) -> None:
    low, high = floor_to_step(value, step), ceil_to_step(value, step)
    assert _is_multiple(low, step)
    assert _is_multiple(high, step)
    assert low <= value + 1e-6
    assert high >= value - 1e-6
    assert high - low <= step + 1e-6


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (1.0, Unit.LB, Unit.KG, 0.45359237),
        (100.0, Unit.LB, Unit.KG, 45.359237),
        (45.359237, Unit.KG, Unit.LB, 100.0),
        (20.0, Unit.KG, Unit.LB, 44.0924524),
        (20.0, Unit.KG, Unit.KG, 20.0),
        (45.0, Unit.LB, Unit.LB, 45.0),
    ],
)
def test_convert_between_kg_and_lb(
    value: float, from_unit: Unit, to_unit: Unit, expected: float
) -> None:
    assert convert(value, from_unit=from_unit, to_unit=to_unit) == pytest.approx(expected)


@given(st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False))
def test_converting_there_and_back_is_lossless(value: float) -> None:
    there = convert(value, from_unit=Unit.KG, to_unit=Unit.LB)
    assert convert(there, from_unit=Unit.LB, to_unit=Unit.KG) == pytest.approx(value)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (12.5, Unit.KG, "12.5 kg"),
        (20.0, Unit.LB, "20 lb"),
        (13.75, "kg", "13.75 kg"),
        (1.25, "kg", "1.25 kg"),
        (0.0, Unit.KG, "0 kg"),
        (100.0, Unit.KG, "100 kg"),
        (12.504, Unit.KG, "12.5 kg"),
    ],
)
def test_format_load_reads_like_a_lifter_writes_it(
    value: float, unit: Unit | str, expected: str
) -> None:
    assert format_load(value, unit) == expected


def test_format_load_refuses_an_unknown_unit() -> None:
    with pytest.raises(ValueError):
        format_load(10.0, "stone")


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(12.5, 2, "12.5"), (10.0, 2, "10"), (0.125, 2, "0.12"), (165.06, 1, "165.1"),
     (140.0, 1, "140"), (2.0, 1, "2")],
)
def test_a_number_shows_no_trailing_zeros(value: float, places: int, expected: str) -> None:
    assert format_number(value, places) == expected


@pytest.mark.parametrize(("count", "text"), [(0, "0 blocks"), (1, "1 block"), (2, "2 blocks")])
def test_a_count_takes_the_plural_unless_it_is_one(count: int, text: str) -> None:
    assert counted(count, "block") == text
