"""``bfr-tui backup`` and the privacy of what the command line writes."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from bfr_tui.cli import main
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database
from bfr_tui.store.paths import DB_ENV_VAR
from tests.local_time import local

END = local(2026, 3, 2, 18, 30)


@pytest.fixture(autouse=True)
def no_db_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    engine = open_database(path)
    fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=6, seed=7, end=END)
    engine.dispose()
    return path


def sets_in(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM set_entry").fetchone()[0])


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_copies_every_set_into_a_private_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.db"

    assert main(["backup", "--db", str(demo_db), str(target)]) == 0

    assert sets_in(target) == sets_in(demo_db) > 0
    assert mode_of(target) == 0o600
    out = capsys.readouterr().out
    assert f"({sets_in(demo_db):,} sets)" in out and str(target) in out


def test_backup_never_replaces_a_file_without_force(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.db"
    target.write_text("my notes")

    code = main(["backup", "--db", str(demo_db), str(target)])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("bfr-tui: error: ") and "--force" in captured.err
    assert target.read_text() == "my notes"
    assert main(["backup", "--db", str(demo_db), str(target), "--force"]) == 0
    assert sets_in(target) == sets_in(demo_db)


def test_backup_of_a_file_that_is_not_a_log_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("squat 100x5")

    code = main(["backup", "--db", str(notes), str(tmp_path / "copy.db")])

    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "not a SQLite file" in err
    assert not (tmp_path / "copy.db").exists()


def test_backup_into_a_missing_folder_is_one_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["backup", "--db", str(demo_db), str(tmp_path / "nowhere" / "copy.db")])

    assert code == 2
    assert "does not exist" in capsys.readouterr().err


WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=5, isolation_level=None)
block, lifter = connection.execute(
    "SELECT id, lifter_id FROM block ORDER BY id DESC LIMIT 1").fetchone()
number = 1000
print("ready", flush=True)
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load,"
        " started_at, ended_at, rest_before_s) VALUES (?, ?, ?, 15, 15, 10,"
        " '2026-03-02 18:00:00', '2026-03-02 18:01:00', 30)", (lifter, block, number))
    connection.execute("COMMIT")
    number += 1
print(number - 1000, flush=True)
"""


def test_backup_while_another_process_keeps_logging_is_whole(
    demo_db: Path, tmp_path: Path
) -> None:
    before = sets_in(demo_db)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo_db), "3"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    target = tmp_path / "copy.db"

    code = main(["backup", "--db", str(demo_db), str(target)])

    written = int(writer.communicate(timeout=30)[0].strip())
    assert code == 0 and written > 0
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # A consistent snapshot: everything from before, part of what came during.
    assert before < sets_in(target) <= before + written
    assert sets_in(demo_db) == before + written


def test_an_existing_default_folder_open_to_others_is_made_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "xdg-data" / "bfr-tui"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)

    assert main(["demo", "--weeks", "1"]) == 0

    assert mode_of(folder) == 0o700
    assert mode_of(folder / "bfr.db") == 0o600


def test_exports_and_logs_are_private_even_with_an_open_umask(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"
    copy = tmp_path / "copy.db"
    for argv in (["export", "--db", str(demo_db), "--out", str(out)],
                 ["backup", "--db", str(demo_db), str(copy)],
                 ["demo", "--db", str(tmp_path / "new.db"), "--weeks", "1"]):
        done = subprocess.run(
            [sys.executable, "-c", "import os, sys; os.umask(0); from bfr_tui.cli import main;"
             " sys.exit(main(sys.argv[1:]))", *argv],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0, done.stderr

    for path in (out, copy, tmp_path / "new.db"):
        assert mode_of(path) == 0o600, path.name
