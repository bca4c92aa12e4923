"""A 1RM estimate from a lifter's recent heavy sets, for logs brought in from other apps.

The estimate is the best Epley estimate (``estimate.epley_1rm``; a single is its own
1RM) among the sets of the exercise's *recent* history: the sets logged in the
:data:`RECENT_DAYS` days up to and including the exercise's last logged set, whatever
its reps or load. Only sets of 1 to ``MAX_REPS_FOR_ESTIMATE`` (10) reps with a load
above zero count, because rep-max formulas drift beyond 10 reps. Recent is measured
from the exercise's own last set, not from today, so an old log still gives an
estimate; its date says how old it is. A set far out of line with the others (a typo,
see ``estimate.out_of_line``) is left out, and named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bfr_tui.domain.estimate import MAX_REPS_FOR_ESTIMATE, epley_1rm, out_of_line
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
    rpe: float | None = None
    """The effort the source app recorded for the set (0-10), when it did."""


def counts_for_estimate(lifted: LiftedSet) -> bool:
    """A set a 1RM can be estimated from: a load above zero and 1-10 reps."""
    return lifted.load > 0 and 1 <= lifted.reps <= MAX_REPS_FOR_ESTIMATE


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A set whose estimate was too far above the next best set's to be real."""

    lifted: LiftedSet
    one_rm: float
    """Its Epley estimate, in its own unit."""
    next_best: LiftedSet


@dataclass(frozen=True, slots=True)
class RecentBest:
    """The estimated 1RM and the set it came from."""

    one_rm: float
    unit: Unit
    best: LiftedSet
    sets_considered: int
    window_start: date
    window_end: date
    left_out: tuple[LeftOut, ...] = ()


def _in_kg(value: float, unit: Unit) -> float:
    return convert(value, from_unit=unit, to_unit=Unit.KG)


def set_estimate(lifted: LiftedSet) -> float:
    """The Epley estimate of one set, in its own unit, as estimates are stored."""
    return round(epley_1rm(lifted.load, lifted.reps), ESTIMATE_DECIMALS)


def best_recent_one_rm(
    sets: Iterable[LiftedSet], *, last_logged: date | None = None, recent_days: int = RECENT_DAYS
) -> RecentBest | None:
    """The highest Epley estimate among the recent sets of 1-10 reps, or None.

    The window ends on the exercise's last logged set, whatever its reps or load: the
    last of ``sets``, or ``last_logged`` when that is later (a log's sets with no load
    or too many reps need not be given as sets). Estimates in kg and lb are compared in
    one unit; the result keeps the unit of the set it came from, rounded to
    :data:`ESTIMATE_DECIMALS`. Ties go to the later set, then the heavier load, so the
    answer does not depend on the order of ``sets``. Sets out of line with the others
    (``estimate.out_of_line``) are left out, and listed.
    """
    logged = list(sets)
    days = [s.day for s in logged] + ([last_logged] if last_logged is not None else [])
    if not days:
        return None
    window_end = max(days)
    window_start = window_end - timedelta(days=recent_days)
    recent = [s for s in logged if counts_for_estimate(s) and s.day >= window_start]
    if not recent:
        return None

    def strength(lifted: LiftedSet) -> tuple[float, date, float, int]:
        estimate = _in_kg(epley_1rm(lifted.load, lifted.reps), lifted.unit)
        return (round(estimate, 6), lifted.day, _in_kg(lifted.load, lifted.unit), -lifted.reps)

    ranked = sorted(recent, key=strength, reverse=True)
    left_out: list[LeftOut] = []
    while len(ranked) > 1 and out_of_line(
        strength(ranked[0])[0], strength(ranked[1])[0], others=len(ranked) - 1
    ):
        top = ranked.pop(0)
        left_out.append(LeftOut(top, set_estimate(top), ranked[0]))
    best = ranked[0]
    return RecentBest(
        one_rm=set_estimate(best),
        unit=best.unit,
        best=best,
        sets_considered=len(ranked),
        window_start=window_start,
        window_end=window_end,
        left_out=tuple(left_out),
    )
