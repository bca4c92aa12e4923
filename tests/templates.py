"""Session templates for tests, built from the starter library of the log at hand, and
blocks logged as a template's run logs them."""

from __future__ import annotations

from datetime import datetime, timedelta

from bfr_tui.domain.limbs import Side
from bfr_tui.domain.protocol import CLASSIC, Protocol
from bfr_tui.domain.session_template import (
    SessionTemplate,
    TemplateBlock,
    session_template,
    template_block,
)
from bfr_tui.training_log import LoggedSet, TrainingLog
from tests.plans import plan_for
from tests.write_reports import Heard


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


def logged_block(log: TrainingLog, name: str, side: Side, cuff_on: datetime) -> None:
    """One finished set of a block on ``name`` and ``side`` at ``cuff_on``."""
    exercise = log.find_exercise(name)
    assert exercise is not None
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan_for(exercise, side=side.value), cuff_on_at=cuff_on,
                       what="the block start", saved=heard.block_started)
    started = cuff_on + timedelta(minutes=1)
    writer.log_set(LoggedSet(set_number=1, target_reps=30, reps=30, load=10.0,
                             started_at=started, ended_at=started + timedelta(seconds=60),
                             rest_before_s=None),
                   what="set 1", saved=heard.saved("set 1"))
    writer.close(cuff_off_at=cuff_on + timedelta(minutes=6), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []


def did_arm_finisher(log: TrainingLog, at: datetime) -> None:
    """Every block of the arm finisher, one after the other from ``at``."""
    logged_block(log, "Dumbbell curl", Side.LEFT, at)
    logged_block(log, "Dumbbell curl", Side.RIGHT, at + timedelta(minutes=8))
    logged_block(log, "Triceps pushdown", Side.BOTH, at + timedelta(minutes=16))
