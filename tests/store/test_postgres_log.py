"""What only a shared log on a server does: schema upgrades left to `db upgrade`, the
server's refusals in one line, times as timestamptz, faults of a real server (stopped
mid-block, a client killed mid-block)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine

from bfr_tui.cli import main
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.store import libpq, open_log
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION, upgrade_connection
from bfr_tui.store.postgres_connect import driver_url, open_reader
from bfr_tui.training_log import RaisedFlag, StoreError, TrainingLog
from tests.postgres_server import ThrowawayPostgres, database_of, free_port
from tests.store.test_engines import (
    CUFF_ON,
    a_set,
    curl_block_started,
    exported,
    run_a_block,
)

pytestmark = pytest.mark.postgresql


@pytest.fixture
def server_url(postgres_server: ThrowawayPostgres) -> Iterator[str]:
    """An empty database on the server; the server is up again afterwards."""
    url = postgres_server.create_database()
    yield url
    if not postgres_server.running:
        postgres_server.start()
    postgres_server.drop_database(url)


@pytest.fixture
def log(server_url: str) -> Iterator[TrainingLog]:
    """A new log on the server as the app prepares one: its first lifter, chosen, and
    the starter library."""
    opened = open_log(server_url)
    opened.upgrade()
    opened.choose_lifter(None)
    opened.seed_library_if_empty(now=CUFF_ON)
    yield opened
    opened.close()


def shown(url: str) -> str:
    """The URL as bfr-tui prints it: without the password."""
    return open_log(url).location


def at_revision(url: str, revision: str) -> None:
    """Give an empty database the schema of an older (or made-up newer) bfr-tui."""
    engine = create_engine(driver_url(url))
    with engine.begin() as connection:
        upgrade_connection(connection, target=min(revision, HEAD_REVISION))
        connection.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")
    engine.dispose()


def test_times_are_stored_as_timestamptz(log: TrainingLog, server_url: str) -> None:
    run_a_block(log)
    with psycopg.connect(server_url) as connection:
        types: dict[str, str] = dict(connection.execute(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public' AND data_type LIKE 'timestamp%'"
        ).fetchall())
        stored = connection.execute(
            "SELECT cuff_on_at AT TIME ZONE 'UTC' FROM block"
        ).fetchone()
        set_times = connection.execute(
            "SELECT started_at AT TIME ZONE 'UTC', ended_at AT TIME ZONE 'UTC' FROM set_entry"
            " WHERE set_number = 1"
        ).fetchone()
    assert set(types.values()) == {"timestamp with time zone"}
    assert {"block.cuff_on_at", "set_entry.started_at", "symptom_flag.raised_at"} <= set(types)
    # 18:30 in Chicago is 00:30 UTC the next day: the instant, not the wall clock, is kept.
    assert stored is not None and str(stored[0]) == "2026-03-03 00:30:00"
    assert set_times is not None
    assert [str(moment) for moment in set_times] == ["2026-03-03 00:31:00", "2026-03-03 00:31:40"]


def test_an_older_schema_is_refused_with_the_command_that_upgrades_it(
    server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    at_revision(server_url, "0003")

    with pytest.raises(StoreError) as refused:
        open_log(server_url).upgrade()
    assert f"bfr-tui db upgrade --db {shown(server_url)}" in str(refused.value)
    assert "password" not in str(refused.value)
    # The app says it in one line and exits 2, changing nothing.
    assert main(["--db", server_url]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "db upgrade" in error
    assert open_log(server_url).version().revision == "0003"

    assert main(["db", "upgrade", "--db", server_url]) == 0
    assert f"from schema 3 to schema {SCHEMA_VERSION}" in capsys.readouterr().out
    assert open_log(server_url).version().schema == SCHEMA_VERSION


def test_a_newer_schema_is_left_as_it_was(server_url: str) -> None:
    at_revision(server_url, "0099")

    with pytest.raises(StoreError, match="newer than this bfr-tui"):
        open_log(server_url).upgrade(asked=True)
    assert open_log(server_url).version().revision == "0099"


def test_a_database_of_something_else_is_refused(server_url: str) -> None:
    with psycopg.connect(server_url) as connection:
        connection.execute("CREATE TABLE invoices (id serial PRIMARY KEY)")

    with pytest.raises(StoreError, match="not a bfr-tui log"):
        open_log(server_url).upgrade()


def refused_url(server: ThrowawayPostgres, change: str) -> str:
    """A URL the server refuses, or that nothing answers, for the reason ``change``."""
    if change == "wrong password":
        return server.url("postgres", password="not-the-password")
    if change == "missing database":
        return server.url("nowhere")
    if change == "unknown user":
        return f"postgresql://nobody:x@{server.host}:{server.port}/postgres"
    return f"postgresql://bfr_test:x@127.0.0.1:{free_port()}/bfr"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("wrong password", "refused user bfr_test: wrong or missing password"),
        ("missing database", "there is no database 'nowhere'"),
        ("nobody listening", "cannot reach the PostgreSQL server at 127.0.0.1:"),
    ],
)
def test_a_server_that_refuses_or_cannot_be_reached_is_one_line_and_exit_2(
    postgres_server: ThrowawayPostgres, capsys: pytest.CaptureFixture[str],
    change: str, said: str,
) -> None:
    url = refused_url(postgres_server, change)

    assert main(["--db", url]) == 2

    error = capsys.readouterr().err
    assert error.startswith("bfr-tui: error: ") and error.count("\n") == 1
    assert said in error
    assert "not-the-password" not in error


@pytest.mark.parametrize(
    "change", ["wrong password", "missing database", "unknown user", "nobody listening"]
)
def test_a_refusal_is_told_in_the_same_words_through_libpq_and_psycopg(
    postgres_server: ThrowawayPostgres, change: str
) -> None:
    through_libpq = libpq.client_library()
    if through_libpq is None:
        pytest.skip("no libpq loads here: the first reads go through psycopg")
    url = refused_url(postgres_server, change)
    said = []
    for through in (through_libpq, None):
        with pytest.raises(StoreError) as refused:
            open_reader(url, shown(url), through=through)
        said.append(str(refused.value))

    assert said[0] == said[1]
    assert said[0].count("\n") == 0 and "not-the-password" not in said[0]


def test_a_server_stopped_mid_block_gets_every_set_in_order_once_it_is_back(
    postgres_server: ThrowawayPostgres, log: TrainingLog
) -> None:
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    postgres_server.stop("immediate")
    writer.log_set(a_set(2, 15), what="set 2", saved=heard.saved("set 2"))
    writer.log_set(a_set(3, 14), what="set 3", saved=heard.saved("set 3"))
    heard.wait_for("not saved yet: set 2")
    postgres_server.start()
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=5), reason="completed",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("saved: the cuff-off")

    assert heard.failures == []
    assert [line for line in heard.said if line.startswith("saved:")] == [
        "saved: the block start", "saved: set 1", "saved: set 2", "saved: set 3",
        "saved: the cuff-off",
    ]
    record = log.block_record(heard.started[0].block_id)
    assert [(s.set_number, s.reps) for s in record.sets] == [(1, 30), (2, 15), (3, 14)]
    assert record.block.cuff_off_at is not None


def test_a_connection_the_server_dropped_between_sets_costs_the_lifter_nothing(
    postgres_server: ThrowawayPostgres, log: TrainingLog, server_url: str
) -> None:
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    # In the rest, the server ends every connection of the log (an administrator, a
    # failover, an idle timeout): the next set goes through on a new one, unannounced.
    ended = postgres_server.superuser_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        [database_of(server_url)],
    )
    assert ended
    writer.log_set(a_set(2, 15), what="set 2", saved=heard.saved("set 2"))
    heard.wait_for("saved: set 2")

    assert [line for line in heard.said if not line.startswith("saved:")] == []
    record = log.block_record(heard.started[0].block_id)
    assert [(s.set_number, s.reps) for s in record.sets] == [(1, 30), (2, 15)]


def test_a_set_sent_again_after_its_commit_went_unanswered_is_stored_once(
    log: TrainingLog,
) -> None:
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    # What the writer sends when a commit's reply was lost: the same set once more.
    writer.log_set(a_set(1, 30), what="set 1 again", saved=heard.saved("set 1 again"))
    writer.log_set(a_set(2, 15), what="set 2", saved=heard.saved("set 2"))
    heard.wait_for("saved: set 2")

    assert heard.failures == []
    record = log.block_record(heard.started[0].block_id)
    assert [(s.set_number, s.reps) for s in record.sets] == [(1, 30), (2, 15)]


_CLIENT = textwrap.dedent("""
    import sys, time
    from datetime import datetime, timedelta
    from bfr_tui.store import open_log
    from bfr_tui.training_log import LoggedSet
    from tests.plans import plan_for

    log = open_log(sys.argv[1])
    log.choose_lifter(None)
    assert log.claim_block()
    curl = log.find_exercise("Dumbbell curl")
    done = []

    class Reports:
        def not_saved_yet(self, *args): pass
        def saved_after_retry(self, *args): pass
        def failed(self, failure): print("failed", failure, flush=True)

    writer = log.block_writer(reports=Reports(), deliver=lambda report: report())
    on = datetime.now().astimezone() - timedelta(minutes=3)
    writer.start_block(plan=plan_for(curl), cuff_on_at=on, what="start",
                       saved=lambda started: None)
    writer.log_set(LoggedSet(1, 30, 30, 10.0, on, on + timedelta(seconds=45), None),
                   what="set 1", saved=lambda logged: done.append(1))
    while not done:
        time.sleep(0.05)
    print("under the cuff", flush=True)
    time.sleep(60)
