"""A real, throwaway PostgreSQL server for the tests, run from Debian's binaries.

Nothing here is mocked: `initdb` makes a cluster in a fresh temporary folder, `pg_ctl`
starts and stops it, and the tests reach it the way the app does, over TCP with a
password. PostgreSQL refuses to run as root, and CI runs as root: then every server
program runs as the `postgres` system user (through `runuser`), which owns the folder.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, LiteralString
from urllib.parse import quote, unquote, urlsplit

import psycopg
from psycopg import sql

# Debian installs each major version side by side (postgresql-common); the newest wins.
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
HOW_TO_GET_IT = "PostgreSQL tests need Debian's postgresql package: apt-get install -y postgresql"
SERVER_USER = "postgres"
SUPERUSER = "postgres"
APP_ROLE = "bfr_test"
APP_PASSWORD = "bfr-test-password"
LOG_NAME = "server.log"
# Sessions run in the same US Central zone as the tests (tests/conftest.py), named so
# that the server and psycopg both know it from the zone database (Debian's postgresql
# package brings it): a time read back in the server's zone where UTC is meant fails.
SERVER_ZONE = "America/Chicago"
START_TIMEOUT_SECONDS = 60
# A port picked free can be taken by someone else before the server binds it.
START_ATTEMPTS = 3

# Run as `python -c WATCHDOG STOP_COMMAND_JSON FOLDER`, its stdin the tests' end of a pipe.
WATCHDOG = """
import json, shutil, subprocess, sys
sys.stdin.buffer.read()
subprocess.run(json.loads(sys.argv[1]), capture_output=True)
shutil.rmtree(sys.argv[2], ignore_errors=True)
"""

StopMode = Literal["smart", "fast", "immediate"]


def find_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL bin folder holding initdb and pg_ctl, if any."""
    found: list[tuple[tuple[int, ...], Path]] = []
    for bin_dir in Path("/").glob(DEBIAN_BIN_GLOB.lstrip("/")):
        numbers = re.findall(r"\d+", bin_dir.parent.name)
        if numbers and (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
            found.append((tuple(int(n) for n in numbers), bin_dir))
    return max(found)[1] if found else None


def why_unavailable() -> str | None:
    """None when a server can run here; otherwise the one line telling how to get one."""
    if find_bin_dir() is None:
        return HOW_TO_GET_IT
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"{HOW_TO_GET_IT} (it creates the {SERVER_USER} user the server runs as)"
        if shutil.which("runuser") is None:
            return "PostgreSQL tests as root need runuser (util-linux) to run as postgres"
    return None


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def database_of(url: str) -> str:
    """The database a `postgresql://` URL names."""
    return unquote(urlsplit(url).path.lstrip("/"))


class ServerCommandError(RuntimeError):
    """initdb or pg_ctl failed; the message has what it wrote."""


class ServerStartError(RuntimeError):
    """The server did not start; the message ends with the tail of its log."""


class ThrowawayPostgres:
    """One PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:port.

    The superuser logs in over the Unix socket without a password (`trust`); everyone
    on TCP needs a password (`scram-sha-256`), so a wrong one is refused as it would be
    on a real server. `APP_ROLE` owns every database `create_database` makes.
    """

    def __init__(self, *, timezone: str = SERVER_ZONE, max_connections: int = 100) -> None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise RuntimeError(HOW_TO_GET_IT)
        self.bin_dir: Path = bin_dir
        self.timezone = timezone
        self.max_connections = max_connections
        self.as_root = os.geteuid() == 0
        self.host = "127.0.0.1"
        self.port = 0
        self.role = APP_ROLE
        self.password = APP_PASSWORD
        self.superuser = SUPERUSER
        self.base_dir: Path | None = None
        self._created_role = False
        self._running = False
        self._closed = False
        self._database_count = 0
        self._atexit_registered = False
        self._watchdog: subprocess.Popen[bytes] | None = None

    # Where things are -------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        """The cluster's data folder (initdb's -D)."""
        return self._base() / "data"

    @property
    def socket_dir(self) -> Path:
        """The folder holding the server's Unix socket."""
        return self._base() / "socket"

    @property
    def log_file(self) -> Path:
        """Everything the server writes to stderr, in its data folder."""
        return self.data_dir / LOG_NAME

    @property
    def running(self) -> bool:
        """Whether this object started the server and has not stopped it since."""
        return self._running

    def _base(self) -> Path:
        if self.base_dir is None:
            raise RuntimeError("the server was never started")
        return self.base_dir

    # Life cycle -------------------------------------------------------------------

    def start(self) -> None:
        """Start the server: the first time, make the cluster and the app's role.

        Later starts reuse the same data and port (after a `stop`, even an immediate
        one, the server recovers from its write-ahead log as after a crash).
        """
        if self._closed:
            raise RuntimeError("the server was closed; make a new one")
        if self._running:
            return
        if not self._atexit_registered:
            # Whatever happens to the test run, no server outlives it.
            atexit.register(self.close)
            self._atexit_registered = True
        if self.base_dir is None:
            self._make_cluster()
            self._watchdog = self._start_watchdog()
            self._start_on_a_free_port()
        else:
            self._pg_ctl_start()
        self._running = True
        if not self._created_role:
            self.superuser_sql(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(self.role), sql.Literal(self.password)
                )
            )
            self._created_role = True

    def stop(self, mode: StopMode = "fast") -> None:
        """Stop the server; `immediate` is a crash (no checkpoint, clients cut off)."""
        if not self._running:
            return
        self._run([self._bin("pg_ctl"), "stop", "-D", str(self.data_dir), "-m", mode, "-w"])
        self._running = False

    def close(self) -> None:
        """Stop the server at once and remove its folder (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._running:
                self.stop("immediate")
        finally:
            if self.base_dir is not None:
                shutil.rmtree(self.base_dir, ignore_errors=True)
            if self._watchdog is not None:
                self._watchdog.kill()
                self._watchdog.wait()
            if self._atexit_registered:
                atexit.unregister(self.close)

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Databases --------------------------------------------------------------------

    def url(
        self, database: str, *, password: str | None = None, role: str | None = None
    ) -> str:
        """The URL the app is given: the app's role (or ``role``, with its ``password``),
        with a password, over TCP."""
        secret = self.password if password is None else password
        user = self.role if role is None else role
        return (
            f"postgresql://{quote(user, safe='')}:{quote(secret, safe='')}"
            f"@{self.host}:{self.port}/{quote(database, safe='')}"
        )

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new, empty database owned by the app's role; returns its URL.

        `template` copies a database instead (it must have no open connections).
        """
        if name is None:
            self._database_count += 1
            name = f"bfr_{self._database_count}_{uuid.uuid4().hex[:8]}"
        statement = sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(name), sql.Identifier(self.role)
        )
        if template is not None:
            statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
        self.superuser_sql(statement)
        return self.url(name)

    def drop_database(self, name_or_url: str) -> None:
        """Drop a database (by name, or by a URL `url` gave), cutting off its clients."""
        name = database_of(name_or_url) if "://" in name_or_url else name_or_url
        self.superuser_sql(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def superuser_sql(
        self,
        statement: LiteralString | sql.SQL | sql.Composed,
        params: Sequence[Any] | None = None,
        *,
        database: str = "postgres",
    ) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser over the Unix socket, in autocommit.

        Autocommit because CREATE/DROP DATABASE refuse to run inside a transaction.
        Returns the rows, or nothing for a statement without any.
        """
        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=self.superuser,
            dbname=database,
            autocommit=True,
        ) as connection:
            cursor = connection.execute(statement, params)
            return cursor.fetchall() if cursor.description is not None else []

    # Running the server's programs ---------------------------------------------------

    def _make_cluster(self) -> None:
        # mkdtemp makes the folder 0700 under the system temporary folder (never under
        # pytest's own 0700 folders, which the postgres user could not reach).
        self.base_dir = Path(tempfile.mkdtemp(prefix="bfr-postgres-"))
        self.socket_dir.mkdir(mode=0o700)
        if self.as_root:
            server_user = pwd.getpwnam(SERVER_USER)
            for path in (self.base_dir, self.socket_dir):
                os.chown(path, server_user.pw_uid, server_user.pw_gid)
        self._run(
            [
                self._bin("initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                self.superuser,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                # English messages, whatever the machine's locale, so tests can read them.
                "--no-locale",
                # A throwaway: nothing need survive a power cut.
                "--no-sync",
            ]
        )

    def _start_watchdog(self) -> subprocess.Popen[bytes]:
        """A process that stops the server and removes its folder once the tests die.

        atexit and the fixture's teardown cover an orderly end and Ctrl-C; a test run
        killed outright (SIGKILL, a CI timeout) closes the pipe, which is all the
        watchdog waits for. In its own session, so Ctrl-C at the terminal spares it.
        """
        stop = self._as_server_user(
            [self._bin("pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "immediate", "-w"]
        )
        return subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, json.dumps(stop), str(self._base())],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self._base(),
            start_new_session=True,
        )

    def _write_settings(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "max_connections": str(self.max_connections),
            "timezone": f"'{self.timezone}'",
            "log_timezone": "'UTC'",
            # A throwaway survives a crash of the server (its data is in the page cache)
            # but not of the machine, which is all a test needs. synchronous_commit stays
            # on: a commit the client saw must survive `pg_ctl stop -m immediate`.
            "fsync": "off",
            "full_page_writes": "off",
        }
        lines = "".join(f"{name} = {value}\n" for name, value in settings.items())
        # postgresql.auto.conf is read last, so these win over postgresql.conf; it is
        # rewritten whole each time, so a new port replaces the old one.
        auto_conf = self.data_dir / "postgresql.auto.conf"
        text = "# Written by the test suite's throwaway server.\n" + lines
        auto_conf.write_text(text)
        if self.as_root:
            # Root may write in the postgres user's 0700 folder; the server must still own
            # its file.
            server_user = pwd.getpwnam(SERVER_USER)
            os.chown(auto_conf, server_user.pw_uid, server_user.pw_gid)

    def _start_on_a_free_port(self) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = free_port()
            self._write_settings()
            try:
                self._pg_ctl_start()
                return
            except ServerStartError as error:
                if attempt == START_ATTEMPTS or "could not bind" not in str(error):
                    raise

    def _pg_ctl_start(self) -> None:
        try:
            self._run(
                [
                    self._bin("pg_ctl"),
                    "start",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-w",
                    "-t",
                    str(START_TIMEOUT_SECONDS),
                ]
            )
        except ServerCommandError as error:
            # pg_ctl may give up while the postmaster still runs: never leave it behind.
            with contextlib.suppress(ServerCommandError):
                self._run([self._bin("pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "i"])
            raise ServerStartError(
                f"PostgreSQL did not start on port {self.port}: {error}\n"
                f"--- last lines of {self.log_file} ---\n{self._log_tail()}"
            ) from error

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError as error:
            return f"(no log: {error})"
        return "\n".join(text.splitlines()[-lines:])

    def _bin(self, program: str) -> str:
        return str(self.bin_dir / program)

    def _as_server_user(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", SERVER_USER, "--", *command] if self.as_root else command

    def _run(self, command: list[str]) -> None:
        # The postgres user may not be able to enter the caller's folder: run in ours.
        done = subprocess.run(
            self._as_server_user(command),
            cwd=self._base(),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise ServerCommandError(
                f"{Path(command[0]).name} {command[1]} failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()}"
            )
