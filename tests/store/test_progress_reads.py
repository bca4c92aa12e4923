"""The progress view's reads on both engines: an exercise's 1RMs over time, and blocks
and cuff time per week and limb."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.limbs import Side
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.training_log import LoggedSet, OneRepMaxEntry, TrainingLog, WeekOfCuffTime
from tests.local_time import local
from tests.plans import plan_for
from tests.write_reports import Heard

MONDAY = date(2026, 3, 2)


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine with its first lifter chosen and the starter library."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=local(2026, 1, 1))
    yield opened
    opened.close()


def a_block(log: TrainingLog, name: str, cuff_on: datetime, *,
            minutes: float | None = 6.0) -> None:
    """One set of a block on ``name`` at ``cuff_on``, the cuff off ``minutes`` later
    (None: the block is left open)."""
    exercise = log.find_exercise(name)
    assert exercise is not None
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan_for(exercise, side=Side.LEFT.value), cuff_on_at=cuff_on,
                       what="the block start", saved=heard.block_started)
    started = cuff_on + timedelta(minutes=1)
    writer.log_set(LoggedSet(set_number=1, target_reps=30, reps=30, load=10.0,
                             started_at=started, ended_at=started + timedelta(seconds=60),
                             rest_before_s=None),
                   what="set 1", saved=heard.saved("set 1"))
    if minutes is None:
        writer.wait_for_writes(10.0)
        writer.stop()
        return
    writer.close(cuff_off_at=cuff_on + timedelta(minutes=minutes), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []


def test_every_one_rep_max_of_an_exercise_comes_back_oldest_first(log: TrainingLog) -> None:
    curl = log.find_exercise("Dumbbell curl")
    legs = log.find_exercise("Leg extension")
    assert curl is not None and legs is not None
    assert log.one_rep_max_history(curl.id) == []
    # Entered out of order: the history follows the dates, and on one date the entry order.
    log.record_one_rep_max(exercise_id=curl.id, value=44.0, unit=Unit.KG,
                           recorded_on=date(2026, 2, 1), method=OneRepMaxMethod.TESTED,
                           source="")
    log.record_one_rep_max(exercise_id=curl.id, value=90.0, unit=Unit.LB,
                           recorded_on=date(2026, 1, 5), method=OneRepMaxMethod.ESTIMATED,
                           source="20 x 8")
    log.record_one_rep_max(exercise_id=curl.id, value=46.0, unit=Unit.KG,
                           recorded_on=date(2026, 2, 1), method=OneRepMaxMethod.TESTED,
                           source="")
    log.record_one_rep_max(exercise_id=legs.id, value=80.0, unit=Unit.KG,
                           recorded_on=date(2026, 1, 1), method=OneRepMaxMethod.TESTED,
                           source="")

    history = log.one_rep_max_history(curl.id)

    assert history == [
        OneRepMaxEntry(90.0, "lb", date(2026, 1, 5), "estimated", "20 x 8"),
        OneRepMaxEntry(44.0, "kg", date(2026, 2, 1), "tested", ""),
        OneRepMaxEntry(46.0, "kg", date(2026, 2, 1), "tested", ""),
    ]
    current = log.current_one_rep_max(curl.id)
    assert current is not None and current.value == history[-1].value
    # Another lifter sees none of them.
    log.use_lifter(log.add_lifter("Kim"))
    assert log.one_rep_max_history(curl.id) == []


def test_blocks_and_cuff_time_are_summed_per_week_and_limb(log: TrainingLog) -> None:
    # Week of 2 March: two arm blocks (6 and 4.5 min) and one leg block (7 min); Sunday
    # night still counts in it. The next week: one arm block left open (no cuff time).
    a_block(log, "Dumbbell curl", local(2026, 3, 2, 18, 0))
    a_block(log, "Triceps pushdown", local(2026, 3, 8, 23, 30), minutes=4.5)
    a_block(log, "Leg extension", local(2026, 3, 4, 7, 0), minutes=7)
    a_block(log, "Dumbbell curl", local(2026, 3, 10, 18, 0), minutes=None)
    # Outside the range asked for: the week before.
    a_block(log, "Dumbbell curl", local(2026, 3, 1, 18, 0))

    weeks = log.weekly_cuff_time(since=MONDAY, until=date(2026, 3, 15))

    assert weeks == [
        WeekOfCuffTime(MONDAY, "arm", 2, 630.0),
        WeekOfCuffTime(MONDAY, "leg", 1, 420.0),
        WeekOfCuffTime(date(2026, 3, 9), "arm", 1, 0.0),
    ]
    assert log.weekly_cuff_time(since=date(2026, 3, 16), until=date(2026, 3, 22)) == []
