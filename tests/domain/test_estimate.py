"""Estimating a 1RM from a rep-max set (Epley, Brzycki)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bfr_tui.domain.estimate import (
    MAX_REPS_FOR_ESTIMATE,
    OneRepMaxMethod,
    brzycki_1rm,
    epley_1rm,
)

Estimate = Callable[[float, int], float]


@pytest.mark.parametrize(
    ("load", "reps", "expected"),
    [
        # Epley: load x (1 + reps / 30), worked by hand.
        (100, 10, 133.33),  # 100 x 4/3
        (80, 5, 93.33),  # 80 x 7/6
        (60, 8, 76.0),  # 60 x 38/30
        (50, 3, 55.0),  # 50 x 1.1
        (45, 2, 48.0),  # 45 x 16/15
    ],
)
def test_epley_by_hand(load: float, reps: int, expected: float) -> None:
    assert epley_1rm(load, reps) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize(
    ("load", "reps", "expected"),
    [
        # Brzycki: load x 36 / (37 - reps), worked by hand.
        (100, 10, 133.33),  # 100 x 36/27
        (80, 5, 90.0),  # 80 x 36/32
        (60, 8, 74.48),  # 60 x 36/29
        (50, 3, 52.94),  # 50 x 36/34
        (45, 2, 46.29),  # 45 x 36/35
    ],
)
def test_brzycki_by_hand(load: float, reps: int, expected: float) -> None:
    assert brzycki_1rm(load, reps) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("estimate", [epley_1rm, brzycki_1rm])
def test_a_single_is_its_own_1rm(estimate: Estimate) -> None:
    assert estimate(102.5, 1) == pytest.approx(102.5)


@pytest.mark.parametrize("estimate", [epley_1rm, brzycki_1rm])
def test_the_two_formulas_agree_at_ten_reps(estimate: Estimate) -> None:
    assert estimate(90, MAX_REPS_FOR_ESTIMATE) == pytest.approx(120.0)


@pytest.mark.parametrize("estimate", [epley_1rm, brzycki_1rm])
def test_more_reps_at_the_same_load_means_a_higher_1rm(estimate: Estimate) -> None:
    values = [estimate(60, reps) for reps in range(1, 11)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)


@pytest.mark.parametrize("estimate", [epley_1rm, brzycki_1rm])
@pytest.mark.parametrize("reps", [0, -1, 11, 15, 30])
def test_reps_outside_1_to_10_are_refused(estimate: Estimate, reps: int) -> None:
    with pytest.raises(ValueError):
        estimate(50, reps)


@pytest.mark.parametrize("estimate", [epley_1rm, brzycki_1rm])
@pytest.mark.parametrize("load", [0, -20])
def test_a_load_must_be_above_zero(estimate: Estimate, load: float) -> None:
    with pytest.raises(ValueError):
        estimate(load, 5)


def test_ten_reps_is_the_most_an_estimate_uses() -> None:
    assert MAX_REPS_FOR_ESTIMATE == 10


def test_a_1rm_is_either_tested_or_estimated() -> None:
    assert {m.value for m in OneRepMaxMethod} == {"tested", "estimated"}