""")


# A killed client's server session ends once its backend notices the closed socket.
LOCK_FREED_WITHIN_S = 10.0


def test_a_client_killed_mid_block_frees_the_lock_and_leaves_the_block_to_resume(
    log: TrainingLog, server_url: str
) -> None:
    client = subprocess.Popen(
        [sys.executable, "-c", _CLIENT, server_url], stdout=subprocess.PIPE, text=True,
        cwd=os.getcwd(),
    )
    try:
        assert client.stdout is not None
        assert client.stdout.readline().strip() == "under the cuff"
        assert log.block_running_elsewhere()
        assert not log.claim_block()
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=30)

    # The server drops a dead client's session, and its lock with it: as soon as its
    # backend reads the closed connection, a moment after the kill.
    freed_by = time.monotonic() + LOCK_FREED_WITHIN_S
    while log.block_running_elsewhere():
        assert time.monotonic() < freed_by, "the dead client's lock was never freed"
        time.sleep(0.05)
    left = log.interrupted_block()
    assert left is not None and [s.reps for s in left.sets] == [30]
    assert log.claim_block()


def test_a_backup_taken_while_another_client_writes_is_one_instant_of_the_log(
    log: TrainingLog, server_url: str, tmp_path: Path
) -> None:
    log.fill_demo(weeks=6, end=CUFF_ON)
    before = exported(log)
    target = tmp_path / "copy.db"
    deleted: list[int] = []

    def another_client_deletes_every_set(what: str, done: int, total: int) -> None:
        # Mid-copy, after the first rows are read and before the sets are: a copy read
        # table by table without one snapshot would lose every set.
        if done and not deleted:
            with psycopg.connect(server_url) as writer:
                writer.execute("DELETE FROM symptom_flag")
                deleted.append(writer.execute("DELETE FROM set_entry").rowcount)

    log.back_up(target, progress=another_client_deletes_every_set)

    assert deleted and deleted[0] > 0
    assert all(row.reps == () for row in log.history_rows())
    copy = open_log(f"sqlite:///{target}")
    try:
        copy.choose_lifter(None)
        assert exported(copy) == before
    finally:
        copy.close()


def test_writes_the_server_never_got_are_kept_on_this_machine_and_saved_at_the_next_start(
    postgres_server: ThrowawayPostgres, log: TrainingLog, server_url: str,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    writer, heard = curl_block_started(log)
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("saved: set 1")

    postgres_server.stop("immediate")
    writer.raise_flag(RaisedFlag(SymptomKind.NUMBNESS, CUFF_ON + timedelta(minutes=2)),
                      set_number=None, in_set=True, what="the numbness flag")
    writer.log_set(a_set(2, 15), what="set 2", saved=heard.saved("set 2"))
    writer.close(cuff_off_at=CUFF_ON + timedelta(minutes=4), reason="left",
                 what="the cuff-off", saved=heard.saved("the cuff-off"))
    heard.wait_for("not saved yet: the numbness flag")
    # The lifter quits while the server is away.
    kept = writer.keep_unsaved()
    log.close()

    assert kept == ["the numbness flag", "set 2", "the cuff-off"]
    (spooled,) = (tmp_path / "data" / "bfr-tui" / "unsaved").iterdir()
    assert spooled.stat().st_mode & 0o777 == 0o600
    assert "secret" not in spooled.read_text() and "bfr-test-password" not in spooled.read_text()

    postgres_server.start()
    next_start = open_log(server_url)
    try:
        next_start.choose_lifter(None)
        outcome = next_start.save_kept_writes()
        assert outcome is not None
        assert outcome.saved == ("the numbness flag", "set 2", "the cuff-off")
        assert outcome.still_kept == () and outcome.refused == ()
        assert not spooled.exists()
        assert next_start.save_kept_writes() is None
        assert next_start.interrupted_block() is None
        record = next_start.block_record(heard.started[0].block_id)
        assert [(s.set_number, s.reps) for s in record.sets] == [(1, 30), (2, 15)]
        # The flag raised during set 2 is tied to set 2, as the live writer ties it.
        assert [(f.kind, f.set_number) for f in record.flags] == [(SymptomKind.NUMBNESS, 2)]
        assert record.block.end_reason == "left"
    finally:
        next_start.close()


def test_kept_writes_wait_for_a_server_still_away_and_are_kept_again(
    postgres_server: ThrowawayPostgres, log: TrainingLog, server_url: str,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    writer, heard = curl_block_started(log)
    heard.wait_for("saved: the block start")
    postgres_server.stop("immediate")
    writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
    heard.wait_for("not saved yet: set 1")
    assert writer.keep_unsaved() == ["set 1"]
    lifter = log.lifter
    assert lifter is not None
    log.close()

    still_away = open_log(server_url)
    # Whose writes they are cannot be read from a server that is away: the lifter the
    # kept writes were made for, as a window already pointed at them has it.
    still_away.use_lifter(lifter)
    outcome = still_away.save_kept_writes()
    assert outcome is not None and outcome.saved == () and outcome.still_kept == ("set 1",)
    still_away.close()

    postgres_server.start()
    back = open_log(server_url)
    try:
        back.choose_lifter(None)
        outcome = back.save_kept_writes()
        assert outcome is not None and outcome.saved == ("set 1",)
        left = back.interrupted_block()
        assert left is not None and [s.reps for s in left.sets] == [30]
    finally:
        back.close()
