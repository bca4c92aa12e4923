"""The suite's throwaway PostgreSQL server: a real server the app can be pointed at."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import psycopg
import pytest

from tests.postgres_server import (
    SERVER_USER,
    SERVER_ZONE,
    ServerStartError,
    ThrowawayPostgres,
    database_of,
)

pytestmark = pytest.mark.postgresql


def test_the_server_answers_at_the_url_it_gives(postgres_server: ThrowawayPostgres) -> None:
    url = postgres_server.create_database()

    with psycopg.connect(url) as connection:
        answer = connection.execute("SELECT 1, current_user, current_database()").fetchone()

    assert url.startswith(f"postgresql://{postgres_server.role}:")
    assert f"@127.0.0.1:{postgres_server.port}/" in url
    assert answer == (1, postgres_server.role, database_of(url))


def test_the_app_role_owns_its_database_and_is_no_superuser(
    postgres_server: ThrowawayPostgres,
) -> None:
    url = postgres_server.create_database()

    with psycopg.connect(url) as connection:
        owner, superuser = connection.execute(
            "SELECT pg_get_userbyid(datdba), current_setting('is_superuser')"
            " FROM pg_database WHERE datname = current_database()"
        ).fetchone() or (None, None)

    assert (owner, superuser) == (postgres_server.role, "off")


def test_two_databases_are_separate(postgres_server: ThrowawayPostgres) -> None:
    first = postgres_server.create_database()
    second = postgres_server.create_database()
    with psycopg.connect(first) as connection:
        connection.execute("CREATE TABLE lift (name text)")
        connection.execute("INSERT INTO lift VALUES ('curl')")

    with psycopg.connect(second) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'lift'"
        ).fetchone()

    assert first != second
    assert tables == (0,)


def test_a_database_made_from_a_template_starts_with_its_rows(
    postgres_server: ThrowawayPostgres,
) -> None:
    template = postgres_server.create_database()
    with psycopg.connect(template) as connection:
        connection.execute("CREATE TABLE lift (name text)")
        connection.execute("INSERT INTO lift VALUES ('curl')")

    copy = postgres_server.create_database(template=database_of(template))

    with psycopg.connect(copy) as connection:
        assert connection.execute("SELECT name FROM lift").fetchall() == [("curl",)]


def test_a_wrong_password_is_refused(postgres_server: ThrowawayPostgres) -> None:
    url = postgres_server.create_database()
    wrong = postgres_server.url(database_of(url), password="not-the-password")

    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong)


def test_a_dropped_database_is_gone(postgres_server: ThrowawayPostgres) -> None:
    url = postgres_server.create_database()
    still_connected = psycopg.connect(url)

    postgres_server.drop_database(url)

    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        psycopg.connect(url)
    still_connected.close()


def test_a_commit_survives_an_immediate_stop(postgres_server: ThrowawayPostgres) -> None:
    url = postgres_server.create_database()
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE lift (name text)")
        connection.execute("INSERT INTO lift VALUES ('curl')")
    port = postgres_server.port
    open_before = psycopg.connect(url)

    postgres_server.stop("immediate")
    with pytest.raises(psycopg.OperationalError):
        open_before.execute("SELECT 1")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)
    postgres_server.start()

    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT name FROM lift").fetchall() == [("curl",)]
    assert postgres_server.port == port
    open_before.close()


def test_the_server_files_belong_to_the_server_user_alone(
    postgres_server: ThrowawayPostgres,
) -> None:
    expected_owner = SERVER_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    folders: list[Path] = [postgres_server.data_dir, postgres_server.socket_dir]
    files = [postgres_server.log_file, postgres_server.data_dir / "PG_VERSION"]

    owners = {pwd.getpwuid(path.stat().st_uid).pw_name for path in [*folders, *files]}
    modes = {stat.S_IMODE(folder.stat().st_mode) for folder in folders}

    assert owners == {expected_owner}
    assert modes == {0o700}


def running(pid: int) -> bool:
    """Whether a process exists and is no zombie waiting for its parent to reap it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def postmaster_pid(server: ThrowawayPostgres) -> int:
    return int((server.data_dir / "postmaster.pid").read_text().split()[0])


def test_the_server_runs_as_the_server_user(postgres_server: ThrowawayPostgres) -> None:
    process = Path(f"/proc/{postmaster_pid(postgres_server)}")

    owner = pwd.getpwuid(process.stat().st_uid).pw_name

    assert owner == (SERVER_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name)


# Asks for the shared server only so that it is skipped the same way, with one line.
@pytest.mark.usefixtures("postgres_server")
def test_a_closed_server_leaves_no_process_and_no_folder() -> None:
    server = ThrowawayPostgres()
    server.start()
    postmaster = postmaster_pid(server)
    base_dir = server.base_dir
    assert base_dir is not None
    assert running(postmaster)

    server.close()

    assert not running(postmaster)
    assert not base_dir.exists()


def test_sessions_read_times_in_the_test_zone(postgres_server: ThrowawayPostgres) -> None:
    url = postgres_server.create_database()

    with psycopg.connect(url) as connection:
        zone = connection.execute("SHOW TimeZone").fetchone()

    assert zone == (SERVER_ZONE,)


def test_every_log_url_is_fresh_and_empty(log_url: str, tmp_path: Path) -> None:
    if log_url.startswith("sqlite:///"):
        assert log_url == f"sqlite:///{tmp_path / 'bfr.db'}"
        assert not (tmp_path / "bfr.db").exists()
        return
    with psycopg.connect(log_url) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)


# Asks for the shared server only so that it is skipped the same way, with one line.
@pytest.mark.usefixtures("postgres_server")
def test_a_server_that_cannot_start_says_why_and_leaves_nothing_running() -> None:
    server = ThrowawayPostgres(max_connections=0)

    with pytest.raises(ServerStartError, match="max_connections") as refused:
        server.start()

    assert "last lines of" in str(refused.value)
    assert not server.running
    assert not (server.data_dir / "postmaster.pid").exists()
    server.close()
