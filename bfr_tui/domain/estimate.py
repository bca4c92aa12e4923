"""Estimating a 1RM from a rep-max set, for lifters who do not test a true single."""

from __future__ import annotations

from enum import StrEnum

from bfr_tui.domain.limits import ESTIMATE_REPS

# Rep-max formulas lose accuracy quickly past about 10 reps (see domain.limits).
MAX_REPS_FOR_ESTIMATE = int(ESTIMATE_REPS.high)


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


def brzycki_1rm(load: float, reps: int) -> float:
    """Brzycki (1993): load x 36 / (37 - reps)."""
    _check(load, reps)
    return load * 36 / (37 - reps)
