"""Opening the training log: file checks, pragmas, where the file lives."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bfr_tui.store import open_log, queries
from bfr_tui.store.engine import StoreError, open_database, session_scope
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION
from bfr_tui.store.models import SetEntry
from bfr_tui.store.paths import DB_ENV_VAR, default_db_path, resolve_db_path, sqlite_url
from tests.local_time import local

NOW = local(2026, 3, 2, 18, 30)


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


def test_new_file_is_created_at_the_current_schema(db_path: Path) -> None:
    engine = open_database(db_path)
    engine.dispose()

    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]


def test_wal_journal_and_full_sync_are_on(engine: Engine) -> None:
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "synchronous") == 2  # FULL
    assert _pragma(engine, "busy_timeout") == 5000


def test_foreign_keys_refuse_a_set_for_a_missing_block(engine: Engine, lifter: int) -> None:
    assert _pragma(engine, "foreign_keys") == 1
    orphan = SetEntry(
        lifter_id=lifter, block_id=999, set_number=1, target_reps=30, reps=30, load=10.0,
        started_at=NOW, ended_at=NOW,
    )

    with pytest.raises(IntegrityError, match="FOREIGN KEY"), session_scope(engine) as session:
        session.add(orphan)

    with session_scope(engine) as session:
        assert queries.block_sets(session=session, block_id=999) == []


def test_a_failed_unit_of_work_leaves_nothing_behind(engine: Engine, lifter: int) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        queries.set_theme(session=session, lifter_id=lifter, theme="nord")
        raise RuntimeError("the worker crashed")

    with session_scope(engine) as session:
        assert queries.get_lifter(session=session, lifter_id=lifter).theme == "textual-dark"


def test_work_is_committed_and_seen_by_a_new_engine(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    with session_scope(engine) as session:
        queries.set_theme(session=session, lifter_id=lifter, theme="nord")

    other = open_database(db_path)
    with Session(other) as session:
        assert queries.get_lifter(session=session, lifter_id=lifter).theme == "nord"
    other.dispose()


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("squat 5x5 on monday\n")
    before = notes.read_bytes()

    with pytest.raises(StoreError, match="not a bfr-tui database"):
        open_database(notes)

    assert notes.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "log.db"

    with pytest.raises(StoreError, match="does not exist"):
        open_database(path)

    assert not path.parent.exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_database(tmp_path)


def test_open_by_url_reaches_the_same_file(db_path: Path) -> None:
    log = open_log(sqlite_url(db_path))
    log.upgrade()
    chosen = log.choose_lifter(None)
    assert chosen is not None
    log.save_theme("gruvbox")
    log.close()

    again = open_database(db_path)
    with Session(again) as session:
        assert queries.get_lifter(session=session, lifter_id=chosen.id).theme == "gruvbox"
    again.dispose()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG layout is the Linux convention")
def test_default_path_follows_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    assert default_db_path() == tmp_path / "data" / "bfr-tui" / "bfr.db"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG layout is the Linux convention")
def test_default_path_is_under_home_without_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert default_db_path() == tmp_path / ".local" / "share" / "bfr-tui" / "bfr.db"


def test_db_flag_wins_over_the_environment(tmp_path: Path) -> None:
    environ = {DB_ENV_VAR: str(tmp_path / "from-env.db")}

    assert resolve_db_path(tmp_path / "from-flag.db", environ) == tmp_path / "from-flag.db"


def test_environment_wins_over_the_default(tmp_path: Path) -> None:
    environ = {DB_ENV_VAR: str(tmp_path / "from-env.db")}

    assert resolve_db_path(None, environ) == tmp_path / "from-env.db"


def test_default_is_used_when_nothing_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))

    assert resolve_db_path(None, {}) == default_db_path()
    assert resolve_db_path(None, {DB_ENV_VAR: ""}) == default_db_path()


def test_a_tilde_in_the_path_means_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))

    assert resolve_db_path("~/log.db", {}) == tmp_path / "log.db"
    assert resolve_db_path(None, {DB_ENV_VAR: "~/env.db"}) == tmp_path / "env.db"


def test_the_app_engine_leaves_checkpoints_to_quiet_moments(db_path: Path) -> None:
    from sqlalchemy import text as sql

    from bfr_tui.store.engine import checkpoint, make_engine, prepare_database
    from bfr_tui.store.paths import sqlite_url

    prepare_database(db_path)
    engine = make_engine(sqlite_url(db_path), checkpoint_on_commit=False)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
            connection.execute(sql("CREATE TABLE scratch (x)"))
            for number in range(3000):
                connection.execute(sql("INSERT INTO scratch VALUES (:n)"), {"n": "x" * number})
            connection.commit()
        wal = db_path.with_name(db_path.name + "-wal")
        # Past SQLite's automatic threshold (1000 pages) and still all in the journal.
        assert wal.stat().st_size > 1000 * 4096
        assert db_path.stat().st_size < 100 * 4096

        checkpoint(engine)

        assert db_path.stat().st_size > 1000 * 4096
    finally:
        engine.dispose()
