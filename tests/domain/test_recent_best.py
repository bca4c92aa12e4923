"""The 1RM estimate from recent heavy sets: Epley, 1-10 reps, the last 90 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bfr_tui.domain.recent_best import RECENT_DAYS, LiftedSet, best_recent_one_rm
from bfr_tui.domain.units import Unit

LAST = date(2025, 7, 26)


def kg(load: float, reps: int, day: date = LAST) -> LiftedSet:
    return LiftedSet(day=day, load=load, unit=Unit.KG, reps=reps)


def lb(load: float, reps: int, day: date = LAST) -> LiftedSet:
    return LiftedSet(day=day, load=load, unit=Unit.LB, reps=reps)


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        # Worked by hand: Epley load x (1 + reps / 30), to 0.1.
        ([kg(100, 5)], 116.7),  # 100 x 35/30 = 116.67
        ([kg(16, 8)], 20.3),  # 16 x 38/30 = 20.27
        ([kg(40, 1)], 40.0),  # a single is its own 1RM
        ([kg(70, 10)], 93.3),  # 70 x 40/30 = 93.33
        # The best estimate wins, not the heaviest load: 90 x 8 = 114 beats 100 x 3 = 110.
        ([kg(100, 3), kg(90, 8), kg(80, 10)], 114.0),
    ],
)
def test_the_best_set_gives_the_estimate(sets: list[LiftedSet], expected: float) -> None:
    best = best_recent_one_rm(sets)
    assert best is not None
    assert best.one_rm == expected
    assert best.unit is Unit.KG


def test_sets_of_more_than_ten_reps_and_empty_sets_do_not_count() -> None:
    best = best_recent_one_rm([kg(60, 15), kg(0, 5), kg(-20, 8), kg(50, 0), kg(50, 6)])
    assert best is not None
    assert (best.best.load, best.best.reps, best.one_rm) == (50, 6, 60.0)
    assert best.sets_considered == 1
    assert best_recent_one_rm([kg(60, 15), kg(0, 5)]) is None
    assert best_recent_one_rm([]) is None


def test_only_the_last_90_days_of_the_exercise_count() -> None:
    edge = LAST - timedelta(days=RECENT_DAYS)
    sets = [
        kg(200, 5, LAST - timedelta(days=RECENT_DAYS + 1)),  # one day too old
        kg(100, 5, edge),  # the first day of the window
        kg(60, 5, LAST),
    ]
    best = best_recent_one_rm(sets)
    assert best is not None
    assert (best.one_rm, best.best.day) == (116.7, edge)
    assert (best.window_start, best.window_end) == (edge, LAST)


def test_recent_is_counted_from_the_exercises_last_set_not_today() -> None:
    old = date(2019, 5, 1)
    best = best_recent_one_rm([kg(50, 5, old), kg(40, 5, old - timedelta(days=200))])
    assert best is not None
    assert best.best.day == old


def test_kg_and_lb_sets_are_compared_in_one_unit_and_keep_their_own() -> None:
    # 100 kg x 5 = 116.7 kg; 240 lb x 5 = 280 lb = 127.0 kg, the stronger set.
    best = best_recent_one_rm([kg(100, 5), lb(240, 5)])
    assert best is not None
    assert (best.one_rm, best.unit) == (280.0, Unit.LB)


def test_a_tie_goes_to_the_later_set_whatever_the_order() -> None:
    early, late = kg(100, 5, LAST - timedelta(days=3)), kg(100, 5, LAST)
    assert best_recent_one_rm([early, late]).best.day == LAST  # type: ignore[union-attr]
    assert best_recent_one_rm([late, early]).best.day == LAST  # type: ignore[union-attr]
