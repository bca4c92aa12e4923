"""Steps a lifter takes, keyed through Pilot: shared by the screenshots and the tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
from typing import Any, cast

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from bfr_tui.app import BfrApp
from bfr_tui.domain.clock import FakeClock
from bfr_tui.screens.between_blocks import BetweenBlocksScreen
from bfr_tui.screens.cuff_check import CuffCheckScreen
from bfr_tui.screens.exercises import ExerciseSelectScreen
from bfr_tui.screens.lifter_picker import LifterPickerScreen
from bfr_tui.screens.live import LiveBlockScreen

# How many rounds of "workers done, screen refreshed" make a screen steady: a worker's
# result can start another worker (a page of history starts the chart's load).
SETTLE_ROUNDS = 3
# Rounds of "workers done, screen refreshed" before a wanted state counts as never coming.
MAX_WAIT_ROUNDS = 200
# How long the widgets under the top screen get to handle what they had queued before a
# step goes on without them (a widget removed meanwhile never answers).
DRAIN_TIMEOUT_S = 30.0
# Enough presses of + to stretch any rest the protocols allow (15-90 s) to a few minutes.
MAX_REST_PRESSES = 20


async def workers_done(app: App[Any]) -> None:
    """Wait for every worker the app has now; a failed one raises, a cancelled one not.

    A screen that reloads twice in a row cancels its first load (``exclusive``), which
    is no fault: Textual's ``wait_for_complete`` would raise for it all the same.
    """
    for worker in list(app.workers):
        with suppress(WorkerCancelled):
            await worker.wait()


async def screens_under_drained(app: App[Any]) -> None:
    """Wait until every widget on the screens under the top one has handled its queue.

    Pilot's pause waits so for the screen on top only. For the screens under a dialog
    it trusts a guess, that a process using no CPU has no work left, and on a busy
    machine that guess comes early: a picture of the screening then shows the list
    under it before the list's table has sized its columns (a table does that once its
    queue is empty).
    """
    loop = asyncio.get_running_loop()
    answers: list[asyncio.Future[None]] = []
    for screen in app.screen_stack[:-1]:
        for node in screen.walk_children(with_self=True):
            answer: asyncio.Future[None] = loop.create_future()
            if node.call_later(answer.set_result, None):
                answers.append(answer)
    if answers:
        await asyncio.wait(answers, timeout=DRAIN_TIMEOUT_S)


async def settle(pilot: Pilot[None], *, screens_under: bool = False) -> None:
    """Let workers finish and the screen catch up, without sleeping.

    With ``screens_under`` the screens under the top one catch up too: a picture shows
    them around a dialog, and a step that only looks at the top need not wait for them.
    """
    app = pilot.app
    for _ in range(SETTLE_ROUNDS):
        await workers_done(app)
        if screens_under:
            await screens_under_drained(app)
        await pilot.pause()


async def wait_for(pilot: Pilot[None], ready: Callable[[], object], what: str) -> None:
    """Settle round by round until ``ready()`` is true; fail saying ``what`` never came.

    Workers chain (a write's callback switches screen, the new screen starts a read), so
    a fixed number of rounds can end one link short on a busy machine; waiting for the
    state itself cannot.
    """
    app = pilot.app
    for _ in range(MAX_WAIT_ROUNDS):
        if ready():
            return
        await workers_done(app)
        await pilot.pause()
    raise AssertionError(f"gave up waiting for {what}")


def error_toasts(pilot: Pilot[None]) -> list[str]:
    """The text of every error toast on screen (a failed worker shows as one)."""
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")
            if toast.has_class("-error")]


async def steady(pilot: Pilot[None], *, keep_toasts: bool = False) -> None:
    """Settle and (unless the toast is the point) clear toasts, ready for a screenshot.

    A toast's height and fade depend on when the shot is taken, so a picture with one
    is only steady when the toast is what it shows. An error toast is never cleared
    away silently: it fails the scene, naming the error.
    """
    await settle(pilot)
    if not keep_toasts:
        errors = error_toasts(pilot)
        assert not errors, f"the app showed an error: {errors}"
        pilot.app.clear_notifications()
    await settle(pilot, screens_under=True)


def fake_clock(pilot: Pilot[None]) -> FakeClock:
    """The app's injected clock, which only these steps move."""
    clock = cast(BfrApp, pilot.app).clock
    assert isinstance(clock, FakeClock), "the steps need an app built with a FakeClock"
    return clock


async def pass_time(pilot: Pilot[None], seconds: float) -> None:
    """Move the fake clock on and let the live panel (or the cuff-off time between a
    session's blocks) redraw its timers at once.

    The panel's own tick runs on real time; calling its update here makes the timers
    show the new time before the next step instead of "some time later".
    """
    fake_clock(pilot).advance(seconds)
    screen = pilot.app.screen
    if isinstance(screen, LiveBlockScreen | BetweenBlocksScreen):
        screen.update_clock()
    await settle(pilot)


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Click a field, clear it and type ``text`` key by key."""
    await pilot.click(selector)
    await pilot.press("home", "ctrl+k", *list(text))


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field (scrolling it into view), clear it and type ``text`` key by key.

    Unlike a click this works at any terminal size, even when the field starts out
    below the fold of a scrolling dialog.
    """
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("home", "ctrl+k", *list(text))


async def tick(pilot: Pilot[None], selector: str) -> None:
    """Focus a checkbox and press space on it."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("space")


async def highlight_exercise(pilot: Pilot[None], name: str) -> None:
    """Move the exercise list's cursor onto ``name`` with the arrow keys."""
    screen = pilot.app.screen
    assert isinstance(screen, ExerciseSelectScreen), type(screen)
    await wait_for(pilot, lambda: screen.shown_lines, "the exercise list")
    names = [line.name for line in screen.shown_lines]
    assert name in names, f"{name!r} is not in the list"
    table = screen.query_one("#exercise-table", DataTable)
    table.focus()
    moves = names.index(name) - table.cursor_row
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves))
    await settle(pilot)
    line = screen.highlighted()
    assert line is not None and line.name == name


