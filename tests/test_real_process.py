"""The app as its own process: killed, signalled, its terminal closed, run twice at once.

Each test drives ``python -m bfr_tui`` in a pseudo-terminal with the keys a lifter
presses and reads the database file afterwards.
"""

from __future__ import annotations

import math
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bfr_tui.domain.estimate import OneRepMaxMethod
from bfr_tui.domain.screening import SCREENING_QUESTIONS
from bfr_tui.domain.symptoms import SymptomKind
from bfr_tui.domain.tempo import CLASSIC_TEMPO
from bfr_tui.domain.units import Unit
from bfr_tui.screens.cuff_check import PULSE_BOX, SKIN_BOX
from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store import queries
from bfr_tui.store.block_log import start_block, write_flag, write_set
from bfr_tui.store.engine import open_database, session_scope
from bfr_tui.store.seed import seed_exercises
from tests.plans import plan_for
from tests.real_terminal import RealTerminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """A screened lifter whose dumbbell curl 1RM is 40 kg, dated today."""
    path = tmp_path / "log.db"
    engine = open_database(path)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        seed_exercises(session=session, now=datetime.now())
        queries.save_screening(
            session=session, lifter_id=lifter, answers={q.key: False for q in SCREENING_QUESTIONS},
            screened_on=date.today(), cleared=False,
        )
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        queries.record_one_rep_max(
            session=session, lifter_id=lifter, exercise_id=curl.id, value=40, unit=Unit.KG,
            recorded_on=date.today(), method=OneRepMaxMethod.TESTED.value,
        )
    engine.dispose()
    return path


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[RealTerminal]]:
    """Every app a test starts, stopped at the end whatever happened."""
    started: list[RealTerminal] = []
    yield started
    for terminal in started:
        terminal.stop()


def start_app(log: Path, terminals: list[RealTerminal]) -> RealTerminal:
    terminal = RealTerminal("--db", str(log), cwd=log.parent)
    terminals.append(terminal)
    terminal.wait_for("Dumbbell curl", "40 kg")
    return terminal


def begin_curl_block(app: RealTerminal) -> None:
    """Filter to the curl, open the cuff check, tick pulse and skin, cuffs on."""
    app.press("/", *"dumbbell curl", "enter")
    app.wait_for("8.75-11.25 kg")
    app.press("enter")
    app.wait_for("Cuff check: Dumbbell curl")
    app.focus_by_tab(PULSE_BOX)
    app.press("space")
    app.focus_by_tab(SKIN_BOX)
    app.press("space")
    app.wait_for("Ready:")
    app.press("ctrl+s")
    app.wait_for("Set 1 of 4")


def log_set(app: RealTerminal, reps: int, number: int) -> None:
    app.press(*str(reps), "enter", "enter")
    app.wait_for(f"Set {number} logged.")


# The classic tempo's beat counts reps on its own, in real time here: between a typed
# count and the enter that ends the set (one burst of keys) it completes at most one.
BURST_BEAT_REPS = 1


def beat_reps_in(seconds: float) -> int:
    """The most reps the classic beat can complete in ``seconds``."""
    return math.ceil(seconds / CLASSIC_TEMPO.rep_s)


def counted(logged: list[tuple[object, ...]], keyed: list[tuple[int, int]],
            *, beat_reps: int = BURST_BEAT_REPS) -> bool:
    """The sets logged are the ones keyed, each with the count keyed or up to
    ``beat_reps`` more that the beat added meanwhile."""
    pairs = [(number, reps) for number, reps, *_ in logged]
    return [number for number, _ in pairs] == [number for number, _ in keyed] and all(
        isinstance(got, int) and want <= got <= want + beat_reps
        for (_, got), (_, want) in zip(pairs, keyed, strict=True)
    )


def read(log: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(log)) as connection:
        return list(connection.execute(query).fetchall())


def blocks(log: Path) -> list[tuple[object, ...]]:
    return read(log, "SELECT id, cuff_off_at, end_reason FROM block ORDER BY id")


def sets(log: Path) -> list[tuple[object, ...]]:
    return read(log, "SELECT set_number, reps, ended_at FROM set_entry ORDER BY set_number")


def integrity(log: Path) -> str:
    return str(read(log, "PRAGMA integrity_check")[0][0])


def to_set_two(app: RealTerminal) -> None:
    app.press("s")
    app.wait_for("Set 2 of 4")
    app.press(*["space"] * 4)


def open_symptom_flag(app: RealTerminal) -> None:
    app.press("f")
    app.wait_for("Numbness")


MOMENTS = {"in rest": lambda app: None, "in a set": to_set_two, "in a modal": open_symptom_flag}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_kill_9_loses_no_logged_set_and_the_next_start_closes_the_block(
    moment: str, log: Path, terminals: list[RealTerminal]
) -> None:
    app = start_app(log, terminals)
    begin_curl_block(app)
    log_set(app, 30, 1)
    MOMENTS[moment](app)

    app.signal(signal.SIGKILL)
    app.wait()

    assert counted(sets(log), [(1, 30)])
    assert blocks(log)[0][1] is None
    again = start_app(log, terminals)
    again.wait_for("A block was left open", "1 of 4 sets logged", "the end of set 1")
    again.press("c")
    again.wait_for("Block closed")
    again.press("q")
    assert again.wait() == 0
    (_id, cuff_off_at, reason), = blocks(log)
    assert reason == "interrupted"
    assert cuff_off_at == sets(log)[0][2]
    assert integrity(log) == "ok"


