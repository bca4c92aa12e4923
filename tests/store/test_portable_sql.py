"""The store's SQL compiles for PostgreSQL too, with none of SQLite's own functions.

Every statement the store sends while it is used (the demo fill, the summaries, a
live block from cuff on to a red flag, a crash resume, an import) is caught on its
way to SQLite and compiled again for PostgreSQL, no server needed. What differs
between the two is written once, in ``store.dialect``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import CompileError
from sqlalchemy.sql import ClauseElement
from sqlmodel import select

from bfr_tui.domain.limbs import Limb, Side
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import block_log, queries
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.dialect import day_of, insert_unless_present, julian_day, least, whole_part
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.export import (
    iso_cell,
    iso_time,
    strong_time,
    strong_time_cell,
    write_export_file,
)
from bfr_tui.store.export_statements import (
    EXPORT_YES_NO,
    row_count,
    set_rows,
    symptom_flags,
)
from bfr_tui.store.first_read_statements import STATEMENTS
from bfr_tui.store.import_csv import SqliteImportTarget, run_import
from bfr_tui.store.models import Block, SetEntry
from bfr_tui.store.queries import block_filters
from bfr_tui.store.utc_time import start_of_local_day
from bfr_tui.training_log import LoggedSet, RaisedFlag
from tests.local_time import local
from tests.plans import plan_for

NOW = local(2026, 3, 2, 18, 30)
# SQLAlchemy leaves the constructor of PostgreSQL's dialect untyped.
POSTGRESQL_DIALECT: Dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
# Functions SQLite has and PostgreSQL has not (or has with another meaning).
SQLITE_ONLY_FUNCTIONS = (
    "julianday", "printf", "group_concat", "strftime", "date", "datetime", "time",
    "ifnull", "instr", "total", "iif", "unixepoch", "likelihood", "randomblob",
)  # fmt: skip
_CALL = re.compile(r"\b(" + "|".join(SQLITE_ONLY_FUNCTIONS) + r")\s*\(", re.IGNORECASE)


def sqlite_only_parts(sql: str) -> list[str]:
    """The parts of ``sql`` PostgreSQL would refuse or read otherwise."""
    found = [match.group(0) for match in _CALL.finditer(sql)]
    # min() and max() with two arguments are SQLite's scalar minimum and maximum.
    for match in re.finditer(r"\b(min|max)\s*\(", sql, re.IGNORECASE):
        depth, index = 1, match.end()
        while depth and index < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[index], 0)
            if depth == 1 and sql[index] == ",":
                found.append(f"{match.group(0)}a, b)")
                break
            index += 1
    # SQLite's booleans are 0 and 1; PostgreSQL's are true and false.
    found += re.findall(r"\bIS (?:NOT )?[01]\b", sql)
    return found


def on_postgresql(statement: ClauseElement) -> str:
    return str(statement.compile(dialect=POSTGRESQL_DIALECT))


def on_sqlite(statement: ClauseElement) -> str:
    return str(statement.compile(dialect=sqlite.dialect()))


@contextmanager
def sent_statements(engine: Engine) -> Iterator[list[ClauseElement]]:
    """Every SQLAlchemy statement ``engine`` runs inside the block (not raw driver SQL)."""
    caught: list[ClauseElement] = []

    def catch(_connection: Any, statement: Any, *_args: Any) -> None:
        caught.append(statement)

    event.listen(engine, "before_execute", catch)
    try:
        yield caught
    finally:
        event.remove(engine, "before_execute", catch)


def _use_the_store(engine: Engine, tmp_path: Path) -> None:
    """Most of what the app and the command line ask of the store, once each."""
    lifter = lifter_id(engine)
    fill_demo(engine=engine, lifter_id=lifter, weeks=4, seed=3, end=NOW - timedelta(days=1))
    with session_scope(engine) as session:
        queries.list_lifters(session=session)
        queries.lifter_facts(session=session, lifter_id=lifter)
        queries.lifter_data_counts(session=session, lifter_id=lifter)
        other = queries.add_lifter(session=session, name="Alex")
        assert other.id is not None
        queries.rename_lifter(session=session, lifter_id=other.id, name="Alexis")
        queries.remove_lifter(session=session, lifter_id=other.id)
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        queries.list_exercises(session=session)
        queries.exercise_overview(session=session, lifter_id=lifter)
        queries.exercise_overview(session=session, lifter_id=lifter, include_archived=True)
        queries.history_rows(session=session, lifter_id=lifter, limit=10, offset=5,
                             exercise_id=curl.id, since=(NOW - timedelta(days=20)).date(),
                             until=NOW.date())
        queries.count_history(session=session, lifter_id=lifter, exercise_id=curl.id)
        queries.progress_points(session=session, lifter_id=lifter, exercise_id=curl.id)
        queries.progress_points(session=session, lifter_id=lifter, exercise_id=curl.id,
                                max_points=3)
        queries.session_days(session=session, lifter_id=lifter,
                             since=(NOW - timedelta(days=30)).date(), until=NOW.date())
        queries.last_block_for_limb(session=session, lifter_id=lifter, limb=Limb.ARM,
                                    side=Side.LEFT, exclude_session_id=1)
        queries.current_one_rep_max(session=session, lifter_id=lifter, exercise_id=curl.id)
        block_log.block_context(session=session, lifter_id=lifter, exercise_id=curl.id,
                                now=NOW)
        plan = plan_for(curl, load=8.0, one_rm=None)
        block = block_log.start_block(session=session, lifter_id=lifter, plan=plan,
                                      cuff_on_at=NOW)
        assert block.id is not None
        logged = LoggedSet(set_number=1, target_reps=30, reps=30, load=8.0,
                                     started_at=NOW, ended_at=NOW, rest_before_s=None)
        block_log.log_set(session=session, lifter_id=lifter, block_id=block.id, logged=logged)
        # A retried write finds the set already there.
        block_log.log_set(session=session, lifter_id=lifter, block_id=block.id, logged=logged)
        flag = block_log.write_flag(session=session, lifter_id=lifter, block_id=block.id,
                                    set_number=None, kind=SymptomKind.OTHER, raised_at=NOW)
        assert flag.id is not None
        block_log.attach_flags(session=session, flag_ids=[flag.id], set_id=1)
        block_log.note_past_limit(session=session, block_id=block.id, set_number=2,
                                  cuff_s=700.0)
        block_log.interrupted_block(session=session, lifter_id=lifter)
        block_log.close_interrupted(session=session, block_id=block.id, cuff_off_at=NOW)
        again = block_log.start_block(session=session, lifter_id=lifter, plan=plan,
                                      cuff_on_at=NOW + timedelta(minutes=20))
        assert again.id is not None
        block_log.end_on_red_flag(
            session=session, lifter_id=lifter, block_id=again.id, last_set=logged,
            flags=[RaisedFlag(SymptomKind.NUMBNESS, NOW + timedelta(minutes=21))],
            flag_ids_to_link=[], cuff_off_at=NOW + timedelta(minutes=22),
        )
    export = tmp_path / "export.csv"
    write_export_file(engine=engine, lifter_id=lifter, path=export)
    # Into a new log, whose first lifter the import makes.
    run_import(csv_path=export, target=SqliteImportTarget(tmp_path / "copy.db"), lifter=None,
               now=NOW)


@pytest.fixture
def sent(engine: Engine, tmp_path: Path) -> list[ClauseElement]:
    with sent_statements(engine) as caught:
        _use_the_store(engine, tmp_path)
    return caught


def test_the_store_sends_many_kinds_of_statement(sent: list[ClauseElement]) -> None:
    # The workload reaches the queries that once used SQLite's own functions.
    sql = [on_sqlite(statement) for statement in sent]
    assert len(sent) > 50
    assert any("julianday(" in text for text in sql)
    assert any("date(block.cuff_on_at, 'localtime')" in text for text in sql)
    assert any("ON CONFLICT" in text for text in sql)


def test_every_statement_the_store_sends_compiles_for_postgresql(
    sent: list[ClauseElement],
) -> None:
    problems = {}
    for statement in sent:
        if isinstance(statement, SqliteInsert):
            # Built for SQLite by store.dialect, which builds PostgreSQL's own (tested below).
            assert "ON CONFLICT" in on_sqlite(statement)
            continue
        sql = on_postgresql(statement)
        if found := sqlite_only_parts(sql):
            problems[sql] = found
    assert problems == {}


def test_the_first_reads_compile_for_postgresql_too() -> None:
    for name, statement in STATEMENTS.items():
        assert sqlite_only_parts(on_postgresql(statement)) == [], name


def test_the_export_statements_compile_for_postgresql_too() -> None:
    since, until = date(2026, 3, 1), date(2026, 3, 8)
    filters = block_filters(2, 3, since, until)
    for statement in (set_rows(filters), symptom_flags(filters), row_count(filters)):
        compiled = statement.compile(dialect=POSTGRESQL_DIALECT)
        sql = str(compiled)
        assert sqlite_only_parts(sql) == [], sql
        # The filters are expressions on the block, their days the lifter's local ones.
        assert "block.lifter_id = %(lifter_id_1)s" in sql
        assert compiled.params["lifter_id_1"] == 2
        assert "block.exercise_id = %(exercise_id_1)s" in sql
        assert "block.cuff_on_at >= %(cuff_on_at_1)s" in sql
        assert "block.cuff_on_at < %(cuff_on_at_2)s" in sql
        assert compiled.params["cuff_on_at_1"] == start_of_local_day(since)
        assert compiled.params["cuff_on_at_2"] == start_of_local_day(date(2026, 3, 9))
    # Every block, sets or none: the set rows join the sets from the outside.
    unfiltered = on_postgresql(set_rows(()))
    assert "LEFT OUTER JOIN set_entry" in unfiltered and "WHERE" not in unfiltered


def test_the_export_reads_times_as_utc_text_on_both_engines() -> None:
    # SQLite's stored text reaches the export untouched (it slices the text itself);
    # PostgreSQL writes its instants as the same text, in SQL. Both write the same cells.
    moment = local(2026, 3, 2, 18, 30, 5)
    on_lite, on_pg = sqlite.dialect(), POSTGRESQL_DIALECT
    assert EXPORT_YES_NO.dialect_impl(on_lite).result_processor(on_lite, None) is None
    lite = str(set_rows(()).compile(dialect=on_lite))
    server = str(set_rows(()).compile(dialect=on_pg))
    assert "set_entry.started_at" in lite and "to_char" not in lite
    assert (
        "to_char(set_entry.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')" in server
    )
    # As both hand it over: 18:30:05 in the tests' zone (UTC-6) is 00:30:05 the next day.
    stored = "2026-03-03 00:30:05.000000"
    assert iso_cell(stored) == iso_time(moment) == "2026-03-02T18:30:05-06:00"
    assert strong_time_cell(stored) == strong_time(moment)


def test_the_copied_log_was_written_through_the_same_statements(tmp_path: Path) -> None:
    # The import into a second log ran inside the workload; this checks it had work to do.
    engine = open_database(tmp_path / "log.db")
    try:
        _use_the_store(engine, tmp_path)
        copy = open_database(tmp_path / "copy.db")
        try:
            with session_scope(copy) as session:
                assert session.exec(select(SetEntry.id)).first() is not None
        finally:
            copy.dispose()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("expression", "sqlite_sql", "postgresql_sql"),
    [
        (day_of(Block.cuff_on_at), "date(block.cuff_on_at, 'localtime')",
         "CAST(block.cuff_on_at AS DATE)"),
        (
            julian_day(Block.cuff_on_at),
            "julianday(block.cuff_on_at, 'localtime')",
            "(CAST(EXTRACT(EPOCH FROM (block.cuff_on_at AT TIME ZONE current_setting('TimeZone')))"
            " AS DOUBLE PRECISION) / 86400.0 + 2440587.5)",
        ),
        (least(Block.tightness, Block.rest_target_s),
         "min(block.tightness, block.rest_target_s)",
         "LEAST(block.tightness, block.rest_target_s)"),
        (whole_part(Block.load), "CAST(block.load AS INTEGER)",
         "CAST(trunc(block.load) AS INTEGER)"),
    ],
)
def test_each_engine_gets_its_own_spelling(
    expression: ClauseElement, sqlite_sql: str, postgresql_sql: str
) -> None:
    assert on_sqlite(expression) == sqlite_sql
    assert on_postgresql(expression) == postgresql_sql


def test_a_retried_set_is_skipped_on_either_engine() -> None:
    for name, dialect in (("sqlite", sqlite.dialect()), ("postgresql", POSTGRESQL_DIALECT)):
        insert = insert_unless_present(name, SetEntry, index_elements=["block_id", "set_number"])
        sql = str(insert.values(block_id=1, set_number=1).compile(dialect=dialect))
        assert "ON CONFLICT (block_id, set_number) DO NOTHING" in sql


def test_an_engine_without_its_own_spelling_is_refused() -> None:
    from sqlalchemy.dialects import mysql

    with pytest.raises(CompileError, match="no SQL for the mysql engine"):
        day_of(Block.cuff_on_at).compile(dialect=mysql.dialect())
    with pytest.raises(CompileError, match="mysql"):
        insert_unless_present("mysql", SetEntry, index_elements=["block_id"])
