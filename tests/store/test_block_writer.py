"""The live block's writer, without a UI: order kept, a busy log waited for, a refused
write reported at once. On real SQLite files, through ``open_log`` and the interface."""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.block_run import BlockPlan
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log, queries
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.seed import seed_exercises
from bfr_tui.store.sqlite_log import SqliteTrainingLog
from bfr_tui.training_log import (
    BlockStarted,
    BlockWriter,
    LoggedSet,
    RaisedFlag,
    WriteFailure,
)
from tests.local_time import local
from tests.plans import plan_for
from tests.write_reports import Heard

CUFF_ON = local(2026, 3, 2, 18, 30)


@pytest.fixture
def curl_plan(db_path: Path) -> BlockPlan:
    engine = open_database(db_path)
    with session_scope(engine) as session:
        seed_exercises(session=session, unit=Unit.KG, now=CUFF_ON)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        plan = plan_for(curl)
    engine.dispose()
    return plan


@pytest.fixture
def log(db_path: Path, curl_plan: BlockPlan) -> Iterator[SqliteTrainingLog]:
    """The log as the app opens it, pointed at its only lifter (its first, made here), but
    giving up on a held lock after 50 ms, not 5 s."""
    log = SqliteTrainingLog(sqlite_url(db_path), busy_timeout_ms=50)
    log.choose_lifter(None)
    yield log
    log.close()


def a_set(number: int, reps: int) -> LoggedSet:
    started = CUFF_ON + timedelta(minutes=number)
    return LoggedSet(set_number=number, target_reps=15, reps=reps, load=10.0,
                     started_at=started, ended_at=started + timedelta(seconds=40),
                     rest_before_s=30.0)


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


def writer_for(log: SqliteTrainingLog, heard: Heard, *, retry_for_s: float = 10.0
               ) -> BlockWriter:
    # Reports delivered on the writer's own thread: there is no UI thread here.
    return log.block_writer(reports=heard, deliver=lambda report: report(),
                            retry_for_s=retry_for_s)


def test_open_log_opens_a_sqlite_file_and_a_server_and_refuses_other_engines(
    db_path: Path, curl_plan: BlockPlan
) -> None:
    log = open_log(sqlite_url(db_path))
    try:
        assert log.location == str(db_path)
        assert log.exercises()
    finally:
        log.close()
    # A server's log opens without touching the server, and never shows the password.
    assert open_log("postgresql://coach:secret@gym.example:5433/bfr").location == (
        "postgresql://coach@gym.example:5433/bfr"
    )
    with pytest.raises(ValueError, match="cannot open 'mysql' logs"):
        open_log("mysql://localhost/bfr")


def test_a_whole_block_reaches_the_disk_in_the_order_it_was_asked(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    writer = writer_for(log, heard)
    started: list[BlockStarted] = []

    def block_started(result: BlockStarted) -> None:
        started.append(result)
        heard.note("saved: the block start")

    # Asked all at once, as fast as a lifter's keys: each waits for the one before it.
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=block_started)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    writer.raise_flag(RaisedFlag(SymptomKind.DIZZINESS, CUFF_ON + timedelta(minutes=2)),
                      set_number=None, in_set=True, what="the dizziness flag")
    writer.log_set(a_set(2, 15), what="set 2", saved=heard.saved("set 2"))
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=4), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")

    assert heard.said == ["saved: the block start", "saved: set 1", "saved: set 2",
                          "saved: the cuff-off"]
    assert heard.threads != {threading.current_thread().name}
    block_id = started[0].block_id
    assert started[0].session_cuff_before_s == 0.0
    sets = rows(db_path, "SELECT id, set_number, reps FROM set_entry ORDER BY id")
    assert [(number, reps) for _id, number, reps in sets] == [(1, 30), (2, 15)]
    # The flag raised during set 2 is tied to set 2 once set 2 is logged.
    assert rows(db_path, "SELECT kind, set_id FROM symptom_flag") == [("dizziness", sets[1][0])]
    assert rows(db_path, f"SELECT end_reason FROM block WHERE id = {block_id}") == [
        ("completed",)
    ]
    record = log.block_record(block_id)
    assert [f.set_number for f in record.flags] == [2]


