"""Each history row names the protocol its block was done with, on both engines: plateau
detection compares blocks of one protocol only."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.protocol import custom_protocol
from bfr_tui.training_log import TrainingLog
from tests.store.test_cuffs import leg_plan, log
from tests.store.test_engines import CUFF_ON, a_set
from tests.write_reports import Heard

__all__ = ["log"]


def run_block(log: TrainingLog, plan: BlockPlan, *, days_later: int) -> int:
    """Three sets of ``plan`` through the live writer, ``days_later`` after CUFF_ON; its id."""
    later = timedelta(days=days_later)
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan, cuff_on_at=CUFF_ON + later, what="the block start",
                       saved=heard.block_started)
    for logged in (a_set(1, 20), a_set(2, 10), a_set(3, 10)):
        moved = replace(logged, started_at=logged.started_at + later,
                        ended_at=logged.ended_at + later)
        writer.log_set(moved, what=f"set {logged.set_number}",
                       saved=heard.saved(f"set {logged.set_number}"))
    writer.close(cuff_off_at=CUFF_ON + later + timedelta(minutes=6), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []
    return heard.started[0].block_id


def test_history_rows_carry_the_protocol_name_and_its_target_reps(log: TrainingLog) -> None:
    short = custom_protocol(target_reps=(20, 10, 10), rest_s=45, name="Short finisher")
    classic_id = run_block(log, leg_plan(log), days_later=0)
    short_id = run_block(log, leg_plan(log, protocol=short), days_later=2)
    legs = log.find_exercise("Leg extension")
    assert legs is not None

    rows = {row.block_id: row for row in log.history_rows(exercise_id=legs.id)}

    assert (rows[classic_id].protocol_name, rows[classic_id].protocol_reps) == (
        "Classic", "30-15-15-15")
    assert (rows[short_id].protocol_name, rows[short_id].protocol_reps) == (
        "Short finisher", "20-10-10")
    assert rows[short_id].targets == (20, 10, 10)
