"""What the stand-in lifter does in each benchmark process, and what it times.

Each scenario runs on the driver's input thread, takes the driver, its arguments
(from :mod:`benchmarks.run`) and the moment the parent started the process, and
returns a JSON-able dict of seconds. Only the standard library is imported at
the top: this module loads while the app is still starting, and must not slow it.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from benchmarks.driver import MAX_END_PRESSES, SETTLE_S, ScenarioFailed, screen_is

if TYPE_CHECKING:
    from benchmarks.driver import BenchDriver

EXERCISES = "ExerciseSelectScreen"
HISTORY = "HistoryScreen"
# The floor app's history screen (benchmarks.floor_app.HISTORY_SCREEN, not imported:
# this module loads while the app starts).
FLOOR_HISTORY = "FloorHistoryScreen"
LIVE = "LiveBlockScreen"
SUMMARY = "BlockSummaryScreen"
PICKER = "LifterPickerScreen"
COACH_OVERVIEW = "CoachOverviewScreen"
# Sets per block in the logging run: the most a protocol allows, so fewer blocks to start.
SETS_PER_BLOCK = 8


def _shows_any(needles: list[str]) -> Callable[[str], bool]:
    return lambda data: any(needle in data for needle in needles)


def _exercise_list(driver: BenchDriver, args: dict[str, Any]) -> tuple[float, float]:
    """Times of the first frame of the exercise list, and of the first with its rows."""
    names = _shows_any(args["names"])
    first = driver.watch(lambda app, _data: screen_is(app, EXERCISES))
    with_data = driver.watch(lambda app, data: screen_is(app, EXERCISES) and names(data))
    return (
        driver.wait(first, "the exercise list"),
        driver.wait(with_data, "an exercise name in the list"),
    )


def startup(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """Process start to the exercise list's first frame, and to its first frame with rows."""
    first, with_data = _exercise_list(driver, args)
    return {"first_paint_s": first - t0, "with_data_s": with_data - t0}


