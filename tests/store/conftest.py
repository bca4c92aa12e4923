"""A fresh training log on a real SQLite file for every store test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store.engine import open_database, session_scope


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's log file lives (not created yet)."""
    return tmp_path / "log.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine on a new, fully migrated log file."""
    engine = open_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One unit of work on the test's log, committed at the end of the test."""
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def lifter(engine: Engine) -> int:
    """The id of the log's lifter (the showcase's), added to the test's log."""
    return lifter_id(engine)
