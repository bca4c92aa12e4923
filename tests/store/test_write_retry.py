"""Which failed writes are tried again, and for how long: on real SQLite files."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store.engine import make_engine, prepare_database, session_scope
from bfr_tui.store.models import TrainingSession
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.write_retry import RETRY_FOR_S, WriteFailed, is_transient, run_with_retries
from tests.local_time import local

START = local(2026, 3, 2, 18, 30)


class StepClock:
    """A monotonic clock that only moves when the retry loop sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def quick_engine(db_path: Path) -> Iterator[Engine]:
    """An engine on a prepared log that gives up on a held lock at once, not after 5 s."""
    prepare_database(db_path)
    engine = make_engine(sqlite_url(db_path))
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    yield engine
    engine.dispose()


@pytest.fixture
def lifter(quick_engine: Engine) -> int:
    """The lifter whose visit each test writes, added before anyone holds a lock."""
    return lifter_id(quick_engine)


def add_visit(engine: Engine, lifter: int) -> int:
    with session_scope(engine) as session:
        # The busy wait of the engine's pragmas, shortened so each attempt fails fast.
        session.connection().exec_driver_sql("PRAGMA busy_timeout=50")
        visit = TrainingSession(lifter_id=lifter, started_at=START)
        session.add(visit)
        session.flush()
        assert visit.id is not None
        return visit.id


def visits(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM training_session").fetchone()[0])


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another connection (another window) in the middle of a write transaction."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_locked_log_is_retried_and_the_write_lands_once_the_lock_goes(
    quick_engine: Engine, db_path: Path, lifter: int
) -> None:
    other = hold_write_lock(db_path)
    clock = StepClock()
    seen: list[str] = []

    def retrying(error: BaseException, _left_s: float) -> None:
        seen.append(str(error))
        if len(seen) == 3:
            other.rollback()  # the other window finishes its write

    visit_id = run_with_retries(
        lambda: add_visit(quick_engine, lifter), monotonic=clock.monotonic, sleep=clock.sleep,
        on_retry=retrying,
    )

    assert len(seen) == 3 and all("database is locked" in s for s in seen)
    assert visit_id == 1 and visits(db_path) == 1
    other.close()


def test_a_lock_held_past_the_bound_gives_up_saying_how_long_it_tried(
    quick_engine: Engine, db_path: Path, lifter: int
) -> None:
    other = hold_write_lock(db_path)
    clock = StepClock()
    try:
        with pytest.raises(WriteFailed) as failed:
            run_with_retries(lambda: add_visit(quick_engine, lifter), monotonic=clock.monotonic,
                             sleep=clock.sleep)
    finally:
        other.rollback()
        other.close()
    assert failed.value.transient
    assert RETRY_FOR_S <= clock.now < RETRY_FOR_S + 6
    assert "database is locked" in str(failed.value)
    assert f"still failing after {RETRY_FOR_S:.0f} s" in str(failed.value)
    assert visits(db_path) == 0


def test_a_refused_write_fails_at_once_without_a_retry(
    quick_engine: Engine, db_path: Path, lifter: int
) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON training_session "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        connection.commit()
    clock = StepClock()
    with pytest.raises(WriteFailed) as failed:
        run_with_retries(lambda: add_visit(quick_engine, lifter), monotonic=clock.monotonic,
                         sleep=clock.sleep)
    assert not failed.value.transient
    assert isinstance(failed.value.cause, IntegrityError)
    assert "refused by the test" in str(failed.value)
    assert clock.sleeps == []


def test_a_dropped_table_fails_at_once_though_sqlite_calls_it_operational(
    quick_engine: Engine, db_path: Path, lifter: int
) -> None:
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DROP TABLE training_session")
        connection.commit()
    clock = StepClock()
    with pytest.raises(WriteFailed) as failed:
        run_with_retries(lambda: add_visit(quick_engine, lifter), monotonic=clock.monotonic,
                         sleep=clock.sleep)
    assert isinstance(failed.value.cause, OperationalError)
    assert not failed.value.transient and clock.sleeps == []


def test_which_errors_are_worth_another_try() -> None:
    def raised(code: int, message: str) -> sqlite3.Error:
        error = sqlite3.OperationalError(message)
        error.sqlite_errorcode = code
        return error

    assert is_transient(raised(sqlite3.SQLITE_BUSY, "database is locked"))
    assert is_transient(raised(sqlite3.SQLITE_IOERR, "disk I/O error"))
    assert is_transient(raised(sqlite3.SQLITE_FULL, "database or disk is full"))
    assert not is_transient(raised(sqlite3.SQLITE_ERROR, "no such table: block"))
    assert not is_transient(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not is_transient(ValueError("a bug"))


def test_a_write_from_another_thread_waits_for_a_real_lock(
    quick_engine: Engine, db_path: Path, lifter: int
) -> None:
    """The retry loop with real time: the other window lets go after a moment."""
    other = hold_write_lock(db_path)
    timer = threading.Timer(0.3, other.rollback)
    timer.start()
    try:
        assert run_with_retries(lambda: add_visit(quick_engine, lifter)) == 1
    finally:
        timer.join()
        other.close()
    assert visits(db_path) == 1
