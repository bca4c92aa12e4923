"""The reads behind the first screen, with sqlite3, libpq or psycopg alone, agree with the
store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, Engine

from bfr_tui.domain.limbs import Limb
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.units import Unit
from bfr_tui.store import block_log, first_reads, libpq, postgres_connect, queries
from bfr_tui.store.block_log import write_set
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import session_scope
from bfr_tui.store.first_read_statements import STATEMENTS
from bfr_tui.store.first_reads import LIFTER, POSTGRESQL_TEXT
from bfr_tui.store.postgres_log import PostgresTrainingLog
from bfr_tui.store.sqlite_log import SqliteTrainingLog
from bfr_tui.training_log import ProfileFacts
from tests.local_time import local
from tests.plans import plan_for
from tests.postgres_server import ThrowawayPostgres

NOW = local(2026, 3, 2, 18, 30)
# SQLAlchemy leaves the constructor of PostgreSQL's dialect untyped.
POSTGRESQL_DIALECT: Dialect = postgresql.dialect()  # type: ignore[no-untyped-call]


def test_a_new_lifter_reads_as_the_default_profile(db_path: Path, lifter: int) -> None:
    with first_reads.reading(db_path) as connection:
        profile = first_reads.read_profile(connection, lifter)
        with pytest.raises(LookupError):
            first_reads.read_profile(connection, lifter + 1)

    assert profile == ProfileFacts(theme="textual-dark", unit="kg")
    assert profile.screening_answers is None


def test_the_profile_reads_back_what_the_store_saved(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    with session_scope(engine) as session:
        queries.save_screening(
            session=session, lifter_id=lifter, answers={"hypertension": True, "pregnant": False},
            screened_on=date(2026, 3, 1), cleared=True,
        )
        settings = queries.get_lifter(session=session, lifter_id=lifter)
        settings.unit, settings.theme = "lb", "nord"

    with first_reads.reading(db_path) as connection:
        read = first_reads.read_profile(connection, lifter)

    assert read == ProfileFacts(
        theme="nord", unit="lb", screening_answers={"hypertension": True, "pregnant": False},
        screened_on=date(2026, 3, 1), cleared_by_professional=True,
    )


def test_an_open_block_is_found_and_a_closed_one_is_not(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    with first_reads.reading(db_path) as connection:
        assert not first_reads.has_open_block(connection, lifter)
    fill_demo(engine=engine, lifter_id=lifter, weeks=1, seed=3, end=NOW)
    with first_reads.reading(db_path) as connection:
        assert not first_reads.has_open_block(connection, lifter)
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None
        block_log.start_block(session=session, lifter_id=lifter,
                              plan=plan_for(curl, load=8.0, one_rm=None), cuff_on_at=NOW)

    with first_reads.reading(db_path) as connection:
        assert first_reads.has_open_block(connection, lifter)


def test_the_overview_on_a_plain_connection_is_the_sessions_overview(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    fill_demo(engine=engine, lifter_id=lifter, weeks=6, seed=3, end=NOW)
    with session_scope(engine) as session:
        through_session = queries.exercise_overview(
            session=session, lifter_id=lifter, include_archived=True
        )

    with first_reads.reading(db_path) as connection:
        plain = first_reads.exercise_overview(connection, lifter, include_archived=True)

    assert plain == through_session
    trained = [o for o in plain if o.last_block_id is not None]
    assert trained and all(o.last_reps and o.last_cuff_on_at for o in trained)
    assert all(isinstance(o.last_cuff_on_at, datetime) for o in trained)
    assert any(o.one_rm is not None for o in plain)


def test_reading_never_creates_or_changes_a_log(tmp_path: Path, engine: Engine,
                                                db_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    with pytest.raises(sqlite3.OperationalError), first_reads.reading(missing):
        pass
    assert not missing.exists()

    with (
        first_reads.reading(db_path) as connection,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        connection.execute("DELETE FROM exercise")


def test_the_first_reads_do_not_load_sqlalchemy(db_path: Path, lifter: int) -> None:
    # The point of the module: the exercise list is read before SQLAlchemy is imported.
    code = (
        "import sys; from pathlib import Path\n"
        "from bfr_tui.store import first_reads\n"
        f"with first_reads.reading(Path({str(db_path)!r})) as c:\n"
        f"    first_reads.read_lifters(c); first_reads.read_profile(c, {lifter})\n"
        f"    first_reads.exercise_overview(c, {lifter}); first_reads.has_open_block(c, {lifter})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert found.stdout.strip() == "[]"


def test_reps_come_back_in_set_order_and_symptoms_in_the_order_raised(
    engine: Engine, db_path: Path, lifter: int
) -> None:
    # Written out of order on purpose: set 2 before set 1, the later flag first.
    with session_scope(engine) as session:
        curl = queries.add_exercise(session=session, name="Curl", limb=Limb.ARM, now=NOW)
        block = block_log.start_block(
            session=session, lifter_id=lifter, plan=plan_for(curl, load=8.0, one_rm=None),
            cuff_on_at=NOW,
        )
        assert block.id is not None
        for number, reps in ((2, 15), (10, 4), (1, 30), (3, 12)):
            write_set(
                session=session, lifter_id=lifter, block_id=block.id, set_number=number,
                target_reps=15, reps=reps, load=8.0, started_at=NOW, ended_at=NOW,
                rest_before_s=None,
            )
        for minutes, kind in ((2, SymptomKind.NUMBNESS), (1, SymptomKind.TINGLING)):
            queries.flag_symptom(session=session, lifter_id=lifter, block_id=block.id,
                                 kind=kind, raised_at=NOW + timedelta(minutes=minutes))
        through_session = queries.exercise_overview(session=session, lifter_id=lifter)
        [history] = queries.history_rows(session=session, lifter_id=lifter)

    with first_reads.reading(db_path) as connection:
        [plain] = first_reads.exercise_overview(connection, lifter)

    assert [plain] == through_session
    assert plain.last_reps == history.reps == (30, 15, 12, 4)
    assert history.flag_kinds == ("tingling", "numbness")
    assert plain.last_red_flag


# Stands for the lifter while a statement is compiled with its values written in; the
# driver's own placeholder takes its place in the text.
_LIFTER_STAND_IN = 987654321


def driver_text(statement: Select[Any], dialect: Dialect, placeholder: str) -> str:
    """The SQL the driver runs for ``statement``: every value written in but the lifter's."""
    if any(name == LIFTER for name in statement.compile().params):
        statement = statement.params({LIFTER: _LIFTER_STAND_IN})
    compiled = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    return compiled.replace(str(_LIFTER_STAND_IN), placeholder)


