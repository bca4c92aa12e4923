"""The app as a lifter starts it, in a terminal of its own: what its first frames show.

Only a process of its own shows what a start costs: the test session has long since
loaded every library the app puts off until after its first frame.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bfr_tui.cli import main
from tests.real_terminal import RealTerminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


@pytest.fixture
def demo_log(tmp_path: Path) -> Path:
    """A week of made-up training with a weekly plan, as ``bfr-tui demo`` writes it."""
    path = tmp_path / "log.db"
    assert main(["demo", "--db", str(path), "--weeks", "1"]) == 0
    return path


@pytest.fixture
def terminal(demo_log: Path) -> Iterator[RealTerminal]:
    started = RealTerminal("--db", str(demo_log), cwd=demo_log.parent, keep_frames=True)
    yield started
    started.stop()


def test_what_is_due_comes_with_the_exercise_list_not_after_it(terminal: RealTerminal) -> None:
    # Read after the list, the due line pushed the painted table down a line or more.
    first = terminal.first_frame_with("Dumbbell curl")
    assert "Due: " in first or "Nothing due today" in first, first