async def open_cuff_check(pilot: Pilot[None], exercise_id: int) -> CuffCheckScreen:
    """Start the cuff check for an exercise, as the list's enter key does."""
    app = pilot.app
    assert isinstance(app, BfrApp)
    app.start_block_for(exercise_id)
    return await cuff_check_ready(pilot)


async def cuff_check_ready(pilot: Pilot[None]) -> CuffCheckScreen:
    """Wait until the open cuff check has read the exercise, its 1RM and last block."""
    screen = pilot.app.screen
    assert isinstance(screen, CuffCheckScreen), type(screen)
    await wait_for(pilot, lambda: screen.context is not None, "the cuff check to load")
    return screen


async def pick_custom_protocol(pilot: Pilot[None], reps: str, rest_s: int) -> None:
    """On the cuff check, switch the protocol to Custom and type its reps and rest."""
    pilot.app.screen.query_one("#protocol").focus()
    await pilot.pause()
    await pilot.press("enter", "down", "enter")
    await settle(pilot)
    await fill(pilot, "#custom-reps", reps)
    await fill(pilot, "#custom-rest", str(rest_s))


async def check_cuff(
    pilot: Pilot[None],
    *,
    load: str | None = None,
    tightness: str = "7",
    custom: tuple[str, int] | None = None,
) -> None:
    """Fill the open cuff check: tightness, pulse felt, skin normal, maybe a load.

    ``custom`` is a protocol's reps text and rest (``("30-15-15-15-15", 60)``).
    """
    await fill(pilot, "#tightness", tightness)
    if load is not None:
        await fill(pilot, "#load", load)
    await tick(pilot, "#pulse")
    await tick(pilot, "#skin")
    if custom is not None:
        await pick_custom_protocol(pilot, *custom)
    await settle(pilot)


