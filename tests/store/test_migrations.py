"""Upgrading old training logs with Alembic, and refusing logs this version cannot read."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import Session, SQLModel

# queries imports every model, so SQLModel.metadata knows all the tables.
from bfr_tui.store import migrations, queries
from bfr_tui.store.engine import StoreError, open_database
from bfr_tui.store.lifters import default_lifter_name
from bfr_tui.store.migrations import (
    BASELINE_REVISION,
    HEAD_REVISION,
    SCHEMA_VERSION,
    alembic_config,
    schema_number,
    script_directory,
    upgrade_sqlite_log,
)
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.sqlite_connect import BUSY_TIMEOUT_MS
from bfr_tui.training_log import LifterFacts
from tests.schema_history import (
    OLD_SCHEMAS,
    add_revision,
    read_revision,
    read_user_version,
    write_newer_log,
    write_old_log,
)

STARTS = ["new", *(f"schema {n}" for n in OLD_SCHEMAS)]


@contextmanager
def raw(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection in autocommit mode."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        yield connection


def start_log(path: Path, start: str) -> None:
    """Nothing for a new log, else a log as the bfr-tui of that schema wrote it."""
    if start != "new":
        write_old_log(path, schema=int(start.removeprefix("schema ")))


@pytest.mark.parametrize("schema", OLD_SCHEMAS)
def test_a_log_of_every_earlier_schema_is_upgraded_and_keeps_its_training(
    db_path: Path, schema: int
) -> None:
    write_old_log(db_path, schema)

    engine = open_database(db_path)
    with Session(engine) as session:
        exercise = queries.get_exercise(session=session, exercise_id=1)
        lifters = queries.list_lifters(session=session)
        rows = queries.history_rows(session=session, lifter_id=lifters[0].id)
    engine.dispose()

    assert read_revision(db_path) == HEAD_REVISION
    assert read_user_version(db_path) == SCHEMA_VERSION
    # The training was one lifter's: now the log's first, named after the login.
    assert lifters == [LifterFacts(id=1, name=default_lifter_name())]
    assert (exercise.name, exercise.needs_review) == ("Hammer curl", False)
    assert [(r.exercise_name, r.load, r.reps, r.occlusion_s) for r in rows] == [
        ("Hammer curl", 8.75, (30, 15), 330.0)
    ]


def test_upgraded_log_refuses_a_set_number_twice(db_path: Path) -> None:
    write_old_log(db_path, 1)
    open_database(db_path).dispose()

    with raw(db_path) as connection, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(SECOND_SET_TWO)


# Set 2 once more in the old log's block, otherwise a well-formed row of its lifter's.
SECOND_SET_TWO = (
    "INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load,"
    " started_at, ended_at) VALUES (1, 1, 2, 15, 15, 8.75, '2025-11-03 18:05:00',"
    " '2025-11-03 18:06:00')"
)


def _foreign_keys(connection: sqlite3.Connection, table: str) -> set[tuple[str, str, str]]:
    """A table's foreign keys as (column, referenced table, referenced column)."""
    return {
        (row[3], row[2], row[4])
        for row in connection.execute(f"PRAGMA foreign_key_list({table})")
    }


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
    return {"columns": columns, "indexes": indexes,
            "foreign keys": _foreign_keys(connection, table)}


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


@pytest.mark.parametrize("start", STARTS)
def test_migrated_schema_matches_the_models(db_path: Path, start: str) -> None:
    start_log(db_path, start)
    open_database(db_path).dispose()

    with raw(db_path) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
        for table in sorted(tables - {"alembic_version"}):
            assert _schema_on_disk(connection, table) == _schema_in_models(table), table


