"""Many lifters logging into one server at once: the live block's writer, no UI.

``python -m benchmarks.server_writers URL WRITERS SETS OUT`` readies the log at
``URL`` (schema, starter library and a lifter per writer), then starts ``WRITERS``
processes, each a client of its own (``open_log(URL)``) for a lifter of its own, with
a block written through the block writer the live panel uses. Once every one has its
block on the server they log ``SETS`` sets each, all at once; each set is timed from
``log_set`` to the writer's report that it has committed. Afterwards the sets on the
server are counted, one client reading what the others wrote: every (block, set
number) asked for must be there once. ``OUT`` gets the seconds and the counts as JSON.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.commit_floor import PAUSE_S

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

    from bfr_tui.training_log import LifterFacts, TrainingLog, WriteFailure

# A set of the writers' blocks: every one the same, on the first arm exercise.
TARGET_REPS = 15
LOAD = 10.0
CUFF_ON = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
# Long enough for twenty interpreters to start on a busy two-core machine.
READY_S = 300.0
# A set not committed by then is a failure of the run, not a slow figure.
SET_WAIT_S = 60.0


class WriterFailed(RuntimeError):
    """A writer could not log its block; the message says which and why."""


@dataclass(slots=True)
class WritersRun:
    """One run: every set's commit time, and what the server holds afterwards."""

    writers: int
    sets_each: int
    blocks: list[int] = field(default_factory=list)
    commit_s: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    retried: int = 0


class _Heard:
    """The writer's reports to its (absent) screen: one event per write asked."""

    def __init__(self) -> None:
        self.saved = threading.Event()
        self.failures: list[WriteFailure] = []
        self.retried = 0

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        self.retried += 1

    def saved_after_retry(self, what: str) -> None:
        """The set's own ``saved`` report follows."""

    def failed(self, failure: WriteFailure) -> None:
        self.failures.append(failure)
        self.saved.set()

    def wait(self, what: str) -> None:
        if not self.saved.wait(SET_WAIT_S):
            raise WriterFailed(f"{what} was not committed within {SET_WAIT_S:.0f} s")
        if self.failures:
            raise WriterFailed(f"{what}: {self.failures[0].reason}")
        self.saved.clear()


def _first_arm_exercise(log: TrainingLog) -> Any:
    return next(e for e in log.exercises() if e.limb == "arm" and not e.compound)


def prepare(url: str, writers: int) -> list[LifterFacts]:
    """Give an empty database the app's schema and starter library, as a first start does,
    and a lifter for each writer (a coach's clients, training at once)."""
    from bfr_tui.store import open_log

    log = open_log(url)
    try:
        log.upgrade()
        log.seed_library_if_empty(now=CUFF_ON)
        return log.add_demo_lifters(writers)
    finally:
        log.close()


def write_block(
    url: str, lifter: LifterFacts, sets: int, ready: Barrier, number: int
) -> dict[str, Any]:
    """One client: ``lifter``'s block on the server, then ``sets`` sets as fast as a
    lifter's keys allow (``PAUSE_S`` between a commit and the next set); their commit times."""
    from bfr_tui.domain.block_run import BlockPlan
    from bfr_tui.domain.protocol import CLASSIC
    from bfr_tui.store import open_log
    from bfr_tui.training_log import BlockStarted, LoggedSet

    log = open_log(url)
    heard = _Heard()
    started: list[BlockStarted] = []
    try:
        log.warm_up()
        log.use_lifter(lifter)
        exercise = _first_arm_exercise(log)
        plan = BlockPlan(exercise_id=exercise.id, exercise_name=exercise.name,
                         limb=exercise.limb, side="both", protocol=CLASSIC, load=LOAD,
                         unit=exercise.unit, one_rm=None, tightness=7, pulse_felt=True,
                         skin_normal=True)
        writer = log.block_writer(reports=heard, deliver=lambda report: report())
        # Blocks a second apart, so each writer's block has a time of its own.
        cuff_on = CUFF_ON + timedelta(seconds=number)

        def block_saved(block: BlockStarted) -> None:
            started.append(block)
            heard.saved.set()

        writer.start_block(plan=plan, cuff_on_at=cuff_on, what="the block start",
                           saved=block_saved)
        heard.wait("the block start")
        ready.wait(READY_S)
        latencies: list[float] = []
        for set_number in range(1, sets + 1):
            at = cuff_on + timedelta(minutes=set_number)
            logged = LoggedSet(set_number=set_number, target_reps=TARGET_REPS,
                               reps=TARGET_REPS, load=LOAD, started_at=at,
                               ended_at=at + timedelta(seconds=30),
                               rest_before_s=30.0 if set_number > 1 else None)
            began = time.perf_counter()
            writer.log_set(logged, what=f"set {set_number}",
                           saved=lambda _set: heard.saved.set())
            heard.wait(f"writer {number}, set {set_number}")
            latencies.append(time.perf_counter() - began)
            time.sleep(PAUSE_S)
        writer.close(cuff_off_at=cuff_on + timedelta(minutes=sets + 1), reason="completed",
                     what="the cuff-off", saved=lambda _none: heard.saved.set())
        heard.wait(f"writer {number}, the cuff-off")
    finally:
        log.close()
    return {"block_id": started[0].block_id, "commit_s": latencies, "retried": heard.retried}