async def start_block(pilot: Pilot[None]) -> LiveBlockScreen:
    """Cuffs on: start the block from a filled cuff check."""
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LiveBlockScreen),
                   "the live panel")
    screen = pilot.app.screen
    assert isinstance(screen, LiveBlockScreen)
    await all_sets_logged(pilot)
    return screen


def sets_saved(screen: LiveBlockScreen) -> bool:
    """True once the block is stored and every set in the panel's table says logged."""
    table = screen.query_one("#sets-done", DataTable)
    saved = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
    return screen.block_id is not None and all("logged" in cell for cell in saved)


async def all_sets_logged(pilot: Pilot[None]) -> None:
    """On the live panel, wait until every write so far has committed."""
    screen = pilot.app.screen
    if isinstance(screen, LiveBlockScreen):
        live = screen  # narrowed once, for the lambda that runs later
        # The last set ends the block and the panel gives way to the summary.
        await wait_for(pilot, lambda: pilot.app.screen is not live or sets_saved(live),
                       "the sets to be logged")


async def cuffs_on(
    pilot: Pilot[None],
    exercise_id: int,
    *,
    load: str | None = None,
    tightness: str = "7",
    custom: tuple[str, int] | None = None,
) -> LiveBlockScreen:
    """Do the cuff check (pulse felt, skin normal) and start the block."""
    await open_cuff_check(pilot, exercise_id)
    await check_cuff(pilot, load=load, tightness=tightness, custom=custom)
    return await start_block(pilot)


async def count_reps(
    pilot: Pilot[None], reps: int, *, seconds: float = 0, typed: bool = False
) -> None:
    """Count ``reps`` while ``seconds`` of the set go by.

    With ``typed`` the count is typed in digits and applied with enter once the time has
    gone by, so it is the count whatever the tempo counted meanwhile. Otherwise space
    once per rep, then the time (with a tempo, the beat counts on during it).
    """
    if typed:
        if seconds:
            await pass_time(pilot, seconds)
        await pilot.press(*str(reps), "enter")
        await settle(pilot)
        return
    await pilot.press(*(["space"] * reps))
    if seconds:
        await pass_time(pilot, seconds)


async def do_set(
    pilot: Pilot[None], reps: int, *, seconds: float = 0, typed: bool = False,
    last_rating: str = "",
) -> None:
    """Count ``reps`` (taking ``seconds``) and finish the set with enter.

    After the last set the panel asks its effort and discomfort before the summary:
    ``last_rating`` is typed there, then enter (nothing typed skips it).
    """
    await count_reps(pilot, reps, seconds=seconds, typed=typed)
    await pilot.press("enter")
    await settle(pilot)
    await all_sets_logged(pilot)
    screen = pilot.app.screen
    if isinstance(screen, LiveBlockScreen) and screen.rating_last_set:
        await pilot.press(*last_rating, "enter")
        await settle(pilot)


async def rest(pilot: Pilot[None], seconds: float) -> None:
    """Rest ``seconds`` with the cuff on, pressing + for more rest when that is longer.

    When the rest runs out the panel starts the next set by itself.
    """
    screen = pilot.app.screen
    assert isinstance(screen, LiveBlockScreen), type(screen)
    clock = fake_clock(pilot)
    for _ in range(MAX_REST_PRESSES):
        if screen.run.rest_remaining(clock.monotonic()) >= seconds:
            break
        await pilot.press("plus")
    else:
        raise AssertionError(f"could not stretch the rest to {seconds} s")
    await pass_time(pilot, seconds)


async def picker_ready(pilot: Pilot[None]) -> None:
    """Wait for "Who is training?", the first screen of a log of several lifters."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LifterPickerScreen),
                   "the lifter picker")
    await settle(pilot)


async def open_lifter(pilot: Pilot[None], typed: str) -> None:
    """On the picker, type ``typed`` and open the lifter it finds first, on their list."""
    await picker_ready(pilot)
    await pilot.press(*typed, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExerciseSelectScreen),
                   f"the exercise list of {typed!r}")
    await settle(pilot)
