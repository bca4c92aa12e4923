"""Broken, foreign, read-only and private files: clear refusals, nothing changed."""

from __future__ import annotations

import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store.database_file import (
    StoreError,
    back_up,
    backup_copy_path,
    copy_database,
    prepare_database,
)
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION
from tests.local_time import local
from tests.recorded_progress import Recorded
from tests.schema_history import add_revision, read_revision, write_old_log

NOW = local(2026, 3, 2, 18, 30)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def demo_log(path: Path, sets: int = 400) -> Path:
    engine = open_database(path)
    try:
        fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=4, seed=1, end=NOW,
                  sets_target=sets)
    finally:
        engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    return demo_log(tmp_path / "log.db")


def test_a_new_log_and_its_journals_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    engine = open_database(path)
    with session_scope(engine) as session:
        session.exec(text("CREATE TABLE scratch (x)"))  # type: ignore[call-overload]
        wal = path.with_name("log.db-wal")
        shm = path.with_name("log.db-shm")
        assert wal.exists() and shm.exists()
    engine.dispose()

    assert mode_of(path) == 0o600
    for journal in (wal, shm):
        if journal.exists():
            assert mode_of(journal) == 0o600, journal.name


def test_an_existing_log_open_to_others_is_made_private(demo_db: Path) -> None:
    demo_db.chmod(0o644)

    prepare_database(demo_db)

    assert mode_of(demo_db) == 0o600


