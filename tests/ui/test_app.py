"""The app's own work (profile, crash check, closing, theme): a failure is shown, never silent."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from bfr_tui.app import BfrApp
from bfr_tui.domain.limbs import Side
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.resume import ResumeBlockScreen
from bfr_tui.screens.screening import ScreeningScreen
from bfr_tui.showcase.scenes import NOW, lifter_id
from bfr_tui.showcase.steps import settle, wait_for
from bfr_tui.store import queries
from bfr_tui.store.block_log import start_block
from bfr_tui.store.engine import open_database, session_scope
from tests.plans import plan_for
from tests.ui.conftest import SIZE

CURL = "Dumbbell curl"


def toasts(app: BfrApp) -> str:
    """Every notification shown so far, title and message."""
    return " ".join(f"{note.title} {note.message}" for note in app._notifications)


def leave_block_open(path: Path) -> int:
    """What a crash leaves: a block of curls with its cuff on and no cuff-off."""
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name=CURL)
        assert curl is not None
        plan = plan_for(curl, side=Side.LEFT.value)
        block = start_block(
            session=session, lifter_id=lifter, plan=plan, cuff_on_at=NOW - timedelta(minutes=3)
        )
        assert block.id is not None
        block_id = block.id
    engine.dispose()
    return block_id


def run_sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement)


def cuff_off_of(path: Path, block_id: int) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT cuff_off_at FROM block WHERE id = ?", (block_id,))
        value: str | None = row.fetchone()[0]
    return value


async def test_a_crash_check_that_cannot_read_the_open_block_says_so(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    block_id = leave_block_open(empty_db)
    # A damaged log: the open block's exercise row is gone (the list never shows it).
    run_sql(empty_db, f"DELETE FROM exercise WHERE id = (SELECT exercise_id FROM block "
                      f"WHERE id = {block_id})")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "block left open" in toasts(app), "the failure")
        await settle(pilot)

        assert isinstance(app.screen, ExerciseSelectScreen)
        assert "Could not check for a block left open" in toasts(app)
        assert f"block {block_id}" in toasts(app)


async def test_closing_an_interrupted_block_that_the_log_refuses_says_it_stays_open(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    block_id = leave_block_open(empty_db)
    run_sql(
        empty_db,
        "CREATE TRIGGER refuse_close BEFORE UPDATE ON block "
        "BEGIN SELECT RAISE(ABORT, 'the log refused the write'); END",
    )
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResumeBlockScreen), "the offer")
        await pilot.press("c")
        await wait_for(pilot, lambda: "Could not close" in toasts(app), "the failure")

        assert "the log refused the write" in toasts(app)
        assert "still open" in toasts(app)
        assert "Block closed" not in toasts(app)
    assert cuff_off_of(empty_db, block_id) is None


async def test_a_profile_this_version_cannot_read_says_so_and_still_asks_the_screening(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    run_sql(empty_db, "UPDATE lifter SET unit = 'stone'")
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "profile" in toasts(app), "the failure")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen), "the screening")

        assert "Could not read your profile" in toasts(app)
        assert "'stone'" in toasts(app)
        assert not app.screening_clear


async def test_a_theme_the_log_refuses_to_save_says_so(
    empty_db: Path, app_for: Callable[[Path], BfrApp]
) -> None:
    run_sql(
        empty_db,
        "CREATE TRIGGER refuse_theme BEFORE UPDATE ON lifter "
        "BEGIN SELECT RAISE(ABORT, 'the log refused the write'); END",
    )
    app = app_for(empty_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await wait_for(pilot, lambda: "theme" in toasts(app), "the failure")

        assert "Could not save the theme" in toasts(app)
        assert "the log refused the write" in toasts(app)
