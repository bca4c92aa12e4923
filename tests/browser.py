"""``bfr-tui serve`` as its own process, and Debian's Chromium driven by Playwright.

Nothing is mocked: the server is the command a lifter runs, each tab's app is the
process it starts, and the keys go through a real browser and its terminal to the app.
What the app drew is read back from the bytes the browser was sent, through pyte (the
browser draws on a canvas, which holds no text), so a test can wait for words on screen.
Only 127.0.0.1 is ever reached: every other request the page makes is refused and
counted, and a test can check none was made.
"""

from __future__ import annotations

import codecs
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit

import pyte
from playwright.sync_api import (
    BrowserContext,
    Download,
    Page,
    Playwright,
    Route,
    ViewportSize,
    WebSocket,
)

CHROMIUM = Path("/usr/bin/chromium")
HOW_TO_GET_IT = "the browser tests need Debian's Chromium: apt-get install -y chromium"
# As an installed browser is run on a server: no sandbox (root in CI), no GPU, and
# nothing fetched on its own (updates, sync, field trials).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# A tablet on its side: the app gets about 110 x 33 cells.
VIEWPORT: ViewportSize = {"width": 1024, "height": 640}
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 30.0
SCREEN_TIMEOUT_S = 20.0
# A lifter's pace between keys. Keys sent faster than the app reacts can land before
# a focus move they follow (tab, then digits) and go to the field just left.
KEY_GAP_MS = 120
URL_LINE = re.compile(r"Open (http://\S+) in a browser")


def why_no_browser() -> str | None:
    """None when Chromium is here; otherwise the one line saying how to get it."""
    return None if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK) else HOW_TO_GET_IT


class ServedApp:
    """``bfr-tui serve`` on a log, on a free port of 127.0.0.1, as a process of its own."""

    def __init__(
        self, *args: str, environment: Mapping[str, str], cwd: Path,
    ) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bfr_tui", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dict(environment), cwd=cwd,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []
        self.errors: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout, self.said),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors),
                         daemon=True).start()
        self.url = self._wait_for_url()
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.token = parse_qs(parts.query)["token"][0]

    def _read(self, stream: IO[str], into: list[str]) -> None:
        for line in iter(stream.readline, ""):
            into.append(line.rstrip("\n"))
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT_S
        while (left := deadline - time.monotonic()) > 0:
            with suppress(queue.Empty):
                found = URL_LINE.search(self.lines.get(timeout=left))
                if found:
                    return found.group(1)
            if self.process.poll() is not None and self.lines.empty():
                break
        self.stop()
        raise AssertionError(f"bfr-tui serve printed no URL: {self.said} {self.errors}")

    def tab_processes(self) -> list[int]:
        """The app processes the server has started and that still run."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self, stop: signal.Signals = signal.SIGTERM) -> int:
        """Send ``stop`` and wait for the server to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(stop)
        try:
            return self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("bfr-tui serve did not stop within "
                                 f"{STOP_TIMEOUT_S:.0f} s of {stop.name}") from None


