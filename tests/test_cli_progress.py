"""Progress bars of the long commands: shown in a terminal, absent from pipes and CSV.

Each command runs as its own process, its standard error on a pseudo-terminal as
when a lifter types it (or on a pipe, as in a script), and what the terminal
received is read back with a terminal emulator.
"""

from __future__ import annotations

import fcntl
import os
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pyte
import pytest

from bfr_tui.showcase.scenes import lifter_id
from bfr_tui.store.demo import fill_demo
from bfr_tui.store.engine import open_database
from bfr_tui.store.paths import DB_ENV_VAR
from tests.local_time import local

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

END = local(2026, 3, 2, 18, 30)
# Enough sets that every command takes a while, and a bar has something to show.
LONG_LOG_SETS = 20_000
COLUMNS, LINES = 100, 32
# The filled part of rich's bar.
BAR = "━"


@dataclass(frozen=True, slots=True)
class Run:
    """What one command left: its status, what reached the terminal, its standard output."""

    status: int
    terminal: str
    """Every character the terminal received, in order (a bar that is gone included)."""
    screen: str
    """What the terminal shows once the command has ended."""
    stdout: bytes


def _environment(cwd: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != DB_ENV_VAR}
    env.update(XDG_DATA_HOME=str(cwd / "xdg-data"), TERM="xterm-256color",
               COLUMNS=str(COLUMNS), LINES=str(LINES))
    return env


def in_terminal(*args: str, cwd: Path, stdout_to_pipe: bool = False) -> Run:
    """``python -m bfr_tui ARGS`` with its standard error (and output, unless piped) on a
    terminal of its own."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "bfr_tui", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if stdout_to_pipe else slave,
        stderr=slave,
        cwd=cwd,
        env=_environment(cwd),
    )
    os.close(slave)
    piped: list[bytes] = []
    reader = None
    if process.stdout is not None:
        stdout = process.stdout
        reader = threading.Thread(target=lambda: piped.append(stdout.read()), daemon=True)
        reader.start()
    received = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the terminal's other side closed: the command ended
                    break
                if not data:
                    break
                received += data
            elif process.poll() is not None:
                break
        status = process.wait(timeout=300)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    if reader is not None:
        reader.join(timeout=60)
    screen = pyte.Screen(COLUMNS, LINES)
    pyte.ByteStream(screen).feed(bytes(received))
    shown = "\n".join(line.rstrip() for line in screen.display).strip()
    return Run(status, received.decode("utf-8", "replace"), shown, b"".join(piped))


def piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The same command in a script: standard output and error both go to pipes."""
    return subprocess.run(
        [sys.executable, "-m", "bfr_tui", *args], capture_output=True, cwd=cwd,
        env=_environment(cwd), timeout=300, check=False,
    )


def showed_a_bar(run: Run, step: str) -> bool:
    """The terminal was shown ``step`` with a bar that reached 100 %."""
    return step in run.terminal and BAR in run.terminal and "100%" in run.terminal


@pytest.fixture(scope="module")
def long_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of some 20,000 sets, made once for every test here (none of them changes it)."""
    path = tmp_path_factory.mktemp("long") / "long.db"
    engine = open_database(path)
    fill_demo(
        engine=engine, lifter_id=lifter_id(engine), weeks=1, seed=7, end=END,
        sets_target=LONG_LOG_SETS,
    )
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="module")
def long_csv(long_log: Path) -> bytes:
    """The long log's native export, written by a script (no terminal)."""
    done = piped("export", "--db", str(long_log), cwd=long_log.parent)
    assert done.returncode == 0, done.stderr
    return done.stdout


# --- in a terminal -----------------------------------------------------------------------


