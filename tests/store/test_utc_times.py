"""Times are stored in UTC and shown in the zone of the machine reading the log.

The tests run in US Central time (conftest); these change the machine's zone the way
a lifter's laptop does when it crosses one, or read an old log written elsewhere.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlmodel import Session

from bfr_tui.domain.units import Unit
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import open_log
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.export import export_csv, iso_time, strong_time
from bfr_tui.store.migrations import BASELINE_REVISION, alembic_config
from bfr_tui.store.models import Block, Exercise, SetEntry, TrainingSession
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.seed import seed_exercises
from bfr_tui.training_log import BlockStarted, LoggedSet, TrainingLog, WriteFailure
from tests.local_time import local
from tests.plans import plan_for
from tests.schema_history import OLD_SCHEMAS, write_old_log
from tests.store.test_import_native import do_import, export_text

# POSIX rules, so no time zone database is needed.
INDIA = "IST-5:30"
CENTRAL_EUROPE = "CET-1CEST,M3.5.0,M10.5.0/3"
CUFF_ON = local(2026, 3, 2, 18, 30)


@contextmanager
def machine_zone(zone: str) -> Iterator[None]:
    """The machine's zone set to ``zone`` for a while, as if the laptop had travelled."""
    before = os.environ["TZ"]
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        os.environ["TZ"] = before
        time.tzset()


def stored(path: Path, query: str) -> list[tuple[object, ...]]:
    """What the file holds, as text, read without the store."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


# --- logs written before times were UTC -----------------------------------------------


@pytest.mark.parametrize("schema", OLD_SCHEMAS)
@pytest.mark.parametrize(
    ("zone", "cuff_on", "session_start"),
    [
        # 3 November 2025 is after the US went back to winter time (UTC-6).
        ("CST6CDT,M3.2.0,M11.1.0", "2025-11-04 00:02:00.000000", "2025-11-04 00:00:00.000000"),
        (INDIA, "2025-11-03 12:32:00.000000", "2025-11-03 12:30:00.000000"),
    ],
)
def test_an_old_logs_wall_clock_times_become_utc_by_the_machines_zone(
    db_path: Path, schema: int, zone: str, cuff_on: str, session_start: str
) -> None:
    write_old_log(db_path, schema)

    with machine_zone(zone):
        open_database(db_path).dispose()
        log = open_log(sqlite_url(db_path))
        try:
            # The upgrade made the old log's lifter its one lifter.
            [old_logs_lifter] = log.lifters()
            log.use_lifter(old_logs_lifter)
            [row] = log.history_rows()
        finally:
            log.close()

        # Shown as the lifter saw it on the day, in the zone it was written in.
        assert row.cuff_on_at == datetime(2025, 11, 3, 18, 2).astimezone()
        assert row.cuff_on_at.strftime("%H:%M") == "18:02"
    assert stored(db_path, "SELECT cuff_on_at FROM block") == [(cuff_on,)]
    assert stored(db_path, "SELECT started_at FROM training_session") == [(session_start,)]


def test_an_old_log_converts_each_time_with_the_offset_of_its_own_date(db_path: Path) -> None:
    write_old_log(db_path, 3)
    with closing(sqlite3.connect(db_path)) as connection, connection:
        # A summer evening: US Central was UTC-5 then, not UTC-6 as in November.
        connection.execute(
            "UPDATE set_entry SET started_at = '2025-07-01 18:03:00.000000' WHERE id = 2"
        )

    open_database(db_path).dispose()

    assert stored(db_path, "SELECT started_at FROM set_entry ORDER BY id") == [
        ("2025-11-04 00:03:00.000000",),
        ("2025-07-01 23:03:00.000000",),
    ]
    # A time still unknown stays unknown.
    assert stored(db_path, "SELECT count(*) FROM block WHERE cuff_off_at IS NULL") == [(0,)]


def test_going_back_a_revision_gives_the_wall_clock_times_back(db_path: Path) -> None:
    write_old_log(db_path, 3)
    before = stored(db_path, "SELECT cuff_on_at, cuff_off_at FROM block")
    open_database(db_path).dispose()
    engine = create_engine(sqlite_url(db_path))
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), BASELINE_REVISION)
    finally:
        engine.dispose()

    assert stored(db_path, "SELECT cuff_on_at, cuff_off_at FROM block") == before


# --- new times --------------------------------------------------------------------------


class Heard:
    """The writer's reports, heard on its own thread."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.failures: list[WriteFailure] = []

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        pass

    def saved_after_retry(self, what: str) -> None:
        pass

    def failed(self, failure: WriteFailure) -> None:
        self.failures.append(failure)
        self.done.set()


