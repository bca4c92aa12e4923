"""``bfr-tui db grant`` and ``db revoke``: a server's roles given one lifter's training or
everyone's, and refused on a SQLite file, which has one owner."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg import sql

from bfr_tui.cli import main, prepared_app
from bfr_tui.domain.clock import SystemClock
from tests.cli_runs import ERROR_PREFIX, run
from tests.postgres_server import ThrowawayPostgres

pytestmark = pytest.mark.usefixtures("own_environment")

PASSWORD = "grant-test"


@pytest.mark.parametrize(
    "grant",
    [("grant", "--lifter", "Ana", "--role", "ana"), ("grant", "--coach", "physio"),
     ("revoke", "--role", "ana")],
    ids=["lifter", "coach", "revoke"],
)
def test_a_sqlite_file_has_one_owner_and_no_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], grant: tuple[str, ...]
) -> None:
    where = str(tmp_path / "bfr.db")
    assert run(capsys, "lifters", "add", "Ana", "--db", where)[0] == 0

    code, out, err = run(capsys, "db", *grant, "--db", where)

    assert (code, out) == (2, "")
    assert err == (
        f"{ERROR_PREFIX}a SQLite file has one owner, no roles: roles and bfr-tui db grant "
        "are for a log on a PostgreSQL server\n"
    )


@pytest.mark.parametrize(
    "argv",
    [(), ("--lifter", "Ana"), ("--role", "ana"),
     ("--lifter", "Ana", "--role", "a", "--coach", "c")],
    ids=["nothing", "lifter-alone", "role-alone", "both"],
)
def test_a_grant_says_whom_in_one_way_or_the_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, _out, err = run(capsys, "db", "grant", *argv, "--db", str(tmp_path / "bfr.db"))

    assert code == 2 and err.startswith(f"{ERROR_PREFIX}db grant") and err.count("\n") == 1
    assert not (tmp_path / "bfr.db").exists()


@pytest.fixture
def clinic(postgres_server: ThrowawayPostgres) -> Iterator[tuple[str, dict[str, str]]]:
    """A server's log with lifters Ana and Ben (a short demo each), as its owner's URL,
    and each role's URL (ana, coach) by name."""
    owner_url = postgres_server.create_database()
    database = owner_url.rsplit("/", 1)[1]
    tag = uuid.uuid4().hex[:8]
    roles = {who: f"{who}_{tag}" for who in ("ana", "coach")}
    for role in roles.values():
        postgres_server.superuser_sql(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(PASSWORD)
        ))
    for name in ("Ana", "Ben"):
        assert main(["lifters", "add", name, "--db", owner_url]) == 0
        assert main(["demo", "--db", owner_url, "--lifter", name, "--weeks", "1"]) == 0
    urls = {
        who: postgres_server.url(database, role=role, password=PASSWORD)
        for who, role in roles.items()
    }
    yield owner_url, {**roles, **{f"{who}_url": url for who, url in urls.items()}}
    postgres_server.drop_database(owner_url)
    for role in roles.values():
        postgres_server.superuser_sql(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_granted_lifters_role_works_on_their_training_alone_until_revoked(
    clinic: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    owner_url, roles = clinic
    ana, ana_url = roles["ana"], roles["ana_url"]
    capsys.readouterr()

    code, out, err = run(capsys, "db", "grant", "--lifter", "ana", "--role", ana,
                         "--db", owner_url)
    assert code == 0, err
    assert out.startswith(f"{ana} now reads and writes Ana's training in ")
    assert out.endswith(", and no one else's.\n")

    # As Ana's role: Ana alone, with no --lifter needed, and only her sets in an export.
    code, out, _err = run(capsys, "lifters", "list", "--db", ana_url)
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["Ana"]
    code, out, _err = run(capsys, "export", "--db", ana_url)
    own_sets = len(list(csv.reader(io.StringIO(out)))) - 1
    code, out, _err = run(capsys, "export", "--db", owner_url, "--lifter", "Ana")
    assert own_sets == len(list(csv.reader(io.StringIO(out)))) - 1 > 0
    app = prepared_app(ana_url, clock=SystemClock())
    try:
        assert app.training_log.lifter is not None
        assert app.training_log.lifter.name == "Ana"
    finally:
        app.training_log.close()

    code, out, _err = run(capsys, "db", "revoke", "--role", ana, "--db", owner_url)
    assert (code, out.endswith(" (it was Ana's role).\n")) == (0, True)
    code, out, err = run(capsys, "lifters", "list", "--db", ana_url)
    assert code == 2 and err.count("\n") == 1
    assert f"{ana} cannot read or write the log" in err and "db grant" in err


def test_a_coach_is_granted_every_lifter_and_may_not_grant_others(
    clinic: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    owner_url, roles = clinic
    coach, coach_url = roles["coach"], roles["coach_url"]
    capsys.readouterr()

    code, out, err = run(capsys, "db", "grant", "--coach", coach, "--db", owner_url)
    assert code == 0, err
    assert out.startswith(f"{coach} now reads and writes every lifter's training in ")
    code, out, _err = run(capsys, "lifters", "list", "--db", coach_url)
    assert [line.split()[0] for line in out.splitlines()] == ["Ana", "Ben"]

    code, out, err = run(capsys, "db", "grant", "--lifter", "Ana", "--role", roles["ana"],
                         "--db", coach_url)
    assert (code, out) == (2, "")
    assert err.startswith(f"{ERROR_PREFIX}only the owner of the log's tables")


def test_a_role_the_server_does_not_know_is_named_with_how_to_create_it(
    clinic: tuple[str, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    owner_url, _roles = clinic
    capsys.readouterr()

    code, _out, err = run(capsys, "db", "grant", "--lifter", "Ana", "--role", "kim",
                          "--db", owner_url)

    assert code == 2
    assert err == (
        f"{ERROR_PREFIX}role \"kim\" does not exist; create it first: "
        "CREATE ROLE \"kim\" LOGIN PASSWORD '...'\n"
    )
