"""After an import of a bfr-tui export, or a demo fill, into a log with training in it
(a SQLite file, a server's database), the lifter's next block, cuff and exercise save:
the rows written in bulk took ids the log's ordinary writes will not take again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import ExerciseDraft, TrainingLog
from tests.cuffs import THIGH, WRAP
from tests.store.test_cuffs import leg_plan, run_block
from tests.store.test_engines import CUFF_ON, a_set, exported, run_a_block

LATER = CUFF_ON + timedelta(days=3)


def prepared(url: str) -> TrainingLog:
    opened = open_log(url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    return opened


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A log on each engine with a block in it, trained the ordinary way."""
    opened = prepared(log_url)
    run_a_block(opened)
    yield opened
    opened.close()


def laptop_export(tmp_path: Path) -> Path:
    """A native export of another log: a curl block a day later, and a leg block in a
    thigh cuff the first log does not have."""
    laptop = prepared(sqlite_url(tmp_path / "laptop.db"))
    try:
        run_a_block(laptop, cuff_on=CUFF_ON + timedelta(days=1))
        thigh = laptop.add_cuff(THIGH)
        run_block(laptop, leg_plan(laptop, cuff_id=thigh.id, pressure_mmhg=180.0),
                  (a_set(1, 30), a_set(2, 15)))
        source = tmp_path / "laptop.csv"
        source.write_text(exported(laptop), encoding="utf-8", newline="")
        return source
    finally:
        laptop.close()


def a_draft(name: str) -> ExerciseDraft:
    return ExerciseDraft(name=name, limb=Limb.ARM, muscle_group="Biceps", compound=False,
                         suitability_note="", load_step=1.0, unit=Unit.KG)


def the_next_writes_save(log: TrainingLog, *, cuff_on: datetime) -> None:
    """A block through the live writer, a cuff and an exercise, each as the app adds it."""
    blocks_before = log.count_history()
    run_a_block(log, cuff_on=cuff_on)
    assert log.count_history() == blocks_before + 1
    log.add_cuff(WRAP)
    assert WRAP in [record.cuff for record in log.cuffs()]
    log.add_exercise(a_draft("Zottman curl"), now=cuff_on)
    assert log.find_exercise("Zottman curl") is not None


def test_after_an_import_the_next_block_cuff_and_exercise_save(
    log: TrainingLog, tmp_path: Path
) -> None:
    report = log.import_csv(laptop_export(tmp_path), now=CUFF_ON)

    assert "Added cuffs: Thigh cuff." in report.lines()
    assert log.count_history() == 3
    the_next_writes_save(log, cuff_on=LATER)
    assert log.count_history() == 4


def test_a_dry_run_leaves_the_next_ids_as_they_were(
    log: TrainingLog, tmp_path: Path
) -> None:
    source = laptop_export(tmp_path)
    log.import_csv(source, now=CUFF_ON, dry_run=True)
    assert log.count_history() == 1

    log.import_csv(source, now=CUFF_ON)

    the_next_writes_save(log, cuff_on=LATER)
    assert log.count_history() == 4


def test_after_a_demo_fill_the_next_block_cuff_and_exercise_save(log: TrainingLog) -> None:
    summary = log.fill_demo(weeks=2, end=CUFF_ON - timedelta(days=1), force=True)
    assert summary.blocks > 0

    the_next_writes_save(log, cuff_on=LATER)
