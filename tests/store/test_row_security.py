"""Each lifter sees only their own, enforced by the server: a lifter's role, a coach's
role, a role with no grant and a role that is no lifter, each connected with its own
password to a real PostgreSQL server, read and write through plain SQL and through
the app's own training log."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql
from sqlalchemy import create_engine, text

from bfr_tui.cli import main
from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.units import Unit
from bfr_tui.domain.weekly_plan import WeeklyPlan, plan_entry, weekly_plan
from bfr_tui.store import open_log
from bfr_tui.store.migrations import HEAD_REVISION, alembic_config, upgrade_connection
from bfr_tui.store.postgres_connect import driver_url
from bfr_tui.training_log import AccessRefused, LifterFacts, StoreError, TrainingLog
from tests.cuffs import THIGH, lop
from tests.postgres_server import ThrowawayPostgres
from tests.store.test_engines import (
    CUFF_ON,
    a_set,
    curl_block_started,
    exported,
    run_a_block,
)
from tests.store.test_import_ids import laptop_export, the_next_writes_save
from tests.templates import arm_finisher

pytestmark = pytest.mark.postgresql

PASSWORD = "row-security-test"
# Every table of a lifter's training and health data, with how its rows name the lifter.
LIFTER_COLUMN = {
    "lifter": "id",
    "one_rep_max": "lifter_id",
    "training_session": "lifter_id",
    "block": "lifter_id",
    "set_entry": "lifter_id",
    "symptom_flag": "lifter_id",
    "cuff": "lifter_id",
    "lop_measurement": "lifter_id",
    "session_template": "lifter_id",
    "template_block": "lifter_id",
    "plan_entry": "lifter_id",
}
ANSWERS = {"blood_clots": False, "pregnant": False}


@dataclass
class Clinic:
    """A server's log with two lifters who trained, and a role for each kind of user."""

    server: ThrowawayPostgres
    database: str
    owner_url: str
    ana: LifterFacts
    ben: LifterFacts
    roles: dict[str, str]
    """ana, ben, coach, nobody (no grant) and bystander (granted, but no lifter's)."""

    def url(self, who: str) -> str:
        return self.server.url(self.database, role=self.roles[who], password=PASSWORD)

    def rows(self, who: str, statement: str, params: Any = None) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url(who)) as connection:
            return connection.execute(statement, params).fetchall()

    def owners_count(self, table: str, lifter: LifterFacts) -> int:
        with psycopg.connect(self.owner_url) as connection:
            row = connection.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(
                    sql.Identifier(table), sql.Identifier(LIFTER_COLUMN[table])
                ), (lifter.id,),
            ).fetchone()
        assert row is not None
        return int(row[0])


def make_role(server: ThrowawayPostgres, name: str) -> None:
    server.superuser_sql(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
        sql.Identifier(name), sql.Literal(PASSWORD)
    ))


def train(log: TrainingLog, lifter: LifterFacts, *, one_rm: float) -> None:
    """A screening, a 1RM, a cuff with its LOP, a session template in a weekly plan and a
    whole block with a symptom flag, as the app writes them."""
    log.use_lifter(lifter)
    arms = log.save_template(arm_finisher(log), now=CUFF_ON)
    log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, weekday=0)]))
    thigh = log.add_cuff(THIGH)
    log.record_lop(lop(240), cuff_id=thigh.id)
    log.save_screening(answers=ANSWERS, screened_on=date(2026, 3, 1), cleared=False,
                       unit=Unit.KG)
    curl = log.find_exercise("Dumbbell curl")
    assert curl is not None
    log.record_one_rep_max(exercise_id=curl.id, value=one_rm, unit=Unit.KG,
                           recorded_on=date(2026, 3, 1), method=OneRepMaxMethod.TESTED,
                           source="")
    run_a_block(log)