def test_the_first_reads_run_the_text_of_the_store_statements() -> None:
    # first_reads holds the SQLite text of each statement, so it can run before
    # SQLAlchemy is loaded; it must be that statement's text, not another version.
    written = {
        name: driver_text(statement, sqlite.dialect(), f":{LIFTER}")
        for name, statement in STATEMENTS.items()
    }
    assert written == first_reads.SQLITE_TEXT


def test_the_first_reads_on_a_server_run_the_text_of_the_store_statements() -> None:
    # The same for psycopg: the PostgreSQL text of the very statements SQLAlchemy runs.
    written = {
        name: driver_text(statement, POSTGRESQL_DIALECT, f"%({LIFTER})s")
        for name, statement in STATEMENTS.items()
    }
    assert written == first_reads.POSTGRESQL_TEXT


# --- on a PostgreSQL server, with libpq or psycopg alone ---------------------------------


@pytest.fixture
def server_log(postgres_server: ThrowawayPostgres) -> Iterator[PostgresTrainingLog]:
    """An empty database on the suite's server, as a log with its schema and its first
    lifter, chosen as the app chooses when it opens a new log."""
    url = postgres_server.create_database()
    log = PostgresTrainingLog(url)
    log.upgrade()
    log.choose_lifter(None)
    yield log
    log.close()
    postgres_server.drop_database(url)


def chosen_id(log: PostgresTrainingLog) -> int:
    """The id of the lifter ``log`` reads and writes for."""
    assert log.lifter is not None
    return log.lifter.id


@pytest.mark.postgresql
def test_the_overview_through_psycopg_is_the_sessions_overview_and_sqlites(
    server_log: PostgresTrainingLog, tmp_path: Path
) -> None:
    server_log.fill_demo(weeks=6, seed=3, end=NOW)
    lifter = chosen_id(server_log)
    with session_scope(server_log.engine) as session:
        through_session = queries.exercise_overview(
            session=session, lifter_id=lifter, include_archived=True
        )
        active = queries.exercise_overview(session=session, lifter_id=lifter)
    with postgres_connect.connect(server_log.url, server_log.location) as connection:
        plain = first_reads.exercise_overview(
            connection, lifter, include_archived=True, text=POSTGRESQL_TEXT
        )
    # The same demo in a SQLite file: both engines show the lifter the same list.
    file_log = SqliteTrainingLog(f"sqlite:///{tmp_path / 'bfr.db'}")
    file_log.upgrade()
    file_log.choose_lifter(None)
    file_log.fill_demo(weeks=6, seed=3, end=NOW)

    assert plain == through_session
    assert server_log.exercise_overview() == active == file_log.exercise_overview()
    trained = [o for o in plain if o.last_block_id is not None]
    assert trained and all(o.last_reps and o.last_cuff_on_at for o in trained)
    # In this machine's zone, as ``models.UtcDateTime`` hands times back.
    assert all(
        o.last_cuff_on_at is not None
        and o.last_cuff_on_at.utcoffset() == o.last_cuff_on_at.astimezone().utcoffset()
        for o in trained
    )
    assert any(o.one_rm is not None for o in plain)
    file_log.close()