def test_an_export_to_a_file_shows_a_bar_that_is_gone_when_it_ends(
    long_log: Path, long_csv: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "log.csv"

    run = in_terminal("export", "--db", str(long_log), "--out", str(out), cwd=tmp_path)

    assert run.status == 0, run.screen
    assert showed_a_bar(run, "Exporting sets")
    # The bar is taken down: the screen keeps only the one-line summary.
    assert BAR not in run.screen
    assert run.screen.startswith("Exported ")
    assert out.read_bytes() == long_csv


def test_an_export_to_a_pipe_shows_the_bar_on_the_terminal_and_keeps_the_csv_clean(
    long_log: Path, long_csv: bytes, tmp_path: Path
) -> None:
    run = in_terminal("export", "--db", str(long_log), cwd=tmp_path, stdout_to_pipe=True)

    assert run.status == 0, run.screen
    assert showed_a_bar(run, "Exporting sets")
    assert run.stdout == long_csv


def test_an_export_onto_the_terminal_itself_shows_no_bar_over_the_csv(
    long_log: Path, tmp_path: Path
) -> None:
    run = in_terminal(
        "export", "--db", str(long_log), "--since", "2026-02-25", cwd=tmp_path
    )

    assert run.status == 0, run.screen
    assert "Exporting sets" not in run.terminal and BAR not in run.terminal
    assert "session_started,exercise" in run.terminal


def test_an_import_shows_reading_then_adding(
    long_log: Path, long_csv: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "log.csv"
    source.write_bytes(long_csv)

    run = in_terminal("import", str(source), "--db", str(tmp_path / "new.db"), cwd=tmp_path)

    assert run.status == 0, run.screen
    assert showed_a_bar(run, "Reading log.csv")
    assert "Adding to the log" in run.terminal
    assert BAR not in run.screen
    assert "Imported into" in run.screen


def test_a_long_demo_shows_a_bar(tmp_path: Path) -> None:
    run = in_terminal(
        "demo", "--db", str(tmp_path / "demo.db"), "--sets", str(LONG_LOG_SETS), cwd=tmp_path
    )

    assert run.status == 0, run.screen
    assert showed_a_bar(run, "Writing demo history")
    assert run.screen.startswith("Demo history written to")


def test_a_backup_shows_a_bar(long_log: Path, tmp_path: Path) -> None:
    run = in_terminal("backup", "--db", str(long_log), str(tmp_path / "copy.db"), cwd=tmp_path)

    assert run.status == 0, run.screen
    assert showed_a_bar(run, "Backing up")
    assert run.screen.startswith("Backed up")


# --- in a script -------------------------------------------------------------------------


def test_piped_commands_print_only_their_result(
    long_log: Path, long_csv: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "log.csv"
    source.write_bytes(long_csv)
    db = str(tmp_path / "new.db")
    commands = {
        "export": ["export", "--db", str(long_log), "--out", str(tmp_path / "again.csv")],
        "import": ["import", str(source), "--db", db],
        "backup": ["backup", "--db", str(long_log), str(tmp_path / "copy.db")],
        "demo": ["demo", "--db", str(tmp_path / "demo.db"), "--sets", "2000"],
    }
    first_words = {
        "export": b"Exported ", "import": b"log.csv: bfr-tui export", "backup": b"Backed up ",
        "demo": b"Demo history written",
    }
    for name, args in commands.items():
        done = piped(*args, cwd=tmp_path)
        assert done.returncode == 0, (name, done.stderr)
        assert done.stderr == b"", name
        assert done.stdout.startswith(first_words[name]), (name, done.stdout[:200])
        assert b"\x1b" not in done.stdout, name


PROBE = """
import sys
from bfr_tui.cli import main
code = main(sys.argv[1:])
assert code == 0, code
print("RICH:", sorted(m for m in sys.modules if m == "rich" or m.startswith("rich.")),
      file=sys.stderr)
"""


def test_a_piped_export_does_not_even_load_the_progress_bar(
    long_log: Path, long_csv: bytes, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "export", "--db", str(long_log)],
        capture_output=True, cwd=tmp_path, env=_environment(tmp_path), timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert b"RICH: []" in done.stderr
    assert done.stdout == long_csv
