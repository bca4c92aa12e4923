"""A 1RM estimate from a lifter's recent heavy sets, for logs brought in from other apps.

The estimate is the best Epley estimate (``estimate.epley_1rm``) among the sets of
the exercise's *recent* history: the sets logged in the :data:`RECENT_DAYS` days up to
and including the exercise's latest usable set. Only sets of 1 to
``MAX_REPS_FOR_ESTIMATE`` (10) reps with a load above zero count, because rep-max
formulas drift beyond 10 reps. Recent is measured from the exercise's own latest set,
not from today, so an old log still gives an estimate; its date says how old it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bfr_tui.domain.estimate import MAX_REPS_FOR_ESTIMATE, epley_1rm
from bfr_tui.domain.units import Unit, convert

# About one training block (three months): long enough to include a heavy day, short
# enough that the strength it shows is still there.
RECENT_DAYS = 90
# Estimates are stored to a tenth of a kilogram or pound; finer is false precision.
ESTIMATE_DECIMALS = 1
FORMULA_NAME = "Epley"


@dataclass(frozen=True, slots=True)
class LiftedSet:
    """One working set from a training log."""

    day: date
    load: float
    unit: Unit
    reps: int


def counts_for_estimate(lifted: LiftedSet) -> bool:
    """A set a 1RM can be estimated from: a load above zero and 1-10 reps."""
    return lifted.load > 0 and 1 <= lifted.reps <= MAX_REPS_FOR_ESTIMATE


@dataclass(frozen=True, slots=True)
class RecentBest:
    """The estimated 1RM and the set it came from."""

    one_rm: float
    unit: Unit
    best: LiftedSet
    sets_considered: int
    window_start: date
    window_end: date


def _in_kg(value: float, unit: Unit) -> float:
    return convert(value, from_unit=unit, to_unit=Unit.KG)


def best_recent_one_rm(
    sets: Iterable[LiftedSet], *, recent_days: int = RECENT_DAYS
) -> RecentBest | None:
    """The highest Epley estimate among the recent sets of 1-10 reps, or None.

    Estimates in kg and lb are compared in one unit; the result keeps the unit of the
    set it came from, rounded to :data:`ESTIMATE_DECIMALS`. Ties go to the later set,
    then the heavier load, so the answer does not depend on the order of ``sets``.
    """
    usable = [s for s in sets if counts_for_estimate(s)]
    if not usable:
        return None
    window_end = max(s.day for s in usable)
    window_start = window_end - timedelta(days=recent_days)
    recent = [s for s in usable if s.day >= window_start]

    def strength(lifted: LiftedSet) -> tuple[float, date, float, int]:
        estimate = _in_kg(epley_1rm(lifted.load, lifted.reps), lifted.unit)
        return (round(estimate, 6), lifted.day, _in_kg(lifted.load, lifted.unit), -lifted.reps)

    best = max(recent, key=strength)
    return RecentBest(
        one_rm=round(epley_1rm(best.load, best.reps), ESTIMATE_DECIMALS),
        unit=best.unit,
        best=best,
        sets_considered=len(recent),
        window_start=window_start,
        window_end=window_end,
    )
