"""The training log as a whole, through ``open_log``: its schema, upgrades, imports, the
starter library and names, on real SQLite files (what every ``bfr-tui`` command uses)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from bfr_tui.domain.units import Unit
from bfr_tui.store import open_log
from bfr_tui.store.migrations import HEAD_REVISION, SCHEMA_VERSION
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.seed import EXERCISE_LIBRARY
from bfr_tui.training_log import StoreError, TrainingLog
from tests.import_samples import training_history, write_strong
from tests.schema_history import read_revision, write_old_log

NOW = datetime(2026, 3, 2, 18, 30)


def log_at(path: Path) -> TrainingLog:
    return open_log(sqlite_url(path))


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".bak")


def test_an_old_log_is_upgraded_after_a_copy_and_says_where(tmp_path: Path) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    old = dump(path)
    log = log_at(path)

    before = log.version()
    kept = log.upgrade()
    after = log.version()

    assert (before.revision, before.schema, before.is_new) == (None, 1, False)
    assert (after.revision, after.schema) == (HEAD_REVISION, SCHEMA_VERSION)
    assert after.describe() == f"schema {SCHEMA_VERSION} (up to date)"
    assert kept is not None and [Path(kept)] == copies(tmp_path)
    assert dump(Path(kept)) == old
    # Up to date now: nothing more to copy.
    assert log.upgrade() is None
    assert copies(tmp_path) == [Path(kept)]


def test_opening_touches_nothing_and_a_new_log_is_made_by_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    log = log_at(path)
    assert not path.exists()
    with pytest.raises(StoreError, match="no training log"):
        log.version()

    assert log.upgrade() is None
    assert read_revision(path) == HEAD_REVISION


def test_a_bad_import_leaves_an_old_log_unupgraded(tmp_path: Path) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    old = dump(path)
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Nothing,We,Know\n1,2,3,4\n", encoding="utf-8")
    heard: list[str] = []

    with pytest.raises(ValueError, match="not a bfr-tui, Strong, Hevy or FitNotes export"):
        log_at(path).import_csv(bad, now=NOW, upgraded=heard.append)

    assert heard == []
    assert copies(tmp_path) == []
    assert dump(path) == old


def test_an_import_upgrades_an_old_log_once_the_file_checks_out(tmp_path: Path) -> None:
    path = write_old_log(tmp_path / "log.db", schema=1)
    source = write_strong(tmp_path / "strong.csv", training_history(unit=Unit.KG))
    heard: list[str] = []
    log = log_at(path)
    try:
        dry = log.import_csv(source, unit=Unit.KG, dry_run=True, now=NOW, upgraded=heard.append)
        assert heard == [] and copies(tmp_path) == []
        report = log.import_csv(source, unit=Unit.KG, now=NOW, upgraded=heard.append)
    finally:
        log.close()

    assert heard == [str(copy) for copy in copies(tmp_path)] and len(heard) == 1
    assert read_revision(path) == HEAD_REVISION
    assert report.lines()[0] == dry.lines()[0]
    assert report.lines()[0].startswith("strong.csv: Strong export")


def test_the_library_goes_only_into_a_log_without_exercises(tmp_path: Path) -> None:
    log = log_at(tmp_path / "log.db")
    log.upgrade()
    try:
        assert log.seed_library_if_empty(now=NOW) == len(EXERCISE_LIBRARY)
        assert log.seed_library_if_empty(now=NOW) == 0
        assert len(log.exercises(include_archived=True)) == len(EXERCISE_LIBRARY)
    finally:
        log.close()


def test_an_exercise_is_found_by_name_in_any_case(tmp_path: Path) -> None:
    log = log_at(tmp_path / "log.db")
    log.upgrade()
    try:
        log.seed_library_if_empty(now=NOW)
        name = EXERCISE_LIBRARY[0].name
        found = log.find_exercise(f"  {name.upper()} ")
        assert found is not None and found.name == name
        assert log.find_exercise("Underwater basket weaving") is None
    finally:
        log.close()