@pytest.fixture
def clinic(postgres_server: ThrowawayPostgres) -> Iterator[Clinic]:
    owner_url = postgres_server.create_database()
    database = owner_url.rsplit("/", 1)[1]
    tag = uuid.uuid4().hex[:8]
    roles = {who: f"{who}_{tag}" for who in ("ana", "ben", "coach", "nobody", "bystander")}
    for role in roles.values():
        make_role(postgres_server, role)
    log = open_log(owner_url)
    log.upgrade()
    log.seed_library_if_empty(now=CUFF_ON)
    ana, ben, gone = log.add_lifter("Ana"), log.add_lifter("Ben"), log.add_lifter("Cy")
    train(log, ana, one_rm=20.0)
    train(log, ben, one_rm=30.0)
    log.grant_lifter(ana, roles["ana"])
    log.grant_lifter(ben, roles["ben"])
    log.grant_coach(roles["coach"])
    # A lifter removed after their role was granted: the role keeps its table rights.
    log.grant_lifter(gone, roles["bystander"])
    log.remove_lifter(gone)
    log.close()
    yield Clinic(postgres_server, database, owner_url, ana, ben, roles)
    postgres_server.drop_database(owner_url)
    for role in roles.values():
        postgres_server.superuser_sql(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@pytest.fixture
def as_ana(clinic: Clinic) -> Iterator[TrainingLog]:
    """The app's log, connected as Ana's role."""
    log = open_log(clinic.url("ana"))
    log.upgrade()
    yield log
    log.close()


# --- reading ------------------------------------------------------------------------------


def test_a_lifters_role_sees_none_of_another_lifters_rows_in_plain_sql(clinic: Clinic) -> None:
    for table, column in LIFTER_COLUMN.items():
        count = sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(
            sql.Identifier(table), sql.Identifier(column)
        )
        everything = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        with psycopg.connect(clinic.url("ana")) as connection:
            of_ben = connection.execute(count, (clinic.ben.id,)).fetchone()
            of_all = connection.execute(everything).fetchone()
        assert of_ben == (0,), table
        # Ana's own rows are all there, and nothing else.
        assert clinic.owners_count(table, clinic.ana) > 0, table
        assert of_all == (clinic.owners_count(table, clinic.ana),), table
    # The screening answers are health records too.
    assert clinic.rows("ana", "SELECT name, screening_answers <> '' FROM lifter") == [
        ("Ana", True)
    ]
    # The exercise library is shared.
    assert clinic.rows("ana", "SELECT count(*) FROM exercise") == [(17,)]


def test_the_app_connected_as_a_lifters_role_opens_on_them_and_shows_only_theirs(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    # The first read of the lifters, through psycopg alone, sees Ana only: no picker.
    assert as_ana.lifters() == [clinic.ana]
    assert as_ana.choose_lifter(None) == clinic.ana
    assert as_ana.profile().screening_answers == ANSWERS
    assert [row.reps for row in as_ana.history_rows()] == [(30, 15, 15, 12)]
    curl = [row for row in as_ana.exercise_overview() if row.exercise.name == "Dumbbell curl"]
    assert curl[0].one_rm == 20.0
    assert exported(as_ana).count("\n") == 1 + 4
    assert [record.cuff for record in as_ana.cuffs()] == [THIGH]
    assert as_ana.lop_measurements() == [lop(240)]

    # Pointed at Ben by id, as a client could try: nothing of his comes back.
    as_ana.use_lifter(clinic.ben)
    assert as_ana.cuffs() == [] and as_ana.lop_measurements() == []
    assert as_ana.templates() == [] and as_ana.weekly_plan() == WeeklyPlan()
    assert as_ana.history_rows() == []
    assert as_ana.count_history() == 0
    assert as_ana.interrupted_block() is None
    assert exported(as_ana).count("\n") == 1
    curl_id = curl[0].exercise.id
    assert as_ana.current_one_rep_max(curl_id) is None


def test_a_lifters_role_renaming_to_a_name_it_cannot_see_is_told_it_is_taken(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    as_ana.choose_lifter(None)
    # Ben is invisible to Ana's role: the name is refused by the log as taken, in words,
    # and says no more about whose it is.
    with pytest.raises(ValueError, match="'Ben' is taken in this log"):
        as_ana.rename_lifter(clinic.ana, "Ben")
    assert as_ana.lifters() == [clinic.ana]
    assert clinic.rows("ana", "SELECT name FROM lifter") == [("Ana",)]


def test_the_coach_sees_every_lifter_and_writes_for_them(clinic: Clinic) -> None:
    for table in LIFTER_COLUMN:
        total = clinic.owners_count(table, clinic.ana) + clinic.owners_count(table, clinic.ben)
        assert clinic.rows("coach", f"SELECT count(*) FROM {table}") == [(total,)], table

    log = open_log(clinic.url("coach"))
    try:
        log.upgrade()
        assert log.lifters() == [clinic.ana, clinic.ben]
        # Several lifters and none named: the app asks who is training.
        assert log.choose_lifter(None) is None
        log.use_lifter(clinic.ben)
        assert len(log.history_rows()) == 1
        curl = log.find_exercise("Dumbbell curl")
        assert curl is not None
        log.record_one_rep_max(exercise_id=curl.id, value=32.5, unit=Unit.KG,
                               recorded_on=date(2026, 3, 9), method=OneRepMaxMethod.TESTED,
                               source="")
        assert log.current_one_rep_max(curl.id) is not None
        dee = log.add_lifter("Dee")
        assert log.lifters() == [clinic.ana, clinic.ben, dee]
    finally:
        log.close()


# --- writing ------------------------------------------------------------------------------


def refused(clinic: Clinic, who: str, statement: str, params: Any = None) -> None:
    """The server refuses the statement to ``who``'s role."""
    with (
        psycopg.connect(clinic.url(who)) as connection,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        connection.execute(statement, params)


def test_a_lifters_role_cannot_write_another_lifters_rows(clinic: Clinic) -> None:
    ben = clinic.ben.id
    ben_block = clinic.rows("coach", "SELECT id FROM block WHERE lifter_id = %s", (ben,))[0][0]
    # A set into Ben's block, in his name.
    refused(clinic, "ana",
            "INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load,"
            " started_at, ended_at) VALUES (%s, %s, 9, 15, 15, 10, now(), now())",
            (ben, ben_block))
    refused(clinic, "ana",
            "INSERT INTO one_rep_max (lifter_id, exercise_id, value, unit, recorded_on, method,"
            " source) VALUES (%s, 1, 99, 'kg', '2026-03-09', 'tested', '')", (ben,))
    refused(clinic, "ana",
            "INSERT INTO symptom_flag (lifter_id, block_id, kind, raised_at, note)"
            " VALUES (%s, %s, 'pain', now(), '')", (ben, ben_block))
    ben_cuff = clinic.rows("coach", "SELECT id FROM cuff WHERE lifter_id = %s", (ben,))[0][0]
    refused(clinic, "ana",
            "INSERT INTO cuff (lifter_id, name, kind, width_cm, wrap_mark, archived)"
            " VALUES (%s, 'Spare', 'pneumatic', 11.5, '', false)", (ben,))
    refused(clinic, "ana",
            "INSERT INTO lop_measurement (lifter_id, limb, side, cuff_id, position, method,"
            " measured_on, mmhg) VALUES (%s, 'leg', 'left', %s, 'seated', 'doppler',"
            " '2026-03-09', 300)", (ben, ben_cuff))
    ben_template = clinic.rows(
        "coach", "SELECT id FROM session_template WHERE lifter_id = %s", (ben,)
    )[0][0]
    refused(clinic, "ana",
            "INSERT INTO session_template (lifter_id, name, archived, created_at)"
            " VALUES (%s, 'Spare', false, now())", (ben,))
    refused(clinic, "ana",
            "INSERT INTO template_block (lifter_id, template_id, position, exercise_id, side,"
            " protocol_name, protocol_reps, rest_target_s, tempo) VALUES (%s, %s, 9, 1, 'left',"
            " 'Classic', '30-15-15-15', 30, '2/2')", (ben, ben_template))
    refused(clinic, "ana",
            "INSERT INTO plan_entry (lifter_id, template_id, weekday) VALUES (%s, %s, 4)",
            (ben, ben_template))
    # Her own rows handed to Ben.
    refused(clinic, "ana", "UPDATE set_entry SET lifter_id = %s", (ben,))
    refused(clinic, "ana", "UPDATE training_session SET lifter_id = %s", (ben,))
    # Her lifter row given away to another role, or a new lifter made.
    refused(clinic, "ana", "UPDATE lifter SET db_role = %s", (clinic.roles["ben"],))
    refused(clinic, "ana", "INSERT INTO lifter (name, unit, screening_answers,"
            " cleared_by_professional, theme) VALUES ('Eve', 'kg', '', false, 'x')")
    # Ben's rows cannot even be found to change or delete.
    with psycopg.connect(clinic.url("ana")) as connection:
        for statement in (
            "UPDATE block SET notes = 'seen' WHERE lifter_id = %s",
            "UPDATE lifter SET screening_answers = '' WHERE id = %s",
            "DELETE FROM symptom_flag WHERE lifter_id = %s",
            "UPDATE lop_measurement SET mmhg = 300 WHERE lifter_id = %s",
            "DELETE FROM cuff WHERE lifter_id = %s",
            "UPDATE session_template SET name = 'Mine' WHERE lifter_id = %s",
            "DELETE FROM template_block WHERE lifter_id = %s",
            "DELETE FROM plan_entry WHERE lifter_id = %s",
        ):
            assert connection.execute(statement, (ben,)).rowcount == 0
    assert clinic.owners_count("symptom_flag", clinic.ben) == 1
    assert clinic.rows("coach", "SELECT notes FROM block WHERE lifter_id = %s", (ben,)) == [("",)]


def test_the_app_as_a_lifters_role_is_refused_another_lifters_writes_in_one_line(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    as_ana.use_lifter(clinic.ben)
    curl = as_ana.find_exercise("Dumbbell curl")
    assert curl is not None
    with pytest.raises(AccessRefused, match="row-level security") as refusal:
        as_ana.record_one_rep_max(exercise_id=curl.id, value=99.0, unit=Unit.KG,
                                  recorded_on=date(2026, 3, 9),
                                  method=OneRepMaxMethod.TESTED, source="")
    assert "\n" not in str(refusal.value) and PASSWORD not in str(refusal.value)
    assert clinic.owners_count("one_rep_max", clinic.ben) == 1
    with pytest.raises(AccessRefused, match="row-level security"):
        as_ana.save_template(arm_finisher(as_ana, name="For Ben"), now=CUFF_ON)
    assert clinic.owners_count("session_template", clinic.ben) == 1


def test_a_lifters_role_cannot_reach_another_lifters_template_by_its_id(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    ben_template = clinic.rows(
        "coach", "SELECT id FROM session_template WHERE lifter_id = %s", (clinic.ben.id,)
    )[0][0]
    as_ana.choose_lifter(None)
    with pytest.raises(LookupError):
        as_ana.template(ben_template)
    with pytest.raises(LookupError):
        as_ana.save_weekly_plan(weekly_plan([plan_entry(template_id=ben_template, weekday=2)]))
    with pytest.raises(LookupError):
        as_ana.archive_template(ben_template)
    (own,) = as_ana.templates()
    assert own.template == arm_finisher(as_ana)
    assert as_ana.weekly_plan() == weekly_plan([plan_entry(template_id=own.id, weekday=0)])
    assert clinic.rows(
        "coach", "SELECT count(*) FROM plan_entry WHERE template_id = %s", (ben_template,)
    ) == [(1,)]


def test_a_lifters_role_trains_a_whole_block_and_keeps_the_shared_library(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    as_ana.choose_lifter(None)
    assert as_ana.claim_block()
    # The block lock is Ana's, whoever holds it: the owner's window sees it taken.
    owner = open_log(clinic.owner_url)
    try:
        owner.use_lifter(clinic.ana)
        assert owner.block_running_elsewhere()
        owner.use_lifter(clinic.ben)
        assert not owner.block_running_elsewhere()
    finally:
        owner.close()
    as_ana.release_block()
    assert as_ana.save_kept_writes() is None

    # A block of her own the next day, beside the one the clinic's fixture gave her.
    run_a_block(as_ana, cuff_on=CUFF_ON + timedelta(days=1))
    # Ana moves to lb: she cannot see which shared exercises the others trained, so
    # the library stays as it is for everyone.
    units_before = clinic.rows("coach", "SELECT name, unit FROM exercise ORDER BY id")
    as_ana.save_screening(answers=ANSWERS, screened_on=date(2026, 3, 9), cleared=False,
                          unit=Unit.LB)
    assert as_ana.profile().unit == "lb"
    assert clinic.rows("coach", "SELECT name, unit FROM exercise ORDER BY id") == units_before

    assert clinic.owners_count("block", clinic.ana) == 2
    assert clinic.owners_count("set_entry", clinic.ana) == 8
    assert clinic.owners_count("block", clinic.ben) == 1


def test_a_lifters_writes_kept_while_the_server_was_away_are_saved_as_their_role(
    clinic: Clinic, as_ana: TrainingLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    as_ana.choose_lifter(None)
    writer, heard = curl_block_started(as_ana, cuff_on=CUFF_ON + timedelta(days=1))
    heard.wait_for("saved: the block start")
    clinic.server.stop("immediate")
    try:
        writer.log_set(a_set(1, 30), what="set 1", saved=heard.saved("set 1"))
        heard.wait_for("not saved yet: set 1")
        assert writer.keep_unsaved() == ["set 1"]
        as_ana.close()
    finally:
        clinic.server.start()

    next_start = open_log(clinic.url("ana"))
    try:
        next_start.choose_lifter(None)
        outcome = next_start.save_kept_writes()
        assert outcome is not None and outcome.saved == ("set 1",)
        left = next_start.interrupted_block()
        assert left is not None and [s.reps for s in left.sets] == [30]
    finally:
        next_start.close()
    assert clinic.owners_count("set_entry", clinic.ana) == 5


# --- roles without a lifter ---------------------------------------------------------------


def test_a_role_with_no_grant_reads_nothing_and_is_told_whom_to_ask(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    for table in (*LIFTER_COLUMN, "exercise"):
        refused(clinic, "nobody", f"SELECT count(*) FROM {table}")

    role = clinic.roles["nobody"]
    with pytest.raises(AccessRefused, match=f"db grant --lifter NAME --role {role}"):
        open_log(clinic.url("nobody")).upgrade()
    assert main(["--db", clinic.url("nobody")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"{role} cannot read or write the log" in error and "Traceback" not in error


def test_a_role_that_is_no_lifter_sees_no_one_and_adds_no_one(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    for table in LIFTER_COLUMN:
        assert clinic.rows("bystander", f"SELECT count(*) FROM {table}") == [(0,)], table

    role = clinic.roles["bystander"]
    log = open_log(clinic.url("bystander"))
    try:
        log.upgrade()
        assert log.lifters() == []
        with pytest.raises(StoreError, match=f"no lifter in .* is yours \\({role}\\)"):
            log.choose_lifter(None)
    finally:
        log.close()
    assert main(["--db", clinic.url("bystander")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "is yours" in error
    assert clinic.rows("coach", "SELECT name FROM lifter ORDER BY id") == [("Ana",), ("Ben",)]


def test_a_lifters_role_on_an_older_schema_is_told_to_have_it_upgraded(
    postgres_server: ThrowawayPostgres,
) -> None:
    owner_url = postgres_server.create_database()
    database = owner_url.rsplit("/", 1)[1]
    role = f"old_{uuid.uuid4().hex[:8]}"
    make_role(postgres_server, role)
    engine = create_engine(driver_url(owner_url))
    with engine.begin() as connection:
        upgrade_connection(connection, target="0005")
        connection.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    engine.dispose()
    url = postgres_server.url(database, role=role, password=PASSWORD)
    try:
        with pytest.raises(StoreError, match="bfr-tui db upgrade"):
            open_log(url).upgrade()
        # Only the owner of the tables can upgrade them.
        with pytest.raises(StoreError, match="only the owner of the log's tables"):
            open_log(url).upgrade(asked=True)
        assert open_log(owner_url).version().revision == "0005"
    finally:
        postgres_server.drop_database(owner_url)
        postgres_server.superuser_sql(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_lifters_role_granted_before_cuffs_existed_has_its_cuffs_after_the_upgrade(
    postgres_server: ThrowawayPostgres,
) -> None:
    owner_url = postgres_server.create_database()
    database = owner_url.rsplit("/", 1)[1]
    role = f"early_{uuid.uuid4().hex[:8]}"
    make_role(postgres_server, role)
    engine = create_engine(driver_url(owner_url))
    with engine.begin() as connection:
        upgrade_connection(connection, target="0006")
        # Ana's role as bfr-tui db grant made it at schema 6; Cy's was since dropped
        # from the server, which must not stop the upgrade.
        for name, granted in (("Ana", role), ("Cy", f"dropped_{role}")):
            connection.execute(text(
                "INSERT INTO lifter (name, unit, screening_answers, cleared_by_professional,"
                " theme, db_role) VALUES (:name, 'kg', '', false, 'nord', :role)"
            ), {"name": name, "role": granted})
        for statement in SCHEMA_6_GRANT:
            connection.exec_driver_sql(statement.format(role=role))
    engine.dispose()
    url = postgres_server.url(database, role=role, password=PASSWORD)
    try:
        owner = open_log(owner_url)
        try:
            owner.upgrade(asked=True)
        finally:
            owner.close()
        log = open_log(url)
        try:
            log.upgrade()
            log.choose_lifter(None)
            thigh = log.add_cuff(THIGH)
            log.record_lop(lop(240), cuff_id=thigh.id)
            assert log.cuffs() == [thigh] and log.lop_measurements() == [lop(240)]
            # And the session templates and plan of the schema after.
            log.seed_library_if_empty(now=CUFF_ON)
            arms = log.save_template(arm_finisher(log), now=CUFF_ON)
            log.save_weekly_plan(weekly_plan([plan_entry(template_id=arms.id, weekday=0)]))
            assert log.templates() == [arms] and len(log.weekly_plan().entries) == 1
        finally:
            log.close()
    finally:
        postgres_server.drop_database(owner_url)
        postgres_server.superuser_sql(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


# What ``bfr-tui db grant --lifter`` granted a lifter's role at schema 6.
SCHEMA_6_GRANT = (
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON one_rep_max, training_session, block, set_entry,"
    " symptom_flag TO {role}",
    "GRANT SELECT, UPDATE ON lifter TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON exercise TO {role}",
    "GRANT SELECT ON coach_role, alembic_version TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
)


# --- the policies -------------------------------------------------------------------------


def plan(clinic: Clinic, who: str, statement: str, params: Any = None) -> str:
    rows = clinic.rows(who, f"EXPLAIN {statement}", params)
    return "\n".join(str(row[0]) for row in rows)


def test_the_policies_ask_who_the_role_is_once_per_statement_not_per_row(
    clinic: Clinic,
) -> None:
    shown = plan(clinic, "ana", "SELECT * FROM set_entry WHERE lifter_id = %s",
                 (clinic.ana.id,))
    # The coach test runs once (an InitPlan); the lifter's ids are looked up once into a
    # hash that each row is probed against.
    assert "InitPlan" in shown and "hashed SubPlan" in shown, shown
    # Policies on the other tables read lifter, whose own policy reads only coach_role:
    # no recursion, on any table.
    for table in LIFTER_COLUMN:
        clinic.rows("coach", f"SELECT count(*) FROM {table}")


def test_the_revision_comes_off_and_back_on(clinic: Clinic) -> None:
    from alembic import command

    engine = create_engine(driver_url(clinic.owner_url))
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0005")
        # Without the policies the role's table rights show every lifter again.
        assert clinic.rows("ana", "SELECT count(*) FROM lifter") == [(2,)]
        with engine.begin() as connection:
            upgrade_connection(connection)
    finally:
        engine.dispose()
    assert open_log(clinic.owner_url).version().revision == HEAD_REVISION
    # Upgraded again, no role reads anything until granted again.
    refused(clinic, "ana", "SELECT count(*) FROM lifter")


def test_only_the_owner_grants_and_a_role_must_exist(clinic: Clinic) -> None:
    coach = open_log(clinic.url("coach"))
    owner = open_log(clinic.owner_url)
    try:
        with pytest.raises(StoreError, match="only the owner of the log's tables"):
            coach.grant_coach(clinic.roles["nobody"])
        missing = """role "ghost" does not exist; create it first: CREATE ROLE "ghost" LOGIN"""
        with pytest.raises(StoreError, match=re.escape(missing)):
            owner.grant_lifter(clinic.ana, "ghost")
        with pytest.raises(StoreError, match="already Ana's"):
            owner.grant_lifter(clinic.ben, clinic.roles["ana"])
        # Taken back: Ana's role reads nothing any more.
        revoked = owner.revoke_role(clinic.roles["ana"])
        assert (revoked.lifter, revoked.coach) == ("Ana", False)
        refused(clinic, "ana", "SELECT count(*) FROM set_entry")
    finally:
        coach.close()
        owner.close()


def test_a_lifters_export_through_the_app_holds_only_their_sets(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    as_ana.choose_lifter(None)
    out = io.StringIO()
    assert as_ana.export_csv(out) == 4
    assert as_ana.count_history(since=CUFF_ON.date() - timedelta(days=1)) == 1


def test_a_lifters_role_imports_an_export_and_trains_on_after_it(
    clinic: Clinic, as_ana: TrainingLog, tmp_path: Path
) -> None:
    as_ana.choose_lifter(None)
    # Ben's rows came after Ana's: the ids after the highest she can see are his.
    report = as_ana.import_csv(laptop_export(tmp_path), now=CUFF_ON)

    assert any(", 2 blocks, " in line for line in report.lines()), report.lines()
    assert clinic.owners_count("block", clinic.ana) == 3
    the_next_writes_save(as_ana, cuff_on=CUFF_ON + timedelta(days=3))
    assert clinic.owners_count("block", clinic.ana) == 4
    assert clinic.owners_count("block", clinic.ben) == 1


def test_a_lifters_role_fills_a_demo_and_trains_on_after_it(
    clinic: Clinic, as_ana: TrainingLog
) -> None:
    as_ana.choose_lifter(None)
    as_ana.fill_demo(weeks=2, end=CUFF_ON - timedelta(days=1), force=True)

    the_next_writes_save(as_ana, cuff_on=CUFF_ON + timedelta(days=3))
    assert clinic.owners_count("block", clinic.ben) == 1