@pytest.mark.parametrize("start", STARTS)
def test_autogenerate_finds_nothing_between_the_log_and_the_models(
    db_path: Path, start: str
) -> None:
    start_log(db_path, start)
    open_database(db_path).dispose()

    engine = create_engine(sqlite_url(db_path))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_an_upgraded_old_log_still_refuses_two_exercises_of_one_name_after_a_batch_change(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Schema 1 declared the name unique inside its column, where a batch rebuild
    # would not have seen it.
    write_old_log(db_path, 1)
    add_revision(
        monkeypatch, tmp_path_factory.mktemp("later"), message="a column on exercise",
        body='    with op.batch_alter_table("exercise", recreate="always") as batch:\n'
        '        batch.add_column(sa.Column("equipment", sa.String(), nullable=True))',
    )
    open_database(db_path).dispose()

    with raw(db_path) as connection, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(
            "INSERT INTO exercise (name, limb, muscle_group, compound, suitability_note,"
            " load_step, unit, archived, created_at) VALUES ('Hammer curl', 'arm', '', 0, '',"
            " 1.25, 'kg', 0, '2026-03-02 18:30:00')"
        )


def test_a_column_change_in_batch_mode_keeps_rows_keys_and_indexes(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_old_log(db_path, 3)
    open_database(db_path).dispose()
    with raw(db_path) as connection:
        keys_before = _foreign_keys(connection, "set_entry")
    # SQLite cannot make a column nullable in place: batch mode rebuilds the table.
    revision = add_revision(
        monkeypatch, tmp_path_factory.mktemp("later"), message="heart rate per set",
        body='    with op.batch_alter_table("set_entry") as batch:\n'
        '        batch.add_column(sa.Column("heart_rate", sa.Float(), nullable=True))\n'
        '        batch.alter_column("target_reps", existing_type=sa.Integer(), nullable=True)',
    )

    open_database(db_path).dispose()

    assert read_revision(db_path) == revision
    assert read_user_version(db_path) == int(revision)
    with raw(db_path) as connection:
        columns = {row[1]: row[3] for row in connection.execute("PRAGMA table_info(set_entry)")}
        assert columns["heart_rate"] == 0 and columns["target_reps"] == 0
        assert connection.execute(
            "SELECT set_number, reps FROM set_entry ORDER BY set_number"
        ).fetchall() == [(1, 30), (2, 15)]
        keys = _foreign_keys(connection, "set_entry")
        assert keys == keys_before
        assert {table for _, table, _ in keys} == {"block", "lifter"}
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            connection.execute(SECOND_SET_TWO)


def test_a_log_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    with raw(db_path) as connection:
        connection.execute("CREATE TABLE future (x)")
        connection.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="newer"):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_a_log_at_a_revision_this_version_does_not_know_is_refused_untouched(
    db_path: Path,
) -> None:
    unknown = f"{SCHEMA_VERSION + 1:04d}"
    write_newer_log(db_path, unknown)
    before = db_path.read_bytes()

    with pytest.raises(
        StoreError,
        match=rf"revision {unknown} is newer than this bfr-tui understands \({SCHEMA_VERSION}\)",
    ):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


FAILS_HALF_WAY = (
    '    with op.batch_alter_table("exercise") as batch:\n'
    '        batch.add_column(sa.Column("equipment", sa.String(), nullable=True))\n'
    '    op.execute("CREATE INDEX broken ON no_such_table (x)")'
)


def test_a_failing_revision_leaves_an_old_log_as_it_was(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old steps, the rebuilt exercise table, the stamp and the revision that
    # fails are one transaction: none of it stays.
    write_old_log(db_path, 1)
    add_revision(
        monkeypatch, tmp_path_factory.mktemp("later"), message="fails", body=FAILS_HALF_WAY
    )
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match=r"could not be upgraded.*left as it was"):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert read_user_version(db_path) == 1
    assert read_revision(db_path) is None
    with raw(db_path) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(exercise)")}
        assert "needs_review" not in columns and "equipment" not in columns
        assert connection.execute("SELECT count(*) FROM set_entry").fetchone()[0] == 2


def test_a_failing_revision_leaves_a_current_log_as_it_was(
    db_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_old_log(db_path, 3)
    open_database(db_path).dispose()
    with raw(db_path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    add_revision(
        monkeypatch, tmp_path_factory.mktemp("later"), message="fails", body=FAILS_HALF_WAY
    )
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match=r"could not be upgraded.*left as it was"):
        open_database(db_path)

    assert db_path.read_bytes() == before
    assert read_revision(db_path) == HEAD_REVISION
    assert read_user_version(db_path) == schema_number(HEAD_REVISION)


def test_upgrading_an_up_to_date_log_does_nothing(db_path: Path) -> None:
    open_database(db_path).dispose()
    before = db_path.read_bytes()

    assert upgrade_sqlite_log(db_path, timeout_s=BUSY_TIMEOUT_MS / 1000) is None

    assert db_path.read_bytes() == before
    assert read_user_version(db_path) == SCHEMA_VERSION


OPENS = """
import sys
from pathlib import Path
from bfr_tui.store.database_file import prepare_database
assert prepare_database(Path(sys.argv[1])) is None
print(sorted({m.split(".")[0] for m in sys.modules} & {"alembic", "sqlalchemy", "sqlmodel"}))
"""


def test_opening_an_up_to_date_log_loads_neither_alembic_nor_sqlalchemy(db_path: Path) -> None:
    open_database(db_path).dispose()

    found = subprocess.run(
        [sys.executable, "-c", OPENS, str(db_path)],
        capture_output=True, text=True, check=True, timeout=60,
    )

    assert found.stdout.strip() == "[]"


def test_the_head_revision_constant_is_the_scripts_head() -> None:
    assert script_directory().get_current_head() == HEAD_REVISION
    assert migrations.schema_number(HEAD_REVISION) == SCHEMA_VERSION


def test_revisions_are_one_line_of_schema_numbers_from_the_baseline() -> None:
    scripts = list(reversed(list(script_directory().walk_revisions())))

    assert [s.revision for s in scripts] == [
        f"{n:04d}" for n in range(int(BASELINE_REVISION), SCHEMA_VERSION + 1)
    ]
    assert [s.down_revision for s in scripts] == [None] + [s.revision for s in scripts[:-1]]


def test_the_revisions_build_the_same_schema_on_postgresql() -> None:
    # Offline mode renders the SQL for an engine without connecting to one.
    rendered = io.StringIO()
    config = alembic_config()
    config.output_buffer = rendered
    config.set_main_option("sqlalchemy.url", "postgresql://")

    command.upgrade(config, "head", sql=True)

    sql = rendered.getvalue()
    assert "CREATE TABLE exercise" in sql and "UNIQUE (name)" in sql
    assert "needs_review BOOLEAN DEFAULT false NOT NULL" in sql
    assert "CREATE INDEX ix_block_open ON block (cuff_on_at) WHERE cuff_off_at IS NULL" in sql
    # Times are timestamptz, stored in UTC, once every revision has run.
    assert "ALTER TABLE block ALTER COLUMN cuff_on_at TYPE TIMESTAMP WITH TIME ZONE" in sql
    assert f"SET version_num='{HEAD_REVISION}'" in sql