def test_a_truncated_log_is_refused_and_left_byte_for_byte(demo_db: Path) -> None:
    whole = demo_db.read_bytes()
    demo_db.write_bytes(whole[: len(whole) // 2])
    before = demo_db.read_bytes()

    with pytest.raises(StoreError, match=r"log\.db is damaged.*Restore it from a backup"):
        prepare_database(demo_db)

    assert demo_db.read_bytes() == before
    assert folder_listing(demo_db.parent) == ["log.db"]


def test_a_corrupted_log_is_refused_and_left_byte_for_byte(demo_db: Path) -> None:
    data = bytearray(demo_db.read_bytes())
    page = 4096
    # Scribble over the b-tree pages after the schema, as a failing disk would.
    for start in range(2 * page, len(data) - page, 3 * page):
        data[start : start + 64] = b"\xde\xad\xbe\xef" * 16
    demo_db.write_bytes(bytes(data))
    before = demo_db.read_bytes()

    with pytest.raises(StoreError, match="damaged"):
        prepare_database(demo_db)

    assert demo_db.read_bytes() == before


def test_a_foreign_sqlite_file_with_other_tables_is_not_mistaken_for_a_log(
    tmp_path: Path,
) -> None:
    path = tmp_path / "photos.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, blob BLOB)")
        connection.execute("PRAGMA user_version = 7")
        connection.commit()
    before = path.read_bytes()

    with pytest.raises(StoreError, match="newer than this bfr-tui"):
        prepare_database(path)

    assert path.read_bytes() == before


def test_a_read_only_log_is_refused_untouched(demo_db: Path) -> None:
    demo_db.chmod(0o400)
    before = demo_db.read_bytes()

    with pytest.raises(StoreError, match=r"log\.db is read-only.*chmod u\+w"):
        prepare_database(demo_db)

    assert demo_db.read_bytes() == before
    assert mode_of(demo_db) == 0o400


def test_a_read_only_folder_is_refused_untouched(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    folder = demo_db.parent
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match=r"folder .* is read-only"):
            prepare_database(demo_db)
        with pytest.raises(StoreError, match="read-only"):
            prepare_database(folder / "new.db")
    finally:
        folder.chmod(0o700)

    assert demo_db.read_bytes() == before
    assert folder_listing(folder) == ["log.db"]


def test_an_upgrade_first_writes_a_private_copy_of_the_old_log_beside_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.db"
    write_old_log(path, schema=1)
    with closing(sqlite3.connect(path)) as connection:
        old = list(connection.iterdump())

    backup = prepare_database(path, now=NOW)

    assert backup == backup_copy_path(path, version=1, now=NOW)
    assert backup is not None and backup.name == "log.db.v1-20260302-183000.bak"
    assert mode_of(backup) == 0o600
    with closing(sqlite3.connect(backup)) as copy:
        assert list(copy.iterdump()) == old
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert read_revision(backup) is None
    assert read_revision(path) == HEAD_REVISION
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("SELECT name FROM exercise").fetchall() == [("Hammer curl",)]


def test_an_up_to_date_log_gets_no_copy(demo_db: Path) -> None:
    assert prepare_database(demo_db) is None
    assert not [p for p in demo_db.parent.iterdir() if p.suffix == ".bak"]


def test_a_failed_upgrade_leaves_the_log_and_no_copy(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "log.db"
    write_old_log(path, schema=1)
    before = path.read_bytes()
    add_revision(
        monkeypatch, tmp_path_factory.mktemp("later"), message="fails half-way",
        body='    op.add_column("exercise", sa.Column("rpe", sa.Float()))\n'
        '    op.execute("SELECT * FROM nowhere")',
    )

    with pytest.raises(StoreError, match="could not be upgraded"):
        prepare_database(path)

    assert path.read_bytes() == before
    assert folder_listing(tmp_path) == ["log.db"]


def test_a_copy_of_a_log_in_use_is_consistent_and_private(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    engine = open_database(demo_db)
    try:
        with session_scope(engine) as session:
            session.exec(text("UPDATE lifter SET theme = 'nord'"))  # type: ignore[call-overload]
            copy_database(demo_db, target)
    finally:
        engine.dispose()

    assert mode_of(target) == 0o600
    with closing(sqlite3.connect(target)) as copy, closing(sqlite3.connect(demo_db)) as live:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = "SELECT count(*) FROM set_entry"
        assert copy.execute(count).fetchone() == live.execute(count).fetchone()


# --- a full disk: the kernel refuses writes past a size limit set on the process ---


FULL_DISK_SCRIPT = """
import sys
from pathlib import Path
from bfr_tui.store.database_file import StoreError, prepare_database
try:
    prepare_database(Path(sys.argv[1]))
except StoreError as error:
    print(error)
    sys.exit(2)
"""


def run_with_file_size_limit(limit_bytes: int, *args: str) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
        # Without this the kernel kills the process instead of failing the write.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, preexec_fn=limit,
        timeout=60, check=False,
    )


def test_a_full_disk_on_a_new_log_is_a_clear_message_and_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "log.db"

    result = run_with_file_size_limit(8192, "-c", FULL_DISK_SCRIPT, str(path))

    assert result.returncode == 2, result.stderr
    assert "disk is full or failing" in result.stdout
    assert str(path) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert folder_listing(tmp_path) == []


def test_a_full_disk_during_an_upgrade_leaves_the_old_log_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    write_old_log(path, schema=1)
    before = path.read_bytes()
    # Room for the log itself but not for the copy made before the upgrade.
    limit = len(before) - 1024

    result = run_with_file_size_limit(limit, "-c", FULL_DISK_SCRIPT, str(path))

    assert result.returncode == 2, result.stderr
    assert "disk is full or failing" in result.stdout
    assert path.read_bytes() == before
    assert folder_listing(tmp_path) == ["log.db"]


# --- two windows opening one old log at the same moment ---


UPGRADE_SCRIPT = """
import sys
from pathlib import Path
from bfr_tui.store.database_file import StoreError, prepare_database
print("ready", flush=True)
sys.stdin.readline()
try:
    copy = prepare_database(Path(sys.argv[1]))
except StoreError as error:
    print(error)
    sys.exit(2)
print(copy or "")
"""


def test_two_windows_opening_one_old_log_at_once_both_open_it(tmp_path: Path) -> None:
    for attempt in range(6):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        path = folder / "log.db"
        write_old_log(path, schema=1)
        windows = [
            subprocess.Popen(
                [sys.executable, "-c", UPGRADE_SCRIPT, str(path)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for _ in range(2)
        ]
        # Both have imported everything and wait on one line: release them together.
        for window in windows:
            assert window.stdout is not None and window.stdout.readline() == "ready\n"
        for window in windows:
            assert window.stdin is not None
            window.stdin.write("go\n")
            window.stdin.flush()
        results = [window.communicate(timeout=60) for window in windows]

        for window, (out, err) in zip(windows, results, strict=True):
            assert window.returncode == 0, out + err
        copies = [p for p in folder.iterdir() if p.suffix == ".bak"]
        reported = {out.strip() for out, _ in results} - {""}
        assert len(copies) == 1 and reported == {str(copies[0])}
        with closing(sqlite3.connect(copies[0])) as copy:
            assert copy.execute("PRAGMA user_version").fetchone() == (1,)
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with closing(sqlite3.connect(path)) as log:
            assert log.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
            assert log.execute("SELECT version_num FROM alembic_version").fetchall() == [
                (HEAD_REVISION,)
            ]
            assert log.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert log.execute("SELECT name FROM exercise").fetchall() == [("Hammer curl",)]


def test_a_log_another_window_is_checking_still_opens_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    prepare_database(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    # Another window opening the same old log checks its version under the upgrade's
    # write lock. SQLite will not wait for that lock to change the journal mode (it could
    # deadlock), so it fails at once: this window tries again rather than failing.
    other_window = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_window.execute("BEGIN IMMEDIATE")
    other_window.execute("SELECT count(*) FROM exercise").fetchone()
    checked = threading.Timer(0.3, other_window.rollback)
    checked.start()
    try:
        prepare_database(path)
    finally:
        checked.join()
        other_window.close()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_backup_reports_the_pages_it_copied(tmp_path: Path) -> None:
    source = demo_log(tmp_path / "log.db", sets=6000)
    target = tmp_path / "copy.db"
    progress = Recorded()

    sets = back_up(source, target, progress=progress)

    assert sets >= 6000
    assert progress.steps() == ["Backing up"]
    assert progress.rises_to_its_total("Backing up")
    with closing(sqlite3.connect(source)) as log:
        pages = log.execute("PRAGMA page_count").fetchone()[0]
    assert progress.calls[-1] == ("Backing up", pages, pages)
    # More than one step, so a terminal sees it move.
    assert len(progress.calls) > 1
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