@pytest.mark.postgresql
def test_the_profile_open_block_and_library_read_through_psycopg(
    server_log: PostgresTrainingLog,
) -> None:
    assert server_log.profile() == ProfileFacts(theme="textual-dark", unit="kg")
    assert server_log.interrupted_block() is None
    assert server_log.seed_library_if_empty(now=NOW) > 0
    assert server_log.seed_library_if_empty(now=NOW) == 0
    server_log.save_screening(
        answers={"hypertension": True, "pregnant": False}, screened_on=date(2026, 3, 1),
        cleared=True, unit=Unit.LB,
    )
    curl = server_log.find_exercise("Dumbbell curl")
    assert curl is not None
    with session_scope(server_log.engine) as session:
        block_log.start_block(
            session=session, lifter_id=chosen_id(server_log), plan=plan_for(queries.get_exercise(
                session=session, exercise_id=curl.id), load=8.0, one_rm=None),
            cuff_on_at=NOW,
        )

    assert server_log.profile() == ProfileFacts(
        theme="textual-dark", unit="lb",
        screening_answers={"hypertension": True, "pregnant": False},
        screened_on=date(2026, 3, 1), cleared_by_professional=True,
    )
    found = server_log.interrupted_block()
    assert found is not None and found.exercise.name == "Dumbbell curl"
    assert found.block.cuff_on_at == NOW


@pytest.mark.postgresql
def test_a_read_after_the_server_restarted_opens_a_new_connection(
    server_log: PostgresTrainingLog, postgres_server: ThrowawayPostgres
) -> None:
    server_log.seed_library_if_empty(now=NOW)
    before = server_log.exercise_overview()
    postgres_server.stop("immediate")
    postgres_server.start()

    assert server_log.exercise_overview() == before


def libpq_or_skip() -> libpq.Libpq:
    """libpq as the app loads it for the first reads."""
    found = libpq.client_library()
    if found is None:
        pytest.skip("no libpq loads here: the first reads go through psycopg")
    return found


def rows_both_ways(
    url: str, shown: str, lifter_id: int
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Every first read's rows (the lifter's, where they are a lifter's), through libpq
    and through psycopg."""
    found: list[dict[str, list[Any]]] = []
    for through in (libpq_or_skip(), None):
        connection = postgres_connect.open_reader(url, shown, through=through)
        try:
            found.append({name: list(connection.execute(text, {LIFTER: lifter_id}))
                          for name, text in POSTGRESQL_TEXT.items()})
        finally:
            connection.close()
    return found[0], found[1]


@pytest.mark.postgresql
@pytest.mark.parametrize("with_data", [True, False], ids=["demo", "empty"])
def test_libpq_and_psycopg_hand_the_first_reads_the_same_values(
    server_log: PostgresTrainingLog, with_data: bool
) -> None:
    if with_data:
        server_log.fill_demo(weeks=6, seed=3, end=NOW)
        server_log.save_screening(
            answers={"hypertension": False}, screened_on=date(2026, 3, 1), cleared=False,
            unit=Unit.LB,
        )

    lifter = server_log.lifter
    assert lifter is not None
    through_libpq, through_psycopg = rows_both_ways(server_log.url, server_log.location, lifter.id)

    assert through_libpq == through_psycopg
    # The same types too (a bool, not 't'; a date, not its text), so the screen is the same.
    for name, rows in through_libpq.items():
        for row, other in zip(rows, through_psycopg[name], strict=True):
            assert [type(value) for value in row] == [type(value) for value in other], name
    assert bool(through_libpq["LAST_BLOCKS"]) is with_data
    assert [row[1] for row in through_libpq["LIFTERS"]] == [lifter.name]


@pytest.mark.postgresql
def test_a_statement_the_server_refuses_is_psycopgs_error_either_way(
    postgres_server: ThrowawayPostgres,
) -> None:
    # A database without the schema: the lifters' table is not there.
    url = postgres_server.create_database()
    raised = []
    for through in (libpq_or_skip(), None):
        with (
            closing(postgres_connect.open_reader(url, "db", through=through)) as connection,
            pytest.raises(psycopg.errors.UndefinedTable) as refused,
        ):
            first_reads.read_profile(connection, 1, text=POSTGRESQL_TEXT)
        raised.append(str(refused.value))
    postgres_server.drop_database(url)

    assert raised[0] == raised[1]
    assert raised[0].startswith('relation "lifter" does not exist')


# Runs in a fresh interpreter: the test session has already imported SQLAlchemy.
SERVER_READS_PROBE = """
import json, sys
from datetime import datetime
from bfr_tui.store import open_log
log = open_log(sys.argv[1])
log.upgrade(); log.choose_lifter(None)
log.seed_library_if_empty(now=datetime.now().astimezone())
log.profile(); log.exercise_overview(); log.interrupted_block(); log.version()
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.postgresql
def test_the_first_reads_on_a_server_do_not_load_sqlalchemy_or_psycopg(
    server_log: PostgresTrainingLog,
) -> None:
    libpq_or_skip()
    server_log.fill_demo(weeks=1, seed=3, end=NOW)
    found = subprocess.run(
        [sys.executable, "-c", SERVER_READS_PROBE, server_log.url], capture_output=True,
        text=True, check=True, timeout=60,
    )
    loaded = [name for name in json.loads(found.stdout)
              if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic", "psycopg")]
    assert loaded == []
