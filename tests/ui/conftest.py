"""Fixtures for driving the real app under Pilot on real SQLite files."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from bfr_tui.app import BfrApp, make_app
from bfr_tui.domain.clock import FakeClock
from bfr_tui.domain.screening import SCREENING_QUESTIONS

# The fake clock's start and the log's lifter: one definition for all.
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.store import open_log, queries
from bfr_tui.store.engine import open_database, prepare_database, session_scope
from bfr_tui.store.paths import sqlite_url
from bfr_tui.store.seed import seed_exercises

SIZE = (100, 32)


@contextmanager
def held_by_another_window(path: Path) -> Iterator[None]:
    """Another window on the log holds its write lock until the block ends, so the
    app's writes wait (and retry) meanwhile."""
    other_window = sqlite3.connect(path, isolation_level=None)
    other_window.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other_window.rollback()
        other_window.close()


def screen_profile(path: Path, *, on: date | None = None) -> None:
    """Mark the lifter as screened (all answers no) on ``on``."""
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        queries.save_screening(
            session=session,
            lifter_id=lifter,
            answers={q.key: False for q in SCREENING_QUESTIONS},
            screened_on=on or NOW.date(),
            cleared=False,
        )
    engine.dispose()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A prepared log with the exercise library and a screened profile, no training yet."""
    path = tmp_path / "log.db"
    engine = open_database(path)
    lifter_id(engine)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=NOW)
    engine.dispose()
    screen_profile(path)
    return path


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A log filled by the demo generator with a fixed seed, ending at NOW."""
    from bfr_tui.store.demo import fill_demo

    path = tmp_path / "demo.db"
    engine = open_database(path)
    fill_demo(engine=engine, lifter_id=lifter_id(engine), weeks=8, seed=7, end=NOW)
    engine.dispose()
    screen_profile(path)
    return path


@pytest.fixture
def clock() -> FakeClock:
    """A clock frozen at NOW until a test moves it."""
    return FakeClock(start=NOW)


@pytest.fixture
def app_for(clock: FakeClock) -> Callable[[Path], BfrApp]:
    """Build the real app on a database file with the fake clock."""

    def build(path: Path) -> BfrApp:
        prepare_database(path)
        return make_app(log=open_log(sqlite_url(path)), clock=clock)

    return build


def exercise_id(path: Path, name: str) -> int:
    """The id of a library exercise by name."""
    engine = open_database(path)
    with session_scope(engine) as session:
        exercise = queries.find_exercise_by_name(session=session, name=name)
        assert exercise is not None and exercise.id is not None
        found = exercise.id
    engine.dispose()
    return found
