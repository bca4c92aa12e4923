"""Upgrading old training logs, and refusing logs this version cannot read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import Session, SQLModel

# queries imports every model, so SQLModel.metadata knows all the tables.
from bfr_tui.store import migrations, queries
from bfr_tui.store.engine import StoreError, open_database
from bfr_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, migrate

NOW = datetime(2026, 3, 2, 18, 30)


@contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection in autocommit mode, as the migrations expect."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        yield connection


def make_v1_log(path: Path) -> None:
    """A log as bfr-tui's first schema wrote it: one exercise, one block of two sets."""
    with raw(path) as connection:
        assert migrate(connection, target=1) == [1]
        connection.execute(
            "INSERT INTO exercise (id, name, limb, muscle_group, compound, suitability_note,"
            " load_step, unit, archived, created_at)"
            " VALUES (1, 'Hammer curl', 'arm', 'biceps', 0, 'arms suit BFR', 1.25, 'kg', 0,"
            " '2025-11-03 18:00:00.000000')"
        )
        connection.execute(
            "INSERT INTO training_session (id, started_at, ended_at, notes)"
            " VALUES (1, '2025-11-03 18:00:00.000000', '2025-11-03 18:20:00.000000', '')"
        )
        connection.execute(
            "INSERT INTO block (id, session_id, exercise_id, side, protocol_name, protocol_reps,"
            " rest_target_s, load, unit, one_rm, tightness, pulse_felt, skin_normal,"
            " cuff_on_at, cuff_off_at, end_reason, notes)"
            " VALUES (1, 1, 1, 'both', 'Classic', '30-15-15-15', 30, 8.75, 'kg', 35.0, 7, 1, 1,"
            " '2025-11-03 18:02:00.000000', '2025-11-03 18:07:30.000000', 'completed', '')"
        )
        for number, reps in ((1, 30), (2, 15)):
            connection.execute(
                "INSERT INTO set_entry (block_id, set_number, target_reps, reps, load,"
                " started_at, ended_at, rest_before_s)"
                " VALUES (1, ?, ?, ?, 8.75, '2025-11-03 18:03:00.000000',"
                " '2025-11-03 18:04:00.000000', NULL)",
                (number, reps, reps),
            )


def user_version(path: Path) -> int:
    with raw(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


def test_a_version_1_log_is_upgraded_and_keeps_its_training(db_path: Path) -> None:
    make_v1_log(db_path)

    engine = open_database(db_path)
    with Session(engine) as session:
        exercise = queries.get_exercise(session=session, exercise_id=1)
        rows = queries.history_rows(session=session)
    engine.dispose()

    assert user_version(db_path) == SCHEMA_VERSION
    assert (exercise.name, exercise.needs_review) == ("Hammer curl", False)
    assert [(r.exercise_name, r.load, r.reps, r.occlusion_s) for r in rows] == [
        ("Hammer curl", 8.75, (30, 15), 330.0)
    ]


def test_upgraded_log_refuses_a_set_number_twice(db_path: Path) -> None:
    make_v1_log(db_path)
    open_database(db_path).dispose()

    with raw(db_path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "INSERT INTO set_entry (block_id, set_number, target_reps, reps, load,"
            " started_at, ended_at) VALUES (1, 2, 15, 15, 8.75, '2025-11-03 18:05:00',"
            " '2025-11-03 18:06:00')"
        )


def _schema_on_disk(connection: sqlite3.Connection, table: str) -> dict[str, object]:
    columns = {
        row[1]: (row[2], bool(row[3]) or bool(row[5]), bool(row[5]))
        for row in connection.execute(f"PRAGMA table_info({table})")
    }
    indexes = {
        row[1]: bool(row[2])
        for row in connection.execute(f"PRAGMA index_list({table})")
        if not row[1].startswith("sqlite_autoindex")
    }
    keys = {
        (row[3], row[2], row[4])
        for row in connection.execute(f"PRAGMA foreign_key_list({table})")
    }
    return {"columns": columns, "indexes": indexes, "foreign keys": keys}


def _schema_in_models(table: str) -> dict[str, object]:
    model = SQLModel.metadata.tables[table]
    dialect = sqlite_dialect.dialect()
    columns = {
        c.name: (c.type.compile(dialect=dialect), not c.nullable, bool(c.primary_key))
        for c in model.columns
    }
    indexes = {index.name: bool(index.unique) for index in model.indexes}
    keys = {(k.parent.name, k.column.table.name, k.column.name) for k in model.foreign_keys}
    return {"columns": columns, "indexes": indexes, "foreign keys": keys}


@pytest.mark.parametrize("start", ["new", "version 1"])
def test_migrated_schema_matches_the_models(db_path: Path, start: str) -> None:
    if start == "version 1":
        make_v1_log(db_path)
    open_database(db_path).dispose()

    with raw(db_path) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert tables == set(SQLModel.metadata.tables)
        for table in sorted(tables):
            assert _schema_on_disk(connection, table) == _schema_in_models(table), table


def test_a_log_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    with raw(db_path) as connection:
        connection.execute("CREATE TABLE future (x)")
        connection.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="newer"):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_failing_migration_leaves_the_log_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_v1_log(db_path)
    broken = Migration(
        2,
        "adds a column, then fails",
        (MIGRATIONS[1].statements[0], "CREATE INDEX broken ON no_such_table (x)"),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (MIGRATIONS[0], broken))
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match=r"could not be upgraded.*left as it was"):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert user_version(db_path) == 1
    with raw(db_path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(exercise)")}
        assert "needs_review" not in columns
        assert connection.execute("SELECT count(*) FROM set_entry").fetchone()[0] == 2


def test_migrating_an_up_to_date_log_does_nothing(db_path: Path) -> None:
    open_database(db_path).dispose()

    with raw(db_path) as connection:
        assert migrate(connection) == []
        assert int(connection.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION


def test_each_migration_steps_the_version_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