@dataclass
class BrowserTab:
    """One tab on the served app: keys in, the screen the app drew out."""

    page: Page
    screen: pyte.Screen = field(default_factory=lambda: pyte.Screen(80, 24))
    frames: int = 0

    def __post_init__(self) -> None:
        self._stream = pyte.ByteStream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._lock = threading.Lock()
        self.page.on("websocket", self._watch)

    def _watch(self, websocket: WebSocket) -> None:
        query = parse_qs(urlsplit(websocket.url).query)
        with self._lock:
            self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            with self._lock:
                self.screen.resize(size["height"], size["width"])

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            with self._lock:
                self._stream.feed(payload)
                self.frames += 1

    def open(self, url: str) -> None:
        """Go to ``url`` and put the keyboard on the app's terminal."""
        self.page.goto(url)
        self.page.wait_for_selector("body.-first-byte", state="attached",
                                    timeout=SCREEN_TIMEOUT_S * 1000)
        self.page.focus(".xterm-helper-textarea")

    def text(self) -> str:
        """The app's screen as text, one line a row."""
        self.page.wait_for_timeout(0)  # let Playwright deliver the frames it holds
        with self._lock:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, *texts: str, timeout: float = SCREEN_TIMEOUT_S) -> str:
        """Wait until every one of ``texts`` is on screen; the screen then."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if all(text in shown for text in texts):
                return shown
            if time.monotonic() > deadline:
                missing = [text for text in texts if text not in shown]
                raise AssertionError(f"never on screen: {missing}\n{shown}")
            self.page.wait_for_timeout(50)

    def wait_for_gone(self, text: str, timeout: float = SCREEN_TIMEOUT_S) -> None:
        """Wait until ``text`` has left the screen."""
        deadline = time.monotonic() + timeout
        while text in (shown := self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"still on screen: {text!r}\n{shown}")
            self.page.wait_for_timeout(50)

    def press(self, *keys: str) -> None:
        """Press each key in turn (Playwright's names: "Enter", "Control+s", "a")."""
        for key in keys:
            self.page.keyboard.press(key)
            self.page.wait_for_timeout(KEY_GAP_MS)

    def type(self, text: str) -> None:
        """Type ``text`` key by key."""
        self.page.keyboard.type(text, delay=KEY_GAP_MS)

    def click_text(self, text: str) -> None:
        """Click (or tap) the middle of ``text`` where the app drew it."""
        with self._lock:
            rows = list(self.screen.display)
            columns, lines = self.screen.columns, self.screen.lines
        found = [(row, line.find(text)) for row, line in enumerate(rows) if text in line]
        if not found:
            raise AssertionError(f"{text!r} is not on screen")
        row, column = found[0]
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        x = box["x"] + (column + len(text) / 2) * box["width"] / columns
        y = box["y"] + (row + 0.5) * box["height"] / lines
        self.page.mouse.click(x, y)


@dataclass
class Browser:
    """Chromium with a fresh profile, allowed to reach 127.0.0.1 and nothing else."""

    context: BrowserContext
    elsewhere: list[str] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context.route(re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/]).*"),
                           self._refuse)
        # A download opens a tab of its own: each tab's downloads are kept as they come.
        self.context.on("page", self._watch_downloads)

    def _watch_downloads(self, page: Page) -> None:
        page.on("download", self._downloaded)

    def _downloaded(self, download: Download) -> None:
        self.downloads.append(download)

    def wait_for_download(self, timeout: float = SCREEN_TIMEOUT_S) -> Download:
        """The next download the browser makes, saved whole."""
        deadline = time.monotonic() + timeout
        while not self.downloads:
            if time.monotonic() > deadline:
                raise AssertionError("the browser downloaded nothing")
            self.context.pages[0].wait_for_timeout(50)
        download = self.downloads.pop(0)
        download.path()  # waits until the file is whole
        return download

    def _refuse(self, route: Route) -> None:
        self.elsewhere.append(route.request.url)
        route.abort()

    def new_tab(self) -> BrowserTab:
        """A new tab, not yet on any page."""
        return BrowserTab(self.context.new_page())


@contextmanager
def chromium(playwright: Playwright, profile: Path, downloads: Path) -> Iterator[Browser]:
    """Debian's Chromium, headless, on a profile folder of its own; closed at the end."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport=VIEWPORT,
        accept_downloads=True,
        downloads_path=str(downloads),
        timeout=START_TIMEOUT_S * 1000,
    )
    try:
        context.set_default_timeout(SCREEN_TIMEOUT_S * 1000)
        yield Browser(context)
    finally:
        context.close()
        # The profile folder holds the browser's caches; nothing of it is wanted after.
        shutil.rmtree(profile, ignore_errors=True)


def environment_for_serve(tmp_path: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test's own environment for the server and its tabs: data under ``tmp_path``."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("BFR_TUI_DB", "BFR_TUI_LIFTER", "BFR_TUI_SERVE_TOKEN")}
    environment["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    environment["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    environment["HOME"] = str(tmp_path / "home")
    environment.update(extra or {})
    return environment


def export_csv(log: Path, *args: str, environment: Mapping[str, str]) -> bytes:
    """``bfr-tui export`` of ``log`` as the bytes it writes to standard output."""
    run = subprocess.run(
        [sys.executable, "-m", "bfr_tui", "export", "--db", str(log), *args],
        capture_output=True, env=dict(environment), timeout=60, check=True,
    )
    return run.stdout

