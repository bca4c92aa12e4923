"""The training log behaves the same on both engines: a SQLite file and a real
PostgreSQL server (``log_url`` gives each test a fresh, empty log on each)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.migrations import SCHEMA_VERSION
from bfr_tui.training_log import (
    BlockWriter,
    ExerciseDraft,
    LoggedSet,
    RaisedFlag,
    StoreError,
    TrainingLog,
)
from tests.local_time import local
from tests.plans import plan_for
from tests.write_reports import Heard

# 18:30 in Chicago on 2 March is 00:30 UTC on 3 March: a day cut in UTC shows.
CUFF_ON = local(2026, 3, 2, 18, 30)


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A fresh log on each engine, prepared as the app prepares one: its first lifter,
    chosen, and the starter library."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


def a_set(number: int, reps: int, *, load: float = 10.0) -> LoggedSet:
    started = CUFF_ON + timedelta(minutes=number)
    return LoggedSet(set_number=number, target_reps=15, reps=reps, load=load,
                     started_at=started, ended_at=started + timedelta(seconds=40),
                     rest_before_s=30.0 if number > 1 else None)


def curl_block_started(
    log: TrainingLog, *, cuff_on: datetime = CUFF_ON
) -> tuple[BlockWriter, Heard]:
    """The live writer of a curl block, the block's start asked as the panel asks it."""
    curl = log.find_exercise("Dumbbell curl")
    assert curl is not None
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    writer.start_block(plan=plan_for(curl), cuff_on_at=cuff_on, what="the block start",
                       saved=heard.block_started)
    return writer, heard


