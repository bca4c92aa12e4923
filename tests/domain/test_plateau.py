"""Plateau detection at its boundaries: how many flat blocks, what resets it, which blocks
count, and the cause and suggestion named (R9, R3, R10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bfr_tui.domain.plateau import (
    Plateau,
    PlateauBlock,
    PlateauCause,
    detect_plateau,
    plateaus,
)
from bfr_tui.domain.units import KG_PER_LB, Unit

START = datetime(2026, 3, 2, 18, 30)
MET = (30, 15, 15, 15)
TARGETS = (30, 15, 15, 15)


def block(
    day: int, *, load: float = 10.0, reps: tuple[int, ...] = MET, tightness: int = 7,
    unit: str = "kg", side: str = "left", name: str = "Classic", reps_text: str = "30-15-15-15",
    finished: bool = True,
) -> PlateauBlock:
    """A curl block ``day`` days after START (days apart: plenty of recovery)."""
    return PlateauBlock(
        block_id=day, cuff_on_at=START + timedelta(days=day), side=side, protocol_name=name,
        protocol_reps=reps_text, load=load, unit=unit, reps=reps, targets=TARGETS,
        tightness=tightness, finished=finished,
    )


def verdict(blocks: list[PlateauBlock], *, one_rm: float | None = 60.0,
            side: str = "left") -> Plateau:
    """Newest first, as the log gives them; a 60 kg 1RM gives a 12.5-17.5 kg band."""
    newest_first = sorted(blocks, key=lambda b: b.cuff_on_at, reverse=True)
    return detect_plateau(newest_first, protocol_name="Classic", protocol_reps="30-15-15-15",
                          side=side, unit=Unit.KG, step=1.25, one_rm=one_rm)


def test_two_flat_blocks_are_not_a_plateau_three_are() -> None:
    two = verdict([block(0), block(3)])
    three = verdict([block(0), block(3), block(6)])

    assert not two.is_plateau and two.blocks_considered == 2 and two.message == ""
    assert three.is_plateau and three.blocks_considered == 3
    assert three.block_ids == (6, 3, 0)


def test_a_load_rise_within_the_last_three_resets_it() -> None:
    risen_last = verdict([block(0), block(3), block(6, load=11.25)])
    risen_first = verdict([block(0), block(3, load=11.25), block(6, load=11.25)])
    # Three flat blocks after the rise: the plateau is back.
    flat_after = verdict([block(0), block(3, load=11.25), block(6, load=11.25),
                          block(9, load=11.25)])

    assert not risen_last.is_plateau
    assert not risen_first.is_plateau
    assert flat_after.is_plateau and flat_after.block_ids == (9, 6, 3)


def test_a_rise_in_total_reps_resets_it_and_a_fall_does_not() -> None:
    short, shorter = (30, 15, 15, 10), (30, 15, 12, 10)
    more_reps = verdict([block(0, reps=shorter), block(3, reps=shorter), block(6, reps=short)])
    fewer_reps = verdict([block(0, reps=short), block(3, reps=shorter), block(6, reps=shorter)])
    lighter = verdict([block(0), block(3, load=8.75), block(6, load=8.75)])

    assert not more_reps.is_plateau
    assert fewer_reps.is_plateau
    assert lighter.is_plateau


def test_loads_in_another_unit_are_compared_converted() -> None:
    same_in_lb = 10 / KG_PER_LB
    flat = verdict([block(0), block(3, load=same_in_lb, unit="lb"), block(6)])
    # 25 lb is 11.3 kg: a rise.
    risen = verdict([block(0), block(3), block(6, load=25, unit="lb")])

    assert flat.is_plateau
    assert not risen.is_plateau


def test_blocks_ended_early_or_of_another_protocol_or_side_neither_count_nor_break_the_run(
) -> None:
    between = [
        block(1, load=20, finished=False),
        block(4, load=20, name="Classic", reps_text="20-10-10-10"),
        block(5, load=20, side="right"),
    ]
    with_between = verdict([block(0), block(3), block(6), *between])
    only_two_finished = verdict([block(0), block(3), block(6, finished=False)])

    assert with_between.is_plateau and with_between.block_ids == (6, 3, 0)
    assert not only_two_finished.is_plateau and only_two_finished.blocks_considered == 2


def test_targets_missed_with_a_tight_cuff_says_loosen_it() -> None:
    short = (30, 15, 12, 10)
    result = verdict([block(d, reps=short, tightness=8) for d in (0, 3, 6)])

    assert result.cause is PlateauCause.CUFF_TOO_TIGHT
    assert "8/10" in result.message and "too tight" in result.message
    assert result.suggestion == "Loosen the cuff to about 7/10 before changing the load."


def test_targets_missed_at_a_sensible_cuff_says_one_step_lighter() -> None:
    result = verdict([block(d, load=15, reps=(30, 15, 12, 10)) for d in (0, 3, 6)])

    assert result.cause is PlateauCause.LOAD_TOO_HEAVY
    assert "too heavy" in result.message
    assert result.suggestion.startswith("Go one step lighter, to 13.75 kg")


def test_targets_missed_at_the_bottom_of_the_band_says_retest_the_1rm_not_lighter() -> None:
    at_bottom = verdict([block(d, load=12.5, reps=(30, 15, 12, 10)) for d in (0, 3, 6)])
    no_1rm = verdict([block(d, load=12.5, reps=(30, 15, 12, 10)) for d in (0, 3, 6)],
                     one_rm=None)

    assert at_bottom.cause is PlateauCause.LOAD_TOO_HEAVY
    assert at_bottom.suggestion.startswith("Re-test or re-estimate your 1RM")
    assert no_1rm.suggestion.startswith("Go one step lighter, to 11.25 kg")


def test_targets_met_at_the_top_of_the_band_says_retest_the_1rm() -> None:
    at_top = verdict([block(d, load=17.5) for d in (0, 3, 6)])
    below_top = verdict([block(d, load=16.25) for d in (0, 3, 6)])

    assert at_top.cause is PlateauCause.ONE_RM_OUTGROWN
    assert "12.5-17.5 kg" in at_top.message
    assert "1RM" in at_top.suggestion
    assert below_top.cause is PlateauCause.LOAD_NOT_RAISED


def test_sessions_closer_than_36_hours_point_to_recovery() -> None:
    days = [block(0, load=15), block(3, load=15), block(6, load=15)]
    too_close = [days[0], replace(days[1], cuff_on_at=days[0].cuff_on_at + timedelta(hours=35)),
                 days[2]]
    just_enough = [days[0],
                   replace(days[1], cuff_on_at=days[0].cuff_on_at + timedelta(hours=36)),
                   replace(days[2], cuff_on_at=days[0].cuff_on_at + timedelta(hours=72))]
    # An unfinished block of this exercise on the same arm still trained it.
    unfinished_between = [*days, block(4, load=5, finished=False)]
    other_arm_between = [*days, block(4, load=5, side="right")]

    assert verdict(too_close).cause is PlateauCause.TOO_LITTLE_RECOVERY
    assert "36 h" in verdict(too_close).suggestion
    assert verdict(just_enough).cause is PlateauCause.LOAD_NOT_RAISED
    assert verdict(unfinished_between).cause is PlateauCause.TOO_LITTLE_RECOVERY
    assert verdict(other_arm_between).cause is PlateauCause.LOAD_NOT_RAISED


def test_targets_met_inside_the_band_says_add_one_step() -> None:
    result = verdict([block(d, load=15) for d in (0, 3, 6)])
    unknown_1rm = verdict([block(d, load=17.5) for d in (0, 3, 6)], one_rm=None)

    assert result.cause is PlateauCause.LOAD_NOT_RAISED
    assert result.suggestion == "Add one load step next time: 16.25 kg."
    assert "inside the BFR band" in result.message
    # With no 1RM the top of the band cannot be judged: the load just goes up.
    assert unknown_1rm.cause is PlateauCause.LOAD_NOT_RAISED
    assert unknown_1rm.suggestion == "Add one load step next time: 18.75 kg."


def test_every_protocol_and_side_gets_its_own_verdict_most_recent_first() -> None:
    blocks = [block(d) for d in (0, 3, 6)] + [block(d, side="right", load=10 + d)
                                              for d in (1, 4, 7)]
    newest_first = sorted(blocks, key=lambda b: b.cuff_on_at, reverse=True)
    found = plateaus(newest_first, unit=Unit.KG, step=1.25, one_rm=60.0)

    assert [(p.side, p.is_plateau) for p in found] == [("right", False), ("left", True)]
