"""Steps a lifter takes, keyed through Pilot: shared by the screenshots and the tests."""

from __future__ import annotations

from textual.pilot import Pilot

from bfr_tui.app import BfrApp
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.live import LiveBlockScreen


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up, without sleeping."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Click a field, clear it and type ``text`` key by key."""
    await pilot.click(selector)
    await pilot.press("home", "ctrl+k", *list(text))


async def open_cuff_check(pilot: Pilot[None], exercise_id: int) -> CuffCheckScreen:
    """Start the cuff check for an exercise, as the list's enter key does."""
    app = pilot.app
    assert isinstance(app, BfrApp)
    app.start_block_for(exercise_id)
    await settle(pilot)
    assert isinstance(app.screen, CuffCheckScreen)
    return app.screen


async def cuffs_on(
    pilot: Pilot[None], exercise_id: int, *, load: str | None = None, tightness: str = "7"
) -> LiveBlockScreen:
    """Do the cuff check (pulse felt, skin normal) and start the block."""
    await open_cuff_check(pilot, exercise_id)
    await type_into(pilot, "#tightness", tightness)
    if load is not None:
        await type_into(pilot, "#load", load)
    await pilot.click("#pulse")
    await pilot.click("#skin")
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LiveBlockScreen), type(screen)
    return screen


async def do_set(pilot: Pilot[None], reps: int) -> None:
    """Count ``reps`` with the space bar and finish the set with enter."""
    await pilot.press(*(["space"] * reps))
    await pilot.press("enter")
    await settle(pilot)
