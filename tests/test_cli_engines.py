"""The command line on both engines: every command takes a file or a server's URL in
--db (and BFR_TUI_DB), and `copy` moves a whole log between the two."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bfr_tui.cli import main
from bfr_tui.store import open_log
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION
from bfr_tui.store.paths import sqlite_url
from bfr_tui.training_log import ProfileFacts
from tests.postgres_server import ThrowawayPostgres


def export_of(url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["export", "--db", url]) == 0
    return capsys.readouterr().out


def shown(url: str) -> str:
    return open_log(url).location


def profile_of(url: str) -> ProfileFacts:
    """The settings and screening of the log's only lifter, as the app opens on them."""
    log = open_log(url)
    try:
        log.choose_lifter(None, required=True)
        return log.profile()
    finally:
        log.close()


def test_demo_export_import_and_db_current_take_either_engine(
    log_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", log_url, "--weeks", "3"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Demo history written to {shown(log_url)}: ")
    assert "secret" not in said and "password" not in said

    text = export_of(log_url, capsys)
    assert text.startswith("session_started,exercise,")
    csv = tmp_path / "log.csv"
    csv.write_text(text, encoding="utf-8", newline="")
    assert main(["import", str(csv), "--db", log_url]) == 0
    assert "Nothing new" in capsys.readouterr().out

    assert main(["db", "current", "--db", log_url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{shown(log_url)}: revision {HEAD_REVISION}", f"schema {SCHEMA_VERSION} (up to date)",
    ]


def test_the_log_can_be_named_by_the_environment(
    log_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BFR_TUI_DB", log_url)

    assert main(["demo", "--weeks", "2"]) == 0
    assert capsys.readouterr().out.startswith(f"Demo history written to {shown(log_url)}")


def test_a_backup_of_either_engine_is_a_sqlite_file_that_opens_anywhere(
    log_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", log_url, "--weeks", "3"]) == 0
    capsys.readouterr()
    target = tmp_path / "copy.db"

    assert main(["backup", "--db", log_url, str(target)]) == 0

    assert capsys.readouterr().out.startswith(f"Backed up {shown(log_url)} (")
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert export_of(str(target), capsys) == export_of(log_url, capsys)


def test_a_laptop_log_goes_up_to_a_server_and_back_the_same(
    postgres_server: ThrowawayPostgres, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.db"
    assert main(["demo", "--db", str(laptop), "--weeks", "6"]) == 0
    server = postgres_server.create_database()
    back = tmp_path / "back.db"
    capsys.readouterr()

    assert main(["copy", str(laptop), server]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Copied {laptop} to {shown(server)}: 17 exercises, ")
    assert main(["copy", server, str(back)]) == 0
    capsys.readouterr()

    original = export_of(str(laptop), capsys)
    assert export_of(server, capsys) == original
    assert export_of(str(back), capsys) == original
    assert back.stat().st_mode & 0o777 == 0o600
    # The profile and screening travel too: the app opens on the server where it left off.
    assert profile_of(server) == profile_of(sqlite_url(laptop))



def test_a_copy_into_a_log_with_training_needs_merge_and_merging_twice_adds_nothing(
    postgres_server: ThrowawayPostgres, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = tmp_path / "laptop.db"
    assert main(["demo", "--db", str(laptop), "--weeks", "3"]) == 0
    server = postgres_server.create_database()
    assert main(["demo", "--db", server, "--weeks", "2", "--seed", "11"]) == 0
    capsys.readouterr()
    before = export_of(server, capsys)

    assert main(["copy", str(laptop), server]) == 2
    assert "already has training in it" in capsys.readouterr().err
    assert export_of(server, capsys) == before

    assert main(["copy", str(laptop), server, "--merge"]) == 0
    first = capsys.readouterr().out
    assert first.startswith(f"Merged {laptop} into {shown(server)}.")
    merged = export_of(server, capsys)
    assert len(merged.splitlines()) > len(before.splitlines())
    assert main(["copy", str(laptop), server, "--merge"]) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert export_of(server, capsys) == merged


def test_a_copy_names_what_is_wrong_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["copy", str(tmp_path / "missing.db"), str(tmp_path / "to.db")]) == 2
    assert "there is no training log at" in capsys.readouterr().err
    laptop = tmp_path / "laptop.db"
    assert main(["demo", "--db", str(laptop), "--weeks", "1"]) == 0
    assert main(["copy", str(laptop), str(laptop)]) == 2
    assert "another log" in capsys.readouterr().err
    assert not (tmp_path / "to.db").exists()
