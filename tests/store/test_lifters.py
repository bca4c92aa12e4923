"""Several lifters in one log, on both engines: each one's training is their own, the
exercise library is shared, and two lifters can train at once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.lifters import default_lifter_name
from bfr_tui.training_log import LifterFacts, NoLifterChosen, StoreError, TrainingLog
from tests.store.test_engines import CUFF_ON, a_set, curl_block_started, exported, run_a_block


@pytest.fixture
def log(log_url: str) -> Iterator[TrainingLog]:
    """A prepared log with the starter library and no lifter yet."""
    opened = open_log(log_url)
    opened.upgrade()
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


def curl_id(log: TrainingLog) -> int:
    curl = log.find_exercise("Dumbbell curl")
    assert curl is not None
    return curl.id


def test_a_log_holds_several_lifters_by_name(log: TrainingLog) -> None:
    ben = log.add_lifter("  Ben   Okafor ")
    ana = log.add_lifter("ana")

    assert log.lifters() == [ana, ben]
    assert ben.name == "Ben Okafor"
    with pytest.raises(ValueError, match="already a lifter called 'ana'"):
        log.add_lifter("ANA")
    with pytest.raises(ValueError, match="needs a name"):
        log.add_lifter("   ")
    assert log.lifter_called("ben okafor") == ben
    with pytest.raises(StoreError, match=r"no lifter called 'Cy' .*'ana', 'Ben Okafor'"):
        log.lifter_called("Cy")


def test_each_lifter_sees_only_their_own_training(log: TrainingLog) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ana)
    block_id = run_a_block(log)
    log.record_one_rep_max(exercise_id=curl_id(log), value=20.0, unit=Unit.KG,
                           recorded_on=date(2026, 3, 1), method=OneRepMaxMethod.TESTED,
                           source="")
    log.save_screening(answers={"blood_clots": False}, screened_on=date(2026, 3, 2),
                       cleared=False, unit=Unit.LB)

    log.use_lifter(ben)
    assert log.history_rows() == [] and log.count_history() == 0
    assert log.current_one_rep_max(curl_id(log)) is None
    assert all(line.last_block_id is None and line.one_rm is None
               for line in log.exercise_overview())
    assert log.session_days(since=date(2026, 3, 1), until=date(2026, 3, 4)) == {}
    assert log.progress_points(exercise_id=curl_id(log)) == []
    assert log.profile().screening_answers is None and log.profile().unit == "kg"
    assert exported(log).count("\n") == 1
    context = log.block_context(exercise_id=curl_id(log), now=CUFF_ON + timedelta(hours=1))
    assert context.last_block is None and context.one_rm is None
    assert all(when is None for when in context.last_on_side.values())
    # The library is the log's: Ana's exercises are Ben's too.
    assert len(log.exercises()) == 17

    log.use_lifter(ana)
    assert [row.block_id for row in log.history_rows()] == [block_id]
    assert log.profile().unit == "lb"
    current = log.current_one_rep_max(curl_id(log))
    assert current is not None and current.value == 20.0


def test_a_block_left_open_is_offered_to_its_lifter_only(log: TrainingLog) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ana)
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    log.use_lifter(ben)
    assert log.interrupted_block() is None
    log.use_lifter(ana)
    left = log.interrupted_block()
    assert left is not None and [s.reps for s in left.sets] == [30]


def test_two_lifters_train_at_once_but_each_runs_one_block(log_url: str, log: TrainingLog) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ana)
    other_machine = open_log(log_url)
    try:
        other_machine.use_lifter(ben)
        assert log.claim_block()
        assert other_machine.claim_block()
        assert not other_machine.block_running_elsewhere()
        # Ben's block runs on the other machine: a window on this one is refused his.
        third = open_log(log_url)
        try:
            third.use_lifter(ben)
            assert third.block_running_elsewhere()
            assert not third.claim_block()
            third.use_lifter(ana)
            assert not third.claim_block()
            other_machine.release_block()
            third.use_lifter(ben)
            assert third.claim_block()
        finally:
            third.close()
    finally:
        other_machine.close()


def test_both_lifters_blocks_are_written_at_once_each_to_its_own(
    log_url: str, log: TrainingLog
) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    other_machine = open_log(log_url)
    try:
        log.use_lifter(ana)
        other_machine.use_lifter(ben)
        ana_writer, ana_heard = curl_block_started(log)
        ben_writer, ben_heard = curl_block_started(other_machine)
        for number, reps in enumerate((30, 15), start=1):
            ana_writer.log_set(a_set(number, reps), what=f"set {number}",
                               saved=ana_heard.saved(f"set {number}"))
            ben_writer.log_set(a_set(number, reps - 2), what=f"set {number}",
                               saved=ben_heard.saved(f"set {number}"))
        ana_heard.wait_for("saved: set 2")
        ben_heard.wait_for("saved: set 2")
        ana_block, ben_block = log.interrupted_block(), other_machine.interrupted_block()
        assert ana_block is not None and ben_block is not None
        assert ana_block.block.id != ben_block.block.id
        assert [s.reps for s in ana_block.sets] == [30, 15]
        assert [s.reps for s in ben_block.sets] == [28, 13]
    finally:
        other_machine.close()


def test_renaming_keeps_the_training_and_removing_takes_only_that_lifter(
    log: TrainingLog,
) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ana)
    run_a_block(log)
    log.use_lifter(ben)
    run_a_block(log)

    renamed = log.rename_lifter(ana, "Ana Ruiz")
    assert renamed == LifterFacts(id=ana.id, name="Ana Ruiz")
    with pytest.raises(ValueError, match="already a lifter called 'Ben'"):
        log.rename_lifter(ana, "ben")
    assert log.lifter_rows(ana) == {"symptom_flag": 1, "set_entry": 4, "block": 1,
                                    "plan_entry": 0, "template_block": 0,
                                    "session_template": 0, "lop_measurement": 0, "cuff": 0,
                                    "training_session": 1, "one_rep_max": 0}

    removed = log.remove_lifter(ana)
    assert removed.rows["set_entry"] == 4
    assert log.lifters() == [ben]
    log.use_lifter(ben)
    assert log.count_history() == 1
    assert len(log.exercises()) == 17


def test_the_only_lifter_is_chosen_and_a_new_log_gets_its_first(log: TrainingLog) -> None:
    first = log.choose_lifter(None)
    assert first is not None and first.name == default_lifter_name()
    assert log.lifter == first and log.lifters() == [first]
    assert log.choose_lifter(None) == first

    second = log.add_lifter("Ana")
    assert log.choose_lifter(None) is None
    with pytest.raises(StoreError, match=r"several lifters .*say whose with --lifter NAME"):
        log.choose_lifter(None, required=True)
    assert log.choose_lifter("  ANA ") == second and log.lifter == second


def test_a_lifters_reads_before_a_lifter_is_chosen_are_refused(log: TrainingLog) -> None:
    log.add_lifter("Ana")
    with pytest.raises(NoLifterChosen, match="no lifter chosen"):
        log.history_rows()
    with pytest.raises(NoLifterChosen):
        log.profile()


def test_an_export_of_one_lifter_imports_into_another_by_name(
    log_url: str, log: TrainingLog, tmp_path: Path
) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ana)
    run_a_block(log)
    source = tmp_path / "ana.csv"
    text = exported(log)
    source.write_text(text, encoding="utf-8", newline="")

    other = open_log(log_url)
    try:
        with pytest.raises(StoreError, match="several lifters"):
            other.import_csv(source, now=CUFF_ON)
        other.import_csv(source, now=CUFF_ON, lifter="ben")
        other.use_lifter(ben)
        assert exported(other) == text
    finally:
        other.close()
    assert log.count_history() == 1


def test_a_demo_fills_one_lifters_log(log: TrainingLog) -> None:
    ana, ben = log.add_lifter("Ana"), log.add_lifter("Ben")
    log.use_lifter(ben)
    summary = log.fill_demo(weeks=2, end=CUFF_ON)

    assert log.count_history() == summary.blocks > 0
    log.use_lifter(ana)
    assert log.count_history() == 0
    log.fill_demo(weeks=2, end=CUFF_ON)
    out = io.StringIO()
    log.export_csv(out)
    assert out.getvalue().count("\n") == summary.sets + 1


def test_a_log_of_schema_4_becomes_a_one_lifter_log_with_its_screening(log_url: str) -> None:
    from sqlalchemy import create_engine, text

    from bfr_tui.store.migrations import upgrade_connection
    from bfr_tui.store.postgres_connect import driver_url

    engine = create_engine(driver_url(log_url) if log_url.startswith("postgresql") else log_url)
    try:
        with engine.begin() as connection:
            upgrade_connection(connection, target="0004")
            for statement in SCHEMA_4_LOG:
                connection.execute(text(statement))
        with engine.begin() as connection:
            upgrade_connection(connection)
    finally:
        engine.dispose()

    log = open_log(log_url)
    try:
        (only,) = log.lifters()
        assert only.name == default_lifter_name()
        assert log.choose_lifter(None) == only
        assert log.profile().screening_answers == {"blood_clots": False}
        assert log.profile().unit == "lb"
        (row,) = log.history_rows()
        assert row.reps == (30, 15)
        assert row.flag_kinds == ("tingling",)
        current = log.current_one_rep_max(row.exercise_id)
        assert current is not None and current.value == 40.0
        # The next lifter's id comes after the first's, on a server's sequence too.
        assert log.add_lifter("Ana").id == only.id + 1
    finally:
        log.close()


# A log as schema 4 kept it: the profile, one exercise with a 1RM, one block, two sets
# and a flag. Times in UTC, as schema 4 stores them.
SCHEMA_4_LOG = (
    "INSERT INTO profile (id, unit, screening_answers, screened_on, cleared_by_professional,"
    " theme) VALUES (1, 'lb', '{\"blood_clots\": false}', '2026-03-01', false, 'nord')",
    "INSERT INTO exercise (id, name, limb, muscle_group, compound, suitability_note,"
    " load_step, unit, needs_review, archived, created_at) VALUES (1, 'Dumbbell curl',"
    " 'arm', 'biceps', false, '', 2.5, 'lb', false, false, '2026-03-01 10:00:00')",
    "INSERT INTO one_rep_max (id, exercise_id, value, unit, recorded_on, method, source)"
    " VALUES (1, 1, 40.0, 'lb', '2026-03-01', 'tested', '')",
    "INSERT INTO training_session (id, started_at, ended_at, notes) VALUES"
    " (1, '2026-03-02 18:00:00', '2026-03-02 18:10:00', '')",
    "INSERT INTO block (id, session_id, exercise_id, side, protocol_name, protocol_reps,"
    " rest_target_s, load, unit, one_rm, tightness, pulse_felt, skin_normal, cuff_on_at,"
    " cuff_off_at, end_reason, notes) VALUES (1, 1, 1, 'both', 'Classic', '30-15-15-15',"
    " 30, 10.0, 'lb', 40.0, 7, true, true, '2026-03-02 18:00:00', '2026-03-02 18:05:00',"
    " 'completed', '')",
    "INSERT INTO set_entry (id, block_id, set_number, target_reps, reps, load, started_at,"
    " ended_at, rest_before_s) VALUES (1, 1, 1, 30, 30, 10.0, '2026-03-02 18:00:30',"
    " '2026-03-02 18:01:10', NULL), (2, 1, 2, 15, 15, 10.0, '2026-03-02 18:01:40',"
    " '2026-03-02 18:02:10', 30.0)",
    "INSERT INTO symptom_flag (id, block_id, set_id, kind, raised_at, note) VALUES"
    " (1, 1, 2, 'tingling', '2026-03-02 18:02:00', '')",
)