def _writer_process(url: str, lifter: LifterFacts, sets: int, ready: Barrier, number: int,
                    results: multiprocessing.Queue[dict[str, Any]]) -> None:
    try:
        results.put(write_block(url, lifter, sets, ready, number))
    except BaseException as error:
        # The others must not wait at the barrier for a writer that is gone.
        ready.abort()
        results.put({"error": f"writer {number}: {type(error).__name__}: {error}"})


def count_sets(url: str, blocks: list[int], sets: int) -> tuple[int, int]:
    """(sets lost, sets duplicated) among ``blocks``, each meant to hold sets 1..``sets``."""
    import psycopg

    with psycopg.connect(url) as connection:
        found = connection.execute(
            "SELECT block_id, set_number, count(*) FROM set_entry "
            "WHERE block_id = ANY(%s) GROUP BY block_id, set_number",
            (blocks,),
        ).fetchall()
    wanted = {(block, number) for block in blocks for number in range(1, sets + 1)}
    there = {(block, number): count for block, number, count in found}
    lost = len(wanted - there.keys())
    # A set stored twice, or a set number nobody logged, is a duplicate.
    duplicated = sum(count - 1 for count in there.values()) + len(there.keys() - wanted)
    return lost, duplicated


def run_writers(url: str, writers: int, sets: int) -> WritersRun:
    """Ready the log, run ``writers`` clients of ``sets`` sets at once, count what landed."""
    lifters = prepare(url, writers)
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(writers)
    results: multiprocessing.Queue[dict[str, Any]] = context.Queue()
    processes = [
        context.Process(target=_writer_process,
                        args=(url, lifter, sets, ready, number, results),
                        name=f"writer-{number}")
        for number, lifter in enumerate(lifters, start=1)
    ]
    for process in processes:
        process.start()
    # Read every answer before joining: a process waits for its queue to be drained.
    answers = [results.get(timeout=READY_S + sets * SET_WAIT_S) for _ in processes]
    for process in processes:
        process.join()
    errors = [answer["error"] for answer in answers if "error" in answer]
    if errors:
        raise WriterFailed("; ".join(errors))
    found = WritersRun(writers=writers, sets_each=sets)
    for answer in answers:
        found.blocks.append(answer["block_id"])
        found.commit_s.extend(answer["commit_s"])
        found.retried += answer["retried"]
    found.lost, found.duplicated = count_sets(url, found.blocks, sets)
    return found


def main(argv: list[str]) -> int:
    """``URL WRITERS SETS OUT``."""
    if len(argv) != 4:
        print("usage: python -m benchmarks.server_writers URL WRITERS SETS OUT", file=sys.stderr)
        return 2
    found = run_writers(argv[0], int(argv[1]), int(argv[2]))
    Path(argv[3]).write_text(json.dumps(asdict(found)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
