"""Load units and rounding a load to what the lifter can actually put on the bar."""

from __future__ import annotations

import math
import re
from enum import StrEnum


class Unit(StrEnum):
    """The unit a lifter logs loads in."""

    KG = "kg"
    LB = "lb"


# Smallest common jump on a cable stack, pin-loaded machine or fractional plates.
DEFAULT_LOAD_STEP: dict[Unit, float] = {Unit.KG: 1.25, Unit.LB: 2.5}

KG_PER_LB = 0.45359237


def convert(value: float, *, from_unit: Unit, to_unit: Unit) -> float:
    """Convert a load between kg and lb."""
    if from_unit == to_unit:
        return value
    if from_unit is Unit.LB:
        return value * KG_PER_LB
    return value / KG_PER_LB


def round_to_step(value: float, step: float) -> float:
    """Round a load to the nearest multiple of the lifter's load step (half up)."""
    if step <= 0:
        raise ValueError("load step must be positive")
    steps = math.floor(value / step + 0.5 + 1e-9)
    return round(steps * step, 4)


def floor_to_step(value: float, step: float) -> float:
    """The largest multiple of ``step`` not above ``value``."""
    if step <= 0:
        raise ValueError("load step must be positive")
    return round(math.floor(value / step + 1e-9) * step, 4)


def ceil_to_step(value: float, step: float) -> float:
    """The smallest multiple of ``step`` not below ``value``."""
    if step <= 0:
        raise ValueError("load step must be positive")
    return round(math.ceil(value / step - 1e-9) * step, 4)


# A typed number: digits with an optional decimal point or comma (12.5, 12,5, .5) and
# an optional sign. No exponents, underscores, "inf" or "nan": float() takes those, but
# a lifter never means them.
NUMBER_PATTERN = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)


def parse_number(text: str) -> float | None:
    """A typed number, accepting a decimal comma (``12,5``); None when it is not one.

    Ranges and messages for each field are in ``domain.limits.check_number``.
    """
    typed = text.strip()
    if not NUMBER_PATTERN.fullmatch(typed):
        return None
    value = float(typed.replace(",", "."))
    return value if math.isfinite(value) else None


def format_number(value: float, places: int = 2) -> str:
    """A number the way a lifter writes it: ``12.5``, ``10``, at most ``places`` decimals."""
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def format_load(value: float, unit: Unit | str) -> str:
    """A load the way a lifter writes it: ``12.5 kg``, ``20 lb``."""
    return f"{format_number(value)} {Unit(unit).value}"


def counted(count: int, noun: str) -> str:
    """``1 block``, ``3 blocks``: a count with its noun, plural unless it is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
