"""The set-commit floor: the app's set transaction from a plain thread, with no UI.

``python -m benchmarks.commit_floor DB SETS OUT`` writes ``SETS`` sets to the log,
each one transaction as the live block commits it: the same ``INSERT ... ON
CONFLICT DO NOTHING`` of a ``set_entry`` row, then ``COMMIT``, on a connection
with the app's pragmas (WAL, ``synchronous=FULL``, foreign keys, no automatic
checkpoints). It times each transaction from the INSERT to the end of the
commit, on a thread of its own, and writes the seconds to ``OUT`` as JSON.
Run it on a copy of a log: it adds sets to the newest block.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

# The app's pragmas on every connection (store/engine.py and store/database_file.py).
# Nothing else writes the copy, so the busy timeout is set only to match.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=FULL",
    "PRAGMA wal_autocheckpoint=0",
)
INSERT = """
INSERT INTO set_entry (lifter_id, block_id, set_number, target_reps, reps, load, started_at,
                       ended_at, rest_before_s)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (block_id, set_number) DO NOTHING
"""
# In the app a few key presses and frames come between two commits; back-to-back
# fsyncs would time the disk's write-back of a burst instead of one lone set.
PAUSE_S = 0.02


def commit_sets(db: Path, sets: int) -> list[float]:
    """Seconds from the INSERT to the commit's return, for each of ``sets`` sets."""
    latencies: list[float] = []
    failed: list[BaseException] = []

    def write() -> None:
        # The default isolation level, as the app's driver uses: BEGIN before the INSERT.
        connection = sqlite3.connect(db, check_same_thread=False)
        try:
            for pragma in PRAGMAS:
                connection.execute(pragma)
            lifter_id, block_id, last = connection.execute(
                "SELECT b.lifter_id, b.id, coalesce(max(s.set_number), 0) FROM block AS b "
                "LEFT JOIN set_entry AS s ON s.block_id = b.id "
                "GROUP BY b.id ORDER BY b.cuff_on_at DESC, b.id DESC LIMIT 1"
            ).fetchone()
            started = datetime(2026, 1, 1, 12, 0)
            for number in range(last + 1, last + 1 + sets):
                at = started + timedelta(minutes=number)
                values = (lifter_id, block_id, number, 15, 15, 20.0,
                          at.isoformat(sep=" ", timespec="microseconds"),
                          (at + timedelta(seconds=30)).isoformat(sep=" ",
                                                                 timespec="microseconds"),
                          30.0)
                began = time.perf_counter()
                connection.execute(INSERT, values)
                connection.commit()
                latencies.append(time.perf_counter() - began)
                time.sleep(PAUSE_S)
        except BaseException as error:  # reported by the main thread
            failed.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=write, name="commit-floor")
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return latencies


def main(argv: list[str]) -> int:
    """``DB SETS OUT``."""
    if len(argv) != 3:
        print("usage: python -m benchmarks.commit_floor DB SETS OUT", file=sys.stderr)
        return 2
    latencies = commit_sets(Path(argv[0]), int(argv[1]))
    Path(argv[2]).write_text(json.dumps({"commit_s": latencies}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