def run_a_block(
    log: TrainingLog, *, reps: tuple[int, ...] = (30, 15, 15, 12), cuff_on: datetime = CUFF_ON
) -> int:
    """A whole curl block through the live writer, as the panel writes it; its id."""
    later = cuff_on - CUFF_ON
    writer, heard = curl_block_started(log, cuff_on=cuff_on)
    for number, done in enumerate(reps, start=1):
        logged = a_set(number, done)
        logged = replace(logged, started_at=logged.started_at + later,
                         ended_at=logged.ended_at + later)
        writer.log_set(logged, what=f"set {number}", saved=heard.saved(f"set {number}"))
        if number == 2:
            writer.raise_flag(
                RaisedFlag(SymptomKind.NUMBNESS, cuff_on + timedelta(minutes=2, seconds=50)),
                set_number=2, in_set=False, what="the numbness flag",
            )
    off = cuff_on + timedelta(minutes=len(reps) + 1)
    writer.close(cuff_off_at=off, reason="completed", what="the cuff-off",
                 saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")
    assert heard.failures == []
    return heard.started[0].block_id


def exported(log: TrainingLog) -> str:
    out = io.StringIO()
    log.export_csv(out)
    return out.getvalue()


def test_a_new_log_gets_its_schema_its_library_and_a_default_profile(
    log: TrainingLog,
) -> None:
    assert log.version().schema == SCHEMA_VERSION
    assert log.version().describe() == f"schema {SCHEMA_VERSION} (up to date)"
    assert len(log.exercise_overview()) == 17
    assert log.profile().screening_answers is None
    assert log.profile().unit == "kg"
    # A second start finds everything there and adds nothing.
    assert log.upgrade() is None
    assert log.seed_library_if_empty(now=CUFF_ON) == 0


def test_the_screening_the_unit_and_the_theme_are_kept(log: TrainingLog) -> None:
    answers = {"blood_clots": False, "pregnant": False}
    log.save_screening(answers=answers, screened_on=date(2026, 3, 2), cleared=False,
                       unit=Unit.LB)
    log.save_theme("nord")

    profile = log.profile()
    assert profile.screening_answers == answers
    assert profile.screened_on == date(2026, 3, 2)
    assert (profile.unit, profile.theme) == ("lb", "nord")


def test_exercises_and_one_rep_maxes_are_added_edited_and_found(log: TrainingLog) -> None:
    draft = ExerciseDraft(name="Cable kickback", limb=Limb.ARM, muscle_group="triceps",
                          compound=False, suitability_note="", load_step=2.5, unit=Unit.KG)
    added = log.add_exercise(draft, now=CUFF_ON)
    log.update_exercise(added, replace(draft, load_step=1.25))
    found = log.find_exercise("cable KICKBACK")
    assert found is not None and (found.id, found.load_step) == (added, 1.25)
    log.record_one_rep_max(exercise_id=added, value=30.0, unit=Unit.KG,
                           recorded_on=date(2026, 3, 1), method=OneRepMaxMethod.TESTED,
                           source="test")
    current = log.current_one_rep_max(added)
    assert current is not None and (current.value, current.method) == (30.0, "tested")
    line = next(o for o in log.exercise_overview() if o.exercise.id == added)
    assert line.one_rm == 30.0


def test_a_block_reaches_the_log_in_order_and_history_shows_it_in_local_time(
    log: TrainingLog,
) -> None:
    block_id = run_a_block(log)

    record = log.block_record(block_id)
    assert [s.reps for s in record.sets] == [30, 15, 15, 12]
    assert [f.kind for f in record.flags] == [SymptomKind.NUMBNESS]
    (row,) = log.history_rows()
    assert row.cuff_on_at == CUFF_ON
    assert row.cuff_on_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-03-02 18:30"
    assert row.reps == (30, 15, 15, 12)
    assert row.flag_kinds == ("numbness",)
    # The lifter's day, not UTC's (already 3 March there).
    assert log.session_days(since=date(2026, 3, 1), until=date(2026, 3, 4)) == {
        date(2026, 3, 2): 1
    }
    assert log.count_history(since=date(2026, 3, 3)) == 0
    assert log.count_history(until=date(2026, 3, 2)) == 1
    line = next(o for o in log.exercise_overview() if o.last_block_id == block_id)
    assert line.last_reps == (30, 15, 15, 12) and line.last_finished


def test_the_export_writes_local_times_with_their_offset(log: TrainingLog) -> None:
    run_a_block(log)

    text = exported(log)
    assert "2026-03-02T18:30:00-06:00" in text
    assert text.count("\n") == 5


def test_an_export_imports_into_either_engine_and_exports_the_same(
    log: TrainingLog, tmp_path: Path, postgres_server: object
) -> None:
    run_a_block(log)
    source = tmp_path / "log.csv"
    text = exported(log)
    source.write_text(text, encoding="utf-8", newline="")

    for target_url in (f"sqlite:///{tmp_path / 'other.db'}",
                       postgres_server.create_database()):  # type: ignore[attr-defined]
        target = open_log(target_url)
        try:
            first = target.import_csv(source, now=CUFF_ON)
            again = target.import_csv(source, now=CUFF_ON)
            # The import made the new log's first lifter; the export reads theirs.
            target.choose_lifter(None)
            assert exported(target) == text
            assert any("Imported" in line for line in first.lines())
            assert any("Nothing new" in line for line in again.lines())
        finally:
            target.close()


def test_a_dry_run_import_writes_nothing(log: TrainingLog, tmp_path: Path) -> None:
    run_a_block(log)
    source = tmp_path / "log.csv"
    source.write_text(
        exported(log).replace("2026-03-02", "2026-03-09"), encoding="utf-8", newline=""
    )

    report = log.import_csv(source, dry_run=True, now=CUFF_ON)

    assert any("Dry run" in line for line in report.lines())
    assert log.count_history() == 1


def test_the_demo_fills_history_that_pages_and_charts(log: TrainingLog) -> None:
    summary = log.fill_demo(weeks=4, end=CUFF_ON)

    assert log.count_history() == summary.blocks
    first_page = log.history_rows(limit=5)
    second_page = log.history_rows(limit=5, offset=5)
    assert [r.cuff_on_at for r in first_page] == sorted(
        (r.cuff_on_at for r in first_page), reverse=True
    )
    assert first_page[-1].cuff_on_at >= second_page[0].cuff_on_at
    assert {r.block_id for r in first_page}.isdisjoint(r.block_id for r in second_page)
    exercise_id = first_page[0].exercise_id
    assert log.progress_points(exercise_id=exercise_id)
    with pytest.raises(StoreError, match="already has blocks"):
        log.fill_demo(weeks=1, end=CUFF_ON)


def test_only_one_window_runs_a_block_at_a_time(log_url: str, log: TrainingLog) -> None:
    other = open_log(log_url)
    try:
        other.choose_lifter(None)
        assert log.claim_block()
        assert other.block_running_elsewhere()
        assert not other.claim_block()
        log.release_block()
        assert not other.block_running_elsewhere()
        assert other.claim_block()
        assert log.block_running_elsewhere()
    finally:
        other.close()
    # Closing the log lets go of its block.
    assert not log.block_running_elsewhere()


def test_two_lifters_may_each_run_a_block_at_once(log_url: str, log: TrainingLog) -> None:
    other = open_log(log_url)
    try:
        other.use_lifter(other.add_lifter("Kim"))
        assert log.claim_block()
        assert not other.block_running_elsewhere()
        assert other.claim_block()
        assert not log.block_running_elsewhere()
    finally:
        other.close()
        log.release_block()


def test_a_block_left_open_is_offered_and_closed(log: TrainingLog) -> None:
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    left = log.interrupted_block()
    assert left is not None and [s.reps for s in left.sets] == [30]
    log.close_interrupted(block_id=left.block.id, cuff_off_at=CUFF_ON + timedelta(minutes=2))
    assert log.interrupted_block() is None


def test_a_block_start_asked_again_finds_its_block_and_adds_none(log: TrainingLog) -> None:
    writer, heard = curl_block_started(log)
    heard.wait_for("saved: the block start")
    # The same start again, as after a commit whose answer was lost, or from the spool
    # after a quit: the same block, its set still its own, and no empty second block.
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")
    again, heard_again = curl_block_started(log)
    heard_again.wait_for("saved: the block start")
    assert heard_again.started[0].block_id == heard.started[0].block_id
    assert log.count_history() == 1
    left = log.interrupted_block()
    assert left is not None and [s.reps for s in left.sets] == [30]
    # A block started a moment later is a block of its own.
    later, heard_later = curl_block_started(log, cuff_on=CUFF_ON + timedelta(seconds=1))
    heard_later.wait_for("saved: the block start")
    assert heard_later.started[0].block_id != heard.started[0].block_id
    assert log.count_history() == 2
    for each in (writer, again, later):
        each.stop()


def test_a_backup_is_a_sqlite_file_with_the_whole_log(
    log: TrainingLog, tmp_path: Path
) -> None:
    run_a_block(log)
    log.fill_demo(weeks=2, end=CUFF_ON + timedelta(days=20), force=True)
    target = tmp_path / "copy.db"

    sets = log.back_up(target)

    assert sets == sum(len(r.reps) for r in log.history_rows())
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    assert target.stat().st_mode & 0o777 == 0o600
    copy = open_log(f"sqlite:///{target}")
    try:
        copy.upgrade()
        copy.choose_lifter(None)
        assert exported(copy) == exported(log)
        assert copy.profile() == log.profile()
    finally:
        copy.close()
    with pytest.raises(StoreError, match="already exists"):
        log.back_up(target)
