"""A session template being run: the next block, the blocks done, how the session ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.protocol import CLASSIC
from bfr_tui.domain.session_template import SessionTemplate, session_template, template_block
from bfr_tui.domain.template_run import RED_FLAG_END, SessionEnd, TemplateRun

START = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def finisher() -> SessionTemplate:
    blocks = [
        template_block(exercise_id=exercise_id, exercise_name=name, limb=Limb.ARM,
                       compound=False, side=side, protocol=CLASSIC)
        for exercise_id, name, side in (
            (1, "Dumbbell curl", Side.LEFT), (1, "Dumbbell curl", Side.RIGHT),
            (2, "Triceps pushdown", Side.BOTH),
        )
    ]
    return session_template(name="Arm finisher", blocks=blocks)


def run_block(run: TemplateRun, block_id: int, *, on_min: float, off_min: float,
              end_reason: str = "completed") -> None:
    run.record(block_id=block_id, end_reason=end_reason,
               cuff_on_at=START + timedelta(minutes=on_min),
               cuff_off_at=START + timedelta(minutes=off_min))


def test_blocks_come_in_the_template_order_until_all_are_done() -> None:
    run = TemplateRun(7, finisher())
    assert run.next_position == 1 and run.next_block is not None
    assert run.next_block.side is Side.LEFT
    run_block(run, 11, on_min=0, off_min=4)
    assert run.next_position == 2 and run.next_block is not None
    assert run.next_block.side is Side.RIGHT
    assert run.ended is None
    run_block(run, 12, on_min=6, off_min=10)
    run_block(run, 13, on_min=11.5, off_min=15.5)
    assert run.ended is SessionEnd.ALL_BLOCKS
    assert run.next_block is None and run.next_position is None
    assert [done.block_id for done in run.done] == [11, 12, 13]
    assert [done.position for done in run.done] == [1, 2, 3]


def test_cuff_time_adds_up_and_the_cuff_off_gaps_are_kept() -> None:
    run = TemplateRun(7, finisher())
    run_block(run, 11, on_min=0, off_min=4)
    run_block(run, 12, on_min=6, off_min=10)
    assert run.cuff_s == 8 * 60
    assert run.cuff_off_gaps_s == (120.0,)


def test_the_cuff_off_time_counts_from_the_last_cuff_off() -> None:
    run = TemplateRun(7, finisher())
    assert run.cuff_off_s(START) is None
    run_block(run, 11, on_min=0, off_min=4)
    assert run.cuff_off_s(START + timedelta(minutes=6)) == 120.0
    # A wall clock set back never shows a negative time.
    assert run.cuff_off_s(START) == 0.0


def test_a_red_flag_ends_the_whole_session() -> None:
    run = TemplateRun(7, finisher())
    run_block(run, 11, on_min=0, off_min=4)
    run_block(run, 12, on_min=6, off_min=7, end_reason=RED_FLAG_END)
    assert run.ended is SessionEnd.RED_FLAG
    assert run.next_block is None
    with pytest.raises(ValueError, match="session is over"):
        run_block(run, 13, on_min=8, off_min=9)


def test_a_block_ended_otherwise_early_does_not_end_the_session() -> None:
    run = TemplateRun(7, finisher())
    run_block(run, 11, on_min=0, off_min=2, end_reason="cuff_off_early")
    assert run.ended is None and run.next_position == 2


def test_stopping_early_keeps_the_blocks_done() -> None:
    run = TemplateRun(7, finisher())
    run_block(run, 11, on_min=0, off_min=4)
    run.stop_early()
    assert run.ended is SessionEnd.STOPPED_EARLY
    assert run.next_block is None and len(run.done) == 1
    # Stopping after a red flag keeps the red flag as the reason.
    flagged = TemplateRun(7, finisher())
    run_block(flagged, 11, on_min=0, off_min=1, end_reason=RED_FLAG_END)
    flagged.stop_early()
    assert flagged.ended is SessionEnd.RED_FLAG


def test_a_block_without_a_cuff_off_counts_no_cuff_time() -> None:
    run = TemplateRun(7, finisher())
    run.record(block_id=11, end_reason="save_failed", cuff_on_at=START, cuff_off_at=None)
    assert run.cuff_s == 0.0
    assert run.cuff_off_s(START + timedelta(minutes=3)) is None


def curls(*sides: Side) -> SessionTemplate:
    return session_template(name="Curls", blocks=[
        template_block(exercise_id=1, exercise_name="Dumbbell curl", limb=Limb.ARM,
                       compound=False, side=side, protocol=CLASSIC)
        for side in sides
    ])


@pytest.mark.parametrize(("first", "then", "repeats"), [
    (Side.LEFT, Side.RIGHT, False),
    (Side.LEFT, Side.LEFT, True),
    (Side.LEFT, Side.BOTH, True),
    (Side.BOTH, Side.RIGHT, True),
    (Side.BOTH, Side.BOTH, True),
])
def test_the_next_block_repeats_a_side_when_their_sides_overlap(
    first: Side, then: Side, repeats: bool
) -> None:
    run = TemplateRun(1, curls(first, then))
    assert not run.next_repeats_a_side
    run_block(run, 1, on_min=0, off_min=4)
    assert run.next_repeats_a_side is repeats


def test_another_exercise_on_the_same_side_is_no_repeat() -> None:
    run = TemplateRun(1, finisher())
    run_block(run, 1, on_min=0, off_min=4)
    run_block(run, 2, on_min=6, off_min=10)
    assert not run.next_repeats_a_side  # pushdown on both after curls on each side