def test_a_block_left_open_with_a_red_flag_on_disk_can_only_be_closed(
    log: Path, terminals: list[RealTerminal]
) -> None:
    """The state a crash between a red flag and its cuff-off left in older logs.

    A kill -9 cannot be timed into that gap, so the test writes the state itself.
    """
    cuff_on = datetime.now().replace(microsecond=0) - timedelta(minutes=3)
    engine = open_database(log)
    lifter = lifter_id(engine)
    with session_scope(engine) as session:
        curl = queries.find_exercise_by_name(session=session, name="Dumbbell curl")
        assert curl is not None and curl.id is not None
        block = start_block(
            session=session, lifter_id=lifter, cuff_on_at=cuff_on, plan=plan_for(curl)
        )
        assert block.id is not None
        write_set(session=session, lifter_id=lifter, block_id=block.id, set_number=1,
                  target_reps=30, reps=12, load=10.0, started_at=cuff_on,
                  ended_at=cuff_on + timedelta(seconds=30), rest_before_s=None)
        write_flag(session=session, lifter_id=lifter, block_id=block.id, set_number=1,
                   kind=SymptomKind.NUMBNESS, raised_at=cuff_on + timedelta(seconds=30))
    engine.dispose()

    app = start_app(log, terminals)
    app.wait_for("A block was left open", "A red flag (numbness)", "can only be closed")
    app.press("r")
    app.press("c")
    app.wait_for("Block closed")
    assert "Resumed" not in app.text()
    app.press("q")
    assert app.wait() == 0
    (_id, cuff_off_at, reason), = blocks(log)
    assert reason == "red_flag"
    assert cuff_off_at == sets(log)[0][2]


def test_after_kill_9_the_block_can_be_resumed_and_finished(
    log: Path, terminals: list[RealTerminal]
) -> None:
    app = start_app(log, terminals)
    begin_curl_block(app)
    log_set(app, 30, 1)
    app.signal(signal.SIGKILL)
    app.wait()

    again = start_app(log, terminals)
    again.wait_for("Resume [r]")
    again.press("r")
    again.wait_for("Resumed after set 1")
    for number, reps in ((2, 15), (3, 14)):
        again.press("s")
        again.wait_for(f"Set {number} of 4")
        log_set(again, reps, number)
    again.press("s")
    again.wait_for("Set 4 of 4")
    # The last enter skips the last set's effort step; then the summary opens.
    again.press("1", "2", "enter", "enter", "enter")
    again.wait_for("Block summary")

    assert counted(sets(log), [(1, 30), (2, 15), (3, 14), (4, 12)])
    assert blocks(log)[0][2] == "completed"


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP", "terminal closed"])
def test_sigterm_and_hangup_close_the_block_with_everything_written_then_exit_0(
    stop: str, log: Path, terminals: list[RealTerminal]
) -> None:
    app = start_app(log, terminals)
    begin_curl_block(app)
    log_set(app, 30, 1)
    set_two_from = time.monotonic()
    to_set_two(app)

    if stop == "terminal closed":
        app.close_terminal()
    else:
        app.signal(getattr(signal, stop))

    assert app.wait() == 0
    # The four reps of the set under way are kept (with what the beat counted on
    # meanwhile), and the cuff-off is on record.
    assert counted(sets(log), [(1, 30), (2, 4)],
                   beat_reps=beat_reps_in(time.monotonic() - set_two_from))
    (_id, cuff_off_at, reason), = blocks(log)
    assert cuff_off_at is not None and reason == "signal"
    assert integrity(log) == "ok"


def test_signals_outside_a_block_just_exit_0(log: Path, terminals: list[RealTerminal]) -> None:
    app = start_app(log, terminals)
    app.signal(signal.SIGTERM)
    assert app.wait() == 0
    assert blocks(log) == []


def test_two_windows_and_a_second_writer_on_one_log(
    log: Path, terminals: list[RealTerminal], tmp_path: Path
) -> None:
    first = start_app(log, terminals)
    begin_curl_block(first)
    second = start_app(log, terminals)
    # The second window knows the open block is alive elsewhere: no resume, no close.
    second.wait_for("Block in another window")
    assert "A block was left open" not in second.text()
    second.press("/", *"leg extension", "enter", "enter")
    # A second note with the same title: this window will not start a block.
    second.wait_for("Block in another window", times=2)
    assert "Cuff check" not in second.text()

    # Meanwhile another bfr-tui process writes a large batch to the same file.
    writer = subprocess.Popen(
        [sys.executable, "-m", "bfr_tui", "demo", "--db", str(log), "--force", "--weeks", "8"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    log_set(first, 30, 1)
    first.press("s")
    first.wait_for("Set 2 of 4")
    log_set(first, 15, 2)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert "Traceback" not in err and "Demo history written" in out
    first.press("c")
    first.wait_for("Cuff off and end this block?")
    first.press("y")
    first.wait_for("Block summary")
    second.press("q")
    assert second.wait() == 0

    curl_sets = read(
        log, "SELECT s.set_number, s.reps FROM set_entry s JOIN block b ON b.id = s.block_id"
        " WHERE b.cuff_off_at IS NOT NULL AND b.end_reason = 'cuff_off_early'",
    )
    assert counted(curl_sets, [(1, 30), (2, 15)])
    ((blocks_in_log,),) = read(log, "SELECT count(*) FROM block")
    assert isinstance(blocks_in_log, int) and blocks_in_log > 10
    assert integrity(log) == "ok"
    assert "Traceback" not in first.text() + second.text()
