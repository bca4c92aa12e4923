"""The real app in a real pseudo-terminal, read back through a terminal emulator.

Tests that kill the process, send it signals or close its terminal need the app as
a user runs it: its own process, its own controlling terminal. The screen is
rebuilt with pyte so a test can wait for what a lifter would see.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte

COLUMNS, LINES = 100, 32
KEYS = {
    "tab": b"\t",
    "space": b" ",
    "enter": b"\r",
    "escape": b"\x1b",
    "ctrl+s": b"\x13",
}
# Textual reads keys one escape sequence at a time; a pause keeps a burst from merging.
KEY_GAP_S = 0.25


class RealTerminal:
    """``python -m bfr_tui ARGS`` running in a pseudo-terminal of its own."""

    def __init__(self, *args: str, cwd: Path, keep_frames: bool = False) -> None:
        self._screen = pyte.Screen(COLUMNS, LINES)
        self._frames: list[str] | None = [] if keep_frames else None
        self._stream = pyte.ByteStream(self._screen)
        self._lock = threading.Lock()
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env.pop("BFR_TUI_DB", None)

        def own_terminal() -> None:
            # The pty becomes the controlling terminal, so closing it sends SIGHUP.
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [sys.executable, "-m", "bfr_tui", *args],
            stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
            start_new_session=True, preexec_fn=own_terminal, close_fds=True,
        )
        os.close(slave)
        self.master: int | None = master
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._closing.is_set():
            assert self.master is not None
            # Never block in read(): a blocked read keeps the terminal open after close().
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._stream.feed(data)
                if self._frames is not None:
                    self._frames.append("\n".join(self._screen.display))

    def text(self) -> str:
        """What the terminal shows now, line by line."""
        with self._lock:
            return "\n".join(self._screen.display)

    def wait_for(self, *words: str, times: int = 1, timeout: float = 30.0) -> str:
        """Wait until each of ``words`` is on screen (``times`` over); fail showing the screen.

        A toast wraps its message over lines with its border between them, so tests
        wait for a toast's one-line title.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if all(shown.count(word) >= times for word in words):
                return shown
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"never saw {words!r}; the screen shows:\n{self.text()}")

    def first_frame_with(self, word: str, timeout: float = 30.0) -> str:
        """The screen as it first showed ``word`` (the terminal must keep its frames)."""
        assert self._frames is not None, "start the terminal with keep_frames=True"
        self.wait_for(word, timeout=timeout)
        with self._lock:
            return next(frame for frame in self._frames if word in frame)

    def press(self, *keys: str) -> None:
        """Type keys as a user would, one at a time."""
        assert self.master is not None
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))
            time.sleep(KEY_GAP_S)

    def focus_by_tab(self, label: str, timeout: float = 30.0) -> None:
        """Press tab, then wait until ``label`` is drawn focused (its background changes).

        A key lands on whatever has focus when the app reads it, and a tab is applied only
        after it has passed the focused field: a key typed before the new focus shows may
        still land on the field before.
        """
        unfocused = self._background(label)
        self.press("tab")
        deadline = time.monotonic() + timeout
        while self._background(label) == unfocused:
            if time.monotonic() > deadline or self.process.poll() is not None:
                shown = self.text()
                raise AssertionError(f"tab never focused {label!r}; the screen shows:\n{shown}")
            time.sleep(0.1)

    def _background(self, text: str) -> str:
        with self._lock:
            for row, line in enumerate(self._screen.display):
                column = line.find(text)
                if column >= 0:
                    return str(self._screen.buffer[row][column].bg)
        raise AssertionError(f"nothing shows {text!r}; the screen shows:\n{self.text()}")

    def signal(self, sent: signal.Signals) -> None:
        """Send the app a signal (``SIGKILL`` is ``kill -9``)."""
        self.process.send_signal(sent)

    def close_terminal(self) -> None:
        """Close the terminal window: the kernel hangs up on the app."""
        if self.master is not None:
            self._closing.set()
            self._reader.join(timeout=5)
            master, self.master = self.master, None
            os.close(master)

    def wait(self, timeout: float = 30.0) -> int:
        """The app's exit status once it has ended."""
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        """Make sure nothing is left running after a test."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.close_terminal()
