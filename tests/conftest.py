"""Settings every test shares."""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from bfr_tui.cli import LIFTER_ENV_VAR
from bfr_tui.store.paths import DB_ENV_VAR
from tests.postgres_server import ThrowawayPostgres, why_unavailable

# Every test runs in a zone far from UTC, with summer time, so a time shown in UTC
# where local time is meant (or a day cut at UTC midnight) shows up as a failure
# whatever the machine's own zone is. 18:30 in Chicago on a March evening is already
# the next day in UTC. Child processes (the real-process tests) inherit it.
# A POSIX rule (US Central: UTC-6, UTC-5 from March to November), so no time zone
# database is needed on the machine.
TEST_ZONE = "CST6CDT,M3.2.0,M11.1.0"
os.environ["TZ"] = TEST_ZONE
time.tzset()


# The throwaway PostgreSQL server ------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for the server is a PostgreSQL test, marked or not.

    So `-m "not postgresql"` leaves out every test that would start the server.
    """
    for item in items:
        if "postgres_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgresql)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A skip raised by a fixture here is reported where it was raised, not at each test.

    So the tests that need a missing server fold into one line of the summary, however
    many files they are in (pytest reports a fixture's skip at the test by default).
    """
    report = yield
    if call.when == "setup" and report.skipped and call.excinfo is not None:
        here = Path(__file__)
        for entry in reversed(call.excinfo.traceback):
            if entry.path == here and isinstance(report.longrepr, tuple):
                report.longrepr = (str(here), entry.lineno + 1, report.longrepr[2])
                break
    return report


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ThrowawayPostgres]:
    """One real PostgreSQL server for the whole run, stopped and removed at the end.

    Skipped, with the one line saying how to get it, when the binaries are missing.
    """
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(reason)
    server = ThrowawayPostgres()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
    ]
)
def log_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty training log on each engine: a SQLite file, a database on the server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bfr.db'}"
        return
    server: ThrowawayPostgres = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    # A fault test may have left the server down: the next test gets it back up.
    if not server.running:
        server.start()
    server.drop_database(url)


@pytest.fixture
def own_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No log or lifter from the environment, and the data dir under ``tmp_path``."""
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.delenv(LIFTER_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