def do_a_block(log: TrainingLog, db_path: Path) -> None:
    """One block of one set at 18:30 on a March evening, written as the live screen does."""
    engine = open_database(db_path)
    with session_scope(engine) as session:
        seed_exercises(session=session, unit=Unit.KG, now=CUFF_ON)
    engine.dispose()
    curl = next(e for e in log.exercises() if e.name == "Dumbbell curl")
    plan = plan_for(curl)
    heard = Heard()
    writer = log.block_writer(reports=heard, deliver=lambda report: report())
    started: list[BlockStarted] = []
    writer.start_block(plan=plan, cuff_on_at=CUFF_ON, what="the block start",
                       saved=started.append)
    writer.log_set(
        LoggedSet(set_number=1, target_reps=30, reps=30, load=10.0,
                  started_at=CUFF_ON + timedelta(seconds=10),
                  ended_at=CUFF_ON + timedelta(seconds=70), rest_before_s=None),
        what="set 1", saved=lambda _id: None,
    )
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=2), reason="completed",
                 what="the cuff-off", saved=lambda _result: heard.done.set())
    assert heard.done.wait(30) and not heard.failures


def test_a_time_is_stored_in_utc_and_shown_in_the_zone_of_the_machine_reading_it(
    db_path: Path,
) -> None:
    log = open_log(sqlite_url(db_path))
    log.upgrade()
    log.choose_lifter(None)
    try:
        do_a_block(log, db_path)
        # 18:30 in Chicago (UTC-6) is 00:30 the next day in UTC.
        assert stored(db_path, "SELECT cuff_on_at, cuff_off_at FROM block") == [
            ("2026-03-03 00:30:00.000000", "2026-03-03 00:32:00.000000")
        ]
        assert stored(db_path, "SELECT started_at FROM set_entry") == [
            ("2026-03-03 00:30:10.000000",)
        ]
        [here] = log.history_rows()
        assert here.cuff_on_at.strftime("%Y-%m-%d %H:%M") == "2026-03-02 18:30"
        assert log.session_days(since=date(2026, 3, 1), until=date(2026, 3, 3)) == {
            date(2026, 3, 2): 1
        }

        # The same log read in Berlin: the same instant, at Berlin's time and on its day.
        with machine_zone(CENTRAL_EUROPE):
            [there] = log.history_rows()
            overview = next(line for line in log.exercise_overview()
                            if line.exercise.name == "Dumbbell curl")
            days = log.session_days(since=date(2026, 3, 1), until=date(2026, 3, 3))
        assert there.cuff_on_at == here.cuff_on_at
        assert there.cuff_on_at.strftime("%Y-%m-%d %H:%M %z") == "2026-03-03 01:30 +0100"
        assert overview.last_cuff_on_at is not None
        assert overview.last_cuff_on_at.strftime("%H:%M %z") == "01:30 +0100"
        assert days == {date(2026, 3, 3): 1}
    finally:
        log.close()


# --- the native CSV -------------------------------------------------------------------------


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    engine = open_database(path)
    fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=4, seed=7, end=CUFF_ON)
    engine.dispose()
    return path


def test_an_export_from_another_zone_imports_at_the_same_instants(
    demo_db: Path, tmp_path: Path
) -> None:
    with machine_zone(CENTRAL_EUROPE):
        from_berlin = export_text(demo_db)
    assert "+01:00," in from_berlin and "-06:00," not in from_berlin
    source = tmp_path / "berlin.csv"
    source.write_text(from_berlin, encoding="utf-8", newline="")
    copy = tmp_path / "copy.db"

    do_import(source, copy)

    # Exported here, the copy is the original exported here, byte for byte.
    assert export_text(copy) == export_text(demo_db)


