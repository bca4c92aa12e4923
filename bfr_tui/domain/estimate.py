"""Estimating a 1RM from a rep-max set, for lifters who do not test a true single."""

from __future__ import annotations

from enum import StrEnum

from bfr_tui.domain.limits import ESTIMATE_REPS

# Rep-max formulas lose accuracy quickly past about 10 reps (see domain.limits).
MAX_REPS_FOR_ESTIMATE = int(ESTIMATE_REPS.high)

# A set out of line with the lifter's other sets is a typo, not a 1RM: its estimate is
# left out when it is more than OUT_OF_LINE_RATIO times the best estimate among the
# exercise's other sets, judged only with at least OUT_OF_LINE_MIN_OTHERS other sets.
# A product choice, worked from Epley itself: ordinary working sets (60-85 % of 1RM for
# 6-10 reps) estimate 0.7-1.1 of the 1RM, so even a true max after a block of light work
# (3 x 10 at 60 %: 0.6 x 4/3 = 0.8) is only 1.25 times the training sets' estimate, while
# a mistyped load (45 -> 100, an extra digit, a lost decimal point) lands at about twice
# the others or more. Judging against the *next best* set rather than a median keeps
# unmarked warm-ups (FitNotes has no warm-up marker) from making a real best set look
# out of line, and two heavy sets that agree with each other both stay. With fewer than
# three other sets a new best cannot be told from a typo, so it is kept.
OUT_OF_LINE_RATIO = 1.5
OUT_OF_LINE_MIN_OTHERS = 3


class OneRepMaxMethod(StrEnum):
    """How a 1RM was obtained."""

    TESTED = "tested"
    ESTIMATED = "estimated"


def _check(load: float, reps: int) -> None:
    if load <= 0:
        raise ValueError("the load must be above zero")
    if not 1 <= reps <= MAX_REPS_FOR_ESTIMATE:
        raise ValueError(
            f"estimate a 1RM from a set of 1-{MAX_REPS_FOR_ESTIMATE} reps, not {reps}"
        )


def epley_1rm(load: float, reps: int) -> float:
    """Epley (1985): load x (1 + reps / 30). A single is its own 1RM."""
    _check(load, reps)
    if reps == 1:
        return load
    return load * (1 + reps / 30)


def out_of_line(estimate: float, next_best: float, *, others: int) -> bool:
    """Whether a set's estimate is too far above the next best one to be real.

    Both estimates are in one unit; ``others`` counts the exercise's other sets.
    """
    return others >= OUT_OF_LINE_MIN_OTHERS and estimate > OUT_OF_LINE_RATIO * next_best


def brzycki_1rm(load: float, reps: int) -> float:
    """Brzycki (1993): load x 36 / (37 - reps)."""
    _check(load, reps)
    return load * 36 / (37 - reps)
