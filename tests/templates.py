"""Session templates for tests, built from the starter library of the log at hand."""

from __future__ import annotations

from bfr_tui.domain.limbs import Side
from bfr_tui.domain.protocol import CLASSIC, Protocol
from bfr_tui.domain.session_template import (
    SessionTemplate,
    TemplateBlock,
    session_template,
    template_block,
)
from bfr_tui.training_log import TrainingLog


def block_of(
    log: TrainingLog, exercise: str, side: Side, protocol: Protocol = CLASSIC
) -> TemplateBlock:
    """A block of the library's ``exercise`` on ``side``, as the template editor makes it."""
    found = log.find_exercise(exercise)
    assert found is not None, exercise
    return template_block(exercise_id=found.id, exercise_name=found.name, limb=found.limb,
                          compound=found.compound, side=side, protocol=protocol)


def arm_finisher(log: TrainingLog, name: str = "Arm finisher") -> SessionTemplate:
    """Dumbbell curl left, dumbbell curl right, triceps pushdown on both arms."""
    return session_template(name=name, blocks=(
        block_of(log, "Dumbbell curl", Side.LEFT),
        block_of(log, "Dumbbell curl", Side.RIGHT),
        block_of(log, "Triceps pushdown", Side.BOTH),
    ))