def test_an_export_without_offsets_is_read_as_the_lifters_wall_clock(
    demo_db: Path, tmp_path: Path
) -> None:
    with_offsets = export_text(demo_db)
    # As an older bfr-tui wrote it: local times with no offset.
    older = re.sub(r"(T\d\d:\d\d:\d\d)[+-]\d\d:\d\d", r"\1", with_offsets)
    assert older != with_offsets and "-06:00" not in older
    source = tmp_path / "older.csv"
    source.write_text(older, encoding="utf-8", newline="")
    copy = tmp_path / "copy.db"

    do_import(source, copy)

    assert export_text(copy) == with_offsets


# Half-hour and quarter-hour zones, one whose clock change is half an hour (Lord Howe
# Island: +10:30, +11:00 in summer), and whole-hour offsets changed at half past, in
# the middle of a UTC hour; beside the tests' own US Central.
NEPAL = "<+0545>-5:45"
LORD_HOWE = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"
CHANGED_AT_HALF_PAST = "<+01>-1<+02>-2,M3.5.0/2:30,M10.5.0/3:30"
# 36 hours around each clock change of 2026 in those zones.
AROUND_CLOCK_CHANGES = (
    datetime(2026, 3, 7, 12, tzinfo=UTC), datetime(2026, 3, 28, 12, tzinfo=UTC),
    datetime(2026, 4, 4, 0, tzinfo=UTC), datetime(2026, 10, 3, 0, tzinfo=UTC),
    datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 31, 12, tzinfo=UTC),
)  # fmt: skip


def sessions_at(session: Session, lifter: int, starts: list[datetime]) -> None:
    """The lifter's session with one block of one set (43 s long) at each of ``starts``."""
    curl = Exercise(name="Curl", limb="arm", created_at=starts[0])
    session.add(curl)
    session.flush()
    assert curl.id is not None
    for start in starts:
        visit = TrainingSession(lifter_id=lifter, started_at=start,
                                ended_at=start + timedelta(minutes=5))
        session.add(visit)
        session.flush()
        assert visit.id is not None
        block = Block(lifter_id=lifter, session_id=visit.id, exercise_id=curl.id, load=10.0,
                      tightness=7,
                      cuff_on_at=start, cuff_off_at=start + timedelta(minutes=5))
        session.add(block)
        session.flush()
        assert block.id is not None
        session.add(SetEntry(lifter_id=lifter, block_id=block.id, set_number=1, target_reps=30,
                             reps=30, load=10.0, started_at=start,
                             ended_at=start + timedelta(seconds=43)))
    session.commit()


@pytest.mark.parametrize(
    "zone", [None, INDIA, NEPAL, CENTRAL_EUROPE, LORD_HOWE, CHANGED_AT_HALF_PAST],
    ids=["tests-zone", "india", "nepal", "central-europe", "lord-howe", "changed-at-half-past"],
)
def test_every_exported_time_is_its_instant_in_the_machines_zone(
    lifter: int, session: Session, zone: str | None
) -> None:
    # Every 7 min 13 s, so the times fall on every minute and second of the hour.
    starts = [first + timedelta(seconds=433 * step)
              for first in AROUND_CLOCK_CHANGES for step in range(300)]
    sessions_at(session, lifter, starts)

    with machine_zone(zone or os.environ["TZ"]):
        native, strong = io.StringIO(newline=""), io.StringIO(newline="")
        export_csv(session=session, lifter_id=lifter, out=native, layout="native")
        export_csv(session=session, lifter_id=lifter, out=strong, layout="strong")
        expected = [(iso_time(start), iso_time(start + timedelta(seconds=43)), strong_time(start))
                    for start in starts]

    native_rows = list(csv.DictReader(io.StringIO(native.getvalue())))
    strong_rows = list(csv.DictReader(io.StringIO(strong.getvalue())))
    written = [(row["session_started"], row["set_ended"], strong_row["Date"])
               for row, strong_row in zip(native_rows, strong_rows, strict=True)]
    assert written == expected
    assert all(row["cuff_on"] == row["set_started"] == row["session_started"]
               for row in native_rows)
