"""The live block's timing: rest and cuff time from monotonic readings, never negative."""

from __future__ import annotations

from bfr_tui.domain.block_run import BlockRun, FinishedSet
from bfr_tui.domain.protocol import CLASSIC


def test_rest_after_a_resume_whose_last_set_is_logged_after_now_is_never_negative() -> None:
    # The clock was set back between the crash and the restart: the last set's end,
    # placed on this run's clock from its wall time, lies 60 s ahead of now.
    first = FinishedSet(set_number=1, target_reps=30, reps=30, started_mono=-20.0,
                        ended_mono=60.0, rest_before_s=None)
    run = BlockRun.resumed(protocol=CLASSIC, cuff_on_mono=-30.0, finished=[first], now_mono=0.0)
    run.start_next_set(10.0)

    logged = run.finish_set(40.0)

    assert logged.rest_before_s == 0.0


def test_cuff_time_and_rest_left_never_go_negative() -> None:
    run = BlockRun(protocol=CLASSIC, cuff_on_mono=100.0)

    assert run.occlusion_s(40.0) == 0.0
    assert run.set_elapsed(40.0) == 0.0