def test_a_busy_log_is_waited_for_and_the_set_lands_once_it_is_free(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    writer = writer_for(log, heard)
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    heard.wait_for("saved: the block start")
    other_window = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other_window.execute("BEGIN IMMEDIATE")
    try:
        writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
        heard.wait_for("not saved yet: set 1")
        assert heard.reasons == ["database is locked"]
        assert rows(db_path, "SELECT count(*) FROM set_entry") == [(0,)]
    finally:
        other_window.rollback()
        other_window.close()
    heard.wait_for("saved: set 1")
    assert heard.said[-2:] == ["saved after retry: set 1", "saved: set 1"]
    assert heard.failures == []
    assert rows(db_path, "SELECT set_number, reps FROM set_entry") == [(1, 30)]


def test_a_refused_write_is_reported_at_once_and_the_writes_after_it_still_run(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    # A minute of retrying would show as a slow test: a refusal must not be retried at all.
    writer = writer_for(log, heard, retry_for_s=60.0)
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    heard.wait_for("saved: the block start")
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TRIGGER refuse_sets BEFORE INSERT ON set_entry "
            "BEGIN SELECT RAISE(ABORT, 'sets refused'); END"
        )
        connection.commit()
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=2), reason="save_failed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")

    assert heard.said == ["saved: the block start", "failed: set 1", "saved: the cuff-off"]
    assert heard.failures == [
        WriteFailure(what="set 1", reason="sets refused", ending=False, set_number=1)
    ]
    assert rows(db_path, "SELECT count(*) FROM set_entry") == [(0,)]
    assert rows(db_path, "SELECT end_reason FROM block") == [("save_failed",)]


def test_a_stopped_writer_says_nothing_more_and_runs_nothing_more(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    writer = writer_for(log, heard)
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    heard.wait_for("saved: the block start")
    writer.stop()
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    assert heard.said == ["saved: the block start"]
    assert rows(db_path, "SELECT count(*) FROM set_entry") == [(0,)]


def test_waiting_for_the_writes_ends_when_they_are_saved_or_after_the_time_given(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    watched: list[str] = []
    writer = log.block_writer(reports=heard, deliver=lambda report: report(),
                              watch=lambda: watched.append(threading.current_thread().name))
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    assert writer.wait_for_writes(10.0)
    # Over means committed: the block is on disk, without waiting on its report.
    assert rows(db_path, "SELECT count(*) FROM block") == [(1,)]

    other_window = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other_window.execute("BEGIN IMMEDIATE")
    try:
        writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
        # A log held by someone else: the wait gives up when told, the set still queued.
        assert not writer.wait_for_writes(0.2)
        assert writer.unsaved
    finally:
        other_window.rollback()
        other_window.close()
    assert writer.wait_for_writes(10.0)
    assert rows(db_path, "SELECT set_number, reps FROM set_entry") == [(1, 30)]
    # Every write asked for was told to the watcher, on the thread that asked.
    assert watched == [threading.current_thread().name] * 2


def test_a_stopped_writer_is_not_waited_for(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    heard = Heard()
    writer = writer_for(log, heard)
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    assert writer.wait_for_writes(10.0)
    other_window = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other_window.execute("BEGIN IMMEDIATE")
    try:
        writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
        heard.wait_for("not saved yet: set 1")
        # A screen going away stops its writer: whoever waits on it is let go at once.
        writer.stop()
        assert writer.wait_for_writes(0.0)
    finally:
        other_window.rollback()
        other_window.close()


def test_the_screens_thread_waits_for_a_commit_not_for_its_own_report(
    log: SqliteTrainingLog, curl_plan: BlockPlan, db_path: Path
) -> None:
    # Reports run on the screen's thread, and the writer waits until they have (as
    # Textual's call_from_thread does): a screen waiting for its set to commit must not
    # also wait for the report only it can run.
    heard = Heard()
    waiting_reports: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = (
        queue.SimpleQueue())

    def deliver_on_this_thread(report: Callable[[], None]) -> None:
        ran = threading.Event()
        waiting_reports.put((report, ran))
        ran.wait(10.0)

    def run_the_reports() -> None:
        while not waiting_reports.empty():
            report, ran = waiting_reports.get()
            report()
            ran.set()

    writer = log.block_writer(reports=heard, deliver=deliver_on_this_thread)
    writer.start_block(plan=curl_plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=heard.saved("the block start"))
    assert writer.wait_for_writes(10.0, heard=False)
    run_the_reports()
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    started = time.monotonic()
    assert writer.wait_for_writes(5.0, heard=False)
    assert time.monotonic() - started < 2.0
    assert rows(db_path, "SELECT set_number FROM set_entry") == [(1,)]
    # Its report is still waiting for this thread: the full wait gives up, then it runs.
    assert heard.said == ["saved: the block start"]
    assert not writer.wait_for_writes(0.1)
    run_the_reports()
    assert writer.wait_for_writes(5.0)
    assert heard.said == ["saved: the block start", "saved: set 1"]
