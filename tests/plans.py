"""Block plans for tests that need a block in the log: the everyday answers, changed as asked."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.units import Unit

# Curls with both arms cuffed, Classic at a quarter of the 1RM, cuff check passed.
EVERYDAY_PLAN = BlockPlan(
    exercise_id=0,
    exercise_name="Dumbbell curl",
    limb=Limb.ARM.value,
    side=Side.BOTH.value,
    protocol=CLASSIC,
    load=10.0,
    unit=Unit.KG.value,
    one_rm=40.0,
    tightness=7,
    pulse_felt=True,
    skin_normal=True,
)


class Exercise(Protocol):
    """An exercise as a test holds it: a table row, or the details the log hands out."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def limb(self) -> str: ...


def plan_for(exercise: Exercise, **changes: Any) -> BlockPlan:
    """The everyday plan on this exercise, with ``changes`` to its fields (``BlockPlan``'s
    own names: a misspelt one is a TypeError)."""
    assert exercise.id is not None, "the exercise is not in the log yet"
    on_exercise: dict[str, Any] = {"exercise_id": exercise.id, "exercise_name": exercise.name,
                                   "limb": exercise.limb}
    return replace(EVERYDAY_PLAN, **(on_exercise | changes))
