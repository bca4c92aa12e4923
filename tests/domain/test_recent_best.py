"""The 1RM estimate from recent heavy sets: Epley, 1-10 reps, the last 90 days, no typos."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bfr_tui.domain.estimate import OUT_OF_LINE_MIN_OTHERS, OUT_OF_LINE_RATIO
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


def test_the_window_ends_at_the_exercises_last_logged_set_whatever_its_reps() -> None:
    sets = [
        # 95 days before the last set: inside 90 days of the last heavy set, not of the last set.
        kg(100, 5, LAST - timedelta(days=RECENT_DAYS + 5)),
        kg(60, 5, LAST - timedelta(days=30)),
        # The exercise's last logged sets: too many reps, and no load, for an estimate.
        kg(40, 15, LAST - timedelta(days=1)),
        kg(0, 12, LAST),
    ]
    best = best_recent_one_rm(sets)
    assert best is not None
    assert (best.window_start, best.window_end) == (LAST - timedelta(days=RECENT_DAYS), LAST)
    assert (best.best.load, best.one_rm) == (60, 70.0)


def test_no_estimate_when_the_last_90_days_have_no_set_of_1_to_10_reps() -> None:
    sets = [kg(100, 5, LAST - timedelta(days=RECENT_DAYS + 1)), kg(40, 15, LAST)]
    assert best_recent_one_rm(sets) is None


# Pushdowns at 45-50 kg, worked by hand: 45 x 10 = 60.0, 47.5 x 10 = 63.3, 50 x 8 = 63.3,
# 50 x 10 = 66.7. The typo 100 x 7 = 123.3 is 1.85 times the next best set (66.7).
PUSHDOWNS = [
    kg(45, 10, LAST - timedelta(days=20)),
    kg(47.5, 10, LAST - timedelta(days=20)),
    kg(50, 8, LAST - timedelta(days=20)),
    kg(50, 10, LAST - timedelta(days=6)),
]
TYPO = kg(100, 7, LAST - timedelta(days=3))


def test_a_set_far_out_of_line_with_the_others_is_left_out_and_named() -> None:
    best = best_recent_one_rm([*PUSHDOWNS, TYPO, kg(45, 12, LAST)])
    assert best is not None
    assert (best.one_rm, best.best) == (66.7, PUSHDOWNS[-1])
    assert [(o.lifted, o.one_rm, o.next_best) for o in best.left_out] == [
        (TYPO, 123.3, PUSHDOWNS[-1])
    ]
    assert best.sets_considered == len(PUSHDOWNS)


def test_two_typos_far_apart_are_both_left_out() -> None:
    # 500 x 5 (a lost decimal point) is out of line with 100 x 7, and 100 x 7 with the rest.
    best = best_recent_one_rm([*PUSHDOWNS, TYPO, kg(500, 5, LAST - timedelta(days=2))])
    assert best is not None
    assert best.one_rm == 66.7
    assert [o.lifted.load for o in best.left_out] == [500, 100]


@pytest.mark.parametrize(
    "sets",
    [
        # Too few other sets to judge by.
        [*PUSHDOWNS[: OUT_OF_LINE_MIN_OTHERS - 1], TYPO],
        # A real step up: a single of 100 kg, exactly 1.5 times the next best (66.7), is kept.
        [*PUSHDOWNS, kg(50 * (1 + 10 / 30) * OUT_OF_LINE_RATIO, 1)],
        # Two heavy sets agree with each other: not a typo.
        [*PUSHDOWNS, TYPO, kg(100, 7, LAST)],
    ],
)
def test_a_best_set_in_line_or_without_enough_others_is_kept(sets: list[LiftedSet]) -> None:
    best = best_recent_one_rm(sets)
    assert best is not None
    assert best.left_out == ()
    assert best.best == max(sets, key=lambda s: (s.load * (1 + s.reps / 30), s.day))


def test_sets_in_kg_and_lb_are_judged_in_one_unit() -> None:
    # 225 lb x 7 = 277.5 lb = 125.9 kg, out of line with kg pushdowns at 66.7 kg at best.
    typo_lb = lb(225, 7, LAST - timedelta(days=3))
    best = best_recent_one_rm([*PUSHDOWNS, typo_lb])
    assert best is not None
    assert [(o.lifted, o.one_rm) for o in best.left_out] == [(typo_lb, 277.5)]
    # 110 lb x 10 = 146.7 lb = 66.5 kg is in line with them.
    assert best_recent_one_rm([*PUSHDOWNS, lb(110, 10)]).left_out == ()  # type: ignore[union-attr]