def floor(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """Process start to the floor app's one painted line."""
    text = args["text"]
    painted = driver.frame_where(lambda _app, data: text in data, f"{text!r}")
    return {"first_paint_s": painted - t0}


def _chart_drawn(screen: Any) -> bool:
    chart = screen.query_one("#history-chart")
    calendar = screen.query_one("#history-calendar")
    return bool(getattr(chart, "points", ())) and getattr(calendar, "until", None) is not None


def _table_rows(app: Any) -> int:
    try:
        return int(app.screen.query_one("#history-table").row_count)
    except Exception:
        return -1


def history(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """Press ``h``: time to the table and chart painted; then ctrl+end to the oldest block."""
    _exercise_list(driver, args)
    return _history_timings(driver, args, HISTORY, _chart_drawn)


def floor_history(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """The history's floor, timed as :func:`history` times the app: ``h``, then ctrl+end."""
    text = args["text"]
    driver.frame_where(lambda _app, data: text in data, f"{text!r}")
    return _history_timings(driver, args, FLOOR_HISTORY,
                            lambda screen: bool(getattr(screen.query_one("#history-chart"),
                                                        "drawn", False)))


def _history_timings(
    driver: BenchDriver, args: dict[str, Any], screen: str, chart_drawn: Callable[[Any], bool]
) -> dict[str, Any]:
    """From the first screen on: ``h`` to table and chart painted, ctrl+end to the oldest."""
    time.sleep(SETTLE_S)
    newest, oldest = args["newest"], args["oldest"]
    table = driver.watch(lambda app, data: screen_is(app, screen) and newest in data)
    chart = driver.watch(lambda app, _data: screen_is(app, screen) and _drawn(chart_drawn, app))
    cpu_pressed = time.process_time()
    pressed = driver.press("h")
    painted = max(driver.wait(table, "the newest block"), driver.wait(chart, "the chart"))
    cpu_painted = max(w.cpu_at or 0.0 for w in (table, chart))
    # How many rows the first window holds: the floor shows as many.
    first_window = _table_rows(driver.app)
    time.sleep(SETTLE_S)

    # A table that pages rows in needs ctrl+end again after each page; one that
    # knows every row reaches the oldest block on the first press.
    end = driver.watch(lambda app, data: screen_is(app, screen) and oldest in data)
    started: float | None = None
    presses = 0
    while not end.done.is_set():
        if presses >= MAX_END_PRESSES:
            raise ScenarioFailed("ctrl+end never reached the oldest block")
        rows = _table_rows(driver.app)

        def moved_past(app: Any, _data: str, rows: int = rows) -> bool:
            return end.at is not None or _table_rows(app) > rows

        moved = driver.watch(moved_past)
        sent = driver.press("ctrl+end")
        started = sent if started is None else started
        presses += 1
        driver.wait(moved, "more rows or the oldest block")
    assert end.at is not None and started is not None
    return {
        "history_s": painted - pressed,
        "history_cpu_s": cpu_painted - cpu_pressed,
        "scroll_end_s": end.at - started,
        "end_presses": presses,
        "first_window_rows": first_window,
    }


def _drawn(chart_drawn: Callable[[Any], bool], app: Any) -> bool:
    try:
        return chart_drawn(app.screen)
    except Exception:  # the screen is still being composed
        return False


def log_sets(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """Log sets in live blocks: ``enter`` to the set's transaction committed, for each set."""
    _exercise_list(driver, args)
    time.sleep(SETTLE_S)
    # The app may still be importing SQLAlchemy on a worker; two threads importing it at
    # once can meet its circular imports half done. The log's loader takes a lock.
    driver.app.training_log.warm_up()
    commits = _watch_set_commits()
    plan = _plan(args["exercise"])
    app = driver.app
    latencies: list[float] = []
    wanted = int(args["sets"])
    live = _live_screen_factory(plan)
    # The first block goes over the exercise list; each later one replaces the summary.
    driver.on_app(lambda: app.push_screen(live()))
    while True:
        for number in range(1, SETS_PER_BLOCK + 1):
            def ready_for_set(app: Any, _data: str, number: int = number) -> bool:
                return _ready_for_set(app, number)

            driver.frame_where(ready_for_set, f"set {number} ready")
            counted = driver.watch(lambda app, _data: _reps_counted(app))
            driver.press("space", " ")
            driver.wait(counted, "the rep counted")
            sent = driver.press("enter", "\r")
            try:
                committed = commits.get(timeout=30)
            except queue.Empty:
                raise ScenarioFailed(f"set {number} was never committed") from None
            latencies.append(committed - sent)
            if number < SETS_PER_BLOCK:
                driver.press("s")
        # After the last set the panel asks for its effort and discomfort: enter skips it.
        driver.frame_where(lambda app, _data: _last_rating_asked(app), "the last set's rating")
        driver.press("enter", "\r")
        driver.frame_where(lambda app, _data: screen_is(app, SUMMARY), "the block summary")
        if len(latencies) >= wanted:
            return {"commit_s": latencies[:wanted]}
        driver.on_app(lambda: app.switch_screen(live()))


def _ready_for_set(app: Any, number: int) -> bool:
    if not screen_is(app, LIVE):
        return False
    screen = app.screen
    run = screen.run
    return (
        screen.block_id is not None
        and run.phase.name == "SET"
        and run.set_number == number
        and run.reps == 0
    )


def _last_rating_asked(app: Any) -> bool:
    return screen_is(app, LIVE) and bool(app.screen.rating_last_set)


def _reps_counted(app: Any) -> bool:
    return screen_is(app, LIVE) and app.screen.run.reps == 1


def _watch_set_commits() -> queue.Queue[float]:
    """A queue that gets the moment every transaction holding a new set has committed."""
    import threading

    from sqlalchemy import Insert, event
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from bfr_tui.store.models import SetEntry

    # The INSERT names the table through the model (an annotated copy of the table).
    set_table = SetEntry.__tablename__
    commits: queue.Queue[float] = queue.Queue()
    # A set is inserted on the session's connection, not through the ORM: the mark is
    # made where the statement runs, on the thread whose session then commits.
    marked = threading.local()

    def new_set(_connection: Connection, statement: object, *_rest: object) -> None:
        if isinstance(statement, Insert) and statement.table.name == set_table:
            marked.new_set = True

    def after_commit(_session: Session) -> None:
        if getattr(marked, "new_set", False):
            marked.new_set = False
            commits.put(time.monotonic())

    def after_rollback(_session: Session) -> None:
        marked.new_set = False

    event.listen(Engine, "after_execute", new_set)
    event.listen(Session, "after_commit", after_commit)
    event.listen(Session, "after_soft_rollback", lambda session, _previous: after_rollback(session))
    _watch_server_sets(commits)
    return commits


def _watch_server_sets(commits: queue.Queue[float]) -> None:
    """On PostgreSQL a set is written with psycopg alone (``store.postgres_sets``), out
    of SQLAlchemy's sight: its moment is when that write returns, committed."""
    from bfr_tui.store.postgres_sets import ServerSetWrites
    from bfr_tui.training_log import LoggedSet

    write = ServerSetWrites.write

    def write_then_mark(
        self: ServerSetWrites, lifter_id: int, block_id: int, logged: LoggedSet
    ) -> None:
        write(self, lifter_id, block_id, logged)
        commits.put(time.monotonic())

    ServerSetWrites.write = write_then_mark  # type: ignore[method-assign]


def _plan(exercise: dict[str, Any]) -> Any:
    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.protocol import MAX_REST_S, custom_protocol

    return BlockPlan(
        exercise_id=int(exercise["id"]),
        exercise_name=str(exercise["name"]),
        limb=str(exercise["limb"]),
        side="both",
        protocol=custom_protocol(target_reps=(1,) * SETS_PER_BLOCK, rest_s=MAX_REST_S,
                                 name="Benchmark"),
        load=float(exercise["load"]),
        unit=str(exercise["unit"]),
        one_rm=None,
        tightness=7,
        pulse_felt=True,
        skin_normal=True,
    )


def _live_screen_factory(plan: Any) -> Callable[[], Any]:
    from bfr_tui.screens.live import LiveBlockScreen

    return lambda: LiveBlockScreen(plan)


def coach(driver: BenchDriver, args: dict[str, Any], t0: float) -> dict[str, Any]:
    """A log of several lifters: process start to the picker showing their names; then,
    after a glance, ctrl+o to the coach overview showing their lines."""
    names = _shows_any(args["lifters"])
    picker = driver.frame_where(lambda app, data: screen_is(app, PICKER) and names(data),
                                "a lifter's name in the picker")
    time.sleep(SETTLE_S)
    overview = driver.watch(lambda app, data: screen_is(app, COACH_OVERVIEW) and names(data))
    pressed = driver.press("ctrl+o")
    painted = driver.wait(overview, "a lifter's line in the coach overview")
    return {"picker_s": picker - t0, "overview_from_key_s": painted - pressed}


SCENARIOS: dict[str, Callable[[BenchDriver, dict[str, Any], float], dict[str, Any]]] = {
    "startup": startup,
    "floor": floor,
    "history": history,
    "floor_history": floor_history,
    "log": log_sets,
    "coach": coach,
}
