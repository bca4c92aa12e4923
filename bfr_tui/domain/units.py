"""Load units and rounding a load to what the lifter can actually put on the bar."""

from __future__ import annotations

import math
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


def parse_number(text: str) -> float | None:
    """A typed number, accepting a decimal comma (``12,5``); None when it is not one."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def format_load(value: float, unit: Unit | str) -> str:
    """A load the way a lifter writes it: ``12.5 kg``, ``20 lb``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {Unit(unit).value}"
